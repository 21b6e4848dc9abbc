"""A content database that opens and says the right schema version, but is not usable:
only a meta table, no search index, JSON columns that do not parse.  The app must refuse
it with a message and, in the window, fall back to the content that came with it."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

import pytest

from desktop.errors import ContentDBError
from desktop.services import usable_content
from desktop.storage.content_db import ContentDB


def meta_only(fixture_db: Path, out: Path) -> Path:
    conn = sqlite3.connect(out)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    source = sqlite3.connect(fixture_db)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", source.execute("SELECT * FROM meta"))
    source.close()
    conn.commit()
    conn.close()
    return out


def edited(fixture_db: Path, out: Path, *statements: str) -> Path:
    out.write_bytes(fixture_db.read_bytes())
    conn = sqlite3.connect(out, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()
    return out


BROKEN = {
    "meta-only": (lambda db, out: meta_only(db, out), "incomplete"),
    "no-fts": (lambda db, out: edited(db, out, "DROP TABLE search_docs_fts"),
               "no search_docs_fts"),
    # The engine reads these on the first search and on the first typo.
    "no-synonyms": (lambda db, out: edited(db, out, "DROP TABLE search_synonyms"),
                    "no search_synonyms"),
    "no-words": (lambda db, out: edited(db, out, "DROP TABLE search_words"),
                 "no search_words"),
    "words-column": (lambda db, out: edited(db, out, "ALTER TABLE search_words DROP COLUMN "
                                            "docs"), "cannot be used"),
    "synonyms-column": (lambda db, out: edited(db, out, "ALTER TABLE search_synonyms DROP "
                                               "COLUMN flags"), "cannot be used"),
    "no-keys": (lambda db, out: edited(db, out, "ALTER TABLE search_docs DROP COLUMN keys"),
                "cannot be used"),
    "bad-json": (lambda db, out: edited(db, out, "UPDATE contacts SET phones = '{'",
                                        "UPDATE routes SET sources = 'x'"),
                 "cannot be used|could not be read"),
    "no-column": (lambda db, out: edited(db, out, "ALTER TABLE search_docs DROP COLUMN "
                                         "audience"), "cannot be used"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_unusable_database_is_refused_on_open(name: str, fixture_db: Path,
                                              tmp_path: Path) -> None:
    make, message = BROKEN[name]
    db = make(fixture_db, tmp_path / f"{name}.db")
    with pytest.raises(ContentDBError, match=message):
        usable_content(db).close()


def test_bad_json_is_found_by_the_thorough_check_too(fixture_db: Path, tmp_path: Path) -> None:
    db = edited(fixture_db, tmp_path / "x.db", "UPDATE guides SET tags = '[1,'")
    content = ContentDB(db)
    try:
        with pytest.raises(ContentDBError, match="guides.tags"):
            content.check_usable(thorough=True)
        with pytest.raises(ContentDBError, match="could not be read"):
            content.list("guide")  # a read meets it as an error, not a traceback
    finally:
        content.close()


def test_good_content_passes_both_checks(fixture_db: Path, bundled_db: Path) -> None:
    for path in (fixture_db, bundled_db):
        content = ContentDB(path)
        try:
            content.check_usable(thorough=True)
        finally:
            content.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("name", ["meta-only", "bad-json"])
def test_window_falls_back_to_the_bundled_content(name: str, tmp_path: Path, monkeypatch,
                                                  qtbot, fixture_db: Path) -> None:
    """--content-db pointing at such a DB: the window did not start (search failed)."""
    from PySide6.QtWidgets import QMessageBox

    from desktop import app

    bad = BROKEN[name][0](fixture_db, tmp_path / f"{name}.db")
    monkeypatch.setattr("desktop.paths.bundled_content_db", lambda: fixture_db)
    monkeypatch.setattr("desktop.paths.content_sources_dir", lambda: tmp_path / "no-sources")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    win = app.start(argparse.Namespace(basedir=str(tmp_path / "base"), portable=False,
                                       content_db=bad))
    qtbot.addWidget(win)
    try:
        assert warned and "came with the app" in warned[0]
        assert win.services.content.path == fixture_db
        assert win.services.search.search("lars").hits
    finally:
        win.close()  # as when the app quits: the window first, then the databases
        win.services.close()


@pytest.mark.parametrize(("table", "column", "value"), [
    ("advisories", "unconfirmed", "'[oops'"), ("routes", "departs_from", "'{}'"),
    ("routes", "via", "'RU'"), ("route_paths", "via", "'not json'"),
    ("routes", "supports", "'[]'"), ("checklist_items", "sources", "NULL"),
    ("synonyms", "words", "'x'")])
def test_every_json_column_is_checked_before_a_pack_is_accepted(
        table: str, column: str, value: str, fixture_db: Path, tmp_path: Path) -> None:
    """Every JSON column the build writes (schema.JSON_COLUMNS), in every table, is
    checked: a list where a list belongs, the supports an object, nothing missing that
    the build always fills."""
    out = edited(fixture_db, tmp_path / "content.db",
                 f"UPDATE {table} SET {column} = {value} "
                 f"WHERE rowid = (SELECT min(rowid) FROM {table})")
    content = ContentDB(out)
    with pytest.raises(ContentDBError, match=f"{table}.{column}"):
        content.check_usable(thorough=True)
    content.close()


def test_damaged_route_paths_are_a_content_error(fixture_db: Path, tmp_path: Path) -> None:
    out = edited(fixture_db, tmp_path / "content.db", "UPDATE route_paths SET via = '[x'")
    content = ContentDB(out)
    city = content.conn.execute("SELECT city_id FROM route_paths").fetchone()[0]
    with pytest.raises(ContentDBError, match="could not be read"):
        content.route_paths(city)
    content.close()
