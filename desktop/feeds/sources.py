"""The ``[[source]]`` records for the four feeds, with licence and attribution text."""

from __future__ import annotations

import datetime as dt

SOURCES: dict[str, dict[str, str]] = {
    "us-state-advisories-feed": {
        "publisher": "U.S. Department of State",
        "title": "Travel Advisories (travel.state.gov RSS feed / JSON API)",
        "url": "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories.html",
        "licence": "Public domain (US government work, 17 U.S.C. 105). Source: U.S. "
                   "Department of State; no endorsement implied.",
    },
    "uk-fcdo-travel-advice-feed": {
        "publisher": "Foreign, Commonwealth & Development Office (GOV.UK)",
        "title": "Foreign travel advice (GOV.UK Content API)",
        "url": "https://www.gov.uk/foreign-travel-advice",
        "licence": "Contains public sector information licensed under the Open Government "
                   "Licence v3.0.",
    },
    "ca-travel-advice-feed": {
        "publisher": "Global Affairs Canada",
        "title": "Travel advice and advisories (open data, data.international.gc.ca)",
        "url": "https://travel.gc.ca/travelling/advisories",
        "licence": "Contains information licensed under the Open Government Licence – "
                   "Canada.",
    },
    "au-smartraveller-feed": {
        "publisher": "Australian Government, Department of Foreign Affairs and Trade "
                     "(Smartraveller)",
        "title": "Smartraveller travel advice (RSS feed / destinations export)",
        "url": "https://www.smartraveller.gov.au/destinations",
        "licence": "Creative Commons Attribution 4.0 International (CC BY 4.0), as reported; "
                   "check smartraveller.gov.au's copyright page. Source: Smartraveller, "
                   "Australian Government.",
    },
}

ISSUER_SOURCE = {
    "US": "us-state-advisories-feed",
    "UK": "uk-fcdo-travel-advice-feed",
    "CA": "ca-travel-advice-feed",
    "AU": "au-smartraveller-feed",
}


def source_record(source_id: str, retrieved_on: dt.date) -> dict:
    """The ``[[source]]`` record for a feed source id."""
    return {"id": source_id, **SOURCES[source_id], "retrieved_on": retrieved_on}


def source_records(records: list[dict], retrieved_on: dt.date | None = None) -> list[dict]:
    """One ``[[source]]`` record per feed source used by *records*, in first-use order.

    ``retrieved_on`` defaults to the latest ``checked_on`` among the records.
    """
    out: dict[str, dict] = {}
    for rec in records:
        sid = rec["source"]
        if sid in SOURCES and sid not in out:
            day = retrieved_on or max(r["checked_on"] for r in records if r["source"] == sid)
            out[sid] = source_record(sid, day)
    return list(out.values())
