"""The map projection (azimuthal equidistant on the city) and the view (pixels, pan, zoom)."""

from __future__ import annotations

import math
import random

import pytest

from desktop.geo.geometry import great_circle_km
from desktop.geo.projection import MAX_SCALE, MIN_SCALE, AzimuthalEquidistant, View

MOSCOW = (55.7558, 37.6173)
VLADIVOSTOK = (43.1198, 131.8869)


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing in radians, clockwise from north (textbook formula)."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return math.atan2(math.sin(dl) * math.cos(p2),
                      math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl))


@pytest.mark.parametrize("centre", [MOSCOW, VLADIVOSTOK, (0.0, 0.0), (69.0, 179.5)])
def test_round_trip_and_true_distance_and_direction(centre: tuple[float, float]) -> None:
    projection = AzimuthalEquidistant(*centre)
    rng = random.Random(15)
    for _ in range(200):
        lat, lon = rng.uniform(-60, 85), rng.uniform(-180, 180)
        km = great_circle_km(*centre, lat, lon)
        if km > 15000:
            continue  # towards the antipode the projection is not used
        x, y = projection.forward(lat, lon)
        assert math.hypot(x, y) == pytest.approx(km, rel=1e-9, abs=1e-6)
        if km > 1:
            assert math.atan2(x, y) == pytest.approx(bearing(*centre, lat, lon), abs=1e-9)
        back = projection.inverse(x, y)
        assert back[0] == pytest.approx(lat, abs=1e-9)
        assert (back[1] - lon + 180) % 360 - 180 == pytest.approx(0, abs=1e-9)


def test_the_centre_is_the_origin_and_many_points_match_one() -> None:
    projection = AzimuthalEquidistant(*MOSCOW)
    assert projection.forward(*MOSCOW) == pytest.approx((0.0, 0.0), abs=1e-9)
    assert projection.inverse(0.0, 0.0) == MOSCOW
    flat = projection.forward_many([30.0, 40.0, 50.0], [60.0, 50.0, 40.0], b"\x05\x00\x05", 1)
    assert list(flat) == pytest.approx([*projection.forward(60.0, 30.0),
                                        *projection.forward(40.0, 50.0)])


def test_view_pixels_round_trip_and_agree_with_its_transform() -> None:
    view = View(1366, 768, cx=120.0, cy=-40.0, scale=0.7)
    sx, sy, dx, dy = view.transform()
    for x, y in [(0, 0), (500, 300), (-1200, 800)]:
        px, py = view.to_pixel(x, y)
        assert (px, py) == pytest.approx((sx * x + dx, sy * y + dy))
        assert view.from_pixel(px, py) == pytest.approx((x, y))
    assert view.to_pixel(120.0, -40.0) == (683.0, 384.0)   # the centre
    assert view.to_pixel(120.0, 60.0)[1] < 384.0           # north is up


def test_pan_moves_the_map_with_the_mouse() -> None:
    view = View(800, 600, scale=0.5)
    before = view.to_pixel(300, 200)
    after = view.panned(40, -25).to_pixel(300, 200)
    assert (after[0] - before[0], after[1] - before[1]) == pytest.approx((40, -25))


def test_zoom_keeps_the_point_under_the_mouse_and_stays_in_range() -> None:
    view = View(800, 600, cx=10, cy=20, scale=0.5)
    about = (620.0, 140.0)
    point = view.from_pixel(*about)
    zoomed = view.zoomed(1.5, about)
    assert zoomed.scale == pytest.approx(0.75)
    assert zoomed.to_pixel(*point) == pytest.approx(about)
    assert view.zoomed(1e9).scale == MAX_SCALE and view.zoomed(1e-9).scale == MIN_SCALE


def test_fit_shows_the_whole_box() -> None:
    box = (-300.0, -100.0, 900.0, 500.0)
    view = View.fit(box, 1366, 768, margin_px=40)
    for x, y in [(box[0], box[1]), (box[2], box[3])]:
        px, py = view.to_pixel(x, y)
        assert 39.9 <= px <= 1366 - 39.9 and 39.9 <= py <= 768 - 39.9
    x0, y0, x1, y1 = view.bounds()
    assert x0 <= box[0] and y0 <= box[1] and x1 >= box[2] and y1 >= box[3]
