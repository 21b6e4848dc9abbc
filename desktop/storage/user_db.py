"""The user's own data: checklist progress, own items, bookmarks, notes, settings.

One ``UserDB`` object is the single writer.  SQLite in WAL mode with ``synchronous=FULL``:
every click is its own committed transaction, so a crash or a kill loses at most the click
in flight.  Opening runs under a lock file, so recovery runs once across processes.  A
file SQLite reports as damaged, or one lacking the app's tables, is moved aside under a
unique backup name and a fresh database created.  A file that can be read but not written
(a read-only or full disk, another program's lock that still lets it be read) opens
read-only and every change raises ``UserDBError``; so does a file saved by a newer
version of the app (never migrated back).  Another program's SQLite file is left alone
(``UserDBError``), never migrated into.  A file that cannot even be read (no
permission, an exclusive lock) or that SQLite refuses for another reason than damage (a
migration that fails) raises ``UserDBError``.  Either way the file stays as it was.
``wipe`` removes the backups too.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop import fsutil
from desktop.errors import DiskFullError, UserDBError
from desktop.storage.user_file import (
    NewerSchemaError,
    SchemaDamaged,
    backups,
    connect,
    open_file,
    refuse_foreign,
    schema_problem,
    sidecars,
)

# How many migrations the current schema has; kept in PRAGMA user_version after they run,
# so a start-up with an up-to-date file skips loading the migration machinery
# (sqlite-utils) altogether.  tests/storage checks it against migrations.names().
SCHEMA_STEPS = 1

# Seconds SQLite waits for another writer, and opening waits for another process to open.
BUSY_TIMEOUT = 5.0
LOCK_TIMEOUT = 15.0

THEMES = ("light", "dark", "high-contrast")
PAPERS = ("auto", "A4", "Letter")


@dataclass
class Settings:
    """The user's preferences, with defaults; unknown stored keys are ignored."""

    # The traveller's passports, the one they travel on first (dual nationals have two).
    passports: list[str] = field(default_factory=lambda: ["US"])
    country: str = "RU"
    city: str = "moscow"
    theme: str = "light"
    font_scale: float = 1.0
    paper: str = "auto"
    # True once the traveller has said which passports they hold and where they are
    # (the first-run questions); until then pages say whose answers they show.
    setup_done: bool = False
    # The window's size and place, and the side pane's width (base64 of Qt's own state).
    window_geometry: str = ""
    splitter_state: str = ""
    # Where the last PDF was saved (the save dialog starts there).
    export_dir: str = ""

    @property
    def passport(self) -> str:
        """The first passport (the one the traveller shows at a border)."""
        return self.passports[0] if self.passports else ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class UserDB:
    """Single writer for the user database at ``path`` (``":memory:"`` for a temporary one).

    Opening holds the lock file beside the database, so recovery runs once however many
    processes start together.  A damaged file, or one that lacks the app's tables, is set
    aside (``recovered_backup``) and a fresh one started.  A file that can be read but not
    written (read-only or full disk, no permission, another program's lock that still lets
    it be read) is opened read-only: ``read_only`` is set, ``read_only_reason`` says why,
    and every change raises ``UserDBError``.
    ``busy_timeout`` (seconds) is how long SQLite waits for another writer;
    ``lock_timeout`` how long opening waits for another process to finish opening.
    """

    def __init__(self, path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT,
                 lock_timeout: float = LOCK_TIMEOUT):
        self.path = path if path == ":memory:" else Path(path)
        self.busy_timeout, self.lock_timeout = busy_timeout, lock_timeout
        self.recovered_backup: Path | None = None
        self.read_only = False
        self.read_only_reason = ""
        self.conn = self._open()

    # -- opening, recovery, wiping --------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if not isinstance(self.path, Path):
            conn = connect(self.path, self.busy_timeout)
            self._migrate(conn)
            return conn
        opened = open_file(self.path, busy_timeout=self.busy_timeout,
                           lock_timeout=self.lock_timeout,
                           bring_up_to_date=self._bring_up_to_date)
        self.recovered_backup = opened.backup
        self.read_only = bool(opened.read_only_reason)
        self.read_only_reason = opened.read_only_reason
        return opened.conn

    def _bring_up_to_date(self, conn: sqlite3.Connection) -> None:
        """Migrate when needed, then check that every table the app uses is there.

        A file saved by a newer version of the app (``NewerSchemaError``) is never
        migrated back, nor another program's database (``NotOursError``) migrated into.
        """
        steps = conn.execute("PRAGMA user_version").fetchone()[0]
        if steps > SCHEMA_STEPS:
            raise NewerSchemaError(f"it was saved by a newer version of Safe Passage (data "
                                   f"format {steps}; this version knows {SCHEMA_STEPS}): "
                                   "use that version to change it")
        if steps != SCHEMA_STEPS:
            refuse_foreign(conn)
            self._migrate(conn)
        problem = schema_problem(conn)
        if problem:
            raise SchemaDamaged(problem)

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        """Apply pending migrations, then record the schema step in user_version."""
        from sqlite_utils import Database

        from desktop.storage import migrations

        migrations.apply(Database(conn))
        conn.execute(f"PRAGMA user_version = {len(migrations.names())}")

    def backups(self) -> list[Path]:
        """Damaged files set aside by earlier starts (they hold the user's data too)."""
        if not isinstance(self.path, Path):
            return []
        return backups(self.path)

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self.conn.close()

    def wipe(self) -> None:
        """Delete every piece of user data and start with an empty database."""
        self.conn.close()
        if isinstance(self.path, Path):
            try:
                for part in sidecars(self.path) + self.backups():
                    part.unlink(missing_ok=True)
            except OSError as exc:
                self.conn = self._open()
                raise UserDBError(f"Your data could not be deleted: {fsutil.why(exc)} "
                                  f"({exc.filename}).") from exc
        self.read_only, self.read_only_reason = False, ""
        try:
            self.conn = self._open()
        except UserDBError as exc:
            # Deleted, but no new file can be made here: never a closed connection (every
            # later read would fail), a temporary database until the app starts again.
            self.conn = connect(":memory:", self.busy_timeout)
            self._migrate(self.conn)
            raise UserDBError(f"Your data was deleted, but a new data file cannot be made: "
                              f"{exc} Until you restart the app, changes are not "
                              "kept.") from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; disk-full and read-only become UserDBError."""
        if self.read_only:
            raise UserDBError(f"Your data file {self.path} can only be read "
                              f"({self.read_only_reason}): your last change was not saved.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            trouble = fsutil.sqlite_trouble(exc)
            if trouble == "full":
                raise DiskFullError("The disk is full: your last change was not saved. "
                                    "Free some space and try again.") from exc
            if trouble == "read-only":
                raise UserDBError("Your data file is read-only: your last change was not "
                                  "saved.") from exc
            raise UserDBError(f"Your last change was not saved "
                              f"({fsutil.sqlite_why(exc)}).") from exc
        finally:
            # Whatever failed (SQLite, the disk or a bug in the block), nothing of the change
            # stays and no transaction is left open to refuse every later change.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def schema(self) -> list[str]:
        """Applied migration names (for diagnostics and tests)."""
        from sqlite_utils import Database

        from desktop.storage import migrations

        return [m.name for m in migrations.migrations.applied(Database(self.conn))]

    # -- settings ---------------------------------------------------------------------
    def settings(self) -> Settings:
        """Stored settings over the defaults (bad values fall back to defaults)."""
        stored = {r["key"]: r["value"] for r in self.conn.execute("SELECT * FROM settings")}
        if "passports" not in stored and "passport" in stored:  # saved before passports
            stored["passports"] = f"[{stored['passport']}]"
        values: dict[str, Any] = {}
        defaults = Settings()
        for f in fields(Settings):
            if f.name in stored:
                try:  # anything stored there: not text, not JSON, nested too deep
                    value = json.loads(stored[f.name])
                except (ValueError, TypeError, RecursionError):
                    continue
                if isinstance(value, type(getattr(defaults, f.name))) or (
                        f.type == "float" and isinstance(value, int)):
                    values[f.name] = value
        settings = Settings(**values)
        passports = [p for p in settings.passports if isinstance(p, str) and len(p) == 2]
        settings.passports = list(dict.fromkeys(p.upper() for p in passports)) or \
            defaults.passports
        if settings.theme not in THEMES:
            settings.theme = defaults.theme
        if settings.paper not in PAPERS:
            settings.paper = defaults.paper
        settings.font_scale = min(2.0, max(0.75, float(settings.font_scale)))
        return settings

    def save_settings(self, settings: Settings, before: Settings | None = None) -> None:
        """Store the settings: every one, or, given ``before`` (the settings as the caller
        last read or saved them), only those that differ from it, so that what another
        copy of the app changed meanwhile in the other settings stays."""
        old = asdict(before) if before is not None else {}
        with self._write() as conn:
            for key, value in asdict(settings).items():
                if before is None or old.get(key) != value:
                    conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)",
                                 (key, json.dumps(value)))

    # -- checklist progress and own items ---------------------------------------------
    def checked(self, checklist_id: str) -> set[str]:
        """Ids of the checklist's content items that are ticked."""
        return {r[0] for r in self.conn.execute(
            "SELECT item_id FROM progress WHERE checklist_id = ? AND checked = 1",
            (checklist_id,))}

    def set_checked(self, checklist_id: str, item_id: str, checked: bool) -> None:
        """Tick or untick a content item (saved at once)."""
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO progress VALUES (?, ?, ?, ?)",
                         (checklist_id, item_id, int(checked), _now()))

    def own_items(self, checklist_id: str) -> list[dict]:
        """The user's own items for a checklist, in their order."""
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM own_items WHERE checklist_id = ? ORDER BY position, id",
            (checklist_id,))]

    def add_own_item(self, checklist_id: str, text: str, detail: str = "") -> int:
        """Append an item of the user's own; returns its id."""
        text = text.strip()
        if not text:
            raise UserDBError("An item needs some text.")
        with self._write() as conn:
            position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM own_items "
                                    "WHERE checklist_id = ?", (checklist_id,)).fetchone()[0]
            cursor = conn.execute(
                "INSERT INTO own_items(checklist_id, text, detail, position, checked, "
                "created_at) VALUES (?, ?, ?, ?, 0, ?)",
                (checklist_id, text, detail.strip(), position, _now()))
            return int(cursor.lastrowid or 0)

    def restore_own_item(self, item: dict) -> int:
        """Put back an own item that was deleted (a row from ``own_items``), at its place
        and with its tick; returns its new id."""
        with self._write() as conn:
            conn.execute("UPDATE own_items SET position = position + 1 "
                         "WHERE checklist_id = ? AND position >= ?",
                         (item["checklist_id"], item["position"]))
            cursor = conn.execute(
                "INSERT INTO own_items(checklist_id, text, detail, position, checked, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (item["checklist_id"], item["text"], item.get("detail") or "",
                 item["position"], int(bool(item["checked"])), item["created_at"]))
            return int(cursor.lastrowid or 0)

    def set_own_checked(self, item_id: int, checked: bool) -> None:
        """Tick or untick one of the user's own items."""
        with self._write() as conn:
            conn.execute("UPDATE own_items SET checked = ? WHERE id = ?", (int(checked), item_id))

    def edit_own_item(self, item_id: int, text: str) -> None:
        """Change the text of one of the user's own items."""
        if not text.strip():
            raise UserDBError("An item needs some text.")
        with self._write() as conn:
            conn.execute("UPDATE own_items SET text = ? WHERE id = ?", (text.strip(), item_id))

    def delete_own_item(self, item_id: int) -> None:
        """Delete one of the user's own items."""
        with self._write() as conn:
            conn.execute("DELETE FROM own_items WHERE id = ?", (item_id,))

    def move_own_item(self, item_id: int, offset: int) -> None:
        """Move an own item up (negative) or down (positive) within its checklist."""
        row = self.conn.execute("SELECT checklist_id FROM own_items WHERE id = ?",
                                (item_id,)).fetchone()
        if row is None:
            return
        ids = [item["id"] for item in self.own_items(row[0])]
        index = ids.index(item_id)
        target = max(0, min(len(ids) - 1, index + offset))
        ids.insert(target, ids.pop(index))
        with self._write() as conn:
            for position, own_id in enumerate(ids, start=1):
                conn.execute("UPDATE own_items SET position = ? WHERE id = ?",
                             (position, own_id))

    def reset_checklist(self, checklist_id: str) -> None:
        """Untick everything in a checklist (own items stay, unticked)."""
        with self._write() as conn:
            conn.execute("DELETE FROM progress WHERE checklist_id = ?", (checklist_id,))
            conn.execute("UPDATE own_items SET checked = 0 WHERE checklist_id = ?",
                         (checklist_id,))

    # -- bookmarks and notes ------------------------------------------------------------
    def bookmarks(self) -> list[dict]:
        """Bookmarks, newest first."""
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM bookmarks ORDER BY created_at DESC, rowid DESC")]

    def is_bookmarked(self, kind: str, record_id: str) -> bool:
        """True if the page is bookmarked."""
        return self.conn.execute("SELECT 1 FROM bookmarks WHERE kind = ? AND record_id = ?",
                                 (kind, record_id)).fetchone() is not None

    def set_bookmark(self, kind: str, record_id: str, title: str, on: bool) -> None:
        """Add or remove a bookmark."""
        with self._write() as conn:
            if on:
                conn.execute("INSERT OR REPLACE INTO bookmarks VALUES (?, ?, ?, ?)",
                             (kind, record_id, title, _now()))
            else:
                conn.execute("DELETE FROM bookmarks WHERE kind = ? AND record_id = ?",
                             (kind, record_id))

    def note(self, kind: str, record_id: str) -> str:
        """The user's note on a page ('' if none)."""
        row = self.conn.execute("SELECT body FROM notes WHERE kind = ? AND record_id = ?",
                                (kind, record_id)).fetchone()
        return row[0] if row else ""

    def set_note(self, kind: str, record_id: str, body: str) -> None:
        """Save (or, when empty, delete) the user's note on a page."""
        with self._write() as conn:
            if body.strip():
                conn.execute("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)",
                             (kind, record_id, body, _now()))
            else:
                conn.execute("DELETE FROM notes WHERE kind = ? AND record_id = ?",
                             (kind, record_id))
