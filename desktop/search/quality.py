"""``make bench``'s search quality: success@1/3/10, MRR and zero-result queries on the
evaluation set (tests/search/queries.toml, and the second set beside it) for our engine, a
plain FTS5 OR baseline on the same database, and Xapian's QueryParser (Debian's
python3-xapian) when it is installed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from desktop.paths import bundled_content_db
from desktop.storage.content_db import ContentDB

QUALITY_GOALS = {"search_success_at_3": 0.95, "search_mrr": 0.85}
QUALITY_KEYS = ("success_at_1", "success_at_3", "success_at_10", "mrr", "zero_results")
SECOND_SET = "queries_fresh.toml"  # beside the evaluation set: written afresh, held out
XAPIAN_PYTHON = "/usr/bin/python3"  # Debian's python3-xapian, when installed


def xapian_hits(db_path: Path, queries_file: Path) -> dict[str, list[str]] | None:
    """Xapian QueryParser's hits for every query (None without python3-xapian)."""
    script = Path(__file__).parent.parent / "bench_xapian.py"
    try:
        done = subprocess.run([XAPIAN_PYTHON, str(script), str(db_path), str(queries_file)],
                              capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return json.loads(done.stdout) if done.returncode == 0 else None


def bench_search_quality() -> dict:
    """success@1/3/10, MRR and zero-result queries on the evaluation set: ours, a plain
    FTS5 OR baseline on the same database, and Xapian's QueryParser when available; and
    the same (without Xapian) on the second set, keys ``search_fresh_*``."""
    from desktop.search.evaluate import default_queries

    queries_file = default_queries()
    if not queries_file.is_file():
        return {}
    out = _scored(queries_file, "search", "search_eval_queries", xapian=True)
    second = queries_file.with_name(SECOND_SET)
    if second.is_file():  # run with each query's passports
        out.update(_scored(second, "search_fresh", "search_fresh_queries", xapian=False))
    return out


def _scored(queries_file: Path, prefix: str, count_key: str, *, xapian: bool) -> dict:
    """One set's figures, keys ``{prefix}_{figure}{run}``: run '' for ours, '_fts_or' for
    the baseline and '_xapian' for Xapian (when asked for and installed)."""
    from desktop.search.evaluate import evaluate, load_queries, ours_and_baseline

    queries = load_queries(queries_file)
    db = ContentDB(bundled_content_db())
    figures = ours_and_baseline(db, queries)
    db.close()
    runs = {"": figures["ours"], "_fts_or": figures["baseline"]}
    hits = xapian_hits(bundled_content_db(), queries_file) if xapian else None
    if hits is not None:
        runs["_xapian"] = evaluate(lambda text: hits.get(text, []), queries)
    out: dict = {count_key: len(queries)}
    for suffix, found in runs.items():
        out.update({f"{prefix}_{key}{suffix}": found[key] for key in QUALITY_KEYS})
    return out


def quality_within_goals(results: dict) -> dict[str, bool]:
    """The quality goals: thresholds, no empty result, ahead of the FTS5 OR baseline."""
    if "search_mrr" not in results:
        return {}
    checks = {key: results[key] >= goal for key, goal in QUALITY_GOALS.items()}
    checks["search_zero_results"] = results["search_zero_results"] == 0
    checks["search_ahead_of_fts_or"] = all(
        results[f"search_{k}"] > results[f"search_{k}_fts_or"] for k in QUALITY_KEYS[:4]
    ) and results["search_zero_results"] <= results["search_zero_results_fts_or"]
    return checks
