"""Pillow's Lanczos resize of an 8-bit greyscale array, bit for bit, as two matrix products."""

from __future__ import annotations

from functools import lru_cache
from math import ceil, pi

import numpy as np

# Pillow's fixed-point weights (libImaging/Resample.c, Pillow 13): 22 fractional bits.
PRECISION_BITS = 22
LANCZOS_SUPPORT = 3.0
# Larger sides go to Pillow itself: dense weight matrices grow with the side, Pillow's
# taps do not, and the cache of matrices stays small (drawings are rendered at most 112 wide).
MATRIX_SIDE = 512


def lanczos_resize(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Image.fromarray(pixels).resize(size, LANCZOS) as an array, for 2-D uint8 pixels.

    Pillow runs a horizontal and a vertical pass, each rounding to 8 bits. It does the
    vertical pass first when the height shrinks by more than twice as many pixels as the
    width; the order changes the result, so it is kept. Each pass is a product with a matrix
    of Pillow's integer weights: the sums stay integers below 2**53, exact in float64.
    """
    height, width = pixels.shape
    new_width, new_height = size
    if max(height, width, new_width, new_height) > MATRIX_SIDE:
        from PIL import Image
        return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.LANCZOS))
    shrink_y, shrink_x = height - new_height, width - new_width
    vertical_first = shrink_y > 0 and shrink_y > 2 * shrink_x
    out = pixels.astype(np.float64)
    if vertical_first:
        out = _vertical(out, new_height)
        out = _horizontal(out, new_width)
    else:
        out = _horizontal(out, new_width)
        out = _vertical(out, new_height)
    return out.astype(np.uint8)


def _horizontal(pixels: np.ndarray, new_width: int) -> np.ndarray:
    if new_width == pixels.shape[1]:
        return pixels
    return _to_8_bits(pixels @ _weights(pixels.shape[1], new_width).T)


def _vertical(pixels: np.ndarray, new_height: int) -> np.ndarray:
    if new_height == pixels.shape[0]:
        return pixels
    return _to_8_bits(_weights(pixels.shape[0], new_height) @ pixels)


def _to_8_bits(sums: np.ndarray) -> np.ndarray:
    # Pillow starts each sum at a half and keeps the integer part, clipped to 0-255.
    return np.clip(np.floor((sums + (1 << (PRECISION_BITS - 1))) / (1 << PRECISION_BITS)),
                   0, 255)


@lru_cache(maxsize=256)
def _weights(in_size: int, out_size: int) -> np.ndarray:
    """(out_size, in_size) matrix of Pillow's integer Lanczos weights, as float64."""
    # The same double arithmetic in the same order as Pillow's precompute_coeffs, so that
    # the weights round to the same integers.
    scale = in_size / out_size
    filter_scale = max(scale, 1.0)
    support = LANCZOS_SUPPORT * filter_scale
    centres = (np.arange(out_size) + 0.5) * scale
    firsts = np.maximum((centres - support + 0.5).astype(np.int64), 0)
    stops = np.minimum((centres + support + 0.5).astype(np.int64), in_size)
    taps = firsts[:, None] + np.arange(2 * ceil(support) + 1)
    used = taps < stops[:, None]
    x = (taps - centres[:, None] + 0.5) * (1.0 / filter_scale)
    weights = np.where(used & (x >= -LANCZOS_SUPPORT) & (x < LANCZOS_SUPPORT),
                       _sinc(x) * _sinc(x / 3), 0.0)
    totals = np.cumsum(weights, axis=1)[:, -1:]  # summed in order, as Pillow does
    weights = np.divide(weights, totals, out=weights, where=totals != 0.0)
    scaled = weights * (1 << PRECISION_BITS)
    fixed = np.trunc(np.where(weights < 0, scaled - 0.5, scaled + 0.5))
    matrix = np.zeros((out_size, in_size))
    rows = np.broadcast_to(np.arange(out_size)[:, None], taps.shape)
    matrix[rows[used], taps[used]] = fixed[used]
    matrix.setflags(write=False)
    return matrix


def _sinc(x: np.ndarray) -> np.ndarray:
    # NumPy's sin gave the C library's result, as Pillow uses it, for every argument that
    # sizes up to 400 -> 40 need (tests/test_preprocess.py compares whole resizes).
    angles = x * pi
    return np.divide(np.sin(angles), angles, out=np.ones_like(x), where=x != 0.0)
