"""Run a pipeline over evaluation data and score it: the body of ``multilat-nlp evaluate``.

The scorers themselves are pure functions in the sibling modules; this module is the only one
here that knows about pipelines, so the scorers stay testable with tiny lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.document import to_input_spans
from multilat_nlp.errors import ConfigError, PipelineError
from multilat_nlp.stages.segment import Segmenter


def run_evaluation(task: str, options: Mapping[str, Any], nlp: Language) -> dict[str, Any]:
    """Dispatch ``multilat-nlp evaluate TASK``; ``options`` are the parsed CLI arguments."""
    if task == "segmentation":
        return evaluate_segmentation(nlp, options["raw"], options["gold"], options.get("words"))
    if task == "keywords":
        return evaluate_keywords(nlp, options["data"], k=options.get("k", 5))
    if task == "entities":
        return evaluate_entities(
            nlp, options["data"], fmt=options["format"], label_map=options.get("label_map")
        )
    if task == "arguments":
        return evaluate_arguments(nlp, options["text"], options["gold"])
    raise ConfigError(f"unknown evaluation task {task!r}")


def _require(nlp: Language, attribute: str, task: str) -> None:
    """Refuse to score a stage the pipeline does not have, rather than report a zero."""
    for name in nlp.pipe_names:
        if attribute in nlp.get_pipe_meta(name).assigns:
            return
    raise PipelineError(
        f"evaluate {task}: pipeline {nlp.meta.get('name')!r} has no stage that assigns "
        f"{attribute} (stages: {nlp.pipe_names})"
    )


def evaluate_segmentation(
    nlp: Language, raw: Path, gold: Path, words: Path | None
) -> dict[str, Any]:
    """Segment each raw line with the pipeline's segmenter and score against the gold lines."""
    from multilat_nlp.evaluate.formats import read_sighan_lines
    from multilat_nlp.evaluate.segmentation import read_word_list, score_segmentation

    segmenter = getattr(nlp.tokenizer, "segmenter", None)
    if not isinstance(segmenter, Segmenter):
        raise PipelineError("this pipeline has no multilat_nlp segmenter")
    predicted = [
        [w for w in segmenter.words(line) if not w.isspace()] for line in read_sighan_lines(raw)
    ]
    train_words = read_word_list(words) if words else None
    return score_segmentation(read_sighan_lines(gold), predicted, train_words=train_words)


def evaluate_keywords(nlp: Language, data: Path, *, k: int) -> dict[str, Any]:
    """CSL protocol: the pipeline reads title + '。' + abstract; the first k keywords count."""
    from multilat_nlp.evaluate.formats import csl_input_text, read_csl
    from multilat_nlp.evaluate.keywords import score_keywords

    _require(nlp, "doc._.keywords", "keywords")
    if k < 1:
        raise ConfigError("--k must be at least 1")
    records = read_csl(data)
    predicted = [
        [keyword["term"] for keyword in (doc._.keywords or [])[:k]]
        for doc in nlp.pipe(csl_input_text(record) for record in records)
    ]
    return score_keywords([record.keywords for record in records], predicted, k=k)


def evaluate_entities(
    nlp: Language, data: Path, *, fmt: str, label_map: Path | None
) -> dict[str, Any]:
    """Exact-span entity scores; gold labels are mapped onto ours with ``label_map``."""
    from multilat_nlp.evaluate.formats import CLUENER_PER_LOC_ORG, read_span_documents
    from multilat_nlp.evaluate.spans import load_label_map, score_spans

    _require(nlp, "doc.ents", "entities")
    documents = read_span_documents(data, fmt)
    predicted = [
        _entities_in_input(doc) for doc in nlp.pipe(document.text for document in documents)
    ]
    mapping: Mapping[str, str | Sequence[str]] | None = (
        load_label_map(label_map) if label_map else None
    )
    if mapping is None and fmt == "cluener":
        mapping = CLUENER_PER_LOC_ORG
    return score_spans(documents, predicted, label_map=mapping)


def _entities_in_input(doc: Doc) -> list[tuple[int, int, str]]:
    """Entity spans in the offsets of the text given (gold offsets are not in clean offsets)."""
    spans = []
    for ent in doc.ents:
        pieces = to_input_spans(doc, ent.start_char, ent.end_char)
        if pieces:
            spans.append((pieces[0][0], pieces[-1][1], ent.label_))
    return spans


def evaluate_arguments(nlp: Language, text_path: Path, gold: Path) -> dict[str, Any]:
    """Run the document (or each gold document of a folder) and score the gold units.

    A gold unit with ``doc``/``start``/``end`` is matched by offsets into that file (the unit
    offsets are mapped back through cleaning); the others by text against every unit, as
    :func:`multilat_nlp.evaluate.arguments.score_arguments` does.
    """
    from multilat_nlp.document import sentence_offsets
    from multilat_nlp.evaluate.arguments import (
        NO_MATCH,
        match_by_offsets,
        match_units,
        read_argument_gold,
        score_labels,
    )
    from multilat_nlp.reading import read

    _require(nlp, "doc._.arguments", "arguments")
    records = read_argument_gold(gold)
    if text_path.is_dir():
        names = sorted({r.doc for r in records if r.doc is not None})
        paths = [text_path / name for name in names]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise ConfigError(f"{gold}: gold documents not found in {text_path}: {missing}")
        if any(r.doc is None for r in records) and not paths:
            paths = sorted(p for p in text_path.iterdir() if p.is_file())
    else:
        paths = [text_path]
    texts: list[str] = []
    labels: list[str] = []
    spans_of: dict[str, list[tuple[int, int]]] = {}
    first_of: dict[str, int] = {}
    for path in paths:
        doc = nlp(read(path).text)
        sentences = sentence_offsets(doc)
        first_of[path.name] = len(labels)
        spans: list[tuple[int, int]] = []
        for unit in doc._.arguments or []:
            start, end = sentences[unit["sentence"]]
            start, end = int(unit.get("start", start)), int(unit.get("end", end))
            texts.append(doc.text[start:end])
            labels.append(str(unit["label"]))
            pieces = to_input_spans(doc, start, end)
            spans.append((pieces[0][0], pieces[-1][1]) if pieces else (-1, -1))
        spans_of[path.name] = spans
    predicted = [NO_MATCH] * len(records)
    by_offsets = [k for k, r in enumerate(records) if r.doc is not None and r.doc in spans_of]
    for name, spans in spans_of.items():
        mine = [k for k in by_offsets if records[k].doc == name]
        found = match_by_offsets(
            [(int(records[k].start or 0), int(records[k].end or 0)) for k in mine], spans
        )
        for k, j in zip(mine, found, strict=True):
            if j is not None:
                predicted[k] = labels[first_of[name] + j]
    offset_set = set(by_offsets)
    by_text = [k for k in range(len(records)) if k not in offset_set]
    for k, j in zip(by_text, match_units([records[k].text for k in by_text], texts), strict=True):
        if j is not None:
            predicted[k] = labels[j]
    result = score_labels([r.label for r in records], predicted, [r.alt for r in records])
    result["documents"] = len(paths)
    return result
