"""Numbers in two lines written close: ink against its exported picture.

    python docs/wip/two_lines.py GAP [GAP ...] [NAME=VALUE ...]

Pairs the calibration writers' numbers of 2-4 digits (tools/make_numbers.py, seed 3: 200
pairs), the second drawn GAP digit heights below the first at the first's scale, and prints
for each GAP how many of the 200 drawings are read exactly, line by line, and how many in two
lines, as ink and as the app exports them (PNG). NAME=VALUE sets a constant of
digitpad.core.segment first (LINE_GAP=0.15).
"""

import sys
from pathlib import Path

import numpy as np

sys.path[:0] = ["tools", "."]
import make_numbers  # noqa: E402

from digitpad.core import reader, segment  # noqa: E402
from digitpad.core.ink import Ink  # noqa: E402
from digitpad.core.recognizer import Recognizer  # noqa: E402
from digitpad.core.render import export_image  # noqa: E402


def two_lines(upper: Ink, lower: Ink, gap: float) -> Ink:
    """lower's strokes below upper's, gap of upper's height apart, scaled to upper's height."""
    a, b = (np.concatenate([np.asarray(s) for s in ink.strokes]) for ink in (upper, lower))
    height = np.ptp(a[:, 1])
    scale = height / np.ptp(b[:, 1])
    shift = np.array([a[:, 0].min(), a[:, 1].max() + gap * height])
    below = [
        [tuple((np.asarray(p) - b.min(axis=0)) * scale + shift) for p in s] for s in lower.strokes
    ]
    strokes = upper.strokes + below
    every = np.concatenate([np.asarray(s) for s in strokes])
    return Ink(int(every[:, 0].max() + 20), int(every[:, 1].max() + 20), strokes, upper.pen_width)


def main() -> None:
    gaps = [float(a) for a in sys.argv[1:] if "=" not in a]
    for setting in (a for a in sys.argv[1:] if "=" in a):
        name, value = setting.split("=")
        setattr(segment, name, float(value))
    recognizer = Recognizer()
    samples = make_numbers.pen_samples(Path("../shared/data"), "calibration")
    numbers = make_numbers.make_numbers(samples, 400, 3, digits=(2, 4))
    pairs = list(zip(numbers[::2], numbers[1::2]))
    for gap in gaps:
        inks = [two_lines(a.ink, b.ink, gap) for a, b in pairs]
        truths = [[a.text, b.text] for a, b in pairs]
        for kind, drawings in (("ink", inks), ("picture", [export_image(i) for i in inks])):
            got = reader.read_drawings(recognizer, drawings)
            lines = [r.lines(r.number) if r else [] for r in got]
            exact = sum(found == truth for found, truth in zip(lines, truths))
            apart = sum(len(found) == 2 for found in lines)
            print(f"gap {gap}: {kind}: {exact} of {len(pairs)} exact, {apart} in two lines")


if __name__ == "__main__":
    main()
