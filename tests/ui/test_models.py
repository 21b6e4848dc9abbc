"""Item models checked with pytest-qt's qtmodeltester, and the page builders."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.planner import plan_routes
from desktop.ui.models import HTML_ROLE, ID_ROLE, KIND_ROLE, RoutesTableModel, SearchResultsModel


def test_routes_model(qtmodeltester, services):
    model = RoutesTableModel()
    city = services.content.get("city", "moscow")
    routes = plan_routes(services.content, city=city, passports=["US"])
    model.set_routes(routes, {"GE": "Georgia"})
    qtmodeltester.check(model)
    assert model.rowCount() == len(routes) >= 3
    assert model.headerData(model.ENTRY, Qt.Orientation.Horizontal) == "Entry for your passport"
    row = [model.route(r)["id"] for r in range(model.rowCount())].index("ru-ge-upper-lars")
    assert model.index(row, model.ROUTE).data().endswith("\nto Georgia")
    assert model.index(row, model.DISTANCE).data().startswith("Road\n")
    assert model.index(row, model.STATUS).data() == "Open\nas of 28 Sep 2022"
    assert model.index(row, model.ENTRY).data() == "Visa-free, 365 days (US passport)"
    assert model.index(row, model.REACH).data() == "Can go now\nOpen"
    assert model.index(row, 0).data(Qt.ItemDataRole.UserRole) == "ru-ge-upper-lars"


def test_routes_model_marks_blocked(qtmodeltester, qapp, services):
    city = services.content.get("city", "moscow")
    route = next(r for r in plan_routes(services.content, city=city, passports=["US"])
                 if r["id"] == "ru-ge-upper-lars")
    route = {**route, "status": "closed", "reach": "closed", "reach_reason": "Closed",
             "blocked": True}
    model = RoutesTableModel()
    model.set_routes([route])
    qtmodeltester.check(model)
    assert model.index(0, model.STATUS).data().startswith("Closed")
    assert model.index(0, model.ROUTE).data(Qt.ItemDataRole.FontRole).strikeOut()
    text = model.index(0, model.ROUTE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "closed" in text
    # the greyed-out row is drawn in the theme's own readable colours
    from PySide6.QtWidgets import QApplication

    from desktop.ui.theme import apply_theme, colours

    app = QApplication.instance()
    try:
        for theme in ("dark", "high-contrast", "light"):
            apply_theme(app, theme)
            status = model.index(0, model.STATUS).data(Qt.ItemDataRole.ForegroundRole)
            name = model.index(0, model.ROUTE).data(Qt.ItemDataRole.ForegroundRole)
            assert status.name() == colours(theme)["closed"]
            assert name.name() == colours(theme)["muted"]
    finally:
        apply_theme(app, "light")


def test_search_results_model(qtmodeltester, services):
    model = SearchResultsModel()
    model.set_hits(services.search.search("lars").hits)
    qtmodeltester.check(model)
    index = model.index(0, 0)
    assert index.data(KIND_ROLE) == "route"
    assert index.data(ID_ROLE) == "ru-ge-upper-lars"
    assert index.data().startswith("Exit route: ")
    assert "<b>" in index.data(HTML_ROLE)
    model.set_hits([])
    qtmodeltester.check(model)


def test_one_column_keeps_every_column_and_says_closed(bundled_content):
    """On a narrow table each way out is one cell: its columns as lines, the status
    named, and a closed route still said to be closed."""
    model = RoutesTableModel()
    city = bundled_content.get("city", "moscow")
    model.set_routes(plan_routes(bundled_content, city=city, passports=["US"]))
    wide = [model.index(0, c).data() for c in range(model.columnCount())]
    model.set_one_column(True)
    assert model.columnCount() == 1
    cell = model.index(0, 0).data()
    assert cell.splitlines()[0] == wide[model.REACH].replace("\n", " · ")
    assert f"Status: {wide[model.STATUS]}".replace("\n", " · ") in cell
    blocked = next(r for r in range(model.rowCount()) if model.route(r)["blocked"])
    said = model.index(blocked, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert said.endswith("(closed or not advised)")
