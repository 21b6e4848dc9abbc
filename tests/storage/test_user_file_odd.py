"""Something other than a file where the user's data file, its lock file or its folder
should be: the saved data is still shown when it can be read, and the message names what
is in the way (real files, FIFOs, folders and links; nothing mocked)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop.errors import UserDBError
from desktop.paths import AppPaths
from desktop.services import open_user
from desktop.storage.user_db import UserDB
from desktop.storage.user_file import lock_path

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlinks")


def _make(kind: str, where: Path) -> None:
    if kind == "folder":
        where.mkdir()
    elif kind == "fifo":
        os.mkfifo(where)
    elif kind == "link to nothing":
        where.symlink_to(where.parent / "gone" / "nothing")
    elif kind == "device":
        where.symlink_to("/dev/null")


@pytest.fixture
def saved(tmp_path: Path) -> AppPaths:
    """A user folder whose data file holds a note."""
    paths = AppPaths.under(tmp_path / "base")
    db = UserDB(paths.user_db)
    db.set_note("country", "RU", "the note I must not lose")
    db.close()
    return paths


@posix_only
@pytest.mark.parametrize("kind", ["folder", "fifo", "link to nothing"])
def test_an_unusable_lock_file_shows_the_data_read_only(saved: AppPaths, kind: str) -> None:
    """Before: 'Cannot open your data file …: Is a directory' and an empty temporary
    database; the saved note was hidden."""
    lock = lock_path(saved.user_db)
    lock.unlink()
    _make(kind, lock)
    before = saved.user_db.read_bytes()
    user, warnings = open_user(saved)
    try:
        assert user.read_only and user.note("country", "RU") == "the note I must not lose"
        assert len(warnings) == 1 and str(lock) in warnings[0]
        assert "can be read but not written" in warnings[0]
        with pytest.raises(UserDBError, match="not saved"):
            user.set_note("country", "RU", "")
    finally:
        user.close()
    assert saved.user_db.read_bytes() == before


@posix_only
@pytest.mark.parametrize(("kind", "said"), [("folder", "a folder"),
                                            ("fifo", "a FIFO"),
                                            ("device", "a device")])
def test_something_else_where_the_data_file_should_be_is_named(tmp_path: Path, kind: str,
                                                               said: str) -> None:
    """Before: 'the disk cannot be written: it may be full or read-only' for a FIFO or
    a device, and 'no permission, or its folder is gone' for a folder."""
    paths = AppPaths.under(tmp_path / "base")
    paths.data.mkdir(parents=True)
    _make(kind, paths.user_db)
    with pytest.raises(UserDBError) as caught:
        UserDB(paths.user_db)
    assert f"is {said}" in str(caught.value) and "not a file" in str(caught.value)
    user, warnings = open_user(paths)  # the app still starts, and says so
    user.close()
    assert len(warnings) == 1 and "will not be kept" in warnings[0]
    assert os.path.lexists(paths.user_db) and not paths.user_db.is_file()


@pytest.mark.parametrize("depth", [0, 1])
def test_a_file_where_the_data_folder_should_be_is_named(tmp_path: Path, depth: int) -> None:
    """Before: 'File exists' (the folder itself) or 'Not a directory' (one above it)."""
    base = tmp_path / "base"
    blocker = base / "data" if depth == 0 else base
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("mine")
    with pytest.raises(UserDBError) as caught:
        UserDB(AppPaths.under(base).user_db)
    assert f"{blocker} is a file, not a folder" in str(caught.value)
    assert blocker.read_text() == "mine"


@posix_only
def test_a_user_folder_whose_name_is_too_long_still_starts(tmp_path: Path,
                                                           fixture_db: Path) -> None:
    """A folder name longer than the file system allows (ENAMETOOLONG): before, looking
    for content packs there raised OSError, so every command and the window stopped with
    'File name too long'; now the content opens and the data file's problem is said."""
    from desktop.services import open_services

    paths = AppPaths.under(tmp_path / ("n" * 300))
    services = open_services(paths, content_db=fixture_db)
    try:
        assert services.content.path == fixture_db
        assert len(services.warnings) == 1
        assert "Cannot create the folder for your data" in services.warnings[0]
        assert "too long" in services.warnings[0]
    finally:
        services.close()
    default = open_services(paths)  # the documented order: packs, then the bundled content
    default.close()


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_folder_where_sqlite_keeps_its_own_files_is_named(saved: AppPaths,
                                                            suffix: str) -> None:
    """Before: 'the file cannot be opened (no permission, or its folder is gone)' or 'the
    disk cannot be written: it may be full or read-only' (the shared-memory file: no
    message, and changes went on); now the data is shown read-only and the folder named."""
    companion = saved.user_db.with_name(saved.user_db.name + suffix)
    if companion.exists():
        companion.unlink()
    companion.mkdir()
    user, warnings = open_user(saved)
    try:
        assert user.read_only and user.note("country", "RU") == "the note I must not lose"
        assert len(warnings) == 1 and f"{companion} beside it is a folder" in warnings[0]
    finally:
        user.close()
    assert companion.is_dir()
