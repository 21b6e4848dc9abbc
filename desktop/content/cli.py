"""``safe-passage content audit``: how well the content sources are sourced (maintainers)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.errors import UserFacingError
from desktop.paths import content_sources_dir


def cmd_content_audit(args: argparse.Namespace) -> int:
    """Report how well the content sources are sourced (a maintainers' command)."""
    from desktop.cli import print_json
    from desktop.content.audit import audit_folder, format_table

    source = Path(args.source) if args.source else content_sources_dir()
    if not source.is_dir():
        raise UserFacingError(f"content folder not found: {source}")
    report = audit_folder(source, oldest=args.oldest)
    if args.json:
        print_json(report)
    else:
        print(format_table(report))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``content audit`` sub-command."""
    from desktop.cli import positive_int

    p = subparsers.add_parser("content", help="maintainers' tools for the content sources")
    content = p.add_subparsers(dest="content_command", metavar="ACTION", required=True,
                               parser_class=type(p))
    p = content.add_parser("audit", help="counts per kind and confidence, single-source "
                           "records, oldest checks, unsure values in headlines")
    p.add_argument("--source", metavar="DIR", help="content folder (default: bundled)")
    p.add_argument("--json", action="store_true", help="machine-readable, for CI")
    p.add_argument("--oldest", type=positive_int, default=10, metavar="N",
                   help="how many of the oldest checks to list (default 10)")
    p.set_defaults(func=cmd_content_audit)
