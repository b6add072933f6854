"""Exact-span entity scores (micro P/R/F1 and per gold label), with a gold->ours label map.

A prediction is correct when a gold span has the same start, the same end and a label it
counts as. Spans are compared as sets: an exact duplicate ``(start, end, label)`` counts once.

Label maps (see :func:`load_label_map`) go from a gold label to one of our labels or a list of
them, e.g. ``{"PER": "PERSON", "LOC": ["GPE", "LOC", "FAC"], "ORG": "ORG"}``. With a map:

* only gold labels named in the map are scored; gold spans with other labels are left out (the
  map says what the corpus and the pipeline have in common, e.g. CLUENER's ``game``);
* our predictions whose label the map never names are ignored, not false positives;
* a prediction counts as each gold label that lists its label. It is a true positive for the
  gold span it hits. When it hits nothing it is one false positive in the micro totals, and
  in ``per_label`` it is a false positive for *every* gold label that lists our label (one of
  our labels serving several gold labels, e.g. ORG for CLUENER's government/organization/
  company, has no better owner), so per-label precision is a lower bound in that case.

Without a map labels compare as they are, every span counts, and ``per_label`` also lists
predicted labels absent from the gold (support 0), so per-label counts add up to the totals.
Zero denominators give 0.0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from multilat_nlp.evaluate.formats import (
    Span,
    SpanDocument,
    load_label_map,
    read_span_documents,
)

__all__ = ["Span", "SpanDocument", "load_label_map", "read_span_documents", "score_spans"]


def _normalise_map(label_map: Mapping[str, str | Sequence[str]]) -> dict[str, frozenset[str]]:
    """Our label -> the gold labels it can stand for."""
    inverse: dict[str, set[str]] = {}
    for gold, ours in label_map.items():
        targets = [ours] if isinstance(ours, str) else list(ours)
        if not targets or not all(isinstance(t, str) and t for t in targets):
            raise ValueError(f"label map entry {gold!r} must name one or more labels")
        for target in targets:
            inverse.setdefault(target, set()).add(gold)
    return {ours: frozenset(golds) for ours, golds in inverse.items()}


def _checked_predictions(
    spans: Iterable[tuple[int, int, str]], doc: SpanDocument, index: int
) -> set[Span]:
    result: set[Span] = set()
    for span in spans:
        start, end, label = span
        if (
            isinstance(start, bool)
            or isinstance(end, bool)
            or not isinstance(start, int)
            or not isinstance(end, int)
            or not 0 <= start < end <= len(doc.text)
        ):
            raise ValueError(
                f"document {index}: predicted span {span!r} is not within the text"
                f" (length {len(doc.text)})"
            )
        result.add((start, end, str(label)))
    return result


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_spans(
    gold_docs: Sequence[SpanDocument],
    predicted_spans_per_doc: Sequence[Iterable[tuple[int, int, str]]],
    *,
    label_map: Mapping[str, str | Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Micro P/R/F1 over all scored spans and P/R/F1/support per gold label.

    ``predicted_spans_per_doc[i]`` holds ``(start, end_exclusive, label)`` in characters of
    ``gold_docs[i].text``. Returns ``{"precision", "recall", "f1", "per_label": {LABEL:
    {"precision", "recall", "f1", "support"}}}``. Raises ``ValueError`` on a length mismatch
    or a predicted span outside its text.
    """
    if len(gold_docs) != len(predicted_spans_per_doc):
        raise ValueError(
            f"{len(gold_docs)} gold documents but {len(predicted_spans_per_doc)} predicted"
        )
    inverse = None if label_map is None else _normalise_map(label_map)
    scored_gold_labels = None if label_map is None else set(label_map)

    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    support: Counter[str] = Counter()
    total_tp = total_pred = total_gold = 0

    for index, (doc, predicted) in enumerate(zip(gold_docs, predicted_spans_per_doc, strict=True)):
        gold = {s for s in doc.spans if scored_gold_labels is None or s[2] in scored_gold_labels}
        for _, _, label in gold:
            support[label] += 1
        total_gold += len(gold)
        unmatched = set(gold)
        for start, end, label in sorted(_checked_predictions(predicted, doc, index)):
            if inverse is None:
                candidates: Sequence[str] = (label,)
            elif label in inverse:
                candidates = sorted(inverse[label])
            else:
                continue  # a label the map never names: not ours to score
            total_pred += 1
            hit = next((g for g in candidates if (start, end, g) in unmatched), None)
            if hit is not None:
                unmatched.discard((start, end, hit))
                tp[hit] += 1
                n_pred[hit] += 1
                total_tp += 1
            else:
                for g in candidates:
                    n_pred[g] += 1

    labels = set(support) | set(n_pred) | (scored_gold_labels or set())
    per_label: dict[str, dict[str, float | int]] = {}
    for label in sorted(labels):
        p, r, f = _prf(tp[label], n_pred[label], support[label])
        per_label[label] = {"precision": p, "recall": r, "f1": f, "support": support[label]}
    precision, recall, f1 = _prf(total_tp, total_pred, total_gold)
    return {"precision": precision, "recall": recall, "f1": f1, "per_label": per_label}
