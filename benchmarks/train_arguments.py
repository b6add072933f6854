"""Train the argument stage's linear model from the shared gold (seed paper + work reports).

    python benchmarks/train_arguments.py [--seed-text T] [--seed-gold G] [--dev-docs D]
        [--dev-gold G] [-o src/multilat_nlp/resources/arguments/model.json] [--jobs N]

Both genres are mixed (a model trained on one genre is at the majority class on the other,
issue 11). The model is multinomial LogisticRegression over the binary features of
``multilat_nlp.arguments.features``; only features seen at least ``--min-count`` times are kept,
and the weights are written as JSON (``multilat_nlp.arguments.model``), not a pickle.

The stage keeps the cue tagger's label where the model's probability is below a per-genre
``confidence_floor`` (``multilat_nlp.arguments.tagger.decide``). The floor is chosen here, per
genre, from ``CONFIDENCE_FLOORS`` by leave-one-group-out over the training data (a seed
section, a report): the floor whose held-out labels of that genre are most accurate (ties:
macro-F1, then the lower floor). ``benchmarks/eval_arguments.py`` repeats that choice inside
every training fold, so a held-out fold never picks its own floor. Cross-validated scores are
there.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy
from _argument_data import (
    ROOT,
    Document,
    Group,
    add_gold_arguments,
    cv_groups,
    load_dev,
    load_seed,
    training_rows,
)
from joblib import Parallel, delayed
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from multilat_nlp._io import atomic_write_text
from multilat_nlp.arguments.model import LinearModel
from multilat_nlp.arguments.tagger import decide
from multilat_nlp.evaluate.arguments import score_labels

DEFAULT_OUTPUT = ROOT / "src" / "multilat_nlp" / "resources" / "arguments" / "model.json"
C = 0.5
MIN_COUNT = 2
CONFIDENCE_FLOORS: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
"""The floors tried (model probability below which the cue label is kept)."""


def fit(rows: Sequence[Sequence[str]], labels: Sequence[str], *, c: float = C,
        min_count: int = MIN_COUNT, info: dict[str, object] | None = None) -> LinearModel:
    """A LinearModel fitted on binary feature rows (balanced class weights, L2)."""
    counts = Counter(f for row in rows for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {name: k for k, name in enumerate(names)}
    indptr, indices = [0], []
    for row in rows:
        columns = sorted({index[f] for f in row if f in index})
        indices += columns
        indptr.append(len(indices))
    matrix = csr_matrix(
        (numpy.ones(len(indices)), indices, indptr), shape=(len(rows), len(names))
    )
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    classifier.fit(matrix, list(labels))
    classes = tuple(str(c) for c in classifier.classes_)
    coef = numpy.asarray(classifier.coef_, dtype=numpy.float64)
    intercept = numpy.asarray(classifier.intercept_, dtype=numpy.float64)
    if len(classes) == 2:  # binary: sklearn keeps one row; make it two symmetric ones
        coef = numpy.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = numpy.array([-intercept[0] / 2, intercept[0] / 2])
    keep = numpy.abs(coef).max(axis=0) >= 1e-3
    kept = [name for name, k in zip(names, keep, strict=True) if k]
    return LinearModel(
        classes=classes,
        index={name: k for k, name in enumerate(kept)},
        coef=coef[:, keep].T.copy(),
        intercept=intercept,
        info=dict(info or {}),
    )


class Fits:
    """Models fitted on ``documents`` without some CV groups, each set fitted once: nested
    cross-validation needs the model without every pair of groups, and each pair serves both
    of its groups."""

    def __init__(self, documents: Sequence[Document], jobs: int = 1, *, c: float = C,
                 min_count: int = MIN_COUNT) -> None:
        self.documents = documents
        self.jobs = jobs
        self.c = c
        self.min_count = min_count
        self._models: dict[frozenset[Group], LinearModel] = {}

    def prefit(self, excluded: Iterable[frozenset[Group]]) -> None:
        """Fit the missing sets (``jobs`` processes)."""
        missing = list(dict.fromkeys(e for e in excluded if e not in self._models))
        tasks = (delayed(fit)(*training_rows(self.documents, e), c=self.c,
                              min_count=self.min_count) for e in missing)
        for e, model in zip(missing, Parallel(n_jobs=self.jobs)(tasks), strict=True):
            self._models[e] = model

    def model(self, excluded: Collection[Group] = ()) -> LinearModel:
        key = frozenset(excluded)
        if key not in self._models:
            self.prefit([key])
        return self._models[key]


def choose_floors(fits: Fits, outer: Collection[Group] = ()) -> dict[str, float]:
    """Per genre, the floor of :data:`CONFIDENCE_FLOORS` that labels the held-out groups of
    that genre best when every group not in ``outer`` is held out in turn (leave-one-group-out
    on the training data; the groups ``outer`` take no part)."""
    inner = [g for g in cv_groups(fits.documents) if g not in outer]
    fits.prefit(frozenset({*outer, g}) for g in inner)
    held: dict[str, list[tuple[str, LinearModel, Document, int]]] = {}
    for group in inner:
        model = fits.model({*outer, group})
        for document in fits.documents:
            for record, j in zip(document.gold, document.unit_of_gold, strict=True):
                if j is not None and (document.name, document.group_of_unit[j]) == group:
                    genre = document.units[j].unit.genre
                    held.setdefault(genre, []).append((record["label"], model, document, j))
    floors: dict[str, float] = {}
    for genre, items in sorted(held.items()):
        best: tuple[float, float, float] | None = None
        for floor in CONFIDENCE_FLOORS:
            predicted = [
                decide(replace(model, confidence_floor={genre: floor}), document.units[j],
                       document.features[j])[0]
                for _, model, document, j in items
            ]
            result = score_labels([gold for gold, *_ in items], predicted)
            key = (result["accuracy"], result["macro_f1"], -floor)
            if best is None or key > best:
                best = key
        assert best is not None
        floors[genre] = -best[2]
    return floors


def train(documents: Sequence[Document], fits: Fits | None = None,
          outer: Collection[Group] = (), info: dict[str, object] | None = None) -> LinearModel:
    """The model without the groups ``outer``, its floors chosen on the rest of the data."""
    fits = fits or Fits(documents)
    fits.prefit([frozenset(outer)])
    floors = choose_floors(fits, outer)
    return replace(fits.model(outer), confidence_floor=floors, info=dict(info or {}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_gold_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--c", type=float, default=C)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--jobs", type=int, default=1, help="processes fitting the CV models")
    args = parser.parse_args()
    documents = [load_seed(args.seed_text, args.seed_gold), *load_dev(args.dev_docs, args.dev_gold)]
    rows, _ = training_rows(documents)
    fits = Fits(documents, args.jobs, c=args.c, min_count=args.min_count)
    model = train(documents, fits, info={
        "trained_on": "seed_arguments.jsonl + dev_arguments.jsonl (shared gold)",
        "units": len(rows),
        "learner": f"sklearn LogisticRegression(C={args.c}, class_weight=balanced)",
        "min_count": args.min_count,
        "confidence_floor": f"per genre from {list(CONFIDENCE_FLOORS)}, the most accurate "
                            "leave-one-group-out on the gold",
    })
    text = json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"))
    atomic_write_text(args.output, text + "\n")
    print(f"{len(rows)} units, {len(model.index)} features, confidence floors {model.confidence_floor}, "
          f"{len(text) // 1024} KiB -> {args.output}")


if __name__ == "__main__":
    main()
