"""Shared test set-up: offscreen Qt, temporary user dirs, no network, fixture content."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
from pathlib import Path

import platformdirs
import pytest

from desktop import APP_AUTHOR, APP_NAME
from desktop.paths import BASEDIR_ENV, AppPaths

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "data" / "content"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--frozen-binary", metavar="PATH", default=None,
                     help="run the 'frozen' tests against this PyInstaller binary")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    frozen = config.getoption("--frozen-binary")
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "qtbot" in names or "qapp" in names:
            item.add_marker(pytest.mark.gui)
        if "frozen" in item.keywords and not frozen:
            item.add_marker(pytest.mark.skip(reason="needs --frozen-binary PATH"))


class NetworkUsedError(AssertionError):
    """Raised when code under test tries to reach the network."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsedError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point user data at a temporary folder; fail if the real one is created."""
    real = platformdirs.user_data_path(APP_NAME, APP_AUTHOR)
    existed = real.exists()
    base = tmp_path / "user-base"
    monkeypatch.setenv(BASEDIR_ENV, str(base))
    yield AppPaths.under(base)
    assert existed or not real.exists(), f"a test wrote to the real user folder {real}"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test content (tests/data/content) built once per session."""
    from desktop.content.build import build

    out = tmp_path_factory.mktemp("content") / "content.db"
    build(FIXTURE_CONTENT, out)
    return out


@pytest.fixture(scope="session")
def bundled_db() -> Path:
    """The bundled content database (built from resources/content when stale)."""
    from desktop.services import ensure_bundled_db

    return ensure_bundled_db()


@pytest.fixture
def services(fixture_db: Path, user_dirs: AppPaths):
    """Services over the fixture content and a fresh user DB; closed afterwards."""
    from desktop.services import open_services

    opened = open_services(user_dirs, content_db=fixture_db)
    yield opened
    opened.close()


@pytest.fixture
def bundled_services(bundled_db: Path, user_dirs: AppPaths):
    """Services over the bundled content and a fresh user DB; closed afterwards."""
    from desktop.services import open_services

    opened = open_services(user_dirs, content_db=bundled_db)
    yield opened
    opened.close()
