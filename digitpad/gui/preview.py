"""A small view of the 28x28 image the network is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from digitpad.gui import colours

if TYPE_CHECKING:
    import numpy as np

EMPTY = "28 × 28"
SIDE = 112  # 4 screen pixels to an input pixel
SMALLEST_SIDE = 56  # where the screen is too short for the whole panel (two charts at 200%)
LARGEST_SIDE = 224  # where a large window has room for it


class InputPreview(QWidget):
    """Shows the model input pixel for pixel, enlarged, white digit on black as MNIST."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setAccessibleName("What the network sees")
        self.setFixedSize(QSize(SIDE, SIDE))
        self.setToolTip("What the network sees: your drawing as a 28x28 MNIST-style image")
        self._image: QImage | None = None
        self.show_input(None)

    def set_side(self, side: int) -> None:
        """Show the input this many pixels a side (SMALLEST_SIDE to LARGEST_SIDE)."""
        self.setFixedSize(QSize(side, side))

    def show_input(self, model_input: np.ndarray | None) -> None:
        """Show a (28, 28) float array in 0-1, or nothing (None)."""
        if model_input is None:
            self._image = None
            self.setAccessibleDescription("Empty")
        else:
            self.setAccessibleDescription("The drawing as the network sees it")
            height, width = model_input.shape
            pixels = (model_input.clip(0, 1) * 255).astype("uint8").tobytes()
            self._image = QImage(
                pixels, width, height, width, QImage.Format.Format_Grayscale8
            ).copy()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("black"))
        if self._image is not None:
            painter.drawImage(self.rect(), self._image)
        painter.setPen(colours.muted(self))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self._image is None:
            painter.setPen(QColor("#9aa0aa"))  # on the black square, in either scheme
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, EMPTY)
        painter.end()
