"""Experiment, not in the app: image digits cut as two overlapping windows that share ink.

    python docs/wip/window_cuts.py --numbers 300 [--windows [--doubt 0.5]]

Reads the first --numbers images of tools/make_numbers.py's calibration numbers (seed 0) as
`digitpad predict` does (digitpad.core.reader), and prints the share read with the right
number of digits. With --windows, a digit the network doubts (below DOUBT) is also offered
as every pair of windows across its ink, the left one ending at x_a and the right one starting
at x_b <= x_a (at most OVERLAP heights before it), on a grid of STEPS columns: the two sides
may share the ink where two digits' strokes cross, which no top-to-bottom cut of
components.image_cuts can separate. A window pair is taken when both read at least SURE.
Also prints how many numbers have neighbours whose ink crosses (rendered alone, their dark
pixels overlap), and how many of those and of the others get a wrong digit count.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import make_numbers  # noqa: E402

from digitpad.core import components, reader  # noqa: E402
from digitpad.core.preprocess import INK_LEVEL, _fit, ink_intensity  # noqa: E402
from digitpad.core.recognizer import Recognizer  # noqa: E402
from digitpad.core.render import export_image  # noqa: E402
from digitpad.core.resources import assets_dir  # noqa: E402
from digitpad.training.datasets import DATA_DIR  # noqa: E402

SURE = 0.95  # a window pair is taken when both sides read at least this surely
STEPS = 8  # window edges across the digit's ink
OVERLAP = 0.35  # the windows overlap by at most this share of the digit's height
TALL = 0.5  # each window's ink is at least this share of the digit's height


def window_pairs(crop, origin, scale):
    """(box, input, crop) pairs of overlapping windows across a digit's crop."""
    intensity = ink_intensity(crop)
    rows, cols = np.nonzero(intensity >= INK_LEVEL)
    if not len(rows):
        return []
    ink = np.column_stack([cols, rows])
    (c0, _), (c1, _) = ink.min(axis=0), ink.max(axis=0)
    height = np.ptp(rows) + 1
    pen = components._pen_width(intensity >= INK_LEVEL)
    edges = np.arange(c0 + pen, c1 - pen + 1, max(pen / 2, (c1 - c0 + 1) / STEPS))
    pairs = []
    for right_end in edges:
        for left_end in edges:
            if left_end > right_end or right_end - left_end > OVERLAP * height:
                continue
            sides = []
            for side in (ink[ink[:, 0] < right_end], ink[ink[:, 0] >= left_end]):
                if not len(side) or np.ptp(side[:, 1]) + 1 < TALL * height:
                    break
                x0, y0, x1, y1 = components._pixel_box(side)
                window = np.zeros((y1 - y0, x1 - x0), dtype=intensity.dtype)
                window[side[:, 1] - y0, side[:, 0] - x0] = intensity[side[:, 1], side[:, 0]]
                pixels = _fit(window)[0]
                if pixels is None:
                    break
                box = tuple(o + v / scale for o, v in zip(origin * 2, (x0, y0, x1, y1)))
                sides.append((box, pixels, components._on_paper(window, height)))
            else:
                pairs.append(tuple(sides))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=300, help="the first numbers of 1,000")
    parser.add_argument("--windows", action="store_true", help="offer window pairs too")
    parser.add_argument(
        "--doubt", type=float, default=0.5, help="to digits read less surely than this"
    )
    args = parser.parse_args()
    samples = make_numbers.pen_samples(DATA_DIR, "calibration")
    numbers = make_numbers.make_numbers(samples, 1000, 0)[: args.numbers]
    images = [export_image(n.ink) for n in numbers]
    windowed: set[tuple] = set()
    if args.windows:
        cuts, made_two = reader._two_digits, reader._made_two

        def two_digits(drawing, digit):
            pairs = cuts(drawing, digit)
            if reader._kind(drawing) == "image" and reader._sureness(digit) < args.doubt:
                extra = window_pairs(*reader._digit_crop(drawing, digit))
                windowed.update(a[0] + b[0] for a, b in extra)
                pairs += extra
            return pairs

        def judged(drawing, digit, two):
            if two[0].box + two[1].box in windowed:
                return min(map(reader._sureness, two)) >= SURE and made_two(drawing, digit, two)
            return made_two(drawing, digit, two)

        reader._two_digits, reader._made_two = two_digits, judged
    read = reader.read_drawings(Recognizer(assets_dir()), images)
    right = np.array(
        [r is not None and len(r.number) == len(n.text) for r, n in zip(read, numbers)]
    )
    print(f"{len(numbers)} numbers, right number of digits: {100 * right.mean():.2f}%")
    crossing = np.array([crosses(n, samples) for n in numbers])
    for name, these in (("crossing", crossing), ("apart", ~crossing)):
        print(f"neighbours' ink {name}: {these.sum()} numbers, {(~right[these]).sum()} wrong")


def crosses(number, samples) -> bool:
    """Whether two neighbouring digits of a number have dark pixels in common."""
    masks, first = [], 0
    for source in number.sources:
        count = len(samples[source].strokes)
        digit = number.ink.subset(list(range(first, first + count)))
        masks.append(np.asarray(export_image(digit)) < 128)
        first += count
    return any((a & b).any() for a, b in itertools.pairwise(masks))


if __name__ == "__main__":
    main()
