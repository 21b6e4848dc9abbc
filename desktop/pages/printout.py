"""Print layouts of pages and checklists: HTML in the subset QTextDocument lays out
(tables with attributes, class rules from ``printing.render.print_css``), black on white,
links as plain text, no copy buttons.  No Qt here; ``printing.render`` paginates.

Tick boxes are drawn as small bordered table cells (empty, or holding a tick) so they print
the same with any font.  Every document says when it was printed, the content version, the
situation date and when the sources were checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import unescape

from desktop.errors import UserFacingError
from desktop.pages.model import (
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
    passports_text,
)
from desktop.pages.overview import Overview
from desktop.pages.records import page_for
from desktop.storage.content_db import ContentDB

OFFLINE_NOTE = "Offline reference — check official sources when you can."
TICK = "✓"
SPACER = "sp-spacer.png"  # a transparent image the renderer provides
PRINT_STYLES = {"strong": "b", "big": "big", "huge": "num", "local": "local",
                "small": "small", "muted": "small", "italic": "i", "": ""}


def html_title(markup: str) -> str:
    """The text of a print document's <title> (unescaped)."""
    start, end = markup.find("<title>"), markup.find("</title>")
    return unescape(markup[start + 7:end]) if 0 <= start < end else ""


def today_text(printed_on: dt.date | None) -> str:
    """The print date as ISO text."""
    return (printed_on or dt.date.today()).isoformat()


def document(title: str, body: str, *, max_pages: int | None = None, head: str = "") -> str:
    """A print document; ``max_pages`` asks the renderer to fit it on that many pages;
    ``head`` adds the app's own ``<meta>`` lines (a map to draw: ``maptext.map_meta``)."""
    limit = f'<meta name="sp-max-pages" content="{max_pages}">' if max_pages else ""
    return (f"<html><head><meta charset=\"utf-8\">{limit}{head}<title>{esc(title)}</title>"
            f"</head><body>{body}</body></html>")


def header(kicker: str, title: str, subtitle_html: str = "") -> str:
    """Kicker line, title and an optional summary."""
    # Upper-case Latin only: Georgian capitals (Mtavruli) are missing from most fonts.
    label = "".join(ch.upper() if ch.isascii() else ch for ch in kicker)
    out = f'<p class="kicker">{esc(label)}</p><h1>{esc(title)}</h1>'
    if subtitle_html:
        out += f'<div class="summary">{subtitle_html}</div>'
    return out


def rule() -> str:
    """A thin horizontal rule."""
    return ('<table width="100%" cellspacing="0" cellpadding="0" style="margin-top: 6px; '
            'margin-bottom: 6px;"><tr><td style="border-bottom: 1px solid #888888;" '
            'height="1"></td></tr></table>')


def content_line(meta: dict, printed_on: dt.date | None, *extra: str) -> str:
    """'Printed … · <content> version … · content as of …'."""
    parts = [f"Printed {today_text(printed_on)}",
             f"{meta.get('content_name', 'Safe Passage content')} "
             f"version {meta.get('content_version', '?')}",
             f"content as of {meta.get('content_as_of', '?')}", *extra]
    return " · ".join(esc(p) for p in parts if p)


def sources_html(records: list[dict]) -> str:
    """The sources a document relies on, one per line."""
    rows = []
    for source in records:
        text = " — ".join(p for p in (source.get("publisher"), source.get("title")) if p)
        bits = [esc(text)]
        if source.get("retrieved_on"):
            bits.append(f"retrieved {esc(source['retrieved_on'])}")
        if source.get("url"):
            bits.append(esc(source["url"]))
        rows.append("; ".join(bits))
    if not rows:
        return ""
    label = "Source" if len(rows) == 1 else "Sources"
    return f'<p class="small"><b>{label}:</b> ' + "<br>".join(rows) + "</p>"


def footer(meta: dict, printed_on: dt.date | None, sources: list[dict] | None = None,
           *extra: str) -> str:
    """Rule, sources, the content line and the offline note."""
    return (rule() + sources_html(sources or [])
            + f'<p class="small">{content_line(meta, printed_on, *extra)}</p>'
            + f'<p class="small"><b>{esc(OFFLINE_NOTE)}</b></p>')


# -- runs and blocks ----------------------------------------------------------------------
def piece_html(piece: object) -> str:
    """One inline piece for paper: links as text, badges in capitals, no copy buttons."""
    if isinstance(piece, Text):
        if piece.style == "note":
            return f'<br><span class="small">{esc(piece.text)}</span>'
        tag = PRINT_STYLES.get(piece.style, "")
        if tag in ("b", "i"):
            return f"<{tag}>{esc(piece.text)}</{tag}>"
        return f'<span class="{tag}">{esc(piece.text)}</span>' if tag else esc(piece.text)
    if isinstance(piece, Link | External):
        return esc(piece.text)
    if isinstance(piece, Badge):
        return f"<b>{esc(piece.text.upper())}</b>"
    if isinstance(piece, Mark):
        return f"<b>[{esc(piece.text.upper())}]</b>"
    if isinstance(piece, Copy):
        return ""
    raise TypeError(f"not an inline piece: {piece!r}")


def run_html(value: Run) -> str:
    """A run for paper."""
    return " ".join(h for h in (piece_html(p) for p in value) if h)


def block_html(block: Block) -> str:
    """One block for paper."""
    if isinstance(block, Markup):
        return block.html
    if isinstance(block, Items):
        return "".join(f"<p>{run_html(item)}</p>" for item in block.items)
    if isinstance(block, Rows):
        return ('<table cellspacing="0" cellpadding="0">' + "".join(
            "<tr>" + "".join(f'<td valign="top" style="padding: 2px 8px 2px 0px;">'
                             f"{run_html(cell)}</td>" for cell in row) + "</tr>"
            for row in block.rows) + "</table>")
    if isinstance(block, Panel):
        return "".join(f"<p>{run_html(line)}</p>" for line in block.lines if run_html(line))
    if isinstance(block, Numbers):
        return numbers_row(block)
    if isinstance(block, Note):
        return f'<p class="small"><b>{esc(block.heading)}</b> {esc(block.text)}</p>'
    raise TypeError(f"not a block: {block!r}")


def numbers_row(block: Numbers) -> str:
    """Emergency numbers in boxes across the page."""
    tds = "".join(
        f'<td align="center" style="border: 1px solid #333333; padding: 4px 6px;">'
        f'<span class="label">{esc(n.label)}</span><br><span class="num">{esc(n.number)}</span>'
        + ('<br><b class="tag">[UNCONFIRMED]</b>' if n.unsure else "")
        + "</td>" for n in block.numbers)
    return (f'<table width="100%" cellspacing="0" cellpadding="0" '
            f'style="border-collapse: collapse;"><tr>{tds}</tr></table>')


def section_html(section: Section) -> str:
    """A section for paper."""
    heading = f"<h2>{esc(section.heading)}</h2>" if section.heading else ""
    return heading + "".join(block_html(b) for b in section.blocks)


def fields_table(page: Page) -> str:
    """The page's labelled values as a two-column table."""
    rows = "".join(
        f'<tr><td width="24%" valign="top" style="padding: 2px 8px 2px 0px;">'
        f'<span class="label">{esc(f.label)}</span></td>'
        f'<td valign="top" style="padding: 2px 0px;"><span class="value">'
        f"{run_html(f.value)}</span></td></tr>" for f in page.fields if f.value)
    return (f'<table width="100%" cellspacing="0" cellpadding="0">{rows}</table>'
            if rows else "")


def meta_line(page: Page, printed_on: dt.date | None) -> str:
    """'Situation as of … · sources checked on … · confidence … · printed …'."""
    parts = [dates_line(page.as_of, page.checked_on),
             f"confidence: {page.confidence}" if page.confidence != "verified" else "",
             f"printed {today_text(printed_on)}"]
    return '<p class="meta">' + esc(" · ".join(p for p in parts if p)) + "</p>"


def page_html(page: Page, meta: dict, *, printed_on: dt.date | None = None,
              map_html: tuple[str, str] = ("", "")) -> str:
    """A record's page for paper; ``map_html``: a map panel after the fields and the
    ``<meta>`` that describes it (``route_map``)."""
    out = header(page.kicker, page.title + (f" ({page.local_title})" if page.local_title
                                            else ""))
    out += meta_line(page, printed_on) + rule()
    if page.lead:
        out += f'<p class="summary">{run_html(page.lead)}</p>'
    out += fields_table(page)
    if page.dated:
        out += block_html(page.dated)
    out += map_html[0]
    out += "".join(section_html(s) for s in page.sections)
    out += footer(meta, printed_on, page.sources)
    return document(page.title, out, head=map_html[1])


def overview_html(view: Overview, meta: dict, *, printed_on: dt.date | None = None) -> str:
    """The overview for paper, one column."""
    out = header("Overview", view.title)
    if view.age:
        out += block_html(view.age)
    out += rule() + "".join(section_html(s) for s in [*view.left, *view.right])
    out += footer(meta, printed_on)
    return document(f"Overview — {view.title}", out)


def page_document_html(content: ContentDB, kind: str, record_id: str, passports: Sequence[str] = (),
                       *, printed_on: dt.date | None = None, city: str = "") -> str:
    """Any record's page as print HTML (a checklist prints as a blank checklist); a
    route's page has a map of it from the traveller's ``city``."""
    from desktop.pages.checklist import checklist_html

    if kind == "checklist":
        return checklist_html(content, None, record_id, printed_on=printed_on)
    page = page_for(content, kind, record_id, passports)
    panel = route_map(content, record_id, city, passports) if kind == "route" else ("", "")
    return page_html(page, content.meta, printed_on=printed_on, map_html=panel)


def route_map(content: ContentDB, route_id: str, city_id: str,
              passports: Sequence[str]) -> tuple[str, str]:
    """(panel, meta) of a route page's map: the route and the traveller's city (the
    planner's fallback city), or nothing when the city is in another country."""
    from desktop.pages.maptext import map_meta, map_panel
    from desktop.planner import pick_city

    route = content.get("route", route_id)
    city = pick_city(content, city_id, route["from_country"])
    if city is None or city["country"] != route["from_country"]:
        return "", ""
    model = _map_model(content, city["id"], passports)
    if model is None:
        return "", ""
    return (map_panel(model, heading=f"On the map, from {city['name']}"),
            map_meta(model, route_ids=[route_id]))


def _map_model(content: ContentDB, city_id: str, passports: Sequence[str]):
    """The map model of a city, or None when the boundaries cannot be read (the
    printout then goes without its map rather than failing)."""
    from desktop.geo.mapmodel import map_model

    try:
        return map_model(content, city_id, list(passports))
    except UserFacingError:  # no boundaries to read, no city to centre on
        return None


def planner_html(content: ContentDB, city: dict, passports: Sequence[str], *,
                 printed_on: dt.date | None = None) -> str:
    """The route planner's table for paper."""
    from desktop.pages.overview import plan_table

    table = plan_table(content, city, passports)
    head = "".join(f"<th align='left'>{esc(h)}</th>" for h in table.header)
    rows = "".join("<tr>" + "".join(f'<td valign="top" style="padding: 3px 6px 3px 0px; '
                                    f'border-bottom: 0.5px solid #aaaaaa;">{run_html(c)}</td>'
                                    for c in row) + "</tr>" for row in table.rows)
    out = header("Route planner", f"Ways out from {city['name']}")
    out += (f'<p class="meta">For {esc(passports_text(passports))} · the ways '
            "you can take first, then the nearest (straight-line distance) · closed, "
            "not-advised or no-entry routes last · "
            f"printed {today_text(printed_on)}</p>" + rule())
    model = _map_model(content, city["id"], passports)
    meta = ""
    if model is not None:  # the map first: people under stress read a map faster
        from desktop.pages.maptext import map_meta, map_panel

        out += map_panel(model, heading="On the map")
        meta = map_meta(model)
    out += (f'<h2>Every way out, in order</h2><table width="100%" cellspacing="0" '
            f'cellpadding="0"><tr>{head}</tr>{rows}</table>')
    out += footer(content.meta, printed_on)
    return document(f"Route planner — {city['name']}", out, head=meta)
