"""The window's map keeps its geography (sea, countries, borders) drawn in an image a little
larger than the widget, so a drag only copies it at an offset and a wheel turn draws it
scaled until the wheel stops; it is drawn again when the view leaves it, changes zoom
outside a wheel turn, or a stand-in layer was used.  Markers and labels are drawn fresh
on top every frame.  QtGui only; used by ``MapPainter`` when asked to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.geo.projection import View

MARGIN_PX = 192       # drawn beyond each edge of the widget


@dataclass
class Drawn:
    """The geography image and what it shows."""

    image: QImage
    view: View            # the widget's view grown by the margin
    ratio: float
    exact: bool           # drawn with the zoom level's own layer
    key: tuple            # theme and anything else it depends on
    paths: object         # the LayerPaths it was drawn from


class GeoCache:
    """Draws a view's geography through an image kept between frames."""

    def __init__(self) -> None:
        self.drawn: Drawn | None = None

    def clear(self) -> None:
        """Forget the image (theme or model changed)."""
        self.drawn = None

    def draw(self, painter, p: QPainter, view: View, *, stand_in: bool,
             key: tuple) -> tuple[object, bool]:
        """Draw the geography of ``view`` with ``painter`` (a MapPainter) onto ``p``;
        return the LayerPaths drawn (for labels) and whether it was the exact level."""
        ratio = p.device().devicePixelRatioF()
        d = self.drawn
        if d is not None and d.key == key and d.ratio == ratio and (d.exact or stand_in):
            target = self._target(d, view)
            whole = target.contains(QRectF(0, 0, view.width, view.height))
            if whole and math.isclose(d.view.scale, view.scale, rel_tol=1e-9):
                p.drawImage(target.topLeft(), d.image)
                return d.paths, d.exact
            if whole and stand_in:  # mid wheel turn: scaled until the wheel stops
                p.drawImage(target, d.image)
                return d.paths, False
        grown = replace(view, width=view.width + 2 * MARGIN_PX,
                        height=view.height + 2 * MARGIN_PX)
        paths, exact = painter.paths_for(grown, stand_in=stand_in)
        image = QImage(math.ceil(grown.width * ratio), math.ceil(grown.height * ratio),
                       QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(QColor(painter.colours["sea"]))
        q = QPainter(image)
        try:
            q.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            old = self._reusable(d, grown, paths, exact, key, ratio)
            if old is None:
                painter.geography(q, grown, paths)
            else:  # a drag left the image: keep what it has, draw only the new strips
                q.drawImage(old.topLeft(), d.image)
                for strip in _strips(QRectF(0, 0, grown.width, grown.height), old):
                    painter.geography(q, grown, paths, strip)
        finally:
            q.end()
        self.drawn = Drawn(image, grown, ratio, exact, key, paths)
        p.drawImage(QPointF(-MARGIN_PX, -MARGIN_PX), image)
        return paths, exact

    def _reusable(self, d: Drawn | None, grown: View, paths, exact: bool, key: tuple,
                  ratio: float) -> QRectF | None:
        """Where the old image falls in the new one, when it can be kept (same zoom,
        layer and colours; whole pixels apart, so its pixels line up)."""
        if d is None or d.key != key or d.ratio != ratio or d.paths is not paths or \
                d.exact != exact or d.view.scale != grown.scale:
            return None
        target = self._target(d, grown)
        shift = (target.left() * ratio, target.top() * ratio)
        if any(abs(v - round(v)) > 1e-3 for v in shift):
            return None
        target.moveTopLeft(QPointF(round(shift[0]) / ratio, round(shift[1]) / ratio))
        return target if target.intersects(QRectF(0, 0, grown.width, grown.height)) else None

    @staticmethod
    def _target(d: Drawn, view: View) -> QRectF:
        """Where the image's corners fall in ``view``'s pixels."""
        x0, y0, x1, y1 = d.view.bounds()
        left, top = view.to_pixel(x0, y1)
        right, bottom = view.to_pixel(x1, y0)
        return QRectF(QPointF(left, top), QPointF(right, bottom))


def _strips(whole: QRectF, kept: QRectF) -> list[QRectF]:
    """The parts of ``whole`` outside ``kept`` (up to four rectangles, one pixel of
    overlap so lines that cross the seam are drawn on both sides)."""
    strips = []
    inner = whole.intersected(kept).adjusted(1, 1, -1, -1)
    if inner.top() > whole.top():
        strips.append(QRectF(whole.left(), whole.top(), whole.width(), inner.top() - whole.top()))
    if inner.bottom() < whole.bottom():
        strips.append(QRectF(whole.left(), inner.bottom(), whole.width(),
                             whole.bottom() - inner.bottom()))
    if inner.left() > whole.left():
        strips.append(QRectF(whole.left(), inner.top(), inner.left() - whole.left(),
                             inner.height()))
    if inner.right() < whole.right():
        strips.append(QRectF(inner.right(), inner.top(), whole.right() - inner.right(),
                             inner.height()))
    return strips
