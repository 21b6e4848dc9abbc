"""A checklist that remembers: ticks saved at once, the user's own items, printing.

Every click is its own committed write through ``UserDB`` (WAL, synchronous=FULL), so a
crash loses at most the click in flight.  If a write fails (disk full, read-only file)
the box springs back and the reason is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserFacingError
from desktop.pages.checklist import checklist
from desktop.ui.access import Heading
from desktop.ui.announce import announce
from desktop.ui.flow import FlowLayout
from desktop.ui.util import ask
from desktop.ui.wrapcheck import WrapCheckBox


class _DoubleClick(QObject):
    """Calls ``action`` when the watched widget is double-clicked."""

    def __init__(self, action: Callable[[], None], parent: QObject):
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick:
            self._action()
            return True
        return False


def _detail_label(html: str, text: str) -> QLabel:
    """An item's detail: its links work and its text (a phone number) can be selected."""
    label = QLabel(html or text)
    label.setObjectName("detail")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if html else Qt.TextFormat.PlainText)
    # Text can be selected and copied (a phone number); only a detail with a link in it
    # takes keyboard focus, so Tab goes from box to box otherwise.
    flags = Qt.TextInteractionFlag.TextSelectableByMouse
    if "<a " in html:
        flags |= (Qt.TextInteractionFlag.LinksAccessibleByMouse
                  | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
    label.setTextInteractionFlags(flags)
    label.setOpenExternalLinks(False)
    label.setContentsMargins(24, 0, 0, 4)
    return label


class ChecklistView(QWidget):
    """One checklist: progress, a box per item, the user's own items, print buttons."""

    changed = Signal()
    link_activated = Signal(str)  # a link in an item's detail ("see the money guide")
    # 'preview', 'print' or 'pdf': the window prints it as it prints any page (File menu)
    print_requested = Signal(str)

    def __init__(self, content, user, checklist_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.content = content
        self.user = user
        self.checklist_id = checklist_id
        self.record = checklist(content, checklist_id)
        self.item_boxes: dict[str, QCheckBox] = {}
        self.own_boxes: dict[int, QCheckBox] = {}
        self.own_rows: dict[int, QWidget] = {}
        self.setObjectName("checklistView")
        self.setAccessibleName(f"Checklist: {self.record.title}")
        self._build()
        self.refresh()

    # -- construction ---------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.title_label = Heading(self.record.title)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setObjectName("pageTitle")
        self.title_label.setWordWrap(True)
        outer.addWidget(self.title_label)
        summary = None
        if self.record.summary_text:
            summary = QLabel(self.record.summary_text)
            summary.setWordWrap(True)
            summary.setTextFormat(Qt.TextFormat.PlainText)

        progress_row = QHBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.progress_bar.setAccessibleName("Items done")
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName("Progress")
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress_bar, 1)
        outer.addLayout(progress_row)

        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the boxes
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        if summary is not None:  # scrolls with the items: a short window keeps them in view
            self.body_layout.addWidget(summary)
        self.items_box = QWidget()
        self.items_box.setAccessibleName("Checklist items")
        items_layout = QVBoxLayout(self.items_box)
        items_layout.setContentsMargins(0, 0, 0, 0)
        items_layout.setSpacing(2)
        for item in self.record.items:
            box = WrapCheckBox(item.text + (" (unconfirmed)" if item.unsure else ""))
            box.setObjectName(f"item:{item.key}")
            box.setProperty("priority", "high" if item.high else "normal")
            if item.detail:
                box.setAccessibleDescription(item.detail)
            box.clicked.connect(self._tick_handler(item.key))
            self.item_boxes[item.key] = box
            items_layout.addWidget(box)
            if item.detail:
                detail = _detail_label(item.detail_html, item.detail)
                detail.linkActivated.connect(self.link_activated)
                items_layout.addWidget(detail)
        self.body_layout.addWidget(self.items_box)

        own_title = QLabel("Your own items")
        own_title.setObjectName("subTitle")
        self.body_layout.addWidget(own_title)
        self.own_box = QWidget()
        self.own_box.setAccessibleName("Your own items")
        self.own_layout = QVBoxLayout(self.own_box)
        self.own_layout.setContentsMargins(0, 0, 0, 0)
        self.own_layout.setSpacing(2)
        self.body_layout.addWidget(self.own_box)

        add_row = QHBoxLayout()
        self.add_field = QLineEdit()
        self.add_field.setPlaceholderText("Add your own item…")
        self.add_field.setAccessibleName("Add your own item")
        self.add_field.setMaxLength(200)
        self.add_field.returnPressed.connect(self.add_item)
        self.add_button = QPushButton("&Add")
        self.add_button.setAccessibleName("Add item")
        self.add_button.clicked.connect(self.add_item)
        add_row.addWidget(self.add_field, 1)
        add_row.addWidget(self.add_button)
        self.body_layout.addLayout(add_row)
        self._deleted: dict | None = None
        self.undo_row = QWidget()
        undo_layout = QHBoxLayout(self.undo_row)
        undo_layout.setContentsMargins(0, 0, 0, 0)
        self.undo_label = QLabel()
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAccessibleName("Undo: bring the deleted item back")
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_row.hide()
        self.body_layout.addWidget(self.undo_row)
        self.body_layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        buttons = FlowLayout()  # wraps onto two lines on a narrow screen at a large text size
        self.reset_button = QPushButton("&Reset checklist…")
        self.reset_button.clicked.connect(self.reset)
        self.preview_button = QPushButton("Pre&view…")
        self.preview_button.clicked.connect(lambda: self.print_requested.emit("preview"))
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(lambda: self.print_requested.emit("print"))
        self.export_button = QPushButton("&Export PDF…")
        self.export_button.clicked.connect(lambda: self.print_requested.emit("pdf"))
        for button, name in ((self.preview_button, "Print preview of this checklist"),
                             (self.print_button, "Print this checklist"),
                             (self.export_button, "Export this checklist as PDF")):
            button.setAccessibleName(name)
        for button in (self.reset_button, self.preview_button, self.print_button,
                       self.export_button):
            buttons.addWidget(button)
        outer.addLayout(buttons)

    # -- state ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read ticks and own items from the user database."""
        checked = self.user.checked(self.checklist_id)
        for item_id, box in self.item_boxes.items():
            box.setChecked(item_id in checked)
        self._rebuild_own()
        self._update_progress()

    def counts(self) -> tuple[int, int]:
        """(done, total) over content items and own items."""
        boxes = [*self.item_boxes.values(), *self.own_boxes.values()]
        return sum(1 for b in boxes if b.isChecked()), len(boxes)

    def _update_progress(self) -> None:
        done, total = self.counts()
        self.progress_label.setText(f"{done} of {total}")
        self.progress_label.setAccessibleDescription(f"{done} of {total} items done")
        self.progress_bar.setAccessibleDescription(f"{done} of {total} items done")
        self.progress_bar.setMaximum(max(total, 1))
        self.progress_bar.setValue(done)

    def _rebuild_own(self, focus_id: int | None = None, focus_what: str = "") -> None:
        while self.own_layout.count():
            widget = self.own_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.own_boxes.clear()
        self.own_rows.clear()
        own = self.user.own_items(self.checklist_id)
        for index, item in enumerate(own):
            self.own_layout.addWidget(self._own_row(item, index, len(own)))
        # new rows join the end of Qt's focus chain: Tab goes items, own items, the field
        chain = [*list(self.item_boxes.values())[-1:],
                 *(w for row in self.own_rows.values() for w in row.findChildren(QWidget)
                   if isinstance(w, (QCheckBox, QToolButton))), self.add_field]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if focus_id is not None and focus_id in self.own_rows:
            target = self.own_rows[focus_id].findChild(QToolButton, focus_what)
            if target is not None and target.isEnabled():
                target.setFocus()
            else:
                self.own_boxes[focus_id].setFocus()

    def _own_row(self, item: dict, index: int, count: int) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        own_id = int(item["id"])
        box = WrapCheckBox(item["text"])
        box.setObjectName(f"own:{own_id}")
        box.setChecked(bool(item["checked"]))
        box.setAccessibleDescription("Your item")
        box.clicked.connect(lambda checked: self._tick_own(own_id, checked))
        box.installEventFilter(_DoubleClick(lambda: self.edit_item(own_id), box))
        layout.addWidget(box, 1)
        for name, text, tip, enabled, action in (
                ("edit", "Edit", "Rename this item", True, lambda: self.edit_item(own_id)),
                ("up", "↑", "Move up", index > 0, lambda: self.move_item(own_id, -1)),
                ("down", "↓", "Move down", index < count - 1,
                 lambda: self.move_item(own_id, 1)),
                ("delete", "✕", "Delete this item", True,
                 lambda: self.delete_item(own_id))):
            button = QToolButton()
            button.setObjectName(name)
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(f"{tip}: {item['text']}")
            button.setEnabled(enabled)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            button.clicked.connect(action)
            layout.addWidget(button)
        self.own_boxes[own_id] = box
        self.own_rows[own_id] = row
        return row

    def _save(self, write: Callable[[], None]) -> bool:
        """Run one user-DB write; show the reason and return False if it failed."""
        try:
            write()
        except UserFacingError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return False
        return True

    def _tick_handler(self, item_id: str) -> Callable[[bool], None]:
        def tick(checked: bool) -> None:
            if not self._save(lambda: self.user.set_checked(self.checklist_id, item_id,
                                                            checked)):
                self.item_boxes[item_id].setChecked(not checked)
            self._changed()
        return tick

    def _tick_own(self, own_id: int, checked: bool) -> None:
        if not self._save(lambda: self.user.set_own_checked(own_id, checked)):
            self.own_boxes[own_id].setChecked(not checked)
        self._changed()

    def _changed(self) -> None:
        self._update_progress()
        announce(self, self.progress_label.accessibleDescription())
        self.changed.emit()

    # -- own items --------------------------------------------------------------------
    def add_item(self) -> None:
        """Add the text in the field as an own item."""
        text = self.add_field.text().strip()
        if not text:
            self.add_field.setFocus()
            return
        if self._save(lambda: self.user.add_own_item(self.checklist_id, text)):
            self.add_field.clear()
            self._rebuild_own()
            self._changed()
        self.add_field.setFocus()

    def edit_item(self, own_id: int) -> None:
        """Rename an own item (asks for the new text)."""
        box = self.own_boxes.get(own_id)
        if box is None:
            return
        text, ok = QInputDialog.getText(self, "Rename item", "Item:", QLineEdit.EchoMode.Normal,
                                        box.text())
        if (ok and text.strip() and text.strip() != box.text()
                and self._save(lambda: self.user.edit_own_item(own_id, text))):
            self._rebuild_own(own_id, "edit")
            self._changed()

    def move_item(self, own_id: int, offset: int) -> None:
        """Move an own item up (-1) or down (+1)."""
        if self._save(lambda: self.user.move_own_item(own_id, offset)):
            self._rebuild_own(own_id, "up" if offset < 0 else "down")
            self._changed()

    def delete_item(self, own_id: int) -> None:
        """Delete an own item (Undo brings it back)."""
        item = next((i for i in self.user.own_items(self.checklist_id) if i["id"] == own_id),
                    None)
        if item is not None and self._save(lambda: self.user.delete_own_item(own_id)):
            self._deleted = item
            self.undo_label.setText(f"Deleted “{item['text']}”.")
            self.undo_row.show()
            self._rebuild_own()
            self.undo_button.setFocus()
            self._changed()

    def undo_delete(self) -> None:
        """Bring back the item deleted last, where it was."""
        item, self._deleted = self._deleted, None
        self.undo_row.hide()
        if item is not None and self._save(lambda: self.user.restore_own_item(item)):
            self._rebuild_own()
            self._changed()
        self.add_field.setFocus()

    def reset(self) -> None:
        """Untick everything after confirmation (own items stay)."""
        answer = ask(
            self, "Reset checklist",
            f"Untick every item of “{self.record.title}”? Your own items stay.")
        if not answer:
            return
        if self._save(lambda: self.user.reset_checklist(self.checklist_id)):
            self.refresh()
            self.changed.emit()
