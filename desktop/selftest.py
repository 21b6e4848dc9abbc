"""``--self-test``: prove an install works (used on frozen bundles in CI)."""

from __future__ import annotations

import sqlite3

from desktop.errors import UserFacingError
from desktop.services import Services


def run(services: Services) -> list[str]:
    """Check the content database whole, search, open a page and round-trip a setting.

    Returns a list of problems (empty when everything works).
    """
    problems: list[str] = []
    content = services.content
    try:
        # integrity, every JSON value, the search engine, one record of every kind whole
        content.check_usable(thorough=True)
        result = services.search.search("border")
        if not result.hits:
            problems.append("a search for 'border' found nothing")
        else:
            content.get(result.hits[0].kind, result.hits[0].id)
        guides = content.list("guide")
        if guides and not guides[0].get("body_html"):
            problems.append("a guide has no rendered body")
    except UserFacingError as exc:  # ContentDBError, NotFoundError
        problems.append(str(exc))
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
