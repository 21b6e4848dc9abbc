"""A crash between any two steps of an import or rollback leaves usable content, and the
recovery step (run by import, rollback, status and services.open_content) finishes it."""

from __future__ import annotations

import shutil

import pytest
from packhelpers import active_version, tree

from desktop.packs import store
from desktop.services import open_content


class SimulatedCrash(BaseException):
    """The process 'dies' here (BaseException: no cleanup code catches it)."""


def _crash_on(monkeypatch, call: int) -> list[tuple[str, str]]:
    """Make the ``call``-th folder rename crash instead of happening; log the renames."""
    moves: list[tuple[str, str]] = []
    real = store._move

    def move(source, target):
        moves.append((source.name, target.name))
        if len(moves) == call:
            raise SimulatedCrash
        real(source, target)

    monkeypatch.setattr(store, "_move", move)
    return moves


def _names(paths) -> list[str]:
    return sorted(p.name for p in paths.packs.iterdir())


def _versions(paths) -> tuple[str | None, str | None]:
    current = store.installed_manifest(paths.packs / store.CURRENT)
    previous = store.installed_manifest(paths.packs / store.PREVIOUS)
    return (current and current.content_version, previous and previous.content_version)


@pytest.fixture
def v1_active_v2_previous(pack_v1, pack_v2, publisher, user_dirs):
    """current = test.1, previous = test.2 (import both, roll back)."""
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    store.import_pack(pack_v2, user_dirs, publisher.trusted)
    store.rollback(user_dirs)
    assert _versions(user_dirs) == ("test.1", "test.2")
    return user_dirs


@pytest.mark.parametrize("call", [1, 2, 3, 4])
def test_crash_during_import(call, monkeypatch, v1_active_v2_previous, pack_v2, publisher):
    paths = v1_active_v2_previous
    moves = _crash_on(monkeypatch, call)
    with pytest.raises(SimulatedCrash):
        store.import_pack(pack_v2, paths, publisher.trusted)
    steps = [("staging-", "incoming"), ("previous", "retired-"), ("current", "previous"),
             ("incoming", "current")]
    assert len(moves) == call
    for (source, target), (want_source, want_target) in zip(moves, steps, strict=False):
        assert source.startswith(want_source) and target.startswith(want_target)
    monkeypatch.undo()
    # Starting the app recovers: before the first rename the old pack stays, after it the
    # (complete, verified) new pack is rolled forward.
    expected = "test.1" if call == 1 else "test.2"
    assert active_version(paths) == expected
    assert _names(paths) == ["current", "previous"]
    assert store.verify_installed(paths, publisher.trusted).content_version == expected
    if call > 1:
        assert _versions(paths) == ("test.2", "test.1")


@pytest.mark.parametrize("call", [1, 2, 3])
def test_crash_during_rollback(call, monkeypatch, v1_active_v2_previous, publisher):
    paths = v1_active_v2_previous
    _crash_on(monkeypatch, call)
    with pytest.raises(SimulatedCrash):
        store.rollback(paths)
    monkeypatch.undo()
    expected = "test.1" if call == 1 else "test.2"
    assert active_version(paths) == expected
    assert _names(paths) == ["current", "previous"]
    assert sorted(_versions(paths)) == ["test.1", "test.2"]
    assert store.verify_installed(paths, publisher.trusted).content_version == expected


def test_crash_while_copying_leaves_a_staging_folder(monkeypatch, pack_v1, pack_v2,
                                                     publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    before = tree(user_dirs.packs)
    staging = user_dirs.packs / "staging-dead"
    staging.mkdir()
    (staging / "content.db").write_bytes(b"half a datab")
    assert store.recover(user_dirs) == ["removed the unfinished copy staging-dead"]
    assert tree(user_dirs.packs) == before
    assert active_version(user_dirs) == "test.1"


def _stage_incoming(paths, pack, publisher, tmp_path):
    """A complete 'incoming' folder made as the import makes it (another basedir)."""
    from desktop.paths import AppPaths

    other = AppPaths.under(tmp_path / "other")
    store.import_pack(pack, other, publisher.trusted)
    shutil.copytree(other.packs / "current", paths.packs / "incoming")


@pytest.mark.parametrize("state", ["before-rotation", "previous-retired",
                                   "current-moved"])
def test_recovery_finishes_a_half_done_import(state, pack_v1, pack_v2, publisher,
                                               user_dirs, tmp_path):
    paths = user_dirs
    store.import_pack(pack_v1, paths, publisher.trusted)
    _stage_incoming(paths, pack_v2, publisher, tmp_path)
    if state == "previous-retired":
        shutil.copytree(paths.packs / "current", paths.packs / "retired-x")
    if state == "current-moved":
        (paths.packs / "current").rename(paths.packs / "previous")
    # The app starts: open_content runs the recovery first.
    content, warnings = open_content(paths)
    try:
        assert content.meta["content_version"] == "test.2"
        assert warnings == []
    finally:
        content.close()
    assert _names(paths) == ["current", "previous"]
    assert _versions(paths) == ("test.2", "test.1")


@pytest.mark.parametrize("state", ["current-moved-out", "previous-moved-in"])
def test_recovery_finishes_a_half_done_rollback(state, v1_active_v2_previous):
    paths = v1_active_v2_previous
    (paths.packs / "current").rename(paths.packs / "outgoing")
    if state == "previous-moved-in":
        (paths.packs / "previous").rename(paths.packs / "current")
    assert "finished a rollback" in store.recover(paths)
    assert _versions(paths) == ("test.2", "test.1")
    assert _names(paths) == ["current", "previous"]


def test_recovery_with_nothing_to_do_writes_nothing(user_dirs, pack_v1, publisher):
    assert store.recover(user_dirs) == []
    assert not user_dirs.data.exists()
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    before = tree(user_dirs.data)
    assert store.recover(user_dirs) == []
    assert tree(user_dirs.data) == before


def test_recovery_waits_for_a_running_import(user_dirs, pack_v1, publisher):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    (user_dirs.packs / "staging-busy").mkdir()
    with store._locked(user_dirs):
        assert store.recover(user_dirs) == []  # someone else is writing it
        assert (user_dirs.packs / "staging-busy").is_dir()
    assert store.recover(user_dirs) == ["removed the unfinished copy staging-busy"]


def test_a_failed_rename_is_reported_and_finished_later(monkeypatch, v1_active_v2_previous,
                                                        pack_v2, publisher):
    from desktop.packs.errors import PackInterruptedError

    paths = v1_active_v2_previous
    real = store._move
    calls: list[str] = []

    def move(source, target):  # e.g. Windows refusing to rename a folder in use
        calls.append(target.name)
        if target.name == "previous" and source.name == "current":
            raise PermissionError(13, "in use by another program")
        real(source, target)

    monkeypatch.setattr(store, "_move", move)
    with pytest.raises(PackInterruptedError, match="finished the next time the app starts"):
        store.import_pack(pack_v2, paths, publisher.trusted)
    monkeypatch.undo()
    assert "incoming" in _names(paths)
    assert active_version(paths) == "test.2"  # the next start finishes the import
    assert _versions(paths) == ("test.2", "test.1")
