"""The map model: markers where the projection puts them, straight lines to the nearest
reachable crossings, outlines per zoom level, hit-testing."""

from __future__ import annotations

import math

import pytest

from desktop.geo.bench import pan_zoom_views, time_frames
from desktop.geo.mapmodel import MARKER_HIT_PX, NOTE, MapModel, map_model, polygon_bytes
from desktop.geo.projection import View
from desktop.storage.content_db import ContentDB
from tests.geo.test_projection import bearing

LUHAMAA = (57.625, 27.361)


@pytest.fixture(scope="module")
def moscow(bundled_content: ContentDB) -> MapModel:
    return map_model(bundled_content, "moscow", ["US"])


def test_a_known_crossing_is_drawn_at_its_projected_pixel(moscow: MapModel) -> None:
    view = View(1000, 800, cx=0.0, cy=0.0, scale=0.5)
    luhamaa = next(m for m in moscow.markers if m.id == "ru-ee-luhamaa")
    assert (luhamaa.lat, luhamaa.lon) == LUHAMAA
    # azimuthal equidistant on Moscow: the true distance, in the true direction
    km = 0.5 * luhamaa.distance_km  # pixels at 0.5 px/km, from the planner's rounded km
    angle = bearing(55.7558, 37.6173, *LUHAMAA)
    expected = (500 + km * math.sin(angle), 400 - km * math.cos(angle))
    assert moscow.pixel_of(view, luhamaa) == pytest.approx(expected, abs=0.5)
    assert moscow.pixel_of(view, luhamaa) == pytest.approx((195.8, 273.3), abs=0.1)
    city = next(m for m in moscow.markers if m.kind == "city")
    assert moscow.pixel_of(view, city) == (500.0, 400.0)
    assert moscow.pixel_at(view, *LUHAMAA) == moscow.pixel_of(view, luhamaa)
    assert moscow.place_at(view, *moscow.pixel_of(view, luhamaa)) == pytest.approx(LUHAMAA)


def test_markers_mirror_the_planner(bundled_content: ContentDB, moscow: MapModel) -> None:
    from desktop.planner import plan_routes

    moscow_city = bundled_content.get("city", "moscow")
    planned = plan_routes(bundled_content, city=moscow_city, passports=["US"])
    routes = [m for m in moscow.markers if m.kind != "city"]
    assert [m.id for m in routes] == [r["id"] for r in planned]
    assert [m.reach for m in routes] == [r["reach"] for r in planned]
    assert all(m.kind == "air" for m in routes if m.mode == "air")
    assert {m.reach for m in routes} <= {"go", "visa", "restricted", "closed"}


def test_straight_lines_go_to_the_nearest_reachable_crossings(moscow: MapModel) -> None:
    assert len(moscow.lines) == 3
    ends = {m.id: m for m in moscow.markers}
    for line in moscow.lines:
        marker = ends[line.route_id]
        assert marker.kind == "route" and marker.reach in ("go", "visa")
        assert (line.x2, line.y2) == (marker.x, marker.y) and (line.x1, line.y1) == (0, 0)
        assert line.label.startswith(f"straight line · {line.distance_km:,} km")
        assert abs(math.hypot(line.x2, line.y2) - line.distance_km) < 1  # true length
    reachable = sorted(m.distance_km for m in moscow.markers
                       if m.kind == "route" and m.reach in ("go", "visa"))
    assert sorted(line.distance_km for line in moscow.lines) == reachable[:3]


def test_a_line_through_a_third_country_says_so(bundled_content: ContentDB) -> None:
    model = map_model(bundled_content, "vladivostok", ["US"])
    assert any("passes through China" in line.label for line in model.lines)
    assert "not a statement about any territory" in NOTE


def test_hit_test_finds_the_marker_under_the_mouse(moscow: MapModel) -> None:
    view = moscow.initial_view(1366, 768)
    luhamaa = next(m for m in moscow.markers if m.id == "ru-ee-luhamaa")
    px, py = moscow.pixel_of(view, luhamaa)
    assert moscow.hit_test(view, px + 3, py - 2) == luhamaa
    assert moscow.hit_test(view, px + MARKER_HIT_PX + 30, py) != luhamaa
    # every flight leaves from the same airport: all of them are under one point,
    # in the planner's order
    flight = next(m for m in moscow.markers if m.kind == "air")
    stacked = moscow.markers_at(view, *moscow.pixel_of(view, flight), radius_px=0.5)
    assert len(stacked) > 1 and all(m.kind == "air" for m in stacked)
    assert [m.order for m in stacked] == sorted(m.order for m in stacked)


def test_initial_view_shows_the_city_and_its_lines(moscow: MapModel) -> None:
    view = moscow.initial_view(1366, 768)
    for x, y in [(0.0, 0.0)] + [(line.x2, line.y2) for line in moscow.lines]:
        px, py = view.to_pixel(x, y)
        assert 0 < px < 1366 and 0 < py < 768
    assert moscow.home_view(1366, 768) == view


def test_layers_hold_closed_outlines_and_are_cached_per_level(moscow: MapModel) -> None:
    view = moscow.initial_view(1366, 768)
    layer = moscow.layer(view)
    roles = {o.code: o.role for o in layer.outlines}
    assert roles["RU"] == "home" and roles["FI"] == roles["EE"] == "destination"
    assert layer.borders and layer.coasts
    for outline in layer.outlines:
        for ring in outline.rings:
            assert len(ring) % 2 == 0 and (ring[0], ring[1]) == (ring[-2], ring[-1])
    assert moscow.layer(view.panned(50, 20)) is layer          # panning reuses it
    assert moscow.layer(view.panned(5000, 0)) is not layer     # far away: rebuilt
    coarse = moscow.layer(view.zoomed(0.05))
    assert coarse.level > layer.level and coarse.tolerance_km > layer.tolerance_km
    assert coarse.point_count() < 3 * layer.point_count()


def test_outlines_are_where_the_markers_are(moscow: MapModel) -> None:
    """Luhamaa sits on the Estonian border: the nearest Estonian outline point is close
    (at a zoom that shows the border's detail: 1.5 pixels per km)."""
    layer = moscow.layer(View(1366, 768, cx=-400.0, cy=200.0, scale=1.5))
    luhamaa = next(m for m in moscow.markers if m.id == "ru-ee-luhamaa")
    estonia = next(o for o in layer.outlines if o.code == "EE")
    nearest = min(math.hypot(r[i] - luhamaa.x, r[i + 1] - luhamaa.y)
                  for r in estonia.rings for i in range(0, len(r), 2))
    assert nearest < 5


def test_benchmark_hooks_time_a_drag_and_zoom(moscow: MapModel) -> None:
    views = pan_zoom_views(moscow.initial_view(1366, 768), frames=20)
    assert len(views) == 20 and views[0] != views[-1]
    times = time_frames(moscow, views)
    assert set(times) == {"median", "p95", "max"} and 0 <= times["median"] <= times["max"]


def test_polygon_bytes_read_back_as_a_qpolygonf() -> None:
    from array import array

    from PySide6.QtCore import QByteArray, QDataStream, QIODevice
    from PySide6.QtGui import QPolygonF

    flat = array("d", [1.5, -2.0, 3.25, 4.0, 1.5, -2.0])
    data = QByteArray(polygon_bytes(flat))  # kept alive: the stream reads it in place
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    polygon = QPolygonF()
    stream >> polygon
    points = [polygon.at(i) for i in range(polygon.size())]
    assert [(p.x(), p.y()) for p in points] == [(1.5, -2.0), (3.25, 4.0), (1.5, -2.0)]
