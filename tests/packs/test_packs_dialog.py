"""ContentPacksDialog with stubbed file and message dialogs (nothing blocks).

Checks and installs run on a pool thread; each test waits for the dialog's ``idle`` (or
``content_changed``) signal before looking at what was shown.
"""

from __future__ import annotations

import threading

import pytest
from packhelpers import Pulled, data_region
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.packs import status as pack_status
from desktop.packs import store
from desktop.packs.pack import DB_NAME
from desktop.services import active_pack_db
from desktop.ui.packs_dialog import ContentPacksDialog

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


class Boxes:
    """Records every message box; ``answers`` are returned by ``question`` in order."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answers: list[QMessageBox.StandardButton] = []
        self.threads: set[int] = set()

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.shown]

    def last(self) -> tuple[str, str, str]:
        return self.shown[-1]


@pytest.fixture
def boxes(monkeypatch) -> Boxes:
    record = Boxes()

    def box(kind):
        def show(parent, title, text, *args, **kwargs):
            record.threads.add(threading.get_ident())
            record.shown.append((kind, title, text))
            if kind == "question":
                return record.answers.pop(0) if record.answers else NO
            return QMessageBox.StandardButton.Ok
        return show

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    return record


@pytest.fixture
def choose(monkeypatch):
    chosen: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (chosen.pop(0) if chosen else "", ""))
    return chosen


@pytest.fixture
def dialog(qtbot, services, publisher, fixture_db, monkeypatch, boxes, choose):
    monkeypatch.setattr(pack_status, "bundled_content_db", lambda: fixture_db)
    widget = ContentPacksDialog(services, None, trusted_keys_dir=publisher.keys_dir)
    qtbot.addWidget(widget)
    return widget


def test_shows_bundled_content_and_verifies_it(qtbot, dialog, boxes):
    assert dialog.source_label.text() == "Content that came with the app"
    assert "version test.1" in dialog.version_label.text()
    assert "days old" in dialog.as_of_label.text()
    assert dialog.previous_label.text() == "none"
    assert not dialog.rollback_button.isEnabled()
    with qtbot.waitSignal(dialog.idle, timeout=10000):
        dialog.verify_button.click()
    kind, _, text = boxes.last()
    assert kind == "information" and "intact" in text


def test_import_verify_confirm_install_then_roll_back(qtbot, dialog, boxes, choose,
                                                      pack_v1, pack_v2, publisher):
    choose.append(str(pack_v1))
    boxes.answers.append(YES)
    with qtbot.waitSignal(dialog.content_changed, timeout=5000):
        dialog.import_button.click()
    question = next(text for kind, _, text in boxes.shown if kind == "question")
    assert "version test.1" in question and publisher.key_id in question
    assert boxes.last()[0] == "information"
    assert dialog.source_label.text() == "Content pack"
    assert dialog.key_label.text() == publisher.key_id

    choose.append(str(pack_v2))
    boxes.answers.append(YES)
    with qtbot.waitSignal(dialog.content_changed, timeout=5000):
        dialog.import_button.click()
    assert "version test.2" in dialog.version_label.text()
    assert dialog.rollback_button.isEnabled()
    assert dialog.previous_label.text().startswith("version test.1")

    with qtbot.waitSignal(dialog.idle, timeout=10000):
        dialog.verify_button.click()
    kind, _, text = boxes.last()
    assert kind == "information" and "exactly what the trusted publisher signed" in text

    boxes.answers.append(YES)
    with qtbot.waitSignal(dialog.content_changed, timeout=5000):
        dialog.rollback_button.click()
    assert "version test.1" in dialog.version_label.text()
    assert "warning" not in boxes.kinds()


def test_refused_pack_shows_the_reason_and_changes_nothing(qtbot, dialog, boxes, choose,
                                                           tmp_path, services):
    bad = tmp_path / "bad.sppack"
    bad.write_bytes(b"PK\x03\x04 cut off here")
    choose.append(str(bad))
    with qtbot.assertNotEmitted(dialog.content_changed), \
            qtbot.waitSignal(dialog.idle, timeout=10000):
        dialog.import_button.click()
    kind, title, text = boxes.last()
    assert (kind, title) == ("warning", "Pack refused")
    assert "incomplete" in text and "Nothing was changed." in text
    assert not services.paths.packs.exists()


def test_a_pack_that_stops_reading_is_refused_not_a_crash(qtbot, dialog, boxes, choose,
                                                         monkeypatch, pack_v1, services):
    """The USB stick is pulled while the pack is checked: a message, not the crash dialog."""
    Pulled(monkeypatch, pack_v1, data_region(pack_v1, DB_NAME), from_open=2)
    choose.append(str(pack_v1))
    with qtbot.assertNotEmitted(dialog.content_changed), \
            qtbot.waitSignal(dialog.idle, timeout=10000):
        dialog.import_button.click()
    kind, title, text = boxes.last()
    assert (kind, title) == ("warning", "Pack refused")
    assert f"The pack file {pack_v1} cannot be read" in text
    assert not services.paths.packs.exists()


def test_cancel_and_no_change_nothing(qtbot, dialog, boxes, choose, pack_v1, services):
    with qtbot.assertNotEmitted(dialog.content_changed):
        dialog.import_button.click()  # file dialog cancelled
        choose.append(str(pack_v1))
        boxes.answers.append(NO)
        with qtbot.waitSignal(dialog.idle, timeout=10000):
            dialog.import_button.click()  # "Install this content?" → No
    assert boxes.kinds() == ["question"]
    assert not services.paths.packs.exists()


def test_older_pack_asks_again(qtbot, dialog, boxes, choose, pack_v1, pack_v2, publisher,
                               services):
    store.import_pack(pack_v2, services.paths, publisher.trusted)
    dialog.refresh()
    choose.append(str(pack_v1))
    boxes.answers.extend([YES, NO])
    with qtbot.assertNotEmitted(dialog.content_changed), \
            qtbot.waitSignal(dialog.idle, timeout=10000):
        dialog.import_button.click()
    assert "older" in boxes.last()[2]
    assert pack_status.status(services.paths)["content_version"] == "test.2"

    choose.append(str(pack_v1))
    boxes.answers.extend([YES, YES])
    with qtbot.waitSignal(dialog.content_changed, timeout=5000):
        dialog.import_button.click()
    assert "version test.1" in dialog.version_label.text()


def test_verify_reports_a_damaged_pack(qtbot, dialog, boxes, pack_v1, publisher, services):
    store.import_pack(pack_v1, services.paths, publisher.trusted)
    db = active_pack_db(services.paths)
    data = bytearray(db.read_bytes())
    data[len(data) // 3] ^= 0x01
    db.write_bytes(bytes(data))
    with qtbot.waitSignal(dialog.idle, timeout=10000):
        dialog.verify_button.click()
    kind, title, text = boxes.last()
    assert (kind, title) == ("warning", "Content check failed")
    assert "changed or damaged on this computer" in text
    assert "Traceback" not in text


def test_import_runs_off_the_gui_thread_with_progress(qtbot, dialog, boxes, choose, pack_v1):
    """A big or hostile pack must not freeze the window: checking and installing run on a
    pool thread, which reports progress by signal; messages are shown on the GUI thread."""
    steps: list[tuple[str, int]] = []
    dialog.progress.connect(lambda text, percent: steps.append((text, percent)))
    choose.append(str(pack_v1))
    boxes.answers.append(YES)
    dialog.import_button.click()
    assert dialog.busy() and not dialog.import_button.isEnabled()
    assert dialog.progress_bar.isVisibleTo(dialog)
    dialog.reject()  # closing now would orphan the worker: refused while busy
    with qtbot.waitSignal(dialog.content_changed, timeout=10000):
        pass
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)
    gui = threading.get_ident()
    assert dialog.last_task.thread_id not in (None, gui)
    assert boxes.threads == {gui}
    texts = [text for text, _ in steps]
    assert "Checking the signature" in texts and "Putting the pack in place" in texts
    assert any(percent == 100 for _, percent in steps)
    assert dialog.import_button.isEnabled() and not dialog.progress_bar.isVisibleTo(dialog)


def test_a_hostile_pack_is_refused_without_blocking_the_window(qtbot, dialog, boxes, choose,
                                                               tmp_path):
    """The 80,000-entry zip was refused after 77 s on the GUI thread."""
    import zipfile

    bad = tmp_path / "many.sppack"
    with zipfile.ZipFile(bad, "w") as archive:
        for n in range(2000):
            archive.writestr(f"e{n}", b"")
    choose.append(str(bad))
    with qtbot.waitSignal(dialog.idle, timeout=10000):
        dialog.import_button.click()
    kind, title, text = boxes.last()
    assert (kind, title) == ("warning", "Pack refused") and "2000 entries" in text
