"""The ``safe-passage`` command: the GUI by default, plus build, search, show, list, print,
pack and feeds sub-commands for scripts and maintainers.

Every error a person can cause prints one line starting with ``error:`` on stderr and exits
non-zero; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.content.schema import KIND_LABELS, PAGE_KINDS
from desktop.errors import UserFacingError
from desktop.paths import app_paths, bundled_content_db, content_sources_dir
from desktop.services import Services, open_services

EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one readable line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def _positive_int(text: str) -> int:
    """argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _services(args: argparse.Namespace) -> Services:
    paths = app_paths(args.basedir, portable=args.portable)
    return open_services(paths, content_db=args.content_db)


def cmd_build(args: argparse.Namespace) -> int:
    """Validate the content sources and write the content database."""
    from desktop.content import ContentBuildError
    from desktop.content.build import build

    source = Path(args.source) if args.source else content_sources_dir()
    out = Path(args.out) if args.out else bundled_content_db()
    try:
        meta = build(source, out)
    except ContentBuildError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"error: {len(exc.errors)} problem(s) in {source}; no database written",
              file=sys.stderr)
        return 1
    except OSError as exc:
        raise UserFacingError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"built {out}: {meta['record_count']} records, content {meta['content_version']} "
          f"as of {meta['content_as_of']}, hash {meta['content_hash'][:16]}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Search every kind of record."""
    if args.kind and args.kind not in PAGE_KINDS:
        raise UserFacingError(f"unknown kind '{args.kind}' (kinds: {', '.join(PAGE_KINDS)})")
    services = _services(args)
    passports = [p.upper() for p in args.passport] or services.user.settings().passports
    result = services.search.search(args.query, passports=passports, limit=args.limit,
                                    kind=args.kind, country=args.country, as_you_type=True)
    if args.json:
        _json([hit.to_json() for hit in result.hits] if not args.with_meta else {
            "query": result.query, "corrected": result.corrected,
            "words": list(result.words), "dropped": list(result.dropped),
            "closest": result.closest, "intent": list(result.intent),
            "hits": [hit.to_json() for hit in result.hits]})
        return 0
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


def _summary(kind: str, record: dict, services: Services) -> str:
    title = services.content.title(kind, record)
    extra = {
        "route": lambda r: f"{r['status']} (as of {r['status_as_of']})",
        "contact": lambda r: r["phones"][0]["display"] if r.get("phones") else "",
        "advisory": lambda r: f"level {r['level']}, {r['issued_on']}",
        "country": lambda r: f"emergency {r['emergency']}",
        "checklist": lambda r: r.get("summary", ""),
    }.get(kind, lambda r: "")(record)
    return f"{kind}/{record['id']}  {title}" + (f"  — {extra}" if extra else "")


def cmd_show(args: argparse.Namespace) -> int:
    """Show one record whole."""
    services = _services(args)
    record = services.content.get(args.kind, args.id)
    if args.json:
        _json(record)
        return 0
    print(_summary(args.kind, record, services))
    for key, value in record.items():
        if key.endswith("_html") or key in ("id", "source_records") or value in ("", None, []):
            continue
        if key == "items":
            for item in value:
                print(f"  [ ] {item['text']}")
            continue
        if key == "phones":
            value = "; ".join(f"{p['display']} ({p['label']})" for p in value)
        if key == "entry_rules":
            value = "; ".join(f"{r['passport']}: {r['visa']}" for r in value)
        if key == "advisories":
            value = "; ".join(f"{a['issuer']}: {a['issuer_label']}" for a in value)
        print(f"{key}: {value}")
    for source in record.get("source_records", []):
        print(f"source: {source.get('publisher', '')} — {source.get('title', '')} "
              f"{source.get('url') or ''}".rstrip())
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """List every record of a kind."""
    services = _services(args)
    records = services.content.list(args.kind)
    if args.json:
        _json(records)
        return 0
    for record in records:
        print(_summary(args.kind, record, services))
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    """Open both databases, run a search, render a page; exit 0 or say what is wrong."""
    from desktop import selftest

    problems = selftest.run(_services(args))
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    if not problems:
        print("self-test passed")
    return 1 if problems else 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop app."""
    from desktop.app import main as gui_main

    return gui_main(args)


def _register_optional(sub: argparse._SubParsersAction, module: str) -> None:
    """Add the sub-commands of an optional module (packs, feeds, printing) if present."""
    try:
        register: Callable[[argparse._SubParsersAction], None] = __import__(module, fromlist=["register"]).register
    except (ImportError, AttributeError):
        return
    register(sub)


def parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    top = _Parser(prog="safe-passage",
                                  description=f"{APP_NAME}: offline emergency reference.")
    top.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    top.add_argument("--basedir", metavar="DIR", help="keep all user data under DIR")
    top.add_argument("--portable", action="store_true",
                     help="keep user data next to the program (portable mode)")
    top.add_argument("--content-db", type=Path, metavar="PATH",
                     help="use this content database instead of the installed one")
    top.add_argument("--self-test", action="store_true",
                     help="open both databases, run a search, render a page, then exit")
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
    p.add_argument("--limit", type=_positive_int, default=20)
    p.add_argument("--kind", metavar="KIND")
    p.add_argument("--country", metavar="CC")
    p.add_argument("--passport", metavar="CC", action="append", default=[],
                   help="your passport (repeat for several; default: your settings)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", help="show one record")
    p.add_argument("kind", choices=PAGE_KINDS, metavar="KIND")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("list", help="list the records of a kind")
    p.add_argument("kind", choices=PAGE_KINDS, metavar="KIND")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    for module in ("desktop.printing.cli", "desktop.packs.cli", "desktop.feeds.cli"):
        _register_optional(sub, module)
    return top


def _gui_only(argv: list[str]) -> argparse.Namespace | None:
    """The options when the command line asks only for the GUI, else None.

    Starting the app should not pay for building every sub-command's parser (and
    importing the printing, packs and feeds modules behind them).
    """
    gui = _Parser(prog="safe-passage", add_help=False)
    gui.add_argument("--basedir")
    gui.add_argument("--portable", action="store_true")
    gui.add_argument("--content-db", type=Path)
    try:
        args, rest = gui.parse_known_args(argv)
    except SystemExit:
        return None
    if rest:
        return None
    args.self_test = False
    args.func = cmd_gui
    return args


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``safe-passage`` and ``python -m desktop``."""
    argv = sys.argv[1:] if argv is None else argv
    fast = _gui_only(argv)
    if fast is not None:
        return cmd_gui(fast)
    top = parser()
    try:
        args = top.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.self_test:
        args.func = cmd_self_test
    try:
        return int(args.func(args) or 0)
    except UserFacingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
