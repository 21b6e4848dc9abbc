"""Screen layout: pages, the overview and section lists as themed HTML for the page view.

The HTML keeps to what ``QTextBrowser`` renders: tables with ``cellpadding``, spans with a
background colour, class selectors in one style sheet made by ``css()``.  Internal links
are ``sp://…``; copy buttons are ``copy:KIND/ID/FIELD[/N]`` links whose title says what
they copy.  No Qt here.
"""

from __future__ import annotations

from desktop.pages.model import (
    UNCONFIRMED,
    Badge,
    Block,
    Copy,
    External,
    Items,
    Link,
    Mark,
    Markup,
    Note,
    Numbers,
    Page,
    Panel,
    Rows,
    Run,
    Section,
    Text,
    dates_line,
    esc,
    fmt_date,
)
from desktop.pages.overview import Listing, Overview

# Colours of the page for each theme (the widgets' palette lives in ui/theme.py).
PAGE_COLOURS: dict[str, dict[str, str]] = {
    "light": {"text": "#1d2430", "bg": "#ffffff", "muted": "#5b6575", "link": "#0b57a4",
              "heading": "#14202e", "rule": "#d9dee5", "panel": "#f3f5f8",
              "warn_bg": "#fff4d6", "warn_fg": "#6b4700"},
    "dark": {"text": "#e3e7ee", "bg": "#1e2228", "muted": "#9aa4b2", "link": "#8cc4ff",
             "heading": "#ffffff", "rule": "#3a414c", "panel": "#272c34",
             "warn_bg": "#4a3b12", "warn_fg": "#ffe2a0"},
    "high-contrast": {"text": "#ffffff", "bg": "#000000", "muted": "#ffffff",
                      "link": "#ffff00", "heading": "#ffffff", "rule": "#ffffff",
                      "panel": "#000000", "warn_bg": "#ffff00", "warn_fg": "#000000"},
}
# Advisory levels 1-4 and route/contact statuses: (background, text).
LEVEL_COLOURS = {1: ("#2e7d32", "#ffffff"), 2: ("#f9a825", "#1d1d1d"),
                 3: ("#e65100", "#ffffff"), 4: ("#b71c1c", "#ffffff")}
STATUS_COLOURS = {"go": ("#2e7d32", "#ffffff"), "visa": ("#1d5fa8", "#ffffff"),
                  "open": ("#2e7d32", "#ffffff"), "operating": ("#2e7d32", "#ffffff"),
                  "restricted": ("#f9a825", "#1d1d1d"), "limited": ("#f9a825", "#1d1d1d"),
                  "unknown": ("#607080", "#ffffff"), "closed": ("#b71c1c", "#ffffff"),
                  "suspended": ("#b71c1c", "#ffffff"), "not-advised": ("#b71c1c", "#ffffff")}
STYLE_CLASSES = {"strong": "", "muted": "muted", "small": "muted small", "big": "big",
                 "huge": "huge", "local": "local", "italic": "", "": ""}


BODY_PT = 11.0  # body text size at 100 %


def css(theme: str = "light", scale: float = 1.0) -> str:
    """The page style sheet for a theme and font scale."""
    c = PAGE_COLOURS.get(theme, PAGE_COLOURS["light"])

    def pt(size: float) -> str:
        return f"{size * scale:.1f}pt"

    rules = [
        f"body {{ color: {c['text']}; background-color: {c['bg']}; "
        f"font-size: {pt(BODY_PT)}; }}",
        f"h1 {{ font-size: {pt(20)}; font-weight: 600; color: {c['heading']}; "
        "margin-top: 4px; margin-bottom: 2px; }",
        f"h2 {{ font-size: {pt(14)}; font-weight: 600; color: {c['heading']}; "
        "margin-top: 18px; margin-bottom: 6px; }",
        f"h3 {{ font-size: {pt(12)}; font-weight: 600; margin-top: 12px; margin-bottom: 4px; }}",
        "p { margin-top: 4px; margin-bottom: 6px; }",
        f"a {{ color: {c['link']}; text-decoration: none; }}",
        f".muted {{ color: {c['muted']}; }}",
        f".small {{ font-size: {pt(9.5)}; }}",
        f".lead {{ font-size: {pt(12.5)}; }}",
        f".big {{ font-size: {pt(18)}; font-weight: 600; white-space: nowrap; }}",
        f".huge {{ font-size: {pt(26)}; font-weight: 600; white-space: nowrap; }}",
        f".local {{ font-size: {pt(22)}; }}",
        f".dated {{ background-color: {c['warn_bg']}; color: {c['warn_fg']}; }}",
        f".unsure {{ background-color: {c['warn_bg']}; color: {c['warn_fg']}; "
        f"font-size: {pt(9.5)}; font-weight: 600; }}",
        f".panel {{ background-color: {c['panel']}; }}",
        f"td.rule {{ border-bottom: 1px solid {c['rule']}; }}",
        f".copy {{ font-size: {pt(9.5)}; font-weight: 600; }}",
    ]
    for key, (bg, fg) in [*((f"lvl{k}", v) for k, v in LEVEL_COLOURS.items()),
                          *((f"st-{k}", v) for k, v in STATUS_COLOURS.items())]:
        rules.append(f".{key} {{ background-color: {bg}; color: {fg}; font-weight: 600; }}")
    return "\n".join(rules)


# -- inline ------------------------------------------------------------------------------
def badge_html(badge: Badge) -> str:
    """A coloured label (non-breaking padding, since spans have no padding in Qt)."""
    tone = badge.tone if badge.tone.startswith("lvl") else f"st-{badge.tone}"
    return f"<span class='{tone}'>&nbsp;{esc(badge.text)}&nbsp;</span>"


def piece_html(piece: object) -> str:
    """One inline piece as HTML."""
    if isinstance(piece, Text):
        text = esc(piece.text)
        if piece.style == "strong":
            return f"<b>{text}</b>"
        if piece.style == "italic":
            return f"<i>{text}</i>"
        if piece.style == "note":
            return f"<br><span class='muted small'>{text}</span>"
        cls = STYLE_CLASSES.get(piece.style, "")
        return f"<span class='{cls}'>{text}</span>" if cls else text
    if isinstance(piece, Link):
        return f"<a href='{esc(piece.target)}'>{esc(piece.text)}</a>"
    if isinstance(piece, External):
        return f"<a href='{esc(piece.url)}'>{esc(piece.text)}</a>"
    if isinstance(piece, Badge):
        return badge_html(piece)
    if isinstance(piece, Copy):
        return (f"<a class='copy' href='copy:{esc(piece.path)}' "
                f"title='Copy {esc(piece.what)}'>[Copy]</a>")
    if isinstance(piece, Mark):
        return f"<span class='unsure'>&nbsp;{esc(piece.text)}&nbsp;</span>"
    raise TypeError(f"not an inline piece: {piece!r}")


def run_html(value: Run) -> str:
    """A run as HTML (pieces separated by spaces)."""
    return " ".join(piece_html(p) for p in value)


# -- blocks --------------------------------------------------------------------------
def block_html(block: Block) -> str:
    """One block as HTML."""
    if isinstance(block, Markup):
        return block.html
    if isinstance(block, Items):
        return "".join(f"<p>{run_html(item)}</p>" for item in block.items)
    if isinstance(block, Rows):
        head = ("<thead><tr>" + "".join(f"<th align='left'>{esc(h)}</th>" for h in block.header)
                + "</tr></thead>") if block.header else ""  # thead: a header row to readers
        body = "".join("<tr>" + "".join(f"<td class='rule' valign='top'>{run_html(c)}</td>"
                                        for c in row) + "</tr>" for row in block.rows)
        return f"<table cellpadding='5' cellspacing='0' width='100%'>{head}{body}</table>"
    if isinstance(block, Panel):
        caption = (f"<p class='muted small'>{esc(block.caption)}</p>" if block.caption
                   else "")
        lines = "<br>".join(run_html(line) for line in block.lines)
        return (f"{caption}<table cellpadding='10' width='100%'><tr><td class='panel'>"
                f"{lines}</td></tr></table>")
    if isinstance(block, Numbers):
        cells = "".join(
            f"<tr><td class='rule'><span class='huge'>{esc(n.number)}</span></td>"
            f"<td class='rule'>{esc(n.label)}"
            f"{' ' + piece_html(Mark(UNCONFIRMED)) if n.unsure else ''}<br>"
            f"{piece_html(Copy(n.path, f'{n.label.lower()} number {n.number}'))}</td></tr>"
            for n in block.numbers)
        return f"<table cellpadding='4' cellspacing='0' width='100%'>{cells}</table>"
    if isinstance(block, Note):
        heading = f"<b>{esc(block.heading)}</b> " if block.heading else ""
        return (f"<table width='100%' cellpadding='8' cellspacing='0'><tr><td class='dated'>"
                f"{heading}{esc(block.text)}</td></tr></table>")
    raise TypeError(f"not a block: {block!r}")


def section_html(section: Section) -> str:
    """A section: its heading and blocks."""
    heading = f"<h2>{esc(section.heading)}</h2>" if section.heading else ""
    return heading + "".join(block_html(b) for b in section.blocks)


def _heading(kicker: str, title: str, local: str = "") -> str:
    local_html = f" <span class='muted'>{esc(local)}</span>" if local else ""
    return (f"<p class='small muted'>{esc(kicker).upper()}</p>"
            f"<h1>{esc(title)}{local_html}</h1>")


def sources_html(page: Page) -> str:
    """Sources, the two dates, and a confidence badge when not verified."""
    rows = []
    for src in page.sources:
        title = esc(src.get("title") or src.get("id"))
        if src.get("url"):
            title = (f"<a href='{esc(src['url'])}'>{title}</a> "
                     f"<span class='muted small'>{esc(src['url'])}</span>")
        retrieved = (f" <span class='muted'>· retrieved {esc(src['retrieved_on'])}</span>"
                     if src.get("retrieved_on") else "")
        rows.append(f"<li>{esc(src.get('publisher', ''))} — {title}{retrieved}</li>")
    conf = "" if page.confidence == "verified" else " " + badge_html(
        Badge(f"{page.confidence.capitalize()} — not verified", "restricted"))
    dates = dates_line(page.as_of, page.checked_on)
    listing = f"<ul class='small'>{''.join(rows)}</ul>" if rows else ""
    return f"<h3>Sources</h3>{listing}<p class='small muted'>{esc(dates)}{conf}</p>"


def page_html(page: Page) -> str:
    """The body HTML of a record's page."""
    fields = "".join(f"<tr><td class='muted' valign='top' width='30%'>{esc(f.label)}</td>"
                     f"<td valign='top'>{run_html(f.value)}</td></tr>"
                     for f in page.fields if f.value)
    return "".join([
        _heading(page.kicker, page.title, page.local_title),
        f"<p class='lead'>{run_html(page.lead)}</p>" if page.lead else "",
        f"<table cellpadding='4' cellspacing='0'>{fields}</table>" if fields else "",
        block_html(page.dated) if page.dated else "",
        *(section_html(s) for s in page.sections),
        sources_html(page),
    ])


def overview_html(view: Overview, *, wide: bool = True) -> str:
    """The overview page: title, the content's age, then two columns when the page is
    wide enough, else one (notes first, then numbers and embassy, then the rest)."""
    age = (block_html(view.age) if view.age else
           f"<p class='small muted'>Offline reference · situation as of "
           f"{fmt_date(view.as_of)}</p>")
    head = f"{_heading('Overview', view.title)}{age}"
    if not wide:
        notes = [s for s in view.left if not s.heading]
        rest = [s for s in view.left if s.heading]
        return head + "".join(section_html(s) for s in [*notes, *view.right, *rest])
    left = "".join(section_html(s) for s in view.left)
    right = "".join(section_html(s) for s in view.right)
    return (f"{head}<table width='100%' cellspacing='0' cellpadding='0'><tr>"
            f"<td width='62%' valign='top'>{left}</td><td width='4%'></td>"
            f"<td width='34%' valign='top'>{right}</td></tr></table>")


def listing_html(listing: Listing) -> str:
    """A section index or the bookmarks page."""
    parts, group = [], ""
    for link, line, row_group in listing.rows:
        if row_group and row_group != group:
            parts.append(f"<tr><td><h2>{esc(row_group)}</h2></td></tr>")
            group = row_group
        parts.append(f"<tr><td class='rule'><b>{piece_html(link)}</b><br>{run_html(line)}"
                     "</td></tr>")
    rows = "".join(parts)
    body = (f"<table cellpadding='6' cellspacing='0' width='100%'>{rows}</table>" if rows
            else f"<p class='muted'>{esc(listing.empty)}</p>")
    return f"{_heading('Section', listing.title)}{body}"
