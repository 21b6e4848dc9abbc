"""What each location shows: section, records listed, title, body or view."""

from __future__ import annotations

import pytest

from desktop.errors import NotFoundError
from desktop.pages.locations import resolve


def _resolve(services, location, **kw):
    return resolve(services.content, location, country="RU", passports=["US"],
                   city="moscow", bookmarks=kw.pop("bookmarks", []), **kw)


def test_overview_planner_sections_and_records(services):
    shown = _resolve(services, ("overview", ""))
    assert (shown.section, shown.title, shown.view) == ("Overview", "Overview", "page")
    assert "Russia" in shown.html
    assert _resolve(services, ("planner", "")).view == "planner"
    guides = _resolve(services, ("section", "Guides"))
    assert ("guide", "money", "Money when cards fail") in guides.records
    page = _resolve(services, ("guide", "money"))
    assert (page.section, page.title) == ("Guides", "Money when cards fail")
    assert _resolve(services, ("checklist", "leaving")).view == "checklist"


def test_page_opened_from_bookmarks_keeps_the_list(services):
    marks = [{"kind": "guide", "record_id": "money", "title": "Money",
              "created_at": "2026-01-01"}]
    listing = _resolve(services, ("section", "Bookmarks"), bookmarks=marks)
    assert listing.records == [("guide", "money", "Money")]
    page = _resolve(services, ("guide", "money"), in_bookmarks=True)
    assert (page.section, page.records) == ("Bookmarks", None)


@pytest.mark.parametrize("location", [("guide", "nope"), ("section", "Nope"),
                                      ("nonsense", "x")])
def test_missing_pages_are_not_found(services, location):
    with pytest.raises(NotFoundError):
        _resolve(services, location)


@pytest.mark.parametrize(("url", "parsed"), [
    ("sp://route/ru-ge-upper-lars", ("route", "ru-ge-upper-lars")),
    ("SP://Section/Exit%20routes/", ("section", "Exit routes")),
    ("sp://planner/", ("planner", "")),
    ("sp://map", ("map", "")),
    ("https://example.org/sp://route/x", None),
    ("copy:contact/x/phone/0", None),
])
def test_in_app_links_are_read_one_way(url, parsed):
    from desktop.pages.model import parse_link

    assert parse_link(url) == parsed
