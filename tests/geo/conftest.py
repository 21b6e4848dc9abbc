"""A tiny synthetic TopoJSON world, converted like the real one, for exact geometry tests."""

from __future__ import annotations

import importlib.util
from itertools import pairwise
from pathlib import Path

import pytest

from desktop.geo.atlas import Atlas, load_atlas

ROOT = Path(__file__).resolve().parents[2]
SCALE = [360 / 99999, 180 / 99999]


def converter():
    """packaging/convert_world_atlas.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "convert_world_atlas", ROOT / "packaging" / "convert_world_atlas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def q(lon: float, lat: float) -> tuple[int, int]:
    return round((lon + 180) / SCALE[0]), round((lat + 90) / SCALE[1])


def topo_arc(*points: tuple[float, float]) -> list[list[int]]:
    """A TopoJSON arc: the first point absolute, then deltas (quantised)."""
    absolute = [q(*p) for p in points]
    return [list(absolute[0])] + [[b[0] - a[0], b[1] - a[1]]
                                  for a, b in pairwise(absolute)]


def tiny_topology() -> dict:
    """Finland and Russia as two squares sharing lon 20, Russia also owning a piece cut
    at the antimeridian, Fiji as one ring across it, and Antarctica (left out)."""
    arcs = [
        topo_arc((20, 50), (20, 60)),                              # 0: FI-RU border
        topo_arc((20, 60), (10, 60), (10, 50), (20, 50)),          # 1: FI coast
        topo_arc((20, 50), (30, 50), (30, 60), (20, 60)),          # 2: RU coast
        topo_arc((179, -17), (-179, -17), (-179, -18), (179, -18), (179, -17)),  # 3: Fiji
        topo_arc((0, -80), (10, -80), (10, -85), (0, -80)),        # 4: Antarctica
        topo_arc((170, 66), (170, 65), (180, 65)),                 # 5: Chukotka, west part
        topo_arc((-180, 65), (-170, 65), (-170, 66), (-180, 66)),  # 6: east of 180
        topo_arc((180, 66), (170, 66)),                            # 7: back to the start
    ]
    geometries = [
        {"type": "Polygon", "id": "246", "properties": {"name": "Finland"}, "arcs": [[0, 1]]},
        {"type": "MultiPolygon", "id": "643", "properties": {"name": "Russia"},
         "arcs": [[[-1, 2]], [[5, 6, 7]]]},
        {"type": "Polygon", "id": "242", "properties": {"name": "Fiji"}, "arcs": [[3]]},
        {"type": "Polygon", "id": "010", "properties": {"name": "Antarctica"},
         "arcs": [[4]]},
    ]
    return {"type": "Topology", "transform": {"scale": SCALE, "translate": [-180, -90]},
            "arcs": arcs, "objects": {"countries": {"type": "GeometryCollection",
                                                    "geometries": geometries}}}


@pytest.fixture(scope="session")
def tiny_atlas(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    """The tiny world converted with simplification levels and loaded from disk."""
    folder = tmp_path_factory.mktemp("geo")
    data = converter().convert(tiny_topology(), "tiny test world", simplify=True)
    (folder / "tiny.spgeo").write_bytes(data)
    return load_atlas("tiny.spgeo", folder)
