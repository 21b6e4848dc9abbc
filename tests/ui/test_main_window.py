"""Drive the real main window over the fixture content."""

from __future__ import annotations

import argparse
import io

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.ui.main_window import MainWindow


def test_title_status_bar_and_overview(window):
    assert window.windowTitle() == "Overview — Safe Passage"
    assert window.status.label.text() == "Offline reference · content as of 30 Sep 2022"
    assert window.status.stale.isVisible()
    assert "Dated reference" in window.status.stale.text()
    assert "official sources" in window.status.stale.toolTip()
    text = window.page.toPlainText()
    for expected in ("Russia", "Level 4", "U.S. Department of State", "27 Sep 2022",
                     "Upper Lars", "U.S. Embassy Moscow", "+7 495 728-50-00", "112",
                     "Dated reference, not live advice"):
        assert expected in text


def test_accessible_names(window):
    names = {w.accessibleName() for w in window.findChildren(QWidget)}
    for name in ("Search", "Results", "Page", "Sections", "Your notes on this page"):
        assert name in names
    assert window.page.accessibleName() == "Page"
    assert window.search.field.accessibleName() == "Search"
    assert window.search.results.accessibleName() == "Results"
    assert window.sections_pane.sections.accessibleName() == "Sections"


def test_type_query_see_hits_and_open_with_enter(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.field.hasFocus()
    qtbot.keyClicks(window.search.field, "lars")
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0, timeout=2000)
    first = window.search.model.hit(0)
    assert (first.kind, first.id) == ("route", "ru-ge-upper-lars")
    assert "<b>" in first.snippet_html()
    assert not window.sections_pane.isVisible() and window.search.results.isVisible()
    qtbot.keyClick(window.search.field, Qt.Key.Key_Down)
    assert window.search.results.currentIndex().row() == 1
    qtbot.keyClick(window.search.field, Qt.Key.Key_Up)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.location == ("route", "ru-ge-upper-lars")
    assert "Upper Lars – Dariali" in window.page.toPlainText()
    qtbot.keyClick(window.search.field, Qt.Key.Key_Escape)
    assert window.search.field.text() == "" and window.sections_pane.isVisible()


def test_typo_shows_corrected_note(window, qtbot):
    window.search.focus_search()
    qtbot.keyClicks(window.search.field, "protets ")
    qtbot.waitUntil(lambda: window.search.note.isVisible(), timeout=2000)
    assert "Showing results for" in window.search.note.text()


def test_internal_link_and_back_forward(window, qtbot):
    window.open_record("advisory", "ru-us")
    window.page.anchorClicked.emit(QUrl("sp://route/ru-ge-upper-lars"))
    assert window.location == ("route", "ru-ge-upper-lars")
    window.page.setFocus()
    qtbot.keyClick(window.page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.location == ("advisory", "ru-us")
    qtbot.keyClick(window.page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.location == ("route", "ru-ge-upper-lars")


def test_every_kind_and_section_renders(window, services):
    for kind in ("country", "advisory", "route", "entry_rule", "contact", "guide",
                 "checklist", "phrase", "city"):
        for record in services.content.list(kind):
            window.open_record(kind, record["id"])
            assert window.location == (kind, record["id"])
    for row in range(window.sections_pane.sections.count()):
        window.sections_pane.sections.setCurrentRow(row)
    assert window.location == ("section", "Bookmarks")


def test_sections_list_records(window):
    from desktop.pages.overview import SECTIONS

    window.sections_pane.sections.setCurrentRow([n for n, _ in SECTIONS].index("Guides"))
    assert window.location == ("section", "Guides")
    records = window.sections_pane.records
    titles = [records.item(i).text() for i in range(records.count())]
    assert "Money when cards fail" in titles
    records.itemActivated.emit(records.item(titles.index("Money when cards fail")))
    assert window.location == ("guide", "money")


def test_bookmark_and_note(window, services, qtbot):
    window.open_record("guide", "money")
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert services.user.is_bookmarked("guide", "money")
    window.go(("section", "Bookmarks"))
    assert "Money when cards fail" in window.page.toPlainText()
    window.open_record("guide", "money")
    window.notes.editor.setPlainText("meet at the bus station")
    qtbot.waitUntil(lambda: services.user.note("guide", "money") == "meet at the bus station",
                    timeout=3000)
    window.toggle_bookmark()
    assert not services.user.is_bookmarked("guide", "money")


def test_copy_phone_and_local_address(window):
    window.open_record("contact", "us-embassy-moscow")
    window.page.anchorClicked.emit(QUrl("copy:contact/us-embassy-moscow/phone/0"))
    assert QGuiApplication.clipboard().text() == "+7 495 728-50-00"
    window.page.anchorClicked.emit(QUrl("copy:contact/us-embassy-moscow/address_local"))
    assert QGuiApplication.clipboard().text().startswith("Большой Девятинский")


@pytest.mark.parametrize("location", [("planner", ""), ("map", "")])
def test_copy_page_text_copies_the_view_shown(window, services, location):
    """Not the overview hidden behind the planner or the map: the ways out, in order."""
    from desktop.planner import pick_city, plan_routes

    window.go(location)
    window.copy_page_text()
    text = QGuiApplication.clipboard().text()
    city = pick_city(services.content, window.settings.city, window.settings.country)
    first = plan_routes(services.content, city=city, passports=window.settings.passports)[0]
    assert first["name"] in text
    assert "OVERVIEW" not in text


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes,
                                    QMessageBox.StandardButton.No])
def test_external_link_needs_confirmation(window, monkeypatch, message_boxes, answer):
    opened = []
    message_boxes.answer = answer
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toString()))
    window.page.anchorClicked.emit(QUrl("https://example.org/alert?x=1"))
    assert "https://example.org/alert?x=1" in message_boxes.texts("question")[0]
    assert opened == (["https://example.org/alert?x=1"]
                      if answer == QMessageBox.StandardButton.Yes else [])


def test_remote_resources_refused(window):
    from PySide6.QtGui import QTextDocument

    kind = QTextDocument.ResourceType.ImageResource.value
    loaded = window.page.loadResource(kind, QUrl("https://example.org/x.png"))
    assert loaded is None or loaded.width() <= 1  # nothing, or a blank stand-in
    window.page.show_html("<img src='http://example.org/track.png'>")


def test_planner_passport_and_city(window, qtbot):
    window.resize(1600, 900)  # room for every column (a narrow table has one)
    window.show_planner()
    planner = window.views.planner
    assert window.views.currentWidget() is planner
    model = planner.model
    codes = [planner.passport.itemData(i) for i in range(planner.passport.count())]
    assert codes[:4] == ["US", "GB", "CA", "AU"]

    def entry(route_id: str) -> str:
        row = [model.route(r)["id"] for r in range(model.rowCount())].index(route_id)
        return model.index(row, model.ENTRY).data()

    assert entry("ru-ge-upper-lars") == "Visa-free, 365 days (US passport)"
    planner.passport.setCurrentIndex(codes.index("GB"))
    assert entry("ru-ge-upper-lars") == "No information for this passport"
    assert window.settings.passports == ["GB"]
    planner.second.setCurrentIndex(planner.second.findData("US"))  # a dual national
    assert window.settings.passports == ["GB", "US"]
    assert entry("ru-ge-upper-lars") == "Visa-free, 365 days (US passport)"
    planner.city.setCurrentIndex(planner.city.findData("vladikavkaz"))
    assert model.route(0)["id"] == "ru-ge-upper-lars"
    assert planner.table.verticalScrollBar().value() == 0
    planner.table.activated.emit(model.index(0, 0))
    assert window.location == ("route", "ru-ge-upper-lars")


def test_theme_and_font_scale(window, services):
    window.actions_["theme:dark"].trigger()
    assert services.user.settings().theme == "dark"
    assert QApplication.instance().palette().window().color().lightness() < 80
    assert "#1e2228" in window.page.document().defaultStyleSheet()
    window.actions_["theme:high-contrast"].trigger()
    assert services.user.settings().theme == "high-contrast"
    window.change_font_scale(0.1)
    assert services.user.settings().font_scale == pytest.approx(1.1)
    assert "12.1pt" in window.page.document().defaultStyleSheet()
    window.set_theme("light")


def test_wipe_data(window, services, message_boxes):
    services.user.set_bookmark("guide", "money", "Money", True)
    window.set_theme("dark")
    message_boxes.answer = QMessageBox.StandardButton.Yes
    window.actions_["wipe"].trigger()
    assert services.user.bookmarks() == []
    assert window.settings.theme == "light" and services.user.settings().theme == "light"
    assert window.location == ("overview", "")


def test_warnings_banner(services, qtbot):
    services.warnings.append("The installed content pack could not be used.")
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    assert win.banner.isVisible()
    assert "content pack" in win.banner.label.text()


def test_user_facing_error_becomes_warning(window, message_boxes):
    message_boxes.expect()
    window.page.anchorClicked.emit(QUrl("sp://guide/no-such-guide"))
    shown = message_boxes.texts("warning")
    assert shown and "no-such-guide" in shown[0]
    assert window.location == ("overview", "")


def test_corrupt_content_db_gives_message(tmp_path, monkeypatch, qapp, message_boxes):
    from desktop import app

    bad = tmp_path / "content.db"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setattr("desktop.paths.bundled_content_db", lambda: tmp_path / "none.db")
    message_boxes.expect()
    args = argparse.Namespace(basedir=str(tmp_path / "base"), portable=False, content_db=bad)
    assert app.start(args) is None
    shown = message_boxes.texts("critical")
    assert shown and "damaged" in shown[0]


def test_corrupt_content_db_falls_back_to_bundled(tmp_path, monkeypatch, qtbot, fixture_db,
                                                  message_boxes):
    import sys

    from desktop import app

    bad = tmp_path / "content.db"
    bad.write_bytes(b"")
    monkeypatch.setattr("desktop.paths.bundled_content_db", lambda: fixture_db)
    monkeypatch.setattr("desktop.paths.content_sources_dir", lambda: tmp_path / "no-sources")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    message_boxes.expect()
    args = argparse.Namespace(basedir=str(tmp_path / "base"), portable=False, content_db=bad)
    win = app.start(args)
    qtbot.addWidget(win)
    warned = message_boxes.texts("warning")
    assert warned and "came with the app" in warned[0]
    assert "Russia" in win.page.toPlainText()
    win.close()  # as when the app quits: the window first, then the databases
    win.services.close()


def test_excepthook_logs_and_reports(tmp_path, monkeypatch, qapp, message_boxes):
    from desktop import app
    from desktop.errors import UserFacingError

    reported = []
    message_boxes.expect()
    monkeypatch.setattr(app, "show_crash_dialog", lambda d, p: reported.append((d, p)))
    monkeypatch.setattr("sys.stderr", io.StringIO())
    hook = app.make_excepthook(tmp_path / "log")
    try:
        raise ValueError("a real bug")
    except ValueError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert "a real bug" in (tmp_path / "log" / "crash.log").read_text()
    assert reported and reported[0][1] == tmp_path / "log" / "crash.log"
    hook(UserFacingError, UserFacingError("disk full"), None)
    assert message_boxes.texts("warning") == ["disk full"]


def test_planner_show_filter_keeps_only_that_mode(window):
    window.show_planner()
    planner = window.views.planner
    planner.city.setCurrentIndex(planner.city.findData("moscow"))

    def shown() -> list[str]:
        return [planner.model.route(r)["mode"] for r in range(planner.model.rowCount())]

    assert set(shown()) == {"air", "road"}
    planner.modes.setCurrentIndex(1)  # overland
    assert set(shown()) == {"road"}
    planner.modes.setCurrentIndex(2)  # flights
    assert shown() == ["air"]
    planner.modes.setCurrentIndex(0)
    assert len(shown()) == 4


def test_opened_hit_gives_the_space_back_and_routes_show_their_status(window, qtbot):
    window.search.focus_search()
    qtbot.keyClicks(window.search.field, "lars")
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0, timeout=2000)
    from desktop.ui.models import HTML_ROLE

    first = window.search.model.index(0, 0)
    assert "Open as of 28 Sep 2022" in first.data(HTML_ROLE)
    assert "Open as of" in first.data(Qt.ItemDataRole.AccessibleTextRole)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.location == ("route", "ru-ge-upper-lars")
    assert window.sections_pane.isVisible() and not window.search.results.isVisible()
    assert window.search.field.text() == "lars"  # the query is kept ...
    window.page.setFocus()
    window.search.focus_search()                 # ... and its results come back
    assert window.search.results.isVisible() and not window.sections_pane.isVisible()


def test_reloaded_content_clears_the_old_contents_warning(window, services):
    """After a good pack is installed, "the installed pack could not be used" goes; a
    warning about the person's own data file stays."""
    services.user_warnings = ["Your data file is read-only."]
    services.warnings = ["The installed content pack could not be used.",
                         *services.user_warnings]
    window.banner.set_warnings(services.warnings)
    window.reload_content()
    assert window.banner.isVisible()
    assert window.banner.label.text() == "⚠ Your data file is read-only."
