"""Hostile packs an adversarial pass found accepted, crashing or hanging, each refused with
its reason, fast, and with nothing changed.

Signed packs whose database is not usable content (meta only, bad JSON, no search index);
a pack dated in the future; manifests nested thousands deep, dated 9999 with a -23:59 zone,
or versioned with 5,000 digits; zips of tens of thousands of entries; devices and FIFOs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from packhelpers import active_version, pack_entries, tree, write_zip

from desktop.packs import status as pack_status
from desktop.packs import store
from desktop.packs.errors import (
    BadDatabaseError,
    BadManifestError,
    NotAPackError,
    PackError,
    PackUnreadableError,
    UnsignedPackError,
)
from desktop.packs.pack import (
    DB_NAME,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    export_pack,
    verify_pack,
)


class Maker:
    """Makes variants of the valid test.2 pack in a folder."""

    def __init__(self, folder: Path, good: Path, publisher, db_v2: Path):
        self.folder, self.good, self.publisher, self.db_v2 = folder, good, publisher, db_v2
        self.out = folder / "bad.sppack"

    def signed(self, manifest_changes: dict | None = None, db: bytes | None = None,
               manifest_bytes: bytes | None = None, signature: bytes | None = b"sign"
               ) -> Path:
        """The good pack with its manifest (or database) changed, signed by the trusted key
        (``signature=None``: no signature; other bytes than b"sign": that signature)."""
        entries = pack_entries(self.good)
        manifest = json.loads(entries[MANIFEST_NAME])
        if db is not None:
            manifest.update(db_sha256=hashlib.sha256(db).hexdigest(), db_size=len(db))
        manifest.update(manifest_changes or {})
        data = manifest_bytes or json.dumps(manifest, indent=2).encode()
        result = {MANIFEST_NAME: data, DB_NAME: entries[DB_NAME] if db is None else db}
        if signature == b"sign":
            result[SIGNATURE_NAME] = self.publisher.private_key.sign(data)
        elif signature is not None:
            result[SIGNATURE_NAME] = signature
        return write_zip(self.out, result)

    def edited_db(self, *statements: str) -> bytes:
        """The v2 database with SQL statements applied."""
        copy = self.folder / "edited.db"
        shutil.copy(self.db_v2, copy)
        conn = sqlite3.connect(copy, isolation_level=None)
        for statement in statements:
            conn.execute(statement)
        conn.execute("VACUUM")
        conn.close()
        return copy.read_bytes()


def meta_only(m: Maker) -> Path:
    source = sqlite3.connect(m.db_v2)
    rows = source.execute("SELECT key, value FROM meta").fetchall()
    source.close()
    path = m.folder / "meta-only.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", rows)
    conn.commit()
    conn.close()
    return m.signed(db=path.read_bytes())


def bad_json_column(m: Maker) -> Path:
    return m.signed(db=m.edited_db(
        "UPDATE routes SET aliases = '{not json' WHERE rowid = (SELECT min(rowid) FROM routes)"))


def sources_not_a_list(m: Maker) -> Path:
    return m.signed(db=m.edited_db(
        "UPDATE guides SET sources = '\"one\"' WHERE rowid = (SELECT min(rowid) FROM guides)"))


def no_search_index(m: Maker) -> Path:
    return m.signed(db=m.edited_db("DROP TABLE search_docs_fts"))


def no_table(m: Maker) -> Path:
    return m.signed(db=m.edited_db("DROP TABLE checklist_items"))


def search_docs_without_columns(m: Maker) -> Path:
    return m.signed(db=m.edited_db("ALTER TABLE search_docs DROP COLUMN display_title"))


def dated_in_the_future(m: Maker) -> Path:
    return m.signed({"created": "2999-01-01T00:00:00+00:00"})


def dated_9999_with_odd_zone(m: Maker) -> Path:
    return m.signed({"created": "9999-12-31T23:59:59-23:59"})


def version_of_5000_digits(m: Maker) -> Path:
    return m.signed({"content_version": "9" * 5000})


def number_of_5000_digits(m: Maker) -> Path:
    return m.signed(manifest_bytes=b'{"format_version": ' + b"9" * 5000 + b"}")


def nested_deep_badly_signed(m: Maker) -> Path:
    return m.signed(manifest_bytes=b'{"key_id": ' + b"[" * 30000 + b"]" * 30000 + b"}",
                    signature=b"\0" * 64)


def nested_deep_signed(m: Maker) -> Path:
    return m.signed(manifest_bytes=b'{"a": ' + b"[" * 30000 + b"]" * 30000 + b"}")


def nested_deep_unsigned(m: Maker) -> Path:
    return m.signed(manifest_bytes=b"[" * 30000 + b"]" * 30000, signature=None)


def tens_of_thousands_of_entries(m: Maker) -> Path:
    entries = pack_entries(m.good)
    with zipfile.ZipFile(m.out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo("x")
        for n in range(20000):
            info.filename = f"e{n}"
            archive.writestr(info, b"")
    return m.out


def device(m: Maker) -> Path:
    return Path(os.devnull if not Path("/dev/zero").exists() else "/dev/zero")


def fifo(m: Maker) -> Path:
    path = m.folder / "pipe.sppack"
    os.mkfifo(path)
    return path


CASES: list[tuple[Callable[[Maker], Path], type[PackError], str]] = [
    (meta_only, BadDatabaseError, "not usable content.*no advisories, checklist_items"),
    (bad_json_column, BadDatabaseError, "routes.aliases .* not a JSON list"),
    (sources_not_a_list, BadDatabaseError, "guides.sources .* not a JSON list"),
    (no_search_index, BadDatabaseError, "no search_docs_fts"),
    (no_table, BadDatabaseError, "no checklist_items table"),
    (search_docs_without_columns, BadDatabaseError, "test search or read failed"),
    (dated_in_the_future, BadManifestError, "2999-01-01 .* in the future"),
    (dated_9999_with_odd_zone, BadManifestError, "bad 'created'"),
    (version_of_5000_digits, BadManifestError, "bad 'content_version' .longer than"),
    (number_of_5000_digits, BadManifestError, "not valid JSON"),
    (nested_deep_badly_signed, BadManifestError, "nested too deeply"),
    (nested_deep_signed, BadManifestError, "nested too deeply"),
    (nested_deep_unsigned, UnsignedPackError, "not signed"),
    (tens_of_thousands_of_entries, NotAPackError, "20003 entries"),
    (device, PackUnreadableError, "device|not a regular"),
    (fifo, PackUnreadableError, "FIFO"),
]


@pytest.fixture
def maker(tmp_path, pack_v2, publisher, fixture_db_v2) -> Maker:
    folder = tmp_path / "made"
    folder.mkdir()
    return Maker(folder, pack_v2, publisher, fixture_db_v2)


@pytest.mark.parametrize(("make", "error", "message"), CASES,
                         ids=[case[0].__name__ for case in CASES])
def test_hostile_pack_is_refused_fast_and_nothing_changes(make, error, message, maker,
                                                          pack_v1, publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    bad = make(maker)
    start = time.perf_counter()
    with pytest.raises(error, match=message) as refused:
        verify_pack(bad, publisher.trusted)
    assert refused.value.reason == error.reason
    before = tree(user_dirs.packs)
    with pytest.raises(error, match=message):
        store.import_pack(bad, user_dirs, publisher.trusted)
    assert time.perf_counter() - start < 3  # the 80k-entry zip took 77 s, a FIFO forever
    assert tree(user_dirs.packs) == before
    assert active_version(user_dirs) == "test.1"


def test_export_refuses_a_database_that_is_not_usable_content(maker, publisher) -> None:
    maker.signed(db=maker.edited_db("DROP TABLE search_docs_fts"))
    db = maker.folder / "edited.db"
    out = maker.folder / "out.sppack"
    with pytest.raises(BadDatabaseError, match="no search_docs_fts"):
        export_pack(db, out, publisher.private_key)
    assert not out.exists()


def test_an_installed_pack_dated_in_the_future_does_not_block_later_updates(
        pack_v1, pack_v2, publisher, user_dirs):
    """Installed before future dates were refused: a real update must still go in."""
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    current = user_dirs.packs / "current"
    manifest = json.loads((current / MANIFEST_NAME).read_bytes())
    manifest["created"] = "2999-01-01T00:00:00+00:00"
    data = json.dumps(manifest).encode()
    (current / MANIFEST_NAME).write_bytes(data)
    (current / SIGNATURE_NAME).write_bytes(publisher.private_key.sign(data))
    store.import_pack(pack_v2, user_dirs, publisher.trusted)
    assert active_version(user_dirs) == "test.2"


def test_version_order_needs_no_number_conversion() -> None:
    key = store.version_key
    assert key("9" * 5000) > key("9" * 4999) > key("2022.10") > key("2022.9")
    assert key("test.10") > key("test.2") and key("1.010") == key("1.10")


def test_a_broken_active_pack_falls_back_to_the_bundled_content(maker, pack_v1, publisher,
                                                               user_dirs, monkeypatch,
                                                               fixture_db):
    """A pack installed whole but not usable (search fails): the app shows the bundled
    content and says so, instead of failing to start."""
    from desktop import services as services_mod

    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    db = user_dirs.packs / "current" / DB_NAME
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TABLE search_docs_fts")
    conn.close()
    monkeypatch.setattr(services_mod, "ensure_bundled_db", lambda warnings=None: fixture_db)
    opened = services_mod.open_services(user_dirs)
    try:
        assert opened.content.path == fixture_db
        assert any("installed content pack could not be used" in w for w in opened.warnings)
        assert opened.search.search("lars").hits
    finally:
        opened.close()
    info = pack_status.status(user_dirs, bundled_db=fixture_db)
    assert info["active"] == "bundled" and "cannot be used" in info["warning"]
