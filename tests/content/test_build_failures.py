"""The content build on a disk that cannot take it, and the file it leaves: one readable
error (never a traceback), the old database unchanged, no temporary files left, and a
new database readable by everyone like any other file the app writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.content.build import build

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "content"
LIMIT = 64 * 1024  # bytes any one file may grow to; the fixture's database is ~200 KB

# Runs one entry point in a process that cannot write past LIMIT bytes of any file, with
# the bundled content's paths pointed at the test's folder.  RLIMIT_FSIZE fails every
# write beyond the limit (EFBIG) as a full disk fails them; it needs no root and no mount.
LIMITED = textwrap.dedent("""
    import json, resource, signal, sys
    from pathlib import Path
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE,
                       (int(sys.argv[1]), resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    import desktop.paths
    base = Path(sys.argv[2])
    desktop.paths.content_sources_dir = lambda: base / "content"
    desktop.paths.bundled_content_db = lambda: base / "content.db"
    what = sys.argv[3]
    if what == "cli":
        from desktop.cli import main
        sys.exit(main(sys.argv[4:]))
    if what == "build":
        from desktop.content.build import main
        sys.exit(main([]))
    from desktop.errors import ContentDBError
    from desktop.services import ensure_bundled_db
    warnings = []
    try:
        print(json.dumps({"db": str(ensure_bundled_db(warnings)), "warnings": warnings}))
    except ContentDBError as exc:
        print(json.dumps({"error": str(exc)}))
""")

needs_rlimit = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")


def run_limited(base: Path, what: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LIMITED, str(LIMIT), str(base), what, *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def stale_checkout(base: Path, *, built: bool) -> bytes | None:
    """A checkout's content folder, newer than its database (when ``built``)."""
    base.mkdir()
    old = None
    if built:
        build(FIXTURE, base / "content.db")
        old = (base / "content.db").read_bytes()
        os.utime(base / "content.db", (1_000_000, 1_000_000))  # older than any source
    shutil.copytree(FIXTURE, base / "content")
    return old


def one_error_line(out: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in out.stderr, out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1, out.stderr
    return errors[0]


def leftovers(folder: Path, *expected: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


@needs_rlimit
def test_a_full_disk_during_safe_passage_build_is_one_error_line(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    build(FIXTURE, out_dir / "content.db")
    before = (out_dir / "content.db").read_bytes()
    out = run_limited(tmp_path, "cli", "build", "--source", str(FIXTURE),
                      "--out", str(out_dir / "content.db"))
    assert out.returncode == 2
    error = one_error_line(out)
    assert str(out_dir / "content.db") in error and "disk" in error
    assert "unchanged" in error
    assert (out_dir / "content.db").read_bytes() == before
    assert leftovers(out_dir, "content.db") == []


@needs_rlimit
def test_a_full_disk_during_the_bundled_build_is_one_error_line(tmp_path: Path) -> None:
    stale_checkout(tmp_path / "base", built=False)
    out = run_limited(tmp_path / "base", "build")
    assert out.returncode == 1
    assert "disk" in one_error_line(out)
    assert leftovers(tmp_path / "base", "content") == []


@needs_rlimit
def test_a_failed_rebuild_at_start_up_falls_back_to_the_older_database(tmp_path: Path
                                                                       ) -> None:
    base = tmp_path / "base"
    before = stale_checkout(base, built=True)
    out = run_limited(base, "start")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    seen = json.loads(out.stdout)
    assert seen["db"] == str(base / "content.db")
    assert len(seen["warnings"]) == 1 and "could not be rebuilt" in seen["warnings"][0]
    assert "disk" in seen["warnings"][0]
    assert (base / "content.db").read_bytes() == before
    assert leftovers(base, "content", "content.db") == []


@needs_rlimit
def test_a_failed_first_build_at_start_up_is_a_content_error(tmp_path: Path) -> None:
    stale_checkout(tmp_path / "base", built=False)
    out = run_limited(tmp_path / "base", "start")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert "could not be built" in json.loads(out.stdout)["error"]


def test_sources_that_no_longer_build_fall_back_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.paths
    from desktop.services import ensure_bundled_db

    base = tmp_path / "base"
    before = stale_checkout(base, built=True)
    (base / "content" / "countries.toml").write_text("[[country]]\nid = 'nope'\n")
    monkeypatch.setattr(desktop.paths, "content_sources_dir", lambda: base / "content")
    monkeypatch.setattr(desktop.paths, "bundled_content_db", lambda: base / "content.db")
    warnings: list[str] = []
    assert ensure_bundled_db(warnings) == base / "content.db"
    assert len(warnings) == 1 and "countries.toml" in warnings[0]
    assert (base / "content.db").read_bytes() == before


def test_the_built_database_gets_the_usual_permissions(tmp_path: Path) -> None:
    """Like every file the app writes (0666 less the umask), not mkstemp's 0600."""
    old = os.umask(0o022)
    try:
        build(FIXTURE, tmp_path / "content.db")
    finally:
        os.umask(old)
    assert (tmp_path / "content.db").stat().st_mode & 0o777 == 0o644
    assert leftovers(tmp_path, "content.db") == []
