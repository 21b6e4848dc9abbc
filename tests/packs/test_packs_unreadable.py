"""A pack file that stops being readable while it is read (a USB stick pulled out).

The pack is a real file; only its reads are made to fail, as the kernel fails them when
the device goes away (EIO), from a chosen moment on (``packhelpers.Pulled``).  Every such
failure must be a ``PackUnreadableError`` that names the pack file, never a raw
``OSError`` nor a complaint about the temporary folder, and nothing under ``packs/`` may
change.  A crash left half done that cannot be finished is a ``PackInterruptedError``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from packhelpers import Pulled, active_version, data_region, tree

from desktop import cli
from desktop.packs import status as pack_status
from desktop.packs import store
from desktop.packs.errors import PackInterruptedError, PackUnreadableError
from desktop.packs.pack import DB_NAME, MANIFEST_NAME, verify_pack


def assert_names_the_pack(exc: BaseException, pack: Path) -> None:
    text = str(exc)
    assert isinstance(exc, PackUnreadableError), repr(exc)
    assert str(pack) in text and os.strerror(errno.EIO) in text, text
    assert "temporary folder" not in text


def test_verify_when_the_manifest_cannot_be_read(monkeypatch, pack_v1, publisher):
    pulled = Pulled(monkeypatch, pack_v1, data_region(pack_v1, MANIFEST_NAME))
    with pytest.raises(PackUnreadableError) as refused:
        verify_pack(pack_v1, publisher.trusted)
    assert pulled.failed
    assert_names_the_pack(refused.value, pack_v1)


def test_verify_when_the_database_stops_reading(monkeypatch, pack_v1, publisher):
    pulled = Pulled(monkeypatch, pack_v1, data_region(pack_v1, DB_NAME), from_open=2)
    with pytest.raises(PackUnreadableError) as refused:
        verify_pack(pack_v1, publisher.trusted)
    assert pulled.failed
    assert_names_the_pack(refused.value, pack_v1)


@pytest.mark.parametrize("from_open", [2, 3])
def test_import_when_the_pack_stops_reading_changes_nothing(monkeypatch, pack_v1, pack_v2,
                                                            publisher, user_dirs, from_open):
    """The first pass (size and hash) or the copy into staging loses the file."""
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    before = tree(user_dirs.packs)
    pulled = Pulled(monkeypatch, pack_v2, data_region(pack_v2, DB_NAME), from_open)
    with pytest.raises(PackUnreadableError) as refused:
        store.import_pack(pack_v2, user_dirs, publisher.trusted)
    assert pulled.opened == from_open
    assert pulled.failed
    assert_names_the_pack(refused.value, pack_v2)
    assert tree(user_dirs.packs) == before  # no staging copy left behind
    monkeypatch.undo()
    assert active_version(user_dirs) == "test.1"


def test_cli_verify_of_an_unreadable_pack_is_one_line(monkeypatch, capsys, pack_v1,
                                                      publisher):
    Pulled(monkeypatch, pack_v1, data_region(pack_v1, MANIFEST_NAME))
    code = cli.main(["pack", "verify", str(pack_v1), "--keys", str(publisher.keys_dir)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == cli.EXIT_ERROR and len(err) == 1
    assert err[0].startswith(f"error: The pack file {pack_v1} cannot be read")


# --- recovery that cannot be finished before a new import or rollback ----------------------

def _interrupted_import(monkeypatch, pack_v1, pack_v2, publisher, user_dirs) -> None:
    """Leave a complete pack waiting in 'incoming' (the third rename failed)."""
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    real, count = store._move, [0]

    def move(source, target):
        count[0] += 1
        if count[0] == 3:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(source))
        real(source, target)

    monkeypatch.setattr(store, "_move", move)
    with pytest.raises(PackInterruptedError):
        store.import_pack(pack_v2, user_dirs, publisher.trusted)
    monkeypatch.setattr(store, "_move", _refused)


def _refused(source, target):
    raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(source))


@pytest.mark.parametrize("action", ["import", "rollback", "status"])
def test_recovery_that_cannot_finish_is_a_pack_error(monkeypatch, pack_v1, pack_v2,
                                                     publisher, user_dirs, action):
    _interrupted_import(monkeypatch, pack_v1, pack_v2, publisher, user_dirs)
    assert (user_dirs.packs / store.INCOMING).is_dir()
    if action == "status":
        said = pack_status.status(user_dirs)["warning"]
    else:
        with pytest.raises(PackInterruptedError) as refused:
            if action == "import":
                store.import_pack(pack_v1, user_dirs, publisher.trusted, allow_older=True)
            else:
                store.rollback(user_dirs)
        said = str(refused.value)
    assert "next time the app starts" in said
    assert os.strerror(errno.EBUSY) in said
    monkeypatch.undo()
    assert active_version(user_dirs) == "test.2"  # finished by the next start, as promised
