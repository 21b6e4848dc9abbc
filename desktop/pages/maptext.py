"""The map's words: legend, marker labels, what hover and focus say, and the map panel of
a printout.  The same classes, colours and words as the planner list (``REACH_TEXT``,
``screen.STATUS_COLOURS``).  No Qt here: the widget and the print renderer draw them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from desktop.geo.mapmodel import MapModel, Marker
from desktop.pages.model import MODE_TEXT, STATUS_TEXT, esc, fmt_date
from desktop.planner import REACH_ORDER, REACH_TEXT

# What each class looks like besides its colour (for colour-blind readers and
# black-and-white printers): the widget and the printout draw these shapes.
SHAPES = {"go": "circle", "visa": "diamond", "unknown": "hexagon", "restricted": "triangle",
          "closed": "cross"}
MAP_IMAGE = "sp-map.png"          # the print renderer provides this image
MAP_META = "sp-map"               # <meta name="sp-map" content="…">: what to draw
PRINT_MAP_SIZE = (680, 380)       # the panel in CSS pixels (fits A4 and Letter)
_PARENS = re.compile(r"\s*\([^)]*\)\s*$")


def legend() -> list[tuple[str, str]]:
    """(class, words) of the legend, in the planner's order."""
    return [(reach, REACH_TEXT[reach]) for reach in REACH_ORDER]


def short_label(marker: Marker) -> str:
    """A marker's name without its parenthesised detail ('Narva – Ivangorod'); a flight
    by where it goes ('Dubai')."""
    label = _PARENS.sub("", marker.label).strip() or marker.label
    if marker.kind == "air" and " – " in label:
        label = label.split(" – ", 1)[1]
    return label


def describe(marker: Marker, names: dict[str, str] | None = None) -> str:
    """What hover and keyboard focus say: name, where to, what it means for the traveller,
    status and its as-of date, distance ('Narva – Ivangorod — to Estonia · Can go now ·
    Open, as of 19 Sep 2022 · road · 690 km, straight line')."""
    if marker.kind == "city":
        return f"{marker.label} — you are here"
    to = (names or {}).get(marker.to_country, marker.to_country)
    parts = [f"to {to}"] if to else []
    parts.append(REACH_TEXT.get(marker.reach, marker.reach))
    status = STATUS_TEXT.get(marker.status, marker.status)
    parts.append(f"{status}, as of {fmt_date(marker.as_of)}" if marker.as_of else status)
    mode = MODE_TEXT.get(marker.mode, marker.mode).lower()
    if marker.kind == "air":
        parts.append(f"flight, leaves from here ({marker.distance_km or 0:,} km away)"
                     if (marker.distance_km or 0) >= 30 else "flight, leaves from here")
    elif marker.distance_km is not None:
        via = ""
        if marker.via:
            via = " through " + " and ".join((names or {}).get(c, c) for c in marker.via)
        parts.append(f"{mode} · {marker.distance_km:,} km, straight line{via}")
    return f"{marker.label} — " + " · ".join(parts)


def focus_order(model: MapModel) -> list[Marker]:
    """The markers keyboard focus visits: the ways out in the planner's order."""
    return sorted((m for m in model.markers if m.kind != "city"), key=lambda m: m.order)


def map_meta(model: MapModel, *, route_ids: Sequence[str] = (),
             size: tuple[int, int] = PRINT_MAP_SIZE) -> str:
    """The ``<meta>`` that tells the print renderer which map to draw as ``MAP_IMAGE``:
    the model's data (``desktop.geo.mapspec``), the panel size and the ways out to
    frame (none: the map's first view)."""
    from desktop.geo.mapspec import model_spec

    spec = {**model_spec(model), "size": list(size), "focus": list(route_ids)}
    return f'<meta name="{MAP_META}" content="{esc(json.dumps(spec, ensure_ascii=False))}">'


def map_panel(model: MapModel, *, size: tuple[int, int] = PRINT_MAP_SIZE,
              heading: str = "Map of the ways out") -> str:
    """The print panel: a heading, the image the renderer draws, and what it shows."""
    width, height = size
    return (f"<h2>{esc(heading)}</h2>"
            f'<p><img src="{MAP_IMAGE}" width="{width}" height="{height}"></p>'
            f'<p class="small">Ways out from {esc(model.city["name"])}, coloured and shaped '
            "by what they mean for your passports (see the legend on the map).</p>")
