"""Word's automatic list numbers (``numbering.xml``), rendered as the reader sees them.

A policy paper written in Word often numbers its headings automatically: the document holds
``多边主义概念及发展`` and a reference to a list whose level 0 is ``chineseCounting`` with the
text ``%1、``. Without rendering, the .docx text loses the 一、 （一） 1. that the structure stage
reads headings from, and differs from the PDF of the same paper.

What is rendered (ECMA-376 Part 1, §17.9): the abstract list definitions and the list
instances that point at them, with ``lvlOverride``/``startOverride``; numbering given on the
paragraph or inherited from its paragraph style (``basedOn`` chains); ``start``, ``lvlText``
with ``%1``…``%9``, ``lvlRestart``, ``isLgl`` and ``suff``; the number formats of Chinese and
Western documents (decimal and its full-width, zero-padded and enclosed forms, Chinese counting,
ideographic digits, 甲乙丙, 子丑寅, letters, Roman numerals). Bullets are not text and render as
nothing. Instances of one abstract list share their counters unless an instance restarts a
level with ``startOverride``, as in Word.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from multilat_nlp.text import (
    CIRCLED_NUMBERS,
    FULL_STOP_NUMBERS,
    PARENTHESISED_NUMBERS,
    format_chinese_numeral,
)

__all__ = [
    "Numbering", "format_number", "paragraph_numbering", "paragraph_styles", "parse_int",
    "resolve_based_on",
    "style_numbering",
]

T = TypeVar("T")

_MAX_LEVELS = 9
_MAX_LABEL = 64  # a longer lvlText is not a list label
_CJK_END = frozenset("、．。，：）」』】")  # a label ending in one needs no space


@dataclass(frozen=True, slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: restart after a level <= this (1-based); 0 never
    legal: bool = False
    suffix: str = "tab"
    style: str | None = None  # the paragraph style linked to this level


@dataclass(slots=True)
class _Instance:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # startOverride per level
    levels: dict[int, _Level] = field(default_factory=dict)  # whole-level overrides


class Numbering:
    """The lists of one document and their counters, advanced paragraph by paragraph."""

    def __init__(self, root: ET.Element | None, w: str) -> None:
        self._w = w
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._instances: dict[str, _Instance] = {}
        self._counters: dict[str, list[int | None]] = {}
        if root is None:
            return
        for node in root.iter(f"{{{w}}}abstractNum"):
            key = node.get(f"{{{w}}}abstractNumId")
            if key is not None:
                self._abstract[key] = self._levels(node)
        for node in root.iter(f"{{{w}}}num"):
            num_id, ref = node.get(f"{{{w}}}numId"), node.find(f"{{{w}}}abstractNumId")
            if num_id is None or ref is None or ref.get(f"{{{w}}}val") is None:
                continue
            instance = _Instance(str(ref.get(f"{{{w}}}val")))
            for override in node.iter(f"{{{w}}}lvlOverride"):
                level = parse_int(override.get(f"{{{w}}}ilvl"))
                if level is None or not 0 <= level < _MAX_LEVELS:
                    continue
                start = override.find(f"{{{w}}}startOverride")
                if start is not None and (value := parse_int(start.get(f"{{{w}}}val"))) is not None:
                    instance.starts[level] = value
                replaced = override.find(f"{{{w}}}lvl")
                if replaced is not None:
                    instance.levels[level] = self._level(replaced)
            self._instances[num_id] = instance

    def level_of_style(self, num_id: str, style: str) -> int:
        """The level of list ``num_id`` linked to paragraph style ``style`` (0 if none is)."""
        instance = self._instances.get(num_id)
        levels = self._abstract.get(instance.abstract, {}) if instance else {}
        return next((i for i, level in sorted(levels.items()) if level.style == style), 0)

    def label(self, num_id: str, level: int) -> str:
        """The number of the next paragraph at ``level`` of list ``num_id``, with its suffix;
        "" for no list (numId 0, an unknown id, a bullet)."""
        instance = self._instances.get(num_id)
        if instance is None or not 0 <= level < _MAX_LEVELS:
            return ""
        definition = self._definition(instance)
        if level not in definition:
            return ""
        key = f"num:{num_id}" if instance.starts else f"abstract:{instance.abstract}"
        counters = self._counters.setdefault(key, [None] * _MAX_LEVELS)
        current = counters[level]
        counters[level] = definition[level].start if current is None else current + 1
        for deeper in range(level + 1, _MAX_LEVELS):
            restart = definition[deeper].restart if deeper in definition else None
            if restart is None or (restart > 0 and level < restart):
                counters[deeper] = None
        this = definition[level]
        if this.fmt in ("bullet", "none") or not this.text:
            return ""
        text = this.text
        for shown in range(_MAX_LEVELS - 1, -1, -1):  # %10 is not a thing; replace %9 … %1
            marker = f"%{shown + 1}"
            if marker not in text:
                continue
            value = counters[shown]
            own = definition.get(shown, _Level())
            number = own.start if value is None else value
            fmt = "decimal" if this.legal else own.fmt  # isLgl: every number in Arabic
            text = text.replace(marker, format_number(number, fmt))
        if len(text) > _MAX_LABEL:
            return ""
        if this.suffix == "nothing" or text[-1:] in _CJK_END:
            return text
        return text + " "

    def _definition(self, instance: _Instance) -> dict[int, _Level]:
        levels = dict(self._abstract.get(instance.abstract, {}))
        levels.update(instance.levels)
        for level, start in instance.starts.items():
            if level in levels:
                old = levels[level]
                levels[level] = _Level(start, old.fmt, old.text, old.restart, old.legal,
                                       old.suffix, old.style)
        return levels

    def _levels(self, node: ET.Element) -> dict[int, _Level]:
        levels: dict[int, _Level] = {}
        for lvl in node.iter(f"{{{self._w}}}lvl"):
            index = parse_int(lvl.get(f"{{{self._w}}}ilvl"))
            if index is not None and 0 <= index < _MAX_LEVELS:
                levels[index] = self._level(lvl)
        return levels

    def _level(self, lvl: ET.Element) -> _Level:
        w = self._w

        def value(name: str) -> str | None:
            child = lvl.find(f"{{{w}}}{name}")
            return None if child is None else child.get(f"{{{w}}}val")

        legal = lvl.find(f"{{{w}}}isLgl")
        start = parse_int(value("start"))
        return _Level(
            start=1 if start is None else start,
            fmt=value("numFmt") or "decimal",
            text=value("lvlText") or "",
            restart=parse_int(value("lvlRestart")),
            legal=legal is not None and legal.get(f"{{{w}}}val") not in ("0", "false", "off"),
            suffix=value("suff") or "tab",
            style=value("pStyle"),
        )


def paragraph_styles(root: ET.Element, w: str) -> Iterator[tuple[str, ET.Element, str | None]]:
    """``(style id, style element, basedOn id or None)`` of each paragraph style in styles.xml."""
    for style in root.iter(f"{{{w}}}style"):
        if style.get(f"{{{w}}}type") not in (None, "paragraph"):
            continue
        sid = style.get(f"{{{w}}}styleId")
        if not sid:
            continue
        parent = style.find(f"{{{w}}}basedOn")
        yield sid, style, (parent.get(f"{{{w}}}val") or None) if parent is not None else None


def resolve_based_on(
    own: Mapping[str, tuple[bool, T | None]], based_on: Mapping[str, str]
) -> dict[str, T | None]:
    """Each style's value: its own where it settles one (``(True, value)``), else that of the
    style it is ``basedOn``, up the chain. A memoised walk, linear even for hostile, very long
    chains; a ``basedOn`` cycle settles nothing."""
    resolved: dict[str, T | None] = {}
    for sid in own:
        chain: list[str] = []
        seen: set[str] = set()
        current: str | None = sid
        result: T | None = None
        while current is not None and current in own and current not in resolved:
            if current in seen:
                break  # a basedOn cycle
            chain.append(current)
            seen.add(current)
            decided, value = own[current]
            if decided:
                result = value
                break
            current = based_on.get(current)
        else:
            if current is not None and current in resolved:
                result = resolved[current]
        for member in chain:
            resolved[member] = result
    return resolved


def style_numbering(root: ET.Element | None, w: str) -> dict[str, tuple[str, int | None]]:
    """``style id → (numId, ilvl or None)`` for paragraph styles that number their paragraphs,
    inherited through ``basedOn``."""
    if root is None:
        return {}
    own: dict[str, tuple[bool, tuple[str, int | None] | None]] = {}
    based: dict[str, str] = {}
    for sid, style, parent in paragraph_styles(root, w):
        num_pr = style.find(f"{{{w}}}pPr/{{{w}}}numPr")
        own[sid] = (True, _num_pr(num_pr, w)) if num_pr is not None else (False, None)
        if parent is not None:
            based[sid] = parent
    resolved = resolve_based_on(own, based)
    return {sid: found for sid, found in resolved.items() if found is not None}


def paragraph_numbering(
    ppr: ET.Element | None, w: str, style_lists: dict[str, tuple[str, int | None]],
    numbering: Numbering,
) -> tuple[str, int] | None:
    """``(numId, level)`` of a paragraph: its own ``numPr``, else its style's; ``None`` if none."""
    style = None
    if ppr is not None:
        style_el = ppr.find(f"{{{w}}}pStyle")
        style = style_el.get(f"{{{w}}}val") if style_el is not None else None
        num_pr = ppr.find(f"{{{w}}}numPr")
        if num_pr is not None:
            num_id, level = _num_pr(num_pr, w)
            if level is None and style is not None and style in style_lists:
                level = style_lists[style][1]
            return (num_id, level or 0) if num_id != "0" else None
    if style is not None and style in style_lists:
        num_id, level = style_lists[style]
        if num_id == "0":
            return None
        return num_id, level if level is not None else numbering.level_of_style(num_id, style)
    return None


def _num_pr(num_pr: ET.Element, w: str) -> tuple[str, int | None]:
    num_el, level_el = num_pr.find(f"{{{w}}}numId"), num_pr.find(f"{{{w}}}ilvl")
    num_id = num_el.get(f"{{{w}}}val") if num_el is not None else None
    level = parse_int(level_el.get(f"{{{w}}}val")) if level_el is not None else None
    return num_id or "0", level


#: OOXML's ST_DecimalNumber is a 32-bit integer; anything outside is damage or an attack.
_INT_RANGE = range(-(2**31), 2**31)
#: Word writes letter numbers up to 780 (ZZZ…Z, 30 letters); past that they are decimal here,
#: so a hostile ``w:start`` cannot ask for a label of millions of letters.
MAX_LETTER_NUMBER = 780


def parse_int(value: str | None) -> int | None:
    """An OOXML integer attribute; ``None`` when missing, not a number or out of 32-bit range."""
    if value is None or len(value) > 12:
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number in _INT_RANGE else None


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_IDEOGRAPH_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def format_number(number: int, fmt: str) -> str:
    """``number`` in Word's number format ``fmt`` (decimal for formats we do not render)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "chineseLegalSimplified"):
        return format_chinese_numeral(number) if 0 <= number < 10_000 else str(number)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(number).translate(_FULL_WIDTH)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return str(number).translate(_IDEOGRAPH_DIGITS)
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("ideographTraditional", "ideographZodiac") and number >= 1:
        cycle = _TRADITIONAL if fmt == "ideographTraditional" else _ZODIAC
        return cycle[(number - 1) % len(cycle)]
    enclosed = {
        "decimalEnclosedCircle": CIRCLED_NUMBERS,
        "decimalEnclosedCircleChinese": CIRCLED_NUMBERS,
        "decimalEnclosedParen": PARENTHESISED_NUMBERS,
        "decimalEnclosedFullstop": FULL_STOP_NUMBERS,
    }
    if fmt in enclosed and 1 <= number <= 20:
        return enclosed[fmt][number - 1]
    if fmt in ("upperLetter", "lowerLetter") and 1 <= number <= MAX_LETTER_NUMBER:
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= number < 4000:
        roman, rest = "", number
        for value, symbol in _ROMAN:
            while rest >= value:
                roman, rest = roman + symbol, rest - value
        return roman if fmt == "upperRoman" else roman.lower()
    return str(number)
