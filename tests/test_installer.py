"""The Linux installer: build it, install the .deb into a scratch root, run the installed app.

The build takes minutes, so these tests run only when asked for:

    pytest -m installer                               # builds into a temporary folder
    DIGITPAD_INSTALLER_DIR=dist pytest -m installer   # tests what tools/build_installer.py built

They need PyInstaller (the `build` extra) to build and dpkg-deb to unpack, and skip without.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))
import build_installer  # noqa: E402

VERSION = build_installer.version()
FORBIDDEN = re.compile(r"tensorflow|keras|tensorboard", re.IGNORECASE)
MAX_DOWNLOAD_BYTES = 80_000_000
# What the bundle is built from: a build older than any of these is stale.
SOURCES = [
    ROOT / "pyproject.toml",
    ROOT / "tools" / "build_installer.py",
    *(ROOT / "digitpad").rglob("*.py"),
    *(ROOT / "packaging").glob("*"),
    *(p for p in (ROOT / "assets").rglob("*") if p.is_file() and p.suffix != ".keras"),
]

pytestmark = pytest.mark.installer  # declared in pyproject.toml


def selected(config) -> bool:
    expression = config.getoption("markexpr") or ""
    return (
        bool(os.environ.get("DIGITPAD_INSTALLER_DIR"))
        or re.search(r"(?<!not )\binstaller\b", expression) is not None
    )


@pytest.fixture(scope="module")
def dist(request, tmp_path_factory) -> Path:
    """A folder with a fresh build: DIGITPAD_INSTALLER_DIR's, or one built now."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the installer test runs on Linux (.deb); CI tests Windows and macOS builds")
    if not selected(request.config):
        pytest.skip("builds the installer, which takes minutes: select it with -m installer")
    if not shutil.which("dpkg-deb"):
        pytest.skip("dpkg-deb is not installed: no .deb to build or unpack")
    given = os.environ.get("DIGITPAD_INSTALLER_DIR")
    if given:
        folder = Path(given).resolve()
        debs = sorted(folder.glob(f"digitpad_{VERSION}_*.deb"))
        if not debs:
            pytest.fail(
                f"DIGITPAD_INSTALLER_DIR={given} holds no digitpad_{VERSION}_*.deb: "
                "build it with python tools/build_installer.py"
            )
        newest = max(SOURCES, key=lambda p: p.stat().st_mtime)
        if debs[0].stat().st_mtime < newest.stat().st_mtime:
            pytest.fail(
                f"{debs[0].name} is older than {newest.relative_to(ROOT)}: rebuild it "
                "with python tools/build_installer.py, or unset DIGITPAD_INSTALLER_DIR"
            )
        return folder
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed (pip install -e .[build])")
    folder = tmp_path_factory.mktemp("dist")
    started = time.perf_counter()
    built = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "build_installer.py"),
            "--dist",
            str(folder),
            "--work",
            str(tmp_path_factory.mktemp("work")),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=ROOT,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    print(f"built the installers in {time.perf_counter() - started:.0f} s\n{built.stdout[-600:]}")
    return folder


@pytest.fixture(scope="module")
def deb(dist) -> Path:
    debs = sorted(dist.glob(f"digitpad_{VERSION}_*.deb"))
    assert len(debs) == 1, f"expected one .deb in {dist}, found {debs}"
    return debs[0]


@pytest.fixture(scope="module")
def installed(deb, tmp_path_factory) -> Path:
    """The scratch root the .deb is unpacked into, as dpkg would install it (no scripts)."""
    root = tmp_path_factory.mktemp("root")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True, timeout=300)
    return root


def run_app(executable: Path, *args: str, tmp_path: Path, **env: str):
    environment = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", DIGITPAD_LOG_DIR=str(tmp_path / "logs"), **env
    )
    return subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        cwd=tmp_path,
    )


def test_deb_installs_the_app_its_command_menu_entry_and_icon(deb):
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    paths = {line.split(None, 5)[5] for line in listing}
    assert "./usr/bin/digitpad -> /opt/digitpad/digitpad" in paths
    assert "./usr/share/applications/digitpad.desktop" in paths
    assert "./usr/share/icons/hicolor/256x256/apps/digitpad.png" in paths
    assert "./opt/digitpad/digitpad" in paths
    assets = "./opt/digitpad/_internal/digitpad/assets/"
    assert {assets + "model.tflite", assets + "model.json", assets + "icon.png"} <= paths
    assert any(p.startswith(assets + "samples/") for p in paths)
    licenses = "./opt/digitpad/_internal/licenses/"
    texts = ("LICENSE", "NOTICE.md", "LGPL-3.0.txt", "GPL-3.0.txt")
    assert {licenses + name for name in texts} <= paths
    for package in ("numpy", "pillow", "platformdirs", "ai_edge_litert"):
        assert [p for p in paths if re.match(rf"\./opt/digitpad/_internal/{package}-.*LICENSE", p)]
    assert not [p for p in paths if FORBIDDEN.search(p)], "training-only files in the .deb"
    assert all(" root/root " in line for line in listing)
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: digitpad" in fields and f"Version: {VERSION}" in fields
    assert deb.stat().st_size <= MAX_DOWNLOAD_BYTES


def test_installed_app_holds_the_licence_of_each_system_library_it_bundles(installed):
    internal = installed / "opt/digitpad/_internal"
    # Libraries of Qt's and Python's own, and those a wheel renamed (name-1a2b3c4d.so), have
    # their licences in licenses/ and in the wheels' metadata; the rest came from the system.
    own = re.compile(r"^lib(Qt6|pyside6|shiboken6|python3|pywrap_litert|icu)|-[0-9a-f]{8}")
    system = sorted(p.name for p in internal.glob("lib*.so*") if not own.search(p.name))
    assert "libstdc++.so.6" in system and "libxcb-cursor.so.0" in system
    out = subprocess.run(
        ["dpkg-query", "-S", *(f"*/{name}" for name in system)], capture_output=True, text=True
    ).stdout
    owners: dict[str, set[str]] = {}  # a library's file name -> the packages that hold one
    for line in out.splitlines():
        owner, _, path = line.partition(": ")
        owners.setdefault(os.path.basename(path), set()).add(owner.split(":")[0])
    texts = internal / "licenses" / "system"
    for name in system:
        held = [texts / package for package in owners.get(name, ()) if (texts / package).is_file()]
        assert held, f"no licence for {name} (of {owners.get(name)})"
        assert "opyright" in held[0].read_text(encoding="utf-8")
    assert {"libstdc++6", "libglib2.0-0", "zlib1g"} <= {p.name for p in texts.iterdir()}


def test_installed_copyright_gives_the_licence_and_names_the_others(installed):
    copyright = (installed / "usr/share/doc/digitpad/copyright").read_text()
    assert "\nLicense: MIT\n Permission is hereby granted" in copyright
    assert "_internal/licenses/NOTICE.md" in copyright
    assert (installed / "opt/digitpad/_internal/licenses/NOTICE.md").is_file()


def test_installed_desktop_entry_starts_the_command(installed):
    entry = (installed / "usr/share/applications/digitpad.desktop").read_text()
    assert "\nExec=digitpad %f\n" in entry and "\nIcon=digitpad\n" in entry
    assert "MimeType=" not in entry  # never made the default viewer of pictures
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(
            ["desktop-file-validate", str(installed / "usr/share/applications/digitpad.desktop")],
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_installed_app_holds_no_training_code(installed):
    pytest.importorskip("PyInstaller", reason="reads the app's archive with PyInstaller's viewer")
    modules = build_installer.bundled_modules(installed / "opt/digitpad/digitpad")
    assert "digitpad.cli" in modules and "digitpad.gui.window" in modules
    assert not [m for m in modules if build_installer.TRAINING.search(m) or FORBIDDEN.search(m)]


def test_installed_app_passes_its_self_test(installed, tmp_path):
    done = run_app(installed / "opt/digitpad/digitpad", "--self-test", tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASSED" in done.stdout


def test_installed_app_starts_headless_and_loads_the_model(installed, tmp_path):
    done = run_app(
        installed / "opt/digitpad/digitpad", tmp_path=tmp_path, DIGITPAD_STARTUP_REPORT="1"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("window_shown ") for line in lines), done.stdout + done.stderr
    assert any(line.startswith("model_ready") and line.endswith("ok") for line in lines), (
        done.stdout + done.stderr
    )


def test_installed_app_runs_through_a_link_like_usr_bin_digitpad(installed, tmp_path):
    link = tmp_path / "bin" / "digitpad"
    link.parent.mkdir()
    link.symlink_to(installed / "opt/digitpad/digitpad")
    done = run_app(link, "--version", tmp_path=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"digitpad {VERSION}", (
        done.stdout + done.stderr
    )


def test_portable_tarball_holds_the_same_app(dist):
    tarballs = sorted(dist.glob(f"digitpad-{VERSION}-linux-*.tar.gz"))
    assert len(tarballs) == 1, f"expected one .tar.gz in {dist}, found {tarballs}"
    assert tarballs[0].stat().st_size <= MAX_DOWNLOAD_BYTES
    with tarfile.open(tarballs[0]) as tar:
        names = tar.getnames()
        executable = tar.getmember(f"digitpad-{VERSION}/digitpad")
    assert executable.isfile() and executable.mode & 0o111
    assert f"digitpad-{VERSION}/_internal/digitpad/assets/model.tflite" in names
    assert not [n for n in names if FORBIDDEN.search(n)], "training-only files in the tarball"
