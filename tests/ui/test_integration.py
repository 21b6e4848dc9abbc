"""Printing and content packs are wired to the other helpers' modules."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel


@pytest.mark.parametrize(("action", "function", "what"), [
    ("print", "print_html", "page"), ("preview", "preview", "page"),
    ("pdf", "export_pdf_dialog", "page"), ("contacts", "preview", "contacts"),
    ("card", "preview", "card")])
def test_print_actions_call_print_dialogs(window, monkeypatch, action, function, what):
    calls = []
    monkeypatch.setattr(f"desktop.ui.print_dialogs.{function}",
                        lambda parent, html, title, settings: calls.append((html, title)))
    window.open_record("route", "ru-ge-upper-lars")
    window.actions_[action].trigger()
    assert len(calls) == 1
    html, title = calls[0]
    assert "<html" in html.lower()
    if what == "page":
        assert title == "Upper Lars – Dariali" and "Upper Lars" in html


def test_print_overview_and_planner(window, monkeypatch):
    calls = []
    monkeypatch.setattr("desktop.ui.print_dialogs.preview",
                        lambda parent, html, title, settings: calls.append((html, title)))
    window.actions_["preview"].trigger()
    window.show_planner()
    window.actions_["preview"].trigger()
    assert [t for _, t in calls] == ["Overview — Russia", "Route planner — Moscow"]
    assert "Vaalimaa" in calls[1][0]


def test_checklist_page_uses_checklist_view(window):
    from desktop.ui import checklist_view

    window.open_record("checklist", "leaving")
    view = window.views.currentWidget()
    assert isinstance(view, checklist_view.ChecklistView)
    window.go_back()
    assert window.views.currentWidget() is window.page


def test_links_in_checklist_items_open_pages(window):
    window.open_record("checklist", "leaving")
    detail = next(label for label in window.views.checklist.findChildren(QLabel)
                  if "money guide" in label.text())
    assert detail.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    detail.linkActivated.emit("sp://guide/money")
    assert window.location == ("guide", "money")


def test_content_packs_dialog_and_reload(services, fixture_db, qtbot, monkeypatch):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(services, content_db=fixture_db)
    qtbot.addWidget(window)
    monkeypatch.setattr(QDialog, "open", lambda self: None)
    window.open_record("guide", "money")
    window.actions_["packs"].trigger()
    dialog = window._packs_dialog
    assert dialog is not None
    old = services.content
    dialog.content_changed.emit()
    assert services.content is not old
    assert window.location == ("overview", "")
    assert "Russia" in window.page.toPlainText()
    dialog.close()


def test_settings_dialog_applies(window, services, qtbot):
    from desktop.planner import passport_choices
    from desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, passports=passport_choices(services.content),
                            countries=[("RU", "Russia")], cities=[("moscow", "Moscow")],
                            parent=window)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.scale.setValue(150)
    dialog.passport.setCurrentIndex(dialog.passport.findData("GB"))
    window.apply_settings(dialog.settings())
    stored = services.user.settings()
    assert (stored.theme, stored.font_scale, stored.passport) == ("dark", 1.5, "GB")
    assert "16.5pt" in window.page.document().defaultStyleSheet()
    assert "GB passport" in window.page.toPlainText()
    window.set_theme("light")
