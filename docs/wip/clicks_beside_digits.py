"""Single digits with a tap of the pen beside them: how many right, sure readings it costs.

    python docs/wip/clicks_beside_digits.py                 # the reader as it is
    python docs/wip/clicks_beside_digits.py DOT=-1 DOT=1    # dots joining digits, then not

1,000 of the calibration writers' digits (tools/make_numbers.py's, pendigits and UNIPEN),
each placed on the canvas as people draw (synth.place_like_a_person), get a one-point stroke
0.5, 1, 2 and 3 pen widths from their ink, in a random direction from a random point of it.
Counts the digits read right and sure alone that are no longer read so with the tap. Each
argument sets segment constants (NAME=VALUE,...), in turn. See segment.DOT.
"""

import sys
from pathlib import Path

import numpy as np

sys.path[:0] = ["tools", "."]
import make_numbers  # noqa: E402

from digitpad.core import segment  # noqa: E402
from digitpad.core.ink import Ink  # noqa: E402
from digitpad.core.reader import read_drawings  # noqa: E402
from digitpad.core.recognizer import Recognizer  # noqa: E402
from digitpad.training.synth import place_like_a_person  # noqa: E402

GAPS = (0.5, 1.0, 2.0, 3.0)  # pen widths between the tap's ink and the digit's


def tapped(ink: Ink, gap: float, rng: np.random.Generator) -> Ink:
    """The ink with a one-point stroke gap pen widths clear of its ink."""
    pen = ink.effective_pen_width()
    points = np.concatenate([segment._resample(np.asarray(s, float), 1.0) for s in ink.strokes])
    start = points[rng.integers(len(points))]
    angle = rng.uniform(0, 2 * np.pi)
    step = np.array([np.cos(angle), np.sin(angle)])
    for reach in np.arange(0.0, 2 * max(ink.width, ink.height), 1.0):
        tap = start + reach * step
        if np.hypot(*(points - tap).T).min() >= (gap + 1) * pen:
            break
    return Ink(ink.width, ink.height, [*ink.strokes, [tuple(tap)]], ink.pen_width, ink.widths)


def main() -> None:
    recognizer = Recognizer()
    rng = np.random.default_rng(5)
    samples = make_numbers.pen_samples(Path("../shared/data"), "calibration")
    chosen = rng.choice(len(samples), 1000, replace=False)
    inks = [place_like_a_person(samples[i].strokes, rng) for i in chosen]
    labels = [samples[i].label for i in chosen]
    taps = {gap: [tapped(ink, gap, rng) for ink in inks] for gap in GAPS}
    for setting in sys.argv[1:] or [""]:
        for pair in filter(None, setting.split(",")):
            name, value = pair.split("=")
            setattr(segment, name, float(value))

        def right(readings) -> list[bool]:
            return [
                r is not None and r.marked_number == str(label)
                for r, label in zip(readings, labels)
            ]

        alone = right(read_drawings(recognizer, inks))
        lost = []
        for gap in GAPS:
            with_tap = right(read_drawings(recognizer, taps[gap]))
            lost.append(sum(a and not b for a, b in zip(alone, with_tap)))
        print(
            f"{setting or 'as it is'}: {sum(alone)} of 1,000 right and sure alone; lost with a "
            + ", ".join(f"tap {gap} pens away: {n}" for gap, n in zip(GAPS, lost))
        )


if __name__ == "__main__":
    main()
