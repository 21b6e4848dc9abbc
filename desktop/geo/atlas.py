"""The converted country boundaries (``resources/geo/*.spgeo``): format, reader and writer.

The files come from Natural Earth via the npm package ``world-atlas`` (TopoJSON), converted
once by ``packaging/convert_world_atlas.py``.  They keep TopoJSON's topology: every
boundary line ("arc") is stored once and countries are rings of arc references, so the
border two countries share is simply the arcs both use.

File layout (little-endian)::

    MAGIC (8 bytes) | u32 header length | header (UTF-8 JSON) | zlib payload

The header holds the quantisation (``scale``, ``translate``), the arc and point counts,
the simplification levels (``levels_km``, or null) and the countries::

    {"code": "RU", "name": "Russia", "bbox": [lon, lat, lon, lat],
     "polygons": [[[arc, ~arc, ...], ...], ...]}

A reference ``~i`` (that is ``-i - 1``) walks arc ``i`` backwards.  The payload holds, in
order: the point count of each arc (u32), the first point of each arc (i32 x, y
interleaved), then the deltas from each point to the next as two byte planes (low bytes,
then high bytes) of i16 x deltas and the same for y, then one level byte per point when
``levels_km`` is set (a point belongs to simplification level ``L`` when its byte is
``>= L``; arc ends are always kept).  Longitudes are unwrapped along each arc, so a
coastline crossing the antimeridian continues past 180 rather than jumping to -180.
"""

from __future__ import annotations

import array
import itertools
import json
import struct
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.errors import UserFacingError

MAGIC = b"SPGEO\x00\x01\n"
FORMAT = 1
DISPLAY = "countries-50m.spgeo"  # drawing: Natural Earth 1:50m
CHECKS = "countries-10m.spgeo"   # build checks: Natural Earth 1:10m


class AtlasError(UserFacingError):
    """A geography file is missing or not in the expected format (the map cannot be
    drawn; everything else works)."""


@dataclass(frozen=True)
class Country:
    """One country (or other Natural Earth entity) as polygons of rings of arc refs."""

    code: str          # ISO 3166-1 alpha-2; "~slug" for entities without one
    name: str          # Natural Earth's short name
    polygons: tuple[tuple[tuple[int, ...], ...], ...]
    bbox: tuple[float, float, float, float]   # min lon, min lat, max lon, max lat

    def arcs(self) -> set[int]:
        """Indexes of every arc this country's rings use."""
        return {ref if ref >= 0 else ~ref for poly in self.polygons for ring in poly
                for ref in ring}


@dataclass
class Atlas:
    """Decoded boundaries: countries by code; arcs decoded to lon/lat lists on demand."""

    header: dict
    counts: array.array
    firsts: array.array   # x, y of each arc's first point (quantised)
    dx: array.array       # steps between successive points, all arcs in a row
    dy: array.array
    levels: bytes | None
    countries: dict[str, Country]
    starts: list[int] = field(default_factory=list)
    _arc_cache: dict[int, tuple[list[float], list[float]]] = field(default_factory=dict,
                                                                   repr=False)

    def __post_init__(self) -> None:
        self.starts = list(itertools.accumulate(self.counts, initial=0))

    @property
    def arc_count(self) -> int:
        """Number of arcs."""
        return len(self.counts)

    @property
    def levels_km(self) -> list[float] | None:
        """Simplification tolerances in km, finest first (None: not simplified)."""
        return self.header.get("levels_km")

    def arc(self, index: int) -> tuple[list[float], list[float]]:
        """Longitudes and latitudes (degrees) of one arc, cached."""
        found = self._arc_cache.get(index)
        if found is None:
            (sx, sy), (tx, ty) = self.header["scale"], self.header["translate"]
            a, b = self.starts[index] - index, self.starts[index + 1] - index - 1
            xs = itertools.accumulate(self.dx[a:b], initial=self.firsts[2 * index])
            ys = itertools.accumulate(self.dy[a:b], initial=self.firsts[2 * index + 1])
            found = ([x * sx + tx for x in xs], [y * sy + ty for y in ys])
            self._arc_cache[index] = found
        return found

    def arc_levels(self, index: int) -> bytes:
        """The simplification level byte of each point of an arc."""
        if self.levels is None:
            return bytes([255]) * self.counts[index]
        return self.levels[self.starts[index]:self.starts[index + 1]]

    def arc_owners(self) -> list[tuple[str, ...]]:
        """For each arc, the codes of the countries whose rings use it (sorted)."""
        owners: list[set[str]] = [set() for _ in range(self.arc_count)]
        for country in self.countries.values():
            for index in country.arcs():
                owners[index].add(country.code)
        return [tuple(sorted(o)) for o in owners]

    def name(self, code: str) -> str:
        """Natural Earth's name for a code (the code itself if unknown)."""
        found = self.countries.get(code)
        return found.name if found else code


def _planes(values: array.array) -> bytes:
    raw = values.tobytes() if sys.byteorder == "little" else _swapped(values).tobytes()
    return raw[0::2] + raw[1::2]


def _swapped(values: array.array) -> array.array:
    copy = array.array(values.typecode, values)
    copy.byteswap()
    return copy


def _from_planes(data: bytes, count: int) -> array.array:
    raw = bytearray(2 * count)
    raw[0::2], raw[1::2] = data[:count], data[count:2 * count]
    values = array.array("h")
    values.frombytes(bytes(raw))
    if sys.byteorder != "little":
        values.byteswap()
    return values


def _little(values: array.array) -> bytes:
    return values.tobytes() if sys.byteorder == "little" else _swapped(values).tobytes()


def encode(header: dict, arcs: list[list[tuple[int, int]]],
           levels: list[bytes] | None = None) -> bytes:
    """The file bytes for quantised arcs (lists of absolute integer x, y points).

    ``header`` needs ``scale``, ``translate`` and ``countries``; counts are filled in.
    Deltas must fit in 16 bits (the converter splits longer steps).
    """
    counts = array.array("I", (len(arc) for arc in arcs))
    firsts = array.array("i", (v for arc in arcs for v in arc[0]))
    dx, dy = array.array("h"), array.array("h")
    for arc in arcs:
        for (x0, y0), (x1, y1) in itertools.pairwise(arc):
            dx.append(x1 - x0)
            dy.append(y1 - y0)
    payload = _little(counts) + _little(firsts) + _planes(dx) + _planes(dy)
    if levels is not None:
        payload += b"".join(levels)
    head = {**header, "format": FORMAT, "arcs": len(arcs), "points": sum(counts),
            "levels_km": header.get("levels_km") if levels is not None else None}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode()
    return MAGIC + struct.pack("<I", len(text)) + text + zlib.compress(payload, 9)


def decode(data: bytes) -> Atlas:
    """An Atlas from file bytes; AtlasError if they are not a geography file."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise AtlasError("not a Safe Passage geography file")
    (size,) = struct.unpack_from("<I", data, len(MAGIC))
    start = len(MAGIC) + 4
    try:
        header = json.loads(data[start:start + size])
        payload = zlib.decompress(data[start + size:])
    except (ValueError, zlib.error) as exc:
        raise AtlasError(f"damaged geography file ({exc})") from None
    if header.get("format") != FORMAT:
        raise AtlasError(f"geography format {header.get('format')} is not {FORMAT}")
    n, points = header["arcs"], header["points"]
    counts = array.array("I")
    counts.frombytes(payload[:4 * n])
    firsts = array.array("i")
    firsts.frombytes(payload[4 * n:12 * n])
    if sys.byteorder != "little":
        counts.byteswap()
        firsts.byteswap()
    deltas = points - n
    pos = 12 * n
    dx = _from_planes(payload[pos:pos + 2 * deltas], deltas)
    dy = _from_planes(payload[pos + 2 * deltas:pos + 4 * deltas], deltas)
    pos += 4 * deltas
    levels = payload[pos:pos + points] if header.get("levels_km") else None
    countries = {c["code"]: Country(c["code"], c["name"], tuple(
        tuple(tuple(ring) for ring in poly) for poly in c["polygons"]), tuple(c["bbox"]))
        for c in header["countries"]}
    return Atlas(header, counts, firsts, dx, dy, levels, countries)


def geo_dir() -> Path:
    """Where the converted geography files live (``resources/geo``)."""
    from desktop.paths import resources_dir

    return resources_dir() / "geo"


@lru_cache(maxsize=4)
def load_atlas(name: str = DISPLAY, folder: Path | None = None) -> Atlas:
    """The decoded geography file ``name`` (loaded on first use, then kept)."""
    path = (folder or geo_dir()) / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AtlasError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode(data)
