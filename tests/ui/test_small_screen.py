"""At the largest text size every view and dialog still fits a small screen: nothing makes
the window or a dialog wider than the screen, and every button stays inside the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QScrollArea, QWidget

# 1280x720 at 200 % display scaling leaves 640 logical pixels; with the app's own text at
# 200 % on top, the window and its dialogs must still fit in that width.
NARROW = 600
VIEWS = [("overview", ""), ("planner", ""), ("map", ""), ("checklist", "leaving-now"),
         ("route", "ru-ge-upper-lars"), ("help", "")]


@pytest.fixture
def big_window(bundled_services, qtbot):
    """The main window over the bundled content at the largest text size."""
    from desktop.ui.main_window import MainWindow

    settings = bundled_services.user.settings()
    settings.font_scale, settings.setup_done = 2.0, True
    bundled_services.user.save_settings(settings)
    win = MainWindow(bundled_services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.notes.timer.stop()


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _outside(window: QWidget) -> list[str]:
    """Buttons and choice boxes shown in ``window`` that are not wholly inside it."""
    area = window.rect()
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, (QAbstractButton, QComboBox)) or not widget.isVisible():
            continue
        if widget.objectName() == "qt_toolbar_ext_button":
            continue  # the toolbar's own "more" button
        if widget.window() is not window or widget.visibleRegion().isEmpty():
            continue  # scrolled out of view, or in another window
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not area.contains(rect):
            found.append(f"{widget.accessibleName() or widget.objectName()}: {rect.getRect()}")
    return found


def test_no_view_makes_the_window_wider_than_a_small_screen(big_window):
    for location in VIEWS:
        big_window.go(location)
        _settle()
        width = big_window.minimumSizeHint().width()
        assert width <= NARROW, (location, width)
    big_window.search.field.setText("qqxxzzvv upper lars")  # no hits: the next steps show
    big_window.search.run_search()
    _settle()
    assert big_window.minimumSizeHint().width() <= NARROW


@pytest.mark.parametrize("location", VIEWS)
def test_every_button_stays_inside_a_narrow_window(big_window, location):
    big_window.resize(NARROW, 700)
    big_window.go(location)
    _settle()
    assert big_window.width() <= NARROW + 1
    assert _outside(big_window) == []


def test_status_line_gives_way_on_a_narrow_window(big_window):
    bar = big_window.statusBar()
    assert bar.minimumSizeHint().width() <= NARROW // 2
    label = big_window.status.label
    assert "content as of" in label.text()  # the whole text stays for a screen reader


def _dialogs(window):
    from desktop.planner import city_choices, city_countries, passport_choices
    from desktop.ui.first_run import FirstRunDialog
    from desktop.ui.packs_dialog import ContentPacksDialog
    from desktop.ui.settings_dialog import SettingsDialog

    content, settings = window.services.content, window.settings
    yield SettingsDialog(
        settings, passports=passport_choices(content, keep=settings.passports),
        countries=[(c["id"], content.country_name(c["id"])) for c in content.list("country")],
        cities=city_choices(content), city_countries=city_countries(content), parent=window)
    yield FirstRunDialog(content, settings, window)
    yield ContentPacksDialog(window.services, window)


def test_dialogs_fit_a_small_screen_at_the_largest_text(big_window):
    for dialog in _dialogs(big_window):
        dialog.show()
        _settle()
        assert dialog.minimumSizeHint().width() <= NARROW, type(dialog).__name__
        screen = dialog.screen().availableGeometry()
        assert screen.contains(dialog.frameGeometry()), type(dialog).__name__
        assert _outside(dialog) == [], type(dialog).__name__
        for area in dialog.findChildren(QScrollArea):  # room on the screen: no scrolling
            if area.objectName() != "qt_scrollarea_viewport" and area.isVisible():
                assert not area.verticalScrollBar().isVisible(), type(dialog).__name__
        dialog.close()


def test_a_dialog_larger_than_the_screen_is_brought_inside_it(big_window):
    dialog = next(_dialogs(big_window))
    screen = big_window.screen().availableGeometry()
    dialog.resize(screen.width() + 400, screen.height() + 300)
    dialog.move(screen.right() - 50, screen.bottom() - 50)
    dialog.show()
    _settle()
    assert screen.contains(dialog.frameGeometry())
    dialog.close()


# 1920x1080 at 200 % scaling leaves 540 logical pixels of height; 1366x768 at 200 %, 384.
SHORT, SHORTEST = 540, 384


def test_no_view_makes_the_window_taller_than_a_short_screen(big_window):
    for location in VIEWS:
        big_window.go(location)
        _settle()
        assert big_window.minimumSizeHint().height() <= SHORT, location
    # a page after the planner and the map needs no more room than it did before them
    big_window.go(("route", "ru-ge-upper-lars"))
    _settle()
    assert big_window.minimumSizeHint().height() <= SHORTEST


def test_an_open_note_leaves_a_short_window_to_the_page(big_window):
    big_window.resize(NARROW, SHORTEST)
    big_window.go(("route", "ru-ge-upper-lars"))
    big_window.notes.editor.setFocus()
    big_window.notes.editor.setPlainText("Meet at the bus station\nat 9")
    _settle()
    assert big_window.minimumSizeHint().height() <= SHORTEST
    assert big_window.notes.editor.height() <= SHORTEST // 4


def test_a_narrow_planner_table_wraps_by_row_not_sideways(big_window):
    big_window.resize(NARROW, 700)
    big_window.show_planner()
    _settle()
    planner = big_window.views.planner
    table, model = planner.table, planner.model
    assert not table.horizontalScrollBar().isVisible()
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert model.columnCount() == 1
    first = model.index(0, 0)
    assert "Status:" in first.data()  # each way out's columns as lines of one cell
    assert first.data(Qt.ItemDataRole.UserRole) == model.route(0)["id"]  # Enter opens it
    big_window.resize(2400, 900)  # room again: every column back
    _settle()
    assert model.columnCount() == len(model.HEADERS)


def test_side_lists_wrap_long_names_instead_of_scrolling_sideways(big_window):
    big_window.resize(NARROW, 700)
    big_window.go(("section", "Exit routes"))  # long crossing names in a narrow pane
    _settle()
    pane = big_window.sections_pane
    assert pane.records.count() > 5
    for names in (pane.sections, pane.records):
        assert not names.horizontalScrollBar().isVisible(), names.accessibleName()


def test_a_dialog_on_a_screen_too_short_for_it_scrolls_its_questions(big_window):
    dialog = next(_dialogs(big_window))
    screen = big_window.screen().availableGeometry()
    dialog.show()
    dialog.resize(dialog.width(), 200)  # as on a screen 200 px high
    _settle()
    assert dialog.minimumSizeHint().height() <= 200 and dialog.height() <= 201
    ok = [b for b in dialog.findChildren(QAbstractButton) if b.text() == "OK"]
    assert ok and not ok[0].visibleRegion().isEmpty()  # the buttons stay in view
    assert screen.contains(dialog.frameGeometry())
    dialog.close()
