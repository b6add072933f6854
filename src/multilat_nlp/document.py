"""The document JSON: what a ``Doc`` becomes on disk, and back.

The JSON is flat and task-keyed so that pandas, jq or another language can read it without this
library. Every ``start``/``end`` is a Python string index into ``text`` (end exclusive), so
``text[start:end]`` is always the surface form. ``offset_map`` leads back from ``text`` to the raw
file the document was read from.
"""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

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


def to_json(doc: Doc, *, with_tokens: bool = True) -> dict[str, Any]:
    """The document as a JSON-native dict in the shape of ``document.schema.json``.

    ``with_tokens=False`` leaves the token list empty (``dumps`` writes it from the Doc's arrays).
    """
    register_extensions()
    text = doc.text
    sections: list[dict[str, Any]] = list(doc._.sections or [])
    section_at = _SectionIndex(sections)
    sentences = [
        {"start": start, "end": end, "section": section_at(start)}
        for start, end in sentence_offsets(doc)
    ]
    tokens = [
        {
            "start": token.idx,
            "end": token.idx + len(token.text),
            "text": token.text,
            "tag": token.tag_ or None,
            "pos": token.pos_ or None,
        }
        for token in (doc if with_tokens else ())
        if not token.is_space
    ]
    entities = [
        {
            "start": ent.start_char,
            "end": ent.end_char,
            "text": ent.text,
            "label": ent.label_,
            "canonical": ent.kb_id_ or None,
            "source": ent.id_ or None,
        }
        for ent in doc.ents
    ]
    meta = dict(doc._.meta or {})
    return {
        "schema": SCHEMA_VERSION,
        "source": doc._.source,
        "pipeline": doc._.pipeline,
        "text": text,
        "offset_map": doc._.offset_map or identity_offset_map(text),
        "dropped": list(doc._.dropped or []),
        "meta": meta,
        "sections": sections,
        "footnotes": list(doc._.footnotes or []),
        "sentences": sentences,
        "tokens": tokens,
        "entities": entities,
        "keywords": list(doc._.keywords or []),
        "section_keywords": dict(doc._.section_keywords or {}),
        "arguments": list(doc._.arguments or []),
    }


def dumps(doc: Doc, *, indent: int | None = None) -> str:
    """Serialise with Chinese kept readable (``ensure_ascii=False``).

    Without ``indent`` the tokens (92 % of the JSON) are written straight from the Doc's arrays,
    with no dict per token: the text is byte-identical to ``json.dumps(to_json(doc))`` (tested)
    and about three times faster.
    """
    return "".join(iter_dumps(doc, indent=indent))


def iter_dumps(doc: Doc, *, indent: int | None = None) -> Iterator[str]:
    """:func:`dumps` in pieces, the tokens a bounded number at a time, so a writer can stream
    a long document's JSON without holding all of it (the CLI does)."""
    if indent is not None:
        yield json.dumps(to_json(doc), ensure_ascii=False, indent=indent)
        return
    data = to_json(doc, with_tokens=False)
    keys = list(data)
    cut = keys.index("tokens")
    head = json.dumps({k: data[k] for k in keys[:cut]}, ensure_ascii=False)
    tail = json.dumps({k: data[k] for k in keys[cut + 1 :]}, ensure_ascii=False)
    yield f'{head[:-1]}, "tokens": '
    yield from _token_chunks(doc)
    yield f", {tail[1:]}"


def _tokens_json(doc: Doc) -> str:
    """The ``tokens`` array as ``json.dumps`` would write it, from the Doc's attribute arrays."""
    return "".join(_token_chunks(doc))


_TOKENS_PER_CHUNK = 50_000


def _token_chunks(doc: Doc) -> Iterator[str]:
    """The ``tokens`` array in pieces of at most ``_TOKENS_PER_CHUNK`` tokens."""
    from json.encoder import encode_basestring

    strings = doc.vocab.strings
    names: dict[int, str] = {}

    def label(key: int) -> str:
        name = names.get(key)
        if name is None:
            text = strings[key] if key else ""
            name = names[key] = encode_basestring(text) if text else "null"
        return name

    if not len(doc):
        yield "[]"
        return
    text = doc.text
    array = doc.to_array(["IDX", "LENGTH", "TAG", "POS", "IS_SPACE"])
    yield "["
    separator = ""
    for begin in range(0, len(array), _TOKENS_PER_CHUNK):
        parts = [
            f'{{"start": {start}, "end": {start + length}, '
            f'"text": {encode_basestring(text[start : start + length])}, '
            f'"tag": {label(tag)}, "pos": {label(pos)}}}'
            for start, length, tag, pos, is_space in array[
                begin : begin + _TOKENS_PER_CHUNK
            ].tolist()
            if not is_space
        ]
        if parts:
            yield separator + ", ".join(parts)
            separator = ", "
    yield "]"


def sentence_offsets(doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans with surrounding whitespace trimmed; empty sentences are dropped."""
    if not doc.has_annotation("SENT_START") or not len(doc):
        return []
    # Token arrays, not Token objects: building a Token per word was most of the argument
    # stage's time on long reports. Same boundaries as ``doc.sents`` (a start at SENT_START 1).
    columns = doc.to_array(["SENT_START", "IDX", "LENGTH", "IS_SPACE"]).tolist()
    offsets: list[tuple[int, int]] = []
    first: int | None = None
    last_end = 0
    for k, (sent_start, idx, length, is_space) in enumerate(columns):
        if k and sent_start == 1:
            if first is not None:
                offsets.append((first, last_end))
            first = None
        if not is_space:
            if first is None:
                first = idx
            last_end = idx + length
    if first is not None:
        offsets.append((first, last_end))
    return offsets


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
    words, spaces, tagged = _words_from_tokens(text, data["tokens"])
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
    for key in ("dropped", "sections", "footnotes", "keywords", "arguments"):
        setattr(doc._, key, list(data.get(key) or []))
    return doc


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
