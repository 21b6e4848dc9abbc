"""Doubt where people look: what each source supports, which values are unconfirmed,
flights' departure cities and per-nationality phrases are validated, built and read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.content.build import build
from desktop.content.loader import load_content
from desktop.content.validate import validate
from desktop.planner import pick_variants
from desktop.storage.content_db import ContentDB

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "content"

VARIANTS = '''
[[phrase]]
id = "citizen"
category = "checkpoint"
english = "I am a foreign citizen."
local = "Я иностранный гражданин."
translit = "Ya inostranny grazhdanin."
language = "ru"
card = true
source = "fixture-alert"
checked_on = 2026-11-01

[[phrase]]
id = "us-citizen"
category = "checkpoint"
english = "I am a US citizen."
local = "Я гражданин США."
translit = "Ya grazhdanin Se-Sha-A."
language = "ru"
card = true
variant_of = "citizen"
nationality = "US"
source = "fixture-alert"
checked_on = 2026-11-01

[[phrase]]
id = "gb-citizen"
category = "checkpoint"
english = "I am a British citizen."
local = "Я гражданин Великобритании."
translit = "Ya grazhdanin Velikobritanii."
language = "ru"
card = true
variant_of = "citizen"
nationality = "GB"
source = "fixture-alert"
checked_on = 2026-11-01
'''


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


def append(folder: Path, file: str, text: str) -> None:
    path = folder / file
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def errors_for(folder: Path) -> list[str]:
    return [str(e) for e in validate(load_content(folder))]


CONTACT_SOURCE = 'source = "fixture-alert"\nchecked_on = 2026-11-01\n'
CASES = [
    # what a source supports must be fields the record has
    ("contacts.toml", CONTACT_SOURCE,
     'source = [{ id = "fixture-alert", supports = ["phones", "hours"] }]\n'
     'checked_on = 2026-11-01\n', "source 'fixture-alert' supports names 'hours'"),
    ("contacts.toml", CONTACT_SOURCE,
     'source = [{ id = "fixture-alert", supports = [] }]\nchecked_on = 2026-11-01\n',
     "supports must be a non-empty list"),
    ("contacts.toml", CONTACT_SOURCE,
     'source = [{ id = "fixture-alert", backs = ["phones"] }]\nchecked_on = 2026-11-01\n',
     "unknown source fields: backs"),
    ("contacts.toml", CONTACT_SOURCE,
     'source = [{ id = "nowhere", supports = ["phones"] }]\nchecked_on = 2026-11-01\n',
     "source 'nowhere' is not defined"),
    # unconfirmed values must be fields the record has, named once
    ("contacts.toml", CONTACT_SOURCE, CONTACT_SOURCE + 'unconfirmed = ["website"]\n',
     "unconfirmed names 'website'"),
    ("contacts.toml", CONTACT_SOURCE, CONTACT_SOURCE + 'unconfirmed = ["email", "email"]\n',
     "names a field twice"),
    ("contacts.toml", CONTACT_SOURCE, CONTACT_SOURCE + 'unconfirmed = ["source"]\n',
     "unconfirmed names 'source'"),
    # an unsure record says what is unsure
    ("contacts.toml", CONTACT_SOURCE, CONTACT_SOURCE + 'confidence = "unsure"\n',
     "an unsure record must say which values are unconfirmed"),
    ("contacts.toml", 'label = "Switchboard, 24 hours" }',
     'label = "Switchboard, 24 hours", unconfirmed = "yes" }', "unconfirmed must be true or false"),
    # flights say where they leave from, and those are cities of the route's country
    ("routes.toml", 'departs_from = ["moscow"]\n', "", "an air route needs departs_from"),
    ("routes.toml", 'departs_from = ["moscow"]', 'departs_from = ["atlantis"]',
     "no city with id 'atlantis'"),
    ("routes.toml", 'departs_from = ["moscow"]', 'departs_from = []', "non-empty list of city ids"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), CASES,
                         ids=[c[3][:40] for c in CASES])
def test_rule_reports_file_and_line(content: Path, file: str, old: str, new: str,
                                    message: str) -> None:
    mutate(content, file, old, new)
    errors = errors_for(content)
    matching = [e for e in errors if message in e]
    assert matching, f"expected {message!r} in {errors}"
    assert all(e.split(":")[0].endswith(file) for e in matching)


def test_departure_city_must_be_in_the_routes_country(content: Path) -> None:
    append(content, "cities.toml", '\n[[city]]\nid = "tbilisi"\nname = "Tbilisi"\n'
           'country = "GE"\nlat = 41.7\nlon = 44.8\nsource = "fixture-alert"\n'
           'checked_on = 2026-11-01\n')
    line = mutate(content, "routes.toml", 'departs_from = ["moscow"]',
                  'departs_from = ["moscow", "tbilisi"]')
    errors = [e for e in errors_for(content) if "city 'tbilisi' is in GE" in e]
    assert errors and f":{line}:" in errors[0]


def test_phrase_variants_are_valid(content: Path) -> None:
    append(content, "phrases.toml", VARIANTS)
    assert errors_for(content) == []


@pytest.mark.parametrize(("old", "new", "message"), [
    ('variant_of = "citizen"\nnationality = "GB"', 'nationality = "GB"',
     "must be the variant of a neutral phrase"),
    ('variant_of = "citizen"\nnationality = "GB"', 'variant_of = "citizen"',
     "needs the nationality it is for"),
    ('variant_of = "citizen"\nnationality = "GB"', 'variant_of = "nowhere"\nnationality = "GB"',
     "variant_of: no phrase with id 'nowhere'"),
    ('variant_of = "citizen"\nnationality = "GB"', 'variant_of = "us-citizen"\nnationality = "GB"',
     "is itself a variant"),
    ('variant_of = "citizen"\nnationality = "GB"', 'variant_of = "citizen"\nnationality = "US"',
     "a second US variant of 'citizen'"),
    ('variant_of = "citizen"\nnationality = "GB"', 'variant_of = "citizen"\nnationality = "UK"',
     "not an ISO 3166-1 alpha-2"),
])
def test_bad_phrase_variants(content: Path, old: str, new: str, message: str) -> None:
    append(content, "phrases.toml", VARIANTS)
    mutate(content, "phrases.toml", old, new)
    assert any(message in e for e in errors_for(content)), errors_for(content)


def test_variant_card_flag_follows_the_neutral_phrase(content: Path) -> None:
    append(content, "phrases.toml", VARIANTS.replace(
        'card = true\nvariant_of = "citizen"\nnationality = "GB"',
        'variant_of = "citizen"\nnationality = "GB"'))
    assert any("card must be the same as on the neutral phrase" in e
               for e in errors_for(content))


def test_doubt_is_built_and_read_back(content: Path, tmp_path: Path) -> None:
    mutate(content, "contacts.toml", CONTACT_SOURCE,
           'source = [{ id = "fixture-alert", supports = ["phones", "address"] }]\n'
           'checked_on = 2026-11-01\nconfidence = "unsure"\nunconfirmed = ["address_local"]\n')
    mutate(content, "contacts.toml", 'label = "Switchboard, 24 hours" }',
           'label = "Switchboard, 24 hours" },\n  { number = "+7 495 728-5577", '
           'label = "Citizen services", unconfirmed = true }')
    append(content, "phrases.toml", VARIANTS)
    out = tmp_path / "doubt.db"
    build(content, out)
    db = ContentDB(out)
    try:
        contact = db.get("contact", "us-embassy-moscow")
        assert contact["unconfirmed"] == ["address_local"]
        assert [p["unconfirmed"] for p in contact["phones"]] == [False, True]
        assert contact["source_records"][0]["supports"] == ["phones", "address"]
        assert contact["supports"] == {"fixture-alert": ["phones", "address"]}
        route = db.get("route", "ru-tr-air-istanbul")
        assert route["departs_from"] == ["moscow"]
        assert route["unconfirmed"] == [] and route["supports"] == {}
        item = db.checklist_items("leaving")[0]
        assert item["confidence"] == "verified" and item["sources"]
        phrases = [p for p in db.list("phrase") if p.get("card")]
        for passports, expected in ((["GB"], "gb-citizen"), (["RU", "US"], "us-citizen"),
                                    (["FR"], "citizen"), ([], "citizen")):
            chosen = {p["id"] for p in pick_variants(phrases, passports)}
            assert expected in chosen
            assert not chosen & ({"citizen", "us-citizen", "gb-citizen"} - {expected})
    finally:
        db.close()


def test_checklist_items_take_their_own_confidence_and_sources(content: Path,
                                                               tmp_path: Path) -> None:
    mutate(content, "checklists/leaving.toml", 'id = "cash"',
           'id = "cash"\nconfidence = "likely"\nsource = ["fixture-border"]\n'
           'unconfirmed = ["detail"]')
    out = tmp_path / "items.db"
    build(content, out)
    db = ContentDB(out)
    try:
        cash = next(i for i in db.checklist_items("leaving") if i["item_id"] == "cash")
        assert cash["confidence"] == "likely"
        assert cash["sources"] == ["fixture-border"]
        assert cash["unconfirmed"] == ["detail"]
    finally:
        db.close()


def test_is_unconfirmed_marks_exactly_the_named_values() -> None:
    from desktop.content import is_unconfirmed

    contact = {"confidence": "unsure", "unconfirmed": ["address"],
               "phones": [{"e164": "+1", "unconfirmed": False},
                          {"e164": "+2", "unconfirmed": True}]}
    assert is_unconfirmed(contact, "address")
    assert not is_unconfirmed(contact, "status")
    assert not is_unconfirmed(contact, "phones", 0) and is_unconfirmed(contact, "phones", 1)
    # An unsure record from before 'unconfirmed' existed: every value is in doubt.
    assert is_unconfirmed({"confidence": "unsure", "phones": []}, "emergency")
    assert not is_unconfirmed({"confidence": "likely"}, "emergency")


def test_the_kinds_that_are_not_facts_are_exactly_those_that_cite_no_source() -> None:
    """NON_FACT_KINDS is what the validator, the rules, the audit and the search index
    skip: it must be every top-level kind without a required ``source``, and only those."""
    from desktop.content.schema import FIELDS, NON_FACT_KINDS, TABLES

    without_source = {kind for kind in TABLES
                      if not FIELDS[kind].get("source", (None, False))[1]}
    assert set(NON_FACT_KINDS) == without_source
