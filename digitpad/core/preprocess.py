"""The one path from a drawing (ink or image) to the 28x28 network input, used everywhere.

Training, the app, `digitpad predict` and the self-test all call model_input.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from digitpad.core.ink import Ink
from digitpad.core.render import render_for_model

# Bumped whenever the output of model_input changes; the model's metadata records the
# version it was trained with and loading refuses a mismatch.
PREPROCESSING_VERSION = 1

INPUT_SIZE = 28
BOX_SIZE = 20
# Ink below this level is treated as background noise (JPEG ringing, paper texture).
INK_LEVEL = 40
# Less ink than this many fully dark pixels is "near-empty": a speck, not a digit.
MIN_INK_MASS = 6.0


def model_input(drawing: Ink | Image.Image) -> np.ndarray | None:
    """The network input for a drawing: (28, 28) float32 in 0-1, white digit on black.

    Ink is rendered first (render_for_model); any PIL image mode is accepted. Returns None when
    there is nothing to read (no ink, or less than a speck).
    """
    if isinstance(drawing, Ink):
        image = render_for_model(drawing)
        return None if image is None else to_model_input(image)
    return to_model_input(drawing)


def to_model_input(image: Image.Image) -> np.ndarray | None:
    """(28, 28) float32 in [0, 1], white digit on black, centred by mass; None if empty.

    Crops to the ink, fits it into a 20x20 box keeping the aspect ratio (Lanczos), and places
    it so that its centre of mass is at the centre of the 28x28 field: the way MNIST's digits
    were made (LeCun et al., "Gradient-based learning applied to document recognition", 1998).
    """
    intensity = ink_intensity(image)
    ink = intensity * (intensity >= INK_LEVEL)
    if int(ink.sum()) < MIN_INK_MASS * 255:
        return None
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    crop = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height, width = crop.shape
    scale = BOX_SIZE / max(height, width)
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = Image.fromarray(crop).resize(new_size, Image.Resampling.LANCZOS)
    return _centre_by_mass(np.asarray(resized, dtype=np.float32) / 255.0)


def ink_intensity(image: Image.Image) -> np.ndarray:
    """(height, width) uint8 array where ink is bright, whatever the mode and polarity."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"))
        if _border_median(alpha) < 128:
            # Transparent background: whatever is opaque is ink, dark or light.
            return alpha
        # Opaque background: a transparent pixel counts as light background.
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    grey = np.asarray(to_grey(image))
    if _border_median(grey) > 127:
        grey = 255 - grey
    return grey


def to_grey(image: Image.Image) -> Image.Image:
    """8-bit greyscale ("L") of any mode; 16-bit and float images are scaled, not clipped."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        values = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or values.max() > 255 else 255.0
        return Image.fromarray(np.clip(values * (255.0 / top), 0, 255).astype(np.uint8))
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGB").convert("L") if image.mode != "L" else image


def _border_median(values: np.ndarray) -> float:
    return float(np.median(np.concatenate([values[0], values[-1], values[:, 0], values[:, -1]])))


def _centre_by_mass(digit: np.ndarray) -> np.ndarray | None:
    mass = digit.sum()
    if mass <= 0:
        return None
    height, width = digit.shape
    cy = (digit.sum(axis=1) @ np.arange(height)) / mass
    cx = (digit.sum(axis=0) @ np.arange(width)) / mass
    centre = (INPUT_SIZE - 1) / 2
    # Keep the whole box inside the field even for lopsided digits.
    top = min(max(round(centre - cy), 0), INPUT_SIZE - height)
    left = min(max(round(centre - cx), 0), INPUT_SIZE - width)
    field = np.zeros((INPUT_SIZE, INPUT_SIZE), dtype=np.float32)
    field[top : top + height, left : left + width] = digit
    return field
