"""Whether a text has any character of a fixed set, asked of the whole text in numpy.

``frozenset.isdisjoint(text)`` makes and hashes a ``str`` for every character of the text
(about 50 ns each: 0.05 s over the 53 reports, for one question per document). A table of
booleans by code point answers the same question from the text's UTF-32 bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy
import numpy.typing as npt


class CharTable:
    """A set of single characters, asked of whole texts."""

    def __init__(self, chars: Iterable[str]) -> None:
        points = [ord(c) for c in chars if len(c) == 1]
        self._table: npt.NDArray[numpy.bool_] = numpy.zeros(
            max(points, default=0) + 1, dtype=bool
        )
        self._table[points] = True

    def isdisjoint(self, text: str) -> bool:
        """``frozenset(chars).isdisjoint(text)``: no character of ``text`` is in the set."""
        if not text:
            return True
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        inside = codes[codes < len(self._table)]
        return not bool(self._table[inside].any())


@functools.lru_cache(maxsize=8)
def char_table(chars: frozenset[str]) -> CharTable:
    """The table of ``chars``, built once per set (a frozenset keeps its hash)."""
    return CharTable(chars)
