"""The objects of a page as a screen reader gets them, read from its ``QTextDocument``.

One ``Node`` per heading, paragraph, list, list item, table, row, cell and link, with clean
names (no U+FDD0/U+FDD1 around tables, no U+2028 for line breaks).  Layout tables (one row
or one column: the overview's columns, panels, notes) are not tables to a reader: their
content joins the page.  A link says what it does: a copy link's name is its title ("Copy
phone number … of …"); links with the same words leading to different places start with
their row's label; the description says where a link goes.  ``desktop.ui.page_access``
gives Qt the interfaces of these objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleEvent

from desktop.content.schema import KIND_LABELS
from desktop.pages.model import EXTERNAL_SCHEMES, parse_link
from desktop.ui.announce import post

if TYPE_CHECKING:  # the text classes load when a page is first walked, not at start-up
    from PySide6.QtGui import QTextBlock, QTextFrame, QTextTable, QTextTableCell
    from PySide6.QtWidgets import QTextBrowser

Role = QAccessible.Role
SPECIAL_LINKS = {"planner": "Opens the route planner", "section": "Opens a section",
                 "overview": "Opens the overview",
                 "setup": "Asks for your passports and where you are"}
NO_VALUE = {"—", "-", "–"}


def clean(text: str) -> str:
    """Document text without Qt's markers: line breaks as newlines, no-break spaces as
    spaces, runs of spaces folded."""
    for marker, plain in (("\u2028", "\n"), ("\u2029", "\n"), ("\xa0", " "), ("\ufdd0", ""),
                          ("\ufdd1", ""), ("\ufffc", "")):
        text = text.replace(marker, plain)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class Node(QObject):
    """One object of the page: a heading, paragraph, list, list item, table, row, cell or
    link, over the document positions ``start``..``end``."""

    def __init__(self, tree: PageTree, role: QAccessible.Role, name: str, start: int,
                 end: int, parent: Node | None, *, href: str = "", description: str = ""):
        super().__init__(tree.view)
        self.tree, self.role, self.name = tree, role, name
        self.start, self.end, self.parent_node = start, end, parent
        self.href, self.description = href, description
        self.key: object = ""  # a list: its first item's position; a link: its row's label
        self.children: list[Node] = []


class PageTree:
    """The accessible objects of the page shown in ``view`` (a ``PageView``)."""

    def __init__(self, view: QTextBrowser):
        self.view = view
        self._top: list[Node] = []
        self._all: list[Node] = []
        self._links: list[Node] = []
        self._built = False
        self._current: Node | None = None

    # -- the tree ----------------------------------------------------------------------
    def nodes(self) -> list[Node]:
        """The page's top-level objects (built on first use after a page change)."""
        if not self._built:
            self._build()
        return self._top

    def links(self) -> list[Node]:
        """Every link of the page, in reading order."""
        self.nodes()
        return self._links

    def reset(self) -> None:
        """Forget the objects of the page shown before (after ``setHtml``); with a screen
        reader listening, tell it which objects went and which came."""
        listening = QAccessible.isActive()
        if listening and self._built:
            for node in self._top:
                post(QAccessibleEvent(node, QAccessible.Event.ObjectDestroyed))
        for node in self._all:
            shiboken6.delete(node)  # Qt's cache drops its interface with it
        self._top, self._all, self._links = [], [], []
        self._built, self._current = False, None
        if listening:  # (Qt's ObjectReorder sends a children-changed AT-SPI rejects)
            for node in self.nodes():
                post(QAccessibleEvent(node, QAccessible.Event.ObjectCreated))

    def _build(self) -> None:
        self._built = True
        self._frame(self.view.document().rootFrame(), self._top, None, "")
        self._links.sort(key=lambda n: n.start)
        names: dict[str, set[str]] = {}
        for link in self._links:
            names.setdefault(link.name, set()).add(link.href)
        for link in self._links:  # the same words leading to different places
            if len(names[link.name]) > 1 and link.key:
                link.name = f"{link.key}: {link.name}"

    def _node(self, role: QAccessible.Role, name: str, start: int, end: int,
              parent: Node | None, out: list[Node], **extra: str) -> Node:
        node = Node(self, role, name, start, end, parent, **extra)
        self._all.append(node)
        out.append(node)
        if role == Role.Link:
            self._links.append(node)
        return node

    def _frame(self, frame: QTextFrame | QTextTableCell, out: list[Node],
               parent: Node | None, context: str) -> None:
        """The nodes of a frame or a table cell (both hold blocks, frames and tables)."""
        from PySide6.QtGui import QTextTable

        it = frame.begin()
        while not it.atEnd():
            child = it.currentFrame()
            if isinstance(child, QTextTable):
                self._table(child, out, parent, context)
            elif child is not None:
                self._frame(child, out, parent, context)
            elif it.currentBlock().isValid():
                self._block(it.currentBlock(), out, parent, context)
            it += 1

    def _table(self, table: QTextTable, out: list[Node], parent: Node | None,
               context: str) -> None:
        rows, columns = table.rows(), table.columns()
        if rows == 1 or columns == 1:  # layout: its content joins the page
            for r in range(rows):
                for c in range(columns):
                    cell = table.cellAt(r, c)
                    if (cell.row(), cell.column()) == (r, c):
                        self._frame(cell, out, parent, context)
            return
        caption = out[-1].name if out and out[-1].role == Role.Heading else ""
        node = self._node(Role.Table, caption, table.firstPosition(), table.lastPosition(),
                          parent, out)
        headers = table.format().headerRowCount()
        for r in range(rows):
            first = table.cellAt(r, 0)
            row = self._node(Role.Row, "", first.firstPosition(),
                             table.cellAt(r, columns - 1).lastPosition(), node, node.children)
            label = self._range_text(first.firstPosition(), first.lastPosition())
            for c in range(columns):
                cell = table.cellAt(r, c)
                if (cell.row(), cell.column()) != (r, c):
                    continue  # spanned
                text = self._range_text(cell.firstPosition(), cell.lastPosition())
                role = Role.ColumnHeader if r < headers else Role.Cell
                cell_node = self._node(role, "not known" if text in NO_VALUE else text,
                                       cell.firstPosition(), cell.lastPosition(), row,
                                       row.children)
                inside: list[Node] = []
                self._frame(cell, inside, cell_node, label if c else context)
                cell_node.children = [n for n in self._flat(inside) if n.role == Role.Link]
                for link in cell_node.children:
                    link.parent_node = cell_node

    def _flat(self, nodes: list[Node]) -> list[Node]:
        out: list[Node] = []
        for node in nodes:
            out.append(node)
            out.extend(self._flat(node.children))
        return out

    def _block(self, block: QTextBlock, out: list[Node], parent: Node | None,
               context: str) -> None:
        text = self._block_text(block)
        start, end = block.position(), block.position() + max(0, block.length() - 1)
        links = self._anchors(block)
        if not text and not links:
            return
        if len(links) == 1 and clean(links[0][2]) == text and not block.textList():
            self._link(*links[0], out, parent, context)  # a link on its own line
            return
        level = block.blockFormat().headingLevel()
        if level:
            node = self._node(Role.Heading, text, start, end, parent, out)
        elif block.textList() is not None:
            key = block.textList().item(0).position()
            holder = out[-1] if out and out[-1].role == Role.List and out[-1].key == key \
                else None
            if holder is None:
                holder = self._node(Role.List, "", start, end, parent, out)
                holder.key = key
            holder.end = end
            node = self._node(Role.ListItem, text, start, end, holder, holder.children)
        else:
            node = self._node(Role.Paragraph, text, start, end, parent, out)
        for link in links:
            self._link(*link, node.children, node, context)

    def _link(self, start: int, end: int, text: str, href: str, title: str,
              out: list[Node], parent: Node | None, context: str) -> None:
        shown = clean(text).rstrip(",;").strip()
        scheme = href.partition(":")[0]
        inside = parse_link(href)
        if inside is not None:
            kind = inside[0]
            label = KIND_LABELS.get(kind, "")
            description = SPECIAL_LINKS.get(kind, f"Opens the {label.lower()}" if label else "")
        elif scheme in EXTERNAL_SCHEMES:
            description = f"Opens outside Safe Passage (asks first): {href}"
        else:
            description = ""
        node = self._node(Role.Link, title or shown, start, end, parent, out, href=href,
                          description=description)
        node.key = "" if title or context == shown else context

    @staticmethod
    def _anchors(block: QTextBlock) -> list[tuple[int, int, str, str, str]]:
        """(start, end, text, href, title) of each link of a block, fragments joined."""
        found: list[tuple[int, int, str, str, str]] = []
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            href = fmt.anchorHref() if fmt.isAnchor() else ""
            if href:
                start, end = fragment.position(), fragment.position() + fragment.length()
                if found and found[-1][3] == href and found[-1][1] == start:
                    last = found.pop()
                    found.append((last[0], end, last[2] + fragment.text(), href, last[4]))
                else:
                    found.append((start, end, fragment.text(), href, fmt.toolTip()))
            it += 1
        return found

    @staticmethod
    def _block_text(block: QTextBlock) -> str:
        """A block's text without its copy links (they are objects of their own)."""
        parts = []
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if not (fmt.isAnchor() and fmt.anchorHref().startswith("copy:")):
                parts.append(fragment.text())
            it += 1
        return clean("".join(parts))

    def _range_text(self, start: int, end: int) -> str:
        doc = self.view.document()
        block, lines = doc.findBlock(start), []
        while block.isValid() and block.position() <= end:
            lines.append(self._block_text(block))
            block = block.next()
        return clean("\n".join(lines))

    # -- focus and geometry --------------------------------------------------------------
    def focused_link(self) -> Node | None:
        """The link Tab has moved to, while the page has the keyboard focus."""
        return self._current if self.view.hasFocus() else None

    def cursor_moved(self, *, announce: bool = False) -> None:
        """Follow the link the page's cursor selects (Tab, Shift+Tab); tell a screen reader
        when the focused link changes (or always, with ``announce``)."""
        cursor = self.view.textCursor()
        link = None
        if cursor.hasSelection():
            first, last = cursor.selectionStart(), cursor.selectionEnd()
            link = next((n for n in self.links() if n.start <= first and last <= n.end), None)
        changed = link is not self._current
        self._current = link
        if (changed or announce) and self.view.hasFocus():
            post(QAccessibleEvent(link if link is not None else self.view,
                                  QAccessible.Event.Focus))

    def focus_link(self, node: Node) -> None:
        """Move the keyboard focus to a link (a screen reader's SetFocus action)."""
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.view.document())
        cursor.setPosition(node.start)
        cursor.setPosition(node.end, QTextCursor.MoveMode.KeepAnchor)
        self.view.setFocus()
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def activate(self, href: str) -> None:
        """Follow a link as a click would (a screen reader's Press action)."""
        self.view.open_link(href)  # type: ignore[attr-defined]

    def rect(self, start: int, end: int) -> QRect:
        """Where positions ``start``..``end`` are on the screen."""
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.view.document())
        cursor.setPosition(start)
        first = self.view.cursorRect(cursor)
        cursor.setPosition(end)
        last = self.view.cursorRect(cursor)
        if first.top() == last.top():
            area = QRect(first.topLeft(), QPoint(max(first.left(), last.right()), last.bottom()))
        else:
            area = QRect(QPoint(0, first.top()),
                         QPoint(self.view.viewport().width(), last.bottom()))
        return area.translated(self.view.viewport().mapToGlobal(QPoint(0, 0)))

