"""What the window shows for a location: the section to select, its list of records, the
window title and the page body (or which interactive view to use).  No Qt here.

Locations: ``("overview", "")``, ``("planner", "")``, ``("map", "")``, ``("section", NAME)`` or
``(KIND, ID)`` for a record page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from desktop.content.schema import PAGE_KINDS
from desktop.errors import NotFoundError
from desktop.pages import screen
from desktop.pages.model import parse_link
from desktop.pages.overview import (
    KIND_SECTION,
    Listing,
    bookmarks_listing,
    overview,
    section_listing,
)
from desktop.pages.records import record_page
from desktop.storage.content_db import ContentDB

Location = tuple[str, str]
TITLES = {"overview": "Overview", "planner": "Route planner", "map": "Map of the ways out"}


class Shown(NamedTuple):
    """What a location shows.  ``records`` None keeps the records listed (a page opened
    from the Bookmarks list keeps that list); ``view`` is 'page', 'planner', 'map' or
    'checklist' (the last three are interactive views; ``html`` is then empty)."""

    section: str | None
    records: list[tuple[str, str, str]] | None
    title: str
    html: str = ""
    view: str = "page"


def listing_items(listing: Listing) -> list[tuple[str, str, str]]:
    """(kind, id, title) of a listing's rows."""
    rows = []
    for link, _, _ in listing.rows:
        kind, ident = parse_link(link.target) or ("", "")
        rows.append((kind, ident, link.text))
    return rows


def resolve(content: ContentDB, location: Location, *, country: str,
            passports: Sequence[str], city: str, bookmarks: list[dict],
            in_bookmarks: bool = False, confirmed: bool = True, wide: bool = True) -> Shown:
    """What to show for ``location`` (raises NotFoundError for a missing page)."""
    kind, ident = location
    if kind == "overview":
        view = overview(content, country=country, passports=passports, city_id=city,
                        confirmed=confirmed)
        return Shown("Overview", [], TITLES[kind], screen.overview_html(view, wide=wide))
    if kind == "planner":
        return Shown("Route planner", [], TITLES[kind], view="planner")
    if kind == "map":
        return Shown("Map", [], TITLES[kind], view="map")
    if kind == "section":
        listing = (bookmarks_listing(bookmarks) if ident == "Bookmarks"
                   else section_listing(content, ident, passports))
        return Shown(ident, listing_items(listing), ident, screen.listing_html(listing))
    if kind not in PAGE_KINDS:
        raise NotFoundError(f"Unknown page '{kind}/{ident}'.")
    record = content.get(kind, ident)
    title = content.title(kind, record)
    section: str | None = "Bookmarks"
    records: list[tuple[str, str, str]] | None = None
    if not in_bookmarks:
        section = KIND_SECTION.get(kind)
        records = (listing_items(section_listing(content, section, passports)) if section
                   else [])
    if kind == "checklist":
        return Shown(section, records, title, view="checklist")
    return Shown(section, records, title,
                 screen.page_html(record_page(content, kind, record, passports)))
