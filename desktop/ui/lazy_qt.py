"""PySide's ``Qt`` namespace, made when first used, and Qt properties set by name.

The first time anything in ``PySide6.QtCore.Qt`` is named -- or a constructor with an
overload taking one of its enums is resolved, as ``QSplitter(parent)`` -- PySide creates
all of the namespace's ~140 enums at once: ~20 ms, a tenth of a bare window's start-up.
Nothing on the way to the window's first paint needs it:

* modules use ``Qt`` from here: the real namespace, looked up on first attribute use;
* widgets made before the first paint set Qt's enum properties by name and key
  (``set_props(label, textFormat="PlainText")``), which Qt converts itself.

``tests/ui/test_startup.py`` checks that a started window has not made the namespace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QObject


class _LazyQt:
    """Stands for ``PySide6.QtCore.Qt``; the namespace is made on first attribute use."""

    def __getattr__(self, name: str) -> Any:
        from PySide6 import QtCore

        value = getattr(QtCore.Qt, name)
        setattr(self, name, value)  # looked up once
        return value


Qt: Any = _LazyQt()


def set_props(obj: QObject, **values: str) -> None:
    """Set Qt properties of ``obj`` to enum keys given by name, e.g.
    ``set_props(bar, toolButtonStyle="ToolButtonTextBesideIcon")``; flags are joined with
    ``|``.  An unknown property or key raises ``ValueError`` (nothing is set silently)."""
    for name, key in values.items():
        if obj.metaObject().indexOfProperty(name) < 0 or not obj.setProperty(name, key):
            raise ValueError(f"{type(obj).__name__} has no property {name} taking {key!r}")
