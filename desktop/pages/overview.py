"""The overview (advisories, ways out, your embassy, numbers) and the section index pages,
as plain structures for the screen and print layouts.  No Qt, no HTML."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from desktop.content import age_days, country_name
from desktop.content.schema import ISSUER_NAMES, KIND_LABELS
from desktop.errors import NotFoundError
from desktop.pages.model import (
    MODE_TEXT,
    STATUS_TEXT,
    UNCONFIRMED,
    Badge,
    Block,
    Items,
    Link,
    Note,
    Numbers,
    Rows,
    Run,
    Section,
    Text,
    age_text,
    checked,
    entry_rule_text,
    fmt_date,
    is_unsure,
    passports_text,
    plain,
    run,
    status_badge,
)
from desktop.pages.records import emergency_numbers, level_badge, phone_copy, stale_days
from desktop.planner import (
    REACH_TEXT,
    best_phone,
    dual_national_note,
    home_lines,
    my_embassies,
    my_embassy,
    no_embassy_text,
    no_rules_for,
    pick_city,
    pick_country,
    plan_routes,
)
from desktop.storage.content_db import ContentDB

# (section name, record kind or None) in the order of the "Sections" list.
SECTIONS: list[tuple[str, str | None]] = [
    ("Overview", None), ("Advisories", "advisory"), ("Exit routes", "route"),
    ("Route planner", None), ("Map", None), ("Contacts", "contact"), ("Guides", "guide"),
    ("Checklists", "checklist"), ("Phrases", "phrase"), ("Bookmarks", None),
]
SECTION_KINDS = dict(SECTIONS)
KIND_SECTION = {kind: name for name, kind in SECTIONS if kind}
NEAREST = 3


class Overview(NamedTuple):
    """The start page: two columns of sections under a title and the content's age."""

    title: str
    age: Note | None
    as_of: str
    left: list[Section]
    right: list[Section]


def content_age(content: ContentDB, today: dt.date | None = None) -> Note | None:
    """A warning that the content is a dated reference (None while it is recent)."""
    as_of = content.meta.get("content_as_of")
    days = age_days(as_of, today)
    if days is None or days <= stale_days(content):
        return None
    return Note(f"This content describes the situation as of {fmt_date(as_of)} "
                f"({age_text(days)} ago). Borders, rules and phone numbers may have "
                "changed: check official sources when you can.",
                "Dated reference, not live advice.")


def _advisories(content: ContentDB, country: str) -> Section:
    rows = tuple(
        (run(level_badge(a["level"])),
         run(Link.record("advisory", a["id"], ISSUER_NAMES.get(a["issuer"], a["issuer"])),
             Text(f"{a['issuer_label']} · issued {fmt_date(a['issued_on'])}", "note")))
        for a in content.list("advisory", country=country))
    return Section("Travel advisories", (Rows(rows),) if rows else (
        Items((run(Text("No advisories in this content.", "muted")),)),))


def _ways_out(content: ContentDB, city: dict | None, passports: Sequence[str]) -> Section:
    heading = "Your nearest ways out"
    if city is None:
        return Section(heading, (Items((run(Text(
            "This content has no city in this country to measure ways out from.",
            "muted")),)),))
    planned = plan_routes(content, city=city, passports=passports)
    any_route = bool(planned)
    usable = [r for r in planned if not r["blocked"]]
    # Overland first: the airport is always "nearest", but in a crisis flights are the
    # scarce option; they get one line of their own below.
    routes = [r for r in usable if r["mode"] != "air"][:NEAREST]
    flights = [r for r in usable if r["mode"] == "air"]
    blocks: list = []
    unknown = no_rules_for(content, passports)
    if unknown and any_route:
        names = " or ".join(content.country_name(p) for p in unknown)
        blocks.append(Note(
            f"This content has no entry rules for a {names} passport: a way out marked "
            "\u201centry unknown\u201d may need a visa or refuse you. Check the entry "
            "rules before you set off.", "Entry rules unknown:"))
    if routes:
        blocks.append(Items((run(Text(
            f"From {city['name']} with your {passports_text(passports)}: the ones you can "
            "take first, then the "
            "nearest (straight-line distance).", "small")),)))
        blocks.append(Rows(tuple(
            (run(Link.record("route", r["id"], r["name"]),
                 Text(f"{MODE_TEXT.get(r['mode'], r['mode'])} · {distance_text(r)} · "
                      f"to {content.country_name(r['to_country'])}", "note")),
             checked(r, "status", Badge(REACH_TEXT[r["reach"]], r["reach"]),
                     Text(f"{r['reach_reason']} · as of {fmt_date(r['status_as_of'])}",
                          "note")),
             checked(r["entry_rule"] or {}, "visa", entry_text(r)))
            for r in routes)))
    by_airport: dict[str, list[dict]] = {}
    for r in flights:  # one line per city flights leave from, in the planner's order
        by_airport.setdefault(r["measured_from"], []).append(r)
    for airport, leaving in by_airport.items():
        pieces: list = [Text("Flights", "strong"), f"from {airport} ({len(leaving)}):"]
        for n, r in enumerate(leaving):
            pieces.append(Link.record("route", r["id"], content.country_name(r["to_country"])
                                      + f" ({REACH_TEXT[r['reach']].lower()})"
                                      + ("," if n < len(leaving) - 1 else "")))
        blocks.append(Items((run(*pieces),)))
    if not blocks:
        none = ("No open way out is known from here for your passport"
                f"{'s' if len(passports) > 1 else ''}." if any_route
                else "This content lists no ways out of this country.")
        blocks.append(Items((run(none),)))
    blocks.append(Items((run(Link("sp://planner/", "All routes in the route planner →")),
                         run(Link("sp://map/", "Map of the ways out →")))))
    return Section(heading, tuple(blocks))


def embassy_section(content: ContentDB, country: str, passports: Sequence[str]) -> Section:
    """'Your embassy': the mission to call first, with its number and local address."""
    e = my_embassy(content, country, passports)
    if e is None:
        missing = [run(no_embassy_text(content, country, passports))]
        for line in home_lines(content, passports)[:1]:  # your government, from anywhere
            phone = best_phone(line)
            missing.append(run(Link.record("contact", line["id"], line["name"]),
                             *((Text(phone["display"], "strong"),
                                phone_copy(line, line["phones"].index(phone)))
                               if phone else ())))
        missing.append(run(Link("sp://section/Contacts", "All contacts in this content")))
        return Section("Your embassy", (Items(tuple(missing)),))
    lines: list[Run] = [run(Link.record("contact", e["id"], e["name"]),
                            status_badge(e["status"]))]
    phone = best_phone(e)
    if phone is not None:
        index = e["phones"].index(phone)
        lines.append(checked(e, "phones", Text(phone["display"], "big"),
                             phone_copy(e, index), index=index))
        lines.append(run(Text(phone.get("label") or "", "small")))
    address = e.get("address_local") or e.get("address")
    if address:
        lines.append(checked(e, "address_local" if e.get("address_local") else "address",
                             Text(address, "small")))
    return Section("Your embassy", (Items(tuple(lines)),))


def whose_answers(content: ContentDB, passports: Sequence[str], city: dict | None) -> Section:
    """Until the traveller has said who they are: whose answers the page shows."""
    names = " and ".join(content.country_name(p) for p in passports)
    where = f" in {city['name']}" if city else ""
    return Section("", (
        Note(f"This page shows the answers for a {names} passport{where}. Embassies, "
             "entry rules and the ways out depend on your passports and where you are.",
             "Not you?"),
        Items((run(Link("sp://setup/", "Choose your passports and where you are now…")),))))


def home_passport_section(content: ContentDB, country: str,
                          passports: Sequence[str]) -> Section | None:
    """For a traveller who also holds the country's own passport: the guides written for
    dual nationals (Russia treats them as its own citizens only)."""
    note = dual_national_note(content, country, passports)
    if note is None:
        return None
    guides = [g for g in content.list("guide")
              if any("dual" in tag.lower() for tag in g.get("tags") or [])]
    name = content.country_name(country)
    blocks: list[Block] = [Note(note, "Dual nationals:")]
    if guides:
        blocks.append(Items(tuple(run(Link.record("guide", g["id"], g["title"]),
                                      Text(g.get("summary_text") or "", "note"))
                                  for g in guides)))
    return Section(f"You also hold a passport of {name}", tuple(blocks))


def overview(content: ContentDB, *, country: str, passports: Sequence[str], city_id: str,
             today: dt.date | None = None, confirmed: bool = True) -> Overview:
    """The start page for a country, the traveller's passports and city.

    ``confirmed`` False (the traveller has not said who they are yet) adds a note saying
    whose answers are shown, with a link to choose.
    """
    country = pick_country(content, country)
    city = pick_city(content, city_id, country)
    numbers: tuple[Numbers, ...] = ()
    with contextlib.suppress(NotFoundError):
        numbers = (emergency_numbers(content.get("country", country)),)
    return Overview(
        title=content.country_name(country), age=content_age(content, today),
        as_of=content.meta.get("content_as_of", ""),
        left=[*([] if confirmed else [whose_answers(content, passports, city)]),
              *filter(None, [home_passport_section(content, country, passports)]),
              _advisories(content, country), _ways_out(content, city, passports)],
        right=[Section("Emergency numbers", numbers) if numbers else
               Section("Emergency numbers", (Items((run("Not in this content."),)),)),
               embassy_section(content, country, passports)])


class Listing(NamedTuple):
    """An index page: a title and one row per record (link, one-line summary, and the
    group it belongs to — a heading where the group changes; '' for none)."""

    title: str
    rows: list[tuple[Link, Run, str]]
    empty: str


def summary(content: ContentDB, kind: str, r: dict) -> Run:
    """A record's one-line summary in a section list."""
    if kind == "advisory":
        return run(level_badge(r["level"]), Text(f"issued {fmt_date(r['issued_on'])}", "muted"))
    if kind == "route":
        return run(status_badge(r["status"]),
                   status_badge("not-advised") if r.get("advice") == "not-advised" else None,
                   Text(f"as of {fmt_date(r['status_as_of'])} · "
                        f"{MODE_TEXT.get(r['mode'], r['mode'])}", "muted"))
    if kind == "contact":
        phone = (r.get("phones") or [{}])[0].get("display", "")
        return run(status_badge(r["status"]), Text(phone, "muted"))
    if kind == "phrase":
        return run(r["local"], Text(r["translit"], "italic"))
    return run(Text(r.get("summary_text") or r.get("summary") or "", "muted"))


def _contacts_in_order(content: ContentDB, passports: Sequence[str]
                       ) -> list[tuple[dict, str]]:
    """Contacts with their group: your own embassies and lines first, then by country
    (the content's own country first) and city, embassies before consulates."""
    home = content.meta.get("home_country", "")
    mine = [c for c in my_embassies(content, home, passports)] if passports else []
    mine += home_lines(content, passports) if passports else []
    mine_ids = {c["id"] for c in mine}
    kind_order = {"embassy": 0, "consulate": 1, "hotline": 2, "emergency": 3}
    others = sorted((c for c in content.list("contact") if c["id"] not in mine_ids),
                    key=lambda c: (c["country"] != home, content.country_name(c["country"]),
                                   c.get("city") or "", kind_order.get(c["kind"], 4),
                                   c["name"]))
    yours = f"Yours ({passports_text(passports)})" if passports else ""
    return [(c, yours) for c in mine] + [
        (c, content.country_name(c["country"])
         + (f" · {c['city']}" if c.get("city") else "")) for c in others]


def hit_detail(content: ContentDB, kind: str, record_id: str) -> str:
    """A search hit's state in a line: a route's status and date, a contact's status and
    number, an advisory's level, an entry rule's answer ('' for other kinds)."""
    if kind not in ("route", "contact", "advisory", "entry_rule"):
        return ""
    rows = content.list(kind, id=record_id)
    if not rows:
        return ""
    if kind == "entry_rule":
        return entry_rule_text(rows[0])
    return plain(summary(content, kind, rows[0]))


def section_listing(content: ContentDB, section: str, passports: Sequence[str] = ()
                    ) -> Listing:
    """The index page of a section (raises NotFoundError for an unknown section);
    contacts are grouped by country and city, the traveller's own first."""
    kind = SECTION_KINDS.get(section)
    if kind is None:
        raise NotFoundError(f"There is no section called '{section}'.")
    if kind == "contact":
        ordered = _contacts_in_order(content, passports)
    else:
        ordered = [(r, "") for r in content.list(kind)]
    rows = [(Link.record(kind, r["id"], content.title(kind, r)), summary(content, kind, r),
             group) for r, group in ordered]
    return Listing(section, rows, "Nothing here in this content.")


def bookmarks_listing(bookmarks: list[dict]) -> Listing:
    """The Bookmarks page."""
    rows = [(Link.record(b["kind"], b["record_id"], b["title"]),
             run(Text(f"{KIND_LABELS.get(b['kind'], b['kind'])} · saved "
                      f"{fmt_date(b['created_at'])}", "muted")), "")
            for b in bookmarks]
    return Listing("Bookmarks", rows,
                   "No bookmarks yet. Press Ctrl+D on any page to keep it here.")


# -- the route planner's table ----------------------------------------------------------
PLAN_HEADERS = ("For you", "Route", "Distance", "Status", "Typical wait",
                "Entry for your passport")


def distance_text(route: dict) -> str:
    """'594 km, straight line', or for a flight 'from Moscow' (and how far that is); and
    the third countries that straight line passes through ('… through Lithuania')."""
    km = route["distance_km"]
    if route["mode"] == "air":
        where = f"from {route['measured_from']}"
        return where if km < 30 else f"{where}, {km:,} km away (straight line)"
    text = f"{km:,} km, straight line"
    if route.get("via"):
        text += " through " + " and ".join(country_name(c) for c in route["via"])
    return text


def entry_text(route: dict, *, mark_unsure: bool = False) -> str:
    """The entry rule a way out relies on, and for which passport; ``mark_unsure`` adds
    '(unconfirmed)' when that rule's visa is unsure (where no ``checked`` mark is drawn)."""
    rule = route["entry_rule"]
    text = entry_rule_text(rule)
    if route.get("relies_on"):
        text += f" ({route['relies_on']} passport)"
    if mark_unsure and rule and is_unsure(rule, "visa"):
        text += f" ({UNCONFIRMED})"
    return text


def plan_cells(route: dict, country_name: str) -> tuple[str, ...]:
    """The planner's columns for one planned route (see ``planner.plan_routes``)."""
    status = [STATUS_TEXT.get(route["status"], route["status"])]
    if route.get("advice") == "not-advised":
        status.append("NOT ADVISED")
    return (f"{REACH_TEXT[route['reach']]}\n{route['reach_reason']}",
            f"{route['name']}\nto {country_name}",
            f"{MODE_TEXT.get(route['mode'], route['mode'])}\n{distance_text(route)}",
            f"{' · '.join(status)}\nas of {fmt_date(route['status_as_of'])}",
            route.get("typical_wait") or "—",
            entry_text(route, mark_unsure=True))


def plan_table(content: ContentDB, city: dict, passports: Sequence[str]) -> Rows:
    """The planner's table as a block (for print)."""
    return Rows(tuple(tuple(run(cell.replace("\n", " · ")) for cell in
                            plan_cells(r, content.country_name(r["to_country"])))
                      for r in plan_routes(content, city=city, passports=passports)),
                PLAN_HEADERS)
