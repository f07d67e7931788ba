"""Shared by the tests and tools/screenshot.py: real mouse events, the window, coordinates."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEventLoop, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton

from digitpad.core.ink import Ink, read_ink
from digitpad.training.datasets import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "assets" / "samples"
# The data sets (../shared/data/README.md, or DIGITPAD_SHARED_DATA) for the tests that train.
SHARED_DATA = DATA_DIR
LEFT = Qt.MouseButton.LeftButton


def move(widget, point: QPoint | QPointF) -> None:
    """A real mouse-move event with the left button held (QTest cannot hold buttons on move)."""
    point = QPointF(point)
    event = QMouseEvent(
        QMouseEvent.Type.MouseMove,
        point,
        widget.mapToGlobal(point),
        Qt.MouseButton.NoButton,
        LEFT,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def draw(widget, points: list[tuple[float, float]]) -> None:
    """One stroke through points in widget pixels: press, moves, release."""
    QTest.mousePress(widget, LEFT, pos=QPoint(*map(round, points[0])))
    for point in points[1:]:
        move(widget, QPointF(*point))
    QTest.mouseRelease(widget, LEFT, pos=QPoint(*map(round, points[-1])))


def draw_ink(canvas, strokes: list[list[tuple[float, float]]]) -> None:
    """Draw strokes given in canvas pixels (an ink file's coordinates) with the mouse."""
    for stroke in strokes:
        widget_points = [canvas.to_widget(p) for p in stroke]
        draw(canvas, [(p.x(), p.y()) for p in widget_points])
        QApplication.processEvents()


def make_window(qtbot):
    """The main window, shown (offscreen in tests); closed after the test without asking."""
    from digitpad.gui.window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window, before_close_func=lambda w: w.discard_changes())
    window.show()
    qtbot.waitExposed(window)
    return window


def wait_until(condition, timeout_s: float) -> bool:
    """Process Qt events until condition() holds or the time is up; its last value."""
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return condition()


def sample_label(path: Path) -> int:
    """The digit a built-in sample shows, from its name (pen-7-0.json is a 7)."""
    return int(path.name.split("-")[1])


def on_screen(widget):
    """What the screen shows of a top-level widget now (a QImage), not a fresh repaint."""
    return widget.screen().grabWindow(widget.winId()).toImage()


def number_digits(view) -> list[tuple[QToolButton, QRect]]:
    """The digits a NumberView shows (a replaced line's go at the next deferred delete), top
    line first, left to right, each with its place in the view's coordinates."""
    shown = [b for b in view.findChildren(QToolButton) if b.isVisibleTo(view)]
    placed = [(b, QRect(b.mapTo(view, QPoint(0, 0)), b.size())) for b in shown]
    return sorted(placed, key=lambda item: (item[1].top(), item[1].left()))


def number_ink(labels: list[int], gap: float = 30.0) -> Ink:
    """Pen-written digits of the built-in samples side by side, each 100 px tall, gap pixels
    between their boxes (less than 0: they overlap)."""
    strokes, x = [], 20.0
    for label in labels:
        ink = read_ink(SAMPLES / f"pen-{label}-0.json")
        points = np.concatenate([np.asarray(s) for s in ink.strokes])
        low, high = points.min(axis=0), points.max(axis=0)
        scale = 100 / (high[1] - low[1])
        strokes += [
            [((px - low[0]) * scale + x, (py - low[1]) * scale + 100) for px, py in stroke]
            for stroke in ink.strokes
        ]
        x += (high[0] - low[0]) * scale + gap
    return Ink(int(x) + 20, 300, strokes)


def self_test_from_source(log_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m digitpad --self-test` from this checkout on Qt's offscreen platform, its log
    in log_dir."""
    return subprocess.run(
        [sys.executable, "-m", "digitpad", "--self-test"],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", DIGITPAD_LOG_DIR=str(log_dir)),
        cwd=ROOT,
        timeout=timeout,
    )


def unblock_readers(pipe: Path, seconds: float = 5.0) -> None:
    """Should code under test read the named pipe after all, end its wait: a writer opens
    the pipe once it has a reader (within seconds, in a thread of its own) and closes it."""

    def open_and_close() -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
                return
            except OSError:  # no reader yet
                time.sleep(0.05)

    threading.Thread(target=open_and_close, daemon=True).start()
