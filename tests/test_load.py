"""Under load: a very fast pen, a very busy drawing, and many recognitions in a row."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from digitpad.core.ink import read_ink


def fast_pen(kind: str) -> dict:
    """Run tests/fast_pen.py: the window, driven in a process of its own like the app's.
    How long its events waited is measured by tools/benchmark.py, not here."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("fast_pen.py")), kind],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_tens_of_thousands_of_moves_with_live_recognition():
    run = fast_pen("scribble")
    assert run["points"] > 20_000
    # The chart kept up while the pen moved, with only the newest drawing read each time.
    assert 5 < run["readings"] < run["points"] / 20


def test_hundreds_of_strokes_on_one_drawing():
    run = fast_pen("strokes")  # undone and redone at the end
    assert run["strokes"] >= 400


def resident_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_memory_stays_flat_over_ten_thousand_recognitions(samples):
    from digitpad.gui.worker import ProcessWorker

    worker = ProcessWorker(None)
    worker.load()
    inks = [read_ink(path) for path in sorted(samples.glob("pen-*.json"))]
    results = []  # only the latest: keeping all 11,000 would itself grow memory

    def keep_latest(reading):
        results[:] = [reading]

    worker.recognized.connect(keep_latest)
    for i in range(1000):  # warm-up: allocator pools and caches fill
        worker.recognize(inks[i % len(inks)])
    child = worker.child_pid()
    before = resident_mb(), resident_mb(child)
    for i in range(10_000):
        worker.recognize(inks[i % len(inks)])
    grown = resident_mb() - before[0], resident_mb(child) - before[1]
    worker.stop()
    assert results and results[0] is not None
    assert max(grown) < 5, f"memory grew by {grown} MB (window, recognition process)"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_qt_binding_keeps_its_references_to_none_and_bools(qtbot):
    """A binding that drops a reference per call crashes long sessions (PySide6 6.12.0 did)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter, QPixmap

    pixmap = QPixmap(20, 20)
    painter = QPainter(pixmap)
    counts = (sys.getrefcount(None), sys.getrefcount(True) + sys.getrefcount(False))
    for _ in range(1000):
        painter.drawLine(QPointF(1, 1), QPointF(5, 5))
        painter.isActive()
    painter.end()
    after = (sys.getrefcount(None), sys.getrefcount(True) + sys.getrefcount(False))
    assert abs(after[0] - counts[0]) < 50 and abs(after[1] - counts[1]) < 50


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc (Linux)")
def test_recognition_process_loads_no_qt(qtbot):
    """The child runs Qt-free code only: no Qt libraries means less memory and a faster start."""
    from digitpad.gui.worker import ProcessWorker

    worker = ProcessWorker(None)
    worker.load()
    try:
        maps = Path(f"/proc/{worker.child_pid()}/maps").read_text()
    finally:
        worker.stop()
    assert "litert" in maps.lower() or "tensorflow" in maps.lower()  # the model is loaded
    assert "Qt6Core" not in maps and "QtCore" not in maps
