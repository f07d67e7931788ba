"""The evaluation's report and pictures: columns line up, every character drawn has a glyph, and
colours follow the counts."""

import re
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
        return picture[84 + t * 56 + 2, 60 + p * 56 + 2]

    assert cell(0, 0).tolist() == [47, 111, 222]  # all read right: full blue
    assert cell(3, 3)[0] > 140  # half right: half as blue
    assert cell(3, 5)[1] < 100  # the largest mistake: deep red
    assert all(has_glyph(c) for text in drawn_text for c in text)


def test_the_dark_confusion_matrix_has_light_text_on_a_dark_sheet(tmp_path):
    matrix = np.diag(np.full(10, 100))
    matrix[3, 5] = 7
    path = tmp_path / "m.png"
    evaluation.draw_confusion(matrix, path, "rows true, columns read", dark=True)
    picture = np.asarray(Image.open(path).convert("L")).astype(int)
    paper = picture[2, 2]
    assert paper < 64  # a dark sheet, and a cell read by no one is the sheet
    empty = picture[84 + 1 * 56 : 84 + 1 * 56 + 54, 60 : 60 + 54]  # true 1, read 0: a "0"
    assert empty.min() == paper < empty.max() and empty.max() > 200  # a light glyph
    red = np.asarray(Image.open(path).convert("RGB"))[84 + 3 * 56 + 2, 60 + 5 * 56 + 2]
    assert red[0] > 150 and red[1] < 80  # the largest mistake still red


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


def test_a_count_is_centred_in_its_cell(tmp_path):
    matrix = np.zeros((10, 10), np.int64)
    matrix[0, 0] = 7
    path = tmp_path / "m.png"
    evaluation.draw_confusion(matrix, path, "")
    cell = np.asarray(Image.open(path).convert("L"))[84 : 84 + 54, 60 : 60 + 54]
    rows, columns = np.nonzero(cell > 128)  # the white 7 on full blue
    middle = (rows.min() + rows.max()) / 2, (columns.min() + columns.max()) / 2
    assert abs(middle[0] - 27) <= 3 and abs(middle[1] - 27) <= 3


def test_the_confusion_matrix_is_drawn_twice_as_large_for_a_2x_screen(tmp_path):
    matrix = np.eye(10, dtype=np.int64)
    evaluation.draw_confusion(matrix, tmp_path / "1.png", "title")
    evaluation.draw_confusion(matrix, tmp_path / "2.png", "title", scale=2)
    one, two = Image.open(tmp_path / "1.png").size, Image.open(tmp_path / "2.png").size
    assert two == (2 * one[0], 2 * one[1])


def test_an_empty_gallery_says_that_nothing_was_misread(tmp_path, drawn_text):
    evaluation.draw_gallery([], [], tmp_path / "g.png", "Misread")
    assert "No digit was misread." in drawn_text


def test_a_broken_image_in_a_labelled_folder_is_named_with_its_line(tmp_path):
    shutil.copy(SAMPLES / "mnist-3-0.png", tmp_path / "good.png")
    (tmp_path / "broken.png").write_bytes(b"not a picture")
    (tmp_path / "labels.csv").write_text("file,label\ngood.png,3\nbroken.png,5\n")
    with pytest.raises(InputError, match=r"^labels\.csv, line 3: broken\.png: "):
        evaluation.folder_set(tmp_path)


def test_a_file_listed_twice_is_refused(tmp_path):
    shutil.copy(SAMPLES / "mnist-3-0.png", tmp_path / "a.png")
    (tmp_path / "labels.csv").write_text("file,label\na.png,3\na.png,5\n")
    with pytest.raises(InputError, match=r"line 3: a\.png is listed again \(first on line 2\)"):
        evaluation.folder_set(tmp_path)


@pytest.mark.parametrize(
    ("name", "says"),
    [("c.txt", "name it .png"), ("c", "name it .png"), ("folder.png", "is a folder")],
)
def test_a_picture_that_cannot_be_written_is_named_in_one_sentence(tmp_path, name, says):
    (tmp_path / "folder.png").mkdir()
    found = evaluation.Report("", "model", np.eye(10, dtype=np.int64), [], [])
    with pytest.raises(InputError, match=says):
        found.save_confusion(tmp_path / name)
    assert evaluation.picture_problem(tmp_path / "c.png") is None


def test_a_picture_path_through_a_file_or_a_folder_is_answered_for_what_it_is(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    assert evaluation.picture_problem(tmp_path / "notes.txt" / "c.png") == (
        f"cannot write c.png: {tmp_path / 'notes.txt'} is a file, not a folder"
    )
    assert evaluation.picture_problem(tmp_path, "misread.png") == (
        f"{tmp_path} is a folder; name a picture file such as {tmp_path / 'misread.png'}"
    )


def test_the_reports_column_heads_end_where_their_numbers_end():
    labels = np.array([0, 1, 1, 7, 7, 7])
    report = evaluation.classification_report(labels, np.array([0, 1, 7, 7, 7, 1])).splitlines()
    head, row = report[0], report[2]
    ends = [m.end() for m in re.finditer(r"\S+", head)]
    assert ends == [m.end() for m in re.finditer(r"\S+", row)][1:]
