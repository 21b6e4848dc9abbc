"""Stems and synonym keys: the one analysis shared by the index builder and the query.

Every word is reduced to its Snowball stem (Russian for Cyrillic words, English for the
rest), so "evacuate" meets "evacuation" and "Финляндию" meets "Финляндия".  A synonym
vocabulary (built from ``resources/content/synonyms.toml`` and CLDR country names) maps
words and phrases to *keys*: tokens that no one can type (they start with a private-use
character), written into the index beside the words.  "U.S.", "USA", "American" and "США"
all carry the key of the United States; a record is given the keys of its kind, its
countries and, for a route, its mode, so "phone" can find a contact and "fly" a flight.

Key roles: ``c`` a country (its names and its people), ``k`` a kind of record, ``m`` a
route's mode, ``g`` any other group of words that mean the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from desktop.search.stopwords import is_stop
from desktop.search.text import cased_tokens, is_cyrillic, normalise

KEY_MARK = "\ue000"  # private use: unicode61 keeps it in a token, no one types it
FLAG_UPPER = "upper"    # in indexed text, only where written in capitals ("US", not "us")
FLAG_PEOPLE = "people"  # a word for a nationality: the person means a passport
FLAG_ATTRIBUTE = "attribute"  # a key given to records by what they are, not by their words
FLAG_QUERY = "query"    # a key a phrase carries in queries only (a region's countries)
_IZE = re.compile(r"iz(e|es|ed|ing|ation|ations)$")
# British stems -> American ones, where Snowball leaves them apart ("programme" and
# "program", "centre" and "center"), so either spelling finds the other.
_BRITISH = {"programm": "program", "centr": "center", "licenc": "licens",
            "defenc": "defens", "offenc": "offens", "colour": "color", "honour": "honor",
            "labour": "labor", "favour": "favor", "neighbour": "neighbor",
            "behaviour": "behavior", "harbour": "harbor", "chequ": "check", "tyre": "tire",
            "grey": "gray", "catalogu": "catalog", "paediatr": "pediatr", "metr": "meter",
            "litr": "liter", "aluminium": "aluminum", "jewelleri": "jewelri"}


def key_token(role: str, name: str) -> str:
    """The index token of a key: role letter plus the name's letters and digits."""
    return KEY_MARK + role + re.sub(r"[^0-9a-z]", "", name.lower())


def is_key(term: str) -> bool:
    """True for a key token (never shown, never a spelling suggestion)."""
    return term.startswith(KEY_MARK)


@cache
def _stemmer(language: str):
    import Stemmer  # PyStemmer: Snowball in C

    return Stemmer.Stemmer(language)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a normalised word (-ize spellings folded to -ise first, and
    British stems to American ones)."""
    if not word or word.isdigit():
        return word
    if is_cyrillic(word):
        return _stemmer("russian").stemWord(word)
    if word.isascii():
        stemmed = _stemmer("english").stemWord(_IZE.sub(r"is\1", word))
        return _BRITISH.get(stemmed, stemmed)
    return word


@dataclass
class Vocabulary:
    """Words and phrases (as stem sequences) -> keys, with the flags of each entry."""

    keys: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    upper: set[tuple[str, ...]] = field(default_factory=set)
    people: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    attribute: set[str] = field(default_factory=set)
    longest: int = 1

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str]]) -> Vocabulary:
        """Build from (phrase as space-separated stems, key token, flags) rows."""
        vocab = cls()
        for phrase, key, flags in rows:
            stems = tuple(phrase.split())
            if not stems:
                continue
            vocab.keys.setdefault(stems, set()).add(key)
            flag_set = set(flags.split())
            if FLAG_UPPER in flag_set:
                vocab.upper.add(stems)
            if FLAG_PEOPLE in flag_set:
                vocab.people.setdefault(stems, set()).add(key)
            if FLAG_ATTRIBUTE in flag_set:
                vocab.attribute.add(key)
            vocab.longest = max(vocab.longest, len(stems))
        return vocab

    def matches(self, stems: list[str], capitals: list[bool] | None = None
                ) -> list[tuple[int, int, set[str]]]:
        """(start, end, keys) of every vocabulary phrase in a stem sequence, longest first
        at each position.  With ``capitals`` (index side), entries flagged ``upper`` need
        their words written in capitals (the index side's vocabulary has no keys flagged
        ``query``: ``content.vocabulary.load_vocabulary``)."""
        found = []
        for start in range(len(stems)):
            for size in range(min(self.longest, len(stems) - start), 0, -1):
                phrase = tuple(stems[start:start + size])
                keys = self.keys.get(phrase)
                if keys is None:
                    continue
                if (capitals is not None and phrase in self.upper
                        and not all(capitals[start:start + size])):
                    continue
                found.append((start, start + size, keys))
        return found


def phrase_stems(text: str) -> str:
    """A vocabulary entry's words as the space-separated stems the index uses."""
    return " ".join(stem(normalise(token)) for token in cased_tokens(text))


def index_terms(text: str, vocab: Vocabulary, *, stops: bool = False,
                extra: Iterable[str] = ()) -> str:
    """The stems of a text plus the keys its words and phrases carry (for the index).

    Stop words are left out unless ``stops``; key tokens in ``extra`` are added as they
    are (a record's kind, countries and mode).
    """
    cased = cased_tokens(text)
    words = [normalise(token) for token in cased]
    stems = [stem(word) for word in words]
    capitals = [token.isupper() for token in cased]
    out = [s for s, w in zip(stems, words, strict=True) if stops or not is_stop(w)]
    for _, _, keys in vocab.matches(stems, capitals):
        out.extend(k for k in sorted(keys) if k not in vocab.attribute)
    out.extend(extra)
    return " ".join(out)
