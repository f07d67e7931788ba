"""A number's ink split into its digits, left to right, by its strokes (pictures: components.py).

Lengths are in units of the drawing's digit height h: the median height of its strokes (or a
picture's blobs) that are at least half as tall as the tallest, a stroke OUTLIER_STROKE times
as tall as the others left out (a scribble down the side of a number).

Ink. The strokes are taken in the order they were drawn; each joins the digit drawn just
before it when one of these rules holds, and otherwise starts a new digit:

1. inside: the centre of one lies inside the other's x-range (by INSIDE) and their ink comes
   within NEAR (a crossed 7, an x-shaped 4, a 1 with a base, a two-stroke 0 or 8);
2. mark: one is at most MARK across and within MARK_NEAR of the other (a dot, a tick);
3. bar: one is flat (at most BAR_FLAT tall, wider than tall) and either lies at the other's
   top or bottom over its x-range within BAR_NEAR (a 5's bar, however far right it reaches,
   a 1's foot; up to a pen short of it only on its left, a 7's), or runs into the other's
   ink away from its own ends, or touches it halfway up within its x-range (a 7's
   crossbar, also one drawn from one side only; not a minus sign before a 6);
4. upright: a tall stroke (at most OUTLIER_STROKE) with a shorter shape (UPRIGHT_SHORTER) on
   its left, lifted UPRIGHT_LIFT above its bottom and within UPRIGHT_GAP (a 4 whose two
   strokes do not meet;
   a flat shape or a plus sign only within FLAT_UPRIGHT_GAP, not a sign before a 1, and one
   nearly as tall as the upright only within NEIGHBOUR_UPRIGHT_GAP, not a 6 before a 1; a
   minus sign halfway up never, _minus_before);
   lifted only UPRIGHT_LIFT_TOWARD when drawn just before the upright and ending at its own
   bottom right, towards it (a 4's L whose bar points at the down-stroke; ink only);
5. down-stroke: an upright (DOWN_UPRIGHT) drawn right after a stroke, starting DOWN_BELOW
   below its top and reaching down to its bottom, on its right, where that stroke ended
   (within DOWN_END): a 4 drawn as an L, then its down-stroke (ink only: it needs the order);
6. overdrawn: at least OVERDRAWN of the shorter one's points lie within OVER_PEN pen widths
   of the other's, their ink overlapping by at least a quarter of its width (a stroke drawn
   again over or beside itself, to darken or mend it; ink only: two 1s written close stay
   two, their ink at most touching).

Before the rules, a run of at least CHAIN strokes, each starting within CONTINUED pen widths
of where the one before ended (or ending where it started), becomes one stroke (a line drawn
with the pen lifted again and again); so do two straight strokes, the second going on in line
after the first (in_line: a 1 drawn in two pieces). A flat stroke at least RULE_WIDE across
that runs along two or more of the digits the other strokes make (a number underlined or
struck through), or one that holds two or more of them whole (a box or ring around a number),
is left out of the digits; so is a flat stroke drawn clear below a digit's ink and along it
(UNDERLINE_GAP: a digit underlined, once or twice; a 1's foot or a 2's base touches its
digit), unless it lies inside another part's box (a smiley's mouth), a comma (COMMA_TALL, COMMA_LOW,
COMMA_BELOW) between two digits at their foot or just below it, clear of their ink, and a flat
dash between two digits halfway up them, clear of their ink (_dash: "3-14" reads 314). A drawing
with more ink than MOST_INK resampled points (a scribble) is read whole.
No rule joins a part to one LINE_GAP or more below it when the upper is at least LINE_TALL of
the line height tall (line_height) and the lower LINE_PIECE, in a drawing of three such parts
or more, unless a part beside them reaches from the middle of one to the middle of the other:
they are digits in two lines written close, or a digit and the first piece of the one below
it (stacked, may_be_lines; pictures too).
Rules 1 and 6 also join a stroke to an earlier digit (a 7 crossed after the whole number), and
rules 2-5 do to an earlier digit level with it when no digit drawn since stands between them
across (a 4's down-stroke added once the next digit was written: _finished_late); for the same
reason a stroke does not join the digit before it by rules 2-5 when a stroke drawn later, level
with that digit, lies between them and joins it (a 4's L, a 1, then the 4's down-stroke); marks
left alone join the nearest digit, unless they lie at least STRAY from every digit (a stray
dot or slip of the pen, left out of the digits); a dot (a tap of the pen, DOT) clear of all
other ink is left out however near it lies. Digits are ordered by their centres.
Neighbours that overlap slightly stay apart: the centre of neither lies inside the other, and
a digit's first stroke is seldom a bar.

These rules never ask the network. reader.py does, for a digit it doubts: it reads the ways to
make it two digits that ink_splits (between its strokes) and components.image_cuts (along
cheap paths through a picture's ink) offer.

Tuned on the calibration writers of tools/make_numbers.py, and rule 5 also on the single
digits of the pendigits writers the network trains on and on numbers they write (a 4 whose
down-stroke starts a quarter down), rule 4 also on those numbers (a 4 whose left part is
nearly as tall as its down-stroke), rule 6 on both (OVER_PEN 1 joined 1s written close on
the calibration writers; 0.75 only two pairs of 1s made to overlap that closely, which
a person reads as one thick stroke too), continued strokes on their numbers (a CHAIN of 2 joined
the digits of 11 more of 3,000), and the late strokes on their numbers with one digit's last
stroke moved after the next digit; never on the test writers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from digitpad.core.ink import Ink

Box = tuple[float, float, float, float]

# All lengths are shares of the digit height h unless said otherwise.
TALL_STROKE = 0.5  # strokes at least this share of the tallest one measure h
# A stroke this many times as tall as two or more others that measure h (a scribble down the
# side of a number) does not measure it: the digits would otherwise be its marks.
OUTLIER_STROKE = 1.8
OUTLIER_PEERS = 0.8  # when the next two are about as tall (a 4's pieces need not be)
# Nor when it is more than OUTLIER_MOST times as tall as them: they are specks or dots then (a
# JPEG's specks around one blob of touching digits), and h would be theirs.
OUTLIER_MOST = 10.0
STEP = 0.03  # strokes are resampled this finely to measure the gaps between them
LOOK = 0.6  # gaps are measured exactly up to this (the largest gap a rule allows)
# The line rule's lengths are shares of the line height (line_height), which the pieces of a
# digit (an 8's loops drawn apart, a 4's L) do not pull down as they do h.
LINE_GAP = 0.08  # parts one above the other at least this far apart are in two lines
LINE_TALL = 0.6  # when the upper is at least this tall
LINE_PIECE = 0.3  # and the lower this (a piece of a digit, an 8's loop; no 1's base below it)
LINE_TALLEST = 0.75  # the line height is the median height of parts this share of the tallest
# A drawing whose strokes, resampled, have more points than this is not split: grouping costs
# the square of it, and the numbers of tools/make_numbers.py have at most 210 a digit and
# 1,223 in all (8 digits). More is a scribble or a hatching, read whole.
MOST_INK = 5000
# Continued strokes: a stroke starting at most CONTINUED pen widths from where the one before
# ended continues it, in a run of at least CHAIN strokes.
CONTINUED = 1.0
CHAIN = 3
# A straight stroke goes on in line after one lift (a 1 drawn in two pieces): both straight
# (their ends' distance at least STRAIGHT of their length), turned at most IN_LINE_DEGREES,
# the second starting at most IN_LINE_GAP of the shorter one's length on from the first's end
# and IN_LINE_ACROSS of it (or a pen width) off its line.
STRAIGHT = 0.95
IN_LINE_DEGREES = 15.0
IN_LINE_GAP = 0.3
IN_LINE_ACROSS = 0.1
# Rule 1, inside.
INSIDE = 0.03  # how far one's centre lies inside the other's x-range
NEAR = 0.35  # the largest gap between their ink
# Rule 2, mark.
MARK = 0.3  # a mark is no wider and no taller than this
MARK_NEAR = 0.25  # the largest gap between a mark and its digit
RULE_WIDE = 1.5  # a flat stroke this wide along two digits is a rule, in no digit
# A flat stroke wholly below another, along it and at least UNDERLINE_GAP clear of all other
# ink but other such strokes, underlines a digit and is in none. The bars of the calibration
# and training writers' digits below their bodies all touch them (at most 0.031 apart).
UNDERLINE_GAP = 0.06
# A comma is a mark at most COMMA_TALL tall, and taller than wide, between two digits of a
# line, its top in the lower COMMA_LOW of both or at most COMMA_BELOW below them (one hung
# below the line), its ink clear of all other ink: a thousands separator, in no digit. Up to
# 0.6 (a long one, hung low) none of the calibration writers' 1,000 numbers loses a digit.
COMMA_TALL = 0.6
COMMA_LOW = 0.4
COMMA_BELOW = 0.2
STRAY = 0.5  # a mark left alone at least this far from every digit is a stray, in no digit
# A dot: a tap of the pen, its centreline at most DOT pen widths across. One clear of all other
# ink is a slip of the pen, in no digit, however near (a click beside a 7's bar read "not a
# digit"; docs/wip/clicks_beside_digits.py); no digit of the calibration writers holds one
# that changes its reading.
DOT = 1.0
DOTTED = 100  # a drawing of more strokes than this keeps its dots
FRAME_SIDES = 3  # a frame around digits has ink beyond at least this many of their sides
# A frame closed on all four sides (a wide ring around a number) may hold ink only this share
# of its height tall where a caller asks more (framing's least). No part of the calibration
# writers' single digits, as ink or as pictures, holds the others on all four sides.
CLOSED_HOLDS = 0.35
LEVEL_FOOT = 1.5  # pen widths: parts whose feet are this level stand on one line (level_boxes)
# Rule 3, bar.
BAR_FLAT = 0.45  # a bar is at most this tall (and wider than tall)
BAR_END = 0.25  # its centre lies at most this far below the other's top or above its bottom
BAR_NEAR = 0.5  # the largest gap between such a bar and the other's ink
CROSS_INSIDE = 0.05  # a crossbar meets the other's ink away from this share of its length
# Rule 4, upright.
TALL = 0.6  # an upright is at least this tall
UPRIGHT_SHORTER = 0.95  # the other part is at most this share of the upright's height
UPRIGHT_LIFT = 0.2  # ends at least this far above the upright's bottom
# ... or this far, when drawn just before the upright and ending at its own bottom right,
# within TOWARD of its width and height (the L of a 4, its bar pointing at the down-stroke)
UPRIGHT_LIFT_TOWARD = 0.15
TOWARD = 0.1
UPRIGHT_TOP = 0.5  # starts within this top share of the upright's height
UPRIGHT_GAP = 0.6  # and its ink comes this near the upright's
# ... this near if it is flat (flat_box): a minus sign before a 1 is no 4's left part. The
# calibration and training writers' 4s with a flat left part apart came within 0.1.
FLAT_UPRIGHT_GAP = 0.15
# ... and none if the flat part's middle lies below UPRIGHT_MINUS of the upright's height from
# its top and either the upright is at least UPRIGHT_WIDE of its height across (a 2, a 6, not
# a 4's down-stroke) or the part is a straight bar, at most MINUS_STRAIGHT of the digit height
# tall (a 4's left part has a down-going side): a minus sign halfway up before a digit. (A 5's
# flag drawn apart, high on the next digit's left, stays with it: alone, it would read as a
# digit of its own.)
UPRIGHT_WIDE = 0.5
UPRIGHT_MINUS = 0.35
MINUS_STRAIGHT = 0.15
# ... this near if it is at least NEIGHBOUR_TALL of the upright's height: such a part is most
# often the digit before a taller or lower one ("61" as a 9); a 4's tall left part and a 9's
# loop drawn apart from its stem met it within 0.05 on the calibration and training writers.
NEIGHBOUR_TALL = 0.8
NEIGHBOUR_UPRIGHT_GAP = 0.1
# A plus sign (plus_sign): all its ink within PLUS_REACH of the box's height from its densest
# row, or of its width from its densest column; arms reaching at least PLUS_ARM of the box's
# width or height past their crossing on all four sides; the box at most PLUS_SQUARE times
# as wide as tall or as tall as wide. Is held to FLAT_UPRIGHT_GAP as well: "+1" is no 4.
PLUS_REACH = 0.1
PLUS_ARM = 0.25
PLUS_SQUARE = 1.5

DOWN_UPRIGHT = 2.0  # a down-stroke is at least this many times taller than wide
DOWN_BELOW = 0.25  # it starts at least this far below the top of the stroke before it
DOWN_ABOVE = 0.1  # and this far above its bottom, and reaches down to this near it or lower
DOWN_END = 0.25  # the stroke before it ends at most this far from its ink
# Rule 6, overdrawn.
OVERDRAWN = 0.8  # a share of the shorter part's points
OVER_PEN = 0.75  # how near the other's, in pen widths (a 1 gone over again beside itself)

EVERY_SPLIT = 4  # ink_splits tries every split of a digit of at most this many strokes
# ... and none of one of more than this: a digit has at most 4 strokes in the pen data, so
# this leaves room for retouching two digits; more is a scribble, and each split costs two
# readings.
MOST_SPLIT = 16


@dataclass
class Part:
    """A stroke, a group of strokes or an image component: its centreline points and box."""

    points: np.ndarray  # (n, 2) float64: canvas or image pixels
    members: list[int]
    box: Box = (0.0, 0.0, 0.0, 0.0)  # (x0, y0, x1, y1) of the points, set from them

    def __post_init__(self) -> None:
        x0, y0 = self.points.min(axis=0)
        x1, y1 = self.points.max(axis=0)
        self.box = (float(x0), float(y0), float(x1), float(y1))

    def merged(self, other: Part) -> Part:
        return Part(np.concatenate([self.points, other.points]), self.members + other.members)


def ink_box(ink: Ink) -> Box:
    """(x0, y0, x1, y1): the box around the ink's visible strokes in canvas pixels, pen included.

    Clipped to the canvas. Raises ValueError for an ink with no points.
    """
    points = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in ink.strokes if len(s)]
    if not points:
        raise ValueError("the ink has no strokes")
    every = np.concatenate(points)
    radius = max(w for s, w in zip(ink.strokes, ink.stroke_widths()) if len(s)) / 2
    x0, y0 = np.maximum(every.min(axis=0) - radius, 0.0)
    x1 = min(float(ink.width), every[:, 0].max() + radius)
    y1 = min(float(ink.height), every[:, 1].max() + radius)
    return float(x0), float(y0), float(x1), float(y1)


def split_ink(ink: Ink) -> list[Ink]:
    """The digits of a drawing, left to right, each an Ink on the same canvas and pen.

    An empty ink gives []; a drawing of one digit gives a single Ink with the very same
    strokes, so that reading it reads exactly what reading the whole drawing does, unless a
    stray mark (STRAY) or a dot (DOT) was left out of it. Strokes wholly outside the canvas are
    left out when there are several digits.
    """
    ink = ink_without_dots(ink)
    arrays, visible = [], []
    for index, stroke in enumerate(ink.strokes):
        if len(stroke):
            points = np.asarray(stroke, dtype=np.float64).reshape(-1, 2)
            if _on_canvas(points, ink):
                arrays.append(points)
                visible.append(index)
    if not visible:
        return []
    # Strokes are grouped, never cut: one stroke is one digit. Each stroke has a point at
    # least, so more strokes than MOST_INK need no resampling to be read whole.
    if len(visible) == 1 or len(visible) > MOST_INK:
        return [ink.copy()]
    pen = ink.effective_pen_width()
    chains, lines = _runs(arrays, pen)
    height = digit_height(lines)
    parts = [
        Part(_resample(line, STEP * height), [visible[i] for i in chain])
        for chain, line in zip(chains, lines)
    ]
    if sum(len(part.points) for part in parts) > MOST_INK:
        return [ink.copy()]  # far more ink than any number has: a scribble, read whole
    groups = _group_in_order(_without_rules(parts, height, pen), height, pen)
    if len(groups) == 1 and len(groups[0].members) == len(visible):
        return [ink.copy()]
    return [ink.subset(sorted(g.members)) for g in groups]


def ink_without_dots(ink: Ink) -> Ink:
    """The ink less its dots (DOT) that are clear of all its other ink: slips of the pen.

    The same ink when it has none, when all its strokes are as small (a drawing stippled dot
    by dot), or when it has more than DOTTED strokes (a hatching, read whole anyway).
    """
    drawn = [i for i, stroke in enumerate(ink.strokes) if len(stroke)]
    if not 1 < len(drawn) <= DOTTED:
        return ink
    pen = max(ink.stroke_widths())
    lines = [np.asarray(ink.strokes[i], dtype=np.float64).reshape(-1, 2) for i in drawn]
    small = [_dot_sized(line, pen) for line in lines]
    if not any(small) or all(small):
        return ink
    parts = [Part(_resample(line, pen / 4), [i]) for line, i in zip(lines, drawn)]
    dots = {
        i
        for part, i, tiny in zip(parts, drawn, small)
        if tiny and all(_gap(part, other, pen, 0.0) > 0 for other in parts if other is not part)
    }
    if not dots:
        return ink
    return ink.subset([i for i in range(len(ink.strokes)) if i not in dots])


def _dot_sized(line: np.ndarray, pen: float) -> bool:
    """Whether a stroke's centreline, (n, 2) canvas pixels, is at most DOT pen widths across."""
    return bool(np.ptp(line, axis=0).max() <= DOT * pen)


def _without_rules(parts: list[Part], height: float, pen: float) -> list[Part]:
    """The strokes less any rule or frame, at least RULE_WIDE across: a rule is flat and runs
    along at least two of the digits the other strokes make, over half the width of each (a
    number underlined or struck through); a frame holds at least two of them whole (a box or
    a ring drawn around a number). Neither is part of a digit; kept, a rule would join the
    last one as its bar, a frame one of them as its loop."""
    parts = without_separators(without_underlines(parts, height, pen), height, pen)
    wide = [i for i, p in enumerate(parts) if p.box[2] - p.box[0] >= RULE_WIDE * height]
    if not wide:
        return parts
    digits = _group_in_order([p for i, p in enumerate(parts) if i not in wide], height, pen)

    def along(rule: Part, digit: Part) -> bool:
        x0, _, x1, _ = digit.box
        return min(x1, rule.box[2]) - max(x0, rule.box[0]) > 0.5 * (x1 - x0)

    def ruled(part: Part) -> bool:
        if flat_box(part.box, height):
            return sum(along(part, digit) for digit in digits) >= 2
        held = [digit.box for digit in digits if holds(part.box, digit.box)]
        # Around them: a 2's base run on under two digits holds them too.
        return len(held) >= 2 and surrounds(part.points, union_box(held))

    return [p for i, p in enumerate(parts) if i not in wide or not ruled(p)]


def without_underlines(parts: list[Part], height: float, pen: float) -> list[Part]:
    """The parts less those that underline others, in the same order: each a flat stroke
    wholly below another part and along over half its width, inside none of their boxes (a
    smiley's mouth is no underline of its eye), its ink at least UNDERLINE_GAP clear of every
    part but such strokes (two lines close together underline a number twice)."""
    under = [_under(p, parts, height) for p in parts]
    rest = [p for p, below in zip(parts, under) if not below]
    least = UNDERLINE_GAP * height
    return [
        p
        for p, below in zip(parts, under)
        if not (below and all(_gap(q, p, pen, least) >= least for q in rest))
    ]


def _under(part: Part, parts: list[Part], height: float) -> bool:
    """Whether a part is a flat stroke wholly below another part and along over half its
    width, and inside none of their boxes."""
    if not flat_box(part.box, height):
        return False
    x0, top, x1, _ = part.box
    others = [p for p in parts if p is not part]
    if any(holds(p.box, part.box) for p in others):
        return False
    return any(
        top >= y1 and min(x1, ox1) - max(x0, ox0) > 0.5 * (ox1 - ox0)
        for ox0, _, ox1, y1 in (p.box for p in others)
    )


def without_separators(parts: list[Part], height: float, pen: float) -> list[Part]:
    """The parts less the commas (_comma) and dashes (_dash) between digits, in order."""
    return [p for p in parts if not (_comma(p, parts, height, pen) or _dash(p, parts, height, pen))]


def _comma(part: Part, parts: list[Part], height: float, pen: float) -> bool:
    """Whether a part is a comma (COMMA_TALL, COMMA_LOW, COMMA_BELOW): a small mark, taller
    than wide, whose top lies in the lower COMMA_LOW of a digit-tall part (LINE_TALL) on its
    left and of one on its right, or just below them, and whose ink meets no other part's."""
    x0, top, x1, bottom = part.box
    if not (bottom - top <= COMMA_TALL * height and x1 - x0 <= bottom - top):
        return False
    return _between_digits(
        part,
        parts,
        height,
        pen,
        lambda box: box[3] - COMMA_LOW * (box[3] - box[1]) <= top <= box[3] + COMMA_BELOW * height,
    )


def _dash(part: Part, parts: list[Part], height: float, pen: float) -> bool:
    """Whether a part is a dash between digits (a date's, a telephone number's): flat
    (flat_box), its middle in the middle half of a digit-tall part (LINE_TALL) on its left and
    of one on its right, its centre over or under no other part (a 7's crossbar, a plus sign's
    bar), and its ink meeting no other part's; unless it is a straight bar (MINUS_STRAIGHT),
    FLAT_UPRIGHT_GAP clear of it (a 4's left part drawn apart from its down-stroke)."""
    x0, top, x1, bottom = part.box
    centre, middle = (x0 + x1) / 2, (top + bottom) / 2
    if not flat_box(part.box, height) or any(
        p.box[0] <= centre <= p.box[2] for p in parts if p is not part
    ):
        return False
    clear = 0.0 if bottom - top <= MINUS_STRAIGHT * height else FLAT_UPRIGHT_GAP * height
    return _between_digits(
        part,
        parts,
        height,
        pen,
        lambda box: abs(middle - (box[1] + box[3]) / 2) <= (box[3] - box[1]) / 4,
        clear,
    )


def _between_digits(
    part: Part,
    parts: list[Part],
    height: float,
    pen: float,
    level: Callable[[Box], bool],
    clear: float = 0.0,
) -> bool:
    """Whether a mark lies between digits: a digit-tall part (LINE_TALL) on its left and one on
    its right whose box (x0, y0, x1, y1) level accepts, and its ink more than clear pixels from
    every other part's (_comma, _dash)."""
    middle = (part.box[0] + part.box[2]) / 2
    sides = [False, False]
    for box in (p.box for p in parts if p is not part):
        if box[3] - box[1] >= LINE_TALL * height and level(box):
            sides[(box[0] + box[2]) / 2 > middle] = True
    return all(sides) and all(_gap(p, part, pen, height) > clear for p in parts if p is not part)


def holds(outer: Box, inner: Box) -> bool:
    """Whether box outer (x0, y0, x1, y1) holds box inner whole, edges touching or not."""
    x0, y0, x1, y1 = outer
    return x0 <= inner[0] and y0 <= inner[1] and inner[2] <= x1 and inner[3] <= y1


def union_box(boxes: list[Box]) -> Box:
    """The box (x0, y0, x1, y1) around one or more boxes."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def holding_all(boxes: list[Box]) -> int | None:
    """The index of the one of two or more boxes that holds all the others (holds), else None."""
    for i, outer in enumerate(boxes if len(boxes) > 1 else []):
        if all(holds(outer, inner) for j, inner in enumerate(boxes) if j != i):
            return i
    return None


def framing(boxes: list[Box], inks: list[np.ndarray], least: float = 0.0) -> int | None:
    """The index of the box that holds all the others (holding_all) and whose ink surrounds
    them (surrounds), if they are at least least of its height tall together (CLOSED_HOLDS,
    if less, where its ink lies beyond all four of their sides), else None.

    inks: each box's ink, (n, 2) points (x, y) in the boxes' pixels.
    """
    frame = holding_all(boxes)
    if frame is None:
        return None
    inside = [box for k, box in enumerate(boxes) if k != frame]
    sides = surrounded_sides(inks[frame], union_box(inside))
    if sides < FRAME_SIDES:
        return None
    tall = max(box[3] for box in inside) - min(box[1] for box in inside)
    least = min(least, CLOSED_HOLDS) if sides == 4 else least
    return frame if tall >= least * (boxes[frame][3] - boxes[frame][1]) else None


def surrounds(points: np.ndarray, box: Box) -> bool:
    """Whether ink, (n, 2) points (x, y), lies beyond a box (x0, y0, x1, y1) on at least
    FRAME_SIDES of its four sides (surrounded_sides): a ring or a box drawn around digits
    does, even one left open on a side; a 2 whose base runs on under the digit after it lies
    on two (left and below)."""
    return surrounded_sides(points, box) >= FRAME_SIDES


def surrounded_sides(points: np.ndarray, box: Box) -> int:
    """On how many of a box's (x0, y0, x1, y1) four sides ink, (n, 2) points (x, y), lies
    beyond it, within the box's span along that side."""
    x, y = points[:, 0], points[:, 1]
    x0, y0, x1, y1 = box
    across, down = (x0 <= x) & (x <= x1), (y0 <= y) & (y <= y1)
    sides = ((across & (y < y0)), (across & (y > y1)), (down & (x < x0)), (down & (x > x1)))
    return sum(bool(side.any()) for side in sides)


def ink_without_frame(ink: Ink, least: float = 0.0) -> Ink | None:
    """The ink less the stroke whose box holds those of all its other strokes, whose line
    lies around them (framing) and comes within half a pen width of none of theirs (a box or
    ring drawn around a digit or a number; not one stroke of an X), the others at least least
    of its height tall together; None when no stroke is such a frame. Dots clear of the ink
    are left out (ink_without_dots), and no stroke as small (DOT) counts towards that height."""
    ink = ink_without_dots(ink)
    drawn = [i for i, stroke in enumerate(ink.strokes) if len(stroke)]
    lines = [np.asarray(ink.strokes[i], dtype=np.float64).reshape(-1, 2) for i in drawn]
    boxes = [(*line.min(axis=0), *line.max(axis=0)) for line in lines]
    pen = max(ink.stroke_widths())
    # A 0 holding a slip of the pen and a tap on its line is no ring around them.
    big = [k for k, line in enumerate(lines) if not _dot_sized(line, pen)]
    if holding_all([boxes[k] for k in big]) is None:
        return None  # as most drawings: their lines need not be traced
    traced = [_resample(line, pen / 4) for line in lines]
    at = framing([boxes[k] for k in big], [traced[k] for k in big], least)
    if at is None or not all(holds(boxes[big[at]], box) for box in boxes):
        return None
    frame = big[at]
    others = np.concatenate([line for k, line in enumerate(traced) if k != frame])
    # Ink that meets at an edge may be a frame drawn tight; lines that cross (an X) are not.
    if _min_distance(traced[frame], others) <= pen / 2:
        return None
    return ink.subset([i for k, i in enumerate(drawn) if k != frame])


def continued_strokes(strokes: list[np.ndarray], pen: float) -> list[list[int]]:
    """The strokes, (n, 2) float arrays in drawing order, as runs of indices: at least CHAIN
    strokes, each starting within CONTINUED pen widths of where the one before it ended (or
    ending where it started: pieces drawn the other way), are one line drawn with the pen
    lifted again and again (a sketchy hand, a tablet that loses contact), which the rules take
    as one stroke; so are two straight strokes, the second going on in line with the first
    (in_line). Every other stroke runs alone: a digit's end often meets the next digit's
    start by chance, so a lone lift is otherwise left to the rules."""
    runs: list[list[int]] = []
    for index, stroke in enumerate(strokes):
        before = strokes[index - 1] if index else None
        if (
            before is not None
            and len(before)
            and len(stroke)
            and _ends_meet(before, stroke, CONTINUED * pen)
        ):
            runs[-1].append(index)
        else:
            runs.append([index])
    chains = []
    for run in runs:
        if len(run) >= CHAIN:
            chains.append(run)
            continue
        for index in run:
            if (
                chains
                and chains[-1] == [index - 1]
                and in_line(strokes[index - 1], strokes[index], pen)
            ):
                chains[-1] = [index - 1, index]
            else:
                chains.append([index])
    return chains


def in_line(a: np.ndarray, b: np.ndarray, pen: float) -> bool:
    """Whether polyline b, drawn right after a, goes on in line with it: both straight
    (STRAIGHT), b turned at most IN_LINE_DEGREES from a's direction, and starting at most
    IN_LINE_GAP of the shorter one's length on from a's end (a pen width back at most) and
    IN_LINE_ACROSS of that length or a pen width off a's line."""
    chords = [p[-1] - p[0] for p in (a, b)]
    lengths = [float(np.hypot(*c)) for c in chords]
    shorter = min(lengths)
    if shorter <= pen or any(
        length < STRAIGHT * arc_lengths(p)[-1] for p, length in zip((a, b), lengths)
    ):
        return False
    along_a, along_b = (c / length for c, length in zip(chords, lengths))
    if float(along_a @ along_b) < np.cos(np.radians(IN_LINE_DEGREES)):
        return False
    step = b[0] - a[-1]
    ahead = float(step @ along_a)
    off = abs(float(step[0] * along_a[1] - step[1] * along_a[0]))
    return -pen <= ahead <= IN_LINE_GAP * shorter and off <= max(pen, IN_LINE_ACROSS * shorter)


def _ends_meet(a: np.ndarray, b: np.ndarray, reach: float) -> bool:
    """Whether polyline b starts within reach of where a ended, or ends within reach of where
    a started (the same line, drawn on in pieces the other way)."""
    return bool(np.hypot(*(b[0] - a[-1])) <= reach or np.hypot(*(b[-1] - a[0])) <= reach)


def _on_canvas(points: np.ndarray, ink: Ink) -> bool:
    """Whether any of a stroke's ink (its points and the pen around them) shows on the canvas."""
    reach = ink.effective_pen_width() / 2
    low, high = points.min(axis=0), points.max(axis=0)
    return bool(
        high[0] > -reach
        and high[1] > -reach
        and low[0] < ink.width + reach
        and low[1] < ink.height + reach
    )


def ink_digit_height(strokes: list[np.ndarray], pen: float) -> float:
    """h of ink as split_ink measures it: digit_height of its runs of continued strokes
    (continued_strokes), in canvas pixels. strokes: (n, 2) float arrays in drawing order."""
    return digit_height(_runs(strokes, pen)[1])


def _runs(strokes: list[np.ndarray], pen: float) -> tuple[list[list[int]], list[np.ndarray]]:
    """The strokes' runs (continued_strokes) and each run's points joined in drawing order."""
    chains = continued_strokes(strokes, pen)
    return chains, [np.concatenate([strokes[i] for i in chain]) for chain in chains]


def digit_height(strokes: list[np.ndarray]) -> float:
    """h: the median height of the strokes at least TALL_STROKE of the tallest (at least 1),
    the tallest left out if it is OUTLIER_STROKE (at most OUTLIER_MOST) times as tall as the
    next two, which are about as tall as each other (OUTLIER_PEERS). strokes: (n, 2) float
    arrays, canvas pixels (or picture pixels)."""
    heights = sorted(float(s[:, 1].max() - s[:, 1].min()) for s in strokes)
    rest = heights[:-1]
    if (
        len(rest) >= 2
        and rest[-2] >= OUTLIER_PEERS * rest[-1]
        and OUTLIER_STROKE * rest[-1] < heights[-1] <= OUTLIER_MOST * rest[-1]
    ):
        heights = rest
    least = TALL_STROKE * max(heights)
    tall = sorted(h for h in heights if h >= least)
    middle = len(tall) // 2
    median = tall[middle] if len(tall) % 2 else (tall[middle - 1] + tall[middle]) / 2
    return max(1.0, median)


def arc_lengths(points: np.ndarray) -> np.ndarray:
    """(n,) float64: how far along an (n, 2) polyline each of its points lies, from 0."""
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])


def _resample(points: np.ndarray, step: float) -> np.ndarray:
    """The polyline as points evenly spaced at most step apart, its ends kept."""
    if len(points) < 2:
        return points
    along = arc_lengths(points)
    count = max(2, int(np.ceil(along[-1] / step)) + 1)
    where = np.linspace(0.0, along[-1], count)
    return np.column_stack(
        [np.interp(where, along, points[:, 0]), np.interp(where, along, points[:, 1])]
    )


def _group_in_order(parts: list[Part], height: float, pen: float) -> list[Part]:
    """Group strokes, in drawing order, into digits; the digits sorted by their centres."""
    groups: list[Part] = []
    apart = line_rule(parts)
    for number, part in enumerate(parts):
        target = None
        # A stroke inside, across or over a digit joins it, the latest such digit first ...
        for index in range(len(groups) - 1, -1, -1):
            if apart(groups[index], part):
                continue
            gap = _lazy_gap(groups[index], part, height, pen)
            if (
                _inside(groups[index], part, height, gap)
                or _crossbar(groups[index], part, height, pen, gap)
                or _overdrawn(groups[index], part, pen)
            ):
                target = index
                break
        # ... otherwise it may only join the digit drawn just before it.
        if (
            target is None
            and groups
            and not apart(groups[-1], part)
            and same_digit(groups[-1], part, height, pen, drawn=True)
            and not _finished_between(groups[-1], part, parts[number + 1 :], apart, height, pen)
        ):
            target = len(groups) - 1
        # ... or finish an earlier one, gone back to (a 4's down-stroke after the next digit).
        if target is None:
            target = _finished_late(groups, part, apart, height, pen)
        if target is None:
            groups.append(part)
        else:
            groups[target] = groups[target].merged(part)
    groups = absorb_marks(groups, height, pen)
    return sorted(groups, key=_across)


def _finished_late(
    groups: list[Part],
    part: Part,
    apart: Callable[[Part, Part], bool],
    height: float,
    pen: float,
) -> int | None:
    """The index of a digit before the last that part belongs to by rules 2-5 (same_digit, as
    if drawn right after it), no digit drawn since standing between them across; None if none.
    Writing left to right, a stroke only goes back past the last digit to finish an earlier."""
    for index in range(len(groups) - 2, -1, -1):
        low, high = sorted((_across(groups[index]), _across(part)))
        if any(low < _across(g) < high for g in groups[index + 1 :]):
            continue
        if _finishes(groups[index], part, apart, height, pen):
            return index
    return None


def _across(part: Part) -> float:
    """The middle of a part's box across (pixels): digits are ordered by it."""
    return (part.box[0] + part.box[2]) / 2


def _finishes(
    group: Part, part: Part, apart: Callable[[Part, Part], bool], height: float, pen: float
) -> bool:
    """Whether part belongs to group by rules 2-5, as if drawn right after it, the two sharing
    some rows (a digit's pieces do; one below it in the next line need not be kept apart by
    the line rule, which asks for tall parts) and not in two lines (apart)."""
    level = group.box[1] < part.box[3] and part.box[1] < group.box[3]
    return level and not apart(group, part) and same_digit(group, part, height, pen, drawn=True)


def _finished_between(
    group: Part,
    part: Part,
    later: list[Part],
    apart: Callable[[Part, Part], bool],
    height: float,
    pen: float,
) -> bool:
    """Whether a part drawn later lies between group and part across and belongs to group by
    rules 2-5: then part is the next digit, and that later part finishes group (a 4's L, a 1,
    then the 4's down-stroke)."""
    low, high = sorted((_across(group), _across(part)))
    return any(low < _across(p) < high and _finishes(group, p, apart, height, pen) for p in later)


def line_rule(parts: list[Part]) -> Callable[[Part, Part], bool]:
    """stacked for two of the drawing's parts (or groups of them), its line height measured
    once; never true where the parts cannot be two lines (may_be_lines)."""
    line = line_height(parts)
    if not may_be_lines(parts, line):
        return lambda a, b: False
    return lambda a, b: stacked(a, b, line, parts)


def line_height(parts: list[Part]) -> float:
    """The height of the digits for the line rule, in pixels: the median height of the parts
    at least LINE_TALLEST of the tallest (at least 1; 1 for no parts)."""
    heights = np.array([p.box[3] - p.box[1] for p in parts] or [1.0])
    return max(1.0, float(np.median(heights[heights >= LINE_TALLEST * heights.max()])))


def may_be_lines(parts: list[Part], line: float) -> bool:
    """Whether the parts may be digits in two lines: at least three are LINE_TALL of the line
    height line (two alone are as often the pieces of one digit, an 8's loops drawn apart)."""
    return sum(p.box[3] - p.box[1] >= LINE_TALL * line for p in parts) >= 3


def stacked(a: Part, b: Part, line: float, parts: list[Part]) -> bool:
    """Whether one of a and b lies above the other, at least LINE_GAP of the line height line
    clear of it, the upper at least LINE_TALL of it tall and the lower LINE_PIECE: a digit
    and the one below it in the next line (or the first piece of it: an 8's first loop), whose
    ink may come near in two lines written close (asked only where may_be_lines). Not when
    one of the parts within LOOK of them reaches from the upper's middle to the lower's: a
    digit as tall as both beside them makes them the pieces of one (an 8's loops in "484")."""
    upper, lower = sorted((a, b), key=lambda part: part.box[1])
    tall = upper.box[3] - upper.box[1] >= LINE_TALL * line
    piece = lower.box[3] - lower.box[1] >= LINE_PIECE * line
    if not (tall and piece and lower.box[1] - upper.box[3] >= LINE_GAP * line):
        return False
    top, bottom = (upper.box[1] + upper.box[3]) / 2, (lower.box[1] + lower.box[3]) / 2
    left = min(a.box[0], b.box[0]) - LOOK * line
    right = max(a.box[2], b.box[2]) + LOOK * line
    return not any(
        p.box[1] <= top and p.box[3] >= bottom and p.box[0] <= right and p.box[2] >= left
        for p in parts
    )


def absorb_marks(groups: list[Part], height: float, pen: float) -> list[Part]:
    """Join each group no bigger than a mark to the nearest other group, or leave it out of
    all of them when none lies within STRAY."""
    index = 0
    while len(groups) > 1 and index < len(groups):
        x0, y0, x1, y1 = groups[index].box
        if max(x1 - x0, y1 - y0) + pen > MARK * height:
            index += 1
            continue
        mark = groups.pop(index)
        gaps = [_gap(group, mark, pen, STRAY * height) for group in groups]
        nearest = int(np.argmin(gaps))
        if gaps[nearest] < STRAY * height:
            groups[nearest] = groups[nearest].merged(mark)
        index = 0
    return groups


def _gap(a: Part, b: Part, pen: float, limit: float = np.inf) -> float:
    """The gap between the two parts' ink (0 where they touch or cross), in pixels.

    Gaps beyond limit (pixels) are not measured exactly: any value above limit comes back.
    """
    reach = limit + pen
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a.box, b.box
    if max(ax0 - bx1, bx0 - ax1, ay0 - by1, by0 - ay1) > reach:
        return limit + 1.0  # the boxes alone lie too far apart
    near_a = _within(a.points, b.box, reach)
    near_b = _within(b.points, a.box, reach)
    if not (len(near_a) and len(near_b)):  # no two points within reach of each other
        return limit + 1.0
    return max(0.0, _min_distance(near_a, near_b) - pen)


def _within(points: np.ndarray, box: Box, reach: float) -> np.ndarray:
    """The points inside box grown by reach on every side."""
    x0, y0, x1, y1 = box
    keep = (
        (points[:, 0] >= x0 - reach)
        & (points[:, 0] <= x1 + reach)
        & (points[:, 1] >= y0 - reach)
        & (points[:, 1] <= y1 + reach)
    )
    return points[keep]


def _min_distance(a: np.ndarray, b: np.ndarray) -> float:
    """The smallest distance between two point sets, (n, 2) and (m, 2)."""
    if len(a) * len(b) > 1_000_000:  # keep memory bounded for huge strokes
        big, small = (a, b) if len(a) >= len(b) else (b, a)
        return min(_min_distance(chunk, small) for chunk in np.array_split(big, 8))
    differences = a[:, None, :] - b[None, :, :]
    return float(np.sqrt((differences**2).sum(axis=-1).min()))


def _lazy_gap(a: Part, b: Part, height: float, pen: float) -> Callable[[], float]:
    """The gap between a and b in digit heights, measured on the first call only."""
    measured: list[float] = []

    def gap() -> float:
        if not measured:
            measured.append(_gap(a, b, pen, LOOK * height) / height)
        return measured[0]

    return gap


def same_digit(a: Part, b: Part, height: float, pen: float, drawn: bool = False) -> bool:
    """Whether b belongs to the digit a (rules 1-4 of the module docstring; 5 too when drawn:
    a's points are strokes in drawing order and b was drawn right after them)."""
    gap = _lazy_gap(a, b, height, pen)
    return (
        _inside(a, b, height, gap)
        or _mark(a, b, height, pen, gap)
        or _bar(a, b, height, pen, gap)
        or _crossbar(a, b, height, pen, gap)
        or _upright(a, b, height, pen, gap, toward=drawn and _ends_bottom_right(a))
        or (drawn and _down_stroke(a, b, height))
    )


def _overdrawn(a: Part, b: Part, pen: float) -> bool:
    """Rule 6: most of the shorter part's ink lies on the other's (drawn over it)."""
    short, other = sorted((a, b), key=lambda part: len(part.points))
    near = _within(short.points, other.box, OVER_PEN * pen)
    if len(near) < OVERDRAWN * len(short.points):
        return False  # decided by the boxes alone
    nearest = np.concatenate(
        [_nearest(chunk, other.points) for chunk in np.array_split(near, len(near) // 256 + 1)]
    )
    return int(np.count_nonzero(nearest <= OVER_PEN * pen)) >= OVERDRAWN * len(short.points)


def _nearest(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(n,) float64: the distance from each of a's (n, 2) points to the nearest of b's (m, 2)."""
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1).min(axis=1))


def _inside(a: Part, b: Part, height: float, gap: Callable[[], float]) -> bool:
    """Rule 1: one one's centre lies inside the other's x-range, and their ink is near."""
    ab, bb = a.box, b.box
    depth = max(
        min(centre - box[0], box[2] - centre)
        for centre, box in (((ab[0] + ab[2]) / 2, bb), ((bb[0] + bb[2]) / 2, ab))
    )
    return depth >= INSIDE * height and gap() <= NEAR


def _mark(a: Part, b: Part, height: float, pen: float, gap: Callable[[], float]) -> bool:
    """Rule 2: one of them is a small mark near the other."""
    small = min(max(p.box[2] - p.box[0], p.box[3] - p.box[1]) for p in (a, b)) + pen
    return small <= MARK * height and gap() <= MARK_NEAR


def flat_box(box: Box, height: float) -> bool:
    """Whether a box (x0, y0, x1, y1) holds a bar: at most BAR_FLAT of height (a digit's,
    in the box's units) tall, and wider than tall."""
    x0, y0, x1, y1 = box
    return y1 - y0 <= BAR_FLAT * height and x1 - x0 > y1 - y0


def _bar(a: Part, b: Part, height: float, pen: float, gap: Callable[[], float]) -> bool:
    """Rule 3: one is a flat bar at the other's top or bottom, over its x-range and near."""
    for bar, body in ((a, b), (b, a)):
        if not flat_box(bar.box, height):
            continue
        x0, y0, x1, y1 = bar.box
        bx0, by0, bx1, by1 = body.box
        middle = (y0 + y1) / 2
        at_end = middle <= by0 + BAR_END * height or middle >= by1 - BAR_END * height
        # The boxes around the ink meet; a bar may stop short of a body on its right (a 7's
        # bar drawn after its down-stroke), but one wholly right of a body is the next digit's.
        reach = pen if (x0 + x1) / 2 <= (bx0 + bx1) / 2 else 0.0
        meet = min(x1, bx1) - max(x0, bx0) + reach >= 0
        if at_end and meet and gap() <= BAR_NEAR:
            return True
    return False


def _crossbar(a: Part, b: Part, height: float, pen: float, gap: Callable[[], float]) -> bool:
    """Rule 3 too: one is a flat bar that runs into the other's ink (a 7's crossbar), or
    touches it halfway up within its x-range (a 7 crossed from one side only; a minus sign
    whose ink a thick pen makes touch a 6's is no part of it)."""
    for bar, body in ((a, b), (b, a)):
        if not (flat_box(bar.box, height) and gap() <= 0):
            continue
        middle = (bar.box[1] + bar.box[3]) / 2
        within = min(bar.box[2], body.box[2]) >= max(bar.box[0], body.box[0])
        halfway = within and (
            body.box[1] + BAR_END * height < middle < body.box[3] - BAR_END * height
        )
        if halfway or _crosses(bar.points, body.points, pen):
            return True
    return False


def _crosses(bar: np.ndarray, body: np.ndarray, pen: float) -> bool:
    """Whether the bar runs into the body's ink away from the bar's ends (a crossbar)."""
    distances = np.sqrt(((bar[:, None, :] - body[None, :, :]) ** 2).sum(axis=-1)).min(axis=1)
    into = np.flatnonzero(distances <= pen / 2)
    if not len(into):
        return False
    lengths = arc_lengths(bar)
    share = lengths[into] / max(lengths[-1], 1e-9)
    return bool(np.any((share >= CROSS_INSIDE) & (share <= 1 - CROSS_INSIDE)))


def _upright(
    a: Part, b: Part, height: float, pen: float, gap: Callable[[], float], toward: bool = False
) -> bool:
    """Rule 4: a tall stroke with a shorter shape high up on its left (a 4 drawn apart); a
    may be lifted less (UPRIGHT_LIFT_TOWARD) when toward: drawn just before b, it ends at its
    bottom right."""
    for tall, other in ((a, b), (b, a)):
        x0, y0, x1, y1 = tall.box
        ox0, oy0, ox1, oy1 = other.box
        lift = UPRIGHT_LIFT_TOWARD if toward and other is a else UPRIGHT_LIFT
        if (
            TALL * height <= y1 - y0 <= OUTLIER_STROKE * height
            and oy1 - oy0 <= UPRIGHT_SHORTER * (y1 - y0)
            and oy1 <= y1 - lift * height
            and oy0 <= y0 + UPRIGHT_TOP * (y1 - y0)
            and (ox0 + ox1) / 2 <= (x0 + x1) / 2
            and not _minus_before(other, tall, height)
            and gap() <= _upright_gap(other, oy1 - oy0 >= NEIGHBOUR_TALL * (y1 - y0), height, pen)
        ):
            return True
    return False


def _minus_before(flat: Part, digit: Part, height: float) -> bool:
    """Whether a part is a minus sign before a digit (UPRIGHT_MINUS, UPRIGHT_WIDE,
    MINUS_STRAIGHT): flat, halfway up or lower, before a wide digit or a straight bar."""
    x0, y0, x1, y1 = digit.box
    top, bottom = flat.box[1], flat.box[3]
    straight = bottom - top <= MINUS_STRAIGHT * height
    return (
        flat_box(flat.box, height)
        and (top + bottom) / 2 >= y0 + UPRIGHT_MINUS * (y1 - y0)
        and (straight or x1 - x0 >= UPRIGHT_WIDE * (y1 - y0))
    )


def _upright_gap(other: Part, tall: bool, height: float, pen: float) -> float:
    """How near rule 4's other part must come to the upright, in digit heights."""
    if _sign_like(other, height, pen):
        return FLAT_UPRIGHT_GAP
    return NEIGHBOUR_UPRIGHT_GAP if tall else UPRIGHT_GAP


def _sign_like(part: Part, height: float, pen: float) -> bool:
    """Whether a part could be a minus or a plus sign: flat (flat_box) or plus_sign."""
    return flat_box(part.box, height) or plus_sign(part.points, pen / 2)


def plus_sign(points: np.ndarray, reach: float = 0.0) -> bool:
    """Whether (n, 2) float points (evenly spaced along strokes, or a blob's pixels, reach
    then half the pen's width) lie along a plus sign: PLUS_REACH, PLUS_ARM, PLUS_SQUARE."""
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    width, height = x1 - x0, y1 - y0
    if min(width, height) <= 0 or max(width, height) > PLUS_SQUARE * min(width, height):
        return False
    row_reach, column_reach = reach + PLUS_REACH * height, reach + PLUS_REACH * width
    row, column = _densest(points[:, 1], row_reach), _densest(points[:, 0], column_reach)
    along_row = np.abs(points[:, 1] - row) <= row_reach
    along_column = np.abs(points[:, 0] - column) <= column_reach
    if not np.all(along_row | along_column):
        return False
    xs, ys = points[along_row, 0], points[along_column, 1]
    return bool(
        xs.min() <= column - PLUS_ARM * width
        and xs.max() >= column + PLUS_ARM * width
        and ys.min() <= row - PLUS_ARM * height
        and ys.max() >= row + PLUS_ARM * height
    )


def ink_plus_sign(ink: Ink) -> bool:
    """Whether ink's strokes lie along a plus sign (plus_sign)."""
    strokes = [np.asarray(stroke, dtype=np.float64) for stroke in ink.strokes if stroke]
    if not strokes:
        return False
    points = np.concatenate(strokes)
    step = STEP * float(np.ptp(points, axis=0).max())
    return plus_sign(np.concatenate([_resample(stroke, step) for stroke in strokes]))


def _densest(values: np.ndarray, reach: float) -> float:
    """The median of the most values that lie within 2 * reach of each other."""
    ordered = np.sort(values)
    ends = np.searchsorted(ordered, ordered + 2 * reach, side="right")
    start = int(np.argmax(ends - np.arange(len(ordered))))
    return float(np.median(ordered[start : ends[start]]))


def _ends_bottom_right(part: Part) -> bool:
    """Whether a part's last point (in drawing order) lies at the bottom right of its box."""
    x0, y0, x1, y1 = part.box
    x, y = part.points[-1]
    return x >= x1 - TOWARD * (x1 - x0) and y >= y1 - TOWARD * (y1 - y0)


def _down_stroke(a: Part, b: Part, height: float) -> bool:
    """Rule 5: b is an upright drawn down past the end of a, from well below a's top (a 4
    drawn as an L, then its down-stroke through the L's bar)."""
    x0, y0, x1, y1 = a.box
    bx0, by0, bx1, by1 = b.box
    if not (
        by1 - by0 >= DOWN_UPRIGHT * (bx1 - bx0)
        and y0 + DOWN_BELOW * height <= by0 <= y1 - DOWN_ABOVE * height
        and by1 >= y1 - DOWN_ABOVE * height
        and (bx0 + bx1) / 2 >= (x0 + x1) / 2
    ):
        return False
    return _min_distance(a.points[-1:], b.points) <= DOWN_END * height


def ink_splits(ink: Ink) -> list[tuple[Ink, Ink]]:
    """A digit's strokes split into two digits, each keeping the drawing order, never inside
    a run of continued strokes (continued_strokes): every way for up to EVERY_SPLIT runs (a
    run may be added to a digit after the next one), else (its first k runs, the rest). One
    run, or more than MOST_SPLIT, gives []."""
    strokes = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in ink.strokes]
    runs = continued_strokes(strokes, ink.effective_pen_width())
    count = len(runs)
    if count > MOST_SPLIT:
        return []
    if count <= EVERY_SPLIT:
        masks = range(1, 2 ** (count - 1))  # run 0 stays in the first digit
        seconds = [[i for i in range(1, count) if mask >> (i - 1) & 1] for mask in masks]
    else:
        seconds = [list(range(k, count)) for k in range(1, count)]
    splits = []
    for second in seconds:
        later = [i for run in second for i in runs[run]]
        splits.append(
            (ink.subset([i for i in range(len(strokes)) if i not in later]), ink.subset(later))
        )
    return splits


def joined_inks(a: Ink, b: Ink) -> Ink:
    """Two digits of one drawing (split_ink's), as one: a's strokes, then b's, each with its
    own pen, on their canvas."""
    both = a.copy()
    for stroke, width in zip(b.strokes, b.stroke_widths()):
        both.add_stroke(stroke, width)
    return both


def level_boxes(a: Ink, b: Ink) -> tuple[Box, Box]:
    """The boxes (x0, y0, x1, y1, canvas pixels, pen included across) of two inks' strokes
    within the rows that both their boxes span: side by side there, they may be two digits
    whatever reaches beyond (a 2's base run on under the 1 after it). Their own boxes
    (ink_box) when they share no rows, or one has no line in the rows they share."""
    box_a, box_b = ink_box(a), ink_box(b)
    top, bottom = max(box_a[1], box_b[1]), min(box_a[3], box_b[3])
    pen = max(a.effective_pen_width(), b.effective_pen_width())
    if abs(box_a[3] - box_b[3]) <= LEVEL_FOOT * pen:
        bottom -= pen  # standing on one line (a 1 on a 2's base): the line is beside neither
    if top >= bottom:
        return box_a, box_b
    level = []
    for ink in (a, b):
        pen = ink.effective_pen_width()
        lines = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in ink.strokes if len(s)]
        traced = np.concatenate([_resample(line, pen / 4) for line in lines])
        x = traced[(traced[:, 1] >= top) & (traced[:, 1] <= bottom), 0]
        if not len(x):
            return box_a, box_b
        level.append((x.min() - pen / 2, top, x.max() + pen / 2, bottom))
    return level[0], level[1]
