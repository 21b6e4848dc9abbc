"""The map panel of a printout: the print renderer draws the map a document describes and
adds it as the app's own image resource (``maptext.MAP_IMAGE``), like the spacer.

A document describes its map in a ``<meta name="sp-map">`` of its head (``maptext.
map_meta``: the map's data, the panel's size, the ways out to frame), so the PDF, the
printer, the preview and the CLI all get it from the HTML alone.  Only the head is read:
content HTML in the body cannot ask for a map.  QtGui only.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QImage, QTextDocument

from desktop.geo.atlas import AtlasError
from desktop.pages.maptext import MAP_IMAGE, MAP_META

PRINT_RATIO = 2.5     # device pixels per CSS pixel: 240 dpi on paper
PRINT_FONT_PT = 7.5
_META = re.compile(rf'<meta\s+name="{MAP_META}"\s+content="([^"]*)">')


def map_spec(markup: str) -> str | None:
    """The map description in a document's head, as JSON text (None without one)."""
    end = markup.find("<body")
    match = _META.search(markup, 0, end if end >= 0 else len(markup))
    return html.unescape(match.group(1)) if match else None


@lru_cache(maxsize=2)
def map_image(spec_json: str, family: str = "") -> QImage | None:
    """The map a description asks for, drawn for paper (None if it is not one); the
    renderer lays a document out several times while fitting it, so it is kept."""
    from desktop.geo.mapspec import model_from_spec
    from desktop.printing.map_paint import render_image

    try:
        spec = json.loads(spec_json)
        model = model_from_spec(spec)
        width, height = (int(v) for v in spec.get("size") or (680, 380))
        focus = [str(r) for r in spec.get("focus") or []]
    except (ValueError, TypeError, AtlasError):
        return None
    if not (40 <= width <= 2000 and 40 <= height <= 2000):
        return None
    view = (model.view_of(focus, width, height) if focus
            else model.initial_view(width, height))
    font = QFont(family) if family else QFont()
    font.setPointSizeF(PRINT_FONT_PT)
    return render_image(model, view, theme="print", font=font, ratio=PRINT_RATIO,
                        lines_to=focus or None)


def add_map(doc: QTextDocument, markup: str, family: str = "") -> bool:
    """Give ``doc`` the map its HTML describes, under the app's own image name; True if
    there was one to draw."""
    spec = map_spec(markup)
    image = map_image(spec, family) if spec else None
    if image is None:
        return False
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(MAP_IMAGE), image)
    return True
