"""The ``feeds`` sub-command: ``feeds import FILE [--format F] [--country CC ...]
[--out OUT.toml] [--checked-on YYYY-MM-DD]``.

Without ``--out`` it prints one line per record; with ``--out`` it writes TOML atomically
(a temporary file in the same folder, then ``os.replace``).  On a bad file it prints
``error: <message>`` to stderr, writes nothing and returns 2.

The main CLI calls ``register(subparsers)``; ``python -m desktop.feeds.cli import FILE``
works on its own through ``main``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from desktop.feeds import FORMAT_NAMES, FeedError
from desktop.fsutil import FileWriteError, atomic_write


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-25") from None


def _add_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="saved RSS or JSON feed file")
    parser.add_argument("--format", dest="fmt", choices=FORMAT_NAMES,
                        help="feed format (default: detected from the content)")
    parser.add_argument("--country", dest="countries", action="append", metavar="CC",
                        help="only this ISO alpha-2 country (repeat for more)")
    parser.add_argument("--out", metavar="OUT.toml", help="write [[advisory]] TOML here")
    parser.add_argument("--checked-on", type=_date, metavar="YYYY-MM-DD",
                        help="date you checked the file (default: today)")
    parser.set_defaults(func=handle_import)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``feeds`` (with its ``import`` sub-command) to the main CLI's sub-parsers."""
    feeds = subparsers.add_parser("feeds", help="import saved official advisory feeds",
                                  description="Import saved copies of official advisory feeds.")
    sub = feeds.add_subparsers(dest="feeds_command", metavar="COMMAND", required=True)
    _add_import(sub.add_parser("import", help="turn a saved feed file into advisory records"))
    return feeds


def _write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` through ``fsutil.atomic_write`` (temporary file,
    fsync, rename; a symlink, device or FIFO at ``path`` is refused)."""
    try:
        atomic_write(path, text.encode("utf-8"))
    except FileWriteError as exc:
        raise FeedError(str(exc)) from None


def handle_import(args: argparse.Namespace) -> int:
    """Run ``feeds import``; 0 on success, 2 on a bad file (nothing written then)."""
    try:
        from desktop.feeds.importer import import_feed, to_toml  # parsers load on use

        records, skipped = import_feed(args.file, fmt=args.fmt, checked_on=args.checked_on,
                                       countries=args.countries)
        if args.out is not None:
            out = Path(args.out)
            if args.out.strip() and not out.parent.is_dir():
                raise FeedError(f"{out}: the folder {out.parent} does not exist")
            _write_atomic(args.out, to_toml(records))
    except FeedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for note in skipped:
        print(f"note: {note}", file=sys.stderr)
    if args.out is not None:
        print(f"wrote {len(records)} advisories to {args.out}")
    else:
        for r in records:
            flag = " (regional)" if r["regional"] else ""
            print(f"{r['id']}: {r['country']} {r['issuer']} level {r['level']}{flag} "
                  f"[{r['issuer_level']}: {r['issuer_label']}] issued {r['issued_on']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m desktop.feeds.cli import FILE ...``"""
    parser = argparse.ArgumentParser(prog="python -m desktop.feeds.cli",
                                     description="Import saved official advisory feeds.")
    sub = parser.add_subparsers(dest="feeds_command", metavar="COMMAND", required=True)
    _add_import(sub.add_parser("import", help="turn a saved feed file into advisory records"))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
