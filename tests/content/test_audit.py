"""``safe-passage content audit``: figures per kind and confidence, single-source records,
oldest checks and unsure headline values, as a table and as JSON; it also reads content
that no longer validates (an old checkout)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.content.audit import audit_folder, format_table

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "tests" / "data" / "content"


def run(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SAFE_PASSAGE_BASEDIR": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def test_counts_per_kind_and_confidence() -> None:
    report = audit_folder(FIXTURE)
    routes = report["kinds"]["route"]
    assert (routes["records"], routes["verified"], routes["likely"], routes["unsure"]) == (
        4, 3, 1, 0)
    assert report["kinds"]["item"]["records"] == 3
    assert report["totals"]["records"] == sum(k["records"] for k in report["kinds"].values())
    assert report["totals"]["single_source"] == len(report["single_source"])
    assert "route/ru-ge-upper-lars" in report["single_source"]
    assert report["oldest_checks"][0]["checked_on"] == "2026-11-01"
    assert report["headline_unsure"] == []


def test_unsure_headline_values_marked_or_not(content: Path) -> None:
    path = content / "countries.toml"
    text = path.read_text(encoding="utf-8").replace(
        'id = "RU"', 'id = "RU"\nconfidence = "unsure"', 1)
    path.write_text(text, encoding="utf-8")
    unmarked = audit_folder(content)
    russia = [d for d in unmarked["headline_unsure"] if d["record"] == "country/RU"]
    assert {d["field"] for d in russia} == {"emergency", "police", "ambulance", "fire"}
    assert not any(d["marked"] for d in russia)
    assert unmarked["kinds"]["country"]["headline_unmarked"] == 4
    # Naming the unsure value marks exactly that value.
    path.write_text(text.replace('confidence = "unsure"',
                                 'confidence = "unsure"\nunconfirmed = ["fire"]', 1),
                    encoding="utf-8")
    marked = audit_folder(content)
    russia = [d for d in marked["headline_unsure"] if d["record"] == "country/RU"]
    assert [(d["field"], d["value"], d["marked"]) for d in russia] == [("fire", "101", True)]
    assert marked["kinds"]["country"]["headline_unmarked"] == 0


def test_a_flagged_phone_is_a_marked_headline_value(content: Path) -> None:
    path = content / "contacts.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'label = "Switchboard, 24 hours" }',
        'label = "Switchboard, 24 hours", unconfirmed = true }'),
        encoding="utf-8")
    doubts = audit_folder(content)["headline_unsure"]
    assert doubts == [{"record": "contact/us-embassy-moscow", "confidence": "verified",
                       "field": "phones[0]", "value": "+7 495 728-5000", "marked": True}]


def test_sources_without_supports_are_counted(content: Path) -> None:
    before = audit_folder(content)["kinds"]["contact"]["sources_without_supports"]
    path = content / "contacts.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'source = "fixture-alert"', 'source = [{ id = "fixture-alert", supports = ["phones"] }]'),
        encoding="utf-8")
    assert (before, audit_folder(content)["kinds"]["contact"]["sources_without_supports"]) == (1, 0)


def test_content_that_does_not_validate_is_still_audited(content: Path) -> None:
    (content / "broken.toml").write_text("[[route]\nid = ", encoding="utf-8")
    report = audit_folder(content)
    assert report["kinds"]["route"]["records"] == 4
    assert any("broken.toml" in e for e in report["load_errors"])
    assert "warning: " in format_table(report)


def test_cli_table_and_json(tmp_path: Path) -> None:
    table = run("content", "audit", "--source", str(FIXTURE), "--oldest", "2", home=tmp_path)
    assert table.returncode == 0, table.stderr
    header = table.stdout.splitlines()[0].split()
    assert header[:5] == ["kind", "records", "verified", "likely", "unsure"]
    assert any(line.startswith("total") for line in table.stdout.splitlines())
    assert "Oldest checks:" in table.stdout
    as_json = run("content", "audit", "--source", str(FIXTURE), "--json", home=tmp_path)
    report = json.loads(as_json.stdout)
    assert report["content_version"] == "test.1"
    assert report["kinds"]["route"]["records"] == 4


def test_cli_missing_folder_is_one_error_line(tmp_path: Path) -> None:
    missing = run("content", "audit", "--source", str(tmp_path / "nowhere"), home=tmp_path)
    assert missing.returncode != 0
    assert missing.stderr.startswith("error: content folder not found")
    assert "Traceback" not in missing.stderr


def test_a_phone_labelled_unconfirmed_is_not_marked(content: Path) -> None:
    """The audit counts as marked exactly what the app marks (content.is_unconfirmed):
    a label that says "unconfirmed" puts no mark beside the number, so it is not one."""
    path = content / "contacts.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('label = "Switchboard, 24 hours"',
                                 'label = "Switchboard (unconfirmed)"'), encoding="utf-8")
    assert audit_folder(content)["headline_unsure"] == []
    path.write_text(text.replace('label = "Switchboard, 24 hours"',
                                 'label = "Switchboard (unconfirmed)"')
                    .replace('checked_on = 2026-11-01', 'checked_on = 2026-11-01\n'
                             'confidence = "unsure"'), encoding="utf-8")
    doubts = audit_folder(content)["headline_unsure"]
    assert {(d["field"], d["marked"]) for d in doubts} == {("phones", False),
                                                             ("status", False)}


@pytest.mark.parametrize("value", ['""', '"   "', '"\\n\\n"'])
def test_an_empty_headline_value_is_audited(content: Path, value: str) -> None:
    """The audit reads sources that do not validate: an empty value is shown as empty."""
    path = content / "contacts.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'status = "limited"', f'status = {value}\nunconfirmed = ["status"]'),
        encoding="utf-8")
    doubts = audit_folder(content)["headline_unsure"]
    assert doubts == [{"record": "contact/us-embassy-moscow", "confidence": "verified",
                       "field": "status", "value": "", "marked": True}]
