"""Search quality on the evaluation set, against a plain FTS5 OR baseline (bundled content).

The goals of DESIGN.md: success@3 >= 0.95, MRR >= 0.85, no query without results, and
ahead of the baseline on every figure.  ``make bench`` reports the same figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.search.evaluate import (
    default_queries,
    fts_or_expression,
    load_queries,
    ours_and_baseline,
)
from desktop.storage.content_db import ContentDB

QUERIES = Path(__file__).with_name("queries.toml")


@pytest.fixture(scope="module")
def queries():
    return load_queries(QUERIES)


@pytest.fixture(scope="module")
def figures(bundled_content: ContentDB, queries) -> dict:
    return ours_and_baseline(bundled_content, queries)


def test_the_set_is_what_people_type(queries) -> None:
    assert len(queries) >= 150
    assert {q.who for q in queries} == {"US", "UK", "CA", "AU", "RU"}
    cyrillic = [q for q in queries if any("а" <= ch <= "я" for ch in q.text.lower())]
    assert len(cyrillic) >= 30
    assert sum(len(q.text.split()) >= 5 for q in queries) >= 20  # questions, long queries
    assert len({q.text for q in queries}) == len(queries)
    assert default_queries() == QUERIES


def test_every_answer_exists(bundled_content: ContentDB, queries) -> None:
    have = {f"{kind}/{rid}" for kind, rid in bundled_content.conn.execute(
        "SELECT kind, record_id FROM search_docs")}
    missing = sorted({key for q in queries for key in q.ok} - have)
    assert not missing, f"the evaluation set names records that do not exist: {missing}"


def test_quality_goals(figures: dict) -> None:
    ours = figures["ours"]
    assert ours["zero_results"] == 0, [f["query"] for f in ours["failures"] if not f["top"]]
    assert ours["success_at_3"] >= 0.95, ours["failures"]
    assert ours["mrr"] >= 0.85, ours["failures"]


def test_ahead_of_the_plain_fts5_baseline(figures: dict) -> None:
    ours, baseline = figures["ours"], figures["baseline"]
    for key in ("success_at_1", "success_at_3", "success_at_10", "mrr"):
        assert ours[key] > baseline[key], key
    assert ours["zero_results"] < baseline["zero_results"]


def test_baseline_is_a_plain_or() -> None:
    assert fts_or_expression("Upper Lars") == '"upper" OR "lars"'
    assert fts_or_expression("a a", ["title", "body"]) == '{title body} : ("a")'
    assert fts_or_expression("  ") == ""
