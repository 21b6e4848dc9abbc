"""A data file this version did not make: one saved by a newer version of the app is shown
read-only (never migrated back), and another program's SQLite file is left exactly as it
is (never migrated into, never switched to WAL, never set aside).  Real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.errors import UserDBError
from desktop.paths import AppPaths
from desktop.services import open_user
from desktop.storage.user_db import SCHEMA_STEPS, UserDB


def test_a_file_from_a_newer_version_is_shown_read_only_and_not_downgraded(
        tmp_path: Path) -> None:
    """Before: the file's data format was set back to this version's and written to."""
    paths = AppPaths.under(tmp_path / "base")
    db = UserDB(paths.user_db)
    db.set_note("country", "RU", "written by the newer version")
    db.conn.execute("CREATE TABLE reminders (id INTEGER PRIMARY KEY, text TEXT)")
    db.conn.execute(f"PRAGMA user_version = {SCHEMA_STEPS + 1}")
    db.close()
    user, warnings = open_user(paths)
    try:
        assert user.read_only and "newer version of Safe Passage" in user.read_only_reason
        assert user.note("country", "RU") == "written by the newer version"
        assert len(warnings) == 1 and "newer version" in warnings[0]
        with pytest.raises(UserDBError, match="not saved"):
            user.set_note("country", "RU", "")
    finally:
        user.close()
    check = sqlite3.connect(paths.user_db)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_STEPS + 1
        assert check.execute("SELECT body FROM notes").fetchone()[0] == \
            "written by the newer version"
    finally:
        check.close()
    assert not user.backups()


@pytest.mark.parametrize("journal", ["delete", "wal"])
@pytest.mark.parametrize("tables", [
    ["CREATE TABLE contacts (name TEXT, phone TEXT)"],
    ["CREATE TABLE settings (name TEXT, enabled INTEGER)"],  # a name the app uses too
])
def test_another_programs_file_is_left_exactly_as_it_is(tmp_path: Path, journal: str,
                                                        tables: list[str]) -> None:
    """Before: the app's tables were added to the other program's file (or, when a name
    clashed, the migration failed) and its journal switched to WAL."""
    paths = AppPaths.under(tmp_path / "base")
    paths.data.mkdir(parents=True)
    other = sqlite3.connect(paths.user_db, isolation_level=None)
    other.execute(f"PRAGMA journal_mode = {journal}")
    for statement in tables:
        other.execute(statement)
    other.execute(f"INSERT INTO {tables[0].split()[2]} VALUES ('theirs', 1)")
    other.close()
    before = paths.user_db.read_bytes()
    with pytest.raises(UserDBError, match="is not a Safe Passage data file"):
        UserDB(paths.user_db)
    user, warnings = open_user(paths)  # the app starts, with a temporary file, and says so
    user.close()
    assert len(warnings) == 1 and "another program's tables" in warnings[0]
    assert paths.user_db.read_bytes() == before
    assert sorted(p.name for p in paths.data.iterdir()) == ["user.db", "user.db.lock"]


def test_the_apps_own_files_are_still_its_own(tmp_path: Path) -> None:
    """An empty file and a file with only the migration table are the app's to fill."""
    for name, setup in (("empty.db", ""), ("started.db", "CREATE TABLE _sqlite_migrations "
                                           "(migration_set TEXT, name TEXT, applied_at TEXT)")):
        path = tmp_path / name
        conn = sqlite3.connect(path)
        if setup:
            conn.execute(setup)
        conn.close()
        db = UserDB(path)
        db.set_note("country", "RU", "fine")
        assert not db.read_only and db.note("country", "RU") == "fine"
        db.close()
