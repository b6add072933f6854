"""Same-length folds of a text for matching: full width to ASCII, Traditional to Simplified.

A folded copy has the length of the original, so what a pattern matches in the copy is
reported from the original at the same offsets: the text itself is never changed by a fold.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from .script import fold_simplified, t2s_char_map

__all__ = ["WIDTH_FOLD", "fold_for_matching", "fold_simplified", "fold_width"]

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
    return text.translate(_matching_table())
