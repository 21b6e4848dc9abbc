"""One-page printouts: the contact sheet of a country and the wallet card to fold.

What they hold comes from the planner (your embassy, your government's lines, the card's
phrases), so the overview, the sheet and the card name the same embassy.  No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desktop.pages.model import STATUS_TEXT, esc, fmt_date, is_unsure
from desktop.pages.printout import (
    OFFLINE_NOTE,
    SPACER,
    content_line,
    document,
    header,
    numbers_row,
    rule,
    today_text,
)
from desktop.pages.records import emergency_numbers
from desktop.planner import (
    best_phone,
    card_contents,
    contacts_for,
    my_embassy,
    no_embassy_text,
)
from desktop.storage.content_db import ContentDB

UNSURE_TAG = '<b class="tag">[UNCONFIRMED]</b>'


def _unsure(record: dict, field_name: str, index: int | None = None) -> str:
    return f" {UNSURE_TAG}" if is_unsure(record, field_name, index) else ""


def _phones(contact: dict) -> str:
    return "<br>".join(f"<b>{esc(p.get('display'))}</b>{_unsure(contact, 'phones', i)}"
                       + (f" — {esc(p['label'])}" if p.get("label") else "")
                       for i, p in enumerate(contact.get("phones") or []))


def _contact_rows(contacts: list[dict]) -> str:
    rows = []
    for c in contacts:
        status = STATUS_TEXT.get(c["status"], c["status"]).upper()
        when = f" · as of {fmt_date(c['status_as_of'])}" if c.get("status_as_of") else ""
        serves = ", ".join(c.get("serves") or [])
        head = (f'<span class="name">{esc(c["name"])}</span><br>'
                f'<span class="status">{esc(status)}</span><span class="small">{esc(when)}'
                "</span>" + (f'<br><span class="small">for {esc(serves)} citizens</span>'
                             if serves else ""))
        address = ""
        if c.get("address"):
            address += (f'<span class="value">{esc(c["address"])}</span>'
                        f"{_unsure(c, 'address')}")
        if c.get("address_local"):
            address += (f'<br><span class="local">{esc(c["address_local"])}</span>'
                        f"{_unsure(c, 'address_local')}")
        if c.get("email"):
            address += f'<br><span class="small">{esc(c["email"])}</span>'
        cell = 'valign="top" style="padding: {}; border-bottom: 0.5px solid #aaaaaa;"'
        rows.append(f'<tr><td width="31%" {cell.format("4px 6px 4px 0px")}>{head}</td>'
                    f'<td width="29%" {cell.format("4px 6px")}><span class="value">'
                    f"{_phones(c)}</span></td>"
                    f'<td {cell.format("4px 0px 4px 6px")}>{address}</td></tr>')
    return ('<table width="100%" cellspacing="0" cellpadding="0" '
            'style="border-collapse: collapse;">' + "".join(rows) + "</table>")


def contacts_html(content: ContentDB, country: str, passports: Sequence[str], *,
                  printed_on: dt.date | None = None) -> str:
    """A one-page contact sheet for a country: numbers, your embassy first, home lines."""
    record = content.get("country", country)
    title = f"Emergency contacts — {content.country_name(country)}"
    local = record.get("name_local")
    out = header("Contact sheet" + (f" · {local}" if local else ""), title)
    out += (f'<p class="meta">Printed {today_text(printed_on)} · content as of '
            f'{esc(fmt_date(content.meta.get("content_as_of")) or "?")} · sources checked on '
            f'{esc(fmt_date(record.get("checked_on")) or "?")}</p>')
    out += "<h2>Emergency numbers</h2>" + numbers_row(emergency_numbers(record))
    if record.get("notes_html"):
        out += f'<div class="small" style="margin-top: 3px;">{record["notes_html"]}</div>'
    grouped = contacts_for(content, country, passports)
    if my_embassy(content, country, passports) is None:  # say so before the others' list
        out += (f'<p class="small" style="margin-top: 6px;"><b>Your embassy:</b> '
                f"{esc(no_embassy_text(content, country, passports))}</p>")
    for heading, key in (("Embassies and consulates", "missions"),
                         ("24-hour lines of home governments", "hotlines"),
                         ("Other emergency services", "local")):
        if grouped[key]:
            out += f"<h2>{heading}</h2>" + _contact_rows(grouped[key])
    sources: dict[str, dict] = {}
    for c in [record, *grouped["missions"], *grouped["hotlines"], *grouped["local"]]:
        for s in c.get("sources", []):
            sources.setdefault(s, content.source(s))
    listed = "; ".join(
        esc(" — ".join(p for p in (s.get("publisher"), s.get("title")) if p))
        + (f" ({esc(s['retrieved_on'])})" if s.get("retrieved_on") else "")
        for s in sources.values())
    out += (rule() + (f'<p class="tiny"><b>Sources:</b> {listed}</p>' if listed else "")
            + f'<p class="small">{content_line(content.meta, printed_on)}</p>'
            + f'<p class="small"><b>{esc(OFFLINE_NOTE)}</b></p>')
    return document(title, out, max_pages=1)


# -- wallet card ----------------------------------------------------------------------
CARD_WIDTH_PX = 323   # content width; with padding and borders the panel is 85.6 mm
CARD_HEIGHT_PX = 204  # 54 mm


def _panel(inner: str) -> str:
    return (f'<td width="{CARD_WIDTH_PX}" valign="top" style="border: 1px dashed #555555; '
            f'padding: 6px 9px 4px 9px;">{inner}</td>')


def _spacer_cell() -> str:
    """A zero-width cell holding a transparent image: every panel is at least card-high."""
    return f'<td width="1"><img src="{SPACER}" width="1" height="{CARD_HEIGHT_PX}"></td>'


def _card_phone(contact: dict | None) -> str:
    chosen = best_phone(contact) if contact else None
    if not contact or not chosen:
        return ""
    label = (f'<br><span class="card-small">{esc(chosen["label"])}</span>'
             if chosen.get("label") else "")
    index = (contact.get("phones") or []).index(chosen)
    return (f'<span class="card-num">{esc(chosen["display"])}</span>'
            f"{_unsure(contact, 'phones', index)}{label}")


def _card_phrases(phrases: list[dict]) -> str:
    return "".join(
        f'<p class="card-local" style="margin-bottom: 0px;">{esc(p["local"])}</p>'
        f'<p class="card-tr" style="margin-bottom: 3px;">{esc(p["translit"])} — '
        f'<i>{esc(p["english"])}</i></p>' for p in phrases)


def card_html(content: ContentDB, country: str, passports: Sequence[str], *,
              printed_on: dt.date | None = None) -> str:
    """A wallet card on one page: four credit-card panels to cut out and fold in four.

    Panel 1 emergency numbers and blanks to fill in; panel 2 your embassy (with its
    address in local script, to show a driver) and your government's 24-hour line;
    panels 3 and 4 the card phrases with transliteration.
    """
    pick = card_contents(content, country=country, passports=passports)
    record, embassy, hotline = pick["country"], pick["embassy"], pick["hotline"]
    cname = content.country_name(record["id"])
    passport_name = " and ".join(content.country_name(p) for p in pick["passports"])
    numbers = "".join(
        f'<td align="center" style="padding: 0px 10px 0px 0px;"><span class="card-small">'
        f'{esc(n.label)}</span><br><span class="card-num">{esc(n.number)}</span>'
        f"{'<br>' + UNSURE_TAG if n.unsure else ''}</td>"
        for n in emergency_numbers(record).numbers)
    blank = "_" * 30
    first = (f'<p class="card-title">EMERGENCY · {esc(cname.upper())}</p>'
             f'<table cellspacing="0" cellpadding="0"><tr>{numbers}</tr></table>'
             + "".join(f'<p class="card-small" style="margin-top: 5px;">{label}: {blank}</p>'
                       for label in ("Name", "Passport no.", "Blood group / allergies",
                                     "Contact at home"))
             + f'<p class="card-tr" style="margin-top: 5px;">{esc(OFFLINE_NOTE)} Content '
               f"{esc(content.meta.get('content_version', '?'))}, as of "
               f"{esc(fmt_date(content.meta.get('content_as_of')) or '?')}; printed "
               f"{today_text(printed_on)}.</p>")
    if embassy:
        status = STATUS_TEXT.get(embassy["status"], embassy["status"]).upper()
        as_of = (f" as of {fmt_date(embassy['status_as_of'])}"
                 if embassy.get("status_as_of") else "")
        second = (f'<p class="card-title">{esc(embassy["name"])}</p>{_card_phone(embassy)}'
                  f'<p class="card-small" style="margin-top: 3px; margin-bottom: 1px;">'
                  f'{esc(embassy.get("address"))}</p>'
                  f'<p class="card-local">{esc(embassy.get("address_local"))}</p>'
                  f'<p class="card-tr">{esc(status)}{esc(as_of)}</p>')
    else:
        second = (f'<p class="card-title">Your embassy</p><p class="card-small">'
                  f'{esc(pick["no_embassy"])}</p>')
        if any(p != record["id"] for p in pick["passports"]):  # a foreigner: write it in
            second += (f'<p class="card-small" style="margin-top: 5px;">Embassy phone: '
                       f'{"_" * 26}</p>')
    if hotline:
        second += (f'<p class="card-title" style="margin-top: 4px;">{esc(hotline["name"])}'
                   f"</p>{_card_phone(hotline)}")
    else:
        second += (f'<p class="card-small" style="margin-top: 4px;">No 24-hour home line '
                   f"for {esc(passport_name)} citizens in this content.</p>")
    if pick["dual"]:
        second += (f'<p class="card-small" style="margin-top: 4px;"><b>Dual nationals:</b> '
                   f'{esc(pick["dual"])}</p>')
    phrases = pick["phrases"]
    half = (len(phrases) + 1) // 2
    third = '<p class="card-title">SAY IT · PHRASES</p>' + (
        _card_phrases(phrases[:half]) if phrases else
        f'<p class="card-small">This content has no phrases in a language of {esc(cname)}.'
        "</p>")
    fourth = ('<p class="card-title">SAY IT · PHRASES</p>' + _card_phrases(phrases[half:])
              if phrases[half:] else "")
    grid = ('<table cellspacing="0" cellpadding="0" style="border-collapse: collapse;">'
            f"<tr>{_spacer_cell()}{_panel(first)}{_panel(second)}</tr>"
            f"<tr>{_spacer_cell()}{_panel(third)}{_panel(fourth)}</tr></table>")
    title = f"Wallet card — {cname}"
    out = (header("Wallet card", title)
           + f'<p class="meta">For {esc(passport_name)} citizens. Cut out along the dashed '
             "outline, fold in half and in half again, and keep it with your passport.</p>"
           + rule() + grid)
    return document(title, out, max_pages=1)
