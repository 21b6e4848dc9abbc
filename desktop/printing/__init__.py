"""Printing and drawing with QtGui (never QtWidgets): page layout, PDF export and printing
(``render``), the map's painter shared by the window and the printouts (``map_paint`` with
``map_marks``, ``map_legend``, ``map_cache``; ``map_print`` adds a printout's map panel),
and the ``safe-passage print`` sub-command (``cli``).  The print HTML itself is built
without Qt in ``desktop.pages`` (``printout``, ``jobs``)."""
