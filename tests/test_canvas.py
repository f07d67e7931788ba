"""The canvas, driven by real mouse events."""

import numpy as np
import pytest
from helpers import LEFT, draw, move, on_screen
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtTest import QTest

from digitpad.core.ink import Ink
from digitpad.core.render import render_ink
from digitpad.gui.canvas import InkCanvas
from digitpad.gui.colours import HINT_TEXT, PAPER


@pytest.fixture
def canvas(qtbot):
    widget = InkCanvas()
    widget.resize(300, 300)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_mouse_stroke_becomes_ink_and_the_expected_image(qtbot, canvas):
    with qtbot.waitSignal(canvas.documentChanged):
        draw(canvas, [(150, 50), (150, 150), (150, 250)])
    ink = canvas.document.ink()
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
    hint = [x for x in range(300) for y in range(140, 160) if shot.pixelColor(x, y) == HINT_TEXT]
    # Centred by its advance width: the glyphs' side bearings leave a few pixels either way.
    assert hint and abs((min(hint) + max(hint)) / 2 - 150) <= 4
    assert shot.pixelColor(5, 5) == PAPER and shot.pixelColor(150, 60) == PAPER


def hint_pixels(widget, away_from_x: int) -> int:
    """Pixels of the hint's grey on screen, more than 20 px from a vertical line at x."""
    shot = on_screen(widget)
    return sum(
        shot.pixelColor(x, y) == HINT_TEXT
        for x in range(widget.width())
        for y in range(widget.height() // 2 - 15, widget.height() // 2 + 15)
        if abs(x - away_from_x) > 20
    )


@pytest.mark.parametrize("x", [150, 30])
def test_the_hint_is_gone_from_the_screen_once_a_stroke_starts(qtbot, canvas, x):
    assert hint_pixels(canvas, x) > 20
    draw(canvas, [(x, 40), (x, 260)])
    qtbot.wait(20)
    assert hint_pixels(canvas, x) == 0


def test_screen_shows_what_was_drawn(qtbot, canvas):
    draw(canvas, [(60, 150), (240, 150)])
    shot = canvas.grab().toImage()
    assert shot.pixelColor(150, 150).lightness() < 80  # on the stroke
    assert shot.pixelColor(150, 60).lightness() > 240  # paper elsewhere


def test_moves_are_signalled_while_drawing(qtbot, canvas):
    moves = []
    canvas.strokeMoved.connect(lambda: moves.append(1))
    draw(canvas, [(10, 10), (20, 20), (30, 30), (40, 40)])
    assert len(moves) == 4  # press and three moves


def test_undo_redo_and_clear(qtbot, canvas):
    draw(canvas, [(50, 50), (100, 100)])
    draw(canvas, [(200, 50), (250, 100)])
    assert len(canvas.document.ink().strokes) == 2
    canvas.undo()
    assert len(canvas.document.ink().strokes) == 1
    canvas.redo()
    assert len(canvas.document.ink().strokes) == 2
    canvas.clear()
    assert canvas.is_empty()
    canvas.undo()  # clearing can be taken back too
    assert len(canvas.document.ink().strokes) == 2
    canvas.undo()
    draw(canvas, [(10, 10), (20, 20)])
    assert not canvas.document.can_redo()  # a new stroke ends the redo history


def test_undo_and_redo_back_to_the_saved_drawing_leave_it_saved(qtbot, canvas):
    draw(canvas, [(50, 50), (100, 100)])
    canvas.document.mark_saved()
    canvas.set_pen_scale(2.0)  # the pen is no change to the drawing
    assert not canvas.document.modified
    canvas.undo()
    assert canvas.document.modified
    canvas.redo()
    assert not canvas.document.modified
    draw(canvas, [(150, 50), (200, 100)])  # and the undone stroke keeps the pen chosen now
    assert canvas.document.ink().stroke_widths()[1] == pytest.approx(
        2 * canvas.document.ink().stroke_widths()[0]
    )


def test_undoing_a_clear_after_a_resize_restores_the_drawing_as_it_was(qtbot, canvas):
    draw(canvas, [(150, 50), (150, 250)])
    before = canvas.document.ink()
    canvas.resize(500, 400)
    qtbot.wait(10)
    canvas.clear()
    draw(canvas, [(10, 10), (20, 20)])  # a new drawing on the re-fitted canvas
    canvas.undo()
    canvas.undo()
    after = canvas.document.ink()
    assert (after.width, after.height, after.strokes) == (300, 300, before.strokes)


def test_resizing_keeps_the_drawing(qtbot, canvas):
    draw(canvas, [(150, 50), (150, 250)])
    before = canvas.document.ink()
    canvas.resize(600, 400)
    qtbot.wait(10)
    assert canvas.document.ink().strokes == before.strokes
    shot = canvas.grab().toImage()
    # Scaled by 400/300 and centred: the stroke's middle is now at (300, 200).
    assert shot.pixelColor(300, 200).lightness() < 80
    margin = canvas.palette().color(canvas.backgroundRole())
    assert shot.pixelColor(50, 200) == margin and shot.pixelColor(150, 200) == PAPER


def test_a_first_stroke_keeps_its_sheet_while_the_window_shrinks_under_it(qtbot, canvas):
    QTest.mousePress(canvas, LEFT, pos=QPoint(250, 50))
    move(canvas, QPointF(250, 150))
    canvas.resize(150, 300)  # a window snapped or maximised mid-stroke
    qtbot.wait(10)
    move(canvas, QPointF(100, 200))
    QTest.mouseRelease(canvas, LEFT, pos=QPoint(100, 200))
    ink = canvas.document.ink()
    # Its first points were drawn on the 300 x 300 sheet: none of them is lost off a new one.
    assert (ink.width, ink.height) == (300, 300)
    assert ink.strokes[0][:2] == [(250.0, 50.0), (250.0, 150.0)]
    assert all(0 <= x <= ink.width and 0 <= y <= ink.height for x, y in ink.strokes[0])


def test_new_drawing_takes_the_canvas_size_and_pen_scales(qtbot, canvas):
    canvas.resize(500, 400)
    qtbot.wait(10)
    draw(canvas, [(100, 100), (200, 200)])
    ink = canvas.document.ink()
    assert (ink.width, ink.height) == (500, 400)
    small = Ink(250, 200).effective_pen_width()
    assert ink.effective_pen_width() == pytest.approx(2 * small)
    canvas.set_pen_scale(2.0)
    assert canvas.document.ink().effective_pen_width() == pytest.approx(2 * small)


def test_the_pen_applies_to_the_next_strokes_and_each_stroke_keeps_its_own(qtbot, canvas):
    draw(canvas, [(60, 100), (60, 200)])
    canvas.set_pen_scale(3.0)
    draw(canvas, [(200, 100), (200, 200)])
    ink = canvas.document.ink()
    thin, thick = ink.stroke_widths()
    assert thick == pytest.approx(3 * thin)
    # On screen (widget pixels here are canvas pixels): the first stroke is as thin as before.
    shot = canvas.grab().toImage()
    dark = [shot.pixelColor(x, 150).lightness() < 128 for x in range(shot.width())]
    assert sum(dark[130:]) == pytest.approx(3 * sum(dark[:130]), rel=0.25)
    # And for the model: each stroke rendered with its own pen.
    image = np.asarray(render_ink(ink))
    assert (image[150, 130:] < 128).sum() == pytest.approx(
        3 * (image[150, :130] < 128).sum(), rel=0.25
    )


def test_a_finished_stroke_is_painted_as_one_path(qtbot, canvas):
    # Drawn segment by segment, anti-aliased edges overlap at every join; at the end the
    # stroke is painted again as one path, as a full repaint paints it.
    draw(canvas, [(40 + 3 * i, 60 + 2 * i + (i % 3)) for i in range(60)])
    live = canvas.grab().toImage()
    canvas.resize(canvas.width(), canvas.height() + 1)
    canvas.resize(canvas.width(), canvas.height() - 1)
    qtbot.wait(10)
    repainted = canvas.grab().toImage()
    assert live == repainted


def test_loaded_ink_is_shown_scaled(qtbot, canvas):
    canvas.open_ink(Ink(100, 100, [[(50.0, 10.0), (50.0, 90.0)]]))
    shot = canvas.grab().toImage()
    assert shot.pixelColor(150, 150).lightness() < 80
    assert not canvas.document.modified


def test_a_stroke_of_many_points_is_shown_as_drawn(qtbot, canvas):
    # Thinned to what the screen can show before painting; the picture stays the same.
    xs = np.linspace(20, 280, 60_000)
    wave = [(float(x), float(150 + 100 * np.sin(x / 9))) for x in xs]
    canvas.open_ink(Ink(300, 300, [wave], pen_width=6.0))
    shown = canvas.grab().toImage()
    canvas.open_ink(Ink(300, 300, [wave[::40]], pen_width=6.0))  # few points, same wave
    coarse = canvas.grab().toImage()
    differing = sum(
        abs(shown.pixelColor(x, y).lightness() - coarse.pixelColor(x, y).lightness()) > 128
        for x in range(0, 300, 2)
        for y in range(0, 300, 2)
    )
    assert differing < 60


def test_a_stroke_beside_the_sheet_grows_it_and_stays_where_it_was_drawn(qtbot, canvas):
    draw(canvas, [(150, 50), (150, 250)])  # the sheet is 300 x 300
    canvas.resize(600, 300)  # now it sits in the middle, with room either side
    qtbot.waitUntil(lambda: canvas.width() == 600)
    beside = [(520, 60), (560, 150), (520, 240)]
    draw(canvas, beside)
    page = canvas.document.page
    assert (page.width, page.height) == (600, 300)
    drawn = page.strokes[-1]
    for (x, y), point in ((beside[0], drawn[0]), (beside[-1], drawn[-1])):
        shown = canvas.to_widget(point)
        assert abs(shown.x() - x) <= 1 and abs(shown.y() - y) <= 1
    assert canvas.to_widget(page.strokes[0][0]).x() == pytest.approx(300, abs=1)
    canvas.undo()  # the stroke and the room it took go together
    assert (canvas.document.page.width, canvas.document.page.height) == (300, 300)


def test_a_stroke_that_leaves_the_canvas_goes_on_unseen_and_draws_nothing_along_its_edge(
    canvas,
):
    # Out past the right edge, down beside it, and back in: one stroke, as the pen drew it.
    drawn = [(150, 100), (250, 100), (350, 100), (350, 200), (250, 200), (150, 200)]
    draw(canvas, drawn)
    ink = canvas.document.ink()
    assert (ink.width, ink.height) == (300, 300)
    assert ink.strokes == [[(float(x), float(y)) for x, y in drawn]]
    pixels = np.asarray(render_ink(ink))
    assert pixels[130:170, 280:].min() == 255  # the part off the sheet is drawn nowhere
    shown = on_screen(canvas)
    assert shown.pixelColor(295, 150) == shown.pixelColor(100, 150)  # paper, no ink


def test_a_focus_frame_shows_when_the_keyboard_brings_the_focus(qtbot, canvas):
    highlight = canvas.palette().color(QPalette.ColorRole.Highlight)

    def corner():
        return canvas.grab().toImage().pixelColor(1, 1)

    canvas.activateWindow()
    qtbot.waitActive(canvas)
    canvas.clearFocus()
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: canvas.hasFocus())
    assert corner() == highlight
    canvas.clearFocus()
    canvas.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: canvas.hasFocus())
    assert corner() != highlight


def test_a_page_of_very_many_points_is_painted_without_smoothing(canvas):
    # Smooth edges would take seconds here: a generated file of thousands of wide strokes.
    from digitpad.gui.canvas import SMOOTH_POINTS

    rng = np.random.default_rng(0)
    count = SMOOTH_POINTS // 20 + 1
    strokes = [[tuple(p) for p in rng.uniform(0, 360, (20, 2)).tolist()] for _ in range(count)]
    for ink, smooth in ((Ink(360, 360, strokes[:3], 10.0), True), (Ink(360, 360, strokes), False)):
        canvas.open_ink(ink)
        image = canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 3)
            for y in range(0, image.height(), 3)
        }
        assert (len(colours) > 3) == smooth  # edges in between ink and paper, or none


def test_a_light_digit_on_a_transparent_picture_shows_on_grey_squares(qtbot, canvas):
    from PIL import Image, ImageDraw

    picture = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(picture).line([(150, 40), (150, 260)], fill=(255, 255, 255, 255), width=30)
    canvas.open_picture(picture)
    qtbot.wait(20)
    shot = canvas.grab().toImage()
    stroke = shot.pixelColor(*canvas.to_widget((150, 150)).toPoint().toTuple())
    beside = [shot.pixelColor(*canvas.to_widget((x, 150)).toPoint().toTuple()) for x in (60, 68)]
    assert stroke.lightness() == 255  # white on grey squares of two greys
    assert sorted(colour.lightness() for colour in beside) == [153, 204]
    canvas.open_picture(picture.convert("RGB"))  # opaque: no squares
    qtbot.wait(20)
    shot = canvas.grab().toImage()
    assert shot.pixelColor(*canvas.to_widget((60, 150)).toPoint().toTuple()).lightness() == 0


def test_a_digits_frame_shows_on_a_dark_picture(canvas):
    picture = Image.new("L", (300, 300), 20)  # a photo's dark desk, all of it
    canvas.open_picture(picture)
    canvas.set_boxes([(100, 100, 200, 200)], selected=-1)  # framed faintly, not selected
    frame = canvas._frame_on_widget((100, 100, 200, 200))
    shot = canvas.grab().toImage()
    on_frame = shot.pixelColor(round(frame.center().x()), round(frame.top()))
    beside = shot.pixelColor(round(frame.center().x()), round(frame.top()) - 6)
    assert on_frame.lightness() - beside.lightness() > 60


def test_a_picture_thinner_than_a_pixel_on_the_sheet_still_shows(canvas):
    # A 10000 x 10 picture with a black line along it showed as a blank sheet.
    picture = Image.new("L", (10000, 10), 255)
    picture.paste(0, (0, 3, 10000, 7))
    canvas.open_picture(picture)
    shot = canvas.grab().toImage()
    middle = canvas.to_widget((canvas.document.page.width / 2, canvas.document.page.height / 2))
    column = [shot.pixelColor(round(middle.x()), y).lightness() for y in range(canvas.height())]
    assert min(column) < 200


def test_a_frame_larger_than_the_picture_shows_all_four_sides(canvas):
    # A ring read as a digit of a picture it fills: its frame ran off the canvas, and only
    # its top and bottom showed, two stray lines.
    canvas.open_picture(Image.new("L", (300, 200), 255))
    canvas.set_boxes([(-20, -40, 320, 240), (100, 80, 140, 120)], selected=0)
    shot = canvas.grab().toImage()
    middle = canvas.height() // 2
    for side in ((1, 2), (canvas.width() - 3, canvas.width() - 2)):  # at the canvas's edges
        colours = [shot.pixelColor(x, middle) for x in side]
        assert any(colour.blue() - colour.red() > 60 for colour in colours)


def test_no_tooltip_pops_up_over_the_drawing(canvas):
    # A tooltip showed over the ink at every pause of the pen; screen readers get the words.
    assert canvas.toolTip() == ""
    assert "Draw a digit" in canvas.accessibleDescription()
