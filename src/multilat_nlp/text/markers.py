"""Heading and list markers at the start of a line: 一、 （一） 1. （1） ① 第一章 第一节 第一条.

The patterns match a copy folded by :func:`~multilat_nlp.text.folding.fold_for_matching`
(full width to ASCII, Traditional to Simplified), so ``（一）`` and ``(一)``, ``１．`` and ``1.``
are one marker. Ranks order the styles from the outermost (part) to the innermost (circled).
"""

from __future__ import annotations

import re

from .folding import fold_for_matching
from .numerals import CHINESE_NUMERAL_CHARS as _CN

__all__ = [
    "HEADING_STYLES",
    "LIST_ITEM_OPENER",
    "heading_marker",
    "starts_with_heading_marker",
]

#: (style, rank, pattern): the pattern matches the marker at the start of a folded line.
HEADING_STYLES: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("part", 0, re.compile(rf"第[{_CN}\d]+(?:部分|篇|编)")),
    ("chapter", 1, re.compile(rf"第[{_CN}\d]+章")),
    ("section", 2, re.compile(rf"第[{_CN}\d]+节")),
    ("article", 3, re.compile(rf"第[{_CN}\d]+条")),
    ("cn_dun", 4, re.compile(rf"[{_CN}]+(?:、|\.(?!\d))")),
    ("cn_paren", 5, re.compile(rf"\([{_CN}]+\)")),
    ("ordinal", 6, re.compile(rf"第[{_CN}]+[,、:]")),
    ("arabic", 7, re.compile(r"\d{1,2}(?:、|\.(?!\d))")),
    ("arabic_paren", 8, re.compile(r"\(\d{1,2}\)")),
    ("circled", 9, re.compile(r"[①-⑳]")),
)
_BARE_NUMERAL = re.compile(rf"[{_CN}]{{1,3}}")
#: Openers of list items, never of headings: 一是/二是, 首先/其次, 此外.
LIST_ITEM_OPENER = re.compile(rf"^(?:[{_CN}]+是|首先|其次|再次|再者|最后|此外|另外)")


def heading_marker(folded: str, *, bare: bool = True) -> tuple[str, int, int] | None:
    """``(style, rank, marker length)`` of a heading marker at the start of a folded line.

    With ``bare`` a line that is nothing but a numeral (``一`` on its own) is a ``cn_dun``
    marker too; a cleaner joining wrapped lines must not take a wrapped ``一`` for one.
    """
    for style, rank, pattern in HEADING_STYLES:
        match = pattern.match(folded)
        if match:
            return style, rank, match.end()
    if bare and _BARE_NUMERAL.fullmatch(folded):
        return "cn_dun", 4, len(folded)
    return None


def starts_with_heading_marker(text: str) -> bool:
    """Whether an unfolded line opens with a heading marker (no bare numerals)."""
    return heading_marker(fold_for_matching(text[:16]), bare=False) is not None
