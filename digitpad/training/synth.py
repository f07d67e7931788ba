"""Synthetic ink for training and evaluation: digits placed as people draw, and non-digits."""

from __future__ import annotations

import itertools
import math

import numpy as np

from digitpad.core.ink import Ink, Stroke, default_pen_width
from digitpad.core.segment import arc_lengths
from digitpad.training.datasets import enclosed_holes, place_strokes, seven_stem, stroke_points

# The canvas a new window opens with; pen-drawn evaluation is rendered at this size.
DEFAULT_CANVAS = (360, 360)


def place_like_a_person(
    strokes: list[Stroke],
    rng: np.random.Generator,
    canvas: tuple[int, int] = DEFAULT_CANVAS,
    pen_scale: tuple[float, float] = (1.0, 1.0),
) -> Ink:
    """Put a drawing on the canvas 40-85% of its height tall, anywhere on it."""
    pen = default_pen_width(*canvas) * rng.uniform(*pen_scale)
    return place_strokes(
        strokes,
        canvas,
        height_fraction=rng.uniform(0.40, 0.85),
        position=(rng.uniform(), rng.uniform()),
        pen_width=pen,
    )


def rotate_strokes(strokes: list[Stroke], degrees: float) -> list[Stroke]:
    angle = math.radians(degrees)
    c, s = math.cos(angle), math.sin(angle)
    return [[(c * x - s * y, s * x + c * y) for x, y in stroke] for stroke in strokes]


# Capital letters that no one would take for a digit, as polylines in a unit box (y down).
LETTERS: dict[str, list[Stroke]] = {
    "A": [[(0, 1), (0.5, 0), (1, 1)], [(0.25, 0.55), (0.75, 0.55)]],
    "E": [[(1, 0), (0, 0), (0, 1), (1, 1)], [(0, 0.5), (0.7, 0.5)]],
    "F": [[(1, 0), (0, 0), (0, 1)], [(0, 0.5), (0.7, 0.5)]],
    "H": [[(0, 0), (0, 1)], [(1, 0), (1, 1)], [(0, 0.5), (1, 0.5)]],
    "K": [[(0, 0), (0, 1)], [(1, 0), (0, 0.55), (1, 1)]],
    "M": [[(0, 1), (0, 0), (0.5, 0.6), (1, 0), (1, 1)]],
    "N": [[(0, 1), (0, 0), (1, 1), (1, 0)]],
    "R": [[(0, 1), (0, 0), (0.8, 0), (0.9, 0.25), (0.8, 0.5), (0, 0.5), (1, 1)]],
    "T": [[(0, 0), (1, 0)], [(0.5, 0), (0.5, 1)]],
    "V": [[(0, 0), (0.5, 1), (1, 0)]],
    "W": [[(0, 0), (0.25, 1), (0.5, 0.3), (0.75, 1), (1, 0)]],
    "X": [[(0, 0), (1, 1)], [(1, 0), (0, 1)]],
    "Y": [[(0, 0), (0.5, 0.5), (1, 0)], [(0.5, 0.5), (0.5, 1)]],
    "m": [
        [(0, 1), (0, 0.3), (0.25, 0.2), (0.5, 0.35), (0.5, 1)],
        [(0.5, 0.35), (0.75, 0.2), (1, 0.35), (1, 1)],
    ],
    "w": [[(0, 0.3), (0.2, 1), (0.5, 0.5), (0.8, 1), (1, 0.3)]],
    "e": [
        [
            (0.05, 0.6),
            (0.95, 0.6),
            (0.85, 0.3),
            (0.5, 0.2),
            (0.15, 0.35),
            (0.05, 0.7),
            (0.3, 0.95),
            (0.7, 1),
            (0.95, 0.85),
        ]
    ],
}


def _polygon(points: int, radius: float = 0.5, phase: float = 0.0) -> Stroke:
    angles = [phase + 2 * math.pi * i / points for i in range(points + 1)]
    return [(0.5 + radius * math.cos(a), 0.5 + radius * math.sin(a)) for a in angles]


def _star() -> Stroke:
    corners = _polygon(5, phase=-math.pi / 2)
    return [corners[(2 * i) % 5] for i in range(6)]


def _spiral(turns: float) -> Stroke:
    steps = int(40 * turns)
    return [
        (
            0.5 + 0.5 * t / steps * math.cos(2 * math.pi * turns * t / steps),
            0.5 + 0.5 * t / steps * math.sin(2 * math.pi * turns * t / steps),
        )
        for t in range(steps + 1)
    ]


def _zigzag(teeth: int) -> Stroke:
    return [(i / (2 * teeth), float(i % 2)) for i in range(2 * teeth + 1)]


def _wave(periods: float) -> Stroke:
    return [(t / 60, 0.5 + 0.5 * math.sin(2 * math.pi * periods * t / 60)) for t in range(61)]


def _line(rng: np.random.Generator) -> list[Stroke]:
    # Anything steeper than this could honestly be a slanted "1".
    angle = math.radians(rng.uniform(35, 145))
    dx, dy = math.sin(angle) * 0.5, math.cos(angle) * 0.5
    return [[(0.5 - dx, 0.5 - dy), (0.5 + dx, 0.5 + dy)]]


def _scribble(rng: np.random.Generator) -> list[Stroke]:
    strokes = []
    for _ in range(rng.integers(1, 3)):
        heading, x, y = rng.uniform(0, 2 * math.pi), rng.uniform(), rng.uniform()
        stroke = []
        for _ in range(rng.integers(25, 70)):
            heading += rng.normal(0, 1.1)
            x, y = x + 0.12 * math.cos(heading), y + 0.12 * math.sin(heading)
            stroke.append((x, y))
        strokes.append(stroke)
    return strokes


SHAPES = {
    "triangle": lambda rng: [_polygon(3, phase=-math.pi / 2)],
    "square": lambda rng: [[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]],
    "star": lambda rng: [_star()],
    "spiral": lambda rng: [_spiral(rng.uniform(2.2, 4))],
    "hash": lambda rng: [
        [(0.3, 0), (0.3, 1)],
        [(0.7, 0), (0.7, 1)],
        [(0, 0.3), (1, 0.3)],
        [(0, 0.7), (1, 0.7)],
    ],
    "zigzag": lambda rng: [_zigzag(int(rng.integers(3, 7)))],
    "wave": lambda rng: [_wave(rng.uniform(1.5, 4))],
    "line": _line,
    "dot": lambda rng: [[(0.5, 0.5)]],
    "scribble": _scribble,
}

NON_DIGIT_KINDS = [f"letter {name}" for name in LETTERS] + list(SHAPES)


def non_digit_strokes(kind: str, rng: np.random.Generator) -> list[Stroke]:
    """A hand-drawn-looking instance of one kind of non-digit, in a roughly unit box."""
    if kind.startswith("letter "):
        strokes = [list(s) for s in LETTERS[kind.split(" ", 1)[1]]]
        # Squash some letters: people write them wider or narrower than a digit.
        strokes = [[(x * rng.uniform(0.6, 1.3), y) for x, y in s] for s in strokes]
    else:
        strokes = SHAPES[kind](rng)
    strokes = rotate_strokes(strokes, rng.uniform(-12, 12))
    return [_wobble(_densify(s), rng) for s in strokes]


def _densify(stroke: Stroke, step: float = 0.04) -> Stroke:
    dense: Stroke = [stroke[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
        count = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        dense.extend(
            (x0 + (x1 - x0) * i / count, y0 + (y1 - y0) * i / count) for i in range(1, count + 1)
        )
    return dense


def _wobble(stroke: Stroke, rng: np.random.Generator, step: float = 0.012) -> Stroke:
    """Hand tremor: a smooth random offset along the stroke, each point's change about step
    (in the stroke's units; the default suits a drawing in a unit box)."""
    noise = rng.normal(0, step, size=(len(stroke), 2)).cumsum(axis=0)
    noise -= noise.mean(axis=0)
    return [(x + dx, y + dy) for (x, y), (dx, dy) in zip(stroke, noise)]


def random_non_digit(
    rng: np.random.Generator,
    canvas: tuple[int, int] = DEFAULT_CANVAS,
    pen_scale: tuple[float, float] = (1.0, 1.0),
) -> tuple[str, Ink]:
    """A drawing that is no digit, as a person would put it on a canvas (width, height pixels):
    its kind (one of NON_DIGIT_KINDS) and its Ink, the pen scaled by a factor drawn from
    pen_scale (low, high)."""
    kind = NON_DIGIT_KINDS[rng.integers(len(NON_DIGIT_KINDS))]
    strokes = non_digit_strokes(kind, rng)
    if kind == "dot":
        # A tap: one point, a pen-width disc wherever it lands.
        pen = default_pen_width(*canvas) * rng.uniform(*pen_scale)
        x, y = rng.uniform(pen, canvas[0] - pen), rng.uniform(pen, canvas[1] - pen)
        return kind, Ink(canvas[0], canvas[1], [[(x, y)]], pen)
    return kind, place_like_a_person(strokes, rng, canvas, pen_scale)


def slash_zero(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """A 0's strokes (y down) with a slash added after them, as in the slashed zero (Ø).

    The slash runs from above the 0's box to below it, mostly from upper right to lower left
    ("/"), sometimes the other way ("\\"), as UNIPEN's writers of slashed zeros draw it.
    Raises ValueError for strokes without points.
    """
    points = stroke_points(strokes)
    if len(points) == 0:
        raise ValueError("a slash needs a drawing to cross")
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    top = (x0 + w * rng.uniform(0.5, 1.05), y0 - h * rng.uniform(0.0, 0.15))
    bottom = (x0 + w * rng.uniform(-0.05, 0.45), y1 + h * rng.uniform(0.0, 0.15))
    if rng.uniform() < 0.25:  # "\": mirror the slash across the box's middle
        top, bottom = (x0 + x1 - top[0], top[1]), (x0 + x1 - bottom[0], bottom[1])
    return [*strokes, _wobble(_densify([top, bottom], 0.04 * h), rng, 0.01 * h)]


def open_loop(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke] | None:
    """A 6's strokes (y down) with its loop left open, often angular, as many writers draw it.

    The loop closes where the last stroke first comes back within 0.08 of the drawing's
    height h of its own earlier path (at least h/2 behind); the stroke ends 0.06-0.16 h
    before that point. Half the time it is then redrawn through 6-9 points evenly spaced
    along it, with corners. None if the last stroke never closes a loop, or if the drawing
    still encloses a hole (datasets.enclosed_holes). Raises ValueError for strokes without
    points.
    """
    points = stroke_points(strokes)
    if len(points) == 0:
        raise ValueError("no drawing to open")
    height = max(np.ptp(points[:, 1]), 1e-6)
    last = np.array(_densify(strokes[-1], 0.02 * height))
    along = arc_lengths(last)
    closing = None
    for i in np.flatnonzero(along > height / 2):
        behind = last[along < along[i] - height / 2]
        if np.hypot(*(behind - last[i]).T).min() < 0.08 * height:
            closing = i
            break
    if closing is None:
        return None
    end = along[closing] - rng.uniform(0.06, 0.16) * height
    kept = along <= end
    if kept.sum() < 2:
        return None
    stroke = last[kept]
    if rng.uniform() < 0.5:
        at = np.linspace(0, along[kept][-1], int(rng.integers(6, 10)))
        stroke = np.column_stack(
            [np.interp(at, along[kept], stroke[:, 0]), np.interp(at, along[kept], stroke[:, 1])]
        )
    opened = [*strokes[:-1], [tuple(p) for p in stroke.tolist()]]
    return None if enclosed_holes(opened) else opened


def curve_tail(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """A 7's strokes (y down) with its stem (datasets.seven_stem) bowed into a curve: each
    point moves across the stem by 0.1-0.25 of the drawing's height times sin(pi t), t from
    0 at the corner to 1 at the foot; three times in four the bow bulges to the right.
    Raises ValueError for strokes without points."""
    points = stroke_points(strokes)
    if len(points) == 0:
        raise ValueError("no stem to curve")
    height = max(np.ptp(points[:, 1]), 1e-6)
    index, start, stop = seven_stem(strokes)
    stroke = np.array(strokes[index], np.float64).reshape(-1, 2)
    head, stem, foot = stroke[:start], stroke[start : stop + 1], stroke[stop + 1 :]
    stem = np.array(_densify([tuple(p) for p in stem.tolist()], 0.04 * height))
    chord = stem[-1] - stem[0]
    length = np.hypot(*chord)
    if len(stem) < 2 or length < 1e-6:
        return strokes
    across = np.array([-chord[1], chord[0]]) / length  # perpendicular to the stem
    if (across[0] < 0) == (rng.uniform() < 0.75):
        across = -across  # three times in four towards larger x, else towards smaller
    along = arc_lengths(stem)
    bow = rng.uniform(0.1, 0.25) * height * np.sin(np.pi * along / max(along[-1], 1e-6))
    curved = np.concatenate([head, stem + bow[:, None] * across, foot])
    return [*strokes[:index], [tuple(p) for p in curved.tolist()], *strokes[index + 1 :]]
