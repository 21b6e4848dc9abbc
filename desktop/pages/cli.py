"""``safe-passage show``, ``list`` and ``plan``: pages and ways out as text or JSON."""

from __future__ import annotations

import argparse

from desktop.content.schema import PAGE_KINDS
from desktop.services import Services


def _summary(kind: str, record: dict, services: Services) -> str:
    title = services.content.title(kind, record)
    extra = {
        "route": lambda r: f"{r['status']} (as of {r['status_as_of']})",
        "contact": lambda r: r["phones"][0]["display"] if r.get("phones") else "",
        "advisory": lambda r: f"level {r['level']}, {r['issued_on']}",
        "country": lambda r: f"emergency {r['emergency']}",
        "checklist": lambda r: r.get("summary", ""),
    }.get(kind, lambda r: "")(record)
    return f"{kind}/{record['id']}  {title}" + (f"  — {extra}" if extra else "")


def cmd_show(args: argparse.Namespace) -> int:
    """Show one record whole (its page as text, or the record as JSON)."""
    from desktop.cli import open_services_for, passports_for, print_json

    services = open_services_for(args)
    record = services.content.get(args.kind, args.id)
    if args.json:
        print_json(record)
        return 0
    from desktop.pages.plain import page_text
    from desktop.pages.records import record_page

    passports = passports_for(args, services)
    print(page_text(record_page(services.content, args.kind, record, passports)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """List every record of a kind."""
    from desktop.cli import open_services_for, print_json

    services = open_services_for(args)
    records = services.content.list(args.kind)
    if args.json:
        print_json(records)
        return 0
    for record in records:
        print(_summary(args.kind, record, services))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """The ways out from a city for the passports, in the order to consider them."""
    from desktop.cli import open_services_for, passports_for, print_json
    from desktop.errors import NotFoundError
    from desktop.pages.model import passports_text
    from desktop.pages.overview import distance_text, entry_text
    from desktop.planner import REACH_TEXT, dual_national_note, place, plan_routes

    services = open_services_for(args)
    passports = passports_for(args, services)
    if args.city:
        city = services.content.get("city", args.city)
    else:  # the settings' city, or this content's first (settings made with other content)
        settings = services.user.settings()
        city_id = place(services.content, settings.country, settings.city)[1]
        if not city_id:
            raise NotFoundError("This content has no cities to plan from.")
        city = services.content.get("city", city_id)
    planned = plan_routes(services.content, city=city, passports=passports)
    dual = dual_national_note(services.content, city["country"], passports)
    if args.json:
        print_json([{"id": r["id"], "name": r["name"], "to": r["to_country"], "mode": r["mode"],
                "reach": r["reach"], "reason": r["reach_reason"],
                "relies_on": r["relies_on"] or None,
                "entry": r["entry_rule"]["visa"] if r["entry_rule"] else None,
                "status": r["status"], "status_as_of": r["status_as_of"],
                "distance_km": r["distance_km"], "straight_line": True,
                "measured_from": r["measured_from"], "exit_on": r["exit_on"] or None,
                "entry_confidence": (r["entry_rule"] or {}).get("confidence"),
                "via": r.get("via") or []}
               for r in planned])
        return 0
    print(f"Ways out from {city['name']} for {passports_text(passports)} "
          "(what you can take first; distances are straight lines):")
    if dual:
        print(f"Dual nationals: {dual}")
    if planned and all(r["entry_rule"] is None for r in planned):
        print(f"This content has no entry rules for {' or '.join(passports)} passports: "
              "no way out below is known to be open to you; check entry rules first.")
    for r in planned:
        print(f"{REACH_TEXT[r['reach']]:<21} {r['name']} → "
              f"{services.content.country_name(r['to_country'])}")
        print(f"{'':<21} {r['reach_reason']} · {distance_text(r)} · "
              f"{entry_text(r, mark_unsure=True)} · {r['status']} as of {r['status_as_of']}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``show``, ``plan`` and ``list`` sub-commands."""
    p = subparsers.add_parser("show", help="show one record")
    p.add_argument("kind", choices=PAGE_KINDS, metavar="KIND")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--passport", metavar="CC", action="append", default=[],
                   help="your passport (repeat for several; default: your settings)")
    p.set_defaults(func=cmd_show)

    p = subparsers.add_parser("plan", help="the ways out from a city for your passports")
    p.add_argument("--passport", metavar="CC", action="append", default=[],
                   help="your passport (repeat for several; default: your settings)")
    p.add_argument("--city", metavar="CITY_ID", help="where you are (default: your settings)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_plan)

    p = subparsers.add_parser("list", help="list the records of a kind")
    p.add_argument("kind", choices=PAGE_KINDS, metavar="KIND")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
