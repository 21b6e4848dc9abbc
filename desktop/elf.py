"""Linux: the dynamic section of an ELF file (DT_NEEDED, RUNPATH), read without loading it.

Only the headers and the few strings asked for are read (a few kilobytes, even for a 10 MB
Qt library), so the start-up pre-flight (desktop/preflight.py) can afford it.  The build
(build.spec, through ``needed``) uses it too, to find the direct dependencies of
each bundled binary: ``ldd`` lists the transitive closure, which is no good for deciding
which bundled libraries are still reachable.  Qt-free, standard library only.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO, NamedTuple

PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_NEEDED, DT_STRTAB, DT_RPATH, DT_RUNPATH = 0, 1, 5, 15, 29
_MAX_NAME = 4096  # longest DT_NEEDED / RUNPATH string read


class Dynamic(NamedTuple):
    """What the dynamic loader reads of one ELF file before it maps it."""

    is64: bool
    machine: int  # e_machine: the CPU the file is built for
    needed: tuple[str, ...]  # DT_NEEDED sonames, in order
    rpath: tuple[str, ...]  # DT_RPATH entries (searched before LD_LIBRARY_PATH)
    runpath: tuple[str, ...]  # DT_RUNPATH entries (searched after LD_LIBRARY_PATH)


def ident(path: str | Path) -> tuple[bool, int] | None:
    """(is 64-bit, e_machine) of a little-endian ELF file; None if it is not one."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(20)
    except OSError:
        return None
    if len(head) < 20 or head[:4] != b"\x7fELF" or head[5] != 1:
        return None
    return head[4] == 2, struct.unpack_from("<H", head, 18)[0]


def dynamic(path: str | Path) -> Dynamic | None:
    """The dynamic section of a 32- or 64-bit little-endian ELF file (None if not ELF, or
    if its headers are cut short or point outside the file).

    Raises OSError when the file cannot be read.
    """
    with open(path, "rb") as fh:
        try:
            return _dynamic(fh, os.fstat(fh.fileno()).st_size)
        except (struct.error, ValueError, OverflowError):
            return None


def _dynamic(fh: BinaryIO, size: int) -> Dynamic | None:
    """``dynamic`` of an open file of ``size`` bytes; reads are kept within the file."""

    def read_at(offset: int, length: int) -> bytes:
        if not 0 <= offset <= size:
            raise ValueError("offset outside the file")
        fh.seek(offset)
        return fh.read(max(0, min(length, size - offset)))

    head = fh.read(64)
    if len(head) < 52 or head[:4] != b"\x7fELF" or head[5] != 1:
        return None
    is64 = head[4] == 2
    if is64 and len(head) < 64:
        return None
    machine, = struct.unpack_from("<H", head, 18)
    if is64:
        phoff, = struct.unpack_from("<Q", head, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        ph_fmt, dyn_fmt = "<IIQQQQQQ", "<qQ"
    else:
        phoff, = struct.unpack_from("<I", head, 0x1C)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x2A)
        ph_fmt, dyn_fmt = "<IIIIIIII", "<iI"
    table = read_at(phoff, phentsize * phnum)
    loads, where = [], None
    for i in range(min(phnum, len(table) // max(phentsize, 1))):
        fields = struct.unpack_from(ph_fmt, table, i * phentsize)
        if is64:
            p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ = fields
        else:
            p_type, p_offset, p_vaddr, _, p_filesz, _, _, _ = fields
        if p_type == PT_LOAD:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == PT_DYNAMIC:
            where = (p_offset, p_filesz)
    if where is None:
        return Dynamic(is64, machine, (), (), ())
    section = read_at(*where)
    tags: dict[int, list[int]] = {DT_NEEDED: [], DT_RPATH: [], DT_RUNPATH: []}
    strtab = None
    whole = len(section) - len(section) % struct.calcsize(dyn_fmt)
    for tag, value in struct.iter_unpack(dyn_fmt, section[:whole]):
        if tag == DT_NULL:
            break
        if tag in tags:
            tags[tag].append(value)
        elif tag == DT_STRTAB:
            strtab = value
    if strtab is None:
        return Dynamic(is64, machine, (), (), ())
    base = next((off + strtab - vaddr for vaddr, off, filesz in loads
                 if vaddr <= strtab < vaddr + filesz), None)
    if base is None:
        return Dynamic(is64, machine, (), (), ())

    # The strings asked for usually sit together: read their span once.
    offsets = tags[DT_NEEDED] + tags[DT_RPATH] + tags[DT_RUNPATH]
    low = min(offsets, default=0)
    chunk = read_at(base + low, max(offsets, default=0) - low + _MAX_NAME)

    def string(offset: int) -> str:
        start = offset - low
        end = chunk.find(b"\0", start)
        return chunk[start:end if end >= 0 else len(chunk)].decode("utf-8", "replace")

    def paths(offsets: list[int]) -> tuple[str, ...]:
        return tuple(p for o in offsets for p in string(o).split(":") if p)

    return Dynamic(is64, machine, tuple(string(o) for o in tags[DT_NEEDED]),
                   paths(tags[DT_RPATH]), paths(tags[DT_RUNPATH]))


def needed(path: str | Path) -> list[str]:
    """Sonames a 32- or 64-bit little-endian ELF file links to directly ([] if not ELF)."""
    info = dynamic(path)
    return list(info.needed) if info else []
