""""Delete all my data" when not everything goes to plan: everything that can be deleted
is, the person is told what is left, and the window keeps working (real files)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.services import open_services
from desktop.storage.user_db import UserDB
from desktop.storage.user_file import lock_path
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a folder as the lock file")


def test_wipe_when_no_new_data_file_can_be_made(qtbot, message_boxes, user_dirs,
                                                fixture_db) -> None:
    """Before: the connection stayed closed after the wipe, so every later read failed
    ('Cannot operate on a closed database'), the window kept showing the deleted
    settings, and the config and log folders were not emptied."""
    db = UserDB(user_dirs.user_db)
    db.set_bookmark("country", "RU", "Russia", True)
    settings = db.settings()
    settings.theme = "dark"
    db.save_settings(settings)
    db.close()
    user_dirs.config.mkdir(parents=True)
    (user_dirs.config / "QtProject.conf").write_text("[FileDialog]\nhistory=/secret\n")
    user_dirs.log.mkdir(parents=True)
    (user_dirs.log / "crash.log").write_text("details")
    lock = lock_path(user_dirs.user_db)
    lock.unlink()
    lock.mkdir()  # no lock can be taken, so no new file can be made after the wipe
    services = open_services(user_dirs, content_db=fixture_db)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    try:
        assert services.user.read_only and window.settings.theme == "dark"
        message_boxes.expect()
        message_boxes.answer = QMessageBox.StandardButton.Yes
        window.wipe_data()
        told = message_boxes.texts("warning")
        assert len(told) == 1 and "Your data was deleted" in told[0]
        assert not user_dirs.user_db.exists()
        assert list(user_dirs.config.iterdir()) == [] and list(user_dirs.log.iterdir()) == []
        assert window.settings.theme == "light" and services.user.bookmarks() == []
        window.open_record("country", "RU")  # the window goes on, with a temporary file
        window.notes.editor.setPlainText("kept until the app closes")
        assert window.notes.save()
        assert services.user.note("country", "RU") == "kept until the app closes"
    finally:
        window.notes.timer.stop()
        window.close()
    services.close()
