"""``safe-passage print`` as a subprocess: PDFs written, one-line errors, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(db: Path, base: Path, *args: str, display: str | None = None,
        platform: str | None = "offscreen") -> subprocess.CompletedProcess:
    env = {**os.environ, "SAFE_PASSAGE_BASEDIR": str(base)}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    if display is not None:
        env["DISPLAY"] = display
    if platform is not None:
        env["QT_QPA_PLATFORM"] = platform
    return subprocess.run([sys.executable, "-m", "desktop", "--content-db", str(db), "print",
                           *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=90, check=False)


@pytest.mark.parametrize(("args", "expect"), [
    (["checklist", "leaving"], "Cash in dollars or euros"),
    (["page", "contact", "us-embassy-moscow"], "Большой Девятинский переулок"),
    (["contacts", "--country", "RU"], "U.S. Embassy Moscow"),
    (["card"], "Мне нужен врач"),
])
def test_print_writes_pdf(fixture_db, tmp_path, read_pdf, args, expect):
    out = tmp_path / "out.pdf"
    result = run(fixture_db, tmp_path / "base", *args, "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (1 page)"
    pdf = read_pdf(out)
    assert pdf.raw.startswith(b"%PDF") and pdf.pages == 1
    assert pdf.has(expect)


def test_print_never_needs_the_display(fixture_db, tmp_path, read_pdf):
    # A DISPLAY nobody answers (a stale ssh -X session): Qt's xcb plugin would abort the
    # process; printing never shows a window, so it does not use the display at all.
    out = tmp_path / "out.pdf"
    result = run(fixture_db, tmp_path / "base", "card", "--pdf", str(out),
                 display=":9871", platform=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (1 page)"
    assert read_pdf(out).pages == 1


def test_print_letter_paper(fixture_db, tmp_path, read_pdf):
    out = tmp_path / "letter.pdf"
    result = run(fixture_db, tmp_path / "base", "card", "--paper", "Letter", "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert read_pdf(out).size() == (612, 792)


def test_print_bundled_checklist(bundled_db, tmp_path, read_pdf):
    out = tmp_path / "leaving.pdf"
    result = run(bundled_db, tmp_path / "base", "checklist", "leaving-now", "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert read_pdf(out).pages in (1, 2)


@pytest.mark.parametrize("args", [
    ["checklist", "no-such-list"],
    ["page", "route", "no-such-route"],
    ["contacts", "--country", "ZZ"],
])
def test_bad_id_is_one_error_line(fixture_db, tmp_path, args):
    out = tmp_path / "x.pdf"
    result = run(fixture_db, tmp_path / "base", *args, "--pdf", str(out))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_unwritable_path_fails_cleanly(fixture_db, tmp_path):
    blocker = tmp_path / "plain-file"
    blocker.write_text("a file, not a folder")
    result = run(fixture_db, tmp_path / "base", "checklist", "leaving",
                 "--pdf", str(blocker / "out.pdf"))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Cannot write"), result.stderr
