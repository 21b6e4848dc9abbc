"""One-file content packs: make them (``export_pack``) and check them (``verify_pack``).

A pack is a zip file holding three entries:

- ``manifest.json``: what the pack is (format version, content name/version/as-of date,
  schema version, content hash from the database's meta table, creation time in UTC,
  SHA-256 and size of ``content.db``, id of the signing key);
- ``manifest.sig``: the raw 64-byte Ed25519 signature over the exact bytes of
  ``manifest.json``;
- ``content.db``: the built content database.

Checks run cheapest first and stop at the first failure, each with its own ``PackError``
subclass: the container, the manifest and its signature (by a trusted key), the schema
version, then the database's size and hash (streamed, never trusting the zip headers), and
last the database itself (opens, passes ``quick_check``, meta agrees with the manifest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from desktop import fsutil
from desktop.content.schema import SCHEMA_VERSION
from desktop.errors import ContentDBError
from desktop.packs.errors import (
    BadDatabaseError,
    BadManifestError,
    BadSignatureError,
    MissingManifestError,
    NotAPackError,
    PackUnreadableError,
    PackWriteError,
    SchemaMismatchError,
    SizeMismatchError,
    TamperedPackError,
    TruncatedPackError,
    UnknownKeyError,
    UnsignedPackError,
    WorkspaceError,
)
from desktop.packs.keys import key_id as public_key_id
from desktop.storage.content_db import ContentDB, open_readonly, read_meta

FORMAT = "safe-passage-content-pack"
FORMAT_VERSION = 1
PACK_SUFFIX = ".sppack"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
DB_NAME = "content.db"
SIGNATURE_SIZE = 64
MAX_MANIFEST = 64 * 1024
# Limits checked before anything is parsed: a pack has three entries and a flat manifest.
MAX_ENTRIES = 16
MAX_DIRECTORY = 1024 * 1024  # bytes of zip central directory
MAX_NESTING = 4
MAX_TEXT = 256  # characters in any manifest text field
MAX_VERSION = 64  # characters in content_version
MAX_INT = 2**53
# A pack made more than this far in the future is refused (clocks and time zones differ).
FUTURE_SLACK = dt.timedelta(days=1)
SPACE_MARGIN = 4 * 1024 * 1024
CHUNK = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
# Database meta keys that must equal the manifest field of the same name.
META_FIELDS = ("schema_version", "content_version", "content_name", "content_hash",
               "content_as_of")
_HEX = re.compile(r"^[0-9a-f]+$")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(rb"[\[\]{}]")


@dataclass(frozen=True)
class Manifest:
    """What a pack holds; signed as JSON (``to_bytes``)."""

    format_version: int
    content_name: str
    content_version: str
    content_as_of: str
    content_hash: str
    schema_version: int
    created: str
    db_sha256: str
    db_size: int
    key_id: str
    built_at: str = ""

    def to_dict(self) -> dict:
        """The manifest as a JSON-ready dict (with the format name)."""
        return {"format": FORMAT, **asdict(self)}

    def to_bytes(self) -> bytes:
        """Canonical JSON bytes: these exact bytes are signed."""
        return (json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)
                + "\n").encode("utf-8")

    @property
    def created_at(self) -> dt.datetime:
        """``created`` as an aware UTC datetime."""
        return _parse_time(self.created)

    def describe(self) -> str:
        """One line for people: name, version, as-of date, when made, which key."""
        as_of = f", content as of {self.content_as_of}" if self.content_as_of else ""
        return (f"'{self.content_name}' version {self.content_version}{as_of}, made "
                f"{self.created_at:%Y-%m-%d %H:%M} UTC, signed by key {self.key_id}")

    @classmethod
    def from_dict(cls, data: object) -> Manifest:
        """Validate a parsed manifest; ``BadManifestError`` names the first problem."""
        if not isinstance(data, dict):
            raise BadManifestError("The pack's manifest is not a JSON object.")
        if data.get("format") != FORMAT:
            raise BadManifestError("The pack's manifest is not a Safe Passage pack manifest.")
        fields: dict[str, object] = {}
        for name, kind in cls.__annotations__.items():
            if name not in data:
                if name == "built_at":
                    continue
                raise BadManifestError(f"The pack's manifest has no '{name}'.")
            value = data[name]
            wanted = int if kind == "int" else str
            if type(value) is not wanted:
                raise BadManifestError(f"The pack's manifest has a bad '{name}' "
                                       f"({_short(value)}).")
            limit = MAX_VERSION if name == "content_version" else MAX_TEXT
            if wanted is str and len(value) > limit:
                raise BadManifestError(f"The pack's manifest has a bad '{name}' (longer than "
                                       f"{limit} characters).")
            if wanted is int and not 0 <= value <= MAX_INT:
                raise BadManifestError(f"The pack's manifest has a bad '{name}' (out of "
                                       "range).")
            fields[name] = value
        manifest = cls(**fields)  # type: ignore[arg-type]
        if manifest.format_version > FORMAT_VERSION:
            raise BadManifestError(
                f"The pack uses format {manifest.format_version}; this version of Safe "
                f"Passage reads format {FORMAT_VERSION} and older. Update the app first.")
        if len(manifest.db_sha256) != 64 or not _HEX.match(manifest.db_sha256):
            raise BadManifestError("The pack's manifest has a bad 'db_sha256'.")
        if manifest.db_size < 0:
            raise BadManifestError("The pack's manifest has a bad 'db_size'.")
        try:
            manifest.created_at  # noqa: B018 - validation
        except (ValueError, OverflowError) as exc:
            raise BadManifestError(f"The pack's manifest has a bad 'created' ({exc}).") \
                from exc
        return manifest

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        """Parse and validate manifest bytes (size and nesting are checked first)."""
        return cls.from_dict(parse_manifest_json(data))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def nesting(data: bytes) -> int:
    """How deeply JSON arrays and objects nest in ``data`` (strings skipped), without
    parsing it: linear in the size, no recursion."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub(b"", data)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def parse_manifest_json(data: bytes) -> object:
    """Manifest bytes as JSON, after checking their size and nesting; ``BadManifestError``
    for anything else (too large, too deep, not UTF-8, not JSON, numbers too long)."""
    if len(data) > MAX_MANIFEST:
        raise BadManifestError(f"The pack's manifest is too large ({len(data)} bytes).")
    if nesting(data) > MAX_NESTING:
        raise BadManifestError("The pack's manifest is nested too deeply to be a manifest.")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadManifestError("The pack's manifest is not valid JSON.") from exc


def _parse_time(text: str) -> dt.datetime:
    """An ISO 8601 time with a zone as aware UTC; ValueError (never OverflowError)."""
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is None:
            raise ValueError("no time zone")
        return value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise ValueError("the date is out of range") from exc


def check_not_future(manifest: Manifest, now: dt.datetime | None = None) -> None:
    """Refuse a pack that says it was made in the future: it would block later updates."""
    now = now or dt.datetime.now(dt.UTC)
    if manifest.created_at > now + FUTURE_SLACK:
        raise BadManifestError(
            f"The pack says it was made on {manifest.created_at:%Y-%m-%d %H:%M} UTC, which "
            f"is in the future (this computer's clock says {now:%Y-%m-%d}). A pack dated "
            "in the future is refused because it would block every later update; if this "
            "computer's clock is wrong, correct it and try again.")


def utc_now() -> str:
    """Now in UTC, ISO 8601 to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# --- reading -------------------------------------------------------------------------------

def _entry_count(handle: BinaryIO) -> tuple[int, int] | None:
    """(entries, central directory size) from the zip's end record, read without parsing
    the directory; None when there is no end record (zipfile then says what is wrong)."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    tail_size = min(size, 22 + 65535)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    count = int.from_bytes(tail[at + 10:at + 12], "little")
    directory = int.from_bytes(tail[at + 12:at + 16], "little")
    if (count == 0xFFFF or directory == 0xFFFFFFFF) and at >= 20 \
            and tail[at - 20:at - 16] == b"PK\x06\x07":  # zip64: the real numbers
        handle.seek(int.from_bytes(tail[at - 12:at - 4], "little"))
        record = handle.read(56)
        if record[:4] == b"PK\x06\x06":
            count = int.from_bytes(record[32:40], "little")
            directory = int.from_bytes(record[40:48], "little")
    return count, directory


@contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """Open a pack container, telling 'not a pack' from 'truncated' and 'unreadable'.

    Only a regular file is read (a device or FIFO is refused at once), and a container
    with more entries than a pack ever has is refused before its directory is parsed.
    """
    try:
        handle = fsutil.open_regular(path, what="pack file")
    except fsutil.FileReadError as exc:
        raise PackUnreadableError(str(exc)) from exc
    with handle:
        try:
            head = handle.read(len(ZIP_MAGIC))
            counted = _entry_count(handle) if head else None
            handle.seek(0)
        except OSError as exc:
            raise PackUnreadableError(f"The pack file {path} cannot be read "
                                      f"({fsutil.why(exc)}).") from exc
        if not head:
            raise NotAPackError(f"{path.name} is empty: it is not a content pack.")
        if counted and (counted[0] > MAX_ENTRIES or counted[1] > MAX_DIRECTORY):
            raise NotAPackError(f"{path.name} is not a valid pack: it has {counted[0]} "
                                "entries (a pack has three).")
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            if head == ZIP_MAGIC:
                raise TruncatedPackError(f"{path.name} is incomplete (its end is missing); "
                                         "copy the pack again.") from exc
            raise NotAPackError(f"{path.name} is not a Safe Passage content pack.") from exc
        except OSError as exc:
            raise PackUnreadableError(f"The pack file {path} cannot be read "
                                      f"({fsutil.why(exc)}).") from exc
        with archive:
            names = archive.namelist()
            if len(names) > MAX_ENTRIES:
                raise NotAPackError(f"{path.name} is not a valid pack: it has {len(names)} "
                                    "entries (a pack has three).")
            duplicated = sorted(n for n, seen in Counter(names).items() if seen > 1)
            if duplicated:
                raise NotAPackError(f"{path.name} is not a valid pack: it has two entries "
                                    f"named {duplicated[0]}.")
            yield archive


def _entry(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(name)
    except KeyError:
        return None


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int,
                label: str) -> bytes:
    if info.file_size > limit:
        raise BadManifestError(f"The pack's {label} is too large ({info.file_size} bytes).")
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError,
            NotImplementedError) as exc:
        raise TamperedPackError(f"The pack's {label} is damaged ({exc}): the file changed "
                                "after it was made.") from exc
    if len(data) > limit:
        raise BadManifestError(f"The pack's {label} is too large.")
    return data


def check_signed_manifest(manifest_bytes: bytes, signature: bytes | None,
                          trusted_keys: Mapping[str, Ed25519PublicKey], *,
                          now: dt.datetime | None = None) -> Manifest:
    """Check the signature (by a trusted key), schema and date; return the parsed manifest.

    Size and nesting are checked before the manifest is parsed at all.
    """
    if signature is None:
        raise UnsignedPackError("The pack is not signed (it has no manifest.sig); only "
                                "signed packs can be installed.")
    try:
        parsed = parse_manifest_json(manifest_bytes)
        claimed = parsed.get("key_id") if isinstance(parsed, dict) else None
    except BadManifestError:
        raise
    except (ValueError, AttributeError):
        claimed = None
    if not isinstance(claimed, str) or not claimed or len(claimed) > MAX_TEXT:
        raise BadManifestError("The pack's manifest is damaged: it does not say which key "
                               "signed it.")
    key = trusted_keys.get(claimed)
    if key is None:
        raise UnknownKeyError(f"The pack is signed by key {claimed[:32]}, which this app "
                              "does not trust.")
    if len(signature) != SIGNATURE_SIZE:
        raise BadSignatureError("The pack's signature is malformed: the pack was changed "
                                "or damaged.")
    try:
        key.verify(signature, manifest_bytes)
    except InvalidSignature as exc:
        raise BadSignatureError(f"The pack's signature does not match its manifest (key "
                                f"{claimed}): the manifest was changed or damaged.") from exc
    manifest = Manifest.from_dict(parsed)
    if manifest.schema_version != SCHEMA_VERSION:
        raise SchemaMismatchError(
            f"The pack holds content of schema version {manifest.schema_version}; this "
            f"version of Safe Passage reads version {SCHEMA_VERSION}.")
    check_not_future(manifest, now)
    return manifest


def read_signed_manifest(path: str | os.PathLike[str],
                         trusted_keys: Mapping[str, Ed25519PublicKey]
                         ) -> tuple[Manifest, bytes, bytes]:
    """The container and signature checks; returns (manifest, its bytes, signature)."""
    path = Path(path)
    with _open_zip(path) as archive:
        manifest_info = _entry(archive, MANIFEST_NAME)
        if manifest_info is None:
            raise MissingManifestError(f"{path.name} has no manifest.json: it is not a "
                                       "Safe Passage content pack.")
        signature_info = _entry(archive, SIGNATURE_NAME)
        if _entry(archive, DB_NAME) is None:
            raise MissingManifestError(f"{path.name} has no content.db: there is no "
                                       "content in it.")
        manifest_bytes = _read_small(archive, manifest_info, MAX_MANIFEST, "manifest")
        signature = (None if signature_info is None else
                     _read_small(archive, signature_info, SIGNATURE_SIZE * 4, "signature"))
    manifest = check_signed_manifest(manifest_bytes, signature, trusted_keys)
    return manifest, manifest_bytes, signature  # type: ignore[return-value]


def _check_digest(size: int, digest: str, manifest: Manifest) -> None:
    if size != manifest.db_size:
        raise SizeMismatchError(f"The pack's database is {size} bytes but its signed "
                                f"manifest says {manifest.db_size}: it was changed or cut "
                                "short.")
    if digest != manifest.db_sha256:
        raise TamperedPackError("The pack's database does not match its signed hash: it "
                                "was changed (tampered with or damaged) after it was made.")


def copy_database(path: str | os.PathLike[str], manifest: Manifest,
                  dest: Path | None = None) -> None:
    """Stream ``content.db`` out of the pack, checking size and SHA-256 against the manifest.

    With ``dest`` the bytes are also written there (a new file, flushed to disk).  The
    zip's own size field is compared too, so a pack cannot make us read more than the
    signed size.
    """
    path = Path(path)
    digest, total = hashlib.sha256(), 0
    with _open_zip(path) as archive:
        info = _entry(archive, DB_NAME)
        if info is None:
            raise MissingManifestError(f"{path.name} has no content.db.")
        if info.file_size != manifest.db_size:
            _check_digest(info.file_size, "", manifest)
        out = dest.open("xb") if dest is not None else None
        try:
            with archive.open(info) as source:
                while chunk := source.read(CHUNK):
                    total += len(chunk)
                    if total > manifest.db_size:
                        break
                    digest.update(chunk)
                    if out is not None:
                        out.write(chunk)
            if out is not None:
                out.flush()
                os.fsync(out.fileno())
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError,
                NotImplementedError) as exc:
            raise TamperedPackError(f"The pack's database is damaged ({exc}): the file "
                                    "changed after it was made.") from exc
        finally:
            if out is not None:
                out.close()
    _check_digest(total, digest.hexdigest(), manifest)


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
                trusted_keys: Mapping[str, Ed25519PublicKey]) -> Manifest:
    """Check a pack completely without installing it; return its manifest or raise."""
    manifest, _, _ = read_signed_manifest(path, trusted_keys)
    where = Path(tempfile.gettempdir())
    try:
        with tempfile.TemporaryDirectory(prefix="safe-passage-verify-") as tmp:
            free = shutil.disk_usage(tmp).free
            if free < manifest.db_size + SPACE_MARGIN:
                raise WorkspaceError(
                    f"The pack cannot be checked: it needs "
                    f"{(manifest.db_size + SPACE_MARGIN) // 2**20 + 1} MB in the temporary "
                    f"folder {where}, which has {free // 2**20} MB free. Free some space "
                    "there (or point TMPDIR at another folder) and try again.")
            db = Path(tmp) / DB_NAME
            copy_database(path, manifest, db)
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


def make_manifest(db_path: str | os.PathLike[str], private_key: Ed25519PrivateKey, *,
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
        _parse_time(created)
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


def write_pack(out: str | os.PathLike[str], db_path: str | os.PathLike[str],
               manifest_bytes: bytes, signature: bytes | None, *,
               date_time: tuple[int, int, int, int, int, int] = (2020, 1, 1, 0, 0, 0)) -> Path:
    """Write the zip container to ``out`` atomically (``fsutil.atomic_file``).

    This is the low-level writer: it signs nothing and checks nothing (tests use it to
    make broken packs).  ``signature=None`` leaves out ``manifest.sig``.
    """
    out, db_path = Path(out), Path(db_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with fsutil.atomic_file(out) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        entries = [(MANIFEST_NAME, manifest_bytes)]
        if signature is not None:
            entries.append((SIGNATURE_NAME, signature))
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time), data,
                             compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(DB_NAME, date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        size = db_path.stat().st_size
        with db_path.open("rb") as source, archive.open(
                info, "w", force_zip64=size >= 2**31) as target:
            while chunk := source.read(CHUNK):
                target.write(chunk)
    return out


def export_pack(db_path: str | os.PathLike[str], out: str | os.PathLike[str],
                private_key: Ed25519PrivateKey, *, created: str | None = None) -> Manifest:
    """Pack and sign a content database into ``out``; the result is verified before it
    replaces ``out``, so a bad pack is never left behind (nor a half-written one)."""
    manifest = make_manifest(db_path, private_key, created=created)
    data = manifest.to_bytes()
    stamp = manifest.created_at
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute,
                 stamp.second)
    try:
        with fsutil.atomic_file(out) as tmp:
            write_pack(tmp, db_path, data, private_key.sign(data), date_time=date_time)
            verify_pack(tmp, {manifest.key_id: private_key.public_key()})
    except fsutil.FileWriteError as exc:
        raise PackWriteError(str(exc)) from exc
    return manifest
