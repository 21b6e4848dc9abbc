"""Draw the app icon (a way across a border) as PNG and ICO: ``python packaging/make_icon.py``.

Writes resources/icons/safe-passage.png (256 px, the window icon) and app.ico (for the
Windows bundle).  Drawn with Qt so it needs nothing beyond the app's own dependencies.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    """The icon at one size: a blue tile, a dashed border line, an arrow crossing it."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    p.fillPath(tile, QBrush(QColor("#0b57a4")))
    pen = QPen(QColor("#ffffff"), 12 * s, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
    pen.setDashPattern([2.2, 1.6])
    p.setPen(pen)
    p.drawLine(QPointF(128 * s, 40 * s), QPointF(128 * s, 216 * s))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffd54a"))
    arrow = QPolygonF([QPointF(x * s, y * s) for x, y in (
        (44, 112), (150, 112), (150, 80), (212, 128), (150, 176), (150, 144), (44, 144))])
    p.drawPolygon(arrow)
    p.end()
    return image


def main() -> int:
    """Write the PNG and the ICO."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(ICONS / "safe-passage.png"))
    draw(256).save(str(ICONS / "app.ico"))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
