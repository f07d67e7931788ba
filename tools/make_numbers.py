"""Generate handwritten numbers of 2-8 digits from pen trajectories of writers never trained on.

    python tools/make_numbers.py --data ../shared/data --out /tmp/numbers --count 1000

Each number is written by one writer: that writer's own digits, scaled to a common height with
some jitter, set on a slightly slanted, slightly wavy baseline, with gaps between neighbours
from a slight overlap to wide. The folder gets one ink file (`NNNN.json`), one rendered image
(`NNNN.png`, the whole canvas, black on white) per number and `labels.csv` (`file,number`).

Writers (tools/train.py trains on MNIST and the pendigits writers outside PEN_TEST_WRITERS and
PEN_CALIBRATION_WRITERS; no UNIPEN writer is trained on):

- test: pendigits' PEN_TEST_WRITERS and the UNIPEN sources outside UNIPEN_CALIBRATION_SOURCES;
  the figures in tools/evaluate.py come from these.
- calibration: pendigits' PEN_CALIBRATION_WRITERS and UNIPEN_CALIBRATION_SOURCES; the only
  writers that digitpad/core/segment.py and components.py were tuned on.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digitpad.core.ink import Ink, Stroke, ink_to_bytes
from digitpad.core.render import export_image
from digitpad.training import datasets
from digitpad.training.datasets import add_data_argument, reading_data

SPLITS = ("test", "calibration")
MIN_WRITER_DIGITS = 10  # writers with fewer digits than this write no numbers

# Layout of a number, in units of its common digit height unless said otherwise.
HEIGHT_PX = (70.0, 130.0)  # the common digit height, canvas pixels
HEIGHT_JITTER = 0.08  # each digit's height varies by up to this share around it
PEN = (0.05, 0.10)  # pen diameter
GAP = (-0.08, 0.60)  # box gap between neighbours; negative: their boxes overlap
MAX_OVERLAP = 0.25  # an overlap covers at most this share of the narrower digit's width
SLANT_DEGREES = 5.0  # the baseline's slope, up to this many degrees either way
WAVE = (0.0, 0.08)  # amplitude of the baseline's wave
WAVELENGTH = (3.0, 8.0)  # its wavelength
BASELINE_JITTER = 0.03  # each digit sits this much (standard deviation) off the baseline
MARGIN = 0.5  # free canvas around the number


PenSample = datasets.PenDigit  # the writer named as "pendigits/12" or "unipen/source/writer"


@dataclass
class NumberSample:
    """One generated number: its file stem, its digits, its writer and its ink."""

    name: str
    text: str
    writer: str
    ink: Ink
    sources: list[int]  # index into the pen samples of each digit, left to right


def pen_samples(data: str | Path, split: str) -> list[PenSample]:
    """The digits of the split's writers (see the module docstring), pendigits first."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    data = Path(data)
    pen_writers = datasets.PEN_TEST_WRITERS if split == "test" else datasets.PEN_CALIBRATION_WRITERS
    samples = [
        PenSample(d.label, f"pendigits/{d.writer}", d.strokes)
        for d in datasets.read_pendigits(data / "pendigits" / "pendigits-orig.tra")
        if d.writer in pen_writers
    ]
    for sample in datasets.read_unipen(data / "unipen" / "unipen_1a_dev.npz"):
        calibration = datasets.unipen_source(sample.writer) in datasets.UNIPEN_CALIBRATION_SOURCES
        if calibration == (split == "calibration"):
            samples.append(sample)
    return samples


def number_ink(
    digits: list[list[Stroke]], rng: np.random.Generator, gap: tuple[float, float] = GAP
) -> Ink:
    """Write the digits' strokes left to right as one number on a canvas that fits it, gap
    (in digit heights) between neighbours' boxes."""
    height = rng.uniform(*HEIGHT_PX)
    slope = math.tan(math.radians(rng.uniform(-SLANT_DEGREES, SLANT_DEGREES)))
    amplitude = height * rng.uniform(*WAVE)
    wavelength = height * rng.uniform(*WAVELENGTH)
    phase = rng.uniform(0, 2 * math.pi)
    placed: list[Stroke] = []
    right = previous_width = 0.0
    for index, strokes in enumerate(digits):
        points = np.concatenate([np.asarray(s, dtype=np.float64) for s in strokes])
        low, high = points.min(axis=0), points.max(axis=0)
        span_x, span_y = high - low
        # A flat scribble (label noise) must not be blown up across the canvas.
        scale = height * rng.uniform(1 - HEIGHT_JITTER, 1 + HEIGHT_JITTER)
        scale /= max(span_y, 0.5 * span_x, 1e-6)
        width = span_x * scale
        if index == 0:
            left = 0.0
        else:
            space = height * rng.uniform(*gap)
            left = right + max(space, -MAX_OVERLAP * min(width, previous_width))
        centre = left + width / 2
        bottom = (
            slope * centre
            + amplitude * math.sin(2 * math.pi * centre / wavelength + phase)
            + height * rng.normal(0, BASELINE_JITTER)
        )
        top = bottom - span_y * scale
        for stroke in strokes:
            xy = (np.asarray(stroke, dtype=np.float64) - low) * scale + (left, top)
            placed.append(list(map(tuple, xy.tolist())))
        right, previous_width = left + width, width
    pen = height * rng.uniform(*PEN)
    points = np.concatenate([np.asarray(s) for s in placed])
    margin = MARGIN * height
    shift = margin - points.min(axis=0)
    size = np.ceil(points.max(axis=0) + shift + margin).astype(int)
    strokes = [[(x + shift[0], y + shift[1]) for x, y in s] for s in placed]
    return Ink(int(size[0]), int(size[1]), strokes, pen)


def make_numbers(
    samples: list[PenSample],
    count: int,
    seed: int = 0,
    digits: tuple[int, int] = (2, 8),
) -> list[NumberSample]:
    """count numbers of digits[0]-digits[1] digits (uniformly many), each by one writer.

    The writer is drawn uniformly among those with at least MIN_WRITER_DIGITS digits, each
    digit uniformly among the labels that writer wrote, then one of their samples of it.
    """
    rng = np.random.default_rng(seed)
    by_writer: dict[str, dict[int, list[int]]] = {}
    for index, sample in enumerate(samples):
        by_writer.setdefault(sample.writer, {}).setdefault(sample.label, []).append(index)
    writers = sorted(
        w for w, labels in by_writer.items() if sum(map(len, labels.values())) >= MIN_WRITER_DIGITS
    )
    numbers = []
    for n in range(count):
        writer = writers[rng.integers(len(writers))]
        labels = sorted(by_writer[writer])
        length = int(rng.integers(digits[0], digits[1] + 1))
        chosen = [labels[i] for i in rng.integers(len(labels), size=length)]
        sources = [int(rng.choice(by_writer[writer][label])) for label in chosen]
        ink = number_ink([samples[i].strokes for i in sources], rng)
        text = "".join(map(str, chosen))
        numbers.append(NumberSample(f"{n:04d}", text, writer, ink, sources))
    return numbers


def write_numbers(numbers: list[NumberSample], out: str | Path) -> None:
    """Write NNNN.json (ink), NNNN.png (rendered canvas) and labels.csv (file,number)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as stream:
        table = csv.writer(stream)
        table.writerow(["file", "number"])
        for number in numbers:
            (out / f"{number.name}.json").write_bytes(ink_to_bytes(number.ink))
            export_image(number.ink).save(out / f"{number.name}.png")
            table.writerow([f"{number.name}.json", number.text])
            table.writerow([f"{number.name}.png", number.text])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser, "pendigits/ and unipen/")
    parser.add_argument("--out", type=Path, required=True, help="folder for the files")
    parser.add_argument("--count", type=int, default=1000, help="numbers to write")
    parser.add_argument("--seed", type=int, default=2026, help="the same seed, the same numbers")
    parser.add_argument("--split", choices=SPLITS, default="test", help="whose digits")
    parser.add_argument("--min-digits", type=int, default=2, help="the fewest digits a number has")
    parser.add_argument("--max-digits", type=int, default=8, help="the most digits a number has")
    args = parser.parse_args()
    if not 1 <= args.min_digits <= args.max_digits:
        parser.error("need 1 <= --min-digits <= --max-digits")
    samples = pen_samples(args.data, args.split)
    numbers = make_numbers(samples, args.count, args.seed, (args.min_digits, args.max_digits))
    write_numbers(numbers, args.out)
    writers = len({n.writer for n in numbers})
    print(
        json.dumps(
            {"numbers": len(numbers), "writers": writers, "split": args.split, "out": str(args.out)}
        )
    )


if __name__ == "__main__":
    with reading_data():
        main()
