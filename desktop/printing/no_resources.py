"""What a document of content HTML gets when it asks for a resource: nothing.

Content HTML (packs included) may name any file or address as an image or style sheet.
Documents that show it (the page view, the print renderer) answer every such request with
``refused_resource``, so only resources the app adds itself (``addResource``) appear.
QtGui only, and light: the page view loads it when a page first asks for a resource.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument


def refused_resource(kind: int | QTextDocument.ResourceType) -> object:
    """What ``loadResource`` returns for anything content names: None, or for an image a
    blank 1×1 image — given None, Qt's image handler reads the named file by itself."""
    value = getattr(kind, "value", kind)
    if value == QTextDocument.ResourceType.ImageResource.value:
        from PySide6.QtCore import Qt  # (not at import: see desktop.ui.lazy_qt)
        from PySide6.QtGui import QImage

        blank = QImage(1, 1, QImage.Format.Format_ARGB32)
        blank.fill(Qt.GlobalColor.transparent)
        return blank
    return None
