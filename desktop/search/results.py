"""What a search returns: ranked hits with lazily cut snippets, and what was done."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

MARK_START, MARK_END = "\x02", "\x03"


@dataclass(eq=False)
class SearchHit:
    """One ranked result.  Its snippet is cut on first use: a results list only shows a
    screenful, and each snippet costs a scan of the record's text."""

    kind: str
    id: str
    title: str
    country: str
    rank: float  # bm25 times the priors
    make_snippet: Callable[[], str] = field(default=lambda: "", repr=False)
    _snippet: str | None = field(default=None, repr=False)

    @property
    def snippet(self) -> str:
        """Text around the best matches, matched words wrapped in MARK_START/MARK_END."""
        if self._snippet is None:
            self._snippet = self.make_snippet()
        return self._snippet

    def snippet_text(self, start: str = "**", end: str = "**") -> str:
        """The snippet with matched words marked by plain-text markers."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)

    def snippet_html(self) -> str:
        """The snippet as HTML with matched words in <b>."""
        return html.escape(self.snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")

    def to_json(self) -> dict:
        """A JSON-ready dict (snippet marked with ** … **)."""
        return {"kind": self.kind, "id": self.id, "title": self.title,
                "country": self.country, "snippet": self.snippet_text(),
                "snippet_html": self.snippet_html(), "rank": self.rank}


@dataclass(frozen=True)
class SearchResult:
    """Hits for a query, and what the search did to find them.

    ``corrected``: the query searched after the spelling fix ("showing results for …").
    ``words``: the words searched for (stop words left out).  ``closest``: no record has
    all of them, so the hits are the records with most ("no record has all of: …; showing
    the closest").  ``dropped``: words left out: unknown to the index, or lacking from the
    first hit when ``closest``.  ``intent``: the kinds of record the query asks for (the
    section to browse).  ``shortened``: the text was longer than ``MAX_QUERY_CHARS``, and
    only its start was searched.
    """

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    corrected: str | None = None
    words: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    intent: tuple[str, ...] = ()
    closest: bool = False
    shortened: bool = False
