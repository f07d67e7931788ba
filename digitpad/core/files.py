"""Reading image and ink files defensively, and saving drawings atomically."""

from __future__ import annotations

import math
import os
import stat
import struct
import tempfile
import warnings
from pathlib import Path

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from digitpad.core.errors import InputError, file_error
from digitpad.core.ink import Ink, read_ink
from digitpad.core.preprocess import FILE_SIZE_KEY

INK_SUFFIXES = {".json", ".ink"}
IMAGE_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".bmp",
    ".gif",
    ".tif",
    ".tiff",
    ".webp",
    ".ppm",
    ".pgm",
    ".pbm",
}
MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024
# Larger images are refused before decoding (PIL raises beyond twice this many pixels).
MAX_IMAGE_PIXELS = 64_000_000
# Anything larger is shrunk on loading: a digit needs nowhere near this many pixels ...
WORKING_SIDE = 2048
SHORTEST_SIDE = 256  # ... unless that leaves its shorter side fewer (a strip scanned from a form)

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
TIFF_SIGNATURES = (b"II*\x00", b"MM\x00*")  # little- and big-endian
# PNG, JPEG and GIF files begin so: one that Pillow cannot open is damaged, not of a kind.
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
SPECIAL_FILE = "it is a device or a pipe, not a file"
# load_image records here how many frames (pages) the file holds, where more than one.
FRAMES_KEY = "digitpad.frames"


def is_ink_file(path: str | os.PathLike) -> bool:
    """Whether a file is read as ink: by its suffix, or, without a known one, by starting
    with "{" (JSON)."""
    path = Path(path)
    if path.suffix.lower() in INK_SUFFIXES:
        return True
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return False
    return _holds_json(path)


def _holds_json(path: Path) -> bool:
    """Whether a file starts with "{" (JSON), which is how ink files start; False when it
    cannot be read."""
    try:
        with open(path, "rb") as stream:
            return stream.read(64).lstrip()[:1] == b"{"
    except OSError:
        return False


def load_image(path: str | os.PathLike) -> Image.Image:
    """Open an image file as a modest-sized image in a plain mode (first frame, EXIF-upright).

    The image's info[FILE_SIZE_KEY] holds the size of the file's own picture, upright, and
    info[FRAMES_KEY] the number of frames of an animated or many-paged file (absent for one).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError("the file is empty")
        if size > MAX_IMAGE_FILE_BYTES:
            raise InputError(f"the file is too large for an image ({size / 2**20:.0f} MB)")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.seek(0)
                file_size = image.size
                if image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):
                    file_size = file_size[::-1]  # stored on its side
                if image.format == "JPEG":
                    image.draft(image.mode, _draft_size(image.size))
                upright = ImageOps.exif_transpose(image)  # a copy: seeking image leaves it
                upright.load()
                frames = _frame_count(image)
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise InputError(
            "the image is too large to open safely "
            f"(more than {2 * MAX_IMAGE_PIXELS // 1_000_000} million pixels)"
        ) from None
    except UnidentifiedImageError:
        if _starts_with(path, TIFF_SIGNATURES):  # TIFF has variants Pillow cannot decode
            raise InputError(
                "it is a kind of TIFF that digitpad cannot read: save it as PNG"
            ) from None
        if _starts_with(path, IMAGE_SIGNATURES):
            raise InputError("the image is damaged or truncated") from None
        raise InputError("not an image file that digitpad can read") from None
    except OSError as error:
        if error.errno is None:  # Pillow's own: the data cannot be decoded
            raise InputError("the image is damaged or truncated") from None
        raise file_error(error) from None  # the system's: a path too long, a link loop
    except (SyntaxError, ValueError, EOFError, IndexError, TypeError):
        raise InputError("the image is damaged or truncated") from None
    except MemoryError:
        raise InputError("the image is too large to open") from None
    image = shrink(plain_mode(upright))
    # Where the digit was found is told in the file's own pixels (preprocess.find_digit).
    image.info[FILE_SIZE_KEY] = file_size
    if frames > 1:
        image.info[FRAMES_KEY] = frames
    return image


def _frame_count(image: Image.Image) -> int:
    """How many frames an image file holds; 1 where a damaged later frame hides the count
    (the first, all that is read, is whole)."""
    try:
        return getattr(image, "n_frames", 1)
    except (OSError, EOFError, ValueError, SyntaxError, IndexError, struct.error):
        return 1


def _draft_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size to ask a JPEG decoder for: shrunk by 2, 4 or 8 while decoding (far quicker
    than decoding it all), where shrink would have reduced it by a multiple of that anyway."""
    factor = shrink_factor(size)
    scale = 1
    while scale < 8 and factor % (2 * scale) == 0:
        scale *= 2
    if scale == 1:
        return (WORKING_SIDE, WORKING_SIDE)
    return (size[0] // scale, size[1] // scale)


def plain_mode(image: Image.Image) -> Image.Image:
    """Convert exotic modes (palette, CMYK, 16-bit, ...) to one preprocessing knows well."""
    if image.mode in ("L", "LA", "RGB", "RGBA", "I", "F"):
        return image
    if image.mode == "P" or image.mode == "PA":
        return image.convert("RGBA")
    if image.mode.startswith("I;16"):
        return image.convert("I")
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGB")


def shrink_factor(size: tuple[int, int]) -> int:
    """The whole factor by which an image of size (width, height) is shrunk on loading: to
    WORKING_SIDE pixels across at most, its shorter side left SHORTEST_SIDE at least, and
    never more pixels than a WORKING_SIDE square."""
    across = min(-(-max(size) // WORKING_SIDE), min(size) // SHORTEST_SIDE)
    return max(1, across, math.ceil(math.sqrt(size[0] * size[1]) / WORKING_SIDE))


def shrink(image: Image.Image) -> Image.Image:
    """The image shrunk by shrink_factor (box filter)."""
    factor = shrink_factor(image.size)
    if factor == 1:
        return image
    if image.mode in ("I", "F"):
        size = (max(1, image.width // factor), max(1, image.height // factor))
        return image.resize(size, Image.Resampling.BOX)
    return image.reduce(factor)


def _umask() -> int:
    current = os.umask(0)  # the only portable way to read it is to set it
    os.umask(current)
    return current


def is_special(path: str | os.PathLike) -> bool:
    """Whether path is a device, a pipe or a socket: neither a file nor a folder. Reading a
    pipe may wait for ever, and a device (/dev/zero) never end."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False  # the readers say what is wrong
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def file_stamp(path: str | os.PathLike) -> tuple[int, int, int] | None:
    """(inode, modification time in ns, size in bytes) of a file, which change when another
    program writes or replaces it; None when it cannot be looked up."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _starts_with(path: Path, signatures: tuple[bytes, ...]) -> bool:
    """Whether the file begins with one of signatures (False if it cannot be read)."""
    try:
        with open(path, "rb") as stream:
            return stream.read(max(map(len, signatures))).startswith(signatures)
    except OSError:
        return False


def load_drawing(path: str | os.PathLike) -> Ink | Image.Image:
    """An ink file as Ink, anything else as an image (load_image). Raises InputError with
    one sentence for the user when the file cannot be read as either; where it is the other
    kind under the wrong name (a PNG named .json), the sentence says which name to give it."""
    if is_special(path):
        raise InputError(SPECIAL_FILE)
    as_ink = is_ink_file(path)
    try:
        return read_ink(path) if as_ink else load_image(path)
    except InputError:
        misnamed = _misnamed(Path(path), as_ink)
        if misnamed is None:
            raise
        raise InputError(misnamed) from None


def _misnamed(path: Path, as_ink: bool) -> str | None:
    """Why a file that could not be read as one kind is the other kind under the wrong name
    (a PNG named .json), in one sentence, or None."""
    if not as_ink:
        if _holds_json(path):
            return "it holds JSON, not an image: name it .json if it is an ink file"
        return None
    try:
        with Image.open(path) as image:
            kind = image.format
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    extensions = Image.registered_extensions()
    name = next((s for s in sorted(IMAGE_SUFFIXES) if extensions.get(s) == kind), None)
    return f"it is a {kind} image, not an ink file" + (f": name it {name}" if name else "")


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write data so that path holds either its old content or all of data, never a part.

    A new file gets the permissions any new file gets (the umask decides); an existing file
    keeps its own. A symbolic link stays one: the file it points to is written, as editors
    do. A file with other names (hard links) is overwritten in place once data is safely in
    a file beside it, so that every name shows the new content (as GLib's g_file_replace
    does): only there can a crash in the middle leave part of it. Raises OSError when the
    folder cannot be written.
    """
    path = Path(os.path.realpath(path))
    try:
        status = path.stat()
        mode, linked = stat.S_IMODE(status.st_mode), status.st_nlink > 1
    except FileNotFoundError:
        mode, linked = 0o666 & ~_umask(), False
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.chmod(temporary, mode)  # mkstemp makes it private to its owner
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if linked:
            with open(path, "r+b") as stream:
                stream.write(data)
                stream.truncate()
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).unlink()
        else:
            os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
