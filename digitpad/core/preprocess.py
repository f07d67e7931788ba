"""The one path from a drawing (ink or image) to the 28x28 network input, used everywhere.

Training, the app, `digitpad predict` and the self-test all call model_input: ink is rendered
(render_for_model), a picture's ink is found (picture.picture_ink), and the ink is cropped,
scaled and centred as MNIST's digits were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from digitpad.core.ink import Ink
from digitpad.core.picture import INK_LEVEL, Box, mask_box, picture_ink
from digitpad.core.render import render_for_model

# Bumped whenever the output of model_input changes; the model's metadata records the
# version it was trained with and loading refuses a mismatch.
PREPROCESSING_VERSION = 1

INPUT_SIZE = 28
BOX_SIZE = 20
PAIR_WIDTH = 56  # the pair network's input is INPUT_SIZE tall and this wide
# Less ink than this many fully dark pixels is "near-empty": a speck, not a digit.
MIN_INK_MASS = 6.0

# load_image records here the size of the file's picture (upright) it shrank.
FILE_SIZE_KEY = "digitpad.file_size"


@dataclass(frozen=True)
class Found:
    """What model_input makes of an image, and where it found the digit.

    input: the (28, 28) network input, None when there is nothing to read. box: (x0, y0, x1,
    y1) around the ink that went into it, x1 and y1 exclusive, in the pixels of the file the
    image was loaded from (load_image records its size; otherwise in the image's pixels).
    """

    input: np.ndarray | None
    box: Box | None


def model_input(drawing: Ink | Image.Image) -> np.ndarray | None:
    """The network input for a drawing: (28, 28) float32 in 0-1, white digit on black, centred
    by mass; None when there is nothing to read (no ink, or less than a speck).

    Ink is rendered first (render_for_model); any PIL image mode is accepted, clean or a
    photo (see the module's docstring). The ink is cropped, fitted into a 20x20 box keeping
    its aspect ratio (Lanczos) and placed so that its centre of mass is at the centre of the
    28x28 field: the way MNIST's digits were made (LeCun et al., "Gradient-based learning
    applied to document recognition", 1998).
    """
    if isinstance(drawing, Ink):
        image = render_for_model(drawing)
        # A rendered drawing is clean by construction, black strokes on white, however much
        # of it the strokes cover.
        return None if image is None else _fit(255 - np.asarray(image))[0]
    return find_digit(drawing).input


def pair_input(blob: Image.Image | np.ndarray) -> np.ndarray | None:
    """The pair network's input for a blob of a picture that may hold two digits: (28, 56)
    float32 in 0-1, white ink on black; None when it holds less ink than a speck.

    blob: a picture (its ink found as ink_intensity finds it) or a (height, width) uint8 array
    of ink intensity (ink bright). The ink is cropped, scaled to BOX_SIZE pixels tall keeping
    its aspect ratio (Lanczos; narrower if it would be wider than PAIR_WIDTH less a margin)
    and centred by its box: a pair's two digits keep their places left and right.
    """
    intensity = ink_intensity(blob) if isinstance(blob, Image.Image) else blob
    crop, _ = _ink_crop(intensity)
    if crop is None:
        return None
    height, width = crop.shape
    scale = min(BOX_SIZE / height, (PAIR_WIDTH - INPUT_SIZE + BOX_SIZE) / width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    fitted = Image.fromarray(crop).resize(size, Image.Resampling.LANCZOS)
    pixels = np.zeros((INPUT_SIZE, PAIR_WIDTH), np.float32)
    top, left = (INPUT_SIZE - size[1]) // 2, (PAIR_WIDTH - size[0]) // 2
    pixels[top : top + size[1], left : left + size[0]] = np.asarray(fitted, np.float32) / 255.0
    return pixels


def digit_box(image: Image.Image) -> Box | None:
    """Where the digit is: (x0, y0, x1, y1) in file pixels (see Found), None if no digit."""
    return find_digit(image).box


def find_digit(image: Image.Image) -> Found:
    """The network input of an image and where its digit is (the work of model_input)."""
    ink, factor, box = picture_ink(image, one_digit=True)
    pixels, fitted = _fit(ink)
    box = box or fitted
    if pixels is None or box is None:
        return Found(None, None)
    # From working pixels to the image's, and on to the file's.
    width, height = image.size
    sx, sy = file_scale(image)
    x0, y0, x1, y1 = (v * factor for v in box)
    return Found(
        pixels,
        (
            int(min(x0, width - 1) * sx),
            int(min(y0, height - 1) * sy),
            int(np.ceil(min(x1, width) * sx)),
            int(np.ceil(min(y1, height) * sy)),
        ),
    )


def file_scale(image: Image.Image) -> tuple[float, float]:
    """The file's pixels per pixel of an image read from it, across and down: above 1 for a
    large picture shrunk on loading (files.load_image, FILE_SIZE_KEY), else 1."""
    file_width, file_height = image.info.get(FILE_SIZE_KEY, image.size)
    return file_width / image.width, file_height / image.height


def ink_intensity(image: Image.Image) -> np.ndarray:
    """(height, width) uint8 array where ink is bright, whatever the mode, polarity and paper.

    On a photo, printed lines and the background are left out and the strokes stretched to full
    contrast; every blob of ink is kept (a number's digits too).
    """
    ink, factor, _ = picture_ink(image, one_digit=False)
    if factor == 1:
        return ink
    big = Image.fromarray(ink).resize(image.size, Image.Resampling.BILINEAR)
    return np.asarray(big)


def _ink_crop(intensity: np.ndarray) -> tuple[np.ndarray | None, Box | None]:
    """An intensity array's ink (at least INK_LEVEL, the rest 0) cropped to its box, and the
    box (x0, y0, x1, y1) in its pixels; (None, None) for less ink than MIN_INK_MASS."""
    ink = intensity * (intensity >= INK_LEVEL)
    if int(ink.sum()) < MIN_INK_MASS * 255:
        return None, None
    box = mask_box(ink)
    return ink[box[1] : box[3], box[0] : box[2]], box


def _fit(intensity: np.ndarray) -> tuple[np.ndarray | None, Box | None]:
    """The 28x28 input of an intensity array, and the box of the ink in its pixels."""
    crop, box = _ink_crop(intensity)
    if crop is None:
        return None, None
    height, width = crop.shape
    scale = BOX_SIZE / max(height, width)
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = Image.fromarray(crop).resize(new_size, Image.Resampling.LANCZOS)
    pixels = _centre_by_mass(np.asarray(resized, dtype=np.float32) / 255.0)
    return pixels, (box if pixels is not None else None)


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
