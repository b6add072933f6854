"""Word → POS tag tables that every stage reads: jieba's dictionary and our corrections to it.

One place, so the POS stage and the keyword stage (which reads tags when no POS stage ran)
agree on what a word is. The tables are read once and shared read-only; a pipeline lays its own
lexicon on top without changing them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from multilat_nlp._tables import cached_table, jieba_file

__all__ = ["common_words", "dictionary_tags", "jieba_dict_tags", "tag_fixes"]


@functools.cache
def jieba_dict_tags() -> Mapping[str, str]:
    """``word → tag`` from jieba's ``dict.txt`` (the table ``jieba.posseg`` reads), as shipped.

    Parsed once per installed file and cached (``_tables``): parsing it cost 0.4–0.9 s a start.
    """
    return MappingProxyType(cached_table("jieba_dict_tags", jieba_file("dict.txt"), _parse_dict))


def _parse_dict(path: Path) -> dict[str, str]:
    tags: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


@functools.cache
def common_words(min_count: int) -> frozenset[str]:
    """The words of jieba's ``dict.txt`` counted at least ``min_count`` times in its corpus:
    words so common that a name tagger calling one a name is nearly always wrong (上市, 中西部,
    商业银行 on the government reports). Parsed once per installed file and cached."""
    counts = cached_table(
        f"jieba_dict_counts_{min_count}",
        jieba_file("dict.txt"),
        functools.partial(_parse_counts, min_count=min_count),
    )
    return frozenset(counts)


def _parse_counts(path: Path, min_count: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= min_count:
                counts[parts[0]] = int(parts[1])
    return counts


@functools.cache
def tag_fixes() -> Mapping[str, str]:
    """Our corrections to jieba's tags (``resources/lexicons/tag_fixes.txt``; how they were
    found is written there)."""
    fixes: dict[str, str] = {}
    text = resources.files("multilat_nlp.resources.lexicons").joinpath("tag_fixes.txt")
    for line in text.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2:
            fixes[parts[0]] = parts[1]
    return MappingProxyType(fixes)


@functools.cache
def dictionary_tags() -> Mapping[str, str]:
    """jieba's dictionary tags with :func:`tag_fixes` applied: the tags the stages use."""
    # A view over both, not a merged copy: copying 350,000 entries cost 0.3 s at every start.
    return _Overlay(tag_fixes(), jieba_dict_tags())


class _Overlay(Mapping[str, str]):
    """``top`` laid over ``base``, read-only; ``get`` is two dict look-ups (ChainMap's is a
    Python loop, five times slower on the POS stage's look-ups)."""

    def __init__(self, top: Mapping[str, str], base: Mapping[str, str]) -> None:
        self._top, self._base = top, base

    def __getitem__(self, word: str) -> str:
        found = self._top.get(word)
        return found if found is not None else self._base[word]

    def get(self, word: str, default: Any = None) -> Any:
        found = self._top.get(word)
        return found if found is not None else self._base.get(word, default)

    def __contains__(self, word: object) -> bool:
        return word in self._top or word in self._base

    def __iter__(self) -> Iterator[str]:
        yield from self._top
        yield from (word for word in self._base if word not in self._top)

    def __len__(self) -> int:
        return len(self._base) + sum(1 for word in self._top if word not in self._base)
