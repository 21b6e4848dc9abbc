"""The one owner of locations: bundled resources and the user's own directories.

Bundled resources live in ``<checkout>/resources`` from a source checkout and in
``<bundle>/resources`` inside a PyInstaller bundle.  User data lives in platformdirs
locations unless overridden, in this order: ``--basedir DIR``, the ``SAFE_PASSAGE_BASEDIR``
environment variable, portable mode (a file named ``portable`` next to the executable, or
``--portable``), then platformdirs.  Nothing here touches the disk at import time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from desktop import APP_AUTHOR, APP_NAME

BASEDIR_ENV = "SAFE_PASSAGE_BASEDIR"
PORTABLE_MARKER = "portable"


def resources_dir() -> Path:
    """Return the folder of bundled resources (checkout or frozen bundle)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def content_sources_dir() -> Path:
    """Return the folder of content sources (TOML and Markdown)."""
    return resources_dir() / "content"


def bundled_content_db() -> Path:
    """Return the path of the content database that ships with the app."""
    return resources_dir() / "content.db"


def executable_dir() -> Path:
    """Return the folder holding the running executable (portable-mode marker lives here)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


class AppPaths(NamedTuple):
    """Where the user's own files go.  Directories are created on demand by ``ensure``."""

    config: Path
    data: Path
    cache: Path
    log: Path
    portable: bool = False

    @property
    def user_db(self) -> Path:
        """The user's database: checklist progress, own items, bookmarks, notes, settings."""
        return self.data / "user.db"

    @property
    def packs(self) -> Path:
        """Installed content packs (the active one and the previous one for rollback)."""
        return self.data / "packs"

    def ensure(self) -> AppPaths:
        """Create every directory (parents too) and return self."""
        for folder in (self.config, self.data, self.cache, self.log):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def under(cls, base: Path, *, portable: bool = False) -> AppPaths:
        """All user directories below one base directory."""
        base = Path(base).expanduser().resolve()
        return cls(base / "config", base / "data", base / "cache", base / "log", portable)


def app_paths(basedir: str | os.PathLike[str] | None = None, *, portable: bool = False,
              environ: dict[str, str] | None = None) -> AppPaths:
    """Resolve the user directories following the documented override order."""
    env = os.environ if environ is None else environ
    if basedir:
        return AppPaths.under(Path(basedir))
    if env.get(BASEDIR_ENV):
        return AppPaths.under(Path(env[BASEDIR_ENV]))
    if portable or (executable_dir() / PORTABLE_MARKER).is_file():
        return AppPaths.under(executable_dir() / "user-data", portable=True)
    import platformdirs  # (only here: a start with a base folder does without it)

    return AppPaths(
        config=platformdirs.user_config_path(APP_NAME, APP_AUTHOR),
        data=platformdirs.user_data_path(APP_NAME, APP_AUTHOR),
        cache=platformdirs.user_cache_path(APP_NAME, APP_AUTHOR),
        log=platformdirs.user_log_path(APP_NAME, APP_AUTHOR),
    )
