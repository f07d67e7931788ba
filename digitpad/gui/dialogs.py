"""Questions whose every button has a keyboard mnemonic (Alt+letter), messages that wrap long
file names, windows sized to fit, and the wait cursor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

Button = QMessageBox.StandardButton
# A message box wraps its text at spaces only: a longer run (a file name, a path) would widen
# it past the screen's edge, cut off.
UNBROKEN = 40


def breakable(text: str) -> str:
    """text with a zero-width space after every UNBROKEN characters of a longer run without
    spaces, where a message box may wrap it."""
    return re.sub(rf"\S{{{UNBROKEN}}}(?=\S)", lambda run: run.group() + "\u200b", text)


def warn(parent: QWidget | None, text: str) -> None:
    """QMessageBox.warning titled digitpad, its text wrapped even in a long file name."""
    QMessageBox.warning(parent, "digitpad", breakable(text))


def question(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Button,
    default: Button,
    names: dict[Button, str] | None = None,
) -> Button:
    """QMessageBox.question, with the buttons named by what they do (names, e.g. Yes as
    "Forget") and a mnemonic on each button whose text has none.

    Without a name a button has the desktop theme's text, which may not fit the question (a
    GNOME theme calls Discard "Close without Saving"). Qt's own texts have no mnemonic unless
    the theme gives them, so a keyboard user could only Tab to them. Returns the button
    chosen; Escape and closing the box choose Cancel (or the box's other escape button).
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, breakable(text), buttons, parent)
    box.setDefaultButton(default)
    for kind, name in (names or {}).items():
        box.button(kind).setText(name)
    add_mnemonics(box.buttons())
    return Button(box.exec())


def confirm(parent: QWidget | None, text: str, doing: str) -> bool:
    """Ask text ("Forget 3 samples? This cannot be undone.") with a button named doing
    ("Forget") and Cancel, the default; True when the user chose doing."""
    yes, cancel = Button.Yes, Button.Cancel
    return question(parent, "digitpad", text, yes | cancel, cancel, {yes: doing}) == yes


def confirm_replace(parent: QWidget | None, text: str) -> bool:
    """Ask text ("a.png already exists. Replace it?") with Replace and Cancel; True to replace."""
    return confirm(parent, text, "Replace")


def add_mnemonics(buttons: list[QAbstractButton]) -> None:
    """Mark the first letter of each button's text not yet taken as its mnemonic, in place;
    texts with a mnemonic already keep it."""
    taken = {
        text[text.index("&") + 1].lower()
        for text in (b.text() for b in buttons)
        if "&" in text[:-1]
    }
    for button in buttons:
        text = button.text()
        if "&" in text:
            continue
        for at, letter in enumerate(text):
            if letter.isalpha() and letter.lower() not in taken:
                taken.add(letter.lower())
                button.setText(f"{text[:at]}&{text[at:]}")
                break


def resize_to_fit(window: QWidget, width: int, height: int) -> None:
    """Resize window to width x height (logical pixels), or to nine tenths of a smaller
    screen (a laptop at 200% scaling)."""
    screen = window.screen().availableSize()
    window.resize(min(width, screen.width() * 9 // 10), min(height, screen.height() * 9 // 10))


@contextmanager
def busy() -> Iterator[None]:
    """The wait cursor over the app while the block runs (an import of thousands of samples)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
