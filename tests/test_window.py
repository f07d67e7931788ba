"""The main window end to end: live recognition, files, errors, and nothing lost."""

import json
import re
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import ROOT, draw, make_window, move, number_ink
from PIL import Image
from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QPoint,
    QPointF,
    QRect,
    QSettings,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QEnterEvent,
    QFont,
    QHelpEvent,
    QKeySequence,
    QStatusTipEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from digitpad.core.ink import read_ink
from digitpad.gui import dialogs, filedialogs
from digitpad.gui.chart import MIN_ROW
from digitpad.gui.filing import PICTURE_NOT_SAVED
from digitpad.gui.placement import STEP
from digitpad.gui.theirs import THEIRS_NEED_OURS
from digitpad.gui.window import MainWindow, about_text


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    return shown


def reading(qtbot, window):
    """Wrap the action that changes the drawing: waits until the chart shows its reading."""
    return qtbot.waitSignal(window.readingShown, timeout=5000)


@pytest.mark.parametrize(("pen", "top_k"), [(40, 1), (250, 10)])
def test_the_last_sessions_pen_and_show_top_are_applied(qtbot, pen, top_k):
    QSettings().setValue("pen", pen)
    QSettings().setValue("top_k", top_k)
    window = make_window(qtbot)
    assert window.pen_slider.value() == pen and window.pen_value.text().strip() == f"{pen}%"
    assert window.canvas.document.pen_scale == pen / 100
    assert window.top_k_box.value() == top_k and window.chart.top_k() == top_k


def test_a_damaged_settings_file_gives_the_defaults(qtbot):
    # Values a hand edit or a write cut short by a power cut leaves in digitpad.conf.
    QSettings().setValue("pen", "12.5")
    QSettings().setValue("top_k", "abc")
    QSettings().setValue("geometry", "garbage")
    window = make_window(qtbot)  # the window is made and shown, at its default size
    assert window.pen_slider.value() == 100 and window.top_k_box.value() == 5


def test_the_window_size_is_saved_soon_after_a_resize_not_only_on_quitting(qtbot):
    window = make_window(qtbot)
    window.resize(window.minimumSize() + QSize(30, 20))  # within the offscreen 800x600 screen
    size = window.size()
    qtbot.waitUntil(lambda: QSettings().value("geometry") is not None, timeout=3000)
    # The app ends without closing its window (a crash, a power cut); the next start:
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.size() == size


def test_a_second_digitpad_opens_a_step_aside_from_the_first_not_over_it(qtbot):
    first = make_window(qtbot)
    first.resize(first.minimumSize())  # within the offscreen 800x600 screen
    first.move(10, 20)
    first.close()  # where the last session left off
    first = make_window(qtbot)
    second = MainWindow()  # another digitpad, started while the first one runs
    qtbot.addWidget(second)
    first.close()
    third = MainWindow()  # the first one's place is free again
    qtbot.addWidget(third)
    assert (third.pos() - QPoint(10, 20)).manhattanLength() < STEP  # give or take a frame
    assert second.pos() == third.pos() + QPoint(STEP, STEP)


def test_window_has_named_canvas_and_chart(window):
    assert window.findChild(type(window.canvas), "canvas") is window.canvas
    assert window.findChild(type(window.chart), "chart") is window.chart
    assert not window.chart.bars() and "Draw a digit" in window.chart.accessibleDescription()


def test_chart_says_reading_while_an_opened_picture_is_read(qtbot, window, samples):
    assert "Draw a digit" in window.chart.accessibleDescription()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.open_file(str(samples / "mnist-7-0.png"))
        assert window.chart.accessibleDescription() == "Reading…"  # not "Draw a digit"
    assert window.chart.bars()[0][0] == 7


def test_an_opened_ink_file_with_no_strokes_asks_for_a_drawing(qtbot, window, tmp_path):
    blank = tmp_path / "blank.json"
    blank.write_text('{"width": 360, "height": 360, "strokes": []}')
    assert window.open_file(blank) and window.canvas.is_empty()
    # No reading comes for a blank sheet: the chart does not say that one is coming.
    assert "Draw a digit" in window.chart.accessibleDescription()


def test_chart_shows_loading_before_the_model_is_ready(qtbot):
    window = make_window(qtbot)
    assert "Loading" in window.chart.accessibleDescription()
    assert "Loading" in window.model_status.text()


def test_loaded_drawing_is_read_and_previewed(qtbot, window, samples):
    with reading(qtbot, window):
        window.canvas.open_ink(read_ink(samples / "pen-3-0.json"))
    bars = window.chart.bars()
    assert bars[0][0] == 3 and len(bars) == window.chart.top_k()
    assert window.preview.accessibleDescription() == "The drawing as the network sees it"


def lose_the_release(qtbot, window, at: QPoint) -> None:
    """A stroke begun at at whose release goes to another window, as when a dialog or menu
    opens mid-stroke (Model ▸ Open Model's Ctrl+M) and the button is let go over it."""
    QTest.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=at)
    move(window.canvas, at + QPoint(0, 50))
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    QTest.mouseRelease(other, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.canvas.is_drawing()  # the canvas never heard of the release


def test_a_stroke_whose_release_went_elsewhere_ends_by_itself_soon_after(qtbot, window):
    # A dialog opened mid-stroke and closed with the button still held (Ctrl+M, then Esc),
    # the button then let go where the canvas does not hear it.
    QTest.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 100))
    move(window.canvas, QPoint(300, 150))
    dialog = QWidget()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    dialog.hide()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.canvas.is_drawing()  # the button is still down
    QTest.mouseRelease(dialog, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    # Nothing else happens: no action, no press, the pointer not back over the canvas.
    qtbot.waitUntil(lambda: not window.canvas.is_drawing(), timeout=2000)
    assert len(window.canvas.document.ink().strokes) == 1
    assert window.isWindowModified()  # unsaved: kept, and asked about on closing


def test_a_stroke_whose_release_went_elsewhere_is_kept_by_the_next_action(qtbot, window):
    draw(window.canvas, [(100, 100), (100, 200)])
    lose_the_release(qtbot, window, QPoint(300, 100))
    window.undo_action.trigger()  # ends the stroke, then takes it back
    assert "Lift the pen first" not in window.statusBar().currentMessage()
    assert [round(s[0][0]) for s in window.canvas.document.ink().strokes] == [100]
    window.redo_action.trigger()
    assert [round(s[0][0]) for s in window.canvas.document.ink().strokes] == [100, 300]


def test_a_stroke_whose_release_went_elsewhere_is_kept_by_the_next_stroke(qtbot, window):
    lose_the_release(qtbot, window, QPoint(300, 100))
    draw(window.canvas, [(400, 100), (400, 200)])
    assert [round(s[0][0]) for s in window.canvas.document.ink().strokes] == [300, 400]
    assert window.canvas.document.undo_depth == 2  # two strokes, each its own step


def test_a_stroke_whose_release_went_elsewhere_ends_when_the_pointer_comes_back(qtbot, window):
    lose_the_release(qtbot, window, QPoint(300, 100))
    QApplication.sendEvent(
        window.canvas, QEnterEvent(QPointF(300, 150), QPointF(300, 150), QPointF(300, 150))
    )
    assert not window.canvas.is_drawing() and window.canvas.document.modified


def test_chart_updates_while_the_pen_moves(qtbot, window):
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 60))
    # The pen goes up and down one line until the chart reads the unfinished stroke: however
    # slow the machine, a reading must come while the moves keep coming.
    deadline = time.monotonic() + 10
    y = 60
    while not window.chart.bars():
        assert time.monotonic() < deadline, "no reading while the pen moved"
        y = 60 + (y - 56) % 240
        move(window.canvas, QPoint(200, y))
        qtbot.wait(3)
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 300))
    qtbot.waitUntil(lambda: bool(window.chart.bars()), timeout=5000)
    assert window.chart.bars()[0][0] == 1  # a straight vertical stroke is a "1"


def test_top_k_setting(qtbot, window, samples):
    with reading(qtbot, window):
        window.canvas.open_ink(read_ink(samples / "pen-5-0.json"))
    window.top_k_box.setValue(10)
    assert len(window.chart.bars()) == 10
    window.top_k_box.setValue(1)
    assert len(window.chart.bars()) == 1


def test_clearing_empties_the_chart(qtbot, window, samples):
    with reading(qtbot, window):
        window.canvas.open_ink(read_ink(samples / "pen-5-0.json"))
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert window.canvas.is_empty()
    assert not window.chart.bars() and window.preview.accessibleDescription() == "Empty"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.canvas.is_empty()


def test_bad_file_keeps_the_drawing(qtbot, window, tmp_path, warnings_shown):
    draw(window.canvas, [(100, 100), (200, 200)])
    before = window.canvas.document.ink()
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    assert not window.open_file(bad)
    assert window.canvas.document.ink().strokes == before.strokes
    assert warnings_shown and "broken.png" in warnings_shown[0]
    assert "\n" not in warnings_shown[0]


def test_opening_asks_before_replacing_an_unsaved_drawing(qtbot, window, samples, monkeypatch):
    draw(window.canvas, [(100, 100), (200, 200)])
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(dialogs, "question", answer)
    assert not window.open_file(samples / "pen-4-0.json")
    assert asked and len(window.canvas.document.ink().strokes) == 1
    monkeypatch.setattr(dialogs, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    with reading(qtbot, window):
        assert window.open_file(samples / "pen-4-0.json")
    assert window.chart.bars()[0][0] == 4


def test_the_save_asked_before_open_starts_in_the_folder_browsed_to(
    qtbot, window, samples, monkeypatch
):
    # A tester browsed to a folder in Open, chose Save for the unsaved drawing, and the Save
    # dialog started in their home folder instead.
    draw(window.canvas, [(100, 100), (200, 200)])
    monkeypatch.setattr(
        filedialogs, "open_file_name", lambda *a, **k: str(samples / "pen-4-0.json")
    )
    monkeypatch.setattr(dialogs, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    offered = []
    monkeypatch.setattr(
        filedialogs, "save_file_name", lambda _, __, path, *a: offered.append(path) or ""
    )
    window.open_dialog()
    assert offered and Path(offered[0]).parent == samples.absolute()


def test_open_image_file_is_read(qtbot, window, samples):
    with reading(qtbot, window):
        assert window.open_file(samples / "mnist-8-0.png")
    assert window.chart.bars()[0][0] == 8
    assert window.canvas.document.page.picture is not None
    assert window.windowTitle().startswith("mnist-8-0.png")
    with reading(qtbot, window):
        assert window.open_file(samples / "mnist-3-0.png")
    window.canvas.undo()  # the first picture again, and its name
    assert window.windowTitle().startswith("mnist-8-0.png")


def test_opening_an_animated_gif_says_that_its_first_frame_is_read(
    qtbot, window, samples, tmp_path
):
    path = tmp_path / "anim.gif"
    frames = [Image.open(samples / f"mnist-{d}-0.png") for d in (8, 3)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=300)
    with reading(qtbot, window):
        assert window.open_file(path)
    assert window.chart.bars()[0][0] == 8
    assert window.status_bar.saying("Opened anim.gif: the first of its 2 frames.")


def test_a_file_opened_by_a_relative_path_leaves_its_whole_folder_for_the_next_open(
    qtbot, window, samples, monkeypatch
):
    # As `digitpad assets/samples/pen-4-0.json` opens it: the next start may be elsewhere.
    monkeypatch.chdir(samples.parent)
    with reading(qtbot, window):
        assert window.open_file(Path(samples.name) / "pen-4-0.json")
    assert window.settings.value("last_folder") == str(samples.absolute())


def test_a_stroke_over_a_picture_says_that_undo_brings_it_back(qtbot, window, samples):
    with reading(qtbot, window):
        assert window.open_file(samples / "mnist-8-0.png")
    draw(window.canvas, [(60, 60), (120, 160)])
    assert window.canvas.document.page.picture is None
    said = window.statusBar().currentMessage()
    assert "Undo each stroke to get it back" in said
    draw(window.canvas, [(200, 60), (200, 160)])  # a second stroke: still said
    assert window.statusBar().currentMessage() == said
    window.undo()
    assert window.statusBar().currentMessage() == said  # one stroke more to undo
    window.undo()
    assert window.canvas.document.page.picture is not None
    assert window.statusBar().currentMessage() == "The picture is back."


def test_redoing_the_clearing_of_a_picture_says_no_drawing_replaced_it(qtbot, window, samples):
    # A tester: Delete, Ctrl+Z, Ctrl+Y on an opened picture left the sheet empty and said
    # "A new drawing replaced the picture: Undo each stroke to get it back."
    with reading(qtbot, window):
        assert window.open_file(samples / "mnist-8-0.png")
    window.clear_action.trigger()
    window.undo_action.trigger()
    window.redo_action.trigger()
    assert window.canvas.is_empty()
    assert "replaced the picture" not in window.statusBar().currentMessage()
    window.undo_action.trigger()  # the picture, and a stroke drawn over it put back by Redo
    draw(window.canvas, [(60, 60), (120, 160)])
    window.undo_action.trigger()
    window.redo_action.trigger()
    assert "Undo each stroke to get it back" in window.statusBar().currentMessage()


def test_saving_a_picture_says_why_nothing_is_saved(qtbot, window, samples, monkeypatch):
    asked = []
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a: asked.append(a) or "")
    with reading(qtbot, window):
        assert window.open_file(samples / "mnist-8-0.png")
    for action in (window.save_action, window.save_as_action, window.export_action):
        window.statusBar().clearMessage()
        assert action.isEnabled()
        action.trigger()
        # Whole in the window's default size, beside the model's and the samples' labels.
        assert window.statusBar().currentMessage() == PICTURE_NOT_SAVED
    assert asked == []
    window.canvas.clear()
    assert not window.save_action.isEnabled()


def test_opening_a_file_shows_the_wait_cursor_until_it_is_drawn(qtbot, window, samples):
    cursors = []
    open_ink = window.canvas.open_ink

    def drawing(*args):  # a file of millions of points takes seconds here too
        cursor = QApplication.overrideCursor()
        cursors.append(None if cursor is None else cursor.shape())
        open_ink(*args)

    window.canvas.open_ink = drawing
    assert window.open_file(samples / "pen-2-0.json")
    assert cursors == [Qt.CursorShape.WaitCursor] and QApplication.overrideCursor() is None


def test_drop_a_file_onto_the_window(qtbot, window, samples):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(samples / "mnist-6-0.png"))])
    where, how = QPointF(100, 100), Qt.DropAction.CopyAction
    no_button, no_key = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), how, data, no_button, no_key)
    assert QApplication.sendEvent(window, enter) and enter.isAccepted()
    drop = QDropEvent(where, how, data, no_button, no_key)
    with reading(qtbot, window):
        QApplication.sendEvent(window, drop)
    assert window.canvas.document.page.picture is not None
    assert window.chart.bars()[0][0] == 6
    # Several files at once: the first is opened, and the window says so.
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(samples / f"mnist-{d}-0.png")) for d in (3, 8)])
    assert QApplication.sendEvent(
        window, QDragEnterEvent(where.toPoint(), how, data, no_button, no_key)
    )
    drop = QDropEvent(where, how, data, no_button, no_key)
    with reading(qtbot, window):
        QApplication.sendEvent(window, drop)
    assert window.chart.bars()[0][0] == 3
    assert "the first of 2 files" in window.statusBar().currentMessage()


def test_a_dropped_file_is_taken_as_a_copy_never_moved(window, samples):
    # A file manager deletes a file whose drop was accepted as a move.
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(samples / "mnist-6-0.png"))])
    where, no_button = QPointF(100, 100), Qt.MouseButton.NoButton
    copy, move = Qt.DropAction.CopyAction, Qt.DropAction.MoveAction
    for possible in (copy | move, move):
        enter = QDragEnterEvent(
            where.toPoint(), possible, data, no_button, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(window, enter)
        assert enter.isAccepted() == (possible != move)
        assert not enter.isAccepted() or enter.dropAction() == copy


def test_save_ink_and_png_and_open_again(qtbot, window, tmp_path, monkeypatch):
    draw(window.canvas, [(150, 60), (150, 300)])
    ink_path, png_path = tmp_path / "one.json", tmp_path / "one.png"
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(ink_path))
    assert window.save_ink_as()
    assert not window.canvas.document.modified
    data = json.loads(ink_path.read_text())
    assert data["width"] == window.canvas.document.ink().width and len(data["strokes"]) == 1
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(png_path))
    assert window.export_png()
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    window.canvas.clear()
    window.discard_changes()
    assert window.open_file(ink_path)
    assert window.canvas.document.ink().strokes == read_ink(ink_path).strokes


def test_a_name_typed_without_a_suffix_gets_one_and_replaces_nothing_unasked(
    qtbot, window, tmp_path, monkeypatch
):
    draw(window.canvas, [(150, 60), (150, 300)])
    asked = []
    monkeypatch.setattr(
        filedialogs,
        "save_file_name",
        lambda *a, **k: asked.append(a[2]) or str(tmp_path / "n2026"),
    )
    assert window.save_ink_as() and (tmp_path / "n2026.json").exists()
    assert window.export_png() and (tmp_path / "n2026.png").exists()
    assert asked[1].endswith("n2026.png")  # the export is named after the drawing's file
    (tmp_path / "n2026.png").write_bytes(b"keep me")
    monkeypatch.setattr(dialogs, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    answers = iter([str(tmp_path / "n2026"), ""])  # not replaced: the dialog asks again
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: next(answers))
    assert not window.export_png()
    assert (tmp_path / "n2026.png").read_bytes() == b"keep me"
    # Ink typed under a picture's name goes beside it, never into it.
    picture = tmp_path / "p.png"
    picture.write_bytes(b"a picture")
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(picture))
    assert window.save_ink_as() and (tmp_path / "p.png.json").exists()
    assert picture.read_bytes() == b"a picture"


def test_failed_save_keeps_the_drawing(qtbot, window, tmp_path, monkeypatch, warnings_shown):
    draw(window.canvas, [(150, 60), (150, 300)])
    target = tmp_path / "missing-folder" / "x.json"
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(target))
    assert not window.save_ink_as()
    assert warnings_shown and "still here" in warnings_shown[0]
    assert window.canvas.document.modified and len(window.canvas.document.ink().strokes) == 1
    # A name too long for the file system, typed without its suffix: said in one sentence.
    target = tmp_path / ("n" * 300)
    assert not window.save_ink_as()
    assert len(warnings_shown) == 2 and "too long" in warnings_shown[1].lower()


def test_missing_model_leaves_the_canvas_usable(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITPAD_ASSETS", str(tmp_path))
    window = make_window(qtbot)
    with qtbot.waitSignal(window.modelLoaded, timeout=10000):
        window.start_model()
    assert not window.chart.bars() and "missing" in window.chart.accessibleDescription()
    draw(window.canvas, [(100, 100), (200, 200)])
    assert len(window.canvas.document.ink().strokes) == 1


def test_your_model_says_why_it_cannot_read_without_digitpads_own(qtbot, tmp_path, monkeypatch):
    assets = tmp_path / "assets"
    shutil.copytree(ROOT / "assets", assets)
    (assets / "model.tflite").write_bytes((ROOT / "assets" / "model.tflite").read_bytes()[:5000])
    monkeypatch.setenv("DIGITPAD_ASSETS", str(assets))
    window = make_window(qtbot)
    with qtbot.waitSignal(window.modelLoaded, timeout=10000):
        window.start_model()
    window.open_model(str(ROOT / "assets" / "model.tflite"))
    qtbot.waitUntil(window.theirs_chart.isVisible, timeout=20000)
    assert window.theirs_chart.accessibleDescription() == THEIRS_NEED_OURS


def test_about_names_the_model(window):
    text = about_text(window.metadata)
    assert "MNIST test accuracy" in text and "Preprocessing version" in text
    assert "Python 3." in text and "Qt 6." in text and "LiteRT " in text and "digitpad.log" in text
    assert f"Trained on {window.metadata.created[:10]} with TensorFlow" in text  # the day
    assert "MIT licence" in text and "CC BY-SA 3.0" in text


def test_redo_takes_both_keys_the_readme_names_on_every_platform(qtbot):
    window = make_window(qtbot)  # offscreen keeps Windows' keys: its Redo is Ctrl+Y alone
    keys = [key.toString() for key in window.redo_action.shortcuts()]
    assert sorted(keys) == ["Ctrl+Shift+Z", "Ctrl+Y"]


def test_a_long_status_message_is_cut_again_as_the_window_shrinks_and_grows(qtbot):
    window = make_window(qtbot)
    window.resize(1200, 600)
    qtbot.waitUntil(lambda: window.width() == 1200)
    message = "Could not open a very long file name " + "x" * 60 + " because of a long reason."
    window.status_bar.say(message, 60_000)
    assert window.statusBar().currentMessage() == message
    window.resize(600, 600)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().endswith("…"))
    assert window.statusBar().toolTip() == message
    window.resize(1200, 600)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == message)
    window.statusBar().showMessage("Open a drawing")  # another message (a menu's tip)
    window.resize(600, 600)
    qtbot.waitUntil(lambda: window.width() == 600)
    assert window.statusBar().currentMessage() == "Open a drawing"


def test_every_menu_item_says_what_it_does_in_the_status_bar(qtbot):
    window = make_window(qtbot)  # a tester found Help ▸ About the one that said nothing
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text() and not action.isSeparator() and action.menu() is None:
                assert action.statusTip(), action.text()


def test_a_hovered_items_long_tip_is_cut_with_an_ellipsis_too(qtbot):
    # A tester at 2x: "See the samples digitpad learns from, and remove one that is" (cut off).
    window = make_window(qtbot)
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.width() == window.minimumWidth())
    tip = window.samples_action.statusTip() + ", " + "and more words " * 10
    QApplication.sendEvent(window.menuBar(), QStatusTipEvent(tip))
    assert window.statusBar().currentMessage().endswith("…")
    assert window.statusBar().toolTip() == tip
    QApplication.sendEvent(window.menuBar(), QStatusTipEvent(""))  # the pointer left it
    assert window.statusBar().currentMessage() == ""


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_help_in_large_text_scrolls_within_the_screen(qtbot):
    font = QApplication.font()
    large = QFont(font)
    large.setPointSizeF(font.pointSizeF() * 2)
    QApplication.setFont(large)
    try:
        window = make_window(qtbot)
        window.show_help()
    finally:
        QApplication.setFont(font)
    room = window.screen().availableGeometry()
    assert window._help.frameGeometry().height() <= room.height()
    assert room.contains(window._help.frameGeometry().topLeft())
    window.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_help_names_every_key_and_stays_beside_the_window(qtbot):
    window = make_window(qtbot)
    window.show_help()
    text = "".join(label.text() for label in window._help.findChildren(QLabel))
    for action in window.actions() + window.centralWidget().actions():
        for key in action.shortcuts():
            name = key.toString(QKeySequence.SequenceFormat.NativeText)
            assert name in text or name.isdigit(), name
    assert "0 – 9" in text and "Previous Digit" in text and ">Left<" in text
    assert window._help.isVisible() and not window._help.isModal()
    assert window._help.parent() is None  # not kept above the drawing
    assert window.quit_action in window._help.actions()  # Ctrl+Q from it quits too
    assert [b.text() for b in window._help.findChildren(QPushButton)] == ["&Close"]
    box = window._help
    window.show_help()  # again: the same box, not a second one
    assert window._help is box
    window.close()
    assert not box.isVisible()


def test_show_log_folder_names_the_folder_when_no_file_manager_opens(
    qtbot, monkeypatch, _no_modal_dialogs
):
    from PySide6.QtGui import QDesktopServices

    from digitpad.core.logs import log_dir

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) and False)
    window = make_window(qtbot)
    window.log_action.trigger()
    assert opened[0].toLocalFile() == str(log_dir())
    assert _no_modal_dialogs == [
        f"Could not open a file manager; the log is in this folder:\n{log_dir()}"
    ]


def test_start_up_work_waits_for_the_first_frame_and_runs_once(qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from digitpad.gui import app

    monkeypatch.setattr(app, "FIRST_FRAME_TIMEOUT_MS", 60_000)  # only a frame can trigger it
    widget = QWidget()
    qtbot.addWidget(widget)
    calls = []
    app.FirstFrameWatcher(widget, lambda: calls.append(widget.isVisible()))
    qtbot.wait(20)
    assert calls == []  # not shown, not painted: nothing yet
    widget.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=2000)
    widget.update()
    qtbot.wait(50)
    assert calls == [True]


def test_start_up_work_still_runs_when_no_frame_comes(qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from digitpad.gui import app

    monkeypatch.setattr(app, "FIRST_FRAME_TIMEOUT_MS", 30)
    widget = QWidget()  # never shown, so never painted
    qtbot.addWidget(widget)
    calls = []
    app.FirstFrameWatcher(widget, lambda: calls.append(1))
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)


def test_a_picture_without_writing_says_so(qtbot, window, tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("L", (300, 200), 200).save(blank)
    assert window.open_file(blank)
    qtbot.waitUntil(
        lambda: "No digit found in this picture" in window.chart.accessibleDescription()
    )


def test_opening_a_model_grows_the_window_for_its_chart_and_closing_gives_it_back(
    qtbot, window, samples
):
    from digitpad.core.resources import assets_dir

    window.restore_defaults()
    default = window.size()
    window.top_k_box.setValue(7)
    own = QSize(720, window.minimumSize().height())  # the user's own size
    window.resize(own)
    qtbot.waitUntil(lambda: window.size() == own)
    with qtbot.waitSignal(window.live.theirsOpened, timeout=60000):
        window.open_model(assets_dir() / "model.tflite")  # any .tflite is a user's model
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(samples / "pen-2-0.json"))
    qtbot.waitUntil(lambda: bool(window.theirs_chart.bars()), timeout=10000)
    grown = window.size()
    assert grown.width() == 720 and grown.height() > own.height()
    with qtbot.waitSignal(window.live.theirsOpened, timeout=60000):
        window.inverted_action.trigger()  # reopened with other conventions
    QApplication.processEvents()
    assert window.size() == grown
    window.close_model()
    assert window.size() == own  # what it added is given back
    window.restore_defaults()  # the default size, as without a model
    assert window.size() == default
    # Resized by the user while it was open: closing it leaves their size.
    with qtbot.waitSignal(window.live.theirsOpened, timeout=60000):
        window.open_model(assets_dir() / "model.tflite")
    window.resize(700, window.height() - 10)
    qtbot.waitUntil(lambda: window.width() == 700)
    kept = window.size()
    window.close_model()
    assert window.size() == kept
    # Restore Defaults with a model open: the default size, grown for its chart as on opening.
    window.restore_defaults()
    with qtbot.waitSignal(window.live.theirsOpened, timeout=60000):
        window.open_model(assets_dir() / "model.tflite")
    opened = window.size()
    assert opened.height() > default.height()
    window.resize(default.width() + 40, default.height() - 30)
    window.restore_defaults()
    assert window.size() == opened


def test_open_model_starts_in_the_folder_of_the_model_last_opened(qtbot, window, monkeypatch):
    from digitpad.core.resources import assets_dir

    started = []

    def dialog(parent, title, folder, *args):
        started.append(folder)
        return ""

    monkeypatch.setattr(filedialogs, "open_file_name", dialog)
    window.open_model_dialog()
    with qtbot.waitSignal(window.live.theirsOpened, timeout=60000):
        window.open_model(assets_dir() / "model.tflite")
    window.open_model_dialog()
    window.open_dialog()  # drawings: still where they were
    assert started == [str(Path.home()), str(assets_dir()), str(Path.home())]


def test_a_small_window_with_a_users_model_says_in_each_chart_that_bars_are_left_out(
    qtbot, window, samples
):
    from digitpad.core.resources import assets_dir

    window.top_k_box.setValue(10)
    with qtbot.waitSignal(window.live.theirsOpened, timeout=60000):
        window.open_model(assets_dir() / "model.tflite")  # any .tflite is a user's model
    window.resize(window.minimumSize())
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(samples / "pen-2-0.json"))
    qtbot.waitUntil(lambda: bool(window.theirs_chart.bars()), timeout=10000)
    for chart in (window.chart, window.theirs_chart):
        shown = len(chart.bars())
        assert shown < 10 and chart.note() == f"{shown} of 10 shown: make the window taller"
        assert chart.height() >= chart.minimumSizeHint().height()  # a bar and the note fit


def test_the_open_dialog_offers_every_file_type_that_is_read():
    from digitpad.core.files import IMAGE_SUFFIXES, INK_SUFFIXES
    from digitpad.gui.filing import open_filter

    first = open_filter().split(";;")[0]  # "Drawings and images (*.json *.ink ...)"
    offered = set(first[first.index("(") + 1 : -1].split())
    assert offered == {f"*{suffix}" for suffix in IMAGE_SUFFIXES | INK_SUFFIXES}


def test_a_window_reaching_past_the_screen_is_brought_inside_it(qtbot, window):
    # As on a small screen at 200%, where the window manager placed it below the top.
    room = window.screen().availableGeometry()
    window.resize(room.width() + 100, room.height() + 100)
    window.move(room.right() - 200, room.bottom() - 200)
    qtbot.waitUntil(lambda: not room.contains(window.frameGeometry()))
    window.fit_on_screen()
    qtbot.waitUntil(lambda: room.contains(window.frameGeometry()))
    assert window.frameGeometry().size() == room.size()  # as big as the screen allows


def all_menus(window) -> list:
    """The window's menus, submenus included."""
    menus, found = [action.menu() for action in window.menuBar().actions()], []
    while menus:
        found.append(menus.pop())
        menus += [a.menu() for a in found[-1].actions() if a.menu() is not None]
    return found


def test_the_menu_items_the_readme_names_are_in_the_menus(qtbot):
    window = make_window(qtbot)
    items: dict[str, list[str]] = {}
    for menu in all_menus(window):
        for action in menu.actions():
            name = action.text().split("\t")[0].replace("&", "").removesuffix("…")
            items.setdefault(menu.title().replace("&", ""), []).append(name)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    named = re.findall(r"\b([A-Z][a-z]+) ▸ ((?:[A-Z][\w']*)(?: [A-Z][\w']*)*)", readme)
    assert len(named) >= 10
    for menu, item in named:
        assert any(name.startswith(item) for name in items.get(menu, [])), f"{menu} ▸ {item}"


def test_every_menu_item_has_its_own_access_letter(qtbot):
    window = make_window(qtbot)
    for menu in all_menus(window):
        letters = []
        for action in menu.actions():
            if action.isSeparator():
                continue
            text = action.text().split("\t")[0]
            assert "&" in text, f"{menu.title()} ▸ {text} has no access letter"
            letters.append(text[text.index("&") + 1].lower())
        assert len(letters) == len(set(letters)), f"{menu.title()}: {letters}"


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen tooltip's window
def test_a_window_as_tall_as_its_screen_does_not_ask_to_be_made_taller(
    qtbot, window, samples, monkeypatch
):
    from digitpad.core.resources import assets_dir

    window.top_k_box.setValue(10)
    with qtbot.waitSignal(window.live.theirsOpened, timeout=60000):
        window.open_model(assets_dir() / "model.tflite")
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([2, 0, 2, 6]))  # the number's row takes room too
    qtbot.waitUntil(lambda: bool(window.theirs_chart.bars()), timeout=10000)
    window.showMaximized()
    qtbot.waitUntil(lambda: window.isMaximized())
    qtbot.waitUntil(lambda: window.chart.height() + window.theirs_chart.height() > 400)
    for chart in (window.chart, window.theirs_chart):  # the offscreen screen is 800x800
        shown = len(chart.bars())
        assert shown < 10 and chart.note() == f"{shown} of 10 shown: no room for more"
        at = QPoint(5, 5)
        QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, at, chart.mapToGlobal(at)))
        assert chart.toolTip().endswith(
            f"{10 - shown} more digits of the top 10 do not fit on this screen."
        )
    window.showNormal()
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: len(window.chart.bars()) < 10)
    assert window.chart.note().endswith(": make the window taller")
    # A pixel short of its screen (as rounding leaves a window at 1.5x) is no room either.
    tall = window.frameGeometry().height()
    for room, advice in ((1, "no room for more"), (MIN_ROW, "make the window taller")):
        screen = SimpleNamespace(availableGeometry=lambda room=room: QRect(0, 0, 800, tall + room))
        monkeypatch.setattr(window.chart, "screen", lambda screen=screen: screen)
        assert window.chart.note().endswith(f": {advice}")


@pytest.mark.parametrize(
    "action", ["undo_action", "redo_action", "clear_action", "new_action", "quit_action"]
)
def test_what_would_lose_the_stroke_being_drawn_waits_for_the_pen_to_lift(qtbot, window, action):
    draw(window.canvas, [(100, 100), (100, 200)])
    draw(window.canvas, [(200, 100), (200, 200)])
    window.undo_action.trigger()  # Redo would bring the second stroke back
    QTest.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 100))
    move(window.canvas, QPoint(300, 150))
    getattr(window, action).trigger()  # its keys (Ctrl+Z ...), its menu item or its button
    assert "Lift the pen first" in window.statusBar().currentMessage()
    move(window.canvas, QPoint(300, 200))
    QTest.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    strokes = window.canvas.document.ink().strokes
    assert [round(stroke[0][0]) for stroke in strokes] == [100, 300]  # in canvas pixels
    assert window.isVisible()


def test_export_png_has_the_screens_pixels(qtbot, window, tmp_path, monkeypatch):
    # On a 2x display (a Mac's, say) the exported picture is as sharp as the drawing shown.
    draw(window.canvas, [(60, 60), (120, 160)])
    saved = tmp_path / "drawing.png"
    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(saved))
    monkeypatch.setattr(window.canvas, "devicePixelRatioF", lambda: 2.0)
    assert window.export_png()
    canvas = window.canvas.document.ink()
    assert Image.open(saved).size == (2 * canvas.width, 2 * canvas.height)


def test_the_window_grows_to_show_every_bar_of_a_users_model_beside_its_own(qtbot):
    # A tester opened their model and read a number: each chart showed "1 of 5 shown" in a
    # window a third of the screen's height.
    window = make_window(qtbot)
    with qtbot.waitSignal(window.modelLoaded, timeout=10000):
        window.start_model()
    room = window.screen().availableGeometry().height()
    chrome = window.frameGeometry().height() - window.height()
    window.resize(window.width(), room // 2)
    width, height = window.width(), window.height()
    with qtbot.waitSignal(window.live.theirsOpened, timeout=20000):
        window.open_model(ROOT / "assets" / "model.tflite")  # any .tflite stands for theirs
    assert window.width() == width and height < window.height() <= room - chrome
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(number_ink([5, 3, 8]))
    qtbot.wait(50)
    assert window.height() < room - chrome  # grown as far as it wanted, short of the screen
    assert len(window.chart.bars()) == len(window.theirs_chart.bars()) == 5
