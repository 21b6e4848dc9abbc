"""Which package has which library, for the pre-flight message and the README.

One row per soname that Qt's xcb platform plugin and the Qt libraries it loads link to
(``readelf -d`` on PySide6's ``libqxcb.so``, ``libQt6XcbQpa``, ``libQt6Gui``,
``libQt6Widgets``, ``libQt6Core``, ``libQt6DBus``), with its package on Debian/Ubuntu
(apt), Fedora (dnf), Arch (pacman) and openSUSE (zypper).  Qt-free.
"""

from __future__ import annotations

# (label, command, os-release ID / ID_LIKE words), in the order of the package columns
MANAGERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Debian, Ubuntu", "sudo apt-get install {}", ("debian", "ubuntu")),
    ("Fedora", "sudo dnf install {}", ("fedora", "rhel", "centos")),
    ("Arch", "sudo pacman -S --needed {}", ("arch",)),
    ("openSUSE", "sudo zypper install {}", ("suse", "opensuse")),
)

# One row per library: soname, then its package for apt, dnf, pacman and zypper ("=": the
# same name as for apt).
_TABLE = """
libxcb-cursor.so.0      libxcb-cursor0      xcb-util-cursor     xcb-util-cursor     =
libxcb-icccm.so.4       libxcb-icccm4       xcb-util-wm         xcb-util-wm         =
libxcb-keysyms.so.1     libxcb-keysyms1     xcb-util-keysyms    xcb-util-keysyms    =
libxcb-image.so.0       libxcb-image0       xcb-util-image      xcb-util-image      =
libxcb-render-util.so.0 libxcb-render-util0 xcb-util-renderutil xcb-util-renderutil =
libxcb-util.so.1        libxcb-util1        xcb-util            xcb-util            =
libxkbcommon-x11.so.0   libxkbcommon-x11-0  libxkbcommon-x11    libxkbcommon-x11    =
libxkbcommon.so.0       libxkbcommon0       libxkbcommon        libxkbcommon        =
libxcb-randr.so.0       libxcb-randr0       libxcb              libxcb              =
libxcb-shape.so.0       libxcb-shape0       libxcb              libxcb              =
libxcb-shm.so.0         libxcb-shm0         libxcb              libxcb              =
libxcb-sync.so.1        libxcb-sync1        libxcb              libxcb              =
libxcb-xfixes.so.0      libxcb-xfixes0      libxcb              libxcb              =
libxcb-render.so.0      libxcb-render0      libxcb              libxcb              =
libxcb-xkb.so.1         libxcb-xkb1         libxcb              libxcb              =
libxcb.so.1             libxcb1             libxcb              libxcb              =
libX11-xcb.so.1         libx11-xcb1         libX11-xcb          libx11              libX11-xcb1
libX11.so.6             libx11-6            libX11              libx11              libX11-6
libGL.so.1              libgl1              libglvnd-glx        libglvnd            libGL1
libEGL.so.1             libegl1             libglvnd-egl        libglvnd            libEGL1
libfontconfig.so.1      libfontconfig1      fontconfig          fontconfig          =
libfreetype.so.6        libfreetype6        freetype            freetype2           =
libglib-2.0.so.0        libglib2.0-0        glib2               glib2               libglib-2_0-0
libgthread-2.0.so.0     libglib2.0-0        glib2               glib2               libgthread-2_0-0
libdbus-1.so.3          libdbus-1-3         dbus-libs           dbus                =
libz.so.1               zlib1g              zlib                zlib                libz1
libzstd.so.1            libzstd1            libzstd             zstd                =
"""


def _parse(table: str) -> dict[str, tuple[str, str, str, str]]:
    rows = {}
    for line in table.strip().splitlines():
        soname, apt, dnf, pacman, zypper = line.split()
        rows[soname] = (apt, dnf, pacman, apt if zypper == "=" else zypper)
    return rows


PACKAGES: dict[str, tuple[str, str, str, str]] = _parse(_TABLE)

# The libraries a desktop install may lack, for the README's "Before the first run" lines
# (the package managers bring their own dependencies); the rest (X11, libxcb, fontconfig,
# GLib, ...) come with any graphical desktop.
FIRST_RUN: tuple[str, ...] = (
    "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-image.so.0",
    "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-randr.so.0",
    "libxkbcommon-x11.so.0", "libGL.so.1", "libEGL.so.1",
)
# What ``make run`` itself needs first: make, and Python 3.11+ with venv.
TOOLS: tuple[tuple[str, ...], ...] = (("make", "python3-venv"), ("make", "python3"),
                                      ("make", "python"), ("make", "python3"))


def first_run_lines() -> list[tuple[str, str]]:
    """(distribution, command) for everything the first ``make run`` needs, per manager."""
    lines = []
    for index, (label, command, _) in enumerate(MANAGERS):
        packages = list(TOOLS[index])
        for soname in FIRST_RUN:
            if PACKAGES[soname][index] not in packages:
                packages.append(PACKAGES[soname][index])
        lines.append((label, command.format(" ".join(packages))))
    return lines


def lookup_commands(soname: str) -> list[str]:
    """How to find the package that ships ``soname``, with each package manager."""
    return [f"apt-file search {soname}", f"dnf provides '*/{soname}'", f"pacman -F {soname}",
            f"zypper search --provides {soname}"]
