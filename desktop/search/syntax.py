"""How a term is written in FTS5.

No imports: the content check (on every start) uses it without loading the search itself.
"""

from __future__ import annotations


def quote(term: str) -> str:
    """Quote one term as an FTS5 string (double any inner quote)."""
    return '"' + term.replace('"', '""') + '"'
