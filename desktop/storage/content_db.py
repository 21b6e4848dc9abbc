"""Open the shipped content database read-only and immutable, and read records from it.

Records come back as plain dicts: the JSON columns (``schema.JSON_COLUMNS``) are decoded.
A missing, corrupt or incompatible database raises ``ContentDBError`` with a message a
person can act on.
"""

from __future__ import annotations

import builtins
import json
import os
import sqlite3
from contextlib import suppress
from pathlib import Path

from desktop import fsutil
from desktop.content import country_name
from desktop.content.schema import JSON_COLUMNS, PAGE_KINDS, SCHEMA_VERSION, TABLES
from desktop.errors import ContentDBError, NotFoundError
from desktop.storage.content_check import bad_json, missing_tables, probe

ORDER = {
    "country": "id", "advisory": "country, level DESC, issuer", "route": "from_country, name",
    "entry_rule": "destination, passport", "contact": "country, city, name",
    "guide": "position, title", "checklist": "position, title",
    "phrase": "category, english",
    "city": "name",
}


def _decode(row: sqlite3.Row) -> dict:
    record = dict(row)
    for key in JSON_COLUMNS:
        value = record.get(key)
        if isinstance(value, str):
            # most of these columns hold an empty list or object: no need to parse those
            record[key] = [] if value == "[]" else {} if value == "{}" else json.loads(value)
    return record


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only, immutable connection (the file is never written or locked)."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=True)
    conn.row_factory = sqlite3.Row
    return conn


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The ``meta`` table as a dict."""
    return {row[0]: row[1] for row in conn.execute("SELECT key, value FROM meta")}


class ContentDB:
    """Read access to one built content database."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._names: dict[str, str] | None = None
        if not os.path.isfile(self.path):
            odd = fsutil.not_a_file(self.path)
            raise ContentDBError(
                f"The content database {self.path} is {odd}, not a file." if odd else
                f"The content database {self.path} is missing. Rebuild it with "
                "'safe-passage build'.")
        try:
            self.conn = open_readonly(self.path)
            self.meta = read_meta(self.conn)
        except sqlite3.DatabaseError as exc:
            raise ContentDBError(f"The content database {self.path} is damaged or not a "
                                 f"Safe Passage database ({exc}).") from exc
        version = self.meta.get("schema_version")
        if version != str(SCHEMA_VERSION):
            self.conn.close()
            raise ContentDBError(
                f"The content database {self.path} has schema version {version}; this "
                f"version of Safe Passage reads version {SCHEMA_VERSION}.")
        missing = missing_tables(self.conn)
        if missing:
            self.conn.close()
            raise ContentDBError(f"The content database {self.path} is incomplete: it has "
                                 f"no {', '.join(missing[:3])} table"
                                 f"{'s' if len(missing) > 1 else ''}"
                                 f"{' (and more)' if len(missing) > 3 else ''}.")

    def check_usable(self, *, thorough: bool = False) -> None:
        """Raise ``ContentDBError`` unless a search runs and every kind of record reads.

        ``thorough`` also runs SQLite's integrity check and checks every JSON value of
        every row (for a pack about to be accepted; the quick form is for start-up).
        """
        try:
            if thorough:
                result = self.conn.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise ContentDBError(f"The content database {self.path} is damaged "
                                         f"({result}).")
                problem = bad_json(self.conn)
                if problem:
                    raise ContentDBError(f"The content database {self.path} cannot be used: "
                                         f"{problem}.")
            probe(self, thorough=thorough)
        except ContentDBError:
            raise
        except (sqlite3.Error, LookupError, TypeError, ValueError, AttributeError) as exc:
            raise ContentDBError(f"The content database {self.path} cannot be used: a test "
                                 f"search or read failed ({exc}).") from exc

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def check(self) -> str:
        """Run SQLite's integrity check; 'ok' or the first problem."""
        try:
            return self.conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            return str(exc)

    def _query(self, sql: str, params: tuple = ()) -> list[dict]:
        try:
            return [_decode(row) for row in self.conn.execute(sql, params)]
        except (sqlite3.DatabaseError, ValueError) as exc:
            raise ContentDBError(f"The content database {self.path} could not be read "
                                 f"({exc}).") from exc

    @staticmethod
    def table(kind: str) -> str:
        """The table holding a kind, or NotFoundError for an unknown kind."""
        if kind not in PAGE_KINDS:
            raise NotFoundError(f"Unknown kind '{kind}'. Kinds: {', '.join(PAGE_KINDS)}.")
        return TABLES[kind]

    def list(self, kind: str, **where: str) -> builtins.list[dict]:
        """Every record of a kind, optionally filtered by column equality."""
        table = self.table(kind)
        clause = " AND ".join(f"{column} = ?" for column in where)
        sql = f"SELECT * FROM {table}" + (f" WHERE {clause}" if clause else "")
        return self._query(sql + f" ORDER BY {ORDER[kind]}", tuple(where.values()))

    def sample(self, kind: str) -> dict | None:
        """One stored record of a kind (the first by id), without its related records."""
        rows = self._query(f"SELECT * FROM {self.table(kind)} ORDER BY id LIMIT 1")
        return rows[0] if rows else None

    def get(self, kind: str, record_id: str) -> dict:
        """One record, complete (routes carry entry rules, checklists their items)."""
        table = self.table(kind)
        rows = self._query(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
        if not rows:
            raise NotFoundError(f"No {kind} with id '{record_id}'.")
        record = rows[0]
        if kind == "checklist":
            record["items"] = self.checklist_items(record_id)
        elif kind == "route":
            record["entry_rules"] = self.list("entry_rule", destination=record["to_country"])
        elif kind == "country":
            record["advisories"] = self.list("advisory", country=record_id)
        supports = record.get("supports") or {}
        # Each source says what it supports for this record ([] where the record does not say).
        record["source_records"] = [{**self.source(s), "supports": supports.get(s, [])}
                                    for s in record.get("sources", [])]
        return record

    def checklist_items(self, checklist_id: str) -> builtins.list[dict]:
        """A checklist's items in order."""
        return self._query("SELECT * FROM checklist_items WHERE checklist_id = ? "
                           "ORDER BY position", (checklist_id,))

    def source(self, source_id: str) -> dict:
        """A source record (publisher, title, url, retrieved_on, licence)."""
        rows = self._query("SELECT * FROM sources WHERE id = ?", (source_id,))
        return rows[0] if rows else {"id": source_id, "title": source_id}

    def entry_rule(self, destination: str, passport: str) -> dict | None:
        """The entry rule for a passport into a destination, if the content has one."""
        rows = self._query("SELECT * FROM entry_rules WHERE destination = ? AND passport = ?",
                           (destination, passport))
        return rows[0] if rows else None

    def route_paths(self, city_id: str) -> dict[str, builtins.list[str]]:
        """For one city: way-out id -> countries the straight line to it passes through.

        Only lines that leave the city's country are listed; a database built before the
        geography checks has none.
        """
        try:
            if self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                 "name = 'route_paths'").fetchone() is None:
                return {}  # built before the geography checks
            rows = self.conn.execute("SELECT route_id, via FROM route_paths WHERE city_id = ?",
                                     (city_id,)).fetchall()
            return {row["route_id"]: json.loads(row["via"]) for row in rows}
        except (sqlite3.DatabaseError, ValueError) as exc:
            raise ContentDBError(f"The content database {self.path} could not be read "
                                 f"({exc}).") from exc

    def passports(self) -> builtins.list[str]:
        """Passport countries the entry rules cover, most common first."""
        return [r["passport"] for r in self._query(
            "SELECT passport, count(*) AS n FROM entry_rules GROUP BY passport "
            "ORDER BY n DESC, passport")]

    def title(self, kind: str, record: dict) -> str:
        """A record's display title."""
        rows = self._query("SELECT display_title FROM search_docs WHERE kind = ? AND "
                           "record_id = ?", (kind, record["id"]))
        if rows:
            return rows[0]["display_title"]
        return record.get("name") or record.get("title") or record["id"]

    def country_codes(self) -> builtins.list[str]:
        """Every country code the build named (every ISO 3166 country for a current
        build), by display name."""
        names = self._country_names()
        return sorted(names, key=lambda code: names[code])

    def country_languages(self, code: str) -> builtins.list[str]:
        """The official languages of a country (ISO 639 codes) as the build found them;
        empty when it could not tell (no Babel at build time, an older database)."""
        with suppress(sqlite3.OperationalError):  # an older database: no such column
            row = self.conn.execute("SELECT languages FROM country_names WHERE id = ?",
                                    (code,)).fetchone()
            return str(row[0] or "").split() if row else []
        return []

    def country_name(self, code: str) -> str:
        """Display name of a country code (the content's own name, else the one the build
        stored, else the ISO name: looking that up costs a start-up, so it comes last)."""
        return self._country_names().get(code) or country_name(code)

    def _country_names(self) -> dict[str, str]:
        if self._names is None:
            self._names = {}
            with suppress(sqlite3.OperationalError):  # an older database: no such table
                self._names.update(self.conn.execute("SELECT id, name FROM country_names"))
            self._names.update((r["id"], r["name"]) for r in self._query(
                "SELECT id, name FROM countries") if r.get("name"))
        return self._names
