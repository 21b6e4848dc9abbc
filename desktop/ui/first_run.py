"""The first-run questions: which passports you hold, where you are now, and how large
the text should be.  Everything else in the app follows these answers."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.planner import city_choices, city_countries, passport_choices
from desktop.storage.content_db import ContentDB
from desktop.storage.user_db import Settings
from desktop.ui.fit import fit_on_show, scrolling_body, wrapping_form
from desktop.ui.settings_dialog import chosen_passports, combo, text_size_box


class FirstRunDialog(QDialog):
    """Asks who the traveller is; ``settings()`` holds the answers after OK."""

    def __init__(self, content: ContentDB, settings: Settings,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Your passports and where you are")
        self.setObjectName("firstRunDialog")
        fit_on_show(self)
        self._original = settings
        passports = passport_choices(content, keep=settings.passports)
        self.passport = combo("Your passport", passports, settings.passport, self)
        second = settings.passports[1] if len(settings.passports) > 1 else ""
        self.second = combo("Second passport", [("", "None"), *passports], second, self)
        self.city = combo("Where you are now", city_choices(content), settings.city, self)
        self._countries = city_countries(content)
        self.scale = text_size_box(settings, self)
        intro = QLabel(
            "Embassies, entry rules and the ways out depend on the passports you hold and "
            "where you are. Dual nationals: add your second passport (for example Russian) "
            "to see the rules and warnings for both. Your answers stay on this device; you "
            "can change them in Settings.", self)
        intro.setWordWrap(True)
        form = wrapping_form()
        form.addRow("Your &passport:", self.passport)
        form.addRow("&Second passport:", self.second)
        form.addRow("&Where you are now (or the nearest city):", self.city)
        form.addRow("&Text size:", self.scale)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Show my answers", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        area, body = scrolling_body(self)
        body.addWidget(intro)
        body.addLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)

    def settings(self) -> Settings:
        """The settings with the answers."""
        city = self.city.currentData() or self._original.city
        return dataclasses.replace(
            self._original, passports=chosen_passports(self.passport, self.second),
            city=city, country=self._countries.get(city, self._original.country),
            font_scale=self.scale.value() / 100, setup_done=True)
