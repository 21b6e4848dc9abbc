"""Controls and dialogs that fit a small screen at a large text size: choice boxes that
may be narrower than their longest entry, forms whose labels go above their fields when
there is no room beside them, and dialogs kept inside the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QScrollArea, QVBoxLayout, QWidget

from desktop.ui.geometry import fit_on_screen

CHOICE_CHARS = 14  # a choice box shows at least this many characters, then may shrink


class ShrinkCombo(QComboBox):
    """A choice box as wide as its longest entry when there is room, and able to be
    narrower (down to ``CHOICE_CHARS`` characters) on a small screen at a large text
    size, where a long city name must not make the window wider than the screen."""

    def minimumSizeHint(self) -> QSize:
        """A few characters and the arrow wide (its list still shows entries whole)."""
        hint = super().minimumSizeHint()
        least = self.fontMetrics().averageCharWidth() * CHOICE_CHARS + hint.height()
        return QSize(min(hint.width(), least), hint.height())


def shrinkable(parent: QWidget) -> QComboBox:
    """A new ``ShrinkCombo`` in ``parent``."""
    return ShrinkCombo(parent)


def wrapping_form() -> QFormLayout:
    """A form whose labels go above their fields when a row is too wide for the room."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class _OnScreen(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            _room_for_body(watched)
            fit_on_screen(watched)
        return False


def _room_for_body(window: QWidget) -> None:
    """Make a dialog as tall as its scrolling questions need (Qt sizes a dialog from
    hints taken at another width, so wrapped text would scroll on a screen with room)."""
    for area in window.findChildren(_BodyArea):
        body = area.widget()
        layout = body.layout() if body is not None else None
        if layout is None:
            continue
        layout.activate()
        extra = layout.totalHeightForWidth(area.viewport().width()) - area.viewport().height()
        if extra > 0:
            window.resize(window.width(), window.height() + extra)


def fit_on_show(window: QWidget) -> None:
    """Keep ``window`` (a dialog) inside the screen each time it is shown."""
    keeper = _OnScreen(window)
    window.installEventFilter(keeper)


class _BodyArea(QScrollArea):
    """Scrolls up and down only: never narrower than what it holds."""

    def sizeHint(self) -> QSize:
        """All of the body, its wrapped text included (no scrolling where there is room:
        a scroll area's own hint leaves out the lines a wrapped label adds)."""
        body = self.widget()
        if body is None:
            return super().sizeHint()
        width = body.sizeHint().width()
        layout = body.layout()
        height = (layout.totalHeightForWidth(width)
                  if layout is not None and layout.hasHeightForWidth()
                  else body.sizeHint().height())
        return QSize(width + 2 * self.frameWidth(), height + 2 * self.frameWidth())

    def hasHeightForWidth(self) -> bool:
        """Yes, when the body's wrapped text is higher on a narrower dialog."""
        body = self.widget()
        layout = body.layout() if body is not None else None
        return layout is not None and layout.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        """The body's height at ``width`` (so a dialog opens tall enough not to scroll
        where the screen has room)."""
        body = self.widget()
        layout = body.layout() if body is not None else None
        if layout is None or not layout.hasHeightForWidth():
            return super().heightForWidth(width)
        return layout.totalHeightForWidth(width - 2 * self.frameWidth()) \
            + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:
        """As wide as the body's narrowest, a few lines high."""
        body = self.widget()
        width = body.minimumSizeHint().width() if body is not None else 0
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(width + bar + 2 * self.frameWidth(), 3 * self.fontMetrics().height())


def scrolling_body(dialog: QWidget) -> tuple[QScrollArea, QVBoxLayout]:
    """A frameless scroll area for a dialog's questions (its buttons stay below it, in
    view): on a screen shorter than the dialog, the questions scroll and Tab brings each
    into view.  Returns the area (for the dialog's layout) and the layout to fill."""
    area = _BodyArea(dialog)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    body = QWidget(area)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    area.setWidget(body)
    return area, layout
