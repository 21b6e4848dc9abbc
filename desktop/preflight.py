"""Before the first window: can Qt's windowing platform start on this machine?

On Linux, Qt aborts the whole process (SIGABRT, a core dump, exit 134) when its platform
plugin cannot be loaded -- most often because a system library the plugin links to is not
installed (``libxcb-cursor0`` on many fresh Debian and Ubuntu installs) -- or when there is
no display to connect to; its last words, "Reinstalling the application may fix this
problem", do not help.  :func:`check` finds out first: it works out which platform Qt will
pick, reads the ELF dependencies of that plugin and of the Qt libraries it pulls in
(without loading them), resolves them as the dynamic loader would (DT_RPATH,
LD_LIBRARY_PATH, DT_RUNPATH with $ORIGIN, the default directories, and the loader itself,
through its cache, for anything not found there) and returns a :class:`Problem` whose
message names the missing libraries, their packages and the install command for apt, dnf,
pacman and zypper.  ``safe-passage`` prints it and exits 3 (``EXIT_CODE``: its own code,
so that ``make run`` can tell it from any other error, which exits 2).

Cheap by design: nothing is looked at unless Qt would use xcb (so never under
``QT_QPA_PLATFORM=offscreen``, nor off Linux); then a few ELF headers are read and each
dependency is looked up with a stat.  ``SAFE_PASSAGE_SKIP_PREFLIGHT=1`` skips the check.
Qt-free, standard library only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

EXIT_CODE = 3  # not 2: every other error of the command exits 2 (cli.EXIT_ERROR)
SKIP_ENV = "SAFE_PASSAGE_SKIP_PREFLIGHT"
# Qt's default on Linux, and its fallback after whatever the session asks for.
DEFAULT_PLATFORM = "xcb"
# Always there: the loader itself is running.
_LOADER_PREFIXES = ("ld-linux", "ld64.so", "ld-musl")


class Problem(NamedTuple):
    """Why the window cannot open: ``no-display``, ``no-x11-display`` (a Wayland desktop
    without XWayland) or ``missing-libraries``."""

    kind: str
    platform: str = DEFAULT_PLATFORM
    missing: tuple[str, ...] = ()  # sonames, in the order they were met

    def message(self, prog: str = "safe-passage", distro: tuple[str, ...] = ()) -> str:
        """The text printed instead of opening the window.

        ``prog`` is how the command was started; ``distro`` the ``ID``/``ID_LIKE`` words of
        /etc/os-release, so this system's package manager comes first.
        """
        without = command_line_hint(prog)
        if self.kind == "no-display":
            return "\n".join([
                "Safe Passage cannot open its window: no display was found (neither DISPLAY",
                "nor WAYLAND_DISPLAY is set, as over ssh or in a text console). Start it from",
                "a desktop session, or over 'ssh -X'.", *without])
        if self.kind == "no-x11-display":
            return "\n".join([
                "Safe Passage cannot open its window: Qt uses X11 here, and DISPLAY is not set",
                "although WAYLAND_DISPLAY is. Turn on XWayland (most Wayland desktops run it),",
                "or start Safe Passage with QT_QPA_PLATFORM=wayland if this copy has Qt's",
                "Wayland plugin.", *without])
        from desktop.preflight_packages import PACKAGES, lookup_commands

        lines = [f"Safe Passage cannot open its window: Qt's {_platform_label(self.platform)}"
                 " needs", "these system libraries, which are not installed:"]
        lines += [f"    {soname}" for soname in self.missing]
        known = [s for s in self.missing if s in PACKAGES]
        if known:
            lines.append("Install them once with your system's package manager, then start "
                         "Safe Passage again:")
            rows = install_commands(known, distro)
            label_width = max(len(label) for label, _, _ in rows) + 2
            for label, command, packages in rows:
                lines.append(f"    {label + ':':<{label_width}}"
                             f"{command.format(' '.join(packages))}")
        for soname in (s for s in self.missing if s not in PACKAGES):
            lines.append(f"To find the package that has {soname}, ask your package manager:")
            lines += [f"    {command}" for command in lookup_commands(soname)]
        return "\n".join(lines + without)


def command_line_hint(prog: str = "safe-passage") -> list[str]:
    """The lines that end every "cannot open its window" message: what works without."""
    width = len(prog) + 16
    return ["Without a window, the command line works:"] + [
        f"    {prog + ' ' + args:<{width}} {what}" for args, what in (
            ("--self-test", "checks the install"), ("search border", "searches"),
            ("--help", "lists every command"))]


def _platform_label(name: str) -> str:
    return "X11 platform plugin (xcb)" if name == "xcb" else f"'{name}' platform plugin"


def install_commands(sonames: list[str], distro: tuple[str, ...] = ()
                     ) -> list[tuple[str, str, list[str]]]:
    """(label, command template, packages) per package manager; this system's first."""
    from desktop.preflight_packages import MANAGERS, PACKAGES

    rows = []
    for index, (label, command, ids) in enumerate(MANAGERS):
        packages: list[str] = []
        for soname in sonames:
            package = PACKAGES[soname][index]
            if package not in packages:
                packages.append(package)
        mine = bool(set(ids) & set(distro))
        rows.append((f"{label} (this system)" if mine else label, command, packages, mine))
    rows.sort(key=lambda row: not row[3])  # stable: this system first, then the usual order
    return [(label, command, packages) for label, command, packages, _ in rows]


def platform_order(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (as QGuiApplication picks them)."""
    forced = environ.get("QT_QPA_PLATFORM", "").strip()
    if forced:
        names = forced.split(";")
    else:
        session = environ.get("XDG_SESSION_TYPE", "")
        names = ["wayland"] if session == "wayland" else []
        if DEFAULT_PLATFORM not in names:
            names.append(DEFAULT_PLATFORM)
    return [name.split(":")[0].strip() for name in names if name.strip()]


def _bundle_dir() -> Path | None:
    """The PyInstaller bundle's folder of libraries (None in a source run)."""
    if not getattr(sys, "frozen", False):
        return None
    from desktop.paths import resources_dir

    return resources_dir().parent


def find_qt() -> Path | None:
    """PySide6's Qt folder (``.../PySide6/Qt``), found without importing PySide6."""
    bundle = _bundle_dir()
    if bundle is not None:  # the PyInstaller bundle keeps PySide6's layout (build.spec)
        return next((qt for qt in (bundle / "PySide6" / "Qt", bundle / "PySide6")
                     if (qt / "plugins").is_dir()), None)
    import importlib.util

    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    qt = Path(list(spec.submodule_search_locations)[0]) / "Qt"
    return qt if qt.is_dir() else None


def plugin_file(qt: Path, platform: str, environ: Mapping[str, str]
                ) -> Path | None:
    """The platform plugin Qt would load, looking where Qt looks."""
    dirs = [environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "")]
    dirs += [os.path.join(d, "platforms") for d in environ.get("QT_PLUGIN_PATH", "").split(":")]
    dirs.append(str(qt / "plugins" / "platforms"))
    for folder in filter(None, dirs):
        candidate = Path(folder) / f"libq{platform}.so"
        if candidate.is_file():
            return candidate
    return None


def _triplet() -> str:
    return getattr(sys.implementation, "_multiarch", None) or f"{os.uname().machine}-linux-gnu"


def default_dirs() -> list[str]:
    """The dynamic loader's built-in search directories that exist here."""
    triplet = _triplet()
    dirs = [f"/lib/{triplet}", f"/usr/lib/{triplet}", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]
    return [d for d in dirs if os.path.isdir(d)]


def _native_dirs(want: tuple[bool, int] | None) -> frozenset[str]:
    """Directories that hold only libraries for this machine (no need to read headers)."""
    triplet = _triplet()
    dirs = {f"/lib/{triplet}", f"/usr/lib/{triplet}"}
    if want is not None and want[0]:
        dirs |= {"/lib64", "/usr/lib64"}
    return frozenset(dirs)


def loadable(soname: str) -> bool:
    """Whether the dynamic loader itself finds ``soname`` (its cache, its directories)."""
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(roots: list[Path], environ: Mapping[str, str],
                      system_dirs: list[str] | None = None,
                      confirm: Callable[[str], bool] | None = loadable) -> list[str]:
    """Sonames that ``roots`` (and the non-system libraries they reach) need but cannot get.

    Each need is looked up as the loader does: the needing file's DT_RPATH (when it has no
    DT_RUNPATH), LD_LIBRARY_PATH, its DT_RUNPATH ($ORIGIN expanded), then ``system_dirs``
    (the loader's default directories).  A file of another ELF class or machine does not
    count.  Libraries found outside the system directories (Qt's own) are followed in
    turn.  Whatever is still missing is offered to ``confirm`` (by default the loader
    itself, which also knows its cache); what it finds is not reported.
    """
    from desktop import elf  # only now: the check costs nothing where it does not run

    system = default_dirs() if system_dirs is None else list(system_dirs)
    env_dirs = [d for d in environ.get("LD_LIBRARY_PATH", "").split(":") if d]
    bundle = _bundle_dir()
    if bundle is not None:  # its bootloader puts it on the loader's path
        env_dirs.append(str(bundle))
    want = elf.ident(roots[0])
    native = _native_dirs(want) if system_dirs is None else frozenset()
    found: set[str] = set()
    missing: list[str] = []
    todo = list(roots)
    seen = {str(p) for p in roots}
    while todo:
        current = todo.pop(0)
        try:
            info = elf.dynamic(current)
        except OSError:
            continue
        if info is None:
            continue
        origin = str(current.parent)
        private = ((_expand(info.rpath, origin) if not info.runpath else []) + env_dirs
                   + _expand(info.runpath, origin))
        for soname in info.needed:
            if soname in found or soname.startswith(_LOADER_PREFIXES):
                continue
            where = _first_usable(soname, private, want, native)
            if where is not None and str(where) not in seen:
                seen.add(str(where))
                todo.append(where)  # Qt's own library: its needs count too
            elif where is None and _first_usable(soname, system, want, native) is None:
                if soname not in missing:
                    missing.append(soname)
                continue
            found.add(soname)
    return [soname for soname in missing if confirm is None or not confirm(soname)]


def _expand(entries: tuple[str, ...], origin: str) -> list[str]:
    """RPATH/RUNPATH entries with $ORIGIN (the needing file's folder) filled in."""
    return [e.replace("${ORIGIN}", origin).replace("$ORIGIN", origin) for e in entries]


def _first_usable(soname: str, dirs: list[str], want: tuple[bool, int] | None,
                  native: frozenset[str]) -> Path | None:
    """The first ``dirs/soname`` that exists and is built for this machine, as ld.so picks."""
    from desktop import elf

    for folder in dirs:
        candidate = os.path.join(folder, soname)
        if os.path.exists(candidate) and (want is None or folder in native
                                          or elf.ident(candidate) == want):
            return Path(candidate)
    return None


def check(environ: Mapping[str, str] | None = None, *, qt: Path | None = None,
          system_dirs: list[str] | None = None,
          confirm: Callable[[str], bool] | None = loadable) -> Problem | None:
    """Why Qt's windowing platform cannot start here, or None when it can (or when in doubt).

    ``qt``, ``system_dirs`` and ``confirm`` stand in for PySide6's Qt folder, the loader's
    default directories and the loader itself (tests).
    """
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or environ.get(SKIP_ENV):
        return None
    problems: list[Problem] = []
    for name in platform_order(environ):
        if name.startswith("wayland"):
            if not environ.get("WAYLAND_DISPLAY"):
                problems.append(Problem("no-display", name))
                continue
            qt = qt or find_qt()
            if qt is None or plugin_file(qt, name, environ) is not None:
                return None
            continue  # not shipped (the bundle has no Wayland plugin): Qt tries the next
        if name != "xcb":
            return None  # offscreen, minimal, vnc, eglfs ...: nothing to check
        if not environ.get("DISPLAY"):
            # on a Wayland desktop, X11 clients get their DISPLAY from XWayland
            kind = "no-x11-display" if environ.get("WAYLAND_DISPLAY") else "no-display"
            problems.append(Problem(kind, name))
            continue
        qt = qt or find_qt()
        plugin = plugin_file(qt, name, environ) if qt else None
        if qt is None or plugin is None:
            return None  # no PySide6 or no plugin: nothing this check can suggest
        roots = [plugin] + [p for p in [qt / "lib" / "libQt6Widgets.so.6"] if p.is_file()]
        missing = missing_libraries(roots, environ, system_dirs, confirm)
        if not missing:
            return None
        problems.append(Problem("missing-libraries", name, tuple(missing)))
    if not problems:
        return None
    return next((p for p in problems if p.kind == "missing-libraries"), problems[0])


def os_release_ids(path: str = "/etc/os-release") -> tuple[str, ...]:
    """The ``ID`` and ``ID_LIKE`` words of os-release (empty when unreadable)."""
    words: list[str] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                key, _, value = line.strip().partition("=")
                if key in ("ID", "ID_LIKE"):
                    words += value.strip("\"'").lower().split()
    except OSError:
        pass
    return tuple(words)


def program_name(argv0: str | None = None) -> str:
    """How to call this program again in a message: the command as it was typed."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    if getattr(sys, "frozen", False) or os.path.basename(argv0) == "safe-passage":
        return argv0 or "safe-passage"
    return "python -m desktop"


def run(environ: Mapping[str, str] | None = None) -> int | None:
    """The check as ``safe-passage`` runs it: print the message and return ``EXIT_CODE``,
    or None."""
    problem = check(environ)
    if problem is None:
        return None
    print(problem.message(program_name(), os_release_ids()), file=sys.stderr)
    return EXIT_CODE


# -- ``safe-passage --self-test --gui`` ----------------------------------------------------
PROBE_FLAG = "--platform-probe"  # hidden: the child process that starts Qt's platform
PROBE_TIMEOUT_S = 60


def self_command() -> list[str]:
    """The command that runs this program again (the bundle's executable, or the module)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop"]


@contextmanager
def _no_core_dumps() -> Iterator[None]:
    """While it lasts, processes started here may not write a core dump (POSIX).

    The probe child inherits the limit: when Qt aborts it, no ``core`` file lands in the
    user's current folder.  This process's own limit is put back afterwards.
    """
    try:
        import resource
    except ImportError:  # Windows: no core dumps to prevent
        yield
        return
    saved = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, saved[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CORE, saved)


def window_problems(environ: Mapping[str, str] | None = None,
                    command: list[str] | None = None) -> tuple[list[str], str]:
    """Whether the window can open: (problems, what started).

    Runs :func:`check`, then starts Qt's platform in a child process (``command`` plus
    :data:`PROBE_FLAG`), so that an abort there becomes a problem line here (and leaves
    no core dump: the child may not write one).
    """
    import signal
    import subprocess

    environ = os.environ if environ is None else environ
    problem = check(environ)
    if problem is not None:
        return [problem.message(program_name(), os_release_ids())], ""
    try:
        with _no_core_dumps():
            child = subprocess.run([*(command or self_command()), PROBE_FLAG],
                                   env=dict(environ), capture_output=True, text=True,
                                   timeout=PROBE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return [f"the window platform did not start within {PROBE_TIMEOUT_S} s"], ""
    except OSError as exc:
        return [f"cannot run {command or self_command()}: {exc.strerror or exc}"], ""
    if child.returncode == 0:
        return [], child.stdout.strip()
    from desktop.platform_probe import qt_said

    said = qt_said(child.stderr.splitlines())
    if child.returncode < 0:
        try:
            name = signal.Signals(-child.returncode).name
        except ValueError:
            name = f"signal {-child.returncode}"
        how = f"Qt stopped the process ({name})"
    else:
        how = f"the process exited with {child.returncode}"
    return [f"the window platform did not start: {how}"
            + ("; Qt said:\n    " + "\n    ".join(said) if said else "")], ""
