"""A row of controls that wraps onto more lines when it is narrower than they are (a row of
buttons at a large text size on a small screen), instead of making the window wider."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QWidget


class FlowLayout(QLayout):
    """Lays its items left to right and starts a new line when the next does not fit.
    An item added with ``stretch=True`` (at most one a line) takes the rest of its line."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: set[int] = set()
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        """Qt adds widgets through here."""
        self._items.append(item)

    def add(self, widget: QWidget, *, stretch: bool = False) -> None:
        """Add a widget; with ``stretch`` it takes the rest of its line."""
        if stretch:
            self._stretch.add(id(widget))
        self.addWidget(widget)

    def count(self) -> int:
        """How many items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """The item at ``index`` (None past the end)."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Remove and return the item at ``index``."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        """Horizontally: the line is as wide as it is given."""
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        """Yes: fewer lines when wider."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height its lines take at ``width``."""
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        """Place the items in lines inside ``rect``."""
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        gap = self._gap()
        hints = [item.sizeHint() for item in self._visible()]
        width = sum(h.width() for h in hints) + gap * max(0, len(hints) - 1)
        return QSize(width, max((h.height() for h in hints), default=0)) + self._margins()

    def minimumSize(self) -> QSize:
        """As narrow as its widest item (then one item a line)."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size + self._margins()

    def _margins(self) -> QSize:
        m: QMargins = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        if style is None:
            return 6
        return max(4, style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing))

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            width = min(item.sizeHint().width(), area.width())
            if lines[-1] and used + gap + width > area.width():
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append(item)
        y = area.top()
        for line in lines:
            height = max((self._height(item, area.width()) for item in line), default=0)
            if move:
                self._place(line, area, y, height, gap)
            y += height + (gap if line is not lines[-1] else 0)
        return y - area.top() + m.top() + m.bottom()

    def _height(self, item: QLayoutItem, width: int) -> int:
        hint = item.sizeHint()
        if item.hasHeightForWidth():
            return item.heightForWidth(min(hint.width(), width))
        return hint.height()

    def _place(self, line: list[QLayoutItem], area: QRect, y: int, height: int,
               gap: int) -> None:
        widths = [min(item.sizeHint().width(), area.width()) for item in line]
        spare = area.width() - sum(widths) - gap * (len(line) - 1)
        x = area.left()
        for item, width in zip(line, widths, strict=True):
            widget = item.widget()
            if spare > 0 and widget is not None and id(widget) in self._stretch:
                width += spare
                spare = 0
            item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + gap
