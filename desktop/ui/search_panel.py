"""Search as you type: a field, notes on what the search did, next steps, and the results.

The search runs 150 ms after the last key stroke (QTimer debounce) on the GUI thread (FTS5
over the content is a few milliseconds).  From the field, Up/Down move in the results,
Enter opens the current hit and Esc clears the search.  The note says when a word was
fixed ("showing results for …"), when no record has every word ("no record has all of:
…; showing the closest") or when a pasted text was cut; with no or few results, links offer
the next step: the search without the words that matched nothing, and the section to
browse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QToolButton, QVBoxLayout, QWidget

from desktop.pages.model import esc
from desktop.pages.overview import KIND_SECTION
from desktop.search.syntax import CUT_NOTE, MAX_QUERY_CHARS
from desktop.ui.announce import announce, post
from desktop.ui.lazy_qt import Qt, set_props

if TYPE_CHECKING:  # search results, made when the first search runs
    from desktop.search.results import SearchResult
    from desktop.ui.models import SearchResultsModel

DEBOUNCE_MS = 150
SAY_NOTE_MS = 700  # "No results" is said once typing has paused, not after every letter
FEW_RESULTS = 3  # fewer hits than this: offer the next step


def result_note(text: str, result: SearchResult) -> str:
    """What the search did, in words ('' when it found what was typed)."""
    said = _found_note(text.strip(), result)
    if result.shortened:
        return f"{CUT_NOTE} {said}".strip()
    return said


def _found_note(typed: str, result: SearchResult) -> str:
    if result.corrected:
        return f"No results for “{typed}”. Showing results for “{result.corrected}”."
    if not result.hits:
        return f"No results for “{typed}”."
    if result.closest:
        return f"No record has all of: {', '.join(result.words)}; showing the closest."
    if result.dropped:
        return (f"Nothing has “{'”, “'.join(result.dropped)}”; showing results "
                "without it.")
    return ""


def next_steps(result: SearchResult, sections: dict[str, str]) -> list[tuple[str, str]]:
    """(label, link) pairs for the next step when there are no or few results, or only
    close ones: the search without the lacking words, and sections to browse."""
    if len(result.hits) >= FEW_RESULTS and not result.closest and not result.dropped:
        return []
    steps = []
    kept = [w for w in result.words if w not in result.dropped]
    if result.dropped and kept and result.closest:
        steps.append((f"Search for “{' '.join(kept)}”", "search:" + quote(" ".join(kept))))
    kinds = list(result.intent) + [h.kind for h in result.hits[:1]]
    for kind in dict.fromkeys(kinds):
        if kind in sections:
            steps.append((f"Browse {sections[kind]}", "browse:" + kind))
    return steps


class SearchPanel(QWidget):
    """The search field and its results; emits ``open_requested(kind, id)``."""

    open_requested = Signal(str, str)
    active_changed = Signal(bool)
    browse_requested = Signal(str)  # a kind of record: show its section

    def __init__(self, search: Callable[[str], SearchResult], parent: QWidget | None = None,
                 describe: Callable[[str, str], str] | None = None):
        super().__init__(parent)
        self._search = search
        self._active = False
        self.field = QLineEdit(self)
        self.field.setObjectName("search")
        self.field.setAccessibleName("Search")
        self.field.setPlaceholderText("Search everything  (Ctrl+K)")
        self.field.setClearButtonEnabled(True)
        self.field.setMaxLength(MAX_QUERY_CHARS + 1)  # one more than is read: a cut is said
        for button in self.field.findChildren(QToolButton):
            button.setAccessibleName("Clear search")
            set_props(button, focusPolicy="TabFocus")  # Esc clears too
        self.note = QLabel(self)
        self.note.setObjectName("correctedNote")
        self.note.setWordWrap(True)
        set_props(self.note, textFormat="PlainText")
        self.note.hide()
        self.steps = QLabel(self)
        self.steps.setObjectName("searchSteps")
        self.steps.setAccessibleName("Next steps")
        self.steps.setWordWrap(True)
        set_props(self.steps, textFormat="RichText",
                  textInteractionFlags="LinksAccessibleByMouse|LinksAccessibleByKeyboard")
        self.steps.linkActivated.connect(self._on_step)
        self.steps.hide()
        self._describe = describe
        self._model: SearchResultsModel | None = None  # made on first use (see ``model``)
        self.results = QListView(self)
        self.results.setAccessibleName("Results")
        self._delegate = None  # set when results are first shown (keeps start-up light)
        self.results.setUniformItemSizes(False)
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        set_props(self.results, horizontalScrollBarPolicy="ScrollBarAlwaysOff")
        self.results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.field)
        layout.addWidget(self.note)
        layout.addWidget(self.steps)
        layout.addWidget(self.results, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self._say_timer = QTimer(self)
        self._say_timer.setSingleShot(True)
        self._say_timer.setInterval(SAY_NOTE_MS)
        self._say_timer.timeout.connect(self._say_note)
        self.field.textChanged.connect(self._on_text)
        self.field.installEventFilter(self)
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)

    @property
    def model(self) -> SearchResultsModel:
        """The results' model, made (with its module) when first needed: the list stays
        hidden and empty until the first search."""
        if self._model is None:
            from desktop.ui.models import SearchResultsModel

            self._model = SearchResultsModel(self, self._describe)
            self.results.setModel(self._model)
        return self._model

    def set_search(self, search: Callable[[str], SearchResult]) -> None:
        """Search another content database (after a content reload)."""
        self._search = search
        if self.field.text().strip():
            self.run_search()

    @Slot()
    def focus_search(self) -> None:
        """Put the cursor in the search field, with its text selected."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    @Slot()
    def clear(self) -> None:
        """Clear the query and the results."""
        self.field.clear()

    @Slot(str)
    def _on_text(self, text: str) -> None:
        active = bool(text.strip())
        self._say_timer.stop()
        if active:
            self.timer.start()
        else:
            self.timer.stop()
            self.model.set_hits([])
            self.note.hide()
            self.steps.hide()
        self.results.setVisible(active)
        if active != self._active:
            self._active = active
            self.active_changed.emit(active)

    @Slot()
    def run_search(self) -> None:
        """Search now for the field's text (the debounce timer calls this)."""
        self.timer.stop()
        text = self.field.text()
        if not text.strip():
            return
        result = self._search(text)
        if self._delegate is None:
            from desktop.ui.result_delegate import HtmlDelegate

            self._delegate = HtmlDelegate(self.results)
            self.results.setItemDelegate(self._delegate)
        self.model.set_hits(result.hits)
        note = result_note(text, result)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        if note:
            self._say_timer.start()
        steps = next_steps(result, KIND_SECTION)
        self.steps.setText(" · ".join(f"<a href='{esc(link)}'>{esc(label)}</a>"
                                      for label, link in steps))
        self.steps.setVisible(bool(steps))
        if result.hits:
            self.results.setCurrentIndex(self.model.index(0, 0))

    @Slot(str)
    def _on_step(self, link: str) -> None:
        action, _, value = link.partition(":")
        if action == "search":
            self.field.setText(unquote(value) + " ")
            self.run_search()
        elif action == "browse":
            self.browse_requested.emit(value)

    @Slot()
    def _say_note(self) -> None:
        if self.note.isVisible():
            announce(self.field, self.note.text())

    def _move(self, step: int) -> None:
        if self.timer.isActive():
            self.run_search()
        rows = self.model.rowCount()
        if not rows:
            return
        row = min(rows - 1, max(0, self.results.currentIndex().row() + step))
        index = self.model.index(row, 0)
        self.results.setCurrentIndex(index)
        # the focus stays in the field: say which result is now the one Enter opens
        event = QAccessibleEvent(self.results, QAccessible.Event.ActiveDescendantChanged)
        event.setChild(row)
        post(event)
        announce(self.field, f"{index.data()}, {row + 1} of {rows}. "
                             f"{index.data(Qt.ItemDataRole.AccessibleDescriptionRole)}")

    def open_current(self) -> None:
        """Open the current hit (the first one if none is current)."""
        if self.timer.isActive():
            self.run_search()
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self._open_index(index)

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        from desktop.ui.models import ID_ROLE, KIND_ROLE

        self.open_requested.emit(index.data(KIND_ROLE), index.data(ID_ROLE))
        self._set_open(False)  # the page is open: give the space back to the sections

    def _set_open(self, shown: bool) -> None:
        """Show or fold away the results (the query stays in the field)."""
        shown = shown and bool(self.field.text().strip())
        for widget in (self.results, self.note, self.steps):
            widget.setVisible(shown and (widget is self.results or bool(widget.text())))
        if shown != self._active:
            self._active = shown
            self.active_changed.emit(shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.field and event.type() == QEvent.Type.FocusIn
                and not self._active):
            self._set_open(True)  # back in the field: the results come back too
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
            if key == Qt.Key.Key_Escape and self.field.text():
                self.clear()
                return True
        return super().eventFilter(watched, event)
