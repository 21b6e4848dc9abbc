"""Qt item models over plain records: search results and planned exit routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtGui import QColor, QFont

from desktop.content.schema import KIND_LABELS
from desktop.pages.model import esc
from desktop.pages.overview import PLAN_HEADERS, plan_cells
from desktop.pages.screen import STATUS_COLOURS
from desktop.ui.lazy_qt import Qt
from desktop.ui.page_tree import NO_VALUE
from desktop.ui.theme import current_colours

if TYPE_CHECKING:  # search results, made when the first search runs
    from desktop.search.results import SearchHit

Index = QModelIndex | QPersistentModelIndex
# Qt.ItemDataRole.DisplayRole and UserRole by value (tests/ui/test_startup.py checks they
# are Qt's), usable as plain numbers in signatures and by the search panel's key roles.
DISPLAY_ROLE, USER_ROLE = 0, 0x0100
KIND_ROLE = USER_ROLE + 1
ID_ROLE = USER_ROLE + 2
HTML_ROLE = USER_ROLE + 3


class SearchResultsModel(QAbstractListModel):
    """Search hits: display text, kind and id, and an HTML rendering with marked words.

    ``describe(kind, id)`` gives a hit's one-line state (a route's status and date, a
    contact's status and number), shown under its title.
    """

    def __init__(self, parent=None, describe: Callable[[str, str], str] | None = None):
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._describe = describe
        self._details: dict[int, str] = {}

    def set_hits(self, hits: list[SearchHit]) -> None:
        """Replace every hit."""
        self.beginResetModel()
        self._hits = list(hits)
        self._details = {}
        self.endResetModel()

    def detail(self, row: int) -> str:
        """The hit's one-line state ('' when there is nothing to say), read once."""
        if row not in self._details:
            hit = self._hits[row]
            self._details[row] = self._describe(hit.kind, hit.id) if self._describe else ""
        return self._details[row]

    def hit(self, row: int) -> SearchHit:
        """The hit on a row."""
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        label = KIND_LABELS.get(hit.kind, hit.kind)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{label}: {hit.title}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            detail = self.detail(index.row())
            return f"{label}: {hit.title}" + (f". {detail}" if detail else "")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return hit.snippet_text("", "").replace("\n", " ")
        if role == KIND_ROLE:
            return hit.kind
        if role == ID_ROLE:
            return hit.id
        if role == HTML_ROLE:
            detail = self.detail(index.row())
            # Sizes relative to the list's font, which follows the app's text size.
            # (<b> marks the words that matched: the delegate underlines it.)
            strong = "<span style='font-weight:600'>{}</span>"
            return (f"<small>{strong.format(label.upper())}</small><br>"
                    + strong.format(esc(hit.title))
                    + (f"<br><small>{strong.format(esc(detail))}</small>" if detail else "")
                    + f"<br><small>{hit.snippet_html().replace(chr(10), ' ')}</small>")
        return None


class RoutesTableModel(QAbstractTableModel):
    """Planned routes (from ``planner.plan_routes``), in the planner's order: what each
    means for the traveller's passports first; blocked ones greyed and struck through."""

    HEADERS = PLAN_HEADERS
    REACH, ROUTE, DISTANCE, STATUS, WAIT, ENTRY = range(6)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._routes: list[dict] = []
        self._names: dict[str, str] = {}
        self.one_column = False  # on a narrow table: each way out in one cell, line by line

    def set_routes(self, routes: list[dict], country_names: dict[str, str] | None = None) -> None:
        """Replace the routes (already sorted by the planner)."""
        self.beginResetModel()
        self._routes = list(routes)
        self._names = dict(country_names or {})
        self.endResetModel()

    def set_one_column(self, on: bool) -> None:
        """Show each way out in one cell, its columns as lines (a table too narrow for
        its columns wraps by row instead of scrolling sideways)."""
        if on != self.one_column:
            self.beginResetModel()
            self.one_column = on
            self.endResetModel()

    def route(self, row: int) -> dict:
        """The route on a row."""
        return self._routes[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._routes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 if self.one_column else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = DISPLAY_ROLE) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return "Ways out" if self.one_column else self.HEADERS[section]
        return None

    def _text(self, r: dict, column: int) -> str:
        cells = plan_cells(r, self._names.get(r["to_country"], r["to_country"]))
        if not self.one_column:
            return cells[column]
        lines = [cells[self.REACH], cells[self.ROUTE], cells[self.DISTANCE],
                 f"{self.HEADERS[self.STATUS]}: {cells[self.STATUS]}"]
        lines += [f"{self.HEADERS[c]}: {cells[c]}" for c in (self.WAIT, self.ENTRY)
                  if cells[c].strip() not in (*NO_VALUE, "")]
        return "\n".join(line.replace("\n", " · ") for line in lines)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._routes):
            return None
        r, column = self._routes[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._text(r, column)
            if (role == Qt.ItemDataRole.AccessibleTextRole and r["blocked"]
                    and (column == self.ROUTE or self.one_column)):
                text += " (closed or not advised)"
            if role == Qt.ItemDataRole.AccessibleTextRole and text.strip() in (*NO_VALUE, ""):
                text = "not known"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return ("Closed, not advised or no entry for this passport" if r["blocked"]
                    else self._text(r, column))
        if role == Qt.ItemDataRole.DecorationRole and column == self.REACH:
            return QColor(STATUS_COLOURS[r["reach"]][0])
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATUS \
                and not self.one_column:
            key = "not-advised" if r["blocked"] and r["status"] != "closed" else r["status"]
            return QColor(STATUS_COLOURS.get(key, STATUS_COLOURS["unknown"])[0])
        if role == Qt.ItemDataRole.ForegroundRole and r["blocked"]:
            shade = current_colours()  # readable (AA or better) in every theme
            return QColor(shade["closed"] if column == self.STATUS and not self.one_column
                          else shade["muted"])
        if role == Qt.ItemDataRole.FontRole and (r["blocked"] and column == self.ROUTE
                                                 and not self.one_column):
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return r["id"]
        return None
