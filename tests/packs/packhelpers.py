"""Helpers for the content pack tests (imported by the test modules)."""

from __future__ import annotations

import errno
import hashlib
import os
import zipfile
from pathlib import Path

from desktop import fsutil

CREATED_V1 = "2026-01-01T00:00:00+00:00"
CREATED_V2 = "2026-02-01T00:00:00+00:00"

def tree(folder: Path) -> dict[str, str]:
    """Every file and folder below ``folder`` with the SHA-256 of each file's bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): ("dir" if p.is_dir() else
                                         hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*"))}


def pack_entries(pack: Path) -> dict[str, bytes]:
    """The entries of a pack file, by name."""
    with zipfile.ZipFile(pack) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(out: Path, entries: dict[str, bytes]) -> Path:
    """A zip file with exactly these entries (in this order)."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out


def active_version(paths) -> str:
    """The content version the app would open now (services.open_content)."""
    from desktop.services import open_content

    content, _ = open_content(paths)
    try:
        return content.meta["content_version"]
    finally:
        content.close()


class Pulled:
    """Makes reads of one pack file fail with EIO (the stick is gone) when they start
    inside ``region``, in the ``from_open``-th opening of the file and later ones."""

    def __init__(self, monkeypatch, pack: Path, region: tuple[int, int], from_open: int = 1):
        self.region, self.from_open = region, from_open
        self.opened = self.failed = 0
        real_open = fsutil.open_regular

        def open_regular(path, *args, **kwargs):
            handle = real_open(path, *args, **kwargs)
            if Path(path) != pack:
                return handle
            self.opened += 1
            return _Handle(handle, self, armed=self.opened >= self.from_open)

        monkeypatch.setattr(fsutil, "open_regular", open_regular)


class _Handle:
    """A real open file whose reads fail as the ``Pulled`` says."""

    def __init__(self, handle, pulled: Pulled, armed: bool):
        self._handle, self._pulled, self._armed = handle, pulled, armed

    def read(self, size: int = -1) -> bytes:
        low, high = self._pulled.region
        if self._armed and low <= self._handle.tell() < high:
            self._pulled.failed += 1
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return self._handle.read(size)

    def __getattr__(self, name: str):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._handle.close()


def data_region(pack: Path, name: str) -> tuple[int, int]:
    """Where the (compressed) data of entry ``name`` lies in the pack file; the read that
    looks for the zip's end record is left alone."""
    with zipfile.ZipFile(pack) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    tail = pack.stat().st_size - (22 + 65535)
    return (start + 1 if start == tail else start), start + info.compress_size
