"""Nothing below the Qt line imports PySide6; printing never imports QtWidgets."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop"
BELOW_THE_LINE = ["content", "storage", "search", "packs", "feeds", "pages", "geo", "paths.py",
                  "errors.py", "fsutil.py", "planner.py", "preflight.py", "preflight_packages.py",
                  "elf.py",
                  "services.py", "selftest.py", "cli.py", "__init__.py", "__main__.py"]


def imported_modules(path: Path) -> set[str]:
    """Every module name a file imports (at any depth, including inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def files(*parts: str) -> list[Path]:
    found = []
    for part in parts:
        target = PACKAGE / part
        found.extend(sorted(target.rglob("*.py")) if target.is_dir() else
                     [target] if target.exists() else [])
    return found


@pytest.mark.parametrize("path", files(*BELOW_THE_LINE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_below_the_line_never_imports_qt(path: Path) -> None:
    qt = {m for m in imported_modules(path) if m.split(".")[0] in ("PySide6", "shiboken6")}
    # cli.py starts the GUI and the printing sub-command lazily through other modules only.
    assert not qt, f"{path} imports {qt}"


@pytest.mark.parametrize("path", files("printing"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_printing_never_imports_widgets(path: Path) -> None:
    assert "PySide6.QtWidgets" not in imported_modules(path)


def test_widgets_only_in_ui_and_app() -> None:
    offenders = [p for p in PACKAGE.rglob("*.py")
                 if "PySide6.QtWidgets" in imported_modules(p)
                 and p.relative_to(PACKAGE).parts[0] not in ("ui", "app.py")]
    assert offenders == []


def test_only_paths_knows_about_frozen_bundles() -> None:
    users = [p for p in PACKAGE.rglob("*.py") if "_MEIPASS" in p.read_text(encoding="utf-8")]
    assert [p.name for p in users] == ["paths.py"]
