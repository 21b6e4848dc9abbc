"""Telling a screen reader what changed: announcements and the app's own accessibility events.

``announce(source, message)`` has a screen reader say a status message ("Copied: 112",
"No results", "3 of 14 items done") without moving the keyboard focus.  It sends Qt's
``QAccessibleAnnouncementEvent`` (Qt 6.8 and later: AT-SPI ``object:announcement``, which
Orca 45+ speaks; UI Automation notifications on Windows; VoiceOver announcements on macOS).
On a Qt without that event the fallback is a status-bar notification (role Notification,
shown for a few seconds), which every Orca version reads when it appears.

Every accessibility event the app sends itself goes through ``post``, so ``watch`` can see
them (the tests use it: PySide6 has no ``QAccessible.installUpdateHandler``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6 import QtGui
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from desktop.ui.lazy_qt import Qt

NOTICE_MS = 6000
ANNOUNCEMENTS = hasattr(QtGui, "QAccessibleAnnouncementEvent")  # Qt 6.8+


class Heard(NamedTuple):
    """One event as a screen reader gets it: its type, the object's role and name, and
    for announcements the message."""

    type: QAccessible.Event
    role: QAccessible.Role | None
    name: str
    message: str = ""


_watchers: list[Callable[[Heard], None]] = []


def watch(callback: Callable[[Heard], None]) -> Callable[[], None]:
    """Call ``callback`` with every event the app posts; returns a function that stops it."""
    _watchers.append(callback)
    return lambda: _watchers.remove(callback) if callback in _watchers else None


def post(event: QAccessibleEvent, message: str = "") -> None:
    """Send one accessibility event to the platform (and to the watchers)."""
    if _watchers:
        iface = event.accessibleInterface()
        valid = iface is not None and iface.isValid()
        heard = Heard(event.type(), iface.role() if valid else None,
                      iface.text(QAccessible.Text.Name) if valid else "", message)
        for callback in list(_watchers):
            callback(heard)
    QAccessible.updateAccessibility(event)


def announce(source: QObject, message: str, *, use_event: bool = ANNOUNCEMENTS) -> None:
    """Have a screen reader say ``message`` (from ``source``, usually the window or the
    widget the message is about), politely: after what is being said."""
    if not message:
        return
    if use_event:
        post(QtGui.QAccessibleAnnouncementEvent(source, message), message)
    else:
        notice = _notice(source)
        if notice is not None:
            notice.say(message)


class Notice(QLabel):
    """The fallback: a status-bar child exposed as a notification (``desktop.ui.access``
    gives it that role); Orca reads a notification when it is shown.  It takes no room:
    the status bar shows the same message to the eye."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("a11yNotice")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFixedSize(0, 0)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTICE_MS)
        self._timer.timeout.connect(self.hide)

    def say(self, message: str) -> None:
        """Show ``message`` (hidden first, so that showing it is an event)."""
        self.hide()
        self.setText(message)
        self.setAccessibleName(message)
        self.show()
        self._timer.start()


def _notice(source: QObject) -> Notice | None:
    window = source.window() if isinstance(source, QWidget) else None
    if not isinstance(window, QMainWindow):
        return None
    bar = window.statusBar()
    notice = bar.findChild(Notice)
    if notice is None:
        from desktop.ui.access import install

        install()
        notice = Notice(bar)
    return notice
