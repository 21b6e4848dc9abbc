"""The Qt binding must not leak or drop references to None.

PySide6 6.12.0 on Python 3.11 decremented None's reference count on every call of a
method returning nothing; after enough calls (a few hundred page opens in the app) the
interpreter aborted with "deallocating None".  This guards any upgrade of the binding.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextDocument


def test_void_calls_keep_none_alive() -> None:
    obj, doc = QObject(), QTextDocument()
    before = sys.getrefcount(None)
    for _ in range(2000):
        obj.setObjectName("x")
        doc.setHtml("<p>x</p>")
    assert abs(sys.getrefcount(None) - before) < 50
