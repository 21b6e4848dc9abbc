"""Run searches against the content database's FTS5 index.

A query is first understood (``desktop.search.understand``): stop words out, stems and
synonym keys in, and the kinds, countries and nationalities it asks for.  Matching then
degrades as Xapian's query parser does:

1. records matching every word (each word: as typed, its stem, its synonyms);
2. fewer than ``FEW``?  Words the index does not know are fixed ("showing results for …":
   the query as if typed right, stop words and the unfinished last word kept) or left out
   (and named); if every word is known but nothing has them all, a rare word may yield to
   a much commoner one an edit away;
3. still fewer, or a question of ``SOFT_FROM`` words or more?  Records matching some of
   the words join, each missing word multiplying the score by ``MISSING_WORD``; when no
   record has every word the result says so and names the words the first hit lacks.

The list is never empty while any word of the query is known.  Scores are bm25 (names,
aliases and keys weighted over body text), then the first ``RERANK`` hits (``RERANK_SMALL``
on a pack of up to ``NAME_CACHE`` records) again with a bonus for the query's words in the
record's own name, times priors: the kind of record, the content's home country, the
person's passports, the kind and nationality the query asks for (and, when it names a
nationality, less for records that serve neither it nor the person's passports), the
entry rule of a "passport + country" pair, the own record of a country named among other
words, and an exact title.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from desktop.search.analyze import Vocabulary
from desktop.search.query import ParsedQuery
from desktop.search.results import MARK_END, MARK_START, SearchHit, SearchResult
from desktop.search.snippet import Matcher, make_snippet
from desktop.search.spelling import Speller
from desktop.search.understand import (
    Understanding,
    concept_forms,
    understand,
    understand_parsed,
)


class ContentDBLike(Protocol):
    """What the engine needs of a content database: a connection and its meta table."""

    conn: sqlite3.Connection
    meta: dict[str, str]


SNIPPET_TOKENS = 14
# Priors multiplied into bm25 (rank is negative: larger means better).  A guide or a route
# is usually what a person means; a one-line phrase matches short words too easily.
KIND_PRIOR = {"route": 1.3, "guide": 1.25, "contact": 1.2, "country": 1.15, "advisory": 1.1,
              "checklist": 1.0, "entry_rule": 0.9, "city": 0.8, "phrase": 0.6}
HOME_COUNTRY_BOOST = 1.5  # the country the content is about (its home_country): the
                          # records located there, its numbers and embassies
PASSPORT_BOOST = 1.3      # a contact or entry rule for the person's own passport
KIND_INTENT_BOOST = 1.6   # the query names the kind ("phone" -> contacts, "visa" -> rules)
PEOPLE_BOOST = 1.5        # the query names a nationality the record serves ("british")
OTHER_PEOPLE = 0.5        # … a contact or entry rule for neither that nationality nor the
                          # person's passports ("German passport": not the Australian rule)
PAIR_BOOST = 2.0          # "passport + country": the entry rule for that pair
NAMED_COUNTRY_BOOST = 1.5  # a country's own record when the query names the country
                           # among other words ("911 in russia"); a nationality's country
                           # is the passport, not the place ("chinese passport kazakhstan")
EXACT_TITLE_BOOST = 2.0   # the query is the record's whole title ("Georgia"; "I need a
                          # doctor" for "I need a doctor.")
INTENT_WORDS = 2          # a kind word leads in a short query; in a question it is context
RERANK = 60               # hits looked at again for the words in their names (big packs)
RERANK_SMALL = 200        # … on a pack whose names all fit in NAME_CACHE
TEXT_CACHE = 500          # records whose texts are kept for snippets while typing
NAME_CACHE = 5_000        # records whose name terms are kept in memory
STOP_SHARE = 0.5          # a stop word in a record's name counts half a word
NAME_BONUS = 2.0          # up to this much more when every word is in the record's name
FEW = 3                   # fewer hits than this for all words: look further
SOFT_FROM = 3             # from this many words, a record may lack one and still rank
MISSING_WORD = 0.4        # score factor per word of the query a record lacks
HOME_KINDS = frozenset({"contact", "country", "advisory", "city"})  # located in a country


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
        self.speller = Speller(conn)
        self._vocab: Vocabulary | None = None
        self._forward: dict[int, tuple] | None = None
        self._name_cache: dict[int, frozenset[str]] = {}
        self._text_cache: dict[int, list[str]] = {}

    def vocabulary(self) -> Vocabulary:
        """The synonym vocabulary built with the content (read once)."""
        if self._vocab is None:
            self._vocab = Vocabulary.from_rows(self.conn.execute(
                "SELECT phrase, key, flags FROM search_synonyms").fetchall())
        return self._vocab

    def understand(self, text: str, *, as_you_type: bool = True) -> Understanding:
        """The concepts and intent the engine reads in a query."""
        return understand(text, self.vocabulary(), as_you_type=as_you_type)

    def search(self, text: str, *, passports: Sequence[str] = (), limit: int = 50,
               offset: int = 0, kind: str | None = None, country: str | None = None,
               as_you_type: bool = True) -> SearchResult:
        """Ranked hits for what a person typed; never raises on odd input.

        ``passports`` are the person's own: contacts and entry rules for them rank higher.
        """
        query = self.understand(text, as_you_type=as_you_type)
        shortened = query.parsed.cut
        if not query.concepts:
            return SearchResult(text, shortened=shortened)
        filters = self._filters(kind, country)
        found = self._candidates(query.all_of(), filters)
        corrected: str | None = None
        left_out: tuple[str, ...] = ()
        if len(found) < FEW:
            fixed, suggested, unknown = self._fix(query)
            if fixed is not None:
                refound = self._candidates(fixed.all_of(), filters)
                if len(refound) > len(found) or not found:
                    query, found, left_out = fixed, refound, unknown
                    corrected = fixed.text if suggested else None
            if not found and len(query.concepts) > 1:
                refit = self._refit(query, filters)
                if refit is not None:
                    query, found = refit
                    corrected = query.text
        if not query.concepts:
            return SearchResult(text, words=left_out, dropped=left_out, shortened=shortened)
        everything = len(query.concepts)
        missing = dict.fromkeys(found, 0)
        complete = bool(found)
        if everything > 1 and (len(found) < FEW or everything >= SOFT_FROM):
            for rowid, (rank, count) in self._most(query, filters, found).items():
                found[rowid], missing[rowid] = rank, everything - count
        hits, top = self._hits(query, found, missing, frozenset(passports), limit, offset)
        lacking = self._lacking(query, top) if hits and not complete else ()
        words = tuple(c.text for c in query.concepts)
        return SearchResult(text, hits, corrected if hits else None, words,
                            (*left_out, *lacking), tuple(sorted(query.kinds)),
                            closest=bool(hits) and not complete, shortened=shortened)

    # -- matching ---------------------------------------------------------------------
    @staticmethod
    def _filters(kind: str | None, country: str | None) -> tuple[str, list]:
        sql, params = "", []
        if kind:
            sql += " AND d.kind = ?"
            params.append(kind)
        if country:
            sql += " AND d.country = ?"
            params.append(country.upper())
        return sql, params

    def _candidates(self, expression: str, filters: tuple[str, list]) -> dict[int, float]:
        """rowid -> bm25 of up to CANDIDATES records matching an FTS5 expression."""
        if not expression:
            return {}
        sql_filters, params = filters
        join = "JOIN search_docs d ON d.rowid = f.rowid" if sql_filters else ""
        sql = _CANDIDATES_SQL.format(join=join, filters=sql_filters)
        return dict(self.conn.execute(sql, [expression, *params, CANDIDATES]).fetchall())

    def _most(self, query: Understanding, filters: tuple[str, list], exclude: dict
              ) -> dict[int, tuple[float, int]]:
        """Records matching some of the words: rowid -> (bm25, how many words match)."""
        found = {r: s for r, s in self._candidates(query.any_of(), filters).items()
                 if r not in exclude}
        if not found:
            return {}
        counts = dict.fromkeys(found, 0)
        # One pass per word over the candidates' rowid range (FTS5 seeks a range well;
        # "rowid IN (…)" re-runs the whole match for every rowid).
        sql = ("SELECT rowid FROM search_docs_fts WHERE search_docs_fts MATCH ? "
               "AND rowid BETWEEN ? AND ?")
        low, high = min(found), max(found)
        for concept in query.concepts:
            for (rowid,) in self.conn.execute(sql, (concept.match, low, high)):
                if rowid in counts:
                    counts[rowid] += 1
        return {rowid: (rank, counts[rowid]) for rowid, rank in found.items()}

    def _known(self, match: str) -> bool:
        """True when an FTS5 expression matches at least one record."""
        return self.conn.execute("SELECT 1 FROM search_docs_fts WHERE search_docs_fts "
                                 "MATCH ? LIMIT 1", (match,)).fetchone() is not None

    def _fix(self, query: Understanding
             ) -> tuple[Understanding | None, bool, tuple[str, ...]]:
        """The query with each unknown word fixed or left out: (the new query or None if
        every word is known, whether a word was fixed, the words left out).

        Only single words that match nothing at all are touched."""
        fixes: dict[str, str | None] = {}
        for concept in query.concepts:
            if concept.keys or " " in concept.text or self._known(concept.match):
                continue
            fixes[concept.text] = self.speller.suggest(
                concept.text, near=len(query.concepts) >= SOFT_FROM)
        if not fixes:
            return None, False, ()
        unknown = tuple(word for word, fix in fixes.items() if fix is None)
        return self._retyped(query, fixes), len(unknown) < len(fixes), unknown

    def _refit(self, query: Understanding, filters: tuple[str, list]
               ) -> tuple[Understanding, dict[int, float]] | None:
        """Every word is known but they never meet: a rare word one edit from a much
        commoner one that does meet the others is probably a typo ("narvs border")."""
        for concept in query.concepts:
            if concept.keys or " " in concept.text or concept.prefix:
                continue
            suggestion = self.speller.suggest(concept.text, commoner=True)
            if not suggestion:
                continue
            fixed = self._retyped(query, {concept.text: suggestion})
            found = self._candidates(fixed.all_of(), filters)
            if found:
                return fixed, found
        return None

    def _retyped(self, query: Understanding, fixes: dict[str, str | None]) -> Understanding:
        """The query as if typed with some words replaced (or left out, for None): its
        stop words and its unfinished last word as they were.  Understood again, since a
        fixed word may be a synonym ("kanada" -> "canada") or complete a phrase."""
        terms = [fixes.get(term, term) for term in query.parsed.terms]
        prefix = query.parsed.prefix_last and bool(terms) and terms[-1] is not None
        kept = tuple(word for term in terms if term for word in term.split())
        return understand_parsed(ParsedQuery(kept, prefix), self.vocabulary())

    def _lacking(self, query: Understanding, rowid: int) -> tuple[str, ...]:
        """The words of the query that one record does not match."""
        sql = "SELECT 1 FROM search_docs_fts WHERE search_docs_fts MATCH ? AND rowid = ?"
        return tuple(c.text for c in query.concepts
                     if self.conn.execute(sql, (c.match, rowid)).fetchone() is None)

    # -- ranking ----------------------------------------------------------------------
    def _hits(self, query: Understanding, found: dict[int, float], missing: dict[int, int],
              passports: frozenset[str], limit: int, offset: int
              ) -> tuple[list[SearchHit], int]:
        """One page of hits in score order, and the best one's rowid."""
        forward = self._forward_index()
        score = self._scorer(query, passports)
        scored = sorted((score(rank, forward[rowid]) * MISSING_WORD ** missing.get(rowid, 0),
                         rowid) for rowid, rank in found.items())
        depth = RERANK_SMALL if len(forward) <= NAME_CACHE else RERANK
        scored = self._rerank(query, scored, max(depth, offset + limit))
        page = scored[offset:offset + limit]
        parsed = ParsedQuery(tuple(c.text for c in query.concepts),
                             any(c.prefix for c in query.concepts))
        matcher = Matcher(parsed, stems=tuple(query.stems()))
        hits = [SearchHit(forward[rowid][0], forward[rowid][1], forward[rowid][2],
                          forward[rowid][3], score,
                          partial(self._snippet, rowid, parsed, matcher))
                for score, rowid in page]
        return hits, scored[0][1] if scored else -1

    def _rerank(self, query: Understanding, scored: list[tuple[float, int]], depth: int
                ) -> list[tuple[float, int]]:
        """The best ``depth`` hits again, with a bonus for each word of the query found in
        the record's name and aliases (what the record is about, not what it mentions)."""
        # Stop words do not restrict the match, but count (for less) here: "wait for me
        # please" is the phrase whose name is "Please wait for me."
        weighted = [(1.0, c) for c in query.concepts] + [(STOP_SHARE, c) for c in query.stops]
        if len(weighted) < 2:
            return scored
        head, tail = scored[:depth], scored[depth:]
        names = self._names([rowid for _, rowid in head])
        every = frozenset().union(*(names.get(rowid, ()) for _, rowid in head))
        forms = []  # (weight, every name term that counts for the word)
        for weight, concept in weighted:
            exact, prefixes, keys = concept_forms(concept)
            wanted = exact | keys
            if prefixes:
                wanted |= {term for term in every if term.startswith(prefixes)}
            forms.append((weight, wanted))
        total = sum(weight for weight, _ in weighted)
        empty: frozenset[str] = frozenset()
        rescored = []
        for score, rowid in head:
            terms = names.get(rowid, empty)
            covered = sum(weight for weight, wanted in forms if not terms.isdisjoint(wanted))
            rescored.append((score * (1 + NAME_BONUS * covered / total), rowid))
        return sorted(rescored) + tail

    def _names(self, rowids: list[int]) -> dict[int, frozenset[str]]:
        """The terms of each record's name and aliases (stems and keys), cached."""
        cache = self._name_cache
        wanted = [rowid for rowid in rowids if rowid not in cache]
        if wanted:
            if len(cache) > NAME_CACHE:
                cache.clear()
            sql = (f"SELECT rowid, keys FROM search_docs WHERE rowid IN "
                   f"({','.join('?' * len(wanted))})")
            for rowid, keys in self.conn.execute(sql, wanted):
                cache[rowid] = frozenset(keys.split())
        return cache

    def _snippet(self, rowid: int, parsed: ParsedQuery, matcher: Matcher) -> str:
        """The snippet of one hit, read and cut when it is first shown."""
        texts = self._text_cache.get(rowid)
        if texts is None:
            row = self.conn.execute("SELECT body, aliases, title FROM search_docs "
                                    "WHERE rowid = ?", (rowid,)).fetchone()
            texts = list(row) if row else []
            if len(self._text_cache) > TEXT_CACHE:
                self._text_cache.clear()
            self._text_cache[rowid] = texts
        return make_snippet(texts, parsed, start=MARK_START,
                            end=MARK_END, size=SNIPPET_TOKENS, matcher=matcher)

    def _forward_index(self) -> dict[int, tuple]:
        """rowid -> (kind, id, title, country, audience): read once, so scoring a
        candidate is a dictionary lookup rather than a query."""
        if self._forward is None:
            self._forward = {row[0]: (row[1], row[2], row[3], row[4],
                                      frozenset((row[5] or "").split()))
                             for row in self.conn.execute(
                                 "SELECT rowid, kind, record_id, display_title, country, "
                                 "audience FROM search_docs")}
        return self._forward

    def _scorer(self, query: Understanding, passports: frozenset[str]
                ) -> Callable[[float, tuple], float]:
        """bm25 times the priors of the record and of the query's intent (a function, with
        what depends on the query worked out once: it runs for every candidate)."""
        home, plain, named = self.prefer_country, query.plain, query.names_country
        bare = plain.rstrip(".?!")  # a title typed whole, with or without its full stop
        intent = query.kinds if len(query.concepts) <= INTENT_WORDS else frozenset()
        people, countries = query.people, query.countries
        pair, own = countries | people, people | passports
        places = (countries - people) if len(query.concepts) > 1 else frozenset()

        def score(rank: float, row: tuple) -> float:
            kind, _, title, country, audience = row
            value = rank * KIND_PRIOR.get(kind, 1.0)
            if home and country == home and kind in HOME_KINDS:
                value *= HOME_COUNTRY_BOOST
            if audience:
                if passports & audience:
                    value *= PASSPORT_BOOST
                if people & audience:
                    value *= PEOPLE_BOOST
                elif people and not own & audience:
                    value *= OTHER_PEOPLE
                if kind == "entry_rule" and country in countries and pair & audience - {
                        country}:
                    value *= PAIR_BOOST
            if kind in intent:
                value *= KIND_INTENT_BOOST
            if kind == "country" and country in places:
                value *= NAMED_COUNTRY_BOOST
            if (abs(len(title) - len(plain)) <= 1 and title.lower().rstrip(".?!") == bare
                    or kind == "country" and country == named):
                value *= EXACT_TITLE_BOOST
            return value
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


__all__ = ["MARK_END", "MARK_START", "SearchEngine", "SearchHit", "SearchResult"]
