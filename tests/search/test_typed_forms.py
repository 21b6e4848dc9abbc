"""Forms of a query found by fresh-eyes testing (tests/search/queries_fresh.toml): Russian
typed in Latin letters in any case ending, words run together, nationalities of passports
the content has no records for, a named country's own record (no Qt)."""

from __future__ import annotations

import pytest

from desktop.search.analyze import key_token
from desktop.search.engine import SearchEngine
from desktop.search.text import cyrillic_guess
from desktop.storage.content_db import ContentDB


@pytest.fixture(scope="module")
def engine(bundled_content: ContentDB) -> SearchEngine:
    return SearchEngine.over(bundled_content)


def ids(engine: SearchEngine, text: str, passports=(), depth: int = 3) -> list[str]:
    return [f"{h.kind}/{h.id}" for h in engine.search(text, passports=passports).hits[:depth]]


@pytest.mark.parametrize(("typed", "cyrillic"), [
    ("finlyandiyu", "финляндию"), ("granitsa", "граница"), ("granica", "граница"),
    ("gruzia", "грузия"), ("yerevan", "ереван"), ("nalichnye", "наличные"),
    ("verkhniy", "верхний"), ("shchetka", "щетка"), ("koidula", "койдула"), ("dvoinoe", "двойное"),
    ("", ""), ("u2", ""), ("straße", ""),
])
def test_latin_letters_read_back_into_cyrillic(typed: str, cyrillic: str) -> None:
    assert cyrillic_guess(typed) == cyrillic


def test_russian_in_latin_letters_finds_vocabulary_in_any_case(engine) -> None:
    query = engine.understand("viza v finlyandiyu")
    assert [c.text for c in query.concepts] == ["viza", "finlyandiyu"]  # "v" is в
    assert query.countries == {"FI"} and "entry_rule" in query.kinds
    assert ids(engine, "viza v finlyandiyu", ["RU"], 1) == ["entry_rule/fi-ru"]
    assert key_token("g", "border") in engine.understand("pogranperehod").concepts[0].keys


def test_russian_stop_words_in_latin_letters_leave(engine) -> None:
    query = engine.understand("kak uehat v gruziyu")
    assert [c.text for c in query.stops] == ["kak", "v"] and query.countries == {"GE"}
    # A word the vocabulary knows in English keeps its English reading ("net" is not нет).
    assert engine.understand("cash").concepts[0].keys == {key_token("g", "money")}
    assert [c.text for c in engine.understand("no net").concepts] == ["no", "net"]


@pytest.mark.parametrize(("typed", "first", "fixed"), [
    ("upperlars", "route/ru-ge-upper-lars", "upper lars"),
    ("stpetersburg consulate", "contact/us-consulate-st-petersburg", "st petersburg consulate"),
    ("australian embassy abudhabi", "contact/au-embassy-abu-dhabi", None),
])
def test_words_run_together_are_split(engine, typed: str, first: str, fixed) -> None:
    result = engine.search(typed, passports=["US"])
    assert f"{result.hits[0].kind}/{result.hits[0].id}" == first
    if fixed:
        assert result.corrected == fixed


def test_a_one_edit_typo_is_fixed_before_any_split(engine) -> None:
    # "finnland" is "finn" + "land", both known, but one edit from "finland"
    assert engine.speller.suggest("finnland") == "finland"
    assert engine.speller.suggest("embasy") == "embassy"
    assert engine.speller.suggest("xqzvbn") is None


@pytest.mark.parametrize(("typed", "passport", "country"), [
    ("visa georgia german passport", "DE", "GE"),
    ("indian passport georgia visa", "IN", "GE"),
])
def test_a_passport_without_records_is_not_served_anothers_rule(engine, typed, passport,
                                                                  country) -> None:
    """No entry rule exists for the passport named: the country's own record comes before
    the rules for other passports."""
    assert passport in engine.understand(typed).people
    found = ids(engine, typed, [passport], 10)
    assert f"country/{country}" in found[:3]
    rules = [i for i in found if i.startswith("entry_rule/")]
    assert not rules or found.index(f"country/{country}") < found.index(rules[0])


def test_a_named_nationality_still_lifts_its_own_records(engine) -> None:
    assert ids(engine, "british embassy georgia", ["US"], 1) == ["contact/uk-embassy-tbilisi"]


def test_the_named_countrys_own_record_leads(engine) -> None:
    assert ids(engine, "911 in russia", ["US"], 1) == ["country/RU"]
    assert ids(engine, "emergency number kazakhstan", ["US"], 1) == ["country/KZ"]


@pytest.mark.parametrize(("typed", "passport", "first"), [
    ("canada embassy ulan bator", "CA", "contact/ca-embassy-ulaanbaatar"),
    ("nur-sultan embassy", "US", "contact/us-embassy-astana"),
    ("посольство сша в тбилиси", "RU", "contact/us-embassy-tbilisi"),
    ("FCDO emergency line", "GB", "contact/uk-fcdo-24h"),
    ("проверка телефона на границе", "RU", "guide/digital-safety-at-the-border"),
    ("am i under arrest", "US", "phrase/am-i-detained"),
    ("cheers in russian", "GB", "phrase/thank-you"),
    ("spb consulate", "US", "contact/us-consulate-st-petersburg"),
    ("EWRC", "CA", "contact/ca-ewrc-24h"),
    ("OCS phone", "US", "contact/us-state-24h"),
    ("crossings near vladikavkaz", "US", "route/ru-ge-upper-lars"),
])
def test_vocabulary_spellings_and_words(engine, typed: str, passport: str, first: str) -> None:
    """Capitals in their older and Russian spellings; urgent = emergency; проверка = search."""
    assert first in ids(engine, typed, [passport], 2)


def test_a_region_stands_for_its_countries_in_queries_only(engine, bundled_content) -> None:
    """"Baltic states" asks about Estonia, Latvia and Lithuania; a record that mentions
    Schengen is not thereby about Norway."""
    assert engine.understand("baltic states border").countries == {"EE", "LV", "LT"}
    assert engine.understand("Прибалтика").countries == {"EE", "LV", "LT"}
    found = ids(engine, "baltic states border", ["GB"], 10)
    assert {"route/ru-ee-narva", "route/ru-lv-terehova"} <= set(found)
    mentions = bundled_content.conn.execute(
        "SELECT keys || ' ' || body_keys FROM search_docs WHERE kind = 'route' AND "
        "country != 'NO' AND lower(body) LIKE '%schengen%'").fetchall()
    assert mentions and not any(key_token("c", "NO") in row[0].split() for row in mentions)


def test_a_short_word_is_not_fixed_into_another_word(engine) -> None:
    assert engine.speller.suggest("msk") is None  # not "ask"
    assert engine.speller.suggest("ambulence") == "ambulance"


def test_a_nationality_inside_a_phrase_still_names_the_passport(engine) -> None:
    assert engine.understand("american citizen services").people == {"US"}
    assert "near" in [c.text for c in engine.understand("border near pskov").stops]


@pytest.mark.parametrize("question", ["my son is 19 and russian citizen can he leave",
                                      "what happens if i overstay my visa"])
def test_a_long_questions_real_words_are_not_rewritten(engine, question: str) -> None:
    """In a question, an unknown word is more likely a real word the content does not
    use than a typo: it is left out and named, not turned into "sos" or "overseas"."""
    result = engine.search(question, passports=["US"])
    assert result.hits and result.corrected is None
    assert engine.speller.suggest("overstay", near=True) is None
    assert engine.speller.suggest("son", near=True) is None


def test_a_short_querys_typo_is_still_fixed(engine) -> None:
    assert engine.search("lrs").corrected == "lars"
    assert engine.search("georiga visa").corrected == "georgia visa"


def test_british_and_american_spellings_meet() -> None:
    from desktop.search.analyze import stem

    for british, american in [("programme", "program"), ("centre", "center"),
                              ("licence", "license"), ("colour", "color"),
                              ("enrolment", "enrollment"), ("travelling", "traveling")]:
        assert stem(british) == stem(american)


def test_a_contacts_registration_scheme_is_searchable(engine) -> None:
    """The registration field (STEP, Registration of Canadians Abroad) is in the index."""
    assert ids(engine, "step program", ["US"], 1) == ["contact/us-state-24h"]
    assert "contact/ca-ewrc-24h" in ids(engine, "registration of canadians abroad", ["CA"])


def test_a_foreign_ministry_in_russian_finds_the_governments_line(engine) -> None:
    assert ids(engine, "горячая линия мид великобритании", ["RU"], 1) == [
        "contact/uk-fcdo-24h"]
