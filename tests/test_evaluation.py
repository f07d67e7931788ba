"""The evaluation's pictures: every character drawn has a glyph, and colours follow the counts."""

import shutil

import numpy as np
import pytest
from helpers import SAMPLES
from PIL import Image, ImageDraw

from digitpad.core import evaluation
from digitpad.core.errors import InputError

MISSING = "\uffff"  # a character no font has: what a missing glyph looks like


def has_glyph(character: str) -> bool:
    face = evaluation.font(14)
    return (
        np.array(face.getmask(character)).tobytes() != np.array(face.getmask(MISSING)).tobytes()
        or character.isspace()
    )


@pytest.fixture
def drawn_text(monkeypatch) -> list[str]:
    """Every string the pictures draw."""
    texts: list[str] = []
    original = ImageDraw.ImageDraw.text

    def spy(self, xy, text, *args, **kwargs):
        texts.append(text)
        return original(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", spy)
    return texts


def test_the_font_shows_a_missing_glyph_as_the_test_expects():
    assert not has_glyph("→") and has_glyph("4")


def test_every_character_in_the_gallery_has_a_glyph(tmp_path, drawn_text):
    digits = [np.zeros((28, 28), np.float32)] * 2
    captions = [evaluation.misread_caption(4, 9), evaluation.misread_caption(7, 1)]
    evaluation.draw_gallery(digits, captions, tmp_path / "g.png", "Misread (true digit as read)")
    assert "4 as 9" in drawn_text
    assert all(has_glyph(c) for text in drawn_text for c in text)


def test_the_diagonal_is_shaded_by_the_share_read_right(tmp_path, drawn_text):
    matrix = np.diag(np.full(10, 100))
    matrix[3, 3], matrix[3, 5] = 50, 50  # half of the 3s read as 5
    path = tmp_path / "m.png"
    evaluation.draw_confusion(matrix, path, "rows true, columns read")
    picture = np.asarray(Image.open(path).convert("RGB")).astype(int)

    def cell(t: int, p: int) -> np.ndarray:
        return picture[70 + t * 56 + 2, 70 + p * 56 + 2]

    assert cell(0, 0).tolist() == [47, 111, 222]  # all read right: full blue
    assert cell(3, 3)[0] > 140  # half right: half as blue
    assert cell(3, 5)[1] < 100  # the largest mistake: deep red
    assert all(has_glyph(c) for text in drawn_text for c in text)


def test_a_labelled_folder_saved_by_a_spreadsheet_is_read(tmp_path):
    """Excel saves CSV as UTF-8 with a byte order mark; the folder is read all the same."""
    for name in ("mnist-3-0.png", "pen-4-0.json"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "labels.csv").write_bytes(
        b"\xef\xbb\xbffile,label\r\nmnist-3-0.png,3\r\npen-4-0.json,4\r\n"
    )
    labelled = evaluation.folder_set(tmp_path)
    assert labelled.labels.tolist() == [3, 4] and labelled.inputs.shape == (2, 28, 28)


def test_a_labelled_folder_may_not_point_outside_itself(tmp_path):
    (tmp_path / "labels.csv").write_text("file,label\n../secret.png,3\n")
    with pytest.raises(InputError, match=r"line 2: \.\./secret\.png is not a file inside"):
        evaluation.folder_set(tmp_path)
