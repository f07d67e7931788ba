"""Bar chart of the top-k digit probabilities, with loading, empty and not-sure states."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from digitpad.format import percent
from digitpad.painting import MUTED, set_colours

if TYPE_CHECKING:  # the model service (and numpy) load after the window is up
    from digitpad.model import Recognition

WINNER = QColor("#2f6fde")
UNSURE = QColor("#d08a1e")
BAR = QColor("#b9c0cc")
TRACK = QColor("#eef0f3")
TEXT = QColor("#1d1f24")
ERROR = QColor("#c0392b")
MARGIN = 12
# `QtCore.Qt` is named only in code that runs after the first frame: see digitpad.app.


class ProbabilityChart(QWidget):
    """Shows what the network reads; a dumb view driven by its slots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(220)
        self._top_k = 5
        self._recognition: Recognition | None = None
        # Messages are a label, so the first frame paints nothing that names a Qt enum; its
        # enum properties are set by name.
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setProperty("alignment", "AlignCenter")
        self._label.setProperty("textFormat", "PlainText")
        self._message_is_error = False
        self.show_loading()

    def sizeHint(self) -> QSize:
        return QSize(260, 360)

    # ------------------------------------------------------------------ slots

    def set_top_k(self, k: int) -> None:
        self._top_k = max(1, min(10, int(k)))
        self.update()

    def top_k(self) -> int:
        return self._top_k

    def show_recognition(self, recognition: Recognition) -> None:
        self._recognition = recognition
        self._label.hide()
        self.update()

    def show_empty(self) -> None:
        self._show_message("Draw a digit to see what the network reads.")

    def show_loading(self) -> None:
        self._show_message("Loading the model…")

    def show_error(self, message: str) -> None:
        self._show_message(message, error=True)

    def _show_message(self, message: str, error: bool = False) -> None:
        self._recognition = None
        self._message_is_error = error
        set_colours(self._label, text=ERROR if error else MUTED)
        self._label.setText(message)
        if self._label.isHidden():
            self._label.show()
        self.update()

    # ------------------------------------------------------------------ read-outs for tests

    def state(self) -> str:
        if self._recognition is None:
            return "error" if self._message_is_error else "message"
        return "not sure" if self._recognition.not_sure else "result"

    def message(self) -> str:
        return "" if self._recognition is not None else self._label.text()

    def bars(self) -> list[tuple[int, float]]:
        return [] if self._recognition is None else self._recognition.top(self._top_k)

    # ------------------------------------------------------------------ painting

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._label.setGeometry(self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._recognition is None:
            return  # the label shows the message
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        self._paint_recognition(painter, area, self._recognition)
        painter.end()

    def _paint_recognition(self, painter: QPainter, area: QRectF, result: Recognition) -> None:
        Qt = QtCore.Qt  # named only here, after the first frame
        best_digit, best_p = result.ranked[0]
        accent = UNSURE if result.not_sure else WINNER
        headline = QFont(self.font())
        headline.setPixelSize(max(28, min(72, int(area.height() * 0.16))))
        headline.setBold(True)
        painter.setFont(headline)
        painter.setPen(accent)
        head_height = headline.pixelSize() * 1.25
        head = QRectF(area.left(), area.top(), area.width(), head_height)
        painter.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         "?" if result.not_sure else str(best_digit))
        caption = QFont(self.font())
        caption.setPixelSize(max(12, headline.pixelSize() // 3))
        painter.setFont(caption)
        painter.setPen(accent if result.not_sure else MUTED)
        text = (f"Not sure — maybe {best_digit}" if result.not_sure
                else f"{best_p:.0%} sure")
        painter.drawText(head, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)

        bars = result.top(self._top_k)
        top = head.bottom() + 10
        row = min(44.0, (area.bottom() - top) / max(1, len(bars)))
        label_font = QFont(self.font())
        label_font.setPixelSize(max(11, int(row * 0.45)))
        painter.setFont(label_font)
        label_width = row * 0.9
        percent_width = label_font.pixelSize() * 3.6
        for index, (digit, probability) in enumerate(bars):
            y = top + index * row
            bar_height = row * 0.6
            label = QRectF(area.left(), y, label_width, row)
            track = QRectF(label.right() + 6, y + (row - bar_height) / 2,
                           area.width() - label_width - percent_width - 12, bar_height)
            winner = index == 0
            painter.setPen(TEXT)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(digit))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK)
            painter.drawRoundedRect(track, 3, 3)
            filled = QRectF(track.left(), track.top(),
                            max(2.0, track.width() * probability), track.height())
            painter.setBrush(accent if winner else BAR)
            painter.drawRoundedRect(filled, 3, 3)
            painter.setPen(TEXT if winner else MUTED)
            painter.drawText(QRectF(track.right() + 6, y, percent_width, row),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             percent(probability))
