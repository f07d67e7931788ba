"""Pictures' parts read as no digit, offered to the pair network: what the rule gains and costs.

    python docs/wip/rejected_pairs.py                          # the reader as it is
    python docs/wip/rejected_pairs.py REJECTED_PAIR_SURE=0.95,REJECTED_PAIR_DIGITS=0.5

Each argument sets reader or components constants (NAME=VALUE,...) and reads, as pictures,
the calibration writers' 1,000 numbers (tools/make_numbers.py, seeds 0 and 1) and 760 of their
single digits, then 600 scribbles, letters and shapes (synth.random_non_digit, seed 11):
alone, two side by side, and each beside a calibration writer's digit, counting the sure
digits read in them. Setting REJECTED_PAIR_HEIGHT to 10 leaves out the height rule. See
docs/decisions/pair-network.md.
"""

import sys
from pathlib import Path

import numpy as np

sys.path[:0] = ["tools", "."]
import make_numbers  # noqa: E402

from digitpad.core import components, reader  # noqa: E402
from digitpad.core.ink import Ink  # noqa: E402
from digitpad.core.recognizer import Recognizer  # noqa: E402
from digitpad.core.render import export_image  # noqa: E402
from digitpad.training import synth  # noqa: E402


def side_by_side(a: Ink, b: Ink, pen: float) -> Ink:
    """a, then b to its right, on a canvas twice as wide, drawn with a pen pen pixels wide."""
    moved = [[(x + a.width, y) for x, y in stroke] for stroke in b.strokes]
    return Ink(2 * a.width, a.height, a.strokes + moved, pen)


def main() -> None:
    recognizer = Recognizer()
    samples = make_numbers.pen_samples(Path("../shared/data"), "calibration")
    numbers = [n for seed in (0, 1) for n in make_numbers.make_numbers(samples, 500, seed)]
    pictures = [export_image(n.ink) for n in numbers]
    rng = np.random.default_rng(7)
    chosen = rng.choice(len(samples), 760, replace=False)
    singles = [export_image(synth.place_like_a_person(samples[i].strokes, rng)) for i in chosen]
    rng = np.random.default_rng(11)
    scribbles: dict[str, list] = {"alone": [], "two side by side": [], "beside a digit": []}
    for _ in range(600):
        _, a = synth.random_non_digit(rng)
        _, b = synth.random_non_digit(rng)
        digit = synth.place_like_a_person(samples[int(rng.integers(len(samples)))].strokes, rng)
        pen = a.effective_pen_width()
        scribbles["alone"].append(export_image(a))
        scribbles["two side by side"].append(export_image(side_by_side(a, b, pen)))
        scribbles["beside a digit"].append(export_image(side_by_side(digit, a, pen)))
    for setting in sys.argv[1:] or [""]:
        for pair in filter(None, setting.split(",")):
            name, value = pair.split("=")
            setattr(reader if hasattr(reader, name) else components, name, float(value))
        read = reader.read_drawings(recognizer, pictures)
        got = [r.number if r else "" for r in read]
        count = sum(len(g) == len(n.text) for g, n in zip(got, numbers))
        exact = sum(g == n.text for g, n in zip(got, numbers))
        split = sum(len(r.number) > 1 for r in reader.read_drawings(recognizer, singles) if r)
        sure = {
            kind: sum(
                not d.recognition.not_sure
                for r in reader.read_drawings(recognizer, drawings)
                if r
                for d in r.digits
            )
            for kind, drawings in scribbles.items()
        }
        print(
            f"{setting or 'as it is'}: right digit count {count} of 1000, exact {exact}, "
            f"single digits split {split} of 760; sure digits in scribbles: "
            + ", ".join(f"{k} {v}" for k, v in sure.items()),
            flush=True,
        )


if __name__ == "__main__":
    main()
