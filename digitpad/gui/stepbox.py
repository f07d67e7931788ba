"""A spin box whose arrows, clicked, step its value without taking the keys from the drawing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QMouseEvent
from PySide6.QtWidgets import QSpinBox


class StepBox(QSpinBox):
    """A QSpinBox that says when a click on its arrows gave it the keyboard focus (stepped),
    for the window to give the keys back: digits, Delete and Ctrl+Z typed next belong to the
    drawing. A click in its number, or Tab, gives it the keys as any spin box."""

    stepped = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._clicked_in = False  # the focus came with the click being made

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._clicked_in = event.reason() == Qt.FocusReason.MouseFocusReason
        super().focusInEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # Its number is a child line edit that takes its own clicks: a click that reaches the
        # spin box itself is on the arrows (or the frame around them).
        super().mouseReleaseEvent(event)
        if self._clicked_in:
            self.stepped.emit()
        self._clicked_in = False
