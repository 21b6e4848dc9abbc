"""The warning banner above the window's content (a damaged data file, a refused content
pack, a read-only data file): shown while there is something to say, dismissible."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop.ui.lazy_qt import set_props


class Banner(QFrame):
    """One line per warning, with a Dismiss button."""

    def __init__(self, warnings: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        set_props(self.label, textFormat="PlainText")
        close = QToolButton(self)
        close.setText("Dismiss")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.hide)
        row.addWidget(self.label, 1)
        row.addWidget(close)
        self.set_warnings(warnings)

    def set_warnings(self, warnings: list[str]) -> None:
        """Show these warnings (hidden when there are none)."""
        self.label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.setVisible(bool(warnings))
