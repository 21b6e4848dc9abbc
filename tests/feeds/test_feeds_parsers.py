"""Each feed format parses to the expected records; the B7 ladder holds for every issuer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.feeds import RECORD_KEYS
from desktop.feeds.countries import fips_to_iso, name_to_iso
from desktop.feeds.importer import detect_format, import_feed, import_file
from desktop.feeds.text import html_to_markdown

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
V = dt.date(2022, 10, 5)
D = dt.date

# file, format, [(id, level, issuer_level, issuer_label, issued_on, regional)], skipped
CASES = [
    ("us_state.rss", "us-rss", [
        ("ru-us-feed", 4, "Level 4", "Do Not Travel", D(2022, 9, 27), True),
        ("ge-us-feed", 1, "Level 1", "Exercise Normal Precautions", D(2022, 10, 3), True),
        ("ee-us-feed", 1, "Level 1", "Exercise Normal Precautions", D(2022, 9, 21), False),
        ("az-us-feed", 3, "Level 3", "Reconsider Travel", D(2022, 9, 30), False),
        ("mn-us-feed", 2, "Level 2", "Exercise Increased Caution", D(2022, 9, 26), False),
    ], ["Worldwide Caution"]),
    ("us_state.json", "us-json", [
        ("ru-us-feed", 4, "Level 4", "Do Not Travel", D(2022, 9, 27), False),
        ("ua-us-feed", 4, "Level 4", "Do Not Travel", D(2022, 8, 22), False),
        ("by-us-feed", 4, "Level 4", "Do Not Travel", D(2022, 8, 30), False),
        ("lv-us-feed", 1, "Level 1", "Exercise Normal Precautions", D(2022, 9, 19), False),
    ], ["See Summaries"]),
    ("uk_russia.json", "uk-json", [
        ("ru-uk-feed", 4, "avoid_all_travel_to_whole_country",
         "FCDO advises against all travel to the whole country", D(2022, 9, 28), False),
    ], []),
    ("uk_georgia.json", "uk-json", [
        ("ge-uk-feed", 3, "avoid_all_travel_to_parts",
         "FCDO advises against all travel to parts of the country", D(2022, 9, 29), True),
    ], []),
    ("ca_index.json", "ca-json", [
        ("ru-ca-feed", 4, "3", "Avoid all travel", D(2022, 9, 26), False),
        ("ge-ca-feed", 2, "1", "Exercise a high degree of caution", D(2022, 9, 30), True),
        ("kz-ca-feed", 3, "2", "Avoid non-essential travel", D(2022, 9, 27), False),
        ("fi-ca-feed", 1, "0", "Take normal security precautions", D(2022, 9, 25), False),
    ], []),
    ("cta-cap-RU.json", "ca-json", [
        ("ru-ca-feed", 4, "3", "Avoid all travel", D(2022, 9, 26), False),
    ], []),
    ("smartraveller.rss", "au-rss", [
        ("ru-au-feed", 4, "4", "Do not travel", D(2022, 9, 28), False),
        ("ge-au-feed", 2, "2", "Exercise a high degree of caution", D(2022, 10, 3), False),
        ("tr-au-feed", 3, "3", "Reconsider your need to travel", D(2022, 10, 5), False),
        ("fi-au-feed", 1, "1", "Exercise normal safety precautions", D(2022, 9, 30), False),
    ], ["Kosovo"]),
    ("smartraveller.json", "au-json", [
        ("ru-au-feed", 4, "4", "Do not travel", D(2022, 9, 28), False),
        ("ge-au-feed", 2, "2", "Exercise a high degree of caution", D(2022, 10, 3), True),
        ("fi-au-feed", 1, "1", "Exercise normal safety precautions", D(2022, 9, 30), False),
    ], ["Antarctica"]),
]
ISSUER = {"us": "US", "uk": "UK", "ca": "CA", "au": "AU"}


@pytest.mark.parametrize(("name", "fmt", "expected", "skipped"), CASES,
                         ids=[c[0] for c in CASES])
def test_fixture_parses_to_expected_records(name, fmt, expected, skipped):
    assert detect_format(DATA / name) == fmt
    records, notes = import_feed(DATA / name, checked_on=V)
    got = [(r["id"], r["level"], r["issuer_level"], r["issuer_label"], r["issued_on"],
            r["regional"]) for r in records]
    assert got == expected
    assert len(notes) == len(skipped)
    for note, word in zip(notes, skipped, strict=True):
        assert name in note and word in note
    for r in records:
        assert set(r) == set(RECORD_KEYS)
        assert r["country"] == r["id"][:2].upper()
        assert r["issuer"] == ISSUER[r["id"].split("-")[1]]
        assert r["checked_on"] == V
        assert r["summary"] and r["body"]
        assert "<" not in r["body"].replace("\\<", "")  # no raw HTML survives
        assert r["url"] is None or r["url"].startswith("https://")


def test_explicit_format_gives_same_result():
    assert import_file(DATA / "us_state.rss", fmt="us-rss", checked_on=V) == \
        import_file(DATA / "us_state.rss", checked_on=V)


def test_checked_on_defaults_to_today():
    records = import_file(DATA / "uk_russia.json")
    assert records[0]["checked_on"] == dt.date.today()


def test_country_filter():
    records = import_file(DATA / "ca_index.json", countries=["ru", "GE"], checked_on=V)
    assert [r["country"] for r in records] == ["RU", "GE"]


def test_us_rss_body_is_clean_markdown():
    ru = import_file(DATA / "us_state.rss", countries=["RU"], checked_on=V)[0]
    assert "alert(" not in ru["body"]  # <script> dropped
    assert "**Do not travel** to Russia" in ru["body"]
    assert "[limited ability](https://travel.state.gov/content/travel/en/international-" \
        "travel.html)" in ru["body"]
    assert "- The North Caucasus, including Chechnya and Mount Elbrus" in ru["body"]
    assert ru["summary"].startswith("Updated to reflect the partial mobilization")
    assert len(ru["summary"]) <= 281


def test_uk_keeps_parts_as_sections_and_absolute_links():
    ru = import_file(DATA / "uk_russia.json", checked_on=V)[0]
    assert ru["url"] == "https://www.gov.uk/foreign-travel-advice/russia"
    assert "## Summary" in ru["body"] and "## Entry requirements" in ru["body"]
    assert "(https://www.gov.uk/foreign-travel-advice/russia/entry-requirements)" in ru["body"]
    assert "Latest update" in ru["summary"]


def test_canada_per_country_file_has_sections():
    ru = import_file(DATA / "cta-cap-RU.json", checked_on=V)[0]
    assert ru["url"] == "https://travel.gc.ca/destinations/russia"
    assert "## Safety and security" in ru["body"]
    assert "## Health" not in ru["body"]  # empty section left out
    assert "special advisory warning" in ru["body"]


# --- the B7 ladder, row by row, for every issuer ----------------------------------------

LADDER = [
    # level, US Threat-Level, UK alert_status, CA advisory-state, AU wording
    (1, "Level 1: Exercise Normal Precautions", [], 0, "Exercise normal safety precautions"),
    (2, "Level 2: Exercise Increased Caution", ["avoid_all_but_essential_travel_to_parts"], 1,
     "Exercise a high degree of caution"),
    (3, "Level 3: Reconsider Travel", ["avoid_all_travel_to_parts"], 2,
     "Reconsider your need to travel"),
    (3, "Level 3", ["avoid_all_but_essential_travel_to_whole_country"], "2",
     "Reconsider your need to travel"),
    (4, "Level 4: Do Not Travel", ["avoid_all_travel_to_whole_country"], 3, "Do not travel"),
    (4, "Level 4", ["avoid_all_travel_to_whole_country", "avoid_all_travel_to_parts"], "3",
     "Do not travel"),
]


def _us_rss(threat: str) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><item>
<title>Russia - {threat}</title><link>https://travel.state.gov/ru.html</link>
<pubDate>Tue, 27 Sep 2022 20:00:00 -0400</pubDate>
<category domain="Threat-Level">{threat}</category><category domain="Country-Tag">RS</category>
<description>&lt;p&gt;Text.&lt;/p&gt;</description></item></channel></rss>"""


def _uk_json(flags: list[str]) -> str:
    return json.dumps({"schema_name": "travel_advice", "base_path": "/foreign-travel-advice/russia",
                       "details": {"country": {"name": "Russia", "slug": "russia"},
                                   "updated_at": "2022-09-28T00:30:00+01:00",
                                   "alert_status": flags, "change_description": "x",
                                   "parts": [{"title": "Summary", "body": "<p>Text.</p>"}]}})


def _ca_json(state) -> str:
    return json.dumps({"data": {"RU": {"country-iso": "RU", "advisory-state": state,
                                       "date-published": {"date": "2022-09-26 16:20:00"},
                                       "eng": {"url-slug": "russia"}}}})


def _au_rss(level: int) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"
xmlns:ta="http://www.smartraveller.gov.au/schema/rss/travel_advisories/"><channel><item>
<title>Russia</title><link>https://www.smartraveller.gov.au/destinations/europe/russia</link>
<description>Text.</description><pubDate>28 Sep 2022 09:15:00 AEST</pubDate>
<ta:warnings><ta:level>{level}</ta:level></ta:warnings></item></channel></rss>"""


def _au_json(label: str) -> str:
    return json.dumps([{"title": "Russia", "field_overall_advice_level": label,
                        "field_last_update": "Wed, 2022-09-28 09:15",
                        "field_url": "/destinations/europe/russia"}])


@pytest.mark.parametrize(("level", "us", "uk", "ca", "au"), LADDER)
def test_b7_ladder(tmp_path, level, us, uk, ca, au):
    files = {
        "us.rss": (_us_rss(us), "us-rss", us.split(":")[0]),
        "uk.json": (_uk_json(uk), "uk-json", ", ".join(uk) or "none"),
        "ca.json": (_ca_json(ca), "ca-json", str(ca)),
        "au.rss": (_au_rss(level), "au-rss", str(level)),
        "au.json": (_au_json(au), "au-json", str(level)),
    }
    for fname, (text, fmt, native) in files.items():
        path = tmp_path / fname
        path.write_text(text, encoding="utf-8")
        assert detect_format(path) == fmt
        [rec] = import_file(path, checked_on=V)
        assert (fname, rec["country"], rec["level"], rec["issuer_level"]) == \
            (fname, "RU", level, native)
    [uk_rec] = import_file(tmp_path / "uk.json", checked_on=V)
    assert uk_rec["regional"] == any(f.endswith("_to_parts") for f in uk)


# --- country codes and dates --------------------------------------------------------------

@pytest.mark.parametrize(("tag", "iso"), [
    ("RS", "RU"), ("GG", "GE"), ("EN", "EE"), ("LG", "LV"), ("LH", "LT"), ("BO", "BY"),
    ("MG", "MN"), ("AJ", "AZ"), ("UP", "UA"), ("UK", "GB"), ("GM", "DE"), ("NG", "NE"),
    ("FI", "FI"), ("NO", "NO"), ("PL", "PL"), ("KZ", "KZ"), ("AM", "AM"), ("rs ", "RU"),
    ("KV", None), ("XX", None),
])
def test_state_tags_are_fips_not_iso(tag, iso):
    assert fips_to_iso(tag) == iso


@pytest.mark.parametrize(("name", "iso"), [
    ("Russia", "RU"), ("Türkiye", "TR"), ("Turkey", "TR"), ("United Kingdom", "GB"),
    ("Myanmar (Burma)", "MM"), ("The Bahamas", "BS"), ("Côte d’Ivoire", "CI"),
    ("Georgia", "GE"), ("Kosovo", None), ("Mainland China, Hong Kong & Macau", None),
    ("RU", None), ("", None),
])
def test_names_to_iso(name, iso):
    assert name_to_iso(name) == iso


def test_dates_keep_the_issuers_local_calendar_day():
    # 20:00 -04:00 on 27 Sep is 28 Sep in UTC; 00:30 +01:00 on 28 Sep is 27 Sep in UTC;
    # 00:30 AEDT on 3 Oct is 2 Oct in UTC.  The record keeps the issuer's own day each time.
    assert import_file(DATA / "us_state.json", countries=["RU"])[0]["issued_on"] == D(2022, 9, 27)
    assert import_file(DATA / "uk_russia.json")[0]["issued_on"] == D(2022, 9, 28)
    assert import_file(DATA / "smartraveller.rss", countries=["GE"])[0]["issued_on"] == \
        D(2022, 10, 3)


@pytest.mark.parametrize(("html", "md"), [
    ("<p>a</p><p>b</p>", "a\n\nb"),
    ("<ul><li>x</li><li>y</li></ul>", "- x\n- y"),
    ("<ol><li>x</li><li>y</li></ol>", "1. x\n2. y"),
    ("<h2>Head</h2><p>t</p>", "## Head\n\nt"),
    ("<p><b>bold </b>t</p>", "**bold** t"),
    ('<a href="javascript:alert(1)">x</a>', "x"),
    ('<a href="http://example.com/">x</a>', "x"),
    ("<script>evil()</script><style>p{}</style>ok", "ok"),
    ("a &amp; b &lt;img&gt; [c]", "a & b \\<img\\> \\[c\\]"),
    ("<div><p>nested</p><br>line</div>", "nested\n\nline"),
])
def test_html_to_markdown(html, md):
    assert html_to_markdown(html) == md
