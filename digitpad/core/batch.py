"""The batch engine that `digitpad predict` and the self-test share: files in, readings out."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING

from digitpad.core import service
from digitpad.core.errors import InputError

if TYPE_CHECKING:
    from digitpad.core.adapt import Adapter
    from digitpad.core.foreign import ForeignModel
    from digitpad.core.ink import Ink
    from digitpad.core.reader import DrawingReading
    from digitpad.core.recognizer import Recognition, Recognizer

log = logging.getLogger(__name__)

CHUNK = 128  # files per network call
# Files per task of a worker process: few, so that the first lines come soon and a reader
# that stops (`| head`, Ctrl+C) waits only for the tasks under way.
TASK = 32
PARALLEL_FROM = 200  # files; below this a process pool costs more than it saves
MAX_WORKERS = 4


@dataclass(frozen=True)
class FileReading:
    """What came of one file: a drawing read (as a number and as one digit), or an error.

    scale: the file's pixels per pixel of the drawing read, across and down (a large picture
    is read shrunk, preprocess.file_scale); the drawing's boxes times scale are the file's.
    off_canvas: an ink file read as empty whose strokes all lie outside its canvas.
    frames: the frames (pages) of an animated or many-paged image, of which the first is read.
    """

    path: str
    drawing: DrawingReading | None = None
    error: str | None = None
    scale: tuple[float, float] = (1.0, 1.0)
    off_canvas: bool = False
    frames: int = 1

    def file_box(self, box: tuple[float, float, float, float]) -> tuple[float, ...]:
        """A box (x0, y0, x1, y1) of the drawing read, in the file's own pixels."""
        sx, sy = self.scale
        return (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)

    @property
    def recognition(self) -> Recognition | None:
        """The whole drawing read as one digit (None if empty): `predict`'s "predictions"."""
        return None if self.drawing is None else self.drawing.whole.recognition

    @property
    def empty(self) -> bool:
        return self.drawing is None and self.error is None


def read_files(
    recognizer: Recognizer,
    paths: Sequence[str],
    adapter: Adapter | None = None,
    theirs: ForeignModel | None = None,
) -> list[FileReading]:
    """Read files (ink or image) in one process, one network call per CHUNK files.

    adapter: a user's handwriting (digitpad.core.adapt.Adapter) to read with, or None;
    theirs: a user's own model, read beside digitpad's (each digit's DigitReading.theirs).
    """
    from PIL import Image

    from digitpad.core.files import FRAMES_KEY, load_drawing
    from digitpad.core.ink import Ink
    from digitpad.core.preprocess import file_scale
    from digitpad.core.reader import read_drawings

    readings: list[FileReading] = []
    for start in range(0, len(paths), CHUNK):
        chunk = paths[start : start + CHUNK]
        drawings, errors = {}, {}
        for path in chunk:
            try:
                drawings[path] = load_drawing(path)
            except InputError as error:
                errors[path] = str(error)
            except Exception as error:  # one bad file must not stop the rest
                log.exception("reading %s failed", path)
                errors[path] = f"unexpected {type(error).__name__} while reading the file"
        drawn = read_drawings(recognizer, list(drawings.values()), theirs, adapter)
        read = dict(zip(drawings, drawn))
        for path in chunk:
            drawing = drawings.get(path)
            picture = isinstance(drawing, Image.Image)
            scale = file_scale(drawing) if picture else (1.0, 1.0)
            off = read.get(path) is None and isinstance(drawing, Ink) and _off_canvas(drawing)
            frames = drawing.info.get(FRAMES_KEY, 1) if picture else 1
            readings.append(FileReading(path, read.get(path), errors.get(path), scale, off, frames))
    return readings


def _off_canvas(ink: Ink) -> bool:
    """Whether ink has points and none of them lies on its canvas (0 to width, 0 to height)."""
    points = [p for stroke in ink.strokes for p in stroke]
    return bool(points) and not any(0 <= x <= ink.width and 0 <= y <= ink.height for x, y in points)


def describe_files(
    paths: Sequence[str],
    describe: Callable[[FileReading], str],
    workers: int | None = None,
    profile: str | None = None,
    theirs: ForeignModel | None = None,
) -> Iterator[tuple[FileReading, str]]:
    """Per file, in the order given: its reading and describe's line for it.

    Large batches are spread over worker processes that each load the model and send back
    finished lines. profile: a handwriting profile's folder to read with; theirs: a user's
    own model (its conventions set), read beside digitpad's in this process. Raises
    ModelError if the model cannot be loaded.
    """
    workers = min(MAX_WORKERS, os.cpu_count() or 1) if workers is None else workers
    tasks = [list(paths[i : i + TASK]) for i in range(0, len(paths), TASK)]
    # A user's model is not sent to workers: Keras and ONNX models load slowly in each.
    if len(paths) < PARALLEL_FROM or workers < 2 or theirs is not None:
        service.load(profile, service.SOLE_THREADS)
        recognizer, adapter = service.recognizer(), service.profile_adapter()
        for task in tasks:
            yield from ((r, describe(r)) for r in read_files(recognizer, task, adapter, theirs))
        return
    pool = ProcessPoolExecutor(workers, initializer=service.start_child, initargs=(profile,))
    try:
        for lines in pool.map(_describe_in_worker, tasks, repeat(describe)):
            yield from lines
    finally:
        pool.shutdown(cancel_futures=True)


def _describe_in_worker(
    paths: list[str], describe: Callable[[FileReading], str]
) -> list[tuple[FileReading, str]]:
    recognizer, adapter = service.recognizer(), service.profile_adapter()
    return [(r, describe(r)) for r in read_files(recognizer, paths, adapter)]
