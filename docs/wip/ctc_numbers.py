"""Feasibility test: read pictures of whole numbers with a small CTC line recogniser.

    python docs/wip/ctc_numbers.py [--train 30000] [--epochs 12] [--test 1000]

Not part of the app. The image path of digitpad/core/reader.py cuts a picture of a number
into digits (connected components and cut paths) and reads each with the digit network; it
gets the digit count of generated numbers right far less often than the ink path, because
neighbours whose strokes touch or cross make one blob that no cut separates. A line
recogniser reads the whole number without cutting it: a CNN over the picture scaled to
LINE_HEIGHT pixels gives a column of 11 scores (10 digits and CTC's blank) every 4 pixels
across, decoded best path (Graves et al., "Connectionist temporal classification", ICML
2006; Shi et al., "An end-to-end trainable neural network for image-based sequence
recognition", TPAMI 2017).

Trained on numbers laid out by tools/make_numbers.py's own number_ink from the pendigits
training writers (neither test nor calibration writers) and on MNIST training digits (the
last 5,000 held out, as tools/train.py does) set side by side the same way; measured on the
calibration writers' numbers (tools/make_numbers.py --split calibration), against the
app's reader on the very same pictures.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import make_numbers  # noqa: E402

from digitpad.core.render import export_image  # noqa: E402
from digitpad.training import datasets  # noqa: E402

LINE_HEIGHT = 32  # pixels: the picture's ink is scaled to this height
LINE_WIDTH = 384  # pixels: and padded (or squeezed) to this width
CLASSES = 11  # digits 0-9 and CTC's blank (10)


def line_input(image: Image.Image) -> np.ndarray:
    """A picture (black ink on white) as (LINE_HEIGHT, LINE_WIDTH) float32 0-1 ink intensity:
    the ink's box with a small margin, scaled to LINE_HEIGHT tall, left-aligned."""
    ink = 255 - np.asarray(image.convert("L"), dtype=np.uint8)
    rows, cols = np.nonzero(ink > 40)
    if not len(rows):
        return np.zeros((LINE_HEIGHT, LINE_WIDTH), np.float32)
    margin = max(2, (rows.max() - rows.min()) // 10)
    top, bottom = max(0, rows.min() - margin), min(ink.shape[0], rows.max() + margin + 1)
    left, right = max(0, cols.min() - margin), min(ink.shape[1], cols.max() + margin + 1)
    box = Image.fromarray(ink[top:bottom, left:right])
    width = min(LINE_WIDTH, max(1, round(box.width * LINE_HEIGHT / box.height)))
    scaled = np.asarray(box.resize((width, LINE_HEIGHT), Image.Resampling.LANCZOS), np.float32)
    line = np.zeros((LINE_HEIGHT, LINE_WIDTH), np.float32)
    line[:, :width] = scaled / 255.0
    return line


def mnist_number(images: list[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """MNIST digits (28x28 uint8 ink) set side by side like make_numbers.number_ink: a common
    height with jitter, gaps from a slight overlap to wide, a slanted, wavy baseline."""
    height = 40.0
    slope = math.tan(math.radians(rng.uniform(-make_numbers.SLANT_DEGREES, 5)))
    amplitude = height * rng.uniform(*make_numbers.WAVE)
    wavelength = height * rng.uniform(*make_numbers.WAVELENGTH)
    phase = rng.uniform(0, 2 * math.pi)
    crops = []
    for digit in images:
        rows, cols = np.nonzero(digit > 30)
        crop = Image.fromarray(digit[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1])
        scale = height * rng.uniform(1 - make_numbers.HEIGHT_JITTER, 1 + make_numbers.HEIGHT_JITTER)
        scale /= crop.height
        size = (max(1, round(crop.width * scale)), max(1, round(crop.height * scale)))
        crops.append(np.asarray(crop.resize(size, Image.Resampling.BILINEAR)))
    lefts, tops, right, previous = [], [], 0.0, 0.0
    for index, crop in enumerate(crops):
        width = crop.shape[1]
        if index == 0:
            left = 0.0
        else:
            gap = height * rng.uniform(*make_numbers.GAP)
            left = right + max(gap, -make_numbers.MAX_OVERLAP * min(width, previous))
        centre = left + width / 2
        bottom = (
            slope * centre
            + amplitude * math.sin(2 * math.pi * centre / wavelength + phase)
            + height * rng.normal(0, make_numbers.BASELINE_JITTER)
        )
        lefts.append(left)
        tops.append(bottom - crop.shape[0])
        right, previous = left + width, width
    x0, y0 = min(lefts), min(tops)
    pad = 8
    canvas = np.zeros(
        (
            int(max(t + c.shape[0] for t, c in zip(tops, crops)) - y0) + 2 * pad,
            int(right - x0) + 2 * pad,
        ),
        np.uint8,
    )
    for left, top, crop in zip(lefts, tops, crops):
        r, c = int(top - y0) + pad, int(left - x0) + pad
        window = canvas[r : r + crop.shape[0], c : c + crop.shape[1]]
        np.maximum(window, crop[: window.shape[0], : window.shape[1]], out=window)
    return 255 - canvas


def training_set(count: int, seed: int) -> tuple[np.ndarray, list[str]]:
    """count numbers of 2-8 digits: half pen-drawn by training writers, half MNIST."""
    rng = np.random.default_rng(seed)
    pen = [
        d
        for d in datasets.read_pendigits(datasets.DATA_DIR / "pendigits" / "pendigits-orig.tra")
        if d.writer not in datasets.PEN_TEST_WRITERS | datasets.PEN_CALIBRATION_WRITERS
    ]
    mnist = datasets.load_mnist(datasets.DATA_DIR / "mnist")
    images, labels = mnist["train_images"][:-5000], mnist["train_labels"][:-5000]
    by_writer: dict[int, list[int]] = {}
    for i, d in enumerate(pen):
        by_writer.setdefault(d.writer, []).append(i)
    writers = sorted(by_writer)
    lines, texts = [], []
    for n in range(count):
        length = int(rng.integers(2, 9))
        if n % 2 == 0:
            chosen = rng.choice(by_writer[writers[rng.integers(len(writers))]], length)
            ink = make_numbers.number_ink([pen[i].strokes for i in chosen], rng)
            picture = export_image(ink)
            text = "".join(str(pen[i].label) for i in chosen)
        else:
            chosen = rng.integers(len(images), size=length)
            picture = Image.fromarray(mnist_number([images[i] for i in chosen], rng))
            text = "".join(str(labels[i]) for i in chosen)
        lines.append(line_input(picture))
        texts.append(text)
    return np.stack(lines), texts


def build_model():
    """A CNN that turns a (LINE_HEIGHT, LINE_WIDTH, 1) line into (LINE_WIDTH / 4, CLASSES)
    logits: height pooled away, a wide 1-D convolution across for context."""
    import keras
    from keras import layers

    x = inputs = keras.Input((LINE_HEIGHT, LINE_WIDTH, 1))
    for filters, pool in ((32, (2, 2)), (64, (2, 2)), (96, (2, 1)), (128, (2, 1))):
        x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.ReLU()(x)
        x = layers.MaxPooling2D(pool)(x)
    x = layers.Reshape((LINE_WIDTH // 4, 2 * 128))(x)  # height 2 left: folded into channels
    for _ in range(2):
        x = layers.Conv1D(192, 5, padding="same", activation="relu")(x)
        x = layers.Dropout(0.2)(x)
    return keras.Model(inputs, layers.Dense(CLASSES)(x))


def train(model, lines: np.ndarray, texts: list[str], epochs: int, batch: int = 64) -> None:
    """CTC training (tf.nn.ctc_loss, blank = CLASSES - 1) with Adam and a cosine schedule."""
    import tensorflow as tf

    steps = epochs * math.ceil(len(lines) / batch)
    schedule = tf.keras.optimizers.schedules.CosineDecay(2e-3, steps)
    optimizer = tf.keras.optimizers.Adam(schedule)
    longest = max(map(len, texts))
    targets = np.zeros((len(texts), longest), np.int32)
    lengths = np.array([len(t) for t in texts], np.int32)
    for i, t in enumerate(texts):
        targets[i, : len(t)] = [int(c) for c in t]

    @tf.function
    def step(x, y, n):
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            frames = tf.fill([tf.shape(x)[0]], LINE_WIDTH // 4)
            loss = tf.reduce_mean(
                tf.nn.ctc_loss(
                    y, logits, n, frames, logits_time_major=False, blank_index=CLASSES - 1
                )
            )
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    rng = np.random.default_rng(0)
    for epoch in range(epochs):
        order = rng.permutation(len(lines))
        began, losses = time.perf_counter(), []
        for start in range(0, len(order), batch):
            pick = order[start : start + batch]
            losses.append(float(step(lines[pick, :, :, None], targets[pick], lengths[pick])))
        print(
            f"epoch {epoch + 1}: loss {np.mean(losses):.3f} ({time.perf_counter() - began:.0f} s)",
            flush=True,
        )


def decode(logits: np.ndarray) -> list[str]:
    """Best-path CTC decoding: the likeliest class per column, repeats merged, blanks dropped."""
    best = logits.argmax(axis=-1)
    texts = []
    for row in best:
        kept = [c for i, c in enumerate(row) if c != CLASSES - 1 and (i == 0 or c != row[i - 1])]
        texts.append("".join(map(str, kept)))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=30000, help="training numbers")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--test", type=int, default=1000, help="calibration numbers")
    parser.add_argument("--seed", type=int, default=1, help="of the calibration numbers")
    parser.add_argument("--save", type=Path, help="keep the trained network here (.keras)")
    args = parser.parse_args()

    began = time.perf_counter()
    lines, texts = training_set(args.train, seed=2026)
    print(f"{len(lines)} training lines in {time.perf_counter() - began:.0f} s", flush=True)
    model = build_model()
    print(f"{model.count_params()} parameters", flush=True)
    began = time.perf_counter()
    train(model, lines, texts, args.epochs)
    print(f"trained in {time.perf_counter() - began:.0f} s", flush=True)
    if args.save:
        model.save(args.save)

    samples = make_numbers.pen_samples(datasets.DATA_DIR, "calibration")
    numbers = make_numbers.make_numbers(samples, args.test, args.seed)
    pictures = [export_image(n.ink) for n in numbers]
    truth = [n.text for n in numbers]
    read = decode(model.predict(np.stack([line_input(p) for p in pictures])[..., None], 0))
    from digitpad.core.reader import read_drawings
    from digitpad.core.recognizer import Recognizer

    app = [r.number if r else "" for r in read_drawings(Recognizer(), pictures)]
    short = np.array([len(t) <= 4 for t in truth])
    for name, got in (("CTC line recogniser", read), ("the app's reader", app)):
        count = np.mean([len(g) == len(t) for g, t in zip(got, truth)])
        exact = np.array([g == t for g, t in zip(got, truth)])
        print(
            f"{name}: right digit count {count:.2%}, exact {exact.mean():.2%}, "
            f"2-4 digits exact {exact[short].mean():.2%} ({len(truth)} calibration numbers)"
        )


if __name__ == "__main__":
    main()
