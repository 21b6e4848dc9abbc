"""The user DB under adversity: processes starting together, damaged and half-built files,
disks that cannot be written.  Real files, real SQLite, real processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from userdb_workers import pool

from desktop.errors import UserDBError
from desktop.paths import AppPaths
from desktop.services import open_user
from desktop.storage.user_db import UserDB
from desktop.storage.user_file import USER_TABLES, backups, set_aside

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 50


def main_backups(folder: Path) -> list[Path]:
    """Backups of the database itself (not of its WAL files)."""
    return [p for p in backups(folder / "user.db") if not p.name.endswith(("-wal", "-shm"))]


def own_items(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT text FROM own_items"))
    finally:
        conn.close()


def test_two_processes_on_a_damaged_file_keep_its_backup(tmp_path: Path) -> None:
    """Defect 1: the second process must not file its fresh DB over the first's backup."""
    lost, problems = [], []
    with pool(2) as workers:
        for n in range(ROUNDS):
            folder = tmp_path / f"round-{n}"
            folder.mkdir()
            original = f"round {n}: the user's only copy, damaged ".encode() * 200
            (folder / "user.db").write_bytes(original)
            reports = workers.round(folder / "user.db")
            problems += [r["error"] for r in reports if r["error"] or r["read_only"]]
            kept = main_backups(folder)
            if [p.read_bytes() for p in kept] != [original]:
                lost.append(n)
            if sum(bool(r["backup"]) for r in reports) != 1:
                problems.append(f"round {n}: recovery ran {reports}")
            if own_items(folder / "user.db") != ["worker-0", "worker-1"]:
                problems.append(f"round {n}: a change was lost")
    assert (lost, problems) == ([], [])


def test_two_processes_starting_on_a_fresh_folder_both_keep_their_changes(
        tmp_path: Path) -> None:
    """Defect 4: neither may fall back to memory ('database is locked')."""
    problems = []
    with pool(2) as workers:
        for n in range(ROUNDS):
            path = tmp_path / f"round-{n}" / "data" / "user.db"
            reports = workers.round(path)
            problems += [r for r in reports if r["error"] or r["read_only"]]
            if own_items(path) != ["worker-0", "worker-1"]:
                problems.append(f"round {n}: a change was lost")
    assert problems == []


def test_backups_made_in_the_same_second_never_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    contents = []
    for n in range(20):
        contents.append(f"damaged {n}".encode() * 100)
        path.write_bytes(contents[-1])
        set_aside(path)
    assert sorted(p.read_bytes() for p in main_backups(tmp_path)) == sorted(contents)


@pytest.mark.parametrize("damage", [
    "DROP TABLE settings",
    "DROP TABLE own_items",
    "ALTER TABLE notes DROP COLUMN body",
])
def test_a_file_missing_a_table_is_set_aside_like_a_damaged_one(tmp_path: Path,
                                                                damage: str) -> None:
    """Defect 12: search, print and the window crashed on 'no such table: settings'."""
    path = tmp_path / "user.db"
    db = UserDB(path)
    db.set_note("guide", "g", "kept in the backup")
    db.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(damage)
    conn.close()
    db = UserDB(path)
    try:
        assert db.recovered_backup is not None
        assert db.settings().passports == ["US"]
        db.add_own_item("leaving", "works again")
        assert db.own_items("leaving")[0]["text"] == "works again"
    finally:
        db.close()
    backup = sqlite3.connect(db.recovered_backup)
    assert backup.execute("SELECT body FROM notes").fetchone() == ("kept in the backup",) \
        if "notes" not in damage else True
    backup.close()


def test_the_expected_schema_is_what_the_migrations_make(tmp_path: Path) -> None:
    db = UserDB(tmp_path / "user.db")
    found = {table: {r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")}
             for table in USER_TABLES}
    db.close()
    assert found == {table: set(columns) for table, columns in USER_TABLES.items()}


def test_busy_timeout_is_injectable(tmp_path: Path) -> None:
    db = UserDB(tmp_path / "user.db", busy_timeout=0.25)
    assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 250
    db.close()


# --- a disk that cannot be written ---------------------------------------------------------

LIMITED = textwrap.dedent("""
    import json, resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE,
                       (int(sys.argv[1]), resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    from pathlib import Path
    from desktop.errors import UserDBError
    from desktop.paths import AppPaths
    from desktop.services import open_user
    user, warnings = open_user(AppPaths.under(sys.argv[2]), busy_timeout=0.1)
    try:
        user.add_own_item("leaving", "one more")
        wrote = "saved"
    except UserDBError as exc:
        wrote = str(exc)
    print(json.dumps({"items": len(user.own_items("leaving")), "read_only": user.read_only,
                      "memory": not isinstance(user.path, Path),
                      "warnings": warnings, "write": wrote}))
""")


def run_limited(base: Path, limit: int) -> dict:
    """Open the user DB in a process that cannot write past ``limit`` bytes of any file.

    RLIMIT_FSIZE makes the kernel fail every write beyond the limit (EFBIG), as a full or
    read-only disk fails them; it needs no root and no mount.  Output goes to a pipe, which
    the limit does not affect.
    """
    import json

    out = subprocess.run([sys.executable, "-c", LIMITED, str(limit), str(base)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    return json.loads(out.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_file_that_cannot_be_written_opens_read_only_with_every_item(tmp_path: Path
                                                                        ) -> None:
    """Defect 3: 101 own items printed as 0 from an empty in-memory DB, with no warning."""
    paths = AppPaths.under(tmp_path / "base")
    db = UserDB(paths.user_db)
    for n in range(101):
        db.add_own_item("leaving", f"item {n}")
    db.close()
    before = paths.user_db.read_bytes()
    seen = run_limited(tmp_path / "base", limit=1)
    assert seen["items"] == 101 and seen["read_only"] and not seen["memory"]
    assert len(seen["warnings"]) == 1 and "can be read but not written" in seen["warnings"][0]
    assert "was not saved" in seen["write"]
    assert paths.user_db.read_bytes() == before
    assert main_backups(paths.data) == []


def test_read_only_db_refuses_every_write_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    UserDB(path).close()
    db = UserDB(path)
    db.conn.close()
    db.conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    db.read_only, db.read_only_reason = True, "test"
    calls = [lambda: db.set_checked("c", "i", True), lambda: db.add_own_item("c", "x"),
             lambda: db.set_note("k", "r", "n"), lambda: db.set_bookmark("k", "r", "t", True),
             lambda: db.save_settings(db.settings()), lambda: db.reset_checklist("c")]
    for call in calls:
        with pytest.raises(UserDBError, match="can only be read"):
            call()
    db.close()


def test_nothing_to_read_and_nothing_writable_is_a_temporary_db_with_a_warning(
        tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be")
    user, warnings = open_user(AppPaths.under(blocker))
    try:
        assert user.path == ":memory:" and "will not be kept" in warnings[0]
    finally:
        user.close()


def test_a_lock_held_too_long_does_not_mean_memory(tmp_path: Path) -> None:
    """A process stuck while opening: the next one reads the file rather than losing it."""
    from desktop.fsutil import exclusive_lock
    from desktop.storage.user_file import lock_path

    path = tmp_path / "user.db"
    db = UserDB(path)
    db.add_own_item("leaving", "mine")
    db.close()
    with exclusive_lock(lock_path(path)):
        user, warnings = open_user(AppPaths(tmp_path, tmp_path, tmp_path, tmp_path),
                                   lock_timeout=0.05)
    try:
        assert user.read_only and [i["text"] for i in user.own_items("leaving")] == ["mine"]
        assert "can be read but not written" in warnings[0]
    finally:
        user.close()
