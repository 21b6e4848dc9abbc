"""``safe-passage pack …`` run as a real process, plus the keys and the no-Qt rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from packhelpers import tree

from desktop.packs.errors import KeyFileError
from desktop.packs.keys import (
    TRUSTED_KEYS_ENV,
    InvalidSignatureError,
    PrivateKey,
    generate_keypair,
    key_id,
    load_private_key,
    load_public_key,
    load_trusted_keys,
    trusted_keys_dir,
)
from desktop.paths import AppPaths, resources_dir

ROOT = Path(__file__).resolve().parents[2]
TRUSTED_DIR = resources_dir() / "keys"


def run(base: Path, *argv: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != TRUSTED_KEYS_ENV}
    environ.update({"SAFE_PASSAGE_BASEDIR": str(base), "QT_QPA_PLATFORM": "offscreen",
                    "PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    return subprocess.run([sys.executable, "-m", "desktop", "pack", *argv], cwd=ROOT,
                          env=environ, capture_output=True, text=True, timeout=60,
                          check=False)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_cli_keygen_export_verify_import_status_rollback(tmp_path, fixture_db,
                                                         fixture_db_v2):
    base = tmp_path / "base"
    keys = tmp_path / "keys"
    result = run(base, "keygen", "--out-dir", str(keys), "--name", "cli")
    assert result.returncode == 0, result.stderr
    kid = key_id(load_public_key(keys / "cli.pub"))
    assert kid in result.stdout
    trusted = tmp_path / "trusted"
    trusted.mkdir()
    (trusted / "cli.pub").write_bytes((keys / "cli.pub").read_bytes())

    v1, v2 = tmp_path / "v1.sppack", tmp_path / "v2.sppack"
    for db, out in ((fixture_db, v1), (fixture_db_v2, v2)):
        result = run(base, "export", "--db", str(db), "--out", str(out), "--key",
                     str(keys / "cli.key"))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"wrote {out}")

    result = run(base, "verify", str(v1), "--keys", str(trusted))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"ok: {v1} is a valid pack")
    assert "version test.1" in result.stdout and kid in result.stdout

    # The environment variable works as well as --keys.
    result = run(base, "verify", str(v1), "--json", env={TRUSTED_KEYS_ENV: str(trusted)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["content_version"] == "test.1"

    for pack in (v1, v2):
        result = run(base, "import", str(pack), "--keys", str(trusted))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("installed ")
    assert "kept for 'safe-passage pack rollback'" in result.stdout

    result = run(base, "status", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert (info["active"], info["content_version"], info["key_id"]) == ("pack", "test.2",
                                                                         kid)
    assert info["previous_available"] is True and info["previous_version"] == "test.1"

    result = run(base, "rollback")
    assert result.returncode == 0, result.stderr
    assert "version test.1" in result.stdout
    result = run(base, "status")
    assert result.returncode == 0, result.stderr
    assert "active: content pack" in result.stdout
    assert "version test.1" in result.stdout
    assert "previous pack: version test.2" in result.stdout


def test_cli_refusal_is_one_error_line_and_changes_nothing(tmp_path, pack_v1, pack_v2,
                                                           publisher):
    base = tmp_path / "base"
    assert run(base, "import", str(pack_v1), "--keys",
               str(publisher.keys_dir)).returncode == 0
    packs = AppPaths.under(base).packs
    before = tree(packs)

    tampered = tmp_path / "tampered.sppack"
    data = bytearray(pack_v2.read_bytes())
    data[len(data) // 2] ^= 0xFF
    tampered.write_bytes(bytes(data))
    line = one_error_line(run(base, "import", str(tampered), "--keys",
                              str(publisher.keys_dir)))
    assert "damaged" in line and line.endswith("Nothing was changed.")

    line = one_error_line(run(base, "import", str(pack_v2)))  # not signed by a shipped key
    assert "does not trust" in line
    assert tree(packs) == before

    random = tmp_path / "random.bin"
    random.write_bytes(os.urandom(4096))
    line = one_error_line(run(base, "verify", str(random), "--keys", str(publisher.keys_dir)))
    assert "not a Safe Passage content pack" in line


def test_cli_usage_errors_are_one_line(tmp_path):
    base = tmp_path / "base"
    assert "choose a pack command" in one_error_line(run(base))
    assert "no previous" in one_error_line(run(base, "rollback"))
    assert "--out" in one_error_line(run(base, "export", "--key", "k"))
    line = one_error_line(run(base, "export", "--out", str(tmp_path / "x"), "--key",
                              str(tmp_path / "missing.key")))
    assert "does not exist" in line
    empty = tmp_path / "empty-keys"
    empty.mkdir()
    assert "No trusted keys" in one_error_line(run(base, "verify", "x", "--keys", str(empty)))
    assert not base.exists()


# --- keys ----------------------------------------------------------------------------------

def test_keygen_writes_a_private_and_a_public_key(tmp_path):
    private, public, kid = generate_keypair(tmp_path / "k", "alpha")
    assert (private.name, public.name) == ("alpha.key", "alpha.pub")
    if os.name == "posix":
        assert private.stat().st_mode & 0o777 == 0o600
    assert key_id(load_private_key(private).public_key()) == kid
    assert key_id(load_public_key(public)) == kid
    assert len(kid) == 16
    with pytest.raises(KeyFileError, match="already exists"):
        generate_keypair(tmp_path / "k", "alpha")
    with pytest.raises(KeyFileError, match="not a usable key name"):
        generate_keypair(tmp_path / "k", "../evil")


def test_keys_load_from_pem_or_raw_hex(tmp_path):
    private = PrivateKey.generate()
    (tmp_path / "pem.key").write_bytes(private.pem())
    seed_hex = RFC8410_PRIVATE_SEED
    (tmp_path / "hex.key").write_text(seed_hex + "\n")
    private = load_private_key(tmp_path / "hex.key")
    assert load_private_key(tmp_path / "pem.key").pem().startswith(b"-----BEGIN PRIVATE KEY")
    (tmp_path / "hex.pub").write_text(private.public_key().raw.hex().upper() + "\n")
    (tmp_path / "notes.txt").write_text("ignored: not a .pub file")
    kid = key_id(private.public_key())
    assert key_id(load_private_key(tmp_path / "hex.key").public_key()) == kid
    assert list(load_trusted_keys(tmp_path)) == [kid]

    (tmp_path / "bad.pub").write_text("hello")
    with pytest.raises(KeyFileError, match="bad.pub is not a public key"):
        load_trusted_keys(tmp_path)
    (tmp_path / "locked.key").write_text(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIGbMFcGCSqGSIb3DQEFDTBKMCkG\n"
        "-----END ENCRYPTED PRIVATE KEY-----\n")
    with pytest.raises(KeyFileError, match="password-protected"):
        load_private_key(tmp_path / "locked.key")
    with pytest.raises(KeyFileError, match="is not a private key"):
        load_private_key(tmp_path / "notes.txt")


def test_key_file_problems_are_told_by_their_kind(tmp_path):
    """A missing key in a folder whose name says 'too large' is a missing key."""
    odd = tmp_path / "too large"
    odd.mkdir()
    with pytest.raises(KeyFileError, match=r"^The key file .*nope.key does not exist\.$"):
        load_private_key(odd / "nope.key")
    big = odd / "big.key"
    big.write_bytes(b"0" * 100_000)
    with pytest.raises(KeyFileError, match=r"big.key is too large to be a key file\.$"):
        load_private_key(big)


# RFC 8410, section 10: an Ed25519 key pair as OpenSSL and others write it (PKCS#8 v1 and
# v2 with the public key and an attribute), so keys made by other tools load too.
RFC8410_PRIVATE_SEED = "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"
RFC8410_PUBLIC = """-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
-----END PUBLIC KEY-----
"""
RFC8410_PRIVATE = """-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
-----END PRIVATE KEY-----
"""
RFC8410_PRIVATE_V2 = """-----BEGIN PRIVATE KEY-----
MHICAQEwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
oB8wHQYKKoZIhvcNAQkJFDEPDA1DdXJkbGUgQ2hhaXJzgSEAGb9ECWmEzf6FQbrB
Z9w7lshQhqowtrbLDFw4rXAxZuE=
-----END PRIVATE KEY-----
"""


def test_keys_written_by_other_tools_load_and_agree(tmp_path):
    (tmp_path / "rfc.pub").write_text(RFC8410_PUBLIC)
    (tmp_path / "v1.key").write_text(RFC8410_PRIVATE)
    (tmp_path / "v2.key").write_text(RFC8410_PRIVATE_V2)
    public = load_public_key(tmp_path / "rfc.pub")
    assert public.raw.hex().startswith("19bf44096984cdfe")
    for name in ("v1.key", "v2.key"):
        private = load_private_key(tmp_path / name)
        assert private.public_key().raw == public.raw
        public.verify(private.sign(b"data"), b"data")
    with pytest.raises(InvalidSignatureError):
        public.verify(private.sign(b"data"), b"other data")
    assert public.pem().decode() == RFC8410_PUBLIC
    assert load_public_key(TRUSTED_DIR / "safe-passage-2026.pub").pem() == (
        TRUSTED_DIR / "safe-passage-2026.pub").read_bytes()


def test_trusted_keys_folder_order(tmp_path):
    assert trusted_keys_dir(tmp_path, environ={TRUSTED_KEYS_ENV: "/elsewhere"}) == tmp_path
    assert trusted_keys_dir(None, environ={TRUSTED_KEYS_ENV: "/elsewhere"}) == Path(
        "/elsewhere")
    assert trusted_keys_dir(None, environ={}) == resources_dir() / "keys"
    assert load_trusted_keys(tmp_path / "absent") == {}


def test_the_project_key_ships_and_loads():
    keys = load_trusted_keys(resources_dir() / "keys")
    assert "ef694cca2d0b5093" in keys
    assert not list((resources_dir() / "keys").glob("*.key"))  # never a private key


def test_packs_modules_do_not_import_qt():
    code = ("import sys, desktop.packs.cli, desktop.packs.store, desktop.packs.pack, "
            "desktop.packs.keys; assert not any(m.startswith('PySide6') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


@pytest.mark.parametrize("argv", [["pack", "export", "--out", " ", "--key", "k"],
                                  ["pack", "verify", ""], ["pack", "keygen", "--out-dir", ""],
                                  ["--basedir", "", "pack", "status"]])
def test_empty_names_are_one_usage_line(capsys, argv):
    from desktop import cli

    assert cli.main(argv) == cli.EXIT_ERROR
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and ": needs a name (it is empty) (see 'safe-passage" in err[0]
