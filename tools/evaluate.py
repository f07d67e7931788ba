"""Evaluate the shipped model through the app's own pipeline and write the report figures.

    python tools/evaluate.py --data ../shared/data

Prints the per-digit classification report and confusion matrix on the MNIST test set, then
one summary table: MNIST accuracy, pen-drawn accuracy on writers never seen in training (per
writer and overall), robustness to pen width, size, tilt and position, the not-a-digit
figures and the calibration error. Writes the confusion matrix and a gallery of mistakes as
PNG files.

Settings such as the stroke views are compared on the calibration writers, not the test
writers, e.g.:

    python tools/evaluate.py --writers calibration --views 0,-0.5,0.5 --figures /tmp/views

UNIPEN (--unipen-only to add just it to evaluation.json): the digits of the UNIPEN institutions
held out whole (datasets.UNIPEN_CALIBRATION_SOURCES are for tuning, the others for the figures),
per institution, the worst writer, small against large, and misread-unipen.png.

Numbers (--numbers N, 0 to skip; --numbers-only to add just them to evaluation.json): numbers
of 2-8 digits that tools/make_numbers.py writes from the same writers, read as ink and as
images by splitting them (digitpad/core/segment.py, components.py), against the same digits
read alone.

Photos and scans (--photos, or --photos-only to add just them to evaluation.json): pictures of
each kind that tools/make_photos.py makes, read as `digitpad predict` reads files, by kind.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import itertools

import report

from digitpad.core.evaluation import (
    classification_report,
    confusion_matrix,
    draw_confusion,
    draw_gallery,
    misread_caption,
)
from digitpad.core.preprocess import INPUT_SIZE, model_input
from digitpad.core.reader import read_drawings
from digitpad.core.recognizer import METADATA_FILE, MODEL_FILE, STROKE_VIEWS, Recognizer, softmax
from digitpad.core.service import SOLE_THREADS
from digitpad.training import datasets, synth
from digitpad.training.datasets import add_data_argument, reading_data

PEN_WRITERS = {"test": datasets.PEN_TEST_WRITERS, "calibration": datasets.PEN_CALIBRATION_WRITERS}
# Each robustness variant redraws a digit one way; "same answer" compares them all.
VARIANTS = {
    "thin pen (0.5x)": dict(pen=0.5),
    "thick pen (2x)": dict(pen=2.0),
    "small (40% of canvas)": dict(height=0.40),
    "large (85% of canvas)": dict(height=0.85),
    "tilted -15°": dict(tilt=-15),
    "tilted +15°": dict(tilt=15),
    "top-left corner": dict(position=(0.0, 0.0)),
    "bottom-right corner": dict(position=(1.0, 1.0)),
}


def read_batch(recognizer: Recognizer, inputs: list[np.ndarray | None]):
    """(best digit, displayed probability, not sure) per input; empty inputs read as -1."""
    present = [i for i, x in enumerate(inputs) if x is not None]
    digits = np.full(len(inputs), -1)
    confidence = np.zeros(len(inputs))
    unsure = np.ones(len(inputs), bool)
    for start in range(0, len(present), 1024):
        chunk = present[start : start + 1024]
        results = recognizer.recognize_batch(np.stack([inputs[i] for i in chunk]))
        for i, result in zip(chunk, results):
            digits[i], confidence[i] = result.ranked[0]
            unsure[i] = result.not_sure
    return digits, confidence, unsure


def pen_ink(sample, rng, pen=1.0, height=None, tilt=0.0, position=None):
    strokes = synth.rotate_strokes(sample.strokes, tilt) if tilt else sample.strokes
    ink = synth.place_like_a_person(strokes, rng, pen_scale=(pen, pen))
    if height is not None or position is not None:
        ink = datasets.place_strokes(
            strokes,
            synth.DEFAULT_CANVAS,
            height if height is not None else 0.6,
            position if position is not None else (0.5, 0.5),
            ink.pen_width,
        )
    return ink


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins=15) -> float:
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


# ---------------------------------------------------------------- UNIPEN: held-out institutions

UNIPEN_WORST_MIN_DIGITS = 20  # the worst-writer figure counts writers with at least this many
SMALL = (0.15, 0.30)  # small digits: this share of the canvas tall (issue: filled loops)
LARGE = (0.60, 0.85)  # and the same digits drawn large


def evaluate_unipen(recognizer: Recognizer, data: Path, writers: str, seed: int, figures: Path):
    """The UNIPEN section: digits of whole institutions held out (datasets.
    UNIPEN_CALIBRATION_SOURCES or the others), drawn as people draw on the canvas, then
    small and large; per source, the worst writer, a gallery of the misread ones, and per
    handwriting style (datasets.handwriting_style), counted with pendigits' writers."""
    import make_numbers

    rng = np.random.default_rng(seed)
    held_out = make_numbers.pen_samples(data, writers)  # the split's pendigits, then UNIPEN
    digits = [d for d in held_out if d.writer.startswith("unipen/")]
    pen = [d for d in held_out if not d.writer.startswith("unipen/")]
    labels = np.array([d.label for d in digits])
    inputs = [model_input(pen_ink(d, rng)) for d in digits]
    read, _, unsure = read_batch(recognizer, inputs)
    right = read == labels
    by_source, by_writer = defaultdict(list), defaultdict(list)
    for d, ok in zip(digits, right):
        by_source[datasets.unipen_source(d.writer)].append(ok)
        by_writer[d.writer].append(ok)
    counted = {w: v for w, v in by_writer.items() if len(v) >= UNIPEN_WORST_MIN_DIGITS}
    worst = min(counted, key=lambda w: (np.mean(counted[w]), w))
    sized = {}
    for name, (low, high) in (("small", SMALL), ("large", LARGE)):
        drawn = [model_input(pen_ink(d, rng, height=rng.uniform(low, high))) for d in digits]
        sized[name] = float(np.mean(read_batch(recognizer, drawn)[0] == labels))
    # Styles (datasets.handwriting_style), on these writers and pendigits' held-out ones.
    pen_read = read_batch(recognizer, [model_input(pen_ink(d, rng)) for d in pen])[0]
    by_style = defaultdict(list)
    for d, ok in zip(digits + pen, np.concatenate([right, pen_read == [d.label for d in pen]])):
        by_style[datasets.handwriting_style(d)].append(ok)
    wrong = np.flatnonzero(~right)[:96]
    draw_gallery(
        [inputs[i] if inputs[i] is not None else np.zeros((INPUT_SIZE, INPUT_SIZE)) for i in wrong],
        [misread_caption(labels[i], read[i]) for i in wrong],
        figures / "misread-unipen.png",
        f"Misread UNIPEN digits of the {writers} institutions (true digit as the digit read)",
    )
    return {
        "writers": writers,
        "sources": sorted(by_source),
        "writer_count": len(by_writer),
        "digits": len(digits),
        "accuracy": float(np.mean(right)),
        "not_sure": float(np.mean(unsure)),
        "per_source": {
            k: {"digits": len(v), "accuracy": float(np.mean(v))}
            for k, v in sorted(by_source.items())
        },
        "worst_writer_min_digits": UNIPEN_WORST_MIN_DIGITS,
        "worst_writer": worst,
        "worst_writer_accuracy": float(np.mean(counted[worst])),
        "worst_writer_digits": len(counted[worst]),
        "small_accuracy": sized["small"],
        "large_accuracy": sized["large"],
        "per_style": {
            style: {"digits": len(by_style[style]), "accuracy": float(np.mean(by_style[style]))}
            for style in datasets.STYLES
            if by_style[style]
        },
    }


def print_unipen(figures: dict) -> None:
    print(
        f"\nUNIPEN, {figures['writers']} institutions {', '.join(figures['sources'])}: "
        f"{figures['accuracy']:.2%} of {figures['digits']} digits by {figures['writer_count']} "
        f"writers ({figures['not_sure']:.2%} not sure); worst writer {figures['worst_writer']} "
        f"{figures['worst_writer_accuracy']:.2%} of {figures['worst_writer_digits']}; small "
        f"{figures['small_accuracy']:.2%}, large {figures['large_accuracy']:.2%}; per source "
        + ", ".join(f"{k} {v['accuracy']:.2%}" for k, v in figures["per_source"].items())
    )
    print(
        "styles, with pendigits' writers: "
        + ", ".join(
            f"{k} {v['accuracy']:.2%} of {v['digits']}" for k, v in figures["per_style"].items()
        )
    )


# ---------------------------------------------------------------- numbers (tools/make_numbers.py)

NUMBER_TIMING_DIGITS = 6  # the reading time is measured on numbers of this many digits
SINGLE_IMAGES = 2000  # single digits rendered as images to check that they stay whole


def read_numbers(recognizer: Recognizer, drawings: list) -> list[str]:
    """Each drawing (ink or image) read as a number, the way the app does (reader.py): the
    best digit of each, left to right ('' when nothing is read)."""
    return [r.number if r is not None else "" for r in read_drawings(recognizer, drawings)]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: digits inserted, dropped or read wrong."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def evaluate_numbers(recognizer: Recognizer, data: Path, writers: str, count: int, seed: int):
    """The numbers section: write count numbers with tools/make_numbers.py into a temporary
    folder, read them back as ink and as images, and measure them against single digits."""
    import tempfile

    import make_numbers

    from digitpad.core.ink import read_ink
    from digitpad.core.render import export_image

    samples = make_numbers.pen_samples(data, writers)
    numbers = make_numbers.make_numbers(samples, count, seed)
    with tempfile.TemporaryDirectory() as folder:
        make_numbers.write_numbers(numbers, folder)
        inks = [read_ink(Path(folder) / f"{n.name}.json") for n in numbers]
        images = [Image.open(Path(folder) / f"{n.name}.png") for n in numbers]
        for image in images:
            image.load()
    truth = [n.text for n in numbers]
    short = np.array([len(t) <= 4 for t in truth])
    digit_total = sum(map(len, truth))
    out: dict = {"numbers": len(numbers), "digits": digit_total, "writers": writers}
    out["writer_count"] = len({n.writer for n in numbers})
    for kind, drawings in (("ink", inks), ("image", images)):
        read = read_numbers(recognizer, drawings)
        right_count = np.array([len(r) == len(t) for r, t in zip(read, truth)])
        exact = np.array([r == t for r, t in zip(read, truth)])
        errors = sum(min(len(t), edit_distance(r, t)) for r, t in zip(read, truth))
        out[kind] = {
            "right_digit_count": float(right_count.mean()),
            "exact": float(exact.mean()),
            "exact_2_to_4_digits": float(exact[short].mean()),
            "digit_accuracy": 1.0 - errors / digit_total,
        }
    # The very pen samples of the numbers, each read alone as one digit on the canvas.
    rng = np.random.default_rng(seed)
    used = [i for n in numbers for i in n.sources]
    alone, _, _ = read_batch(
        recognizer, [model_input(synth.place_like_a_person(samples[i].strokes, rng)) for i in used]
    )
    out["single_digit_accuracy"] = float(np.mean(alone == [samples[i].label for i in used]))
    # Every single digit of these writers, drawn alone, must stay one digit.
    singles = [synth.place_like_a_person(s.strokes, rng) for s in samples]
    split = np.array([len(number) > 1 for number in read_numbers(recognizer, singles)])
    two_stroke = np.array([s.label in (4, 5, 7) and len(s.strokes) > 1 for s in samples])
    out["single_digits"] = len(singles)
    out["single_split"] = float(split.mean())
    out["two_stroke_457"] = int(two_stroke.sum())
    out["two_stroke_457_split"] = float(split[two_stroke].mean())
    chosen = rng.choice(len(singles), min(SINGLE_IMAGES, len(singles)), replace=False)
    out["single_images"] = len(chosen)
    images = [export_image(singles[i]) for i in chosen]
    out["single_image_split"] = float(
        np.mean([len(number) > 1 for number in read_numbers(recognizer, images)])
    )
    # Time to read one number as the app does (digitpad.core.service.read_drawing): each digit,
    # without the whole drawing read as one digit, which only `digitpad predict` reports.
    timed = [ink for ink, t in zip(inks, truth) if len(t) == NUMBER_TIMING_DIGITS]
    recognizer.recognize_batch(np.zeros((NUMBER_TIMING_DIGITS, INPUT_SIZE, INPUT_SIZE)))
    times, cpu_times = [], []
    for ink in timed:
        begun, begun_cpu = time.perf_counter(), time.process_time()
        read_drawings(recognizer, [ink], whole=False)
        times.append(1000 * (time.perf_counter() - begun))
        cpu_times.append(1000 * (time.process_time() - begun_cpu))
    out["read_ms_median"] = float(np.median(times))
    out["read_ms_p99"] = float(np.percentile(times, 99))
    # This process's own CPU time: what the wall-clock time would be on an idle machine.
    out["read_cpu_ms_median"] = float(np.median(cpu_times))
    out["read_cpu_ms_p99"] = float(np.percentile(cpu_times, 99))
    out["timed_numbers"] = len(times)
    out["timing_digits"] = NUMBER_TIMING_DIGITS
    return out


def print_numbers(figures: dict) -> None:
    print("\n" + "\n".join(report.numbers_section(figures)))


# ----------------------------------------------------------------- photos (tools/make_photos.py)

PHOTO_TIMING_RUNS = 5  # the 4000x3000 photo is read this many times; the median counts


def evaluate_photos(
    recognizer: Recognizer, data: Path, per_kind: int, blanks: int, seed: int
) -> dict:
    """The photos section: write per_kind photo- and scan-like pictures of each kind and blanks
    blank pages with tools/make_photos.py into a temporary folder, and read every one the way
    `digitpad predict` does (batch.read_files). Also where the digit was found (the box), the
    very same digits drawn on the canvas, and the time to read a 4000x3000 photo."""
    import os
    import tempfile

    import make_photos

    from digitpad.core.batch import read_files
    from digitpad.core.files import load_image
    from digitpad.core.preprocess import find_digit

    digits = make_photos.unseen_digits(data)
    out: dict = {"seed": seed, "per_kind": per_kind, "blanks_per_kind": blanks, "kinds": {}}
    with tempfile.TemporaryDirectory(prefix="digitpad-photos-") as folder:
        folder = Path(folder)
        begun = time.time()
        rows = make_photos.generate(
            digits, folder, per_kind, blanks, seed, workers=os.cpu_count() or 1
        )
        out["seconds_to_make"] = round(time.time() - begun, 1)
        begun = time.time()
        readings = read_files(recognizer, [str(folder / row["file"]) for row in rows])
        out["seconds_to_read"] = round(time.time() - begun, 1)
        overlaps = {}
        for row in rows:
            if row["label"] != "":
                box = find_digit(load_image(folder / row["file"])).box
                truth = tuple(int(row[k]) for k in ("x0", "y0", "x1", "y1"))
                overlaps[row["file"]] = box_overlap(box, truth)
        out["seconds_4000x3000"] = time_big_photo(recognizer, folder, seed)
    # The same digits on the canvas: what the pictures can at best be read as.
    rng = np.random.default_rng(seed)
    canvas = {}
    shown = [row for row in rows if row["label"] != ""]
    read, _, unsure = read_batch(
        recognizer,
        [
            model_input(synth.place_like_a_person(digits[int(r["digit"])].strokes, rng))
            for r in shown
        ],
    )
    for row, digit, doubt in zip(shown, read, unsure):
        canvas[row["file"]] = digit == int(row["label"]) and not doubt
    totals = defaultdict(int)
    for kind in dict.fromkeys(row["kind"] for row in rows):
        mine = [(row, reading) for row, reading in zip(rows, readings) if row["kind"] == kind]
        figures = defaultdict(int)
        ious = []
        for row, reading in mine:
            recognition = reading.recognition
            if row["label"] == "":
                figures["blank"] += 1
                figures["blank_empty_or_not_sure"] += recognition is None or recognition.not_sure
                continue
            figures["n"] += 1
            figures["canvas_right"] += canvas[row["file"]]
            ious.append(overlaps[row["file"]])
            if recognition is None:
                figures["empty"] += 1
            elif recognition.not_sure:
                figures["not_sure"] += 1
            elif recognition.ranked[0][0] == int(row["label"]):
                figures["right"] += 1
            else:
                figures["wrong"] += 1
        for key, value in figures.items():
            totals[key] += value
        out["kinds"][kind] = photo_shares(figures) | {
            "box_iou_median": float(np.median(ious)),
            "box_iou_over_half": float(np.mean(np.array(ious) > 0.5)),
        }
    out["overall"] = photo_shares(totals)
    return out


def photo_shares(figures: dict) -> dict:
    """Counts of one kind (or all) as shares: right, confidently wrong, not sure, empty."""
    n, blank = max(1, figures["n"]), max(1, figures["blank"])
    return {
        "n": figures["n"],
        "right": figures["right"] / n,
        "wrong": figures["wrong"] / n,
        "not_sure": figures["not_sure"] / n,
        "empty": figures["empty"] / n,
        "canvas_right": figures["canvas_right"] / n,
        "blank": figures["blank"],
        "blank_empty_or_not_sure": figures["blank_empty_or_not_sure"] / blank,
    }


def box_overlap(box, truth) -> float:
    """Intersection over union of two (x0, y0, x1, y1) boxes; 0 when box is None."""
    if box is None:
        return 0.0
    width = min(box[2], truth[2]) - max(box[0], truth[0])
    height = min(box[3], truth[3]) - max(box[1], truth[1])
    inter = max(0, width) * max(0, height)
    area = (box[2] - box[0]) * (box[3] - box[1]) + (truth[2] - truth[0]) * (truth[3] - truth[1])
    return inter / max(1, area - inter)


def time_big_photo(recognizer: Recognizer, folder: Path, seed: int) -> dict:
    """Seconds to read one 4000x3000 JPEG photo end to end (file to reading, read_files),
    median of PHOTO_TIMING_RUNS runs after a first one, in this process: wall clock and the
    process's CPU time (which other programs on the machine do not inflate)."""
    import make_photos

    from digitpad.core.batch import read_files

    rng = np.random.default_rng(seed)
    look = make_photos.look_for("pencil-12mp", rng)
    look.size = (4000, 3000)
    digit = make_photos.sample_digits(ROOT / "assets" / "samples")[0]
    picture, _ = make_photos.photo(digit.strokes, look, rng)
    path = folder / "timing-4000x3000.jpg"
    picture.save(path, "JPEG", quality=90)
    read_files(recognizer, [str(path)])
    wall, cpu = [], []
    for _ in range(PHOTO_TIMING_RUNS):
        begun, begun_cpu = time.perf_counter(), time.process_time()
        read_files(recognizer, [str(path)])
        wall.append(time.perf_counter() - begun)
        cpu.append(time.process_time() - begun_cpu)
    return {"wall": float(np.median(wall)), "cpu": float(np.median(cpu)), "runs": PHOTO_TIMING_RUNS}


def print_photos(figures: dict) -> None:
    print("\n" + "\n".join(report.photos_section(figures)))


# ---------------------------------------------------------------- personal (digitpad/core/adapt.py)

PERSONAL_CHECKPOINTS = (0, 5, 10, 20)  # corrections after which a writer's rest is read
PERSONAL_CONFIRM_EVERY = 5  # every 5th right reading is confirmed, and kept as a sample
PERSONAL_MIN_DIGITS = 40  # writers with fewer digits are not simulated


def personal_writers(data: Path, writers: str, min_digits: int) -> dict[str, list]:
    """{writer: their pen digits in the order written}: the split's writers (as in
    tools/make_numbers.py: pendigits' PEN_TEST_WRITERS and the UNIPEN sources outside
    UNIPEN_CALIBRATION_SOURCES, or the calibration ones) with at least min_digits digits."""
    import make_numbers

    grouped: dict[str, list] = defaultdict(list)
    for sample in make_numbers.pen_samples(data, writers):
        grouped[sample.writer].append(sample)
    return {w: s for w, s in grouped.items() if len(s) >= min_digits}


def simulate_writer(
    recognizer: Recognizer, logits, features, embeddings, labels, base, settings
) -> dict:
    """One simulated user: walk the first half of their digits in order, correct every misread
    and confirm every PERSONAL_CONFIRM_EVERY-th right reading (each becomes a profile sample);
    after 0, 5, 10 and 20 corrections (or at the end of the walk, with fewer), read the digits
    not yet shown with and without the profile. logits, features: (views, n, ...) network
    outputs; embeddings: the first half's samples as a profile keeps them
    (adapt.sample_embeddings); labels, base: (n,) true digits and the readings without
    adaptation."""
    from digitpad.core.adapt import Adapter

    temperature = recognizer.metadata.temperature
    n = len(labels)
    walk = n // 2  # the second half is never shown: every checkpoint has digits to read
    shown: list[int] = []
    adapter = Adapter.empty()
    corrections = confirmed = 0
    corrected: list[tuple[int, int, int]] = []  # (position, true digit, misread as)
    states = {0: (0, adapter, 0)}
    fit_seconds = []
    for i in range(walk):
        if adapter.is_empty:
            read = base[i]
        else:
            read = adapter.probabilities(logits[:, i : i + 1], features[:, i : i + 1], temperature)
            read = int(read[0, :10].argmax())
        if read != labels[i]:
            corrections += 1
            corrected.append((i, int(labels[i]), read))
        else:
            confirmed += 1
            if confirmed % PERSONAL_CONFIRM_EVERY:
                continue
        shown.append(i)
        started = time.perf_counter()
        adapter = Adapter(embeddings[shown], labels[shown], settings)
        fit_seconds.append(time.perf_counter() - started)
        if read != labels[i] and corrections in PERSONAL_CHECKPOINTS:
            states[corrections] = (i + 1, adapter, corrections)
            if corrections == PERSONAL_CHECKPOINTS[-1]:
                break
    result: dict = {"digits": n, "error": float(np.mean(base != labels)), "samples": len(shown)}
    for k in PERSONAL_CHECKPOINTS:
        start, state, used = states.get(k, (walk, adapter, corrections))
        rest = slice(start, n)
        before = float(np.mean(base[rest] != labels[rest]))
        after = before
        if not state.is_empty:
            p = state.probabilities(logits[:, rest], features[:, rest], temperature)
            after = float(np.mean(p[:, :10].argmax(axis=1) != labels[rest]))
        # The misreads that repeat a mistake corrected so far (the same digit read as the
        # same wrong one): what a profile could hope to mend from the corrections alone.
        mistakes = {(true, wrong) for i, true, wrong in corrected if i < start}
        repeats = sum(
            (int(t), int(b)) in mistakes for t, b in zip(labels[rest], base[rest]) if t != b
        )
        result[str(k)] = {
            "corrections": used,
            "read": n - start,
            "before": before,
            "after": after,
            "repeats": repeats / (n - start),
        }
    result["fit_ms_max"] = 1000 * max(fit_seconds, default=0.0)
    result["adapter"] = adapter
    return result


def one_sample(
    recognizer: Recognizer, logits, features, embeddings, labels, settings
) -> dict[str, int]:
    """A profile of one sample: each digit of the first half, the first drawing of it alone
    (a user who has taught one correction so far). Counts, summed over those profiles, the
    second half's readings that the network alone reads right and sure, and of those how many
    the profile reads wrong ("broken") or right but not sure ("doubted")."""
    from digitpad.core.adapt import Adapter

    half = len(labels) // 2
    rest = slice(half, None)
    truth = labels[rest]
    below = recognizer.metadata.not_sure_below
    network = softmax(logits[:, rest] / recognizer.metadata.temperature).mean(axis=0)[:, :10]
    sure_right = (network.argmax(axis=1) == truth) & (network.max(axis=1) >= below)
    counts = {"profiles": 0, "sure_right": 0, "broken": 0, "doubted": 0}
    for digit in np.unique(labels[:half]):
        first = int(np.flatnonzero(labels[:half] == digit)[0])
        adapter = Adapter(embeddings[[first]], labels[[first]], settings)
        p = adapter.probabilities(
            logits[:, rest], features[:, rest], recognizer.metadata.temperature
        )
        right = p[:, :10].argmax(axis=1) == truth
        counts["profiles"] += 1
        counts["sure_right"] += int(sure_right.sum())
        counts["broken"] += int((sure_right & ~right).sum())
        counts["doubted"] += int((sure_right & right & (p[:, :10].max(axis=1) < below)).sum())
    return counts


def personal_checks(recognizer: Recognizer, inks_a: list, labels_a, inks_b: list, labels_b):
    """On disk, as the app does it: two profiles in a temporary folder, each read through
    adapt.ProfileAdapter. Returns (an empty profile reads bit-identically to none, filling
    profile A leaves profile B's readings bit-identical, ms to take in one new sample)."""
    import tempfile

    from digitpad.core.adapt import ProfileAdapter
    from digitpad.core.profile import Profile

    inputs_b = np.stack([model_input(ink) for ink in inks_b])
    half = len(inks_b) // 2

    def probabilities(adapter=None):
        return np.array(
            [[p for _, p in r.ranked] for r in recognizer.recognize_batch(inputs_b, adapter)]
        )

    with tempfile.TemporaryDirectory() as folder:
        a = ProfileAdapter(recognizer, Profile(Path(folder) / "a"))
        b = ProfileAdapter(recognizer, Profile(Path(folder) / "b"))
        empty_identical = np.array_equal(probabilities(), probabilities(b.current()))
        b.profile.add_many(list(zip(inks_b[:half], map(int, labels_b[:half]))))
        before = probabilities(b.current())
        a.profile.add_many(list(zip(inks_a[:-1], map(int, labels_a[:-1]))))
        a.current()
        a.profile.add(inks_a[-1], int(labels_a[-1]))
        started = time.perf_counter()
        a.current()
        refit_ms = 1000 * (time.perf_counter() - started)
        separate = np.array_equal(before, probabilities(b.current()))
    return bool(empty_identical), bool(separate), refit_ms


def evaluate_personal(
    recognizer: Recognizer,
    data: Path,
    writers: str,
    seed: int,
    min_digits: int = PERSONAL_MIN_DIGITS,
    tilts: tuple[float, ...] = (0.0,),
    renders: int = 1,
    settings=None,
) -> dict:
    """The personal section: simulated users correcting the app (see simulate_writer).

    Each writer's digits are rendered as evaluate.py renders pen digits (pen_ink); tilts and
    renders make more simulated users of the same writers (used on the calibration writers
    only, to choose adapt.py's settings)."""
    import dataclasses

    from digitpad.core.adapt import DEFAULT, sample_embeddings

    settings = settings or DEFAULT
    if not recognizer.has_features:
        raise SystemExit("this model exports no features: run tools/export_features.py")
    rows = []
    lone = dict.fromkeys(("profiles", "sure_right", "broken", "doubted"), 0)
    check_inks: list = []
    simulated = personal_writers(data, writers, min_digits)
    for render in range(renders):
        for tilt in tilts:
            rng = np.random.default_rng(seed + render)
            for writer, samples in simulated.items():
                inks, labels = [], []
                for sample in samples:
                    ink = pen_ink(sample, rng, tilt=tilt)
                    if model_input(ink) is not None:
                        inks.append(ink)
                        labels.append(sample.label)
                labels = np.array(labels)
                inputs = np.stack([model_input(ink) for ink in inks])
                base, _, _ = read_batch(recognizer, list(inputs))
                logits, features = recognizer.view_outputs(inputs)
                embeddings = sample_embeddings(recognizer, inputs[: len(labels) // 2])
                row = simulate_writer(
                    recognizer, logits, features, embeddings, labels, base, settings
                )
                for key, value in one_sample(
                    recognizer, logits, features, embeddings, labels, settings
                ).items():
                    lone[key] += value
                adapter = row.pop("adapter")
                rest = slice(len(labels) // 2, None)
                app = [r.ranked[0][0] for r in recognizer.recognize_batch(inputs[rest], adapter)]
                temperature = recognizer.metadata.temperature
                p = adapter.probabilities(logits[:, rest], features[:, rest], temperature)
                row["app_path_agrees"] = bool(np.array_equal(app, p[:, :10].argmax(axis=1)))
                name = writer if (tilt, renders) == (0.0, 1) else f"{writer}@{tilt:+g}#{render}"
                rows.append({"writer": name, **row})
                if len(check_inks) < 2:
                    check_inks.append((inks[:40], labels[:40]))
    out: dict = {
        "protocol": (
            f"each writer's digits in order: the first half is shown one by one, every misread "
            f"is corrected and every {PERSONAL_CONFIRM_EVERY}th right reading confirmed (each "
            "kept as a sample); after 0, 5, 10 and 20 corrections (or at the end of the first "
            "half, with fewer) the digits not yet shown are read with and without the profile"
        ),
        "writers": writers,
        "min_digits": min_digits,
        "tilts": list(tilts),
        "renders": renders,
        "settings": dataclasses.asdict(settings),
        "per_writer": rows,
        "app_path_agrees": all(r["app_path_agrees"] for r in rows),
        "fit_ms_max": max(r["fit_ms_max"] for r in rows),
        "one_sample": lone,
    }
    for k in PERSONAL_CHECKPOINTS[1:]:
        cells = [r[str(k)] for r in rows]
        erring = [c for c in cells if c["before"] > 0]
        out[f"after_{k}"] = {
            "mean_relative_reduction": float(
                np.mean([1 - c["after"] / c["before"] for c in erring]) if erring else 0.0
            ),
            "writers_with_errors": len(erring),
            "errors_before": round(sum(c["before"] * c["read"] for c in cells)),
            "errors_after": round(sum(c["after"] * c["read"] for c in cells)),
            "worst_change_points": 100 * max(c["after"] - c["before"] for c in cells),
            "writers_worse": sum(c["after"] > c["before"] for c in cells),
            "writers_reaching": sum(c["corrections"] >= k for c in cells),
            # The mean relative reduction if exactly the repeats were mended, and how many
            # writers with errors to come had corrected nothing yet.
            "repeats_reduction": float(
                np.mean([c["repeats"] / c["before"] for c in erring]) if erring else 0.0
            ),
            "erring_uncorrected": sum(c["corrections"] == 0 for c in erring),
        }
    for row in rows:  # the repeats are reported only summed up, above
        for k in PERSONAL_CHECKPOINTS:
            row[str(k)].pop("repeats")
    (inks_a, labels_a), (inks_b, labels_b) = check_inks
    empty, separate, refit_ms = personal_checks(recognizer, inks_a, labels_a, inks_b, labels_b)
    out["empty_profile_bit_identical"] = empty
    out["other_profile_unchanged"] = separate
    out["refit_ms_one_more_sample"] = refit_ms
    return out


def print_personal(figures: dict) -> None:
    print("\n" + "\n".join(report.personal_section(figures)))


PATHS = ("unipen", "init")  # model.json settings that are paths


def training_figures(folder: Path) -> dict:
    """How the model in folder was trained, from its model.json: size, time and settings."""
    metadata = json.loads((folder / METADATA_FILE).read_text())
    return {
        "parameters": metadata["parameters"],
        "tflite_bytes": (folder / MODEL_FILE).stat().st_size,
        "training_seconds": metadata.get("training_seconds"),
        "earlier_training_seconds": metadata.get("earlier_training_seconds", 0),
        "settings": {  # those that the last run changed, paths as seen from the repository
            key: os.path.relpath(value, ROOT)
            if key in PATHS and Path(value).is_absolute()
            else value
            for key, value in metadata.get("settings", {}).items()
            if key in report.TRAINING_FLAGS
        },
    }


def add_section(folder: Path, key: str, figures: dict, started: float) -> None:
    """Put one section's figures into folder/evaluation.json, keeping the others there."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evaluation.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[key] = figures
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{key} figures in {path} ({time.time() - started:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser, "mnist/, pendigits/ and unipen/")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: assets)")
    parser.add_argument(
        "--figures",
        type=Path,
        default=ROOT / "docs",
        help="where evaluation.json and the pictures go (default: docs)",
    )
    parser.add_argument(
        "--non-digits", type=int, default=3000, help="scribbles, letters and marks to read"
    )
    parser.add_argument("--seed", type=int, default=12345, help="for the drawings made here")
    parser.add_argument(
        "--writers",
        choices=("test", "calibration"),
        default="test",
        help="pen writers to read: the unseen test writers, or the calibration "
        "writers, on which choices such as --views are made",
    )
    parser.add_argument(
        "--views",
        type=lambda text: tuple(map(float, text.split(","))),
        default=STROKE_VIEWS,
        help="stroke views to average, e.g. --views=-0.5,0.5 "
        f"(default {','.join(map(str, STROKE_VIEWS))})",
    )
    parser.add_argument(
        "--numbers",
        type=int,
        default=1000,
        help="numbers to write and read with tools/make_numbers.py (0: skip that section)",
    )
    parser.add_argument(
        "--numbers-only",
        action="store_true",
        help="only the numbers section; its figures go into the existing evaluation.json",
    )
    parser.add_argument(
        "--unipen-only",
        action="store_true",
        help="only the UNIPEN section (held-out institutions); goes into the existing "
        "evaluation.json",
    )
    parser.add_argument(
        "--photos",
        action="store_true",
        help="also the photos section: pictures made with tools/make_photos.py, read by kind",
    )
    parser.add_argument(
        "--photos-only",
        action="store_true",
        help="only the photos section; its figures go into the existing evaluation.json",
    )
    parser.add_argument("--photos-per-kind", type=int, default=110, help="pictures per kind")
    parser.add_argument("--photos-blanks", type=int, default=10, help="blank pages per kind")
    parser.add_argument(
        "--photos-seed", type=int, default=2024, help="the same seed, the same pictures"
    )
    parser.add_argument(
        "--personal",
        action="store_true",
        help="only the personal section: simulated users correcting misreads, read with and "
        "without their profile (digitpad/core/adapt.py); goes into the existing evaluation.json",
    )
    parser.add_argument(
        "--personal-min-digits",
        type=int,
        default=PERSONAL_MIN_DIGITS,
        help=f"writers with fewer digits are not simulated (default {PERSONAL_MIN_DIGITS})",
    )
    parser.add_argument(
        "--personal-tilts",
        type=lambda text: tuple(map(float, text.split(","))),
        default=(0.0,),
        help="each writer also written tilted by these degrees, as more users (calibration)",
    )
    parser.add_argument("--personal-renders", type=int, default=1, help="renderings per writer")
    parser.add_argument(
        "--personal-settings",
        type=lambda text: tuple(map(float, text.split(","))),
        default=None,
        help="the adapter's SIGMA,KAPPA[,PLAUSIBLE[,OVERRULE]] (default: digitpad/core/adapt.py's)",
    )
    args = parser.parse_args()
    started = time.time()
    if args.model is not None and not args.model.is_dir():
        parser.error(f"--model: {args.model} is not a folder with model.tflite and model.json")
    # Bit-identical readings for any number of threads; timed as the app's process reads.
    recognizer = Recognizer(args.model, args.views, threads=SOLE_THREADS)
    if args.personal:
        from digitpad.core.adapt import Settings

        figures = evaluate_personal(
            recognizer,
            args.data,
            args.writers,
            args.seed,
            args.personal_min_digits,
            args.personal_tilts,
            args.personal_renders,
            Settings(*args.personal_settings) if args.personal_settings else None,
        )
        print_personal(figures)
        add_section(args.figures, "personal", figures, started)
        return
    if args.photos_only:
        figures = evaluate_photos(
            recognizer, args.data, args.photos_per_kind, args.photos_blanks, args.photos_seed
        )
        print_photos(figures)
        add_section(args.figures, "photos", figures, started)
        return
    if args.unipen_only:
        figures = evaluate_unipen(recognizer, args.data, args.writers, args.seed, args.figures)
        print_unipen(figures)
        add_section(args.figures, "unipen", figures, started)
        return
    if args.numbers_only:
        figures = evaluate_numbers(recognizer, args.data, args.writers, args.numbers, args.seed)
        print_numbers(figures)
        add_section(args.figures, "numbers", figures, started)
        return
    rng = np.random.default_rng(args.seed)
    results: dict = {"training": training_figures(args.model or ROOT / "assets")}

    # MNIST test digits through the app's preprocessing.
    mnist = datasets.load_mnist(args.data / "mnist")
    labels = mnist["test_labels"].astype(int)
    inputs = [model_input(Image.fromarray(x)) for x in mnist["test_images"]]
    digits, confidence, unsure = read_batch(recognizer, inputs)
    print("MNIST test set, through the app's preprocessing and the .tflite model\n")
    print(classification_report(labels, digits))
    matrix = confusion_matrix(labels, digits)  # MNIST images are never empty: no -1
    print("\nconfusion matrix (rows: true digit, columns: read as)")
    print("     " + " ".join(f"{p:5}" for p in range(10)))
    for t in range(10):
        print(f"{t:>4} " + " ".join(f"{v:5}" for v in matrix[t]))
    results["mnist_accuracy"] = float(np.mean(digits == labels))
    results["mnist_not_sure"] = float(np.mean(unsure))
    results["mnist_ece"] = expected_calibration_error(confidence, digits == labels)
    args.figures.mkdir(parents=True, exist_ok=True)
    draw_confusion(
        matrix,
        args.figures / "confusion-matrix.png",
        "Confusion matrix, MNIST test (rows: true, columns: read)",
    )
    wrong = np.flatnonzero(digits != labels)[:96]
    draw_gallery(
        [inputs[i] if inputs[i] is not None else np.zeros((INPUT_SIZE, INPUT_SIZE)) for i in wrong],
        [misread_caption(labels[i], digits[i]) for i in wrong],
        args.figures / "misread-digits.png",
        "Misread MNIST test digits (true digit as the digit read, as the network sees them)",
    )

    # Pen-drawn digits of writers never seen in training, as people draw them on the canvas.
    pen = [
        d
        for d in datasets.read_pendigits(args.data / "pendigits" / "pendigits-orig.tra")
        if d.writer in PEN_WRITERS[args.writers]
    ]
    writers = "unseen" if args.writers == "test" else "calibration"
    pen_labels = np.array([d.label for d in pen])
    base_digits, _base_conf, base_unsure = read_batch(
        recognizer, [model_input(pen_ink(d, rng)) for d in pen]
    )
    results["pen_accuracy"] = float(np.mean(base_digits == pen_labels))
    results["pen_not_sure"] = float(np.mean(base_unsure))
    per_writer = defaultdict(list)
    for d, ok in zip(pen, base_digits == pen_labels):
        per_writer[d.writer].append(ok)
    results["pen_per_writer"] = {w: float(np.mean(v)) for w, v in sorted(per_writer.items())}
    agree = np.ones(len(pen), bool)
    results["robustness"] = {}
    for name, variant in VARIANTS.items():
        variant_digits, _, _ = read_batch(
            recognizer, [model_input(pen_ink(d, rng, **variant)) for d in pen]
        )
        results["robustness"][name] = float(np.mean(variant_digits == pen_labels))
        agree &= variant_digits == base_digits
    results["robust_same_answer"] = float(np.mean(agree))

    # Scribbles, letters and shapes must not come back as confident digits.
    kinds, non_digit_inputs = [], []
    for _ in range(args.non_digits):
        kind, ink = synth.random_non_digit(rng)
        kinds.append(kind.split(" ")[0])
        non_digit_inputs.append(model_input(ink))
    _, _, non_unsure = read_batch(recognizer, non_digit_inputs)
    results["non_digit_not_sure"] = float(np.mean(non_unsure))
    results["non_digit_by_kind"] = {
        k: float(np.mean([u for u, kk in zip(non_unsure, kinds) if kk == k]))
        for k in sorted(set(kinds))
    }
    results["real_digits_not_sure"] = float(np.mean(np.concatenate([unsure, base_unsure])))

    print("\n| measure (through the app's own pipeline) | value |\n|---|---|")
    print(f"| MNIST test accuracy (10,000 digits) | {results['mnist_accuracy']:.2%} |")
    print(
        f"| pen-drawn accuracy, {len(per_writer)} {writers} writers ({len(pen)} digits) "
        f"| {results['pen_accuracy']:.2%} |"
    )
    worst = min(results["pen_per_writer"].items(), key=lambda kv: kv[1])
    print(f"| worst {writers} writer (#{worst[0]}) | {worst[1]:.2%} |")
    for name, value in results["robustness"].items():
        print(f"| pen-drawn, {name} | {value:.2%} |")
    print(
        f"| same answer under all {len(VARIANTS)} variants | {results['robust_same_answer']:.2%} |"
    )
    print(
        f'| non-digits shown as "not sure" ({args.non_digits} scribbles, letters, shapes) '
        f"| {results['non_digit_not_sure']:.2%} |"
    )
    print(
        f'| real digits wrongly shown as "not sure" (MNIST + pen) '
        f"| {results['real_digits_not_sure']:.2%} |"
    )
    print(f"| expected calibration error, MNIST test (15 bins) | {results['mnist_ece']:.4f} |")
    print(
        f"\nper {writers} writer: "
        + ", ".join(f"#{w} {a:.1%}" for w, a in results["pen_per_writer"].items())
    )
    print(
        "non-digits shown as not sure, by kind: "
        + ", ".join(f"{k} {v:.0%}" for k, v in results["non_digit_by_kind"].items())
    )
    results["unipen"] = evaluate_unipen(
        recognizer, args.data, args.writers, args.seed, args.figures
    )
    print_unipen(results["unipen"])
    if args.numbers:
        results["numbers"] = evaluate_numbers(
            recognizer, args.data, args.writers, args.numbers, args.seed
        )
        print_numbers(results["numbers"])
    if args.photos:
        results["photos"] = evaluate_photos(
            recognizer, args.data, args.photos_per_kind, args.photos_blanks, args.photos_seed
        )
        print_photos(results["photos"])
    (args.figures / "evaluation.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nfigures and evaluation.json in {args.figures} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    with reading_data():
        main()
