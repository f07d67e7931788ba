"""Draw a real pen-written digit into the running app with mouse events and save a screenshot.

    python tools/screenshot.py [--out docs/screenshot.png] [--sample assets/samples/pen-4-0.json]

Works without a display (Qt's offscreen platform) or on a real one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--sample", type=Path,
                        default=ROOT / "assets" / "samples" / "pen-4-0.json")
    parser.add_argument("--top-k", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEventLoop, QPointF, Qt, QTimer
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from digitpad.ink import read_ink
    from digitpad.window import MainWindow

    app = QApplication([])
    window = MainWindow()
    window.resize(900, 560)
    window.show()
    wait = QEventLoop()
    window.modelLoaded.connect(wait.quit)
    window.start_model()
    wait.exec()
    window.top_k_box.setValue(args.top_k)

    # Replay the written strokes as mouse drags, scaled onto the canvas as a person would.
    ink = read_ink(args.sample)
    canvas = window.canvas
    scale = min(canvas.width() / ink.width, canvas.height() / ink.height)
    left = (canvas.width() - ink.width * scale) / 2
    top = (canvas.height() - ink.height * scale) / 2
    buttons = Qt.MouseButton.LeftButton
    for stroke in ink.strokes:
        points = [QPointF(left + x * scale, top + y * scale) for x, y in stroke]
        kinds = ([QMouseEvent.Type.MouseButtonPress]
                 + [QMouseEvent.Type.MouseMove] * (len(points) - 2)
                 + [QMouseEvent.Type.MouseButtonRelease])
        for kind, point in zip(kinds, points):
            held = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseButtonRelease \
                else buttons
            QApplication.sendEvent(canvas, QMouseEvent(kind, point, point, buttons, held,
                                                       Qt.KeyboardModifier.NoModifier))
            app.processEvents()
    wait = QEventLoop()
    window.readingShown.connect(wait.quit)
    QTimer.singleShot(3000, wait.quit)
    wait.exec()
    app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out))
    print(f"saved {args.out}: the chart reads {window.chart.bars()[:1]}")
    canvas.modified = False
    window.close()


if __name__ == "__main__":
    main()
