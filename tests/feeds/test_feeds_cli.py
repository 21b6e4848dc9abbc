"""The ``feeds import`` sub-command: summaries, atomic TOML output, nothing written on error."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from desktop.feeds.cli import main, register

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "feeds"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="safe-passage")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_prints_one_line_per_record(capsys):
    assert run(["feeds", "import", str(DATA / "us_state.rss"), "--checked-on",
                "2022-10-05"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 5
    assert lines[0] == ("ru-us-feed: RU US level 4 (regional) [Level 4: Do Not Travel] "
                        "issued 2022-09-27")
    assert "note: us_state.rss: item 4 (Worldwide Caution)" in err


def test_writes_toml_with_country_filter(tmp_path, capsys):
    out = tmp_path / "advisories.toml"
    out.write_text("old", encoding="utf-8")  # overwriting is fine
    code = run(["feeds", "import", str(DATA / "ca_index.json"), "--format", "ca-json",
                "--country", "RU", "--country", "ge", "--out", str(out),
                "--checked-on", "2022-10-05"])
    assert code == 0
    doc = tomllib.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in doc["advisory"]] == ["ru-ca-feed", "ge-ca-feed"]
    assert doc["source"][0]["id"] == "ca-travel-advice-feed"
    assert "wrote 2 advisories" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["advisories.toml"]  # no temp left


@pytest.mark.parametrize("argv_tail", [
    [str(DATA / "malformed" / "bomb.rss")],
    [str(DATA / "malformed" / "ca_state7.json")],
    [str(DATA / "us_state.rss"), "--country", "XX"],
    [str(DATA / "us_state.rss"), "--format", "uk-json"],
    [str(DATA / "nope.json")],
])
def test_error_writes_nothing(tmp_path, capsys, argv_tail):
    out = tmp_path / "out.toml"
    new = tmp_path / "new.toml"
    out.write_text("keep me", encoding="utf-8")
    assert run(["feeds", "import", *argv_tail, "--out", str(out)]) == 2
    assert run(["feeds", "import", *argv_tail, "--out", str(new)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert len(err) == 2 and all(line.startswith("error: ") for line in err)
    assert out.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.toml"]


def test_out_folder_missing(tmp_path, capsys):
    code = run(["feeds", "import", str(DATA / "uk_russia.json"), "--out",
                str(tmp_path / "no" / "such" / "out.toml")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_bad_checked_on_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        run(["feeds", "import", str(DATA / "uk_russia.json"), "--checked-on", "27/09/2022"])
    assert info.value.code == 2
    assert "is not a date like" in capsys.readouterr().err


def test_main(capsys):
    assert main(["import", str(DATA / "smartraveller.json")]) == 0
    assert capsys.readouterr().out.count("\n") == 3


def test_python_dash_m_and_no_qt(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "desktop.feeds.cli", "import", str(DATA / "uk_georgia.json"),
         "--out", str(tmp_path / "o.toml")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert tomllib.loads((tmp_path / "o.toml").read_text(encoding="utf-8"))["advisory"]
    code = ("import sys, desktop.feeds.cli, desktop.feeds.importer; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    assert proc.stdout.strip() == "False"


def test_format_names_match_the_parsers() -> None:
    from desktop.feeds import FORMAT_NAMES
    from desktop.feeds.importer import FORMATS

    assert list(FORMATS) == FORMAT_NAMES
