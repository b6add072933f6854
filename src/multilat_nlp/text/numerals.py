"""Chinese numerals: the characters, their value, and their spelling."""

from __future__ import annotations

import re

__all__ = [
    "CHINESE_DIGITS",
    "CHINESE_NUMERAL_CHARS",
    "DIGIT_VALUES",
    "IDEOGRAPHIC_DIGITS",
    "NUMBER_CHARS",
    "chinese_number",
    "format_chinese_numeral",
    "parse_chinese_numeral",
]

#: The digits 0-9, in order (零 for 0).
CHINESE_DIGITS = "零一二三四五六七八九"
#: Characters a counting numeral is written with (十二, 一百零一, 两, 〇).
CHINESE_NUMERAL_CHARS = "一二三四五六七八九十百零〇两"
#: Digits written one by one, as in a year (一九九八, 二〇二〇, with ○ for 〇 in some fonts).
IDEOGRAPHIC_DIGITS = "〇○零一二三四五六七八九"

#: The value of each digit character (两 is 2; 〇, ○ and 零 are 0).
DIGIT_VALUES = {**{c: i for i, c in enumerate(CHINESE_DIGITS)}, "〇": 0, "○": 0, "两": 2}
#: Characters of a number written up to the thousands, counting or digit by digit.
NUMBER_CHARS = CHINESE_NUMERAL_CHARS + "千"

_UNITS = {"十": 10, "百": 100, "千": 1000}
_NOT_NUMERAL = re.compile(rf"[^{CHINESE_NUMERAL_CHARS}千]")


def parse_chinese_numeral(text: str) -> int:
    """The value of the Chinese numeral in ``text`` (other characters ignored): ``（十二）`` →
    12, ``一百零一`` → 101, ``两`` → 2; 0 when there is none."""
    value, current = 0, 0
    for char in _NOT_NUMERAL.sub("", text):
        if char in _UNITS:
            value += max(current, 1) * _UNITS[char]
            current = 0
        elif char == "两":
            current = 2
        else:
            current = 0 if char in "零〇" else CHINESE_DIGITS.find(char)
    return value + current


def chinese_number(text: str) -> int | None:
    """The value of ``text`` if it is nothing but a Chinese number, else ``None``: 一百二十 → 120,
    两千零五 → 2005, 十五 → 15, and without 十/百/千 digit by digit: 二〇二〇 → 2020."""
    if not text or any(c not in DIGIT_VALUES and c not in _UNITS for c in text):
        return None
    if not any(c in _UNITS for c in text):
        return int("".join(str(DIGIT_VALUES[c]) for c in text))
    return parse_chinese_numeral(text)


def format_chinese_numeral(number: int) -> str:
    """一 … 十 十一 … 二十 … 一百零一 … 九千九百九十九 (0 is 零), as Word's chineseCounting."""
    if number < 10:
        return CHINESE_DIGITS[number]
    if number < 20:
        return "十" + (CHINESE_DIGITS[number % 10] if number % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            out += ("零" if zero and out else "") + CHINESE_DIGITS[digit] + unit
            zero = False
        else:
            zero = bool(out)
    return out
