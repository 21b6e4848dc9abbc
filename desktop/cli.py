"""The ``safe-passage`` command: the GUI by default, plus build, search, show, plan, list,
content, print, pack and feeds sub-commands for scripts and maintainers.

Every error a person can cause prints one line starting with ``error:`` on stderr and exits
non-zero; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path

from desktop import APP_NAME, __version__, fsutil, preflight
from desktop.content.schema import KIND_LABELS, PAGE_KINDS
from desktop.errors import UserFacingError
from desktop.paths import app_paths, bundled_content_db, content_sources_dir
from desktop.services import Services, open_services

EXIT_ERROR = 2
# Options that name files or folders: any bytes the system allows are fine in these.  Every
# other argument is text (a query, an id, a country code) and must be valid UTF-8.
PATH_OPTIONS = frozenset({"basedir", "content_db", "pdf", "out", "file", "source", "db",
                          "key", "keys", "out_dir"})


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one readable line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def positive_int(text: str) -> int:
    """argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def nonempty_name(text: str) -> str:
    """argparse type: a file or folder name that is not empty (for --basedir, empty would
    mean 'the default')."""
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a name (it is empty)")
    return text


def _not_text(args: argparse.Namespace) -> str | None:
    """The first text argument that is not valid UTF-8 (shown escaped), or None."""
    for name, value in sorted(vars(args).items()):
        if name in PATH_OPTIONS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    shown = item.encode("utf-8", "surrogateescape").decode(
                        "utf-8", "backslashreplace")
                    return f"'{shown}' is not valid UTF-8 text"
    return None


def _readable_output() -> None:
    """Print anything (a file name with odd bytes, say) rather than fail on it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def print_json(data: object) -> None:
    """Print data as indented JSON (dates and other objects as text)."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def passports_for(args: argparse.Namespace, services: Services) -> list[str]:
    """The ``--passport`` codes given (each checked; "uk" and "GBR" are GB; each once),
    else the traveller's from the settings."""
    from desktop.planner import passport_code, unique_passports

    given = getattr(args, "passport", None) or []
    codes = [passport_code(p) for p in given]
    for typed, code in zip(given, codes, strict=True):
        if not (len(code) == 2 and code.isascii() and code.isalpha()
                and services.content.country_name(code) != code):
            raise UserFacingError(f"unknown passport '{typed.strip()}': give the two-letter "
                                  "code of the country that issued it, such as US, GB, CA "
                                  "or AU")
    return unique_passports(codes) or services.user.settings().passports


def open_services_for(args: argparse.Namespace, *, quiet: bool = False) -> Services:
    """Open the services; every warning (read-only data, a pack not used) goes to stderr
    as one ``warning:`` line, so nothing is hidden from a script either."""
    paths = app_paths(args.basedir, portable=args.portable)
    services = open_services(paths, content_db=args.content_db)
    if not quiet:
        for warning in services.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return services


def cmd_build(args: argparse.Namespace) -> int:
    """Validate the content sources and write the content database."""
    from desktop.content import ContentBuildError
    from desktop.content.build import build

    source = Path(args.source) if args.source is not None else content_sources_dir()
    out = Path(args.out) if args.out is not None else bundled_content_db()
    if args.source is not None and not args.source.strip():
        raise UserFacingError("--source needs a folder name (it is empty)")
    fsutil.check_target(out, need_folder=False)  # (the build makes missing folders)
    warnings: list = []
    try:
        meta = build(source, out, warnings=warnings)
    except ContentBuildError as exc:
        for warning in warnings:
            print(warning, file=sys.stderr)
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"error: {len(exc.errors)} problem(s) in {source}; no database written",
              file=sys.stderr)
        return 1
    except OSError as exc:
        raise UserFacingError(f"cannot write {out}: {exc.strerror or exc}") from exc
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(f"built {out}: {meta['record_count']} records, content {meta['content_version']} "
          f"as of {meta['content_as_of']}, hash {meta['content_hash'][:16]}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Search every kind of record."""
    if args.kind and args.kind not in PAGE_KINDS:
        raise UserFacingError(f"unknown kind '{args.kind}' (kinds: {', '.join(PAGE_KINDS)})")
    services = open_services_for(args)
    passports = passports_for(args, services)
    result = services.search.search(args.query, passports=passports, limit=args.limit,
                                    kind=args.kind, country=args.country, as_you_type=True)
    if args.json:
        print_json([hit.to_json() for hit in result.hits] if not args.with_meta else {
            "query": result.query, "corrected": result.corrected,
            "words": list(result.words), "dropped": list(result.dropped),
            "closest": result.closest, "intent": list(result.intent),
            "shortened": result.shortened,
            "hits": [hit.to_json() for hit in result.hits]})
        return 0
    if result.shortened:
        from desktop.search.syntax import CUT_NOTE

        print(CUT_NOTE)
    if result.corrected:
        print(f"No results for '{result.query}'; showing results for '{result.corrected}'.")
    elif result.closest:
        print(f"No record has all of: {', '.join(result.words)}; showing the closest.")
    if not result.hits:
        print(f"No results for '{args.query}'.")
    for hit in result.hits:
        print(f"{KIND_LABELS[hit.kind]:<11} {hit.kind}/{hit.id}  {hit.title}")
        print(f"            {hit.snippet_text('[', ']').replace(chr(10), ' ')}")
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    """Open both databases, run a search, render a page; exit 0 or say what is wrong.

    With ``--gui``, also check that the window can open (display, Qt platform plugin).
    """
    from desktop import selftest

    problems = selftest.run(open_services_for(args, quiet=True))
    if args.gui:
        from desktop import preflight

        window, started = preflight.window_problems()
        problems += window
        if started:
            print(f"window platform: {started}")
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    if not problems:
        print("self-test passed")
    return 1 if problems else 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop app, or say what this machine lacks to open its window.

    The garbage collector rests while the window is made (tens of thousands of objects
    that live as long as the app: modules, classes, Qt's enums; collecting while they are
    made only walks them again and again); ``desktop.app.start`` turns it back on once
    the window is shown.
    """
    gc.disable()
    try:
        from desktop import preflight

        refused = preflight.run()
        if refused is not None:
            return refused
        from desktop.app import main as gui_main

        return gui_main(args)
    finally:
        gc.enable()


def parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    top = _Parser(prog="safe-passage",
                                  description=f"{APP_NAME}: offline emergency reference.")
    top.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    top.add_argument("--basedir", metavar="DIR", type=nonempty_name,
                     help="keep all user data under DIR")
    top.add_argument("--portable", action="store_true",
                     help="keep user data next to the program (portable mode)")
    top.add_argument("--content-db", type=Path, metavar="PATH",
                     help="use this content database instead of the installed one")
    top.add_argument("--self-test", action="store_true",
                     help="open both databases, run a search, render a page, then exit")
    top.add_argument("--gui", action="store_true",
                     help="with --self-test: also check that the window can open here")
    top.set_defaults(func=cmd_gui)
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="validate the content sources and build the database")
    p.add_argument("--source", metavar="DIR", help="content folder (default: bundled)")
    p.add_argument("--out", metavar="PATH", help="database to write")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("search", help="search everything")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--with-meta", action="store_true",
                   help="with --json: an object with the corrected query and the hits")
    p.add_argument("--limit", type=positive_int, default=20)
    p.add_argument("--kind", metavar="KIND")
    p.add_argument("--country", metavar="CC")
    p.add_argument("--passport", metavar="CC", action="append", default=[],
                   help="your passport (repeat for several; default: your settings)")
    p.set_defaults(func=cmd_search)

    from desktop.content.cli import register as register_content
    from desktop.feeds.cli import register as register_feeds
    from desktop.packs.cli import register as register_packs
    from desktop.pages.cli import register as register_pages
    from desktop.printing.cli import register as register_print

    for register in (register_pages, register_content, register_print, register_packs,
                     register_feeds):
        register(sub)
    return top


def _gui_only(argv: list[str]) -> argparse.Namespace | None:
    """The options when the command line asks only for the GUI, else None (then the full
    parser reads it, and says what is wrong).  Only ``--portable``, ``--basedir DIR`` and
    ``--content-db PATH`` (or ``--option=VALUE``), spelt out, are read here.

    Starting the app should not pay for building every sub-command's parser (and
    importing the printing, packs and feeds modules behind them), nor for any parser:
    argparse's messages load the locale module (~2 ms).
    """
    values: dict[str, object] = {"basedir": None, "portable": False, "content_db": None}
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--portable":
            values["portable"] = True
            continue
        option, given, value = arg.partition("=")
        if option not in ("--basedir", "--content-db"):
            return None
        if not given:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        if option == "--content-db":
            values["content_db"] = Path(value)
        elif value.strip():  # (as nonempty_name: an empty name is an error)
            values["basedir"] = value
        else:
            return None
    return argparse.Namespace(**values, self_test=False, gui=False, func=cmd_gui)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``safe-passage`` and ``python -m desktop``."""
    argv = sys.argv[1:] if argv is None else argv
    if argv == [preflight.PROBE_FLAG]:  # the child of --self-test --gui
        from desktop.platform_probe import main as probe

        return probe()
    _readable_output()
    try:
        args = _gui_only(argv)
        if args is None:
            args = parser().parse_args(argv)
            if args.self_test:
                args.func = cmd_self_test
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.gui and not args.self_test:
        print("error: --gui goes with --self-test (see 'safe-passage --help')",
              file=sys.stderr)
        return EXIT_ERROR
    problem = _not_text(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return int(args.func(args) or 0)
    except UserFacingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the machine, not a bug: a full disk, a vanished folder
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: {fsutil.why(exc)}{where}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
