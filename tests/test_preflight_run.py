"""``safe-passage`` on a machine that cannot open its window, run as a person would (Linux).

The acceptance case of issue 16: with ``libxcb-cursor.so.0`` hidden from the dynamic
loader, ``safe-passage`` names ``libxcb-cursor0`` and exits 3, where Qt alone aborts.  The
library is hidden in a private mount namespace (``unshare --user --mount``): the folder
that holds it is covered by a folder of symbolic links to everything else in it, so the
loader (and its cache's entry) find nothing, as on a machine without the package.  Where
the library is not installed at all nothing needs hiding; where namespaces are not
allowed the test skips.  The window half needs Xvfb and skips without it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import cli, preflight

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="Qt's xcb platform and the ELF loader are Linux's")

CURSOR = "libxcb-cursor.so.0"
SCRIPT = Path(sys.executable).parent / "safe-passage"
DISPLAY_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")


def app_env(**extra: str) -> dict[str, str]:
    """The environment of a desktop user: no Qt or Safe Passage settings, no display."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "SAFE_PASSAGE_")) and k not in DISPLAY_VARS}
    env.update(extra)
    return env


def safe_passage(tmp_path: Path, *args: str, env: dict[str, str], prefix: list[str] = (),
                 timeout: float = 60) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "desktop"]
    return subprocess.run([*prefix, *command, "--basedir", str(tmp_path / "home"), *args],
                          env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def test_no_display_exits_3_with_the_message_not_a_signal(tmp_path: Path) -> None:
    result = safe_passage(tmp_path, env=app_env())
    assert result.returncode == preflight.EXIT_CODE == 3, result.stderr
    assert result.stderr.startswith("Safe Passage cannot open its window: no display was found")
    assert "--self-test" in result.stderr
    assert "Traceback" not in result.stderr and "qt.qpa" not in result.stderr
    assert result.stdout == ""


def test_gui_without_self_test_is_a_usage_error(tmp_path: Path) -> None:
    """Exit 2 (any error), not the pre-flight's 3: 'make run' shows its install hint on 3."""
    result = safe_passage(tmp_path, "--gui", env=app_env())
    assert result.returncode == cli.EXIT_ERROR == 2
    assert result.stderr.strip() == ("error: --gui goes with --self-test "
                                     "(see 'safe-passage --help')")


def test_self_test_gui_offscreen_starts_the_platform(tmp_path: Path) -> None:
    result = safe_passage(tmp_path, "--self-test", "--gui",
                          env=app_env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("window platform: offscreen")
    assert result.stdout.splitlines()[-1] == "self-test passed"


def test_self_test_gui_without_display_says_so(tmp_path: Path) -> None:
    result = safe_passage(tmp_path, "--self-test", "--gui", env=app_env())
    assert result.returncode == 1
    assert result.stderr.startswith("error: Safe Passage cannot open its window: no display")
    assert "self-test passed" not in result.stdout


def test_self_test_gui_turns_a_qt_abort_into_a_problem(tmp_path: Path) -> None:
    env = app_env(DISPLAY=":9871")  # no X server there: Qt's xcb plugin aborts
    result = safe_passage(tmp_path, "--self-test", "--gui", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problem = preflight.check(env)
    if problem is not None:  # this machine lacks a library: the pre-flight says which
        assert result.stderr.startswith("error: Safe Passage cannot open its window")
    else:
        assert "error: the window platform did not start: Qt stopped the process (SIGABRT)" \
            in result.stderr
        assert "could not connect to display" in result.stderr


# -- the acceptance case: libxcb-cursor.so.0 hidden from the loader -----------------------
def hiding(soname: str, tmp_path: Path) -> list[str]:
    """A command prefix under which the dynamic loader cannot find ``soname``."""
    holders = sorted({os.path.realpath(d) for d in preflight.default_dirs()
                      if os.path.exists(os.path.join(d, soname))})
    if not holders:
        return []  # not installed here: nothing to hide
    if shutil.which("unshare") is None:
        pytest.skip("no 'unshare' to hide a library from the loader")
    stem = soname.split(".so")[0] + ".so"
    steps = ["ulimit -c 0"]
    for index, folder in enumerate(holders):
        original, links = tmp_path / f"original{index}", tmp_path / f"links{index}"
        original.mkdir()
        links.mkdir()
        for entry in os.listdir(folder):
            if not entry.startswith(stem):
                os.symlink(original / entry, links / entry)
        steps += [f"mount --bind {shlex.quote(folder)} {shlex.quote(str(original))}",
                  f"mount --bind {shlex.quote(str(links))} {shlex.quote(folder)}"]
    prefix = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
              " && ".join(steps) + ' && exec "$@"', "sh"]
    tried = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
    if tried.returncode != 0:
        pytest.skip(f"no private mount namespace here: {tried.stderr.strip()}")
    return prefix


def test_hidden_libxcb_cursor_is_named_and_exits_3(tmp_path: Path) -> None:
    prefix = hiding(CURSOR, tmp_path)
    loader = subprocess.run([*prefix, sys.executable, "-c",
                             f"import ctypes; ctypes.CDLL({CURSOR!r})"],
                            capture_output=True, text=True, check=False)
    assert loader.returncode != 0 and f"{CURSOR}: cannot open shared object file" in \
        loader.stderr, "the library is still within the loader's reach"

    env = app_env(DISPLAY=":9871")  # the check runs before any connection to it
    result = safe_passage(tmp_path, env=env, prefix=prefix)
    assert result.returncode == preflight.EXIT_CODE, result.stderr
    assert result.stderr.startswith("Safe Passage cannot open its window: Qt's X11 platform")
    assert f"    {CURSOR}\n" in result.stderr
    assert "sudo apt-get install libxcb-cursor0" in result.stderr
    assert "sudo dnf install xcb-util-cursor" in result.stderr
    assert "Traceback" not in result.stderr and "qt.qpa" not in result.stderr

    # without the check, the window's start still turns Qt's abort into a message and
    # exit 3, quoting Qt, but only the check names the package (or, on a machine that
    # also lacks a library of Qt's GUI module, an ImportError)
    unchecked = safe_passage(tmp_path, env={**env, preflight.SKIP_ENV: "1"}, prefix=prefix)
    assert unchecked.returncode != 0
    assert "sudo apt-get install" not in unchecked.stderr
    if "ImportError" not in unchecked.stderr:
        assert unchecked.returncode == preflight.EXIT_CODE, unchecked.stderr
        assert "Could not load the Qt platform plugin" in unchecked.stderr
        assert "xcb-cursor0" in unchecked.stderr  # Qt's own guess is right here


# -- the positive path: with the libraries present, the window starts as before ------------
@pytest.fixture
def xvfb() -> Iterator[str]:
    """A virtual X display (Xvfb), or a skip where there is none."""
    if shutil.which("Xvfb") is None:
        pytest.skip("no Xvfb for a real window")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-nolisten", "tcp",
                               "-screen", "0", "1280x800x24"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        if not number:
            pytest.skip("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_with_the_libraries_the_window_starts(tmp_path: Path, xvfb: str) -> None:
    env = app_env(DISPLAY=xvfb, SAFE_PASSAGE_EXIT_AFTER_PAINT="1")
    problem = preflight.check(env)
    if problem is not None:
        pytest.skip(f"this machine lacks {', '.join(problem.missing)}")
    result = safe_passage(tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "painted"

    checked = safe_passage(tmp_path, "--self-test", "--gui", env=app_env(DISPLAY=xvfb))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("window platform: xcb, screen 1280x800")


@pytest.mark.skipif(sys.platform == "win32", reason="core dumps and rlimits are POSIX")
def test_the_platform_probe_may_not_leave_a_core_dump() -> None:
    """Qt aborts the probe child when the platform cannot start; its core size limit is 0,
    so no core file lands in the user's folder (and the parent's limit is put back)."""
    import resource

    saved = resource.getrlimit(resource.RLIMIT_CORE)
    if saved[1] == 0:
        pytest.skip("core dumps are off for good here (hard limit 0)")
    allowed = (min(saved[1], 2**20) if saved[1] != resource.RLIM_INFINITY else 2**20,
               saved[1])
    resource.setrlimit(resource.RLIMIT_CORE, allowed)  # as on a desktop that keeps cores
    try:
        show = [sys.executable, "-c", "import resource; "
                "print(*resource.getrlimit(resource.RLIMIT_CORE))"]
        problems, started = preflight.window_problems(
            app_env(QT_QPA_PLATFORM="offscreen"), command=show)
        assert resource.getrlimit(resource.RLIMIT_CORE) == allowed
    finally:
        resource.setrlimit(resource.RLIMIT_CORE, saved)
    assert problems == []
    assert started == f"0 {saved[1]}"


# -- the window's own start: Qt's platform fails although the pre-flight passed -------------
NO_CORE = ["sh", "-c", 'ulimit -c 0 && exec "$@"', "sh"]  # (if it does abort: no core file)


def test_a_display_that_does_not_answer_is_explained_not_a_core_dump(tmp_path: Path) -> None:
    """DISPLAY set, but no X server there (a stale DISPLAY, or another user's session
    through sudo): Qt aborted the window with SIGABRT and "Reinstalling the application
    may fix this problem"."""
    env = app_env(DISPLAY=":9871", **{preflight.SKIP_ENV: "1"})
    result = safe_passage(tmp_path, env=env, prefix=NO_CORE)
    assert result.returncode == preflight.EXIT_CODE, result.stderr
    assert result.stderr.startswith("Safe Passage cannot open its window: Qt could not start")
    assert "DISPLAY is ':9871'" in result.stderr and "--self-test" in result.stderr
    assert "Reinstalling" not in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_qt_platform_is_explained_not_a_core_dump(tmp_path: Path) -> None:
    env = app_env(QT_QPA_PLATFORM="no-such-platform")
    result = safe_passage(tmp_path, env=env, prefix=NO_CORE)
    assert result.returncode == preflight.EXIT_CODE, result.stderr
    assert "QT_QPA_PLATFORM is 'no-such-platform', which cannot start here" in result.stderr
    assert "offscreen" in result.stderr  # the platforms Qt has, to choose from
    assert "Reinstalling" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("locale", [{"LANG": "C", "LC_ALL": "POSIX"}, {"LANG": "C"}, {}])
def test_a_c_locale_starts_the_window_without_qts_warning(tmp_path: Path,
                                                          locale: dict[str, str]) -> None:
    """Before: four lines of Qt's "Detected locale "C" … has switched to "C.UTF-8"" on
    every start, of the window and of every printing command."""
    env = {k: v for k, v in app_env(QT_QPA_PLATFORM="offscreen").items()
           if not k.startswith("LC_") and k != "LANG"}
    result = safe_passage(tmp_path, env={**env, **locale, "SAFE_PASSAGE_EXIT_AFTER_PAINT": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "painted"
    assert "Detected locale" not in result.stderr and "Traceback" not in result.stderr
    card = tmp_path / "card.pdf"
    printed = safe_passage(tmp_path, "print", "card", "--pdf", str(card), env={**env, **locale})
    assert printed.returncode == 0 and card.read_bytes().startswith(b"%PDF")
    assert printed.stderr == ""


def test_printing_with_an_unknown_qt_platform_is_one_error_line(tmp_path: Path) -> None:
    """Before: Qt's abort (SIGABRT, a core dump) after its own five lines."""
    card = tmp_path / "card.pdf"
    result = safe_passage(tmp_path, "print", "card", "--pdf", str(card),
                          env=app_env(QT_QPA_PLATFORM="no-such-platform"), prefix=NO_CORE)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Qt could not start its platform")
    assert "QT_QPA_PLATFORM is 'no-such-platform'" in lines[0] and not card.exists()
