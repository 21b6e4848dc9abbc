"""What a screen reader gets, read through Qt's own accessibility API.

The same tree AT-SPI (Orca), UI Automation and VoiceOver are given: interfaces from
``QAccessible.queryAccessibleInterface``, walked child by child, with their roles, names
and states.  Events are the ones the app posts (``desktop.ui.announce.watch``: PySide6 has
no ``QAccessible.installUpdateHandler``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface, QGuiApplication
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton, QWidget

from desktop.ui import announce
from desktop.ui.announce import Heard, Notice

Role = QAccessible.Role
Event = QAccessible.Event
NAME = QAccessible.Text.Name
ACTIVE = {Role.Link, Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ButtonMenu,
          Role.ComboBox}
POOR = re.compile(r"^\W*$|^\[.*\]$|^(…|x|×|button|link|label|item|page|progress bar)$", re.I)
JUNK = ("\ufdd0", "\ufdd1", "\u2028", "\ufffc")


def tree(iface: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    """``iface`` and every object below it that is not hidden, parents first."""
    if iface is None or not iface.isValid() or iface.state().invisible or depth > 40:
        return
    yield iface
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None:
            assert iface.indexOfChild(child) == i, iface.text(NAME)
            yield from tree(child, depth + 1)


def active_names(window) -> list[str]:
    """The names of the window's links, buttons, boxes and combo boxes."""
    root = QAccessible.queryAccessibleInterface(window)
    return [o.text(NAME) for o in tree(root) if o.role() in ACTIVE]


def page(window) -> QAccessibleInterface:
    return QAccessible.queryAccessibleInterface(window.page)


def links(window) -> list[QAccessibleInterface]:
    return [o for o in tree(page(window)) if o.role() == Role.Link]


@pytest.fixture
def heard():
    """The accessibility events the app posts during the test."""
    events: list[Heard] = []
    stop = announce.watch(events.append)
    yield events
    stop()


@pytest.fixture
def active(window, qtbot):
    """The window, active (so the keyboard focus and Tab work offscreen)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def said(heard: list[Heard]) -> list[str]:
    return [h.message for h in heard if h.type == Event.Announcement]


@pytest.mark.parametrize("screen", ["overview", "route", "checklist", "planner"])
def test_every_link_and_button_has_a_meaningful_unique_name(window, services, screen):
    if screen == "route":
        window.open_record("route", "ru-ge-upper-lars")
    elif screen == "checklist":
        window.open_record("checklist", services.content.list("checklist")[0]["id"])
    elif screen == "planner":
        window.show_planner()
    names = active_names(window)
    assert len(names) >= 8
    poor = [n for n in names if POOR.match(n.strip())]
    assert not poor
    repeated = [n for n, count in Counter(names).items() if count > 1]
    assert not repeated
    if screen in ("overview", "route"):
        assert len(links(window)) == window.page.body().count("<a ")


def test_page_is_a_document_of_headings_tables_and_links(window):
    window.open_record("route", "ru-ge-upper-lars")
    doc = page(window)
    assert doc.role() == Role.Document
    assert doc.text(NAME) == "Upper Lars – Dariali"
    objects = list(tree(doc))
    roles = Counter(o.role() for o in objects)
    assert roles[Role.Heading] >= 3 and roles[Role.Table] >= 1 and roles[Role.Cell] >= 4
    headings = [o.text(NAME) for o in objects if o.role() == Role.Heading]
    assert headings[0].startswith("Upper Lars – Dariali")
    for o in objects:
        assert not any(j in o.text(NAME) for j in JUNK), repr(o.text(NAME))
    table = next(o for o in objects if o.role() == Role.Table)
    row = table.child(0)
    assert row.role() == Role.Row and row.childCount() == 2
    assert [row.child(i).role() for i in range(2)] == [Role.Cell, Role.Cell]
    for link in links(window):
        assert link.state().focusable
        assert link.rect().intersects(doc.rect()) or link.rect().top() > doc.rect().top()


def test_copy_links_say_what_they_copy_and_press_copies(window, heard, qtbot):
    copies = [o for o in links(window) if o.text(NAME).startswith("Copy ")]
    names = [o.text(NAME) for o in copies]
    assert "Copy emergency number 112" in names
    assert any(n.startswith("Copy phone number +7 495 728-50-00 of U.S. Embassy Moscow")
               for n in names)
    target = copies[names.index("Copy emergency number 112")]
    actions = target.actionInterface()
    assert QAccessible.queryAccessibleInterface(window.page).childCount()
    assert actions.pressAction() in actions.actionNames()
    actions.doAction(actions.pressAction())
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "112", timeout=2000)
    assert "Copied: 112" in said(heard)


def test_tab_through_page_links_is_spoken(active, heard, qtbot):
    window = active
    window.page.setFocus()
    expected = [o.text(NAME) for o in links(window)]
    spoken = []
    for _ in range(4):
        heard.clear()
        qtbot.keyClick(window.page, Qt.Key.Key_Tab)
        focus = [h for h in heard if h.type == Event.Focus]
        assert focus and focus[-1].role == Role.Link
        spoken.append(focus[-1].name)
        current = page(window).focusChild()
        assert current is not None and current.text(NAME) == spoken[-1]
        assert current.state().focused and not page(window).state().focused
    assert spoken == expected[:4]
    for _ in range(30):  # on to a link that opens a page (not a copy or set-up link)
        if not spoken[-1].startswith(("Copy", "Choose")):
            break
        qtbot.keyClick(window.page, Qt.Key.Key_Tab)
        spoken.append(page(window).focusChild().text(NAME))
    qtbot.keyClick(window.page, Qt.Key.Key_Return)  # Enter opens the link Tab is on
    assert window.windowTitle() != "Overview — Safe Passage"


def test_opening_a_page_is_spoken(active, heard, qtbot):
    window = active
    window.search.focus_search()
    qtbot.keyClicks(window.search.field, "lars")
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0, timeout=2000)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.windowTitle() == "Upper Lars – Dariali — Safe Passage"
    assert said(heard)[-1] == "Upper Lars – Dariali"
    assert page(window).text(NAME) == "Upper Lars – Dariali"
    # following a link from inside the page: the page keeps the focus and is named anew
    window.page.setFocus()
    heard.clear()
    window.page.open_link("sp://country/RU")
    focus = [h for h in heard if h.type == Event.Focus]
    assert focus and focus[-1].role == Role.Document and focus[-1].name == "Russia"


def test_arrowing_in_sections_list_is_not_said_twice(active, heard, qtbot):
    window = active
    window.sections_pane.sections.setFocus()
    qtbot.keyClick(window.sections_pane.sections, Qt.Key.Key_Down)
    assert window.location != ("overview", "")
    assert not said(heard)  # the list item just spoken is the page's name


def test_old_page_objects_are_gone_after_a_page_change(window):
    old = [QAccessible.uniqueId(link) for link in links(window)]
    assert old
    window.open_record("route", "ru-ge-upper-lars")
    assert all(QAccessible.accessibleInterface(i) is None for i in old)
    assert links(window)


def test_a_listening_reader_is_told_which_page_objects_went_and_came(window, heard):
    before = page(window).childCount()
    QAccessible.setActive(True)
    try:
        for _ in range(3):  # back and forth: nothing stale, nothing crashes
            window.open_record("route", "ru-ge-upper-lars")
            window.show_overview()
    finally:
        QAccessible.setActive(False)
    gone = [h for h in heard if h.type == Event.ObjectDestroyed]
    came = [h for h in heard if h.type == Event.ObjectCreated]
    assert len(gone) == len(came) and page(window).childCount() == before
    names = {h.name for h in came}
    assert "Emergency numbers" in names
    assert any(name.startswith("Upper Lars – Dariali") for name in names)


def test_status_messages_are_announced(active, heard, qtbot):
    window = active
    window.open_record("route", "ru-ge-upper-lars")
    window.toggle_bookmark()
    assert said(heard)[-1] == "Bookmarked"
    window.search.focus_search()
    qtbot.keyClicks(window.search.field, "zzqxq")
    qtbot.waitUntil(lambda: "No results for “zzqxq”." in said(heard), timeout=3000)
    assert [m for m in said(heard) if m.startswith("No results")] == ["No results for “zzqxq”."]


def test_arrowing_results_from_the_field_says_the_result(active, heard, qtbot):
    window = active
    window.search.focus_search()
    qtbot.keyClicks(window.search.field, "lars")
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 1, timeout=2000)
    heard.clear()
    qtbot.keyClick(window.search.field, Qt.Key.Key_Down)
    rows = window.search.model.rowCount()
    second = window.search.model.index(1, 0)
    assert said(heard)[-1].startswith(f"{second.data()}, 2 of {rows}.")
    assert any(h.type == Event.ActiveDescendantChanged for h in heard)
    item = QAccessible.queryAccessibleInterface(window.search.results).child(1)
    assert item.text(QAccessible.Text.Description)  # the snippet
    clear = window.search.field.findChild(QToolButton)
    assert QAccessible.queryAccessibleInterface(clear).text(NAME) == "Clear search"


def test_checklist_title_progress_and_forward_tab(active, services, heard, qtbot):
    window = active
    checklist = services.content.list("checklist")[0]
    window.open_record("checklist", checklist["id"])
    view = window.views.checklist
    title = QAccessible.queryAccessibleInterface(view.title_label)
    assert (title.role(), title.text(NAME)) == (Role.Heading, view.record.title)
    bar = QAccessible.queryAccessibleInterface(view.progress_bar)
    assert bar.text(NAME) == "Items done"
    boxes = list(view.item_boxes.values())
    # a detail with a link in it is on the way too (its link opens by keyboard)
    stops = [w for w in view.items_box.findChildren(QWidget)
             if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert set(boxes) <= set(stops)
    window.sections_pane.records.setFocus()
    reached = []
    while len([w for w in reached if w in boxes]) < len(boxes) and len(reached) < 3 * len(
            stops):  # (a label with a link takes one Tab for itself, one for its link)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert list(dict.fromkeys(w for w in reached if w in boxes)) == boxes
    assert reached[0] is boxes[0]
    qtbot.keyClick(boxes[0], Qt.Key.Key_Space)
    assert said(heard)[-1] == f"1 of {len(boxes)} items done"


def test_planner_table_is_left_with_one_tab(active, qtbot):
    window = active
    window.show_planner()
    planner = window.views.planner
    heading = next(o for o in tree(QAccessible.queryAccessibleInterface(planner))
                   if o.role() == Role.Heading)
    assert heading.text(NAME) == "Route planner"
    planner.table.setFocus()
    qtbot.keyClick(planner.table, Qt.Key.Key_Tab)
    assert not planner.isAncestorOf(QApplication.focusWidget())


def test_toolbar_buttons_are_reached_by_tab(window):
    tools = window.findChild(QToolBar, "navigation")
    buttons = [tools.widgetForAction(a) for a in tools.actions()]
    assert len(buttons) == 8
    for button in buttons:
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert not button.focusPolicy() & Qt.FocusPolicy.ClickFocus


def test_announcement_fallback_is_a_status_bar_notification(window, heard):
    announce.announce(window, "Copied: 112", use_event=False)
    notice = window.statusBar().findChild(Notice)
    assert notice is not None and notice.isVisible()
    iface = QAccessible.queryAccessibleInterface(notice)
    assert (iface.role(), iface.text(NAME)) == (Role.Notification, "Copied: 112")
    assert not said(heard)
