"""Draw a real pen-written digit into the running app with mouse events and save a screenshot.

    python tools/screenshot.py [--out docs/screenshot.png] [--sample assets/samples/pen-4-0.json]
                               [--dark] [--scale 2]

Works without a display (Qt's offscreen platform) or on a real one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--sample", type=Path, default=ROOT / "assets" / "samples" / "pen-4-0.json")
    parser.add_argument("--top-k", type=int, default=5)
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    parser.add_argument("--scale", type=float, default=1.0, help="screen scaling, e.g. 2")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from helpers import draw_ink, wait_until
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from digitpad.core.ink import read_ink
    from digitpad.gui.colours import apply_color_scheme, follow_color_scheme
    from digitpad.gui.window import MainWindow

    app = QApplication([])
    app.setOrganizationName("digitpad-screenshot")  # leaves the user's own settings alone
    follow_color_scheme(app)
    if args.dark:  # as if the desktop had switched: Qt's offscreen platform has no scheme
        apply_color_scheme(app, Qt.ColorScheme.Dark)
    window = MainWindow()
    window.restore_defaults()
    window.resize(900, 560)
    window.show()
    loaded = []
    window.modelLoaded.connect(loaded.append)
    window.start_model()
    wait_until(lambda: loaded, 30)
    window.top_k_box.setValue(args.top_k)
    shown = []
    window.readingShown.connect(lambda: shown.append(1))
    draw_ink(window.canvas, read_ink(args.sample).strokes)
    wait_until(lambda: shown and not window.live._busy, 5)
    app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out))
    print(f"saved {args.out}: the chart reads {window.chart.bars()[:1]}")
    window.discard_changes()
    window.close()


if __name__ == "__main__":
    main()
