"""Document-level alias linking: every mention of one real entity in a document gets one id.

The finder gives ids mention by mention (gazetteer id, the parenthesised abbreviation, or the
surface itself); the classes that still split one entity across ids are settled here (this
pass only changes ids: it runs again over a long document's pieces, where no token is split):

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
* **alias cues:** a name right after 又名 / 又称 / 简称 … takes the id of the name just before
  the cue (太平洋联盟(Alianza del Pacifico),又名拉美太平洋联盟);
* **scope variants:** organisations no list has whose names differ only in their first scope
  word (全球电商联盟 = 国际电商联盟) are one proposed body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the finder imports this module
    from multilat_nlp.entities.finder import Mention

DOTS = "·•・"
_SHORT_FORM_LABELS = ("PERSON", "ORG", "LAW", "POLICY")
_OPEN = "（("
#: Words that introduce another name of the entity just named (又名拉美太平洋联盟).
ALIAS_CUES = ("又名", "又称", "亦称", "也称", "或称", "简称", "全称", "通称", "俗称", "下称")
_LONGEST_CUE = max(len(c) for c in ALIAS_CUES)
_CUE_ENDS = frozenset({c[-1] for c in ALIAS_CUES} | {"“", '"'})
#: Scope words that an author uses interchangeably at the start of a proposed body's name.
SCOPE_WORDS = ("全球", "国际", "世界")
#: What may stand between a name and the cue: punctuation, spaces, a bracketed gloss.
_ALIAS_GAP = re.compile(r"(?:[\s,，、:：“”\"()（）]|[（(][^（）()\n]{0,60}[)）])*")
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


def _named_also(text: str, mentions: list[Mention]) -> list[Mention]:
    """NAME …，又名 OTHER: a name right after an alias cue (又名, 又称, 简称 …) is the same
    entity as the mention of the same label just before the cue, with only punctuation, spaces
    or a bracketed gloss between them (太平洋联盟(Alianza del Pacifico),又名拉美太平洋联盟).
    A curated id wins: the name takes the earlier mention's id unless only it came from a list."""
    for j in range(1, len(mentions)):
        other = mentions[j]
        if other.label not in NAME_LABELS:
            continue
        if text[other.start - 1 : other.start] not in _CUE_ENDS:
            continue  # the cheap test first: a cue (or a quote after it) ends right here
        window = max(0, other.start - _LONGEST_CUE - 1)
        before = text[window : other.start].rstrip("“\"")
        cue = next((c for c in ALIAS_CUES if before.endswith(c)), None)
        if cue is None:
            continue
        cue_start = window + len(before) - len(cue)
        i = j - 1
        name = mentions[i]
        if name.label != other.label or name.canonical == other.canonical:
            continue
        if not _ALIAS_GAP.fullmatch(text[name.end : cue_start]):
            continue
        if other.source == "gazetteer" and name.source != "gazetteer":
            mentions[i] = replace(name, canonical=other.canonical)
        else:
            mentions[j] = replace(other, canonical=name.canonical)
    return mentions


def _scope_variants(
    mentions: list[Mention], named: Sequence[int], keys: dict[int, str]
) -> list[Mention]:
    """全球电商联盟 = 国际电商联盟: organisations no list has (a body the author proposes)
    whose names differ only in the scope word they start with are one body in one document;
    the first one written gives the id. (Listed bodies keep their curated ids: 世界银行 and
    国际银行 stay apart.)"""
    first: dict[str, str] = {}
    for i in named:
        m = mentions[i]
        if m.label != "ORG" or m.source == "gazetteer" or m.canonical != keys[i]:
            continue
        scope = next((w for w in SCOPE_WORDS if keys[i].startswith(w)), None)
        rest = keys[i][len(scope) :] if scope else ""
        if len(rest) < 4:
            continue
        ident = first.setdefault(rest, m.canonical)
        if ident != m.canonical:
            mentions[i] = replace(m, canonical=ident)
    return mentions


def link_document(text: str, found: Sequence[Mention]) -> list[Mention]:
    mentions = _parenthesised(text, sorted(found, key=lambda m: m.start))
    mentions = _named_also(text, mentions)
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
    mentions = _scope_variants(mentions, named, keys)
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
    # every short form of every longer name that is one of the short mentions: (label, short
    # form) -> the ids it may stand for (the other forms are never asked for)
    asked = {(mentions[i].label, keys[i]) for i in short}
    forms: dict[tuple[str, str], set[str]] = {}
    for i in {(mentions[i].label, keys[i]): i for i in named}.values():
        m, full = mentions[i], keys[i]
        if m.label not in _SHORT_FORM_LABELS or len(full) < 3:
            continue
        for part in _short_forms(full, m.label):
            if (m.label, part) in asked:
                forms.setdefault((m.label, part), set()).add(m.canonical)
    for i in short:
        m = mentions[i]
        ids = forms.get((m.label, keys[i]), set()) - {m.canonical}
        if len(ids) == 1:
            mentions[i] = replace(m, canonical=next(iter(ids)))
    return mentions
