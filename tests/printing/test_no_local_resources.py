"""Pages from content load no files and no addresses: not on screen, not in a printout.

A pack's HTML named local files as images (``file:///…``, absolute and relative paths) and
they appeared in the page and in printed PDFs.  Each form is tried against the page view
and the print renderer; the image must never be read.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument

from desktop.printing import render

IMAGE = QTextDocument.ResourceType.ImageResource


@pytest.fixture
def secret_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A large red PNG in a folder that is also the working directory."""
    image = QImage(300, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = tmp_path / "secret.png"
    assert image.save(str(path))
    monkeypatch.chdir(tmp_path)
    return path


def sources(path: Path) -> list[str]:
    return [path.as_uri(), str(path), path.name, f"./{path.name}",
            "https://example.org/tracker.png", f"file://localhost{path}"]


def not_read(loaded: object) -> bool:
    """True when what the document holds for a name is nothing, or the blank stand-in."""
    if loaded is None or (hasattr(loaded, "isNull") and loaded.isNull()):
        return True
    return hasattr(loaded, "width") and loaded.width() <= 1 and loaded.height() <= 1


def html_with(src: str) -> str:
    return (f'<html><body><p>Before</p><img src="{src}" width="200" height="200">'
            f'<p style="background-image: url({src})">After</p></body></html>')


def test_page_view_loads_no_image_named_by_a_page(qtbot, secret_image: Path) -> None:
    from desktop.ui.page_view import PageView

    view = PageView()
    qtbot.addWidget(view)
    for src in sources(secret_image):
        view.show_html(html_with(src))
        assert not_read(view.document().resource(IMAGE, QUrl(src))), src
        assert not_read(view.loadResource(IMAGE.value, QUrl(src))), src


def test_print_document_loads_no_image_named_by_a_page(qapp, secret_image: Path) -> None:
    for src in sources(secret_image):
        doc = render.make_document(html_with(src))
        assert not_read(doc.resource(IMAGE, QUrl(src))), src


def image_sizes(data: bytes) -> list[tuple[int, int]]:
    """Width and height of every image XObject in a PDF."""
    from pypdf import PdfReader

    sizes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
    return sizes


def test_printed_pdf_holds_no_image_named_by_a_page(qapp, secret_image: Path) -> None:
    for src in sources(secret_image):
        data, _ = render.render_pdf(html_with(src), title="t")
        assert all(size <= (1, 1) for size in image_sizes(data)), src


def test_the_apps_own_spacer_still_loads(qapp) -> None:
    from desktop.pages.printout import SPACER

    doc = render.make_document(f'<img src="{SPACER}" width="1" height="10">')
    assert not doc.resource(IMAGE, QUrl(SPACER)).isNull()
    assert os.fspath(SPACER) == SPACER
