"""Thin dialogs over ``desktop.printing.render``: preview, print, export PDF.

Each takes the print HTML (from ``desktop.pages``), a title and the user's
Settings (paper and type size).  Layout and pagination live in ``render``, so the preview,
the printer and the PDF show the same pages.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.errors import NotFoundError, UserFacingError
from desktop.printing import render
from desktop.services import Services
from desktop.storage.user_db import Settings


def _scale(settings: object) -> float:
    return float(getattr(settings, "font_scale", 1.0) or 1.0)


def _printer(settings: object, title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(render.paper_size(settings))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(render.MARGINS_MM, QPageLayout.Unit.Millimeter)
    printer.setDocName(title)
    return printer


def _paint(html: str, title: str, settings: object):
    def paint(printer: QPrinter) -> None:
        # On failure the preview shows nothing; printing reports failures itself.
        with contextlib.suppress(UserFacingError):
            render.print_document(html, printer, font_scale=_scale(settings), title=title)
    return paint


def preview(parent: QWidget | None, html: str, title: str, settings: object) -> None:
    """Show a print preview; its Print button prints exactly what is shown."""
    printer = _printer(settings, title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview — {title}")
    dialog.paintRequested.connect(_paint(html, title, settings))
    dialog.exec()


def no_printer() -> bool:
    """True when the system has no printer installed."""
    return not QPrinterInfo.availablePrinters()


def print_html(parent: QWidget | None, html: str, title: str, settings: object) -> bool:
    """Print through the system print dialog; with no printer, offer a PDF instead.

    Returns True if something was printed or saved.
    """
    if no_printer():
        answer = QMessageBox.question(
            parent, "No printer",
            "No printer is installed on this computer. Save the document as a PDF "
            "instead? You can print the PDF later or on another computer.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer != QMessageBox.StandardButton.Save:
            return False
        return export_pdf_dialog(parent, html, title, settings) is not None
    printer = _printer(settings, title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {title}")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    try:
        render.print_document(html, printer, font_scale=_scale(settings), title=title)
    except UserFacingError as exc:
        QMessageBox.warning(parent, "Printing failed", str(exc))
        return False
    return True


def suggested_filename(title: str) -> str:
    """A safe file name for a document title ('Leaving now' -> 'Leaving now.pdf')."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .") or "Safe Passage"
    return f"{name[:80]}.pdf"


def ask_pdf_path(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    """Ask where to save a PDF (in the last folder used, else Documents); None if cancelled.

    Qt's own dialog, not the desktop's: it keeps its history in Qt's settings, which the
    app keeps in its own folder (``app.keep_qt_settings_in``), where "Delete all my data"
    reaches it; a desktop dialog would record the file in the desktop's recent list.
    """
    folder = start if start and Path(start).is_dir() else (QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home()))
    dialog = QFileDialog(parent, "Export PDF", str(Path(folder) / suggested_filename(title)),
                         "PDF documents (*.pdf)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setDefaultSuffix("pdf")
    accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
    chosen = dialog.selectedFiles() if accepted else []
    dialog.setParent(None)  # gone (and its history saved) now, not when the window closes
    del dialog
    return Path(chosen[0]) if chosen else None


def confirm_saved(parent: QWidget | None, target: Path) -> None:
    """Say where the PDF went, with a button that opens its folder."""
    box = QMessageBox(QMessageBox.Icon.Information, "PDF saved",
                      f"The PDF was saved as:\n\n{target}", QMessageBox.StandardButton.Ok,
                      parent)
    open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target.parent)))


def export_pdf_dialog(parent: QWidget | None, html: str, title: str, settings: Settings
                      ) -> Path | None:
    """Ask where to save, write the PDF, say where it went or what went wrong; the path
    or None.  The folder is kept in ``settings.export_dir`` (the caller saves it)."""
    target = ask_pdf_path(parent, title, settings.export_dir)
    if target is None:
        return None
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    try:
        render.export_pdf(html, target, paper=render.paper_name(settings),
                          font_scale=_scale(settings), title=title)
    except UserFacingError as exc:
        QMessageBox.warning(parent, "Export failed", str(exc))
        return None
    settings.export_dir = str(target.parent)
    confirm_saved(parent, target)
    return target


def location_printout(services: Services, settings: Settings, location: tuple[str, str],
                      what: str, planner_city: str | None = None) -> tuple[str, str]:
    """(html, title) of the printout of what the window shows (``what`` 'page'), of the
    planner ('planner') or of the contact sheet or wallet card ('contacts', 'card')."""
    from desktop.pages.jobs import printout
    from desktop.planner import place

    kind, ident = location
    # as the window shows them: settings made with other content fall back to this one's
    country, city = place(services.content, settings.country, settings.city)
    if what == "page" and kind in ("overview", "planner"):
        what = kind
    elif what == "page" and kind in ("section", "help"):
        raise NotFoundError("Open a page to print it (a list of pages does not print).")
    return printout(services.content, services.user, what, kind=kind, record_id=ident,
                    country=country, passports=settings.passports,
                    city=(planner_city or city) if what == "planner" else city)


def print_location(parent: QWidget, services: Services, settings: Settings,
                   location: tuple[str, str], mode: str, what: str,
                   planner_city: str | None = None) -> object:
    """Print, preview ('preview') or save as PDF ('pdf') what the window shows
    (``what`` 'page') or the contact sheet or wallet card ('contacts', 'card').

    Returns what the dialog returned (the PDF's path, True when printed); the caller
    saves ``settings`` (a PDF's folder is kept in ``export_dir``).
    """
    html, title = location_printout(services, settings, location, what, planner_city)
    run = {"print": print_html, "preview": preview, "pdf": export_pdf_dialog}[mode]
    return run(parent, html, title, settings)
