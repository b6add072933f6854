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
from difflib import SequenceMatcher
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.doc_text import doc_text
from multilat_nlp.layout import Layout
from multilat_nlp.reading.clean import clean
from multilat_nlp.stages.citations import classify_note, parse_citation
from multilat_nlp.stages.front_matter import FrontMatter, Line, front_matter, parse_keywords
from multilat_nlp.stages.profiles import AUTO, Profile, select_profile
from multilat_nlp.text import (
    IDEOGRAPHIC_SPACE_NUMBER,
    LABEL_NAMES,
    LIST_ITEM_OPENER,
    REFERENCES_LABEL,
    SENTENCE_END_CHARS,
    fold_for_matching,
    fold_simplified,
    heading_marker,
    parse_chinese_numeral,
)
from multilat_nlp.text.punctuation import ends_sentence

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
_fold = fold_for_matching
_DATELINE = re.compile(r"^——|^—")
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|\t)\s*[\dIVXivx]+\s*$|\.{6,}")
_TOC_MARKS = ("....", "……", "····", "\t", "......")
_SIGNATURE_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SPACES = re.compile(r"\s+")
_APPENDIX = ("附录", "附件")
_MAX_QUESTION_HEADING = 20
_TITLE_LIKENESS = 0.85
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
    profile: str = AUTO


DEFAULT_SETTINGS = StructureSettings()
#: The factory's default config: the ``[stages.structure]`` keys.
DEFAULT_CONFIG: dict[str, object] = {
    "max_heading_chars": DEFAULT_SETTINGS.max_heading_chars,
    "max_run_in_chars": DEFAULT_SETTINGS.max_run_in_chars,
    "run_in_headings": DEFAULT_SETTINGS.run_in_headings,
    "unmarked_headings": DEFAULT_SETTINGS.unmarked_headings,
    "profile": DEFAULT_SETTINGS.profile,
}


_Line = Line  # start, end, text (stripped), folded (same length, for matching)


def _compact(text: str) -> str:
    return _SPACES.sub("", text)


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
    profile = select_profile(settings.profile, text)
    dropped: list[dict[str, Any]] = []
    wrapper = _yaml_front_matter(text)
    body_start = 0
    if wrapper is not None:
        body_start = wrapper[1]
        dropped.append({"kind": "front_matter", "start": 0, "end": body_start})
    lines = _lines(text, body_start, body_end)
    trailer = _trailer(lines, profile)
    if trailer is not None:
        dropped.append({"kind": "licence", "start": lines[trailer].start, "end": body_end})
        body_end = lines[trailer].start
        lines = lines[:trailer]
    given_title = next(((int(s), int(e)) for s, e, level in info.get("headings", [])
                        if int(level) == 0), None)
    paged = len(info.get("pages", [])) > 1
    front = front_matter(text, lines, profile, given_title, paged)
    meta = _meta(text, front, info)
    if wrapper is not None:
        _apply_wrapper(meta, wrapper[0])
    meta["dropped"] = dropped
    title_key = _compact(_fold(meta["title"] or ""))
    headings = _given_headings(text, info, profile, title_key) or None  # a Title style alone
    if headings is None:
        headings = _headings(lines, front, settings, profile, title_key, paged)
    meta["references"] = _references(text, lines, front.end)
    content_end = len(text[:body_end].rstrip())
    sections = _sections(headings, content_end)
    footnotes = _footnotes(text, info)
    return {"meta": meta, "sections": sections, "footnotes": footnotes}


class StructureStage:
    """spaCy component: sets ``doc._.meta``, ``doc._.sections`` and ``doc._.footnotes``."""

    def __init__(self, settings: StructureSettings = DEFAULT_SETTINGS) -> None:
        self.settings = settings

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        info = doc._.clean_info if Doc.has_extension("clean_info") else None
        if info is None:
            info = uncleaned_info(text)
        layout = Layout.from_json(doc._.layout) if Doc.has_extension("layout") else None
        if layout is not None:
            info = with_layout(text, info, layout)
        result = analyze_structure(text, info, self.settings)
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
    profile: str = AUTO,
) -> StructureStage:
    """spaCy factory ``policy_structure``."""
    return StructureStage(
        StructureSettings(
            max_heading_chars=max_heading_chars,
            max_run_in_chars=max_run_in_chars,
            run_in_headings=run_in_headings,
            unmarked_headings=unmarked_headings,
            profile=profile,
        )
    )


# -- lines -----------------------------------------------------------------------------------


#: Where a copy lost the line break before a heading: a sentence end, a run of at least two
#: spaces (web copies keep the page's U+3000 and no-break spaces), then what follows; a
#: heading marker there makes it a line of its own (…审议。\u3000\xa0\xa0一、过去五年工作回顾).
_GLUED = re.compile(r"(?<=[。！？!?])[ \t\u3000\xa0]{2,}(?=\S)")


def _lines(text: str, start: int, end: int) -> list[_Line]:
    """Non-blank lines of ``text[start:end]`` with whitespace trimmed; a heading glued to the
    end of the line before it (see ``_GLUED``) starts a line of its own."""
    out: list[_Line] = []
    piece = text[start:end]
    folded = _fold(piece)  # once for all lines: the fold keeps every offset
    for match in re.finditer(r"[^\n\f\r]+", piece):
        low = match.start()
        cuts = [
            glue.end() for glue in _GLUED.finditer(piece, low, match.end())
            if heading_marker(folded[glue.end() : match.end()], bare=False) is not None
        ]
        for a, b in zip([low, *cuts], [*cuts, match.end()], strict=True):
            raw = piece[a:b]
            stripped = raw.strip()
            if not stripped:
                continue
            s = a + len(raw) - len(raw.lstrip())
            out.append(_Line(start + s, start + s + len(stripped), stripped,
                             folded[s : s + len(stripped)]))
    return out


def _meta(
    text: str, front: FrontMatter, info: Mapping[str, Any]
) -> dict[str, Any]:
    title = text[front.title[0] : front.title[1]] if front.title else None
    if title is not None:
        title = _joined_title(title)
    authors = [a.get("name", a["text"]) for a in front.authors]
    affiliations, affiliation_spans = _affiliations(text, info, authors)

    def span(value: tuple[int, int] | None) -> dict[str, int] | None:
        return {"start": value[0], "end": value[1]} if value else None

    return {
        "title": title,
        "authors": authors,
        "affiliations": affiliations,
        "abstract": span(front.abstract),
        "declared_keywords": [w for _, _, w in front.keywords],
        "abstract_en": span(front.abstract_en),
        "keywords_en": [w for _, _, w in front.keywords_en],
        "front_matter": front.apparatus,
        "spans": {
            "title": span(front.title),
            "authors": [{k: a[k] for k in ("start", "end", "text")} for a in front.authors],
            "affiliations": affiliation_spans,
            "abstract_label": span(front.abstract_label),
            "keywords": [{"start": s, "end": e} for s, e, _ in front.keywords],
        },
    }


def _joined_title(title: str) -> str:
    """A title wrapped over lines, joined: no line break; a space kept only between Latin."""
    parts = [p.strip() for p in title.splitlines() if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        glue = " " if out[-1:].isascii() and out[-1:].isalnum() and part[:1].isascii() else ""
        out += glue + part
    return out


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
        spaced = IDEOGRAPHIC_SPACE_NUMBER.match(line.text)
        if spaced is None:
            return None
        found = ("arabic", 7, spaced.end())
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
        and (not ends_sentence(rest) or _is_question_heading(rest))
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


def _is_question_heading(rest: str) -> bool:
    """A short heading that asks: ``二、城市更新能否持续？`` (one clause, no other stop)."""
    return (
        len(rest) <= _MAX_QUESTION_HEADING
        and rest[-1] in "?!"
        and not _SENTENCE_END.search(rest[:-1])
        and "," not in rest
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


def _unmarked(lines: Sequence[_Line], i: int, profile: Profile) -> bool:
    """A short line without punctuation between paragraphs: a report's unnumbered heading.

    Not a document's own title (a line ending in 通知, 规定… of ``profile.document_types``:
    an attachment's title) and not a signature (a line followed by a date).
    """
    text = lines[i].folded
    if not 4 <= len(text) <= 32 or _LIST_ITEM.match(text) or _DATELINE.search(text):
        return False
    if any(p.search(text) for p in profile.masthead):
        return False
    if not re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z“”\"、,《》—\-]+", text):
        return False
    if text[-1] in "、,—-" or i + 1 >= len(lines):
        return False
    following = _compact(lines[i + 1].folded)
    if text.endswith(profile.document_types) or _SIGNATURE_DATE.match(following):
        return False
    previous = lines[i - 1].folded if i > 0 else ""
    return (not previous or ends_sentence(previous)) and len(lines[i + 1].folded) > len(text)


def _skip_line(line: _Line, title_key: str, profile: Profile) -> bool:
    """Lines that look like headings but are not: TOC entries, the title again, apparatus."""
    compact = _compact(line.folded)
    leaders = any(mark in line.text for mark in _TOC_MARKS)
    return bool(
        (leaders and _TOC_LINE.search(line.text))
        or _is_title_again(compact, title_key)
        or compact in profile.apparatus_headings
    )


def _is_title_again(compact: str, title_key: str) -> bool:
    """The title repeated (a cover page, a title page), whole, nearly, or one wrapped line of it."""
    if not title_key or len(compact) < 4:
        return False
    if compact in title_key and 2 * len(compact) >= min(len(title_key), 16):
        return True
    if abs(len(compact) - len(title_key)) > (1 - _TITLE_LIKENESS) * len(title_key) + 2:
        return False  # too different in length to be alike: skip the quadratic comparison
    return SequenceMatcher(None, compact, title_key).ratio() >= _TITLE_LIKENESS


def _headings(
    lines: Sequence[_Line],
    front: FrontMatter,
    settings: StructureSettings,
    profile: Profile,
    title_key: str = "",
    paged: bool = False,
) -> list[_Heading]:
    """Headings of the body: from the end of the front matter to a reference list.

    On paged text a heading that repeats the last one of its rank is a running head.
    """
    candidates: list[_Heading] = []
    for i, line in enumerate(lines):
        if i in front.used or _skip_line(line, title_key, profile):
            continue
        references = REFERENCES_LABEL.match(line.folded)
        if references and not line.folded[references.end() :].strip():
            break  # a reference list is numbered like headings; it is the end of the body
        heading = _candidate(line, settings)
        in_front = front.title_line is not None and front.title_line < i < front.end
        if heading is not None and in_front and heading.rank > 1:
            heading = None  # a numbered line in the front matter: an affiliation, a list
        if (
            heading is None
            and settings.unmarked_headings
            and not paged  # a PDF's lines are physical lines: a wrapped line looks the same
            and i >= front.end
            and _unmarked(lines, i, profile)
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
            if paged and _repeats(candidates, heading):
                continue  # a chapter title repeated as a running head
            candidates.append(heading)
    standalone = {h.rank for h in candidates if not h.run_in and h.style != "article"}
    deepest = max(standalone, default=-2)
    accepted: set[int] = set()
    if settings.run_in_headings:
        for series in _run_in_series(candidates):
            if series[0].rank > deepest and 2 * sum(h.short for h in series) >= len(series):
                accepted.update(h.start for h in series)
    return [h for h in candidates if not h.run_in or h.style == "article" or h.start in accepted]


def _repeats(earlier: Sequence[_Heading], heading: _Heading) -> bool:
    """Whether ``heading`` repeats the last heading of its rank with nothing of a higher rank
    or the same rank in between (deeper ones may be)."""
    for previous in reversed(earlier):
        if previous.rank < heading.rank:
            return False
        if previous.rank == heading.rank:
            return (previous.marker, previous.title) == (heading.marker, heading.title)
    return False


#: A decimal number and a space opening a line the markup calls a heading: its numbering.
_RENDERED_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*[\s\u3000]+(?=\S)")


def _given_headings(
    text: str, info: Mapping[str, Any], profile: Profile, title_key: str = ""
) -> list[_Heading]:
    """Headings a reader found in the markup (docx styles, html h1-h6), as levels.

    The title repeated as a heading, a TOC's own heading (目录) and the profile's apparatus
    headings (a standard's 前言) are left out; an appendix (附录A) ends the body's headings.
    """
    out: list[_Heading] = []
    for start, end, level in info.get("headings", []):
        if level < 1:
            continue
        line = text[start:end].strip()
        compact = _compact(_fold(line))
        if compact.startswith(_APPENDIX):
            break
        if _is_title_again(compact, title_key) or compact in profile.apparatus_headings or (
            compact in LABEL_NAMES["toc"]
        ):
            continue
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


# -- wrappers --------------------------------------------------------------------------------

_YAML_FENCE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_MAX_WRAPPER_CHARS = 20_000
#: Lines from the end searched for a licence trailer.
_TRAILER_LINES = 40


def _yaml_front_matter(text: str) -> tuple[dict[str, Any], int] | None:
    """Markdown's YAML front matter (``---`` … ``---``): its mapping and where the text starts."""
    if not text.lstrip("\ufeff").startswith("---"):
        return None
    match = _YAML_FENCE.match(text[:_MAX_WRAPPER_CHARS])
    if match is None:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): v for k, v in data.items()}, match.end()


def _apply_wrapper(meta: dict[str, Any], data: Mapping[str, Any]) -> None:
    """Title, authors and date from front matter; they win over what the text's lines suggest."""
    title = data.get("title")
    if isinstance(title, str) and title.strip():
        meta["title"] = title.strip()
        meta["spans"]["title"] = None
    authors = data.get("authors", data.get("author"))
    if isinstance(authors, str):
        authors = [a for a in re.split(r"[,，、;；]\s*", authors) if a.strip()]
    if isinstance(authors, list) and authors:
        meta["authors"] = [str(a).strip() for a in authors if str(a).strip()]
        meta["spans"]["authors"] = []
    date = data.get("date")
    if date is not None:
        meta["date"] = str(date)


def _trailer(lines: Sequence[_Line], profile: Profile) -> int | None:
    """Index of the line that starts a known licence or boilerplate trailer, if any."""
    first = max(0, len(lines) - _TRAILER_LINES)
    for i in range(first, len(lines)):
        if any(p.search(lines[i].folded) for p in profile.trailers):
            return i
    return None


# -- references ------------------------------------------------------------------------------

#: How an entry of a reference list starts: ``[1]``, ``［1］``, ``1.``, ``1、``, ``1　``.
_REFERENCE_MARKER = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}(?:[.、](?!\d)|\u3000+|\s+(?=\D)))")
_MAX_REFERENCES = 1000


def _references(text: str, lines: Sequence[_Line], body_start: int) -> list[dict[str, Any]]:
    """Entries of the last reference list (参考文献) of the body, parsed into citations.

    Entries start at a marker ([1], 1., 1　) when the list has markers; otherwise an entry
    runs until a line that closes with a full stop (a PDF wraps entries over lines).
    """
    label_at = None
    for i in range(len(lines) - 1, body_start - 1, -1):
        match = REFERENCES_LABEL.match(lines[i].folded)
        if match and not lines[i].folded[match.end() :].strip():
            label_at = i
            break
    if label_at is None:
        return []
    entries: list[list[_Line]] = []
    body = lines[label_at + 1 :]
    marked = sum(bool(_REFERENCE_MARKER.match(_fold(line.text))) for line in body[:10]) >= 2
    closed = True
    for line in body:
        starts = bool(_REFERENCE_MARKER.match(_fold(line.text))) if marked else closed
        if starts or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
        closed = line.text.rstrip()[-1:] in ".。"
        if len(entries) > _MAX_REFERENCES:
            break
    out = []
    for k, entry in enumerate(entries, start=1):
        start, end = entry[0].start, entry[-1].end
        marker = _REFERENCE_MARKER.match(_fold(entry[0].text)) if marked else None
        text_start = start + (marker.end() if marker else 0)
        while text_start < end and text[text_start].isspace():
            text_start += 1
        body_text = " ".join(line.text for line in entry)[text_start - start :]
        out.append({
            "id": f"ref{k}",
            "marker": marker.group().strip() if marker else None,
            "start": start,
            "end": end,
            "text_start": text_start,
            "citation": parse_citation(body_text),
        })
    return out


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
