"""Starting Qt's windowing platform, and what to say when it cannot start.

``main`` is the child process of ``safe-passage --self-test --gui`` (run as
``safe-passage --platform-probe``): creating the QGuiApplication loads the platform plugin
and connects to the display, which is where Qt aborts when it cannot; the parent
(desktop/preflight.py) turns such an abort into a readable problem.  The window itself
(desktop/app.py) catches Qt's fatal message there and prints :func:`failure_message`
instead of dumping core.  Qt-free but for ``main``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping


def main() -> int:
    """Start the platform, print its name and the primary screen's size, exit 0."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    size = f", screen {screen.size().width()}x{screen.size().height()}" if screen else ""
    print(f"{app.platformName()}{size}", flush=True)
    return 0


def qt_said(lines: list[str], *, keep_guess: bool = False) -> list[str]:
    """The lines of Qt's output that say why its platform failed (at most four).

    Qt's own category lines ("qt.qpa.xcb: could not connect to display :99"), not its
    "Reinstalling the application may fix this problem"; nor, unless ``keep_guess``, its
    "xcb-cursor0 is needed" guess, which it prints whatever failed (after the pre-flight
    has found the libraries, or when the display did not answer, it is wrong).
    """
    lines = [line for line in lines if line.strip()]
    said = [line for line in lines if line.startswith("qt.")
            and (keep_guess or "From 6.5.0" not in line)]
    return (said or lines)[-4:]


def failure_message(said: list[str], fatal: str, prog: str = "safe-passage",
                    environ: Mapping[str, str] | None = None) -> str:
    """What the person reads when Qt could not start its windowing platform.

    ``said`` is what Qt printed before giving up, ``fatal`` its last message (which lists
    the platform plugins it has).  Says what was tried, the likely cause in the person's
    terms (a display that does not answer, a platform name Qt does not know) and what
    works without a window.
    """
    from desktop.preflight import command_line_hint

    env = os.environ if environ is None else environ
    lines = ["Safe Passage cannot open its window: Qt could not start its windowing "
             "platform."]
    no_answer = any("could not connect to display" in line for line in said)
    said = qt_said(said, keep_guess=not no_answer)
    if said:
        lines += ["Qt said:", *(f"    {line}" for line in said)]
    text = "\n".join(said)
    available = re.search(r"[Aa]vailable platform plugins are: ([^\n]*?)\.?\s*$", fatal)
    forced = env.get("QT_QPA_PLATFORM", "").strip()
    if no_answer:
        lines += [f"DISPLAY is '{env.get('DISPLAY', '')}', but no display answers there, or "
                  "it refused this user.", "Check that the desktop session is running and "
                  "that you start Safe Passage as the user", "logged in to it (not as "
                  "another user through sudo or su)."]
    elif forced and ("Could not find the Qt platform plugin" in text or "Could not load" in
                     text):
        lines.append(f"QT_QPA_PLATFORM is '{forced}', which cannot start here: unset it"
                     + (f", or use one of: {available.group(1)}." if available else "."))
    lines.append(f"'{prog} --self-test --gui' checks the window platform again.")
    return "\n".join(lines + command_line_hint(prog))
