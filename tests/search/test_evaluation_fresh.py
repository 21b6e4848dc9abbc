"""The second evaluation set (``queries_fresh.toml``): written afresh, away from the first
set and from the records' texts, by the people of the founding scenario and by travellers
with passports the content has no records for.  Its queries run with the passports of the
person who types them, as the window runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.search.evaluate import evaluate, load_queries, ours_and_baseline
from desktop.storage.content_db import ContentDB

FRESH = Path(__file__).with_name("queries_fresh.toml")


@pytest.fixture(scope="module")
def queries():
    return load_queries(FRESH)


@pytest.fixture(scope="module")
def figures(bundled_content: ContentDB, queries) -> dict:
    return ours_and_baseline(bundled_content, queries)


def test_the_set_covers_the_people_who_type(queries) -> None:
    assert len(queries) >= 120
    assert {"US", "UK", "CA", "AU", "RU"} < {q.who for q in queries}  # and others
    assert all(q.passports for q in queries)
    cyrillic = [q for q in queries if any("а" <= ch <= "я" for ch in q.text.lower())]
    assert len(cyrillic) >= 25
    assert len({q.text for q in queries}) == len(queries)


def test_every_answer_exists(bundled_content: ContentDB, queries) -> None:
    have = {f"{kind}/{rid}" for kind, rid in bundled_content.conn.execute(
        "SELECT kind, record_id FROM search_docs")}
    assert not sorted({key for q in queries for key in q.ok} - have)


def test_quality_goals(figures: dict) -> None:
    ours = figures["ours"]
    assert ours["zero_results"] == 0, [f["query"] for f in ours["failures"] if not f["top"]]
    assert ours["success_at_3"] >= 0.95, ours["failures"]
    assert ours["mrr"] >= 0.85, ours["failures"]


def test_ahead_of_the_plain_fts5_baseline(figures: dict) -> None:
    ours, baseline = figures["ours"], figures["baseline"]
    for key in ("success_at_1", "success_at_3", "success_at_10", "mrr"):
        assert ours[key] > baseline[key], key


def test_passports_reach_the_engine(bundled_content: ContentDB) -> None:
    """A file's who -> passports table gives each query its typist's passports."""
    seen = []

    def run(text: str, passports=()) -> list[str]:
        seen.append((text, tuple(passports)))
        return []

    qs = load_queries(FRESH)[:2]
    evaluate(run, qs)
    assert seen == [(q.text, q.passports) for q in qs] and seen[0][1]
