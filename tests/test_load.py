"""Under load: a very fast pen, a very busy drawing, and many recognitions in a row."""

import gc
import math
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from test_canvas import move

from digitpad.ink import read_ink

MAX_WAIT_S = 0.050


@pytest.fixture
def app_like_gc():
    """Keep the test run's own objects out of garbage collection during a load test.

    pytest, Hypothesis and the earlier tests leave about 100,000 tracked objects that the
    app's process does not have (it has about 27,000); a full collection scanning them took
    50-60 ms, which would be charged to the app. The window is made after this, so its own
    objects are collected as in the app.
    """
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


def drive(qtbot, window, points, stroke_every=None):
    """Send mouse events as fast as Qt takes them; return the longest single wait."""
    canvas = window.canvas
    longest = 0.0
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for i, (x, y) in enumerate(points[1:], 1):
        started = time.perf_counter()
        if stroke_every and i % stroke_every == 0:
            qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
            qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        else:
            move(canvas, QPoint(x, y))
        if i % 20 == 0:
            QApplication.processEvents()  # timers, repaints and results get their turn
        longest = max(longest, time.perf_counter() - started)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))
    return longest


def assert_keeps_up(qtbot, window, points, stroke_every=None) -> None:
    """No event may wait MAX_WAIT_S or longer, in one run or, after a stall, in a second.

    This host is a shared VM: now and then it stalls the process for tens of milliseconds,
    whatever it is doing (one event in one full test run here waited 52 ms; alone the test
    never passes 20 ms). An app that is too slow stalls every run, so a run with a stall is
    driven once more on a cleared canvas, and that run must have none.
    """
    first = drive(qtbot, window, points, stroke_every)
    if first < MAX_WAIT_S:
        return
    window.canvas.clear()
    second = drive(qtbot, window, points, stroke_every)
    assert second < MAX_WAIT_S, (f"an event waited {first * 1000:.1f} ms, and "
                                 f"{second * 1000:.1f} ms when driven again")


def test_tens_of_thousands_of_moves_with_live_recognition(app_like_gc, qtbot, window):
    readings = []
    show = window.chart.show_recognition
    window.chart.show_recognition = lambda result: (readings.append(result), show(result))
    # One long scribble of 30,000 moves: spirals over the whole canvas.
    points = [(int(300 + 250 * math.cos(t / 40) * abs(math.sin(t / 977))),
               int(250 + 200 * math.sin(t / 40) * abs(math.sin(t / 977))))
              for t in range(30_000)]
    assert_keeps_up(qtbot, window, points)
    qtbot.waitUntil(lambda: not window._busy, timeout=5000)
    assert len(readings) > 5  # the chart kept up while the pen moved
    assert window.canvas.ink().point_count > 20_000


def test_hundreds_of_strokes_on_one_drawing(app_like_gc, qtbot, window):
    rng = np.random.default_rng(0)
    points = [(int(x), int(y)) for x, y in rng.uniform([20, 20], [580, 440], size=(12_000, 2))]
    assert_keeps_up(qtbot, window, points, stroke_every=30)
    assert len(window.canvas.ink().strokes) >= 400
    took = []
    for _ in range(2):  # as above: a second try after a stall
        started = time.perf_counter()
        window.canvas.undo()
        took.append(time.perf_counter() - started)
        if took[-1] < MAX_WAIT_S:
            break
        window.canvas.redo()
    assert took[-1] < MAX_WAIT_S, f"undo took {', then '.join(f'{t * 1000:.1f}' for t in took)} ms"


def resident_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_memory_stays_flat_over_ten_thousand_recognitions(samples):
    from digitpad.worker import RecognitionWorker
    worker = RecognitionWorker()
    worker.load()
    inks = [read_ink(path) for path in sorted(samples.glob("pen-*.json"))]
    results = []  # only the latest: keeping all 11,000 would itself grow memory

    def keep_latest(request, result, pixels):
        results[:] = [request, result]
    worker.recognized.connect(keep_latest)
    for i in range(1000):  # warm-up: allocator pools and caches fill
        worker.recognize(i, inks[i % len(inks)])
    child = worker.child_pid()
    before = resident_mb(), resident_mb(child)
    for i in range(10_000):
        worker.recognize(i, inks[i % len(inks)])
    grown = resident_mb() - before[0], resident_mb(child) - before[1]
    worker.stop()
    assert results[0] == 9_999 and results[1] is not None
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
    from digitpad.worker import RecognitionWorker
    worker = RecognitionWorker()
    worker.load()
    try:
        maps = Path(f"/proc/{worker.child_pid()}/maps").read_text()
    finally:
        worker.stop()
    assert "litert" in maps.lower() or "tensorflow" in maps.lower()  # the model is loaded
    assert "Qt6Core" not in maps and "QtCore" not in maps
