"""The recognizer of a child process: loaded once by the pool's initializer, used by its tasks.

Qt-free, so that the app's recognition process and `predict`'s workers import no Qt.
"""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

    from digitpad.core.ink import Ink
    from digitpad.core.recognizer import ModelMetadata, Recognition, Recognizer

_recognizer: Recognizer | Exception | None = None


def load() -> None:
    """Pool initializer. A failure is kept and raised by the first task, as a clear error."""
    global _recognizer
    # Ctrl+C in a terminal reaches the whole process group: the parent decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from digitpad.core.recognizer import Recognizer

    try:
        _recognizer = Recognizer()
    except Exception as error:  # noqa: BLE001 - raised to the parent on first use
        _recognizer = error


def recognizer() -> Recognizer:
    """This process's recognizer; raises the load's error (ModelError) if it failed."""
    if isinstance(_recognizer, Exception):
        raise _recognizer
    if _recognizer is None:
        raise RuntimeError("the model was not loaded in this process")
    return _recognizer


def metadata() -> ModelMetadata:
    return recognizer().metadata


def recognize_drawing(
    drawing: Ink | Image.Image,
) -> tuple[np.ndarray | None, Recognition | None]:
    """The (28, 28) float32 input of a drawing and what the network reads in it.

    (None, None) for an empty drawing.
    """
    from digitpad.core.preprocess import model_input

    pixels = model_input(drawing)
    return pixels, None if pixels is None else recognizer().recognize(pixels)
