"""Export the network's feature vector for the app, without changing what it reads.

    python tools/export_features.py --mnist ../shared/data/mnist

Reads assets/model.keras and exports its penultimate activations (the flattened output of
the last convolution block, the vector the "logits" layer reads) as a second output of
assets/model.tflite, next to the logits. The new file replaces the old one only if its
logits are bit-identical to the old file's on every check input (the 40 built-in samples,
and the first --count MNIST test digits with --mnist, each in every stroke view, read one
at a time and as one batch). Otherwise model.tflite is left alone and the features go to a
separate assets/features.tflite. model.json records what was done under "features".

tools/train.py calls export_with_features at export time, so every new model has them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digitpad.core.files import atomic_write, load_drawing
from digitpad.core.preprocess import model_input
from digitpad.core.recognizer import (
    FEATURES_FILE,
    METADATA_FILE,
    MODEL_FILE,
    STROKE_VIEWS,
    make_interpreter,
    stroke_views,
)

FEATURE_LAYER = "flatten"  # the penultimate activations: what the "logits" layer reads
LOGITS_LAYER = "logits"


def feature_model(model, features: bool = True, logits: bool = True):
    """A Keras model with the same weights that outputs [logits, features] (or one of them)."""
    import keras

    outputs = []
    if logits:
        outputs.append(model.get_layer(LOGITS_LAYER).output)
    if features:
        outputs.append(model.get_layer(FEATURE_LAYER).output)
    return keras.Model(model.inputs, outputs if len(outputs) > 1 else outputs[0], name=model.name)


def tflite_bytes(model) -> bytes:
    """The model exported for LiteRT, as bytes (Keras' own exporter, as train.py uses)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.tflite")
        model.export(path, format="litert", verbose=False)
        return Path(path).read_bytes()


def run_tflite(data: bytes, inputs: np.ndarray, batch: int) -> dict[int, np.ndarray]:
    """{last dimension: output} of a .tflite model on (n, 28, 28) inputs, batch at a time.

    Runs the app's own interpreter (LiteRT, one thread), the way the Recognizer does.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "model.tflite")
        path.write_bytes(data)
        interpreter = make_interpreter(path)
    index = interpreter.get_input_details()[0]["index"]
    outputs = {int(d["shape"][-1]): d["index"] for d in interpreter.get_output_details()}
    results: dict[int, list[np.ndarray]] = {size: [] for size in outputs}
    inputs = inputs.astype(np.float32).reshape(-1, 28, 28, 1)
    for start in range(0, len(inputs), batch):
        chunk = inputs[start : start + batch]
        interpreter.resize_tensor_input(index, list(chunk.shape))
        interpreter.allocate_tensors()
        interpreter.set_tensor(index, chunk)
        interpreter.invoke()
        for size, output in outputs.items():
            results[size].append(interpreter.get_tensor(output).copy())
    return {size: np.concatenate(parts) for size, parts in results.items()}


def output_name(data: bytes, size: int) -> str:
    """The tensor name of the output whose last dimension is size."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "model.tflite")
        path.write_bytes(data)
        interpreter = make_interpreter(path)
    [name] = [d["name"] for d in interpreter.get_output_details() if d["shape"][-1] == size]
    return name


def bit_identical(a: np.ndarray, b: np.ndarray) -> bool:
    """Same shape and the same float32 bit patterns everywhere (-0.0 differs from 0.0)."""
    a, b = np.ascontiguousarray(a, np.float32), np.ascontiguousarray(b, np.float32)
    return a.shape == b.shape and np.array_equal(a.view(np.uint32), b.view(np.uint32))


def check_inputs(mnist: Path | None = None, count: int = 3000) -> np.ndarray:
    """(n, 28, 28) float32: the built-in samples and the first count MNIST test digits, as
    the app feeds them (model_input), each in every stroke view."""
    paths = sorted((ROOT / "assets" / "samples").iterdir())
    inputs = [model_input(load_drawing(p)) for p in paths if p.suffix in (".png", ".json")]
    if mnist is not None and count > 0:
        from PIL import Image

        from digitpad.training import datasets

        images = datasets.read_idx(mnist / datasets.MNIST_FILES["test_images"])[:count]
        inputs += [model_input(Image.fromarray(x)) for x in images]
    base = np.stack([x for x in inputs if x is not None])
    return stroke_views(base, STROKE_VIEWS).reshape(-1, 28, 28)


def export_with_features(
    model, out: Path, inputs: np.ndarray, reference: bytes | None = None, log=print
) -> dict:
    """Export model's logits and features to out; return model.json's "features" entry.

    reference: the bytes of the logits-only .tflite that the app reads today (None: a fresh
    export of model). A two-output model.tflite replaces it only if its logits are
    bit-identical to the reference's on inputs, (n, 28, 28) float32, read one at a time
    and in batches of 256; otherwise the reference is written as model.tflite and the
    features go to a separate features.tflite.
    """
    out = Path(out)
    features_size = int(model.get_layer(FEATURE_LAYER).output.shape[-1])
    outputs = int(model.get_layer(LOGITS_LAYER).output.shape[-1])
    if reference is None:
        reference = tflite_bytes(model)
    both = tflite_bytes(feature_model(model))
    identical = True
    for batch in (1, 256):
        want = run_tflite(reference, inputs, batch)[outputs]
        got = run_tflite(both, inputs, batch)[outputs]
        same = bit_identical(want, got)
        log(
            f"logits of the two-output model vs the logits-only model, {len(inputs)} inputs "
            f"in batches of {batch}: {'bit-identical' if same else 'DIFFERENT'} "
            f"(largest difference {np.abs(want - got).max():.3g})"
        )
        identical &= same
    entry = {
        "layer": FEATURE_LAYER,
        "size": features_size,
        "checked_inputs": len(inputs),
    }
    if identical:
        atomic_write(out / MODEL_FILE, both)
        (out / FEATURES_FILE).unlink(missing_ok=True)
        entry |= {"file": MODEL_FILE, "output": output_name(both, features_size)}
        entry["logits_bit_identical"] = True
        log(f"wrote {MODEL_FILE} with two outputs ({len(both) / 1024:.0f} KB)")
    else:
        only = tflite_bytes(feature_model(model, logits=False))
        atomic_write(out / MODEL_FILE, reference)
        atomic_write(out / FEATURES_FILE, only)
        entry |= {"file": FEATURES_FILE, "output": output_name(only, features_size)}
        entry["logits_bit_identical"] = False
        log(f"kept {MODEL_FILE}; wrote {FEATURES_FILE} ({len(only) / 1024:.0f} KB)")
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=Path, default=ROOT / "assets", help="model folder")
    parser.add_argument("--mnist", type=Path, default=None, help="MNIST IDX folder for checks")
    parser.add_argument("--count", type=int, default=3000, help="MNIST test digits to check")
    args = parser.parse_args()
    import keras

    model = keras.saving.load_model(args.assets / "model.keras")
    metadata_path = args.assets / METADATA_FILE
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    tflite = args.assets / MODEL_FILE
    reference = tflite.read_bytes()
    if "features" in metadata and metadata["features"].get("file") == MODEL_FILE:
        # Already two outputs: check against a logits-only export of the same network.
        reference = tflite_bytes(model)
    inputs = check_inputs(args.mnist, args.count)
    entry = export_with_features(model, args.assets, inputs, reference)
    entry["exported"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    metadata["features"] = entry
    atomic_write(metadata_path, (json.dumps(metadata, indent=2) + "\n").encode("utf-8"))
    print(f'recorded in {metadata_path}: "features": {json.dumps(entry)}')


if __name__ == "__main__":
    main()
