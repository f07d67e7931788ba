"""Rendering ink into in-memory PIL images: for export, and cropped for the model."""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil

import numpy as np
from PIL import Image, ImageDraw

from digitpad.core.ink import Ink, Point

# Ink is rasterised so that its bounding box is at most this many pixels across: the 20x20
# digit box is anti-aliased from it, and larger renders cost time without changing the input.
RENDER_SIDE = 112


def render_ink(
    ink: Ink, scale: float = 1.0, origin: Point = (0.0, 0.0), size: tuple[int, int] | None = None
) -> Image.Image:
    """Draw the ink as black round-capped strokes on a white 8-bit greyscale ("L") image.

    The image shows the canvas from origin (canvas pixels) on, scaled by scale; size (output
    pixels) defaults to the whole canvas. The pen is scaled with the drawing.
    """
    if size is None:
        size = (max(1, round(ink.width * scale)), max(1, round(ink.height * scale)))
    strokes, widths = stroke_arrays(ink)
    return render_strokes(strokes, widths, scale, origin, size)


EXPORT_SIDE = 8000  # the largest side drawn for an anti-aliased export, in pixels


def export_image(ink: Ink, scale: float = 1.0) -> Image.Image:
    """The whole canvas as an anti-aliased "L" image, black ink on white, for saving as PNG;
    scale image pixels per canvas pixel (a screen's device pixel ratio: as sharp as shown).

    Drawn at up to 4 times the size and reduced by box averaging.
    """
    supersample = max(1, min(4, int(EXPORT_SIDE // (max(ink.width, ink.height) * scale))))
    return render_ink(ink, scale=scale * supersample).reduce(supersample)


def render_for_model(ink: Ink) -> Image.Image | None:
    """Render just the visible part of the ink around its strokes; None if nothing shows.

    The result is an "L" image, black ink on white, at most RENDER_SIDE pixels across.
    """
    strokes, widths = stroke_arrays(ink)
    if not strokes:
        return None
    pen = max(widths)
    points = np.concatenate(strokes)
    # What lies outside the canvas is not seen by the user, so the model does not see it.
    left, top = np.maximum(points.min(axis=0) - pen, 0.0)
    right = min(float(ink.width), points[:, 0].max() + pen)
    bottom = min(float(ink.height), points[:, 1].max() + pen)
    if right <= left or bottom <= top:
        return None
    scale = min(1.0, RENDER_SIDE / max(right - left, bottom - top))
    size = (max(1, ceil((right - left) * scale)), max(1, ceil((bottom - top) * scale)))
    return render_strokes(strokes, widths, scale, (left, top), size)


def stroke_arrays(ink: Ink) -> tuple[list[np.ndarray], list[float]]:
    """The non-empty strokes as (n, 2) float64 arrays of canvas pixels, and their pens."""
    pairs = [
        (np.asarray(s, dtype=np.float64).reshape(-1, 2), w)
        for s, w in zip(ink.strokes, ink.stroke_widths())
        if len(s)
    ]
    return [s for s, _ in pairs], [w for _, w in pairs]


def render_strokes(
    strokes: list[np.ndarray],
    pen_width: float | Sequence[float],
    scale: float,
    origin: Point,
    size: tuple[int, int],
) -> Image.Image:
    """render_ink for strokes held as (n, 2) float arrays of canvas pixels.

    pen_width: one pen diameter in canvas pixels for every stroke, or one per stroke.
    """
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    widths = [pen_width] * len(strokes) if isinstance(pen_width, (int, float)) else pen_width
    # Points far outside the image would only waste time in the rasteriser.
    limit = 4 * max(size)
    for stroke, width in zip(strokes, widths):
        pen = max(1.0, width * scale)
        radius = pen / 2
        points = drop_close_points(np.clip((stroke - origin) * scale, -limit, limit), 0.25)
        if len(points) > 1:
            draw.line(points.ravel().tolist(), fill=0, width=round(pen), joint="curve")
        for x, y in (points[0], points[-1]):  # round caps
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=0)
    return image


def drop_close_points(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Drop points in the same tolerance-sized cell as the one before: they add time, not ink.

    Keeps the first and last points of an (n, 2) float array in output pixels.
    """
    if len(points) < 3:
        return points
    cells = np.floor(points / tolerance)
    keep = np.empty(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    keep[1:-1] = np.any(cells[1:-1] != cells[:-2], axis=1)
    return points[keep]
