"""Drive the real window with a very fast pen, in a process of its own; print what it measured.

    python tests/fast_pen.py scribble|strokes

tests/test_load.py runs it, and tools/benchmark.py for how long each event waited. A fresh
process holds only the app's own objects and memory, as the app's process does, and not what
the test run has built up before (a full garbage collection of pytest's many objects would
hold events up).
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import LEFT, move, wait_until
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from digitpad.gui.window import MainWindow


def drive(
    window: MainWindow, points: list[tuple[int, int]], stroke_every: int | None
) -> list[float]:
    """Send mouse events as fast as Qt takes them; return how long each one took (ms)."""
    canvas = window.canvas
    waits = []
    QTest.mousePress(canvas, LEFT, pos=QPoint(*points[0]))
    for i, (x, y) in enumerate(points[1:], 1):
        started = time.perf_counter()
        if stroke_every and i % stroke_every == 0:
            QTest.mouseRelease(canvas, LEFT, pos=QPoint(x, y))
            QTest.mousePress(canvas, LEFT, pos=QPoint(x, y))
        else:
            move(canvas, QPoint(x, y))
        if i % 20 == 0:
            QApplication.processEvents()  # timers, repaints and results get their turn
        waits.append(1000 * (time.perf_counter() - started))
    QTest.mouseRelease(canvas, LEFT, pos=QPoint(*points[-1]))
    return waits


def scribble() -> list[tuple[int, int]]:
    """One long stroke of 30,000 moves: spirals over the whole canvas."""
    return [
        (
            int(300 + 250 * math.cos(t / 40) * abs(math.sin(t / 977))),
            int(250 + 200 * math.sin(t / 40) * abs(math.sin(t / 977))),
        )
        for t in range(30_000)
    ]


def scattered() -> list[tuple[int, int]]:
    """12,000 points all over the canvas, to be cut into 400 strokes."""
    import numpy as np

    rng = np.random.default_rng(0)
    return [(int(x), int(y)) for x, y in rng.uniform([20, 20], [580, 440], size=(12_000, 2))]


def main(kind: str) -> dict:
    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(820, 540)
    window.show()
    loaded = []
    window.modelLoaded.connect(loaded.append)
    QTimer.singleShot(0, window.start_model)
    if not wait_until(lambda: loaded, 30) or not loaded[0]:
        raise SystemExit("the model did not load")
    readings = []
    window.live.recognized.connect(readings.append)
    if kind == "scribble":
        waits = drive(window, scribble(), None)
        wait_until(lambda: not window.live._busy, 5)
    else:
        waits = drive(window, scattered(), 30)
        started = time.perf_counter()
        window.canvas.undo()
        waits.append(1000 * (time.perf_counter() - started))
        window.canvas.redo()
    ink = window.canvas.document.ink()
    result = {
        "waits_ms": waits,
        "readings": len(readings),
        "strokes": len(ink.strokes),
        "points": sum(map(len, ink.strokes)),
    }
    window.discard_changes()
    window.close()
    app.processEvents()
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
