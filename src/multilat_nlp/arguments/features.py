"""Features of a unit for the learned layer: cues, section role, genre, position, character
n-grams and the neighbours' cue labels.

Review and plan sections share bare verb phrases with opposite functions (EVIDENCE of work done
vs RECOMMENDATION), so cue features are also crossed with the section role and the genre: a
linear model cannot form those conjunctions itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from multilat_nlp.arguments.cues import CueAnalysis, analyse, rule_label
from multilat_nlp.arguments.units import Unit

_NGRAM_RANGE = (1, 2)
_NGRAM_PREFIX = 12  # the opening characters carry the frames (自…以来, 例如, 一是)


@dataclass
class AnalysedUnit:
    """A unit with its cue analysis and the cue tagger's label."""

    unit: Unit
    cues: CueAnalysis
    rule: str
    after_semicolon: bool
    verb_initial: bool


def analyse_units(units: Sequence[Unit], text: str) -> list[AnalysedUnit]:
    """Cue analysis and the rule label of every unit, in order (the rule reads its predecessor)."""
    analysed: list[AnalysedUnit] = []
    previous: str | None = None
    for i, unit in enumerate(units):
        before = units[i - 1] if i else None
        after_semicolon = bool(
            before is not None
            and before.paragraph == unit.paragraph
            and before.text.rstrip("”’」）)").endswith(("；", ";"))
        )
        verb_initial = unit.first_token_tag.startswith("v")
        cues = analyse(unit.text)
        role = unit.paragraph_role or unit.role
        label = rule_label(cues, role, previous, after_semicolon, verb_initial)
        analysed.append(AnalysedUnit(unit, cues, label, after_semicolon, verb_initial))
        previous = label
    return analysed


def _position_bin(i: int, n: int) -> int:
    return min(9, (10 * i) // max(n, 1))


def unit_features(analysed: Sequence[AnalysedUnit], i: int) -> list[str]:
    """The binary features of unit ``i`` (names only; the value is always 1)."""
    item = analysed[i]
    unit, cues = item.unit, item.cues
    role = unit.paragraph_role or unit.role
    genre = unit.genre
    features = [
        f"genre={genre}",
        f"role={role}",
        f"role={role}|genre={genre}",
        f"srole={unit.role}",
        f"rule={item.rule}",
        f"rule={item.rule}|role={role}",
        f"rule={item.rule}|genre={genre}",
        f"pos={_position_bin(i, len(analysed))}",
        f"pos={_position_bin(i, len(analysed))}|genre={genre}",
        f"len={min(6, len(unit.text) // 15)}",
    ]
    flags = {
        "verb_initial": item.verb_initial,
        "after_semicolon": item.after_semicolon,
        "enumerated": cues.enumerated,
        "list_lead": cues.list_lead,
        "contrast": cues.contrast,
        "hedge": cues.hedge,
        "quoted": cues.quoted,
        "reported": cues.reported,
        "digits": cues.digits,
        "footnote": cues.footnote_mark,
        "first_in_paragraph": unit.first_in_paragraph,
        "last_in_paragraph": unit.last_in_paragraph,
        "first_in_section": unit.first_in_section,
        "ends_semicolon": unit.text.endswith(("；", ";")),
        "ends_colon": unit.text.endswith(("：", ":")),
        "question": unit.text.endswith(("？", "?", "呢")),
    }
    for name, on in flags.items():
        if on:
            features += [name, f"{name}|role={role}", f"{name}|genre={genre}"]
    if cues.strength:
        features += [f"modal={cues.strength}", f"modal={cues.strength}|role={role}"]
    for key in cues.hits:
        features += [f"cue={key}", f"cue={key}|role={role}", f"cue={key}|genre={genre}"]
    for sense in set(cues.senses):
        features.append(f"sense={sense}")
    for sense in set(cues.initial_senses):
        features += [f"isense={sense}", f"isense={sense}|role={role}"]
    for offset, name in ((-1, "prev"), (1, "next")):
        j = i + offset
        if 0 <= j < len(analysed):
            other = analysed[j]
            features.append(f"{name}:rule={other.rule}")
            if other.unit.paragraph == unit.paragraph:
                features.append(f"{name}:same_paragraph:rule={other.rule}")
        else:
            features.append(f"{name}:none")
    head = unit.text[:_NGRAM_PREFIX]
    low, high = _NGRAM_RANGE
    grams = {
        unit.text[k : k + n] for n in range(low, high + 1) for k in range(len(unit.text) - n + 1)
    }
    features += [f"ng={g}" for g in grams]
    features += [f"head={head[k : k + 2]}" for k in range(min(4, len(head) - 1))]
    return features
