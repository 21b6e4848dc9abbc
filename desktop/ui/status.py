"""The status bar's permanent line: how old the content is, marked when it is dated."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.content import age_days
from desktop.pages.model import age_text, fmt_date
from desktop.pages.records import stale_days
from desktop.storage.content_db import ContentDB


class ContentStatus:
    """'Offline reference · content as of …' and, when it is old, a warning beside it."""

    def __init__(self, bar: QStatusBar):
        self.label = QLabel(bar)
        self.stale = QLabel(bar)
        self.stale.setObjectName("staleWarning")
        bar.addWidget(self.label)
        bar.addPermanentWidget(self.stale)

    def show(self, content: ContentDB) -> None:
        """Say how old this content is."""
        as_of = content.meta.get("content_as_of")
        self.label.setText(f"Offline reference · content as of {fmt_date(as_of) or 'unknown'}")
        days = age_days(as_of)
        stale = days is not None and days > stale_days(content)
        self.stale.setText(f"⚠ Dated reference: {age_text(days)} old" if stale else "")
        self.stale.setToolTip(f"This content is {age_text(days)} old. Check official "
                              "sources when you can." if stale else "")
        self.stale.setVisible(stale)
