"""Two copies of the app open on the same user data: what one saves, the other never
undoes.  Each window saves only what was changed in it (its note, the settings it
changed), never a stale copy of the rest over what the other copy saved meanwhile."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.services import open_services
from desktop.ui.main_window import MainWindow


@pytest.fixture
def second(services, fixture_db, user_dirs, qtbot):
    """A second window with its own services on the same user folder."""
    other = open_services(user_dirs, content_db=fixture_db)
    win = MainWindow(other)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.notes.timer.stop()
    other.close()


def test_a_note_saved_by_the_other_copy_is_not_erased(window, second, services) -> None:
    for win in (window, second):
        win.open_record("country", "RU")
    second.notes.editor.setPlainText("Embassy appointment Tuesday 10:00")
    second.notes.save()
    window.open_record("country", "FI")  # the first copy leaves the page it never edited
    assert services.user.note("country", "RU") == "Embassy appointment Tuesday 10:00"
    window.open_record("country", "RU")
    assert window.notes.editor.toPlainText() == "Embassy appointment Tuesday 10:00"


def test_a_note_edited_here_is_still_saved(window, services) -> None:
    window.open_record("country", "RU")
    window.notes.editor.setPlainText("mine")
    window.open_record("country", "FI")
    assert services.user.note("country", "RU") == "mine"
    window.open_record("country", "RU")
    window.notes.editor.setPlainText("")
    window.notes.save()
    assert services.user.note("country", "RU") == ""


def test_a_setting_changed_by_the_other_copy_is_kept(window, second, services) -> None:
    second.set_theme("dark")
    window.update_choice(["GB"], window.settings.city)  # the first changes passports only
    window.change_font_scale(+0.25)
    stored = services.user.settings()
    assert (stored.theme, stored.passports, stored.font_scale) == ("dark", ["GB"], 1.25)
    window.close()  # closing saves the window's size, and nothing else
    assert services.user.settings().theme == "dark"


def test_save_settings_with_before_writes_only_the_changes(services) -> None:
    user = services.user
    before = user.settings()
    # another copy of the app changes the theme meanwhile
    user.conn.execute("INSERT OR REPLACE INTO settings VALUES ('theme', '\"dark\"')")
    user.save_settings(dataclasses.replace(before, city="vladikavkaz"), before=before)
    stored = user.settings()
    assert (stored.theme, stored.city) == ("dark", "vladikavkaz")
