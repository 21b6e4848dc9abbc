"""The ``safe-passage`` command, run as a person or a script would: as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "content"


def run(*args: str, basedir: Path, db: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SAFE_PASSAGE_BASEDIR": str(basedir), "QT_QPA_PLATFORM": "offscreen"}
    prefix = ["--content-db", str(db)] if db else []
    return subprocess.run([sys.executable, "-m", "desktop", *prefix, *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def basedir(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_build_then_search_json(tmp_path: Path, basedir: Path) -> None:
    db = tmp_path / "content.db"
    built = run("build", "--source", str(FIXTURE), "--out", str(db), basedir=basedir)
    assert built.returncode == 0, built.stderr
    assert "built" in built.stdout and db.exists()
    found = run("search", "lars", "--json", basedir=basedir, db=db)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits[0]["id"] == "ru-ge-upper-lars"
    assert {"kind", "id", "title", "country", "snippet"} <= set(hits[0])
    assert "**Lars**" in hits[0]["snippet"]
    assert [h["rank"] for h in hits] == sorted(h["rank"] for h in hits)


def test_search_options(fixture_db: Path, basedir: Path) -> None:
    out = run("search", "lars", "--json", "--kind", "advisory", "--limit", "1",
              basedir=basedir, db=fixture_db)
    hits = json.loads(out.stdout)
    assert len(hits) == 1 and hits[0]["kind"] == "advisory"
    out = run("search", "112", "--json", "--country", "ge", basedir=basedir, db=fixture_db)
    assert [h["id"] for h in json.loads(out.stdout)] == ["GE"]
    out = run("search", "uper lars", "--json", "--with-meta", basedir=basedir, db=fixture_db)
    assert json.loads(out.stdout)["corrected"] == "upper lars"
    out = run("search", "uper lars", basedir=basedir, db=fixture_db)
    assert "showing results for 'upper lars'" in out.stdout
    out = run("search", "kazbegi embassy", "--json", "--with-meta", basedir=basedir,
              db=fixture_db)
    meta = json.loads(out.stdout)
    assert meta["closest"] and meta["words"] == ["kazbegi", "embassy"] and meta["hits"]
    assert "intent" in meta and meta["dropped"]
    out = run("search", "kazbegi embassy", basedir=basedir, db=fixture_db)
    assert "No record has all of: kazbegi, embassy; showing the closest." in out.stdout
    out = run("search", "lars " * 200, basedir=basedir, db=fixture_db)
    assert "Only the first 500 characters were searched." in out.stdout
    out = run("search", "lars " * 200, "--json", "--with-meta", basedir=basedir,
              db=fixture_db)
    assert json.loads(out.stdout)["shortened"] is True


def test_show_route_contact_checklist(fixture_db: Path, basedir: Path) -> None:
    route = json.loads(run("show", "route", "ru-ge-upper-lars", "--json",
                           basedir=basedir, db=fixture_db).stdout)
    assert (route["lat"], route["lon"], route["status"]) == (42.7417, 44.6358, "open")
    assert route["entry_rules"][0]["visa"] == "visa-free"
    contact = json.loads(run("show", "contact", "us-embassy-moscow", "--json",
                             basedir=basedir, db=fixture_db).stdout)
    assert contact["phones"][0]["e164"] == "+74957285000"
    assert contact["address_local"].startswith("Большой")
    checklist = json.loads(run("show", "checklist", "leaving", "--json",
                               basedir=basedir, db=fixture_db).stdout)
    assert [i["text"] for i in checklist["items"]][0] == "Passport and visa in your hand luggage"
    text = run("show", "route", "ru-ge-upper-lars", basedir=basedir, db=fixture_db)
    assert "Upper Lars" in text.stdout and "source: Fixture Border Service" in text.stdout


@pytest.mark.parametrize("kind", ["country", "advisory", "route", "entry_rule", "contact",
                                  "guide", "checklist", "phrase", "city"])
def test_list_every_kind(fixture_db: Path, basedir: Path, kind: str) -> None:
    out = run("list", kind, "--json", basedir=basedir, db=fixture_db)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout), f"no {kind} records"


@pytest.mark.parametrize(("args", "message"), [
    (["show", "route", "nowhere"], "No route with id 'nowhere'"),
    (["show", "planet", "mars"], "invalid choice: 'planet'"),
    (["list", "bogus"], "invalid choice: 'bogus'"),
    (["search", "x", "--kind", "bogus"], "unknown kind 'bogus'"),
    (["search", "x", "--limit", "many"], "invalid int value"),
])
def test_errors_are_one_clear_line(fixture_db: Path, basedir: Path, args: list[str],
                                   message: str) -> None:
    out = run(*args, basedir=basedir, db=fixture_db)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
    assert "Traceback" not in out.stderr


def test_missing_database_is_one_clear_line(tmp_path: Path, basedir: Path) -> None:
    out = run("search", "lars", basedir=basedir, db=tmp_path / "missing.db")
    assert out.returncode != 0
    assert out.stderr.strip().splitlines() == [
        f"error: The content database {tmp_path / 'missing.db'} is missing. "
        "Rebuild it with 'safe-passage build'."]


def test_broken_content_lists_errors_and_writes_nothing(tmp_path: Path, basedir: Path) -> None:
    import shutil

    source = tmp_path / "content"
    shutil.copytree(FIXTURE, source)
    routes = source / "routes.toml"
    routes.write_text(routes.read_text().replace("lat = 42.7417", "lat = 420")
                      .replace('mode = "air"', 'mode = "balloon"'))
    out = run("build", "--source", str(source), "--out", str(tmp_path / "x.db"),
              basedir=basedir)
    assert out.returncode == 1
    errors = [line for line in out.stderr.splitlines() if not line.startswith("error:")]
    assert len(errors) == 2
    assert all(":" in e and e.split(":")[1].isdigit() for e in errors)
    assert not (tmp_path / "x.db").exists()


def test_build_prints_warnings_and_still_builds(tmp_path: Path, basedir: Path) -> None:
    import shutil

    source = tmp_path / "content"
    shutil.copytree(FIXTURE, source)
    cities = source / "cities.toml"
    cities.write_text(cities.read_text().replace('via = ["UA"]\n', ""))
    out = run("build", "--source", str(source), "--out", str(tmp_path / "x.db"),
              basedir=basedir)
    assert out.returncode == 0, out.stderr
    [warning] = out.stderr.splitlines()
    assert ": warning: the straight line to this crossing from Vladikavkaz passes through " \
           "Ukraine (UA)" in warning
    assert warning.split(":")[1].isdigit() and (tmp_path / "x.db").exists()


def test_version_and_self_test(fixture_db: Path, basedir: Path) -> None:
    version = run("--version", basedir=basedir)
    assert version.returncode == 0 and version.stdout.startswith("Safe Passage ")
    test = run("--self-test", basedir=basedir, db=fixture_db)
    assert test.returncode == 0, test.stderr
    assert "self-test passed" in test.stdout
    assert (basedir / "data" / "user.db").exists()


def test_self_test_reports_a_broken_database(tmp_path: Path, basedir: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"junk" * 100)
    out = run("--self-test", basedir=basedir, db=bad)
    assert out.returncode != 0 and "error:" in out.stderr and "Traceback" not in out.stderr


def test_self_test_checks_the_whole_content_database(fixture_db: Path, basedir: Path,
                                                     tmp_path: Path) -> None:
    """The self-test runs the thorough check (integrity, every JSON value, every kind read
    whole), so damage that the quick start-up check and one search miss is reported."""
    import sqlite3

    bad = tmp_path / "content.db"
    bad.write_bytes(fixture_db.read_bytes())
    conn = sqlite3.connect(bad)
    conn.execute("UPDATE route_paths SET via = 'not json'")
    conn.commit()
    conn.close()
    out = run("--self-test", basedir=basedir, db=bad)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: ") and "route_paths.via" in out.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["search", "x", "--limit", "0"], "must be 1 or more"),
    (["print", "card", "--pdf", "x.pdf", "--font-scale", "20"], "between 0.75 and 2"),
])
def test_out_of_range_numbers_are_refused(fixture_db: Path, basedir: Path, tmp_path: Path,
                                          args: list[str], message: str) -> None:
    out = run(*args, basedir=basedir, db=fixture_db)
    assert out.returncode != 0 and message in out.stderr and "Traceback" not in out.stderr


def test_build_problems_are_readable(tmp_path: Path, basedir: Path) -> None:
    import shutil

    source = tmp_path / "content"
    shutil.copytree(FIXTURE, source)
    (source / "guides" / "latin1.md").write_bytes(b"+++\ntitle = \"Caf\xe9\"\n+++\nBody\n")
    out = run("build", "--source", str(source), "--out", str(tmp_path / "x.db"),
              basedir=basedir)
    assert out.returncode == 1 and "latin1.md:2: not valid UTF-8" in out.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run("build", "--source", str(FIXTURE), "--out", str(blocker / "x.db"),
              basedir=basedir)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("error: cannot write")


@pytest.mark.parametrize(("argv", "quick"), [
    ([], True), (["--portable"], True), (["--basedir", "home"], True),
    (["--basedir=home"], True), (["--basedir=-odd"], True),
    (["--basedir", "a", "--portable", "--basedir", "b"], True),
    (["--content-db", "c.db", "--basedir", "home"], True), (["--content-db="], True),
    (["--basedir", ""], False), (["--basedir", "-x"], False), (["--basedir"], False),
    (["--base", "home"], False), (["--portable=1"], False), (["--", "--portable"], False),
    (["search", "lars"], False), (["--self-test"], False), (["--version"], False),
])
def test_the_quick_gui_parse_reads_as_the_full_parser(argv: list[str], quick: bool) -> None:
    """Starting the window reads its few options without argparse; whatever it does not
    read goes to the full parser, which gives the same options where both read them."""
    from desktop import cli

    args = cli._gui_only(argv)
    assert (args is not None) == quick
    if args is not None:
        full = cli.parser().parse_args(argv)
        assert (args.basedir, args.portable, args.content_db) == (
            full.basedir, full.portable, full.content_db)
        assert args.func is full.func is cli.cmd_gui
        assert not args.self_test and not args.gui
