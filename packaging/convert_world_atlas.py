"""Convert Natural Earth boundaries from the npm package world-atlas into resources/geo/.

Run once while developing (never at run time, never in CI)::

    npm pack world-atlas@2          # writes world-atlas-2.0.2.tgz (do not commit it)
    python packaging/convert_world_atlas.py world-atlas-2.0.2.tgz

It reads ``countries-50m.json`` (drawn by the map) and ``countries-10m.json`` (used by the
content build's coordinate checks) from the tarball, decodes the TopoJSON arcs, unwraps
longitudes across the antimeridian, names each country by its ISO 3166 alpha-2 code,
leaves out Antarctica, adds simplification levels to the 50m file and writes
``resources/geo/countries-50m.spgeo`` and ``countries-10m.spgeo`` (format in
``desktop/geo/atlas.py``).  The output is deterministic: the same tarball gives the same
bytes.
"""

from __future__ import annotations

import json
import math
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.geo.atlas import CHECKS, DISPLAY, encode  # noqa: E402

OUT = ROOT / "resources" / "geo"
# Simplification tolerances (km) of the display file's levels, finest first.  The map
# picks the coarsest level whose tolerance stays under about a pixel.
LEVELS_KM = [0.0, 1.0, 2.5, 6.0, 15.0, 40.0]
LEFT_OUT = {"010"}  # Antarctica: far from every way out, and it wraps the whole globe
# Natural Earth entities without an ISO numeric code: ISO-like code, or merge into one.
NO_ID = {"Kosovo": "XK", "Baikonur": "KZ"}  # Baikonur is Kazakh land leased to Russia
MAX_STEP = 32767


def alpha2(numeric: str) -> str | None:
    """ISO 3166-1 alpha-2 for a numeric code, via pycountry."""
    import pycountry

    found = pycountry.countries.get(numeric=numeric)
    return found.alpha_2 if found else None


def slug(name: str) -> str:
    """A pseudo-code for an entity without an ISO code ("~n-cyprus")."""
    return "~" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def absolute_arcs(topology: dict) -> list[list[tuple[int, int]]]:
    """TopoJSON's delta-encoded arcs as absolute quantised points, unwrapped in x."""
    period = round(360 / topology["transform"]["scale"][0])
    arcs = []
    for raw in topology["arcs"]:
        x = y = 0
        points = []
        for n, (dx, dy) in enumerate(raw):
            if n and abs(dx) > period // 2:  # a step across the antimeridian
                dx -= period if dx > 0 else -period
            x, y = x + dx, y + dy
            points.append((x, y))
        arcs.append(split_long_steps(points))
    return arcs


def split_long_steps(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Insert points so that no step needs more than 16 bits."""
    out = points[:1]
    for x, y in points[1:]:
        x0, y0 = out[-1]
        parts = math.ceil(max(abs(x - x0), abs(y - y0)) / MAX_STEP)
        for k in range(1, parts):
            out.append((x0 + (x - x0) * k // parts, y0 + (y - y0) * k // parts))
        out.append((x, y))
    return out


def countries(topology: dict) -> dict[str, dict]:
    """Countries by code, with their polygons as rings of arc references."""
    found: dict[str, dict] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name, numeric = geometry["properties"]["name"], geometry.get("id")
        if geometry.get("type") not in ("Polygon", "MultiPolygon") or numeric in LEFT_OUT:
            continue
        code = (alpha2(numeric) if numeric else None) or NO_ID.get(name) or slug(name)
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        entry = found.setdefault(code, {"code": code, "name": name, "polygons": []})
        entry["polygons"].extend(polygons)
    return dict(sorted(found.items()))


def align_rings(arcs: list[list[tuple[int, int]]], table: dict[str, dict],
                period: int) -> None:
    """Shift arcs by whole turns so that every ring's arcs join up.

    Natural Earth cuts rings at the antimeridian and unwrapping starts afresh on each arc,
    so an arc that begins at -180 sits one turn away from the arc before it (at +180).
    Only arcs a single country uses are moved; a shared arc keeps its place.
    """
    uses: dict[int, int] = {}
    for entry in table.values():
        for poly in entry["polygons"]:
            for ring in poly:
                for ref in ring:
                    index = ref if ref >= 0 else ~ref
                    uses[index] = uses.get(index, 0) + 1
    fixed = {index for index, count in uses.items() if count > 1}
    for entry in table.values():
        for poly in entry["polygons"]:
            for ring in poly:
                # start at a fixed arc, if the ring has one, so the shared arcs decide
                first = next((n for n, ref in enumerate(ring)
                              if (ref if ref >= 0 else ~ref) in fixed), 0)
                order = ring[first:] + ring[:first]
                end = None
                for ref in order:
                    index = ref if ref >= 0 else ~ref
                    arc = arcs[index]
                    start = arc[0] if ref >= 0 else arc[-1]
                    if end is not None and index not in fixed and start != end:
                        turns = round((start[0] - end[0]) / period)
                        if turns and (start[0] - turns * period, start[1]) == end:
                            arcs[index] = [(x - turns * period, y) for x, y in arc]
                    fixed.add(index)
                    arc = arcs[index]
                    end = arc[-1] if ref >= 0 else arc[0]


def check_rings(arcs: list[list[tuple[int, int]]], table: dict[str, dict]) -> list[str]:
    """Rings whose arcs do not join up (after unwrapping); should be none."""
    problems = []
    for code, entry in table.items():
        for poly in entry["polygons"]:
            for ring in poly:
                points: list[tuple[int, int]] = []
                for ref in ring:
                    arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                    if points and points[-1] != arc[0]:
                        problems.append(f"{code}: arc {ref} starts at {arc[0]}, "
                                        f"not {points[-1]}")
                    points.extend(arc if not points else arc[1:])
                if points[0] != points[-1]:
                    problems.append(f"{code}: ring not closed")
    return problems


def add_boxes(arcs: list[list[tuple[int, int]]], table: dict[str, dict],
              transform: dict) -> None:
    """Give each country its bounding box in degrees (unwrapped longitudes), so readers
    can rule a country out without decoding its arcs."""
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    for entry in table.values():
        points = [p for poly in entry["polygons"] for ring in poly for ref in ring
                  for p in arcs[ref if ref >= 0 else ~ref]]
        entry["bbox"] = [round(min(x for x, _ in points) * sx + tx, 6),
                         round(min(y for _, y in points) * sy + ty, 6),
                         round(max(x for x, _ in points) * sx + tx, 6),
                         round(max(y for _, y in points) * sy + ty, 6)]


def significance(lons: list[float], lats: list[float]) -> list[float]:
    """Douglas-Peucker significance (km) of each point: the tolerance that keeps it.

    Capped by the parent's value, so the points kept at any tolerance form a proper
    Douglas-Peucker simplification; the ends are always kept (infinite).
    """
    n = len(lons)
    sig = [0.0] * n
    sig[0] = sig[-1] = math.inf
    stack = [(0, n - 1, math.inf)]
    while stack:
        i, j, cap = stack.pop()
        if j <= i + 1:
            continue
        kx = math.cos(math.radians((lats[i] + lats[j]) / 2)) * 111.32
        ky = 110.574
        bx, by = (lons[j] - lons[i]) * kx, (lats[j] - lats[i]) * ky
        length2 = bx * bx + by * by
        best, best_k = -1.0, i + 1
        for k in range(i + 1, j):
            px, py = (lons[k] - lons[i]) * kx, (lats[k] - lats[i]) * ky
            if length2 == 0:
                d = math.hypot(px, py)
            else:
                t = max(0.0, min(1.0, (px * bx + py * by) / length2))
                d = math.hypot(px - t * bx, py - t * by)
            if d > best:
                best, best_k = d, k
        value = min(best, cap)
        sig[best_k] = value
        stack.append((i, best_k, value))
        stack.append((best_k, j, value))
    return sig


def levels(arcs: list[list[tuple[int, int]]], transform: dict) -> list[bytes]:
    """One level byte per point: the coarsest level of LEVELS_KM that keeps it."""
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    out = []
    for arc in arcs:
        sig = significance([x * sx + tx for x, _ in arc], [y * sy + ty for _, y in arc])
        out.append(bytes(255 if s == math.inf else
                         max(n for n, km in enumerate(LEVELS_KM) if s >= km) for s in sig))
    return out


def convert(topology: dict, source: str, simplify: bool) -> bytes:
    """The .spgeo bytes for one TopoJSON topology."""
    arcs = absolute_arcs(topology)
    table = countries(topology)
    used = sorted({ref if ref >= 0 else ~ref for entry in table.values()
                   for poly in entry["polygons"] for ring in poly for ref in ring})
    renumber = {old: new for new, old in enumerate(used)}
    arcs = [arcs[old] for old in used]
    for entry in table.values():
        entry["polygons"] = [[[renumber[r] if r >= 0 else ~renumber[~r] for r in ring]
                              for ring in poly] for poly in entry["polygons"]]
    align_rings(arcs, table, round(360 / topology["transform"]["scale"][0]))
    problems = check_rings(arcs, table)
    if problems:
        raise SystemExit("rings do not join up:\n" + "\n".join(problems[:20]))
    add_boxes(arcs, table, topology["transform"])
    header = {"source": source, "scale": topology["transform"]["scale"],
              "translate": topology["transform"]["translate"],
              "levels_km": LEVELS_KM if simplify else None,
              "countries": list(table.values())}
    return encode(header, arcs, levels(arcs, topology["transform"]) if simplify else None)


def read_package(path: Path) -> tuple[str, dict[str, dict]]:
    """The package version and its countries-50m/10m topologies (tarball or folder)."""
    wanted = ("package.json", "countries-50m.json", "countries-10m.json")
    if path.is_dir():
        files = {name: json.loads((path / name).read_text(encoding="utf-8"))
                 for name in wanted}
    else:
        with tarfile.open(path) as tar:
            files = {name: json.load(tar.extractfile(f"package/{name}")) for name in wanted}
    package = files.pop("package.json")
    if package.get("name") != "world-atlas" or not package["version"].startswith("2."):
        raise SystemExit(f"{path} is not world-atlas 2.x")
    return package["version"], files


def main(argv: list[str]) -> int:
    """Convert the tarball named on the command line."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    version, files = read_package(Path(argv[0]))
    OUT.mkdir(parents=True, exist_ok=True)
    for name, out, simplify in (("countries-50m.json", DISPLAY, True),
                                ("countries-10m.json", CHECKS, False)):
        data = convert(files[name], f"world-atlas {version} {name} (Natural Earth)", simplify)
        (OUT / out).write_bytes(data)
        print(f"{out}: {len(data):,} bytes from {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
