"""Ink files and the ink renderer."""

import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digitpad.core.errors import InputError
from digitpad.core.ink import (
    Ink,
    ink_from_json,
    ink_to_bytes,
    read_ink,
)
from digitpad.core.render import export_image, render_ink


def write(tmp_path, text, name="ink.json"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_round_trip_keeps_strokes_and_pen(tmp_path):
    ink = Ink(200, 150, [[(10.0, 20.0), (30.5, 40.25)], [(5.0, 5.0)]], pen_width=7.0)
    path = tmp_path / "d.json"
    path.write_bytes(ink_to_bytes(ink))
    assert read_ink(path) == ink


def test_unknown_keys_are_ignored(tmp_path):
    data = {"width": 100, "height": 100, "strokes": [[[1, 2], [3, 4]]], "author": "x", "created": 1}
    assert read_ink(write(tmp_path, json.dumps(data))).strokes == [[(1.0, 2.0), (3.0, 4.0)]]


def test_a_byte_order_mark_is_read_past(tmp_path):
    """Windows editors (Notepad's "UTF-8 with BOM") start the file with one."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"width": 100, "height": 100, "strokes": [[[1, 2]]]}')
    assert read_ink(path).strokes == [[(1.0, 2.0)]]


def test_values_after_x_and_y_are_ignored(tmp_path):
    """A time or a pressure after x and y, as pen recorders write them (docs/ink-format.md)."""
    data = {"width": 100, "height": 100, "strokes": [[[1, 2, 0.5], [3, 4, 0.7, 120]]]}
    assert read_ink(write(tmp_path, json.dumps(data))).strokes == [[(1.0, 2.0), (3.0, 4.0)]]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        ("{not json", "invalid JSON at line 1"),
        ('{"width": 10, "height": 10, "strokes": [[1, 2\n', "its JSON ends too soon"),
        ("[1, 2]", "not a JSON object"),
        ('{"width": 10, "height": 10}', "'strokes' is missing"),
        ('{"width": "10", "height": 10, "strokes": []}', "must be numbers"),
        ('{"width": 10, "height": 10, "strokes": {}}', "must be a list"),
        ('{"width": 10, "height": 10, "strokes": [[[1, "a"]]]}', "pair of numbers"),
        (
            '{"width": 10, "height": 10, "strokes": [[[1, NaN]]]}',
            "not an ink file: it has a number that is not finite (NaN)",
        ),
        ('{"width": 10, "height": 10, "strokes": [[[1, Infinity]]]}', "not finite"),
        ('{"width": 10, "height": 10, "strokes": [], "widths": [NaN]}', "a number that is not"),
        (
            '{"width": 10, "height": 10, "strokes": [[[1e400, 2]]]}',
            "not an ink file: stroke 1 has a coordinate that is not finite",
        ),
        (
            '{"width": 10, "height": 10, "strokes": [[[1e308, 2], [-1e308, 2]]]}',
            "beyond ±1,000,000 pixels",
        ),
        (
            '{"width": 0, "height": 10, "strokes": []}',
            "not an ink file: its canvas, 0 x 10 pixels, is not 1 to 20,000 pixels a side",
        ),
        ('{"width": true, "height": 10, "strokes": []}', "must be numbers"),
        (
            '{"width": 1e400, "height": 10, "strokes": []}',
            "not an ink file: its width or height is not a finite number",
        ),
        ("\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_ink_gives_one_line_error(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        read_ink(path)
    assert "\n" not in str(caught.value)


def test_deeply_nested_json_is_refused(tmp_path):
    path = write(tmp_path, "[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError):
        read_ink(path)


def test_oversized_file_is_refused_without_reading(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as stream:
        stream.truncate(300 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(InputError, match="too large"):
        read_ink(path)


def test_empty_strokes_are_dropped():
    ink = ink_from_json({"width": 50, "height": 50, "strokes": [[], [[1, 1]], []]})
    assert ink.strokes == [[(1.0, 1.0)]]


def test_single_point_renders_as_round_dot():
    image = np.asarray(render_ink(Ink(100, 100, [[(50.0, 50.0)]], pen_width=20)))
    dark = np.argwhere(image < 128)
    assert len(dark) > 200
    centre = dark.mean(axis=0)
    assert np.allclose(centre, [50, 50], atol=1)
    radius = np.sqrt(((dark - centre) ** 2).sum(axis=1)).max()
    assert 9 <= radius <= 11.5  # a disc of the pen's width, not a square


def test_line_has_round_caps_and_pen_width():
    image = np.asarray(render_ink(Ink(200, 100, [[(50.0, 50.0), (150.0, 50.0)]], pen_width=10)))
    columns = np.flatnonzero((image < 128).any(axis=0))
    rows = np.flatnonzero((image < 128).any(axis=1))
    assert columns[0] == pytest.approx(45, abs=1) and columns[-1] == pytest.approx(155, abs=1)
    assert len(rows) == pytest.approx(10, abs=1)


def test_default_pen_scales_with_canvas():
    small = Ink(100, 100, [[(10.0, 10.0), (90.0, 90.0)]])
    large = Ink(400, 400, [[(40.0, 40.0), (360.0, 360.0)]])
    assert large.effective_pen_width() == pytest.approx(4 * small.effective_pen_width())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), max_size=30), max_size=5
    ),
    st.integers(1, 800),
    st.integers(1, 800),
    st.none() | st.floats(0.5, 60),
)
def test_any_valid_ink_survives_the_file_format(tmp_path_factory, strokes, width, height, pen):
    data = {"width": width, "height": height, "strokes": [[list(p) for p in s] for s in strokes]}
    if pen is not None:
        data["pen_width"] = pen
    ink = ink_from_json(json.loads(json.dumps(data)))
    again = ink_from_json(json.loads(ink_to_bytes(ink)))
    assert again.width == width and again.height == height
    assert [len(s) for s in again.strokes] == [len(s) for s in strokes if s]


def test_millions_of_points_are_read_and_rendered_in_bounded_time(tmp_path):
    from digitpad.core.preprocess import model_input

    count = 1_500_000
    xs = np.linspace(10, 390, count)
    ys = 200 + 150 * np.sin(xs / 20)
    path = tmp_path / "long.json"
    points = ",".join(map("[{:.2f},{:.2f}]".format, xs, ys))
    path.write_text(f'{{"width": 400, "height": 400, "strokes": [[{points}]]}}')
    ink = read_ink(path)
    assert sum(map(len, ink.strokes)) == count
    assert model_input(ink).shape == (28, 28)


def test_too_many_points_are_refused(tmp_path):
    points = ",".join(["[1,1]"] * 2_100_000)
    path = write(tmp_path, f'{{"width": 10, "height": 10, "strokes": [[{points}]]}}')
    with pytest.raises(InputError, match="more than 2,000,000 points"):
        read_ink(path)


def test_too_many_strokes_are_refused(tmp_path):
    strokes = ",".join(["[[1,1],[2,2]]"] * 10_001)
    path = write(tmp_path, f'{{"width": 10, "height": 10, "strokes": [{strokes}]}}')
    with pytest.raises(InputError, match="more than 10,000 strokes"):
        read_ink(path)


def test_strokes_keep_their_own_pens_through_the_file_format(tmp_path):
    ink = Ink(200, 100, [[(10.0, 10.0), (50.0, 50.0)], [(100.0, 10.0)]], pen_width=7.0)
    ink.add_stroke([(150.0, 20.0), (150.0, 80.0)], 21.0)
    assert ink.stroke_widths() == [7.0, 7.0, 21.0]
    again = ink_from_json(json.loads(ink_to_bytes(ink)))
    assert again.stroke_widths() == [7.0, 7.0, 21.0]
    # Empty strokes are dropped with their widths; unusable widths give one pen again.
    data = {"width": 200, "height": 100, "strokes": [[], [[1, 1]], [[2, 2]]]}
    assert ink_from_json({**data, "widths": [3, 4, 5]}).stroke_widths() == [4.0, 5.0]
    for bad in ([4, 5], [4, 5, "6"], [0, 1, 2], [1, 2, 500], "4"):
        assert ink_from_json({**data, "widths": bad}).widths is None


def test_one_pen_for_all_strokes_renders_as_before():
    strokes = [[(20.0, 20.0), (80.0, 70.0)], [(30.0, 80.0), (90.0, 20.0)]]
    one = np.asarray(render_ink(Ink(100, 100, strokes, pen_width=9.0)))
    each = np.asarray(render_ink(Ink(100, 100, strokes, 9.0, widths=[9.0, 9.0])))
    assert np.array_equal(one, each)


def test_a_number_of_thousands_of_digits_is_refused_in_one_sentence(tmp_path):
    path = tmp_path / "long.json"
    path.write_text('{"width": ' + "9" * 5000 + ', "height": 360, "strokes": []}')
    with pytest.raises(InputError, match=r"^not an ink file: it holds a number too long to read$"):
        read_ink(path)


def test_an_export_for_a_2x_screen_has_twice_the_pixels_and_the_same_drawing():
    ink = Ink(300, 200, [[(40.0, 40.0), (260.0, 160.0)], [(150.0, 20.0), (150.0, 180.0)]], 12.0)
    single, double = export_image(ink), export_image(ink, 2.0)
    assert single.size == (300, 200) and double.size == (600, 400)
    halved = np.asarray(double.reduce(2), np.float32)
    assert np.abs(halved - np.asarray(single, np.float32)).mean() < 1.0
