"""Reading whole drawings: the digits of a number left to right, each with its box and input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from digitpad.core.ink import Ink
from digitpad.core.preprocess import model_input
from digitpad.core.segment import ink_box, split_image, split_ink

if TYPE_CHECKING:
    from digitpad.core.adapt import Adapter
    from digitpad.core.foreign import ForeignModel
    from digitpad.core.recognizer import Recognition, Recognizer

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class DigitReading:
    """One digit: where it is, what the network was given, and what it read.

    box: (x0, y0, x1, y1) in the drawing's own pixels (canvas pixels for ink, image pixels for
    a picture); pixels: the (28, 28) float32 network input; theirs: the reading of a model the
    user opened, if any.
    """

    box: Box
    pixels: np.ndarray
    recognition: Recognition
    theirs: Recognition | None = None


@dataclass(frozen=True)
class DrawingReading:
    """A drawing read as a number (digits, left to right) and as one digit (whole)."""

    digits: list[DigitReading]
    whole: DigitReading

    @property
    def number(self) -> str:
        """The best digit of each, left to right: '2026'."""
        return "".join(str(d.recognition.ranked[0][0]) for d in self.digits)

    @property
    def marked_number(self) -> str:
        """The number with a '?' in place of each digit the network is not sure of: '20?6'."""
        return "".join(
            "?" if d.recognition.not_sure else str(d.recognition.ranked[0][0]) for d in self.digits
        )


def read_drawings(
    recognizer: Recognizer,
    drawings: list[Ink | Image.Image],
    theirs: ForeignModel | None = None,
    adapter: Adapter | None = None,
) -> list[DrawingReading | None]:
    """Read drawings (ink or images) as numbers, in one network call for all their digits.

    None for a drawing with nothing to read. A drawing of one digit is read exactly as
    model_input and the recognizer read it alone. theirs: a user's own model, read beside;
    adapter: the user's handwriting profile (digitpad.core.adapt), which the network's
    readings take into account.
    """
    parts = [_split(drawing) for drawing in drawings]
    inputs = [x for part in parts if part for _, x in part]
    if not inputs:
        return [None] * len(drawings)
    batch = np.stack(inputs)
    ours = iter(recognizer.recognize_batch(batch, adapter))
    others = iter(theirs.recognize_batch(batch) if theirs is not None else [None] * len(batch))
    readings: list[DrawingReading | None] = []
    for part in parts:
        if not part:
            readings.append(None)
            continue
        read = [DigitReading(box, x, next(ours), next(others)) for box, x in part]
        whole, digits = read[0], read[1:] or read[:1]
        readings.append(DrawingReading(digits, whole))
    return readings


def _split(drawing: Ink | Image.Image) -> list[tuple[Box, np.ndarray]]:
    """(box, input) of the whole drawing, then of each digit when there are two or more."""
    whole = model_input(drawing)
    if whole is None:
        return []
    if isinstance(drawing, Ink):
        inks = split_ink(drawing)
        pieces = [(ink_box(d), d) for d in inks] if len(inks) > 1 else []
        box = ink_box(drawing)
    else:
        pieces = split_image(drawing)
        box = _union([b for b, _ in pieces]) if pieces else (0, 0, *drawing.size)
    if len(pieces) < 2:
        return [(box, whole)]
    digits = [(b, model_input(piece)) for b, piece in pieces]
    return [(box, whole)] + [(b, x) for b, x in digits if x is not None]


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
