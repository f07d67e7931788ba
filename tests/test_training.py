"""Training end to end on a tiny subset, and the augmentation layers."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from helpers import ROOT, SHARED_DATA

from digitpad.core.pairs import PairNetwork
from digitpad.core.recognizer import Recognizer

tf = pytest.importorskip("tensorflow", reason="training needs the 'train' extra")
UNIPEN = SHARED_DATA / "unipen" / "unipen_1a_dev.npz"
needs_data = pytest.mark.skipif(
    not (SHARED_DATA / "mnist").is_dir(),
    reason=f"MNIST IDX files not found in {SHARED_DATA / 'mnist'} (or DIGITPAD_SHARED_DATA)",
)


def train_tiny(out) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "train.py"),
            "--data",
            str(SHARED_DATA / "mnist"),
            "--pendigits",
            str(SHARED_DATA / "pendigits"),
            *(["--unipen", str(UNIPEN)] if UNIPEN.exists() else []),
            "--slashed-zeros",
            "1",
            "--open-sixes",
            "1",
            "--curved-sevens",
            "1",
            "--limit",
            "600",
            "--epochs",
            "1",
            "--width",
            "8",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("tiny-model")
    done = train_tiny(out)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out, done.stdout


@needs_data
def test_training_runs_end_to_end_on_a_tiny_subset(tiny_model):
    out, stdout = tiny_model
    assert "MNIST test accuracy" in stdout
    assert re.search(r"MNIST: \d+ training, [1-9]\d* calibration", stdout)  # held out of training
    metadata = json.loads((out / "model.json").read_text())
    assert metadata["training_images"] > 600 and metadata["outputs"] == 11
    assert set(metadata["training_data_sha256"]) >= {
        "train-images-idx3-ubyte.gz",
        "pendigits-orig.tra",
    }
    for label in (0, 6, 7):  # slashed zeros, open sixes, curved sevens
        assert f"restyled {label}s: " in stdout
    if UNIPEN.exists():  # its calibration institutions join the temperature's digits
        assert "unipen_1a_dev.npz" in metadata["training_data_sha256"]
        assert "UNIPEN digits of aga, app, pri" in stdout
    assert (out / "model.keras").stat().st_size > 0
    recognizer = Recognizer(out)  # the export loads and runs in the app's service
    result = recognizer.recognize(np.zeros((28, 28), np.float32))
    total = sum(p for _, p in result.ranked)
    assert total == pytest.approx(result.digit_probability, abs=1e-5)


@needs_data
def test_training_is_reproducible_from_its_seed(tiny_model, tmp_path):
    out, _ = tiny_model
    done = train_tiny(tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    first, second = (json.loads((folder / "model.json").read_text()) for folder in (out, tmp_path))
    assert first["temperature"] == second["temperature"]
    inputs = np.random.default_rng(0).random((16, 28, 28), dtype=np.float32)
    np.testing.assert_array_equal(
        Recognizer(out).logits(inputs), Recognizer(tmp_path).logits(inputs)
    )


def test_augmentation_changes_images_only_in_training_and_keeps_range():
    from digitpad.training.augment import RandomAffine, RandomStrokeWidth, augmentation

    images = np.zeros((8, 28, 28, 1), np.float32)
    images[:, 6:22, 12:16] = 1.0
    layer = augmentation(seed=3)
    assert np.array_equal(np.asarray(layer(images, training=False)), images)
    out = np.asarray(layer(images, training=True))
    assert out.shape == images.shape and out.min() >= -1e-6 and out.max() <= 1 + 1e-6
    assert not np.allclose(out, images)
    assert len({out[i].tobytes() for i in range(8)}) == 8  # each image warped its own way
    thick = np.asarray(RandomStrokeWidth(thicken=1.0, thin=0.0, seed=1)(images, training=True))
    assert thick.sum() >= images.sum() - 1e-3
    still = np.asarray(
        RandomAffine(degrees=0, shear=0, zoom=0, aspect=0, shift=0)(images, training=True)
    )
    assert np.allclose(still, images, atol=1e-5)  # the identity warp leaves images alone


def test_temperature_fitting_recovers_a_known_temperature():
    from train import fit_temperature

    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, size=(4000, 11))
    probabilities = np.exp(logits / 2.0)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(11, p=p) for p in probabilities])
    assert fit_temperature(logits, labels) == pytest.approx(2.0, rel=0.1)


@needs_data
def test_the_pair_network_trains_end_to_end_on_a_tiny_subset_and_loads(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "train_pairs.py"),
            "--data",
            str(SHARED_DATA / "mnist"),
            "--pendigits",
            str(SHARED_DATA / "pendigits"),
            "--limit",
            "200",
            "--epochs",
            "1",
            "--width",
            "8",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # 200 of each kind: pairs and singles (MNIST's and pen), slashed zeros, the reader's crops
    assert "1200 training blobs" in done.stdout
    metadata = json.loads((tmp_path / "pairs.json").read_text())
    assert metadata["outputs"] == 110 and metadata["input_shape"] == [28, 56, 1]
    [reading] = PairNetwork(tmp_path).read(np.zeros((1, 28, 56), np.float32))
    assert 0.0 <= reading.pair <= 1.0
    assert reading.left.sum() == pytest.approx(1.0) and reading.right.sum() == pytest.approx(1.0)
