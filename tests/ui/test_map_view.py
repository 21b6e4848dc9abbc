"""The map view: drawn offscreen with each way out at its projected pixel in its class's
colour, clicks and Enter open the route page, mouse and keyboard pan and zoom, Tab visits
the ways out in the planner's order, and the window makes the map only when it is asked
for."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.geo.mapmodel import MapModel, Marker, map_model
from desktop.pages.maptext import focus_order
from desktop.pages.screen import STATUS_COLOURS
from desktop.planner import REACH_TEXT, plan_routes
from desktop.storage.content_db import ContentDB

SIZE = QSize(1366, 768)


@pytest.fixture(scope="module")
def moscow(bundled_content: ContentDB) -> MapModel:
    return map_model(bundled_content, "moscow", ["US"])


@pytest.fixture
def canvas(qtbot, moscow: MapModel):
    from desktop.ui.map_canvas import MapCanvas

    widget = MapCanvas(moscow, size=SIZE)
    qtbot.addWidget(widget)
    widget.resize(SIZE)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def marker(model: MapModel, marker_id: str) -> Marker:
    return next(m for m in model.markers if m.id == marker_id)


def pixel(canvas, m: Marker) -> QPoint:
    x, y = canvas.view.to_pixel(m.x, m.y)
    return QPoint(round(x), round(y))


@pytest.mark.parametrize(("route_id", "reach"), [("ru-ee-narva", "go"),
                                                 ("ru-by-border", "closed")])
def test_a_known_crossing_is_drawn_at_its_projected_pixel(canvas, moscow, route_id,
                                                           reach) -> None:
    m = marker(moscow, route_id)
    assert m.reach == reach
    image = canvas.grab().toImage()
    assert (image.width(), image.height()) == (SIZE.width(), SIZE.height())
    x, y = canvas.view.to_pixel(m.x, m.y)
    assert 0 < x < SIZE.width() and 0 < y < SIZE.height()
    expected = QColor(STATUS_COLOURS[reach][0])
    assert image.pixelColor(round(x), round(y)) == expected
    # …and not a pixel that happens to be that colour all over: 30 px away it is map
    assert image.pixelColor(round(x) + 30, round(y) + 30) != expected


def test_the_city_and_the_legend_are_drawn(canvas, moscow) -> None:
    image = canvas.grab().toImage()
    city = marker(moscow, "moscow")
    x, y = canvas.view.to_pixel(city.x, city.y)
    assert image.pixelColor(round(x), round(y)).name() == "#ffffff"  # the dot in the ring
    assert image.pixelColor(round(x) + 5, round(y)).name() == canvas.painter.colours["city"]
    assert canvas.frame.of("ru-ee-narva").in_view


def hover(canvas, at: QPoint) -> None:
    """Move the mouse over the canvas with no button held (QTest's mouseMove sends no
    event then on the offscreen platform)."""
    local = QPointF(at)
    QApplication.sendEvent(canvas, QMouseEvent(
        QEvent.Type.MouseMove, local, canvas.mapToGlobal(local), Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, offscreen
def test_hover_says_name_status_and_as_of_date(canvas, moscow) -> None:
    canvas.grab()
    narva = marker(moscow, "ru-ee-narva")
    hover(canvas, pixel(canvas, narva))
    assert canvas.hover_id == "ru-ee-narva"
    text = canvas.status_text()
    assert "as of 19 Sep 2022" in QToolTip.text()  # the tooltip says the same
    for words in ("Narva – Ivangorod", REACH_TEXT["go"], "Open", "as of 19 Sep 2022", "690 km"):
        assert words in text


def test_clicking_a_marker_opens_its_route(qtbot, canvas, moscow) -> None:
    canvas.grab()
    narva = marker(moscow, "ru-ee-narva")
    with qtbot.waitSignal(canvas.route_activated) as opened:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pixel(canvas, narva))
    assert opened.args == ["ru-ee-narva"]


def test_a_click_on_open_map_opens_nothing(qtbot, canvas) -> None:
    canvas.grab()
    with qtbot.assertNotEmitted(canvas.route_activated):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(1100, 200))


def test_flights_that_share_an_airport_each_get_a_row(qtbot, canvas, moscow) -> None:
    canvas.grab()
    flights = [m for m in moscow.markers if m.kind == "air"]
    rows = [canvas.frame.of(m.id) for m in flights]
    assert len({(round(r.x), round(r.y)) for r in rows}) == len(flights)  # no overlap
    assert all(r.anchor == rows[0].anchor for r in rows)
    istanbul = canvas.frame.of("ru-tr-air-istanbul")
    with qtbot.waitSignal(canvas.route_activated) as opened:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                         pos=QPoint(round(istanbul.x) + 30, round(istanbul.y)))
    assert opened.args == ["ru-tr-air-istanbul"]


def test_drag_pans_and_is_not_a_click(qtbot, canvas) -> None:
    start = canvas.view
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(700, 300))
    for x in range(705, 805, 5):
        qtbot.mouseMove(canvas, QPoint(x, 320))
    with qtbot.assertNotEmitted(canvas.route_activated):
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(800, 320))
    assert canvas.view.scale == start.scale
    assert canvas.view.cx == pytest.approx(start.cx - 100 / start.scale)
    assert canvas.view.cy == pytest.approx(start.cy + 20 / start.scale)


def test_wheel_zooms_about_the_mouse(canvas) -> None:
    start = canvas.view
    at = QPointF(400, 300)
    under = start.from_pixel(at.x(), at.y())
    event = QWheelEvent(at, canvas.mapToGlobal(at), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, event)
    assert canvas.view.scale == pytest.approx(start.scale * 1.15 ** 2)
    assert canvas.view.from_pixel(at.x(), at.y()) == pytest.approx(under)


def test_keyboard_pans_zooms_and_goes_home(qtbot, canvas, moscow) -> None:
    home = moscow.initial_view(SIZE.width(), SIZE.height())
    assert canvas.view == home
    canvas.activateWindow()
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.view.scale == pytest.approx(home.scale * 1.25)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.view.scale == pytest.approx(home.scale / 1.25)
    before = canvas.view
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.view.cx < before.cx and canvas.view.cy == before.cy
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.view.cy > before.cy
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.view == home


def test_tab_visits_the_ways_out_in_the_planners_order(qtbot, canvas, moscow,
                                                       bundled_content) -> None:
    planned = [r["id"] for r in plan_routes(bundled_content,
                                            city=bundled_content.get("city", "moscow"),
                                            passports=["US"])]
    assert [m.id for m in focus_order(moscow)] == planned
    canvas.activateWindow()
    qtbot.waitUntil(canvas.isActiveWindow)
    canvas.clearFocus()
    canvas.setFocus(Qt.FocusReason.TabFocusReason)  # as when Tab comes into the map
    qtbot.waitUntil(canvas.hasFocus)
    assert canvas.focus_id == planned[0]
    seen = [canvas.focus_id]
    for _ in range(4):
        qtbot.keyClick(canvas, Qt.Key.Key_Tab)
        seen.append(canvas.focus_id)
    assert seen == planned[:5]
    assert planned[4] in canvas.status_text() or \
        marker(moscow, planned[4]).label in canvas.status_text()
    qtbot.keyClick(canvas, Qt.Key.Key_Backtab)
    assert canvas.focus_id == planned[3]
    with qtbot.waitSignal(canvas.route_activated) as opened:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert opened.args == [planned[3]]


def test_focus_brings_a_far_way_out_into_view(canvas, moscow) -> None:
    far = max((m for m in moscow.markers if m.kind == "route"), key=lambda m: m.distance_km)
    x, _ = canvas.view.to_pixel(far.x, far.y)
    assert x > SIZE.width()  # off the first view
    canvas.focus_marker(far.id)
    x, y = canvas.view.to_pixel(far.x, far.y)
    assert 0 < x < SIZE.width() and 0 < y < SIZE.height()


def test_the_map_follows_the_theme(qtbot, canvas) -> None:
    from desktop.ui.theme import apply_theme

    app = QApplication.instance()
    try:
        apply_theme(app, "dark")
        qtbot.waitUntil(lambda: canvas.painter.theme == "dark")
        assert canvas.grab().toImage().pixelColor(5, SIZE.height() // 2) != QColor("#ffffff")
    finally:
        apply_theme(app, "light")


# -- in the window ------------------------------------------------------------------------
def test_the_window_makes_the_map_on_first_use_and_clicks_open_routes(qtbot, window) -> None:
    assert window.views.map is None           # not at start-up
    window.actions_["map"].trigger()
    assert window.location == ("map", "")
    assert window.sections_pane.sections.currentItem().text() == "Map"
    view = window.views.map
    assert view is not None and window.views.currentWidget() is view
    canvas = view.canvas
    canvas.grab()
    lars = marker(canvas.model, "ru-ge-upper-lars")
    x, y = canvas.view.to_pixel(lars.x, lars.y)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    assert window.location == ("route", "ru-ge-upper-lars")
    window.go_back()
    assert window.location == ("map", "") and window.views.map is view


def test_the_overview_links_to_the_map(window) -> None:
    assert "sp://map/" in window.page.toHtml()
    window.follow_link("sp://map/")
    assert window.location == ("map", "")


def test_the_map_follows_the_travellers_choice(window) -> None:
    window.actions_["map"].trigger()
    assert window.views.map.canvas.model.city["id"] == "moscow"
    window.update_choice(["GB"], "vladikavkaz")
    assert window.views.map.canvas.model.city["id"] == "vladikavkaz"
    assert "Vladikavkaz" in window.views.map.title.text()


FIRST_USE = r"""
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.paths import AppPaths
from desktop.services import open_services
from desktop.ui.main_window import MainWindow
services = open_services(AppPaths.under(__import__("pathlib").Path(sys.argv[1])),
                         content_db=__import__("pathlib").Path(sys.argv[2]))
window = MainWindow(services)
window.show()
app.processEvents()
MAP = ("desktop.geo.atlas", "desktop.geo.mapmodel", "desktop.ui.map_canvas",
       "desktop.printing.map_paint")
print(sorted(m for m in MAP if m in sys.modules))
window.actions_["map"].trigger()
app.processEvents()
print(sorted(m for m in MAP if m in sys.modules))
services.close()
"""


def test_the_map_loads_on_first_use_only(tmp_path: Path, fixture_db: Path) -> None:
    """Start-up imports nothing of the map (a fresh process: this one has it loaded)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", FIRST_USE, str(tmp_path), str(fixture_db)],
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    before, after = done.stdout.strip().splitlines()[-2:]
    assert before == "[]"
    assert after == str(sorted(["desktop.geo.atlas", "desktop.geo.mapmodel",
                                "desktop.ui.map_canvas", "desktop.printing.map_paint"]))


@pytest.mark.parametrize(("size", "hint_shown"), [(QSize(1000, 700), True),
                                                  (QSize(700, 460), False)])
def test_the_hint_gives_way_to_the_map_on_a_short_view(qtbot, bundled_content, size,
                                                       hint_shown) -> None:
    """Text at 200 % in a view as tall as a small screen leaves: the hint goes."""
    from desktop.ui.map_view import HINT, MapView
    from desktop.ui.theme import apply_theme

    app = QApplication.instance()
    apply_theme(app, "light", 2.0)
    try:
        view = MapView(bundled_content, ["GB"], "moscow", size=size)
        qtbot.addWidget(view)
        view.resize(size)
        view.show()
        qtbot.waitExposed(view)
    finally:
        apply_theme(app, "light")
    assert view.hint.isVisible() is hint_shown
    assert view.canvas.height() >= 0.5 * size.height()
    assert view.canvas.accessibleDescription() == HINT  # said even when not shown


def test_a_damaged_boundaries_file_is_a_message_not_a_crash(window, monkeypatch,
                                                            message_boxes) -> None:
    """The map cannot be drawn: the person is told so, in words, and stays where they
    were (the list on the left included); asking again says the same."""
    import desktop.geo.mapmodel as mapmodel
    from desktop.geo.atlas import AtlasError

    def damaged():
        raise AtlasError("damaged geography file (truncated)")

    monkeypatch.setattr(mapmodel, "load_atlas", damaged)
    message_boxes.expect()
    before = window.location
    for _ in range(2):
        window.go(("map", ""))
        assert window.location == before
        assert window.sections_pane.shown_section() == "Overview"
        kind, _, text = message_boxes.shown[-1]
        assert kind == "warning" and "map cannot be shown" in text and "truncated" in text
    assert not any(kind == "crash" for kind, _, _ in message_boxes.shown)


def test_a_screen_reader_hears_the_way_out_tab_moves_to(qtbot, canvas, moscow) -> None:
    from desktop.pages.maptext import describe
    from desktop.ui import announce

    heard: list = []
    stop = announce.watch(heard.append)
    try:
        qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    finally:
        stop()
    words = describe(marker(moscow, canvas.focus_id), moscow.names)
    assert words in [h.message for h in heard]


@pytest.mark.parametrize(("size", "scale", "rows"), [(QSize(1366, 768), 1.0, 8),
                                                     (QSize(700, 300), 2.0, 5)])
def test_the_legend_leaves_a_small_map_to_the_map(qtbot, moscow, size, scale, rows) -> None:
    """A small map at a large text size (1024x600 at 200 %) gets the compact legend: what
    the colours mean, in at most a quarter of the map, clear of the flights' box."""
    from desktop.ui.map_canvas import MapCanvas
    from desktop.ui.theme import apply_theme

    app = QApplication.instance()
    apply_theme(app, "light", scale)
    try:
        widget = MapCanvas(moscow, size=size)
        qtbot.addWidget(widget)
        widget.resize(size)
        widget.show()
        qtbot.waitExposed(widget)
        widget.grab()
    finally:
        apply_theme(app, "light")
    legend = widget.frame.legend
    assert legend is not None
    row = QFontMetricsF(widget.painter.marks.scaled(0.95)).height() + 5
    if rows == 8:  # room for the whole legend: one column of all its rows
        assert round((legend.height() - 10) / row) >= rows
    else:  # what the colours mean, in one or two columns: a quarter of the map at most
        # (a fifth, LEGEND_SHARE, is where the whole legend gives way; the five classes
        # of the compact one need a little more at 200 %)
        assert round((legend.height() - 10) / row) >= rows / 2
        assert legend.width() * legend.height() <= 0.25 * size.width() * size.height()
    assert not any(legend.intersects(box.rect) for box in widget.frame.boxes)
    assert QRect(0, 0, size.width(), size.height()).contains(legend.toRect())
