"""A window a person in a hurry can use: it fits a small screen, one text size reaches
every widget, each shortcut does one thing, and every theme keeps text readable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from desktop.pages.screen import PAGE_COLOURS
from desktop.ui.theme import THEMES, colours

FIT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop.paths import AppPaths
    from desktop.services import open_services
    from desktop.ui.main_window import MainWindow
    services = open_services(AppPaths.under(sys.argv[1]), content_db=Path(sys.argv[2]))
    window = MainWindow(services)
    window.show()
    app.processEvents()
    screen = app.primaryScreen().availableGeometry()
    frame = window.frameGeometry()
    status = window.statusBar()
    print(json.dumps({
        "inside": screen.contains(frame), "frame": [frame.width(), frame.height()],
        "status_visible": status.isVisible() and screen.contains(
            status.mapToGlobal(status.rect().bottomRight())),
        "page_width": window.page.width(), "side": window.splitter.sizes()[0]}))
    window.close()
    services.close()
""")


def test_window_fits_a_1024_by_600_screen(tmp_path, fixture_db):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "small", "x": 0, "y": 0, "width": 1024, "height": 600, "logicalDpi": 96,
        "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run([sys.executable, "-c", FIT, str(tmp_path / "base"),
                           str(fixture_db)], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    fit = json.loads(done.stdout.strip().splitlines()[-1])
    assert fit["inside"], fit
    assert fit["status_visible"], fit
    assert fit["page_width"] >= 600 and 0 < fit["side"] <= 330, fit


def test_window_remembers_its_size_and_place(services, qtbot):
    from desktop.ui.main_window import MainWindow

    first = MainWindow(services)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.close()
    again = MainWindow(services)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (700, 500)


def test_side_pane_folds_away_and_back(window):
    window.toggle_side_pane()
    assert window.splitter.sizes()[0] == 0
    window.toggle_side_pane()
    assert window.splitter.sizes()[0] > 0 and window.search.field.hasFocus()


def test_one_text_size_reaches_every_widget(window, services):
    base = QApplication.instance().property("sp_base_point_size")
    window.change_font_scale(1.0)  # 100 % -> 200 %
    assert services.user.settings().font_scale == 2.0
    window.show_planner()
    QApplication.processEvents()
    small = [w for w in window.findChildren(QWidget)
             if isinstance(w, (QLabel, QAbstractButton)) or w.metaObject().className() in (
                 "QListWidget", "QListView", "QTableView", "QLineEdit", "QComboBox",
                 "QPlainTextEdit", "QMenuBar")
             if w.font().pointSizeF() < base * 2 * 0.85]
    assert small == []
    assert window.menuBar().font().pointSizeF() == pytest.approx(base * 2)
    assert window.page.document().defaultFont().pointSizeF() == pytest.approx(22.0)
    window.change_font_scale(0)


def test_every_shortcut_does_one_thing(window):
    seen: dict[str, str] = {}
    for action in window.findChildren(type(window.actions_["print"])):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text}: {seen.get(text)} and {action.text()}"
            seen[text] = action.text()
    assert {"Ctrl+P", "F1", "Ctrl+K", "Alt+Left", "F9"} <= set(seen)


def test_help_page_lists_the_shortcuts(window):
    window.actions_["help"].trigger()
    assert window.location == ("help", "")
    text = window.page.toPlainText()
    assert "How to use Safe Passage" in text and "Keyboard shortcuts" in text
    assert "Ctrl+P" in text or "Ctrl+P".replace("Ctrl", "⌘") in text
    assert window.windowTitle().startswith("Help")


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    q = QColor(colour)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", list(THEMES))
def test_theme_text_contrast(theme):
    need = 7.0 if theme == "high-contrast" else 4.5  # WCAG AAA / AA for body text
    c = colours(theme)
    pairs = {"text/window": (c["text"], c["window"]), "text/base": (c["text"], c["base"]),
             "muted/base": (c["muted"], c["base"]), "link/base": (c["link"], c["base"]),
             "closed route/base": (c["closed"], c["base"]),
             "closed route/alternate row": (c["closed"], c["alt"]),
             "muted/alternate row": (c["muted"], c["alt"]),
             "selection": (c["hl_text"], c["highlight"]),
             "banner": (c["banner_text"], c["banner"]),
             "disabled/window": (c["disabled"], c["window"])}
    page = PAGE_COLOURS[theme]
    pairs.update({"page text": (page["text"], page["bg"]), "page muted": (page["muted"],
                                                                          page["bg"]),
                  "page link": (page["link"], page["bg"]),
                  "dated note": (page["warn_fg"], page["warn_bg"])})
    low = {name: round(contrast(*pair), 2) for name, pair in pairs.items()
           if contrast(*pair) < need}
    assert low == {}
    # every control's outline and the focus ring stand out from the background
    assert contrast(c["border"], c["base"]) >= 3.0
    assert contrast(c["focus"], c["base"]) >= 3.0
