"""Reading and writing files safely: the one place every reader of input and writer of
output goes through (no Qt here).

Writing: ``atomic_file``/``atomic_write`` write to a temporary file in the target's own
folder, flush and fsync it, and rename it over the target only when it is complete; on any
error the temporary file is removed, the old file is left as it was, and a
``FileWriteError`` names the path and the cause (a full disk says so).  A target that is a
symbolic link, a device, a FIFO, a socket or a folder is refused before anything is written.

Reading: ``open_regular``/``read_regular`` read only regular files.  A device
(``/dev/zero``), a FIFO or a socket is refused at once (the open never blocks), and a file
larger than the caller's limit is refused before it is read.

Locking: ``exclusive_lock`` holds an exclusive lock on a lock file (``flock`` on POSIX,
``msvcrt.locking`` on Windows), waiting up to a timeout for another process to let go.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, BinaryIO

from desktop.errors import UserFacingError

NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


class FileWriteError(UserFacingError):
    """A file could not be written; the old file at that path (if any) is unchanged."""


class FileReadError(UserFacingError):
    """An input file could not be read, or is not a regular file.

    ``reason`` says which, for callers that word it their own way: ``no-name``,
    ``missing``, ``folder``, ``not-regular``, ``too-large``, ``permission`` or
    ``unreadable``.
    """

    def __init__(self, message: str, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.reason = reason


def _read_failure(exc: OSError) -> str:
    """The ``FileReadError.reason`` for an ``OSError`` while opening or reading."""
    return "permission" if exc.errno in (errno.EACCES, errno.EPERM) else "unreadable"


class LockTimeoutError(UserFacingError):
    """Another process held a lock for longer than we were willing to wait."""


def why(exc: OSError) -> str:
    """A short reason for an ``OSError``, in words (a full disk is named as such)."""
    if exc.errno in NO_SPACE:
        return "the disk is full or a file size limit was reached"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return exc.strerror or str(exc)


# What a SQLite error says about its file or the disk, by SQLite's primary result code
# (FULL, READONLY, IOERR, CANTOPEN, BUSY, LOCKED, CORRUPT, NOTADB); by the words of the
# message only for an error that carries no code (one raised by hand).
_SQLITE_CODES = {13: "full", 8: "read-only", 10: "io", 14: "cannot-open", 5: "busy",
                 6: "busy", 11: "damaged", 26: "damaged"}
_SQLITE_WORDS = (("malformed", "damaged"), ("not a database", "damaged"),
                 ("file is encrypted", "damaged"), ("full", "full"),
                 ("readonly", "read-only"), ("read-only", "read-only"), ("disk i/o", "io"),
                 ("unable to open", "cannot-open"), ("locked", "busy"), ("busy", "busy"))
_SQLITE_WHY = {
    "full": "the disk is full",
    "read-only": "the disk or the file is read-only",
    "io": "the disk cannot be written: it may be full or read-only",
    "cannot-open": "the file cannot be opened (no permission, or its folder is gone)",
    "busy": "another program is using the file",
    "damaged": "the file is damaged",
}


def sqlite_trouble(exc: BaseException) -> str:
    """What a SQLite error says about the file or disk: ``"full"``, ``"read-only"``,
    ``"io"`` (a read or write failed), ``"cannot-open"``, ``"busy"`` (another program's
    lock), ``"damaged"``, or ``""`` for none of these (a bad statement, a constraint, a bug).

    The one place that reads SQLite's errors for this: the user database, its opening and
    the content build all ask here.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_CODES.get(code & 0xFF, "")
    text = str(exc).lower()
    return next((trouble for word, trouble in _SQLITE_WORDS if word in text), "")


def sqlite_why(exc: BaseException) -> str:
    """A short reason for a SQLite error, in words (its own message when it is not about
    the file or disk)."""
    return _SQLITE_WHY.get(sqlite_trouble(exc)) or str(exc).rstrip(".") or type(exc).__name__


# --- writing -----------------------------------------------------------------------------

def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def not_a_file(path: str | os.PathLike[str]) -> str:
    """What stands at ``path`` when it is something other than a regular file (symbolic
    links followed): "a folder", "a FIFO (named pipe)", "a device", "a socket", "a symbolic
    link to nothing"; "" for a regular file, for nothing at all, or when it cannot be
    told (the caller's own open then says why)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a symbolic link to nothing" if os.path.islink(path) else ""
    except OSError:
        return ""
    return "" if stat.S_ISREG(mode) else _kind(mode)


def check_target(path: str | os.PathLike[str], *, need_folder: bool = True) -> Path:
    """The target of a write as a ``Path``, or ``FileWriteError`` if it must not be written.

    Refused: an empty name, an existing symbolic link, device, FIFO, socket or folder, and
    (unless ``need_folder`` is false) a target whose folder does not exist.
    """
    if not os.fspath(path).strip():
        raise FileWriteError("No file name was given to write to.")
    target = Path(path)
    try:
        mode = os.lstat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise FileWriteError(f"Cannot write {target}: {why(exc)}.") from exc
    if mode is not None and not stat.S_ISREG(mode):
        raise FileWriteError(f"Cannot write {target}: it is {_kind(mode)}; not replacing it. "
                             "Choose a regular file name.")
    folder = target.parent
    if need_folder and not folder.is_dir():
        raise FileWriteError(f"Cannot write {target}: the folder {folder} does not exist.")
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync_dir(folder: Path) -> None:
    """Make renames inside ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_path(path: Path) -> None:
    with path.open("rb+") as handle:
        handle.flush()
        os.fsync(handle.fileno())


def _place(tmp: Path, target: Path, overwrite: bool) -> None:
    """Rename ``tmp`` to ``target``; without ``overwrite``, never replace an existing file."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if target exists: atomic "create, never replace"
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network disks): check, then rename
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


@contextmanager
def atomic_file(path: str | os.PathLike[str], *, mode: int | None = None,
                overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends without an error it is
    fsynced and renamed over ``path``.  On any error it is removed and the old file stays.

    ``mode`` is the new file's permissions (default: 0o666 less the umask).  With
    ``overwrite=False`` an existing file is never replaced (``FileWriteError``).
    """
    target = check_target(path)
    if not overwrite and os.path.lexists(target):
        raise FileWriteError(f"{target} already exists; not overwriting it.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                        dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise FileWriteError(f"Cannot write {target}: {why(exc)}.") from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        _fsync_path(tmp)
        os.chmod(tmp, (0o666 & ~_umask()) if mode is None else mode)
        _place(tmp, target, overwrite)
        fsync_dir(target.parent)
    except FileExistsError as exc:
        raise FileWriteError(f"{target} already exists; not overwriting it.") from exc
    except OSError as exc:
        raise FileWriteError(f"Cannot write {target}: {why(exc)}. "
                             + ("The file that was there is unchanged."
                                if target.exists() else "Nothing was written.")) from exc
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(path: str | os.PathLike[str], data: bytes | Callable[[BinaryIO], None], *,
                 mode: int | None = None, overwrite: bool = True) -> Path:
    """Write ``data`` (bytes, or a function that writes to a binary file) to ``path``
    atomically (see ``atomic_file``); return the path."""
    with atomic_file(path, mode=mode, overwrite=overwrite) as tmp, tmp.open("wb") as handle:
        if callable(data):
            data(handle)
        else:
            handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(path)


# --- reading -----------------------------------------------------------------------------

def open_regular(path: str | os.PathLike[str], *, what: str = "file") -> BinaryIO:
    """Open a regular file for reading; ``FileReadError`` for anything else.

    The file is opened without blocking (a FIFO with no writer would otherwise hang), then
    checked with ``fstat`` on the open descriptor, so what is checked is what is read.
    """
    if not os.fspath(path).strip():
        raise FileReadError(f"No {what} name was given.", "no-name")
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if os.name == "nt":  # pragma: no cover - no FIFOs to block on; check before opening
        with suppress(OSError):
            if not stat.S_ISREG(os.stat(path).st_mode) and not path.is_dir():
                raise FileReadError(f"Cannot read {path}: it is not a regular file.",
                                    "not-regular")
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise FileReadError(f"The {what} {path} does not exist.", "missing") from exc
    except IsADirectoryError as exc:
        raise FileReadError(f"{path} is a folder, not a {what}.", "folder") from exc
    except OSError as exc:
        if path.is_dir():
            raise FileReadError(f"{path} is a folder, not a {what}.", "folder") from exc
        raise FileReadError(f"The {what} {path} cannot be read ({why(exc)}).",
                            _read_failure(exc)) from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise FileReadError(f"{path} is a folder, not a {what}.", "folder")
        if not stat.S_ISREG(mode):
            raise FileReadError(f"Cannot read {path}: it is {_kind(mode)}, not a regular "
                                f"{what}.", "not-regular")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int, *, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (else ``FileReadError``)."""
    with open_regular(path, what=what) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise FileReadError(f"The {what} {path} is too large ({size} bytes; at most "
                                f"{limit} are expected).", "too-large")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise FileReadError(f"The {what} {path} cannot be read ({why(exc)}).",
                                _read_failure(exc)) from exc
    if len(data) > limit:
        raise FileReadError(f"The {what} {path} is too large (more than {limit} bytes).",
                            "too-large")
    return data


# --- locking -----------------------------------------------------------------------------

def _try_lock(handle: IO[bytes]) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)
        with suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


@contextmanager
def exclusive_lock(path: Path, *, timeout: float = 10.0, poll: float = 0.01
                   ) -> Iterator[None]:
    """Hold an exclusive lock on the lock file ``path`` (created if missing).

    Waits up to ``timeout`` seconds (0: do not wait) for another holder, then raises
    ``LockTimeoutError``.  An ``OSError`` creating the lock file is raised as it is (the caller
    knows whether it can go on without the lock, e.g. on a read-only disk).
    """
    handle = Path(path).open("a+b")  # noqa: SIM115 - held open while locked
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise LockTimeoutError(f"Another program is using {path.parent} (it holds "
                                  f"{path.name}); try again in a moment.")
            time.sleep(poll)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()
