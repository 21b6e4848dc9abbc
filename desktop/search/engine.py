"""Run searches against the content database's FTS5 index.

Hits are ordered by bm25 (``rank``, with the title/alias weights stored in the index at
build time), each with a snippet whose matched words are wrapped in ``MARK_START`` and
``MARK_END``.  When a term matches nothing, the nearest vocabulary term (edit distance, via
rapidfuzz over ``search_vocab``) replaces it and the result says so in ``corrected``.
"""

from __future__ import annotations

import html
import sqlite3
from dataclasses import asdict, dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from desktop.search.query import ParsedQuery, parse, quote, to_match

MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_TOKENS = 14
# Priors multiplied into bm25 (rank is negative: larger means better).  A guide or a route
# is usually what a person means; a one-line phrase matches short words too easily.
KIND_PRIOR = {"guide": 1.3, "route": 1.25, "contact": 1.2, "country": 1.15, "advisory": 1.1,
              "checklist": 1.0, "entry_rule": 0.9, "phrase": 0.6}
HOME_COUNTRY_BOOST = 1.25
PASSPORT_BOOST = 1.3      # a contact or entry rule for the person's own passport
EXACT_TITLE_BOOST = 2.0   # the query is the record's whole title ("Georgia")
_PRIOR_SQL = "CASE d.kind " + " ".join(
    f"WHEN '{kind}' THEN {weight}" for kind, weight in KIND_PRIOR.items()) + " ELSE 1.0 END"


@dataclass(frozen=True)
class SearchHit:
    """One ranked result."""

    kind: str
    id: str
    title: str
    country: str
    snippet: str
    rank: float  # bm25 times the kind and home-country priors; lower is better

    def snippet_text(self, start: str = "**", end: str = "**") -> str:
        """The snippet with matched words marked by plain-text markers."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)

    def snippet_html(self) -> str:
        """The snippet as HTML with matched words in <b>."""
        return html.escape(self.snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")

    def to_json(self) -> dict:
        """A JSON-ready dict (snippet marked with ** … **)."""
        data = asdict(self)
        data["snippet"] = self.snippet_text()
        data["snippet_html"] = self.snippet_html()
        return data


@dataclass(frozen=True)
class SearchResult:
    """Hits for a query, and the rewritten query when a typo was corrected."""

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    corrected: str | None = None


_SQL = """
SELECT d.kind, d.record_id, d.display_title, d.country,
       snippet(search_docs_fts, -1, ?, ?, '…', ?) AS snip,
       search_docs_fts.rank * {prior}
         * (CASE WHEN d.country = ? THEN {home} ELSE 1.0 END)
         * (CASE WHEN ? != '' AND instr(' ' || d.audience || ' ', ' ' || ? || ' ') > 0
                 THEN {passport} ELSE 1.0 END)
         * (CASE WHEN lower(d.display_title) = ? THEN {exact} ELSE 1.0 END) AS score
FROM search_docs_fts JOIN search_docs d ON d.rowid = search_docs_fts.rowid
WHERE search_docs_fts MATCH ? {filters}
ORDER BY score LIMIT ? OFFSET ?
"""


class SearchEngine:
    """Searches one content database connection (used on the thread that opened it)."""

    def __init__(self, conn: sqlite3.Connection, *, prefer_country: str = "",
                 passport: str = ""):
        self.conn = conn
        self.prefer_country = prefer_country
        self.passport = passport  # set from the user's settings; '' for no preference
        self._vocab: list[str] | None = None

    def search(self, text: str, *, limit: int = 50, offset: int = 0,
               kind: str | None = None, country: str | None = None,
               as_you_type: bool = True) -> SearchResult:
        """Ranked hits for what a person typed; never raises on odd input."""
        parsed = parse(text, as_you_type=as_you_type)
        if not parsed.terms:
            return SearchResult(text)
        hits = self._run(parsed, limit, offset, kind, country)
        if hits:
            return SearchResult(text, hits)
        fixed = self.correct(parsed)
        if fixed is None:
            return SearchResult(text)
        return SearchResult(text, self._run(fixed, limit, offset, kind, country), fixed.text)

    def _run(self, parsed: ParsedQuery, limit: int, offset: int, kind: str | None,
             country: str | None) -> list[SearchHit]:
        filters, params = "", []
        if kind:
            filters += " AND d.kind = ?"
            params.append(kind)
        if country:
            filters += " AND d.country = ?"
            params.append(country.upper())
        sql = _SQL.format(filters=filters, prior=_PRIOR_SQL, home=HOME_COUNTRY_BOOST,
                          passport=PASSPORT_BOOST, exact=EXACT_TITLE_BOOST)
        args = [MARK_START, MARK_END, SNIPPET_TOKENS, self.prefer_country,
                self.passport, self.passport, parsed.text, to_match(parsed), *params,
                limit, offset]
        rows = self.conn.execute(sql, args).fetchall()
        return [SearchHit(r[0], r[1], r[2], r[3], r[4] or "", r[5]) for r in rows]

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


def explain(text: str) -> str:
    """The MATCH expression a text becomes (for debugging and tests)."""
    return to_match(parse(text))


__all__ = ["SearchEngine", "SearchHit", "SearchResult", "explain", "quote"]
