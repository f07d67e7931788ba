"""The pair network: a picture's blob read as one digit or two, and the reader's use of it."""

import json
import shutil

import numpy as np
import pytest
from helpers import number_ink
from PIL import Image, ImageDraw

from digitpad.core.errors import ModelError
from digitpad.core.pairs import PairNetwork, pair_network
from digitpad.core.preprocess import pair_input
from digitpad.core.reader import read_drawings
from digitpad.core.recognizer import Recognizer
from digitpad.core.render import export_image
from digitpad.core.resources import assets_dir


def model_folder(tmp_path, pairs: bool = True):
    """A copy of the shipped model's folder, with or without the pair network."""
    target = tmp_path / "model"
    target.mkdir()
    names = ["model.tflite", "model.json"] + (["pairs.tflite", "pairs.json"] if pairs else [])
    for name in names:
        shutil.copy(assets_dir() / name, target / name)
    return target


def test_the_shipped_pair_network_reads_two_crossing_digits_and_one_digit_alone():
    network = PairNetwork(assets_dir())
    both, alone = network.read(
        np.stack(
            [
                pair_input(export_image(number_ink([8, 1], gap=-10))),
                pair_input(export_image(number_ink([8]))),
            ]
        )
    )
    assert both.pair >= 0.999 and (both.left.argmax(), both.right.argmax()) == (8, 1)
    assert alone.pair < 0.5
    for side in (both.left, both.right, alone.left):
        assert side.shape == (10,) and side.sum() == pytest.approx(1.0)


def test_a_picture_of_two_crossing_digits_is_read_apart_only_with_the_pair_network(tmp_path):
    picture = export_image(number_ink([8, 1], gap=-10))
    without = Recognizer(model_folder(tmp_path, pairs=False))
    assert pair_network(without) is None
    assert read_drawings(without, [picture])[0].number == "8"  # one blob, read surely as an 8
    reading = read_drawings(Recognizer(assets_dir()), [picture])[0]
    assert reading.number == "81"
    eight, one = reading.digits
    assert eight.box[0] < one.box[0] < eight.box[2] < one.box[2]  # their strokes cross
    assert eight.pixels.shape == (28, 28) and eight.pixels.max() > 0  # its own preview
    assert not eight.recognition.not_sure


def test_two_crossing_0s_in_a_picture_each_get_a_box_and_a_preview_of_their_own():
    picture = Image.new("L", (170, 160), 255)
    for left in (20, 65):
        ImageDraw.Draw(picture).ellipse((left, 30, left + 60, 130), outline=0, width=12)
    reading = read_drawings(Recognizer(assets_dir()), [picture])[0]
    assert reading.number == "00"
    for digit in reading.digits:
        assert digit.box[2] - digit.box[0] >= 0.4 * (126 - 20)
        assert digit.pixels.sum() >= 20  # a preview with most of its 0, not a blank


def test_a_picture_of_one_digit_stays_one_and_ink_is_split_by_its_strokes():
    recognizer = Recognizer(assets_dir())
    ink = number_ink([8, 1], gap=-10)
    assert read_drawings(recognizer, [ink])[0].number == "81"  # ink is split by its strokes
    for label in range(10):
        assert read_drawings(recognizer, [export_image(number_ink([label]))])[0].number == str(
            label
        )


@pytest.mark.parametrize(
    "change, message",
    [
        ({"input_shape": [28, 28, 1]}, "does not fit"),
        ({"preprocessing_version": 9}, "does not fit"),
    ],
)
def test_a_pair_network_that_does_not_fit_is_refused(tmp_path, change, message):
    folder = model_folder(tmp_path)
    metadata = json.loads((folder / "pairs.json").read_text())
    (folder / "pairs.json").write_text(json.dumps(metadata | change))
    with pytest.raises(ModelError, match=message):
        pair_network(Recognizer(folder))


def test_a_missing_or_corrupt_pair_network_is_a_clear_error(tmp_path):
    folder = model_folder(tmp_path)
    (folder / "pairs.tflite").write_bytes(b"\x00" * 100)
    with pytest.raises(ModelError, match="corrupt"):
        PairNetwork(folder)
    (folder / "pairs.json").unlink()
    with pytest.raises(ModelError, match="missing"):
        PairNetwork(folder)


def test_slashed_zeros_in_pictures_are_one_digit_to_the_pair_network():
    # A slash across a 0 looks like a 1 crossing it; the pair network learns slashed 0s alone.
    from dataclasses import replace

    from digitpad.training.synth import slash_zero

    rng = np.random.default_rng(3)
    zero = number_ink([0])
    pictures = [
        export_image(replace(zero, strokes=slash_zero(zero.strokes, rng))) for _ in range(20)
    ]
    readings = PairNetwork(assets_dir()).read(np.stack([pair_input(p) for p in pictures]))
    assert max(r.pair for r in readings) < 0.1
    numbers = [r.number for r in read_drawings(Recognizer(assets_dir()), pictures)]
    assert numbers == ["0"] * 20
