"""The window's size and place: a size that fits the screen the first time, the size and
place (and side-pane width) it had last time after that, always inside the screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from desktop.storage.user_db import Settings

DEFAULT_SIZE = (1180, 760)  # on a screen that has room for it
SIDE_PANE = (200, 330)      # the search and sections pane: narrowest, widest (pixels)


def side_width(window: QMainWindow) -> int:
    """The side pane's width for a window of this size."""
    return max(SIDE_PANE[0], min(SIDE_PANE[1], window.width() * 28 // 100))


def _encoded(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode()


def _decoded(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode())


def restore(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    """Size and place the window (and its splitter) from the settings or the screen."""
    restored = bool(settings.window_geometry) and window.restoreGeometry(
        _decoded(settings.window_geometry))
    screen = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    if not restored:
        frame = window.frameGeometry().size() - window.geometry().size()
        window.resize(min(DEFAULT_SIZE[0], screen.width()) - frame.width(),
                      min(DEFAULT_SIZE[1], screen.height()) - frame.height())
        window.move(screen.center() - window.rect().center())
    if not (settings.splitter_state and splitter.restoreState(
            _decoded(settings.splitter_state))):
        side = side_width(window)
        splitter.setSizes([side, window.width() - side])
    geometry = window.frameGeometry()
    if not screen.contains(geometry):  # a screen that was larger, or is gone
        window.resize(min(window.width(), screen.width()),
                      min(window.height(), screen.height()))
        window.move(max(screen.left(), min(geometry.left(), screen.right() - window.width())),
                    max(screen.top(), min(geometry.top(), screen.bottom() - window.height())))


def fit_on_screen(window: QWidget) -> None:
    """Once shown (when the frame the desktop adds is known), pull the whole top-level
    window (the main window, a dialog), frame included, inside the screen's available
    area: shrunk if larger, moved if partly outside."""
    screen = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    frame = window.frameGeometry()
    if screen.contains(frame):
        return
    extra = frame.size() - window.geometry().size()
    window.resize(max(1, min(window.width(), screen.width() - extra.width())),
                  max(1, min(window.height(), screen.height() - extra.height())))
    frame = window.frameGeometry()
    window.move(max(screen.left(), min(frame.left(), screen.right() - frame.width() + 1)),
                max(screen.top(), min(frame.top(), screen.bottom() - frame.height() + 1)))


def remember(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    """Keep the window's size and place and the splitter's state in the settings."""
    settings.window_geometry = _encoded(window.saveGeometry())
    settings.splitter_state = _encoded(splitter.saveState())


def toggle_side(window: QMainWindow, splitter: QSplitter) -> bool:
    """Fold the side pane away or bring it back; True when it is shown afterwards."""
    sizes = splitter.sizes()
    if sizes[0] > 0:
        splitter.setSizes([0, sum(sizes)])
        return False
    side = side_width(window)
    splitter.setSizes([side, max(1, sum(sizes) - side)])
    return True
