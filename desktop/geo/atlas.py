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
from typing import TypeGuard

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


def _damaged(why: str) -> AtlasError:
    return AtlasError(f"damaged geography file ({why})")


def _whole(value: object) -> TypeGuard[int]:
    return type(value) is int and value >= 0


def _numbers(value: object, count: int) -> bool:
    return (isinstance(value, list) and len(value) == count
            and all(type(v) in (int, float) for v in value))


def _country(entry: object, arcs: int) -> Country:
    """One country of the header, checked: ValueError says what is wrong."""
    if not isinstance(entry, dict):
        raise ValueError("a country is not an object")
    code, name, bbox = entry.get("code"), entry.get("name"), entry.get("bbox")
    if not isinstance(code, str) or not isinstance(name, str) or not _numbers(bbox, 4):
        raise ValueError(f"country {code!r} lacks a code, name or bounding box")
    polygons = entry.get("polygons")
    if not isinstance(polygons, list) or not all(
            isinstance(poly, list) and all(isinstance(ring, list) for ring in poly)
            for poly in polygons):
        raise ValueError(f"country {code} has malformed polygons")
    rings = tuple(tuple(tuple(ring) for ring in poly) for poly in polygons)
    if not all(type(ref) is int and -arcs <= ref < arcs
               for poly in rings for ring in poly for ref in ring):
        raise ValueError(f"country {code} uses an arc that is not in the file")
    return Country(code, name, rings, tuple(bbox))  # type: ignore[arg-type]


def decode(data: bytes) -> Atlas:
    """An Atlas from file bytes; AtlasError if they are not a geography file, or one whose
    header or data is damaged (every count and arc reference is checked, and the data
    must be exactly as long as the header says)."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise AtlasError("not a Safe Passage geography file")
    (size,) = struct.unpack_from("<I", data, len(MAGIC))
    start = len(MAGIC) + 4
    try:
        header = json.loads(data[start:start + size])
        payload = zlib.decompress(data[start + size:])
    except (ValueError, RecursionError, zlib.error) as exc:
        raise _damaged(str(exc)) from None
    if not isinstance(header, dict):
        raise _damaged("its header is not a JSON object")
    if header.get("format") != FORMAT:
        raise AtlasError(f"geography format {header.get('format')} is not {FORMAT}")
    n, points = header.get("arcs"), header.get("points")
    if not _whole(n) or not _whole(points) or points < n:
        raise _damaged("bad arc or point count")
    if not _numbers(header.get("scale"), 2) or not _numbers(header.get("translate"), 2):
        raise _damaged("bad scale or translation")
    levels_km = header.get("levels_km")
    if levels_km is not None and not (isinstance(levels_km, list)
                                      and _numbers(levels_km, len(levels_km))):
        raise _damaged("bad simplification levels")
    deltas = points - n
    expected = 12 * n + 4 * deltas + (points if levels_km else 0)
    if len(payload) != expected:
        raise _damaged(f"its data is {len(payload)} bytes where {expected} were expected")
    counts = array.array("I")
    counts.frombytes(payload[:4 * n])
    firsts = array.array("i")
    firsts.frombytes(payload[4 * n:12 * n])
    if sys.byteorder != "little":
        counts.byteswap()
        firsts.byteswap()
    if sum(counts) != points or (n and min(counts) < 1):
        raise _damaged("the arcs' point counts disagree with the header")
    pos = 12 * n
    dx = _from_planes(payload[pos:pos + 2 * deltas], deltas)
    dy = _from_planes(payload[pos + 2 * deltas:pos + 4 * deltas], deltas)
    pos += 4 * deltas
    levels = payload[pos:pos + points] if levels_km else None
    if not isinstance(header.get("countries"), list):
        raise _damaged("it has no list of countries")
    try:
        countries = {c.code: c for c in (_country(e, n) for e in header["countries"])}
    except ValueError as exc:
        raise _damaged(str(exc)) from None
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
