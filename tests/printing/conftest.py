"""Fixtures for the printing tests: PDF text extraction and the bundled content."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest


def squash(text: str) -> str:
    """Compare text across PDF line breaks and ligatures: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class Pdf:
    """A written PDF read back with pypdf."""

    def __init__(self, path: Path):
        from pypdf import PdfReader

        self.path = Path(path)
        self.raw = self.path.read_bytes()
        self.reader = PdfReader(str(path))
        self.pages = len(self.reader.pages)
        self.text = "\n".join(page.extract_text() or "" for page in self.reader.pages)
        self.flat = squash(self.text)

    def has(self, text: str) -> bool:
        """True if ``text`` appears (whitespace and ligatures aside)."""
        return squash(text) in self.flat

    def size(self) -> tuple[int, int]:
        """The first page's media box in points."""
        box = self.reader.pages[0].mediabox
        return round(float(box.width)), round(float(box.height))


@pytest.fixture
def read_pdf():
    """Read a PDF back: ``read_pdf(path).has(text)``, ``.pages``, ``.size()``."""
    return Pdf


@pytest.fixture
def bundled(request: pytest.FixtureRequest):
    """Services over the bundled content; skipped only if it cannot be built."""
    from desktop.errors import ContentDBError

    try:
        return request.getfixturevalue("bundled_services")
    except ContentDBError as exc:
        pytest.skip(f"the bundled content database cannot be built: {exc}")
