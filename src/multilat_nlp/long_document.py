"""Long documents: stages that hold Python objects per unit run over bounded pieces.

A 20 MB text is one ``Doc`` of millions of tokens. The array-based stages (sentences, POS,
keywords) and the text-level one (structure) handle it whole in linear, compact memory; the
argument stage keeps several Python objects per sentence (units, cues, features, bigram sets)
for the whole document at once, which made it the peak of a long run (2.4 GB at 20 MB). Over a
long text the pipeline therefore runs such a stage over *pieces* of about
:data:`PIECE_CHARS` characters, each cut at a sentence that starts a line, and stitches the
results back with offsets and sentence numbers shifted; each piece is released before the next
is built.

Document-level inputs stay document-level: each piece gets the sections, footnotes and front
matter that touch it, their offsets moved into the piece, and the document's opening as a
prefix, so a genre read from the first lines is the same in every piece (the prefix's own
units are dropped). A relation to a unit in another piece (a section lead several pieces back)
is not found; pieces start at line starts, so relations inside a paragraph are kept. Texts of
at most :data:`LONG_TEXT_CHARS` characters are never cut.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

import numpy
from spacy.tokens import Doc

from multilat_nlp.doc_text import doc_text, remember_text
from multilat_nlp.document import sentence_offsets

#: Above this many characters a text is a long document (about 1.5 MB of Chinese in UTF-8;
#: papers and reports are 10-100 thousand characters).
LONG_TEXT_CHARS = 500_000
#: Target size of a piece: it ends at the first line-initial sentence start after this size.
PIECE_CHARS = 200_000
#: The document's opening that precedes every piece after the first: more than the longest
#: ``head_chars`` of the argument genre profiles (resources/arguments/profiles.toml).
PREFIX_CHARS = 1_000

#: Offset keys of the carried records that name a range, and those that name a point.
_RANGE_KEYS = ("start", "end", "text_start", "title_end")
_POINT_KEYS = ("title_start", "anchor")


@dataclasses.dataclass(frozen=True)
class Piece:
    """Characters ``[start, end)`` of the document in ``doc``, whose text is the document's
    first ``prefix_chars`` characters and then the piece."""

    start: int
    end: int
    prefix_chars: int
    prefix_sentences: int
    doc: Doc

    def to_piece(self, position: int) -> int:
        """A document offset in the piece's text. The prefix keeps its offsets; everything
        else is clamped into the piece (a section that began earlier begins at its start)."""
        if position < self.prefix_chars:
            return position
        return self.prefix_chars + min(max(position - self.start, 0), self.end - self.start)

    def to_document(self, position: int) -> int:
        return position - self.prefix_chars + self.start

    def touches(self, start: int, end: int) -> bool:
        """Whether ``[start, end]`` meets the piece or its prefix."""
        return (start <= self.end and end >= self.start) or start < self.prefix_chars


class Stitcher(Protocol):
    """Collects a stage's results piece by piece, then writes them into the whole Doc."""

    prefix: bool  # whether each piece is preceded by the document's opening

    def begin(self, doc: Doc, stage: Any) -> None: ...

    def add(self, piece: Piece, done: Doc) -> bool:
        """Take a finished piece's results; False when they cannot be stitched (the stage
        changed the piece's tokens), and the stage then runs over the whole Doc."""
        ...

    def finish(self, doc: Doc) -> None: ...


class ArgumentStitcher:
    """``doc._.arguments`` and ``doc.spans["arguments"]`` from the pieces' records."""

    prefix = True  # the genre is read from the document's opening

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.sentences = 0  # sentences of the document before the current piece

    def begin(self, doc: Doc, stage: Any) -> None:
        return

    def add(self, piece: Piece, done: Doc) -> bool:
        skip = piece.prefix_sentences
        shift = self.sentences - skip
        for record in done._.arguments or []:
            if record["start"] < piece.prefix_chars:
                continue  # a unit of the prefix: another piece owns it
            record = dict(record)
            record["start"] = piece.to_document(record["start"])
            record["end"] = piece.to_document(record["end"])
            record["sentence"] += shift
            record["relations"] = [
                {**relation, "head": relation["head"] + shift}
                for relation in record.get("relations") or []
                if relation["head"] >= skip
            ]
            self.records.append(record)
        self.sentences += len(sentence_offsets(done)) - skip
        return True

    def finish(self, doc: Doc) -> None:
        from multilat_nlp.stages.arguments import SPAN_KEY

        doc._.arguments = self.records
        spans = []
        for record in self.records:
            span = doc.char_span(record["start"], record["end"], label=record["label"],
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans


class EntityStitcher:
    """``doc.ents`` and ``doc._.entity_table`` from the pieces' entities.

    The tokenizer's entity pre-pass left its mentions and token cuts for the whole text in the
    Doc; each piece gets its share, so the stage sees what it would see over the whole Doc. The
    entity table counts mentions over the whole document, so it is made again from all of them.
    """

    prefix = False  # mentions need no document context

    def __init__(self) -> None:
        self.found: dict[str, Any] | None = None
        self.stage: Any = None
        self.mentions: list[tuple[int, int, str, str, str]] = []

    def begin(self, doc: Doc, stage: Any) -> None:
        from multilat_nlp.stages.entities import _FOUND_KEY

        self.stage = stage
        found = doc.user_data.get(_FOUND_KEY)
        if isinstance(found, dict) and found.get("length") == len(doc_text(doc)):
            self.found = found

    def prepare(self, piece: Piece) -> None:
        from multilat_nlp.stages.entities import _FOUND_KEY

        if self.found is None:
            return
        start, end = piece.start, piece.end
        piece.doc.user_data[_FOUND_KEY] = {
            **self.found,
            "length": end - start,
            "mentions": [
                (m[0] - start, m[1] - start, *m[2:])
                for m in self.found["mentions"]
                if start <= m[0] and m[1] <= end
            ],
            "cuts": [c - start for c in self.found["cuts"] if start <= c < end],
        }

    def add(self, piece: Piece, done: Doc) -> bool:
        if len(done) != len(piece.doc) or done is not piece.doc:
            return False  # the stage split tokens of the piece: the whole Doc must be split
        for ent in done.ents:
            self.mentions.append((ent.start_char + piece.start, ent.end_char + piece.start,
                                  ent.label_, ent.kb_id_, ent.id_))
        return True

    def finish(self, doc: Doc) -> None:
        from multilat_nlp.entities.finder import Mention
        from multilat_nlp.entities.linking import link_document
        from multilat_nlp.stages.entities import _FOUND_KEY, _folded

        doc.user_data.pop(_FOUND_KEY, None)
        text = doc_text(doc)
        # Aliases link across the whole document (a short form in one piece takes the id of
        # the full name in another), as the stage links them over one Doc.
        mentions = link_document(_folded(text), [Mention(*m) for m in self.mentions])
        self.mentions = []
        bounds = doc.to_array(["IDX", "LENGTH"]).astype(numpy.int64)
        self.stage.write_entities(doc, text, mentions, bounds)


#: Factories whose stages run over pieces, with what stitches their results.
_STITCHERS: dict[str, Callable[[], Stitcher]] = {
    "policy_arguments": ArgumentStitcher,
    "policy_entities": EntityStitcher,
}


def runs_in_pieces(factory: str) -> bool:
    """Whether stages made by ``factory`` run over pieces in a long document."""
    return factory in _STITCHERS


def run_in_pieces(
    factory: str, stage: Callable[[Doc], Doc], doc: Doc, piece_chars: int = PIECE_CHARS
) -> Doc:
    """Run ``stage`` over each piece of ``doc`` and write the stitched results into ``doc``;
    over the whole ``doc`` if a piece's results cannot be stitched."""
    stitcher = _STITCHERS[factory]()
    stitcher.begin(doc, stage)
    prepare = getattr(stitcher, "prepare", None)
    for piece in pieces(doc, piece_chars, prefix=stitcher.prefix):
        if prepare is not None:
            prepare(piece)
        if not stitcher.add(piece, stage(piece.doc)):
            return stage(doc)
    stitcher.finish(doc)
    return doc


def pieces(doc: Doc, piece_chars: int = PIECE_CHARS, *, prefix: bool = True) -> Iterator[Piece]:
    """The pieces of ``doc``, one at a time: token ranges of about ``piece_chars`` characters,
    each in a ``Doc`` of its own with the document's tags, POS and sentence starts."""
    if not len(doc):
        return
    text = doc_text(doc)
    idx = doc.to_array("IDX").astype(numpy.int64)
    sent = doc.to_array("SENT_START").astype(numpy.int8)
    sent[0] = 1
    cuts = _cuts(text, idx, sent, piece_chars)
    opening = _prefix_end(text, idx, sent) if prefix else 0
    tag = doc.to_array("TAG")
    pos = doc.to_array("POS")
    space = doc.to_array("SPACY").astype(bool)
    ends = numpy.append(idx[1:], len(text)) - space
    for first, last in itertools.pairwise(cuts):
        ranges = [(first, last)]
        prefix_chars = 0
        if first > 0 and 0 < opening < first:
            ranges.insert(0, (0, opening))
            prefix_chars = int(idx[opening])
        rows = numpy.concatenate([numpy.arange(low, high) for low, high in ranges])
        words = [text[s:e] for s, e in zip(idx[rows].tolist(), ends[rows].tolist(), strict=True)]
        piece_doc = Doc(doc.vocab, words=words, spaces=space[rows].tolist())
        starts = sent[rows].astype(numpy.uint64)
        starts[0] = 1
        if prefix_chars:
            starts[opening] = 1
        columns: Any = numpy.stack([tag[rows], pos[rows], starts], axis=1)
        piece_doc.from_array(["TAG", "POS", "SENT_START"], columns)
        start = int(idx[first])
        end = int(idx[last]) if last < len(doc) else len(text)
        remember_text(piece_doc, text[:prefix_chars] + text[start:end])
        prefix_sentences = sum(1 for s, _ in sentence_offsets(piece_doc) if s < prefix_chars)
        piece = Piece(start, end, prefix_chars, prefix_sentences, piece_doc)
        _carry_extensions(doc, piece)
        yield piece


def _line_starts(text: str, idx: Any, sent: Any) -> Any:
    """Tokens that start a sentence and a line (the character before them is a line break):
    where a piece may begin without changing any sentence."""
    breaks = numpy.zeros(len(text) + 1, dtype=bool)
    position = text.find("\n")
    while position != -1:  # str.find: no Python step per character
        breaks[position + 1] = True
        position = text.find("\n", position + 1)
    return numpy.flatnonzero(breaks[idx] & (sent == 1))


def _cuts(text: str, idx: Any, sent: Any, piece_chars: int) -> list[int]:
    """Token indices where pieces begin, then the token count."""
    candidates = _line_starts(text, idx, sent)
    candidates = candidates[candidates > 0]
    at = idx[candidates]
    cuts = [0]
    while True:
        k = int(numpy.searchsorted(at, int(idx[cuts[-1]]) + piece_chars))
        if k >= len(candidates):
            break
        cuts.append(int(candidates[k]))
    cuts.append(len(idx))
    return cuts


def _prefix_end(text: str, idx: Any, sent: Any) -> int:
    """The token that ends the opening every later piece is prefixed with (0: none)."""
    candidates = _line_starts(text, idx, sent)
    k = int(numpy.searchsorted(idx[candidates], PREFIX_CHARS)) if len(candidates) else 0
    return int(candidates[k]) if k < len(candidates) else 0


def _carry_extensions(doc: Doc, piece: Piece) -> None:
    """Sections, footnotes and front matter that touch the piece, in the piece's offsets."""
    for name in ("sections", "footnotes"):
        items = getattr(doc._, name) or []
        setattr(piece.doc._, name, [
            _moved(item, piece) for item in items
            if piece.touches(int(item.get("start", 0)), int(item.get("end", 0)))
            or (type(item.get("anchor")) is int and piece.touches(item["anchor"], item["anchor"]))
        ])
    piece.doc._.meta = _moved(doc._.meta, piece) if doc._.meta is not None else None
    piece.doc._.dropped = doc._.dropped  # read for its text (pull quotes), not its offsets


def _moved(value: Any, piece: Piece) -> Any:
    """``value`` with every offset of a record moved into the piece; a point outside the
    piece (a heading's first character, a footnote anchor) becomes -1, which matches nothing."""
    if isinstance(value, Mapping):
        moved = {}
        for key, item in value.items():
            if key in _RANGE_KEYS and type(item) is int:
                moved[key] = piece.to_piece(item)
            elif key in _POINT_KEYS and type(item) is int:
                inside = item < piece.prefix_chars or piece.start <= item <= piece.end
                moved[key] = piece.to_piece(item) if inside else -1
            else:
                moved[key] = _moved(item, piece)
        return moved
    if isinstance(value, list):
        return [_moved(item, piece) for item in value]
    return value
