"""Colours and centred text without naming a Qt enum, for what the first frame paints.

See digitpad.app for why the first frame avoids them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QWidget

# The grey of secondary text: captions, chart messages, the preview's frame.
MUTED = QColor("#6b7280")


def set_colours(widget: QWidget, text: QColor | None = None,
                background: QColor | None = None) -> None:
    """Palette colours: text is also a QPainter's first pen; background shows if auto-filled."""
    palette = widget.palette()
    if text is not None:
        palette.setColor(QPalette.ColorRole.WindowText, text)
    if background is not None:
        palette.setColor(QPalette.ColorRole.Window, background)
    widget.setPalette(palette)


def draw_centred_text(painter: QPainter, width: float, height: float, text: str) -> None:
    """One line of text centred in (0, 0, width, height), in the painter's pen and font.

    Centred by hand: QPainter's aligned drawText takes Qt.AlignmentFlag.
    """
    metrics = QFontMetricsF(painter.font())
    painter.drawText(QPointF((width - metrics.horizontalAdvance(text)) / 2,
                             (height + metrics.ascent() - metrics.descent()) / 2), text)
