"""Questions and messages in message boxes: every button can be pressed with Alt and a letter,
and a long file name wraps."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from digitpad.gui import dialogs

BUTTONS = (
    QMessageBox.StandardButton.Save
    | QMessageBox.StandardButton.Discard
    | QMessageBox.StandardButton.Cancel
)


def test_each_button_gets_its_own_mnemonic(qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "digitpad", "Quit?", BUTTONS)
    qtbot.addWidget(box)
    dialogs.add_mnemonics(box.buttons())
    letters = [b.text()[b.text().index("&") + 1].lower() for b in box.buttons()]
    assert len(set(letters)) == 3


def test_a_question_is_answered_with_alt_and_a_letter(qtbot, monkeypatch):
    # conftest answers questions for the other tests; this one asks for real.
    monkeypatch.undo()

    def press_discard() -> None:
        box = QApplication.activeModalWidget()
        letter = next(
            b.text()[b.text().index("&") + 1]
            for b in box.buttons()
            if box.standardButton(b) == QMessageBox.StandardButton.Discard
        )
        QTest.keyClick(
            box, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier
        )

    QTimer.singleShot(100, press_discard)
    QTimer.singleShot(
        3000, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().reject()
    )
    answer = dialogs.question(None, "digitpad", "Quit?", BUTTONS, QMessageBox.StandardButton.Save)
    assert answer == QMessageBox.StandardButton.Discard


def test_buttons_are_named_by_what_they_do(qtbot, monkeypatch):
    monkeypatch.undo()
    seen = []

    def press_forget() -> None:
        box = QApplication.activeModalWidget()
        seen.extend(b.text() for b in box.buttons())
        QTest.keyClick(box, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)

    QTimer.singleShot(100, press_forget)
    QTimer.singleShot(
        3000, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().reject()
    )
    yes, cancel = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel
    answer = dialogs.question(None, "digitpad", "Forget?", yes | cancel, cancel, {yes: "Forget"})
    assert answer == yes and "&Forget" in seen


def test_a_message_with_a_long_file_name_wraps_inside_the_screen(qtbot):
    name = "very_long_name_" * 12 + ".png"
    text = f"Could not open {name}: the image is damaged or truncated."
    box = QMessageBox(QMessageBox.Icon.Warning, "digitpad", dialogs.breakable(text))
    qtbot.addWidget(box)
    box.show()
    assert box.width() <= box.screen().availableGeometry().width() * 2 // 3
    assert box.text().replace("\u200b", "") == text
