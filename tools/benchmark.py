"""Measure digitpad's speed on this machine: start-up, per-drawing latency, predict throughput.

    xvfb-run -a .venv/bin/python tools/benchmark.py [--runs 15] [--drawings 2000] [--files 2000]

Reports medians and 99th percentiles. Start-up is measured from launching a fresh process to
the window's first frame painted and to the model ready, next to a bare PySide6 window, a
window with one QPainter-drawn widget and one with words (a menu bar, a label and a status
bar), launched and timed the same way: on an X display when there is one (xvfb-run gives one)
and on Qt's offscreen platform. The figures replace docs/benchmark.json, from which
tools/report.py writes docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digitpad.core.ink import ink_to_bytes
from digitpad.core.preprocess import model_input
from digitpad.core.recognizer import Recognizer
from digitpad.core.render import render_for_model
from digitpad.training import datasets, synth
from digitpad.training.datasets import add_data_argument, reading_data

# Timed like digitpad itself (digitpad.gui.app.FirstFrameWatcher): just after the first frame.
REFERENCE_WINDOW = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstFrame(QObject):
    painted = False
    def eventFilter(self, watched, event):
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            QTimer.singleShot(0, lambda: (print(f"window_shown {time.time():.4f}", flush=True),
                                          app.quit()))
        return False

app = QApplication([])
window = QMainWindow()
#CONTENT
window.resize(820, 540)
reporter = FirstFrame(window)
window.installEventFilter(reporter)
window.show()
app.exec()
"""
BARE_WINDOW = REFERENCE_WINDOW.replace("#CONTENT", "")
# A window with one widget filled by QPainter: what any painted widget adds to a bare window.
PAINTED_WINDOW = REFERENCE_WINDOW.replace(
    "#CONTENT",
    """
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

class Sheet(QWidget):
    def paintEvent(self, event):
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.end()

window.setCentralWidget(Sheet())
""",
)
# What any window with words pays: Qt's namespace (its Python enums are made on first use),
# fonts found and text laid out, in a menu bar, a label and a status bar.
TEXT_WINDOW = REFERENCE_WINDOW.replace(
    "#CONTENT",
    """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

window.menuBar().addMenu("&File").addAction("&Open…")
window.menuBar().addMenu("&Help")
label = QLabel("Draw a digit")
label.setAlignment(Qt.AlignmentFlag.AlignCenter)
window.setCentralWidget(label)
window.statusBar().showMessage("Ready")
""",
)


def launch(command: list[str], env: dict) -> dict[str, float]:
    started = time.time()
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60).stdout
    times = {}
    for line in out.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] in ("window_shown", "model_ready"):
            times[words[0]] = float(words[1]) - started
    return times


def predict_rate(inks: list, count: int, env: dict) -> float:
    """Files per second of one `digitpad predict --json` run over count ink files."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(count):
            path = Path(folder) / f"{i:05}.json"
            path.write_bytes(ink_to_bytes(inks[i % len(inks)]))
            paths.append(str(path))
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "digitpad", "predict", "--json", *paths],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        seconds = time.perf_counter() - started
    assert done.returncode == 0 and len(done.stdout.splitlines()) == count
    return count / seconds


def fast_pen(kind: str, env: dict[str, str]) -> dict:
    """tests/fast_pen.py's figures: the window driven by a very fast pen, in its own process."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fast_pen.py"), kind],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout.splitlines()[-1])


def stats(values) -> str:
    values = np.asarray(values)
    return f"{np.median(values):.3f} (p99 {np.percentile(values, 99):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="The figures replace docs/benchmark.json (tools/report.py shows them).",
    )
    parser.add_argument("--runs", type=int, default=15, help="launches of each window timed")
    parser.add_argument(
        "--drawings", type=int, default=2000, help="pen-drawn digits read one at a time"
    )
    parser.add_argument(
        "--files", type=int, default=2000, help="ink files for predict (and five times as many)"
    )
    add_data_argument(parser, "pendigits/")
    args = parser.parse_args()
    # Bytecode is written as an installed app has it (pip and PyInstaller compile it).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # The log goes where the app puts it (platformdirs), in a scratch state folder on Linux;
    # scratch settings and data too: the user's handwriting and kept drawings are left alone.
    env.update(
        DIGITPAD_STARTUP_REPORT="1",
        XDG_STATE_HOME=tempfile.mkdtemp(),
        XDG_CONFIG_HOME=tempfile.mkdtemp(),
        DIGITPAD_DATA_DIR=tempfile.mkdtemp(),
    )
    env.pop("DIGITPAD_LOG_DIR", None)
    rows: list[tuple[str, str]] = []

    # On a real display (an X server, e.g. under xvfb-run) and on Qt's offscreen platform.
    platforms = (["xcb"] if os.environ.get("DISPLAY") else []) + ["offscreen"]
    for qpa in platforms:
        env["QT_QPA_PLATFORM"] = qpa
        bare, painted, text, shown, ready = [], [], [], [], []
        for run in range(args.runs + 1):  # interleaved, so all see the same machine load
            bare_times = launch([sys.executable, "-c", BARE_WINDOW], env)
            painted_times = launch([sys.executable, "-c", PAINTED_WINDOW], env)
            text_times = launch([sys.executable, "-c", TEXT_WINDOW], env)
            times = launch([sys.executable, "-m", "digitpad"], env)
            if run == 0:
                continue  # a warm-up: bytecode written, files in the disk cache
            bare.append(bare_times["window_shown"])
            painted.append(painted_times["window_shown"])
            text.append(text_times["window_shown"])
            shown.append(times["window_shown"])
            ready.append(times["model_ready"])
        rows += [
            (f"[{qpa}] bare PySide6 window, first frame after launch (s)", stats(bare)),
            (f"[{qpa}] window with one QPainter-drawn widget (s)", stats(painted)),
            (
                f"[{qpa}]   its ratio to the bare window (medians)",
                f"{np.median(painted) / np.median(bare):.2f}",
            ),
            (f"[{qpa}] window with words: a menu bar, a label, a status bar (s)", stats(text)),
            (
                f"[{qpa}]   the window with words, times the bare window (medians)",
                f"{np.median(text) / np.median(bare):.2f}",
            ),
            (f"[{qpa}] digitpad window, first frame after launch (s)", stats(shown)),
            (
                f"[{qpa}]   ratio to the bare window (medians)",
                f"{np.median(shown) / np.median(bare):.2f}",
            ),
            (f"[{qpa}] digitpad model ready after launch (s)", stats(ready)),
        ]
    app_peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    # The window under a pen faster than any hand (tests/fast_pen.py): how long each mouse
    # event waited, live recognition running beside it.
    for kind, what in (("scribble", "30,000 moves in one stroke"), ("strokes", "400 strokes")):
        run = fast_pen(kind, env)
        rows += [
            (f"window under a fast pen, {what}: each event's wait (ms)", stats(run["waits_ms"])),
            (
                f"window under a fast pen, {what}: the longest wait (ms)",
                f"{max(run['waits_ms']):.1f}",
            ),
        ]

    # Per-drawing latency on real pen-drawn digits placed on the default canvas.
    rng = np.random.default_rng(0)
    pen = datasets.read_pendigits(args.data / "pendigits" / "pendigits-orig.tra")
    inks = [synth.place_like_a_person(pen[i % len(pen)].strokes, rng) for i in range(args.drawings)]
    recognizer = Recognizer()
    recognizer.recognize(np.zeros((28, 28), np.float32))  # warm up the interpreter
    render_ms, preprocess_ms, inference_ms, total_ms = [], [], [], []
    for ink in inks:
        t0 = time.perf_counter()
        render_for_model(ink)
        t1 = time.perf_counter()
        x = model_input(ink)  # renders again, then preprocesses, as the app does
        t2 = time.perf_counter()
        recognizer.recognize(x)
        t3 = time.perf_counter()
        render_ms.append((t1 - t0) * 1e3)
        preprocess_ms.append((t2 - t1) * 1e3)
        inference_ms.append((t3 - t2) * 1e3)
        total_ms.append((t3 - t1) * 1e3)
    rows += [
        ("render ink for the model (ms)", stats(render_ms)),
        ("render and preprocess to 28x28 (ms)", stats(preprocess_ms)),
        ("inference, LiteRT, one thread (ms)", stats(inference_ms)),
        ("one recognition, ink to probabilities (ms)", stats(total_ms)),
    ]

    # `digitpad predict` on folders of ink files, start-up included: a larger folder shows
    # the rate once the processes are up.
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    for count in (args.files, 5 * args.files):
        rows.append(
            (
                f"digitpad predict, {count} ink files (files/s, start-up included)",
                f"{predict_rate(inks, count, env):.0f}",
            )
        )
    predict_peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    rows += [
        ("peak memory, app start-up to model ready (MB)", f"{app_peak_kb / 1024:.0f}"),
        ("peak memory, predict (MB)", f"{predict_peak_kb / 1024:.0f}"),
    ]

    machine = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.processor() or 'cpu'}"
    )
    date = time.strftime("%Y-%m-%d")
    print(f"digitpad benchmark on {machine}, {date}\n\n| measure | median (p99) |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    (ROOT / "docs").mkdir(exist_ok=True)
    figures = {"machine": machine, "date": date, **dict(rows)}  # report.py shows both first
    (ROOT / "docs" / "benchmark.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    with reading_data():
        main()
