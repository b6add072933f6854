"""The segmenter's tokens as arrays, for the rule layers (names, organisations, places).

The layers look at a few thousand candidate positions per document; they ask "does a token start
or end here?", "which tokens are one of these words / carry tag X?" and "which character is
this?", so all of it is numpy arrays built once per document (no per-token Python objects: a
report has several hundred thousand tokens, and a pass over its characters in Python costs more
than the whole entity stage may).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy
import numpy.typing as npt


@dataclass(frozen=True)
class TokenView:
    """``starts``/``ends``/``orths``/``tag_ids`` per token; ``is_start``/``is_end``/``codes`` per
    character offset (``codes``: the text's code points). ``string_hash`` is the vocabulary's
    string-to-id function, so words and tags are compared as ids."""

    starts: npt.NDArray[numpy.int64]
    ends: npt.NDArray[numpy.int64]
    orths: npt.NDArray[numpy.uint64]
    tag_ids: npt.NDArray[numpy.uint64]
    string_hash: Callable[[str], int]
    is_start: npt.NDArray[numpy.bool_]
    is_end: npt.NDArray[numpy.bool_]
    codes: npt.NDArray[numpy.uint32]
    last_codes: npt.NDArray[numpy.uint32]
    #: Per tag, which tokens have it: filled as :meth:`with_tags` is asked (one document's).
    tag_masks: dict[str, npt.NDArray[numpy.bool_]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(
        cls,
        text: str,
        starts: npt.NDArray[numpy.int64],
        lengths: npt.NDArray[numpy.int64],
        orths: npt.NDArray[numpy.uint64],
        tag_ids: npt.NDArray[numpy.uint64],
        string_hash: Callable[[str], int],
    ) -> TokenView:
        ends = starts + lengths
        is_start = numpy.zeros(len(text) + 1, dtype=bool)
        is_end = numpy.zeros(len(text) + 1, dtype=bool)
        is_start[starts] = True
        is_end[ends] = True
        is_start[len(text)] = True
        is_end[0] = True
        codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
        last_codes = codes[ends - 1] if len(ends) else numpy.zeros(0, dtype=numpy.uint32)
        return cls(starts, ends, orths, tag_ids, string_hash, is_start, is_end, codes, last_codes)

    def with_tags(self, tags: Iterable[str]) -> npt.NDArray[numpy.bool_]:
        """Per token: is its tag one of ``tags``? (one comparison per tag, each made once per
        document: the layers ask for some 30 tags 56 times)"""
        mask = numpy.zeros(len(self.tag_ids), dtype=bool)
        for tag in tags:
            has = self.tag_masks.get(tag)
            if has is None:
                has = self.tag_masks[tag] = self.tag_ids == self.string_hash(tag)
            mask |= has
        return mask

    def is_word(self, words: Collection[str]) -> npt.NDArray[numpy.bool_]:
        """Per token: is it one of ``words``? Tokens are first filtered by their last character."""
        ends, wanted = _word_ids(tuple(words), self.string_hash)
        mask = self.last_char_in(ends)
        (candidates,) = numpy.nonzero(mask)
        # ``wanted`` is sorted once per word list: a binary search per candidate, where
        # numpy.isin would sort the list with the candidates again on every call.
        mask[candidates] = in_sorted(wanted, self.orths[candidates])
        return mask

    def last_char_in(self, chars: Collection[str]) -> npt.NDArray[numpy.bool_]:
        """Per token: is its last character one of ``chars``? (a look-up table over code points)"""
        if not chars or not len(self.ends):
            return numpy.zeros(len(self.ends), dtype=bool)
        table = _char_table(frozenset(chars))
        result: npt.NDArray[numpy.bool_] = table[numpy.minimum(self.last_codes, len(table) - 1)]
        return result


def in_sorted(ordered: npt.NDArray[Any], values: npt.NDArray[Any]) -> npt.NDArray[numpy.bool_]:
    """Whether each value is one of ``ordered`` (ascending): a binary search per value, where
    ``numpy.isin`` sorts both arrays on every call."""
    if not len(ordered):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(ordered, values), len(ordered) - 1)
    found: npt.NDArray[numpy.bool_] = ordered[at] == values
    return found


@lru_cache(maxsize=64)
def _word_ids(
    words: tuple[str, ...], string_hash: Callable[[str], int]
) -> tuple[frozenset[str], npt.NDArray[numpy.uint64]]:
    ids = numpy.unique(numpy.array([string_hash(w) for w in words], dtype=numpy.uint64))
    return frozenset(w[-1] for w in words), ids


@lru_cache(maxsize=64)
def _char_table(chars: frozenset[str]) -> npt.NDArray[numpy.bool_]:
    points = [ord(c) for c in chars]
    table = numpy.zeros(max(points) + 2, dtype=bool)  # the last entry: every character beyond
    table[points] = True
    return table
