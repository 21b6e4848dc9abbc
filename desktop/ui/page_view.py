"""The page view: a QTextBrowser that never touches the network.

Every link click comes here (``setOpenLinks(False)``): ``sp://`` links and ``copy:`` buttons
are handed to the window by signal; ``#anchors`` scroll; http(s)/mailto links open only
after a confirmation that shows the full address.  ``loadResource`` loads nothing: page
HTML comes from content (packs included), so an image or style sheet it names — a
``file:`` URL, an absolute or relative path, a remote address — is never read.  Only
resources the app adds to the document itself (``addResource``) are shown.

To a screen reader the page is a document named after the page, with its headings,
paragraphs, tables and links as objects of their own (``desktop.ui.page_access``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFont
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.pages.model import EXTERNAL_SCHEMES
from desktop.pages.screen import BODY_PT, css
from desktop.ui import access
from desktop.ui.announce import post
from desktop.ui.page_tree import PageTree
from desktop.ui.util import ask

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QResizeEvent

    from desktop.ui.page_access import PageAccessible

WIDE_PX = 640  # page width (at 100 % text) from which two-column layouts are used


def confirm_external(parent: QWidget | None, url: QUrl) -> bool:
    """Ask before opening an address outside the app; True when the person says Yes."""
    address = url.toString()
    answer = ask(
        parent, "Open outside Safe Passage?",
        "This link leads outside Safe Passage and needs a network connection (or another "
        f"program):\n\n{address}\n\nOpen it?")
    return answer


class PageView(QTextBrowser):
    """Shows one page of HTML built by ``pages``/``overview`` in the current theme."""

    internal_link = Signal(str)   # "sp://kind/id" and friends
    wide_changed = Signal(bool)   # the page became wide enough for two columns, or not
    copy_requested = Signal(str)  # "kind/id/field[/n]"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Page")
        self.setObjectName("page")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self._theme, self._scale, self._body, self._title = "light", 1.0, "", ""
        self._wide = True
        self.document().setDocumentMargin(18)
        self.anchorClicked.connect(self._on_anchor)
        self.page_tree = PageTree(self)
        self.cursorPositionChanged.connect(self.page_tree.cursor_moved)

    # -- content ----------------------------------------------------------------------
    def set_style(self, theme: str, scale: float) -> None:
        """Recolour and rescale the page (re-renders the current page)."""
        self._theme, self._scale = theme, scale
        if self._body:
            self.show_html(self._body, keep_position=True)

    def show_html(self, body: str, *, keep_position: bool = False) -> None:
        """Show a page body with the current style sheet."""
        position = self.verticalScrollBar().value()
        self._body = body
        # Qt sizes headings relative to the document's default font (h1 = xx-large), not
        # from the style sheet's font-size: the default font carries the text size.
        font = QFont(self.font())
        font.setPointSizeF(BODY_PT * self._scale)
        self.document().setDefaultFont(font)
        self.document().setDefaultStyleSheet(css(self._theme, self._scale))
        self.setHtml(f"<html><body>{body}</body></html>")
        self.page_tree.reset()
        if keep_position:
            self.verticalScrollBar().setValue(position)

    def is_wide(self) -> bool:
        """True when the page has room for two columns at the current text size (the
        answer is remembered: a resize that changes it emits ``wide_changed``).  Measured
        without the scroll bar, which comes and goes with the layout; and asking for the
        viewport widget itself would cost start-up ~15 ms (PySide looks up its type)."""
        self._wide = self.maximumViewportSize().width() >= WIDE_PX * self._scale
        return self._wide

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Say when the page crosses the width that decides between one and two columns."""
        super().resizeEvent(event)
        was = self._wide
        if self.is_wide() != was:
            self.wide_changed.emit(self._wide)

    def set_title(self, title: str) -> None:
        """Name the page for a screen reader (the title of what is shown)."""
        if title != self._title:
            self._title = title
            post(QAccessibleEvent(self, QAccessible.Event.NameChanged))

    def page_title(self) -> str:
        """The title of the page shown ('' before the first)."""
        return self._title

    def body(self) -> str:
        """The body HTML currently shown."""
        return self._body

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """Load nothing named by the page: no files, no paths, no network, ever (an image
        comes back blank, so Qt does not read the file by itself)."""
        from desktop.printing.no_resources import refused_resource  # (not at start-up)

        return refused_resource(kind)

    # -- links --------------------------------------------------------------------------
    def focusInEvent(self, event: QFocusEvent) -> None:
        """Coming back to a page whose link is still selected speaks that link."""
        super().focusInEvent(event)
        if self.textCursor().hasSelection():
            self.page_tree.cursor_moved(announce=True)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab moves between the page's links (Qt selects the link, without a signal):
        tell a screen reader which link it is on."""
        moved = super().focusNextPrevChild(next)
        if moved and self.hasFocus():
            self.page_tree.cursor_moved()
        return moved

    def open_link(self, href: str) -> None:
        """Follow a link as a click on it would."""
        self._on_anchor(QUrl(href))

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        text = url.toString()
        if scheme == "sp":
            self.internal_link.emit(text)
        elif scheme == "copy":
            self.copy_requested.emit(text[len("copy:"):])
        elif scheme == "" and url.hasFragment():
            self.scrollToAnchor(url.fragment())
        elif scheme in EXTERNAL_SCHEMES and confirm_external(self, url):
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)
        # anything else (file:, javascript:, ...) is ignored on purpose


def _accessible(view: PageView) -> PageAccessible:
    """The page's interface for a screen reader (its module loads when one first asks)."""
    from desktop.ui.page_access import PageAccessible

    return PageAccessible(view)


access.register(PageView, _accessible)
