"""Controls and dialogs that fit a small screen at a large text size: choice boxes that
may be narrower than their longest entry, forms whose labels go above their fields when
there is no room beside them, and dialogs kept inside the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

CHOICE_CHARS = 14  # a choice box shows at least this many characters, then may shrink


def shrinkable(combo: QComboBox) -> QComboBox:
    """Let a choice box be narrower than its longest entry (its list still shows them
    whole): a long city name must not make the window wider than the screen."""
    combo.setSizeAdjustPolicy(
        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(CHOICE_CHARS)
    return combo


def wrapping_form() -> QFormLayout:
    """A form whose labels go above their fields when a row is too wide for the room."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def keep_on_screen(window: QWidget) -> None:
    """Shrink a top-level window (a dialog) to the screen's free area if it is larger,
    and move it so that all of it, title bar included, is on that screen."""
    screen = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    extra = window.frameGeometry().size() - window.geometry().size()
    width = min(window.width(), screen.width() - extra.width())
    height = min(window.height(), screen.height() - extra.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 1), max(height, 1))
    frame = window.frameGeometry()
    window.move(max(screen.left(), min(frame.left(), screen.right() - frame.width() + 1)),
                max(screen.top(), min(frame.top(), screen.bottom() - frame.height() + 1)))


class _OnScreen(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            keep_on_screen(watched)
        return False


def fit_on_show(window: QWidget) -> None:
    """Keep ``window`` (a dialog) inside the screen each time it is shown."""
    keeper = _OnScreen(window)
    window.installEventFilter(keeper)
