"""The child process of ``safe-passage --self-test --gui``: start Qt's windowing platform.

Run as ``safe-passage --platform-probe``.  Creating the QGuiApplication loads the platform
plugin and connects to the display, which is where Qt aborts when it cannot; the parent
(desktop/preflight.py) turns such an abort into a readable problem.
"""

from __future__ import annotations

import sys


def main() -> int:
    """Start the platform, print its name and the primary screen's size, exit 0."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    size = f", screen {screen.size().width()}x{screen.size().height()}" if screen else ""
    print(f"{app.platformName()}{size}", flush=True)
    return 0
