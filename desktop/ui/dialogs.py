"""The main window's dialogs: settings, wipe, printing, content packs, about.

Printing and content packs are imported only when used (start-up stays fast) and may be
missing from a build: then the person is told so instead of a crash.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop import APP_NAME, __version__
from desktop.content.schema import PAGE_KINDS
from desktop.ui.pages import document_html
from desktop.ui.util import ask, user_errors


@user_errors
def open_settings(w) -> None:
    from desktop.planner import passport_choices
    from desktop.ui.settings_dialog import SettingsDialog

    content = w.services.content
    dialog = SettingsDialog(
        w.settings, passports=passport_choices(content),
        countries=[(c["id"], c.get("name") or c["id"]) for c in content.list("country")],
        cities=[(c["id"], f"{c['name']} — {content.country_name(c['country'])}")
                for c in content.list("city")], parent=w)
    dialog.wipe_requested.connect(w.wipe_data, Qt.ConnectionType.QueuedConnection)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        apply_settings(w, dialog.settings())

@user_errors
def wipe_data(w) -> None:
    answer = ask(
        w, "Delete all my data?",
        "This deletes your bookmarks, notes, checklist ticks, your own checklist items "
        "and your settings from this device. It cannot be undone.\n\nDelete everything?")
    if not answer:
        return
    w.note_timer.stop()
    w.services.user.wipe()
    w.reset_after_wipe()
    w.statusBar().showMessage("All your data on this device was deleted.", 6000)

@user_errors
def print_document(w, mode: str, what: str) -> None:
    from desktop.printing import documents
    from desktop.ui import print_dialogs

    html, title = _print_html(w, documents, what)
    run = {"print": print_dialogs.print_html, "preview": print_dialogs.preview,
           "pdf": print_dialogs.export_pdf_dialog}[mode]
    run(w, html, title, w.settings)

@user_errors
def open_packs(w) -> None:
    from desktop.ui.packs_dialog import ContentPacksDialog

    dialog = ContentPacksDialog(w.services, w)
    dialog.content_changed.connect(w.reload_content)
    w._packs_dialog = dialog
    dialog.open()

def show_about(w) -> None:  # noqa: ANN001
    meta = w.services.content.meta
    QMessageBox.about(
        w, f"About {APP_NAME}",
        f"<h3>{APP_NAME} {__version__}</h3><p>An offline emergency reference. Nothing "
        "in this app uses the network.</p>"
        f"<p>Content: {meta.get('content_name', '')} {meta.get('content_version', '')}"
        f"<br>As of {meta.get('content_as_of', '?')} — a dated reference, not live "
        f"advice.<br>Content hash {meta.get('content_hash', '')[:16]}</p>")

@user_errors
def reload_content(w, explicit: Path | None) -> None:
    from desktop.services import open_content

    new, warnings = open_content(w.services.paths, explicit)
    w.services.replace_content(new)
    w._records_section = None
    w._drop_views()
    w.history, w.position = [], -1
    w._update_status()
    if warnings:
        w._set_banner(warnings)
    w.search.set_search(w._search)
    w.show_overview()


def _print_html(w, documents, what: str) -> tuple[str, str]:  # noqa: ANN001
    """The HTML and title to print for the page shown, the contact sheet or the card."""
    content, settings = w.services.content, w.settings
    if what == "contacts":
        country = settings.country
        return documents.contacts_html(content, country, settings), "Contact sheet"
    if what == "card":
        return documents.card_html(content, settings), "Wallet card"
    kind, ident = w.location
    if kind in PAGE_KINDS:
        title = content.title(kind, content.get(kind, ident))
        if kind == "checklist":
            return documents.checklist_html(content, w.services.user, ident, settings), title
        return documents.page_document_html(content, kind, ident, settings), title
    title = {"overview": "Overview", "planner": "Route planner"}.get(kind, ident)
    body = w.page.body() if kind != "planner" else _planner_body(w)
    return document_html(body, "light", settings.font_scale, title), title


def _planner_body(w) -> str:  # noqa: ANN001
    from desktop.ui.pages import esc

    model = w.planner.model
    head = "".join(f"<th align='left'>{esc(h)}</th>" for h in model.HEADERS)
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(model.index(r, c).data())}</td>"
                         for c in range(model.columnCount())) + "</tr>"
        for r in range(model.rowCount()))
    return (f"<h1>Route planner</h1><p>Passport {esc(w.settings.passport)}, from "
            f"{esc(w.planner.city.currentText())}</p>"
            f"<table cellpadding='4' border='1' cellspacing='0'><tr>{head}</tr>{rows}</table>")


def apply_settings(w, new) -> None:  # noqa: ANN001
    """Use and store new settings, then refresh what shows them."""
    w.settings = new
    w._save_settings()
    w._apply_style()
    if w.planner is not None:
        w.planner.set_choice(new.passport, new.city)
    w._show(w.location)


