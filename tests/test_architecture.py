"""The layout's promises: core needs no Qt and no training code; the GUI needs no training."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES

PACKAGE = ROOT / "digitpad"
FORBIDDEN = {
    "core": ("PySide6", "digitpad.gui", "digitpad.training"),
    "gui": ("digitpad.training", "tensorflow", "keras"),
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file of this checkout imports (see modules_in)."""
    return modules_in(
        path.read_text(encoding="utf-8"), ".".join(path.relative_to(ROOT).parent.parts)
    )


def modules_in(source: str, package: str) -> set[str]:
    """Every module that source, a module of package, imports, at any depth (function-level
    imports included), by its full name: `from digitpad.core import service` and, in core,
    `from . import service` both name digitpad.core and digitpad.core.service."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the file's package, one level up per extra dot
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names if is_module(f"{base}.{a.name}"))
    return names


def is_module(name: str) -> bool:
    """Whether name is a module or package of this checkout."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_imports_are_named_in_full():
    source = "from digitpad import gui\nfrom . import batch\nfrom .ink import Ink\n"
    found = modules_in(source, "digitpad.core")
    assert {"digitpad.gui", "digitpad.core.batch", "digitpad.core.ink"} <= found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_packages_import_only_what_their_layer_allows(package):
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((PACKAGE / package).glob("*.py"))
        for name in imported_modules(path)
        if name.startswith(FORBIDDEN[package])
    ]
    assert not offences


def test_no_import_cycles_between_modules():
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[module] = {n for n in imported_modules(path) if n.startswith("digitpad.")}
    visiting, done = set(), set()

    def visit(module, trail):
        if module in visiting:
            raise AssertionError("import cycle: " + " -> ".join([*trail, module]))
        if module in done or module not in graph:
            return
        visiting.add(module)
        for name in graph[module]:
            visit(name, [*trail, module])
        visiting.discard(module)
        done.add(module)

    for module in graph:
        visit(module, [])


def test_core_reads_a_drawing_with_pyside6_made_unimportable():
    script = f"""
import sys
sys.modules["PySide6"] = None  # any import of PySide6 now raises ImportError
from digitpad.core.batch import read_files
from digitpad.core.recognizer import Recognizer
[reading] = read_files(Recognizer(), [{str(SAMPLES / "pen-7-0.json")!r}])
print(reading.recognition.ranked[0][0])
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "7"


def test_the_window_is_built_before_numpy_pillow_and_multiprocessing_are_imported():
    # What the first frame waits for (docs/decisions/startup.md): Qt and the window, not the
    # numeric stack, which the model and the first opened file bring after it.
    script = """
import sys
from PySide6.QtWidgets import QApplication
import digitpad.cli, digitpad.gui.app
from digitpad.gui.window import MainWindow
app = QApplication([])
window = MainWindow()
window.discard_changes()
heavy = ("numpy", "PIL", "multiprocessing", "concurrent.futures.process", "ai_edge_litert")
print(" ".join(name for name in heavy if name in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
