"""Loads the model and recognises drawings in a child process, reporting back by signals.

The work runs in a process, not just a thread: rendering and preprocessing are Python, and a
thread busy with them would hold the GIL that every Qt call of the window needs, so the
window would stutter under a long drawing. The worker thread only waits for the process.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from digitpad import service

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger(__name__)


class RecognitionWorker(QObject):
    """Lives on a QThread; the window talks to it only through queued signals."""

    modelReady = Signal(dict)             # the model's metadata
    modelFailed = Signal(str)             # one sentence for the user
    recognized = Signal(int, object, object)  # request id, Recognition or None, input or None
    failed = Signal(int, str)             # request id, one sentence for the user

    def __init__(self, model_dir: str | None = None) -> None:
        super().__init__()
        self._model_dir = model_dir
        self._process: ProcessPoolExecutor | None = None

    @Slot()
    def load(self) -> None:
        # Imported here, on the worker thread, so they cost the window's start-up nothing.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        try:
            self._process = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"),
                initializer=service.load, initargs=(self._model_dir,))
            metadata = self._process.submit(service.metadata).result()
        except Exception as error:  # any failure must reach the user as text
            log.exception("loading the model failed")
            self.modelFailed.emit(_sentence(error, "The model could not be loaded"))
            return
        self.modelReady.emit(metadata)

    @Slot(int, object)
    def recognize(self, request: int, drawing: object) -> None:
        if self._process is None:
            return
        try:
            pixels, result = self._process.submit(service.recognize_drawing, drawing).result()
        except Exception as error:  # a bad drawing must not end the thread
            log.exception("recognition failed")
            self.failed.emit(request, _sentence(error, "This drawing could not be read"))
            return
        self.recognized.emit(request, result, pixels)

    def stop(self) -> None:
        """End the child process; call after the worker's thread has finished."""
        if self._process is not None:
            self._process.shutdown(wait=True, cancel_futures=True)
            self._process = None

    def child_pid(self) -> int | None:
        processes = getattr(self._process, "_processes", None) or {}
        return next(iter(processes), None)


def _sentence(error: BaseException, fallback: str) -> str:
    from digitpad.errors import InputError
    if isinstance(error, InputError):
        text = str(error)
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    return f"{fallback} ({type(error).__name__}); details are in the log file."
