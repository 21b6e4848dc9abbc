"""The overview page and the section index pages (pure HTML strings, no Qt).

The overview answers, for the selected country, city and passport: what do the governments
say (advisory level per issuer), what are the nearest open ways out, where is my embassy,
which numbers do I call.
"""

from __future__ import annotations

import datetime as dt

from desktop.content.schema import ISSUER_NAMES, KIND_LABELS
from desktop.errors import NotFoundError
from desktop.planner import my_embassy, pick_city, pick_country, plan_routes
from desktop.storage.content_db import ContentDB
from desktop.ui.pages import (
    MODE_TEXT,
    age_days,
    age_text,
    badge,
    copy_link,
    entry_rule_text,
    esc,
    fmt_date,
    level_badge,
    link,
    stale_days,
    status_badge,
)

# (section name, record kind or None) in the order of the "Sections" list.
SECTIONS: list[tuple[str, str | None]] = [
    ("Overview", None), ("Advisories", "advisory"), ("Exit routes", "route"),
    ("Route planner", None), ("Contacts", "contact"), ("Guides", "guide"),
    ("Checklists", "checklist"), ("Phrases", "phrase"), ("Bookmarks", None),
]
SECTION_KINDS = dict(SECTIONS)
NEAREST = 3


def content_age_html(content: ContentDB, today: dt.date | None = None) -> str:
    """The plain statement that this is a dated reference."""
    as_of = content.meta.get("content_as_of")
    days = age_days(as_of, today)
    if days is None or days <= stale_days(content):
        return (f"<p class='small muted'>Offline reference · content as of "
                f"{fmt_date(as_of)}</p>")
    return ("<table width='100%' cellpadding='8' cellspacing='0'><tr><td class='dated'>"
            f"<b>Dated reference, not live advice.</b> This content describes the situation "
            f"as of {fmt_date(as_of)} ({age_text(days)} ago). Borders, rules and phone numbers "
            "may have changed: check official sources when you can.</td></tr></table>")


def _advisories(content: ContentDB, country: str) -> str:
    rows = "".join(
        f"<tr><td class='rule' width='210'>{level_badge(a['level'])}</td>"
        f"<td class='rule'>{link('advisory', a['id'], ISSUER_NAMES.get(a['issuer'], a['issuer']))}"
        f"<br><span class='muted small'>{esc(a['issuer_label'])}"
        f" · issued {fmt_date(a['issued_on'])}</span></td></tr>"
        for a in content.list("advisory", country=country))
    return (f"<table cellpadding='5' cellspacing='0' width='100%'>{rows}</table>" if rows
            else "<p class='muted'>No advisories in this content.</p>")


def _ways_out(content: ContentDB, city: dict | None, passports: list[str]) -> str:
    if city is None:
        return "<p class='muted'>No cities in this content.</p>"
    usable = [r for r in plan_routes(content, city=city, passports=passports)
              if not r["blocked"]]
    # Overland first: the airport is always "nearest", but in a crisis flights are the
    # scarce option; they get one line of their own below.
    routes = [r for r in usable if r["mode"] != "air"][:NEAREST]
    flights = [r for r in usable if r["mode"] == "air"]
    rows = "".join(
        f"<tr><td class='rule'><b>{link('route', r['id'], r['name'])}</b><br>"
        f"<span class='muted small'>{esc(MODE_TEXT.get(r['mode'], r['mode']))} · "
        f"{r['distance_km']:,} km · to {esc(content.country_name(r['to_country']))}</span></td>"
        f"<td class='rule'>{status_badge(r['status'])}<br><span class='muted small'>as of "
        f"{fmt_date(r['status_as_of'])}</span></td>"
        f"<td class='rule'>{esc(entry_rule_text(r['entry_rule']))}</td></tr>" for r in routes)
    flight_line = ""
    if flights:
        statuses = sorted({r["status"] for r in flights})
        flight_line = (
            f"<p class='small'><b>Flights</b> ({len(flights)}, "
            f"{esc(' or '.join(statuses))}): "
            + ", ".join(link("route", r["id"], content.country_name(r["to_country"]))
                        for r in flights) + "</p>")
    if not rows and not flight_line:
        return "<p>No open way out is known from here for this passport.</p>"
    table = (f"<p class='muted small'>Overland from {esc(city['name'])} with a "
             f"{esc(' or '.join(passports))} passport (nearest first):</p>"
             f"<table cellpadding='5' cellspacing='0' width='100%'>{rows}</table>"
             if rows else "")
    return (table + flight_line
            + "<p><a href='sp://planner/'>All routes in the route planner →</a></p>")


def _embassy(content: ContentDB, country: str, passports: list[str]) -> str:
    e = my_embassy(content, country, passports)
    if e is None:
        return (f"<p>No embassy for {esc(' or '.join(passports))} passports in this content. "
                "<a href='sp://section/Contacts'>All contacts</a></p>")
    phone = (e.get("phones") or [{}])[0]
    phone_html = (f"<span class='big'>{esc(phone['display'])}</span> "
                  f"{copy_link('contact', e['id'], 'phone', 0)}<br>"
                  f"<span class='muted small'>{esc(phone.get('label'))}</span>"
                  if phone.get("display") else "")
    return (f"<p><b>{link('contact', e['id'], e['name'])}</b> {status_badge(e['status'])}</p>"
            f"<p>{phone_html}</p>"
            + (f"<p class='small'>{esc(e['address_local'] or e['address'])}</p>"
               if e.get("address_local") or e.get("address") else ""))


def _numbers(content: ContentDB, country: str) -> str:
    try:
        c = content.get("country", country)
    except NotFoundError:
        return ""
    cells = "".join(
        f"<tr><td class='rule'><span class='huge'>{esc(c[key])}</span></td>"
        f"<td class='rule'>{label}<br>{copy_link('country', country, key)}</td></tr>"
        for key, label in (("emergency", "Emergency (all services)"), ("police", "Police"),
                           ("ambulance", "Ambulance"), ("fire", "Fire")) if c.get(key))
    return f"<table cellpadding='4' cellspacing='0' width='100%'>{cells}</table>"


def overview_html(content: ContentDB, *, country: str, passports: list[str], city_id: str,
                  today: dt.date | None = None) -> str:
    """The start page for a country, a passport and the user's city."""
    country = pick_country(content, country)
    city = pick_city(content, city_id, country)
    name = content.country_name(country)
    left = ("<h2>Travel advisories</h2>" + _advisories(content, country)
            + "<h2>Nearest open ways out</h2>" + _ways_out(content, city, passports))
    right = (f"<h2>Emergency numbers</h2>{_numbers(content, country)}"
             f"<h2>Your embassy</h2>{_embassy(content, country, passports)}")
    return (f"<p class='small muted'>OVERVIEW</p><h1>{esc(name)}</h1>"
            + content_age_html(content, today)
            + "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
            f"<td width='62%' valign='top'>{left}</td><td width='4%'></td>"
            f"<td width='34%' valign='top'>{right}</td></tr></table>")


def _summary(content: ContentDB, kind: str, r: dict) -> str:
    if kind == "advisory":
        return f"{level_badge(r['level'])} <span class='muted'>issued {fmt_date(r['issued_on'])}</span>"
    if kind == "route":
        blocked = " " + status_badge("not-advised") if r.get("advice") == "not-advised" else ""
        return (f"{status_badge(r['status'])}{blocked} <span class='muted'>as of "
                f"{fmt_date(r['status_as_of'])} · {esc(MODE_TEXT.get(r['mode'], r['mode']))}</span>")
    if kind == "contact":
        phone = (r.get("phones") or [{}])[0].get("display", "")
        return f"{status_badge(r['status'])} <span class='muted'>{esc(phone)}</span>"
    if kind == "phrase":
        return f"{esc(r['local'])} <span class='muted'><i>{esc(r['translit'])}</i></span>"
    return f"<span class='muted'>{esc(r.get('summary_text') or r.get('summary') or '')}</span>"


def section_records(content: ContentDB, kind: str) -> list[dict]:
    """The records a section lists."""
    return content.list(kind)


def section_html(content: ContentDB, section: str, records: list[dict]) -> str:
    """An index page listing a section's records with a one-line summary each."""
    kind = SECTION_KINDS.get(section)
    if kind is None:
        return f"<h1>{esc(section)}</h1>"
    rows = "".join(
        f"<tr><td class='rule'><b>{link(kind, r['id'], content.title(kind, r))}</b><br>"
        f"{_summary(content, kind, r)}</td></tr>" for r in records)
    body = (f"<table cellpadding='6' cellspacing='0' width='100%'>{rows}</table>" if rows
            else "<p class='muted'>Nothing here in this content.</p>")
    return f"<p class='small muted'>SECTION</p><h1>{esc(section)}</h1>{body}"


def bookmarks_html(bookmarks: list[dict]) -> str:
    """The Bookmarks section page."""
    rows = "".join(
        f"<tr><td class='rule'><b>{link(b['kind'], b['record_id'], b['title'])}</b><br>"
        f"<span class='muted small'>{esc(KIND_LABELS.get(b['kind'], b['kind']))} · saved "
        f"{fmt_date(b['created_at'])}</span></td></tr>" for b in bookmarks)
    body = (f"<table cellpadding='6' cellspacing='0' width='100%'>{rows}</table>" if rows else
            "<p class='muted'>No bookmarks yet. Press Ctrl+D on any page to keep it here.</p>")
    return f"<p class='small muted'>SECTION</p><h1>Bookmarks</h1>{body}"


__all__ = ["SECTIONS", "badge", "bookmarks_html", "overview_html", "section_html"]
