"""Print HTML for checklists, any page, the contact sheet and the wallet card.

Pure functions (no Qt): they read the content and user databases and return HTML in the
subset QTextDocument lays out (tables with attributes, class style rules from
``render.print_css``, no flex or grid).  Every piece of text from the databases is
escaped; only the Markdown HTML rendered at build time is inserted as it is.

Tick boxes are drawn as small bordered table cells (empty, or holding a tick) so they
print the same with any font.
"""

from __future__ import annotations

import datetime as dt
from html import escape, unescape

from desktop.content.schema import ISSUER_NAMES, KIND_LABELS, LEVEL_LABELS
from desktop.planner import card_contents, contacts_for

OFFLINE_NOTE = "Offline reference — check official sources when you can."
TICK = "✓"
SPACER = "sp-spacer.png"  # a transparent image the renderer provides
STATUS_LABELS = {"operating": "OPERATING", "limited": "LIMITED SERVICES",
                 "suspended": "SUSPENDED", "closed": "CLOSED"}
VISA_LABELS = {"visa-free": "Visa-free", "visa-required": "Visa required",
               "e-visa": "e-Visa", "visa-on-arrival": "Visa on arrival",
               "no-entry": "No entry"}


def e(value: object) -> str:
    """Escaped text ('' for None)."""
    return escape("" if value is None else str(value))


def html_title(markup: str) -> str:
    """The text of a print document's <title> (unescaped)."""
    start, end = markup.find("<title>"), markup.find("</title>")
    return unescape(markup[start + 7:end]) if 0 <= start < end else ""


def _today(printed_on: dt.date | None) -> str:
    return (printed_on or dt.date.today()).isoformat()


def _doc(title: str, body: str, *, max_pages: int | None = None) -> str:
    limit = f'<meta name="sp-max-pages" content="{max_pages}">' if max_pages else ""
    return (f"<html><head><meta charset=\"utf-8\">{limit}<title>{e(title)}</title></head>"
            f"<body>{body}</body></html>")


def _header(kicker: str, title: str, subtitle_html: str = "") -> str:
    # Upper-case Latin only: Georgian capitals (Mtavruli) are missing from most fonts.
    label = "".join(ch.upper() if ch.isascii() else ch for ch in kicker)
    out = f'<p class="kicker">{e(label)}</p><h1>{e(title)}</h1>'
    if subtitle_html:
        out += f'<div class="summary">{subtitle_html}</div>'
    return out


def _rule() -> str:
    return ('<table width="100%" cellspacing="0" cellpadding="0" style="margin-top: 6px; '
            'margin-bottom: 6px;"><tr><td style="border-bottom: 1px solid #888888;" '
            'height="1"></td></tr></table>')


def _content_line(content, printed_on: dt.date | None, *extra: str) -> str:
    meta = content.meta
    parts = [f"Printed {_today(printed_on)}",
             f"{meta.get('content_name', 'Safe Passage content')} "
             f"version {meta.get('content_version', '?')}",
             f"content as of {meta.get('content_as_of', '?')}", *extra]
    return " · ".join(e(p) for p in parts if p)


def _sources_html(records: list[dict]) -> str:
    rows = []
    for source in records:
        text = " — ".join(p for p in (source.get("publisher"), source.get("title")) if p)
        bits = [e(text)]
        if source.get("retrieved_on"):
            bits.append(f"retrieved {e(source['retrieved_on'])}")
        if source.get("url"):
            bits.append(e(source["url"]))
        rows.append("; ".join(bits))
    if not rows:
        return ""
    label = "Source" if len(rows) == 1 else "Sources"
    return (f'<p class="small"><b>{label}:</b> ' + "<br>".join(rows) + "</p>")


def _footer(content, printed_on: dt.date | None, sources: list[dict] | None = None,
            *extra: str) -> str:
    return (_rule() + _sources_html(sources or [])
            + f'<p class="small">{_content_line(content, printed_on, *extra)}</p>'
            + f'<p class="small"><b>{e(OFFLINE_NOTE)}</b></p>')


# -- checklist ------------------------------------------------------------------------
def _box(ticked: bool) -> str:
    """A drawn tick box: a bordered 1-cell table, empty or holding a tick."""
    mark = f'<span class="mark">{TICK}</span>' if ticked else "&nbsp;"
    return ('<table cellspacing="0" cellpadding="0" width="15" '
            'style="border-collapse: collapse;"><tr>'
            '<td width="15" height="15" align="center" valign="middle" '
            'style="border: 1.2px solid #222222;">'
            f"{mark}</td></tr></table>")


def _item_row(text: str, detail: str, ticked: bool, *, high: bool = False,
              tag: str = "") -> str:
    cls = "item-high" if high else "item"
    tag_html = f' &nbsp;<span class="tag">{e(tag)}</span>' if tag else ""
    detail_html = f'<p class="detail">{e(detail)}</p>' if detail else ""
    return ('<tr><td width="24" valign="top" style="padding-top: 5px; padding-bottom: 5px;">'
            f"{_box(ticked)}</td>"
            '<td valign="top" style="padding-top: 5px; padding-bottom: 5px; '
            'border-bottom: 0.5px solid #bbbbbb;">'
            f'<p class="{cls}">{e(text)}{tag_html}</p>{detail_html}</td></tr>')


def _items_table(rows: list[str]) -> str:
    return ('<table width="100%" cellspacing="0" cellpadding="0" '
            'style="border-collapse: collapse;">' + "".join(rows) + "</table>")


def checklist_html(content, user, checklist_id: str, settings=None, *,
                   printed_on: dt.date | None = None) -> str:
    """A checklist to print: empty boxes for what is left, ticks for what is done.

    ``user`` may be None (a blank copy).  The user's own items follow, marked as theirs.
    """
    record = content.get("checklist", checklist_id)
    checked = user.checked(checklist_id) if user is not None else set()
    own = user.own_items(checklist_id) if user is not None else []
    items = record.get("items", [])
    rows = []
    for item in items:
        ticked = item["item_id"] in checked
        rows.append(_item_row(item["text"], item.get("detail_text", ""), ticked,
                              high=item.get("priority") == "high",
                              tag="IMPORTANT" if item.get("priority") == "high" else ""))
    own_rows = [_item_row(o["text"], o.get("detail") or "", bool(o["checked"]),
                          tag="YOUR ITEM") for o in own]
    total = len(items) + len(own)
    done = sum(1 for i in items if i["item_id"] in checked) + sum(1 for o in own
                                                                 if o["checked"])
    country = record.get("country")
    kicker = "Checklist" + (f" · {content.country_name(country)}" if country else "")
    body = _header(kicker, record["title"], record.get("summary_html", ""))
    status = (f"{done} of {total} done" if user is not None else f"{total} items")
    body += (f'<p class="meta">{e(status)} · verified {e(record.get("checked_on", "?"))}'
             f" · printed {_today(printed_on)}</p>")
    body += _rule()
    body += _items_table(rows)
    if own_rows:
        body += "<h3>Your own items</h3>" + _items_table(own_rows)
    body += ('<p class="label" style="margin-top: 10px;">Notes</p>'
             '<table width="100%" cellspacing="0" cellpadding="0">'
             + '<tr><td style="border-bottom: 0.5px solid #999999; padding-top: 14px;">'
               "&nbsp;</td></tr>" * 2 + "</table>")
    body += _footer(content, printed_on, record.get("source_records"),
                    f"checklist verified {record.get('checked_on', '?')}")
    return _doc(record["title"], body)


# -- any page -------------------------------------------------------------------------
def _fields_table(fields: list[tuple[str, str]]) -> str:
    rows = "".join(
        f'<tr><td width="24%" valign="top" style="padding: 2px 8px 2px 0px;">'
        f'<span class="label">{e(label)}</span></td>'
        f'<td valign="top" style="padding: 2px 0px;"><span class="value">{value}</span>'
        f"</td></tr>" for label, value in fields if value)
    return (f'<table width="100%" cellspacing="0" cellpadding="0">{rows}</table>'
            if rows else "")


def _phones(phones: list[dict]) -> str:
    return "<br>".join(f"<b>{e(p.get('display'))}</b>"
                       + (f" — {e(p['label'])}" if p.get("label") else "")
                       for p in phones or [])


def _section(title: str, markup: str) -> str:
    return f"<h2>{e(title)}</h2>{markup}" if markup else ""


def _page_parts(content, kind: str, r: dict, settings) -> tuple[str, str, list, str, str]:
    """(kicker, title, fields, body html, as-of text) for one record."""
    name = content.country_name
    fields: list[tuple[str, str]] = []
    body = ""
    as_of = ""
    title = content.title(kind, r)
    kicker = KIND_LABELS.get(kind, kind)
    if kind == "country":
        fields = [("Local name", e(r.get("name_local"))),
                  ("Emergency", f"<b>{e(r.get('emergency'))}</b>"),
                  ("Police", e(r.get("police"))), ("Ambulance", e(r.get("ambulance"))),
                  ("Fire", e(r.get("fire")))]
        body = _section("Notes", r.get("notes_html", ""))
        advisories = "".join(
            f"<li><b>{e(ISSUER_NAMES.get(a['issuer'], a['issuer']))}</b>: "
            f"{e(a['issuer_label'])} (level {e(a['level'])}, issued {e(a['issued_on'])})</li>"
            for a in r.get("advisories", []))
        body += _section("Travel advice", f"<ul>{advisories}</ul>" if advisories else "")
    elif kind == "advisory":
        kicker = f"Travel advice · {name(r['country'])}"
        fields = [("Issued by", e(ISSUER_NAMES.get(r["issuer"], r["issuer"]))),
                  ("Level", f"<b>{e(r['issuer_label'])}</b> ({e(r['issuer_level'])}; "
                            f"{e(LEVEL_LABELS.get(r['level'], ''))})"),
                  ("Issued on", e(r.get("issued_on"))), ("Web", e(r.get("url")))]
        body = _section("Summary", r.get("summary_html", "")) + _section(
            "Details", r.get("body_html", ""))
        as_of = f"issued {r.get('issued_on')}"
    elif kind == "route":
        kicker = f"Exit route · {name(r['from_country'])} → {name(r['to_country'])}"
        advice = " — not advised" if r.get("advice") == "not-advised" else ""
        fields = [("Local name", e(r.get("name_local"))),
                  ("Status", f"<b>{e(r['status'].upper())}</b>{e(advice)} "
                             f"(as of {e(r.get('status_as_of'))})"),
                  ("Mode", e(r.get("mode"))), ("Hours", e(r.get("hours"))),
                  ("Typical wait", e(r.get("typical_wait"))),
                  ("Position", e(f"{r.get('lat')}, {r.get('lon')}"))]
        body = _section("Who may pass", r.get("who_may_pass_html", "")) + _section(
            "Notes", r.get("notes_html", ""))
        rules = sorted(r.get("entry_rules", []),
                       key=lambda x: (x["passport"] != getattr(settings, "passport", ""),
                                      x["passport"]))
        if rules:
            rows = "".join(
                f"<tr><td style=\"padding: 2px 8px 2px 0px;\">{e(name(x['passport']))}</td>"
                f"<td style=\"padding: 2px 8px;\"><b>{e(VISA_LABELS.get(x['visa'], x['visa']))}"
                f"</b></td><td style=\"padding: 2px 0px;\">"
                f"{e(x.get('period') or (str(x['days']) + ' days' if x.get('days') else ''))}"
                f"</td></tr>" for x in rules)
            body += _section(f"Entering {name(r['to_country'])}",
                             f'<table cellspacing="0" cellpadding="0">{rows}</table>')
        as_of = f"status as of {r.get('status_as_of')}"
    elif kind == "entry_rule":
        kicker = f"Entry rule · {name(r['destination'])}"
        fields = [("Destination", e(name(r["destination"]))),
                  ("Passport", e(name(r["passport"]))),
                  ("Visa", f"<b>{e(VISA_LABELS.get(r['visa'], r['visa']))}</b>"),
                  ("Stay", e(r.get("period") or (f"{r['days']} days" if r.get("days")
                                                else "")))]
        body = _section("Documents", r.get("documents_html", "")) + _section(
            "Notes", r.get("notes_html", ""))
    elif kind == "contact":
        kicker = f"{r['kind'].capitalize()} · {name(r['country'])}"
        fields = [("Status", f"<b>{e(STATUS_LABELS.get(r['status'], r['status']))}</b>"
                             + (f" (as of {e(r['status_as_of'])})"
                                if r.get("status_as_of") else "")),
                  ("Phone", _phones(r.get("phones", []))),
                  ("Address", e(r.get("address"))),
                  ("Local address", e(r.get("address_local"))),
                  ("City", e(r.get("city"))), ("Hours", e(r.get("hours"))),
                  ("Email", e(r.get("email"))), ("Web", e(r.get("website"))),
                  ("Serves", e(", ".join(name(c) for c in r.get("serves") or [])))]
        body = _section("Notes", r.get("notes_html", ""))
        as_of = f"status as of {r['status_as_of']}" if r.get("status_as_of") else ""
    elif kind == "guide":
        kicker = "Guide" + (f" · {name(r['country'])}" if r.get("country") else "")
        body = (f'<div class="summary">{r.get("summary_html", "")}</div>'
                + r.get("body_html", ""))
    elif kind == "phrase":
        kicker = f"Phrase · {r.get('category', '')}"
        fields = [("English", f"<b>{e(r['english'])}</b>"),
                  ("Local", f'<span class="big">{e(r["local"])}</span>'),
                  ("Say it", e(r.get("translit"))), ("Language", e(r.get("language")))]
    elif kind == "city":
        fields = [("Local name", e(r.get("name_local"))), ("Country", e(name(r["country"]))),
                  ("Position", e(f"{r.get('lat')}, {r.get('lon')}"))]
    return kicker, title, fields, body, as_of


def page_document_html(content, kind: str, record_id: str, settings=None, *,
                       printed_on: dt.date | None = None) -> str:
    """Any page as print HTML: title, key fields, body, sources and as-of dates."""
    if kind == "checklist":
        return checklist_html(content, None, record_id, settings, printed_on=printed_on)
    record = content.get(kind, record_id)
    kicker, title, fields, body, as_of = _page_parts(content, kind, record, settings)
    out = _header(kicker, title)
    out += (f'<p class="meta">verified {e(record.get("checked_on", "?"))}'
            + (f" · {e(as_of)}" if as_of else "")
            + (f" · confidence: {e(record['confidence'])}"
               if record.get("confidence") not in (None, "verified") else "")
            + f" · printed {_today(printed_on)}</p>")
    out += _rule() + _fields_table(fields) + body
    out += _footer(content, printed_on, record.get("source_records"),
                   f"verified {record.get('checked_on', '?')}")
    return _doc(title, out)


# -- contact sheet --------------------------------------------------------------------
def _numbers_row(country: dict) -> str:
    cells = [(label, country.get(key)) for key, label in (
        ("emergency", "Emergency"), ("police", "Police"), ("ambulance", "Ambulance"),
        ("fire", "Fire")) if country.get(key)]
    tds = "".join(
        f'<td align="center" style="border: 1px solid #333333; padding: 4px 6px;">'
        f'<span class="label">{e(label)}</span><br><span class="num">{e(number)}</span></td>'
        for label, number in cells)
    return (f'<table width="100%" cellspacing="0" cellpadding="0" '
            f'style="border-collapse: collapse;"><tr>{tds}</tr></table>')


def _contact_rows(contacts: list[dict]) -> str:
    rows = []
    for c in contacts:
        status = STATUS_LABELS.get(c["status"], c["status"])
        when = f" · as of {c['status_as_of']}" if c.get("status_as_of") else ""
        serves = ", ".join(c.get("serves") or [])
        head = (f'<span class="name">{e(c["name"])}</span><br>'
                f'<span class="status">{e(status)}</span><span class="small">{e(when)}</span>'
                + (f'<br><span class="small">for {e(serves)} citizens</span>'
                   if serves else ""))
        address = ""
        if c.get("address"):
            address += f'<span class="value">{e(c["address"])}</span>'
        if c.get("address_local"):
            address += f'<br><span class="local">{e(c["address_local"])}</span>'
        if c.get("email"):
            address += f'<br><span class="small">{e(c["email"])}</span>'
        rows.append(
            '<tr>'
            f'<td width="31%" valign="top" style="padding: 4px 6px 4px 0px; '
            f'border-bottom: 0.5px solid #aaaaaa;">{head}</td>'
            f'<td width="29%" valign="top" style="padding: 4px 6px; '
            f'border-bottom: 0.5px solid #aaaaaa;"><span class="value">'
            f'{_phones(c.get("phones", []))}</span></td>'
            f'<td valign="top" style="padding: 4px 0px 4px 6px; '
            f'border-bottom: 0.5px solid #aaaaaa;">{address}</td></tr>')
    return ('<table width="100%" cellspacing="0" cellpadding="0" '
            'style="border-collapse: collapse;">' + "".join(rows) + "</table>")


def contacts_html(content, country: str, settings=None, *,
                  printed_on: dt.date | None = None) -> str:
    """A one-page contact sheet for a country: numbers, embassies, home hotlines."""
    record = content.get("country", country)
    passports = list(getattr(settings, "passports", None) or [])
    title = f"Emergency contacts — {content.country_name(country)}"
    local = record.get("name_local")
    out = _header("Contact sheet" + (f" · {local}" if local else ""), title)
    out += (f'<p class="meta">Printed {_today(printed_on)} · content as of '
            f'{e(content.meta.get("content_as_of", "?"))} · verified '
            f'{e(record.get("checked_on", "?"))}</p>')
    out += "<h2>Emergency numbers</h2>" + _numbers_row(record)
    if record.get("notes_html"):
        out += f'<div class="small" style="margin-top: 3px;">{record["notes_html"]}</div>'
    grouped = contacts_for(content, country, passports)
    missions, hotlines, local_services = (grouped["missions"], grouped["hotlines"],
                                          grouped["local"])
    if missions:
        out += "<h2>Embassies and consulates</h2>" + _contact_rows(missions)
    if hotlines:
        out += ("<h2>24-hour lines of home governments</h2>"
                + _contact_rows(hotlines))
    if local_services:
        out += "<h2>Other emergency services</h2>" + _contact_rows(local_services)
    sources: dict[str, dict] = {}
    for c in [record, *missions, *hotlines, *local_services]:
        for s in c.get("sources", []):
            sources.setdefault(s, content.source(s))
    listed = "; ".join(
        e(" — ".join(p for p in (s.get("publisher"), s.get("title")) if p))
        + (f" ({e(s['retrieved_on'])})" if s.get("retrieved_on") else "")
        for s in sources.values())
    out += (_rule() + (f'<p class="tiny"><b>Sources:</b> {listed}</p>' if listed else "")
            + f'<p class="small">{_content_line(content, printed_on)}</p>'
            + f'<p class="small"><b>{e(OFFLINE_NOTE)}</b></p>')
    return _doc(title, out, max_pages=1)


# -- wallet card ----------------------------------------------------------------------
CARD_WIDTH_PX = 323   # content width; with padding and borders the panel is 85.6 mm
CARD_HEIGHT_PX = 204  # 54 mm


def _panel(inner: str) -> str:
    return (f'<td width="{CARD_WIDTH_PX}" valign="top" style="border: 1px dashed #555555; '
            f'padding: 6px 9px 4px 9px;">{inner}</td>')


def _spacer_cell() -> str:
    """A zero-width cell holding a transparent image: every panel is at least card-high."""
    return (f'<td width="1"><img src="{SPACER}" width="1" height="{CARD_HEIGHT_PX}"></td>')


def _best_phone(contact: dict) -> dict | None:
    phones = contact.get("phones") or []
    return next((p for p in phones if "24" in (p.get("label") or "")),
                phones[0] if phones else None)


def _card_phone(contact: dict | None) -> str:
    chosen = _best_phone(contact) if contact else None
    if not chosen:
        return ""
    label = (f'<br><span class="card-small">{e(chosen["label"])}</span>'
             if chosen.get("label") else "")
    return f'<span class="card-num">{e(chosen["display"])}</span>{label}'


def _card_phrases(phrases: list[dict]) -> str:
    return "".join(
        f'<p class="card-local" style="margin-bottom: 0px;">{e(p["local"])}</p>'
        f'<p class="card-tr" style="margin-bottom: 3px;">{e(p["translit"])} — '
        f'<i>{e(p["english"])}</i></p>' for p in phrases)


def card_html(content, settings, *, printed_on: dt.date | None = None) -> str:
    """A wallet card on one page: four credit-card panels to cut out and fold in four.

    Panel 1 emergency numbers and blanks to fill in; panel 2 the embassy for the passport
    (with its address in local script, to show a driver) and the home government's
    24-hour line; panels 3 and 4 the card phrases with transliteration.
    """
    pick = card_contents(content, country=getattr(settings, "country", "RU"),
                         passports=list(getattr(settings, "passports", None) or []))
    country, embassy, hotline = pick["country"], pick["embassy"], pick["hotline"]
    cname = content.country_name(country["id"])
    passport_name = " and ".join(content.country_name(p) for p in pick["passports"])
    numbers = "".join(
        f'<td align="center" style="padding: 0px 10px 0px 0px;"><span class="card-small">'
        f'{e(label)}</span><br><span class="card-num">{e(country.get(key))}</span></td>'
        for key, label in (("emergency", "Emergency"), ("police", "Police"),
                           ("ambulance", "Ambulance"), ("fire", "Fire"))
        if country.get(key))
    blank = "_" * 30
    first = (f'<p class="card-title">EMERGENCY · {e(cname.upper())}</p>'
             f'<table cellspacing="0" cellpadding="0"><tr>{numbers}</tr></table>'
             + "".join(f'<p class="card-small" style="margin-top: 5px;">{label}: {blank}</p>'
                       for label in ("Name", "Passport no.", "Blood group / allergies",
                                     "Contact at home"))
             + f'<p class="card-tr" style="margin-top: 5px;">{e(OFFLINE_NOTE)} Content '
               f"{e(content.meta.get('content_version', '?'))}, as of "
               f"{e(content.meta.get('content_as_of', '?'))}; printed "
               f"{_today(printed_on)}.</p>")
    if embassy:
        status = STATUS_LABELS.get(embassy["status"], embassy["status"])
        as_of = f" as of {embassy['status_as_of']}" if embassy.get("status_as_of") else ""
        second = (f'<p class="card-title">{e(embassy["name"])}</p>{_card_phone(embassy)}'
                  f'<p class="card-small" style="margin-top: 3px; margin-bottom: 1px;">'
                  f'{e(embassy.get("address"))}</p>'
                  f'<p class="card-local">{e(embassy.get("address_local"))}</p>'
                  f'<p class="card-tr">{e(status)}{e(as_of)}</p>')
    else:
        second = (f'<p class="card-title">Your embassy</p><p class="card-small">No '
                  f"{e(passport_name)} embassy in {e(cname)} in this content.</p>")
    if hotline:
        second += (f'<p class="card-title" style="margin-top: 4px;">{e(hotline["name"])}</p>'
                   f"{_card_phone(hotline)}")
    else:
        second += (f'<p class="card-small" style="margin-top: 4px;">No 24-hour home line '
                   f"for {e(passport_name)} citizens in this content.</p>")
    phrases = pick["phrases"]
    half = (len(phrases) + 1) // 2
    third = '<p class="card-title">SAY IT · PHRASES</p>' + _card_phrases(phrases[:half])
    fourth = ('<p class="card-title">SAY IT · PHRASES</p>' + _card_phrases(phrases[half:])
              if phrases[half:] else "")
    grid = ('<table cellspacing="0" cellpadding="0" style="border-collapse: collapse;">'
            f"<tr>{_spacer_cell()}{_panel(first)}{_panel(second)}</tr>"
            f"<tr>{_spacer_cell()}{_panel(third)}{_panel(fourth)}</tr></table>")
    title = f"Wallet card — {cname}"
    out = (_header("Wallet card", title)
           + f'<p class="meta">For {e(passport_name)} citizens. Cut out along the dashed '
             "outline, fold in half and in half again, and keep it with your passport.</p>"
           + _rule() + grid)
    return _doc(title, out, max_pages=1)
