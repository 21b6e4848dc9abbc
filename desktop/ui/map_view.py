"""The Map location: a title saying whose map it is, zoom buttons and the painted map
(``map_canvas.MapCanvas``), made for the traveller's passports and city."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from desktop.geo.mapmodel import map_model
from desktop.pages.model import passports_text
from desktop.storage.content_db import ContentDB
from desktop.ui.flow import FlowLayout
from desktop.ui.map_canvas import MapCanvas
from desktop.ui.util import hint_gives_way

HINT = ("Drag or use the arrow keys to move, the wheel or + and − to zoom. Tab goes "
        "through the ways out in the planner's order; Enter or a click opens one. The route "
        "planner lists the same ways out.")
MAP_SHARE = 0.6  # the hint gives way when the map would get less of the view's height


class MapView(QWidget):
    """The Map location: a title, zoom buttons and the canvas."""

    route_activated = Signal(str)

    def __init__(self, content: ContentDB, passports: list[str], city_id: str,
                 parent: QWidget | None = None, size: QSize | None = None):
        super().__init__(parent)
        self.content = content
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.hint = hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        hint.setObjectName("detail")
        self.zoom_in = self._button("+", "Zoom in (+)")
        self.zoom_out = self._button("−", "Zoom out (−)")
        self.home = self._button("My city", "Back to my city (Home)")
        top = FlowLayout()  # the buttons go below the title when there is no room beside it
        top.add(self.title, stretch=True)
        for button in (self.zoom_in, self.zoom_out, self.home):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.addLayout(top)
        layout.addWidget(hint)
        self.zoom_in.clicked.connect(lambda: self.canvas and self.canvas.zoom_in())
        self.zoom_out.clicked.connect(lambda: self.canvas and self.canvas.zoom_out())
        self.home.clicked.connect(lambda: self.canvas and self.canvas.go_home())
        self.canvas: MapCanvas | None = None
        self._layout = layout
        self._size = size
        self.set_choice(passports, city_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a short view (a small screen, large text) the map keeps its room: the hint
        goes (Help and the map's own description still say it)."""
        super().resizeEvent(event)
        if self.canvas is not None:
            hint_gives_way(self.hint, self.canvas, self._layout, event.size(), MAP_SHARE)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    def set_choice(self, passports: list[str], city_id: str) -> None:
        """Draw the map for other passports or another city."""
        model = map_model(self.content, city_id, passports)
        if self.canvas is not None:
            self._size = self.canvas.size()
            self._layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
        canvas = MapCanvas(model, self, self._size)
        canvas.setAccessibleDescription(HINT)
        canvas.route_activated.connect(self.route_activated)
        self._layout.addWidget(canvas, 1)
        self.canvas = canvas
        self.setFocusProxy(canvas)
        self.title.setText(f"Ways out from {model.city['name']} · for "
                           f"{passports_text(passports)}")
        self.home.setText(f"Back to {model.city['name']}")
