"""Argument units: the sentences of a document that carry argument, with their context.

Headings, the title, author and keyword lines, footnotes and ritual units (各位代表！) are not
units; pull-quote copies never reach ``doc.text`` (the cleaner drops them). Each unit keeps what a
tagger needs about where it stands: section, section role, paragraph role, genre and position.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from spacy.tokens import Doc

from multilat_nlp.arguments.lexicon import profiles
from multilat_nlp.document import sentence_offsets


@dataclass
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


class _TokenTags:
    """The tag of the token starting at a character offset, without building every Token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [int(v) for v in doc.to_array("IDX")] if len(doc) else []

    def get(self, position: int, default: str = "") -> str:
        k = bisect_left(self.starts, position)
        if k < len(self.starts) and self.starts[k] == position:
            token = self.doc[k]
            return default if token.is_space else str(token.tag_)
        return default


def build_units(doc: Doc, text: str | None = None) -> list[Unit]:
    """The argument units of a processed Doc (needs sentences; uses structure if present)."""
    text = doc.text if text is None else text
    sections: list[Mapping[str, Any]] = list(doc._.sections or [])
    by_id = {str(s["id"]): s for s in sections}
    meta = doc._.meta or {}
    abstract = meta.get("abstract")
    label_span = (meta.get("spans") or {}).get("abstract_label")
    genre = detect_genre(text, meta)
    excluded = sorted(_excluded_ranges(doc))
    reach = list(accumulate((high for _, high in excluded), max))
    ritual = profiles().ritual
    token_tag = _TokenTags(doc)

    units: list[Unit] = []
    paragraph = 0
    previous_end = 0
    for index, (start, end) in enumerate(sentence_offsets(doc)):
        if "\n" in text[previous_end:start]:
            paragraph += 1
        previous_end = end
        if _inside_excluded(start, end, excluded, reach):
            continue
        if label_span and start <= int(label_span["start"]) < end and abstract:
            start = max(start, int(abstract["start"]))
            while start < end and text[start].isspace():
                start += 1
        surface = text[start:end]
        if not surface.strip() or (ritual is not None and ritual.search(surface)):
            continue
        section = _deepest_section(sections, start)
        titles: list[str] = []
        heading_tags: list[str] = []
        node = section
        while node is not None:
            titles.append(str(node.get("title") or ""))
            heading_tags.append(token_tag.get(int(node.get("title_start") or -1), ""))
            parent = node.get("parent")
            node = by_id.get(str(parent)) if parent else None
        role = ""
        if abstract and int(abstract["start"]) <= start < int(abstract["end"]):
            role = "abstract"
        else:
            for title in titles:
                role = _section_role(title)
                if role:
                    break
            if not role:
                role = _heading_form_role(heading_tags)
            if not role:
                role = "front" if section is None else "body"
        units.append(
            Unit(
                sentence=index,
                start=start,
                end=end,
                text=surface,
                section=str(section["id"]) if section else None,
                section_title=titles[0] if titles else "",
                role=role,
                paragraph=paragraph,
                genre=genre,
                first_token_tag=token_tag.get(start, ""),
                parent_section=(
                    str(section["parent"]) if section and section.get("parent") else None
                ),
            )
        )
    _mark_positions(units)
    return units


def _deepest_section(
    sections: Sequence[Mapping[str, Any]], position: int
) -> Mapping[str, Any] | None:
    best: Mapping[str, Any] | None = None
    for section in sections:
        if int(section["start"]) <= position < int(section["end"]) and (
            best is None or int(section["level"]) >= int(best["level"])
        ):
            best = section
    return best


def _mark_positions(units: list[Unit]) -> None:
    """Paragraph/section boundaries, and paragraph roles opened by a lead (genre note 2)."""
    leads = profiles().paragraph_roles
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
            for name, pattern in leads:
                if pattern.search(unit.text):
                    role = name
                    break
        unit.paragraph_role = role
