"""``safe-passage print``: checklists, any page, the contact sheet and the wallet card as PDF.

    safe-passage print checklist ID --pdf OUT
    safe-passage print page KIND ID [--passport CC] --pdf OUT
    safe-passage print contacts [--country CC] [--passport CC] --pdf OUT
    safe-passage print card [--country CC] [--passport CC] --pdf OUT

``--passport`` (repeat it for a second one) replaces the passports in the settings.

``--paper A4|Letter`` overrides the saved setting (whose default follows the locale).
Works with no display and no printer: printing never shows a window, so Qt's
``offscreen`` platform is used unless ``QT_QPA_PLATFORM`` names another (a DISPLAY that
nobody answers, as after an old ``ssh -X``, would otherwise abort the process).
"""

from __future__ import annotations

import argparse
import os
import sys

from desktop.content.schema import PAGE_KINDS


def ensure_gui_app() -> object:
    """The running QGuiApplication, or a new one on Qt's ``offscreen`` platform.

    Writing a PDF needs no window, so the display is never used: a set but unusable
    DISPLAY (a stale ssh session, a missing xcb library) cannot abort the process.  A
    platform the user chose with ``QT_QPA_PLATFORM`` is kept.
    """
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        return app
    if not os.environ.get("QT_QPA_PLATFORM", "").strip():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from desktop.cli import EXIT_ERROR  # as every other error of the command
    from desktop.platform_probe import failure_explained, short_failure

    with failure_explained(EXIT_ERROR, short_failure):
        return QGuiApplication(sys.argv[:1])


def cmd_print(args: argparse.Namespace) -> int:
    """Write one printout as a PDF and say how many pages it has."""
    from desktop.cli import open_services_for, passports_for
    from desktop.pages.jobs import printout
    from desktop.planner import place
    from desktop.printing import render

    services = open_services_for(args)
    try:
        settings = services.user.settings()
        passports = passports_for(args, services)
        # the settings' place as this content can answer for it (a --country is as given)
        country, city = place(services.content, settings.country, settings.city)
        html, title = printout(
            services.content, services.user, args.what, kind=getattr(args, "kind", ""),
            record_id=getattr(args, "id", ""),
            country=(getattr(args, "country", None) or country).upper(),
            passports=passports, city=city)
        ensure_gui_app()
        paper = render.paper_name(args.paper or settings)
        scale = args.font_scale if args.font_scale else settings.font_scale
        pages = render.export_pdf(html, args.pdf, paper=paper, font_scale=scale, title=title)
    finally:
        services.close()
    print(f"wrote {args.pdf} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def _font_scale(text: str) -> float:
    """argparse type: a text size factor within what the app offers (0.75 to 2)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number: '{text}'") from None
    if not 0.75 <= value <= 2.0:
        raise argparse.ArgumentTypeError(f"must be between 0.75 and 2, not {text}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``print`` sub-command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--pdf", required=True, metavar="OUT", help="PDF file to write")
    common.add_argument("--paper", choices=("A4", "Letter"),
                        help="paper size (default: your setting, else by locale)")
    common.add_argument("--font-scale", type=_font_scale, metavar="X",
                        help="type size factor (default: your setting)")
    parser = subparsers.add_parser("print", help="write a checklist, page, contact sheet "
                                                 "or wallet card as a PDF")
    parser_class = type(parser)
    kinds = parser.add_subparsers(dest="what", metavar="WHAT", required=True,
                                  parser_class=parser_class)
    p = kinds.add_parser("checklist", parents=[common],
                         help="a checklist with your ticks and own items")
    p.add_argument("id")
    passport = argparse.ArgumentParser(add_help=False)
    passport.add_argument("--passport", metavar="CC", action="append",
                          help="your passport; repeat for several (default: your settings)")
    p = kinds.add_parser("page", parents=[common, passport], help="any page")
    p.add_argument("kind", choices=PAGE_KINDS, metavar="KIND")
    p.add_argument("id")
    for what, text in (("contacts", "one-page contact sheet of a country"),
                       ("card", "one-page fold-up wallet card")):
        p = kinds.add_parser(what, parents=[common, passport], help=text)
        p.add_argument("--country", metavar="CC", help="country code (default: your setting)")
    parser.set_defaults(func=cmd_print)
