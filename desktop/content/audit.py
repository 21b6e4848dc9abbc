"""The content audit (``safe-passage content audit``): how well sourced the content is.

For maintainers and CI.  It reads the content *sources* (not the built database), so it also
runs on an older checkout whose files no longer validate, and it reports:

- records per kind and confidence (verified / likely / unsure), checklist items included;
- records resting on a single source, or only on the editors' own knowledge;
- cited sources that do not say what they support;
- the oldest checks (``checked_on``);
- values a person acts on first (``HEADLINE_FIELDS``: emergency numbers, embassy phones,
  route statuses, entry rules, advisory levels) that are unsure, and whether each is
  *marked* at the value (named in ``unconfirmed`` or a phone flagged unconfirmed: the
  app's own rule, ``desktop.content.is_unconfirmed``) or only implied by the record's
  confidence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from desktop.content import marks_unconfirmed, says_what_is_unconfirmed
from desktop.content.loader import LoadedContent, RawRecord, load_content
from desktop.content.rules import source_ids, source_supports
from desktop.content.schema import CONFIDENCES, HEADLINE_FIELDS, NON_FACT_KINDS

EDITORS = "Safe Passage editors"
KIND_ORDER = ("country", "advisory", "route", "entry_rule", "contact", "city", "phrase",
              "guide", "checklist", "item")


@dataclass
class KindFigures:
    """The audit's figures for one kind of record."""

    records: int = 0
    confidence: Counter = field(default_factory=Counter)
    single_source: int = 0
    editors_only: int = 0
    without_supports: int = 0
    oldest_check: str = ""
    headline_unsure: int = 0
    headline_unmarked: int = 0

    def to_json(self) -> dict:
        """Plain JSON-ready figures."""
        return {"records": self.records,
                **{c: self.confidence.get(c, 0) for c in CONFIDENCES},
                "single_source": self.single_source, "editors_only": self.editors_only,
                "sources_without_supports": self.without_supports,
                "oldest_check": self.oldest_check,
                "headline_unsure": self.headline_unsure,
                "headline_unmarked": self.headline_unmarked}


def _date(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def _records(loaded: LoadedContent) -> list[tuple[RawRecord, str, object, object]]:
    """(record, confidence, sources, checked_on) for every record and checklist item.

    Items take their checklist's confidence and sources unless they set their own."""
    found = []
    for record in loaded.records:
        if record.kind in NON_FACT_KINDS:  # the sources and the search vocabulary
            continue
        confidence = record.data.get("confidence", "verified")
        checked = record.data.get("checked_on")
        found.append((record, confidence, record.data.get("source"), checked))
        if record.kind == "checklist":
            found += [(item, item.data.get("confidence", confidence),
                       item.data.get("source") or record.data.get("source"), checked)
                      for item in record.data.get("item") or []
                      if isinstance(item, RawRecord)]
    return found


def headline_doubts(record: RawRecord, confidence: str) -> list[dict]:
    """The headline values of a record that are unsure, each saying whether it is marked.

    The rule is the app's own (``desktop.content.is_unconfirmed``): marked where the record
    marks the value, unmarked where only the record's ``unsure`` badge says so.
    """
    data = record.data  # (confidence is given apart: an item's may be its checklist's)
    fields = [f for f in HEADLINE_FIELDS.get(record.kind, ()) if f in data]
    doubts: list[dict] = []
    for name in fields:
        if name == "phones":
            phones = data["phones"] if isinstance(data["phones"], list) else []
            doubts += [{"field": f"phones[{index}]", "marked": True,
                        "value": phone.get("number", "") if isinstance(phone, dict)
                        else phone}
                       for index, phone in enumerate(phones)
                       if marks_unconfirmed(data, "phones", index)]
        elif marks_unconfirmed(data, name):
            doubts.append({"field": name, "value": data[name], "marked": True})
    if confidence == "unsure" and not says_what_is_unconfirmed(data):
        # Old style: only the record's badge says so, not the value.
        doubts += [{"field": name, "value": data[name], "marked": False} for name in fields]
    for doubt in doubts:
        lines = str(doubt["value"]).strip().splitlines()
        doubt["value"] = (lines[0] if lines else "")[:80]
    return doubts


def audit(loaded: LoadedContent, oldest: int = 10) -> dict:
    """Every audit figure for loaded content sources, as a JSON-ready dict."""
    editors = {r.data.get("id") for r in loaded.records
               if r.kind == "source" and r.data.get("publisher") == EDITORS}
    kinds: dict[str, KindFigures] = {}
    headline: list[dict] = []
    single: list[str] = []
    checks: list[tuple[str, str]] = []
    for record, confidence, sources, checked_on in _records(loaded):
        figures = kinds.setdefault(record.kind, KindFigures())
        figures.records += 1
        figures.confidence[confidence] += 1
        ids = [s for s in source_ids(sources) if s]
        label = f"{record.kind}/{record.data.get('id')}"
        if len(ids) == 1:
            figures.single_source += 1
            single.append(label)
        if ids and all(s in editors for s in ids):
            figures.editors_only += 1
        own = record.data.get("source")  # an item inheriting its checklist's is not counted
        figures.without_supports += sum(1 for s in source_supports(own).values() if not s)
        checked = _date(checked_on)
        if record.kind != "item":
            checks.append((checked, label))
        if checked and (not figures.oldest_check or checked < figures.oldest_check):
            figures.oldest_check = checked
        for doubt in headline_doubts(record, confidence):
            figures.headline_unsure += 1
            figures.headline_unmarked += 0 if doubt["marked"] else 1
            headline.append({"record": label, "confidence": confidence, **doubt})
    order = [k for k in KIND_ORDER if k in kinds] + sorted(set(kinds) - set(KIND_ORDER))
    totals = KindFigures()
    for figures in kinds.values():
        totals.records += figures.records
        totals.confidence.update(figures.confidence)
        for name in ("single_source", "editors_only", "without_supports", "headline_unsure",
                     "headline_unmarked"):
            setattr(totals, name, getattr(totals, name) + getattr(figures, name))
        if figures.oldest_check and (not totals.oldest_check
                                     or figures.oldest_check < totals.oldest_check):
            totals.oldest_check = figures.oldest_check
    return {
        "content_version": str(loaded.manifest.get("version", "")),
        "kinds": {k: kinds[k].to_json() for k in order},
        "totals": totals.to_json(),
        "headline_unsure": headline,
        "single_source": single,
        "oldest_checks": [{"record": label, "checked_on": date}
                          for date, label in sorted(checks)[:oldest]],
        "load_errors": [str(e) for e in loaded.errors],
    }


def audit_folder(folder: Path, oldest: int = 10) -> dict:
    """Audit the content sources in ``folder``."""
    return audit(load_content(Path(folder)), oldest)


COLUMNS = (("records", "records"), ("verified", "verified"), ("likely", "likely"),
           ("unsure", "unsure"), ("1 source", "single_source"),
           ("editors only", "editors_only"), ("no supports", "sources_without_supports"),
           ("oldest check", "oldest_check"), ("unsure headline", "headline_unsure"),
           ("unmarked", "headline_unmarked"))


def format_table(report: dict) -> str:
    """The audit as one plain-text table, then the unsure headline values and oldest checks."""
    rows = [(kind, report["kinds"][kind]) for kind in report["kinds"]]
    rows.append(("total", report["totals"]))
    widths = [max(len("kind"), *(len(kind) for kind, _ in rows))]
    widths += [max(len(title), *(len(str(fig[key])) for _, fig in rows))
               for title, key in COLUMNS]
    header = ["kind", *(title for title, _ in COLUMNS)]
    lines = ["  ".join(h.ljust(w) if n == 0 else h.rjust(w)
                       for n, (h, w) in enumerate(zip(header, widths, strict=True)))]
    lines.append("  ".join("-" * w for w in widths))
    for kind, fig in rows:
        cells = [kind, *(str(fig[key]) for _, key in COLUMNS)]
        lines.append("  ".join(c.ljust(w) if n == 0 else c.rjust(w)
                               for n, (c, w) in enumerate(zip(cells, widths, strict=True))))
    lines.append("")
    lines.append(f"Unsure values in headlines ({len(report['headline_unsure'])}; "
                 f"unmarked = only the record's badge says so):")
    for doubt in report["headline_unsure"]:
        mark = "marked  " if doubt["marked"] else "UNMARKED"
        lines.append(f"  {mark} {doubt['record']} {doubt['field']} = {doubt['value']}")
    lines.append("")
    lines.append("Oldest checks:")
    for check in report["oldest_checks"]:
        lines.append(f"  {check['checked_on']}  {check['record']}")
    for error in report["load_errors"]:
        lines.append(f"warning: {error}")
    return "\n".join(lines)
