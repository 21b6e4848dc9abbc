"""One function per record kind: record -> ``Page`` (no Qt, no HTML).

The screen, the printouts and ``safe-passage show`` are layouts of these pages.  The
traveller's passports are an argument: a route page puts their entry rule first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.content.schema import ISSUER_NAMES, KIND_LABELS, LEVEL_LABELS
from desktop.pages.model import (
    MODE_TEXT,
    Badge,
    Copy,
    External,
    Field,
    Items,
    Link,
    Markup,
    Number,
    Numbers,
    Page,
    Panel,
    Rows,
    Text,
    checked,
    dated_note,
    entry_rule_text,
    fmt_date,
    is_unsure,
    run,
    status_badge,
)
from desktop.planner import best_rule, citizen_rule, unique_passports
from desktop.storage.content_db import ContentDB

EMERGENCY_KEYS = (("emergency", "Emergency"), ("police", "Police"),
                  ("ambulance", "Ambulance"), ("fire", "Fire"))


def stale_days(content: ContentDB) -> int:
    """The content's staleness threshold in days."""
    try:
        return int(content.meta.get("stale_after_days", 30))
    except ValueError:
        return 30


def level_badge(level: int, text: str | None = None) -> Badge:
    """Advisory level 1-4 as a badge."""
    return Badge(text or f"Level {level} · {LEVEL_LABELS.get(level, '')}", f"lvl{level}")


def emergency_numbers(country: dict) -> Numbers:
    """A country's emergency numbers with their copy paths."""
    return Numbers(tuple(Number(label, country[key], f"country/{country['id']}/{key}",
                                is_unsure(country, key))
                         for key, label in EMERGENCY_KEYS if country.get(key)))


def phone_copy(contact: dict, index: int) -> Copy:
    """The copy button of one of a contact's phones."""
    phone = contact["phones"][index]
    return Copy(f"contact/{contact['id']}/phone/{index}",
                f"phone number {phone['display']} of {contact['name']}")


def _page(content: ContentDB, kind: str, r: dict, title: str = "", kicker: str = "",
          local: str = "") -> Page:
    return Page(kind=kind, id=r["id"], kicker=kicker or KIND_LABELS.get(kind, kind),
                title=title or content.title(kind, r), local_title=local or "",
                sources=r.get("source_records", []), as_of=r.get("as_of", ""),
                checked_on=r.get("checked_on", ""),
                confidence=r.get("confidence") or "verified")


def country_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """A country: emergency numbers, advisories, ways out, notes."""
    page = _page(content, "country", r, r.get("name") or content.country_name(r["id"]),
                 local=r.get("name_local", ""))
    page.add("Emergency numbers", emergency_numbers(r))
    page.add("", Markup(r.get("notes_html") or ""))
    page.add("Advisories", Rows(tuple(
        (run(level_badge(a["level"])),
         run(Link.record("advisory", a["id"], ISSUER_NAMES.get(a["issuer"], a["issuer"])),
             Text(f"· {fmt_date(a['issued_on'])}", "muted")))
        for a in r.get("advisories", []))) if r.get("advisories") else None)
    routes = content.list("route", from_country=r["id"])
    page.add("Exit routes", Items(tuple(
        run(Link.record("route", x["id"], x["name"]), status_badge(x["status"]))
        for x in routes)) if routes else None)
    return page


def advisory_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """One government's advisory."""
    issuer = ISSUER_NAMES.get(r["issuer"], r["issuer"])
    page = _page(content, "advisory", r,
                 kicker=f"Travel advice · {content.country_name(r['country'])}")
    page.lead = run(level_badge(r["level"]), Text(issuer, "strong"),
                    f": {r['issuer_level']} — {r['issuer_label']}")
    page.fields = [
        Field("Issued by", run(issuer)),
        Field("Level", run(Text(r["issuer_label"], "strong"),
                           f"({r['issuer_level']}; {LEVEL_LABELS.get(r['level'], '')})")),
        Field("Issued on", run(fmt_date(r["issued_on"]),
                               "· regional advice" if r.get("regional") else None)),
        Field("Official page", run(External(r["url"], r["url"])) if r.get("url") else ()),
    ]
    page.dated = dated_note(r["issued_on"], stale_days(content), "This advisory")
    page.add("Summary", Markup(r.get("summary_html") or ""))
    page.add("Details", Markup(r.get("body_html") or ""))
    return page


def _rule_order(passports: Sequence[str]) -> Callable[[dict], tuple]:
    def key(rule: dict) -> tuple:
        mine = rule["passport"] in passports
        return (not mine, list(passports).index(rule["passport"]) if mine else 0,
                rule["passport"])
    return key


def route_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """An exit route with every passport's entry rule (the traveller's first)."""
    name = content.country_name
    to_name = name(r["to_country"])
    page = _page(content, "route", r, r["name"],
                 kicker=f"Exit route · {name(r['from_country'])} → {to_name}",
                 local=r.get("name_local", ""))
    rules = sorted(r.get("entry_rules", []), key=_rule_order(passports))
    mine = [e for e in rules if e["passport"] in passports]
    if r["to_country"] in passports:  # the traveller's own country lets them in
        mine.append(citizen_rule(content, r["to_country"]))
    if passports:
        best = best_rule(mine, passports)
        label = "/".join(unique_passports(passports))
        page.lead = (checked(best, "visa", f"Your passport ({label}):",
                             Text(entry_rule_text(best), "strong"))
                     if best else run(f"Your passport ({label}):",
                                      Text(entry_rule_text(None), "strong")))
    status = [status_badge(r["status"])]
    if r.get("advice") == "not-advised":
        status.append(status_badge("not-advised"))
    page.fields = [
        Field("From → to", run(Link.record("country", r["from_country"],
                                           name(r["from_country"])), "→",
                               Link.record("country", r["to_country"], to_name))),
        Field("Mode", run(MODE_TEXT.get(r["mode"], r["mode"]))),
        Field("Status", checked(r, "status", *status,
                                Text(f"as of {fmt_date(r['status_as_of'])}", "muted"))),
        Field("Hours", checked(r, "hours", r.get("hours"))),
        Field("Typical wait", checked(r, "typical_wait", r.get("typical_wait"))),
        Field("Also called", run(", ".join(r.get("aliases") or []))),
        Field("Coordinates", checked(r, "lat", f"{r['lat']:.4f}, {r['lon']:.4f}")),
    ]
    page.dated = dated_note(r["status_as_of"], stale_days(content), "This status")
    page.add("Who may pass", Markup(r.get("who_may_pass_html") or ""))
    page.add("Notes", Markup(r.get("notes_html") or ""))
    page.add(f"Entering {to_name}", Rows(tuple(
        (run(Text(name(e["passport"]), "strong" if e["passport"] in passports else ""),
             "(you)" if e["passport"] in passports else None),
         checked(e, "visa", Link.record("entry_rule", e["id"], entry_rule_text(e))))
        for e in rules)) if rules else None)
    return page


def entry_rule_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """Entry into a destination with one passport."""
    page = _page(content, "entry_rule", r,
                 kicker=f"Entry rule · {content.country_name(r['destination'])}")
    page.lead = checked(r, "visa", Text(entry_rule_text(r), "big"))
    page.fields = [
        Field("Destination", run(Link.record("country", r["destination"],
                                             content.country_name(r["destination"])))),
        Field("Passport", run(content.country_name(r["passport"]))),
        Field("Visa", checked(r, "visa", Text(entry_rule_text(r), "strong"))),
    ]
    page.add("Who may enter", Markup(r.get("who_may_enter_html") or ""))
    page.add("Documents", Markup(r.get("documents_html") or ""))
    page.add("Notes", Markup(r.get("notes_html") or ""))
    return page


def contact_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """A contact: phones and addresses with copy buttons, the local address large."""
    name = content.country_name
    page = _page(content, "contact", r, r["name"],
                 kicker=f"{r['kind'].capitalize()} · {name(r['country'])}")
    page.lead = run(status_badge(r["status"]),
                    Text(f"as of {fmt_date(r['status_as_of'])}", "muted")
                    if r.get("status_as_of") else None,
                    Text(" · ".join(p for p in (
                        r.get("city") or "",
                        "serves " + ", ".join(name(c) for c in r["serves"])
                        if r.get("serves") else "") if p),
                        "muted"))
    phones = r.get("phones") or []
    page.add("Phone", Rows(tuple(
        (checked(r, "phones", Text(p["display"], "big"), index=i), run(phone_copy(r, i)),
         run(Text(p.get("label") or "", "muted")))
        for i, p in enumerate(phones))) if phones else None)
    local = r.get("address_local")
    page.add("Address",
             Panel((checked(r, "address_local", Text(local, "local")),
                    run(Copy(f"contact/{r['id']}/address_local",
                             f"address in local script of {r['name']}"))),
                   "Show this to a driver:") if local else None,
             Items((checked(r, "address", r["address"],
                            Copy(f"contact/{r['id']}/address",
                                 f"address of {r['name']}")),)) if r.get("address") else None)
    page.fields = [
        Field("Email", run(External(f"mailto:{r['email']}", r["email"]))
              if r.get("email") else ()),
        Field("Website", run(External(r["website"], r["website"]))
              if r.get("website") else ()),
        Field("Hours", checked(r, "hours", r.get("hours"))),
    ]
    page.add("Notes", Markup(r.get("notes_html") or ""))
    return page


def guide_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """A guide article."""
    page = _page(content, "guide", r, r["title"],
                 kicker="Guide" + (f" · {content.country_name(r['country'])}"
                                   if r.get("country") else ""))
    page.add("", Markup(r.get("summary_html") or ""))
    page.add("", Markup(r.get("body_html") or ""))
    if r.get("tags"):
        page.add("", Items((run(Text("Topics: " + ", ".join(r["tags"]), "muted")),)))
    return page


def checklist_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """A checklist as a read-only list (the interactive view and the printout use
    ``checklist_items``)."""
    page = _page(content, "checklist", r, r["title"],
                 kicker="Checklist" + (f" · {content.country_name(r['country'])}"
                                       if r.get("country") else ""))
    page.add("", Markup(r.get("summary_html") or ""))
    page.add("Items", Items(tuple(
        checked(i, None, Text(i["text"], "strong"),
                Badge("Important", "closed") if i.get("priority") == "high" else None,
                Text(i.get("detail_text") or "", "muted"))
        for i in r.get("items", []))))
    return page


def phrase_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """A phrase: English, local script (large), transliteration."""
    page = _page(content, "phrase", r, r["english"], kicker=f"Phrase · {r['category']}")
    page.add("", Panel((run(Text(r["local"], "local")), run(Text(r["translit"], "italic")),
                        run(Copy(f"phrase/{r['id']}/local",
                                 f"phrase in {r['language']}: {r['english']}")))))
    page.fields = [Field("Language", run(r["language"])),
                   Field("Category", run(r["category"]))]
    return page


def city_page(content: ContentDB, r: dict, passports: Sequence[str]) -> Page:
    """A city (a starting point for the route planner)."""
    page = _page(content, "city", r, r["name"], local=r.get("name_local", ""))
    page.fields = [Field("Country", run(Link.record("country", r["country"],
                                                    content.country_name(r["country"])))),
                   Field("Coordinates", run(f"{r['lat']:.4f}, {r['lon']:.4f}"))]
    page.add("", Items((run(Link(f"sp://planner/{r['id']}",
                                 f"Plan a way out from {r['name']}")),)))
    return page


BUILDERS: dict[str, Callable[[ContentDB, dict, Sequence[str]], Page]] = {
    "country": country_page, "advisory": advisory_page, "route": route_page,
    "entry_rule": entry_rule_page, "contact": contact_page, "guide": guide_page,
    "checklist": checklist_page, "phrase": phrase_page, "city": city_page,
}


def copy_value(content: ContentDB, path: str) -> str:
    """The value a copy button (``Copy.path``: KIND/ID/FIELD[/N]) stands for ('' if none)."""
    parts = path.split("/")
    if len(parts) < 3:
        return ""
    kind, ident, field_name = parts[:3]
    record = content.get(kind, ident)
    if field_name == "phone":
        index = int(parts[3]) if len(parts) > 3 and parts[3].isdigit() else 0
        phones = record.get("phones") or []
        return phones[index]["display"] if index < len(phones) else ""
    value = record.get(field_name)
    return str(value) if value else ""


def record_page(content: ContentDB, kind: str, record: dict,
                passports: Sequence[str] = ()) -> Page:
    """The page of an already-loaded record."""
    return BUILDERS[kind](content, record, list(passports))


def page_for(content: ContentDB, kind: str, record_id: str,
             passports: Sequence[str] = ()) -> Page:
    """The page of one record (raises NotFoundError)."""
    return record_page(content, kind, content.get(kind, record_id), passports)
