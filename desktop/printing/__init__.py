"""Printing: print HTML builders (``documents``, no Qt), page layout and PDF export
(``render``, QtGui/QtPrintSupport only) and the ``safe-passage print`` sub-command."""
