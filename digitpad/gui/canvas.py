"""The drawing canvas: records strokes from mouse, pen and touch and paints the document."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QEnterEvent,
    QFocusEvent,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.core.document import Document
from digitpad.core.ink import Ink, Point, Stroke
from digitpad.gui.colours import BOX, HALO, HINT_TEXT, INK, PAPER

if TYPE_CHECKING:
    from PIL import Image

HINT = "Draw a digit or a number here"
# Strokes longer than this (points) are thinned to what the screen can show before painting.
LONG_STROKE = 2000
# A page of more points than this is drawn without anti-aliasing: painting thousands of wide
# strokes smoothly takes seconds (a generated or scribbled-over file), plainly fifty times less.
SMOOTH_POINTS = 10_000
# A finished stroke is painted again as one path only if it is at most this many times as
# long as its box's diagonal: Qt takes tens of milliseconds to stroke a path that crosses
# itself again and again (a scribble). Digits' strokes reach 3.6 (the pen-digit writers).
SMOOTH_UP_TO = 6.0
# Behind a picture's transparent parts, squares of two greys (as image viewers show them):
# light and dark ink both show on them. The side of a square in canvas pixels.
CHECKER = 8
CHECKER_GREYS = ("#cccccc", "#999999")
# Widget pixels the pointer may move, pressed in a framed digit, and still be a click on it.
CLICK_SLOP = 3
FRAME_MARGIN = 4  # widget pixels between a digit's box and the frame drawn around it
THIN = 2  # widget pixels: a picture drawn thinner than this is drawn this thick
CLICK_WIDTH = 24  # widget pixels: a click this wide around a narrower frame picks its digit
# How often a mouse stroke checks that its button is still down: a dialog opened mid-stroke
# may take the release, and the canvas would never hear of it.
RELEASE_CHECK_MS = 250


class InkCanvas(QWidget):
    """A white sheet to draw on; shows a Document and adds each finished stroke to it.

    Coordinates of the document are canvas pixels; the sheet is letterboxed in the widget.
    """

    strokeMoved = Signal()  # a point was added to the stroke being drawn
    digitClicked = Signal(int)  # a click, the pointer not moved, in a framed digit: its index
    documentChanged = Signal()  # a stroke ended, or undo, redo, clear or open changed the drawing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setAccessibleName("Drawing canvas")
        # Said to screen readers, not in a tooltip: one would pop up over the drawing at every
        # pause of the pen, and the empty canvas says it in its hint.
        self.setAccessibleDescription("Draw a digit or a number with the mouse, a pen or a finger")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.document = Document()
        self._current: Stroke | None = None
        self._cache: QPixmap | None = None
        # The cache as it was before the live stroke, which is drawn there again as one path
        # when it ends: segments drawn one by one leave uneven anti-aliased edges at the joins.
        self._before_stroke: QPixmap | None = None
        # The page's picture as a QImage, and whether any of it is transparent.
        self._picture: tuple[Image.Image, QImage, bool] | None = None
        self._boxes: list[tuple[float, float, float, float]] = []  # digits, in page pixels
        self._selected = -1
        self._focus_shown = False  # focus came from the keyboard: a focus frame shows
        self._clicked: tuple[QPointF, int] | None = None  # pressed in a framed digit: where, which
        self._by_tablet = False  # the stroke being drawn is a tablet pen's, not the mouse's
        self._release_check = QTimer(self)
        self._release_check.setInterval(RELEASE_CHECK_MS)
        self._release_check.timeout.connect(self.end_stroke_if_released)

    # ------------------------------------------------------------------ state

    def drawing(self) -> Ink | Image.Image:
        """What the network should read now, the stroke being drawn included (Ink or image)."""
        if not self._current:
            return self.document.drawing()
        page = self.document.page
        ink = self.document.ink() if page.picture is None else Ink(page.width, page.height)
        ink.add_stroke(self._current, self._live_pen_width())
        return ink

    def newest_stroke(self) -> Stroke | None:
        """The stroke being drawn, else the page's last one (canvas pixels); None if none."""
        strokes = self.document.page.strokes
        return self._current or (strokes[-1] if strokes else None)

    def is_empty(self) -> bool:
        return self.document.is_empty and not self._current

    def is_drawing(self) -> bool:
        """Whether a stroke is being drawn (the pen is down)."""
        return bool(self._current)

    # ------------------------------------------------------------------ editing

    def clear(self) -> None:
        """Start a new, empty drawing the size of the widget (undoable)."""
        self._apply(self.document.clear, self.width(), self.height())

    def undo(self) -> None:
        self._apply(self.document.undo)

    def redo(self) -> None:
        self._apply(self.document.redo)

    def open_ink(self, ink: Ink, path: Path | None = None) -> None:
        """Show a drawing read from a file (undoable)."""
        self._apply(self.document.open_ink, ink, path)

    def reopen(self, ink: Ink, path: Path | None = None) -> None:
        """Show an unsaved drawing an app left behind, as it was (not undoable)."""
        self._apply(self.document.reopen, ink, path)

    def open_picture(self, picture: Image.Image) -> None:
        """Show an opened image, fitted to the widget (undoable)."""
        self._apply(self.document.open_picture, picture, self.width(), self.height())

    def _apply(self, change, *args) -> None:
        self._current = None
        change(*args)
        self._invalidate()
        self.documentChanged.emit()

    def set_pen_scale(self, scale: float) -> None:
        """The pen for the next strokes, as a multiple of the default; drawn strokes keep theirs."""
        self.document.set_pen_scale(scale)

    # ------------------------------------------------------------------ geometry

    def _view(self) -> tuple[float, QPointF]:
        """Scale and offset that map canvas pixels onto the widget, letterboxed."""
        page = self.document.page
        scale = min(self.width() / page.width, self.height() / page.height)
        offset = QPointF(
            (self.width() - page.width * scale) / 2, (self.height() - page.height * scale) / 2
        )
        return scale, offset

    def _to_ink(self, position: QPointF) -> Point:
        """Canvas pixels of a widget position; off the widget, beyond the room of _room (a stroke
        that leaves the sheet goes on there unseen, instead of along its edge)."""
        scale, offset = self._view()
        return ((position.x() - offset.x()) / scale, (position.y() - offset.y()) / scale)

    def _room(self) -> tuple[float, float, float, float]:
        """The whole widget in canvas pixels: a stroke drawn beside the sheet grows it to this."""
        scale, offset = self._view()
        return (
            -offset.x() / scale,
            -offset.y() / scale,
            (self.width() - offset.x()) / scale,
            (self.height() - offset.y()) / scale,
        )

    def to_widget(self, point: Point) -> QPointF:
        """Where a point in canvas pixels is shown on the widget."""
        scale, offset = self._view()
        return QPointF(point[0] * scale, point[1] * scale) + offset

    def set_boxes(self, boxes: list[tuple[float, float, float, float]], selected: int) -> None:
        """Frame each digit of a number faintly, the selected one less so; [] for none.

        Boxes are (x0, y0, x1, y1) in the page's pixels: canvas pixels, or the picture's.
        """
        self._boxes, self._selected = boxes, selected
        self.update()

    def _box_on_widget(self, box: tuple[float, float, float, float]) -> QRectF:
        page = self.document.page
        if page.picture is not None and not page.strokes:
            target = self._picture_rect()
            scale = target.width() / page.picture.width
            return QRectF(
                target.left() + box[0] * scale,
                target.top() + box[1] * scale,
                (box[2] - box[0]) * scale,
                (box[3] - box[1]) * scale,
            )
        return QRectF(self.to_widget(box[:2]), self.to_widget(box[2:]))

    def _frame_on_widget(self, box: tuple[float, float, float, float]) -> QRectF:
        """Where a digit's frame is drawn, FRAME_MARGIN widget pixels around its box, and no
        further than the widget's edges: one that reaches past them still shows its sides."""
        margin = FRAME_MARGIN
        frame = self._box_on_widget(box).adjusted(-margin, -margin, margin, margin)
        return frame.intersected(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))

    def _picture_rect(self) -> QRectF:
        page = self.document.page
        scale, offset = self._view()
        sheet = QRectF(offset.x(), offset.y(), page.width * scale, page.height * scale)
        target = QRectF(0, 0, page.picture.width, page.picture.height)
        target.setSize(target.size().scaled(sheet.size(), Qt.AspectRatioMode.KeepAspectRatio))
        target.moveCenter(sheet.center())
        return target

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._current is None:  # a first stroke keeps the sheet it is drawn on
            self.document.fit(self.width(), self.height())
        self._invalidate()
        super().resizeEvent(event)

    # ------------------------------------------------------------------ input

    def end_stroke_if_released(self) -> None:
        """End the mouse's stroke if its button is up: a window or menu that opened mid-stroke
        took the release, and the stroke would hang, unfinished and in no drawing. A click
        in a framed digit that never came back up is forgotten."""
        if QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            return
        self._clicked = None
        if self._current is not None and not self._by_tablet:
            self._end()

    def _press(self, position: QPointF) -> None:
        """Start a stroke; in a framed digit, wait: a click there picks the digit, and only a
        move draws (from where the pointer was pressed). A stroke whose release never came
        ends first."""
        self._end()
        index = self._framed_digit_at(position)
        if index is None:
            self._begin(position)
        else:
            self.setFocus()
            self._clicked = (position, index)

    def _move(self, position: QPointF) -> None:
        if self._clicked is not None:
            pressed = self._clicked[0]
            if (position - pressed).manhattanLength() < CLICK_SLOP:
                return
            self._clicked = None
            self._begin(pressed)
        self._extend(position)

    def _release(self) -> None:
        if self._clicked is not None:
            index, self._clicked = self._clicked[1], None
            self.digitClicked.emit(index)
        else:
            self._end()

    def _framed_digit_at(self, position: QPointF) -> int | None:
        """The index of the digit framed where the pointer is, if a number's are framed (on
        ink or on a picture)."""
        if len(self._boxes) < 2:
            return None
        frames = [self._frame_on_widget(box).adjusted(-1, -1, 1, 1) for box in self._boxes]
        for index, frame in enumerate(frames):
            if frame.contains(position):
                return index  # anywhere in the frame drawn, its line included
        # A narrow digit's frame (a 1's) is hard to hit: it counts as CLICK_WIDTH wide.
        for index, frame in enumerate(frames):
            grow = max(0.0, (CLICK_WIDTH - frame.width()) / 2)
            if frame.adjusted(-grow, 0, grow, 0).contains(position):
                return index
        return None

    def _begin(self, position: QPointF) -> None:
        self.setFocus()  # keys (undo, clear) act on the drawing again, not on a tool
        if self.document.page.picture is not None:
            self._invalidate()  # the stroke will start a fresh sheet over the picture
        elif self.is_empty():
            self.update()  # the hint goes as the first stroke starts
        self._current = [_clamped(self._to_ink(position), self._room())]
        if not self._by_tablet:
            self._release_check.start()
        valid = self._cache_is_valid() and self.document.page.picture is None
        self._before_stroke = self._cache.copy() if valid else None
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
        self._release_check.stop()
        if self._current is None:
            return
        stroke, self._current = self._current, None
        over_picture = self.document.page.picture is not None
        size = (self.document.page.width, self.document.page.height)
        self.document.add_stroke(stroke, self._room())
        if over_picture or size != (self.document.page.width, self.document.page.height):
            self._invalidate()
        elif self._before_stroke is not None and self._cache_is_valid() and _plain(stroke):
            self._cache, self._before_stroke = self._before_stroke, None
            painter = self._page_painter(self._cache, sheet_only=True)
            self._draw_stroke(painter, stroke, self._live_pen_width())
            painter.end()
            xs, ys = [x for x, _ in stroke], [y for _, y in stroke]
            self._update_around((min(xs), min(ys)), (max(xs), max(ys)))
        self._before_stroke = None
        self.documentChanged.emit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        keyboard = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        self._focus_shown = event.reason() in keyboard
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._focus_shown = False
        self.update()
        super().focusOutEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self.end_stroke_if_released()  # back from a menu or window opened mid-stroke
        super().enterEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._focus_shown:
            self._focus_shown = False
            self.update()
        if event.button() == Qt.MouseButton.LeftButton:
            self._by_tablet = False
            self._press(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._move(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._release()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Taking tablet events directly (and accepting, so Qt synthesises no mouse event)
        # keeps their sub-pixel positions.
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._by_tablet = True
            self._press(event.position())
        elif kind == QTabletEvent.Type.TabletMove and event.buttons():
            self._move(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._release()
        event.accept()

    # ------------------------------------------------------------------ painting

    def _live_pen_width(self) -> float:
        """The diameter of the pen drawing the live stroke, in canvas pixels."""
        return self.document.page.pen_width or 1.0

    def _page_painter(self, target: QPixmap, sheet_only: bool = False) -> QPainter:
        """A painter on target that draws in canvas pixels, anti-aliased; with sheet_only,
        only on the sheet (a finished stroke's points off it are in no one's view)."""
        painter = QPainter(target)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale, offset = self._view()
        painter.translate(offset)
        painter.scale(scale, scale)
        if sheet_only:
            page = self.document.page
            painter.setClipRect(QRectF(0, 0, page.width, page.height))
        return painter

    def _draw_stroke(self, painter: QPainter, stroke: Stroke, width: float) -> None:
        """One stroke as one path, round caps and joins, a pen width in canvas pixels."""
        pen = QPen(INK, max(1.0, width))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        if len(stroke) == 1:
            painter.drawPoint(QPointF(*stroke[0]))
            return
        if len(stroke) > LONG_STROKE:
            stroke = _thinned(stroke, 0.5 / self._view()[0])
        path = QPainterPath(QPointF(*stroke[0]))
        for x, y in stroke[1:]:
            path.lineTo(x, y)
        painter.drawPath(path)

    def _invalidate(self) -> None:
        self._cache = self._before_stroke = None
        self.update()

    def _update_around(self, a: Point, b: Point) -> None:
        scale, _ = self._view()
        pad = self._live_pen_width() * scale + 2
        rect = QRectF(self.to_widget(a), self.to_widget(b)).normalized()
        self.update(rect.adjusted(-pad, -pad, pad, pad).toAlignedRect())

    def _cache_is_valid(self) -> bool:
        return (
            self._cache is not None and self._cache.size() == self.size() * self.devicePixelRatioF()
        )

    def _paint_segment(self, a: Point, b: Point) -> None:
        """Add one piece of the live stroke to the cache, so a move costs the same at any length."""
        if not self._cache_is_valid():
            self._cache, self._before_stroke = self._render_cache(), None
            return self.update()
        painter = self._page_painter(self._cache)
        self._draw_stroke(painter, [a, b], self._live_pen_width())  # round caps join them
        painter.end()
        self._update_around(a, b)

    def _render_cache(self) -> QPixmap:
        """The whole page, drawn once; moves then add to it segment by segment."""
        ratio = self.devicePixelRatioF()
        cache = QPixmap(self.size() * ratio)
        cache.setDevicePixelRatio(ratio)
        cache.fill(self.palette().color(QPalette.ColorRole.Window))
        page = self.document.page
        scale, offset = self._view()
        sheet = QRectF(offset.x(), offset.y(), page.width * scale, page.height * scale)
        painter = QPainter(cache)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(sheet, PAPER)
        if page.picture is not None and not self._current:
            image, transparent = self._qimage(page.picture)
            shown = self._picture_rect()
            if min(shown.width(), shown.height()) < THIN:
                # A picture this thin here (10000 x 10) is drawn THIN pixels thick from a copy
                # averaged to that size: drawn as it is, its rows of ink fell between pixels.
                size = QSize(max(THIN, round(shown.width())), max(THIN, round(shown.height())))
                centre = shown.center()
                shown = QRectF(0, 0, size.width(), size.height())
                shown.moveCenter(centre)
                image = image.scaled(
                    size,
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            if transparent:
                painter.fillRect(shown, checkerboard())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(shown, image)
        painter.end()
        drawn = [] if page.picture is not None and self._current else zip(page.strokes, page.widths)
        painter = self._page_painter(cache, sheet_only=True)
        if sum(map(len, page.strokes)) > SMOOTH_POINTS:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for stroke, width in drawn:
            self._draw_stroke(painter, stroke, width)
        if self._current:
            painter.setClipping(False)  # the live stroke may be beside the sheet, growing it
            self._draw_stroke(painter, self._current, self._live_pen_width())
        painter.end()
        return cache

    def _qimage(self, picture: Image.Image) -> tuple[QImage, bool]:
        """The picture as a QImage, and whether any of it is transparent; made once."""
        if self._picture is None or self._picture[0] is not picture:
            self._picture = (picture, *to_qimage(picture))
        return self._picture[1], self._picture[2]

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._cache_is_valid():
            self._cache = self._render_cache()
        painter = QPainter(self)
        painter.drawPixmap(self.rect(), self._cache)
        if self._boxes:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            on_picture = self.document.page.picture is not None
            for index, box in enumerate(self._boxes):
                width = 2.0 if index == self._selected else 1.0
                colour = QColor(BOX)
                colour.setAlpha(200 if index == self._selected else 70)
                pens = [QPen(colour, width)]
                if on_picture:  # on a photo's dark parts a faint blue frame is lost
                    pens.insert(0, QPen(HALO, width + 2.0))
                for pen in pens:
                    painter.setPen(pen)
                    painter.drawRoundedRect(self._frame_on_widget(box), 4, 4)
        if self.is_empty():
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.setPen(HINT_TEXT)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, HINT)
        if self._focus_shown and self.hasFocus():  # a frame in the scheme's highlight colour
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()


def _plain(stroke: Stroke) -> bool:
    """Whether a stroke is no longer than SMOOTH_UP_TO times its box's diagonal."""
    xs, ys = [x for x, _ in stroke], [y for _, y in stroke]
    diagonal = math.hypot(max(xs) - min(xs), max(ys) - min(ys))
    length = sum(math.dist(a, b) for a, b in itertools.pairwise(stroke))
    return length <= SMOOTH_UP_TO * max(diagonal, 1.0)


def _thinned(stroke: Stroke, tolerance: float) -> Stroke:
    """A long stroke without the points in the same tolerance-sized cell (canvas pixels) as
    the point before them: half a screen pixel apart, they add time but nothing to see."""
    # Imported here: long strokes come from files, opened well after the first frame.
    import numpy as np

    from digitpad.core.render import drop_close_points

    return drop_close_points(np.asarray(stroke, dtype=np.float64), tolerance).tolist()


def to_qimage(image: Image.Image) -> tuple[QImage, bool]:
    """A PIL image of any mode as a QImage (a copy, RGBA), and whether any of it is
    transparent."""
    from digitpad.core.picture import to_grey

    rgba = (to_grey(image) if image.mode in ("I", "F") else image).convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    qimage = QImage(data, rgba.width, rgba.height, 4 * rgba.width, QImage.Format.Format_RGBA8888)
    return qimage.copy(), rgba.getchannel("A").getextrema()[0] < 255


def checkerboard() -> QBrush:
    """A brush of CHECKER-pixel squares in CHECKER_GREYS, to paint behind transparent parts."""
    tile = QPixmap(2 * CHECKER, 2 * CHECKER)
    tile.fill(QColor(CHECKER_GREYS[0]))
    painter = QPainter(tile)
    for corner in (0, CHECKER):
        painter.fillRect(corner, corner, CHECKER, CHECKER, QColor(CHECKER_GREYS[1]))
    painter.end()
    return QBrush(tile)


def _clamped(point: Point, room: tuple[float, float, float, float]) -> Point:
    """The point moved into the room (x0, y0, x1, y1) along each axis."""
    x0, y0, x1, y1 = room
    return (min(max(point[0], x0), x1), min(max(point[1], y0), y1))
