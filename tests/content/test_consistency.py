"""One fact, one wording: the bundled content agrees with itself.

Catches the classes of error a second fact audit found: a phone number written one way in a
guide and another way on the contact's page (or not stored as a contact at all), a short
emergency number in a text that differs from the country's record, a situation date later
than the checking date, an advisory dated after the situation it describes, and a later
event told as if it were the situation on the record's "as of" date.
"""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers
import pytest

from desktop.storage.content_db import ContentDB

FACT_KINDS = ("country", "advisory", "route", "entry_rule", "contact", "guide", "checklist")
PHONE = re.compile(r"\+\d[\d \-()]{5,}\d")
MONTHS = ("January February March April May June July August September October November "
          "December").split()
DATE = re.compile(r"(?:(\d{1,2})(?:[–-]\d{1,2})?\s+)?(?:(" + "|".join(MONTHS)
                  + r")\s+)?((?:19|20)\d\d)\b")
# A sentence that mentions a date after the record's "as of" must say that it is telling
# what came later (or what was scheduled), not the situation on that date.
LATER = re.compile(r"\b(later|only|until|afterwards|since then|planned|scheduled|world cup|"
                   r"sources? from|reports?|expired?|ended|no longer)\b", re.IGNORECASE)
SERVICE = re.compile(r"(?<![\d+])\*{0,2}(\d{2,4})\*{0,2},?\s+(police|fire|ambulance)\b")


def texts(db: ContentDB, kind: str, record: dict) -> list[str]:
    """Every piece of prose a person reads on the record's page (the Markdown as written)."""
    out = [v for k, v in record.items() if isinstance(v, str)
           and (k.endswith("_text") or k in ("who_may_pass", "hours", "typical_wait", "period",
                                             "documents", "registration", "text"))]
    if kind == "checklist":
        out += [f"{i['text']}\n{i['detail_text']}" for i in db.checklist_items(record["id"])]
    return out


def records(db: ContentDB):
    for kind in FACT_KINDS:
        for record in db.list(kind):
            yield kind, record


def stored_phones(db: ContentDB) -> dict[str, set[str]]:
    shown: dict[str, set[str]] = {}
    for contact in db.list("contact"):
        for phone in contact["phones"]:
            shown.setdefault(phone["e164"], set()).add(phone["display"])
    return shown


def test_every_number_in_a_text_is_a_stored_phone_written_as_its_contact_shows_it(
        bundled_content: ContentDB) -> None:
    shown = stored_phones(bundled_content)
    assert all(len(forms) == 1 for forms in shown.values()), shown
    wrong = []
    for kind, record in records(bundled_content):
        for text in texts(bundled_content, kind, record):
            for match in PHONE.finditer(text):
                e164 = phonenumbers.format_number(phonenumbers.parse(match.group(0), None),
                                                  phonenumbers.PhoneNumberFormat.E164)
                if shown.get(e164) != {match.group(0)}:
                    wrong.append((kind, record["id"], match.group(0), shown.get(e164)))
    assert wrong == []


def test_short_emergency_numbers_in_texts_match_the_country(bundled_content: ContentDB) -> None:
    countries = {c["id"]: c for c in bundled_content.list("country")}
    wrong = []
    for kind, record in records(bundled_content):
        country = record["id"] if kind == "country" else record.get("country")
        if kind not in ("country", "guide", "checklist") or country not in countries:
            continue
        for text in texts(bundled_content, kind, record):
            for number, service in SERVICE.findall(text):
                if countries[country][service] != number:
                    wrong.append((kind, record["id"], service, number))
    assert wrong == []


def test_situation_dates_come_before_the_check(bundled_content: ContentDB) -> None:
    meta = bundled_content.meta
    wrong = []
    for kind, record in records(bundled_content):
        situation = [record.get(k) for k in ("as_of", "status_as_of", "issued_on")]
        for date in filter(None, situation):
            if not date <= record["checked_on"] or not date <= meta["content_as_of"]:
                wrong.append((kind, record["id"], date))
        if kind == "advisory" and not record["issued_on"] <= record["as_of"]:
            wrong.append((kind, record["id"], "issued after its as-of date"))
    assert wrong == []


def later_dates(text: str, as_of: str) -> list[str]:
    """The sentences of ``text`` that mention a date after ``as_of`` without saying so."""
    found = []
    # A full stop ends a sentence only before a capital ("U.S. and Canadian" runs on).
    for sentence in re.split(r"(?<=[.;!?])\s+(?=[A-Z*(])|\n\s*\n|\n- ", text):
        for day, month, year in DATE.findall(sentence):
            earliest = dt.date(int(year), MONTHS.index(month) + 1 if month else 1,
                               int(day) if day and month else 1)
            if earliest.isoformat() > as_of and not LATER.search(sentence):
                found.append(" ".join(sentence.split()))
                break
    return found


def test_later_events_are_told_as_later(bundled_content: ContentDB) -> None:
    wrong = []
    for kind, record in records(bundled_content):
        for text in texts(bundled_content, kind, record):
            wrong += [(kind, record["id"], s) for s in later_dates(text, record["as_of"])]
    assert wrong == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("Visa-free entry began on 1 January 2026.", True),
    ("Visa-free entry began only on 1 January 2026.", False),
    ("Finland closed its land border in late 2023.", True),
    ("Open on 28 September 2022.", False),
    ("Queues from 22 September; a later rule (2023) barred cars.", False),
])
def test_the_later_date_check_itself(text: str, flagged: bool) -> None:
    assert bool(later_dates(text, "2022-09-30")) is flagged


def test_days_a_route_promises_match_the_entry_rules(bundled_content: ContentDB) -> None:
    # "visa-free for up to 30 days" on a crossing says what an entry rule for its destination
    # says; a stay the entry rules do not give is the same fact written two ways.
    allowed: dict[str, set[str]] = {}
    for rule in bundled_content.list("entry_rule"):
        allowed.setdefault(rule["destination"], set()).add(str(rule["days"]))
    wrong = []
    for route in bundled_content.list("route"):
        for days in re.findall(r"(\d+)\s+days", route.get("who_may_pass_text") or ""):
            if days not in allowed.get(route["to_country"], set()):
                wrong.append((route["id"], days))
    assert wrong == []
