"""A map as plain data: what a printout carries so the print renderer can draw the same
map as the window without opening the content database (no Qt here)."""

from __future__ import annotations

from desktop.geo.atlas import Atlas, load_atlas
from desktop.geo.mapmodel import MapModel

SPEC_ROUTE_KEYS = ("id", "name", "lat", "lon", "mode", "reach", "status", "as_of",
                   "status_as_of", "to_country", "distance_km", "via")
SPEC_CITY_KEYS = ("id", "name", "country", "lat", "lon")


def model_spec(model: MapModel) -> dict:
    """What a MapModel is made of, as plain JSON-able data (a printout carries it, so the
    print renderer can draw the same map without the content database)."""
    codes = {r["to_country"] for r in model.routes} | {
        c for r in model.routes for c in (r.get("via") or ())}
    return {"city": {k: model.city.get(k) for k in SPEC_CITY_KEYS},
            "routes": [{k: r.get(k) for k in SPEC_ROUTE_KEYS} for r in model.routes],
            "names": {c: model.names[c] for c in sorted(codes) if c in model.names}}


def model_from_spec(spec: dict, atlas: Atlas | None = None) -> MapModel:
    """The MapModel ``model_spec`` describes; ValueError if the data is not one."""
    try:
        city = {k: spec["city"][k] for k in SPEC_CITY_KEYS}
        city["lat"], city["lon"] = float(city["lat"]), float(city["lon"])
        routes = []
        for r in spec["routes"]:
            route = {k: r.get(k) for k in SPEC_ROUTE_KEYS}
            route["lat"], route["lon"] = float(route["lat"]), float(route["lon"])
            for key in ("id", "name", "mode", "reach", "status", "to_country"):
                route[key] = str(route[key] or "")
            route["via"] = tuple(str(c) for c in route["via"] or ())
            routes.append(route)
        names = {str(k): str(v) for k, v in (spec.get("names") or {}).items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not a map description ({exc})") from None
    return MapModel(atlas or load_atlas(), city, routes, names)
