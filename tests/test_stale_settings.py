"""Settings saved with other content (a content pack for another country, or a city the
new pack no longer has): the CLI and the window's printouts answer for the content's own
place, as the overview does, instead of failing with "No country with id …"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.planner import place
from desktop.storage.content_db import ContentDB
from desktop.storage.user_db import UserDB

ROOT = Path(__file__).resolve().parent.parent
ELSEWHERE = {"country": "UA", "city": "kyiv"}  # not in the fixture content


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A user folder whose settings name a country and city the content lacks."""
    base = tmp_path / "home"
    user = UserDB(AppPaths.under(base).user_db)
    settings = user.settings()
    settings.country, settings.city = ELSEWHERE["country"], ELSEWHERE["city"]
    user.save_settings(settings)
    user.close()
    return base


def run(base: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", "--basedir", str(base),
                           "--content-db", str(db), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_place_keeps_what_the_content_has_and_replaces_the_rest(fixture_db: Path) -> None:
    content = ContentDB(fixture_db)
    try:
        assert place(content, "GE", "vladikavkaz") == ("GE", "")  # Georgia: no city
        assert place(content, "RU", "vladikavkaz") == ("RU", "vladikavkaz")
        country, city = place(content, "UA", "kyiv")
        assert country == content.meta["home_country"] == "RU"
        assert city in {c["id"] for c in content.list("city", country="RU")}
    finally:
        content.close()


def test_cli_plan_and_printouts_use_the_contents_place(elsewhere: Path, fixture_db: Path,
                                                       tmp_path: Path) -> None:
    """Before: 'error: No city with id 'kyiv'.' and 'No country with id 'UA'.'"""
    planned = run(elsewhere, fixture_db, "plan", "--json")
    assert planned.returncode == 0, planned.stderr
    assert json.loads(planned.stdout)  # the ways out from a city of the content
    for what in ("card", "contacts"):
        out = tmp_path / f"{what}.pdf"
        printed = run(elsewhere, fixture_db, "print", what, "--pdf", str(out))
        assert printed.returncode == 0 and out.read_bytes().startswith(b"%PDF"), \
            printed.stderr
    # what is asked for explicitly is still checked
    asked = run(elsewhere, fixture_db, "plan", "--city", ELSEWHERE["city"])
    assert asked.returncode == 2 and asked.stderr.startswith("error: No city")


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen
@pytest.mark.parametrize("what", ["card", "contacts", "page"])
def test_window_prints_for_the_contents_place(services, qtbot, monkeypatch, tmp_path: Path,
                                              what: str) -> None:
    """Before: a 'No country with id …' box (card, contacts) or 'This content has no
    cities to plan from.' (the planner's page)."""
    from desktop.ui import print_dialogs
    from desktop.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.settings.country, window.settings.city = ELSEWHERE["country"], ELSEWHERE["city"]
    target = tmp_path / f"{what}.pdf"
    monkeypatch.setattr(print_dialogs, "ask_pdf_path", lambda *a: target)
    if what == "page":
        window.show_planner()
    window.print_document("pdf", what)
    assert target.read_bytes().startswith(b"%PDF")
