"""The page history: where the person is, where Back and Forward lead, and where on each
page they were (its scroll position), so Back returns to the same place."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

Location = tuple[str, str]
OVERVIEW: Location = ("overview", "")


class Entry:
    """One visited location and the scroll position it was left at (a plain class: the
    window makes its navigator at start-up, where a dataclass costs its definition)."""

    __slots__ = ("location", "scroll")

    def __init__(self, location: Location, scroll: int = 0):
        self.location, self.scroll = location, scroll


class Navigator(QObject):
    """Back/forward history of locations: ``("overview", "")``, ``("section", NAME)``,
    ``("planner", "")``, ``("map", "")``, ``("help", ANCHOR)`` or ``(KIND, ID)`` for a
    record page (a checklist's included).

    ``go`` adds a location; ``back``/``forward`` move in the history.  Each emits
    ``navigated(location, scroll)`` for the window to show; ``history_changed`` tells the
    actions whether Back and Forward are possible.
    """

    navigated = Signal(object, int)
    history_changed = Signal(bool, bool)  # can go back, can go forward

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._position = -1

    @property
    def current(self) -> Location:
        """The location shown (the overview before anything was shown)."""
        return self._entries[self._position].location if self._entries else OVERVIEW

    def can_go_back(self) -> bool:
        """True when there is a page before this one."""
        return self._position > 0

    def can_go_forward(self) -> bool:
        """True when Back was used and there is a page after this one."""
        return self._position < len(self._entries) - 1

    def remember_scroll(self, scroll: int) -> None:
        """Record where the current page is scrolled to (before leaving it)."""
        if self._entries:
            self._entries[self._position].scroll = scroll

    def go(self, location: Location) -> None:
        """Show a location and add it to the history (once: not twice in a row)."""
        if not self._entries or self.current != location:
            del self._entries[self._position + 1:]
            self._entries.append(Entry(location))
            self._position = len(self._entries) - 1
        self._emit()

    def back(self) -> None:
        """One step back in the history (nothing at its start)."""
        if self.can_go_back():
            self._position -= 1
            self._emit()

    def forward(self) -> None:
        """One step forward in the history (nothing at its end)."""
        if self.can_go_forward():
            self._position += 1
            self._emit()

    def drop_current(self) -> None:
        """Forget the location shown (it could not be shown) and return to the one before;
        an empty history starts again at the overview."""
        if self._entries:
            del self._entries[self._position:]
            self._position = len(self._entries) - 1
        if self._entries:
            self._emit()
        else:
            self.go(OVERVIEW)

    def reset(self) -> None:
        """Forget the history (after a wipe or a content change)."""
        self._entries, self._position = [], -1
        self.history_changed.emit(False, False)

    def _emit(self) -> None:
        entry = self._entries[self._position]
        self.history_changed.emit(self.can_go_back(), self.can_go_forward())
        self.navigated.emit(entry.location, entry.scroll)
