"""Bar chart of the top-k digit probabilities, with loading, empty and not-sure states."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from digitpad.core.format import count as plural
from digitpad.core.format import percent
from digitpad.gui import colours

if TYPE_CHECKING:
    from collections.abc import Callable

    from digitpad.core.recognizer import Recognition

MARGIN = 12
MIN_ROW = 18  # pixels: a bar's row is never thinner than this
MAX_ROW = 44  # nor thicker than this
# The big digit's type is HEAD_SHARE of the chart's height inside its margins, 24-HEAD_PX.
HEAD_SHARE = 0.16
HEAD_PX = 72
HEAD_LINE = 1.25  # the head's height, in its type's size
MIN_CAPTION_PX = 10  # the caption beside the big digit is never smaller than this
NOTE_PX = 11  # the line under the bars that says some did not fit, where it fits this size
MIN_WIDTH = 200
OUTDATED_DIM_MS = 300  # a reading still not of the drawing after this long is shown dimmed
OUTDATED_OPACITY = 0.35


TIP = "What the network reads: the most likely digits and their probability"
TEACH_TIP = (
    "Click a digit's bar to teach digitpad that the drawing is that digit (Undo forgets it)."
)
NOTHING_FOUND = (
    "No digit found in this picture: digitpad looks for dark writing on light paper, "
    "or light writing on dark."
)


class ProbabilityChart(QWidget):
    """Shows what the network reads; a view driven by its slots.

    A click on a bar's row emits digitClicked with its digit (to correct a reading).
    """

    digitClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.setAccessibleName("Reading")
        self._tip = TIP
        self.setToolTip(TIP)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._top_k = 5
        self._fewest_bars = 10
        self._recognition: Recognition | None = None
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._message_is_error = False
        self._rows: list[tuple[QRectF, int]] = []  # where each bar was painted, and its digit
        self._pressed: int | None = None  # the digit whose bar the mouse was pressed on
        self._outdated = False
        self._dim_timer = QTimer(self, singleShot=True, interval=OUTDATED_DIM_MS)
        self._dim_timer.timeout.connect(self.update)
        self.show_loading()

    def sizeHint(self) -> QSize:
        return QSize(260, 360)

    def minimumSizeHint(self) -> QSize:
        """Room for the head and top_k bars (at most fewest_bars, see set_fewest_bars) at
        their smallest readable height, and for the note() under them if that is fewer."""
        return QSize(MIN_WIDTH, self._height_for(min(self._top_k, self._fewest_bars)))

    def full_height(self) -> int:
        """The least height, in pixels, that shows all top_k bars at a readable height."""
        return self._height_for(self._top_k)

    def roomy_height(self) -> int:
        """The height, in pixels, past which the chart draws nothing larger: the big digit's
        type at HEAD_PX and top_k rows at MAX_ROW."""
        largest_head = math.ceil(HEAD_PX / HEAD_SHARE)
        rows = HEAD_PX * HEAD_LINE + 8 + self._top_k * MAX_ROW
        return 2 * MARGIN + math.ceil(max(largest_head, rows))

    def _height_for(self, bars: int) -> int:
        """The least height, in pixels, that shows this many bars at a readable height."""
        height = 2 * MARGIN + 8 + bars * MIN_ROW
        while self._bar_rows(height) < bars:
            height += 1
        return height

    def set_fewest_bars(self, bars: int) -> None:
        """Ask room for no more than this many bars: a taller chart shows up to top_k."""
        self._fewest_bars = bars
        self.updateGeometry()

    # ------------------------------------------------------------------ slots

    def set_top_k(self, k: int) -> None:
        self._top_k = max(1, min(10, int(k)))
        self._describe()
        self.updateGeometry()
        self.update()

    def top_k(self) -> int:
        return self._top_k

    def show_recognition(self, recognition: Recognition) -> None:
        self._recognition = recognition
        if self._outdated:  # readings still coming (while drawing): not a slow one
            self._dim_timer.start()
        self._label.hide()
        self._describe()
        self.update()

    def set_outdated(self, outdated: bool, at_once: bool = False) -> None:
        """Whether the drawing changed since the reading shown: its bars then take no clicks
        (a click would teach a digit read from another drawing), and once OUTDATED_DIM_MS
        have passed without any reading (a slow one), or at once, they are dimmed until it
        comes."""
        if outdated and at_once:
            self._outdated = True
            self._dim_timer.stop()
            self.update()
            return
        if outdated == self._outdated:
            return
        self._outdated = outdated
        if outdated:
            self._dim_timer.start()
        else:
            self._dim_timer.stop()
            self.update()

    @property
    def outdated(self) -> bool:
        return self._outdated

    def show_empty(self) -> None:
        self._show_message("Draw a digit or a number to see what the network reads.")

    def show_nothing_found(self) -> None:
        """An opened picture in which no writing was found."""
        self._show_message(NOTHING_FOUND)

    def show_loading(self) -> None:
        self._show_message("Loading the model…")

    def show_reading(self) -> None:
        """A drawing was opened, and its reading is coming."""
        self._show_message("Reading…")

    def show_error(self, message: str) -> None:
        self._show_message(message, error=True)

    def _show_message(self, message: str, error: bool = False) -> None:
        self._recognition = None
        self._message_is_error = error
        palette = self._label.palette()
        colour = colours.error(self) if error else colours.muted(self)
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self._label.setPalette(palette)
        self._label.setText(message)
        self._label.show()
        self.setToolTip(self._tip)
        self.setAccessibleDescription(message)
        self.update()

    def _describe(self) -> None:
        """The reading for screen readers, and a tip that says when bars did not fit."""
        hidden = 0
        if self._recognition is not None:
            self.setAccessibleDescription(headline(self._recognition))
            hidden = self._top_k - len(self.bars())
        if hidden > 0:
            where = "would show in a taller window"
            if not self._window_can_grow():
                where = "do not fit on this screen"
            self.setToolTip(
                f"{self._tip}\n{plural(hidden, 'more digit')} of the top {self._top_k} {where}."
            )
        else:
            self.setToolTip(self._tip)

    # ------------------------------------------------------------------ read-outs

    def bars(self) -> list[tuple[int, float]]:
        """The (digit, probability) pairs shown, best first."""
        if self._recognition is None:
            return []
        return self._recognition.top(min(self._top_k, self._rows_that_fit()))

    def note(self) -> str:
        """The line painted under the bars when fewer than top_k fit ('3 of 5 shown: make
        the window taller', or where it is as tall as its screen allows, '...: no room for
        more'), else ''."""
        shown = len(self.bars())
        if self._recognition is None or shown >= self._top_k:
            return ""
        advice = "make the window taller" if self._window_can_grow() else "no room for more"
        return f"{shown} of {self._top_k} shown: {advice}"

    def _window_can_grow(self) -> bool:
        """Whether the window holding the chart can be made taller on its screen by at least
        a bar's row: a pixel or two short of it (rounding at 1.5x) is no room for more."""
        window = self.window()
        if window.isMaximized() or window.isFullScreen():
            return False
        room = self.screen().availableGeometry().height() - window.frameGeometry().height()
        return room >= MIN_ROW

    @staticmethod
    def _head_px(height: int) -> int:
        """The big digit's type size, in pixels, in a chart this tall."""
        return max(24, min(HEAD_PX, int((height - 2 * MARGIN) * HEAD_SHARE)))

    @classmethod
    def _head_height(cls, height: int) -> float:
        """The height of the head (the digit read, how sure) in a chart this tall."""
        return cls._head_px(height) * HEAD_LINE

    def _rows_that_fit(self) -> int:
        """As many bars as fit at a readable height in the chart, and at least one."""
        return max(1, self._bar_rows(self.height()))

    def _bar_rows(self, height: int) -> int:
        """How many bars fit at a readable height in a chart this tall (0 or less: none);
        where fewer than top_k fit, one row fewer: the note() takes its place."""
        rows = int((height - 2 * MARGIN - self._head_height(height) - 8) // MIN_ROW)
        return rows if rows >= self._top_k else rows - 1

    # ------------------------------------------------------------------ painting

    def offer_corrections(self) -> None:
        """Say that a click on a bar teaches (digitClicked): in the tooltip, and with a
        pointing hand over the bars."""
        self._tip = f"{TIP}.\n{TEACH_TIP}"
        self.setToolTip(self._tip)
        self.setMouseTracking(True)

    def mouseMoveEvent(self, event) -> None:
        if self.hasMouseTracking() and self._row_at(event.position()) is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:
        self._pressed = self._row_at(event.position())
        if self._pressed is None:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        # Like a button: a press moved off its bar before release teaches nothing.
        pressed, self._pressed = self._pressed, None
        if pressed is not None and self._row_at(event.position()) == pressed:
            self.digitClicked.emit(pressed)
            return
        super().mouseReleaseEvent(event)

    def _row_at(self, position) -> int | None:
        """The digit of the bar's row at a position in the chart, if a reading is shown."""
        for rect, digit in self._rows:
            if self._recognition is not None and not self._outdated and rect.contains(position):
                return digit
        return None

    def changeEvent(self, event) -> None:
        if self._recognition is None and event.type() == event.Type.PaletteChange:
            self._show_message(self._label.text(), self._message_is_error)
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._label.setGeometry(self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN))
        self._describe()
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # the window may have been maximized since
            self._describe()
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._recognition is None:
            return  # the label shows the message
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._outdated and not self._dim_timer.isActive():
            painter.setOpacity(OUTDATED_OPACITY)
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        self._paint_recognition(painter, area, self._recognition)
        painter.end()

    def _paint_recognition(self, painter: QPainter, area: QRectF, result: Recognition) -> None:
        # Active colours, as muted's: an inactive window's grey text would make the best digit
        # fainter than the runners-up.
        text = colours.active(self, QPalette.ColorRole.WindowText)
        muted = colours.muted(self)
        track_colour = colours.track(self)
        highlight = colours.active(self, QPalette.ColorRole.Highlight)
        accent = colours.unsure(self) if result.not_sure else highlight
        accent = colours.distinct(accent, track_colour)  # a dark theme's blue on its grey
        best_digit, _ = result.ranked[0]
        big = QFont(self.font())
        big.setPixelSize(self._head_px(self.height()))
        big.setBold(True)
        painter.setFont(big)
        painter.setPen(text if not result.not_sure else accent)
        head = QRectF(area.left(), area.top(), area.width(), big.pixelSize() * HEAD_LINE)
        shown = "?" if result.not_sure else str(best_digit)
        painter.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        caption_area = head.adjusted(big.pixelSize() * 0.9, 0, 0, 0)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        words = caption_text(result)
        start = max(12, big.pixelSize() // 3)
        painter.setFont(caption_font(self.font(), start, caption_area, words))
        painter.setPen(muted)
        # Broken between words only where even the smallest font is too wide.
        painter.drawText(caption_area, align | Qt.TextFlag.TextWordWrap, words)

        top = head.bottom() + 8
        bars = self.bars()
        note = self.note()
        # Shorter than its minimum (a small screen at 300%): the note goes first (its tooltip
        # still says it), then the bars; nothing is drawn over the head.
        if note and area.bottom() - top < MIN_ROW * (len(bars) + 1):
            note = ""
        bottom = area.bottom() - (MIN_ROW if note else 0)
        if bottom - top < MIN_ROW / 2:
            bars = []
        row = min(MAX_ROW, (bottom - top) / max(1, len(bars)))
        label_font = QFont(self.font())
        label_font.setPixelSize(max(11, min(20, int(row * 0.5))))
        painter.setFont(label_font)
        digit_width = label_font.pixelSize() * 1.4
        percent_width = painter.fontMetrics().horizontalAdvance("<0.1%") + 6
        self._rows = []
        for index, (digit, probability) in enumerate(bars):
            y = top + index * row
            self._rows.append((QRectF(area.left(), y, area.width(), row), digit))
            bar_height = max(4.0, row * 0.55)
            label = QRectF(area.left(), y, digit_width, row)
            track = QRectF(
                label.right() + 4,
                y + (row - bar_height) / 2,
                max(10.0, area.width() - digit_width - percent_width - 8),
                bar_height,
            )
            painter.setPen(text)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(digit))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track_colour)
            painter.drawRoundedRect(track, 3, 3)
            filled = QRectF(
                track.left(), track.top(), max(2.0, track.width() * probability), track.height()
            )
            painter.setBrush(accent if index == 0 else muted)
            painter.drawRoundedRect(filled, 3, 3)
            painter.setPen(text if index == 0 else muted)
            painter.drawText(
                QRectF(track.right() + 4, y, percent_width, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                percent(probability),
            )
        if note:  # in the chart, not only in its tooltip: the user sees bars are missing
            line = QRectF(area.left(), top + len(bars) * row, area.width(), MIN_ROW)
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.setFont(
                fitted_font(
                    self.font(), NOTE_PX, lambda m: m.horizontalAdvance(note) <= line.width()
                )
            )
            painter.setPen(muted)
            elided = painter.fontMetrics().elidedText(
                note, Qt.TextElideMode.ElideRight, int(line.width())
            )
            painter.drawText(line, flags, elided)


def fitted_font(font: QFont, pixels: int, fits: Callable[[QFontMetrics], bool]) -> QFont:
    """font at pixels high, or smaller (down to MIN_CAPTION_PX) until fits(its metrics) holds:
    a long caption in a narrow panel, the note under the bars."""
    fitted = QFont(font)
    for size in range(pixels, MIN_CAPTION_PX - 1, -1):
        fitted.setPixelSize(size)
        if fits(QFontMetrics(fitted)):
            break
    return fitted


def caption_font(font: QFont, pixels: int, area: QRectF, words: str) -> QFont:
    """font at pixels high, or smaller (fitted_font) until words fit in area (widget pixels)
    with their lines as written, none broken between its words ("Maybe not a / digit")."""

    def fits(metrics: QFontMetrics) -> bool:
        needed = metrics.boundingRect(area.toRect(), Qt.AlignmentFlag.AlignLeft, words)
        return needed.width() <= area.width() and needed.height() <= area.height()

    return fitted_font(font, pixels, fits)


def caption_text(result: Recognition) -> str:
    """The line beside the big digit: how sure, or why not sure."""
    digit, probability = result.ranked[0]
    if not result.not_sure:
        return f"{percent(probability)} sure"
    if result.blob:
        return f"Drawn too small:\nmaybe {digit}"
    if result.maybe_not_a_digit:
        return f"Maybe not a digit\n({percent(result.digit_probability)} a digit)"
    return f"Not sure: maybe {digit}"


def headline(result: Recognition) -> str:
    """The reading in words, for screen readers: '7, 99.6%' or 'not sure, maybe 7, 45.0%'."""
    digit, probability = result.ranked[0]
    prefix = "not sure, maybe " if result.not_sure else ""
    return f"{prefix}{digit}, {percent(probability)}"
