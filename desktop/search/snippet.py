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
REGION = 240  # characters of text around the best hits that are cut into words


@lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """A record text normalised for matching (cached: the same texts come back as a
    person types, and the engine keeps their string objects, whose hashes are cached)."""
    return normalise(text)


@lru_cache(maxsize=65536)
def _latin_word(word: str) -> str:
    return latin(word)


def non_ascii_words(text: str, lo: int = 0, hi: int | None = None):
    """(start, end) of each word holding a letter outside ASCII (between two offsets)."""
    done = lo
    for tail in NON_ASCII_TAIL.finditer(text, lo, len(text) if hi is None else hi):
        start = tail.start()
        while start > done and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1  # an ASCII beginning, as in "Kyakhtа" typed with a Cyrillic а
        done = tail.end()
        yield start, done


class Matcher:
    """Finds the character spans of a text's words that match a parsed query (or, with
    ``lead=True``, only its first term: the word a person typed first and in full)."""

    def __init__(self, parsed: ParsedQuery, *, lead: bool = False,
                 stems: tuple[str, ...] = ()):
        last = len(parsed.terms) - 1
        exact: set[str] = set()
        prefixes: set[str] = set()
        for index, term in enumerate(parsed.terms[:1] if lead else parsed.terms):
            forms = {alt for t in term_alternatives(term) for alt in (t, latin(t)) if alt}
            (prefixes if parsed.prefix_last and index == last else exact).update(forms)
        # Stems mark the other forms of a word ("evacu" marks "evacuation").
        prefixes.update(stem for stem in (stems[:1] if lead else stems) if len(stem) > 3)
        self.exact, self.prefixes = exact, tuple(prefixes)
        parts = [re.escape(t) + r"(?!\w)" for t in sorted(exact, key=len, reverse=True)]
        parts += [re.escape(p) + r"\w*" for p in sorted(prefixes, key=len, reverse=True)]
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")") if parts else None
        self.lead = (None if lead or len(parsed.terms) < 2
                     else Matcher(parsed, lead=True, stems=stems))

    def _word_matches(self, word: str) -> bool:
        form = _latin_word(word)
        return form in self.exact or (bool(self.prefixes) and form.startswith(self.prefixes))

    def spans(self, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        """Sorted (start, end) spans of matching words between two offsets."""
        hi = len(text) if hi is None else hi
        if not text or self.pattern is None:
            return []
        folded = fold(text)
        if len(folded) != len(text):  # a rare case mapping changed the length
            return [m.span() for m in WORD.finditer(text, lo, hi)
                    if self._word_matches(m.group()) or normalise(m.group()) in self.exact]
        found = [m.span() for m in self.pattern.finditer(folded, lo, hi)]
        if not text.isascii():
            taken = {start for start, _ in found}
            found += [(a, b) for a, b in non_ascii_words(text, lo, hi)
                      if a not in taken and self._word_matches(text[a:b])]
            found.sort()
        return found

    def first(self, text: str) -> int | None:
        """Where the first matching word of a text starts (None if none matches)."""
        if not text or self.pattern is None:
            return None
        folded = fold(text)
        if len(folded) != len(text):
            found = self.spans(text)
            return found[0][0] if found else None
        match = self.pattern.search(folded)
        at = match.start() if match else None
        if not text.isascii():
            for a, b in non_ascii_words(text, 0, at if at is not None else len(text)):
                if self._word_matches(text[a:b]):
                    return a
        return at


def make_snippet(texts: list[str], parsed: ParsedQuery, *, start: str, end: str,
                 size: int = 14, matcher: Matcher | None = None) -> str:
    """A window of ``size`` words around the matches of the first text that has any.

    Texts come in order of preference (body, then aliases, then title); the anchor is the
    first place the first typed word appears, else the first match of any word.  Only a
    region of ``REGION`` characters around it is cut into words and searched again.
    """
    matcher = matcher or Matcher(parsed)
    best_text, anchor = "", 0
    for finder in (matcher.lead, matcher):  # the first typed word, else any word
        if finder is None:
            continue
        for text in texts:
            at = finder.first(text)
            if at is not None:
                best_text, anchor = text, at
                break
        if best_text:
            break
    if not best_text:
        best_text = next((text for text in texts if text), "")
    if not best_text:
        return ""
    region_start = max(0, best_text.rfind(" ", 0, max(0, anchor - 80)) + 1)
    region_end = min(len(best_text), region_start + REGION)
    best_spans = matcher.spans(best_text, region_start, region_end)
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
