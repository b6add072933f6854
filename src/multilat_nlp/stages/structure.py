"""Structure of a policy text: title, authors, abstract, keywords, the heading tree, footnotes.

Works on the clean text (``doc.text``) plus what clean-up learnt about the pages
(``doc._.clean_info``: where the body ends, the footnote lines and their in-text markers, the
author footer). Without that info the whole text is body and there are no footnotes.

Headings are recognised per line by their marker:

========================  =====================================  =========================
style                     examples                               note
========================  =====================================  =========================
``part``                  第一部分 / 第一篇 / 第一编
``chapter``               第一章 / 第1章
``section``               第一节
``article``               第一条                                 always run-in (legal text)
``cn_dun``                一、 / 一．  (or a lone 一 on its line)
``cn_paren``              （一） / (一) / (二) with a space
``ordinal``               第一， / 第一、                        a short line, or one sentence
``arabic``                1. / 1、 / 1．                         only as a short line
``arabic_paren``          （1） / (1)                            only as a short line
``circled``               ①                                      only as a short line
``unmarked``              a short line without punctuation       reports only; see below
========================  =====================================  =========================

A heading line is short (at most ``max_heading_chars``) and does not end a sentence. Government
work reports also write *run-in* headings, ``（一）坚持稳字当头、稳中求进。…`` — the bold first
sentence of a paragraph. A run-in line counts as a heading when its first sentence is short and
its style (一、, （一）, 第X章/节/条) is deeper than every style the document uses for standalone
headings: under standalone 一、 headings, run-in （一） items are sub-headings, but run-in 一、
items under standalone 一、 headings (1955) are enumerated points, not sections. A series of
run-in items (一、二、… until the numbering restarts) is taken or left as a whole: it is taken
when most first sentences are short. 一是/二是 and 首先/其次 open list items, never headings;
so does 第一， unless its line is short or a single sentence (``第一，基本建设规模的大小问题。``):
``第一，可推动成立全球人才合作组织。人口大规模流动…`` opens a paragraph.

Levels come from nesting, not from a fixed table: a heading closes every open heading of the
same or a deeper style rank and opens below the rest. Section ids carry the path (``s4.2`` is
the second child of the fourth top-level section); a section runs from its heading to the next
heading of the same or a higher level, or to the end of the body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.layout import Layout
from multilat_nlp.reading.clean import clean, ends_sentence
from multilat_nlp.stages.citations import classify_note, parse_citation
from multilat_nlp.text import (
    ABSTRACT_LABEL,
    KEYWORDS_LABEL,
    LIST_ITEM_OPENER,
    QUOTES,
    SENTENCE_END_CHARS,
    fold_for_matching,
    fold_simplified,
    heading_marker,
    parse_chinese_numeral,
)

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_SETTINGS",
    "StructureSettings",
    "StructureStage",
    "analyze_structure",
    "make_structure",
    "parse_keywords",
    "uncleaned_info",
]

_UNMARKED_RANK = -1
_RUN_IN_STYLES = frozenset({"part", "chapter", "section", "article", "cn_dun", "cn_paren"})
_BARE_STYLES = frozenset({"part", "chapter", "section", "cn_dun"})
_LIST_ITEM = LIST_ITEM_OPENER
_SENTENCE_END = re.compile(f"[{SENTENCE_END_CHARS}]")
_ABSTRACT = ABSTRACT_LABEL
_KEYWORDS = KEYWORDS_LABEL
_fold = fold_for_matching
_KEYWORD_SPLIT = re.compile(r"[；;，,、\s]+")
_QUOTES = QUOTES
_DATELINE = re.compile(r"^(?:新华社|人民日报|本报|中新社).{0,20}电$|^——|^—")
_PREMIER = re.compile(
    r"^(?:国务院)?(?:(?:代|副)?总理|国务委员)(?:兼[\u4e00-\u9fff]{2,12}?(?:主任|部长))?\s*"
    r"([\u4e00-\u9fff]{2,3}?)(?=\s*(?:各位代表\s*[:：!！]|目录)|\s*$)"
)
_TITLE_CUT = re.compile(r"\s*(?:——|－－|--)")
_ORG_SUFFIX = re.compile(
    r"(?:智库|大学|学院|研究院|研究所|研究中心|中心|研究会|协会|委员会|基金会|银行|公司|集团"
    r"|部|局|署|办公室|学会|出版社|报社|杂志社|Institute|University|College|Center|Centre)"
    r"(?:\s*[(（][^()（）]{1,20}[)）])?"
)


@dataclass(frozen=True, slots=True)
class StructureSettings:
    """Tunable heading rules (the ``[stages.structure]`` table)."""

    max_heading_chars: int = 50
    max_run_in_chars: int = 40
    run_in_headings: bool = True
    unmarked_headings: bool = True


DEFAULT_SETTINGS = StructureSettings()
#: The factory's default config: the ``[stages.structure]`` keys.
DEFAULT_CONFIG: dict[str, object] = {
    "max_heading_chars": DEFAULT_SETTINGS.max_heading_chars,
    "max_run_in_chars": DEFAULT_SETTINGS.max_run_in_chars,
    "run_in_headings": DEFAULT_SETTINGS.run_in_headings,
    "unmarked_headings": DEFAULT_SETTINGS.unmarked_headings,
}


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str  # the line as in the text, stripped
    folded: str  # width-folded copy for matching (same length)


@dataclass(slots=True)
class _Heading:
    start: int
    end: int
    style: str
    rank: int
    marker: str | None
    title: str | None
    title_start: int
    title_end: int
    run_in: bool
    short: bool = True  # a run-in heading whose first sentence is short


def analyze_structure(
    text: str,
    clean_info: Mapping[str, Any] | None = None,
    settings: StructureSettings = DEFAULT_SETTINGS,
) -> dict[str, Any]:
    """``{"meta", "sections", "footnotes"}`` for ``text``, all offsets into ``text``."""
    info = clean_info or {}
    body_end = int(info.get("body_end", len(text)))
    lines = _lines(text, 0, body_end)
    front_end = _front_matter_end(lines)
    meta = _meta(text, lines[:front_end], info)
    headings = _given_headings(text, info) or None  # a Title style alone is no heading tree
    if headings is None:
        headings = _headings(lines, front_end, settings)
    content_end = len(text[:body_end].rstrip())
    sections = _sections(headings, content_end)
    footnotes = _footnotes(text, info)
    return {"meta": meta, "sections": sections, "footnotes": footnotes}


class StructureStage:
    """spaCy component: sets ``doc._.meta``, ``doc._.sections`` and ``doc._.footnotes``."""

    def __init__(self, settings: StructureSettings = DEFAULT_SETTINGS) -> None:
        self.settings = settings

    def __call__(self, doc: Doc) -> Doc:
        info = doc._.clean_info if Doc.has_extension("clean_info") else None
        if info is None:
            info = uncleaned_info(doc.text)
        layout = Layout.from_json(doc._.layout) if Doc.has_extension("layout") else None
        if layout is not None:
            info = with_layout(doc.text, info, layout)
        result = analyze_structure(doc.text, info, self.settings)
        doc._.meta = result["meta"]
        doc._.sections = result["sections"]
        doc._.footnotes = result["footnotes"]
        return doc


def with_layout(text: str, info: Mapping[str, Any], layout: Layout) -> dict[str, Any]:
    """Clean-up info completed by what the reader saw: markup headings, .docx footnotes."""
    merged = dict(info)
    if layout.headings and not merged.get("headings"):
        merged["headings"] = [[h.start, h.end, h.level] for h in layout.headings]
    if layout.footnotes and not merged.get("footnotes"):
        notes = []
        for note in layout.footnotes:
            text_start = note.start
            if text[note.start : note.end].startswith(note.marker):
                text_start += len(note.marker)
            while text_start < note.end and text[text_start].isspace():
                text_start += 1
            notes.append({"start": note.start, "end": note.end, "text_start": text_start,
                          "marker": note.marker, "page": None, "anchor": None})
        merged["footnotes"] = notes
    if layout.body_end is not None:
        merged["body_end"] = min(int(merged.get("body_end", len(text))), layout.body_end)
    return merged


def uncleaned_info(text: str) -> dict[str, Any]:
    """Clean-up info for a text that was not cleaned, in the text's own offsets.

    When the pipeline runs without clean-up, the footnotes, their markers and the author footer
    are still found by :func:`clean`; their clean offsets are mapped back onto ``text``. The body
    is then the whole text (footnote lines stay where the page put them).
    """
    cleaned = clean(text)
    if cleaned.mode == "plain":
        return {}
    to_raw = cleaned.offset_map.to_raw

    def span(item: Mapping[str, Any]) -> dict[str, Any]:
        start, end = to_raw(int(item["start"]), int(item["end"]))
        return {**item, "start": start, "end": end}

    footnotes = []
    for note in cleaned.footnotes:
        moved = span(note)
        moved["text_start"] = to_raw(int(note["text_start"]), int(note["end"]))[0]
        if note.get("anchor"):
            moved["anchor"] = span(note["anchor"])
        footnotes.append(moved)
    return {
        "mode": "uncleaned",
        "body_end": len(text),
        "pages": list(cleaned.pages),
        "footnotes": footnotes,
        "anchors": [span(a) for a in cleaned.anchors],
        "notes": [span(n) for n in cleaned.notes],
    }


def make_structure(
    nlp: Language,
    name: str,
    max_heading_chars: int,
    max_run_in_chars: int,
    run_in_headings: bool,
    unmarked_headings: bool,
) -> StructureStage:
    """spaCy factory ``policy_structure``."""
    return StructureStage(
        StructureSettings(
            max_heading_chars=max_heading_chars,
            max_run_in_chars=max_run_in_chars,
            run_in_headings=run_in_headings,
            unmarked_headings=unmarked_headings,
        )
    )


# -- lines -----------------------------------------------------------------------------------


def _lines(text: str, start: int, end: int) -> list[_Line]:
    """Non-blank lines of ``text[start:end]`` with whitespace trimmed."""
    out: list[_Line] = []
    for match in re.finditer(r"[^\n\f\r]+", text[start:end]):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        s = start + match.start() + len(raw) - len(raw.lstrip())
        out.append(_Line(s, s + len(stripped), stripped, _fold(stripped)))
    return out


def _is_paragraph(line: _Line) -> bool:
    """A body paragraph: long and closed by sentence punctuation (a title line is not)."""
    return len(line.text) >= 40 and ends_sentence(line.text) and not _ABSTRACT.match(line.folded)


def _front_matter_end(lines: Sequence[_Line]) -> int:
    """Index of the first body line after the front matter (title, byline, abstract, keywords).

    The body starts at the greeting 各位代表 (after it when the byline shares its line), at the
    first marked heading after the first line, or at the first line that closes a sentence.
    """
    for i, line in enumerate(lines[:12]):
        if _KEYWORDS.match(line.folded) or _ABSTRACT.match(line.folded):
            continue
        if "各位代表" in line.text:
            return i + 1 if _PREMIER.match(line.folded) else i
        if i > 0 and (_marker(line.folded) is not None or ends_sentence(line.text)):
            return i
        if _is_paragraph(line):
            return i
    return min(len(lines), 12)


# -- meta ------------------------------------------------------------------------------------


def _meta(text: str, front: Sequence[_Line], info: Mapping[str, Any]) -> dict[str, Any]:
    title_line = _title_line(front)
    authors, author_spans = _authors(front, title_line)
    abstract, abstract_label = _abstract(front)
    keywords, keyword_spans = _keywords(front)
    affiliations, affiliation_spans = _affiliations(text, info, authors)
    return {
        "title": title_line.text if title_line else None,
        "authors": authors,
        "affiliations": affiliations,
        "abstract": abstract,
        "declared_keywords": keywords,
        "spans": {
            "title": ({"start": title_line.start, "end": title_line.end} if title_line else None),
            "authors": author_spans,
            "affiliations": affiliation_spans,
            "abstract_label": abstract_label,
            "keywords": keyword_spans,
        },
    }


def _title_line(front: Sequence[_Line]) -> _Line | None:
    """The first short line without closing punctuation; a dateline after ``——`` is cut off."""
    for line in front[:4]:
        text = line.folded
        if (
            _DATELINE.search(text)
            or _ABSTRACT.match(text)
            or _KEYWORDS.match(text)
            or _PREMIER.match(text)
        ):
            continue
        cut = _TITLE_CUT.search(text)
        if cut:
            text = text[: cut.start()].rstrip()
        if (
            2 <= len(text) <= 60
            and text[-1] not in "。!?;:,、.？！；：，"
            and not re.search(r"[。!?！？]", text)
            and not _marker(text)
        ):
            return _Line(line.start, line.start + len(text), line.text[: len(text)], text)
    return None


def _authors(front: Sequence[_Line], title: _Line | None) -> tuple[list[str], list[dict[str, Any]]]:
    """Byline names after the title: ``苗 绿`` → ``苗绿``; ``国务院总理 李克强`` → ``李克强``."""
    after = [line for line in front if title is None or line.start > title.start][:3]
    for line in after:
        text = line.folded
        if _ABSTRACT.match(text) or _KEYWORDS.match(text):
            break
        premier = _PREMIER.match(text)
        if premier:
            start = line.start + premier.start(1)
            name = line.text[premier.start(1) : premier.end(1)]  # the original, not the folded
            return [name], [{"start": start, "end": start + len(name), "text": name}]
        text = re.sub(r"^(?:作者|文|撰文)\s*[:：/]\s*", "", text)
        if len(text) > 30 or not re.fullmatch(r"[\u4e00-\u9fff·\s、,，;；]+", text):
            continue
        names, spans = _split_names(line, len(line.folded) - len(text))
        if names:
            return names, spans
    return [], []


def _split_names(line: _Line, skip: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Names in a byline: tokens of 2-4 characters, or single characters spaced out."""
    names: list[str] = []
    spans: list[dict[str, Any]] = []
    for part in re.finditer(r"[^、,，;；]+", line.folded[skip:]):
        tokens = list(re.finditer(r"\S+", part.group()))
        groups: list[list[re.Match[str]]] = []
        for token in tokens:
            if len(token.group()) == 1 and groups and all(len(t.group()) == 1 for t in groups[-1]):
                groups[-1].append(token)
            else:
                groups.append([token])
        for group in groups:
            at = skip + part.start()  # the original characters, not the folded ones
            name = "".join(line.text[at + t.start() : at + t.end()] for t in group)
            if not 2 <= len(name) <= 4:
                return [], []
            start = line.start + at + group[0].start()
            end = line.start + at + group[-1].end()
            names.append(name)
            spans.append(
                {
                    "start": start,
                    "end": end,
                    "text": line.text[start - line.start : end - line.start],
                }
            )
    return names, spans


def _abstract(front: Sequence[_Line]) -> tuple[dict[str, int] | None, dict[str, int] | None]:
    for line in front:
        match = _ABSTRACT.match(line.folded)
        if match and match.end() < len(line.folded):
            label = {"start": line.start + match.start(1), "end": line.start + match.end(1)}
            return {"start": line.start + match.end(), "end": line.end}, label
    return None, None


def parse_keywords(value: str) -> list[tuple[int, int, str]]:
    """Keywords of a ``关键词`` line's value: ``(start, end, normalised)`` per keyword.

    Separators are spaces, ``；``, ``，`` and ``、`` in either width; quotes around a keyword
    (``“一带一路”``) are part of its span but not of its normalised form.
    """
    out: list[tuple[int, int, str]] = []
    position = 0
    for separator in [*_KEYWORD_SPLIT.finditer(value), None]:
        end = separator.start() if separator else len(value)
        word = value[position:end]
        if word.strip():
            normal = word.strip().strip(_QUOTES).strip().rstrip("。.")
            if normal:
                out.append((position, end, normal))
        if separator is None:
            break
        position = separator.end()
    return out


def _keywords(front: Sequence[_Line]) -> tuple[list[str], list[dict[str, int]]]:
    for line in front:
        match = _KEYWORDS.match(line.folded)
        if match:
            found = parse_keywords(line.text[match.end() :])
            base = line.start + match.end()
            return [w for _, _, w in found], [
                {"start": base + s, "end": base + e} for s, e, _ in found
            ]
    return [], []


def _affiliations(
    text: str, info: Mapping[str, Any], authors: Sequence[str]
) -> tuple[list[str], list[dict[str, Any]]]:
    """Organisations from the author footer: ``苗绿 全球化智库(CCG)联合创始人兼秘书长。``."""
    names: list[str] = []
    spans: list[dict[str, Any]] = []
    for note in info.get("notes", []):
        start, end = int(note["start"]), int(note["end"])
        note_text = text[start:end]
        person = None
        lead = re.match(r"^[*∗†‡]?\s*(?:作者(?:简介)?\s*[:：]?\s*)?", note_text)
        offset = lead.end() if lead else 0
        for name in authors:
            spaced = r"\s*".join(map(re.escape, name))
            found = re.match(rf"{spaced}[\s,，:：]*", note_text[offset:])
            if found:
                person, offset = name, offset + found.end()
                break
        else:
            found = re.match(r"([\u4e00-\u9fff]{2,4})[\s,，:：]+", note_text[offset:])
            if found:
                person, offset = found.group(1), offset + found.end()
        for part in re.finditer(r"[^；;]+", note_text[offset:]):
            piece = part.group().strip()
            if not piece:
                continue
            p_start = (
                start + offset + part.start() + (len(part.group()) - len(part.group().lstrip()))
            )
            organization, role = _split_affiliation(piece.rstrip("。."))
            names.append(organization or piece.rstrip("。."))
            spans.append(
                {
                    "start": p_start,
                    "end": p_start + len(piece),
                    "person": person,
                    "organization": organization,
                    "role": role,
                }
            )
    return names, spans


def _split_affiliation(text: str) -> tuple[str | None, str | None]:
    """``全球化智库(CCG)联合创始人兼秘书长`` → (``全球化智库(CCG)``, ``联合创始人兼秘书长``)."""
    last = None
    for match in _ORG_SUFFIX.finditer(fold_simplified(text)):  # 智庫 counts as 智库
        last = match
    if last is None:
        return None, text or None
    return text[: last.end()].strip(), (text[last.end() :].strip(" ,，、") or None)


# -- headings --------------------------------------------------------------------------------


def _marker(folded: str) -> tuple[str, int, int] | None:
    """``(style, rank, marker length)`` of a heading marker at the start of a line."""
    return heading_marker(folded)


def _candidate(line: _Line, settings: StructureSettings) -> _Heading | None:
    """The heading this line would be, standalone or run-in; ``None`` if it cannot be one."""
    folded = line.folded
    if _LIST_ITEM.match(folded):
        return None
    found = _marker(folded)
    if found is None:
        return None
    style, rank, length = found
    rest = folded[length:]
    title_offset = length + len(rest) - len(rest.lstrip())
    rest = rest.strip()
    marker = line.text[:length]
    if not rest:
        if style not in _BARE_STYLES:
            return None
        return _Heading(line.start, line.end, style, rank, marker, None, line.end, line.end, False)
    title_start = line.start + title_offset
    if (
        len(folded) <= settings.max_heading_chars
        and not ends_sentence(rest)
        and rest[-1] not in ",、;"
    ):
        return _Heading(
            line.start,
            line.end,
            style,
            rank,
            marker,
            line.text[title_offset:],
            title_start,
            line.end,
            False,
        )
    if style not in _RUN_IN_STYLES and style != "ordinal":
        return None
    sentence = _SENTENCE_END.search(rest)
    first = rest[: sentence.start()] if sentence else rest
    if style == "ordinal" and (sentence is None or rest[sentence.end() :].strip()):
        return None  # 第一，… opens a paragraph; only a one-sentence line can head a section
    short = len(first) <= settings.max_run_in_chars
    if style == "article":
        title = line.text[title_offset : title_offset + len(first)] if sentence and short else None
        end = title_start + len(title) if title else title_start
        return _Heading(line.start, line.end, style, rank, marker, title, title_start, end, True)
    if sentence is None or re.search(r"[:;]", first):
        return None
    return _Heading(
        line.start,
        line.end,
        style,
        rank,
        marker,
        line.text[title_offset : title_offset + len(first)],
        title_start,
        title_start + len(first),
        True,
        short,
    )


def _number(marker: str) -> int:
    """The number in a marker: ``（十二）`` → 12, ``3.`` → 3; 0 if there is none."""
    digits = re.search(r"\d+", marker)
    if digits:
        return int(digits.group())
    return parse_chinese_numeral(marker)


def _run_in_series(candidates: Sequence[_Heading]) -> list[list[_Heading]]:
    """Run-in candidates grouped per style into numbered series (一、二、… until it restarts).

    A heading of a higher rank in between closes the series: 第一…第四 under （一） and 第五 under
    （五） are two series.
    """
    series: list[list[_Heading]] = []
    open_series: dict[str, list[_Heading]] = {}
    for heading in candidates:
        for style in [s for s, run in open_series.items() if run[-1].rank > heading.rank]:
            del open_series[style]
        if not heading.run_in or heading.style == "article":
            continue
        current = open_series.get(heading.style)
        number = _number(heading.marker or "")
        if current is None or number <= _number(current[-1].marker or ""):
            current = []
            series.append(current)
            open_series[heading.style] = current
        current.append(heading)
    return series


def _unmarked(lines: Sequence[_Line], i: int) -> bool:
    """A short line without punctuation between paragraphs: a report's unnumbered heading."""
    text = lines[i].folded
    if not 4 <= len(text) <= 32 or _LIST_ITEM.match(text) or _DATELINE.search(text):
        return False
    if not re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z“”\"、,《》—\-]+", text):
        return False
    if text[-1] in "、,—-" or i + 1 >= len(lines):
        return False
    previous = lines[i - 1].folded if i > 0 else ""
    return (not previous or ends_sentence(previous)) and len(lines[i + 1].folded) > len(text)


def _headings(
    lines: Sequence[_Line], front_end: int, settings: StructureSettings
) -> list[_Heading]:
    candidates: list[_Heading] = []
    for i, line in enumerate(lines):
        heading = _candidate(line, settings)
        if (
            heading is None
            and settings.unmarked_headings
            and i >= front_end
            and _unmarked(lines, i)
        ):
            heading = _Heading(
                line.start,
                line.end,
                "unmarked",
                _UNMARKED_RANK,
                None,
                line.text,
                line.start,
                line.end,
                False,
            )
        if heading is not None:
            candidates.append(heading)
    standalone = {h.rank for h in candidates if not h.run_in and h.style != "article"}
    deepest = max(standalone, default=-2)
    accepted: set[int] = set()
    if settings.run_in_headings:
        for series in _run_in_series(candidates):
            if series[0].rank > deepest and 2 * sum(h.short for h in series) >= len(series):
                accepted.update(h.start for h in series)
    return [h for h in candidates if not h.run_in or h.style == "article" or h.start in accepted]


#: A decimal number and a space opening a line the markup calls a heading: its numbering.
_RENDERED_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*[\s\u3000]+(?=\S)")


def _given_headings(text: str, info: Mapping[str, Any]) -> list[_Heading]:
    """Headings a reader found in the markup (docx styles, html h1-h6), as levels."""
    out: list[_Heading] = []
    for start, end, level in info.get("headings", []):
        if level < 1:
            continue
        line = text[start:end].strip()
        found = _marker(_fold(line))
        numbered = _RENDERED_NUMBER.match(line) if found is None else None
        if numbered:  # Word's automatic number as the reader rendered it: "1\u3000范围", "6.1 …"
            found = ("arabic", 7, numbered.end())
        marker = line[: found[2]].strip() if found else None
        title = line[found[2] :].strip() if found else line
        title_start = start + (text[start:end].find(title) if title else 0)
        out.append(
            _Heading(
                start,
                end,
                "markup",
                int(level),
                marker,
                title or None,
                title_start,
                title_start + len(title),
                False,
            )
        )
    return out


def _sections(headings: Sequence[_Heading], content_end: int) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    children: dict[str | None, int] = {}
    for heading in headings:
        while stack and stack[-1][0] >= heading.rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        parent_id = parent["id"] if parent else None
        children[parent_id] = children.get(parent_id, 0) + 1
        number = children[parent_id]
        section = {
            "id": f"{parent_id}.{number}" if parent_id else f"s{number}",
            "level": len(stack) + 1,
            "marker": heading.marker,
            "title": heading.title,
            "start": heading.start,
            "end": content_end,
            "parent": parent_id,
            "style": heading.style,
            "run_in": heading.run_in,
            "title_start": heading.title_start,
            "title_end": heading.title_end,
        }
        sections.append(section)
        stack.append((heading.rank, section))
    for i, section in enumerate(sections):
        for later in sections[i + 1 :]:
            if later["level"] <= section["level"]:
                section["end"] = later["start"]
                break
        section["end"] = max(section["end"], section["start"])
    return sections


# -- footnotes -------------------------------------------------------------------------------


def _footnotes(text: str, info: Mapping[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k, note in enumerate(info.get("footnotes", []), start=1):
        start, end = int(note["start"]), int(note["end"])
        text_start = int(note.get("text_start", start))
        body = text[text_start:end]
        kind = classify_note(body)
        anchor = note.get("anchor")
        out.append(
            {
                "id": f"fn{k}",
                "page": note.get("page"),
                "marker": note.get("marker"),
                "start": start,
                "end": end,
                "text_start": text_start,
                "anchor": int(anchor["start"]) if anchor else None,
                "anchor_end": int(anchor["end"]) if anchor else None,
                "kind": kind,
                "citation": parse_citation(body) if kind == "citation" else None,
            }
        )
    return out
