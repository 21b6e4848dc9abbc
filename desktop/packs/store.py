"""Installed content packs under ``AppPaths.packs``: import, roll back, recovery (what
is active and how old: ``desktop.packs.status``).

Layout (each pack folder holds ``content.db``, ``manifest.json`` and ``manifest.sig``)::

    packs/current/      the active pack (services.active_pack_db points here)
    packs/previous/     the one before it, kept for rollback
    packs/staging-*/    a pack being written (incomplete until renamed)
    packs/incoming/     a complete, verified pack about to become current
    packs/outgoing/     the pack a rollback is moving out of current
    packs/retired-*/    a pack being deleted

Every change is a sequence of folder renames (``os.replace``, which never replaces a
folder, so this works the same on Windows), and every intermediate state is recognisable:
``recover`` finishes a half-done import or rollback and deletes leftovers, so after a crash
either the old or the new pack is usable.  A pack is verified before anything is written;
on refusal nothing under ``packs/`` changes.  One lock file (``data/.packs.lock``) keeps two
processes from rotating at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from desktop import fsutil
from desktop.packs.errors import (
    AlreadyInstalledError,
    NoPreviousPackError,
    OlderPackError,
    PackError,
    PackInstallError,
    PackInterruptedError,
    PackUnreadableError,
)
from desktop.packs.keys import PublicKey
from desktop.packs.pack import (
    DB_NAME,
    FUTURE_SLACK,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    Progress,
    check_database,
    check_digest,
    check_signed_manifest,
    copy_database,
    file_digest,
    no_progress,
    read_signed_manifest,
)
from desktop.paths import AppPaths

CURRENT, PREVIOUS, INCOMING, OUTGOING = "current", "previous", "incoming", "outgoing"
STAGING_PREFIX, RETIRED_PREFIX = "staging-", "retired-"
LOCK_NAME = ".packs.lock"
# Room kept free on the user's disk beyond the database an import copies there.
INSTALL_SPACE_MARGIN = 16 * 1024 * 1024


# --- small file-system helpers (``_move`` is the one rename; tests make it "crash") -------

def _move(source: Path, target: Path) -> None:
    os.replace(source, target)


def _write_file(path: Path, data: bytes) -> None:
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _make_dirs(folder: Path) -> list[Path]:
    """Create ``folder`` and missing parents; return the ones created, outermost first."""
    created: list[Path] = []
    for parent in reversed([folder, *folder.parents]):
        if not parent.exists():
            parent.mkdir()
            created.append(parent)
    return created


def _remove_dirs(created: list[Path]) -> None:
    for folder in reversed(created):
        with suppress(OSError):
            folder.rmdir()


def _token() -> str:
    return os.urandom(6).hex()


# --- the lock ------------------------------------------------------------------------------

@contextmanager
def _locked(paths: AppPaths) -> Iterator[None]:
    """Hold the packs lock; ``PackInstallError`` if another process holds it."""
    lock_path = paths.packs.parent / LOCK_NAME
    with ExitStack() as held:
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            held.enter_context(fsutil.exclusive_lock(lock_path, timeout=0))
        except fsutil.LockTimeoutError as exc:
            raise PackInstallError("Another import or rollback of content packs is "
                                   "running; try again when it has finished.") from exc
        except OSError as exc:
            raise PackInstallError(f"Cannot write to {lock_path.parent} "
                                   f"({exc.strerror or exc}).") from exc
        yield


# --- recovery ------------------------------------------------------------------------------

def _finish_import(packs: Path) -> None:
    """Rotate ``incoming`` into ``current`` (and ``current`` into ``previous``); idempotent.

    Each step is one rename, and the state after any of them is finished by running this
    again: incoming+current(+previous) → incoming+current(+retired) → incoming+previous →
    current+previous.
    """
    current, previous = packs / CURRENT, packs / PREVIOUS
    if current.exists():
        if previous.exists():
            _move(previous, packs / f"{RETIRED_PREFIX}{_token()}")
        _move(current, previous)
    _move(packs / INCOMING, current)
    fsutil.fsync_dir(packs)


def _finish_rollback(packs: Path) -> None:
    """Finish swapping ``outgoing`` (the old current) with ``previous``; idempotent.

    outgoing+previous → outgoing+current → current+previous.
    """
    current, previous, outgoing = packs / CURRENT, packs / PREVIOUS, packs / OUTGOING
    if not current.exists():
        _move(previous if previous.exists() else outgoing, current)
    if outgoing.exists():
        if previous.exists():
            _move(outgoing, packs / f"{RETIRED_PREFIX}{_token()}")
        else:
            _move(outgoing, previous)
    fsutil.fsync_dir(packs)


def _recover_locked(packs: Path) -> list[str]:
    actions: list[str] = []
    if not packs.is_dir():
        return actions
    for leftover in sorted(packs.glob(f"{STAGING_PREFIX}*")):
        shutil.rmtree(leftover, ignore_errors=True)
        actions.append(f"removed the unfinished copy {leftover.name}")
    if (packs / INCOMING).is_dir():
        _finish_import(packs)
        actions.append("finished installing a pack")
    if (packs / OUTGOING).is_dir():
        _finish_rollback(packs)
        actions.append("finished a rollback")
    for leftover in sorted(packs.glob(f"{RETIRED_PREFIX}*")):
        shutil.rmtree(leftover, ignore_errors=True)
        actions.append(f"removed the old pack {leftover.name}")
    return actions


def _recover_first(packs: Path) -> None:
    """Finish what a crash interrupted before starting a new change (lock held);
    ``PackInterruptedError`` if that cannot be done now."""
    try:
        _recover_locked(packs)
    except OSError as exc:
        raise PackInterruptedError(
            f"An earlier import or rollback that was interrupted cannot be finished now "
            f"({fsutil.why(exc)}); nothing new was done. It will be tried again the next "
            "time the app starts.") from exc


def recover(paths: AppPaths) -> list[str]:
    """Finish or undo whatever a crash interrupted; return what was done (may be empty).

    Does nothing (and writes nothing) when there is no packs folder or when another
    process holds the lock.  An ``OSError`` (a folder that cannot be renamed) is raised
    as it is; the next call tries again.
    """
    if not paths.packs.is_dir():
        return []
    if not any(p.name.startswith((STAGING_PREFIX, RETIRED_PREFIX, INCOMING, OUTGOING))
               for p in paths.packs.iterdir()):
        return []
    try:
        with _locked(paths):
            return _recover_locked(paths.packs)
    except PackInstallError:
        return []


# --- reading what is installed -------------------------------------------------------------

def installed_manifest(folder: Path) -> Manifest | None:
    """The manifest of an installed pack folder, or None if absent or unreadable."""
    try:
        return Manifest.from_bytes((folder / MANIFEST_NAME).read_bytes())
    except (OSError, PackError):
        return None


def verify_installed(paths: AppPaths, trusted_keys: Mapping[str, PublicKey],
                     which: str = CURRENT, *, progress: Progress | None = None) -> Manifest:
    """Check an installed pack again: signature, size, SHA-256, database and meta."""
    report = progress or no_progress
    report("Checking the signature", -1)
    folder = paths.packs / which
    if not (folder / DB_NAME).is_file():
        raise PackUnreadableError("No content pack is installed." if which == CURRENT
                                  else f"There is no {which} pack.")
    try:
        manifest_bytes = (folder / MANIFEST_NAME).read_bytes()
        signature_path = folder / SIGNATURE_NAME
        signature = signature_path.read_bytes() if signature_path.exists() else None
    except OSError as exc:
        raise PackUnreadableError(f"The installed pack cannot be read "
                                  f"({exc.strerror or exc}).") from exc
    manifest = check_signed_manifest(manifest_bytes, signature, trusted_keys)
    report("Checking the content", -1)
    try:
        sha, size = file_digest(folder / DB_NAME)
    except OSError as exc:
        raise PackUnreadableError(f"The installed pack's database {folder / DB_NAME} "
                                  f"cannot be read ({fsutil.why(exc)}).") from exc
    check_digest(size, sha, manifest, installed=True)
    report("Checking the database", -1)
    check_database(folder / DB_NAME, manifest)
    return manifest


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Natural sort key: '2022.10' > '2022.9', 'test.10' > 'test.2'.

    Numbers compare by length, then digits, so no number is ever converted (a version of
    thousands of digits is as cheap as any other).
    """
    key = []
    for part in re.findall(r"\d+|[^\d.\-_+ ]+", version.lower()):
        if part.isdigit():
            digits = part.lstrip("0") or "0"
            key.append((0, len(digits), digits))
        else:
            key.append((1, 0, part))
    return tuple(key)


def is_older(new: Manifest, old: Manifest, now: dt.datetime | None = None) -> bool:
    """True when ``new`` has a lower content version or was made before ``old``.

    An installed pack dated in the future (accepted before such packs were refused) is
    compared by version only: its date must not block every later update.
    """
    now = now or dt.datetime.now(dt.UTC)
    if version_key(new.content_version) < version_key(old.content_version):
        return True
    return new.created_at < old.created_at <= now + FUTURE_SLACK


# --- import and rollback -------------------------------------------------------------------

def _check_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed + INSTALL_SPACE_MARGIN:
        raise PackInstallError(f"Not enough free disk space: the pack needs "
                               f"{(needed + INSTALL_SPACE_MARGIN) // 2**20} MB, "
                               f"{free // 2**20} MB are free.")


def import_pack(path: str | os.PathLike[str], paths: AppPaths,
                trusted_keys: Mapping[str, PublicKey], *,
                allow_older: bool = False, progress: Progress | None = None) -> Manifest:
    """Verify a pack and make it the active content; the active one becomes ``previous``.

    Refused (with a ``PackError`` and nothing changed under ``packs/``) when the pack fails
    any check, is the pack already installed, or is older than the active pack and
    ``allow_older`` is false.
    """
    path = Path(path)
    report = progress or no_progress
    report("Checking the signature", -1)
    manifest, manifest_bytes, signature = read_signed_manifest(path, trusted_keys)
    copy_database(path, manifest, progress=progress)  # size and hash, before any write
    packs = paths.packs
    with _locked(paths):
        _recover_first(packs)
        current = installed_manifest(packs / CURRENT)
        if current is not None and (packs / CURRENT / DB_NAME).is_file():
            if current.to_bytes() == manifest_bytes:
                raise AlreadyInstalledError(f"This pack ({manifest.describe()}) is already "
                                            "the active content.")
            if not allow_older and is_older(manifest, current):
                raise OlderPackError(
                    f"This pack (version {manifest.content_version}, made "
                    f"{manifest.created}) is older than the active one (version "
                    f"{current.content_version}, made {current.created}); allow older "
                    "packs to install it anyway.")
        try:
            created = _make_dirs(packs)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=packs))
        except OSError as exc:
            raise PackInstallError(f"Cannot write to {packs} ({exc.strerror or exc}).") \
                from exc
        try:
            _check_space(packs, manifest.db_size)
            copy_database(path, manifest, staging / DB_NAME, progress=progress)
            report("Checking the database", -1)
            check_database(staging / DB_NAME, manifest)
            _write_file(staging / MANIFEST_NAME, manifest_bytes)
            _write_file(staging / SIGNATURE_NAME, signature)
            fsutil.fsync_dir(staging)
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            _remove_dirs(created)
            if isinstance(exc, OSError):
                raise PackInstallError(f"The pack could not be copied into {packs} "
                                       f"({exc.strerror or exc}).") from exc
            raise
        report("Putting the pack in place", -1)
        try:
            _move(staging, packs / INCOMING)
        except OSError as exc:  # nothing was swapped: the new pack is discarded
            shutil.rmtree(staging, ignore_errors=True)
            _remove_dirs(created)
            raise PackInstallError(f"The pack could not be put in place "
                                   f"({exc.strerror or exc}).") from exc
        try:
            fsutil.fsync_dir(packs)
            _finish_import(packs)
            for leftover in packs.glob(f"{RETIRED_PREFIX}*"):
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError as exc:  # the complete new pack waits in 'incoming'
            raise PackInterruptedError(
                f"The pack was checked and copied but could not be put in place "
                f"({exc.strerror or exc}); it will be finished the next time the app "
                "starts.") from exc
    return manifest


def rollback(paths: AppPaths) -> Manifest | None:
    """Make the previous pack active again; the active one becomes the previous one."""
    packs = paths.packs
    if not (packs / PREVIOUS / DB_NAME).is_file() and not (packs / OUTGOING).exists():
        raise NoPreviousPackError("There is no previous content pack to roll back to.")
    with _locked(paths):
        _recover_first(packs)
        if not (packs / PREVIOUS / DB_NAME).is_file():
            raise NoPreviousPackError("There is no previous content pack to roll back to.")
        try:
            if (packs / CURRENT).exists():
                _move(packs / CURRENT, packs / OUTGOING)
        except OSError as exc:  # nothing was swapped
            raise PackInstallError(f"The rollback could not be done ({exc.strerror or exc}); "
                                   "nothing was changed.") from exc
        try:
            fsutil.fsync_dir(packs)
            _finish_rollback(packs)
            for leftover in packs.glob(f"{RETIRED_PREFIX}*"):
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError as exc:
            raise PackInterruptedError(f"The rollback could not be completed "
                                       f"({exc.strerror or exc}); it will be finished the "
                                       "next time the app starts.") from exc
    return installed_manifest(packs / CURRENT)
