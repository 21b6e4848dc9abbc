"""Ed25519 publisher keys: make a key pair, load a private key, load the trusted public keys.

Key files are PEM (PKCS#8 private, SubjectPublicKeyInfo public) or the raw 32-byte key as
64 hex digits.  A key's id is the first 16 hex digits of the SHA-256 of its raw public
bytes.  Trusted public keys are the ``*.pub`` files of one folder: an explicit folder, else
the ``SAFE_PASSAGE_TRUSTED_KEYS`` environment variable, else ``resources/keys``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import SigningKey, VerifyKey

from desktop.fsutil import FileReadError, FileWriteError, atomic_write, read_regular
from desktop.packs.errors import KeyFileError
from desktop.paths import resources_dir

# DER prefixes of an Ed25519 key (RFC 8410): SubjectPublicKeyInfo, and PKCS#8 (v1) whose
# private key is the 32-byte seed.
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")
PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
ED25519_OID = bytes.fromhex("06032b6570")
TRUSTED_KEYS_ENV = "SAFE_PASSAGE_TRUSTED_KEYS"
MAX_KEY_FILE = 16 * 1024
_HEX_KEY = re.compile(r"^[0-9a-fA-F]{64}$")


class InvalidSignatureError(Exception):
    """A signature does not match the data and the key."""


class PublicKey:
    """An Ed25519 public key (32 raw bytes)."""

    def __init__(self, raw: bytes):
        if len(raw) != 32:
            raise ValueError("an Ed25519 public key is 32 bytes")
        self.raw = bytes(raw)

    def verify(self, signature: bytes, data: bytes) -> None:
        """Check a 64-byte signature of ``data``; ``InvalidSignatureError`` if it fails."""
        try:
            VerifyKey(self.raw).verify(data, signature)
        except (BadSignatureError, CryptoError, ValueError, TypeError) as exc:
            raise InvalidSignatureError("the signature does not match") from exc

    def pem(self) -> bytes:
        """The key as a PEM SubjectPublicKeyInfo file."""
        return _pem("PUBLIC KEY", SPKI_PREFIX + self.raw)


class PrivateKey:
    """An Ed25519 private key (its 32-byte seed)."""

    def __init__(self, seed: bytes):
        if len(seed) != 32:
            raise ValueError("an Ed25519 private key is 32 bytes")
        self._signing = SigningKey(bytes(seed))

    @classmethod
    def generate(cls) -> PrivateKey:
        """A new random key."""
        return cls(bytes(SigningKey.generate()))

    def sign(self, data: bytes) -> bytes:
        """The 64-byte signature of ``data``."""
        return bytes(self._signing.sign(data).signature)

    def public_key(self) -> PublicKey:
        """The matching public key."""
        return PublicKey(bytes(self._signing.verify_key))

    def pem(self) -> bytes:
        """The key as an unencrypted PEM PKCS#8 file."""
        return _pem("PRIVATE KEY", PKCS8_PREFIX + bytes(self._signing))


def _pem(label: str, der: bytes) -> bytes:
    body = base64.encodebytes(der).decode("ascii").replace("\n", "")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""]
                     ).encode("ascii")


def _pem_der(data: bytes, label: str) -> bytes | None:
    """The DER inside a PEM block with this label (None if there is none or it is bad)."""
    text = data.decode("ascii", errors="replace")
    match = re.search(rf"-----BEGIN {label}-----(.*?)-----END {label}-----", text, re.S)
    if not match:
        return None
    try:
        return base64.b64decode("".join(match.group(1).split()), validate=True)
    except ValueError:
        return None


def _seed_from_pkcs8(der: bytes) -> bytes | None:
    """The seed of an Ed25519 PKCS#8 key (v1, or v2 with the public key appended)."""
    if der.startswith(PKCS8_PREFIX) and len(der) == len(PKCS8_PREFIX) + 32:
        return der[len(PKCS8_PREFIX):]
    at = der.find(ED25519_OID)
    marker = bytes.fromhex("04220420")
    start = der.find(marker, at) if at >= 0 else -1
    return der[start + 4:start + 36] if start >= 0 and len(der) >= start + 36 else None


def key_id(public_key: PublicKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw public key."""
    return hashlib.sha256(public_key.raw).hexdigest()[:16]


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
        if exc.reason == "too-large":
            raise KeyFileError(f"{path} is too large to be a key file.") from exc
        raise KeyFileError(str(exc)) from exc


def _hex_bytes(data: bytes) -> bytes | None:
    text = data.decode("ascii", errors="replace")
    return bytes.fromhex(text) if _HEX_KEY.match(text) else None


def load_private_key(path: str | os.PathLike[str]) -> PrivateKey:
    """An Ed25519 private key from a PEM (unencrypted PKCS#8) or raw-hex file."""
    path = Path(path)
    data = _read_key_text(path)
    raw = _hex_bytes(data)
    if raw is not None:
        return PrivateKey(raw)
    if b"ENCRYPTED PRIVATE KEY" in data:
        raise KeyFileError(f"The key file {path} is password-protected; export it "
                           "without a password for signing.")
    der = _pem_der(data, "PRIVATE KEY")
    if der is None:
        raise KeyFileError(f"{path} is not a private key file (PEM or 64 hex digits).")
    seed = _seed_from_pkcs8(der)
    if seed is None:
        raise KeyFileError(f"{path} holds a private key that is not Ed25519.")
    return PrivateKey(seed)


def load_public_key(path: str | os.PathLike[str]) -> PublicKey:
    """An Ed25519 public key from a PEM or raw-hex file."""
    path = Path(path)
    data = _read_key_text(path)
    raw = _hex_bytes(data)
    if raw is not None:
        return PublicKey(raw)
    der = _pem_der(data, "PUBLIC KEY")
    if der is None:
        raise KeyFileError(f"{path} is not a public key file (PEM or 64 hex digits).")
    if not (der.startswith(SPKI_PREFIX) and len(der) == len(SPKI_PREFIX) + 32):
        raise KeyFileError(f"{path} holds a public key that is not Ed25519.")
    return PublicKey(der[len(SPKI_PREFIX):])


def load_trusted_keys(folder: str | os.PathLike[str] | None = None
                      ) -> dict[str, PublicKey]:
    """Every ``*.pub`` key in the trusted folder, by key id (empty if the folder is absent)."""
    folder = trusted_keys_dir(folder)
    if folder.exists() and not folder.is_dir():
        raise KeyFileError(f"The trusted keys location {folder} is not a folder.")
    keys: dict[str, PublicKey] = {}
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
        private = PrivateKey.generate()
        _write_new(private_path, private.pem(), 0o600)
        _write_new(public_path, private.public_key().pem(), 0o644)
    except OSError as exc:
        raise KeyFileError(f"Cannot write keys into {folder} ({exc.strerror or exc}).") \
            from exc
    return private_path, public_path, key_id(private.public_key())
