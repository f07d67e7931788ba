"""Pictures of numbers: which numbers the pair network and the cut rounds each make right or wrong.

    python docs/wip/what_each_step_does.py

Reads the calibration writers' 1,000 numbers (tools/make_numbers.py, seeds 0 and 1) as
pictures three times: as the reader is, without the pair network (reader.PAIR_SURE and
REJECTED_PAIR_SURE above 1) and without cut rounds (reader.ROUNDS 0), and prints, for each
step, how many numbers have the right digit count with and without it, and the numbers it
makes wrong (the number, read with it, read without it).
"""

import sys
from pathlib import Path

sys.path[:0] = ["tools", "."]
import make_numbers  # noqa: E402

from digitpad.core import reader  # noqa: E402
from digitpad.core.recognizer import Recognizer  # noqa: E402
from digitpad.core.render import export_image  # noqa: E402


def main() -> None:
    recognizer = Recognizer()
    samples = make_numbers.pen_samples(Path("../shared/data"), "calibration")
    numbers = [n for seed in (0, 1) for n in make_numbers.make_numbers(samples, 500, seed)]
    pictures = [export_image(n.ink) for n in numbers]

    def read() -> list[str]:
        return [r.number if r else "" for r in reader.read_drawings(recognizer, pictures)]

    def right(got: str, text: str) -> bool:
        return len(got) == len(text)

    shipped = read()
    print(f"as it is: {sum(map(right, shipped, [n.text for n in numbers]))} right digit counts")
    steps = {
        "the pair network": {"PAIR_SURE": 1.01, "REJECTED_PAIR_SURE": 1.01},
        "the cut rounds": {"ROUNDS": 0},
    }
    for step, settings in steps.items():
        kept = {name: getattr(reader, name) for name in settings}
        for name, value in settings.items():
            setattr(reader, name, value)
        without = read()
        for name, value in kept.items():
            setattr(reader, name, value)
        texts = [n.text for n in numbers]
        made_right = sum(
            right(a, t) and not right(b, t) for a, b, t in zip(shipped, without, texts)
        )
        made_wrong = [
            (t, a, b) for a, b, t in zip(shipped, without, texts) if right(b, t) > right(a, t)
        ]
        print(
            f"without {step}: {sum(map(right, without, texts))} right digit counts; it makes "
            f"{made_right} right and {len(made_wrong)} wrong"
        )
        for text, got, instead in made_wrong:
            print(f"   {text}: read {got}, without it {instead}")


if __name__ == "__main__":
    main()
