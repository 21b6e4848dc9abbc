"""Authoring sources -> validated records -> the built content database."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import NamedTuple


class ContentError(NamedTuple):
    """One problem in a content source, reported as ``file:line: message``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentBuildError(Exception):
    """The content did not validate; ``errors`` lists every problem found."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} error(s) in the content sources")


def is_stale(source_dir: Path, db_path: Path) -> bool:
    """True when the database is missing or older than any source file.

    Lives here, away from the builder, so that checking costs no heavy imports (a start
    from a checkout runs it: os.walk, as pathlib's rglob takes a few times longer).
    """
    try:
        built = os.stat(db_path).st_mtime
    except FileNotFoundError:
        return True
    return any(os.stat(os.path.join(folder, name)).st_mtime > built
               for folder, _, names in os.walk(source_dir) for name in names)


def country_name(code: str, names: dict[str, str] | None = None) -> str:
    """Display name of a country: the content's own name, else pycountry's, else the code."""
    if names and code in names:
        return names[code]
    import pycountry  # loads only when a name is not in the content

    found = pycountry.countries.get(alpha_2=code)
    return getattr(found, "common_name", None) or (found.name if found else code)


def age_days(iso: str | None, today: dt.date | None = None) -> int | None:
    """Days since an ISO date (None if unknown or not a date)."""
    try:
        return ((today or dt.date.today()) - dt.date.fromisoformat(str(iso)[:10])).days
    except (TypeError, ValueError):
        return None


def marks_unconfirmed(record: dict, field: str, index: int | None = None) -> bool:
    """True when the record itself marks this value unconfirmed: it names the field in
    ``unconfirmed``, or (a phone: ``field="phones"``, ``index`` its position) the phone
    carries its own ``unconfirmed = true``.  Nothing else marks a value (not a label)."""
    named = record.get("unconfirmed")
    if isinstance(named, list) and field in named:
        return True
    phones = record.get("phones")
    return (field == "phones" and index is not None and isinstance(phones, list)
            and 0 <= index < len(phones) and isinstance(phones[index], dict)
            and phones[index].get("unconfirmed") is True)


def says_what_is_unconfirmed(record: dict) -> bool:
    """True when the record names any unconfirmed field or flags any phone (what an
    ``unsure`` record must do)."""
    phones = record.get("phones")
    return bool(record.get("unconfirmed")) or isinstance(phones, list) and any(
        isinstance(p, dict) and p.get("unconfirmed") is True for p in phones)


def is_unconfirmed(record: dict, field: str, index: int | None = None) -> bool:
    """True when a displayed value should carry an "unconfirmed" mark.

    ``record`` is a row from the content database (or a record's source data: the content
    audit asks the same question).  A value is unconfirmed when the record marks it
    (``marks_unconfirmed``), and any value of an ``unsure`` record that says nothing of
    what is unconfirmed (content built before the field existed).
    """
    return marks_unconfirmed(record, field, index) or (
        record.get("confidence") == "unsure" and not says_what_is_unconfirmed(record))


def is_limited(rule: dict | None) -> bool:
    """Whether an entry rule admits only some travellers with its passport (a built
    record's ``who_may_enter_text``, or a source record's ``who_may_enter``)."""
    return bool(rule and (rule.get("who_may_enter_text") or rule.get("who_may_enter")))
