"""The content database: read-only access, records, failures."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from desktop.errors import ContentDBError, NotFoundError
from desktop.services import open_content
from desktop.storage.content_db import ContentDB


@pytest.fixture
def content(fixture_db: Path):
    db = ContentDB(fixture_db)
    yield db
    db.close()


def test_get_route_has_coordinates_status_and_entry_rules(content: ContentDB) -> None:
    route = content.get("route", "ru-ge-upper-lars")
    assert (route["lat"], route["lon"], route["status"]) == (42.7417, 44.6358, "open")
    assert route["aliases"] == ["Verkhny Lars", "Upper Lars", "Kazbegi"]
    assert [r["passport"] for r in route["entry_rules"]] == ["US"]
    assert route["source_records"][0]["publisher"] == "Fixture Border Service"


def test_get_checklist_has_items_in_order(content: ContentDB) -> None:
    items = content.get("checklist", "leaving")["items"]
    assert [i["item_id"] for i in items] == ["passport", "cash", "tell-someone"]


def test_unknown_kind_and_id(content: ContentDB) -> None:
    with pytest.raises(NotFoundError, match="Unknown kind"):
        content.get("planet", "mars")
    with pytest.raises(NotFoundError, match="No route with id 'nowhere'"):
        content.get("route", "nowhere")


def test_list_filters(content: ContentDB) -> None:
    assert [r["id"] for r in content.list("route", to_country="FI")] == ["ru-fi-vaalimaa"]


def test_missing_database(tmp_path: Path) -> None:
    with pytest.raises(ContentDBError, match="is missing"):
        ContentDB(tmp_path / "none.db")


@pytest.mark.parametrize(("make", "said"), [("folder", "is a folder, not a file"),
                                            ("device", "is a device, not a file")])
def test_something_else_than_a_database_file_is_named(tmp_path: Path, make: str,
                                                      said: str) -> None:
    """Before: '--content-db /tmp' or '/dev/null' was 'missing; rebuild it'."""
    path = tmp_path if make == "folder" else Path(os.devnull)
    if make == "device" and sys.platform == "win32":
        pytest.skip("no device file to name")
    with pytest.raises(ContentDBError, match=said):
        ContentDB(path)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_damaged_database(tmp_path: Path, fixture_db: Path, damage: str) -> None:
    path = tmp_path / "content.db"
    data = fixture_db.read_bytes()
    path.write_bytes({"garbage": b"\x00garbage" * 512, "truncated": data[:4096],
                      "empty": b""}[damage])
    with pytest.raises(ContentDBError, match="damaged|could not be read|schema version"):
        db = ContentDB(path)
        db.list("route")


def test_wrong_schema_version(tmp_path: Path, fixture_db: Path) -> None:
    path = tmp_path / "content.db"
    shutil.copy(fixture_db, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(ContentDBError, match="schema version 999"):
        ContentDB(path)


def test_broken_pack_falls_back_to_the_bundled_content(user_dirs, bundled_db: Path) -> None:
    pack = user_dirs.packs / "current" / "content.db"
    pack.parent.mkdir(parents=True)
    pack.write_bytes(b"not a database")
    db, warnings = open_content(user_dirs)
    assert db.path == bundled_db
    assert "could not be used" in warnings[0]
    db.close()


@pytest.fixture
def own_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled content DB at a path of this test's, built from the fixture sources."""
    from desktop import paths

    sources = Path(__file__).resolve().parents[1] / "data" / "content"
    db = tmp_path / "resources" / "content.db"
    db.parent.mkdir()
    monkeypatch.setattr(paths, "bundled_content_db", lambda: db)
    monkeypatch.setattr(paths, "content_sources_dir", lambda: sources)
    return db


@pytest.mark.parametrize("damage", ["bytes", "empty", "old schema"])
def test_a_damaged_bundled_database_is_built_again_from_a_checkout(
        user_dirs, own_bundled: Path, fixture_db: Path, damage: str) -> None:
    """Before: 'Safe Passage cannot start', although the sources to build it were there
    (a damaged or outdated build newer than its sources is not stale)."""
    if damage == "old schema":
        own_bundled.write_bytes(fixture_db.read_bytes())
        conn = sqlite3.connect(own_bundled)
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        conn.commit()
        conn.close()
    else:
        own_bundled.write_bytes(b"" if damage == "empty" else os.urandom(50_000))
    db, warnings = open_content(user_dirs)
    try:
        assert db.path == own_bundled and db.meta["content_version"] == "test.1"
        assert len(warnings) == 1 and "built again from the content sources" in warnings[0]
    finally:
        db.close()


def test_a_damaged_bundled_database_in_a_bundle_says_to_reinstall(
        user_dirs, own_bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own_bundled.write_bytes(os.urandom(50_000))
    before = own_bundled.read_bytes()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with pytest.raises(ContentDBError, match="Reinstall Safe Passage"):
        open_content(user_dirs)
    assert own_bundled.read_bytes() == before
