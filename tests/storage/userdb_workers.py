"""Worker processes for the user-DB concurrency tests (imported by the spawned children).

Each worker is started once and then runs many rounds: it takes a path from its own queue,
waits at the shared barrier (so every worker opens the file at the same moment), opens
``UserDB``, adds one own item named after itself and reports what it saw.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def open_and_write(name: str, tasks, results, barrier) -> None:  # noqa: ANN001
    """Worker loop: one open-and-write per task until it gets None."""
    from desktop.storage.user_db import UserDB

    while (path := tasks.get()) is not None:
        barrier.wait()
        try:
            db = UserDB(path)
            try:
                db.add_own_item("leaving", name)
                results.put({"name": name, "read_only": db.read_only,
                             "backup": str(db.recovered_backup or ""), "error": ""})
            finally:
                db.close()
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            results.put({"name": name, "read_only": None, "backup": "",
                         "error": f"{type(exc).__name__}: {exc}"})


class Pool:
    """Worker processes started once; ``round(path)`` makes all of them open ``path``."""

    def __init__(self, count: int):
        ctx = mp.get_context("spawn")
        self.barrier = ctx.Barrier(count)
        self.results = ctx.Queue()
        self.queues = [ctx.Queue() for _ in range(count)]
        self.procs = [ctx.Process(target=open_and_write,
                                  args=(f"worker-{n}", q, self.results, self.barrier),
                                  daemon=True)
                      for n, q in enumerate(self.queues)]
        for proc in self.procs:
            proc.start()

    def round(self, path: Path, timeout: float = 60) -> list[dict]:
        """Every worker opens ``path`` at once; their reports, sorted by name."""
        for queue in self.queues:
            queue.put(str(path))
        deadline = time.monotonic() + timeout
        reports = [self.results.get(timeout=max(0.1, deadline - time.monotonic()))
                   for _ in self.queues]
        return sorted(reports, key=lambda r: r["name"])

    def close(self) -> None:
        """Stop the workers."""
        for queue in self.queues:
            queue.put(None)
        for proc in self.procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()


@contextmanager
def pool(count: int = 2) -> Iterator[Pool]:
    """A started ``Pool``, stopped afterwards."""
    workers = Pool(count)
    try:
        yield workers
    finally:
        workers.close()
