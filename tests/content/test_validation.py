"""Every validation rule has a failing fixture: a one-line change to the good fixture
content that must produce a precise ``file:line: message`` and no database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.content import ContentBuildError
from desktop.content.build import build
from desktop.content.loader import load_content
from desktop.content.validate import validate

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def mutate(folder: Path, file: str, old: str, new: str) -> int:
    """Replace the first ``old`` in a file; return the 1-based line where it was."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def errors_for(folder: Path) -> list[str]:
    return [str(e) for e in validate(load_content(folder))]


def test_fixture_content_is_valid(content: Path) -> None:
    assert errors_for(content) == []


# (file, old text, new text, expected message fragment)
CASES = [
    ("countries.toml", 'id = "GE"', 'id = "XX"', "not an ISO 3166-1 alpha-2"),
    ("countries.toml", 'id = "GE"', 'id = "ge"', "not an ISO 3166-1 alpha-2"),
    ("routes.toml", 'to = "GE"', 'to = "AM"', "country 'AM' has no record"),
    ("routes.toml", "lat = 42.7417", "lat = 142.7417", "latitude 142.7417 is outside"),
    ("routes.toml", "lon = 44.6358", 'lon = "east"', "longitude must be a number"),
    ("routes.toml", 'status = "open"', 'status = "maybe"', "must be one of: open"),
    ("routes.toml", 'mode = "road"', 'mode = "horse"', "must be one of: road"),
    ("routes.toml", "status_as_of = 2022-09-28", "status_as_of = 2099-01-01",
     "is in the future"),
    ("routes.toml", "status_as_of = 2022-09-28", 'status_as_of = "2022-09-28"',
     "must be a TOML date"),
    ("routes.toml", 'id = "ru-fi-vaalimaa"', 'id = "ru-ge-upper-lars"', "duplicate route id"),
    ("routes.toml", 'id = "ru-fi-vaalimaa"', 'id = "Ru Fi"', "lowercase letters"),
    ("routes.toml", 'source = "fixture-border"', 'source = "nowhere"',
     "source 'nowhere' is not defined"),
    ("routes.toml", 'typical_wait = "2–4 days"', 'tipical_wait = "2–4 days"',
     "unknown field 'tipical_wait'"),
    ("routes.toml", 'name = "Upper Lars – Dariali"\n', "", "missing required field 'name'"),
    ("advisories.toml", "level = 4", "level = 5", "normalised level 1, 2, 3 or 4"),
    ("advisories.toml", 'issuer = "US"', 'issuer = "FR"', "must be one of: US"),
    ("advisories.toml", "sp://route/ru-ge-upper-lars", "sp://route/nowhere",
     "points to no route with id 'nowhere'"),
    ("advisories.toml", "sp://route/ru-ge-upper-lars", "sp://planet/mars",
     "is not sp://KIND/ID"),
    ("contacts.toml", '"+7 495 728-5000"', '"+7 495 72"', "not a valid international phone"),
    ("contacts.toml", '"+7 495 728-5000"', '"8 495 728-5000"', "not a valid international"),
    ("contacts.toml", 'email = "MoscowACS@state.gov"', 'email = "moscow at state"',
     "is not an e-mail address"),
    ("contacts.toml", 'serves = ["US"]', 'serves = ["USA"]', "unknown country codes: USA"),
    ("countries.toml", 'emergency = "112"', "emergency = 112", "short emergency number"),
    ("entry_rules.toml", 'visa = "visa-free"', 'visa = "maybe"', "must be one of: visa-free"),
    ("entry_rules.toml", "days = 365", "days = -1", "whole number"),
    ("sources.toml", '"https://example.org/alert"', '"ftp://example.org/alert"',
     "not an http(s) URL"),
    ("countries.toml", 'checked_on = 2026-11-01\n\n[[country]]\nid = "GE"',
     'checked_on = 2030-11-01\n\n[[country]]\nid = "GE"', "in the future"),
    ("guides/protests.md", "sp://contact/us-embassy-moscow", "sp://contact/uk-embassy",
     "points to no contact"),
    ("guides/protests.md", 'title = "Protests and public assembly"\n', "",
     "missing required field 'title'"),
    ("checklists/leaving.toml", 'text = "Cash in dollars or euros"',
     'text = "' + "x" * 81 + '"', "fits one printed line"),
    ("checklists/leaving.toml", 'id = "cash"', 'id = "passport"', "duplicate item id"),
    ("checklists/leaving.toml", 'priority = "low"', 'priority = "urgent"',
     "must be one of: high"),
    ("synonyms.toml", 'kind = "contact"', 'kind = "embassy"', "must be one of: country"),
    ("synonyms.toml", 'country = "US"', 'country = "XX"', "not an ISO 3166-1 alpha-2"),
    ("synonyms.toml", 'mode = "air"', 'mode = "air"\nkind = "route"',
     "names one of country, countries, kind or mode"),
    ("synonyms.toml", 'mode = "air"', 'mode = "air"\ncountries = ["FI", "EE"]',
     "names one of country, countries, kind or mode"),
    ("synonyms.toml", 'id = "embassy"', 'countries = ["FI", "XX"]\nid = "embassy"',
     "unknown country codes: XX"),
    ("synonyms.toml", 'words = ["embassy"', 'people = ["x"]\nwords = ["embassy"',
     "'people' words need the group's 'country'"),
    ("synonyms.toml", 'words = ["phone"', 'words = [""', "list of non-empty strings"),
    ("synonyms.toml", 'mode = "air"', 'source = "fixture-alert"',
     "unknown field 'source' in synonym"),
    ("synonyms.toml", 'id = "embassy"', 'id = "by-air"', "duplicate synonym id"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), CASES,
                         ids=[f"{c[0]}:{c[3][:30]}" for c in CASES])
def test_rule_reports_file_and_line(content: Path, file: str, old: str, new: str,
                                    message: str) -> None:
    line = mutate(content, file, old, new)
    errors = errors_for(content)
    matching = [e for e in errors if message in e]
    assert matching, f"expected {message!r} in {errors}"
    assert any(e.split(":")[0].endswith(Path(file).name) for e in matching)
    if "missing required" not in message and "future" not in message:
        # The error points at the line that was changed.
        assert any(f":{line}:" in e for e in matching), (line, matching)


def test_toml_syntax_error_has_a_line(content: Path) -> None:
    line = mutate(content, "routes.toml", 'mode = "road"', 'mode = "road')
    syntax = [e for e in errors_for(content) if "TOML syntax error" in e]
    assert len(syntax) == 1
    assert syntax[0].split(":")[0].endswith("routes.toml")
    assert f":{line}:" in syntax[0] or f":{line + 1}:" in syntax[0]


def test_guide_without_header(content: Path) -> None:
    (content / "guides" / "bare.md").write_text("# No header\n", encoding="utf-8")
    assert any("bare.md:1: a guide must start with a +++" in e for e in errors_for(content))


def test_unknown_record_kind(content: Path) -> None:
    (content / "extra.toml").write_text('[[rout]]\nid = "x"\n', encoding="utf-8")
    assert any("extra.toml:1: unknown record kind 'rout'" in e for e in errors_for(content))


def test_all_errors_are_reported_at_once(content: Path) -> None:
    mutate(content, "routes.toml", "lat = 42.7417", "lat = 99")
    mutate(content, "contacts.toml", '"+7 495 728-5000"', '"+7 1"')
    mutate(content, "countries.toml", 'id = "TR"', 'id = "ZZ"')
    assert len(errors_for(content)) >= 3


def test_broken_content_writes_no_database(content: Path, tmp_path: Path) -> None:
    mutate(content, "routes.toml", "lat = 42.7417", "lat = 99")
    out = tmp_path / "out.db"
    with pytest.raises(ContentBuildError) as raised:
        build(content, out)
    assert raised.value.errors
    assert not out.exists()
    assert list(tmp_path.glob("*.db")) == []


def test_broken_content_keeps_the_previous_database(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    build(content, out)
    before = out.read_bytes()
    mutate(content, "routes.toml", "lat = 42.7417", "lat = 99")
    with pytest.raises(ContentBuildError):
        build(content, out)
    assert out.read_bytes() == before


def test_the_format_guide_agrees_with_the_schema() -> None:
    """resources/content/README.md: the guide and checklist examples show every field the
    schema defines for them, and the item length limit is the one the validator applies."""
    import re
    import tomllib

    from desktop.content.schema import CHECKLIST_ITEM_MAX, FIELDS

    readme = (Path(__file__).resolve().parents[2] / "resources" / "content" / "README.md"
              ).read_text(encoding="utf-8")
    guide = readme.split("### `guides/*.md`", 1)[1].split("```\n+++\n", 1)[1]
    guide = guide.split("+++", 1)[0]
    checklist = readme.split("### `checklists/*.toml`", 1)[1].split("```toml", 1)[1]
    checklist = checklist.split("```", 1)[0]
    shown = {"guide": set(tomllib.loads(guide)),
             "checklist": set(tomllib.loads(checklist)) - {"item"},
             "item": set(tomllib.loads(checklist)["item"][0])}
    for kind, keys in shown.items():
        assert keys <= set(FIELDS[kind]), kind
        left_out = set(FIELDS[kind]) - keys - {"id", "item", "body", "as_of", "confidence",
                                               "unconfirmed"}
        assert left_out == set(), (kind, left_out)
    assert re.findall(r"<= (\d+) chars", readme) == [str(CHECKLIST_ITEM_MAX)]
