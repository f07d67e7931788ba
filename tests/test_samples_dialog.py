"""Learn ▸ My Handwriting: every sample shown as the network sees it, the wrong ones removed."""

from helpers import SAMPLES
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from digitpad.core.files import load_drawing
from digitpad.core.ink import read_ink
from digitpad.gui import dialogs
from digitpad.gui.samples import SamplesDialog

YES = QMessageBox.StandardButton.Yes


def teach(profile, names: list[str]) -> list:
    """Add the built-in samples named, each as the digit its name says."""
    return profile.add_many([(load_drawing(SAMPLES / n), int(n.split("-")[1])) for n in names])


def select(dialog: SamplesDialog, rows: list[int]) -> None:
    """Select exactly these rows of the list."""
    selection = dialog.view.selectionModel()
    selection.clearSelection()
    for row in rows:
        index = dialog.listing.index(row)
        selection.select(index, QItemSelectionModel.SelectionFlag.Select)


def test_the_samples_are_shown_by_digit_with_when_they_were_taught(qtbot, window):
    teach(window.profile, ["pen-7-0.json", "pen-2-0.json", "mnist-7-1.png"])
    dialog = SamplesDialog(window.profile, window)
    qtbot.addWidget(dialog)
    listing = dialog.listing
    digits = [listing.index(row).data() for row in range(listing.rowCount())]
    assert digits == ["2", "7", "7"]
    icon = listing.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert (icon.width(), icon.height()) == (56, 56)
    assert listing.index(0).data(Qt.ItemDataRole.ToolTipRole).startswith("A 2, taught ")
    assert "these 3 samples" in dialog.summary.text()
    # The first sample is selected, as it looks current: Delete removes it after asking.
    assert dialog.view.selectionModel().selectedRows() == [listing.index(0)]
    assert dialog.remove_button.isEnabled()
    select(dialog, [])
    assert not dialog.remove_button.isEnabled()


def test_removing_asks_first_and_then_forgets_only_the_selected(
    qtbot, window, _no_modal_dialogs, monkeypatch
):
    kept, wrong, also = teach(window.profile, ["pen-4-0.json", "pen-9-0.json", "pen-3-0.json"])
    dialog = SamplesDialog(window.profile, window)
    qtbot.addWidget(dialog)
    rows = {dialog.listing.samples[r].file: r for r in range(3)}
    select(dialog, [rows[wrong.file], rows[also.file]])
    dialog.remove_selected()  # the test's dialogs answer "Discard": not "Yes"
    assert _no_modal_dialogs[-1] == (
        "Forget these 2 samples (of 3 and 9)? digitpad would no longer learn from them, "
        "and this cannot be undone."
    )
    assert window.profile.count == 3
    monkeypatch.setattr(dialogs, "question", lambda *args, **kwargs: YES)
    with qtbot.waitSignal(dialog.samplesRemoved) as removed:
        dialog.remove_selected()
    assert {s.file for s in removed.args[0]} == {wrong.file, also.file}
    assert window.profile.samples() == [kept] and not wrong.path.exists()
    assert dialog.listing.rowCount() == 1 and "with this sample of" in dialog.summary.text()


def test_a_sample_that_cannot_be_read_is_shown_as_such_and_can_be_removed(
    qtbot, window, monkeypatch
):
    (broken,) = teach(window.profile, ["pen-5-0.json"])
    broken.path.write_bytes(b"not ink")
    dialog = SamplesDialog(window.profile, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "shown as ⚠ has a file that cannot be read" in dialog.summary.text())
    assert (
        dialog.listing.index(0)
        .data(Qt.ItemDataRole.ToolTipRole)
        .endswith("its file cannot be read")
    )
    monkeypatch.setattr(dialogs, "question", lambda *args, **kwargs: YES)
    select(dialog, [0])
    dialog.remove_selected()
    assert window.profile.listed() == 0 and not broken.path.exists()
    assert dialog.summary.text().startswith("No samples.")


def test_the_window_forgets_the_removed_samples_and_reads_again(qtbot, window, monkeypatch):
    assert not window.samples_action.isEnabled()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-1-0.json"))
    read = window.chart.bars()[0][0]
    other = 8 - read  # the drawing is a 1 or a 7: taught as the other one
    window.correct(4)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.correct(other)  # the user changed their mind: the 4 is replaced
    assert window.chart.bars()[0][0] == other and window.samples_action.isEnabled()
    monkeypatch.setattr(dialogs, "question", lambda *args, **kwargs: YES)

    def remove_all(dialog: SamplesDialog) -> int:
        dialog.view.selectAll()
        dialog.remove_selected()
        return 0

    monkeypatch.setattr(SamplesDialog, "exec", remove_all)
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.samples_action.trigger()
    assert window.profile.count == 0 and window.chart.bars()[0][0] == read
    assert window.statusBar().currentMessage() == "Removed 1 sample."
    assert window.samples_status.text() == "" and not window.samples_action.isEnabled()
    # Undo Last Sample has nothing left to take back, and Undo acts on the drawing.
    assert not window.unteach_action.isEnabled()
    assert window.undo_action.toolTip() == "Take back the last change"


def test_the_list_shown_again_when_the_samples_changed_meanwhile(
    qtbot, window, _no_modal_dialogs, monkeypatch
):
    _, second = teach(window.profile, ["pen-4-0.json", "pen-9-0.json"])
    second.path.unlink()  # a row whose file is gone
    dialog = SamplesDialog(window.profile, window)
    qtbot.addWidget(dialog)
    assert "1 more row of samples.csv names no sample" in dialog.summary.text()
    teach(window.profile, ["pen-3-0.json"])  # from a terminal, say, while the list is open
    monkeypatch.setattr(dialogs, "question", lambda *args, **kwargs: YES)
    select(dialog, [0])
    with qtbot.waitSignal(dialog.changedElsewhere):
        dialog.remove_selected()
    assert window.profile.count == 2  # nothing removed, nothing asked: shown anew instead
    assert not _no_modal_dialogs
    assert dialog.summary.text().startswith("Your samples changed meanwhile")
    assert dialog.listing.rowCount() == 2
    select(dialog, [0])
    dialog.remove_selected()
    assert window.profile.listed() == 1  # the row without its file went with the rewrite
    assert "names no sample" not in dialog.summary.text()


def test_a_correction_that_does_not_change_the_reading_says_so(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    # The reading process keeps reading with the profile it was started with: an empty one.
    window.profile = type(window.profile)(tmp_path / "elsewhere")
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.correct(9)
    assert window.chart.bars()[0][0] == 4
    message = window.statusBar().currentMessage()
    assert message.startswith("Learned: this is a 9, though still read as 4: more 9s")
    # and nothing is said when the reading follows the correction
    window.profile = type(window.profile)(tmp_path / "p2")
    window.canvas.clear()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-4-0.json"))
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.correct(4)
    assert window.statusBar().currentMessage().startswith("Learned: this is a 4 (Undo")


def test_the_list_and_the_window_follow_a_change_made_from_a_terminal(qtbot, window):
    teach(window.profile, ["pen-4-0.json"])
    dialog = SamplesDialog(window.profile, window)
    qtbot.addWidget(dialog)
    assert dialog.listing.rowCount() == 1
    teach(window.profile, ["pen-3-0.json", "pen-9-0.json"])
    qtbot.waitUntil(lambda: dialog.listing.rowCount() == 3, timeout=5000)
    assert dialog.summary.text().startswith("Your samples changed meanwhile")
    # The window looks too, with no need to be switched away from and back.
    qtbot.waitUntil(lambda: "Knows 3 samples" in window.samples_status.text(), timeout=5000)


def test_the_question_names_the_digits_of_the_samples():
    from digitpad.gui.samples import of_digits

    assert of_digits([8]) == "of an 8"
    assert of_digits([9, 3, 9]) == "(of 3 and 9)"
    assert of_digits([4, 4]) == "of 4s"
    assert of_digits([3, 1, 2]) == "(of 1, 2 and 3)"
