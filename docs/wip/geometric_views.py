"""Geometric test-time views beside the two stroke views, on the calibration digits.

Needs the inputs made first: the MNIST training set's last 5,000 digits and the calibration
writers' pen and UNIPEN digits, each drawn three times (evaluate.pen_ink, seeds 100-102), saved
by the first block below to /tmp/calib_inputs.npz. Prints the errors per set and style.
"""

# ruff: noqa
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parents[2] / "tools"), str(Path(__file__).parents[2])]
import numpy as np
from PIL import Image

INPUTS = Path("/tmp/calib_inputs.npz")
if not INPUTS.exists():
    import make_numbers
    from evaluate import pen_ink

    from digitpad.core.preprocess import model_input
    from digitpad.training import datasets

    data = Path("/work/shared/data")
    mnist = datasets.load_mnist(data / "mnist")
    mx = np.stack([model_input(Image.fromarray(x)) for x in mnist["train_images"][-5000:]])
    held = make_numbers.pen_samples(data, "calibration")
    px, py, pw, ps = [], [], [], []
    for seed in (100, 101, 102):
        rng = np.random.default_rng(seed)
        for d in held:
            x = model_input(pen_ink(d, rng))
            if x is not None:
                px += [x]
                py += [d.label]
                pw += [d.writer]
                ps += [str(datasets.handwriting_style(d))]
    np.savez_compressed(
        INPUTS,
        mx=mx,
        my=mnist["train_labels"][-5000:].astype(int),
        px=np.stack(px),
        py=np.array(py),
        pw=np.array(pw),
        ps=np.array(ps),
    )

import time
from digitpad.core.recognizer import Recognizer, stroke_views, softmax

d = np.load(INPUTS)
X = np.concatenate([d["mx"], d["px"]]).astype(np.float32)
Y = np.concatenate([d["my"], d["py"]])
group = np.array(
    ["mnist"] * len(d["mx"]) + [("unipen" if w.startswith("unipen") else "pen") for w in d["pw"]]
)
style = np.array(["None"] * len(d["mx"]) + list(d["ps"]))
rec = Recognizer(threads=2)
T = rec.metadata.temperature


def affine(x, m):
    im = Image.fromarray(x, mode="F")
    return np.asarray(
        im.transform((28, 28), Image.Transform.AFFINE, m, resample=Image.Resampling.BILINEAR)
    )


def rot(deg):
    a = np.deg2rad(deg)
    c, s = np.cos(a), np.sin(a)
    cx = cy = 14.0
    # output (u,v) samples input at (c*(u-cx) - s*(v-cy) + cx, s*(u-cx) + c*(v-cy) + cy)
    return (c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy)


def shear(k):
    return (1, k, -k * 14.0, 0, 1, 0)


def scale(f):
    return (1 / f, 0, 14 - 14 / f, 0, 1 / f, 14 - 14 / f)


transforms = {
    "id": None,
    "r+6": rot(6),
    "r-6": rot(-6),
    "r+12": rot(12),
    "r-12": rot(-12),
    "s+.2": shear(0.2),
    "s-.2": shear(-0.2),
    "s+.35": shear(0.35),
    "s-.35": shear(-0.35),
    "z.9": scale(0.9),
    "z1.1": scale(1.1),
}
P = {}
t = time.time()
for name, m in transforms.items():
    Xt = X if m is None else np.stack([affine(x, m) for x in X])
    for amt in (-0.5, 0.5):
        v = stroke_views(Xt, (amt,))[0]
        lg = rec.logits(v)
        P[(name, amt)] = softmax(lg / T)
print("logits", time.time() - t)


def report(keys, label):
    p = np.mean([P[k] for k in keys], axis=0)
    pred = p[:, :10].argmax(1)
    ok = pred == Y
    out = []
    for g in ("mnist", "pen", "unipen"):
        out.append(f"{g} {int((~ok[group == g]).sum()):3d}")
    for s in (
        "crossed 7",
        "9 with a small or open loop",
        "6 with an open loop",
        "continental 1",
        "7 with a curved tail",
        "one-stroke 4",
    ):
        out.append(f"{s[:6]} {int((~ok[style == s]).sum())}")
    print(f"{label:28s}", " | ".join(out))


base = [("id", -0.5), ("id", 0.5)]
report(base, "base")
for name in transforms:
    if name == "id":
        continue
    report(base + [(name, -0.5), (name, 0.5)], "+" + name)
for a, b in [
    ("r+6", "r-6"),
    ("r+12", "r-12"),
    ("s+.2", "s-.2"),
    ("s+.35", "s-.35"),
    ("z.9", "z1.1"),
]:
    report(base + [(a, -0.5), (a, 0.5), (b, -0.5), (b, 0.5)], f"+{a},{b}")
    report(base + [(a, 0.5), (b, -0.5)], f"+{a}thick,{b}thin")
