"""The converted boundary files: format round trip, the converter's rules, the real data."""

from __future__ import annotations

from itertools import pairwise

import pytest

from desktop.geo.atlas import CHECKS, DISPLAY, AtlasError, decode, encode, load_atlas
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
