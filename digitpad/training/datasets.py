"""Readers for the development data (MNIST IDX files, UCI pen-digits and UNIPEN pen
trajectories), the writer-independent splits, and rules that tag handwriting styles."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import os
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from digitpad.core.components import connected_components
from digitpad.core.ink import Ink, Stroke

# The development data beside a checkout (../shared/data/, with its README), read by the tools
# and the tests; a checkout elsewhere names it with DIGITPAD_SHARED_DATA.
DATA_DIR = Path(
    os.environ.get("DIGITPAD_SHARED_DATA")
    or Path(__file__).resolve().parents[3] / "shared" / "data"
)
LAYOUT = (
    f"the data's layout is in {DATA_DIR / 'README.md'}"
    if (DATA_DIR / "README.md").is_file()
    else "it is a folder of mnist/, pendigits/ and unipen/, which DIGITPAD_SHARED_DATA names; "
    "each tool's --help says which folder its --data is"
)

MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}


def add_data_argument(
    parser: argparse.ArgumentParser, holding: str, always_read: bool = True
) -> None:
    """A tool's --data option: the development data folder, DATA_DIR unless given; holding
    says which of its folders the tool reads ("pendigits/ and unipen/"). A tool that always
    reads it refuses a missing folder in one line (existing_folder)."""
    parser.add_argument(
        "--data",
        type=existing_folder if always_read else Path,
        default=str(DATA_DIR),  # a string, so that argparse checks it as it checks a given one
        help=f"the folder with {holding} (default: ../shared/data, or DIGITPAD_SHARED_DATA)",
    )


def existing_folder(text: str) -> Path:
    """argparse type of a data folder: its Path; ArgumentTypeError if there is no such folder,
    which argparse reports in one line."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"there is no folder {path} ({LAYOUT})")
    return path


def existing_file(text: str) -> Path:
    """argparse type of a data file: its Path; ArgumentTypeError if there is no such file."""
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"there is no file {path} ({LAYOUT})")
    return path


@contextlib.contextmanager
def reading_data() -> Iterator[None]:
    """Around a tool's main: a file it cannot open (a --data folder without the file the tool
    reads, a file where a folder should be) ends it in one line, as argparse's errors do (exit
    status 2), instead of a traceback."""
    try:
        yield
    except DataError as error:
        sys.stderr.write(
            f"{Path(sys.argv[0]).name}: error: {error} (for the development data, {LAYOUT})\n"
        )
        raise SystemExit(2) from None
    except OSError as error:
        if error.filename is None:
            raise
        reason = error.strerror or type(error).__name__
        sys.stderr.write(
            f"{Path(sys.argv[0]).name}: error: cannot open {error.filename}: {reason} "
            f"(for the development data, {LAYOUT})\n"
        )
        raise SystemExit(2) from None


class DataError(ValueError):
    """A development data file that is not what it should be (damaged, truncated, another
    file under its name); the message names the file."""


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read a (optionally gzipped) IDX file of unsigned bytes into an array. Raises OSError
    for a file that cannot be opened, DataError for one that is not a whole IDX file."""
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            data = stream.read()
        if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
            raise DataError(f"{path} is not an IDX file of unsigned bytes")
        dims = data[3]
        shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims))
        return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    except DataError:
        raise
    except (EOFError, gzip.BadGzipFile, zlib.error, ValueError) as error:
        raise DataError(f"{path} is damaged or truncated ({error})") from None


def load_mnist(directory: str | os.PathLike) -> dict[str, np.ndarray]:
    """MNIST from its four gzipped IDX files in directory: train_images (60000, 28, 28) and
    test_images (10000, 28, 28) uint8, 0 background to 255 ink; train_labels (60000,) and
    test_labels (10000,) uint8 digits. Raises OSError or ValueError for a missing or bad file."""
    directory = Path(directory)
    return {key: read_idx(directory / name) for key, name in MNIST_FILES.items()}


def file_sha256(path: str | os.PathLike) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class PenDigit:
    """One digit written on a tablet: its label, its writer and its strokes (y down, tablet
    units)."""

    label: int
    writer: int | str  # pendigits: the writer's number, 1-30; UNIPEN: "unipen/source/writer"
    strokes: list[Stroke]


def read_pendigits(path: str | os.PathLike) -> list[PenDigit]:
    """Parse the UNIPEN-format file of the UCI pen-based digits set. Raises OSError for a
    file that cannot be opened, DataError for one that holds no pen digits or is damaged."""
    try:
        digits = _parse_pendigits(path)
    except (ValueError, IndexError, UnicodeDecodeError) as error:
        raise DataError(f"{path} is not the pen-based digits file ({error})") from None
    if not digits:
        raise DataError(f"{path} holds no pen digits")
    return digits


def _parse_pendigits(path: str | os.PathLike) -> list[PenDigit]:
    digits: list[PenDigit] = []
    label = writer = -1
    strokes: list[Stroke] = []
    current: Stroke | None = None

    def flush() -> None:
        if label >= 0 and strokes:
            digits.append(PenDigit(label, writer, [s for s in strokes if s]))

    with open(path, encoding="ascii") as lines:
        for line in lines:
            words = line.split()
            if not words:
                continue
            tag = words[0]
            if tag == ".SEGMENT":
                flush()
                label, writer, strokes = int(words[-1].strip('"')), -1, []
            elif tag == ".COMMENT" and len(words) >= 3 and label >= 0:
                writer = int(words[2])
            elif tag == ".PEN_DOWN":
                current = []
            elif tag == ".PEN_UP":
                if current:
                    strokes.append(current)
                current = None
            elif current is not None and not tag.startswith("."):
                # Tablet y grows upwards; screens grow downwards.
                current.append((float(words[0]), -float(words[1])))
    flush()
    return digits


def read_unipen(path: str | os.PathLike) -> list[PenDigit]:
    """The isolated digits of unipen_1a_dev.npz (../shared/data/README.md), y flipped to grow
    down, each writer named "unipen/source/writer"; digits without a stroke are left out.
    Raises OSError for a file that cannot be opened, DataError for one that is not whole."""
    try:
        with np.load(path) as data:
            points = data["points"].astype(np.float64) * (1.0, -1.0)
            strokes = np.split(points, data["stroke_offsets"][1:-1])
            offsets, labels, writers = data["sample_offsets"], data["labels"], data["writer"]
    except (ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile) as error:
        raise DataError(f"{path} is not the UNIPEN digits file ({error})") from None
    digits = []
    for i, (label, writer) in enumerate(zip(labels, writers)):
        parts = [list(map(tuple, s.tolist())) for s in strokes[offsets[i] : offsets[i + 1]]]
        parts = [s for s in parts if s]
        if parts:
            digits.append(PenDigit(int(label), f"unipen/{writer}", parts))
    return digits


def unipen_source(writer: str) -> str:
    """The UNIPEN institution of a writer named "unipen/source/writer"."""
    return writer.split("/")[1]


STYLES = (
    "slashed 0",
    "crossed 7",
    "7 with a curved tail",
    "continental 1",
    "one-stroke 4",
    "9 with a small or open loop",
    "6 with an open loop",
)
# The looped styles are judged on the digit drawn HOLE_HEIGHT pixels tall with a pen a tenth
# of that, about as thick as the model's 28x28 input has it; smaller holes are specks.
HOLE_HEIGHT = 40
HOLE_MIN_PIXELS = 4


def handwriting_style(digit: PenDigit) -> str | None:
    """The style of STYLES a pen digit is written in, by a rule on its strokes (y down), or
    None; the first rule that holds, in this order. Heights are shares of the digit's own
    height h:

    - slashed 0: a 0 with a later stroke whose box centre lies inside the first stroke's box
      and that spans at least h/2 (the slash);
    - crossed 7: a 7 with a later flat stroke (at most h/4 tall, wider than tall) whose
      middle lies between 0.25h and 0.85h below the top (the crossbar, not the top bar);
    - 7 with a curved tail: a 7 whose stem (seven_stem: from the top-right corner of the
      stroke that reaches lowest to its lowest point) strays at least 0.1h from the straight
      line between them;
    - continental 1: a 1 whose first stroke starts at least 0.2h below the top and 0.15h left
      of its topmost point (the long up-stroke before the down-stroke);
    - one-stroke 4: a 4 written in a single stroke;
    - 9 with a small or open loop: a 9 that, drawn as enclosed_holes draws it, encloses no
      hole, or whose largest hole is less than 0.2h tall;
    - 6 with an open loop: a 6 that encloses no hole, drawn so.
    """
    points = stroke_points(digit.strokes)
    if len(points) == 0:
        return None
    top, h = points[:, 1].min(), max(np.ptp(points[:, 1]), 1e-6)
    first = np.array(digit.strokes[0], np.float64)
    later = [np.array(s, np.float64) for s in digit.strokes[1:]]
    if digit.label == 0:
        x0, y0 = first.min(axis=0)
        x1, y1 = first.max(axis=0)
        for stroke in later:
            cx, cy = (stroke.min(axis=0) + stroke.max(axis=0)) / 2
            if x0 < cx < x1 and y0 < cy < y1 and np.ptp(stroke[:, 1]) >= h / 2:
                return "slashed 0"
    if digit.label == 7:
        for stroke in later:
            tall, wide = np.ptp(stroke[:, 1]), np.ptp(stroke[:, 0])
            middle = (stroke[:, 1].min() + stroke[:, 1].max()) / 2 - top
            if tall <= h / 4 and wide > tall and 0.25 * h <= middle <= 0.85 * h:
                return "crossed 7"
        if stem_bend(digit.strokes) >= 0.1:
            return "7 with a curved tail"
    if digit.label == 1:
        peak = first[np.argmin(first[:, 1])]
        if first[0, 1] - top >= 0.2 * h and peak[0] - first[0, 0] >= 0.15 * h:
            return "continental 1"
    if digit.label == 4 and len(digit.strokes) == 1:
        return "one-stroke 4"
    if digit.label == 9:
        holes = enclosed_holes(digit.strokes)
        if not holes or holes[0] < 0.2:
            return "9 with a small or open loop"
    if digit.label == 6 and not enclosed_holes(digit.strokes):
        return "6 with an open loop"
    return None


def stroke_points(strokes: list[Stroke]) -> np.ndarray:
    """Every point of the strokes, in order: (n, 2) float64 (n may be 0)."""
    return np.array([p for s in strokes for p in s], np.float64).reshape(-1, 2)


def seven_stem(strokes: list[Stroke]) -> tuple[int, int, int]:
    """Where a 7's stem is: the stroke that reaches lowest (y down), and the indices of its
    top-right corner (the point of largest x - y) and lowest point, smaller first."""
    index = max(range(len(strokes)), key=lambda i: max(y for _, y in strokes[i]))
    stroke = np.array(strokes[index], np.float64).reshape(-1, 2)
    corner, lowest = int(np.argmax(stroke[:, 0] - stroke[:, 1])), int(np.argmax(stroke[:, 1]))
    return index, min(corner, lowest), max(corner, lowest)


def stem_bend(strokes: list[Stroke]) -> float:
    """How far a 7's stem (seven_stem) strays from the straight line between its ends, as a
    share of the drawing's height; 0 for a stem of under three points."""
    height = max(np.ptp(stroke_points(strokes)[:, 1]), 1e-6)
    index, start, stop = seven_stem(strokes)
    stem = np.array(strokes[index][start : stop + 1], np.float64)
    chord = stem[-1] - stem[0]
    length = np.hypot(*chord)
    if len(stem) < 3 or length < 1e-6:
        return 0.0
    offsets = stem - stem[0]
    distance = np.abs(chord[0] * offsets[:, 1] - chord[1] * offsets[:, 0]) / length
    return float(distance.max() / height)


def enclosed_holes(strokes: list[Stroke]) -> list[float]:
    """The heights of the holes a drawing's strokes (y down) enclose, as shares of its
    height, largest area first. The drawing is rendered HOLE_HEIGHT pixels tall with a pen a
    tenth of that; a hole is a connected component of the background that does not reach the
    border, of at least HOLE_MIN_PIXELS pixels."""
    points = stroke_points(strokes)
    origin = points.min(axis=0)
    scale = HOLE_HEIGHT / max(np.ptp(points[:, 1]), 1e-6)
    pen = HOLE_HEIGHT // 10
    width = int(np.ptp(points[:, 0]) * scale) + 2 * pen + 1
    picture = Image.new("1", (width, HOLE_HEIGHT + 2 * pen + 1))
    draw = ImageDraw.Draw(picture)
    for stroke in strokes:
        line = [tuple(p) for p in (np.array(stroke, np.float64) - origin) * scale + pen]
        draw.line(line * 2 if len(line) == 1 else line, fill=1, width=pen, joint="curve")
    labels, count = connected_components(~np.asarray(picture))
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    holes = []
    for label in set(range(1, count + 1)) - set(border.tolist()):
        rows = np.nonzero(labels == label)[0]
        if len(rows) >= HOLE_MIN_PIXELS:
            holes.append((len(rows), (np.ptp(rows) + 1) / HOLE_HEIGHT))
    return [height for _, height in sorted(holes, reverse=True)]


def place_strokes(
    strokes: list[Stroke],
    canvas: tuple[int, int],
    height_fraction: float,
    position: tuple[float, float],
    pen_width: float | None = None,
) -> Ink:
    """Scale strokes so the drawing is height_fraction of the canvas tall, placed at position.

    position is where the drawing's bounding box goes, as a share (0-1) of the free room
    left and above it, so (0.5, 0.5) centres it and (0, 0) puts it in the top-left corner.
    """
    xs = [x for s in strokes for x, _ in s]
    ys = [y for s in strokes for _, y in s]
    x0, y0 = min(xs), min(ys)
    span_x, span_y = max(max(xs) - x0, 1e-6), max(max(ys) - y0, 1e-6)
    width, height = canvas
    scale = height_fraction * height / span_y
    # A very wide drawing must still fit on the canvas.
    scale = min(scale, 0.95 * width / span_x)
    margin = (pen_width or 0) / 2
    room_x = max(0.0, width - span_x * scale - 2 * margin)
    room_y = max(0.0, height - span_y * scale - 2 * margin)
    left = margin + position[0] * room_x
    top = margin + position[1] * room_y
    placed = [[(left + (x - x0) * scale, top + (y - y0) * scale) for x, y in s] for s in strokes]
    return Ink(width, height, placed, pen_width)


# Pen-digit writers held out from training: evaluation reports on TEST_WRITERS, and the
# confidence temperature is fitted on CALIBRATION_WRITERS. The other 17 writers train.
PEN_TEST_WRITERS = frozenset(range(3, 31, 3))
PEN_CALIBRATION_WRITERS = frozenset({1, 14, 26})
# UNIPEN is split by whole institution (source), never by writer alone: a source shares its
# tablets and local writing habits. These sources (31 writers, 1,529 digits) are for tuning;
# the other eight (159 writers, 6,923 digits) are held out for the figures. None is trained on.
UNIPEN_CALIBRATION_SOURCES = frozenset({"app", "aga", "pri"})
