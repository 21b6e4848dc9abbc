"""The Sections pane: the list of sections and, below it, the records of the one shown."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QVBoxLayout, QWidget

from desktop.pages.overview import SECTIONS
from desktop.ui.lazy_qt import Qt, set_props

Location = tuple[str, str]


def section_location(name: str) -> Location:
    """The location a section name stands for."""
    if name == "Overview":
        return ("overview", "")
    if name == "Route planner":
        return ("planner", "")
    if name == "Map":
        return ("map", "")
    return ("section", name)


class SectionsPane(QWidget):
    """Sections and the current section's records; emits ``location_requested``."""

    location_requested = Signal(object)  # a Location

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sections = QListWidget(self)
        self.sections.setObjectName("sections")
        self.sections.setAccessibleName("Sections")
        for name, _kind in SECTIONS:
            self.sections.addItem(name)
        self.sections.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        set_props(self.sections, verticalScrollBarPolicy="ScrollBarAlwaysOff")
        self.sections.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.records = QListWidget(self)
        self.records.setObjectName("records")
        self.records.setAccessibleName("Section contents")
        self.records.setWordWrap(True)
        for names in (self.sections, self.records):  # long names wrap or end in "…"
            set_props(names, horizontalScrollBarPolicy="ScrollBarAlwaysOff",
                      resizeMode="Adjust")
        self._shown_section: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sections)
        layout.addWidget(self.records, 1)
        layout.addStretch(0)
        self.sections.currentRowChanged.connect(self._on_section)
        self.records.itemActivated.connect(self._on_record)
        self.records.itemClicked.connect(self._on_record)

    def show_section(self, name: str | None, records: list[tuple[str, str, str]] | None,
                     current: Location | None = None) -> None:
        """Select section ``name`` and list its ``(kind, id, title)`` records.

        ``records`` None keeps the list shown (it is already that section's).
        """
        names = [n for n, _ in SECTIONS]
        self.sections.blockSignals(True)
        if name in names:
            self.sections.setCurrentRow(names.index(name))
        else:
            self.sections.clearSelection()
        self.sections.blockSignals(False)
        if records is not None and (name != self._shown_section or name == "Bookmarks"):
            self.records.clear()
            for kind, ident, title in records:
                item = QListWidgetItem(title)
                item.setData(Qt.ItemDataRole.UserRole, (kind, ident))
                self.records.addItem(item)
            self._shown_section = name
        self.records.setVisible(self.records.count() > 0)
        self.records.blockSignals(True)
        self.records.clearSelection()
        for row in range(self.records.count()):
            if current and tuple(self.records.item(row).data(Qt.ItemDataRole.UserRole)) == current:
                self.records.setCurrentRow(row)
        self.records.blockSignals(False)

    def shown_section(self) -> str | None:
        """The section whose records are listed."""
        return self._shown_section

    def forget(self) -> None:
        """Drop the listed records (after a content change)."""
        self._shown_section = None
        self.records.clear()

    @Slot()
    def focus(self) -> None:
        """Move the keyboard focus to the sections list."""
        self.sections.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(int)
    def _on_section(self, row: int) -> None:
        if row >= 0:
            self.location_requested.emit(section_location(SECTIONS[row][0]))

    @Slot(QListWidgetItem)
    def _on_record(self, item: QListWidgetItem) -> None:
        kind, ident = item.data(Qt.ItemDataRole.UserRole)
        self.location_requested.emit((kind, ident))
