"""The canvas, driven by real mouse events."""

import numpy as np
import pytest
from fast_pen import move
from PySide6.QtCore import QPoint, Qt

from digitpad.canvas import HINT_COLOUR, MARGIN_COLOUR, PAPER, InkCanvas
from digitpad.ink import Ink, render_ink


@pytest.fixture
def canvas(qtbot):
    widget = InkCanvas()
    widget.resize(300, 300)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def draw(qtbot, widget, points):
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for p in points[1:]:
        move(widget, QPoint(*p))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def test_mouse_stroke_becomes_ink_and_the_expected_image(qtbot, canvas):
    with qtbot.waitSignal(canvas.inkChanged):
        draw(qtbot, canvas, [(150, 50), (150, 150), (150, 250)])
    ink = canvas.ink()
    assert (ink.width, ink.height) == (300, 300)
    assert ink.strokes == [[(150.0, 50.0), (150.0, 150.0), (150.0, 250.0)]]
    pixels = np.asarray(render_ink(ink))
    pen = ink.effective_pen_width()
    dark_rows = np.flatnonzero((pixels < 128).any(axis=1))
    dark_cols = np.flatnonzero((pixels < 128).any(axis=0))
    assert dark_rows[0] == pytest.approx(50 - pen / 2, abs=1.5)
    assert dark_rows[-1] == pytest.approx(250 + pen / 2, abs=1.5)
    assert dark_cols[0] == pytest.approx(150 - pen / 2, abs=1.5)
    assert pixels[:, :100].min() == 255 and pixels[:, 200:].min() == 255


def test_empty_canvas_shows_paper_and_a_centred_hint(canvas):
    shot = canvas.grab().toImage()
    hint = [x for x in range(300) for y in range(140, 160)
            if shot.pixelColor(x, y) == HINT_COLOUR]
    assert hint and abs((min(hint) + max(hint)) / 2 - 150) <= 2
    assert shot.pixelColor(5, 5) == PAPER and shot.pixelColor(150, 60) == PAPER


def test_screen_shows_what_was_drawn(qtbot, canvas):
    draw(qtbot, canvas, [(60, 150), (240, 150)])
    shot = canvas.grab().toImage()
    assert shot.pixelColor(150, 150).lightness() < 80      # on the stroke
    assert shot.pixelColor(150, 60).lightness() > 240      # paper elsewhere


def test_moves_are_signalled_while_drawing(qtbot, canvas):
    moves = []
    canvas.strokeMoved.connect(lambda: moves.append(1))
    draw(qtbot, canvas, [(10, 10), (20, 20), (30, 30), (40, 40)])
    assert len(moves) == 4  # press and three moves


def test_undo_redo_and_clear(qtbot, canvas):
    draw(qtbot, canvas, [(50, 50), (100, 100)])
    draw(qtbot, canvas, [(200, 50), (250, 100)])
    assert len(canvas.ink().strokes) == 2
    canvas.undo()
    assert len(canvas.ink().strokes) == 1
    canvas.redo()
    assert len(canvas.ink().strokes) == 2
    canvas.clear()
    assert canvas.is_empty()
    canvas.undo()  # clearing can be taken back too
    assert len(canvas.ink().strokes) == 2
    canvas.undo()
    draw(qtbot, canvas, [(10, 10), (20, 20)])
    assert not canvas.can_redo()  # a new stroke ends the redo history


def test_undoing_a_clear_after_a_resize_restores_the_drawing_as_it_was(qtbot, canvas):
    draw(qtbot, canvas, [(150, 50), (150, 250)])
    before = canvas.ink()
    canvas.resize(500, 400)
    qtbot.wait(10)
    canvas.clear()
    draw(qtbot, canvas, [(10, 10), (20, 20)])  # a new drawing on the re-fitted canvas
    canvas.undo()
    canvas.undo()
    after = canvas.ink()
    assert (after.width, after.height, after.strokes) == (300, 300, before.strokes)


def test_resizing_keeps_the_drawing(qtbot, canvas):
    draw(qtbot, canvas, [(150, 50), (150, 250)])
    before = canvas.ink()
    canvas.resize(600, 400)
    qtbot.wait(10)
    assert canvas.ink().strokes == before.strokes
    shot = canvas.grab().toImage()
    # Scaled by 400/300 and centred: the stroke's middle is now at (300, 200).
    assert shot.pixelColor(300, 200).lightness() < 80
    assert shot.pixelColor(50, 200) == MARGIN_COLOUR and shot.pixelColor(150, 200) == PAPER


def test_new_drawing_takes_the_canvas_size_and_pen_scales(qtbot, canvas):
    canvas.resize(500, 400)
    qtbot.wait(10)
    draw(qtbot, canvas, [(100, 100), (200, 200)])
    ink = canvas.ink()
    assert (ink.width, ink.height) == (500, 400)
    small = Ink(250, 200).effective_pen_width()
    assert ink.effective_pen_width() == pytest.approx(2 * small)
    canvas.set_pen_scale(2.0)
    assert canvas.ink().effective_pen_width() == pytest.approx(4 * small)


def test_loaded_ink_is_shown_scaled(qtbot, canvas):
    canvas.set_ink(Ink(100, 100, [[(50.0, 10.0), (50.0, 90.0)]]))
    shot = canvas.grab().toImage()
    assert shot.pixelColor(150, 150).lightness() < 80
    assert not canvas.can_undo() and not canvas.modified
