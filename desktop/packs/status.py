"""What content is active (a pack or the bundled database), how old it is, and whether a
rollback is possible: the packs dialog and ``safe-passage pack status`` show this."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop import fsutil
from desktop.content import age_days
from desktop.errors import ContentDBError
from desktop.packs.pack import DB_NAME
from desktop.packs.store import CURRENT, PREVIOUS, installed_manifest, recover
from desktop.paths import AppPaths, bundled_content_db
from desktop.storage.content_db import ContentDB


def _meta(db: Path) -> tuple[dict[str, str] | None, str]:
    """A database's meta if the app could use it (the same checks as opening it in the
    app: schema version, tables, a probe search), else (None, why not)."""
    if not db.is_file():
        return None, f"{db} is missing"
    try:
        content = ContentDB(db)
    except ContentDBError as exc:
        return None, str(exc)
    try:
        content.check_usable()
    except ContentDBError as exc:
        return None, str(exc)
    finally:
        content.close()
    return content.meta, ""


def status(paths: AppPaths, *, bundled_db: Path | None = None,
           today: dt.date | None = None) -> dict:
    """What content is active and how old it is, and whether a rollback is possible.

    Keys: active ("pack" or "bundled"), path, content_name, content_version,
    content_as_of, age_days, stale, created, key_id, warning, pack_installed (a pack is
    installed, even if it cannot be used), previous_available, previous_version,
    previous_created.
    """
    try:
        recover(paths)
        unfinished = None
    except OSError as exc:
        unfinished = (f"An interrupted content pack update could not be finished "
                      f"({fsutil.why(exc)}); it will be tried again the next time the app "
                      "starts.")
    today = today or dt.datetime.now(dt.UTC).date()
    packs = paths.packs
    info: dict = {"active": "bundled", "path": None, "content_name": None,
                  "content_version": None, "content_as_of": None, "age_days": None,
                  "stale": None, "created": None, "key_id": None, "warning": unfinished}
    meta: dict[str, str] | None = None
    if (packs / CURRENT / DB_NAME).exists():
        meta, why = _meta(packs / CURRENT / DB_NAME)
        manifest = installed_manifest(packs / CURRENT)
        if meta is not None:
            info.update(active="pack", path=str(packs / CURRENT / DB_NAME),
                        created=manifest.created if manifest else None,
                        key_id=manifest.key_id if manifest else None)
        else:
            info["warning"] = " ".join(filter(None, [
                info["warning"], f"The installed content pack cannot be used ({why})."]))
    if meta is None:
        db = bundled_db or bundled_content_db()
        meta, why = _meta(db)
        info["path"] = str(db)
        if meta is None:
            info["warning"] = " ".join(filter(None, [
                info["warning"], f"The bundled content cannot be used ({why})."]))
        else:
            info["created"] = meta.get("built_at")
    if meta is not None:
        info.update(content_name=meta.get("content_name"),
                    content_version=meta.get("content_version"),
                    content_as_of=meta.get("content_as_of"))
        info["age_days"] = age_days(meta.get("content_as_of", ""), today)
        try:
            limit = int(meta.get("stale_after_days", ""))
        except ValueError:
            limit = None
        if info["age_days"] is not None and limit is not None:
            info["stale"] = info["age_days"] > limit
    previous = installed_manifest(packs / PREVIOUS)
    info["pack_installed"] = (packs / CURRENT / DB_NAME).is_file()
    info["previous_available"] = (packs / PREVIOUS / DB_NAME).is_file()
    info["previous_version"] = previous.content_version if previous else None
    info["previous_created"] = previous.created if previous else None
    return info
