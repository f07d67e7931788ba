"""The recognition worker: waits on its own thread for the child process that reads drawings."""

from __future__ import annotations

import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from digitpad.core import service
from digitpad.core.errors import InputError

log = logging.getLogger(__name__)

# Windows (and Wine) now and then refuses to create a process (WinError 1359, "Internal
# error") and grants it a moment later: so many tries, this far apart, before "No model".
START_TRIES = 3
START_PAUSE_S = 1.0


class ProcessWorker(QObject):
    """Lives on a QThread and waits there for the child process; talks only through signals."""

    loaded = Signal(object)  # ModelMetadata
    loadFailed = Signal(str)  # one sentence for the user
    recognized = Signal(object)  # DrawingReading, or None for an empty drawing
    failed = Signal(str)  # one sentence for the user
    died = Signal()  # the child process ended unexpectedly
    theirsOpened = Signal(object)  # service.OpenedModel
    theirsFailed = Signal(str)  # one sentence for the user

    def __init__(self, profile: str | None = None) -> None:
        super().__init__()
        self.profile = profile  # the handwriting profile's folder the process reads with
        self._pool: ProcessPoolExecutor | None = None

    @Slot()
    def load(self) -> None:
        try:
            metadata = self._start().submit(service.metadata).result()
        except Exception as error:  # any failure must reach the user as text
            log.exception("loading the model failed")
            self.loadFailed.emit(sentence(error, "The model could not be loaded"))
            return
        self.loaded.emit(metadata)

    def _start(self) -> ProcessPoolExecutor:
        """A pool with its process running; OSError when the OS refused it START_TRIES times."""
        for _ in range(START_TRIES - 1):
            try:
                return self._new_pool()
            except OSError as error:
                log.warning("starting the recognition process failed (%s); trying again", error)
                time.sleep(START_PAUSE_S)
        return self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        self.stop()
        self._pool = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=service.start_child,
            initargs=(self.profile, service.SOLE_THREADS),
        )
        self._pool.submit(int).result()  # the process starts on the first task
        return self._pool

    @Slot(object)
    def recognize(self, drawing: object) -> None:
        if self._pool is None:
            return
        try:
            reading = self._pool.submit(service.read_drawing, drawing).result()
        except BrokenProcessPool:
            log.warning("the recognition process ended unexpectedly")
            self.died.emit()
            return
        except Exception as error:  # a bad drawing must not end the thread
            log.exception("recognition failed")
            self.failed.emit(sentence(error, "This drawing could not be read"))
            return
        self.recognized.emit(reading)

    @Slot(str, object)
    def open_theirs(self, path: str, conventions: object) -> None:
        """Open a user's model in the child process (conventions None: find them)."""
        if self._pool is None:
            return
        try:
            opened = self._pool.submit(service.open_theirs, path, conventions).result()
        except BrokenProcessPool:
            self.died.emit()
            return
        except InputError as error:  # a file the user chose that cannot be used: said to them
            log.warning("opening the model %s failed: %s", path, error)
            name = Path(path).name
            self.theirsFailed.emit(sentence(error, "The model could not be opened", name))
            return
        except Exception as error:  # the model's own errors: one sentence, nothing else lost
            log.exception("opening the model %s failed", path)
            self.theirsFailed.emit(sentence(error, "The model could not be opened"))
            return
        self.theirsOpened.emit(opened)

    @Slot()
    def close_theirs(self) -> None:
        if self._pool is None:
            return
        try:
            self._pool.submit(service.close_theirs).result()
        except BrokenProcessPool:  # a restarted process opens only what is still asked for
            self.died.emit()

    def stop(self) -> None:
        """End the child process (waits for it)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def child_pid(self) -> int | None:
        processes = getattr(self._pool, "_processes", None) or {}
        return next(iter(processes), None)


def sentence(error: BaseException, fallback: str, file_name: str = "") -> str:
    """One sentence for the user about an error from the child process; one that starts with
    a file's name (file_name, or a word with a dot) keeps that name as it is spelled."""
    if isinstance(error, InputError):
        text = str(error)
        named = (file_name and text.startswith(file_name)) or "." in text.split(" ", 1)[0]
        if not named:
            text = text[:1].upper() + text[1:]
        return text + ("" if text.endswith(".") else ".")
    return f"{fallback} ({type(error).__name__}); details are in the log file."
