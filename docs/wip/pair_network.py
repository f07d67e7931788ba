"""Experiment, not in the app: a network that reads a picture blob as one digit or as two.

    python docs/wip/pair_network.py train OUT [--epochs 7]
    python docs/wip/pair_network.py evaluate OUT/pairs.tflite [--numbers 500 --seed 0]

`train` makes 112,000 blobs, each scaled to 20 pixels tall in a 28x56 input (pair_input):
pairs of two digits set touching or crossing (gaps of -0.12 to 0.08 of their height), from
MNIST's first 55,000 training digits laid side by side and from the pendigits training writers'
ink laid out by tools/make_numbers.py and rendered; and single digits of both, alone. The
network (the shipped CNN's blocks over the wider input, 352,838 parameters) has 110 outputs:
the ten digits alone, then the 100 pairs (10 + 10 * left + right). It trains with the shipped
network's augmentation and exports a .tflite.

`evaluate` reads tools/make_numbers.py's calibration numbers as pictures the way
`digitpad predict` does (digitpad.core.reader), then offers every digit it read to the pair
network: a digit whose pair probability is at least T is taken as the two digits of the pair's
marginals. It prints, for several T, the share of numbers read with the right digit count and
read exactly, how many numbers that share gained and lost, and how many of 600 single digits
(calibration writers, rendered alone) are split.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import make_numbers  # noqa: E402

from digitpad.core.preprocess import INK_LEVEL, ink_intensity  # noqa: E402
from digitpad.core.render import export_image, render_for_model  # noqa: E402
from digitpad.training import datasets, synth  # noqa: E402

HEIGHT, WIDTH, BOX = 28, 56, 20
TOUCHING = (-0.12, 0.08)  # gaps between the two digits of a training pair, in their height
PAIRS = 110  # outputs: 10 digits alone, then 100 pairs


def pair_input(image: Image.Image, clean: str = "") -> np.ndarray | None:
    """(28, 56) float32 in 0-1: the ink scaled to BOX pixels tall (at most 52 wide), centred.
    clean: "dark" for black ink on white, "light" for white on black, known without analysis
    (rendered training pictures); "" finds the ink as the app does (ink_intensity)."""
    if clean == "dark":
        ink = 255 - np.asarray(image.convert("L"))
    elif clean == "light":
        ink = np.asarray(image)
    else:
        ink = ink_intensity(image)
    ink = ink * (ink >= INK_LEVEL)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if len(rows) == 0:
        return None
    crop = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].astype(np.uint8)
    height, width = crop.shape
    scale = min(BOX / height, (WIDTH - 4) / width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = Image.fromarray(crop).resize(size, Image.Resampling.LANCZOS)
    out = np.zeros((HEIGHT, WIDTH), np.float32)
    top, left = (HEIGHT - size[1]) // 2, (WIDTH - size[0]) // 2
    out[top : top + size[1], left : left + size[0]] = np.asarray(small, np.float32) / 255
    return out


# ---------------------------------------------------------------- data


def pen_blobs(samples, count: int, rng, digits: int):
    """count blobs of one writer's digits (1 or 2 of them), laid out as tools/make_numbers.py
    lays out a number, with TOUCHING gaps, and rendered."""
    by_writer: dict[str, list[int]] = {}
    for i, sample in enumerate(samples):
        by_writer.setdefault(sample.writer, []).append(i)
    writers = sorted(by_writer)
    xs, ys = [], []
    saved, make_numbers.GAP = make_numbers.GAP, TOUCHING
    try:
        while len(ys) < count:
            own = by_writer[writers[rng.integers(len(writers))]]
            chosen = [own[rng.integers(len(own))] for _ in range(digits)]
            ink = make_numbers.number_ink([samples[i].strokes for i in chosen], rng)
            x = pair_input(render_for_model(ink), "dark")
            if x is not None:
                labels = [samples[i].label for i in chosen]
                xs.append(x)
                ys.append(labels[0] if digits == 1 else 10 + 10 * labels[0] + labels[1])
    finally:
        make_numbers.GAP = saved
    return np.stack(xs), np.array(ys)


def mnist_blobs(images: np.ndarray, labels: np.ndarray, count: int, rng, digits: int):
    """count blobs of MNIST digits (1 or 2), scaled to a common height, TOUCHING gaps."""
    xs, ys = [], []
    for _ in range(count):
        chosen = rng.integers(len(labels), size=digits)
        canvas = np.zeros((80, 200), np.uint8)
        right, previous = 20.0, 0
        for k, i in enumerate(chosen):
            rows = np.flatnonzero(images[i].max(axis=1) > INK_LEVEL)
            cols = np.flatnonzero(images[i].max(axis=0) > INK_LEVEL)
            crop = images[i][rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
            scale = 40 * rng.uniform(0.92, 1.08) / crop.shape[0]
            size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
            part = np.asarray(Image.fromarray(crop).resize(size, Image.Resampling.BILINEAR))
            left = 20.0
            if k:
                gap = max(40 * rng.uniform(*TOUCHING), -0.25 * min(part.shape[1], previous))
                left = right + gap
            top = 20 + int(rng.normal(0, 1.5)) + (40 - part.shape[0]) // 2
            x0 = round(left)
            region = canvas[top : top + part.shape[0], x0 : x0 + part.shape[1]]
            np.maximum(region, part[: region.shape[0], : region.shape[1]], out=region)
            right, previous = left + part.shape[1], part.shape[1]
        x = pair_input(Image.fromarray(canvas), "light")
        if x is not None:
            xs.append(x)
            ys.append(labels[chosen[0]] if digits == 1 else 10 + labels[chosen].dot([10, 1]))
    return np.stack(xs), np.array(ys)


# ---------------------------------------------------------------- network


def build_model(width: int = 24):
    import keras
    from keras import layers

    def block(x, filters, kernel=3, strides=1, padding="same"):
        x = layers.Conv2D(filters, kernel, strides=strides, padding=padding, use_bias=False)(x)
        x = layers.BatchNormalization(momentum=0.9)(x)
        return layers.ReLU()(x)

    inputs = keras.Input((HEIGHT, WIDTH, 1), name="blob")
    x = block(inputs, width, 5)  # 28x56
    x = block(x, width, strides=2)  # 14x28
    x = block(x, 2 * width)
    x = block(x, 2 * width, strides=2)  # 7x14
    x = block(x, 4 * width, padding="valid")  # 5x12
    x = block(x, 4 * width, strides=2)  # 3x6
    x = layers.Dropout(0.4)(layers.Flatten()(x))
    return keras.Model(inputs, layers.Dense(PAIRS, name="logits")(x))


def train(out: Path, epochs: int, data: Path, seed: int = 7) -> None:
    import keras
    import tensorflow as tf

    from digitpad.training.augment import augmentation

    started = time.time()
    rng = np.random.default_rng(seed)
    mnist = datasets.load_mnist(data / "mnist")
    images, labels = mnist["train_images"][:55000], mnist["train_labels"][:55000].astype(int)
    held_out = datasets.PEN_TEST_WRITERS | datasets.PEN_CALIBRATION_WRITERS
    pen = datasets.read_pendigits(data / "pendigits" / "pendigits-orig.tra")
    pen = [d for d in pen if d.writer not in held_out]
    parts = [
        mnist_blobs(images, labels, 50000, rng, 2),
        mnist_blobs(images, labels, 15000, rng, 1),
        pen_blobs(pen, 35000, rng, 2),
        pen_blobs(pen, 12000, rng, 1),
    ]
    x = np.concatenate([p[0] for p in parts])[..., None]
    y = np.concatenate([p[1] for p in parts])
    print(f"{len(y)} blobs in {time.time() - started:.0f} s", flush=True)
    keras.utils.set_random_seed(seed)
    model = build_model()
    trainer = keras.Sequential([augmentation(seed), model])
    steps = epochs * math.ceil(len(y) / 128)
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps, warmup_target=3e-3, warmup_steps=500
    )
    trainer.compile(
        optimizer=keras.optimizers.AdamW(schedule, weight_decay=1e-4),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    trainer.fit(x, y, batch_size=128, epochs=epochs, shuffle=True, verbose=2)
    out.mkdir(parents=True, exist_ok=True)
    model.save(out / "pairs.keras")
    (out / "pairs.tflite").write_bytes(tf.lite.TFLiteConverter.from_keras_model(model).convert())
    print(f"trained and exported in {time.time() - started:.0f} s", flush=True)


# ---------------------------------------------------------------- evaluation


def evaluate(model: Path, data: Path, count: int, seed: int) -> None:
    from ai_edge_litert.interpreter import Interpreter

    from digitpad.core.reader import _digit_crop, read_drawings
    from digitpad.core.recognizer import Recognizer, softmax

    samples = make_numbers.pen_samples(data, "calibration")
    numbers = make_numbers.make_numbers(samples, count, seed)
    rng = np.random.default_rng(seed)
    singles = [
        export_image(synth.place_like_a_person(samples[i].strokes, rng))
        for i in rng.choice(len(samples), 600, replace=False)
    ]
    interpreter = Interpreter(model_path=str(model))
    interpreter.allocate_tensors()
    given = interpreter.get_input_details()[0]["index"]
    output = interpreter.get_output_details()[0]["index"]

    def digits_of(images: list[Image.Image]) -> list[list[tuple[int, np.ndarray | None]]]:
        """Each picture's digits as the reader finds them: (best digit, pair probabilities)."""
        found = []
        for image, reading in zip(images, read_drawings(Recognizer(), images)):
            digits = []
            for digit in reading.digits if reading else []:
                x = pair_input(_digit_crop(image, digit)[0])
                p = None
                if x is not None:
                    interpreter.set_tensor(given, x[None, ..., None])
                    interpreter.invoke()
                    p = softmax(interpreter.get_tensor(output)[0])
                digits.append((digit.recognition.ranked[0][0], p))
            found.append(digits)
        return found

    def text(digits, threshold: float) -> str:
        out = ""
        for best, p in digits:
            if p is not None and p[10:].sum() >= threshold:
                pair = p[10:].reshape(10, 10)
                out += f"{pair.sum(axis=1).argmax()}{pair.sum(axis=0).argmax()}"
            else:
                out += str(best)
        return out

    truth = [n.text for n in numbers]
    read = digits_of([export_image(n.ink) for n in numbers])
    alone = digits_of(singles)
    for threshold in (2.0, 0.9, 0.99, 0.999):  # 2: the reader alone
        got = [text(d, threshold) for d in read]
        right = [len(g) == len(t) for g, t in zip(got, truth)]
        before = [len(d) == len(t) for d, t in zip(read, truth)]
        gained = sum(r and not b for r, b in zip(right, before))
        lost = sum(b and not r for r, b in zip(right, before))
        split = np.mean([len(text(d, threshold)) > 1 for d in alone])
        print(
            f"T {threshold}: right digit count {np.mean(right):.1%} (+{gained} -{lost}), "
            f"exact {np.mean([g == t for g, t in zip(got, truth)]):.1%}, singles split {split:.2%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    trainer = commands.add_parser("train")
    trainer.add_argument("out", type=Path)
    trainer.add_argument("--epochs", type=int, default=7)
    evaluator = commands.add_parser("evaluate")
    evaluator.add_argument("model", type=Path)
    evaluator.add_argument("--numbers", type=int, default=500)
    evaluator.add_argument("--seed", type=int, default=0)
    for command in (trainer, evaluator):
        command.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    if args.command == "train":
        train(args.out, args.epochs, args.data)
    else:
        evaluate(args.model, args.data, args.numbers, args.seed)


if __name__ == "__main__":
    main()
