"""Questions about places and borders, answered on an Atlas (no Qt, no network).

- ``country_at`` / ``contains``: point in polygon (even-odd over each polygon's rings).
- ``distance_to_border``: km from a point to the border two countries share.
- ``distance_to_country``: km from a point to a country's outline (border or coast).
- ``line_legs``: a straight line (great circle) cut into legs, one per country it
  passes through, in order.

Lines are split into chunks of a few dozen points with a bounding box each, and the
chunks are filed in a grid of one-degree cells, so a query reads only the boundary near
it.  Distances use a local equirectangular frame around the query point, which is
accurate to well under 1% at the few hundred kilometres that matter here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from desktop.geo.atlas import Atlas
from desktop.geo.earth import EARTH_RADIUS_KM, great_circle_km

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320  # at the equator; times cos(latitude)
CHUNK = 32                # segments per chunk
CELL_DEG = 1.0            # grid cell size
BAND_DEG = 0.5            # latitude bands of the point-in-polygon index
COARSE_DEG = 10.0         # cells of the index that says which countries to file first
LINE_STEP_KM = 100.0      # great-circle lines are followed in steps of this length


def great_circle_points(lat1: float, lon1: float, lat2: float, lon2: float,
                        step_km: float = LINE_STEP_KM) -> list[tuple[float, float]]:
    """Points (lon, lat) along the great circle, at most ``step_km`` apart.

    Longitudes are continuous along the line (they may pass 180 rather than wrap).
    """
    total = great_circle_km(lat1, lon1, lat2, lon2)
    steps = max(1, math.ceil(total / step_km))
    v1, v2 = _vector(lat1, lon1), _vector(lat2, lon2)
    omega = total / EARTH_RADIUS_KM
    points: list[tuple[float, float]] = []
    for n in range(steps + 1):
        f = n / steps
        v: tuple[float, ...]
        if omega < 1e-12:
            v = v1
        else:
            a, b = math.sin((1 - f) * omega), math.sin(f * omega)
            s = math.sin(omega)
            v = tuple((a * p + b * q) / s for p, q in zip(v1, v2, strict=True))
        lat = math.degrees(math.asin(max(-1.0, min(1.0, v[2]))))
        lon = math.degrees(math.atan2(v[1], v[0]))
        if points:
            lon += 360 * round((points[-1][0] - lon) / 360)
        else:
            lon += 360 * round((lon1 - lon) / 360)
        points.append((lon, lat))
    return points


def _vector(lat: float, lon: float) -> tuple[float, float, float]:
    p, lam = math.radians(lat), math.radians(lon)
    return (math.cos(p) * math.cos(lam), math.cos(p) * math.sin(lam), math.sin(p))


@dataclass(frozen=True)
class Chunk:
    """A run of consecutive points of one arc, with its bounding box."""

    arc: int
    start: int      # index of the first point; the chunk's segments end at ``end``
    end: int
    minx: float
    miny: float
    maxx: float
    maxy: float


@dataclass(frozen=True)
class Polygon:
    """One polygon of a country: its box and its rings' chunks by latitude band."""

    box: tuple[float, float, float, float]
    bands: dict[int, list[Chunk]]


@dataclass(frozen=True)
class Leg:
    """A stretch of a straight line inside one country (``code`` None: at sea)."""

    code: str | None
    start_km: float
    end_km: float

    @property
    def km(self) -> float:
        """Length of the leg."""
        return self.end_km - self.start_km


class GeoIndex:
    """Spatial queries over an Atlas (arcs are decoded on first use)."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        self.owners = atlas.arc_owners()
        self._chunks: dict[int, list[Chunk]] = {}
        self._polygons: dict[str, list[Polygon]] = {}
        self._by_band: dict[str, dict[int, list[Polygon]]] = {}
        # the grid is filled country by country, as lines come near them
        self._grid: dict[tuple[int, int], list[Chunk]] = {}
        self._filed: set[str] = set()
        self._filed_arcs: set[int] = set()
        self._coarse: dict[tuple[int, int], list[str]] | None = None
        self._coarse_done: set[tuple[int, int]] = set()
        self._borders: dict[frozenset[str], list[int]] | None = None

    # -- building blocks ---------------------------------------------------------------
    def chunks(self, arc: int) -> list[Chunk]:
        """The chunks of one arc."""
        found = self._chunks.get(arc)
        if found is None:
            xs, ys = self.atlas.arc(arc)
            found = []
            for start in range(0, max(1, len(xs) - 1), CHUNK):
                end = min(start + CHUNK, len(xs) - 1)
                cx, cy = xs[start:end + 1], ys[start:end + 1]
                found.append(Chunk(arc, start, end, min(cx), min(cy), max(cx), max(cy)))
            self._chunks[arc] = found
        return found

    def polygons(self, code: str) -> list[Polygon]:
        """Each polygon of a country: bounding box and its rings' chunks by latitude band."""
        found = self._polygons.get(code)
        if found is None:
            found = []
            country = self.atlas.countries.get(code)
            for poly in country.polygons if country else ():
                chunks = [c for ring in poly for ref in ring
                          for c in self.chunks(ref if ref >= 0 else ~ref)]
                bands: dict[int, list[Chunk]] = {}
                for c in chunks:
                    for band in range(math.floor(c.miny / BAND_DEG),
                                      math.floor(c.maxy / BAND_DEG) + 1):
                        bands.setdefault(band, []).append(c)
                found.append(Polygon((min(c.minx for c in chunks), min(c.miny for c in chunks),
                                      max(c.maxx for c in chunks), max(c.maxy for c in chunks)),
                                     bands))
            self._polygons[code] = found
        return found

    def _file(self, code: str) -> None:
        """Put a country's chunks in the grid (each arc once)."""
        self._filed.add(code)
        cells = round(360 / CELL_DEG)
        for arc in sorted(self.atlas.countries[code].arcs()):
            if arc in self._filed_arcs:
                continue
            self._filed_arcs.add(arc)
            for c in self.chunks(arc):
                for ix in range(math.floor(c.minx / CELL_DEG), math.floor(c.maxx / CELL_DEG) + 1):
                    for iy in range(math.floor(c.miny / CELL_DEG),
                                    math.floor(c.maxy / CELL_DEG) + 1):
                        self._grid.setdefault((ix % cells, iy), []).append(c)

    def _coarse_cells(self) -> dict[tuple[int, int], list[str]]:
        """Countries by the ten-degree cells their bounding boxes touch."""
        if self._coarse is None:
            coarse: dict[tuple[int, int], list[str]] = {}
            for code, country in self.atlas.countries.items():
                minx, miny, maxx, maxy = country.bbox
                for ix in range(math.floor(minx / COARSE_DEG), math.floor(maxx / COARSE_DEG) + 1):
                    for iy in range(math.floor(miny / COARSE_DEG),
                                    math.floor(maxy / COARSE_DEG) + 1):
                        coarse.setdefault((ix % round(360 / COARSE_DEG), iy), []).append(code)
            self._coarse = coarse
        return self._coarse

    def border_arcs(self, a: str, b: str) -> list[int]:
        """The arcs that two countries share (their common border); [] if none."""
        if self._borders is None:
            borders: dict[frozenset[str], list[int]] = {}
            for arc, owners in enumerate(self.owners):
                if len(owners) == 2:
                    borders.setdefault(frozenset(owners), []).append(arc)
            self._borders = borders
        return self._borders.get(frozenset((a, b)), [])

    # -- points --------------------------------------------------------------------------
    def contains(self, code: str, lat: float, lon: float) -> bool:
        """True when the point lies inside the country."""
        country = self.atlas.countries.get(code)
        if country is None or not _in_box(country.bbox, lat, lon):
            return False
        band = math.floor(lat / BAND_DEG)
        for poly in self._polygons_by_band(code).get(band, ()):
            box = poly.box
            if box[1] <= lat <= box[3]:
                chunks = poly.bands.get(band, ())
                for x in (lon, lon + 360.0, lon - 360.0):
                    if box[0] <= x <= box[2] and self._inside(chunks, x, lat):
                        return True
        return False

    def _polygons_by_band(self, code: str) -> dict[int, list[Polygon]]:
        """A country's polygons by the latitude bands their boxes span."""
        found = self._by_band.get(code)
        if found is None:
            found = {}
            for poly in self.polygons(code):
                for band in range(math.floor(poly.box[1] / BAND_DEG),
                                  math.floor(poly.box[3] / BAND_DEG) + 1):
                    found.setdefault(band, []).append(poly)
            self._by_band[code] = found
        return found

    def _inside(self, chunks: Iterable[Chunk], x: float, y: float) -> bool:
        inside = False
        for c in chunks:
            if c.miny > y or c.maxy <= y or c.maxx < x:
                continue
            xs, ys = self.atlas.arc(c.arc)
            for k in range(c.start, c.end):
                y1, y2 = ys[k], ys[k + 1]
                if (y1 > y) != (y2 > y):
                    x1 = xs[k]
                    if x < x1 + (y - y1) * (xs[k + 1] - x1) / (y2 - y1):
                        inside = not inside
        return inside

    def country_at(self, lat: float, lon: float,
                   candidates: Iterable[str] | None = None) -> str | None:
        """The code of the country containing the point (None at sea)."""
        for code in (candidates if candidates is not None else self.atlas.countries):
            if self.contains(code, lat, lon):
                return code
        return None

    def distance_to_arcs(self, lat: float, lon: float, arcs: Iterable[int]
                         ) -> tuple[float, tuple[float, float] | None]:
        """Km from a point to the nearest of some arcs, and that nearest (lat, lon)."""
        kx, ky = math.cos(math.radians(lat)) * KM_PER_DEG_LON, KM_PER_DEG_LAT
        best, nearest = math.inf, None
        for arc in arcs:
            for c in self.chunks(arc):
                x = lon + 360 * round(((c.minx + c.maxx) / 2 - lon) / 360)
                bx = max(c.minx - x, 0.0, x - c.maxx) * kx
                by = max(c.miny - lat, 0.0, lat - c.maxy) * ky
                if bx * bx + by * by >= best * best:
                    continue
                xs, ys = self.atlas.arc(c.arc)
                for k in range(c.start, c.end):
                    ax, ay = (xs[k] - x) * kx, (ys[k] - lat) * ky
                    dx, dy = (xs[k + 1] - x) * kx - ax, (ys[k + 1] - lat) * ky - ay
                    length2 = dx * dx + dy * dy
                    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy)
                                                              / length2))
                    px, py = ax + t * dx, ay + t * dy
                    d = math.hypot(px, py)
                    if d < best:
                        best = d
                        nearest = (lat + py / ky, _wrap(x + px / kx))
        return best, nearest

    def distance_to_border(self, lat: float, lon: float, a: str, b: str
                           ) -> tuple[float, tuple[float, float] | None] | None:
        """Km to the border of countries a and b and its nearest point; None if they
        share no border."""
        arcs = self.border_arcs(a, b)
        return self.distance_to_arcs(lat, lon, arcs) if arcs else None

    def coast_arcs(self, code: str) -> list[int]:
        """The arcs of a country's outline that no other country shares (its coast)."""
        country = self.atlas.countries.get(code)
        return sorted(a for a in country.arcs() if self.owners[a] == (code,)) if country else []

    def distance_to_country(self, lat: float, lon: float, code: str
                            ) -> tuple[float, tuple[float, float] | None]:
        """Km from a point to a country's outline (land border or coast)."""
        country = self.atlas.countries.get(code)
        return self.distance_to_arcs(lat, lon, sorted(country.arcs()) if country else [])

    # -- lines ---------------------------------------------------------------------------
    def line_legs(self, lat1: float, lon1: float, lat2: float, lon2: float,
                  start: str | None = None) -> list[Leg]:
        """The great circle from point 1 to point 2 cut where it crosses any outline:
        consecutive legs, each inside one country (``code`` None: at sea).

        ``start`` names the country of point 1 when the caller knows it.
        """
        points = great_circle_points(lat1, lon1, lat2, lon2)
        lengths = [great_circle_km(p[1], p[0], q[1], q[0]) for p, q in pairwise(points)]
        total = sum(lengths)
        events: list[float] = []
        crossed: set[str] = set()
        done = 0.0
        for ((ax, ay), (bx, by)), length in zip(pairwise(points), lengths, strict=True):
            for c in self._chunks_near(ax, ay, bx, by):
                shift = 360 * round(((c.minx + c.maxx) - (ax + bx)) / 720)
                for u in self._hits(c, ax + shift, ay, bx + shift, by):
                    events.append(done + u * length)
                    crossed.update(self.owners[c.arc])
            done += length
        start = start if start is not None else self.country_at(lat1, lon1)
        candidates = sorted(crossed | ({start} if start else set()))
        cuts = sorted({0.0, total, *(e for e in events if 0.0 < e < total)})
        legs: list[Leg] = []
        for a, b in pairwise(cuts):
            if b - a <= 1e-9:
                continue
            code: str | None
            if len(candidates) == 1 and not events:
                code = candidates[0]
            else:
                lon, lat = _along(points, lengths, (a + b) / 2)
                code = self.country_at(lat, _wrap(lon), candidates)
            if legs and legs[-1].code == code:
                legs[-1] = Leg(code, legs[-1].start_km, b)
            else:
                legs.append(Leg(code, a, b))
        return legs

    def _chunks_near(self, ax: float, ay: float, bx: float, by: float) -> list[Chunk]:
        """Chunks filed in the grid cells a segment's box touches (no duplicates)."""
        x0, x1 = math.floor(min(ax, bx) / COARSE_DEG), math.floor(max(ax, bx) / COARSE_DEG)
        y0, y1 = math.floor(min(ay, by) / COARSE_DEG), math.floor(max(ay, by) / COARSE_DEG)
        wide = round(360 / COARSE_DEG)
        for ix in range(x0, x1 + 1):
            for iy in range(y0, y1 + 1):
                cell = (ix % wide, iy)
                if cell not in self._coarse_done:
                    self._coarse_done.add(cell)
                    for code in self._coarse_cells().get(cell, ()):
                        if code not in self._filed:
                            self._file(code)
        grid, cells = self._grid, round(360 / CELL_DEG)
        found: dict[int, Chunk] = {}
        for ix in range(math.floor(min(ax, bx) / CELL_DEG), math.floor(max(ax, bx) / CELL_DEG) + 1):
            for iy in range(math.floor(min(ay, by) / CELL_DEG),
                            math.floor(max(ay, by) / CELL_DEG) + 1):
                for c in grid.get((ix % cells, iy), ()):
                    found[id(c)] = c
        return list(found.values())

    def _hits(self, c: Chunk, ax: float, ay: float, bx: float, by: float) -> list[float]:
        """Parameters (0..1) along segment a-b where it crosses the chunk's edges."""
        if (max(ax, bx) < c.minx or min(ax, bx) > c.maxx or max(ay, by) < c.miny
                or min(ay, by) > c.maxy):
            return []
        xs, ys = self.atlas.arc(c.arc)
        rx, ry = bx - ax, by - ay
        hits = []
        for k in range(c.start, c.end):
            px, py = xs[k], ys[k]
            sx, sy = xs[k + 1] - px, ys[k + 1] - py
            denom = rx * sy - ry * sx
            if denom == 0:
                continue
            qx, qy = px - ax, py - ay
            u = (qx * sy - qy * sx) / denom      # along a-b
            v = (qx * ry - qy * rx) / denom      # along the edge
            if 0.0 <= u < 1.0 and 0.0 <= v < 1.0:
                hits.append(u)
        return hits


def _in_box(box: tuple[float, float, float, float], lat: float, lon: float) -> bool:
    """True when the point falls in the box, at its longitude or one turn either way."""
    return box[1] <= lat <= box[3] and any(box[0] <= x <= box[2]
                                           for x in (lon, lon + 360.0, lon - 360.0))


def _wrap(lon: float) -> float:
    """A longitude in [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def _along(points: list[tuple[float, float]], lengths: list[float], at: float
           ) -> tuple[float, float]:
    """The (lon, lat) ``at`` km along a polyline (linear within a step)."""
    for ((ax, ay), (bx, by)), length in zip(pairwise(points), lengths, strict=True):
        if at <= length or length == 0:
            f = at / length if length else 0.0
            return ax + f * (bx - ax), ay + f * (by - ay)
        at -= length
    return points[-1]
