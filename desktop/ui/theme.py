"""Themes: light, dark and high contrast, as a QPalette plus a small style sheet.

The page view's colours come from ``pages.css(theme, scale)`` so the rendered pages follow
the theme too.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}

_COLOURS: dict[str, dict[str, str]] = {
    "light": {"window": "#eef1f5", "base": "#ffffff", "alt": "#f5f7fa", "text": "#1d2430",
              "button": "#e6eaf0", "highlight": "#0b57a4", "hl_text": "#ffffff",
              "link": "#0b57a4", "muted": "#5b6575", "border": "#cfd6df",
              "banner": "#fff4d6", "banner_text": "#6b4700"},
    "dark": {"window": "#22262d", "base": "#1e2228", "alt": "#272c34", "text": "#e3e7ee",
             "button": "#2e343d", "highlight": "#3d7fd6", "hl_text": "#ffffff",
             "link": "#8cc4ff", "muted": "#9aa4b2", "border": "#3a414c",
             "banner": "#4a3b12", "banner_text": "#ffe2a0"},
    "high-contrast": {"window": "#000000", "base": "#000000", "alt": "#101010",
                      "text": "#ffffff", "button": "#000000", "highlight": "#ffff00",
                      "hl_text": "#000000", "link": "#ffff00", "muted": "#ffffff",
                      "border": "#ffffff", "banner": "#ffff00", "banner_text": "#000000"},
}


def colours(theme: str) -> dict[str, str]:
    """The widget colours of a theme (light for an unknown name)."""
    return _COLOURS.get(theme, _COLOURS["light"])


def palette(theme: str) -> QPalette:
    """A complete palette for a theme."""
    c = colours(theme)
    pal = QPalette()
    role = QPalette.ColorRole
    for r, key in ((role.Window, "window"), (role.WindowText, "text"), (role.Base, "base"),
                   (role.AlternateBase, "alt"), (role.Text, "text"), (role.Button, "button"),
                   (role.ButtonText, "text"), (role.Highlight, "highlight"),
                   (role.HighlightedText, "hl_text"), (role.Link, "link"),
                   (role.ToolTipBase, "base"), (role.ToolTipText, "text"),
                   (role.PlaceholderText, "muted"), (role.BrightText, "hl_text")):
        pal.setColor(r, QColor(c[key]))
    muted = QColor(c["muted"])
    for r in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, muted)
    return pal


def stylesheet(theme: str) -> str:
    """A small style sheet: spacing, the banner, the search field, list rows."""
    c = colours(theme)
    width = 2 if theme == "high-contrast" else 1
    return f"""
QLineEdit#search {{ padding: 6px 8px; font-size: 11pt; border: {width}px solid {c['border']};
  border-radius: 6px; background: {c['base']}; }}
QLineEdit#search:focus {{ border: 2px solid {c['highlight']}; }}
QListView, QListWidget, QTableView, QTextBrowser, QPlainTextEdit {{
  border: {width}px solid {c['border']}; border-radius: 4px; }}
QListWidget#sections::item {{ padding: 5px 6px; }}
QListWidget#records::item {{ padding: 4px 6px; }}
QFrame#banner {{ background: {c['banner']}; border-bottom: 1px solid {c['border']}; }}
QFrame#banner QLabel {{ color: {c['banner_text']}; }}
QLabel#staleWarning {{ color: {c['banner_text']}; background: {c['banner']};
  padding: 1px 8px; border-radius: 3px; font-weight: 600; }}
QLabel#correctedNote {{ color: {c['muted']}; padding: 2px; }}
QLabel#paneTitle {{ color: {c['muted']}; font-weight: 600; padding-top: 4px; }}
QToolBar {{ spacing: 4px; border: none; }}
"""


def apply_theme(app: QApplication, theme: str) -> None:
    """Apply a theme to the whole application."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette(theme))
    app.setStyleSheet(stylesheet(theme))
