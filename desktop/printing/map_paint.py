"""Paint the map of the ways out with a QPainter: one painter for the window's map view and
the printouts' map panel, so both show the same thing.  QtGui only.

Geography comes from ``desktop.geo.mapmodel`` as flat km arrays per zoom level; each
country and each boundary line becomes a ``QPainterPath`` once per layer (one
``QDataStream`` read per ring, through ``polygon_bytes``) and is drawn through the view's
transform, so panning and zooming never rebuild them; only those whose box meets the view
are drawn.  Boundary lines are one-pixel cosmetic pens: Qt draws those on its fast path
(wider ones go through the stroker, 30 to 100 times slower).  Markers, labels and the
legend (``map_marks``) are drawn in pixels on top.  ``paint`` returns a ``Frame``: where
each marker went, for hit-testing and focus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPolygonF, QTransform

from desktop.geo.mapmodel import Layer, MapModel, Marker, polygon_bytes
from desktop.geo.projection import View
from desktop.pages.maptext import short_label
from desktop.printing.map_cache import GeoCache
from desktop.printing.map_legend import Furniture
from desktop.printing.map_marks import Frame, Marks, Taken, pen

# Colours per theme; "panel" has an alpha channel, which QColor reads as #AARRGGBB.
COLOURS: dict[str, dict[str, str]] = {
    "light": {"sea": "#c9dbe9", "home": "#fffdf6", "destination": "#efece3",
              "other": "#dedad0", "border": "#5f5a52", "coast": "#6f8fa8",
              "home_edge": "#232a35", "text": "#1d2430", "muted": "#4d5665",
              "line": "#14202e", "halo": "#ffffff", "panel": "#e8ffffff",
              "panel_edge": "#8a94a3", "focus": "#0b57a4", "city": "#14202e",
              "edge": "#ffffff"},
    "dark": {"sea": "#121b24", "home": "#3b424d", "destination": "#2d333b",
             "other": "#24292f", "border": "#a0a9b6", "coast": "#557189",
             "home_edge": "#eef1f5", "text": "#e3e7ee", "muted": "#b4bcc8",
             "line": "#f2f4f7", "halo": "#121b24", "panel": "#ee1e2228",
             "panel_edge": "#8a94a3", "focus": "#8cc4ff", "city": "#ffffff",
             "edge": "#e3e7ee"},
    "high-contrast": {"sea": "#000000", "home": "#2a2a2a", "destination": "#161616",
                      "other": "#0d0d0d", "border": "#ffffff", "coast": "#00d0d0",
                      "home_edge": "#ffffff", "text": "#ffffff", "muted": "#ffffff",
                      "line": "#ffff00", "halo": "#000000", "panel": "#000000",
                      "panel_edge": "#ffffff", "focus": "#00ffff", "city": "#ffffff",
                      "edge": "#ffffff"},
    "print": {"sea": "#e1ebf3", "home": "#ffffff", "destination": "#f2f2ef",
              "other": "#e4e3de", "border": "#4a4a4a", "coast": "#6f8ea6",
              "home_edge": "#000000", "text": "#000000", "muted": "#333333",
              "line": "#000000", "halo": "#ffffff", "panel": "#eeffffff",
              "panel_edge": "#777777", "focus": "#000000", "city": "#000000",
              "edge": "#ffffff"},
}
ROLES = ("other", "destination", "home")
LABEL_PUSH_PX = 46.0   # a destination's name goes this far beyond its crossings


@dataclass
class Shape:
    """One country, or a run of boundary lines, as a path in km with its box."""

    code: str
    role: str
    box: QRectF
    path: QPainterPath


@dataclass
class LayerPaths:
    """A layer's geography as painter paths in map km."""

    layer: Layer
    countries: list[Shape]
    borders: list[Shape]
    coasts: list[Shape]


def _polygon(flat) -> QPolygonF:
    data = QByteArray(polygon_bytes(flat))  # kept alive while the stream reads it
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    polygon = QPolygonF()
    stream >> polygon
    return polygon


def _shape(code: str, role: str, parts: Iterable) -> Shape:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for flat in parts:
        path.addPolygon(_polygon(flat))
    return Shape(code, role, path.boundingRect(), path)


def _runs(lines: Sequence, region: tuple[float, float, float, float], cells: int = 12
          ) -> list[Shape]:
    """Boundary lines grouped by where they start (cells x cells over the layer's region),
    so a view draws only the groups near it."""
    x0, y0, x1, y1 = region
    w, h = (x1 - x0) / cells or 1.0, (y1 - y0) / cells or 1.0
    groups: dict[tuple[int, int], list] = {}
    for line in lines:
        key = (int((line[0] - x0) // w), int((line[1] - y0) // h))
        groups.setdefault(key, []).append(line)
    return [_shape("", "", group) for group in groups.values()]


def layer_paths(layer: Layer) -> LayerPaths:
    """The painter paths of a layer: one per country, boundary lines in runs."""
    countries = [_shape(o.code, o.role, o.rings) for o in layer.outlines]
    return LayerPaths(layer, countries, _runs(layer.borders, layer.region),
                      _runs(layer.coasts, layer.region))


class MapPainter:
    """Paints a MapModel in a theme ('light', 'dark', 'high-contrast' or 'print')."""

    def __init__(self, model: MapModel, theme: str = "light", font: QFont | None = None,
                 hairline: float = 1.0, cache: bool = False):
        self.model = model
        self.cache = GeoCache() if cache else None  # a window's map: see map_cache
        self.theme = theme if theme in COLOURS else "light"
        self.hairline = hairline   # device pixels of a thin line (more on paper)
        self.marks = Marks(COLOURS[self.theme], QFont(font) if font is not None else QFont(),
                           hairline)
        self.furniture = Furniture(self.marks)
        self._paths: dict[int, LayerPaths] = {}
        self._names: dict[tuple[int, float], list[tuple[str, str, list]]] = {}
        self._contains: dict[tuple, bool] = {}

    @property
    def colours(self) -> dict[str, str]:
        """The colours in use."""
        return self.marks.c

    def set_theme(self, theme: str, font: QFont | None = None) -> None:
        """Use another theme's colours (and font)."""
        self.theme = theme if theme in COLOURS else "light"
        self.marks = Marks(COLOURS[self.theme], QFont(font) if font is not None
                           else self.marks.font, self.hairline)
        self.furniture = Furniture(self.marks)
        if self.cache is not None:
            self.cache.clear()

    # -- geography ------------------------------------------------------------------------
    def prepare(self, view: View) -> bool:
        """Build the layer and paths ``view`` needs, off the paint path (before the first
        show, or when idle); True if anything had to be built."""
        built = not self.model.has_layer(view)
        layer = self.model.layer(view)
        found = self._paths.get(layer.level)
        if found is None or found.layer is not layer:
            self._paths[layer.level] = layer_paths(layer)
            built = True
        return built

    def paths_for(self, view: View, *, stand_in: bool = False) -> tuple[LayerPaths, bool]:
        """The paths to draw a view with, and whether they are its own level's.  With
        ``stand_in``, a layer already built may stand in (during a drag or a wheel
        turn: another level's, or one that covers only part of the view) rather than
        building one inside the frame."""
        layer = self.model.cached_layer(view, partial=True) if stand_in else None
        if layer is None or layer.level == self.model.level_for(view.scale):
            layer = self.model.layer(view)
        found = self._paths.get(layer.level)
        if found is None or found.layer is not layer:
            found = self._paths[layer.level] = layer_paths(layer)
        return found, layer.level == self.model.level_for(view.scale)

    def geography(self, p: QPainter, view: View, paths: LayerPaths,
                  area: QRectF | None = None) -> None:
        """Countries (the traveller's own on top), coasts and borders over the sea
        already there; ``area``: only this part of the view (pixels)."""
        c = self.colours
        p.save()
        if area is not None:
            p.setClipRect(area, Qt.ClipOperation.IntersectClip)
            (x0, y1), (x1, y0) = (view.from_pixel(area.left(), area.top()),
                                  view.from_pixel(area.right(), area.bottom()))
        else:
            x0, y0, x1, y1 = view.bounds()
        seen = QRectF(x0, y0, x1 - x0, y1 - y0)
        sx, sy, dx, dy = view.transform()
        p.setTransform(QTransform(sx, 0, 0, sy, dx, dy), True)
        p.setPen(Qt.PenStyle.NoPen)
        # Every edge of a fill is a coast or a border, stroked (antialiased) below: the
        # fills need no antialiasing of their own, which halves their cost.
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        shown = [s for s in paths.countries if s.box.intersects(seen)]
        for role in ROLES:
            p.setBrush(QColor(c[role]))
            for s in shown:
                if s.role == role:
                    p.drawPath(s.path)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for runs, colour in ((paths.coasts, c["coast"]), (paths.borders, c["border"])):
            p.setPen(pen(colour, self.hairline))
            for s in runs:
                if s.box.intersects(seen):
                    p.drawPath(s.path)
        # The traveller's country: a two-pixel edge, on screen as two one-pixel lines.
        double = self.hairline == 1.0
        p.setPen(pen(c["home_edge"], self.hairline * (1.0 if double else 2.0)))
        for s in shown:
            if s.role == "home":
                p.drawPath(s.path)
                if double:
                    p.save()
                    p.setTransform(QTransform.fromTranslate(0.8, 0.6), True)
                    p.drawPath(s.path)
                    p.restore()
        p.restore()

    # -- the whole map --------------------------------------------------------------------
    def paint(self, p: QPainter, view: View, *, focus: str = "", hover: str = "",
              status: str = "", lines_to: Sequence[str] | None = None, chrome: bool = True,
              stand_in: bool = False, reserved: Sequence[QRectF] = ()) -> Frame:
        """Paint ``view`` (0, 0 to width, height in the painter's coordinates).

        ``focus`` and ``hover``: marker ids to ring.  ``status``: a line to show at the
        bottom.  ``lines_to``: straight lines to these ways out instead of the nearest
        reachable ones (a route's map).  ``chrome``: the legend, the scale bar and the note.
        ``reserved``: rectangles the widget covers (its buttons).
        """
        m, f = self.marks, self.furniture
        c = self.colours
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        area = QRectF(0, 0, view.width, view.height)
        p.setClipRect(area)
        if self.cache is not None:
            paths, exact = self.cache.draw(self, p, view, stand_in=stand_in,
                                           key=(self.theme, self.hairline))
        else:
            p.fillRect(area, QColor(c["sea"]))
            paths, exact = self.paths_for(view, stand_in=stand_in)
            self.geography(p, view, paths)

        bottom = (f.note_height() + (f.status_height() if status else 0)) if chrome else 0
        taken = Taken(reserved)
        if chrome:
            taken.extend([QRectF(0, view.height - bottom, view.width, bottom),
                          f.scale_bar_rect(view, bottom)])
        placed, boxes = m.place(self.model.markers, view, taken.rects)
        frame = Frame(placed, boxes, exact)
        flights = any(x.kind == "air" for x in self.model.markers)
        beyond = sum(not x.in_view for x in placed)
        taken.extend(box.rect for box in boxes)
        legend_box, columns = (f.legend_box(view, placed, taken, flights, beyond) if chrome
                               else (None, 0))
        if legend_box is not None:
            taken.append(legend_box)
            frame.legend = legend_box

        lines = self._straight_lines(lines_to)
        if focus and lines_to is None and all(x.id != focus for x, _ in lines):
            lines += self._straight_lines([focus])  # and to the way out in focus
        self._draw_lines(p, view, lines)
        for box in boxes:
            m.flight_box(p, box)
        order = {"closed": 0, "restricted": 1, "unknown": 2, "visa": 3, "go": 4}
        drawn = sorted((x for x in placed if x.in_view),
                       key=lambda x: (x.marker.kind == "city", x.marker.id == focus,
                                      order.get(x.marker.reach, 5)))
        singles = {(x.x, x.y) for x in drawn if x.marker.kind == "air" and x.anchor is None}
        for x, y in singles:
            m.airport(p, x, y)
        for x, y in singles | {box.anchor for box in boxes}:
            taken.append(QRectF(x - 6, y - 6, 12, 12))
        for x in drawn:
            m.marker(p, x.marker, x.x + (9 if (x.x, x.y) in singles else 0), x.y)
            taken.append(x.hit)
        for x in drawn:
            if x.marker.id and x.marker.id in (focus, hover):
                m.ring(p, x.x, x.y, x.marker.id == focus)
        self._labels(p, view, frame, lines, taken, paths.layer, focus, area)
        if legend_box is not None:
            f.legend(p, legend_box, flights, beyond, columns)
        if chrome:
            f.scale_bar(p, view, bottom)
            f.note(p, view, status)
        p.restore()
        return frame

    # -- straight lines -------------------------------------------------------------------
    def _straight_lines(self, only: Sequence[str] | None) -> list[tuple[Marker, str]]:
        by_id = {x.id: x for x in self.model.markers}
        if only is None:
            return [(by_id[line.route_id], line.label) for line in self.model.lines]
        lines = []
        for rid in only:
            x = by_id.get(rid)
            if x is not None and x.kind != "city":
                km = x.distance_km if x.distance_km is not None else round(math.hypot(x.x, x.y))
                lines.append((x, f"straight line · {km:,} km"))
        return lines

    def _draw_lines(self, p: QPainter, view: View, lines: list[tuple[Marker, str]]) -> None:
        """Dashed straight lines from the city: two one-pixel dashed lines side by side
        (Qt's fast path; a wider dashed pen costs a frame's budget on its own)."""
        cx, cy = view.to_pixel(0.0, 0.0)
        sides = (1, -1) if self.hairline == 1.0 else (0,)
        p.setPen(pen(self.colours["line"], 1.0 if sides[0] else 1.6 * self.hairline,
                     Qt.PenStyle.DashLine))
        for x, _ in lines:
            ex, ey = view.to_pixel(x.x, x.y)
            length = math.hypot(ex - cx, ey - cy) or 1.0
            nx, ny = -(ey - cy) / length * 0.45, (ex - cx) / length * 0.45
            for side in sides:
                p.drawLine(QPointF(cx + side * nx, cy + side * ny),
                           QPointF(ex + side * nx, ey + side * ny))

    # -- labels ---------------------------------------------------------------------------
    def _labels(self, p: QPainter, view: View, frame: Frame, lines, taken: Taken,
                layer: Layer, focus: str, bounds: QRectF) -> None:
        m, c = self.marks, self.colours
        city = next(x for x in frame.placed if x.marker.kind == "city")
        if city.in_view:
            m.text(p, city.x, city.y, city.marker.label, (1.25, True), c["text"],
                   taken, bounds, anchors=("above", "below", "right", "left"), force=True)
        for x, label in lines:  # along the line, where there is room
            ex, ey = view.to_pixel(x.x, x.y)
            for t in (0.5, 0.62, 0.38, 0.74, 0.26, 0.84):
                px, py = city.x + (ex - city.x) * t, city.y + (ey - city.y) * t
                if m.text(p, px, py, label, (0.95, True), c["line"], taken, bounds,
                          anchors=("centre",)):
                    break
        font = (0.95, False)
        for x in sorted(frame.placed, key=lambda x: (x.marker.id != focus, x.marker.order)):
            if x.marker.kind == "city" or not x.in_view:
                continue
            if x.anchor is not None:  # a row of a flight box
                m.text(p, x.x, x.y, short_label(x.marker), font, c["text"], taken, bounds,
                       anchors=("right",), force=True, gap=16)
                continue
            label = short_label(x.marker)
            if x.marker.kind == "air":
                label = f"Flight to {label}"
            m.text(p, x.x, x.y, label, font, c["text"], taken, bounds,
                   force=x.marker.id == focus)
        name_font = (1.0, True)
        paths = self._paths.get(layer.level)
        shapes = {s.code: s for s in paths.countries} if paths else {}
        for code, name, spots in self._country_names(view, layer):
            for kx, ky in spots:  # the first free place in view inside the country
                px, py = view.to_pixel(kx, ky)
                if 0 < px < view.width and 0 < py < view.height and \
                        self._inside(shapes.get(code), code, kx, ky) and \
                        m.text(p, px, py, name, name_font, c["muted"], taken, bounds,
                               anchors=("centre", "below", "above"), gap=6):
                    break

    def _inside(self, shape: Shape | None, code: str, kx: float, ky: float) -> bool:
        """Whether a point (km) lies inside a country's outline (remembered)."""
        if shape is None:
            return False
        key = (id(shape.path), code, round(kx, 1), round(ky, 1))
        found = self._contains.get(key)
        if found is None:
            if len(self._contains) > 4096:
                self._contains.clear()
            found = self._contains[key] = shape.path.contains(QPointF(kx, ky))
        return found

    def _country_names(self, view: View, layer: Layer
                       ) -> list[tuple[str, str, list[tuple[float, float]]]]:
        """Where a country's name may go (km), best first: a destination just beyond its
        crossings, the home country near the city, any country at its centre (kept per
        layer and zoom; each is checked to lie inside the country when drawn)."""
        key = (id(layer), round(view.scale, 9))
        found = self._names.get(key)
        if found is not None:
            return found
        found = []
        push = LABEL_PUSH_PX / view.scale
        for o in layer.outlines:
            if o.code.startswith("~"):  # Natural Earth entities with no country code
                continue
            candidates = []
            ends = [x for x in self.model.markers
                    if x.kind == "route" and x.to_country == o.code]
            for x in ends:  # beyond a crossing as seen from the city, else N, S, W or E
                d = math.hypot(x.x, x.y) or 1.0
                candidates += [(x.x + x.x / d * push, x.y + x.y / d * push),
                               (x.x, x.y + 1.5 * push), (x.x, x.y - 1.5 * push),
                               (x.x - 2 * push, x.y), (x.x + 2 * push, x.y)]
            if o.role == "home":  # below the city, above it, on this side of a crossing
                candidates += [(0.0, -90 / view.scale), (0.0, 90 / view.scale)]
                for x in self.model.markers:
                    d = math.hypot(x.x, x.y)
                    if x.kind == "route" and d > 0:
                        candidates.append((x.x - x.x / d * 1.5 * push,
                                           x.y - x.y / d * 1.5 * push))
            if o.role != "other" or view.scale >= 0.12:
                candidates.append(o.label_at)
            if candidates:
                found.append((o.code, o.name.upper(), candidates))
        if len(self._names) > 32:
            self._names.clear()
        self._names[key] = found
        return found


def render_image(model: MapModel, view: View, *, theme: str = "print",
                 font: QFont | None = None, ratio: float = 1.0,
                 lines_to: Sequence[str] | None = None) -> QImage:
    """The map drawn into a QImage of ``view``'s size times ``ratio`` (device pixels);
    ``lines_to``: a route's map (lines to these ways out only, the first one ringed)."""
    image = QImage(round(view.width * ratio), round(view.height * ratio),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor(COLOURS.get(theme, COLOURS["print"])["sea"]))
    painter = QPainter(image)
    try:
        MapPainter(model, theme, font, hairline=max(1.0, ratio * 0.8)).paint(
            painter, view, lines_to=lines_to, focus=(lines_to or [""])[0])
    finally:
        painter.end()
    return image
