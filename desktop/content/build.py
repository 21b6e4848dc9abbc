"""Build the content database from the sources: ``python -m desktop.content.build``.

Validated records become one table per kind, plus ``search_docs`` (one row per searchable
record, with Latin transliterations) indexed by FTS5, ``search_synonyms`` (the search
vocabulary), ``search_words`` (every word and how many records use it, for the spelling
fix), and ``meta`` (schema version, content version, content hash, as-of date).
The content hash covers the rows only, so the same sources always give the same hash.
The database is written to a temporary file and moved into place only when complete
(``fsutil.atomic_file``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import sys
from pathlib import Path

import sqlite_utils

from desktop import __version__, fsutil
from desktop.content import ContentBuildError, ContentError, country_name, is_stale
from desktop.content.index import create_search_index, search_documents
from desktop.content.loader import LoadedContent, RawRecord, display_path, load_content
from desktop.content.render import render
from desktop.content.schema import (
    FIELDS,
    JSON_COLUMNS,
    SCHEMA_VERSION,
    TABLES,
    UNSOURCED_KINDS,
)
from desktop.content.validate import check, phone_forms, source_ids, source_supports
from desktop.content.vocabulary import load_vocabulary, vocabulary_rows, warn, word_counts
from desktop.errors import UserFacingError
from desktop.search.engine import KIND_PRIOR

UNPLACED = 1000  # the list position of a guide or checklist whose author gave none
MARKDOWN_FIELDS = ("notes", "body", "summary", "detail", "who_may_pass", "documents",
                   "who_may_enter")


def _doubt(data: dict, sources: object) -> dict:
    """The sources, what each supports, and the unconfirmed fields of a record."""
    supports = {sid: fields for sid, fields in source_supports(sources).items() if fields}
    return {"sources": source_ids(sources), "supports": supports,
            "unconfirmed": list(data.get("unconfirmed") or [])}


def _common(record: RawRecord) -> dict:
    ids = source_ids(record.data.get("source"))
    situation = next((record.data[k] for k in ("as_of", "status_as_of", "issued_on")
                      if record.data.get(k)), None)
    return {
        "id": record.data["id"],
        "source_id": ids[0],
        **_doubt(record.data, record.data.get("source")),
        "checked_on": record.data["checked_on"].isoformat(),
        # '' until build_rows fills in the content set's as-of date
        "as_of": situation.isoformat() if situation else "",
        "confidence": record.data.get("confidence", "verified"),
    }


# Record fields that are not a column of their own (kept in the common columns, or the
# checklist an item belongs to), and fields stored under another name.
NOT_COLUMNS = ("id", "source", "checked_on", "as_of", "confidence", "item", "unconfirmed")
RENAMED = {"from": "from_country", "to": "to_country"}


def _row(record: RawRecord) -> dict:
    """A database row for a record: dates as ISO text, Markdown as html + text."""
    row: dict = {} if record.kind in UNSOURCED_KINDS else _common(record)
    for key, value in record.data.items():
        if key in NOT_COLUMNS:
            continue
        column = RENAMED.get(key, key)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if key in MARKDOWN_FIELDS:
            row[f"{column}_html"], row[f"{column}_text"] = render(value)
            if key == "summary":
                row[column] = value
            continue
        if key == "phones":
            doubted = "phones" in (record.data.get("unconfirmed") or [])
            value = [{**phone_forms(p["number"]), "label": p.get("label", ""),
                      "unconfirmed": bool(doubted or p.get("unconfirmed"))} for p in value]
        row[column] = value
    if record.kind in UNSOURCED_KINDS:
        row["id"] = record.data["id"]
    return row


# Columns of the tables that are not one kind's records (beside ``table_columns``).
OTHER_TABLES: dict[str, dict[str, type]] = {
    "checklist_items": {"id": str, "checklist_id": str, "item_id": str, "position": int,
                        "text": str, "detail_html": str, "detail_text": str,
                        "priority": str, "confidence": str, "sources": str, "supports": str,
                        "unconfirmed": str},
    "route_paths": {"id": str, "city_id": str, "route_id": str, "via": str},
    "country_names": {"id": str, "name": str, "languages": str},
}
_SQL_TYPES = {"int": int, "level": int, "bool": int, "lat": float, "lon": float}


def table_columns(kind: str) -> dict[str, type]:
    """The columns of a kind's table (``"item"``: checklist_items), from the schema, as
    ``_row`` fills them: every table has them all, whichever fields its records set, so
    content without guides or with no contact in a city still reads."""
    if kind == "item":
        return OTHER_TABLES["checklist_items"]
    columns: dict[str, type] = {"id": str}
    if kind not in UNSOURCED_KINDS:
        columns.update({"source_id": str, "sources": str, "supports": str,
                        "unconfirmed": str, "checked_on": str, "as_of": str,
                        "confidence": str})
    for key, (kind_of, _) in FIELDS[kind].items():
        if key in NOT_COLUMNS:
            continue
        column = RENAMED.get(key, key)
        if key in MARKDOWN_FIELDS:
            columns.update({f"{column}_html": str, f"{column}_text": str})
            if key == "summary":
                columns[column] = str
            continue
        columns[column] = _SQL_TYPES.get(kind_of, str) if isinstance(kind_of, str) else str
    return columns


def build_rows(loaded: LoadedContent) -> dict[str, list[dict]]:
    """Every table's rows, sorted by id so the build is deterministic."""
    tables: dict[str, list[dict]] = {name: [] for name in TABLES.values()}
    tables["checklist_items"] = []
    for record in loaded.records:
        row = _row(record)
        tables[TABLES[record.kind]].append(row)
        if record.kind == "checklist":
            for position, item in enumerate(record.data["item"], start=1):
                item_row = _row(item)
                sources = item.data.get("source") or record.data["source"]
                tables["checklist_items"].append({
                    "id": f"{row['id']}/{item.data['id']}", "checklist_id": row["id"],
                    "item_id": item.data["id"], "position": position,
                    "text": item.data["text"], "detail_html": item_row.get("detail_html", ""),
                    "detail_text": item_row.get("detail_text", ""),
                    "priority": item.data.get("priority", "normal"),
                    "confidence": item.data.get("confidence", row["confidence"]),
                    **_doubt(item.data, sources)})
    for rows in tables.values():
        rows.sort(key=lambda r: r["id"])
    for table in ("guides", "checklists"):  # as authored; unplaced ones after the others
        for row in tables[table]:
            row.setdefault("position", UNPLACED)
    situation = as_of_date(tables)
    for rows in tables.values():
        for row in rows:
            if row.get("as_of") == "":
                row["as_of"] = situation
    return tables


CODE_FIELDS = ("country", "destination", "passport", "from_country", "to_country",
               "nationality")
CODE_LISTS = ("serves", "via")


def country_names(tables: dict[str, list[dict]]) -> list[dict]:
    """A display name for every ISO 3166 country and every code the content mentions
    (passports a contact serves, third countries on the way …), so the app never needs
    pycountry to show one or to offer every passport: the content's own name where it
    has one, else the ISO name; and its official languages."""
    import pycountry

    own = {row["id"]: row.get("name") for row in tables["countries"]}
    codes: set[str] = set(own) | {c.alpha_2 for c in pycountry.countries}
    for rows in tables.values():
        for row in rows:
            codes.update(row[key] for key in CODE_FIELDS
                         if isinstance(row.get(key), str) and len(row[key]) == 2)
            for key in CODE_LISTS:
                if isinstance(row.get(key), list):
                    codes.update(code for code in row[key] if isinstance(code, str))
    return [{"id": code, "name": own.get(code) or country_name(code),
             "languages": " ".join(official_languages(code))}
            for code in sorted(codes) if code.isupper()]


def official_languages(code: str) -> list[str]:
    """The official languages of a country (ISO 639 codes, from CLDR with Babel at build
    time; none without Babel): the wallet card prints only phrases in one of them."""
    try:
        from babel.languages import get_official_languages
    except ImportError:
        return []
    return list(dict.fromkeys(lang.split("_")[0] for lang in get_official_languages(code)))


def content_hash(tables: dict[str, list[dict]]) -> str:
    """SHA-256 of every row in canonical JSON: equal sources give an equal hash."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(name.encode())
        for row in tables[name]:
            digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False,
                                     default=str).encode())
    return digest.hexdigest()


def as_of_date(tables: dict[str, list[dict]]) -> str:
    """The newest situation date in the content (status, issue and verification dates)."""
    dates = [row[key] for rows in tables.values() for row in rows
             for key in ("status_as_of", "issued_on") if row.get(key)]
    return max(dates) if dates else ""


def write_database(tables: dict[str, list[dict]], manifest: dict, out: Path) -> dict:
    """Write the tables, the search index and meta to ``out`` atomically; return meta.

    Written through ``fsutil.atomic_file`` (fsynced, renamed into place only when complete,
    the usual permissions); a disk that cannot take it (full, read-only) raises
    ``FileWriteError`` with a readable message, and the old database stays as it was.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with fsutil.atomic_file(out) as tmp:
        db = sqlite_utils.Database(tmp)
        try:
            meta = _fill(db, tables, manifest)
            db.conn.commit()
            db.execute("VACUUM")
        except sqlite3.Error as exc:
            raise fsutil.FileWriteError(
                f"Cannot write {out}: {fsutil.sqlite_why(exc)}. "
                + ("The database that was there is unchanged." if out.exists()
                   else "Nothing was written.")) from exc
        finally:
            db.close()  # before the rename, or the removal on error (Windows needs both)
    return meta


def _fill(db: sqlite_utils.Database, tables: dict[str, list[dict]], manifest: dict) -> dict:
    """Every table, the search index and meta, in an empty database; return meta."""
    synonyms, spelt, names_note = vocabulary_rows(tables)
    warn(names_note)
    docs = sorted(search_documents(tables, load_vocabulary(synonyms),
                                   str(manifest.get("home_country", ""))),
                  key=doc_priority)
    kinds = {table: kind for kind, table in TABLES.items()}
    for name, rows in tables.items():
        columns = (table_columns(kinds[name]) if name in kinds else OTHER_TABLES.get(name))
        if columns:  # every column, whether or not a record fills it
            db.table(name).create(columns, pk="id")
        db.table(name).insert_all([_encoded(row) for row in rows], pk="id", alter=True)
    db.table("checklist_items").create_index(["checklist_id", "position"], if_not_exists=True)
    db.table("search_docs").insert_all(
        [{"rowid": n, **doc} for n, doc in enumerate(docs, start=1)], pk="rowid")
    create_search_index(db)
    db.table("search_synonyms").create({"phrase": str, "key": str, "flags": str})
    db.table("search_synonyms").insert_all(synonyms)
    db.table("search_words").create({"word": str, "docs": int}, pk="word")
    db.table("search_words").insert_all(word_counts(docs, spelt))
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "content_version": str(manifest.get("version", "0")),
        "content_name": str(manifest.get("name", "Safe Passage content")),
        "home_country": str(manifest.get("home_country", "")),
        "stale_after_days": str(manifest.get("stale_after_days", 30)),
        "content_hash": content_hash(tables),
        "content_as_of": as_of_date(tables),
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "builder_version": __version__,
        "record_count": str(len(docs)),
        "search_names": names_note,
    }
    db.table("meta").insert_all([{"key": k, "value": v} for k, v in meta.items()], pk="key")
    return meta


def doc_priority(doc: dict) -> tuple[int, str, str]:
    """Rowid order of the search documents: the kinds people most often mean first.

    Search scores at most ``CANDIDATES`` matches in rowid order, so on a huge pack the
    candidates are the most useful kinds; on a small one every match is scored.
    """
    order = list(KIND_PRIOR)
    kind = doc["kind"]
    return (order.index(kind) if kind in order else len(order), doc["kind"], doc["record_id"])


def _encoded(row: dict) -> dict:
    """A row with its list/dict fields as JSON text."""
    return {k: json.dumps(v, ensure_ascii=False) if k in JSON_COLUMNS else v
            for k, v in row.items()}


def build(source_dir: Path, out: Path, today: dt.date | None = None,
          warnings: list | None = None) -> dict:
    """Validate ``source_dir`` and write the content database; raise ContentBuildError
    (also for a folder with nothing to search in it: such a database would be useless).

    Warnings (content that builds but wants the author's attention) are appended to
    ``warnings`` when a list is given.
    """
    loaded = load_content(Path(source_dir))
    result = check(loaded, today)
    if warnings is not None:
        warnings.extend(result.warnings)
    if result.errors:
        raise ContentBuildError(result.errors)
    tables = build_rows(loaded)
    if not any(tables[table] for kind, table in TABLES.items()
               if kind not in (*UNSOURCED_KINDS, "city")):  # what search_documents indexes
        raise ContentBuildError([ContentError(
            display_path(Path(source_dir)), 0,
            "no content to build: no advisories, routes, contacts, guides, checklists or "
            "other searchable records were found (expected content.toml, [[kind]] TOML "
            "files, guides/*.md and checklists/*.toml)")])
    # the countries each straight line from a city to a way out passes through
    tables["route_paths"] = sorted(result.route_paths, key=lambda r: r["id"])
    tables["country_names"] = country_names(tables)
    return write_database(tables, loaded.manifest, Path(out))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: build the bundled content into resources/content.db."""
    from desktop.paths import bundled_content_db, content_sources_dir

    args = argv if argv is not None else sys.argv[1:]
    if (args and args[0] == "--if-stale"
            and not is_stale(content_sources_dir(), bundled_content_db())):
        return 0
    warnings: list = []
    try:
        meta = build(content_sources_dir(), bundled_content_db(), warnings=warnings)
    except ContentBuildError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} error(s); no database written", file=sys.stderr)
        return 1
    except UserFacingError as exc:  # the disk, not the sources: one line
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {bundled_content_db()}: {fsutil.why(exc)}",
              file=sys.stderr)
        return 1
    finally:
        for warning in warnings:
            print(warning, file=sys.stderr)
    print(f"built {bundled_content_db()}: {meta['record_count']} records, "
          f"content {meta['content_version']}, hash {meta['content_hash'][:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
