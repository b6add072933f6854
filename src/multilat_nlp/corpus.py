"""A Corpus of analysed documents, kept as sparse term counts (not Docs) for comparison.

Each document is cut into *units*: the tokens of one section (its heading path) that carry one
argument label. The Corpus keeps one sparse row of term counts per unit, the unit's size in word
tokens, and optionally a coarse position profile per document (``bins`` slices of its text) for
dispersion barcodes. Counts by document, section, argument label or any metadata field are sums
of unit rows, so a 1,000-paper batch costs a few sparse matrices, never the Docs.

>>> corpus = Corpus.from_records([
...     {"name": "a", "tokens": [("合作", "NOUN"), ("，", "PUNCT"), ("发展", "VERB")]},
...     {"name": "b", "tokens": [("合作", "NOUN")]}], stopwords=())
>>> corpus.frequency("合作"), int(corpus.sizes().sum())
(2, 3)
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from multilat_nlp.errors import MultilatError, SchemaError

if TYPE_CHECKING:  # scipy is imported where a matrix is built: not on ``import multilat_nlp``
    from scipy import sparse
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Corpus", "CorpusError", "CorpusSettings", "year_of"]

#: POS tags that are not words: never terms, never counted in a unit's size.
NON_WORD_POS = frozenset({"PUNCT", "SYM", "SPACE"})
#: POS tags left out of the terms by default (numbers make poor comparison terms).
DEFAULT_EXCLUDED_POS = frozenset({"NUM"})
#: Separator of the words of an n-gram term (a space never occurs inside a Chinese token).
NGRAM_SEPARATOR = " "
#: The POS of a merged phrase: always a term, whatever its words' classes.
PHRASE_POS = "PHRASE"
#: Label of the tokens outside every section / every labelled sentence.
NO_SECTION = ""
NO_LABEL = ""
#: Years a policy document can plausibly carry in its file name or metadata.
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_META_KEYS = ("file", "path", "name", "document", "id")

IntArray = NDArray[np.int64]


class CorpusError(MultilatError, ValueError):
    """A corpus input (JSON file, metadata CSV, selection) is wrong; the message names it."""


def year_of(*candidates: Any) -> int | None:
    """The first plausible year (1800–2099) in ``candidates`` (metadata values or names)."""
    for value in candidates:
        if value is None:
            continue
        if isinstance(value, int) and 1800 <= value <= 2099:
            return value
        found = _YEAR.search(str(value))
        if found:
            return int(found.group(1))
    return None


@dataclass(frozen=True)
class CorpusSettings:
    """Which tokens become terms. ``stopwords`` are list names or files (see
    ``keywords.load_stopwords``); ``include_pos`` keeps only those POS (None = all);
    ``phrases`` are merged into one term wherever their words follow each other (全球治理体系
    stays whole); ``ngrams`` = (min n, max n); ``bins`` = position slices per document for
    dispersion barcodes (0 = none)."""

    stopwords: tuple[str, ...] = ("stopwords-iso-zh", "policy")
    include_pos: frozenset[str] | None = None
    exclude_pos: frozenset[str] = DEFAULT_EXCLUDED_POS
    phrases: tuple[str, ...] = ()
    keyword_phrases: bool = False
    ngrams: tuple[int, int] = (1, 1)
    min_length: int = 1
    bins: int = 200

    def __post_init__(self) -> None:
        low, high = self.ngrams
        if not 1 <= low <= high:
            raise CorpusError(f"ngrams must be (min, max) with 1 <= min <= max, got {self.ngrams}")
        if self.bins < 0:
            raise CorpusError(f"bins must be >= 0, got {self.bins}")


@dataclass
class _Record:
    """What one document contributes, in the shape of our JSON (no spaCy needed)."""

    name: str
    words: list[str]
    pos: list[str | None]
    starts: list[int]
    text_length: int
    sections: list[Mapping[str, Any]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    arguments: list[Mapping[str, Any]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def _section_paths(sections: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Section id -> heading path "一、总体要求 / （一）稳增长" (markers kept: they order)."""
    by_id = {str(s["id"]): s for s in sections}
    paths: dict[str, str] = {}

    def path(sid: str, depth: int = 0) -> str:
        if sid in paths:
            return paths[sid]
        section = by_id[sid]
        own = f"{section.get('marker') or ''}{section.get('title') or ''}".strip() or sid
        parent = section.get("parent")
        value = own
        if parent is not None and str(parent) in by_id and depth < 32:
            value = f"{path(str(parent), depth + 1)} / {own}"
        paths[sid] = value
        return value

    for sid in by_id:
        path(sid)
    return paths


class _Builder:
    """Turns records into unit rows of term ids; owns the growing vocabulary."""

    def __init__(self, settings: CorpusSettings) -> None:
        from multilat_nlp.keywords._resources import load_stopwords

        self.settings = settings
        self.stopwords = load_stopwords(settings.stopwords) if settings.stopwords else frozenset()
        self.index: dict[str, int] = {}
        self.terms: list[str] = []
        self.rows: list[IntArray] = []
        self.cols: list[IntArray] = []
        self.bin_rows: list[IntArray] = []
        self.unit_doc: list[int] = []
        self.unit_section: list[str] = []
        self.unit_label: list[str] = []
        self.unit_size: list[int] = []
        self.docs: list[dict[str, Any]] = []
        self.fixed_phrases = {p for p in settings.phrases if p}
        self.caches: dict[str | None, dict[str, int]] = {}  # POS -> form -> term id or -1

    def _term_id(self, term: str) -> int:
        tid = self.index.get(term)
        if tid is None:
            tid = self.index[term] = len(self.terms)
            self.terms.append(term)
        return tid

    def _keep(self, word: str, pos: str | None) -> bool:
        s = self.settings
        if pos == PHRASE_POS:
            return True
        if word in self.stopwords or len(word) < s.min_length or pos in s.exclude_pos:
            return False
        return s.include_pos is None or pos in s.include_pos

    def add(self, record: _Record) -> None:
        doc_id = len(self.docs)
        merged, merged_pos, merged_starts, breaks = self._merge(record)
        m = len(merged)
        word_starts = np.asarray(merged_starts, dtype=np.int64)
        # which unit (section path, argument label) each word falls in
        section_index, section_names = self._sections_of(record, word_starts)
        label_index, label_names = self._labels_of(record, word_starts)
        keys = section_index * (len(label_names) + 1) + label_index
        unique_keys, word_unit_local = np.unique(keys, return_inverse=True)
        if not m:  # an empty document still has one (empty) unit, so it is never lost
            unique_keys = np.asarray([(len(section_names) - 1) * (len(label_names) + 1)])
        first_unit = len(self.unit_doc)
        for key in unique_keys.tolist():
            self.unit_doc.append(doc_id)
            self.unit_section.append(section_names[key // (len(label_names) + 1)])
            self.unit_label.append(label_names[key % (len(label_names) + 1)])
        self.unit_size.extend(np.bincount(word_unit_local, minlength=len(unique_keys)).tolist())
        word_unit = word_unit_local.astype(np.int64) + first_unit
        # unigram term ids, one dict look-up per word (the filter decision is cached per form)
        caches = self.caches
        ids = np.empty(m, dtype=np.int64)
        for k, (word, tag) in enumerate(zip(merged, merged_pos, strict=True)):
            cache = caches.get(tag)
            if cache is None:
                cache = caches[tag] = {}
            tid = cache.get(word)
            if tid is None:
                tid = cache[word] = self._term_id(word) if self._keep(word, tag) else -1
            ids[k] = tid
        low, high = self.settings.ngrams
        kept = ids >= 0
        positions = np.flatnonzero(kept) if low == 1 else np.empty(0, dtype=np.int64)
        term_ids = ids[positions]
        if high >= 2:  # n-grams: no punctuation inside, both ends pass the filters
            gram_ids, gram_pos = [], []
            for k in np.flatnonzero(kept).tolist():
                for size in range(max(low, 2), high + 1):
                    last = k + size - 1
                    if last >= m or breaks[k + 1 : last + 1].any():
                        break
                    if kept[last]:
                        gram = NGRAM_SEPARATOR.join(merged[k : last + 1])
                        gram_ids.append(self._term_id(gram))
                        gram_pos.append(k)
            positions = np.concatenate([positions, np.asarray(gram_pos, dtype=np.int64)])
            term_ids = np.concatenate([term_ids, np.asarray(gram_ids, dtype=np.int64)])
        self.rows.append(word_unit[positions])
        self.cols.append(term_ids)
        if self.settings.bins:
            length = max(record.text_length, 1)
            slot = np.minimum(word_starts[positions] * self.settings.bins // length,
                              self.settings.bins - 1)
            self.bin_rows.append(doc_id * self.settings.bins + slot)
        meta = dict(record.meta)
        meta.setdefault("name", record.name)
        meta["year"] = year_of(meta.get("year"), meta.get("date"), record.name,
                               meta.get("path"))
        meta["tokens"] = m
        self.docs.append(meta)

    def _merge(self, record: _Record
               ) -> tuple[list[str], list[str | None], list[int], NDArray[np.bool_]]:
        """Words (non-words dropped, phrases merged by greedy longest match) with their POS,
        starts, and ``breaks[k]``: a non-word stood just before word k (n-grams stop there)."""
        words, pos, starts = record.words, record.pos, record.starts
        phrases = self.fixed_phrases
        if self.settings.keyword_phrases:
            phrases = phrases | set(record.keywords)
        out_words: list[str] = []
        out_pos: list[str | None] = []
        out_starts: list[int] = []
        breaks: list[bool] = []
        gap = False
        if not phrases:
            for word, tag, start in zip(words, pos, starts, strict=True):
                if tag in NON_WORD_POS or not word.strip():
                    gap = True
                    continue
                out_words.append(word)
                out_pos.append(tag)
                out_starts.append(start)
                breaks.append(gap)
                gap = False
            return out_words, out_pos, out_starts, np.asarray(breaks, dtype=bool)
        prefixes = {p[:i] for p in phrases for i in range(1, len(p) + 1)}
        n, i = len(words), 0
        while i < n:
            word, tag = words[i], pos[i]
            if tag in NON_WORD_POS or not word.strip():
                gap = True
                i += 1
                continue
            end, surface, j = -1, word, i
            while surface in prefixes:
                if surface in phrases:
                    end = j
                j += 1
                if j >= n:
                    break
                surface += words[j]
            out_starts.append(starts[i])
            if end >= 0:
                out_words.append("".join(words[i : end + 1]))
                out_pos.append(PHRASE_POS)
                i = end + 1
            else:
                out_words.append(word)
                out_pos.append(tag)
                i += 1
            breaks.append(gap)
            gap = False
        return out_words, out_pos, out_starts, np.asarray(breaks, dtype=bool)

    @staticmethod
    def _sections_of(record: _Record, word_starts: IntArray) -> tuple[IntArray, list[str]]:
        """Per word the index of its innermost section in ``names`` (last = no section)."""
        if not record.sections or not len(word_starts):
            return np.zeros(len(word_starts), dtype=np.int64), [NO_SECTION]
        paths = _section_paths(record.sections)
        length = max(record.text_length, int(word_starts.max()) + 1)
        ordered = sorted(record.sections, key=lambda s: (s["start"], -s["end"]))
        names = [paths[str(s["id"])] for s in ordered] + [NO_SECTION]
        paint = np.full(length + 1, len(ordered), dtype=np.int64)
        for k, section in enumerate(ordered):  # inner sections start later: painted last
            paint[int(section["start"]) : int(section["end"])] = k
        return paint[word_starts], names

    @staticmethod
    def _labels_of(record: _Record, word_starts: IntArray) -> tuple[IntArray, list[str]]:
        """Per word the index of its sentence's argument label in ``names``."""
        if not record.arguments or not record.sentences or not len(word_starts):
            return np.zeros(len(word_starts), dtype=np.int64), [NO_LABEL]
        names = [NO_LABEL]
        where = {NO_LABEL: 0}
        labels = np.zeros(len(record.sentences), dtype=np.int64)
        for unit in record.arguments:
            index, label = int(unit["sentence"]), str(unit["label"])
            if 0 <= index < len(labels):
                if label not in where:
                    where[label] = len(names)
                    names.append(label)
                labels[index] = where[label]
        sent_starts = np.asarray([s for s, _ in record.sentences], dtype=np.int64)
        sent_ends = np.asarray([e for _, e in record.sentences], dtype=np.int64)
        at = np.searchsorted(sent_starts, word_starts, side="right") - 1
        inside = (at >= 0) & (word_starts < sent_ends[np.maximum(at, 0)])
        return np.where(inside, labels[np.maximum(at, 0)], 0), names

    def build(self) -> Corpus:
        from scipy import sparse

        n_units, n_terms = len(self.unit_doc), len(self.terms)
        rows = np.concatenate(self.rows) if self.rows else np.empty(0, dtype=np.int64)
        cols = np.concatenate(self.cols) if self.cols else np.empty(0, dtype=np.int64)
        data = np.ones(len(rows), dtype=np.int64)
        counts = sparse.csr_matrix((data, (rows, cols)), shape=(n_units, n_terms))
        bins = None
        if self.settings.bins:
            brows = np.concatenate(self.bin_rows) if self.bin_rows else rows
            bins = sparse.csr_matrix((np.ones(len(brows), dtype=np.int64), (brows, cols)),
                                     shape=(len(self.docs) * self.settings.bins, n_terms))
        return Corpus(
            terms=tuple(self.terms), counts=counts,
            unit_sizes=np.asarray(self.unit_size, dtype=np.int64),
            unit_doc=np.asarray(self.unit_doc, dtype=np.int64),
            unit_section=tuple(self.unit_section), unit_label=tuple(self.unit_label),
            documents=tuple(self.docs), bin_counts=bins, settings=self.settings,
        )


def _record_from_json(data: Mapping[str, Any], name: str) -> _Record:
    tokens = data.get("tokens")
    if not isinstance(tokens, list):
        raise SchemaError(f"{name}: no 'tokens' list (is this a multilat_nlp document JSON?)")
    source = data.get("source") or {}
    meta: dict[str, Any] = {k: v for k, v in (data.get("meta") or {}).items()
                            if isinstance(v, str | int | float) and not isinstance(v, bool)}
    if source.get("path"):
        meta["path"] = source["path"]
    sentences = [(int(s["start"]), int(s["end"])) for s in data.get("sentences") or []]
    text = data.get("text")
    length = len(text) if isinstance(text, str) else max((t["end"] for t in tokens), default=0)
    return _Record(
        name=name, words=[t["text"] for t in tokens], pos=[t.get("pos") for t in tokens],
        starts=[t["start"] for t in tokens], text_length=length,
        sections=list(data.get("sections") or []), sentences=sentences,
        arguments=list(data.get("arguments") or []),
        keywords=[str(k["term"]) for k in data.get("keywords") or []], meta=meta,
    )


def _record_from_doc(doc: Doc, name: str) -> _Record:
    """The record of a Doc, read from its attribute arrays (no Token objects: 5× faster)."""
    from multilat_nlp.document import register_extensions

    register_extensions()
    text = doc.text
    strings = doc.vocab.strings
    rows = doc.to_array(["IDX", "LENGTH", "POS", "IS_SPACE", "SENT_START"]).astype(np.int64)
    words_mask = rows[:, 3] == 0
    kept = rows[words_mask]
    starts_arr, ends_arr = kept[:, 0], kept[:, 0] + kept[:, 1]
    names: dict[int, str | None] = {}
    for pos_id in np.unique(kept[:, 2]).tolist():
        names[pos_id] = strings[pos_id] if pos_id else None
    starts = starts_arr.tolist()
    words = [text[s:e] for s, e in zip(starts, ends_arr.tolist(), strict=True)]
    pos = [names[p] for p in kept[:, 2].tolist()]
    sentences: list[tuple[int, int]] = []
    if doc.has_annotation("SENT_START") and len(kept):
        # sentence spans trimmed of whitespace, empty ones dropped (= document.sentence_offsets)
        ids = np.cumsum(rows[:, 4] == 1)[words_mask]
        firsts = np.concatenate([[0], np.flatnonzero(np.diff(ids)) + 1])
        lasts = np.concatenate([firsts[1:] - 1, [len(ids) - 1]])
        sentences = list(zip(starts_arr[firsts].tolist(), ends_arr[lasts].tolist(),
                             strict=True))
    source = doc._.source or {}
    meta: dict[str, Any] = {k: v for k, v in (doc._.meta or {}).items()
                            if isinstance(v, str | int | float) and not isinstance(v, bool)}
    if source.get("path"):
        meta["path"] = source["path"]
    return _Record(
        name=name, words=words, pos=pos, starts=starts, text_length=len(text),
        sections=list(doc._.sections or []), sentences=sentences,
        arguments=list(doc._.arguments or []),
        keywords=[str(k["term"]) for k in doc._.keywords or []], meta=meta,
    )


def _doc_name(path: Path, source_path: str | None) -> str:
    """A JSON output is named after its input (``2018.txt.1a2b.json`` -> ``2018``)."""
    if source_path:
        return Path(source_path).stem
    return path.name.split(".", 1)[0]


def _json_record(path: Path) -> _Record:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path}: not a readable JSON file ({exc})") from exc
    if not isinstance(data, dict) or "tokens" not in data:
        raise SchemaError(f"{path}: not a multilat_nlp document JSON (no 'tokens')")
    source_path = (data.get("source") or {}).get("path")
    record = _record_from_json(data, _doc_name(path, source_path))
    record.meta["json"] = str(path)
    return record


def read_meta_csv(path: str | Path) -> dict[str, dict[str, Any]]:
    """Metadata by document: a CSV with a ``file``/``path``/``name``/``id`` column; every other
    column becomes a field (integers are parsed, so ``year`` sorts as a number)."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            key = next((k for k in _META_KEYS if k in (reader.fieldnames or [])), None)
            if key is None:
                raise CorpusError(f"{path}: needs one of the columns {_META_KEYS}")
            table: dict[str, dict[str, Any]] = {}
            for row in reader:
                fields = {k: _parse_value(v) for k, v in row.items() if k and k != key and v}
                name = str(row[key])
                table[name] = fields
                table.setdefault(Path(name).name, fields)
                table.setdefault(Path(name).name.split(".", 1)[0], fields)
            return table
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the metadata CSV ({exc})") from exc


def _parse_value(value: str) -> Any:
    value = value.strip()
    return int(value) if re.fullmatch(r"-?\d+", value) else value


def _meta_for(table: Mapping[str, Mapping[str, Any]], *keys: str | None) -> dict[str, Any]:
    for key in keys:
        if key and key in table:
            return dict(table[key])
    return {}


Selector = Any  # a value, a collection of values, a range, a callable or a regex (sections)


def _matches(value: Any, selector: Selector) -> bool:
    if callable(selector):
        return bool(selector(value))
    if isinstance(selector, re.Pattern):
        return value is not None and bool(selector.search(str(value)))
    if isinstance(selector, range | Collection) and not isinstance(selector, str):
        return value in selector
    return bool(value == selector)


@dataclass(frozen=True)
class Counts:
    """Counts grouped one way: ``groups`` (labels), ``matrix`` (groups × terms), ``sizes``."""

    groups: tuple[Any, ...]
    matrix: sparse.csr_matrix
    sizes: IntArray
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Corpus:
    """Sparse term counts of analysed documents (see the module docstring).

    Build with :meth:`from_json`, :meth:`from_docs`, :meth:`from_texts` or :meth:`from_paths`;
    select documents with :meth:`select`; count with :meth:`counts`; compare two corpora with
    :func:`multilat_nlp.comparison.compare`.
    """

    terms: tuple[str, ...]
    counts: sparse.csr_matrix  # units × terms
    unit_sizes: IntArray
    unit_doc: IntArray
    unit_section: tuple[str, ...]
    unit_label: tuple[str, ...]
    documents: tuple[dict[str, Any], ...]
    bin_counts: sparse.csr_matrix | None = None  # (documents·bins) × terms
    settings: CorpusSettings = field(default_factory=CorpusSettings)

    # --- construction -------------------------------------------------------------------

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], **settings: Any) -> Corpus:
        """From plain dicts ``{"name", "tokens": [(word, pos), ...], "meta"?}`` (tests, other
        tools' tokens)."""
        builder = _Builder(CorpusSettings(**settings))
        for k, item in enumerate(records):
            pairs = list(item["tokens"])
            starts, offset = [], 0
            for word, _ in pairs:
                starts.append(offset)
                offset += len(word)
            builder.add(_Record(name=str(item.get("name", k)), words=[w for w, _ in pairs],
                                pos=[p for _, p in pairs], starts=starts, text_length=offset,
                                meta=dict(item.get("meta") or {})))
        return builder.build()

    @classmethod
    def from_json(
        cls, paths: Iterable[str | Path] | str | Path, *, meta: str | Path | None = None,
        **settings: Any,
    ) -> Corpus:
        """From our document JSON files (``analyze``/``batch`` output; folders are searched
        for ``*.json``), with optional metadata from a CSV. Only tokens, sections, sentences,
        arguments, keywords and metadata are used; nothing is re-analysed."""
        return cls.from_paths(paths, meta=meta, suffixes=(".json",), **settings)

    @classmethod
    def from_docs(
        cls, docs: Iterable[Doc], *, names: Sequence[str] | None = None,
        meta: Sequence[Mapping[str, Any]] | None = None, **settings: Any,
    ) -> Corpus:
        """From analysed Docs; ``names``/``meta`` per document (default: the source path)."""
        builder = _Builder(CorpusSettings(**settings))
        for k, doc in enumerate(docs):
            record = _record_from_doc(doc, names[k] if names is not None else f"doc{k}")
            if meta is not None:
                record.meta.update(meta[k])
            builder.add(record)
        return builder.build()

    @classmethod
    def from_texts(
        cls, texts: Iterable[str], nlp: Language, *, names: Sequence[str] | None = None,
        meta: Sequence[Mapping[str, Any]] | None = None, **settings: Any,
    ) -> Corpus:
        """Run ``nlp`` over ``texts`` (streamed through ``nlp.pipe``: one Doc at a time)."""
        return cls.from_docs(nlp.pipe(texts), names=names, meta=meta, **settings)

    @classmethod
    def from_paths(
        cls, paths: Iterable[str | Path] | str | Path, nlp: Language | None = None, *,
        meta: str | Path | None = None, suffixes: tuple[str, ...] | None = None,
        load_nlp: Callable[[], Language] | None = None, **settings: Any,
    ) -> Corpus:
        """Files or folders: our JSON outputs are read as they are; text, PDF, .docx and HTML
        files are analysed with ``nlp`` (else ``load_nlp()``, else the ``policy`` pipeline;
        loaded once, and only when a file needs it)."""
        if suffixes is None:
            from multilat_nlp.reading import _EXTENSIONS

            suffixes = (".json", *sorted(_EXTENSIONS))
        table = read_meta_csv(meta) if meta is not None else {}
        builder = _Builder(CorpusSettings(**settings))
        pipeline = nlp
        for path in _expand(paths, suffixes):
            if path.suffix.lower() == ".json":
                record = _json_record(path)
                source = record.meta.get("path")
                keys = (source, record.name, path.name, Path(source).name if source else None)
            else:
                from multilat_nlp.files import analyze
                from multilat_nlp.pipeline import load

                if pipeline is None:
                    pipeline = load_nlp() if load_nlp is not None else load()
                record = _record_from_doc(analyze(path, pipeline), path.stem)
                keys = (str(path), path.stem, path.name, None)
            record.meta.update(_meta_for(table, *keys))
            builder.add(record)
        return builder.build()

    # --- views --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def names(self) -> list[str]:
        return [str(d["name"]) for d in self.documents]

    def metadata(self, name: str) -> list[Any]:
        """One metadata field for every document (None where missing)."""
        return [d.get(name) for d in self.documents]

    def sizes(self) -> IntArray:
        """Word tokens per document."""
        return np.bincount(self.unit_doc, weights=self.unit_sizes,
                           minlength=len(self.documents)).astype(np.int64)

    def frequency(self, term: str) -> int:
        index = self.term_index.get(term)
        return 0 if index is None else int(self.counts[:, index].sum())

    @functools.cached_property
    def term_index(self) -> dict[str, int]:
        """Term -> column (built once per corpus)."""
        return {t: i for i, t in enumerate(self.terms)}

    def totals(self) -> IntArray:
        """Frequency of every term over the corpus."""
        return np.asarray(self.counts.sum(axis=0)).ravel().astype(np.int64)

    def counts_by(self, by: str = "document") -> Counts:
        """Counts grouped by ``"document"``, ``"section"`` (heading path), ``"label"``
        (argument label) or a metadata field (``"year"``, ``"source"``, ``"group"``…)."""
        if by in ("document", "doc"):
            keys: list[Any] = [self.documents[d]["name"] for d in self.unit_doc.tolist()]
        elif by == "section":
            keys = list(self.unit_section)
        elif by in ("label", "argument"):
            keys = list(self.unit_label)
        else:
            values = self.metadata(by)
            if all(v is None for v in values):
                raise CorpusError(f"no document has the metadata field {by!r} "
                                  f"(give it in --meta FILE.csv or in the JSON meta)")
            keys = [values[d] for d in self.unit_doc.tolist()]
        from scipy import sparse

        groups = _ordered_unique(keys)
        where = {g: k for k, g in enumerate(groups)}
        rows = np.fromiter((where[k] for k in keys), dtype=np.int64, count=len(keys))
        indicator = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, np.arange(len(rows)))),
            shape=(len(groups), len(rows)))
        matrix = sparse.csr_matrix(indicator @ self.counts)
        sizes = np.bincount(rows, weights=self.unit_sizes, minlength=len(groups)).astype(np.int64)
        return Counts(tuple(groups), matrix, sizes, self.terms)

    def select(self, *, documents: Selector | None = None, section: Selector | None = None,
               label: Selector | None = None, **fields: Selector) -> Corpus:
        """The units that match every condition: ``documents`` (names), ``section`` (a regex
        or callable on the heading path), ``label`` (argument labels), metadata ``fields``
        (``year=range(2012, 2023)``, ``source="国务院"``). Vocabulary is shared."""
        keep = np.ones(len(self.unit_doc), dtype=bool)
        if isinstance(section, str):
            section = re.compile(section)
        doc_ok = np.ones(len(self.documents), dtype=bool)
        for k, meta in enumerate(self.documents):
            if documents is not None and not _matches(meta["name"], documents):
                doc_ok[k] = False
            for name, selector in fields.items():
                if not _matches(meta.get(name), selector):
                    doc_ok[k] = False
        keep &= doc_ok[self.unit_doc]
        if section is not None:
            keep &= np.fromiter((_matches(s, section) for s in self.unit_section), dtype=bool,
                                count=len(keep))
        if label is not None:
            keep &= np.fromiter((_matches(s, label) for s in self.unit_label), dtype=bool,
                                count=len(keep))
        from scipy import sparse

        used_docs = np.unique(self.unit_doc[keep])
        renumber = np.full(len(self.documents), -1, dtype=np.int64)
        renumber[used_docs] = np.arange(len(used_docs))
        bins = None
        if self.bin_counts is not None and self.settings.bins:
            b = self.settings.bins
            rows = (used_docs[:, None] * b + np.arange(b)).ravel()
            bins = sparse.csr_matrix(self.bin_counts[rows])
        return replace(
            self, counts=sparse.csr_matrix(self.counts[keep]),
            unit_sizes=self.unit_sizes[keep], unit_doc=renumber[self.unit_doc[keep]],
            unit_section=tuple(s for s, k in zip(self.unit_section, keep, strict=True) if k),
            unit_label=tuple(s for s, k in zip(self.unit_label, keep, strict=True) if k),
            documents=tuple(self.documents[d] for d in used_docs.tolist()), bin_counts=bins,
        )

    def positions(self, term: str) -> list[tuple[str, NDArray[np.float64]]]:
        """Where ``term`` occurs in each document, as relative positions in [0, 1) (the
        centre of each of ``settings.bins`` slices, repeated by count)."""
        if self.bin_counts is None or not self.settings.bins:
            raise CorpusError("this corpus keeps no positions (built with bins=0)")
        b = self.settings.bins
        index = self.term_index.get(term)
        out: list[tuple[str, NDArray[np.float64]]] = []
        column = (np.zeros(len(self.documents) * b, dtype=np.int64) if index is None else
                  np.asarray(self.bin_counts[:, index].todense()).ravel())
        for k, meta in enumerate(self.documents):
            slots = column[k * b : (k + 1) * b]
            where = np.repeat(np.arange(b), slots.astype(np.int64))
            out.append((str(meta["name"]), (where + 0.5) / b))
        return out

    def trend(self, terms: Sequence[str], *, by: str = "year",
              per: float = 10_000) -> list[dict[str, Any]]:
        """Relative frequency of ``terms`` per ``per`` tokens in each group (ordered by value):
        tidy records ``{term, <by>, count, tokens, rate}``."""
        grouped = self.counts_by(by)
        order = sorted(range(len(grouped.groups)), key=lambda g: _sort_key(grouped.groups[g]))
        index = self.term_index
        records = []
        for term in terms:
            col = index.get(term)
            values = (np.zeros(len(grouped.groups)) if col is None
                      else np.asarray(grouped.matrix[:, col].todense()).ravel())
            for g in order:
                size = int(grouped.sizes[g])
                count = int(values[g])
                records.append({"term": term, by: grouped.groups[g], "count": count,
                                "tokens": size, "rate": per * count / size if size else 0.0})
        return records

    def first_appearance(self, term: str, *, by: str = "year") -> Any:
        """The first group (in sort order) in which ``term`` occurs, or None."""
        hits = [r[by] for r in self.trend([term], by=by) if r["count"] > 0]
        return hits[0] if hits else None


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, value) if isinstance(value, int | float) else (1, str(value))


def _ordered_unique(keys: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(keys))


def _expand(paths: Iterable[str | Path] | str | Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files as given; folders searched recursively for ``suffixes`` (sorted, hidden skipped)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in suffixes and not p.name.startswith(".")
                           and p.name != "manifest.jsonl")
            if not found:
                raise CorpusError(f"{path}: no {'/'.join(suffixes)} files in this folder")
            yield from found
        elif path.is_file():
            yield path
        else:
            raise CorpusError(f"{path}: no such file or folder")
