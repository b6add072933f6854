"""Normalisation for analysis: what extraction breaks, put back so that stages see the words.

Two kinds of damage, two remedies:

* **Letter-spacing** (``不 同 阶 层``, ``国家社 会 科 学 基 金``): a title or a name spaced out
  for layout. :func:`letter_spacing_gaps` finds the spaces; the cleaner deletes them, which the
  offset map records like any other dropped character.
* **Wrong codepoints, one for one**: full-width digits and Latin (``２０１７``, ``Ｒobert``), CJK
  Compatibility Ideographs (U+F900-FAFF, ``陸`` as U+F9D3), Founder-font Latin that a PDF's
  ToUnicode map sends to GBK codepoints (``犃犫狊狋狉犪犮狋`` for ``Abstract``), and punctuation
  sent to the Yi Syllables block by a map that took GB2312 codes for Unicode (``ꎬ`` for ``，``).
  :func:`fold_for_analysis` replaces them in a same-length copy, so every offset of the copy is
  an offset of the text: what is analysed is the copy, what is reported is the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from .script import HAN_RANGES

__all__ = [
    "ANALYSIS_FOLD",
    "BROKEN_GLYPHS",
    "COMPAT_IDEOGRAPHS",
    "FOUNDER_LATIN",
    "FULLWIDTH_ALNUM",
    "GLYPH_REPAIR",
    "fold_for_analysis",
    "letter_spacing_gaps",
    "remove_letter_spacing",
    "repair_glyphs",
]


def _fullwidth_alnum() -> dict[int, str]:
    ranges = ((0xFF10, "0", 10), (0xFF21, "A", 26), (0xFF41, "a", 26))
    return {start + i: chr(ord(first) + i) for start, first, n in ranges for i in range(n)}


def _compat_ideographs() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xF900, 0xFB00):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


def _founder_latin() -> dict[int, str]:
    """Founder (方正) fonts put ASCII ``c`` in GBK cell ``A0 (c + 0x80)``; a PDF whose
    ToUnicode map decodes that cell as GBK gives the character there (``A`` → ``犃``)."""
    table: dict[int, str] = {}
    for code in range(0x21, 0x7F):
        try:
            char = bytes([0xA0, code + 0x80]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(char) == 1 and "\u4e00" <= char <= "\u9fff":
            table[ord(char)] = chr(code)
    return table


#: GB2312 row A3 (full-width punctuation) read as Unicode codepoints U+A3xx, which are Yi
#: syllables: a broken ToUnicode map. Only punctuation cells are mapped back; Yi letters in a
#: real Yi text are left alone.
_BROKEN_CELLS = "，．：；！？（）"


def _broken_glyphs() -> dict[int, str]:
    table: dict[int, str] = {}
    for char in _BROKEN_CELLS:
        cell = char.encode("gb2312")
        table[(cell[0] << 8) | cell[1]] = char
    return table


#: Full-width digits and Latin letters to ASCII (full-width punctuation is left: Chinese text
#: writes ``：`` and ``（`` on purpose).
FULLWIDTH_ALNUM: Mapping[int, str] = MappingProxyType(_fullwidth_alnum())
#: CJK Compatibility Ideographs to their unified ideograph (NFKC of that block only).
COMPAT_IDEOGRAPHS: Mapping[int, str] = MappingProxyType(_compat_ideographs())
#: Founder-font Latin on GBK codepoints back to ASCII (犃 → A, 犪 → a, 狋 → t).
FOUNDER_LATIN: Mapping[int, str] = MappingProxyType(_founder_latin())
#: Punctuation sent to U+A3xx by a broken glyph map (ꎬ → ，, ꎮ → ．).
BROKEN_GLYPHS: Mapping[int, str] = MappingProxyType(_broken_glyphs())
#: All of the above: the ``str.translate`` table of :func:`fold_for_analysis`.
ANALYSIS_FOLD: Mapping[int, str] = MappingProxyType(
    {**FULLWIDTH_ALNUM, **COMPAT_IDEOGRAPHS, **BROKEN_GLYPHS}
)
_FOUNDER_RUN = re.compile(f"[{''.join(map(chr, sorted(FOUNDER_LATIN)))}]{{2,}}")
_NEEDS_FOLD = re.compile(f"[{''.join(map(chr, sorted(ANALYSIS_FOLD)))}]")
#: Runs of characters that fold, and a plain-dict copy of the table: ``str.translate`` of a whole
#: text looks every character up in the table (a failed look-up is an exception inside), which
#: took 2 ms per report; translating only the runs gives the same string.
_FOLD_RUN = re.compile(f"{_NEEDS_FOLD.pattern}+")
_FOLD_TABLE: dict[int, str] = dict(ANALYSIS_FOLD)
#: Any character either fold could change: most texts have none, and one scan tells.
_MAY_FOLD = re.compile(f"[{''.join(map(chr, sorted({*ANALYSIS_FOLD, *FOUNDER_LATIN})))}]")


#: The codepoints no printed text holds (extraction damage), as opposed to full width, which
#: is printed on purpose: CJK Compatibility Ideographs and broken-glyph punctuation.
GLYPH_REPAIR: Mapping[int, str] = MappingProxyType({**COMPAT_IDEOGRAPHS, **BROKEN_GLYPHS})
_NEEDS_REPAIR = re.compile(f"[{''.join(map(chr, sorted(GLYPH_REPAIR)))}]")


def repair_glyphs(text: str) -> str:
    """``text`` with extraction damage undone, one for one (same length): Founder-font Latin
    runs, compatibility ideographs and broken-glyph punctuation; full width is kept."""
    if _NEEDS_REPAIR.search(text):
        text = text.translate(GLYPH_REPAIR)
    if FOUNDER_LATIN and _FOUNDER_RUN.search(text):
        text = _FOUNDER_RUN.sub(lambda m: m.group().translate(FOUNDER_LATIN), text)
    return text


def fold_for_analysis(text: str) -> str:
    """``text`` with the wrong codepoints above replaced, one for one (same length).

    Founder-font Latin is replaced only in runs of two or more (``犃犫狊狋狉犪犮狋``): the rare
    characters it borrows may stand alone in real text.
    """
    if not _MAY_FOLD.search(text):
        return text
    if _NEEDS_FOLD.search(text):
        text = _FOLD_RUN.sub(_fold_run, text)
    if FOUNDER_LATIN and _FOUNDER_RUN.search(text):
        text = _FOUNDER_RUN.sub(lambda m: m.group().translate(FOUNDER_LATIN), text)
    return text


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD_TABLE)


_CJK = HAN_RANGES
#: A run of at least three CJK characters each separated from the next by one space, where at
#: least two are single (a one-character "word" between spaces): 不 同 阶 层, 国家社 会 科 学.
_SPACED_RUN = re.compile(rf"(?<![{_CJK}])[{_CJK}]+(?:[ \u3000][{_CJK}](?![{_CJK}]))+"
                         rf"(?:[ \u3000][{_CJK}]+)?")


_CJK_PUNCT = "，。、；：！？）（《》〈〉“”‘’「」『』【】"
#: One ASCII space between CJK characters or CJK punctuation (its offset is the match start).
_CJK_GAP = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}]) (?=[{_CJK}{_CJK_PUNCT}])")


def letter_spacing_gaps(text: str, *, min_singles: int = 3) -> list[int]:
    """Offsets of the spaces that letter-space CJK text, in order.

    A letter-spaced run is at least ``min_singles`` single CJK characters, each separated from
    the next by exactly one space (``不 同 阶 层``); a word touching its first or last single
    (``国家社 会 科 学 基 金``) belongs to the run, and two singles between such words
    (``研究不 同 阶 层的``) are one too. Words of two or more characters separated by
    spaces (``中国 经济 发展``) and Latin text are never joined.
    """
    gaps: list[int] = []
    for match in _SPACED_RUN.finditer(text):
        parts = re.split(r"[ \u3000]", match.group())
        singles = sum(len(p) == 1 for p in parts)
        if singles < min_singles and not (singles >= 2 and len(parts) >= 4):
            continue
        position = match.start()
        for part in parts[:-1]:
            position += len(part)
            gaps.append(position)
            position += 1
    if not gaps:
        return gaps
    # A line that is letter-spaced somewhere is spaced out all along (justified type): there
    # every single space between two CJK characters or CJK punctuation is layout too
    # (``结 论。 其 次，``), though the run is too short to tell on its own.
    spaced_lines = {text.rfind("\n", 0, gap) for gap in gaps}
    found = set(gaps)
    for match in _CJK_GAP.finditer(text):
        gap = match.start()
        if gap not in found and text.rfind("\n", 0, gap) in spaced_lines:
            found.add(gap)
    return sorted(found)


def remove_letter_spacing(text: str) -> tuple[str, list[int]]:
    """``text`` without its letter-spacing spaces, and the offsets removed."""
    gaps = letter_spacing_gaps(text)
    if not gaps:
        return text, []
    pieces, previous = [], 0
    for gap in gaps:
        pieces.append(text[previous:gap])
        previous = gap + 1
    pieces.append(text[previous:])
    return "".join(pieces), gaps
