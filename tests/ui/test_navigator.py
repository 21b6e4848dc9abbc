"""The page history: back, forward, scroll positions, a page that cannot be shown."""

from __future__ import annotations

from desktop.ui.navigator import OVERVIEW, Navigator


def test_back_forward_and_scroll_positions(qapp):
    nav = Navigator()
    shown, states = [], []
    nav.navigated.connect(lambda loc, scroll: shown.append((loc, scroll)))
    nav.history_changed.connect(lambda back, fwd: states.append((back, fwd)))
    nav.go(OVERVIEW)
    nav.remember_scroll(120)
    nav.go(("guide", "money"))
    nav.remember_scroll(40)
    nav.back()
    assert shown[-1] == (OVERVIEW, 120)
    assert states[-1] == (False, True)
    nav.forward()
    assert shown[-1] == (("guide", "money"), 40)
    nav.back()
    nav.go(("route", "x"))  # a new page drops the forward history
    assert not nav.can_go_forward() and nav.current == ("route", "x")


def test_same_location_is_not_added_twice_and_drop_current(qapp):
    nav = Navigator()
    nav.go(OVERVIEW)
    nav.go(("guide", "money"))
    nav.go(("guide", "money"))
    nav.back()
    assert nav.current == OVERVIEW
    nav.forward()
    nav.go(("guide", "missing"))
    nav.drop_current()
    assert nav.current == ("guide", "money") and not nav.can_go_forward()
    nav.reset()
    nav.drop_current()
    assert nav.current == OVERVIEW
