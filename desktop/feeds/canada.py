"""Global Affairs Canada travel advice open data: the index and per-country files.

Index: ``index-alpha-eng.json`` (also ``-fra`` / ``index-updated.json``), whose ``data`` is an
object keyed by ISO alpha-2.  Per country: ``cta-cap-<ISO2>.json``, whose ``data`` is one
country's record with HTML sections.

Level: ``advisory-state`` 0–3 (sometimes written as a string such as "3") plus one:

=====  ==================================  =====
state  meaning                             level
=====  ==================================  =====
0      Take normal security precautions    1
1      Exercise a high degree of caution   2
2      Avoid non-essential travel          3
3      Avoid all travel                    4
=====  ==================================  =====

``has-regional-advisory`` sets ``regional``.  The date is ``date-published.date`` as written
(Ottawa time), never the Unix timestamp (which is UTC and can move the day).
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.feeds import FeedError, Parsed, make_advisory
from desktop.feeds._load import load_json
from desktop.feeds.countries import is_iso2
from desktop.feeds.dates import local_date, parse_iso
from desktop.feeds.sources import ISSUER_SOURCE
from desktop.feeds.text import escape_summary, html_to_markdown, markdown_to_plain, shorten

SOURCE = ISSUER_SOURCE["CA"]
BASE_URL = "https://travel.gc.ca/destinations/"
LABELS = {0: "Take normal security precautions", 1: "Exercise a high degree of caution",
          2: "Avoid non-essential travel", 3: "Avoid all travel"}
SECTIONS = (("advisories", "Risk level and regional advisories"),
            ("security", "Safety and security"), ("entry-exit", "Entry and exit requirements"),
            ("health", "Health"), ("laws-culture", "Laws and culture"),
            ("disasters-climate", "Natural disasters and climate"))


def _int(value: object, what: str, at: str) -> int:
    """Coerce 3 / "3" / 3.0 to int; FeedError otherwise."""
    if isinstance(value, bool):
        raise FeedError(f"{at}: {what} {value!r} is not a number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise FeedError(f"{at}: {what} {value!r} is not a number")


def _entry(key: str | None, entry: object, at: str, name: str, full: bool,
           checked_on: dt.date | None, skipped: list[str]) -> list[dict]:
    if not isinstance(entry, dict):
        raise FeedError(f"{at}: expected an object for the country")
    iso = entry.get("country-iso", key)
    if not isinstance(iso, str):
        raise FeedError(f"{at}: country-iso is missing")
    iso = iso.strip().upper()
    if key is not None and key.strip().upper() != iso:
        raise FeedError(f"{at}: key {key!r} and country-iso {iso!r} disagree")
    state = _int(entry.get("advisory-state"), "advisory-state", at)
    if state not in LABELS:
        raise FeedError(f"{at}: advisory-state {state} is outside 0–3")
    eng = entry.get("eng") or {}
    if not isinstance(eng, dict):
        raise FeedError(f"{at}: 'eng' must be an object")
    published = entry.get("date-published")
    stamp = published.get("date") if isinstance(published, dict) else published
    try:
        issued = local_date(parse_iso(stamp))
    except (ValueError, TypeError):
        raise FeedError(f"{at}: date-published {stamp!r} is not a date") from None
    if not is_iso2(iso):
        skipped.append(f"{at}: {iso!r} is not an ISO 3166 country code, skipped")
        return []
    regional = bool(_int(entry.get("has-regional-advisory", 0), "has-regional-advisory", at))
    warning = bool(_int(entry.get("has-advisory-warning", 0), "has-advisory-warning", at))
    label = str(eng.get("advisory-text") or LABELS[state]).strip()
    slug = eng.get("url-slug")
    url = BASE_URL + slug if isinstance(slug, str) and re.fullmatch(r"[a-z0-9-]+", slug) else None
    updates = html_to_markdown(str(eng.get("recent-updates") or ""), url or BASE_URL)
    blocks = [f"Global Affairs Canada: **{escape_summary(label)}**."]
    if regional:
        blocks.append("Regional advisories apply to parts of the country.")
    if warning:
        blocks.append("A special advisory warning is in effect.")
    if updates:
        blocks.append(f"## Latest update\n\n{updates}")
    if full:
        for key_, heading in SECTIONS:
            html = eng.get(key_)
            if isinstance(html, str) and (text := html_to_markdown(html, url or BASE_URL)):
                blocks.append(f"## {heading}\n\n{text}")
    summary = escape_summary(label) + "."
    if updates:
        summary += " " + escape_summary(shorten(markdown_to_plain(updates), 220))
    return [make_advisory(
        country=iso, issuer="CA", issuer_level=str(state), issuer_label=label,
        level=state + 1, issued_on=issued, summary=summary, body="\n\n".join(blocks), url=url,
        source=SOURCE, regional=regional, checked_on=checked_on)]


def parse(data: bytes, name: str, checked_on: dt.date | None = None) -> Parsed:
    """Parse an index file or a ``cta-cap-XX.json`` file (told apart by their shape)."""
    doc = load_json(data, name)
    body = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(body, dict):
        raise FeedError(f"{name}: expected a Canada travel-advice JSON object with a "
                        f"'data' object")
    skipped: list[str] = []
    if "advisory-state" in body:  # one country: cta-cap-XX.json
        m = re.search(r"cta-cap-([A-Za-z]{2})\.json$", name)
        key = None if "country-iso" in body or not m else m.group(1)
        at = f"{name} ({body.get('country-iso') or key})"
        return Parsed(_entry(key, body, at, name, True, checked_on, skipped), skipped)
    if not body:
        raise FeedError(f"{name}: the index lists no countries")
    records: list[dict] = []
    for i, (key, entry) in enumerate(body.items(), 1):
        at = f"{name}: entry {i} ({key})"
        records += _entry(key, entry, at, name, False, checked_on, skipped)
    return Parsed(records, skipped)
