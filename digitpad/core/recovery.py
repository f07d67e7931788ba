"""Unsaved ink kept on disk while the app runs, so that a crash, a kill or a logout loses none.

Each running app keeps its unsaved drawing in <data_dir>/recovery/<random>.json (an ink file,
docs/ink-format.md), next to a lock file that the app holds while it runs (Qt's QLockFile, in
the window). A drawing whose lock nobody holds was left behind by an app that ended without
closing: the next app to start opens it again.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from digitpad.core.errors import InputError
from digitpad.core.files import atomic_write
from digitpad.core.ink import Ink, ink_to_bytes, read_ink
from digitpad.core.resources import data_dir

log = logging.getLogger(__name__)

RECOVERY_FOLDER = "recovery"


def recovery_dir() -> Path:
    """Where unsaved drawings are kept: <data_dir>/recovery."""
    return data_dir() / RECOVERY_FOLDER


class Recovery:
    """One app's kept drawing: path is its ink file, lock_path the lock its app holds."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = recovery_dir() if folder is None else folder
        self.path = self.folder / f"{secrets.token_hex(8)}.json"

    @property
    def lock_path(self) -> Path:
        return lock_path(self.path)

    def keep(self, ink: Ink) -> None:
        """Write the ink atomically in place of what was kept; OSError if it cannot be."""
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, ink_to_bytes(ink))

    def clear(self) -> None:
        """Forget the kept drawing: it was saved, or let go on purpose."""
        self.path.unlink(missing_ok=True)

    def left_behind(self) -> list[Path]:
        """The other drawings in the folder, newest first: left behind, or kept by another
        app that is still running (its lock says which)."""
        try:
            found = [p for p in self.folder.glob("*.json") if p != self.path]
        except OSError:
            return []
        return sorted(found, key=_modified, reverse=True)

    def locks_without_drawing(self) -> list[Path]:
        """The other apps' lock files that keep no drawing (their app may still run)."""
        try:
            locks = [p for p in self.folder.glob("*.lock") if p != self.lock_path]
        except OSError:
            return []
        return [p for p in locks if not p.with_suffix(".json").exists()]


def lock_path(path: Path) -> Path:
    """The lock file that the app keeping the drawing in path holds."""
    return path.with_suffix(".lock")


def take_back(path: Path) -> Ink | None:
    """The ink of a drawing left behind, which is then deleted; None if it cannot be read
    (then it is deleted too, and the reason logged)."""
    try:
        ink = read_ink(path)
    except InputError as error:
        log.warning("dropping the unreadable kept drawing %s: %s", path, error)
        ink = None
    path.unlink(missing_ok=True)
    return ink


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
