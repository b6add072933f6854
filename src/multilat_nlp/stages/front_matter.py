"""Front matter of a paper or report: title, byline, abstract, keywords and the apparatus lines.

Real front matter is noisy: a journal masthead or a standard's cover before the title, a title
wrapped over two lines, pdfminer's blank line between most lines, labels printed as
``【摘要】`` ``摘　要：`` ``［提 要］``, form fields (``题目：`` ``姓名：`` on a thesis cover),
an English abstract block, and 基金项目 / 中图分类号 / 收稿日期 lines. The rules here are
generic; what varies by genre (masthead patterns, byline roles, speaker lines) comes from a
:class:`~multilat_nlp.stages.profiles.Profile`, and every label from :mod:`multilat_nlp.text`.

The title is a *block*: consecutive title-like lines (mostly CJK, no sentence end, brackets
balanced, not a masthead, form field or byline) joined while a line does not close with
``？！``. The first block of at least :data:`MIN_TITLE_CHARS` characters wins (a subtitle comes
after it), else the first block at all (``政府工作报告``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from multilat_nlp.stages.profiles import Profile
from multilat_nlp.text import (
    IDEOGRAPHIC_SPACE_NUMBER,
    LABEL_NAMES,
    METADATA_LABELS,
    QUOTES,
    heading_marker,
)
from multilat_nlp.text import LIST_ITEM_OPENER as _LIST_ITEM_OPENER
from multilat_nlp.text.punctuation import BRACKET_CLOSERS, BRACKET_OPENERS, ends_sentence

__all__ = ["MIN_TITLE_CHARS", "FrontMatter", "Line", "front_matter", "parse_keywords"]

#: Non-blank lines searched for front matter.
WINDOW = 120
#: A title shorter than this is taken only when no longer block exists.
MIN_TITLE_CHARS = 10
MAX_TITLE_CHARS = 100
#: Lines searched for a title when no abstract or keyword label closes the front matter.
_TITLE_LINES = 60
#: Headings of this rank or above (第X章, 一、) open the body; 1. may be a list in a sidebar.
_BODY_HEADING_RANK = 4
#: Lines after the title searched for a speaker line (after a dateline, site metadata).
_SPEAKER_LINES = 8
#: Lines an abstract may run over before the stage gives up on finding its end.
MAX_ABSTRACT_LINES = 60

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")
_KEYWORD_SPLIT = re.compile(r"[；;，,、\s]+")
_LATIN_KEYWORD_SPLIT = re.compile(r"\s*[；;，,、]\s*")
#: A form field's label on its own line (``索 引 号：``); its value is on the next line.
_FORM_FIELD = re.compile(r"^[^:]{1,8}:\s*$")
_DATE_LINE = re.compile(r"^\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?$|^\d{4}-\d{2}-\d{2}$")
_SUPERSCRIPT_AFFIL = re.compile(r"(?<=[\u4e00-\u9fff])[\d,∗*]+(?=[,，、;；\s]|$)")
_ORG_THEN_SPACE = re.compile(
    r"^.{0,30}?(?:大学|学院|研究院|研究所|研究中心|中心|学会|公司|集团|银行|委员会|实验室|系|部|局)"
    r"(?:\s*\d{1,4}\s*教研室)?\s+"
)
_LETTER_SPACED = re.compile(r"^\s*(?:[\u4e00-\u9fff]\s+)+[\u4e00-\u9fff]\s*$")
_CONTENT_KINDS = ("abstract", "keywords")
_LABEL_FIRST_CHARS = frozenset(name[0].lower() for names in LABEL_NAMES.values() for name in names)
#: A name opening an author note: 2-4 characters (maybe spaced) before a comma, space or (.
_INTRO_NAME = re.compile(r"\s*((?:[\u4e00-\u9fff]\s?){1,3}[\u4e00-\u9fff])(?=\s*[,，(（:：\s])")
#: A dateline after the title on its line: ``政府工作报告——2023年3月5日在…``.
_TITLE_CUT = re.compile(r"\s*(?:——|－－|--)")
#: Apparatus labels recorded as metadata, never body text.
APPARATUS_KINDS = ("author_intro", "fund", "clc", "document_code", "article_id", "received", "doi")


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: offsets of the stripped text, the text, its folded copy."""

    start: int
    end: int
    text: str
    folded: str


@dataclass
class FrontMatter:
    """What the front matter holds, with offsets; ``end`` is the index of the first body line."""

    title: tuple[int, int] | None = None
    authors: list[dict[str, Any]] = field(default_factory=list)
    abstract: tuple[int, int] | None = None
    abstract_label: tuple[int, int] | None = None
    abstract_en: tuple[int, int] | None = None
    keywords: list[tuple[int, int, str]] = field(default_factory=list)
    keywords_en: list[tuple[int, int, str]] = field(default_factory=list)
    apparatus: list[dict[str, Any]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # indices of lines that are front matter
    title_line: int | None = None  # index of the title's last line
    end: int = 0


def _compact(text: str) -> str:
    return _SPACE.sub("", text)


def _cjk_ratio(text: str) -> float:
    compact = _compact(text)
    return len(_CJK.findall(compact)) / len(compact) if compact else 0.0


def label_of(folded: str) -> tuple[str, re.Match[str]] | None:
    """The metadata label a line opens with, if it is followed by a delimiter or nothing.

    ``摘要：…``, ``【摘要】…``, ``摘　要 目的…`` and a bare ``摘要`` are labels; ``摘要显示…``
    is prose, and so is ``基金会…``.
    """
    head = folded.lstrip(" \t[【〔")[:1].lower()
    if head not in _LABEL_FIRST_CHARS:
        return None  # most lines: no pattern to try
    for kind, pattern in METADATA_LABELS.items():
        match = pattern.match(folded)
        if not match:
            continue
        label_end = match.end(1)
        rest = folded[label_end:]
        if not rest.strip() or match.end() > label_end or match.group(0).lstrip()[:1] in "[【〔":
            return kind, match
    return None


def _depth_after(depth: int, text: str) -> int:
    """Brackets open after a line: ``4.《某公司：签订`` goes on over the next lines."""
    for char in text:
        if char in BRACKET_OPENERS:
            depth += 1
        elif char in BRACKET_CLOSERS:
            depth = max(0, depth - 1)
    return depth


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char in BRACKET_OPENERS:
            depth += 1
        elif char in BRACKET_CLOSERS:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _is_masthead(folded: str, profile: Profile) -> bool:
    stripped = folded.strip()
    return any(p.search(stripped) for p in (*profile.masthead, *profile.boilerplate))


def _title_like(line: Line, profile: Profile, *, first: bool) -> bool:
    """Whether a line may be (part of) a title."""
    compact = _compact(line.folded)
    if len(compact) < (5 if first else 2) or len(compact) > MAX_TITLE_CHARS:
        return False
    if _cjk_ratio(compact) < (0.3 if first else 0.1) or _is_masthead(line.folded, profile):
        return False
    if label_of(line.folded) or _FORM_FIELD.match(line.folded) or _DATE_LINE.match(compact):
        return False
    if re.search(r"[。;!]|\.{3,}|…{2,}", compact) or compact[-1] in ("、:" if first else ",、:"):
        return False  # a first line may end in a comma: the block must go on
    if compact[0] in BRACKET_OPENERS and compact[-1] in BRACKET_CLOSERS:  # （征求意见稿）
        return False
    marker = heading_marker(line.folded.strip(), bare=False)
    if (marker and (first or marker[0] != "part")) or compact.startswith(("——", "—", "-")):
        return False  # a continuation may be a part: 核电厂…指南 / 第6部分：…
    if _LIST_ITEM_OPENER.match(line.folded):
        return False
    if compact in profile.byline_roles or _speaker(line, profile):
        return False
    return not (_LETTER_SPACED.match(line.text) and len(compact) <= 4) and not (
        _ORG_THEN_SPACE.match(line.folded)
    )


def _looks_like_byline(line: Line, profile: Profile) -> bool:
    """A byline under a title: several names, spaced names, or one name of 2-3 characters."""
    names = _byline(line, profile)
    if not names:
        return False
    spaced = re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", line.text) is not None
    if len(names) > 1 or spaced:
        return True
    word = names[0]["name"]
    return len(word) <= 3 and word not in profile.title_endings


def _gap(text: str, a: Line, b: Line) -> int:
    """Blank lines between two lines."""
    return max(0, text.count("\n", a.end, b.start) - 1)


def _title_blocks(
    text: str, lines: Sequence[Line], stop: int, profile: Profile, paged: bool
) -> list[tuple[int, int]]:
    """``(first, last)`` line indices of title candidates before line ``stop``.

    On paged text (a PDF) a wrapped title has no blank line inside it: pdfminer puts one
    between text boxes, and a title is one box.
    """
    max_gap = 0 if paged else 1
    open_before = [0] * (stop + 1)  # brackets left open by the lines run on into line i
    for k in range(1, stop + 1):
        if k < len(lines) and _gap(text, lines[k - 1], lines[k]) == 0:
            open_before[k] = _depth_after(open_before[k - 1], lines[k - 1].text)
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < stop:
        if open_before[i] > 0 or not _title_like(lines[i], profile, first=True):
            i += 1
            continue  # not a title, or the wrapped rest of a line whose bracket is open
        j = i
        joined = _compact(lines[i].folded)
        while (
            not _TITLE_CUT.search(joined)
            and j + 1 < stop
            and joined[-1] not in "?!？！"
            and _gap(text, lines[j], lines[j + 1]) <= max_gap
            and _title_like(lines[j + 1], profile, first=False)
            and not _TITLE_CUT.search(lines[j + 1].folded)
            and not _looks_like_byline(lines[j + 1], profile)
            and len(joined) + len(_compact(lines[j + 1].folded)) <= MAX_TITLE_CHARS
        ):
            j += 1
            joined += _compact(lines[j].folded)
        if (
            joined[-1] not in ",、:"
            and _balanced(joined)
            and not (joined[0] in BRACKET_OPENERS and joined[-1] in BRACKET_CLOSERS)
            and _cjk_ratio(joined) >= 0.4
        ):
            blocks.append((i, j))
        i = j + 1
    return blocks


def _value_after(lines: Sequence[Line], i: int, match: re.Match[str]) -> tuple[int, int] | None:
    """The value of a form field: the rest of its line, or the next line."""
    line = lines[i]
    if match.end() < len(line.folded) and line.folded[match.end() :].strip():
        return line.start + match.end(), line.end
    if i + 1 < len(lines) and not label_of(lines[i + 1].folded):
        return lines[i + 1].start, lines[i + 1].end
    return None


def parse_keywords(value: str, *, spaces: bool = True) -> list[tuple[int, int, str]]:
    """Keywords of a ``关键词`` line's value: ``(start, end, normalised)`` per keyword.

    Separators are spaces, ``；``, ``，`` and ``、`` in either width; quotes around a keyword
    (``“一带一路”``) are part of its span but not of its normalised form. English keywords
    (``spaces=False``) keep their spaces: ``urban renewal; participation``.
    """
    out: list[tuple[int, int, str]] = []
    position = 0
    split = _KEYWORD_SPLIT if spaces else _LATIN_KEYWORD_SPLIT
    for separator in [*split.finditer(value), None]:
        end = separator.start() if separator else len(value)
        word = value[position:end]
        if word.strip():
            normal = word.strip().strip(QUOTES).strip().rstrip("。.")
            if normal:
                out.append((position, end, normal))
        if separator is None:
            break
        position = separator.end()
    return out


def _keyword_values(
    text: str, lines: Sequence[Line], i: int, match: re.Match[str]
) -> tuple[list[tuple[int, int, str]], list[int]]:
    """Keywords after a label, continued on the next line when the value ends in a separator."""
    line = lines[i]
    used = [i]
    start = line.start + match.end()
    value = text[start : line.end]
    if not value.strip():
        following = lines[i + 1] if i + 1 < len(lines) else None
        if (
            following is None
            or label_of(following.folded)
            or len(following.text) > 80
            or not _KEYWORD_SPLIT.search(following.text.strip())
        ):
            return [], used
        start, value = following.start, following.text
        used.append(i + 1)
    spaces = _cjk_ratio(value) >= 0.3
    out = [(start + s, start + e, w) for s, e, w in parse_keywords(value, spaces=spaces)]
    last = used[-1]
    while value.rstrip()[-1:] in ";；,，、" and last + 1 < len(lines):
        last += 1
        nxt = lines[last]
        if label_of(nxt.folded):
            break
        out += [(nxt.start + s, nxt.start + e, w)
                for s, e, w in parse_keywords(nxt.text, spaces=spaces)]
        used.append(last)
        value = nxt.text
    return out, used


def _abstract_block(
    lines: Sequence[Line], i: int, match: re.Match[str], profile: Profile
) -> tuple[tuple[int, int] | None, list[int]]:
    """The abstract after a label: lines up to the next label, heading or script change."""
    line = lines[i]
    used = [i]
    start: int | None = None
    if line.folded[match.end() :].strip():
        start = line.start + match.end()
    latin = start is not None and _cjk_ratio(line.text[match.end() :]) < 0.3
    end = line.end if start is not None else None
    label = match.group(1)
    for k in range(i + 1, min(len(lines), i + MAX_ABSTRACT_LINES)):
        candidate = lines[k]
        found = label_of(candidate.folded)
        if (
            found
            and found[0] == "abstract"
            and not candidate.folded[found[1].end() :].strip()
            and _compact(found[1].group(1)).lower() == _compact(label).lower()
        ):
            used.append(k)  # the label repeated as a running head
            continue
        if found or _is_masthead(candidate.folded, profile):
            break
        if heading_marker(candidate.folded, bare=False) and len(candidate.text) <= 40:
            break
        if start is None:
            start = candidate.start
            latin = _cjk_ratio(candidate.text) < 0.3
        elif _script_changes(latin, candidate.text):
            break
        end = candidate.end
        used.append(k)
    if start is None or end is None:
        return None, used
    return (start, end), used


def _script_changes(latin: bool, text: str) -> bool:
    """Whether a line leaves the abstract's script: an English title after a Chinese abstract
    has no CJK at all (chemical names mix both), a Chinese line after an English one is
    mostly CJK."""
    if len(_compact(text)) <= 3:
        return False
    if latin:
        return _cjk_ratio(text) > 0.5
    return _CJK.search(text) is None


def _names(line: Line, skip: int, profile: Profile) -> list[dict[str, Any]]:
    """Names in a byline from column ``skip``: 2-4 characters each, or single ones spaced out."""
    folded = line.folded[skip:]
    for suffix in sorted(profile.name_suffixes, key=len, reverse=True):
        if folded.rstrip().endswith(suffix):
            folded = folded.rstrip()[: -len(suffix)]
            break
    folded = _SUPERSCRIPT_AFFIL.sub(lambda m: " " * len(m.group()), folded)
    if not folded.strip() or not re.fullmatch(r"[\u4e00-\u9fff·\s、,，;；]+", folded):
        return []
    out: list[dict[str, Any]] = []
    for part in re.finditer(r"[^、,，;；]+", folded):
        groups: list[list[re.Match[str]]] = []
        for token in re.finditer(r"\S+", part.group()):
            if len(token.group()) == 1 and groups and all(len(t.group()) == 1 for t in groups[-1]):
                groups[-1].append(token)
            else:
                groups.append([token])
        for group in groups:
            at = skip + part.start()
            name = "".join(line.text[at + t.start() : at + t.end()] for t in group)
            if not 2 <= len(name) <= 4:
                return []
            start = line.start + at + group[0].start()
            end = line.start + at + group[-1].end()
            out.append({"start": start, "end": end, "text": line.text[start - line.start :
                                                                      end - line.start],
                        "name": name})
    return out


def _byline(line: Line, profile: Profile) -> list[dict[str, Any]]:
    """Names of a byline: ``章　丹　徐志刚``, ``某某大学　张　某执笔``, ``王某1,2,李某1``."""
    folded = line.folded
    if len(_compact(folded)) > 40 or label_of(folded) or _is_masthead(folded, profile):
        return []
    if heading_marker(folded, bare=False) or _LIST_ITEM_OPENER.match(folded):
        return []
    lead = re.match(r"^(?:作者|文|撰文)\s*[:/]\s*", folded)
    skip = lead.end() if lead else 0
    org = _ORG_THEN_SPACE.match(folded[skip:])
    if org:
        skip += org.end()
    return _names(line, skip, profile)


def _speaker(line: Line, profile: Profile) -> list[dict[str, Any]]:
    for pattern in profile.speaker:
        match = pattern.match(line.folded)
        if match:
            start, end = line.start + match.start("name"), line.start + match.end("name")
            return [{"start": start, "end": end, "text": line.text[match.start("name") :
                                                                   match.end("name")]}]
    return []


def front_matter(
    text: str,
    lines: Sequence[Line],
    profile: Profile,
    given_title: tuple[int, int] | None = None,
    paged: bool = False,
) -> FrontMatter:
    """Front matter of ``lines`` (the document's non-blank lines)."""
    out = FrontMatter()
    window = min(len(lines), WINDOW)
    labels: dict[int, tuple[str, re.Match[str]]] = {}
    for i in range(window):
        found = label_of(lines[i].folded)
        if found:
            labels[i] = found
    first_content = min((i for i, (k, _) in labels.items() if k in _CONTENT_KINDS), default=None)
    form_title: tuple[int, int] | None = None
    for i, (kind, match) in sorted(labels.items()):
        if kind == "title_form" and form_title is None:
            form_title = _value_after(lines, i, match)
            out.used.add(i)
        elif kind == "author_form" and not out.authors:
            value = _value_after(lines, i, match)
            if value:
                k = i if value[0] < lines[i].end else i + 1
                out.authors = _names(lines[k], value[0] - lines[k].start, profile)
                out.used.update({i, k})
        elif kind == "abstract":
            span, used = _abstract_block(lines, i, match, profile)
            if span is None:
                continue
            out.used.update(used)
            if _cjk_ratio(text[span[0] : span[1]]) >= 0.3:
                if out.abstract is None:
                    out.abstract = span
                    line = lines[i]
                    out.abstract_label = (line.start + match.start(1), line.start + match.end(1))
            elif out.abstract_en is None:
                out.abstract_en = span
        elif kind == "keywords":
            words, used = _keyword_values(text, lines, i, match)
            if not words:
                continue
            out.used.update(used)
            latin = _cjk_ratio("".join(w for _, _, w in words)) < 0.3
            if latin and not out.keywords_en:
                out.keywords_en = words
            elif not latin and not out.keywords:
                out.keywords = words
        elif kind in APPARATUS_KINDS:
            line = lines[i]
            out.apparatus.append({"kind": kind, "label": match.group(1).strip(),
                                  "start": line.start, "end": line.end,
                                  "value_start": line.start + match.end()})
            out.used.add(i)

    stop = first_content if first_content is not None else min(window, _TITLE_LINES)
    stop = min(stop, _first_body_line(lines, stop))
    title_index: int | None = None
    if form_title:
        out.title = form_title
    elif given_title:
        out.title = given_title
    else:
        blocks = [b for b in _title_blocks(text, lines, stop, profile, paged) if not out.used & set(
            range(b[0], b[1] + 1))]
        chosen = next(
            (b for b in blocks
             if len(_compact("".join(lines[k].text for k in range(b[0], b[1] + 1))))
             >= MIN_TITLE_CHARS),
            blocks[0] if blocks else None,
        )
        if chosen:
            first, last = lines[chosen[0]], lines[chosen[1]]
            out.title = (first.start, last.end)
            cut = _TITLE_CUT.search(text, first.start, last.end)
            if cut and cut.start() - first.start >= 2:
                out.title = (first.start, cut.start())
            title_index = chosen[1]
            out.used.update(range(chosen[0], chosen[1] + 1))
    if title_index is None and out.title:
        title_index = next((k for k, ln in enumerate(lines[:window]) if ln.end >= out.title[1]),
                           None)

    if not out.authors:
        out.authors = _find_authors(lines, window, title_index, first_content, profile, out)
    if not out.authors:
        out.authors = _intro_author(text, out.apparatus)
    out.title_line = title_index
    out.end = _body_start(lines, window, title_index, out, profile)
    return out


def _intro_author(text: str, apparatus: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The name that opens an author note (``【作者简介】王某，某大学教授``) when no byline names
    one."""
    for item in apparatus:
        if item["kind"] != "author_intro":
            continue
        start = item["value_start"]
        found = _INTRO_NAME.match(text, start, item["end"])
        if found:
            spaced = found.group(1)
            return [{"start": found.start(1), "end": found.end(1), "text": spaced,
                     "name": _compact(spaced)}]
    return []


def _heading_line(line: Line) -> bool:
    """Whether a line opens with a heading number (一、, 1., 1　前言)."""
    return bool(
        heading_marker(line.folded, bare=False) or IDEOGRAPHIC_SPACE_NUMBER.match(line.text)
    )


def _first_body_line(lines: Sequence[Line], stop: int) -> int:
    """The first line that must be body: a heading of rank 一、 or above after the first line,
    or a paragraph (40 characters or more, closed by a sentence end)."""
    for i in range(stop):
        line = lines[i]
        marker = heading_marker(line.folded, bare=False)
        if marker is not None and 0 < marker[1] <= _BODY_HEADING_RANK:  # 第6部分 may go on a title
            return i
        if len(line.text) >= 40 and ends_sentence(line.text) and not label_of(line.folded):
            return i
    return stop


def _find_authors(
    lines: Sequence[Line],
    window: int,
    title_index: int | None,
    first_content: int | None,
    profile: Profile,
    out: FrontMatter,
) -> list[dict[str, Any]]:
    after = 0 if title_index is None else title_index + 1
    for i in range(after, min(window, after + _SPEAKER_LINES)):
        speaker = _speaker(lines[i], profile)
        if speaker:
            out.used.add(i)
            return speaker
    names: list[dict[str, Any]] = []
    for i in range(window - 1):  # roles on their own line, the name under it
        if _compact(lines[i].folded) in profile.byline_roles:
            found = _names(lines[i + 1], 0, profile)
            if found:
                names += found
                out.used.update({i, i + 1})
    if names:
        return names
    if title_index is None:
        return []
    if first_content is not None and first_content > after:
        candidates = range(first_content - 1, after - 1, -1)  # nearest the abstract first
    else:
        candidates = range(after, min(window, after + 3))
    for i in candidates:
        if i in out.used:
            continue
        found = _byline(lines[i], profile)
        if found:
            out.used.add(i)
            return found
    return []


def _body_start(
    lines: Sequence[Line],
    window: int,
    title_index: int | None,
    out: FrontMatter,
    profile: Profile,
) -> int:
    """Index of the first body line: an opening, a heading, or a paragraph after the front."""
    last_front = max(out.used, default=-1)
    begin = 0 if title_index is None else title_index + 1
    limit = max(12, min(window, last_front + 1))
    for i in range(begin, min(len(lines), limit + 1)):
        line = lines[i]
        if i in out.used:
            continue
        if any(line.text.startswith(word) for word in profile.opening):
            return i + 1 if _speaker(line, profile) else i
        if i <= last_front:
            continue
        if _heading_line(line) or (i > 0 and ends_sentence(line.text)):
            return i
    return min(len(lines), max(limit, last_front + 1))


