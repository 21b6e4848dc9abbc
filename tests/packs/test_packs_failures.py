"""Failures of the machine, not of the pack: a rename refused, a temporary folder that
cannot hold the database.  The messages must say what really happened."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packhelpers import active_version, tree

from desktop import cli
from desktop.packs import store
from desktop.packs.errors import PackInstallError, PackInterruptedError

ROOT = Path(__file__).resolve().parents[2]


def _refuse_rename(monkeypatch, call: int) -> None:
    """Make the ``call``-th folder rename fail as a busy or locked folder would."""
    real, count = store._move, [0]

    def move(source, target):
        count[0] += 1
        if count[0] == call:
            raise OSError(errno.EBUSY, "Device or resource busy", str(source))
        real(source, target)

    monkeypatch.setattr(store, "_move", move)


def test_first_rename_refused_on_import_says_nothing_changed(monkeypatch, pack_v1, pack_v2,
                                                             publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    before = tree(user_dirs.packs)
    _refuse_rename(monkeypatch, 1)
    with pytest.raises(PackInstallError) as refused:
        store.import_pack(pack_v2, user_dirs, publisher.trusted)
    assert not isinstance(refused.value, PackInterruptedError)
    assert "next time" not in str(refused.value)
    assert tree(user_dirs.packs) == before  # no staging copy left behind either
    monkeypatch.undo()
    assert active_version(user_dirs) == "test.1"


def test_later_rename_refused_on_import_is_finished_at_the_next_start(
        monkeypatch, pack_v1, pack_v2, publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    _refuse_rename(monkeypatch, 3)
    with pytest.raises(PackInterruptedError, match="next time the app starts"):
        store.import_pack(pack_v2, user_dirs, publisher.trusted)
    monkeypatch.undo()
    assert active_version(user_dirs) == "test.2"  # as promised


def test_first_rename_refused_on_rollback_says_nothing_changed(monkeypatch, pack_v1, pack_v2,
                                                               publisher, user_dirs):
    store.import_pack(pack_v1, user_dirs, publisher.trusted)
    store.import_pack(pack_v2, user_dirs, publisher.trusted)
    before = tree(user_dirs.packs)
    _refuse_rename(monkeypatch, 1)
    with pytest.raises(PackInstallError, match="nothing was changed") as refused:
        store.rollback(user_dirs)
    assert not isinstance(refused.value, PackInterruptedError)
    assert tree(user_dirs.packs) == before
    monkeypatch.undo()
    assert active_version(user_dirs) == "test.2"


def test_cli_import_message_after_a_refused_rename(monkeypatch, capsys, pack_v1, publisher,
                                                   user_dirs):
    _refuse_rename(monkeypatch, 1)
    code = cli.main(["pack", "import", str(pack_v1), "--keys", str(publisher.keys_dir)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1 and err[0].startswith("error:")
    assert "Nothing was changed." in err[0] and "next time" not in err[0]


LIMITED = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE,
                       (int(sys.argv[1]), resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    from desktop.cli import main
    sys.exit(main(sys.argv[2:]))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_verify_with_a_temporary_folder_that_cannot_hold_the_database(pack_v1, publisher,
                                                                      tmp_path):
    """Defect 10: 'OSError: No space left on device' as a traceback."""
    out = subprocess.run(
        [sys.executable, "-c", LIMITED, str(16 * 1024), "pack", "verify", str(pack_v1),
         "--keys", str(publisher.keys_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(tmp_path)})
    assert out.returncode != 0, out.stdout
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: The pack cannot be checked")
    assert str(tmp_path) in lines[0]
    assert list(tmp_path.iterdir()) == []  # the partial copy is gone


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("existing", [False, True])
def test_export_to_a_full_disk_names_the_pack_file(fixture_db, publisher, tmp_path, existing):
    """The error names the file asked for (not a hidden temporary one), and says the old
    file is unchanged only when there was one."""
    out = tmp_path / "out.sppack"
    if existing:
        out.write_bytes(b"the old pack")
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, str(16 * 1024), "pack", "export", "--out", str(out),
         "--key", str(publisher.private_path), "--db", str(fixture_db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(tmp_path)})
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == (f"error: Cannot write {out}: the disk is full or a file size limit "
                        "was reached. " + ("The file that was there is unchanged."
                                           if existing else "Nothing was written."))
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out.sppack"] if existing else [])
    if existing:
        assert out.read_bytes() == b"the old pack"
