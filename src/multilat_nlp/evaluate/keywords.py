"""Keyword extraction scores on CSL, with the semantics of the CSL baseline script.

``kw_eval_jieba.py`` (the script behind the published jieba TF-IDF/TextRank numbers) scores each
document with ``tp = |set(pred) & set(gold)|``, ``P = tp / len(pred)``, ``R = tp / len(gold)``
and averages P, R and F1 over documents (macro). We keep that so our numbers sit next to the
baseline's:

* only the first ``k`` predictions count (the baseline asked the extractor for ``topK=k``);
* with fewer than ``k`` predictions, precision divides by how many there are, not by ``k``;
* duplicates count once in the overlap but fully in the denominators (``len`` of the lists);
* no predictions gives P = 0, an empty gold list gives R = 0, and F1 = 0 when P + R = 0; such
  documents still count in the average.

The one addition: keywords are compared after trimming surrounding whitespace.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multilat_nlp.evaluate.formats import CslRecord, csl_input_text, read_csl

__all__ = ["CslRecord", "csl_input_text", "read_csl", "score_keywords"]


def _prf(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    tp = len(set(predicted) & set(gold))
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _keyword_list(doc: Sequence[str], what: str, index: int) -> list[str]:
    if isinstance(doc, str):
        raise TypeError(f"{what} document {index} is a string, expected a list of keywords")
    return [keyword.strip() for keyword in doc]


def score_keywords(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], *, k: int
) -> dict[str, Any]:
    """Macro-averaged P/R/F1@k over documents; keys ``precision@k``, ``recall@k``, ``f1@k``
    (floats, with the value of ``k`` in the key) and ``documents`` (int).

    ``gold[i]`` and ``predicted[i]`` are the keyword lists of document ``i``, predictions in
    rank order. Raises ``ValueError`` if the lists differ in length, are empty, or ``k < 1``.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predicted documents")
    if not gold:
        raise ValueError("no documents to score")
    total_p = total_r = total_f = 0.0
    for index, (gold_doc, predicted_doc) in enumerate(zip(gold, predicted, strict=True)):
        p, r, f = _prf(
            _keyword_list(predicted_doc, "predicted", index)[:k],
            _keyword_list(gold_doc, "gold", index),
        )
        total_p += p
        total_r += r
        total_f += f
    n = len(gold)
    return {
        f"precision@{k}": total_p / n,
        f"recall@{k}": total_r / n,
        f"f1@{k}": total_f / n,
        "documents": n,
    }
