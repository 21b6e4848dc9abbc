"""The user's data file on disk: its expected schema, setting a damaged file aside, and
opening it read-only when it cannot be written.

``UserDB`` decides under an exclusive lock file beside the database (``user.db.lock``), so
when two processes start at once only one of them checks, recovers or creates the file;
the other waits and then finds it healthy.  Backups of damaged files get unique names and
are never overwritten.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from pathlib import Path

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
        return exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC,
                             errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))
    text = str(exc).lower()
    return any(word in text for word in ("readonly", "read-only", "disk i/o", "full",
                                         "unable to open", "locked", "busy"))


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
            if "locked" in str(exc) or "busy" in str(exc):
                break  # another program is writing: an immutable read could be torn
    assert last is not None
    raise last
