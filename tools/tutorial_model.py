"""Train the classic Keras tutorial's CNN on MNIST and save it (docs/your-model.md's model).

It is the model that docs/your-model.md opens beside digitpad's.

    python tools/tutorial_model.py --data ../shared/data/mnist --out mnist.h5

The network of keras-io's "Simple MNIST convnet" (Conv 32, Conv 64, MaxPool, Dropout, Dense
128, Dropout, Dense 10 softmax), trained for two epochs on the first 20,000 MNIST training
digits, 0-1 white on black, from a seed. Needs the train extra (TensorFlow).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digitpad.training.datasets import DATA_DIR, existing_folder, load_mnist, reading_data


def train_tutorial_cnn(data: Path, digits: int, epochs: int, seed: int, verbose: int = 2):
    """The tutorial's network (see the module docstring), trained from seed on the first
    digits MNIST training digits of the IDX folder data for epochs: a keras.Model."""
    import keras
    import tensorflow as tf
    from keras import layers

    keras.utils.set_random_seed(seed)
    # The same seed, the same model from run to run on one machine: without this, TensorFlow's
    # multi-threaded kernels add up in an order that varies. Another CPU may still differ.
    tf.config.experimental.enable_op_determinism()
    mnist = load_mnist(data)
    x = mnist["train_images"][:digits, ..., None].astype("float32") / 255
    y = mnist["train_labels"][:digits]
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Dropout(0.25),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=128, epochs=epochs, verbose=verbose)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=existing_folder,
        default=str(DATA_DIR / "mnist"),
        help="the folder with MNIST's four IDX files (default: ../shared/data/mnist, or mnist in "
        "DIGITPAD_SHARED_DATA)",
    )
    parser.add_argument("--out", type=Path, default=Path("mnist.h5"), help=".h5, .keras")
    parser.add_argument("--digits", type=int, default=20_000, help="MNIST digits trained on")
    parser.add_argument("--epochs", type=int, default=2, help="passes over the digits")
    parser.add_argument("--seed", type=int, default=1, help="the same seed, the same model")
    args = parser.parse_args()
    model = train_tutorial_cnn(args.data, args.digits, args.epochs, args.seed)
    model.save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    with reading_data():
        main()
