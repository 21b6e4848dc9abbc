"""Turn print HTML into pages: QTextDocument layout, PDF export and printing.

QtGui and QtPrintSupport only (never QtWidgets), so the CLI prints without a display.
Every function here needs a ``QGuiApplication`` to exist (the CLI creates one).

Pagination is done here, not by ``QTextDocument.print_``: the document is laid out on the
output device at its own resolution with our margins, so the page count is known before a
single page is painted (``page_count``), and each page gets the same small footer
("Safe Passage · page 1 of 2").  A document may ask to fit on N pages with
``<meta name="sp-max-pages" content="N">``; the type is then shrunk step by step (never
below ``MIN_FIT_SCALE`` of the requested size) until it does.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from desktop import APP_NAME
from desktop.errors import UserFacingError
from desktop.pages.printout import SPACER
from desktop.paths import resources_dir

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FALLBACK_FAMILY = "DejaVu Sans"
PDF_RESOLUTION = 300
MARGINS_MM = QMarginsF(14, 14, 14, 16)
FOOTER_MM = 6.0
MIN_FIT_SCALE = 0.6
SOFT_FIT = (0.94, 0.88)
# Territories (ISO 3166 alpha-2) that use US Letter paper; everywhere else uses A4.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA",
                                "DO", "PR", "SV", "NI", "HN", "BZ", "BO"})
PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
_MAX_PAGES = re.compile(r"""<meta\s+name=["']sp-max-pages["']\s+content=["'](\d+)["']""",
                        re.IGNORECASE)

_family: str | None = None


class PrintError(UserFacingError):
    """A document could not be written or printed."""


# -- fonts and paper ------------------------------------------------------------------
def font_family() -> str:
    """Register the bundled fonts once (Latin + Cyrillic + Georgian); return the family."""
    global _family
    if _family is None:
        families: list[str] = []
        for name in FONT_FILES:
            path = resources_dir() / "fonts" / name
            if path.is_file():
                font_id = QFontDatabase.addApplicationFont(str(path))
                if font_id >= 0:
                    families.extend(QFontDatabase.applicationFontFamilies(font_id))
        _family = families[0] if families else FALLBACK_FAMILY
    return _family


def paper_name(value: object = "auto") -> str:
    """'A4' or 'Letter' for a Settings object or a name; 'auto' follows the locale."""
    name = getattr(value, "paper", value) or "auto"
    if name in PAPERS:
        return str(name)
    if str(name).lower() == "letter":
        return "Letter"
    if str(name).lower() == "a4":
        return "A4"
    from PySide6.QtCore import QLocale

    locale = QLocale()
    territory = QLocale.territoryToCode(locale.territory())
    if territory in LETTER_TERRITORIES or (
            locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem):
        return "Letter"
    return "A4"


def paper_size(value: object = "auto") -> QPageSize:
    """The QPageSize for a Settings object or a paper name ('auto', 'A4', 'Letter')."""
    return QPageSize(PAPERS[paper_name(value)])


def page_layout(paper: object = "A4") -> QPageLayout:
    """Portrait page layout with the standard print margins."""
    return QPageLayout(paper_size(paper), QPageLayout.Orientation.Portrait, MARGINS_MM,
                       QPageLayout.Unit.Millimeter)


# -- documents ----------------------------------------------------------------------
def print_css(font_scale: float = 1.0, family: str | None = None) -> str:
    """The print style sheet, with every type size multiplied by ``font_scale``."""
    fam = family or font_family()

    def pt(size: float) -> str:
        return f"{size * font_scale:.2f}pt"

    return f"""
body {{ font-family: '{fam}'; font-size: {pt(10)}; color: #111111; }}
p {{ margin-top: 0px; margin-bottom: 4px; }}
a {{ color: #111111; text-decoration: none; }}
h1 {{ font-size: {pt(18)}; font-weight: bold; margin-top: 0px; margin-bottom: 2px; }}
h2 {{ font-size: {pt(12.5)}; font-weight: bold; margin-top: 12px; margin-bottom: 4px; }}
h3 {{ font-size: {pt(11)}; font-weight: bold; margin-top: 8px; margin-bottom: 3px; }}
ul, ol {{ margin-top: 0px; margin-bottom: 4px; }}
li {{ margin-bottom: 2px; }}
.kicker {{ font-size: {pt(8)}; font-weight: bold; color: #555555; margin-bottom: 2px; }}
.summary {{ font-size: {pt(10.5)}; margin-top: 2px; margin-bottom: 4px; }}
.meta {{ font-size: {pt(8)}; color: #444444; margin-bottom: 0px; }}
.small {{ font-size: {pt(8)}; color: #444444; }}
.tiny {{ font-size: {pt(7)}; color: #444444; }}
.item {{ font-size: {pt(10.5)}; margin-bottom: 0px; }}
.item-high {{ font-size: {pt(10.5)}; font-weight: bold; margin-bottom: 0px; }}
.detail {{ font-size: {pt(8.5)}; color: #444444; margin-top: 1px; margin-bottom: 0px; }}
.tag {{ font-size: {pt(7)}; font-weight: bold; color: #333333; }}
.mark {{ font-size: {pt(10)}; font-weight: bold; }}
.label {{ font-size: {pt(8.5)}; color: #444444; }}
.value {{ font-size: {pt(10)}; }}
.big {{ font-size: {pt(15)}; font-weight: bold; }}
.num {{ font-size: {pt(20)}; font-weight: bold; }}
.name {{ font-size: {pt(10.5)}; font-weight: bold; }}
.local {{ font-size: {pt(10)}; }}
.status {{ font-size: {pt(7.5)}; font-weight: bold; }}
.footer {{ font-size: {pt(7.5)}; color: #444444; margin-top: 0px; }}
.card {{ font-size: {pt(8)}; }}
.card-title {{ font-size: {pt(9)}; font-weight: bold; }}
.card-num {{ font-size: {pt(13)}; font-weight: bold; }}
.card-small {{ font-size: {pt(6.5)}; color: #333333; }}
.card-local {{ font-size: {pt(8.5)}; font-weight: bold; }}
.card-tr {{ font-size: {pt(6.5)}; color: #333333; }}
"""


def make_document(html: str, *, font_scale: float = 1.0, base_css: str | None = None
                  ) -> QTextDocument:
    """A QTextDocument of ``html`` with the print style sheet and the bundled font."""
    family = font_family()
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(QFont(family, max(1, round(10 * font_scale))))
    doc.setDefaultStyleSheet(base_css if base_css is not None
                             else print_css(font_scale, family))
    spacer = QImage(1, 1, QImage.Format.Format_ARGB32)
    spacer.fill(Qt.GlobalColor.transparent)
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(SPACER), spacer)
    doc.setHtml(html)
    return doc


def max_pages(html: str) -> int | None:
    """The page limit a document asks for (``<meta name="sp-max-pages">``), if any."""
    match = _MAX_PAGES.search(html)
    return int(match.group(1)) if match else None


@dataclass
class Laid:
    """A document laid out for one device: page rectangle in device pixels."""

    doc: QTextDocument
    body: QRectF
    footer_height: float
    pages: int


def _layout(doc: QTextDocument, device: QPagedPaintDevice) -> Laid:
    """Lay ``doc`` out on ``device`` with our margins; return the page geometry."""
    layout = device.pageLayout()
    dpi = device.resolution() if isinstance(device, QPdfWriter) else device.logicalDpiY()
    paint = layout.paintRectPixels(dpi)
    footer = FOOTER_MM / 25.4 * dpi
    body = QRectF(0, 0, paint.width(), paint.height() - footer)
    doc.documentLayout().setPaintDevice(device)
    doc.setPageSize(QSizeF(body.width(), body.height()))
    return Laid(doc, body, footer, doc.pageCount())


def _fit(html: str, device: QPagedPaintDevice, font_scale: float) -> Laid:
    """Lay out ``html`` on ``device``, shrinking the type when that saves paper.

    A document's own page limit (``sp-max-pages``) is met by shrinking down to
    ``MIN_FIT_SCALE``; any other multi-page document is shrunk by up to ``SOFT_FIT``
    only if that saves its last page (no lone footer on a page of its own).
    """
    limit = max_pages(html)
    laid = _layout(make_document(html, font_scale=font_scale), device)
    if limit and laid.pages > limit:
        scale = font_scale
        while laid.pages > limit and scale > font_scale * MIN_FIT_SCALE:
            scale *= 0.92
            laid = _layout(make_document(html, font_scale=scale), device)
    elif laid.pages > 1:
        for factor in SOFT_FIT:
            tighter = _layout(make_document(html, font_scale=font_scale * factor), device)
            if tighter.pages < laid.pages:
                return tighter
    return laid


def _paint(laid: Laid, device: QPagedPaintDevice, title: str, first: int = 1,
           last: int | None = None) -> None:
    """Paint pages ``first``..``last`` (1-based) of a laid-out document onto ``device``."""
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError("The printer or file could not be opened for writing.")
    try:
        last = min(last or laid.pages, laid.pages)
        footer_font = QFont(font_family())
        footer_font.setPointSizeF(7)
        height = laid.body.height()
        for number in range(first, last + 1):
            if number > first:
                device.newPage()
            painter.save()
            painter.translate(0, -(number - 1) * height)
            clip = QRectF(0, (number - 1) * height, laid.body.width(), height)
            painter.setClipRect(clip)
            laid.doc.drawContents(painter, clip)
            painter.restore()
            painter.setFont(footer_font)
            painter.setPen(QColor("#555555"))
            strip = QRectF(0, height, laid.body.width(), laid.footer_height)
            left = f"{APP_NAME} · {title}" if title else APP_NAME
            painter.drawText(strip, int(Qt.AlignmentFlag.AlignLeft
                                        | Qt.AlignmentFlag.AlignBottom), left)
            if laid.pages > 1:
                painter.drawText(strip, int(Qt.AlignmentFlag.AlignRight
                                            | Qt.AlignmentFlag.AlignBottom),
                                 f"page {number} of {laid.pages}")
    finally:
        painter.end()


def page_count(html: str, *, paper: object = "A4", font_scale: float = 1.0) -> int:
    """How many pages ``html`` will print on (after any fit-to-page shrinking)."""
    with tempfile.TemporaryDirectory() as folder:
        writer = _writer(Path(folder) / "count.pdf", paper, "")
        return _fit(html, writer, font_scale).pages


def _writer(path: Path, paper: object, title: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle(title or APP_NAME)
    writer.setCreator(APP_NAME)
    return writer


def export_pdf(html: str, path: str | os.PathLike[str], *, paper: object = "A4",
               font_scale: float = 1.0, title: str = "") -> int:
    """Write ``html`` as a PDF at ``path`` (atomically); return the number of pages.

    Works with no printer installed.  An unwritable destination raises ``PrintError``.
    """
    target = Path(path)
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise PrintError(f"Cannot write {target}: {exc.strerror or exc} "
                         f"(is {folder} a folder you can write to?).") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer = _writer(tmp, paper, title)
        laid = _fit(html, writer, font_scale)
        _paint(laid, writer, title)
        pages = laid.pages
        del laid, writer  # the document first (it points at the writer), then the file
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise PrintError(f"Cannot write {target}: the PDF could not be created.")
        try:
            tmp.chmod(0o666 & ~_umask())  # mkstemp made it private; a PDF is not
            os.replace(tmp, target)
        except OSError as exc:
            raise PrintError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
        return pages
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def print_document(doc_or_html: QTextDocument | str, printer: QPrinter, *,
                   font_scale: float = 1.0, title: str = "") -> int:
    """Print (or preview) a document on ``printer`` with our margins and footer.

    Accepts print HTML (preferred: fit-to-page limits apply) or a QTextDocument, whose
    HTML is re-laid out for the printer.  Honours the printer's page range.  Returns the
    number of pages of the document.
    """
    html = doc_or_html if isinstance(doc_or_html, str) else doc_or_html.toHtml()
    if not title and isinstance(doc_or_html, QTextDocument):
        title = doc_or_html.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
    printer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    laid = _fit(html, printer, font_scale)
    first = printer.fromPage() or 1
    last = printer.toPage() or laid.pages
    _paint(laid, printer, title, first, last)
    return laid.pages


def time_checklist_pdf(content, user, checklist_id: str, path: str | os.PathLike[str],
                       settings=None) -> float:
    """Milliseconds to build a checklist's print HTML and write it as a PDF (benchmark)."""
    from desktop.pages.checklist import checklist_html

    settings = settings or user.settings()
    app = QGuiApplication.instance()
    if app is None:
        raise RuntimeError("time_checklist_pdf needs a QGuiApplication")
    start = time.perf_counter()
    html = checklist_html(content, user, checklist_id)
    export_pdf(html, path, paper=paper_name(settings), font_scale=settings.font_scale,
               title=content.get("checklist", checklist_id)["title"])
    return (time.perf_counter() - start) * 1000.0
