"""The readers of a child process: loaded once by the pool's initializer, used by its tasks.

Qt-free, so that the app's recognition process and `predict`'s workers import no Qt.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from digitpad.core.errors import ModelError
from digitpad.core.logs import setup_logging

if TYPE_CHECKING:
    from PIL import Image

    from digitpad.core.adapt import ProfileAdapter
    from digitpad.core.foreign import Conventions, ForeignModel
    from digitpad.core.ink import Ink
    from digitpad.core.reader import DrawingReading
    from digitpad.core.recognizer import ModelMetadata, Recognizer

_recognizer: Recognizer | Exception | None = None
_theirs: ForeignModel | None = None  # a model the user opened, read beside digitpad's own
_profile: ProfileAdapter | None = None  # the user's handwriting, refitted when it changes

# A process reading on its own (the app's, or `predict` without workers) lets each network
# call use two cores: a number's digits are one call, read in about half the time.
SOLE_THREADS = min(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class OpenedModel:
    """A user's model opened in the child process, as the window shows it."""

    name: str  # its file name
    conventions: Conventions  # input scaling, polarity and output kind it is read with
    how: str  # how well it reads the built-in real digits with them, one clause
    doubtful: bool  # near chance with them: how ends in a question for the user
    right: float  # the share of them it read right, 0-1
    count: int  # of how many


def load(profile: str | None = None, threads: int = 1) -> None:
    """Pool initializer. A failure is kept and raised by the first task, as a clear error.

    profile: the folder of the user's handwriting profile to read with (None: none); threads:
    the CPU threads of each network call.
    """
    global _recognizer, _profile
    from digitpad.core.recognizer import Recognizer

    try:
        _recognizer = Recognizer(threads=threads)
    except Exception as error:  # noqa: BLE001 - raised to the parent on first use
        _recognizer = error
        return
    if profile is not None:
        from digitpad.core.adapt import ProfileAdapter
        from digitpad.core.profile import Profile

        _profile = ProfileAdapter(_recognizer, Profile.open(profile))


def start_child(profile: str | None = None, threads: int = 1) -> None:
    """Initializer of a child process: load(profile, threads), and leave Ctrl+C to the parent.

    Ctrl+C in a terminal reaches the whole process group; the parent decides what it means.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not logging.getLogger().handlers:  # spawned, not forked: nothing inherited
        setup_logging(rotate=False)  # what goes wrong here goes to the log, not the terminal
    parent = multiprocessing.parent_process()
    if parent is not None:
        # A parent killed outright (kill -9, a crash) cannot stop its children: they go too.
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    load(profile, threads)


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent process has ended, however it ended
    os._exit(0)


def recognizer() -> Recognizer:
    """This process's recognizer; raises the load's error (ModelError) if it failed."""
    if isinstance(_recognizer, Exception):
        raise _recognizer
    if _recognizer is None:
        raise RuntimeError("the model was not loaded in this process")
    return _recognizer


def metadata() -> ModelMetadata:
    """The loaded model's metadata."""
    return recognizer().metadata


def open_theirs(path: str, conventions: Conventions | None = None) -> OpenedModel:
    """Open a user's model to read beside digitpad's: its name, conventions and how found.

    Without conventions they are found on the built-in real handwriting. Raises ModelError
    with one sentence when the model cannot be used; the one open before stays open.
    """
    global _theirs
    from digitpad.core.evaluation import (
        CONVENTION_SAMPLES,
        NEAR_CHANCE_DOUBT,
        built_in_conventions,
        built_in_set,
    )
    from digitpad.core.foreign import NEAR_CHANCE, ForeignModel

    model = ForeignModel(path)
    if conventions is None:
        conventions, right, count = built_in_conventions(model)
        how = f"{right:.1%} of {count} real digits read right with the conventions found"
        doubt = f", {NEAR_CHANCE_DOUBT}"
    else:  # set by the user: how well the model reads with them, on the same digits
        import numpy as np

        known = built_in_set()
        sample = known.inputs[::CONVENTION_SAMPLES]
        if refused := model.logits_refused(sample, conventions):
            raise ModelError(refused)
        model.conventions = conventions
        read = [r.ranked[0][0] for r in model.recognize_batch(sample)]
        right, count = float(np.mean(read == known.labels[::CONVENTION_SAMPLES])), len(read)
        how = f"{right:.1%} of {count} real digits read right with the conventions as set"
        doubt = ": are they the model's?"
    doubtful = right < NEAR_CHANCE
    if doubtful:
        how += doubt
    model.conventions = conventions
    _theirs = model
    return OpenedModel(model.name, conventions, how, doubtful, right, count)


def theirs() -> ForeignModel | None:
    """The user's model that open_theirs opened in this process, or None."""
    return _theirs


def close_theirs() -> None:
    """Forget the user's model: drawings are read with digitpad's alone."""
    global _theirs
    _theirs = None


def read_drawing(drawing: Ink | Image.Image) -> DrawingReading | None:
    """The drawing read as a number by digitpad's model and the user's, as the window shows
    it (read_drawings with whole=False)."""
    from digitpad.core.reader import read_drawings

    adapter = _profile.current() if _profile is not None else None
    return read_drawings(recognizer(), [drawing], _theirs, adapter, whole=False)[0]


def profile_adapter():
    """This process's adapter for the user's profile, as it is on disk now (None: none)."""
    return _profile.current() if _profile is not None else None
