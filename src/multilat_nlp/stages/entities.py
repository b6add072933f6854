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
import numpy.typing as npt
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from multilat_nlp.dictionary_tags import common_words, dictionary_tags
from multilat_nlp.doc_text import doc_text
from multilat_nlp.entities import EntityFinder, Gazetteer, Mention, load_gazetteers
from multilat_nlp.entities.finder import resolved_spans
from multilat_nlp.entities.gazetteer import BLOCKER
from multilat_nlp.entities.linking import link_document
from multilat_nlp.entities.model import CharTagger
from multilat_nlp.entities.orgs import OrgLayer
from multilat_nlp.entities.tokenview import TokenView, in_sorted
from multilat_nlp.errors import ConfigError
from multilat_nlp.stages.segment import Segmenter
from multilat_nlp.stages.tokenizer import PolicyTokenizer, set_folded_norms
from multilat_nlp.text.charset import char_table
from multilat_nlp.text.script import fold_simplified, load_tables, simplified_key

#: ``Doc.to_array`` stores "not a sentence start" (-1) as an unsigned integer.
NOT_SENT_START = numpy.uint64(2**64 - 1)

DEFAULT_CONFIG: dict[str, Any] = {
    "gazetteers": [],
    "numbers": True,
    "model": "windows",
    "names": True,
    "model_common_words": 100,
}
#: ``names``: the rule layers for people, organisations and places no list has (after POS).
#: ``model``: "off"; "windows" runs the tagger only around tokens the POS stage tagged as names
#: (cheap: the default pipeline); "full" tags every line (``load("policy-accurate")``).
#: ``model_common_words``: the tagger's names that are a word of jieba's dictionary counted at
#: least this often are dropped (0 keeps all). Chosen on the dev splits: on People's Daily and
#: CLUENER dev the tagger was wrong on 86 of the 105 such spans; on the 53 reports it drops 269
#: of the tagger's 451 names, nearly all of them wrong (中西部 ×120, 商业银行, 上市).
MODEL_MODES = ("off", "windows", "full")
#: jieba tags of name candidates; the tagger decides, the tag is only where to look.
CANDIDATE_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
_WINDOW = 4
_LINE_BREAKS = re.compile(r"[^\n。！？；]+")
#: ``doc.user_data`` key of the mentions :meth:`EntityRecognizer.cut_tokens` found.
_FOUND_KEY = "multilat_nlp.entities.found"
#: Ties between a name layer's candidate and a mention found before go to the mention.
_PRIORITY = {"gazetteer": 3, "pattern": 2, "model": 2}


class EntityRecognizer:
    """``units``: the pipeline's lexicon terms, tokens no entity boundary may cut (see design)."""

    def __init__(
        self,
        gazetteers: Sequence[str] = (),
        numbers: bool = True,
        units: frozenset[str] = frozenset(),
        model: str = "windows",
        names: bool = True,
        model_common_words: int = DEFAULT_CONFIG["model_common_words"],
    ) -> None:
        if model not in MODEL_MODES:
            raise ConfigError(f"entities.model must be one of {MODEL_MODES}, got {model!r}")
        if not isinstance(model_common_words, int) or model_common_words < 0:
            raise ConfigError(
                f"entities.model_common_words must be a count >= 0, got {model_common_words!r}"
            )
        self.common_words = (
            common_words(model_common_words)
            if model != "off" and model_common_words
            else frozenset()
        )
        self.model_mode = model
        self.tagger = CharTagger.load() if model != "off" else None
        if self.tagger is not None:
            self.tagger.compiled  # noqa: B018 - compile the look-ups with the model, not per doc
        self.gazetteer = Gazetteer(load_gazetteers(list(gazetteers)))
        self.finder = EntityFinder(self.gazetteer, numbers=numbers)
        self.names = names
        self.orgs = OrgLayer()
        self.units = units - frozenset(self.gazetteer.terms())

    def cut_tokens(
        self, text: str, starts: list[int], lengths: list[int]
    ) -> tuple[list[int], dict[str, Any]]:
        """The tokenizer's :data:`~multilat_nlp.stages.tokenizer.TokenCutter`: find the
        gazetteer and pattern mentions on the segmenter's own tokens, before the ``Doc`` exists,
        and return the offsets where they cut a token, so the ``Doc`` is built with those
        tokens split (no second Doc, no retokenizing). The mentions go along in ``user_data``
        for :meth:`__call__`."""
        folded = _folded(text)
        mentions = self.finder.find(folded, frozenset(starts), link=False)
        kept = (
            _outside_units(text, mentions, self.units, starts, lengths) if self.units else mentions
        )
        cuts = sorted({b for m in kept for b in (m.start, m.end)} - set(starts))
        found = [[m.start, m.end, m.label, m.canonical, m.source] for m in mentions]
        data = {"length": len(text), "folds": folded is not text, "cuts": cuts, "mentions": found}
        return cuts, {_FOUND_KEY: data}

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        bounds = doc.to_array(["IDX", "LENGTH"]).astype(numpy.int64)
        found = doc.user_data.pop(_FOUND_KEY, None)
        if isinstance(found, dict) and found.get("length") == len(text):
            folded = fold_simplified(text) if found["folds"] else text
            # Found by cut_tokens on the segmenter's tokens: those are the tokens the rules
            # (coordinations, units) speak of, so they are put back together from the pieces.
            mentions = [Mention(*m) for m in found["mentions"]]
            cuts = numpy.asarray(found["cuts"], dtype=numpy.int64)
            first_piece = ~in_sorted(cuts, bounds[:, 0])  # cuts: sorted (numpy.isin sorts all)
            original = _joined(bounds, first_piece)
        else:  # a Doc that another tokenizer made
            folded = _folded(text)
            original = bounds
            first_piece = numpy.ones(len(bounds), dtype=bool)
            mentions = self.finder.find(folded, frozenset(bounds[:, 0].tolist()), link=False)
        # The tagger and the name layers read the segmenter's tokens (a cut token with the tag
        # of its first piece), not the pieces the gazetteer made.
        tag_ids = doc.to_array("TAG").astype(numpy.uint64)[first_piece]
        if self.names:
            mentions = self._with_names(
                doc, text, folded, mentions, original, bounds[first_piece, 1], tag_ids, first_piece
            )
        if self.tagger is not None:
            mentions = self._with_model(doc, folded, mentions, original, tag_ids)
        mentions = link_document(folded, mentions)
        if self.units:
            mentions = _outside_units(text, mentions, self.units, original[:, 0], original[:, 1])
        if _split_in_place(doc, text, mentions, bounds):
            bounds = doc.to_array(["IDX", "LENGTH"]).astype(numpy.int64)
        self.write_entities(doc, text, mentions, bounds)
        return doc

    def write_entities(
        self, doc: Doc, text: str, mentions: Sequence[Mention], bounds: npt.NDArray[numpy.int64]
    ) -> None:
        """``doc.ents`` and ``doc._.entity_table`` from the final mentions; also what a long
        document's pieces are stitched with. ``bounds``: (start, length) of the Doc's tokens."""
        footnotes = [(f["start"], f["end"]) for f in (doc._.footnotes or [])]
        _set_entities(doc, mentions, bounds)
        doc._.entity_table = entity_table(text, mentions, footnotes, self.gazetteer)

    def _with_names(
        self,
        doc: Doc,
        source: str,
        text: str,
        mentions: list[Mention],
        bounds: npt.NDArray[numpy.int64],
        first_lengths: npt.NDArray[numpy.int64],
        tag_ids: npt.NDArray[numpy.uint64],
        first_piece: npt.NDArray[numpy.bool_],
    ) -> list[Mention]:
        """People, organisations and places no list has (:mod:`multilat_nlp.entities.names`,
        :mod:`~multilat_nlp.entities.orgs`), resolved with the mentions found so far: the
        longest name wins (海口市中级人民法院 over 海口市), ties go to the lists. ``source``
        is the document's text, ``text`` its Simplified fold (what the layers read);
        ``first_lengths`` the lengths of the Doc tokens that start a segmenter token."""
        orths = doc.to_array("ORTH").astype(numpy.uint64)[first_piece]
        pieces = bounds[:, 1] != first_lengths
        for i in numpy.flatnonzero(pieces).tolist():  # a cut token: the id of its whole word
            start, length = int(bounds[i, 0]), int(bounds[i, 1])
            orths[i] = get_string_id(source[start : start + length])
        view = TokenView.build(text, bounds[:, 0], bounds[:, 1], orths, tag_ids, get_string_id)
        anchors = [
            (m.start, m.end, m.label, m.canonical) for m in mentions if m.source == "gazetteer"
        ]
        found = self.finder.people.candidates(text, view)
        found.extend(self.orgs.candidates(text, view, anchors))
        if not found:
            return mentions
        # A mention found before that is kept is kept as it was (no new Mention for it).
        count = len(mentions)
        chosen = resolved_spans(
            [m.start for m in mentions] + [c[0] for c in found],
            [m.end for m in mentions] + [c[1] for c in found],
            [_PRIORITY[m.source] for m in mentions] + [c[5] for c in found],
        )
        return [
            mentions[i] if i < count else Mention(*found[i - count][:5])
            for i in chosen
            if (mentions[i].label if i < count else found[i - count][2]) != BLOCKER
        ]

    def _with_model(
        self,
        doc: Doc,
        text: str,
        mentions: list[Mention],
        bounds: npt.NDArray[numpy.int64],
        tag_ids: npt.NDArray[numpy.uint64],
    ) -> list[Mention]:
        """Add the tagger's names where no gazetteer or pattern mention is; ``bounds`` are
        (start, length) of the tokens it sees and ``tag_ids`` their TAG hashes.

        Worked on as arrays over the tokens (a report has some 11,000; the tagger looks at a
        tenth of the text): the windows, which tokens' tags the tagger reads, and whether a
        name it finds starts and ends at token boundaries."""
        assert self.tagger is not None
        strings = doc.vocab.strings
        starts_array = bounds[:, 0]
        ends_array = bounds[:, 0] + bounds[:, 1]
        covered = bytearray(len(text))
        for m in mentions:
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        if self.model_mode == "full":
            windows = numpy.array(
                [match.span() for match in _LINE_BREAKS.finditer(text)], dtype=numpy.int64
            ).reshape(-1, 2)
        else:
            wanted = numpy.array([strings[t] for t in sorted(CANDIDATE_TAGS)], dtype=tag_ids.dtype)
            looked_at = numpy.flatnonzero(numpy.isin(tag_ids, wanted))
            windows = _candidate_windows(
                text, starts_array[looked_at], ends_array[looked_at], covered
            )
        tag_index, tag_names = _window_tags(strings, tag_ids, starts_array, windows)
        spans = self.tagger.window_spans(
            text, windows, starts_array, ends_array, tag_index, tag_names
        )
        # A name starts and ends where the segmenter's tokens do: the tagger's spans that cut a
        # token were nearly all wrong on the reports (通信 in 邮电通信, 源国 in 来源国, 武警部
        # in 武警部队), and dropping them raised precision on every evaluation set.
        edges = numpy.array([span[:2] for span in spans], dtype=numpy.int64).reshape(-1, 2)
        aligned = (
            in_sorted(starts_array, edges[:, 0]) & in_sorted(ends_array, edges[:, 1])
        ).tolist()
        found = []
        dictionary_tag = dictionary_tags().get  # shared, read-only; not kept: pipelines pickle
        for (s, e, label), at_tokens in zip(spans, aligned, strict=True):
            if not at_tokens or e - s < 2 or covered.find(1, s, e) != -1:
                continue
            word = text[s:e]
            if (
                word not in self.common_words
                and not self.gazetteer.blocked(text, s, e)
                and not (label == "ORG" and self.orgs.names_a_kind(word, dictionary_tag))
            ):
                found.append(Mention(s, e, label, word, "model"))
                covered[s:e] = b"\x01" * (e - s)
        if not found:
            return mentions
        return sorted([*mentions, *found], key=lambda m: m.start)


#: Where a candidate's window stops: a line or a sentence ends.
_WINDOW_BREAKS = re.compile("[\n。]")


def _candidate_windows(
    text: str,
    starts: npt.NDArray[numpy.int64],
    ends: npt.NDArray[numpy.int64],
    covered: bytearray,
) -> npt.NDArray[numpy.int64]:
    """Stretches around name-tagged tokens outside every mention, within one line: up to
    ``_WINDOW`` characters either side of the token, cut after the last line or sentence end
    before it and at the first one after it; overlapping or touching stretches are one window.

    ``starts``/``ends``: the tokens, in text order. Worked out as arrays: a window's stretches
    both start and end later the later their token is, so one that does not reach the end of
    the stretch before it starts a new window. Returns (start, end) rows.
    """
    seen = numpy.zeros(len(covered) + 1, dtype=numpy.int64)
    numpy.cumsum(numpy.frombuffer(covered, dtype=numpy.uint8), out=seen[1:])
    free = seen[ends] == seen[starts]
    starts, ends = starts[free], ends[free]
    if not len(starts):
        return numpy.zeros((0, 2), dtype=numpy.int64)
    lo = numpy.maximum(starts - _WINDOW, 0)
    hi = numpy.minimum(ends + _WINDOW, len(text))
    breaks = numpy.array([m.start() for m in _WINDOW_BREAKS.finditer(text)], dtype=numpy.int64)
    if len(breaks):
        before = numpy.searchsorted(breaks, starts) - 1  # the last break before the token
        cut = breaks[numpy.maximum(before, 0)]
        lo = numpy.where((before >= 0) & (cut >= lo), cut + 1, lo)
        after = numpy.searchsorted(breaks, ends)  # the first break at or after its end
        cut = breaks[numpy.minimum(after, len(breaks) - 1)]
        hi = numpy.where((after < len(breaks)) & (cut < hi), cut, hi)
    new = numpy.ones(len(lo), dtype=bool)
    new[1:] = lo[1:] > hi[:-1]
    heads = numpy.flatnonzero(new)
    tails = numpy.append(heads[1:], len(lo)) - 1
    return numpy.stack([lo[heads], hi[tails]], axis=1)


def _window_tags(
    strings: Any,
    tag_ids: npt.NDArray[numpy.uint64],
    starts: npt.NDArray[numpy.int64],
    windows: npt.NDArray[numpy.int64],
) -> tuple[npt.NDArray[numpy.int64], list[str]]:
    """The tagger's view of the tokens' TAG hashes: an index per token into the tag names.

    Only the tokens that reach into a window are ever read (the tagger looks at a tenth of
    the text), so only their tags are told apart; the others get index 0. The token a
    position before the first token would be taken for (the last) counts as read too.
    """
    touched = numpy.zeros(len(starts) + 1, dtype=numpy.int64)
    if len(windows) and len(starts):
        first = numpy.searchsorted(starts, windows[:, 0], side="right") - 1
        stop = numpy.searchsorted(starts, windows[:, 1], side="left")
        numpy.add.at(touched, numpy.maximum(first, 0), 1)
        numpy.add.at(touched, stop, -1)
        if (first < 0).any():
            touched[-2] += 1
            touched[-1] -= 1
    read = numpy.flatnonzero(numpy.cumsum(touched[:-1]) > 0)
    distinct, inverse = numpy.unique(tag_ids[read], return_inverse=True)
    tag_index = numpy.zeros(len(starts), dtype=numpy.int64)
    tag_index[read] = inverse
    names = [strings[int(t)] if t else "" for t in distinct.tolist()] or [""]
    return tag_index, names


def _set_entities(doc: Doc, mentions: Sequence[Mention], bounds: npt.NDArray[numpy.int64]) -> None:
    """``doc.ents`` from the mentions (label, canonical id as ``kb_id_``, source as ``id_``).

    Written as token arrays with one ``from_array`` (no ``Span`` or ``char_span`` per mention:
    a report has thousands); every mention must start and end on a token boundary. ``bounds``:
    (start, length) of the Doc's tokens.
    """
    starts, ends = bounds[:, 0], bounds[:, 0] + bounds[:, 1]
    wanted = numpy.array([(m.start, m.end) for m in mentions], dtype=numpy.int64).reshape(-1, 2)
    first = numpy.searchsorted(starts, wanted[:, 0])
    last = numpy.searchsorted(ends, wanted[:, 1])
    aligned = (first < len(starts)) & (last < len(ends))
    aligned[aligned] = (starts[first[aligned]] == wanted[aligned, 0]) & (
        ends[last[aligned]] == wanted[aligned, 1]
    )
    if not aligned.all():  # cannot happen after the split; never drop silently
        m = mentions[int(numpy.flatnonzero(~aligned)[0])]
        raise RuntimeError(f"entity {m.start}:{m.end} does not align after retokenizing")
    add = doc.vocab.strings.add
    ids: dict[str, int] = {}  # each string added once (labels, sources and ids are few)
    rows = []
    for m in mentions:
        label = ids.get(m.label)
        if label is None:
            label = ids[m.label] = add(m.label)
        canonical = ids.get(m.canonical)
        if canonical is None:
            canonical = ids[m.canonical] = add(m.canonical)
        source = ids.get(m.source)
        if source is None:
            source = ids[m.source] = add(m.source)
        rows.append((label, canonical, source))
    values = numpy.zeros((len(starts), 4), dtype=numpy.uint64)
    values[:, 0] = 2  # O
    inside = numpy.zeros(len(starts) + 1, dtype=numpy.int64)
    numpy.add.at(inside, first, 1)
    numpy.add.at(inside, last + 1, -1)
    values[numpy.cumsum(inside)[:-1] > 0, 0] = 1  # I
    values[first, 0] = 3  # B
    hashes = numpy.array(rows, dtype=numpy.uint64).reshape(-1, 3)
    lengths = last - first + 1
    tokens = numpy.repeat(numpy.arange(len(mentions)), lengths)
    at = numpy.arange(len(tokens)) - numpy.repeat(numpy.cumsum(lengths) - lengths, lengths)
    values[first[tokens] + at, 1:] = hashes[tokens]
    doc.from_array(["ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"], cast(Any, values))


def _outside_units(
    text: str,
    mentions: list[Mention],
    units: frozenset[str],
    starts: Sequence[int] | npt.NDArray[numpy.int64],
    lengths: Sequence[int] | npt.NDArray[numpy.int64],
) -> list[Mention]:
    """Drop mentions that would cut a lexicon term (中国 inside the token 中国特色社会主义).

    With the tokens as arrays (the stage), which mention boundaries fall inside a token is one
    binary search for all of them; with lists (the tokenizer's cutter), a bisect per boundary
    (making arrays of the lists would cost more than the searches)."""
    if isinstance(starts, list) and isinstance(lengths, list):
        return _outside_units_listed(text, mentions, units, starts, lengths)
    token_starts = numpy.asarray(starts, dtype=numpy.int64)
    if not mentions or not len(token_starts):
        return list(mentions)
    token_ends = token_starts + numpy.asarray(lengths, dtype=numpy.int64)
    edges = numpy.array([(m.start, m.end) for m in mentions], dtype=numpy.int64).ravel()
    owner = numpy.searchsorted(token_starts, edges, side="right") - 1
    known = numpy.maximum(owner, 0)
    inside = (owner >= 0) & (token_starts[known] < edges) & (edges < token_ends[known])
    if not inside.any():
        return list(mentions)
    cut: set[int] = set()
    for k in numpy.flatnonzero(inside).tolist():
        i = int(owner[k])
        if simplified_key(text[int(token_starts[i]) : int(token_ends[i])]) in units:
            cut.add(k // 2)
    return [m for k, m in enumerate(mentions) if k not in cut]


def _outside_units_listed(
    text: str, mentions: list[Mention], units: frozenset[str], starts: list[int], lengths: list[int]
) -> list[Mention]:
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


def _split_in_place(
    doc: Doc, text: str, mentions: Sequence[Mention], bounds: npt.NDArray[numpy.int64]
) -> bool:
    """Split the tokens that a mention boundary still falls inside (a model name, or a Doc that
    another tokenizer made), with spaCy's retokenizer, in place.

    Each split costs spaCy a pass over the document, so this is for the few the tokenizer could
    not know of; :meth:`EntityRecognizer.cut_tokens` makes the rest before the Doc is built. The
    pieces of a token share its tag, POS and lemma; only the first may start a sentence.
    Returns whether it split anything.
    """
    edges = numpy.unique(numpy.array([(m.start, m.end) for m in mentions], dtype=numpy.int64))
    owner = numpy.searchsorted(bounds[:, 0], edges, side="right") - 1
    known = owner >= 0
    inside = numpy.zeros(len(edges), dtype=bool)
    inside[known] = (bounds[owner[known], 0] != edges[known]) & (
        edges[known] < bounds[owner[known], 0] + bounds[owner[known], 1]
    )
    if not inside.any():
        return False
    starts: list[int] = bounds[:, 0].tolist()
    lengths: list[int] = bounds[:, 1].tolist()
    inner_cuts: dict[int, list[int]] = {}
    for i, cut in zip(owner[inside].tolist(), edges[inside].tolist(), strict=True):
        inner_cuts.setdefault(i, []).append(cut)
    names: list[int | str] = ["TAG", "POS", "LEMMA", "SENT_START"]
    table = doc.to_array(names)
    pieces = numpy.ones(len(starts), dtype=numpy.int64)
    with doc.retokenize() as retokenizer:
        for i, cuts in inner_cuts.items():
            token = doc[i]
            piece_edges = [starts[i], *cuts, starts[i] + lengths[i]]
            orths = [text[a:b] for a, b in itertools.pairwise(piece_edges)]
            retokenizer.split(token, orths, [(token, k) for k in range(len(orths))])
            pieces[i] = len(orths)
    rows = numpy.repeat(numpy.arange(len(starts)), pieces)
    values = table[rows].copy()
    not_first = numpy.ones(len(rows), dtype=bool)
    not_first[numpy.cumsum(pieces) - pieces] = False
    values[not_first, 3] = NOT_SENT_START if table[:, 3].any() else 0
    doc.from_array(names, cast(Any, values))
    set_folded_norms(doc, text)  # NORM is per token: the pieces get their own folds
    return True


def _joined(
    bounds: npt.NDArray[numpy.int64], first: npt.NDArray[numpy.bool_]
) -> npt.NDArray[numpy.int64]:
    """(start, length) of the tokens before the cuts: runs of pieces, each from a first piece."""
    heads = numpy.flatnonzero(first)
    if not len(heads):
        return bounds
    ends = bounds[:, 0] + bounds[:, 1]
    last = numpy.append(heads[1:], len(bounds)) - 1
    return numpy.stack([bounds[heads, 0], ends[last] - bounds[heads, 0]], axis=1)


def _folded(text: str) -> str:
    """The lists are Simplified; a Traditional paper is matched folded one for one, so the
    offsets stay the original's (國際貨幣基金組織 is found as 国际货币基金组织)."""
    tables = load_tables()
    return text if char_table(tables.hant_only).isdisjoint(text) else fold_simplified(text)


def entity_table(
    text: str,
    mentions: Sequence[Mention],
    footnotes: Sequence[tuple[int, int]],
    gazetteer: Gazetteer,
) -> list[dict[str, Any]]:
    """Each entity once: label, canonical names (zh/en), mention count, offsets, footnote flags."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    ordered = sorted(footnotes)
    footnote_starts = [s for s, _ in ordered]
    reach = list(itertools.accumulate((e for _, e in ordered), max))  # furthest end so far
    by_id = gazetteer.by_id
    for m in mentions:
        key = (m.label, m.canonical)
        row = rows.get(key)
        if row is None:
            entry = by_id.get(m.canonical)
            zh = entry.zh[0] if entry and entry.zh else text[m.start : m.end]
            en = entry.en[0] if entry and entry.en else None
            row = rows[key] = {
                "canonical": m.canonical, "label": m.label, "name_zh": zh, "name_en": en,
                "source": m.source, "count": 0, "mentions": [],
            }  # fmt: skip
        in_footnote = False
        if footnote_starts:  # most documents have none: no search per mention
            at = bisect.bisect_right(footnote_starts, m.start) - 1
            in_footnote = at >= 0 and m.start < reach[at]
        row["mentions"].append({"start": m.start, "end": m.end, "in_footnote": in_footnote})
    for row in rows.values():
        row["count"] = len(row["mentions"])
    return sorted(rows.values(), key=lambda r: (-r["count"], r["label"], r["canonical"]))


def make_entities(
    nlp: Language,
    name: str,
    gazetteers: list[str],
    numbers: bool,
    model: str,
    names: bool = True,
    model_common_words: int = DEFAULT_CONFIG["model_common_words"],
) -> EntityRecognizer:
    tokenizer = getattr(nlp.tokenizer, "inner", nlp.tokenizer)
    segmenter = getattr(tokenizer, "segmenter", None)
    units = segmenter.lexicon_words() if isinstance(segmenter, Segmenter) else frozenset()
    recognizer = EntityRecognizer(gazetteers, numbers, units, model, names, model_common_words)
    if isinstance(tokenizer, PolicyTokenizer):
        tokenizer.cutters.append(recognizer.cut_tokens)
    return recognizer
