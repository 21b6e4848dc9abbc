"""Ed25519 publisher keys: make a key pair, load a private key, load the trusted public keys.

Key files are PEM (PKCS#8 private, SubjectPublicKeyInfo public) or the raw 32-byte key as
64 hex digits.  A key's id is the first 16 hex digits of the SHA-256 of its raw public
bytes.  Trusted public keys are the ``*.pub`` files of one folder: an explicit folder, else
the ``SAFE_PASSAGE_TRUSTED_KEYS`` environment variable, else ``resources/keys``.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from desktop.fsutil import FileReadError, FileWriteError, atomic_write, read_regular
from desktop.packs.errors import KeyFileError
from desktop.paths import resources_dir

TRUSTED_KEYS_ENV = "SAFE_PASSAGE_TRUSTED_KEYS"
MAX_KEY_FILE = 16 * 1024
_HEX_KEY = re.compile(r"^[0-9a-fA-F]{64}$")


def key_id(public_key: Ed25519PublicKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def trusted_keys_dir(override: str | os.PathLike[str] | None = None,
                     environ: dict[str, str] | None = None) -> Path:
    """The folder of trusted public keys: override, then the environment, then resources."""
    env = os.environ if environ is None else environ
    if override:
        return Path(override)
    if env.get(TRUSTED_KEYS_ENV):
        return Path(env[TRUSTED_KEYS_ENV])
    return resources_dir() / "keys"


def _read_key_text(path: Path) -> bytes:
    """A key file's bytes; only a small regular file is read (never a device or FIFO)."""
    try:
        return read_regular(path, MAX_KEY_FILE, what="key file").strip()
    except FileReadError as exc:
        if "too large" in str(exc):
            raise KeyFileError(f"{path} is too large to be a key file.") from exc
        raise KeyFileError(str(exc)) from exc


def _hex_bytes(data: bytes) -> bytes | None:
    text = data.decode("ascii", errors="replace")
    return bytes.fromhex(text) if _HEX_KEY.match(text) else None


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM (unencrypted PKCS#8) or raw-hex file."""
    path = Path(path)
    data = _read_key_text(path)
    raw = _hex_bytes(data)
    if raw is not None:
        return Ed25519PrivateKey.from_private_bytes(raw)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError as exc:
        raise KeyFileError(f"The key file {path} is password-protected; export it "
                           "without a password for signing.") from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyFileError(f"{path} is not a private key file (PEM or 64 hex digits).") \
            from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} holds a private key that is not Ed25519.")
    return key


def load_public_key(path: str | os.PathLike[str]) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM or raw-hex file."""
    path = Path(path)
    data = _read_key_text(path)
    raw = _hex_bytes(data)
    if raw is not None:
        return Ed25519PublicKey.from_public_bytes(raw)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyFileError(f"{path} is not a public key file (PEM or 64 hex digits).") \
            from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path} holds a public key that is not Ed25519.")
    return key


def load_trusted_keys(folder: str | os.PathLike[str] | None = None
                      ) -> dict[str, Ed25519PublicKey]:
    """Every ``*.pub`` key in the trusted folder, by key id (empty if the folder is absent)."""
    folder = trusted_keys_dir(folder)
    if folder.exists() and not folder.is_dir():
        raise KeyFileError(f"The trusted keys location {folder} is not a folder.")
    keys: dict[str, Ed25519PublicKey] = {}
    for path in sorted(folder.glob("*.pub")) if folder.is_dir() else []:
        key = load_public_key(path)
        keys[key_id(key)] = key
    return keys


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` (never overwrite) with ``data`` and permission ``mode``, atomically:
    a full disk leaves no half-written key behind."""
    if os.path.lexists(path):
        raise KeyFileError(f"{path} already exists; not overwriting a key.")
    try:
        atomic_write(path, data, mode=mode, overwrite=False)
    except FileWriteError as exc:
        raise KeyFileError(str(exc)) from exc


def generate_keypair(folder: str | os.PathLike[str], name: str = "safe-passage"
                     ) -> tuple[Path, Path, str]:
    """Write ``<name>.key`` (private, mode 600) and ``<name>.pub`` into ``folder``.

    Returns (private key path, public key path, key id).  Existing files are never
    overwritten.
    """
    folder = Path(folder)
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        raise KeyFileError(f"'{name}' is not a usable key name (letters, digits, . _ -).")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        private_path, public_path = folder / f"{name}.key", folder / f"{name}.pub"
        for path in (private_path, public_path):
            if path.exists():
                raise KeyFileError(f"{path} already exists; not overwriting a key.")
        private = Ed25519PrivateKey.generate()
        _write_new(private_path, private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()), 0o600)
        _write_new(public_path, private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
            0o644)
    except OSError as exc:
        raise KeyFileError(f"Cannot write keys into {folder} ({exc.strerror or exc}).") \
            from exc
    return private_path, public_path, key_id(private.public_key())
