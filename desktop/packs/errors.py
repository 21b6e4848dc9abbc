"""Why a content pack was refused, as ``UserFacingError`` subclasses with readable messages.

Each class carries a short ``reason`` code (for ``--json`` output and tests); the message
says what is wrong in plain language.
"""

from __future__ import annotations

from desktop.errors import UserFacingError


class PackError(UserFacingError):
    """A content pack cannot be made, read, verified, installed or rolled back."""

    reason = "error"


class PackUnreadableError(PackError):
    """The pack file cannot be read at all (missing, a folder, no permission)."""

    reason = "unreadable"


class NotAPackError(PackError):
    """The file is not a Safe Passage content pack."""

    reason = "not-a-pack"


class TruncatedPackError(PackError):
    """The file starts like a pack but its end is missing (an interrupted copy)."""

    reason = "truncated"


class MissingManifestError(PackError):
    """The pack has no manifest.json (or no content.db)."""

    reason = "missing-manifest"


class BadManifestError(PackError):
    """The manifest is not valid JSON or lacks a required field."""

    reason = "bad-manifest"


class UnsignedPackError(PackError):
    """The pack has no signature."""

    reason = "unsigned"


class UnknownKeyError(PackError):
    """The pack is signed by a key this app does not trust."""

    reason = "unknown-key"


class BadSignatureError(PackError):
    """The signature does not match the manifest: the manifest was changed or damaged."""

    reason = "bad-signature"


class SizeMismatchError(PackError):
    """The database is not the size the signed manifest states."""

    reason = "size-mismatch"


class TamperedPackError(PackError):
    """The database's bytes do not match the signed hash: damaged or tampered with."""

    reason = "hash-mismatch"


class SchemaMismatchError(PackError):
    """The pack was made for another content schema version than this app reads."""

    reason = "schema-incompatible"


class BadDatabaseError(PackError):
    """The database does not open, fails its integrity check or disagrees with the manifest."""

    reason = "bad-database"


class OlderPackError(PackError):
    """The pack is older than the installed one (refused unless explicitly allowed)."""

    reason = "older"


class AlreadyInstalledError(PackError):
    """The very same pack is already the active one."""

    reason = "already-installed"


class NoPreviousPackError(PackError):
    """There is no previous pack to roll back to."""

    reason = "no-previous"


class PackInstallError(PackError):
    """The pack was valid but could not be installed (disk full, permission, busy)."""

    reason = "install-failed"


class PackInterruptedError(PackInstallError):
    """Putting a verified pack in place stopped half-way; the next start finishes it."""

    reason = "interrupted"


class PackWriteError(PackError):
    """A pack file could not be written (full disk, no permission, not a regular file)."""

    reason = "cannot-write"


class WorkspaceError(PackError):
    """A pack could not be checked: no room to unpack it in the temporary folder."""

    reason = "no-workspace"


class KeyFileError(PackError):
    """A key file is missing, unreadable or not an Ed25519 key."""

    reason = "bad-key"
