"""Draw digitpad's icon (a handwritten 7 beside three probability bars) as PNG, ICO and ICNS.

    .venv/bin/python tools/make_icon.py

It replaces assets/icon.png, icon.ico and icon.icns.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SIZE = 1024


def draw_icon() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (40, 40, SIZE - 40, SIZE - 40),
        radius=200,
        fill=(255, 255, 255, 255),
        outline=(210, 215, 224, 255),
        width=12,
    )
    pen = 92
    seven = [(170, 250), (560, 250), (330, 800)]
    draw.line(seven, fill=(29, 31, 36, 255), width=pen, joint="curve")
    for x, y in (seven[0], seven[-1]):
        draw.ellipse((x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2), fill=(29, 31, 36, 255))
    for i, (length, colour) in enumerate(
        [(300, (47, 111, 222)), (120, (185, 192, 204)), (60, (185, 192, 204))]
    ):
        top = 560 + i * 110
        draw.rounded_rectangle((600, top, 600 + length, top + 70), radius=20, fill=colour)
    return image


def main() -> None:
    argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="It replaces assets/icon.png, icon.ico and icon.icns.",
    ).parse_args()
    icon = draw_icon()
    assets = ROOT / "assets"
    icon.resize((256, 256), Image.Resampling.LANCZOS).save(assets / "icon.png")
    icon.save(
        assets / "icon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    )
    icon.resize((512, 512), Image.Resampling.LANCZOS).save(assets / "icon.icns")
    print("wrote assets/icon.png, icon.ico and icon.icns")


if __name__ == "__main__":
    main()
