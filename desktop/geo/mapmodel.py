"""Everything the map widget draws, computed without Qt, so the widget stays thin.

``MapModel`` takes the planner's ways out for the traveller's city (``plan_routes``: the
same order, the same ``reach`` words and the same distances as the list) and gives:

- ``markers``: the city, every crossing, and every flight at its departure airport, in
  map-plane km (``desktop.geo.projection``: azimuthal equidistant centred on the city);
- ``lines``: straight lines from the city to the nearest reachable crossings, with their
  distance and the third countries they pass through;
- ``layer(view)``: country outlines, land borders and coasts at the simplification level
  that suits the zoom, as flat ``array('d')`` [x0, y0, x1, y1, ...] in km, for the
  countries in and around the view.  Each boundary line is projected once per level and
  kept; a layer covers ``REGION_FACTOR`` view-widths around the view, so panning and
  zooming only change the widget's transform until the view leaves it;
- ``initial_view`` / ``hit_test``: the first view for a widget size, and (for tests and
  tools; the widget hit-tests what it painted, ``printing.map_marks.Frame.at``) the marker under
  a pixel.
"""

from __future__ import annotations

import math
import struct
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.geo.atlas import Atlas, load_atlas
from desktop.geo.geometry import great_circle_km
from desktop.geo.projection import AzimuthalEquidistant, View

PIXEL_TOLERANCE = 1.0    # simplify outlines up to this many pixels
REGION_FACTOR = 3.0      # a layer covers this many view-widths (and heights) around it
MARKER_HIT_PX = 12.0     # a click within this many pixels of a marker hits it
STRAIGHT_LINES = 3       # lines to this many of the nearest reachable crossings
EXTENT_MARGIN_KM = 800.0  # countries this far beyond the farthest marker are drawn
MAX_EXTENT_KM = 9000.0   # and never farther: the projection stretches beyond
MIN_VIEW_KM = 300.0      # the first view is at least this wide
NEARBY_FACTOR = 1.25     # it also shows crossings up to this times the farthest line's end
NOTE = ("Borders drawn from Natural Earth; they are not a statement about any territory. "
        "Lines are straight lines, not roads.")


@dataclass(frozen=True)
class Marker:
    """A point on the map: the traveller's city, a crossing, or a flight's airport."""

    kind: str                 # "city", "route" or "air"
    id: str
    label: str
    lat: float
    lon: float
    x: float                  # map plane, km east of the city
    y: float                  # map plane, km north of the city
    reach: str = ""           # the planner's class: go, visa, unknown, restricted, closed
    status: str = ""
    as_of: str = ""
    mode: str = ""
    to_country: str = ""
    distance_km: int | None = None
    via: tuple[str, ...] = ()
    order: int = -1           # position in the planner's list


@dataclass(frozen=True)
class StraightLine:
    """A straight line (great circle) from the city to a crossing."""

    route_id: str
    x1: float
    y1: float
    x2: float
    y2: float
    distance_km: int
    label: str                # "straight line · 612 km"
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outline:
    """One country to fill: its rings as flat x, y arrays (km) and where to label it."""

    code: str
    name: str
    role: str                 # "home", "destination" or "other"
    rings: tuple[array, ...]
    label_at: tuple[float, float]


@dataclass(frozen=True)
class Layer:
    """What to draw at one simplification level."""

    level: int
    tolerance_km: float
    region: tuple[float, float, float, float]   # the map-plane box it covers (km)
    outlines: tuple[Outline, ...]
    borders: tuple[array, ...]    # land borders between two countries
    coasts: tuple[array, ...]     # outlines no other country shares

    def covers(self, view: View) -> bool:
        """True while the view lies inside the region this layer was built for."""
        x0, y0, x1, y1 = view.bounds()
        rx0, ry0, rx1, ry1 = self.region
        return rx0 <= x0 and ry0 <= y0 and x1 <= rx1 and y1 <= ry1

    def point_count(self) -> int:
        """Number of points in the layer (for benchmarks)."""
        return sum(len(r) for o in self.outlines for r in o.rings) // 2


@dataclass
class MapModel:
    """The map of the ways out from one city (see the module docstring)."""

    atlas: Atlas
    city: dict
    routes: Sequence[dict]
    names: dict[str, str] = field(default_factory=dict)
    lines_to: int = STRAIGHT_LINES

    def __post_init__(self) -> None:
        self.home = self.city["country"]
        self.projection = AzimuthalEquidistant(self.city["lat"], self.city["lon"])
        self.markers = self._markers()
        self.lines = self._lines()
        far = max((great_circle_km(self.city["lat"], self.city["lon"], m.lat, m.lon)
                   for m in self.markers), default=0.0)
        self.radius_km = min(MAX_EXTENT_KM, far + EXTENT_MARGIN_KM)
        self.countries = self._countries_within(self.radius_km)
        self._arcs: dict[tuple[int, int], array] = {}
        self._layers: dict[int, Layer] = {}
        self._boxes: dict[str, tuple[float, float, float, float]] = {}
        self._labels: dict[str, tuple[float, float]] = {}
        self._owners = self.atlas.arc_owners()

    # -- markers and lines ---------------------------------------------------------------
    def _name(self, code: str) -> str:
        return self.names.get(code) or self.atlas.name(code)

    def _markers(self) -> list[Marker]:
        found = []
        for order, r in enumerate(self.routes):
            x, y = self.projection.forward(r["lat"], r["lon"])
            found.append(Marker(
                "air" if r["mode"] == "air" else "route", r["id"], r["name"], r["lat"],
                r["lon"], x, y, r.get("reach", ""), r["status"],
                r.get("as_of") or r.get("status_as_of", ""), r["mode"], r["to_country"],
                r.get("distance_km"), tuple(r.get("via") or ()), order))
        found.append(Marker("city", self.city["id"], self.city["name"], self.city["lat"],
                            self.city["lon"], 0.0, 0.0))
        return found

    def _lines(self) -> list[StraightLine]:
        reachable = [m for m in self.markers if m.kind == "route" and m.reach in ("go", "visa")]
        nearest = sorted(reachable, key=lambda m: (m.distance_km or 0, m.order))
        lines = []
        for m in nearest[:self.lines_to]:
            km = m.distance_km if m.distance_km is not None else round(math.hypot(m.x, m.y))
            label = f"straight line · {km:,} km"
            if m.via:
                label += " · passes through " + ", ".join(self._name(c) for c in m.via)
            lines.append(StraightLine(m.id, 0.0, 0.0, m.x, m.y, km, label, m.via))
        return lines

    # -- outlines ------------------------------------------------------------------------
    def _countries_within(self, radius_km: float) -> list[str]:
        lat0, lon0 = self.city["lat"], self.city["lon"]
        found = []
        for code, country in self.atlas.countries.items():
            minx, miny, maxx, maxy = country.bbox
            lon = lon0 + 360 * round(((minx + maxx) / 2 - lon0) / 360)
            near = (min(max(lat0, miny), maxy), min(max(lon, minx), maxx))
            if great_circle_km(lat0, lon0, *near) <= radius_km or code == self.home:
                found.append(code)
        return found

    def level_for(self, scale: float) -> int:
        """The coarsest simplification level that stays under PIXEL_TOLERANCE pixels at
        ``scale`` (pixels per km)."""
        levels = self.atlas.levels_km or [0.0]
        allowed = PIXEL_TOLERANCE / max(scale, 1e-9)
        return max(n for n, km in enumerate(levels) if km <= allowed or n == 0)

    def layer(self, view: View) -> Layer:
        """Outlines, borders and coasts to draw in a view: the layer for the view's zoom
        level, rebuilt only when the view leaves the region the last one covered."""
        level = self.level_for(view.scale)
        found = self._layers.get(level)
        if found is None or not found.covers(view):
            x0, y0, x1, y1 = view.bounds()
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            half_w, half_h = (x1 - x0) * REGION_FACTOR / 2, (y1 - y0) * REGION_FACTOR / 2
            found = self._build_layer(level, (cx - half_w, cy - half_h, cx + half_w,
                                              cy + half_h))
            self._layers[level] = found
        return found

    def cached_layer(self, view: View, partial: bool = False) -> Layer | None:
        """A layer already built that covers the view, without building anything: the
        one for the view's level, else the nearest level's (finer first); with
        ``partial``, the nearest level's even if it covers only part of the view.  The
        widget draws with it during a drag or a wheel turn and builds the right one when
        the person stops."""
        want = self.level_for(view.scale)
        ordered = sorted(self._layers, key=lambda n: (abs(n - want), n))
        for level in ordered:
            found = self._layers[level]
            if found.covers(view):
                return found
        return self._layers[ordered[0]] if partial and ordered else None

    def has_layer(self, view: View) -> bool:
        """True when ``layer(view)`` would not build anything."""
        found = self._layers.get(self.level_for(view.scale))
        return found is not None and found.covers(view)

    def _box(self, code: str) -> tuple[float, float, float, float]:
        """A country's map-plane box, from its coarsest outline padded by that level's
        tolerance (so finer outlines stay inside it)."""
        found = self._boxes.get(code)
        if found is None:
            coarse = len(self.atlas.levels_km or [0.0]) - 1
            pad = (self.atlas.levels_km or [0.0])[coarse] + 1.0
            points = array("d")
            for index in sorted(self.atlas.countries[code].arcs()):
                points.extend(self._arc(index, coarse))
            xs, ys = points[0::2], points[1::2]
            found = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
            self._boxes[code] = found
        return found

    def _arc(self, index: int, level: int) -> array:
        key = (index, level)
        found = self._arcs.get(key)
        if found is None:
            lons, lats = self.atlas.arc(index)
            keep = self.atlas.arc_levels(index) if self.atlas.levels_km else None
            found = self.projection.forward_many(lons, lats, keep, level)
            self._arcs[key] = found
        return found

    def _ring(self, refs: Sequence[int], level: int) -> array:
        ring = array("d")
        for ref in refs:
            part = self._arc(ref if ref >= 0 else ~ref, level)
            if ref < 0:
                part = _reversed_points(part)
            ring.extend(part if not ring else part[2:])
        return ring

    def _label(self, code: str) -> tuple[float, float]:
        """Where to write a country's name: the centroid of its largest coarse ring."""
        found = self._labels.get(code)
        if found is None:
            coarse = len(self.atlas.levels_km or [0.0]) - 1
            rings = [self._ring(refs, coarse) for poly in self.atlas.countries[code].polygons
                     for refs in poly]
            found = _label_point(max(rings, key=_area))
            self._labels[code] = found
        return found

    def _build_layer(self, level: int, region: tuple[float, float, float, float]) -> Layer:
        tolerance = (self.atlas.levels_km or [0.0])[level]
        destinations = {r["to_country"] for r in self.routes}
        outlines, used = [], set()
        for code in self.countries:
            box = self._box(code)
            if box[2] < region[0] or box[0] > region[2] or box[3] < region[1] or \
                    box[1] > region[3]:
                continue
            country = self.atlas.countries[code]
            rings = [ring for poly in country.polygons for refs in poly
                     if len(ring := self._ring(refs, level)) >= 8]
            if not rings:
                continue
            used.update(country.arcs())
            role = ("home" if code == self.home else
                    "destination" if code in destinations else "other")
            outlines.append(Outline(code, self._name(code), role, tuple(rings),
                                    self._label(code)))
        borders: list[array] = []
        coasts: list[array] = []
        for index in sorted(used):
            if _on_seam(*self.atlas.arc(index)):
                continue
            line = self._arc(index, level)
            (borders if len(self._owners[index]) > 1 else coasts).append(line)
        return Layer(level, tolerance, region, tuple(outlines), tuple(borders), tuple(coasts))

    # -- views and hits ------------------------------------------------------------------
    def initial_view(self, width: int, height: int) -> View:
        """The first view: the city, the ends of its straight lines and any crossing not
        much farther (NEARBY_FACTOR), or without lines the nearest markers, with room
        around them."""
        points = [(line.x2, line.y2) for line in self.lines]
        if points:  # and whatever else lies about as near (a closed crossing on the way)
            reach = max(math.hypot(*p) for p in points) * NEARBY_FACTOR
            points += [(m.x, m.y) for m in self.markers
                       if m.kind == "route" and math.hypot(m.x, m.y) <= reach]
        else:
            others = sorted((m for m in self.markers if m.kind != "city"),
                            key=lambda m: math.hypot(m.x, m.y))
            points = [(m.x, m.y) for m in others[:self.lines_to]]
        points.append((0.0, 0.0))
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        half = MIN_VIEW_KM / 2
        box = (min(min(xs), -half), min(min(ys), -half), max(max(xs), half),
               max(max(ys), half))
        return View.fit(box, width, height, margin_px=min(width, height) * 0.08 + 24)

    def view_of(self, route_ids: Sequence[str], width: int, height: int) -> View:
        """A view that shows the city and the given ways out (a route page's map)."""
        points = [(m.x, m.y) for m in self.markers if m.id in route_ids] + [(0.0, 0.0)]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        half = MIN_VIEW_KM / 2
        box = (min(min(xs), -half), min(min(ys), -half), max(max(xs), half),
               max(max(ys), half))
        return View.fit(box, width, height, margin_px=min(width, height) * 0.1 + 24)

    def home_view(self, width: int, height: int) -> View:
        """"Back to my city": the initial view again."""
        return self.initial_view(width, height)

    def pixel_of(self, view: View, marker: Marker) -> tuple[float, float]:
        """Where a marker is drawn in a view."""
        return view.to_pixel(marker.x, marker.y)

    def pixel_at(self, view: View, lat: float, lon: float) -> tuple[float, float]:
        """The pixel of any place (latitude, longitude) in a view."""
        return view.to_pixel(*self.projection.forward(lat, lon))

    def place_at(self, view: View, px: float, py: float) -> tuple[float, float]:
        """The (latitude, longitude) under a pixel."""
        return self.projection.inverse(*view.from_pixel(px, py))

    def markers_at(self, view: View, px: float, py: float,
                   radius_px: float = MARKER_HIT_PX) -> list[Marker]:
        """Every marker within ``radius_px`` of a pixel, nearest first (then in the
        planner's order: flights from one airport share a point)."""
        hits = []
        for m in self.markers:
            mx, my = view.to_pixel(m.x, m.y)
            d = math.hypot(mx - px, my - py)
            if d <= radius_px:
                hits.append((round(d, 6), m.order if m.order >= 0 else 10**9, m))
        return [m for _, _, m in sorted(hits, key=lambda h: (h[0], h[1]))]

    def hit_test(self, view: View, px: float, py: float,
                 radius_px: float = MARKER_HIT_PX) -> Marker | None:
        """The marker under a pixel, if any (the nearest)."""
        hits = self.markers_at(view, px, py, radius_px)
        return hits[0] if hits else None


def polygon_bytes(flat: array) -> bytes:
    """A flat x, y array as a little-endian ``QDataStream`` image of a ``QPolygonF``
    (a 32-bit point count, then the doubles): the widget turns it into a polygon with
    one ``stream >> polygon``, about 15 times faster than building QPointF objects.
    Keep the QByteArray in a variable while the QDataStream reads it (a temporary one is
    freed under the stream)."""
    data = array("d", flat)
    if sys.byteorder != "little":
        data.byteswap()
    return struct.pack("<I", len(flat) // 2) + data.tobytes()


def _reversed_points(flat: array) -> array:
    """A flat x, y array with its points in reverse order."""
    out = array("d", flat)
    out[0::2], out[1::2] = flat[-2::-2], flat[::-2]
    return out


def _area(ring: array) -> float:
    xs, ys = ring[0::2], ring[1::2]
    return abs(sum(xs[i] * ys[i + 1] - xs[i + 1] * ys[i] for i in range(len(xs) - 1))) / 2


def _label_point(ring: array) -> tuple[float, float]:
    """The centroid of a ring (its mean point if degenerate)."""
    xs, ys = ring[0::2], ring[1::2]
    a = cx = cy = 0.0
    for i in range(len(xs) - 1):
        cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
        a += cross
        cx += (xs[i] + xs[i + 1]) * cross
        cy += (ys[i] + ys[i + 1]) * cross
    if abs(a) < 1e-9:
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * a), cy / (3 * a)


def _on_seam(lons: list[float], lats: list[float]) -> bool:
    """True for an arc that runs along the antimeridian cut (drawn filled, not stroked)."""
    return all(abs(abs(lon) - 180.0) < 1e-6 for lon in lons)


def map_model(content, city_id: str, passports: Sequence[str],
              atlas: Atlas | None = None) -> MapModel:
    """The map for a traveller: their city (or, as in the planner, the first city), their
    passports."""
    from desktop.errors import NotFoundError
    from desktop.planner import pick_city, plan_routes

    city = pick_city(content, city_id, "")
    if city is None:
        raise NotFoundError("The content has no cities, so there is no map of ways out.")
    routes = plan_routes(content, city=city, passports=passports)
    names = {c["id"]: content.country_name(c["id"]) for c in content.list("country")}
    return MapModel(atlas or load_atlas(), city, routes, names)
