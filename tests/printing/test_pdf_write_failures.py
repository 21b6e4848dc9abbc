"""Writing a PDF where it cannot be written whole: never reported as written, and the PDF
that was there before is kept.  Targets that are not regular files are refused."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop.printing import render

ROOT = Path(__file__).resolve().parents[2]

LIMITED = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE,
                       (int(sys.argv[1]), resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    from desktop.cli import main
    sys.exit(main(sys.argv[2:]))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_pdf_on_a_nearly_full_disk_is_not_reported_written(tmp_path: Path,
                                                            fixture_db: Path) -> None:
    """Defect 2: exit 0, "wrote … (1 page)", a truncated PDF over the good one.

    RLIMIT_FSIZE makes the kernel refuse every byte written past 20 KB of any file, as a
    nearly full disk would (the card is about 40 KB); no root or mount needed.
    """
    target = tmp_path / "card.pdf"
    old = b"%PDF-1.4 the good PDF printed yesterday\n%%EOF\n"
    target.write_bytes(old)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "QT_QPA_PLATFORM": "offscreen",
           "SAFE_PASSAGE_BASEDIR": str(tmp_path / "base")}
    out = subprocess.run([sys.executable, "-c", LIMITED, str(20 * 1024),
                          "--content-db", str(fixture_db), "print", "card", "--pdf",
                          str(target)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode != 0, out.stdout
    assert "wrote" not in out.stdout and "Traceback" not in out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "disk is full" in errors[0] and str(target) in errors[0]
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base", "card.pdf"]  # no temp


def test_pdf_onto_a_symlink_or_fifo_is_refused_and_nothing_changes(qapp, tmp_path: Path
                                                                   ) -> None:
    real = tmp_path / "real.txt"
    real.write_text("not a PDF, and must stay so")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for target, kind in ((link, "symbolic link"), (fifo, "FIFO"), (tmp_path, "folder"),
                         ("", "No file name")):
        start = time.perf_counter()
        with pytest.raises(render.PrintError, match=kind):
            render.export_pdf("<p>x</p>", target)
        assert time.perf_counter() - start < 5
    assert link.is_symlink() and real.read_text() == "not a PDF, and must stay so"
    assert fifo.exists() and not fifo.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.pdf", "pipe.pdf", "real.txt"]


def test_a_device_target_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    from desktop.fsutil import FileWriteError, check_target

    with pytest.raises(FileWriteError, match="a device"):
        check_target(os.devnull)  # only looked at, never opened


def test_pdf_replaces_a_regular_file_completely(qapp, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    assert render.export_pdf("<h1>Hello</h1>", target, title="t") == 1
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
