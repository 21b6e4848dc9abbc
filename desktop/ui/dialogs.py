"""The main window's dialogs: each returns what the person chose; the window applies it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop import APP_NAME, __version__
from desktop.pages.model import esc
from desktop.planner import city_choices, city_countries, passport_choices
from desktop.storage.content_db import ContentDB
from desktop.storage.user_db import Settings
from desktop.ui.util import ask


@dataclass(frozen=True)
class SettingsResult:
    """New settings (None when cancelled) and whether "Delete all my data" was asked."""

    settings: Settings | None
    wipe: bool = False


def edit_settings(parent: QWidget, settings: Settings, content: ContentDB) -> SettingsResult:
    """Show the settings dialog over ``settings``; return what the person chose."""
    from desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(
        settings, passports=passport_choices(content, keep=settings.passports),
        countries=[(c["id"], content.country_name(c["id"])) for c in content.list("country")],
        cities=city_choices(content), city_countries=city_countries(content), parent=parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return SettingsResult(dialog.settings() if accepted else None, dialog.wipe_was_requested)


def confirm_wipe(parent: QWidget) -> bool:
    """Ask before deleting all user data; True to go ahead."""
    return ask(
        parent, "Delete all my data?",
        "This deletes your bookmarks, notes, checklist ticks, your own checklist items, "
        "your settings and passports, and what the app remembers (recent folders, logs) "
        "from this device. It cannot be undone. (Downloaded content packs stay.)"
        "\n\nDelete everything?")


def show_about(parent: QWidget, meta: dict[str, str]) -> None:
    """About the app and the content it shows."""
    QMessageBox.about(
        parent, f"About {APP_NAME}",
        f"<h3>{APP_NAME} {__version__}</h3><p>An offline emergency reference. Nothing "
        "in this app uses the network.</p>"
        f"<p>Content: {esc(meta.get('content_name', ''))}<br>"
        f"Content version: {esc(meta.get('content_version', ''))}<br>"
        f"Situation as of {esc(meta.get('content_as_of', '?'))} — a dated reference, not "
        f"live advice.<br>Content hash {esc(meta.get('content_hash', '')[:16])}</p>")
