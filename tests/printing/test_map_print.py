"""The map panel of the printouts: the planner's printout and a route's page carry a map
image drawn by the renderer from the document's head; the wallet card has none; content
cannot ask for a map or name the map's image."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QTextDocument

from desktop.geo.mapmodel import map_model
from desktop.geo.mapspec import model_from_spec, model_spec
from desktop.pages import cards
from desktop.pages.jobs import printout
from desktop.pages.maptext import MAP_IMAGE, PRINT_MAP_SIZE, describe, map_meta, short_label
from desktop.pages.screen import STATUS_COLOURS
from desktop.printing import map_print, render
from tests.printing.test_no_local_resources import image_sizes

IMAGE = QTextDocument.ResourceType.ImageResource


def _big_images(data: bytes) -> list[tuple[int, int]]:
    return [size for size in image_sizes(data) if size > (1, 1)]


def test_the_planner_printout_has_the_map(qapp, bundled, tmp_path: Path, read_pdf) -> None:
    html, title = printout(bundled.content, None, "planner", country="RU", passports=["US"],
                           city="moscow")
    assert f'src="{MAP_IMAGE}"' in html and map_print.map_spec(html)
    out = tmp_path / "planner.pdf"
    render.export_pdf(html, out, title=title)
    data = out.read_bytes()
    images = _big_images(data)
    assert len(images) == 1
    width, height = images[0]
    assert width >= PRINT_MAP_SIZE[0] * 2 and height >= PRINT_MAP_SIZE[1] * 2
    pdf = read_pdf(out)
    assert pdf.has("On the map") and pdf.has("Every way out, in order")


def test_a_route_page_has_its_map_and_the_map_page_prints_the_planner(qapp, bundled) -> None:
    html, _ = printout(bundled.content, None, "page", kind="route", record_id="ru-ee-narva",
                       passports=["US"], city="moscow")
    spec = json.loads(map_print.map_spec(html))
    assert spec["focus"] == ["ru-ee-narva"] and spec["city"]["id"] == "moscow"
    data, _ = render.render_pdf(html, title="t")
    assert len(_big_images(data)) == 1
    as_map, title = printout(bundled.content, None, "page", kind="map", passports=["US"],
                             city="moscow")
    assert title == "Route planner — Moscow" and map_print.map_spec(as_map)


def test_the_wallet_card_stays_text(qapp, bundled) -> None:
    html = cards.card_html(bundled.content, "RU", ["US"])
    assert map_print.map_spec(html) is None
    data, _ = render.render_pdf(html, title="card")
    assert _big_images(data) == []


def test_the_printed_map_puts_each_way_out_where_the_screen_does(qapp, bundled) -> None:
    """The print image is the same painter: Narva's marker in its class colour at its
    projected pixel (times the print resolution)."""
    model = map_model(bundled.content, "moscow", ["US"])
    head = map_meta(model)
    spec = map_print.map_spec(f"<html><head>{head}</head><body></body></html>")
    image = map_print.map_image(spec)
    assert image is not None
    view = model.initial_view(*PRINT_MAP_SIZE)
    narva = next(m for m in model.markers if m.id == "ru-ee-narva")
    x, y = view.to_pixel(narva.x, narva.y)
    ratio = map_print.PRINT_RATIO
    assert image.pixelColor(round(x * ratio), round(y * ratio)) == \
        QColor(STATUS_COLOURS["go"][0])


def test_content_cannot_ask_for_a_map(qapp, bundled) -> None:
    """Only the document's head is read: a map description in the body (where content
    goes) is ignored, and the image name alone gives nothing."""
    model = map_model(bundled.content, "moscow", ["US"])
    body = f'<html><head></head><body>{map_meta(model)}<img src="{MAP_IMAGE}"></body></html>'
    assert map_print.map_spec(body) is None
    doc = render.make_document(body)
    loaded = doc.resource(IMAGE, QUrl(MAP_IMAGE))
    assert loaded is None or loaded.isNull() or loaded.width() <= 1


@pytest.mark.parametrize("broken", ["{", '{"city": {}}', '{"city": null, "routes": 3}',
                                    json.dumps({"size": [10**6, 5]})])
def test_a_broken_map_description_prints_without_a_map(qapp, broken: str) -> None:
    assert map_print.map_image(broken) is None


def test_a_map_description_round_trips(bundled) -> None:
    model = map_model(bundled.content, "vladivostok", ["US", "GB"])
    again = model_from_spec(json.loads(json.dumps(model_spec(model))), model.atlas)
    assert again.markers == model.markers
    assert [line.label for line in again.lines] == [line.label for line in model.lines]


def test_the_maps_words(bundled) -> None:
    model = map_model(bundled.content, "moscow", ["US"])
    lars = next(m for m in model.markers if m.id == "ru-ge-upper-lars")
    assert short_label(lars) == "Upper Lars – Dariali"
    text = describe(lars, model.names)
    assert text.startswith("Upper Lars – Dariali (Kazbegi) — to Georgia · Can go now · Open, "
                           "as of 28 Sep")
    assert "road · 1,532 km, straight line" in text
    flight = next(m for m in model.markers if m.id == "ru-tr-air-istanbul")
    assert short_label(flight) == "Istanbul"
    assert "flight, leaves from here" in describe(flight)
