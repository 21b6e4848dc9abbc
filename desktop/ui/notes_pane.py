"""The notes pane: the traveller's own note on the page shown, saved as they type.

Notes stay on this device (the user database).  Tab leaves the box (it never types a tab
character), and an empty note takes one line until it is used.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.content.schema import PAGE_KINDS
from desktop.storage.user_db import UserDB
from desktop.ui.util import user_errors

NOTE_SAVE_MS = 600
COLLAPSED_LINES = 1
EXPANDED_LINES = 4
WINDOW_SHARE = 0.2  # an open note takes at most this share of the window's height


class NotesPane(QWidget):
    """One note per record page; hidden on pages that are not records."""

    def __init__(self, user: UserDB, parent: QWidget | None = None):
        super().__init__(parent)
        self._user = user
        self._page: tuple[str, str] | None = None
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("notes")
        self.editor.setAccessibleName("Your notes on this page")
        self.editor.setPlaceholderText("Your notes on this page (kept on this device only)")
        self.editor.setTabChangesFocus(True)
        title = QLabel("Your &notes", self)
        title.setObjectName("paneTitle")
        title.setBuddy(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.editor)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTE_SAVE_MS)
        self.timer.timeout.connect(self.save)
        self.editor.textChanged.connect(self.timer.start)
        self.editor.textChanged.connect(self._fit)
        self.editor.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Grow the box when it takes the focus, shrink it when it leaves empty."""
        if watched is self.editor and event.type() in (QEvent.Type.FocusIn,
                                                       QEvent.Type.FocusOut):
            self._fit()  # Qt has already moved the focus when it sends these
        return super().eventFilter(watched, event)

    def show_page(self, kind: str, ident: str) -> None:
        """Save the note being typed, then show the note of another page."""
        self.save()
        record = kind in PAGE_KINDS
        self._page = (kind, ident) if record else None
        self.setVisible(record)
        self.editor.blockSignals(True)
        self.editor.setPlainText(self._user.note(kind, ident) if record else "")
        self.editor.blockSignals(False)
        self._fit()

    def clear(self) -> None:
        """Forget the page and its text without saving (after a wipe)."""
        self.timer.stop()
        self._page = None
        self.editor.blockSignals(True)
        self.editor.clear()
        self.editor.blockSignals(False)

    @Slot()
    @user_errors
    def save(self) -> None:
        """Save the note of the page shown, if it changed."""
        self.timer.stop()
        if self._page is None:
            return
        text = self.editor.toPlainText()
        if text != self._user.note(*self._page):
            self._user.set_note(*self._page, text)

    @Slot()
    def _fit(self) -> None:
        """One line while empty, a few lines once used."""
        lines = EXPANDED_LINES if self.editor.toPlainText() or self.editor.hasFocus() \
            else COLLAPSED_LINES
        metrics = self.editor.fontMetrics()
        margins = self.editor.contentsMargins()
        height = (metrics.lineSpacing() * lines + 2 * self.editor.document().documentMargin()
                  + margins.top() + margins.bottom() + 2)
        if lines > COLLAPSED_LINES:  # on a short window the page keeps most of the room
            one = height - metrics.lineSpacing() * (lines - COLLAPSED_LINES)
            height = max(one, min(height, self.window().height() * WINDOW_SHARE))
        self.editor.setFixedHeight(int(height))
