"""Starting the desktop app: Qt application, window, and a last-resort error handler."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)


# Should a window never be painted (minimised at start, say), the rest starts after this.
FIRST_FRAME_TIMEOUT_MS = 1000

# The first frame waits for all that comes before it. PySide6 builds the Python enums of the
# whole Qt namespace (93 enums, about 35 ms here) the first time `Qt` is named, or a QPainter,
# QPen or QBrush call resolves an overload that could take one (setPen, fillRect, QPen(colour)).
# So up to the first frame the widgets set enum-typed properties by name, paint with their
# palette's colours and name `QtCore.Qt` only in code that runs later; start_the_rest builds
# it straight after the first frame, long before a pen can touch the canvas. report_startup
# tells whether it held (tests/test_cli.py checks it).


def run_app(open_path: str | None = None, model_dir: str | None = None) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("digitpad")
    app.setOrganizationName("digitpad")
    app.setDesktopFileName("digitpad")
    from digitpad.window import MainWindow, window_icon
    window = MainWindow(model_dir)
    install_excepthook(window)

    def start_the_rest() -> None:
        # The model, the log and an opened file wait for the first frame: on X11 the window
        # is painted only when the server says so, and work queued before it delays it.
        shown = time.perf_counter() - started
        if os.environ.get("DIGITPAD_STARTUP_REPORT"):
            report_startup(app, window)
        window.start_model()  # first: its process starts while this one goes on below
        window.canvas.set_drawing_cursor()
        app.setWindowIcon(window_icon())
        start_logging(shown)
        if open_path:
            window.open_file(open_path)

    FirstFrameWatcher(window, start_the_rest)
    window.show()
    return app.exec()


class FirstFrameWatcher(QObject):
    """Calls back once, as soon as a window's first frame has been painted."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_FRAME_TIMEOUT_MS, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._callback is not None and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Children paint after their window in the same pass: call back after the pass.
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def start_logging(shown: float) -> None:
    from digitpad.logs import setup_logging
    setup_logging()
    log.info("window shown %.3f s after start", shown)


def install_excepthook(window) -> None:
    """Log any uncaught error and tell the user in one line, instead of crashing."""
    def hook(kind, error, trace) -> None:
        log.error("uncaught error", exc_info=(kind, error, trace))
        with contextlib.suppress(RuntimeError):
            window.statusBar().showMessage(
                f"Something went wrong ({kind.__name__}); your drawing is safe. "
                "Details are in the log file.", 10000)
    sys.excepthook = hook


def report_startup(app: QApplication, window) -> None:
    """For tools/benchmark.py: print wall-clock times of the first frame and model ready, quit.

    Called once the first frame is painted, before anything else; the benchmark's bare window
    is timed alike.
    """
    def ready(ok: bool) -> None:
        print(f"model_ready {time.time():.4f} {'ok' if ok else 'failed'}", flush=True)
        window.canvas.modified = False
        app.quit()
    print(f"window_shown {time.time():.4f}", flush=True)
    # PySide6 adds a class to its module's namespace when it first builds it.
    print(f"qt_namespace_built_before {'Qt' in vars(QtCore)}", flush=True)
    window.modelLoaded.connect(ready)
