"""Is a content database usable, not just readable?  Checks that a database SQLite opens
and whose meta says the right schema version really holds what the app reads.

- ``missing_tables``: every kind's table, the checklist items, the search documents, the
  FTS index and its vocabulary, and meta (one query; run on every open).
- ``bad_json``: every JSON column of every row parses and is a list; phones are objects
  with a display form (one query per column, in SQLite; run before a pack is accepted).
- ``probe``: one search runs and one record of every kind reads whole, as the app would
  show it (a few small queries; run when the app opens a pack or an explicit database).
"""

from __future__ import annotations

import sqlite3

from desktop.content.schema import PAGE_KINDS, TABLES

REQUIRED_TABLES = frozenset({*TABLES.values(), "checklist_items", "search_docs",
                             "search_docs_fts", "search_vocab", "meta"})
JSON_COLUMNS = ("aliases", "serves", "phones", "tags", "sources")
NULLABLE_JSON = frozenset({"aliases", "serves", "tags"})


def missing_tables(conn: sqlite3.Connection) -> list[str]:
    """Required tables (or views) the database lacks, sorted."""
    present = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    return sorted(REQUIRED_TABLES - present)


def bad_json(conn: sqlite3.Connection) -> str | None:
    """The first JSON column value that does not parse as a list (None if all do)."""
    for table in sorted(set(TABLES.values())):
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for column in JSON_COLUMNS:
            if column not in columns:
                continue
            null_ok = "1" if column in NULLABLE_JSON else "0"
            row = conn.execute(
                f"SELECT id FROM {table} WHERE CASE WHEN {column} IS NULL THEN {null_ok} "
                f"WHEN json_valid({column}) THEN json_type({column}) = 'array' ELSE 0 END "
                "= 0 LIMIT 1").fetchone()
            if row is not None:
                return f"{table}.{column} of '{row[0]}' is not a JSON list"
    if "phones" in {r[1] for r in conn.execute("PRAGMA table_info(contacts)")}:
        row = conn.execute(
            "SELECT c.id FROM contacts c, json_each(c.phones) p WHERE p.type != 'object' "
            "OR json_type(p.value, '$.display') IS NOT 'text' LIMIT 1").fetchone()
        if row is not None:
            return f"contacts.phones of '{row[0]}' has a phone without a display form"
    return None


def probe(content) -> None:  # noqa: ANN001 - a ContentDB (imported lazily: no cycle)
    """Run one search and read one record of every kind; raise what the app would meet."""
    from desktop.search.engine import SearchEngine

    conn = content.conn
    row = conn.execute("SELECT term FROM search_vocab LIMIT 1").fetchone()
    SearchEngine.over(content).search(row[0] if row else "a", limit=5)
    for kind in PAGE_KINDS:
        first = conn.execute(f"SELECT id FROM {TABLES[kind]} "
                             "ORDER BY id LIMIT 1").fetchone()
        if first is not None:
            record = content.get(kind, first[0])
            content.title(kind, record)
