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


def _key(surface: str) -> str:
    return surface.strip("《》").replace(" ", "").replace("\n", "")


def _defined(m: Mention, surface: str) -> bool:
    return _key(m.canonical) != _key(surface)


def _short_form_of(short: str, full: str, label: str) -> bool:
    """基欧汉 of 罗伯特·基欧汉; 人民银行 of 中国人民银行, 海牛队 of 青岛海牛队 (not for people:
    张三 and 张三丰 are two)."""
    if any(full.rsplit(d, 1)[-1] == short for d in DOTS if d in full):
        return True
    return label != "PERSON" and (full.startswith(short) or full.endswith(short))


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
    surfaces = [text[m.start : m.end] for m in mentions]
    first_defined: dict[tuple[str, str], str] = {}
    for m, surface in zip(mentions, surfaces, strict=True):
        if _defined(m, surface):
            first_defined.setdefault((m.label, _key(surface)), m.canonical)
    out = [
        replace(m, canonical=first_defined.get((m.label, _key(s)), m.canonical))
        for m, s in zip(mentions, surfaces, strict=True)
    ]
    longer: dict[str, list[tuple[str, str]]] = {label: [] for label in _SHORT_FORM_LABELS}
    for m, s in zip(out, surfaces, strict=True):
        if m.label in longer and len(_key(s)) >= 3:
            longer[m.label].append((_key(s), m.canonical))
    for i, (m, s) in enumerate(zip(out, surfaces, strict=True)):
        if m.label not in longer or m.source == "gazetteer" or m.canonical != s:
            continue
        short = _key(s)
        if len(short) < 2:
            continue
        ids = {
            ident
            for full, ident in longer[m.label]
            if len(full) > len(short) and _short_form_of(short, full, m.label)
        }
        if len(ids) == 1:
            out[i] = replace(m, canonical=ids.pop())
    return out
