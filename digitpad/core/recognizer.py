"""The recognizer: runs the exported CNN (LiteRT) on 28x28 inputs and gives digit probabilities."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from digitpad.core.errors import ModelError
from digitpad.core.preprocess import INPUT_SIZE, PREPROCESSING_VERSION
from digitpad.core.resources import assets_dir

if TYPE_CHECKING:
    from ai_edge_litert.interpreter import Interpreter

MODEL_FILE = "model.tflite"
# The feature vector's model when model.tflite has no second output (model.json: "features").
FEATURES_FILE = "features.tflite"
METADATA_FILE = "model.json"
DIGITS = [str(d) for d in range(10)]
# A reading whose best digit is less likely than this is shown as "not sure".
NOT_SURE_BELOW = 0.6
# Every reading averages the network over two views of the input, a little thinner and a
# little thicker, so that the answer depends less on the pen (docs/decisions/stroke-views.md).
STROKE_VIEWS = (-0.5, 0.5)


@dataclass(frozen=True)
class ModelMetadata:
    """model.json: what the exported network expects and how it was made; checked on load."""

    outputs: int
    not_a_digit_output: int | None
    temperature: float = 1.0
    not_sure_below: float = NOT_SURE_BELOW
    name: str = "CNN"
    parameters: int = 0
    mnist_test_accuracy: float = 0.0
    preprocessing_version: int = PREPROCESSING_VERSION
    created: str = "?"
    tensorflow: str = "?"
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object, name: str = METADATA_FILE) -> ModelMetadata:
        """Check decoded model.json; raises ModelError with one sentence if it does not fit."""
        if not isinstance(data, dict):
            raise ModelError(f"the model's metadata ({name}) is not a JSON object")
        version = data.get("preprocessing_version")
        if version != PREPROCESSING_VERSION:
            raise ModelError(
                f"the model was trained for preprocessing version {version}, "
                f"but this app uses version {PREPROCESSING_VERSION}"
            )
        if data.get("input_shape") != [INPUT_SIZE, INPUT_SIZE, 1]:
            raise ModelError("the model expects a different input shape")
        if data.get("classes") != DIGITS:
            raise ModelError("the model's classes are not the digits 0-9")
        outputs = data.get("outputs")
        reject = data.get("not_a_digit_output")
        if not isinstance(outputs, int) or outputs not in (10, 11):
            raise ModelError("the model's metadata does not say how many outputs it has")
        if (outputs == 11) != (reject == 10):
            raise ModelError("the model's metadata does not say which output is 'not a digit'")
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        values = {k: v for k, v in data.items() if k in known}
        try:
            return cls(**values, extra={k: v for k, v in data.items() if k not in known})
        except TypeError:
            raise ModelError(f"the model's metadata ({name}) is malformed") from None


@dataclass(frozen=True)
class Recognition:
    """What the network reads in one drawing.

    ranked: all ten digits with their probability, best first. The probabilities count the
    chance that the drawing is no digit at all, so they sum to digit_probability (at most 1).
    not_sure: the best digit's probability is below the model's threshold (0.6), or blob.
    blob: ink too small for its pen to be read surely, however high the probability
    (reader.BLOB_PENS): its 28x28 input is a blob.
    """

    ranked: list[tuple[int, float]]
    digit_probability: float
    not_sure: bool
    blob: bool = False

    @property
    def maybe_not_a_digit(self) -> bool:
        """Not sure, and more likely no digit at all than any digit."""
        return self.not_sure and self.digit_probability < 0.5

    def top(self, k: int) -> list[tuple[int, float]]:
        """The k most likely digits, k clipped to 1-10."""
        return self.ranked[: max(1, min(k, len(self.ranked)))]


class Adapter(Protocol):
    """What reading needs of a user's handwriting adapter (digitpad.core.adapt.Adapter)."""

    @property
    def is_empty(self) -> bool: ...

    def probabilities(
        self, logits: np.ndarray, features: np.ndarray, temperature: float
    ) -> np.ndarray:
        """(n, outputs) probabilities from (views, n, outputs) logits, (views, n, d) features."""
        ...


def ranked_digits(probabilities: np.ndarray) -> list[tuple[int, float]]:
    """(digit, probability) for each of (10,) digit probabilities, likeliest first (ties in
    digit order)."""
    order = np.argsort(-probabilities, kind="stable")
    return [(int(d), float(probabilities[d])) for d in order]


def softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis of float logits (any shape), numerically stable."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


class Recognizer:
    """Runs the exported network with LiteRT (TensorFlow's interpreter where LiteRT is absent).

    threads: the CPU threads each network call may use; its outputs are the same for any
    number. Raises ModelError, with one sentence for the user, if the model is missing, corrupt
    or made for another preprocessing version.
    """

    def __init__(
        self,
        directory: str | os.PathLike | None = None,
        views: tuple[float, ...] = STROKE_VIEWS,
        threads: int = 1,
    ) -> None:
        self.views = views
        self.threads = threads
        directory = Path(directory) if directory is not None else assets_dir()
        self.metadata = load_metadata(directory / METADATA_FILE)
        self._interpreter = make_interpreter(directory / MODEL_FILE, threads)
        self._input = self._interpreter.get_input_details()[0]["index"]
        # model.json's "features" ({"file", "output", "size"}) says where the feature vector is:
        # a second output of model.tflite, or features.tflite (tools/export_features.py).
        features = self.metadata.extra.get("features")
        self._features = features if isinstance(features, dict) else {}
        details = self._interpreter.get_output_details()
        self._feature_output = None
        if self._features.get("file") == MODEL_FILE:
            named = [d["index"] for d in details if d["name"] == self._features.get("output")]
            self._feature_output = named[0] if named else None
        logits = [d for d in details if d["index"] != self._feature_output]
        self._output = logits[0]["index"]
        self._batch = 1
        if logits[0]["shape"][-1] != self.metadata.outputs:
            raise ModelError("the model file does not match its metadata")
        self._directory = directory
        self._features_model = None  # features.tflite's (interpreter, output), on first use
        self._features_batch = 1

    @property
    def directory(self) -> Path:
        """The folder of the model (model.tflite, model.json and what may lie beside them)."""
        return self._directory

    def logits(self, inputs: np.ndarray) -> np.ndarray:
        """Raw outputs, (n, outputs) float32, for n inputs of 28x28 float32 in 0-1."""
        inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE, 1)
        self._batch = invoke(self._interpreter, self._input, inputs, self._batch)
        return self._interpreter.get_tensor(self._output).copy()

    @property
    def feature_size(self) -> int:
        """d, the length of the feature vector; 0 if the model exports none."""
        size = self._features.get("size")
        usable = self._feature_output is not None or self._features.get("file") == FEATURES_FILE
        return size if usable and isinstance(size, int) else 0

    @property
    def has_features(self) -> bool:
        """Whether the model exports its feature vector (model.json's "features")."""
        return self.feature_size > 0

    def logits_and_features(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(n, outputs) float32 logits, exactly as logits() gives them, and (n, feature_size)
        float32 features (the penultimate activations) of n 28x28 float32 inputs in 0-1.

        Raises ModelError if the model has no feature output.
        """
        logits = self.logits(inputs)
        if self._feature_output is not None:  # the same network call gave both
            return logits, self._interpreter.get_tensor(self._feature_output).copy()
        return logits, self._separate_features(inputs)

    def features(self, inputs: np.ndarray) -> np.ndarray:
        """(n, feature_size) float32: the penultimate activations of n 28x28 inputs in 0-1."""
        if self._feature_output is not None:
            return self.logits_and_features(inputs)[1]
        return self._separate_features(inputs)

    def _separate_features(self, inputs: np.ndarray) -> np.ndarray:
        """Features from features.tflite, for a model.tflite exported without them."""
        if self._features.get("file") != FEATURES_FILE:
            raise ModelError("this model does not export its features")
        if self._features_model is None:
            interpreter = make_interpreter(self._directory / FEATURES_FILE, self.threads)
            details = interpreter.get_output_details()
            named = [d["index"] for d in details if d["name"] == self._features.get("output")]
            if not named:
                raise ModelError(f"the model file {FEATURES_FILE} does not match its metadata")
            self._features_model = (interpreter, named[0])
        interpreter, output = self._features_model
        index = interpreter.get_input_details()[0]["index"]
        inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE, 1)
        self._features_batch = invoke(interpreter, index, inputs, self._features_batch)
        return interpreter.get_tensor(output).copy()

    def view_outputs(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The network on every stroke view of n (28, 28) inputs: (views, n, outputs) float32
        logits and (views, n, feature_size) float32 features. What an Adapter is fitted on."""
        inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE)
        views = stroke_views(inputs, self.views).reshape(-1, INPUT_SIZE, INPUT_SIZE)
        logits, features = self.logits_and_features(views)
        shape = (len(self.views), len(inputs), -1)
        return logits.reshape(shape), features.reshape(shape)

    def recognize_batch(
        self, inputs: np.ndarray, adapter: Adapter | None = None
    ) -> list[Recognition]:
        """Read n inputs, (n, 28, 28) float32 in 0-1, in one network call per stroke view.

        adapter: a user's handwriting profile (digitpad.core.adapt.Adapter). None or an empty
        one reads exactly as without (bit-identical probabilities).
        """
        inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE)
        if adapter is not None and not adapter.is_empty:
            logits, features = self.view_outputs(inputs)
            probabilities = adapter.probabilities(logits, features, self.metadata.temperature)
            return [self._to_recognition(p) for p in probabilities]
        views = stroke_views(inputs, self.views)
        logits = self.logits(views.reshape(-1, INPUT_SIZE, INPUT_SIZE))
        logits = logits.reshape(len(self.views), len(inputs), -1)
        probabilities = softmax(logits / self.metadata.temperature).mean(axis=0)
        return [self._to_recognition(p) for p in probabilities]

    def recognize(self, model_input: np.ndarray, adapter: Adapter | None = None) -> Recognition:
        """Read one (28, 28) float32 input (with a user's adapter, see recognize_batch)."""
        return self.recognize_batch(model_input[None], adapter)[0]

    def _to_recognition(self, probabilities: np.ndarray) -> Recognition:
        reject = self.metadata.not_a_digit_output
        digits = probabilities[:10].astype(np.float64)
        digit_probability = 1.0 if reject is None else 1.0 - float(probabilities[reject])
        ranked = ranked_digits(digits)
        return Recognition(ranked, digit_probability, ranked[0][1] < self.metadata.not_sure_below)


def stroke_views(inputs: np.ndarray, amounts: tuple[float, ...] = STROKE_VIEWS) -> np.ndarray:
    """(views, n, 28, 28): each of n inputs thinned (< 0) or thickened (> 0) by each amount.

    An amount of ±1 is a full 3x3 grey-level erosion or dilation; ±0.5 is halfway to it.
    """
    dilated = _filter_3x3(np.maximum, inputs)
    eroded = _filter_3x3(np.minimum, inputs)
    views = np.empty((len(amounts), *inputs.shape), inputs.dtype)
    for view, amount in zip(views, amounts):
        view[:] = inputs + abs(amount) * ((dilated if amount > 0 else eroded) - inputs)
    return views


def _filter_3x3(pick, images: np.ndarray) -> np.ndarray:
    """3x3 maximum or minimum filter of (n, h, w) images, outside counting as 0: separable."""
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    rows = pick(pick(padded[:, :-2], padded[:, 1:-1]), padded[:, 2:])
    return pick(pick(rows[:, :, :-2], rows[:, :, 1:-1]), rows[:, :, 2:])


def load_metadata(path: Path) -> ModelMetadata:
    """Read and check model.json; raises ModelError with one sentence if it is unusable."""
    return ModelMetadata.from_json(read_metadata(path, "the model"), path.name)


def read_metadata(path: Path, what: str) -> object:
    """A network's metadata file decoded; raises ModelError with one sentence, naming what
    ("the model"), if it is missing or is no JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{what} is missing ({path.name} not found in {path.parent})") from None
    except (OSError, ValueError):
        raise ModelError(f"{what}'s metadata ({path.name}) is unreadable") from None


def invoke(interpreter: Interpreter, index: int, inputs: np.ndarray, batch: int) -> int:
    """Run a LiteRT interpreter on inputs (an array of n inputs) given to its input tensor
    index, resized and its tensors allocated again first when n differs from batch (the n they
    were allocated for); returns n. Its outputs are then read with get_tensor."""
    if len(inputs) != batch:
        interpreter.resize_tensor_input(index, list(inputs.shape))
        interpreter.allocate_tensors()
    interpreter.set_tensor(index, inputs)
    interpreter.invoke()
    return len(inputs)


def make_interpreter(path: Path, threads: int = 1) -> Interpreter:
    """A LiteRT interpreter of a .tflite file using up to threads CPU threads, its tensors
    allocated. Raises ModelError with one sentence when the file is missing or not a model."""
    if not path.is_file():
        raise ModelError(f"the model is missing ({path.name} not found in {path.parent})")
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:  # no LiteRT wheel for this platform: TensorFlow's own interpreter
        try:
            from tensorflow.lite import Interpreter
        except ImportError:
            raise ModelError(
                "neither LiteRT (ai-edge-litert) nor TensorFlow is installed"
            ) from None
    try:
        with _native_stderr_silenced():
            interpreter = Interpreter(model_path=str(path), num_threads=threads)
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
