"""The drawing being edited, without Qt: undo and redo, and which file it belongs to."""

import math
from pathlib import Path

import pytest
from PIL import Image

from digitpad.core.document import PEN_SHEET_SIDE, Document
from digitpad.core.ink import Ink

STROKE_A = [(10.0, 10.0), (50.0, 60.0)]
STROKE_B = [(80.0, 20.0), (90.0, 70.0)]


def test_undoing_back_past_an_open_brings_back_the_saved_file():
    document = Document()
    document.add_stroke(STROKE_A)
    document.mark_saved(Path("mine.json"))
    document.clear()
    document.open_picture(Image.new("L", (40, 40), 255), 360, 360)
    document.add_stroke(STROKE_B)  # over the picture: a new sheet
    document.undo()
    assert document.page.picture is not None and not document.modified
    document.undo()
    assert document.is_empty and document.path is None  # the sheet Clear left
    document.undo()
    assert document.path == Path("mine.json") and not document.modified
    document.redo()
    assert document.is_empty and document.path is None


def test_a_file_saved_again_stays_modified_when_its_older_drawing_comes_back():
    document = Document()
    document.add_stroke(STROKE_A)
    document.mark_saved(Path("mine.json"))
    document.add_stroke(STROKE_B)
    document.mark_saved()
    document.undo()
    assert document.path == Path("mine.json") and document.modified


def test_undo_and_redo_between_two_opened_files_keep_each_one_unmodified():
    document = Document()
    document.open_ink(Ink(360, 360, [STROKE_A]), Path("one.json"))
    document.open_ink(Ink(360, 360, [STROKE_B]), Path("two.json"))
    document.undo()
    assert document.path == Path("one.json") and not document.modified
    document.redo()
    assert document.path == Path("two.json") and not document.modified


def test_undo_past_where_a_drawing_was_first_saved_keeps_its_file():
    document = Document()
    document.add_stroke(STROKE_A)
    document.add_stroke(STROKE_B)
    document.mark_saved(Path("mine.json"))  # Save As: the drawing and its past are mine.json
    document.add_stroke(STROKE_A)
    document.undo()
    assert document.path == Path("mine.json") and not document.modified
    document.undo()  # one stroke before the save
    assert document.path == Path("mine.json") and document.modified
    document.undo()
    document.undo()  # the blank sheet the drawing started on
    assert document.is_empty and document.path == Path("mine.json")
    document.redo()
    document.redo()
    assert document.path == Path("mine.json") and not document.modified


def test_a_drawing_saved_under_a_new_name_leaves_the_one_before_a_clear_alone():
    document = Document()
    document.add_stroke(STROKE_A)
    document.mark_saved(Path("first.json"))
    document.clear()  # a new drawing
    document.add_stroke(STROKE_B)
    document.mark_saved(Path("second.json"))
    document.undo()
    assert document.is_empty and document.path == Path("second.json")
    document.undo()  # back past the clear: the first drawing and its file
    assert document.path == Path("first.json") and not document.modified
    document.redo()
    document.redo()
    assert document.path == Path("second.json") and not document.modified


def test_a_drawing_holds_what_its_saved_file_holds():
    # Pen positions come in fractions of a canvas pixel; a file keeps 0.01 px. Kept so at
    # once, the drawing reads the same before it is saved and once it is opened again.
    import json

    from digitpad.core.ink import ink_from_json, ink_to_bytes

    document = Document(pen_scale=1.2345678)
    document.add_stroke([(10.123456, 20.987654), (30.5555555, 40.4444444)])
    document.add_stroke([(-5.333333, 12.6666666), (50.1, 60.2)], room=(-10.0, 0.0, 360, 360))
    ink = document.ink()
    again = ink_from_json(json.loads(ink_to_bytes(ink)))
    assert again.strokes == [[tuple(p) for p in s] for s in ink.strokes]
    assert again.pen_width == ink.pen_width and again.stroke_widths() == ink.stroke_widths()


def test_a_stroke_drawn_at_the_views_edge_grows_the_sheet_by_the_pens_radius_too():
    # A stroke begun in the grey margin at the view's top: its pen reaches above the view,
    # and the sheet must hold it, or the ink is cut flat on screen and in an exported PNG.
    document = Document(360, 360)
    radius = document.page.pen_width / 2
    room = (-50.0, -50.0, 410.0, 410.0)
    document.add_stroke([(100.0, -45.0), (200.0, -20.0), (150.0, 100.0)], room=room)
    page, stroke = document.page, document.page.strokes[0]
    assert min(y for _, y in stroke) == pytest.approx(radius, abs=0.01)
    assert page.height == math.ceil(410 + 45 + radius)
    assert page.width == 460  # the stroke is far from the view's sides: grown to the view
    # Points past the view stay off the sheet: it grows to the view and the pen, no further.
    document = Document(360, 360)
    document.add_stroke([(300.0, 300.0), (300.0, 900.0)], room=room)
    assert (document.page.width, document.page.height) == (460, 460)


def test_a_file_of_no_strokes_opened_is_neither_unsaved_nor_kept_by_a_new_drawing():
    document = Document()
    document.add_stroke(STROKE_A)  # unsaved, then given up to open the file
    document.open_ink(Ink(360, 360), Path("empty.json"))
    assert not document.modified and not document.cleared_unsaved
    document.clear()  # File > New: Save must ask where, not write over empty.json
    assert document.path is None and document.is_empty
    document.add_stroke(STROKE_B)
    assert document.path is None
    document.undo()
    document.undo()
    assert document.path == Path("empty.json")  # undone back to the file


def test_a_drawing_given_up_for_a_new_one_is_not_unsaved_until_undo_brings_it_back():
    document = Document()
    document.add_stroke(STROKE_A)
    document.clear()
    assert document.cleared_unsaved
    document.give_up_cleared()  # File > New, answered Discard
    assert not document.cleared_unsaved and document.can_undo()
    document.undo()
    assert document.has_ink and document.modified
    document.redo()
    assert not document.cleared_unsaved  # given up still
    document.undo()
    document.add_stroke(STROKE_B)  # drawn on: another drawing, which a clear leaves unsaved
    document.clear()
    assert document.cleared_unsaved


def test_a_larger_sheet_gives_no_thicker_pen_than_the_default_windows():
    document = Document()
    document.fit(578, 452)  # the default window's canvas
    usual = document.page.pen_width
    document.fit(1176, 980)  # maximised: digits written the usual size must not be blobs
    assert document.page.pen_width == pytest.approx(usual * PEN_SHEET_SIDE / 452)
    document.fit(300, 200)  # a smaller window still gives a thinner pen
    assert document.page.pen_width < usual
    document.set_pen_scale(2.0)
    document.fit(1176, 980)
    assert document.page.pen_width == pytest.approx(2 * usual * PEN_SHEET_SIDE / 452)
