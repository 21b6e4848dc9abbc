"""US State Department travel advisories: the RSS feed (TAsTWs.xml) and the JSON API array.

Level: the ``category domain="Threat-Level"`` value ("Level 4: Do Not Travel", sometimes
just "Level 2") is preferred over the title ("Russia - Level 4: Do Not Travel",
"Russia Travel Advisory - Level 4: Do Not Travel").  Items with no level anywhere
("Worldwide Caution", "... - See Summaries") are skipped, not failed.

Country: ``category domain="Country-Tag"`` / the JSON ``Category`` list hold State's own
FIPS-style codes (RS = Russia), mapped through ``countries.FIPS_TO_ISO``.  Without a usable
tag the destination name in the title is looked up instead.  An item whose destination has
no ISO code (Kosovo) is skipped with a note.

Regional: set when the description has a regional section heading such as
"Do Not Travel To:" or "Reconsider Travel To:".
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.feeds import FeedError, Parsed, make_advisory
from desktop.feeds._load import load_json, load_xml, text_of, where
from desktop.feeds.countries import fips_to_iso, name_to_iso
from desktop.feeds.dates import local_date, parse_any, parse_rfc822
from desktop.feeds.sources import ISSUER_SOURCE
from desktop.feeds.text import escape_summary, html_to_markdown, markdown_to_plain, shorten

SOURCE = ISSUER_SOURCE["US"]
BASE_URL = "https://travel.state.gov/"
LABELS = {1: "Exercise Normal Precautions", 2: "Exercise Increased Caution",
          3: "Reconsider Travel", 4: "Do Not Travel"}

_LEVEL = re.compile(r"\bLevel\s*(\d+)\s*(?::\s*([^-–—]+?))?\s*(?:[-–—].*)?$", re.I)
_TITLE_NAME = re.compile(r"^(.*?)\s*(?:Travel Advisory)?\s*[-–—:]\s*Level\s*\d", re.I)
_REGIONAL = re.compile(r"\b(?:do not travel|reconsider travel)\s+to\s*:", re.I)


def _level(text: str, what: str, at: str) -> tuple[int, str] | None:
    """(level, label) from "Level 4: Do Not Travel" / "Level 2"; None if no "Level N"."""
    m = _LEVEL.search(text)
    if not m:
        return None
    level = int(m.group(1))
    if not 1 <= level <= 4:
        raise FeedError(f"{at}: {what} gives level {level}, outside the 1–4 scale")
    return level, (m.group(2) or "").strip() or LABELS[level]


def _title_name(title: str) -> str:
    m = _TITLE_NAME.match(title)
    return (m.group(1) if m else title).strip()


def _record(*, at: str, title: str, level_text: str | None, level_what: str, tags: list[str],
            date: dt.date, html: str, url: str | None, checked_on: dt.date | None,
            skipped: list[str]) -> list[dict]:
    found = _level(level_text, level_what, at) if level_text else None
    if level_text and found is None:
        raise FeedError(f"{at}: {level_what} {level_text!r} has no 'Level N'")
    found = found or _level(title, "the title", at)
    if found is None:
        skipped.append(f"{at}: no advisory level (not a country advisory), skipped")
        return []
    level, label = found
    codes = []
    for tag in tags:
        iso = fips_to_iso(tag)
        if iso and iso not in codes:
            codes.append(iso)
    if not codes:
        iso = name_to_iso(_title_name(title))
        if iso is None:
            why = f"country tag {', '.join(tags)!s} unknown and" if tags else "no country tag and"
            skipped.append(f"{at}: {why} no ISO 3166 country named "
                           f"{_title_name(title)!r}, skipped")
            return []
        codes = [iso]
    body = html_to_markdown(html, BASE_URL)
    if not body:
        raise FeedError(f"{at}: the advisory text is empty")
    summary = escape_summary(shorten(markdown_to_plain(body)))
    url = url if url and url.startswith("https://") else None
    return [make_advisory(
        country=cc, issuer="US", issuer_level=f"Level {level}", issuer_label=label,
        level=level, issued_on=date, summary=summary, body=body, url=url, source=SOURCE,
        regional=bool(_REGIONAL.search(markdown_to_plain(body))), checked_on=checked_on,
    ) for cc in codes]


def parse_rss(data: bytes, name: str, checked_on: dt.date | None = None) -> Parsed:
    """Parse a saved copy of https://travel.state.gov/_res/rss/TAsTWs.xml."""
    root = load_xml(data, name)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FeedError(f"{name}: not an RSS feed (root element <{root.tag}>)")
    items = channel.findall("item")
    if not items:
        raise FeedError(f"{name}: the RSS feed has no <item> elements")
    records: list[dict] = []
    skipped: list[str] = []
    for i, item in enumerate(items, 1):
        title = text_of(item.find("title"))
        at = where(name, i, title or None)
        if not title:
            raise FeedError(f"{at}: the item has no <title>")
        cats: dict[str, str] = {}
        for cat in item.findall("category"):
            cats.setdefault(cat.get("domain", ""), text_of(cat))
        pub = text_of(item.find("pubDate"))
        try:
            date = local_date(parse_rfc822(pub))
        except ValueError:
            raise FeedError(f"{at}: pubDate {pub!r} is not a date") from None
        tag = cats.get("Country-Tag", "")
        records += _record(
            at=at, title=title, level_text=cats.get("Threat-Level") or None,
            level_what="the Threat-Level category", tags=[tag] if tag else [], date=date,
            html=text_of(item.find("description")), url=text_of(item.find("link")) or None,
            checked_on=checked_on, skipped=skipped)
    return Parsed(records, skipped)


def parse_json(data: bytes, name: str, checked_on: dt.date | None = None) -> Parsed:
    """Parse a saved answer of https://cadataapi.state.gov/api/TravelAdvisories."""
    items = load_json(data, name)
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        raise FeedError(f"{name}: expected a JSON array of advisory objects (the "
                        f"TravelAdvisories API answer)")
    if not items:
        raise FeedError(f"{name}: the advisory list is empty (the API sometimes answers "
                        f"with an empty list; save it again later)")
    records: list[dict] = []
    skipped: list[str] = []
    for i, item in enumerate(items, 1):
        title = item.get("Title")
        at = where(name, i, title if isinstance(title, str) else None)
        if not isinstance(title, str) or not title.strip():
            raise FeedError(f"{at}: the advisory has no Title")
        tags = item.get("Category") or []
        if isinstance(tags, str):
            tags = [tags]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise FeedError(f"{at}: Category must be a list of country codes")
        stamp = item.get("Published") or item.get("Updated")
        try:
            date = local_date(parse_any(stamp))
        except (ValueError, TypeError):
            raise FeedError(f"{at}: Published {stamp!r} is not a date") from None
        level_text = None
        if item.get("Advisory_Level") is not None:
            level_text = f"Level {item['Advisory_Level']}".strip()
            if not re.fullmatch(r"Level \d+", level_text):
                raise FeedError(f"{at}: Advisory_Level {item['Advisory_Level']!r} is not a "
                                f"number 1–4")
            title_label = _level(title, "the title", at)
            if title_label and title_label[0] == int(level_text[6:]):
                level_text += f": {title_label[1]}"
        summary = item.get("Summary") or ""
        if not isinstance(summary, str):
            raise FeedError(f"{at}: Summary must be text")
        link = item.get("Link")
        records += _record(
            at=at, title=title, level_text=level_text, level_what="Advisory_Level",
            tags=[t for t in tags if t.strip()], date=date, html=summary,
            url=link if isinstance(link, str) else None, checked_on=checked_on,
            skipped=skipped)
    return Parsed(records, skipped)
