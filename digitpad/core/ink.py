"""Vector ink: strokes in canvas pixels, and the JSON ink file format."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from digitpad.core.errors import InputError, file_error

Point = tuple[float, float]
Stroke = list[Point]

# Pen width as a share of the canvas' shorter side: thick enough to read as a pen stroke on
# a large canvas, close to MNIST's stroke-to-digit ratio when the digit fills most of it.
DEFAULT_PEN_FRACTION = 0.035
MAX_INK_FILE_BYTES = 64 * 1024 * 1024
MAX_POINTS = 2_000_000
# Far more than any hand writes on one canvas; reading costs time in proportion to strokes.
MAX_STROKES = 10_000
MAX_CANVAS_SIDE = 20_000
# Strokes may run off the canvas (drawn beside the sheet), but never this far: such a point
# is a broken file, and would only come back as an empty drawing.
MAX_COORDINATE = 1_000_000
DECIMALS = 2  # ink files keep coordinates and pen widths to 0.01 canvas pixels


@dataclass(slots=True)
class Ink:
    """A drawing: strokes of (x, y) points in canvas pixels, y growing downwards.

    width and height are the canvas size in pixels; pen_width is the pen's diameter in canvas
    pixels, or None for the default for this canvas size (default_pen_width). widths, when
    strokes were drawn with different pens, gives each stroke's own diameter (one per stroke).
    """

    width: int
    height: int
    strokes: list[Stroke] = field(default_factory=list)
    pen_width: float | None = None
    widths: list[float] | None = None

    @property
    def is_empty(self) -> bool:
        return not any(self.strokes)

    def effective_pen_width(self) -> float:
        """The pen's diameter in canvas pixels."""
        if self.pen_width is not None:
            return self.pen_width
        return default_pen_width(self.width, self.height)

    def stroke_widths(self) -> list[float]:
        """Each stroke's pen diameter in canvas pixels, one per stroke (empty ones included)."""
        if self.widths is not None:
            return list(self.widths)
        return [self.effective_pen_width()] * len(self.strokes)

    def subset(self, indices: list[int]) -> Ink:
        """The same canvas and pens with only the strokes at these indices, in this order."""
        widths = None if self.widths is None else [self.widths[i] for i in indices]
        strokes = [list(self.strokes[i]) for i in indices]
        return Ink(self.width, self.height, strokes, self.pen_width, widths)

    def add_stroke(self, stroke: Stroke, width: float) -> None:
        """Append a stroke drawn with a pen of this diameter (canvas pixels)."""
        if self.widths is None and width != self.effective_pen_width():
            self.widths = self.stroke_widths()
        if self.widths is not None:
            self.widths.append(width)
        self.strokes.append(list(stroke))

    def copy(self) -> Ink:
        return self.subset(list(range(len(self.strokes))))

    def to_json(self) -> dict:
        """The ink file's JSON object (coordinates and widths rounded to DECIMALS)."""
        data: dict = {
            "width": self.width,
            "height": self.height,
            "strokes": [[list(point) for point in rounded(s)] for s in self.strokes],
        }
        if self.pen_width is not None:
            data["pen_width"] = round(self.pen_width, DECIMALS)
        if self.widths is not None:
            data["widths"] = [round(w, DECIMALS) for w in self.widths]
        return data


def rounded(stroke: Stroke) -> Stroke:
    """The stroke as an ink file keeps it: each coordinate rounded to DECIMALS."""
    return [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in stroke]


def default_pen_width(width: float, height: float) -> float:
    """The default pen diameter for a canvas of this size, in canvas pixels (at least 1)."""
    return max(1.0, DEFAULT_PEN_FRACTION * min(width, height))


def ink_from_json(data: object) -> Ink:
    """Validate decoded JSON and build an Ink; unknown keys are ignored.

    Raises InputError, with one sentence for the user, when data is not a valid ink file.
    """
    if not isinstance(data, dict):
        raise InputError("not an ink file: the top level is not a JSON object")
    for key in ("width", "height", "strokes"):
        if key not in data:
            raise InputError(f"not an ink file: the key {key!r} is missing")
    width, height = data["width"], data["height"]
    if not (_is_number(width) and _is_number(height)):
        raise InputError("not an ink file: width and height must be numbers")
    if not (math.isfinite(width) and math.isfinite(height)):  # 1e400 reads as infinity
        raise InputError("not an ink file: its width or height is not a finite number")
    if not (1 <= width <= MAX_CANVAS_SIDE and 1 <= height <= MAX_CANVAS_SIDE):
        raise InputError(
            f"not an ink file: its canvas, {width} x {height} pixels, is not 1 to "
            f"{MAX_CANVAS_SIDE:,} pixels a side"
        )
    raw_strokes = data["strokes"]
    if not isinstance(raw_strokes, list):
        raise InputError("not an ink file: 'strokes' must be a list")
    if len(raw_strokes) > MAX_STROKES:
        raise InputError(f"ink has more than {MAX_STROKES:,} strokes")
    strokes: list[Stroke] = []
    kept: list[int] = []  # the indices of the non-empty strokes
    total = 0
    for index, raw in enumerate(raw_strokes):
        if not isinstance(raw, list):
            raise InputError(f"not an ink file: stroke {index + 1} is not a list of points")
        total += len(raw)
        if total > MAX_POINTS:
            raise InputError(f"ink has more than {MAX_POINTS:,} points")
        if raw:
            strokes.append(_read_stroke(raw, index + 1))
            kept.append(index)
    pen_width = data.get("pen_width")
    if not _is_pen(pen_width, width, height):
        pen_width = None
    # Unusable stroke widths are dropped as an unusable pen_width is: every stroke then
    # uses the one pen.
    widths = data.get("widths")
    if not (
        isinstance(widths, list)
        and len(widths) == len(raw_strokes)
        and all(_is_pen(w, width, height) for w in widths)
    ):
        widths = None
    return Ink(
        round(width),
        round(height),
        strokes,
        None if pen_width is None else float(pen_width),
        None if widths is None else [float(widths[i]) for i in kept],
    )


def _is_pen(value: object, width: float, height: float) -> bool:
    """Whether value is a usable pen diameter on a width x height canvas."""
    return _is_number(value) and 0 < value <= min(width, height)


def _read_stroke(raw: list, number: int) -> Stroke:
    """Check one stroke's points and convert them to (x, y) float pairs; extra values go."""
    try:
        if all(
            type(point) is list and _is_number(point[0]) and _is_number(point[1]) for point in raw
        ):
            stroke = [(float(point[0]), float(point[1])) for point in raw]
        else:
            stroke = None
    except IndexError:  # a point with fewer than two values
        stroke = None
    except OverflowError:  # an integer beyond any float
        raise InputError(
            f"not an ink file: stroke {number} has a coordinate that is not finite"
        ) from None
    if stroke is None:
        raise InputError(
            f"not an ink file: stroke {number} has a point that is not an [x, y] pair of numbers"
        )
    if not all(math.isfinite(x) and math.isfinite(y) for x, y in stroke):
        raise InputError(f"not an ink file: stroke {number} has a coordinate that is not finite")
    if not all(abs(x) <= MAX_COORDINATE and abs(y) <= MAX_COORDINATE for x, y in stroke):
        raise InputError(
            f"not an ink file: stroke {number} has a point beyond ±{MAX_COORDINATE:,} pixels"
        )
    return stroke


def _is_number(value: object) -> bool:
    return type(value) is float or type(value) is int  # JSON's numbers; not bool


def read_ink(path: str | os.PathLike) -> Ink:
    """Read an ink file; raises InputError with one sentence for the user if it is unusable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError("the file is empty")
        if size > MAX_INK_FILE_BYTES:
            raise InputError(
                f"ink file is too large ({size / 2**20:.0f} MB; "
                f"the limit is {MAX_INK_FILE_BYTES // 2**20} MB)"
            )
        text = path.read_bytes().decode("utf-8-sig")  # Windows editors may write a BOM
        data = json.loads(text, parse_constant=_reject_constant)
    except InputError:
        raise
    except UnicodeDecodeError:
        raise InputError("not an ink file: it is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()):  # cut off: the line after its last is no help
            raise InputError("not an ink file: its JSON ends too soon (cut off?)") from None
        raise InputError(f"not an ink file: invalid JSON at line {error.lineno}") from None
    except ValueError:  # an integer of thousands of digits, past Python's limit
        raise InputError("not an ink file: it holds a number too long to read") from None
    except RecursionError:
        raise InputError("not an ink file: JSON nested too deeply") from None
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        raise file_error(error) from None
    except OSError as error:
        raise file_error(error) from None
    return ink_from_json(data)


def _reject_constant(name: str) -> float:
    raise InputError(f"not an ink file: it has a number that is not finite ({name})")


def ink_to_bytes(ink: Ink, extra: dict | None = None) -> bytes:
    """The ink file's bytes: compact UTF-8 JSON and a newline; extra keys (which readers
    ignore) are added to the object."""
    data = ink.to_json() | (extra or {})
    return (json.dumps(data, separators=(",", ":")) + "\n").encode("utf-8")
