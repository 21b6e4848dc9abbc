"""Smoke tests for the PyInstaller bundle (qutebrowser's frozen smoke test idea).

The ``frozen`` tests run only with ``--frozen-binary PATH``, for example after ``make dist``:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/test_frozen_smoke.py \
        --frozen-binary dist/safe-passage/safe-passage

The plain tests check, without a build, that build.spec bundles resources/ as the app expects.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import APP_NAME, __version__
from desktop.geo.atlas import CHECKS, DISPLAY
from desktop.paths import resources_dir

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
BUNDLE_BUDGET_BYTES = 110_000_000  # DESIGN.md: one-folder bundle <= 110 MB (decimal)

# stderr lines that are not a problem (none so far; add narrow patterns with a reason)
EXPECTED_STDERR: list[re.Pattern[str]] = []


@pytest.fixture
def binary(request: pytest.FixtureRequest) -> Path:
    path = Path(request.config.getoption("--frozen-binary")).resolve()
    assert path.is_file(), f"no frozen binary at {path}"
    return path


def _run(binary: Path, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFE_PASSAGE_", "QT_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(tmp_path / "home")  # nothing may land in the real home folder
    return subprocess.run([str(binary), *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)


def _unexpected(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(p.search(line) for p in EXPECTED_STDERR)]


@pytest.mark.frozen
def test_version(binary: Path, tmp_path: Path) -> None:
    result = _run(binary, "--version", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"
    assert _unexpected(result.stderr) == []


@pytest.mark.frozen
def test_self_test(binary: Path, tmp_path: Path) -> None:
    base = tmp_path / "base"
    result = _run(binary, "--self-test", "--basedir", str(base), tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    assert _unexpected(result.stderr) == []
    assert (base / "data" / "user.db").is_file()
    assert not (tmp_path / "home").exists()


@pytest.mark.frozen
def test_self_test_gui_starts_the_platform(binary: Path, tmp_path: Path) -> None:
    """--self-test --gui runs the bundle again as its platform probe (desktop/preflight.py)."""
    result = _run(binary, "--self-test", "--gui", "--basedir", str(tmp_path / "base"),
                  tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("window platform: offscreen")
    assert _unexpected(result.stderr) == []


@pytest.mark.frozen
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux pre-flight")
def test_no_display_is_said_not_aborted(binary: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SAFE_PASSAGE_", "QT_")) and k not in (
               "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
    env["HOME"] = str(tmp_path / "home")
    result = subprocess.run([str(binary), "--basedir", str(tmp_path / "base")], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 3, result.stderr  # preflight.EXIT_CODE
    assert result.stderr.startswith("Safe Passage cannot open its window: no display was found")


@pytest.mark.frozen
def test_bundle_within_budget(binary: Path) -> None:
    bundle = binary.parent
    size = sum(p.lstat().st_size for p in bundle.rglob("*") if not p.is_symlink())
    assert size <= BUNDLE_BUDGET_BYTES, f"bundle is {size / 1e6:.1f} MB (> 110 MB)"


@pytest.mark.frozen
def test_bundle_has_resources_but_not_sources(binary: Path) -> None:
    resources = binary.parent / "_internal" / "resources"
    if not resources.is_dir():  # macOS .app or a PyInstaller without _internal
        resources = next(binary.parent.rglob("resources"))
    assert (resources / "content.db").is_file()
    assert not (resources / "content").exists(), "content sources belong out of the bundle"
    assert (resources / "geo" / DISPLAY).is_file() and (resources / "geo" / "LICENSE").is_file()
    assert not (resources / "geo" / CHECKS).exists(), "only the content build reads it"
    assert not (resources / "geo" / "README.md").exists()


def test_resource_folders_exist() -> None:
    for name in ("icons", "keys"):
        assert (resources_dir() / name).is_dir(), f"resources/{name} is missing"


def test_spec_bundles_resources_and_builds_content() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert '"resources"' in spec
    assert "desktop/__main__.py" in spec or '"desktop" / "__main__.py"' in spec
    assert "is_stale" in spec and "content.db" in spec
    assert '"tkinter"' in spec and "QT_EXCLUDED" in spec


def test_spec_resource_datas_cover_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file under resources/ except the content sources and what only maintainers
    and the content build read goes into the bundle."""
    pytest.importorskip("PyInstaller")
    namespace = {"SPECPATH": str(ROOT), "__name__": "build_spec_datas"}
    spec = SPEC.read_text(encoding="utf-8")
    head = spec[:spec.index("# --- 4.")]  # name, version, content DB, datas: no Analysis
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec inserts the project root
    db = resources_dir() / "content.db"
    if not db.is_file():
        pytest.skip(f"{db} is not built (make content)")
    monkeypatch.delenv("SAFE_PASSAGE_BUNDLE_DB", raising=False)
    monkeypatch.setattr("desktop.content.build.is_stale", lambda *a: False)
    exec(compile(head, str(SPEC), "exec"), namespace)  # our own spec file
    bundled = {str(Path(dest) / Path(src).name) for src, dest in namespace["DATAS"]}
    assert str(Path("resources") / "content.db") in bundled
    left_out = {Path("README.md"), Path("geo") / "README.md", Path("geo") / CHECKS}
    assert namespace["SKIP_FILES"] == left_out
    for path in resources_dir().rglob("*"):
        rel = path.relative_to(resources_dir())
        if (path.is_file() and rel.parts[0] != "content" and not path.name.startswith(".")
                and rel not in left_out and not path.name.endswith((".db-wal", ".db-shm"))):
            assert str(Path("resources") / rel) in bundled, f"{rel} is not bundled"
    assert not {str(Path("resources") / rel) for rel in left_out} & bundled
    assert not any("/content/" in d.replace("\\", "/") + "/" for d in
                   (dest for _, dest in namespace["DATAS"])), "content sources are bundled"
    assert namespace["VERSION"] == __version__


def test_spec_finds_every_qt_module_imported(tmp_path: Path) -> None:
    """A 'from PySide6 import QtSvg' followed by another import line still counts QtSvg
    (the modules not found are left out of the bundle)."""
    spec = SPEC.read_text(encoding="utf-8")
    scan = spec[spec.index("QT_USED = {"):spec.index("# SVG icons need QtSvg")]
    (tmp_path / "desktop").mkdir()
    (tmp_path / "desktop" / "m.py").write_text(
        "from PySide6 import QtSvg\nfrom PySide6.QtCore import Qt\n"
        "from PySide6 import (\n    QtNetwork,\n    QtSql,\n)\n", encoding="utf-8")
    namespace = {"ROOT": tmp_path, "re": re}
    exec(compile(scan, str(SPEC), "exec"), namespace)  # our own spec file
    assert namespace["QT_USED"] == {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport",
                                    "QtSvg", "QtNetwork", "QtSql"}
