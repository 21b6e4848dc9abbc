"""Linux only: a smaller ICU data library for the bundle (used by build.spec).

PySide6's Linux wheels ship ICU, and libicudata.so.* alone is 31 MB: every locale's unit,
currency, language and region names, transliterators, number spell-out rules, CJK/Thai
word-break dictionaries and multi-byte legacy converters.  Qt uses ICU only for collation
(ucol_*), case mapping (u_strToUpper/Lower), time zones (ucal_*) and codecs (ucnv_*), so
``build.spec`` swaps in a copy of the library without the data Qt never asks for:

    brkitr/ translit/ rbnf/ unit/ curr/ lang/ region/ unames.icu *.spp, and the
    multi-byte .cnv converters (CJK, EBCDIC DBCS) larger than 32 KB

Kept: every locale's main and collation data, time-zone names, normalisation, case and
property data, and the single-byte converters (windows-125x, KOI8-R, ISO-8859-x).
A missing item is an ordinary ICU "missing resource" and falls back to the root locale.

The data is the ICU "common data" format (header, table of contents, items aligned to 16
bytes); the new library is one assembler file with ``.incbin`` exporting the same
``icudtNN_dat`` symbol under the same SONAME, linked with ``cc``.  Without ``cc`` or ``nm``
the original library is used and the build only prints a note.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

DROP_TREES = ("brkitr", "translit", "rbnf", "unit", "curr", "lang", "region")
MAX_CONVERTER_BYTES = 32_000


def _symbol(lib: Path) -> tuple[str, int, int]:
    """(name, address, size) of the icudtNN_dat data symbol, read with ``nm``."""
    out = subprocess.run(["nm", "-D", "-S", "--defined-only", str(lib)], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            return parts[3], int(parts[0], 16), int(parts[1], 16)
    raise ValueError(f"no icudt*_dat symbol in {lib}")


def _file_offset(elf: bytes, address: int) -> int:
    """File offset of a virtual address in a 64-bit little-endian ELF file."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    for i in range(shnum):
        _, _, _, addr, offset, size = struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize)
        if addr and addr <= address < addr + size:
            return address - addr + offset
    raise ValueError(f"address {address:#x} is in no section")


def read_common(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split ICU common data into its header and (name, item bytes) pairs, in order."""
    header_size, = struct.unpack_from("<H", blob, 0)
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD":
        raise ValueError("not ICU common data (little-endian CmnD)")
    count, = struct.unpack_from("<I", blob, header_size)
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        name = blob[start:blob.index(b"\0", start)].decode("ascii")
        end = entries[i + 1][1] if i + 1 < count else len(blob) - header_size
        items.append((name, blob[header_size + data_offset:header_size + end]))
    return blob[:header_size], items


def write_common(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """Assemble ICU common data from a header and (name, item bytes) pairs."""
    toc_size = 4 + 8 * len(items)
    names = b""
    name_offsets = []
    for name, _ in items:
        name_offsets.append(toc_size + len(names))
        names += name.encode("ascii") + b"\0"
    offset = toc_size + len(names)
    offset += -offset % 16
    body, data_offsets = b"", []
    for _, data in items:
        data_offsets.append(offset + len(body))
        body += data + b"\0" * (-len(data) % 16)
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True))
    padding = b"\0" * (offset - toc_size - len(names))
    return header + toc + names + padding + body


def unneeded(name: str, data: bytes) -> bool:
    """True for an ICU data item Qt never reads (see the module docstring)."""
    parts = name.split("/")
    if len(parts) > 2 and parts[1] in DROP_TREES:
        return True
    leaf = parts[-1]
    return (leaf == "unames.icu" or leaf.endswith(".spp")
            or (leaf.endswith(".cnv") and len(data) > MAX_CONVERTER_BYTES))


def trimmed_library(lib: Path, workdir: Path) -> Path | None:
    """Build a smaller copy of ``lib`` (libicudata.so.NN) in ``workdir``; None if impossible."""
    if not (shutil.which("cc") and shutil.which("nm")):
        print("icu_data: no cc/nm on PATH; bundling the full ICU data")
        return None
    symbol, address, size = _symbol(lib)
    elf = lib.read_bytes()
    start = _file_offset(elf, address)
    header, items = read_common(elf[start:start + size])
    kept = [(name, data) for name, data in items if not unneeded(name, data)]
    workdir.mkdir(parents=True, exist_ok=True)
    dat = workdir / f"{symbol[:-4]}l.dat"
    dat.write_bytes(write_common(header, kept))
    asm = workdir / "icudata.S"
    asm.write_text(
        f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
        f'{symbol}:\n\t.incbin "{dat.name}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    out = workdir / lib.name
    subprocess.run(["cc", "-shared", "-nostdlib", f"-Wl,-soname,{lib.name}", "-o", str(out),
                    asm.name], cwd=workdir, check=True)
    print(f"icu_data: {lib.name} {lib.stat().st_size / 1e6:.1f} MB -> "
          f"{out.stat().st_size / 1e6:.1f} MB ({len(items) - len(kept)} of {len(items)} "
          "items left out)")
    return out
