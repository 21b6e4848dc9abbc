"""Themes and text size for the whole application: a QPalette, a small style sheet and the
application font, all scaled by one factor (the page view and printing use the same one).

Every theme keeps text readable (WCAG AA in light and dark, AAA in high contrast; the tests
compute the ratios from these colours), draws every control's outline and shows a clear
focus ring.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

THEMES = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}
BASE_FONT = "sp_base_point_size"  # application property: the font size at 100 %
FUSION = "sp_fusion_style"  # application property: the Fusion style is in use
THEME = "sp_theme"  # application property: the theme in use

_COLOURS: dict[str, dict[str, str]] = {
    "light": {"window": "#eef1f5", "base": "#ffffff", "alt": "#f5f7fa", "text": "#1d2430",
              "button": "#e6eaf0", "highlight": "#0b57a4", "hl_text": "#ffffff",
              "link": "#0b57a4", "muted": "#4d5665", "border": "#6b7585",
              "focus": "#0b57a4", "banner": "#fff4d6", "banner_text": "#5c3d00",
              "disabled": "#5f6876", "closed": "#b71c1c"},
    "dark": {"window": "#22262d", "base": "#1e2228", "alt": "#272c34", "text": "#e3e7ee",
             "button": "#2e343d", "highlight": "#2b6cc4", "hl_text": "#ffffff",
             "link": "#8cc4ff", "muted": "#aab3c0", "border": "#8a94a3",
             "focus": "#8cc4ff", "banner": "#4a3b12", "banner_text": "#ffe2a0",
             "disabled": "#a0a9b6", "closed": "#ff8a80"},
    "high-contrast": {"window": "#000000", "base": "#000000", "alt": "#101010",
                      "text": "#ffffff", "button": "#000000", "highlight": "#ffff00",
                      "hl_text": "#000000", "link": "#ffff00", "muted": "#ffffff",
                      "border": "#ffffff", "focus": "#00ffff", "banner": "#ffff00",
                      "banner_text": "#000000", "disabled": "#c0c0c0", "closed": "#ff8080"},
}


def colours(theme: str) -> dict[str, str]:
    """The widget colours of a theme (light for an unknown name)."""
    return _COLOURS.get(theme, _COLOURS["light"])


def current_colours() -> dict[str, str]:
    """The colours of the theme the application uses now (for what paints its own text,
    such as a table model's colours)."""
    app = QApplication.instance()
    return colours(str(app.property(THEME) or "light") if app is not None else "light")


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
                   (role.PlaceholderText, "muted"), (role.BrightText, "hl_text"),
                   (role.Mid, "border"), (role.Dark, "border"), (role.Shadow, "border")):
        pal.setColor(r, QColor(c[key]))
    disabled = QColor(c["disabled"])
    for r in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    return pal


def stylesheet(theme: str, scale: float = 1.0, base_pt: float = 9.0) -> str:
    """Text sizes, spacing, outlines, focus rings, the banner, the search field, list rows.

    Every widget's text size is set here: a style sheet decides fonts for the widgets it
    styles, so the application font alone would not reach them all.
    """
    c = colours(theme)
    size = base_pt * scale
    width = 2 if theme == "high-contrast" else 1
    box = round(14 * scale)
    checkbox = (
        f"QCheckBox::indicator {{ width: {box}px; height: {box}px; "
        f"border: 2px solid {c['border']}; background: {c['base']}; }}"
        f"QCheckBox::indicator:checked {{ background: {c['highlight']}; "
        f"border: 2px solid {c['border']}; }}") if theme == "high-contrast" else ""
    return f"""
* {{ font-size: {size:.1f}pt; }}
QLabel#pageTitle {{ font-size: {size * 1.5:.1f}pt; font-weight: bold; }}
QLabel#subTitle, QCheckBox[priority="high"] {{ font-weight: bold; }}
QLabel#detail {{ font-size: {size * 0.9:.1f}pt; color: {c['muted']}; }}
QLineEdit#search {{ padding: 6px 8px; font-size: {11 * scale:.1f}pt;
  border: {width}px solid {c['border']}; border-radius: 6px; background: {c['base']}; }}
QListView, QListWidget, QTableView, QTextBrowser, QPlainTextEdit, QLineEdit, QComboBox,
QSpinBox, QPushButton, QToolButton {{ border: {width}px solid {c['border']};
  border-radius: 4px; }}
QPushButton, QToolButton {{ padding: 3px 8px; background: {c['button']}; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPushButton:focus, QToolButton:focus,
QListView:focus, QListWidget:focus, QTableView:focus, QTextBrowser:focus,
QPlainTextEdit:focus, QLineEdit#search:focus {{ border: 3px solid {c['focus']}; }}
QCheckBox:focus {{ background: {c['alt']}; border: 2px solid {c['focus']}; }}
{checkbox}
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


def fusion_arguments(argv0: str) -> list[str]:
    """A new QApplication's arguments that start it in the Fusion style (set after
    start-up, the style would cost the QStyle types' creation: about 10 ms)."""
    return [argv0, "-style", "Fusion"]


def apply_theme(app: QApplication, theme: str, scale: float = 1.0) -> None:
    """Apply a theme and a text size to the whole application (every widget's font)."""
    if not app.property(FUSION):  # (asking for the style makes Qt's QStyle types: slow)
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        app.setProperty(FUSION, True)
    base = app.property(BASE_FONT)
    if not base:  # the platform's own size, remembered before the first change
        base = app.font().pointSizeF()
        app.setProperty(BASE_FONT, base)
    font = QFont(app.font())
    font.setPointSizeF(float(base) * scale)
    app.setFont(font)  # for what draws with the application font (item views' fonts)
    app.setPalette(palette(theme))
    app.setProperty(THEME, theme)
    app.setStyleSheet(stylesheet(theme, scale, float(base)))
