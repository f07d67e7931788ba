"""Correcting a reading in the window: one gesture, kept on disk, read differently at once."""

from pathlib import Path

import pytest
from helpers import SAMPLES, draw_ink, number_ink
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from digitpad.cli import main
from digitpad.core.ink import Ink, read_ink
from digitpad.gui import dialogs, filedialogs
from digitpad.gui.samples import SamplesDialog
from digitpad.gui.teaching import UNDO_TIP


def taught_other(window) -> tuple[int, int]:
    """The 1 or 7 that the drawing shown (pen-1-0) is read as, and the other one to teach."""
    read = window.chart.bars()[0][0]
    assert read in (1, 7)
    return read, 8 - read


def four_taught_then_the_one(qtbot, window) -> tuple[int, int]:
    """pen-4-0 taught as a 4, then pen-1-0 shown: taught_other's pair for it."""
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    window.correct(4)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-1-0.json"))
    return taught_other(window)


def test_a_drawing_read_as_no_digit_is_taught_with_a_word_that_undo_forgets_it(qtbot, window):
    zigzag = Ink(300, 300, [[(60.0 + i * 30, 100.0 + (i % 2) * 120) for i in range(8)]])
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(zigzag)
    assert window.reading.digits[0].recognition.maybe_not_a_digit
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_5)
    assert window.profile.count == 1
    assert window.statusBar().currentMessage() == (
        "Learned: this is a 5 (Undo forgets it), though it was read as maybe no digit."
    )


def test_a_digit_drawn_too_small_for_the_pen_is_not_learned(qtbot, window):
    # A fresh tester corrected a digit read "Drawn too small": the blob was kept as a sample,
    # and the digit still read "?".
    eight = read_ink(SAMPLES / "pen-8-0.json")
    points = [p for stroke in eight.strokes for p in stroke]
    low_x, low_y = min(x for x, _ in points), min(y for _, y in points)
    scale = 25 / (max(y for _, y in points) - low_y)
    small = [
        [(150 + (x - low_x) * scale, 150 + (y - low_y) * scale) for x, y in stroke]
        for stroke in eight.strokes
    ]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(Ink(360, 360, small))
    assert window.reading.digits[0].recognition.blob
    qtbot.keyClick(window.canvas, Qt.Key.Key_5)
    assert window.profile.count == 0
    assert window.statusBar().currentMessage().startswith("Drawn too small for the pen to learn")


def test_a_sure_reading_corrected_says_how_surely_it_was_read(qtbot, window):
    # A tester clicked a bar to look and taught a sure 4 as a 7 with only the usual word.
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    assert window.chart.bars()[0][0] == 4 and not window.reading.digits[0].recognition.not_sure
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_7)
    assert window.statusBar().currentMessage() == (
        "Learned: this is a 7 (Undo forgets it), though it was read as a 4 at 99.9%."
    )


def test_a_digit_key_corrects_the_reading_and_it_takes_effect(qtbot, window):
    one_or_seven = read_ink(SAMPLES / "pen-1-0.json")  # a 1 with a long flag: a 7 to many
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(one_or_seven)
    read, other = taught_other(window)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, getattr(Qt.Key, f"Key_{other}"))
    assert window.profile.count == 1 and window.profile.labels().tolist() == [other]
    assert "Knows 1 sample of yours" in window.samples_status.text()
    # The title over digitpad's chart beside a user's model, which reads without the samples
    assert window.ours_title.text() == "digitpad, with your handwriting"
    assert window.chart.bars()[0][0] == other != read  # the very drawing it was taught
    assert f"Learned: this is a {other}" in window.statusBar().currentMessage()
    window.canvas.clear()  # the message spoke of that drawing
    assert window.statusBar().currentMessage() == ""


def test_nothing_can_be_corrected_on_an_empty_canvas(qtbot, window):
    def offered():
        actions = (*window.correct_actions, window.confirm_action, window.wrong_menu.menuAction())
        return [a.isEnabled() for a in actions]

    assert not any(offered())
    qtbot.keyClick(window.canvas, Qt.Key.Key_5)
    assert window.profile.count == 0
    assert window.statusBar().currentMessage().startswith("Draw a digit first: then 5 teaches")
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("Draw a digit first: then Ctrl+Enter")
    qtbot.keyClick(window.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Draw a number first: then Ctrl+C copies it."
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    assert all(offered())
    window.canvas.clear()
    assert not any(offered())


def test_that_s_wrong_offers_every_digit_but_the_one_read(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    read = window.chart.bars()[0][0]
    offered = [a.text().split("\t")[1] for a in window.wrong_menu.actions() if a.isEnabled()]
    assert offered == [str(d) for d in range(10) if d != read]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.wrong_actions[(read + 1) % 10].trigger()
    assert window.profile.labels().tolist() == [(read + 1) % 10]


def test_a_click_on_a_bar_and_the_menu_correct_too(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    window.chart.repaint()  # the rows are where the last paint put them
    rect, digit = window.chart._rows[1]  # the runner-up's row
    QTest.mouseClick(window.chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.profile.labels().tolist() == [digit]
    # Like a button: pressed on a bar but released elsewhere, it teaches nothing.
    rect, _ = window.chart._rows[2]
    QTest.mousePress(window.chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    QTest.mouseRelease(window.chart, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert window.profile.count == 1
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-7-0.json"))
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    keypad = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier
    qtbot.keyClick(window.canvas, Qt.Key.Key_Enter, keypad)  # "that's right", keypad's Enter
    assert window.profile.labels().tolist() == [digit, 7]


def test_a_reading_not_yet_of_the_drawing_takes_no_clicks_and_dims_when_slow(qtbot, window):
    from digitpad.gui.chart import OUTDATED_DIM_MS

    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    window.chart.repaint()
    rect, digit = window.chart._rows[0]
    centre = rect.center().toPoint()
    bright = window.chart.grab().toImage().pixelColor(centre)
    window.live.outdated.emit()  # the drawing changed; its reading has not come yet
    QTest.mouseClick(window.chart, Qt.MouseButton.LeftButton, pos=centre)
    window.confirm_action.trigger()
    assert window.profile.count == 0
    assert "still being read" in window.statusBar().currentMessage()
    qtbot.wait(OUTDATED_DIM_MS + 200)
    assert window.chart.grab().toImage().pixelColor(centre) != bright  # dimmed
    window.live.settled.emit()  # the reading of the drawing as it is now has come
    assert window.chart.grab().toImage().pixelColor(centre) == bright
    QTest.mouseClick(window.chart, Qt.MouseButton.LeftButton, pos=centre)
    assert window.profile.labels().tolist() == [digit]
    # A file opened is another drawing: the reading shown dims at once, until its own comes.
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        assert window.open_file(SAMPLES / "pen-2-0.json")
        assert window.chart.grab().toImage().pixelColor(centre) != bright


def test_a_digit_key_pressed_as_a_stroke_ends_waits_for_that_drawings_reading(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        draw_ink(window.canvas, read_ink(SAMPLES / "pen-1-0.json").strokes)
    # A 0 beside the 1, and 3 pressed as it ends: the reading shown is still the 1's alone.
    strokes = [
        [(x + 120, y) for x, y in stroke] for stroke in read_ink(SAMPLES / "pen-0-0.json").strokes
    ]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        draw_ink(window.canvas, strokes)
        qtbot.keyClick(window.canvas, "3")
        assert window.profile.count == 0
        assert "still being read: press 3 once" in window.statusBar().currentMessage()
    qtbot.keyClick(window.canvas, "3")
    assert window.profile.count == 1


def test_keys_pressed_before_a_drawings_reading_say_it_is_still_being_read(
    qtbot, window, monkeypatch
):
    QApplication.clipboard().setText("before")
    send = window.live._send
    monkeypatch.setattr(window.live, "_send", lambda: None)  # a slow or restarting recognizer
    draw_ink(window.canvas, read_ink(SAMPLES / "pen-4-0.json").strokes)
    assert window.reading is None  # its first reading has not come
    qtbot.keyClick(window.canvas, "4")
    assert "still being read: press 4 once" in window.statusBar().currentMessage()
    qtbot.keyClick(window.canvas, "c", Qt.KeyboardModifier.ControlModifier)
    assert "still being read: copy it once" in window.statusBar().currentMessage()
    assert window.profile.count == 0 and QApplication.clipboard().text() == "before"
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        send()
    # A reading shown, then the drawing changed: its number is not copied until read again.
    seven = read_ink(SAMPLES / "pen-7-0.json").strokes
    draw_ink(window.canvas, [[(x + 150, y) for x, y in stroke] for stroke in seven])
    window.copy_number_action.trigger()
    assert "still being read: copy it once" in window.statusBar().currentMessage()
    assert QApplication.clipboard().text() == "before"
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        send()
    window.copy_number_action.trigger()
    assert QApplication.clipboard().text() == window.reading.number


def test_a_reading_that_failed_leaves_nothing_to_teach_copy_or_step_through(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0]))
    assert window.number.text() == "20" and window.next_digit_action.isEnabled()
    QApplication.clipboard().setText("before")
    window.live.failed.emit("This drawing could not be read (ValueError).")
    assert window.reading is None and window.number.text() == ""
    assert not window.next_digit_action.isEnabled() and not window.confirm_action.isEnabled()
    qtbot.keyClick(window.canvas, "7")
    window.copy_number()
    assert window.profile.count == 0 and QApplication.clipboard().text() == "before"


def test_the_same_drawing_taught_twice_as_the_same_digit_is_kept_once(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    with qtbot.waitSignal(window.readingShown, timeout=10000):  # read again with the sample
        window.confirm_action.trigger()
    window.confirm_action.trigger()
    assert window.profile.count == 1
    assert window.statusBar().currentMessage().startswith("Already learned")
    window.correct(9)  # the user changed their mind: the newer label replaces the sample
    assert window.profile.labels().tolist() == [9]
    window.undo_correction()
    assert window.profile.labels().tolist() == [4]  # the digit it was taught as before
    window.correct(9)  # taught again after Undo Last Sample
    assert window.profile.labels().tolist() == [9]


def test_export_into_a_folder_with_files_makes_its_own_folder_there(
    qtbot, window, tmp_path, monkeypatch
):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-2-0.json"))
    window.correct(2)
    (tmp_path / "notes.txt").write_text("mine")
    monkeypatch.setattr(filedialogs, "existing_directory", lambda *args: str(tmp_path))
    for name in ("digitpad handwriting", "digitpad handwriting 2"):
        window.export_profile_action.trigger()
        assert (tmp_path / name / "labels.csv").read_text().splitlines()[1:] == ["00001.png,2"]
        said = window.statusBar().toolTip()  # the message in full: cut to the window's width
        assert said == f"Exported 1 sample to {tmp_path / name}."
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(filedialogs, "existing_directory", lambda *args: str(empty))
    window.export_profile_action.trigger()  # an empty folder is used as it is
    assert (empty / "labels.csv").exists() and (tmp_path / "notes.txt").read_text() == "mine"


def test_an_export_that_leaves_samples_out_says_so_in_a_message(
    qtbot, window, tmp_path, monkeypatch, _no_modal_dialogs
):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-2-0.json"))
    window.correct(2)
    window.canvas.clear()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-3-0.json"))
    window.correct(3)
    window.profile.samples()[0].path.write_bytes(b"not ink")
    monkeypatch.setattr(filedialogs, "existing_directory", lambda *args: str(tmp_path / "e"))
    window.export_profile_action.trigger()
    assert _no_modal_dialogs[-1] == (
        f"Exported 1 sample to {tmp_path / 'e'}; left out 1 sample that could not be read "
        "(see the log)."
    )


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_export_into_a_folder_that_takes_no_new_files_says_so(
    qtbot, window, monkeypatch, _no_modal_dialogs
):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-2-0.json"))
    window.correct(2)
    monkeypatch.setattr(filedialogs, "existing_directory", lambda *args: "/proc")
    window.export_profile_action.trigger()
    assert _no_modal_dialogs[-1] == (
        "Could not export your handwriting: that folder takes no new files."
    )


def test_forget_asks_first_and_then_deletes_everything(
    qtbot, window, _no_modal_dialogs, monkeypatch
):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-2-0.json"))
    window.correct(3)
    window.undo_action.trigger()
    window.correct(2)
    window.undo_action.trigger()
    window.correct(2)  # Redo could teach the 3 or the 2 back: not once they are forgotten
    folder = window.profile.path
    assert any(folder.iterdir())
    window.forget_action.trigger()  # the test's dialogs answer "Discard": not "Yes"
    assert _no_modal_dialogs and "Forget 1 sample of" in _no_modal_dialogs[-1]
    assert window.profile.count == 1
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(dialogs, "question", lambda *args, **kwargs: yes)
    window.forget_action.trigger()
    left = list(folder.rglob("*")) if folder.exists() else []
    assert window.profile.count == 0 and left == []
    assert window.samples_status.text() == ""
    assert window.statusBar().currentMessage() == "Forgot 1 sample of your handwriting."
    # Undo takes back the drawing's own change now, and Redo teaches nothing back.
    assert not window.redo_action.isEnabled() and window.undo_action.toolTip() == UNDO_TIP


def test_a_damaged_profile_can_still_be_forgotten_from_the_window(
    qtbot, window, _no_modal_dialogs, monkeypatch
):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-2-0.json"))
    window.correct(2)
    window.profile.index_path.write_text("not,an,index\n")  # damaged outside the app
    window.correct(3)
    advice = "mend that file, or Learn ▸ Forget My Handwriting starts afresh"
    assert advice in _no_modal_dialogs[-1]
    assert window.profile.count == 0 and window.forget_action.isEnabled()
    assert window.samples_status.text() == "Your samples cannot be read"
    assert "does not begin with its header" in window.samples_status.toolTip()
    assert f"\nM{advice[1:]}" in window.samples_status.toolTip()  # a line of its own
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(dialogs, "question", lambda *args, **kwargs: yes)
    window.forget_action.trigger()
    assert not window.profile.path.exists() and not window.forget_action.isEnabled()
    assert "Forgot the unreadable samples of" in window.statusBar().currentMessage()
    window.correct(3)  # and the next correction starts the profile afresh
    assert window.profile.labels().tolist() == [3]


def test_nothing_to_correct_when_nothing_is_read(window):
    window.correct(3)
    assert window.profile.count == 0


def test_the_last_correction_can_be_taken_back(qtbot, window):
    assert not window.unteach_action.isEnabled()
    read, other = four_taught_then_the_one(qtbot, window)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, getattr(Qt.Key, f"Key_{other}"))  # a slip of the finger
    assert window.chart.bars()[0][0] == other
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.unteach_action.trigger()
    assert window.profile.labels().tolist() == [4]  # that one is gone, the 4 taught before stays
    assert window.chart.bars()[0][0] == read
    assert f"Forgot the {other}" in window.statusBar().currentMessage()


def test_undo_right_after_a_correction_forgets_it_and_then_takes_back_the_drawing(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-1-0.json"))
    read, other = taught_other(window)
    strokes = len(window.canvas.document.ink().strokes)
    assert "Click a digit's bar to teach" in window.chart.toolTip()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, getattr(Qt.Key, f"Key_{other}"))  # a slip of the finger
    assert "Undo forgets it" in window.statusBar().currentMessage()
    assert window.undo_action.toolTip() == "Forget the digit you just taught"
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.profile.count == 0 and window.chart.bars()[0][0] == read
    assert len(window.canvas.document.ink().strokes) == strokes  # the drawing is untouched
    window.undo_action.trigger()  # now the drawing's own last change: the opened ink goes
    assert window.canvas.document.is_empty and window.profile.count == 0


def test_a_correction_ends_what_redo_could_put_back(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-1-0.json"))
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.undo_action.trigger()  # the 4 is taken back: Redo would bring it
    assert window.redo_action.isEnabled()
    _, other = taught_other(window)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, getattr(Qt.Key, f"Key_{other}"))
    # Redo would put the 4 over the 1 just taught, also once the correction is undone:
    # then Redo teaches the correction again, and the drawing stays the 1.
    assert not window.redo_action.isEnabled()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.profile.count == 0 and window.redo_action.isEnabled()
    assert "(Redo teaches it)" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.profile.labels().tolist() == [other] and not window.redo_action.isEnabled()
    assert len(window.canvas.document.ink().strokes) == len(
        read_ink(SAMPLES / "pen-1-0.json").strokes
    )
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.undo_action.trigger()  # forgotten again; a change to the drawing ends Redo
    assert window.redo_action.isEnabled()
    window.canvas.clear()
    assert not window.redo_action.isEnabled() and window.profile.count == 0


def test_a_digit_key_while_the_pen_is_down_teaches_nothing(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    QTest.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 60))
    QTest.mouseMove(window.canvas, QPoint(300, 120))
    qtbot.keyClick(window.canvas, Qt.Key.Key_7)
    assert window.profile.count == 0
    assert "Lift the pen first" in window.statusBar().currentMessage()
    QTest.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 120))


def test_undo_after_a_drawing_is_taught_again_as_another_digit_brings_back_the_first(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    window.confirm_action.trigger()  # a 4, and it is one
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.correct(9)  # no: a 9, the same drawing (the 4 gives way)
    assert window.profile.labels().tolist() == [9]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.undo_action.trigger()
    assert window.profile.labels().tolist() == [4]
    assert "Forgot the 9: this is a 4 again" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.redo_action.trigger()  # the 9 once more, in place of the 4
    assert window.profile.labels().tolist() == [9]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.undo_action.trigger()
    assert window.profile.labels().tolist() == [4]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.unteach_action.trigger()  # and then the 4 too
    assert window.profile.count == 0


def test_undo_forgets_a_drawing_taught_twice_before_it_touches_the_drawing(qtbot, window):
    # Two digit keys in a row on one drawing (a 1, then no: a 0), then Undo, Undo: each Undo
    # takes back one correction, and the drawing keeps every stroke.
    ink = read_ink(SAMPLES / "pen-4-0.json")
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(ink)
    for digit in (Qt.Key.Key_1, Qt.Key.Key_0):
        with qtbot.waitSignal(window.readingShown, timeout=10000):
            qtbot.keyClick(window.canvas, digit)
    assert window.profile.labels().tolist() == [0]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.profile.labels().tolist() == [1]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.profile.count == 0
    assert "Forgot the 1 you taught last" in window.statusBar().currentMessage()
    assert len(window.canvas.document.ink().strokes) == len(ink.strokes)


def test_correcting_a_digit_of_a_number_keeps_that_digit_alone(qtbot, window):
    # A 9 and a 4 whose strokes overlap: the network tells them apart (reader.py).
    ink = read_ink(Path(__file__).parent / "data" / "overlapping-94.json")
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(ink)
    assert window.reading.number == "94"
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_4)  # "that's right": a 4
    (sample,) = window.profile.samples()
    four = window.reading.digits[1].drawing
    assert sample.label == 4
    assert [list(s) for s in sample.drawing().strokes] == [list(s) for s in four.strokes]
    assert len(four.strokes) < len(ink.strokes)


def two_digits_taught(qtbot, window) -> Ink:
    """Open a 9 and a 4 that overlap, and teach the first as a 7 and the last as a 1."""
    ink = read_ink(Path(__file__).parent / "data" / "overlapping-94.json")
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(ink)
    for select, digit in ((Qt.Key.Key_Home, Qt.Key.Key_7), (Qt.Key.Key_End, Qt.Key.Key_1)):
        qtbot.keyClick(window.canvas, select)
        with qtbot.waitSignal(window.readingShown, timeout=10000):
            qtbot.keyClick(window.canvas, digit)
    return ink


def test_undo_takes_back_corrections_of_two_digits_one_at_a_time(qtbot, window):
    ink = two_digits_taught(qtbot, window)
    assert sorted(window.profile.labels().tolist()) == [1, 7]
    for left in ([7], []):
        with qtbot.waitSignal(window.readingShown, timeout=10000):
            qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert window.profile.labels().tolist() == left
    assert len(window.canvas.document.ink().strokes) == len(ink.strokes)  # every stroke kept
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.document.is_empty  # and then the drawing's own steps: the open


def test_undo_passes_over_a_correction_whose_sample_was_removed_in_my_handwriting(
    qtbot, window, monkeypatch
):
    # A tester: once the 7 was removed, one Undo of the two did nothing it could show.
    two_digits_taught(qtbot, window)

    def remove_the_7(dialog) -> int:
        [row] = [r for r, s in enumerate(dialog.listing.samples) if s.label == 7]
        dialog.view.setCurrentIndex(dialog.listing.index(row))
        dialog.remove_selected()
        return 0

    monkeypatch.setattr(SamplesDialog, "exec", remove_the_7)
    monkeypatch.setattr(dialogs, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    window.samples_action.trigger()
    assert window.profile.labels().tolist() == [1]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.profile.count == 0 and not window.canvas.document.is_empty
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.document.is_empty  # the next Undo is the drawing's own: the open


def test_redo_teaches_again_every_correction_undo_forgot_in_turn(qtbot, window):
    ink = two_digits_taught(qtbot, window)
    messages = []
    for _ in range(2):
        with qtbot.waitSignal(window.readingShown, timeout=10000):
            qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        messages.append(window.statusBar().currentMessage())
    assert window.profile.count == 0 and window.redo_action.isEnabled()
    assert messages == [
        "Forgot the 1 you taught last (Redo teaches it).",
        "Forgot the 7 you taught last (Redo teaches it).",
    ]
    for taught, selected in (([7], 0), ([7, 1], 1)):
        with qtbot.waitSignal(window.readingShown, timeout=10000):
            qtbot.keyClick(window.canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
        assert window.profile.labels().tolist() == taught and window.selected == selected
    assert not window.redo_action.isEnabled()
    assert len(window.canvas.document.ink().strokes) == len(ink.strokes)  # the drawing untouched
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.profile.labels().tolist() == [7]  # and Undo forgets them again, last first


def test_redo_puts_back_the_drawing_and_then_the_correction_undo_forgot_before_it(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.correct(9)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.undo_action.trigger()  # the 9 is forgotten
    window.undo_action.trigger()  # and then the drawing's own change: the open
    assert window.canvas.document.is_empty and window.profile.count == 0
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.redo_action.trigger()  # the drawing first, as it was undone last
    assert window.profile.count == 0 and window.redo_action.isEnabled()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.redo_action.trigger()  # then the correction
    assert window.profile.labels().tolist() == [9] and not window.redo_action.isEnabled()


def test_a_drawing_read_as_maybe_no_digit_has_no_reading_to_confirm(qtbot, window):
    star = Ink(
        360, 360, [[(120, 120), (240, 240)], [(240, 120), (120, 240)], [(180, 100), (180, 260)]]
    )
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(star)
    assert window.reading.digits[0].recognition.maybe_not_a_digit
    assert not window.confirm_action.isEnabled()
    window.correct(None)  # Ctrl+Return, should it reach the window anyway
    assert window.profile.count == 0
    assert "no reading to confirm" in window.statusBar().currentMessage()
    window.correct(3)  # telling which digit it is still works
    assert window.profile.labels().tolist() == [3]


def test_samples_taught_from_the_command_line_are_noticed_on_coming_back(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    assert main(["profile", "import", str(exported_sample(window)), "--profile", "default"]) == 0
    assert window.samples_status.text() == ""  # the window has not looked yet
    with qtbot.waitSignal(window.readingShown, timeout=10000):  # read again with them
        QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    assert "Knows 1 sample of yours" in window.samples_status.text()
    assert window.forget_action.isEnabled()


def test_samples_imported_from_the_command_line_are_in_the_learn_menu_when_it_opens(window):
    assert main(["profile", "import", str(exported_sample(window)), "--profile", "default"]) == 0
    assert not window.samples_action.isEnabled()  # a blank sheet: no reading to notice them
    learn = window.samples_action.associatedObjects()[-1]  # the Learn menu
    learn.aboutToShow.emit()
    assert window.samples_action.isEnabled() and window.export_profile_action.isEnabled()
    assert "Knows 1 sample of yours" in window.samples_status.text()


def test_samples_forgotten_from_the_command_line_are_noticed_at_the_next_reading(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    window.correct(4)
    assert "Knows 1 sample of yours" in window.samples_status.text()
    assert main(["profile", "forget", "--yes"]) == 0  # the window stays active meanwhile
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-1-0.json"))
    assert window.samples_status.text() == ""
    assert not window.unteach_action.isEnabled() and not window.forget_action.isEnabled()
    window.undo_correction()  # offered until the window looks again: says why nothing happens
    assert "no longer in your handwriting" in window.statusBar().currentMessage()


def test_a_sample_forgotten_from_the_command_line_stays_forgotten_after_undo(qtbot, window):
    # A fresh tester: taught 7, forgot from a terminal, taught the same drawing 9, pressed
    # Ctrl+Z: "Forgot the 9: this is a 7 again", and the forgotten 7 was back.
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    window.correct(4)
    assert main(["profile", "forget", "--yes"]) == 0  # the window stays active meanwhile
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.correct(9)
    assert window.profile.labels().tolist() == [9]
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.undo_action.trigger()
    assert window.profile.count == 0
    assert "Forgot the 9 you taught last" in window.statusBar().currentMessage()


def exported_sample(window) -> Path:
    """A dataset folder holding one 4, as Learn ▸ Export writes it, outside the profile."""
    from digitpad.core.profile import Profile

    other = Profile.open(window.profile.path.parent / "elsewhere")
    other.add(read_ink(SAMPLES / "pen-4-0.json"), 4)
    folder = window.profile.path.parent / "export"
    other.export(folder)
    return folder


def test_a_correction_forgotten_once_its_drawing_is_gone_offers_no_redo(qtbot, window):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-1-0.json"))
    _, other = taught_other(window)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        qtbot.keyClick(window.canvas, getattr(Qt.Key, f"Key_{other}"))
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))  # another drawing
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.unteach_action.trigger()  # Learn ▸ Undo Last Sample
    assert window.profile.count == 0
    assert window.statusBar().currentMessage() == f"Forgot the {other} you taught last."
    assert not window.redo_action.isEnabled()


def test_undo_last_correction_after_the_last_sample_was_removed_offers_no_redo(qtbot, window):
    # The last sample removed elsewhere (My Handwriting): the one before it is forgotten, and
    # Redo may not teach its label to the drawing shown, which is the last one's.
    _, other = four_taught_then_the_one(qtbot, window)
    window.correct(other)
    window.profile.remove(window.profile.samples()[-1])
    window.unteach_action.trigger()
    assert window.profile.count == 0
    assert window.statusBar().currentMessage() == "Forgot the 4 you taught last."
    assert not window.redo_action.isEnabled()
