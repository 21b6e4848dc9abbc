"""The main window: composes search, sections, the page view, the planner and notes.

It receives ``Services`` and hands each view only what it needs.  Navigation goes through
``go(location)`` with a back/forward history of locations: ``("overview", "")``,
``("section", NAME)``, ``("planner", "")`` or ``(KIND, ID)`` for a record page.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.content.schema import PAGE_KINDS
from desktop.services import Services
from desktop.ui import navigation
from desktop.ui.actions import build_actions
from desktop.ui.page_view import PageView
from desktop.ui.pages import age_days, age_text, stale_days
from desktop.ui.search_panel import SearchPanel
from desktop.ui.theme import apply_theme
from desktop.ui.util import user_errors

Location = tuple[str, str]
OVERVIEW: Location = ("overview", "")
NOTE_SAVE_MS = 600


class MainWindow(QMainWindow):
    """The Safe Passage window."""

    def __init__(self, services: Services, *, content_db: Path | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._content_db = content_db
        self.settings = services.user.settings()
        self.history: list[Location] = []
        self.position = -1
        self.location: Location = OVERVIEW
        self.planner = None
        self.checklist = None
        self._packs_dialog = None
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.resize(1180, 760)
        self._build()
        self.actions_ = build_actions(self)
        self._build_status_bar()
        self._apply_style()
        self.go(OVERVIEW)

    # -- construction -------------------------------------------------------------------
    def _build(self) -> None:
        self.search = SearchPanel(self._search, self)
        self.sections = QListWidget(self)
        self.sections.setObjectName("sections")
        self.sections.setAccessibleName("Sections")
        for name, _kind in navigation.SECTIONS:
            self.sections.addItem(name)
        self.sections.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.sections.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.records = QListWidget(self)
        self.records.setObjectName("records")
        self.records.setAccessibleName("Section contents")
        self.records.setWordWrap(True)
        self.nav = QWidget(self)
        nav_layout = QVBoxLayout(self.nav)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.addWidget(self.sections)
        nav_layout.addWidget(self.records, 1)
        nav_layout.addStretch(0)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.nav, 1)
        self._left_layout = left_layout

        self.page = PageView(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.page)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Your notes on this page (kept on this device only)")
        self.notes.setMaximumHeight(96)
        self.notes_box = QWidget(self)
        notes_layout = QVBoxLayout(self.notes_box)
        notes_layout.setContentsMargins(0, 4, 0, 0)
        title = QLabel("Your notes", self.notes_box)
        title.setObjectName("paneTitle")
        title.setBuddy(self.notes)
        notes_layout.addWidget(title)
        notes_layout.addWidget(self.notes)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.stack, 1)
        right_layout.addWidget(self.notes_box)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 850])
        splitter.setChildrenCollapsible(False)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = self._make_banner()
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.setInterval(NOTE_SAVE_MS)
        self.note_timer.timeout.connect(self.save_note)
        self.notes.textChanged.connect(self.note_timer.start)
        self.search.open_requested.connect(self.open_record)
        self.search.browse_requested.connect(self._browse_kind)
        self.search.active_changed.connect(self._on_search_active)
        self.sections.currentRowChanged.connect(self._on_section)
        self.records.itemActivated.connect(self._on_record_item)
        self.records.itemClicked.connect(self._on_record_item)
        self.page.internal_link.connect(self.follow_link)
        self.page.copy_requested.connect(self.copy_value)
        for first, second in ((self.search.field, self.search.results),
                              (self.search.results, self.sections),
                              (self.sections, self.records), (self.records, self.page),
                              (self.page, self.notes)):
            QWidget.setTabOrder(first, second)

    def _make_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("banner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 6, 8, 6)
        self.banner_label = QLabel(banner)
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        close = QToolButton(banner)
        close.setText("Dismiss")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(banner.hide)
        row.addWidget(self.banner_label, 1)
        row.addWidget(close)
        self._set_banner(self.services.warnings)
        return banner

    def _set_banner(self, warnings: list[str]) -> None:
        self.banner_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.banner_label.parentWidget().setVisible(bool(warnings))

    def _build_status_bar(self) -> None:
        self.status_label = QLabel(self)
        self.stale_label = QLabel(self)
        self.stale_label.setObjectName("staleWarning")
        bar = self.statusBar()
        bar.addWidget(self.status_label)
        bar.addPermanentWidget(self.stale_label)
        self._update_status()

    def _update_status(self) -> None:
        content = self.services.content
        as_of = content.meta.get("content_as_of", "unknown")
        self.status_label.setText(f"Offline reference · content as of {as_of}")
        days = age_days(as_of)
        stale = days is not None and days > stale_days(content)
        self.stale_label.setText(f"⚠ Dated reference: this content is {age_text(days)} old. "
                                 "Check official sources when you can." if stale else "")
        self.stale_label.setVisible(stale)

    def _apply_style(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.theme)
        self.page.set_style(self.settings.theme, self.settings.font_scale)
        self.actions_[f"theme:{self.settings.theme}"].setChecked(True)

    def _search(self, text: str):
        return self.services.search.search(text, passports=self.settings.passports, limit=40)

    # -- navigation -----------------------------------------------------------------------
    def go(self, location: Location) -> None:
        """Show a location and add it to the history."""
        self._show(location)
        if self.position >= 0 and self.history[self.position] == self.location:
            return
        del self.history[self.position + 1:]
        self.history.append(self.location)
        self.position = len(self.history) - 1
        self._update_nav_actions()

    @user_errors
    def _show(self, location: Location) -> None:
        self.save_note()
        kind, ident = location
        navigation.show(self, kind, ident)
        self.location = (kind, ident)
        record = kind in PAGE_KINDS
        self.notes_box.setVisible(record)
        self.actions_["bookmark"].setEnabled(record)
        self.notes.blockSignals(True)
        self.notes.setPlainText(self.services.user.note(kind, ident) if record else "")
        self.notes.blockSignals(False)
        self.actions_["bookmark"].setChecked(
            record and self.services.user.is_bookmarked(kind, ident))

    def _update_nav_actions(self) -> None:
        self.actions_["back"].setEnabled(self.position > 0)
        self.actions_["forward"].setEnabled(self.position < len(self.history) - 1)

    @Slot()
    def go_back(self) -> None:
        """Back in the page history."""
        if self.position > 0:
            self.position -= 1
            self._show(self.history[self.position])
            self._update_nav_actions()

    @Slot()
    def go_forward(self) -> None:
        """Forward in the page history."""
        if self.position < len(self.history) - 1:
            self.position += 1
            self._show(self.history[self.position])
            self._update_nav_actions()

    @Slot()
    def show_overview(self) -> None:
        """The overview of the selected country."""
        self.go(OVERVIEW)

    @Slot()
    def show_planner(self) -> None:
        """The exit-route planner."""
        self.go(("planner", ""))

    @Slot()
    def focus_sections(self) -> None:
        """Move the keyboard focus to the Sections list."""
        self.search.clear()
        self.sections.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(str, str)
    def open_record(self, kind: str, record_id: str) -> None:
        """Open the page of one record."""
        self.go((kind, record_id))

    @Slot(str)
    def follow_link(self, url: str) -> None:
        """Follow an internal ``sp://`` link."""
        kind, _, ident = url[len("sp://"):].partition("/")
        kind, ident = kind.lower(), unquote(ident.strip("/"))
        if kind in PAGE_KINDS:
            self.go((kind, ident))
        elif kind == "planner":
            if ident and self.settings.city != ident:
                self.update_choice(self.settings.passport, ident)
            self.show_planner()
        elif kind == "section":
            self.go(("section", ident))
        elif kind == "overview":
            self.show_overview()

    @Slot(bool)
    def _on_search_active(self, active: bool) -> None:
        self.nav.setVisible(not active)
        self._left_layout.setStretchFactor(self.search, 1 if active else 0)

    @Slot(str)
    def _browse_kind(self, kind: str) -> None:
        """The search's "browse …" step: leave the search for that kind's section."""
        name = navigation.KIND_SECTION.get(kind)
        if name:
            self.search.clear()
            self.go(navigation.section_location(name))

    @Slot(int)
    def _on_section(self, row: int) -> None:
        if row >= 0:
            name = navigation.SECTIONS[row][0]
            self.go(navigation.section_location(name))

    @Slot(QListWidgetItem)
    def _on_record_item(self, item: QListWidgetItem) -> None:
        kind, ident = item.data(Qt.ItemDataRole.UserRole)
        self.go((kind, ident))

    # -- user data ------------------------------------------------------------------------
    @Slot()
    @user_errors
    def save_note(self) -> None:
        """Save the notes box for the page shown (if it changed)."""
        self.note_timer.stop()
        kind, ident = self.location
        if kind not in PAGE_KINDS:
            return
        text = self.notes.toPlainText()
        if text != self.services.user.note(kind, ident):
            self.services.user.set_note(kind, ident, text)

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
        self.statusBar().showMessage("Bookmarked" if on else "Bookmark removed", 3000)

    @Slot(str)
    @user_errors
    def copy_value(self, path: str) -> None:
        """Copy a phone number, address or phrase to the clipboard."""
        value = navigation.copy_value(self.services.content, path)
        if value:
            QGuiApplication.clipboard().setText(value)
            self.statusBar().showMessage(f"Copied: {value}", 4000)

    @Slot()
    def copy_page_text(self) -> None:
        """Copy the text of the page shown."""
        QGuiApplication.clipboard().setText(self.page.toPlainText())

    def update_choice(self, passport: str, city: str) -> None:
        """Change passport and city (planner or settings) and refresh what depends on them."""
        if (passport, city) == (self.settings.passport, self.settings.city):
            return
        self.settings.passports, self.settings.city = [passport], city
        self._save_settings()
        if self.planner is not None:
            self.planner.set_choice(passport, city)

    @user_errors
    def _save_settings(self) -> None:
        self.services.user.save_settings(self.settings)

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
        self.page.set_style(self.settings.theme, self.settings.font_scale)

    # -- dialogs (in dialogs.py, loaded on first use: nothing there is needed to start) ----
    def open_settings(self) -> None:
        """The settings dialog."""
        from desktop.ui import dialogs

        dialogs.open_settings(self)

    def wipe_data(self) -> None:
        """Delete all user data after a confirmation."""
        from desktop.ui import dialogs

        dialogs.wipe_data(self)

    def print_document(self, mode: str, what: str) -> None:
        """Print, preview or export the page, the contact sheet or the wallet card."""
        from desktop.ui import dialogs

        dialogs.print_document(self, mode, what)

    def open_packs(self) -> None:
        """The content packs dialog."""
        from desktop.ui import dialogs

        dialogs.open_packs(self)

    def show_about(self) -> None:
        """About the app and its content."""
        from desktop.ui import dialogs

        dialogs.show_about(self)

    def reload_content(self) -> None:
        """Reopen the content database (after a content pack change) and start over."""
        from desktop.ui import dialogs

        dialogs.reload_content(self, self._content_db)

    def reset_after_wipe(self) -> None:
        """Forget every piece of user state the window holds."""
        self.settings = self.services.user.settings()
        self.notes.blockSignals(True)
        self.notes.clear()
        self.notes.blockSignals(False)
        self.search.clear()
        self.history, self.position = [], -1
        self._drop_views()
        self._apply_style()
        self.go(OVERVIEW)

    def _drop_views(self) -> None:
        for view in (self.planner, self.checklist):
            if view is not None:
                self.stack.removeWidget(view)
                view.deleteLater()
        self.planner = self.checklist = None

    def closeEvent(self, event) -> None:  # noqa: N802
        """Save the note being typed before closing (save_note reports its own errors)."""
        self.save_note()
        super().closeEvent(event)


__all__ = ["MainWindow"]
