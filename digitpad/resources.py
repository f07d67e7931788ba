"""Where the packaged files (model, icon, samples) are, installed, frozen or in a checkout."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def assets_dir() -> Path:
    override = os.environ.get("DIGITPAD_ASSETS")
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent / "assets"
    if packaged.is_dir():  # installed wheel, or a frozen bundle
        return packaged
    frozen = Path(getattr(sys, "_MEIPASS", "")) / "digitpad" / "assets"
    if frozen.is_dir():
        return frozen
    return Path(__file__).resolve().parent.parent / "assets"  # source checkout
