"""Splitting numbers into digits: stroke grouping for ink, blobs and cuts for images."""

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad.core.components import split_image
from digitpad.core.ink import Ink, read_ink
from digitpad.core.preprocess import ink_intensity, model_input
from digitpad.core.render import export_image
from digitpad.core.segment import (
    digit_height,
    framing,
    ink_box,
    ink_plus_sign,
    ink_splits,
    ink_without_frame,
    split_ink,
    surrounds,
)

SAMPLES = Path(__file__).resolve().parent.parent / "assets" / "samples"
HEIGHT = 100.0  # digit height of the hand-made numbers, canvas pixels
PEN = 7.0

# Hand-made digits in a unit box, y down, as a person draws them (stroke order matters).
ONE = [[(0.35, 0.12), (0.55, 0.0), (0.55, 1.0)]]
ONE_PLAIN = [[(0.5, 0.0), (0.5, 1.0)]]
ONE_WITH_BASE = [[(0.5, 0.0), (0.5, 1.0)], [(0.2, 1.0), (0.8, 1.0)]]
SEVEN = [[(0.0, 0.0), (0.7, 0.0), (0.3, 1.0)]]
SEVEN_TWO_STROKES = [[(0.0, 0.0), (0.7, 0.0)], [(0.7, 0.0), (0.3, 1.0)]]
SEVEN_CROSSED = [[(0.0, 0.0), (0.7, 0.0), (0.3, 1.0)], [(0.3, 0.5), (0.75, 0.5)]]
# A 7 with a curved top, crossed from the left by a bar that stops at its stem.
SEVEN_CROSSED_LEFT = [
    [(0.13, 0.0), (0.36, 0.04), (0.44, 0.13), (0.42, 0.29), (0.31, 0.59), (0.15, 1.0)],
    [(0.03, 0.74), (0.0, 0.69), (0.26, 0.63)],
]
FOUR_TWO_STROKES = [[(0.5, 0.0), (0.0, 0.62), (0.8, 0.62)], [(0.6, 0.25), (0.6, 1.0)]]
FOUR_APART = [[(0.1, 0.0), (0.1, 0.55), (0.5, 0.55)], [(0.68, 0.0), (0.68, 1.0)]]
FOUR_L_THEN_DOWN = [[(0.1, 0.0), (0.05, 0.62), (0.5, 0.62)], [(0.62, 0.35), (0.6, 1.0)]]
# Its left part nearly as tall as its down-stroke, which starts lower (UPRIGHT_SHORTER).
FOUR_TALL_L = [[(0.12, 0.0), (0.02, 0.45), (0.08, 0.7), (0.3, 0.74)], [(0.45, 0.2), (0.42, 1.0)]]
# Its L ends at its bottom right, only 0.17 heights above the down-stroke's foot, far from it.
FOUR_LOW_L = [[(0.05, 0.17), (0.0, 0.83), (0.33, 0.83)], [(0.78, 0.0), (0.78, 1.0)]]
# A hooked L as tall as its down-stroke, which starts just over a quarter down (rule 5).
FOUR_HOOK_THEN_DOWN = [
    [(0.1, 0.0), (0.05, 0.5), (0.2, 0.7), (0.55, 0.62)],
    [(0.58, 0.27), (0.55, 1.0)],
]
FOUR_X = [[(0.05, 0.05), (0.4, 0.6), (0.95, 0.6)], [(0.8, 0.0), (0.45, 1.0)]]
FIVE_BODY = [(0.2, 0.0), (0.15, 0.45), (0.5, 0.38), (0.78, 0.6), (0.7, 0.9), (0.4, 1.0), (0.1, 0.9)]
FIVE_TWO_STROKES = [FIVE_BODY, [(0.2, 0.0), (0.85, 0.0)]]
FIVE_FAR_BAR = [FIVE_BODY, [(0.35, -0.04), (1.1, -0.08)]]  # detached, reaching far right
PLUS = [[(0.0, 0.5), (1.0, 0.5)], [(0.5, 0.0), (0.5, 1.0)]]
PLUS_BY_HAND = [[(0.05, 0.45), (0.5, 0.5), (1.0, 0.52)], [(0.45, 0.0), (0.55, 1.0)]]
TEE = [[(0.0, 0.05), (1.0, 0.05)], [(0.5, 0.0), (0.5, 1.0)]]
SIX = [
    [
        (0.7, 0.0),
        (0.3, 0.2),
        (0.1, 0.6),
        (0.3, 1.0),
        (0.7, 0.9),
        (0.75, 0.6),
        (0.4, 0.5),
        (0.15, 0.7),
    ]
]
ZERO = [[(0.45, 0.0), (0.05, 0.3), (0.1, 0.85), (0.5, 1.0), (0.85, 0.7), (0.8, 0.15), (0.45, 0.0)]]
# A round 0, a little wider than tall, whose ends stop about two pens short at the top.
ZERO_OPEN = [
    [
        (0.6, 0.0),
        (0.33, 0.02),
        (0.05, 0.3),
        (0.11, 0.85),
        (0.55, 1.0),
        (0.99, 0.85),
        (1.07, 0.5),
        (0.88, 0.12),
    ]
]


def densify(stroke, step=0.02):
    """Points every step along a polyline, as a pen on a tablet or a mouse would give them."""
    points = np.asarray(stroke, dtype=np.float64)
    if len(points) < 2:
        return points
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
    where = np.linspace(0, along[-1], max(2, int(along[-1] / step) + 1))
    return np.column_stack(
        [np.interp(where, along, points[:, 0]), np.interp(where, along, points[:, 1])]
    )


def number(digits, gaps, height=HEIGHT, pen=PEN, slope=0.0):
    """An ink of digits (each a list of unit-box strokes) written left to right.

    gaps: between the boxes of neighbours, in digit heights (negative: the boxes overlap).
    """
    strokes, right = [], 0.0
    for index, digit in enumerate(digits):
        arrays = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in digit]
        low = np.min([a.min(axis=0) for a in arrays], axis=0)
        span = np.max([a.max(axis=0) for a in arrays], axis=0) - low
        unit = max(span[1], 1e-6)
        dense = [densify((a - low) / unit) for a in arrays]
        left = 0.0 if index == 0 else right + gaps[index - 1] * height
        for s in dense:
            xy = s * height + (left, 0.0)
            xy[:, 1] += slope * xy[:, 0]
            strokes.append(xy)
        right = left + span[0] / unit * height
    margin = height / 2
    every = np.concatenate(strokes)
    shift = margin - every.min(axis=0)
    size = np.ceil(every.max(axis=0) + shift + margin).astype(int)
    placed = [[(float(x), float(y)) for x, y in s + shift] for s in strokes]
    return Ink(int(size[0]), int(size[1]), placed, pen)


def sample(label, which=0):
    """A real pen-drawn digit's strokes from assets/samples."""
    return read_ink(SAMPLES / f"pen-{label}-{which}.json").strokes


def stroke_counts(parts):
    return [len(p.strokes) for p in parts]


# ---------------------------------------------------------------- ink


@pytest.mark.parametrize(
    "digit",
    [
        ONE,
        ONE_WITH_BASE,
        SEVEN,
        SEVEN_TWO_STROKES,
        SEVEN_CROSSED,
        SEVEN_CROSSED_LEFT,
        FOUR_TWO_STROKES,
        FOUR_APART,
        FOUR_L_THEN_DOWN,
        FOUR_TALL_L,
        FOUR_LOW_L,
        FOUR_X,
        FIVE_TWO_STROKES,
        FIVE_FAR_BAR,
        ZERO,
    ],
    ids=[
        "1",
        "1-with-base",
        "7",
        "7-two-strokes",
        "7-crossed",
        "7-crossed-from-the-left",
        "4-two-strokes",
        "4-drawn-apart",
        "4-L-then-down-stroke",
        "4-tall-L-apart",
        "4-low-L-apart",
        "4-x-shaped",
        "5-two-strokes",
        "5-far-bar",
        "0",
    ],
)
def test_a_digit_of_one_or_two_strokes_stays_one_digit_alone_and_in_a_number(digit):
    alone = number([digit], [])
    [part] = split_ink(alone)
    assert part.strokes == alone.strokes
    ink = number([ZERO, digit, ONE], [0.25, 0.25])
    assert stroke_counts(split_ink(ink)) == [1, len(digit), 1]


def test_one_digit_comes_back_with_the_very_same_strokes_and_the_same_reading():
    for path in sorted(SAMPLES.glob("pen-*.json")):
        ink = read_ink(path)
        [part] = split_ink(ink)
        assert part.strokes == ink.strokes
        assert (part.width, part.height, part.pen_width) == (ink.width, ink.height, ink.pen_width)
        assert np.array_equal(model_input(part), model_input(ink))


def test_empty_ink_has_no_digits():
    assert split_ink(Ink(200, 100)) == []
    assert split_ink(Ink(200, 100, [[]])) == []


@pytest.mark.parametrize("gap", [0.6, 0.3, 0.1, 0.0, -0.06], ids=lambda g: f"gap {g}")
def test_real_pen_digits_written_as_a_number_come_apart_left_to_right(gap):
    digits = [sample(2), sample(0, 1), sample(2, 1), sample(6)]
    ink = number([[np.asarray(s) for s in d] for d in digits], [gap] * 3, slope=0.05)
    parts = split_ink(ink)
    assert stroke_counts(parts) == [len(d) for d in digits]
    lefts = [ink_box(p)[0] for p in parts]
    assert lefts == sorted(lefts)
    assert all((p.width, p.height, p.pen_width) == (ink.width, ink.height, PEN) for p in parts)


def test_touching_and_slightly_overlapping_neighbours_are_two_digits():
    for gap in (-PEN / HEIGHT, -0.05):  # ink just touching; boxes overlapping by 5%
        assert stroke_counts(split_ink(number([ZERO, ZERO], [gap]))) == [1, 1]
        assert stroke_counts(split_ink(number([ZERO, FIVE_TWO_STROKES], [gap]))) == [1, 2]
        assert stroke_counts(split_ink(number([FOUR_TWO_STROKES, ZERO], [gap]))) == [2, 1]


def test_a_one_next_to_a_seven_is_two_digits_either_way_round():
    for gap in (0.0, 0.05, 0.15):
        assert stroke_counts(split_ink(number([ONE, SEVEN], [gap]))) == [1, 1]
        assert stroke_counts(split_ink(number([SEVEN, ONE], [gap]))) == [1, 1]
        assert stroke_counts(split_ink(number([ONE, SEVEN_CROSSED], [gap]))) == [1, 2]


def test_a_two_stroke_seven_just_right_of_a_digit_keeps_its_bar():
    # The bar lies at the top of the digit before it, less than a pen away, but wholly right
    # of it: it starts the next digit (a user's 7747 was read 1747, one 7 with two bars).
    for before in (SEVEN_TWO_STROKES, FOUR_TWO_STROKES, ONE):
        ink = number([before, SEVEN_TWO_STROKES], [PEN / HEIGHT * 0.7])
        assert stroke_counts(split_ink(ink)) == [len(before), 2]


def test_a_digit_drawn_again_over_itself_stays_one_digit_and_two_ones_stay_two():
    # Drawn again right over it, or beside it with the two inks overlapping (no paper between).
    for shift in (0.0, 0.02, 0.65 * PEN / HEIGHT):
        retraced = [*ONE_PLAIN, [(x + shift, y) for x, y in ONE_PLAIN[0]]]
        assert stroke_counts(split_ink(number([retraced], []))) == [2]
        assert stroke_counts(split_ink(number([SEVEN, retraced, ZERO], [0.2, 0.2]))) == [1, 2, 1]
    ink = number([ONE_PLAIN, SEVEN, ZERO], [0.2, 0.2])
    ink.strokes.append(list(ink.strokes[0]))  # the first digit darkened after the number
    assert stroke_counts(split_ink(ink)) == [2, 1, 1]
    for gap in (0.0, 0.1):  # 1s side by side, as close as ink can be without overlapping
        assert stroke_counts(split_ink(number([ONE_PLAIN, ONE_PLAIN], [gap + PEN / HEIGHT]))) == [
            1,
            1,
        ]


def test_a_smaller_digit_written_a_little_high_before_a_tall_one_stays_a_digit():
    # A 6 drawn 85% as tall, its foot 0.17 digit heights above a 1's: a 4 drawn apart has a
    # shorter part up on the left too, but its bar ends higher (rule 4's UPRIGHT_LIFT).
    six = [(0.7, 0.0), (0.2, 0.4), (0.1, 0.8), (0.4, 1.0), (0.7, 0.8), (0.6, 0.55), (0.15, 0.65)]
    small = [(x * 0.85 * HEIGHT, (y * 0.85 - 0.02) * HEIGHT) for x, y in densify(six)]
    one = [(1.0 * HEIGHT, y * HEIGHT) for _, y in densify([(0, 0.0), (0, 1.0)])]
    shift = HEIGHT / 2
    strokes = [[(x + shift, y + shift) for x, y in stroke] for stroke in (small, one)]
    ink = Ink(int(2.5 * HEIGHT), int(2.2 * HEIGHT), strokes, PEN)
    assert stroke_counts(split_ink(ink)) == [1, 1]


@pytest.mark.parametrize("gap", [0.0, 0.2])
def test_a_digit_nearly_as_tall_as_a_lower_1_beside_it_joins_it_only_when_they_meet(gap):
    # A 6, then a 1 begun halfway down it and reaching below it: apart, two digits ("61" was
    # read as a 9); a 9's loop drawn apart from its stem meets it (rule 4, NEIGHBOUR_TALL).
    six = [(0.7, 0.0), (0.2, 0.4), (0.1, 0.8), (0.4, 1.0), (0.7, 0.8), (0.6, 0.55), (0.15, 0.65)]
    loop = [(x * HEIGHT, y * HEIGHT) for x, y in densify(six)]
    x = 0.7 * HEIGHT + PEN + gap * HEIGHT
    one = [(x, y * HEIGHT) for _, y in densify([(0, 0.45), (0, 1.6)])]
    shift = HEIGHT / 2
    strokes = [[(x + shift, y + shift) for x, y in stroke] for stroke in (loop, one)]
    ink = Ink(int(2.5 * HEIGHT), int(2.8 * HEIGHT), strokes, PEN)
    assert stroke_counts(split_ink(ink)) == ([2] if gap == 0.0 else [1, 1])


def test_a_shape_as_low_as_a_fours_L_stays_a_digit_when_it_ends_away_from_the_upright():
    # FOUR_LOW_L with its L drawn the other way round: it ends at its top, so no 4's bar points
    # at the upright, and it is lifted less than UPRIGHT_LIFT above the upright's foot.
    # Between two 0s, which set the digit height.
    reversed_l = [FOUR_LOW_L[0][::-1], FOUR_LOW_L[1]]
    assert stroke_counts(split_ink(number([ZERO, FOUR_LOW_L, ZERO], [0.3, 0.3]))) == [1, 2, 1]
    assert stroke_counts(split_ink(number([ZERO, reversed_l, ZERO], [0.3, 0.3]))) == [1, 1, 1, 1]


def test_a_four_whose_down_stroke_starts_high_after_a_hooked_L_is_one_digit():
    # Among four 0s, which set the digit height.
    ink = number([ZERO, ZERO, FOUR_HOOK_THEN_DOWN, ZERO, ZERO], [0.3] * 4)
    assert stroke_counts(split_ink(ink)) == [1, 1, 2, 1, 1]


def test_a_one_just_after_a_digit_that_ends_near_it_stays_a_digit_of_its_own():
    two = [[(0.1, 0.2), (0.5, 0.0), (0.85, 0.25), (0.1, 1.0), (0.9, 1.0)]]  # ends bottom right
    for gap in (0.0, 0.1):
        assert stroke_counts(split_ink(number([two, ONE_PLAIN], [gap]))) == [1, 1]
        assert stroke_counts(split_ink(number([FOUR_L_THEN_DOWN, ONE_PLAIN], [gap]))) == [2, 1]


def chained(stroke, pieces, lift=0.0, backwards=False):
    """A one-stroke digit drawn as pieces strokes, each starting where the one before ended
    (lift: that far off it, in digit heights), as a sketchy hand or a tablet losing contact;
    backwards: each piece drawn from its far end, so that it ends where the one before began."""
    points = densify(stroke)
    cuts = np.linspace(0, len(points) - 1, pieces + 1).astype(int)
    runs = [points[a : b + 1].copy() for a, b in itertools.pairwise(cuts)]
    for run in runs[1:]:
        run[0, 0] += lift
    return [(run[::-1] if backwards else run).tolist() for run in runs]


def test_a_digit_drawn_in_short_strokes_each_from_where_the_last_ended_is_one_digit():
    eight = [(0.5, 0.5), (0.85, 0.22), (0.5, 0.0), (0.15, 0.22), (0.5, 0.5)]
    eight += [(0.9, 0.78), (0.5, 1.0), (0.1, 0.78), (0.5, 0.5)]
    for digit in (
        chained(eight, 13),
        chained(eight, 13, lift=0.05),
        chained(eight, 13, backwards=True),
        chained(ZERO[0], 6),
    ):
        [part] = split_ink(number([digit], []))
        assert len(part.strokes) == len(digit)
        assert stroke_counts(split_ink(number([ONE, digit, SEVEN], [0.3, 0.3]))) == [
            1,
            len(digit),
            1,
        ]
        assert ink_splits(number([digit], [])) == []  # one run: never tried as two digits


def test_a_digit_is_tried_as_two_only_between_runs_of_continued_strokes():
    ink = number([ONE_PLAIN + chained(ZERO[0], 3)], [])  # a 1, then a 0 in three strokes
    splits = ink_splits(ink)
    assert [(len(a.strokes), len(b.strokes)) for a, b in splits] == [(1, 3)]


@pytest.mark.parametrize("lift", [0.0, 0.05, 0.1])
def test_a_1_drawn_in_two_pieces_in_line_is_one_digit(lift):
    # The pen lifted halfway down and put back a little below, where the line goes on.
    upper, lower = [(0.55, 0.0), (0.5, 0.45)], [(0.5 - lift / 9, 0.45 + lift), (0.45, 1.0)]
    assert stroke_counts(split_ink(number([ONE, [upper, lower], ZERO], [0.3, 0.3]))) == [1, 2, 1]
    assert stroke_counts(split_ink(number([[upper, lower]], []))) == [2]


def test_two_1s_one_above_the_other_a_line_apart_stay_two():
    upper, lower = [(0.5, 0.0), (0.5, 0.45)], [(0.5, 0.8), (0.5, 1.25)]
    assert stroke_counts(split_ink(number([[upper, lower]], []))) == [1, 1]


def test_an_eight_drawn_as_two_loops_apart_stays_one_digit():
    # Some writers draw an 8 as two loops that do not meet; two lines need three tall parts.
    loop = [(0.5, 0.0), (0.1, 0.2), (0.5, 0.4), (0.9, 0.2), (0.5, 0.0)]
    eight = [loop, [(x, y + 0.5) for x, y in loop]]  # a tenth of its height apart
    assert stroke_counts(split_ink(number([eight], []))) == [2]
    assert stroke_counts(split_ink(number([ONE, eight, ZERO], [0.3, 0.3]))) == [1, 2, 1]


def test_a_seven_crossed_after_the_whole_number_joins_its_seven():
    ink = number([ONE, SEVEN, ZERO], [0.2, 0.2])
    seven = np.asarray(ink.strokes[1])
    middle = (seven[:, 1].min() + seven[:, 1].max()) / 2
    x, y = seven[np.argmin(np.abs(seven[:, 1] - middle))]
    ink.strokes.append([(x - 15, y), (x + 25, y)])  # drawn last, across the 7
    assert stroke_counts(split_ink(ink)) == [1, 2, 1]


@pytest.mark.parametrize("four", [FOUR_TWO_STROKES, FOUR_APART, FOUR_L_THEN_DOWN])
@pytest.mark.parametrize("after", [ONE, SEVEN, ZERO])
def test_a_four_finished_after_the_next_digit_is_one_digit(four, after):
    # A fresh tester went back to add a 4's down-stroke once the next digit was written: a 1
    # or a 7 after the 4's L looks like its down-stroke, and the late stroke was a digit alone.
    ink = number([four, after], [0.15])
    late = Ink(ink.width, ink.height, [ink.strokes[i] for i in (0, 2, 1)], ink.pen_width)
    assert [sorted(map(late.strokes.index, d.strokes)) for d in split_ink(late)] == [[0, 2], [1]]


def test_a_stray_tick_joins_the_nearest_digit():
    ink = number([ONE, ZERO], [0.3])
    x0, _, _, y1 = ink_box(Ink(ink.width, ink.height, [ink.strokes[0]], PEN))
    ink.strokes.append([(x0 - 4, y1 - 2), (x0 - 4, y1 - 2 - 2 * PEN)])  # left of the 1
    assert stroke_counts(split_ink(ink)) == [2, 1]


@pytest.mark.parametrize("gap", [-0.5, 0.5, 1.0, 2.0])  # pen widths between dot and 7
def test_a_dot_clear_of_a_digits_ink_is_left_out_of_it_however_near(gap):
    ink = number([SEVEN], [])
    bar = np.asarray(ink.strokes[0])[0]  # where the 7's bar begins, at its top left
    dot = [(bar[0] + 0.2 * HEIGHT, bar[1] - (gap + 1) * PEN)]  # above the bar
    digits = split_ink(Ink(ink.width, ink.height, [*ink.strokes, dot], PEN))
    # A click on the ink stays in the digit, as its ink; a tap beside it is a slip.
    assert stroke_counts(digits) == ([2] if gap < 0 else [1])


@pytest.mark.parametrize("below", [0, 18])  # pixels lower: hung below the line
@pytest.mark.parametrize("tall", [0.3, 0.55])  # of a digit: a long comma read "1" once too
def test_a_comma_between_digits_is_left_out_of_them_in_ink_and_in_a_picture(below, tall):
    # Fresh testers' thousands separators were read as digits: "1,675" as "11675".
    ink = number([ONE, ZERO, SEVEN], [0.4, 0.3])
    one, zero = (ink_box(Ink(ink.width, ink.height, [s], PEN)) for s in ink.strokes[:2])
    x, base = (one[2] + zero[0]) / 2, zero[3] - PEN / 2 + below
    ink = Ink(ink.width, ink.height + below, ink.strokes, PEN)
    ink.strokes.insert(1, [(x + 3, base - 5), (x - 5, base - 5 + tall * HEIGHT)])  # down-left
    assert stroke_counts(split_ink(ink)) == [1, 1, 1]
    assert len(split_image(export_image(ink))) == 3


@pytest.mark.parametrize("across", [0.15, 0.4])  # digit heights: short, or a long dash
def test_a_dash_between_digits_is_left_out_of_them_in_ink_and_in_a_picture(across):
    # A tester's "3-14": a short dash joined the 1 as a mark, a longer one read "2?".
    ink = number([SEVEN, ONE_PLAIN], [across + 0.3])
    seven = ink_box(Ink(ink.width, ink.height, ink.strokes[:1], PEN))
    x, y = seven[2] + 0.15 * HEIGHT, (seven[1] + seven[3]) / 2
    ink.strokes.insert(1, [(x, y), (x + across * HEIGHT, y - 2)])
    assert [p.strokes for p in split_ink(ink)] == [ink.strokes[:1], ink.strokes[2:]]
    assert len(split_image(export_image(ink))) == 2
    # A 4's flat left part drawn apart from its down-stroke, a little nearer, is no dash.
    flat_four = [[(0.0, 0.35), (0.05, 0.6), (0.45, 0.6)], [(0.55, 0.0), (0.55, 1.0)]]
    assert stroke_counts(split_ink(number([ONE_PLAIN, flat_four, ONE_PLAIN], [0.3, 0.3]))) == [
        1,
        2,
        1,
    ]


@pytest.mark.parametrize("away", [0.6, 0.95, 1.2])  # digit heights after the 0
def test_a_dot_far_from_every_digit_is_left_out_of_them(away):
    number_ink = number([ONE, ZERO], [0.3])
    _, y0, x1, y1 = ink_box(number_ink)
    dot = [(x1 + away * HEIGHT, (y0 + y1) / 2)]
    ink = Ink(number_ink.width + 2 * HEIGHT, number_ink.height, [*number_ink.strokes, dot], PEN)
    assert stroke_counts(split_ink(ink)) == [1, 1]
    boxes = [box for box, _ in split_image(image_of(ink))]
    assert len(boxes) == 2 and max(box[2] for box in boxes) < x1 + 0.5 * HEIGHT


@pytest.mark.parametrize("where", ["under", "over", "through"])
def test_a_line_along_a_number_is_left_out_of_its_digits(where):
    ink = number([ZERO, SEVEN], [0.3])
    x0, y0, x1, y1 = ink_box(ink)
    y = {"under": y1 + 0.2 * HEIGHT, "over": y0 - 0.2 * HEIGHT, "through": (y0 + y1) / 2}[where]
    ink.strokes.append([(x0 - 10 + step * (x1 - x0 + 20) / 20, y) for step in range(21)])
    # Kept, it would join the 7 as a bar (a "27" underlined read "21").
    assert stroke_counts(split_ink(ink)) == [1, 1]


def test_one_stroke_far_taller_than_the_others_does_not_measure_the_digit_height():
    def strokes(*heights):
        return [np.array([[0.0, 0.0], [0.0, h]]) for h in heights]

    assert digit_height(strokes(60, 58, 62, 140)) == 60  # a scribble beside "2026"
    # One tall stroke beside small ones is a digit's: a 1 with a flag and a base, a 5's flag.
    assert digit_height(strokes(100, 30, 2)) == 100
    assert digit_height(strokes(100, 35)) == 100
    assert digit_height(strokes(100, 45, 30, 30)) == 100  # a 4 in pieces below its upright
    assert digit_height(strokes(60, 58, 100)) == 60  # a tall 7 beside them is counted
    assert digit_height(strokes(85, 86, 86, 438)) == 86  # a coffee stain over a number
    # Specks around one blob of touching digits (a JPEG's) are no digits it stands out from.
    assert digit_height(strokes(106, 0, 0, 1, 0)) == 106


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_scribble_far_taller_than_the_digits_is_a_part_of_its_own(side):
    ink = number([SEVEN, ZERO, SEVEN, SIX], [0.3, 0.3, 0.3])
    x0, y0, x1, y1 = ink_box(ink)
    # A zigzag 2.3 digit heights tall, 0.4 of a height beside the number, drawn last.
    x = x1 + 0.4 * HEIGHT if side == "right" else x0 - 0.9 * HEIGHT
    top = (y0 + y1) / 2 - 1.15 * HEIGHT
    zigzag = [(x + 0.5 * HEIGHT * (i % 2), top + i * 2.3 * HEIGHT / 6) for i in range(7)]
    strokes = [*ink.strokes, densify(zigzag).tolist()]
    moved = [[(px + 2 * HEIGHT, py + 2 * HEIGHT) for px, py in stroke] for stroke in strokes]
    ink = Ink(ink.width + 4 * int(HEIGHT), ink.height + 4 * int(HEIGHT), moved, PEN)
    # Were its height the digit height, the digits would be its marks; on the right, it
    # would join the 6 as a 4's down-stroke.
    parts = split_ink(ink)
    assert stroke_counts(parts) == [1, 1, 1, 1, 1]
    assert parts[-1 if side == "right" else 0].strokes == [moved[-1]]


@pytest.mark.parametrize("gap", [0.0, 0.02, 0.1])
def test_a_line_under_one_digit_is_left_out_of_it_unless_it_touches_it(gap):
    ink = number([ZERO, SEVEN], [0.3])
    x0, _, x1, y1 = ink_box(Ink(ink.width, ink.height, ink.strokes[1:], PEN))
    y = y1 + PEN + gap * HEIGHT  # the gap between their ink
    ink.strokes.append([(x0 + step * (x1 - x0) / 10, y) for step in range(11)])
    # Touching, it is a bar of the 7 (a 1's foot, a 2's base).
    assert stroke_counts(split_ink(ink)) == ([1, 1] if gap >= 0.06 else [1, 2])


@pytest.mark.parametrize("digit", [ZERO, SIX])
@pytest.mark.parametrize("gap", [-0.02, 0.1])  # their ink touches (a thick pen), or nearly
def test_a_minus_sign_before_a_round_digit_is_no_part_of_it(digit, gap):
    # A minus whose ink a thick pen makes touch a 6 halfway up was taken for a 7's crossbar
    # drawn from one side (a fresh tester's "-61395" read "81395").
    ink = number([digit], [])
    x0, y0, _, y1 = ink_box(ink)
    right = x0 - gap * HEIGHT
    ink.strokes.insert(0, [(right - 0.3 * HEIGHT + step * 3, (y0 + y1) / 2) for step in range(11)])
    assert stroke_counts(split_ink(ink)) == [1, 1]


@pytest.mark.parametrize("sign", ["minus", "plus"])
@pytest.mark.parametrize("gap", [0.05, 0.3])
def test_a_sign_before_a_1_is_no_part_of_it_unless_a_plus_nearly_meets_it(sign, gap):
    one = number([ONE_PLAIN], [])
    strokes = [[(x + HEIGHT, y) for x, y in stroke] for stroke in one.strokes]
    ink = Ink(one.width + int(HEIGHT), one.height, strokes, PEN)
    x0, y0, _, y1 = ink_box(ink)
    right, middle, size = x0 - PEN - gap * HEIGHT, (y0 + y1) / 2, 0.4 * HEIGHT
    signs = [[(right - size + step * size / 10, middle) for step in range(11)]]
    if sign == "plus":
        signs.append(
            [(right - size / 2, middle - size / 2 + step * size / 10) for step in range(11)]
        )
    ink.strokes[:0] = signs
    # Nearly meeting it, a plus may be a 4's left part drawn apart; a straight minus halfway
    # up is none (a fresh tester's "-1" read as a sure 4, "-12" as "42").
    apart = [len(signs), 1]
    joined = gap < 0.15 and sign == "plus"
    assert stroke_counts(split_ink(ink)) == ([len(signs) + 1] if joined else apart)


@pytest.mark.parametrize(
    "shape, plus",
    [
        (PLUS, True),
        (PLUS_BY_HAND, True),
        (TEE, False),
        (FOUR_X, False),
        (FOUR_TWO_STROKES, False),
        (SEVEN_CROSSED, False),
        (ONE_WITH_BASE, False),
        (ZERO, False),
    ],
)
def test_a_plus_sign_is_ink_along_a_cross(shape, plus):
    ink = number([shape], [])
    assert ink_plus_sign(ink) == plus


@pytest.mark.parametrize("drawn", ["box", "ring"])
def test_a_frame_around_a_number_is_left_out_of_its_digits(drawn):
    ink = number([ZERO, SEVEN, ONE], [0.3, 0.3])
    x0, y0, x1, y1 = ink_box(ink)
    x0, y0, x1, y1 = x0 - 15, y0 - 15, x1 + 15, y1 + 15
    if drawn == "box":
        frame = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    else:
        angles = np.linspace(0, 2 * np.pi, 60)
        centre, radius = np.array([(x0 + x1) / 2, (y0 + y1) / 2]), np.array([x1 - x0, y1 - y0])
        frame = [tuple(centre + radius * 0.6 * (np.cos(a), np.sin(a))) for a in angles]
    ink.strokes.append(frame)
    # Kept, it would join one of them as its loop (a boxed "2718" read "27?1").
    assert stroke_counts(split_ink(ink)) == [1, 1, 1]


def test_a_frame_is_a_stroke_around_the_others_that_none_of_them_meets():
    seven = number([SEVEN], [])
    x0, y0, x1, y1 = ink_box(seven)
    box = [(x0 - 20, y0 - 20), (x1 + 20, y0 - 20), (x1 + 20, y1 + 20), (x0 - 20, y1 + 20)]
    framed = Ink(seven.width, seven.height, [*seven.strokes, box], PEN)
    assert ink_without_frame(framed).strokes == seven.strokes
    # One stroke of an X reaches past the other on every side, but crosses it.
    x = Ink(734, 612, [[(440, 115), (560, 355)], [(552, 125), (452, 345)]], 25.7)
    assert ink_without_frame(x) is None


def test_a_frame_lies_around_what_it_holds_on_three_sides_at_least():
    inner = (40.0, 40.0, 60.0, 80.0)
    turn = np.linspace(0, 2 * np.pi, 60)
    ring = np.column_stack([50 + 30 * np.cos(turn), 60 + 40 * np.sin(turn)])
    assert surrounds(ring, inner)
    assert surrounds(ring[ring[:, 0] > 30], inner)  # left open on its left
    # A 2 whose base runs on under the 1 beside it: left of the 1 and below it only.
    corners = [(0.0, 30.0), (20.0, 10.0), (30.0, 30.0), (0.0, 90.0), (70.0, 90.0)]
    two = np.concatenate([np.linspace(a, b, 20) for a, b in itertools.pairwise(corners)])
    assert not surrounds(two, inner)


def test_a_frame_closed_on_all_four_sides_may_hold_less_of_its_height():
    # A wide ring around a number: the digits 0.4 of its height, under the 0.45 asked.
    turn = np.linspace(0, 2 * np.pi, 80)
    ring = np.column_stack([100 + 90 * np.cos(turn), 100 + 50 * np.sin(turn)])
    digits = (60.0, 80.0, 140.0, 120.0)
    ink = np.array([[60.0, 80.0], [140.0, 120.0]])
    boxes = [(10.0, 50.0, 190.0, 150.0), digits]
    assert framing(boxes, [ring, ink], 0.45) == 0
    # Open on a side, it must hold them 0.45 of its height tall, as before.
    open_ring = ring[ring[:, 0] > 20]
    assert framing(boxes, [open_ring, ink], 0.45) is None
    assert framing(boxes, [open_ring, ink], 0.35) == 0
    # Closed, but the digits under CLOSED_HOLDS of its height: a dot in a 0 is no framed digit.
    low = (60.0, 90.0, 140.0, 120.0)
    assert framing([boxes[0], low], [ring, ink], 0.45) is None


def test_a_twos_base_run_on_under_two_digits_is_no_frame_around_them():
    # A tester's "21", its 2's base drawn on under a second 1: the 2 held both 1s whole and
    # was left out as a frame around them.
    ink = read_ink(Path(__file__).parent / "data" / "21-two-with-its-base-under-the-1.json")
    two, one = ink.strokes
    base = [(x, two[-1][1]) for x in range(round(two[-1][0]) + 10, 520, 10)]
    ones = [one, [(x + 90, y) for x, y in one]]
    twenty_one_one = Ink(ink.width, ink.height, [two + base, *ones], ink.pen_width)
    assert sum(stroke_counts(split_ink(twenty_one_one))) == 3  # the 2 in a digit too


def test_strokes_off_the_canvas_are_left_out_of_several_digits():
    ink = number([ONE, ZERO], [0.3])
    ink.strokes.append([(-500.0, -500.0), (-400.0, -450.0)])
    assert stroke_counts(split_ink(ink)) == [1, 1]


def test_ink_box_includes_the_pen_and_stays_on_the_canvas():
    ink = Ink(200, 100, [[(10.0, 20.0), (50.0, 80.0)]], pen_width=8.0)
    assert ink_box(ink) == (6.0, 16.0, 54.0, 84.0)
    ink = Ink(200, 100, [[(1.0, 20.0), (199.0, 99.0)]], pen_width=8.0)
    assert ink_box(ink) == (0.0, 16.0, 200.0, 100.0)
    with pytest.raises(ValueError):
        ink_box(Ink(200, 100))


def test_a_six_digit_number_splits_quickly():
    import time

    digits = [sample(d) for d in (2, 0, 2, 6, 1, 9)]
    ink = number([[np.asarray(s) for s in d] for d in digits], [0.2] * 5)
    begun = time.process_time()
    for _ in range(10):
        assert len(split_ink(ink)) == 6
    assert (time.process_time() - begun) / 10 < 0.02  # seconds of CPU; about 1 ms here


# ---------------------------------------------------------------- images


def image_of(ink):
    return export_image(ink)


def test_digits_side_by_side_in_an_image_come_apart_left_to_right(recognizer):
    digits = [sample(2), sample(0, 1), sample(7)]
    ink = number([[np.asarray(s) for s in d] for d in digits], [0.3, 0.3])
    parts = split_image(image_of(ink))
    assert len(parts) == 3
    boxes = [box for box, _ in parts]
    assert [b[0] for b in boxes] == sorted(b[0] for b in boxes)
    assert all(b[2] <= ink.width and b[3] <= ink.height for b in boxes)
    read = recognizer.recognize_batch(np.stack([model_input(crop) for _, crop in parts]))
    assert "".join(str(r.ranked[0][0]) for r in read) == "207"


def test_a_long_number_in_a_clean_image_keeps_its_ink_as_drawn():
    # Its strokes are thin for the whole number's width, but not for its digits' height: the
    # image is clean, and its ink is not thickened as a photo's fine pen would be.
    digits = [sample(d % 10) for d in (2, 0, 2, 6, 1, 9, 8, 4)]
    ink = number([[np.asarray(s) for s in d] for d in digits], [0.3] * 7)
    image = image_of(ink)
    assert np.array_equal(ink_intensity(image), 255 - np.asarray(image))
    assert len(split_image(image)) == 8


@pytest.mark.parametrize("gap", [0.3, 0.45])
def test_the_lined_up_bars_of_a_long_number_are_not_taken_for_a_ruled_line(gap):
    # Eight digits whose bars line up along their tops cross the picture like a printed line.
    ink = number([SEVEN, FIVE_TWO_STROKES] * 4, [gap] * 7)
    assert len(split_image(image_of(ink))) == 8


def test_the_ones_of_a_tightly_cropped_number_are_not_taken_for_printed_lines():
    image = image_of(number([ONE_PLAIN, ZERO, ONE_PLAIN], [0.4, 0.4]))
    x0, y0, x1, y1 = Image.eval(image, lambda v: 255 - v).getbbox()
    tight = image.crop((x0 - 12, y0 - 12, x1 + 12, y1 + 12))  # 12 px of paper around the ink
    assert len(split_image(tight)) == 3


def test_a_wide_number_image_is_read_as_a_whole_too():
    # reader.py reads the whole drawing first: a wide image of thin strokes is no photo.
    digits = [ONE_PLAIN, ZERO, SEVEN, FIVE_TWO_STROKES, ZERO, ONE_PLAIN, SEVEN, ZERO]
    ink = number(digits, [0.15] * 7, pen=8.0)
    assert model_input(image_of(ink)) is not None


@pytest.mark.parametrize("paper", [245, 200])
def test_a_number_on_grey_paper_splits_as_on_white(paper):
    ink = number([sample(2), sample(0), sample(2), sample(6)], [0.3, 0.3, 0.3])
    white = image_of(ink)
    grey = white.point(lambda v: round(v * paper / 255))  # the paper greyer, the ink darker
    expected = [box for box, _ in split_image(white)]
    found = [box for box, _ in split_image(grey)]
    assert len(found) == len(expected) == 4
    assert np.abs(np.subtract(found, expected)).max() <= 3


def test_the_crops_leave_out_the_neighbours_ink():
    ink = number([ZERO, ONE, ZERO], [0.15, 0.15])
    parts = split_image(image_of(ink))
    assert len(parts) == 3
    _, one = parts[1]
    dark = np.asarray(one) < 128
    cols = np.flatnonzero(dark.any(axis=0))
    assert cols[-1] - cols[0] < 0.3 * HEIGHT  # only the 1, not the zeros around it


def test_digits_that_touch_in_an_image_are_cut_apart():
    # The end of a 7's bar runs into the next digit: one blob of ink, two digits.
    for digits in ([SEVEN, ONE_PLAIN], [ZERO, SEVEN], [SEVEN, ONE_PLAIN, SEVEN]):
        ink = number(digits, [0.0] * (len(digits) - 1))
        assert len(split_image(image_of(ink))) == len(digits)


def test_whole_digits_that_meet_a_joining_rule_do_not_chain_a_number_into_one_digit():
    # A calibration writer's "649984": its 8 sits up and left of the taller 4 beside it, as a
    # 4's L does of its down-stroke (rule 4); joined, the pair met the rules with the next
    # digit, and so on, until the whole number was one "digit".
    image = Image.open(Path(__file__).parent / "data" / "chained-649984.png")
    assert len(split_image(image)) == 6


def test_one_digit_image_comes_back_whole_even_in_two_pieces():
    for digit in (FIVE_FAR_BAR, FOUR_APART, ZERO, SEVEN_CROSSED, ONE_WITH_BASE):
        image = image_of(number([digit], []))
        [(box, crop)] = split_image(image)
        assert crop is image
        x0, y0, x1, y1 = box
        assert 0 <= x0 < x1 <= image.width and 0 <= y0 < y1 <= image.height


def test_a_zero_left_open_at_the_top_is_not_cut_through_its_opening():
    assert len(split_image(image_of(number([ZERO_OPEN], [], pen=9.0)))) == 1
    ink = number([ONE, ZERO_OPEN, ZERO_OPEN], [0.3, 0.3], pen=9.0)
    assert len(split_image(image_of(ink))) == 3


def test_a_five_with_a_detached_bar_stays_one_digit_next_to_others():
    ink = number([ONE, FIVE_FAR_BAR, ZERO], [0.3, 0.35])
    assert len(split_image(image_of(ink))) == 3


def test_an_image_with_no_ink_has_no_digits():
    assert split_image(Image.new("L", (120, 80), 255)) == []


def test_light_ink_on_dark_paper_splits_too():
    image = Image.new("L", (300, 140), 0)
    draw = ImageDraw.Draw(image)
    draw.line([(40, 30), (40, 110)], fill=255, width=8)
    draw.ellipse([(110, 30), (170, 110)], outline=255, width=8)
    draw.line([(220, 30), (270, 30), (235, 110)], fill=255, width=8)
    assert len(split_image(image)) == 3


# ---------------------------------------------------------------- the number set


def test_the_number_set_is_written_from_a_seed(tmp_path):
    import make_numbers

    samples = [
        make_numbers.PenSample(label, "assets", list(read_ink(path).strokes))
        for label in range(10)
        for path in [SAMPLES / f"pen-{label}-0.json", SAMPLES / f"pen-{label}-1.json"]
    ]
    first = make_numbers.make_numbers(samples, 6, seed=3)
    again = make_numbers.make_numbers(samples, 6, seed=3)
    assert [n.text for n in first] == [n.text for n in again]
    assert all(2 <= len(n.text) <= 8 for n in first)
    make_numbers.write_numbers(first[:2], tmp_path)
    with open(tmp_path / "labels.csv", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["file", "number"] and len(rows) == 5
    for name, text in rows[1:]:
        assert (tmp_path / name).is_file()
        if name.endswith(".json"):
            assert len(split_ink(read_ink(tmp_path / name))) == len(text)


def test_the_distance_between_a_huge_and_a_tiny_point_set_is_measured_in_chunks():
    from digitpad.core.segment import _min_distance

    huge = np.column_stack([np.linspace(0, 1000, 600_000), np.zeros(600_000)])
    tiny = np.array([[500.0, 3.0], [500.0, 4.0], [500.0, 5.0]])
    assert _min_distance(huge, tiny) == pytest.approx(3.0)
    assert _min_distance(tiny, huge) == pytest.approx(3.0)


def test_a_scribble_of_hundreds_of_strokes_is_read_whole():
    # Far more ink than any number has: not grouped (which would take minutes), read whole.
    rng = np.random.default_rng(0)
    points = rng.uniform([20, 20], [580, 440], size=(12_000, 2)).tolist()
    strokes = [[tuple(p) for p in points[i : i + 30]] for i in range(0, 12_000, 30)]
    ink = Ink(600, 460, strokes)
    assert len(split_ink(ink)) == 1
