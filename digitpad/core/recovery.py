"""Unsaved ink kept on disk while the app runs, so that a crash, a kill or a logout loses none.

Each running app keeps its unsaved drawing in <data_dir>/recovery/<16 hex digits>.json (an ink
file, docs/ink-format.md, with the drawing's own file under "digitpad_file" if it has one, and
that file's files.file_stamp as the app last read or wrote it under "digitpad_file_stamp"),
next to a lock file that the app holds while it runs (Qt's QLockFile, in the window). A
drawing whose lock nobody holds was left behind by an app that ended without closing: the
next app to start opens it again.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from digitpad.core.errors import InputError
from digitpad.core.files import atomic_write
from digitpad.core.ink import Ink, ink_to_bytes, read_ink
from digitpad.core.resources import data_dir

log = logging.getLogger(__name__)

RECOVERY_FOLDER = "recovery"
KEPT_NAME = re.compile(r"[0-9a-f]{16}\.json")  # other files there are not ours to open
FILE_KEY = "digitpad_file"  # the drawing's own ink file, if it has one
STAMP_KEY = "digitpad_file_stamp"  # and its stamp: Save asks if another program changed it
UNREADABLE = "-unreadable.json"  # a kept drawing that cannot be read is moved to its name + this


@dataclass(frozen=True)
class Kept:
    """A drawing left behind: its ink, its own ink file (None for a new drawing) and that
    file's files.file_stamp when the app last read or wrote it (None if unknown)."""

    ink: Ink
    file: Path | None = None
    stamp: tuple[int, int, int] | None = None


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

    def keep(
        self, ink: Ink, file: Path | None = None, stamp: tuple[int, int, int] | None = None
    ) -> None:
        """Write the ink, and the ink file it belongs to with its stamp, atomically in place
        of what was kept; OSError if it cannot be."""
        extra: dict[str, object] = {} if file is None else {FILE_KEY: str(file)}
        if file is not None and stamp is not None:
            extra[STAMP_KEY] = list(stamp)
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, ink_to_bytes(ink, extra))

    def clear(self) -> None:
        """Forget the kept drawing: it was saved, or let go on purpose."""
        self.path.unlink(missing_ok=True)

    def left_behind(self) -> list[Path]:
        """The other drawings in the folder, newest first: left behind, or kept by another
        app that is still running (its lock says which)."""
        try:
            found = [
                p for p in self.folder.iterdir() if KEPT_NAME.fullmatch(p.name) and p != self.path
            ]
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


class Unreadable(InputError):
    """A kept drawing that could not be read; aside is where its file is now."""

    def __init__(self, aside: Path) -> None:
        super().__init__(f"an unsaved drawing left behind could not be read: it is kept as {aside}")
        self.aside = aside


def take_back(path: Path) -> Kept:
    """The drawing left behind in path; the kept file is then deleted, with what a write of
    it cut short left (drop_leftovers). Call it holding its lock.

    Raises Unreadable when it cannot be read: the file is then moved aside (UNREADABLE), so
    that the next start does not try it again and nothing the user drew is deleted.
    """
    try:
        ink = read_ink(path)
        fields = json.loads(path.read_bytes())
    except (InputError, OSError) as error:
        aside = path.with_name(path.stem + UNREADABLE)
        log.warning("the kept drawing %s cannot be read (%s): moved to %s", path, error, aside)
        try:
            os.replace(path, aside)
        except OSError as failure:
            log.warning("could not move %s aside: %s", path, failure)
            aside = path
        drop_leftovers(path)
        raise Unreadable(aside) from error
    file, stamp = fields.get(FILE_KEY), fields.get(STAMP_KEY)
    file = Path(file) if isinstance(file, str) and file else None
    valid = isinstance(stamp, list) and len(stamp) == 3
    valid = valid and all(type(n) is int for n in stamp)
    path.unlink(missing_ok=True)
    drop_leftovers(path)
    return Kept(ink, file, tuple(stamp) if file is not None and valid else None)


def drop_leftovers(path: Path) -> None:
    """Delete the temporary files of writes of the kept drawing path that a crash cut short
    (files.atomic_write names them .<name>.<random>.tmp). Call it holding its lock: the
    app that holds it may be writing one."""
    try:
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not delete what a write of %s left: %s", path, error)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
