"""Build digitpad's installer for this operating system: freeze the app, then wrap it.

    python tools/build_installer.py [--clean] [--dist DIR] [--work DIR] [--bundle-only]

Needs the `build` extra (`pip install -e .[build]`). PyInstaller freezes the app as the committed
spec packaging/digitpad.spec says (onedir, windowed, without TensorFlow and digitpad.training:
the model runs on LiteRT) into DIST/digitpad (and DIST/digitpad.app on macOS); this script checks
the bundle and wraps it, in DIST (default dist/):

    Linux    digitpad_<version>_<arch>.deb       /opt/digitpad, /usr/bin/digitpad, menu entry, icon
             digitpad-<version>-linux-<machine>.tar.gz   the same bundle, portable
    Windows  digitpad-<version>-windows-<machine>-setup.exe   NSIS (packaging/digitpad.nsi)
    macOS    digitpad-<version>-macos-<machine>.dmg  digitpad.app, drag to Applications

and prints the sizes of the packages and of the frozen app they install. On Linux,
tools/build_windows.py builds the Windows installer too, under Wine, with the same spec and NSIS
script.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "digitpad.spec"
PYINSTALLER_VERSION = "6.22.3"
NAME = "digitpad"
SUMMARY = "Draw a digit and see what a convolutional network reads, live"
HOMEPAGE = "https://github.com/digitpad/digitpad"
MAINTAINER = "digitpad maintainers <digitpad@users.noreply.github.com>"

# What the bundle must not hold, as files or as modules: TensorFlow and Keras, and the package's
# training-only code.
FORBIDDEN = re.compile(r"tensorflow|keras|tensorboard", re.IGNORECASE)
TRAINING = re.compile(rf"(^|[/\\]){NAME}[./\\]training\b")


def version() -> str:
    text = (ROOT / NAME / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE).group(1)


def machine() -> str:
    arch = platform.machine().lower()
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(arch, arch)


# ---------------------------------------------------------------------------------------------
# The frozen app: PyInstaller on packaging/digitpad.spec, then checks.


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> None:
    try:
        import PyInstaller
    except ImportError:
        raise SystemExit(
            "PyInstaller is missing: run this with .venv/bin/python (tools/dev.py test installs "
            "it there), or pip install -e '.[build]' into the Python that runs it"
        ) from None
    if PyInstaller.__version__ != PYINSTALLER_VERSION:
        print(
            f"warning: PyInstaller {PyInstaller.__version__}, the build is made for "
            f"{PYINSTALLER_VERSION}",
            file=sys.stderr,
        )
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    if clean:
        command.append("--clean")
    subprocess.run(command, check=True, cwd=ROOT)


def bundled_modules(executable: Path) -> list[str]:
    """The names in the executable's archive, Python modules included (PyInstaller's viewer)."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller.utils.cliutils.archive_viewer",
            "--recursive",
            "--brief",
            str(executable),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.strip() for line in out.splitlines() if line.startswith(" ")]


def check_bundle(bundle: Path, windows: bool = sys.platform == "win32") -> None:
    """Fail on a bundle with TensorFlow or digitpad.training in it, or without the model or
    LiteRT (windows: a Windows bundle, also when built on Linux under Wine)."""
    files = [p for p in bundle.rglob("*") if p.is_file() or p.is_symlink()]
    executable = bundle / (f"{NAME}.exe" if windows else NAME)
    names = [str(p.relative_to(bundle)) for p in files] + bundled_modules(executable)
    bad = [name for name in names if FORBIDDEN.search(name)]
    if bad:
        raise SystemExit(f"the bundle contains TensorFlow or Keras: {bad[:5]}")
    training = [name for name in names if TRAINING.search(name)]
    if training:
        raise SystemExit(f"the bundle contains training-only modules: {training[:5]}")
    assets = [p for p in files if p.parent.name == "assets" and p.parent.parent.name == NAME]
    asset_names = {p.name for p in assets}
    missing = {"model.tflite", "model.json", "icon.png"} - asset_names
    if missing or "model.keras" in asset_names:
        raise SystemExit(
            f"digitpad/assets in the bundle is wrong: missing {missing or '-'}, "
            f"has {sorted(asset_names)}"
        )
    if not any(p.parent.name == "samples" for p in files):
        raise SystemExit("the built-in samples are missing from the bundle")
    stems = {p.name.split(".")[0].removeprefix("lib") for p in files}
    for wanted in ("_pywrap_litert_interpreter_wrapper", "pywrap_litert_common"):
        if wanted not in stems:
            raise SystemExit(f"LiteRT's {wanted} library is missing from the bundle")
    if sys.platform.startswith("linux") and not windows:
        check_linux_libraries(bundle)


def check_linux_libraries(bundle: Path) -> None:
    """Every shared library the bundle ships must find the bundled libraries it needs."""
    missing: dict[str, set[str]] = {}
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file() or not (".so" in path.name or path.name == NAME):
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if "not found" in line:
                missing.setdefault(line.split()[0], set()).add(path.name)
    ours = {
        lib: users
        for lib, users in missing.items()
        if re.match(r"lib(Qt6|icu|pyside|shiboken|python|pywrap)", lib)
    }
    if ours:
        raise SystemExit(f"bundled libraries are missing: {ours}")
    for lib, users in sorted(missing.items()):  # system libraries, listed in Depends
        print(
            f"note: {lib} (for {', '.join(sorted(users)[:3])}) is not on this machine: "
            "a system library, left to the .deb's Depends",
            flush=True,
        )


# ---------------------------------------------------------------------------------------------
# Linux: .deb and .tar.gz

# System libraries the bundle loads but does not ship (PyInstaller leaves out the C library and
# the graphics stack; Qt's xcb and Wayland plugins need the rest, where the build machine lacks
# them). Package names as in Debian 12 and Ubuntu 22.04/24.04. The C library is added by
# build_deb(): at least the build machine's, as for any PyInstaller bundle.
DEB_DEPENDS = [
    "libstdc++6",
    "libgcc-s1",
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0t64 | libglib2.0-0",
    "libdbus-1-3",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-render0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libwayland-client0",
    "libwayland-cursor0",
    "zlib1g",
]
# No MimeType: where no default image viewer is set, the first app that names a type opens
# every file of it, and digitpad is no picture viewer (`digitpad FILE` and File ▸ Open read them).
DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=digitpad
GenericName=Digit recognizer
Comment={summary}
Exec=digitpad %f
Icon=digitpad
Terminal=false
Categories=Education;ArtificialIntelligence;
Keywords=digit;handwriting;neural network;MNIST;
StartupWMClass=digitpad
"""
COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: digitpad
Source: {homepage}
Comment: The app bundles Python, Qt and PySide6 (LGPL-3.0), NumPy, Pillow, platformdirs,
 filelock and LiteRT, each under its own licence:
 /opt/digitpad/_internal/licenses/NOTICE.md names each and where its text is.

Files: *
Copyright: {copyright}
License: MIT
{license}
"""


def debian_copyright() -> str:
    """/usr/share/doc/digitpad/copyright (machine-readable): LICENSE's notice and its text."""
    lines = (ROOT / "LICENSE").read_text(encoding="utf-8").strip().splitlines()
    notice = next(line for line in lines if line.startswith("Copyright"))
    body = lines[lines.index(notice) + 1 :]
    while not body[0].strip():
        body.pop(0)
    text = "\n".join(f" {line}" if line.strip() else " ." for line in body)
    return COPYRIGHT.format(
        homepage=HOMEPAGE, copyright=notice.removeprefix("Copyright (c) "), license=text
    )


def normalise_modes(root: Path) -> None:
    """Directories 755, executables and shared libraries 755, other files 644."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            executable = path.stat().st_mode & stat.S_IXUSR or ".so" in path.name
            path.chmod(0o755 if executable else 0o644)


def tree_files(path: Path) -> list[Path]:
    """Files and links under path, not following links (a macOS .app is full of them)."""
    return [
        Path(folder, name)
        for folder, folders, names in os.walk(path)
        for name in names + [f for f in folders if Path(folder, f).is_symlink()]
    ]


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in tree_files(path))


def libc6_dependency() -> str:
    name, glibc = platform.libc_ver()
    return f"libc6 (>= {glibc})" if name == "glibc" and glibc else "libc6"


def build_deb(bundle: Path, dist: Path, work: Path) -> Path:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    root = work / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(bundle, root / "opt" / NAME, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{NAME}.desktop").write_text(DESKTOP_ENTRY.format(summary=SUMMARY))
    icons = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copyfile(ASSETS / "icon.png", icons / f"{NAME}.png")
    doc = root / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(debian_copyright())
    normalise_modes(root)
    installed_kib = (tree_size(root) + 1023) // 1024
    control = root / "DEBIAN"
    control.mkdir()
    (control / "control").write_text(
        f"Package: {NAME}\nVersion: {version()}\nArchitecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\nInstalled-Size: {installed_kib}\n"
        f"Depends: {', '.join([libc6_dependency(), *DEB_DEPENDS])}\n"
        "Section: graphics\nPriority: optional\n"
        f"Homepage: {HOMEPAGE}\nDescription: {SUMMARY}\n"
        " Draw a digit with the mouse, a pen or a finger and watch a convolutional network\n"
        " read it as you draw. Also classifies image and ink files from the command line\n"
        " (digitpad predict) and checks itself (digitpad --self-test).\n"
    )
    normalise_modes(control)
    deb = dist / f"{NAME}_{version()}_{arch}.deb"
    # xz, not the zstd that Ubuntu's dpkg-deb picks: dpkg before 1.21.18 (Debian 11) can't read it.
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return deb


def build_tarball(bundle: Path, dist: Path) -> Path:
    top = f"{NAME}-{version()}"
    tarball = dist / f"{NAME}-{version()}-linux-{machine()}.tar.gz"

    def as_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(tarball, "w:gz", compresslevel=9) as tar:
        tar.add(bundle, arcname=top, filter=as_root)
    return tarball


# ---------------------------------------------------------------------------------------------
# Windows and macOS


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
            return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def makensis_command(makensis: str, bundle: Path, setup: Path) -> list[str]:
    """makensis on packaging/digitpad.nsi: the same on Windows and on Linux (build_windows.py)."""
    switch = "/" if sys.platform == "win32" else "-"  # makensis' own convention on each
    return [
        makensis,
        f"{switch}V2",
        f"{switch}DVERSION={version()}",
        f"{switch}DBUNDLE_DIR={bundle}",
        f"{switch}DOUTFILE={setup}",
        f"{switch}DICON={ASSETS / 'icon.ico'}",
        str(PACKAGING / f"{NAME}.nsi"),
    ]


def build_nsis(bundle: Path, dist: Path) -> Path:
    makensis = find_makensis()
    if not makensis:
        raise SystemExit("NSIS's makensis is missing (choco install nsis)")
    setup = dist / f"{NAME}-{version()}-windows-{machine()}-setup.exe"
    setup.unlink(missing_ok=True)
    subprocess.run(makensis_command(makensis, bundle, setup), check=True)
    return setup


def build_dmg(app: Path, dist: Path, work: Path) -> Path:
    staging = work / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    subprocess.run(["ditto", str(app), str(staging / app.name)], check=True)
    (staging / "Applications").symlink_to("/Applications")
    dmg = dist / f"{NAME}-{version()}-macos-{machine()}.dmg"
    dmg.unlink(missing_ok=True)
    subprocess.run(
        [
            "hdiutil",
            "create",
            "-volname",
            f"{NAME} {version()}",
            "-srcfolder",
            str(staging),
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            str(dmg),
        ],
        check=True,
    )
    return dmg


# ---------------------------------------------------------------------------------------------


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dist",
        type=Path,
        default=ROOT / "dist",
        help="where the bundle and the installers go (default dist/)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "installer",
        help="PyInstaller's work folder (default build/installer/)",
    )
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch")
    parser.add_argument(
        "--bundle-only", action="store_true", help="freeze the app, but build no installer"
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(
        f"building {NAME} {version()} for {sys.platform} {machine()} "
        f"(Python {platform.python_version()})",
        flush=True,
    )
    run_pyinstaller(dist, work, args.clean)
    bundle = dist / NAME
    check_bundle(bundle)
    frozen = time.perf_counter() - started
    print(f"froze the app into {bundle} in {frozen:.0f} s", flush=True)

    downloads: list[tuple[Path, float]] = []
    installed = dist / f"{NAME}.app" if sys.platform == "darwin" else bundle

    def wrap(build, *build_args) -> None:
        step = time.perf_counter()
        downloads.append((build(*build_args), time.perf_counter() - step))

    if not args.bundle_only:
        if sys.platform.startswith("linux"):
            if shutil.which("dpkg-deb"):
                wrap(build_deb, bundle, dist, work)
            else:
                print("dpkg-deb is missing: no .deb built", file=sys.stderr)
            wrap(build_tarball, bundle, dist)
        elif sys.platform == "win32":
            wrap(build_nsis, bundle, dist)
        elif sys.platform == "darwin":
            wrap(build_dmg, installed, dist, work)
        else:
            print(f"no installer format for {sys.platform}; the bundle is in {bundle}")

    print(
        f"\n{NAME} {version()} built in {time.perf_counter() - started:.0f} s "
        f"(PyInstaller {frozen:.0f} s)"
    )
    for path, seconds in downloads:
        print(f"  package      {path}  {megabytes(path.stat().st_size)}  ({seconds:.0f} s)")
    print(
        f"  frozen app   {installed}  {megabytes(tree_size(installed))} "
        f"in {len(tree_files(installed))} files (what a package installs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
