"""Settings: passport, country, city, theme, font scale, paper; and "Delete all my data…"."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.storage.user_db import PAPERS, Settings
from desktop.ui.fit import fit_on_show, scrolling_body, shrinkable, wrapping_form
from desktop.ui.theme import THEMES


def combo(name: str, items: list[tuple[str, str]], current: str, parent: QWidget) -> QComboBox:
    combo = shrinkable(parent)
    combo.setAccessibleName(name)
    for code, label in items:
        combo.addItem(label, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def text_size_box(settings: Settings, parent: QWidget) -> QSpinBox:
    """The text size, 75 to 200 %, for every widget and for printing."""
    box = QSpinBox(parent)
    box.setAccessibleName("Text size")
    box.setRange(75, 200)
    box.setSingleStep(25)
    box.setSuffix(" %")
    box.setValue(round(settings.font_scale * 100))
    return box


def chosen_passports(first: QComboBox, second: QComboBox) -> list[str]:
    """The passports chosen in a main and a second (optional) passport box."""
    main, other = first.currentData(), second.currentData()
    return [main] + ([other] if other and other != main else [])


class SettingsDialog(QDialog):
    """Edit a copy of the settings; ``settings()`` returns the result after OK, and
    ``wipe_was_requested`` says whether "Delete all my data…" was pressed."""

    def __init__(self, settings: Settings, *, passports: list[tuple[str, str]],
                 countries: list[tuple[str, str]], cities: list[tuple[str, str]],
                 city_countries: dict[str, str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        fit_on_show(self)
        self._original = settings
        self.wipe_was_requested = False
        self.passport = combo("Passport", passports, settings.passport, self)
        second = settings.passports[1] if len(settings.passports) > 1 else ""
        self.second = combo("Second passport", [("", "None"), *passports], second, self)
        self.country = combo("Country", countries, settings.country, self)
        self.city = combo("Current city", cities, settings.city, self)
        self._city_countries = city_countries or {}
        # the city is where the traveller is: its country follows it, and choosing another
        # country moves the city there (when the country has one)
        self.city.currentIndexChanged.connect(self._country_follows_city)
        self.country.currentIndexChanged.connect(self._city_follows_country)
        self.theme = combo("Theme", list(THEMES.items()), settings.theme, self)
        self.scale = text_size_box(settings, self)
        self.paper = combo("Paper size", [(p, "Automatic" if p == "auto" else p)
                                           for p in PAPERS], settings.paper, self)
        form = wrapping_form()
        form.addRow("&Passport:", self.passport)
        form.addRow("Second pass&port (dual nationals):", self.second)
        form.addRow("C&ountry:", self.country)
        form.addRow("Current &city:", self.city)
        form.addRow("&Theme:", self.theme)
        form.addRow("Text &size (pages and printing):", self.scale)
        form.addRow("Pap&er:", self.paper)
        wipe = QPushButton("&Delete all my data…", self)
        wipe.setAccessibleName("Delete all my data")
        wipe.clicked.connect(self._on_wipe)
        note = QLabel("Deletes your bookmarks, notes, checklist ticks, your own items and "
                      "these settings from this device.", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        area, body = scrolling_body(self)
        body.addLayout(form)
        body.addSpacing(12)
        body.addWidget(wipe)
        body.addWidget(note)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)

    def settings(self) -> Settings:
        """The settings as edited."""
        return dataclasses.replace(
            self._original, passports=chosen_passports(self.passport, self.second),
            setup_done=True,
            country=self.country.currentData() or self._original.country,
            city=self.city.currentData() or self._original.city,
            theme=self.theme.currentData(), font_scale=self.scale.value() / 100,
            paper=self.paper.currentData())

    @Slot()
    def _country_follows_city(self) -> None:
        country = self._city_countries.get(self.city.currentData())
        index = self.country.findData(country)
        if index >= 0 and index != self.country.currentIndex():
            self.country.setCurrentIndex(index)

    @Slot()
    def _city_follows_country(self) -> None:
        country = self.country.currentData()
        if self._city_countries.get(self.city.currentData()) == country:
            return
        first = next((c for c, cc in self._city_countries.items() if cc == country), None)
        if first is not None:
            self.city.setCurrentIndex(self.city.findData(first))

    @Slot()
    def _on_wipe(self) -> None:
        self.wipe_was_requested = True
        self.reject()
