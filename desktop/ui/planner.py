"""The exit-route planner: passports + current city -> the ways out, those you can take
first (then by distance).

Routes come from ``plan_routes`` (closed, not advised or no entry last); the table shows
each route's status with its as-of date, the typical queue and the entry rule for the
chosen passport.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.pages.overview import plan_cells
from desktop.planner import city_choices, passport_choices, plan_routes
from desktop.storage.content_db import ContentDB
from desktop.ui.access import Heading
from desktop.ui.fit import shrinkable, wrapping_form
from desktop.ui.models import RoutesTableModel
from desktop.ui.settings_dialog import chosen_passports
from desktop.ui.util import hint_gives_way

# "Show" filter: label -> the modes it keeps (None keeps every route).
MODE_FILTERS = (("All ways out", None),
                ("Overland (road, rail, on foot, ferry)", {"road", "rail", "foot", "ferry"}),
                ("Flights", {"air"}))
# Column widths in average characters of the text size (text wraps inside them); the entry
# rule takes what is left.
WIDTHS = {RoutesTableModel.REACH: 19, RoutesTableModel.ROUTE: 24,
          RoutesTableModel.DISTANCE: 16, RoutesTableModel.STATUS: 16,
          RoutesTableModel.WAIT: 19}
TABLE_SHARE = 0.5  # the hint gives way when the table would get less of the view's height


class PlannerView(QWidget):
    """Choose your passports and a city; see the ways out in the order you can take them."""

    route_activated = Signal(str)
    choice_changed = Signal(list, str)  # passports, city id

    def __init__(self, content: ContentDB, passports: list[str], city_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.content = content
        self._least: tuple[tuple[str, int], int] | None = None  # see _least_width
        title = Heading("<h2>Route planner</h2>", self)
        self.passport = shrinkable(self)
        self.passport.setAccessibleName("Passport")
        self.second = shrinkable(self)
        self.second.setAccessibleName("Second passport")
        self.city = shrinkable(self)
        self.city.setAccessibleName("Current city")
        self.modes = shrinkable(self)
        self.modes.setAccessibleName("Show")
        for label, _ in MODE_FILTERS:
            self.modes.addItem(label)
        self.model = RoutesTableModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Exit routes")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self._size_columns()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.viewport().installEventFilter(self)
        hint = QLabel("The ways out you can take now come first (open, and no visa needed "
                      "for one of your passports), then those that need a visa first, "
                      "then restricted ones; closed, not-advised or no-entry routes come "
                      "last, greyed out and struck through. Distances are straight lines, "
                      "not roads; flights are measured from the city they leave from. Each "
                      "status shows the date it was reported: check it is still true. "
                      "Enter opens a route.", self)
        hint.setWordWrap(True)
        hint.setObjectName("detail")
        self.hint = hint
        form = wrapping_form()
        form.addRow("&Passport:", self.passport)
        form.addRow("Se&cond passport:", self.second)
        form.addRow("Current ci&ty:", self.city)
        form.addRow("&Show:", self.modes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 8, 18, 12)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        self._layout = layout
        self._fill(passports)
        self.set_choice(passports, city_id)
        for combo in (self.passport, self.second, self.city):
            combo.currentIndexChanged.connect(self._on_choice)
        self.modes.currentIndexChanged.connect(self.refresh)
        self.table.activated.connect(self._on_activated)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a short view (a small screen, large text) the table keeps its room."""
        super().resizeEvent(event)
        hint_gives_way(self.hint, self.table, self._layout, event.size(), TABLE_SHARE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The table's area changed size: one column or all of them."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_table()
        return super().eventFilter(watched, event)

    def fit_table(self) -> None:
        """All the columns while each can be as wide as its longest word; else (a small
        screen, a large text size) each way out in one cell, line by line, so that nothing
        is cut mid-word or needs scrolling sideways."""
        metrics = self.table.fontMetrics()
        pad = 2 * metrics.averageCharWidth() + metrics.height()  # margins and a colour mark
        least = self._least_width(pad)
        room = self.table.viewport().width()
        narrow = least > room if not self.model.one_column else least > room - 4 * pad
        if narrow != self.model.one_column:
            self.model.set_one_column(narrow)
            self._size_columns()
        self.table.resizeRowsToContents()

    def _least_width(self, pad: int) -> int:
        """The width all columns need, each as wide as its longest word: measured once
        for the routes shown and the font (not on every resize of the table)."""
        key = (self.table.font().key(), pad)
        if self._least is None or self._least[0] != key:
            metrics = self.table.fontMetrics()
            cells = [plan_cells(r, self.content.country_name(r["to_country"]))
                     for r in (self.model.route(i) for i in range(self.model.rowCount()))]
            self._least = (key, sum(max((metrics.horizontalAdvance(word) for row in cells
                                         for word in row[column].split()), default=0) + pad
                                    for column in range(len(RoutesTableModel.HEADERS))))
        return self._least[1]

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        char = self.fontMetrics().averageCharWidth()
        if self.model.one_column:
            return  # the one column stretches
        for column, width in WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width * char)

    def _fill(self, passports: list[str]) -> None:
        self.second.addItem("None", "")
        for code, name in passport_choices(self.content, keep=passports):
            self.passport.addItem(name, code)
            self.second.addItem(name, code)
        for city_id, label in city_choices(self.content):
            self.city.addItem(label, city_id)

    def set_choice(self, passports: list[str], city_id: str) -> None:
        """Select the passports and the city (from the settings) without emitting."""
        for combo in (self.passport, self.second, self.city):
            combo.blockSignals(True)
        for code in passports:  # a passport set elsewhere (the CLI, an older list)
            if self.passport.findData(code) < 0:
                name = f"{self.content.country_name(code)} ({code})"
                self.passport.addItem(name, code)
                self.second.addItem(name, code)
        first = passports[0] if passports else ""
        self.passport.setCurrentIndex(max(0, self.passport.findData(first)))
        second = passports[1] if len(passports) > 1 else ""
        self.second.setCurrentIndex(max(0, self.second.findData(second)))
        self.city.setCurrentIndex(max(0, self.city.findData(city_id)))
        for combo in (self.passport, self.second, self.city):
            combo.blockSignals(False)
        self.refresh()

    def current_passports(self) -> list[str]:
        """The chosen passports, main one first."""
        return chosen_passports(self.passport, self.second)

    def current_city(self) -> str:
        """The chosen city id ('' when the content has no cities)."""
        return self.city.currentData() or ""

    @Slot()
    def refresh(self) -> None:
        """Plan again for the current choice (from the top of the list)."""
        self._least = None  # the routes change: measured again
        city_id = self.current_city()
        if not city_id:
            self.model.set_routes([])
            return
        city = self.content.get("city", city_id)
        routes = plan_routes(self.content, city=city, passports=self.current_passports())
        keep = MODE_FILTERS[max(0, self.modes.currentIndex())][1]
        if keep is not None:
            routes = [r for r in routes if r["mode"] in keep]
        names = {r["to_country"]: self.content.country_name(r["to_country"]) for r in routes}
        self.model.set_routes(routes, names)
        self.fit_table()
        self.table.scrollToTop()

    @Slot()
    def _on_choice(self) -> None:
        self.refresh()
        self.choice_changed.emit(self.current_passports(), self.current_city())

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        self.route_activated.emit(index.data(Qt.ItemDataRole.UserRole))
