"""The bundled content (resources/content): it builds, it covers the founding case, every
record is sourced and dated, and the obvious words find the right record first."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.content.loader import load_content
from desktop.content.validate import validate
from desktop.paths import content_sources_dir
from desktop.search.engine import SearchEngine
from desktop.storage.content_db import ContentDB

DESTINATIONS = {"FI", "EE", "LV", "LT", "NO", "PL", "GE", "AZ", "AM", "KZ", "MN", "BY", "CN",
                "TR", "AE", "RS", "UZ"}
PASSPORTS = {"US", "GB", "CA", "AU"}


def test_sources_validate_without_errors() -> None:
    assert [str(e) for e in validate(load_content(content_sources_dir()))] == []


def test_countries_cover_russia_and_every_destination(bundled_content: ContentDB) -> None:
    codes = {c["id"] for c in bundled_content.list("country")}
    assert {"RU"} | DESTINATIONS <= codes
    assert all(c["emergency"] for c in bundled_content.list("country"))


def test_four_governments_advise_on_russia(bundled_content: ContentDB) -> None:
    advisories = bundled_content.list("advisory", country="RU")
    assert {a["issuer"] for a in advisories} == {"US", "UK", "CA", "AU"}
    assert all(a["level"] == 4 and a["issuer_level"] and a["issued_on"] for a in advisories)


def test_exit_routes(bundled_content: ContentDB) -> None:
    routes = bundled_content.list("route")
    land = [r for r in routes
            if r["mode"] in ("road", "foot", "rail") and r["from_country"] == "RU"]
    assert len([r for r in land if r["mode"] != "rail"]) >= 15
    assert {"FI", "EE", "LV", "NO", "GE", "KZ", "MN"} <= {r["to_country"] for r in land}
    blocked = {r["to_country"] for r in routes
               if r["status"] == "closed" or r.get("advice") == "not-advised"}
    assert {"AZ", "BY"} <= blocked
    air = {r["to_country"] for r in routes if r["mode"] == "air"}
    assert {"TR", "AE", "AM", "RS", "UZ", "KZ"} <= air
    lars = bundled_content.get("route", "ru-ge-upper-lars")
    assert {"Verkhny Lars", "Upper Lars"} <= set(lars["aliases"]) | {lars["name"]}
    assert lars["name_local"] == "Верхний Ларс"
    assert all(r["status_as_of"] and -90 <= r["lat"] <= 90 for r in routes)


def test_entry_rules_for_four_passports_into_every_destination(bundled_content: ContentDB) -> None:
    rules = {(r["destination"], r["passport"]) for r in bundled_content.list("entry_rule")}
    missing = {(d, p) for d in DESTINATIONS for p in PASSPORTS} - rules
    assert not missing, sorted(missing)
    assert any(p == "RU" for _, p in rules)


def test_contacts(bundled_content: ContentDB) -> None:
    ids = {c["id"] for c in bundled_content.list("contact")}
    assert {"us-embassy-moscow", "uk-embassy-moscow", "ca-embassy-moscow",
            "au-embassy-moscow", "us-state-24h", "uk-fcdo-24h", "ca-ewrc-24h",
            "au-cec-24h"} <= ids
    for city in ("helsinki", "tallinn", "riga", "oslo", "tbilisi", "astana", "ulaanbaatar",
                 "yerevan", "ankara"):
        assert f"us-embassy-{city}" in ids
    moscow = bundled_content.get("contact", "us-embassy-moscow")
    assert moscow["address"] and moscow["address_local"] and moscow["phones"]
    assert all(p["e164"].startswith("+")
               for c in bundled_content.list("contact") for p in c["phones"])


def test_guides_checklists_phrases(bundled_content: ContentDB) -> None:
    assert len(bundled_content.list("guide")) >= 12
    checklists = bundled_content.list("checklist")
    assert len(checklists) >= 4
    for checklist in checklists:
        items = bundled_content.checklist_items(checklist["id"])
        assert len(items) >= 8
        assert all(item["detail_text"] for item in items)
    phrases = bundled_content.list("phrase")
    assert len(phrases) >= 40
    assert {"border", "checkpoint", "hospital", "taxi"} <= {p["category"] for p in phrases}
    assert all(p["translit"] and p["local"] for p in phrases)
    assert any(p["card"] for p in phrases)


def test_every_record_has_a_source_and_a_date(bundled_content: ContentDB) -> None:
    today = dt.date.today().isoformat()
    for kind in ("country", "advisory", "route", "entry_rule", "contact", "guide",
                 "checklist", "phrase", "city"):
        for record in bundled_content.list(kind):
            assert record["source_id"], f"{kind}/{record['id']} has no source"
            assert bundled_content.source(record["source_id"]).get("publisher"), record["id"]
            assert record["checked_on"] <= today, f"{kind}/{record['id']}"


def test_content_says_it_is_a_dated_reference(bundled_content: ContentDB) -> None:
    about = bundled_content.get("guide", "about-this-content")
    assert "not live" in about["body_text"].lower() or "dated" in about["body_text"].lower()


@pytest.mark.parametrize(("query", "expected"), [
    ("Верхний Ларс", "route/ru-ge-upper-lars"),
    ("Verkhny Lars", "route/ru-ge-upper-lars"),
    ("upper lars", "route/ru-ge-upper-lars"),
    ("vaalimaa", "route/ru-fi-vaalimaa"),
    ("Торфяновка", "route/ru-fi-vaalimaa"),
    ("storskog", "route/ru-no-storskog"),
    ("kyakhta", "route/ru-mn-kyakhta"),
    ("embassy", "contact/us-embassy-moscow"),
    ("protest", "guide/protests-and-assembly"),
    ("cash", "guide/money-when-cards-fail"),
    ("conscription", "guide/dual-nationals-and-conscription"),
    ("112", "country/RU"),
    ("photograph", "guide/photographing-security-forces"),
    ("Georgia", "country/GE"),
])
def test_obvious_words_find_the_right_record_first(bundled_content: ContentDB, query: str,
                                                   expected: str) -> None:
    hit = SearchEngine.over(bundled_content).search(query, passports=["US"]).hits[0]
    assert f"{hit.kind}/{hit.id}" == expected
