"""Argument-label scores: gold sentences matched by text to the units the pipeline produced.

The gold is a list of sentences (the seed gold skips titles, headings and footnotes), the
prediction is every unit of the whole document, and the two sentence splitters need not agree,
so units are paired by text rather than by index:

1. Texts are compared with all whitespace removed (PDF text breaks lines inside sentences).
2. Exact matches first, one to one, in document order (repeated sentences pair up in order).
3. Each gold sentence still unmatched takes the remaining unit (one not used in step 2) with
   the longest common substring, if that covers at least half of the gold sentence; this covers
   a sentence inside a longer unit, a unit inside a longer sentence, split boundaries that
   differ and stray footnote markers. Ties go to a unit no other sentence took in this step,
   then to the earliest. A unit may serve several gold sentences here (a unit the splitter
   failed to split carries its label to each of them); each gold sentence gets at most one.
4. A gold sentence with no match is predicted ``"NONE"``: it counts as wrong for accuracy and
   lowers its label's recall, so a splitter that loses sentences cannot look better.

Predicted units that match no gold sentence (headings, footnotes, ...) are not scored: the gold
does not say what they should be. ``per_label`` and ``macro_f1`` cover the labels that occur in
the gold; precision of label L is over the gold sentences whose matched unit says L.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

from multilat_nlp.evaluate.formats import ArgumentRecord, read_argument_gold

__all__ = [
    "NO_MATCH",
    "ArgumentRecord",
    "match_by_offsets",
    "match_units",
    "normalise_text",
    "read_argument_gold",
    "score_arguments",
    "score_labels",
]

NO_MATCH = "NONE"
"""The label a gold sentence gets when no predicted unit matches it."""

_WHITESPACE = re.compile(r"\s+")
_MIN_OVERLAP = 0.5


def normalise_text(text: str) -> str:
    """The text with every whitespace character removed (Unicode whitespace, incl. U+3000)."""
    return _WHITESPACE.sub("", text)


def _pair(item: tuple[str, str] | ArgumentRecord) -> tuple[str, str]:
    if isinstance(item, ArgumentRecord):
        return item.text, item.label
    text, label = item
    return text, label


def _overlap(gold: str, unit: str) -> int:
    """Length of the longest common substring, with cheap exits for containment."""
    if gold in unit:
        return len(gold)
    if unit in gold:
        return len(unit)
    match = SequenceMatcher(None, gold, unit, autojunk=False).find_longest_match(
        0, len(gold), 0, len(unit)
    )
    return match.size


def match_units(gold_texts: Sequence[str], unit_texts: Sequence[str]) -> list[int | None]:
    """Index of the predicted unit matched to each gold text (``None`` if unmatched)."""
    gold_norm = [normalise_text(t) for t in gold_texts]
    unit_norm = [normalise_text(t) for t in unit_texts]
    for i, text in enumerate(gold_norm):
        if not text:
            raise ValueError(f"gold sentence {i} has no text")

    by_text: dict[str, deque[int]] = {}
    for j, text in enumerate(unit_norm):
        by_text.setdefault(text, deque()).append(j)
    assigned: list[int | None] = [None] * len(gold_norm)
    exact: set[int] = set()
    for i, text in enumerate(gold_norm):
        queue = by_text.get(text)
        if queue:
            j = queue.popleft()
            assigned[i] = j
            exact.add(j)

    remaining = [j for j in range(len(unit_norm)) if j not in exact and unit_norm[j]]
    taken: set[int] = set()
    for i, text in enumerate(gold_norm):
        if assigned[i] is not None:
            continue
        needed = _MIN_OVERLAP * len(text)
        best: tuple[int, bool, int] | None = None
        for j in remaining:
            bound = min(len(text), len(unit_norm[j]))
            if bound < needed or (best is not None and bound < -best[0]):
                continue
            size = _overlap(text, unit_norm[j])
            if size < needed:
                continue
            key = (-size, j in taken, j)
            if best is None or key < best:
                best = key
            if best == (-len(text), False, j):
                break  # whole sentence found in an unused unit: nothing later can beat it
        if best is not None:
            assigned[i] = best[2]
            taken.add(best[2])
    return assigned


def score_arguments(
    gold: Sequence[tuple[str, str] | ArgumentRecord], predicted: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-label P/R/F1 of gold sentences against predicted units.

    ``gold`` holds ``(text, label)`` pairs (or :class:`ArgumentRecord`), ``predicted`` the
    pipeline's ``(text, label)`` units in document order. Returns ``accuracy``, ``macro_f1``
    (floats), ``per_label`` ({LABEL: {"precision", "recall", "f1", "support"}}), ``matched`` and
    ``unmatched`` (numbers of gold sentences). Raises ``ValueError`` on an empty gold, an empty gold
    text or a gold label ``"NONE"``.
    """
    gold_pairs = [_pair(item) for item in gold]
    if not gold_pairs:
        raise ValueError("no gold sentences to score")
    if any(label == NO_MATCH for _, label in gold_pairs):
        raise ValueError(f"{NO_MATCH!r} is reserved for unmatched sentences, not a gold label")
    units = [_pair(item) for item in predicted]
    assigned = match_units([t for t, _ in gold_pairs], [t for t, _ in units])
    predicted_labels = [NO_MATCH if j is None else units[j][1] for j in assigned]
    alternatives = [item.alt if isinstance(item, ArgumentRecord) else () for item in gold]
    return score_labels([label for _, label in gold_pairs], predicted_labels, alternatives)


def match_by_offsets(
    gold_spans: Sequence[tuple[int, int]], unit_spans: Sequence[tuple[int, int]]
) -> list[int | None]:
    """Index of the unit that covers most of each gold span (at least half of it), or None.

    Both lists are ``(start, end)`` in the same text. Ties go to the earliest unit, and a unit
    may serve several gold spans (a unit the splitter failed to split), as in text matching.
    """
    order = sorted(range(len(unit_spans)), key=lambda j: unit_spans[j])
    starts = [unit_spans[j][0] for j in order]
    assigned: list[int | None] = []
    for start, end in gold_spans:
        if end <= start:
            raise ValueError(f"gold span ({start}, {end}) is empty")
        best: tuple[int, int] | None = None
        k = max(0, bisect_right(starts, start) - 1)
        while k < len(order) and starts[k] < end:
            j = order[k]
            overlap = min(end, unit_spans[j][1]) - max(start, unit_spans[j][0])
            if overlap > 0 and (best is None or (-overlap, j) < (-best[0], best[1])):
                best = (overlap, j)
            k += 1
        if k > 0 and best is None:
            j = order[k - 1]
            overlap = min(end, unit_spans[j][1]) - max(start, unit_spans[j][0])
            if overlap > 0:
                best = (overlap, j)
        assigned.append(best[1] if best is not None and best[0] * 2 >= end - start else None)
    return assigned


def score_labels(
    gold_labels: Sequence[str],
    predicted_labels: Sequence[str],
    alternatives: Sequence[Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-label P/R/F1 of aligned label lists (``NONE`` = unmatched).

    With ``alternatives`` (each gold unit's defensible second labels, the gold's ``alt``) the
    result also has ``lenient_accuracy``: a prediction equal to the label or to an ``alt``
    counts, as the scheme reports it beside the strict figure. Every other figure is strict.
    """
    if not gold_labels:
        raise ValueError("no gold sentences to score")
    support = Counter(gold_labels)
    predicted_count = Counter(predicted_labels)
    correct = Counter(g for g, p in zip(gold_labels, predicted_labels, strict=True) if g == p)
    per_label: dict[str, dict[str, float | int]] = {}
    for label in sorted(support):
        tp = correct[label]
        precision = tp / predicted_count[label] if predicted_count[label] else 0.0
        recall = tp / support[label]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1,
                            "support": support[label]}
    matched = sum(1 for p in predicted_labels if p != NO_MATCH)
    result: dict[str, Any] = {
        "accuracy": sum(correct.values()) / len(gold_labels),
        "macro_f1": sum(scores["f1"] for scores in per_label.values()) / len(per_label),
        "per_label": per_label,
        "matched": matched,
        "unmatched": len(gold_labels) - matched,
    }
    if alternatives is not None:
        lenient = sum(
            1
            for g, p, alt in zip(gold_labels, predicted_labels, alternatives, strict=True)
            if p == g or p in alt
        )
        result["lenient_accuracy"] = lenient / len(gold_labels)
    return result
