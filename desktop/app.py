"""Start the desktop app: services, the main window, and the handling of errors.

Errors a person can act on (``UserFacingError``) become a message box.  Anything else is a
bug: ``sys.excepthook`` writes the traceback to ``crash.log`` in the log folder and shows a
dialog with a "Copy details" button, and the app keeps running.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from desktop import APP_NAME

if TYPE_CHECKING:  # Qt and the window load only when the GUI starts
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.paths import AppPaths
    from desktop.services import Services
    from desktop.ui.main_window import MainWindow

CRASH_LOG = "crash.log"
# Set by ``make bench``: print "painted" after the window's first paint, then quit, so the
# start-up time to a painted window with content can be measured from outside.
EXIT_AFTER_PAINT = "SAFE_PASSAGE_EXIT_AFTER_PAINT"


def write_crash_log(log_dir: Path, details: str) -> Path | None:
    """Append a traceback to the crash log; return its path (None if it cannot be written)."""
    path = Path(log_dir) / CRASH_LOG
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{details}\n")
    except OSError:
        return None
    return path


def show_crash_dialog(details: str, log_path: Path | None) -> None:
    """Say that something went wrong, with the details and a "Copy details" button."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME,
                      "Something went wrong inside Safe Passage. Your data is safe; you can "
                      "keep using the app.", QMessageBox.StandardButton.Ok,
                      QApplication.activeWindow())
    where = f"The details were saved to {log_path}." if log_path else ""
    box.setInformativeText(f"{where} Please send them to the developers.".strip())
    box.setDetailedText(details)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()  # keep the box open when copying
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
    box.exec()


def make_excepthook(log_dir: Path):
    """An excepthook: user-facing errors as a warning, bugs logged and reported."""
    from desktop.errors import UserFacingError

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        from PySide6.QtWidgets import QApplication

        if isinstance(exc, UserFacingError):
            from desktop.ui.util import show_user_error

            show_user_error(QApplication.activeWindow(), exc)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(details)
        show_crash_dialog(details, write_crash_log(log_dir, details))

    return hook


def open_services_or_explain(paths: AppPaths, content_db: Path | None) -> Services | None:
    """Open the services; on a bad content DB say so, fall back to the bundled one.

    Returns ``None`` (after a message box) when no content can be opened at all.
    """
    from desktop import paths as paths_mod
    from desktop.errors import UserFacingError
    from desktop.services import open_services

    try:
        return open_services(paths, content_db=content_db)
    except UserFacingError as exc:
        problem = str(exc)
    except OSError as exc:  # the machine, not a bug: a folder that cannot be looked at
        from desktop.fsutil import why

        problem = f"{why(exc)}" + (f" ({exc.filename})" if exc.filename else "")
    from PySide6.QtWidgets import QMessageBox  # (its types cost start-up time: not before)

    bundled = paths_mod.bundled_content_db()
    if content_db is not None and bundled.is_file() and bundled.resolve() != content_db.resolve():
        QMessageBox.warning(None, APP_NAME, f"{problem}\n\nShowing the content that came "
                            "with the app instead.")
        try:
            return open_services(paths)
        except UserFacingError as exc:
            problem = str(exc)
    QMessageBox.critical(None, APP_NAME, f"Safe Passage cannot start: {problem}")
    return None


def keep_qt_settings_in(folder: Path) -> None:
    """Make Qt keep what it remembers (the file dialog's folders and history) in the app's
    own folder, not in the desktop's configuration, so "Delete all my data" removes it."""
    from PySide6.QtCore import QSettings

    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))


def start(args: argparse.Namespace | None = None) -> MainWindow | None:
    """Create the application and show the main window; None if it cannot start."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    without_feature_hook()  # first thing after PySide loads: every import after it is faster

    from desktop.paths import app_paths, resources_dir
    from desktop.ui.theme import FUSION, fusion_arguments

    app = QApplication.instance()
    if app is None:
        from desktop import preflight
        from desktop.platform_probe import failure_explained, failure_message

        with failure_explained(preflight.EXIT_CODE, lambda said, fatal: failure_message(
                said, fatal, preflight.program_name())):
            app = QApplication(fusion_arguments(sys.argv[0]))
        app.setProperty(FUSION, True)
    app.setApplicationName(APP_NAME)
    icon = resources_dir() / "icons" / "safe-passage.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    paths = app_paths(getattr(args, "basedir", None),
                      portable=bool(getattr(args, "portable", False)))
    sys.excepthook = make_excepthook(paths.log)
    keep_qt_settings_in(paths.config)
    content_db = getattr(args, "content_db", None)
    content_db = Path(content_db) if content_db else None
    services = open_services_or_explain(paths, content_db)
    if services is None:
        return None
    if content_db is not None and services.content.path != content_db:
        content_db = None  # it could not be used: later reloads use the normal order
    from desktop.ui.main_window import MainWindow

    window = MainWindow(services, content_db=content_db)
    if os.environ.get(EXIT_AFTER_PAINT):
        exit_after_first_paint(app, window)
    window.show()
    resume_collector()
    if not window.settings.setup_done and not os.environ.get(EXIT_AFTER_PAINT):
        window.ask_who()  # the first run asks who the traveller is (it does not block)
    app.aboutToQuit.connect(services.close)
    return window


def without_feature_hook() -> None:
    """Give ``import`` back PySide's plain import function.

    PySide replaces ``builtins.__import__`` so that ``from __feature__ import snake_case``
    can switch its naming per module; to know which modules use PySide, the hook reads the
    source of every module an import statement names after PySide is loaded (~7 ms of the
    window's imports, from a source checkout).  The app uses no ``__feature__`` switch, and
    PySide itself runs without the hook where it cannot have it (PyPy).  Does nothing if
    PySide's import functions are not the ones expected.
    """
    import builtins

    plain = getattr(builtins, "__orig_import__", None)
    if plain is not None and builtins.__import__ is getattr(builtins, "__feature_import__",
                                                            None):
        builtins.__import__ = plain


def resume_collector() -> None:
    """Turn the garbage collector back on if start-up paused it (``desktop.cli.cmd_gui``).
    What start-up made is left out of its rounds from now on (``gc.freeze``): modules,
    classes, Qt's enums and the window live as long as the app."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def exit_after_first_paint(app: QApplication, window: QWidget) -> None:
    """Report the window's first paint and quit: once the event loop is back from the
    update that painted it, so every child it shows has painted too.  The probe watches
    the window alone (the benchmark's bare window uses the same): watching every object
    would make a Python wrapper for each of Qt's internal objects and charge the cost to
    the app, which never does that itself."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    def report() -> None:
        print("painted", flush=True)
        app.quit()

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, report)
            return False

    # The window owns the filter (its Qt parent), which keeps it alive as long as the window.
    window.installEventFilter(FirstPaint(window))


def main(args: argparse.Namespace | None = None) -> int:
    """Open the services, show the main window and run the event loop."""
    window = start(args)
    if window is None:
        return 1
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().exec()
