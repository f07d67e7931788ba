"""Where the packaged files (model, icon, samples) are, installed, frozen or in a checkout."""

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
