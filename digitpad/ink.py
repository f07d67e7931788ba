"""Vector ink: strokes in canvas pixels, the JSON ink file format, and rendering to PIL."""

from __future__ import annotations

import os
from itertools import pairwise
from math import atan2, ceil, cos, degrees, floor, radians, sin
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad.errors import InputError

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

Point = tuple[float, float]
Stroke = list[Point]

# Pen width as a share of the canvas' shorter side: thick enough to read as a pen stroke on
# a large canvas, close to MNIST's stroke-to-digit ratio when the digit fills most of it.
DEFAULT_PEN_FRACTION = 0.035
MAX_INK_FILE_BYTES = 64 * 1024 * 1024
MAX_POINTS = 2_000_000
MAX_CANVAS_SIDE = 20_000
LINE_PIECE = 200  # points drawn per PIL call


class Ink:
    """A drawing: strokes of (x, y) points in a width x height canvas, y growing downwards."""

    # Not a dataclass: importing dataclasses would hold up the window's first frame by 5 ms.
    __slots__ = ("height", "pen_width", "strokes", "width")

    def __init__(self, width: int, height: int, strokes: list[Stroke] | None = None,
                 pen_width: float | None = None) -> None:
        self.width = width
        self.height = height
        self.strokes: list[Stroke] = [] if strokes is None else strokes
        self.pen_width = pen_width

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ink) and all(
            getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        return (f"Ink({self.width}, {self.height}, {len(self.strokes)} strokes, "
                f"{self.point_count} points, pen_width={self.pen_width})")

    @property
    def is_empty(self) -> bool:
        return not any(self.strokes)

    @property
    def point_count(self) -> int:
        return sum(len(stroke) for stroke in self.strokes)

    def effective_pen_width(self) -> float:
        if self.pen_width is not None:
            return self.pen_width
        return default_pen_width(self.width, self.height)

    def copy(self) -> Ink:
        return Ink(self.width, self.height, [list(s) for s in self.strokes], self.pen_width)

    def to_json(self) -> dict:
        data: dict = {
            "width": self.width,
            "height": self.height,
            "strokes": [[[round(x, 2), round(y, 2)] for x, y in s] for s in self.strokes],
        }
        if self.pen_width is not None:
            data["pen_width"] = round(self.pen_width, 2)
        return data


def default_pen_width(width: float, height: float) -> float:
    return max(1.0, DEFAULT_PEN_FRACTION * min(width, height))


def ink_from_json(data: object) -> Ink:
    """Validate decoded JSON and build an Ink; unknown keys are ignored."""
    if not isinstance(data, dict):
        raise InputError("not an ink file: the top level is not a JSON object")
    for key in ("width", "height", "strokes"):
        if key not in data:
            raise InputError(f"not an ink file: the key {key!r} is missing")
    width, height = data["width"], data["height"]
    if not (_is_number(width) and _is_number(height)):
        raise InputError("not an ink file: width and height must be numbers")
    if not (1 <= width <= MAX_CANVAS_SIDE and 1 <= height <= MAX_CANVAS_SIDE):
        raise InputError(f"ink canvas of {width} x {height} is out of range")
    raw_strokes = data["strokes"]
    if not isinstance(raw_strokes, list):
        raise InputError("not an ink file: 'strokes' must be a list")
    strokes: list[Stroke] = []
    total = 0
    for index, raw in enumerate(raw_strokes):
        if not isinstance(raw, list):
            raise InputError(f"not an ink file: stroke {index + 1} is not a list of points")
        total += len(raw)
        if total > MAX_POINTS:
            raise InputError(f"ink has more than {MAX_POINTS:,} points")
        if raw:
            strokes.append(_read_stroke(raw, index + 1))
    pen_width = data.get("pen_width")
    if not (_is_number(pen_width) and 0 < pen_width <= min(width, height)):
        pen_width = None
    return Ink(round(width), round(height), strokes,
               None if pen_width is None else float(pen_width))


def _read_stroke(raw: list, number: int) -> Stroke:
    """Check and convert one stroke; numpy does the work for the millions-of-points case."""
    import numpy as np
    try:
        points = np.array(raw)
    except ValueError:  # ragged: some point is not a pair; the slow path says which
        points = None
    if points is None or points.ndim != 2 or points.shape[1] < 2 or points.dtype.kind not in "iuf":
        for point in raw:
            if not (isinstance(point, list) and len(point) >= 2
                    and _is_number(point[0]) and _is_number(point[1])):
                raise InputError(f"not an ink file: stroke {number} has a point "
                                 "that is not an [x, y] pair of numbers")
        points = np.array([point[:2] for point in raw], dtype=np.float64)
    points = points[:, :2].astype(np.float64)
    if not np.isfinite(points).all():
        raise InputError(f"ink stroke {number} has a coordinate that is not finite")
    return list(map(tuple, points.tolist()))


def drop_close_points(points, tolerance: float):
    """Drop points within tolerance of the one before: they add time, not ink.

    Keeps the first and last points; works on an (n, 2) array in output pixels.
    """
    import numpy as np
    if len(points) < 3:
        return points
    cells = np.floor(points / tolerance)
    keep = np.empty(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    keep[1:-1] = np.any(cells[1:-1] != cells[:-2], axis=1)
    return points[keep]


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_ink(path: str | os.PathLike) -> Ink:
    import json  # here, not at the top: the window's first frame does without it (5 ms)
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_INK_FILE_BYTES:
            raise InputError(f"ink file is too large ({size / 2**20:.0f} MB; "
                             f"the limit is {MAX_INK_FILE_BYTES // 2**20} MB)")
        text = path.read_bytes().decode("utf-8")
        data = json.loads(text, parse_constant=_reject_constant)
    except InputError:
        raise
    except UnicodeDecodeError:
        raise InputError("not an ink file: it is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise InputError(f"not an ink file: invalid JSON at line {error.lineno}") from None
    except RecursionError:
        raise InputError("not an ink file: JSON nested too deeply") from None
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}") from None
    return ink_from_json(data)


def _reject_constant(name: str) -> float:
    raise InputError(f"ink has a coordinate that is not finite ({name})")


def ink_to_bytes(ink: Ink) -> bytes:
    import json
    return (json.dumps(ink.to_json(), separators=(",", ":")) + "\n").encode("utf-8")


def render_ink(ink: Ink, scale: float = 1.0, origin: Point = (0.0, 0.0),
               size: tuple[int, int] | None = None) -> Image.Image:
    """Draw the ink as black round-capped strokes on a white greyscale image.

    The image shows the canvas from origin on, scaled by scale; size defaults to the whole
    canvas. The pen is scaled with the drawing.
    """
    if size is None:
        size = (max(1, round(ink.width * scale)), max(1, round(ink.height * scale)))
    return render_strokes(stroke_arrays(ink), ink.effective_pen_width(), scale, origin, size)


def stroke_arrays(ink: Ink) -> list:
    """The strokes as (n, 2) float arrays of canvas pixels, as render_strokes takes them."""
    import numpy as np  # deferred: the canvas imports this module while the window is built
    return [np.asarray(stroke, dtype=np.float64).reshape(-1, 2) for stroke in ink.strokes]


def render_strokes(strokes: list, pen_width: float, scale: float, origin: Point,
                   size: tuple[int, int]) -> Image.Image:
    """render_ink for strokes already held as (n, 2) arrays of canvas pixels."""
    import numpy as np
    from PIL import Image, ImageDraw
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    pen = max(1.0, pen_width * scale)
    radius = pen / 2
    width = max(1, round(pen))
    # Points far outside the image would only waste time in the rasteriser.
    limit = 4 * max(size)
    for stroke in strokes:
        points = drop_close_points(np.clip((stroke - origin) * scale, -limit, limit), 0.25)
        # In pieces: PIL holds the GIL for a whole call, and the window's thread must not wait
        # for a long stroke. Each piece gets round caps, which also round the seams.
        for start in range(0, max(1, len(points) - 1), LINE_PIECE):
            piece = points[start:start + LINE_PIECE + 1]
            if len(piece) > 1:
                draw.line(piece.ravel().tolist(), fill=0, width=width)
                if width > 4:
                    draw_round_joints(draw, piece.tolist(), width)
            for x, y in (piece[0], piece[-1]):
                draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=0)
    return image


def draw_round_joints(draw: ImageDraw.ImageDraw, points: list[list[float]], width: int) -> None:
    """Round the joints of a line of this width in black: PIL's `joint="curve"`, pixel for pixel.

    PIL computes each joint in Python with a closure and a wrapper or two per call; this is
    the same arithmetic, in the same order, with each segment's angle computed once. Renders
    for the model took 10-37% less time here; tests check that the pixels are PIL's.
    """
    angles = [degrees(atan2(x1 - x0, y0 - y1)) % 360
              for (x0, y0), (x1, y1) in pairwise(points)]
    reach = width / 2 - 1
    for (x, y), before, after in zip(points[1:], angles, angles[1:]):
        if before == after:
            continue  # straight on: no joint
        flipped = after - 180 > before or after < before < after + 180
        if flipped:
            start, end, side = after + 90, before + 90, 90
        else:
            start, end, side = before - 90, after - 90, -90
        # Written as PIL writes it, not with reach: the rounding must be the same to the bit.
        corners = ((x - width / 2 + 1, y - width / 2 + 1), (x + width / 2 - 1, y + width / 2 - 1))
        draw.pieslice(corners, start - 90, end - 90, fill=0)
        if width > 8:  # PIL's cover for the gap between the line and the joint
            draw.line([_towards(x, y, before + side, reach), (x, y),
                       _towards(x, y, after + side, reach)], fill=0, width=3)


def _towards(x: float, y: float, angle: float, distance: float) -> tuple[float, float]:
    dx = distance * cos(radians(angle - 90))
    dy = distance * sin(radians(angle - 90))
    return (x + (floor(dx) if dx > 0 else ceil(dx)), y + (floor(dy) if dy > 0 else ceil(dy)))
