"""The built database: tables, search index, meta, determinism, rendering."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from desktop.content.build import build
from desktop.content.render import html_to_text, render
from desktop.content.schema import SCHEMA_VERSION
from desktop.storage.content_db import open_readonly, read_meta

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "content"


def test_same_sources_same_hash(tmp_path: Path) -> None:
    one = build(FIXTURE, tmp_path / "one.db")
    two = build(FIXTURE, tmp_path / "two.db")
    assert one["content_hash"] == two["content_hash"]


def test_changed_source_changes_hash(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE, copy)
    before = build(copy, tmp_path / "a.db")["content_hash"]
    path = copy / "routes.toml"
    path.write_text(path.read_text().replace("2–4 days", "3–5 days"))
    assert build(copy, tmp_path / "b.db")["content_hash"] != before


def test_meta_and_tables(fixture_db: Path) -> None:
    conn = open_readonly(fixture_db)
    meta = read_meta(conn)
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert meta["content_version"] == "test.1"
    assert meta["content_as_of"] == "2022-09-30"
    assert len(meta["content_hash"]) == 64
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("routes", "contacts", "guides", "checklist_items", "search_docs")}
    assert counts == {"routes": 4, "contacts": 1, "guides": 2, "checklist_items": 3,
                      "search_docs": 20}  # 18 records + 2 cities
    conn.close()


def test_database_is_opened_read_only(fixture_db: Path) -> None:
    conn = open_readonly(fixture_db)
    try:
        conn.execute("DELETE FROM routes")
        raise AssertionError("a write succeeded")
    except sqlite3.OperationalError as exc:
        assert "readonly" in str(exc)
    finally:
        conn.close()


def test_phones_stored_as_e164_and_display(fixture_db: Path) -> None:
    conn = open_readonly(fixture_db)
    phones = conn.execute("SELECT phones FROM contacts").fetchone()[0]
    conn.close()
    assert '"e164": "+74957285000"' in phones and '"display": "+7 495 728-50-00"' in phones


def test_markdown_rendered_at_build_time() -> None:
    markup, text = render("## Keep away\n\nAvoid **protests**. See [x](sp://guide/money).\n\n"
                          "- one\n- two")
    assert markup == ('<h2>Keep away</h2>\n<p>Avoid <strong>protests</strong>. See '
                      '<a href="sp://guide/money">x</a>.</p>\n<ul>\n<li>one</li>\n'
                      '<li>two</li>\n</ul>')
    assert text == "Keep away\n\nAvoid protests. See x.\n\n- one\n\n- two"


def test_html_to_text_decodes_entities() -> None:
    assert html_to_text("<p>A &amp; B</p>") == "A & B"


def test_search_vocabulary_from_synonyms_and_cldr(fixture_db: Path) -> None:
    from desktop.search.analyze import key_token

    conn = open_readonly(fixture_db)
    rows = {tuple(r) for r in conn.execute("SELECT phrase, key FROM search_synonyms")}
    meta = read_meta(conn)
    conn.close()
    georgia = key_token("c", "GE")
    # Russian (declined forms share the stem), Georgian, Turkish: CLDR names, not typed.
    assert {("груз", georgia), ("საქართველო", georgia), ("gürcistan", georgia)} <= rows
    assert ("gruziya", georgia) in rows  # Russian as typed in Latin letters
    assert ("american", key_token("c", "US")) in rows  # from the fixture's synonyms.toml
    assert meta["search_names"].startswith("babel ")


def test_the_search_tables_are_those_the_app_reads(fixture_db: Path) -> None:
    from desktop.storage.content_check import REQUIRED_TABLES

    conn = open_readonly(fixture_db)
    search = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                         "'table' AND name LIKE 'search%'")}
    conn.close()
    assert {"search_docs", "search_docs_fts", "search_synonyms", "search_words"} <= search
    assert {n for n in search if not n.startswith("search_docs_fts_")} <= REQUIRED_TABLES


def test_vocabulary_without_babel_keeps_the_content_names() -> None:
    from desktop.content.vocabulary import vocabulary_rows
    from desktop.search.analyze import key_token

    tables = {"countries": [{"id": "FI", "name": "Finland", "name_local": "Suomi"}],
              "synonyms": [{"id": "fi", "country": "FI", "words": ["Финляндия"]}]}
    rows, spelt, note = vocabulary_rows(tables, cldr=False)
    pairs = {(r["phrase"], r["key"]) for r in rows}
    fi = key_token("c", "FI")
    assert {("finland", fi), ("suomi", fi), ("финлянд", fi), ("finlyandiya", fi)} <= pairs
    assert "финляндия" in spelt and note.startswith("none")


def test_routes_rank_by_where_they_lead(fixture_db: Path) -> None:
    conn = open_readonly(fixture_db)
    countries = {r["record_id"]: r["country"] for r in conn.execute(
        "SELECT record_id, country FROM search_docs WHERE kind = 'route'")}
    conn.close()
    assert countries["ru-ge-upper-lars"] == "GE"


def test_cities_and_passports_are_searchable(fixture_db: Path) -> None:
    from desktop.search.analyze import key_token

    conn = open_readonly(fixture_db)
    docs = {(k, r): keys for k, r, keys in conn.execute(
        "SELECT kind, record_id, keys FROM search_docs")}
    conn.close()
    assert ("city", "vladikavkaz") in docs
    assert key_token("c", "US") in docs[("contact", "us-embassy-moscow")].split()


def test_is_stale_when_missing_or_older_than_any_source(tmp_path) -> None:
    import os

    from desktop.content import is_stale

    sources = tmp_path / "sources"
    (sources / "deep").mkdir(parents=True)
    (sources / "deep" / "a.toml").write_text("x = 1\n", encoding="utf-8")
    db = tmp_path / "content.db"
    assert is_stale(sources, db)  # missing
    db.write_bytes(b"")
    os.utime(sources / "deep" / "a.toml", (1_000, 1_000))
    assert not is_stale(sources, db)
    os.utime(sources / "deep" / "a.toml", (db.stat().st_mtime + 10,) * 2)
    assert is_stale(sources, db)
