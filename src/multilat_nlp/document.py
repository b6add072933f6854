"""The document JSON: what a ``Doc`` becomes on disk, and back.

The JSON is flat and task-keyed so that pandas, jq or another language can read it without this
library. Every ``start``/``end`` is a Python string index into ``text`` (end exclusive), so
``text[start:end]`` is always the surface form. ``offset_map`` leads back from ``text`` to the raw
file the document was read from.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from typing import Any, Literal, NamedTuple, cast

import numpy
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from multilat_nlp import doc_columns
from multilat_nlp.doc_text import doc_text
from multilat_nlp.document_checks import check_document
from multilat_nlp.errors import SchemaError

SCHEMA_VERSION = "multilat_nlp.document/1"

# Extension attributes on Doc; all hold JSON-native values so that Doc.to_bytes (used by
# nlp.pipe with n_process > 1) and our JSON carry them unchanged.
_DOC_EXTENSIONS: dict[str, Any] = {
    "pipeline": None,  # {"name", "version", "config_hash", "packages"}
    "source": None,  # {"path", "sha256", "encoding", "format"}
    "offset_map": None,  # [[clean_start, raw_start, length], ...]; None = identity
    "dropped": None,  # [{"kind", "raw_start", "raw_end"}]: raw text that cleaning removed
    "layout": None,  # the reader's Layout (multilat_nlp.layout), JSON-native; set by analyze()
    "clean_info": None,  # pages, footnote blocks and markers found by cleaning (structure input)
    "meta": None,  # {"title", "authors", "affiliations", "abstract", "declared_keywords"}
    "sections": None,  # [{"id", "level", "marker", "title", "start", "end", "parent"}]
    "footnotes": None,  # [{"id", "page", "marker", "start", "end", "anchor", "citation"}]
    "keywords": None,  # [{"term", "score", "method", "mentions": [[start, end]]}]
    "section_keywords": None,  # {section_id: [keyword dicts]}
    "entity_table": None,  # [{"canonical", "label", "name_zh", "name_en", "count", "mentions"}]
    "arguments": None,  # [{"sentence", "label", "thesis", "contrast", "cues", "relations"}]
}


def register_extensions() -> None:
    """Declare the ``doc._.*`` attributes; safe to call any number of times."""
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("canonical"):
        Span.set_extension("canonical", default=None)


def identity_offset_map(text: str) -> list[list[int]]:
    return [[0, 0, len(text)]] if text else []


def to_input_spans(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Where ``doc.text[start:end]`` lies in the text given to the pipeline, before cleaning.

    Usually one span; two or more when the span crosses a place where cleaning joined text
    (a sentence cut by a page break).
    """
    from multilat_nlp.reading.offsets import OffsetMap

    if doc._.offset_map is None:
        return [(start, end)]
    return OffsetMap.from_list(doc._.offset_map).to_raw_spans(start, end)


#: How ``tokens`` are written: ``full`` = one object per token (the default, the schema's
#: original form); ``compact`` = parallel arrays in ``token_arrays`` (about a third of the size);
#: ``none`` = no tokens, for users who only need sentences, keywords and structure.
TokenMode = Literal["full", "compact", "none"]
TOKEN_MODES: tuple[TokenMode, ...] = ("full", "compact", "none")


def to_json(
    doc: Doc, *, with_tokens: bool = True, tokens: TokenMode = "full"
) -> dict[str, Any]:
    """The document as a JSON-native dict in the shape of ``document.schema.json``.

    ``with_tokens=False`` leaves the token list empty (``dumps`` writes it from the Doc's arrays).
    ``tokens="compact"`` writes ``token_arrays`` (and ``token_encoding``) in place of the token
    objects; ``"none"`` writes no tokens. ``full`` output has neither key, as before.
    """
    data: dict[str, Any] = {}
    for key, value in _fields(doc, tokens):
        if isinstance(value, _FullTokens):
            value = _token_objects_of(doc, value.read) if with_tokens else []
        data[key] = list(value) if isinstance(value, Iterator) else value
    return data


class _FullTokens:
    """Stands for the ``tokens`` array of ``full`` mode, which each writer makes its own way."""

    def __init__(self, read: _Read | None) -> None:
        self.read = read


#: Every token column the writers read, in one ``to_array``: spaCy's costs about 0.2 ms per
#: column of an 11k-token report and each read also takes the two columns that check the
#: Doc's record, so the three reads (sentences, tokens, entities) cost 2.6 ms, one costs 1.8.
_READ = (
    "IS_SPACE", "IDX", "LENGTH", "TAG", "POS", "SENT_START",
    "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID",
)
_AT = {name: i for i, name in enumerate(_READ)}


class _Read(NamedTuple):
    """The columns of :data:`_READ` and the surfaces' sort (``doc_columns.with_kinds``)."""

    array: Any
    kinds: doc_columns.Kinds

    def columns(self, *names: str) -> Any:
        return self.array[:, [_AT[name] for name in names]]


def _read_columns(doc: Doc) -> _Read | None:
    """One read for the whole document; None for a Doc the record does not keep (a long
    one reads a column at a time, to bound its memory) or an empty one."""
    if not len(doc) or len(doc) > doc_columns.RECORD_LIMIT:
        return None
    return _Read(*doc_columns.with_kinds(doc, _READ))


def _fields(doc: Doc, tokens: TokenMode) -> Iterator[tuple[str, Any]]:
    """The document's keys in order, each with its value; the long arrays (sentences,
    entities) as iterators, so that a streaming writer never holds them whole."""
    register_extensions()
    _check_mode(tokens)
    text = doc_text(doc)
    sections: list[dict[str, Any]] = list(doc._.sections or [])
    section_at = _SectionIndex(sections)
    read = _read_columns(doc)
    yield "schema", SCHEMA_VERSION
    yield "source", doc._.source
    yield "pipeline", doc._.pipeline
    yield "text", text
    yield "offset_map", doc._.offset_map or identity_offset_map(text)
    yield "dropped", list(doc._.dropped or [])
    yield "meta", dict(doc._.meta or {})
    yield "sections", sections
    yield "footnotes", list(doc._.footnotes or [])
    yield "sentences", _SentenceRows(sentence_offsets(doc, read), section_at)
    yield "tokens", _FullTokens(read) if tokens == "full" else []
    if tokens != "full":
        yield "token_encoding", tokens
    if tokens == "compact":
        start, end, tag, pos = _token_columns(doc, read)
        yield "token_arrays", {"start": start, "end": end, "tag": tag, "pos": pos}
    yield "entities", _EntityRows(doc, text, read)
    yield "entity_table", list(doc._.entity_table or [])
    yield "keywords", list(doc._.keywords or [])
    yield "section_keywords", dict(doc._.section_keywords or {})
    yield "arguments", list(doc._.arguments or [])


class _EntityRows(Iterator[dict[str, Any]]):
    """The ``entities`` array: ``text`` is the span's (``ent.text`` joins its tokens again),
    each label and id looked up in the string store once per document. Read from the Doc's
    entity columns as ``doc.ents`` cuts them (:func:`_entity_columns`), with no Span per
    entity (making them was most of the array's time), and written straight from the columns
    by :meth:`json_chunks`."""

    def __init__(self, doc: Doc, text: str, read: _Read | None = None) -> None:
        self.text = text
        columns = _entity_columns(doc, read)
        if columns is None:
            ents = doc.ents
            starts = [ent.start_char for ent in ents]
            ends = [ent.end_char for ent in ents]
            labels = [ent.label for ent in ents]
            kb_ids = [ent.kb_id for ent in ents]
            ent_ids = [ent.id for ent in ents]
        else:
            starts, ends, labels, kb_ids, ent_ids = (column.tolist() for column in columns)
        strings = doc.vocab.strings
        #: each hash's string, looked up once per document
        self.names: dict[int, str] = {
            key: strings[key] for key in {*labels, *kb_ids, *ent_ids}
        }
        names = self.names
        if not all(map(names.__getitem__, labels)):  # doc.ents drops a span labelled ""
            keep = [i for i, label in enumerate(labels) if names[label]]
            starts, ends, labels, kb_ids, ent_ids = (
                [values[i] for i in keep] for values in (starts, ends, labels, kb_ids, ent_ids)
            )
        self.columns = (starts, ends, labels, kb_ids, ent_ids)
        self._objects = (
            {"start": start, "end": end, "text": text[start:end], "label": names[label],
             "canonical": names[kb_id] or None, "source": names[ent_id] or None}
            for start, end, label, kb_id, ent_id in zip(*self.columns, strict=True)
        )

    @property
    def rows(self) -> list[tuple[int, int, str, str | None, str | None]]:
        """``(start, end, label, canonical, source)`` of each entity."""
        names = self.names
        return [
            (start, end, names[label], names[kb_id] or None, names[ent_id] or None)
            for start, end, label, kb_id, ent_id in zip(*self.columns, strict=True)
        ]

    def __next__(self) -> dict[str, Any]:
        return next(self._objects)

    def json_chunks(self) -> Iterator[str]:
        """As ``_array_chunks`` writes the objects (``json.dumps``' separators)."""
        from json.encoder import encode_basestring

        text = self.text
        encoded = {key: encode_basestring(name) if name else "null"
                   for key, name in self.names.items()}
        get = encoded.__getitem__
        yield "["
        separator = ""
        starts = self.columns[0]
        for begin in range(0, len(starts), _ITEMS_PER_CHUNK):
            part = [column[begin : begin + _ITEMS_PER_CHUNK] for column in self.columns]
            count = len(part[0])
            values: list[Any] = [None] * (6 * count)
            values[0::6], values[1::6] = part[0], part[1]
            values[2::6] = [
                encode_basestring(text[start:end])
                for start, end in zip(part[0], part[1], strict=True)
            ]
            values[3::6], values[4::6], values[5::6] = (list(map(get, c)) for c in part[2:])
            template = ", ".join(
                ['{"start": %d, "end": %d, "text": %s, "label": %s, "canonical": %s, '
                 '"source": %s}'] * count
            )
            yield separator + template % tuple(values)
            separator = ", "
        yield "]"


def _entity_columns(
    doc: Doc, read: _Read | None = None
) -> tuple[Any, Any, Any, Any, Any] | None:
    """Start and end characters, label, KB id and span id of each of ``doc.ents``, from the
    token columns; None when ``doc.ents`` must be asked (a Doc too long for a column record,
    or IOB tags it would refuse).

    spaCy's ``Doc.ents`` (3.7, 3.8): an entity begins at a B token with a label and runs until
    the next token that is not I (O, B or unset); a B without a label ends one and begins none,
    and an I outside an entity is an error. A span takes its label, KB id and id from its first
    token, and ``Span`` gives it ``idx`` of the first token to ``idx + len`` of the last.
    """
    if not len(doc) or len(doc) > doc_columns.RECORD_LIMIT:
        return None
    names = ("ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "IDX", "LENGTH")
    columns = read.columns(*names) if read else doc_columns.to_array(doc, names)
    iob = columns[:, 0]
    begins = numpy.flatnonzero((iob == 3) & (columns[:, 1] != 0))
    breaks = numpy.flatnonzero(iob != 1)  # where an entity ends (a B ends the one before it)
    inside = numpy.zeros(len(doc) + 1, dtype=numpy.int64)  # entities begun minus ended
    after = numpy.searchsorted(breaks, begins, side="right")
    ends = numpy.append(breaks, len(doc))[after]
    numpy.add.at(inside, begins, 1)
    numpy.add.at(inside, ends, -1)
    covered = numpy.cumsum(inside[:-1]) > 0
    if bool(((iob == 1) & ~covered).any()):
        return None  # doc.ents raises: let it
    last = ends - 1
    return (
        columns[begins, 4].astype(numpy.int64),
        (columns[last, 4] + columns[last, 5]).astype(numpy.int64),
        columns[begins, 1],
        columns[begins, 2],
        columns[begins, 3],
    )


class _SentenceRows(Iterator[dict[str, Any]]):
    """The ``sentences`` array: its objects one by one (:func:`to_json`), or written straight
    from the offsets (:func:`iter_dumps`), with no dict per sentence."""

    def __init__(
        self, offsets: list[tuple[int, int]], section_at: Callable[[int], str | None]
    ) -> None:
        self.offsets = offsets
        self.section_at = section_at
        self._rows = (
            {"start": start, "end": end, "section": section_at(start)} for start, end in offsets
        )

    def __next__(self) -> dict[str, Any]:
        return next(self._rows)

    def json_chunks(self) -> Iterator[str]:
        """As ``_array_chunks`` writes the objects (``json.dumps``' separators)."""
        from json.encoder import encode_basestring

        encoded: dict[str | None, str] = {None: "null"}
        yield "["
        separator = ""
        for begin in range(0, len(self.offsets), _ITEMS_PER_CHUNK):
            values: list[Any] = []
            for start, end in self.offsets[begin : begin + _ITEMS_PER_CHUNK]:
                section = self.section_at(start)
                label = encoded.get(section)
                if label is None:
                    label = encoded[section] = encode_basestring(cast(str, section))
                values += (start, end, label)
            template = ", ".join(['{"start": %d, "end": %d, "section": %s}'] * (len(values) // 3))
            yield separator + template % tuple(values)
            separator = ", "
        yield "]"


def _token_objects_of(doc: Doc, read: _Read | None = None) -> list[dict[str, Any]]:
    text = doc_text(doc)
    return [
        {"start": start, "end": end, "text": text[start:end], "tag": tag, "pos": pos}
        for start, end, tag, pos in zip(*_token_columns(doc, read), strict=True)
    ]


def _check_mode(tokens: str) -> None:
    if tokens not in TOKEN_MODES:
        raise SchemaError(f"tokens must be one of {list(TOKEN_MODES)}, not {tokens!r}")


def dumps(doc: Doc, *, indent: int | None = None, tokens: TokenMode = "full") -> str:
    """Serialise with Chinese kept readable (``ensure_ascii=False``).

    Without ``indent`` the tokens (92 % of the JSON) are written straight from the Doc's arrays,
    with no dict per token: the text is byte-identical to ``json.dumps(to_json(doc))`` (tested)
    and about three times faster.
    """
    return "".join(iter_dumps(doc, indent=indent, tokens=tokens))


def iter_dumps(
    doc: Doc, *, indent: int | None = None, tokens: TokenMode = "full"
) -> Iterator[str]:
    """:func:`dumps` in pieces, so a writer can stream a long document's JSON without holding
    all of it (the CLI does): every array is written a bounded number of items at a time (the
    tokens from the Doc's arrays), none of them is built whole. Pretty-printed output
    (``indent``) is one piece."""
    if indent is not None:
        yield json.dumps(to_json(doc, tokens=tokens), ensure_ascii=False, indent=indent)
        return
    opener = "{"
    for key, value in _fields(doc, tokens):
        yield f"{opener}{json.dumps(key, ensure_ascii=False)}: "
        opener = ", "
        if isinstance(value, _FullTokens):
            yield from _token_chunks(doc, value.read)
        elif isinstance(value, _SentenceRows | _EntityRows):
            yield from value.json_chunks()
        elif key == "token_arrays":
            yield from _object_chunks(value)
        elif isinstance(value, list | Iterator):
            yield from _array_chunks(value)
        else:
            yield json.dumps(value, ensure_ascii=False)
    yield "}"


_ITEMS_PER_CHUNK = 5_000


def _array_chunks(items: Iterable[Any]) -> Iterator[str]:
    """A JSON array as ``json.dumps`` writes it, ``_ITEMS_PER_CHUNK`` items at a time."""
    iterator = iter(items)
    separator = ""
    yield "["
    while batch := list(itertools.islice(iterator, _ITEMS_PER_CHUNK)):
        yield separator + json.dumps(batch, ensure_ascii=False)[1:-1]
        separator = ", "
    yield "]"


def _object_chunks(value: Mapping[str, Any]) -> Iterator[str]:
    """An object of arrays (``token_arrays``), each array in chunks."""
    opener = "{"
    for key, items in value.items():
        yield f"{opener}{json.dumps(key, ensure_ascii=False)}: "
        opener = ", "
        yield from _array_chunks(items)
    yield "}" if value else "{}"


#: Token kinds as three parallel ``uint64`` arrays: the ORTH, TAG and POS of each kind.
Kinds = tuple[Any, Any, Any]
_NO_KINDS: Kinds = (numpy.zeros(0, dtype=numpy.uint64),) * 3  # never written to


def _token_kinds(doc: Doc, read: _Read | None = None) -> tuple[Any, Any, Any, Kinds]:
    """Non-space tokens as (starts, ends, kind index per token, distinct (orth, tag, pos)).

    A document has a few thousand distinct tokens among tens of thousands: everything that
    depends on the token's text or tags is computed once per kind. Kinds are found by one sort
    of the surfaces; the rare surface with two tags in a document gets a kind per tag pair.
    """
    if len(doc) > doc_columns.RECORD_LIMIT:
        return _token_kinds_by_column(doc)
    # The fixed columns and the sort of the surfaces come from the Doc's record (see
    # multilat_nlp.doc_columns), the tags in the same read.
    names = ("IS_SPACE", "IDX", "LENGTH", "TAG", "POS")
    if read is not None:
        columns, (all_orths, all_first, all_kind_of) = read.columns(*names), read.kinds
    else:
        columns, (all_orths, all_first, all_kind_of) = doc_columns.with_kinds(doc, names)
    keep = columns[:, 0] == 0
    starts = columns[keep, 1].astype(numpy.int64)
    ends = starts + columns[keep, 2].astype(numpy.int64)
    if not len(starts):
        return starts, ends, numpy.zeros(0, dtype=numpy.int64), _NO_KINDS
    # The kinds of the non-space tokens (whitespace is a property of the surface): the sorted
    # distinct surfaces of those tokens, each one's first token among them, each token's kind.
    kept_kind = keep[all_first]
    orths = all_orths[kept_kind]
    kind_of = (numpy.cumsum(kept_kind) - 1)[all_kind_of[keep]]
    first = (numpy.cumsum(keep) - 1)[all_first[kept_kind]]
    token_tags, token_pos = columns[keep, 3], columns[keep, 4]
    del keep, columns
    return (starts, ends, *_kinds_of(orths, first, kind_of, token_tags, token_pos))


def _token_kinds_by_column(doc: Doc) -> tuple[Any, Any, Any, Kinds]:
    """:func:`_token_kinds` of a Doc too long for a column record, read a column at a time."""
    # One attribute column at a time: a 6-column uint64 array and its masked copy were the
    # peak of a long document's JSON (a 20 MB text: 3.6 M tokens, 350 MB for those two alone).
    keep = doc.to_array("IS_SPACE") == 0
    starts = doc.to_array("IDX")[keep].astype(numpy.int64)
    ends = starts + doc.to_array("LENGTH")[keep].astype(numpy.int64)
    if not len(starts):
        return starts, ends, numpy.zeros(0, dtype=numpy.int64), _NO_KINDS
    orths, first, kind_of = numpy.unique(
        doc.to_array("ORTH")[keep], return_index=True, return_inverse=True
    )
    kind_of = kind_of.reshape(-1)
    token_tags, token_pos = doc.to_array("TAG")[keep], doc.to_array("POS")[keep]
    del keep
    return (starts, ends, *_kinds_of(orths, first, kind_of, token_tags, token_pos))


def _kinds_of(
    orths: Any, first: Any, kind_of: Any, token_tags: Any, token_pos: Any
) -> tuple[Any, Kinds]:
    """Each token's kind and the kinds, from the surfaces' sort and the tokens' tags."""
    tags, pos = token_tags[first], token_pos[first]
    odd = numpy.flatnonzero((token_tags != tags[kind_of]) | (token_pos != pos[kind_of]))
    if not len(odd):
        return kind_of, (orths, tags, pos)
    kind_of = kind_of.copy()
    extra: dict[tuple[int, int, int], int] = {}
    base = len(orths)
    for i in odd.tolist():
        key = (int(orths[kind_of[i]]), int(token_tags[i]), int(token_pos[i]))
        if key not in extra:
            extra[key] = base + len(extra)
        kind_of[i] = extra[key]
    more = numpy.asarray(list(extra), dtype=numpy.uint64).reshape(-1, 3)
    return kind_of, (
        numpy.concatenate((orths, more[:, 0])),
        numpy.concatenate((tags, more[:, 1])),
        numpy.concatenate((pos, more[:, 2])),
    )


def _token_columns(
    doc: Doc, read: _Read | None = None
) -> tuple[list[int], list[int], list[str | None], list[str | None]]:
    """Start, end, tag and POS of every non-space token, as JSON-native lists."""
    if not len(doc):
        return [], [], [], []
    starts, ends, kind_of, (_, kind_tags, kind_pos) = _token_kinds(doc, read)
    strings = doc.vocab.strings
    tags = numpy.asarray([(strings[t] if t else "") or None for t in kind_tags.tolist()] + [None])
    pos = numpy.asarray([(strings[p] if p else "") or None for p in kind_pos.tolist()] + [None])
    return starts.tolist(), ends.tolist(), tags[kind_of].tolist(), pos[kind_of].tolist()


def _tokens_json(doc: Doc) -> str:
    """The ``tokens`` array as ``json.dumps`` would write it, from the Doc's attribute arrays."""
    return "".join(_token_chunks(doc))


_TOKENS_PER_CHUNK = 50_000


def _token_chunks(doc: Doc, read: _Read | None = None) -> Iterator[str]:
    """The ``tokens`` array in pieces of at most ``_TOKENS_PER_CHUNK`` tokens."""
    if not len(doc):
        yield "[]"
        return
    starts, ends, kind_of, kinds = _token_kinds(doc, read)
    tails = _kind_tails(doc, kinds)
    yield "["
    separator = ""
    for begin in range(0, len(starts), _TOKENS_PER_CHUNK):
        end = begin + _TOKENS_PER_CHUNK
        count = len(starts[begin:end])
        if not count:
            continue
        # One %-format over the whole chunk: a third faster than an f-string per token.
        values: list[Any] = [None] * (3 * count)
        values[0::3] = starts[begin:end].tolist()
        values[1::3] = ends[begin:end].tolist()
        values[2::3] = tails[kind_of[begin:end]].tolist()
        template = ", ".join(['{"start": %d, "end": %d, %s'] * count)
        yield separator + template % tuple(values)
        separator = ", "
    yield "]"


class _TailTable:
    """``"text": …, "tag": …, "pos": …}`` of the token kinds seen so far, by their (orth, tag,
    pos) hashes. A hash names one string in every vocab (spaCy's hashes are of the string), so
    the fragments are the same for every pipeline and are kept across documents: most kinds
    recur in the next one. A cache only: a kind not found is encoded again, the same way.

    Kept as arrays sorted by one 64-bit key mixed from the three hashes and searched for a
    whole document at once (a dict of hash tuples cost a third of the token writer: hashing
    2,500 tuples of big ints per report). A key is only a place to look: the three hashes are
    compared too, so two kinds that mix to the same key never share a fragment.
    """

    #: ~20 MB at most: a worker streams for hours
    LIMIT = 100_000

    def __init__(self) -> None:
        empty = numpy.zeros(0, dtype=numpy.uint64)
        # One tuple, replaced whole: a reader always sees arrays of one state.
        self.state: tuple[Any, Any, Any, Any, Any] = (
            empty, empty, empty, empty, numpy.zeros(0, dtype=object)
        )

    def lookup(self, doc: Doc, kinds: Kinds) -> Any:
        """The fragment of each kind, as an object array; new kinds are encoded and kept."""
        orth, tag, pos = kinds
        key = _mix_key(orth, tag, pos)
        keys, k_orth, k_tag, k_pos, k_tail = self.state
        at = numpy.searchsorted(keys, key)
        if len(keys):
            near = numpy.minimum(at, len(keys) - 1)
            hit = (
                (keys[near] == key) & (k_orth[near] == orth) & (k_tag[near] == tag)
                & (k_pos[near] == pos)
            )
        else:
            near, hit = at, numpy.zeros(len(key), dtype=bool)
        tails = numpy.empty(len(key), dtype=object)
        tails[hit] = k_tail[near[hit]]
        miss = numpy.flatnonzero(~hit)
        if not len(miss):
            return tails
        tails[miss] = _encode_tails(
            doc, orth[miss].tolist(), tag[miss].tolist(), pos[miss].tolist()
        )
        # Keep the new kinds whose key is free (not in the table, once among the new ones).
        fresh = miss[(near[miss] >= len(keys)) | (keys[near[miss]] != key[miss])] if len(
            keys
        ) else miss
        fresh = fresh[numpy.argsort(key[fresh], kind="stable")]
        fresh = fresh[numpy.concatenate(([True], key[fresh][1:] != key[fresh][:-1]))] if len(
            fresh
        ) else fresh
        if len(keys) + len(fresh) > self.LIMIT:
            keys, k_orth, k_tag, k_pos, k_tail = (a[:0] for a in self.state)
            at = numpy.zeros(len(key), dtype=numpy.intp)
        else:
            at = numpy.searchsorted(keys, key)
        where = at[fresh]
        self.state = (
            numpy.insert(keys, where, key[fresh]),
            numpy.insert(k_orth, where, orth[fresh]),
            numpy.insert(k_tag, where, tag[fresh]),
            numpy.insert(k_pos, where, pos[fresh]),
            numpy.insert(k_tail, where, tails[fresh]),
        )
        return tails


_MIX_TAG = numpy.uint64(0x9E3779B97F4A7C15)
_MIX_POS = numpy.uint64(0xC2B2AE3D27D4EB4F)


def _mix_key(orth: Any, tag: Any, pos: Any) -> Any:
    """One ``uint64`` per kind from its three hashes (wrapping arithmetic)."""
    return orth ^ (tag * _MIX_TAG) ^ (pos * _MIX_POS)


_TAILS = _TailTable()


def _kind_tails(doc: Doc, kinds: Kinds) -> Any:
    """The encoded text, tag and POS of each kind (what follows a token's offsets)."""
    return _TAILS.lookup(doc, kinds)


def _encode_tails(doc: Doc, orths: list[int], tags: list[int], poses: list[int]) -> list[str]:
    from json.encoder import encode_basestring

    strings = doc.vocab.strings

    def label(key: int) -> str:
        name = strings[key] if key else ""
        return encode_basestring(name) if name else "null"

    # The token's text is its ORTH string (spaCy keeps the surface there).
    return [
        f'"text": {encode_basestring(strings[orth])}, "tag": {label(tag)}, "pos": {label(pos)}}}'
        for orth, tag, pos in zip(orths, tags, poses, strict=True)
    ]


def sentence_offsets(doc: Doc, read: _Read | None = None) -> list[tuple[int, int]]:
    """Sentence spans with surrounding whitespace trimmed; empty sentences are dropped.

    Computed on the Doc's arrays (as ``doc.sents`` would cut them), with no Token objects.
    """
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return []
    names = ("SENT_START", "IS_SPACE", "IDX", "LENGTH")
    columns = read.columns(*names) if read else doc_columns.to_array(doc, names)
    array = columns.astype(numpy.int64)
    is_start = array[:, 0] == 1
    is_start[0] = True
    sentence = numpy.cumsum(is_start)
    words = array[:, 1] == 0
    sentence, starts = sentence[words], array[words, 2]
    ends = starts + array[words, 3]
    if not len(sentence):
        return []
    change = numpy.flatnonzero(sentence[1:] != sentence[:-1]) + 1
    firsts = numpy.concatenate(([0], change))
    lasts = numpy.concatenate((change - 1, [len(sentence) - 1]))
    return list(zip(starts[firsts].tolist(), ends[lasts].tolist(), strict=True))


class _SectionIndex:
    """The innermost (last-starting) section that contains a position, by binary search.

    A scan of every section for every sentence made long documents quadratic.
    """

    def __init__(self, sections: Sequence[Mapping[str, Any]]) -> None:
        self.sections = sorted(sections, key=lambda section: section["start"])
        self.starts = [section["start"] for section in self.sections]

    def __call__(self, position: int) -> str | None:
        i = bisect.bisect_right(self.starts, position) - 1
        while i >= 0:
            section = self.sections[i]
            if position < section["end"]:
                return str(section["id"])
            i -= 1
        return None


def from_json(data: Mapping[str, Any], vocab: Vocab | None = None) -> Doc:
    """Rebuild a ``Doc`` from :func:`to_json` output; ``to_json(from_json(d)) == d``."""
    register_extensions()
    if not isinstance(data, Mapping):
        raise SchemaError(f"a document is a JSON object, not {type(data).__name__}")
    if data.get("schema") != SCHEMA_VERSION:
        raise SchemaError(f"expected schema {SCHEMA_VERSION!r}, got {data.get('schema')!r}")
    check_document(data)  # types and offsets first: what follows indexes by them
    text: str = data["text"]
    words, spaces, tagged = _words_from_tokens(text, _token_objects(data))
    doc = Doc(vocab or _chinese_vocab(), words=words, spaces=spaces)
    by_start = {token.idx: token for token in doc}
    for token_data in tagged:
        token = by_start[token_data["start"]]
        if token_data.get("tag"):
            token.tag_ = token_data["tag"]
        if token_data.get("pos"):
            token.pos_ = token_data["pos"]
    if data["sentences"]:
        starts = {s["start"] for s in data["sentences"]}
        seen_first = False
        for token in doc:
            if token.is_space:
                token.is_sent_start = not seen_first and token.i == 0
                continue
            token.is_sent_start = token.idx in starts or not seen_first
            seen_first = True
    ents = []
    for ent in data["entities"]:
        span = doc.char_span(
            ent["start"], ent["end"], label=ent["label"], kb_id=ent.get("canonical") or ""
        )
        if span is None:
            raise SchemaError(f"entity {ent['start']}:{ent['end']} does not align with tokens")
        if ent.get("source"):
            span.id_ = ent["source"]
        ents.append(span)
    doc.ents = ents
    for key in ("pipeline", "source", "meta"):
        setattr(doc._, key, data.get(key))
    doc._.offset_map = data.get("offset_map")
    doc._.section_keywords = dict(data.get("section_keywords") or {})
    for key in ("dropped", "sections", "footnotes", "entity_table", "keywords", "arguments"):
        setattr(doc._, key, list(data.get(key) or []))
    return doc


def _token_objects(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The token objects of any token encoding.

    ``compact`` arrays become objects again; with ``none`` the sentences (cut where entities
    begin and end, so that entities still align) stand in for the tokens.
    """
    encoding = data.get("token_encoding", "full")
    if encoding == "full":
        return list(data["tokens"])
    text: str = data["text"]
    if encoding == "compact":
        arrays = data.get("token_arrays")
        if not isinstance(arrays, Mapping):
            raise SchemaError("token_encoding 'compact' needs a token_arrays object")
        columns = [arrays.get(key) for key in ("start", "end", "tag", "pos")]
        lengths = {len(c) if isinstance(c, list) else -1 for c in columns}
        if len(lengths) > 1 or -1 in lengths:
            raise SchemaError("token_arrays needs start, end, tag and pos lists of one length")
        offsets = [*columns[0], *columns[1]]  # type: ignore[misc]
        if not all(type(v) is int and 0 <= v <= len(text) for v in offsets):
            raise SchemaError("token_arrays start/end must be integers within the text")
        return [
            {"start": start, "end": end, "text": text[start:end], "tag": tag, "pos": pos}
            for start, end, tag, pos in zip(*columns, strict=True)
        ]
    if encoding == "none":
        cuts = sorted({e[key] for e in data.get("entities") or [] for key in ("start", "end")})
        pieces: list[Mapping[str, Any]] = []
        for sentence in data.get("sentences") or []:
            start, end = sentence["start"], sentence["end"]
            inner = [c for c in cuts if start < c < end]
            for piece_start, piece_end in zip([start, *inner], [*inner, end], strict=True):
                pieces.append({"start": piece_start, "end": piece_end})
        return pieces
    raise SchemaError(f"unknown token_encoding {encoding!r}; known: {list(TOKEN_MODES)}")


@functools.cache
def _chinese_vocab() -> Vocab:
    """A vocab with the Chinese lexical attributes (``is_space``…); a bare Vocab has none."""
    from spacy.lang.zh import Chinese

    return Chinese().vocab


def _words_from_tokens(
    text: str, tokens: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[bool], list[Mapping[str, Any]]]:
    """Words that tile ``text``: the given tokens plus the whitespace between them."""
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for token in sorted(tokens, key=lambda t: t["start"]):
        start, end = token["start"], token["end"]
        if start < position or end <= start or end > len(text):
            raise SchemaError(f"token {start}:{end} overlaps another or lies outside the text")
        if start > position:
            gap = text[position:start]
            if gap == " " and words and not spaces[-1]:
                spaces[-1] = True
            else:
                words.append(gap)
                spaces.append(False)
        words.append(text[start:end])
        spaces.append(False)
        position = end
    if position < len(text):
        tail = text[position:]
        if tail == " " and words and not spaces[-1]:
            spaces[-1] = True
        else:
            words.append(tail)
            spaces.append(False)
    return words, spaces, list(tokens)


def load_schema() -> dict[str, Any]:
    """The JSON Schema of the document, as shipped in the package."""
    text = resources.files("multilat_nlp.schema").joinpath("document.schema.json").read_text(
        encoding="utf-8"
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
