"""Query understanding: stems, stop words, synonyms, intent, the spelling fix (no Qt)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.search.analyze import (
    KEY_MARK,
    Vocabulary,
    index_terms,
    key_token,
    stem,
)
from desktop.search.engine import SearchEngine
from desktop.search.spelling import Speller
from desktop.search.text import latin, words
from desktop.search.understand import understand
from desktop.storage.content_db import open_readonly

US, CONTACT, AIR = key_token("c", "US"), key_token("k", "contact"), key_token("m", "air")
VOCAB = Vocabulary.from_rows([
    ("us", US, "upper"), ("usa", US, "upper"), ("unit state", US, ""),
    ("american", US, "people"), ("американск", US, "people"),
    ("phone", CONTACT, "attribute"), ("number", CONTACT, "attribute"),
    ("fli", AIR, "attribute"), ("how to say", key_token("k", "phrase"), "attribute"),
])


@pytest.mark.parametrize(("word", "expected"), [
    ("evacuation", "evacu"), ("evacuate", "evacu"), ("mobilization", "mobilis"),
    ("mobilisation", "mobilis"), ("финляндию", "финлянд"), ("Финляндия".lower(), "финлянд"),
    ("112", "112"), ("ქართული", "ქართული"),
])
def test_stems_meet_across_forms_and_spellings(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_dotted_abbreviations_are_one_word() -> None:
    assert words("U.S. embassy, U.K. FCDO") == ["us", "embassy", "uk", "fcdo"]


def test_russian_as_typed_in_latin_letters(fixture_db: Path) -> None:
    """One Latin spelling for the index, the vocabulary and the snippets: no apostrophe
    for the soft and hard signs, which would cut "posol'stvo" in two."""
    assert latin("посольство") == "posolstvo"
    assert latin("грузия") == "gruziya"
    assert latin("объявление") == "obyavlenie"
    assert latin("embassy") == "embassy"
    conn = open_readonly(fixture_db)
    try:  # "Большой Девятинский переулок", written only in Cyrillic in body text
        assert conn.execute("SELECT rowid FROM search_docs_fts WHERE search_docs_fts "
                            "MATCH 'body_latin : bolshoy'").fetchall()
    finally:
        conn.close()


def test_index_terms_carry_keys_only_where_capitals_say_so() -> None:
    assert US in index_terms("U.S. Embassy Moscow", VOCAB).split()
    assert US in index_terms("the United States", VOCAB).split()
    assert US not in index_terms("Contact us for help", VOCAB).split()
    # Keys given by what a record is (kind, mode) never come from its words.
    assert CONTACT not in index_terms("call this phone number", VOCAB).split()


def test_stop_words_leave_unless_nothing_else_is_left() -> None:
    query = understand("is there an evacuation", VOCAB)
    assert [c.text for c in query.concepts] == ["evacuation"]
    assert [c.text for c in understand("what is it", VOCAB).concepts] == ["what", "is", "it"]


def test_synonym_words_and_phrases_become_one_concept_with_keys() -> None:
    query = understand("how to say thank you", VOCAB)
    assert query.concepts[0].text == "how to say"
    assert query.kinds == {"phrase"}
    us = understand("usa embassy ", VOCAB)
    assert US in us.concepts[0].keys and us.countries == {"US"} and not us.people
    american = understand("американское посольство", VOCAB)
    assert american.people == {"US"}


def test_kind_and_mode_intent() -> None:
    query = understand("fly phone ", VOCAB)
    assert query.kinds == {"contact"} and query.modes == {"air"}


def test_last_word_is_a_prefix_while_typing() -> None:
    typing = understand("evacu", VOCAB)
    assert typing.concepts[0].prefix and typing.concepts[0].options[0] == '"evacu"*'
    done = understand("evacu ", VOCAB)
    assert not done.concepts[0].prefix


def test_expressions_quote_everything() -> None:
    query = understand('"AND" NEAR(x) title:lars*', VOCAB)
    for concept in query.concepts:
        assert all(option.startswith(('"', "(")) for option in concept.options)
    assert KEY_MARK not in "".join(c.text for c in query.concepts)


# -- the spelling fix -----------------------------------------------------------------
@pytest.fixture
def speller(tmp_path: Path) -> Speller:
    db = tmp_path / "words.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE search_words (word TEXT PRIMARY KEY, docs INTEGER)")
    conn.executemany("INSERT INTO search_words VALUES (?, ?)", [
        ("embassy", 40), ("embassies", 2), ("russia", 90), ("us", 80), ("usage", 1),
        ("helsinki", 5), ("helsing", 1), ("consulate", 10), ("consulates", 1),
        ("the", 200), ("посольство", 4)])
    conn.commit()
    yield Speller(conn)
    conn.close()


@pytest.mark.parametrize(("typo", "fixed"), [
    ("embasy", "embassy"), ("ambassy", "embassy"), ("helsinky", "helsinki"),
    ("consulat", "consulate"), ("посольтво", "посольство"), ("embassyy", "embassy"),
])
def test_spelling_prefers_near_frequent_words(speller: Speller, typo: str, fixed: str) -> None:
    assert speller.suggest(typo) == fixed


@pytest.mark.parametrize("typo", ["usa", "aussie", "zz", "qqqqqq", "th", "12345"])
def test_spelling_never_shortens_or_invents(speller: Speller, typo: str) -> None:
    assert speller.suggest(typo) is None


# -- on the fixture content -----------------------------------------------------------
@pytest.fixture(scope="module")
def engine(fixture_db: Path):
    conn = open_readonly(fixture_db)
    yield SearchEngine(conn, prefer_country="RU")
    conn.close()


def test_nationality_words_and_abbreviations_meet(engine: SearchEngine) -> None:
    for query in ("us embassy", "U.S. embassy", "usa embassy", "american embassy",
                  "американское посольство", "посольство США"):
        assert engine.search(query).hits[0].id == "us-embassy-moscow", query


def test_a_word_for_a_kind_finds_that_kind(engine: SearchEngine) -> None:
    assert engine.search("phone").hits[0].kind == "contact"
    assert engine.search("fly istanbul").hits[0].id == "ru-tr-air-istanbul"


def test_most_words_when_no_record_has_all(engine: SearchEngine) -> None:
    result = engine.search("kazbegi embassy")
    assert result.closest and result.hits
    assert result.words == ("kazbegi", "embassy")
    assert result.dropped in (("kazbegi",), ("embassy",))


def test_unknown_word_is_left_out_and_named(engine: SearchEngine) -> None:
    result = engine.search("lars qqqqqq")
    assert result.hits[0].id == "ru-ge-upper-lars"
    assert result.dropped == ("qqqqqq",) and result.corrected is None


def test_fixed_word_is_named(engine: SearchEngine) -> None:
    result = engine.search("embasy moscow")
    assert result.corrected == "embassy moscow" and result.hits


def test_known_words_are_never_rewritten(engine: SearchEngine) -> None:
    assert engine.search("lars").corrected is None
    assert engine.search("usa").corrected is None


def test_babel_is_not_needed_to_search(fixture_db: Path) -> None:
    code = ("import sys; from desktop.search.engine import SearchEngine; "
            "from desktop.storage.content_db import open_readonly; "
            f"e = SearchEngine(open_readonly({str(fixture_db)!r})); "
            "assert e.search('finland').hits; assert 'babel' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_rare_known_word_yields_only_to_a_much_commoner_one(speller: Speller) -> None:
    assert speller.suggest("consulates", commoner=True) == "consulate"  # 10 records vs 1
    assert speller.suggest("helsing", commoner=True) is None  # "helsinki": two edits
    assert speller.suggest("embassy", commoner=True) is None  # nothing commoner nearby


# -- a fixed query is the query typed right ---------------------------------------------
@pytest.mark.parametrize(("typed", "meant"), [
    ("embasy mosc", "embassy mosc"),  # the unfinished last word stays a prefix
    ("where is the bordr crossing", "where is the border crossing"),  # stop words count
    ("i need a doctr", "i need a doctor"),
    ("embasy moscow ", "embassy moscow "),
])
def test_a_fixed_query_is_searched_as_if_typed_right(engine: SearchEngine, typed: str,
                                                     meant: str) -> None:
    fixed, right = engine.search(typed), engine.search(meant)
    assert fixed.corrected == meant.strip()
    assert not fixed.closest and not fixed.dropped
    assert [(h.id, h.rank) for h in fixed.hits] == [(h.id, h.rank) for h in right.hits]


def test_a_refitted_rare_word_keeps_the_unfinished_last_word(bundled_content) -> None:
    engine = SearchEngine.over(bundled_content)
    fixed, right = engine.search("narvs bord"), engine.search("narva bord")
    assert fixed.corrected == "narva bord"
    assert not fixed.closest and not fixed.dropped
    assert [(h.id, h.rank) for h in fixed.hits] == [(h.id, h.rank) for h in right.hits]


def test_a_very_long_word_is_not_spelled(speller: Speller) -> None:
    """A pasted run of letters is compared with no word (each comparison costs its
    length): nothing that long is a typo."""
    speller.conn.executemany("INSERT INTO search_words VALUES (?, 3)",
                             [("a" * 30,), ("b" * 60,)])
    assert speller.suggest("a" * 29 + "c") == "a" * 30
    assert speller.suggest("b" * 59 + "c") is None


@pytest.mark.parametrize("word", ["not", "no", "without", "never", "cannot", "nothing",
                                  "не", "нет", "без", "ни", "никогда", "нельзя", "ничего",
                                  "никак", "нечего"])
def test_negations_are_not_stop_words(word: str) -> None:
    """Leaving out "без" turns "без визы" (no visa) into "визы" (visas)."""
    from desktop.search.stopwords import is_stop

    assert not is_stop(word)
    assert [c.text for c in understand(f"{word} visa ", VOCAB).concepts] == [word, "visa"]
