"""A number in the window: its digits framed on the canvas, each one's reading on demand."""

import gc
import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SAMPLES, draw, draw_ink, make_window, move, number_digits, number_ink
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
)

from digitpad.core.ink import Ink, ink_to_bytes, read_ink
from digitpad.core.render import export_image
from digitpad.core.segment import ink_box
from digitpad.gui import filedialogs
from digitpad.gui.canvas import CLICK_WIDTH
from digitpad.gui.chart import MARGIN
from digitpad.gui.number import NumberView


def test_a_number_is_shown_digit_by_digit(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    assert window.reading.number == "206"
    assert window.number.isVisible() and window.number.text() == "206"
    assert len(window.canvas._boxes) == 3
    assert window.chart.bars()[0][0] == 2  # the first digit is shown first
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.selected == 1 and window.chart.bars()[0][0] == 0
    window.number.selected.emit(2)  # a click on the third digit
    assert window.chart.bars()[0][0] == 6
    assert window.chart.accessibleDescription().startswith("6, ")
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    assert window.selected == 0 and not window.first_digit_action.isEnabled()
    qtbot.keyClick(window.canvas, Qt.Key.Key_End)
    assert window.selected == 2 and window.chart.bars()[0][0] == 6


def test_a_click_in_a_framed_digit_picks_it_and_a_drag_there_draws(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    strokes = len(window.canvas.document.ink().strokes)
    last = window.canvas._box_on_widget(window.reading.digits[2].box).center().toPoint()
    QTest.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=last)
    assert window.selected == 2 and window.chart.bars()[0][0] == 6
    assert len(window.canvas.document.ink().strokes) == strokes  # no dot was drawn
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        draw(window.canvas, [(last.x(), last.y()), (last.x() + 10, last.y() + 10)])
    drawn = window.canvas.document.ink().strokes[-1]
    assert len(window.canvas.document.ink().strokes) == strokes + 1
    assert window.canvas.to_widget(drawn[0]).toPoint() == last  # from where it was pressed


def test_a_click_in_a_framed_digit_of_a_picture_picks_it_and_keeps_the_picture(qtbot, window):
    # A tester clicked a digit framed on an opened picture: a dot replaced the picture.
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_picture(export_image(number_ink([2, 0, 6], gap=60)))
    assert window.reading.number == "206" and window.selected == 0
    picture = window.canvas.document.page.picture
    middle = window.canvas._box_on_widget(window.reading.digits[1].box).center().toPoint()
    QTest.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=middle)
    assert window.selected == 1 and window.chart.bars()[0][0] == 0
    assert window.canvas.document.page.picture is picture and not window.canvas.document.has_ink


def test_a_click_between_a_digits_ink_and_its_frame_picks_it(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6], gap=60))
    strokes = len(window.canvas.document.ink().strokes)
    box = window.canvas._box_on_widget(window.reading.digits[1].box)
    above = QPoint(round(box.center().x()), round(box.top()) - 3)  # inside the frame drawn
    QTest.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=above)
    assert window.selected == 1
    assert len(window.canvas.document.ink().strokes) == strokes  # no dot was drawn


def test_a_click_just_beside_a_narrow_1_picks_it(qtbot, window):
    # A fresh tester at 2x clicked a few pixels left of a 1's thin frame: a dot was drawn.
    two_six = number_ink([2, 6], gap=160)
    middle = (two_six.strokes[-1][0][0] + two_six.strokes[0][0][0]) / 2 + 40
    one = [(middle, 100.0 + y) for y in range(0, 101, 10)]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(Ink(two_six.width, 300, [*two_six.strokes, one]))
    assert window.reading.number == "216"
    strokes = len(window.canvas.document.ink().strokes)
    frame = window.canvas._frame_on_widget(window.reading.digits[1].box)
    assert frame.width() < CLICK_WIDTH - 4
    beside = QPoint(round(frame.left()) - 2, round(frame.center().y()))
    QTest.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=beside)
    assert window.selected == 1
    assert len(window.canvas.document.ink().strokes) == strokes  # no dot was drawn


def test_previous_and_next_digit_are_enabled_only_where_there_is_one(qtbot, window):
    previous, following = window.previous_digit_action, window.next_digit_action
    assert not previous.isEnabled() and not following.isEnabled()  # nothing read yet
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    assert not previous.isEnabled() and not following.isEnabled()  # one digit
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0]))
    assert not previous.isEnabled() and following.isEnabled()
    following.trigger()
    assert previous.isEnabled() and not following.isEnabled()


def test_the_arrow_keys_move_the_pen_slider_when_it_has_the_focus(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    window.pen_slider.setFocus()
    pen = window.pen_slider.value()
    qtbot.keyClick(window.pen_slider, Qt.Key.Key_Right)
    assert window.pen_slider.value() > pen and window.selected == 0
    window.canvas.setFocus()  # as a click on the drawing gives it
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.selected == 1


def test_a_click_on_the_pen_slider_gives_it_the_arrow_keys_and_shows_that_it_has_them(
    qtbot, window
):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    slider, pen = window.pen_slider, window.pen_slider.value()
    unfocused = slider.grab().toImage()
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    QTest.mouseClick(slider, Qt.MouseButton.LeftButton, pos=handle.center())  # pen unchanged
    assert slider.hasFocus() and slider.value() == pen
    assert slider.grab().toImage() != unfocused  # drawn focused, after a click too
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert slider.value() > pen and window.selected == 0
    # Digits typed there (a pen of "150") teach nothing: they are the drawing's keys.
    for key in (Qt.Key.Key_1, Qt.Key.Key_5, Qt.Key.Key_0):
        qtbot.keyClick(slider, key)
    assert window.profile.count == 0
    assert window.statusBar().currentMessage() == (
        "Click the drawing first: then 0 teaches digitpad that it is a 0."
    )
    # A click on a digit of the drawing gives ← and → back to stepping through the digits.
    first = window.canvas._box_on_widget(window.reading.digits[0].box).center().toPoint()
    QTest.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=first)
    assert window.canvas.hasFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.selected == 1 and slider.value() > pen


def test_esc_gives_the_arrow_keys_back_from_the_pen_slider(qtbot, window):
    # A tester clicked the slider, then pressed ← to step through the digits: the pen became
    # thinner, and Esc, which Help names for giving the keys back, did nothing.
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 4, 6]))
    window.activateWindow()
    window.pen_slider.setFocus()
    qtbot.waitUntil(window.pen_slider.hasFocus)
    assert "Esc gives them back" in window.statusBar().currentMessage()
    pen = window.pen_slider.value()
    qtbot.keyClick(window.pen_slider, Qt.Key.Key_Escape)
    assert window.canvas.hasFocus()
    assert window.statusBar().currentMessage() == "Keys act on the drawing again."
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.selected == 1 and window.pen_slider.value() == pen
    # Tab from the slider to Show top says that Show top has the keys now (a fresh tester
    # read "Keys act on the drawing again" there).
    window.pen_slider.setFocus()
    qtbot.waitUntil(window.pen_slider.hasFocus)
    window.top_k_box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.top_k_box.hasFocus)
    assert window.statusBar().currentMessage().startswith("Keys typed now go to Show top")


def test_a_long_number_keeps_each_digit_and_its_frame_whole_and_close(qtbot, window):
    # A tester's 20 digits at the default size: the last one half cut off by the window's
    # edge; and 12 digits in small type were framed three times as tall as a digit.
    window._default_size()
    labels = [4, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink(labels))
    qtbot.waitUntil(lambda: len(number_digits(window.number)) == len(labels))
    for button, place in number_digits(window.number):
        assert window.number.rect().contains(place), place
        type_height = button.fontMetrics().height()
        assert place.height() <= 2 * type_height, (place.height(), type_height)


def test_a_number_too_long_for_one_row_wraps_onto_more_and_keeps_its_selection(qtbot, window):
    # A tester's 40 digits at the default size: drawn past the view's edge in the smallest
    # type, the last digit and its frame cut off.
    window._default_size()
    labels = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4] * 2
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink(labels))
    qtbot.waitUntil(lambda: len({p.top() for _, p in number_digits(window.number)}) > 1)
    shown = number_digits(window.number)
    assert "".join(b.text() for b, _ in shown) == window.reading.marked_number
    assert all(window.number.rect().contains(place) for _, place in shown)
    rows = {place.top() for _, place in shown}
    window.number.select(len(labels) - 1)
    window.resize(window.width() + 600, window.height())  # fewer rows: made anew

    def fewer_rows() -> bool:
        shown = number_digits(window.number)
        return len(shown) == len(labels) and 1 < len({p.top() for _, p in shown}) < len(rows)

    qtbot.waitUntil(fewer_rows)
    last, place = number_digits(window.number)[-1]
    assert last.isChecked() and window.number.rect().contains(place)


def test_a_number_appearing_does_not_make_the_smallest_window_taller(qtbot, window):
    window.resize(window.minimumSize())
    smallest = window.minimumSize()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    assert window.number.isVisible()
    assert window.minimumSize() == smallest


def test_clearing_a_number_leaves_the_window_its_size(qtbot, window):
    window.resize(window.width(), window.minimumSize().height() + 20)
    qtbot.waitUntil(lambda: window.height() == window.minimumSize().height() + 20)
    size, smallest = window.size(), window.minimumSize()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    window.canvas.clear()  # the number's row goes, and is not counted twice
    qtbot.wait(100)
    assert not window.number.isVisible()
    assert window.minimumSize() == smallest and window.size() == size


def test_the_digits_of_a_number_keep_within_the_charts_margins(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([1, 9, 8, 4, 5]))
    qtbot.waitUntil(lambda: len(number_digits(window.number)) == 5)
    row = window.number.rect().adjusted(MARGIN, 0, -MARGIN, 0)  # in line with the chart's
    assert all(row.contains(place) for _, place in number_digits(window.number))


def test_a_long_number_fits_its_row_in_the_smallest_window(qtbot, window):
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.size() == window.minimumSize())
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    short = window.number.findChildren(QToolButton)[0].font().pixelSize()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]))
    assert len(window.reading.digits) >= 10

    qtbot.waitUntil(lambda: len(number_digits(window.number)) == len(window.reading.digits))
    row = window.number.rect().adjusted(MARGIN, 0, -MARGIN, 0)  # in line with the chart's
    assert all(row.contains(place) for _, place in number_digits(window.number))  # none cut
    buttons = [button for button, _ in number_digits(window.number)]
    assert all(b.width() > b.fontMetrics().horizontalAdvance(b.text()) for b in buttons)
    assert buttons[0].font().pixelSize() < short == 34


def test_the_smallest_window_shows_all_the_bars_asked_for(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([4, 7]))
    for k in (5, 10, 3):
        window.top_k_box.setValue(k)
        window.resize(window.minimumSize())
        qtbot.waitUntil(lambda: window.size() == window.minimumSize())
        qtbot.waitUntil(lambda k=k: len(window.chart.bars()) == k)


def test_the_chart_follows_the_digit_being_written_until_one_is_picked(qtbot, window):
    ink = number_ink([2, 0, 6])
    strokes = [list(map(tuple, s)) for s in ink.strokes]
    draw_ink(window.canvas, strokes)
    qtbot.waitUntil(lambda: window.reading is not None and window.reading.number == "206")
    assert window.selected == 2 and window.chart.bars()[0][0] == 6  # the 6, written last
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.live.changed()  # read again: the digit picked stays picked
    assert window.selected == 1
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.undo()  # not the pen: the selection stays where it was
    assert window.selected == 1
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.redo_action.trigger()  # the 6's stroke is back: its digit is shown
    assert window.selected == 2 and window.chart.bars()[0][0] == 6


def test_end_pressed_before_the_reading_comes_shows_the_last_digit_of_that_reading(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0]))
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 2, 6]))
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.undo_action.trigger()
    assert window.reading.number == "20"
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.redo_action.trigger()  # "2026" is back: "Reading…", not 20's reading, shows
        assert window.reading is None and window.chart.accessibleDescription() == "Reading…"
        qtbot.keyClick(window.canvas, Qt.Key.Key_End)
    assert window.reading.number == "2026"
    assert window.selected == 3 and window.chart.bars()[0][0] == 6


def test_a_line_under_a_number_leaves_the_chart_on_the_digit_written_last(qtbot, window):
    # A tester underlined "42" from left to right: half drawn, the line read as the 4's foot
    # and the chart went to the 4, where it stayed once the line was left out.
    ink = number_ink([4, 2])
    draw_ink(window.canvas, [list(map(tuple, s)) for s in ink.strokes])
    qtbot.waitUntil(lambda: window.reading is not None and window.reading.number == "42")
    assert window.selected == 1
    x0, _, x1, y1 = ink_box(ink)
    line = [window.canvas.to_widget((x0 + (x1 - x0) * t / 20, y1 + 8)) for t in range(21)]
    QTest.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=line[0].toPoint())
    for point in line[1:8]:
        move(window.canvas, point)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.live.changed()  # read with the line half drawn
    for point in line[8:]:
        move(window.canvas, point)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        QTest.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=line[-1].toPoint())
    qtbot.waitUntil(lambda: window.reading.left_out and not window.canvas.is_drawing())
    assert window.reading.number == "42" and window.selected == 1


def test_the_chart_follows_a_stroke_that_ends_inside_the_digit_before(qtbot, window):
    # A 7 whose foot sweeps down-left under the 4 before it: it ends in the 4's frame.
    four = [[(60, 100), (30, 170), (95, 170)], [(80, 120), (80, 200)]]
    seven = [[(110, 100), (170, 100), (150, 150), (88, 196)]]
    draw_ink(window.canvas, four + seven)
    qtbot.waitUntil(lambda: window.reading is not None and len(window.reading.digits) == 2)
    qtbot.waitUntil(lambda: window.selected == 1, timeout=5000)


def test_a_new_number_is_saved_under_the_number_read(qtbot, window, monkeypatch):
    offered = []
    monkeypatch.setattr(
        filedialogs, "save_file_name", lambda _, __, path, *a: offered.append(path) or ""
    )
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    window.save_ink_as()
    assert offered[-1].endswith("206.json")
    top, bottom = number_ink([2, 0]), number_ink([2, 6])
    below = [[(x, y + 200) for x, y in stroke] for stroke in bottom.strokes]
    window.discard_changes()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(Ink(top.width, 500, top.strokes + below))
    window.save_ink_as()
    assert offered[-1].endswith("20_26.json")  # a line each


def test_an_opened_number_starts_at_its_first_digit(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    window.select(2)
    path = tmp_path / "number.json"
    path.write_bytes(ink_to_bytes(number_ink([3, 9, 4])))
    window.discard_changes()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        assert window.open_file(path)
        assert window.canvas._boxes == []  # the boxes were the other drawing's
    assert window.selected == 0 and window.chart.bars()[0][0] == 3
    assert len(window.canvas._boxes) == 3


@pytest.mark.parametrize("kind", ["picture", "ink"])
def test_undo_back_to_another_drawing_shows_none_of_the_last_ones_reading_on_it(
    qtbot, window, monkeypatch, kind
):
    # A tester: Undo back to an earlier picture showed the number's frames on it for a second,
    # and its reading, asked for before the Undo, came after it and was shown as this one's.
    # So did Undo back across an opened ink file.
    def open_drawing(ink: Ink) -> None:
        if kind == "picture":
            window.canvas.open_picture(export_image(ink))
        else:
            window.canvas.open_ink(ink)

    with qtbot.waitSignal(window.readingShown, timeout=10000):
        open_drawing(number_ink([7]))
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        open_drawing(number_ink([2, 0, 6], gap=60))
    assert len(window.canvas._boxes) == 3
    late = window.reading  # as if its request were still with the recognizer
    send = window.live._send
    monkeypatch.setattr(window.live, "_send", lambda: None)
    window.undo_action.trigger()
    assert window.canvas._boxes == [] and window.chart.outdated
    window.live.recognized.emit(late)
    assert window.canvas._boxes == [] and window.chart.outdated  # not shown as the 7's
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        send()
    assert window.reading.number == "7"


def test_two_lines_are_copied_as_two_lines_and_shown_as_two_rows(qtbot, window):
    top, bottom = number_ink([2, 0]), number_ink([2, 6])
    below = [[(x, y + 200) for x, y in stroke] for stroke in bottom.strokes]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(Ink(top.width, 500, top.strokes + below))
    window.copy_number_action.trigger()
    assert QApplication.clipboard().text() == "20\n26"
    assert window.statusBar().currentMessage() == "Copied 20, 26 (2 lines)."
    qtbot.waitUntil(lambda: len(number_digits(window.number)) == 4)
    digits = number_digits(window.number)
    assert [b.text() for b, _ in digits] == list("2026")
    places = [place for _, place in digits]
    assert places[0].top() == places[1].top() and places[1].bottom() < places[2].top()
    assert window.number.rect().contains(places[3])


def test_a_long_number_in_two_lines_gets_larger_type_than_in_one(qtbot, window):
    # 16 digits in one row were about 9 pixels tall at the default window (a fresh tester).
    one = number_ink([3, 1, 4, 1, 5, 9, 2, 6, 2, 7, 1, 8, 2, 8, 1, 8])
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(one)
    qtbot.waitUntil(lambda: len(window.number.findChildren(QToolButton)) == 16)
    in_one = window.number.findChildren(QToolButton)[0].font().pixelSize()
    top, bottom = number_ink([3, 1, 4, 1, 5, 9, 2, 6]), number_ink([2, 7, 1, 8, 2, 8, 1, 8])
    below = [[(x, y + 200) for x, y in stroke] for stroke in bottom.strokes]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(Ink(max(top.width, bottom.width), 500, top.strokes + below))
    assert window.reading.line_starts == (8,)
    qtbot.waitUntil(lambda: len(number_digits(window.number)) == 16)
    shown = number_digits(window.number)
    assert shown[0][0].font().pixelSize() > in_one
    assert all(window.number.rect().contains(place) for _, place in shown)


def test_a_single_digit_shows_no_number_row(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-7-0.json"))
    assert not window.number.isVisible() and window.canvas._boxes == []


def test_the_number_row_is_made_again_and_again_without_a_crash(qtbot):
    """Clearing and drawing numbers again remakes the row many times: its old lines are
    deleted once back in the event loop, each with its own buttons, whatever Python's
    garbage collector does meanwhile (a deleted layout made PySide6 crash here)."""
    view = NumberView()
    qtbot.addWidget(view)
    view.show()
    shown = [("2026", (2,)), ("17", ()), ("1", ()), ("202", ()), ("2026", ())]
    for _ in range(60):
        for text, starts in shown:
            view.show_number(text, 0, starts)
            QApplication.processEvents()
        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert view.text() == "2026"
    assert [b.text() for b in view.findChildren(QToolButton)] == list("2026")


def test_the_smallest_window_makes_room_for_the_number_row(qtbot, window):
    window.top_k_box.setValue(10)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 2, 6]))
    window.resize(100, 100)  # as small as it goes
    qtbot.wait(50)
    assert window.number.isVisible()
    # Nothing of the side panel overlaps: the number, the chart, the caption, the preview.
    panel = [window.number, window.chart, window.caption, window.preview]
    for upper, lower in itertools.pairwise(panel):
        assert upper.geometry().bottom() < lower.geometry().top()


def test_copy_number_puts_the_number_read_on_the_clipboard(qtbot, window):
    clipboard = QApplication.clipboard()
    clipboard.setText("before")
    assert not window.copy_number_action.isEnabled()  # nothing read yet
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    assert window.copy_number_action.isEnabled()
    qtbot.keyClick(window.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == window.reading.number == "206"
    assert window.statusBar().currentMessage() == "Copied 206."
    # A digit shown as ? is copied as its best reading, and the status bar says to check it.
    doubted = window.reading.digits[1]
    doubted = replace(doubted, recognition=replace(doubted.recognition, not_sure=True))
    window.reading = replace(
        window.reading, digits=[window.reading.digits[0], doubted, window.reading.digits[2]]
    )
    window.copy_number_action.trigger()
    assert clipboard.text() == "206"
    assert window.statusBar().currentMessage() == "Copied 206: check the digit marked ? (2?6)."
    window.reading = replace(window.reading, digits=[doubted])  # one digit, read unsure
    window.copy_number_action.trigger()
    assert window.statusBar().currentMessage() == (
        "Copied 0, which is read without being sure: check it."
    )
    # A part maybe no digit at all among digits is left out (a fresh tester's scribble in
    # "2?6" was copied as a 0).
    sure = replace(doubted, recognition=replace(doubted.recognition, not_sure=False))
    scribble = replace(doubted, recognition=replace(doubted.recognition, digit_probability=0.1))
    window.reading = replace(window.reading, digits=[sure, scribble, doubted])
    window.copy_number_action.trigger()
    assert clipboard.text() == "00"
    assert window.statusBar().currentMessage() == (
        "Copied 00, leaving out a part maybe no digit: check the digit marked ? (0??)."
    )
    # A scribble maybe no digit at all is not copied.
    clipboard.setText("before")
    none = replace(doubted.recognition, digit_probability=0.1)
    window.reading = replace(window.reading, digits=[replace(doubted, recognition=none)])
    window.copy_number_action.trigger()
    assert clipboard.text() == "before"
    assert window.statusBar().currentMessage() == "Nothing copied: this is maybe not a digit."
    # A digit drawn too small says so, as the chart does (a tester's tiny 7: "maybe not a digit").
    blob = replace(none, blob=True)
    window.reading = replace(window.reading, digits=[replace(doubted, recognition=blob)])
    window.copy_number_action.trigger()
    assert window.statusBar().currentMessage() == (
        "Nothing copied: it is drawn too small to read; draw it larger, or with a thinner pen."
    )
    window.canvas.clear()
    assert not window.copy_number_action.isEnabled()


# Qt's offscreen platform cannot raise a popup or give it the keyboard, and says so.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_in_an_open_menu_the_arrow_keys_are_the_menus_and_esc_in_a_tool_clears_nothing(
    qtbot, window
):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    window.select(1)
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    edit.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(edit.isVisible)
    # The keys step aside for the menu; the View menu's items stay usable.
    assert not any(key.isEnabled() for key in window.digit_keys)
    assert window.previous_digit_action.isEnabled() and window.next_digit_action.isEnabled()
    edit.hide()
    qtbot.waitUntil(lambda: all(key.isEnabled() for key in window.digit_keys))
    assert window.selected == 1
    # Esc clears nothing (in the Show top box it gives the keys back to the drawing), and
    # Backspace in the box edits the box.
    window.activateWindow()
    box = window.top_k_box.findChild(QLineEdit)
    for widget in (window.canvas, box):
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert window.canvas.hasFocus() and not window.canvas.is_empty()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    assert not window.canvas.is_empty()
    assert window.top_k_box.findChild(QLineEdit).text() == ""


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_the_arrow_keys_come_back_to_the_drawing_after_a_menu_or_a_click_on_a_digit(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 6]))
    window.activateWindow()
    # A menu opened from the keyboard and closed with Esc leaves the menu bar the focus.
    window.menuBar().setFocus()
    qtbot.waitUntil(window.menuBar().hasFocus)
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    view.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(view.isVisible)
    view.hide()
    qtbot.waitUntil(lambda: window.focusWidget() is window.canvas)
    window.activateWindow()  # offscreen, the popup took it
    qtbot.waitUntil(window.canvas.hasFocus)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.selected == 1
    # A click on a digit of the number gives the keys back to the drawing too.
    window.top_k_box.setFocus()
    qtbot.waitUntil(window.top_k_box.hasFocus)
    window.number.selected.emit(2)
    assert window.selected == 2 and window.focusWidget() is window.canvas


@pytest.mark.parametrize("tall", [1000, 480])
def test_a_screen_too_short_for_two_charts_makes_the_preview_smaller_not_cut_off(
    qtbot, monkeypatch, tall
):
    from PySide6.QtCore import QPoint, QRect, QSize

    from digitpad.gui.preview import SIDE

    class Screen:  # a screen this many pixels tall, as a 1000-pixel one is at 200%
        def availableSize(self):
            return QSize(1200, tall)

        def availableVirtualGeometry(self):
            return QRect(0, 0, 1200, tall)

    window = make_window(qtbot)
    monkeypatch.setattr(window, "screen", Screen)
    window._show_theirs("mine.tflite")  # a user's model: a second chart
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.size() == window.minimumSize())
    preview = window.preview
    assert window.frameGeometry().height() <= tall and preview.width() == preview.height()
    assert preview.mapTo(window, QPoint(0, preview.height())).y() <= window.height()
    assert (preview.width() == SIDE) == (tall == 1000)
    window._show_theirs(None)  # the room of the second chart: the preview may grow into it
    assert preview.width() >= SIDE and preview.width() % 28 == 0


def test_a_large_window_shows_a_larger_preview_in_whole_input_pixels(qtbot):
    from digitpad.gui.preview import LARGEST_SIDE, SIDE

    window = make_window(qtbot)
    window.resize(1600, 1050)
    qtbot.waitUntil(lambda: window.preview.width() == LARGEST_SIDE)
    assert window.preview.height() == LARGEST_SIDE
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.preview.width() == SIDE)
    # The panel still shows it whole, below the chart.
    bottom = window.preview.mapTo(window, window.preview.rect().bottomLeft()).y()
    assert bottom <= window.statusBar().geometry().top()


def test_the_status_bar_says_when_a_mark_is_left_out_of_the_number(qtbot, window):
    ink = number_ink([2, 0])
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(ink)
    assert "left out" not in window.status_bar.currentMessage()
    _, _, x1, y1 = window.reading.digits[-1].box
    underline = [(x0, y1 + 30) for x0 in range(int(x1) - 60, int(x1) + 10, 5)]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(replace(ink, strokes=[*ink.strokes, underline]))
    assert window.reading.number == "20"
    assert "Ink outside the framed digits was left out" in window.status_bar.currentMessage()
    window.canvas.clear()
    window.status_bar.clearMessage()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.undo_action.trigger()  # the same drawing again: said again
    assert "Ink outside the framed digits was left out" in window.status_bar.currentMessage()
    window.status_bar.clearMessage()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_picture(export_image(ink))
    assert "left out" not in window.status_bar.currentMessage()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_picture(export_image(replace(ink, strokes=[*ink.strokes, underline])))
    assert window.reading.number == "20"
    assert "Ink outside the framed digits was left out" in window.status_bar.currentMessage()


def test_one_digit_with_ink_left_out_is_framed(qtbot, window):
    ink = number_ink([7])
    _, _, x1, y1 = ink_box(ink)
    dot = [(x1 + 0.8 * (y1 - ink_box(ink)[1]), y1)]  # a stray click, away from the 7
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(replace(ink, width=ink.width * 2, strokes=[*ink.strokes, dot]))
    assert window.reading.number == "7" and window.reading.left_out
    assert len(window.canvas._boxes) == 1 and window.canvas._boxes[0][2] < dot[0][0] - 40
    assert "Ink outside the framed digits was left out" in window.status_bar.currentMessage()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(ink)
    assert window.canvas._boxes == []  # one digit and nothing else: no frame, as ever


def test_a_pictures_one_digit_small_in_it_is_framed_where_it_lies(qtbot, window, tmp_path):
    from PIL import Image, ImageDraw

    page = Image.new("L", (4000, 3000), 255)  # shrunk to 2,000 pixels across on loading
    ImageDraw.Draw(page).line([(2400, 1200), (2490, 1200), (2430, 1400)], fill=0, width=8)
    page.save(tmp_path / "page.png")
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.open_file(str(tmp_path / "page.png"))
    assert window.reading.number == "7"
    [(x0, y0, x1, y1)] = window.canvas._boxes  # in the shown picture's pixels
    assert x0 >= 1195 and x1 <= 1250 and y0 >= 595 and y1 <= 705
    # A digit that fills its picture needs no frame.
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.open_file(str(SAMPLES / "mnist-7-0.png"))
    assert window.canvas._boxes == []


def test_a_number_of_five_lines_shows_five_rows_none_cut(qtbot, window):
    # A fresh tester's 5, 6, 7, 8 and 9 one below the other: the rows shared one line's
    # height and the digits were cut to 7 pixels.
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(Path(__file__).parent / "data" / "five-lines-5-to-9.json"))
    assert window.reading.number == "56789" and len(window.reading.line_starts) == 4
    qtbot.waitUntil(lambda: len(number_digits(window.number)) == 5)
    digits = number_digits(window.number)
    assert len({place.top() for _, place in digits}) == 5
    assert all(window.number.rect().contains(place) for _, place in digits)
    assert all(b.height() >= b.fontMetrics().height() for b, _ in digits)


def test_up_and_down_move_to_the_nearest_digit_of_the_line_above_or_below(qtbot, window):
    top, bottom = number_ink([2, 0, 5]), number_ink([2, 6])
    below = [[(x, y + 200) for x, y in stroke] for stroke in bottom.strokes]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(Ink(top.width, 500, top.strokes + below))
    assert window.reading.number == "20526" and window.reading.line_starts == (3,)
    window.canvas.setFocus()
    window.select(1)  # the 0, above the 6
    assert not window.digit_above_action.isEnabled() and window.digit_below_action.isEnabled()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Down)
    assert window.selected == 4 and window.digit_above_action.isEnabled()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Down)  # no line below: it stays
    assert window.selected == 4
    qtbot.keyClick(window.canvas, Qt.Key.Key_Up)
    assert window.selected == 1
