"""Small helpers shared by the views."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop import APP_NAME
from desktop.errors import UserFacingError


def show_user_error(parent: QWidget | None, exc: UserFacingError) -> None:
    """Tell the person what went wrong, in their words (no traceback)."""
    from PySide6.QtWidgets import QMessageBox  # its types load when first needed

    QMessageBox.warning(parent, APP_NAME, str(exc))


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/No question whose safe answer, No, is the default; True for Yes."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def user_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a widget method: a ``UserFacingError`` becomes a warning box."""

    @functools.wraps(method)
    def wrapper(self: QWidget, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except UserFacingError as exc:
            show_user_error(self, exc)
            return None

    return wrapper
