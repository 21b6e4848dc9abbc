"""Markdown -> HTML (for display and print) and plain text (for the search index).

Rendering happens once, at build time, with a fixed list of extensions so the output is
deterministic.  The HTML stays within the subset QTextBrowser and QTextDocument support.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown

EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
LINK = re.compile(r"""\]\(\s*(sp://[^)\s]*)""")
HREF = re.compile(r"""href="(sp://[^"]*)\"""")
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "div", "pre",
           "blockquote", "table", "ul", "ol"}


def render_markdown(text: str) -> str:
    """Render Markdown to HTML with the app's fixed extension list."""
    return markdown.Markdown(extensions=EXTENSIONS, output_format="html").convert(text or "")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of rendered HTML: tags dropped, entities decoded, blank lines squeezed."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def render(text: str | None) -> tuple[str, str]:
    """Return (html, plain text) for a Markdown field (empty strings for None)."""
    if not text:
        return "", ""
    markup = render_markdown(text)
    return markup, html_to_text(markup)


def internal_links(text: str | None) -> list[str]:
    """Every ``sp://KIND/ID`` target linked from a Markdown text."""
    return LINK.findall(text or "")
