"""Two rules against the adapter's faint evidence, measured on the calibration writers.

    python docs/wip/adapter_rules.py

Simulates the 306 calibration users of docs/decisions/personal.md (tools/evaluate.py's
simulate_writer and one_sample) with digitpad/core/adapt.py as it is, with a least
similarity (a sample below it gives no evidence) and with the memory sharing out only the
network's probability of the digits it holds samples of. Prints, per rule, the mean relative
reduction after 20 corrections, the errors, the writers made worse, and the one-sample
profiles' broken and doubted readings.
"""

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tools"), str(ROOT)]

import evaluate  # noqa: E402

from digitpad.core import adapt  # noqa: E402
from digitpad.core.evaluation import model_input  # noqa: E402
from digitpad.core.recognizer import Recognizer, softmax  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


class LeastSimilarity(adapt.Adapter):
    least = 0.7

    def evidence(self, features: np.ndarray) -> np.ndarray:
        m, copies, d = self.embeddings.shape
        cosines = adapt.embed(features) @ self.embeddings.reshape(m * copies, d).T
        similarity = cosines.reshape(-1, m, copies).max(axis=2)
        kernel = np.exp((similarity - 1.0) / self.settings.sigma) * (similarity >= self.least)
        return kernel @ self._onehot


class KnownDigitsOnly(adapt.Adapter):
    def probabilities(self, logits, features, temperature):
        network = softmax(np.asarray(logits, np.float32) / temperature).mean(axis=0)
        evidence = self.evidence(features)
        evidence *= (network[:, :10] >= self.settings.plausible) | (
            evidence >= self.settings.overrule
        )
        total = evidence.sum(axis=1, keepdims=True)
        weight = total / (total + self.settings.kappa)
        known = np.isin(np.arange(10), self.labels)
        share = network[:, :10][:, known].sum(axis=1, keepdims=True)
        mixed = network.copy()
        mixed[:, :10] = np.where(
            known,
            (1 - weight) * network[:, :10] + weight * share * evidence / np.maximum(total, 1e-30),
            network[:, :10],
        )
        return mixed.astype(np.float32)


def users(recognizer: Recognizer) -> list[tuple]:
    simulated = evaluate.personal_writers(DATA, "calibration", 20)
    out = []
    for render in range(3):
        for tilt in (0.0, 15.0, -15.0):
            rng = np.random.default_rng(12345 + render)
            for samples in simulated.values():
                pairs = [(evaluate.pen_ink(s, rng, tilt=tilt), s.label) for s in samples]
                inputs = [model_input(ink) for ink, _ in pairs]
                labels = np.array([label for (_, label), x in zip(pairs, inputs) if x is not None])
                inputs = np.stack([x for x in inputs if x is not None])
                base, _, _ = evaluate.read_batch(recognizer, list(inputs))
                logits, features = recognizer.view_outputs(inputs)
                embeddings = adapt.sample_embeddings(recognizer, inputs[: len(labels) // 2])
                out.append((logits, features, embeddings, labels, np.asarray(base)))
    return out


def measure(name: str, recognizer: Recognizer, simulated: list[tuple]) -> None:
    cells, lone = [], dict.fromkeys(("sure_right", "broken", "doubted"), 0)
    for logits, features, embeddings, labels, base in simulated:
        row = evaluate.simulate_writer(
            recognizer, logits, features, embeddings, labels, base, adapt.DEFAULT
        )
        cells.append(row["20"])
        for key, value in evaluate.one_sample(
            recognizer, logits, features, embeddings, labels, adapt.DEFAULT
        ).items():
            if key in lone:
                lone[key] += value
    erring = [c for c in cells if c["before"] > 0]
    reduction = np.mean([1 - c["after"] / c["before"] for c in erring])
    before = round(sum(c["before"] * c["read"] for c in cells))
    after = round(sum(c["after"] * c["read"] for c in cells))
    worse = sum(c["after"] > c["before"] for c in cells)
    print(
        f"{name}: reduction {reduction:.1%}, errors {before} -> {after}, {worse} writers worse; "
        f"one sample: {lone['broken']} broken, {lone['doubted']} doubted of {lone['sure_right']}"
    )


def main() -> None:
    recognizer = Recognizer()
    simulated = users(recognizer)
    shipped = adapt.Adapter
    rules = [("as shipped", shipped)]
    for least in (0.7, 0.8):
        rules.append(
            (f"least similarity {least}", type("Least", (LeastSimilarity,), {"least": least}))
        )
    rules.append(("known digits only", KnownDigitsOnly))
    for name, rule in rules:
        adapt.Adapter = rule  # simulate_writer and one_sample build their adapters from it
        try:
            measure(name, recognizer, simulated)
        finally:
            adapt.Adapter = shipped


if __name__ == "__main__":
    main()
