"""The plain structure of a page, shared by the screen, the printouts and the CLI.

A page is a title, a few labelled fields and sections of blocks; every value is a *run*
of inline pieces (text, an in-app link, a coloured badge, a copy button, an "unconfirmed"
mark).  Layouts (``screen``, ``printout``, ``plain``) turn the same structure into themed
HTML, print HTML or text, so the window and the printouts cannot disagree.  No Qt here.
"""

# No ``from __future__ import annotations`` here: the named tuples below would take their
# field types as strings, and typing compiles each one (start-up loads this module).
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from desktop.content import age_days, is_limited, is_unconfirmed

# -- labels every layout shares ------------------------------------------------------
VISA_TEXT = {"visa-free": "Visa-free", "visa-required": "Visa required", "e-visa": "e-Visa",
             "visa-on-arrival": "Visa on arrival", "no-entry": "No entry",
             "citizen": "No visa"}
MODE_TEXT = {"road": "Road", "rail": "Rail", "foot": "On foot", "ferry": "Ferry", "air": "Air"}
STATUS_TEXT = {"open": "Open", "restricted": "Restricted", "unknown": "Unknown",
               "closed": "Closed", "operating": "Operating", "limited": "Limited services",
               "suspended": "Suspended", "not-advised": "Not advised"}
UNCONFIRMED = "unconfirmed"


def esc(value: object) -> str:
    """HTML-escape any value ('' for None): the one escape helper of every layout.

    The replacements of ``html.escape`` (quotes too), without importing ``html``: its
    entity table costs start-up ~2 ms.
    """
    text = "" if value is None else str(value)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def fmt_date(iso: str | None) -> str:
    """'2022-09-27' -> '27 Sep 2022' (anything else unchanged)."""
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{day.day} {day:%b %Y}"  # not %-d: Windows' strftime has no such flag


def age_text(days: int | None) -> str:
    """'3 days', '5 months', '4 years' ('' when unknown)."""
    if days is None:
        return ""
    if days >= 730:
        return f"{days // 365} years"
    if days >= 60:
        return f"{days // 30} months"
    return f"{days} day" + ("" if days == 1 else "s")


def passports_text(passports: Sequence[str]) -> str:
    """'GB passport' / 'US and RU passports'."""
    return f"{' and '.join(passports)} passport{'s' if len(passports) > 1 else ''}"


def entry_rule_text(rule: dict | None) -> str:
    """'Visa-free, 90 days' / 'Visa required' / 'Visa required, only some travellers' /
    'No information for this passport'."""
    if not rule:
        return "No information for this passport"
    text = VISA_TEXT.get(rule.get("visa", ""), str(rule.get("visa", "")))
    if rule.get("visa") in ("visa-free", "citizen") and (rule.get("period") or rule.get("days")):
        text += f", {rule.get('period') or str(rule['days']) + ' days'}"
    if is_limited(rule):
        text += ", only some travellers"
    return text



# -- inline pieces ----------------------------------------------------------------------
# Pieces and blocks are immutable named tuples (cheap to define: they load at start-up),
# compared as values of their own class: Text("x") is not Mark("x"), as for the frozen
# dataclasses they were.
def _same(self: tuple, other: object) -> bool:
    return type(self) is type(other) and tuple.__eq__(self, other)


def _differ(self: tuple, other: object) -> bool:
    return not _same(self, other)


class Text(NamedTuple):
    """Plain text; ``style`` is a hint: '', 'strong', 'muted', 'small', 'big', 'huge',
    'local' (large local script), 'italic', 'note' (a small line of its own)."""

    text: str
    style: str = ""


class Link(NamedTuple):
    """A link to another page of the app (``sp://KIND/ID``, or a section/planner)."""

    target: str
    text: str

    @classmethod
    def record(cls, kind: str, record_id: str, text: str) -> "Link":
        """A link to a record's page."""
        return cls(f"sp://{kind}/{record_id}", text)


def parse_link(url: str) -> tuple[str, str] | None:
    """(kind, id) of an in-app ``sp://KIND/ID`` link (kind lower-cased, id unquoted; ''
    for a link without one), None for any other address."""
    from urllib.parse import unquote

    scheme, _, rest = url.partition(":")
    if scheme.lower() != "sp":
        return None
    kind, _, ident = rest.lstrip("/").partition("/")
    return kind.lower(), unquote(ident.strip("/"))


EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel")  # addresses opened outside the app


class External(NamedTuple):
    """An address outside the app (opened only after a confirmation)."""

    url: str
    text: str


class Badge(NamedTuple):
    """A coloured label: ``tone`` is a status or 'lvl1'..'lvl4'."""

    text: str
    tone: str


class Copy(NamedTuple):
    """A copy button: ``path`` is KIND/ID/FIELD[/N]; ``what`` says what it copies
    ("phone number +7 495 728-50-00") for its accessible name."""

    path: str
    what: str


class Mark(NamedTuple):
    """A mark beside a value, e.g. 'unconfirmed'."""

    text: str


Inline = Text | Link | External | Badge | Copy | Mark
Run = tuple[Inline, ...]


def run(*pieces: Inline | str | None) -> Run:
    """A run from pieces (strings become Text; None and '' are dropped)."""
    return tuple(Text(p) if isinstance(p, str) else p for p in pieces if p)


def plain(value: Run) -> str:
    """The text of a run (copy buttons dropped; marks in brackets)."""
    parts = []
    for piece in value:
        if isinstance(piece, Mark):
            parts.append(f"({piece.text})")
        elif not isinstance(piece, Copy):
            parts.append(piece.text)
    return " ".join(p for p in parts if p)


def status_badge(status: str) -> Badge:
    """A route or contact status as a badge."""
    return Badge(STATUS_TEXT.get(status, str(status).capitalize()), status)


def is_unsure(record: dict, field_name: str | None = None, index: int | None = None) -> bool:
    """True when a value of ``record`` is to be marked unconfirmed (see
    ``desktop.content.is_unconfirmed``); ``field_name`` None asks about the whole record
    (a checklist item, a row standing for its record)."""
    if field_name is None:
        return record.get("confidence") == "unsure"
    return is_unconfirmed(record, field_name, index)


def checked(record: dict, field_name: str | None, *pieces: Inline | str | None,
            index: int | None = None) -> Run:
    """A run for a value of ``record``, with an 'unconfirmed' mark when it is unsure."""
    mark = Mark(UNCONFIRMED) if is_unsure(record, field_name, index) else None
    return run(*pieces, mark)


# -- blocks --------------------------------------------------------------------------
class Markup(NamedTuple):
    """HTML rendered from Markdown at build time (trusted, already escaped)."""

    html: str


class Items(NamedTuple):
    """A bullet list of runs."""

    items: tuple[Run, ...]


class Rows(NamedTuple):
    """A table: each row a tuple of cells (runs); ``header`` names the columns."""

    rows: tuple[tuple[Run, ...], ...]
    header: tuple[str, ...] = ()


class Panel(NamedTuple):
    """A highlighted box, e.g. an address in local script to show a driver."""

    lines: tuple[Run, ...]
    caption: str = ""


class Number(NamedTuple):
    """One big emergency number, its copy path, and whether it is unconfirmed."""

    label: str
    number: str
    path: str
    unsure: bool = False


class Numbers(NamedTuple):
    """Big emergency numbers."""

    numbers: tuple[Number, ...]


class Note(NamedTuple):
    """A visible warning box (a dated reference, an unconfirmed value)."""

    text: str
    heading: str = ""


Block = Markup | Items | Rows | Panel | Numbers | Note


def has_content(block: Block | None) -> bool:
    """Whether a block shows anything (a note always does)."""
    if isinstance(block, Markup):
        return bool(block.html.strip())
    if isinstance(block, Items):
        return bool(block.items)
    if isinstance(block, Rows):
        return bool(block.rows)
    if isinstance(block, Panel):
        return bool(block.lines)
    if isinstance(block, Numbers):
        return bool(block.numbers)
    return block is not None


class Section(NamedTuple):
    """A heading and its blocks (no heading: blocks right below the fields)."""

    heading: str
    blocks: tuple[Block, ...]


class Field(NamedTuple):
    """One labelled value."""

    label: str
    value: Run


for _kind in (Text, Link, External, Badge, Copy, Mark, Markup, Items, Rows, Panel, Number,
              Numbers, Note, Section, Field):
    setattr(_kind, "__eq__", _same)  # noqa: B010 (mypy forbids assigning a method)
    setattr(_kind, "__ne__", _differ)  # noqa: B010
    setattr(_kind, "__hash__", tuple.__hash__)  # noqa: B010


@dataclass
class Page:
    """One record's page: what every layout shows, in order."""

    kind: str
    id: str
    kicker: str
    title: str
    local_title: str = ""
    lead: Run = ()
    fields: list[Field] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    as_of: str = ""          # the situation the page describes
    checked_on: str = ""     # when its sources were last compared
    confidence: str = "verified"
    dated: Note | None = None

    def add(self, heading: str, *blocks: Block | None) -> None:
        """Append a section when any of its blocks has something to show (no heading
        over an empty list or a blank Markdown field)."""
        kept = tuple(b for b in blocks if b is not None and has_content(b))
        if kept:
            self.sections.append(Section(heading, kept))


def dates_line(as_of: str, checked_on: str) -> str:
    """'Situation as of 30 Sep 2022 · sources checked on 25 Nov 2026'."""
    parts = [f"Situation as of {fmt_date(as_of)}" if as_of else "",
             f"sources checked on {fmt_date(checked_on)}" if checked_on else ""]
    text = " · ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def dated_note(iso: str | None, stale_days: int, what: str = "This information",
               today: dt.date | None = None) -> Note | None:
    """A warning when a situation date is older than the staleness threshold."""
    days = age_days(iso, today)
    if days is None or days <= stale_days:
        return None
    return Note(f"{what} is from {fmt_date(iso)} ({age_text(days)} ago). Check official "
                "sources when you can.", "Dated reference.")
