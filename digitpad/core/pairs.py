"""The pair network: a picture's blob read as one digit or as the two digits of a pair."""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core.errors import ModelError
from digitpad.core.preprocess import INPUT_SIZE, PAIR_WIDTH, PREPROCESSING_VERSION
from digitpad.core.recognizer import (
    Recognizer,
    invoke,
    make_interpreter,
    read_metadata,
    softmax,
)

MODEL_FILE = "pairs.tflite"
METADATA_FILE = "pairs.json"
PAIR_OFFSET = 10  # outputs: the ten digits alone, then pair (a, b) at PAIR_OFFSET + 10a + b
OUTPUTS = PAIR_OFFSET + 100


@dataclass(frozen=True)
class PairReading:
    """What the pair network reads in one blob: how likely it is two digits (pair), and the
    chance of each digit 0-9 on the left and on the right if it is ((10,) float64 each, the
    marginals of the 100 pairs' probabilities, each summing to 1)."""

    pair: float
    left: np.ndarray
    right: np.ndarray


class PairNetwork:
    """Runs tools/train_pairs.py's exported network (LiteRT) on (28, 56) blob inputs
    (preprocess.pair_input). Raises ModelError, with one sentence, if pairs.tflite or
    pairs.json is missing, corrupt or made for another input or preprocessing version."""

    def __init__(self, directory: str | os.PathLike) -> None:
        path = Path(directory) / METADATA_FILE
        metadata = read_metadata(path, "the pair network")
        if (
            not isinstance(metadata, dict)
            or metadata.get("input_shape") != [INPUT_SIZE, PAIR_WIDTH, 1]
            or metadata.get("outputs") != OUTPUTS
            or metadata.get("pair_offset") != PAIR_OFFSET
            or metadata.get("preprocessing_version") != PREPROCESSING_VERSION
        ):
            raise ModelError(f"the pair network's metadata ({path.name}) does not fit this app")
        self._interpreter = make_interpreter(Path(directory) / MODEL_FILE)
        self._input = self._interpreter.get_input_details()[0]["index"]
        output = self._interpreter.get_output_details()[0]
        if output["shape"][-1] != OUTPUTS:
            raise ModelError(f"the pair network's file {MODEL_FILE} does not match its metadata")
        self._output = output["index"]
        self._batch = 1

    def read(self, inputs: np.ndarray) -> list[PairReading]:
        """Read n blobs, (n, 28, 56) float32 in 0-1, in one network call."""
        inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, INPUT_SIZE, PAIR_WIDTH, 1)
        self._batch = invoke(self._interpreter, self._input, inputs, self._batch)
        probabilities = softmax(self._interpreter.get_tensor(self._output).astype(np.float64))
        readings = []
        for p in probabilities:
            pairs = p[PAIR_OFFSET:].reshape(10, 10)
            pair = float(pairs.sum())
            total = max(pair, 1e-12)
            readings.append(PairReading(pair, pairs.sum(axis=1) / total, pairs.sum(axis=0) / total))
        return readings


_beside: weakref.WeakKeyDictionary[Recognizer, PairNetwork | None] = weakref.WeakKeyDictionary()


def pair_network(recognizer: Recognizer) -> PairNetwork | None:
    """The pair network beside a recognizer's model (pairs.tflite in its folder), loaded once
    for it; None where the folder has none. Raises ModelError if it is unusable."""
    if recognizer not in _beside:
        there = (recognizer.directory / MODEL_FILE).exists()
        _beside[recognizer] = PairNetwork(recognizer.directory) if there else None
    return _beside[recognizer]
