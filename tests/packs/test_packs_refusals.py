"""Every way a pack is refused: the precise reason, and nothing changed.

Each case makes a bad variant of the (otherwise acceptable, newer) test.2 pack; version
test.1 is installed first.  The import must fail with the expected error, the packs
folder must be byte-for-byte identical, and the app must still open test.1.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from packhelpers import CREATED_V1, active_version, pack_entries, tree, write_zip

from desktop.content.schema import SCHEMA_VERSION
from desktop.packs import status as pack_status
from desktop.packs import store
from desktop.packs.errors import (
    AlreadyInstalledError,
    BadDatabaseError,
    BadManifestError,
    BadSignatureError,
    MissingManifestError,
    NotAPackError,
    OlderPackError,
    PackError,
    PackUnreadableError,
    SchemaMismatchError,
    SizeMismatchError,
    TamperedPackError,
    TruncatedPackError,
    UnknownKeyError,
    UnsignedPackError,
)
from desktop.packs.pack import DB_NAME, MANIFEST_NAME, SIGNATURE_NAME, export_pack, verify_pack


@dataclass
class Ctx:
    tmp: Path
    good: Path  # the valid test.2 pack
    publisher: object
    stranger: object
    db_v2: Path

    @property
    def out(self) -> Path:
        return self.tmp / "bad.sppack"

    def entries(self) -> dict[str, bytes]:
        return pack_entries(self.good)

    def resigned(self, changes: dict, db: bytes | None = None, key=None) -> Path:
        """The good pack with manifest fields changed and signed again (by a trusted key
        unless ``key`` says otherwise)."""
        entries = self.entries()
        manifest = json.loads(entries[MANIFEST_NAME])
        manifest.update(changes)
        data = json.dumps(manifest, indent=2).encode()
        signer = key or self.publisher.private_key
        return write_zip(self.out, {MANIFEST_NAME: data, SIGNATURE_NAME: signer.sign(data),
                                    DB_NAME: entries[DB_NAME] if db is None else db})


def _flip(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0xFF
    return bytes(changed)


def tampered_db_byte(c: Ctx) -> Path:
    entries = c.entries()
    entries[DB_NAME] = _flip(entries[DB_NAME], len(entries[DB_NAME]) // 2)
    return write_zip(c.out, entries)


def tampered_pack_byte(c: Ctx) -> Path:
    data = c.good.read_bytes()
    c.out.write_bytes(_flip(data, len(data) // 2))
    return c.out


def tampered_manifest(c: Ctx) -> Path:
    entries = c.entries()
    entries[MANIFEST_NAME] = entries[MANIFEST_NAME].replace(b'"test.2"', b'"test.3"')
    return write_zip(c.out, entries)


def truncated_half(c: Ctx) -> Path:
    data = c.good.read_bytes()
    c.out.write_bytes(data[: len(data) // 2])
    return c.out


def truncated_one_byte(c: Ctx) -> Path:
    c.out.write_bytes(c.good.read_bytes()[:-1])
    return c.out


def random_bytes(c: Ctx) -> Path:
    c.out.write_bytes(hashlib.sha512(b"not a pack").digest() * 100)
    return c.out


def empty_file(c: Ctx) -> Path:
    c.out.write_bytes(b"")
    return c.out


def missing_file(c: Ctx) -> Path:
    return c.tmp / "nowhere.sppack"


def a_folder(c: Ctx) -> Path:
    return c.tmp


def missing_manifest(c: Ctx) -> Path:
    entries = c.entries()
    del entries[MANIFEST_NAME]
    return write_zip(c.out, entries)


def missing_database(c: Ctx) -> Path:
    entries = c.entries()
    del entries[DB_NAME]
    return write_zip(c.out, entries)


def unsigned(c: Ctx) -> Path:
    entries = c.entries()
    del entries[SIGNATURE_NAME]
    return write_zip(c.out, entries)


def garbage_signature(c: Ctx) -> Path:
    entries = c.entries()
    entries[SIGNATURE_NAME] = b"\0" * 64
    return write_zip(c.out, entries)


def untrusted_key(c: Ctx) -> Path:
    export_pack(c.db_v2, c.out, c.stranger.private_key)
    return c.out


def untrusted_key_claiming_trusted_id(c: Ctx) -> Path:
    return c.resigned({}, key=c.stranger.private_key)


def schema_mismatch(c: Ctx) -> Path:
    return c.resigned({"schema_version": SCHEMA_VERSION + 1})


def newer_format(c: Ctx) -> Path:
    return c.resigned({"format_version": 99})


def manifest_missing_field(c: Ctx) -> Path:
    entries = c.entries()
    manifest = json.loads(entries[MANIFEST_NAME])
    del manifest["db_sha256"]
    data = json.dumps(manifest).encode()
    return write_zip(c.out, {MANIFEST_NAME: data,
                             SIGNATURE_NAME: c.publisher.private_key.sign(data),
                             DB_NAME: entries[DB_NAME]})


def signed_wrong_size(c: Ctx) -> Path:
    size = json.loads(c.entries()[MANIFEST_NAME])["db_size"]
    return c.resigned({"db_size": size + 1})


def signed_wrong_hash(c: Ctx) -> Path:
    return c.resigned({"db_sha256": "0" * 64})


def db_does_not_open(c: Ctx) -> Path:
    junk = b"this is not an SQLite database " * 200
    return c.resigned({"db_sha256": hashlib.sha256(junk).hexdigest(), "db_size": len(junk)},
                      db=junk)


def meta_disagrees(c: Ctx) -> Path:
    return c.resigned({"content_version": "test.9"})


def duplicate_entries(c: Ctx) -> Path:
    entries = c.entries()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        with zipfile.ZipFile(c.out, "w") as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
            archive.writestr(DB_NAME, b"second copy")
    return c.out


CASES: list[tuple[Callable[[Ctx], Path], type[PackError], str]] = [
    (tampered_db_byte, TamperedPackError, "does not match its signed hash"),
    (tampered_pack_byte, TamperedPackError, "damaged"),
    (tampered_manifest, BadSignatureError, "signature does not match"),
    (truncated_half, TruncatedPackError, "incomplete"),
    (truncated_one_byte, TruncatedPackError, "incomplete"),
    (random_bytes, NotAPackError, "is not a Safe Passage content pack"),
    (empty_file, NotAPackError, "empty"),
    (missing_file, PackUnreadableError, "does not exist"),
    (a_folder, PackUnreadableError, "folder"),
    (missing_manifest, MissingManifestError, "no manifest.json"),
    (missing_database, MissingManifestError, "no content.db"),
    (unsigned, UnsignedPackError, "not signed"),
    (garbage_signature, BadSignatureError, "signature does not match"),
    (untrusted_key, UnknownKeyError, "does not trust"),
    (untrusted_key_claiming_trusted_id, BadSignatureError, "signature does not match"),
    (schema_mismatch, SchemaMismatchError, f"schema version {SCHEMA_VERSION + 1}"),
    (newer_format, BadManifestError, "format 99"),
    (manifest_missing_field, BadManifestError, "no 'db_sha256'"),
    (signed_wrong_size, SizeMismatchError, "manifest says"),
    (signed_wrong_hash, TamperedPackError, "does not match its signed hash"),
    (db_does_not_open, BadDatabaseError, "does not open"),
    (meta_disagrees, BadDatabaseError, "content_version is 'test.2' in the database"),
    (duplicate_entries, NotAPackError, "two entries named content.db"),
]


@pytest.fixture
def ctx(tmp_path, pack_v2, publisher, stranger, fixture_db_v2) -> Ctx:
    folder = tmp_path / "made"
    folder.mkdir()
    return Ctx(folder, pack_v2, publisher, stranger, fixture_db_v2)


@pytest.fixture
def installed_v1(pack_v1, publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    return user_dirs


@pytest.mark.parametrize(("make", "error", "message"), CASES,
                         ids=[case[0].__name__ for case in CASES])
def test_refused_and_nothing_changes(make, error, message, ctx, installed_v1, publisher):
    paths = installed_v1
    bad = make(ctx)
    with pytest.raises(error, match=message) as verified:
        verify_pack(bad, publisher.trusted)
    assert verified.value.reason == error.reason
    before = tree(paths.packs)
    outside = sorted(os.listdir(paths.data))
    with pytest.raises(error, match=message):
        store.import_pack(bad, paths, publisher.trusted)
    assert tree(paths.packs) == before
    assert sorted(os.listdir(paths.data)) == outside
    assert active_version(paths) == "test.1"
    assert store.verify_installed(paths, publisher.trusted).content_version == "test.1"


@pytest.mark.parametrize(("make", "error", "message"), [
    (tampered_db_byte, TamperedPackError, "signed hash"),
    (db_does_not_open, BadDatabaseError, "does not open"),  # found after copying
    (meta_disagrees, BadDatabaseError, "disagrees"),
    (untrusted_key, UnknownKeyError, "does not trust"),
], ids=["tampered", "db-does-not-open", "meta-disagrees", "untrusted"])
def test_refused_on_a_fresh_install_leaves_no_packs_folder(make, error, message, ctx,
                                                          user_dirs, publisher):
    with pytest.raises(error, match=message):
        store.import_pack(make(ctx), user_dirs, publisher.trusted)
    assert not user_dirs.packs.exists()


def test_older_pack_refused_unless_allowed(pack_v1, pack_v2, publisher, user_dirs):
    store.import_pack(pack_v2, user_dirs, publisher.trusted)
    before = tree(user_dirs.packs)
    with pytest.raises(OlderPackError, match=r"version test\.1.*older than the active one"):
        store.import_pack(pack_v1, user_dirs, publisher.trusted)
    assert tree(user_dirs.packs) == before
    assert active_version(user_dirs) == "test.2"

    store.import_pack(pack_v1, user_dirs, publisher.trusted, allow_older=True)
    assert active_version(user_dirs) == "test.1"
    info = pack_status.status(user_dirs)
    assert (info["content_version"], info["previous_version"]) == ("test.1", "test.2")


def test_same_version_made_earlier_is_older(fixture_db, publisher, user_dirs, tmp_path,
                                            pack_v1):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    earlier = tmp_path / "earlier.sppack"
    export_pack(fixture_db, earlier, publisher.private_key,
                created="2025-12-31T23:59:59+00:00")
    with pytest.raises(OlderPackError):
        store.import_pack(earlier, user_dirs, publisher.trusted)
    later = tmp_path / "later.sppack"
    export_pack(fixture_db, later, publisher.private_key, created="2026-01-01T00:00:01Z")
    store.import_pack(later, user_dirs, publisher.trusted)  # same content, re-signed later
    assert pack_status.status(user_dirs)["previous_created"] == CREATED_V1


def test_same_pack_twice_is_refused(pack_v1, publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    before = tree(user_dirs.packs)
    with pytest.raises(AlreadyInstalledError, match="already the active content"):
        store.import_pack(pack_v1, user_dirs, publisher.trusted, allow_older=True)
    assert tree(user_dirs.packs) == before


def test_import_then_rollback_restores_the_first(pack_v1, pack_v2, publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    first = tree(user_dirs.packs / "current")
    store.import_pack(pack_v2, user_dirs, publisher.trusted)
    assert active_version(user_dirs) == "test.2"
    store.rollback(user_dirs)
    assert tree(user_dirs.packs / "current") == first
    assert active_version(user_dirs) == "test.1"


def test_refused_while_another_import_runs(pack_v2, publisher, installed_v1):
    before = tree(installed_v1.packs)
    with store._locked(installed_v1), pytest.raises(PackError, match="Another import"):
        store.import_pack(pack_v2, installed_v1, publisher.trusted)
    assert tree(installed_v1.packs) == before
