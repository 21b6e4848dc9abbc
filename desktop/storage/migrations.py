"""User database migrations (sqlite-utils ``Migrations``): one small, named step per change.

Never edit a released migration; add a new one.  ``tests/data/userdb/`` keeps a database
from every released version and the tests migrate each to the current schema.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from desktop.storage.user_file import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: Database) -> None:
    """Checklist progress, own checklist items, bookmarks, notes and settings."""
    db.table("progress").create({"checklist_id": str, "item_id": str, "checked": int,
                           "updated_at": str}, pk=("checklist_id", "item_id"))
    db.table("own_items").create({"id": int, "checklist_id": str, "text": str, "detail": str,
                            "position": int, "checked": int, "created_at": str}, pk="id")
    db.table("own_items").create_index(["checklist_id", "position"])
    db.table("bookmarks").create({"kind": str, "record_id": str, "title": str, "created_at": str},
                           pk=("kind", "record_id"))
    db.table("notes").create({"kind": str, "record_id": str, "body": str, "updated_at": str},
                       pk=("kind", "record_id"))
    db.table("settings").create({"key": str, "value": str}, pk="key")


def apply(db: Database) -> None:
    """Bring a user database up to the current schema."""
    migrations.apply(db)


def names() -> list[str]:
    """Names of every migration, in order (the newest is the current schema)."""
    return [m.name for m in migrations._migrations]
