"""Finding the ink of a picture: clean images as the model was trained on them, and photos.

Images take one of two roads. A clean image (a canvas export, a scan of dark ink on white
paper, an MNIST-style digit) is read exactly as the model was trained on: the ink is what
differs from pure paper, its polarity told by the border (lone specks on the paper, dust on a
scan, are first taken out by a median filter); paper of an even tint (cream, grey) is levelled
to white first. Anything else is a photo, analysed at most WORK_SIDE pixels across: the paper
(its colour, uneven light, shadows) is estimated by a morphological closing and the ink
measured against it; the polarity is told by the skew of the picture's fine detail; printed
lines and boxes are found by their straightness and left out, and so are specks; then the
strokes are stretched to full contrast and widened where thin, before preprocess crops, scales
and centres the ink as for any drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageStat

Box = tuple[int, int, int, int]
# Ink below this level is treated as background noise (JPEG ringing, paper texture).
INK_LEVEL = 40

# ---- the photo road: all lengths are shares of the working image's shorter side ---------
TINY_SIDE = 64  # images no larger than this are always clean (MNIST's are 28 pixels)
WORK_SIDE = 512  # a photo is analysed at most this many pixels across
BACKGROUND_SPAN = 0.1  # the background is estimated over windows this wide
BOLD_SPAN = 2.5  # and at least this many times as wide as strokes that clearly stand out
THIN = 3  # working pixels: lines this narrow are thin (a pencil, a fine pen)
FINE_NOISE = 0.6  # a thin line stands out by this many times NOISE_SIGMAS times the fine noise
POLARITY_SPAN = 0.1  # fine detail, for telling dark ink from light: finer than this
# In a picture framed by even paper (EVEN_SHARE of its border within EVEN_LEVELS grey levels
# of the border's median) whose ink clearly stands out to one side (STANDS_OUT grey levels,
# on at least EVEN_INK of the picture, four times more than to the other), that side is the
# ink's, however bold its strokes. What stands out on more than EVEN_INK_MOST of the picture
# is no ink: the frame is a table, and the sheet on it stands out, its ink the other way.
EVEN_SHARE = 0.98
EVEN_LEVELS = 16
STANDS_OUT = 48
EVEN_INK = 0.01
EVEN_INK_MOST = 0.4
# Nor is what stands out solid across SHEET_CORE of the picture's side on at least
# SHEET_CORE_SHARE of it: that is a sheet (one filling over a quarter of the picture), not a
# bold digit filling a tight crop, whose thickest strokes hold at most 9% of it, mostly under 5%.
SHEET_CORE = 0.2
SHEET_CORE_SHARE = 0.05
# A small sheet on a large desk: the number written on it leaves no stroke-free part SHEET_CORE
# across ("3071" on a sheet a third of the picture wide read "?71?11111", the sheet as ink).
SHEET_STROKES = 0.02
NOISE_SIGMAS = 5.0  # ink stands out from the background by this many noise deviations
STRONG_SIGMAS = 7.0  # and a digit's strongest ink by this many (a blank page's noise does not)
MIN_SPREAD = 1.5  # grey levels: no picture's noise is taken to be smaller (JPEG's, at least)
INK_TAIL = 20.0  # spreads: no part of paper has a tail this far out (see _noise)
MIN_CONTRAST = 0.03  # and is at least this much darker (or lighter) than the paper
WASHED_OUT = 0.4  # paper with this share of its excess exactly 0 is washed out to white
GRID_COVER = 0.9  # on such paper, a thin row or column marked along this share is a line
LINE_SIGMAS = 3.0  # printed lines are looked for down to this many deviations
LINE_COVER = 0.6  # a printed line has ink along this share of its length, at least
LINE_RUN = 0.2  # in one run at least this long, however it is broken elsewhere
LINE_END = 0.1  # and reaches this close to both edges of the picture
EDGE_TO_EDGE = 1  # working pixels: a line this near both edges crosses a clean image too
LINE_LENGTH = 0.3  # lines through a corner are looked for down to this share of the side
LINE_EDGE_LENGTH = 0.1  # and lines leaving the picture through its edge down to this
LINE_TILT = 6.0  # lines are looked for up to this many degrees off the horizontal or vertical
LINE_TILT_STEP = 0.1
SEGMENT = 0.15  # straight runs at least this long may be the sides of a printed box
LINE_MARGIN = 2.0  # ink on a line stays where it is this many times darker than the line
GAP = 3  # pixels: a line's ink may have gaps this long
PAGE_LINES = 3  # lines at least: a ruled or squared page, whose lines are measured together
ODD_LINE = 1.5  # and a band with this many times their usual ink holds digits' bars
ODD_LINE_LEAST = 25  # percentile along such a band: its line alone
GRID_LINES = 2  # lines both across and down, at least: squared paper
BOX_CORNER = 0.05  # where two sides of a box meet, their ends are at most this far apart
BOX_THICKNESS = 0.025  # and its sides are at most this thick (with a pixel either side)
BOX_OUTSIDE = 0.25  # a box holds the digit: less ink than this share of the inside's is out
CELL = 1 / 48  # digit parts closer than about this many cells are one blob
KEEP_BLOB = 0.25  # blobs with less than this share of the strongest one's ink are specks
KEEP_NUMBER_BLOB = 0.1  # the same for ink_intensity, which keeps every digit of a number
TALL_BLOB = 0.6  # and every blob at least this share of the strongest one's height tall
DIGIT_CONTRAST = 0.06  # a digit's strokes are at least this much darker than the paper
DIGIT_EXTENT = 0.05  # and reach at least this far across
STROKE_WIDTH = 0.07  # thinner strokes are thickened to this share of the digit's size
# A clean image: most of its pixels are within this of pure paper, and its ink is this strong.
CLEAN_PAPER = 8
CLEAN_INK = 160
CLEAN_STROKE = 0.02  # and its strokes at least this share of its size wide (trained: 0.02-0.17)
LEVELLED_FAINT = 0.3  # tinted paper is clean when at most this share of its marks is faint
SPECKS = 0.01  # paper is specked when this share of its strong ink is lone pixels (dust, noise)
MEDIAN_PASSES = 3  # and is filtered until it is not, at most this many times
EDGE_LINE_WIDTH = 0.015  # a line along an edge is at most this share of the short side thick
EDGE_LINE_CONTRAST = 24  # grey levels from the picture's median, at least
EDGE_LINE_COVER = 0.95  # along this share of the edge


def picture_ink(image: Image.Image, one_digit: bool) -> tuple[np.ndarray, int, Box | None]:
    """The ink of a picture of any mode: a (height, width) uint8 array, bright where ink is;
    how many of the image's pixels one of its pixels spans (an int, 1 for a clean image);
    and for a photo the box (x0, y0, x1, y1) of its ink in those pixels, before thin strokes
    were thickened, else None.

    A clean image gives exactly the intensity the model was trained on (factor 1); a photo
    its cleaned ink at the working resolution, at most WORK_SIDE pixels across. one_digit:
    a photo's specks are judged as beside one digit (model_input), else as beside the digits
    of a number, whose 1s hold little ink (ink_intensity; see _blobs).
    """
    if _transparent_background(image):
        return _clean_intensity(image), 1, None
    grey = _paper_grey(image)
    if max(grey.size) <= TINY_SIDE:
        levelled = _levelled(grey)
        return (_polarised(grey) if levelled is None else levelled[1]), 1, None
    grey = _without_edge_lines(grey)
    clean = _polarised(grey)
    for _ in range(MEDIAN_PASSES):
        if not _specked(clean):
            break
        # Salt-and-pepper noise: a 3x3 median, its usual filter, takes out the lone pixels (and
        # pairs) that would join the digit's box, and keeps strokes wider than a pixel; a
        # clump of dense specks shrinks to a lone pixel that the next pass takes.
        grey = grey.filter(ImageFilter.MedianFilter(3))
        clean = _polarised(grey)
    factor = -(-max(grey.size) // WORK_SIDE)
    work = grey.reduce(factor) if factor > 1 else grey
    photo = _Photo(work)
    if _is_clean(clean, photo, grey):
        return clean, 1, None
    levelled = _levelled(grey)
    if levelled is not None and _is_clean(levelled[1], photo, levelled[0]):
        return levelled[1], 1, None
    ink, box = photo.ink(one_digit)
    return ink, factor, box


def _without_edge_lines(grey: Image.Image) -> Image.Image:
    """A grey image with each straight line along one of its edges (a page's ruling or grid,
    cropped through) painted over with the paper beside it.

    Such a line is at most EDGE_LINE_WIDTH of the side thick, stands out from the picture's
    median by EDGE_LINE_CONTRAST along EDGE_LINE_COVER of the edge, and the pixels just
    inside it do not (a stroke of a digit cut by the crop goes on inward). The background
    estimate of _Photo would take such a line for paper, and a clean image keep it as a 1.
    """
    values = np.asarray(grey)
    paper = ImageStat.Stat(grey).median[0]  # from the histogram: a large photo's in a moment
    painted = None
    most = max(1, round(EDGE_LINE_WIDTH * min(values.shape)))
    for side in range(4):
        view = np.rot90(values if painted is None else painted, side)
        stands_out = np.abs(view[: most + 1].astype(np.float32) - paper) >= EDGE_LINE_CONTRAST
        cover = stands_out.mean(axis=1)
        width = 0
        while width < most and cover[width] >= EDGE_LINE_COVER:
            width += 1
        if width == 0 or cover[width] >= 1 - EDGE_LINE_COVER:
            continue
        view = view.copy()
        view[:width] = view[width]
        painted = np.rot90(view, -side)
    return grey if painted is None else Image.fromarray(np.ascontiguousarray(painted))


def _clean_intensity(image: Image.Image) -> np.ndarray:
    """The ink of a clean image: (height, width) uint8, polarity from the border's median."""
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"))
        if _border_median(alpha) < 128:
            # Transparent background: whatever is opaque is ink, dark or light.
            return alpha
        # Opaque background: a transparent pixel counts as light background.
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return _polarised(to_grey(image))


def _has_alpha(image: Image.Image) -> bool:
    """Whether an image has transparency that RGBA keeps: an alpha band, or a palette's
    transparent entry (not Image.has_transparency_data, which also counts a 16-bit grey
    image's transparent value, lost in the conversion to RGBA)."""
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _transparent_background(image: Image.Image) -> bool:
    if _has_alpha(image):
        return _border_median(np.asarray(image.convert("RGBA").getchannel("A"))) < 128
    return False


def _paper_grey(image: Image.Image) -> Image.Image:
    """The image as "L", transparent pixels counting as white paper."""
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return to_grey(image)


def _polarised(grey: Image.Image) -> np.ndarray:
    """The clean intensity of a grey image, as _clean_intensity makes it: bright ink."""
    clean = np.asarray(grey)
    return 255 - clean if _border_median(clean) > 127 else clean


def _specked(clean: np.ndarray) -> bool:
    """Whether mostly pure paper is sprinkled with specks: at least SPECKS of the strong ink
    (bright in clean, uint8) is lone pixels with only pure paper around them."""
    paper = clean <= CLEAN_PAPER
    if np.count_nonzero(paper) < paper.size / 2:
        return False  # not clean paper: a photo's ink and noise are the photo road's work
    ys, xs = np.nonzero(clean >= CLEAN_INK)
    around = np.pad(paper, 1, constant_values=True)
    lone = np.ones(len(ys), dtype=bool)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            if (dy, dx) != (1, 1):
                lone &= around[ys + dy, xs + dx]
    return len(ys) > 0 and np.count_nonzero(lone) >= SPECKS * len(ys)


def _levelled(grey: Image.Image) -> tuple[Image.Image, np.ndarray] | None:
    """A grey image framed by even paper of a tint (cream, grey, a dark slate), its levels
    stretched so that the paper is white (or black) and the darkest (lightest) ink stays, and
    its clean intensity (_polarised); None when the paper is uneven or already within
    CLEAN_PAPER of white or black, or when faint grey is more than LEVELLED_FAINT of what
    stands out from the paper.

    Such a picture is as clean as one on white paper: it is read as one, not as a photo.
    """
    paper = _even_paper(np.asarray(grey))
    if paper is None or min(paper, 255 - paper) <= CLEAN_PAPER:
        return None
    if paper > 127:  # dark ink on light paper
        levels = [min(255, round(v * 255 / paper)) for v in range(256)]
    else:
        levels = [max(0, round((v - paper) * 255 / (255 - paper))) for v in range(256)]
    levelled = grey.point(levels)
    # Faint grey beyond the strokes' soft edges is texture, a grid or ruling: a photo's.
    clean = _polarised(levelled)
    faint = np.count_nonzero((clean > CLEAN_PAPER) & (clean < INK_LEVEL))
    marks = faint + np.count_nonzero(clean >= INK_LEVEL)
    return (levelled, clean) if faint <= LEVELLED_FAINT * marks else None


def _is_clean(clean: np.ndarray, photo: _Photo, grey: Image.Image) -> bool:
    """Whether the image reads right as it is: pure paper, strong ink, no lines, no doubt."""
    # A printed line crosses the whole picture; a digit's stroke in a tight crop stops short.
    if photo.lines_across:
        return False
    if photo.dark_ink != (_border_median(np.asarray(grey)) > 127):
        return False  # the border says otherwise: lines along it, a shadow, a dark corner
    strokes = clean >= INK_LEVEL
    paper = np.count_nonzero(clean <= CLEAN_PAPER) / clean.size
    ink = np.count_nonzero(strokes) / clean.size
    if paper < 0.5 or ink > 0.4:
        return False
    # The strokes must stay strong at the working resolution, and wide enough for the 20x20
    # box: a fine pen on a big picture fades when shrunk. Only the ink and the paper around it
    # are shrunk: a small digit on a big page would fade to nothing, and so fail both roads.
    around = _ink_surroundings(clean, strokes)
    shrunk = -(-max(around.shape) // WORK_SIDE)
    small = Image.fromarray(around).reduce(shrunk) if shrunk > 1 else Image.fromarray(around)
    if int(np.asarray(small).max()) < CLEAN_INK:
        return False
    # Measured against the height of a line of the ink: a number is far wider than its strokes
    # suggest, and two lines of it far taller ("20" over "26" was taken for a faint photo).
    width, _ = _stroke_width(strokes)
    return width >= CLEAN_STROKE * _line_height(strokes)


def _ink_surroundings(clean: np.ndarray, strokes: np.ndarray) -> np.ndarray:
    """The part of a clean intensity array (uint8, bright ink) around its strokes (a bool mask
    of the same shape): their box grown by its longer side on every side, within the array;
    the whole array when there are no strokes."""
    box = mask_box(strokes)
    if box is None:
        return clean
    x0, y0, x1, y1 = box
    grow = max(x1 - x0, y1 - y0)
    return clean[max(0, y0 - grow) : y1 + grow, max(0, x0 - grow) : x1 + grow]


def to_grey(image: Image.Image) -> Image.Image:
    """8-bit greyscale ("L") of any mode; 16-bit and float images are scaled, not clipped (a
    float image of 0-1 intensity too)."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        values = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or values.max() > 255 else 255.0
        if image.mode == "F" and 0 < values.max() <= 1:
            top = 1.0
        return Image.fromarray(np.clip(values * (255.0 / top), 0, 255).astype(np.uint8))
    if image.mode == "1":
        return image.convert("L")
    if image.mode == "RGB":
        return image.convert("L")  # what the other modes get through RGB, without a copy
    return image.convert("RGB").convert("L") if image.mode != "L" else image


def _border_median(values: np.ndarray) -> float:
    return float(np.median(_border(values)))


def _border(values: np.ndarray) -> np.ndarray:
    """The values along a 2-d array's four edges (corners twice)."""
    return np.concatenate([values[0], values[-1], values[:, 0], values[:, -1]])


def mask_box(mask: np.ndarray) -> Box | None:
    """The box (x0, y0, x1, y1) of a 2-D array's nonzero pixels, x1 and y1 one past the last;
    None when it has none."""
    rows = np.flatnonzero(mask.any(axis=1))
    if len(rows) == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


# ---- photos -------------------------------------------------------------------------------


class _Photo:
    """The analysis of a photo at working resolution: background, polarity, lines, contrast."""

    def __init__(self, work: Image.Image) -> None:
        grey = np.asarray(work, dtype=np.float32)
        side = min(grey.shape)
        self.dark_ink = _dark_ink(work, side)
        # Strokes wider than the span would be taken for paper (a marker's, cropped close): on
        # even paper, where they show, the span is BOLD_SPAN times their width at least.
        bold = BOLD_SPAN * _stroke_width_on_even_paper(grey, self.dark_ink)
        span = max(3, round(max(BACKGROUND_SPAN * side, bold)) | 1)
        # Morphological closing (opening for light ink): the paper with every dark (light)
        # mark narrower than span taken out. Unlike a blur, it keeps a shadow's sharp edge.
        # The picture is padded by its own edge for it: a shadow's sliver along the edge is
        # then as wide as the padding, not a dark mark narrower than span.
        padded = np.pad(grey, span, mode="edge")
        if self.dark_ink:
            paper = _running(np.minimum, _running(np.maximum, padded, span), span)
            paper = paper[span:-span, span:-span]
            excess = paper - grey
            fine = _ridge(grey)
        else:
            paper = _running(np.maximum, _running(np.minimum, padded, span), span)
            paper = paper[span:-span, span:-span]
            excess = grey - paper
            fine = _ridge(-grey)
        # Ink is told from noise in grey levels (the camera's noise is the same in the shade)
        # and measured relative to the paper (the ink is as much darker in the shade). A thin
        # line (a pencil, a fine pen) is told from the noise of the finest detail alone, where
        # the paper's blotches and the light's unevenness do not show.
        self.scale = np.maximum(paper, 8.0)
        line_level = _noise_floor(excess, fine, LINE_SIGMAS, tail=False)
        line_floor = np.maximum(line_level / self.scale, MIN_CONTRAST / 2)
        contrast = excess / self.scale
        self.lines_across = False  # a line runs from edge to edge, squared paper, or a box
        found = []
        ruled = []  # how many lines across, then down, the page has
        # Lines across and down the page are turned alike: the clearer of the two tilts wins.
        mask = contrast >= line_floor
        (across, sure_across), (down, sure_down) = _tilt(mask), _tilt(mask.T)
        slope = across if sure_across >= sure_down else -down
        for transpose in (False, True):
            view, floor = (contrast.T, line_floor.T) if transpose else (contrast, line_floor)
            cleaned, across, segments, count = _straight_lines(
                view, floor, -slope if transpose else slope
            )
            if transpose:
                cleaned = cleaned.T
                segments = [_Segment(s.start[::-1], s.end[::-1], s.thickness) for s in segments]
            self.lines_across |= across
            contrast = cleaned
            found.append(segments)
            ruled.append(count)
        # Squared paper's lines cross it, even where one along its very edge (taken for its
        # background) hides where the others end; a row of 1s has no lines the other way.
        self.lines_across |= min(ruled) >= GRID_LINES
        # The noise that ink must stand out from, measured without the lines.
        excess = contrast * self.scale
        self.strong_level = _noise_floor(excess, fine, STRONG_SIGMAS, tail=True)
        level = _noise_floor(excess, fine, NOISE_SIGMAS, tail=True)
        self.floor = np.maximum(level / self.scale, MIN_CONTRAST)
        box = _find_box(found[0], found[1], contrast.shape)
        if box is not None:
            # Only what lies inside a box is read, if that is where the ink is.
            corners, thickness = box
            shape = Image.new("L", contrast.shape[::-1], 0)
            ImageDraw.Draw(shape).polygon([tuple(c) for c in corners], fill=1)
            shape = np.asarray(shape)
            inner = _running(np.minimum, shape, 2 * thickness + 3)
            outer = _running(np.maximum, shape, 2 * thickness + 3)
            ink = np.clip(contrast - self.floor, 0, None)
            inside = ink[inner > 0].sum()
            # A "box" with nothing inside is a bold digit's own outline, seen small.
            if inside > 0 and ink[outer == 0].sum() <= BOX_OUTSIDE * inside:
                self.lines_across = True
                contrast = contrast * inner
        self.contrast = contrast
        self.side = side

    def ink(self, one_digit: bool) -> tuple[np.ndarray, Box | None]:
        """The cleaned ink (uint8), strokes at full strength and at least a readable width,
        and the box of the ink before the strokes were widened; nothing to read: zeros, None.
        """
        contrast = self.contrast
        excess = np.clip(contrast - self.floor, 0, None)
        mask = excess > 0
        keep = _blobs(excess, one_digit)
        empty = np.zeros(contrast.shape, np.uint8), None
        if keep is None:
            return empty
        mask &= keep
        x0, y0, x1, y1 = mask_box(mask)
        extent = max(x1 - x0, y1 - y0)
        # A digit, not the paper's noise: wide enough, well above the noise, dark enough.
        above_noise = contrast[mask] * self.scale[mask] - self.strong_level[mask]
        if (
            extent < DIGIT_EXTENT * self.side
            or np.percentile(above_noise, 95) < 0
            or np.percentile(contrast[mask], 95) < DIGIT_CONTRAST
        ):
            return empty
        top = float(np.percentile(excess[mask], 95))
        ink = np.clip(excess / max(top, 1e-3), 0, 1) * keep
        strong = ink >= INK_LEVEL / 255
        box = mask_box(strong)
        return (_thicken(ink, by_height=not one_digit) * 255 + 0.5).astype(np.uint8), box


def _running(pick, values: np.ndarray, size: int) -> np.ndarray:
    """Running maximum or minimum (pick) over size x size windows, edges repeated; separable.

    Pillow's MaxFilter and MinFilter do the same but look at all size² pixels of each window:
    0.7 s for a 25-pixel window on 512x384 pixels, where this takes a few milliseconds.
    """
    for axis in (0, 1):
        values = _running_1d(pick, values, size, axis)
    return values


def _running_1d(pick, values: np.ndarray, size: int, axis: int) -> np.ndarray:
    """Running pick over windows of size (odd) along one axis: log2(size) steps of doubling."""
    if size <= 1:
        return values
    moved = np.moveaxis(values, axis, 0)
    n = moved.shape[0]
    half = size // 2
    padded = np.concatenate([np.repeat(moved[:1], half, 0), moved, np.repeat(moved[-1:], half, 0)])
    window, result = 1, padded
    while 2 * window <= size:
        result = pick(result[:-window], result[window:])
        window *= 2
    # result[i] covers padded[i : i + window]; two overlapping windows cover size.
    rest = size - window
    out = pick(result[:n], result[rest : rest + n]) if rest else result[:n]
    return np.moveaxis(out, 0, axis)


def _noise(excess: np.ndarray, tail: bool) -> tuple[float, float]:
    """The paper's typical excess over the background and its spread, in grey levels.

    The spread is a robust standard deviation (at least MIN_SPREAD) from the median's
    side, and with tail also from the upper tail: the excess is never negative, and on a
    smooth picture most of it is exactly 0. The tail is that of most parts of the picture
    (the median over an 8x8 grid of its 90th percentiles), so ink filling a few parts does not
    count, nor do parts whose tail is INK_TAIL spreads out (strokes, not noise); printed lines
    fill them all, so the tail only counts once they are gone.
    """
    sample = excess[::2, ::2]
    centre = float(np.median(sample))
    spread = 1.4826 * float(np.median(np.abs(sample - centre)))
    if np.count_nonzero(sample == 0) >= WASHED_OUT * sample.size:
        # Paper washed out to pure white: the median's side alone would take its grain for
        # nothing, and the specks for printed lines; the upper quartile's side sees it. Thin
        # rows and columns marked all along are lines (squared paper's grid), not grain.
        marked = sample > 0
        rows = ~_thin_runs(marked.mean(axis=1) >= GRID_COVER)
        cols = ~_thin_runs(marked.mean(axis=0) >= GRID_COVER)
        paper = sample[np.ix_(rows, cols)] if rows.any() and cols.any() else sample
        spread = max(spread, 1.4826 * (float(np.percentile(paper, 75)) - centre))
    if tail:
        height, width = sample.shape
        across, down = min(8, width), min(8, height)
        rows, cols = height // down, width // across
        blocks = sample[: down * rows, : across * cols].reshape(down, rows, across, cols)
        parts = blocks.swapaxes(1, 2).reshape(down * across, -1)
        tails = np.percentile(parts, 90, axis=1)
        # A part whose tail lies INK_TAIL spreads out holds strokes, not noise: a close crop
        # of a number on flat paper has them in most parts.
        tails = tails[tails <= centre + INK_TAIL * max(spread, MIN_SPREAD)]
        if len(tails):
            spread = max(spread, (float(np.median(tails)) - centre) / 1.2816)
    return centre, max(spread, MIN_SPREAD)


def _thin_runs(flags: np.ndarray) -> np.ndarray:
    """The flags (1-d bool) that lie in runs of at most THIN // 2 + 1: lines of at most THIN
    pixels in a picture sampled every second pixel."""
    thin = np.zeros_like(flags)
    for start, stop in _true_runs(flags):
        thin[start:stop] = stop - start <= THIN // 2 + 1
    return thin


def _ridge(grey: np.ndarray) -> np.ndarray:
    """How much each pixel is darker than the pixels on both sides of it, in some direction.

    A thin dark line (up to THIN pixels wide) stands out this way across it; the edge of a
    shadow, darker on one side only, does not.
    """
    padded = np.pad(grey, THIN, mode="edge")
    height, width = grey.shape
    best = np.zeros_like(grey)
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        for reach in range(1, THIN // 2 + 2):
            oy, ox = dy * reach, dx * reach

            def at(y: int, x: int) -> np.ndarray:
                return padded[THIN + y : THIN + y + height, THIN + x : THIN + x + width]

            np.maximum(best, np.minimum(at(-oy, -ox), at(oy, ox)) - grey, out=best)
    return best


def _noise_floor(excess: np.ndarray, fine: np.ndarray, sigmas: float, tail: bool) -> np.ndarray:
    """Per pixel, the excess over the paper (grey levels) that noise alone stays below.

    Where a thin line stands out from the finest detail's own noise (its 99th percentile, at
    least 2 levels: most pixels are paper), that noise counts; elsewhere that of the excess.
    """
    centre, spread = _noise(excess, tail)
    fine_level = sigmas * FINE_NOISE * max(float(np.percentile(fine[::2, ::2], 99)), 2.0)
    return np.where(fine >= fine_level, fine_level, centre + sigmas * spread)


def _dark_ink(work: Image.Image, side: int) -> bool:
    """Whether the ink is darker than the paper: the skew of the picture's fine detail.

    Strokes stand out from their surroundings far more than the paper between them does, so
    the fine detail (the picture less its local mean) leans to the ink's side. The edge of a
    shadow or of a pool of light leans both ways alike and cancels out. Strokes wider than that
    detail (a bold digit filling the picture) lean the other way: even paper all round the
    picture decides then.
    """
    grey = np.asarray(work, dtype=np.float64)
    median = _even_paper(grey)
    if median is not None:
        # On even paper the ink is what stands out from it, clearly to one side.
        darker = np.count_nonzero(grey < median - STANDS_OUT)
        lighter = np.count_nonzero(grey > median + STANDS_OUT)
        most = max(darker, lighter)
        if EVEN_INK * grey.size <= most and min(darker, lighter) * 4 <= most:
            standing_out = (
                grey < median - STANDS_OUT if darker > lighter else grey > median + STANDS_OUT
            )
            if most <= EVEN_INK_MOST * grey.size and not _has_core(standing_out, side):
                return darker > lighter
            # A sheet stands out from the table it lies on: its ink stands out from it the
            # other way (dark on a page lighter than the desk, chalk on a slate).
            return lighter > darker
    radius = max(1, round(POLARITY_SPAN * side))
    # The local mean of the picture mirrored at its edges: Pillow's blur repeats the edge
    # pixels, and a table showing along the edge of a photographed page then makes the paper
    # beside it stand out as light ink would.
    pad = radius + 1
    mirrored = Image.fromarray(np.pad(np.asarray(work), pad, mode="reflect"))
    local = np.asarray(mirrored.filter(ImageFilter.BoxBlur(radius)), dtype=np.float64)
    detail = grey - local[pad:-pad, pad:-pad]
    return bool(np.sum(detail**3) <= 0)


def _even_paper(grey: np.ndarray) -> float | None:
    """The grey level of the paper framing a picture when it is even (EVEN_SHARE of the border
    within EVEN_LEVELS of its median), else None."""
    border = _border(grey)
    median = float(np.median(border))
    return median if np.mean(np.abs(border - median) <= EVEN_LEVELS) >= EVEN_SHARE else None


def _stroke_width_on_even_paper(grey: np.ndarray, dark_ink: bool) -> float:
    """The width of the strokes (pixels) that stand out STANDS_OUT grey levels from the paper
    of a picture framed by even paper (_even_paper), else 0."""
    median = _even_paper(grey)
    if median is None:
        return 0.0
    ink = grey < median - STANDS_OUT if dark_ink else grey > median + STANDS_OUT
    return _stroke_width(ink)[0]


def _has_core(mask: np.ndarray, side: int) -> bool:
    """Whether a mask is solid somewhere across SHEET_CORE of the side (a sheet of paper, not
    a digit's strokes, which are thinner even when bold): some of it survives an erosion,
    once gaps narrower than SHEET_STROKES are closed (the strokes written on the sheet)."""
    fill = max(3, round(SHEET_STROKES * side) | 1)
    solid = _running(np.minimum, _running(np.maximum, mask.astype(np.uint8), fill), fill)
    size = max(3, round(SHEET_CORE * side) | 1)
    core = _running(np.minimum, solid, size)
    return np.count_nonzero(core) >= SHEET_CORE_SHARE * mask.size


@dataclass(frozen=True)
class _Segment:
    """A straight run of ink: its two ends (x, y) in picture pixels, and its thickness."""

    start: tuple[float, float]
    end: tuple[float, float]
    thickness: int


def _true_runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in a 1-d bool array: (start, stop) index pairs, stop one past."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(np.int8), [0]])))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _longest_run(row: np.ndarray) -> int:
    """The length of the longest run of True in a 1-d bool array."""
    return max((stop - start for start, stop in _true_runs(row)), default=0)


def _straight_lines(
    contrast: np.ndarray, threshold: np.ndarray, slope: float
) -> tuple[np.ndarray, bool, list[_Segment], int]:
    """Find straight lines near the horizontal; paint out those that cross the picture.

    The picture is sheared by the lines' slope so that they become rows. A row with ink along
    LINE_COVER of its length, LINE_RUN of it unbroken, is a printed line: its pixels get the
    weaker of the ink just above and just below it, so a stroke crossing the line keeps going
    and the line goes.
    Returns the cleaned contrast, whether one of the lines painted out runs from edge to edge
    (within EDGE_TO_EDGE), every straight run of ink at least SEGMENT long (for boxes), lines
    included, and how many lines (bands of rows) were painted out.
    """
    height, width = contrast.shape
    mask = contrast >= threshold
    shortest = SEGMENT * min(height, width)
    if np.count_nonzero(mask) < shortest:
        return contrast, False, [], 0
    # Row r of the sheared picture holds the pixels where y - slope * x = r - shift[x] + c.
    shift = -np.round(np.arange(width) * slope).astype(np.int64)
    shift -= shift.min()
    rows = height + int(shift.max())
    # sheared[r, x] = contrast[r - shift[x], x]: the lines become rows.
    source = np.arange(rows)[:, None] - shift[None, :]
    inside = (source >= 0) & (source < height)
    clipped = np.clip(source, 0, height - 1)
    columns = np.arange(width)[None, :]
    sheared = np.where(inside, contrast[clipped, columns], 0.0)
    ink = np.where(inside, mask[clipped, columns], False)
    near = ink.copy()
    near[1:] |= ink[:-1]
    near[:-1] |= ink[1:]
    # Gaps of up to GAP pixels along a row (noise, JPEG blocks) are bridged.
    before = np.zeros_like(near)
    after = np.zeros_like(near)
    for step in range(1, GAP + 1):
        before[:, step:] |= near[:, :-step]
        after[:, :-step] |= near[:, step:]
    near |= before & after
    length = inside.sum(axis=1)
    cover = near.sum(axis=1) / np.maximum(length, 1)
    # A printed line runs from edge to edge; a digit's straight stroke stops short of one.
    first = np.argmax(inside, axis=1)
    last = width - 1 - np.argmax(inside[:, ::-1], axis=1)
    start = np.where(near.any(axis=1), np.argmax(near, axis=1), width)
    end = np.where(near.any(axis=1), width - 1 - np.argmax(near[:, ::-1], axis=1), -1)
    reach = LINE_END * width
    lines = (
        (cover >= LINE_COVER)
        # A line leaving the picture through its edge shows only in part.
        & (length >= np.where(length < width, LINE_EDGE_LENGTH, LINE_LENGTH) * width)
        & (start - first <= reach)
        & (last - end <= reach)
    )
    # Not the bars of a long number's digits, lined up along their tops, broken between them.
    for row in np.flatnonzero(lines):
        lines[row] = _longest_run(near[row]) >= LINE_RUN * length[row]
    # The bands: runs of line rows, one row wider each side for the blur around them.
    band = lines.copy()
    band[1:] |= lines[:-1]
    band[:-1] |= lines[1:]
    # Straight runs, lines included, may be the sides of a box.
    segments = _runs(near, shortest, shift)
    if not lines.any():
        return contrast, False, segments, 0
    bands = _true_runs(band)
    across = bool(np.any(lines & (start - first <= EDGE_TO_EDGE) & (last - end <= EDGE_TO_EDGE)))
    # Each band's level: the line's typical peak across it; its least (where nothing but the
    # line, or nothing at all, lies in it); and its typical ink across it, which does not
    # halve where a line falls between two rows of pixels.
    levels, least, masses = [], [], []
    for start, stop in bands:
        held = inside[start:stop].any(axis=0)
        band_rows = sheared[start:stop][:, held] if held.any() else np.zeros((1, 1))
        peaks = band_rows.max(axis=0)
        levels.append(float(np.median(peaks)))
        least.append(float(np.percentile(peaks, ODD_LINE_LEAST)))
        masses.append(float(np.median(band_rows.sum(axis=0))))
    # A page's printed lines are alike: of many, a band with far more ink than most holds
    # digits' bars or strokes along it (or is such bars alone), measured where they are not.
    if len(bands) >= PAGE_LINES:
        usual = float(np.median(masses))
        levels = [
            min(level, low) if mass >= ODD_LINE * usual else level
            for level, low, mass in zip(levels, least, masses)
        ]
    for (start, stop), level in zip(bands, levels):
        above = sheared[start - 1] if start > 0 else np.zeros(width)
        below = sheared[stop] if stop < rows else np.zeros(width)
        # A stroke crossing the band straight or slanting keeps going across it.
        fill = np.minimum(above, below)
        reach = stop - start + 1
        if reach < width:
            np.maximum(fill[reach:], np.minimum(above[:-reach], below[reach:]), out=fill[reach:])
            np.maximum(fill[:-reach], np.minimum(above[reach:], below[:-reach]), out=fill[:-reach])
        # Ink far darker than the line itself (a pen stroke along a pale ruling) stays.
        band_rows = sheared[start:stop]
        sheared[start:stop] = np.where(
            band_rows >= LINE_MARGIN * level, band_rows, np.minimum(band_rows, fill)
        )
    cleaned = sheared[np.arange(height)[:, None] + shift[None, :], columns]
    return cleaned, across, segments, len(bands)


def _runs(near: np.ndarray, shortest: float, shift: np.ndarray) -> list[_Segment]:
    """Runs of ink along the rows of a sheared mask, at least shortest long, as segments.

    The runs of neighbouring rows that overlap are one segment (a line a few pixels thick).
    """
    padded = np.zeros((near.shape[0], near.shape[1] + 2), np.int8)
    padded[:, 1:-1] = near
    steps = np.diff(padded, axis=1)
    run_rows, starts = np.nonzero(steps == 1)
    ends = np.nonzero(steps == -1)[1]
    long = ends - starts >= shortest
    found: list[list[int]] = []  # [first row, last row, start, end]
    for row, start, end in zip(run_rows[long], starts[long], ends[long]):
        for item in found:
            if item[1] >= row - 1 and start < item[3] and end > item[2]:
                item[1] = row
                item[2], item[3] = min(item[2], start), max(item[3], end)
                break
        else:
            found.append([int(row), int(row), int(start), int(end)])
    segments = []
    for first, last, start, end in found:
        middle = (first + last) / 2
        segments.append(
            _Segment(
                (float(start), middle - shift[start]),
                (float(end - 1), middle - shift[end - 1]),
                last - first + 1,
            )
        )
    return segments


def _tilt(mask: np.ndarray) -> tuple[float, float]:
    """The slope (dy/dx) at which the ink makes its longest row, and that length's share of
    the width: the tilt of printed lines near the horizontal, and how sure it is.

    Only the top edge of each run of ink down a column counts, so a bold stroke counts once
    per column, like a thin line: the longest straight thing wins, not the boldest.
    """
    tops = mask.copy()
    tops[1:] &= ~mask[:-1]
    ys, xs = np.nonzero(tops)
    if len(ys) == 0:
        return 0.0, 0.0
    if len(ys) > 40_000:
        pick = np.random.default_rng(0).choice(len(ys), 40_000, replace=False)
        ys, xs = ys[pick], xs[pick]

    def longest(angle: float) -> int:
        rows = np.round(ys - xs * np.tan(angle)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        if len(counts) >= 3:  # a line may fall on two neighbouring rows
            counts = counts[:-2] + counts[1:-1] + counts[2:]
        return int(counts.max())

    # Of tilts that tie (a short line fits several), the least turned: level lines stay level.
    coarse = sorted(np.radians(np.arange(-LINE_TILT, LINE_TILT + 0.01, 0.5)), key=abs)
    best = max(coarse, key=longest)
    fine = sorted(best + np.radians(np.arange(-0.4, 0.41, LINE_TILT_STEP)), key=abs)
    angle = max(fine, key=longest)
    return float(np.tan(angle)), longest(angle) / mask.shape[1]


def _find_box(
    across: list[_Segment], down: list[_Segment], shape: tuple[int, int]
) -> tuple[list[tuple[float, float]], int] | None:
    """A printed box: two segments across and two down that meet at four corners, all of it
    inside the picture.

    Returns the corners (top-left, top-right, bottom-right, bottom-left) and the thickest
    side's thickness, or None. The largest box wins.
    """
    height, width = shape
    side = min(shape)
    reach = max(4.0, BOX_CORNER * side)
    # A printed side is thin and straight; the flat top of a round stroke is thick.
    thin = max(6.0, BOX_THICKNESS * side)
    across = [s for s in across if s.thickness <= thin]
    down = [s for s in down if s.thickness <= thin]

    def meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return abs(a[0] - b[0]) <= reach and abs(a[1] - b[1]) <= reach

    best = None
    for top in across:
        for left in (s for s in down if meet(top.start, s.start)):
            for bottom in (s for s in across if meet(left.end, s.start)):
                if bottom.start[1] - top.start[1] < SEGMENT * side:
                    continue
                for right in down:
                    if meet(top.end, right.start) and meet(bottom.end, right.end):
                        # The corners are where the sides' lines cross: a side's run of ink
                        # may stop short of a corner or run on past it.
                        corners = [
                            _crossing(top, left),
                            _crossing(top, right),
                            _crossing(bottom, right),
                            _crossing(bottom, left),
                        ]
                        if not all(
                            2 <= x <= width - 3 and 2 <= y <= height - 3 for x, y in corners
                        ):
                            continue
                        area = (top.end[0] - top.start[0]) * (bottom.start[1] - top.start[1])
                        thick = max(s.thickness for s in (top, bottom, left, right))
                        if best is None or area > best[0]:
                            best = (area, corners, thick)
    return None if best is None else (best[1], best[2])


def _crossing(a: _Segment, b: _Segment) -> tuple[float, float]:
    """Where the lines through two segments (one across, one down) cross."""
    (ax, ay), (bx, by) = a.start, b.start
    adx, ady = a.end[0] - ax, a.end[1] - ay
    bdx, bdy = b.end[0] - bx, b.end[1] - by
    det = adx * bdy - ady * bdx
    if abs(det) < 1e-9:
        return b.start
    t = ((bx - ax) * bdy - (by - ay) * bdx) / det
    return (ax + t * adx, ay + t * ady)


def _blobs(excess: np.ndarray, one_digit: bool) -> np.ndarray | None:
    """The ink worth reading as a bool mask: blobs of ink, specks left out; None if none.

    Ink (excess contrast over the noise) is grouped on a coarse grid, cells CELL of the longer
    side, neighbours joined; a blob with less than KEEP_BLOB of the strongest blob's ink is a
    speck (KEEP_NUMBER_BLOB when not one_digit: a number's 1 beside its 8 must stay, and so
    must a blob TALL_BLOB of the strongest one's height tall, a 1 beside digits joined in one).
    """
    height, width = excess.shape
    cell = max(2, round(CELL * max(height, width)))
    rows, cols = -(-height // cell), -(-width // cell)
    padded = np.zeros((rows * cell, cols * cell), np.float64)
    padded[:height, :width] = excess
    mass = padded.reshape(rows, cell, cols, cell).sum(axis=(1, 3))
    active = mass > 0
    if not active.any():
        return None
    labels = _grid_labels(active)
    totals = np.bincount(labels.ravel(), weights=mass.ravel())
    totals[0] = 0
    best = int(np.argmax(totals))
    share = KEEP_BLOB if one_digit else KEEP_NUMBER_BLOB
    kept = totals >= share * totals[best]
    if not one_digit:  # a number's 1 beside digits that join into one blob: tall, not a speck
        rows_of = [np.flatnonzero((labels == label).any(axis=1)) for label in range(len(totals))]
        tall = np.array([r[-1] - r[0] + 1 if len(r) else 0 for r in rows_of])
        kept |= tall >= TALL_BLOB * tall[best]
        kept[0] = False  # the background
    keep_cells = np.isin(labels, np.flatnonzero(kept))
    return np.repeat(np.repeat(keep_cells, cell, 0), cell, 1)[:height, :width]


def _grid_labels(active: np.ndarray) -> np.ndarray:
    """8-connected labels (1..n; 0 background) of a small bool grid, gaps of one cell bridged."""
    grown = active.copy()
    grown[1:] |= active[:-1]
    grown[:-1] |= active[1:]
    grown2 = grown.copy()
    grown2[:, 1:] |= grown[:, :-1]
    grown2[:, :-1] |= grown[:, 1:]
    labels = np.zeros(active.shape, np.int64)
    count = 0
    rows, cols = active.shape
    for start in zip(*np.nonzero(grown2)):
        if labels[start]:
            continue
        count += 1
        labels[start] = count
        stack = [start]
        while stack:
            r, c = stack.pop()
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    nr, nc = r + dr, c + dc
                    if 0 <= nr < rows and 0 <= nc < cols and grown2[nr, nc] and not labels[nr, nc]:
                        labels[nr, nc] = count
                        stack.append((nr, nc))
    return np.where(active, labels, 0)


def _stroke_width(strokes: np.ndarray) -> tuple[float, int]:
    """The typical width of the strokes of a bool mask (area over half the outline, which
    runs along both sides of a stroke), and the size of their box (its longer side)."""
    area = int(np.count_nonzero(strokes))
    if area == 0:
        return 0.0, 0
    x0, y0, x1, y1 = mask_box(strokes)
    size = max(x1 - x0, y1 - y0)
    edges = np.count_nonzero(strokes[1:] != strokes[:-1]) + np.count_nonzero(
        strokes[:, 1:] != strokes[:, :-1]
    )
    # A stroke's outline crossed by rows and columns: about 2.5 edges per pixel of length.
    return area / max(edges / 2.5, 1.0), size


def _height(strokes: np.ndarray) -> int:
    """How many rows a bool mask's ink spans, top to bottom (0 without ink)."""
    box = mask_box(strokes)
    return 0 if box is None else box[3] - box[1]


def _line_height(strokes: np.ndarray) -> int:
    """The height of a bool mask's tallest run of rows holding ink (0 without ink): one line
    of a number written in two or more."""
    return _longest_run(strokes.any(axis=1))


def _thicken(ink: np.ndarray, by_height: bool = False) -> np.ndarray:
    """Widen strokes thinner than STROKE_WIDTH of the digit's size (a fine pen, a pencil): the
    longer side of the ink's box, or its height (by_height: a number is wider than its digits)."""
    strokes = ink >= 0.5
    width, size = _stroke_width(strokes)
    if by_height:
        size = _height(strokes)
    grow = round(STROKE_WIDTH * size - width)
    if size == 0 or grow < 1:
        return ink
    return _running(np.maximum, ink, grow + 1 if grow % 2 == 0 else grow)
