"""Tag a processed Doc: units, cue layer, learned layer, attributes, thesis and relations.

The learned model's label wins when the model is confident enough: below the genre's
``confidence_floor`` (stored with the model, chosen by cross-validation on the training data)
or ``min_confidence`` the cue tagger's label is kept. The cue tagger alone decides where the
model has seen no unit of the genre, and for :data:`RULE_WINS`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any

import numpy
from numpy.typing import NDArray
from spacy.tokens import Doc

from multilat_nlp.arguments.cues import CueAnalysis
from multilat_nlp.arguments.features import AnalysedUnit, Scorer, analyse_units
from multilat_nlp.arguments.lexicon import profiles
from multilat_nlp.arguments.model import LinearModel
from multilat_nlp.arguments.relations import link
from multilat_nlp.arguments.scan import UnitTexts
from multilat_nlp.arguments.units import build_units, furniture
from multilat_nlp.doc_text import doc_text

_THESIS_LABELS = frozenset({"CLAIM", "CONCLUSION", "RECOMMENDATION"})
_RESTATEMENT = 0.3  # share of an abstract sentence's bigrams found again in one body unit


RULE_WINS = frozenset({"EXAMPLE", "CONCLUSION"})
"""Cue-tagger labels the model never overrides: set by sentence-initial frames (例如, 因此, 总之)
that are precise, and too rare in the gold (2 and 9 units) for the model to learn them."""


def decide(
    model: LinearModel, item: AnalysedUnit, features: Sequence[str], min_confidence: float = 0.0
) -> tuple[str, float]:
    """The model's label, unless the cue tagger should decide.

    The cue tagger decides for :data:`RULE_WINS`, when the model never saw the unit's genre (a
    model trained on reports has learned nothing about papers: the same bare verb phrase is
    EVIDENCE in a report's review and a RECOMMENDATION in a paper's proposals), and below
    ``min_confidence`` or the genre's ``confidence_floor``. A section role the model never saw
    in the genre does not send the unit to the cues: the role-free features carry over.
    """
    genre = item.unit.genre
    if item.rule in RULE_WINS or f"genre={genre}" not in model.index:
        return item.rule, 1.0
    label, probability = model.predict(features)
    if probability < max(min_confidence, model.confidence_floor.get(genre, 0.0)):
        return item.rule, probability
    return label, probability


def predict_labels(
    units: Sequence[AnalysedUnit], model: LinearModel | Scorer | None, min_confidence: float = 0.0
) -> list[tuple[str, float]]:
    """The label and confidence of each unit (the cue tagger's, at 1.0, without a model):
    what :func:`decide` gives on :func:`unit_features`, scored for all units at once."""
    if model is None:
        return [(item.rule, 1.0) for item in units]
    scorer = model if isinstance(model, Scorer) else Scorer(model)
    classes = scorer.model.classes
    index = scorer.model.index
    floors = scorer.model.confidence_floor
    scores = scorer.scores(units)
    best = numpy.argmax(scores, axis=1) if len(units) else numpy.zeros(0, dtype=numpy.int64)
    top = scores[numpy.arange(len(units)), best]
    probabilities = 1.0 / numpy.exp(scores - top[:, None]).sum(axis=1)
    floor_of: dict[str, float | None] = {}  # per genre its floor, None: a genre never seen
    labels: list[tuple[str, float]] = []
    append = labels.append
    for item, k, probability in zip(units, best.tolist(), probabilities.tolist(), strict=True):
        genre = item.unit.genre
        if genre in floor_of:
            floor = floor_of[genre]
        else:
            floor = floor_of[genre] = (
                max(min_confidence, floors.get(genre, 0.0)) if f"genre={genre}" in index else None
            )
        rule = item.rule
        if floor is None or rule in RULE_WINS:
            append((rule, 1.0))
        elif probability < floor:
            append((rule, probability))
        else:
            append((classes[k], probability))
    return labels


def _repeated(text: str, quotes: Sequence[str]) -> bool:
    squeezed = "".join(text.split())
    core = squeezed.rstrip("。！？；;!?")
    return any(
        quote in squeezed or (len(core) >= _MIN_PULL_QUOTE and core in quote) for quote in quotes
    )


def _bigrams(text: str) -> set[str]:
    return {text[k : k + 2] for k in range(len(text) - 1)}


def _thesis_flags(units: Sequence[AnalysedUnit], labels: Sequence[str]) -> list[bool]:
    """Abstract sentences restated in the body, and the genre's thesis markers."""
    flags = [False] * len(units)
    if not units:
        return flags
    texts = UnitTexts([item.unit.text for item in units])
    markers = profiles().thesis
    marked: set[int] = set()
    for genre in {item.unit.genre for item in units}:
        pattern = markers.get(genre)
        if pattern is not None:
            marked |= {k for k in texts.units_with(pattern) if units[k].unit.genre == genre}
    body: list[set[str]] | None = None  # built only for a document with an abstract
    for i, item in enumerate(units):
        if labels[i] not in _THESIS_LABELS:
            continue
        if i in marked:
            flags[i] = True
        elif item.unit.role == "abstract":
            if body is None:
                body = [_bigrams(other.unit.text) for other in units
                        if other.unit.role != "abstract"]
            grams = _bigrams(item.unit.text)
            if grams and any(len(grams & other) >= _RESTATEMENT * len(grams) for other in body):
                flags[i] = True
    return flags


_MIN_PULL_QUOTE = 8  # characters: a shorter boxed line is a fragment, not a sentence


def _pull_quotes(doc: Doc) -> list[str]:
    """The texts of the pull-quote copies cleaning removed, whitespace squeezed out."""
    quotes = []
    for region in doc._.dropped or []:
        if region.get("kind") == "pull_quote" and region.get("text"):
            quote = "".join(str(region["text"]).split()).rstrip("。！？；;!?")
            if len(quote) >= _MIN_PULL_QUOTE:
                quotes.append(quote)
    return quotes


def _notes_within(anchors: Sequence[tuple[int, int, str]], anchor_at: Sequence[int],
                  start: int, end: int) -> list[str]:
    """The footnotes anchored in ``start..end`` (inclusive), in the order the Doc lists them."""
    low, high = bisect_left(anchor_at, start), bisect_right(anchor_at, end)
    if low == high:
        return []
    return [note for _, _, note in sorted(anchors[low:high], key=lambda a: a[1])]


def _cue_strings(cues: CueAnalysis) -> list[str]:
    """``cues.cue_strings()``, without building the ordered set for a unit with one cue
    list or none (most units)."""
    hits, modal = cues.hits, cues.modal
    if not hits:
        return [modal] if modal else []
    if len(hits) == 1 and not modal:
        (found,) = hits.values()
        return found[:] if len(found) == 1 else list(dict.fromkeys(found))
    return cues.cue_strings()


def _in_references(doc: Doc, units: Sequence[AnalysedUnit]) -> set[int]:
    """The units that start inside an entry of the document's reference list."""
    entries = sorted(
        (int(entry["start"]), int(entry["end"]))
        for entry in (doc._.meta or {}).get("references") or []
    )
    if not entries:
        return set()
    starts = [start for start, _ in entries]
    inside: set[int] = set()
    for k, item in enumerate(units):
        at = bisect_right(starts, item.unit.start) - 1
        if at >= 0 and item.unit.start < entries[at][1]:
            inside.add(k)
    return inside


def tag_document(
    doc: Doc, model: LinearModel | Scorer | None, min_confidence: float = 0.0,
    array: NDArray[numpy.float64] | None = None,
) -> tuple[list[AnalysedUnit], list[dict[str, Any]]]:
    """The analysed units and their JSON records (schema ``arguments``); ``array`` is
    ``doc.to_array(TOKEN_ATTRS)`` when the caller has it already."""
    text = doc_text(doc)
    units = analyse_units(build_units(doc, text, array), text)
    predictions = predict_labels(units, model, min_confidence)
    labels = [label for label, _ in predictions]
    thesis = _thesis_flags(units, labels)
    relations = link(units, labels)
    anchors = sorted(
        (int(note["anchor"]), k, str(note["id"]))
        for k, note in enumerate(doc._.footnotes or [])
        if note.get("anchor") is not None
    )
    anchor_at = [anchor for anchor, _, _ in anchors]
    quotes = _pull_quotes(doc)
    # Furniture and the bibliography are tagged with the rest (they count in positions) but not
    # output; neither is a relation to them.
    left_out = {k for k, item in enumerate(units) if furniture(item.unit)}
    left_out |= _in_references(doc, units)
    records: list[dict[str, Any]] = []
    append = records.append
    for k, (item, (label, confidence), is_thesis, relation) in enumerate(zip(
        units, predictions, thesis, relations, strict=True
    )):
        if k in left_out:
            continue
        if relation is not None and relation[1] in left_out:
            relation = None
        unit, cues = item.unit, item.cues
        recommendation = label == "RECOMMENDATION"
        append({
            "sentence": unit.sentence,
            "start": unit.start,
            "end": unit.end,
            "label": label,
            "confidence": round(confidence, 3),
            "cue_label": item.rule,
            "section": unit.section,
            "role": unit.paragraph_role or unit.role,
            "thesis": is_thesis,
            "contrast": cues.contrast,
            "hedge": cues.hedge,
            "pullquote": bool(quotes) and _repeated(unit.text, quotes),
            "cues": _cue_strings(cues),
            "fn_refs": _notes_within(anchors, anchor_at, unit.start, unit.end) if anchors else [],
            "actor": cues.actor if recommendation else None,
            "strength": cues.strength if recommendation else None,
            "relations": (
                []
                if relation is None
                else [{"type": relation[0], "head": units[relation[1]].unit.sentence}]
            ),
        })
    return units, records
