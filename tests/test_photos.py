"""Photos and scans: every kind of tools/make_photos.py reads right, blanks read as nothing.

The digits are the built-in pen samples (unseen writers); the pictures are small versions of
the kinds that tools/evaluate.py --photos measures at full size, and one full 12-megapixel
pencil photo. Clean images (canvas exports, MNIST digits, plain scans) must give exactly the
input the model was trained on.
"""

from pathlib import Path

import make_photos
import numpy as np
import pytest
from helpers import ROOT, number_ink
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from digitpad.core.files import load_image
from digitpad.core.ink import read_ink
from digitpad.core.preprocess import (
    BOX_SIZE,
    INK_LEVEL,
    MIN_INK_MASS,
    digit_box,
    find_digit,
    ink_intensity,
    model_input,
)
from digitpad.core.reader import read_drawings
from digitpad.core.render import export_image

SAMPLES = ROOT / "assets" / "samples"
DATA = Path(__file__).parent / "data"
SCALE = 0.5  # the pictures are half the size of the measured ones
PER_KIND = 3


def picture(kind: str, digit, seed: int, scale: float = SCALE, tmp_path: Path | None = None):
    """One picture of kind (digit None: a blank page), saved as JPEG and loaded like a file."""
    rng = np.random.default_rng(seed)
    look = make_photos.look_for(kind, rng, seed, scale)
    image, box = make_photos.photo(None if digit is None else digit.strokes, look, rng)
    path = tmp_path / f"{kind}-{seed}.jpg"
    make_photos.save_jpeg(image, path, look, rng)
    return load_image(path), box


def overlap(box, truth) -> float:
    width = min(box[2], truth[2]) - max(box[0], truth[0])
    height = min(box[3], truth[3]) - max(box[1], truth[1])
    inter = max(0, width) * max(0, height)
    area = (box[2] - box[0]) * (box[3] - box[1]) + (truth[2] - truth[0]) * (truth[3] - truth[1])
    return inter / (area - inter)


def pen_sample(label: int, number: int = 0) -> make_photos.PenDigit:
    """A built-in pen sample; pen-1-0 reads as a 7 even on the canvas, so 1 takes pen-1-1."""
    number = 1 if label == 1 else number
    path = SAMPLES / f"pen-{label}-{number}.json"
    return make_photos.PenDigit(label, path.stem, read_ink(path).strokes)


KIND_DIGITS = {
    kind: [(3 * k + j) % 10 for j in range(PER_KIND)] for k, kind in enumerate(make_photos.KINDS)
}


@pytest.mark.parametrize("kind", [k for k in make_photos.KINDS if k != "pencil-12mp"])
def test_each_kind_reads_right_and_finds_the_digit(kind, recognizer, tmp_path):
    for n, label in enumerate(KIND_DIGITS[kind]):
        digit = pen_sample(label)
        image, truth = picture(
            kind, digit, 100 * n + make_photos.KINDS.index(kind), tmp_path=tmp_path
        )
        found = find_digit(image)
        assert found.input is not None, (kind, label)
        reading = recognizer.recognize(found.input)
        assert reading.ranked[0][0] == label and not reading.not_sure, (
            kind,
            label,
            reading.ranked[:2],
        )
        assert overlap(found.box, truth) > 0.7, (kind, label, found.box, truth)


@pytest.mark.parametrize("share", [0.55, 0.7])  # of the desk's width the sheet takes
def test_a_number_on_a_small_sheet_on_a_dark_desk(recognizer, tmp_path, share):
    # A tester's photo of "3071" on a sheet a third of the picture: the number's strokes left
    # no part of the sheet solid enough to be told from bold ink, and the sheet was read as ink.
    sheet = export_image(number_ink([3, 0, 7, 1])).convert("L")
    sheet = sheet.resize((sheet.width * 3 // 2, sheet.height * 3 // 2))
    width = round(sheet.width / share)
    desk = Image.new("L", (width, width * 3 // 4), 60)
    tilted = sheet.rotate(4, expand=True, fillcolor=0)
    where = ((desk.width - tilted.width) // 2, (desk.height - tilted.height) // 2)
    desk.paste(tilted, where, Image.new("L", sheet.size, 255).rotate(4, expand=True))
    noise = np.random.default_rng(0).normal(0, 10, (desk.height, desk.width))
    photo = Image.fromarray((np.asarray(desk) + noise).clip(0, 255).astype(np.uint8))
    photo.save(tmp_path / "desk.jpg", quality=60)
    reading = read_drawings(recognizer, [load_image(tmp_path / "desk.jpg")])[0]
    assert reading.marked_number == "3071"


@pytest.mark.parametrize("seed", [17, 25, 37, 49])
def test_a_page_filling_the_photo_with_the_table_along_some_edges(recognizer, tmp_path, seed):
    # A tester's phone photos of a page that ran off the picture on some sides and showed the
    # table along the others: the paper beside the table was taken for light ink ("906" read
    # "27016"). These pictures were read wrong so too.
    label = seed % 10
    image, _ = picture("page-filling", pen_sample(label), seed, tmp_path=tmp_path)
    reading = recognizer.recognize(model_input(image))
    assert reading.ranked[0][0] == label and not reading.not_sure


@pytest.mark.parametrize("paper", [245, 200])
def test_a_number_cropped_close_on_flat_paper(recognizer, paper):
    # A tester's "2026" cut close out of a picture on off-white paper read "no digit found":
    # its strokes, in most parts of the picture, were taken for the paper's noise.
    clean = np.asarray(export_image(number_ink([2, 0, 2, 6])).convert("L"))
    ys, xs = np.nonzero(clean < 128)
    crop = clean[ys.min() - 12 : ys.max() + 12, xs.min() - 12 : xs.max() + 12]
    picture = Image.fromarray((crop.astype(np.float32) * paper / 255).astype(np.uint8))
    assert read_drawings(recognizer, [picture])[0].number == "2026"


@pytest.mark.parametrize("line", [1, 2])
@pytest.mark.parametrize("shade", [140, 190])
@pytest.mark.parametrize("first", [0, 7])
def test_a_number_cropped_close_on_squared_paper(recognizer, line, shade, first):
    # A tester's "2026" cut close out of squared paper, a grid line along the crop's edge,
    # read "1206" or "maybe not a digit": the grid filled the upper quartile of the paper's
    # noise, and a line at the very edge did not count as crossing the picture.
    clean = np.asarray(export_image(number_ink([2, 0, 2, 6])).convert("L"))
    ys, xs = np.nonzero(clean < 128)
    crop = clean[ys.min() - 6 : ys.max() + 6, xs.min() - 6 : xs.max() + 6]
    picture = Image.new("L", crop.shape[::-1], 255)
    draw = ImageDraw.Draw(picture)
    for at in range(first, max(crop.shape), 30):
        draw.line([(at, 0), (at, crop.shape[0])], fill=shade, width=line)
        draw.line([(0, at), (crop.shape[1], at)], fill=shade, width=line)
    picture = Image.fromarray(np.minimum(np.asarray(picture), crop))
    assert read_drawings(recognizer, [picture])[0].number == "2026"


SQUARED = [("1984-squared-45px.png", "1984"), ("2026-squared-25px.png", "2026")]


@pytest.mark.parametrize(("name", "number"), [*SQUARED, ("385-squared-55px-dark.png", "385")])
def test_squared_paper_whose_lines_fall_between_pixels_when_shrunk(recognizer, name, number):
    # A tester's numbers on squared paper, 2-px lines 25, 45 or 55 px apart, read "1191841",
    # "1210261" or "2": shrunk to the working size, every other line fell between two pixels
    # at half its darkness, and the lines at full darkness were kept as digits' bars. A line
    # along a 1 was kept too, and its box ran from the top of the picture to the bottom.
    reading = read_drawings(recognizer, [load_image(DATA / name)])[0]
    assert reading.number == number
    heights = [d.box[3] - d.box[1] for d in reading.digits]
    assert max(heights) <= 1.2 * np.median(heights)


@pytest.mark.parametrize("side", ["left", "right", "top", "bottom"])
def test_a_ruling_along_the_picture_s_edge_is_no_1(recognizer, side):
    # A tester's "2026" with a light 2-px line along the left edge read "12026".
    picture = load_image(DATA / "2026-line-along-left-edge.png").convert("L")
    ruling = picture.getpixel((0, 0))
    draw = ImageDraw.Draw(picture)
    w, h = picture.size
    draw.rectangle([0, 0, 1, h], fill=255)
    ends = {"left": [(0, 0), (0, h)], "right": [(w - 2, 0), (w - 2, h)]}
    ends |= {"top": [(0, 0), (w, 0)], "bottom": [(0, h - 2), (w, h - 2)]}
    draw.line(ends[side], fill=ruling, width=2)
    assert read_drawings(recognizer, [picture])[0].number == "2026"


@pytest.mark.parametrize("pen", [6, 10])
def test_a_row_of_1s_cropped_close_is_no_ruled_page(recognizer, pen):
    # Straight 1s from top to bottom of a close crop look like lines down a page; no lines
    # across make them squared paper.
    picture = Image.new("L", (4 * 40 + 6, 106), 255)
    draw = ImageDraw.Draw(picture)
    for x in range(23, 4 * 40, 40):
        draw.line([(x, 3), (x, 102)], fill=0, width=pen)
    assert read_drawings(recognizer, [picture])[0].number == "1111"


def test_a_1_apart_from_digits_whose_ink_joins_is_no_speck(recognizer):
    # A tester's shaded photo of "12,345": the 2 to the 5 made one blob of ink, and the 1
    # beside it, with less than a tenth of that blob's ink, was dropped as a speck ("2345").
    reading = read_drawings(recognizer, [load_image(DATA / "12345-shaded-photo.jpg")])[0]
    assert reading.number == "12345" and reading.left_out  # the comma


@pytest.mark.parametrize(
    ("name", "number"), [("1984-cream-paper.jpg", "1984"), ("71-off-white-paper.jpg", "71")]
)
def test_numbers_on_tinted_paper_read_as_on_white(recognizer, name, number):
    # A tester's pictures cut close out of cream and off-white paper: taken for photos, their
    # strokes thickened by the number's height joined the 1 to its neighbour ("984", "7").
    reading = read_drawings(recognizer, [load_image(DATA / name)])[0]
    assert reading.number == number


def test_a_faint_pencil_digit_in_a_12_megapixel_photo(recognizer, tmp_path):
    image, truth = picture("pencil-12mp", pen_sample(7), 3, scale=1.0, tmp_path=tmp_path)
    assert image.info["digitpad.file_size"] in ((4000, 3000), (3000, 4000))
    found = find_digit(image)
    reading = recognizer.recognize(found.input)
    assert reading.ranked[0][0] == 7 and not reading.not_sure
    # The box is in the file's pixels, although the image was loaded at half the size.
    assert overlap(found.box, truth) > 0.7


def test_sticky_notes_of_every_colour(recognizer, tmp_path):
    for seed, name in zip(range(10, 15), make_photos.PAPER_COLOURS):  # seed % 5: the colour
        label = seed % 10
        image, _ = picture("coloured", pen_sample(label), seed, tmp_path=tmp_path)
        reading = recognizer.recognize(model_input(image))
        assert reading.ranked[0][0] == label and not reading.not_sure, name


@pytest.mark.parametrize("kind", make_photos.KINDS)
def test_blank_pages_read_as_nothing(kind, recognizer, tmp_path):
    scale = 0.25 if kind == "pencil-12mp" else SCALE
    for seed in (7, 8):
        image, _ = picture(kind, None, seed, scale=scale, tmp_path=tmp_path)
        pixels = model_input(image)
        assert pixels is None or recognizer.recognize(pixels).not_sure, seed


def seven(size=(300, 200), ink=0, paper=255, width=12, mode="L"):
    image = Image.new(mode, size, paper)
    ImageDraw.Draw(image).line([(100, 40), (190, 40), (130, 170)], fill=ink, width=width)
    return image


def reads_seven(recognizer, image) -> bool:
    reading = recognizer.recognize(model_input(image))
    return reading.ranked[0][0] == 7 and not reading.not_sure


@pytest.mark.parametrize("level", [215, 180, 120])
def test_a_black_seven_on_grey_paper(recognizer, level):
    assert reads_seven(recognizer, seven(paper=level))


def test_digits_on_grainy_paper_washed_out_to_white(recognizer):
    # Grain clipped at white: half the paper is pure white, the rest a little darker.
    rng = np.random.default_rng(10)
    for label in range(10):
        grey = np.asarray(export_image(read_ink(SAMPLES / f"pen-{label}-0.json")), np.float64)
        grey += rng.normal(0, 10, grey.shape)
        image = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8))
        assert recognizer.recognize(model_input(image)).ranked[0][0] == label


def test_blank_paper_densely_specked_holds_no_digit(recognizer):
    # 5% of the pixels black: after one median, clumps of specks would read as sure 1s.
    grey = np.full((1000, 1000), 255, np.uint8)
    grey[np.random.default_rng(2).random(grey.shape) < 0.05] = 0
    assert read_drawings(recognizer, [Image.fromarray(grey)]) == [None]


def test_digits_on_dim_grainy_paper(recognizer):
    # Dark ink (50) on grey paper (190) with grain of 20 grey levels, as a phone's sensor
    # gives in dim light: the strokes stand only 7 deviations of the grain out.
    rng = np.random.default_rng(12)
    right = 0
    for label in range(10):
        drawn = np.asarray(export_image(read_ink(SAMPLES / f"pen-{label}-0.json")).convert("L"))
        grey = 190 - (255 - drawn.astype(np.float64)) / 255 * 140 + rng.normal(0, 20, drawn.shape)
        reading = model_input(Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8)))
        right += reading is not None and recognizer.recognize(reading).ranked[0][0] == label
    assert right >= 9


@pytest.mark.parametrize("share", [0.005, 0.05])
def test_digits_on_paper_specked_with_lone_pixels(recognizer, share):
    # Dust on a scan: lone black pixels all over the clean white paper, some in pairs.
    rng = np.random.default_rng(11)
    for label in range(10):
        grey = np.array(export_image(read_ink(SAMPLES / f"pen-{label}-0.json")).convert("L"))
        grey[rng.random(grey.shape) < share] = 0
        assert recognizer.recognize(model_input(Image.fromarray(grey))).ranked[0][0] == label


@pytest.mark.parametrize("level", [40, 70])
def test_light_ink_on_a_dark_board(recognizer, level):
    assert reads_seven(recognizer, seven(ink=220, paper=level))


@pytest.mark.parametrize("paper, ink", [(255, 0), (0, 255)])
def test_a_bold_digit_filling_its_picture_keeps_its_polarity(recognizer, paper, ink):
    # Strokes about 12% of the picture wide: its fine detail leans to the paper's side.
    image = Image.new("L", (150, 200), paper)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 30, 110, 95), outline=ink, width=22)
    draw.ellipse((32, 85, 118, 170), outline=ink, width=24)
    reading = recognizer.recognize(model_input(image))
    assert reading.ranked[0][0] == 8 and not reading.not_sure


@pytest.mark.parametrize("invert", [False, True])
def test_a_bold_digit_in_a_tight_crop_is_no_sheet_on_a_desk(recognizer, invert):
    # MNIST's test digit 93 four times its size: its strokes are a fifth of the picture thick,
    # solid like a small sheet of paper, but far less of it is solid than of a sheet.
    image = Image.open(DATA / "mnist-bold-3.png")
    big = image.resize((112, 112), Image.Resampling.BICUBIC)
    if invert:
        big = ImageOps.invert(big)
    assert ink_intensity(big)[56, 68] > 200  # a point of the 3's middle stroke is ink
    assert read_drawings(recognizer, [big])[0].number == "3"


def test_a_bold_digit_small_in_a_wide_picture_is_not_taken_for_a_printed_box(recognizer):
    # A new user's 1200x300 picture: at working size the 8's own outline looks like a box.
    image = Image.open(DATA / "bold-8-wide.png")
    reading = recognizer.recognize(model_input(image))
    assert reading.ranked[0][0] == 8 and not reading.not_sure


def test_lines_along_two_edges_do_not_flip_the_polarity(recognizer):
    image = seven(size=(300, 200))
    draw = ImageDraw.Draw(image)
    draw.line([(0, 2), (299, 2)], fill=0, width=5)  # the border's median is now dark
    draw.line([(2, 0), (2, 199)], fill=0, width=5)
    draw.line([(0, 197), (299, 197)], fill=0, width=5)
    assert reads_seven(recognizer, image)


def photographed(image: Image.Image, tmp_path: Path) -> Image.Image:
    """The picture as a camera gives it: noise, a little blur, JPEG; loaded like a file."""
    rng = np.random.default_rng(0)
    pixels = np.asarray(image, dtype=np.float64) + rng.normal(0, 5, (image.height, image.width))
    blurred = Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(1.2)
    )
    blurred.save(tmp_path / "photo.jpg", quality=82)
    return load_image(tmp_path / "photo.jpg")


@pytest.mark.parametrize("page", [(780, 720), (620, 560)])  # half the photo, a third
def test_a_page_on_a_photo_of_a_dark_desk(recognizer, tmp_path, page):
    # The page stands out from the desk far more than the ink: its ink is still dark.
    desk = Image.new("L", (1200, 900), 58)
    sheet = Image.new("L", page, 232)
    x, y = page[0] // 2 - 40, page[1] // 2 - 45
    ImageDraw.Draw(sheet).line([(x, y), (x + 70, y), (x + 20, y + 90)], fill=30, width=7)
    corner = ((1200 - page[0]) // 2, (900 - page[1]) // 2)
    desk.paste(sheet, corner)
    found = find_digit(photographed(desk, tmp_path))
    truth = (corner[0] + x - 4, corner[1] + y - 4, corner[0] + x + 74, corner[1] + y + 94)
    assert overlap(found.box, truth) > 0.7, found.box  # the strokes' box
    reading = recognizer.recognize(found.input)
    assert reading.ranked[0][0] == 7 and not reading.not_sure


def test_a_margin_line_on_ruled_paper_is_taken_out_with_the_rules(recognizer, tmp_path):
    # The rules and the margin are level and upright: fitted to the rules alone, a slight
    # tilt does as well, and would leave the margin behind as a stroke.
    page = Image.new("RGB", (1240, 1754), (245, 243, 235))
    draw = ImageDraw.Draw(page)
    for y in range(150, 1754, 45):
        draw.line([(0, y), (1239, y)], fill=(170, 190, 230), width=2)
    draw.line([(125, 0), (125, 1753)], fill=(230, 150, 150), width=2)
    draw.line([(500, 760), (580, 760), (520, 890)], fill=(30, 30, 90), width=7)
    page.save(tmp_path / "page.jpg", quality=88)
    found = find_digit(load_image(tmp_path / "page.jpg"))
    assert overlap(found.box, (496, 756, 584, 894)) > 0.7, found.box
    reading = recognizer.recognize(found.input)
    assert reading.ranked[0][0] == 7 and not reading.not_sure


def test_light_falling_off_and_a_shadow(recognizer):
    ramp = np.linspace(250, 90, 300)[None, :] * np.ones((200, 1))
    ramp[:, 200:] *= 0.5  # a hard shadow over the right third
    paper = Image.fromarray(ramp.astype(np.uint8))
    ink = np.asarray(seven()) < 128
    image = np.where(ink, np.asarray(paper) * 0.2, np.asarray(paper)).astype(np.uint8)
    assert reads_seven(recognizer, Image.fromarray(image))


def test_a_thin_line_on_a_large_canvas_gets_full_strength(recognizer):
    image = Image.new("L", (1600, 1200), 255)
    ImageDraw.Draw(image).line([(600, 300), (1000, 300), (720, 950)], fill=0, width=2)
    x = model_input(image)
    assert x.max() > 0.9
    assert reads_seven(recognizer, image)


def test_a_small_digit_on_a_big_page_is_found(recognizer, tmp_path):
    # Shrunk on loading to 2,000 pixels across, the 7 is 50 pixels tall with strokes 1.5 wide:
    # shrunk again to the photo road's working size, they would fade to nothing.
    page = Image.new("L", (8000, 8000), 255)
    ImageDraw.Draw(page).line([(4000, 4000), (4090, 4000), (4030, 4200)], fill=0, width=6)
    page.save(tmp_path / "page.png")
    image = load_image(tmp_path / "page.png")
    assert reads_seven(recognizer, image)
    x0, y0, x1, y1 = digit_box(image)
    assert min(x0, y0) >= 3990 and x1 <= 4100 and y1 <= 4210


# ---- clean images are read exactly as before ---------------------------------------------


def legacy_intensity(image: Image.Image) -> np.ndarray:
    """ink_intensity as the shipped model was trained on it (preprocessing version 1)."""
    from digitpad.core.picture import to_grey

    def border_median(values):
        return float(
            np.median(np.concatenate([values[0], values[-1], values[:, 0], values[:, -1]]))
        )

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"))
        if border_median(alpha) < 128:
            return alpha
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    grey = np.asarray(to_grey(image))
    return 255 - grey if border_median(grey) > 127 else grey


def legacy_model_input(image: Image.Image) -> np.ndarray | None:
    """model_input as the shipped model was trained on it (preprocessing version 1)."""
    from digitpad.core.preprocess import _centre_by_mass

    intensity = legacy_intensity(image)
    ink = intensity * (intensity >= INK_LEVEL)
    if int(ink.sum()) < MIN_INK_MASS * 255:
        return None
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    crop = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height, width = crop.shape
    scale = BOX_SIZE / max(height, width)
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = Image.fromarray(crop).resize(new_size, Image.Resampling.LANCZOS)
    return _centre_by_mass(np.asarray(resized, dtype=np.float32) / 255.0)


def same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and np.array_equal(a, b))


def test_canvas_exports_are_read_exactly_as_before(tmp_path):
    for path in sorted(SAMPLES.glob("pen-*.json")):
        export = export_image(read_ink(path))  # black ink on a white canvas
        assert same(model_input(export), legacy_model_input(export)), path.name
        export.save(tmp_path / "export.png")
        loaded = load_image(tmp_path / "export.png")
        assert same(model_input(loaded), legacy_model_input(loaded)), path.name


def test_mnist_digits_are_read_exactly_as_before():
    for path in sorted(SAMPLES.glob("mnist-*.png")):
        image = load_image(path)
        assert same(model_input(image), legacy_model_input(image)), path.name
        # Larger MNIST-style pictures (white on black) too.
        big = image.resize((112, 112), Image.Resampling.BICUBIC)
        assert same(model_input(big), legacy_model_input(big)), path.name


def test_plain_scans_and_drawings_are_read_exactly_as_before():
    rng = np.random.default_rng(1)
    scan = np.asarray(seven(size=(850, 1100), width=20), dtype=np.int16)
    scan = np.clip(scan - rng.integers(0, 6, scan.shape), 0, 255).astype(np.uint8)
    images = [
        Image.fromarray(scan),
        seven(),
        seven(ink=255, paper=0),
        seven().convert("RGB"),
        seven().convert("RGBA"),
    ]
    for image in images:
        assert same(model_input(image), legacy_model_input(image))
        assert np.array_equal(ink_intensity(image), legacy_intensity(image))


def test_the_box_of_a_clean_image_holds_its_ink():
    image = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(image).rectangle((120, 50, 159, 249), fill=0)
    assert digit_box(image) == (120, 50, 160, 250)
    assert digit_box(Image.new("L", (400, 300), 255)) is None


@pytest.mark.xfail(
    strict=True,
    reason="components._cut_touching cuts the wide, bold 3 (183 pixels across, 175 tall, pen "
    "35) into three pieces, read '5??' (as PNG into two, which the reader joins again)",
)
def test_a_number_on_ruled_paper_saved_as_jpeg_reads_as_the_png_does(recognizer):
    # A tester's picture of 385 on blue-ruled paper: as PNG it reads "385".
    [reading] = read_drawings(recognizer, [load_image(DATA / "385-ruled.jpg")])
    assert reading.number == "385"
