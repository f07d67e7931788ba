"""The calibration writers' digits read with the model's pen set by the ink's size.

    python docs/wip/pen_probe.py [MODEL]     # MODEL: a model folder (default assets)

Draws every pen digit of the calibration writers (pendigits 1, 14 and 26 and UNIPEN aga, app
and pri) three times as tools/evaluate.py draws them (seeds 100-102), then once each small,
large, thin and thick, and counts the misreads per way and per handwriting style: first with
each stroke's pen as drawn, then with it set to a share of the ink's size (a number) or clipped
to a band of shares (low, high), as model-pen.patch's render.model_pens does.
"""

import dataclasses
import sys
from collections import defaultdict

import numpy as np

sys.path[:0] = ["tools", "."]
import make_numbers  # noqa: E402
from evaluate import LARGE, SMALL, pen_ink, read_batch  # noqa: E402

from digitpad.core.ink import Ink  # noqa: E402
from digitpad.core.preprocess import model_input  # noqa: E402
from digitpad.core.recognizer import Recognizer  # noqa: E402
from digitpad.training import datasets  # noqa: E402

PENS = [
    None,
    0.05,
    0.06,
    0.07,
    (0.05, 0.09),
    (0.06, 0.10),
    (0.04, 0.10),
    (0.06, 0.08),
    (0.06, np.inf),
]


def with_pen(ink: Ink, pen: float | tuple[float, float] | None) -> Ink:
    """The ink with one pen: a share of its size, its own clipped to a band, or as drawn."""
    if pen is None:
        return ink
    points = np.concatenate([np.asarray(s, float).reshape(-1, 2) for s in ink.strokes if s])
    size = float(np.ptp(points, axis=0).max())
    if isinstance(pen, tuple):
        width = float(np.clip(ink.effective_pen_width(), pen[0] * size, pen[1] * size))
    else:
        width = pen * size
    return dataclasses.replace(ink, pen_width=max(1.0, width), widths=None)


def main() -> None:
    recognizer = Recognizer(sys.argv[1] if len(sys.argv) > 1 else "assets")
    samples = make_numbers.pen_samples("../shared/data", "calibration")
    styles = [datasets.handwriting_style(d) for d in samples]
    labels = np.array([d.label for d in samples])
    ways: dict[str, list[Ink]] = defaultdict(list)
    for seed in (100, 101, 102):
        rng = np.random.default_rng(seed)
        ways["as drawn"] += [pen_ink(d, rng) for d in samples]
    rng = np.random.default_rng(7)
    for name, options in (("small", {"size": SMALL}), ("large", {"size": LARGE})):
        ways[name] = [pen_ink(d, rng, height=rng.uniform(*options["size"])) for d in samples]
    ways["thin"] = [pen_ink(d, rng, pen=0.5) for d in samples]
    ways["thick"] = [pen_ink(d, rng, pen=2.0) for d in samples]
    for pen in PENS:
        errors: dict[str, int] = defaultdict(int)
        for way, inks in ways.items():
            read = read_batch(recognizer, [model_input(with_pen(i, pen)) for i in inks])[0]
            wrong = read != np.tile(labels, len(inks) // len(labels))
            for index in np.flatnonzero(wrong):
                sample = index % len(samples)
                source = "unipen" if samples[sample].writer.startswith("unipen/") else "pen"
                errors[f"{source} {way}"] += 1
                if way == "as drawn" and styles[sample]:
                    errors[styles[sample]] += 1
        total = sum(v for k, v in errors.items() if k.startswith(("pen ", "unipen ")))
        counts = ", ".join(f"{k} {v}" for k, v in sorted(errors.items()))
        print(f"pen {pen}: {total} misread; {counts}")


if __name__ == "__main__":
    main()
