"""Single digits made large, read as pictures: how many come back as more than one digit.

    python docs/wip/mnist_scaled_up.py 84                          # the reader as it is
    python docs/wip/mnist_scaled_up.py 84 PAIR_DIGITS_ALONE=0.5 PAIR_DIGITS_ALONE=0.9

MNIST's 5,000 calibration digits (the last of its training set, which no network trains on)
scaled up to SIZE pixels (bicubic), dark on white, in a picture 10/7 as large, read by
reader.read_drawings. Each further argument sets reader or components constants
(NAME=VALUE,...), in turn. See docs/decisions/pair-network.md.
"""

import sys

from PIL import Image

sys.path[:0] = ["."]
from digitpad.core import components, reader  # noqa: E402
from digitpad.core.recognizer import Recognizer  # noqa: E402
from digitpad.training.datasets import load_mnist  # noqa: E402


def main() -> None:
    recognizer = Recognizer()
    mnist = load_mnist("../shared/data/mnist")
    images, labels = mnist["train_images"][-5000:], mnist["train_labels"][-5000:]
    size = int(sys.argv[1])
    side = size * 10 // 7
    pictures = []
    for pixels in images:
        digit = Image.fromarray(255 - pixels).resize((size, size), Image.Resampling.BICUBIC)
        page = Image.new("L", (side, side), 255)
        page.paste(digit, ((side - size) // 2, (side - size) // 2))
        pictures.append(page)
    for setting in sys.argv[2:] or [""]:
        for pair in filter(None, setting.split(",")):
            name, value = pair.split("=")
            setattr(reader if hasattr(reader, name) else components, name, float(value))
        read = reader.read_drawings(recognizer, pictures)
        split = sum(1 for r in read if r and len(r.digits) > 1)
        wrong = sum(1 for r, label in zip(read, labels) if not r or r.number != str(label))
        print(
            f"{size} px {setting or 'as it is'}: {split} of 5000 read as more than one digit, "
            f"{wrong} not read as their digit",
            flush=True,
        )


if __name__ == "__main__":
    main()
