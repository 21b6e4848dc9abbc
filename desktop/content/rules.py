"""Rules that relate a record's fields to each other and to other records.

The field checks in ``desktop.content.validate`` look at one value at a time; these look at
the whole content: what a cited source supports and what is unconfirmed must be fields the
record has, an unsure record must say what is unsure, a flight's departure cities must be
cities in its country, and a phrase that names a nationality must be a variant of a neutral
phrase (so a card can always fall back to it).
"""

from __future__ import annotations

from desktop.content import ContentError, says_what_is_unconfirmed
from desktop.content.loader import RawRecord
from desktop.content.schema import FIELDS, META_FIELDS, NON_FACT_KINDS


def source_ids(value: object) -> list[str]:
    """A record's cited source ids, main one first."""
    if isinstance(value, str):
        return [value]
    entries = value if isinstance(value, list) else []
    return [str(v.get("id")) if isinstance(v, dict) else str(v) for v in entries]


def source_supports(value: object) -> dict[str, list[str]]:
    """What each cited source supports, by source id ([] where the record does not say)."""
    if isinstance(value, str):
        return {value: []}
    entries = value if isinstance(value, list) else []
    return {str(v.get("id")) if isinstance(v, dict) else str(v):
            (list(v.get("supports") or []) if isinstance(v, dict) else [])
            for v in entries}


def fact_fields(record: RawRecord) -> list[str]:
    """The fields of a record that state facts (everything but its bookkeeping)."""
    return [k for k in FIELDS[record.kind] if k not in META_FIELDS and k in record.data]


def _field_names(record: RawRecord, names: list[str], what: str, key: str,
                 errors: list[ContentError]) -> None:
    facts = fact_fields(record)
    for name in names:
        if name not in facts:
            errors.append(record.error(
                f"{what} names '{name}', which is not a field this {record.kind} sets "
                f"(its fields: {', '.join(facts)})", key, near=f'"{name}"'))


def _check_doubt(record: RawRecord, errors: list[ContentError]) -> None:
    unconfirmed = record.data.get("unconfirmed")
    if isinstance(unconfirmed, list):
        _field_names(record, [u for u in unconfirmed if isinstance(u, str)], "unconfirmed",
                     "unconfirmed", errors)
    for sid, supports in source_supports(record.data.get("source")).items():
        if isinstance(supports, list) and all(isinstance(s, str) for s in supports):
            _field_names(record, supports, f"source '{sid}' supports", "source", errors)
    if record.data.get("confidence") == "unsure" and not says_what_is_unconfirmed(record.data):
        errors.append(record.error(
            "an unsure record must say which values are unconfirmed: list them in "
            "'unconfirmed' (e.g. unconfirmed = [\"phones\"]) or mark a phone "
            "unconfirmed = true", "confidence"))


def _check_departures(record: RawRecord, cities: dict[str, str],
                      errors: list[ContentError]) -> None:
    departs = record.data.get("departs_from")
    if record.data.get("mode") == "air" and not departs:
        errors.append(record.error("an air route needs departs_from: the ids of the cities "
                                   "its flights leave from (cities.toml)"))
    if not isinstance(departs, list):
        return
    for city in departs:
        if city not in cities:
            errors.append(record.error(f"departs_from: no city with id '{city}' in "
                                       "cities.toml", "departs_from", near=f'"{city}"'))
        elif cities[city] != record.data.get("from"):
            errors.append(record.error(
                f"departs_from: city '{city}' is in {cities[city]}, not in the route's "
                f"'from' country {record.data.get('from')}", "departs_from",
                near=f'"{city}"'))


def _check_phrases(phrases: list[RawRecord], errors: list[ContentError]) -> None:
    by_id = {p.data.get("id"): p for p in phrases}
    seen: dict[tuple[str, str], RawRecord] = {}
    for phrase in phrases:
        base_id, nationality = phrase.data.get("variant_of"), phrase.data.get("nationality")
        if nationality and not base_id:
            errors.append(phrase.error("a phrase with a nationality must be the variant of a "
                                       "neutral phrase: add variant_of = \"<phrase id>\"",
                                       "nationality"))
        if not base_id:
            continue
        if not nationality:
            errors.append(phrase.error("a variant needs the nationality it is for "
                                       "(nationality = \"GB\")", "variant_of"))
        base = by_id.get(base_id)
        if base is None:
            errors.append(phrase.error(f"variant_of: no phrase with id '{base_id}'",
                                       "variant_of"))
            continue
        if base.data.get("variant_of") or base.data.get("nationality"):
            errors.append(phrase.error(f"variant_of: '{base_id}' is itself a variant; point "
                                       "to the neutral phrase", "variant_of"))
        if bool(base.data.get("card")) != bool(phrase.data.get("card")):
            errors.append(phrase.error(f"card must be the same as on the neutral phrase "
                                       f"'{base_id}', so a card can swap one for the other",
                                       "card" if "card" in phrase.data else "variant_of"))
        key = (base_id, str(nationality))
        if nationality and key in seen:
            errors.append(phrase.error(f"a second {nationality} variant of '{base_id}' "
                                       f"(first: {seen[key].data.get('id')})", "nationality"))
        seen.setdefault(key, phrase)


def check_relations(records: list[RawRecord], errors: list[ContentError]) -> None:
    """Append every cross-field and cross-record problem to ``errors``."""
    cities = {str(r.data.get("id")): str(r.data.get("country"))
              for r in records if r.kind == "city"}
    for record in records:
        if record.kind in NON_FACT_KINDS:
            continue
        _check_doubt(record, errors)
        if record.kind == "route":
            _check_departures(record, cities, errors)
    _check_phrases([r for r in records if r.kind == "phrase"], errors)
