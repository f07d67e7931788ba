"""The recognizer of a child process: loaded once by the pool's initializer, used by its tasks.

Qt-free, so that the app's recognition process and `predict`'s workers import no Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from digitpad.model import Recognition, Recognizer

_recognizer: Recognizer | Exception | None = None


def load(model_dir: str | None = None) -> None:
    """Pool initializer. A failure is kept and raised by the first task, as a clear error."""
    global _recognizer
    from digitpad.model import Recognizer
    try:
        _recognizer = Recognizer(model_dir)
    except Exception as error:  # noqa: BLE001 - raised to the parent on first use
        _recognizer = error


def recognizer() -> Recognizer:
    if isinstance(_recognizer, Exception):
        raise _recognizer
    if _recognizer is None:
        raise RuntimeError("the model was not loaded in this process")
    return _recognizer


def metadata() -> dict:
    return recognizer().metadata


def recognize_drawing(drawing: object) -> tuple[np.ndarray | None, Recognition | None]:
    """The 28x28 input of a drawing and what the network reads in it (None, None if empty)."""
    from digitpad.pipeline import model_input
    pixels = model_input(drawing)
    return pixels, None if pixels is None else recognizer().recognize(pixels)
