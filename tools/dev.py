"""Set up a virtual environment, then start the app or run every check.

    python3 tools/dev.py app     # set up (first time) and start digitpad
    python3 tools/dev.py test    # set up (first time) and run ruff and the whole test suite,
                                 # then build the installers and test the installed apps
                                 # (Linux's, then Windows' under Wine)
    python3 tools/dev.py setup   # only set up .venv, with test's extras

Needs only Python 3.11+. The environment lives in .venv and is refreshed when
pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
EXTRAS = {"app": (), "test": ("test", "train", "build"), "setup": ("test", "train", "build")}
# What was installed last: pyproject.toml's hash, then the extras.
STAMP = VENV / ".digitpad-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment(extras: tuple[str, ...]) -> Path:
    python = venv_python()
    if not python.exists():
        print(f"creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    project = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    installed = STAMP.read_text().split() if STAMP.exists() else []
    # An environment set up with more extras (setup, test) serves the app as it is.
    if installed[:1] != [project] or not set(extras) <= set(installed[1:]):
        spec = f"[{','.join(extras)}]" if extras else ""
        print(f"installing digitpad{spec} and its packages into {VENV} (minutes)", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True
        )
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}{spec}"], check=True
        )
        STAMP.write_text(" ".join([project, *extras]))
    return python


def main() -> int:
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what in ("-h", "--help"):
        print(__doc__)
        return 0
    if what not in EXTRAS:
        named = f"{what} is not a command: " if what else ""
        print(f"dev.py: {named}use app, test or setup\n{__doc__}", file=sys.stderr)
        return 2
    python = ensure_environment(EXTRAS[what])
    if what == "setup":
        print(f"dev.py: {python} is ready")
        return 0
    if what == "app":
        return subprocess.call([str(python), "-m", "digitpad", *sys.argv[2:]])
    lint = subprocess.call([str(python), "-m", "ruff", "check", str(ROOT)], cwd=ROOT)
    lint |= subprocess.call([str(python), "-m", "ruff", "format", "--check", str(ROOT)], cwd=ROOT)
    tests = subprocess.call([str(python), "-m", "pytest", *sys.argv[2:]], cwd=ROOT)
    if sys.argv[2:]:  # a chosen subset: no installer build
        return lint or tests
    # The installer build takes minutes, so it runs once, after the fast suite.
    installer = subprocess.call(
        [str(python), "-m", "pytest", "-m", "installer", "tests/test_installer.py"], cwd=ROOT
    )
    # Then the Windows installer, built and tested under Wine (Linux only; skips elsewhere).
    windows = subprocess.call(
        [str(python), "-m", "pytest", "-m", "windows", "tests/test_windows_installer.py"], cwd=ROOT
    )
    return lint or tests or installer or windows


if __name__ == "__main__":
    sys.exit(main())
