"""Run a pipeline over evaluation data and score it: the body of ``multilat-nlp evaluate``.

The scorers themselves are pure functions in the sibling modules; this module is the only one
here that knows about pipelines, so the scorers stay testable with tiny lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spacy.language import Language

from multilat_nlp.errors import PipelineError
from multilat_nlp.stages.tokenizer import PolicyTokenizer


def run_evaluation(task: str, options: Mapping[str, Any], nlp: Language) -> dict[str, Any]:
    if task == "segmentation":
        return evaluate_segmentation(nlp, options["raw"], options["gold"], options.get("words"))
    raise PipelineError(f"evaluate {task}: not available in this version")


def evaluate_segmentation(
    nlp: Language, raw: Path, gold: Path, words: Path | None
) -> dict[str, Any]:
    """Segment each raw line with the pipeline's segmenter and score against the gold lines."""
    from multilat_nlp.evaluate.segmentation import read_word_list, score_segmentation

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, PolicyTokenizer):
        raise PipelineError("this pipeline has no multilat_nlp segmenter")
    raw_lines = _read_lines(raw)
    gold_lines = _read_lines(gold)
    segmenter = tokenizer.segmenter
    predicted = [[w for w in segmenter.words(line) if not w.isspace()] for line in raw_lines]
    train_words = read_word_list(words) if words else None
    return score_segmentation(gold_lines, predicted, train_words=train_words)


def _read_lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return handle.read().splitlines()
