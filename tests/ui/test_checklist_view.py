"""ChecklistView: ticks saved at once, own items, reset, keyboard, print buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QMessageBox, QWidget

from desktop.errors import DiskFullError
from desktop.pages.checklist import checklist_html
from desktop.storage.user_db import UserDB
from desktop.ui import print_dialogs
from desktop.ui.checklist_view import ChecklistView


@pytest.fixture
def view(services, qtbot):
    widget = ChecklistView(services.content, services.user, "leaving")
    qtbot.addWidget(widget)
    return widget


def _saved(services) -> set[str]:
    other = UserDB(services.paths.user_db)
    try:
        return other.checked("leaving")
    finally:
        other.close()


def _own_texts(view) -> list[str]:
    return [item["text"] for item in view.user.own_items("leaving")]


def test_shows_title_items_and_progress(view):
    assert view.title_label.text() == "Leaving now"
    assert list(view.item_boxes) == ["passport", "cash", "tell-someone"]
    assert view.item_boxes["cash"].text() == "Cash in dollars or euros"
    details = [label.text() for label in view.items_box.findChildren(QLabel)]
    assert any("Foreign cards do not work." in d for d in details)
    assert view.progress_label.text() == "0 of 3"


def test_tick_is_saved_at_once(view, services, qtbot):
    with qtbot.waitSignal(view.changed, timeout=2000):
        view.item_boxes["cash"].click()
    assert view.item_boxes["cash"].isChecked()
    assert _saved(services) == {"cash"}  # a second connection sees the commit
    assert view.progress_label.text() == "1 of 3"
    view.item_boxes["cash"].click()
    assert _saved(services) == set()
    assert view.progress_label.text() == "0 of 3"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_space_ticks_from_the_keyboard(view, services, qtbot):
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    box = view.item_boxes["passport"]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and _saved(services) == {"passport"}
    cash = view.item_boxes["cash"]
    qtbot.mouseClick(cash, Qt.MouseButton.LeftButton, pos=QPoint(8, cash.height() // 2))
    assert _saved(services) == {"passport", "cash"}
    assert view.progress_label.text() == "2 of 3"


def test_ticks_survive_a_new_view(services, qtbot):
    services.user.set_checked("leaving", "tell-someone", True)
    widget = ChecklistView(services.content, services.user, "leaving")
    qtbot.addWidget(widget)
    assert widget.item_boxes["tell-someone"].isChecked()
    assert widget.progress_label.text() == "1 of 3"


def test_failed_save_springs_back(view, services, monkeypatch, message_boxes):
    def full(*args):
        raise DiskFullError("The disk is full: your last change was not saved.")

    message_boxes.expect()
    monkeypatch.setattr(services.user, "set_checked", full)
    view.item_boxes["cash"].click()
    warnings = message_boxes.texts("warning")
    assert not view.item_boxes["cash"].isChecked()
    assert warnings and "disk is full" in warnings[0]
    assert view.progress_label.text() == "0 of 3"


def test_add_reorder_rename_delete_own_items(view, services, qtbot, monkeypatch):
    field = view.add_field
    qtbot.keyClicks(field, "Charge the power bank")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    field.setText("Кошка: документы")  # QTest types ASCII only
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClicks(field, "Water")
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert _own_texts(view) == ["Charge the power bank", "Кошка: документы", "Water"]
    assert field.text() == ""
    assert view.progress_label.text() == "0 of 6"

    ids = [item["id"] for item in services.user.own_items("leaving")]
    row = view.own_rows[ids[2]]
    row.findChild(QWidget, "up").click()
    assert _own_texts(view) == ["Charge the power bank", "Water", "Кошка: документы"]
    assert view.own_rows[ids[0]].findChild(QWidget, "up").isEnabled() is False

    view.own_rows[ids[0]].findChild(QWidget, "down").click()
    assert _own_texts(view) == ["Water", "Charge the power bank", "Кошка: документы"]

    monkeypatch.setattr("desktop.ui.checklist_view.QInputDialog.getText",
                        lambda *a, **k: ("Charge both power banks", True))
    view.own_rows[ids[0]].findChild(QWidget, "edit").click()
    assert _own_texts(view)[1] == "Charge both power banks"

    view.own_boxes[ids[1]].click()
    assert services.user.own_items("leaving")[2]["checked"] == 1
    assert view.progress_label.text() == "1 of 6"

    before = _own_texts(view)
    view.own_rows[ids[1]].findChild(QWidget, "delete").click()
    assert _own_texts(view) == ["Water", "Charge both power banks"]
    assert view.progress_label.text() == "0 of 5"
    assert not view.undo_row.isHidden() and view.focusWidget() is view.undo_button
    view.undo_button.click()  # back where it was, ticked as it was
    assert _own_texts(view) == before and view.undo_row.isHidden()
    assert [i["checked"] for i in services.user.own_items("leaving")] == [0, 0, 1]
    assert view.progress_label.text() == "1 of 6"


def test_double_click_renames(view, services, qtbot, monkeypatch):
    own_id = services.user.add_own_item("leaving", "Old name")
    view.refresh()
    monkeypatch.setattr("desktop.ui.checklist_view.QInputDialog.getText",
                        lambda *a, **k: ("New name", True))
    qtbot.mouseDClick(view.own_boxes[own_id], Qt.MouseButton.LeftButton)
    assert _own_texts(view) == ["New name"]


def test_empty_add_does_nothing(view):
    view.add_button.click()
    assert _own_texts(view) == []


@pytest.mark.parametrize(("answer", "expect"), [
    (QMessageBox.StandardButton.No, {"cash", "passport"}),
    (QMessageBox.StandardButton.Yes, set()),
])
def test_reset_asks_first(view, services, message_boxes, answer, expect):
    view.item_boxes["cash"].click()
    view.item_boxes["passport"].click()
    own_id = services.user.add_own_item("leaving", "Mine")
    services.user.set_own_checked(own_id, True)
    view.refresh()
    message_boxes.answer = answer
    view.reset_button.click()
    assert message_boxes.texts("question")
    assert _saved(services) == expect
    assert _own_texts(view) == ["Mine"]  # own items stay
    done = len(expect) + (1 if expect else 0)
    assert view.progress_label.text() == f"{done} of 4"


def test_accessible_names_and_focus(view):
    names = {w.accessibleName() for w in view.findChildren(QWidget)}
    assert {"Checklist items", "Add your own item", "Progress"} <= names
    assert view.findChild(QLineEdit).accessibleName() == "Add your own item"
    for box in view.findChildren(QCheckBox):
        assert box.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_print_buttons_print_through_the_window(window, monkeypatch):
    """The checklist's buttons print as File › Print does: the ticks and own items, the
    window's settings (paper, text size), and the PDF's folder kept in those settings, so
    the window's next save of its settings does not write an older folder back."""
    calls = []
    for name in ("preview", "print_html"):
        monkeypatch.setattr(print_dialogs, name,
                            lambda *a, _n=name: calls.append((_n, *a)))

    def export(parent, html, title, settings):
        calls.append(("export_pdf_dialog", parent, html, title, settings))
        settings.export_dir = "/chosen/folder"
        return Path("/chosen/folder/Leaving now.pdf")

    monkeypatch.setattr(print_dialogs, "export_pdf_dialog", export)
    window.open_record("checklist", "leaving")
    view = window.views.checklist
    view.item_boxes["cash"].click()
    view.preview_button.click()
    view.print_button.click()
    view.export_button.click()
    assert [c[0] for c in calls] == ["preview", "print_html", "export_pdf_dialog"]
    for _, parent, html, title, settings in calls:
        assert parent is window and title == "Leaving now"
        assert "Cash in dollars or euros" in html and "✓" in html
        assert settings is window.settings
    assert window.services.user.settings().export_dir == "/chosen/folder"
    window.set_theme("dark")  # saves the window's settings
    assert window.services.user.settings().export_dir == "/chosen/folder"


def _html(view) -> str:
    return checklist_html(view.content, view.user, view.checklist_id)


# -- print dialogs -------------------------------------------------------------------
def test_export_pdf_dialog_writes_file(view, tmp_path, monkeypatch):
    target = tmp_path / "list"
    monkeypatch.setattr(print_dialogs, "ask_pdf_path", lambda *a: target)
    path = print_dialogs.export_pdf_dialog(view, _html(view), "Leaving now",
                                           view.user.settings())
    assert path == Path(str(target) + ".pdf")
    assert path.read_bytes().startswith(b"%PDF")


def test_export_pdf_dialog_reports_errors(view, tmp_path, monkeypatch, message_boxes):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(print_dialogs, "ask_pdf_path", lambda *a: blocker / "a.pdf")
    message_boxes.expect()
    assert print_dialogs.export_pdf_dialog(view, _html(view), "Leaving now",
                                           view.user.settings()) is None
    shown = message_boxes.texts("warning")
    assert shown and "Cannot write" in shown[0]


def test_export_pdf_dialog_cancel(view, monkeypatch):
    monkeypatch.setattr(print_dialogs, "ask_pdf_path", lambda *a: None)
    assert print_dialogs.export_pdf_dialog(view, "<p>x</p>", "x", view.user.settings()) is None


def test_print_without_printer_offers_pdf(view, tmp_path, monkeypatch, message_boxes):
    monkeypatch.setattr(print_dialogs, "no_printer", lambda: True)
    message_boxes.answer = QMessageBox.StandardButton.Save
    target = tmp_path / "printed.pdf"
    monkeypatch.setattr(print_dialogs, "ask_pdf_path", lambda *a: target)
    assert print_dialogs.print_html(view, _html(view), "Leaving now",
                                    view.user.settings())
    assert target.read_bytes().startswith(b"%PDF")


def test_preview_paints_the_document(view, tmp_path, monkeypatch, read_pdf_text):
    out = tmp_path / "preview.pdf"

    def fake_exec(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(print_dialogs.QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dialog.paintRequested.emit(printer)
        return 0

    monkeypatch.setattr(print_dialogs.QPrintPreviewDialog, "exec", fake_exec)
    print_dialogs.preview(view, _html(view), "Leaving now", view.user.settings())
    assert "Cash in dollars or euros" in read_pdf_text(out)


@pytest.fixture
def read_pdf_text():
    def read(path: Path) -> str:
        from pypdf import PdfReader

        assert path.read_bytes().startswith(b"%PDF")
        return " ".join(" ".join((p.extract_text() or "").split())
                        for p in PdfReader(str(path)).pages)
    return read


def test_suggested_filename():
    assert print_dialogs.suggested_filename("Wallet card — Russia") == \
        "Wallet card — Russia.pdf"
    assert print_dialogs.suggested_filename('a/b:c*?"') == "a b c.pdf"
