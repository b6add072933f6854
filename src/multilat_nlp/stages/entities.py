"""The ``entities`` stage: ``doc.ents`` with canonical ids, and ``doc._.entity_table``.

Each mention's ``kb_id_`` is its canonical id and its ``id_`` the source (gazetteer / pattern).
Where a mention cuts through a segmenter token, the token is split (retokenized) so that the
entity is never dropped. The finding itself is :mod:`multilat_nlp.entities`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import Any, cast

import numpy
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from multilat_nlp.entities import EntityFinder, Gazetteer, Mention, load_gazetteers
from multilat_nlp.entities.model import CharTagger
from multilat_nlp.entities.tokenview import TokenView
from multilat_nlp.errors import ConfigError
from multilat_nlp.stages.segment import Segmenter
from multilat_nlp.stages.tokenizer import set_folded_norms
from multilat_nlp.text.script import fold_simplified, load_tables, simplified_key

#: ``Doc.to_array`` stores "not a sentence start" (-1) as an unsigned integer.
NOT_SENT_START = numpy.uint64(2**64 - 1)

DEFAULT_CONFIG: dict[str, Any] = {"gazetteers": [], "numbers": True, "model": "windows"}
#: ``model``: "off"; "windows" runs the tagger only around tokens the POS stage tagged as names
#: (cheap: the default pipeline); "full" tags every line (``load("policy-accurate")``).
MODEL_MODES = ("off", "windows", "full")
#: jieba tags of name candidates; the tagger decides, the tag is only where to look.
CANDIDATE_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
_WINDOW = 4
_LINE_BREAKS = re.compile(r"[^\n。！？；]+")


class EntityRecognizer:
    """``units``: the pipeline's lexicon terms, tokens no entity boundary may cut (see design)."""

    def __init__(
        self,
        gazetteers: Sequence[str] = (),
        numbers: bool = True,
        units: frozenset[str] = frozenset(),
        model: str = "windows",
    ) -> None:
        if model not in MODEL_MODES:
            raise ConfigError(f"entities.model must be one of {MODEL_MODES}, got {model!r}")
        self.model_mode = model
        self.tagger = CharTagger.load() if model != "off" else None
        self.gazetteer = Gazetteer(load_gazetteers(list(gazetteers)))
        self.finder = EntityFinder(self.gazetteer, numbers=numbers)
        self.units = units - frozenset(self.gazetteer.terms())

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        bounds = doc.to_array(["IDX", "LENGTH"]).astype(numpy.int64)
        token_starts: list[int] = bounds[:, 0].tolist()
        lengths: list[int] = bounds[:, 1].tolist()
        starts = frozenset(token_starts)
        # The lists are Simplified; a Traditional paper is matched folded one for one, so the
        # offsets stay the original's (國際貨幣基金組織 is found as 国际货币基金组织).
        tables = load_tables()
        folded = text if tables.hant_only.isdisjoint(text) else fold_simplified(text)
        token_view = TokenView.build(
            folded,
            bounds[:, 0],
            bounds[:, 1],
            doc.to_array("ORTH").astype(numpy.uint64),
            doc.to_array("TAG").astype(numpy.uint64),
            get_string_id,
        )
        mentions = self.finder.find(folded, starts, token_view)
        if self.tagger is not None:
            mentions = self._with_model(doc, folded, mentions, token_starts, lengths)
        if self.units:
            mentions = _outside_units(text, mentions, self.units, token_starts, lengths)
        doc = _split_tokens(doc, text, mentions, token_starts, lengths)
        footnotes = [(f["start"], f["end"]) for f in (doc._.footnotes or [])]
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.canonical)
            if span is None:  # cannot happen after the split; never drop silently
                raise RuntimeError(f"entity {m.start}:{m.end} does not align after retokenizing")
            span.id_ = m.source
            spans.append(span)
        doc.ents = spans
        doc._.entity_table = entity_table(text, mentions, footnotes, self.gazetteer)
        return doc

    def _with_model(
        self,
        doc: Doc,
        text: str,
        mentions: list[Mention],
        starts: list[int],
        lengths: list[int],
    ) -> list[Mention]:
        """Add the tagger's names where no gazetteer or pattern mention is."""
        assert self.tagger is not None
        strings = doc.vocab.strings
        tag_ids = doc.to_array("TAG")
        if self.model_mode == "full":
            looked_at: list[int] = list(range(len(starts)))
        else:
            wanted = numpy.array([strings[t] for t in sorted(CANDIDATE_TAGS)], dtype=tag_ids.dtype)
            looked_at = numpy.nonzero(numpy.isin(tag_ids, wanted))[0].tolist()
        tag_of: dict[int, str] = {}
        for i in looked_at:
            tag_of[i] = strings[int(tag_ids[i])] if tag_ids[i] else ""
        covered = bytearray(len(text))
        for m in mentions:
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        if self.model_mode == "full":
            windows = [match.span() for match in _LINE_BREAKS.finditer(text)]
        else:
            candidates = [(starts[i], starts[i] + lengths[i], tag_of[i]) for i in looked_at]
            windows = _candidate_windows(text, candidates, covered)
        distinct, tag_index = numpy.unique(tag_ids, return_inverse=True)
        tag_names = [strings[int(t)] if t else "" for t in distinct.tolist()]
        starts_array = numpy.asarray(starts, dtype=numpy.int64)
        ends_array = starts_array + numpy.asarray(lengths, dtype=numpy.int64)
        found = []
        for s, e, label in self.tagger.window_spans(
            text, windows, starts_array, ends_array, tag_index.astype(numpy.int64), tag_names
        ):
            if e - s >= 2 and not any(covered[s:e]):
                found.append(Mention(s, e, label, text[s:e], "model"))
                covered[s:e] = b"\x01" * (e - s)
        if not found:
            return mentions
        return sorted([*mentions, *found], key=lambda m: m.start)


def _candidate_windows(
    text: str, spans: Sequence[tuple[int, int, str]], covered: bytearray
) -> list[tuple[int, int]]:
    """Stretches around name-tagged tokens outside every mention, within one line."""
    windows: list[tuple[int, int]] = []
    for start, end, tag in spans:
        if tag not in CANDIDATE_TAGS or any(covered[start:end]):
            continue
        lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
        cut = max(text.rfind("\n", lo, start), text.rfind("。", lo, start))
        lo = cut + 1 if cut >= 0 else lo
        nl = [p for p in (text.find("\n", end, hi), text.find("。", end, hi)) if p >= 0]
        hi = min(nl) if nl else hi
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def doc_text(doc: Doc) -> str:
    """``doc.text`` from the token arrays: spaCy's property makes a Token object per token."""
    strings = doc.vocab.strings
    parts = []
    for orth, space in doc.to_array(["ORTH", "SPACY"]).tolist():
        parts.append(strings[orth])
        if space:
            parts.append(" ")
    return "".join(parts)


def _outside_units(
    text: str,
    mentions: list[Mention],
    units: frozenset[str],
    starts: list[int],
    lengths: list[int],
) -> list[Mention]:
    """Drop mentions that would cut a lexicon term (中国 inside the token 中国特色社会主义)."""
    kept = []
    for m in mentions:
        cut = False
        for boundary in (m.start, m.end):
            i = bisect.bisect_right(starts, boundary) - 1
            if i >= 0 and starts[i] < boundary < starts[i] + lengths[i]:
                word = text[starts[i] : starts[i] + lengths[i]]
                cut = cut or simplified_key(word) in units
        if not cut:
            kept.append(m)
    return kept


def _split_tokens(
    doc: Doc, text: str, mentions: Sequence[Mention], starts: list[int], lengths: list[int]
) -> Doc:
    """Split every token that a mention boundary falls inside.

    The ``Doc`` is rebuilt once from its arrays (tags, POS and sentence starts carried over,
    the pieces of a token share its tag), because spaCy's retokenizer costs a pass over the
    whole document per split and a report has hundreds of splits.
    """
    inner_cuts: dict[int, list[int]] = {}
    for cut in sorted({b for m in mentions for b in (m.start, m.end)}):
        i = bisect.bisect_right(starts, cut) - 1
        if i >= 0 and starts[i] != cut and cut < starts[i] + lengths[i]:
            inner_cuts.setdefault(i, []).append(cut)
    if not inner_cuts:
        return doc
    table = doc.to_array(["SPACY", "TAG", "POS", "SENT_START"])
    has_space: list[bool] = table[:, 0].astype(bool).tolist()
    rows: list[int] = []
    words: list[str] = []
    spaces: list[bool] = []
    first_piece: list[bool] = []
    previous = 0
    for i in sorted(inner_cuts):
        for j in range(previous, i):
            rows.append(j)
            words.append(text[starts[j] : starts[j] + lengths[j]])
            spaces.append(has_space[j])
            first_piece.append(True)
        bounds = [starts[i], *inner_cuts[i], starts[i] + lengths[i]]
        for k, (a, b) in enumerate(itertools.pairwise(bounds)):
            rows.append(i)
            words.append(text[a:b])
            last = k == len(bounds) - 2
            spaces.append(has_space[i] and last)
            first_piece.append(k == 0)
        previous = i + 1
    for j in range(previous, len(starts)):
        rows.append(j)
        words.append(text[starts[j] : starts[j] + lengths[j]])
        spaces.append(has_space[j])
        first_piece.append(True)
    rebuilt = Doc(doc.vocab, words=words, spaces=spaces)
    values = table[rows][:, 1:].copy()
    not_first = ~numpy.asarray(first_piece)
    values[not_first, 2] = NOT_SENT_START if values[:, 2].any() else 0
    rebuilt.from_array(["TAG", "POS", "SENT_START"], cast(Any, values))
    rebuilt.user_data.update(doc.user_data)
    set_folded_norms(rebuilt, text)  # NORM is per token: the pieces get their own folds
    return rebuilt


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
    nlp: Language, name: str, gazetteers: list[str], numbers: bool, model: str
) -> EntityRecognizer:
    tokenizer = getattr(nlp.tokenizer, "inner", nlp.tokenizer)
    segmenter = getattr(tokenizer, "segmenter", None)
    units = segmenter.lexicon_words() if isinstance(segmenter, Segmenter) else frozenset()
    return EntityRecognizer(gazetteers, numbers, units, model)
