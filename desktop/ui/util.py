"""Small helpers shared by the views."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from desktop import APP_NAME
from desktop.errors import UserFacingError


def hint_gives_way(hint: QLabel, main: QWidget, layout: QBoxLayout, size: QSize,
                   share: float = 0.5) -> None:
    """Show ``hint`` only while ``main`` (the map, the table) keeps at least ``share`` of
    a view of ``size`` laid out by ``layout``: on a short view (a small screen, large
    text) the hint goes and the thing it explains keeps its room."""
    margins = layout.contentsMargins()
    width = max(1, size.width() - margins.left() - margins.right())
    used = margins.top() + margins.bottom()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = item.widget()
        if widget is main or (widget is not None and widget is not hint
                              and widget.isHidden()):
            continue
        if widget is hint:  # measured even while hidden (a hidden item has no size)
            used += hint.heightForWidth(width) + layout.spacing()
        else:
            used += (item.heightForWidth(width) if item.hasHeightForWidth()
                     else item.sizeHint().height()) + layout.spacing()
    hint.setVisible(size.height() - used >= share * size.height())


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
