"""The traveller's rules: ways out for your passports, your embassy, the card's contents."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.pages import plain, records
from desktop.planner import best_rule, distance_km, plan_routes, reach
from desktop.storage.content_db import ContentDB


@pytest.fixture
def content(fixture_db: Path):
    db = ContentDB(fixture_db)
    yield db
    db.close()


def test_distance() -> None:
    assert round(distance_km(55.7558, 37.6173, 59.9343, 30.3351)) == 633


def test_planner_puts_what_you_can_take_first_and_closed_last(content: ContentDB) -> None:
    moscow = content.get("city", "moscow")
    vladikavkaz = content.get("city", "vladikavkaz")
    from_moscow = plan_routes(content, city=moscow, passports=["US"])
    from_south = [r["id"] for r in plan_routes(content, city=vladikavkaz, passports=["US"])]
    assert from_south[0] == "ru-ge-upper-lars"
    lars = next(r for r in from_moscow if r["id"] == "ru-ge-upper-lars")
    assert lars["entry_rule"]["days"] == 365 and not lars["blocked"]
    assert (lars["reach"], lars["relies_on"]) == ("go", "US")
    # The airport is nearest to Moscow, but the content has no entry rule for Turkey: the
    # flight cannot be called "go" and comes after the crossing that can.
    istanbul = next(r for r in from_moscow if r["id"] == "ru-tr-air-istanbul")
    assert istanbul["entry_rule"] is None and istanbul["reach"] == "restricted"
    assert from_moscow[0]["id"] == "ru-ge-upper-lars"
    # The closed, not-advised crossing is nearer to Vladikavkaz than Istanbul's airport,
    # yet it comes last and is marked.
    assert from_south[-1] == "ru-az-yarag-kazmalyar"
    yarag = next(r for r in from_moscow if r["id"] == "ru-az-yarag-kazmalyar")
    assert yarag["blocked"] and yarag["reach"] == "closed"


@pytest.mark.parametrize(("route", "rule", "expected"), [
    ({"status": "open"}, {"visa": "visa-free"}, "go"),
    ({"status": "open"}, {"visa": "visa-on-arrival"}, "go"),
    ({"status": "open"}, {"visa": "e-visa"}, "visa"),
    ({"status": "open"}, {"visa": "visa-required"}, "visa"),
    ({"status": "open"}, None, "unknown"),
    ({"status": "restricted"}, {"visa": "visa-free"}, "restricted"),
    ({"status": "unknown"}, {"visa": "visa-free"}, "restricted"),
    ({"status": "open"}, {"visa": "no-entry"}, "closed"),
    ({"status": "open", "advice": "not-advised"}, {"visa": "visa-free"}, "closed"),
    ({"status": "closed"}, {"visa": "visa-free"}, "closed"),
    # Entry open only to some travellers with the passport: never "go" or "visa first".
    ({"status": "open"}, {"visa": "visa-required", "who_may_enter_text": "Family."},
     "restricted"),
    ({"status": "open"}, {"visa": "visa-free", "who_may_enter_text": "Residents."},
     "restricted"),
    ({"status": "open"}, {"visa": "no-entry", "who_may_enter_text": "x"}, "closed"),
])
def test_reach_classes(route, rule, expected) -> None:
    assert reach(route, rule)[0] == expected


def test_best_rule_of_several_passports(content: ContentDB) -> None:
    moscow = content.get("city", "moscow")
    lars = next(r for r in plan_routes(content, city=moscow, passports=["NZ", "US"])
                if r["id"] == "ru-ge-upper-lars")
    assert lars["relies_on"] == "US" and lars["reach"] == "go"


def test_a_rule_for_some_travellers_comes_after_one_for_all() -> None:
    limited = {"passport": "RU", "visa": "visa-free", "who_may_enter_text": "Residents."}
    for_all = {"passport": "DE", "visa": "visa-required"}
    refused = {"passport": "XX", "visa": "no-entry"}
    assert best_rule([limited, for_all], ["RU", "DE"]) is for_all
    assert best_rule([refused, limited], ["XX", "RU"]) is limited


def test_bundled_rules_for_some_travellers_are_never_a_way_to_go(bundled_content) -> None:
    """The bundled content's limited rules (Russians into Finland, the Baltic states and
    Poland in late September 2022): every way out relying on one is 'restricted', says
    so, and the rule's page says who may enter."""
    content = bundled_content
    limited = [r for r in content.list("entry_rule") if r.get("who_may_enter_text")]
    assert {r["destination"] for r in limited if r["passport"] == "RU"} >= {"FI", "EE"}
    for city in content.list("city", country="RU"):
        for route in plan_routes(content, city=city, passports=["RU"]):
            rule = route["entry_rule"]
            if rule and rule.get("who_may_enter_text") and route["reach"] != "closed":
                assert route["reach"] == "restricted", (city["id"], route["id"])
                assert "only some travellers" in route["reach_reason"].lower()
    for rule in limited:
        text = plain.page_text(records.record_page(content, "entry_rule", rule, ["RU"]))
        assert "Who may enter" in text and "only some travellers" in text, rule["id"]


def test_planned_routes_carry_the_third_countries_of_their_straight_line(
        content: ContentDB) -> None:
    vladikavkaz = content.get("city", "vladikavkaz")
    planned = {r["id"]: r for r in plan_routes(content, city=vladikavkaz, passports=["US"])}
    assert planned["ru-fi-vaalimaa"]["via"] == ["UA"]
    assert planned["ru-ge-upper-lars"]["via"] == []


def test_every_reach_class_has_its_own_words_colour_and_shape() -> None:
    """A class added to the planner is drawn and named everywhere, and no two classes
    look alike on a black-and-white printout."""
    from desktop.pages.maptext import SHAPES
    from desktop.pages.screen import STATUS_COLOURS
    from desktop.planner import REACH_ORDER, REACH_TEXT

    assert set(REACH_TEXT) == set(SHAPES) == set(REACH_ORDER)
    assert len(set(SHAPES.values())) == len(SHAPES)
    assert all(reach in STATUS_COLOURS for reach in REACH_ORDER)
