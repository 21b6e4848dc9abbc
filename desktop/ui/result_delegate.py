"""Paints a search result as rich text: kind label, title, snippet with marked words.

Loaded when the first results are shown: the QStyle classes it needs cost start-up time.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.models import HTML_ROLE


class HtmlDelegate(QStyledItemDelegate):
    """Paints an item's HTML_ROLE (kind label, title, snippet with marked words)."""

    PAD = 6

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(self.PAD)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        colour = option.palette.color(role).name()
        doc.setDefaultStyleSheet(f"body {{ color: {colour}; }} b {{ text-decoration: underline; }}")
        doc.setDefaultFont(option.font)
        doc.setHtml(f"<body>{index.data(HTML_ROLE) or ''}</body>")
        doc.setTextWidth(max(80, option.rect.width()))
        return doc

    def paint(self, painter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)
