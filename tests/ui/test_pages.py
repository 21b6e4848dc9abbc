"""The HTML builders are pure functions of the content (no Qt needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.content.schema import PAGE_KINDS
from desktop.ui import overview, pages


def test_every_record_renders(services):
    for kind in PAGE_KINDS:
        for record in services.content.list(kind):
            body = pages.page_html(services.content, kind, record["id"], passport="US")
            assert "<h1>" in body and "Sources" in body


def test_route_page_shows_your_entry_rule_and_dates(services):
    body = pages.page_html(services.content, "route", "ru-ge-upper-lars", passport="US")
    assert "Your passport (US): <b>Visa-free, 365 days" in body
    assert "as of 28 Sep 2022" in body
    assert "Dated reference." in body


def test_unverified_record_has_badge(services):
    body = pages.page_html(services.content, "route", "ru-tr-air-istanbul", passport="US")
    assert "Likely — not verified" in body


def test_contact_copy_buttons(services):
    body = pages.page_html(services.content, "contact", "us-embassy-moscow")
    assert "copy:contact/us-embassy-moscow/phone/0" in body
    assert "copy:contact/us-embassy-moscow/address_local" in body
    assert "class='local'" in body


def test_overview_not_stale_when_recent(services):
    body = overview.overview_html(services.content, country="RU", passports=["US"],
                                  city_id="moscow", today=dt.date(2022, 10, 1))
    assert "Dated reference" not in body
    assert "lvl4" in body and "U.S. Embassy Moscow" in body


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_css_scales(theme):
    assert "22.0pt" in pages.css(theme, 2.0)
    assert pages.PAGE_COLOURS[theme]["bg"] in pages.document_html("<p>x</p>", theme)


def test_entry_rule_text():
    assert pages.entry_rule_text(None) == "No information for this passport"
    assert pages.entry_rule_text({"visa": "visa-required"}) == "Visa required"
    assert pages.entry_rule_text({"visa": "visa-free", "days": 30}) == "Visa-free, 30 days"


def test_overview_lists_overland_routes_before_flights(services):
    from desktop.ui.overview import overview_html

    body = overview_html(services.content, country="RU", passports=["US"], city_id="moscow")
    # From Moscow the airport is nearest, but the table of ways out is overland; the
    # flights get their own line, and the closed crossing is not offered at all.
    assert body.index("ru-fi-vaalimaa") < body.index("<b>Flights</b>")
    assert "sp://route/ru-tr-air-istanbul" in body[body.index("<b>Flights</b>"):]
    assert "ru-az-yarag-kazmalyar" not in body
