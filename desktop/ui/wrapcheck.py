"""A check box whose text wraps onto more lines instead of running off a narrow window
(at a large text size a checklist item is often wider than the pane)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QCheckBox, QSizePolicy, QStyle, QStyleOptionButton, QWidget

FLAGS = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


class WrapCheckBox(QCheckBox):
    """A QCheckBox (same state, signals, keyboard and accessible name) that wraps its text."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _indicator(self) -> tuple[int, int]:
        style = self.style()
        option = QStyleOptionButton()
        self.initStyleOption(option)
        width = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, option, self)
        gap = style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, option, self)
        return width, gap

    def _text_rect(self, width: int) -> QRect:
        box, gap = self._indicator()
        return QRect(box + gap + 2, 0, max(20, width - box - gap - 4), 10_000)

    def hasHeightForWidth(self) -> bool:
        """Yes: the height follows the width (wrapped lines)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height the wrapped text needs at this width."""
        text = self.fontMetrics().boundingRect(self._text_rect(width), FLAGS, self.text())
        return max(self._indicator()[0], text.height()) + 4

    def sizeHint(self) -> QSize:
        """As wide as a short line, as high as the wrapped text at that width."""
        width = min(super().sizeHint().width(), 420)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """Narrow: the text wraps."""
        box, gap = self._indicator()
        return QSize(box + gap + 40, self.heightForWidth(box + gap + 40))

    def hitButton(self, pos: QPoint) -> bool:
        """The whole box and its text toggle it, as a normal check box does."""
        return self.rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The style's indicator, then the text wrapped beside it, then the focus ring."""
        painter = QPainter(self)
        style = self.style()
        option = QStyleOptionButton()
        self.initStyleOption(option)
        box, _ = self._indicator()
        line = self.fontMetrics().height()
        option.rect = QRect(0, max(0, (line - box) // 2) + 2, box, box)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, option, painter, self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        text_rect = self._text_rect(self.width())
        text_rect.setHeight(self.height())
        painter.drawText(text_rect.adjusted(0, 2, 0, 0), FLAGS, self.text())
        if self.hasFocus():
            focus = QStyleOptionButton()
            focus.initFrom(self)
            focus.rect = self.rect()
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, self)
        painter.end()
