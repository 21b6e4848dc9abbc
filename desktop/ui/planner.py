"""The exit-route planner: passport + current city -> routes, nearest first.

Routes come from ``plan_routes`` (closed, not advised or no entry last); the table shows
each route's status with its as-of date, the typical queue and the entry rule for the
chosen passport.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.planner import COMMON_PASSPORTS, passport_choices, plan_routes
from desktop.storage.content_db import ContentDB
from desktop.ui.models import RoutesTableModel

# "Show" filter: label -> the modes it keeps (None keeps every route).
MODE_FILTERS = (("All ways out", None), ("Overland (road, rail, on foot)", {"road", "rail", "foot",
                                                                          "ferry"}),
                ("Flights", {"air"}))
# Column widths in pixels (text wraps inside them); the entry rule takes what is left.
WIDTHS = {RoutesTableModel.ROUTE: 210, RoutesTableModel.DISTANCE: 70,
          RoutesTableModel.STATUS: 155, RoutesTableModel.WAIT: 165}


class PlannerView(QWidget):
    """Choose a passport and a city; see the ways out."""

    route_activated = Signal(str)
    choice_changed = Signal(str, str)  # passport, city id

    def __init__(self, content: ContentDB, passport: str, city_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.content = content
        title = QLabel("<h2>Route planner</h2>", self)
        self.passport = QComboBox(self)
        self.passport.setAccessibleName("Passport")
        self.city = QComboBox(self)
        self.city.setAccessibleName("Current city")
        self.modes = QComboBox(self)
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
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        hint = QLabel("Nearest first. Closed, not-advised or no-entry routes are listed last, "
                      "greyed out and struck through. Each status shows the date it was "
                      "reported: check it is still true. Enter opens a route.", self)
        hint.setWordWrap(True)
        hint.setObjectName("paneTitle")
        form = QFormLayout()
        form.addRow("&Passport:", self.passport)
        form.addRow("Current &city:", self.city)
        form.addRow("&Show:", self.modes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 8, 18, 12)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        self._fill(passport, city_id)
        self.passport.currentIndexChanged.connect(self._on_choice)
        self.city.currentIndexChanged.connect(self._on_choice)
        self.modes.currentIndexChanged.connect(self.refresh)
        self.table.activated.connect(self._on_activated)
        self.refresh()

    def _fill(self, passport: str, city_id: str) -> None:
        for code, name in passport_choices(self.content):
            self.passport.addItem(name, code)
        index = self.passport.findData(passport)
        self.passport.setCurrentIndex(max(0, index))
        for city in self.content.list("city"):
            local = f" ({city['name_local']})" if city.get("name_local") else ""
            self.city.addItem(f"{city['name']}{local} — "
                              f"{self.content.country_name(city['country'])}", city["id"])
        self.city.setCurrentIndex(max(0, self.city.findData(city_id)))

    def set_choice(self, passport: str, city_id: str) -> None:
        """Select a passport and a city (from the settings) without emitting."""
        self.blockSignals(True)
        self.passport.setCurrentIndex(max(0, self.passport.findData(passport)))
        self.city.setCurrentIndex(max(0, self.city.findData(city_id)))
        self.blockSignals(False)
        self.refresh()

    def current_passport(self) -> str:
        """The chosen passport code."""
        return self.passport.currentData() or COMMON_PASSPORTS[0]

    def current_city(self) -> str:
        """The chosen city id ('' when the content has no cities)."""
        return self.city.currentData() or ""

    @Slot()
    def refresh(self) -> None:
        """Plan again for the current choice."""
        city_id = self.current_city()
        if not city_id:
            self.model.set_routes([])
            return
        city = self.content.get("city", city_id)
        routes = plan_routes(self.content, city=city, passports=[self.current_passport()])
        keep = MODE_FILTERS[max(0, self.modes.currentIndex())][1]
        if keep is not None:
            routes = [r for r in routes if r["mode"] in keep]
        names = {r["to_country"]: self.content.country_name(r["to_country"]) for r in routes}
        self.model.set_routes(routes, names)
        self.table.resizeRowsToContents()

    @Slot()
    def _on_choice(self) -> None:
        self.refresh()
        self.choice_changed.emit(self.current_passport(), self.current_city())

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        self.route_activated.emit(index.data(Qt.ItemDataRole.UserRole))
