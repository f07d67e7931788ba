"""Reading whole drawings: the digits of a number left to right, each with its box and input."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageOps

from digitpad.core.components import (
    SMALLEST_PAIR,
    crop_geometry,
    image_cuts,
    image_without_frame,
    joined_crops,
    pens_across,
    split_image,
)
from digitpad.core.ink import Ink
from digitpad.core.pairs import PairReading, pair_network
from digitpad.core.preprocess import (
    INK_LEVEL,
    MIN_INK_MASS,
    ink_intensity,
    model_input,
    pair_input,
)
from digitpad.core.recognizer import ranked_digits
from digitpad.core.render import stroke_arrays
from digitpad.core.segment import (
    LINE_TALL,
    flat_box,
    holds,
    ink_box,
    ink_digit_height,
    ink_plus_sign,
    ink_splits,
    ink_without_frame,
    joined_inks,
    level_boxes,
    split_ink,
    union_box,
)

if TYPE_CHECKING:
    from digitpad.core.adapt import Adapter
    from digitpad.core.foreign import ForeignModel
    from digitpad.core.recognizer import Recognition, Recognizer

Box = tuple[float, float, float, float]
Drawing = Ink | Image.Image

# Segmentation by recognition: a digit that the network reads less surely than DOUBT is
# tried as two digits, and read as the two that it reads best, if it reads both at least
# SURE. Ink is split between its strokes, images along cheap paths through the ink
# (components.image_cuts). Chosen on the calibration writers of tools/make_numbers.py; ink's
# DOUBT is as high as pictures': a 1 with a foot before another 1, which segment's rule 4
# takes for a 4's two strokes, reads as a 4 at 0.85.
# Casey and Lecolinet, "A survey of methods and strategies in character segmentation",
# IEEE PAMI 18(7), 1996 (recognition-based segmentation).
DOUBT = {"ink": 0.9, "image": 0.9}
SURE = {"ink": 0.95, "image": 0.9}
# And the other way: a drawing split into two digits, one of which the network doubts (below
# HALF_DOUBT), is one digit when it reads the whole drawing surely as one (at least WHOLE_SURE):
# a 0 cut in two is read "0", not "63". Not when the two lie more than ONE_DIGIT_GAP of their
# height apart: squeezed into one input, a 2 and a scribble far from it can read as a sure 2.
# Nor when each reads as the digit the whole reads, their columns apart: two 4s squeezed
# together read as a 4 (a 1's flag cut off its upright reads as a 1 too, but overlaps it).
# In a drawing of more digits, two such neighbouring pieces are read together (_join_pieces)
# when the network doubts both: a 4 whose two strokes were grouped apart reads as two doubtful
# digits, while a digit doubted beside a sure one is more often a digit of its own, unless it
# lies within the other's columns or the other within its (a 4's down-stroke in its L's). In a
# picture, also two pieces whose columns overlap when the one digit is clearly likelier than
# the two (WIDE_BETTER): a looped 2 in two blobs, read "5" and "2" beside the next digit.
HALF_DOUBT = 0.9
WHOLE_SURE = 0.95
ONE_DIGIT_GAP = 0.25
# Ink's two pieces that each read surely are one digit too when they share at least
# SHARED_COLUMNS of the narrower one's columns and the whole reads surely as neither's digit:
# a 4's L and down-stroke grouped apart read "61" (they share 0.6 or more); neighbours
# written close share less (a 9 and a 3 overlapping read as a sure 8; 0.25 at most).
SHARED_COLUMNS = 0.5
# Not when the two read together as SQUEEZED: a 1 touching a 3 shares most of the 1's narrow
# columns, and two digits squeezed into one input read as an 8 most often ("13", "93").
SQUEEZED = 8
# It never joins two digits one above the other (_one_above), each at least segment.LINE_TALL
# of the drawing's median digit height: digits of two lines (a wide 7 read as one with the 1
# below it), where an 8's loops apart are each about half as tall.
# In a picture, neighbours whose strokes cross are one blob that no cut parts, and the network
# may read it surely as one digit. Every digit of a picture is also read by the pair network
# (digitpad.core.pairs, tools/train_pairs.py) and taken as its two digits when that finds it
# a pair at least PAIR_SURE likely. Chosen on the calibration writers of tools/make_numbers.py.
PAIR_SURE = 0.98
# ... and that is sure enough which two they are, each at least PAIR_DIGITS likely (its
# marginals): a "pair" with a digit that is anyone's guess is more often one digit holding a
# piece of its neighbour's ink ("809" read "8243"). Chosen on the same writers.
PAIR_DIGITS = 0.5
# ... each at least PAIR_DIGITS_ALONE when the blob is the whole picture, which the digit
# network read as one digit: a single digit made large (an MNIST digit scaled up threefold) was
# read as a pair too often. Chosen on the calibration writers and MNIST's calibration digits.
PAIR_DIGITS_ALONE = 0.9
# And the other way: a picture's digit that a cut parts into two sure digits stays one when the
# pair network finds it a pair less than PAIR_ONE likely: a 4 whose L and down-stroke barely
# touch is no "11". Chosen on the calibration writers (docs/decisions/pair-network.md).
PAIR_ONE = 0.1
# A part of a number that the digit network finds more likely no digit (NO_DIGIT) is offered
# too, since two crossing digits often are one, but taken as a pair only if the pair network
# is surer (REJECTED_PAIR_SURE, each side REJECTED_PAIR_DIGITS) and a digit of the number read
# surely (SURE) is as tall, give or take REJECTED_PAIR_HEIGHT of its height: a scribble beside
# digits reads as a sure pair too often otherwise. Chosen on the calibration writers' numbers
# and on scribbles, letters and shapes as pictures (docs/decisions/pair-network.md).
REJECTED_PAIR_SURE = 0.999
REJECTED_PAIR_DIGITS = 0.9
REJECTED_PAIR_HEIGHT = 0.25
# Where such a pair's two digits part, and how far past it each reaches (shares of its width).
PAIR_MIDDLE = 2.0
PAIR_REACH = 0.1
# A pair's digit may leave a piece of its ink out: a 4's down-stroke that crosses no other ink
# is a blob of its own. A neighbour whose columns overlap that digit's, read as the same digit
# but unsurely (under PIECE_UNSURE), is the rest of it, not a digit of its own.
PIECE_UNSURE = 0.5
# Two digits that touch may read surely as one ("55" as a 5): a digit at least WIDE_AS_TWO
# of its height across is tried as two however sure the network is, and made two if it reads
# both halves at least WIDE_SURE and the two together (the product of their probabilities)
# at most WIDE_BETTER times as likely wrong as the one: a bold 9 read at 98% is not two 1s
# read at 99%. In ink, where strokes that overlap group two digits as one ("85" as an 8), a
# wider digit: 0.8-1.1 gave the fewest wrong digit counts on the calibration writers' numbers
# (10-11 of 3,000, 12 without), 0.7-0.9 on those of the training writers (8 of 2,000, 13).
WIDE_AS_TWO = {"ink": 0.9, "image": 0.7}
WIDE_SURE = 0.95
WIDE_BETTER = 0.5
ROUNDS = 3  # at most this many rounds of trying doubted digits as two
# Strokes of one digit tried as two are two digits only if they lie side by side: ranges
# across overlapping by at most SIDE_BY_SIDE of the wider one's width, and the wider reaching
# past the narrower on both sides by at most ACROSS of the narrower's width; so their whole
# boxes, or their ink in the rows both span (a 2's base run on under the 1 after it).
SIDE_BY_SIDE = 0.5
ACROSS = 0.1
# ... or one above the other, at least ABOVE of the taller one's height apart: two lines
# written close, a digit over another, which rule 1 of segment.py groups as one.
ABOVE = 0.1
# Two lines written closer still group a digit with the one below it, and the two may read
# as one sure digit ("2" over "7" as a 7): an ink digit at least TALL_AS_TWO times as tall as
# the drawing's strokes (segment.ink_digit_height) is tried as two, and made two only if those
# lie one above the other and both read at least WIDE_SURE.
TALL_AS_TWO = 1.6
# The lines of a drawing are the connected components of its digits, two digits linked when
# they overlap in height by at least LINE_OVERLAP of the shorter (a 1 begun halfway down the
# digit before it is in its line), as drawn and once the lines' common slant is taken out;
# read from the top down.
LINE_OVERLAP = 0.25
# A part more than LINE_BRIDGE times as tall as the drawing's median part links no lines.
LINE_BRIDGE = 1.6
# An ink digit whose box (the pen included) is less than this many pen widths across is a blob
# to the network (its preview shows one): its reading is never sure, however high.
BLOB_PENS = 3.0
# ... and it is said to be drawn too small (blob), which says what to do better than "maybe
# not a digit", unless it is at most DOT_PENS across: a tap of the pen is no digit drawn small.
DOT_PENS = 1.5
# A picture's digit less than BLOB_RUNS of its median run of ink across (components.
# pens_across: slanted strokes make those runs longer than the pen) is a blob too, unless it
# is at most DOT_RUNS across. No digit of the MNIST test set is under 2.0.
BLOB_RUNS = 1.8
DOT_RUNS = 1.3
# A part of a number at most MARK_TALL of its tallest digit's height that is a blob to the
# network is a mark (a comma or a dash touching a digit in small writing), left out of it.
MARK_TALL = 0.5
# In a drawing of several digits, a flat mark (segment.flat_box, against the tallest digit)
# that the network finds less likely a digit than NO_DIGIT is left out of the number: a minus
# sign, an underline in a picture. Up to 0.7 it left out none of the digits of the calibration
# writers' 1,000 numbers (seeds 0 and 1) read as ink and as pictures. So is a plus sign in
# ink (segment.plus_sign) read below WHOLE_SURE.
NO_DIGIT = 0.5
# So is a box or ring drawn around a digit or a number (an answer framed): when the network
# reads as no digit a part that holds all the others, the drawing is read again without the
# stroke or blob of ink that holds all the rest, and that reading kept if all it reads are
# digits (each at least NO_DIGIT). It is read again so also when a stroke (a blob) holds all
# the others at least FRAME_HOLDS of its height tall (segment.CLOSED_HOLDS if it is closed
# around them: a wide ring), crossing none of them, whatever the network read: a ring around
# a 1 can read as a sure 0, one around "305" as "3005". Where a stroke of the calibration
# writers' single digits holds the others, they are a dot or a bar at most 0.1 of its height
# tall (0.34 on the test writers').
FRAME_HOLDS = 0.45


@dataclass(frozen=True)
class DigitReading:
    """One digit: where it is, what the network was given, and what it read.

    box: (x0, y0, x1, y1) in the drawing's own pixels (canvas pixels for ink, image pixels for
    a picture); pixels: the (28, 28) float32 network input; theirs: the reading of a model the
    user opened, if any; drawing: the digit's own strokes or crop (segment.py, components.py),
    None when it is the whole drawing.
    """

    box: Box
    pixels: np.ndarray
    recognition: Recognition
    theirs: Recognition | None = None
    drawing: Drawing | None = None


@dataclass(frozen=True)
class DrawingReading:
    """A drawing read as a number (digits in reading order: left to right, a second line after
    the first, see in_lines) and as one digit (whole; None for ink of three or more digits read
    without it, see read_drawings). left_out: whether some of its ink is in none of the digits
    (a minus or plus sign, a line under them, a frame around them, a stray dot far from them).
    line_starts: the index in digits of the first digit of each line after the first."""

    digits: list[DigitReading]
    whole: DigitReading | None
    left_out: bool = False
    line_starts: tuple[int, ...] = ()

    @property
    def number(self) -> str:
        """The best digit of each, left to right: '2026'."""
        return "".join(str(d.recognition.ranked[0][0]) for d in self.digits)

    @property
    def marked_number(self) -> str:
        """The number with a '?' in place of each digit the network is not sure of: '20?6'."""
        return "".join(
            "?" if d.recognition.not_sure else str(d.recognition.ranked[0][0]) for d in self.digits
        )

    @property
    def line_bounds(self) -> tuple[int, ...]:
        """The index of each line's first digit, then the number of digits: (0, 2, 4)."""
        return (0, *self.line_starts, len(self.digits))

    def lines(self, text: str) -> list[str]:
        """text (number or marked_number) cut into its lines, from the top: ['12', '34']."""
        return [text[start:end] for start, end in itertools.pairwise(self.line_bounds)]


def read_drawings(
    recognizer: Recognizer,
    drawings: list[Drawing],
    theirs: ForeignModel | None = None,
    adapter: Adapter | None = None,
    whole: bool = True,
) -> list[DrawingReading | None]:
    """Read drawings (ink or images) as numbers, in one network call for all their digits,
    and up to ROUNDS more for the digits it doubts or finds too wide, tried as two (DOUBT).

    None for a drawing with nothing to read. A drawing of one digit that the network is sure
    of is read exactly as model_input and the recognizer read it alone. theirs: a user's own
    model, read beside; adapter: the user's handwriting profile (digitpad.core.adapt), which
    the readings of the digits found take into account. Where the digits are is found by the
    network alone: the user's samples are single digits, and a 1 pulled towards their 7 must
    not make "71" one digit. whole=False leaves out reading ink of three or more digits as one
    digit, which only `digitpad predict` reports: the app reads sooner.
    """
    parts = [_split(drawing, whole) for drawing in drawings]
    inputs = [p for part in parts for p in part if p is not None]
    read = iter(_read(recognizer, inputs, theirs))
    readings = [[next(read) if p is not None else None for p in part] for part in parts]
    # The digits of each drawing: all but the whole, or the whole itself when it holds one
    # digit or is better read as one (_one_digit: then settled, not tried as two again).
    found: list[list[DigitReading]] = []
    untried: list[list[DigitReading]] = []
    for drawing, digits in zip(drawings, readings):
        # Ink's strokes give two pieces of one digit at most; a small or faint picture's
        # strokes may break into more (a 28x28 0 in three arcs).
        pieces = len(digits) == 3 or (len(digits) > 3 and _kind(drawing) == "image")
        if pieces and _one_digit(digits[0], digits[1:], _kind(drawing) == "image"):
            found.append(digits[:1])
            untried.append([])
        else:
            found.append(digits[1:] or digits[:1])
            untried.append(list(found[-1]))
    found, untried = _join_pieces(recognizer, drawings, found, untried, theirs)
    tall = [_tall_height(drawing) for drawing in drawings]
    for _ in range(ROUNDS):  # a digit made two may hold a third (three digits that touch)
        doubted = [
            (i, digit, pairs)
            for i, drawing in enumerate(drawings)
            for digit in untried[i]
            if _doubted(drawing, digit, tall[i])
            for pairs in [_two_digits(drawing, digit)]
            if pairs
        ]
        if not doubted:
            break
        pieces = [piece for _, _, pairs in doubted for pair in pairs for piece in pair]
        read = iter(_read(recognizer, pieces, theirs))
        untried = [[] for _ in drawings]
        made_two = []
        for i, digit, pairs in doubted:
            best = max(
                [(next(read), next(read)) for _ in pairs],
                key=lambda two: min(map(_sureness, two)),
            )
            if _made_two(drawings[i], digit, best):
                made_two.append((i, digit, best))
        single = _surely_one(recognizer, [(drawings[i], digit) for i, digit, _ in made_two])
        for i, digit, best in made_two:
            if id(digit) not in single:
                two = sorted(best, key=_middle)
                at = next(k for k, d in enumerate(found[i]) if d is digit)
                found[i][at : at + 1] = two
                untried[i] += two
    if adapter is not None and not adapter.is_empty:
        readings, found = _adapted(recognizer, adapter, readings, found)
    for i, drawing in enumerate(drawings):
        if _kind(drawing) == "image" and found[i]:
            found[i] = _pairs_apart(recognizer, drawing, found[i])
    if theirs is not None:
        found = _theirs_beside_pairs(theirs, found)
    results: list[DrawingReading | None] = []
    for drawing, digits, mine in zip(drawings, readings, found):
        if not digits:
            results.append(None)
            continue
        # Once each: the whole may be the one digit found, and stays the same object.
        tallest = max((d.box[3] - d.box[1] for d in mine), default=0.0)
        marked = {id(d): _unsure_if_blob(drawing, d) for d in (digits[0], *mine) if d}
        mine = [
            d for d in mine if not (_no_digit(d, tallest) or _small_blob(d, marked[id(d)], tallest))
        ] or mine
        first, *rest = sorted(mine, key=_middle)
        if rest and _sign(first, rest, tallest):
            mine = [d for d in mine if d is not first]
        one = marked[id(digits[0])] if digits[0] else None
        lines = in_lines([marked[id(d)] for d in mine])
        starts = tuple(itertools.accumulate(len(line) for line in lines[:-1]))
        digits_read = [digit for line in lines for digit in line]
        results.append(DrawingReading(digits_read, one, _left_out(drawing, mine), starts))
    for i, (drawing, reading) in enumerate(zip(drawings, results)):
        if reading is None:
            continue
        if isinstance(drawing, Ink):
            unframed = ink_without_frame(drawing, FRAME_HOLDS)
        else:  # its blobs: a digit in a ring may be one part with it, or the ring cut in two
            unframed = image_without_frame(drawing, FRAME_HOLDS)
        if unframed is None and _framed(reading):
            unframed = _without_frame(drawing)
        if unframed is not None:
            [again] = read_drawings(recognizer, [unframed], theirs, adapter, whole)
            if again is not None and not any(_not_a_digit(d) for d in again.digits):
                results[i] = replace(again, left_out=True)  # the frame
    return results


def _left_out(drawing: Drawing, digits: list[DigitReading]) -> bool:
    """Whether some of a drawing's ink is in none of its digits: a stroke of ink, or more than
    a speck (MIN_INK_MASS) of a picture's dark ink outside every digit's box (its other blobs
    all lie in some digit; a JPEG's lone noisy pixel beside one is no mark)."""
    if isinstance(drawing, Ink):
        drawn = sum(1 for stroke in drawing.strokes if stroke)
        used = sum(
            drawn if d.drawing is None else sum(1 for stroke in d.drawing.strokes if stroke)
            for d in digits
        )
        return used < drawn
    intensity = ink_intensity(drawing)
    outside = intensity >= INK_LEVEL
    for x0, y0, x1, y1 in (d.box for d in digits):
        outside[math.floor(y0) : math.ceil(y1), math.floor(x0) : math.ceil(x1)] = False
    return float(intensity[outside].sum()) / 255 >= MIN_INK_MASS


def _framed(reading: DrawingReading) -> bool:
    """Whether a part read as no digit holds all the others (NO_DIGIT): maybe a frame."""
    return any(
        _not_a_digit(d) and all(holds(d.box, other.box) for other in reading.digits)
        for d in reading.digits
    )


def _without_frame(drawing: Drawing) -> Drawing | None:
    if isinstance(drawing, Ink):
        return ink_without_frame(drawing)
    return image_without_frame(drawing)


def _not_a_digit(digit: DigitReading) -> bool:
    return digit.recognition.digit_probability < NO_DIGIT


def _unsure_if_blob(drawing: Drawing, digit: DigitReading) -> DigitReading:
    """The digit, marked not sure if it is ink less than BLOB_PENS pen widths across (a
    picture's BLOB_RUNS), and a blob unless it is a dot (DOT_PENS, DOT_RUNS; also when the
    network is not sure of it anyway: the user is told why)."""
    ink = digit.drawing if digit.drawing is not None else drawing
    if isinstance(ink, Ink):
        x0, y0, x1, y1 = digit.box
        across = max(x1 - x0, y1 - y0) / max(ink.stroke_widths())
        least, dot = BLOB_PENS, DOT_PENS
    else:
        across, least, dot = pens_across(ink), BLOB_RUNS, DOT_RUNS
    if across >= least:
        return digit
    blob = across > dot
    return replace(digit, recognition=replace(digit.recognition, not_sure=True, blob=blob))


def in_lines(digits: list[DigitReading]) -> list[list[DigitReading]]:
    """Digits in reading order: the lines from the top, each left to right: digits level
    with each other (LINE_OVERLAP) as drawn and once the lines' common slant (_slant) is
    taken out are in one line; a part far taller than the rest (LINE_BRIDGE) links none."""
    if len(digits) < 2:
        return [digits]
    across = [(d.box[0] + d.box[2]) / 2 for d in digits]
    # Level as drawn too: a digit that strays from its line's slant (a 9 written lower at the
    # end of a rising line) then never bridges two lines.
    drawn = [(d.box[1], d.box[3]) for d in digits]
    slant = _slant(across, drawn)
    rows = [(top - slant * x, bottom - slant * x) for (top, bottom), x in zip(drawn, across)]
    # A part far taller than the digits (a scribble down two lines) links no two lines: it
    # joins, once they are found, the one level with it whose middle is nearest its own.
    heights = [bottom - top for top, bottom in drawn]
    bridges = {i for i, h in enumerate(heights) if h > LINE_BRIDGE * np.median(heights)}
    line = list(range(len(digits)))  # each digit's line, as the first digit in it

    def first(i: int) -> int:
        while line[i] != i:
            i = line[i]
        return i

    for i, j in itertools.combinations(range(len(digits)), 2):
        if i in bridges or j in bridges:
            continue
        if _level(rows[i], rows[j]) and _level(drawn[i], drawn[j]):
            line[first(j)] = first(i)
    lines: dict[int, list[int]] = {}
    for i in range(len(digits)):
        if i not in bridges:
            lines.setdefault(first(i), []).append(i)

    def middle(members: list[int]) -> float:
        return float(np.mean([rows[i] for i in members]))

    for i in sorted(bridges):
        level = [m for m in lines.values() if any(_level(rows[i], rows[j]) for j in m)]
        if level:
            min(level, key=lambda m: abs(middle(m) - middle([i]))).append(i)
        else:
            lines[i] = [i]
    ordered = sorted(lines.values(), key=middle)
    return [sorted((digits[i] for i in members), key=_middle) for members in ordered]


def _level(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two digits' (top, bottom) overlap by LINE_OVERLAP of the shorter's height."""
    return min(a[1], b[1]) - max(a[0], b[0]) >= LINE_OVERLAP * min(a[1] - a[0], b[1] - b[0])


def _slant(across: list[float], rows: list[tuple[float, float]]) -> float:
    """How far the lines fall per pixel across: the median over the digits (the middles of
    their boxes across, their (top, bottom)) of the slope from each to the nearest digit on
    its right that is level with it (_level); 0 for none."""
    middles = [(top + bottom) / 2 for top, bottom in rows]
    order = sorted(range(len(across)), key=across.__getitem__)
    slopes = []
    for at, i in enumerate(order):
        for j in order[at + 1 :]:
            if across[j] > across[i] and _level(rows[i], rows[j]):
                slopes.append((middles[j] - middles[i]) / (across[j] - across[i]))
                break
    return float(np.median(slopes)) if slopes else 0.0


def _adapted(
    recognizer: Recognizer,
    adapter: Adapter,
    readings: list[list[DigitReading | None]],
    found: list[list[DigitReading]],
) -> tuple[list[list[DigitReading | None]], list[list[DigitReading]]]:
    """The drawings' wholes and digits found, each read again with the user's samples, in one
    network call; a digit that is also its drawing's whole stays one object."""
    digits = {id(d): d for ds in (*readings, *found) for d in ds if d is not None}
    if not digits:  # nothing found in any of them: a blank page
        return readings, found
    batch = np.stack([d.pixels for d in digits.values()])
    again = recognizer.recognize_batch(batch, adapter)
    new = {key: replace(d, recognition=r) for (key, d), r in zip(digits.items(), again)}
    return (
        [[new[id(d)] if d is not None else None for d in ds] for ds in readings],
        [[new[id(d)] for d in ds] for ds in found],
    )


def _join_pieces(
    recognizer: Recognizer,
    drawings: list[Drawing],
    found: list[list[DigitReading]],
    untried: list[list[DigitReading]],
    theirs: ForeignModel | None,
) -> tuple[list[list[DigitReading]], list[list[DigitReading]]]:
    """_one_digit for the neighbours in a drawing of three or more pieces: two neighbours at
    most ONE_DIGIT_GAP apart become one digit if the network reads the two together surely
    (WHOLE_SURE) and doubts (HALF_DOUBT) both or, where one lies within the other's columns
    and it doubts one, or in an image where their columns overlap, the one is clearly likelier
    right than the two (WIDE_BETTER); the surest first, each piece once, in one network call
    for all. A joined digit is settled: not tried as two again."""
    tries = []
    for i, digits in enumerate(found):
        if len(digits) < 3:
            continue
        image = _kind(drawings[i]) == "image"
        ordered = sorted(digits, key=_middle)
        typical = float(np.median([d.box[3] - d.box[1] for d in digits]))
        for left, right in itertools.pairwise(ordered):
            if _in_two_lines(left.box, right.box, typical):
                continue
            height = max(left.box[3] - left.box[1], right.box[3] - right.box[1])
            near = right.box[0] - left.box[2] <= ONE_DIGIT_GAP * height
            doubted = max(_sureness(left), _sureness(right)) < HALF_DOUBT
            overlap = right.box[0] < left.box[2]
            # In reading order, one lies within the other's columns (a 4's down-stroke in its L's).
            within = right.box[2] <= left.box[2] or left.box[0] >= right.box[0]
            one_doubted = min(_sureness(left), _sureness(right)) < HALF_DOUBT
            # Ink's pieces that share columns (_shared_columns), both read surely, are tried
            # too (shared): joined only when each reads as another digit than the two together.
            tried = doubted or (within and one_doubted) or (image and overlap)
            shared = not (tried or image) and _shared_columns([left, right])
            if near and (tried or shared):
                box = union_box([left.box, right.box])
                if image:
                    both = joined_crops(box, (left.box, left.drawing), (right.box, right.drawing))
                else:
                    both = joined_inks(left.drawing, right.drawing)
                pixels = model_input(both)
                if pixels is not None:
                    tries.append((i, left, right, doubted, shared, (box, pixels, both)))
    if not tries:
        return found, untried
    read = _read(recognizer, [piece for *_, piece in tries], theirs)
    for (i, left, right, doubted, shared, _), one in sorted(
        zip(tries, read), key=lambda t: _sureness(t[1]), reverse=True
    ):
        present = [d for d in found[i] if d is left or d is right]
        if _sureness(one) < WHOLE_SURE or len(present) < 2:
            continue
        if shared and not _another_digit(one, [left, right]):
            continue
        if not doubted and _likelier_apart(one, [left, right]):  # overlapping, each read surely
            continue
        kept = [d for d in found[i] if d is not left and d is not right]
        found[i] = sorted([*kept, one], key=_middle)
        untried[i] = [d for d in untried[i] if d is not left and d is not right]
    return found, untried


def _one_digit(whole: DigitReading, pieces: list[DigitReading], image: bool = False) -> bool:
    """Whether digits are better read as the one digit they make together: the first no sign
    (_sign), each at most ONE_DIGIT_GAP of their height right of the ones before it, the
    whole read surely (WHOLE_SURE) and not as the digit each of them reads where their columns
    do not overlap (that digit twice), and one of them doubted (HALF_DOUBT; in ink apart, not
    when the whole reads as one of the others reads surely: _echoed) or, in an image,
    all of them together not clearly likelier right than the whole (WIDE_BETTER, as _made_two
    asks of a cut)."""
    ordered = sorted(pieces, key=lambda d: d.box[0])
    height = max(d.box[3] - d.box[1] for d in pieces)
    if _sign(ordered[0], ordered[1:], height):
        return False
    right = ordered[0].box[2]
    for digit in ordered[1:]:
        if digit.box[0] - right > ONE_DIGIT_GAP * height:
            return False
        right = max(right, digit.box[2])
    if image and whole.recognition.maybe_not_a_digit:
        # A scribble cut into pieces that are no sure digits either is one thing, no digit,
        # as its ink reads.
        return all(d.recognition.not_sure for d in pieces)
    if _sureness(whole) < WHOLE_SURE:
        return False
    apart = all(b.box[0] >= a.box[2] for a, b in itertools.pairwise(ordered))
    if apart and all(d.recognition.ranked[0][0] == whole.recognition.ranked[0][0] for d in pieces):
        return False  # that digit twice (two 4s squeezed into one input read as a 4)
    doubted = min(_sureness(d) for d in pieces) < HALF_DOUBT
    if doubted and apart and not image and _echoed(whole, pieces):
        return False
    return doubted or (
        (image or _another_digit(whole, ordered)) and not _likelier_apart(whole, pieces)
    )


def _echoed(whole: DigitReading, pieces: list[DigitReading]) -> bool:
    """Whether the whole reads as the digit that one of its pieces reads surely (HALF_DOUBT),
    as if the others' ink were not there: digits beside it ("10", its 1 doubted, read 0)."""
    digit = whole.recognition.ranked[0][0]
    return any(d.recognition.ranked[0][0] == digit and _sureness(d) >= HALF_DOUBT for d in pieces)


def _shared_columns(pieces: list[DigitReading]) -> bool:
    """Whether each two neighbouring pieces, in reading order, share at least SHARED_COLUMNS
    of the narrower one's columns."""
    return all(
        a.box[2] - b.box[0] >= SHARED_COLUMNS * min(a.box[2] - a.box[0], b.box[2] - b.box[0])
        for a, b in itertools.pairwise(pieces)
    )


def _another_digit(whole: DigitReading, pieces: list[DigitReading]) -> bool:
    """Whether ink's pieces, in reading order, share columns (_shared_columns) and each reads
    as another digit than the whole they make, which is no SQUEEZED: a 4 whose L and
    down-stroke were grouped apart, read "61" or "11"."""
    digit = whole.recognition.ranked[0][0]
    if digit == SQUEEZED:
        return False
    return _shared_columns(pieces) and all(d.recognition.ranked[0][0] != digit for d in pieces)


def _likelier_apart(whole: DigitReading, parts: list[DigitReading]) -> bool:
    """Whether parts are clearly likelier right than the whole they make: the chance that they
    are not all what they read under WIDE_BETTER times the chance that the whole is not."""
    wrong = 1 - float(np.prod([_sureness(d) for d in parts]))
    return wrong < WIDE_BETTER * (1 - _sureness(whole))


def _sign(mark: DigitReading, rest: list[DigitReading], tallest: float) -> bool:
    """Whether a part is a sign before the rest, its centre left of them and its middle in
    the middle half of their height (a 5's flag lies high): a minus, a flat mark (flat_box,
    against the tallest digit) that the network does not read surely as a digit; or a plus
    that it reads less surely than WHOLE_SURE (_doubted_plus)."""
    top, bottom = min(d.box[1] for d in rest), max(d.box[3] for d in rest)
    middle = (mark.box[1] + mark.box[3]) / 2
    if not (
        (mark.box[0] + mark.box[2]) / 2 < min(d.box[0] for d in rest)
        and abs(middle - (top + bottom) / 2) <= (bottom - top) / 4
    ):
        return False
    if flat_box(mark.box, tallest):
        return mark.recognition.not_sure or _not_a_digit(mark)
    return _doubted_plus(mark)


def _small_blob(digit: DigitReading, marked: DigitReading, tallest: float) -> bool:
    """Whether a part of a number is a mark, no digit: at most MARK_TALL of its tallest
    digit's height, and a blob to the network (marked is it as _unsure_if_blob gave it back;
    a comma or a dash touching a digit in small writing)."""
    small = digit.box[3] - digit.box[1] <= MARK_TALL * tallest
    return small and marked is not digit


def _doubted_plus(mark: DigitReading) -> bool:
    """Whether a part is ink along a cross (segment.plus_sign) that the network reads less
    surely than WHOLE_SURE. Not in pictures, where the pieces of a digit broken apart (MNIST's
    0s and 5s made larger) can look like one."""
    if not isinstance(mark.drawing, Ink) or _sureness(mark) >= WHOLE_SURE:
        return False
    return ink_plus_sign(mark.drawing)


def _no_digit(digit: DigitReading, tallest: float) -> bool:
    """Whether a digit of a number is a flat mark (against its tallest digit's height) that the
    network reads as no digit (NO_DIGIT), or a plus sign that it reads less surely than
    WHOLE_SURE (_doubted_plus)."""
    if flat_box(digit.box, tallest):
        return _not_a_digit(digit)
    return _doubted_plus(digit)


def _doubted(drawing: Drawing, digit: DigitReading, tall: float) -> bool:
    """Whether a digit should be tried as two: the network doubts it, or it is very wide, or
    its box is at least tall pixels high (_tall_height)."""
    return (
        _sureness(digit) < DOUBT[_kind(drawing)]
        or _wide(drawing, digit)
        or digit.box[3] - digit.box[1] >= tall
    )


def _made_two(drawing: Drawing, digit: DigitReading, two: tuple[DigitReading, ...]) -> bool:
    """Whether a digit tried as two (_doubted) reads better as those two: both sure enough
    (SURE; WIDE_SURE for a digit tried only for its width or height), and then, for its width,
    clearly more surely than it (WIDE_BETTER), for its height, one above the other."""
    left, right = map(_sureness, two)
    if _sureness(digit) < DOUBT[_kind(drawing)]:
        return min(left, right) >= SURE[_kind(drawing)]
    if not _wide(drawing, digit):  # tried for its height
        return min(left, right) >= WIDE_SURE and _one_above(two[0].box, two[1].box)
    return min(left, right) >= WIDE_SURE and _likelier_apart(digit, list(two))


def _wide(drawing: Drawing, digit: DigitReading) -> bool:
    x0, y0, x1, y1 = digit.box
    return x1 - x0 >= WIDE_AS_TWO[_kind(drawing)] * (y1 - y0)


def _tall_height(drawing: Drawing) -> float:
    """The height from which a digit's box is tall in an ink drawing: TALL_AS_TWO times its
    segment.ink_digit_height, plus the pen, which the box holds; infinite for a picture."""
    if not isinstance(drawing, Ink):
        return np.inf
    strokes = [np.asarray(s, np.float64).reshape(-1, 2) for s in drawing.strokes if len(s)]
    if not strokes:
        return np.inf
    pen = drawing.effective_pen_width()
    return TALL_AS_TWO * ink_digit_height(strokes, pen) + pen


def _side_by_side(a: Box, b: Box) -> bool:
    """Whether two boxes could hold neighbouring digits: their ranges across overlap by at
    most SIDE_BY_SIDE of the wider's width (crossing strokes, an X, are not two digits), and
    the wider does not reach past the narrower on both sides by more than ACROSS of the
    narrower's width (a 7's down-stroke under its own bar and the next 7's is no digit beside
    them; a 6 written into a 0's right side may be)."""
    wide, narrow = sorted((a, b), key=lambda box: box[2] - box[0], reverse=True)
    overlap = min(a[2], b[2]) - max(a[0], b[0])
    past = min(narrow[0] - wide[0], wide[2] - narrow[2])
    return overlap <= SIDE_BY_SIDE * (wide[2] - wide[0]) and past <= ACROSS * (
        narrow[2] - narrow[0]
    )


def _level_side_by_side(a: Ink, b: Ink) -> bool:
    """Whether two inks lie side by side in the rows both span (segment.level_boxes): their
    ranges across there overlap by at most SIDE_BY_SIDE of the narrower's width (a 2's base
    run on under the 1 after it, below those rows; not a 7's down-stroke beside its own bar
    and crossbar)."""
    a_box, b_box = level_boxes(a, b)
    overlap = min(a_box[2], b_box[2]) - max(a_box[0], b_box[0])
    return overlap <= SIDE_BY_SIDE * min(a_box[2] - a_box[0], b_box[2] - b_box[0])


def _one_above(a: Box, b: Box) -> bool:
    """Whether one box lies above the other, at least ABOVE of the taller's height apart."""
    gap = max(a[1] - b[3], b[1] - a[3])
    return gap >= ABOVE * max(a[3] - a[1], b[3] - b[1])


def _in_two_lines(a: Box, b: Box, typical: float) -> bool:
    """Whether two digits lie one above the other (_one_above), both at least LINE_TALL of
    typical (the drawing's median digit height, pixels) tall: in two lines, never one digit."""
    tall = min(a[3] - a[1], b[3] - b[1]) >= LINE_TALL * typical
    return tall and _one_above(a, b)


def _middle(digit: DigitReading) -> float:
    """Where a digit lies across, in its drawing's pixels: digits sort left to right by it.
    The middle of its box; but for ink wider than tall (a 2 whose base runs on under the
    next digits, a 7's long bar), the x that half its strokes' length lies left of."""
    x0, y0, x1, y1 = digit.box
    if isinstance(digit.drawing, Ink) and x1 - x0 > y1 - y0:
        strokes, _ = stroke_arrays(digit.drawing)
        lengths = np.concatenate([np.hypot(*np.diff(s, axis=0).T) for s in strokes])
        if lengths.sum() > 0:
            middles = np.concatenate([(s[1:, 0] + s[:-1, 0]) / 2 for s in strokes])
            order = np.argsort(middles)
            half = np.searchsorted(np.cumsum(lengths[order]), lengths.sum() / 2)
            return float(middles[order][min(half, len(order) - 1)])
    return (x0 + x1) / 2


def _kind(drawing: Drawing) -> str:
    return "ink" if isinstance(drawing, Ink) else "image"


def _sureness(digit: DigitReading) -> float:
    return digit.recognition.ranked[0][1]


def _read(
    recognizer: Recognizer,
    pieces: list[tuple[Box, np.ndarray, Drawing | None]],
    theirs: ForeignModel | None,
) -> list[DigitReading]:
    """Each (box, input, drawing) read, in one network call (and one of theirs)."""
    if not pieces:
        return []
    batch = np.stack([x for _, x, _ in pieces])
    ours = recognizer.recognize_batch(batch)
    others = theirs.recognize_batch(batch) if theirs is not None else [None] * len(batch)
    return [
        DigitReading(box, x, mine, other, drawing)
        for (box, x, drawing), mine, other in zip(pieces, ours, others)
    ]


def _split(
    drawing: Drawing, whole: bool = True
) -> list[tuple[Box, np.ndarray, Drawing | None] | None]:
    """(box, input, None) of the whole drawing, then (box, input, its drawing) of each digit
    when there are two or more (or of the one digit when a stray mark or a dot was left out of
    it); the whole is None for ink of three or more digits unless whole (read_drawings)."""
    if isinstance(drawing, Ink):
        inks = split_ink(drawing)
        if len(inks) > 2 and not whole:
            digits = [(ink_box(d), model_input(d), d) for d in inks]
            kept = [(b, x, d) for b, x, d in digits if x is not None]
            return [None, *kept] if kept else []
        # One digit comes back with fewer strokes when a stray mark or a dot was left out.
        alone = len(inks) == 1 and len(inks[0].strokes) < len(drawing.strokes)
        pieces = [(ink_box(d), d) for d in inks] if len(inks) > 1 or alone else []
    else:
        pieces = split_image(drawing)
        alone = len(pieces) == 1 and pieces[0][1] is not drawing  # an underline left out
    whole_input = model_input(drawing)
    if whole_input is None:
        return []
    if isinstance(drawing, Ink):
        box = ink_box(drawing)
    else:
        box = union_box([b for b, _ in pieces]) if pieces else (0, 0, *drawing.size)
    if len(pieces) < 2 and not alone:
        return [(box, whole_input, None)]
    digits = [(b, model_input(piece), piece) for b, piece in pieces]
    return [(box, whole_input, None)] + [(b, x, p) for b, x, p in digits if x is not None]


def _two_digits(
    drawing: Drawing, digit: DigitReading
) -> list[tuple[tuple[Box, np.ndarray, Drawing], tuple[Box, np.ndarray, Drawing]]]:
    """The ways to read one digit of a drawing as two: ((box, input, drawing), same) pairs."""
    if isinstance(drawing, Ink):
        own = drawing if digit.drawing is None else digit.drawing
        boxed = [((ink_box(a), a), (ink_box(b), b)) for a, b in ink_splits(own)]
        # A flat stroke (a 5's or a 7's bar) is no digit, whatever the network reads in it.
        whole = digit.box[3] - digit.box[1]
        halves = [
            (a, b)
            for a, b in boxed
            if not (flat_box(a[0], whole) or flat_box(b[0], whole))
            and (
                _side_by_side(a[0], b[0])
                or _level_side_by_side(a[1], b[1])
                or _one_above(a[0], b[0])
            )
        ]
    else:
        crop, origin, scale = _digit_crop(drawing, digit)
        cuts = image_cuts(crop, origin, scale)
        halves = [((a, crop_a), (b, crop_b)) for a, crop_a, b, crop_b in cuts]
    pairs = []
    for (box_a, a), (box_b, b) in halves:
        x_a, x_b = model_input(a), model_input(b)
        if x_a is not None and x_b is not None:
            pairs.append(((box_a, x_a, a), (box_b, x_b, b)))
    return pairs


def _theirs_beside_pairs(
    theirs: ForeignModel, found: list[list[DigitReading]]
) -> list[list[DigitReading]]:
    """found, with the digits that the pair network read (and so no other model) read by the
    user's model too, from their inputs, in one call."""
    unread = [digit for digits in found for digit in digits if digit.theirs is None]
    if not unread:
        return found
    read = theirs.recognize_batch(np.stack([digit.pixels for digit in unread]))
    by_id = {id(digit): their for digit, their in zip(unread, read)}
    return [
        [replace(d, theirs=by_id[id(d)]) if id(d) in by_id else d for d in digits]
        for digits in found
    ]


def _pairs_apart(
    recognizer: Recognizer, image: Image.Image, digits: list[DigitReading]
) -> list[DigitReading]:
    """A picture's digits, each that the pair network finds a pair (PAIR_SURE) of two digits
    it reads surely enough (PAIR_DIGITS) made those two; as they are where the recognizer has
    no pair network beside its model. Only the parts that pair_inputs offers are tried, and
    one more likely no digit (NO_DIGIT) must be read as a pair more surely (REJECTED_PAIR_SURE,
    REJECTED_PAIR_DIGITS): the pair network knows only digits. A neighbour that is the rest of
    one of a pair's digits (_rest_of) joins it: that digit's box takes it in."""
    network = pair_network(recognizer)
    offered = pair_inputs(image, digits) if network is not None else {}
    if not offered:
        return digits
    found: list[list[DigitReading]] = [[d] for d in digits]
    readings = network.read(np.stack([x for *_, x in offered.values()]))
    for (i, (crop, intensity, _)), reading in zip(offered.items(), readings):
        if _not_a_digit(digits[i]):
            pair, each = REJECTED_PAIR_SURE, REJECTED_PAIR_DIGITS
        else:
            pair, each = PAIR_SURE, PAIR_DIGITS
        if digits[i].drawing is None:  # the whole picture
            each = max(each, PAIR_DIGITS_ALONE)
        if reading.pair >= pair and min(reading.left.max(), reading.right.max()) >= each:
            found[i] = _pair_digits(recognizer, digits[i], crop, intensity, reading)
    for i, two in enumerate(found):
        if len(two) != 2:
            continue
        for side, j in ((0, i - 1), (1, i + 1)):
            if 0 <= j < len(found) and len(found[j]) == 1 and _rest_of(found[j][0], two[side]):
                two[side] = replace(two[side], box=union_box([two[side].box, found[j][0].box]))
                found[j] = []
    return [d for group in found for d in group]


def _surely_one(recognizer: Recognizer, digits: list[tuple[Drawing, DigitReading]]) -> set[int]:
    """The ids of the pictures' digits that the pair network reads surely as one digit (a pair
    under PAIR_ONE), in one call: a doubted digit that a cut parts into two sure ones stays
    one then (a 4 whose L and down-stroke barely touch is no "11")."""
    pictures = [(drawing, digit) for drawing, digit in digits if isinstance(drawing, Image.Image)]
    network = pair_network(recognizer) if pictures else None  # ink never loads it
    if network is None:
        return set()
    offered = [
        (digit, x)
        for drawing, digit in pictures
        for *_, x in pair_inputs(drawing, [digit]).values()
    ]
    if not offered:
        return set()
    readings = network.read(np.stack([x for _, x in offered]))
    return {id(digit) for (digit, _), reading in zip(offered, readings) if reading.pair < PAIR_ONE}


def _rest_of(piece: DigitReading, digit: DigitReading) -> bool:
    """Whether a picture's part is the rest of a digit read as one of a pair beside it: their
    columns overlap, and the part is read as that digit, unsurely (PIECE_UNSURE)."""
    overlap = piece.box[0] < digit.box[2] and digit.box[0] < piece.box[2]
    read = piece.recognition.ranked[0]
    return overlap and read[0] == digit.recognition.ranked[0][0] and read[1] < PIECE_UNSURE


def _sure_digit(digit: DigitReading) -> bool:
    """Whether a picture's part is read surely as a digit (SURE, NO_DIGIT)."""
    return _sureness(digit) >= SURE["image"] and not _not_a_digit(digit)


def pair_inputs(
    image: Image.Image, digits: list[DigitReading]
) -> dict[int, tuple[tuple[Image.Image, tuple[float, float], float], np.ndarray, np.ndarray]]:
    """What the pair network reads of a picture's digits, as _pairs_apart offers them (and
    tools/train_pairs.py learns them): by each offered digit's index, its crop (_digit_crop),
    the crop's ink intensity ((h, w) uint8, ink bright) and its pair_input ((28, 56) float32).
    Digits under SMALLEST_PAIR pixels tall, parts more likely no digit (NO_DIGIT) without a
    digit read surely as tall beside them (REJECTED_PAIR_HEIGHT) and crops with less ink than
    a speck are not offered."""
    offered = {}
    heights = [d.box[3] - d.box[1] for d in digits if _sure_digit(d)]
    for i, digit in enumerate(digits):
        height = digit.box[3] - digit.box[1]
        if height < SMALLEST_PAIR:
            continue
        if _not_a_digit(digit) and not any(
            abs(height - h) <= REJECTED_PAIR_HEIGHT * h for h in heights
        ):
            continue
        crop = _digit_crop(image, digit)
        # The reader's own crops are clean black ink on white; a whole picture's is found anew.
        if digit.drawing is None:
            intensity = ink_intensity(crop[0])
        else:
            intensity = 255 - np.asarray(crop[0].convert("L"))
        x = pair_input(intensity)
        if x is not None:
            offered[i] = (crop, intensity, x)
    return offered


def _pair_digits(
    recognizer: Recognizer,
    digit: DigitReading,
    crop: tuple[Image.Image, tuple[float, float], float],
    intensity: np.ndarray,
    reading: PairReading,
) -> list[DigitReading]:
    """A digit read as a pair, as its left and right digits, each read as the pair network's
    marginal. They part at the column of the crop's middle half with the least ink, nearer its
    middle when in doubt (PAIR_MIDDLE); since their strokes may cross, each side's box and crop
    reach PAIR_REACH of the ink's width past it. Boxes are in the picture's pixels; each side's
    input is its preview. intensity: the crop's ink (uint8, ink bright)."""
    _, (left, _), scale = crop
    picture = Image.fromarray(255 - intensity)  # black ink on white, whatever the picture's
    ink = (intensity >= INK_LEVEL).sum(axis=0)
    columns = np.flatnonzero(ink)
    first, last = (int(columns[0]), int(columns[-1])) if len(columns) else (0, picture.width - 1)
    span = last - first + 1
    middle = np.arange(first + span // 4, last - span // 4 + 1)
    cost = (
        ink[middle] / max(1, ink.max()) + PAIR_MIDDLE * np.abs(middle - (first + last) / 2) / span
    )
    cut = int(middle[np.argmin(cost)]) if len(middle) else picture.width // 2
    reach = round(PAIR_REACH * span)
    x0, y0, x1, y1 = digit.box
    ends = [min(x1, left + (cut + reach) / scale), max(x0, left + (cut - reach) / scale)]
    # With white paper around, a bold digit cut off at the edge is not taken for a sheet.
    sides = [
        (box, ImageOps.expand(picture.crop(part), border=span // 4, fill=255))
        for box, part in (
            ((x0, y0, ends[0], y1), (0, 0, cut + reach, picture.height)),
            ((ends[1], y0, x1, y1), (max(0, cut - reach), 0, *picture.size)),
        )
    ]
    halves = []
    for (box, side), probabilities in zip(sides, (reading.left, reading.right)):
        pixels = model_input(side)
        ranked = ranked_digits(probabilities)
        sure = ranked[0][1] >= recognizer.metadata.not_sure_below
        recognition = replace(
            digit.recognition, ranked=ranked, digit_probability=1.0, not_sure=not sure, blob=False
        )
        blank = np.zeros_like(digit.pixels)
        halves.append(
            DigitReading(box, blank if pixels is None else pixels, recognition, None, side)
        )
    return halves


def _digit_crop(
    image: Image.Image, digit: DigitReading
) -> tuple[Image.Image, tuple[float, float], float]:
    """A digit's crop of a picture, the picture's pixel at the crop's top-left corner, and the
    crop's pixels per picture pixel (components.crop_geometry)."""
    if digit.drawing is not None:
        return digit.drawing, *crop_geometry(digit.drawing, digit.box)
    # A picture of one digit (a photo, maybe): the part around its ink is enough.
    x0, y0, x1, y1 = map(int, digit.box)
    margin = max(2, (y1 - y0) // 10)
    left, top = max(0, x0 - margin), max(0, y0 - margin)
    right, bottom = min(image.width, x1 + margin), min(image.height, y1 + margin)
    return image.crop((left, top, right, bottom)), (left, top), 1.0
