"""Where things live: bundled resources, user folders and their overrides."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop import paths


def test_resources_dir_from_checkout() -> None:
    assert (paths.resources_dir() / "content" / "README.md").is_file()


def test_resources_dir_when_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_basedir_beats_environment(tmp_path: Path) -> None:
    got = paths.app_paths(tmp_path / "a", environ={paths.BASEDIR_ENV: str(tmp_path / "b")})
    assert got.data == (tmp_path / "a" / "data").resolve()


def test_environment_override(tmp_path: Path) -> None:
    got = paths.app_paths(None, environ={paths.BASEDIR_ENV: str(tmp_path / "b")})
    assert got.user_db == (tmp_path / "b" / "data" / "user.db").resolve()


def test_portable_mode_keeps_data_next_to_the_program() -> None:
    got = paths.app_paths(None, portable=True, environ={})
    assert got.portable
    assert got.data.is_relative_to(paths.executable_dir())


def test_platformdirs_default_is_per_user(monkeypatch: pytest.MonkeyPatch) -> None:
    got = paths.app_paths(None, environ={})
    assert "Safe Passage" in str(got.data)
    assert not got.portable


def test_nothing_is_created_until_asked(tmp_path: Path) -> None:
    got = paths.AppPaths.under(tmp_path / "x")
    assert not (tmp_path / "x").exists()
    got.ensure()
    assert got.data.is_dir() and got.log.is_dir()
