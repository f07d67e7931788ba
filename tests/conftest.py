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


def sample_label(path: Path) -> int:
    return int(path.name.split("-")[1])
