"""One-file content packs: make them (``export_pack``) and check them (``verify_pack``).

A pack is a zip file holding three entries:

- ``manifest.json``: what the pack is (format version, content name/version/as-of date,
  schema version, content hash from the database's meta table, creation time in UTC,
  SHA-256 and size of ``content.db``, id of the signing key);
- ``manifest.sig``: the raw 64-byte Ed25519 signature over the exact bytes of
  ``manifest.json``;
- ``content.db``: the built content database.

Checks run cheapest first and stop at the first failure, each with its own ``PackError``
subclass: the container (``desktop.packs.container``: a regular file, at most
``MAX_ENTRIES`` entries, counted before the zip directory is parsed; a file that cannot be
read is ``PackUnreadableError`` at any step), the manifest and its signature
(``desktop.packs.manifest``), then the database's size and hash (streamed, never trusting
the zip headers), and last the database itself: it opens, passes ``quick_check``, its meta
agrees with the manifest, and it is usable content (every table and the search index, JSON
that parses, a probe search).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from contextlib import ExitStack, closing
from pathlib import Path

from desktop import fsutil
from desktop.content.schema import SCHEMA_VERSION
from desktop.errors import ContentDBError
from desktop.packs.container import CHUNK, chunks, entry, open_zip, read_small
from desktop.packs.errors import (
    BadDatabaseError,
    BadManifestError,
    MissingManifestError,
    PackUnreadableError,
    PackWriteError,
    SchemaMismatchError,
    SizeMismatchError,
    TamperedPackError,
    WorkspaceError,
)
from desktop.packs.keys import PrivateKey, PublicKey
from desktop.packs.keys import key_id as public_key_id
from desktop.packs.manifest import (  # noqa: F401 - re-exported: the packs API lives here
    FORMAT,
    FORMAT_VERSION,
    FUTURE_SLACK,
    MAX_MANIFEST,
    SIGNATURE_SIZE,
    Manifest,
    check_signed_manifest,
    parse_time,
    utc_now,
)
from desktop.storage.content_db import ContentDB, open_readonly, read_meta

PACK_SUFFIX = ".sppack"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
DB_NAME = "content.db"
# Room kept free in the temporary folder beyond the database a check unpacks there.
VERIFY_SPACE_MARGIN = 4 * 1024 * 1024
# progress(text, percent): what a long check or install is doing (percent -1: not known).
Progress = Callable[[str, int], None]

# Database meta keys that must equal the manifest field of the same name.
META_FIELDS = ("schema_version", "content_version", "content_name", "content_hash",
               "content_as_of")


def no_progress(text: str, percent: int) -> None:
    """The progress callback used when nobody listens."""


# --- reading -------------------------------------------------------------------------------

def read_signed_manifest(path: str | os.PathLike[str],
                         trusted_keys: Mapping[str, PublicKey]
                         ) -> tuple[Manifest, bytes, bytes]:
    """The container and signature checks; returns (manifest, its bytes, signature)."""
    path = Path(path)
    with open_zip(path) as archive:
        manifest_info = entry(archive, MANIFEST_NAME)
        if manifest_info is None:
            raise MissingManifestError(f"{path.name} has no manifest.json: it is not a "
                                       "Safe Passage content pack.")
        signature_info = entry(archive, SIGNATURE_NAME)
        if entry(archive, DB_NAME) is None:
            raise MissingManifestError(f"{path.name} has no content.db: there is no "
                                       "content in it.")
        manifest_bytes = read_small(path, archive, manifest_info, MAX_MANIFEST, "manifest")
        signature = (None if signature_info is None else read_small(
            path, archive, signature_info, SIGNATURE_SIZE * 4, "signature"))
    manifest = check_signed_manifest(manifest_bytes, signature, trusted_keys)
    return manifest, manifest_bytes, signature  # type: ignore[return-value]


def check_digest(size: int, digest: str, manifest: Manifest, *,
                 installed: bool = False) -> None:
    """The database's size and SHA-256 agree with the signed manifest, or
    ``SizeMismatchError``/``TamperedPackError``; ``installed`` words it for a pack already
    installed on this computer."""
    what = "The installed database" if installed else "The pack's database"
    if size != manifest.db_size:
        how = "it was changed on this computer" if installed else "it was changed or cut short"
        raise SizeMismatchError(f"{what} is {size} bytes but its signed manifest says "
                                f"{manifest.db_size}: {how}.")
    if digest != manifest.db_sha256:
        how = ("it was changed or damaged on this computer" if installed else
               "it was changed (tampered with or damaged) after it was made")
        raise TamperedPackError(f"{what} does not match its signed hash: {how}.")


def copy_database(path: str | os.PathLike[str], manifest: Manifest,
                  dest: Path | None = None, *, progress: Progress | None = None) -> None:
    """Stream ``content.db`` out of the pack, checking size and SHA-256 against the manifest.

    With ``dest`` the bytes are also written there (a new file, flushed to disk).  The
    zip's own size field is compared too, so a pack cannot make us read more than the
    signed size.  ``progress`` hears how far it got, in percent.  Reading the pack fails
    with a ``PackError`` (``PackUnreadableError`` when the file cannot be read); writing
    ``dest`` fails with the ``OSError`` itself, for the caller to explain.
    """
    path = Path(path)
    digest, total = hashlib.sha256(), 0
    label = "Copying and checking the content" if dest else "Checking the content"
    shown = -1
    with open_zip(path) as archive:
        info = entry(archive, DB_NAME)
        if info is None:
            raise MissingManifestError(f"{path.name} has no content.db.")
        if info.file_size != manifest.db_size:
            check_digest(info.file_size, "", manifest)
        with ExitStack() as stack:
            out = stack.enter_context(dest.open("xb")) if dest is not None else None
            for chunk in stack.enter_context(closing(chunks(path, archive, info, "database"))):
                total += len(chunk)
                if total > manifest.db_size:
                    break
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
                percent = total * 100 // max(1, manifest.db_size)
                if progress is not None and percent != shown:
                    shown = percent
                    progress(label, percent)
            if out is not None:
                out.flush()
                os.fsync(out.fileno())
    check_digest(total, digest.hexdigest(), manifest)


def database_meta(db_path: Path, *, check: bool = True) -> dict[str, str]:
    """Open a database read-only, run ``quick_check`` (unless told not to) and return its
    meta table."""
    try:
        conn = open_readonly(db_path)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0] if check else "ok"
            meta = read_meta(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BadDatabaseError(f"The pack's database does not open ({exc}).") from exc
    if result != "ok":
        raise BadDatabaseError(f"The pack's database fails its integrity check ({result}).")
    return meta


def check_usable(db_path: Path, label: str = "The pack's database") -> None:
    """The database holds usable content: every table and the search index present, every
    JSON value parses, a probe search runs and every kind of record reads."""
    try:
        content = ContentDB(db_path)
    except ContentDBError as exc:
        raise BadDatabaseError(f"{label} is not usable content: "
                               f"{_without_path(exc, db_path)}") from exc
    try:
        content.check_usable(thorough=True)
    except ContentDBError as exc:
        raise BadDatabaseError(f"{label} is not usable content: "
                               f"{_without_path(exc, db_path)}") from exc
    finally:
        content.close()


def _without_path(exc: Exception, db_path: Path) -> str:
    """A ContentDBError's message without the (temporary) path of the database."""
    return str(exc).replace(f"The content database {db_path} ", "it ")


def check_database(db_path: Path, manifest: Manifest) -> None:
    """The database opens, is intact, its meta table agrees with the manifest, and it
    holds usable content (``check_usable``)."""
    meta = database_meta(db_path, check=False)
    for name in META_FIELDS:
        expected = str(getattr(manifest, name))
        found = meta.get(name)
        if found != expected:
            raise BadDatabaseError(f"The pack's database disagrees with its manifest: "
                                   f"{name} is {found!r} in the database but {expected!r} "
                                   "in the manifest.")
    check_usable(db_path)


def verify_pack(path: str | os.PathLike[str],
                trusted_keys: Mapping[str, PublicKey], *,
                progress: Progress | None = None) -> Manifest:
    """Check a pack completely without installing it; return its manifest or raise.

    ``progress(text, percent)`` (percent -1: not known) hears each step; it is called on
    the thread doing the work.
    """
    report = progress or no_progress
    report("Checking the signature", -1)
    manifest, _, _ = read_signed_manifest(path, trusted_keys)
    where = Path(tempfile.gettempdir())
    try:
        with tempfile.TemporaryDirectory(prefix="safe-passage-verify-") as tmp:
            free = shutil.disk_usage(tmp).free
            needed = manifest.db_size + VERIFY_SPACE_MARGIN
            if free < needed:
                raise WorkspaceError(
                    f"The pack cannot be checked: it needs {needed // 2**20 + 1} MB in the "
                    f"temporary folder {where}, which has {free // 2**20} MB free. Free some "
                    "space there (or point TMPDIR at another folder) and try again.")
            db = Path(tmp) / DB_NAME
            copy_database(path, manifest, db, progress=progress)
            report("Checking the database", -1)
            check_database(db, manifest)
    except OSError as exc:
        raise WorkspaceError(f"The pack cannot be checked: the temporary folder {where} "
                             f"cannot be written ({fsutil.why(exc)}). Free some space there "
                             "(or point TMPDIR at another folder) and try again.") from exc
    return manifest


# --- writing -------------------------------------------------------------------------------

def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with Path(path).open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def make_manifest(db_path: str | os.PathLike[str], private_key: PrivateKey, *,
                  created: str | None = None) -> Manifest:
    """The manifest for packing a content database with a key."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise PackUnreadableError(f"The content database {db_path} does not exist.")
    meta = database_meta(db_path)
    if meta.get("schema_version") != str(SCHEMA_VERSION):
        raise SchemaMismatchError(f"{db_path} has schema version {meta.get('schema_version')}"
                                  f"; this app makes packs of version {SCHEMA_VERSION}.")
    check_usable(db_path, label=f"The content database {db_path}")
    sha, size = file_digest(db_path)
    created = created or utc_now()
    try:
        parse_time(created)
    except ValueError as exc:
        raise BadManifestError(f"'{created}' is not a time with a zone ({exc}).") from exc
    return Manifest(
        format_version=FORMAT_VERSION,
        content_name=meta.get("content_name", ""),
        content_version=meta.get("content_version", ""),
        content_as_of=meta.get("content_as_of", ""),
        content_hash=meta.get("content_hash", ""),
        schema_version=SCHEMA_VERSION,
        created=created,
        db_sha256=sha,
        db_size=size,
        key_id=public_key_id(private_key.public_key()),
        built_at=meta.get("built_at", ""),
    )


def _write_container(target: Path, db_path: Path, manifest_bytes: bytes, signature: bytes,
                     date_time: tuple[int, int, int, int, int, int]) -> None:
    """Write the zip container into ``target`` (``export_pack``'s temporary file; it
    checks the result and renames it, so this writes in place)."""
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in ((MANIFEST_NAME, manifest_bytes), (SIGNATURE_NAME, signature)):
            archive.writestr(zipfile.ZipInfo(name, date_time), data,
                             compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(DB_NAME, date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        size = db_path.stat().st_size
        with db_path.open("rb") as source, archive.open(
                info, "w", force_zip64=size >= 2**31) as target_entry:
            while chunk := source.read(CHUNK):
                target_entry.write(chunk)


def export_pack(db_path: str | os.PathLike[str], out: str | os.PathLike[str],
                private_key: PrivateKey, *, created: str | None = None) -> Manifest:
    """Pack and sign a content database into ``out``; the result is verified before it
    replaces ``out``, so a bad pack is never left behind (nor a half-written one)."""
    manifest = make_manifest(db_path, private_key, created=created)
    data = manifest.to_bytes()
    stamp = manifest.created_at
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute,
                 stamp.second)
    try:
        with fsutil.atomic_file(out) as tmp:  # the one write: a failure names ``out``
            _write_container(tmp, Path(db_path), data, private_key.sign(data), date_time)
            verify_pack(tmp, {manifest.key_id: private_key.public_key()})
    except fsutil.FileWriteError as exc:
        raise PackWriteError(str(exc)) from exc
    return manifest
