"""A checklist with the traveller's progress: the structure the interactive view shows and
the printout (drawn boxes, ticks, the traveller's own items, dates).  No Qt here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.pages.model import dates_line, esc, is_unsure
from desktop.pages.printout import TICK, document, footer, header, rule, today_text
from desktop.storage.content_db import ContentDB
from desktop.storage.user_db import UserDB


@dataclass(frozen=True)
class Item:
    """One line of a checklist (a content item or one of the traveller's own)."""

    key: str          # content item id, or "own:<n>" for the traveller's own
    text: str
    detail: str = ""
    detail_html: str = ""  # with its links (content items' Markdown, rendered at build)
    high: bool = False
    unsure: bool = False
    ticked: bool = False
    own: bool = False


@dataclass
class Checklist:
    """A checklist as the traveller sees it now."""

    id: str
    title: str
    kicker: str
    summary_html: str
    summary_text: str
    items: list[Item]
    own: list[Item] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    as_of: str = ""
    checked_on: str = ""

    def counts(self) -> tuple[int, int]:
        """(done, total) over content and own items."""
        every = [*self.items, *self.own]
        return sum(1 for i in every if i.ticked), len(every)


def checklist(content: ContentDB, checklist_id: str, user: UserDB | None = None
              ) -> Checklist:
    """A checklist with the ticks and own items stored in ``user`` (None: a blank copy)."""
    record = content.get("checklist", checklist_id)
    ticked = user.checked(checklist_id) if user is not None else set()
    own = user.own_items(checklist_id) if user is not None else []
    country = record.get("country")
    return Checklist(
        id=checklist_id, title=record["title"],
        kicker="Checklist" + (f" · {content.country_name(country)}" if country else ""),
        summary_html=record.get("summary_html") or "",
        summary_text=record.get("summary_text") or "",
        items=[Item(i["item_id"], i["text"], i.get("detail_text") or "",
                    i.get("detail_html") or "",
                    high=i.get("priority") == "high",
                    unsure=any(is_unsure(i, f) for f in (None, "text", "detail")),
                    ticked=i["item_id"] in ticked) for i in record.get("items", [])],
        own=[Item(f"own:{o['id']}", o["text"], o.get("detail") or "",
                  ticked=bool(o["checked"]), own=True) for o in own],
        sources=record.get("source_records", []), as_of=record.get("as_of", ""),
        checked_on=record.get("checked_on", ""))


# -- print ----------------------------------------------------------------------------
def _box(ticked: bool) -> str:
    """A drawn tick box: a bordered 1-cell table, empty or holding a tick."""
    mark = f'<span class="mark">{TICK}</span>' if ticked else "&nbsp;"
    return ('<table cellspacing="0" cellpadding="0" width="15" '
            'style="border-collapse: collapse;"><tr>'
            '<td width="15" height="15" align="center" valign="middle" '
            'style="border: 1.2px solid #222222;">'
            f"{mark}</td></tr></table>")


def _item_row(item: Item) -> str:
    cls = "item-high" if item.high else "item"
    tags = [t for t, on in (("IMPORTANT", item.high), ("UNCONFIRMED", item.unsure),
                            ("YOUR ITEM", item.own)) if on]
    tag_html = "".join(f' &nbsp;<span class="tag">{esc(t)}</span>' for t in tags)
    detail_html = f'<p class="detail">{esc(item.detail)}</p>' if item.detail else ""
    return ('<tr><td width="24" valign="top" style="padding-top: 5px; padding-bottom: 5px;">'
            f"{_box(item.ticked)}</td>"
            '<td valign="top" style="padding-top: 5px; padding-bottom: 5px; '
            'border-bottom: 0.5px solid #bbbbbb;">'
            f'<p class="{cls}">{esc(item.text)}{tag_html}</p>{detail_html}</td></tr>')


def _items_table(items: list[Item]) -> str:
    return ('<table width="100%" cellspacing="0" cellpadding="0" '
            'style="border-collapse: collapse;">' + "".join(_item_row(i) for i in items)
            + "</table>")


def checklist_print_html(view: Checklist, meta: dict, *, blank: bool = False,
                         printed_on: dt.date | None = None) -> str:
    """A checklist to print: empty boxes for what is left, ticks for what is done."""
    done, total = view.counts()
    status = f"{total} items" if blank else f"{done} of {total} done"
    body = header(view.kicker, view.title, view.summary_html)
    body += (f'<p class="meta">{esc(status)} · '
             f"{esc(dates_line(view.as_of, view.checked_on))} · printed "
             f"{today_text(printed_on)}</p>")
    body += rule() + _items_table(view.items)
    if view.own:
        body += "<h3>Your own items</h3>" + _items_table(view.own)
    body += ('<p class="label" style="margin-top: 10px;">Notes</p>'
             '<table width="100%" cellspacing="0" cellpadding="0">'
             + '<tr><td style="border-bottom: 0.5px solid #999999; padding-top: 14px;">'
               "&nbsp;</td></tr>" * 2 + "</table>")
    body += footer(meta, printed_on, view.sources)
    return document(view.title, body)


def checklist_html(content: ContentDB, user: UserDB | None, checklist_id: str, *,
                   printed_on: dt.date | None = None) -> str:
    """Print HTML of a checklist with the progress in ``user`` (None: a blank copy)."""
    return checklist_print_html(checklist(content, checklist_id, user), content.meta,
                                blank=user is None, printed_on=printed_on)
