"""What the window shows for a location: overview, section index, planner or a record.

Views other than the page (planner, checklist) are created on first use, so start-up only
builds the overview.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from desktop.content.schema import PAGE_KINDS
from desktop.errors import NotFoundError
from desktop.storage.content_db import ContentDB
from desktop.ui.overview import (
    SECTION_KINDS,
    SECTIONS,
    bookmarks_html,
    overview_html,
    section_html,
    section_records,
)
from desktop.ui.pages import page_html

KIND_SECTION = {kind: name for name, kind in SECTIONS if kind}


def section_location(name: str) -> tuple[str, str]:
    """The location a section name stands for."""
    if name == "Overview":
        return ("overview", "")
    if name == "Route planner":
        return ("planner", "")
    return ("section", name)


def _select_section(w, name: str | None) -> None:  # noqa: ANN001 - MainWindow
    names = [n for n, _ in SECTIONS]
    w.sections.blockSignals(True)
    if name in names:
        w.sections.setCurrentRow(names.index(name))
    else:
        w.sections.clearSelection()
    w.sections.blockSignals(False)


def _fill_records(w, name: str, items: list[tuple[str, str, str]],  # noqa: ANN001
                  current: tuple[str, str] | None = None) -> None:
    if getattr(w, "_records_section", None) != name:
        w.records.clear()
        for kind, ident, title in items:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, (kind, ident))
            w.records.addItem(item)
        w._records_section = name
    w.records.setVisible(w.records.count() > 0)
    w.records.blockSignals(True)
    w.records.clearSelection()
    for row in range(w.records.count()):
        if current and tuple(w.records.item(row).data(Qt.ItemDataRole.UserRole)) == current:
            w.records.setCurrentRow(row)
    w.records.blockSignals(False)


def _kind_items(content: ContentDB, kind: str) -> tuple[list[dict], list[tuple[str, str, str]]]:
    records = section_records(content, kind)
    return records, [(kind, r["id"], content.title(kind, r)) for r in records]


def show(w, kind: str, ident: str) -> None:  # noqa: ANN001 - MainWindow
    """Show a location in the window ``w``."""
    content, s = w.services.content, w.settings
    if kind == "section" and ident in ("Overview", "Route planner"):
        kind, ident = section_location(ident)
    if kind == "overview":
        _select_section(w, "Overview")
        _fill_records(w, "Overview", [])
        w.page.show_html(overview_html(content, country=s.country, passports=s.passports,
                                       city_id=s.city))
        w.stack.setCurrentWidget(w.page)
    elif kind == "planner":
        _select_section(w, "Route planner")
        _fill_records(w, "Route planner", [])
        _show_planner(w)
    elif kind == "section":
        if ident == "Bookmarks":
            marks = w.services.user.bookmarks()
            w._records_section = None
            _fill_records(w, "Bookmarks", [(b["kind"], b["record_id"], b["title"])
                                           for b in marks])
            w.page.show_html(bookmarks_html(marks))
        elif ident in SECTION_KINDS:
            records, items = _kind_items(content, SECTION_KINDS[ident])
            _fill_records(w, ident, items)
            w.page.show_html(section_html(content, ident, records))
        else:
            raise NotFoundError(f"There is no section called '{ident}'.")
        _select_section(w, ident)
        w.stack.setCurrentWidget(w.page)
    elif kind in PAGE_KINDS:
        _show_record(w, kind, ident)
    else:
        raise NotFoundError(f"Unknown page '{kind}/{ident}'.")


def _show_record(w, kind: str, ident: str) -> None:  # noqa: ANN001
    content = w.services.content
    section = KIND_SECTION.get(kind)
    if w.location == ("section", "Bookmarks") or getattr(w, "_records_section", "") == "Bookmarks":
        _fill_records(w, "Bookmarks", [], (kind, ident))
        section = "Bookmarks"
    elif section:
        _fill_records(w, section, _kind_items(content, kind)[1], (kind, ident))
    _select_section(w, section)
    if kind == "checklist":
        _show_checklist(w, ident)
        return
    w.page.show_html(page_html(content, kind, ident, passport=w.settings.passport))
    w.stack.setCurrentWidget(w.page)


def _show_planner(w) -> None:  # noqa: ANN001
    if w.planner is None:
        from desktop.ui.planner import PlannerView

        w.planner = PlannerView(w.services.content, w.settings.passport, w.settings.city, w)
        w.planner.route_activated.connect(lambda rid: w.open_record("route", rid))
        w.planner.choice_changed.connect(w.update_choice)
        w.stack.addWidget(w.planner)
    w.stack.setCurrentWidget(w.planner)


def _show_checklist(w, ident: str) -> None:  # noqa: ANN001
    """Show the interactive checklist (ticks, own items, print buttons)."""
    from desktop.ui.checklist_view import ChecklistView

    content = w.services.content
    content.get("checklist", ident)  # a missing checklist is a NotFoundError, not a crash
    if w.checklist is not None:
        w.stack.removeWidget(w.checklist)
        w.checklist.deleteLater()
    w.checklist = ChecklistView(content, w.services.user, ident, w)
    w.stack.addWidget(w.checklist)
    w.stack.setCurrentWidget(w.checklist)


def copy_value(content: ContentDB, path: str) -> str:
    """The value a ``copy:KIND/ID/FIELD[/N]`` button stands for ('' if none)."""
    parts = path.split("/")
    if len(parts) < 3:
        return ""
    kind, ident, field = parts[:3]
    record = content.get(kind, ident)
    if field == "phone":
        index = int(parts[3]) if len(parts) > 3 and parts[3].isdigit() else 0
        phones = record.get("phones") or []
        return phones[index]["display"] if index < len(phones) else ""
    value = record.get(field)
    return str(value) if value else ""


__all__ = ["SECTIONS", "copy_value", "section_location", "show"]
