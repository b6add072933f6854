"""What the keyword methods see of a ``Doc``: tokens, their word class, and the text's zones.

Reading spaCy ``Token`` objects one by one costs about as much as segmenting the text, so the
view pulls offsets, surfaces and tags out with one ``Doc.to_array`` call and works on plain
lists from then on.

Word classes come from the POS stage when it ran (jieba tags in ``token.tag_``, or UD tags in
``token.pos_`` from any other tagger); otherwise from jieba's dictionary tag for the surface
form, with a guess from the characters for words jieba does not list.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
from spacy.tokens import Doc

Array = np.ndarray[Any, Any]


class WordClass(IntEnum):
    """How a token may take part in a keyword."""

    OTHER = 0  # function words, punctuation: break a phrase
    NOUN = 1  # may be a keyword, and may end a phrase
    MODIFIER = 2  # may start or sit inside a phrase (大, 非线性, 多边合作)
    VERB = 3  # may sit between nouns (全球 治理 机制) and is a TextRank node
    EXCLUDED = 4  # numbers, dates, URLs: never part of a keyword


# jieba / ICTCLAS tags.
_JIEBA_CLASSES: dict[str, WordClass] = {
    **dict.fromkeys(
        ("n", "nr", "nr1", "nr2", "nrj", "nrf", "nrfg", "nrt", "ns", "nsf", "nt", "nz", "nl",
         "ng", "nw", "vn", "an", "j", "eng", "l", "gi", "gm", "gp", "gc", "gb", "gbc", "gg"),
        WordClass.NOUN,
    ),
    **dict.fromkeys(("a", "ag", "b", "bl", "f", "s"), WordClass.MODIFIER),
    **dict.fromkeys(("v", "vd", "vf", "vx", "vi", "vl", "vg"), WordClass.VERB),
    **dict.fromkeys(("m", "mq", "mg", "q", "qv", "qt", "tg"), WordClass.EXCLUDED),
}
# Universal Dependencies POS, for taggers that give no jieba tag.
_UD_CLASSES: dict[str, WordClass] = {
    "NOUN": WordClass.NOUN,
    "PROPN": WordClass.NOUN,
    "ADJ": WordClass.MODIFIER,
    "VERB": WordClass.VERB,
    "NUM": WordClass.EXCLUDED,
}

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
# A Latin keyword is an acronym (WTO, CPTPP, GDP) or a word of four letters or more: shorter
# lower-case tokens are mostly units and symbols (kg, pH, mg).
_LATIN_WORD = re.compile(r"^(?:[A-Z][A-Z0-9&.+\-]+|[A-Za-z][a-z]{3,}[A-Za-z0-9\-']*)$")
_LATIN_ANY = re.compile(r"^[A-Za-z0-9&.+\-']+$")
_NUMERIC = re.compile(
    r"^[\d０-９.,，．·%％‰+\-~～/:：]+[年月日号时分秒%万亿千百元个项次岁倍期届]*$"
    r"|^[零〇一二三四五六七八九十百千万亿两第]+[年月日号个项次岁倍期届条款章节]*$"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()（）\"“”]+|[\w.+-]+@[\w-]+\.[\w.]+", re.ASCII)
_KEYWORD_LINE = re.compile(
    r"^[ \t\u3000]*[\[【〔]?(?:关键词|关键字|主题词|Key\s*words?)[\]】〕]?[ \t\u3000]*[:：].*$",
    re.MULTILINE | re.IGNORECASE,
)
_FOOTNOTE_START = re.compile(
    r"^[ \t\u3000]*(?:\[\d{1,3}\]|\d{1,3}(?![\d年月日.%])|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[①-⑳])[ \t\u3000]*\S"
)
_CITATION_CUE = re.compile(
    r"https?://|www\.|\bVol\.|\bNo\.\s*\d|\bpp?\.\s*\d|\bet al\.|第\s*\d+\s*[期卷页]|出版社|"
    r"\d{4}\s*年\s*第|《[^》]+》\s*[,，]|[,，]\s*\d{4}[-/]\d{1,2}[-/]\d{1,2}"
)
_HEADING = re.compile(
    r"^[ \t\u3000]*(?:第[一二三四五六七八九十百\d]+[章节部分编]|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[）)]|\d+(?:\.\d+)*[、.．\s])"
)
_TERMINALS = "。！？!?；;"
_LATIN_CHAR = re.compile(r"[A-Za-z]")
_ABSTRACT_LABEL = re.compile(
    r"[ \t\u3000]*[\[【]?(?:摘\s*要|内容提要|提\s*要|Abstract)", re.IGNORECASE
)

#: Weights of a mention by where it stands (structure-aware scoring). Fixed a priori from the
#: positional heuristics of the keyphrase literature (title > abstract/headings > lead
#: paragraphs > body: Kim et al. 2013; Florescu & Caragea 2017), not fitted on any data.
ZONE_WEIGHTS: Mapping[str, float] = {
    "title": 3.0,
    "abstract": 2.0,
    "heading": 2.0,
    "lead": 1.5,
    "body": 1.0,
}


def tag_class(tag: str, pos: str = "") -> WordClass | None:
    """The class a tagger's label implies; ``None`` when the label says nothing we know."""
    if tag in _JIEBA_CLASSES:
        return _JIEBA_CLASSES[tag]
    if tag:
        head = tag[0]
        if head in ("u", "p", "c", "d", "r", "e", "y", "o", "h", "k", "x", "w", "z"):
            return WordClass.OTHER
    if pos:
        return _UD_CLASSES.get(pos, WordClass.OTHER)
    return None


def guess_class(word: str, lexicon_tags: Mapping[str, str]) -> WordClass:
    """A word class from the surface alone, when no tagger ran."""
    if _NUMERIC.match(word) or word[:1].isdigit():
        return WordClass.EXCLUDED
    if _LATIN_ANY.match(word) and not _LATIN_WORD.match(word):
        return WordClass.OTHER
    tag = lexicon_tags.get(word)
    if tag is not None:
        known = tag_class(tag)
        if known is not None:
            return known
    if _LATIN_WORD.match(word):
        return WordClass.NOUN
    if len(word) >= 2 and _HAN.search(word):
        return WordClass.NOUN  # words jieba's HMM found are mostly names and new terms
    return WordClass.OTHER


@dataclass
class TokenView:
    """The non-space tokens of a text as arrays, with one entry per distinct token kind.

    A *kind* is a distinct (surface, tag, POS) triple; word classes and lengths are worked out
    once per kind, and token-level arrays index into them, so the scorers can vectorise.
    """

    text: str
    kinds: Array  # per token: index into ``forms`` and ``kind_classes``
    forms: list[str]  # per kind: the surface form
    kind_classes: Array  # per kind: a WordClass value
    starts: Array  # per token: character offset
    ends: Array
    blocked: Array  # per token: inside the keyword line, a footnote, a citation line or a URL
    weights: Array  # per token: zone weight (1.0 everywhere unless zones were computed)

    def __len__(self) -> int:
        return len(self.kinds)

    @functools.cached_property
    def words(self) -> list[str]:
        forms = self.forms
        return [forms[k] for k in self.kinds.tolist()]

    @functools.cached_property
    def classes(self) -> Array:
        """Per token: a WordClass value."""
        return self.kind_classes[self.kinds] if len(self.kinds) else np.zeros(0, np.int64)

    @functools.cached_property
    def start_list(self) -> list[int]:
        return list(self.starts.tolist())


def build_view(
    doc: Doc,
    *,
    lexicon_tags: Mapping[str, str],
    use_declared: bool = False,
    zones: bool = True,
    memo: dict[tuple[str, str, str, bool], int] | None = None,
) -> TokenView:
    """Read ``doc`` once into a :class:`TokenView`; ``memo`` keeps word classes across docs."""
    empty = np.zeros(0, dtype=np.int64)
    if len(doc) == 0:
        return TokenView(doc.text, empty, [], empty, empty, empty, empty.astype(bool),
                         empty.astype(float))
    array = doc.to_array(["IDX", "ORTH", "TAG", "POS", "IS_SPACE", "SPACY"])  # uint64 hashes
    strings = doc.vocab.strings
    # Classes are worked out once per distinct (form, tag, POS), not per token.
    orths, orth_of = np.unique(array[:, 1], return_inverse=True)
    tags, tag_of = np.unique(array[:, 2], return_inverse=True)
    poses, pos_of = np.unique(array[:, 3], return_inverse=True)
    code = (orth_of.reshape(-1) * len(tags) + tag_of.reshape(-1)) * len(poses) + pos_of.reshape(-1)
    codes, kind_of = np.unique(code, return_inverse=True)
    kind_of = kind_of.reshape(-1)
    orth_forms = [strings[int(h)] for h in orths.tolist()]
    tag_names = [strings[int(h)] if h else "" for h in tags.tolist()]
    pos_names = [strings[int(h)] if h else "" for h in poses.tolist()]
    tagged = bool(array[:, 2].any() or array[:, 3].any())
    per_orth = len(tags) * len(poses)
    forms: list[str] = []
    classes: list[int] = []
    memo = {} if memo is None else memo
    for value in codes.tolist():
        orth, rest = divmod(value, per_orth)
        tag, pos = divmod(rest, len(poses))
        form = orth_forms[orth]
        forms.append(form)
        key = (form, tag_names[tag], pos_names[pos], tagged)
        found = memo.get(key)
        if found is None:
            found = int(_class_of(form, key[1], key[2], lexicon_tags, tagged=tagged))
            if len(memo) > 500_000:
                memo.clear()
            memo[key] = found
        classes.append(found)
    all_words = [forms[k] for k in kind_of.tolist()]
    text = "".join(
        [w + " " if sp else w for w, sp in zip(all_words, array[:, 5].tolist(), strict=True)]
    )
    keep = array[:, 4] == 0
    kinds = kind_of[keep].astype(np.int64)
    starts = array[keep, 0].astype(np.int64)
    lengths = np.fromiter(map(len, forms), dtype=np.int64, count=len(forms))
    ends = starts + lengths[kinds]
    blocked = _blocked_regions(doc, text, use_declared=use_declared)[starts]
    weights = zone_weights(doc, text)[starts] if zones else np.ones(len(starts))
    return TokenView(
        text, kinds, forms, np.asarray(classes, dtype=np.int64), starts, ends, blocked, weights
    )


def _class_of(
    word: str, tag: str, pos: str, lexicon_tags: Mapping[str, str], *, tagged: bool
) -> WordClass:
    if not tagged:
        return guess_class(word, lexicon_tags)
    if _NUMERIC.match(word) or word[:1].isdigit():
        return WordClass.EXCLUDED
    known = tag_class(tag, pos)
    if known is WordClass.NOUN and _LATIN_ANY.match(word):
        return WordClass.NOUN if _LATIN_WORD.match(word) else WordClass.OTHER
    return known if known is not None else guess_class(word, lexicon_tags)


def _blocked_regions(doc: Doc, text: str, *, use_declared: bool) -> np.ndarray[Any, Any]:
    """Characters no keyword may come from, as a boolean array over ``text``."""
    mask = np.zeros(len(text) + 1, dtype=bool)
    if not use_declared:
        for match in _KEYWORD_LINE.finditer(text):
            mask[match.start() : match.end()] = True
    for match in _URL.finditer(text):
        mask[match.start() : match.end()] = True
    footnotes = _extension(doc, "footnotes")
    if footnotes:
        for note in footnotes:
            if isinstance(note, Mapping) and "start" in note and "end" in note:
                mask[int(note["start"]) : int(note["end"])] = True
    for start, end in citation_lines(text):
        mask[start:end] = True
    return mask


def citation_lines(text: str) -> Iterable[tuple[int, int]]:
    """Lines that are footnotes or references: a note marker then a citation, or mostly Latin."""
    position = 0
    for line in text.splitlines(keepends=True):
        start, position = position, position + len(line)
        body = line.strip()
        if not body:
            continue
        if _FOOTNOTE_START.match(line) and _CITATION_CUE.search(line):
            yield start, position
        elif len(body) > 20 and _LATIN_CHAR.search(body):
            latin = len(_LATIN_CHAR.findall(body))
            if latin > 20 and latin > 2 * len(_HAN.findall(body)):
                yield start, position


def _extension(doc: Doc, name: str) -> Any:
    return getattr(doc._, name) if Doc.has_extension(name) else None


def zone_weights(doc: Doc, text: str) -> np.ndarray[Any, Any]:
    """A weight per character: title, abstract, headings and lead paragraphs weigh more.

    Uses the structure stage's ``doc._.meta`` and ``doc._.sections`` when present; otherwise
    takes the first line (or its first sentence, when that is short) as the title, a line
    opening with 摘要/内容提要/Abstract as the abstract, and short lines with a heading marker
    (一、 （一） 第一章 1.) as headings. Lead paragraphs are the first and last paragraph of each
    section (of the document, without sections), not counting the title, headings or the
    关键词 line.
    """
    weight = np.full(len(text) + 1, ZONE_WEIGHTS["body"], dtype=np.float64)
    lines = _lines(text)
    sections = [s for s in (_extension(doc, "sections") or []) if _has_span(s)]
    meta = _extension(doc, "meta") or {}
    if not isinstance(meta, Mapping):
        meta = {}

    def mark(start: int, end: int, zone: str) -> None:
        if 0 <= start < end:
            np.maximum(weight[start:end], ZONE_WEIGHTS[zone], out=weight[start:end])

    title_start, title_end = _title_span(meta, text, lines)
    mark(title_start, title_end, "title")
    # Abstract.
    abstract = meta.get("abstract")
    if isinstance(abstract, Mapping) and _has_span(abstract):
        mark(int(abstract["start"]), int(abstract["end"]), "abstract")
    else:
        for start, end in lines[:20]:
            if _ABSTRACT_LABEL.match(text[start:end]):
                mark(start, end, "abstract")
                break
    # Headings.
    if sections:
        for section in sections:
            if "title_start" in section and "title_end" in section:
                mark(int(section["title_start"]), int(section["title_end"]), "heading")
            else:  # the heading is the section's first line
                start, end = int(section["start"]), int(section["end"])
                newline = text.find("\n", start, end)
                mark(start, newline if newline >= 0 else end, "heading")
    else:
        for start, end in lines:
            if _looks_like_heading(text[start:end]):
                mark(start, end, "heading")
    # Lead paragraphs.
    paragraphs = []
    for start, end in lines:
        if _looks_like_heading(text[start:end]) or _KEYWORD_LINE.match(text, start, end):
            continue
        if start < title_end and end > title_start:  # the title's line: what follows it
            start = title_end
            while start < end and text[start] in _TERMINALS + " \t\u3000":
                start += 1
            if start >= end:
                continue
        paragraphs.append((start, end))
    blocks = [(int(s["start"]), int(s["end"])) for s in sections]
    if not blocks:  # a section runs from one heading line to the next
        cuts = [0, *(s for s, e in lines if _looks_like_heading(text[s:e])), len(text)]
        blocks = [(a, b) for a, b in itertools.pairwise(cuts) if a < b]
    for block_start, block_end in blocks:
        inside = [(s, e) for s, e in paragraphs if block_start <= s and e <= block_end]
        if inside:
            mark(*inside[0], "lead")
            mark(*inside[-1], "lead")
    return weight


def _title_span(
    meta: Mapping[str, Any], text: str, lines: list[tuple[int, int]]
) -> tuple[int, int]:
    """Where the title is: from the structure stage, or the first line's first sentence."""
    spans = meta.get("spans")
    span = spans.get("title") if isinstance(spans, Mapping) else None
    if isinstance(span, Mapping) and _has_span(span):
        return int(span["start"]), int(span["end"])
    title = meta.get("title")
    if isinstance(title, str) and title and (found := text.find(title)) >= 0:
        return found, found + len(title)
    for start, end in lines[:1]:
        first_sentence = _first_sentence_end(text, start, end)
        if first_sentence - start <= 60:
            return start, first_sentence
    return 0, 0


def _has_span(item: Any) -> bool:
    return isinstance(item, Mapping) and "start" in item and "end" in item


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as ``(start, end)`` without the line break."""
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if content.strip():
            spans.append((position, position + len(content)))
        position += len(line)
    return spans


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        len(stripped) <= 40
        and bool(_HEADING.match(stripped))
        and not stripped.endswith(tuple(_TERMINALS))
    )


def _first_sentence_end(text: str, start: int, end: int) -> int:
    for i in range(start, end):
        if text[i] in _TERMINALS:
            return i
    return end


def contains_han_or_latin(word: str) -> bool:
    return bool(_HAN.search(word)) or any(c.isascii() and c.isalpha() for c in word)


def find_mentions(text: str, term: str, regions: Sequence[tuple[int, int]] = ()) -> list[list[int]]:
    """Every occurrence of ``term`` in ``text`` (within ``regions`` if given), sorted.

    A term that begins or ends with a Latin letter or digit must not continue a Latin word
    (``AI`` is not found in ``MAIN``).
    """
    if not term:
        return []
    spans = regions or [(0, len(text))]
    found: list[list[int]] = []
    check_left = term[0].isascii() and term[0].isalnum()
    check_right = term[-1].isascii() and term[-1].isalnum()
    for lo, hi in spans:
        position = text.find(term, lo, hi)
        while position >= 0:
            end = position + len(term)
            left_ok = not (
                check_left and position > 0 and text[position - 1].isascii()
                and text[position - 1].isalnum()
            )
            right_ok = not (
                check_right and end < len(text) and text[end].isascii() and text[end].isalnum()
            )
            if left_ok and right_ok:
                found.append([position, end])
            position = text.find(term, position + 1, hi)
    return found
