"""The drawing canvas: records strokes from mouse, pen and touch and paints them smoothly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.ink import Ink, Point, Stroke, default_pen_width
from digitpad.painting import draw_centred_text, set_colours

if TYPE_CHECKING:
    from PySide6.QtGui import QImage  # in annotations only: built when a picture is opened

PAPER = QColor("#ffffff")
MARGIN_COLOUR = QColor("#e9ebef")
INK_COLOUR = QColor("#1d1f24")
HINT_COLOUR = QColor("#9aa0aa")
HINT = "Draw a digit here"
# `QtCore.Qt` is named only in code that runs after the first frame: see digitpad.app.


class InkCanvas(QWidget):
    """A white sheet to draw on; keeps the drawing as vector ink with per-stroke undo."""

    strokeMoved = Signal()   # a point was added to the stroke being drawn
    inkChanged = Signal()    # a stroke ended, or undo, redo, clear or load changed the ink

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        set_colours(self, text=HINT_COLOUR)  # for the hint
        self._ink = Ink(360, 360)
        self._pen_scale = 1.0
        self._current: Stroke | None = None
        # Snapshots of (width, height, strokes): clearing re-fits the canvas size.
        self._undo: list[tuple[int, int, list[Stroke]]] = []
        self._redo: list[tuple[int, int, list[Stroke]]] = []
        self._picture: QImage | None = None
        self._cache: QPixmap | None = None
        self.modified = False

    # ------------------------------------------------------------------ state

    def ink(self) -> Ink:
        """A snapshot of the drawing, safe to hand to another thread."""
        strokes = [list(s) for s in self._ink.strokes]
        if self._current:
            strokes.append(list(self._current))
        return Ink(self._ink.width, self._ink.height, strokes, self._ink.effective_pen_width())

    def picture(self) -> QImage | None:
        return self._picture

    def has_ink(self) -> bool:
        return not self._ink.is_empty or bool(self._current)

    def is_empty(self) -> bool:
        return self._picture is None and self._ink.is_empty and not self._current

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def pen_scale(self) -> float:
        return self._pen_scale

    # ------------------------------------------------------------------ slots

    def set_drawing_cursor(self) -> None:
        """The cross-hair; set once the window is up, as it names a Qt enum (see digitpad.app)."""
        self.setCursor(QtCore.Qt.CursorShape.CrossCursor)

    def set_pen_scale(self, scale: float) -> None:
        """Pen width as a multiple of the default for this canvas size."""
        self._pen_scale = scale
        self._ink.pen_width = scale * default_pen_width(self._ink.width, self._ink.height)
        self._invalidate()
        if not self._ink.is_empty:
            self.inkChanged.emit()

    def clear(self) -> None:
        if self.is_empty():
            return
        self._push_undo()
        self._ink.strokes = []
        self._picture = None
        self._current = None
        self._fit_ink_to_widget()
        self._changed()

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._snapshot())
            self._restore(self._undo.pop())

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._snapshot())
            self._restore(self._redo.pop())

    def _snapshot(self) -> tuple[int, int, list[Stroke]]:
        return self._ink.width, self._ink.height, self._ink.strokes

    def _restore(self, snapshot: tuple[int, int, list[Stroke]]) -> None:
        width, height, self._ink.strokes = snapshot
        if (width, height) != (self._ink.width, self._ink.height):
            self._ink.width, self._ink.height = width, height
            self._ink.pen_width = self._pen_scale * default_pen_width(width, height)
        self._changed()

    def set_ink(self, ink: Ink) -> None:
        """Show a drawing loaded from a file; it starts a fresh undo history."""
        self._ink = ink.copy()
        if self._ink.pen_width is None:
            self._ink.pen_width = default_pen_width(ink.width, ink.height) * self._pen_scale
        self._picture = None
        self._current = None
        self._undo.clear()
        self._redo.clear()
        self._changed()
        self.modified = False

    def set_picture(self, picture: QImage) -> None:
        """Show an opened image file in place of the drawing."""
        self._ink.strokes = []
        self._current = None
        self._undo.clear()
        self._redo.clear()
        self._picture = picture
        self._fit_ink_to_widget()
        self._changed()
        self.modified = False

    def _push_undo(self) -> None:
        self._undo.append(self._snapshot())
        self._redo.clear()

    def _changed(self) -> None:
        self.modified = True
        self._invalidate()
        self.inkChanged.emit()

    # ------------------------------------------------------------------ geometry

    def _view(self) -> tuple[float, QPointF]:
        """Scale and offset that map ink coordinates onto the widget, letterboxed."""
        scale = min(self.width() / self._ink.width, self.height() / self._ink.height)
        offset = QPointF((self.width() - self._ink.width * scale) / 2,
                         (self.height() - self._ink.height * scale) / 2)
        return scale, offset

    def _to_ink(self, position: QPointF) -> Point:
        scale, offset = self._view()
        return ((position.x() - offset.x()) / scale, (position.y() - offset.y()) / scale)

    def _fit_ink_to_widget(self) -> None:
        if self._ink.is_empty and self.width() > 0 and self.height() > 0:
            self._ink.width, self._ink.height = self.width(), self.height()
            self._ink.pen_width = self._pen_scale * default_pen_width(self.width(), self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_ink_to_widget()
        self._invalidate()
        super().resizeEvent(event)

    # ------------------------------------------------------------------ input

    def _begin(self, position: QPointF) -> None:
        if self._picture is not None:
            self._picture = None  # drawing starts a fresh sheet over an opened image
            self._ink.strokes = []
            self._fit_ink_to_widget()
            self._invalidate()
        self._current = [self._to_ink(position)]
        self._paint_segment(self._current[-1], self._current[-1])
        self.strokeMoved.emit()

    def _extend(self, position: QPointF) -> None:
        if self._current is None:
            return
        point = self._to_ink(position)
        last = self._current[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) < 0.5:
            return  # sub-pixel jitter adds points but no ink
        self._current.append(point)
        self._paint_segment(last, point)
        self.strokeMoved.emit()

    def _end(self) -> None:
        if self._current is None:
            return
        self._push_undo()
        self._ink.strokes = [*self._ink.strokes, self._current]
        self._current = None
        self.modified = True  # the stroke is already painted on the cache: no repaint
        self.inkChanged.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & QtCore.Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Tablets report sub-pixel positions at a high rate; taking them directly (and
        # accepting, so Qt synthesises no mouse event) keeps strokes smooth.
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove and event.buttons():
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    # ------------------------------------------------------------------ painting

    def _pen(self, scale: float) -> QPen:
        pen = QPen(INK_COLOUR, max(1.0, self._ink.effective_pen_width() * scale))
        pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
        return pen

    def _paint_stroke(self, painter: QPainter, stroke: Stroke) -> None:
        if len(stroke) == 1:
            painter.drawPoint(QPointF(*stroke[0]))
            return
        path = QPainterPath(QPointF(*stroke[0]))
        for x, y in stroke[1:]:
            path.lineTo(x, y)
        painter.drawPath(path)

    def _invalidate(self) -> None:
        self._cache = None
        self.update()

    def _update_around(self, a: Point, b: Point) -> None:
        scale, offset = self._view()
        pad = self._ink.effective_pen_width() * scale + 2
        rect = QRectF(QPointF(min(a[0], b[0]) * scale, min(a[1], b[1]) * scale),
                      QPointF(max(a[0], b[0]) * scale, max(a[1], b[1]) * scale))
        self.update(rect.translated(offset).adjusted(-pad, -pad, pad, pad).toAlignedRect())

    def _cache_is_valid(self) -> bool:
        return (self._cache is not None
                and self._cache.size() == self.size() * self.devicePixelRatioF())

    def _paint_segment(self, a: Point, b: Point) -> None:
        """Add one piece of the live stroke to the cache, so a move costs the same at any length."""
        if not self._cache_is_valid():
            self._cache = self._render_cache()
        else:
            painter = QPainter(self._cache)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            scale, offset = self._view()
            painter.translate(offset)
            painter.scale(scale, scale)
            painter.setPen(self._pen(1.0))
            # Round caps on every segment make the joins round too.
            painter.drawLine(QPointF(*a), QPointF(*b))
            painter.end()
        self._update_around(a, b)

    def _render_cache(self) -> QPixmap:
        """All strokes, drawn once; moves then add to it segment by segment."""
        ratio = self.devicePixelRatioF()
        cache = QPixmap(self.size() * ratio)
        cache.setDevicePixelRatio(ratio)
        scale, offset = self._view()
        sheet = QRectF(offset.x(), offset.y(), self._ink.width * scale, self._ink.height * scale)
        # The first frame's sheet fills the widget, and filling a pixmap names no Qt enum.
        sheet_fills_widget = sheet.contains(QRectF(self.rect()))
        cache.fill(PAPER if sheet_fills_widget else MARGIN_COLOUR)
        painter = QPainter(cache)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not sheet_fills_widget:
            painter.fillRect(sheet, PAPER)
        if self._picture is not None:
            fitted = self._picture.size().scaled(sheet.size().toSize(),
                                                 QtCore.Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(0, 0, fitted.width(), fitted.height())
            target.moveCenter(sheet.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self._picture)
        if self.has_ink():  # a pen names Qt enums: not on the first frame
            painter.translate(offset)
            painter.scale(scale, scale)
            painter.setPen(self._pen(1.0))
            for stroke in self._ink.strokes:
                self._paint_stroke(painter, stroke)
            if self._current:
                self._paint_stroke(painter, self._current)
        painter.end()
        return cache

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._cache_is_valid():
            self._cache = self._render_cache()
        painter = QPainter(self)
        area = event.rect()
        painter.drawPixmap(QRectF(area), self._cache, _device_rect(area, self._cache))
        if self.is_empty():
            self._paint_hint(painter)
        painter.end()

    def _paint_hint(self, painter: QPainter) -> None:
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        painter.setFont(font)
        draw_centred_text(painter, self.width(), self.height(), HINT)  # in the palette's colour


def _device_rect(rect, pixmap: QPixmap) -> QRectF:
    ratio = pixmap.devicePixelRatio()
    return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio)
