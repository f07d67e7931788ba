"""The one path from a drawing (ink or image) to the network input, used everywhere."""

from __future__ import annotations

import numpy as np
from PIL import Image

from digitpad.ink import Ink, render_ink
from digitpad.preprocess import to_model_input

# Ink is rasterised so that its bounding box is at most this many pixels across: the 20x20
# digit box is anti-aliased from it, and larger renders cost time without changing the input.
RENDER_SIDE = 112


def render_for_model(ink: Ink) -> Image.Image | None:
    """Render just the visible part of the ink around its strokes; None if nothing shows."""
    pen = ink.effective_pen_width()
    points = [p for stroke in ink.strokes for p in stroke]
    if not points:
        return None
    xs = np.fromiter((p[0] for p in points), np.float64, len(points))
    ys = np.fromiter((p[1] for p in points), np.float64, len(points))
    # What lies outside the canvas is not seen by the user, so the model does not see it.
    left = max(0.0, xs.min() - pen)
    top = max(0.0, ys.min() - pen)
    right = min(float(ink.width), xs.max() + pen)
    bottom = min(float(ink.height), ys.max() + pen)
    if right <= left or bottom <= top:
        return None
    scale = min(1.0, RENDER_SIDE / max(right - left, bottom - top))
    local = Ink(max(1, int(np.ceil(right - left))), max(1, int(np.ceil(bottom - top))),
                [[(x - left, y - top) for x, y in stroke] for stroke in ink.strokes], pen)
    return render_ink(local, scale)


def model_input(drawing: Ink | Image.Image) -> np.ndarray | None:
    """The 28x28 network input for a drawing, or None when there is nothing to read."""
    if isinstance(drawing, Ink):
        image = render_for_model(drawing)
        return None if image is None else to_model_input(image)
    return to_model_input(drawing)
