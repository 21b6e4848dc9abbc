"""Australia's Smartraveller: the RSS feed (``ta:`` namespace) and the destinations export.

RSS (``/countries/documents/index.rss``): each item's ``ta:warnings`` holds ``ta:level``
(1–4; an "N/M" form is read as N) and ``ta:description`` (the level's wording).  ``pubDate``
uses Australian zone names ("28 Sep 2022 09:15:00 AEST"); the record keeps the Australian
calendar date.  The destination comes from the item title (pycountry plus overrides).

JSON (``/destinations-export``): an array with ``field_overall_advice_level`` as text.

=====  ==================================
level  Smartraveller wording
=====  ==================================
1      Exercise normal safety precautions
2      Exercise a high degree of caution
3      Reconsider your need to travel
4      Do not travel
=====  ==================================

Items with no level ("No travel advice") or no ISO country are skipped with a note.
``regional`` is set (JSON only) when ``field_advice_levels`` says more than the overall level.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.etree.ElementTree import Element

from desktop.feeds import FeedError, Parsed, make_advisory
from desktop.feeds._load import load_json, load_xml, text_of, where
from desktop.feeds.countries import name_to_iso
from desktop.feeds.dates import local_date, parse_any, parse_rfc822
from desktop.feeds.sources import ISSUER_SOURCE
from desktop.feeds.text import escape_summary, html_to_markdown, markdown_to_plain, shorten

SOURCE = ISSUER_SOURCE["AU"]
NAMESPACE = "http://www.smartraveller.gov.au/schema/rss/travel_advisories/"
BASE_URL = "https://www.smartraveller.gov.au"
LABELS = {1: "Exercise normal safety precautions", 2: "Exercise a high degree of caution",
          3: "Reconsider your need to travel", 4: "Do not travel"}
_BY_LABEL = {v.casefold(): k for k, v in LABELS.items()}
NO_ADVICE = "no travel advice"


def _child(el: Element, local: str) -> Element | None:
    """First child whose local name is *local*, in whatever namespace (ta: or none)."""
    for child in el:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == local:
            return child
    return None


def _rss_level(text: str, at: str) -> int:
    m = re.fullmatch(r"\s*(\d+)\s*(?:/\s*\d+\s*)?", text)
    if not m:
        raise FeedError(f"{at}: ta:level {text!r} is not a number")
    level = int(m.group(1))
    if not 1 <= level <= 4:
        raise FeedError(f"{at}: ta:level {level} is outside the 1–4 scale")
    return level


def _make(*, title: str, level: int, label: str, issued: dt.date, html: str, url: str | None,
          regional: bool, checked_on: dt.date | None, at: str,
          skipped: list[str], extra: str = "") -> list[dict]:
    iso = name_to_iso(title)
    if iso is None:
        skipped.append(f"{at}: no ISO 3166 country named {title!r}, skipped")
        return []
    body = html_to_markdown(html, url or BASE_URL)
    blocks = [f"Smartraveller: **{escape_summary(label)}**."] + [b for b in (body, extra) if b]
    summary = escape_summary(label) + "."
    if body:
        summary += " " + escape_summary(shorten(markdown_to_plain(body), 220))
    if url and url.startswith("/"):
        url = BASE_URL + url
    return [make_advisory(
        country=iso, issuer="AU", issuer_level=str(level), issuer_label=label, level=level,
        issued_on=issued, summary=summary, body="\n\n".join(blocks),
        url=url if url and url.startswith("https://") else None, source=SOURCE,
        regional=regional, checked_on=checked_on)]


def parse_rss(data: bytes, name: str, checked_on: dt.date | None = None) -> Parsed:
    """Parse a saved copy of the Smartraveller RSS feed."""
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
        pub = text_of(item.find("pubDate"))
        try:
            issued = local_date(parse_rfc822(pub))
        except ValueError as exc:
            raise FeedError(f"{at}: pubDate {pub!r} is not a date ({exc})") from None
        warnings = _child(item, "warnings")
        level_el = _child(warnings, "level") if warnings is not None else None
        if level_el is None or not text_of(level_el):
            skipped.append(f"{at}: no ta:level (no advice level), skipped")
            continue
        level = _rss_level(text_of(level_el), at)
        description = _child(warnings, "description") if warnings is not None else None
        label = text_of(description) or LABELS[level]
        records += _make(title=title, level=level, label=label, issued=issued,
                         html=text_of(item.find("description")),
                         url=text_of(item.find("link")) or None, regional=False,
                         checked_on=checked_on, at=at, skipped=skipped)
    return Parsed(records, skipped)


def parse_json(data: bytes, name: str, checked_on: dt.date | None = None) -> Parsed:
    """Parse a saved copy of https://www.smartraveller.gov.au/destinations-export."""
    items = load_json(data, name)
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        raise FeedError(f"{name}: expected a JSON array of destination objects (the "
                        f"Smartraveller destinations export)")
    if not items:
        raise FeedError(f"{name}: the destinations export is empty")
    records: list[dict] = []
    skipped: list[str] = []
    for i, item in enumerate(items, 1):
        title = item.get("title")
        at = where(name, i, title if isinstance(title, str) else None)
        if not isinstance(title, str) or not title.strip():
            raise FeedError(f"{at}: the destination has no title")
        overall = item.get("field_overall_advice_level")
        if not isinstance(overall, str):
            raise FeedError(f"{at}: field_overall_advice_level is missing")
        plain = markdown_to_plain(html_to_markdown(overall))
        if plain.casefold() == NO_ADVICE:
            skipped.append(f"{at}: no travel advice, skipped")
            continue
        level = _BY_LABEL.get(plain.casefold().rstrip("."))
        if level is None:
            raise FeedError(f"{at}: field_overall_advice_level {plain!r} is not one of the "
                            f"four Smartraveller levels")
        stamp = item.get("field_last_update") or item.get("changed")
        try:
            issued = local_date(parse_any(stamp))
        except (ValueError, TypeError):
            raise FeedError(f"{at}: field_last_update {stamp!r} is not a date") from None
        levels_html = item.get("field_advice_levels") or ""
        notes = item.get("field_last_update_notes") or ""
        if not isinstance(levels_html, str) or not isinstance(notes, str):
            raise FeedError(f"{at}: field_advice_levels and field_last_update_notes must be "
                            f"text")
        levels_md = html_to_markdown(levels_html, BASE_URL)
        regional = bool(levels_md) and markdown_to_plain(levels_md).casefold().rstrip(".") \
            != LABELS[level].casefold()
        url = item.get("field_url")
        records += _make(title=title.strip(), level=level, label=LABELS[level], issued=issued,
                         html=notes, url=url if isinstance(url, str) else None,
                         regional=regional, checked_on=checked_on, at=at, skipped=skipped,
                         extra=f"## Advice levels\n\n{levels_md}" if regional else "")
    return Parsed(records, skipped)
