"""``make bench``'s map figures, measured on the real widget (run in its own process by
``desktop.bench``: a QApplication cannot share a process with the benchmark's
QGuiApplication).  Prints one JSON line.

- ``map_open_ms``: from asking for the map (a new MapView: boundaries loaded on first use,
  model, first layer, label images) to its first paint being done, at 1366 x 768.
- ``map_render_ms``: that first paint on its own (the map was prepared off the paint path,
  in the constructor), median and p95 over runs.
- ``map_pan_zoom_ms``: frame times of ``geo.bench.pan_zoom_views`` (a drag, then wheel
  zooms in and out about a point) painted by the widget as it does while the person
  moves the map: one frame every 16 ms, the event loop running in between, a layer of
  another zoom level standing in until the wheel stops.  ``map_settle_ms``: the frame that
  then draws the exact level.  ``map_exact_frame_ms``: the same script with every frame
  at its exact level, built inside the frame (the worst case, for comparison).
"""

from __future__ import annotations

import json
import os
import sys
import time

from desktop.geo.bench import summary

CITIES = ("moscow", "vladivostok")
SIZE = (1366, 768)
FRAME_S = 0.016


def main(runs: int = 7) -> int:
    """Measure, print one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from desktop.geo import atlas
    from desktop.geo.bench import pan_zoom_views
    from desktop.paths import bundled_content_db
    from desktop.storage.content_db import ContentDB
    from desktop.ui.map_view import MapView

    app = QApplication(sys.argv[:1])
    db = ContentDB(bundled_content_db())
    size = QSize(*SIZE)
    result: dict = {}
    opened, first, frames, settle, exact = [], [], [], [], []
    for city in CITIES:
        for run in range(runs):
            if run == 0 and city == CITIES[0]:
                atlas.load_atlas.cache_clear()  # the very first use reads the file too
            start = time.perf_counter()
            view = MapView(db, ["US"], city, None, size)
            canvas = view.canvas
            assert canvas is not None
            canvas.setFixedSize(size)
            view.show()
            while not canvas.paint_ms:
                app.processEvents()
            opened.append((time.perf_counter() - start) * 1000)
            first.append(canvas.paint_ms[0])
            if run == 0:
                frames += _pan_zoom(app, canvas, pan_zoom_views(canvas.view), settle)
                exact += _exact(canvas, pan_zoom_views(canvas.view))
            view.close()
            view.deleteLater()
            app.processEvents()
    result["map_open_ms"] = summary(opened)
    result["map_render_ms"] = summary(first)
    result["map_pan_zoom_ms"] = summary(frames)
    result["map_settle_ms"] = summary(settle)
    result["map_exact_frame_ms"] = summary(exact)
    db.close()
    print(json.dumps(result))
    return 0


def _pan_zoom(app, canvas, views, settle: list[float]) -> list[float]:
    """Frame times of a script played as a person plays it (see the module docstring)."""
    times = []
    dragging = True
    for n, view in enumerate(views):
        if dragging and view.scale != views[max(0, n - 1)].scale:
            dragging = False
        start = time.perf_counter()
        canvas.set_view(view, interactive=True)
        canvas.repaint()
        times.append((time.perf_counter() - start) * 1000)
        deadline = start + FRAME_S
        while time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.0005)
    before = len(canvas.paint_ms)
    quiet = time.perf_counter() + 1.0
    while time.perf_counter() < quiet:  # the wheel stops: the exact level is drawn
        app.processEvents()
        time.sleep(0.002)
    settle.extend(canvas.paint_ms[before:])
    return times


def _exact(canvas, views) -> list[float]:
    times = []
    for view in views:
        start = time.perf_counter()
        canvas.set_view(view)
        canvas.repaint()
        times.append((time.perf_counter() - start) * 1000)
    return times


if __name__ == "__main__":
    sys.exit(main())
