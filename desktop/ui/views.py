"""The right-hand views: the page view, and the planner, map and checklist views, which
are made on first use (start-up builds only the page view)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop.errors import UserFacingError
from desktop.services import Services
from desktop.ui.page_view import PageView


class Views(QStackedWidget):
    """Shows one of the page view, the planner, the map or a checklist."""

    route_activated = Signal(str)          # a route id chosen in the planner or the map
    choice_changed = Signal(list, str)     # passports, city chosen in the planner
    link_activated = Signal(str)           # a link inside a checklist item
    print_requested = Signal(str)          # a checklist's print buttons: 'preview', …

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self.page = PageView(self)
        self.addWidget(self.page)
        self.planner = None
        self.map = None
        self.checklist = None
        self._scale = 1.0
        self.currentChanged.connect(self.updateGeometry)  # the new view's minimum size

    def minimumSizeHint(self) -> QSize:
        """The view shown decides how small this may be (a stack takes the largest of all
        its views, so a planner opened once would keep every later page from shrinking)."""
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        """The view shown's preferred size."""
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def scroll(self) -> int:
        """How far the page view is scrolled (to come back to it)."""
        return self.page.verticalScrollBar().value()

    def show_html(self, body: str, scroll: int = 0) -> None:
        """Show a page body, scrolled to ``scroll``."""
        self.page.show_html(body)
        self.page.verticalScrollBar().setValue(scroll)
        self.setCurrentWidget(self.page)

    def show_planner(self, passports: list[str], city: str) -> None:
        """Show the route planner (made the first time)."""
        if self.planner is None:
            from desktop.ui.planner import PlannerView

            self.planner = PlannerView(self._services.content, passports, city, self)
            self.planner.route_activated.connect(self.route_activated)
            self.planner.choice_changed.connect(self.choice_changed)
            self.addWidget(self.planner)
        self.setCurrentWidget(self.planner)

    def show_map(self, passports: list[str], city: str) -> None:
        """Show the map of the ways out (made, with its boundaries loaded, the first
        time: nothing of it is loaded at start-up)."""
        if self.map is None:
            from desktop.ui.map_view import MapView

            try:
                self.map = MapView(self._services.content, passports, city, self,
                                   self.size())
            except UserFacingError as exc:
                why = str(exc).rstrip(".")
                raise UserFacingError(f"The map cannot be shown: {why}. The route planner "
                                      "lists the same ways out.") from exc
            self.map.route_activated.connect(self.route_activated)
            self.addWidget(self.map)
        self.setCurrentWidget(self.map)

    def show_checklist(self, checklist_id: str) -> None:
        """Show a checklist with its ticks and the traveller's own items."""
        from desktop.ui.checklist_view import ChecklistView

        if self.checklist is not None:
            self.removeWidget(self.checklist)
            self.checklist.deleteLater()
        self.checklist = ChecklistView(self._services.content, self._services.user,
                                       checklist_id, self)
        self.checklist.link_activated.connect(self.link_activated)
        self.checklist.print_requested.connect(self.print_requested)
        self.addWidget(self.checklist)
        self.setCurrentWidget(self.checklist)

    def set_choice(self, passports: list[str], city: str) -> None:
        """Tell the planner and the map (if made) about new passports or a new city."""
        if self.planner is not None:
            self.planner.set_choice(passports, city)
        if self.map is not None:
            self.map.set_choice(passports, city)

    def planner_city(self) -> str | None:
        """The city the planner shows (None before it is made)."""
        return self.planner.current_city() if self.planner is not None else None

    def rescale(self, scale: float) -> bool:
        """Forget the interactive views when the text size changed (they are made again
        at the new size); True if any was dropped."""
        changed = scale != self._scale and (self.planner or self.map or self.checklist) \
            is not None
        self._scale = scale
        if changed:
            self.drop()
        return changed

    def drop(self) -> None:
        """Forget the planner, map and checklist views (after a content change or a
        wipe)."""
        for view in (self.planner, self.map, self.checklist):
            if view is not None:
                self.removeWidget(view)
                view.deleteLater()
        self.planner = self.map = self.checklist = None
