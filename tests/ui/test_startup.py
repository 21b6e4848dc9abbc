"""What start-up leaves out until it is needed (DESIGN.md: start-up within 1.5 × a bare
window), checked in a fresh process started as ``python -m desktop`` is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListView, QToolBar

from desktop.ui.lazy_qt import set_props

ROOT = Path(__file__).resolve().parents[2]
# Runs the app as ``python -m desktop`` does, to its first paint; at exit, says what was made.
STARTED = r"""
import atexit, builtins, gc, json, runpy, sys
def report():
    from PySide6 import QtCore, QtGui, QtWidgets
    print(json.dumps({
        "qt_namespace": "Qt" in QtCore.__dict__,
        "collector_on": gc.isenabled(), "frozen": gc.get_freeze_count(),
        "modules": sorted(sys.modules),
        "feature_hook": builtins.__import__ is getattr(builtins, "__feature_import__", None),
        "qt_types": sorted(n for m in (QtCore, QtGui, QtWidgets) for n in m.__dict__),
    }))
atexit.register(report)
sys.argv = ["desktop", *sys.argv[1:]]
runpy.run_module("desktop", run_name="__main__", alter_sys=True)
"""


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory, fixture_db: Path) -> dict:
    base = tmp_path_factory.mktemp("startup")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SAFE_PASSAGE_EXIT_AFTER_PAINT": "1"}
    argv = [sys.executable, "-c", STARTED, "--basedir", str(base), "--content-db",
            str(fixture_db)]
    # The first start makes the user's data file (its migrations load more); the second is
    # the start of every day, as the benchmark times it.
    subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=120, check=True)
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "painted"
    return json.loads(lines[-1])


def test_start_up_does_not_make_the_qt_namespace(started: dict) -> None:
    """Naming anything in ``Qt`` makes all its enums (~20 ms): not before the first paint."""
    assert started["qt_namespace"] is False


@pytest.mark.parametrize("module", [
    "desktop.pages.help", "desktop.printing.no_resources", "desktop.ui.page_access",
    "desktop.ui.result_delegate", "desktop.search.engine", "desktop.ui.planner",
    "desktop.ui.models",
    "html", "locale",  # html.escape's entity table; argparse's messages
])
def test_start_up_leaves_out_what_the_first_page_does_not_use(started: dict,
                                                              module: str) -> None:
    assert module not in started["modules"]


@pytest.mark.parametrize("qt_type", ["QMessageBox", "QDesktopServices", "QTextTable",
                                     "QAbstractItemModel", "QStyle"])
def test_start_up_does_not_make_qt_types_it_does_not_use(started: dict, qt_type: str) -> None:
    """Each PySide class makes its Python type and all its enums when first named."""
    assert qt_type not in started["qt_types"]


def test_start_up_imports_without_pysides_feature_hook(started: dict) -> None:
    """The hook reads the source of every module imported after PySide (~7 ms)."""
    assert started["feature_hook"] is False
    assert "desktop.ui.main_window" in started["modules"]


def test_the_feature_hook_is_left_alone_when_it_is_not_pysides(monkeypatch) -> None:
    import builtins

    from desktop.app import without_feature_hook

    def other(*args, **kwargs):  # someone else's import hook
        return original(*args, **kwargs)

    original = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", other)
    without_feature_hook()
    assert builtins.__import__ is other


def test_the_collector_is_on_once_the_window_is_up(started: dict) -> None:
    assert started["collector_on"] is True
    assert started["frozen"] > 10_000  # what start-up made is out of its rounds


def test_properties_set_by_name_are_qt_values(qtbot) -> None:
    label, bar, view = QLabel(), QToolBar(), QListView()
    for widget in (label, bar, view):
        qtbot.addWidget(widget)
    set_props(label, textFormat="RichText",
              textInteractionFlags="LinksAccessibleByMouse|LinksAccessibleByKeyboard")
    set_props(bar, toolButtonStyle="ToolButtonTextBesideIcon")
    set_props(view, horizontalScrollBarPolicy="ScrollBarAlwaysOff", focusPolicy="TabFocus")
    assert label.textFormat() == Qt.TextFormat.RichText
    assert label.textInteractionFlags() == (Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert view.focusPolicy() == Qt.FocusPolicy.TabFocus


@pytest.mark.parametrize("values", [{"textFormat": "Plain"}, {"textFromat": "PlainText"}])
def test_a_wrong_property_name_or_key_is_an_error(qtbot, values: dict) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match="no property"):
        set_props(label, **values)
    assert label.textFormat() == Qt.TextFormat.AutoText


def test_roles_by_value_are_qt_roles() -> None:
    from desktop.ui import models

    assert Qt.ItemDataRole.DisplayRole == models.DISPLAY_ROLE
    assert Qt.ItemDataRole.UserRole == models.USER_ROLE


def test_the_lazy_namespace_is_qts() -> None:
    from desktop.ui import lazy_qt

    assert lazy_qt.Qt.Key.Key_Escape is Qt.Key.Key_Escape


def test_what_is_set_by_name_holds_in_the_window(window) -> None:
    """The window's parts made without naming ``Qt`` are as they were with it."""
    from PySide6.QtWidgets import QToolBar, QToolButton

    assert window.splitter.orientation() == Qt.Orientation.Horizontal
    tools = window.findChild(QToolBar, "navigation")
    assert tools.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert all(tools.widgetForAction(a).focusPolicy() == Qt.FocusPolicy.TabFocus
               for a in tools.actions())
    assert window.sections_pane.sections.verticalScrollBarPolicy() == \
        Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert window.search.results.horizontalScrollBarPolicy() == \
        Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert window.search.note.textFormat() == Qt.TextFormat.PlainText
    assert window.search.steps.textFormat() == Qt.TextFormat.RichText
    assert window.banner.label.textFormat() == Qt.TextFormat.PlainText
    clear = window.search.field.findChildren(QToolButton)
    assert clear and all(b.focusPolicy() == Qt.FocusPolicy.TabFocus for b in clear)
