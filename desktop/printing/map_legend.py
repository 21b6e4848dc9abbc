"""The map's furniture: the legend (the planner's classes with their shapes, colours and
words), the scale bar, the Natural Earth note and the status line.  QtGui only; used by
``map_paint`` with the ``Marks`` it draws markers with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPen

from desktop.geo.mapmodel import NOTE, Marker
from desktop.geo.projection import View
from desktop.pages.maptext import legend
from desktop.printing.map_marks import Marks, Placed, Taken, pen

LEGEND_TALL = 0.4   # the whole legend may take at most this share of the map's height
LEGEND_SHARE = 0.2  # and of its area; else the compact legend (see Furniture.compact)


class Furniture:
    """Legend, scale bar, note and status line, in the colours and font of ``marks``."""

    def __init__(self, marks: Marks):
        self.m = marks
        self._sizes: dict[tuple, tuple[float, float]] = {}

    def legend_box(self, view: View, placed: Sequence[Placed], taken: Taken, flights: bool,
                   beyond: int) -> tuple[QRectF, int]:
        """The legend in the corner that hides the fewest markers and their labels (top
        left on a tie), and its columns: 0 for the whole legend, 1 or 2 for the compact one
        a small map gets (see ``compact``)."""
        shown = [x for x in placed if x.in_view and x.anchor is None]

        def hidden(box: QRectF) -> int:
            marks = sum(box.adjusted(-12, -12, 12, 12).contains(QPointF(x.x, x.y))
                        for x in shown)
            labels = sum(box.intersects(QRectF(x.x - 160, x.y - 10, 320, 20)) for x in shown)
            return 10 * marks + labels + 1000 * taken.hits(box)

        low_edge = min((r.top() for r in taken if r.width() >= view.width - 2),
                       default=view.height)
        options = []
        for columns in ((1, 2) if self.compact(view, flights, beyond) else (0,)):
            w, h = self.legend_size(flights, beyond, columns)
            low = low_edge - h - 8
            corners = [QRectF(10, 10, w, h), QRectF(view.width - w - 10, 10, w, h),
                       QRectF(10, low, w, h), QRectF(view.width - w - 10, low - 44, w, h)]
            options += [((hidden(box), w * h, n), box, columns)
                        for n, box in enumerate(corners)]
        _, box, columns = min(options, key=lambda option: option[0])
        return box, columns

    def compact(self, view: View, flights: bool, beyond: int = 0) -> bool:
        """True when the whole legend would hide too much of a small map (a small screen,
        a large text size): the legend then keeps only what the colours mean, in one or
        two columns (the city, the lines and the flights are labelled on the map itself)."""
        w, h = self.legend_size(flights, beyond)
        return (h > LEGEND_TALL * view.height
                or w * h > LEGEND_SHARE * view.width * view.height)

    def legend_rows(self, flights: bool, beyond: int = 0,
                    compact: int = 0) -> list[tuple[str, str, str]]:
        """(kind, class, words) of the legend's rows; ``beyond``: ways out off the map;
        ``compact``: the compact legend's columns (0: the whole legend)."""
        if compact:
            return [("route", r, t) for r, t in legend()]
        rows = [("city", "", "Your city"), *[("route", r, t) for r, t in legend()],
                ("line", "", "Straight line, not a road")]
        if flights:
            rows.append(("airport", "", "Airport (flights leave here)"))
        if beyond:
            rows.append(("more", "", f"{beyond} more beyond the edges"))
        return rows

    def legend_size(self, flights: bool, beyond: int = 0,
                    compact: int = 0) -> tuple[float, float]:
        """Width and height of the legend box."""
        key = ("legend size", flights, beyond, compact)
        found = self._sizes.get(key)
        if found is None:
            fm = QFontMetricsF(self.m.scaled(0.95))
            rows = self.legend_rows(flights, beyond, compact)
            columns = max(1, compact)
            lines = math.ceil(len(rows) / columns)
            column = max(fm.horizontalAdvance(t) for _, _, t in rows) + 46
            found = self._sizes[key] = (column * columns, lines * (fm.height() + 5) + 10)
        return found

    def legend(self, p: QPainter, box: QRectF, flights: bool, beyond: int = 0,
               compact: int = 0) -> None:
        """The legend: the classes' shapes and colours with the planner's words (drawn
        once into an image, then copied)."""
        ratio = p.device().devicePixelRatioF()
        key = ("legend", flights, beyond, compact, ratio, box.width(), box.height())
        found = self.m.images.get(key)
        if found is None:
            image = QImage(math.ceil((box.width() + 2) * ratio),
                           math.ceil((box.height() + 2) * ratio),
                           QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            self._draw_legend(painter, QRectF(1, 1, box.width(), box.height()), flights,
                              beyond, compact)
            painter.end()
            found = self.m.images[key] = (image, box.width(), box.height())
        p.drawImage(box.topLeft() - QPointF(1, 1), found[0])

    def _draw_legend(self, p: QPainter, box: QRectF, flights: bool, beyond: int,
                     compact: int = 0) -> None:
        font = self.m.scaled(0.95)
        fm = QFontMetricsF(font)
        p.setPen(QPen(QColor(self.m.c["panel_edge"]), 1))
        p.setBrush(QColor(self.m.c["panel"]))
        p.drawRoundedRect(box, 4, 4)
        row_h = fm.height() + 5
        rows = self.legend_rows(flights, beyond, compact)
        columns = max(1, compact)
        lines = math.ceil(len(rows) / columns)
        column = box.width() / columns
        for n, (kind, reach, words) in enumerate(rows):
            left = box.left() + (n // lines) * column
            x, y = left + 18, box.top() + 5 + (n % lines) * row_h + row_h / 2
            if kind == "line":
                p.setPen(pen(self.m.c["line"], 1.6 * self.m.hairline, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x - 11, y), QPointF(x + 11, y))
            elif kind == "airport":
                self.m.airport(p, x, y)
            elif kind == "more":
                p.setPen(QPen(QColor(self.m.c["text"]), 1.6))
                p.drawLine(QPointF(x - 8, y), QPointF(x + 8, y))
                p.drawLine(QPointF(x + 3, y - 5), QPointF(x + 8, y))
                p.drawLine(QPointF(x + 3, y + 5), QPointF(x + 8, y))
            else:
                dummy = Marker(kind, "", "", 0, 0, 0, 0, reach)
                self.m.marker(p, dummy, x, y, 0.85)
            p.setFont(font)
            p.setPen(QColor(self.m.c["text"]))
            p.drawText(QPointF(left + 38, y - fm.height() / 2 + fm.ascent()), words)

    def note_height(self) -> float:
        """Height of the strip with the Natural Earth note."""
        return QFontMetricsF(self.m.scaled(0.85)).height() + 8

    def scale_bar(self, p: QPainter, view: View, bottom: float) -> QRectF:
        """A bar of a round number of km, bottom right; the rectangle it takes."""
        km = 110.0 / view.scale
        step = 10 ** math.floor(math.log10(km))
        nice = max(s for s in (step, 2 * step, 5 * step) if s <= km)
        width = nice * view.scale
        font = self.m.scaled(0.85)
        fm = QFontMetricsF(font)
        x1, y = view.width - 16, view.height - bottom - 12
        x0 = x1 - width
        box = QRectF(x0 - 8, y - fm.height() - 8, width + 16, fm.height() + 14)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(self.m.c["panel"]))
        p.drawRoundedRect(box, 3, 3)
        p.setPen(QPen(QColor(self.m.c["text"]), 2))
        p.drawLine(QPointF(x0, y), QPointF(x1, y))
        p.drawLine(QPointF(x0, y - 4), QPointF(x0, y + 2))
        p.drawLine(QPointF(x1, y - 4), QPointF(x1, y + 2))
        label = f"{nice:,.0f} km"
        p.setFont(font)
        p.drawText(QPointF(x0 + (width - fm.horizontalAdvance(label)) / 2, y - 5), label)
        return box

    def scale_bar_rect(self, view: View, bottom: float) -> QRectF:
        """Where the scale bar goes (for labels to keep clear of)."""
        fm = QFontMetricsF(self.m.scaled(0.85))
        y = view.height - bottom - 12
        return QRectF(view.width - 150, y - fm.height() - 8, 150, fm.height() + 14)

    def status_height(self) -> float:
        """Height of the status line."""
        return QFontMetricsF(self.m.scaled(1.0, True)).height() + 12

    def note(self, p: QPainter, view: View, status: str) -> None:
        """The Natural Earth note along the bottom, and the status line above it."""
        font = self.m.scaled(0.85)
        fm = QFontMetricsF(font)
        strip = QRectF(0, view.height - self.note_height(), view.width, self.note_height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(self.m.c["panel"]))
        p.drawRect(strip)
        p.setFont(font)
        p.setPen(QColor(self.m.c["muted"]))
        text = fm.elidedText(NOTE, Qt.TextElideMode.ElideRight, view.width - 16)
        p.drawText(QPointF(8, strip.top() + 4 + fm.ascent()), text)
        if status:
            bold = self.m.scaled(1.0, True)
            bm = QFontMetricsF(bold)
            box = QRectF(-1, strip.top() - self.status_height(), view.width + 2,
                         self.status_height())
            p.setPen(QPen(QColor(self.m.c["panel_edge"]), 1))
            p.setBrush(QColor(self.m.c["panel"]))
            p.drawRect(box)
            p.setFont(bold)
            p.setPen(QColor(self.m.c["text"]))
            shown = bm.elidedText(status, Qt.TextElideMode.ElideRight, view.width - 20)
            p.drawText(QPointF(10, box.top() + 6 + bm.ascent()), shown)
