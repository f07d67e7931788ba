"""Where the packaged files (model, icon, samples) are, and where the user's own data goes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    """The folder holding model.tflite, model.json, the icons and the built-in samples.

    DIGITPAD_ASSETS overrides it (tests use it for a missing or damaged model).
    """
    override = os.environ.get("DIGITPAD_ASSETS")
    if override:
        return Path(override)
    packaged = PACKAGE / "assets"
    if packaged.is_dir():  # installed wheel, or a frozen bundle
        return packaged
    frozen = Path(getattr(sys, "_MEIPASS", "")) / "digitpad" / "assets"
    if frozen.is_dir():
        return frozen
    return PACKAGE.parent / "assets"  # source checkout


def data_dir() -> Path:
    """The per-user data folder (platformdirs); DIGITPAD_DATA_DIR overrides it."""
    override = os.environ.get("DIGITPAD_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("digitpad", appauthor=False))
