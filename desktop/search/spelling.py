"""The spelling fix: a word the index does not know -> the likeliest word it does know.

The engine asks about a word that matches nothing, and (``commoner``) about a rare known
word whose query finds nothing, which may become a word one edit away and ten times as
common ("narvs border" -> "narva border").  Suggestions come from ``search_words`` (every
word of the records and of the search vocabulary, with how many records use it; never a
stop word), within one edit (two from seven letters: "cheers" is not a typo of
"covers"), counting a swap of two letters as one edit.  In a question of three words or
more, only one edit, and no word under four letters ("my son is 19" is not "my sos"; an
unknown word there is more likely a real word the content does not use).  The nearest
wins; among equals, the same first letter, then the same length, then the more common
word.  A word is never rewritten into a shorter one unless it has six
letters or more and is one edit away ("embassyy" -> "embassy", never "usa" -> "us"), and
two edits, or a fix of a word under five letters, must keep the first letter ("aussie"
is not a typo of "russia", nor "msk" of "ask").  A word that is no known word within one
edit may be two known words run together ("upperlars" -> "upper lars", "stpetersburg" ->
"st petersburg"; each of two letters or more).  Words over ``LONGEST`` letters are not
compared at all (each comparison costs the word's length).
"""

from __future__ import annotations

import math
import sqlite3

from desktop.search.stopwords import is_stop

COMMONER = 10  # a known word is only rewritten into a word this many times as common
SHORT = 5  # a shorter word keeps its first letter when fixed
TWO_EDITS_FROM = 7  # a shorter word two edits from a known one is another word
SPLIT_PART = 2  # the shortest word a run-together pair is split into
LONGEST = 40   # a longer "word" is a paste or a run of keys, not a typo: never compared


class Speller:
    """Suggests known words for unknown ones (the word list loads on the first typo)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._words: dict[str, int] | None = None
        self._choices: list[str] = []
        self._parts: dict[str, int] = {}  # the words and two-letter ones, for _split

    def words(self) -> dict[str, int]:
        """Every suggestible word and the number of records it appears in."""
        if self._words is None:
            rows = self.conn.execute("SELECT word, docs FROM search_words").fetchall()
            self._words = {w: n for w, n in rows
                           if len(w) > 2 and w.isalpha() and not is_stop(w)}
            self._parts = {**self._words, **{  # two letters: parts of words run together
                w: n for w, n in rows if len(w) == 2 and w.isalpha() and not is_stop(w)}}
            self._choices = list(self._words)
        return self._words

    def suggest(self, word: str, *, commoner: bool = False, near: bool = False
                ) -> str | None:
        """The likeliest known word for an unknown one (or two words, space-separated, for
        two run together), or None.

        ``commoner``: the word is known but rare, and its words never meet; only a word one
        edit away and ten times as common is suggested ("narvs" -> "narva").  ``near`` (a
        long question): only a word one edit away, for a word of four letters or more
        ("overstay" is not "overseas")."""
        if not (4 if near else 3) <= len(word) <= LONGEST or not word.isalpha():
            return None
        counts = self.words()
        if not counts:
            return None
        from rapidfuzz import process  # only when a typo needs fixing
        from rapidfuzz.distance import OSA

        limit = 1 if len(word) < TWO_EDITS_FROM or commoner or near else 2
        floor = COMMONER * max(1, counts.get(word, 0)) if commoner else 0
        found = process.extract(word, self._choices, scorer=OSA.distance,
                                score_cutoff=limit, limit=None)
        best, best_key = None, None
        for candidate, distance, _ in found:
            if candidate == word or counts[candidate] < floor:
                continue
            shorter = len(candidate) < len(word)
            if shorter and (len(word) < 6 or distance > 1):
                continue
            if (distance > 1 or len(word) < SHORT) and candidate[0] != word[0]:
                continue  # another first letter: another word ("msk" is not "ask")
            key = (distance, candidate[0] != word[0], abs(len(candidate) - len(word)),
                   -math.log1p(counts[candidate]), candidate)
            if best_key is None or key < best_key:
                best, best_key = candidate, key
        if not commoner and (best_key is None or best_key[0] > 1):
            return self._split(word) or best
        return best

    def _split(self, word: str) -> str | None:
        """Two known words the word is made of, the commonest pair first (None if none)."""
        self.words()
        counts = self._parts
        pairs = [(min(counts[word[:at]], counts[word[at:]]), word[:at], word[at:])
                 for at in range(SPLIT_PART, len(word) - SPLIT_PART + 1)
                 if word[:at] in counts and word[at:] in counts]
        if not pairs:
            return None
        _, first, second = max(pairs)
        return f"{first} {second}"
