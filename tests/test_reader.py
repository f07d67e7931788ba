"""Reading whole drawings: a digit the network doubts is tried as two digits."""

from pathlib import Path

import numpy as np
import pytest
from helpers import SAMPLES, number_ink
from PIL import Image, ImageDraw

from digitpad.core.components import CUT_SIDE, crop_geometry, image_cuts, paper_origin, split_image
from digitpad.core.files import load_image
from digitpad.core.ink import Ink, read_ink
from digitpad.core.preprocess import INK_LEVEL, ink_intensity, model_input
from digitpad.core.reader import HALF_DOUBT, WHOLE_SURE, read_drawings
from digitpad.core.render import export_image
from digitpad.core.segment import MOST_SPLIT, ink_box, ink_splits, ink_without_frame, split_ink

DATA = Path(__file__).parent / "data"


def test_two_lines_are_read_one_after_the_other(recognizer):
    top, bottom = number_ink([2, 0]), number_ink([2, 6])
    below = [[(x, y + 200) for x, y in stroke] for stroke in bottom.strokes]
    reading = read_drawings(recognizer, [Ink(top.width, 500, top.strokes + below)])[0]
    assert reading.number == "2026"
    assert [digit.box[1] < 200 for digit in reading.digits] == [True, True, False, False]
    assert reading.line_starts == (2,) and reading.lines(reading.number) == ["20", "26"]


def test_a_stroke_down_both_lines_leaves_them_two_lines(recognizer):
    # A zigzag beside "20" over "26", twice a digit's height and level with both: it linked
    # the lines into one, their digits taken left to right ("22601").
    top, bottom = number_ink([2, 0]), number_ink([2, 6])
    below = [[(x, y + 200) for x, y in stroke] for stroke in bottom.strokes]
    right = max(x for stroke in top.strokes + below for x, _ in stroke) + 90
    zigzag = [(right + 30 * (k % 2), 120 + 15 * k) for k in range(15)]  # nearer the top line
    ink = Ink(int(right) + 120, 500, [*top.strokes, *below, zigzag])
    for drawing in (ink, export_image(ink)):
        reading = read_drawings(recognizer, [drawing])[0]
        lines = reading.lines(reading.marked_number)
        assert len(lines) == 2 and lines[0][:2] == "20" and lines[1] == "26"


def test_a_picture_of_two_lines_in_a_fine_pen_is_read_as_two_lines(recognizer):
    # A tester's picture of "12" over "34": the strokes, thin against both lines' height,
    # were taken for a photo's faint pen and thickened until the lines ran together.
    top, bottom = number_ink([2, 0]), number_ink([2, 6])
    below = [[(x, y + 155) for x, y in stroke] for stroke in bottom.strokes]
    ink = Ink(top.width + 200, 555, top.strokes + below, pen_width=4)
    reading = read_drawings(recognizer, [export_image(ink)])[0]
    assert reading.lines(reading.marked_number) == ["20", "26"]


@pytest.mark.parametrize("top, bottom", [([3, 9], [4, 5]), ([7, 3], [0, 8]), ([5, 2], [9, 3])])
def test_two_lines_written_close_are_read_as_two_lines(recognizer, top, bottom):
    # 30 px apart, 0.3 of the digits' height: no digit is joined with the one below it, in
    # the ink or in its exported picture (a fresh tester's "2026" over "157" read "7?726").
    upper, lower = number_ink(top), number_ink(bottom)
    below = [[(x, y + 130) for x, y in stroke] for stroke in lower.strokes]
    ink = Ink(max(upper.width, lower.width), 400, upper.strokes + below)
    assert len(split_ink(ink)) == len(split_image(export_image(ink))) == 4
    for reading in read_drawings(recognizer, [ink, export_image(ink)]):
        assert reading.lines(reading.marked_number) == [
            "".join(map(str, top)),
            "".join(map(str, bottom)),
        ]


def test_a_wide_seven_over_the_1_below_it_in_a_picture_is_two_digits_of_two_lines(recognizer):
    # Exported from the window by a fresh tester: the 7's bar reaches over the 1 and 7 of
    # the line below, and the reader joined 7 and 1 into one tall 7 level with both lines.
    picture = load_image(DATA / "7885-over-1703-wide-seven.png")
    reading = read_drawings(recognizer, [picture])[0]
    assert reading.lines(reading.marked_number) == ["7885", "1703"]


def test_a_testers_picture_of_two_lines_an_eighth_of_a_digit_apart_reads_as_drawn(recognizer):
    # Exported from the window by a fresh tester; it read "??61?", the lines run together.
    picture = load_image(DATA / "two-lines-close-98602-35174.png")
    reading = read_drawings(recognizer, [picture])[0]
    assert reading.lines(reading.marked_number) == ["98602", "35174"]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("2084-eight-in-two-loops", ["2084"]),
        ("2026-over-an-eight-in-two-loops", ["2026", "8"]),
        ("20264-over-3857-slanted", ["20264", "3857"]),
        ("314159-over-27182-rising", ["314159", "27182"]),
        ("484-eight-in-two-big-loops", ["484"]),
        ("47-four-finished-late", ["47"]),
        ("40-four-finished-late", ["40"]),
        ("11-one-with-a-foot-then-a-one", ["11"]),
        ("1675-with-a-comma", ["1675"]),
    ],
)
def test_a_fresh_testers_ink_reads_as_drawn_and_so_does_its_picture(recognizer, name, lines):
    # Drawn in the window: the 8's loops were kept apart as two lines of their own ("20004"),
    # the first loop joined the 2 above it ("2086"), and the slanted lines were mixed (also
    # rising lines whose last digit, a 9, was written lower, level with both). An 8 of a
    # UNIPEN writer, two loops each half as tall as the 4s around it, read "4004". A 4 whose
    # down-stroke came after the next digit read "?" and "610". A 1 with a foot, then a 1, read
    # as a 4 (85%) drawn as an L and its down-stroke. "1,675" read "11675".
    ink = read_ink(DATA / f"{name}.json")
    for reading in read_drawings(recognizer, [ink, export_image(ink)]):
        assert reading.lines(reading.number) == lines


@pytest.mark.parametrize(
    ("name", "number"), [("10-hooked-one-doubted", "10"), ("71-hooked-one-doubted", "71")]
)
def test_a_doubted_1_beside_a_digit_the_whole_reads_as_is_not_lost_in_it(recognizer, name, number):
    # A tester's UNIPEN writer's hooked 1 a fifth of a digit before a 0, or after a 7, was
    # doubted alone, and the two together read surely as the 0 (or the 7): "10" read 0.
    ink = read_ink(DATA / f"{name}.json")
    assert read_drawings(recognizer, [ink])[0].number == number


def test_a_minus_drawn_close_before_a_2_is_left_out_and_said(recognizer):
    # A fresh tester's "-25" over "18": the minus, close before the 2 and halfway up, was taken
    # for a 4's left part drawn apart; the 2's frame held it and nothing said it was there.
    ink = read_ink(DATA / "minus-25-over-18-close.json")
    minus_right = max(x for x, _ in ink.strokes[0])
    for reading in read_drawings(recognizer, [ink, export_image(ink)]):
        assert reading.lines(reading.number) == ["25", "18"] and reading.left_out
    assert read_drawings(recognizer, [ink])[0].digits[0].box[0] > minus_right


@pytest.mark.parametrize("slope", [0.1, 0.2])  # the lines fall this much per pixel across
def test_two_lines_slanted_down_to_the_right_are_read_one_after_the_other(recognizer, slope):
    # A fresh tester's lines, each digit 0.15 of a digit lower than the one before, mixed.
    upper, lower = number_ink([3, 2, 8, 0, 2]), number_ink([5, 7, 6, 4])
    below = [[(x, y + 140) for x, y in stroke] for stroke in lower.strokes]
    strokes = [[(x, y + slope * x) for x, y in stroke] for stroke in upper.strokes + below]
    ink = Ink(upper.width, int(500 + slope * upper.width), strokes)
    for reading in read_drawings(recognizer, [ink, export_image(ink)]):
        assert reading.lines(reading.number) == ["32802", "5764"]


@pytest.mark.parametrize(
    "top, bottom", [([2, 0, 2], [7, 3]), ([4, 0, 2], [7, 9]), ([8, 2, 3], [7, 5]), ([9, 2], [7, 6])]
)
def test_a_digit_grouped_with_the_one_below_and_read_surely_is_still_two(recognizer, top, bottom):
    # A 2 over a 7 reads as a sure 7: the group is tried as two because it is so tall.
    upper, lower = number_ink(top), number_ink(bottom)
    below = [[(x, y + 130) for x, y in stroke] for stroke in lower.strokes]
    ink = Ink(max(upper.width, lower.width), 400, upper.strokes + below)
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.lines(reading.marked_number) == [
        "".join(map(str, top)),
        "".join(map(str, bottom)),
    ]


@pytest.mark.parametrize("labels", [[2], [2, 0, 2, 6]])
def test_a_1_begun_low_beside_the_digit_before_it_is_a_digit_in_its_line(recognizer, labels):
    ink = number_ink(labels)
    right = max(x for stroke in ink.strokes for x, _ in stroke)
    one = [(right + 60 + i * 0.1, 160 + i * 6) for i in range(20)]  # 114 px, from 0.6 down
    reading = read_drawings(recognizer, [Ink(ink.width + 100, 300, [*ink.strokes, one])])[0]
    assert reading.lines(reading.marked_number) == ["".join(map(str, labels)) + "1"]


@pytest.mark.parametrize(("before", "piece", "lift"), [([], 80, 10), ([2, 0], 50, 12)])
def test_a_1_drawn_in_two_pieces_in_line_is_read_as_one_1(recognizer, before, piece, lift):
    # The pen lifted halfway down the 1 and put back lift pixels below, in line.
    upper = [(300 + i * 0.5, 100 + i * 8) for i in range(piece // 8 + 1)]
    x, y = upper[-1]
    lower = [(x + 1 + i * 0.5, y + lift + i * 8) for i in range(piece // 8 + 1)]
    ink = number_ink(before)
    ink = Ink(max(ink.width, 400), 400, [*ink.strokes, upper, lower])
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.lines(reading.marked_number) == ["".join(map(str, before)) + "1"]


def test_one_line_is_one_line(recognizer):
    reading = read_drawings(recognizer, [number_ink([2, 0, 6])])[0]
    assert reading.line_starts == () and reading.lines(reading.marked_number) == ["206"]


def test_two_digits_whose_strokes_overlap_are_read_apart_by_the_network(recognizer):
    # Written by a calibration writer of tools/make_numbers.py: the 4 starts inside the 9.
    ink = read_ink(DATA / "overlapping-94.json")
    assert len(split_ink(ink)) == 1  # the stroke rules alone join them
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.number == "94"
    nine, four = reading.digits
    assert isinstance(nine.drawing, Ink) and isinstance(four.drawing, Ink)
    strokes = [list(s) for s in ink.strokes]
    assert [list(s) for s in nine.drawing.strokes + four.drawing.strokes] == strokes
    assert nine.box[0] < four.box[0]
    # The drawing read as one digit is still the whole drawing's reading.
    alone = recognizer.recognize(model_input(ink))
    assert reading.whole.recognition.ranked == alone.ranked


def test_a_two_whose_base_runs_under_both_ones_after_it_comes_first(recognizer):
    # A fresh tester's "211", the 2's base under both 1s: its box's middle lies right of the
    # first 1, and the number read "121". Ink sorts by where half its strokes' length lies.
    ink = read_ink(DATA / "211-twos-base-under-both-ones.json")
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.marked_number == "211" and not reading.left_out


def test_a_two_whose_base_runs_on_under_the_one_after_it_is_read_with_it(recognizer):
    # A fresh tester's "21": the 2's box holds the 1, which was left out as a frame around
    # it ("1", 99.9%), and, the frame told apart, the 2's base reached past the 1 on both
    # sides, so the two were no digits side by side ("2", 98.6%).
    ink = read_ink(DATA / "21-two-with-its-base-under-the-1.json")
    assert ink_without_frame(ink) is None and len(split_ink(ink)) == 1
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.marked_number == "21" and not reading.left_out
    assert read_drawings(recognizer, [export_image(ink)])[0].number == "21"


@pytest.mark.parametrize(
    ("name", "number"),
    [("2021-ones-foot-on-the-twos-base", "2021"), ("20-zero-on-the-twos-base", "20")],
)
def test_a_digit_standing_on_the_base_of_the_two_before_it_is_read_apart(recognizer, name, number):
    # A second tester's, written in the window: read "202" (98.4%) and "0" (62.2%), the
    # base under both feet in every row they share (segment.LEVEL_FOOT).
    reading = read_drawings(recognizer, [read_ink(DATA / f"{name}.json")])[0]
    assert reading.marked_number == number


@pytest.mark.parametrize("labels", [[8, 5], [6, 5], [3, 5], [0, 6]])
def test_two_digits_written_over_each_other_are_two_though_read_surely_as_one(recognizer, labels):
    ink = number_ink(labels, gap=-40)  # the second digit's first stroke well inside the first
    assert len(split_ink(ink)) == 1  # the stroke rules alone join them
    assert read_drawings(recognizer, [ink])[0].number == "".join(map(str, labels))


def test_two_digits_that_touch_in_an_image_are_cut_where_the_network_reads_both(recognizer):
    image = export_image(read_ink(DATA / "touching-13.json"))
    assert len(split_image(image)) == 1  # no cut looks like two digits meeting
    reading = read_drawings(recognizer, [image])[0]
    assert reading.number == "13"
    one, three = reading.digits
    assert one.box[2] <= three.box[2] and one.box[0] < three.box[0]
    for digit in (one, three):
        x0, y0, x1, y1 = digit.box
        assert 0 <= x0 < x1 <= image.width and 0 <= y0 < y1 <= image.height
        assert isinstance(digit.drawing, Image.Image)
        # The box holds the ink of its crop: the two come from the same pixels.
        ink = (ink_intensity(image) >= INK_LEVEL)[int(y0) : int(y1), int(x0) : int(x1)]
        assert ink.any(axis=0)[[0, -1]].all() and ink.any(axis=1)[[0, -1]].all()


def test_a_1_touching_its_neighbour_in_an_image_is_cut_off_though_the_two_are_narrow(recognizer):
    # From a calibration writer of tools/make_numbers.py: the 1 touches the 3, and the network
    # doubts the blob they make, which is narrower than two digits side by side usually are.
    image = export_image(read_ink(DATA / "touching-13.json"))
    ((box, _),) = split_image(image)
    assert box[2] - box[0] < 0.7 * (box[3] - box[1])
    assert read_drawings(recognizer, [image])[0].number == "13"


def test_two_touching_digits_read_surely_as_one_are_two_when_both_halves_read_more_surely(
    recognizer,
):
    # From a calibration writer: the 2 and 1 of "2137" touch, and the blob reads as a 2,
    # 96% sure; cut, a 2 and a 1 read more surely together than the blob alone.
    image = export_image(read_ink(DATA / "touching-2137.json"))
    assert len(split_image(image)) == 3
    assert read_drawings(recognizer, [image])[0].number == "2137"


def test_a_wide_digit_is_not_cut_into_two_that_read_less_surely_than_it(recognizer):
    # A calibration writer's 0, wider than tall: cut, its halves read as a 6 and a 7 more than
    # 95% sure each, but the 0 itself reads surer still.
    image = export_image(read_ink(DATA / "wide-0-and-1.json"))
    zero, _ = split_image(image)
    assert zero[0][2] - zero[0][0] > zero[0][3] - zero[0][1]
    assert read_drawings(recognizer, [image])[0].number == "01"


def test_a_digit_in_two_pieces_inside_a_number_is_joined_when_it_reads_surely_as_one(
    recognizer,
):
    # From a calibration writer: the 8 of "50468" is two blobs, read as a 9 and a 3 that the
    # network doubts; together they read as a sure 8.
    image = export_image(read_ink(DATA / "broken-8-in-50468.json"))
    assert len(split_image(image)) == 6
    reading = read_drawings(recognizer, [image])[0]
    assert reading.number == "50468"
    eight = reading.digits[-1]
    assert isinstance(eight.drawing, Image.Image) and not eight.recognition.not_sure


def test_a_doubted_digit_beside_a_sure_one_in_a_picture_stays_a_digit_of_its_own(recognizer):
    # From a calibration writer: the 6 of "16271" is doubted (a 0 at 27%) and the 1 left of it
    # is not; read together, the two make a sure 6, and "6271" lost a digit.
    image = export_image(read_ink(DATA / "doubted-1-beside-6-in-16271.json"))
    assert read_drawings(recognizer, [image])[0].number == "16271"


def test_an_ink_digit_grouped_as_two_doubtful_pieces_is_joined_when_it_reads_surely_as_one(
    recognizer,
):
    # From an unseen writer: the 4 of "482" is two strokes that the grouping leaves apart, read
    # as a 1 and a 7 that the network doubts; together they read as a sure 4.
    ink = read_ink(DATA / "split-4-in-482.json")
    assert len(split_ink(ink)) == 4
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.number == "482"
    four = reading.digits[0]
    assert len(four.drawing.strokes) == 2 and not four.recognition.not_sure


def test_a_big_photo_is_cut_on_a_shrunk_copy_with_boxes_in_its_own_pixels():
    image = export_image(read_ink(DATA / "touching-68.json"))
    big = image.resize((image.width * 5, image.height * 5), Image.Resampling.LANCZOS)
    assert max(big.size) > CUT_SIDE
    small, large = image_cuts(image), image_cuts(big)
    # Each side is the shrunk copy's ink on its paper margin, not the big picture's.
    sides = [crop for cut in large for crop in cut[1::2]]
    assert sides and all(max(crop.size) <= 1.5 * CUT_SIDE for crop in sides)
    # The first cut falls at the same place, in the big picture's pixels.
    assert abs(large[0][0][2] - 5 * small[0][0][2]) <= 5 * 3
    # A side cut again (three digits that touch) is placed by its shrunk crop's own ink: the
    # sides of "2137", five times as big, cut again, stay inside them.
    image = export_image(read_ink(DATA / "touching-2137.json"))
    big = image.resize((image.width * 5, image.height * 5), Image.Resampling.LANCZOS)
    recut = 0
    for cut in image_cuts(big):
        for box, crop in (cut[:2], cut[2:]):
            origin, scale = crop_geometry(crop, box)
            assert scale < 1
            for again in image_cuts(crop, origin, scale):
                recut += 1
                for x0, y0, x1, y1 in again[::2]:
                    assert box[0] - 5 <= x0 < x1 <= box[2] + 5
                    assert box[1] - 5 <= y0 < y1 <= box[3] + 5
    assert recut


def test_a_crop_of_a_digit_is_placed_in_its_picture_by_its_ink():
    image = export_image(read_ink(DATA / "touching-2137.json"))
    for box, crop in split_image(image):
        origin, scale = crop_geometry(crop, box)
        assert scale == 1 and origin == paper_origin(crop, box)


def test_the_six_of_two_touching_digits_is_read_as_six(recognizer):
    # The cut that reads best leaves the 6's left arc, read as a 1 (0.81), and an 8 (0.78):
    # too unsure to be two digits (SURE), so it was read "18" only while SURE was 0.8.
    image = export_image(read_ink(DATA / "touching-68.json"))
    assert read_drawings(recognizer, [image])[0].number == "68"


def test_a_digit_the_network_is_sure_of_is_not_tried_as_two(recognizer):
    ink = read_ink(DATA / "overlapping-94.json")
    nine = ink.subset([0])
    reading = read_drawings(recognizer, [nine])[0]
    assert reading.number == "9" and reading.digits[0].drawing is None
    assert reading.digits[0] is reading.whole


def test_a_digit_is_split_between_its_strokes_every_way_keeping_their_order():
    ink = read_ink(DATA / "overlapping-94.json")
    splits = ink_splits(ink)
    assert sorted((len(a.strokes), len(b.strokes)) for a, b in splits) == [(1, 2), (2, 1), (2, 1)]
    assert ink_splits(ink.subset([0])) == []


def test_a_digit_is_not_tried_as_a_flat_bar_and_the_rest():
    from digitpad.core.reader import DigitReading, _two_digits

    body = [(60, 40), (55, 95), (90, 85), (115, 110), (105, 140), (75, 150), (50, 140)]
    five = Ink(200, 200, [body, [(60, 40), (110, 36), (150, 30)]], 8)  # a long bar last
    digit = DigitReading(ink_box(five), model_input(five), recognition=None)
    assert _two_digits(five, digit) == []  # the bar read alone could be a sure 1
    seven = Ink(200, 200, [[(50, 40), (120, 40)], [(120, 40), (80, 150)]], 8)
    crossed = Ink(200, 200, [*seven.strokes, [(60, 95), (110, 95)]], 8)
    assert _two_digits(seven, DigitReading(ink_box(seven), model_input(seven), None)) == []
    # Nor as parts that overlap across, as no two neighbouring digits do (SIDE_BY_SIDE).
    assert _two_digits(crossed, DigitReading(ink_box(crossed), model_input(crossed), None)) == []
    one = [(30, 40), (30, 150)]
    pair = Ink(200, 200, [one, *seven.strokes], 8)
    offered = _two_digits(pair, DigitReading(ink_box(pair), model_input(pair), None))
    assert (1, 2) in [(len(a[2].strokes), len(b[2].strokes)) for a, b in offered]


def test_two_stroke_sevens_written_close_each_keep_their_own_bar(recognizer):
    # Drawn by a user, each 7 as a bar then a down-stroke, the bars less than a pen apart.
    ink = read_ink(DATA / "two-stroke-sevens-7747.json")
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.number == "7747"
    assert [len(d.drawing.strokes) for d in reading.digits] == [2, 2, 2, 2]
    # Closer still, the stroke rules join two 7s; the network's best split may not be a
    # down-stroke alone under both bars, which no neighbour of a digit would be.
    seven = ink.subset([0, 1])
    sevens = Ink(
        300, 300, [*seven.strokes, *[[(x + 62, y) for x, y in s] for s in seven.strokes]], 15.8
    )
    assert len(split_ink(sevens)) == 1
    reading = read_drawings(recognizer, [sevens])[0]
    assert reading.number == "77"
    assert [len(d.drawing.strokes) for d in reading.digits] == [2, 2]


def test_an_x_of_two_crossing_strokes_is_not_two_digits(recognizer):
    # Each stroke alone reads as a sure 1: found by a user, who was shown "11" in one box.
    x = Ink(734, 612, [[(452, 125), (552, 345)], [(552, 125), (452, 345)]], 25.7)
    reading = read_drawings(recognizer, [x])[0]
    assert len(reading.number) == 1 and reading.digits[0].recognition.not_sure
    side_by_side = Ink(734, 612, [[(352, 125), (352, 345)], [(452, 125), (452, 345)]], 25.7)
    assert read_drawings(recognizer, [side_by_side])[0].number == "11"


def test_a_zigzag_scribble_is_one_thing_that_is_no_digit_as_ink_and_as_its_picture(recognizer):
    # A new user's zigzag: its ink read one non-digit, its exported picture "??" (cut in two).
    corners = [(0.1, 0.5), (0.3, 0.1), (0.5, 0.9), (0.7, 0.1), (0.9, 0.9), (0.1, 0.3), (0.9, 0.4)]
    zigzag = Ink(360, 360, [[(50 + 260 * x, 50 + 260 * y) for x, y in corners]])
    for drawing in (zigzag, export_image(zigzag)):
        reading = read_drawings(recognizer, [drawing])[0]
        assert reading.marked_number == "?" and reading.digits[0].recognition.maybe_not_a_digit


def test_a_scribble_of_many_strokes_is_not_tried_as_two_digits_every_way():
    # Each split costs two readings: a hatching of hundreds of strokes would take minutes.
    hatching = Ink(360, 360, [[(x, 40), (x + 30, 320)] for x in range(10, 300, 10)], 8.0)
    assert len(hatching.strokes) > MOST_SPLIT
    assert ink_splits(hatching) == []
    most = hatching.subset(list(range(MOST_SPLIT)))
    assert len(ink_splits(most)) == MOST_SPLIT - 1


def test_only_a_digit_wider_than_most_is_offered_cuts():
    narrow = Ink(200, 200, [[(100, 20), (100, 180)]], 12.0)
    assert image_cuts(export_image(narrow)) == []
    image = export_image(read_ink(DATA / "touching-68.json"))
    cuts = image_cuts(image)
    assert cuts and all(a[2] <= image.width and b[0] >= 0 for a, _, b, _ in cuts)


def test_a_digit_in_two_pieces_that_the_network_reads_surely_as_one_stays_one(recognizer):
    # A 0 whose ends do not meet, from a calibration writer: two blobs apart in the image.
    image = export_image(read_ink(DATA / "open-0.json"))
    assert len(split_image(image)) == 2
    reading = read_drawings(recognizer, [image])[0]
    assert reading.number == "0" and reading.digits == [reading.whole]


def test_a_digit_and_a_figure_far_from_it_are_two_however_surely_both_read_as_one(recognizer):
    # A 2, and well to its right an L (a new user's drawing): squeezed into one input, the
    # two read as a 2, 99% sure; they are a 2 and a figure the network is not sure of.
    ink = read_ink(DATA / "two-and-l.json")
    for drawing in (ink, export_image(ink)):
        reading = read_drawings(recognizer, [drawing])[0]
        two, other = reading.digits
        assert two.recognition.ranked[0][0] == 2 and not two.recognition.not_sure
        assert other.recognition.not_sure and other.box[0] > two.box[2]


def test_a_stroke_added_to_a_digit_after_the_next_digit_is_still_its_own(recognizer):
    # The 4's first stroke, then a whole 2, then the 4's upright (a new user's drawing).
    ink = read_ink(DATA / "late-stroke-42.json")
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.number == "42"
    four, two = reading.digits
    assert len(four.drawing.strokes) == 2 and len(two.drawing.strokes) == 1


def test_the_app_reads_a_number_without_reading_it_whole_and_gets_the_same_digits(recognizer):
    for labels in ([2, 0, 2, 6], [4, 7]):
        ink = number_ink(labels)
        full = read_drawings(recognizer, [ink])[0]
        app = read_drawings(recognizer, [ink], whole=False)[0]
        assert app.number == full.number == "".join(map(str, labels))
        assert [d.box for d in app.digits] == [d.box for d in full.digits]
        assert [d.recognition.ranked for d in app.digits] == [
            d.recognition.ranked for d in full.digits
        ]
        # Two digits are read whole all the same: one may be better read as one digit.
        assert (app.whole is None) == (len(labels) > 2)


def test_one_digit_and_a_stray_dot_far_from_it_is_read_without_the_dot(recognizer):
    two = read_ink(Path(__file__).parent.parent / "assets" / "samples" / "pen-2-0.json")
    wide = Ink(3 * two.width, two.height, [*two.strokes, [(2.5 * two.width, two.height / 2)]])
    wide.pen_width = two.effective_pen_width()
    [digit] = split_ink(wide)
    assert [list(s) for s in digit.strokes] == [list(s) for s in two.strokes]
    reading = read_drawings(recognizer, [wide])[0]
    assert reading.number == "2" and not reading.digits[0].recognition.not_sure
    assert reading.digits[0].box[2] < two.width  # its box leaves the dot out
    # The drawing read whole, dot and all, is still there for `predict`'s predictions.
    assert reading.whole.recognition.ranked == recognizer.recognize(model_input(wide)).ranked


def test_a_lone_noisy_pixel_beside_a_pictures_digit_is_no_mark_left_out(recognizer):
    # A tester's "2026" saved as a JPEG at quality 50 was said to have a mark left out: one
    # pixel of ringing just below the 0's box, the faintest ink that counts.
    picture = export_image(number_ink([2, 0, 6], gap=60))
    first = read_drawings(recognizer, [picture])[0]
    assert not first.left_out
    x0, y0, x1, y1 = (round(v) for v in first.digits[1].box)
    speck, dash = picture.copy(), picture.copy()
    speck.putpixel(((x0 + x1) // 2, y1 + 1), 255 - INK_LEVEL - 10)
    middle, after = (y0 + y1) // 2, round(first.digits[2].box[0])
    ImageDraw.Draw(dash).rectangle((x1 + 15, middle - 3, after - 15, middle + 3), fill=0)
    speck_read, dash_read = read_drawings(recognizer, [speck, dash])
    assert speck_read.number == dash_read.number == "206"
    assert not speck_read.left_out and dash_read.left_out


def test_a_click_beside_a_digit_is_left_out_of_it(recognizer):
    # A calibration writer's 7 with a click a pen width above its bar: read with the 7, the
    # dot made it "7 or 2" (0.48).
    ink = read_ink(DATA / "7-and-a-click-above-its-bar.json")
    reading = read_drawings(recognizer, [ink])[0]
    assert reading.marked_number == "7" and reading.left_out
    alone = recognizer.recognize(model_input(ink.subset(list(range(len(ink.strokes) - 1)))))
    assert reading.digits[0].recognition.ranked == alone.ranked


def test_a_zero_holding_its_pen_slip_and_a_tap_on_its_line_is_no_ring(recognizer):
    # pen-0-0 begins with a slip inside its loop; a tap that touches its line is in the 0 too.
    zero = read_ink(SAMPLES / "pen-0-0.json")
    ink = Ink(zero.width, zero.height, [*zero.strokes, [(98.44, 56.48)]])
    assert read_drawings(recognizer, [ink])[0].marked_number == "0"


@pytest.mark.parametrize(
    "name, digit",
    [
        ("mnist-0-in-three-pieces.png", "0"),
        ("mnist-9-cut-in-two.png", "9"),
        ("mnist-bold-0.png", "0"),
    ],
)
def test_a_small_picture_of_one_digit_in_pieces_is_read_as_that_digit(recognizer, name, digit):
    # 28x28 MNIST digits: faint strokes break a 0 into three arcs, and a 9 as wide as tall is
    # cut in two; the network reads each whole far more surely than as pieces. A bold 0 of the
    # training set's last 5,000 (never trained on) was cut and read as "13": no digit under
    # SMALLEST_PAIR pixels tall is cut.
    [reading] = read_drawings(recognizer, [Image.open(DATA / name)])
    assert reading.number == digit


def test_a_digit_a_few_pens_across_is_never_read_surely(recognizer):
    # A user's 5, 20 px tall with the default 12.6 px pen: a blob, which the network still
    # reads as an 8 at 84%.
    tiny = read_ink(DATA / "tiny-5.json")
    reading = read_drawings(recognizer, [tiny])[0]
    (digit,) = reading.digits
    assert digit.recognition.ranked[0][1] > 0.6 and digit.recognition.not_sure
    assert digit.recognition.blob
    assert reading.whole is digit and reading.marked_number == "?"
    # Written larger with the same pen, it reads as before.
    scale = 2.0
    larger = Ink(
        tiny.width,
        tiny.height,
        [[(x * scale - 250, y * scale - 200) for x, y in s] for s in tiny.strokes],
        tiny.pen_width,
    )
    assert read_drawings(recognizer, [larger])[0].marked_number == "5"
    assert not read_drawings(recognizer, [larger])[0].whole.recognition.blob
    # Drawn smaller still, the network is not sure of it anyway, and it is a blob all the same.
    tinier = Ink(tiny.width, tiny.height, [[(x / 2, y / 2) for x, y in s] for s in tiny.strokes])
    tinier.pen_width = tiny.pen_width
    assert read_drawings(recognizer, [tinier])[0].whole.recognition.blob
    # A tap of the pen is not sure either, but it is no digit drawn small: maybe no digit.
    tap = read_drawings(recognizer, [Ink(360, 360, [[(180.0, 180.0)]])])[0].whole.recognition
    assert tap.not_sure and not tap.blob and tap.maybe_not_a_digit
    # Their pictures alike (a tester: the blob's picture read a sure 8 where its ink did not).
    for ink, blob in ((tiny, True), (larger, False), (tinier, True)):
        picture = read_drawings(recognizer, [export_image(ink)])[0].whole.recognition
        assert picture.blob == blob and picture.not_sure == blob
    dot = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(dot).ellipse((90, 90, 110, 110), fill=0)
    assert not read_drawings(recognizer, [dot])[0].whole.recognition.blob


def framed(labels: list[int]) -> Ink:
    """A number drawn with a box around it, 25 px off its ink, on a canvas with room for it."""
    ink = number_ink(labels)
    points = np.array([p for stroke in ink.strokes for p in stroke])
    (x0, y0), (x1, y1) = points.min(axis=0) + 25, points.max(axis=0) + 75
    box = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0 + 5)]
    strokes = [[(x + 50, y + 50) for x, y in stroke] for stroke in ink.strokes] + [box]
    return Ink(ink.width + 100, ink.height + 100, strokes)


@pytest.mark.parametrize("labels", [[4], [2, 7]])
@pytest.mark.parametrize("kind", ["ink", "picture"])
def test_a_box_drawn_around_a_digit_or_a_number_is_left_out(recognizer, labels, kind):
    # Kept, a boxed 4 read "maybe not a digit", and a boxed 27 as a picture "2?7".
    drawing = framed(labels) if kind == "ink" else export_image(framed(labels))
    [reading] = read_drawings(recognizer, [drawing])
    assert reading.marked_number == "".join(map(str, labels)) and reading.left_out


@pytest.mark.parametrize("label", [2, 7])
def test_a_ring_drawn_tight_around_a_digit_is_left_out(recognizer, label):
    # Its ink meets the digit's corners, and the ring read with it is a sure 0.
    digit = number_ink([label])
    points = np.array([p for stroke in digit.strokes for p in stroke])
    centre, (width, height) = (points.min(axis=0) + points.max(axis=0)) / 2, np.ptp(points, axis=0)
    turns = np.linspace(0, 2 * np.pi, 60)
    ring = np.column_stack([width / 2 + 23, 0.75 * height]) * np.column_stack(
        [np.cos(turns), np.sin(turns)]
    )
    strokes = [*digit.strokes, [tuple(p) for p in (centre + ring).tolist()]]
    [reading] = read_drawings(recognizer, [Ink(digit.width, digit.height, strokes)])
    assert reading.marked_number == str(label)


def test_a_digit_in_a_ring_clear_of_it_reads_as_that_digit_in_a_picture(recognizer):
    # A fresh tester's 7 in a ring, exported as a picture, read "0" at 88%: the reader had
    # made the ring and the 7 one part, which held no other, so no frame was looked for.
    ink = read_ink(DATA / "7-in-a-ring-clear-of-it.json")
    for drawing in (ink, export_image(ink)):
        [reading] = read_drawings(recognizer, [drawing])
        assert reading.marked_number == "7" and reading.left_out


@pytest.mark.parametrize("labels", [[3, 0, 5], [8, 8], [4, 7]])
@pytest.mark.parametrize("kind", ["ink", "picture"])
@pytest.mark.parametrize("spread", [0.75, 1.05])
def test_a_ring_drawn_around_a_number_is_left_out(recognizer, labels, kind, spread):
    # As a picture, the ring (one blob, clear of the digits) read as a sure 0: "3005", "808".
    # Drawn wide (spread 1.05: the digits 0.37 of its height), a tester's "47" read "0".
    ink = number_ink(labels)
    points = np.array([p for stroke in ink.strokes for p in stroke])
    centre, (width, height) = (points.min(axis=0) + points.max(axis=0)) / 2, np.ptp(points, axis=0)
    turns = np.linspace(0, 2 * np.pi, 80)
    ring = np.column_stack([width * 0.75 + 30, height * spread + 30]) * np.column_stack(
        [np.cos(turns), np.sin(turns)]
    )
    shift = np.array([width * 0.25 + 60, height * (spread - 0.5) + 60])
    strokes = [[tuple(p + shift) for p in stroke] for stroke in ink.strokes]
    strokes.append([tuple(p) for p in (centre + shift + ring).tolist()])
    size = (np.array([ink.width, ink.height]) + 2 * shift).astype(int)
    drawing = Ink(int(size[0]), int(size[1]), strokes, ink.pen_width)
    if kind == "picture":
        drawing = export_image(drawing)
    [reading] = read_drawings(recognizer, [drawing])
    assert reading.marked_number == "".join(map(str, labels)) and reading.left_out


@pytest.mark.parametrize("labels", [[2, 0, 2, 0], [3, 8]])
def test_a_ring_that_a_digit_touches_is_left_out_of_a_picture_and_the_digit_kept(
    recognizer, labels
):
    # A tester's "2026" exported with its 6 touching the ring read "202": the 6 went with the
    # ring, as one blob of ink. Here the ring (nearly upright at the sides: a superellipse)
    # overlaps the last digit's ink by 2 px on the right, and is 30 px clear of the first.
    ink = number_ink(labels)
    points = np.array([p for stroke in ink.strokes for p in stroke])
    (left, top), (right, bottom) = points.min(axis=0), points.max(axis=0)
    right += ink.stroke_widths()[0] - 2  # the pens' edges 2 px into each other
    centre = np.array([(left - 30 + right) / 2, (top + bottom) / 2])
    a, b = (right - (left - 30)) / 2, (bottom - top) / 2 + 40
    turns = np.linspace(0, 2 * np.pi, 200)
    ring = np.column_stack(
        [
            a * np.sign(np.cos(turns)) * np.abs(np.cos(turns)) ** 0.5,
            b * np.sign(np.sin(turns)) * np.abs(np.sin(turns)) ** 0.5,
        ]
    )
    shift = np.array([60.0, 100.0])
    strokes = [[tuple(p + shift) for p in stroke] for stroke in ink.strokes]
    strokes.append([tuple(p) for p in (centre + shift + ring).tolist()])
    size = (np.array([ink.width, ink.height]) + 2 * shift).astype(int)
    picture = export_image(Ink(int(size[0]), int(size[1]), strokes, ink.pen_width))
    [reading] = read_drawings(recognizer, [picture])
    assert reading.marked_number == "".join(map(str, labels)) and reading.left_out


def test_a_minus_sign_is_left_out_of_the_number(recognizer):
    ink = number_ink([4, 2])  # digits 100 px tall from y = 100, the 4 from x = 20
    minus = [(x, 150.0) for x in range(-55, 0, 5)]  # half as wide, left of the 4, halfway up
    strokes = [[(x + 80, y) for x, y in stroke] for stroke in [minus, *ink.strokes]]
    signed = Ink(ink.width + 80, ink.height, strokes)
    for drawing in (signed, export_image(signed)):
        [reading] = read_drawings(recognizer, [drawing])
        assert reading.number == "42" and reading.left_out
    # Without the minus, nothing is left out.
    unsigned = Ink(signed.width, signed.height, signed.strokes[1:])
    for drawing in (unsigned, export_image(unsigned)):
        [reading] = read_drawings(recognizer, [drawing])
        assert reading.number == "42" and not reading.left_out


def test_a_dash_between_digits_is_left_out_of_the_number(recognizer):
    # A fresh tester's 3-14 drawn with the mouse: the dash read "2?" and Copy gave "3214".
    ink = read_ink(DATA / "3-14-dash.json")
    for drawing in (ink, export_image(ink)):
        [reading] = read_drawings(recognizer, [drawing])
        assert reading.marked_number == "314" and reading.left_out
    # One low, along the digits' feet, is no dash: it stays a digit that is doubted.
    low = Ink(ink.width, ink.height, [ink.strokes[0], [(157, 235), (192, 235)], *ink.strokes[2:]])
    assert read_drawings(recognizer, [low])[0].marked_number == "3?14"


def test_a_dash_touching_a_digit_in_small_writing_is_left_out_not_read_as_a_0(recognizer):
    # A fresh tester's 555-1234, 55 px tall: the dash touched the 1's flag, was framed as a
    # digit too small for the pen ("0?") and copied as "55501234".
    ink = read_ink(DATA / "555-1234-small-dash-touching.json")
    [reading] = read_drawings(recognizer, [ink])
    assert reading.number == "5551234" and reading.left_out


@pytest.mark.parametrize("label", range(10))
def test_a_digit_underlined_is_read_as_that_digit_in_ink_and_in_a_picture(recognizer, label):
    ink = number_ink([label])
    x0, _, x1, y1 = ink_box(ink)
    # A line a fifth of the digit's height below it, a little wider than the digit.
    ink.strokes.append([(x0 - 10 + step * (x1 - x0 + 20) / 20, y1 + 20) for step in range(21)])
    ink_reading, picture_reading = read_drawings(recognizer, [ink, export_image(ink)])
    for reading in (ink_reading, picture_reading):
        assert reading.number == str(label)
        assert reading.digits[0].box[3] < y1 + 10  # the line is in no digit's box
        assert reading.left_out


def test_a_number_underlined_twice_is_read_without_the_lines(recognizer):
    # A tester's "2026" with two lines close together under it read "2226" as a picture: each
    # line was too near the other to count as an underline, and one joined the 0.
    ink = read_ink(DATA / "2026-underlined-twice.json")
    for reading in read_drawings(recognizer, [ink, export_image(ink)]):
        assert reading.number == "2026" and reading.left_out


def test_a_smiley_in_a_picture_is_no_sure_0(recognizer):
    # Its mouth, flat and below an eye, is inside the face: no underline to leave out (it was,
    # unsaid, and the face alone read as a sure 0).
    picture = Image.new("L", (390, 300), 255)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((105, 60, 285, 240), outline=0, width=10)
    draw.arc((150, 121, 240, 193), 20, 160, fill=0, width=10)
    for x in (168, 222):
        draw.line([(x, 114), (x, 120)], fill=0, width=10)
    [reading] = read_drawings(recognizer, [picture])
    assert reading.marked_number == "?" and not reading.left_out


@pytest.mark.parametrize("label", [1, 4, 7])
def test_a_minus_sign_is_left_out_of_the_digit_after_it(recognizer, label):
    if label == 1:  # a plain one: the built-in sample's long flag reads about as often 7
        ink = Ink(300, 300, [[(200, 100 + y) for y in range(0, 101, 5)]])
    else:
        digit = number_ink([label])
        strokes = [[(x + 100, y) for x, y in stroke] for stroke in digit.strokes]
        ink = Ink(digit.width + 100, digit.height, strokes)
    x0, y0, _, y1 = ink_box(ink)
    ink.strokes.insert(0, [(x0 - 70 + step * 4, (y0 + y1) / 2) for step in range(11)])
    [digit] = read_drawings(recognizer, [ink])[0].digits
    assert digit.recognition.ranked[0][0] == label
    assert digit.drawing.strokes == ink.strokes[1:]  # the minus is in no digit


@pytest.mark.parametrize("labels", [[4], [4, 2], [2, 0, 2, 6]])
@pytest.mark.parametrize("size", [0.4, 0.7])
def test_a_plus_sign_before_a_number_is_left_out(recognizer, labels, size):
    # Kept, it read as a doubtful digit or a 7 ("?4", "742").
    ink = number_ink(labels)  # digits 100 px tall from y = 100, the first from x = 20
    size, middle = 100 * size, 150.0
    plus = [
        [(-30 - size + step * size / 10, middle) for step in range(11)],
        [(-30 - size / 2, middle - size / 2 + step * size / 10) for step in range(11)],
    ]
    strokes = [[(x + 120, y) for x, y in stroke] for stroke in [*plus, *ink.strokes]]
    [reading] = read_drawings(recognizer, [Ink(ink.width + 120, ink.height, strokes)])
    assert reading.marked_number == "".join(map(str, labels)) and reading.left_out


@pytest.mark.parametrize("where", ["after", "between"])
def test_a_plus_sign_drawn_after_or_inside_a_number_is_left_out(recognizer, where):
    # Kept, "5+" read "54" and "7+2" "7?2".
    ink = number_ink([5] if where == "after" else [7, 2], gap=100)
    first = len(read_ink(SAMPLES / f"pen-{5 if where == 'after' else 7}-0.json").strokes)
    x = ink_box(ink.subset(list(range(first))))[2] + 30  # the plus: 40 px, 30 px after it
    plus = [
        [(x + step * 4, 150.0) for step in range(11)],
        [(x + 20, 130 + step * 4.0) for step in range(11)],
    ]
    signed = Ink(ink.width + 80, ink.height, [*ink.strokes, *plus])
    [reading] = read_drawings(recognizer, [signed])  # in ink only: see reader._doubted_plus
    assert reading.marked_number == ("5" if where == "after" else "72") and reading.left_out


def test_a_minus_sign_that_nearly_meets_the_1_after_it_is_left_out(recognizer):
    # Drawn in the app: the minus ends a few pixels left of the 1's slanted foot, inside its box.
    ink = read_ink(DATA / "minus-close-1.json")
    assert [len(digit.strokes) for digit in split_ink(ink)] == [1, 1]
    assert read_drawings(recognizer, [ink])[0].number == "1"


def test_a_users_samples_never_join_the_digits_of_a_number(recognizer, tmp_path):
    # A fresh tester confirmed one narrow 7 ("That's Right"); it pulls 1s towards 7, and the
    # whole of "10" reads as a sure 0, so the 1, doubted now, was joined with the 0 into "0".
    from digitpad.core.adapt import ProfileAdapter
    from digitpad.core.profile import Profile

    profile = Profile(tmp_path / "writer")
    profile.add(read_ink(DATA / "taught-narrow-7.json"), 7)
    adapter = ProfileAdapter(recognizer, profile).current()
    ten = read_ink(DATA / "10-beside-a-taught-7.json")
    [plain] = read_drawings(recognizer, [ten])
    [adapted] = read_drawings(recognizer, [ten], adapter=adapter)
    assert plain.number == adapted.number == "10"
    one, adapted_one = plain.digits[0].recognition, adapted.digits[0].recognition
    assert adapted_one.ranked[0][1] < one.ranked[0][1]  # its reading still hears the sample


def test_a_looped_2_in_two_blobs_beside_other_digits_is_one_2_in_the_exported_picture(recognizer):
    # A fresh tester's "2026" read 2026 as ink and "520526" as the app's own PNG export: each
    # looped 2 is two blobs, read "5" at 82-91% and "2" at 99.7%.
    ink = read_ink(DATA / "2026-looped-twos.json")
    image = export_image(ink)
    assert len(split_image(image)) == 6
    [as_ink, as_picture] = read_drawings(recognizer, [ink, image])
    assert as_ink.number == as_picture.number == "2026"


def test_a_pair_that_the_pair_network_cannot_name_both_digits_of_is_not_made_two(
    recognizer, monkeypatch
):
    # A calibration writer's "809" with its 0 crossing the 9: the pair network finds a crop of
    # it a pair (at least PAIR_SURE) but cannot tell which; made two, it read "8243".
    from digitpad.core import reader

    image = export_image(read_ink(DATA / "809-crossing.json"))
    [reading] = read_drawings(recognizer, [image])
    assert len(reading.number) == 3
    monkeypatch.setattr(reader, "PAIR_DIGITS", 0.0)
    assert len(read_drawings(recognizer, [image])[0].number) == 4


def test_two_crossing_digits_read_as_no_digit_in_a_number_are_offered_to_the_pair_network(
    recognizer, monkeypatch
):
    # A calibration writer's "7930" whose 3 and 0 cross: the digit network reads their blob as
    # more likely no digit, and the picture read "790" while only digits were offered.
    from digitpad.core import reader

    image = export_image(read_ink(DATA / "7930-crossing.json"))
    assert len(split_image(image)) == 3  # 7, 9 and the crossing 30
    [reading] = read_drawings(recognizer, [image])
    assert reading.number == "7930"
    # Without a sure digit as tall beside it, such a part is not made a pair.
    monkeypatch.setattr(reader, "REJECTED_PAIR_HEIGHT", -1.0)
    assert read_drawings(recognizer, [image])[0].number == "790"


def test_two_digits_each_read_as_the_digit_their_whole_reads_are_not_one_digit(recognizer):
    # Two 4s drawn in one stroke each, a sixth of their height apart, live on the canvas: the
    # second is doubted, and squeezed into one input the two read surely as a 4, so the
    # drawing was read "4" as if its strokes were pieces of one digit.
    ink = read_ink(DATA / "44-one-stroke-fours.json")
    [reading] = read_drawings(recognizer, [ink])
    assert reading.number == "44"
    whole, second = reading.whole.recognition.ranked[0], reading.digits[1].recognition.ranked[0]
    assert whole[0] == second[0] == 4 and whole[1] >= WHOLE_SURE and second[1] < HALF_DOUBT


def test_an_unsure_piece_overlapping_a_pair_and_read_as_its_digit_is_the_rest_of_it(recognizer):
    # A calibration writer's "344" as a picture: the 3 crosses the 4's left part, and the 4's
    # down-stroke is a blob of its own. The pair network reads the crossing blob as "34"; the
    # down-stroke alone, read unsure as a 4 beside it, is the rest of that 4, not a third 4.
    image = export_image(read_ink(DATA / "344-crossing.json"))
    assert len(split_image(image)) == 3
    [reading] = read_drawings(recognizer, [image])
    assert reading.number == "344"
    four = reading.digits[1]
    assert four.box[2] > 160  # its box reaches over the down-stroke (x 135-168) too


def test_a_doubted_piece_within_its_neighbours_columns_joins_it(recognizer):
    # A 4 in two strokes whose down-stroke starts high, so no rule of segment.py groups them;
    # its L alone reads as a 1 (0.82, doubted) with the down-stroke within its columns: the
    # two read together as a sure 4, and "147" was read "1117".
    ink = read_ink(DATA / "147-two-stroke-4.json")
    assert len(split_ink(ink)) == 4
    assert read_drawings(recognizer, [ink])[0].number == "147"


@pytest.mark.parametrize(
    "name, pieces, number",
    [("four-in-two-strokes-read-61.json", 2, "4"), ("9634-four-read-11.json", 5, "9634")],
)
def test_a_fours_two_strokes_read_surely_as_two_digits_sharing_columns_are_one(
    recognizer, name, pieces, number
):
    # A fresh tester's 4s (pendigits writer 18 and a UNIPEN writer): the L and a down-stroke
    # begun low are grouped apart, each read surely ("61", "11"), sharing 0.6 of the narrower
    # one's columns; the two together read as a sure 4.
    ink = read_ink(DATA / name)
    assert len(split_ink(ink)) == pieces
    assert read_drawings(recognizer, [ink])[0].number == number


def test_neighbours_overlapping_a_little_stay_two_though_they_read_as_one_together(recognizer):
    # A calibration writer's "9310" (tools/make_numbers.py): the 9 and the 3 read together as
    # a sure 8 (0.998) but share only a quarter of the narrower one's columns. Its 9, open
    # at the top like a 4, reads as a sure 4 alone too: only the count is the reader's.
    reading = read_drawings(recognizer, [read_ink(DATA / "9310-nine-and-three-close.json")])[0]
    assert len(reading.number) == 4 and reading.number.endswith("310")


def test_a_one_touching_a_three_stays_two_though_they_read_as_an_eight_together(recognizer):
    # A fresh tester's "7130": the 3 touches the narrow 1, sharing most of its columns, and
    # the two read together as a sure 8.
    reading = read_drawings(recognizer, [read_ink(DATA / "7130-one-touching-three.json")])[0]
    assert reading.number == "7130"


def test_a_single_digit_made_large_is_not_taken_for_a_pair(recognizer, monkeypatch):
    # MNIST test digit 353, a 6 scaled up to 84 pixels in a 120-pixel picture: the digit
    # network reads it as a 6 at 0.9998, the pair network as "11" (0.997 and 0.625).
    from digitpad.core import reader

    image = load_image(DATA / "mnist-6-scaled-up.png")
    assert read_drawings(recognizer, [image])[0].number == "6"
    monkeypatch.setattr(reader, "PAIR_DIGITS_ALONE", reader.PAIR_DIGITS)
    assert read_drawings(recognizer, [image])[0].number == "11"


def test_a_digit_that_the_pair_network_finds_one_is_not_cut_in_two(recognizer, monkeypatch):
    # A calibration writer's "4185" as a picture: the 4's L and down-stroke touch, it reads 4
    # at 0.74, doubted, and a cut between them reads two sure 1s ("11185"); the pair network
    # finds the 4 a pair at under 0.001.
    from digitpad.core import reader

    ink = read_ink(DATA / "4185-open-four.json")
    [as_ink, as_picture] = read_drawings(recognizer, [ink, export_image(ink)])
    assert as_ink.number == as_picture.number == "4185"
    monkeypatch.setattr(reader, "PAIR_ONE", 0.0)
    assert read_drawings(recognizer, [export_image(ink)])[0].number == "11185"
