"""Plain-text layout of a page, for ``safe-passage show``.  No Qt here."""

from __future__ import annotations

from desktop.pages.model import (
    Block,
    Items,
    Markup,
    Note,
    Numbers,
    Page,
    Panel,
    Rows,
    dates_line,
    plain,
)


def _block(block: Block) -> list[str]:
    from desktop.content.render import html_to_text

    if isinstance(block, Markup):
        return html_to_text(block.html).splitlines()
    if isinstance(block, Items):
        return [f"- {plain(item)}" for item in block.items]
    if isinstance(block, Rows):
        return ["  " + " | ".join(text for cell in row if (text := plain(cell)))
                for row in block.rows]
    if isinstance(block, Panel):
        return [f"  {plain(line)}" for line in block.lines if plain(line)]
    if isinstance(block, Numbers):
        return [f"  {n.label}: {n.number}" + (" (unconfirmed)" if n.unsure else "")
                for n in block.numbers]
    if isinstance(block, Note):
        return [f"! {block.heading} {block.text}".replace("!  ", "! ")]
    raise TypeError(f"not a block: {block!r}")


def page_text(page: Page) -> str:
    """The page as text: title, fields, sections, sources, dates."""
    lines = [page.kicker.upper(),
             page.title + (f" ({page.local_title})" if page.local_title else "")]
    if page.lead:
        lines.append(plain(page.lead))
    lines += [f"{f.label}: {plain(f.value)}" for f in page.fields if f.value]
    if page.dated:
        lines += _block(page.dated)
    for section in page.sections:
        lines.append("")
        if section.heading:
            lines.append(section.heading)
        for block in section.blocks:
            lines += _block(block)
    lines.append("")
    for source in page.sources:
        lines.append(f"source: {source.get('publisher', '')} — {source.get('title', '')} "
                     f"{source.get('url') or ''}".rstrip())
    lines.append(dates_line(page.as_of, page.checked_on)
                 + (f" · confidence: {page.confidence}" if page.confidence != "verified"
                    else ""))
    return "\n".join(lines)
