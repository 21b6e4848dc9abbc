"""The Content packs dialog: what content is active and how old, verify it, import a pack,
roll back.

All checking and installing is done by ``desktop.packs``; this module only asks, shows and
confirms.  Checking and installing run off the GUI thread (``PackTask`` in the global
``QThreadPool``), so a large or hostile pack never freezes the window: the worker reports
progress and its result by signal only, never touches a widget, and opens (and closes)
its own SQLite connections on its own thread.  While it runs, the dialog shows the step
and a progress bar and its buttons wait.  Every refusal is a message box in plain
language, never a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserFacingError
from desktop.packs import status as pack_status
from desktop.packs import store
from desktop.packs.errors import OlderPackError, PackInterruptedError
from desktop.packs.keys import load_trusted_keys
from desktop.packs.pack import PACK_SUFFIX, verify_pack
from desktop.paths import resources_dir
from desktop.storage.content_db import ContentDB
from desktop.ui.fit import fit_on_show, wrapping_form
from desktop.ui.flow import FlowLayout
from desktop.ui.util import ask

NOTHING_CHANGED = "Nothing was changed."


class _TaskSignals(QObject):
    """How a ``PackTask`` reports: progress(text, percent), then done(result) or
    failed(exception)."""

    progress = Signal(str, int)
    done = Signal(object)
    failed = Signal(object)


class PackTask(QRunnable):
    """Runs one ``desktop.packs`` call on a pool thread; reports only by signal.

    The call gets ``progress=`` (emitting ``signals.progress``).  ``thread_id`` is the
    thread it ran on (for tests).
    """

    def __init__(self, call: Callable[..., Any], *args: Any, **kwargs: Any):
        super().__init__()
        self.setAutoDelete(False)  # the dialog keeps it until its result is handled
        self.signals = _TaskSignals()
        self.call, self.args, self.kwargs = call, args, kwargs
        self.thread_id: int | None = None

    def run(self) -> None:
        """Do the work; emit ``done`` or ``failed`` (every exception, bugs too)."""
        self.thread_id = threading.get_ident()
        try:
            result = self.call(*self.args, progress=self.signals.progress.emit, **self.kwargs)
        except Exception as exc:  # noqa: BLE001 - the GUI thread shows or re-raises it
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class ContentPacksDialog(QDialog):
    """Shows the active content and offers Verify data, Import pack… and Roll back."""

    content_changed = Signal()
    # Emitted when a check or install has finished and its messages have been shown.
    idle = Signal()
    # What the running task is doing (text, percent or -1), for the bar and for tests.
    progress = Signal(str, int)

    def __init__(self, services, parent: QWidget | None = None, *,
                 trusted_keys_dir: Path | None = None):
        super().__init__(parent)
        self.services = services
        # The window trusts only the keys that ship with the app (the environment override
        # is for maintainers' command-line use).
        self._keys_dir = trusted_keys_dir or resources_dir() / "keys"
        self.setWindowTitle("Content packs")
        self.setObjectName("contentPacksDialog")
        fit_on_show(self)

        self.source_label = QLabel()
        self.version_label = QLabel()
        self.as_of_label = QLabel()
        self.created_label = QLabel()
        self.key_label = QLabel()
        self.previous_label = QLabel()
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        for label in (self.source_label, self.version_label, self.as_of_label,
                      self.created_label, self.key_label, self.previous_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)  # a long key or path wraps instead of widening
        form = wrapping_form()
        form.addRow("Active content:", self.source_label)
        form.addRow("Version:", self.version_label)
        form.addRow("Content as of:", self.as_of_label)
        form.addRow("Made:", self.created_label)
        form.addRow("Signed by key:", self.key_label)
        form.addRow("Previous pack:", self.previous_label)

        self.verify_button = QPushButton("&Verify data")
        self.verify_button.setToolTip("Check that the active content is intact and, for a "
                                      "pack, signed by a trusted publisher")
        self.import_button = QPushButton("&Import pack…")
        self.import_button.setToolTip("Install a content pack file (checked before anything "
                                      "changes)")
        self.rollback_button = QPushButton("&Roll back")
        self.rollback_button.setToolTip("Go back to the pack that was active before")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        actions = FlowLayout()  # wraps onto a second line on a narrow screen
        for button in (self.verify_button, self.import_button, self.rollback_button):
            actions.addWidget(button)
        buttons.rejected.connect(self.reject)
        self.verify_button.clicked.connect(self.verify_data)
        self.import_button.clicked.connect(self.import_pack)
        self.rollback_button.clicked.connect(self.roll_back)

        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        for widget in (self.progress_label, self.progress_bar):
            widget.setVisible(False)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(actions)
        layout.addWidget(buttons)
        self.info: dict = {}
        self.task: PackTask | None = None
        self.last_task: PackTask | None = None
        self.progress.connect(self._show_progress)
        self.refresh()

    # --- running work off the GUI thread ---------------------------------------------------

    def busy(self) -> bool:
        """True while a check or install is running."""
        return self.task is not None

    def _start(self, call: Callable[..., Any], args: tuple, kwargs: dict,
               on_done: Callable[[Any], None], on_failed: Callable[[Exception], None]
               ) -> None:
        """Run ``call`` in the thread pool; handle its result here, on the GUI thread."""
        task = PackTask(call, *args, **kwargs)
        task.signals.progress.connect(self.progress)
        task.signals.done.connect(lambda result: self._finish(task, on_done, result))
        task.signals.failed.connect(lambda exc: self._finish(task, on_failed, exc))
        self.task = self.last_task = task
        self._set_busy(True)
        self.progress.emit("Starting", -1)
        QThreadPool.globalInstance().start(task)

    def _finish(self, task: PackTask, handler: Callable[[Any], None], value: Any) -> None:
        self.task = None
        try:
            if isinstance(value, Exception) and not isinstance(value, UserFacingError):
                raise value  # a bug: the app's excepthook reports it
            handler(value)
        finally:
            if self.task is None:  # the handler did not start a next step
                self._set_busy(False)
                self.idle.emit()

    def _set_busy(self, busy: bool) -> None:
        for button in (self.verify_button, self.import_button, self.close_button):
            button.setEnabled(not busy)
        self.rollback_button.setEnabled(not busy and bool(self.info.get("previous_available")))
        self.progress_label.setVisible(busy)
        self.progress_bar.setVisible(busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    @Slot(str, int)
    def _show_progress(self, text: str, percent: int) -> None:
        self.progress_label.setText(f"{text}…" if percent < 0 else f"{text}… {percent}%")
        self.progress_bar.setRange(0, 0 if percent < 0 else 100)
        if percent >= 0:
            self.progress_bar.setValue(percent)

    def reject(self) -> None:
        """Close, unless a check or install is still running (it would be orphaned)."""
        if not self.busy():
            super().reject()

    # --- display ---------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the installed state again and show it."""
        info = pack_status.status(self.services.paths)
        self.info = info
        pack = info["active"] == "pack"
        self.source_label.setText("Content pack" if pack else "Content that came with the app")
        self.version_label.setText(
            f"{info['content_name']} — version {info['content_version']}"
            if info["content_version"] else "unknown")
        age = info["age_days"]
        as_of = info["content_as_of"] or "unknown"
        if age is not None:
            as_of += f" ({age} day{'s' if age != 1 else ''} old"
            as_of += ", older than its freshness limit)" if info["stale"] else ")"
        self.as_of_label.setText(as_of)
        self.created_label.setText(_day(info["created"]) or "unknown")
        self.key_label.setText(info["key_id"] or ("not signed (bundled with the app)"
                                                  if not pack else "unknown"))
        if info["previous_available"]:
            self.previous_label.setText(f"version {info['previous_version']}, made "
                                        f"{_day(info['previous_created'])}")
        else:
            self.previous_label.setText("none")
        self.rollback_button.setEnabled(bool(info["previous_available"]))
        notes = [info["warning"]] if info["warning"] else []
        in_use = getattr(getattr(self.services, "content", None), "path", None)
        if in_use is not None and info["path"] and Path(in_use) != Path(info["path"]):
            notes.append(f"This window is showing {in_use}.")
        self.note_label.setText(" ".join(notes))
        self.note_label.setVisible(bool(notes))

    # --- actions ---------------------------------------------------------------------------

    def _trusted_keys(self) -> dict | None:
        try:
            keys = load_trusted_keys(self._keys_dir)
        except UserFacingError as exc:
            QMessageBox.warning(self, "Trusted keys", f"The trusted keys cannot be read: {exc}")
            return None
        if not keys:
            QMessageBox.warning(self, "Trusted keys", "No trusted publisher keys were found, "
                                "so no pack can be checked.")
            return None
        return keys

    @Slot()
    def verify_data(self) -> None:
        """Check the active content (off the GUI thread) and say what was found."""
        self.refresh()
        if self.info["pack_installed"]:
            keys = self._trusted_keys()
            if keys is None:
                return
            self._start(store.verify_installed, (self.services.paths, keys), {},
                        self._installed_checked, self._installed_failed)
            return
        self._start(_check_bundled, (Path(self.info["path"]),), {}, self._bundled_checked,
                    lambda exc: QMessageBox.warning(self, "Content check failed", str(exc)))

    def _installed_checked(self, manifest) -> None:  # noqa: ANN001
        QMessageBox.information(
            self, "Content checked",
            "The installed content is intact: it is exactly what the trusted publisher "
            f"signed.\n\n{manifest.describe()}.")

    def _installed_failed(self, exc: Exception) -> None:
        shown = ("" if self.info["active"] == "pack" else
                 " The app is showing the content that came with it instead.")
        QMessageBox.warning(self, "Content check failed",
                            f"The installed content pack did not pass its check: "
                            f"{exc}{shown}\n\nYou can roll back or import the pack again.")

    def _bundled_checked(self, result: str) -> None:
        if result == "ok":
            QMessageBox.information(self, "Content checked", "The content that came with the "
                                    "app is intact (its database passed the integrity check).")
        else:
            QMessageBox.warning(self, "Content check failed", "The content that came with the "
                                f"app is damaged ({result}). Reinstall the app.")

    @Slot()
    def import_pack(self) -> None:
        """Choose a pack, check it (off the GUI thread), show what it is, confirm, install."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Import content pack", "",
            f"Content packs (*{PACK_SUFFIX} *.zip);;All files (*)")
        if not name:
            return
        keys = self._trusted_keys()
        if keys is None:
            return
        self._start(verify_pack, (name, keys), {},
                    lambda manifest: self._confirm(name, keys, manifest), self._refused)

    def _refused(self, exc: Exception) -> None:
        QMessageBox.warning(self, "Pack refused", f"{exc}\n\n{NOTHING_CHANGED}")

    def _confirm(self, name: str, keys: dict, manifest) -> None:  # noqa: ANN001
        current = (f"version {self.info['content_version']}"
                   if self.info.get("content_version") else "the current content")
        answer = ask(
            self, "Install this content?",
            f"This pack checks out: {manifest.describe()}.\n\nInstall it in place of "
            f"{current}? The content it replaces is kept, so you can roll back.")
        if answer:
            self._install(name, keys, allow_older=False)

    def _install(self, name: str, keys: dict, *, allow_older: bool) -> None:
        self._start(store.import_pack, (name, self.services.paths, keys),
                    {"allow_older": allow_older}, self._installed,
                    lambda exc: self._install_failed(exc, name, keys, allow_older))

    def _installed(self, manifest) -> None:  # noqa: ANN001
        self.refresh()
        self.content_changed.emit()
        QMessageBox.information(self, "Content installed", f"Installed {manifest.describe()}.")

    def _install_failed(self, exc: Exception, name: str, keys: dict,
                        allow_older: bool) -> None:
        if isinstance(exc, OlderPackError):
            answer = ask(self, "Older content", f"{exc}\n\nInstall the older content anyway?")
            if answer and not allow_older:
                self._install(name, keys, allow_older=True)
        elif isinstance(exc, PackInterruptedError):
            QMessageBox.warning(self, "Pack not fully installed", str(exc))
            self.refresh()
        else:
            self._refused(exc)

    @Slot()
    def roll_back(self) -> None:
        """Make the previous pack active again, after a confirmation."""
        answer = ask(
            self, "Roll back?",
            f"Go back to version {self.info.get('previous_version')}? The content shown now "
            "is kept, so you can switch back.")
        if not answer:
            return
        try:
            manifest = store.rollback(self.services.paths)  # a few renames: quick
        except UserFacingError as exc:
            QMessageBox.warning(self, "Roll back failed", f"{exc}")
            self.refresh()
            return
        self.refresh()
        self.content_changed.emit()
        what = manifest.describe() if manifest else "the previous pack"
        QMessageBox.information(self, "Rolled back", f"Now using {what}.")


def _check_bundled(path: Path, *, progress: Callable[[str, int], None]) -> str:
    """SQLite's integrity check of the bundled content (run on a pool thread: it opens and
    closes its own connection there)."""
    progress("Checking the database", -1)
    db = ContentDB(path)
    try:
        return db.check()
    finally:
        db.close()


def _day(timestamp: str | None) -> str:
    """'2026-01-02T03:04:05+00:00' → '2026-01-02 03:04 UTC' (text kept if unparseable)."""
    if not timestamp:
        return ""
    if len(timestamp) >= 16 and timestamp[10] == "T":
        return f"{timestamp[:10]} {timestamp[11:16]} UTC"
    return timestamp
