"""The app's few fixed colours; everything else comes from the palette (light or dark)."""

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

PAPER = QColor("#ffffff")  # the sheet is paper in both schemes, as the network sees it
INK = QColor("#1d1f24")
HINT_TEXT = QColor("#6b7280")  # on the paper: 4.8:1 against white
ERROR_LIGHT, ERROR_DARK = QColor("#b3261e"), QColor("#ff8a80")
UNSURE_LIGHT, UNSURE_DARK = QColor("#9a5b00"), QColor("#ffb74d")


def is_dark(widget: QWidget) -> bool:
    """Whether the widget's palette is a dark one (light text on a dark window)."""
    palette = widget.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def muted(widget: QWidget) -> QColor:
    """Secondary text: captions, messages, the runners-up; readable in both schemes."""
    text = widget.palette().color(QPalette.ColorRole.WindowText)
    window = widget.palette().color(QPalette.ColorRole.Window)
    # Two thirds of the way from the window towards the text keeps WCAG AA contrast.
    return QColor(
        *(round(w + (t - w) * 0.72) for t, w in zip(text.getRgb()[:3], window.getRgb()[:3]))
    )


def error(widget: QWidget) -> QColor:
    return ERROR_DARK if is_dark(widget) else ERROR_LIGHT


def unsure(widget: QWidget) -> QColor:
    return UNSURE_DARK if is_dark(widget) else UNSURE_LIGHT
