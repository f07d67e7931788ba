"""The model service: loading, checking the metadata, and reading real digits."""

import json
import shutil

import numpy as np
import pytest
from helpers import sample_label
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digitpad.core.files import load_drawing
from digitpad.core.ink import Ink
from digitpad.core.preprocess import model_input
from digitpad.core.recognizer import ModelError, Recognizer
from digitpad.core.resources import assets_dir


def misread(recognizer, paths):
    wrong = []
    for path in paths:
        result = recognizer.recognize(model_input(load_drawing(path)))
        if result.ranked[0][0] != sample_label(path):
            wrong.append((path.name, result.ranked[0]))
    return wrong


def test_reads_every_real_mnist_test_digit(recognizer, samples):
    paths = sorted(samples.glob("mnist-*.png"))
    assert len(paths) == 20
    assert misread(recognizer, paths) == []


def test_reads_pen_digits_of_unseen_writers(recognizer, samples):
    paths = sorted(samples.glob("pen-*.json"))
    assert len(paths) == 20
    assert len(misread(recognizer, paths)) <= 2  # pen-1-0 is a flagged "1", close to a "7"


def test_probabilities_are_ranked_and_sum_to_the_digit_probability(recognizer, samples):
    result = recognizer.recognize(model_input(load_drawing(samples / "mnist-4-0.png")))
    probabilities = [p for _, p in result.ranked]
    assert sorted(d for d, _ in result.ranked) == list(range(10))
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) == pytest.approx(result.digit_probability, abs=1e-6)
    assert result.digit_probability > 0.99
    assert len(result.top(3)) == 3 and len(result.top(99)) == 10 and len(result.top(0)) == 1


def test_batches_match_single_inputs(recognizer, samples):
    inputs = np.stack([model_input(load_drawing(p)) for p in sorted(samples.glob("*.png"))[:7]])
    batch = recognizer.recognize_batch(inputs)
    single = [recognizer.recognize(x) for x in inputs]
    for a, b in zip(batch, single):
        assert a.ranked[0][0] == b.ranked[0][0]
        assert a.ranked[0][1] == pytest.approx(b.ranked[0][1], abs=1e-5)


def test_two_threads_read_exactly_as_one(recognizer, samples):
    """The app's process reads with two threads, `predict`'s workers with one: the same bars."""
    paths = sorted(samples.glob("*.png")) + sorted(samples.glob("pen-*.json"))
    inputs = np.stack([model_input(load_drawing(p)) for p in paths])
    features = Recognizer(threads=2).view_outputs(inputs)
    assert recognizer.threads == 1 and len(inputs) == 40
    for ours, theirs in zip(features, recognizer.view_outputs(inputs)):
        np.testing.assert_array_equal(ours, theirs)


def test_not_sure_means_the_best_bar_is_below_the_threshold(recognizer):
    """One rule, as the user sees it: "not sure" exactly when the top bar is below 60%."""
    outputs = recognizer.metadata.outputs
    confident = np.zeros(outputs)
    confident[7], confident[1] = 0.97, 0.03
    assert not recognizer._to_recognition(confident).not_sure
    spread = np.full(outputs, 1 / outputs)
    assert recognizer._to_recognition(spread).not_sure
    rejected = np.zeros(outputs)
    rejected[recognizer.metadata.not_a_digit_output] = 0.8
    rejected[3] = 0.2
    result = recognizer._to_recognition(rejected)
    assert result.not_sure and result.ranked[0] == (3, pytest.approx(0.2))
    assert result.digit_probability == pytest.approx(0.2)
    for probabilities in (confident, spread, rejected):
        result = recognizer._to_recognition(probabilities)
        assert result.not_sure == (result.ranked[0][1] < recognizer.metadata.not_sure_below)


def copy_model(tmp_path):
    target = tmp_path / "assets"
    shutil.copytree(assets_dir(), target, ignore=shutil.ignore_patterns("samples", "*.keras"))
    return target


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="missing"):
        Recognizer(tmp_path)


def test_corrupt_model_file_is_a_clear_error(tmp_path):
    directory = copy_model(tmp_path)
    (directory / "model.tflite").write_bytes(b"\x00" * 1000)
    with pytest.raises(ModelError, match="corrupt"):
        Recognizer(directory)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"preprocessing_version": 999}, "preprocessing version"),
        ({"input_shape": [32, 32, 1]}, "input shape"),
        ({"classes": ["a", "b"]}, "classes"),
    ],
)
def test_metadata_that_does_not_fit_is_refused(tmp_path, change, message):
    directory = copy_model(tmp_path)
    metadata = json.loads((directory / "model.json").read_text())
    metadata.update(change)
    (directory / "model.json").write_text(json.dumps(metadata))
    with pytest.raises(ModelError, match=message):
        Recognizer(directory)


def test_unreadable_metadata_is_refused(tmp_path):
    directory = copy_model(tmp_path)
    (directory / "model.json").write_text("{oops")
    with pytest.raises(ModelError, match="unreadable"):
        Recognizer(directory)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(st.tuples(st.floats(0, 360), st.floats(0, 360)), min_size=1, max_size=25),
        min_size=1,
        max_size=5,
    ),
    st.floats(2, 40),
)
def test_any_valid_ink_gives_probabilities_that_sum_to_the_digit_probability(
    recognizer, strokes, pen
):
    x = model_input(Ink(360, 360, strokes, pen))
    if x is not None:
        result = recognizer.recognize(x)
        total = sum(p for _, p in result.ranked)
        assert total == pytest.approx(result.digit_probability, abs=1e-5)
        assert all(0 <= p <= 1 for _, p in result.ranked)
        assert 0 <= result.digit_probability <= 1 + 1e-6


def test_stroke_views_are_the_input_thinner_and_thicker():
    from digitpad.core.recognizer import STROKE_VIEWS, stroke_views

    x = np.zeros((2, 28, 28), np.float32)
    x[:, 8:20, 12:15] = 1.0
    views = stroke_views(x)
    assert views.shape == (len(STROKE_VIEWS), 2, 28, 28)
    thinner, thicker = views
    assert thinner.sum() < x.sum() < thicker.sum()
    assert views.min() >= 0 and views.max() <= 1


def test_stroke_views_blend_with_the_3x3_neighbourhood_minimum_and_maximum():
    from digitpad.core.recognizer import STROKE_VIEWS, stroke_views

    x = np.random.default_rng(3).random((4, 28, 28), dtype=np.float32)
    x[x < 0.7] = 0.0
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))  # outside the image counts as background
    windows = np.stack(
        [padded[:, dy : dy + 28, dx : dx + 28] for dy in range(3) for dx in range(3)]
    )
    dilated, eroded = windows.max(axis=0), windows.min(axis=0)
    for view, amount in zip(stroke_views(x), STROKE_VIEWS):
        target = dilated if amount > 0 else eroded
        np.testing.assert_allclose(view, x + abs(amount) * (target - x), rtol=0, atol=1e-7)


def test_child_process_service_defers_a_load_failure_to_its_first_task(tmp_path, monkeypatch):
    from digitpad.core import service

    monkeypatch.setenv("DIGITPAD_ASSETS", str(tmp_path))
    service.load()  # no model here: must not raise in the pool's initializer
    with pytest.raises(ModelError, match="missing"):
        service.metadata()
    monkeypatch.delenv("DIGITPAD_ASSETS")
    service.load()
    assert service.metadata().outputs == 11
    reading = service.read_drawing(Ink(360, 360, [[(100.0, 60.0), (110.0, 300.0)]]))
    pixels, result = reading.whole.pixels, reading.whole.recognition
    assert pixels.shape == (28, 28) and result.ranked[0][0] == 1
