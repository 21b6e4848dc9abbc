"""User text -> safe FTS5 expression (table-driven)."""

from __future__ import annotations

import pytest

from desktop.search.query import escape_fts, parse

CASES = [
    ("lars", '"lars"*'),
    ("lars ", '"lars"'),
    ("Upper Lars", '"upper" AND "lars"*'),
    ('"unbalanced', '"unbalanced"*'),
    ("AND OR NOT", '"and" AND "or" AND "not"*'),
    ("title:lars", '"title" AND "lars"*'),
    ("lars*", '"lars"*'),
    ("lars.", '"lars"'),
    ("NEAR(a bc)", '"near" AND "a" AND "bc"'),
    ("-minus +plus", '"minus" AND "plus"*'),
    ("ларс", '("ларс"* OR "lars"*)'),
    ("Ёлка", '("елка"* OR "elka"*)'),
    ("", ""),
    ("   ", ""),
    ("()*:^\"'", ""),
    ("a_bc", '"a" AND "bc"*'),
    ("phone s", '"phone"'),  # one typed letter waits for the next keystroke
    ("s", ""),
    ("phone s ", '"phone" AND "s"'),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_escaping_and_prefix(text: str, expected: str) -> None:
    assert escape_fts(text) == expected


def test_not_as_you_type_has_no_prefix() -> None:
    assert escape_fts("lars", as_you_type=False) == '"lars"'


def test_token_cap() -> None:
    assert len(parse(" ".join(["word"] * 50)).terms) == 12


@pytest.mark.parametrize("text", ["U.S. embassy", "U.K. FCDO phone", "the U.S.A.", "us emb",
                                  "what is it", "lars s", " ".join(["word"] * 20) + " x"])
def test_the_query_and_its_understanding_split_words_alike(text: str) -> None:
    """One rule for a query's words: the raw FTS5 expression (the benchmark's baseline) and
    the engine's understanding see the same words and the same unfinished last word."""
    from desktop.search.analyze import Vocabulary
    from desktop.search.understand import understand

    parsed = parse(text)
    understood = understand(text, Vocabulary())
    typed = [c.text for c in (*understood.concepts, *understood.stops)]
    assert sorted(typed) == sorted(parsed.terms)
    assert any(c.prefix for c in understood.concepts + understood.stops) == parsed.prefix_last


def test_dotted_abbreviations_are_one_term() -> None:
    assert parse("U.S. embassy ").terms == ("us", "embassy")


def test_a_long_text_is_cut_to_its_start() -> None:
    from desktop.search.query import MAX_QUERY_CHARS

    pasted = parse("lars " + "x" * 1_000_000)
    assert pasted.terms == ("lars", "x" * (MAX_QUERY_CHARS - 5)) and pasted.cut
    assert not parse("lars " * 100).cut and len("lars " * 100) == MAX_QUERY_CHARS
