"""Per-user log file in the platform's standard place, for bug reports."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path


def log_dir() -> Path:
    override = os.environ.get("DIGITPAD_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir
    return Path(user_log_dir("digitpad", appauthor=False))


def setup_logging() -> Path | None:
    """Log warnings and errors, with tracebacks, to digitpad.log; returns its path."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        directory = log_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "digitpad.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2,
                                                       encoding="utf-8", delay=True)
    except OSError:
        return None  # a read-only home must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
