"""Argument-structure tagging as a pipeline stage (spaCy factory ``policy_arguments``).

Sets ``doc._.arguments`` (the JSON records of the schema's ``arguments`` key) and
``doc.spans["arguments"]`` (one labelled Span per unit). The knowledge lives in
:mod:`multilat_nlp.arguments`; this module only adapts it to spaCy.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy
from numpy.typing import NDArray
from spacy.language import Language
from spacy.tokens import Doc, Span

from multilat_nlp.arguments.features import Scorer
from multilat_nlp.arguments.model import LinearModel, shipped_model
from multilat_nlp.arguments.tagger import tag_document
from multilat_nlp.arguments.units import TOKEN_ATTRS

SPAN_KEY = "arguments"

DEFAULT_CONFIG: dict[str, object] = {"use_model": True, "min_confidence": 0.0}


class ArgumentStage:
    """Labels every argument unit; ``use_model=False`` keeps the cue tagger alone."""

    def __init__(self, model: LinearModel | None, min_confidence: float = 0.0) -> None:
        self.model = model
        self.scorer = None if model is None else Scorer(model)
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        with collector_paused():
            array = doc.to_array(TOKEN_ATTRS) if len(doc) else None  # units and spans read it
            units, records = tag_document(doc, self.scorer, self.min_confidence, array)
            del units  # freed by reference counting now, not traversed when the collector resumes
            doc._.arguments = records
            doc.spans[SPAN_KEY] = unit_spans(
                doc, records, None if array is None else array[:, 0]
            )
        return doc


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while the block runs, as it was afterwards.

    The stage allocates a score of container objects per unit (units, cue analyses, records)
    that live until it ends and form no reference cycles: what it drops, reference counting
    frees. Each collection the collector ran meanwhile traversed them for nothing and moved
    them to older generations, whose full collections took a fifth of the stage's time.
    Nothing the stage drops waits for the collector (cyclic garbage of others waits until the
    block ends); the next collection sees only what the stage returns. Nested or concurrent
    use is safe: only the call that paused the collector resumes it."""
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def unit_spans(doc: Doc, records: list[dict[str, Any]],
               offsets: NDArray[numpy.float64] | None = None) -> list[Span]:
    """One labelled Span per record, covering every token its characters touch (what
    ``doc.char_span(..., alignment_mode="expand")`` gives), found for all records at once.
    ``offsets`` are the tokens' character offsets (``doc.to_array("IDX")``) if known."""
    if not records or not len(doc):
        return []
    starts = (doc.to_array("IDX") if offsets is None else offsets).astype(numpy.int64)
    bounds = numpy.array([(r["start"], r["end"]) for r in records], dtype=numpy.int64)
    first = numpy.searchsorted(starts, bounds[:, 0], side="right") - 1
    after = numpy.searchsorted(starts, bounds[:, 1], side="left")
    add = doc.vocab.strings.add
    label_ids: dict[str, int] = {}  # a label's id hashed once, not once per Span
    for record in records:
        if record["label"] not in label_ids:
            label_ids[record["label"]] = add(record["label"])
    return [
        Span(doc, low, high, label=label_ids[record["label"]])
        for low, high, record in zip(first.tolist(), after.tolist(), records, strict=True)
        if 0 <= low < high
    ]


def make_arguments(
    nlp: Language, name: str, use_model: bool, min_confidence: float
) -> ArgumentStage:
    """spaCy factory ``policy_arguments``."""
    return ArgumentStage(shipped_model() if use_model else None, min_confidence)
