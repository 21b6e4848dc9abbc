"""The notes pane: the traveller's own note on the page shown, saved as they type.

Notes stay on this device (the user database).  Tab leaves the box (it never types a tab
character), and an empty note takes one line until it is used.  When the data file can
only be read the box is read-only and says so; when a save fails while typing (a full
disk) the person is told once, the pane's title says "not saved" until a save succeeds,
and leaving the page with the note still unsaved tells them again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.content.schema import PAGE_KINDS
from desktop.errors import UserFacingError
from desktop.storage.user_db import UserDB
from desktop.ui.util import show_user_error

TITLE = "Your &notes"
PLACEHOLDER = "Your notes on this page (kept on this device only)"
READ_ONLY_PLACEHOLDER = ("Notes cannot be saved now: your data file can only be read "
                         "(see the note at the top of the window).")

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
        # The note as it was shown or last saved: only the traveller's own edits are saved,
        # never a stale copy over what another copy of the app saved meanwhile.
        self._saved = ""
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("notes")
        self.editor.setAccessibleName("Your notes on this page")
        self.editor.setPlaceholderText(PLACEHOLDER)
        self.editor.setTabChangesFocus(True)
        title = QLabel(TITLE, self)
        title.setObjectName("paneTitle")
        title.setBuddy(self.editor)
        self.title = title
        self._told = False  # of a failed save while typing (told once until one succeeds)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.editor)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTE_SAVE_MS)
        self.timer.timeout.connect(self._autosave)
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
        self._told = False
        self.title.setText(TITLE)
        record = kind in PAGE_KINDS
        self._page = (kind, ident) if record else None
        self.setVisible(record)
        self.editor.blockSignals(True)
        self._saved = self._user.note(kind, ident) if record else ""
        self.editor.setPlainText(self._saved)
        self.editor.blockSignals(False)
        read_only = self._user.read_only
        self.editor.setReadOnly(read_only)
        self.editor.setPlaceholderText(READ_ONLY_PLACEHOLDER if read_only else PLACEHOLDER)
        self._fit()

    def clear(self) -> None:
        """Forget the page and its text without saving (after a wipe)."""
        self.timer.stop()
        self._page = None
        self._saved, self._told = "", False
        self.title.setText(TITLE)
        self.editor.blockSignals(True)
        self.editor.clear()
        self.editor.blockSignals(False)

    @Slot()
    def save(self) -> bool:
        """Save the note of the page shown, if the traveller changed it here; say so if it
        cannot be saved.  False when it was not saved."""
        return self._save(tell=True)

    @Slot()
    def _autosave(self) -> None:
        """Save after a pause in typing; a failure is told once, not at every pause."""
        self._save(tell=not self._told)

    def _save(self, tell: bool) -> bool:
        self.timer.stop()
        if self._page is None:
            return True
        text = self.editor.toPlainText()
        if text == self._saved:
            return True
        try:
            self._user.set_note(*self._page, text)
        except UserFacingError as exc:
            self.title.setText(f"{TITLE} — not saved")
            if tell:
                self._told = True
                show_user_error(self, exc)
            return False
        self._saved, self._told = text, False
        self.title.setText(TITLE)
        return True

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
