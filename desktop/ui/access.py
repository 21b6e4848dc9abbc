"""Accessible interfaces that Qt's own widgets do not give: one factory for the app.

Qt asks the installed factories for an object's ``QAccessibleInterface`` before using its
built-in ones.  Ours answers for a few classes only (exact type, so the check is cheap):
the page view and the objects of its page (``desktop.ui.page_access``), headings drawn
with ``Heading`` labels, and the status notice of ``desktop.ui.announce``.

Qt's cache owns an interface once the factory returns it and deletes it with its object;
PySide would delete the C++ interface as soon as its Python wrapper is collected, so every
interface is kept on its object (``obj._access``) for the object's lifetime.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QLabel

from desktop.ui.announce import Notice

Maker = Callable[[QObject], QAccessibleInterface]
_makers: dict[type, Maker] = {}
_installed = False


def register(cls: type, maker: Maker) -> None:
    """Use ``maker(obj)`` for the accessible interface of every object of exactly ``cls``."""
    _makers[cls] = maker
    install()


def install() -> None:
    """Install the factory (once per process)."""
    global _installed
    if not _installed:
        _installed = True
        QAccessible.installFactory(_factory)


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    make = _makers.get(type(obj))
    if make is None:
        return None
    iface = make(obj)
    obj._access = iface  # type: ignore[attr-defined]  # see the module docstring
    return iface


def plain(text: str) -> str:
    """Rich text as plain text (tags dropped, whitespace folded)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&").split())


class Heading(QLabel):
    """A label a screen reader presents as a heading (a page or a view's title)."""


class _HeadingAccessible(QAccessibleWidget):
    def __init__(self, label: Heading):
        super().__init__(label, QAccessible.Role.Heading)
        self._label = label

    def text(self, t: QAccessible.Text) -> str:
        if t == QAccessible.Text.Name:
            return self._label.accessibleName() or plain(self._label.text())
        return super().text(t)


class _NoticeAccessible(QAccessibleWidget):
    def __init__(self, notice: Notice):
        super().__init__(notice, QAccessible.Role.Notification)
        self._notice = notice

    def text(self, t: QAccessible.Text) -> str:
        if t == QAccessible.Text.Name:
            return self._notice.text()
        return super().text(t)


_makers[Heading] = _HeadingAccessible
_makers[Notice] = _NoticeAccessible
