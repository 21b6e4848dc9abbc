"""The traveller's rules: ways out for your passports, your embassy, the card's contents."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.planner import distance_km, plan_routes
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
