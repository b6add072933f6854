"""Canonical values of number and time mentions, so that one value written two ways is one id.

The guidelines' forms (ENTITY_GUIDELINES §3.8): DATE ISO-like (``2020``, ``2019-11``,
``2020-10-19``, ``2020-09-end``, ``1990s``, ``21st-century``, ``70th-anniversary``); CARDINAL,
MONEY and QUANTITY an integer (or decimal) with its approximator as a prefix (``>``, ``>=``,
``<=``, ``~``) and a unit code for money and quantities (``~1500000000000 CNY``); ORDINAL the
number (第一步, 第一, 一是 → ``1``); PERCENT the text with ``~``/``>=``/``<=`` and ``pp`` for
个百分点. Whatever does not parse keeps its surface (the finder's old canonical form).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from multilat_nlp.text.numerals import DIGIT_VALUES, NUMBER_CHARS, chinese_number

_MAGNITUDES = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}
#: Unit codes of the finder's money and quantity units (finder.MONEY_UNITS, QUANTITY_UNITS).
UNIT_CODES = {
    "元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP",
    "港元": "HKD", "卢布": "RUB",
    "吨": "t", "千克": "kg", "公斤": "kg", "斤": "jin", "公里": "km", "千米": "km", "米": "m",
    "平方公里": "km2", "平方米": "m2", "亩": "mu", "公顷": "ha", "千瓦时": "kWh", "千瓦": "kW",
    "瓦": "W", "立方米": "m3", "升": "L", "标准煤": "tce", "桶": "bbl", "度电": "kWh",
}  # fmt: skip
_BEFORE = {"约": "~", "近": "~"}
_AFTER = {"以上": ">=", "以内": "<=", "以下": "<=", "左右": "~"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip

_AMOUNT = re.compile(
    rf"(约|近)?(\d+(?:[.,]\d+)*|[{NUMBER_CHARS}]+)(多|余)?(万亿|亿|万|千|百)?(多|余)?"
    r"(.*?)(以上|以内|以下|左右)?"
)
_YMD = re.compile(
    r"(\d{4}|[〇零一二三四五六七八九]{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(底|初|末)?"
)
_MD = re.compile(r"(\d{1,2})月(\d{1,2})日")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ENGLISH = re.compile(rf"({'|'.join(_MONTHS)}) (\d{{1,2}}), (\d{{4}})")
_CENTURY = re.compile(r"(\d{1,2}|[二十一]{1,3})世纪(?:(\d)0年代|([一二三四五六七八九])十年代)?")
_ANNIVERSARY = re.compile(r"(\d+)周年")
_CHINESE_RUN = re.compile(f"[{NUMBER_CHARS}]+")
_EDGES = {"底": "end", "末": "end", "初": "start"}


def _number(text: str) -> Decimal | None:
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    value = chinese_number(text)
    return None if value is None else Decimal(value)


def _plain(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _year(text: str) -> int:
    return int(text) if text.isdigit() else int("".join(str(DIGIT_VALUES[c]) for c in text))


def _date(surface: str) -> str | None:
    if match := _YMD.fullmatch(surface):
        year, month, day, edge = match.groups()
        out = str(_year(year))
        if month:
            out += f"-{int(month):02d}"
            if day:
                out += f"-{int(day):02d}"
        return out + (f"-{_EDGES[edge]}" if edge else "")
    if match := _MD.fullmatch(surface):
        return f"--{int(match.group(1)):02d}-{int(match.group(2)):02d}"
    if match := _ISO.fullmatch(surface):
        year, month, day = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if match := _ENGLISH.fullmatch(surface):
        month_name, day, year = match.groups()
        return f"{year}-{_MONTHS.index(month_name) + 1:02d}-{int(day):02d}"
    if match := _CENTURY.fullmatch(surface):
        century = _number(match.group(1))
        if century is None:
            return None
        n = int(century)
        decade = match.group(2) or (match.group(3) and str(DIGIT_VALUES[match.group(3)]))
        if decade:
            return f"{(n - 1) * 100 + int(decade) * 10}s"
        return f"{n}{_ordinal_suffix(n)}-century"
    if match := _ANNIVERSARY.fullmatch(surface):
        n = int(match.group(1))
        return f"{n}{_ordinal_suffix(n)}-anniversary"
    return None


def _amount(label: str, surface: str) -> str | None:
    match = _AMOUNT.fullmatch(surface)
    if match is None:
        return None
    before, number, more, magnitude, more_after, unit, after = match.groups()
    value = _number(number)
    if value is None:
        return None
    if magnitude:
        value *= _MAGNITUDES[magnitude]
    prefix = _AFTER.get(after or "") or (">" if more or more_after else _BEFORE.get(before or ""))
    out = f"{prefix or ''}{_plain(value)}"
    if label in ("MONEY", "QUANTITY"):
        code = UNIT_CODES.get(unit)
        if code is None:
            return None
        out += f" {code}"
    return out


def _digits(match: re.Match[str]) -> str:
    value = chinese_number(match.group())
    return match.group() if value is None else str(value)


def _percent(surface: str) -> str:
    out = surface
    if out.startswith("百分之"):
        value = _number(out[3:])
        if value is not None:
            out = f"{_plain(value)}%"
    out = out.replace("个百分点", "pp")
    out = _CHINESE_RUN.sub(_digits, out)
    for word, sign in _BEFORE.items():
        if out.startswith(word):
            out = sign + out[len(word) :]
    for word, sign in _AFTER.items():
        if out.endswith(word):
            out = sign + out[: -len(word)]
    return re.sub(r"(?<=%)[－—~～至](?=\d)", "-", out)


@lru_cache(maxsize=8192)
def value_canonical(label: str, surface: str) -> str:
    """The canonical value of a number or time mention (its surface if it does not parse)."""
    surface = surface.replace(" ", "") if label != "DATE" else surface
    found: str | None = None
    if label == "DATE":
        found = _date(surface)
    elif label in ("CARDINAL", "MONEY", "QUANTITY"):
        found = _amount(label, surface)
    elif label == "ORDINAL":
        match = re.match(rf"第?(\d+|[{NUMBER_CHARS}]+)", surface)
        value = _number(match.group(1)) if match else None
        found = None if value is None else _plain(value)
    elif label == "PERCENT":
        found = _percent(surface)
    return found or surface.replace(" ", "")
