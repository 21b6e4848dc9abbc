"""Every acknowledged tick survives a SIGKILL of the process that made it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys
    from desktop.storage.user_db import UserDB

    db = UserDB(sys.argv[1])
    print("ready", flush=True)
    for n in range(100000):
        db.set_checked("leaving", f"item-{n}", True)
        print(f"ack {n}", flush=True)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_acknowledged_ticks_survive_sigkill(tmp_path):
    from desktop.storage.user_db import UserDB

    script = tmp_path / "ticker.py"
    script.write_text(SCRIPT, encoding="utf-8")
    path = tmp_path / "user.db"
    proc = subprocess.Popen([sys.executable, str(script), str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    acked: list[int] = []
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        while len(acked) < 40:
            line = proc.stdout.readline()
            assert line, "the ticker stopped early"
            acked.append(int(line.split()[1]))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()  # acks already in the pipe were committed too
        acked.extend(int(line.split()[1]) for line in rest.splitlines()
                     if line.startswith("ack "))
    finally:
        proc.kill()
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        raw.close()
    user = UserDB(path)
    try:
        assert user.recovered_backup is None
        saved = user.checked("leaving")
        missing = [n for n in acked if f"item-{n}" not in saved]
        assert not missing, f"acknowledged ticks lost: {missing[:5]}"
        assert len(saved) >= len(acked)
    finally:
        user.close()
