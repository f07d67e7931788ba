"""Write the small built-in samples: real MNIST test digits and pen digits of unseen writers.

    python tools/make_samples.py --data ../shared/data

They ship in assets/samples/ for `digitpad --self-test` and the tests, a few dozen KB, and
assets/evaluation.npz is `digitpad evaluate`'s built-in set, about 1 MB.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digitpad.core.ink import ink_to_bytes
from digitpad.training import datasets, synth
from digitpad.training.datasets import add_data_argument, reading_data

PER_DIGIT = 2
EVALUATION_PER_DIGIT = 100  # of each kind, for `digitpad evaluate`


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser, "mnist/ and pendigits/")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "assets" / "samples",
        help="where the samples go (default: assets/samples)",
    )
    parser.add_argument(
        "--evaluation",
        type=Path,
        default=ROOT / "assets" / "evaluation.npz",
        help="where digitpad evaluate's built-in set goes (default: assets/evaluation.npz)",
    )
    args = parser.parse_args()
    # All the data is read before anything is written: damaged data leaves no half-made set.
    images = datasets.read_idx(args.data / "mnist" / datasets.MNIST_FILES["test_images"])
    labels = datasets.read_idx(args.data / "mnist" / datasets.MNIST_FILES["test_labels"])
    pen = datasets.read_pendigits(args.data / "pendigits" / "pendigits-orig.tra")

    args.out.mkdir(parents=True, exist_ok=True)
    for digit in range(10):
        for n, index in enumerate(np.flatnonzero(labels == digit)[:PER_DIGIT]):
            Image.fromarray(images[index]).save(args.out / f"mnist-{digit}-{n}.png", optimize=True)
    rng = np.random.default_rng(7)
    for digit in range(10):
        written = [d for d in pen if d.label == digit and d.writer in datasets.PEN_TEST_WRITERS]
        for n, sample in enumerate(written[:PER_DIGIT]):
            ink = synth.place_like_a_person(sample.strokes, rng)
            ink.pen_width = None  # as a plain ink file: the default pen for its canvas
            (args.out / f"pen-{digit}-{n}.json").write_bytes(ink_to_bytes(ink))
    print(f"wrote {len(list(args.out.iterdir()))} samples to {args.out}")
    write_evaluation_set(images, labels, pen, args.evaluation)


def write_evaluation_set(images, labels, pen, path: Path) -> None:
    """The built-in set of `digitpad evaluate`: pen digits of the test writers as ink, drawn on
    the default canvas as a person would, and MNIST test digits; about 1 MB."""
    rng = np.random.default_rng(2026)
    inks, pen_labels = [], []
    for digit in range(10):
        written = [d for d in pen if d.label == digit and d.writer in datasets.PEN_TEST_WRITERS]
        for index in rng.choice(len(written), EVALUATION_PER_DIGIT, replace=False):
            inks.append(synth.place_like_a_person(written[index].strokes, rng))
            pen_labels.append(digit)
    strokes = [np.round(np.asarray(s) * 10).astype(np.int16) for ink in inks for s in ink.strokes]
    per_sample = np.cumsum([0] + [len(ink.strokes) for ink in inks])
    chosen = np.concatenate(
        [
            np.flatnonzero(labels == d)[PER_DIGIT : PER_DIGIT + EVALUATION_PER_DIGIT]
            for d in range(10)
        ]
    )
    np.savez_compressed(
        path,
        pen_points=np.concatenate(strokes),
        pen_stroke_offsets=np.cumsum([0] + [len(s) for s in strokes]),
        pen_sample_offsets=per_sample,
        pen_labels=np.array(pen_labels, np.uint8),
        pen_canvas=np.array(synth.DEFAULT_CANVAS),
        mnist_images=images[chosen],
        mnist_labels=labels[chosen].astype(np.uint8),
    )
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    with reading_data():
        main()
