"""Shared set-up for the content pack tests: keys, two content versions, packs, helpers."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from packhelpers import CREATED_V1, CREATED_V2

from desktop.packs.keys import (
    PrivateKey,
    PublicKey,
    generate_keypair,
    load_private_key,
    load_trusted_keys,
)
from desktop.packs.pack import export_pack

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = ROOT / "tests" / "data" / "content"


@dataclass(frozen=True)
class Publisher:
    """A key pair made for the tests; ``keys_dir`` holds only the public key."""

    private_key: PrivateKey
    private_path: Path
    keys_dir: Path
    key_id: str
    trusted: dict[str, PublicKey]


def _publisher(base: Path, name: str) -> Publisher:
    private_path, public_path, key_id = generate_keypair(base / "secret", name)
    keys_dir = base / "trusted"
    keys_dir.mkdir()
    shutil.copy(public_path, keys_dir / public_path.name)
    return Publisher(load_private_key(private_path), private_path, keys_dir, key_id,
                     load_trusted_keys(keys_dir))


@pytest.fixture(scope="session")
def publisher(tmp_path_factory: pytest.TempPathFactory) -> Publisher:
    """The trusted test publisher."""
    return _publisher(tmp_path_factory.mktemp("publisher"), "test-publisher")


@pytest.fixture(scope="session")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> Publisher:
    """A key nobody trusts."""
    return _publisher(tmp_path_factory.mktemp("stranger"), "stranger")


@pytest.fixture(scope="session")
def fixture_db_v2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content with its version raised to test.2."""
    from desktop.content.build import build

    base = tmp_path_factory.mktemp("content-v2")
    source = base / "content"
    shutil.copytree(FIXTURE_CONTENT, source)
    toml = source / "content.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'version = "test.1"' in text
    toml.write_text(text.replace('version = "test.1"', 'version = "test.2"'), encoding="utf-8")
    out = base / "content.db"
    build(source, out)
    return out


@pytest.fixture(scope="session")
def pack_v1(tmp_path_factory, fixture_db: Path, publisher: Publisher) -> Path:
    """A valid pack of the fixture content (version test.1)."""
    out = tmp_path_factory.mktemp("packs") / "v1.sppack"
    export_pack(fixture_db, out, publisher.private_key, created=CREATED_V1)
    return out


@pytest.fixture(scope="session")
def pack_v2(tmp_path_factory, fixture_db_v2: Path, publisher: Publisher) -> Path:
    """A valid, newer pack (version test.2)."""
    out = tmp_path_factory.mktemp("packs") / "v2.sppack"
    export_pack(fixture_db_v2, out, publisher.private_key, created=CREATED_V2)
    return out
