"""The pack manifest: what a pack holds, signed with Ed25519, and checked before trust.

``manifest.json`` names the format version, the content (name, version, as-of date, hash,
schema version), when the pack was made (UTC), the SHA-256 and size of ``content.db`` and
the id of the signing key; ``manifest.sig`` is the raw 64-byte signature over its exact
bytes.  Limits come before parsing: the manifest's size and nesting are checked without
parsing it, every text field and number is bounded, and a pack dated in the future (it
would block every later update) is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from desktop.content.schema import SCHEMA_VERSION
from desktop.packs.errors import (
    BadManifestError,
    BadSignatureError,
    SchemaMismatchError,
    UnknownKeyError,
    UnsignedPackError,
)
from desktop.packs.keys import InvalidSignatureError, PublicKey

FORMAT = "safe-passage-content-pack"
FORMAT_VERSION = 1
SIGNATURE_SIZE = 64
MAX_MANIFEST = 64 * 1024
MAX_NESTING = 4
MAX_TEXT = 256  # characters in any manifest text field
MAX_VERSION = 64  # characters in content_version
MAX_INT = 2**53
# A pack made more than this far in the future is refused (clocks and time zones differ).
FUTURE_SLACK = dt.timedelta(days=1)
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
        return parse_time(self.created)

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
            if isinstance(value, str) and len(value) > limit:
                raise BadManifestError(f"The pack's manifest has a bad '{name}' (longer than "
                                       f"{limit} characters).")
            if isinstance(value, int) and not 0 <= value <= MAX_INT:
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


def parse_time(text: str) -> dt.datetime:
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


def check_signed_manifest(manifest_bytes: bytes, signature: bytes | None,
                          trusted_keys: Mapping[str, PublicKey], *,
                          now: dt.datetime | None = None) -> Manifest:
    """Check the signature (by a trusted key), schema and date; return the parsed manifest.

    Size and nesting are checked before the manifest is parsed at all.
    """
    if signature is None:
        raise UnsignedPackError("The pack is not signed (it has no manifest.sig); only "
                                "signed packs can be installed.")
    parsed = parse_manifest_json(manifest_bytes)
    claimed = parsed.get("key_id") if isinstance(parsed, dict) else None
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
    except InvalidSignatureError as exc:
        raise BadSignatureError(f"The pack's signature does not match its manifest (key "
                                f"{claimed}): the manifest was changed or damaged.") from exc
    manifest = Manifest.from_dict(parsed)
    if manifest.schema_version != SCHEMA_VERSION:
        raise SchemaMismatchError(
            f"The pack holds content of schema version {manifest.schema_version}; this "
            f"version of Safe Passage reads version {SCHEMA_VERSION}.")
    check_not_future(manifest, now)
    return manifest
