"""Bring your own model: the tutorial's CNN opened from every format, and bad files refused."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import ROOT, SAMPLES, SHARED_DATA

from digitpad.core.errors import ModelError
from digitpad.core.evaluation import built_in_set, classification_report, report
from digitpad.core.foreign import Conventions, ForeignModel, find_conventions, in_batches
from digitpad.core.ink import Ink, ink_to_bytes, read_ink
from digitpad.core.service import OpenedModel
from digitpad.gui import filedialogs

MNIST = SHARED_DATA / "mnist"
HAS_KERAS = (
    subprocess.run([sys.executable, "-c", "import keras"], capture_output=True).returncode == 0
)
needs_training = pytest.mark.skipif(
    not (MNIST.is_dir() and HAS_KERAS),
    reason=(
        f"needs the MNIST files in {MNIST} (or DIGITPAD_SHARED_DATA)"
        if HAS_KERAS
        else "needs Keras (the train extra)"
    ),
)


@pytest.fixture(scope="module")
def tutorial_models(tmp_path_factory):
    """The classic tutorial's CNN, trained one short epoch on 3,000 MNIST digits, saved as
    .h5, .keras and .tflite (Keras' own exporter), in a process of its own."""
    folder = tmp_path_factory.mktemp("tutorial")
    script = f"""
import sys
sys.path.insert(0, "tools")
import keras, numpy as np
from keras import layers
from tutorial_model import train_tutorial_cnn
model = train_tutorial_cnn({str(MNIST)!r}, digits=3000, epochs=1, seed=1, verbose=0)
model.save({str(folder / "mnist.h5")!r})
model.save({str(folder / "mnist.keras")!r})
model.export({str(folder / "mnist.tflite")!r}, format="litert", verbose=False)
# The same network as if trained on 0-255 black-on-white digits, and one giving logits.
inverted = keras.Sequential([keras.Input((28, 28, 1)), layers.Rescaling(-1 / 255, offset=1.0),
                             *model.layers])
inverted.export({str(folder / "inverted255.tflite")!r}, format="litert", verbose=False)
linear = layers.Dense(10)
logits = keras.Sequential([keras.Input((28, 28, 1)), *model.layers[:-1], linear])
linear.set_weights(model.layers[-1].get_weights())
logits.save({str(folder / "logits.keras")!r})
np.savez({str(folder / "weights.npz")!r}, *model.get_weights())
# Two outputs, features first (128 numbers) and then the scores, as digitpad's own model has.
inputs = keras.Input((28, 28, 1))
features = inputs
for layer in model.layers[:-1]:
    features = layer(features)
two = keras.Model(inputs, [features, model.layers[-1](features)])
two.save({str(folder / "two.keras")!r})
two.export({str(folder / "two.tflite")!r}, format="litert", verbose=False)
named = keras.Model(inputs, {{"features": features, "scores": model.layers[-1](features)}})
named.save({str(folder / "named.keras")!r})
# A model that would run Python code when loaded: Keras' safe mode must refuse it.
unsafe = keras.Sequential([keras.Input((28, 28, 1)), layers.Lambda(lambda x: x * 2), *model.layers])
unsafe.save({str(folder / "unsafe.h5")!r})
unsafe.save({str(folder / "unsafe.keras")!r})
keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(12)]).save(
    {str(folder / "twelve.keras")!r})
keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10)]).save(
    {str(folder / "untrained.keras")!r})
# The same network made for one digit at a time (a fixed batch size of 1).
fixed = keras.Sequential([keras.Input((28, 28, 1), batch_size=1), *model.layers])
fixed.save({str(folder / "fixed.keras")!r})
fixed.export({str(folder / "fixed.tflite")!r}, format="litert", verbose=False)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return folder


@pytest.fixture(scope="module")
def labelled():
    return built_in_set()


@needs_training
@pytest.mark.parametrize("name", ["mnist.h5", "mnist.keras", "mnist.tflite"])
def test_the_tutorials_model_opens_from_each_format_with_its_conventions_found(
    tutorial_models, labelled, name
):
    model = ForeignModel(tutorial_models / name)
    found, accuracy = find_conventions(model, labelled.inputs[::10], labelled.labels[::10])
    assert found == Conventions("0-1", inverted=False, logits=False)
    assert accuracy[found] > 0.6  # one short epoch: the point is the conventions
    model.conventions = found
    predicted = [r.ranked[0][0] for r in model.recognize_batch(labelled.inputs[:200])]
    assert np.mean(np.array(predicted) == labelled.labels[:200]) > 0.6


def write_onnx(
    weights: list[np.ndarray], path, features: bool = False, batch: int | str = "n"
) -> None:
    """The tutorial's network as an ONNX graph, NCHW input (batch, 1, 28, 28), from its
    weights; with features, its (batch, 128) features are a first output before the scores.
    batch is a size, or a name for any size.

    No exporter for Keras 3 installs beside TensorFlow 2.21 (tf2onnx pins protobuf 3), so the
    test writes the few nodes itself with onnx.helper.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    conv1, bias1, conv2, bias2, dense1, dbias1, dense2, dbias2 = weights
    initial = {
        "w1": conv1.transpose(3, 2, 0, 1),
        "b1": bias1,
        "w2": conv2.transpose(3, 2, 0, 1),
        "b2": bias2,
        "d1": dense1,
        "e1": dbias1,
        "d2": dense2,
        "e2": dbias2,
        "shape": np.array([-1, 12 * 12 * 64], np.int64),
    }
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("MaxPool", ["r2"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Transpose", ["p"], ["nhwc"], perm=[0, 2, 3, 1]),  # Keras' order
        helper.make_node("Reshape", ["nhwc", "shape"], ["flat"]),
        helper.make_node("Gemm", ["flat", "d1", "e1"], ["g1"]),
        helper.make_node("Relu", ["g1"], ["h"]),
        helper.make_node("Gemm", ["h", "d2", "e2"], ["g2"]),
        helper.make_node("Softmax", ["g2"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tutorial",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, 1, 28, 28])],
        [helper.make_tensor_value_info("h", TensorProto.FLOAT, [batch, 128])] * features
        + [helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch, 10])],
        [
            numpy_helper.from_array(v.astype(np.float32 if v.dtype != np.int64 else v.dtype), k)
            for k, v in initial.items()
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=9)
    onnx.checker.check_model(model)
    onnx.save(model, path)


@needs_training
def test_the_formats_read_alike(tutorial_models, labelled):
    pytest.importorskip("onnx")
    weights = np.load(tutorial_models / "weights.npz")
    write_onnx(
        [weights[f"arr_{i}"] for i in range(len(weights.files))], tutorial_models / "mnist.onnx"
    )
    onnx_model = ForeignModel(tutorial_models / "mnist.onnx")
    assert onnx_model.input_shape == (1, 28, 28)
    inputs = labelled.inputs[::20]
    found, _ = find_conventions(onnx_model, inputs, labelled.labels[::20])
    assert found == Conventions("0-1")
    readings = [
        ForeignModel(tutorial_models / name).probabilities(inputs)
        for name in ("mnist.h5", "mnist.keras", "mnist.tflite", "mnist.onnx")
    ]
    for other in readings[1:]:
        np.testing.assert_allclose(other, readings[0], atol=1e-4)


@needs_training
@pytest.mark.parametrize(
    "onnx_options, names",
    [
        # Features first (128 numbers), then the scores, as digitpad's own model has them.
        ({"features": True}, ("two.keras", "two.tflite", "two.onnx", "named.keras")),
        # Made for one digit at a time (a fixed batch size, torch.onnx.export's default).
        ({"batch": 1}, ("fixed.keras", "fixed.tflite", "fixed.onnx")),
    ],
    ids=["features before scores", "one digit at a time"],
)
def test_the_tutorial_network_in_other_shapes_reads_alike(
    tutorial_models, labelled, onnx_options, names
):
    pytest.importorskip("onnx")
    weights = np.load(tutorial_models / "weights.npz")
    onnx_name = next(name for name in names if name.endswith(".onnx"))
    write_onnx(
        [weights[f"arr_{i}"] for i in range(len(weights.files))],
        tutorial_models / onnx_name,
        **onnx_options,
    )
    inputs = labelled.inputs[::20]
    expected = ForeignModel(tutorial_models / "mnist.keras").probabilities(inputs)
    for name in names:
        model = ForeignModel(tutorial_models / name)
        np.testing.assert_allclose(model.probabilities(inputs), expected, atol=1e-4)


def test_a_fixed_batch_size_is_filled_with_zeros_and_the_padding_dropped():
    seen = []

    def run(batch):
        seen.append(len(batch))
        return batch.sum(axis=1, keepdims=True)

    inputs = np.arange(14, dtype=np.float32).reshape(7, 2)
    outputs = in_batches(run, inputs, 3)
    assert seen == [3, 3, 3] and outputs.dtype == np.float64
    np.testing.assert_array_equal(outputs[:, 0], inputs.sum(axis=1))


@needs_training
def test_opening_an_untrained_model_asks_whether_it_was_trained(tutorial_models):
    from digitpad.core import service

    opened = service.open_theirs(str(tutorial_models / "untrained.keras"))
    assert "little or no better than chance: is it trained" in opened.how and opened.doubtful
    opened = service.open_theirs(str(tutorial_models / "mnist.keras"))
    assert opened.how.endswith("real digits read right with the conventions found")
    assert not opened.doubtful
    service.close_theirs()


@needs_training
def test_predict_reads_each_digit_with_your_model_too(tutorial_models, tmp_path, capsys):
    import json

    from digitpad.cli import main

    model = str(tutorial_models / "mnist.tflite")
    two = str(ROOT / "tests" / "data" / "47-four-finished-late.json")
    assert main(["predict", str(SAMPLES / "pen-2-0.json"), two, "--model", model]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("digitpad: mnist.tflite: ") and "with the conventions found" in err
    one, number = out.splitlines()
    assert one.startswith(f"{SAMPLES / 'pen-2-0.json'}: 2 ") and "  | your model: " in one
    assert len(number.split("  | your model: ")[1]) == 2  # a digit for each digit of "47"
    assert main(["predict", two, "--model", model, "--json", "--top-k", "2"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert len(record["your_model"]) == 2 and [len(d["your_model"]) for d in record["digits"]] == [
        2,
        2,
    ]
    # A number in two lines: your model's reading keeps them apart, as digitpad's does.
    ink = read_ink(two)
    below = [[(x, y + ink.height) for x, y in stroke] for stroke in ink.strokes]
    lines = tmp_path / "two-lines.json"
    lines.write_bytes(ink_to_bytes(Ink(ink.width, 2 * ink.height, ink.strokes + below)))
    assert main(["predict", str(lines), "--model", model]) == 0
    read = capsys.readouterr().out.split("  | your model: ")[1].strip()
    assert len(read) == 5 and read[2] == " "
    assert main(["predict", str(lines), "--model", model, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert [len(line) for line in record["your_model_lines"]] == [2, 2]
    assert "".join(record["your_model_lines"]) == record["your_model_number"]
    assert main(["predict", two, "--json"]) == 0  # without --model, as before
    assert "your_model" not in capsys.readouterr().out
    (tmp_path / "model.tflite").write_bytes(b"not a model")
    assert main(["predict", two, "--model", str(tmp_path / "model.tflite")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "model.tflite" in err


@needs_training
def test_other_conventions_are_found(tutorial_models, labelled):
    inputs, labels = labelled.inputs[::10], labelled.labels[::10]
    inverted = ForeignModel(tutorial_models / "inverted255.tflite")
    assert find_conventions(inverted, inputs, labels)[0] == Conventions("0-255", inverted=True)
    logits = ForeignModel(tutorial_models / "logits.keras")
    assert find_conventions(logits, inputs, labels)[0] == Conventions("0-1", logits=True)


def test_a_scaling_that_reads_clearly_fewer_digits_right_is_not_chosen_for_being_surer():
    # A weak model: right on 63 of 100 digits at 0-1, half sure; under MNIST mean/std sure
    # of the 55 it reads right and giving the true digit 0.35 where it is wrong, so the true
    # digits are likelier there; the other scalings read 40 right.
    labels = np.arange(100) % 10

    class Weak:
        def scores(self, inputs):
            return np.full((len(inputs), 10), 0.1, np.float32)

        def probabilities(self, inputs, conventions):
            surer = conventions.scale == "MNIST mean/std"
            right = {"0-1": 63, "MNIST mean/std": 55}.get(conventions.scale, 40)
            rows = np.full((100, 10), 0.01 / 9 if surer else 0.5 / 9)
            rows[np.arange(right), labels[:right]] = 0.99 if surer else 0.5
            wrong = np.arange(right, 100)
            rows[wrong] = 0.05 / 8 if surer else 0.5 / 9
            rows[wrong, (labels[wrong] + 1) % 10] = 0.6 if surer else 0.5
            if surer:
                rows[wrong, labels[wrong]] = 0.35
            return rows

    found, accuracy = find_conventions(Weak(), np.zeros((100, 28, 28), np.float32), labels)
    assert found.scale == "0-1" and accuracy[found] == 0.63


@needs_training
def test_logits_taken_as_probabilities_stay_between_0_and_1_and_are_refused(
    tutorial_models, labelled
):
    model = ForeignModel(tutorial_models / "logits.keras")
    as_probabilities = Conventions("0-1", logits=False)
    probabilities = model.probabilities(labelled.inputs[::50], as_probabilities)
    assert probabilities.min() >= 0 and probabilities.max() <= 1
    assert np.allclose(probabilities.sum(axis=1), 1)
    refused = model.logits_refused(labelled.inputs[::50], as_probabilities)
    assert refused == (
        "logits.keras gives negative outputs, which probabilities cannot be: its outputs are logits"
    )
    assert model.logits_refused(labelled.inputs[::50], Conventions("0-1", logits=True)) is None
    mnist = ForeignModel(tutorial_models / "mnist.keras")
    assert mnist.logits_refused(labelled.inputs[::50], as_probabilities) is None


@needs_training
@pytest.mark.parametrize("name", ["unsafe.h5", "unsafe.keras"])
def test_a_model_holding_python_code_is_refused(tutorial_models, name):
    with pytest.raises(ModelError, match="holds Python code"):
        ForeignModel(tutorial_models / name)


@needs_training
@pytest.mark.parametrize(
    ("saved", "named", "suffix"),
    [("mnist.h5", "h5.keras", ".h5"), ("mnist.keras", "zip.h5", ".keras")],
)
def test_a_keras_model_under_the_other_formats_name_is_told_to_be_renamed(
    tutorial_models, tmp_path, saved, named, suffix
):
    # A fresh tester's HDF5 model named .keras was "not a Keras model digitpad can open".
    path = tmp_path / named
    path.write_bytes((tutorial_models / saved).read_bytes())
    with pytest.raises(ModelError, match=f"rename it to end in {suffix} to open it$"):
        ForeignModel(path)


@needs_training
def test_a_model_without_ten_outputs_is_refused_in_one_sentence(tutorial_models):
    with pytest.raises(ModelError, match="does not give 10 scores, one per digit, or 11"):
        ForeignModel(tutorial_models / "twelve.keras")


def test_a_model_of_digitpads_own_opens_with_its_not_a_digit_output(labelled):
    # tools/train.py's models give 10 digits and "not a digit", and their feature vector too.
    model = ForeignModel(ROOT / "assets" / "model.tflite")
    conventions, _ = find_conventions(model, labelled.inputs[::10], labelled.labels[::10])
    assert conventions == Conventions("0-1", inverted=False, logits=True)
    model.conventions = conventions
    readings = model.recognize_batch(labelled.inputs[:200])
    assert np.mean([r.ranked[0][0] for r in readings] == labelled.labels[:200]) > 0.95
    assert all(len(r.ranked) == 10 and 0 < r.digit_probability <= 1 for r in readings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a Keras model|corrupt|cannot"),
        (b"\x00garbage" * 100, "not a Keras model|corrupt|cannot"),
    ],
)
@pytest.mark.parametrize("suffix", [".tflite", ".keras", ".h5"])
def test_a_corrupt_model_is_one_sentence(tmp_path, content, message, suffix):
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(content)
    with pytest.raises(ModelError) as raised:
        ForeignModel(path)
    assert "\n" not in str(raised.value) and "broken" in str(raised.value)


def test_a_model_with_a_scalar_output_is_refused_in_one_sentence(tmp_path):
    # As ONNX Runtime's own iris example: a (3, 2) input, and one output of no axes at all.
    pytest.importorskip("onnxruntime")
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("ReduceSum", ["x"], ["total"], keepdims=0)],
        "scalar",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 2])],
        [helper.make_tensor_value_info("total", TensorProto.FLOAT, [])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], ir_version=9)
    onnx.save(model, tmp_path / "scalar.onnx")
    with pytest.raises(
        ModelError,
        match=r"^scalar.onnx does not take one 28x28 greyscale digit \(one input is 2 numbers\)$",
    ):
        ForeignModel(tmp_path / "scalar.onnx")


def test_a_model_whose_output_is_a_picture_is_refused_by_its_values(tmp_path):
    # An ONNX model that gives back its (1, 28, 28, 1) input: 784 values, not 1 (its last axis).
    pytest.importorskip("onnxruntime")
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "picture",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 28, 28, 1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 28, 28, 1])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=9)
    onnx.save(model, tmp_path / "picture.onnx")
    with pytest.raises(ModelError, match=r"\(its output has 784\)$"):
        ForeignModel(tmp_path / "picture.onnx")


def ten_values_model(path: Path, batch: int | str) -> Path:
    """An ONNX model of a batch of (28, 28, 1) pictures that gives 10 values in all, with no
    batch axis: the mean picture's first ten pixels."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        [
            helper.make_node("ReduceMean", ["x"], ["mean"], axes=[0], keepdims=0),
            helper.make_node("Reshape", ["mean", "flat"], ["pixels"]),
            helper.make_node("Slice", ["pixels", "start", "end"], ["y"]),
        ],
        "ten",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, 28, 28, 1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [10])],
        [
            numpy_helper.from_array(np.array([-1], np.int64), "flat"),
            numpy_helper.from_array(np.array([0], np.int64), "start"),
            numpy_helper.from_array(np.array([10], np.int64), "end"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=9)
    onnx.save(model, path)
    return path


def test_a_model_giving_one_output_for_a_whole_batch_is_refused_in_one_sentence(tmp_path):
    pytest.importorskip("onnxruntime")
    model = ForeignModel(ten_values_model(tmp_path / "pooled.onnx", "n"))
    with pytest.raises(
        ModelError,
        match=r"^pooled.onnx does not give an output for each digit it is given: 3 digits at "
        r"once gave 10 values$",
    ):
        model.scores(np.zeros((3, 28, 28), np.float32))


def test_a_model_of_one_digit_at_a_time_may_leave_out_the_batch_axis(tmp_path):
    pytest.importorskip("onnxruntime")
    model = ForeignModel(ten_values_model(tmp_path / "one.onnx", 1))
    inputs = np.zeros((3, 28, 28), np.float32)
    inputs[1, 0, :10] = np.arange(10) / 10
    scores = model.scores(inputs)  # one digit at a time, each giving its 10 values
    assert scores.shape == (3, 10)
    np.testing.assert_allclose(scores[1], np.arange(10) / 10, atol=1e-6)
    assert not scores[[0, 2]].any()


def test_other_files_are_refused_in_one_sentence(tmp_path):
    with pytest.raises(ModelError, match="not a model file"):
        ForeignModel(tmp_path / "model.pt")
    with pytest.raises(ModelError, match=r"^missing.onnx: the file does not exist$"):
        ForeignModel(tmp_path / "missing.onnx")
    (tmp_path / "models").mkdir()  # a folder is named one, whatever its name
    with pytest.raises(ModelError, match=r"^models is a folder, not a model file$"):
        ForeignModel(tmp_path / "models")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.tflite")
        with pytest.raises(ModelError, match=r"^pipe\.tflite is a device or a pipe, not a model"):
            ForeignModel(tmp_path / "pipe.tflite")
    for suffix in (".tflite", ".keras", ".h5", ".onnx"):
        (tmp_path / f"empty{suffix}").touch()
        with pytest.raises(ModelError, match=f"^empty{suffix} is empty: it holds no model$"):
            ForeignModel(tmp_path / f"empty{suffix}")


def evaluate(*arguments: str) -> subprocess.CompletedProcess:
    """`digitpad evaluate` with arguments, run as a user runs it."""
    command = [sys.executable, "-m", "digitpad", "evaluate", *arguments]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_evaluate_prints_the_report_and_draws_the_pictures(tmp_path):
    done = evaluate("--confusion", str(tmp_path / "c.png"), "--misread", str(tmp_path / "m.png"))
    assert done.returncode == 0, done.stderr
    assert "precision" in done.stdout and "confusion matrix" in done.stdout
    assert (tmp_path / "c.png").stat().st_size > 0 and (tmp_path / "m.png").exists()


def test_evaluate_reports_on_a_model_that_gives_logits():
    # digitpad's own network, opened as a user's model: 11 outputs, logits.
    text = report(str(ROOT / "assets" / "model.tflite")).text
    assert "conventions found: " in text and "logits" in text.lower()
    assert "of 400 built-in digits right)" in text and "precision" in text


def test_evaluate_refuses_outputs_set_as_probabilities_that_are_logits_as_the_window_does():
    # A fresh tester's `digitpad evaluate --model logits.keras --no-logits` gave a full report.
    own = str(ROOT / "assets" / "model.tflite")
    with pytest.raises(ModelError, match=r"^model.tflite gives negative outputs, which proba"):
        report(own, overrides={"logits": False})
    done = subprocess.run(
        [sys.executable, "-m", "digitpad", "evaluate", "--model", own, "--no-logits"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "digitpad: model.tflite gives negative outputs, which probabilities cannot be: "
        "its outputs are logits\n"
    )


def test_a_models_conventions_are_found_on_the_built_in_digits_for_any_data(tmp_path):
    # One digit of the user's tells no conventions apart: they come from the built-in set.
    (tmp_path / "7.png").write_bytes((SAMPLES / "mnist-7-0.png").read_bytes())
    (tmp_path / "labels.csv").write_text("file,label\n7.png,7\n")
    text = report(str(ROOT / "assets" / "model.tflite"), str(tmp_path)).text
    assert "conventions found: pixels 0-1, white digit on black, outputs logits" in text
    assert "of 400 built-in digits right)" in text and text.startswith("1 digit")


def test_the_macro_f1_averages_only_the_digits_of_the_set():
    text = classification_report(np.array([7, 7, 3]), np.array([7, 7, 3]))
    assert text.splitlines()[-1].split()[2] == "1.0000"
    assert [line.split()[0] for line in text.splitlines()[2:4]] == ["3", "7"]


def test_evaluate_refuses_a_picture_in_a_missing_folder_before_reading(tmp_path):
    picture = str(tmp_path / "no" / "c.png")
    done = evaluate("--confusion", picture)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "no folder" in done.stderr and not done.stdout


def test_evaluate_replaces_a_file_only_when_told(tmp_path):
    kept = tmp_path / "c.png"
    kept.write_text("my notes")
    done = evaluate("--confusion", str(kept))
    assert done.returncode == 2 and not done.stdout and kept.read_text() == "my notes"
    assert done.stderr == f"digitpad: {kept} exists; add --overwrite to replace it\n"
    assert evaluate("--confusion", str(kept), "--overwrite").returncode == 0
    assert kept.read_bytes().startswith(b"\x89PNG")


def test_evaluate_draws_its_two_pictures_into_two_files(tmp_path):
    done = evaluate("--confusion", str(tmp_path / "a.png"), "--misread", str(tmp_path / "a.png"))
    assert done.returncode == 2 and not done.stdout and "two different files" in done.stderr
    done = evaluate("--misread", "")
    assert done.returncode == 2 and not done.stdout
    assert done.stderr == "digitpad: --misread needs a picture file's name, such as misread.png\n"
    same = str(tmp_path / ".." / tmp_path.name / "a.png")  # the same file, spelled otherwise
    done = evaluate("--confusion", str(tmp_path / "a.png"), "--misread", same)
    assert done.returncode == 2 and not done.stdout and "two different files" in done.stderr


def test_evaluate_refuses_a_picture_it_cannot_write_before_reading(tmp_path):
    done = evaluate("--misread", str(tmp_path / "m.txt"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "name it .png" in done.stderr and not done.stdout
    done = evaluate("--confusion", str(tmp_path))
    assert done.returncode == 2 and not done.stdout
    assert done.stderr.startswith(f"digitpad: {tmp_path} is a folder; name a picture file")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_evaluate_refuses_a_folder_it_cannot_write_in_before_reading():
    done = evaluate("--confusion", "/proc/c.png")  # no new files there, even for root
    assert done.returncode == 2 and not done.stdout
    assert done.stderr == "digitpad: cannot write c.png in /proc: that folder takes no new files\n"
    too_long = "c" * 300 + ".png"
    done = evaluate("--confusion", too_long)
    assert done.returncode == 2 and not done.stdout
    assert done.stderr == f"digitpad: cannot write {too_long} in .: file name too long\n"


def test_evaluate_prints_the_report_even_when_a_picture_cannot_be_written(
    tmp_path, monkeypatch, capsys
):
    from digitpad import cli
    from digitpad.core import evaluation

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(evaluation, "draw_confusion", full_disk)  # the folder was writable
    assert cli.main(["evaluate", "--confusion", str(tmp_path / "c.png")]) == 2
    out, err = capsys.readouterr()
    assert "precision" in out
    assert err == f"digitpad: could not write {tmp_path / 'c.png'}: no space left on device\n"


def test_evaluate_refuses_a_bad_model_in_one_line(tmp_path):
    bad = tmp_path / "bad.tflite"
    bad.write_bytes(b"nonsense")
    done = evaluate("--model", str(bad))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


@needs_training
def test_the_window_reads_with_the_users_model_beside_its_own(qtbot, window, tutorial_models):
    from helpers import SAMPLES

    from digitpad.core.ink import read_ink

    size = window.size()  # the default size
    with qtbot.waitSignal(window.live.theirsOpened, timeout=120000) as opened:
        window.open_model(tutorial_models / "mnist.keras")
    assert opened.args[0].name == "mnist.keras" and opened.args[0].conventions == Conventions("0-1")
    assert window.theirs_chart.isVisible() and "mnist.keras" in window.theirs_title.text()
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-0-0.json"))
    assert window.chart.bars()[0][0] == 0 and window.theirs_chart.bars()
    # The window grows taller for the second chart where the screen has room (test_window),
    # and Restore Defaults gives the default size grown the same way while the model is open.
    grown = window.size()
    assert grown.width() == size.width() and grown.height() >= size.height()
    window.restore_defaults()
    qtbot.wait(50)
    assert window.size() == grown and window.theirs_chart.bars()
    window.close_model()
    assert not window.theirs_chart.isVisible()


@needs_training
def test_outputs_are_logits_cannot_be_unticked_for_a_model_that_gives_logits(
    qtbot, window, tutorial_models, _no_modal_dialogs
):
    with qtbot.waitSignal(window.live.theirsOpened, timeout=120000):
        window.open_model(tutorial_models / "logits.keras")
    assert window.logits_action.isChecked()
    with qtbot.waitSignal(window.live.theirsFailed, timeout=20000):
        window.logits_action.trigger()  # unticks it, and asks for the model without softmax
    assert "negative outputs" in _no_modal_dialogs[-1] and window.logits_action.isChecked()
    assert window.theirs_chart.isVisible()  # still read, with the conventions found
    window.close_model()


def evaluations_asked(monkeypatch) -> list:
    """What Model ▸ Evaluate asks to evaluate, (model, overrides) each time, instead of
    evaluating it; the report dialog stays hidden."""
    from PySide6.QtCore import QObject, Signal

    from digitpad.gui import report

    asked = []

    class Evaluation(QObject):
        finished = Signal(object)

        def __init__(self, model, overrides, parent):
            super().__init__(parent)
            asked.append((model, overrides))

        def cancel(self):
            pass

    monkeypatch.setattr(report, "Evaluation", Evaluation)
    monkeypatch.setattr(report.ReportDialog, "show", lambda self: None)
    return asked


@needs_training
def test_evaluate_reports_with_the_conventions_ticked_even_while_the_model_reopens(
    qtbot, window, tutorial_models, monkeypatch
):
    asked = evaluations_asked(monkeypatch)
    with qtbot.waitSignal(window.live.theirsOpened, timeout=120000) as found:
        window.open_model(tutorial_models / "mnist.keras")
    window.inverted_action.trigger()  # the model reopens with it, which takes a moment
    window.evaluate()
    assert asked == [
        (str(tutorial_models / "mnist.keras"), {"scale": "0-1", "inverted": True, "logits": False})
    ]
    with qtbot.waitSignal(window.live.theirsOpened, timeout=120000) as reopened:
        pass
    # The status bar says how well it reads with the conventions set: far worse here.
    how = reopened.args[0].how
    assert reopened.args[0].doubtful and how.endswith(
        "of 400 real digits read right with the conventions as set: are they the model's?"
    )
    assert float(how.split("%")[0]) < float(found.args[0].how.split("%")[0]) - 30
    said = (window.status_bar.currentMessage(), window.status_bar.toolTip())  # whole if cut
    assert f"mnist.keras: {how}" in said
    window.close_model()


def test_a_model_that_reads_near_chance_says_so_in_a_box(
    qtbot, window, tmp_path, _no_modal_dialogs
):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    write_tiny_onnx(tmp_path / "tiny.onnx")  # zero weights: every digit read alike
    with qtbot.waitSignal(window.live.theirsOpened, timeout=20000):
        window.open_model(tmp_path / "tiny.onnx")
    [said] = _no_modal_dialogs
    assert said.startswith("tiny.onnx: ") and said.endswith("is it trained to read digits?")
    assert window.theirs_chart.isVisible()  # opened all the same
    window.close_model()


def test_the_box_of_a_doubtful_model_has_its_own_reading_behind_it(
    qtbot, window, tmp_path, monkeypatch
):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from PySide6.QtWidgets import QMessageBox

    write_tiny_onnx(tmp_path / "tiny.onnx")  # every digit read alike: 10% each
    with qtbot.waitSignal(window.readingShown, timeout=10000):
        window.canvas.open_ink(read_ink(SAMPLES / "pen-2-0.json"))
    behind = []

    def warn(*args, **kwargs):  # while the box is up, the chart under the new name fills
        qtbot.waitUntil(lambda: bool(window.theirs_chart.bars()), timeout=10000)
        behind.append(window.theirs_chart.bars())

    monkeypatch.setattr(QMessageBox, "warning", warn)
    with qtbot.waitSignal(window.live.theirsOpened, timeout=20000):
        window.open_model(tmp_path / "tiny.onnx")
    [bars] = behind
    assert window.theirs_title.text() == "Your model: tiny.onnx"
    assert max(p for _, p in bars) < 0.2
    window.close_model()


def test_a_model_that_cannot_be_opened_is_one_sentence_in_the_window(
    qtbot, window, tmp_path, _no_modal_dialogs, monkeypatch
):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    with qtbot.waitSignal(window.live.theirsFailed, timeout=20000):
        window.open_model(bad)
    assert _no_modal_dialogs and "bad.onnx" in _no_modal_dialogs[-1]
    assert "\n" not in _no_modal_dialogs[-1] and not window.theirs_chart.isVisible()
    (tmp_path / "mymodel").mkdir()
    with qtbot.waitSignal(window.live.theirsFailed, timeout=20000):
        window.open_model(tmp_path / "mymodel")
    assert _no_modal_dialogs[-1] == "mymodel is a folder, not a model file."  # as spelled
    # Nothing of the failed model stays: Evaluate reports on digitpad's own model.
    asked = evaluations_asked(monkeypatch)
    window.evaluate()
    assert asked == [(None, {})]


@pytest.mark.parametrize(
    "argv, said",
    [
        (["--model", ""], "digitpad: no model file was named"),
        (["--model", "{tmp}"], "is a folder, not a model file"),
        (["--data", ""], "digitpad: no folder was named"),
    ],
)
def test_evaluate_names_an_empty_or_folder_argument_plainly(tmp_path, capsys, argv, said):
    from digitpad.cli import main

    (tmp_path / "dir.keras").mkdir()
    argv = [a.replace("{tmp}", str(tmp_path / "dir.keras")) for a in argv]
    assert main(["evaluate", *argv]) == 2
    assert said in capsys.readouterr().err


def test_an_evaluation_that_cannot_start_says_so_in_one_sentence(qtbot, monkeypatch):
    from digitpad.gui import report

    def no_process(*args, **kwargs):
        raise OSError(2, "No such file or directory")  # the app's files removed meanwhile

    monkeypatch.setattr(report, "ProcessPoolExecutor", no_process)
    evaluation = report.Evaluation(None, {})
    with qtbot.waitSignal(evaluation.finished, timeout=5000) as finished:
        pass
    assert finished.args[0] == (
        "The evaluation could not be started: no process could be made for it."
    )
    evaluation.cancel()  # closing the dialog afterwards


def test_the_report_dialog_is_as_wide_as_a_reports_widest_line():
    from itertools import product

    from digitpad.gui.report import REPORT_COLUMNS

    widest = max(
        len(f"conventions found: {Conventions(*each).describe()}")
        for each in product(("0-1", "0-255", "MNIST mean/std", "-1 to 1"), (0, 1), (0, 1))
    )
    assert widest < REPORT_COLUMNS


def test_the_report_dialog_fits_a_small_screen(qtbot):
    from PySide6.QtCore import Qt

    from digitpad.gui.report import REPORT_COLUMNS, ReportDialog

    dialog = ReportDialog("How digitpad's model reads real handwriting")
    qtbot.addWidget(dialog)
    screen = dialog.screen().availableSize()  # offscreen: 800x600, like a laptop at 200%
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    dialog.show()
    qtbot.waitExposed(dialog)
    # Too narrow for both side by side: the matrix goes under the text, whose widest line
    # is whole (no scrolling sideways), and takes half the height.
    widest = dialog.text.fontMetrics().horizontalAdvance("0" * REPORT_COLUMNS)
    assert dialog.split.orientation() == Qt.Orientation.Vertical
    assert dialog.text.viewport().width() >= widest
    text, picture = dialog.split.sizes()
    assert picture >= 0.45 * (text + picture)
    dialog.resize(widest + 600, 600)  # wide enough: beside it again, the text as wide as that
    qtbot.waitUntil(lambda: dialog.split.orientation() == Qt.Orientation.Horizontal)
    assert widest <= dialog.text.viewport().width() < widest + 60


def test_a_dark_window_shows_the_dark_confusion_matrix(qtbot, tmp_path):
    from digitpad.core import evaluation
    from digitpad.gui import colours
    from digitpad.gui.report import DARK_MATRIX, ReportDialog

    matrix = np.eye(10, dtype=np.int64)
    evaluation.draw_confusion(matrix, tmp_path / "confusion.png", "", scale=2)
    evaluation.draw_confusion(matrix, tmp_path / DARK_MATRIX, "", scale=2, dark=True)
    for palette, lightness in (
        (colours.dark_palette(), lambda v: v < 64),
        (None, lambda v: v > 240),
    ):
        dialog = ReportDialog("Evaluate")
        qtbot.addWidget(dialog)
        if palette is not None:
            dialog.setPalette(palette)
        dialog.show_report("the report", str(tmp_path))
        shown = dialog.picture.pixmap().toImage()
        assert lightness(shown.pixelColor(3, 3).lightness())


def test_save_pictures_says_where_they_went(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from digitpad.core import evaluation
    from digitpad.gui import dialogs
    from digitpad.gui.report import ReportDialog

    made, target = tmp_path / "made", tmp_path / "chosen"
    made.mkdir(), target.mkdir()
    evaluation.draw_confusion(np.eye(10, dtype=np.int64), made / "confusion.png", "", scale=2)
    evaluation.draw_gallery([], [], made / "misread.png", "")
    dialog = ReportDialog("Evaluate", save_in=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show_report("the report", str(made))
    started = []
    monkeypatch.setattr(
        filedialogs, "existing_directory", lambda *args: started.append(args[2]) or str(target)
    )
    assert dialog.save_button.shortcut().toString() == "Alt+S"  # as other dialogs' buttons
    dialog.save_button.click()
    assert (target / "confusion.png").exists() and (target / "misread.png").exists()
    assert dialog.saved.text() == f"Saved confusion.png and misread.png in {target}."
    # Saving there again, but not replacing them: nothing is said to be saved.
    asked = []
    monkeypatch.setattr(
        dialogs,
        "question",
        lambda parent, title, text, *args: asked.append(text) or QMessageBox.StandardButton.Cancel,
    )
    dialog.save_button.click()
    assert dialog.saved.text() == ""
    assert asked == [f"confusion.png and misread.png are already in {target}. Replace them?"]
    assert started == [str(tmp_path), str(target)]  # the folder given, then the one saved in


def test_a_missing_extra_is_named_with_the_command_that_installs_it_here(monkeypatch):
    from digitpad.core import foreign
    from digitpad.core.foreign import install_hint

    assert install_hint("onnx") == (
        f"install it with {sys.executable} -m pip install -e '{ROOT}[onnx]'"
    )
    monkeypatch.setattr(foreign, "__file__", "/site-packages/digitpad/core/foreign.py")
    assert (
        install_hint("keras")
        == f"install tensorflow with {sys.executable} -m pip install tensorflow"
    )
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert "installed app does not include it" in install_hint("keras")


def test_a_long_model_name_ends_in_an_ellipsis_and_keeps_the_panel_narrow(qtbot, window):
    name = "a model trained on my own handwriting over many evenings, version 7.keras"
    window.resize(800, 600)
    found = OpenedModel(name, Conventions("0-1"), "found on the built-in digits", False, 0.9, 400)
    window.live.theirsOpened.emit(found)
    qtbot.waitUntil(lambda: window.theirs_title.isVisible())
    title = window.theirs_title
    assert title.text() == f"Your model: {name}" and name in title.toolTip()
    assert title.shown_text().endswith("…") and len(title.shown_text()) < len(title.text())
    assert title.fontMetrics().horizontalAdvance(title.shown_text()) <= title.width()
    assert title.parentWidget().width() <= 420  # the panel's widest


def test_a_model_opened_in_the_smallest_window_says_how_well_it_reads_in_full(qtbot, window):
    # A fresh tester saw "mnist.h5: 92.2% of 400 real digits read r…" at the smallest size.
    window.resize(window.minimumSizeHint())
    how = "92.2% of 400 real digits read right with the conventions found"
    found = OpenedModel("mnist.h5", Conventions("0-1"), how, False, 0.922, 400)
    window.live.theirsOpened.emit(found)
    qtbot.waitUntil(lambda: window.theirs_title.isVisible())
    said = "mnist.h5: 92.2% of 400 digits right."
    assert window.status_bar.saying(said) and window.status_bar.currentMessage() == said


def write_tiny_onnx(
    path, inputs: int = 1, dtype: str = "float", outputs: str = "scores", flat: int = 784
) -> None:
    """A (n, 1, 28, 28) -> (n, 10) ONNX model of zero weights: with inputs > 1 it adds them,
    with dtype "uint8" it takes bytes, with outputs "nan" it divides its zeros by zero, and
    with flat other than 784 it fails when run (784 pixels cannot be reshaped to flat)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    kind = {"float": TensorProto.FLOAT, "uint8": TensorProto.UINT8}[dtype]
    names = [f"x{i}" for i in range(inputs)]
    nodes = [helper.make_node("Sum", names, ["s"])] if inputs > 1 else []
    nodes.append(
        helper.make_node("Cast", ["s" if inputs > 1 else "x0"], ["f"], to=TensorProto.FLOAT)
    )
    nodes.append(helper.make_node("Reshape", ["f", "shape"], ["flat"]))
    nodes.append(helper.make_node("MatMul", ["flat", "w"], ["z"]))
    nodes.append(helper.make_node("Div" if outputs == "nan" else "Add", ["z", "zero"], ["y"]))
    initial = {
        "shape": np.array([-1, flat], np.int64),
        "w": np.zeros((flat, 10), np.float32),
        "zero": np.zeros(10, np.float32),
    }
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info(n, kind, ["n", 1, 28, 28]) for n in names],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 10])],
        [numpy_helper.from_array(v, k) for k, v in initial.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=9)
    onnx.checker.check_model(model)
    onnx.save(model, path)


@pytest.mark.parametrize(
    "options, said",
    [
        ({"inputs": 2}, "^tiny.onnx takes 2 inputs, not one digit$"),
        ({"dtype": "uint8"}, r"^tiny.onnx needs a single float32 input \(its input is tensor"),
        ({"outputs": "nan"}, "^tiny.onnx gives outputs that are not numbers"),
        ({"flat": 700}, r"^tiny.onnx stops with an error when it reads a 28x28 digit \(the log"),
    ],
    ids=["two inputs", "bytes in", "NaN out", "fails when run"],
)
def test_a_model_digitpad_cannot_feed_or_read_says_why(tmp_path, labelled, options, said, capfd):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    write_tiny_onnx(tmp_path / "tiny.onnx", **options)
    with pytest.raises(ModelError, match=said):
        model = ForeignModel(tmp_path / "tiny.onnx")
        find_conventions(model, labelled.inputs[:20], labelled.labels[:20])
    assert capfd.readouterr().err == ""  # the runtime's own log stays out of the terminal
