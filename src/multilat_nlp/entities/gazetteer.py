"""Gazetteers: one TSV format for shipped and user lists (see resources/gazetteers/README.md)."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import numpy
import numpy.typing as npt

from multilat_nlp._io import read_user_text
from multilat_nlp.errors import ConfigError

LABELS = (
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART", "DATE", "TIME",
    "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "POLICY",
)  # fmt: skip
#: A blocker: a common word that contains a name and is never an entity (发展中国家).
BLOCKER = "O"
SHIPPED = (
    "organisations", "states", "agreements", "policies", "bodies", "events", "people", "blockers"
)
_PACKAGE = "multilat_nlp.resources.gazetteers"


class GazetteerError(ConfigError):
    """A malformed gazetteer line; the message names the file and the line."""


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    label: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    abbr: tuple[str, ...]
    aliases: tuple[str, ...]
    #: its one-character forms (中华 for 中|华); the first is the one that pairs (中美)
    coord: str | None = None

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (*self.zh, *self.en, *self.abbr, *self.aliases)


def _cell(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip() and v.strip() != "-")


def parse_gazetteer(lines: Iterable[str], *, source: str) -> list[GazetteerEntry]:
    entries = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) not in (6, 7):
            raise GazetteerError(
                f"{source}:{number}: expected 6 or 7 tab-separated columns "
                f"(id, label, zh, en, abbr, aliases[, coord]), got {len(cols)}"
            )
        label = cols[1].strip()
        if label not in LABELS and label != BLOCKER:
            raise GazetteerError(f"{source}:{number}: unknown label {label!r}; use one of {LABELS}")
        zh = _cell(cols[2])
        if not zh and not _cell(cols[3]):
            raise GazetteerError(f"{source}:{number}: an entry needs a Chinese or English name")
        coord = _cell(cols[6]) if len(cols) == 7 else ()
        # Several one-character forms (中|华); the first is the coordination form
        for form in coord:
            if len(form) != 1:
                raise GazetteerError(
                    f"{source}:{number}: coord must be one character, got {form!r}"
                )
        ident = cols[0].strip()
        if label != BLOCKER and (not ident or ident == "-"):
            raise GazetteerError(f"{source}:{number}: empty id")
        entries.append(
            GazetteerEntry(
                id=ident,
                label=label,
                zh=zh,
                en=_cell(cols[3]),
                abbr=_cell(cols[4]),
                aliases=_cell(cols[5]),
                coord="".join(coord) if coord else None,
            )
        )
    return entries


def load_gazetteers(user_paths: Sequence[str] = ()) -> list[GazetteerEntry]:
    """The shipped lists, then the user's (a later entry wins for the same surface form)."""
    entries: list[GazetteerEntry] = []
    for name in SHIPPED:
        text = resources.files(_PACKAGE).joinpath(f"{name}.tsv").read_text(encoding="utf-8")
        entries.extend(parse_gazetteer(text.splitlines(), source=f"{name}.tsv"))
    for path_text in user_paths:
        path = Path(path_text)
        text = read_user_text(path, "gazetteer", GazetteerError)
        entries.extend(parse_gazetteer(text.splitlines(), source=str(path)))
    return entries


def _is_latin(word: str) -> bool:
    """A form written without CJK characters (WTO, Médecins Sans Frontières): matched with word
    boundaries, never a segmenter word. ``isascii`` sent the accented ones to the Chinese side."""
    return bool(word) and max(word) < "\u2e80"  # the CJK blocks start at U+2E80


def gazetteer_terms(entries: Sequence[GazetteerEntry]) -> list[str]:
    """The entries' Chinese surface forms of two characters or more, sorted: what the
    segmenter needs as words, without building the automata that matching needs."""
    return sorted({s for e in entries for s in e.surfaces if len(s) > 1 and not _is_latin(s)})


class _DigitCode:
    """The Chinese forms' characters written as two "digits" each (``code // base``,
    ``code % base``, the code being the character's rank in the forms' alphabet, 0 for any
    other character), so that no automaton node has more than ``base`` children.

    pyahocorasick looks a node's children up one by one, and the root of the Chinese forms has
    some 700 (every first character): each character of the text cost a scan of them. In two
    digits of base ~40 the same matches come 3x faster; a match ends on an even digit offset
    (an odd one straddles two characters and is skipped).
    """

    def __init__(self, alphabet: Iterable[str]) -> None:
        chars = sorted(set(alphabet))
        self.base = max(2, math.isqrt(len(chars)) + 1)  # base**2 > len(chars): 0 is free
        self.codes = {c: i for i, c in enumerate(chars, start=1)}
        size = max(map(ord, chars), default=0) + 2  # the last slot: every character above
        self.table: npt.NDArray[numpy.uint8] = numpy.zeros((size, 2), dtype=numpy.uint8)
        for char, code in self.codes.items():
            self.table[ord(char)] = divmod(code, self.base)

    def word(self, surface: str) -> str:
        return "".join(chr(d) for c in surface for d in divmod(self.codes[c], self.base))

    def text(self, text: str) -> str:
        points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        rows = numpy.minimum(points, len(self.table) - 1)
        return self.table[rows].tobytes().decode("latin-1")


class Gazetteer:
    """Aho-Corasick automata over every surface form (C speed, one pass over the text each):
    one for the Chinese forms (over their :class:`_DigitCode`), one for the Latin forms,
    which need word boundaries."""

    def __init__(self, entries: Sequence[GazetteerEntry]) -> None:
        self.entries = list(entries)
        self.by_id = {e.id: e for e in self.entries if e.label != BLOCKER}
        self.coord: dict[str, GazetteerEntry] = {
            c: e for e in self.entries if e.coord for c in e.coord
        }
        #: the forms that pair in a coordination; the others (华) only stand alone (访华)
        self.pair_forms = frozenset(e.coord[0] for e in self.entries if e.coord)
        #: every blocker's surface forms (发展中国家): never an entity, and no name inside one
        self.blocker_surfaces = frozenset(
            s for e in self.entries if e.label == BLOCKER for s in e.surfaces
        )
        chinese_words: dict[str, tuple[int, str, str]] = {}  # a later entry wins, as before
        latin = ahocorasick.Automaton()
        for entry in self.entries:
            for surface in entry.surfaces:
                if len(surface) < 2 and not _is_latin(surface):
                    continue  # one character is a name only in coordinations (coord column)
                value = (len(surface), entry.label, entry.id)
                if _is_latin(surface):
                    latin.add_word(surface, value)
                else:
                    chinese_words[surface] = value
        self._code = _DigitCode(c for surface in chinese_words for c in surface)
        chinese = ahocorasick.Automaton()
        for surface, value in chinese_words.items():
            chinese.add_word(self._code.word(surface), value)
        for automaton in (chinese, latin):
            if len(automaton):
                automaton.make_automaton()
        self._chinese: Any = chinese if len(chinese) else None
        self._latin: Any = latin if len(latin) else None

    @functools.cached_property
    def _blockers(self) -> tuple[Any, int]:
        """An automaton over the blockers' surfaces (value: the surface's length), and the
        longest length: built on first use, a few milliseconds."""
        if not self.blocker_surfaces:
            return None, 0
        automaton = ahocorasick.Automaton()
        for surface in self.blocker_surfaces:
            automaton.add_word(surface, len(surface))
        automaton.make_automaton()
        return automaton, max(map(len, self.blocker_surfaces))

    def blocked(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside an occurrence of a blocker (中华 in 中华文化):
        for names that other layers (the tagger) find after the lists have been resolved."""
        automaton, longest = self._blockers
        if automaton is None or end - start > longest:
            return False
        lo, hi = max(0, start - longest), min(len(text), end + longest)
        for last, length in automaton.iter(text, lo, hi):
            if last + 1 - length <= start and last + 1 >= end:
                return True
        return False

    def terms(self) -> list[str]:
        """Chinese surface forms for the segmenter's dictionary (token = entity boundaries)."""
        return gazetteer_terms(self.entries)

    def matches(self, text: str) -> list[tuple[int, int, str, str]]:
        """Every (start, end, label, id) occurrence; Latin forms need word boundaries."""
        found: list[tuple[int, int, str, str]] = []
        if self._chinese is not None:
            for digit, (length, label, ident) in self._chinese.iter(self._code.text(text)):
                if digit & 1:  # the second digit of a character: a whole match
                    end = (digit + 1) >> 1
                    found.append((end - length, end, label, ident))
        if self._latin is None:
            return found
        for end_index, (length, label, ident) in self._latin.iter(text):
            end = end_index + 1
            start = end - length
            if (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()) or (
                end < len(text) and text[end].isascii() and text[end].isalnum()
            ):
                continue
            found.append((start, end, label, ident))
        return found
