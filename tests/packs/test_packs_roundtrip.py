"""Export → verify → import → status → rollback, and the pack format itself."""

from __future__ import annotations

import json
import zipfile

import pytest
from packhelpers import CREATED_V1, CREATED_V2, active_version, pack_entries, tree

from desktop.content.schema import SCHEMA_VERSION
from desktop.errors import UserFacingError
from desktop.packs import status as pack_status
from desktop.packs import store
from desktop.packs.errors import (
    NoPreviousPackError,
    PackError,
    PackUnreadableError,
    SchemaMismatchError,
    SizeMismatchError,
    TamperedPackError,
)
from desktop.packs.pack import (
    DB_NAME,
    FORMAT,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    export_pack,
    file_digest,
    verify_pack,
)
from desktop.services import active_pack_db, open_content
from desktop.storage.content_db import open_readonly, read_meta


def _meta(db):
    conn = open_readonly(db)
    try:
        return read_meta(conn)
    finally:
        conn.close()


def test_pack_holds_signed_manifest_and_database(pack_v1, fixture_db, publisher):
    entries = pack_entries(pack_v1)
    assert list(entries) == [MANIFEST_NAME, SIGNATURE_NAME, DB_NAME]
    assert entries[DB_NAME] == fixture_db.read_bytes()
    publisher.trusted[publisher.key_id].verify(entries[SIGNATURE_NAME], entries[MANIFEST_NAME])
    manifest = json.loads(entries[MANIFEST_NAME])
    meta = _meta(fixture_db)
    sha, size = file_digest(fixture_db)
    assert manifest == {
        "format": FORMAT, "format_version": 1,
        "content_name": meta["content_name"], "content_version": "test.1",
        "content_as_of": meta["content_as_of"], "content_hash": meta["content_hash"],
        "schema_version": SCHEMA_VERSION, "created": CREATED_V1,
        "db_sha256": sha, "db_size": size, "key_id": publisher.key_id,
        "built_at": meta["built_at"],
    }


def test_verify_returns_the_manifest(pack_v1, publisher):
    manifest = verify_pack(pack_v1, publisher.trusted)
    assert isinstance(manifest, Manifest)
    assert (manifest.content_version, manifest.created, manifest.key_id) == (
        "test.1", CREATED_V1, publisher.key_id)
    assert "version test.1" in manifest.describe()
    assert publisher.key_id in manifest.describe()


def test_round_trip_import_status_rollback(pack_v1, pack_v2, publisher, user_dirs,
                                           fixture_db):
    paths = user_dirs
    assert pack_status.status(paths, bundled_db=fixture_db)["active"] == "bundled"

    store.import_pack(pack_v1, paths, publisher.trusted)
    info = pack_status.status(paths)
    assert info["active"] == "pack"
    assert info["content_version"] == "test.1"
    assert info["created"] == CREATED_V1
    assert info["key_id"] == publisher.key_id
    assert info["previous_available"] is False
    assert info["path"] == str(active_pack_db(paths))
    assert active_version(paths) == "test.1"
    assert sorted(tree(paths.packs)) == ["current", "current/content.db",
                                         "current/manifest.json", "current/manifest.sig"]

    manifest = store.import_pack(pack_v2, paths, publisher.trusted)
    assert manifest.content_version == "test.2"
    info = pack_status.status(paths)
    assert (info["content_version"], info["previous_version"]) == ("test.2", "test.1")
    assert info["previous_created"] == CREATED_V1
    assert info["previous_available"] is True
    assert active_version(paths) == "test.2"
    assert store.verify_installed(paths, publisher.trusted).content_version == "test.2"

    back = store.rollback(paths)
    assert back is not None and back.content_version == "test.1"
    info = pack_status.status(paths)
    assert (info["content_version"], info["previous_version"]) == ("test.1", "test.2")
    assert active_version(paths) == "test.1"
    assert store.verify_installed(paths, publisher.trusted).content_version == "test.1"

    # A second rollback swaps back again; no leftovers either way.
    assert store.rollback(paths).content_version == "test.2"
    assert sorted(p.name for p in paths.packs.iterdir()) == ["current", "previous"]


def test_third_import_discards_the_oldest(pack_v1, pack_v2, publisher, user_dirs,
                                          tmp_path, fixture_db_v2):
    newest = tmp_path / "v2-later.sppack"
    export_pack(fixture_db_v2, newest, publisher.private_key,
                created="2026-03-01T00:00:00+00:00")
    for pack in (pack_v1, pack_v2, newest):
        store.import_pack(pack, user_dirs, publisher.trusted)
    info = pack_status.status(user_dirs)
    assert info["created"] == "2026-03-01T00:00:00+00:00"
    assert info["previous_created"] == CREATED_V2
    assert sorted(p.name for p in user_dirs.packs.iterdir()) == ["current", "previous"]


def test_rollback_without_previous_is_refused(pack_v1, publisher, user_dirs):
    with pytest.raises(NoPreviousPackError, match="no previous"):
        store.rollback(user_dirs)
    assert not user_dirs.packs.exists()
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    before = tree(user_dirs.packs)
    with pytest.raises(NoPreviousPackError):
        store.rollback(user_dirs)
    assert tree(user_dirs.packs) == before


def test_status_of_bundled_content(fixture_db, user_dirs):
    import datetime as dt

    info = pack_status.status(user_dirs, bundled_db=fixture_db, today=dt.date(2022, 10, 10))
    meta = _meta(fixture_db)
    assert info["active"] == "bundled"
    assert info["content_version"] == "test.1"
    assert info["content_as_of"] == meta["content_as_of"]
    assert info["age_days"] == (dt.date(2022, 10, 10)
                                - dt.date.fromisoformat(meta["content_as_of"])).days
    assert info["key_id"] is None
    assert info["previous_available"] is False
    assert not user_dirs.packs.exists()  # status writes nothing


def test_status_reports_an_unusable_pack(pack_v1, publisher, user_dirs, fixture_db):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    active_pack_db(user_dirs).write_bytes(b"not a database")
    info = pack_status.status(user_dirs, bundled_db=fixture_db)
    assert info["active"] == "bundled"
    assert "cannot be used" in info["warning"]


def test_verify_installed_notices_local_changes(pack_v1, publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    db = active_pack_db(user_dirs)
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0xFF
    db.write_bytes(bytes(data))
    with pytest.raises(TamperedPackError, match="changed or damaged on this computer"):
        store.verify_installed(user_dirs, publisher.trusted)
    db.write_bytes(bytes(data) + b"x")
    with pytest.raises(SizeMismatchError):
        store.verify_installed(user_dirs, publisher.trusted)


def test_verify_installed_without_a_pack(user_dirs, publisher):
    with pytest.raises(PackUnreadableError, match="No content pack is installed"):
        store.verify_installed(user_dirs, publisher.trusted)


def test_export_is_atomic_and_verified(fixture_db, publisher, tmp_path):
    out = tmp_path / "out" / "pack.sppack"
    out.parent.mkdir()
    out.write_bytes(b"old")
    export_pack(fixture_db, out, publisher.private_key)
    assert verify_pack(out, publisher.trusted).content_version == "test.1"
    assert [p.name for p in out.parent.iterdir()] == ["pack.sppack"]
    assert zipfile.is_zipfile(out)


def test_export_refuses_other_schema(fixture_db, publisher, tmp_path):
    import shutil
    import sqlite3

    db = tmp_path / "other.db"
    shutil.copy(fixture_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                     (str(SCHEMA_VERSION + 1),))
    conn.close()
    with pytest.raises(SchemaMismatchError):
        export_pack(db, tmp_path / "x.sppack", publisher.private_key)
    with pytest.raises(PackUnreadableError, match="does not exist"):
        export_pack(tmp_path / "missing.db", tmp_path / "x.sppack", publisher.private_key)
    assert not (tmp_path / "x.sppack").exists()


def test_pack_errors_are_user_facing():
    assert issubclass(PackError, UserFacingError)


def test_open_content_uses_the_pack_then_the_bundled_db(pack_v1, publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    content, warnings = open_content(user_dirs)
    try:
        assert content.path == active_pack_db(user_dirs)
        assert warnings == []
    finally:
        content.close()
