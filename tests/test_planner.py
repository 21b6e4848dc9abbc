"""The traveller's rules: ways out for your passports, your embassy, the card's contents."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.planner import distance_km, plan_routes, reach
from desktop.storage.content_db import ContentDB


@pytest.fixture
def content(fixture_db: Path):
    db = ContentDB(fixture_db)
    yield db
    db.close()


def test_distance() -> None:
    assert round(distance_km(55.7558, 37.6173, 59.9343, 30.3351)) == 633


def test_planner_sorts_by_distance_and_puts_closed_last(content: ContentDB) -> None:
    moscow = content.get("city", "moscow")
    vladikavkaz = content.get("city", "vladikavkaz")
    from_moscow = [r["id"] for r in plan_routes(content, city=moscow, passports=["US"])]
    from_south = [r["id"] for r in plan_routes(content, city=vladikavkaz, passports=["US"])]
    assert from_moscow[0] == "ru-tr-air-istanbul"
    assert from_south[0] == "ru-ge-upper-lars"
    planned = plan_routes(content, city=moscow, passports=["US"])
    lars = next(r for r in planned if r["id"] == "ru-ge-upper-lars")
    assert lars["entry_rule"]["days"] == 365 and not lars["blocked"]
    assert next(r for r in planned if r["id"] == "ru-tr-air-istanbul")["entry_rule"] is None
    # The closed, not-advised crossing is nearer to Vladikavkaz than Istanbul's airport,
    # yet it comes last and is marked.
    assert from_south[-1] == "ru-az-yarag-kazmalyar"
    assert next(r for r in planned if r["id"] == "ru-az-yarag-kazmalyar")["blocked"]


def test_each_way_out_says_what_it_means_for_the_passports(content: ContentDB) -> None:
    vladikavkaz = content.get("city", "vladikavkaz")
    planned = {r["id"]: r for r in plan_routes(content, city=vladikavkaz, passports=["US"])}
    assert planned["ru-ge-upper-lars"]["reach"] == "can-go"          # open, visa-free
    assert planned["ru-tr-air-istanbul"]["reach"] == "restricted"
    assert planned["ru-az-yarag-kazmalyar"]["reach"] == "closed"     # closed, not advised


@pytest.mark.parametrize(("status", "blocked", "visa", "expected"), [
    ("open", False, "visa-free", "can-go"),
    ("open", False, "visa-on-arrival", "can-go"),
    ("open", False, "visa-required", "visa-first"),
    ("open", False, "e-visa", "visa-first"),
    ("open", False, None, "visa-first"),          # no rule for the passports: check first
    ("restricted", False, "visa-free", "restricted"),
    ("unknown", False, "visa-free", "restricted"),
    ("open", True, "no-entry", "closed"),
    ("closed", True, "visa-free", "closed"),
])
def test_reach_words(status: str, blocked: bool, visa: str | None, expected: str) -> None:
    route = {"status": status, "blocked": blocked,
             "entry_rule": {"visa": visa} if visa else None}
    assert reach(route) == expected


def test_planned_routes_carry_the_third_countries_of_their_straight_line(
        content: ContentDB) -> None:
    vladikavkaz = content.get("city", "vladikavkaz")
    planned = {r["id"]: r for r in plan_routes(content, city=vladikavkaz, passports=["US"])}
    assert planned["ru-fi-vaalimaa"]["via"] == ["UA"]
    assert planned["ru-ge-upper-lars"]["via"] == []
