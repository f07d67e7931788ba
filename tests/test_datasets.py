"""Pen trajectories to ink, placement as people draw, and the generated non-digits."""

import gzip
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from digitpad.core.ink import Ink
from digitpad.core.preprocess import model_input
from digitpad.training import datasets, synth
from digitpad.training.datasets import LAYOUT

ROOT = Path(__file__).resolve().parent.parent

SNIPPET = Path(__file__).parent / "data" / "pendigits-snippet.tra"


def test_pendigits_file_becomes_labelled_strokes_with_y_down():
    digits = datasets.read_pendigits(SNIPPET)
    assert [(d.label, d.writer) for d in digits] == [(8, 12), (2, 26), (1, 11)]
    first = digits[0]
    assert first.strokes[0][0] == (267.0, -333.0)  # tablet y grows up: flipped for screens
    assert all(len(s) > 1 for s in first.strokes)


def write_unipen(path: Path) -> None:
    """A small unipen_1a_dev.npz: a 7 of source app, a digit with no ink, a 1 of source syn."""
    np.savez(
        path,
        points=np.array([[0, 10], [5, 20], [1, 1], [2, 2], [3, 3]], np.int32),
        stroke_offsets=np.array([0, 2, 2, 5]),  # the second stroke is empty
        sample_offsets=np.array([0, 1, 2, 3]),
        labels=np.array([7, 3, 1], np.uint8),
        writer=np.array(["app/w1", "syn/w2", "syn/w3"]),
        source=np.array(["app", "syn", "syn"]),
    )


def test_unipen_digits_become_labelled_strokes_with_y_down(tmp_path):
    write_unipen(tmp_path / "u.npz")
    digits = datasets.read_unipen(tmp_path / "u.npz")
    assert [(d.label, d.writer) for d in digits] == [(7, "unipen/app/w1"), (1, "unipen/syn/w3")]
    assert digits[0].strokes == [[(0.0, -10.0), (5.0, -20.0)]]  # y flipped for screens
    assert datasets.unipen_source(digits[1].writer) == "syn"


def test_the_writer_independent_split_shares_no_writer_or_source(tmp_path):
    import make_numbers

    (tmp_path / "pendigits").mkdir()
    (tmp_path / "unipen").mkdir()
    (tmp_path / "pendigits" / "pendigits-orig.tra").write_bytes(SNIPPET.read_bytes())
    write_unipen(tmp_path / "unipen" / "unipen_1a_dev.npz")
    test = {d.writer for d in make_numbers.pen_samples(tmp_path, "test")}
    calibration = {d.writer for d in make_numbers.pen_samples(tmp_path, "calibration")}
    assert test == {"pendigits/12", "unipen/syn/w3"}  # writer 11 trains: on neither side
    assert calibration == {"pendigits/26", "unipen/app/w1"}
    sources = [
        {w.split("/")[1] for w in side if w.startswith("unipen")} for side in (test, calibration)
    ]
    assert not sources[0] & sources[1]


def test_placing_strokes_fills_the_asked_height_and_stays_on_the_canvas():
    strokes = [[(0.0, 0.0), (10.0, 50.0), (20.0, 100.0)]]
    for position in [(0, 0), (1, 1), (0.3, 0.8)]:
        ink = datasets.place_strokes(strokes, (360, 360), 0.5, position, pen_width=10)
        ys = [y for _, y in ink.strokes[0]]
        xs = [x for x, _ in ink.strokes[0]]
        assert max(ys) - min(ys) == pytest.approx(180)
        assert min(xs) >= 5 and max(xs) <= 355 and min(ys) >= 5 and max(ys) <= 355


def test_person_like_placement_varies_size_and_position():
    rng = np.random.default_rng(0)
    strokes = datasets.read_pendigits(SNIPPET)[0].strokes
    heights, lefts = [], []
    for _ in range(50):
        ink = synth.place_like_a_person(strokes, rng)
        ys = [y for s in ink.strokes for _, y in s]
        heights.append((max(ys) - min(ys)) / ink.height)
        lefts.append(min(x for s in ink.strokes for x, _ in s))
    assert min(heights) >= 0.39 and max(heights) <= 0.86 and max(heights) - min(heights) > 0.2
    assert max(lefts) - min(lefts) > 100


def test_a_slashed_zero_is_tagged_as_one_by_the_style_rule():
    rng = np.random.default_rng(3)
    zero = [[(0.5 + 0.3 * np.sin(t), 0.5 - 0.5 * np.cos(t)) for t in np.linspace(0, 6.3, 40)]]
    for _ in range(20):
        slashed = synth.slash_zero(zero, rng)
        assert slashed[:1] == zero and len(slashed) == 2
        assert datasets.handwriting_style(datasets.PenDigit(0, 1, slashed)) == "slashed 0"
    assert datasets.handwriting_style(datasets.PenDigit(0, 1, zero)) is None
    with pytest.raises(ValueError):
        synth.slash_zero([[]], rng)


def test_opened_sixes_and_curved_sevens_are_tagged_as_such_by_the_style_rules():
    rng = np.random.default_rng(4)
    six = [[(70.0, 0.0), (25.0, 60.0), *arc(50, 75, 25, 180, 540)]]
    seven = [STEM]
    assert datasets.handwriting_style(datasets.PenDigit(6, 1, six)) is None
    assert datasets.handwriting_style(datasets.PenDigit(7, 1, seven)) is None
    for _ in range(20):
        opened = synth.open_loop(six, rng)
        assert opened is not None and datasets.enclosed_holes(opened) == []
        assert datasets.handwriting_style(datasets.PenDigit(6, 1, opened)) == "6 with an open loop"
        curved = synth.curve_tail(seven, rng)
        assert datasets.handwriting_style(datasets.PenDigit(7, 1, curved)) == "7 with a curved tail"
    assert synth.open_loop([[(0.0, 0.0), (0.0, 100.0)]], rng) is None  # no loop to open
    with pytest.raises(ValueError):
        synth.open_loop([[]], rng)


@pytest.mark.parametrize("kind", synth.NON_DIGIT_KINDS)
def test_every_kind_of_non_digit_renders_to_an_input(kind):
    rng = np.random.default_rng(1)
    strokes = synth.non_digit_strokes(kind, rng)
    ink = synth.place_like_a_person(strokes, rng)
    x = model_input(ink)
    assert x is not None and x.shape == (28, 28)


def test_random_non_digits_are_reproducible_from_a_seed():
    a = [synth.random_non_digit(np.random.default_rng(5))[1] for _ in range(3)]
    b = [synth.random_non_digit(np.random.default_rng(5))[1] for _ in range(3)]
    assert a == b and isinstance(a[0], Ink)


def test_idx_reader(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / "x-idx3-ubyte.gz"
    with gzip.open(path, "wb") as stream:
        stream.write(struct.pack(">BBBBIII", 0, 0, 8, 3, 2, 3, 4) + images.tobytes())
    assert np.array_equal(datasets.read_idx(path), images)
    bad = tmp_path / "bad.gz"
    with gzip.open(bad, "wb") as stream:
        stream.write(b"\x00\x00\x0d\x01")
    with pytest.raises(ValueError):
        datasets.read_idx(bad)


def test_not_a_digit_decision_on_real_inks(recognizer, samples):
    """Generated non-digits are mostly "not sure"; the real pen samples never are."""
    rng = np.random.default_rng(99)
    inputs = [model_input(synth.random_non_digit(rng)[1]) for _ in range(100)]
    unsure = [r.not_sure for r in recognizer.recognize_batch(np.stack(inputs))]
    assert np.mean(unsure) >= 0.8
    pen = [
        model_input(synth.place_like_a_person(d.strokes, rng))
        for d in datasets.read_pendigits(SNIPPET)
    ]
    assert not any(r.not_sure for r in recognizer.recognize_batch(np.stack(pen)))


OVAL = [(50 + 30 * np.cos(t), 50 + 45 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]
STEM = [(20.0, 0.0), (80.0, 0.0), (40.0, 100.0)]  # a 7's top bar and stem, one stroke
CURVED_STEM = [(20.0, 0.0), (80.0, 0.0), (50.0, 40.0), (40.0, 70.0), (45.0, 100.0)]


def arc(cx: float, cy: float, r: float, start: float, stop: float) -> list[tuple[float, float]]:
    """Points of a circle's arc, angles in degrees (y down)."""
    angles = np.radians(np.linspace(start, stop, 40))
    return [(cx + r * np.cos(t), cy + r * np.sin(t)) for t in angles]


NINE_STEM = [(80.0, 30.0), (80.0, 100.0)]
SIX_TOP = [(70.0, 0.0), (30.0, 60.0)]


@pytest.mark.parametrize(
    "label, strokes, style",
    [
        (0, [OVAL, [(30.0, 100.0), (70.0, 0.0)]], "slashed 0"),
        (0, [OVAL], None),
        (7, [STEM, [(40.0, 50.0), (80.0, 50.0)]], "crossed 7"),
        (7, [[(40.0, 100.0), (80.0, 0.0)], [(20.0, 0.0), (80.0, 0.0)]], None),  # top bar alone
        (7, [CURVED_STEM], "7 with a curved tail"),
        (7, [STEM], None),
        (1, [[(30.0, 40.0), (60.0, 0.0), (60.0, 100.0)]], "continental 1"),
        (1, [[(60.0, 0.0), (60.0, 100.0)]], None),
        (
            4,
            [[(50.0, 0.0), (20.0, 60.0), (80.0, 60.0), (60.0, 30.0), (60.0, 100.0)]],
            "one-stroke 4",
        ),
        (4, [[(50.0, 0.0), (20.0, 60.0), (80.0, 60.0)], [(60.0, 30.0), (60.0, 100.0)]], None),
        (9, [arc(55, 30, 25, 0, 360), NINE_STEM], None),
        (9, [arc(55, 30, 25, 30, 300), NINE_STEM], "9 with a small or open loop"),
        (
            9,
            [arc(70, 12, 10, 0, 360), [(80.0, 12.0), (80.0, 100.0)]],
            "9 with a small or open loop",
        ),
        (6, [SIX_TOP, arc(50, 70, 30, 180, 540)], None),
        (6, [SIX_TOP, arc(50, 70, 30, 180, 440)], "6 with an open loop"),
    ],
)
def test_handwriting_styles_are_tagged_by_their_rules(label, strokes, style):
    digit = datasets.PenDigit(label, "unipen/x/w", [list(map(tuple, s)) for s in strokes])
    assert datasets.handwriting_style(digit) == style


def test_a_tools_missing_data_folder_is_one_line_of_usage(tmp_path, capsys):
    import argparse

    from digitpad.training.datasets import add_data_argument

    parser = argparse.ArgumentParser(prog="tool")
    add_data_argument(parser, "pendigits/")
    assert parser.parse_args(["--data", str(tmp_path)]).data == tmp_path
    with pytest.raises(SystemExit):
        parser.parse_args(["--data", str(tmp_path / "none")])
    error = capsys.readouterr().err.splitlines()[-1]
    assert error == (
        f"tool: error: argument --data: there is no folder {tmp_path / 'none'} ({LAYOUT})"
    )


@pytest.mark.parametrize(
    "tool, arguments, missing",
    [
        # A data folder without the file the tool reads; a data file given where a folder is.
        ("make_samples.py", ["--data", "{tmp}"], "{tmp}/mnist/t10k-images-idx3-ubyte.gz"),
        ("make_numbers.py", ["--data", "{tmp}", "--out", "{tmp}/out"], "{tmp}/pendigits/"),
        ("screenshot.py", ["--number", "20", "--data", "{tmp}"], "{tmp}/pendigits/"),
    ],
)
def test_a_tool_that_cannot_open_its_data_says_so_in_one_line(tmp_path, tool, arguments, missing):
    (tmp_path / "pendigits").write_text("a file where pendigits' folder should be")
    command = [sys.executable, str(ROOT / "tools" / tool)]
    command += [a.format(tmp=tmp_path) for a in arguments]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"{tool}: error: cannot open {missing.format(tmp=tmp_path)}")
    assert done.stderr.endswith(f"(for the development data, {LAYOUT})\n")
    assert done.stderr.count("\n") == 1


def test_a_damaged_data_file_is_one_line_naming_it(tmp_path):
    (tmp_path / "mnist").mkdir()
    images = tmp_path / "mnist" / "t10k-images-idx3-ubyte.gz"
    images.write_bytes(gzip.compress(bytes(1000))[:-20])  # truncated
    command = [sys.executable, str(ROOT / "tools" / "make_samples.py"), "--data", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"make_samples.py: error: {images} is damaged or truncated (")
    (tmp_path / "pen.tra").write_text("hello world\n")
    with pytest.raises(datasets.DataError, match="holds no pen digits"):
        datasets.read_pendigits(tmp_path / "pen.tra")
    (tmp_path / "u.npz").write_text("not a zip")
    with pytest.raises(datasets.DataError, match="is not the UNIPEN digits file"):
        datasets.read_unipen(tmp_path / "u.npz")


def test_train_refuses_a_data_path_of_the_wrong_kind_in_one_line(tmp_path):
    command = [sys.executable, str(ROOT / "tools" / "train.py"), "--unipen", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        f"train.py: error: argument --unipen: there is no file {tmp_path} ({LAYOUT})"
    )


def test_the_evaluation_tool_refuses_a_model_file_where_a_folder_is_wanted(tmp_path):
    model = ROOT / "assets" / "model.tflite"
    command = [sys.executable, str(ROOT / "tools" / "evaluate.py"), "--model", str(model)]
    command += ["--data", str(tmp_path)]  # any folder: CI has no development data
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"evaluate.py: error: --model: {model} is not a folder with model.tflite and model.json"
    )


def test_make_samples_writes_nothing_when_some_data_is_damaged(tmp_path):
    (tmp_path / "mnist").mkdir()
    labels = np.repeat(np.arange(10, dtype=np.uint8), 3)
    with gzip.open(tmp_path / "mnist" / "t10k-images-idx3-ubyte.gz", "wb") as stream:
        stream.write(struct.pack(">BBBBIII", 0, 0, 8, 3, len(labels), 28, 28) + bytes(30 * 784))
    with gzip.open(tmp_path / "mnist" / "t10k-labels-idx1-ubyte.gz", "wb") as stream:
        stream.write(struct.pack(">BBBBI", 0, 0, 8, 1, len(labels)) + labels.tobytes())
    (tmp_path / "pendigits").mkdir()
    (tmp_path / "pendigits" / "pendigits-orig.tra").write_text("hello world\n")
    out, evaluation = tmp_path / "samples", tmp_path / "evaluation.npz"
    command = [
        *(sys.executable, str(ROOT / "tools" / "make_samples.py"), "--data", str(tmp_path)),
        *("--out", str(out), "--evaluation", str(evaluation)),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "holds no pen digits" in done.stderr
    assert not out.exists() and not evaluation.exists()


def test_the_tools_read_the_data_named_by_digitpad_shared_data(tmp_path):
    # A checkout away from ../shared/data names it as the tests do: the tools then read it.
    env = dict(os.environ, DIGITPAD_SHARED_DATA=str(tmp_path / "elsewhere"))
    for tool, wanted in (("make_samples.py", "elsewhere"), ("tutorial_model.py", "mnist")):
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / tool)], capture_output=True, text=True, env=env
        )
        assert done.returncode == 2
        assert f"there is no folder {tmp_path / 'elsewhere'}" in done.stderr, tool
        assert done.stderr.rstrip().split(" (")[0].endswith(wanted), done.stderr
