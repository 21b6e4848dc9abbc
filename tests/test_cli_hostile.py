"""Every CLI path against bad input, run as a person would run it (a subprocess each).

Each case must end in one readable ``error:`` line and a non-zero exit, never a traceback,
and must not hang: bad bytes in arguments, empty names, devices, FIFOs, symlinks and
folders where files belong, unusable content databases, empty content folders.  No case
targets a real device for writing: a refusal that failed would replace it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT / "tests" / "data" / "feeds" / "us_state.rss"
FF = b"\xff"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str | bytes, ...]
    message: str  # a regex the error line must match


@pytest.fixture(scope="module")
def place(tmp_path_factory, fixture_db: Path) -> dict[str, Path]:
    """Files the cases point at: odd files, broken databases, a key, a pack."""
    from desktop.packs.keys import generate_keypair, load_private_key
    from desktop.packs.pack import export_pack

    base = tmp_path_factory.mktemp("hostile-cli")
    (base / "empty-folder").mkdir()
    (base / "empty.sppack").write_bytes(b"")
    os.mkfifo(base / "fifo")
    (base / "target.txt").write_text("the symlink's target, which must stay as it is")
    (base / "link").symlink_to(base / "target.txt")
    meta_only = base / "meta-only.db"
    conn = sqlite3.connect(meta_only)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)",
                     sqlite3.connect(fixture_db).execute("SELECT key, value FROM meta"))
    conn.commit()
    conn.close()
    bad_json = base / "bad-json.db"
    bad_json.write_bytes(fixture_db.read_bytes())
    conn = sqlite3.connect(bad_json)
    conn.execute("UPDATE routes SET aliases = '[not json'")
    conn.execute("UPDATE contacts SET phones = '{'")
    conn.commit()
    conn.close()
    private, _, _ = generate_keypair(base / "keys", "k")
    (base / "trusted").mkdir()
    (base / "keys" / "k.pub").rename(base / "trusted" / "k.pub")
    export_pack(fixture_db, base / "good.sppack", load_private_key(private))
    return {"base": base, "key": private, "fixture_db": fixture_db}


def cases(p: dict[str, Path]) -> list[Case]:
    b = p["base"]
    out = str(b / "out.pdf")
    keys = ("--keys", str(b / "trusted"))
    return [
        Case("show-bad-bytes", ("show", "guide", FF), r"not valid UTF-8"),
        Case("show-json-bad-bytes", ("show", "route", FF + b"x", "--json"), r"not valid UTF-8"),
        Case("list-bad-bytes", ("list", FF), r"invalid choice"),
        Case("search-bad-bytes", ("search", b"caf\xe9"), r"not valid UTF-8"),
        Case("search-country-bad-bytes", ("search", "x", "--country", FF), r"UTF-8"),
        Case("search-kind-bad", ("search", "x", "--kind", FF), r"UTF-8|unknown kind"),
        Case("plan-passport-three-letters", ("plan", "--passport", "usx"),
             r"unknown passport 'usx'"),
        Case("show-passport-unknown", ("show", "route", "ru-ge-upper-lars", "--passport", "ZZ"),
             r"unknown passport 'ZZ'"),
        Case("card-passport-unknown", ("print", "card", "--passport", "U5", "--pdf", out),
             r"unknown passport 'U5'"),
        Case("card-passport-bad-bytes", ("print", "card", "--passport", FF, "--pdf", out),
             r"not valid UTF-8"),
        Case("feeds-country-bad-bytes", ("feeds", "import", str(FEED), "--country", FF),
             r"UTF-8"),
        Case("basedir-empty", ("--basedir", "", "search", "x"), r"--basedir.*empty"),
        Case("basedir-empty-gui", ("--basedir", ""), r"--basedir.*empty"),
        Case("pdf-empty", ("print", "card", "--pdf", ""), r"No file name"),
        Case("pdf-folder", ("print", "card", "--pdf", str(b / "empty-folder")), r"a folder"),
        Case("pdf-symlink", ("print", "card", "--pdf", str(b / "link")), r"symbolic link"),
        Case("pdf-fifo", ("print", "card", "--pdf", str(b / "fifo")), r"FIFO"),
        Case("pdf-no-folder", ("print", "card", "--pdf", str(b / "nowhere" / "x.pdf")),
             r"does not exist"),
        Case("print-unknown-checklist", ("print", "checklist", "nope", "--pdf", out),
             r"No checklist"),
        Case("feeds-dev-zero", ("feeds", "import", "/dev/zero"), r"not a regular file"),
        Case("feeds-fifo", ("feeds", "import", str(b / "fifo")), r"not a regular file"),
        Case("feeds-folder", ("feeds", "import", str(b)), r"folder"),
        Case("feeds-missing", ("feeds", "import", str(b / "missing.rss")), r"not found"),
        Case("feeds-empty-name", ("feeds", "import", ""), r"no feed file name"),
        Case("feeds-out-symlink", ("feeds", "import", str(FEED), "--out", str(b / "link")),
             r"symbolic link"),
        Case("feeds-out-fifo", ("feeds", "import", str(FEED), "--out", str(b / "fifo")),
             r"FIFO"),
        Case("feeds-out-empty", ("feeds", "import", str(FEED), "--out", ""), r"No file name"),
        Case("pack-verify-dev-zero", ("pack", "verify", "/dev/zero", *keys), r"a device"),
        Case("pack-verify-fifo", ("pack", "verify", str(b / "fifo"), *keys), r"FIFO"),
        Case("pack-verify-empty", ("pack", "verify", str(b / "empty.sppack"), *keys),
             r"empty"),
        Case("pack-verify-empty-name", ("pack", "verify", "", *keys), r"name"),
        Case("pack-verify-bad-bytes-name", ("pack", "verify", FF + b".sppack", *keys),
             r"does not exist"),
        Case("pack-verify-keys-device", ("pack", "verify", str(b / "good.sppack"), "--keys",
                                         "/dev/zero"), r"not a folder"),
        Case("pack-import-dev-zero", ("pack", "import", "/dev/zero", *keys), r"a device"),
        Case("pack-import-no-keys", ("pack", "import", str(b / "good.sppack"), "--keys",
                                     str(b / "empty-folder")), r"No trusted keys"),
        Case("pack-export-key-dev-zero", ("pack", "export", "--key", "/dev/zero", "--out",
                                          str(b / "x.sppack")), r"a device"),
        Case("pack-export-key-fifo", ("pack", "export", "--key", str(b / "fifo"), "--out",
                                      str(b / "x.sppack")), r"FIFO"),
        Case("pack-export-out-symlink", ("pack", "export", "--key", str(p["key"]), "--db",
                                         str(p["fixture_db"]), "--out", str(b / "link")),
             r"symbolic link"),
        Case("pack-export-out-empty", ("pack", "export", "--key", str(p["key"]), "--out", ""),
             r"empty"),
        Case("pack-export-meta-only", ("pack", "export", "--key", str(p["key"]), "--db",
                                       str(b / "meta-only.db"), "--out", str(b / "y.sppack")),
             r"not usable content"),
        Case("pack-keygen-empty", ("pack", "keygen", "--out-dir", ""), r"empty"),
        Case("pack-keygen-device", ("pack", "keygen", "--out-dir", "/dev/null"),
             r"Cannot write keys"),
        Case("pack-rollback-none", ("pack", "rollback"), r"no previous"),
        Case("content-db-meta-only", ("--content-db", str(b / "meta-only.db"), "search", "x"),
             r"incomplete"),
        Case("content-db-bad-json", ("--content-db", str(b / "bad-json.db"), "show", "route",
                                     "ru-ge-upper-lars"), r"cannot be used|could not be read"),
        Case("content-db-dev-zero", ("--content-db", "/dev/zero", "search", "x"),
             r"is a device, not a file"),
        Case("content-db-folder", ("--content-db", str(b), "search", "x"),
             r"is a folder, not a file"),
        Case("content-db-bad-bytes", ("--content-db", b"/nowhere/" + FF + b".db", "list",
                                      "country"), r"missing"),
        Case("build-empty-folder", ("build", "--source", str(b / "empty-folder"), "--out",
                                    str(b / "built.db")), r"problem"),
        Case("build-source-device", ("build", "--source", "/dev/zero", "--out",
                                     str(b / "built.db")), r"problem"),
        Case("build-out-symlink", ("build", "--out", str(b / "link")), r"symbolic link"),
        Case("build-source-empty-name", ("build", "--source", ""), r"empty"),
    ]


def run(args: tuple[str | bytes, ...], basedir: Path, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SAFE_PASSAGE_BASEDIR": str(basedir), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONDONTWRITEBYTECODE": "1"}
    uses_db = not any(isinstance(a, str) and a in ("--content-db", "build", "pack", "feeds")
                      for a in args[:2])
    prefix = ["--content-db", str(db)] if uses_db else []
    argv = [os.fsencode(sys.executable), b"-m", b"desktop",
            *(os.fsencode(a) for a in prefix), *(a if isinstance(a, bytes) else os.fsencode(a)
                                                 for a in args)]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=60)


def test_every_bad_input_is_one_error_line(place, tmp_path: Path) -> None:
    table = cases(place)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: run(case.args, tmp_path / case.name,
                                                 place["fixture_db"]), table))
    failures = []
    for case, out in zip(table, results, strict=True):
        err = out.stderr.decode("utf-8", "replace")
        lines = [line for line in err.splitlines() if not line.startswith("warning:")]
        ok = (out.returncode != 0 and "Traceback" not in err and lines
              and lines[-1].startswith("error:") and re.search(case.message, lines[-1]))
        if not ok:
            failures.append(f"{case.name}: exit {out.returncode}: {err.strip()[-300:]}")
    assert failures == []
    assert (place["base"] / "link").is_symlink()
    assert (place["base"] / "target.txt").read_text().startswith("the symlink's target")
    assert not (place["base"] / "out.pdf").exists()
