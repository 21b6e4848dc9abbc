"""The notes pane when notes cannot be saved: never a message box at every pause in typing.

Real faults: a data file from a newer version (opened read-only), and another program
holding a write lock on the file (every save fails after the busy timeout).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.paths import AppPaths
from desktop.storage.user_db import SCHEMA_STEPS, UserDB
from desktop.ui.notes_pane import NotesPane


def _type_with_pauses(qtbot, pane: NotesPane, words: list[str]) -> None:
    for word in words:
        QTest.keyClicks(pane.editor, word)
        qtbot.waitUntil(lambda: not pane.timer.isActive(), timeout=3000)  # autosaved


@pytest.fixture
def newer_file(tmp_path: Path) -> Path:
    path = AppPaths.under(tmp_path / "base").user_db
    db = UserDB(path)
    db.set_note("country", "RU", "saved by the newer version")
    db.conn.execute(f"PRAGMA user_version = {SCHEMA_STEPS + 1}")
    db.close()
    return path


def test_a_read_only_data_file_makes_the_box_read_only(qtbot, message_boxes,
                                                       newer_file: Path) -> None:
    """Before: one 'your last change was not saved' box at every pause in typing."""
    user = UserDB(newer_file)
    pane = NotesPane(user)
    qtbot.addWidget(pane)
    pane.show()
    try:
        assert user.read_only
        pane.show_page("country", "RU")
        assert pane.editor.isReadOnly()
        assert pane.editor.toPlainText() == "saved by the newer version"
        assert "can only be read" in pane.editor.placeholderText()
        pane.editor.setFocus()
        _type_with_pauses(qtbot, pane, ["first ", "second "])
        pane.show_page("country", "FI")
        assert message_boxes.shown == []
        assert user.note("country", "RU") == "saved by the newer version"
    finally:
        pane.timer.stop()
        user.close()


def test_a_failing_save_while_typing_is_told_once(qtbot, message_boxes,
                                                  tmp_path: Path) -> None:
    """Before: a warning box at every pause (here: another program holds the file)."""
    message_boxes.expect()
    path = tmp_path / "user.db"
    user = UserDB(path, busy_timeout=0.05)
    pane = NotesPane(user)
    qtbot.addWidget(pane)
    pane.show()
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        pane.show_page("country", "RU")
        other.execute("BEGIN IMMEDIATE")  # another program's write lock
        pane.editor.setFocus()
        QTest.keyClick(pane.editor, Qt.Key.Key_A)
        _type_with_pauses(qtbot, pane, ["first ", "second ", "third "])
        assert len(message_boxes.texts("warning")) == 1
        assert "not saved" in pane.title.text()
        other.execute("ROLLBACK")  # the lock goes: the next pause saves, and says nothing
        _type_with_pauses(qtbot, pane, ["fourth"])
        assert "not saved" not in pane.title.text()
        assert user.note("country", "RU").endswith("fourth")
        assert len(message_boxes.texts("warning")) == 1
    finally:
        pane.timer.stop()
        other.close()
        user.close()


def test_leaving_a_page_whose_note_was_not_saved_says_so_again(qtbot, message_boxes,
                                                               tmp_path: Path) -> None:
    message_boxes.expect()
    path = tmp_path / "user.db"
    user = UserDB(path, busy_timeout=0.05)
    pane = NotesPane(user)
    qtbot.addWidget(pane)
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        pane.show_page("country", "RU")
        other.execute("BEGIN IMMEDIATE")
        _type_with_pauses(qtbot, pane, ["unsaved words"])
        pane.show_page("country", "FI")
        assert len(message_boxes.texts("warning")) == 2
        assert "not saved" not in pane.title.text()  # the new page's note is fine
    finally:
        pane.timer.stop()
        other.close()
        user.close()
