"""A character tagger for PERSON / ORG / GPE / LOC names that no gazetteer lists.

An averaged perceptron over character n-grams and the segmenter's POS tags (jieba's nr/ns/nt are
features, never the answer), decoded with Viterbi under BIO constraints. The weights are a small
numpy file shipped in the package (``resources/models/ner_chars.npz``); the recipe that trains it
is ``benchmarks/train_ner.py``. Scores for a window are one vectorised sum over its feature ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy
import numpy.typing as npt

from multilat_nlp.errors import ConfigError

MODEL_LABELS = ("PERSON", "ORG", "GPE", "LOC")
TAGS = ("O", *(f"{p}-{label}" for label in MODEL_LABELS for p in ("B", "I")))
_TAG_INDEX = {tag: i for i, tag in enumerate(TAGS)}
_PACKAGE = "multilat_nlp.resources.models"
MODEL_FILE = "ner_chars.npz"
_PAD = "\x00"


def _allowed_transitions() -> npt.NDArray[numpy.bool_]:
    """I-X may only follow B-X or I-X (the BIO constraint)."""
    allowed = numpy.ones((len(TAGS), len(TAGS)), dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            label = tag[2:]
            for i, prev in enumerate(TAGS):
                allowed[i, j] = prev in (f"B-{label}", f"I-{label}")
    return allowed


_ALLOWED = _allowed_transitions()
_START_ALLOWED = numpy.array([not t.startswith("I-") for t in TAGS])


def char_features(text: str, tags: Sequence[str]) -> list[list[str]]:
    """Feature strings of each character; ``tags[i]`` is the POS tag+position of character i."""
    padded = _PAD * 2 + text + _PAD * 2
    out = []
    for i in range(len(text)):
        c = i + 2
        out.append([
            "b",
            "u0" + padded[c],
            "u-1" + padded[c - 1],
            "u1" + padded[c + 1],
            "u-2" + padded[c - 2],
            "u2" + padded[c + 2],
            "b-1" + padded[c - 1 : c + 1],
            "b1" + padded[c : c + 2],
            "t" + tags[i],
            "tu" + tags[i] + padded[c],
        ])  # fmt: skip
    return out


def token_tags(spans: Iterable[tuple[int, int, str]], length: int) -> list[str]:
    """Per character: the containing token's POS tag and B/I/E/S position (nr:B, ns:S…)."""
    tags = ["-:S"] * length
    for start, end, tag in spans:
        tag = tag or "-"
        if end - start == 1:
            tags[start] = f"{tag}:S"
            continue
        tags[start] = f"{tag}:B"
        for i in range(start + 1, end - 1):
            tags[i] = f"{tag}:I"
        tags[end - 1] = f"{tag}:E"
    return tags


def bio_spans(tags: Sequence[int]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each B-X I-X* run."""
    spans = []
    start = -1
    label = ""
    for i, t in enumerate([*tags, 0]):
        name = TAGS[t]
        if start >= 0 and not (name.startswith("I-") and name[2:] == label):
            spans.append((start, i, label))
            start = -1
        if name.startswith("B-"):
            start, label = i, name[2:]
    return spans


@dataclass
class CharTagger:
    """Weights per feature string; ``transitions[i, j]`` scores tag i followed by tag j."""

    features: dict[str, int]
    weights: npt.NDArray[numpy.float32]
    transitions: npt.NDArray[numpy.float32]

    @classmethod
    def load(cls, path: str | Path | None = None) -> CharTagger:
        source = resources.files(_PACKAGE).joinpath(MODEL_FILE) if path is None else Path(path)
        try:
            with source.open("rb") as handle, numpy.load(handle) as data:
                names = [str(n) for n in data["features"]]
                weights = data["weights"].astype(numpy.float32)
                transitions = data["transitions"].astype(numpy.float32)
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"cannot read the entity model {source}: {exc}") from exc
        return cls({n: i for i, n in enumerate(names)}, weights, transitions)

    def save(self, path: str | Path) -> None:
        names = sorted(self.features, key=self.features.__getitem__)
        with open(path, "wb") as handle:
            numpy.savez_compressed(
                handle,
                features=numpy.array(names),
                weights=self.weights.astype(numpy.float16),
                transitions=self.transitions.astype(numpy.float16),
            )

    def emissions(self, feats: Sequence[Sequence[str]]) -> npt.NDArray[numpy.float32]:
        table = self.features
        scores = numpy.zeros((len(feats), len(TAGS)), dtype=numpy.float32)
        for i, row in enumerate(feats):
            ids = [table[f] for f in row if f in table]
            if ids:
                scores[i] = self.weights[ids].sum(axis=0)
        return scores

    def decode(self, feats: Sequence[Sequence[str]]) -> list[int]:
        return viterbi(self.emissions(feats), self.transitions)

    def spans(self, text: str, tags: Sequence[str]) -> list[tuple[int, int, str]]:
        """Name spans in ``text`` (offsets into it)."""
        if not text:
            return []
        return bio_spans(self.decode(char_features(text, tags)))


def viterbi(
    emissions: npt.NDArray[numpy.float32], transitions: npt.NDArray[numpy.float32]
) -> list[int]:
    """Best BIO-valid tag sequence."""
    n = len(emissions)
    if n == 0:
        return []
    blocked = numpy.float32(-1e9)
    trans = numpy.where(_ALLOWED, transitions, blocked)
    score = numpy.where(_START_ALLOWED, emissions[0], blocked)
    back = numpy.zeros((n, len(TAGS)), dtype=numpy.int64)
    for i in range(1, n):
        total = score[:, None] + trans
        back[i] = total.argmax(axis=0)
        score = total.max(axis=0) + emissions[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return best[::-1]


def train(
    sentences: Sequence[tuple[list[list[str]], list[int]]], *, epochs: int = 5, seed: int = 0
) -> CharTagger:
    """Averaged structured perceptron (Collins 2002) over (features, gold tags) sentences."""
    features: dict[str, int] = {}
    encoded = []
    for feats, gold in sentences:
        rows = [[features.setdefault(f, len(features)) for f in row] for row in feats]
        encoded.append((rows, gold))
    n_tags = len(TAGS)
    weights = numpy.zeros((len(features), n_tags), dtype=numpy.float64)
    totals = numpy.zeros_like(weights)
    stamps = numpy.zeros_like(weights)
    trans = numpy.zeros((n_tags, n_tags), dtype=numpy.float64)
    trans_totals = numpy.zeros_like(trans)
    trans_stamps = numpy.zeros_like(trans)
    rng = numpy.random.default_rng(seed)
    step = 0
    for _ in range(epochs):
        for index in rng.permutation(len(encoded)):
            rows, gold = encoded[index]
            step += 1
            emissions = numpy.array([weights[r].sum(axis=0) for r in rows], dtype=numpy.float32)
            guess = viterbi(emissions, trans.astype(numpy.float32))
            if guess == gold:
                continue
            for i, (g, p) in enumerate(zip(gold, guess, strict=True)):
                if g == p:
                    continue
                for f in rows[i]:
                    for tag, delta in ((g, 1.0), (p, -1.0)):
                        totals[f, tag] += (step - stamps[f, tag]) * weights[f, tag]
                        stamps[f, tag] = step
                        weights[f, tag] += delta
            for i in range(1, len(gold)):
                for (a, b), delta in (
                    ((gold[i - 1], gold[i]), 1.0),
                    ((guess[i - 1], guess[i]), -1.0),
                ):
                    trans_totals[a, b] += (step - trans_stamps[a, b]) * trans[a, b]
                    trans_stamps[a, b] = step
                    trans[a, b] += delta
    totals += (step - stamps) * weights
    trans_totals += (step - trans_stamps) * trans
    averaged = (totals / max(step, 1)).astype(numpy.float32)
    averaged_trans = (trans_totals / max(step, 1)).astype(numpy.float32)
    keep = numpy.abs(averaged).max(axis=1) > 1e-3  # drop features that never mattered
    names = sorted(features, key=features.__getitem__)
    kept = [n for n, k in zip(names, keep, strict=True) if k]
    return CharTagger({n: i for i, n in enumerate(kept)}, averaged[keep], averaged_trans)


def tag_ids(labels: Sequence[str]) -> list[int]:
    """BIO strings (B-PERSON…) to tag ids; unknown labels become O."""
    return [_TAG_INDEX.get(label, 0) for label in labels]
