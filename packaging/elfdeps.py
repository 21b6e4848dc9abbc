"""Linux: the direct DT_NEEDED entries of an ELF file, without readelf or ldd.

``ldd`` (what PyInstaller's bindepend uses) lists the transitive closure, which is no good
for deciding which bundled libraries are still reachable; build.spec uses this instead.
The reader lives in desktop/elf.py, shared with the start-up pre-flight check.
"""

from __future__ import annotations

from desktop.elf import dynamic, needed

__all__ = ["dynamic", "needed"]
