"""The benchmark's own inputs are valid: the synthetic pack it times opens and searches
like any content database (a small one here; ``make bench`` builds 100,000 records)."""

from __future__ import annotations

from desktop.bench import keystrokes, percentile, synthetic_tables
from desktop.content.build import write_database
from desktop.search.engine import SearchEngine
from desktop.storage.content_db import ContentDB


def test_synthetic_pack_opens_and_searches(tmp_path, bundled_db):
    out = tmp_path / "synthetic.db"
    write_database(synthetic_tables(300), {"version": "synthetic"}, out)
    db = ContentDB(out)
    try:
        db.check_usable(thorough=True)
        assert len(db.list("guide")) == 300
        word = db.list("guide")[0]["title"].split()[0]
        assert SearchEngine.over(db).search(word).hits
    finally:
        db.close()


def test_keystrokes_and_percentile():
    assert keystrokes(["cash"]) == ["ca", "cas", "cash"]
    assert percentile([1, 2, 3, 4, 100], 95) == 100
    assert percentile([5.0], 50) == 5.0
