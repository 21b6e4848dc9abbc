"""Linux: the direct DT_NEEDED entries of an ELF file, without readelf or ldd.

``ldd`` (what PyInstaller's bindepend uses) lists the transitive closure, which is no good
for deciding which bundled libraries are still reachable; build.spec uses this instead.
"""

from __future__ import annotations

import struct
from pathlib import Path

PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_NEEDED, DT_STRTAB = 0, 1, 5


def needed(path: str | Path) -> list[str]:
    """Sonames a 32- or 64-bit little-endian ELF file links to directly ([] if not ELF)."""
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[5] != 1:
        return []
    is64 = data[4] == 2
    if is64:
        phoff, = struct.unpack_from("<Q", data, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
        ph_fmt, dyn_fmt = "<IIQQQQQQ", "<qQ"
    else:
        phoff, = struct.unpack_from("<I", data, 0x1C)
        phentsize, phnum = struct.unpack_from("<HH", data, 0x2A)
        ph_fmt, dyn_fmt = "<IIIIIIII", "<iI"
    loads, dynamic = [], None
    for i in range(phnum):
        fields = struct.unpack_from(ph_fmt, data, phoff + i * phentsize)
        if is64:
            p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ = fields
        else:
            p_type, p_offset, p_vaddr, _, p_filesz, _, _, _ = fields
        if p_type == PT_LOAD:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == PT_DYNAMIC:
            dynamic = (p_offset, p_filesz)
    if dynamic is None:
        return []
    entry_size = struct.calcsize(dyn_fmt)
    strtab, offsets = None, []
    for pos in range(dynamic[0], dynamic[0] + dynamic[1], entry_size):
        tag, value = struct.unpack_from(dyn_fmt, data, pos)
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            offsets.append(value)
        elif tag == DT_STRTAB:
            strtab = value
    if strtab is None:
        return []
    base = next(off + strtab - vaddr for vaddr, off, size in loads
                if vaddr <= strtab < vaddr + size)
    return [data[base + o:data.index(b"\0", base + o)].decode() for o in offsets]
