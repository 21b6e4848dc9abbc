"""UK FCDO foreign travel advice: a saved GOV.UK Content API ``travel_advice`` JSON file.

Save one country's JSON from https://www.gov.uk/api/content/foreign-travel-advice/<slug>.
The index (``travel_advice_index``) carries no advice levels, so it is refused with a
message saying which per-country files to save instead.

Level: the FCDO has no numbers; ``details.alert_status`` holds flags.  The raw flags are
kept as ``issuer_level`` (comma-separated, "none" when empty) and the 1–4 level is derived
per the ladder (reference doc B7), taking the highest flag:

====================================================  =====
flag                                                  level
====================================================  =====
(no flags)                                            1
avoid_all_but_essential_travel_to_parts               2
avoid_all_travel_to_parts                             3
avoid_all_but_essential_travel_to_whole_country       3
avoid_all_travel_to_whole_country                     4
====================================================  =====

Any ``..._to_parts`` flag also sets ``regional``.  Note that for parts-only flags the level
describes the worst region, as the ladder does; the flag text in ``issuer_label`` says so.
"""

from __future__ import annotations

import datetime as dt

from desktop.feeds import FeedError, Parsed, make_advisory
from desktop.feeds._load import load_json
from desktop.feeds.countries import name_to_iso
from desktop.feeds.dates import local_date, parse_iso
from desktop.feeds.sources import ISSUER_SOURCE
from desktop.feeds.text import escape_summary, html_to_markdown, shorten

SOURCE = ISSUER_SOURCE["UK"]
BASE_URL = "https://www.gov.uk"

FLAGS = {  # flag: (level, label)
    "avoid_all_but_essential_travel_to_parts":
        (2, "FCDO advises against all but essential travel to parts of the country"),
    "avoid_all_travel_to_parts":
        (3, "FCDO advises against all travel to parts of the country"),
    "avoid_all_but_essential_travel_to_whole_country":
        (3, "FCDO advises against all but essential travel to the whole country"),
    "avoid_all_travel_to_whole_country":
        (4, "FCDO advises against all travel to the whole country"),
}
NO_FLAGS_LABEL = "No FCDO advice against travel"

# GOV.UK country slugs whose display name pycountry does not resolve on its own.
SLUG_TO_ISO = {"russia": "RU", "turkey": "TR", "the-bahamas": "BS", "burma": "MM",
               "democratic-republic-of-the-congo": "CD", "congo": "CG", "kosovo": None,
               "macao": "MO", "micronesia": "FM", "the-occupied-palestinian-territories": "PS",
               "st-maarten": "SX", "st-martin": "MF", "south-korea": "KR",
               "north-korea": "KP", "usa": "US", "cape-verde": "CV", "ivory-coast": "CI"}


def level_from_flags(flags: list[str], at: str) -> tuple[int, str, bool]:
    """(level, label, regional) for an ``alert_status`` list; FeedError on unknown flags."""
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise FeedError(f"{at}: unknown alert_status value {unknown[0]!r}")
    if not flags:
        return 1, NO_FLAGS_LABEL, False
    ordered = sorted(set(flags), key=lambda f: (-FLAGS[f][0], list(FLAGS).index(f)))
    level = FLAGS[ordered[0]][0]
    label = "; ".join(FLAGS[f][1] for f in ordered)
    return level, label, any(f.endswith("_to_parts") for f in flags)


def parse(data: bytes, name: str, checked_on: dt.date | None = None) -> Parsed:
    """Parse one country's ``travel_advice`` JSON."""
    doc = load_json(data, name)
    if not isinstance(doc, dict):
        raise FeedError(f"{name}: expected a GOV.UK travel_advice JSON object")
    kind = doc.get("schema_name") or doc.get("document_type")
    if kind == "travel_advice_index":
        links = doc.get("links")
        if not isinstance(links, dict):
            links = {}
        children = links.get("children") or []
        hint = f" (it lists {len(children)} countries)" if isinstance(children, list) else ""
        raise FeedError(f"{name}: this is the GOV.UK travel advice index{hint}, which has no "
                        f"advice levels; save each country's file from "
                        f"https://www.gov.uk/api/content/foreign-travel-advice/<country>")
    details = doc.get("details")
    if kind != "travel_advice" or not isinstance(details, dict):
        raise FeedError(f"{name}: not a GOV.UK travel_advice document (schema "
                        f"{kind!r}); expected a file from /api/content/foreign-travel-advice/…")
    country = details.get("country") or {}
    cname = country.get("name") if isinstance(country, dict) else None
    slug = country.get("slug") if isinstance(country, dict) else None
    at = f"{name} ({cname})" if cname else name
    if not isinstance(cname, str) or not isinstance(slug, str):
        raise FeedError(f"{at}: details.country must have a name and a slug")
    flags = details.get("alert_status")
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise FeedError(f"{at}: details.alert_status must be a list of flags")
    level, label, regional = level_from_flags(flags, at)
    stamp = details.get("updated_at") or doc.get("public_updated_at")
    try:
        issued = local_date(parse_iso(stamp))
    except (ValueError, TypeError):
        raise FeedError(f"{at}: updated_at {stamp!r} is not an ISO date") from None
    parts = details.get("parts")
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        raise FeedError(f"{at}: details.parts must be a list of sections")
    base_path = doc.get("base_path") or f"/foreign-travel-advice/{slug}"
    url = BASE_URL + base_path if str(base_path).startswith("/") else None
    sections = []
    for part in parts:
        title, html = part.get("title"), part.get("body")
        if not isinstance(title, str) or not isinstance(html, str):
            raise FeedError(f"{at}: a part has no title or no HTML body")
        text = html_to_markdown(html, url or BASE_URL)
        if text:
            sections.append(f"## {title.strip()}\n\n{text}")
    if not sections:
        raise FeedError(f"{at}: the advice has no text (details.parts is empty)")
    iso = SLUG_TO_ISO[slug] if slug in SLUG_TO_ISO else name_to_iso(cname)
    if iso is None:
        return Parsed([], [f"{at}: no ISO 3166 country for {cname!r}, skipped"])
    change = details.get("change_description")
    summary = label + "."
    if isinstance(change, str) and change.strip():
        summary += " " + escape_summary(shorten(change, 220))
    record = make_advisory(
        country=iso, issuer="UK", issuer_level=", ".join(flags) or "none", issuer_label=label,
        level=level, issued_on=issued, summary=summary, body="\n\n".join(sections), url=url,
        source=SOURCE, regional=regional, checked_on=checked_on)
    return Parsed([record], [])
