"""The shipped argument knowledge, compiled once per process: cues, genre profiles, connectives.

All of it is data in ``resources/arguments`` (the scheme's lexicons and genre notes, and the
CDTB/TED connective lexicons, Apache-2.0, see ``LICENSE-rdf4discourse-Apache-2.0.txt``), so a new
genre is a new profile, not a new branch in the tagger. The compiled tables are immutable.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from multilat_nlp.arguments.scan import alternation, literal_alternation

LABELS: tuple[str, ...] = (
    "BACKGROUND",
    "CLAIM",
    "EVIDENCE",
    "EXAMPLE",
    "PROBLEM",
    "CAUSE",
    "RECOMMENDATION",
    "CONCLUSION",
)
"""The scheme's eight unit labels, exactly one per unit."""

STRENGTHS: tuple[str, ...] = ("negative", "strong", "weak")
"""Recommendation strengths, in the order they are tried (不必 before 必)."""

# How many characters may precede an "initial" cue: a short frame such as 同时， or 在此背景下，.
# The repeat is possessive (``{0,8}+``): the comma that ends the frame is no character the
# repeat takes, so giving characters back could never let it match, and ``re`` no longer
# tries (eight times at each unit without a comma near its start). Same matches, half the time.
_INITIAL_FRAME = r"^(?:[^，,。；;：:]{0,8}+[，,])?"


def _resource_text(name: str) -> str:
    return resources.files("multilat_nlp.resources").joinpath(f"arguments/{name}").read_text(
        encoding="utf-8"
    )


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return alternation(patterns)


@dataclass(frozen=True)
class LabelCues:
    """The initial and anywhere cue patterns of one label."""

    initial: re.Pattern[str] | None
    anywhere: re.Pattern[str] | None


@dataclass(frozen=True)
class Connective:
    """A discourse connective: its parts (several for paired forms) and a coarse sense."""

    parts: tuple[str, ...]
    sense: str


@dataclass(frozen=True)
class Lexicon:
    """Every compiled table the argument tagger reads."""

    labels: dict[str, LabelCues]
    strength: tuple[tuple[str, re.Pattern[str]], ...]
    non_deontic: re.Pattern[str]
    contrast: re.Pattern[str]
    hedge: re.Pattern[str]
    enumerator: re.Pattern[str]
    list_lead: re.Pattern[str]
    actors: tuple[str, ...]
    single_connectives: re.Pattern[str]
    connective_sense: dict[str, str]
    paired_connectives: tuple[Connective, ...]
    over_modal: frozenset[str] = frozenset()
    """Opening inference frames (可见, 由此可见) that outrank a deontic modal: a norm drawn as
    an inference (可见，…讨论多边主义，必须将眼光放长远) is a CONCLUSION."""


@dataclass(frozen=True)
class Profiles:
    """Genre markers, section roles from heading words, paragraph roles, ritual and thesis cues."""

    genres: tuple[tuple[str, tuple[str, ...], int], ...]
    default_genre: str
    section_roles: tuple[tuple[str, tuple[str, ...]], ...]
    paragraph_roles: tuple[tuple[str, re.Pattern[str]], ...]
    ritual: re.Pattern[str] | None
    furniture: re.Pattern[str] | None
    thesis: dict[str, re.Pattern[str]]
    heading_pos_roles: tuple[tuple[str, str], ...] = ()
    """``(POS-tag prefix, role)``: a heading whose first word has that tag takes the role,
    when no heading word of the section or its ancestors names a role."""
    role_priors: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per genre, the section roles whose default label the cue tagger applies (all roles for
    a genre not named)."""
    role_map: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per genre, section roles the cue tagger reads as another role: in a policy directive
    (意见, 通知) every part is a plan, whatever its heading says (``proposals`` → ``plan``)."""

    def prior_role(self, role: str, genre: str) -> str:
        """``role`` (or what the genre maps it to) if the cue tagger applies its section prior
        in ``genre``, else ""."""
        role = self.role_map.get(genre, {}).get(role, role)
        priors = self.role_priors.get(genre)
        return role if priors is None or role in priors else ""


def _coarse_sense(sense: str) -> str:
    """CDTB senses are one word; PDTB-3 senses are dotted: keep the first two levels."""
    return ".".join(sense.split(".")[:2])


def _connectives() -> tuple[dict[str, str], tuple[Connective, ...]]:
    best: dict[tuple[str, ...], tuple[int, str]] = {}
    for name in ("connectives_cdtb.tsv", "connectives_cted.tsv"):
        rows = csv.DictReader(_resource_text(name).splitlines(), delimiter="\t")
        for row in rows:
            parts = tuple(row["connective"].split())
            if not parts or (len(parts) == 1 and len(parts[0]) < 2):
                continue  # one-character connectives (一, 就, 而) fire on ordinary words
            freq = int(row["freq"] or 0)
            if parts not in best or freq > best[parts][0]:
                best[parts] = (freq, _coarse_sense(row["sense"]))
    single = {parts[0]: sense for parts, (_, sense) in best.items() if len(parts) == 1}
    paired = tuple(
        Connective(parts, sense) for parts, (_, sense) in sorted(best.items()) if len(parts) > 1
    )
    return single, paired


@cache
def lexicon() -> Lexicon:
    """The compiled cue tables (read once; the result is never mutated)."""
    data: dict[str, Any] = tomllib.loads(_resource_text("cues.toml"))
    labels = {}
    for label in LABELS:
        entry = data["labels"][label]
        initial = _alternation(entry.get("initial", []))
        labels[label] = LabelCues(
            initial=re.compile(_INITIAL_FRAME + f"(?:{initial.pattern})") if initial else None,
            anywhere=_alternation(entry.get("anywhere", [])),
        )
    strength = tuple(
        (name, alternation(data["strength"][name])) for name in STRENGTHS
    )
    single, paired = _connectives()
    return Lexicon(
        labels=labels,
        strength=strength,
        non_deontic=alternation(data["non_deontic"]["patterns"]),
        contrast=alternation(data["contrast"]["markers"]),
        hedge=alternation(data["hedge"]["markers"]),
        enumerator=re.compile(
            _INITIAL_FRAME + "(?:" + "|".join(data["enumerators"]["initial"]) + ")"
        ),
        list_lead=alternation(data["list_leads"]["patterns"]),
        actors=tuple(data["actors"]["names"]),
        single_connectives=literal_alternation(sorted(single)),
        connective_sense=single,
        paired_connectives=paired,
        over_modal=frozenset(data.get("precedence", {}).get("over_modal", [])),
    )


@cache
def profiles() -> Profiles:
    """The genre profiles (read once; the result is never mutated)."""
    data: dict[str, Any] = tomllib.loads(_resource_text("profiles.toml"))
    genres = tuple(
        (name, tuple(entry["markers"]), int(entry.get("head_chars", 400)))
        for name, entry in data["genres"].items()
    )
    ritual = data.get("ritual", {}).get("patterns", [])
    return Profiles(
        genres=genres,
        default_genre=str(data["default"]["genre"]),
        section_roles=tuple(
            (str(entry["role"]), tuple(entry["headings"])) for entry in data["section_roles"]
        ),
        paragraph_roles=tuple(
            (str(entry["role"]), alternation(entry["leads"]))
            for entry in data["paragraph_roles"]
        ),
        ritual=_alternation(ritual),
        furniture=_alternation(data.get("furniture", {}).get("patterns", [])),
        thesis={
            name: alternation(patterns)
            for name, patterns in data.get("thesis", {}).items()
            if patterns
        },
        heading_pos_roles=tuple(
            (str(entry["pos"]), str(entry["role"])) for entry in data.get("heading_pos_roles", [])
        ),
        role_priors={
            name: frozenset(str(role) for role in entry["role_priors"])
            for name, entry in data["genres"].items()
            if "role_priors" in entry
        },
        role_map={
            name: {str(k): str(v) for k, v in entry["role_map"].items()}
            for name, entry in data["genres"].items()
            if "role_map" in entry
        },
    )
