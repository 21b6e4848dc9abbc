"""The map's projection and view: azimuthal equidistant, centred on the traveller's city.

Why this projection: every straight line the map draws starts at the traveller's city, and
in an azimuthal equidistant projection centred there, great circles through the centre
are straight lines and distances from the centre are true.  So a drawn "straight line"
is the real shortest path, and its length on the map is the distance the planner gives.
Shapes near the centre are true too; far away they stretch sideways (at 2,000 km by 1.6%,
at 6,000 km, Moscow to Vladivostok, by about 20%), which a map of "the country I am in and
its neighbours" can afford.  Web Mercator would make northern Russia look twice its size
and bend every line from the city.

Coordinates: the map plane is in kilometres, x east and y north of the centre.  A ``View``
turns them into pixels (y down) for a widget of a given size, centre and zoom, and pans
and zooms without re-projecting anything: the widget draws the plane through one affine
transform (``View.transform``).
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, replace
from itertools import compress

from desktop.geo.earth import EARTH_RADIUS_KM

MIN_SCALE = 0.01   # pixels per km: about the whole hemisphere on a laptop screen
MAX_SCALE = 20.0   # pixels per km: a 1:50m outline has nothing finer to show
# For each level, a bytes.translate table turning level bytes into 1 (keep) or 0 (drop).
_LEVEL_TABLES = [bytes(1 if value >= level else 0 for value in range(256))
                 for level in range(256)]


class AzimuthalEquidistant:
    """Azimuthal equidistant projection on a sphere, centred on (lat0, lon0)."""

    def __init__(self, lat0: float, lon0: float):
        self.lat0, self.lon0 = lat0, lon0
        self._sin0 = math.sin(math.radians(lat0))
        self._cos0 = math.cos(math.radians(lat0))

    def forward(self, lat: float, lon: float) -> tuple[float, float]:
        """Map-plane (x, y) in km of a point."""
        out = self.forward_many([lon], [lat])
        return out[0], out[1]

    def forward_many(self, lons: list[float], lats: list[float],
                     keep: bytes | None = None, level: int = 0) -> array:
        """Flat [x0, y0, x1, y1, ...] in km for the points whose ``keep`` byte is at least
        ``level`` (all points when ``keep`` is None)."""
        sin0, cos0 = self._sin0, self._cos0
        lam0 = math.radians(self.lon0)
        sl0, cl0 = math.sin(lam0), math.cos(lam0)
        sin, cos, acos, sqrt, rad = math.sin, math.cos, math.acos, math.sqrt, math.radians
        radius = EARTH_RADIUS_KM
        out = array("d")
        append = out.append
        if keep is not None:  # pick the points of this level at C speed
            chosen = keep.translate(_LEVEL_TABLES[level])
            lons, lats = list(compress(lons, chosen)), list(compress(lats, chosen))
        for lon, lat in zip(lons, lats, strict=True):
            phi, lam = rad(lat), rad(lon)
            sp, cp, sl, cl = sin(phi), cos(phi), sin(lam), cos(lam)
            sd, cd = sl * cl0 - cl * sl0, cl * cl0 + sl * sl0   # sin, cos of lon - lon0
            cc = sin0 * sp + cos0 * cp * cd                      # cos of the distance
            cc = 1.0 if cc > 1.0 else -1.0 if cc < -1.0 else cc
            sc = sqrt(1.0 - cc * cc)
            k = radius * acos(cc) / sc if sc > 1e-12 else radius
            append(k * cp * sd)
            append(k * (cos0 * sp - sin0 * cp * cd))
        return out

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        """(lat, lon) of a map-plane point in km."""
        rho = math.hypot(x, y)
        if rho < 1e-9:
            return self.lat0, self.lon0
        c = rho / EARTH_RADIUS_KM
        sc, cc = math.sin(c), math.cos(c)
        lat = math.asin(max(-1.0, min(1.0, cc * self._sin0 + y * sc * self._cos0 / rho)))
        lon = self.lon0 + math.degrees(math.atan2(x * sc, rho * self._cos0 * cc
                                                  - y * self._sin0 * sc))
        return math.degrees(lat), (lon + 180.0) % 360.0 - 180.0


@dataclass(frozen=True)
class View:
    """What a widget of ``width`` x ``height`` pixels shows: the map-plane point at its
    centre (km) and the zoom (pixels per km)."""

    width: int
    height: int
    cx: float = 0.0
    cy: float = 0.0
    scale: float = 0.1

    def to_pixel(self, x: float, y: float) -> tuple[float, float]:
        """Pixel (px, py) of a map-plane point (y grows downwards on screen)."""
        return (self.width / 2 + (x - self.cx) * self.scale,
                self.height / 2 - (y - self.cy) * self.scale)

    def from_pixel(self, px: float, py: float) -> tuple[float, float]:
        """Map-plane point (km) under a pixel."""
        return (self.cx + (px - self.width / 2) / self.scale,
                self.cy - (py - self.height / 2) / self.scale)

    def transform(self) -> tuple[float, float, float, float]:
        """(scale x, scale y, dx, dy) with px = sx * x + dx and py = sy * y + dy: one
        QTransform(sx, 0, 0, sy, dx, dy) draws the whole plane."""
        return (self.scale, -self.scale, self.width / 2 - self.cx * self.scale,
                self.height / 2 + self.cy * self.scale)

    def bounds(self) -> tuple[float, float, float, float]:
        """The visible map-plane rectangle (xmin, ymin, xmax, ymax) in km."""
        x0, y1 = self.from_pixel(0, 0)
        x1, y0 = self.from_pixel(self.width, self.height)
        return x0, y0, x1, y1

    def panned(self, dx_px: float, dy_px: float) -> View:
        """The view after dragging the map by (dx, dy) pixels."""
        return replace(self, cx=self.cx - dx_px / self.scale, cy=self.cy + dy_px / self.scale)

    def zoomed(self, factor: float, about: tuple[float, float] | None = None) -> View:
        """The view zoomed by ``factor``, keeping the point under pixel ``about`` (default:
        the centre) where it is; the zoom stays within MIN_SCALE..MAX_SCALE."""
        scale = min(MAX_SCALE, max(MIN_SCALE, self.scale * factor))
        px, py = about if about is not None else (self.width / 2, self.height / 2)
        x, y = self.from_pixel(px, py)
        moved = replace(self, scale=scale)
        nx, ny = moved.from_pixel(px, py)
        return replace(moved, cx=moved.cx + x - nx, cy=moved.cy + y - ny)

    def resized(self, width: int, height: int) -> View:
        """The same centre and zoom in a widget of another size."""
        return replace(self, width=width, height=height)

    @classmethod
    def fit(cls, box: tuple[float, float, float, float], width: int, height: int,
            margin_px: float = 40.0) -> View:
        """The view that shows a map-plane box whole, centred, with a margin."""
        x0, y0, x1, y1 = box
        room_x, room_y = max(1.0, width - 2 * margin_px), max(1.0, height - 2 * margin_px)
        span_x, span_y = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
        scale = min(MAX_SCALE, max(MIN_SCALE, min(room_x / span_x, room_y / span_y)))
        return cls(width, height, (x0 + x1) / 2, (y0 + y1) / 2, scale)
