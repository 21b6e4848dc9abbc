"""Starting on a disk that cannot be written: the saved data is shown, read-only, and the
person is told, in the window's banner and on the command line.

The disk is made unwritable for one process with RLIMIT_FSIZE (every write past one byte
fails, as on a full or read-only disk), which needs no root and no mount.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.storage.user_db import UserDB

ROOT = Path(__file__).resolve().parent.parent
ITEMS = 101

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")

START = textwrap.dedent("""
    import json, resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    from pathlib import Path
    from PySide6.QtWidgets import QApplication, QLabel
    from desktop.paths import AppPaths
    from desktop.pages.checklist import checklist_html
    from desktop.services import open_services
    from desktop.ui.main_window import MainWindow
    app = QApplication([])
    services = open_services(AppPaths.under(sys.argv[1]), content_db=Path(sys.argv[2]))
    window = MainWindow(services)
    window.show()
    app.processEvents()
    labels = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    html = checklist_html(services.content, services.user, "leaving")
    print(json.dumps({"labels": labels, "read_only": services.user.read_only,
                      "printed_items": sum(f">own item {n} " in html for n in range(ITEMS))}))
    services.close()
""").replace("ITEMS", str(ITEMS))


@pytest.fixture
def saved(tmp_path: Path) -> AppPaths:
    paths = AppPaths.under(tmp_path / "base")
    db = UserDB(paths.user_db)
    for n in range(ITEMS):
        db.add_own_item("leaving", f"own item {n}")
    db.close()
    return paths


def test_window_shows_the_saved_data_and_a_read_only_banner(saved: AppPaths, tmp_path: Path,
                                                            fixture_db: Path) -> None:
    before = saved.user_db.read_bytes()
    out = subprocess.run([sys.executable, "-c", START, str(tmp_path / "base"),
                          str(fixture_db)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1",
                                           "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["read_only"] and seen["printed_items"] == ITEMS
    assert any("can be read but not written" in label for label in seen["labels"])
    assert saved.user_db.read_bytes() == before


def test_cli_says_the_data_is_read_only(saved: AppPaths, tmp_path: Path,
                                        fixture_db: Path) -> None:
    script = textwrap.dedent("""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE,
                           (1, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        from desktop.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
    out = subprocess.run([sys.executable, "-c", script, "--basedir", str(tmp_path / "base"),
                          "--content-db", str(fixture_db), "search", "lars"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert out.stderr.startswith("warning: Your data file") and "not written" in out.stderr
    assert "Lars" in out.stdout
