"""Benchmark hooks for the map (``make bench``), Qt-free.

- ``time_map_model``: building the map model for a city and its first layer, as the map
  view does before its first paint (``map_model_ms``).
- ``pan_zoom_views``: a fixed script of views (a drag, then zooming in and out about the
  mouse), the frames a person produces while dragging and scrolling.
- ``time_frames``: the model's share of each frame of that script (``map_frame_ms``); the
  widget's painting is timed in ``desktop.ui.map_bench`` over the same script.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

from desktop.geo.atlas import load_atlas
from desktop.geo.mapmodel import MapModel, map_model
from desktop.geo.projection import View

SIZE = (1366, 768)


def percentile(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def summary(times_ms: Sequence[float]) -> dict:
    """Median, p95 and max, rounded."""
    return {"median": round(statistics.median(times_ms), 2),
            "p95": round(percentile(times_ms, 95), 2), "max": round(max(times_ms), 2)}


def time_map_model(content, city_id: str, passports: Sequence[str] = ("US",),
                   size: tuple[int, int] = SIZE, runs: int = 7) -> dict:
    """Milliseconds from nothing to the first layer of a city's map (boundaries already
    loaded, as after the map's first use), median and p95 over ``runs``."""
    atlas = load_atlas()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        model = map_model(content, city_id, passports, atlas)
        model.layer(model.initial_view(*size))
        times.append((time.perf_counter() - start) * 1000)
    return summary(times)


def pan_zoom_views(start: View, frames: int = 120) -> list[View]:
    """A drag to the right and back (half the frames), then wheel zooms in and out about
    a point off centre: every frame moves a few pixels or one wheel notch."""
    views, view = [], start
    drag = frames // 2
    for n in range(drag):
        view = view.panned(8 if n < drag // 2 else -8, 3 if n % 2 else -3)
        views.append(view)
    about = (start.width * 0.4, start.height * 0.6)
    for n in range(frames - drag):
        view = view.zoomed(1.15 if n < (frames - drag) // 2 else 1 / 1.15, about)
        views.append(view)
    return views


def time_frames(model: MapModel, views: Sequence[View]) -> dict:
    """Milliseconds per frame (median, p95, max): the model's layer for each view."""
    times = []
    for view in views:
        start = time.perf_counter()
        model.layer(view)
        times.append((time.perf_counter() - start) * 1000)
    return summary(times)


def bench_map(content, cities: Sequence[str] = ("moscow", "vladivostok"),
              passports: Sequence[str] = ("US",)) -> dict:
    """``map_model_ms`` and ``map_frame_ms`` (the model's share) per city, for ``make
    bench``."""
    start = time.perf_counter()
    atlas = load_atlas()
    result: dict = {"map_load_ms": round((time.perf_counter() - start) * 1000, 2)}
    for city in cities:
        result.setdefault("map_model_ms", {})[city] = time_map_model(content, city, passports)
        model = map_model(content, city, passports, atlas)
        views = pan_zoom_views(model.initial_view(*SIZE))
        result.setdefault("map_frame_ms", {})[city] = time_frames(model, views)
    return result
