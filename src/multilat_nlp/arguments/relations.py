"""Relations between labelled units: elaborate, motivate, support (the scheme's relation layer).

* elaborate: an enumerated item (一是/第一/首先/（一）) or a ；-list item → the lead of its list;
  a recommendation → the proposal it details (see ``_recommendation_head``); a problem item →
  the problem lead of its run.
* motivate: the first PROBLEM of a run, or one a RECOMMENDATION follows in its paragraph →
  the next RECOMMENDATION that answers it.
* support: EVIDENCE / EXAMPLE / CAUSE → the nearest claim-like unit of its paragraph; a CLAIM
  in the middle of a paragraph → the recommendation or conclusion it backs.

Heads are indices into the unit list; the caller turns them into sentence indices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from multilat_nlp.arguments.features import AnalysedUnit
from multilat_nlp.arguments.units import furniture

_CLAIM_LIKE = frozenset({"CLAIM", "CONCLUSION", "RECOMMENDATION"})
_SUPPORTED = _CLAIM_LIKE | {"PROBLEM"}  # what evidence, an example or a cause supports
_MOTIVATE_WINDOW = 15
_STYLES = (
    ("di", re.compile(r"^[^，,]{0,8}[，,]?第[一二三四五六七八九十]+")),
    ("shi", re.compile(r"^[^，,]{0,8}[，,]?[一二三四五六七八九十]+是")),
    ("order", re.compile(r"^[^，,]{0,8}[，,]?(首先|其次|再次|最后)")),
    ("paren", re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]")),
)


def _style(text: str) -> str | None:
    for name, pattern in _STYLES:
        if pattern.search(text):
            return name
    return None


def _earlier_in_paragraph(sections: Sequence[str | None], i: int, start: int) -> list[int]:
    """The earlier units of unit ``i``'s paragraph (which opens at ``start``) in its section,
    nearest first: built only for the labels that read them."""
    section = sections[i]
    return [j for j in range(i - 1, start - 1, -1) if sections[j] == section]


def _chain_start(units: Sequence[AnalysedUnit], i: int) -> int:
    while i > 0 and units[i].after_semicolon:
        i -= 1
    return i


def _recommendation_head(
    units: Sequence[AnalysedUnit],
    labels: Sequence[str],
    i: int,
    in_paragraph: Sequence[int],
    first_recommendation: Mapping[str | None, int],
    enumerated_recommendation: Mapping[str | None, int],
) -> int | None:
    """The proposal a recommendation details: the first recommendation of its paragraph; for
    a paragraph's first one, the latest enumerated proposal of the section, else the section's
    lead; for a section's lead, the lead of the parent section (the body thesis)."""
    earlier = [j for j in in_paragraph if labels[j] == "RECOMMENDATION"]
    if earlier:
        return earlier[-1]
    section = units[i].unit.section
    if section in enumerated_recommendation:
        return enumerated_recommendation[section]
    if section in first_recommendation:
        return first_recommendation[section]
    parent = units[i].unit.parent_section
    return None if parent is None else first_recommendation.get(parent)


def link(units: Sequence[AnalysedUnit], labels: Sequence[str]) -> list[tuple[str, int] | None]:
    """``(type, head)`` for each unit, or ``None`` (tops of blocks, first units). Furniture
    (``units.furniture``: table cells, （鼓掌）, source lines) takes no part: it is never a head
    and has no relation."""
    kept = [i for i, item in enumerate(units) if not furniture(item.unit)]
    if len(kept) == len(units):
        return _link(units, labels)
    inner = _link([units[i] for i in kept], [labels[i] for i in kept])
    relations: list[tuple[str, int] | None] = [None] * len(units)
    for i, relation in zip(kept, inner, strict=True):
        if relation is not None:
            relations[i] = (relation[0], kept[relation[1]])
    return relations


def _link(units: Sequence[AnalysedUnit], labels: Sequence[str]) -> list[tuple[str, int] | None]:
    relations: list[tuple[str, int] | None] = [None] * len(units)
    lead_of_style: dict[tuple[str | None, str], int] = {}
    # What earlier units of a section are needed, kept as we go (a scan back over the section
    # for every unit made long unstructured texts quadratic).
    last_in_section: dict[str | None, int] = {}
    first_recommendation: dict[str | None, int] = {}
    enumerated_recommendation: dict[str | None, int] = {}
    paragraphs = [item.unit.paragraph for item in units]
    sections = [item.unit.section for item in units]
    paragraph_start = 0  # the first unit of the current paragraph
    for i, item in enumerate(units):
        unit = item.unit
        label = labels[i]
        if i:
            before = units[i - 1]
            section_before = before.unit.section
            last_in_section[section_before] = i - 1
            if labels[i - 1] == "RECOMMENDATION":
                if section_before not in first_recommendation:
                    first_recommendation[section_before] = i - 1
                elif before.cues.enumerated:
                    enumerated_recommendation[section_before] = i - 1
        if not i or paragraphs[i - 1] != paragraphs[i]:
            paragraph_start = i
        style = _style(unit.text) if item.cues.enumerated else None
        if style is not None:
            key = (unit.section, style)
            if key not in lead_of_style and unit.section in last_in_section:
                lead_of_style[key] = last_in_section[unit.section]
            if key in lead_of_style:
                relations[i] = ("elaborate", lead_of_style[key])
                continue
        if item.after_semicolon:
            start = _chain_start(units, i)
            if start != i:
                relations[i] = ("elaborate", start)
                continue
        if label == "PROBLEM":
            previous = i - 1
            answered_next = (
                i + 1 < len(units)
                and labels[i + 1] == "RECOMMENDATION"
                and units[i + 1].unit.paragraph == unit.paragraph
            )
            if (
                not answered_next
                and previous >= 0
                and labels[previous] == "PROBLEM"
                and units[previous].unit.paragraph == unit.paragraph
            ):
                lead = previous
                while relations[lead] is not None and relations[lead][0] == "elaborate":  # type: ignore[index]
                    lead = relations[lead][1]  # type: ignore[index]
                relations[i] = ("elaborate", lead)
                continue
            for j in range(i + 1, min(len(units), i + 1 + _MOTIVATE_WINDOW)):
                if labels[j] == "RECOMMENDATION":
                    relations[i] = ("motivate", j)
                    break
            continue
        if label in ("EVIDENCE", "EXAMPLE", "CAUSE"):
            in_paragraph = _earlier_in_paragraph(sections, i, paragraph_start)
            targets = [j for j in in_paragraph if labels[j] in _SUPPORTED]
            if targets:
                relations[i] = ("support", targets[0])
            elif in_paragraph:
                relations[i] = ("support", in_paragraph[0])
            continue
        if label == "RECOMMENDATION":
            head = _recommendation_head(
                units, labels, i, _earlier_in_paragraph(sections, i, paragraph_start),
                first_recommendation, enumerated_recommendation,
            )
            if head is not None:
                relations[i] = ("elaborate", head)
            continue
        if label in ("CLAIM", "BACKGROUND") and not unit.first_in_paragraph:
            relation = "motivate" if label == "BACKGROUND" else "support"
            for j in range(i + 1, len(units)):
                if units[j].unit.paragraph != unit.paragraph:
                    break
                if labels[j] in ("RECOMMENDATION", "CONCLUSION"):
                    relations[i] = (relation, j)
                    break
            else:
                in_paragraph = _earlier_in_paragraph(sections, i, paragraph_start)
                if in_paragraph:
                    relations[i] = ("elaborate", in_paragraph[0])
    return relations
