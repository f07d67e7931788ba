"""Reading a user's handwriting better from their own corrected samples, without TensorFlow.

Method: a nearest-neighbour memory of the user's samples in the network's feature space,
mixed into the network's reading as strongly as the memory has evidence for the drawing.

- A drawing's embedding g is the network's penultimate activations (model.json's
  "features"), averaged over the stroke views and scaled to unit length.
- Each sample j is kept with its VARIANTS (slightly rotated, sheared and stretched copies of
  its 28x28 input), and a drawing is as similar to it as to the nearest of them:
  s_j(x) = max over the copies v of j of cos(g(x), g_v), a transformation-invariant
  similarity in the spirit of tangent distance (Simard, LeCun and Denker, "Efficient pattern
  recognition using a new transformation distance", NIPS 1992).
- For a new drawing x, each digit c gathers the kernel evidence of the user's samples of c:
  S_c(x) = sum over the samples j of c of exp((s_j(x) - 1) / SIGMA) (a Parzen window),
  counted only for the digits that the network's reading p (its stroke views averaged, as
  always) gives at least PLAUSIBLE, or whose evidence is at least OVERRULE (about that of one
  sample as near as its own VARIANTS are to it); S(x) = sum_c S_c(x), and the memory's
  reading is q_c(x) = S_c(x) / S(x).
- The reading is p'(x) = (1 - lam(x)) p(x) + lam(x) q(x), with lam(x) = S(x) / (S(x) + KAPPA):
  the memory speaks with the weight of its evidence. Near several of the user's samples it
  decides among the digits the network finds possible, however sure the network was of one
  of them. A digit the network rules out it makes only for a drawing much like the user's
  own samples of that digit (a writer's curly 4s, read as 5s), not for one that merely
  resembles them (a 2 drawn somewhat like the writer's 3s). Far from all of them lam is ~0
  and the reading is the network's.

Parzen, "On estimation of a probability density function and mode", Ann. Math. Stat. 1962.
Mixing a network with a nearest-neighbour memory of its own features is kNN-LM (Khandelwal
et al., "Generalization through memorization: nearest neighbor language models", ICLR 2020);
a weight that grows with the neighbours' evidence is in the spirit of adaptive kNN-MT (Zheng
et al., "Adaptive nearest neighbor machine translation", ACL 2021).

SIGMA, KAPPA, PLAUSIBLE, OVERRULE and the VARIANTS were chosen on the calibration writers
only (pendigits writers 1, 14 and 26 and the UNIPEN sources app, aga and pri, writers with at
least 20 digits, each upright and tilted by ±15 degrees, three renderings):

    python tools/evaluate.py --personal --writers calibration --personal-min-digits 20 \
        --personal-tilts 0,15,-15 --personal-renders 3 \
        --personal-settings SIGMA,KAPPA,PLAUSIBLE,OVERRULE

KAPPA 0.05 with PLAUSIBLE gave the largest mean reduction there that made no writer worse;
PLAUSIBLE is the largest that read those writers as well as any smaller one did, OVERRULE
keeps the tests' curly 4s learnable (the figures are in docs/decisions/personal.md).

Fitting is storing the samples' embeddings: the network runs once on each new sample and
its variants (the embeddings are cached in the profile folder), so a correction takes effect
on the next reading. A sample taught again later as another digit (the same drawing,
SAME_DRAWING) gives way to the newer one.

An empty profile leaves every reading bit-identical (Recognizer.recognize_batch
does not call an empty adapter at all).
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import zipfile
from dataclasses import dataclass

import numpy as np
from PIL import Image

from digitpad.core.errors import InputError
from digitpad.core.files import atomic_write
from digitpad.core.preprocess import INPUT_SIZE
from digitpad.core.profile import FEATURES_CACHE, LEARNED_SAMPLES, Profile, Sample
from digitpad.core.recognizer import Recognizer, softmax

log = logging.getLogger(__name__)

SIGMA = 0.08  # kernel width, in units of cosine distance
KAPPA = 0.05  # evidence at which the user's samples and the network weigh the same
PLAUSIBLE = 0.005  # the memory speaks for digits the network gives at least this ...
OVERRULE = 0.5  # ... or for which it has at least this evidence
# 2x2 matrices acting on the 28x28 input about its centre: rotations by 8 degrees either
# way, shears by 0.2 and horizontal stretches by 15%, the ways one writer's digits vary.
_TURN = math.radians(8)
VARIANTS = (
    ((math.cos(_TURN), -math.sin(_TURN)), (math.sin(_TURN), math.cos(_TURN))),
    ((math.cos(_TURN), math.sin(_TURN)), (-math.sin(_TURN), math.cos(_TURN))),
    ((1.0, -0.2), (0.0, 1.0)),
    ((1.0, 0.2), (0.0, 1.0)),
    ((0.85, 0.0), (0.0, 1.0)),
    ((1.15, 0.0), (0.0, 1.0)),
)
# Samples at least this similar (cosine) are one drawing: taught again as another digit, the
# newer sample stands alone (the user changed their mind, or mistyped the first time).
SAME_DRAWING = 0.97
CACHE_VERSION = 2  # bumped when the embedding changes


@dataclass(frozen=True)
class Settings:
    """sigma: the kernel's width (cosine distance); kappa: the evidence at which the user's
    samples weigh as much as the network; plausible (0-1) and overrule: the samples of a
    digit count where the network gives it at least plausible or they give it at least
    overrule evidence."""

    sigma: float = SIGMA
    kappa: float = KAPPA
    plausible: float = PLAUSIBLE
    overrule: float = OVERRULE


DEFAULT = Settings()


class Adapter:
    """A user's samples as (m, copies, d) float32 unit embeddings (each sample, then its
    variants; (m, d) means one copy each) and (m,) int64 digits 0-9.

    Raises ValueError if the shapes do not agree or a label is not a digit."""

    def __init__(
        self, embeddings: np.ndarray, labels: np.ndarray, settings: Settings = DEFAULT
    ) -> None:
        self.labels = np.asarray(labels, np.int64).reshape(-1)
        self.embeddings = np.asarray(embeddings, np.float32)
        if self.embeddings.ndim == 2:
            self.embeddings = self.embeddings[:, None]
        if self.embeddings.ndim != 3 or len(self.embeddings) != len(self.labels):
            raise ValueError("embeddings must be (m, copies, d) for m labels")
        if self.labels.size and (self.labels.min() < 0 or self.labels.max() > 9):
            raise ValueError("labels must be digits 0-9")
        self.settings = settings
        self._onehot = np.eye(10, dtype=np.float32)[self.labels]

    @classmethod
    def empty(cls) -> Adapter:
        """An adapter that changes nothing."""
        return cls(np.zeros((0, 1, 0), np.float32), np.zeros(0, np.int64))

    @property
    def is_empty(self) -> bool:
        return len(self.labels) == 0

    @property
    def count(self) -> int:
        return len(self.labels)

    def evidence(self, features: np.ndarray) -> np.ndarray:
        """(n, 10) float32 S_c: the kernel evidence of the user's samples of each digit for
        n drawings, from their (views, n, d) features."""
        if self.is_empty:
            return np.zeros((features.shape[1], 10), np.float32)
        m, copies, d = self.embeddings.shape
        cosines = embed(features) @ self.embeddings.reshape(m * copies, d).T
        similarity = cosines.reshape(-1, m, copies).max(axis=2)  # (n, m): the nearest copy
        return np.exp((similarity - 1.0) / self.settings.sigma) @ self._onehot

    def probabilities(
        self, logits: np.ndarray, features: np.ndarray, temperature: float
    ) -> np.ndarray:
        """(n, outputs) float32 probabilities of n drawings from the network's (views, n,
        outputs) logits and (views, n, d) features: the network's reading mixed with the
        user's samples' (see the module's docstring)."""
        network = softmax(np.asarray(logits, np.float32) / temperature).mean(axis=0)
        evidence = self.evidence(features)
        counted = (network[:, :10] >= self.settings.plausible) | (
            evidence >= self.settings.overrule
        )
        evidence *= counted
        total = evidence.sum(axis=1, keepdims=True)
        weight = total / (total + self.settings.kappa)
        mixed = (1 - weight) * network
        mixed[:, :10] += weight * evidence / np.maximum(total, 1e-30)
        return mixed.astype(np.float32)


def embed(features: np.ndarray) -> np.ndarray:
    """(n, d) float32 unit vectors from (views, n, d) features: the mean over views."""
    mean = np.asarray(features, np.float32).mean(axis=0)
    norm = np.linalg.norm(mean, axis=1, keepdims=True)
    return mean / np.maximum(norm, 1e-12)


def variants(pixels: np.ndarray) -> np.ndarray:
    """(1 + len(VARIANTS), 28, 28) float32 in 0-1: a (28, 28) network input, then its copies
    moved by each of VARIANTS about the field's centre (Pillow's affine transform, bilinear)."""
    image = Image.fromarray(np.asarray(pixels, np.float32), "F")
    centre = np.full(2, INPUT_SIZE / 2)
    copies = [np.asarray(pixels, np.float32)]
    for matrix in VARIANTS:
        inverse = np.linalg.inv(np.array(matrix))  # Pillow maps output pixels to input ones
        shift = centre - inverse @ centre
        data = (*inverse[0], shift[0], *inverse[1], shift[1])
        moved = image.transform(
            image.size, Image.Transform.AFFINE, data, resample=Image.Resampling.BILINEAR
        )
        copies.append(np.asarray(moved, np.float32))
    return np.stack(copies)


def sample_embeddings(recognizer: Recognizer, inputs: np.ndarray) -> np.ndarray:
    """(m, 1 + len(VARIANTS), d) float32 unit embeddings of m samples' (m, 28, 28) inputs and
    their variants, rounded to float16 precision as the profile's cache keeps them."""
    copies = np.stack([variants(x) for x in inputs])
    _, features = recognizer.view_outputs(copies.reshape(-1, INPUT_SIZE, INPUT_SIZE))
    embeddings = embed(features).astype(np.float16).astype(np.float32)
    return embeddings.reshape(len(inputs), copies.shape[1], -1)


# ---------------------------------------------------------------- a profile's adapter


def fit(profile: Profile, recognizer: Recognizer, settings: Settings = DEFAULT) -> Adapter:
    """The adapter of a profile's newest LEARNED_SAMPLES samples (empty if it has none, or if
    the model exports no features). Embeddings come from the profile's features.npz where
    the same model made them; new ones are computed and the cache rewritten atomically."""
    samples = profile.samples()[-LEARNED_SAMPLES:]
    if not samples or not recognizer.has_features:
        return Adapter.empty()
    key = model_key(recognizer)
    cached = _read_cache(profile, key)
    missing = [s for s in samples if s.file not in cached]
    if missing:
        revision = profile.revision()
        cached |= _embeddings(recognizer, missing)
        keep = {s.file: cached[s.file] for s in samples if s.file in cached}
        # Not after a forget() or another change meanwhile: nothing of a forgotten profile
        # may come back, and a newer index deserves a cache of its own.
        if keep and revision is not None and profile.revision() == revision:
            _write_cache(profile, key, keep)
            if profile.revision() != revision:  # forgotten while it was being written
                (profile.path / FEATURES_CACHE).unlink(missing_ok=True)
    usable = [s for s in samples if s.file in cached]
    if not usable:
        return Adapter.empty()
    embeddings = np.stack([cached[s.file] for s in usable])
    labels = np.array([s.label for s in usable], np.int64)
    standing = standing_samples(embeddings[:, 0], labels)  # the samples as drawn
    return Adapter(embeddings[standing], labels[standing], settings)


def standing_samples(embeddings: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(m,) bool: which of m samples, oldest first ((m, d) unit embeddings, (m,) digits),
    are not overruled by a newer sample of the same drawing (SAME_DRAWING) as another digit."""
    same = embeddings @ embeddings.T >= SAME_DRAWING
    newer = np.triu(np.ones(same.shape, dtype=bool), k=1)  # [i, j]: j was taught after i
    overruled = same & newer & (labels[:, None] != labels[None, :])
    return ~overruled.any(axis=1)


class ProfileAdapter:
    """A profile's adapter, refitted when the profile changes: for a long-lived process
    such as the app's recognition process. current() costs one stat() when nothing changed;
    after a correction it reads the index and the cache and embeds the new sample (a fraction
    of a second with LEARNED_SAMPLES samples)."""

    def __init__(
        self, recognizer: Recognizer, profile: Profile, settings: Settings = DEFAULT
    ) -> None:
        self.recognizer = recognizer
        self.profile = profile
        self.settings = settings
        self._revision: object = ()
        self._adapter = Adapter.empty()

    def current(self) -> Adapter:
        """The adapter for the profile as it is on disk now."""
        revision = self.profile.revision()
        if revision != self._revision:
            self._adapter = (
                Adapter.empty()
                if revision is None
                else fit(self.profile, self.recognizer, self.settings)
            )
            self._revision = revision
        return self._adapter


def model_key(recognizer: Recognizer) -> str:
    """Identifies the embeddings a model makes: its metadata's features entry, its
    creation time, the stroke views and the cache version."""
    extra = recognizer.metadata.extra.get("features", {})
    text = repr(
        (sorted(extra.items()), recognizer.metadata.created, recognizer.views, CACHE_VERSION)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _embeddings(recognizer: Recognizer, samples: list[Sample]) -> dict[str, np.ndarray]:
    inputs, files = [], []
    for sample in samples:
        try:
            pixels = sample.model_input()
        except InputError as error:
            # A sample removed since the index was read (a correction replaced) is no fault.
            level = logging.WARNING if sample.path.exists() else logging.INFO
            log.log(level, "profile sample %s is unreadable: %s", sample.file, error)
            continue
        if pixels is not None:
            inputs.append(pixels)
            files.append(sample.file)
    if not inputs:
        return {}
    embeddings = [
        sample_embeddings(recognizer, np.stack(inputs[start : start + 64]))
        for start in range(0, len(inputs), 64)
    ]
    return dict(zip(files, np.concatenate(embeddings)))


def _read_cache(profile: Profile, key: str) -> dict[str, np.ndarray]:
    """The cached embeddings by sample file; {} when there is no usable cache (it is only a
    cache: a damaged one is made again from the samples, and replaced)."""
    try:
        with np.load(profile.path / FEATURES_CACHE, allow_pickle=False) as data:
            if str(data["key"]) != key:
                return {}
            files, embeddings = data["files"], data["embeddings"]
            if files.ndim != 1 or embeddings.ndim < 2 or len(files) != len(embeddings):
                raise ValueError(f"{files.shape} files for embeddings of {embeddings.shape}")
            return dict(zip(files.tolist(), embeddings.astype(np.float32)))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        log.warning("the profile's feature cache cannot be read, and is made again: %s", error)
        return {}


def _write_cache(profile: Profile, key: str, embeddings: dict[str, np.ndarray]) -> None:
    stream = io.BytesIO()
    files = list(embeddings)
    np.savez(  # uncompressed: written after each new sample, and quick to write
        stream,
        key=np.array(key),
        files=np.array(files, dtype=str),
        embeddings=np.stack([embeddings[f] for f in files]).astype(np.float16),
    )
    try:
        atomic_write(profile.path / FEATURES_CACHE, stream.getvalue())
    except OSError as error:  # a read-only profile still adapts, only slower to start
        log.warning("cannot write the profile's feature cache: %s", error)
