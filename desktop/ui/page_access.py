"""What a screen reader gets from the page view: a document of headings, paragraphs,
lists, tables and links (the ``Node`` objects of ``desktop.ui.page_tree``).

Qt exposes a ``QTextBrowser`` as one label: no links, no headings, and text holding the
document's internal markers.  Here the page is a Document named after the page whose
children are its objects.  A link is focusable and can be pressed; Tab through the page
sends a focus event for the link it lands on, so a screen reader speaks it.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleInterface,
    QAccessibleObject,
)
from PySide6.QtWidgets import QAccessibleWidget, QTextBrowser

from desktop.ui import access
from desktop.ui.page_tree import Node

Role = QAccessible.Role


class _LinkActions(QAccessibleActionInterface):
    def __init__(self, node: Node):
        super().__init__()
        self._node = node

    def actionNames(self) -> list[str]:
        return [self.pressAction(), self.setFocusAction()]

    def doAction(self, name: str) -> None:
        tree = self._node.tree
        if name == self.pressAction():
            href = self._node.href  # later: pressing may replace the page (and this node)
            QTimer.singleShot(0, tree.view, lambda: tree.activate(href))
        elif name == self.setFocusAction():
            tree.focus_link(self._node)

    def keyBindingsForAction(self, name: str) -> list[str]:
        return []


class NodeAccessible(QAccessibleObject):
    """The accessible interface of one ``Node``."""

    def __init__(self, node: Node):
        super().__init__(node)
        self.node = node
        self._actions = _LinkActions(node) if node.role == Role.Link else None

    def role(self) -> QAccessible.Role:
        return self.node.role

    def text(self, t: QAccessible.Text) -> str:
        if t == QAccessible.Text.Name:
            return self.node.name
        if t == QAccessible.Text.Description:
            return self.node.description
        return ""

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        view = self.node.tree.view
        state.invisible = not view.isVisible()
        state.readOnly = True
        if self.node.role == Role.Link:
            state.focusable = True
            state.linked = True
            state.focused = self.node.tree.focused_link() is self.node
        return state

    def rect(self) -> QRect:
        return self.node.tree.rect(self.node.start, self.node.end)

    def parent(self) -> QAccessibleInterface | None:
        node = self.node
        return QAccessible.queryAccessibleInterface(node.parent_node or node.tree.view)

    def childCount(self) -> int:
        return len(self.node.children)

    def child(self, index: int) -> QAccessibleInterface | None:
        children = self.node.children
        return (QAccessible.queryAccessibleInterface(children[index])
                if 0 <= index < len(children) else None)

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return _index(self.node.children, child)

    def interface_cast(self, kind: QAccessible.InterfaceType) -> object:
        if kind == QAccessible.InterfaceType.ActionInterface and self._actions is not None:
            return shiboken6.VoidPtr(shiboken6.getCppPointer(self._actions)[0])
        return shiboken6.VoidPtr(0)


def _index(nodes: list[Node], child: QAccessibleInterface) -> int:
    target = child.object() if child is not None else None
    for i, node in enumerate(nodes):
        if node is target:
            return i
    return -1


class PageAccessible(QAccessibleWidget):
    """The page view as a Document named after the page, whose children are the page's
    objects; while Tab is on a link, that link has the focus."""

    def __init__(self, view: QTextBrowser):
        super().__init__(view, Role.Document)
        self.view = view

    def text(self, t: QAccessible.Text) -> str:
        if t == QAccessible.Text.Name:
            return self.view.page_title() or self.view.accessibleName()  # type: ignore[attr-defined]
        return super().text(t)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.readOnly = True
        if self.view.page_tree.focused_link() is not None:  # type: ignore[attr-defined]
            state.focused = False
        return state

    def _nodes(self) -> list[Node]:
        return self.view.page_tree.nodes()  # type: ignore[attr-defined]

    def childCount(self) -> int:
        return len(self._nodes())

    def child(self, index: int) -> QAccessibleInterface | None:
        nodes = self._nodes()
        return QAccessible.queryAccessibleInterface(nodes[index]) \
            if 0 <= index < len(nodes) else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return _index(self._nodes(), child)

    def focusChild(self) -> QAccessibleInterface | None:
        link = self.view.page_tree.focused_link()  # type: ignore[attr-defined]
        return QAccessible.queryAccessibleInterface(link) if link is not None else None


access.register(Node, NodeAccessible)

