"""Shared test set-up: Qt offscreen, logs in a temporary folder, the built-in samples."""

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "assets" / "samples"
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tools"))


@pytest.fixture(autouse=True)
def _private_log_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITPAD_LOG_DIR", str(tmp_path / "logs"))


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch):
    """A modal dialog would block an offscreen test forever: answer it and record it."""
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:
        return
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: (
        asked.append(args[2]), QMessageBox.StandardButton.Discard)[1])
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: asked.append(args[2]))
    monkeypatch.setattr(QMessageBox, "about", lambda *args, **kwargs: asked.append(args[2]))
    return asked


@pytest.fixture(scope="session")
def recognizer():
    from digitpad.model import Recognizer
    return Recognizer()


@pytest.fixture
def samples() -> Path:
    return SAMPLES


def make_window(qtbot, model_dir=None):
    """The main window, shown offscreen; closed after the test without asking to save."""
    from digitpad.window import MainWindow
    window = MainWindow(model_dir)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w.canvas, "modified", False))
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot):
    """The main window with its model loaded."""
    window = make_window(qtbot)
    with qtbot.waitSignal(window.modelLoaded, timeout=10000):
        window.start_model()
    return window


def sample_label(path: Path) -> int:
    return int(path.name.split("-")[1])
