"""Preprocessing: any image becomes an MNIST-style 28x28 input."""

import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from digitpad.core.ink import Ink
from digitpad.core.preprocess import BOX_SIZE, INPUT_SIZE, PAIR_WIDTH, model_input, pair_input


def drawn_seven(size=(300, 200), ink=0, paper=255, mode="L", width=12):
    image = Image.new(mode, size, paper)
    draw = ImageDraw.Draw(image)
    draw.line([(100, 40), (190, 40), (130, 170)], fill=ink, width=width)
    return image


def centre_of_mass(x):
    ys, xs = np.indices(x.shape)
    return (ys * x).sum() / x.sum(), (xs * x).sum() / x.sum()


def test_output_is_28x28_in_unit_range():
    x = model_input(drawn_seven())
    assert x.shape == (INPUT_SIZE, INPUT_SIZE) and x.dtype == np.float32
    assert x.min() >= 0.0 and x.max() <= 1.0 and x.max() > 0.9


def test_centre_of_mass_is_at_the_centre():
    # A lopsided digit far off-centre in a wide image.
    image = Image.new("L", (600, 300), 255)
    ImageDraw.Draw(image).line([(500, 20), (560, 20), (560, 280)], fill=0, width=15)
    cy, cx = centre_of_mass(model_input(image))
    assert abs(cy - 13.5) <= 0.5 + 1e-6 and abs(cx - 13.5) <= 0.5 + 1e-6


def test_ink_fits_a_20x20_box_keeping_aspect_ratio():
    tall = Image.new("L", (400, 400), 255)
    ImageDraw.Draw(tall).rectangle((180, 50, 220, 350), fill=0)  # 41 x 301: tall and thin
    x = model_input(tall)
    rows = np.flatnonzero((x > 0.05).any(axis=1))
    cols = np.flatnonzero((x > 0.05).any(axis=0))
    assert rows[-1] - rows[0] + 1 == 20
    assert 2 <= cols[-1] - cols[0] + 1 <= 4  # 41/301 of 20 is about 3 pixels


def test_dark_on_light_and_light_on_dark_give_the_same_input():
    dark_on_light = model_input(drawn_seven(ink=0, paper=255))
    light_on_dark = model_input(drawn_seven(ink=255, paper=0))
    assert np.abs(dark_on_light - light_on_dark).max() < 1e-6


def test_transparent_background_counts_as_light():
    rgba = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).line([(100, 40), (190, 40), (130, 170)], fill=(0, 0, 0, 255), width=12)
    assert np.abs(model_input(rgba) - model_input(drawn_seven())).max() < 1e-6


def test_white_ink_on_transparent_background_is_still_ink():
    rgba = Image.new("RGBA", (300, 200), (255, 255, 255, 0))
    ImageDraw.Draw(rgba).line(
        [(100, 40), (190, 40), (130, 170)], fill=(255, 255, 255, 255), width=12
    )
    assert np.abs(model_input(rgba) - model_input(drawn_seven())).max() < 1e-6


@pytest.mark.parametrize("mode", ["RGB", "CMYK", "P", "1", "LA", "I;16", "I", "F"])
def test_every_common_mode_reads_like_greyscale(mode):
    grey = drawn_seven()
    if mode == "I;16":
        image = Image.fromarray(np.asarray(grey).astype(np.uint16) * 257)
    elif mode == "I":
        image = Image.fromarray(np.asarray(grey).astype(np.int32) * 257)
    else:
        image = grey.convert(mode)
    assert image.mode == mode
    assert np.abs(model_input(image) - model_input(grey)).max() < 0.02


@pytest.mark.parametrize("paper", [200, 150, 60])
def test_a_small_picture_on_tinted_paper_reads_as_on_white(paper):
    # A tester's 64-pixel pictures on grey paper or a sticky note read the paper as ink: a
    # box around the whole picture, "0", and a blank page of that paper "0" too.
    def seven(paper: int, ink: int) -> Image.Image:
        return (
            drawn_seven()
            .resize((48, 32), Image.Resampling.LANCZOS)
            .point(lambda v: round(ink + (paper - ink) * v / 255))
        )

    ink = 20 if paper > 127 else 235
    white = model_input(seven(255, 20) if paper > 127 else seven(0, 235))
    assert np.abs(model_input(seven(paper, ink)) - white).max() < 0.2  # the ink a shade lighter
    assert model_input(Image.new("L", (48, 32), paper)) is None


def test_a_float_image_of_0_to_1_reads_like_greyscale():
    # Floating-point pictures (from NumPy or a scientific camera) often hold 0-1, not 0-255.
    grey = drawn_seven()
    image = Image.fromarray(np.asarray(grey, dtype=np.float32) / 255.0)
    assert image.mode == "F"
    assert np.abs(model_input(image) - model_input(grey)).max() < 0.02


@pytest.mark.parametrize(
    "image",
    [
        Image.new("L", (200, 200), 255),
        Image.new("L", (200, 200), 0),
        Image.new("RGBA", (50, 50), (0, 0, 0, 0)),
        Image.new("L", (1, 1), 0),
    ],
)
def test_blank_images_are_empty(image):
    assert model_input(image) is None


def test_a_speck_is_near_empty():
    image = Image.new("L", (300, 300), 255)
    image.putpixel((150, 150), 0)
    image.putpixel((151, 150), 0)
    assert model_input(image) is None


def test_faint_noise_is_not_ink():
    rng = np.random.default_rng(0)
    paper = (255 - rng.integers(0, 30, (200, 200))).astype(np.uint8)
    assert model_input(Image.fromarray(paper)) is None


ink_points = st.tuples(st.floats(-50, 450), st.floats(-50, 450))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(ink_points, min_size=1, max_size=40), min_size=1, max_size=6),
    st.floats(1, 40),
)
def test_any_valid_ink_gives_a_valid_input_or_empty(strokes, pen):
    x = model_input(Ink(400, 400, strokes, pen))
    if x is not None:
        assert x.shape == (INPUT_SIZE, INPUT_SIZE)
        assert np.isfinite(x).all() and x.min() >= 0 and x.max() <= 1 and x.sum() > 0


def test_inputs_of_the_shipped_samples_are_bit_identical_to_the_trained_ones(samples):
    """The shipped model was trained on these inputs: any change to them needs a retrain.

    tests/data/model_inputs.npz holds the inputs that the preprocessing the model was trained
    with made of the built-in samples and of random inks with pens from 2 to 30 px.
    """
    from digitpad.core.files import load_drawing

    expected = np.load(Path(__file__).with_name("data") / "model_inputs.npz")
    for name in expected.files:
        if name.endswith("-ink"):
            continue
        if name.startswith("random"):
            values = expected[f"{name}-ink"]
            width, height, pen = values[:3]
            points = [tuple(p) for p in values[3:].reshape(-1, 2).tolist()]
            drawing = Ink(int(width), int(height), [points], float(pen))
        else:
            drawing = load_drawing(samples / name)
        assert np.array_equal(model_input(drawing), expected[name]), name


def test_ink_that_covers_the_sheet_to_its_edges_is_still_read():
    # Rendered ink is black on white whatever its border looks like.
    rows = [[(0.0, y), (360.0, y)] for y in range(0, 361, 10)]
    covered = model_input(Ink(360, 360, rows, 30.0))
    assert covered is not None and covered.max() > 0.9


def test_a_16_bit_grey_image_with_a_transparent_value_is_read_as_grey():
    pixels = np.full((50, 50), 60000, np.uint16)
    pixels[10:40, 24:27] = 1000  # a dark stroke on light paper
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG", transparency=65535)
    buffer.seek(0)
    image = Image.open(buffer)
    assert image.mode == "I;16" and "transparency" in image.info
    assert model_input(image) is not None


def test_a_pair_input_is_28x56_with_the_ink_20_pixels_tall_centred_by_its_box():
    image = Image.new("L", (300, 120), 255)
    ImageDraw.Draw(image).line([(20, 10), (20, 110), (90, 110)], fill=0, width=6)  # an L
    pixels = pair_input(image)
    assert pixels.shape == (INPUT_SIZE, PAIR_WIDTH) and pixels.dtype == np.float32
    assert pixels.min() >= 0.0 and pixels.max() <= 1.0
    rows = np.flatnonzero(pixels.max(axis=1) > 0.1)
    cols = np.flatnonzero(pixels.max(axis=0) > 0.1)
    assert rows[-1] - rows[0] + 1 == pytest.approx(BOX_SIZE, abs=1)
    assert abs((cols[0] + cols[-1]) / 2 - (PAIR_WIDTH - 1) / 2) <= 1  # centred by its box
    assert pixels[:, cols[0]].sum() > pixels[:, cols[-1]].sum()  # its upright stays on the left


def test_a_wide_blob_is_narrowed_to_fit_the_pair_input_and_blank_gives_none():
    image = Image.new("L", (600, 60), 255)
    ImageDraw.Draw(image).line([(10, 30), (590, 30)], fill=0, width=8)
    cols = np.flatnonzero(pair_input(image).max(axis=0) > 0.1)
    assert cols[-1] - cols[0] + 1 <= PAIR_WIDTH - INPUT_SIZE + BOX_SIZE + 1
    assert pair_input(Image.new("L", (80, 40), 255)) is None


def test_a_pair_input_of_an_intensity_array_is_that_of_its_clean_picture():
    image = Image.new("L", (50, 40), 255)
    ImageDraw.Draw(image).ellipse((5, 5, 45, 35), outline=0, width=4)
    np.testing.assert_array_equal(pair_input(255 - np.asarray(image)), pair_input(image))
