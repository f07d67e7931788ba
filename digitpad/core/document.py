"""The drawing being edited, without Qt: ink or an opened picture, with undo and redo."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad.core.ink import DECIMALS, Ink, Stroke, default_pen_width, rounded

if TYPE_CHECKING:
    from PIL import Image

Box = tuple[float, float, float, float]

# A larger window gives a larger sheet, not a thicker pen: the pen for new strokes is that of a
# sheet at most PEN_SHEET_SIDE canvas pixels on each side (about the default window's canvas),
# so that digits written the usual size in a maximised window are no blobs.
PEN_SHEET_SIDE = 480


@dataclass(frozen=True)
class Page:
    """One state of the drawing: a canvas of width x height pixels, its strokes, a picture.

    picture is an opened image shown under the strokes (None for a plain sheet); widths are
    the strokes' pen diameters in canvas pixels, one per stroke, and pen_width the diameter
    of the pen that draws the next stroke.
    """

    width: int
    height: int
    strokes: tuple[Stroke, ...] = ()
    pen_width: float | None = None
    picture: Image.Image | None = None
    widths: tuple[float, ...] = ()

    def ink(self) -> Ink:
        """The strokes as Ink: one pen_width when all strokes share a pen, else widths."""
        strokes = [list(s) for s in self.strokes]
        if len(set(self.widths)) > 1:
            return Ink(self.width, self.height, strokes, self.pen_width, list(self.widths))
        pen = self.widths[0] if self.widths else self.pen_width
        return Ink(self.width, self.height, strokes, pen)


@dataclass(frozen=True)
class _Step:
    """One undo or redo step: a page, the file it belonged to with its content then, and the
    drawing it is a state of (a number that each open and clear renews)."""

    page: Page
    path: Path | None
    saved: Page | None
    drawing: int


class Document:
    """The drawing, its undo history, the file it came from, and whether it is saved.

    Every change (a stroke, clear, open) is one undo step; a new change drops the redo steps.
    Undoing back past an open or a clear brings back the file the drawing belonged to; the
    steps of a drawing saved under a new name belong to that file.
    """

    def __init__(self, width: int = 360, height: int = 360, pen_scale: float = 1.0) -> None:
        self.pen_scale = pen_scale
        self.page = self._blank(width, height)
        self.path: Path | None = None  # the ink file that Save writes to
        self._saved: Page | None = self.page  # the drawing as last opened or saved
        self._given_up: Page | None = None  # an unsaved drawing the user chose to discard
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._drawings = itertools.count()
        self._drawing = next(self._drawings)  # which drawing the page is a state of

    @property
    def modified(self) -> bool:
        """Whether the drawing differs from the one last opened or saved (undo may undo it)."""
        return not _same_drawing(self.page, self._saved)

    @modified.setter
    def modified(self, value: bool) -> None:
        self._saved = None if value else self.page

    def forget_unsaved(self) -> None:
        """Treat the drawing as saved and drop the undo and redo steps: nothing is unsaved,
        not even a drawing just cleared away (for closing without asking)."""
        self.modified = False
        self._undo.clear()
        self._redo.clear()

    def forget_redo(self) -> None:
        """Drop the changes Redo would put back: something else was done since (a correction
        taught from the drawing), and they would land on top of it."""
        self._redo.clear()

    @property
    def cleared_unsaved(self) -> bool:
        """Whether the sheet is blank because an unsaved drawing was just cleared away: it is
        one undo back, and lost if the app closes now. Not when the blank sheet is a file
        of no strokes opened in its place: the user gave that drawing up to open it."""
        if self.has_ink or self.page.picture is not None or self.path is not None or not self._undo:
            return False
        before = self._undo[-1].page
        return (
            any(before.strokes)
            and not _same_drawing(before, self._saved)
            and not _same_drawing(before, self._given_up)
        )

    def give_up_cleared(self) -> None:
        """The unsaved drawing just cleared away was given up (File ▸ New, Discard): it is no
        longer cleared_unsaved, though Undo still brings it back, unsaved again (and cleared
        again by Redo, still given up; once drawn on, it is another drawing)."""
        if self.cleared_unsaved:
            self._given_up = self._undo[-1].page

    def cleared(self) -> tuple[Ink, Path | None] | None:
        """The unsaved drawing just cleared away (see cleared_unsaved), with the file it
        belonged to, or None."""
        if not self.cleared_unsaved:
            return None
        before = self._undo[-1]
        return before.page.ink(), before.path

    # ------------------------------------------------------------------ reading

    @property
    def has_ink(self) -> bool:
        return any(self.page.strokes)

    @property
    def is_empty(self) -> bool:
        return not self.has_ink and self.page.picture is None

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def drawing_id(self) -> int:
        """Which drawing the page is a state of: each open and clear starts another, and Undo
        or Redo across one brings back the id of the drawing it returns to."""
        return self._drawing

    @property
    def undo_depth(self) -> int:
        """How many changes Undo can take back: Undo lowers it by one, Redo raises it."""
        return len(self._undo)

    def ink(self) -> Ink:
        """A copy of the strokes as Ink, safe to hand to another thread or process."""
        return self.page.ink()

    def drawing(self) -> Ink | Image.Image:
        """What the network should read: the picture while no stroke is drawn over it."""
        if self.page.picture is not None and not self.has_ink:
            return self.page.picture
        return self.ink()

    # ------------------------------------------------------------------ editing

    def add_stroke(self, stroke: Stroke, room: Box | None = None) -> None:
        """Add a finished stroke (canvas pixels); drawn over a picture, it starts a new sheet.

        room: (x0, y0, x1, y1) in canvas pixels, what the sheet may grow to (the whole view). A
        stroke that leaves the sheet makes it that big, and bigger where the pen's half width
        reaches past the room, every stroke moved by the sheet's new top left, so that nothing
        drawn beside the sheet is lost.
        """
        # Kept as an ink file keeps it, so that a drawing saved and opened reads the same.
        stroke = rounded(stroke)
        pen = self.page.pen_width or default_pen_width(self.page.width, self.page.height)
        pen = round(pen, DECIMALS)
        if self.page.picture is not None:
            page = replace(self.page, strokes=(stroke,), widths=(pen,), picture=None)
        else:
            strokes, widths = (*self.page.strokes, stroke), (*self.page.widths, pen)
            page = replace(self.page, strokes=strokes, widths=widths)
        off = any(not (0 <= x <= page.width and 0 <= y <= page.height) for x, y in stroke)
        if room is not None and off:
            x0, y0, x1, y1 = _with_pen(room, stroke, pen / 2)
            dx, dy = -min(x0, 0.0), -min(y0, 0.0)
            page = replace(
                page,
                width=math.ceil(max(x1, page.width) + dx),
                height=math.ceil(max(y1, page.height) + dy),
                strokes=tuple(rounded([(x + dx, y + dy) for x, y in s]) for s in page.strokes),
            )
        self._change(page)

    def clear(self, width: int | None = None, height: int | None = None) -> None:
        """Start a new, empty drawing, optionally of a new size; undoable.

        The new drawing has no file yet: Save asks where to put it (even after an opened file
        of no strokes, which Save would write over unasked).
        """
        if self.is_empty and self.path is None:
            return
        width, height = width or self.page.width, height or self.page.height
        self._change(self._blank(width, height))
        self.path, self._drawing = None, next(self._drawings)

    def open_ink(self, ink: Ink, path: Path | None = None) -> None:
        """Show a drawing read from a file (undoable); Save then writes back to path."""
        drawn = [(list(s), w) for s, w in zip(ink.strokes, ink.stroke_widths()) if s]
        page = Page(
            ink.width,
            ink.height,
            tuple(s for s, _ in drawn),
            self._next_pen(ink.width, ink.height),
            widths=tuple(w for _, w in drawn),
        )
        self._change(page)
        self.path, self.modified, self._drawing = path, False, next(self._drawings)

    def reopen(self, ink: Ink, path: Path | None = None) -> None:
        """Show a drawing that an app which ended kept unsaved (core/recovery.py) as it was:
        unsaved, with nothing before it to undo, since its past ended with that app."""
        self.open_ink(ink, path)
        self._undo.clear()
        self._redo.clear()
        self.modified = True

    def open_picture(self, picture: Image.Image, width: int, height: int) -> None:
        """Show an opened image on a width x height sheet (undoable); it has no ink file."""
        self._change(replace(self._blank(width, height), picture=picture))
        self.path, self.modified, self._drawing = None, False, next(self._drawings)

    def fit(self, width: int, height: int) -> None:
        """Give an empty sheet the widget's size, so new strokes use the whole area."""
        if self.is_empty and (width, height) != (self.page.width, self.page.height):
            self.page = self._blank(width, height)

    def set_pen_scale(self, scale: float) -> None:
        """The pen for the next strokes, as a multiple of the default for the canvas size.

        Strokes already drawn keep their own pen.
        """
        self.pen_scale = scale
        self.page = replace(self.page, pen_width=self._next_pen(self.page.width, self.page.height))

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._step())
            self._restore(self._undo.pop())

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._step())
            self._restore(self._redo.pop())

    def _step(self) -> _Step:
        return _Step(self.page, self.path, self._saved, self._drawing)

    def _restore(self, step: _Step) -> None:
        """Go back (or forward) to a step; a step of another file brings back that file and
        its content then, while the same file keeps what was saved to it last."""
        if step.path != self.path:
            self.path, self._saved = step.path, step.saved
        self.page, self._drawing = self._with_current_pen(step.page), step.drawing

    def _with_current_pen(self, page: Page) -> Page:
        """The page as it was, but with the pen chosen now for the next strokes."""
        pen = self._next_pen(page.width, page.height)
        return page if page.pen_width == pen else replace(page, pen_width=pen)

    def mark_saved(self, path: Path | None = None) -> None:
        """The drawing is now in path (or was saved elsewhere, as an export)."""
        self.modified = False
        if path is not None and path != self.path:
            # Its earlier states are the same drawing: undone to, it is still this file's.
            for steps in (self._undo, self._redo):
                steps[:] = [
                    replace(step, path=path, saved=self._saved)
                    if step.drawing == self._drawing
                    else step
                    for step in steps
                ]
            self.path = path

    def _next_pen(self, width: int, height: int) -> float:
        """The diameter of the pen for the next strokes on a width x height canvas."""
        return self.pen_scale * default_pen_width(
            min(width, PEN_SHEET_SIDE), min(height, PEN_SHEET_SIDE)
        )

    def _blank(self, width: int, height: int) -> Page:
        return Page(width, height, pen_width=self._next_pen(width, height))

    def _change(self, page: Page) -> None:
        self._undo.append(self._step())
        self._redo.clear()
        self.page = page


def _same_drawing(page: Page, saved: Page | None) -> bool:
    """Whether page shows the drawing of saved: the same strokes, pens and picture (the pen
    for the next strokes and the canvas fitted to the widget do not count)."""
    return saved is not None and (
        page is saved
        or (
            page.strokes is saved.strokes
            and page.widths is saved.widths
            and page.picture is saved.picture
        )
    )


def _with_pen(room: Box, stroke: Stroke, radius: float) -> Box:
    """room (x0, y0, x1, y1, canvas pixels) grown to hold the pen's radius around the stroke's
    points inside it: a stroke drawn at the view's edge is drawn whole, not cut flat there
    (points off the view stay off the sheet)."""
    x0, y0, x1, y1 = room
    inside = [(x, y) for x, y in stroke if x0 <= x <= x1 and y0 <= y <= y1]
    if not inside:
        return room
    xs, ys = [x for x, _ in inside], [y for _, y in inside]
    return (
        min(x0, min(xs) - radius),
        min(y0, min(ys) - radius),
        max(x1, max(xs) + radius),
        max(y1, max(ys) + radius),
    )
