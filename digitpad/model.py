"""The model service: loads the trained CNN and turns 28x28 inputs into digit probabilities."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.errors import ModelError
from digitpad.preprocess import INPUT_SIZE, PREPROCESSING_VERSION
from digitpad.resources import assets_dir

MODEL_FILES = {"tflite": "model.tflite", "keras": "model.keras", "metadata": "model.json"}
# Below this probability of its best digit, a reading is shown as "not sure".
NOT_SURE_BELOW = 0.6
# Every reading averages the network over two views of the input: a little thinner and a
# little thicker (halfway to a 3x3 erosion and dilation). It makes the answer depend less on
# the pen: on unseen writers' pen digits 98.76% -> 99.36% (tools/evaluate.py). Chosen on the
# calibration writers: as accurate as adding the input as drawn as a third view, more often
# the same answer when a digit is redrawn, and a third less work.
STROKE_VIEWS = (-0.5, 0.5)


@dataclass(frozen=True)
class Recognition:
    """What the network reads: all ten digits by probability (summing to 1), best first."""

    ranked: list[tuple[int, float]]
    digit_probability: float  # how sure the network is that this is a digit at all
    not_sure: bool

    def top(self, k: int) -> list[tuple[int, float]]:
        return self.ranked[:max(1, min(k, len(self.ranked)))]


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


class Recognizer:
    """Runs the exported network with LiteRT (TensorFlow's interpreter where LiteRT is absent)."""

    def __init__(self, directory: str | os.PathLike | None = None,
                 views: tuple[float, ...] = STROKE_VIEWS) -> None:
        self.views = views
        directory = Path(directory) if directory is not None else assets_dir()
        self.metadata = load_metadata(directory / MODEL_FILES["metadata"])
        self.temperature = float(self.metadata.get("temperature", 1.0))
        self.not_sure_below = float(self.metadata.get("not_sure_below", NOT_SURE_BELOW))
        self.reject_output = self.metadata.get("not_a_digit_output")
        self._interpreter = _make_interpreter(directory / MODEL_FILES["tflite"])
        self._input = self._interpreter.get_input_details()[0]["index"]
        self._output = self._interpreter.get_output_details()[0]["index"]
        self._batch = 1
        outputs = self._interpreter.get_output_details()[0]["shape"][-1]
        if outputs != self.metadata["outputs"]:
            raise ModelError("the model file does not match its metadata")

    def logits(self, inputs: np.ndarray) -> np.ndarray:
        """Raw outputs for a batch of 28x28 inputs, shape (n, outputs)."""
        inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE, 1)
        if len(inputs) != self._batch:
            self._interpreter.resize_tensor_input(self._input, list(inputs.shape))
            self._interpreter.allocate_tensors()
            self._batch = len(inputs)
        self._interpreter.set_tensor(self._input, inputs)
        self._interpreter.invoke()
        return self._interpreter.get_tensor(self._output).copy()

    def recognize_batch(self, inputs: np.ndarray) -> list[Recognition]:
        inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE)
        views = stroke_views(inputs, self.views)
        logits = self.logits(views.reshape(-1, INPUT_SIZE, INPUT_SIZE))
        logits = logits.reshape(len(self.views), len(inputs), -1)
        probabilities = softmax(logits / self.temperature).mean(axis=0)
        return [self._to_recognition(p) for p in probabilities]

    def recognize(self, model_input: np.ndarray) -> Recognition:
        return self.recognize_batch(model_input[None])[0]

    def _to_recognition(self, probabilities: np.ndarray) -> Recognition:
        digits = probabilities[:10].astype(np.float64)
        digit_probability = float(digits.sum())
        best = float(digits.max())
        digits = digits / digit_probability
        order = np.argsort(-digits, kind="stable")
        ranked = [(int(d), float(digits[d])) for d in order]
        return Recognition(ranked, digit_probability, best < self.not_sure_below)


def stroke_views(inputs: np.ndarray, amounts: tuple[float, ...] = STROKE_VIEWS) -> np.ndarray:
    """(views, n, 28, 28): each input thinned (< 0) or thickened (> 0) by each amount."""
    padded = np.zeros((len(inputs), INPUT_SIZE + 2, INPUT_SIZE + 2), inputs.dtype)
    padded[:, 1:-1, 1:-1] = inputs
    # 3x3 dilation and erosion, each as a 3-wide pass down the rows, then across the columns.
    dilated = _along_columns(np.maximum, _along_rows(np.maximum, padded))
    eroded = _along_columns(np.minimum, _along_rows(np.minimum, padded))
    views = np.empty((len(amounts), *inputs.shape), inputs.dtype)
    for view, amount in zip(views, amounts):
        view[:] = inputs + abs(amount) * ((dilated if amount > 0 else eroded) - inputs)
    return views


def _along_rows(pick, values: np.ndarray) -> np.ndarray:
    return pick(pick(values[:, :-2], values[:, 1:-1]), values[:, 2:])


def _along_columns(pick, values: np.ndarray) -> np.ndarray:
    return pick(pick(values[:, :, :-2], values[:, :, 1:-1]), values[:, :, 2:])


def load_metadata(path: Path) -> dict:
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"the model is missing ({path.name} not found in {path.parent})") \
            from None
    except (OSError, ValueError):
        raise ModelError(f"the model's metadata ({path.name}) is unreadable") from None
    if not isinstance(metadata, dict):
        raise ModelError(f"the model's metadata ({path.name}) is not a JSON object")
    version = metadata.get("preprocessing_version")
    if version != PREPROCESSING_VERSION:
        raise ModelError(f"the model was trained for preprocessing version {version}, "
                         f"but this app uses version {PREPROCESSING_VERSION}")
    if metadata.get("input_shape") != [INPUT_SIZE, INPUT_SIZE, 1]:
        raise ModelError("the model expects a different input shape")
    if metadata.get("classes") != [str(d) for d in range(10)]:
        raise ModelError("the model's classes are not the digits 0-9")
    if not isinstance(metadata.get("outputs"), int):
        raise ModelError("the model's metadata does not say how many outputs it has")
    return metadata


def _make_interpreter(path: Path):
    if not path.is_file():
        raise ModelError(f"the model is missing ({path.name} not found in {path.parent})")
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:  # no LiteRT wheel for this platform: TensorFlow's own interpreter
        try:
            from tensorflow.lite import Interpreter
        except ImportError:
            raise ModelError("neither LiteRT (ai-edge-litert) nor TensorFlow is installed") \
                from None
    try:
        with _native_stderr_silenced():
            interpreter = Interpreter(model_path=str(path), num_threads=1)
            interpreter.allocate_tensors()
    except (ValueError, RuntimeError):
        raise ModelError(f"the model file {path.name} is corrupt") from None
    return interpreter


@contextlib.contextmanager
def _native_stderr_silenced():
    """LiteRT announces its CPU delegate on the C stderr; `predict` output stays clean."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all (a windowed app): nothing to silence
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
