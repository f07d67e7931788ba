"""A window a person can trust: nothing lost, every state right, processes that come and go."""

import itertools
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from helpers import ROOT, draw, make_window
from PIL import Image
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QStyle,
    QStyleFactory,
    QStyleOptionSlider,
    QStyleOptionSpinBox,
    QWidget,
)

from digitpad.core.files import atomic_write
from digitpad.core.ink import Ink, ink_to_bytes, read_ink
from digitpad.core.recognizer import Recognition
from digitpad.core.render import render_ink
from digitpad.gui import colours, dialogs, filedialogs
from digitpad.gui.chart import MARGIN, MIN_ROW, ProbabilityChart, caption_text, headline
from digitpad.gui.number import NumberView
from digitpad.gui.slider import FocusSlider


def reading(qtbot, window):
    return qtbot.waitSignal(window.readingShown, timeout=10000)


def edit_a_file(window, path: Path, opened: Path | None = None) -> None:
    """Write a one-stroke ink file at path, open it (through opened, a link to it, if given)
    and draw a second stroke."""
    path.write_bytes(ink_to_bytes(Ink(360, 360, [[(100.0, 50.0), (200.0, 50.0)]], 9.0)))
    assert window.open_file(opened or path)
    draw(window.canvas, [(150, 60), (120, 250)])


# ---------------------------------------------------------------- nothing lost


def test_undo_brings_back_an_opened_picture_after_clearing_or_drawing(qtbot, window, samples):
    with reading(qtbot, window):
        window.open_file(samples / "mnist-8-0.png")
    picture = window.canvas.document.page.picture
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert window.canvas.document.page.picture is None
    window.undo_action.trigger()
    assert window.canvas.document.page.picture is picture
    draw(window.canvas, [(100, 100), (200, 200)])  # a stroke starts a fresh sheet...
    assert window.canvas.document.page.picture is None
    window.undo_action.trigger()  # ...that can be taken back
    assert window.canvas.document.page.picture is picture
    assert not window.canvas.document.has_ink


def test_a_new_drawing_never_overwrites_the_file_it_replaced(qtbot, window, tmp_path, monkeypatch):
    saved = tmp_path / "a.json"
    draw(window.canvas, [(100, 100), (200, 200)])
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(saved))
    assert window.save_ink()
    before = saved.read_bytes()
    assert window.windowTitle().startswith("a.json")
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)  # start a new drawing
    draw(window.canvas, [(50, 50), (60, 250)])
    assert window.isWindowModified()
    asked = []
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: asked.append(1) or "")
    window.save_action.trigger()
    assert asked and saved.read_bytes() == before
    assert window.windowTitle().startswith("Untitled")


def test_file_new_asks_before_dropping_an_unsaved_drawing(qtbot, window, _no_modal_dialogs):
    draw(window.canvas, [(100, 100), (200, 200)])
    window.new_action.trigger()
    assert _no_modal_dialogs and "new drawing" in _no_modal_dialogs[-1].lower()
    assert window.canvas.is_empty()
    # Answered Discard: the drawing is gone by the user's choice, and quitting does not ask.
    asked = len(_no_modal_dialogs)
    assert not window.isWindowModified()
    assert window.close() and len(_no_modal_dialogs) == asked


def test_file_new_can_be_undone_as_file_open_can(qtbot, window, _no_modal_dialogs):
    draw(window.canvas, [(100, 100), (200, 200)])
    window.new_action.trigger()  # answered Discard
    assert window.canvas.is_empty() and window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert window.canvas.document.has_ink and window.isWindowModified()  # unsaved again
    asked = len(_no_modal_dialogs)
    window.close()
    assert len(_no_modal_dialogs) == asked + 1  # so quitting asks once more


def test_quitting_with_changes_to_a_saved_drawing_names_its_file(
    qtbot, window, _no_modal_dialogs, tmp_path
):
    path = tmp_path / "seven.json"
    edit_a_file(window, path)
    window.close()
    assert _no_modal_dialogs[-1] == "Quit? Your changes to seven.json have not been saved."
    untitled = make_window(qtbot)
    draw(untitled.canvas, [(150, 60), (120, 250)])
    untitled.close()
    assert _no_modal_dialogs[-1] == "Quit? Your drawing has not been saved."


def test_quitting_right_after_clearing_an_unsaved_drawing_asks_first(
    qtbot, window, _no_modal_dialogs, tmp_path, monkeypatch
):
    draw(window.canvas, [(100, 100), (200, 200)])
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)  # cleared, but one undo away
    assert window.isWindowModified()  # the title says so too ("Untitled* — digitpad")
    monkeypatch.setattr(
        dialogs,
        "question",
        lambda *a: (_no_modal_dialogs.append(a[2]), QMessageBox.StandardButton.Cancel)[1],
    )
    assert not window.close()
    assert "cleared has not been saved" in _no_modal_dialogs[-1]
    # A drawing that was saved before it was cleared is not lost: quitting does not ask.
    window.canvas.undo()
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(tmp_path / "a.json"))
    assert window.save_ink()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert not window.isWindowModified()
    asked = len(_no_modal_dialogs)
    assert window.close() and len(_no_modal_dialogs) == asked


def test_a_signal_right_after_clearing_quits_without_a_dialog(qtbot, window, _no_modal_dialogs):
    # The signal handler (gui/app.py) discards the changes, then closes: nothing may ask.
    draw(window.canvas, [(100, 100), (200, 200)])
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    window.discard_changes()
    assert not window.undo_action.isEnabled()
    assert window.close() and not _no_modal_dialogs


def test_a_signal_while_quit_asks_answers_cancel_and_quits(qtbot, window, monkeypatch):
    from digitpad.gui.app import install_signal_handlers

    before = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    install_signal_handlers(window)
    stop = signal.getsignal(signal.SIGTERM)
    for number, handler in before.items():  # the test process keeps its own
        signal.signal(number, handler)
    draw(window.canvas, [(100, 100), (200, 200)])

    def ask(parent, title, text, buttons, default, names=None):  # a real one, with its loop
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
        QTimer.singleShot(50, lambda: stop(signal.SIGTERM, None))  # the signal comes now
        QTimer.singleShot(1500, box.reject)  # so that a failure does not hang the test
        return QMessageBox.StandardButton(box.exec())

    quits = []
    monkeypatch.setattr(dialogs, "question", ask)
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
    window.close()  # asks "Quit? Your drawing has not been saved."
    qtbot.waitUntil(lambda: quits == [1], timeout=2000)
    assert not window.isVisible() and QApplication.activeModalWidget() is None


def kept_drawings() -> list[Path]:
    from digitpad.core.recovery import recovery_dir

    return sorted(recovery_dir().glob("*.json"))


def test_an_unsaved_drawing_is_kept_on_disk_until_it_is_saved(qtbot, window, tmp_path, monkeypatch):
    draw(window.canvas, [(100, 100), (200, 200)])
    qtbot.waitUntil(lambda: len(kept_drawings()) == 1, timeout=3000)
    assert len(read_ink(kept_drawings()[0]).strokes) == 1
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(tmp_path / "a.json"))
    assert window.save_ink()
    assert kept_drawings() == []


def test_the_reopened_notice_stays_when_the_reading_leaves_ink_out(qtbot, window):
    # A fresh tester's reopened drawing: "Reopened your unsaved drawing." went within a second,
    # replaced by the reading's "Ink outside the framed digits was left out".
    for stroke in read_ink(ROOT / "tests" / "data" / "3-14-dash.json").strokes:
        draw(window.canvas, stroke)
    window.close_keeping_unsaved()
    again = make_window(qtbot)
    with qtbot.waitSignal(again.readingShown, timeout=15000):
        again.start_model()  # and the drawing left behind is reopened
    assert again.reading.left_out
    qtbot.waitUntil(lambda: "left out" in again.statusBar().currentMessage())
    assert again.statusBar().currentMessage().startswith("Reopened your unsaved drawing. Ink")


def test_a_drawing_is_kept_while_its_writer_writes_on_without_a_pause(qtbot, window):
    for i in range(8):  # a stroke every 0.3 s, for longer than KEEP_AFTER_MS
        draw(window.canvas, [(50 + 30 * i, 100), (60 + 30 * i, 200)])
        qtbot.wait(300)
        if kept_drawings():
            break
    assert kept_drawings(), "nothing was kept while strokes kept coming"


def test_a_drawing_kept_when_the_app_was_told_to_quit_comes_back_unsaved(qtbot, window):
    draw(window.canvas, [(100, 100), (200, 200)])
    draw(window.canvas, [(100, 200), (200, 100)])
    window.close_keeping_unsaved()  # what SIGTERM does (gui/app.py): nothing asked
    assert not window.isVisible() and len(kept_drawings()) == 1
    again = make_window(qtbot)
    again.start_recovery()
    assert len(again.canvas.document.page.strokes) == 2
    assert again.canvas.document.modified and again.isWindowModified()
    assert again.statusBar().currentMessage() == "Reopened your unsaved drawing."
    assert not again.undo_action.isEnabled()  # its past ended with the app that kept it
    assert len(kept_drawings()) == 1  # now kept by the new window, in its own file
    again.discard_changes()
    again.close()
    assert kept_drawings() == []


def test_a_drawing_cleared_unsaved_comes_back_after_the_app_was_told_to_quit(qtbot, window):
    # Undo would bring it back, and Quit asks about it: a logout must not lose it either.
    draw(window.canvas, [(100, 100), (200, 200)])
    window.canvas.clear()
    window.close_keeping_unsaved()
    assert len(kept_drawings()) == 1
    again = make_window(qtbot)
    again.start_recovery()
    assert len(again.canvas.document.page.strokes) == 1
    assert again.canvas.document.modified
    again.discard_changes()
    again.close()


def test_a_user_is_told_when_unsaved_drawings_cannot_be_kept(qtbot):
    from digitpad.core.recovery import recovery_dir

    recovery_dir().parent.mkdir(parents=True, exist_ok=True)
    recovery_dir().write_text("a file where the folder should be")
    window = make_window(qtbot)
    window.start_recovery()
    bar = window.statusBar()
    told = bar.toolTip() or bar.currentMessage()  # the whole message, if cut to the width
    assert told == "Unsaved drawings will not survive a crash (file exists): save to keep them."
    # The message goes with the first stroke; the status bar's corner keeps saying it.
    draw(window.canvas, [(100, 100), (200, 200)])
    window.status_bar.say("Drawn.")
    assert not window.unkept_status.isHidden() and window.unkept_status.toolTip() == told
    window.discard_changes()


def test_an_unreadable_kept_drawing_is_put_aside_for_the_next_one(qtbot, tmp_path):
    from digitpad.core.recovery import recovery_dir

    folder = recovery_dir()
    folder.mkdir(parents=True)
    good = Ink(360, 360, [[(10.0, 10.0), (90.0, 90.0)]], 9.0)
    (folder / "00000000000000aa.json").write_bytes(ink_to_bytes(good))
    (folder / "00000000000000bb.json").write_text('{"width": 360, "height"')
    (folder / "notes.json").write_text("mine")  # not a name the app gives: not opened
    os.utime(folder / "00000000000000aa.json", (1, 1))
    (folder / "gone.lock").write_text("99999999\ndigitpad\nnowhere\n")  # its app ended
    os.utime(folder / "gone.lock", (1, 1))  # long ago
    # Writes that a crash cut short, of the drawing taken back and of the ended app's.
    (folder / ".00000000000000aa.json.x1y2z3.tmp").write_text('{"width"')
    (folder / ".gone.json.a1b2c3.tmp").write_text('{"width"')
    window = make_window(qtbot)
    window.start_recovery()
    assert window.canvas.document.ink().strokes == good.strokes
    # Nothing drawn is deleted: the file that cannot be read is moved aside, and the user told.
    aside = folder / "00000000000000bb-unreadable.json"
    assert aside.read_text() == '{"width": 360, "height"'
    assert not (folder / "00000000000000bb.json").exists()
    # Cut with "…" to the window's width; the tooltip holds it whole.
    said = f"unsaved drawing left behind: kept as {aside.name} in {aside.parent}."
    assert said in window.statusBar().toolTip()
    assert not (folder / "gone.lock").exists() and (folder / "notes.json").read_text() == "mine"
    assert not list(folder.glob("*.tmp"))


def test_drawings_left_by_several_apps_come_back_one_a_start_and_the_user_is_told(qtbot):
    from digitpad.core.recovery import recovery_dir

    folder = recovery_dir()
    folder.mkdir(parents=True)
    for number, name in enumerate(("00000000000000aa", "00000000000000bb", "00000000000000cc")):
        ink = Ink(360, 360, [[(10.0, 10.0), (90.0, 90.0 + number)]], 9.0)
        (folder / f"{name}.json").write_bytes(ink_to_bytes(ink))
        os.utime(folder / f"{name}.json", (number + 1, number + 1))
    messages = []
    for _ in range(4):
        window = make_window(qtbot)
        window.start_recovery()
        messages.append(window.statusBar().currentMessage())
        window.discard_changes()
        window.close()
    assert messages == [
        "Reopened your unsaved drawing (2 more, one at each start).",
        "Reopened your unsaved drawing (one more on the next start).",
        "Reopened your unsaved drawing.",
        "",
    ]


def test_a_kept_drawing_comes_back_with_its_own_file(qtbot, window, tmp_path):
    path = tmp_path / "seven.json"
    edit_a_file(window, path)
    window.close_keeping_unsaved()
    again = make_window(qtbot)
    again.start_recovery()
    assert again.canvas.document.path == path and len(again.canvas.document.page.strokes) == 2
    assert again.windowTitle().startswith("seven.json") and again.isWindowModified()


def test_a_kept_drawing_whose_file_changed_meanwhile_asks_before_saving_over_it(
    qtbot, window, tmp_path, monkeypatch
):
    path = tmp_path / "seven.json"
    edit_a_file(window, path)
    window.close_keeping_unsaved()
    theirs = ink_to_bytes(Ink(360, 360, [[(10.0, 10.0), (20.0, 300.0)]], 9.0))
    path.write_bytes(theirs)  # another program, before digitpad starts again
    again = make_window(qtbot)
    again.start_recovery()
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, doing: asked.append(text))
    assert not again.save_ink()
    assert asked and asked[0].startswith("seven.json was changed by another program")
    assert path.read_bytes() == theirs


def test_a_drawing_kept_by_a_running_app_is_left_to_it(qtbot, window):
    draw(window.canvas, [(100, 100), (200, 200)])
    qtbot.waitUntil(lambda: len(kept_drawings()) == 1, timeout=3000)
    other = make_window(qtbot)
    other.start_recovery()
    assert other.canvas.document.is_empty and len(kept_drawings()) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saved_files_get_ordinary_permissions_and_keep_their_own(tmp_path):
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.json"
        atomic_write(fresh, b"{}")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        shared = tmp_path / "shared.json"
        shared.write_bytes(b"old")
        shared.chmod(0o664)
        atomic_write(shared, b"new")
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_save_asks_before_replacing_a_file_another_program_changed(
    qtbot, window, tmp_path, monkeypatch
):
    path = tmp_path / "seven.json"
    edit_a_file(window, path)
    assert window.save_ink()  # written here since: no question
    draw(window.canvas, [(100, 150), (200, 150)])
    theirs = ink_to_bytes(Ink(360, 360, [[(10.0, 10.0), (20.0, 300.0)]], 9.0))
    path.write_bytes(theirs)  # another program, meanwhile
    asked = []

    def answer(parent, text, doing):
        asked.append(text)
        return False

    monkeypatch.setattr(dialogs, "confirm", answer)
    assert not window.save_ink()
    assert asked == [
        "seven.json was changed by another program since digitpad opened or saved it. "
        "Replace it with this drawing?"
    ]
    assert path.read_bytes() == theirs and window.isWindowModified()
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    assert window.save_ink()
    assert len(read_ink(path).strokes) == 3 and not window.isWindowModified()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links without privileges")
def test_saving_through_a_symbolic_link_writes_the_file_it_points_to(qtbot, window, tmp_path):
    real = tmp_path / "real" / "seven.json"
    real.parent.mkdir()
    link = tmp_path / "seven.json"
    link.symlink_to(real)
    edit_a_file(window, real, opened=link)
    assert window.save_ink()
    assert link.is_symlink() and len(read_ink(real).strokes) == 2


def test_ink_off_the_sheet_is_neither_shown_nor_read_and_draws_no_edge(qtbot, window):
    window.resize(900, 500)
    qtbot.wait(20)
    window.canvas.clear()
    window.resize(500, 500)  # the sheet is now letterboxed, with a margin around it
    qtbot.wait(20)
    middle = window.canvas.width() // 2
    draw(window.canvas, [(middle, 5), (middle, 2000), (middle + 60, 2000)])
    ink = window.canvas.document.ink()
    assert ink.strokes[0][-1][1] > ink.height  # the pen's path as it went, off the sheet
    shown = np.asarray(render_ink(ink))  # the sheet, as shown and as read (render_for_model)
    x = round(ink.strokes[0][0][0])
    assert shown[-1, x] < 128 and shown[-3:, x + 20 :].min() == 255  # no bar along the edge


def test_saving_into_a_folder_that_is_not_there_says_so(
    window, tmp_path, monkeypatch, _no_modal_dialogs
):
    draw(window.canvas, [(60, 60), (240, 200)])
    target = tmp_path / "no such folder" / "three.json"
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(target))
    assert not window.save_ink()
    (tmp_path / "notes").write_text("mine")
    monkeypatch.setattr(
        filedialogs, "save_file_name", lambda *a, **k: str(tmp_path / "notes" / "three.json")
    )
    assert not window.save_ink()
    assert _no_modal_dialogs == [
        "Could not save three.json: its folder does not exist; your drawing is still here.",
        "Could not save three.json: notes is a file, not a folder; your drawing is still here.",
    ]
    assert window.canvas.document.modified and (tmp_path / "notes").read_text() == "mine"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_saving_into_a_folder_that_takes_no_new_files_says_so(
    window, monkeypatch, _no_modal_dialogs
):
    draw(window.canvas, [(60, 60), (240, 200)])
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: "/proc/three.json")
    assert not window.save_ink()  # no new files there, even for root
    assert _no_modal_dialogs == [
        "Could not save three.json: that folder takes no new files; your drawing is still here."
    ]
    assert window.canvas.document.modified


def test_save_as_asks_about_the_file_it_writes_not_the_name_typed(
    window, tmp_path, monkeypatch, _no_modal_dialogs
):
    draw(window.canvas, [(60, 60), (240, 200)])
    (tmp_path / "seven.png").write_bytes(b"a picture")
    offered = []

    def typed(*args, **kwargs):  # "seven.png", an existing picture, typed in the dialog
        offered.append(args[4])
        return str(tmp_path / "seven.png")

    monkeypatch.setattr(filedialogs, "save_file_name", typed)
    assert window.save_ink_as()
    assert offered == [QFileDialog.Option.DontConfirmOverwrite] and _no_modal_dialogs == []
    assert (tmp_path / "seven.png").read_bytes() == b"a picture"
    assert read_ink(tmp_path / "seven.png.json").strokes
    # seven.png.json now exists: asked, not replaced, and back in the dialog, at that name.
    answers = iter([str(tmp_path / "seven.png"), ""])
    offered.clear()
    monkeypatch.setattr(
        filedialogs, "save_file_name", lambda *a: offered.append(a[2]) or next(answers)
    )
    assert not window.save_ink_as()  # cancelled the second time
    assert _no_modal_dialogs == ["seven.png.json already exists. Replace it?"]
    assert offered[1] == str(tmp_path / "seven.png.json")
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a: str(tmp_path / "dot."))
    assert window.save_ink_as() and (tmp_path / "dot.json").exists()
    bar = window.statusBar()  # the message in full: its tooltip where it is cut
    assert (bar.toolTip() or bar.currentMessage()) == f"Saved dot.json in {tmp_path}."


def test_exported_png_is_anti_aliased(qtbot, window, tmp_path, monkeypatch):
    draw(window.canvas, [(60, 60), (240, 200)])
    target = tmp_path / "digit.png"
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(target))
    assert window.export_png()
    grey_levels = set(np.unique(np.asarray(Image.open(target))))
    assert len(grey_levels) > 10  # edges in between black and white


# ---------------------------------------------------------------- keyboard and settings


def test_keys_act_on_the_drawing_again_after_using_a_tool(qtbot, window):
    assert not window.clear_action.isEnabled()  # a blank sheet: nothing to clear
    draw(window.canvas, [(100, 100), (200, 200)])
    assert window.clear_action.isEnabled()
    window.top_k_box.setFocus()
    qtbot.keyClicks(window.top_k_box, "3")
    draw(window.canvas, [(60, 60), (90, 250)])
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.canvas.document.ink().strokes) == 1
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Backspace)
    assert window.canvas.is_empty() and not window.clear_action.isEnabled()


def test_return_in_the_show_top_box_leaves_the_next_keys_with_the_box_until_esc(qtbot, window):
    # The digit keys correct a reading: after Return, a digit typed must still edit the box.
    draw(window.canvas, [(100, 100), (200, 200)])
    window.activateWindow()
    edit = window.top_k_box.findChild(QLineEdit)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    assert "Keys typed now go to Show top" in window.statusBar().currentMessage()
    for typed, shown in (("3", 3), ("2", 2)):
        edit.selectAll()
        qtbot.keyClicks(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert edit.hasFocus() and window.top_k_box.value() == shown
    assert window.profile.count == 0
    assert "Esc gives the keys back" in window.statusBar().currentMessage()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert window.canvas.hasFocus() and window.top_k_box.value() == 2


def test_a_click_on_the_show_top_arrows_leaves_the_keys_with_the_drawing(qtbot, window):
    # A tester clicked an arrow, then Ctrl+Z, Delete and a digit went into the box.
    draw(window.canvas, [(100, 100), (200, 200)])
    window.activateWindow()
    window.canvas.setFocus()
    box = window.top_k_box
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    up = box.style().subControlRect(
        QStyle.ComplexControl.CC_SpinBox, option, QStyle.SubControl.SC_SpinBoxUp, box
    )
    before = box.value()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=up.center())
    assert box.value() == before + 1 and window.canvas.hasFocus()
    assert "Keys" not in window.statusBar().currentMessage()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.is_empty()
    # A click in its number gives it the keys, to type one.
    edit = box.findChild(QLineEdit)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=edit.rect().center())
    assert box.hasFocus() and "Keys typed now go to Show top" in window.statusBar().currentMessage()


@pytest.mark.parametrize("enter", [False, True])
def test_leaving_the_show_top_box_with_tab_says_the_keys_act_on_the_drawing(qtbot, window, enter):
    # A tester tabbed away and the status bar still said the box took the keys typed.
    window.activateWindow()
    edit = window.top_k_box.findChild(QLineEdit)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "Esc gives" in window.statusBar().currentMessage()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not edit.hasFocus())
    assert window.statusBar().currentMessage() == "Keys act on the drawing again."


def test_settings_are_kept_and_can_be_restored(qtbot):
    first = make_window(qtbot)
    first.pen_slider.setValue(160)
    first.top_k_box.setValue(3)
    first.resize(700, 460)
    first.close()
    second = make_window(qtbot)
    assert (second.pen_slider.value(), second.top_k_box.value()) == (160, 3)
    assert second.size().width() == 700
    second.settings.setValue("last_folder", str(ROOT))
    second.settings.setValue("model_folder", str(ROOT / "assets"))
    second.defaults_action.trigger()
    assert (second.pen_slider.value(), second.top_k_box.value()) == (100, 5)
    assert second.settings.value("last_folder") is None
    assert second.settings.value("model_folder") is None
    assert second.statusBar().currentMessage() == (
        "Restored the defaults: pen width, chart length, window size, folders."
    )
    second.showMaximized()
    qtbot.waitUntil(second.isMaximized)
    second.defaults_action.trigger()
    qtbot.waitUntil(lambda: not second.isMaximized())
    centre = second.screen().availableGeometry().center() - second.frameGeometry().center()
    assert centre.manhattanLength() <= 2


def test_every_control_is_named_and_explained(window):
    for action in window.actions():
        assert action.toolTip() and action.text()
    for widget in (
        window.chart,
        window.preview,
        window.pen_slider,
        window.top_k_box,
    ):
        assert widget.accessibleName() and widget.toolTip()
    # The canvas explains itself in its hint; a tooltip would pop up over the drawing.
    assert window.canvas.accessibleName() and window.canvas.accessibleDescription()


# ---------------------------------------------------------------- what the chart says


def recognition(probability: float, digit_probability: float = 1.0) -> Recognition:
    rest = (digit_probability - probability) / 9
    ranked = [(4, probability)] + [(d, rest) for d in range(10) if d != 4]
    return Recognition(ranked, digit_probability, probability < 0.6)


def test_headline_and_bar_use_one_formatter():
    assert caption_text(recognition(0.996)) == "99.6% sure"
    assert headline(recognition(0.996)) == "4, 99.6%"
    assert caption_text(recognition(0.45)) == "Not sure: maybe 4"
    assert caption_text(recognition(0.001, digit_probability=0.002)) == (
        "Maybe not a digit\n(0.2% a digit)"
    )
    blob = replace(recognition(0.8), not_sure=True, blob=True)  # reader.BLOB_PENS
    assert caption_text(blob) == "Drawn too small:\nmaybe 4"
    # What to do about it, rather than that the blob may be no digit.
    faint = replace(recognition(0.05, digit_probability=0.2), not_sure=True, blob=True)
    assert caption_text(faint) == "Drawn too small:\nmaybe 4"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_is_legible_in_both_schemes(qtbot, scheme):
    chart = ProbabilityChart()
    qtbot.addWidget(chart)
    palette = colours.dark_palette() if scheme == "dark" else QWidget().style().standardPalette()
    chart.setPalette(palette)
    chart.resize(260, 360)
    chart.show_recognition(recognition(0.45))
    shot = chart.grab().toImage()
    background = palette.color(QPalette.ColorRole.Window)
    assert shot.pixelColor(2, 2) == background
    used = {
        "text": palette.color(QPalette.ColorRole.WindowText),
        "muted": colours.muted(chart),
        "unsure": colours.unsure(chart),
        "error": colours.error(chart),
    }
    for name, colour in used.items():
        assert colours.contrast(colour, background) >= 4.5, name
    # The rendered picture holds text that contrasts that much with the background.
    best = max(
        colours.contrast(shot.pixelColor(x, y), background)
        for x in range(0, shot.width(), 2)
        for y in range(0, shot.height(), 2)
    )
    assert best >= 4.5


def test_a_message_shown_while_the_window_is_inactive_is_not_left_dim(qtbot):
    # GTK's dark theme greys an inactive window's text (#919190 on #323232): the empty chart's
    # message, shown again in a window behind another, kept that grey once it was active.
    palette = colours.dark_palette()
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.WindowText, QColor("#555a60"))
    chart = ProbabilityChart()
    qtbot.addWidget(chart)
    chart.setPalette(palette)
    chart.show()
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: chart.palette().currentColorGroup() == QPalette.ColorGroup.Inactive)
    chart.show_empty()
    shown = chart._label.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    assert colours.contrast(shown, window) >= 4.5
    # And a reading's best digit is drawn in the text's colour, not fainter than the others.
    chart.resize(260, 360)
    chart.show_recognition(recognition(0.98))
    shot = chart.grab().toImage()
    best = max(
        colours.contrast(shot.pixelColor(x, y), window)
        for x in range(0, shot.width(), 2)
        for y in range(0, shot.height(), 2)
    )
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    assert best >= 0.9 * colours.contrast(text, window)


def test_the_best_bar_and_the_selected_digit_stand_out_in_a_theme_with_a_dark_accent(qtbot):
    # GNOME's dark theme: a dark blue accent on dark grey (1.1:1 against the bars' track).
    palette = colours.dark_palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#15539e"))
    chart, number = ProbabilityChart(), NumberView()
    for widget in (chart, number):
        qtbot.addWidget(widget)
        widget.setPalette(palette)
    chart.resize(260, 360)
    chart.show_recognition(recognition(0.99))
    number.show_number("42", 1)
    shot = chart.grab().toImage()
    track = colours.track(chart)
    assert (
        max(
            colours.contrast(shot.pixelColor(x, y), track)
            for x in range(260)
            for y in range(150, 200)
        )
        >= 3
    )
    framed = QColor(number.styleSheet().split("solid ")[1].split(";")[0])
    assert colours.contrast(framed, palette.color(QPalette.ColorRole.Window)) >= 3


def test_the_smallest_window_still_shows_a_readable_chart(qtbot, window, samples):
    with reading(qtbot, window):
        window.canvas.open_ink(read_ink(samples / "pen-3-0.json"))
    window.resize(window.minimumSize())
    qtbot.wait(50)
    chart = window.chart
    assert chart.width() >= 200 and chart.height() >= 150
    assert (
        len(chart.bars()) >= 3
        and chart.bars()[0][0] == 3
        and chart.accessibleDescription().startswith("3, ")
    )


def test_a_chart_too_short_for_every_bar_says_how_many_are_hidden(qtbot):
    chart = ProbabilityChart()
    qtbot.addWidget(chart)
    chart.set_top_k(10)
    chart.resize(260, 200)
    chart.show()  # a hidden widget is told of its size only when shown
    chart.show_recognition(recognition(0.9))
    hidden = 10 - len(chart.bars())
    assert hidden > 0
    assert f"{hidden} more digits of the top 10 would show in a taller window" in chart.toolTip()
    chart.resize(260, 1200)
    assert len(chart.bars()) == 10 and "taller" not in chart.toolTip()
    chart.resize(260, 200)
    chart.show_empty()
    assert "taller" not in chart.toolTip()


def test_a_chart_too_short_for_every_bar_says_so_under_them(qtbot):
    chart = ProbabilityChart()
    qtbot.addWidget(chart)
    chart.resize(260, 150)
    chart.show()
    chart.show_recognition(recognition(0.9))
    assert chart.note() == "3 of 5 shown: make the window taller" and len(chart.bars()) == 3
    # Painted in the chart: text across the strip under the bars, where a hidden bar's row
    # would show an empty track.
    shot = chart.grab().toImage()
    background = chart.palette().color(QPalette.ColorRole.Window)
    strip = range(chart.height() - MARGIN - MIN_ROW, chart.height() - MARGIN)
    inked = {
        x
        for x in range(chart.width())
        for y in strip
        if colours.contrast(shot.pixelColor(x, y), background) >= 3
    }
    assert len([x for x in inked if 60 <= x <= 160]) >= 20
    chart.set_top_k(3)
    assert chart.note() == "" and len(chart.bars()) == 3


def test_a_chart_shorter_than_its_minimum_draws_nothing_over_its_head(qtbot):
    chart = ProbabilityChart()
    qtbot.addWidget(chart)
    for height in (110, 90, 60):  # a small screen at 300%: less than the head and one bar
        chart.resize(260, height)
        chart.show()
        chart.show_recognition(recognition(0.9))
        chart.grab()  # painted: the rows where bars were drawn
        head_bottom = MARGIN + 24 * 1.25  # the big digit's line at its smallest
        for rect, _ in chart._rows:
            assert rect.top() >= head_bottom and rect.height() >= MIN_ROW / 2, height
            assert rect.bottom() <= height - MARGIN + 0.5, height


# ---------------------------------------------------------------- a recognizer that heals


def test_a_killed_recognizer_is_restarted_and_reads_the_next_drawing(qtbot, window, samples):
    pid = window.live.child_pid()
    os.kill(pid, signal.SIGKILL)
    with qtbot.waitSignal(window.modelLoaded, timeout=20000):
        window.canvas.open_ink(read_ink(samples / "pen-5-0.json"))
    qtbot.waitUntil(
        lambda: window.chart.bars()[:1] == [(5, pytest.approx(1, abs=0.2))], timeout=10000
    )
    assert window.live.child_pid() not in (None, pid)


def test_closing_a_users_model_after_the_recognizer_died_restarts_it(qtbot, window, samples):
    with qtbot.waitSignal(window.live.theirsOpened, timeout=20000):
        window.open_model(ROOT / "assets" / "model.tflite")  # any .tflite stands for theirs
    os.kill(window.live.child_pid(), signal.SIGKILL)
    with qtbot.waitSignal(window.modelLoaded, timeout=20000):
        window.close_model()
    window.canvas.open_ink(read_ink(samples / "pen-5-0.json"))
    qtbot.waitUntil(lambda: window.chart.bars()[:1] == [(5, pytest.approx(1, abs=0.2))])
    assert not window.theirs_chart.isVisible()


def session_processes(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_signal_ends_the_app_and_every_process_it_started(tmp_path, number):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DIGITPAD_LOG_DIR=str(tmp_path))
    app = subprocess.Popen(
        [sys.executable, "-m", "digitpad"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = tmp_path / "digitpad.log"
    deadline = time.monotonic() + 30
    while not (log.exists() and "model loaded" in log.read_text()):
        assert time.monotonic() < deadline and app.poll() is None, "the model did not load"
        time.sleep(0.1)
    assert len(session_processes(app.pid)) >= 2  # the app and its recognition process
    app.send_signal(number)
    _, stderr = app.communicate(timeout=10)
    deadline = time.monotonic() + 1.5
    while session_processes(app.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert session_processes(app.pid) == []
    assert "Traceback" not in stderr


# ---------------------------------------------------------------- the command line


def test_predict_into_a_closed_pipe_is_quiet(tmp_path, samples):
    files = [str(samples / "mnist-1-0.png")] * 400
    done = subprocess.run(
        f"{sys.executable} -m digitpad predict {' '.join(files)} | head -2",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert len(done.stdout.splitlines()) == 2 and "Traceback" not in done.stderr


def test_predict_takes_folders_patterns_and_names_on_stdin(samples):
    from digitpad.cli import expand_paths

    folder, _ = expand_paths([str(samples)], [])
    assert len(folder) == 40
    assert expand_paths([str(samples / "pen-1-*.json")], []) == (
        [str(samples / "pen-1-0.json"), str(samples / "pen-1-1.json")],
        [],
    )
    assert expand_paths(["-"], ["a.png\n", "\n", "b.json\r\n"]) == (["a.png", "b.json"], [])
    assert expand_paths(["no-such-*.png", "a.png"], []) == (["a.png"], ["no-such-*.png"])


def test_a_folder_and_a_pattern_list_numbered_scans_in_natural_order(tmp_path):
    from digitpad.cli import expand_paths

    # Made out of order; page02 and page2 read as the same number, the name breaks the tie.
    names = ["page10.png", "page2.png", "Page3.png", "page1.png", "page12.png", "page02.png"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    wanted = ["page1.png", "page02.png", "page2.png", "Page3.png", "page10.png", "page12.png"]
    in_order = [str(tmp_path / name) for name in wanted]
    assert expand_paths([str(tmp_path)], []) == (in_order, [])
    assert expand_paths([str(tmp_path / "*.png")], []) == (in_order, [])


def test_a_name_comes_before_its_numbered_copies_and_a_folder_before_its_numbered_ones(tmp_path):
    from digitpad.cli import expand_paths

    for name in ["scan (10).png", "scan (2).png", "scan.png", "scan2.png"]:
        (tmp_path / name).write_bytes(b"")
    wanted = ["scan.png", "scan2.png", "scan (2).png", "scan (10).png"]
    assert expand_paths([str(tmp_path)], []) == ([str(tmp_path / n) for n in wanted], [])
    for folder in ["a10", "a", "a2"]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "p.png").write_bytes(b"")
    wanted = [str(tmp_path / folder / "p.png") for folder in ["a", "a2", "a10"]]
    assert expand_paths([str(tmp_path / "*" / "p.png")], []) == (wanted, [])


def test_names_on_stdin_keep_their_spaces_and_may_end_in_nul():
    from digitpad.cli import expand_paths

    assert expand_paths(["-"], [" a b.png \n"]) == ([" a b.png "], [])
    assert expand_paths(["-"], ["a\nb.png\0c.json\0"]) == (["a\nb.png", "c.json"], [])


def test_a_drawing_piped_in_instead_of_names_is_a_usage_error(samples, monkeypatch, capsys):
    import io

    from digitpad.cli import main

    for sample in ("mnist-7-0.png", "pen-2-0.json"):  # `cat FILE | digitpad predict -`
        data = (samples / sample).read_bytes()
        stdin = io.TextIOWrapper(io.BytesIO(data), errors="surrogateescape")
        monkeypatch.setattr("sys.stdin", stdin)
        with pytest.raises(SystemExit) as exit_info:
            main(["predict", "-"])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "standard input holds an image or an ink file, not file names" in err
        usage, sentence = err.split("\ndigitpad predict: error: ")  # the usage, one sentence
        assert usage.startswith("usage: digitpad predict") and sentence.count("\n") == 1


def test_a_pattern_reads_the_files_it_matches_not_the_folders(tmp_path, samples):
    from digitpad.cli import expand_paths

    shutil.copy(samples / "mnist-7-0.png", tmp_path / "a.png")
    (tmp_path / "b.png").mkdir()  # a folder named like a picture
    assert expand_paths([str(tmp_path / "*")], []) == ([str(tmp_path / "a.png")], [])
    only_folders = str(tmp_path / "b*")
    assert expand_paths([only_folders], []) == ([], [only_folders])


def test_a_pattern_in_a_folder_that_cannot_be_listed_says_why(tmp_path, monkeypatch, capsys):
    from digitpad.cli import main

    locked = tmp_path / "locked"
    locked.mkdir()
    scandir = os.scandir

    def refuse(path="."):  # as for a user without the folder's read permission
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    for pattern in (locked / "*.png", locked / "sub" / "*.png"):  # sub: hidden in it
        assert main(["predict", str(pattern)]) == 2
        said = capsys.readouterr().err
        assert said == f"digitpad: cannot look into {locked}: permission denied\n"


def test_a_command_with_its_output_closed_says_so(monkeypatch, capsys, samples):
    from digitpad.cli import main

    monkeypatch.setattr(sys, "stdout", None)  # `digitpad predict ... >&-`
    assert main(["predict", str(samples / "mnist-7-0.png")]) == 1
    assert capsys.readouterr().err == (
        "digitpad: cannot write the output: standard output is closed\n"
    )


def test_a_pattern_that_matches_nothing_is_said_so(samples, capsys):
    from digitpad.cli import main

    assert main(["predict", "no-such-*.png"]) == 2
    assert capsys.readouterr().err == "digitpad: no file matches no-such-*.png\n"
    assert main(["predict", "no-such-*.png", str(samples / "mnist-7-0.png")]) == 1
    captured = capsys.readouterr()
    assert "no file matches no-such-*.png" in captured.err and captured.out.count("\n") == 1


def unserved_display() -> str:
    """An X display that no server serves here (none listens on its socket): ":97" unless a
    developer's Xvfb took it."""
    number = next(n for n in itertools.count(97) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    return f":{number}"


def start_on_unserved_display(log_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """`python -m digitpad` on an X display that no server serves, logging to log_dir."""
    env = {**os.environ, "DISPLAY": unserved_display(), "QT_QPA_PLATFORM": "xcb", **env}
    env["DIGITPAD_LOG_DIR"] = str(log_dir)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "digitpad"], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 plugin (Linux)")
def test_a_missing_x11_library_is_named_in_one_sentence(tmp_path):
    # A file that is no library, found first: Qt's X11 plugin fails to load as without one.
    (tmp_path / "libxcb-cursor.so.0").write_bytes(b"not a library")
    done = start_on_unserved_display(tmp_path, LD_LIBRARY_PATH=str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "digitpad needs the system library libxcb-cursor.so.0 to open a window: install it "
        "with your package manager (on Debian and Ubuntu: sudo apt install libxcb-cursor0)."
    ]


def test_the_libraries_the_readme_asks_for_are_those_named_when_missing():
    import re

    from digitpad.gui.app import XCB_LIBRARIES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("sudo apt install libxcb", 1)[1].split("```", 1)[0]
    asked = set(re.findall(r"lib[\w.-]+", "libxcb" + command))
    assert asked == set(XCB_LIBRARIES.values())


@pytest.mark.parametrize("platform", ["", "xcb"])
def test_no_display_is_said_in_one_sentence(monkeypatch, capsys, platform):
    from digitpad.gui import app

    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    monkeypatch.setattr(sys, "platform", "linux")
    assert app.run_app() == 1
    message = capsys.readouterr().err.strip()
    assert "needs a display" in message and len(message.splitlines()) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="an X display (Linux)")
def test_a_display_that_cannot_be_reached_is_said_in_one_sentence(tmp_path, monkeypatch):
    from digitpad.gui.app import missing_x11_library

    display = unserved_display()
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    if missing_x11_library():
        pytest.skip("Qt's X11 plugin cannot load here")
    done = start_on_unserved_display(tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"digitpad could not connect to the display {display}: is it running, and may this "
        "user open windows on it?"
    ]
    assert f"could not connect to display {display}" in (tmp_path / "digitpad.log").read_text()


def test_a_long_caption_gets_smaller_type_where_it_would_not_fit_unbroken(qtbot):
    from digitpad.gui.chart import caption_font

    words = "Maybe not a digit\n(0.2% a digit)"
    font = QWidget().font()
    assert caption_font(font, 24, QRectF(0, 0, 400, 90), words).pixelSize() == 24
    # A 236-pixel panel beside a 72-pixel digit; a 1000 x 700 window showing the top 9.
    for narrow in (QRectF(0, 0, 147, 90), QRectF(0, 0, 150, 86)):
        fitted = caption_font(font, 24, narrow, words)
        assert fitted.pixelSize() < 24
        metrics = QFontMetrics(fitted)
        # Each line whole on its own line: never "Maybe not a" above "digit".
        assert max(metrics.horizontalAdvance(line) for line in words.splitlines()) <= 150
        assert metrics.boundingRect(narrow.toRect(), 0, words).height() <= narrow.height()


def test_the_pen_sliders_handle_stands_out_in_a_dark_scheme(qtbot):
    # Fusion draws the handle in the button colour: nearly the window's in a dark palette.
    palette = colours.dark_palette()
    slider = FocusSlider(Qt.Orientation.Horizontal)
    qtbot.addWidget(slider)
    slider.setStyle(QStyleFactory.create("Fusion"))
    slider.setPalette(palette)
    slider.resize(160, 30)
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    centre = slider.grab().toImage().pixelColor(handle.center())
    assert colours.contrast(centre, palette.color(QPalette.ColorRole.Window)) >= 3
