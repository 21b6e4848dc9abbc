"""What to print, in one place: the window, the checklist view and ``safe-passage print``
ask for a printout by name and get the same HTML and title.  No Qt here."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.content.schema import PAGE_KINDS
from desktop.errors import NotFoundError
from desktop.pages.cards import card_html, contacts_html
from desktop.pages.checklist import checklist_html
from desktop.pages.overview import overview
from desktop.pages.printout import html_title, overview_html, page_document_html, planner_html
from desktop.planner import pick_city
from desktop.storage.content_db import ContentDB
from desktop.storage.user_db import UserDB

WHATS = ("page", "checklist", "contacts", "card", "overview", "planner", "map")


def printout(content: ContentDB, user: UserDB | None, what: str, *, kind: str = "",
             record_id: str = "", country: str = "", passports: Sequence[str] = (),
             city: str = "") -> tuple[str, str]:
    """(print HTML, title) of a printout.

    ``what``: 'page' (KIND/ID), 'checklist' (ID, with the progress in ``user``),
    'contacts' and 'card' (for a country and the traveller's passports), 'overview' and
    'planner' (for a city).  The map prints as the planner's printout (it has the map),
    as ``what`` 'map' or a 'page' of kind 'map'.
    """
    if what == "page" and kind == "map" or what == "map":
        what = "planner"
    if what == "checklist":
        html = checklist_html(content, user, record_id)
    elif what == "page":
        if kind not in PAGE_KINDS:
            raise NotFoundError(f"Unknown kind '{kind}'. Kinds: {', '.join(PAGE_KINDS)}.")
        if kind == "checklist":
            html = checklist_html(content, user, record_id)
        else:
            html = page_document_html(content, kind, record_id, passports, city=city)
    elif what == "contacts":
        html = contacts_html(content, country, passports)
    elif what == "card":
        html = card_html(content, country, passports)
    elif what == "planner":
        found = pick_city(content, city, country)
        if found is None:
            raise NotFoundError("This content has no cities to plan from.")
        html = planner_html(content, found, passports)
    elif what == "overview":
        html = overview_html(overview(content, country=country, passports=passports,
                                      city_id=city), content.meta)
    else:
        raise NotFoundError(f"Nothing to print called '{what}' ({', '.join(WHATS)}).")
    return html, html_title(html)
