"""Search quality measured like a search engine: success at k and MRR on an evaluation set.

The set (``tests/search/queries.toml``) lists what people type and the records that answer
them.  ``evaluate`` runs any search function over it; ``engine_runner`` is ours and
``fts_or_runner`` a plain FTS5 baseline on the same database (the typed words, each quoted,
joined by OR, ordered by bm25), so the two can be compared side by side.
"""

from __future__ import annotations

import sqlite3
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.search.query import quote
from desktop.search.text import tokens

DEPTH = 10  # hits looked at per query (success@10, and MRR counts nothing deeper)
# The columns holding the records' own words (not the stems and synonym keys added at build)
RAW_COLUMNS = ("title", "aliases", "body", "title_latin", "body_latin")


@dataclass(frozen=True)
class EvalQuery:
    """One query of the evaluation set and the records ("kind/id") that answer it."""

    text: str
    ok: frozenset[str]
    who: str = ""
    passports: tuple[str, ...] = ()  # the person's own (as the window passes them)


def load_queries(path: Path) -> list[EvalQuery]:
    """The queries of an evaluation file, with ``@set`` references expanded.

    A file may map ``who`` to passports (``[who_passports]``): its queries then run with
    the passports of the person who types them, as the window runs them."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    sets = {name: list(ids) for name, ids in data.get("sets", {}).items()}
    passports = {who: tuple(codes) for who, codes in data.get("who_passports", {}).items()}
    queries = []
    for entry in data["queries"]:
        ok: set[str] = set()
        for item in entry["ok"]:
            ok.update(sets[item[1:]] if item.startswith("@") else [item])
        who = entry.get("who", "")
        queries.append(EvalQuery(entry["text"], frozenset(ok), who,
                                 tuple(entry.get("passports", passports.get(who, ())))))
    return queries


def first_rank(found: Sequence[str], ok: frozenset[str]) -> int | None:
    """1-based rank of the first acceptable record among the first DEPTH (None if none)."""
    for rank, key in enumerate(found[:DEPTH], start=1):
        if key in ok:
            return rank
    return None


def evaluate(run: Callable[..., list[str]], queries: Sequence[EvalQuery]) -> dict:
    """success@1/3/10, MRR and the number of queries with no result at all.

    A query with passports is run as ``run(text, passports)``.  ``failures`` lists the
    queries whose answer is not in the first three, with what came first instead.
    """
    ranks, zero, failures = [], 0, []
    for query in queries:
        found = run(query.text, query.passports) if query.passports else run(query.text)
        zero += not found
        rank = first_rank(found, query.ok)
        ranks.append(rank)
        if rank is None or rank > 3:
            failures.append({"query": query.text, "rank": rank, "top": found[:3]})
    total = len(queries) or 1

    def success(k: int) -> float:
        return round(sum(1 for r in ranks if r is not None and r <= k) / total, 3)

    return {"success_at_1": success(1), "success_at_3": success(3),
            "success_at_10": success(10),
            "mrr": round(sum(1 / r for r in ranks if r) / total, 3),
            "zero_results": zero, "queries": len(queries), "failures": failures}


def engine_runner(engine, **options) -> Callable[..., list[str]]:
    """Our search as the window runs it (as you type), as "kind/id" keys."""
    def run(text: str, passports: Sequence[str] = ()) -> list[str]:
        hits = engine.search(text, limit=DEPTH, passports=passports, **options).hits
        return [f"{h.kind}/{h.id}" for h in hits]
    return run


def fts_or_expression(text: str, columns: Sequence[str] = ()) -> str:
    """The baseline's MATCH: every typed word quoted, joined by OR (optionally in columns)."""
    words = list(dict.fromkeys(tokens(text)))
    if not words:
        return ""
    body = " OR ".join(quote(w) for w in words)
    return "{" + " ".join(columns) + "} : (" + body + ")" if columns else body


def fts_or_runner(conn: sqlite3.Connection) -> Callable[[str], list[str]]:
    """A plain FTS5 search on the same database: OR of the typed words, bm25 order."""
    present = {row[1] for row in conn.execute("PRAGMA table_info(search_docs_fts)")}
    columns = [c for c in RAW_COLUMNS if c in present]
    # Only restrict to the raw columns when the index also holds derived ones.
    restrict = columns if len(present) > len(columns) else []
    sql = ("SELECT d.kind, d.record_id FROM search_docs_fts f JOIN search_docs d "
           "ON d.rowid = f.rowid WHERE search_docs_fts MATCH ? ORDER BY f.rank LIMIT ?")

    def run(text: str, passports: Sequence[str] = ()) -> list[str]:  # passports unused
        expression = fts_or_expression(text, restrict)
        if not expression:
            return []
        return [f"{kind}/{rid}" for kind, rid in conn.execute(sql, (expression, DEPTH))]
    return run


def ours_and_baseline(content, queries: Sequence[EvalQuery]) -> dict[str, dict]:
    """The figures of our engine ("ours") and of the plain FTS5 OR baseline ("baseline")
    on one content database (a ``ContentDB``)."""
    from desktop.search.engine import SearchEngine

    return {"ours": evaluate(engine_runner(SearchEngine.over(content)), queries),
            "baseline": evaluate(fts_or_runner(content.conn), queries)}


def default_queries() -> Path:
    """The evaluation set kept with the tests (present in a checkout, not in a bundle)."""
    from desktop.paths import resources_dir

    return resources_dir().parent / "tests" / "search" / "queries.toml"
