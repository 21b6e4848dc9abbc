"""Helpers for the content pack tests (imported by the test modules)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

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
