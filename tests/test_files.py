"""Reading every kind of image file, good and bad, and saving atomically."""

import io
import os
import struct
import zlib

import numpy as np
import pytest
from helpers import unblock_readers
from PIL import Image, ImageDraw

from digitpad.core.errors import InputError
from digitpad.core.files import (
    FRAMES_KEY,
    atomic_write,
    is_ink_file,
    load_drawing,
    load_image,
)
from digitpad.core.ink import Ink
from digitpad.core.preprocess import model_input


def seven(size=(280, 280), ink=0, paper=255, mode="L"):
    image = Image.new("L", size, paper)
    ImageDraw.Draw(image).line([(80, 50), (200, 50), (120, 230)], fill=ink, width=18)
    return image.convert(mode)


REFERENCE = None


def reference():
    global REFERENCE
    if REFERENCE is None:
        REFERENCE = model_input(seven())
    return REFERENCE


def save(tmp_path, image, name, **options):
    path = tmp_path / name
    image.save(path, **options)
    return path


def png_with_size(width, height):
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"hello, this is not an image", "not an image"),
    ],
)
def test_unreadable_files_give_one_line(tmp_path, content, message):
    path = tmp_path / "x.png"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        load_image(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_images_are_refused(tmp_path, fmt):
    buffer = io.BytesIO()
    seven(mode="RGB").save(buffer, fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(InputError, match="damaged or truncated"):
        load_image(path)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF"])
def test_an_image_cut_short_after_its_signature_is_damaged_not_of_an_unknown_kind(tmp_path, fmt):
    buffer = io.BytesIO()
    seven(mode="L").save(buffer, fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(buffer.getvalue()[: 3 if fmt == "JPEG" else 8])
    with pytest.raises(InputError, match="damaged or truncated"):
        load_image(path)


def test_decompression_bomb_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_with_size(100_000, 100_000))
    with pytest.raises(InputError, match="too large"):
        load_image(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_drawing(tmp_path / "nope.png")
    with pytest.raises(InputError):
        load_drawing(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes (POSIX)")
def test_a_pipe_or_a_device_is_refused_before_it_is_read(tmp_path):
    # Reading a pipe waits for a writer, and /dev/zero never ends: neither is opened.
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    unblock_readers(pipe)
    for path in (pipe, "/dev/zero"):
        with pytest.raises(InputError, match="it is a device or a pipe, not a file"):
            load_drawing(path)


def test_a_tiff_that_pillow_cannot_decode_is_named_as_a_tiff(tmp_path):
    # A TIFF header over data Pillow cannot identify, as its 16-bit grey with alpha.
    path = tmp_path / "scan.tiff"
    path.write_bytes(b"II*\x00\x08\x00\x00\x00" + bytes(20))
    with pytest.raises(InputError, match="a kind of TIFF that digitpad cannot read: save it as"):
        load_drawing(path)
    path.write_bytes(b"not a TIFF, nor any image")
    with pytest.raises(InputError, match="not an image file that digitpad can read"):
        load_drawing(path)


def test_enormous_valid_image_is_downscaled_not_refused(tmp_path):
    path = save(tmp_path, seven().resize((7000, 7000)), "big.png")
    image = load_image(path)
    assert max(image.size) <= 2048
    assert np.abs(model_input(image) - reference()).max() < 0.25


@pytest.mark.parametrize(
    "name, make",
    [
        ("grey16.png", lambda: Image.fromarray(np.asarray(seven()).astype(np.uint16) * 257)),
        ("palette.png", lambda: seven().convert("P")),
        ("grey-alpha.png", lambda: seven().convert("LA")),
        ("cmyk.jpg", lambda: seven(mode="RGB").convert("CMYK")),
        ("white-on-black.png", lambda: seven(ink=255, paper=0)),
        ("rgb.bmp", lambda: seven(mode="RGB")),
        ("tiff.tif", lambda: seven()),
    ],
)
def test_image_variants_read_like_the_plain_digit(tmp_path, name, make):
    path = save(tmp_path, make(), name)
    assert np.abs(model_input(load_image(path)) - reference()).max() < 0.25


def test_rgba_with_transparent_background(tmp_path):
    image = Image.new("RGBA", (280, 280), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(80, 50), (200, 50), (120, 230)], fill=(0, 0, 0, 255), width=18)
    path = save(tmp_path, image, "transparent.png")
    assert np.abs(model_input(load_image(path)) - reference()).max() < 1e-6


def test_animated_gif_uses_its_first_frame(tmp_path):
    frames = [seven(), Image.new("L", (280, 280), 255)]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    image = load_image(path)
    assert np.abs(model_input(image) - reference()).max() < 0.05
    assert image.info[FRAMES_KEY] == 2  # for the user to be told that only one was read
    assert FRAMES_KEY not in load_image(save(tmp_path, seven(), "still.gif")).info


def test_an_animated_gif_whose_later_frames_are_damaged_opens_its_first(tmp_path):
    path = tmp_path / "anim.gif"
    others = [Image.new("L", (280, 280), 0), seven()]
    seven().save(path, save_all=True, append_images=others)
    path.write_bytes(path.read_bytes()[:-910])  # cut where counting the frames fails
    assert np.abs(model_input(load_image(path)) - reference()).max() < 0.05


def test_exif_rotation_is_applied(tmp_path):
    rotated = seven().transpose(Image.Transpose.ROTATE_90)  # stored turned on its side
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90 degrees clockwise to display
    path = tmp_path / "exif.jpg"
    rotated.save(path, exif=exif, quality=95)
    assert np.abs(model_input(load_image(path)) - reference()).max() < 0.3


def test_ink_files_are_told_apart_from_images(tmp_path):
    ink_path = tmp_path / "drawing.dat"
    ink_path.write_text('{"width": 10, "height": 10, "strokes": []}')
    assert is_ink_file(ink_path) and is_ink_file(tmp_path / "a.json")
    assert not is_ink_file(save(tmp_path, seven(), "a.png"))
    assert isinstance(load_drawing(ink_path), Ink)


def test_a_file_named_as_the_other_kind_says_what_to_name_it(tmp_path):
    png = save(tmp_path, seven(), "a.png")
    (tmp_path / "image.json").write_bytes(png.read_bytes())
    (tmp_path / "ink.png").write_text('{"width": 10, "height": 10, "strokes": []}')
    with pytest.raises(InputError) as raised:
        load_drawing(tmp_path / "image.json")
    assert str(raised.value) == "it is a PNG image, not an ink file: name it .png"
    with pytest.raises(InputError) as raised:
        load_drawing(tmp_path / "ink.png")
    assert str(raised.value) == "it holds JSON, not an image: name it .json if it is an ink file"


def test_empty_ink_is_empty(tmp_path):
    assert model_input(Ink(100, 100, [])) is None
    assert model_input(Ink(100, 100, [[(-500.0, -500.0), (-400.0, -450.0)]])) is None


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path, monkeypatch):
    path = tmp_path / "drawing.json"
    atomic_write(path, b"good")

    def broken_replace(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("digitpad.core.files.os.replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(path, b"half-written")
    assert path.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["drawing.json"]  # no temporary left


def test_atomic_write_keeps_a_file_with_other_names_one_file(tmp_path, monkeypatch):
    path = tmp_path / "drawing.json"
    path.write_bytes(b"old content, longer than the new")
    other = tmp_path / "also.json"
    os.link(path, other)
    atomic_write(path, b"new")
    assert other.read_bytes() == b"new" and path.read_bytes() == b"new"
    assert path.stat().st_ino == other.stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["also.json", "drawing.json"]

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("digitpad.core.files.os.fsync", full_disk)
    with pytest.raises(OSError):  # the copy beside it fails: the file is left as it was
        atomic_write(path, b"half-written")
    assert other.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["also.json", "drawing.json"]
