"""`digitpad --self-test`: load the model, read the built-in samples, open the window."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time

# A broken pipeline misreads about one sample in ten; a working one may honestly misread an
# ambiguous pen sample (a "1" with a long flag is a "7" to many people too).
MAX_MISREAD = 0.1
# A busy or emulated machine (Wine) can take seconds to start the recognition process.
WINDOW_WAIT_MS = 30_000


def run_self_test() -> int:
    """Print a line per check and PASSED or FAILED; 0 when everything passed, else 1."""
    from digitpad.core.batch import read_files
    from digitpad.core.errors import ModelError
    from digitpad.core.recognizer import Recognizer
    from digitpad.core.resources import assets_dir

    print(f"digitpad self-test (Python {sys.version.split()[0]}, {sys.platform})")
    started = time.perf_counter()
    try:
        recognizer = Recognizer()
    except ModelError as error:
        print(f"FAIL  model: {error}")
        return 1
    print(f"ok    model loaded from {assets_dir()} in {time.perf_counter() - started:.2f} s")
    samples = sorted(str(p) for p in (assets_dir() / "samples").glob("*-*-*.*"))
    if not samples:
        print("FAIL  no built-in samples found")
        return 1
    wrong = unreadable = 0
    for reading in read_files(recognizer, samples):
        name = os.path.basename(reading.path)
        expected = int(re.match(r"\w+-(\d)-", name).group(1))
        if reading.recognition is None:
            print(f"FAIL  {name}: {reading.error or 'read as empty'}")
            wrong += 1
            unreadable += 1
            continue
        digit, probability = reading.recognition.ranked[0]
        wrong += digit != expected
        print(
            f"{'ok  ' if digit == expected else 'MISS'}  {name}: "
            f"read {digit} ({probability:.1%}), expected {expected}"
        )
    window_ok = _window_check()
    passed = unreadable == 0 and wrong <= MAX_MISREAD * len(samples) and window_ok
    print(
        f"{'PASSED' if passed else 'FAILED'}: {len(samples) - wrong} of {len(samples)} "
        f"samples read correctly (at least {1 - MAX_MISREAD:.0%} needed); "
        f"window {'ok' if window_ok else 'failed'}"
    )
    return 0 if passed else 1


def _window_check() -> bool:
    """Open the real window (offscreen where there is no display) and read one drawing."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import QEventLoop, QSettings, QTimer
        from PySide6.QtWidgets import QApplication

        from digitpad.core.ink import read_ink
        from digitpad.core.resources import assets_dir
        from digitpad.gui.window import MainWindow

        app = QApplication.instance() or QApplication([])
        # The built-in samples are read as shipped, not with what the app learned of its user.
        data = tempfile.TemporaryDirectory(prefix="digitpad-self-test-")
        os.environ["DIGITPAD_DATA_DIR"] = data.name
        # Nor does the window it opens keep its settings (size, pen) where the app's are.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, data.name)
        window = MainWindow()
        try:
            window.show()
            if not window.winId():  # the platform could not create it: no desktop to draw on
                print(f"FAIL  window: no window could be created ({app.platformName()} platform)")
                return False
            loop = QEventLoop()
            window.readingShown.connect(loop.quit)
            window.modelLoaded.connect(lambda ready: ready or loop.quit())
            QTimer.singleShot(WINDOW_WAIT_MS, loop.quit)
            window.start_model()
            window.canvas.open_ink(read_ink(assets_dir() / "samples" / "pen-3-0.json"))
            waited = time.perf_counter()
            loop.exec()
            waited = time.perf_counter() - waited
            bars = window.chart.bars()
            said = window.chart.accessibleDescription()  # its message, or the reading's words
        finally:
            window.discard_changes()
            window.close()
            window.live.stop()  # closing a window that was never created does not stop it
            app.processEvents()
            data.cleanup()
    except Exception as error:  # noqa: BLE001 - the self-test reports, it does not crash
        print(f"FAIL  window: {type(error).__name__}: {error}")
        return False
    if not bars or bars[0][0] != 3:
        print(
            f"FAIL  window: the chart shows {bars[:1] or 'nothing'} for a drawn 3 "
            f"after {waited:.1f} s ({said!r})"
        )
        return False
    print(f"ok    window: a drawn 3 reads as {bars[0][0]} ({bars[0][1]:.1%}) in the chart")
    return True
