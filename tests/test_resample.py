"""The NumPy Lanczos resize gives Pillow's pixels exactly, whatever the sizes."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from digitpad import resample
from digitpad.resample import MATRIX_SIDE, lanczos_resize


def pillow_resize(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.LANCZOS))


@settings(max_examples=300, deadline=None)
@given(pixels=arrays(np.uint8, st.tuples(st.integers(1, 120), st.integers(1, 120))),
       size=st.tuples(st.integers(1, 40), st.integers(1, 40)))
def test_any_resize_is_pillows_to_the_bit(pixels, size):
    assert np.array_equal(lanczos_resize(pixels, size), pillow_resize(pixels, size))


def test_digit_crops_fitted_into_the_box_are_pillows_to_the_bit():
    rng = np.random.default_rng(0)
    for _ in range(400):
        height, width = rng.integers(1, 113, 2)
        pixels = np.where(rng.random((height, width)) < 0.3, 255, 0).astype(np.uint8)
        scale = 20 / max(height, width)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        assert np.array_equal(lanczos_resize(pixels, size), pillow_resize(pixels, size))


def test_the_pass_order_follows_pillow():
    # The height shrinks by 70 pixels, the width by 23: Pillow resizes the columns first,
    # and the other order rounds differently.
    pixels = np.random.default_rng(5).integers(0, 256, (90, 30)).astype(np.uint8)
    columns_last = resample._vertical(resample._horizontal(pixels.astype(float), 7), 20)
    assert not np.array_equal(columns_last.astype(np.uint8), pillow_resize(pixels, (7, 20)))
    assert np.array_equal(lanczos_resize(pixels, (7, 20)), pillow_resize(pixels, (7, 20)))


def test_large_images_are_resized_by_pillow_itself():
    pixels = np.random.default_rng(1).integers(0, 256, (40, MATRIX_SIDE + 100)).astype(np.uint8)
    resample._weights.cache_clear()
    assert np.array_equal(lanczos_resize(pixels, (20, 2)), pillow_resize(pixels, (20, 2)))
    assert resample._weights.cache_info().currsize == 0
