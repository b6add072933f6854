"""The cue layer: what a unit's surface says about its function, and the scheme's precedence.

Cues are read from the text with quoted speech masked (precedence rule 2: a modal inside a
quoted authority's words does not count), and deontic modals are dropped where a non-deontic
pattern covers them (rules 3 and 4: 可 of ability, 需要 as a requirement, 要 + cognition verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from multilat_nlp.arguments.lexicon import LABELS, lexicon

# Quoted speech longer than a term: “…” of at least 8 characters, or a reporting verb's quote.
_QUOTE = re.compile(r"“[^”]{8,}”|「[^」]{8,}」")
_REPORTED = re.compile(r"(?:指出|表示|强调|重申|提到|提出|认为|宣布)[：:，,]")
_DIGIT = re.compile(r"\d|百分之|[一二三四五六七八九十百千]+[万亿]")
_FOOTNOTE_MARK = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]")


@dataclass
class CueAnalysis:
    """Cue hits of one unit; ``hits`` maps ``"initial:LABEL"``/``"anywhere:LABEL"`` to matches."""

    hits: dict[str, list[str]] = field(default_factory=dict)
    strength: str | None = None
    modal: str | None = None
    contrast: bool = False
    hedge: bool = False
    enumerated: bool = False
    list_lead: bool = False
    quoted: bool = False
    reported: bool = False
    digits: bool = False
    footnote_mark: bool = False
    senses: list[str] = field(default_factory=list)
    initial_senses: list[str] = field(default_factory=list)
    actor: str | None = None

    def has(self, label: str) -> bool:
        return f"initial:{label}" in self.hits or f"anywhere:{label}" in self.hits

    def cue_strings(self) -> list[str]:
        """The matched surface cues, for the JSON ``cues`` field."""
        seen: list[str] = []
        for matches in self.hits.values():
            for match in matches:
                if match not in seen:
                    seen.append(match)
        if self.modal and self.modal not in seen:
            seen.append(self.modal)
        return seen


def mask_quotes(text: str) -> str:
    """Quoted speech replaced by placeholders of the same length (offsets stay put)."""
    masked = _QUOTE.sub(lambda m: "“" + "＿" * (len(m.group()) - 2) + "”", text)
    reported = _REPORTED.search(masked)
    if reported:  # 强调：要…  — the rest of the unit is the authority's words
        cut = reported.end()
        masked = masked[:cut] + "＿" * (len(masked) - cut)
    return masked


def _deontic(masked: str) -> tuple[str | None, str | None]:
    """The strength and surface of the first deontic modal not covered by a non-deontic use."""
    table = lexicon()
    covered = [m.span() for m in table.non_deontic.finditer(masked)]

    def free(span: tuple[int, int]) -> bool:
        return not any(low < span[1] and span[0] < high for low, high in covered)

    found: tuple[int, str, str] | None = None
    for strength, pattern in table.strength:
        for match in pattern.finditer(masked):
            if free(match.span()):
                if found is None or match.start() < found[0]:
                    found = (match.start(), strength, match.group())
                break
    if found is None:
        return None, None
    return found[1], found[2]


def analyse(text: str) -> CueAnalysis:
    """Every cue of one unit's text."""
    table = lexicon()
    masked = mask_quotes(text)
    result = CueAnalysis()
    for label in LABELS:
        cues = table.labels[label]
        if cues.initial is not None:
            match = cues.initial.search(masked)
            if match:
                result.hits[f"initial:{label}"] = [match.group().split("，")[-1][:8]]
        if cues.anywhere is not None:
            found = [m.group() for m in cues.anywhere.finditer(masked)]
            if found:
                result.hits[f"anywhere:{label}"] = found[:3]
    result.strength, result.modal = _deontic(masked)
    result.contrast = bool(table.contrast.search(text))
    result.hedge = bool(table.hedge.search(masked))
    result.enumerated = bool(table.enumerator.search(text))
    result.list_lead = bool(table.list_lead.search(text.rstrip("。")))
    result.quoted = masked != text
    result.reported = bool(_REPORTED.search(text))
    result.digits = bool(_DIGIT.search(text))
    result.footnote_mark = bool(_FOOTNOTE_MARK.search(text))
    for match in table.single_connectives.finditer(masked):
        sense = table.connective_sense[match.group()]
        result.senses.append(sense)
        if match.start() <= 2:
            result.initial_senses.append(sense)
    for connective in table.paired_connectives:
        position = 0
        for part in connective.parts:
            position = masked.find(part, position)
            if position < 0:
                break
            position += len(part)
        else:
            result.senses.append(connective.sense)
    if result.strength is not None:
        result.actor = find_actor(masked, result.modal)
    return result


def find_actor(masked: str, modal: str | None) -> str | None:
    """The actor named before the modal (else anywhere): 我国应…, 各方要…, or None."""
    table = lexicon()
    cut = masked.find(modal) if modal else -1
    scope = masked[:cut] if cut > 0 else masked
    for actor in table.actors:
        if actor in scope:
            return actor
    return None


def rule_label(analysis: CueAnalysis, role: str, previous: str | None, after_semicolon: bool,
               verb_initial: bool) -> str:
    """The scheme's cue tagger with its precedence and the section-role prior (genre notes).

    RECOMMENDATION > CONCLUSION > EXAMPLE (initial) > EVIDENCE > CAUSE > PROBLEM > BACKGROUND >
    enumerator → RECOMMENDATION > ；-list inheritance > CLAIM. In a review section a bare verb
    phrase reports work done (EVIDENCE); in a plan section it is a directive (RECOMMENDATION);
    in a problems paragraph or section the default is PROBLEM.
    """
    if analysis.strength is not None and not analysis.reported:
        return "RECOMMENDATION"
    if analysis.has("CONCLUSION") and "initial:CONCLUSION" in analysis.hits:
        return "CONCLUSION"
    if "initial:EXAMPLE" in analysis.hits:
        return "EXAMPLE"
    if role == "problems":
        return "PROBLEM"
    if role == "review" and (verb_initial or analysis.digits):
        return "EVIDENCE"
    if role == "plan" and (verb_initial or analysis.digits):
        return "RECOMMENDATION"  # directives, targets and planned figures (genre note 3)
    if analysis.has("CONCLUSION"):
        return "CONCLUSION"
    if analysis.digits or analysis.reported or analysis.quoted:
        return "EVIDENCE"
    if "initial:CAUSE" in analysis.hits or (
        analysis.has("CAUSE") and not analysis.has("PROBLEM")
    ):
        return "CAUSE"
    if "anywhere:PROBLEM" in analysis.hits:
        return "PROBLEM"
    if "initial:BACKGROUND" in analysis.hits:
        return "BACKGROUND"
    if analysis.enumerated:
        return "RECOMMENDATION"
    if after_semicolon and previous is not None:
        return previous
    return "CLAIM"
