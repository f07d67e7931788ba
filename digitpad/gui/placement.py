"""Where a window opens while other digitpads run: a step down and right of the last one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile, QPoint
from PySide6.QtWidgets import QWidget

WINDOWS_FOLDER = "windows"  # in the data folder: the lock files of the places taken
STEP = 30  # logical pixels down and right for each window open before it (about a title bar)
SLOTS = 10  # places in the cascade; an app that finds all of them held opens in the first


class WindowSlot:
    """The first place in the cascade that no running digitpad holds: index 0 for the only
    app, 1 for a second one started beside it, and so on. Held with a lock file in folder
    (Qt's QLockFile) until release() or the app's end; the lock of an app that crashed is
    stale, and the next app takes its place."""

    def __init__(self, folder: Path) -> None:
        self.index = 0
        self._lock: QLockFile | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # no cascade then, and nothing worse
        for index in range(SLOTS):
            lock = QLockFile(str(folder / f"window-{index}.lock"))
            if lock.tryLock(0):
                self.index, self._lock = index, lock
                return

    def release(self) -> None:
        """Give the place back for the next app to start (the window is closing)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def cascade(window: QWidget, index: int) -> None:
    """Move a window, placed where the last session left it, index steps down and right;
    from the top left of its screen's free area instead where that would leave the screen."""
    if index == 0:
        return
    offset = QPoint(STEP, STEP) * index
    screen = window.screen().availableGeometry()
    # The window's own rectangle, not its frame's: before it is shown, the window manager's
    # frame is not yet known, and a frame position would be taken for the window's.
    placed = window.geometry().translated(offset)
    if not screen.contains(placed):
        placed.moveTopLeft(screen.topLeft() + offset)
        if not screen.contains(placed):
            return
    window.setGeometry(placed)
