"""The content build's geography checks, on Natural Earth's 1:10m boundaries.

- A land crossing (road, rail, foot) lies within ``BORDER_TOLERANCE_KM`` of the border
  its two countries share; a ferry either does too or lies on its departure country's
  coast.  An air route's departure point lies in its departure country.
- A city, and an embassy, consulate or other contact with coordinates, lies inside its
  country (or within ``PLACE_TOLERANCE_KM`` of its outline, for coastal places the
  simplified coastline leaves in the sea, but never inside another country).
- For every city and every non-air way out of the city's country, the straight line
  (great circle) from the city to the crossing is followed through the borders: the third
  countries it passes through (neither the departure nor the destination country) are its
  ``via`` (stored in the built database as
  ``route_paths``).  A ``via`` country must be acknowledged in the content by a ``via``
  list on the route or on the city; an unacknowledged one, or an acknowledgement nothing
  needs, is a warning (the database is still written; the bundled content's test demands
  none).

Errors and warnings are ``ContentError`` values pointing at the record's ``lat`` line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.content import ContentError
from desktop.geo.atlas import CHECKS, AtlasError, load_atlas
from desktop.geo.geometry import GeoIndex, Leg

# A crossing's point may lie this far from the border line: the checkpoint may stand back
# from the line, and the 1:10m border is itself generalised (about a kilometre).
BORDER_TOLERANCE_KM = 5.0
# A city or mission may lie this far outside its country's outline: the 1:10m coastline
# cuts corners, so a harbour city can fall just "in the sea".
PLACE_TOLERANCE_KM = 3.0
# A straight line must run at least this far inside another country to pass through it
# (shorter clips of a corner are within the data's precision).
VIA_MIN_KM = 2.0
LAND_MODES = ("road", "rail", "foot")
WARNING = "warning: "


@dataclass
class GeoReport:
    """What the geography checks found."""

    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    route_paths: list[dict] = field(default_factory=list)


@lru_cache(maxsize=1)
def check_index() -> GeoIndex:
    """The spatial index over the 1:10m boundaries (built once per process)."""
    return GeoIndex(load_atlas(CHECKS))


def _point(record) -> tuple[float, float] | None:
    lat, lon = record.data.get("lat"), record.data.get("lon")
    ok = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
    return (float(lat), float(lon)) if ok and -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _codes(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _name(geo: GeoIndex, code: str | None) -> str:
    return "the sea" if code is None else geo.atlas.name(code)


def _where(geo: GeoIndex, lat: float, lon: float) -> str:
    code = geo.country_at(lat, lon)
    return "at sea" if code is None else f"in {geo.atlas.name(code)}"


def check_route(geo: GeoIndex, record) -> ContentError | None:
    """The error for a way out whose point is not where its mode says, or None."""
    point, data = _point(record), record.data
    frm, to, mode = data.get("from"), data.get("to"), data.get("mode")
    if (point is None or frm not in geo.atlas.countries or to not in geo.atlas.countries
            or mode not in (*LAND_MODES, "ferry", "air")):
        return None  # the field checks report these
    lat, lon = point
    if mode == "air":
        return check_place(geo, record, frm, "the departure airport")
    found = geo.distance_to_border(lat, lon, frm, to)
    if found is None and mode in LAND_MODES:
        return record.error(f"{frm} and {to} share no land border in Natural Earth's "
                            f"boundaries; check 'to' and 'mode' (ferry or air?)", "lat")
    if found is None or found[0] > BORDER_TOLERANCE_KM:
        coast = geo.distance_to_arcs(lat, lon, geo.coast_arcs(frm))
        if mode == "ferry" and coast[0] <= BORDER_TOLERANCE_KM:
            return None
        km, nearest = found if found else coast
        what = f"the {frm}–{to} border" if found else f"the coast of {_name(geo, frm)}"
        hint = f" (nearest point on it: {nearest[0]:.4f}, {nearest[1]:.4f})" if nearest else ""
        return record.error(f"{lat}, {lon} lies {km:.1f} km from {what} "
                            f"({_where(geo, lat, lon)}); a crossing must lie within "
                            f"{BORDER_TOLERANCE_KM:g} km of it{hint}", "lat")
    return None


def check_place(geo: GeoIndex, record, code: str, what: str = "") -> ContentError | None:
    """The error for a place (city, contact, airport) outside its country, or None."""
    point = _point(record)
    if point is None or code not in geo.atlas.countries:
        return None
    lat, lon = point
    if geo.contains(code, lat, lon):
        return None
    inside = geo.country_at(lat, lon)
    km, _ = geo.distance_to_country(lat, lon, code)
    if inside is None and km <= PLACE_TOLERANCE_KM:
        return None
    what = what or f"this {record.kind}"
    return record.error(f"{what} at {lat}, {lon} lies {_where(geo, lat, lon)}, "
                        f"{km:.1f} km outside {geo.atlas.name(code)} ({code})", "lat")


def via_countries(legs: list[Leg], start: str, goal: str) -> list[str]:
    """The third countries (neither ``start`` nor ``goal``) a straight line passes
    through, in order.

    The last ``BORDER_TOLERANCE_KM`` are left out (a crossing's point may sit a little past
    the border) and so are stretches shorter than ``VIA_MIN_KM``; sea never counts.
    """
    if not legs:
        return []
    end = legs[-1].end_km - BORDER_TOLERANCE_KM
    via: list[str] = []
    for leg in legs:
        if leg.code in (None, start, goal) or leg.code in via:
            continue
        if min(leg.end_km, end) - leg.start_km >= VIA_MIN_KM:
            via.append(leg.code)
    return via


def _list(names: list[str], limit: int = 6) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def route_paths(geo: GeoIndex, cities: list, routes: list) -> tuple[list[dict],
                                                                      list[ContentError]]:
    """``route_paths`` rows (city, way out, countries the straight line crosses) and the
    warnings for crossings the content has not acknowledged with ``via``."""
    rows, warnings = [], []
    needed: dict[str, dict[str, list[str]]] = {}   # route id -> code -> city names
    used: dict[tuple[str, str], set[str]] = {}     # (kind, id) -> acknowledged codes used
    for city in cities:
        home, place = city.data.get("country"), _point(city)
        if place is None or home not in geo.atlas.countries:
            continue
        for route in routes:
            point = _point(route)
            if (route.data.get("from") != home or route.data.get("mode") == "air"
                    or point is None):
                continue
            via = via_countries(geo.line_legs(*place, *point, start=home), home,
                                route.data.get("to"))
            if not via:
                continue
            rows.append({"id": f"{city.data['id']}/{route.data['id']}",
                         "city_id": city.data["id"], "route_id": route.data["id"],
                         "via": via})
            city_ok, route_ok = set(_codes(city.data.get("via"))), set(
                _codes(route.data.get("via")))
            for code in via:
                if code in route_ok:
                    used.setdefault(("route", route.data["id"]), set()).add(code)
                if code in city_ok:
                    used.setdefault(("city", city.data["id"]), set()).add(code)
                if code not in route_ok | city_ok:
                    needed.setdefault(route.data["id"], {}).setdefault(code, []).append(
                        str(city.data.get("name", city.data["id"])))
    for route in routes:
        for code, names in needed.get(route.data.get("id"), {}).items():
            warnings.append(route.error(
                f"{WARNING}the straight line to this crossing from {_list(names)} passes "
                f"through {geo.atlas.name(code)} ({code}); add \"{code}\" to this route's "
                f"'via' (or to the city's) once the text says so", "lat"))
    if rows or used:
        for kind, records in (("route", routes), ("city", cities)):
            for record in records:
                stale = [c for c in _codes(record.data.get("via"))
                         if c not in used.get((kind, record.data.get("id")), set())]
                if stale:
                    warnings.append(record.error(
                        f"{WARNING}'via' lists {', '.join(stale)} but no straight line "
                        f"{'to' if kind == 'route' else 'from'} here passes through "
                        f"{'it' if len(stale) == 1 else 'them'}; remove it", "via"))
    return rows, warnings


def check_geography(records: Iterable) -> GeoReport:
    """Every geography check on the content's routes, cities and contacts."""
    report = GeoReport()
    records = list(records)
    try:
        geo = check_index()
    except AtlasError as exc:
        first = next((r for r in records if r.kind in ("route", "city")), None)
        if first is not None:
            report.errors.append(first.error(f"the coordinate checks cannot run: {exc}"))
        return report
    routes = [r for r in records if r.kind == "route"]
    cities = [r for r in records if r.kind == "city"]
    for record in records:
        if record.kind == "route":
            problem = check_route(geo, record)
        elif record.kind in ("city", "contact"):
            problem = check_place(geo, record, record.data.get("country"))
        else:
            continue
        if problem:
            report.errors.append(problem)
    report.route_paths, report.warnings = route_paths(geo, cities, routes)
    return report
