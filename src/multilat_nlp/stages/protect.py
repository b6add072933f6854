"""Protected spans: text that the dictionary engine must not cut, nor glue to its neighbours.

jieba splits ``１７％`` into three characters, a URL into a dozen pieces and
``国发〔2020〕5号`` into seven (jieba #536, #873). These spans are found first with regular
expressions; each becomes one token (or follows the fixed split below) and the engine only
segments the text between them:

=========  ==============================  ================================================
kind       example                         token(s)
=========  ==============================  ================================================
url        https://www.un.org/zh/          the URL without trailing ``.,;:!?)``
email      a.b@example.org                 the address
docno      国发〔2020〕5号                 issuing-organ code + bracketed year + 号, one token
                                           (the code is the Han run before the bracket, at
                                           most 6 characters, without a leading function word
                                           such as 根据/按照/和/的)
title      《巴黎协定》                    《 / 巴黎协定 / 》 (the inside of a title without
                                           whitespace, up to 50 characters, is one token)
date       2020年10月19日                  2020 / 年 / 10 / 月 / 19 / 日: the digits are one
           一九九八年, 2008—2009年         token and 年/月/日 are left to the dictionary (so
                                           年底, 年代 stay words); 一九九八 / 年; 2008 / — /
                                           2009 / 年. This is jieba's and UD Chinese GSD's cut;
                                           PKU and MSR keep 2020年 whole, but taking that
                                           convention costs 3 F1 points on GSDSimp (measured,
                                           docs/evaluation.md)
number     74.78%, １７％, -26.95%, 1,100  one token with sign, thousands commas, decimals,
           50万, 1万亿                     a trailing %/％/‰ and a magnitude 万/亿/万亿
latin      CPTPP, PM2.5, COVID-19, 5G      a run of Latin letters and digits, joined by
                                           ``-.'&`` inside the word; full-width letters too
=========  ==============================  ================================================

Matching is one pass: a character class finds the few places where a span can start (digits,
Latin letters, brackets, 《, Chinese numerals), and the full pattern is tried only there. That
keeps the scan at tens of millions of characters a second, so protection costs little beside the
engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from multilat_nlp.text import IDEOGRAPHIC_DIGITS


class SpanKind(StrEnum):
    """The kinds of protected span, in the order they win when two start at one place."""

    URL = "url"
    EMAIL = "email"
    DOCNO = "docno"
    TITLE = "title"
    DATE = "date"
    LATIN = "latin"
    NUMBER = "number"


#: (start, end, kind) with ``end`` exclusive.
Protected = tuple[int, int, SpanKind]

_D = "0-9０-９"  # ASCII and full-width digits
_L = "A-Za-zＡ-Ｚａ-ｚ"  # ASCII and full-width Latin letters
_CN_DIGIT = IDEOGRAPHIC_DIGITS

#: One pattern per kind; each must start with a character of ``_STARTS[kind]``.
_PATTERNS: dict[SpanKind, str] = {
    SpanKind.URL: (
        r"(?:https?://|ftp://|www\.)[!#$%&()*+,\-./0-9:;=?@A-Z\[\]_a-z~]*"
        r"[#$%&*+\-/0-9=@A-Z_a-z~]"
    ),
    SpanKind.EMAIL: (
        r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
    ),
    SpanKind.DOCNO: rf"[〔［\[【（(][{_D}]{{4}}[〕］\]】）)]第?[{_D}]{{1,5}}号",
    SpanKind.TITLE: r"《(?P<title_inner>[^《》\s]{1,50})》",
    SpanKind.DATE: rf"[{_CN_DIGIT}]{{4}}(?=年)",
    SpanKind.LATIN: rf"[{_L}][{_L}{_D}]*(?:[-.'’&][{_L}{_D}]+)*|[{_D}]+[{_L}][{_L}{_D}]*",
    SpanKind.NUMBER: (
        rf"[-－+＋]?[{_D}]+(?:,[0-9]{{3}}(?![0-9]))*(?:[.．][{_D}]+)?(?:[%％‰]|万亿|亿|万)?"
    ),
}

_STARTS: dict[SpanKind, str] = {
    SpanKind.URL: "hfw",
    SpanKind.EMAIL: "A-Za-z0-9",
    SpanKind.DOCNO: r"〔［\[【（(",
    SpanKind.TITLE: "《",
    SpanKind.DATE: _CN_DIGIT,
    SpanKind.LATIN: f"{_L}{_D}",
    SpanKind.NUMBER: f"{_D}\\-－+＋",
}

#: Words that may stand right before an issuing-organ code and are not part of it.
_DOCNO_LEAD = re.compile(
    "(?:根据|按照|依据|依照|参照|参见|详见|见|按|据|和|及|与|或|的|印发|转发|执行|落实|贯彻|即|是|为|经)+"
)
_HAN = re.compile("[\u4e00-\u9fff]")
_DOCNO_PREFIX_MAX = 6
_SIGNS = "-－+＋"

ALL_KINDS: tuple[SpanKind, ...] = tuple(SpanKind)


class Protector:
    """Finds protected spans of the chosen kinds; stateless after construction, so shareable."""

    def __init__(self, kinds: Iterable[SpanKind | str] = ALL_KINDS) -> None:
        self.kinds: tuple[SpanKind, ...] = tuple(
            k for k in SpanKind if k in {SpanKind(x) for x in kinds}
        )
        if self.kinds:
            starts = "".join(_STARTS[k] for k in self.kinds)
            self._finder: re.Pattern[str] | None = re.compile(f"[{starts}]")
            self._matcher = re.compile(
                "|".join(f"(?P<{k.value}>{_PATTERNS[k]})" for k in self.kinds)
            )
            self._full = {k: re.compile(_PATTERNS[k]) for k in self.kinds}
            if SpanKind.DATE in self._full:  # out of context, the digits alone
                self._full[SpanKind.DATE] = re.compile(f"[{_CN_DIGIT}]{{4}}")
            if SpanKind.DOCNO in self._full:  # a whole document number includes its organ code
                self._full[SpanKind.DOCNO] = re.compile(
                    f"[\u4e00-\u9fff]{{0,{_DOCNO_PREFIX_MAX}}}(?:{_PATTERNS[SpanKind.DOCNO]})"
                )
        else:
            self._finder = None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Protected]:
        """Protected spans in ``text[start:end]``, sorted and non-overlapping."""
        end = len(text) if end is None else end
        finder = self._finder
        if finder is None:
            return []
        search = finder.search
        match = self._matcher.match
        found: list[Protected] = []
        floor = start  # nothing before this may be claimed again
        pos = start
        while True:
            candidate = search(text, pos, end)
            if candidate is None:
                return found
            i = candidate.start()
            m = match(text, i, end)
            if m is None:
                pos = i + 1
                continue
            kind = SpanKind(str(m.lastgroup))
            s, e = m.start(), m.end()
            if kind is SpanKind.NUMBER and text[s] in _SIGNS and s > 0 and _is_alnum(text[s - 1]):
                pos = i + 1  # 2011-2020年: a range dash, not a minus sign; read 2020年 again
                continue
            if kind is SpanKind.TITLE:
                s, e = m.start("title_inner"), m.end("title_inner")
            elif kind is SpanKind.DOCNO:
                s = _docno_start(text, s, floor)
            found.append((s, e, kind))
            floor = pos = e

    def classify(self, token: str) -> SpanKind | None:
        """The kind of protected span that ``token`` is exactly, if any (used by the POS stage)."""
        for kind in self.kinds:
            if kind is SpanKind.TITLE:
                continue  # a title's inside is ordinary text
            if self._full[kind].fullmatch(token):
                return kind
        return None


def _docno_start(text: str, bracket: int, floor: int) -> int:
    """Extend a document number left over its issuing-organ code (国发, 国办函, 财税…)."""
    s = bracket
    while s > floor and bracket - s < _DOCNO_PREFIX_MAX and _HAN.match(text[s - 1]):
        s -= 1
    lead = _DOCNO_LEAD.match(text, s, bracket)
    return lead.end() if lead else s


def _is_alnum(char: str) -> bool:
    """A Latin letter or a digit (ASCII or full-width), which makes a following dash a range."""
    return char.isalnum() and not _HAN.match(char) and not char.isspace()
