"""The one path from a drawing (ink or image) to the network input, used everywhere."""

from __future__ import annotations

from math import ceil

import numpy as np
from PIL import Image

from digitpad.ink import Ink, render_strokes, stroke_arrays
from digitpad.preprocess import to_model_input

# Ink is rasterised so that its bounding box is at most this many pixels across: the 20x20
# digit box is anti-aliased from it, and larger renders cost time without changing the input.
RENDER_SIDE = 112


def render_for_model(ink: Ink) -> Image.Image | None:
    """Render just the visible part of the ink around its strokes; None if nothing shows."""
    strokes = stroke_arrays(ink)
    if not strokes:
        return None
    pen = ink.effective_pen_width()
    points = np.concatenate(strokes)
    # What lies outside the canvas is not seen by the user, so the model does not see it.
    left, top = np.maximum(points.min(axis=0) - pen, 0.0)
    right = min(float(ink.width), points[:, 0].max() + pen)
    bottom = min(float(ink.height), points[:, 1].max() + pen)
    if right <= left or bottom <= top:
        return None
    scale = min(1.0, RENDER_SIDE / max(right - left, bottom - top))
    size = (max(1, ceil((right - left) * scale)), max(1, ceil((bottom - top) * scale)))
    return render_strokes(strokes, pen, scale, (left, top), size)


def model_input(drawing: Ink | Image.Image) -> np.ndarray | None:
    """The 28x28 network input for a drawing, or None when there is nothing to read."""
    if isinstance(drawing, Ink):
        image = render_for_model(drawing)
        return None if image is None else to_model_input(image)
    return to_model_input(drawing)
