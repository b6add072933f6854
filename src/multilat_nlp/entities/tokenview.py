"""The segmenter's tokens as arrays, for the rule layers (names, organisations, places).

The layers look at a few thousand candidate positions per document; they ask "does a token start
or end here?" and "which tokens carry tag X?", so both are numpy arrays built once per document
(no per-token Python objects: a report has several hundred thousand tokens).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy
import numpy.typing as npt


@dataclass(frozen=True)
class TokenView:
    """``starts``/``ends`` per token; ``is_start[i]``/``is_end[i]`` per character offset."""

    starts: npt.NDArray[numpy.int64]
    ends: npt.NDArray[numpy.int64]
    tag_ids: npt.NDArray[numpy.uint64]
    tag_hash: Callable[[str], int]
    is_start: npt.NDArray[numpy.bool_]
    is_end: npt.NDArray[numpy.bool_]

    @classmethod
    def build(
        cls,
        starts: npt.NDArray[numpy.int64],
        lengths: npt.NDArray[numpy.int64],
        tag_ids: npt.NDArray[numpy.uint64],
        tag_hash: Callable[[str], int],
        text_length: int,
    ) -> TokenView:
        ends = starts + lengths
        is_start = numpy.zeros(text_length + 1, dtype=bool)
        is_end = numpy.zeros(text_length + 1, dtype=bool)
        is_start[starts] = True
        is_end[ends] = True
        is_start[text_length] = True
        is_end[0] = True
        return cls(starts, ends, tag_ids, tag_hash, is_start, is_end)

    def with_tags(self, tags: Iterable[str]) -> npt.NDArray[numpy.bool_]:
        """Per token: is its tag one of ``tags``?"""
        wanted = numpy.array([self.tag_hash(t) for t in tags], dtype=self.tag_ids.dtype)
        return numpy.isin(self.tag_ids, wanted)

    def index_ending_at(self, end: int) -> int:
        """The token that ends exactly at ``end`` (-1 if none)."""
        i = int(numpy.searchsorted(self.ends, end))
        return i if i < len(self.ends) and int(self.ends[i]) == end else -1
