"""A picture of a number split into its digits, left to right: its blobs of ink, cut and joined.

Lengths are in units of the picture's digit height h: the median height of its blobs that are
at least half as tall as the tallest.

The blobs of ink (8-connected pixels that model_input would keep) are cut where they hold
digits that touch, then joined with the first four rules of segment.py, in no order, while what
they join stays at most GROUP_WIDE across (so that rules met by whole digits cannot chain a
number into one wide "digit"; one in 400 single digits is 1.4 across). A cut is the cheapest
top-to-bottom path through a blob (ink pixels cost 1, steps BEND) that keeps out of the blob's
loops (holes at least HOLE tall, gaps under a pen width closed; in a blob narrower than
ALMOST_UNDER, also loops left open by up to ALMOST pens), crosses one run of ink no longer than
NECK pens that is not a bar going on at both sides (except near the top: a 7's bar over its
neighbour), or two runs at most LENS apart (strokes of two digits that cross), or up to
WIDE_RUNS in a blob at least WIDE across; the ink on either side must fill SIDE of h's rows and
be a pen wide. CUT_TRIES candidates are tried, cheapest first. No blob is cut where h is under
SMALLEST_PAIR pixels (an MNIST-sized picture holds one digit). A single digit gives the image
itself, unless an underline (segment.py) was left out of it (not where h is under
SMALLEST_PAIR).

reader.py asks the network about a digit it doubts, reading the cuts that image_cuts offers.
Tuned on the calibration writers of tools/make_numbers.py, never on the test writers.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from digitpad.core.preprocess import INK_LEVEL, ink_intensity
from digitpad.core.segment import (
    LOOK,
    STEP,
    Box,
    Part,
    absorb_marks,
    digit_height,
    framing,
    line_rule,
    same_digit,
    without_separators,
    without_underlines,
)

# All lengths are shares of the digit height h unless said otherwise.
PAIR_WIDE = 0.4  # a blob narrower than this is never cut
# Nor is one in a picture whose digits are less than this many pixels tall: MNIST's 28x28
# pictures hold one digit 20 pixels tall, and two digits that small would not be legible.
# Bold MNIST digits were cut ("0" read as "13"); image_cuts offers no cut of them either.
SMALLEST_PAIR = 32
SIDE = 0.75  # the ink on either side of a cut covers at least this many rows
NECK = 1.5  # a cut through one run of ink crosses at most this many pen widths of it
EDGE = 0.2  # a bar this near the blob's top may be cut (a 7's bar over its neighbour)
HOLE = 0.4  # a cut keeps out of holes in the ink at least this tall
# A blob narrower than ALMOST_UNDER is most likely one digit: its cut also keeps out of loops
# left open by up to ALMOST pen widths (a 0 whose ends stop short) at least ALMOST_WIDE across.
ALMOST = 4.0
ALMOST_UNDER = 1.2
ALMOST_WIDE = 0.35
LENS = 0.4  # a cut across two runs of ink has them at most this far apart
WIDE = 1.0  # a blob at least this wide is most likely two digits: it may be cut
WIDE_RUNS = 3  # across this many runs of ink
BEND = 0.01  # the cost of one step of a cut, against 1 for each ink pixel it crosses
CUT_TRIES = 16  # the cheapest cuts tried, at least a pen width apart in the blob's middle row
GROUP_WIDE = 1.6  # image pieces are joined only into a digit at most this wide
MARGIN = 0.5  # a digit's crop has at least this much white paper around its ink
# Cuts offered for the network to judge (image_cuts): in digits at least CHECK_WIDE of their
# own height across (a 1 touching its neighbour makes a blob about half as wide as tall), the
# CHECK_TRIES cheapest paths.
CHECK_WIDE = 0.5
CHECK_TRIES = 12
# A crop is cut at most CUT_SIDE pixels across (a photo's digit, often 1,000 pixels or more,
# is shrunk first): each side becomes a 28x28 input, so more pixels would only cost time.
CUT_SIDE = 400
# A piece of a frame's blob at least this share of the height of what it holds tall, lying
# more than a pen and a half inside its outline, is a digit touching it (image_without_frame).
TOUCHING = 0.5


def split_image(image: Image.Image) -> list[tuple[Box, Image.Image]]:
    """The digits of an image, left to right: (box, crop) each.

    box is (x0, y0, x1, y1) around the digit's ink in image pixels, x1 and y1 exclusive. crop
    is the ink in that box, the other digits' ink left out, as black on a square of white paper
    ("L", MARGIN of h around the ink). One digit gives the whole image itself as its crop, so
    that it reads exactly as the image does; an image with no ink gives [].
    """
    intensity = ink_intensity(image)
    mask = intensity >= INK_LEVEL
    labels, count = connected_components(mask)
    if count == 0:
        return []
    pixels = _blob_pixels(labels)
    height = digit_height(pixels)
    pen = _pen_width(mask)
    pieces = [piece for p in pixels for piece in _cut_touching(p, height, pen)]
    cell = max(1.0, STEP * height)
    parts = [Part(_thin_out(p, cell), [i]) for i, p in enumerate(pieces)]
    # Blobs hold their whole pen width: the gap between them is their ink's (no pen to take
    # off). In an MNIST-sized picture a gap of a pixel or two is more likely a broken stroke.
    if height >= SMALLEST_PAIR:
        kept = without_separators(without_underlines(parts, height, 0.0), height, 0.0)
    else:
        kept = parts
    digits = [
        np.concatenate([pieces[i] for i in group.members])
        for group in _group_unordered(kept, height, cell)
    ]
    if len(digits) == 1 and len(kept) == len(parts):
        return [(_pixel_box(digits[0]), image)]
    digits.sort(key=lambda d: (d[:, 0].min() + d[:, 0].max()) / 2)
    owner = np.zeros(mask.shape, dtype=np.int32)  # digit number + 1 of each ink pixel
    left_out = set(range(len(pieces))) - {i for part in kept for i in part.members}
    for i in left_out:  # an underline: in no digit's crop
        owner[pieces[i][:, 1], pieces[i][:, 0]] = -1
    for number, digit in enumerate(digits):
        owner[digit[:, 1], digit[:, 0]] = number + 1
    results = []
    for number, digit in enumerate(digits):
        x0, y0, x1, y1 = _pixel_box(digit)
        window = intensity[y0:y1, x0:x1].copy()
        others = owner[y0:y1, x0:x1]
        window[(others != 0) & (others != number + 1)] = 0
        results.append(((x0, y0, x1, y1), _on_paper(window, height)))
    return results


def image_without_frame(image: Image.Image, least: float = 0.0) -> Image.Image | None:
    """The picture's ink, black on white paper ("L", the picture's size), less the blob whose
    box holds those of all the others (a box or ring drawn around a digit or a number), the
    others at least least of its height tall together and its ink around them (segment.framing);
    None when no blob is such a frame. A digit that touches the frame from inside stays: only
    the frame's outline goes (_outline)."""
    intensity = ink_intensity(image)
    labels, count = connected_components(intensity >= INK_LEVEL)
    if count < 2:
        return None
    blobs = _blob_pixels(labels)
    boxes = [_pixel_box(blob) for blob in blobs]
    frame = framing(boxes, blobs, least)
    if frame is None:
        return None
    inside = [box for k, box in enumerate(boxes) if k != frame]
    held = max(box[3] for box in inside) - min(box[1] for box in inside)
    x0, y0, x1, y1 = boxes[frame]
    outline = np.zeros(labels.shape, dtype=np.uint8)
    outline[y0:y1, x0:x1] = _outline(labels[y0:y1, x0:x1] == frame + 1, held)
    # The frame's faint edge too: its pixels under INK_LEVEL lie next to the ones over it.
    edge = np.asarray(Image.fromarray(outline * 255).filter(ImageFilter.MaxFilter(3))) > 0
    edge &= ~(labels == frame + 1) | outline.astype(bool)  # not the ink of a digit touching it
    return Image.fromarray(255 - np.where(edge, 0, intensity).astype(np.uint8))


def _outline(frame: np.ndarray, held: float) -> np.ndarray:
    """A frame blob's (h, w) bool mask less the ink of digits that touch it from inside: the
    pixels within a pen and a half of the paper around it, and any piece left deeper in than
    that which is less than TOUCHING of held (the height of what the frame holds) tall."""
    reach = round(1.5 * _pen_width(frame)) + 1
    labels, _ = connected_components(np.pad(~frame, 1, constant_values=True))
    outside = labels == 1  # the paper reached from around the frame, the padding's too
    deep = frame & ~_grow(outside, reach)[1:-1, 1:-1]
    kept = np.zeros_like(frame)
    pieces, count = connected_components(deep)
    for piece in _blob_pixels(pieces) if count else []:
        if np.ptp(piece[:, 1]) + 1 >= TOUCHING * held:
            kept[piece[:, 1], piece[:, 0]] = True
    return frame & ~_grow(kept, 1)  # with a pixel around them: their own faint edge


def image_cuts(
    crop: Image.Image, origin: tuple[float, float] = (0.0, 0.0), scale: float = 1.0
) -> list[tuple[Box, Image.Image, Box, Image.Image]]:
    """Where a digit of an image might be cut into two that touch: (box, crop) of each side.

    crop is one of split_image's or image_cuts's digits (or a part of a picture), origin the
    image pixel at its top-left corner and scale its pixels per image pixel (crop_geometry);
    the boxes returned are in the image's pixels. Unlike
    split_image's own cuts these are not judged by their shape: they are the CHECK_TRIES
    cheapest paths through a digit at least CHECK_WIDE of its height across and SMALLEST_PAIR
    image pixels tall, for the network to judge (reader.py). Digit height here is the ink's
    own: one digit, or two side by side.
    A crop more than CUT_SIDE pixels across is shrunk to that first (Pillow's box filter);
    the boxes are still in the image's pixels, the sides' crops are the shrunk ones.
    """
    shrink = min(1.0, CUT_SIDE / max(crop.size))
    if shrink < 1.0:
        size = (max(1, round(crop.width * shrink)), max(1, round(crop.height * shrink)))
        crop = crop.resize(size, Image.Resampling.BOX)
        scale *= shrink
    intensity = ink_intensity(crop)
    mask = intensity >= INK_LEVEL
    rows, cols = np.nonzero(mask)
    if not len(rows):
        return []
    ink = np.column_stack([cols, rows])
    width, height = ink.max(axis=0) - ink.min(axis=0) + 1
    pen = _pen_width(mask)
    margin = max(1, round(pen))
    if width < CHECK_WIDE * height or width < 2 * margin + 1 or height < SMALLEST_PAIR * scale:
        return []
    _, grid = _cut_grid(ink, margin)
    cuts = []
    for path, _ in _cut_paths(grid, pen, np.inf, CHECK_TRIES):
        sides = _sides(ink, path)
        if not all(_big_enough(side, height, pen) for side in sides):
            continue
        cut = []
        for side in sides:
            sx0, sy0, sx1, sy1 = _pixel_box(side)
            window = np.zeros((sy1 - sy0, sx1 - sx0), dtype=intensity.dtype)
            window[side[:, 1] - sy0, side[:, 0] - sx0] = intensity[side[:, 1], side[:, 0]]
            side_box = (
                origin[0] + sx0 / scale,
                origin[1] + sy0 / scale,
                origin[0] + sx1 / scale,
                origin[1] + sy1 / scale,
            )
            cut += [side_box, _on_paper(window, height)]
        cuts.append(tuple(cut))
    return cuts


def joined_crops(box: Box, a: tuple[Box, Image.Image], b: tuple[Box, Image.Image]) -> Image.Image:
    """Two digits of an image, each (box, split_image's crop), as one crop of both: their ink
    in box, the box around both (image pixels), on paper as split_image makes it."""
    x0, y0, x1, y1 = (round(v) for v in box)
    window = np.zeros((y1 - y0, x1 - x0), dtype=np.uint8)
    for box, crop in a, b:
        left, top = paper_origin(crop, box)
        ink = 255 - np.asarray(crop.convert("L"))
        # The crop's pixels that fall inside the box around both.
        rows = slice(max(y0, top), min(y1, top + crop.height))
        cols = slice(max(x0, left), min(x1, left + crop.width))
        inside = ink[rows.start - top : rows.stop - top, cols.start - left : cols.stop - left]
        here = window[rows.start - y0 : rows.stop - y0, cols.start - x0 : cols.stop - x0]
        np.maximum(here, inside, out=here)
    return _on_paper(window, y1 - y0)


def crop_geometry(crop: Image.Image, box: Box) -> tuple[tuple[float, float], float]:
    """Where a digit's crop (split_image's or image_cuts's: its ink alone, on white paper) lies
    in the image whose box (image pixels) holds the digit: the image pixel at the crop's
    top-left corner, and the crop's pixels per image pixel (below 1 for image_cuts's sides of
    a shrunk crop). Both come from the crop's ink, whose box is the digit's: its pixels hold
    the image's ink intensity as split_image and image_cuts found it, so no need to find it
    again (ink_intensity, a few ms a crop)."""
    rows, cols = np.nonzero(255 - np.asarray(crop.convert("L"), dtype=np.int16) >= INK_LEVEL)
    if not len(rows):
        return (float(box[0]), float(box[1])), 1.0
    across = max(cols.max() + 1 - cols.min(), rows.max() + 1 - rows.min())
    scale = float(across) / max(box[2] - box[0], box[3] - box[1], 1)
    return (box[0] - cols.min() / scale, box[1] - rows.min() / scale), scale


def paper_origin(crop: Image.Image, box: Box) -> tuple[int, int]:
    """The image pixel at the top-left corner of split_image's crop of the digit in box."""
    return (
        int(box[0]) - (crop.width - int(box[2] - box[0])) // 2,
        int(box[1]) - (crop.height - int(box[3] - box[1])) // 2,
    )


def _on_paper(window: np.ndarray, height: float) -> Image.Image:
    """An ink intensity window as black ink in the middle of a square of white paper.

    The paper reaches MARGIN digit heights beyond the ink: the digit then looks like a canvas
    export to model_input, whatever the size of its neighbours.
    """
    rows, cols = window.shape
    side = max(rows, cols) + 2 * max(2, round(MARGIN * height))
    paper = np.zeros((side, side), dtype=np.uint8)
    top, left = (side - rows) // 2, (side - cols) // 2
    paper[top : top + rows, left : left + cols] = window
    return Image.fromarray(255 - paper)


def pens_across(image: Image.Image) -> float:
    """How many pen widths (_pen_width) a picture's ink is across: the longer side of its box
    over the pen's width, both in its pixels; inf when it holds no ink."""
    mask = ink_intensity(image) >= INK_LEVEL
    rows, columns = np.nonzero(mask)
    if not len(rows):
        return float("inf")
    side = max(rows.max() - rows.min(), columns.max() - columns.min()) + 1
    return float(side) / _pen_width(mask)


def _pen_width(mask: np.ndarray) -> float:
    """The pen's width in pixels: the shorter of the median runs of ink across and down."""
    medians = []
    for runs in (mask, mask.T):
        steps = np.diff(np.pad(runs, ((0, 0), (1, 1))).astype(np.int8), axis=1)
        lengths = np.nonzero(steps == -1)[1] - np.nonzero(steps == 1)[1]
        medians.append(float(np.median(lengths)) if len(lengths) else 1.0)
    return min(medians)


def _cut_touching(ink: np.ndarray, height: float, pen: float) -> list[np.ndarray]:
    """A blob's (x, y) pixels, (n, 2) int, cut where it holds digits that touch; recursively.

    pen is the pen's width in pixels. The cut is the module docstring's: the cheapest of
    CUT_TRIES candidate paths that crosses the ink as two touching digits would.
    """
    width = ink[:, 0].max() - ink[:, 0].min() + 1
    margin = max(1, round(pen))  # a side is at least a pen wide (a 1)
    if width < 2 * margin + 1 or width < PAIR_WIDE * height or height < SMALLEST_PAIR:
        return [ink]
    solid, grid = _cut_grid(ink, margin)
    grid[_big_holes(solid, HOLE * height, pen)] = np.inf  # and out of loops (a 0, an 8's)
    if width < ALMOST_UNDER * height:
        grid[_big_holes(solid, HOLE * height, ALMOST * pen, ALMOST_WIDE * height)] = np.inf
    wide = width >= WIDE * height  # most likely two digits: a cut may cross more ink
    limit = (WIDE_RUNS if wide else 2) * NECK * pen
    for path, cost in _cut_paths(grid, pen, limit, CUT_TRIES):
        starts, ends = _crossings(solid, path)
        if not (wide and len(starts) <= WIDE_RUNS) and not _clean_cut(
            solid, path, starts, ends, cost, height, pen
        ):
            continue
        left, right = _sides(ink, path)
        if _big_enough(left, height, pen) and _big_enough(right, height, pen):
            return _cut_touching(left, height, pen) + _cut_touching(right, height, pen)
    return [ink]


def _cut_grid(ink: np.ndarray, margin: int) -> tuple[np.ndarray, np.ndarray]:
    """A blob's (x, y) pixels as a (rows, width) bool mask of its box, and the cost of a cut
    through each cell: an ink pixel 1, a step BEND (the straightest thinnest path), the margin
    pixels at either side out of reach (a side is at least that wide)."""
    low = ink.min(axis=0)
    width, rows = ink.max(axis=0) - low + 1
    solid = np.zeros((rows, width), dtype=bool)
    solid[ink[:, 1] - low[1], ink[:, 0] - low[0]] = True
    grid = solid + BEND
    grid[:, :margin] = grid[:, width - margin :] = np.inf
    return solid, grid


def _cut_paths(grid: np.ndarray, pen: float, limit: float, tries: int):
    """Top-to-bottom paths through a (rows, width) cost grid, cheapest first: (path, cost).

    path is the column of each row; cost counts the ink crossed, not the steps. At most tries
    paths, at least a pen width apart in the middle row, none costing more than limit.
    """
    rows, width = grid.shape
    middle = rows // 2
    down, down_moves = _cheapest_paths(grid[: middle + 1])
    up, up_moves = _cheapest_paths(grid[middle:][::-1])
    # The cheapest path through each column of the middle row (inf: off the edges).
    through = np.full(width, np.inf)
    inside = np.isfinite(grid[middle])
    through[inside] = down[inside] + up[inside] - grid[middle][inside] - BEND * rows
    tried: list[int] = []
    for column in np.argsort(through, kind="stable"):
        if not np.isfinite(through[column]) or through[column] > limit or len(tried) >= tries:
            break
        if any(abs(column - t) <= pen for t in tried):
            continue
        tried.append(int(column))
        path = np.concatenate([_trace(down_moves, column), _trace(up_moves, column)[::-1][1:]])
        yield path, float(through[column])


def _sides(ink: np.ndarray, path: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A blob's (x, y) pixels left and right of a cut path (a column of its box per row)."""
    x0, y0 = ink.min(axis=0)
    left = ink[:, 0] - x0 < path[ink[:, 1] - y0]
    return ink[left], ink[~left]


def _cheapest_paths(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Costs of the cheapest paths from the first row of grid to each column of its last.

    A path steps one row down and at most one column aside at a time. Also returns each
    cell's step, -1, 0 or 1: the column it came from, relative to its own.
    """
    rows, width = grid.shape
    total, moves = grid[0].copy(), np.zeros((rows, width), dtype=np.int8)
    steps = np.array([0, -1, 1], dtype=np.int8)
    for row in range(1, rows):
        choices = np.stack(
            [total, np.concatenate([[np.inf], total[:-1]]), np.concatenate([total[1:], [np.inf]])]
        )
        best = choices.argmin(axis=0)
        moves[row] = steps[best]
        total = grid[row] + choices[best, np.arange(width)]
    return total, moves


def _trace(moves: np.ndarray, column: int) -> np.ndarray:
    """The columns of the cheapest path ending at column of the last row, first row first."""
    path = np.empty(len(moves), dtype=np.int64)
    path[-1] = column
    for row in range(len(moves) - 1, 0, -1):
        path[row - 1] = path[row] + moves[row, path[row]]
    return path


def _big_holes(solid: np.ndarray, tall: float, gap: float, wide: float = 0.0) -> np.ndarray:
    """The background that the ink encloses in holes at least tall high and wide across, once
    gaps in the ink narrower than gap pixels are closed (a 0 whose ends do not quite meet)."""
    reach = max(1, round(gap / 2))
    closed = _grow(solid, reach)
    labels, count = connected_components(np.pad(~closed, 1, constant_values=True))
    labels = labels[1:-1, 1:-1]
    rows, cols = np.nonzero(labels)
    found = labels[rows, cols]
    top = np.full(count + 1, np.inf)
    bottom = np.full(count + 1, -np.inf)
    np.minimum.at(top, found, rows)
    np.maximum.at(bottom, found, rows)
    left = np.full(count + 1, np.inf)
    right = np.full(count + 1, -np.inf)
    np.minimum.at(left, found, cols)
    np.maximum.at(right, found, cols)
    big = (bottom - top + 1 + 2 * reach >= tall) & (right - left + 1 + 2 * reach >= wide)
    big[:2] = False  # 0: ink; 1: the background all around, reached from the padding
    return _grow(big[labels], reach + 1) & ~solid


def _grow(mask: np.ndarray, steps: int) -> np.ndarray:
    """The mask grown by steps pixels up, down, left and right (a diamond)."""
    for _ in range(steps):
        grown = mask.copy()
        grown[1:] |= mask[:-1]
        grown[:-1] |= mask[1:]
        grown[:, 1:] |= mask[:, :-1]
        grown[:, :-1] |= mask[:, 1:]
        mask = grown
    return mask


def _crossings(solid: np.ndarray, path: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and last rows of each run of ink that a path (a column per row) crosses."""
    crossed = solid[np.arange(len(path)), path].astype(np.int8)
    starts = np.flatnonzero(np.diff(crossed, prepend=0) == 1)
    ends = np.flatnonzero(np.diff(crossed, append=0) == -1)
    return starts, ends


def _clean_cut(
    solid: np.ndarray,
    path: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    cost: float,
    height: float,
    pen: float,
) -> bool:
    """Whether a path through the ink crosses it where two digits meet.

    That is one thin run of ink that does not go on at both sides (a neck, not a bar), or two
    at most LENS apart (where the strokes of two digits cross).
    """
    if len(starts) == 1:
        # A bar may reach over a neighbour at the top (a 7's, a 5's), not lower (a 4's, a 0's).
        through = starts[0] > EDGE * height and _runs_through(solid, path, starts[0], ends[0], pen)
        return cost <= NECK * pen and not through
    # Where two digits' strokes cross, near each other: not a loop's top and bottom.
    return len(starts) == 2 and starts[1] - ends[0] <= LENS * height


def _runs_through(solid: np.ndarray, path: np.ndarray, first: int, last: int, pen: float) -> bool:
    """Whether the ink the path crosses in rows first-last goes on NECK pens at both sides."""
    reach = max(2, round(NECK * pen))
    centre = round(float(path[first : last + 1].mean()))
    ink = solid[first : last + 1]
    left = ink[:, max(0, centre - reach) : centre].any(axis=0)
    right = ink[:, centre + 1 : centre + 1 + reach].any(axis=0)
    return bool(len(left) == reach and left.all() and len(right) == reach and right.all())


def _big_enough(pixels: np.ndarray, height: float, pen: float) -> bool:
    """Whether (x, y) pixels have ink in SIDE of h's rows and span a pen width across."""
    if not len(pixels):
        return False
    rows = len(np.unique(pixels[:, 1]))
    return bool(rows >= SIDE * height and np.ptp(pixels[:, 0]) + 1 >= pen)


def connected_components(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected components of a (h, w) bool mask: int32 labels 1..count (0: none), count.

    Works on the runs of ink in each row, joined to the runs they touch in the row above.
    """
    padded = np.pad(mask, ((0, 0), (1, 1))).astype(np.int8)
    steps = np.diff(padded, axis=1)
    run_rows, starts = np.nonzero(steps == 1)
    ends = np.nonzero(steps == -1)[1]  # exclusive; same order as starts (row-major)
    parent = list(range(len(starts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of_row = np.searchsorted(run_rows, np.arange(mask.shape[0] + 1))
    for row in range(1, mask.shape[0]):
        above = range(first_of_row[row - 1], first_of_row[row])
        here = range(first_of_row[row], first_of_row[row + 1])
        j = above.start
        for i in here:
            # Runs of the row above that touch run i, diagonals included.
            while j < above.stop and ends[j] < starts[i]:
                j += 1
            k = j
            while k < above.stop and starts[k] <= ends[i]:
                a, b = root(i), root(k)
                if a != b:
                    parent[max(a, b)] = min(a, b)
                k += 1
    roots = np.array([root(i) for i in range(len(starts))], dtype=np.int64)
    unique, run_labels = np.unique(roots, return_inverse=True)
    labels = np.zeros(mask.shape, dtype=np.int32)
    for row, start, end, label in zip(run_rows, starts, ends, run_labels + 1):
        labels[row, start:end] = label
    return labels, len(unique)


def _thin_out(pixels: np.ndarray, cell: float) -> np.ndarray:
    """One point per cell-sized square of a component's (x, y) pixels, for measuring gaps."""
    if cell <= 1.0:
        return pixels.astype(np.float64)
    cells = np.floor(pixels / cell).astype(np.int64)
    # One number per cell, in the order of np.unique(cells, axis=0), which sorts far slower.
    rows = int(cells[:, 1].max()) + 1
    keys = np.unique(cells[:, 0] * rows + cells[:, 1])
    return (np.column_stack([keys // rows, keys % rows]) + 0.5) * cell


def _blob_pixels(labels: np.ndarray) -> list[np.ndarray]:
    """The (x, y) pixels of each blob of connected_components' labels, in label order."""
    rows, cols = np.nonzero(labels)
    ids = labels[rows, cols] - 1
    order = np.argsort(ids, kind="stable")
    return np.split(np.column_stack([cols, rows])[order], np.cumsum(np.bincount(ids))[:-1])


def _pixel_box(pixels: np.ndarray) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of (x, y) pixels, x1 and y1 exclusive."""
    low, high = pixels.min(axis=0), pixels.max(axis=0) + 1
    return int(low[0]), int(low[1]), int(high[0]), int(high[1])


def _group_unordered(parts: list[Part], height: float, pen: float) -> list[Part]:
    """Join image pieces into digits until no two of them belong together; left to right."""
    groups = sorted(parts, key=lambda g: g.box[0])
    apart = line_rule(parts)
    merged = True
    while merged and len(groups) > 1:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if groups[j].box[0] - groups[i].box[2] > LOOK * height:
                    break  # sorted by left edge: the rest lie further right
                joined = max(groups[i].box[2], groups[j].box[2]) - groups[i].box[0]
                if (
                    joined <= GROUP_WIDE * height
                    and not apart(groups[i], groups[j])
                    and same_digit(groups[i], groups[j], height, pen)
                ):
                    groups[i] = groups[i].merged(groups.pop(j))
                    groups.sort(key=lambda g: g.box[0])
                    merged = True
                    break
            if merged:
                break
    groups = absorb_marks(groups, height, pen)
    return sorted(groups, key=lambda g: (g.box[0] + g.box[2]) / 2)
