"""The status bar's permanent line: how old the content is, marked when it is dated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.content import age_days
from desktop.pages.model import age_text, fmt_date
from desktop.pages.records import stale_days
from desktop.storage.content_db import ContentDB
from desktop.ui.lazy_qt import Qt

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent


class ShortLabel(QLabel):
    """A one-line label that, when the window is narrower than its text, ends in "…"
    instead of making the window wider (its text, name and tooltip stay whole)."""

    def minimumSizeHint(self) -> QSize:
        """A few characters wide."""
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * 8),
                     hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """As a label while the text fits; else the style's background (a dated warning's
        colour), then the text, shortened."""
        area = self.contentsRect()
        margin = self.margin()
        area.adjust(margin, margin, -margin, -margin)
        if self.fontMetrics().horizontalAdvance(self.text()) <= area.width():
            super().paintEvent(event)
            return
        # Loaded only when a text is cut (QStyle's enums take ~12 ms to make at start-up).
        from PySide6.QtGui import QPainter
        from PySide6.QtWidgets import QStyle, QStyleOption

        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             area.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         text)
        painter.end()


class ContentStatus:
    """'Offline reference · content as of …' and, when it is old, a warning beside it."""

    def __init__(self, bar: QStatusBar):
        self.label = ShortLabel(bar)
        self.stale = ShortLabel(bar)
        self.stale.setObjectName("staleWarning")
        bar.addWidget(self.label, 1)
        bar.addPermanentWidget(self.stale)

    def show(self, content: ContentDB) -> None:
        """Say how old this content is."""
        as_of = content.meta.get("content_as_of")
        self.label.setText(f"Offline reference · content as of {fmt_date(as_of) or 'unknown'}")
        self.label.setToolTip(self.label.text())
        days = age_days(as_of)
        stale = days is not None and days > stale_days(content)
        self.stale.setText(f"⚠ Dated reference: {age_text(days)} old" if stale else "")
        self.stale.setToolTip(f"This content is {age_text(days)} old. Check official "
                              "sources when you can." if stale else "")
        self.stale.setVisible(stale)
