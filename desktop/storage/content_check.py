"""Is a content database usable, not just readable?  Checks that a database SQLite opens
and whose meta says the right schema version really holds what the app reads.

- ``missing_tables``: every kind's table, the checklist items, the search documents, the
  FTS index, the search vocabulary (``search_synonyms``) and word list (``search_words``),
  and meta (one query; run on every open).
- ``bad_json``: every JSON column of every row parses and is a list (the supports an
  object); phones are objects with a display form (one query per column, in SQLite; run
  before a pack is accepted).
- ``probe``: a search runs and records of every kind read.  The quick form (every start)
  runs one FTS query (with its rank) for a word of the word list, reads one row of every
  column the search engine reads, and decodes one row of every kind: about a millisecond
  even on a 100,000-record pack.  The thorough form (before a pack is accepted) runs the
  search engine itself and reads one record of every kind whole, as its page shows it.
"""

from __future__ import annotations

import sqlite3

from desktop.content.schema import (
    FIELDS,
    JSON_COLUMNS,
    JSON_OBJECTS,
    META_FIELDS,
    PAGE_KINDS,
    TABLES,
)
from desktop.search.syntax import quote

REQUIRED_TABLES = frozenset({*TABLES.values(), "checklist_items", "search_docs",
                             "search_docs_fts", "search_synonyms", "search_words", "meta"})
JSON_TABLES = (*sorted(set(TABLES.values())), "checklist_items", "route_paths")


def _nullable(table: str, column: str) -> bool:
    """True for a JSON column from an optional field (NULL where a record leaves it out);
    the rest (sources, supports, unconfirmed, required fields) the build always fills."""
    kind = next((k for k, t in TABLES.items() if t == table), None)
    spec = FIELDS[kind].get(column) if kind else None
    return spec is not None and not spec[1] and column not in META_FIELDS


def missing_tables(conn: sqlite3.Connection) -> list[str]:
    """Required tables (or views) the database lacks, sorted."""
    present = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    return sorted(REQUIRED_TABLES - present)


def bad_json(conn: sqlite3.Connection) -> str | None:
    """The first JSON column value (``schema.JSON_COLUMNS``, every table) that does not
    parse as what it should be: a list, or an object for ``JSON_OBJECTS`` (None if all do)."""
    for table in JSON_TABLES:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for column in JSON_COLUMNS:
            if column not in columns:
                continue
            null_ok = "1" if _nullable(table, column) else "0"
            shape = "object" if column in JSON_OBJECTS else "array"
            row = conn.execute(
                f"SELECT id FROM {table} WHERE CASE WHEN {column} IS NULL THEN {null_ok} "
                f"WHEN json_valid({column}) THEN json_type({column}) = '{shape}' ELSE 0 END "
                "= 0 LIMIT 1").fetchone()
            if row is not None:
                what = "a JSON object" if shape == "object" else "a JSON list"
                return f"{table}.{column} of '{row[0]}' is not {what}"
    if "phones" in {r[1] for r in conn.execute("PRAGMA table_info(contacts)")}:
        row = conn.execute(
            "SELECT c.id FROM contacts c, json_each(c.phones) p WHERE p.type != 'object' "
            "OR json_type(p.value, '$.display') IS NOT 'text' LIMIT 1").fetchone()
        if row is not None:
            return f"contacts.phones of '{row[0]}' has a phone without a display form"
    return None


def probe(content, *, thorough: bool = False) -> None:  # noqa: ANN001 - a ContentDB
    """Run a search and read one record of every kind; raise what the app would meet."""
    conn = content.conn
    row = conn.execute("SELECT word, docs FROM search_words LIMIT 1").fetchone()
    term = row[0] if row else "a"
    if thorough:
        from desktop.search.engine import SearchEngine  # (imported late: no cycle)

        SearchEngine.over(content).search(term, limit=5)
    else:  # what the engine reads: documents, vocabulary, the index with its rank
        conn.execute("SELECT rowid, kind, record_id, display_title, country, audience, "
                     "title, aliases, body, keys FROM search_docs LIMIT 1").fetchall()
        conn.execute("SELECT phrase, key, flags FROM search_synonyms LIMIT 1").fetchall()
        conn.execute("SELECT rowid, rank FROM search_docs_fts WHERE search_docs_fts MATCH ? "
                     "LIMIT 1", (quote(term),)).fetchall()  # rank: the stored bm25 weights
    for kind in PAGE_KINDS:
        if thorough:  # whole, as a page shows it (related records, title: slower)
            first = conn.execute(f"SELECT id FROM {TABLES[kind]} ORDER BY id LIMIT 1"
                                 ).fetchone()
            if first is not None:
                content.title(kind, content.get(kind, first[0]))
        else:  # one stored row of each kind, JSON decoded
            content.sample(kind)
