"""The pre-flight check before the first window (desktop/preflight.py, desktop/elf.py).

The check itself runs on small ELF files written here (any OS, no system package); the
subprocess tests run ``safe-passage`` as a person would, on Linux.  The acceptance test
hides ``libxcb-cursor.so.0`` from the dynamic loader in a private mount namespace and skips
where namespaces, or (for the window half) Xvfb, are not available.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli, elf, preflight
from desktop.preflight_packages import PACKAGES, first_run_lines

ROOT = Path(__file__).resolve().parent.parent
LINUX = sys.platform.startswith("linux")
X86_64 = 62


def write_elf(path: Path, needed: list[str] = (), runpath: str | None = None,
              rpath: str | None = None, is64: bool = True, machine: int = X86_64) -> Path:
    """A minimal little-endian ELF shared object with just a dynamic section."""
    names = list(needed) + [p for p in (runpath, rpath) if p is not None]
    strtab, offsets = b"\0", {}
    for name in names:
        offsets.setdefault(name, len(strtab))
        strtab += name.encode() + b"\0"
    ehsize, phentsize = (64, 56) if is64 else (52, 32)
    str_off = ehsize + 2 * phentsize
    dyn_off = (str_off + len(strtab) + 7) // 8 * 8
    entries = [(elf.DT_NEEDED, offsets[n]) for n in needed]
    entries += [(elf.DT_RUNPATH, offsets[runpath])] if runpath is not None else []
    entries += [(elf.DT_RPATH, offsets[rpath])] if rpath is not None else []
    entries += [(elf.DT_STRTAB, str_off), (10, len(strtab)), (elf.DT_NULL, 0)]
    dyn = b"".join(struct.pack("<qQ" if is64 else "<iI", tag, value) for tag, value in entries)
    total = dyn_off + len(dyn)
    ident = b"\x7fELF" + bytes([2 if is64 else 1, 1, 1]) + bytes(9)
    if is64:
        header = struct.pack("<16sHHIQQQIHHHHHH", ident, 3, machine, 1, 0, ehsize, 0, 0,
                             ehsize, phentsize, 2, 64, 0, 0)
        phdrs = struct.pack("<IIQQQQQQ", 1, 4, 0, 0, 0, total, total, 0x1000)
        phdrs += struct.pack("<IIQQQQQQ", 2, 6, dyn_off, dyn_off, dyn_off, len(dyn), len(dyn), 8)
    else:
        header = struct.pack("<16sHHIIIIIHHHHHH", ident, 3, machine, 1, 0, ehsize, 0, 0,
                             ehsize, phentsize, 2, 40, 0, 0)
        phdrs = struct.pack("<IIIIIIII", 1, 0, 0, 0, total, total, 4, 0x1000)
        phdrs += struct.pack("<IIIIIIII", 2, dyn_off, dyn_off, dyn_off, len(dyn), len(dyn), 6, 4)
    data = header + phdrs + strtab
    data += bytes(dyn_off - len(data)) + dyn
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# -- the ELF reader ------------------------------------------------------------------------
@pytest.mark.parametrize("is64", [True, False])
def test_elf_reads_needed_and_runpath(tmp_path: Path, is64: bool) -> None:
    path = write_elf(tmp_path / "libx.so", ["liba.so.1", "libb.so.2"],
                     runpath="$ORIGIN/../lib:/opt/x", is64=is64, machine=3 if not is64 else 62)
    info = elf.dynamic(path)
    assert info is not None
    assert (info.is64, info.needed, info.runpath, info.rpath) == (
        is64, ("liba.so.1", "libb.so.2"), ("$ORIGIN/../lib", "/opt/x"), ())
    assert elf.ident(path) == (is64, 62 if is64 else 3)
    assert elf.needed(path) == ["liba.so.1", "libb.so.2"]


def test_elf_refuses_what_is_not_elf(tmp_path: Path) -> None:
    (tmp_path / "text.so").write_text("not a library")
    (tmp_path / "empty.so").write_bytes(b"")
    for name in ("text.so", "empty.so"):
        assert elf.dynamic(tmp_path / name) is None
        assert elf.ident(tmp_path / name) is None
        assert elf.needed(tmp_path / name) == []
    assert elf.ident(tmp_path / "absent.so") is None


def test_elf_odd_files_are_not_elf(tmp_path: Path) -> None:
    """Files too short or with offsets and sizes that point nowhere: None, never a crash."""
    tiny = tmp_path / "tiny.so"
    tiny.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(49))  # 56 bytes, says 64-bit
    assert elf.dynamic(tiny) is None and elf.needed(tiny) == []
    good = write_elf(tmp_path / "good.so", ["liba.so.1"], runpath="$ORIGIN").read_bytes()
    odd = tmp_path / "odd.so"
    for size in range(len(good)):  # cut short anywhere
        odd.write_bytes(good[:size])
        info = elf.dynamic(odd)
        assert info is None or isinstance(info, elf.Dynamic), size
    for at in range(16, 64 + 2 * 56):  # any header or program header field at its largest
        for fill in (b"\xff", b"\x80"):
            odd.write_bytes(good[:at] + fill * 8 + good[at + 8:])
            info = elf.dynamic(odd)
            assert info is None or isinstance(info, elf.Dynamic)


def test_an_odd_library_does_not_stop_the_check(fake: dict[str, Path]) -> None:
    head = b"\x7fELF\x02\x01\x01" + bytes(11) + struct.pack("<H", X86_64)  # this machine's
    (fake["qt"] / "lib" / "libQt6XcbQpa.so.6").write_bytes(head + bytes(56 - len(head)))
    assert run_check(fake).missing == ("libxcb-cursor.so.0",)


@pytest.mark.skipif(not LINUX, reason="PySide6's Linux plugin")
def test_elf_reads_the_real_xcb_plugin() -> None:
    qt = preflight.find_qt()
    assert qt is not None
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    info = elf.dynamic(plugin)
    assert info is not None and info.is64 == (sys.maxsize > 2**32)
    assert {"libQt6XcbQpa.so.6", "libxcb-cursor.so.0", "libxcb-icccm.so.4"} <= set(info.needed)
    assert info.runpath == ("$ORIGIN/../../lib",)
    # every library it links to directly has its package named in the message table
    system = [n for n in info.needed if not n.startswith(("libQt6", "libstdc++", "libm.",
                                                          "libgcc_s", "libc."))]
    assert [n for n in system if n not in PACKAGES] == []


# -- the check, on a fake Qt tree ----------------------------------------------------------
@pytest.fixture
def fake(tmp_path: Path) -> dict[str, Path]:
    """A Qt tree whose xcb plugin needs a library that the fake system does not have."""
    qt, system = tmp_path / "qt", tmp_path / "system"
    write_elf(qt / "plugins" / "platforms" / "libqxcb.so",
              ["libQt6XcbQpa.so.6", "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libc.so.6"],
              runpath="$ORIGIN/../../lib")
    write_elf(qt / "lib" / "libQt6XcbQpa.so.6", ["libxcb-keysyms.so.1", "libc.so.6"],
              runpath="$ORIGIN")
    write_elf(qt / "lib" / "libQt6Widgets.so.6", ["libc.so.6"], runpath="$ORIGIN")
    for name in ("libc.so.6", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
        write_elf(system / name)
    return {"qt": qt, "system": system, "tmp": tmp_path}


def run_check(fake: dict[str, Path], environ: dict[str, str] | None = None, confirm=None
              ) -> preflight.Problem | None:
    env = {"DISPLAY": ":0"} if environ is None else environ
    return preflight.check(env, qt=fake["qt"], system_dirs=[str(fake["system"])],
                           confirm=confirm)


def test_one_missing_library_is_named(fake: dict[str, Path]) -> None:
    assert run_check(fake) == preflight.Problem("missing-libraries", "xcb",
                                                ("libxcb-cursor.so.0",))


def test_the_message_names_the_package_and_the_command_for_each_manager(
        fake: dict[str, Path]) -> None:
    problem = run_check(fake)
    assert problem is not None
    message = problem.message("safe-passage", ("ubuntu", "debian"))
    assert message.splitlines()[:3] == [
        "Safe Passage cannot open its window: Qt's X11 platform plugin (xcb) needs",
        "these system libraries, which are not installed:",
        "    libxcb-cursor.so.0"]
    for line in ("Debian, Ubuntu (this system): sudo apt-get install libxcb-cursor0",
                 "Fedora:                       sudo dnf install xcb-util-cursor",
                 "Arch:                         sudo pacman -S --needed xcb-util-cursor",
                 "openSUSE:                     sudo zypper install libxcb-cursor0",
                 "safe-passage --self-test     checks the install"):
        assert line in message
    # another system's manager comes first there; with none known, the usual order
    assert "openSUSE (this system):" in problem.message("sp", ("opensuse-tumbleweed", "suse"))
    plain = problem.message("sp").splitlines()
    assert [line.split(":")[0].strip() for line in plain if "sudo" in line] == [
        "Debian, Ubuntu", "Fedora", "Arch", "openSUSE"]


def test_a_library_without_a_known_package_says_how_to_find_one() -> None:
    message = preflight.Problem("missing-libraries", "xcb",
                                ("libxcb-cursor.so.0", "libfoo.so.3")).message("sp")
    assert "    libfoo.so.3" in message
    assert "apt-file search libfoo.so.3" in message
    assert "sudo apt-get install libxcb-cursor0\n" in message  # no package made up for libfoo


def test_a_need_of_qts_own_library_counts(fake: dict[str, Path]) -> None:
    (fake["system"] / "libxcb-keysyms.so.1").unlink()
    problem = run_check(fake)
    assert problem is not None
    assert problem.missing == ("libxcb-cursor.so.0", "libxcb-keysyms.so.1")
    assert "libxcb-keysyms1" in problem.message()


def test_ld_library_path_is_searched(fake: dict[str, Path]) -> None:
    write_elf(fake["tmp"] / "extra" / "libxcb-cursor.so.0")
    env = {"DISPLAY": ":0", "LD_LIBRARY_PATH": f"/nowhere::{fake['tmp'] / 'extra'}"}
    assert run_check(fake, env) is None


def test_runpath_origin_is_searched(fake: dict[str, Path]) -> None:
    write_elf(fake["qt"] / "lib" / "libxcb-cursor.so.0")  # beside Qt's libraries
    assert run_check(fake) is None


def test_rpath_is_searched(fake: dict[str, Path]) -> None:
    write_elf(fake["tmp"] / "rpath" / "libxcb-cursor.so.0")
    write_elf(fake["qt"] / "plugins" / "platforms" / "libqxcb.so",
              ["libxcb-cursor.so.0", "libc.so.6"], rpath=str(fake["tmp"] / "rpath"))
    assert run_check(fake) is None


def test_a_library_for_another_machine_does_not_count(fake: dict[str, Path]) -> None:
    write_elf(fake["system"] / "libxcb-cursor.so.0", is64=False, machine=3)  # 32-bit x86
    assert run_check(fake).missing == ("libxcb-cursor.so.0",)
    (fake["system"] / "libxcb-cursor.so.0").write_bytes(b"")  # an empty file neither
    assert run_check(fake).missing == ("libxcb-cursor.so.0",)


def test_what_the_loader_finds_through_its_cache_is_not_reported(fake: dict[str, Path]
                                                                 ) -> None:
    asked: list[str] = []

    def loader(soname: str) -> bool:
        asked.append(soname)
        return True

    assert run_check(fake, confirm=loader) is None
    assert asked == ["libxcb-cursor.so.0"]  # only what was not found by looking


@pytest.mark.skipif(not LINUX, reason="the dynamic loader of Linux")
def test_the_loader_confirms_only_what_it_can_load() -> None:
    assert preflight.loadable("libc.so.6")
    assert not preflight.loadable("libsafe-passage-no-such-library.so.9")


# -- which platform, which display --------------------------------------------------------
@pytest.mark.parametrize("environ, order", [
    ({}, ["xcb"]),
    ({"XDG_SESSION_TYPE": "x11"}, ["xcb"]),
    ({"XDG_SESSION_TYPE": "wayland"}, ["wayland", "xcb"]),
    ({"QT_QPA_PLATFORM": "offscreen", "XDG_SESSION_TYPE": "wayland"}, ["offscreen"]),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, ["wayland", "xcb"]),
    ({"QT_QPA_PLATFORM": "xcb:nograb"}, ["xcb"]),
])
def test_platform_order_follows_qt(environ: dict[str, str], order: list[str]) -> None:
    assert preflight.platform_order(environ) == order


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc:size=800x600"])
def test_no_check_for_a_platform_without_a_window(fake: dict[str, Path], platform: str
                                                  ) -> None:
    assert run_check(fake, {"QT_QPA_PLATFORM": platform}) is None  # no display, lib missing


def test_no_display_is_said(fake: dict[str, Path]) -> None:
    problem = run_check(fake, {})
    assert problem == preflight.Problem("no-display", "xcb")
    message = problem.message(".venv/bin/safe-passage")
    assert message.startswith("Safe Passage cannot open its window: no display was found")
    assert "neither DISPLAY\nnor WAYLAND_DISPLAY is set" in message
    assert ".venv/bin/safe-passage --self-test" in message
    assert ".venv/bin/safe-passage search border" in message


def test_wayland_with_a_compositor_needs_no_xcb(fake: dict[str, Path]) -> None:
    write_elf(fake["qt"] / "plugins" / "platforms" / "libqwayland.so", ["libc.so.6"])
    env = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}
    assert run_check(fake, env) is None
    # without a compositor Qt falls back to xcb, whose library is missing
    env = {"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}
    assert run_check(fake, env).kind == "missing-libraries"


def test_wayland_without_its_plugin_falls_back_to_xcb(fake: dict[str, Path]) -> None:
    env = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert run_check(fake, env).missing == ("libxcb-cursor.so.0",)  # the bundle has no plugin
    # and without XWayland there is no X11 display to fall back to
    del env["DISPLAY"]
    problem = run_check(fake, env)
    assert problem == preflight.Problem("no-x11-display", "xcb")
    assert "DISPLAY is not set\nalthough WAYLAND_DISPLAY is" in problem.message()
    assert "QT_QPA_PLATFORM=wayland" in problem.message()


def test_the_plugin_path_variable_is_followed(fake: dict[str, Path]) -> None:
    write_elf(fake["tmp"] / "mine" / "libqxcb.so", ["libc.so.6"])
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(fake["tmp"] / "mine")}
    assert run_check(fake, env) is None


def test_skip_variable(fake: dict[str, Path]) -> None:
    assert run_check(fake, {"DISPLAY": ":0", preflight.SKIP_ENV: "1"}) is None


def test_os_release_ids(tmp_path: Path) -> None:
    release = tmp_path / "os-release"
    release.write_text('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n')
    assert preflight.os_release_ids(str(release)) == ("ubuntu", "debian")
    assert preflight.os_release_ids(str(tmp_path / "absent")) == ()


def test_readme_lists_the_first_run_packages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = readme[:readme.index("Safe Passage is an offline")]
    assert "**Before the first run**" in first_screen
    for label, command in first_run_lines():
        assert f"# {label}\n{command}\n" in first_screen


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
@pytest.mark.parametrize("code", [preflight.EXIT_CODE, cli.EXIT_ERROR])
def test_make_run_points_at_the_readme_only_after_the_preflight(tmp_path: Path,
                                                                code: int) -> None:
    """'make run' adds its install hint when the pre-flight refused (exit 3), not after
    any other error (exit 2: a usage error, a damaged database)."""
    assert preflight.EXIT_CODE != cli.EXIT_ERROR
    script = tmp_path / "venv" / "bin" / "safe-passage"
    script.parent.mkdir(parents=True)
    script.write_text(f"#!/bin/sh\nexit {code}\n")
    script.chmod(0o755)
    result = subprocess.run(["make", "--no-print-directory", "-o", "content", "run",
                             f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode != 0
    hinted = "see 'Before the first run' at the top of README.md" in result.stderr
    assert hinted == (code == preflight.EXIT_CODE), result.stderr
