"""Shared test set-up: Qt offscreen, private logs and settings, the built-in samples."""

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path, monkeypatch):
    """Logs, QSettings and handwriting in a temporary folder, never the developer's own."""
    monkeypatch.setenv("DIGITPAD_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(tmp_path / "data"))
    try:
        from PySide6.QtCore import QSettings
    except ImportError:
        return
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config")
    )


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch):
    """A modal dialog would block an offscreen test forever: answer it and record it."""
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:
        return
    from digitpad.gui import dialogs

    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(dialogs, "question", answer)
    # The text as written, without the breaks dialogs.breakable adds for wrapping.
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *args, **kwargs: asked.append(args[2].replace("\u200b", ""))
    )
    monkeypatch.setattr(QMessageBox, "about", lambda *args, **kwargs: asked.append(args[2]))
    return asked


@pytest.fixture(scope="session")
def recognizer():
    from digitpad.core.recognizer import Recognizer

    return Recognizer()


@pytest.fixture
def samples() -> Path:
    from helpers import SAMPLES

    return SAMPLES


@pytest.fixture
def window(qtbot):
    """The main window with its model loaded."""
    from helpers import make_window

    window = make_window(qtbot)
    with qtbot.waitSignal(window.modelLoaded, timeout=15000):
        window.start_model()
    return window
