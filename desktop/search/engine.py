"""Run searches against the content database's FTS5 index.

Hits are ordered by bm25 (``rank``, with the title/alias weights stored in the index at
build time) times a few priors (kind, home country, the person's passport, exact title),
each with a snippet whose matched words are wrapped in ``MARK_START`` and ``MARK_END``.
When a term matches nothing, the nearest vocabulary term (edit distance, via
rapidfuzz over ``search_vocab``) replaces it and the result says so in ``corrected``.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from desktop.search.query import ParsedQuery, parse, to_match
from desktop.search.snippet import Matcher, make_snippet


class ContentDBLike(Protocol):
    """What the engine needs of a content database: a connection and its meta table."""

    conn: sqlite3.Connection
    meta: dict[str, str]


MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_TOKENS = 14
# Priors multiplied into bm25 (rank is negative: larger means better).  A guide or a route
# is usually what a person means; a one-line phrase matches short words too easily.
KIND_PRIOR = {"guide": 1.3, "route": 1.25, "contact": 1.2, "country": 1.15, "advisory": 1.1,
              "checklist": 1.0, "entry_rule": 0.9, "phrase": 0.6}
HOME_COUNTRY_BOOST = 1.25
PASSPORT_BOOST = 1.3      # a contact or entry rule for the person's own passport
EXACT_TITLE_BOOST = 2.0   # the query is the record's whole title ("Georgia")


@dataclass(eq=False)
class SearchHit:
    """One ranked result.  Its snippet is cut on first use: a results list only shows a
    screenful, and each snippet costs a scan of the record's text."""

    kind: str
    id: str
    title: str
    country: str
    rank: float  # bm25 times the kind, home-country, passport and exact-title priors
    make_snippet: Callable[[], str] = field(default=lambda: "", repr=False)
    _snippet: str | None = field(default=None, repr=False)

    @property
    def snippet(self) -> str:
        """Text around the best matches, matched words wrapped in MARK_START/MARK_END."""
        if self._snippet is None:
            self._snippet = self.make_snippet()
        return self._snippet

    def snippet_text(self, start: str = "**", end: str = "**") -> str:
        """The snippet with matched words marked by plain-text markers."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)

    def snippet_html(self) -> str:
        """The snippet as HTML with matched words in <b>."""
        return html.escape(self.snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")

    def to_json(self) -> dict:
        """A JSON-ready dict (snippet marked with ** … **)."""
        return {"kind": self.kind, "id": self.id, "title": self.title,
                "country": self.country, "snippet": self.snippet_text(),
                "snippet_html": self.snippet_html(), "rank": self.rank}


@dataclass(frozen=True)
class SearchResult:
    """Hits for a query, and the rewritten query when a typo was corrected."""

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    corrected: str | None = None


# At most this many matches are scored (bm25 and priors), visited in rowid order, which the
# build sorts by KIND_PRIOR.  Fewer matches than this (always, on the bundled content)
# means exact ranking; more (a prefix of two letters on a huge pack) means the best of the
# first CANDIDATES, which keeps as-you-type search within its budget.
CANDIDATES = 500
_CANDIDATES_SQL = """
SELECT f.rowid, f.rank FROM search_docs_fts f {join}
WHERE search_docs_fts MATCH ? {filters} LIMIT ?
"""


class SearchEngine:
    """Searches one content database connection (used on the thread that opened it)."""

    def __init__(self, conn: sqlite3.Connection, *, prefer_country: str = ""):
        self.conn = conn
        self.prefer_country = prefer_country
        self._vocab: list[str] | None = None
        self._forward: dict[int, tuple] | None = None

    def search(self, text: str, *, passports: Sequence[str] = (), limit: int = 50,
               offset: int = 0, kind: str | None = None, country: str | None = None,
               as_you_type: bool = True) -> SearchResult:
        """Ranked hits for what a person typed; never raises on odd input.

        ``passports`` are the person's own: contacts and entry rules for them rank higher.
        """
        parsed = parse(text, as_you_type=as_you_type)
        if not parsed.terms:
            return SearchResult(text)
        mine = frozenset(passports)
        hits = self._run(parsed, limit, offset, kind, country, mine)
        if hits:
            return SearchResult(text, hits)
        fixed = self.correct(parsed)
        if fixed is None:
            return SearchResult(text)
        hits = self._run(fixed, limit, offset, kind, country, mine)
        # "Showing results for …" only when there are results to show.
        return SearchResult(text, hits, fixed.text if hits else None)

    def _run(self, parsed: ParsedQuery, limit: int, offset: int, kind: str | None,
             country: str | None, passports: frozenset[str]) -> list[SearchHit]:
        filters, params = "", []
        if kind:
            filters += " AND d.kind = ?"
            params.append(kind)
        if country:
            filters += " AND d.country = ?"
            params.append(country.upper())
        join = "JOIN search_docs d ON d.rowid = f.rowid" if filters else ""
        sql = _CANDIDATES_SQL.format(join=join, filters=filters)
        candidates = dict(self.conn.execute(sql, [to_match(parsed), *params, CANDIDATES])
                          .fetchall())
        if not candidates:
            return []
        scored = sorted((self._score(rank, row, parsed, passports), rowid, row)
                        for rowid, rank, row in self._rows(candidates))
        page = scored[offset:offset + limit]
        matcher = Matcher(parsed)
        return [SearchHit(row[0], row[1], row[2], row[3], score,
                          partial(self._snippet, rowid, parsed, matcher))
                for score, rowid, row in page]

    def _snippet(self, rowid: int, parsed: ParsedQuery, matcher: Matcher) -> str:
        """The snippet of one hit, read and cut when it is first shown."""
        row = self.conn.execute("SELECT body, aliases, title FROM search_docs WHERE rowid = ?",
                                (rowid,)).fetchone()
        return make_snippet(list(row) if row else [], parsed, start=MARK_START,
                            end=MARK_END, size=SNIPPET_TOKENS, matcher=matcher)

    def _rows(self, candidates: dict[int, float]):
        """(rowid, bm25 rank, (kind, id, title, country, audience)) for candidate rowids."""
        if self._forward is None:
            # The forward index: a few fields per record, read once, so scoring a
            # candidate is a dictionary lookup rather than a query.
            self._forward = {row[0]: (row[1], row[2], row[3], row[4],
                                      frozenset((row[5] or "").split()))
                             for row in self.conn.execute(
                                 "SELECT rowid, kind, record_id, display_title, country, "
                                 "audience FROM search_docs")}
        forward = self._forward
        for rowid, rank in candidates.items():
            yield rowid, rank, forward[rowid]

    def _score(self, rank: float, row: tuple, parsed: ParsedQuery,
               passports: frozenset[str]) -> float:
        """bm25 times the kind, home-country, passport and exact-title priors."""
        kind, _, title, country, audience = row
        score = rank * KIND_PRIOR.get(kind, 1.0)
        if self.prefer_country and country == self.prefer_country:
            score *= HOME_COUNTRY_BOOST
        if passports & audience:
            score *= PASSPORT_BOOST
        if len(title) == len(parsed.text) and title.lower() == parsed.text:
            score *= EXACT_TITLE_BOOST
        return score

    @classmethod
    def over(cls, content: ContentDBLike) -> SearchEngine:
        """The engine for an open content database (its connection and home country)."""
        return cls(content.conn, prefer_country=content.meta.get("home_country", ""))

    def raw_match(self, expression: str, limit: int = 50) -> list[tuple]:
        """A bare FTS5 MATCH ordered by rank (the benchmark's baseline)."""
        return self.conn.execute(
            "SELECT rowid FROM search_docs_fts WHERE search_docs_fts MATCH ? "
            "ORDER BY rank LIMIT ?", (expression, limit)).fetchall()

    # -- typo rewrite ---------------------------------------------------------------
    def _known(self, term: str, prefix: bool) -> bool:
        if prefix:
            row = self.conn.execute(
                "SELECT 1 FROM search_vocab WHERE term >= ? AND term < ? LIMIT 1",
                (term, term + "\U0010ffff")).fetchone()
        else:
            row = self.conn.execute("SELECT 1 FROM search_vocab WHERE term = ?",
                                    (term,)).fetchone()
        return row is not None

    def vocabulary(self) -> list[str]:
        """Every indexed term (loaded once, only when a typo needs correcting)."""
        if self._vocab is None:
            self._vocab = [r[0] for r in self.conn.execute("SELECT term FROM search_vocab")]
        return self._vocab

    def nearest(self, term: str) -> str | None:
        """The closest indexed term within a small edit distance, or None."""
        if len(term) < 3:
            return None
        from rapidfuzz import process  # only when a typo needs correcting
        from rapidfuzz.distance import Levenshtein

        limit = 1 if len(term) <= 4 else 2
        found = process.extractOne(term, self.vocabulary(), scorer=Levenshtein.distance,
                                   score_cutoff=limit)
        return found[0] if found else None

    def correct(self, parsed: ParsedQuery) -> ParsedQuery | None:
        """Replace each term that matches nothing with its nearest term; None if none."""
        fixed, changed = parsed, False
        last = len(parsed.terms) - 1
        for index, term in enumerate(parsed.terms):
            prefix = parsed.prefix_last and index == last
            if self._known(term, prefix):
                continue
            candidate = self.nearest(term)
            if candidate and candidate != term:
                fixed, changed = fixed.replace(index, candidate), True
        return fixed if changed else None


__all__ = ["SearchEngine", "SearchHit", "SearchResult"]
