"""Starting the desktop app: Qt application, diagnostics, signals, and the window."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

# Should a window never be painted (minimised at start, say), the rest starts after this.
FIRST_FRAME_TIMEOUT_MS = 1000
# Python runs signal handlers only between bytecodes: a timer lets it in while Qt waits.
SIGNAL_POLL_MS = 200
QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


# Libraries that Qt's X11 plugin loads and that a desktop may lack, with their Debian packages.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def run_app(open_path: str | None = None, model_path: str | None = None) -> int:
    """Show the window, opening a drawing and a user's model if given; the exit code."""
    started = time.perf_counter()
    if no_display():
        print(
            "digitpad needs a display to open its window, and none was found (DISPLAY and "
            "WAYLAND_DISPLAY are not set); digitpad predict reads files without one.",
            file=sys.stderr,
        )
        return 1
    qInstallMessageHandler(_log_qt_message)
    # Every pen position counts: X11 would merge mouse moves that come faster than handled.
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_CompressHighFrequencyEvents, False)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("digitpad")
    app.setOrganizationName("digitpad")
    app.setDesktopFileName("digitpad")
    from digitpad.gui.colours import follow_color_scheme
    from digitpad.gui.window import MainWindow, window_icon

    follow_color_scheme(app)
    try:
        window = MainWindow()
    except Exception:  # a bug, or something on this computer that it did not foresee
        from digitpad.core.logs import LOG_NAME, log_dir

        log.exception("the window could not be made")
        print(
            "digitpad could not open its window because of an unexpected error; the details "
            f"are in {log_dir() / LOG_NAME}.",
            file=sys.stderr,
        )
        return 1
    install_excepthook(window)
    install_signal_handlers(window)

    def start_the_rest() -> None:
        # The model and an opened file wait for the first frame: on X11 the window is
        # painted only when the server says so, and work queued before it delays it.
        log.info("window shown %.3f s after start", time.perf_counter() - started)
        gc.enable()  # disabled by cli.main until now
        if os.environ.get("DIGITPAD_STARTUP_REPORT"):
            report_startup(app, window)
        window.fit_on_screen()
        window.start_model()
        app.setWindowIcon(window_icon())
        if open_path:
            window.open_file(open_path)
        if model_path:
            window.open_model(model_path)

    FirstFrameWatcher(window, start_the_rest)
    window.show()
    return app.exec()


def no_display() -> bool:
    """On Linux and the BSDs, whether Qt would look for a display server and find none."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if sys.platform in ("win32", "darwin") or (
        platform and not platform.startswith(("xcb", "wayland"))
    ):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def missing_x11_library() -> tuple[str, str] | None:
    """On Linux under X11, a library Qt's xcb plugin needs that cannot be loaded, and its package.

    Qt aborts with a message about plugins when one is missing; this says which one.
    """
    import ctypes  # only once Qt has failed: a window that opens never needs it

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return None
    if platform and not platform.startswith("xcb"):
        return None
    if os.environ.get("WAYLAND_DISPLAY") and not platform:
        return None  # Qt prefers Wayland there
    for library, package in XCB_LIBRARIES.items():
        try:
            ctypes.CDLL(library)
        except OSError:
            return library, package
    return None


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


_unreachable_display: list[str] = []  # the display Qt said it could not connect to


def _log_qt_message(kind: QtMsgType, context, message: str) -> None:
    logging.getLogger("qt").log(QT_LEVELS.get(kind, logging.WARNING), "%s", message)
    if message.startswith("could not connect to display"):
        _unreachable_display.append(message.rsplit(" ", 1)[-1])
    if kind == QtMsgType.QtFatalMsg:
        # Qt aborts after this: the user gets one sentence instead of "Aborted".
        if _unreachable_display:
            print(
                f"digitpad could not connect to the display {_unreachable_display[-1]}: "
                "is it running, and may this user open windows on it?",
                file=sys.stderr,
            )
        elif missing := missing_x11_library():
            print(
                f"digitpad needs the system library {missing[0]} to open a window: "
                f"install it with your package manager (on Debian and Ubuntu: "
                f"sudo apt install {missing[1]}).",
                file=sys.stderr,
            )
        else:
            print(
                f"digitpad could not open its window: {message.splitlines()[0]} "
                "Details are in the log file.",
                file=sys.stderr,
            )
        logging.shutdown()
        os._exit(1)


def install_excepthook(window) -> None:
    """Log any uncaught error and tell the user in one line, instead of crashing."""

    def hook(kind, error, trace) -> None:
        log.error("uncaught error", exc_info=(kind, error, trace))
        with contextlib.suppress(RuntimeError):
            window.status_bar.say(
                f"Something went wrong ({kind.__name__}); your drawing is safe. "
                "Details are in the log file.",
                10000,
            )

    sys.excepthook = hook


def install_signal_handlers(window) -> None:
    """SIGINT (Ctrl+C) and SIGTERM end the app cleanly, child process included."""

    def stop(number: int, frame) -> None:
        log.info("signal %d: quitting", number)
        # A question already on screen (Quit? Save?) is answered Cancel, and its event loop
        # ends before the window closes: closing from inside it would leave threads running.
        for _ in range(10):  # a question over a question, at most
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                break
            dialog.reject()
        # A signal cannot be asked "save first?": an unsaved drawing is kept for next time.
        QTimer.singleShot(0, lambda: (window.close_keeping_unsaved(), QApplication.quit()))

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    timer = QTimer(window, interval=SIGNAL_POLL_MS)
    timer.timeout.connect(lambda: None)
    timer.start()


def report_startup(app: QApplication, window) -> None:
    """For tools/benchmark.py: print wall-clock times of the first frame and model ready, quit."""

    def ready(ok: bool) -> None:
        print(f"model_ready {time.time():.4f} {'ok' if ok else 'failed'}", flush=True)
        window.discard_changes()
        app.quit()

    print(f"window_shown {time.time():.4f}", flush=True)
    window.modelLoaded.connect(ready)
