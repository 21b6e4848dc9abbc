"""Starting Qt's windowing platform, and what to say when it cannot start.

``main`` is the child process of ``safe-passage --self-test --gui`` (run as
``safe-passage --platform-probe``): creating the QGuiApplication loads the platform plugin
and connects to the display, which is where Qt aborts when it cannot; the parent
(desktop/preflight.py) turns such an abort into a readable problem.  The window
(desktop/app.py) and the printing commands start their platform within
:func:`failure_explained`, which turns Qt's fatal message into one of ours instead of a
core dump.  Qt is imported only inside ``main`` and ``failure_explained``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping


def main() -> int:
    """Start the platform, print its name and the primary screen's size, exit 0."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    size = f", screen {screen.size().width()}x{screen.size().height()}" if screen else ""
    print(f"{app.platformName()}{size}", flush=True)
    return 0


@contextlib.contextmanager
def failure_explained(exit_code: int, explain: Callable[[list[str], str], str]
                      ) -> Iterator[None]:
    """Start Qt's platform (a Q*Application made within) without its abort.

    When Qt cannot start it (a display that does not answer or refuses this user, a
    ``QT_QPA_PLATFORM`` it does not have), ``explain(what Qt said before, its fatal
    message)`` is printed and the process exits with ``exit_code``, instead of Qt's abort
    (a core dump, and "Reinstalling the application may fix this problem").  Qt's other
    messages meanwhile are printed as Qt prints them, once the platform has started.
    A C or POSIX locale is taken as C.UTF-8 beforehand, as Qt would take it, but without
    its four lines of warning on every start.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    utf8_for_qt(os.environ)
    said: list[str] = []

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            sys.stderr.write(explain(said, message) + "\n")
            sys.stderr.flush()
            os._exit(exit_code)  # Qt aborts when the handler of a fatal message returns
        category = getattr(context, "category", "") or ""
        said.append(f"{category}: {message}" if category not in ("", "default")
                    else message)

    qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(None)
        for line in said:
            print(line, file=sys.stderr)


def utf8_for_qt(environ: dict[str, str] | os._Environ[str]) -> None:
    """On Linux, make a C or POSIX locale (or none) C.UTF-8 for the character type, which
    Qt needs and switches to itself, warning: only the variable that decides changes."""
    if not sys.platform.startswith("linux"):
        return
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(name, "")
        if value:
            if value in ("C", "POSIX"):
                environ["LC_ALL" if name == "LC_ALL" else "LC_CTYPE"] = "C.UTF-8"
            return
    environ["LC_CTYPE"] = "C.UTF-8"


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


def short_failure(said: list[str], fatal: str, environ: Mapping[str, str] | None = None
                  ) -> str:
    """One ``error:`` line for a command that needed Qt's platform (printing a PDF)."""
    env = os.environ if environ is None else environ
    last = qt_said(said)[:1] or [fatal.splitlines()[0] if fatal else "no reason given"]
    forced = env.get("QT_QPA_PLATFORM", "").strip()
    hint = (f"; QT_QPA_PLATFORM is '{forced}': unset it, or set it to offscreen"
            if forced else "")
    return f"error: Qt could not start its platform ({last[0]}){hint}"
