"""Start the desktop app (placeholder window until the UI lands)."""

from __future__ import annotations

import argparse
import sys

from desktop import APP_NAME


def main(args: argparse.Namespace | None = None) -> int:
    """Open the services and show the main window."""
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

    from desktop.errors import UserFacingError
    from desktop.paths import app_paths
    from desktop.services import open_services

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    try:
        services = open_services(app_paths(getattr(args, "basedir", None)),
                                 content_db=getattr(args, "content_db", None))
    except UserFacingError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    label = QLabel(f"{APP_NAME}: {services.content.meta.get('content_name')}")
    label.setWindowTitle(APP_NAME)
    label.show()
    return app.exec()
