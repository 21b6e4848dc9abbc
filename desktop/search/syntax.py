"""How long a query may be, and how a term is written in FTS5.

No imports: the content check (on every start) and the search field use these without
loading the search itself.
"""

from __future__ import annotations

MAX_QUERY_CHARS = 500  # a longer text is a paste, not a question: only its start is read
CUT_NOTE = f"Only the first {MAX_QUERY_CHARS} characters were searched."  # said when cut


def quote(term: str) -> str:
    """Quote one term as an FTS5 string (double any inner quote)."""
    return '"' + term.replace('"', '""') + '"'
