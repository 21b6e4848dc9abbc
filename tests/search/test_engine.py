"""Searching the fixture content: scripts, prefixes, typos, ranking, filters, snippets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.search.engine import MARK_END, MARK_START, SearchEngine
from desktop.storage.content_db import open_readonly


@pytest.fixture(scope="module")
def engine(fixture_db: Path):
    conn = open_readonly(fixture_db)
    yield SearchEngine(conn, prefer_country="RU")
    conn.close()


# (query, expected first hit "kind/id")
FIRST_HIT = [
    ("lars", "route/ru-ge-upper-lars"),
    ("Upper Lars", "route/ru-ge-upper-lars"),
    ("Верхний Ларс", "route/ru-ge-upper-lars"),
    ("верхний", "route/ru-ge-upper-lars"),
    ("Verkhny Lars", "route/ru-ge-upper-lars"),
    ("verkhniy", "route/ru-ge-upper-lars"),
    ("kazbegi", "route/ru-ge-upper-lars"),
    ("upp", "route/ru-ge-upper-lars"),
    ("torfyanovka", "route/ru-fi-vaalimaa"),
    ("Торфяновка", "route/ru-fi-vaalimaa"),
    ("embassy", "contact/us-embassy-moscow"),
    ("Девятинский", "contact/us-embassy-moscow"),
    ("protest", "guide/protests"),
    ("cash", "guide/money"),
    ("112", "country/RU"),
    ("врач", "phrase/need-doctor"),
    ("vrach", "phrase/need-doctor"),
    ("istanbul", "route/ru-tr-air-istanbul"),
    ("do not travel", "advisory/ru-us"),
]


@pytest.mark.parametrize(("query", "expected"), FIRST_HIT)
def test_first_hit(engine: SearchEngine, query: str, expected: str) -> None:
    result = engine.search(query)
    assert result.hits, f"no hits for {query!r}"
    assert f"{result.hits[0].kind}/{result.hits[0].id}" == expected


# (typo, corrected query, expected first hit)
TYPOS = [
    ("lrs", "lars", "route/ru-ge-upper-lars"),
    ("uper lars", "upper lars", "route/ru-ge-upper-lars"),
    ("embasy", "embassy", "contact/us-embassy-moscow"),
    ("protets", "protest", "guide/protests"),
    ("torfyanovla", "torfyanovka", "route/ru-fi-vaalimaa"),
]


@pytest.mark.parametrize(("typo", "corrected", "expected"), TYPOS)
def test_typo_rewrite(engine: SearchEngine, typo: str, corrected: str, expected: str) -> None:
    result = engine.search(typo)
    assert result.corrected == corrected
    assert f"{result.hits[0].kind}/{result.hits[0].id}" == expected


def test_no_rewrite_when_something_matches(engine: SearchEngine) -> None:
    assert engine.search("lars").corrected is None


def test_nonsense_finds_nothing_and_says_nothing(engine: SearchEngine) -> None:
    result = engine.search("qqqqzzzz")
    assert result.hits == [] and result.corrected is None


def test_title_outranks_body(engine: SearchEngine) -> None:
    hits = engine.search("lars").hits
    assert [h.kind for h in hits][:2] == ["route", "advisory"]
    assert hits[0].rank < hits[1].rank


def test_snippet_marks_matched_words(engine: SearchEngine) -> None:
    hit = engine.search("kazbegi").hits[0]
    assert f"{MARK_START}Kazbegi{MARK_END}" in hit.snippet
    assert "<b>Kazbegi</b>" in hit.snippet_html()
    assert "**Kazbegi**" in hit.snippet_text()


def test_snippet_html_is_escaped(engine: SearchEngine) -> None:
    for hit in engine.search("e").hits:
        assert "<" not in hit.snippet_html().replace("<b>", "").replace("</b>", "")


def test_kind_and_country_filters(engine: SearchEngine) -> None:
    assert {h.kind for h in engine.search("lars", kind="advisory").hits} == {"advisory"}
    assert engine.search("112", country="GE").hits[0].id == "GE"
    assert engine.search("lars", country="FI").hits == []


def test_limit_and_offset(engine: SearchEngine) -> None:
    everything = engine.search("112", limit=50).hits
    assert len(everything) >= 3
    assert engine.search("112", limit=1, offset=1).hits[0].id == everything[1].id


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_arbitrary_input_never_raises(engine: SearchEngine, text: str) -> None:
    result = engine.search(text)
    assert isinstance(result.hits, list)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet='"*:^()-+ ANDORTNEA{}[]\\', max_size=30))
def test_fts_syntax_never_raises(engine: SearchEngine, text: str) -> None:
    try:
        engine.search(text)
    except sqlite3.OperationalError as exc:  # pragma: no cover - the failure we guard
        pytest.fail(f"{text!r} raised {exc}")


def test_snippet_marks_only_matched_words_in_a_long_text() -> None:
    from desktop.search.query import parse
    from desktop.search.snippet import make_snippet

    text = ("Filler words here. " * 40) + "Direct tickets from Moscow to Istanbul sold out."
    snippet = make_snippet([text], parse("istanbul "), start="[", end="]")
    assert "[Istanbul]" in snippet
    assert snippet.count("[") == 1, snippet


def test_turkish_dotted_capital_i_stays_one_word() -> None:
    from desktop.search.text import normalise, tokens

    assert tokens("İstanbul") == ["istanbul"]
    assert normalise("İSTANBUL") == "istanbul"


def test_no_correction_is_announced_without_results(engine: SearchEngine) -> None:
    result = engine.search("zzzlars qqqqqq")
    assert result.hits == [] and result.corrected is None


def test_a_pasted_page_is_searched_by_its_start_and_says_so(engine: SearchEngine) -> None:
    from desktop.search.query import MAX_QUERY_CHARS

    result = engine.search("kazbegi " + "lars" * 250_000)
    assert result.shortened
    assert result.words[0] == "kazbegi" and result.hits
    assert sum(len(word) for word in (*result.words, *result.dropped)) <= MAX_QUERY_CHARS
    assert not engine.search("kazbegi").shortened


@pytest.mark.parametrize("text", ["без визы", "безвиз", "виза не нужна", "no visa",
                                  "not visa required", "visa free", "without a visa "])
def test_asked_for_no_visa_the_visa_free_rules_come_first(bundled_content, text: str) -> None:
    """A negation carries the meaning: "без визы" is not "визы"."""
    hits = SearchEngine.over(bundled_content).search(text, passports=["RU"]).hits[:5]
    visas = [bundled_content.get("entry_rule", h.id)["visa"] if h.kind == "entry_rule"
             else "" for h in hits]
    assert visas[0] == "visa-free", (text, hits)
    assert set(visas) <= {"visa-free", ""}, (text, hits)  # nothing that needs a visa


def test_a_title_typed_whole_without_its_full_stop_is_an_exact_title(engine) -> None:
    asked = engine.search("Where is the border crossing?").hits[0]
    typed = engine.search("where is the border crossing ").hits[0]
    assert asked.id == typed.id == "where-border"
    assert typed.rank == asked.rank


@pytest.mark.parametrize("table", ["search_synonyms", "search_words"])
def test_a_missing_search_table_is_not_hidden(fixture_db: Path, tmp_path: Path,
                                              table: str) -> None:
    """Every content database of this schema has them; the content check refuses one
    without, and the engine does not quietly search without its vocabulary or word list."""
    broken = tmp_path / "broken.db"
    broken.write_bytes(fixture_db.read_bytes())
    conn = sqlite3.connect(broken)
    conn.execute(f"DROP TABLE {table}")
    conn.commit()
    engine = SearchEngine(conn)
    try:
        with pytest.raises(sqlite3.OperationalError, match=table):
            engine.search("embasy ")  # a typo: the word list is read too
    finally:
        conn.close()
