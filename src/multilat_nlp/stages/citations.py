"""Footnote text → citation fields, for Chinese (GB/T 7714-like) and English (Chicago-like) notes.

Policy papers cite journal articles, newspaper pieces, official web pages and white papers, and
their footnotes mix both conventions in one paper::

    Robert O. Keohane, “Multilateralism: An Agenda for Research,” *International Journal*,
        Vol. 45, No. 4, Autumn 1990, <https://www.jstor.org/stable/40202705?seq=1>, 2020-10-16.
    舒建中:《鲁杰“多边主义”理论述评》,《国际论坛》,2005年第1期,第53页。
    《亚欧会议多边主义宣言》，中华人民共和国外交部，2004年4月20日，https://…，2020年10月19日登录。

The parser is a set of small pattern rules rather than a grammar: footnotes are short, the
conventions are loose in practice, and a partly filled record is more useful than none. A note
that explains rather than cites (no title, URL or page/issue data) is classified ``explanatory``
and gets no citation.
"""

from __future__ import annotations

import re
from typing import Any

from multilat_nlp.text import fold_simplified

__all__ = ["classify_note", "find_access_date", "find_urls", "parse_citation"]

_URL = re.compile(r"<?((?:https?://|www\.)[^\s<>，。；、）》”\"']+)>?")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = [
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(rf"(?P<mn>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d{{2}})", re.I),
    re.compile(rf"(?P<d>\d{{1,2}})\s+(?P<mn>{_MONTH_NAMES})\.?,?\s+(?P<y>(?:19|20)\d{{2}})", re.I),
]
_ACCESS_BEFORE = re.compile(
    r"(?:登录|访问|检索|浏览|查阅|引用|上网)(?:日期|时间)?\s*[:：]?\s*$"
    r"|(?:accessed|retrieved|viewed|last visited)(?:\s+on)?\s*[:：]?\s*$",
    re.I,
)
_ACCESS_AFTER = re.compile(r"^\s*(?:登录|访问|检索|浏览|查阅|引用|上网)")
_YEAR = re.compile(r"(?<![\d/.\-])((?:1[89]|20)\d{2})(?![\d/])")
_PREFIX = re.compile(r"^(?:参见|参看|详见|见|转引自|引自|See also|See|Cf\.)\s*[:：]?\s*", re.I)
_ZH_AUTHORS = re.compile(
    r"^([^《“\"：:]{1,40}?)(?:\s*(?:主编|编著|编|著|等))?\s*[:：]\s*(?=[《“\"])"
)
_ROLE_SUFFIX = re.compile(r"\s*(?:等|主编|编著|编|著)?$")
_SPLIT_ZH_AUTHORS = re.compile(r"[、，,；;]|\s+(?:和|与|及)\s+|(?<=[\u4e00-\u9fff])(?:和|与|及)")


def find_urls(text: str) -> list[dict[str, Any]]:
    """URLs with their offsets in ``text``; trailing sentence punctuation is not part of a URL."""
    found = []
    for match in _URL.finditer(text):
        url = match.group(1).rstrip(".,;:")
        start = match.start(1)
        found.append(
            {
                "url": url,
                "start": start,
                "end": start + len(url),
                "angle_brackets": match.group(0).startswith("<"),
            }
        )
    return found


def _dates(text: str) -> list[tuple[int, int, str]]:
    """Full dates in ``text`` as ``(start, end, "YYYY-MM-DD")``, in order, not overlapping."""
    spans: list[tuple[int, int, str]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            month = match.group("m") if "m" in match.groupdict() and match.group("m") else None
            month_number = int(month) if month else _MONTHS[match.group("mn").lower()]
            day = int(match.group("d"))
            if not (1 <= month_number <= 12 and 1 <= day <= 31):
                continue
            iso = f"{int(match.group('y')):04d}-{month_number:02d}-{day:02d}"
            if all(match.end() <= s or match.start() >= e for s, e, _ in spans):
                spans.append((match.start(), match.end(), iso))
    return sorted(spans)


def find_access_date(text: str) -> dict[str, Any] | None:
    """The date a web source was accessed: ``{"start", "end", "iso"}`` or ``None``.

    A date next to a cue (``…登录``, ``访问日期：…``, ``accessed …``) wins; otherwise a date
    after the last URL is the access date, as in ``<https://…>, 2020-10-16.``
    """
    urls = find_urls(text)
    dates = _dates(text)
    for start, end, iso in dates:
        after = _ACCESS_AFTER.match(fold_simplified(text[end:]))
        if after or _ACCESS_BEFORE.search(fold_simplified(text[max(0, start - 20) : start])):
            stop = end + (after.end() if after else 0)
            return {"start": start, "end": stop, "iso": iso}
    if urls:
        last_url_end = urls[-1]["end"]
        for start, end, iso in dates:
            if start >= last_url_end:
                return {"start": start, "end": end, "iso": iso}
    return None


def classify_note(text: str) -> str:
    """``"citation"`` when the note points to a source, ``"explanatory"`` otherwise."""
    body = _PREFIX.sub("", fold_simplified(text.strip()))
    if find_urls(body):
        return "citation"
    if re.search(
        r"年第\s*\d+\s*期|第\s*\d+\s*[卷页]|出版社|Press|Vol\.|No\.\s*\d|pp?\.\s*\d", body
    ):
        return "citation"
    if body.startswith(("《", "“", '"', "*")) or _ZH_AUTHORS.match(body):
        return "citation"
    if re.match(r"^[A-Z][\w.\- ]+(?:,| and | & )[^“\"]{0,80}[“\"]", body):
        return "citation"
    return "explanatory"


def parse_citation(text: str) -> dict[str, Any]:
    """Citation fields of one footnote text (the number already removed).

    Keys: ``authors`` (list), ``title``, ``container`` (journal, newspaper, website or publisher),
    ``volume``, ``issue``, ``year`` (int), ``date`` (publication date, ISO), ``pages``, ``urls``
    (list), ``accessed`` (ISO date) and ``style`` (``"zh"`` or ``"en"``); missing values are
    ``None`` or empty lists.
    """
    body = text.strip()
    prefix = _PREFIX.match(fold_simplified(body))
    offset = prefix.end() if prefix else 0
    body = body[offset:]
    urls = find_urls(body)
    accessed = find_access_date(body)
    style = "zh" if re.search(r"[\u4e00-\u9fff]", _strip_spans(body, urls)) else "en"
    result: dict[str, Any] = {
        "authors": [],
        "title": None,
        "container": None,
        "volume": None,
        "issue": None,
        "year": None,
        "date": None,
        "pages": None,
        "urls": [u["url"] for u in urls],
        "accessed": accessed["iso"] if accessed else None,
        "style": style,
    }
    masked = _mask(body, urls, accessed)
    if style == "zh":
        _parse_zh(masked, result)
    else:
        _parse_en(masked, result)
    _parse_numbers(masked, result)
    return result


def _strip_spans(text: str, urls: list[dict[str, Any]]) -> str:
    for url in reversed(urls):
        text = text[: url["start"]] + text[url["end"] :]
    return text


def _mask(text: str, urls: list[dict[str, Any]], accessed: dict[str, Any] | None) -> str:
    """``text`` with URLs and the access date blanked out, so their digits are not read as data."""
    chars = list(text)
    spans = [(u["start"], u["end"]) for u in urls]
    if accessed:
        spans.append((accessed["start"], accessed["end"]))
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _zh_authors(names: str) -> list[str]:
    """``杨洁勉、刘建飞主编`` → the names, as written; separators and role words are matched
    folded to Simplified, so 與 and 主編 count as 与 and 主编."""
    folded = fold_simplified(names)
    cuts = [0]
    for separator in _SPLIT_ZH_AUTHORS.finditer(folded):
        cuts += separator.span()
    cuts.append(len(names))
    out = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=True):
        role = _ROLE_SUFFIX.search(folded, start, end)
        name = names[start : role.start() if role else end].strip()
        if name:
            out.append(name)
    return out


def _parse_zh(text: str, result: dict[str, Any]) -> None:
    authors = _ZH_AUTHORS.match(text)
    if authors:
        result["authors"] = _zh_authors(authors.group(1))
    titles = list(re.finditer(r"《((?:[^《》]|《[^《》]*》)+)》", text))
    if titles:
        result["title"] = titles[0].group(1).strip()
        if len(titles) > 1:
            result["container"] = titles[1].group(1).strip()
        else:
            result["container"] = _next_field(text[titles[0].end() :])
    else:
        quoted = re.search(r"[“\"]([^”\"]+)[”\"]", text)
        if quoted:
            result["title"] = quoted.group(1).strip(" ，,")
            result["container"] = _next_field(text[quoted.end() :])
    date = _dates(text)
    if date:
        result["date"] = date[0][2]


def _next_field(rest: str) -> str | None:
    """The comma-separated field after the title: the publisher, site or newspaper."""
    fields = [f.strip() for f in re.split(r"[，,]", rest)]
    for candidate in fields[1:3]:
        if not candidate or re.search(r"\d", candidate):
            continue
        return candidate.rstrip("。.")
    return None


def _parse_en(text: str, result: dict[str, Any]) -> None:
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]", text)
    italic = list(re.finditer(r"\*([^*]+)\*|_([^_]+)_", text))
    head_end = quoted.start() if quoted else (italic[0].start() if italic else -1)
    if head_end > 0:
        names = text[:head_end].strip().rstrip(",.:;").strip()
        parts = re.split(r"\s*(?:,\s*and\s+|\band\b|&|;)\s*", names)
        authors: list[str] = []
        for part in parts:
            authors.extend(p.strip() for p in part.split(", ") if p.strip())
        if all(len(a.split()) >= 2 for a in authors):
            result["authors"] = authors
        elif names:
            result["authors"] = [names]
    if quoted:
        result["title"] = quoted.group(1).strip().rstrip(",.")
        after = [m for m in italic if m.start() > quoted.end()]
        if after:
            result["container"] = (after[0].group(1) or after[0].group(2)).strip()
        else:
            field = re.match(r"\s*,?\s*([^,]+)", text[quoted.end() :])
            if field and not re.search(r"\d", field.group(1)):
                result["container"] = field.group(1).strip().rstrip(".")
    elif italic:
        result["title"] = (italic[0].group(1) or italic[0].group(2)).strip()
    date = _dates(text)
    if date:
        result["date"] = date[0][2]


def _parse_numbers(text: str, result: dict[str, Any]) -> None:
    text = fold_simplified(text)  # 第53頁 is 第53页; only digits are taken from it
    volume = re.search(r"\bVol(?:ume)?\.?\s*(\d+)|第\s*(\d+)\s*卷", text, re.I)
    if volume:
        result["volume"] = volume.group(1) or volume.group(2)
    issue = re.search(r"\b(?:No|Issue|Iss)\.?\s*(\d+)|第\s*(\d+)\s*期|(\d+)\s*期(?!间)", text, re.I)
    if issue:
        result["issue"] = issue.group(1) or issue.group(2) or issue.group(3)
    pages = re.search(
        r"第\s*(\d+(?:\s*[-—–~～至]\s*\d+)?)\s*页|\bpp?\.\s*(\d+(?:\s*[-—–]\s*\d+)?)", text
    )
    if pages:
        value = pages.group(1) or pages.group(2)
        result["pages"] = re.sub(r"\s*[-—–~～至]\s*", "-", value)
    year = _YEAR.search(text)
    if year:
        result["year"] = int(year.group(1))
