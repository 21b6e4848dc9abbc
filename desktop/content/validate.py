"""Check every content record and collect *all* problems as ``file:line: message``.

Rules: known fields only, required fields present, types and enumerations, ISO 3166 codes
(pycountry), phone numbers (phonenumbers, stored as E.164 plus a display form), coordinates
(in range here; against real borders in ``desktop.geo.checks``), dates not in the future,
unique ids per kind, every record cites a known source, and every internal ``sp://KIND/ID``
link resolves.  Rules that relate fields and records (what a source supports, unconfirmed
values, flights' departure cities, phrase variants) are in ``desktop.content.rules``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import phonenumbers
import pycountry

from desktop.content import ContentError
from desktop.content.loader import LoadedContent, RawRecord
from desktop.content.render import internal_links
from desktop.content.rules import check_relations, source_ids, source_supports
from desktop.content.schema import CHECKLIST_ITEM_MAX, FIELDS, NON_FACT_KINDS, PAGE_KINDS

__all__ = ["ContentError", "parse_phone", "phone_forms", "source_ids", "source_supports",
           "validate"]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
SHORTNUM_RE = re.compile(r"^[0-9]{2,4}$")
URL_RE = re.compile(r"^https?://\S+$")
LINK_RE = re.compile(r"^sp://([a-z_]+)/([A-Za-z0-9-]+)$")
PHONE_KEYS = {"number", "label", "unconfirmed"}
SOURCES_HELP = ("must be a source id, or a non-empty list of source ids or "
                "{ id = \"...\", supports = [\"field\", ...] } tables")


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
        if not isinstance(value, list) or not value:
            return SOURCES_HELP
        for entry in value:
            if isinstance(entry, str):
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                return SOURCES_HELP
            extra = set(entry) - {"id", "supports"}
            if extra:
                return f"unknown source fields: {', '.join(sorted(extra))} (use id, supports)"
            supports = entry.get("supports")
            if supports is not None and (self._list(supports) or not supports):
                return (f"source '{entry['id']}': supports must be a non-empty list of the "
                        "record's field names, e.g. [\"phones\", \"address\"]")
        return None

    def _fieldlist(self, value: object) -> str | None:
        if self._list(value) or not value:
            return "must be a non-empty list of field names, e.g. [\"phones\"]"
        assert isinstance(value, list)
        if len(set(value)) != len(value):
            return "names a field twice"
        return None

    def _citylist(self, value: object) -> str | None:
        if self._list(value) or not value:
            return "must be a non-empty list of city ids from cities.toml"
        return None

    def _phones(self, value: object) -> str | None:
        if not isinstance(value, list) or not value:
            return "must be a non-empty list of { number = \"+...\", label = \"...\" }"
        for entry in value:
            if not isinstance(entry, dict) or not isinstance(entry.get("number"), str):
                return "each phone must be { number = \"+...\", label = \"...\" }"
            extra = sorted(set(entry) - PHONE_KEYS)
            if extra:
                return f"unknown phone fields: {', '.join(extra)}"
            if not isinstance(entry.get("unconfirmed", False), bool):
                return "a phone's unconfirmed must be true or false"
            if parse_phone(entry["number"]) is None:
                return (f"'{entry['number']}' is not a valid international phone number "
                        "(write it with + and the country code)")
        return None

    def _items(self, value: object) -> str | None:
        if not isinstance(value, list) or not value:
            return "a checklist needs at least one [[item]]"
        return None


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


@dataclass
class Validation:
    """Everything validation found: errors stop the build, warnings do not, and the
    geography checks' ``route_paths`` go into the built database."""

    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    route_paths: list[dict] = field(default_factory=list)


def _check_synonym(record: RawRecord) -> list[ContentError]:
    """A synonym group stands for at most one thing; only a country has people."""
    named = [key for key in ("country", "countries", "kind", "mode") if record.data.get(key)]
    errors = []
    if len(named) > 1:
        errors.append(record.error("a synonym group names one of country, countries, kind or "
                                   f"mode, not {' and '.join(named)}", named[1]))
    if record.data.get("people") and not record.data.get("country"):
        errors.append(record.error("'people' words need the group's 'country'", "people"))
    return errors


def validate(loaded: LoadedContent, today: dt.date | None = None) -> list[ContentError]:
    """Return every problem in the loaded content (an empty list means it builds)."""
    return check(loaded, today).errors


def check(loaded: LoadedContent, today: dt.date | None = None) -> Validation:
    """Validate the loaded content: field rules, links, then the geography checks
    (``desktop.geo.checks``: coordinates against Natural Earth's borders)."""
    from desktop.geo.checks import check_geography

    errors = _field_errors(loaded, today)
    geo = check_geography(loaded.records)
    return Validation(sorted(set(errors + geo.errors)), sorted(set(geo.warnings)),
                      geo.route_paths)


def _field_errors(loaded: LoadedContent, today: dt.date | None) -> list[ContentError]:
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
                iid = str(item.data.get("id"))
                if iid in item_ids:
                    errors.append(item.error(f"duplicate item id '{iid}' in this checklist",
                                             "id"))
                item_ids.add(iid)
    known_sources = ids.get("source", set())
    for record in records:
        if record.kind in NON_FACT_KINDS:  # they cite no source themselves
            if record.kind == "synonym":
                errors.extend(_check_synonym(record))
            continue
        for sid in source_ids(record.data.get("source")):
            if sid not in known_sources:
                errors.append(record.error(f"source '{sid}' is not defined in any "
                                           "[[source]] record", "source"))
        _check_links(record, ids, errors)
        if record.kind == "route" and record.data.get("from") == record.data.get("to"):
            errors.append(record.error("a route's 'from' and 'to' must differ", "to"))
    check_relations(records, errors)
    return sorted(set(errors))
