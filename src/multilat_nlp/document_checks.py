"""Checks that a document JSON is safe to rebuild: right types, and every offset inside ``text``.

JSON Schema cannot say "``end`` is at most the length of ``text``", so :func:`check_document`
does, for every array that carries offsets; each failure is a :class:`SchemaError` naming the
array, the item and the cause, so ``from_json`` never fails with a bare ``KeyError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from multilat_nlp.errors import SchemaError

#: Arrays of objects with character ``start``/``end`` into ``text``.
_SPAN_ARRAYS = ("sentences", "tokens", "entities", "sections", "footnotes")
_REQUIRED_LISTS = ("tokens", "sentences", "entities")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_span(where: str, start: Any, end: Any, length: int) -> None:
    if not (_is_int(start) and _is_int(end)):
        raise SchemaError(f"{where}: start and end must be integers, got {start!r}, {end!r}")
    if not 0 <= start <= end <= length:
        raise SchemaError(
            f"{where}: offsets {start}:{end} lie outside the text (0:{length}) or are reversed"
        )


def _items(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        if key in _REQUIRED_LISTS:
            raise SchemaError(f"{key!r} is missing")
        return []
    if not isinstance(value, list):
        raise SchemaError(f"{key!r} must be an array, got {type(value).__name__}")
    return value


def _check_keywords(where: str, keywords: list[Any], length: int) -> None:
    for i, keyword in enumerate(keywords):
        if not isinstance(keyword, Mapping):
            raise SchemaError(f"{where}[{i}] must be an object")
        mentions = keyword.get("mentions") or []
        if not isinstance(mentions, list):
            raise SchemaError(f"{where}[{i}].mentions must be an array")
        for j, mention in enumerate(mentions):
            if not isinstance(mention, list | tuple) or len(mention) != 2:
                raise SchemaError(f"{where}[{i}].mentions[{j}] must be [start, end]")
            _check_span(f"{where}[{i}].mentions[{j}]", mention[0], mention[1], length)


def check_document(data: Any) -> None:
    """Raise :class:`SchemaError` unless ``data`` has the shape ``from_json`` rebuilds."""
    if not isinstance(data, Mapping):
        raise SchemaError(f"a document is a JSON object, not {type(data).__name__}")
    text = data.get("text")
    if not isinstance(text, str):
        raise SchemaError(f"'text' must be a string, got {type(text).__name__}")
    length = len(text)
    for key in _SPAN_ARRAYS:
        for i, item in enumerate(_items(data, key)):
            if not isinstance(item, Mapping):
                raise SchemaError(f"{key}[{i}] must be an object, got {type(item).__name__}")
            _check_span(f"{key}[{i}]", item.get("start"), item.get("end"), length)
            if key == "entities" and not isinstance(item.get("label"), str):
                raise SchemaError(f"entities[{i}].label must be a string")
            if key == "tokens" and item["end"] == item["start"]:
                raise SchemaError(f"tokens[{i}] is empty ({item['start']}:{item['end']})")
            if key == "footnotes" and item.get("anchor") is not None:
                _check_span(f"footnotes[{i}].anchor", item["anchor"], item["anchor"], length)
    _check_keywords("keywords", _items(data, "keywords"), length)
    section_keywords = data.get("section_keywords") or {}
    if not isinstance(section_keywords, Mapping):
        raise SchemaError("'section_keywords' must be an object")
    for section, keywords in section_keywords.items():
        if not isinstance(keywords, list):
            raise SchemaError(f"section_keywords[{section!r}] must be an array")
        _check_keywords(f"section_keywords[{section!r}]", keywords, length)
    sentence_count = len(_items(data, "sentences"))
    for i, argument in enumerate(_items(data, "arguments")):
        if not isinstance(argument, Mapping) or not _is_int(argument.get("sentence")):
            raise SchemaError(f"arguments[{i}] must be an object with an integer 'sentence'")
        if not 0 <= argument["sentence"] < sentence_count:
            raise SchemaError(
                f"arguments[{i}].sentence {argument['sentence']} is not one of the "
                f"{sentence_count} sentences"
            )
    for i, segment in enumerate(_items(data, "offset_map")):
        if (
            not isinstance(segment, list)
            or len(segment) != 3
            or not all(_is_int(v) and v >= 0 for v in segment)
        ):
            raise SchemaError(f"offset_map[{i}] must be [clean_start, raw_start, length] >= 0")
        _check_span(f"offset_map[{i}]", segment[0], segment[0] + segment[2], length)
    for key in ("pipeline", "source", "meta"):
        if data.get(key) is not None and not isinstance(data[key], Mapping):
            raise SchemaError(f"{key!r} must be an object or null")
