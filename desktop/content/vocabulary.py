"""The search vocabulary, built with the content: synonyms and country names -> keys.

Two sources: the ``[[synonym]]`` records of ``synonyms.toml`` (nationality words and
abbreviations, words for kinds of record and ways of travelling, common Russian words), and
country names in the languages people in the region use, taken from CLDR with Babel.
Babel is needed here, at build time, only: the built database holds the result (table
``search_synonyms``), and the app never imports Babel (the bundle leaves it out).  Without
Babel the build still works, with the content's own country names only.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from desktop.search.analyze import (
    FLAG_ATTRIBUTE,
    FLAG_PEOPLE,
    FLAG_QUERY,
    FLAG_UPPER,
    Vocabulary,
    is_key,
    key_token,
    phrase_stems,
)
from desktop.search.text import cased_tokens, is_cyrillic, latin, normalise, words

# The languages whose country names are indexed: English and Russian always, plus the
# official languages of every country in the content (from CLDR).
BASE_LANGUAGES = ("en", "ru")


def group_keys(synonym: dict) -> tuple[list[str], str]:
    """The key tokens of a synonym record and the flags its words carry (a region's words
    carry its countries' keys, in queries only)."""
    if synonym.get("country"):
        return [key_token("c", synonym["country"])], ""
    if synonym.get("countries"):
        return [key_token("c", code) for code in synonym["countries"]], FLAG_QUERY
    if synonym.get("kind"):
        return [key_token("k", synonym["kind"])], FLAG_ATTRIBUTE
    if synonym.get("mode"):
        return [key_token("m", synonym["mode"])], FLAG_ATTRIBUTE
    return [key_token("g", synonym["id"])], ""


def _spellings(word: str) -> list[str]:
    """A vocabulary word and, when it is written in Cyrillic, how it is typed in Latin
    letters (the index's own Latin spelling, ``latin``)."""
    if not is_cyrillic(word):
        return [word]
    return [word, " ".join(latin(token) for token in words(word))]


def _is_abbreviation(word: str) -> bool:
    letters = [ch for ch in "".join(cased_tokens(word)) if ch.isalpha()]
    return 2 <= len(letters) <= 4 and "".join(letters).isupper()


def cldr_names(codes: Iterable[str]) -> tuple[dict[str, set[str]], str]:
    """Country names from CLDR in every wanted language, and a note of where they came
    from ("babel X.Y" or "none: babel not installed")."""
    try:
        import babel
        from babel import Locale
        from babel.languages import get_official_languages
    except ImportError:
        return {}, "none: babel not installed"
    codes = sorted(set(codes))
    languages = set(BASE_LANGUAGES)
    for code in codes:
        languages.update(get_official_languages(code))
    names: dict[str, set[str]] = {code: set() for code in codes}
    for language in sorted(languages):
        try:
            territories = Locale.parse(language).territories
        except (ValueError, babel.UnknownLocaleError):
            continue
        for code in codes:
            if territories.get(code):
                names[code].add(territories[code])
    return names, f"babel {babel.__version__}, languages {' '.join(sorted(languages))}"


def vocabulary_rows(tables: dict[str, list[dict]], *, cldr: bool = True
                    ) -> tuple[list[dict], set[str], str]:
    """Rows of ``search_synonyms`` (phrase stems, key, flags), every word spelt in them
    (for the spelling fix), and where the country names came from."""
    rows: set[tuple[str, str, str]] = set()
    spelt: set[str] = set()

    def add(word: str, key: str, flags: str) -> None:
        for spelling in _spellings(word):
            spelt.update(words(spelling))
            phrase = phrase_stems(spelling)
            extra = FLAG_UPPER if spelling == word and _is_abbreviation(word) else ""
            if phrase:
                rows.add((phrase, key, " ".join(filter(None, (flags, extra)))))

    for synonym in tables.get("synonyms", []):
        keys, flags = group_keys(synonym)
        for key in keys:
            for word in synonym.get("words") or []:
                add(word, key, flags)
            for word in synonym.get("people") or []:
                add(word, key, " ".join(filter(None, (flags, FLAG_PEOPLE))))
    codes = {row["id"] for row in tables.get("countries", [])}
    codes |= {s["country"] for s in tables.get("synonyms", []) if s.get("country")}
    names, note = cldr_names(codes) if cldr else ({}, "none: not asked for")
    for row in tables.get("countries", []):
        names.setdefault(row["id"], set()).update(
            n for n in (row.get("name"), row.get("name_local")) if n)
    for code, found in names.items():
        for name in found:
            add(name, key_token("c", code), "")
    ordered = sorted(rows)
    return [{"phrase": p, "key": k, "flags": f} for p, k, f in ordered], spelt, note


def load_vocabulary(rows: list[dict]) -> Vocabulary:
    """The index side's Vocabulary for built rows: keys flagged ``query`` (a region's
    countries) apply to what people type only, so they are left out here."""
    return Vocabulary.from_rows((r["phrase"], r["key"], r["flags"]) for r in rows
                                if FLAG_QUERY not in r["flags"].split())


def word_counts(docs: list[dict], extra: Iterable[str]) -> list[dict]:
    """``search_words``: every word of the records (and of the vocabulary) with the number
    of records it appears in; the spelling fix picks its suggestions from these."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(set(words(" ".join((doc["title"], doc["aliases"], doc["body"])))))
    for word in extra:
        for token in words(word):
            counts[token] += 0  # known, even if no record uses it
    return [{"word": w, "docs": n} for w, n in sorted(counts.items())
            if len(w) > 1 and not is_key(w) and normalise(w) == w]


def warn(note: str) -> None:
    """Say on stderr that country names in other languages are missing from the index."""
    if note.startswith("none: babel"):
        print("note: Babel is not installed; country names in other languages are not "
              "indexed", file=sys.stderr)
