"""Point in country, distance to a border, and straight lines through countries."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from desktop.geo.atlas import CHECKS, load_atlas
from desktop.geo.geometry import GeoIndex, great_circle_km, great_circle_points


@pytest.fixture(scope="module")
def tiny(tiny_atlas) -> GeoIndex:
    return GeoIndex(tiny_atlas)


@pytest.fixture(scope="module")
def world() -> GeoIndex:
    return GeoIndex(load_atlas(CHECKS))


def test_great_circle_matches_known_distances() -> None:
    assert round(great_circle_km(55.7558, 37.6173, 59.9343, 30.3351)) == 633
    points = great_circle_points(55.0, 12.0, 55.0, 28.0, step_km=50)
    steps = [great_circle_km(a[1], a[0], b[1], b[0]) for a, b in pairwise(points)]
    assert max(steps) <= 50.0001 and sum(steps) == pytest.approx(
        great_circle_km(55, 12, 55, 28), rel=1e-9)
    assert max(lat for _, lat in points) > 55.2  # a great circle bulges towards the pole


def test_great_circle_across_the_antimeridian_keeps_longitudes_continuous() -> None:
    points = great_circle_points(65.0, 175.0, 65.0, -175.0, step_km=100)
    lons = [lon for lon, _ in points]
    assert all(abs(b - a) < 5 for a, b in pairwise(lons))
    assert lons[-1] == pytest.approx(185.0)


@pytest.mark.parametrize(("lat", "lon", "code"), [
    (55, 15, "FI"), (55, 25, "RU"), (55, 35, None), (49.9, 15, None), (60.1, 25, None)])
def test_country_at(tiny: GeoIndex, lat: float, lon: float, code: str | None) -> None:
    assert tiny.country_at(lat, lon) == code
    assert tiny.contains("FI", lat, lon) == (code == "FI")


def test_distance_to_the_shared_border(tiny: GeoIndex) -> None:
    km, nearest = tiny.distance_to_border(55.0, 21.0, "FI", "RU")
    assert km == pytest.approx(math.cos(math.radians(55)) * 111.32, rel=1e-3)
    assert nearest == pytest.approx((55.0, 20.0), abs=1e-3)
    assert tiny.distance_to_border(55.0, 21.0, "FI", "FJ") is None  # they share none
    # the outline of a country counts its coast as well
    assert tiny.distance_to_country(55.0, 35.0, "RU")[0] == pytest.approx(
        5 * math.cos(math.radians(55)) * 111.32, rel=1e-3)


def test_a_line_is_cut_into_legs_per_country(tiny: GeoIndex) -> None:
    legs = tiny.line_legs(55.0, 12.0, 55.0, 35.0)
    assert [leg.code for leg in legs] == ["FI", "RU", None]
    total = great_circle_km(55.0, 12.0, 55.0, 35.0)
    assert legs[-1].end_km == pytest.approx(total)
    assert legs[0].km == pytest.approx(total * 8 / 23, rel=0.02)  # 8 of 23 degrees in FI
    assert legs[1].km == pytest.approx(total * 10 / 23, rel=0.02)


def test_real_borders(world: GeoIndex) -> None:
    km, _ = world.distance_to_border(57.625, 27.361, "RU", "EE")   # Luhamaa
    assert km < 2
    km, _ = world.distance_to_border(55.7558, 37.6173, "RU", "FI")  # Moscow
    assert 700 < km < 900
    legs = world.line_legs(55.7558, 37.6173, 54.639, 22.752, start="RU")  # to Kaliningrad
    assert [leg.code for leg in legs if leg.km > 2] == ["RU", "BY", "LT"]
