"""The recognition worker: starting its process when the operating system refuses at first."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from digitpad.gui import worker as worker_module
from digitpad.gui.worker import ProcessWorker


def refusing(times: int) -> type[ProcessPoolExecutor]:
    """A pool class whose first `times` pools fail to start their process, as Windows can."""

    class Refusing(ProcessPoolExecutor):
        refused = 0

        def submit(self, fn, /, *args, **kwargs):
            if Refusing.refused < times:
                Refusing.refused += 1
                raise OSError(22, "[WinError 1359] Internal error")
            return super().submit(fn, *args, **kwargs)

    return Refusing


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(worker_module, "START_PAUSE_S", 0.01)


def load(monkeypatch, refusals: int) -> tuple[list, list]:
    monkeypatch.setattr(worker_module, "ProcessPoolExecutor", refusing(refusals))
    worker = ProcessWorker(None)
    loaded, failed = [], []
    worker.loaded.connect(loaded.append)
    worker.loadFailed.connect(failed.append)
    try:
        worker.load()
    finally:
        worker.stop()
    return loaded, failed


def test_a_process_refused_once_is_started_again(monkeypatch, quick_retries):
    loaded, failed = load(monkeypatch, worker_module.START_TRIES - 1)
    assert failed == [] and len(loaded) == 1
    assert loaded[0].outputs >= 10  # the model's metadata, read in the child process


def test_a_process_always_refused_is_one_sentence(monkeypatch, quick_retries):
    loaded, failed = load(monkeypatch, worker_module.START_TRIES)
    assert loaded == []
    assert failed == ["The model could not be loaded (OSError); details are in the log file."]
