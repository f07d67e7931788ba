"""Train digitpad's CNN on MNIST plus pen-drawn digits and non-digits; export it to assets/.

    python tools/train.py --data ../shared/data/mnist --pendigits ../shared/data/pendigits

The shipped model goes on from that one (docs/evaluation.md gives the exact commands):

    python tools/train.py ... --unipen ../shared/data/unipen/unipen_1a_dev.npz \
        --epochs 6 --learning-rate 0.001 --pen-renders 8 --slashed-zeros 3 --open-sixes 3 \
        --curved-sevens 3 --init assets/model.keras

Reads top to bottom: settings, data, model, training, calibration, evaluation, export.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digitpad.core.preprocess import INPUT_SIZE, PREPROCESSING_VERSION, model_input
from digitpad.core.recognizer import METADATA_FILE, MODEL_FILE, NOT_SURE_BELOW, softmax
from digitpad.training import datasets, synth
from digitpad.training.datasets import reading_data

CLASSES = [str(d) for d in range(10)]
KERAS_FILE = "model.keras"  # the trained network before export; training only
NOT_A_DIGIT = 10  # the extra output class for scribbles, letters and shapes


@dataclass
class Settings:
    data: Path | None = None
    pendigits: Path | None = None
    unipen: Path | None = None
    out: Path = ROOT / "assets"
    epochs: int = 19
    batch_size: int = 128
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    seed: int = 2026
    limit: int | None = None
    mnist_calibration: int = 5000
    pen_renders: int = 4
    pen_tilt: float = 15.0
    slashed_zeros: int = 0
    open_sixes: int = 0
    curved_sevens: int = 0
    init: Path | None = None
    non_digits: int = 9000
    width: int = 24
    threads: int = 0
    notes: dict = field(default_factory=dict)


HELP = {  # each setting's --help
    "data": "MNIST IDX folder, e.g. ../shared/data/mnist (without it Keras downloads MNIST)",
    "pendigits": "folder with pendigits-orig.tra (default: MNIST only)",
    "unipen": "unipen_1a_dev.npz: its calibration sources join the calibration (none of its "
    "sources is trained on)",
    "out": "where model.tflite, model.json and model.keras go",
    "epochs": "passes over the training set",
    "batch_size": "digits per step",
    "learning_rate": "AdamW's peak learning rate (cosine schedule after a warm-up)",
    "weight_decay": "AdamW's weight decay",
    "seed": "seeds NumPy, Python and TensorFlow: the same seed gives the same model",
    "limit": "a quick run (tests): the first N MNIST training and test digits, N/10 of them to "
    "calibrate, N/8 non-digits, N/4 pen digits rendered once",
    "mnist_calibration": "the last N MNIST training digits calibrate, never train",
    "pen_renders": "renders of each training writer's pen digit",
    "pen_tilt": "each render is turned by up to this many degrees",
    "slashed_zeros": "renders of each training writer's 0 with a slash (synth.slash_zero)",
    "open_sixes": "renders of each 6 with its loop left open (synth.open_loop)",
    "curved_sevens": "renders of each 7 with its stem bowed (synth.curve_tail)",
    "init": "a trained model.keras to go on training (fine-tuning)",
    "non_digits": "scribbles, letters and shapes taught as not a digit",
    "width": "channels of the first block; later blocks double",
    "threads": "TensorFlow threads (0: TensorFlow chooses)",
}


def parse_settings() -> Settings:
    read = {  # what each path it reads must be: argparse refuses anything else in one line
        "data": datasets.existing_folder,
        "pendigits": datasets.existing_folder,
        "unipen": datasets.existing_file,
        "init": datasets.existing_file,
    }
    return settings_from_arguments(Settings(), HELP, read, __doc__.splitlines()[0])


def settings_from_arguments(defaults, helps: dict, read: dict, description: str, required=()):
    """A settings dataclass filled from the command line: one --option per field that helps
    describes (an int, a float, a Path, or what read says it must be; limit an int or none),
    those named in required without a default."""
    parser = argparse.ArgumentParser(description=description)
    for name, value in asdict(defaults).items():
        if name not in helps:
            continue
        kind = read.get(name) or (
            Path
            if isinstance(value, Path)
            else (int if isinstance(value, int) or name == "limit" else float)
        )
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=kind,
            default=value,
            help=helps[name],
            required=name in required,
        )
    return type(defaults)(**vars(parser.parse_args()))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- data


def preprocess_images(images: np.ndarray) -> np.ndarray:
    from PIL import Image

    out = np.zeros((len(images), INPUT_SIZE, INPUT_SIZE), np.float32)
    for i, pixels in enumerate(images):
        x = model_input(Image.fromarray(pixels))
        if x is not None:
            out[i] = x
    return out


def render_inks(inks) -> np.ndarray:
    out = np.zeros((len(inks), INPUT_SIZE, INPUT_SIZE), np.float32)
    for i, ink in enumerate(inks):
        x = model_input(ink)
        if x is not None:
            out[i] = x
    return out


def load_mnist(settings: Settings) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    if settings.data is None:
        import keras

        (xtr, ytr), (xte, yte) = keras.datasets.mnist.load_data()
        return {"train_images": xtr, "train_labels": ytr, "test_images": xte, "test_labels": yte}, {
            "source": "keras.datasets.mnist"
        }
    mnist = datasets.load_mnist(settings.data)
    sums = {
        name: datasets.file_sha256(settings.data / name) for name in datasets.MNIST_FILES.values()
    }
    return mnist, sums


def placed_ink(strokes, rng, tilt: float, pen_scale=(0.5, 2.0)):
    """The strokes turned by up to tilt degrees and drawn on the canvas as a person would."""
    strokes = synth.rotate_strokes(strokes, rng.uniform(-tilt, tilt))
    return synth.place_like_a_person(strokes, rng, pen_scale=pen_scale)


def pen_digit_inks(digits, writers, renders: int, rng, tilt: float = 0.0, pen_scale=(0.5, 2.0)):
    inks, labels = [], []
    for digit in digits:
        if digit.writer in writers:
            for _ in range(renders):
                inks.append(placed_ink(digit.strokes, rng, tilt, pen_scale))
                labels.append(digit.label)
    return inks, np.array(labels, np.int64)


def restyled_inks(digits, writers, label: int, restyle, renders: int, rng, tilt: float):
    """The writers' digits of label redrawn in a style that MNIST and pendigits rarely have:
    restyle(strokes, rng) gives the new strokes, or None where the digit cannot take it."""
    inks = []
    for digit in digits:
        if digit.label == label and digit.writer in writers:
            for _ in range(renders):
                strokes = restyle(digit.strokes, rng)
                if strokes is not None:
                    inks.append(placed_ink(strokes, rng, tilt))
    return inks


def non_digit_inks(count: int, rng, pen_scale=(0.5, 2.0)):
    return [synth.random_non_digit(rng, pen_scale=pen_scale)[1] for _ in range(count)]


# ---------------------------------------------------------------- model


def block(x, filters: int, kernel: int = 3, strides: int = 1, padding: str = "same"):
    """Convolution, batch normalisation, ReLU: each layer of the network (and the pair one's)."""
    from keras import layers

    x = layers.Conv2D(filters, kernel, strides=strides, padding=padding, use_bias=False)(x)
    x = layers.BatchNormalization(momentum=0.9)(x)
    return layers.ReLU()(x)


def build_model(width: int):
    import keras
    from keras import layers

    inputs = keras.Input((INPUT_SIZE, INPUT_SIZE, 1), name="digit")
    x = block(inputs, width, 5)  # 28x28
    x = block(x, width, strides=2)  # 14x14
    x = block(x, 2 * width)
    x = block(x, 2 * width, strides=2)  # 7x7
    x = block(x, 4 * width, padding="valid")  # 5x5
    x = layers.Flatten()(x)
    x = layers.Dropout(0.4)(x)
    outputs = layers.Dense(len(CLASSES) + 1, name="logits")(x)
    return keras.Model(inputs, outputs, name="digitpad_cnn")


def compiled_trainer(model, settings, examples: int):
    """The model behind the training-time augmentation, compiled: AdamW on a cosine schedule
    after a warm-up, over settings.epochs passes of examples in batches of settings.batch_size
    (settings: any object with those, learning_rate, weight_decay and seed)."""
    import keras

    from digitpad.training.augment import augmentation

    trainer = keras.Sequential([augmentation(settings.seed), model])
    steps = settings.epochs * int(np.ceil(examples / settings.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps, warmup_target=settings.learning_rate, warmup_steps=min(500, steps // 10)
    )
    trainer.compile(
        optimizer=keras.optimizers.AdamW(schedule, weight_decay=settings.weight_decay),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return trainer


# ---------------------------------------------------------------- calibration


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood on held-out data."""
    best_t, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.3), np.log(5.0), 200)):
        p = softmax(logits / t)
        nll = -np.mean(np.log(p[np.arange(len(labels)), labels] + 1e-12))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def earlier_training_seconds(init: Path | None) -> int:
    """The training time of the runs that made init (from the model.json beside it), or 0."""
    metadata = init.parent / METADATA_FILE if init else None
    if metadata is None or not metadata.exists():
        return 0
    earlier = json.loads(metadata.read_text())
    return earlier.get("training_seconds", 0) + earlier.get("earlier_training_seconds", 0)


def predict_logits(model, x: np.ndarray) -> np.ndarray:
    return model.predict(x[..., None], batch_size=512, verbose=0)


# ---------------------------------------------------------------- main


def main() -> None:
    settings = parse_settings()
    started = time.time()
    import keras
    import tensorflow as tf

    if settings.threads:
        tf.config.threading.set_intra_op_parallelism_threads(settings.threads)
        tf.config.threading.set_inter_op_parallelism_threads(settings.threads)
    keras.utils.set_random_seed(settings.seed)
    tf.config.experimental.enable_op_determinism()
    rng = np.random.default_rng(settings.seed)

    log("reading MNIST")
    mnist, checksums = load_mnist(settings)
    train_images, train_labels = mnist["train_images"], mnist["train_labels"].astype(np.int64)
    if settings.limit:
        train_images, train_labels = train_images[: settings.limit], train_labels[: settings.limit]
    # The temperature is fitted on held-out images as well as pen digits: the app reads both.
    held = settings.mnist_calibration if not settings.limit else settings.limit // 10
    kept = len(train_labels) - held
    calibration_x = [preprocess_images(train_images[kept:])]
    calibration_y = [train_labels[kept:]]
    train_images, train_labels = train_images[:kept], train_labels[:kept]
    x_parts = [preprocess_images(train_images)]
    y_parts = [train_labels]
    test_images, y_test = mnist["test_images"], mnist["test_labels"].astype(np.int64)
    if settings.limit:
        test_images, y_test = test_images[: settings.limit], y_test[: settings.limit]
    x_test = preprocess_images(test_images)
    log(
        f"MNIST: {len(train_labels)} training, {held} calibration, {len(y_test)} test digits "
        "preprocessed"
    )

    non_digit_count = settings.non_digits if not settings.limit else settings.limit // 8
    if settings.pendigits is not None:
        tra = settings.pendigits / "pendigits-orig.tra"
        checksums["pendigits-orig.tra"] = datasets.file_sha256(tra)
        pen = datasets.read_pendigits(tra)
        held_out = datasets.PEN_TEST_WRITERS | datasets.PEN_CALIBRATION_WRITERS
        train_writers = {d.writer for d in pen} - held_out
        renders = settings.pen_renders if not settings.limit else 1
        if settings.limit:
            pen = pen[: settings.limit // 4]
        inks, labels = pen_digit_inks(pen, train_writers, renders, rng, settings.pen_tilt)
        x_parts.append(render_inks(inks))
        y_parts.append(labels)
        log(f"pen digits: {len(labels)} renders of writers {sorted(train_writers)}")
        for label, restyle, renders in (
            (0, synth.slash_zero, settings.slashed_zeros),
            (6, synth.open_loop, settings.open_sixes),
            (7, synth.curve_tail, settings.curved_sevens),
        ):
            if renders:
                inks = restyled_inks(
                    pen, train_writers, label, restyle, renders, rng, settings.pen_tilt
                )
                x_parts.append(render_inks(inks))
                y_parts.append(np.full(len(inks), label, np.int64))
                log(f"restyled {label}s: {len(inks)} renders ({restyle.__name__})")
        inks, labels = pen_digit_inks(
            pen, datasets.PEN_CALIBRATION_WRITERS, 1, rng, pen_scale=(1.0, 1.0)
        )
        calibration_x.append(render_inks(inks))
        calibration_y.append(labels)
    if settings.unipen is not None:
        # Only the calibration sources: the other institutions are held out for the figures.
        checksums[settings.unipen.name] = datasets.file_sha256(settings.unipen)
        calibration = [
            digit
            for digit in datasets.read_unipen(settings.unipen)
            if datasets.unipen_source(digit.writer) in datasets.UNIPEN_CALIBRATION_SOURCES
        ]
        inks = [synth.place_like_a_person(digit.strokes, rng) for digit in calibration]
        calibration_x.append(render_inks(inks))
        calibration_y.append(np.array([digit.label for digit in calibration], np.int64))
        sources = ", ".join(sorted(datasets.UNIPEN_CALIBRATION_SOURCES))
        log(f"calibration: {len(inks)} UNIPEN digits of {sources}")
    x_parts.append(render_inks(non_digit_inks(non_digit_count, rng)))
    y_parts.append(np.full(non_digit_count, NOT_A_DIGIT))
    calibration_x.append(render_inks(non_digit_inks(max(50, non_digit_count // 10), rng)))
    calibration_y.append(np.full(len(calibration_x[-1]), NOT_A_DIGIT))
    log(f"non-digits: {non_digit_count} scribbles, letters and shapes")

    x_train = np.concatenate(x_parts)[..., None]
    y_train = np.concatenate(y_parts)
    log(f"training set: {len(y_train)} images in {time.time() - started:.0f} s")

    if settings.init is None:
        model = build_model(settings.width)
    else:  # go on training a trained network on this data
        model = keras.models.load_model(settings.init)
        checksums[f"init: {settings.init.name}"] = datasets.file_sha256(settings.init)
    trainer = compiled_trainer(model, settings, len(y_train))
    log(f"model: {model.count_params():,} parameters; training {settings.epochs} epochs")
    trainer.fit(
        x_train,
        y_train,
        batch_size=settings.batch_size,
        epochs=settings.epochs,
        shuffle=True,
        verbose=2,
        validation_data=(x_test[:2000, ..., None], y_test[:2000]),
    )
    train_seconds = time.time() - started

    held_x = np.concatenate(calibration_x)
    held_y = np.concatenate(calibration_y)
    temperature = fit_temperature(predict_logits(model, held_x), held_y)
    test_probs = softmax(predict_logits(model, x_test) / temperature)
    test_accuracy = float(np.mean(test_probs[:, :10].argmax(axis=1) == y_test))
    log(
        f"temperature {temperature:.3f}; MNIST test accuracy {test_accuracy:.4%} "
        "through the app's preprocessing"
    )

    settings.out.mkdir(parents=True, exist_ok=True)
    keras_path = settings.out / KERAS_FILE
    tflite_path = settings.out / MODEL_FILE
    model.save(keras_path)
    # model.tflite with the features as a second output if its logits stay bit-identical;
    # otherwise a logits-only model.tflite and a separate features.tflite.
    from export_features import check_inputs, export_with_features

    checks = np.concatenate([check_inputs(), x_test[:2000]])
    features = export_with_features(model, settings.out, checks, log=log)
    metadata = {
        "name": "digitpad CNN",
        "classes": CLASSES,
        "outputs": len(CLASSES) + 1,
        "not_a_digit_output": NOT_A_DIGIT,
        "input_shape": [INPUT_SIZE, INPUT_SIZE, 1],
        "preprocessing_version": PREPROCESSING_VERSION,
        "temperature": round(temperature, 4),
        "not_sure_below": NOT_SURE_BELOW,
        "parameters": int(model.count_params()),
        "mnist_test_accuracy": round(test_accuracy, 5),
        "training_data_sha256": checksums,
        "training_images": len(y_train),
        "training_seconds": round(train_seconds),
        "earlier_training_seconds": earlier_training_seconds(settings.init),
        "settings": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in asdict(settings).items()
            if k not in ("out", "notes")
        },
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "tensorflow": tf.__version__,
        "features": features,
    }
    (settings.out / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n")
    log(
        f"wrote {keras_path.name}, {tflite_path.name} ({tflite_path.stat().st_size / 1024:.0f} "
        f"KB) and {METADATA_FILE} to {settings.out} in {time.time() - started:.0f} s"
    )


if __name__ == "__main__":
    with reading_data():
        main()
