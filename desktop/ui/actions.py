"""The main window's actions, menus and tool bar (every command has a menu entry)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from desktop.ui.lazy_qt import set_props
from desktop.ui.theme import THEMES

if TYPE_CHECKING:  # the window imports this module
    from desktop.ui.main_window import MainWindow

StdKey = QKeySequence.StandardKey


def _action(window: QMainWindow, text: str, slot: Callable[..., object],
            keys: list[QKeySequence | str] | None = None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if keys:
        # A standard key is often the same as a spelled-out one (Print is Ctrl+P on most
        # desktops): two equal shortcuts on one action make Qt call it ambiguous.
        unique = {QKeySequence(k).toString(): QKeySequence(k) for k in keys}
        action.setShortcuts([seq for text_, seq in unique.items() if text_])
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


def shortcut_list(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(what, keys) for every action that has a shortcut, as the menus name them."""
    rows = []
    for action in actions.values():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in action.shortcuts())
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…"), keys))
    return rows


def build_actions(w: MainWindow) -> dict[str, QAction]:
    """Create every action of the main window ``w`` and its menus and tool bar."""
    a: dict[str, QAction] = {
        "print": _action(w, "&Print…", lambda: w.print_document("print", "page"),
                         [StdKey.Print, "Ctrl+P"], "Print the page shown"),
        "help": _action(w, "&How to use Safe Passage", w.show_help,
                        [StdKey.HelpContents, "F1"]),
        "shortcuts": _action(w, "&Keyboard shortcuts", w.show_shortcuts),
        "preview": _action(w, "Print pre&view…", lambda: w.print_document("preview", "page")),
        "pdf": _action(w, "&Export PDF…", lambda: w.print_document("pdf", "page"),
                       ["Ctrl+Shift+E"], "Save the page shown as a PDF file"),
        "contacts": _action(w, "Print &contact sheet…",
                            lambda: w.print_document("preview", "contacts")),
        "card": _action(w, "Print &wallet card…", lambda: w.print_document("preview", "card")),
        "packs": _action(w, "Content p&acks…", w.open_packs),
        "wipe": _action(w, "&Delete all my data…", w.wipe_data),
        "quit": _action(w, "&Quit", w.close, ["Ctrl+Q"]),
        "find": _action(w, "&Find…", w.search.focus_search, ["Ctrl+F", "Ctrl+K"],
                        "Search everything"),
        "copy_page": _action(w, "&Copy page text", w.copy_page_text),
        "settings": _action(w, "&Settings…", w.open_settings, ["Ctrl+,"]),
        "back": _action(w, "&Back", w.go_back, ["Alt+Left"]),
        "forward": _action(w, "&Forward", w.go_forward, ["Alt+Right"]),
        "overview": _action(w, "&Overview", w.show_overview, ["Alt+Home"]),
        "planner": _action(w, "Route &planner", w.show_planner, ["Ctrl+R"]),
        "map": _action(w, "&Map of the ways out", lambda: w.go(("map", "")), ["Ctrl+Shift+M"],
                       "The ways out on a map"),
        "sections": _action(w, "&Sections", w.focus_sections, ["Ctrl+L"]),
        "side_pane": _action(w, "Show or &hide the side pane", w.toggle_side_pane, ["F9"]),
        "bookmark": _action(w, "&Bookmark this page", w.toggle_bookmark, ["Ctrl+D"]),
        "larger": _action(w, "&Larger text", lambda: w.change_font_scale(0.1),
                          [StdKey.ZoomIn, "Ctrl+="]),
        "smaller": _action(w, "S&maller text", lambda: w.change_font_scale(-0.1),
                           [StdKey.ZoomOut]),
        "reset_size": _action(w, "&Normal text size", lambda: w.change_font_scale(0),
                              ["Ctrl+0"]),
        "about": _action(w, "&About Safe Passage", w.show_about),
    }
    a["bookmark"].setCheckable(True)
    a["map"].setIconText("Map")
    group = QActionGroup(w)
    for key, label in THEMES.items():
        theme = _action(w, label, lambda _=False, k=key: w.set_theme(k))
        theme.setCheckable(True)
        group.addAction(theme)
        a[f"theme:{key}"] = theme

    bar = w.menuBar()
    menu = bar.addMenu("&File")
    for key in ("print", "preview", "pdf", None, "contacts", "card", None, "packs", None,
                "wipe", None, "quit"):
        menu.addSeparator() if key is None else menu.addAction(a[key])
    menu = bar.addMenu("&Edit")
    for key in ("find", "copy_page", None, "settings"):
        menu.addSeparator() if key is None else menu.addAction(a[key])
    menu = bar.addMenu("&Go")
    for key in ("back", "forward", None, "overview", "planner", "map", "sections", None,
                "bookmark"):
        menu.addSeparator() if key is None else menu.addAction(a[key])
    menu = bar.addMenu("&View")
    themes = menu.addMenu("&Theme")
    for key in THEMES:
        themes.addAction(a[f"theme:{key}"])
    for key in ("side_pane", None, "larger", "smaller", "reset_size"):
        menu.addSeparator() if key is None else menu.addAction(a[key])
    menu = bar.addMenu("&Help")
    for key in ("help", "shortcuts", None, "about"):
        menu.addSeparator() if key is None else menu.addAction(a[key])

    tools = QToolBar("Navigation", w)
    tools.setObjectName("navigation")
    tools.setMovable(False)
    set_props(tools, toolButtonStyle="ToolButtonTextBesideIcon")
    for key in ("back", "forward", "overview", "planner", "map", "bookmark", "print",
                "settings"):
        tools.addAction(a[key])
        # reachable by Tab too (not by click: a click leaves the focus where it was)
        set_props(tools.widgetForAction(a[key]), focusPolicy="TabFocus")
    w.addToolBar(tools)
    return a
