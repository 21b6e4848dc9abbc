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
