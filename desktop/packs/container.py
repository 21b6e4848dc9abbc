"""The pack container: a zip file read only if it is a regular file of a pack's shape.

The entry count and directory size are read from the zip's end record before the
directory is parsed (a pack has three entries; a container of tens of thousands is
refused at once), names are checked for duplicates in linear time, and small entries are
read with a size limit.  An ``OSError`` while the pack is read (the USB stick it is on was
pulled out) is a ``PackUnreadableError`` naming the pack file (``unreadable``).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from desktop import fsutil
from desktop.packs.errors import (
    BadManifestError,
    NotAPackError,
    PackUnreadableError,
    TamperedPackError,
    TruncatedPackError,
)

ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 16
MAX_DIRECTORY = 1024 * 1024  # bytes of zip central directory
CHUNK = 1024 * 1024
# What zipfile raises for an entry whose bytes are damaged.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)


def unreadable(path: Path, exc: OSError) -> PackUnreadableError:
    """The error for an ``OSError`` while reading the pack file at ``path``."""
    return PackUnreadableError(f"The pack file {path} cannot be read ({fsutil.why(exc)}); "
                               "if it is on a removable or network drive, check that it is "
                               "still connected.")


def entry_count(handle: BinaryIO) -> tuple[int, int] | None:
    """(entries, central directory size) from the zip's end record, read without parsing
    the directory; None when there is no end record (zipfile then says what is wrong)."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    tail_size = min(size, 22 + 65535)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    count = int.from_bytes(tail[at + 10:at + 12], "little")
    directory = int.from_bytes(tail[at + 12:at + 16], "little")
    if (count == 0xFFFF or directory == 0xFFFFFFFF) and at >= 20 \
            and tail[at - 20:at - 16] == b"PK\x06\x07":  # zip64: the real numbers
        handle.seek(int.from_bytes(tail[at - 12:at - 4], "little"))
        record = handle.read(56)
        if record[:4] == b"PK\x06\x06":
            count = int.from_bytes(record[32:40], "little")
            directory = int.from_bytes(record[40:48], "little")
    return count, directory


@contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """Open a pack container, telling 'not a pack' from 'truncated' and 'unreadable'.

    Only a regular file is read (a device or FIFO is refused at once), and a container
    with more entries than a pack ever has is refused before its directory is parsed.
    """
    try:
        handle = fsutil.open_regular(path, what="pack file")
    except fsutil.FileReadError as exc:
        raise PackUnreadableError(str(exc)) from exc
    with handle:
        try:
            head = handle.read(len(ZIP_MAGIC))
            counted = entry_count(handle) if head else None
            handle.seek(0)
        except OSError as exc:
            raise unreadable(path, exc) from exc
        if not head:
            raise NotAPackError(f"{path.name} is empty: it is not a content pack.")
        if counted and (counted[0] > MAX_ENTRIES or counted[1] > MAX_DIRECTORY):
            raise NotAPackError(f"{path.name} is not a valid pack: it has {counted[0]} "
                                "entries (a pack has three).")
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            if head == ZIP_MAGIC:
                raise TruncatedPackError(f"{path.name} is incomplete (its end is missing); "
                                         "copy the pack again.") from exc
            raise NotAPackError(f"{path.name} is not a Safe Passage content pack.") from exc
        except OSError as exc:
            raise unreadable(path, exc) from exc
        with archive:
            names = archive.namelist()
            if len(names) > MAX_ENTRIES:
                raise NotAPackError(f"{path.name} is not a valid pack: it has {len(names)} "
                                    "entries (a pack has three).")
            duplicated = sorted(n for n, seen in Counter(names).items() if seen > 1)
            if duplicated:
                raise NotAPackError(f"{path.name} is not a valid pack: it has two entries "
                                    f"named {duplicated[0]}.")
            yield archive


def entry(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    """The entry ``name`` of the archive, or None."""
    try:
        return archive.getinfo(name)
    except KeyError:
        return None


def _damaged(label: str, exc: Exception) -> TamperedPackError:
    return TamperedPackError(f"The pack's {label} is damaged ({exc}): the file changed "
                             "after it was made.")


def read_small(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int,
               label: str) -> bytes:
    """The bytes of a small entry of the pack at ``path`` (at most ``limit``)."""
    if info.file_size > limit:
        raise BadManifestError(f"The pack's {label} is too large ({info.file_size} bytes).")
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise unreadable(path, exc) from exc
    except DAMAGED as exc:
        raise _damaged(label, exc) from exc
    if len(data) > limit:
        raise BadManifestError(f"The pack's {label} is too large.")
    return data


def chunks(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
           label: str) -> Generator[bytes, None, None]:
    """The bytes of an entry of the pack at ``path``, in chunks of ``CHUNK``.

    Only reading the pack is guarded here (``PackUnreadableError``, or
    ``TamperedPackError`` for damaged bytes); what the caller does with each chunk raises
    its own errors.
    """
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
    except OSError as exc:
        raise unreadable(path, exc) from exc
    except DAMAGED as exc:
        raise _damaged(label, exc) from exc
