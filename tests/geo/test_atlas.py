"""The converted boundary files: format round trip, the converter's rules, the real data."""

from __future__ import annotations

import array
import json
import struct
import zlib
from itertools import pairwise

import pytest

from desktop.geo.atlas import CHECKS, DISPLAY, MAGIC, AtlasError, decode, encode, load_atlas
from desktop.geo.geometry import GeoIndex
from tests.geo.conftest import converter, tiny_topology


def test_encode_decode_round_trip() -> None:
    arcs = [[(0, 0), (5, 3), (30005, -2000)], [(70000, 7), (70000, 8)]]
    header = {"scale": [1.0, 1.0], "translate": [0.0, 0.0], "levels_km": [0, 1],
              "countries": [{"code": "AA", "name": "A", "bbox": [0, 0, 1, 1],
                             "polygons": [[[0, ~1]]]}]}
    atlas = decode(encode(header, arcs, [bytes([255, 0, 255]), bytes([255, 255])]))
    assert atlas.arc(0) == ([0.0, 5.0, 30005.0], [0.0, 3.0, -2000.0])
    assert atlas.arc(1) == ([70000.0, 70000.0], [7.0, 8.0])
    assert atlas.arc_levels(0) == bytes([255, 0, 255])
    assert atlas.countries["AA"].polygons == (((0, -2),),)
    assert atlas.countries["AA"].arcs() == {0, 1}


def test_converter_splits_steps_too_long_for_16_bits() -> None:
    points = converter().split_long_steps([(0, 0), (100000, 10)])
    assert points[0] == (0, 0) and points[-1] == (100000, 10)
    assert all(abs(b[0] - a[0]) <= 32767 for a, b in pairwise(points))


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not ours",
                                  b"SPGEO\x00\x01\n\x05\x00\x00\x00{}"])
def test_damaged_files_are_refused(data: bytes) -> None:
    with pytest.raises(AtlasError):
        decode(data)


def _good() -> tuple[dict, list[list[tuple[int, int]]]]:
    header = {"scale": [1.0, 1.0], "translate": [0.0, 0.0],
              "countries": [{"code": "AA", "name": "A", "bbox": [0, 0, 1, 1],
                             "polygons": [[[0, ~1]]]}]}
    return header, [[(0, 0), (5, 3), (9, 9)], [(9, 9), (0, 0)]]


def _crafted(header: object, payload: bytes) -> bytes:
    text = json.dumps(header).encode()
    return MAGIC + struct.pack("<I", len(text)) + text + zlib.compress(payload)


def _parts(data: bytes) -> tuple[dict, bytes]:
    (size,) = struct.unpack_from("<I", data, len(MAGIC))
    start = len(MAGIC) + 4
    return json.loads(data[start:start + size]), zlib.decompress(data[start + size:])


def _variants() -> list[tuple[str, bytes]]:
    header, arcs = _good()
    head, payload = _parts(encode(header, arcs))
    variants = [("header is a list", _crafted([head], payload)),
                ("header is a number", _crafted(7, payload)),
                ("no arcs", _crafted({k: v for k, v in head.items() if k != "arcs"}, payload)),
                ("no points", _crafted({k: v for k, v in head.items() if k != "points"},
                                       payload)),
                ("no countries", _crafted({k: v for k, v in head.items()
                                           if k != "countries"}, payload)),
                ("payload short", _crafted(head, payload[:-1])),
                ("payload long", _crafted(head, payload + b"\0")),
                ("payload empty", _crafted(head, b""))]
    for name, change in [("arcs not a number", {"arcs": "2"}),
                         ("negative arcs", {"arcs": -1}),
                         ("more arcs than points", {"arcs": 9, "points": 5}),
                         ("huge points", {"points": 2**62}),
                         ("bad scale", {"scale": 1.0}),
                         ("bad levels", {"levels_km": "fine"}),
                         ("countries not a list", {"countries": {"AA": 1}}),
                         ("country not an object", {"countries": [["AA"]]}),
                         ("country without bbox", {"countries": [{"code": "AA", "name": "A",
                                                                  "polygons": []}]}),
                         ("arc out of range", {"countries": [{"code": "AA", "name": "A",
                                                              "bbox": [0, 0, 1, 1],
                                                              "polygons": [[[0, 2]]]}]}),
                         ("ring not a list", {"countries": [{"code": "AA", "name": "A",
                                                             "bbox": [0, 0, 1, 1],
                                                             "polygons": [[7]]}]})]:
        variants.append((name, _crafted({**head, **change}, payload)))
    counts = array.array("I", [3, 3])  # point counts that disagree with "points"
    variants.append(("counts disagree", _crafted(head, counts.tobytes() + payload[8:])))
    return variants


@pytest.mark.parametrize(("name", "data"), _variants(), ids=[n for n, _ in _variants()])
def test_crafted_files_are_an_atlas_error(name: str, data: bytes) -> None:
    with pytest.raises(AtlasError):
        decode(data)


def test_crafted_helper_makes_a_file_that_decodes() -> None:
    header, arcs = _good()
    head, payload = _parts(encode(header, arcs))
    assert decode(_crafted(head, payload)).arc(1) == ([9.0, 0.0], [9.0, 0.0])


def test_missing_file_is_a_readable_error(tmp_path) -> None:
    with pytest.raises(AtlasError, match="cannot read"):
        load_atlas("absent.spgeo", tmp_path)


def test_converter_names_countries_and_leaves_out_antarctica(tiny_atlas) -> None:
    assert sorted(tiny_atlas.countries) == ["FI", "FJ", "RU"]
    assert tiny_atlas.countries["RU"].name == "Russia"
    assert tiny_atlas.arc_owners()[0] == ("FI", "RU")  # the shared border, stored once


def test_converter_unwraps_the_antimeridian(tiny_atlas) -> None:
    fiji = tiny_atlas.countries["FJ"]
    lons = [x for arc in fiji.arcs() for x in tiny_atlas.arc(arc)[0]]
    assert max(lons) - min(lons) == pytest.approx(2, abs=0.01)  # not 358 degrees wide
    geo = GeoIndex(tiny_atlas)
    assert geo.country_at(-17.5, 179.9) == "FJ"
    assert geo.country_at(-17.5, -179.9) == "FJ"
    assert geo.country_at(-17.5, 178.5) is None
    # Russia's piece cut at 180: the arc starting at -180 is moved a whole turn to join up
    assert geo.country_at(65.5, -175) == "RU"
    assert geo.country_at(65.5, 175) == "RU"
    assert geo.country_at(65.5, -165) is None
    assert geo.country_at(55, 25) == "RU"  # and the far-away square is unaffected
    assert geo.country_at(55, 15) == "FI"


def test_converter_is_deterministic_and_simplifies_by_level() -> None:
    convert = converter().convert
    one = convert(tiny_topology(), "t", simplify=True)
    assert one == convert(tiny_topology(), "t", simplify=True)
    atlas = decode(one)
    assert atlas.levels_km == converter().LEVELS_KM
    # a corner of a 10-degree square survives every level; so do the arc's ends
    assert set(atlas.arc_levels(1)) <= {255, len(atlas.levels_km) - 1}


def test_rings_that_do_not_join_are_refused() -> None:
    topology = tiny_topology()
    topology["objects"]["countries"]["geometries"][0]["arcs"] = [[0, 2]]  # FI: wrong arc
    with pytest.raises(SystemExit, match="rings do not join up"):
        converter().convert(topology, "t", simplify=False)


@pytest.mark.parametrize("name", [DISPLAY, CHECKS])
def test_bundled_boundaries(name: str) -> None:
    atlas = load_atlas(name)
    assert "world-atlas 2." in atlas.header["source"]
    assert {"RU", "FI", "EE", "LV", "LT", "PL", "BY", "UA", "GE", "AZ", "KZ", "CN", "MN",
            "NO", "TR", "AE"} <= set(atlas.countries)
    assert "AQ" not in atlas.countries
    geo = GeoIndex(atlas)
    assert geo.country_at(55.7558, 37.6173) == "RU"          # Moscow
    assert geo.country_at(60.1699, 24.9384) == "FI"          # Helsinki
    assert geo.country_at(65.5, -175.0) == "RU"              # Chukotka, east of 180
    assert geo.country_at(45.62, 63.31) == "KZ"              # Baikonur counts as Kazakhstan
    assert geo.country_at(57.0, 20.0) is None                # the Baltic Sea
    assert geo.border_arcs("RU", "FI") and not geo.border_arcs("RU", "TR")


def test_self_test_notices_missing_boundaries(tmp_path, monkeypatch) -> None:
    from desktop import selftest
    from desktop.geo import atlas

    assert selftest._check_map("RU") == []
    atlas.load_atlas.cache_clear()
    monkeypatch.setattr(atlas, "geo_dir", lambda: tmp_path)
    try:
        [problem] = selftest._check_map("RU")
        assert problem.startswith("map boundaries: cannot read")
    finally:
        atlas.load_atlas.cache_clear()
