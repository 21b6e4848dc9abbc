"""Check every content record and collect *all* problems as ``file:line: message``.

Rules: known fields only, required fields present, types and enumerations, ISO 3166 codes
(pycountry), phone numbers (phonenumbers, stored as E.164 plus a display form), coordinates,
dates not in the future, unique ids per kind, every record cites a known source, and every
internal ``sp://KIND/ID`` link resolves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import phonenumbers
import pycountry

from desktop.content import ContentError
from desktop.content.loader import LoadedContent, RawRecord
from desktop.content.render import internal_links
from desktop.content.schema import CHECKLIST_ITEM_MAX, FIELDS, PAGE_KINDS, UNSOURCED_KINDS

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
SHORTNUM_RE = re.compile(r"^[0-9]{2,4}$")
URL_RE = re.compile(r"^https?://\S+$")
LINK_RE = re.compile(r"^sp://([a-z_]+)/([A-Za-z0-9-]+)$")


def iso2_known(code: object) -> bool:
    """True for an upper-case ISO 3166-1 alpha-2 code that pycountry knows."""
    return (isinstance(code, str) and len(code) == 2 and code.isupper()
            and pycountry.countries.get(alpha_2=code) is not None)


def parse_phone(number: str) -> phonenumbers.PhoneNumber | None:
    """Parse an international number; None if it is not a valid phone number."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def phone_forms(number: str) -> dict[str, str]:
    """E.164 and international display forms of a valid number."""
    parsed = parse_phone(number)
    assert parsed is not None
    return {
        "e164": phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        "display": phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    }


class _Checker:
    """Type checks for one field value; each returns an error message or None."""

    def __init__(self, today: dt.date, countries: set[str]):
        self.today = today
        self.countries = countries

    def check(self, kind: object, value: object) -> str | None:
        if isinstance(kind, tuple):
            return None if value in kind else f"must be one of: {', '.join(kind)}"
        method: Callable[[object], str | None] = getattr(self, f"_{kind}")
        return method(value)

    def _str(self, value: object) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return "must be a non-empty string"
        return None

    _markdown = _str

    def _itemtext(self, value: object) -> str | None:
        if self._str(value):
            return self._str(value)
        assert isinstance(value, str)
        if len(value) > CHECKLIST_ITEM_MAX:
            return (f"is {len(value)} characters; keep it to {CHECKLIST_ITEM_MAX} so it "
                    f"fits one printed line (put the rest in 'detail')")
        return None

    def _id(self, value: object) -> str | None:
        if not isinstance(value, str) or not ID_RE.match(value):
            return "must be lowercase letters, digits and hyphens (e.g. 'upper-lars')"
        return None

    def _iso2(self, value: object) -> str | None:
        return None if iso2_known(value) else (
            f"'{value}' is not an ISO 3166-1 alpha-2 country code (upper case, e.g. 'RU')")

    def _country(self, value: object) -> str | None:
        if self._iso2(value):
            return self._iso2(value)
        if value not in self.countries:
            return f"country '{value}' has no record in countries.toml"
        return None

    def _iso2list(self, value: object) -> str | None:
        if not isinstance(value, list):
            return "must be a list of ISO 3166-1 alpha-2 codes"
        bad = [v for v in value if not iso2_known(v)]
        return f"unknown country codes: {', '.join(map(str, bad))}" if bad else None

    def _list(self, value: object) -> str | None:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            return "must be a list of non-empty strings"
        return None

    def _date(self, value: object) -> str | None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            return "must be a TOML date without quotes, e.g. 2022-09-27"
        if value > self.today:
            return f"date {value.isoformat()} is in the future"
        return None

    def _int(self, value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return "must be a whole number of 0 or more"
        return None

    def _level(self, value: object) -> str | None:
        if isinstance(value, bool) or value not in (1, 2, 3, 4):
            return "must be a normalised level 1, 2, 3 or 4"
        return None

    def _bool(self, value: object) -> str | None:
        return None if isinstance(value, bool) else "must be true or false"

    def _number(self, value: object, limit: float, name: str) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{name} must be a number"
        if not -limit <= value <= limit:
            return f"{name} {value} is outside -{limit:g}..{limit:g}"
        return None

    def _lat(self, value: object) -> str | None:
        return self._number(value, 90, "latitude")

    def _lon(self, value: object) -> str | None:
        return self._number(value, 180, "longitude")

    def _shortnum(self, value: object) -> str | None:
        if not isinstance(value, str) or not SHORTNUM_RE.match(value):
            return "must be a short emergency number written as a string, e.g. \"112\""
        return None

    def _email(self, value: object) -> str | None:
        return None if isinstance(value, str) and EMAIL_RE.match(value) else (
            f"'{value}' is not an e-mail address")

    def _url(self, value: object) -> str | None:
        return None if isinstance(value, str) and URL_RE.match(value) else (
            f"'{value}' is not an http(s) URL")

    def _sources(self, value: object) -> str | None:
        if isinstance(value, str):
            return None
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return None
        return "must be a source id or a non-empty list of source ids"

    def _phones(self, value: object) -> str | None:
        if not isinstance(value, list) or not value:
            return "must be a non-empty list of { number = \"+...\", label = \"...\" }"
        for entry in value:
            if not isinstance(entry, dict) or not isinstance(entry.get("number"), str):
                return "each phone must be { number = \"+...\", label = \"...\" }"
            if set(entry) - {"number", "label"}:
                return f"unknown phone fields: {', '.join(sorted(set(entry) - {'number', 'label'}))}"
            if parse_phone(entry["number"]) is None:
                return (f"'{entry['number']}' is not a valid international phone number "
                        "(write it with + and the country code)")
        return None

    def _items(self, value: object) -> str | None:
        if not isinstance(value, list) or not value:
            return "a checklist needs at least one [[item]]"
        return None


def source_ids(value: object) -> list[str]:
    """A record's cited source ids, main one first."""
    return [value] if isinstance(value, str) else list(value or [])


def _check_fields(record: RawRecord, checker: _Checker, errors: list[ContentError]) -> None:
    spec = FIELDS[record.kind]
    for key in record.data:
        if key not in spec:
            errors.append(record.error(f"unknown field '{key}' in {record.kind} "
                                       f"(allowed: {', '.join(spec)})", key))
    for key, (kind, required) in spec.items():
        if key not in record.data:
            if required:
                errors.append(record.error(f"{record.kind} is missing required field "
                                           f"'{key}'"))
            continue
        problem = checker.check(kind, record.data[key])
        if problem:
            # A bad phone sits on its own line inside the phones list: point at it.
            quoted = re.match(r"'([^']+)'", problem) if key == "phones" else None
            errors.append(record.error(f"{key}: {problem}", key,
                                       near=quoted.group(1) if quoted else None))


def _check_links(record: RawRecord, ids: dict[str, set[str]],
                 errors: list[ContentError]) -> None:
    for key, value in record.data.items():
        if not isinstance(value, str):
            continue
        for target in internal_links(value):
            match = LINK_RE.match(target)
            if not match or match.group(1) not in PAGE_KINDS:
                errors.append(record.error(f"{key}: link '{target}' is not sp://KIND/ID with "
                                           f"KIND one of {', '.join(PAGE_KINDS)}", key,
                                           near=target))
            elif match.group(2) not in ids.get(match.group(1), set()):
                errors.append(record.error(f"{key}: link '{target}' points to no "
                                           f"{match.group(1)} with id '{match.group(2)}'", key,
                                           near=target))


def _check_synonym(record: RawRecord) -> list[ContentError]:
    """A synonym group stands for at most one thing; only a country has people."""
    named = [key for key in ("country", "kind", "mode") if record.data.get(key)]
    errors = []
    if len(named) > 1:
        errors.append(record.error(f"a synonym group names one of country, kind or mode, "
                                   f"not {' and '.join(named)}", named[1]))
    if record.data.get("people") and not record.data.get("country"):
        errors.append(record.error("'people' words need the group's 'country'", "people"))
    return errors


def validate(loaded: LoadedContent, today: dt.date | None = None) -> list[ContentError]:
    """Return every problem in the loaded content (an empty list means it builds)."""
    today = today or dt.date.today()
    errors = list(loaded.errors)
    countries = {r.data.get("id") for r in loaded.records if r.kind == "country"}
    checker = _Checker(today, {c for c in countries if isinstance(c, str)})
    ids: dict[str, set[str]] = {}
    first_seen: dict[tuple[str, str], RawRecord] = {}
    records = list(loaded.records)
    for record in loaded.records:
        _check_fields(record, checker, errors)
        rid = record.data.get("id")
        if isinstance(rid, str):
            key = (record.kind, rid)
            if key in first_seen:
                other = first_seen[key]
                errors.append(record.error(f"duplicate {record.kind} id '{rid}' (first "
                                           f"defined at {other.file}:{other.line})", "id"))
            else:
                first_seen[key] = record
            ids.setdefault(record.kind, set()).add(rid)
        if record.kind == "checklist" and isinstance(record.data.get("item"), list):
            item_ids: set[str] = set()
            for item in record.data["item"]:
                if not isinstance(item, RawRecord):
                    errors.append(record.error("each item must be written as [[item]]", "item"))
                    continue
                _check_fields(item, checker, errors)
                records.append(item)
                iid = item.data.get("id")
                if iid in item_ids:
                    errors.append(item.error(f"duplicate item id '{iid}' in this checklist",
                                             "id"))
                item_ids.add(iid)
    known_sources = ids.get("source", set())
    for record in records:
        if record.kind in UNSOURCED_KINDS:
            if record.kind == "synonym":
                errors.extend(_check_synonym(record))
            continue
        for sid in source_ids(record.data.get("source")):
            if sid not in known_sources:
                errors.append(record.error(f"source '{sid}' is not defined in any "
                                           "[[source]] record", "source"))
        _check_links(record, ids, errors)
    for record in records:
        if record.kind == "item":
            _check_links(record, ids, errors)
        if record.kind == "route" and record.data.get("from") == record.data.get("to"):
            errors.append(record.error("a route's 'from' and 'to' must differ", "to"))
    return sorted(set(errors))
