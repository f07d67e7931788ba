"""Generate photo- and scan-like pictures of handwritten digits, to measure how images are read.

    python tools/make_photos.py --data ../shared/data --out /tmp/photos

Each picture is one digit written by a writer the model never saw in training (pendigits'
PEN_TEST_WRITERS and every UNIPEN writer), rendered through digitpad.core.render with a
realistic pen (ballpoint, felt tip, marker, pencil, chalk) and composited onto paper as a
phone camera or a scanner would see it: paper colour, light, shadows, ruled or squared paper,
a printed box, then a slight rotation, blur, sensor noise and JPEG at quality 40-90. Blank
pages of every kind (no digit, lines and all) come along for the "nothing to read" check.

The folder gets the JPEG files and labels.csv with the columns file, label, kind (label is
empty for a blank page), x0, y0, x1, y1 (the box of the digit's ink in the picture's pixels,
x1 and y1 exclusive), writer and digit (its index in the list of digits drawn from). The
same seed gives the same pictures. They are for measuring only and are never committed;
tools/evaluate.py --photos makes and reads a set.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digitpad.core.ink import Stroke, read_ink
from digitpad.core.render import render_strokes
from digitpad.training import datasets
from digitpad.training.datasets import PenDigit, add_data_argument, reading_data

# The kinds of picture, each a way that paper, light and camera differ from a clean drawing.
KINDS = (
    "bright",  # white paper, even light: the reference
    "grey",  # grey paper or dim light, uniform (grey level 100-215)
    "coloured",  # sticky notes: pink, green, blue, orange, yellow in turn
    "gradient",  # light falling off across the page or towards the corners
    "shadow-hard",  # a sharp-edged shadow across part of the page
    "shadow-soft",  # a blurred shadow across part of the page
    "board",  # light chalk-like ink on a dark board (grey level 30-95)
    "ruled",  # ruled paper, sometimes with a margin line
    "squared",  # squared (grid) paper
    "box",  # a printed box around the digit, as on a form
    "edge-lines",  # grid lines of a form's table along two edges of the picture
    "thin-pen",  # a fine pen in a 1200x1600 photo: strokes 1.5-3 px wide
    "pencil-12mp",  # a faint, grainy pencil line in a 4000x3000 photo
    "rough",  # JPEG quality 40-50, more blur, noise and rotation
    "on-a-table",  # the sheet photographed on a darker table that frames it
    "page-filling",  # a sheet filling the photo, running off some edges, the table along others
    "cropped",  # cut close around the digit, which fills the picture: its ink a large share
)
PAPER_COLOURS = {
    "pink": (250, 176, 198),
    "green": (176, 232, 158),
    "blue": (158, 202, 242),
    "orange": (255, 184, 100),
    "yellow": (255, 238, 130),
}
BOARDS = {"green": (0.9, 1.15, 1.0), "slate": (1.0, 1.0, 1.05), "black": (1.0, 1.0, 1.0)}
TABLES = {
    "wood": (125.0, 88.0, 58.0),
    "dark wood": (72.0, 50.0, 34.0),
    "grey desk": (98.0, 98.0, 104.0),
    "black desk": (36.0, 36.0, 40.0),
}
TABLE_BORDER = (0.03, 0.15)  # the table shows this share of the picture's side at each edge
PAGE_FILLING = (-0.06, 0.05)  # the same for a sheet that fills the photo (< 0: off the edge)
SIZES = ((640, 480), (800, 600), (1024, 768), (1280, 960), (1600, 1200), (1100, 850))
JPEG_QUALITY = (40, 90)
ROTATION_DEGREES = 3.0
BLUR_PX = (0.0, 1.0)  # Gaussian blur radius, in pixels of a 1000-pixel picture
DIGIT_HEIGHT = (0.25, 0.60)  # share of the picture's shorter side


@dataclass
class Look:
    """How one picture looks: everything drawn, except the digit's own shape."""

    size: tuple[int, int]
    paper: tuple[float, float, float]
    ink: tuple[float, float, float]
    pen: float  # pen diameter, share of the digit's height
    height: float  # digit height, share of the shorter side
    grain: float = 0.0  # 0: solid ink; up to 1: pencil or chalk with gaps
    quality: tuple[int, int] = JPEG_QUALITY
    blur: tuple[float, float] = BLUR_PX
    rotation: float = ROTATION_DEGREES
    noise: tuple[float, float] = (1.5, 4.0)  # sensor noise, grey levels (standard deviation)
    light: Callable[[np.random.Generator, int, int], np.ndarray] | None = None
    lines: list[Callable] = field(default_factory=list)  # (size, rng, digit_box) -> [Line]
    margin: float = 0.04  # free room around the digit, share of the shorter side
    table: tuple[float, float, float] | None = None  # a table's colour around the sheet
    table_border: tuple[float, float] = TABLE_BORDER  # how much of it shows at each edge
    crop: float | None = None  # cut to the digit's box and this share of its height around it


# Pens as a share of the digit's height: a ballpoint or fine liner, a felt tip, a marker.
PENS = {"ballpoint": (0.025, 0.045), "felt": (0.045, 0.08), "marker": (0.08, 0.13)}
INKS = {
    "black": (28.0, 28.0, 32.0),
    "blue": (30.0, 48.0, 135.0),
    "dark blue": (20.0, 30.0, 80.0),
    "grey": (70.0, 70.0, 75.0),
}


def pick(rng: np.random.Generator, values: Sequence):
    return values[int(rng.integers(len(values)))]


def usual_pen(rng: np.random.Generator) -> float:
    return rng.uniform(*PENS[pick(rng, list(PENS))])


def usual_ink(rng: np.random.Generator) -> tuple[float, float, float]:
    return INKS[pick(rng, ["black", "black", "blue", "dark blue", "grey"])]


def white(rng: np.random.Generator) -> tuple[float, float, float]:
    level = rng.uniform(228, 252)
    tint = rng.uniform(-6, 6, 3)
    return tuple(float(v) for v in np.clip(level + tint, 0, 255))


def look_for(kind: str, rng: np.random.Generator, index: int = 0, scale: float = 1.0) -> Look:
    """A random look of the given kind; index picks the paper colour of "coloured" in turn."""
    size = pick(rng, SIZES)
    if rng.uniform() < 0.4:
        size = size[::-1]  # portrait
    look = Look(
        size=size,
        paper=white(rng),
        ink=usual_ink(rng),
        pen=usual_pen(rng),
        height=rng.uniform(*DIGIT_HEIGHT),
        light=even_light,
    )
    if kind == "grey":
        level = rng.uniform(100, 215)
        look.paper = tuple(float(level + t) for t in rng.uniform(-5, 5, 3))
        look.ink = INKS[pick(rng, ["black", "black", "dark blue"])]
    elif kind == "coloured":
        colour = PAPER_COLOURS[list(PAPER_COLOURS)[index % len(PAPER_COLOURS)]]
        look.paper = tuple(float(c) * rng.uniform(0.88, 1.0) for c in colour)
        look.ink = INKS[pick(rng, ["black", "black", "dark blue", "blue"])]
    elif kind == "gradient":
        look.light = gradient_light
    elif kind == "shadow-hard":
        look.light = shadow_light(soft=False)
    elif kind == "shadow-soft":
        look.light = shadow_light(soft=True)
    elif kind == "board":
        level = rng.uniform(30, 95)
        hue = BOARDS[pick(rng, list(BOARDS))]
        look.paper = tuple(float(level * h) for h in hue)
        look.ink = tuple(float(v) for v in rng.uniform(200, 245) + rng.uniform(-8, 8, 3))
        look.pen = rng.uniform(0.05, 0.11)
        look.grain = rng.uniform(0.2, 0.6)
        look.light = pick(rng, [even_light, gradient_light])
    elif kind == "ruled":
        look.lines.append(ruled_lines)
    elif kind == "squared":
        look.lines.append(squared_lines)
    elif kind == "box":
        look.lines.append(printed_box)
        look.height = rng.uniform(0.25, 0.50)
        look.margin = 0.45 * look.height  # the box stays in the picture
    elif kind == "edge-lines":
        look.lines.append(edge_lines)
    elif kind == "thin-pen":
        look.size = pick(rng, [(1200, 1600), (1600, 1200)])
        look.height = rng.uniform(0.25, 0.55)
        look.pen = rng.uniform(1.5, 3.0) / (look.height * min(look.size))
        look.ink = INKS[pick(rng, ["black", "blue", "dark blue"])]
        look.light = pick(rng, [even_light, gradient_light])
    elif kind == "pencil-12mp":
        look.size = pick(rng, [(4000, 3000), (3000, 4000)])
        look.height = rng.uniform(0.25, 0.50)
        look.pen = rng.uniform(3.0, 6.0) / (look.height * min(look.size))
        look.ink = tuple(float(v) for v in rng.uniform(75, 125) + rng.uniform(-3, 3, 3))
        look.grain = rng.uniform(0.3, 0.6)
        look.light = pick(rng, [even_light, gradient_light])
        look.blur = (0.5, 1.5)
    elif kind == "rough":
        look.quality = (40, 50)
        look.blur = (1.0, 2.0)
        look.rotation = 6.0
        look.noise = (4.0, 8.0)
        look.light = pick(rng, [even_light, gradient_light])
    elif kind == "on-a-table":
        look.table = TABLES[pick(rng, list(TABLES))]
        look.height = rng.uniform(0.2, 0.45)
        look.margin = TABLE_BORDER[1] + 0.04  # the digit is on the sheet
        look.light = pick(rng, [even_light, gradient_light])
    elif kind == "page-filling":
        look.table = TABLES[pick(rng, list(TABLES))]
        look.table_border = PAGE_FILLING
        look.height = rng.uniform(0.15, 0.4)
        look.margin = PAGE_FILLING[1] + 0.04
        look.light = pick(rng, [even_light, gradient_light])
    elif kind == "cropped":
        look.crop = rng.uniform(0.02, 0.12)
        look.pen = rng.uniform(*PENS[pick(rng, ["ballpoint", "felt", "felt", "marker"])])
        if rng.uniform() < 0.5:  # off-white or grey paper, or dim light
            level = rng.uniform(170, 245)
            look.paper = tuple(float(level + t) for t in rng.uniform(-5, 5, 3))
    elif kind != "bright":
        raise ValueError(f"unknown kind {kind!r}")
    if scale != 1.0:
        look.size = (max(64, round(look.size[0] * scale)), max(64, round(look.size[1] * scale)))
        look.blur = (look.blur[0] * scale, look.blur[1] * scale)
    return look


# ---- light: an illumination factor per pixel (height, width), 1 = full light -------------


def even_light(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    return np.full((height, width), rng.uniform(0.88, 1.0), np.float32)


def _smooth_up(values: np.ndarray, width: int, height: int) -> np.ndarray:
    """A smooth field computed small, resized to the picture (float32)."""
    field = Image.fromarray(values.astype(np.float32), "F")
    return np.asarray(field.resize((width, height), Image.Resampling.BILINEAR))


def gradient_light(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """Light falling off linearly across the page, or radially towards the corners."""
    small_w, small_h = max(2, width // 16), max(2, height // 16)
    ys, xs = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    xs /= max(small_w, small_h)
    ys /= max(small_w, small_h)
    dark = rng.uniform(0.35, 0.65)
    if rng.uniform() < 0.5:
        angle = rng.uniform(0, 2 * math.pi)
        ramp = math.cos(angle) * xs + math.sin(angle) * ys
        ramp = (ramp - ramp.min()) / max(1e-6, float(ramp.max() - ramp.min()))
    else:
        cx = rng.uniform(0.2, 0.8) * xs.max()
        cy = rng.uniform(0.2, 0.8) * ys.max()
        ramp = np.hypot(xs - cx, ys - cy)
        ramp = (ramp / float(ramp.max())) ** 1.5
    light = (1.0 - (1.0 - dark) * ramp) * rng.uniform(0.9, 1.0)
    return _smooth_up(light, width, height)


def shadow_light(soft: bool):
    def light(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
        """A shadow (a hand, a phone) over the page beyond a wavy edge across it."""
        side = min(width, height)
        # Soft shadows are drawn small and blurred there; hard ones at full size.
        shrink = 8 if soft else 1
        w, h = max(2, width // shrink), max(2, height // shrink)
        angle = rng.uniform(0, 2 * math.pi)
        dx, dy = math.cos(angle), math.sin(angle)  # along the edge
        nx, ny = -dy, dx  # into the shadow
        cx, cy = w * rng.uniform(0.25, 0.75), h * rng.uniform(0.25, 0.75)
        far = 3 * max(w, h)
        edge = []
        for t in np.linspace(-1, 1, 9):
            bend = rng.uniform(-0.06, 0.06) * side / shrink
            edge.append((cx + t * far * dx + bend * nx, cy + t * far * dy + bend * ny))
        inside = [
            (cx + far * dx + 2 * far * nx, cy + far * dy + 2 * far * ny),
            (cx - far * dx + 2 * far * nx, cy - far * dy + 2 * far * ny),
        ]
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).polygon(edge + inside, fill=255)
        radius = side * (rng.uniform(0.03, 0.10) if soft else rng.uniform(0.001, 0.005))
        mask = mask.filter(ImageFilter.GaussianBlur(radius / shrink))
        shade = np.asarray(mask, np.float32) / 255.0
        depth = rng.uniform(0.35, 0.65)
        light = (1.0 - (1.0 - depth) * shade) * rng.uniform(0.9, 1.0)
        return light if shrink == 1 else _smooth_up(light, width, height)

    return light


# ---- lines printed on the paper -----------------------------------------------------------
# Each returns (colour, width, polyline) items in paper coordinates, where the picture spans
# (0, 0)-(width, height) before the camera's turn; digit_box is the digit's box there.

Line = tuple[tuple[int, int, int], int, list[tuple[float, float]]]


def _line_width(rng: np.random.Generator, side: int, low: float, high: float) -> int:
    return max(1, round(side * rng.uniform(low, high)))


def _across(y: float, width: float) -> list[tuple[float, float]]:
    return [(-width, y), (2 * width, y)]


def _down(x: float, height: float) -> list[tuple[float, float]]:
    return [(x, -height), (x, 2 * height)]


def ruled_lines(size, rng, digit_box) -> list[Line]:
    width, height = size
    side = min(size)
    x0, y0, x1, y1 = digit_box
    spacing = (y1 - y0) / rng.uniform(1.0, 2.5)
    colour = pick(rng, [(150, 178, 222), (170, 170, 175), (140, 170, 210)])
    thickness = _line_width(rng, side, 0.0008, 0.003)
    first = y0 - spacing * rng.uniform(0, 1)
    ys = np.arange(first - spacing * math.ceil(first / spacing + 1), height + spacing, spacing)
    lines = [(colour, thickness, _across(y, width)) for y in ys]
    if rng.uniform() < 0.3:  # a red margin line, clear of the digit
        x = width * (rng.uniform(0.02, 0.2) if rng.uniform() < 0.5 else rng.uniform(0.8, 0.98))
        if x < x0 - 0.05 * side or x > x1 + 0.05 * side:
            lines.append(((225, 120, 120), thickness, _down(x, height)))
    return lines


def squared_lines(size, rng, digit_box) -> list[Line]:
    width, height = size
    side = min(size)
    _, y0, _, y1 = digit_box
    spacing = (y1 - y0) / rng.uniform(2.0, 5.0)
    colour = pick(rng, [(150, 180, 222), (175, 175, 180), (160, 200, 170)])
    thickness = _line_width(rng, side, 0.0006, 0.002)
    dx, dy = rng.uniform(0, spacing, 2)
    lines = [
        (colour, thickness, _down(x, height))
        for x in np.arange(dx - spacing, width + spacing, spacing)
    ]
    lines += [
        (colour, thickness, _across(y, width))
        for y in np.arange(dy - spacing, height + spacing, spacing)
    ]
    return lines


def printed_box(size, rng, digit_box) -> list[Line]:
    side = min(size)
    x0, y0, x1, y1 = digit_box
    tall = y1 - y0
    margins = rng.uniform(0.12, 0.4, 4) * tall
    colour = tuple(int(v) for v in rng.uniform(0, 90) + rng.uniform(-5, 5, 3))
    thickness = _line_width(rng, side, 0.0015, 0.005)
    # A box on a form is wider than a narrow digit such as 1.
    cx, wide = (x0 + x1) / 2, max(x1 - x0 + margins[0] + margins[2], 0.8 * tall)
    left, right = cx - wide / 2, cx + wide / 2
    top, bottom = y0 - margins[1], y1 + margins[3]
    return [
        (
            colour,
            thickness,
            [(left, top), (right, top), (right, bottom), (left, bottom), (left, top)],
        )
    ]


def edge_lines(size, rng, digit_box) -> list[Line]:
    """The lines of a form's table along two edges of the picture (a cell cut out of a scan)."""
    width, height = size
    side = min(size)
    x0, y0, x1, y1 = digit_box
    colour = tuple(int(v) for v in rng.uniform(0, 110) + rng.uniform(-5, 5, 3))
    thickness = _line_width(rng, side, 0.0015, 0.005)
    # Near the picture's edge (1-15% of its side in), clear of the digit (3% of it away).
    inset, gap, reach = 0.01 * side, 0.03 * side, 0.15 * side
    if rng.uniform() < 0.5:
        y = inset + rng.uniform() * max(0.0, min(reach, y0 - gap) - inset)
    else:
        y = height - inset - rng.uniform() * max(0.0, min(reach, height - y1 - gap) - inset)
    if rng.uniform() < 0.5:
        x = inset + rng.uniform() * max(0.0, min(reach, x0 - gap) - inset)
    else:
        x = width - inset - rng.uniform() * max(0.0, min(reach, width - x1 - gap) - inset)
    return [(colour, thickness, _across(y, width)), (colour, thickness, _down(x, height))]


# ---- the digit -------------------------------------------------------------------------


def digit_coverage(strokes: list[np.ndarray], pen_px: float) -> tuple[np.ndarray, tuple[int, int]]:
    """Ink coverage (0-1, float32), anti-aliased, of strokes already in picture pixels.

    Returns the coverage and the picture position of its top-left pixel.
    """
    points = np.concatenate(strokes)
    pen = max(pen_px, 0.7)
    pad = pen / 2 + 2
    low = np.floor(points.min(axis=0) - pad)
    high = np.ceil(points.max(axis=0) + pad)
    supersample = 4 if (high - low).max() < 400 else 2
    size = tuple(int(v) * supersample for v in high - low)
    image = render_strokes(strokes, pen, supersample, tuple(low), size)
    coverage = 1.0 - np.asarray(image.reduce(supersample), np.float32) / 255.0
    if pen_px < 0.7:  # thinner than a pixel: fainter rather than narrower
        coverage *= pen_px / 0.7
    return coverage, (int(low[0]), int(low[1]))


def smooth_noise(rng: np.random.Generator, width: int, height: int, cell: float) -> np.ndarray:
    """Noise with features about cell pixels across, standard deviation about 1."""
    small = (max(2, round(width / cell)), max(2, round(height / cell)))
    values = rng.standard_normal((small[1], small[0]), dtype=np.float32)
    return np.asarray(
        Image.fromarray(values, "F").resize((width, height), Image.Resampling.BICUBIC)
    )


# ---- the picture -----------------------------------------------------------------------


def photo(
    strokes: list[Stroke] | None, look: Look, rng: np.random.Generator
) -> tuple[Image.Image, tuple[int, int, int, int] | None]:
    """The picture (RGB) and the digit's box in its pixels; strokes None: a blank page.

    The digit and the printed lines are drawn on paper turned by the camera's slight tilt,
    then lit, with sensor noise and blur; the box holds the digit's visible ink.
    """
    width, height = look.size
    side = min(width, height)
    angle = math.radians(rng.uniform(-look.rotation, look.rotation))
    cos, sin = math.cos(angle), math.sin(angle)
    centre = np.array([width / 2, height / 2])

    def to_picture(points: np.ndarray) -> np.ndarray:
        """Paper coordinates to picture pixels: turned about the picture's centre."""
        d = points - centre
        return (
            np.column_stack([cos * d[:, 0] - sin * d[:, 1], sin * d[:, 0] + cos * d[:, 1]]) + centre
        )

    digit_px = look.height * side
    margin = look.margin * side
    box = None
    coverage = None
    if strokes is not None:
        arrays = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes if len(s)]
        points = np.concatenate(arrays)
        low, high = points.min(axis=0), points.max(axis=0)
        span_x, span_y = high - low
        # A flat stroke (label noise) must not be blown up across the page.
        scale = digit_px / max(span_y, 0.5 * span_x, 1e-6)
        w, h = span_x * scale, span_y * scale
        x = rng.uniform(margin, max(margin, width - w - margin))
        y = rng.uniform(margin, max(margin, height - h - margin))
        digit_box = (x, y, x + w, y + h)
        placed = [to_picture((a - low) * scale + (x, y)) for a in arrays]
        coverage, (cx, cy) = digit_coverage(placed, look.pen * digit_px)
    else:
        h = digit_px
        w = digit_px * rng.uniform(0.4, 0.8)
        x = rng.uniform(margin, max(margin, width - w - margin))
        y = rng.uniform(margin, max(margin, height - h - margin))
        digit_box = (x, y, x + w, y + h)

    light = look.light(rng, width, height)
    texture = rng.uniform(0.005, 0.02) * smooth_noise(rng, width, height, side * 0.02)
    shade = light * (1.0 + texture)
    lines = [item for draw in look.lines for item in draw((width, height), rng, digit_box)]
    # Grey paper, ink and lines are drawn in one channel and tinted at the end: three times
    # less work for the 12-megapixel pictures.
    colours = [look.paper, look.ink] + [colour for colour, _, _ in lines]
    colours += [look.table] if look.table is not None else []
    neutral = all(max(c) - min(c) <= 12 for c in colours)
    tint = np.asarray(look.paper, np.float32) / float(np.mean(look.paper))

    def colour_of(rgb) -> np.ndarray:
        rgb = np.asarray(rgb, np.float32)
        return rgb.mean(keepdims=True) / tint.mean() if neutral else rgb

    values = shade[..., None] * colour_of(look.paper)
    # Printed lines: drawn on a layer with their colour, turned like the paper.
    if lines:
        layer = Image.new("RGB", (width, height))
        mask = Image.new("L", (width, height), 0)
        draw_layer, draw_mask = ImageDraw.Draw(layer), ImageDraw.Draw(mask)
        for colour, thickness, polyline in lines:
            xy = [tuple(p) for p in to_picture(np.asarray(polyline, np.float64)).tolist()]
            draw_layer.line(xy, fill=colour, width=thickness, joint="curve")
            draw_mask.line(xy, fill=255, width=thickness, joint="curve")
        where = np.nonzero(np.asarray(mask))
        a = np.asarray(mask, np.float32)[where][:, None] / 255.0
        tinted = np.asarray(layer, np.float32)[where]
        if neutral:
            tinted = tinted.mean(axis=1, keepdims=True) / tint.mean()
        values[where] = values[where] * (1 - a) + tinted * shade[where][:, None] * a
    # The ink over paper and lines, in the same light.
    if coverage is not None:
        h, w = coverage.shape
        x0, y0 = max(cx, 0), max(cy, 0)
        x1, y1 = min(cx + w, width), min(cy + h, height)
        a = coverage[y0 - cy : y1 - cy, x0 - cx : x1 - cx]
        if look.grain:
            grain = rng.uniform(0, 1, a.shape).astype(np.float32)
            grain += 0.3 * smooth_noise(rng, a.shape[1], a.shape[0], 3)
            a = a * (1.0 - look.grain * np.clip(grain, 0, 1))
        region = values[y0:y1, x0:x1]
        ink = colour_of(look.ink) * shade[y0:y1, x0:x1, None]
        region[:] = region * (1 - a[..., None]) + ink * a[..., None]
        rows = np.flatnonzero((a > 0.25).any(axis=1))
        cols = np.flatnonzero((a > 0.25).any(axis=0))
        if len(rows):
            box = (
                x0 + int(cols[0]),
                y0 + int(rows[0]),
                x0 + int(cols[-1]) + 1,
                y0 + int(rows[-1]) + 1,
            )

    # The table around the sheet, in the same light, turned like it.
    if look.table is not None:
        left, top, right, bottom = rng.uniform(*look.table_border, 4) * side
        corners = [(left, top), (width - right, top), (width - right, height - bottom)]
        corners.append((left, height - bottom))
        sheet = Image.new("L", (width, height), 0)
        xy = [tuple(p) for p in to_picture(np.asarray(corners, np.float64)).tolist()]
        ImageDraw.Draw(sheet).polygon(xy, fill=255)
        grain = 1.0 + 0.04 * smooth_noise(rng, width, height, side * 0.01)
        table = (light * grain)[..., None] * colour_of(look.table)
        off = np.asarray(sheet) == 0
        values[off] = table[off]

    # Camera: sensor noise, blur.
    noise = rng.standard_normal((height, width), dtype=np.float32) * rng.uniform(*look.noise)
    values += noise[..., None] + 0.5
    np.clip(values, 0, 255, out=values)
    if neutral:
        grey = Image.fromarray(values[..., 0].astype(np.uint8))
    else:
        picture = Image.fromarray(values.astype(np.uint8))
    radius = rng.uniform(*look.blur) * side / 1000
    if neutral:
        if radius > 0.2:
            grey = grey.filter(ImageFilter.GaussianBlur(radius))
        luts = [[min(255, round(v * k)) for v in range(256)] for k in tint]
        picture = Image.merge("RGB", [grey.point(lut) for lut in luts])
    elif radius > 0.2:
        picture = picture.filter(ImageFilter.GaussianBlur(radius))
    if look.crop is not None and box is not None:
        room = round(look.crop * digit_px)
        left, top = max(0, box[0] - room), max(0, box[1] - room)
        picture = picture.crop((left, top, min(width, box[2] + room), min(height, box[3] + room)))
        box = (box[0] - left, box[1] - top, box[2] - left, box[3] - top)
    return picture, box


def save_jpeg(picture: Image.Image, path: Path, look: Look, rng: np.random.Generator) -> None:
    quality = int(rng.integers(look.quality[0], look.quality[1] + 1))
    picture.save(path, "JPEG", quality=quality)


# ---- digits from writers never seen in training ------------------------------------------


def unseen_digits(data: Path) -> list[PenDigit]:
    """Digits of writers never trained on: pendigits' test writers, then all of UNIPEN."""
    digits = [
        PenDigit(d.label, f"pendigits/{d.writer}", d.strokes)
        for d in datasets.read_pendigits(data / "pendigits" / "pendigits-orig.tra")
        if d.writer in datasets.PEN_TEST_WRITERS
    ]
    unipen = data / "unipen" / "unipen_1a_dev.npz"
    if unipen.is_file():
        digits += datasets.read_unipen(unipen)
    return digits


def sample_digits(folder: Path) -> list[PenDigit]:
    """The built-in pen samples (assets/samples/pen-D-N.json): unseen writers, no data needed."""
    return [
        PenDigit(int(path.stem.split("-")[1]), "sample", read_ink(path).strokes)
        for path in sorted(folder.glob("pen-*.json"))
    ]


COLUMNS = ["file", "label", "kind", "x0", "y0", "x1", "y1", "writer", "digit"]


def make_kind(
    digits: list[PenDigit], out: Path, kind: str, count: int, blanks: int, seed: int, scale: float
) -> list[dict]:
    """Write count pictures of one kind (digits 0-9 in turn) and blanks blank pages."""
    rng = np.random.default_rng([seed, KINDS.index(kind)])
    by_label = [[i for i, d in enumerate(digits) if d.label == label] for label in range(10)]
    rows = []
    for i in range(count + blanks):
        blank = i >= count
        look = look_for(kind, rng, i, scale)
        index = None if blank else pick(rng, by_label[i % 10])
        sample = None if blank else digits[index]
        picture, box = photo(None if blank else sample.strokes, look, rng)
        name = f"{kind}-{'blank-' if blank else ''}{i:04d}.jpg"
        save_jpeg(picture, out / name, look, rng)
        x0, y0, x1, y1 = box if box is not None else ("", "", "", "")
        rows.append(
            dict(
                file=name,
                label="" if blank else sample.label,
                kind=kind,
                x0=x0,
                y0=y0,
                x1=x1,
                y1=y1,
                writer="" if blank else sample.writer,
                digit="" if blank else index,
            )
        )
    return rows


def generate(
    digits: list[PenDigit],
    out: Path,
    per_kind: int,
    blanks: int,
    seed: int,
    kinds: Sequence[str] = KINDS,
    scale: float = 1.0,
    workers: int = 1,
) -> list[dict]:
    """Write the pictures and labels.csv into out; returns the rows of labels.csv.

    Each kind has its own random stream, so a kind's pictures do not depend on the others
    or on how many workers (processes) draw them.
    """
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(digits, out, kind, per_kind, blanks, seed, scale) for kind in kinds]
    if workers > 1 and len(kinds) > 1:
        with ProcessPoolExecutor(min(workers, len(kinds))) as pool:
            parts = list(pool.map(make_kind, *zip(*jobs)))
    else:
        parts = [make_kind(*job) for job in jobs]
    rows = [row for part in parts for row in part]
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def read_labels(folder: Path) -> list[dict]:
    """The rows of a generated folder's labels.csv (label "" for a blank page)."""
    with open(folder / "labels.csv", newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser, "pendigits/ and unipen/", always_read=False)
    parser.add_argument("--out", type=Path, required=True, help="folder for the pictures")
    parser.add_argument("--per-kind", type=int, default=110, help="pictures with a digit, per kind")
    parser.add_argument("--blanks", type=int, default=10, help="blank pages per kind")
    parser.add_argument("--seed", type=int, default=2024, help="the same seed, the same pictures")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument(
        "--samples",
        action="store_true",
        help="take the digits from assets/samples/pen-*.json instead of --data",
    )
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    digits = (
        sample_digits(ROOT / "assets" / "samples") if args.samples else unseen_digits(args.data)
    )
    rows = generate(
        digits, args.out, args.per_kind, args.blanks, args.seed, kinds, workers=args.workers
    )
    print(f"wrote {len(rows)} pictures of {len(kinds)} kinds to {args.out}")


if __name__ == "__main__":
    with reading_data():
        main()
