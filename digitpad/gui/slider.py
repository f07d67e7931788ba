"""A slider that shows that it has the keyboard focus, however it got it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSlider, QStyleOptionSlider

from digitpad.gui import colours

RING = 2  # pixels: the focus ring's width, as the canvas's focus frame


class FocusSlider(QSlider):
    """A QSlider ringed in the highlight colour while it has the keyboard focus.

    Styles show a slider's focus only when Tab gave it, and faintly (Fusion: a one-pixel
    outline); a click that gives it the arrow keys would leave no sign of where they go.
    """

    def initStyleOption(self, option: QStyleOptionSlider) -> None:
        """The style's option, the groove and handle inset by RING: room for the ring (clicks
        and drags are measured from the same option)."""
        super().initStyleOption(option)
        option.rect = option.rect.adjusted(RING, RING, -RING, -RING)
        if colours.is_dark(self):
            # Fusion draws the handle in the button colour, which a dark palette makes nearly
            # the window's: lighten it to stand out (WCAG's 3:1 for graphics), as light ones do.
            palette = QPalette(option.palette)
            window = palette.color(QPalette.ColorRole.Window)
            button = colours.distinct(palette.color(QPalette.ColorRole.Button), window)
            palette.setColor(QPalette.ColorRole.Button, button)
            option.palette = palette

    def sizeHint(self) -> QSize:
        """The style's size, with the ring around it."""
        return super().sizeHint() + QSize(2 * RING, 2 * RING)

    def minimumSizeHint(self) -> QSize:
        """The style's least size, with the ring around it."""
        return super().minimumSizeHint() + QSize(2 * RING, 2 * RING)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.hasFocus():
            return
        palette = self.palette()
        # Distinct from the window by WCAG's 3:1 for graphics, in a light or a dark scheme.
        colour = colours.distinct(
            palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Window)
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, RING))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 4, 4)
        painter.end()
