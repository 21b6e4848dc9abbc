"""One reading of SQLite's errors (fsutil.sqlite_trouble), checked on real errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop import fsutil
from desktop.storage.user_file import cannot_write, is_corruption, reason


def _full(tmp: Path) -> None:
    conn = sqlite3.connect(tmp / "f.db")
    conn.execute("CREATE TABLE t(a)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    conn.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))


def _read_only(tmp: Path) -> None:
    sqlite3.connect(tmp / "r.db").execute("CREATE TABLE t(a)")
    conn = sqlite3.connect(f"{(tmp / 'r.db').as_uri()}?mode=ro", uri=True)
    conn.execute("INSERT INTO t VALUES (1)")


def _not_a_database(tmp: Path) -> None:
    (tmp / "n.db").write_bytes(b"not sqlite " * 500)
    sqlite3.connect(tmp / "n.db").execute("SELECT * FROM sqlite_master")


def _cannot_open(tmp: Path) -> None:
    sqlite3.connect(tmp / "missing-folder" / "x.db")


def _busy(tmp: Path) -> None:
    holder = sqlite3.connect(tmp / "b.db", isolation_level=None)
    holder.execute("CREATE TABLE t(a)")
    holder.execute("BEGIN EXCLUSIVE")
    sqlite3.connect(tmp / "b.db", timeout=0).execute("SELECT * FROM t")


def _constraint(tmp: Path) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t(a UNIQUE)")
    conn.execute("CREATE TRIGGER x BEFORE INSERT ON t BEGIN "
                 "SELECT RAISE(ABORT, 'disk full, read-only, locked, malformed'); END")
    conn.execute("INSERT INTO t VALUES (1)")


@pytest.mark.parametrize(("make", "trouble"), [
    (_full, "full"), (_read_only, "read-only"), (_not_a_database, "damaged"),
    (_cannot_open, "cannot-open"), (_busy, "busy"), (_constraint, "")],
    ids=lambda v: getattr(v, "__name__", v))
def test_each_real_error_is_read_once_and_the_same_everywhere(
        make: Callable[[Path], None], trouble: str, tmp_path: Path) -> None:
    with pytest.raises(sqlite3.Error) as raised:
        make(tmp_path)
    exc = raised.value
    assert fsutil.sqlite_trouble(exc) == trouble
    assert cannot_write(exc) == (trouble not in ("", "damaged"))
    assert is_corruption(exc) == (trouble == "damaged")
    assert reason(exc) == fsutil.sqlite_why(exc)
    assert fsutil.sqlite_why(exc)


def test_an_error_raised_by_hand_is_read_by_its_words() -> None:
    assert fsutil.sqlite_trouble(sqlite3.DatabaseError("database disk image is malformed")
                                 ) == "damaged"
    assert fsutil.sqlite_trouble(sqlite3.OperationalError("something else")) == ""
