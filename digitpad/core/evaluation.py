"""An honest report on real handwriting: the built-in set, the classification report, pictures."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from digitpad.core.errors import InputError, ModelError, reason, write_reason
from digitpad.core.format import count as plural
from digitpad.core.ink import Ink
from digitpad.core.preprocess import model_input
from digitpad.core.resources import assets_dir

if TYPE_CHECKING:
    from digitpad.core.foreign import Conventions, ForeignModel

BUILT_IN = "evaluation.npz"
CONVENTION_SAMPLES = 5  # every fifth digit of the built-in set tells a model's conventions
# What a model reading fewer than foreign.NEAR_CHANCE of those right is asked.
NEAR_CHANCE_DOUBT = "little or no better than chance: is it trained to read digits?"


@dataclass
class LabelledSet:
    """Model inputs with their labels: inputs (n, 28, 28) float32 in 0-1, labels (n,) int64."""

    name: str
    inputs: np.ndarray
    labels: np.ndarray
    sources: list[str]  # per input: where it came from (a file, or "pen" / "mnist")


def built_in_conventions(
    model: ForeignModel, known: LabelledSet | None = None
) -> tuple[Conventions, float, int]:
    """A user's model's conventions (foreign.find_conventions), found on every
    CONVENTION_SAMPLES-th digit of the built-in set (known: that set, if loaded already),
    whatever the model is then evaluated on: a few digits of the user's would not tell them
    apart. Returns the conventions, the share of those digits read right with them, and how
    many digits were tried."""
    from digitpad.core.foreign import find_conventions

    known = known or built_in_set()
    pick = slice(None, None, CONVENTION_SAMPLES)
    found, accuracy = find_conventions(model, known.inputs[pick], known.labels[pick])
    return found, accuracy[found], len(known.labels[pick])


def built_in_set(path: Path | None = None) -> LabelledSet:
    """The real handwriting shipped with the app, through the app's own preprocessing.

    Pen digits of writers that no model of digitpad was trained on (pendigits' test writers),
    drawn on the app's canvas, plus MNIST test digits (tools/make_samples.py writes it).
    """
    path = path or assets_dir() / BUILT_IN
    try:
        data = np.load(path)
    except OSError:
        raise InputError(f"the built-in evaluation set is missing ({path.name})") from None
    inputs, labels, sources = [], [], []
    points = data["pen_points"].astype(np.float64) / 10
    strokes = np.split(points, data["pen_stroke_offsets"][1:-1])
    bounds = data["pen_sample_offsets"]
    canvas = tuple(int(v) for v in data["pen_canvas"])
    for i, label in enumerate(data["pen_labels"]):
        ink = Ink(
            *canvas, [list(map(tuple, s.tolist())) for s in strokes[bounds[i] : bounds[i + 1]]]
        )
        inputs.append(model_input(ink))
        labels.append(int(label))
        sources.append("pen")
    for pixels, label in zip(data["mnist_images"], data["mnist_labels"]):
        inputs.append(model_input(Image.fromarray(pixels)))
        labels.append(int(label))
        sources.append("mnist")
    return LabelledSet("built-in real handwriting", np.stack(inputs), np.array(labels), sources)


def folder_set(folder: str | Path) -> LabelledSet:
    """Images (or ink files) listed in folder/labels.csv with the header file,label.

    Raises InputError with one sentence when the file is missing or a row is unusable.
    """
    from digitpad.core.files import load_drawing
    from digitpad.core.profile import labelled_files, naming_the_row

    inputs, labels, sources = [], [], []
    for line, path, label in labelled_files(folder):
        with naming_the_row(line, path):
            pixels = model_input(load_drawing(path))
        if pixels is None:
            raise InputError(f"labels.csv, line {line}: {path.name} shows no digit")
        inputs.append(pixels)
        labels.append(label)
        sources.append(path.name)
    return LabelledSet(str(folder), np.stack(inputs), np.array(labels), sources)


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """(10, 10) int64 counts: rows the true digit, columns the digit read."""
    matrix = np.zeros((10, 10), np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def classification_report(labels: np.ndarray, predicted: np.ndarray) -> str:
    """Per-digit precision, recall, F1 and support, then accuracy, as scikit-learn prints them:
    only the digits that are in the labels or were read, which the macro F1 averages."""
    head = f"{'':>7} {'precision':>11} {'recall':>9} {'f1-score':>9} {'support':>9}"
    lines = [head, ""]
    f1s = []
    for d in sorted({int(x) for x in labels} | {int(x) for x in predicted}):
        tp = np.sum((predicted == d) & (labels == d))
        precision = tp / max(1, np.sum(predicted == d))
        recall = tp / max(1, np.sum(labels == d))
        f1 = 2 * precision * recall / max(1e-12, precision + recall)
        f1s.append(f1)
        lines.append(f"{d:>7} {precision:11.4f} {recall:9.4f} {f1:9.4f} {np.sum(labels == d):9}")
    lines += [
        "",
        f"accuracy {np.mean(labels == predicted):30.4f} {len(labels):9}",
        f"macro f1 {np.mean(f1s):30.4f} {len(labels):9}",
    ]
    return "\n".join(lines)


def format_matrix(matrix: np.ndarray) -> str:
    """The confusion matrix as text: rows true, columns read."""
    head = "true\\read " + "".join(f"{d:>6}" for d in range(10))
    return "\n".join(
        [head] + [f"{t:>9} " + "".join(f"{v:>6}" for v in row) for t, row in enumerate(matrix)]
    )


def font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size)


# The confusion matrix's paper, text and most-misread cell, light (for files) and dark (for a
# dark window, its text readable on that red too); a row all read right is RIGHT in both.
LIGHT_SHEET = ((255, 255, 255), (0, 0, 0), (255, 55, 55))
DARK_SHEET = ((45, 45, 45), (235, 235, 235), (190, 40, 40))
RIGHT = (47, 111, 222)


def draw_confusion(
    matrix: np.ndarray, path: Path, title: str, scale: int = 1, dark: bool = False
) -> None:
    """A PNG of the confusion matrix (10, 10) of counts, rows true: the diagonal shaded blue by
    the row's share read right, mistakes shaded red by count. scale 2 draws it for a 2x screen;
    dark draws light text on a dark sheet."""
    paper, text, wrong = DARK_SHEET if dark else LIGHT_SHEET
    cell, left, top = 56 * scale, 60 * scale, 84 * scale
    size = (left + 10 * cell + 20 * scale, top + 10 * cell + 20 * scale)
    image = Image.new("RGB", size, paper)
    draw = ImageDraw.Draw(image)
    draw.text((left, 14 * scale), title, fill=text, font=font(16 * scale))
    off_max = max(1, (matrix - np.diag(np.diag(matrix))).max())
    rows = np.maximum(1, matrix.sum(axis=1))
    for t in range(10):
        middle = t * cell + cell // 2
        draw.text((left - 20 * scale, top + middle), str(t), text, font(18 * scale), "mm")
        draw.text((left + middle, top - 18 * scale), str(t), text, font(18 * scale), "mm")
        for p in range(10):
            value = matrix[t, p]
            if t == p:
                share = value / rows[t]
                colour = _blend(paper, RIGHT, share)
                ink = (255, 255, 255) if share > 0.5 else text
            else:
                colour, ink = _blend(paper, wrong, min(1.0, value / off_max)), text
            x, y = left + p * cell, top + t * cell
            draw.rectangle((x, y, x + cell - 2 * scale, y + cell - 2 * scale), fill=colour)
            centre = (x + cell // 2 - scale, y + cell // 2 - scale)
            draw.text(centre, str(value), ink, font(20 * scale), "mm")  # readable shrunk
    image.save(path)


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], share: float) -> tuple[int, ...]:
    """The colour share of the way from a to b (RGB 0-255)."""
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b))


def misread_caption(true: int, read: int) -> str:
    """A gallery caption: '4 as 9' for a 4 read as 9 (the default font has no arrow)."""
    return f"{true} as {read}"


def draw_gallery(
    images: list[np.ndarray], captions: list[str], path: Path, title: str, columns: int = 12
) -> None:
    """A PNG of 28x28 inputs (float 0-1) enlarged, each with a caption such as '4 as 9'."""
    tile, label = 84, 20
    rows = max(1, -(-len(images) // columns))
    sheet = Image.new("RGB", (columns * tile, rows * (tile + label) + 36), "white")
    draw = ImageDraw.Draw(sheet)
    draw.text((6, 6), title, fill="black", font=font(16))
    if not images:
        draw.text((6, 40), "No digit was misread.", fill="black", font=font(14))
    for i, (pixels, caption) in enumerate(zip(images, captions)):
        x, y = (i % columns) * tile, 36 + (i // columns) * (tile + label)
        digit = Image.fromarray((pixels * 255).astype(np.uint8)).resize(
            (tile - 6, tile - 6), Image.Resampling.NEAREST
        )
        sheet.paste(digit, (x + 3, y))
        draw.text((x + 8, y + tile - 4), caption, fill=(192, 57, 43), font=font(14))
    sheet.save(path)


@dataclass
class Report:
    """What `digitpad evaluate` found: the text, and what its two pictures show.

    matrix: (10, 10) int64 counts, rows the true digit; misread: the (28, 28) float32 inputs
    read wrong (at most 120) with their captions.
    """

    text: str
    name: str
    matrix: np.ndarray
    misread: list[np.ndarray]
    captions: list[str]

    def save_confusion(self, path: str | Path, scale: int = 1, dark: bool = False) -> None:
        """Write the confusion matrix as a picture (dark: for a dark window); InputError with
        one sentence if it cannot."""
        _save(
            path,
            lambda p: draw_confusion(
                self.matrix, p, f"{self.name}: rows true, columns read", scale, dark
            ),
            "confusion.png",
        )

    def save_misread(self, path: str | Path) -> None:
        """Write the misread digits as a picture; InputError with one sentence if it cannot."""
        title = f"{self.name}: misread digits (true digit as the digit read)"
        _save(path, lambda p: draw_gallery(self.misread, self.captions, p, title), "misread.png")


def picture_problem(path: str | Path, example: str = "confusion.png") -> str | None:
    """Why a picture cannot be written to path, in one sentence, or None if it can be tried;
    a folder given for path is answered with example, a file name to put in it."""
    path = Path(path)
    try:
        if path.is_dir():
            return f"{path} is a folder; name a picture file such as {path / example}"
        if path.suffix.lower() not in Image.registered_extensions():
            return f"cannot write {path.name}: name it .png (or another picture type)"
        if path.parent.exists() and not path.parent.is_dir():
            return f"cannot write {path.name}: {path.parent} is a file, not a folder"
        if not path.parent.is_dir():
            return f"there is no folder {path.parent} to write {path.name} in"
        # A folder may refuse new files whatever its permissions say (read-only, immutable).
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as error:  # a name too long, a read-only folder, /proc
        return f"cannot write {path.name} in {path.parent}: {write_reason(error, path.parent)}"
    return None


def _save(path: str | Path, draw: Callable[[Path], None], example: str) -> None:
    problem = picture_problem(path, example)
    if problem:
        raise InputError(problem)
    try:
        draw(Path(path))
    except (OSError, ValueError) as error:
        raise InputError(f"could not write {path}: {reason(error)}") from None


def report(
    model: str | None = None,
    data: str | None = None,
    overrides: dict | None = None,
) -> Report:
    """`digitpad evaluate`: read a labelled set with a model and describe how it did.

    model: a user's model file (None: digitpad's own); data: a folder with labels.csv (None:
    the built-in set); overrides: Conventions fields the user set. Raises InputError (and its
    ModelError) with one sentence when the model or the data cannot be used.
    """
    from dataclasses import replace

    from digitpad.core.foreign import NEAR_CHANCE, ForeignModel
    from digitpad.core.recognizer import Recognizer

    labelled = built_in_set() if data is None else folder_set(data)
    lines = [f"{plural(len(labelled.labels), 'digit')}: {labelled.name}"]
    if model is None:
        reader, name = Recognizer(), "digitpad's own model"
    else:
        reader = ForeignModel(model)
        found, right, tried = built_in_conventions(reader, labelled if data is None else None)
        reader.conventions = replace(found, **(overrides or {}))
        # As the window refuses them: outputs taken as probabilities must not be negative.
        sample = labelled.inputs[::CONVENTION_SAMPLES]
        if overrides and (refused := reader.logits_refused(sample, reader.conventions)):
            raise ModelError(refused)
        name = reader.name
        lines += [  # two lines: the report is shown unwrapped, its tables kept as tables
            f"conventions found: {found.describe()}",
            f"  (with them it read {right:.1%} of {tried} built-in digits right)",
        ]
        if right < NEAR_CHANCE:
            lines.append(f"  {NEAR_CHANCE_DOUBT}")
        if overrides:
            lines.append(f"conventions used: {reader.conventions.describe()}")
    readings = reader.recognize_batch(labelled.inputs)
    predicted = np.array([r.ranked[0][0] for r in readings])
    matrix = confusion_matrix(labelled.labels, predicted)
    lines += [
        f"model: {name}",
        "",
        classification_report(labelled.labels, predicted),
        "",
        "confusion matrix (rows: true digit, columns: digit read)",
        format_matrix(matrix),
    ]
    for kind in sorted(set(labelled.sources) & {"pen", "mnist"}):
        chosen = np.array([s == kind for s in labelled.sources])
        share = np.mean(predicted[chosen] == labelled.labels[chosen])
        named = {"mnist": "MNIST test", "pen": "pen-drawn"}[kind]
        lines.append(f"accuracy on the {named} digits: {share:.2%} of {chosen.sum()}")
    wrong = np.flatnonzero(predicted != labelled.labels)[:120]
    return Report(
        "\n".join(lines),
        name,
        matrix,
        [labelled.inputs[i] for i in wrong],
        [misread_caption(labelled.labels[i], predicted[i]) for i in wrong],
    )
