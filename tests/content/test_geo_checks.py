"""The build checks coordinates against Natural Earth's borders (desktop.geo.checks):
crossings on their border, places in their country, straight lines through third
countries acknowledged in content."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.content import ContentBuildError
from desktop.content.build import build
from desktop.content.loader import load_content
from desktop.content.validate import check
from desktop.geo.checks import BORDER_TOLERANCE_KM
from desktop.paths import content_sources_dir
from desktop.storage.content_db import ContentDB
from tests.content.test_validation import FIXTURE, mutate


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def build_errors(folder: Path, tmp_path: Path) -> list[str]:
    """The errors of a build that must fail, after checking it wrote nothing."""
    out = tmp_path / "out.db"
    with pytest.raises(ContentBuildError) as caught:
        build(folder, out)
    assert not out.exists()
    return [str(e) for e in caught.value.errors]


def test_a_crossing_20_km_inside_russia_is_rejected(content: Path, tmp_path: Path) -> None:
    # Upper Lars (42.7417, 44.6358) moved 20 km north along the Terek, into Russia
    line = mutate(content, "routes.toml", "lat = 42.7417", "lat = 42.9300")
    mutate(content, "routes.toml", "lon = 44.6358", "lon = 44.6400")
    [error] = build_errors(content, tmp_path)
    assert f"routes.toml:{line}: 42.93, 44.64 lies " in error
    assert "from the RU–GE border (in Russia)" in error
    km = float(error.split(" lies ")[1].split(" km")[0])
    assert 19 < km < 22 and km > BORDER_TOLERANCE_KM
    assert "nearest point on it: 42.7" in error


def test_a_crossing_20_km_inside_finland_is_rejected(content: Path, tmp_path: Path) -> None:
    mutate(content, "routes.toml", "lat = 60.5936", "lat = 60.6800")
    mutate(content, "routes.toml", "lon = 27.8247", "lon = 27.5500")
    [error] = build_errors(content, tmp_path)
    assert "60.68, 27.55 lies 19.8 km from the RU–FI border (in Finland)" in error


def test_a_crossing_between_countries_without_a_land_border(content: Path,
                                                            tmp_path: Path) -> None:
    mutate(content, "routes.toml", 'to = "FI"', 'to = "TR"')
    [error] = build_errors(content, tmp_path)
    assert "RU and TR share no land border" in error


def test_a_ferry_leaves_from_the_coast(content: Path, tmp_path: Path) -> None:
    # Upper Lars as a "ferry" to Turkey: the Caucasus is far from any coast
    mutate(content, "routes.toml", 'to = "GE"', 'to = "TR"')
    mutate(content, "routes.toml", 'mode = "road"', 'mode = "ferry"')
    [error] = build_errors(content, tmp_path)
    assert "from the coast of Russia" in error
    # the same ferry from Sochi's harbour is fine
    mutate(content, "routes.toml", "lat = 42.7417", "lat = 43.5800")
    mutate(content, "routes.toml", "lon = 44.6358", "lon = 39.7200")
    assert [str(e) for e in check(load_content(content)).errors] == []


def test_a_city_in_the_wrong_country_is_rejected(content: Path, tmp_path: Path) -> None:
    # Vladikavkaz's record moved to Tbilisi
    line = mutate(content, "cities.toml", "lat = 43.0367", "lat = 41.7151")
    mutate(content, "cities.toml", "lon = 44.6678", "lon = 44.8271")
    [error] = build_errors(content, tmp_path)
    assert f"cities.toml:{line}: " in error
    assert "this city at 41.7151, 44.8271 lies in Georgia" in error
    assert "outside Russia (RU)" in error


def test_an_embassy_outside_its_country_is_rejected(content: Path, tmp_path: Path) -> None:
    mutate(content, "contacts.toml", "lat = 55.7558", "lat = 60.1699")
    mutate(content, "contacts.toml", "lon = 37.5815", "lon = 24.9384")
    [error] = build_errors(content, tmp_path)
    assert "this contact at 60.1699, 24.9384 lies in Finland" in error


def test_an_airport_outside_the_departure_country_is_rejected(content: Path,
                                                              tmp_path: Path) -> None:
    mutate(content, "routes.toml", "lat = 55.9726", "lat = 41.2753")
    mutate(content, "routes.toml", "lon = 37.4146", "lon = 28.7519")
    [error] = build_errors(content, tmp_path)
    assert "the departure airport at 41.2753, 28.7519 lies in Turkey" in error


def test_a_harbour_city_just_off_the_simplified_coast_is_accepted(content: Path) -> None:
    # Makhachkala's centre falls 0.15 km into the Caspian on the 1:10m coastline
    mutate(content, "cities.toml", "lat = 55.7558", "lat = 42.9849")
    mutate(content, "cities.toml", "lon = 37.6173", "lon = 47.5047")
    assert check(load_content(content)).errors == []
    mutate(content, "cities.toml", "lon = 47.5047", "lon = 47.9000")  # 30 km out to sea
    [error] = [str(e) for e in check(load_content(content)).errors]
    assert "lies at sea" in error


def test_third_countries_become_route_paths(content: Path, tmp_path: Path) -> None:
    warnings: list = []
    build(content, tmp_path / "c.db", warnings=warnings)
    assert warnings == []
    db = ContentDB(tmp_path / "c.db")
    try:
        # the straight line from Vladikavkaz to Vaalimaa crosses eastern Ukraine
        assert db.route_paths("vladikavkaz") == {"ru-fi-vaalimaa": ["UA"]}
        assert db.route_paths("moscow") == {}
        assert db.get("city", "vladikavkaz")["via"] == ["UA"]
    finally:
        db.close()


def test_an_unacknowledged_third_country_is_a_warning(content: Path, tmp_path: Path) -> None:
    line = mutate(content, "cities.toml", 'via = ["UA"]\n', "")
    warnings: list = []
    build(content, tmp_path / "c.db", warnings=warnings)  # still builds
    [warning] = [str(w) for w in warnings]
    vaalimaa = (content / "routes.toml").read_text().split("\n").index("lat = 60.5936") + 1
    assert f"routes.toml:{vaalimaa}: warning: the straight line to this crossing from " \
           "Vladikavkaz passes through Ukraine (UA)" in warning
    assert line  # the acknowledgement was there to remove
    # acknowledging it on the route instead works too
    mutate(content, "routes.toml", 'id = "ru-fi-vaalimaa"\n',
           'id = "ru-fi-vaalimaa"\nvia = ["UA"]\n')
    assert check(load_content(content)).warnings == []


def test_an_acknowledgement_nothing_needs_is_a_warning(content: Path) -> None:
    line = mutate(content, "cities.toml", 'country = "RU"\n', 'country = "RU"\nvia = ["CN"]\n')
    [warning] = [str(w) for w in check(load_content(content)).warnings]
    assert f"cities.toml:{line + 1}: warning: 'via' lists CN but no straight line" in warning


def test_an_older_database_has_no_route_paths(content: Path, tmp_path: Path) -> None:
    build(content, tmp_path / "c.db")
    with sqlite3.connect(tmp_path / "c.db") as conn:
        conn.execute("DROP TABLE route_paths")
    db = ContentDB(tmp_path / "c.db")
    try:
        assert db.route_paths("vladikavkaz") == {}
    finally:
        db.close()


def test_the_bundled_content_has_no_geography_errors_or_warnings() -> None:
    result = check(load_content(content_sources_dir()))
    assert [str(e) for e in result.errors] == []
    assert [str(w) for w in result.warnings] == []
    paths = {row["id"]: row["via"] for row in result.route_paths}
    assert paths["moscow/ru-lt-kaliningrad"] == ["BY"]
    assert paths["vladivostok/ru-fi-vaalimaa"][0] == "CN"
    assert "moscow/ru-fi-vaalimaa" not in paths   # stays in Russia until the border
