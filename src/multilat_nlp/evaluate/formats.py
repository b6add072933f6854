"""Readers for the evaluation file formats.

Every reader opens its file as UTF-8 and raises :class:`EvaluationFormatError` (a ``ValueError``)
naming the file and the 1-based line on malformed input, so a bad gold file fails loudly instead
of silently producing a wrong score.

Formats:

* SIGHAN segmentation: one sentence a line (:func:`read_sighan_lines`), training word list one
  word a line (:func:`read_word_list`).
* CSL keywords: one JSON object a line ``{"title", "abstract", "keywords": [...]}``
  (:func:`read_csl`).
* Spans (:func:`read_span_documents`), ``fmt`` one of :data:`SPAN_FORMATS`:

  - ``offsets``: one JSON object a line ``{"text", "entities": [{"start", "end", "label"}]}``,
    ``end`` exclusive; an optional entity ``"text"`` is checked against the document text.
  - ``cluener``: ``{"text", "label": {TYPE: {ENTITY: [[start, end_inclusive], ...]}}}``; a
    missing ``label`` (the unlabelled test split) means no entities.
  - ``bio``: one ``token<TAB or SPACES>tag`` a line, a blank line between sentences; every
    sentence becomes one document whose text is its tokens joined without separators (the
    files are character-level). Extra middle columns are ignored (first column = token, last
    column = tag). Tag prefixes ``B``, ``I``/``M``, ``E``/``L``, ``S``/``U`` cover BIO, BIOES,
    BMES and BILOU; the label is everything after the first ``-`` and is kept whole, so Weibo's
    ``B-PER.NAM`` gives label ``PER.NAM`` (pick NAM/NOM with the label map). Decoding is
    lenient like ``conlleval``: ``I``/``M``/``E`` that does not continue an open entity of the
    same label starts a new one. If *every* token of a file looks like ``<char><digits>``
    (Weibo's ``char+position`` column, e.g. ``叫0``), the trailing digits are dropped.

* Label maps: a JSON object from a gold label to one of our labels or a list of them
  (:func:`load_label_map`).
* Argument gold: one JSON object a line with ``"text"`` and ``"label"``, optional ``"alt"``
  (:func:`read_argument_gold`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "CLUENER_PER_LOC_ORG",
    "SPAN_FORMATS",
    "ArgumentRecord",
    "CslRecord",
    "EvaluationFormatError",
    "Span",
    "SpanDocument",
    "SpanFormat",
    "csl_input_text",
    "load_label_map",
    "read_argument_gold",
    "read_csl",
    "read_sighan_lines",
    "read_span_documents",
    "read_word_list",
]

Span = tuple[int, int, str]
"""``(start, end, label)`` with ``end`` exclusive, in characters of the document text."""

#: CLUENER's person, place and organisation types mapped onto ours (PER/LOC/ORG scoring, as the
#: entity anchors are measured); ``evaluate entities --format cluener`` uses it when no
#: ``--label-map`` is given, since no CLUENER label is one of ours.
CLUENER_PER_LOC_ORG: dict[str, str | list[str]] = {
    "name": "PERSON",
    "address": ["GPE", "LOC", "FAC"],
    "organization": "ORG",
    "company": "ORG",
    "government": "ORG",
}

SpanFormat = Literal["offsets", "cluener", "bio"]
SPAN_FORMATS: tuple[SpanFormat, ...] = ("offsets", "cluener", "bio")

# Perl's byte-mode \s (the SIGHAN scorer reads bytes): space, \t, \n, \r, \f and, since 5.18, \v.
_PERL_SPACE = b" \t\n\r\f\x0b"


class EvaluationFormatError(ValueError):
    """Malformed evaluation input; carries the file and 1-based line so it can be fixed."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class CslRecord:
    """One CSL paper: the text a keyword extractor sees and the author keywords."""

    title: str
    abstract: str
    keywords: tuple[str, ...]
    id: str | None = None
    discipline: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class SpanDocument:
    """A text with its gold spans ``(start, end_exclusive, label)``, sorted, without duplicates."""

    text: str
    spans: tuple[Span, ...]
    id: str | None = None


@dataclass(frozen=True, slots=True)
class ArgumentRecord:
    """One gold argument unit (a sentence) with its label and defensible alternatives.

    ``doc``, ``start`` and ``end`` (a file name and offsets into it, end exclusive) are set
    when the gold carries them: such a unit is matched by offsets, the others by text.
    """

    text: str
    label: str
    alt: tuple[str, ...] = ()
    doc: str | None = None
    start: int | None = None
    end: int | None = None


# --------------------------------------------------------------------------- helpers


def _read_text(path: str | Path) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise EvaluationFormatError(p, None, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EvaluationFormatError(p, line, f"not valid UTF-8 ({exc.reason})") from exc


def _split_lines(text: str) -> list[str]:
    """Split on ``\\n`` only, like perl and unlike ``str.splitlines`` (which also splits on
    \\x0b, \\x1c-\\x1e, \\x85, U+2028 ...); a final newline does not start an extra line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _json_lines(path: str | Path) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield ``(line_number, object)`` for each non-blank line of a JSON-lines file."""
    for number, line in enumerate(_split_lines(_read_text(path)), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationFormatError(path, number, f"invalid JSON: {exc.msg}") from exc
        if not isinstance(value, dict):
            raise EvaluationFormatError(path, number, "expected a JSON object")
        yield number, value


def _require_str(obj: Mapping[str, object], key: str, path: str | Path, line: int) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise EvaluationFormatError(path, line, f"field {key!r} must be a string")
    return value


def _optional_id(obj: Mapping[str, object], key: str, path: str | Path, line: int) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise EvaluationFormatError(path, line, f"field {key!r} must be a string or an integer")
    return str(value)


def _str_list(value: object, what: str, path: str | Path, line: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EvaluationFormatError(path, line, f"{what} must be a list of strings")
    return tuple(v for v in value if isinstance(v, str))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --------------------------------------------------------------------------- segmentation


def read_sighan_lines(path: str | Path) -> list[str]:
    """Lines of a SIGHAN raw, gold or prediction file, split on ``\\n`` only.

    Line ends (``\\r``) and blank lines are kept: the scorer aligns gold and prediction by line
    number and strips whitespace itself, exactly like the perl scorer.
    """
    return _split_lines(_read_text(path))


def read_word_list(path: str | Path) -> set[str]:
    """Training word list for the OOV/IV split, read the way the perl scorer reads it.

    Each line loses its last character (perl ``chop``: normally the newline, but the last
    character of a final line without one), then surrounding ASCII whitespace. Entries that are
    no longer valid UTF-8 after that are dropped: perl's byte key could not match any word.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise EvaluationFormatError(p, None, f"cannot read file: {exc.strerror or exc}") from exc
    words: set[str] = set()
    chunks = data.split(b"\n")
    for number, chunk in enumerate(chunks, start=1):
        is_last = number == len(chunks)
        if is_last and chunk == b"":
            break
        entry = (chunk[:-1] if is_last else chunk).strip(_PERL_SPACE)
        if not entry:
            continue
        try:
            words.add(entry.decode("utf-8"))
        except UnicodeDecodeError as exc:
            if is_last:  # perl chopped a byte of a multi-byte character: unmatchable key
                continue
            raise EvaluationFormatError(p, number, f"not valid UTF-8 ({exc.reason})") from exc
    return words


# --------------------------------------------------------------------------- keywords


def read_csl(path: str | Path) -> list[CslRecord]:
    """CSL keyword documents, one JSON object a line."""
    records: list[CslRecord] = []
    for number, obj in _json_lines(path):
        if "keywords" not in obj:
            raise EvaluationFormatError(path, number, "missing field 'keywords'")
        records.append(
            CslRecord(
                title=_require_str(obj, "title", path, number),
                abstract=_require_str(obj, "abstract", path, number),
                keywords=_str_list(obj["keywords"], "field 'keywords'", path, number),
                id=_optional_id(obj, "id", path, number),
                discipline=_optional_id(obj, "discipline", path, number),
                category=_optional_id(obj, "category", path, number),
            )
        )
    return records


def csl_input_text(record: CslRecord) -> str:
    """The text keywords are extracted from: the title on its own line, then the abstract.

    The CSL baseline script joins them with ``。``; a line break instead yields the same
    words (``。`` is no keyword candidate), so scores stay comparable, and lets the structure
    stage find the title as it finds a paper's: the keyword stage reads zones from it alone."""
    return record.title + "\n" + record.abstract


# --------------------------------------------------------------------------- spans


def _check_span(
    text: str, start: object, end: object, label: object, path: str | Path, line: int
) -> Span:
    if isinstance(start, bool) or isinstance(end, bool):
        raise EvaluationFormatError(path, line, "span offsets must be integers")
    if not isinstance(start, int) or not isinstance(end, int):
        raise EvaluationFormatError(path, line, "span offsets must be integers")
    if not isinstance(label, str) or not label:
        raise EvaluationFormatError(path, line, "span label must be a non-empty string")
    if not 0 <= start < end <= len(text):
        raise EvaluationFormatError(
            path, line, f"span [{start}, {end}) is empty or outside the text (length {len(text)})"
        )
    return (start, end, label)


def _read_offsets(path: str | Path) -> list[SpanDocument]:
    docs: list[SpanDocument] = []
    for number, obj in _json_lines(path):
        text = _require_str(obj, "text", path, number)
        entities = obj.get("entities")
        if not isinstance(entities, list):
            raise EvaluationFormatError(path, number, "field 'entities' must be a list")
        spans: set[Span] = set()
        for entity in entities:
            if not isinstance(entity, dict):
                raise EvaluationFormatError(path, number, "each entity must be a JSON object")
            span = _check_span(
                text, entity.get("start"), entity.get("end"), entity.get("label"), path, number
            )
            surface = entity.get("text")
            if surface is not None and surface != text[span[0] : span[1]]:
                raise EvaluationFormatError(
                    path,
                    number,
                    f"entity text {surface!r} does not match text[{span[0]}:{span[1]}]"
                    f" = {text[span[0] : span[1]]!r}",
                )
            spans.add(span)
        docs.append(SpanDocument(text, tuple(sorted(spans)), _optional_id(obj, "id", path, number)))
    return docs


def _read_cluener(path: str | Path) -> list[SpanDocument]:
    docs: list[SpanDocument] = []
    for number, obj in _json_lines(path):
        text = _require_str(obj, "text", path, number)
        labels = obj.get("label")
        spans: set[Span] = set()
        if labels is not None:
            if not isinstance(labels, dict):
                raise EvaluationFormatError(path, number, "field 'label' must be a JSON object")
            for label, mentions in labels.items():
                if not isinstance(mentions, dict):
                    raise EvaluationFormatError(
                        path, number, f"label {label!r} must map entity texts to offset lists"
                    )
                for surface, offsets in mentions.items():
                    if not isinstance(offsets, list):
                        raise EvaluationFormatError(
                            path, number, f"offsets of {surface!r} must be a list"
                        )
                    for pair in offsets:
                        if not isinstance(pair, list) or len(pair) != 2:
                            raise EvaluationFormatError(
                                path, number, f"offsets of {surface!r} must be [start, end] pairs"
                            )
                        last = pair[1] + 1 if _is_int(pair[1]) else pair[1]
                        span = _check_span(text, pair[0], last, label, path, number)
                        if text[span[0] : span[1]] != surface:
                            raise EvaluationFormatError(
                                path,
                                number,
                                f"entity {surface!r} does not match text[{span[0]}:{span[1]}]"
                                f" = {text[span[0] : span[1]]!r}",
                            )
                        spans.add(span)
        docs.append(SpanDocument(text, tuple(sorted(spans)), _optional_id(obj, "id", path, number)))
    return docs


_TAG_PREFIXES = {"B": "B", "I": "I", "M": "I", "E": "E", "L": "E", "S": "S", "U": "S"}
_CHAR_POSITION = re.compile(r"(.+?)([0-9]+)")
_COLUMNS = re.compile(r"[ \t]+")


def _decode_tags(tags: Sequence[tuple[str, str]]) -> list[Span]:
    """Lenient chunk decoding of ``(prefix, label)`` tags (prefix normalised to B/I/E/S/O)."""
    spans: list[Span] = []
    start: int | None = None
    current = ""
    for i, (prefix, label) in enumerate(tags):
        continues = start is not None and label == current and prefix in ("I", "E")
        if not continues and start is not None:
            spans.append((start, i, current))
            start = None
        if prefix == "O":
            continue
        if prefix == "S":
            spans.append((i, i + 1, label))
            continue
        if start is None:
            start, current = i, label
        if prefix == "E":
            spans.append((start, i + 1, current))
            start = None
    if start is not None:
        spans.append((start, len(tags), current))
    return spans


def _read_bio(path: str | Path) -> list[SpanDocument]:
    sentences: list[list[tuple[int, str, str]]] = []
    current: list[tuple[int, str, str]] = []
    for number, raw in enumerate(_split_lines(_read_text(path)), start=1):
        line = raw.rstrip("\r").strip(" \t")
        if not line:
            if current:
                sentences.append(current)
                current = []
            continue
        fields = _COLUMNS.split(line)
        if len(fields) < 2:
            raise EvaluationFormatError(path, number, f"expected 'token tag', got {raw!r}")
        current.append((number, fields[0], fields[-1]))
    if current:
        sentences.append(current)

    tokens = [token for sentence in sentences for _, token, _ in sentence]
    char_position = bool(tokens) and all(_CHAR_POSITION.fullmatch(t) for t in tokens)

    docs: list[SpanDocument] = []
    for sentence in sentences:
        pieces: list[str] = []
        tags: list[tuple[str, str]] = []
        offsets: list[int] = [0]
        for number, token, tag in sentence:
            match = _CHAR_POSITION.fullmatch(token) if char_position else None
            if match is not None:
                token = match.group(1)
            pieces.append(token)
            offsets.append(offsets[-1] + len(token))
            if tag == "O":
                tags.append(("O", ""))
                continue
            prefix, sep, label = tag.partition("-")
            if not sep or not label or prefix not in _TAG_PREFIXES:
                raise EvaluationFormatError(
                    path, number, f"tag {tag!r} is not O or B-/I-/M-/E-/S-/L-/U-<label>"
                )
            tags.append((_TAG_PREFIXES[prefix], label))
        spans = {(offsets[s], offsets[e], label) for s, e, label in _decode_tags(tags)}
        docs.append(SpanDocument("".join(pieces), tuple(sorted(spans))))
    return docs


def read_span_documents(path: str | Path, fmt: SpanFormat | str) -> list[SpanDocument]:
    """Documents with gold spans from an ``offsets``, ``cluener`` or ``bio`` file."""
    if fmt == "offsets":
        return _read_offsets(path)
    if fmt == "cluener":
        return _read_cluener(path)
    if fmt == "bio":
        return _read_bio(path)
    raise ValueError(f"unknown span format {fmt!r}; expected one of {', '.join(SPAN_FORMATS)}")


def load_label_map(path: str | Path) -> dict[str, tuple[str, ...]]:
    """A gold-label -> our-label(s) map; a single label is normalised to a 1-tuple."""
    try:
        value = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise EvaluationFormatError(path, exc.lineno, f"invalid JSON: {exc.msg}") from exc
    if not isinstance(value, dict):
        raise EvaluationFormatError(path, 1, "a label map must be a JSON object")
    result: dict[str, tuple[str, ...]] = {}
    for gold, ours in value.items():
        targets = (ours,) if isinstance(ours, str) else ours
        if (
            not isinstance(targets, list | tuple)
            or not targets
            or not all(isinstance(t, str) and t for t in targets)
        ):
            raise EvaluationFormatError(
                path, None, f"label {gold!r} must map to a label or a non-empty list of labels"
            )
        result[gold] = tuple(t for t in targets if isinstance(t, str))
    return result


# --------------------------------------------------------------------------- arguments


def read_argument_gold(path: str | Path) -> list[ArgumentRecord]:
    """Gold argument units, one JSON object a line with ``text`` and ``label`` (and optionally
    ``alt``, and ``doc`` + ``start`` + ``end`` for matching by offsets)."""
    records: list[ArgumentRecord] = []
    for number, obj in _json_lines(path):
        text = _require_str(obj, "text", path, number)
        if not "".join(text.split()):
            raise EvaluationFormatError(path, number, "field 'text' is empty")
        label = _require_str(obj, "label", path, number)
        alt = obj.get("alt")
        alts = () if alt is None else _str_list(alt, "field 'alt'", path, number)
        doc, start, end = obj.get("doc"), obj.get("start"), obj.get("end")
        if doc is None:
            records.append(ArgumentRecord(text, label, alts))
            continue
        if not isinstance(doc, str) or not _is_int(start) or not _is_int(end):
            raise EvaluationFormatError(
                path, number, "a unit with 'doc' needs a string 'doc' and integer 'start', 'end'"
            )
        assert isinstance(start, int) and isinstance(end, int)
        if not 0 <= start < end:
            raise EvaluationFormatError(path, number, f"bad span start={start} end={end}")
        records.append(ArgumentRecord(text, label, alts, doc, start, end))
    return records
