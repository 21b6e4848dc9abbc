"""Thin dialogs over ``desktop.printing.render``: preview, print, export PDF.

Each takes the print HTML (from ``desktop.pages``), a title and the user's
Settings (paper and type size).  Layout and pagination live in ``render``, so the preview,
the printer and the PDF show the same pages.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QPageLayout
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


def export_pdf_dialog(parent: QWidget | None, html: str, title: str, settings: object
                      ) -> Path | None:
    """Ask where to save, write the PDF, and report problems; the path or None."""
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, "Export PDF",
                                          str(Path(folder) / suggested_filename(title)),
                                          "PDF documents (*.pdf)")
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    try:
        render.export_pdf(html, target, paper=render.paper_name(settings),
                          font_scale=_scale(settings), title=title)
    except UserFacingError as exc:
        QMessageBox.warning(parent, "Export failed", str(exc))
        return None
    return target


def print_location(parent: QWidget, services: Services, settings: Settings,
                   location: tuple[str, str], mode: str, what: str,
                   planner_city: str | None = None) -> None:
    """Print, preview ('preview') or save as PDF ('pdf') what the window shows
    (``what`` 'page') or the contact sheet or wallet card ('contacts', 'card')."""
    from desktop.pages.jobs import printout

    kind, ident = location
    if what == "page" and kind in ("overview", "planner"):
        what = kind
    elif what == "page" and kind in ("section", "help"):
        raise NotFoundError("Open a page to print it (a list of pages does not print).")
    html, title = printout(services.content, services.user, what, kind=kind,
                           record_id=ident, country=settings.country,
                           passports=settings.passports,
                           city=(planner_city or settings.city) if what == "planner"
                           else settings.city)
    run = {"print": print_html, "preview": preview, "pdf": export_pdf_dialog}[mode]
    run(parent, html, title, settings)
