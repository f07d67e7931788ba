"""Draw real pen-written digits into the running app with mouse events and save a screenshot.

    python tools/screenshot.py [--out docs/screenshot.png] [--sample assets/samples/pen-4-0.json]
                               [--number 2026 [--seed 3] [--data ../shared/data]]
                               [--built-in 275] [--model FILE] [--select N]
                               [--size 900x560] [--dark] [--scale 2]

--number writes those digits as the first unseen (test) pen-digits writer who wrote each of
them wrote them (tools/make_numbers.py places them); --built-in writes the built-in samples'
pen digits (assets/samples/pen-D-0.json) side by side. --model reads with a model of yours
too, and --select shows the reading of the digit at that place (0 is the first). The window
reads with a scratch data folder and settings: the user's handwriting, kept drawings and
settings are left alone. Works without a display (Qt's offscreen platform) or on a real one.

README's pictures: `--number 2026 --seed 3`, and with `--dark --out docs/screenshot-dark.png`.
docs/your-model.md's: `--built-in 275 --model mnist.h5 --select 1 --size 1000x700
--out docs/your-model.png`, with the model of tools/tutorial_model.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

from digitpad.training.datasets import add_data_argument, reading_data

NUMBER_HEIGHT = 0.5  # a written number's height, as a share of the canvas's
NUMBER_AT = (40.0, 40.0)  # where its top left corner goes, in canvas pixels


def written_number(text: str, samples: list, canvas: tuple[float, float], seed: int = 0) -> list:
    """The strokes of text written by the first test writer (in make_numbers' order, samples
    from make_numbers.pen_samples) who wrote each of its digits, placed on a canvas of that
    (width, height) in canvas pixels."""
    import make_numbers

    wanted = {int(c) for c in text}
    writers: dict[str, dict[int, list]] = {}
    for sample in samples:
        writers.setdefault(sample.writer, {}).setdefault(sample.label, sample.strokes)
    writer = next(w for w, digits in writers.items() if wanted <= digits.keys())
    rng = np.random.default_rng(seed)  # the number's height, slant, baseline and gaps
    ink = make_numbers.number_ink([writers[writer][int(c)] for c in text], rng)
    scale = min(NUMBER_HEIGHT * canvas[1] / ink.height, 0.9 * canvas[0] / ink.width)
    return [
        [(NUMBER_AT[0] + x * scale, NUMBER_AT[1] + y * scale) for x, y in s] for s in ink.strokes
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "screenshot.png",
        help="the PNG to write (default: docs/screenshot.png)",
    )
    parser.add_argument(
        "--sample",
        type=Path,
        default=ROOT / "assets" / "samples" / "pen-4-0.json",
        help="an ink file to show (default: a built-in 4)",
    )
    parser.add_argument("--number", help="digits to write, e.g. 2026, instead of --sample")
    add_data_argument(parser, "pendigits/ and unipen/ (for --number)", always_read=False)
    parser.add_argument("--seed", type=int, default=0, help="how --number is placed")
    parser.add_argument("--built-in", help="digits to write with the built-in samples")
    parser.add_argument("--model", type=Path, help="read with your model too")
    parser.add_argument("--select", type=int, help="the digit whose reading is shown")
    parser.add_argument("--size", default="900x560", help="the window's size, WIDTHxHEIGHT")
    parser.add_argument("--top-k", type=int, default=5, help="bars in the chart")
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    parser.add_argument("--scale", type=float, default=1.0, help="screen scaling, e.g. 2")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    if args.number:  # read before the window starts, so that missing data ends it cleanly
        import make_numbers

        samples = make_numbers.pen_samples(args.data, "test")
    os.environ["DIGITPAD_DATA_DIR"] = tempfile.mkdtemp(prefix="digitpad-screenshot-")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="digitpad-screenshot-")  # Linux

    from helpers import draw_ink, number_ink, wait_until
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from digitpad.core.ink import read_ink
    from digitpad.gui.colours import apply_color_scheme, follow_color_scheme
    from digitpad.gui.window import MainWindow

    app = QApplication([])
    app.setOrganizationName("digitpad-screenshot")  # elsewhere: settings of its own
    follow_color_scheme(app)
    if args.dark:  # as if the desktop had switched: Qt's offscreen platform has no scheme
        apply_color_scheme(app, Qt.ColorScheme.Dark)
    window = MainWindow()
    window.restore_defaults()
    window.resize(*map(int, args.size.split("x")))
    window.show()
    loaded = []
    window.modelLoaded.connect(loaded.append)
    window.start_model()
    wait_until(lambda: loaded, 30)
    window.top_k_box.setValue(args.top_k)
    if args.model:
        opened = []
        window.live.theirsOpened.connect(lambda *found: opened.append(found))
        window.open_model(args.model)
        wait_until(lambda: opened, 120)
    shown = []
    window.readingShown.connect(lambda: shown.append(1))
    if args.number:
        page = window.canvas.document.page
        strokes = written_number(args.number, samples, (page.width, page.height), args.seed)
    elif args.built_in:
        strokes = number_ink([int(c) for c in args.built_in]).strokes
    else:
        strokes = read_ink(args.sample).strokes
    draw_ink(window.canvas, strokes)
    wait_until(lambda: shown and not window.live._busy, 5)
    if args.select is not None:
        window.select(args.select)
    app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out))
    print(f"saved {args.out}: read {window.reading.number if window.reading else 'nothing'}")
    window.discard_changes()
    window.close()


if __name__ == "__main__":
    with reading_data():
        main()
