"""The cue layer: what a unit's surface says about its function, and the scheme's precedence.

Cues are read from the text with quoted speech masked (precedence rule 2: a modal inside a
quoted authority's words does not count), and deontic modals are dropped where a non-deontic
pattern covers them (rules 3 and 4: 可 of ability, 需要 as a requirement, 要 + cognition verb).

All units of a document are analysed together (:func:`analyse_texts`): each pattern scans the
joined unit texts once (:mod:`multilat_nlp.arguments.scan`) instead of once per unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain

import numpy
from numpy.typing import NDArray

from multilat_nlp.arguments.lexicon import LABELS, lexicon
from multilat_nlp.arguments.scan import Hit, UnitTexts

# Quoted speech longer than a term: “…” of at least 8 characters, or a reporting verb's quote.
_QUOTE = re.compile(r"“[^”]{8,}”|「[^」]{8,}」")
_REPORTED = re.compile(r"(?:指出|表示|强调|重申|提到|提出|认为|宣布)[：:，,]")
# Figures: a digit, 百分之, or a Chinese numeral before 万/亿 (three patterns: one alternation
# would be tried at every character, each alone lets ``re`` skip to its first character).
_DIGITS = (re.compile(r"\d"), re.compile("百分之"), re.compile("[一二三四五六七八九十百千][万亿]"))
_FOOTNOTE_MARK = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_INITIAL_SENSE_REACH = 2  # a connective starting within the first 3 characters opens the unit
_MODALS_READ = 4  # modal matches kept per unit; a unit whose first 4 are all covered is reread


@dataclass(slots=True)
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
        seen = dict.fromkeys(chain.from_iterable(self.hits.values()))
        if self.modal:
            seen[self.modal] = None
        return list(seen)


def mask_quotes(text: str) -> str:
    """Quoted speech replaced by placeholders of the same length (offsets stay put)."""
    masked = _QUOTE.sub(lambda m: "“" + "＿" * (len(m.group()) - 2) + "”", text)
    reported = _REPORTED.search(masked)
    if reported:  # 强调：要…  — the rest of the unit is the authority's words
        cut = reported.end()
        masked = masked[:cut] + "＿" * (len(masked) - cut)
    return masked


def _first_free(
    text: str, k: int, strengths: Sequence[tuple[str, re.Pattern[str], dict[int, list[Hit]]]],
    covered: dict[int, list[Hit]],
) -> tuple[str, str] | None:
    """The strength and surface of unit ``k``'s first deontic modal that no non-deontic use
    covers (each strength's first free match; the earliest of those wins)."""
    spans = [(low, high) for low, high, _ in covered.get(k, ())]
    found: tuple[int, str, str] | None = None
    for strength, pattern, hits in strengths:
        listed = hits.get(k, [])
        if len(listed) >= _MODALS_READ:
            listed = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        for start, end, surface in listed:
            if not any(low < end and start < high for low, high in spans):
                if found is None or start < found[0]:
                    found = (start, strength, surface)
                break
    return None if found is None else (found[1], found[2])


def _inside(hit: Hit, spans: Sequence[Hit]) -> bool:
    """Whether ``hit`` overlaps one of ``spans``."""
    return any(low < hit[1] and hit[0] < high for low, high, _ in spans)


def analyse_texts(texts: Sequence[str]) -> list[CueAnalysis]:
    """Every cue of each unit text, in order."""
    table = lexicon()
    raw = UnitTexts(texts)
    results = [CueAnalysis() for _ in texts]
    reported = raw.units_with(_REPORTED)
    masked_texts = list(texts)
    for k in raw.units_with(_QUOTE) | reported:
        masked_texts[k] = mask_quotes(texts[k])
        results[k].quoted = masked_texts[k] != texts[k]
    masked = UnitTexts(masked_texts) if masked_texts != list(texts) else raw
    recommending = table.labels["RECOMMENDATION"].anywhere
    recommended = {} if recommending is None else masked.hits(recommending, limit=3)
    strengths = [
        (name, pattern, masked.hits(pattern, limit=_MODALS_READ))
        for name, pattern in table.strength
    ]
    covered = _covered(masked_texts, table.non_deontic, recommended, strengths)
    for label in LABELS:
        cues = table.labels[label]
        if cues.initial is not None:
            key = f"initial:{label}"
            for k, found in masked.hits(cues.initial, limit=1).items():
                results[k].hits[key] = [found[0][2].split("，")[-1][:8]]
        if cues.anywhere is not None:
            key = f"anywhere:{label}"
            listed = (recommended if label == "RECOMMENDATION"
                      else masked.hits(cues.anywhere, limit=3))
            for k, found in listed.items():
                if label == "RECOMMENDATION" and k in covered:
                    # a modal inside a non-deontic use (可持续, 可以带动) is no cue either
                    found = [hit for hit in found if not _inside(hit, covered[k])]
                    if not found:
                        continue
                results[k].hits[key] = [surface for _, _, surface in found]
    for k in sorted({k for _, _, hits in strengths for k in hits}):
        deontic = _first_free(masked_texts[k], k, strengths, covered)
        if deontic is not None:
            result = results[k]
            result.strength, result.modal = deontic
            result.actor = find_actor(masked_texts[k], result.modal)
    stripped = UnitTexts([text.rstrip("。") for text in texts])
    flags = (
        ("contrast", raw.units_with(table.contrast)),
        ("hedge", masked.units_with(table.hedge)),
        ("enumerated", raw.units_with(table.enumerator)),
        ("list_lead", stripped.units_with(table.list_lead)),
        ("reported", reported),
        ("digits", set().union(*(raw.units_with(pattern) for pattern in _DIGITS))),
        ("footnote_mark", raw.units_with(_FOOTNOTE_MARK)),
    )
    for name, units in flags:
        for k in units:
            setattr(results[k], name, True)
    for k, found in masked.hits(table.single_connectives).items():
        result = results[k]
        for start, _, surface in found:
            sense = table.connective_sense[surface]
            result.senses.append(sense)
            if start <= _INITIAL_SENSE_REACH:
                result.initial_senses.append(sense)
    for sense, having in _paired_senses(masked_texts, masked):
        for k in having:
            results[k].senses.append(sense)
    return results


def _covered(texts: Sequence[str], non_deontic: re.Pattern[str],
             recommending: dict[int, list[Hit]],
             strengths: Sequence[tuple[str, re.Pattern[str], dict[int, list[Hit]]]],
             ) -> dict[int, list[Hit]]:
    """The non-deontic uses (``non_deontic`` hits) of the units with a modal: only there are
    they read. A third of a report's units has one; the pattern, tried at every 要 and 可 of
    the others, was the dearest scan of the document."""
    wanted = sorted(set(recommending).union(*(hits for _, _, hits in strengths)))
    if not wanted:
        return {}
    found = UnitTexts([texts[k] for k in wanted]).hits(non_deontic)
    return {wanted[j]: hits for j, hits in found.items()}


def analyse(text: str) -> CueAnalysis:
    """Every cue of one unit's text."""
    return analyse_texts([text])[0]


class _PartIndex:
    """Where each part of the paired connectives occurs: one sorted key per occurrence,
    ``(part * units + unit) * span + position``, so "the first occurrence of a part in a unit
    at or after a position" is one binary search for all units at once."""

    def __init__(self, texts: Sequence[str], joined: UnitTexts, parts: _Parts) -> None:
        self.units = len(texts)
        self.span = int((joined.ends - joined.starts).max(initial=0)) + 1
        code = numpy.frombuffer(joined.joined.encode("utf-32-le"), dtype=numpy.uint32).astype(
            numpy.int64
        )
        padded = numpy.concatenate((code, numpy.zeros(_KEYED_LENGTH, dtype=numpy.int64)))
        clipped = numpy.minimum(code, len(parts.single_of) - 1)
        where = [numpy.flatnonzero(parts.single_of[clipped] >= 0)]
        which = [parts.single_of[clipped[where[0]]]]
        # Parts of 2 and 3 characters: one key of the characters at each candidate position.
        starts = numpy.flatnonzero(parts.opens_longer[numpy.minimum(code,
                                                                    len(parts.opens_longer) - 1)])
        key = padded[starts] + 1
        for length in range(2, _KEYED_LENGTH + 1):
            key = (key << _CODE_BITS) | padded[starts + length - 1]
            keys, ids = parts.keyed[length - 2]
            if len(keys):
                at = numpy.minimum(numpy.searchsorted(keys, key), len(keys) - 1)
                hit = keys[at] == key
                where.append(starts[hit])
                which.append(ids[at[hit]])
        for part_id in parts.unkeyed:  # longer parts, rare: character by character
            part = parts.parts[part_id]
            found = numpy.flatnonzero(code == ord(part[0]))
            for offset, char in enumerate(part[1:], start=1):
                found = found[padded[found + offset] == ord(char)]
            where.append(found)
            which.append(numpy.full(len(found), part_id, dtype=numpy.int64))
        position = numpy.concatenate(where)
        part_of = numpy.concatenate(which).astype(numpy.int64)
        unit = numpy.searchsorted(joined.starts, position, side="right") - 1
        self.keys = numpy.sort((part_of * self.units + unit) * self.span + position
                               - joined.starts[unit])

    def first_in_units(self, parts: NDArray[numpy.int64]
                       ) -> tuple[NDArray[numpy.int64], NDArray[numpy.int64], NDArray[numpy.int64]]:
        """For each of ``parts`` (repeats allowed), the units it occurs in and its first
        position there: ``(which entry of parts, unit, position)``, one row per pair."""
        group = self.keys // self.span  # part * units + unit, ascending
        heads = numpy.flatnonzero(numpy.diff(group, prepend=-1))
        part_of_head = group[heads] // self.units
        low = numpy.searchsorted(part_of_head, parts)
        high = numpy.searchsorted(part_of_head, parts, side="right")
        counts = high - low
        entry = numpy.repeat(numpy.arange(len(parts)), counts)
        offsets = numpy.arange(counts.sum()) - numpy.repeat(numpy.cumsum(counts) - counts, counts)
        chosen = heads[numpy.repeat(low, counts) + offsets]
        return entry, group[chosen] % self.units, self.keys[chosen] % self.span

    def next_at(self, parts: NDArray[numpy.int64], units: NDArray[numpy.int64],
                at: NDArray[numpy.int64]) -> tuple[NDArray[numpy.bool_], NDArray[numpy.int64]]:
        """Per row, whether ``parts[i]`` occurs in ``units[i]`` at or after ``at[i]``, and
        where first."""
        group = (parts * self.units + units) * self.span
        index = numpy.searchsorted(self.keys, group + at)
        found = index < len(self.keys)
        value = numpy.where(found, self.keys[numpy.minimum(index, len(self.keys) - 1)], 0)
        found &= value < group + self.span
        return found, value - group


_CODE_BITS = 21  # a code point fits in 21 bits
_KEYED_LENGTH = 3  # parts up to 3 characters are found by one key per position (63 bits)


@dataclass(frozen=True)
class _Parts:
    """The distinct parts of the paired connectives, and each connective as part numbers."""

    parts: tuple[str, ...]
    single_of: NDArray[numpy.int64]  # code point -> number of the 1-character part, or -1
    opens_longer: NDArray[numpy.bool_]  # code point -> whether a longer part starts with it
    keyed: tuple[tuple[NDArray[numpy.int64], NDArray[numpy.int64]], ...]  # per length 2..3
    unkeyed: tuple[int, ...]  # parts longer than _KEYED_LENGTH
    connectives: tuple[tuple[str, tuple[int, ...]], ...]
    steps: NDArray[numpy.int64]  # per connective, its part numbers, padded with -1
    lengths: NDArray[numpy.int64]  # per part, its length


def _part_key(part: str) -> int:
    key = ord(part[0]) + 1
    for char in part[1:]:
        key = (key << _CODE_BITS) | ord(char)
    return key


@cache
def _paired_parts() -> _Parts:
    table = lexicon()
    parts = tuple(sorted({part for c in table.paired_connectives for part in c.parts}))
    number = {part: k for k, part in enumerate(parts)}
    top = max((ord(char) for part in parts for char in part), default=0) + 2
    single_of = numpy.full(top, -1, dtype=numpy.int64)
    opens_longer = numpy.zeros(top, dtype=bool)
    keyed: list[tuple[NDArray[numpy.int64], NDArray[numpy.int64]]] = []
    for length in range(2, _KEYED_LENGTH + 1):
        pairs = sorted((_part_key(p), k) for k, p in enumerate(parts) if len(p) == length)
        keyed.append((numpy.array([key for key, _ in pairs], dtype=numpy.int64),
                      numpy.array([k for _, k in pairs], dtype=numpy.int64)))
    for k, part in enumerate(parts):
        if len(part) == 1:
            single_of[ord(part)] = k
        elif len(part) <= _KEYED_LENGTH:
            opens_longer[ord(part[0])] = True
    connectives = tuple((c.sense, tuple(number[part] for part in c.parts))
                        for c in table.paired_connectives)
    steps = numpy.full((len(connectives), max((len(ids) for _, ids in connectives), default=0)),
                       -1, dtype=numpy.int64)
    for row, (_, ids) in enumerate(connectives):
        steps[row, : len(ids)] = ids
    return _Parts(
        parts, single_of, opens_longer, tuple(keyed),
        tuple(k for k, p in enumerate(parts) if len(p) > _KEYED_LENGTH),
        connectives, steps, numpy.array([len(part) for part in parts], dtype=numpy.int64),
    )


def _paired_senses(texts: Sequence[str], joined: UnitTexts) -> list[tuple[str, list[int]]]:
    """Per paired connective (lexicon order), the units whose parts occur in order (each part
    found after the end of the previous one's first occurrence there), all connectives at once."""
    parts = _paired_parts()
    if not texts or not parts.connectives:
        return []
    index = _PartIndex(texts, joined, parts)
    table, lengths = parts.steps, parts.lengths
    steps = table.shape[1]
    connective, units, at = index.first_in_units(table[:, 0])
    at = at + lengths[table[connective, 0]]
    for step in range(1, steps):
        part = table[connective, step]
        going = part >= 0
        present, position = index.next_at(numpy.maximum(part, 0), units, at)
        keep = ~going | present
        at = numpy.where(going, position + lengths[numpy.maximum(part, 0)], at)[keep]
        connective, units = connective[keep], units[keep]
    order = numpy.lexsort((units, connective))
    connective, units = connective[order], units[order]
    bounds = numpy.flatnonzero(numpy.diff(connective, prepend=-1, append=len(parts.connectives)))
    found: list[tuple[str, list[int]]] = []
    for low, high in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        found.append((parts.connectives[int(connective[low])][0], units[low:high].tolist()))
    return found


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

    RECOMMENDATION (but an opening inference frame of ``over_modal`` makes a norm drawn as an
    inference a CONCLUSION: precedence rule 1) > CONCLUSION > EXAMPLE (initial) > EVIDENCE >
    CAUSE > PROBLEM > BACKGROUND > enumerator → RECOMMENDATION > ；-list inheritance > CLAIM.
    In a review section a bare verb phrase reports work done (EVIDENCE); in a plan section it is
    a directive (RECOMMENDATION); in a problems paragraph or section the default is PROBLEM; in
    a policy directive's parts (role ``directive``) every unit directs, whatever its problem or
    background words (解决…问题 is a task). ``role`` is "" where the genre takes no prior from
    the unit's role (``Profiles.prior_role``).
    """
    hits = analysis.hits  # the keys spelled out: has() formats two keys a call
    if analysis.strength is not None and not analysis.reported:
        frame = hits.get("initial:CONCLUSION")
        if not frame or frame[0] not in lexicon().over_modal:
            return "RECOMMENDATION"
    if "initial:CONCLUSION" in hits:  # (has("CONCLUSION") holds then)
        return "CONCLUSION"
    if "initial:EXAMPLE" in hits:
        return "EXAMPLE"
    if role == "problems":
        return "PROBLEM"
    if role == "directive":
        return "RECOMMENDATION"
    if role == "review" and (verb_initial or analysis.digits):
        return "EVIDENCE"
    if role == "plan" and (verb_initial or analysis.digits):
        return "RECOMMENDATION"  # directives, targets and planned figures (genre note 3)
    if "anywhere:CONCLUSION" in hits:  # (the initial one returned above)
        return "CONCLUSION"
    if analysis.digits or analysis.reported or analysis.quoted:
        return "EVIDENCE"
    if "initial:CAUSE" in hits or (
        "anywhere:CAUSE" in hits and "initial:PROBLEM" not in hits
        and "anywhere:PROBLEM" not in hits
    ):
        return "CAUSE"
    if "anywhere:PROBLEM" in hits:
        return "PROBLEM"
    if "initial:BACKGROUND" in hits:
        return "BACKGROUND"
    if analysis.enumerated:
        return "RECOMMENDATION"
    if after_semicolon and previous is not None:
        return previous
    return "CLAIM"
