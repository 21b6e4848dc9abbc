"""Record -> page structure, and its layouts: screen HTML, print HTML, plain text.

``records`` builds one ``Page`` per record kind, ``overview`` the start page and section
lists, ``checklist`` a checklist with progress; ``screen``, ``printout``, ``cards`` (contact
sheet, wallet card) and ``plain`` lay them out.  Below the Qt line: no PySide6 here.
"""
