"""A user's handwriting profile: the drawings they corrected or confirmed, with the digit meant.

Everything stays on the user's machine, in an open format (docs/profile-format.md):

    <profile>/samples.csv     index: file,label,created (UTF-8 CSV with a header, oldest first)
    <profile>/samples/        one file per sample: <id>.json (the app's ink file format) or
                              <id>.png (a picture the user opened)
    <profile>/features.npz    cache of the network's features (digitpad.core.adapt; optional)

Every file is written atomically (files.atomic_write): a crash leaves the old or the new
version, never a part. A sample file is written before the index row that names it, so the
index never names a file that is not there. Each change of the index (add, import, remove,
forget) holds WRITE_LOCK in the folder (the filelock package) from reading the index to
writing it, so that two windows, or a window and `digitpad profile import`, each keep the
other's samples; readers (the recognition process) take no lock.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import logging
import os
import re
import secrets
import struct
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout
from PIL import Image

from digitpad.core.errors import InputError, reason
from digitpad.core.files import atomic_write, file_stamp, is_special, load_drawing
from digitpad.core.format import count as plural
from digitpad.core.ink import Ink, ink_to_bytes
from digitpad.core.picture import to_grey
from digitpad.core.preprocess import INPUT_SIZE, model_input
from digitpad.core.resources import data_dir

log = logging.getLogger(__name__)

PROFILE_FOLDER = "profile"
INDEX_FILE = "samples.csv"
SAMPLES_FOLDER = "samples"
FEATURES_CACHE = "features.npz"
WRITE_LOCK = "samples.lock"
WRITE_WAIT_S = 10  # how long a change waits for another process's change to end
INDEX_HEADER = ("file", "label", "created")
# An export (and what import reads): PNGs, labels.csv and MNIST's IDX files.
LABELS_FILE = "labels.csv"
LABELS_HEADER = ("file", "label")
IDX_IMAGES = "images-idx3-ubyte"
IDX_LABELS = "labels-idx1-ubyte"
MAX_IMPORT = 100_000  # rows of labels.csv read at most
# The newest samples digitpad.core.adapt learns from (older ones stay stored but are not
# read): with their variants, 500 samples hold 34 MB of embeddings in memory and 17 MB in the
# cache.
LEARNED_SAMPLES = 500
SAMPLE_NAME = re.compile(r"\d{8}-\d{6}-[0-9a-f]{8}\.(json|png)")  # as _new_path names them


def default_profile_dir() -> Path:
    """Where the user's handwriting profile lives: <data_dir>/profile."""
    return data_dir() / PROFILE_FOLDER


@dataclass(frozen=True)
class Sample:
    """One stored drawing and the digit the user meant by it.

    file: its path inside the profile folder, with "/" ("samples/<id>.json" or ".png").
    created: when it was added, ISO 8601 in UTC.
    """

    file: str
    label: int
    created: str
    path: Path

    def drawing(self) -> Ink | Image.Image:
        """The stored ink or picture; raises InputError if the file is unusable."""
        return load_drawing(self.path)

    def model_input(self) -> np.ndarray | None:
        """(28, 28) float32 in 0-1: what the network reads, as for any drawing."""
        return model_input(self.drawing())


@dataclass(frozen=True)
class Imported:
    """What Profile.import_folder did.

    added: the samples added; held: drawings left out because the profile holds them with the
    same digit; conflicting: drawings left out because the profile holds them as another digit
    (a drawing means one digit: the profile's is kept); total: the samples the profile holds
    after it; unreadable: samples of a profile's copy left out because they cannot be read.
    """

    added: list[Sample]
    held: int = 0
    conflicting: int = 0
    total: int = field(default=0, compare=False)
    unreadable: int = 0

    def sentence(self) -> str:
        """What was imported, in words for the user: 'imported 3 samples'."""
        if not self.added and not self.conflicting and not self.unreadable:
            return "imported no new samples: the profile holds them all already"
        text = (
            f"imported {plural(len(self.added), 'sample')}"
            if self.added
            else "imported no new samples"
        )
        left = [f"{plural(self.held, 'drawing')} the profile already holds"] if self.held else []
        if self.conflicting:
            count = str(self.conflicting) if left else plural(self.conflicting, "drawing")
            left.append(f"{count} held as another digit")
        if self.unreadable:
            left.append(f"{plural(self.unreadable, 'sample')} that cannot be read (see the log)")
        text = f"{text}; left out {' and '.join(left)}" if left else text
        if self.added and self.total > LEARNED_SAMPLES:  # the samples taught before no longer count
            text += (
                f"; only the newest {LEARNED_SAMPLES} of its {self.total:,} samples are learned "
                f"from: the {self.total - LEARNED_SAMPLES:,} oldest, those taught before it "
                "first, no longer change a reading"
            )
        return text


class Profile:
    """The samples in one profile folder. Nothing is written until the first sample is added."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> Profile:
        """The profile in path (default: default_profile_dir()); it need not exist yet."""
        return cls(default_profile_dir() if path is None else path)

    @property
    def index_path(self) -> Path:
        return self.path / INDEX_FILE

    def revision(self) -> tuple[int, int, int] | None:
        """Changes whenever the index is rewritten (each add, import, remove or forget):
        files.file_stamp of samples.csv, or None when the profile is empty."""
        return file_stamp(self.index_path)

    # ------------------------------------------------------------ reading

    def samples(self, strict: bool = False) -> list[Sample]:
        """The samples, oldest first. Rows that name a missing file or a label that is not
        a digit are skipped (and logged): a damaged row loses its sample, no more, and stays
        in the index as it is while its file is there. Bytes that are not UTF-8 read as
        U+FFFD.

        An index that exists but cannot be read at all (no header, a read error) reads as no
        samples, or with strict raises InputError naming it: whatever writes the index reads
        it strictly, so that it never replaces samples it could not read.
        """
        return self.rows(strict)[0]

    def listed(self) -> int:
        """How many samples the index lists, readable or not: what show and export count. A
        row whose file is missing, or that is damaged, is a sample that cannot be read, as is
        one whose file is corrupt."""
        samples, skipped = self.rows(strict=False)
        return len(samples) + skipped

    def readable(self) -> list[tuple[Sample, np.ndarray]]:
        """The samples that can be read, each with its pixels as export writes them: (28, 28)
        uint8, white digit on black. Those that cannot are logged (listed() counts them)."""
        pairs = ((sample, _exported_pixels(sample)) for sample in self.samples())
        return [(sample, pixels) for sample, pixels in pairs if pixels is not None]

    def rows(self, strict: bool = False) -> tuple[list[Sample], int]:
        """samples(), and how many rows of the index were skipped, in one read of it."""
        try:
            entries, skipped = self._read_index()
        except InputError as error:
            if strict:
                raise
            log.warning("%s", error)
            return [], 0
        return [entry for entry in entries if isinstance(entry, Sample)], skipped

    def _read_index(self) -> tuple[list[Sample | list[str]], int]:
        """The index's entries in order, and how many rows were skipped. An entry is a
        Sample, or a damaged row (a label that is no digit, say) that names a file that is
        there: the index is written again with it as it was, so that the file stays named
        and the row, mended by hand, gives its sample back. Other rows are not kept."""
        try:
            data = self.index_path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # no profile there (yet)
            return [], 0
        except OSError as error:
            raise InputError(
                f"the profile's index {self.index_path} cannot be read: {reason(error)}"
            ) from error
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
        try:
            header = next(rows, None)
            if header is None or tuple(h.strip() for h in header[:3]) != INDEX_HEADER:
                raise InputError(
                    f"the profile's index {self.index_path} does not begin with its header "
                    f"{','.join(INDEX_HEADER)}"
                )
            entries: list[Sample | list[str]] = []
            skipped = 0
            for number, row in enumerate(rows, start=2):
                if not row:
                    continue
                path = self._file_named(row[0].strip())
                if why := _why_not(row, path):
                    _warn_once(f"skipping line {number} of {self.index_path} ({why}): {row!r}")
                    skipped += 1
                    if path is not None:
                        entries.append(row)
                else:
                    entries.append(self._sample(row, path))
        except csv.Error as error:  # its words are about Python's csv module, not the file
            raise InputError(
                f"the profile's index {self.index_path} is damaged at line {rows.line_num}"
            ) from error
        return entries, skipped

    def _sample(self, row: list[str], path: Path) -> Sample:
        """The sample of a row whose first column leads to path (_file_named), the row being
        one that _why_not finds nothing wrong with."""
        label, created = (value.strip() for value in row[1:3])
        return Sample(f"{SAMPLES_FOLDER}/{path.name}", int(label), created, path)

    def _file_named(self, written: str) -> Path | None:
        """The file in the samples folder that a row's first column leads to, if it is there:
        samples/<name> in the profile folder. Written otherwise than the app writes it
        ("./samples/<name>", an absolute path), where it leads decides."""
        folder = self.path / SAMPLES_FOLDER
        head, _, name = written.partition("/")
        if head != SAMPLES_FOLDER or "/" in name:
            path = self.path / written
            try:
                if not written or path.parent.resolve() != folder.resolve():
                    return None
            except (OSError, ValueError):  # a name no file can have
                return None
            name = path.name
        if name in ("", ".", ".."):
            return None
        path = folder / name
        return path if path.is_file() else None

    @property
    def count(self) -> int:
        """How many samples the profile holds."""
        return len(self.samples())

    def labels(self) -> np.ndarray:
        """(count,) int64: the samples' digits, oldest first."""
        return np.array([s.label for s in self.samples()], np.int64)

    # ------------------------------------------------------------ writing

    def add(self, drawing: Ink | Image.Image, label: int) -> Sample:
        """Keep a drawing (ink, or an opened picture) as the digit label (0-9).

        Raises InputError with one sentence when the label is not a digit or the drawing has
        nothing to read; OSError when the folder cannot be written.
        """
        return self.add_many([(drawing, label)])[0]

    def add_many(self, items: list[tuple[Ink | Image.Image, int]]) -> list[Sample]:
        """Add several drawings at once: all of them or, on any error, none."""
        return self._add_prepared([_prepared(drawing, label) for drawing, label in items])

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Hold the profile's WRITE_LOCK (the folder made if need be). Raises InputError with
        one sentence if another process holds it for WRITE_WAIT_S."""
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            with FileLock(self.path / WRITE_LOCK, timeout=WRITE_WAIT_S):
                yield
        except Timeout:
            raise InputError(
                f"the profile {self.path} is being changed by another digitpad: try again once "
                "it is done"
            ) from None

    def _add_prepared(self, prepared: list[tuple[bytes, str, int]]) -> list[Sample]:
        if not prepared:
            return []
        with self._changing():
            return self._add_prepared_locked(prepared)

    def _add_prepared_locked(self, prepared: list[tuple[bytes, str, int]]) -> list[Sample]:
        existing, _ = self._read_index()
        folder = self.path / SAMPLES_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        created = _now()
        written: list[Path] = []
        new: list[Sample] = []
        try:
            for data, suffix, label in prepared:
                path = _new_path(folder, suffix)
                atomic_write(path, data)
                written.append(path)
                new.append(Sample(f"{SAMPLES_FOLDER}/{path.name}", label, created, path))
            self._write_index([*existing, *new])
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return new

    def remove(self, sample: Sample | str) -> bool:
        """Delete one sample (or its file name); whether it was there (undo of a correction)."""
        return self.remove_many([sample]) == 1

    def remove_many(self, samples: list[Sample | str]) -> int:
        """Delete these samples (or file names) in one rewrite of the index; how many of them
        were there. Raises InputError if the index cannot be read, and OSError if it cannot
        be written (then none is removed) or a sample's file cannot be deleted (then it is no
        longer listed, so no longer a sample)."""
        files = {s.file if isinstance(s, Sample) else s for s in samples}
        if not self.index_path.exists():
            return 0
        with self._changing():
            entries, _ = self._read_index()
            gone = [e for e in entries if isinstance(e, Sample) and e.file in files]
            if not gone:
                return 0
            self._write_index([e for e in entries if e not in gone])  # first: a file left
        for sample in gone:  # behind is named by no row
            sample.path.unlink(missing_ok=True)
        return len(gone)

    def _write_index(self, entries: list[Sample | list[str]]) -> None:
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(INDEX_HEADER)
        writer.writerows(
            (e.file, e.label, e.created) if isinstance(e, Sample) else e for e in entries
        )
        self.path.mkdir(parents=True, exist_ok=True)
        atomic_write(self.index_path, stream.getvalue().encode("utf-8"))

    def forget(self) -> int:
        """Delete every sample, the index and the caches, and the folder itself if nothing
        else is in it; returns how many files were deleted. Raises OSError if a file could
        not be deleted (the index goes first, so what remains is no longer used).

        Files this module never writes are left alone; everything it writes goes.
        """
        if not self.path.is_dir():
            return 0
        with self._changing():
            deleted = self._delete_ours()
        # The lock goes once released; held by another process by now, Windows keeps it, and
        # so the folder stays.
        with suppress(OSError):
            (self.path / WRITE_LOCK).unlink()
        if not any(self.path.iterdir()):
            self.path.rmdir()
        return deleted

    def _delete_ours(self) -> int:
        """forget's deletions, the lock held: how many files."""
        deleted = 0
        named = [sample.path for sample in self.samples()]
        ours = (INDEX_FILE, FEATURES_CACHE)
        for name in ours:  # the index first: from then on the profile is empty
            deleted += _unlink(self.path / name)
        folder = self.path / SAMPLES_FOLDER
        if folder.is_dir():
            # The samples the index named, and any this module wrote but did not index (an
            # add cut short); other files are the user's.
            written = [p for p in folder.iterdir() if SAMPLE_NAME.fullmatch(p.name)]
            for path in {*named, *written}:
                if path.parent == folder and (path.is_file() or path.is_symlink()):
                    deleted += _unlink(path)
            if not any(folder.iterdir()):
                folder.rmdir()
        if self.path.is_dir():
            for path in self.path.iterdir():
                # Leftovers of an interrupted atomic_write: .<name>.<random>.tmp
                if path.name.startswith(tuple(f".{n}." for n in ours)) and path.suffix == ".tmp":
                    deleted += _unlink(path)
        return deleted

    # ------------------------------------------------------------ export and import

    def export(self, folder: str | os.PathLike) -> int:
        """Write the samples as a dataset other tools read; returns how many.

        folder (created if missing, in a folder that exists; refused if not empty) gets one
        28x28 8-bit PNG per sample (the network's input: white digit on black, like MNIST),
        labels.csv ("file,label"), and the same images and labels as MNIST-style IDX files
        (images-idx3-ubyte, labels-idx1-ubyte). Raises InputError if the folder is not empty,
        or if neither it nor the folder it would be made in exists (a mistyped path).
        """
        folder = Path(folder)
        check_export_folder(folder)
        readable = self.readable()
        images = [pixels for _, pixels in readable]
        labels = [sample.label for sample, _ in readable]
        folder.mkdir(exist_ok=True)
        names = [f"{i + 1:05d}.png" for i in range(len(images))]
        for name, pixels in zip(names, images):
            atomic_write(folder / name, _exported_png(pixels))
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(LABELS_HEADER)
        writer.writerows(zip(names, labels))
        atomic_write(folder / LABELS_FILE, stream.getvalue().encode("utf-8"))
        stack = np.stack(images) if images else np.zeros((0, INPUT_SIZE, INPUT_SIZE), np.uint8)
        atomic_write(folder / IDX_IMAGES, idx_bytes(stack))
        atomic_write(folder / IDX_LABELS, idx_bytes(np.array(labels, np.uint8)))
        return len(images)

    def import_folder(self, folder: str | os.PathLike) -> Imported:
        """Add the samples of a folder with labels.csv ("file,label"): an export, or any
        folder of digit images (or ink files) labelled that way; or of another profile folder
        (a copy of one, with samples.csv), strokes and all. A drawing the profile already
        holds (the same file, or its export) is skipped, with its label or another: the
        profile's label stays, so that no drawing is taught as two digits.

        Every row is checked before anything is written: the first bad one raises InputError
        with one sentence naming its line, and the profile is left as it was.
        """
        prepared = []
        unreadable = 0
        copy = _profile_copy(folder)
        if copy is not None:
            # A profile reads past a sample it cannot read, and so does restoring one.
            samples, unreadable = copy
            for sample in samples:
                try:
                    prepared.append(_prepared(load_drawing(sample.path), sample.label))
                except InputError as error:
                    log.warning("not imported: %s: %s", sample.path, error)
                    unreadable += 1
        else:
            for line, path, label in labelled_files(folder):
                with naming_the_row(line, path):
                    prepared.append(_prepared(load_drawing(path), label))
        # A sample the profile already holds, byte for byte or as its export writes it, is
        # not added again: importing an export twice changes nothing.
        known: dict[str, int] = {}  # digest of a drawing's file: its label
        kept = self.samples()
        for sample in kept:
            if sample.path.exists():
                known[_digest(sample.path.read_bytes())] = sample.label
                pixels = _exported_pixels(sample)
                if pixels is not None:
                    known[_digest(_exported_png(pixels))] = sample.label
        fresh = []
        held = conflicting = 0
        for data, suffix, label in prepared:
            digest = _digest(data)
            if digest not in known:
                known[digest] = label
                fresh.append((data, suffix, label))
            elif known[digest] == label:
                held += 1
            else:
                conflicting += 1
        added = self._add_prepared(fresh)
        return Imported(added, held, conflicting, len(kept) + len(added), unreadable)


# ---------------------------------------------------------------- helpers


def check_export_folder(folder: str | os.PathLike) -> None:
    """Raise InputError with one sentence if Profile.export cannot use folder: a file, a
    folder that is not empty, or a new one whose parent is missing or a file."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file; choose an empty folder, or a new one")
    if folder.exists() and any(folder.iterdir()):
        raise InputError(f"the folder {folder} is not empty; choose an empty one")
    parent = folder.absolute().parent
    if not folder.exists() and parent.exists() and not parent.is_dir():
        raise InputError(f"{parent} is a file, not a folder to export into")
    if not folder.exists() and not parent.exists():
        raise InputError(f"there is no folder {parent} to export into")


def export_sentence(
    written: int, listed: int, folder: str | os.PathLike, log: str = "the log"
) -> str:
    """What Profile.export did, in words for the user, naming the listed samples (listed())
    it could not read: 'exported 29 samples to F; left out 2 samples that could not be read
    (see the log)'; log: what names the log (its path, on the command line)."""
    text = f"exported {plural(written, 'sample')} to {folder}"
    if written < listed:
        text += (
            f"; left out {plural(listed - written, 'sample')} that could not be read (see {log})"
        )
    return text


def show_sentence(profile: Profile, log: str = "the log") -> str:
    """What a profile holds, in words for the user, counted as export counts (listed(),
    readable()): 'P: 3 samples (digit 4: 2, digit 7: 1); 1 sample cannot be read (see the
    log)'; log as for export_sentence."""
    labels = np.array([sample.label for sample, _ in profile.readable()], np.int64)
    counts = np.bincount(labels, minlength=10)
    held = ", ".join(f"digit {d}: {n}" for d, n in enumerate(counts) if n)
    text = f"{profile.path}: {plural(len(labels), 'sample')}" + (f" ({held})" if held else "")
    if len(labels) < (listed := profile.listed()):
        text += f"; {plural(listed - len(labels), 'sample')} cannot be read (see {log})"
    return text


def _exported_pixels(sample: Sample) -> np.ndarray | None:
    """A sample as export writes it: (28, 28) uint8, white digit on black; None if it has
    no digit or cannot be read (logged)."""
    try:
        pixels = sample.model_input()
    except InputError as error:
        log.warning("cannot read the sample %s: %s", sample.file, error)
        return None
    return None if pixels is None else np.clip(np.rint(pixels * 255), 0, 255).astype(np.uint8)


def _exported_png(pixels: np.ndarray) -> bytes:
    return _png_bytes(Image.fromarray(pixels, "L"))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _new_path(folder: Path, suffix: str) -> Path:
    """A new sample's file: SAMPLE_NAME, the time it was kept and a random part."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    while True:
        path = folder / f"{stamp}-{secrets.token_hex(4)}{suffix}"
        if not path.exists():
            return path


def _prepared(drawing: Ink | Image.Image, label: object) -> tuple[bytes, str, int]:
    """(file bytes, suffix, label) of a sample; InputError if it cannot be one."""
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label <= 9:
        raise InputError(f"the label {label!r} is not a digit 0-9")
    if model_input(drawing) is None:
        raise InputError("there is nothing to learn from: the drawing has no digit in it")
    if isinstance(drawing, Ink):
        return ink_to_bytes(drawing), ".json", int(label)
    return _png_bytes(_storable(drawing)), ".png", int(label)


def _storable(image: Image.Image) -> Image.Image:
    """The picture in a mode PNG keeps losslessly and that preprocessing reads the same."""
    if image.mode in ("1", "L", "LA", "RGB", "RGBA", "P"):
        return image
    return to_grey(image)  # 16-bit, 32-bit and float pictures: scaled as preprocessing does


def _png_bytes(image: Image.Image) -> bytes:
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file of unsigned bytes (MNIST's format): magic 0x000008<dims>, big-endian
    uint32 sizes, then the data."""
    array = np.ascontiguousarray(array, np.uint8)
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += b"".join(struct.pack(">I", size) for size in array.shape)
    return header + array.tobytes()


@contextmanager
def naming_the_row(line: int, path: Path) -> Iterator[None]:
    """Put labels.csv's line and the file's name before an InputError raised inside."""
    try:
        yield
    except InputError as error:
        raise InputError(f"{LABELS_FILE}, line {line}: {path.name}: {error}") from None


def labelled_files(folder: str | Path) -> list[tuple[int, Path, int]]:
    """(line, path, label) of each row of folder/labels.csv, whose header is file,label (a
    byte order mark allowed): the dataset format that Export writes and Import reads.

    Raises InputError with one sentence for a missing folder, an unreadable or empty
    labels.csv, or the first bad row (named by its line), such as a file outside the folder.
    """
    if not str(folder):
        raise InputError("no folder was named")
    folder = Path(folder)
    if not folder.exists():
        raise InputError(f"there is no folder {folder}")
    if not folder.is_dir():
        raise InputError(f"{folder} is a file; choose the folder that holds {LABELS_FILE}")
    rows = _read_labels(folder)
    root = Path(os.path.realpath(folder))
    return [(line, _inside(root, file, line), label) for line, file, label in rows]


def _profile_copy(folder: str | os.PathLike) -> tuple[list[Sample], int] | None:
    """The samples of a profile folder (one with samples.csv and no labels.csv: a copy kept
    of a profile) and how many of its rows cannot be read (a missing file, a damaged row; they
    are logged), or None for any other folder. Raises InputError if its samples.csv cannot be
    read at all."""
    folder = Path(folder)
    if not str(folder) or not (folder / INDEX_FILE).is_file() or (folder / LABELS_FILE).exists():
        return None
    return Profile(folder).rows(strict=True)


def _folders_with_labels(folder: Path) -> list[Path]:
    """The folders right inside folder that hold a labels.csv (an export's own folder, say),
    by name."""
    try:
        inner = sorted(p for p in folder.iterdir() if (p / LABELS_FILE).is_file())
    except OSError:
        return []
    return inner


def _read_labels(folder: Path) -> list[tuple[int, str, int]]:
    """(line, file, label) of each row of folder/labels.csv; InputError for the first bad one."""
    path = folder / LABELS_FILE
    if is_special(path):
        raise InputError(f"{LABELS_FILE} is a device or a pipe, not a file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        inner = _folders_with_labels(folder)
        hint = f", but the folder {inner[0].name} in it has one" if inner else ""
        raise InputError(f"there is no {LABELS_FILE} in {folder}{hint}") from None
    except UnicodeDecodeError:
        raise InputError(f"{LABELS_FILE} is not UTF-8 text") from None
    except OSError as error:
        raise InputError(f"cannot read {LABELS_FILE}: {error.strerror or error}") from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:2]] != list(LABELS_HEADER):
            raise InputError(f"{LABELS_FILE} must start with the header line 'file,label'")
        rows, first_seen = [], {}
        for row in reader:
            line = reader.line_num
            if not any(value.strip() for value in row):
                continue
            if len(rows) >= MAX_IMPORT:
                raise InputError(f"{LABELS_FILE} has more than {MAX_IMPORT:,} rows")
            if len(row) < 2 or not row[0].strip():
                raise InputError(f"{LABELS_FILE}, line {line}: expected a file name and a label")
            file, label = row[0].strip(), row[1].strip()
            if label not in {str(d) for d in range(10)}:
                raise InputError(
                    f"{LABELS_FILE}, line {line}: the label {label!r} is not a digit 0-9"
                )
            if file in first_seen:
                raise InputError(
                    f"{LABELS_FILE}, line {line}: {file} is listed again (first on line "
                    f"{first_seen[file]})"
                )
            first_seen[file] = line
            rows.append((line, file, int(label)))
    except csv.Error as error:
        raise InputError(f"{LABELS_FILE}, line {reader.line_num}: {error}") from None
    if not rows:
        raise InputError(f"{LABELS_FILE} lists no samples")
    return rows


def _inside(root: Path, file: str, line: int) -> Path:
    """The file a row names, where it really is (links and .. resolved); refused (InputError)
    if that is outside root (the folder's real path) or not a file."""
    # Decided by the resolved path, not by the row's text: a symbolic link inside the folder
    # can lead out of it, and nope/../../imp/a.png leads back into imp though nope is missing.
    path = Path(os.path.realpath(root / file))
    if Path(file).is_absolute() or not path.is_relative_to(root):
        raise InputError(f"{LABELS_FILE}, line {line}: {file} is not a file inside the folder")
    if is_special(path):
        raise InputError(f"{LABELS_FILE}, line {line}: {file} is a device or a pipe, not a file")
    if not path.is_file():
        raise InputError(f"{LABELS_FILE}, line {line}: the file {file} does not exist")
    return path


def _why_not(row: list[str], path: Path | None) -> str:
    """Why an index row whose first column leads to path (_file_named) gives no sample, in a
    few words; "" when it gives one."""
    if len(row) < 3:
        return "it has fewer than three columns"
    if path is None:
        return f"no file of that name is in {SAMPLES_FOLDER}/"
    if path.suffix not in (".json", ".png"):
        return "its file is neither .json nor .png"
    if row[1].strip() not in {str(d) for d in range(10)}:
        return "its label is no digit"
    return ""


_warned: set[str] = set()  # the profile is read again at every change: say each thing once


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        log.warning("%s", message)
