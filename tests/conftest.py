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


@pytest.fixture(scope="session")
def bundled_content(bundled_db: Path):
    """The bundled content database, open read-only for a whole session."""
    from desktop.storage.content_db import ContentDB

    db = ContentDB(bundled_db)
    yield db
    db.close()


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


class MessageBoxes:
    """Records every message box a test opens instead of showing it (qutebrowser's
    ``messagemock``): a modal box would block the test until its timeout.

    ``question`` answers ``answer`` (No unless a test sets it).  A warning or critical box
    fails the test at its end unless the test called ``expect()`` first, so an error
    path nobody meant to take cannot pass unseen.
    """

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []   # (kind, title, text)
        self.answers: list[object] = []  # answers to questions, in order
        self.answer: object = None       # then this one (None: the box's default)
        self.expected = False

    def expect(self) -> MessageBoxes:
        """Say that this test means to see an error or warning box."""
        self.expected = True
        return self

    def texts(self, kind: str | None = None) -> list[str]:
        """The texts shown (of one kind: 'warning', 'critical', 'question', …)."""
        return [text for k, _, text in self.shown if kind is None or k == kind]

    def unexpected(self) -> list[tuple[str, str, str]]:
        """Error boxes the test did not announce."""
        return [] if self.expected else [s for s in self.shown
                                         if s[0] in ("warning", "critical", "crash")]


@pytest.fixture(autouse=True)
def message_boxes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Stub QMessageBox for every Qt test (see MessageBoxes)."""
    boxes = MessageBoxes()
    names = getattr(request, "fixturenames", ())
    if "qtbot" not in names and "qapp" not in names:
        yield boxes
        return
    from PySide6.QtWidgets import QMessageBox

    button = QMessageBox.StandardButton

    def recorder(kind: str, default: object) -> staticmethod:
        def show(parent: object, title: str, text: str, *args: object,
                 **kwargs: object) -> object:
            boxes.shown.append((kind, str(title), str(text)))
            if kind != "question":
                return default
            if boxes.answers:
                return boxes.answers.pop(0)
            return boxes.answer if boxes.answer is not None else default
        return staticmethod(show)

    for kind, default in (("warning", button.Ok), ("critical", button.Ok),
                          ("information", button.Ok), ("question", button.No),
                          ("about", None)):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind, default))

    def exec_box(self: QMessageBox) -> int:
        boxes.shown.append(("crash" if self.icon() == QMessageBox.Icon.Critical
                            else "box", self.windowTitle(), self.text()))
        return int(button.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    yield boxes
    unexpected = boxes.unexpected()
    assert not unexpected, f"unexpected message boxes: {unexpected}"
