"""Per-user log file in the platform's standard place, with native crashes written to it too."""

from __future__ import annotations

import faulthandler
import logging
import os
from pathlib import Path

LOG_NAME = "digitpad.log"
# A log larger than this at start-up is moved to digitpad.log.1, replacing the one before.
MAX_LOG_BYTES = 1_000_000
_crash_file = None  # kept open for faulthandler for the life of the process


def log_dir() -> Path:
    """The per-user log folder (platformdirs); DIGITPAD_LOG_DIR overrides it."""
    override = os.environ.get("DIGITPAD_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("digitpad", appauthor=False))


def setup_logging(rotate: bool = True) -> Path | None:
    """Log INFO and above, with tracebacks, to digitpad.log; native crashes go there too.

    rotate: move a large log aside first (the main process; its children append to it).
    Returns the log's path, or None when the folder cannot be written (the app still runs).
    """
    global _crash_file
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        directory = log_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / LOG_NAME
        # Rotated at start-up only: faulthandler holds the file open for the whole run, and
        # Windows cannot rename a file that is open (so RotatingFileHandler would fail there).
        if rotate and path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        # faulthandler writes a native crash's Python stack straight to the file, unformatted.
        _crash_file = open(path, "a", encoding="utf-8")  # noqa: SIM115
    except OSError:
        return None  # a read-only home must not stop the app
    faulthandler.enable(_crash_file)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
