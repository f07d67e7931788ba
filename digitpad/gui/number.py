"""The number read, in large type, one button per digit: click one to see its reading."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.gui import colours
from digitpad.gui.chart import MARGIN

FONT_PX = 34  # the number's type
SMALLEST_PX = 10  # a long number's type shrinks down to this to fit the row
LINE_PX = 16  # a number of many lines takes the height that this type needs in each
SPACING = 2  # pixels between two digits, and between two lines


class NumberView(QWidget):
    """Shows '20?6' as buttons, the selected digit checked, a number written in two or more
    lines as as many rows, a line too long for the view's width wrapped onto more; hidden for
    a single digit."""

    selected = Signal(int)  # the index of the digit the user picked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("number")
        self.setAccessibleName("Number read")
        self.setToolTip("The number read; click a digit, or use the arrow keys, to see its reading")
        self._rows = QVBoxLayout(self)
        # The digits line up with what the chart below paints (inside its margin).
        self._rows.setContentsMargins(MARGIN, 0, MARGIN, 0)
        self._rows.setSpacing(SPACING)
        # The panel sets the view's size, and a long number's type shrinks to fit it (_fit).
        self._rows.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._group = QButtonGroup(self)
        self._group.idClicked.connect(self.selected)
        self._text = ""
        self._line_starts: tuple[int, ...] = ()
        # Each line, top line first: the widget that holds its buttons, and the buttons.
        self._lines: list[tuple[QWidget, list[QToolButton]]] = []
        self._font = QFont(self.font())
        self._font.setPixelSize(FONT_PX)
        self._font.setBold(True)
        self._row_height: int | None = None
        self._built: tuple[int, ...] = ()  # the first digit of each row after the first
        self.hide()

    def row_height(self) -> int:
        """The height the number takes when shown (pixels), also while it is hidden."""
        if self._row_height is None:  # measured once: the font does not change
            button = QToolButton()
            button.setFont(self._font)
            button.setText("0")
            self._row_height = button.sizeHint().height()
        return self._row_height

    def sizeHint(self) -> QSize:
        """One line's height, or more for so many lines that LINE_PX type needs more."""
        if len(self._lines) < 2:  # the layout asks often: one line is measured once
            return QSize(0, self.row_height())
        font = QFont(self._font)
        font.setPixelSize(LINE_PX)
        least = QFontMetrics(font).height() + SPACING  # a line of that type
        return QSize(0, max(self.row_height(), len(self._lines) * least))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def text(self) -> str:
        return self._text

    def show_number(self, marked: str, current: int, line_starts: tuple[int, ...] = ()) -> None:
        """Show a number ('20?6': '?' for a digit the network is unsure of), current selected;
        line_starts: the index of the first digit of each line after the first."""
        if (marked, line_starts) == (self._text, self._line_starts):
            self.select(current)
            return
        self._text, self._line_starts = marked, line_starts
        if not self.styleSheet():  # once a number is shown: a style sheet costs at start-up
            self._mark_selected()
        self._build(current)
        self.setVisible(len(marked) > 1)
        self.setAccessibleDescription(marked)

    def _build(self, current: int) -> None:
        """A row of buttons for each line of the number, a line too long for the view's width
        even in the smallest type wrapped onto as many rows as it needs (_row_starts)."""
        for button in self._group.buttons():
            self._group.removeButton(button)
        # Each row is a widget: deleted, with its buttons, once back in the event loop (a
        # layout deleted so crashes PySide6 when its wrapper goes too).
        for line, _ in self._lines:
            self._rows.removeWidget(line)
            line.hide()  # at once
            line.deleteLater()
        self._lines = []
        self._built = self._row_starts()
        for index, char in enumerate(self._text):
            if index == 0 or index in self._built:
                line = QWidget(self)
                self._lines.append((line, []))
                row = QHBoxLayout(line)
                row.setContentsMargins(0, 0, 0, 0)
                row.setSpacing(SPACING)
                row.addStretch()
                self._rows.addWidget(line)
            button = QToolButton(line)
            button.setText(char)
            button.setFont(self._font)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys move the selection
            button.setAccessibleName(f"digit {index + 1}: {'not sure' if char == '?' else char}")
            if char == "?":
                button.setStyleSheet(f"color: {colours.unsure(self).name()}")
            self._group.addButton(button, index)
            # Before the stretch, in the middle of a line taller than its type.
            row.insertWidget(row.count() - 1, button, 0, Qt.AlignmentFlag.AlignVCenter)
            self._lines[-1][1].append(button)
        self.updateGeometry()  # many rows may need more height (sizeHint)
        self._fit()
        self.select(current)

    def _row_starts(self) -> tuple[int, ...]:
        """The index of the first digit of each row after the first: each line's, and a line
        longer than fits the view's width in the smallest type (SMALLEST_PX, each button two
        pixels wider than its digit, as _fit makes them at the least) in rows of even length."""
        font = QFont(self._font)
        font.setPixelSize(SMALLEST_PX)
        button = QFontMetrics(font).horizontalAdvance("0") + 2
        margins = self._rows.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        fit = max(1, (room + SPACING) // (button + SPACING))
        starts = []
        for start, end in itertools.pairwise((0, *self._line_starts, len(self._text))):
            if end > start:
                rows = -(-(end - start) // fit)
                starts += range(start, end, -(-(end - start) // rows))  # rows alike in length
        return tuple(starts[1:])

    def select(self, index: int) -> None:
        button = self._group.button(index)
        if button is not None:
            button.setChecked(True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and self.styleSheet():  # a new scheme
            self._mark_selected()
        super().changeEvent(event)

    def _mark_selected(self) -> None:
        """Frame the selected digit in the accent colour, as its box on the canvas is framed
        (a style's own checked look can be faint in a dark theme)."""
        # Kept in a style sheet: the active colours, not an inactive window's.
        accent = colours.active(self, QPalette.ColorRole.Highlight)
        window = colours.active(self, QPalette.ColorRole.Window)
        colour = colours.distinct(accent, window).name()
        self.setStyleSheet(
            f"QToolButton:checked {{ border: 2px solid {colour}; border-radius: 4px; }}"
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._lines and self._row_starts() != self._built:  # wrapped anew for this width
            self._build(self._group.checkedId())
        else:
            self._fit()
        super().resizeEvent(event)

    def _fit(self) -> None:
        """Give the digits the largest type, FONT_PX at most, at which the longest line fits
        the view's width and all the lines its height, each button as wide as its digit and
        half its height more (the style's own padding would leave a long number too small),
        and as tall as the line or its type, whichever is less."""
        if not self._lines:
            return
        font = QFont(self._font)
        margins = self._rows.contentsMargins()
        longest = max(len(buttons) for _, buttons in self._lines)
        room = self.width() - margins.left() - margins.right() - (longest - 1) * SPACING
        # Each line's share of the view's height, as FONT_PX is of one line's.
        total = max(self.height(), self.row_height())
        tallest = (total - (len(self._lines) - 1) * SPACING) / len(self._lines)
        largest = min(FONT_PX, int(FONT_PX * tallest / self.row_height()))
        for size in range(max(largest, SMALLEST_PX), SMALLEST_PX - 1, -1):
            font.setPixelSize(size)
            digit = QFontMetrics(font).horizontalAdvance("0")
            width = digit + size // 2
            if longest * width <= room:
                break
        else:  # too long even in the smallest type: its padding goes before a digit is cut off
            width = max(digit + 2, room // longest)
        # As tall as the line, and no taller than its type needs: a frame fits its digit.
        height = max(1, min(int(tallest), QFontMetrics(font).height() + size // 2))
        for button in self._group.buttons():
            button.setFont(font)
            button.setFixedSize(width, height)
