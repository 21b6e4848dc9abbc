"""The main window: composes its parts and shows what the navigator points at.

Parts with their own state talk by signals: the search panel (``open_requested``), the
sections pane (``location_requested``), the navigator (``navigated``: history and scroll
positions), the notes pane (saves itself), the page view (``internal_link``,
``copy_requested``), the views (``route_activated``, ``choice_changed``,
``print_requested``).  What a location shows comes from ``desktop.pages`` (Qt-free); the
planner, the map and a checklist are interactive views made on first use (``views.py``).
Dialogs return values; the window applies them.
"""

from __future__ import annotations

import contextlib
import copy
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QVBoxLayout, QWidget

from desktop import APP_NAME
from desktop.content.schema import PAGE_KINDS
from desktop.errors import UserFacingError
from desktop.pages.locations import Shown, resolve
from desktop.pages.model import parse_link
from desktop.pages.overview import KIND_SECTION, SECTION_KINDS, hit_detail
from desktop.pages.records import copy_value
from desktop.paths import resources_dir
from desktop.planner import city_countries
from desktop.services import Services
from desktop.storage.user_db import Settings
from desktop.ui import geometry
from desktop.ui.actions import build_actions, shortcut_list
from desktop.ui.announce import announce
from desktop.ui.banner import Banner
from desktop.ui.lazy_qt import Qt
from desktop.ui.navigator import OVERVIEW, Location, Navigator
from desktop.ui.notes_pane import NotesPane
from desktop.ui.search_panel import SearchPanel
from desktop.ui.sections_pane import SectionsPane, section_location
from desktop.ui.status import ContentStatus
from desktop.ui.theme import apply_theme
from desktop.ui.util import user_errors
from desktop.ui.views import Views

if TYPE_CHECKING:  # types only: each Qt class costs start-up time when first named
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent, QShowEvent
    from PySide6.QtWidgets import QDialog

    from desktop.search.results import SearchResult


class MainWindow(QMainWindow):
    """The Safe Passage window."""

    def __init__(self, services: Services, *, content_db: Path | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._content_db = content_db
        self.settings = services.user.settings()
        self._saved_settings = copy.deepcopy(self.settings)  # as last read or saved
        self._packs_dialog = None
        self.first_run_dialog: QDialog | None = None
        self._fitted = False
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.navigator = Navigator(self)
        self._build()
        self.actions_ = build_actions(self)
        self.status = ContentStatus(self.statusBar())
        self.status.show(self.services.content)
        self._apply_style()
        self.navigator.navigated.connect(self._show)
        self.navigator.history_changed.connect(self._update_nav_actions)
        geometry.restore(self, self.splitter, self.settings)
        self.navigator.go(OVERVIEW)

    # -- construction -------------------------------------------------------------------
    def _build(self) -> None:
        self.search = SearchPanel(self._search, self, describe=self._describe_hit)
        self.sections_pane = SectionsPane(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.sections_pane, 1)
        self._left_layout = left_layout

        self.views = Views(self.services, self)
        self.page = self.views.page
        self.notes = NotesPane(self.services.user, self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.views, 1)
        right_layout.addWidget(self.notes)

        splitter = QSplitter(parent=self)  # horizontal (not named: see desktop.ui.lazy_qt)
        splitter.setObjectName("splitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, True)   # the side pane folds away on a small screen
        splitter.setCollapsible(1, False)
        self.splitter = splitter
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = Banner(self.services.warnings, self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.search.open_requested.connect(self.open_record)
        self.search.browse_requested.connect(self._browse_kind)
        self.search.active_changed.connect(self._on_search_active)
        self.sections_pane.location_requested.connect(self.go)
        self.page.internal_link.connect(self.follow_link)
        self.page.copy_requested.connect(self.copy_value)
        self.page.wide_changed.connect(self._on_wide_changed)
        self.views.route_activated.connect(lambda rid: self.open_record("route", rid))
        self.views.choice_changed.connect(self.update_choice)
        self.views.link_activated.connect(self.page.open_link)
        self.views.print_requested.connect(lambda mode: self.print_document(mode, "page"))
        for first, second in ((self.search.field, self.search.results),
                              (self.search.results, self.sections_pane.sections),
                              (self.sections_pane.sections, self.sections_pane.records),
                              (self.sections_pane.records, self.page),
                              (self.page, self.notes.editor)):
            QWidget.setTabOrder(first, second)

    @Slot()
    def toggle_side_pane(self) -> None:
        """Fold the search and sections pane away, or bring it back (F9)."""
        if geometry.toggle_side(self, self.splitter):
            self.search.focus_search()

    def _apply_style(self) -> None:
        """Theme and text size for every widget, the page and the interactive views."""
        scale = self.settings.font_scale
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.theme, scale)
        self.page.set_style(self.settings.theme, scale)
        self.actions_[f"theme:{self.settings.theme}"].setChecked(True)
        if self.views.rescale(scale) and self.location[0] in ("planner", "map", "checklist"):
            self.navigator.go(self.location)  # the view is made again at the new size

    def _describe_hit(self, kind: str, record_id: str) -> str:
        """A search hit's state under its title (a route's status and as-of date)."""
        return hit_detail(self.services.content, kind, record_id)

    def _search(self, text: str) -> SearchResult:
        return self.services.search.search(text, passports=self.settings.passports,
                                           limit=40)

    # -- navigation -----------------------------------------------------------------------
    @property
    def location(self) -> Location:
        """The location shown."""
        return self.navigator.current

    @Slot(object)
    def go(self, location: Location) -> None:
        """Show a location and add it to the history."""
        self.navigator.remember_scroll(self.views.scroll())
        self.navigator.go(tuple(location))

    @Slot()
    def go_back(self) -> None:
        """Back in the page history."""
        self.navigator.remember_scroll(self.views.scroll())
        self.navigator.back()

    @Slot()
    def go_forward(self) -> None:
        """Forward in the page history."""
        self.navigator.remember_scroll(self.views.scroll())
        self.navigator.forward()

    @Slot(object, int)
    def _show(self, location: Location, scroll: int) -> None:
        if not self._try_show(location, scroll) and location != OVERVIEW:
            self.navigator.drop_current()

    def _shown(self, location: Location) -> Shown:
        """What a location shows (the help page is the app's own, not content)."""
        kind, ident = location
        if kind == "help":
            from desktop.pages.help import help_html  # (F1 only: not at start-up)

            return Shown(None, [], "Help", help_html(resources_dir() / "help",
                                                     shortcut_list(self.actions_)))
        s = self.settings
        return resolve(self.services.content, location, country=s.country,
                       passports=s.passports, city=s.city,
                       bookmarks=self.services.user.bookmarks() if ident == "Bookmarks"
                       else [],
                       in_bookmarks=self.sections_pane.shown_section() == "Bookmarks",
                       confirmed=s.setup_done, wide=self.page.is_wide())

    @user_errors
    def _try_show(self, location: Location, scroll: int) -> bool:
        kind, ident = location
        s = self.settings
        shown = self._shown(location)
        if shown.view == "planner":
            self.views.show_planner(s.passports, s.city)
            self._tab_into(self.views.currentWidget())
        elif shown.view == "map":
            self.views.show_map(s.passports, s.city)
            self._tab_into(self.views.currentWidget())
        elif shown.view == "checklist":
            self.views.show_checklist(ident)
            self._tab_into(self.views.currentWidget())
        else:
            self.views.show_html(shown.html, scroll)
            if kind == "help" and ident:
                self.page.scrollToAnchor(ident)
        # the side panes follow once the view is shown (a view that cannot be made, such
        # as a map without its boundaries file, leaves everything as it was)
        self.notes.show_page(kind, ident)
        self.sections_pane.show_section(shown.section, shown.records, location)
        self.page.set_title(shown.title)
        self.setWindowTitle(f"{shown.title} — {APP_NAME}")
        self._say_page(shown.title)
        record = kind in PAGE_KINDS
        self.actions_["bookmark"].setEnabled(record)
        self.actions_["bookmark"].setChecked(
            record and self.services.user.is_bookmarked(kind, ident))
        return True

    def _tab_into(self, view: QWidget) -> None:
        """Tab goes from the section's list through ``view`` (made after the rest of the
        window, so last in Qt's focus chain) and on to the notes, as it does for pages."""
        inside, widget = [], view.nextInFocusChain()
        while widget is not view and len(inside) < 500:
            if view.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                inside.append(widget)
            widget = widget.nextInFocusChain()
        for first, second in zip([self.sections_pane.records, *inside],
                                 [*inside, self.notes.editor], strict=True):
            QWidget.setTabOrder(first, second)

    def _say_page(self, title: str) -> None:
        """Tell a screen reader which page opened: focus already on the page speaks it
        again; arrowing in the Sections list, the item just spoken named the page."""
        focus = QApplication.focusWidget()
        if focus is self.page:
            self.page.page_tree.cursor_moved(announce=True)
        elif focus is not self.sections_pane.sections:
            announce(self, title)

    @Slot(bool, bool)
    def _update_nav_actions(self, back: bool, forward: bool) -> None:
        self.actions_["back"].setEnabled(back)
        self.actions_["forward"].setEnabled(forward)

    @Slot()
    def show_overview(self) -> None:
        """The overview of the selected country."""
        self.go(OVERVIEW)

    @Slot()
    def show_help(self) -> None:
        """How to use the app (F1), offline."""
        self.go(("help", ""))

    @Slot()
    def show_shortcuts(self) -> None:
        """The list of keyboard shortcuts (on the help page)."""
        self.go(("help", "shortcuts"))

    @Slot()
    def show_planner(self) -> None:
        """The exit-route planner."""
        self.go(("planner", ""))

    @Slot()
    def focus_sections(self) -> None:
        """Move the keyboard focus to the Sections list."""
        self.search.clear()
        self.sections_pane.focus()

    @Slot(str, str)
    def open_record(self, kind: str, record_id: str) -> None:
        """Open the page of one record."""
        self.go((kind, record_id))

    @Slot(str)
    def follow_link(self, url: str) -> None:
        """Follow an internal ``sp://`` link."""
        kind, ident = parse_link(url) or ("", "")
        if kind in PAGE_KINDS:
            self.go((kind, ident))
        elif kind == "planner":
            if ident and self.settings.city != ident:
                self.update_choice(self.settings.passports, ident)
            self.show_planner()
        elif kind == "map":
            self.go(("map", ""))
        elif kind == "section" and ident in (*SECTION_KINDS, "Bookmarks"):
            self.go(("section", ident))
        elif kind == "overview":
            self.show_overview()
        elif kind == "setup":
            self.ask_who()
        elif kind == "help":
            self.go(("help", ident))

    @Slot(bool)
    def _on_wide_changed(self, wide: bool) -> None:
        """Lay the overview out again in one or two columns, where the reader was."""
        if self.location[0] == "overview":
            self.navigator.remember_scroll(self.views.scroll())
            self.navigator.go(self.location)

    @Slot(bool)
    def _on_search_active(self, active: bool) -> None:
        self.sections_pane.setVisible(not active)
        self._left_layout.setStretchFactor(self.search, 1 if active else 0)

    @Slot(str)
    def _browse_kind(self, kind: str) -> None:
        """The search's "browse …" step: leave the search for that kind's section."""
        name = KIND_SECTION.get(kind)
        if name:
            self.search.clear()
            self.go(section_location(name))

    # -- user data ------------------------------------------------------------------------
    @Slot()
    @user_errors
    def toggle_bookmark(self) -> None:
        """Bookmark or un-bookmark the page shown (Ctrl+D)."""
        kind, ident = self.location
        if kind not in PAGE_KINDS:
            self.actions_["bookmark"].setChecked(False)
            return
        on = not self.services.user.is_bookmarked(kind, ident)
        title = self.services.content.title(kind, self.services.content.get(kind, ident))
        self.services.user.set_bookmark(kind, ident, title, on)
        self.actions_["bookmark"].setChecked(on)
        self.say("Bookmarked" if on else "Bookmark removed", 3000)

    @Slot(str)
    @user_errors
    def copy_value(self, path: str) -> None:
        """Copy a phone number, address or phrase to the clipboard."""
        value = copy_value(self.services.content, path)
        if value:
            QGuiApplication.clipboard().setText(value)
            self.say(f"Copied: {value}", 4000)

    def say(self, message: str, timeout: int) -> None:
        """Show a status message for ``timeout`` ms and have a screen reader say it."""
        self.statusBar().showMessage(message, timeout)
        announce(self, message)

    @Slot()
    @user_errors
    def copy_page_text(self) -> None:
        """Copy the text of what is shown: the page, or for the planner, the map and a
        checklist, the text of their printout (the ways out in order, the items)."""
        if self.views.currentWidget() is self.page:
            text = self.page.toPlainText()
        else:
            from PySide6.QtGui import QTextDocument

            from desktop.ui.print_dialogs import location_printout

            kind = self.location[0]
            html, _ = location_printout(self.services, self.settings, self.location,
                                        "planner" if kind in ("planner", "map") else "page",
                                        self.views.planner_city())
            document = QTextDocument()
            document.setHtml(html)
            text = document.toPlainText()
        QGuiApplication.clipboard().setText(text)

    @Slot(list, str)
    def update_choice(self, passports: list[str], city: str) -> None:
        """Change passports and city (from the planner, the map or a city's "Plan a way
        out" link) and refresh what depends on them.  The country follows the city;
        choosing passports answers the first-run question, choosing a city alone does not."""
        if (passports, city) == (self.settings.passports, self.settings.city):
            return
        if list(passports) != self.settings.passports:
            self.settings.setup_done = True
        self.settings.passports, self.settings.city = list(passports), city
        self.settings.country = city_countries(self.services.content).get(
            city, self.settings.country)
        self._save_settings()
        self.views.set_choice(passports, city)

    @user_errors
    def _save_settings(self) -> None:
        self._store_settings()

    def _store_settings(self) -> None:
        """Save the settings changed in this window since they were last read or saved
        (another copy of the app may have changed the others meanwhile)."""
        self.services.user.save_settings(self.settings, before=self._saved_settings)
        self._saved_settings = copy.deepcopy(self.settings)

    @Slot(str)
    def set_theme(self, theme: str) -> None:
        """Switch to the light, dark or high-contrast theme."""
        self.settings.theme = theme
        self._save_settings()
        self._apply_style()

    def change_font_scale(self, step: float) -> None:
        """Larger (+), smaller (-) or normal (0) page text."""
        scale = 1.0 if step == 0 else self.settings.font_scale + step
        self.settings.font_scale = round(min(2.0, max(0.75, scale)), 2)
        self._save_settings()
        self._apply_style()

    def apply_settings(self, new: Settings) -> None:
        """Use and store new settings, then refresh what shows them."""
        self.settings = new
        self._save_settings()
        self._apply_style()
        self.views.set_choice(new.passports, new.city)
        self.navigator.go(self.location)

    # -- dialogs (dialogs.py loads on first use: nothing there is needed to start) --------
    @Slot()
    def ask_who(self) -> None:
        """Ask for the traveller's passports and place (the first-run questions); the
        answers apply when the dialog is accepted (it does not block)."""
        from desktop.ui.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.services.content, self.settings, self)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.settings()))
        self.first_run_dialog = dialog
        dialog.open()
        dialog.activateWindow()  # with the keyboard, even where no window manager gives
        dialog.passport.setFocus()  # new windows the focus

    @Slot()
    def open_settings(self) -> None:
        """The settings dialog."""
        from desktop.ui import dialogs

        result = dialogs.edit_settings(self, self.settings, self.services.content)
        if result.settings is not None:
            self.apply_settings(result.settings)
        if result.wipe:
            self.wipe_data()

    @Slot()
    @user_errors
    def wipe_data(self) -> None:
        """Delete all user data after a confirmation."""
        from desktop.ui import dialogs

        if not dialogs.confirm_wipe(self):
            return
        self.notes.clear()
        try:
            self.services.wipe_user_data()
        finally:  # whatever could not be deleted, the window shows what is left
            self.settings = self.services.user.settings()
            self._saved_settings = copy.deepcopy(self.settings)
            self.search.clear()
            self.views.drop()
            self.navigator.reset()
            self._apply_style()
            self.go(OVERVIEW)
        self.say("All your data on this device was deleted.", 6000)

    @Slot(str, str)
    @user_errors
    def print_document(self, mode: str, what: str) -> None:
        """Print, preview or export the page shown, the contact sheet or the wallet card."""
        from desktop.ui import print_dialogs

        saved = print_dialogs.print_location(self, self.services, self.settings,
                                             self.location, mode, what,
                                             self.views.planner_city())
        if saved and mode != "preview":
            with contextlib.suppress(UserFacingError):  # only the folder to start in next time
                self._store_settings()
        if mode == "pdf" and saved:
            self.say(f"Saved: {saved}", 6000)

    @Slot()
    def open_packs(self) -> None:
        """The content packs dialog."""
        from desktop.ui.packs_dialog import ContentPacksDialog

        dialog = ContentPacksDialog(self.services, self)
        dialog.content_changed.connect(self.reload_content)
        self._packs_dialog = dialog
        dialog.open()

    @Slot()
    def show_about(self) -> None:
        """About the app and its content."""
        from desktop.ui import dialogs

        dialogs.show_about(self, self.services.content.meta)

    @Slot()
    @user_errors
    def reload_content(self) -> None:
        """Reopen the content database (after a content pack change) and start over."""
        from desktop.services import open_content

        new, warnings = open_content(self.services.paths, self._content_db)
        self.services.replace_content(new, warnings)
        self.sections_pane.forget()
        self.views.drop()
        self.navigator.reset()
        self.status.show(self.services.content)
        self.banner.set_warnings(self.services.warnings)  # the old content's are gone
        self.search.set_search(self._search)
        self.show_overview()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: the desktop's frame is known now, so make the whole window fit."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            geometry.fit_on_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the note being typed and the window's size and place before closing."""
        self.notes.save()
        stored = self.services.user.settings()  # as saved (a view may have changed some)
        before = copy.deepcopy(stored)
        geometry.remember(self, self.splitter, stored)
        with contextlib.suppress(UserFacingError):  # a read-only data file keeps the old
            self.services.user.save_settings(stored, before=before)
        super().closeEvent(event)



__all__ = ["MainWindow"]
