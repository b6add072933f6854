"""Argument labels and relations on the seed and dev gold, with the honest protocol (issue 11).

    python benchmarks/eval_arguments.py [--seed-text T] [--seed-gold G] [--dev-docs D]
        [--dev-gold G] [--json]

Rows: the cue tagger alone (no training), the shipped model in-sample (optimistic: it was
trained on this gold), leave-one-section-out on the seed and leave-one-document-out on the dev
reports (the other genre stays in training), and cross-genre (trained on one genre only).
Every trained row also chooses its per-genre confidence floors inside its own training data
(leave-one-group-out there, ``train_arguments.choose_floors``): nested, so no held-out fold
picks its own floor. That takes a model for every pair of groups (about 140 fits; ``--jobs 2``
runs two at a time).
A gold unit no pipeline unit matches counts as wrong. Relation head accuracy is over the gold
arcs of each type: does the matched unit's predicted head equal the gold head's unit?
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from _argument_data import (
    Document,
    Group,
    add_gold_arguments,
    cv_groups,
    load_dev,
    load_seed,
)
from train_arguments import Fits, train

from multilat_nlp.arguments.model import LinearModel, shipped_model
from multilat_nlp.arguments.relations import link
from multilat_nlp.arguments.tagger import decide
from multilat_nlp.evaluate.arguments import NO_MATCH, score_labels

#: The issue's anchors: (seed acc, seed macro-F1, reports acc, reports macro-F1).
ANCHORS: dict[str, tuple[float | None, float | None, float | None, float | None]] = {
    "majority class (RECOMMENDATION)": (0.344, 0.064, 0.446, 0.103),
    "cue tagger from the scheme's lexicons": (0.701, 0.627, 0.384, 0.243),
    "cue tagger + genre notes": (None, None, 0.754, 0.515),
    "TF-IDF char 1-3 + LR, other genre": (0.279, 0.062, 0.451, 0.123),
    "the same, 5-fold CV within the seed": (0.636, 0.448, None, None),
}

Labeller = Callable[[Document], list[str]]


def _label(model: LinearModel, document: Document, j: int) -> str:
    """What the stage does: :func:`multilat_nlp.arguments.tagger.decide`."""
    return decide(model, document.units[j], document.features[j])[0]


def _with_model(model: LinearModel) -> Labeller:
    return lambda document: [_label(model, document, j) for j in range(len(document.units))]


def _cue(document: Document) -> list[str]:
    return [item.rule for item in document.units]


def _held_out(fits: Fits, document: Document, chosen: list[dict[str, float]]) -> list[str]:
    """Each CV group of ``document`` labelled by a model trained on everything else, its
    confidence floors chosen by leave-one-group-out inside that training data (nested; each
    fold's floors are appended to ``chosen``)."""
    labels = [""] * len(document.units)
    for group in sorted(set(document.group_of_unit)):
        model = train(fits.documents, fits, outer={(document.name, group)})
        chosen.append(model.confidence_floor)
        for j, unit_group in enumerate(document.group_of_unit):
            if unit_group == group:
                labels[j] = _label(model, document, j)
    return labels


def _nested_sets(groups: list[Group]) -> list[frozenset[Group]]:
    """Every training set the nested protocol fits: without one group, and without two."""
    singles = [frozenset({g}) for g in groups]
    pairs = [frozenset({a, b}) for k, a in enumerate(groups) for b in groups[k + 1:]]
    return singles + pairs


def _score(documents: Sequence[Document], labels: Sequence[list[str]]) -> dict[str, Any]:
    gold: list[str] = []
    alternatives: list[tuple[str, ...]] = []
    predicted: list[str] = []
    heads: dict[str, list[int]] = {"motivate": [0, 0], "elaborate": [0, 0], "support": [0, 0]}
    for document, unit_labels in zip(documents, labels, strict=True):
        relations = link(document.units, unit_labels)
        by_i = {record["i"]: j for record, j in zip(document.gold, document.unit_of_gold, strict=True)}
        for record, j in zip(document.gold, document.unit_of_gold, strict=True):
            gold.append(record["label"])
            alternatives.append(tuple(record.get("alt") or ()))
            predicted.append(NO_MATCH if j is None else unit_labels[j])
            rel = record.get("rel")
            if rel and rel["type"] in heads:
                heads[rel["type"]][1] += 1
                target = by_i.get(rel["head"])
                got = relations[j] if j is not None else None
                if got is not None and target is not None and got[1] == target:
                    heads[rel["type"]][0] += 1
    result = score_labels(gold, predicted, alternatives)
    result["heads"] = {k: (v[0] / v[1] if v[1] else 0.0, v[1]) for k, v in heads.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_gold_arguments(parser)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--jobs", type=int, default=1, help="processes fitting the CV models")
    args = parser.parse_args()
    started = time.perf_counter()
    seed = load_seed(args.seed_text, args.seed_gold)
    dev = load_dev(args.dev_docs, args.dev_gold)
    everything = [seed, *dev]

    rows: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    rows["cue tagger + section roles (ours, untrained)"] = (
        _score([seed], [_cue(seed)]), _score(dev, [_cue(d) for d in dev])
    )
    model = shipped_model()
    if model is not None:
        rows["shipped model, in-sample (optimistic)"] = (
            _score([seed], [_with_model(model)(seed)]),
            _score(dev, [_with_model(model)(d) for d in dev]),
        )
    fits = Fits(everything, args.jobs)
    groups = cv_groups(everything)
    seed_groups = {g for g in groups if g[0] == seed.name}
    dev_groups = set(groups) - seed_groups
    fits.prefit([
        *_nested_sets(groups),
        *(frozenset({*dev_groups, g}) for g in seed_groups),
        frozenset(dev_groups),
        *(frozenset({*seed_groups, g}) for g in dev_groups),
        frozenset(seed_groups),
    ])
    chosen: list[dict[str, float]] = []
    rows["CV: leave-one-section-out / leave-one-document-out"] = (
        _score([seed], [_held_out(fits, seed, chosen)]),
        _score(dev, [_held_out(fits, d, chosen) for d in dev]),
    )
    seed_only = train(everything, fits, outer=dev_groups)
    dev_only = train(everything, fits, outer=seed_groups)
    floors = {
        "CV folds (seed sections, then reports)": chosen,
        "seed only": seed_only.confidence_floor,
        "reports only": dev_only.confidence_floor,
    }
    rows["cross-genre: reports -> seed / seed -> reports"] = (
        _score([seed], [_with_model(dev_only)(seed)]),
        _score(dev, [_with_model(seed_only)(d) for d in dev]),
    )
    if args.json:
        result: dict[str, Any] = {k: {"seed": s, "dev": d} for k, (s, d) in rows.items()}
        result["confidence_floors"] = floors
        print(json.dumps(result, ensure_ascii=False))
        return
    print("| method | seed acc / macro-F1 | reports acc / macro-F1 |")
    print("|---|---|---|")

    def cell(acc: float | None, f1: float | None) -> str:
        return "–" if acc is None or f1 is None else f"{acc:.3f} / {f1:.3f}"

    for name, (sa, sf, da, df) in ANCHORS.items():
        print(f"| anchor: {name} | {cell(sa, sf)} | {cell(da, df)} |")
    for name, (s, d) in rows.items():
        print(f"| **{name}** | {cell(s['accuracy'], s['macro_f1'])} | {cell(d['accuracy'], d['macro_f1'])} |")
    print()
    print("Lenient accuracy (the prediction is the gold label or one of its `alt` labels; the")
    print("scheme's cue tagger: .838 on the seed). The targets and the table above are strict.")
    print("| method | seed | reports |")
    print("|---|---|---|")
    for name, (s, d) in rows.items():
        print(f"| {name} | {s['lenient_accuracy']:.3f} | {d['lenient_accuracy']:.3f} |")
    print()
    print("Relation head accuracy (share of gold arcs whose head we find; n = gold arcs):")
    print("| method | seed motivate / elaborate / support | reports motivate / elaborate / support |")
    print("|---|---|---|")
    for name, (s, d) in rows.items():
        fmt = lambda r: " / ".join(f"{r['heads'][k][0]:.2f} (n={r['heads'][k][1]})" for k in ("motivate", "elaborate", "support"))  # noqa: E731
        print(f"| {name} | {fmt(s)} | {fmt(d)} |")
    cv_seed, cv_dev = rows["CV: leave-one-section-out / leave-one-document-out"]
    for title, result in (("seed, CV", cv_seed), ("reports, CV", cv_dev)):
        print()
        print(f"Per label ({title}):")
        print("| label | gold | P | R | F1 |")
        print("|---|---|---|---|---|")
        for label, scores in result["per_label"].items():
            print(f"| {label} | {scores['support']} | {scores['precision']:.3f} | "
                  f"{scores['recall']:.3f} | {scores['f1']:.3f} |")
    print()
    print("Confidence floors chosen inside the training data (per genre):")
    for name, value in floors.items():
        print(f"- {name}: {value}")
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
