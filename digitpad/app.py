"""Starting the desktop app: Qt application, window, and a last-resort error handler."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)


def run_app(open_path: str | None = None, model_dir: str | None = None) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("digitpad")
    app.setOrganizationName("digitpad")
    app.setDesktopFileName("digitpad")
    from digitpad.window import MainWindow, window_icon
    window = MainWindow(model_dir)
    app.setWindowIcon(window_icon())
    install_excepthook(window)
    if os.environ.get("DIGITPAD_STARTUP_REPORT"):
        report_startup(app, window)
    window.show()
    shown = time.perf_counter() - started
    # Load the model and open the log once the window has painted, so it appears at once.
    QTimer.singleShot(0, window.start_model)
    QTimer.singleShot(0, lambda: start_logging(shown))
    if open_path:
        QTimer.singleShot(0, lambda: window.open_file(open_path))
    return app.exec()


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


class FirstFrameReporter(QObject):
    """Prints the wall-clock time once a window's first frame is painted.

    tools/benchmark.py uses the same filter on a bare window, so both are timed alike.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._painted = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            # Children paint after their window in the same pass: report after the pass.
            QTimer.singleShot(0, lambda: print(f"window_shown {time.time():.4f}", flush=True))
        return False


def report_startup(app: QApplication, window) -> None:
    """For tools/benchmark.py: print wall-clock times of window shown and model ready, quit."""
    def ready(ok: bool) -> None:
        print(f"model_ready {time.time():.4f} {'ok' if ok else 'failed'}", flush=True)
        window.canvas.modified = False
        app.quit()
    FirstFrameReporter(window)
    window.modelLoaded.connect(ready)
