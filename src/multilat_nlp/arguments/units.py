"""Argument units: the sentences of a document that carry argument, with their context.

Headings, the title, author and keyword lines, footnotes and ritual units (各位代表！) are not
units; pull-quote copies never reach ``doc.text`` (the cleaner drops them). Furniture (the
front's fragments: mastheads, bylines, datelines, record fields; table cells and codes without
a Han character or a clause mark; source lines and stage directions the genre profiles list) is
made of units the tagger reads, for positions, but the output leaves out (:func:`furniture`).
Each unit keeps what a tagger needs about where it stands: section, section role, paragraph
role, genre and position.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import numpy
from numpy.typing import NDArray
from spacy.tokens import Doc

from multilat_nlp.arguments.lexicon import profiles
from multilat_nlp.arguments.scan import UnitTexts
from multilat_nlp.doc_text import doc_text
from multilat_nlp.document import sentence_offsets
from multilat_nlp.text import COMMA_LIKE, TERMINAL_CHARS
from multilat_nlp.text.script import HAN

#: A unit of the front needs one of these to be a clause (、 only lists: 文化、广电、新闻出版).
_CLAUSE_MARKS = frozenset(TERMINAL_CHARS + COMMA_LIKE) - {"、"}
_FRAGMENT_CHARS = 40  # a longer line without a mark is prose the extraction ran together
_LABEL_CHARS = 8  # a label alone (发文机关：, 主 题 词：) is a fragment; a longer … ： leads a list


@dataclass(slots=True)
class Unit:
    """One argument unit: offsets into ``doc.text`` and its positional context."""

    sentence: int
    start: int
    end: int
    text: str
    section: str | None
    section_title: str
    role: str
    paragraph: int
    genre: str
    first_token_tag: str = ""
    paragraph_role: str = ""
    first_in_paragraph: bool = False
    last_in_paragraph: bool = False
    first_in_section: bool = False
    parent_section: str | None = None


def furniture(unit: Unit) -> bool:
    """Whether a unit is no clause of the argument: a table cell or code (０．５６, ［０．５３］,
    (CPC842), a private-use glyph: no Han character and no clause mark), a line the genre
    profiles name (（鼓掌）, （新华社北京3月12日电）), or a fragment of the front (社 会,
    国务院总理周恩来, ——2003年3月5日在第十届全国人民代表大会第一次会议上, 发文机关：). A unit
    ending in a clause mark is never furniture; the profiles' patterns match at its start."""
    core = unit.text.strip()
    if core[-1:] in _CLAUSE_MARKS:
        return False  # a clause (most units end in one of the marks: one look)
    pattern = profiles().furniture
    if pattern is not None and pattern.match(core):
        return True
    if not _CLAUSE_MARKS.isdisjoint(core):
        return False
    if HAN.search(core) is None:
        return True
    if unit.section is not None or unit.role != "front" or len(core) > _FRAGMENT_CHARS:
        return False
    return core[-1:] not in "：:" or len(core) <= _LABEL_CHARS


def detect_genre(text: str, meta: Mapping[str, Any] | None) -> str:
    """The first genre profile whose markers occur near the top of the text."""
    table = profiles()
    for name, markers, head_chars in table.genres:
        head = text[:head_chars]
        if any(marker in head for marker in markers):
            return name
    if meta and meta.get("abstract"):
        return "paper"
    return table.default_genre


def _section_role(title: str) -> str:
    for role, words in profiles().section_roles:
        if any(word in title for word in words):
            return role
    return ""


def _heading_form_role(tags: Sequence[str]) -> str:
    """The role a heading's first word class implies (deepest heading first), or ""."""
    for tag in tags:
        for prefix, role in profiles().heading_pos_roles:
            if tag.startswith(prefix):
                return role
    return ""


def _excluded_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Heading lines, meta lines (title, authors, keyword line, affiliations) and footnotes."""
    ranges: list[tuple[int, int]] = []
    for section in doc._.sections or []:
        if not section.get("run_in"):
            title_end = int(section.get("title_end") or section["start"])
            ranges.append((int(section["start"]), title_end))
    meta = doc._.meta or {}
    spans = meta.get("spans") or {}
    for key in ("title", "authors", "affiliations", "keywords"):
        value = spans.get(key)
        found = [s for s in (value if isinstance(value, list) else [value]) if s]
        if found:  # the keyword line is one range, not four short words
            ranges.append((min(int(s["start"]) for s in found), max(int(s["end"]) for s in found)))
    for note in doc._.footnotes or []:
        ranges.append((int(note["start"]), int(note["end"])))
    return ranges


def _inside_excluded(start: int, end: int, ranges: Sequence[tuple[int, int]],
                     reach: Sequence[int]) -> bool:
    """Whether half of ``start:end`` lies in one range (``ranges`` sorted by start, ``reach``
    the running maximum of their ends, so the backward scan stops at the first range that
    cannot reach ``start``)."""
    k = bisect_right(ranges, (end, end)) - 1
    while k >= 0 and reach[k] > start:
        low, high = ranges[k]
        overlap = min(end, high) - max(start, low)
        if overlap > 0 and overlap >= 0.5 * (end - start):
            return True
        k -= 1
    return False


TOKEN_ATTRS: list[int | str] = ["IDX", "TAG"]
"""The token columns the units read (``doc.to_array(TOKEN_ATTRS)``): offset and tag.
(``IS_SPACE`` would cost as much as both: whitespace is read only where a token starts with it.)"""


def _first_tags(doc: Doc, positions: Sequence[int],
                array: NDArray[numpy.float64] | None = None, text: str | None = None
                ) -> list[str]:
    """The tag of the token starting at each character offset ("" where none starts there, or
    it is whitespace), from the Doc's arrays: no Token objects but for the tokens that start
    with whitespace. ``array`` is ``doc.to_array(TOKEN_ATTRS)`` and ``text`` the Doc's text,
    when the caller has them already."""
    if not len(doc) or not positions:
        return [""] * len(positions)
    if array is None:
        array = doc.to_array(TOKEN_ATTRS)
    text = doc_text(doc) if text is None else text
    starts = array[:, 0].astype(numpy.int64)
    wanted = numpy.asarray(positions, dtype=numpy.int64)
    k = numpy.minimum(numpy.searchsorted(starts, wanted), len(starts) - 1)
    hit = starts[k] == wanted
    strings = doc.vocab.strings
    names: dict[int, str] = {}
    tags: list[str] = []
    for found, index, start, tag in zip(hit.tolist(), k.tolist(), wanted.tolist(),
                                        array[k, 1].tolist(), strict=True):
        # A token whose first character is not whitespace is no whitespace token.
        if not found or (text[start].isspace() and doc[index].is_space):
            tags.append("")
            continue
        name = names.get(tag)
        if name is None:
            name = names[tag] = strings[tag] if tag else ""
        tags.append(name)
    return tags


class _SectionLookup:
    """The deepest section containing a position (highest level; of equals, the one listed
    last), by binary search over the points where the set of open sections changes."""

    def __init__(self, sections: Sequence[Mapping[str, Any]]) -> None:
        events = sorted({int(s["start"]) for s in sections} | {int(s["end"]) for s in sections})
        opening: dict[int, list[int]] = {}
        for k, section in enumerate(sections):
            opening.setdefault(int(section["start"]), []).append(k)
        self.breaks = events
        self.deepest: list[int | None] = []
        heap: list[tuple[int, int]] = []
        for point in events:
            for k in opening.get(point, ()):
                heapq.heappush(heap, (-int(sections[k]["level"]), -k))
            while heap and int(sections[-heap[0][1]]["end"]) <= point:
                heapq.heappop(heap)
            self.deepest.append(-heap[0][1] if heap else None)

    def __call__(self, position: int) -> int | None:
        j = bisect_right(self.breaks, position) - 1
        return None if j < 0 else self.deepest[j]


@dataclass(frozen=True, slots=True)
class _SectionFacts:
    """What every unit of one section shares."""

    id: str
    title: str
    role: str  # from the heading words or form of the section and its ancestors, else "body"
    parent: str | None


def _section_facts(section: Mapping[str, Any], by_id: Mapping[str, Mapping[str, Any]],
                   tag_at: Mapping[int, str]) -> _SectionFacts:
    titles: list[str] = []
    heading_tags: list[str] = []
    node: Mapping[str, Any] | None = section
    while node is not None:
        titles.append(str(node.get("title") or ""))
        heading_tags.append(tag_at.get(int(node.get("title_start") or -1), ""))
        parent = node.get("parent")
        node = by_id.get(str(parent)) if parent else None
    role = ""
    for title in titles:
        role = _section_role(title)
        if role:
            break
    if not role:
        role = _heading_form_role(heading_tags)
    return _SectionFacts(str(section["id"]), titles[0], role or "body",
                         str(section["parent"]) if section.get("parent") else None)


def build_units(doc: Doc, text: str | None = None,
                array: NDArray[numpy.float64] | None = None) -> list[Unit]:
    """The argument units of a processed Doc (needs sentences; uses structure if present).
    ``array`` is ``doc.to_array(TOKEN_ATTRS)`` when the caller has it already."""
    text = doc_text(doc) if text is None else text
    sections: list[Mapping[str, Any]] = list(doc._.sections or [])
    by_id = {str(s["id"]): s for s in sections}
    meta = doc._.meta or {}
    abstract = meta.get("abstract")
    abstract_span = (int(abstract["start"]), int(abstract["end"])) if abstract else None
    label_span = (meta.get("spans") or {}).get("abstract_label")
    genre = detect_genre(text, meta)
    excluded = sorted(_excluded_ranges(doc))
    reach = list(accumulate((high for _, high in excluded), max))
    title_starts = [int(s.get("title_start") or -1) for s in sections]
    if array is None and len(doc):  # read once, for both look-ups
        array = doc.to_array(TOKEN_ATTRS)
    tag_at = dict(zip(title_starts, _first_tags(doc, title_starts, array, text),
                      strict=True))
    deepest = _SectionLookup(sections)

    units: list[Unit] = []
    append = units.append
    paragraph = 0
    previous_end = 0
    # Per section index, what its units share: (id, title, role, parent); None: the front.
    context: dict[int | None, tuple[str | None, str, str, str | None]] = {
        None: (None, "", "front", None)
    }
    label_start = int(label_span["start"]) if label_span and abstract else -1
    for index, (start, end) in enumerate(sentence_offsets(doc)):
        if "\n" in text[previous_end:start]:
            paragraph += 1
        previous_end = end
        if _inside_excluded(start, end, excluded, reach):
            continue
        if start <= label_start < end and abstract:
            start = max(start, int(abstract["start"]))
            while start < end and text[start].isspace():
                start += 1
        surface = text[start:end]
        if not surface or surface.isspace():
            continue
        k = deepest(start)
        shared = context.get(k)
        if shared is None:
            assert k is not None  # the front (None) is in ``context`` from the start
            fact = _section_facts(sections[k], by_id, tag_at)
            shared = context[k] = (fact.id, fact.title, fact.role, fact.parent)
        section, title, role, parent = shared
        if abstract_span and abstract_span[0] <= start < abstract_span[1]:
            role = "abstract"
        append(Unit(index, start, end, surface, section, title, role, paragraph, genre,
                    parent_section=parent))
    ritual = profiles().ritual
    if ritual is not None and units:
        drop = UnitTexts([unit.text for unit in units]).units_with(ritual)
        units = [unit for k, unit in enumerate(units) if k not in drop]
    tags = _first_tags(doc, [unit.start for unit in units], array, text)
    for unit, tag in zip(units, tags, strict=True):
        unit.first_token_tag = tag
    _mark_positions(units)
    return units


def _mark_positions(units: list[Unit]) -> None:
    """Paragraph/section boundaries, and paragraph roles opened by a lead (genre note 2)."""
    leads = profiles().paragraph_roles
    texts = UnitTexts([unit.text for unit in units]) if leads and units else None
    opens = [(name, texts.units_with(pattern) if texts else set()) for name, pattern in leads]
    role = ""
    for i, unit in enumerate(units):
        before = units[i - 1] if i else None
        after = units[i + 1] if i + 1 < len(units) else None
        unit.first_in_paragraph = before is None or before.paragraph != unit.paragraph
        unit.last_in_paragraph = after is None or after.paragraph != unit.paragraph
        unit.first_in_section = before is None or before.section != unit.section
        if unit.first_in_paragraph:
            role = ""
        if not role:
            for name, found in opens:
                if i in found:
                    role = name
                    break
        unit.paragraph_role = role
