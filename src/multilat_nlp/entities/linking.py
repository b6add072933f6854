"""Document-level alias linking: every mention of one real entity in a document gets one id.

The finder gives ids mention by mention (gazetteer id, the parenthesised abbreviation, or the
surface itself); two classes still split one entity across ids, and both are settled here:

* **a full name with its abbreviation in parentheses,** both found (《区域全面经济伙伴关系协定》
  （RCEP）, where a list knows RCEP too): the name takes the abbreviation's id;
* **same surface, same entity:** within a document, mentions with the same label and the same
  surface (title marks 《》 and spaces aside) are one entity. The id is the first *defined* one in
  the document (an id that is not just the surface: a gazetteer id or the author's abbreviation),
  so 《全面与进步跨太平洋伙伴关系协定》 joins its later mention CPTPP, and an author's own
  abbreviation (欧亚经济联盟(EEC)) wins over a list's id for the later mentions too.
* **short forms:** a PERSON, ORG, LAW or POLICY mention found by a pattern or the model (never
  a gazetteer entry, whose id is curated) whose surface is the given-name part of a foreign
  name (鲁杰 of 约翰·鲁杰), or (not for people) a prefix or suffix of exactly one longer mention
  of the same label in the document, takes that mention's id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the finder imports this module
    from multilat_nlp.entities.finder import Mention

DOTS = "·•・"
_SHORT_FORM_LABELS = ("PERSON", "ORG", "LAW", "POLICY")
_OPEN = "（("
_CLOSE = "）)"


#: Labels whose mentions are linked (numbers and dates are their own canonical forms).
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "POLICY", "WORK_OF_ART"}
)


def _key(surface: str) -> str:
    if surface.isalnum():
        return surface
    return surface.strip("《》").replace(" ", "").replace("\n", "")


def _short_forms(full: str, label: str) -> set[str]:
    """基欧汉 of 罗伯特·基欧汉; 人民银行 of 中国人民银行, 海牛队 of 青岛海牛队 (not for people:
    张三 and 张三丰 are two)."""
    forms = {full.rsplit(d, 1)[-1] for d in DOTS if d in full}
    if label != "PERSON":
        forms.update(full[:n] for n in range(2, len(full)))
        forms.update(full[-n:] for n in range(2, len(full)))
    forms.discard(full)
    return forms


def _parenthesised(text: str, mentions: list[Mention]) -> list[Mention]:
    """NAME（ABBR）, both found (a list knows RCEP too): the name takes the abbreviation's id."""
    for i in range(len(mentions) - 1):
        name, abbr = mentions[i], mentions[i + 1]
        if (
            name.label == abbr.label
            and abbr.start == name.end + 1
            and text[name.end : name.end + 1] in _OPEN
            and text[abbr.end : abbr.end + 1] in _CLOSE
            and abbr.canonical != name.canonical
        ):
            mentions[i] = replace(name, canonical=abbr.canonical)
    return mentions


def link_document(text: str, found: Sequence[Mention]) -> list[Mention]:
    mentions = _parenthesised(text, sorted(found, key=lambda m: m.start))
    named = [i for i, m in enumerate(mentions) if m.label in NAME_LABELS]
    keys = {i: _key(text[mentions[i].start : mentions[i].end]) for i in named}
    first_defined: dict[tuple[str, str], str] = {}
    for i in named:
        m = mentions[i]
        if m.canonical != keys[i] and _key(m.canonical) != keys[i]:
            first_defined.setdefault((m.label, keys[i]), m.canonical)
    for i in named:
        m = mentions[i]
        ident = first_defined.get((m.label, keys[i]), m.canonical)
        if ident != m.canonical:
            mentions[i] = replace(m, canonical=ident)
    short = [
        i
        for i in named
        if mentions[i].label in _SHORT_FORM_LABELS
        and mentions[i].source != "gazetteer"
        and mentions[i].canonical == keys[i]
        and len(keys[i]) >= 2
    ]
    if not short:
        return mentions
    # every short form of every longer name: (label, short form) -> the ids it may stand for
    forms: dict[tuple[str, str], set[str]] = {}
    for i in {(mentions[i].label, keys[i]): i for i in named}.values():
        m, full = mentions[i], keys[i]
        if m.label not in _SHORT_FORM_LABELS or len(full) < 3:
            continue
        for part in _short_forms(full, m.label):
            forms.setdefault((m.label, part), set()).add(m.canonical)
    for i in short:
        m = mentions[i]
        ids = forms.get((m.label, keys[i]), set()) - {m.canonical}
        if len(ids) == 1:
            mentions[i] = replace(m, canonical=next(iter(ids)))
    return mentions
