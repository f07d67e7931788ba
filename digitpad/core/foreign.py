"""Models that users trained themselves: opened from .tflite, .keras/.h5 or .onnx files.

A model qualifies if it takes one 28x28 greyscale digit (shaped 28x28, 28x28x1, 1x28x28 or
784) and gives 10 scores, one per digit, or 11: the last for "not a digit", as the models that
tools/train.py makes. How it wants its input scaled and which way round (white on black,
as MNIST, or the opposite), and whether it gives probabilities or logits, is found by reading
labelled digits under each convention (find_conventions).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np

from digitpad.core.errors import FILE_ERRORS, ModelError
from digitpad.core.files import is_special
from digitpad.core.format import count as plural
from digitpad.core.recognizer import (
    NOT_SURE_BELOW,
    Recognition,
    invoke,
    ranked_digits,
    softmax,
)

log = logging.getLogger(__name__)

SUFFIXES = {".tflite": "LiteRT", ".keras": "Keras", ".h5": "Keras", ".onnx": "ONNX"}
# MNIST's pixel mean and standard deviation, as the PyTorch and Keras tutorials normalise.
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
SCALES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "0-1": lambda x: x,
    "0-255": lambda x: x * 255.0,
    "MNIST mean/std": lambda x: (x - MNIST_MEAN) / MNIST_STD,
    "-1 to 1": lambda x: x * 2.0 - 1.0,
}
# 10 digits, or 10 digits and "not a digit" last.
OUTPUT_SIZES = (10, 11)
# A model that reads fewer of the built-in digits right than this with the conventions found
# is hardly a digit reader (chance is 10%): the user is asked whether it was trained.
NEAR_CHANCE = 0.3
# Conventions are told apart by how surely the model reads the true digits, among those that
# read at most this share fewer of them right than the best (a fresh tester's weak model read
# 62% right at the 0-255 it was trained on, and was given MNIST mean/std: 52%).
CLOSE_ACCURACY = 0.02
LAYOUTS = {(28, 28): (28, 28), (28, 28, 1): (28, 28, 1), (1, 28, 28): (1, 28, 28), (784,): (784,)}


@dataclass(frozen=True)
class Conventions:
    """How a model wants its input and what its output means."""

    scale: str = "0-1"  # a key of SCALES
    inverted: bool = False  # True: a black digit on white
    logits: bool = False  # True: the outputs need a softmax

    def prepare(self, inputs: np.ndarray) -> np.ndarray:
        """(n, 28, 28) float32 inputs in 0-1, white on black, as this model wants them."""
        pixels = 1.0 - inputs if self.inverted else inputs
        return SCALES[self.scale](pixels).astype(np.float32)

    def describe(self) -> str:
        polarity = "black digit on white" if self.inverted else "white digit on black"
        output = "logits" if self.logits else "probabilities"
        return f"pixels {self.scale}, {polarity}, outputs {output}"


class ForeignModel:
    """A user's digit classifier, run with the runtime its file format needs.

    Raises ModelError, with one sentence for the user, when the file cannot be opened, its
    runtime is not installed, or its input or output does not fit a 28x28 digit and 10 scores.
    """

    def __init__(self, path: str | Path, conventions: Conventions | None = None) -> None:
        if not str(path):
            raise ModelError("no model file was named")
        self.path = Path(path)
        self.name = self.path.name
        suffix = self.path.suffix.lower()
        if self.path.is_dir():
            raise ModelError(f"{self.name} is a folder, not a model file")
        if suffix not in SUFFIXES:
            raise ModelError(
                f"{self.name} is not a model file digitpad can open (.tflite, .keras, .h5 or .onnx)"
            )
        if is_special(self.path):
            raise ModelError(f"{self.name} is a device or a pipe, not a model file")
        if not self.path.is_file():
            raise ModelError(f"{self.name}: {FILE_ERRORS[FileNotFoundError]}")
        if self.path.stat().st_size == 0:
            raise ModelError(f"{self.name} is empty: it holds no model")
        self.runtime = SUFFIXES[suffix]
        loader = {"LiteRT": _TfliteRunner, "Keras": _KerasRunner, "ONNX": _OnnxRunner}
        self._runner = loader[self.runtime](self.path)
        shape = tuple(self._runner.input_shape)
        if shape not in LAYOUTS:
            raise ModelError(
                f"{self.name} does not take one 28x28 greyscale digit (one input is "
                f"{shape_words(shape)})"
            )
        if self._runner.output_size is not None:  # else checked on use
            self._check_output_size(self._runner.output_size)
        self.conventions = conventions or Conventions()

    @property
    def input_shape(self) -> tuple[int, ...]:
        """The shape of one input the model takes: (28, 28), (28, 28, 1), (1, 28, 28) or (784,)."""
        return tuple(self._runner.input_shape)

    def scores(self, inputs: np.ndarray) -> np.ndarray:
        """Raw outputs, (n, 10 or 11) float64, for (n, 28, 28) inputs already prepared."""
        batch = inputs.reshape(len(inputs), *self._runner.input_shape)
        try:
            outputs = in_batches(self._runner.run, batch, self._runner.batch_size)
        except Exception as error:  # a runtime's own errors, of many kinds
            log.warning("%s failed to run", self.name, exc_info=error)
            raise ModelError(
                f"{self.name} stops with an error when it reads a 28x28 digit (the log has "
                "its runtime's message)"
            ) from None
        if outputs.size % len(inputs):  # one output for the whole batch, say
            raise ModelError(
                f"{self.name} does not give an output for each digit it is given: "
                f"{plural(len(inputs), 'digit')} at once gave {plural(outputs.size, 'value')}"
            )
        outputs = outputs.reshape(len(inputs), -1)
        self._check_output_size(outputs.shape[1])
        if not np.isfinite(outputs).all():
            raise ModelError(f"{self.name} gives outputs that are not numbers (NaN or infinity)")
        return outputs

    def _check_output_size(self, size: int) -> None:
        """Raise ModelError unless size is one of OUTPUT_SIZES."""
        if size not in OUTPUT_SIZES:
            raise ModelError(
                f"{self.name} does not give 10 scores, one per digit, or 11 with "
                f'"not a digit" last (its output has {size})'
            )

    def probabilities(self, inputs: np.ndarray, conventions: Conventions | None = None):
        """(n, 10 or 11) probabilities for (n, 28, 28) float32 inputs in 0-1, white on black:
        the digits', then "not a digit" for a model that gives it. Outputs taken as
        probabilities are scaled to sum to 1, a negative one counted as 0 (logits_refused
        says whether any is)."""
        conventions = conventions or self.conventions
        outputs = self.scores(conventions.prepare(np.asarray(inputs, np.float32)))
        if conventions.logits:
            return softmax(outputs)
        outputs = np.clip(outputs, 0.0, None)
        return outputs / np.maximum(outputs.sum(axis=1, keepdims=True), 1e-12)

    def logits_refused(self, inputs: np.ndarray, conventions: Conventions) -> str | None:
        """Why the outputs for (n, 28, 28) float32 inputs in 0-1 cannot be probabilities
        under these conventions (some are negative), or None if they can be."""
        if conventions.logits:
            return None
        outputs = self.scores(conventions.prepare(np.asarray(inputs, np.float32)))
        if outputs.min() >= 0:
            return None
        return (
            f"{self.name} gives negative outputs, which probabilities cannot be: "
            "its outputs are logits"
        )

    def recognize_batch(self, inputs: np.ndarray) -> list[Recognition]:
        """Read (n, 28, 28) inputs in 0-1 as digitpad's own Recognizer does."""
        results = []
        for row in self.probabilities(inputs):
            digits = row[:10]
            ranked = ranked_digits(digits)
            results.append(Recognition(ranked, float(digits.sum()), ranked[0][1] < NOT_SURE_BELOW))
        return results


def find_conventions(
    model: ForeignModel, inputs: np.ndarray, labels: np.ndarray
) -> tuple[Conventions, dict[Conventions, float]]:
    """The convention under which the model reads labelled digits best, and every accuracy.

    inputs: (n, 28, 28) float32 in 0-1, white on black; labels: (n,) ints. Outputs that are
    rows of non-negative numbers summing to 1 are probabilities, others logits. Of the input
    conventions that read within CLOSE_ACCURACY of the most digits right, the one giving the
    true digits the highest mean log-likelihood wins: a network often reads most digits right
    under a neighbouring scaling too, but less surely (and a weak one more surely under a
    scaling that reads fewer right).
    """
    outputs = model.scores(Conventions().prepare(inputs))
    logits = not ((outputs >= 0).all() and np.allclose(outputs.sum(axis=1), 1.0, atol=1e-3))
    accuracy, likelihood = {}, {}
    for scale, inverted in product(SCALES, (False, True)):
        candidate = Conventions(scale, inverted, logits)
        probabilities = model.probabilities(inputs, candidate)
        accuracy[candidate] = float(np.mean(probabilities.argmax(axis=1) == labels))
        chosen = probabilities[np.arange(len(labels)), labels]
        likelihood[candidate] = float(np.mean(np.log(np.clip(chosen, 1e-12, 1.0))))
    best = max(accuracy.values())
    close = [c for c in likelihood if accuracy[c] >= best - CLOSE_ACCURACY]
    return max(close, key=likelihood.get), accuracy


class _TfliteRunner:
    def __init__(self, path: Path) -> None:
        from digitpad.core.recognizer import make_interpreter

        self._interpreter = make_interpreter(path)
        details = self._interpreter.get_input_details()
        if len(details) != 1 or details[0]["dtype"] != np.float32:
            raise ModelError(
                f"{path.name} needs a single float32 input (quantised models are not supported)"
            )
        self._input = details[0]["index"]
        outputs = self._interpreter.get_output_details()
        chosen = outputs[scores_output([output_values(o["shape"]) for o in outputs])]
        self._output = chosen["index"]
        shape = details[0]["shape"]
        self.input_shape = tuple(int(s) for s in shape[1:])
        self.output_size = output_values(chosen["shape"])
        # A scalar input has no batch axis: ForeignModel refuses it by its input_shape, ().
        self._batch = int(shape[0]) if len(shape) else 1
        self.batch_size = fixed_size(int(details[0]["shape_signature"][0])) if len(shape) else None

    def run(self, batch: np.ndarray) -> np.ndarray:
        self._batch = invoke(self._interpreter, self._input, batch, self._batch)
        return self._interpreter.get_tensor(self._output).copy()


def shape_words(shape: tuple[int, ...]) -> str:
    """One input's shape (batch axis left out) in words: 'a scalar', '2 numbers', '28x28x3'."""
    if not shape:
        return "a scalar"
    if len(shape) == 1:
        return f"{shape[0]} number" + ("" if shape[0] == 1 else "s")
    return "x".join(str(size) for size in shape)


def in_batches(
    run: Callable[[np.ndarray], np.ndarray], inputs: np.ndarray, size: int | None
) -> np.ndarray:
    """run's outputs for inputs, (n, ...) float64: all at once, or size at a time for a model
    made for batches of that size only (torch.onnx.export's default is 1), the last batch
    padded with zeros."""
    if size is None:
        return np.asarray(run(inputs), dtype=np.float64)
    parts = []
    for start in range(0, len(inputs), size):
        chunk = inputs[start : start + size]
        padding = np.zeros((size - len(chunk), *chunk.shape[1:]), chunk.dtype)
        # One row per input, also where the output has no batch axis (a batch of one).
        output = np.asarray(run(np.concatenate([chunk, padding])))
        parts.append(output.reshape(size, -1)[: len(chunk)])
    return np.concatenate(parts).astype(np.float64)


def fixed_size(size: object) -> int | None:
    """A model's batch size if it takes only that many inputs at once, else None (any)."""
    return size if isinstance(size, int) and size > 0 else None


def output_values(shape) -> int | None:
    """How many values an output of this shape (as a runtime gives it: a list, an array or a
    tuple) holds for each input, as scores() reads it: the product of the sizes after the
    batch axis, the one size of an output without one, 1 for a scalar; None where a size is
    not known before a run (an ONNX size given as a name, a Keras size of None)."""
    sizes = list(shape)[1:] if len(shape) > 1 else list(shape)
    if not all(isinstance(size, (int, np.integer)) for size in sizes):
        return None
    return int(np.prod(sizes, dtype=np.int64))


def scores_output(sizes: list[int | None]) -> int:
    """Which of a model's outputs, given how many values each holds (output_values), is
    read: the first that gives 10 or 11 scores (a second output may be a feature vector, as
    digitpad's own model has), or the first output if none does (refused then by its size)."""
    return next((i for i, size in enumerate(sizes) if size in OUTPUT_SIZES), 0)


def install_hint(extra: str) -> str:
    """How this very installation gets one of digitpad's extras ("keras", "onnx"): a frozen
    app cannot; a source checkout installs the extra into its own environment; any other
    install (digitpad is not on PyPI) installs the library the extra stands for."""
    if getattr(sys, "frozen", False):
        return (
            "the installed app does not include it: convert the model to .tflite, which it "
            "opens, or run digitpad from source"
        )
    checkout = Path(__file__).resolve().parents[2]
    python = sys.executable
    if (checkout / "pyproject.toml").is_file():
        return f"install it with {python} -m pip install -e '{checkout}[{extra}]'"
    library = {"keras": "tensorflow", "onnx": "onnxruntime"}[extra]
    return f"install {library} with {python} -m pip install {library}"


# The first bytes of Keras' two formats: .h5 files are HDF5, .keras files zip archives.
KERAS_SIGNATURES = {".h5": b"\x89HDF\r\n\x1a\n", ".keras": b"PK\x03\x04"}


def _keras_suffix_for(path: Path) -> str | None:
    """The suffix that Keras would need to load path, when its contents are the other of
    Keras' two formats (.h5, .keras) than its suffix says; otherwise None."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
    except OSError:
        return None
    for suffix, signature in KERAS_SIGNATURES.items():
        if head.startswith(signature) and path.suffix.lower() != suffix:
            return suffix
    return None


class _KerasRunner:
    def __init__(self, path: Path) -> None:
        # TensorFlow's notes about its build, printed on loading, are not for the user; an
        # environment that sets either variable keeps its own choice.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # its note is printed regardless
        try:
            import keras
        except ImportError:
            raise ModelError(f"opening {path.name} needs Keras: {install_hint('keras')}") from None
        try:  # safe_mode refuses models that would run arbitrary code (lambda layers)
            self._model = keras.saving.load_model(path, compile=False, safe_mode=True)
        except Exception as error:  # noqa: BLE001 - corrupt files raise many kinds
            if "arbitrary code" in str(error):
                raise ModelError(
                    f"{path.name} holds Python code (a Lambda layer), which digitpad does not run"
                ) from None
            if rename := _keras_suffix_for(path):
                raise ModelError(
                    f"{path.name} is a Keras model saved under the other format's name: "
                    f"rename it to end in {rename} to open it"
                ) from None
            raise ModelError(f"{path.name} is not a Keras model digitpad can open") from None
        if self._model.inputs and len(self._model.inputs) != 1:
            raise ModelError(f"{path.name} takes {len(self._model.inputs)} inputs, not one digit")
        shape = self._model.inputs[0].shape if self._model.inputs else None
        self.input_shape = tuple(int(s) for s in shape[1:]) if shape else ()
        self.batch_size = fixed_size(shape[0]) if shape else None
        sizes = [output_values(output.shape) for output in self._model.outputs or []]
        self.output_size = sizes[scores_output(sizes)] if sizes else 0

    def run(self, batch: np.ndarray) -> np.ndarray:
        outputs = self._model(batch, training=False)
        if isinstance(outputs, dict):  # outputs by name: their order is the model's
            outputs = list(outputs.values())
        if isinstance(outputs, (list, tuple)):
            outputs = outputs[scores_output([output_values(output.shape) for output in outputs])]
        return np.asarray(outputs)


class _OnnxRunner:
    def __init__(self, path: Path) -> None:
        try:
            import onnxruntime
        except ImportError:
            raise ModelError(
                f"opening {path.name} needs ONNX Runtime: {install_hint('onnx')}"
            ) from None
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 4  # fatal only: its errors reach the user as ModelError
        try:
            self._session = onnxruntime.InferenceSession(
                str(path), options, providers=["CPUExecutionProvider"]
            )
        except Exception:  # noqa: BLE001 - corrupt files raise the runtime's own errors
            raise ModelError(f"{path.name} is not an ONNX model digitpad can open") from None
        inputs = self._session.get_inputs()
        if len(inputs) != 1:
            raise ModelError(f"{path.name} takes {len(inputs)} inputs, not one digit")
        first = inputs[0]
        if first.type != "tensor(float)":
            raise ModelError(
                f"{path.name} needs a single float32 input (its input is {first.type})"
            )
        self._name = first.name
        self.input_shape = tuple(s if isinstance(s, int) else -1 for s in first.shape[1:])
        self.batch_size = fixed_size(first.shape[0]) if first.shape else None
        sizes = [output_values(o.shape) for o in self._session.get_outputs()]
        self._output = scores_output(sizes)
        self.output_size = sizes[self._output]

    def run(self, batch: np.ndarray) -> np.ndarray:
        return self._session.run(None, {self._name: batch})[self._output]
