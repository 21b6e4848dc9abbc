"""The user's data file on disk: opening it under a lock, its expected schema, setting a
damaged file aside, and opening it read-only when it cannot be written.

``open_file`` decides under an exclusive lock file beside the database (``user.db.lock``),
so when two processes start at once only one of them checks, recovers or creates the file;
the other waits and then finds it healthy.  Backups of damaged files get unique names and
are never overwritten.  A file that can be read but not written is opened read-only, never
replaced by an empty one.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from desktop import fsutil
from desktop.errors import UserDBError
from desktop.fsutil import LockTimeoutError, exclusive_lock

# The tables (and their columns) the app reads and writes; a file that lacks any of them is
# set aside like a damaged one.  tests/storage checks this against the migrations.
USER_TABLES: dict[str, frozenset[str]] = {
    "progress": frozenset({"checklist_id", "item_id", "checked", "updated_at"}),
    "own_items": frozenset({"id", "checklist_id", "text", "detail", "position", "checked",
                            "created_at"}),
    "bookmarks": frozenset({"kind", "record_id", "title", "created_at"}),
    "notes": frozenset({"kind", "record_id", "body", "updated_at"}),
    "settings": frozenset({"key", "value"}),
}
BACKUP_INFIX = ".corrupt-"
LOCK_SUFFIX = ".lock"


class SchemaDamaged(sqlite3.DatabaseError):
    """The file is a healthy SQLite database but lacks tables or columns the app needs."""


class NewerSchemaError(sqlite3.DatabaseError):
    """The file was saved by a newer version of the app: it is read, never changed."""


class NotOursError(sqlite3.DatabaseError):
    """The file is another program's SQLite database: it is left as it is."""


MIGRATION_SET = "safe-passage-user"  # the name our migrations are recorded under


def refuse_foreign(conn: sqlite3.Connection) -> None:
    """Raise ``NotOursError`` when the database is another program's (``foreign_tables``)."""
    stranger = foreign_tables(conn)
    if stranger:
        raise NotOursError(f"it holds another program's tables: {', '.join(stranger[:5])}")


def _refuse_foreign_before_opening(path: Path, timeout: float) -> None:
    """``refuse_foreign`` on a SQLite file that is not in WAL mode, read-only, before the
    read-write connection switches it to WAL (a change to another program's file).  Every
    file the app made is in WAL mode: for those only the header is read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError:
        return
    if len(head) < 100 or not head.startswith(b"SQLite format 3\0") or head[18] != 1:
        return
    try:
        conn = connect_read_only(path, timeout)
    except sqlite3.Error:
        return  # the read-write open says what is wrong
    try:
        refuse_foreign(conn)
    except NotOursError:
        raise
    except sqlite3.Error:
        return
    finally:
        conn.close()


def foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of a database that is not the app's: one with tables of its own and no
    record of the app's migrations (which every file the app made has: each migration is
    recorded in the transaction that makes it).  [] for the app's files and empty ones."""
    names = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    names.discard("_sqlite_migrations")
    if not names:
        return []
    recorded = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone() and conn.execute(
        "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1",
        (MIGRATION_SET,)).fetchone()
    return [] if recorded else sorted(names)


def sidecars(path: Path) -> list[Path]:
    """The database and its WAL and shared-memory files."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def lock_path(path: Path) -> Path:
    """The lock file held while the database is opened, checked or recovered."""
    return path.with_name(path.name + LOCK_SUFFIX)


def schema_problem(conn: sqlite3.Connection) -> str | None:
    """What the file lacks of ``USER_TABLES`` (None when it has everything)."""
    found: dict[str, set[str]] = {}
    for table, column in conn.execute(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
            "WHERE m.type = 'table'"):
        found.setdefault(table, set()).add(column)
    for table, columns in USER_TABLES.items():
        if table not in found:
            return f"the table '{table}' is missing"
        missing = sorted(columns - found[table])
        if missing:
            return f"the table '{table}' lacks {', '.join(missing)}"
    return None


def set_aside(path: Path) -> Path:
    """Move a damaged database (and its WAL files) to a new, unique backup name.

    Never overwrites: the name carries the time to the microsecond and a random token, and
    a name already taken is skipped.  The caller holds the lock.
    """
    while True:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup = path.with_name(f"{path.name}{BACKUP_INFIX}{stamp}-{os.urandom(3).hex()}")
        names = [backup.with_name(backup.name + part.name[len(path.name):])
                 for part in sidecars(path)]
        if not any(os.path.lexists(name) for name in names):
            break
    for part, name in zip(sidecars(path), names, strict=True):
        if part.exists():
            os.replace(part, name)
    return backup


def backups(path: Path) -> list[Path]:
    """Damaged files set aside by earlier starts, with their WAL files."""
    return sorted(path.parent.glob(f"{path.name}{BACKUP_INFIX}*"))


def cannot_write(exc: BaseException) -> bool:
    """True for errors that mean 'the disk or folder cannot be written' (not damage)."""
    if isinstance(exc, OSError):
        return exc.errno in fsutil.NO_SPACE or exc.errno in (errno.EROFS, errno.EACCES,
                                                              errno.EPERM)
    return fsutil.sqlite_trouble(exc) in ("full", "read-only", "io", "cannot-open", "busy")


def connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection to an existing file; ``sqlite3.Error`` if even that fails.

    First ``mode=ro`` (sees the WAL, if any); if SQLite cannot set up its shared memory
    (a read-only or full disk), ``immutable=1``, which reads the main file only.
    """
    uri = Path(path).resolve().as_uri()
    last: sqlite3.Error | None = None
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        conn = sqlite3.connect(uri + query, uri=True, isolation_level=None, timeout=timeout)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            conn.close()
            last = exc
            if fsutil.sqlite_trouble(exc) == "busy":
                break  # another program is writing: an immutable read could be torn
    assert last is not None
    raise last


# --- opening --------------------------------------------------------------------------------

class Opened(NamedTuple):
    """An open user database: the connection, the backup made (if the file was damaged),
    and why it is read-only ('' when it can be written)."""

    conn: sqlite3.Connection
    backup: Path | None = None
    read_only_reason: str = ""


class _CannotWriteError(Exception):
    """The file could not be opened for writing (the cause says why)."""


class _LockUnusableError(Exception):
    """The lock file, or another file SQLite keeps beside the database, cannot be used
    (the text says why)."""


def connect(path: Path | str, timeout: float) -> sqlite3.Connection:
    """A read-write connection: WAL, synchronous=FULL, foreign keys, ``timeout`` seconds
    of waiting for another writer."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        conn.close()
        raise
    return conn


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """True when SQLite says the file itself is damaged (malformed, not a database, a failed
    quick_check), or it lacks the app's tables.  Nothing else: a constraint or a bad
    statement (a migration's bug) is no reason to set the user's data aside."""
    return isinstance(exc, SchemaDamaged) or fsutil.sqlite_trouble(exc) == "damaged"


def reason(problem: BaseException | None) -> str:
    """Why a file could not be opened for writing, in words."""
    if isinstance(problem, OSError):
        return fsutil.why(problem)
    if isinstance(problem, sqlite3.Error):
        return fsutil.sqlite_why(problem)
    return str(problem or "unknown reason").rstrip(".")


def open_file(path: Path, *, busy_timeout: float, lock_timeout: float,
              bring_up_to_date: Callable[[sqlite3.Connection], None]) -> Opened:
    """Open the user database at ``path`` for writing, recovering it if damaged, or
    read-only if it cannot be written; ``UserDBError`` if neither is possible.

    ``bring_up_to_date`` migrates a connection and raises ``SchemaDamaged`` if the file
    still lacks what the app needs.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if not os.path.isfile(path):  # (os.path: a name too long is no error there)
            # a file where a folder should be (the folder itself or one above it)?
            blocker = next((f for f in (path.parent, *path.parent.parents)
                            if os.path.lexists(f)), None)
            why = (f"{blocker} is {fsutil.not_a_file(blocker) or 'a file'}, not a folder"
                   if blocker is not None and not os.path.isdir(blocker)
                   else fsutil.why(exc))
            raise UserDBError(f"Cannot create the folder for your data, {path.parent}: "
                              f"{why}.") from exc
    odd = fsutil.not_a_file(path)
    if odd:
        raise UserDBError(f"Your data file {path} is {odd}, not a file: move it out of the "
                          "way and start the app again.")
    for companion in (*sidecars(path)[1:], path.with_name(path.name + "-journal")):
        odd = fsutil.not_a_file(companion)
        if odd:  # SQLite cannot write beside it: shown read-only, the culprit named
            return _open_read_only(path, busy_timeout, _LockUnusableError(
                f"{companion} beside it is {odd}: move it out of the way"))
    lock = lock_path(path)
    try:
        with exclusive_lock(lock, timeout=lock_timeout):
            return _open_locked(path, busy_timeout, bring_up_to_date)
    except (OSError, LockTimeoutError, _CannotWriteError) as exc:
        problem: BaseException | None = (exc.__cause__ if isinstance(exc, _CannotWriteError)
                                         else exc)
        if isinstance(exc, OSError) and not cannot_write(exc):
            # The lock file cannot be used (a folder or a FIFO of its name, a link to
            # nothing): the data file itself may be fine, so it is shown, read-only.
            what = fsutil.not_a_file(lock) or fsutil.why(exc)
            problem = _LockUnusableError(f"its lock file {lock} cannot be used ({what}): "
                                         "move it out of the way")
        return _open_read_only(path, busy_timeout, problem)


def _open_locked(path: Path, timeout: float,
                 bring_up_to_date: Callable[[sqlite3.Connection], None]) -> Opened:
    """Check, recover or create the file; the caller holds the lock."""
    conn = None
    try:
        _refuse_foreign_before_opening(path, timeout)
        conn = connect(path, timeout)
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("database disk image is malformed")
        bring_up_to_date(conn)
        return Opened(conn)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()  # before moving the file: Windows cannot move an open file
        if isinstance(exc, NewerSchemaError):  # shown as it is, read-only
            raise _CannotWriteError() from exc
        if isinstance(exc, NotOursError):
            raise UserDBError(f"{path} is not a Safe Passage data file ({exc}); it was left "
                              "as it is. Move it away, or keep your data in another folder "
                              "(--basedir).") from exc
        if not is_corruption(exc):
            if cannot_write(exc):  # full, read-only, locked or busy: opened read-only
                raise _CannotWriteError() from exc
            # Any other error (a constraint or statement a migration got wrong): the file
            # may be fine, so it is never set aside for these; it stays as it is.
            raise UserDBError(f"Cannot open your data file {path}: {exc}.") from exc
    try:
        backup = set_aside(path)
    except OSError as exc:
        raise UserDBError(f"Your data file {path} is damaged and cannot be moved aside "
                          f"({exc.strerror or exc}).") from exc
    try:
        conn = connect(path, timeout)
        bring_up_to_date(conn)
    except sqlite3.DatabaseError as exc:
        raise UserDBError(f"Cannot create a new data file {path}: {exc}.") from exc
    return Opened(conn, backup)


def _open_read_only(path: Path, timeout: float, problem: BaseException | None) -> Opened:
    """Open an existing file read-only after it could not be opened for writing."""
    why = reason(problem)
    if not os.path.isfile(path):
        raise UserDBError(f"Cannot create your data file {path} ({why}).")
    try:
        conn = connect_read_only(path, timeout)
    except sqlite3.Error as exc:
        raise UserDBError(f"Cannot open your data file {path}: {why}; reading it failed "
                          f"too ({exc}).") from exc
    try:
        damage = (schema_problem(conn) if conn.execute("PRAGMA quick_check").fetchone()[0]
                  == "ok" else "it is damaged")
    except sqlite3.DatabaseError as exc:
        damage = str(exc)
    if damage:
        conn.close()
        raise UserDBError(f"Your data file {path} cannot be written ({why}) and cannot be "
                          f"used as it is ({damage}).")
    return Opened(conn, read_only_reason=why)
