"""What the map draws over the geography, in pixels: marker symbols, where markers go
(flights from one airport in a box beside it), labels that never overlap (drawn once
into images with a halo, then copied).  QtGui only; used by ``map_paint`` (the legend,
scale bar and note are in ``map_legend``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)

from desktop.geo.mapmodel import Marker
from desktop.geo.projection import View
from desktop.pages.maptext import SHAPES, short_label
from desktop.pages.screen import STATUS_COLOURS

MARKER_R = 7.0        # marker radius (logical pixels)
GROUP_GAP = 10.0      # flights whose airports are this close (pixels) share one box
LABEL_GAP = 4.0
HALO = ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1))


@dataclass
class Placed:
    """Where a marker was drawn: its symbol's centre and the area that hits it."""

    marker: Marker
    x: float
    y: float
    hit: QRectF
    in_view: bool = True
    anchor: tuple[float, float] | None = None   # the airport a flight's row points at


@dataclass
class FlightBox:
    """The box listing the flights that leave from one airport."""

    anchor: tuple[float, float]
    rect: QRectF
    title: str
    rows: list[Placed] = field(default_factory=list)


@dataclass
class Frame:
    """What one paint drew (for the widget: hit-testing, focus, the status line)."""

    placed: list[Placed] = field(default_factory=list)
    boxes: list[FlightBox] = field(default_factory=list)
    exact: bool = True    # False when a layer of another zoom level stood in
    legend: QRectF | None = None  # where the legend went (None: no legend drawn)

    def at(self, x: float, y: float) -> Marker | None:
        """The marker drawn under a pixel (a flight's row, else the nearest symbol)."""
        point = QPointF(x, y)
        hits = [p for p in self.placed if p.in_view and p.hit.contains(point)]
        if not hits:
            return None
        return min(hits, key=lambda p: (p.anchor is None,
                                        math.hypot(p.x - x, p.y - y))).marker

    def of(self, marker_id: str) -> Placed | None:
        """Where a marker was drawn."""
        return next((p for p in self.placed if p.marker.id == marker_id), None)


class Taken:
    """The rectangles already drawn on, filed in a grid of cells so that asking whether a
    label would overlap one reads only the few nearby (a frame asks hundreds of times)."""

    CELL = 96.0

    def __init__(self, rects: Iterable[QRectF] = ()):
        self.rects: list[QRectF] = []
        self._cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        self.extend(rects)

    def _keys(self, left: float, top: float, right: float, bottom: float):
        c = self.CELL
        for i in range(int(left // c), int(right // c) + 1):
            for j in range(int(top // c), int(bottom // c) + 1):
                yield i, j

    def append(self, rect: QRectF) -> None:
        """File a rectangle."""
        self.rects.append(rect)
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        for key in self._keys(*box):
            self._cells.setdefault(key, []).append(box)

    def extend(self, rects: Iterable[QRectF]) -> None:
        """File several rectangles."""
        for rect in rects:
            self.append(rect)

    def __iter__(self) -> Iterator[QRectF]:
        return iter(self.rects)

    def hits(self, rect: QRectF) -> bool:
        """True if ``rect`` overlaps a filed rectangle."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        for key in self._keys(left, top, right, bottom):
            for l2, t2, r2, b2 in self._cells.get(key, ()):
                if left < r2 and l2 < right and top < b2 and t2 < bottom:
                    return True
        return False


def symbol(kind: str, reach: str, r: float = MARKER_R) -> QPainterPath:
    """A marker's shape centred on (0, 0): its class's shape (``maptext.SHAPES``), or a
    disc for the city."""
    path = QPainterPath()
    shape = "circle" if kind == "city" else SHAPES.get(reach, "circle")
    if shape == "circle":
        path.addEllipse(QPointF(0, 0), r, r)
    elif shape == "diamond":
        d = r * 1.3
        path.addPolygon(QPolygonF([QPointF(0, -d), QPointF(d, 0), QPointF(0, d),
                                   QPointF(-d, 0), QPointF(0, -d)]))
    elif shape == "hexagon":  # not the airport's small square
        d = r * 1.15
        corners = [QPointF(d * math.cos(math.pi / 3 * k), d * math.sin(math.pi / 3 * k))
                   for k in range(7)]
        path.addPolygon(QPolygonF(corners))
    elif shape == "triangle":
        path.addPolygon(QPolygonF([QPointF(0, -r * 1.3), QPointF(r * 1.25, r * 0.95),
                                   QPointF(-r * 1.25, r * 0.95), QPointF(0, -r * 1.3)]))
    else:  # closed: a cross
        bar = QPainterPath()
        d = r * 0.85
        bar.moveTo(-d, -d)
        bar.lineTo(d, d)
        bar.moveTo(d, -d)
        bar.lineTo(-d, d)
        stroker = QPainterPathStroker()
        stroker.setWidth(r * 0.75)
        stroker.setCapStyle(Qt.PenCapStyle.SquareCap)
        path = stroker.createStroke(bar).simplified()
    return path


def pen(colour: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A cosmetic pen (its width in pixels whatever the transform)."""
    found = QPen(QColor(colour), width, style)
    found.setCosmetic(True)
    found.setCapStyle(Qt.PenCapStyle.RoundCap)
    found.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return found


class Marks:
    """Draws markers, labels and the map's furniture in a set of colours and a font."""

    def __init__(self, colours: dict[str, str], font: QFont, hairline: float = 1.0):
        self.c = colours
        self.font = font
        self.hairline = hairline
        self._symbols: dict[tuple[str, str], QPainterPath] = {}
        self._fonts: dict[tuple[float, bool], QFont] = {}
        self.images: dict[tuple, tuple[QImage, float, float]] = {}  # labels, legends

    def scaled(self, factor: float = 1.0, bold: bool = False) -> QFont:
        """The base font at ``factor`` times its size."""
        key = (factor, bold)
        found = self._fonts.get(key)
        if found is None:
            found = QFont(self.font)
            size = found.pointSizeF() if found.pointSizeF() > 0 else 9.0
            found.setPointSizeF(size * factor)
            found.setBold(bold)
            self._fonts[key] = found
        return found

    # -- placing --------------------------------------------------------------------------
    def place(self, markers: Sequence[Marker], view: View, avoid: Sequence[QRectF]
              ) -> tuple[list[Placed], list[FlightBox]]:
        """Where each marker goes: at its pixel, except flights that share an airport,
        which go in a box beside it (in the planner's order)."""
        placed: list[Placed] = []
        groups: dict[tuple[int, int], list[Marker]] = {}
        for m in sorted(markers, key=lambda m: m.order):
            x, y = view.to_pixel(m.x, m.y)
            if m.kind == "air":
                groups.setdefault((round(x / GROUP_GAP), round(y / GROUP_GAP)), []).append(m)
            else:
                placed.append(_placed(view, m, x, y))
        boxes = []
        for members in groups.values():
            ax, ay = view.to_pixel(members[0].x, members[0].y)
            if len(members) == 1 or not _inside(view, ax, ay):
                placed.extend(_placed(view, m, ax, ay) for m in members)
                continue
            box = self._flight_box(members, (ax, ay), view, [*avoid, *(
                p.hit for p in placed if p.in_view)])
            boxes.append(box)
            placed.extend(box.rows)
        return placed, boxes

    def _flight_box(self, members: list[Marker], anchor: tuple[float, float], view: View,
                    avoid: list[QRectF]) -> FlightBox:
        row = max(self.label(" ", (0.95, False), "")[2] + 2, 2 * MARKER_R + 5)
        title = f"Flights from here ({len(members)})"
        width = max([self.label(short_label(m), (0.95, False), self.c["text"])[1]
                     for m in members] + [self.label(title, (0.95, True), "")[1]]) + 36
        height = row * (len(members) + 1) + 6
        ax, ay = anchor
        bounds = QRectF(0, 0, view.width, view.height)
        floor = min((r.top() for r in avoid if r.width() >= view.width - 2),
                    default=view.height)
        home = QRectF(ax - 30, ay - 20, 60, 40)  # the airport's city and its name
        best: tuple[int, int, QRectF] | None = None
        for n, (dx, dy) in enumerate(((1, 1), (1, -1), (-1, 1), (-1, -1))):
            left = ax + 26 if dx > 0 else ax - 26 - width
            top = ay + 18 if dy > 0 else ay - 18 - height
            rect = QRectF(left, top, width, height)
            if rect.height() < floor - 4:  # slide it inside the map, above the note
                rect.moveTop(min(max(rect.top(), 4.0), floor - 4 - rect.height()))
            if rect.width() < view.width - 8:  # and from a side edge (words stay whole)
                rect.moveLeft(min(max(rect.left(), 4.0), view.width - 4 - rect.width()))
            cost = (sum(rect.intersects(r) for r in avoid) + 100 * (not bounds.contains(rect))
                    + 1000 * rect.intersects(home))  # the city stays in view first
            if best is None or (cost, n) < best[:2]:
                best = (cost, n, rect)
        assert best is not None
        rect = best[2]
        box = FlightBox(anchor, rect, title)
        for n, m in enumerate(members):
            y = rect.top() + 3 + row * (n + 1) + row / 2
            x = rect.left() + 6 + MARKER_R
            hit = QRectF(rect.left(), y - row / 2, rect.width(), row)
            box.rows.append(Placed(m, x, y, hit, _inside(view, x, y), anchor))
        return box

    # -- drawing markers ------------------------------------------------------------------
    def _symbol(self, kind: str, reach: str) -> QPainterPath:
        key = (kind, reach)
        found = self._symbols.get(key)
        if found is None:
            found = self._symbols[key] = symbol(kind, reach)
        return found

    def marker(self, p: QPainter, m: Marker, x: float, y: float, scale: float = 1.0) -> None:
        """One marker's symbol at (x, y)."""
        p.save()
        p.translate(x, y)
        p.scale(scale, scale)
        if m.kind == "city":
            p.setPen(QPen(QColor(self.c["halo"]), 3))
            p.setBrush(QColor(self.c["city"]))
            p.drawEllipse(QPointF(0, 0), MARKER_R + 1, MARKER_R + 1)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(self.c["halo"]))
            p.drawEllipse(QPointF(0, 0), 3, 3)
        else:
            fill, _ = STATUS_COLOURS.get(m.reach, STATUS_COLOURS["unknown"])
            p.setPen(QPen(QColor(self.c["edge"]), 1.6))
            p.setBrush(QColor(fill))
            p.drawPath(self._symbol(m.kind, m.reach))
        p.restore()

    def ring(self, p: QPainter, x: float, y: float, focus: bool) -> None:
        """The ring around the focused (solid) or hovered (dotted) marker."""
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(self.c["halo"]), 5.0))
        p.drawEllipse(QPointF(x, y), MARKER_R + 6, MARKER_R + 6)
        p.setPen(QPen(QColor(self.c["focus"]), 3.0 if focus else 2.0,
                      Qt.PenStyle.SolidLine if focus else Qt.PenStyle.DotLine))
        p.drawEllipse(QPointF(x, y), MARKER_R + 6, MARKER_R + 6)

    def airport(self, p: QPainter, x: float, y: float) -> None:
        """The small square of an airport flights leave from."""
        p.setPen(QPen(QColor(self.c["halo"]), 1.5))
        p.setBrush(QColor(self.c["text"]))
        p.drawRect(QRectF(x - 4, y - 4, 8, 8))

    def flight_box(self, p: QPainter, box: FlightBox) -> None:
        """A flight box's panel, title and the line to its airport (rows drawn apart)."""
        rect = box.rect
        ax, ay = box.anchor
        corner = QPointF(rect.left() if ax < rect.left() else rect.right(),
                         rect.top() if ay < rect.top() else rect.bottom())
        p.setPen(pen(self.c["muted"], self.hairline))
        p.drawLine(QPointF(ax, ay), corner)
        p.setPen(QPen(QColor(self.c["panel_edge"]), 1))
        p.setBrush(QColor(self.c["panel"]))
        p.drawRoundedRect(rect, 4, 4)
        font = self.scaled(0.95, True)
        p.setFont(font)
        p.setPen(QColor(self.c["text"]))
        fm = QFontMetricsF(font)
        p.drawText(QPointF(rect.left() + 8, rect.top() + 5 + fm.ascent()), box.title)
        self.airport(p, ax, ay)

    # -- labels ---------------------------------------------------------------------------
    def text(self, p: QPainter, x: float, y: float, text: str, style: tuple[float, bool],
             colour: str, taken: Taken, bounds: QRectF, *,
             anchors: Sequence[str] = ("right", "left", "above", "below"),
             force: bool = False, gap: float = MARKER_R + LABEL_GAP) -> QRectF | None:
        """Draw a label (``style``: size factor, bold) beside (x, y) where it overlaps
        nothing drawn before (or nowhere); the rectangle it took."""
        image, w, h = self.label(text, style, colour, p.device().devicePixelRatioF())
        spots = {"right": (x + gap, y - h / 2), "left": (x - gap - w, y - h / 2),
                 "above": (x - w / 2, y - gap - h), "below": (x - w / 2, y + gap),
                 "centre": (x - w / 2, y - h / 2)}
        chosen = None
        for anchor in anchors:
            left, top = spots[anchor]
            rect = QRectF(left, top, w, h)
            if bounds.contains(rect) and not taken.hits(rect):
                chosen = rect
                break
        if chosen is None:
            if not force:
                return None
            chosen = QRectF(*spots[anchors[0]], w, h)
        taken.append(chosen)
        p.drawImage(chosen.topLeft(), image)
        return chosen

    def label(self, text: str, style: tuple[float, bool], colour: str,
              ratio: float = 1.0) -> tuple[QImage, float, float]:
        """A label drawn once with a halo in the background colour (readable over lines
        and borders), kept for the next frames: (image, width, height)."""
        key = (text, style, colour, ratio)
        found = self.images.get(key)
        if found is None:
            font = self.scaled(*style)
            fm = QFontMetricsF(font)
            w, h = fm.horizontalAdvance(text) + 4, fm.height() + 2
            image = QImage(math.ceil(w * ratio), math.ceil(h * ratio),
                           QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            painter.setFont(font)
            at = QPointF(2, 1 + fm.ascent())
            painter.setPen(QColor(self.c["halo"]))
            for dx, dy in HALO:
                painter.drawText(at + QPointF(dx, dy), text)
            painter.setPen(QColor(colour))
            painter.drawText(at, text)
            painter.end()
            if len(self.images) > 600:
                self.images.clear()
            found = self.images[key] = (image, w, h)
        return found

    # -- legend, scale bar, note ----------------------------------------------------------


def _inside(view: View, x: float, y: float) -> bool:
    r = MARKER_R + 3
    return -r < x < view.width + r and -r < y < view.height + r


def _placed(view: View, m: Marker, x: float, y: float) -> Placed:
    r = MARKER_R + 3
    return Placed(m, x, y, QRectF(x - r, y - r, 2 * r, 2 * r), _inside(view, x, y))
