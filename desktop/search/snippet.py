"""Snippets with the matched words marked, made from a record's stored text.

FTS5's ``snippet()`` re-reads every matched term's doclist for each row it is asked about,
which costs seconds on a large pack with prefix queries; the final page of hits is small, so
we cut the snippet ourselves with the same notion of a match as the index: normalised
spelling, Latin transliteration (so "lars" marks "Ларс"), and a prefix on the unfinished
last word.  A compiled regular expression finds matches in the normalised text; only words
outside ASCII are transliterated one by one.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from desktop.search.query import ParsedQuery, term_alternatives
from desktop.search.text import latin, normalise

WORD = re.compile(r"\w+", re.UNICODE)
# From a word's first letter outside ASCII to the end of the word: one match per word,
# and no backtracking (a pattern like \w*[^ascii]\w* retries at every position).
NON_ASCII_TAIL = re.compile(r"[^\x00-\x7f\W]\w*", re.UNICODE)
REGION = 400  # characters of text around the best hits that are cut into words


@lru_cache(maxsize=65536)
def _latin_word(word: str) -> str:
    return latin(word)


def non_ascii_words(text: str):
    """(start, end) of each word holding a letter outside ASCII."""
    done = 0
    for tail in NON_ASCII_TAIL.finditer(text):
        start = tail.start()
        while start > done and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1  # an ASCII beginning, as in "Kyakhtа" typed with a Cyrillic а
        done = tail.end()
        yield start, done


class Matcher:
    """Finds the character spans of a text's words that match a parsed query."""

    def __init__(self, parsed: ParsedQuery):
        last = len(parsed.terms) - 1
        exact: set[str] = set()
        prefixes: set[str] = set()
        for index, term in enumerate(parsed.terms):
            forms = {alt for t in term_alternatives(term) for alt in (t, latin(t)) if alt}
            (prefixes if parsed.prefix_last and index == last else exact).update(forms)
        self.exact, self.prefixes = exact, tuple(prefixes)
        parts = [re.escape(t) + r"(?!\w)" for t in sorted(exact, key=len, reverse=True)]
        parts += [re.escape(p) + r"\w*" for p in sorted(prefixes, key=len, reverse=True)]
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")") if parts else None

    def _word_matches(self, word: str) -> bool:
        form = _latin_word(word)
        return form in self.exact or (bool(self.prefixes) and form.startswith(self.prefixes))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted (start, end) spans of matching words."""
        if not text or self.pattern is None:
            return []
        folded = normalise(text)
        if len(folded) != len(text):  # a rare case mapping changed the length
            found = [m.span() for m in WORD.finditer(text)
                     if self._word_matches(m.group()) or normalise(m.group()) in self.exact]
            return found
        found = [m.span() for m in self.pattern.finditer(folded)]
        if not text.isascii():
            taken = {start for start, _ in found}
            found += [(a, b) for a, b in non_ascii_words(text)
                      if a not in taken and self._word_matches(text[a:b])]
            found.sort()
        return found


def make_snippet(texts: list[str], parsed: ParsedQuery, *, start: str, end: str,
                 size: int = 14, matcher: Matcher | None = None) -> str:
    """The best window of ``size`` words from the first text with the most matches."""
    matcher = matcher or Matcher(parsed)
    best_text, best_spans = "", []
    for text in texts:
        spans = matcher.spans(text)
        if text and (not best_text or len(spans) > len(best_spans)):
            best_text, best_spans = text, spans
    if not best_text:
        return ""
    # Cut only a region around the densest run of hits into words.
    anchor = 0
    if best_spans:
        starts_at = [a for a, _ in best_spans]
        anchor = max(starts_at, key=lambda a: bisect.bisect_left(starts_at, a + REGION // 3)
                     - bisect.bisect_left(starts_at, a))
    region_start = max(0, best_text.rfind(" ", 0, max(0, anchor - 80)) + 1)
    region_end = min(len(best_text), region_start + REGION)
    words = [m.span() for m in WORD.finditer(best_text, region_start, region_end)]
    if region_end < len(best_text) and len(words) > 1:
        words.pop()  # may be cut in the middle
    if not words:
        return best_text[:80]
    starts = [w[0] for w in words]
    region_end = words[-1][1]
    hit_words = sorted({bisect.bisect_right(starts, s) - 1 for s, _ in best_spans
                        if words[0][0] <= s < region_end})
    first = 0
    if hit_words:
        # The window that holds the most matched words, starting at a matched word
        # (or a little before it, for context).
        best_count = -1
        for h in hit_words:
            count = bisect.bisect_left(hit_words, h + size) - bisect.bisect_left(hit_words, h)
            if count > best_count:
                best_count, first = count, max(0, h - 2)
        first = max(0, min(first, len(words) - size))
    last = min(len(words), first + size) - 1
    marked = set(hit_words)
    pieces, cursor = [], words[first][0]
    for i in range(first, last + 1):
        a, b = words[i]
        pieces.append(best_text[cursor:a])
        pieces.append(f"{start}{best_text[a:b]}{end}" if i in marked else best_text[a:b])
        cursor = b
    tail_at = words[last][1]
    if tail_at < len(best_text) and best_text[tail_at] in ".!?)":
        pieces.append(best_text[tail_at])
    snippet = " ".join("".join(pieces).split())
    before = first > 0 or words[0][0] > 0 and bool(best_text[:words[0][0]].strip())
    after = last < len(words) - 1 or bool(best_text[words[last][1] + 1:].strip())
    return ("…" if before else "") + snippet + ("…" if after else "")
