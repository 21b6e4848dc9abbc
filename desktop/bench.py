"""``make bench``: measure every budget of DESIGN.md and print one JSON line.

Ratios are measured against baselines taken in the same run: a bare PySide6 window
process (startup, memory) and a raw FTS5 ``MATCH … ORDER BY rank`` of the same terms
(search).  Search quality (success@k, MRR, zero-result queries on tests/search/queries.toml)
is reported for our search, a plain FTS5 OR + bm25 baseline on the same database, and
Xapian's QueryParser when Debian's python3-xapian is installed.  Medians and 95th
percentiles come from repeated runs.  The JSON is also written to ``build/bench.json``.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop.content.build import build, write_database
from desktop.content.schema import SCHEMA_VERSION, TABLES
from desktop.geo.bench import percentile
from desktop.paths import bundled_content_db, content_sources_dir, resources_dir
from desktop.search import quality
from desktop.search.engine import SearchEngine
from desktop.search.query import parse, to_match
from desktop.storage.content_db import ContentDB

ROOT = resources_dir().parent
OUT_DIR = ROOT / "build"
SYNTHETIC_RECORDS = 100_000
BUNDLE_BUDGET_MB = 110
# The map widget's budgets (DESIGN.md), on the p95 of its figures.
MAP_BUDGETS = {"map_render_ms": 30.0, "map_pan_zoom_ms": 16.0}

BUDGETS = {
    "startup_ratio": 1.5, "memory_ratio": 1.6, "search_p95_ms_100k": 10.0,
    "search_ratio_raw_fts": 2.0, "search_p95_ms_bundled": 2.0, "page_p95_ms": 20.0,
    "checklist_pdf_ms": 150.0, "build_s": 5.0,
}
# A results list shows about this many hits without scrolling; their snippets are part
# of what a person waits for, so each timed search also cuts them.
VISIBLE_HITS = 10
# What people type, keystroke by keystroke.
TYPED = ["upper lars", "верхний ларс", "embassy moscow", "cash", "protest", "conscription",
         "border queue", "kazakhstan", "112", "passport expired", "finland tourist visa",
         "phone search", "ambulance", "storskog", "georgia"]


def keystrokes(phrases: list[str]) -> list[str]:
    """Every prefix a person types on the way to each phrase (as-you-type queries)."""
    return [phrase[:n] for phrase in phrases for n in range(2, len(phrase) + 1)]


# -- synthetic 100,000-record pack -------------------------------------------------------
def synthetic_tables(records: int, seed: int = 7) -> dict[str, list[dict]]:
    """Guides built from the bundled vocabulary (Latin and Cyrillic), Zipf-like frequency."""
    db = ContentDB(bundled_content_db())
    words: list[str] = []
    for row in db.conn.execute("SELECT title, aliases, body FROM search_docs"):
        words.extend(w for w in " ".join(row).split() if w.isalpha() and len(w) > 2)
    db.close()
    vocab = sorted(set(words))
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    rng.shuffle(vocab)
    guides = []
    for n in range(records):
        title = " ".join(rng.choices(vocab, weights, k=rng.randint(2, 5))).capitalize()
        body = " ".join(rng.choices(vocab, weights, k=rng.randint(30, 120)))
        guides.append({"id": f"g{n:06d}", "source_id": "synthetic", "sources": ["synthetic"],
                       "supports": {}, "unconfirmed": [], "checked_on": "2026-01-01",
                       "confidence": "verified",
                       "title": title, "summary": body[:80], "summary_html": "",
                       "summary_text": body[:80], "body_html": f"<p>{body}</p>",
                       "body_text": body, "tags": [], "country": "RU", "position": 1000})
    tables: dict[str, list[dict]] = {t: [] for t in [*TABLES.values(), "checklist_items"]}
    tables["guides"] = guides
    tables["sources"] = [{"id": "synthetic", "publisher": "bench", "title": "synthetic",
                          "retrieved_on": "2026-01-01"}]
    return tables


def synthetic_pack() -> Path:
    """Build (once, cached under build/) the 100,000-record synthetic content database.

    The file name carries the schema version and a digest of the index layout, so a
    changed index is rebuilt rather than measured stale."""
    import hashlib

    from desktop.content.index import FTS_COLUMNS, RANK_WEIGHTS

    # (rows 2: the synthetic guides carry supports and unconfirmed, as built ones do)
    layout = hashlib.sha256(f"{FTS_COLUMNS}{RANK_WEIGHTS}{sorted(TABLES.values())}rows 2"
                            .encode()).hexdigest()[:8]
    out = OUT_DIR / f"synthetic-{SYNTHETIC_RECORDS}-s{SCHEMA_VERSION}-{layout}.db"
    if not out.exists():
        write_database(synthetic_tables(SYNTHETIC_RECORDS), {"version": "synthetic"}, out)
    return out


# -- search -------------------------------------------------------------------------------
def time_search(db: ContentDB, queries: list[str], rounds: int = 3) -> tuple[list[float],
                                                                            list[float]]:
    """Milliseconds per query: our full search vs a raw FTS5 MATCH of the same terms.

    The garbage collector is paused while timing (as ``timeit`` does), for both sides.
    """
    engine = SearchEngine.over(db)
    engine.search(queries[0])  # the forward index loads once, on the first search
    ours, raw = [], []
    gc.collect()
    gc.disable()
    try:
        _time_queries(engine, queries, rounds, ours, raw)
    finally:
        gc.enable()
    return ours, raw


def _time_queries(engine: SearchEngine, queries: list[str], rounds: int, ours: list[float],
                  raw: list[float]) -> None:
    for _ in range(rounds):
        for query in queries:
            expression = to_match(parse(query))
            start = time.perf_counter()
            for hit in engine.search(query, limit=50).hits[:VISIBLE_HITS]:
                hit.snippet_html()
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            if expression:
                engine.raw_match(expression, limit=50)
            raw.append((time.perf_counter() - start) * 1000)


def bench_search() -> dict:
    """Search budgets on the bundled content and on the synthetic pack."""
    queries = keystrokes(TYPED)
    bundled = ContentDB(bundled_content_db())
    ours_b, _ = time_search(bundled, queries)
    bundled.close()
    big = ContentDB(synthetic_pack())
    ours, raw = time_search(big, queries)
    big.close()
    return {
        "search_p95_ms_bundled": round(percentile(ours_b, 95), 3),
        "search_p95_ms_100k": round(percentile(ours, 95), 3),
        "search_raw_fts_p95_ms_100k": round(percentile(raw, 95), 3),
        "search_ratio_raw_fts": round(statistics.median(ours) / statistics.median(raw), 3),
        "search_ratio_raw_fts_p95": round(percentile(ours, 95) / percentile(raw, 95), 3),
        "search_queries": len(queries),
    }


# -- start-up and memory: the app vs a bare PySide6 window, both as fresh processes -------
EXIT_AFTER_PAINT = "SAFE_PASSAGE_EXIT_AFTER_PAINT"
BARE_WINDOW = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("Hello"))
window.resize(1180, 760)
def report():
    print("painted", flush=True)
    app.quit()
class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, report)
        return False
window.installEventFilter(FirstPaint(window))
window.show()
app.exec()
"""


def _peak_rss_kib(pid: int) -> int:
    """The process's own peak resident memory (VmHWM), in KiB.

    Not ``ru_maxrss`` from wait4: on Linux that carries the parent's peak over the
    fork, so a benchmark process that has grown would inflate every child alike.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def _run_to_first_paint(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from spawn to the process saying it painted, and its peak RSS in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, cwd=ROOT, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    peak = _peak_rss_kib(proc.pid) if "painted" in line else 0  # still alive: it quits next
    proc.stdout.read()
    if proc.wait() != 0 or not peak:
        raise RuntimeError(f"{argv} did not report a first paint (exit {proc.returncode})")
    return elapsed, peak


def bench_startup(runs: int = 11) -> dict:
    """Start-up to first painted window with content, and peak memory, as ratios.

    The package is byte-compiled first, as any installed copy (and the PyInstaller
    bundle) is: PySide6 came with its bytecode from pip, so both sides start equal even
    where PYTHONDONTWRITEBYTECODE is set.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "desktop"), quiet=1)
    env = {**os.environ, EXIT_AFTER_PAINT: "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    with tempfile.TemporaryDirectory() as home:
        app_cmd = [sys.executable, "-m", "desktop", "--basedir", home]
        _run_to_first_paint(bare_cmd, env)  # warm the file cache for both
        _run_to_first_paint(app_cmd, env)
        bare, app = [], []
        for _ in range(runs):  # alternate, so drift hits both alike
            bare.append(_run_to_first_paint(bare_cmd, env))
            app.append(_run_to_first_paint(app_cmd, env))
    bare_s = statistics.median(t for t, _ in bare)
    app_s = statistics.median(t for t, _ in app)
    bare_kb = statistics.median(m for _, m in bare)
    app_kb = statistics.median(m for _, m in app)
    return {
        "startup_ratio": round(app_s / bare_s, 3), "startup_ms": round(app_s * 1000, 1),
        "startup_bare_ms": round(bare_s * 1000, 1),
        "memory_ratio": round(app_kb / bare_kb, 3), "memory_mb": round(app_kb / 1024, 1),
        "memory_bare_mb": round(bare_kb / 1024, 1),
    }


# -- pages and PDF ------------------------------------------------------------------------
def bench_pages(rounds: int = 3) -> dict:
    """Milliseconds to open every page of the bundled content (read + build its HTML)."""
    from desktop.content.schema import PAGE_KINDS
    from desktop.pages.records import page_for
    from desktop.pages.screen import page_html

    db = ContentDB(bundled_content_db())
    pages = [(kind, row["id"]) for kind in PAGE_KINDS for row in db.list(kind)]
    times = []
    for _ in range(rounds):
        for kind, record_id in pages:
            start = time.perf_counter()
            page_html(page_for(db, kind, record_id, ["US"]))
            times.append((time.perf_counter() - start) * 1000)
    db.close()
    return {"page_p95_ms": round(percentile(times, 95), 3),
            "page_median_ms": round(statistics.median(times), 3), "pages": len(pages)}


def bench_checklist_pdf(rounds: int = 5) -> dict:
    """Median milliseconds from a checklist to a written PDF (HTML, layout, paint, file)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from desktop.printing.render import time_checklist_pdf
    from desktop.storage.user_db import UserDB

    app = QGuiApplication.instance() or QGuiApplication(["bench"])
    db = ContentDB(bundled_content_db())
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        user = UserDB(Path(tmp) / "user.db")
        checklists = [row["id"] for row in db.list("checklist")]
        time_checklist_pdf(db, user, checklists[0], Path(tmp) / "warm.pdf")
        for _ in range(rounds):
            for checklist in checklists:
                times.append(time_checklist_pdf(db, user, checklist, Path(tmp) / "c.pdf"))
        user.close()
    db.close()
    del app
    return {"checklist_pdf_ms": round(statistics.median(times), 3),
            "checklist_pdf_p95_ms": round(percentile(times, 95), 3)}


def bench_bundle() -> dict:
    """Size of dist/safe-passage when a bundle has been built (make dist)."""
    folder = ROOT / "dist" / "safe-passage"
    if not folder.is_dir():
        return {}
    # Symbolic links (Qt's libQt6Core.so.6 -> …) are not counted twice.
    size = sum(p.lstat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink())
    return {"bundle_mb": round(size / 1e6, 1), "bundle_mib": round(size / 2**20, 1)}


def bench_build(runs: int = 3) -> dict:
    """Median seconds to validate and build the bundled content."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            build(content_sources_dir(), Path(tmp) / "content.db")
            times.append(time.perf_counter() - start)
    return {"build_s": round(statistics.median(times), 3)}


def bench_map_model() -> dict:
    """The map's Qt-free share (desktop.geo.bench): loading the boundaries, building the
    model and first layer for Moscow and Vladivostok, and the model's work per pan/zoom
    frame.  The map widget adds its painting (map_render_ms, frame times) to these."""
    from desktop.geo.bench import bench_map

    db = ContentDB(bundled_content_db())
    try:
        return bench_map(db)
    finally:
        db.close()


def bench_map_view() -> dict:
    """The map widget's figures (``desktop.ui.map_bench``): first paint at 1366 x 768,
    opening the map, pan and zoom frames.  In a process of its own: it needs a
    QApplication, and this process already has a QGuiApplication."""
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run([sys.executable, "-m", "desktop.ui.map_bench"], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Run every benchmark, print one JSON line, write build/bench.json."""
    OUT_DIR.mkdir(exist_ok=True)
    results: dict = {}
    # Start-up first, while this process is still small; the in-process benchmarks below
    # load a 100,000-record index and a Qt application.
    results.update(bench_startup())
    results.update(bench_build())
    results.update(bench_search())
    results.update(quality.bench_search_quality())
    results.update(bench_pages())
    results.update(bench_checklist_pdf())
    results.update(bench_map_model())
    results.update(bench_map_view())
    results.update(bench_bundle())
    results["within_budget"] = {key: results[key] <= limit for key, limit in BUDGETS.items()
                                if key in results}
    results["within_budget"].update(quality.quality_within_goals(results))
    for key, limit in MAP_BUDGETS.items():
        if key in results:
            results["within_budget"][key] = results[key]["p95"] <= limit
    if "bundle_mb" in results:
        results["within_budget"]["bundle_mb"] = results["bundle_mb"] <= BUNDLE_BUDGET_MB
    line = json.dumps(results, sort_keys=True)
    (OUT_DIR / "bench.json").write_text(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
