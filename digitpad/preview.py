"""A small view of the 28x28 image the network is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from digitpad.painting import MUTED, draw_centred_text, set_colours

if TYPE_CHECKING:
    import numpy as np

EMPTY = "28 × 28"


class InputPreview(QWidget):
    """Shows the model input pixel for pixel, enlarged, white digit on black as MNIST."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setFixedSize(QSize(112, 112))
        self.setToolTip("What the network sees: your drawing as a 28x28 MNIST-style image")
        set_colours(self, text=MUTED, background=QColor("#000000"))  # frame, text
        self.setAutoFillBackground(True)
        self._image: QtGui.QImage | None = None

    def show_input(self, model_input: np.ndarray | None) -> None:
        if model_input is None:
            self._image = None
        else:
            import numpy as np

            pixels = np.ascontiguousarray((np.clip(model_input, 0, 1) * 255).astype(np.uint8))
            height, width = pixels.shape
            self._image = QtGui.QImage(pixels.data, width, height, width,
                                       QtGui.QImage.Format.Format_Grayscale8).copy()
        self.update()

    def has_input(self) -> bool:
        return self._image is not None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(QRect(0, 0, self.width(), self.height()), self._image)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self._image is None:
            draw_centred_text(painter, self.width(), self.height(), EMPTY)
        painter.end()
