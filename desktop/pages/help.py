"""The offline help: "How to use Safe Passage" (Markdown in resources/help) and the list of
keyboard shortcuts.  No Qt here."""

from __future__ import annotations

from pathlib import Path

from desktop.pages.model import esc

HELP_FILE = "how-to-use.md"


def help_html(folder: Path, shortcuts: list[tuple[str, str]]) -> str:
    """The help page body: the how-to text, then every keyboard shortcut."""
    from desktop.content.render import render_markdown  # Markdown loads on first use
    try:
        text = (Path(folder) / HELP_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = "# How to use Safe Passage\n\nThe help text is missing from this copy."
    return render_markdown(text) + shortcuts_html(shortcuts)


def shortcuts_html(shortcuts: list[tuple[str, str]]) -> str:
    """A table of what each shortcut does (anchor ``#shortcuts``)."""
    rows = "".join(f"<tr><td class='rule'>{esc(what)}</td><td class='rule'><b>{esc(keys)}</b>"
                   "</td></tr>" for what, keys in shortcuts)
    return ("<h2><a name='shortcuts'></a>Keyboard shortcuts</h2>"
            f"<table cellpadding='5' cellspacing='0'>{rows}</table>")
