"""Live recognition: paces requests while the pen moves; a worker runs them in a child process.

The work runs in a process, not a thread: rendering and preprocessing are Python, and a thread
busy with them would hold the GIL that the window needs (docs/decisions/child-process.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

if TYPE_CHECKING:
    from digitpad.core.service import OpenedModel
    from digitpad.gui.worker import ProcessWorker

log = logging.getLogger(__name__)

# While the pen moves, the drawing is re-read at most this often; a new request is only sent
# once the previous answer is back, so recognition can never fall behind the pen.
LIVE_INTERVAL_MS = 40
# A recognition process that dies is restarted this many times in a row before giving up.
MAX_RESTARTS = 3


class LiveRecognition(QObject):
    """Reads the drawing that `source` returns whenever it changes, one request at a time.

    Emits recognized(DrawingReading | None) for each reading; restarts the child process if
    it dies, at most MAX_RESTARTS times in a row.
    """

    modelReady = Signal(object)  # ModelMetadata
    modelFailed = Signal(str)
    recognized = Signal(object)  # DrawingReading, or None for an empty drawing
    failed = Signal(str)
    theirsOpened = Signal(object)  # service.OpenedModel
    theirsFailed = Signal(str)
    settled = Signal()  # the last reading or error is of the drawing as it is now
    outdated = Signal()  # the drawing changed: the reading shown is not of it yet
    restarting = Signal(str)  # a short notice: the recognizer is being restarted

    _loadRequested = Signal()
    _requested = Signal(object)
    _theirsRequested = Signal(str, object)
    _theirsClosed = Signal()

    def __init__(
        self,
        source: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source  # returns the drawing to read, or None when there is none
        self.metadata = None
        self._busy = False  # a request is with the worker
        self._dirty = True  # the drawing changed since the last request
        self._restarts = 0
        self._timer = QTimer(self, singleShot=True, interval=LIVE_INTERVAL_MS)
        self._timer.timeout.connect(self._send)
        self._thread = QThread(self)
        self._worker: ProcessWorker | None = None  # made by start()
        self._theirs: tuple[str, object] | None = None  # path, conventions: reopened on restart
        self._theirs_asked: str | None = None

    def start(self, profile: str | None = None) -> None:
        """Start loading the model in its process; call once the window is shown.

        profile: the handwriting profile's folder that the process reads with, if any.
        """
        # The worker brings multiprocessing with it, which the first frame need not wait for.
        from digitpad.gui.worker import ProcessWorker

        self._worker = ProcessWorker(profile)
        self._worker.moveToThread(self._thread)
        self._loadRequested.connect(self._worker.load)
        self._requested.connect(self._worker.recognize)
        self._worker.loaded.connect(self._on_loaded)
        self._worker.loadFailed.connect(self._on_load_failed)
        self._worker.recognized.connect(self._on_recognized)
        self._worker.failed.connect(self._on_failed)
        self._worker.died.connect(self._on_died)
        self._theirsRequested.connect(self._worker.open_theirs)
        self._theirsClosed.connect(self._worker.close_theirs)
        self._worker.theirsOpened.connect(self._on_theirs_opened)
        self._worker.theirsFailed.connect(self.theirsFailed)
        self._thread.start()
        self._loadRequested.emit()

    def stop(self) -> None:
        """End the thread and the child process; the object is unusable afterwards."""
        self._timer.stop()
        self._thread.quit()
        self._thread.wait(2000)
        if self._worker is not None:
            self._worker.stop()

    def child_pid(self) -> int | None:
        """The recognition process's id, once the model is loaded."""
        return None if self._worker is None else self._worker.child_pid()

    def open_theirs(self, path: str, conventions=None) -> None:
        """Read with the user's model too, from now on (conventions None: find them)."""
        self._theirs_asked = path
        self._theirsRequested.emit(path, conventions)

    def close_theirs(self) -> None:
        self._theirs = None
        self._theirsClosed.emit()
        self.changed()

    @Slot(object)
    def _on_theirs_opened(self, opened: OpenedModel) -> None:
        self._theirs = (self._theirs_asked, opened.conventions)
        # Asked first: the window may warn in a dialog, and its chart shows the new model's
        # reading behind it, not the last model's under the new model's name.
        self.changed()
        self.theirsOpened.emit(opened)

    @Slot()
    def moved(self) -> None:
        """The stroke being drawn grew: read it again soon."""
        self._dirty = True
        self.outdated.emit()
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def changed(self) -> None:
        """The drawing changed as a whole (stroke ended, undo, open): read it now."""
        self._dirty = True
        self.outdated.emit()
        self._timer.stop()
        self._send()

    def _send(self) -> None:
        if self.metadata is None or self._busy or not self._dirty:
            return
        self._dirty = False
        drawing = self._source()
        if drawing is None:
            self.recognized.emit(None)
            self.settled.emit()
            return
        self._busy = True
        self._requested.emit(drawing)

    @Slot(object)
    def _on_loaded(self, metadata) -> None:
        log.info("model loaded in process %s", self.child_pid())
        self.metadata = metadata
        if self._theirs is not None:  # a restarted process reads with the user's model again
            self._theirsRequested.emit(*self._theirs)
        self.modelReady.emit(metadata)
        self._dirty = True
        self._send()

    @Slot(str)
    def _on_load_failed(self, message: str) -> None:
        self.metadata = None
        self.modelFailed.emit(message)

    @Slot(object)
    def _on_recognized(self, reading) -> None:
        self._busy = False
        self._restarts = 0
        self.recognized.emit(reading)
        self._send_or_settle()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._busy = False
        self.failed.emit(message)
        self._send_or_settle()

    def _send_or_settle(self) -> None:
        if self._dirty:
            self._send()
        else:
            self.settled.emit()

    @Slot()
    def _on_died(self) -> None:
        self._busy = False
        self.metadata = None
        self._dirty = True
        if self._restarts >= MAX_RESTARTS:
            self.modelFailed.emit(
                "The recognizer stopped working several times in a row and was not restarted."
            )
            return
        self._restarts += 1
        self.restarting.emit("The recognizer stopped unexpectedly; restarting it…")
        self._loadRequested.emit()
