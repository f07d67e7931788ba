"""Help ▸ digitpad Help: how to use the app and its keys, in a window beside the main one."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from digitpad.gui import dialogs

HELP = """<h3>Using digitpad</h3>
<p>Draw a digit, or a whole number, on the sheet with the mouse, a pen or a finger: the chart
beside it shows what the network reads, best first. In a number, click a digit (or press Left
and Right) to see its reading.</p>
<p>A wrong reading? Click the right digit's bar, or press its key: digitpad learns your
handwriting from it, on this computer only. Learn ▸ My Handwriting shows what it learned
from, and removes a sample that is wrong.</p>
<p>Open reads an ink file or a picture, Save keeps the drawing as ink, and Model ▸ Open Model
reads with a model you trained, beside digitpad's.</p>"""


def keys_table(actions: list[QAction]) -> str:
    """Help ▸ digitpad Help's table, as rich text: the keys of these actions (the keys a
    menu item names after a tab included; the digit keys in one row)."""
    row = "<tr><td style='padding-right: 16px'>{}</td><td>{}</td></tr>"
    rows = [
        row.format("0 – 9", "Correct the reading: it is this digit"),
        row.format("Esc", "From the Show top box or the Pen slider, back to the drawing"),
    ]
    for action in actions:
        text, _, named = action.text().partition("\t")
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if not keys and named:
            keys = [named]
        if not keys or text.strip("&").isdigit() or named.isdigit():
            continue  # no keys, or a digit key: in the first row
        name = text.replace("&", "").removesuffix("…")
        rows.append(row.format(html.escape(", ".join(keys)), html.escape(name)))
    return f"<h4>Keys</h4><table cellspacing=0 cellpadding=2>{''.join(rows)}</table>"


class HelpWindow(QDialog):
    """The help window, naming the keys of these actions; no parent, so that it does not
    stay above the drawing. Its words and keys scroll where the screen is shorter than they
    are (large text)."""

    def __init__(self, actions: list[QAction]) -> None:
        super().__init__()
        self.setWindowTitle("digitpad Help")
        self._text = QLabel(HELP)
        self._text.setWordWrap(True)
        self._text.setFixedWidth(self._text.fontMetrics().averageCharWidth() * 80)  # wrapped
        keys = QLabel(keys_table(actions))
        self._page = QWidget()
        page_layout = QVBoxLayout(self._page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        for label in (self._text, keys):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            page_layout.addWidget(label)
        self._scroll = QScrollArea()
        self._scroll.setWidget(self._page)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._buttons.rejected.connect(self.close)
        dialogs.add_mnemonics(self._buttons.buttons())  # Alt+C, where the style gives none
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self._buttons)

    def place_beside(self, main: QWidget) -> None:
        """Size the window to its words within the screen, and put it beside main where there
        is room; else over main's right side (its chart), leaving the canvas in view."""
        frame, room = main.frameGeometry(), main.screen().availableGeometry()
        borders = frame.size() - main.size()
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        margins = self.layout().contentsMargins()
        around = margins.left() + margins.right() + borders.width()
        wrap = min(self._text.width(), room.width() - around - bar)
        self._text.setFixedWidth(wrap)  # wrapped narrower on a narrow screen
        tall = (
            self._page.sizeHint().height()
            + self._buttons.sizeHint().height()
            + self.layout().spacing()
            + margins.top()
            + margins.bottom()
        )
        wide = self._page.sizeHint().width() + bar + margins.left() + margins.right()
        self.resize(
            min(wide, room.width() - borders.width()), min(tall, room.height() - borders.height())
        )
        width, height = self.width() + borders.width(), self.height() + borders.height()
        if frame.right() + width < room.right():
            x = frame.right() + 1
        elif frame.left() - width > room.left():
            x = frame.left() - width
        else:
            x = room.right() + 1 - width
        top = min(frame.top(), room.bottom() + 1 - height)
        self.move(max(x, room.left()), max(top, room.top()))
