"""Turn print HTML into pages: QTextDocument layout, PDF export and printing.

QtGui and QtPrintSupport only (never QtWidgets).  Every function here needs a
``QGuiApplication`` to exist: the window's, or the one the ``print`` command creates on
Qt's ``offscreen`` platform (``desktop.printing.cli.ensure_gui_app``), which never
touches the display.

Pagination is done here, not by ``QTextDocument.print_``: ``_fit`` lays the document out
on the output device (the PDF writer or the printer) at its own resolution with our
margins, so the page count is known before a single page is painted, and ``_paint`` gives
each page the same small footer ("Safe Passage · page 1 of 2").  A document may ask to
fit on N pages with ``<meta name="sp-max-pages" content="N">``; the type is then shrunk
step by step (never below ``MIN_FIT_SCALE`` of the requested size) until it does.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
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

from desktop import APP_NAME, fsutil
from desktop.errors import UserFacingError
from desktop.pages.maptext import MAP_META
from desktop.pages.printout import SPACER
from desktop.paths import resources_dir
from desktop.printing.no_resources import refused_resource

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


class ContentDocument(QTextDocument):
    """A QTextDocument that loads nothing by itself.

    Print HTML comes from content (packs included), so it may name any file or address.
    Only resources the app adds with ``addResource`` (the spacer image, a map panel's
    image) are shown;
    ``file:`` URLs, absolute and relative paths and remote addresses give nothing.
    """

    def loadResource(self, kind: int, url: QUrl) -> object:  # noqa: N802 - Qt override
        """Refuse every resource not added by the app (see ``refused_resource``)."""
        return refused_resource(kind)


def make_document(html: str, *, font_scale: float = 1.0, base_css: str | None = None
                  ) -> QTextDocument:
    """A QTextDocument of ``html`` with the print style sheet and the bundled font; it
    loads no files or addresses named in the HTML (``ContentDocument``)."""
    family = font_family()
    doc = ContentDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(QFont(family, max(1, round(10 * font_scale))))
    doc.setDefaultStyleSheet(base_css if base_css is not None
                             else print_css(font_scale, family))
    spacer = QImage(1, 1, QImage.Format.Format_ARGB32)
    spacer.fill(Qt.GlobalColor.transparent)
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(SPACER), spacer)
    if f'name="{MAP_META}"' in html:  # a printout with a map panel (map_print)
        from desktop.printing.map_print import add_map

        add_map(doc, html, family)
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
    """How many pages ``html`` will print on as a PDF (after any fit-to-page shrinking),
    without painting them (the tests use it)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, paper, "")
    return _fit(html, writer, font_scale).pages


def _writer(device: QBuffer, paper: object, title: str) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle(title or APP_NAME)
    writer.setCreator(APP_NAME)
    return writer


def render_pdf(html: str, *, paper: object = "A4", font_scale: float = 1.0,
               title: str = "") -> tuple[bytes, int]:
    """The PDF of ``html`` as bytes (made in memory, so no file is touched) and its pages.

    ``PrintError`` if Qt produced something that is not a complete PDF.
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, paper, title)
    laid = _fit(html, writer, font_scale)
    _paint(laid, writer, title)
    pages = laid.pages
    del laid, writer  # the document first (it points at the writer), then the PDF ends
    data = bytes(buffer.data())
    buffer.close()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise PrintError("The PDF could not be made (it came out incomplete).")
    return data, pages


def export_pdf(html: str, path: str | os.PathLike[str], *, paper: object = "A4",
               font_scale: float = 1.0, title: str = "") -> int:
    """Write ``html`` as a PDF at ``path``; return the number of pages.

    The PDF is made in memory, then written with ``fsutil.atomic_write`` (a temporary
    file beside the target, flushed, fsynced, renamed): a full disk or any other write
    error raises ``PrintError`` and leaves the file that was at ``path`` unchanged; a
    target that is a symbolic link, device, FIFO or folder is refused.  Works with no
    printer installed.
    """
    try:
        fsutil.check_target(path)
        data, pages = render_pdf(html, paper=paper, font_scale=font_scale, title=title)
        fsutil.atomic_write(path, data)
    except fsutil.FileWriteError as exc:
        raise PrintError(str(exc)) from exc
    return pages


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
