"""``--self-test``: prove an install works (used on frozen bundles in CI)."""

from __future__ import annotations

import sqlite3

from desktop.content.schema import SCHEMA_VERSION
from desktop.errors import UserFacingError
from desktop.services import Services


def run(services: Services) -> list[str]:
    """Open both databases, search, render a page and round-trip a setting.

    Returns a list of problems (empty when everything works).
    """
    problems: list[str] = []
    content = services.content
    if content.meta.get("schema_version") != str(SCHEMA_VERSION):
        problems.append(f"content schema {content.meta.get('schema_version')} "
                        f"!= {SCHEMA_VERSION}")
    if content.check() != "ok":
        problems.append(f"content database integrity: {content.check()}")
    result = services.search.search("border")
    if not result.hits:
        problems.append("a search for 'border' found nothing")
    else:
        hit = result.hits[0]
        record = content.get(hit.kind, hit.id)
        if not record:
            problems.append(f"could not open {hit.kind}/{hit.id}")
    guides = content.list("guide")
    if guides and not guides[0].get("body_html"):
        problems.append("a guide has no rendered body")
    problems.extend(_check_map(content.meta.get("home_country", "")))
    user = services.user
    try:
        settings = user.settings()
        user.save_settings(settings)
    except (sqlite3.Error, OSError, UserFacingError) as exc:
        problems.append(f"user database: {exc}")
    problems.extend(f"warning: {w}" for w in services.warnings)
    return problems


def _check_map(home: str) -> list[str]:
    """The map's boundaries are bundled and readable (resources/geo)."""
    from desktop.geo.atlas import AtlasError, load_atlas

    try:
        atlas = load_atlas()
    except AtlasError as exc:
        return [f"map boundaries: {exc}"]
    if home and home not in atlas.countries:
        return [f"map boundaries have no outline for {home}"]
    return []
