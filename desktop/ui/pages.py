"""Record -> HTML builders for the page view and for printing (pure strings, no Qt).

The HTML keeps to what ``QTextBrowser``/``QTextDocument`` render: tables with
``cellpadding``, spans with a background colour, class selectors in one style sheet made by
``css()``.  Internal links are ``sp://KIND/ID``; copy buttons are ``copy:KIND/ID/FIELD[/N]``.
``page_html(content, kind, id, passport=...)`` returns the body of one page;
``document_html(body, theme, scale)`` wraps it with its style sheet (printing reuses both).
"""

from __future__ import annotations

import datetime as dt
import html

from desktop.content import age_days
from desktop.content.schema import ISSUER_NAMES, KIND_LABELS, LEVEL_LABELS
from desktop.storage.content_db import ContentDB

# Colours of the page for each theme (the widgets' palette lives in theme.py).
PAGE_COLOURS: dict[str, dict[str, str]] = {
    "light": {"text": "#1d2430", "bg": "#ffffff", "muted": "#5b6575", "link": "#0b57a4",
              "heading": "#14202e", "rule": "#d9dee5", "panel": "#f3f5f8",
              "warn_bg": "#fff4d6", "warn_fg": "#6b4700", "mark": "#fff0a8"},
    "dark": {"text": "#e3e7ee", "bg": "#1e2228", "muted": "#9aa4b2", "link": "#8cc4ff",
             "heading": "#ffffff", "rule": "#3a414c", "panel": "#272c34",
             "warn_bg": "#4a3b12", "warn_fg": "#ffe2a0", "mark": "#5c4d12"},
    "high-contrast": {"text": "#ffffff", "bg": "#000000", "muted": "#ffffff",
                      "link": "#ffff00", "heading": "#ffffff", "rule": "#ffffff",
                      "panel": "#000000", "warn_bg": "#ffff00", "warn_fg": "#000000",
                      "mark": "#ffff00"},
}
# Advisory levels 1-4 and route/contact statuses: (background, text).
LEVEL_COLOURS = {1: ("#2e7d32", "#ffffff"), 2: ("#f9a825", "#1d1d1d"),
                 3: ("#e65100", "#ffffff"), 4: ("#b71c1c", "#ffffff")}
STATUS_COLOURS = {"open": ("#2e7d32", "#ffffff"), "operating": ("#2e7d32", "#ffffff"),
                  "restricted": ("#f9a825", "#1d1d1d"), "limited": ("#f9a825", "#1d1d1d"),
                  "unknown": ("#607080", "#ffffff"), "closed": ("#b71c1c", "#ffffff"),
                  "suspended": ("#b71c1c", "#ffffff"), "not-advised": ("#b71c1c", "#ffffff")}
VISA_TEXT = {"visa-free": "Visa-free", "visa-required": "Visa required", "e-visa": "e-Visa",
             "visa-on-arrival": "Visa on arrival", "no-entry": "No entry"}
MODE_TEXT = {"road": "Road", "rail": "Rail", "foot": "On foot", "ferry": "Ferry", "air": "Air"}


def esc(value: object) -> str:
    """HTML-escape any value ('' for None)."""
    return html.escape("" if value is None else str(value))


def css(theme: str = "light", scale: float = 1.0) -> str:
    """The page style sheet for a theme and font scale."""
    c = PAGE_COLOURS.get(theme, PAGE_COLOURS["light"])

    def pt(size: float) -> str:
        return f"{size * scale:.1f}pt"

    rules = [
        f"body {{ color: {c['text']}; background-color: {c['bg']}; font-size: {pt(11)}; }}",
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
        f".big {{ font-size: {pt(18)}; font-weight: 600; }}",
        f".huge {{ font-size: {pt(26)}; font-weight: 600; }}",
        f".local {{ font-size: {pt(22)}; }}",
        f".dated {{ background-color: {c['warn_bg']}; color: {c['warn_fg']}; }}",
        f".panel {{ background-color: {c['panel']}; }}",
        f"td.rule {{ border-bottom: 1px solid {c['rule']}; }}",
        f".copy {{ font-size: {pt(9.5)}; font-weight: 600; }}",
        f"b.hit {{ background-color: {c['mark']}; }}",
    ]
    for key, (bg, fg) in [*((f"lvl{k}", v) for k, v in LEVEL_COLOURS.items()),
                          *((f"st-{k}", v) for k, v in STATUS_COLOURS.items())]:
        rules.append(f".{key} {{ background-color: {bg}; color: {fg}; font-weight: 600; }}")
    return "\n".join(rules)


def document_html(body: str, theme: str = "light", scale: float = 1.0,
                  title: str = "") -> str:
    """A complete HTML document: style sheet + body (for printing or export)."""
    return (f"<html><head><meta charset='utf-8'><title>{esc(title)}</title>"
            f"<style>{css(theme, scale)}</style></head><body>{body}</body></html>")


# -- small pieces -------------------------------------------------------------------------
def fmt_date(iso: str | None) -> str:
    """'2022-09-27' -> '27 Sep 2022' (anything else unchanged)."""
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(str(iso)[:10])
        return f"{day.day} {day:%b %Y}"  # not %-d: Windows' strftime has no such flag
    except ValueError:
        return str(iso)


def age_text(days: int) -> str:
    """'3 days', '5 months', '4 years'."""
    if days >= 730:
        return f"{days // 365} years"
    if days >= 60:
        return f"{days // 30} months"
    return f"{days} day" + ("" if days == 1 else "s")


def badge(text: str, cls: str) -> str:
    """A coloured label (non-breaking padding, since spans have no padding in Qt)."""
    return f"<span class='{cls}'>&nbsp;{esc(text)}&nbsp;</span>"


def level_badge(level: int, text: str | None = None) -> str:
    """Advisory level 1-4, colour-coded."""
    return badge(text or f"Level {level} · {LEVEL_LABELS.get(level, '')}", f"lvl{level}")


def status_badge(status: str) -> str:
    """A route or contact status, colour-coded."""
    label = "Not advised" if status == "not-advised" else str(status).capitalize()
    return badge(label, f"st-{status}")


def link(kind: str, record_id: str, text: str) -> str:
    """An in-app link."""
    return f"<a href='sp://{kind}/{esc(record_id)}'>{esc(text)}</a>"


def copy_link(kind: str, record_id: str, field: str, index: int | None = None,
              label: str = "Copy") -> str:
    """A copy button (handled by the page view)."""
    tail = f"/{index}" if index is not None else ""
    return f"<a class='copy' href='copy:{kind}/{esc(record_id)}/{field}{tail}'>[{label}]</a>"


def entry_rule_text(rule: dict | None) -> str:
    """'Visa-free, 90 days' / 'Visa required' / 'No information for this passport'."""
    if not rule:
        return "No information for this passport"
    text = VISA_TEXT.get(rule.get("visa", ""), str(rule.get("visa", "")))
    if rule.get("visa") == "visa-free" and (rule.get("period") or rule.get("days")):
        text += f", {rule.get('period') or str(rule['days']) + ' days'}"
    return text


def dated_note(iso: str | None, stale_days: int, what: str = "This information",
               today: dt.date | None = None) -> str:
    """A visible note when a date is older than the staleness threshold ('' otherwise)."""
    days = age_days(iso, today)
    if days is None or days <= stale_days:
        return ""
    return (f"<table width='100%' cellpadding='6' cellspacing='0'><tr><td class='dated'>"
            f"<b>Dated reference.</b> {esc(what)} is from {fmt_date(iso)} "
            f"({age_text(days)} ago). Check official sources when you can."
            "</td></tr></table>")


def stale_days(content: ContentDB) -> int:
    """The content's staleness threshold in days."""
    try:
        return int(content.meta.get("stale_after_days", 30))
    except ValueError:
        return 30


def sources_html(record: dict) -> str:
    """Sources, verified date and a confidence badge when not verified."""
    rows = []
    for src in record.get("source_records", []):
        url = src.get("url")
        title = esc(src.get("title") or src.get("id"))
        if url:
            title = f"<a href='{esc(url)}'>{title}</a> <span class='muted small'>{esc(url)}</span>"
        retrieved = (f" <span class='muted'>· retrieved {fmt_date(src['retrieved_on'])}</span>"
                     if src.get("retrieved_on") else "")
        rows.append(f"<li>{esc(src.get('publisher', ''))} — {title}{retrieved}</li>")
    confidence = record.get("confidence") or "verified"
    conf = "" if confidence == "verified" else " " + badge(
        f"{confidence.capitalize()} — not verified", "st-restricted")
    verified = (f"<p class='small muted'>Checked on {fmt_date(record.get('checked_on'))}{conf}"
                "</p>" if record.get("checked_on") else "")
    listing = f"<ul class='small'>{''.join(rows)}</ul>" if rows else ""
    return f"<h3>Sources</h3>{listing}{verified}"


def facts_table(rows: list[tuple[str, str]]) -> str:
    """A two-column label/value table (values are HTML)."""
    body = "".join(f"<tr><td class='muted' valign='top' width='170'>{esc(k)}</td>"
                   f"<td valign='top'>{v}</td></tr>" for k, v in rows if v)
    return f"<table cellpadding='4' cellspacing='0'>{body}</table>"


def _heading(title: str, kind: str, local: str | None = None) -> str:
    local_html = f" <span class='muted'>{esc(local)}</span>" if local else ""
    return (f"<p class='small muted'>{esc(KIND_LABELS.get(kind, kind)).upper()}</p>"
            f"<h1>{esc(title)}{local_html}</h1>")


# -- one builder per kind ----------------------------------------------------------------
def country_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """A country: emergency numbers, advisories, routes out, notes."""
    numbers = "".join(
        f"<td align='center' class='panel' width='25%'><span class='huge'>{esc(r[key])}</span>"
        f"<br><span class='muted'>{label}</span><br>{copy_link('country', r['id'], key)}</td>"
        for key, label in (("emergency", "Emergency"), ("police", "Police"),
                           ("ambulance", "Ambulance"), ("fire", "Fire")) if r.get(key))
    adv = "".join(f"<tr><td>{level_badge(a['level'])}</td><td>"
                  f"{link('advisory', a['id'], ISSUER_NAMES.get(a['issuer'], a['issuer']))}"
                  f" <span class='muted'>· {fmt_date(a['issued_on'])}</span></td></tr>"
                  for a in r.get("advisories", []))
    routes = "".join(f"<li>{link('route', x['id'], x['name'])} {status_badge(x['status'])}</li>"
                     for x in content.list("route", from_country=r["id"]))
    return "".join([
        _heading(r.get("name") or r["id"], "country", r.get("name_local")),
        "<h2>Emergency numbers</h2>",
        f"<table cellpadding='8' cellspacing='4' width='100%'><tr>{numbers}</tr></table>",
        r.get("notes_html") or "",
        f"<h2>Advisories</h2><table cellpadding='4'>{adv}</table>" if adv else "",
        f"<h2>Exit routes</h2><ul>{routes}</ul>" if routes else "",
    ])


def advisory_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """One issuer's advisory."""
    issuer = ISSUER_NAMES.get(r["issuer"], r["issuer"])
    official = (f"<p>Official page: <a href='{esc(r['url'])}'>{esc(r['url'])}</a></p>"
                if r.get("url") else "")
    return "".join([
        _heading(content.title("advisory", r), "advisory"),
        f"<p>{level_badge(r['level'])} &nbsp;<b>{esc(issuer)}</b>: "
        f"{esc(r['issuer_level'])} — {esc(r['issuer_label'])}</p>",
        f"<p class='muted'>Issued {fmt_date(r['issued_on'])}"
        + (" · regional advice" if r.get("regional") else "") + "</p>",
        dated_note(r["issued_on"], stale_days(content), "This advisory"),
        f"<div class='lead'>{r.get('summary_html') or ''}</div>",
        r.get("body_html") or "", official,
    ])


def route_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """An exit route with every passport's entry rule (the user's first)."""
    status = status_badge(r["status"]) + (
        " " + status_badge("not-advised") if r.get("advice") == "not-advised" else "")
    rules = sorted(r.get("entry_rules", []), key=lambda e: (e["passport"] != passport,
                                                            e["passport"]))
    rule_rows = "".join(
        f"<tr><td>{'<b>' if e['passport'] == passport else ''}{esc(e['passport'])}"
        f"{' (you)</b>' if e['passport'] == passport else ''}</td>"
        f"<td>{link('entry_rule', e['id'], entry_rule_text(e))}</td></tr>" for e in rules)
    mine = (f"<p class='lead'>Your passport ({esc(passport)}): "
            f"<b>{esc(entry_rule_text(next((e for e in rules if e['passport'] == passport), None)))}"
            "</b></p>") if passport else ""
    facts = facts_table([
        ("From → to", f"{link('country', r['from_country'], content.country_name(r['from_country']))}"
                      f" → {link('country', r['to_country'], content.country_name(r['to_country']))}"),
        ("Mode", esc(MODE_TEXT.get(r["mode"], r["mode"]))),
        ("Status", f"{status} <span class='muted'>as of {fmt_date(r['status_as_of'])}</span>"),
        ("Hours", esc(r.get("hours"))),
        ("Typical wait", esc(r.get("typical_wait"))),
        ("Also called", esc(", ".join(r.get("aliases") or []))),
        ("Coordinates", f"{r['lat']:.4f}, {r['lon']:.4f}"),
    ])
    return "".join([
        _heading(r["name"], "route", r.get("name_local")), mine, facts,
        dated_note(r["status_as_of"], stale_days(content), "This status"),
        f"<h2>Who may pass</h2>{r['who_may_pass_html']}" if r.get("who_may_pass_html") else "",
        f"<h2>Notes</h2>{r['notes_html']}" if r.get("notes_html") else "",
        f"<h2>Entry rules</h2><table cellpadding='4'>{rule_rows}</table>" if rule_rows else "",
    ])


def entry_rule_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """Entry into a destination with one passport."""
    return "".join([
        _heading(content.title("entry_rule", r), "entry_rule"),
        f"<p class='big'>{esc(entry_rule_text(r))}</p>",
        facts_table([("Destination", link("country", r["destination"],
                                          content.country_name(r["destination"]))),
                     ("Passport", esc(r["passport"]))]),
        f"<h2>Documents</h2>{r['documents_html']}" if r.get("documents_html") else "",
        f"<h2>Notes</h2>{r['notes_html']}" if r.get("notes_html") else "",
    ])


def contact_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """A contact: phones and addresses with copy buttons, the local address large."""
    phones = "".join(
        f"<tr><td><span class='big'>{esc(p['display'])}</span></td>"
        f"<td>{copy_link('contact', r['id'], 'phone', i)}</td>"
        f"<td class='muted'>{esc(p.get('label'))}</td></tr>"
        for i, p in enumerate(r.get("phones") or []))
    status = status_badge(r["status"]) + (
        f" <span class='muted'>as of {fmt_date(r['status_as_of'])}</span>"
        if r.get("status_as_of") else "")
    parts = [_heading(r["name"], "contact"),
             f"<p>{status} &nbsp;<span class='muted'>{esc(r['kind'].capitalize())}"
             f"{' · ' + esc(r['city']) if r.get('city') else ''}"
             f"{' · serves ' + esc(', '.join(r['serves'])) if r.get('serves') else ''}</span></p>",
             f"<h2>Phone</h2><table cellpadding='4'>{phones}</table>" if phones else ""]
    if r.get("address") or r.get("address_local"):
        parts.append("<h2>Address</h2>")
        if r.get("address_local"):
            parts.append("<p class='muted small'>Show this to a driver:</p>"
                         f"<table cellpadding='10' width='100%'><tr><td class='panel'>"
                         f"<span class='local'>{esc(r['address_local'])}</span><br>"
                         f"{copy_link('contact', r['id'], 'address_local')}</td></tr></table>")
        if r.get("address"):
            parts.append(f"<p>{esc(r['address'])} {copy_link('contact', r['id'], 'address')}</p>")
    email = f"<a href='mailto:{esc(r['email'])}'>{esc(r['email'])}</a>" if r.get("email") else ""
    web = f"<a href='{esc(r['website'])}'>{esc(r['website'])}</a>" if r.get("website") else ""
    parts.append(facts_table([("Email", email), ("Website", web), ("Hours", esc(r.get("hours")))]))
    parts.append(f"<h2>Notes</h2>{r['notes_html']}" if r.get("notes_html") else "")
    return "".join(parts)


def guide_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """A guide article."""
    tags = (f"<p class='small muted'>Topics: {esc(', '.join(r['tags']))}</p>"
            if r.get("tags") else "")
    return "".join([_heading(r["title"], "guide"),
                    f"<div class='lead'>{r.get('summary_html') or ''}</div>",
                    r.get("body_html") or "", tags])


def checklist_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """A checklist as a read-only list (the interactive view is ChecklistView)."""
    items = "".join(
        f"<tr><td valign='top' class='big'>☐</td><td valign='top'><b>{esc(i['text'])}</b>"
        f"{' ' + badge('Important', 'st-closed') if i.get('priority') == 'high' else ''}"
        f"{i.get('detail_html') or ''}</td></tr>" for i in r.get("items", []))
    return "".join([_heading(r["title"], "checklist"), r.get("summary_html") or "",
                    f"<table cellpadding='4'>{items}</table>"])


def phrase_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """A phrase: English, local script (large), transliteration."""
    return "".join([
        _heading(r["english"], "phrase"),
        f"<table cellpadding='12' width='100%'><tr><td class='panel'>"
        f"<span class='local'>{esc(r['local'])}</span><br>"
        f"<span class='lead muted'><i>{esc(r['translit'])}</i></span><br>"
        f"{copy_link('phrase', r['id'], 'local')}</td></tr></table>",
        f"<p class='muted'>Language: {esc(r['language'])} · {esc(r['category'])}</p>",
    ])


def city_html(content: ContentDB, r: dict, passport: str | None) -> str:
    """A city (a starting point for the route planner)."""
    return "".join([
        _heading(r["name"], "city", r.get("name_local")),
        facts_table([("Country", link("country", r["country"],
                                      content.country_name(r["country"]))),
                     ("Coordinates", f"{r['lat']:.4f}, {r['lon']:.4f}")]),
        f"<p><a href='sp://planner/{esc(r['id'])}'>Plan a way out from {esc(r['name'])}</a></p>",
    ])


BUILDERS = {"country": country_html, "advisory": advisory_html, "route": route_html,
            "entry_rule": entry_rule_html, "contact": contact_html, "guide": guide_html,
            "checklist": checklist_html, "phrase": phrase_html, "city": city_html}


def record_html(content: ContentDB, kind: str, record: dict, *,
                passport: str | None = None) -> str:
    """The body of a page for an already-loaded record."""
    return BUILDERS[kind](content, record, passport) + sources_html(record)


def page_html(content: ContentDB, kind: str, record_id: str, *,
              passport: str | None = None) -> str:
    """The body HTML of the page for one record (raises NotFoundError)."""
    return record_html(content, kind, content.get(kind, record_id), passport=passport)
