"""Train the argument stage's linear model from the shared gold (seed paper + work reports).

    python benchmarks/train_arguments.py [--seed-text T] [--seed-gold G] [--dev-docs D]
        [--dev-gold G] [-o src/multilat_nlp/resources/arguments/model.json]

Both genres are mixed (a model trained on one genre is at the majority class on the other,
issue 11). The model is multinomial LogisticRegression over the binary features of
``multilat_nlp.arguments.features``; only features seen at least ``--min-count`` times are kept,
and the weights are written as JSON (``multilat_nlp.arguments.model``), not a pickle.
Cross-validated scores: ``benchmarks/eval_arguments.py``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy
from _argument_data import (
    ROOT,
    add_gold_arguments,
    load_dev,
    load_seed,
    training_rows,
)
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from multilat_nlp._io import atomic_write_text
from multilat_nlp.arguments.model import LinearModel

DEFAULT_OUTPUT = ROOT / "src" / "multilat_nlp" / "resources" / "arguments" / "model.json"
C = 0.5
MIN_COUNT = 2


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_gold_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--c", type=float, default=C)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    args = parser.parse_args()
    documents = [load_seed(args.seed_text, args.seed_gold), *load_dev(args.dev_docs, args.dev_gold)]
    rows, labels = training_rows(documents)
    model = fit(rows, labels, c=args.c, min_count=args.min_count, info={
        "trained_on": "seed_arguments.jsonl + dev_arguments.jsonl (shared gold)",
        "units": len(rows),
        "learner": f"sklearn LogisticRegression(C={args.c}, class_weight=balanced)",
        "min_count": args.min_count,
    })
    text = json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"))
    atomic_write_text(args.output, text + "\n")
    print(f"{len(rows)} units, {len(model.index)} features, {len(text) // 1024} KiB -> {args.output}")


if __name__ == "__main__":
    main()
