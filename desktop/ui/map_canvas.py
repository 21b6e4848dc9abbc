"""The painted map of the ways out: the traveller's country and its neighbours, their city, every
way out coloured by what it means for their passports (the planner's classes, colours and
words), straight lines to the nearest ones, flights at their airports.

``MapCanvas`` paints with ``printing.map_paint`` (the same painter as the printouts) and
handles the mouse, touchpad and keyboard: drag, wheel, pinch, + and −, arrows to pan,
Home back to the city; Tab and Shift+Tab (or N and P) visit the ways out in the planner's
order, Enter or a click opens one.  The model, the first layer and the labels are
prepared in the constructor, before the first paint; other zoom levels when idle.
``map_view.MapView`` adds a title and the zoom buttons.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, QPointF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QToolTip,
    QWidget,
)

from desktop.geo.mapmodel import MapModel, Marker
from desktop.geo.projection import View
from desktop.pages.maptext import describe, focus_order
from desktop.printing.map_marks import Frame
from desktop.printing.map_paint import MapPainter
from desktop.ui.announce import announce
from desktop.ui.theme import THEMES, colours

ZOOM_STEP = 1.25      # + and − keys, the buttons
WHEEL_STEP = 1.15     # one notch of a mouse wheel
PAN_STEP = 80         # pixels per arrow key press
CLICK_SLOP = 4        # a press that moves less than this is a click, not a drag
SETTLE_MS = 140       # after the last wheel notch or drag move, draw the exact level
FIRST_SIZE = QSize(1366, 768)


def current_theme() -> str:
    """The theme the application wears (by its window colour; light if unknown)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        window = app.palette().color(app.palette().ColorRole.Window).name().lower()
        for theme in THEMES:
            if colours(theme)["window"].lower() == window:
                return theme
    return "light"


class MapCanvas(QWidget):
    """The painted map (see the module docstring)."""

    route_activated = Signal(str)   # a way out chosen (click, Enter)

    def __init__(self, model: MapModel, parent: QWidget | None = None,
                 size: QSize | None = None):
        super().__init__(parent)
        self.setObjectName("mapCanvas")
        self.setAccessibleName("Map of the ways out")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(320, 240)
        self.model = model
        self.painter = MapPainter(model, current_theme(), self.font(), cache=True)
        first = size if size is not None and size.width() > 0 else FIRST_SIZE
        self.view = model.initial_view(first.width(), first.height())
        self.frame = Frame()
        self.focus_id = ""
        self.hover_id = ""
        self.paint_ms: list[float] = []  # how long the last paints took (make bench)
        self._moved = False            # the person panned or zoomed: keep their view
        self._interacting = False      # mid-drag or wheel turn: a stand-in layer will do
        self._press: QPointF | None = None
        self._dragging = False
        self._order = [m.id for m in focus_order(model)]
        self._by_id = {m.id: m for m in model.markers}
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._prefetch = QTimer(self)
        self._prefetch.setSingleShot(True)
        self._prefetch.setInterval(0)
        self._prefetch.timeout.connect(self._prefetch_nearby)
        self.prepare()

    # -- preparing off the paint path ---------------------------------------------------
    def prepare(self) -> None:
        """Build the layer, paths and label images the current view needs, by painting it
        once into a scratch image (the first paint on screen then only draws)."""
        self.painter.prepare(self.view)
        ratio = self.devicePixelRatioF()
        scratch = QImage(max(1, round(self.view.width * ratio)),
                         max(1, round(self.view.height * ratio)),
                         QImage.Format.Format_ARGB32_Premultiplied)
        scratch.setDevicePixelRatio(ratio)
        p = QPainter(scratch)
        try:
            self.painter.paint(p, self.view, status=" ")
        finally:
            p.end()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Once shown: the zoom levels around this one, when idle."""
        self._prefetch.start()
        super().showEvent(event)

    @Slot()
    def _prefetch_nearby(self) -> None:
        """When idle: the layers one zoom step in and out, so a wheel notch finds them."""
        for nearby in (self.view.zoomed(2.0), self.view.zoomed(0.5)):
            self.painter.prepare(nearby)

    @Slot()
    def _settled(self) -> None:
        self._interacting = False
        self.update()
        self._prefetch.start()

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Paint the map (a stand-in layer while the view is moving, see ``paths_for``)."""
        start = time.perf_counter()
        p = QPainter(self)
        try:
            self.frame = self.painter.paint(
                p, self.view, focus=self.focus_id if self.hasFocus() else "",
                hover=self.hover_id, status=self.status_text(),
                stand_in=self._interacting)
        finally:
            p.end()
        if not self.frame.exact:
            self._settle.start()
        self.paint_ms.append((time.perf_counter() - start) * 1000)  # for make bench
        del self.paint_ms[:-256]

    def status_text(self) -> str:
        """What the status line says: the hovered or focused way out, or how to use it."""
        marker = self._by_id.get(self.hover_id) or (
            self._by_id.get(self.focus_id) if self.hasFocus() else None)
        if marker is not None:
            hint = "" if marker.kind == "city" else "  (Enter or click: open)"
            return describe(marker, self.model.names) + hint
        if self.hasFocus():
            return ("Tab: next way out · arrows: move · + and −: zoom · "
                    f"Home: back to {self.model.city['name']}")
        return ""

    def set_view(self, view: View, *, interactive: bool = False) -> None:
        """Show another view (``interactive``: part of a drag or wheel turn)."""
        self.view = view
        self._moved = True
        if interactive:
            self._interacting = True
            self._settle.start()
        else:
            self._prefetch.start()
        self.update()

    def set_theme(self) -> None:
        """Follow the application's theme and font."""
        self.painter.set_theme(current_theme(), self.font())
        self.update()

    # -- views ----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Keep the person's view; before they moved it, fit the first view again."""
        w, h = max(1, self.width()), max(1, self.height())
        self.view = (self.view.resized(w, h) if self._moved
                     else self.model.initial_view(w, h))
        if not self.paint_ms:  # laid out before the first paint: prepare for this size
            self.prepare()
        super().resizeEvent(event)

    @Slot()
    def zoom_in(self) -> None:
        """Zoom in one step about the centre."""
        self.set_view(self.view.zoomed(ZOOM_STEP))

    @Slot()
    def zoom_out(self) -> None:
        """Zoom out one step about the centre."""
        self.set_view(self.view.zoomed(1 / ZOOM_STEP))

    @Slot()
    def go_home(self) -> None:
        """Back to my city: the first view again."""
        self.set_view(self.model.home_view(self.view.width, self.view.height))
        self._moved = False

    # -- mouse, wheel, touchpad -------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """Start a drag or a click."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragging = False
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """Drag the map, or show what is under the mouse."""
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = pos - self._press
            if self._dragging or delta.manhattanLength() >= CLICK_SLOP:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._press = pos
                self.set_view(self.view.panned(delta.x(), delta.y()), interactive=True)
            return
        self._hover(pos, event.globalPosition().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """A click (not a drag) on a way out opens it."""
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragging:
                marker = self.frame.at(event.position().x(), event.position().y())
                if marker is not None and marker.kind != "city":
                    self.focus_id = marker.id
                    self.route_activated.emit(marker.id)
            self._press = None
            self._dragging = False
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def _hover(self, pos: QPointF, global_pos: QPoint) -> None:
        marker = self.frame.at(pos.x(), pos.y())
        found = marker.id if marker is not None else ""
        if found != self.hover_id:
            self.hover_id = found
            if marker is not None:
                self.setCursor(Qt.CursorShape.PointingHandCursor
                               if marker.kind != "city" else Qt.CursorShape.ArrowCursor)
                QToolTip.showText(global_pos, describe(marker, self.model.names), self)
            else:
                self.unsetCursor()
                QToolTip.hideText()
            self.update()

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Nothing is hovered once the mouse leaves."""
        if self.hover_id:
            self.hover_id = ""
            self.update()
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        """A mouse wheel zooms about the mouse; a touchpad's two-finger scroll pans
        (with Ctrl held, it zooms)."""
        pixels = event.pixelDelta()
        touchpad = (not pixels.isNull() and event.phase() != Qt.ScrollPhase.NoScrollPhase)
        at = (event.position().x(), event.position().y())
        if touchpad and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_view(self.view.panned(pixels.x(), pixels.y()), interactive=True)
        else:
            steps = (event.angleDelta().y() or pixels.y()) / 120
            if steps:
                self.set_view(self.view.zoomed(WHEEL_STEP ** steps, at), interactive=True)
        event.accept()

    def event(self, event: QEvent) -> bool:
        """A touchpad pinch zooms."""
        if isinstance(event, QNativeGestureEvent) and \
                event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            at = (event.position().x(), event.position().y())
            self.set_view(self.view.zoomed(1 + event.value(), at), interactive=True)
            return True
        return super().event(event)

    # -- keyboard -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """+ and − zoom, arrows pan, Home goes back to the city, Enter opens the way out
        in focus, N and P move between ways out, Escape lets go of it."""
        key, text = event.key(), event.text()
        pans = {Qt.Key.Key_Left: (PAN_STEP, 0), Qt.Key.Key_Right: (-PAN_STEP, 0),
                Qt.Key.Key_Up: (0, PAN_STEP), Qt.Key.Key_Down: (0, -PAN_STEP)}
        if text in ("+", "="):
            self.zoom_in()
        elif text in ("-", "−", "_"):
            self.zoom_out()
        elif key in pans:
            self.set_view(self.view.panned(*pans[key]))
        elif key == Qt.Key.Key_Home or text == "0":
            self.go_home()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.focus_id:
                self.route_activated.emit(self.focus_id)
        elif text.lower() in ("n", "p"):
            self.move_focus(text.lower() == "n")
        elif key == Qt.Key.Key_Escape and self.focus_id:
            self.focus_id = ""
            self.update()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt override
        """Tab and Shift+Tab visit the ways out in the planner's order; past the last
        (or before the first) they leave the map."""
        if self.move_focus(forward, wrap=False):
            return True
        self.focus_id = ""
        self.update()
        return super().focusNextPrevChild(forward)

    def move_focus(self, forward: bool = True, *, wrap: bool = True) -> bool:
        """Focus the next (or previous) way out; False at the end when not wrapping."""
        if not self._order:
            return False
        if self.focus_id in self._order:
            n = self._order.index(self.focus_id) + (1 if forward else -1)
        else:
            n = 0 if forward else len(self._order) - 1
        if not 0 <= n < len(self._order):
            if not wrap:
                return False
            n %= len(self._order)
        self.focus_marker(self._order[n])
        return True

    def focus_marker(self, marker_id: str) -> None:
        """Put the keyboard focus on a way out, bringing it into view."""
        self.focus_id = marker_id
        marker = self._by_id[marker_id]
        self._ensure_visible(marker)
        words = describe(marker, self.model.names)
        self.setAccessibleDescription(words)
        announce(self, words)  # a screen reader says the way out Tab moved to
        self.update()

    def _ensure_visible(self, marker: Marker) -> None:
        placed = self.frame.of(marker.id)
        if placed is not None and placed.anchor is not None:
            x, y = placed.anchor
        else:
            x, y = self.view.to_pixel(marker.x, marker.y)
        margin = 60
        if not (margin < x < self.view.width - margin and margin < y < self.view.height - 90):
            mx, my = self.view.to_pixel(marker.x, marker.y)
            self.set_view(self.view.panned(self.view.width / 2 - mx,
                                           self.view.height / 2 - my))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Coming in with Tab (or Shift+Tab) focuses the first (or last) way out."""
        reason = event.reason()
        if reason == Qt.FocusReason.TabFocusReason and not self.focus_id and self._order:
            self.focus_marker(self._order[0])
        elif reason == Qt.FocusReason.BacktabFocusReason and not self.focus_id and self._order:
            self.focus_marker(self._order[-1])
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """The focus ring goes with the focus."""
        self.update()
        super().focusOutEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Follow theme and text size changes."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self.set_theme()
        super().changeEvent(event)
