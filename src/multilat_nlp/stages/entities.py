"""The ``entities`` stage: ``doc.ents`` with canonical ids, and ``doc._.entity_table``.

Each mention's ``kb_id_`` is its canonical id and its ``id_`` the source (gazetteer / pattern).
Where a mention cuts through a segmenter token, the token is split (retokenized) so that the
entity is never dropped. The finding itself is :mod:`multilat_nlp.entities`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.entities import EntityFinder, Gazetteer, Mention, load_gazetteers

DEFAULT_CONFIG: dict[str, Any] = {"gazetteers": [], "numbers": True}


class EntityRecognizer:
    def __init__(self, gazetteers: Sequence[str] = (), numbers: bool = True) -> None:
        self.gazetteer = Gazetteer(load_gazetteers(list(gazetteers)))
        self.finder = EntityFinder(self.gazetteer, numbers=numbers)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        starts = frozenset(t.idx for t in doc)
        mentions = self.finder.find(text, starts)
        doc = _split_tokens(doc, mentions)
        footnotes = [(f["start"], f["end"]) for f in (doc._.footnotes or [])]
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.canonical)
            if span is None:  # cannot happen after the split; never drop silently
                raise RuntimeError(f"entity {m.start}:{m.end} does not align after retokenizing")
            span.id_ = m.source
            spans.append(span)
        doc.ents = spans
        doc._.entity_table = entity_table(doc.text, mentions, footnotes, self.gazetteer)
        return doc


def _split_tokens(doc: Doc, mentions: Sequence[Mention]) -> Doc:
    """Split every token that a mention boundary falls inside."""
    cuts = {b for m in mentions for b in (m.start, m.end)}
    todo = []
    for token in doc:
        inner = sorted(c - token.idx for c in cuts if token.idx < c < token.idx + len(token.text))
        if inner:
            todo.append((token, inner))
    if not todo:
        return doc
    with doc.retokenize() as retokenizer:
        for token, inner in todo:
            bounds = [0, *inner, len(token.text)]
            orths = [token.text[a:b] for a, b in itertools.pairwise(bounds)]
            heads = [(token, 0)] * len(orths)
            attrs: dict[str, list[str]] = {}
            if token.tag_:
                attrs["TAG"] = [token.tag_] * len(orths)
            if token.pos_:
                attrs["POS"] = [token.pos_] * len(orths)
            retokenizer.split(token, orths, heads=heads, attrs=attrs)  # type: ignore[arg-type]
    return doc


def entity_table(
    text: str,
    mentions: Sequence[Mention],
    footnotes: Sequence[tuple[int, int]],
    gazetteer: Gazetteer,
) -> list[dict[str, Any]]:
    """Each entity once: label, canonical names (zh/en), mention count, offsets, footnote flags."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for m in mentions:
        key = (m.label, m.canonical)
        row = rows.get(key)
        if row is None:
            entry = gazetteer.by_id.get(m.canonical)
            zh = entry.zh[0] if entry and entry.zh else text[m.start : m.end]
            en = entry.en[0] if entry and entry.en else None
            row = rows[key] = {
                "canonical": m.canonical, "label": m.label, "name_zh": zh, "name_en": en,
                "source": m.source, "count": 0, "mentions": [],
            }  # fmt: skip
        in_footnote = any(s <= m.start < e for s, e in footnotes)
        row["count"] += 1
        row["mentions"].append({"start": m.start, "end": m.end, "in_footnote": in_footnote})
    return sorted(rows.values(), key=lambda r: (-r["count"], r["label"], r["canonical"]))


def make_entities(
    nlp: Language, name: str, gazetteers: list[str], numbers: bool
) -> EntityRecognizer:
    return EntityRecognizer(gazetteers, numbers)
