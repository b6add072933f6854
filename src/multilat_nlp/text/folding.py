"""Same-length folds of a text for matching: full width to ASCII, Traditional to Simplified.

A folded copy has the length of the original, so what a pattern matches in the copy is
reported from the original at the same offsets: the text itself is never changed by a fold.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy

from .script import fold_simplified, t2s_char_map

__all__ = [
    "WIDTH_FOLD",
    "fold_for_matching",
    "fold_simplified",
    "fold_width",
    "translate_one_for_one",
]

#: ``str.translate`` table: full-width ASCII (U+FF01-FF5E) to ASCII, the ideographic space and
#: the no-break space to a space.
WIDTH_FOLD: Mapping[int, str] = MappingProxyType(
    {**{0xFF01 + i: chr(0x21 + i) for i in range(94)}, 0x3000: " ", 0xA0: " "}
)


def fold_width(text: str) -> str:
    """``text`` with full-width ASCII and wide spaces folded to ASCII (same length)."""
    return text.translate(WIDTH_FOLD)


@functools.cache
def _matching_table() -> Mapping[int, str]:
    from .normalise import BROKEN_GLYPHS, COMPAT_IDEOGRAPHS

    t2s = t2s_char_map()
    compat = {code: t2s.get(ord(char), char) for code, char in COMPAT_IDEOGRAPHS.items()}
    return MappingProxyType({**t2s, **compat, **BROKEN_GLYPHS, **WIDTH_FOLD})


def fold_for_matching(text: str) -> str:
    """Width and Traditional folded at once (same length), so that Simplified ASCII-width
    patterns (关键词, 内容提要, 第X章, (一)) match 關鍵詞, 內容提要 and （一） too; CJK
    Compatibility Ideographs and broken-glyph punctuation (ꎬ) are folded first."""
    return translate_one_for_one(text, _matching_table())


#: Shorter texts go through ``str.translate``: a lookup array costs a few microseconds to set up.
_ARRAY_FOLD_MIN_CHARS = 256
_LOOKUP_ARRAYS: dict[int, tuple[Mapping[int, str], Any]] = {}


def translate_one_for_one(text: str, table: Mapping[int, str]) -> str:
    """``text.translate(table)`` for a table that maps code points to single characters.

    ``str.translate`` looks every character up in the table (a failed dict lookup per CJK
    character); a long text goes through a numpy array indexed by code point instead, ten
    times faster and the same string.
    """
    if len(text) < _ARRAY_FOLD_MIN_CHARS:
        return text.translate(table)
    lookup = _lookup_array(table)
    if lookup is None:
        return text.translate(table)
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    size = len(lookup)
    folded = numpy.where(codes < size, lookup[numpy.minimum(codes, size - 1)], codes)
    return str(folded.tobytes().decode("utf-32-le", "surrogatepass"))


def _lookup_array(table: Mapping[int, str]) -> Any:
    """Code point -> folded code point up to the table's largest key; None when some value is
    not exactly one character (``str.translate`` then does the work)."""
    entry = _LOOKUP_ARRAYS.get(id(table))
    if entry is not None and entry[0] is table:
        return entry[1]
    values = list(table.values())
    if not table or not all(isinstance(v, str) and len(v) == 1 for v in values):
        lookup = None
    else:
        lookup = numpy.arange(max(table) + 1, dtype=numpy.uint32)
        lookup[numpy.fromiter(table.keys(), dtype=numpy.int64, count=len(table))] = [
            ord(v) for v in values
        ]
    _LOOKUP_ARRAYS[id(table)] = (table, lookup)  # the table is kept: its id stays its own
    return lookup
