"""Content that leaves whole kinds and optional fields out still builds into a database
every reader can use: no guides, no checklists, no entry rules, no contact with a city.
Every table has its real columns whether or not any record fills them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from desktop.content.build import build, table_columns
from desktop.content.schema import PAGE_KINDS, TABLES
from desktop.pages.locations import resolve
from desktop.pages.overview import SECTIONS
from desktop.storage.content_db import ContentDB

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "content"


@pytest.fixture(scope="module")
def sparse_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("sparse") / "content"
    shutil.copytree(FIXTURE, source)
    shutil.rmtree(source / "guides")
    shutil.rmtree(source / "checklists")
    (source / "entry_rules.toml").unlink()
    contacts = source / "contacts.toml"
    contacts.write_text(re.sub(r"(?m)^city = .*\n", "", contacts.read_text()))
    out = source.parent / "content.db"
    build(source, out)
    return out


def test_sparse_content_passes_the_thorough_check(sparse_db: Path) -> None:
    content = ContentDB(sparse_db)
    content.check_usable(thorough=True)
    assert content.list("guide") == [] and content.list("checklist") == []
    assert content.passports() == []
    assert content.list("contact") and not content.list("contact")[0].get("city")
    content.close()


def test_every_section_and_page_of_sparse_content_opens(sparse_db: Path) -> None:
    content = ContentDB(sparse_db)
    for place in [("overview", ""), ("planner", ""), ("map", ""),
                  *(("section", name) for name, kind in SECTIONS
                    if kind or name == "Bookmarks")]:
        seen = resolve(content, place, country="RU", passports=["US"], city="moscow",
                       bookmarks=[])
        if place[1] in ("Guides", "Checklists"):
            assert seen.records == [] and "Nothing here" in seen.html
    for kind in PAGE_KINDS:
        for record in content.list(kind):
            resolve(content, (kind, record["id"]), country="RU", passports=["US"],
                    city="moscow", bookmarks=[])
    for city in content.list("city"):
        content.route_paths(city["id"])
    content.close()


def test_every_table_has_its_schema_columns(sparse_db: Path, fixture_db: Path) -> None:
    """The columns come from the schema, not from whichever records happened to exist:
    the sparse and the full fixture's tables are alike, and each is what the schema says."""
    for path in (sparse_db, fixture_db):
        content = ContentDB(path)
        for kind, table in [*TABLES.items(), ("item", "checklist_items")]:
            found = {r[1] for r in content.conn.execute(f"PRAGMA table_info({table})")}
            assert found == set(table_columns(kind)), (path, table)
        content.close()
