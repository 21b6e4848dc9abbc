"""``safe-passage pack …``: export, verify, import, rollback, status and keygen.

Every refusal is one ``error: …`` line (a ``UserFacingError`` handled by ``desktop.cli``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.cli import nonempty_name
from desktop.packs.errors import PackError, PackInterruptedError


def _keys(args: argparse.Namespace):
    from desktop.packs.keys import load_trusted_keys, trusted_keys_dir

    keys = load_trusted_keys(args.keys)
    if not keys:
        raise PackError(f"No trusted keys found in {trusted_keys_dir(args.keys)} "
                        "(looked for *.pub files).")
    return keys


def _paths(args: argparse.Namespace):
    from desktop.paths import app_paths

    return app_paths(args.basedir, portable=args.portable)


def cmd_export(args: argparse.Namespace) -> int:
    """Pack and sign a content database."""
    from desktop.packs.keys import load_private_key
    from desktop.packs.pack import export_pack

    if args.db:
        db = Path(args.db)
    elif getattr(args, "content_db", None):
        db = Path(args.content_db)
    else:
        from desktop.services import ensure_bundled_db

        db = ensure_bundled_db()
    key = load_private_key(args.key)
    manifest = export_pack(db, args.out, key)
    print(f"wrote {args.out}: {manifest.describe()}, {manifest.db_size} bytes of content")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a pack completely without installing it."""
    from desktop.packs.pack import verify_pack

    manifest = verify_pack(args.file, _keys(args))
    if args.json:
        print(json.dumps({"ok": True, **manifest.to_dict()}, indent=2, ensure_ascii=False))
    else:
        print(f"ok: {args.file} is a valid pack: {manifest.describe()}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Verify a pack and make it the active content."""
    from desktop.packs.store import import_pack

    keys = _keys(args)
    try:
        manifest = import_pack(args.file, _paths(args), keys, allow_older=args.allow_older)
    except PackInterruptedError:
        raise
    except PackError as exc:
        raise type(exc)(f"{exc} Nothing was changed.") from exc
    from desktop.packs.store import PREVIOUS

    kept = ("; the pack it replaces is kept for 'safe-passage pack rollback'"
            if (_paths(args).packs / PREVIOUS).is_dir() else "")
    print(f"installed {manifest.describe()}{kept}")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Make the previous pack active again."""
    from desktop.packs.store import rollback

    manifest = rollback(_paths(args))
    what = manifest.describe() if manifest else "the previous pack"
    print(f"rolled back: now using {what}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Which content is active and how old it is."""
    from desktop.packs.status import status

    info = status(_paths(args))
    if args.json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return 0
    source = "content pack" if info["active"] == "pack" else "content that came with the app"
    print(f"active: {source} ({info['path']})")
    if info["content_version"] is not None:
        age = f" ({info['age_days']} days old)" if info["age_days"] is not None else ""
        stale = " — older than the content's own freshness limit" if info["stale"] else ""
        print(f"content: {info['content_name']} version {info['content_version']}")
        print(f"as of: {info['content_as_of']}{age}{stale}")
        print(f"made: {info['created']}")
    if info["key_id"]:
        print(f"signed by key: {info['key_id']}")
    if info["previous_available"]:
        print(f"previous pack: version {info['previous_version']} made "
              f"{info['previous_created']} (safe-passage pack rollback)")
    else:
        print("previous pack: none")
    if info["warning"]:
        print(f"warning: {info['warning']}")
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    """Make a publisher key pair."""
    from desktop.packs.keys import generate_keypair

    private, public, key_id = generate_keypair(args.out_dir, args.name)
    print(f"wrote private key {private} (keep it secret; never commit it)")
    print(f"wrote public key {public} (key id {key_id}); copy it into resources/keys/ "
          "to trust packs it signs")
    return 0


def _usage(parser: argparse.ArgumentParser):
    def handler(args: argparse.Namespace) -> int:
        raise PackError(f"choose a pack command: {parser.format_usage().strip()}")
    return handler


def handler(args: argparse.Namespace) -> int:
    """Run the chosen ``pack`` sub-command."""
    return args.pack_func(args)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``pack`` command group to the ``safe-passage`` parser."""
    group = subparsers.add_parser("pack", help="content packs: export, verify, import, "
                                               "rollback, status, keygen")
    group.set_defaults(func=handler, pack_func=_usage(group))
    sub = group.add_subparsers(dest="pack_command", metavar="PACK_COMMAND",
                               parser_class=type(group))
    keys_help = ("folder of trusted *.pub keys (default: $SAFE_PASSAGE_TRUSTED_KEYS, "
                 "else the keys that ship with the app)")

    p = sub.add_parser("export", help="pack and sign a content database")
    p.add_argument("--out", required=True, metavar="FILE", type=nonempty_name,
                   help="pack file to write")
    p.add_argument("--key", required=True, metavar="KEYFILE", help="Ed25519 private key")
    p.add_argument("--db", metavar="PATH", help="content database (default: the bundled one)")
    p.set_defaults(pack_func=cmd_export)

    p = sub.add_parser("verify", help="check a pack without installing it")
    p.add_argument("file", metavar="FILE", type=nonempty_name)
    p.add_argument("--keys", metavar="DIR", help=keys_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(pack_func=cmd_verify)

    p = sub.add_parser("import", help="verify a pack and make it the active content")
    p.add_argument("file", metavar="FILE", type=nonempty_name)
    p.add_argument("--keys", metavar="DIR", help=keys_help)
    p.add_argument("--allow-older", action="store_true",
                   help="install even if it is older than the active pack")
    p.set_defaults(pack_func=cmd_import)

    p = sub.add_parser("rollback", help="make the previous pack active again")
    p.set_defaults(pack_func=cmd_rollback)

    p = sub.add_parser("status", help="which content is active and how old it is")
    p.add_argument("--json", action="store_true")
    p.set_defaults(pack_func=cmd_status)

    p = sub.add_parser("keygen", help="make a publisher key pair")
    p.add_argument("--out-dir", required=True, metavar="DIR", type=nonempty_name)
    p.add_argument("--name", default="safe-passage", help="file name stem (default: "
                   "safe-passage)")
    p.set_defaults(pack_func=cmd_keygen)
