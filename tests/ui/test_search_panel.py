"""The search panel's notes and next steps, over the fixture content (pytest-qt)."""

from __future__ import annotations

import pytest

from desktop.ui.search_panel import SearchPanel


@pytest.fixture
def panel(services, qtbot):
    widget = SearchPanel(services.search.search)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def search(panel: SearchPanel, text: str) -> None:
    panel.field.setText(text)
    panel.run_search()


def test_closest_results_are_named_with_next_steps(panel, qtbot) -> None:
    search(panel, "kazbegi embassy ")
    assert panel.model.rowCount() > 0
    assert panel.note.isVisible()
    assert panel.note.text() == ("No record has all of: kazbegi, embassy; showing the "
                                 "closest.")
    assert panel.steps.isVisible()
    assert "Search for “" in panel.steps.text() and "browse:" in panel.steps.text()


def test_search_step_searches_the_kept_words(panel, qtbot) -> None:
    search(panel, "kazbegi embassy ")
    link = next(part.split("'")[1] for part in panel.steps.text().split("<a href=")[1:]
                if part.startswith("'search:"))
    panel.steps.linkActivated.emit(link)
    assert panel.field.text().strip() in ("kazbegi", "embassy")
    assert not panel.note.isVisible()


def test_browse_step_asks_for_the_section(panel, qtbot) -> None:
    search(panel, "zzzqx hotline ")
    assert panel.note.text() == "Nothing has “zzzqx”; showing results without it."
    assert "Browse Contacts" in panel.steps.text()
    with qtbot.waitSignal(panel.browse_requested) as signal:
        panel.steps.linkActivated.emit("browse:contact")
    assert signal.args == ["contact"]


def test_found_enough_says_nothing(panel) -> None:
    search(panel, "russia")
    assert panel.model.rowCount() >= 3
    assert not panel.note.isVisible() and not panel.steps.isVisible()


def test_few_results_offer_the_section(panel) -> None:
    search(panel, "upper lars")
    assert 0 < panel.model.rowCount() < 3
    assert not panel.note.isVisible()
    assert panel.steps.text() == "<a href='browse:route'>Browse Exit routes</a>"


def test_nothing_found(panel) -> None:
    search(panel, "qqqqzzzz ")
    assert panel.model.rowCount() == 0
    assert panel.note.text() == "No results for “qqqqzzzz”."
    assert not panel.steps.isVisible()


def test_clearing_hides_notes_and_steps(panel) -> None:
    search(panel, "kazbegi embassy ")
    panel.clear()
    assert not panel.note.isVisible() and not panel.steps.isVisible()


def test_browse_from_the_window_opens_the_section(window, qtbot) -> None:
    window.search.field.setText("zzzqx hotline ")
    window.search.run_search()
    window.search.steps.linkActivated.emit("browse:contact")
    assert window.location == ("section", "Contacts")
    assert window.search.field.text() == ""


def test_a_pasted_page_is_cut_and_the_note_says_so(panel, qtbot) -> None:
    from desktop.search.syntax import MAX_QUERY_CHARS

    panel.field.setText("kazbegi " + "lars " * 100_000)
    assert len(panel.field.text()) <= MAX_QUERY_CHARS + 1  # one more: the cut is noticed
    panel.run_search()
    assert panel.model.rowCount() > 0
    assert panel.note.text().startswith(
        f"Only the first {MAX_QUERY_CHARS} characters were searched.")
