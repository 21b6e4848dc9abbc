"""The user database: every kind of user data, durability, recovery and failures."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.errors import DiskFullError, UserDBError
from desktop.storage import migrations
from desktop.storage.user_db import Settings, UserDB

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "userdb"


@pytest.fixture
def db(tmp_path: Path):
    opened = UserDB(tmp_path / "user.db")
    yield opened
    opened.close()


def reopen(db: UserDB) -> UserDB:
    db.close()
    return UserDB(db.path)


def test_wal_mode_and_full_sync(db: UserDB) -> None:
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_ticks_survive_a_restart(db: UserDB) -> None:
    db.set_checked("leaving", "passport", True)
    db.set_checked("leaving", "cash", True)
    db.set_checked("leaving", "cash", False)
    again = reopen(db)
    assert again.checked("leaving") == {"passport"}
    again.close()


def test_own_items_add_edit_move_delete(db: UserDB) -> None:
    a = db.add_own_item("leaving", "Insulin", "keep cool")
    b = db.add_own_item("leaving", "Cat carrier")
    c = db.add_own_item("leaving", "  Spare glasses  ")
    assert [i["text"] for i in db.own_items("leaving")] == ["Insulin", "Cat carrier",
                                                             "Spare glasses"]
    db.move_own_item(c, -2)
    assert [i["id"] for i in db.own_items("leaving")] == [c, a, b]
    db.move_own_item(c, +10)
    assert [i["id"] for i in db.own_items("leaving")] == [a, b, c]
    db.edit_own_item(b, "Cat carrier and food")
    db.set_own_checked(a, True)
    db.delete_own_item(c)
    items = db.own_items("leaving")
    assert [(i["text"], i["checked"]) for i in items] == [("Insulin", 1),
                                                          ("Cat carrier and food", 0)]
    assert db.own_items("other") == []


def test_empty_own_item_is_refused(db: UserDB) -> None:
    with pytest.raises(UserDBError, match="needs some text"):
        db.add_own_item("leaving", "   ")
    assert db.own_items("leaving") == []


def test_reset_unticks_but_keeps_own_items(db: UserDB) -> None:
    db.set_checked("leaving", "passport", True)
    own = db.add_own_item("leaving", "Insulin")
    db.set_own_checked(own, True)
    db.set_checked("other", "x", True)
    db.reset_checklist("leaving")
    assert db.checked("leaving") == set()
    assert [i["checked"] for i in db.own_items("leaving")] == [0]
    assert db.checked("other") == {"x"}


def test_settings_round_trip_and_defaults(db: UserDB) -> None:
    assert db.settings() == Settings()
    db.save_settings(Settings(passports=["GB"], city="kazan", theme="dark", font_scale=1.25,
                              paper="Letter"))
    again = reopen(db)
    assert again.settings() == Settings(passports=["GB"], city="kazan", theme="dark",
                                        font_scale=1.25, paper="Letter")
    again.close()


def test_bad_stored_settings_fall_back(db: UserDB) -> None:
    db.conn.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)", [
        ("theme", '"purple"'), ("font_scale", '"huge"'), ("passport", "not json"),
        ("unknown_key", "1"), ("paper", '"A3"')])
    assert db.settings() == Settings()


@pytest.mark.parametrize("value", [
    None, 5, 2.5, b"\xff\x00", "[" * 100_000 + "]" * 100_000, '"' + "x" * 5_000_000 + '"',
    "NaN", "Infinity", "-Infinity", "[1e999]", '{"a": [null]}'],
    ids=["null", "int", "real", "blob", "nested", "huge", "nan", "inf", "-inf", "overflow",
         "object"])
def test_any_stored_setting_value_falls_back_without_an_error(db: UserDB,
                                                              value: object) -> None:
    """Values another tool could have stored (any SQLite type, JSON nested too deep):
    before, NULL or a number raised TypeError and deep nesting RecursionError, at every
    start of the window and every command."""
    names = [f.name for f in dataclasses.fields(Settings)]
    db.conn.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                        [(name, value) for name in names])
    settings = db.settings()
    assert 0.75 <= settings.font_scale <= 2.0
    assert settings.passports == Settings().passports
    assert settings.theme == Settings().theme and settings.paper == Settings().paper


def test_bookmarks_and_notes(db: UserDB) -> None:
    db.set_bookmark("route", "ru-ge-upper-lars", "Upper Lars", True)
    db.set_bookmark("guide", "money", "Money", True)
    assert db.is_bookmarked("route", "ru-ge-upper-lars")
    db.set_bookmark("guide", "money", "Money", False)
    assert [b["record_id"] for b in db.bookmarks()] == ["ru-ge-upper-lars"]
    db.set_note("route", "ru-ge-upper-lars", "Meet Nino at Kazbegi")
    assert db.note("route", "ru-ge-upper-lars") == "Meet Nino at Kazbegi"
    db.set_note("route", "ru-ge-upper-lars", "  ")
    assert db.note("route", "ru-ge-upper-lars") == ""


def test_wipe_deletes_everything(db: UserDB, tmp_path: Path) -> None:
    db.set_checked("leaving", "passport", True)
    db.add_own_item("leaving", "Insulin")
    db.set_bookmark("route", "x", "X", True)
    db.set_note("route", "x", "private")
    db.save_settings(Settings(passports=["AU"]))
    db.wipe()
    assert (db.checked("leaving"), db.own_items("leaving"), db.bookmarks()) == (set(), [], [])
    assert db.note("route", "x") == "" and db.settings() == Settings()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("user.db*"))
    assert b"private" not in raw and b"Insulin" not in raw


def test_corrupt_file_is_kept_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    path.write_bytes(b"this is not a database" * 100)
    db = UserDB(path)
    assert db.recovered_backup is not None and db.recovered_backup.exists()
    assert db.recovered_backup.read_bytes().startswith(b"this is not a database")
    db.set_checked("leaving", "passport", True)
    assert db.checked("leaving") == {"passport"}
    db.close()


def test_truncated_file_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    db = UserDB(path)
    for n in range(200):
        db.set_note("guide", f"g{n}", "x" * 500)
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    again = UserDB(path)
    assert again.recovered_backup is not None
    again.close()


def test_unwritable_folder_gives_a_readable_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(UserDBError, match="Cannot create the folder"):
        UserDB(blocker / "sub" / "user.db")


def test_disk_full_keeps_data_and_says_so(db: UserDB) -> None:
    db.set_checked("leaving", "passport", True)
    page_size = db.conn.execute("PRAGMA page_size").fetchone()[0]
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now "full"
    with pytest.raises(DiskFullError, match="disk is full"):
        db.set_note("guide", "big", "x" * page_size * 4)
    db.conn.execute("PRAGMA max_page_count = 1073741823")
    assert db.note("guide", "big") == ""
    assert db.checked("leaving") == {"passport"}
    assert not db.conn.in_transaction


def test_read_only_file_gives_a_readable_error(tmp_path: Path) -> None:
    db = UserDB(tmp_path / "user.db")
    db.close()
    ro = sqlite3.connect(f"file:{tmp_path / 'user.db'}?mode=ro", uri=True,
                         isolation_level=None)
    db.conn = ro
    with pytest.raises(UserDBError, match="read-only|not saved"):
        db.set_checked("leaving", "passport", True)
    ro.close()


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.db")), ids=lambda p: p.name)
def test_every_released_schema_migrates_with_data_intact(fixture: Path, tmp_path: Path
                                                         ) -> None:
    path = tmp_path / "user.db"
    shutil.copy(fixture, path)
    db = UserDB(path)
    assert db.schema() == migrations.names()
    assert db.checked("leaving") == {"passport"}
    assert [i["text"] for i in db.own_items("leaving")] == ["Insulin in the cool bag"]
    assert db.is_bookmarked("route", "ru-ge-upper-lars")
    assert db.note("route", "ru-ge-upper-lars").startswith("Cousin")
    assert db.settings().passport == "GB"
    db.close()


def test_schema_step_constant_matches_the_migrations() -> None:
    from desktop.storage.user_db import SCHEMA_STEPS

    assert len(migrations.names()) == SCHEMA_STEPS


def test_up_to_date_file_skips_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    UserDB(tmp_path / "user.db").close()
    monkeypatch.setattr(UserDB, "_migrate", staticmethod(lambda conn: pytest.fail("ran")))
    again = UserDB(tmp_path / "user.db")
    assert again.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.names())
    again.close()


def test_there_is_a_fixture_for_the_newest_schema() -> None:
    assert any(migrations.names()[-1] in p.name for p in FIXTURES.glob("*.db"))


def test_a_locked_file_is_not_mistaken_for_a_damaged_one(tmp_path: Path) -> None:
    db = UserDB(tmp_path / "user.db")
    db.set_note("guide", "g", "my note")
    db.close()
    holder = sqlite3.connect(tmp_path / "user.db", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserDBError, match="Cannot open your data file"):
            UserDB(tmp_path / "user.db", busy_timeout=0.05)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert list(tmp_path.glob("user.db.corrupt-*")) == []
    again = UserDB(tmp_path / "user.db")
    assert again.note("guide", "g") == "my note"
    again.close()


def test_wipe_also_deletes_set_aside_backups(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    db = UserDB(path)
    db.set_note("guide", "g", "my secret note " * 50)
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\x00" * 4096 + data[8192:])  # damage a page
    db = UserDB(path)
    if db.recovered_backup is None:  # the damage missed every page SQLite checks
        db.close()
        path.write_bytes(b"garbage" * 1000)
        db = UserDB(path)
    assert db.backups()
    db.wipe()
    assert db.backups() == []
    leftovers = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"my secret note" not in leftovers
    db.close()


def test_a_failed_change_of_any_kind_leaves_no_transaction_open(db: UserDB) -> None:
    """A change that fails with a non-SQLite error (a bug: a key missing from an undo
    record) is rolled back and re-raised, and the next change still saves."""
    db.add_own_item("leaving", "passport copy")
    db.add_own_item("leaving", "cash")
    item = db.own_items("leaving")[0]
    db.delete_own_item(item["id"])
    del item["created_at"]
    with pytest.raises(KeyError):
        db.restore_own_item(item)
    assert not db.conn.in_transaction
    # the shift of the later items, made before the failure, was undone too
    assert [(i["text"], i["position"]) for i in db.own_items("leaving")] == [("cash", 2)]
    db.set_checked("leaving", "cash", True)
    assert reopen(db).checked("leaving") == {"cash"}


def test_a_message_that_says_full_is_not_a_full_disk(db: UserDB) -> None:
    """SQLite's errors are told apart by their result code, not by words in the message: a
    refused change whose message mentions 'full' or 'read-only' is neither."""
    db.conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON notes BEGIN "
                    "SELECT RAISE(ABORT, 'notes full of read-only words'); END")
    with pytest.raises(UserDBError, match="not saved") as raised:
        db.set_note("guide", "g", "a note")
    assert not isinstance(raised.value, DiskFullError)
    assert "read-only" not in str(raised.value).split("(")[0]


def test_a_migration_that_fails_leaves_the_file_where_it_is(tmp_path: Path) -> None:
    """Only damage sets a file aside: a migration refused by SQLite (here a constraint,
    as a buggy migration would meet) is a readable error and the file stays as it was."""
    path = tmp_path / "user.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, "
                 "migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute("CREATE UNIQUE INDEX m ON _sqlite_migrations(migration_set, name)")
    conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON _sqlite_migrations BEGIN "
                 "SELECT RAISE(ABORT, 'migration refused'); END")
    conn.close()

    def schema() -> list[tuple]:
        reader = sqlite3.connect(path)
        try:
            return reader.execute("SELECT type, name, sql FROM sqlite_master "
                                  "ORDER BY name").fetchall()
        finally:
            reader.close()

    before = schema()
    with pytest.raises(UserDBError, match="Cannot open your data file.*migration refused"):
        UserDB(path)
    assert list(tmp_path.glob("user.db.corrupt-*")) == []
    assert schema() == before  # the half-done migration was rolled back


def test_a_setting_no_longer_kept_is_ignored_in_an_older_file(db: UserDB) -> None:
    """keep_search_history was stored by earlier versions but never read; a file that has
    it still opens with its other settings, which still save (the old row is ignored)."""
    assert "keep_search_history" not in Settings.__dataclass_fields__
    db.conn.executemany("INSERT INTO settings VALUES (?, ?)", [
        ("keep_search_history", "true"), ("theme", '"dark"')])
    again = reopen(db)
    assert again.settings() == Settings(theme="dark")
    again.save_settings(again.settings())
    assert again.conn.execute("SELECT value FROM settings WHERE key = 'theme'"
                              ).fetchone()[0] == '"dark"'
    again.close()


def test_a_file_another_program_is_writing_opens_read_only(tmp_path: Path) -> None:
    """Another program's lock that still lets the file be read (a rollback-journal file in
    the middle of its write) opens it read-only, with the data as it was, never set aside."""
    path = tmp_path / "user.db"
    db = UserDB(path)
    db.set_note("guide", "g", "my note")
    db.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO notes VALUES ('guide', 'other', 'theirs', '')")
    try:
        again = UserDB(path, busy_timeout=0.05)
        assert again.read_only and "another program" in again.read_only_reason
        assert again.note("guide", "g") == "my note"
        with pytest.raises(UserDBError, match="can only be read"):
            again.set_note("guide", "g", "changed")
        again.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert list(tmp_path.glob("user.db.corrupt-*")) == []
