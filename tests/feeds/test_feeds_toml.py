"""``to_toml`` output round-trips through tomllib and carries the source attributions."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.feeds import make_advisory
from desktop.feeds.importer import import_file, to_toml, toml_string
from desktop.feeds.sources import SOURCES

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
V = dt.date(2022, 10, 5)
FIXTURES = ["us_state.rss", "us_state.json", "uk_russia.json", "uk_georgia.json",
            "ca_index.json", "cta-cap-RU.json", "smartraveller.rss", "smartraveller.json"]


def _expected(records):
    return [{k: v for k, v in r.items() if v is not None} for r in records]


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_round_trips(name):
    records = import_file(DATA / name, checked_on=V)
    doc = tomllib.loads(to_toml(records))
    assert doc["advisory"] == _expected(records)
    [source] = doc["source"]
    assert source["id"] == records[0]["source"]
    assert source["retrieved_on"] == V
    assert set(source) == {"id", "publisher", "title", "url", "retrieved_on", "licence"}


@pytest.mark.parametrize(("name", "licence"), [
    ("us_state.rss", "Public domain"),
    ("uk_russia.json", "Contains public sector information licensed under the Open "
                       "Government Licence v3.0."),
    ("ca_index.json", "Contains information licensed under the Open Government Licence – "
                      "Canada."),
    ("smartraveller.rss", "CC BY 4.0"),
])
def test_source_licences(name, licence):
    doc = tomllib.loads(to_toml(import_file(DATA / name, checked_on=V)))
    assert licence in doc["source"][0]["licence"]


def test_ids_are_valid_content_ids():
    for source_id in SOURCES:
        assert source_id.replace("-", "").isalnum() and source_id.islower()


NASTY = ['say "hi"', 'ends with a quote"', 'three """ quotes', "back\\slash \\n not newline",
         "tab\there", "cr\r\nlf", "ctrl \x00\x01\x1f\x7f", "ünïcödé – 🚀",
         "\n leading newline", "trailing backslash \\", '""""""', "", "''' single"]


@pytest.mark.parametrize("text", NASTY)
def test_strings_round_trip(text):
    rec = make_advisory(country="RU", issuer="US", issuer_level=text, issuer_label=text,
                        level=4, issued_on=V, summary=text, body=text + "\nsecond line",
                        url=None, source="us-state-advisories-feed", checked_on=V)
    doc = tomllib.loads(to_toml([rec], sources=[]))
    assert doc["advisory"] == _expected([rec])
    assert "source" not in doc


@settings(max_examples=300, database=None, deadline=None)
@given(st.text())
def test_toml_string_round_trips_any_text(text):
    for multiline in (False, True):
        assert tomllib.loads(f"v = {toml_string(text, multiline)}")["v"] == text
