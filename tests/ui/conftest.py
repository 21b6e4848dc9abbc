"""UI test set-up: the main window over the fixture content, modal dialogs never block."""

from __future__ import annotations

from pathlib import Path

import pytest

UI_DIR = Path(__file__).resolve().parent
# The offscreen platform plugin warns about size hints it cannot pass to a window manager;
# that is noise of the test platform, not of the app.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if UI_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def window(services, qtbot):
    """The real main window over the fixture content, shown."""
    from desktop.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.notes.timer.stop()
