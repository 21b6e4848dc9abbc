"""Build the app's services in one place; the GUI and the CLI receive them, nothing is global.

The content database is chosen in this order: an explicit path; the active content pack
(if it opens and checks out); the bundled database (built from the sources first when
running from a checkout without one).  Every fallback is reported in ``warnings``.
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths as paths_mod
from desktop.content import ContentBuildError, is_stale
from desktop.errors import ContentDBError, UserDBError, UserFacingError
from desktop.paths import AppPaths
from desktop.storage.content_db import ContentDB
from desktop.storage.user_db import UserDB

if TYPE_CHECKING:  # the engine loads on the first search
    from desktop.search.engine import SearchEngine


@dataclass
class Services:
    """Everything a front end needs."""

    paths: AppPaths
    content: ContentDB
    user: UserDB
    warnings: list[str] = field(default_factory=list)
    user_warnings: list[str] = field(default_factory=list)  # those about the user's file
    _search: SearchEngine | None = field(default=None, init=False, repr=False)

    @property
    def search(self) -> SearchEngine:
        """The search engine over the content (made on first use: start-up needs none)."""
        if self._search is None:
            from desktop.search.engine import SearchEngine

            self._search = SearchEngine.over(self.content)
        return self._search

    def replace_content(self, content: ContentDB, warnings: list[str] | None = None) -> None:
        """Use another content database (after a pack change); the old one is closed.
        ``warnings`` (about the new content) replace those about the old."""
        if warnings is not None:
            self.warnings = [*warnings, *self.user_warnings]
        old, self.content, self._search = self.content, content, None
        if old is not content:
            old.close()

    def wipe_user_data(self) -> None:
        """Delete everything the app wrote about this person: the user database and its
        backups, and the files in the config, cache and log folders (Qt's file-dialog
        history, crash logs).  Installed content packs are content, not personal data:
        they stay.  What cannot be deleted does not stop the rest: every file that can go
        goes, then ``UserDBError`` says what is left."""
        problems: list[str] = []
        try:
            self.user.wipe()
        except UserDBError as exc:
            problems.append(str(exc))
        for folder in (self.paths.config, self.paths.cache, self.paths.log):
            if folder.is_dir():
                for item in sorted(folder.rglob("*"), reverse=True):
                    try:
                        if item.is_dir() and not item.is_symlink():
                            item.rmdir()
                        else:
                            item.unlink()
                    except OSError as exc:
                        if not (item.is_dir() and exc.errno == errno.ENOTEMPTY):
                            problems.append(f"Some of your data could not be deleted: "
                                            f"{item} ({exc.strerror or exc}).")
        if problems:
            raise UserDBError(" ".join(dict.fromkeys(problems[:3])))

    def close(self) -> None:
        """Close both databases."""
        self.content.close()
        self.user.close()


def active_pack_db(paths: AppPaths) -> Path:
    """Where the active content pack's database lives (it may not exist)."""
    return paths.packs / "current" / "content.db"


def _recover_packs(paths: AppPaths) -> list[str]:
    """Finish a pack import or rollback that a crash interrupted (cheap when none was)."""
    if not os.path.isdir(paths.packs):  # (False, not an error, for a name too long)
        return []
    from desktop.packs.store import recover  # only when packs were ever installed

    try:
        recover(paths)
    except OSError as exc:
        return [f"An interrupted content pack update could not be finished ({exc})."]
    return []


def _can_build(sources: Path) -> bool:
    """True in a source checkout, where the bundled content DB is built from its sources."""
    return sources.is_dir() and not getattr(sys, "frozen", False)


def ensure_bundled_db(warnings: list[str] | None = None, *, rebuild: bool = False) -> Path:
    """The bundled content DB; from a checkout, build it when missing or stale (or, with
    ``rebuild``, in any case: it could not be used).

    When a stale one cannot be rebuilt (sources that no longer validate, a full disk) the
    one built before is used and a warning added to ``warnings``; with none built before,
    ``ContentDBError``.
    """
    db = paths_mod.bundled_content_db()
    sources = paths_mod.content_sources_dir()
    if _can_build(sources) and (rebuild or is_stale(sources, db)):
        from desktop.content.build import build

        try:
            build(sources, db)
        except (ContentBuildError, UserFacingError, OSError) as exc:
            from desktop import fsutil

            why = ("; ".join(str(e) for e in exc.errors[:3])
                   if isinstance(exc, ContentBuildError) else
                   fsutil.why(exc) if isinstance(exc, OSError) else str(exc))
            if not db.exists():
                raise ContentDBError(f"The content could not be built: {why}") from exc
            if warnings is not None:
                warnings.append(f"The content could not be rebuilt from {sources} ({why}); "
                                "showing the content built before.")
    return db


def usable_content(path: Path) -> ContentDB:
    """Open a content database and run the quick usability check (a probe search, one
    record of every kind); ``ContentDBError`` if it fails."""
    content = ContentDB(path)
    try:
        content.check_usable()
    except BaseException:
        content.close()
        raise
    return content


def open_content(paths: AppPaths, explicit: Path | None = None) -> tuple[ContentDB, list[str]]:
    """Open the content database following the documented order.

    An explicit database must be usable (``ContentDBError`` otherwise: the caller asked
    for it).  An active pack that is not usable falls back to the bundled content, with a
    warning.
    """
    if explicit is not None:
        return usable_content(explicit), []
    warnings: list[str] = _recover_packs(paths)
    pack = active_pack_db(paths)
    if os.path.exists(pack):
        try:
            return usable_content(pack), warnings
        except ContentDBError as exc:
            warnings.append(f"The installed content pack could not be used ({exc}) — "
                            "showing the content that came with the app.")
    bundled = ensure_bundled_db(warnings)
    try:
        return usable_content(bundled), warnings
    except ContentDBError as exc:
        if not _can_build(paths_mod.content_sources_dir()):
            raise ContentDBError(f"{exc} Reinstall Safe Passage to repair it.") from exc
        problem = str(exc)
    # From a checkout, a damaged or outdated build is made again from the sources.
    ensure_bundled_db(warnings, rebuild=True)
    content = usable_content(bundled)
    warnings.append(f"{problem} It was built again from the content sources.")
    return content, warnings


def open_user(paths: AppPaths, **options: float) -> tuple[UserDB, list[str]]:
    """Open the user DB, read-only when it can be read but not written; a temporary one
    (with a warning) only when the file cannot be read or created at all.

    ``options`` go to ``UserDB`` (``busy_timeout``, ``lock_timeout``).
    """
    try:
        user = UserDB(paths.user_db, **options)
    except UserDBError as exc:
        return UserDB(":memory:"), [f"{exc} Your changes will not be kept after you "
                                    "close the app."]
    warnings = []
    if user.read_only:
        warnings.append(read_only_warning(user))
    if user.recovered_backup:
        warnings.append("Your data file was damaged. It was kept as "
                        f"{user.recovered_backup.name} and a fresh one was started.")
    return user, warnings


def read_only_warning(user: UserDB) -> str:
    """The banner text for a user DB that opened read-only."""
    return (f"Your data file {user.path} can be read but not written "
            f"({user.read_only_reason}). Your checklists, notes and settings are shown as "
            "they were saved, but changes cannot be saved until that is put right (a full "
            "disk freed, a read-only one made writable); then restart the app.")


def open_services(paths: AppPaths, *, content_db: Path | None = None) -> Services:
    """Open both databases; raise ContentDBError only if no content can be opened."""
    content, warnings = open_content(paths, content_db)
    user, user_warnings = open_user(paths)
    return Services(paths, content, user, warnings + user_warnings, user_warnings)
