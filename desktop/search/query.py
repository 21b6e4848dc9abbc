"""Turn what a person typed into a safe FTS5 MATCH expression.

Input is never FTS syntax: it is cut into word tokens (quotes, stars, brackets, column
filters and operators are dropped), each token is quoted, and a token written in another
script also matches its Latin transliteration.  The last token becomes a prefix while the
person is still typing it (the text ends in a letter or digit, or in ``*``).  Only the
first ``MAX_QUERY_CHARS`` characters are read (a pasted page would otherwise be compared,
word by word, with the whole index on the GUI thread).

``parse`` is the one rule for what a query's words are: the engine's understanding
(``desktop.search.understand``) and the benchmark's raw FTS5 baseline both start from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.search.syntax import MAX_QUERY_CHARS, quote
from desktop.search.text import latin, needs_latin, words

MAX_TOKENS = 12
MIN_PREFIX = 2


@dataclass(frozen=True)
class ParsedQuery:
    """The tokens of a query, whether the last one is an unfinished word, and whether the
    text was cut to its first ``MAX_QUERY_CHARS`` characters."""

    terms: tuple[str, ...]
    prefix_last: bool
    cut: bool = False


def parse(text: str, *, as_you_type: bool = True) -> ParsedQuery:
    """Split user text into at most ``MAX_TOKENS`` normalised words ("U.S." is one word);
    the last is a prefix while it is being typed, from ``MIN_PREFIX`` letters."""
    text = text or ""
    cut = len(text) > MAX_QUERY_CHARS
    if cut:
        text = text[:MAX_QUERY_CHARS]
    terms = words(text)[:MAX_TOKENS]
    last = text[-1:]
    prefix = as_you_type and bool(terms) and (last.isalnum() or last == "*")
    if prefix and len(terms[-1]) < MIN_PREFIX:
        # One typed letter would match thousands of terms: wait for the next keystroke.
        terms, prefix = terms[:-1], False
    return ParsedQuery(tuple(terms), prefix, cut)


def term_alternatives(term: str) -> list[str]:
    """The term itself and, for a non-Latin term, its Latin transliteration."""
    alternatives = [term]
    if needs_latin(term):
        spelled = latin(term).strip()
        if spelled and spelled not in alternatives:
            alternatives.append(spelled)
    return alternatives


def to_match(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query ('' when there is nothing to find)."""
    parts = []
    last = len(query.terms) - 1
    for index, term in enumerate(query.terms):
        star = "*" if query.prefix_last and index == last else ""
        options = [quote(alt) + star for alt in term_alternatives(term)]
        parts.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    return " AND ".join(parts)


def escape_fts(text: str, *, as_you_type: bool = True) -> str:
    """User text -> safe MATCH expression in one call."""
    return to_match(parse(text, as_you_type=as_you_type))
