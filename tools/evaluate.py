"""Evaluate the shipped model through the app's own pipeline and write the report figures.

    python tools/evaluate.py --data ../shared/data

Prints the per-digit classification report and confusion matrix on the MNIST test set, then
one summary table: MNIST accuracy, pen-drawn accuracy on writers never seen in training (per
writer and overall), robustness to pen width, size, tilt and position, the not-a-digit
figures and the calibration error. Writes the confusion matrix and a gallery of mistakes as
PNG files.

Settings such as the stroke views are compared on the calibration writers, not the test
writers, e.g.:

    python tools/evaluate.py --writers calibration --views 0,-0.5,0.5 --figures /tmp/views
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import itertools

from digitpad.core.preprocess import INPUT_SIZE, model_input, to_model_input
from digitpad.core.recognizer import STROKE_VIEWS, Recognizer
from digitpad.training import datasets, synth

PEN_WRITERS = {"test": datasets.PEN_TEST_WRITERS, "calibration": datasets.PEN_CALIBRATION_WRITERS}
# Each robustness variant redraws a digit one way; "same answer" compares them all.
VARIANTS = {
    "thin pen (0.5x)": dict(pen=0.5),
    "thick pen (2x)": dict(pen=2.0),
    "small (40% of canvas)": dict(height=0.40),
    "large (85% of canvas)": dict(height=0.85),
    "tilted -15°": dict(tilt=-15),
    "tilted +15°": dict(tilt=15),
    "top-left corner": dict(position=(0.0, 0.0)),
    "bottom-right corner": dict(position=(1.0, 1.0)),
}


def read_batch(recognizer: Recognizer, inputs: list[np.ndarray | None]):
    """(best digit, displayed probability, not sure) per input; empty inputs read as -1."""
    present = [i for i, x in enumerate(inputs) if x is not None]
    digits = np.full(len(inputs), -1)
    confidence = np.zeros(len(inputs))
    unsure = np.ones(len(inputs), bool)
    for start in range(0, len(present), 1024):
        chunk = present[start : start + 1024]
        results = recognizer.recognize_batch(np.stack([inputs[i] for i in chunk]))
        for i, result in zip(chunk, results):
            digits[i], confidence[i] = result.ranked[0]
            unsure[i] = result.not_sure
    return digits, confidence, unsure


def pen_ink(sample, rng, pen=1.0, height=None, tilt=0.0, position=None):
    strokes = synth.rotate_strokes(sample.strokes, tilt) if tilt else sample.strokes
    ink = synth.place_like_a_person(strokes, rng, pen_scale=(pen, pen))
    if height is not None or position is not None:
        ink = datasets.place_strokes(
            strokes,
            synth.DEFAULT_CANVAS,
            height if height is not None else 0.6,
            position if position is not None else (0.5, 0.5),
            ink.pen_width,
        )
    return ink


def classification_report(labels: np.ndarray, predicted: np.ndarray) -> str:
    lines = ["digit  precision  recall  f1-score  support"]
    for d in range(10):
        tp = np.sum((predicted == d) & (labels == d))
        precision = tp / max(1, np.sum(predicted == d))
        recall = tp / max(1, np.sum(labels == d))
        f1 = 2 * precision * recall / max(1e-12, precision + recall)
        lines.append(f"{d:>5}  {precision:9.4f}  {recall:6.4f}  {f1:8.4f}  {np.sum(labels == d):7}")
    lines.append(f"accuracy {np.mean(labels == predicted):.4f} on {len(labels)} digits")
    return "\n".join(lines)


def confusion(labels: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    matrix = np.zeros((10, 10), int)
    for t, p in zip(labels, predicted):
        if p >= 0:
            matrix[t, p] += 1
    return matrix


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins=15) -> float:
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def font(size: int):
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


def draw_confusion(matrix: np.ndarray, path: Path) -> None:
    cell, margin = 56, 70
    image = Image.new("RGB", (margin + 10 * cell + 20, margin + 10 * cell + 20), "white")
    draw = ImageDraw.Draw(image)
    draw.text(
        (margin, 8),
        "Confusion matrix, MNIST test (rows: true, columns: read)",
        fill="black",
        font=font(16),
    )
    off_max = max(1, (matrix - np.diag(np.diag(matrix))).max())
    for t in range(10):
        draw.text((margin - 24, margin + t * cell + cell // 3), str(t), fill="black", font=font(18))
        draw.text((margin + t * cell + cell // 3, margin - 26), str(t), fill="black", font=font(18))
        for p in range(10):
            value = matrix[t, p]
            if t == p:
                colour = (47, 111, 222)
            else:
                shade = int(255 - 200 * min(1.0, value / off_max)) if value else 255
                colour = (255, shade, shade)
            box = (
                margin + p * cell,
                margin + t * cell,
                margin + (p + 1) * cell - 2,
                margin + (t + 1) * cell - 2,
            )
            draw.rectangle(box, fill=colour)
            draw.text(
                (box[0] + 6, box[1] + 18),
                str(value),
                fill="white" if t == p else "black",
                font=font(14),
            )
    image.save(path)


def draw_gallery(images: list[np.ndarray], captions: list[str], path: Path, columns=12) -> None:
    tile, label = 84, 20
    rows = max(1, -(-len(images) // columns))
    sheet = Image.new("RGB", (columns * tile, rows * (tile + label) + 30), "white")
    draw = ImageDraw.Draw(sheet)
    draw.text(
        (6, 6),
        "Misread MNIST test digits (true → read, as the network sees them)",
        fill="black",
        font=font(16),
    )
    for i, (pixels, caption) in enumerate(zip(images, captions)):
        x, y = (i % columns) * tile, 30 + (i // columns) * (tile + label)
        digit = Image.fromarray((pixels * 255).astype(np.uint8)).resize(
            (tile - 6, tile - 6), Image.Resampling.NEAREST
        )
        sheet.paste(digit, (x + 3, y))
        draw.text((x + 8, y + tile - 4), caption, fill=(192, 57, 43), font=font(14))
    sheet.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: assets)")
    parser.add_argument("--figures", type=Path, default=ROOT / "docs")
    parser.add_argument("--non-digits", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument(
        "--writers",
        choices=("test", "calibration"),
        default="test",
        help="pen writers to read: the unseen test writers, or the calibration "
        "writers, on which choices such as --views are made",
    )
    parser.add_argument(
        "--views",
        type=lambda text: tuple(map(float, text.split(","))),
        default=STROKE_VIEWS,
        help=f"stroke views to average, e.g. -0.5,0.5 (default {','.join(map(str, STROKE_VIEWS))})",
    )
    args = parser.parse_args()
    started = time.time()
    recognizer = Recognizer(args.model, args.views)
    rng = np.random.default_rng(args.seed)
    results: dict = {}

    # MNIST test digits through the app's preprocessing.
    mnist = datasets.load_mnist(args.data / "mnist")
    labels = mnist["test_labels"].astype(int)
    inputs = [to_model_input(Image.fromarray(x)) for x in mnist["test_images"]]
    digits, confidence, unsure = read_batch(recognizer, inputs)
    print("MNIST test set, through the app's preprocessing and the .tflite model\n")
    print(classification_report(labels, digits))
    matrix = confusion(labels, digits)
    print("\nconfusion matrix (rows: true digit, columns: read as)")
    print("     " + " ".join(f"{p:5}" for p in range(10)))
    for t in range(10):
        print(f"{t:>4} " + " ".join(f"{v:5}" for v in matrix[t]))
    results["mnist_accuracy"] = float(np.mean(digits == labels))
    results["mnist_not_sure"] = float(np.mean(unsure))
    results["mnist_ece"] = expected_calibration_error(confidence, digits == labels)
    args.figures.mkdir(parents=True, exist_ok=True)
    draw_confusion(matrix, args.figures / "confusion-matrix.png")
    wrong = np.flatnonzero(digits != labels)[:96]
    draw_gallery(
        [inputs[i] if inputs[i] is not None else np.zeros((INPUT_SIZE, INPUT_SIZE)) for i in wrong],
        [f"{labels[i]} → {digits[i]}" for i in wrong],
        args.figures / "misread-digits.png",
    )

    # Pen-drawn digits of writers never seen in training, as people draw them on the canvas.
    pen = [
        d
        for d in datasets.read_pendigits(args.data / "pendigits" / "pendigits-orig.tra")
        if d.writer in PEN_WRITERS[args.writers]
    ]
    writers = "unseen" if args.writers == "test" else "calibration"
    pen_labels = np.array([d.label for d in pen])
    base_digits, _base_conf, base_unsure = read_batch(
        recognizer, [model_input(pen_ink(d, rng)) for d in pen]
    )
    results["pen_accuracy"] = float(np.mean(base_digits == pen_labels))
    results["pen_not_sure"] = float(np.mean(base_unsure))
    per_writer = defaultdict(list)
    for d, ok in zip(pen, base_digits == pen_labels):
        per_writer[d.writer].append(ok)
    results["pen_per_writer"] = {w: float(np.mean(v)) for w, v in sorted(per_writer.items())}
    agree = np.ones(len(pen), bool)
    results["robustness"] = {}
    for name, variant in VARIANTS.items():
        variant_digits, _, _ = read_batch(
            recognizer, [model_input(pen_ink(d, rng, **variant)) for d in pen]
        )
        results["robustness"][name] = float(np.mean(variant_digits == pen_labels))
        agree &= variant_digits == base_digits
    results["robust_same_answer"] = float(np.mean(agree))

    # Scribbles, letters and shapes must not come back as confident digits.
    kinds, non_digit_inputs = [], []
    for _ in range(args.non_digits):
        kind, ink = synth.random_non_digit(rng)
        kinds.append(kind.split(" ")[0])
        non_digit_inputs.append(model_input(ink))
    _, _, non_unsure = read_batch(recognizer, non_digit_inputs)
    results["non_digit_not_sure"] = float(np.mean(non_unsure))
    results["non_digit_by_kind"] = {
        k: float(np.mean([u for u, kk in zip(non_unsure, kinds) if kk == k]))
        for k in sorted(set(kinds))
    }
    results["real_digits_not_sure"] = float(np.mean(np.concatenate([unsure, base_unsure])))

    print("\n| measure (through the app's own pipeline) | value |\n|---|---|")
    print(f"| MNIST test accuracy (10,000 digits) | {results['mnist_accuracy']:.2%} |")
    print(
        f"| pen-drawn accuracy, {len(per_writer)} {writers} writers ({len(pen)} digits) "
        f"| {results['pen_accuracy']:.2%} |"
    )
    worst = min(results["pen_per_writer"].items(), key=lambda kv: kv[1])
    print(f"| worst {writers} writer (#{worst[0]}) | {worst[1]:.2%} |")
    for name, value in results["robustness"].items():
        print(f"| pen-drawn, {name} | {value:.2%} |")
    print(
        f"| same answer under all {len(VARIANTS)} variants | {results['robust_same_answer']:.2%} |"
    )
    print(
        f'| non-digits shown as "not sure" ({args.non_digits} scribbles, letters, shapes) '
        f"| {results['non_digit_not_sure']:.2%} |"
    )
    print(
        f'| real digits wrongly shown as "not sure" (MNIST + pen) '
        f"| {results['real_digits_not_sure']:.2%} |"
    )
    print(f"| expected calibration error, MNIST test (15 bins) | {results['mnist_ece']:.4f} |")
    print(
        f"\nper {writers} writer: "
        + ", ".join(f"#{w} {a:.1%}" for w, a in results["pen_per_writer"].items())
    )
    print(
        "non-digits shown as not sure, by kind: "
        + ", ".join(f"{k} {v:.0%}" for k, v in results["non_digit_by_kind"].items())
    )
    (args.figures / "evaluation.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nfigures and evaluation.json in {args.figures} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
