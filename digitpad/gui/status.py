"""The window's status bar: each message cut with "…" to the room beside its labels."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QStatusBar, QWidget

TEXT_PADDING = 40  # pixels between a cut message and the labels: the bar's own margins


class StatusBar(QStatusBar):
    """A QStatusBar whose messages are cut with "…" to the room its permanent widgets leave,
    and cut again when it is resized; while a message is cut, its tooltip holds it whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self._message = ""  # the message in full
        self._until: float | None = None  # when it goes (time.monotonic(), s); None: never
        self._shown = ""  # the message as cut

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        """Qt's, remembering the widget: the room for messages is what it leaves."""
        super().addPermanentWidget(widget, stretch)
        self._permanent.append(widget)

    def say(self, message: str, timeout_ms: int = 0) -> None:
        """Show message for timeout_ms (0: until the next one), cut to the room left."""
        self._message = message
        self._until = time.monotonic() + timeout_ms / 1000 if timeout_ms else None
        self._show()

    def saying(self, message: str) -> bool:
        """Whether message (as given to say) is shown now, whole or cut."""
        return (
            self._message == message and bool(self._shown) and self.currentMessage() == self._shown
        )

    def _show(self) -> None:
        beside = [widget for widget in self._permanent if not widget.isHidden()]
        room = self.width() - sum(widget.sizeHint().width() for widget in beside)
        shown = self.fontMetrics().elidedText(
            self._message, Qt.TextElideMode.ElideRight, room - TEXT_PADDING
        )
        self.setToolTip(self._message if shown != self._message else "")
        timeout_ms = 0
        if self._until is not None:
            timeout_ms = max(1, round((self._until - time.monotonic()) * 1000))
        self.showMessage(shown, timeout_ms)
        self._shown = shown

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._shown and self.currentMessage() == self._shown:
            self._show()  # still shown: cut to the new width
