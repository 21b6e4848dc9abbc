"""Feed HTML to plain Markdown, and short plain-text summaries.

``html_to_markdown`` uses the standard library's tolerant ``HTMLParser`` (which expands no
entities beyond HTML's own and loads nothing).  It keeps paragraphs, headings, bullet and
numbered lists, bold/italic and https links; everything else is reduced to its text.
``<script>``/``<style>`` content is dropped.  Text is escaped so that it cannot form
Markdown or HTML of its own (no raw HTML reaches the renderer).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

_BLOCK = {"p", "div", "section", "article", "blockquote", "table", "tr", "dl", "dd", "dt",
          "header", "footer", "main", "aside", "figure", "figcaption", "address", "pre"}
_DROP = {"script", "style", "template", "noscript", "head", "title", "iframe", "object",
         "svg", "math"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


class _Converter(HTMLParser):
    def __init__(self, base_url: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.blocks: list[str] = []   # finished blocks (paragraphs, list items, headings)
        self.line: list[str] = []     # inline pieces of the current block
        self.prefix = ""              # "## ", "- ", "1. "
        self.lists: list[list] = []   # stack of ["ul"|"ol", counter]
        self.drop = 0
        self.links: list[str | None] = []

    # block handling -------------------------------------------------------------
    def _flush(self) -> None:
        text = re.sub(r"[ \t\r\f\v\n]+", " ", "".join(self.line)).strip()
        if text:
            self.blocks.append(self.prefix + text)
        self.line = []
        self.prefix = ""

    def handle_starttag(self, tag, attrs):
        if tag in _DROP:
            self.drop += 1
            return
        if self.drop:
            return
        if tag in _BLOCK or tag in ("ul", "ol"):
            self._flush()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            indent = "  " * max(len(self.lists) - 1, 0)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.prefix = f"{indent}{self.lists[-1][1]}. "
            else:
                self.prefix = f"{indent}- "
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.prefix = "#" * max(int(tag[1]), 2) + " "
        elif tag == "br":
            self.line.append(" ")
        elif tag in ("strong", "b"):
            self.line.append("**")
        elif tag in ("em", "i"):
            self.line.append("*")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            url = urljoin(self.base_url, href.strip()) if self.base_url else href.strip()
            if url.startswith("https://") and not re.search(r"[\s()<>]", url):
                self.line.append("[")
                self.links.append(url)
            else:
                self.links.append(None)
        elif tag in ("td", "th"):
            self.line.append(" ")

    def handle_endtag(self, tag):
        if tag in _DROP:
            self.drop = max(self.drop - 1, 0)
            return
        if self.drop:
            return
        if tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li" or tag in _BLOCK or re.fullmatch(r"h[1-6]", tag):
            self._flush()
        elif tag in ("strong", "b"):
            self._close_mark("**")
        elif tag in ("em", "i"):
            self._close_mark("*")
        elif tag == "a" and self.links:
            url = self.links.pop()
            if url:
                self.line.append(f"]({url})")

    def _close_mark(self, mark: str) -> None:
        # "<b>word </b>" -> "**word** ": Markdown emphasis may not end in a space.
        joined = "".join(self.line)
        body = joined.rstrip()
        self.line = [body, mark, joined[len(body):]]

    def handle_data(self, data):
        if not self.drop:
            self.line.append(_escape(data))


def _tidy(text: str) -> str:
    # Empty bold ("<b></b>") and empty links left behind by odd markup.
    text = re.sub(r"(?<!\\)\*\*\*\*", "", text)
    return re.sub(r"\[\s*\]\([^)]*\)", "", text).strip()


def html_to_markdown(html: str, base_url: str | None = None) -> str:
    """Convert feed HTML to Markdown; relative links are resolved against *base_url*."""
    conv = _Converter(base_url)
    conv.feed(html or "")
    conv.close()
    conv._flush()
    blocks = [b for b in (_tidy(b) for b in conv.blocks) if b]
    out: list[str] = []
    for block in blocks:
        is_item = re.match(r"\s*(- |\d+\. )", block)
        prev_item = out and re.match(r"\s*(- |\d+\. )", out[-1])
        if out:
            out.append("\n" if is_item and prev_item else "\n\n")
        out.append(block)
    return "".join(out).strip()


def markdown_to_plain(md: str) -> str:
    """Markdown from ``html_to_markdown`` back to plain text (for summaries)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    text = re.sub(r"^\s*(#+ |- |\d+\. )", "", text, flags=re.M)
    text = text.replace("**", "").replace("*", "")
    text = re.sub(r"\\(.)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, limit: int = 280) -> str:
    """At most *limit* characters, cut after a sentence if possible, else at a word."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", cut)]
    if ends and ends[-1] >= limit // 3:
        return cut[: ends[-1]]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def escape_summary(text: str) -> str:
    """Plain text made safe to use where Markdown is expected."""
    return _escape(re.sub(r"\s+", " ", text).strip())
