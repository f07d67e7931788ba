"""Train the pair network: a picture's blob read as one digit or as two whose strokes cross.

    python tools/train_pairs.py --data ../shared/data/mnist --pendigits ../shared/data/pendigits

In a picture, two neighbours whose strokes touch or cross are one blob of ink that no cut
parts; the digit network reads such a blob as one digit, often surely. This network reads the
blob whole (digitpad.core.preprocess.pair_input, 28x56) and has 110 outputs: the ten digits
alone, then the 100 pairs (PAIR_OFFSET + 10 * left + right). digitpad.core.reader takes a
picture's digit as two when the pairs are very likely (reader.PAIR_SURE). It trains on blobs
of MNIST's training digits set side by side and of the pendigits training writers' ink laid
out as tools/make_numbers.py lays out a number, each touching or crossing (TOUCHING), on
single digits of both alone (slashed zeros among them, which are no 1 across a 0), and on the
reader's own crops of such writers' numbers as pictures (reader_crops: a digit whose crop holds
a piece of its neighbour's ink is still one digit); none of the test or calibration writers.

Reads top to bottom: settings, data, model, training, export. Writes pairs.tflite and
pairs.json to --out.
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import make_numbers
from train import block, compiled_trainer, log, settings_from_arguments

from digitpad.core.components import crop_geometry
from digitpad.core.ink import Ink
from digitpad.core.pairs import METADATA_FILE, MODEL_FILE, OUTPUTS, PAIR_OFFSET
from digitpad.core.preprocess import (
    INK_LEVEL,
    INPUT_SIZE,
    PAIR_WIDTH,
    PREPROCESSING_VERSION,
    pair_input,
)
from digitpad.core.render import export_image, render_for_model
from digitpad.training import datasets, synth
from digitpad.training.datasets import reading_data

TOUCHING = (-0.12, 0.08)  # gaps between a pair's digits' boxes, in digit heights
# A reader's crop holds a digit when it holds at least HELD of that digit's ink; a crop that
# holds one digit is labelled that digit, two neighbours their pair, any other is left out.
HELD = 0.5
MNIST_HEIGHT = 40  # pixels: MNIST digits are scaled to this height before they are set


@dataclass
class Settings:
    data: Path | None = None
    pendigits: Path | None = None
    out: Path = ROOT / "assets"
    epochs: int = 7
    batch_size: int = 128
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    seed: int = 2026
    limit: int | None = None
    mnist_pairs: int = 50000
    mnist_singles: int = 15000
    pen_pairs: int = 35000
    pen_singles: int = 12000
    slashed_zeros: int = 3000
    crop_numbers: int = 3000
    width: int = 24


HELP = {  # each setting's --help
    "data": "MNIST IDX folder, e.g. ../shared/data/mnist",
    "pendigits": "folder with pendigits-orig.tra",
    "out": "where pairs.tflite and pairs.json go",
    "epochs": "passes over the training set",
    "batch_size": "blobs per step",
    "learning_rate": "AdamW's peak learning rate (cosine schedule after a warm-up)",
    "weight_decay": "AdamW's weight decay",
    "seed": "seeds NumPy, Python and TensorFlow: the same seed gives the same network",
    "limit": "a quick run (tests): N blobs of each kind at most",
    "mnist_pairs": "blobs of two MNIST training digits",
    "mnist_singles": "MNIST training digits alone",
    "pen_pairs": "blobs of two digits of one pendigits training writer",
    "pen_singles": "pendigits training writers' digits alone",
    "slashed_zeros": "pendigits training writers' 0s with a slash across (synth.slash_zero)",
    "crop_numbers": "numbers by pendigits training writers whose pictures' crops are read",
    "width": "channels of the first block; later blocks double",
}


def parse_settings() -> Settings:
    folders = {"data": datasets.existing_folder, "pendigits": datasets.existing_folder}
    return settings_from_arguments(
        Settings(), HELP, folders, __doc__.splitlines()[0], required=folders
    )


# ---------------------------------------------------------------- data


def label(digits: list[int]) -> int:
    """The output of one digit alone, or of a pair (left, right)."""
    return digits[0] if len(digits) == 1 else PAIR_OFFSET + 10 * digits[0] + digits[1]


def pen_blobs(pen: list[datasets.PenDigit], count: int, digits: int, rng) -> tuple:
    """count blobs of one writer's digits (1 or 2), laid out as a number and rendered."""
    by_writer: dict[int, list[int]] = {}
    for index, digit in enumerate(pen):
        by_writer.setdefault(digit.writer, []).append(index)
    writers = sorted(by_writer)
    inputs, labels = [], []
    while len(labels) < count:
        own = by_writer[writers[rng.integers(len(writers))]]
        chosen = [pen[own[rng.integers(len(own))]] for _ in range(digits)]
        ink = make_numbers.number_ink([d.strokes for d in chosen], rng, TOUCHING)
        x = pair_input(255 - np.asarray(render_for_model(ink)))
        if x is not None:
            inputs.append(x)
            labels.append(label([d.label for d in chosen]))
    return np.stack(inputs), np.array(labels)


def slashed_zero_blobs(pen: list[datasets.PenDigit], count: int, rng) -> tuple:
    """count of the writers' 0s with a slash across, each alone, labelled 0."""
    zeros = [d for d in pen if d.label == 0]
    inputs = []
    while len(inputs) < count:
        strokes = synth.slash_zero(zeros[rng.integers(len(zeros))].strokes, rng)
        ink = make_numbers.number_ink([strokes], rng, TOUCHING)
        x = pair_input(255 - np.asarray(render_for_model(ink)))
        if x is not None:
            inputs.append(x)
    return np.stack(inputs), np.zeros(count, np.int64)


def reader_crops(
    pen: list[datasets.PenDigit], count: int, seed: int, most: int | None = None
) -> tuple:
    """The pair network's inputs as the reader offers them: count numbers by the writers
    (tools/make_numbers.py) as pictures, read by digitpad.core.reader up to its pair network,
    each digit's crop labelled by the digits whose ink it holds (HELD); most: at most so many
    crops."""
    from digitpad.core import reader
    from digitpad.core.recognizer import Recognizer

    offered: list[tuple[Image.Image, list]] = []

    def record(recognizer, image, digits):  # what reader._pairs_apart would be given
        offered.append((image, digits))
        return digits

    recognizer = Recognizer()
    inputs, labels = [], []
    numbers = make_numbers.make_numbers(pen, count, seed)
    pairs_apart, reader._pairs_apart = reader._pairs_apart, record
    try:
        for number in numbers:
            if most is not None and len(labels) >= most:
                break
            offered.clear()
            reader.read_drawings(recognizer, [export_image(number.ink)])
            if not offered:
                continue
            image, digits = offered[0]
            owners = _ink_owners(pen, number)
            for i, ((crop, _, _), _, x) in reader.pair_inputs(image, digits).items():
                held = _held_digits(digits[i], crop, owners)
                if len(held) == 1 or (len(held) == 2 and held[1] == held[0] + 1):
                    inputs.append(x)
                    labels.append(label([int(number.text[k]) for k in held]))
    finally:
        reader._pairs_apart = pairs_apart
    return np.stack(inputs[:most]), np.array(labels[:most])


def _ink_owners(pen: list[datasets.PenDigit], number: make_numbers.NumberSample) -> np.ndarray:
    """(k, height, width) bool: each of the number's k digits' ink in its picture."""
    masks, start = [], 0
    ink = number.ink
    for n in (len(pen[source].strokes) for source in number.sources):
        alone = Ink(ink.width, ink.height, ink.strokes[start : start + n], ink.pen_width)
        masks.append(np.asarray(export_image(alone)) < 255 - INK_LEVEL)
        start += n
    return np.stack(masks)


def _held_digits(digit, crop: Image.Image, owners: np.ndarray) -> list[int]:
    """The digits (indices, left to right) of which a crop holds at least HELD of the ink."""
    (left, top), scale = crop_geometry(crop, digit.box)
    rows, cols = np.nonzero(255 - np.asarray(crop.convert("L"), np.int16) >= INK_LEVEL)
    y = np.clip(np.round(top + rows / scale).astype(int), 0, owners.shape[1] - 1)
    x = np.clip(np.round(left + cols / scale).astype(int), 0, owners.shape[2] - 1)
    seen = np.zeros(owners.shape[1:], bool)
    seen[y, x] = True
    shares = (owners & seen).sum(axis=(1, 2)) / np.maximum(owners.sum(axis=(1, 2)), 1)
    return [k for k, share in enumerate(shares) if share >= HELD]


def mnist_blobs(images: np.ndarray, digit_labels: np.ndarray, count: int, digits: int, rng):
    """count blobs of MNIST digits (1 or 2), scaled to a common height and set side by side."""
    inputs, labels = [], []
    while len(labels) < count:
        chosen = rng.integers(len(digit_labels), size=digits)
        canvas = np.zeros((2 * MNIST_HEIGHT, 5 * MNIST_HEIGHT), np.uint8)
        right = previous = 0.0
        for k, i in enumerate(chosen):
            rows = np.flatnonzero(images[i].max(axis=1) >= INK_LEVEL)
            cols = np.flatnonzero(images[i].max(axis=0) >= INK_LEVEL)
            crop = images[i][rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
            scale = MNIST_HEIGHT * rng.uniform(0.92, 1.08) / crop.shape[0]
            size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
            part = np.asarray(Image.fromarray(crop).resize(size, Image.Resampling.BILINEAR))
            left = MNIST_HEIGHT / 2
            if k:
                gap = MNIST_HEIGHT * rng.uniform(*TOUCHING)
                left = right + max(gap, -make_numbers.MAX_OVERLAP * min(part.shape[1], previous))
            top = round(MNIST_HEIGHT / 2 + (MNIST_HEIGHT - part.shape[0]) / 2 + rng.normal(0, 1.5))
            x0 = round(left)
            region = canvas[top : top + part.shape[0], x0 : x0 + part.shape[1]]
            np.maximum(region, part[: region.shape[0], : region.shape[1]], out=region)
            right, previous = left + part.shape[1], part.shape[1]
        x = pair_input(canvas)
        if x is not None:
            inputs.append(x)
            labels.append(label(digit_labels[chosen].tolist()))
    return np.stack(inputs), np.array(labels)


# ---------------------------------------------------------------- model


def build_model(width: int):
    import keras
    from keras import layers

    inputs = keras.Input((INPUT_SIZE, PAIR_WIDTH, 1), name="blob")
    x = block(inputs, width, 5)  # 28x56
    x = block(x, width, strides=2)  # 14x28
    x = block(x, 2 * width)
    x = block(x, 2 * width, strides=2)  # 7x14
    x = block(x, 4 * width, padding="valid")  # 5x12
    x = block(x, 4 * width, strides=2)  # 3x6: the pair's left and right stay apart
    x = layers.Dropout(0.4)(layers.Flatten()(x))
    return keras.Model(inputs, layers.Dense(OUTPUTS, name="logits")(x), name="digitpad_pairs")


# ---------------------------------------------------------------- main


def main() -> None:
    settings = parse_settings()
    started = time.time()
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(settings.seed)
    tf.config.experimental.enable_op_determinism()
    rng = np.random.default_rng(settings.seed)

    def count(n: int) -> int:
        return min(n, settings.limit) if settings.limit else n

    mnist = datasets.load_mnist(settings.data)
    images, labels = mnist["train_images"], mnist["train_labels"].astype(np.int64)
    # MNIST's last training digits calibrate the digit network: none of them is used here.
    kept = len(labels) - 5000
    pen = datasets.read_pendigits(settings.pendigits / "pendigits-orig.tra")
    held_out = datasets.PEN_TEST_WRITERS | datasets.PEN_CALIBRATION_WRITERS
    pen = [d for d in pen if d.writer not in held_out]
    parts = [
        mnist_blobs(images[:kept], labels[:kept], count(settings.mnist_pairs), 2, rng),
        mnist_blobs(images[:kept], labels[:kept], count(settings.mnist_singles), 1, rng),
        pen_blobs(pen, count(settings.pen_pairs), 2, rng),
        pen_blobs(pen, count(settings.pen_singles), 1, rng),
        slashed_zero_blobs(pen, count(settings.slashed_zeros), rng),
        reader_crops(pen, settings.crop_numbers, settings.seed, settings.limit),
    ]
    x_train = np.concatenate([x for x, _ in parts])[..., None]
    y_train = np.concatenate([y for _, y in parts])
    test_count = count(5000)
    x_test, y_test = mnist_blobs(mnist["test_images"], mnist["test_labels"], test_count, 2, rng)
    seconds = time.time() - started
    log(f"{len(y_train)} training blobs, {len(y_test)} MNIST test pairs in {seconds:.0f} s")

    model = build_model(settings.width)
    trainer = compiled_trainer(model, settings, len(y_train))
    log(f"model: {model.count_params():,} parameters; training {settings.epochs} epochs")
    trainer.fit(x_train, y_train, batch_size=settings.batch_size, epochs=settings.epochs, verbose=2)
    train_seconds = time.time() - started
    logits = model.predict(x_test[..., None], batch_size=512, verbose=0)
    test_accuracy = float(np.mean(logits.argmax(axis=1) == y_test))
    log(f"MNIST test pairs read right: {test_accuracy:.2%}")

    settings.out.mkdir(parents=True, exist_ok=True)
    tflite = tf.lite.TFLiteConverter.from_keras_model(model).convert()
    (settings.out / MODEL_FILE).write_bytes(tflite)
    metadata = {
        "name": "digitpad pair network",
        "input_shape": [INPUT_SIZE, PAIR_WIDTH, 1],
        "outputs": OUTPUTS,
        "pair_offset": PAIR_OFFSET,
        "preprocessing_version": PREPROCESSING_VERSION,
        "parameters": int(model.count_params()),
        "mnist_test_pair_accuracy": round(test_accuracy, 5),
        "training_data_sha256": {
            name: datasets.file_sha256(settings.data / name)
            for name in datasets.MNIST_FILES.values()
        }
        | {"pendigits-orig.tra": datasets.file_sha256(settings.pendigits / "pendigits-orig.tra")},
        "training_blobs": len(y_train),
        "training_seconds": round(train_seconds),
        "settings": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in asdict(settings).items()
            if k != "out"
        },
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "tensorflow": tf.__version__,
    }
    (settings.out / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n")
    seconds = time.time() - started
    log(f"wrote {MODEL_FILE} ({len(tflite) / 1024:.0f} KB) to {settings.out} in {seconds:.0f} s")


if __name__ == "__main__":
    with reading_data():
        main()
