"""Run a cue pattern once over all units of a document, with per-unit answers.

A regular expression per unit per cue made the argument stage cost more than segmenting the
text (tens of thousands of units times some thirty patterns). Here the unit texts are joined
by ``"\\n"`` into one string and each pattern scans it once, compiled with ``re.MULTILINE`` so
``^`` and ``$`` hold at every unit's edges. The answer for each unit is exactly what
``pattern.finditer(unit_text)`` gives:

* ``.`` does not match the separator and the lexicon's negative lookaheads name no newline, so
  at a unit's end they behave as at the end of a string (:func:`check_pattern` refuses the
  constructs that could see past the separator: lookbehind, positive lookahead, ``\\b``);
* a match that consumes a separator (a negated class such as ``[^求素点]`` at a unit's end)
  has no per-unit equivalent: the units it touches, and units that contain a newline of their
  own, are scanned again on their own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import chain

import numpy
from numpy.typing import NDArray

SEPARATOR = "\n"

_FORBIDDEN = re.compile(r"\(\?<|\(\?=|\\[bBAZ]")

Hit = tuple[int, int, str]
"""A match inside one unit: start and end relative to the unit, and the matched text."""


def check_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, if a scan over joined units answers it exactly (see the module doc)."""
    if _FORBIDDEN.search(pattern.pattern) or pattern.flags & (re.MULTILINE | re.DOTALL):
        raise ValueError(f"cue pattern cannot be scanned over joined units: {pattern.pattern!r}")
    return pattern


def _bare_characters(source: str) -> Iterator[tuple[int, str, int]]:
    """``(index, character, group depth after it)`` of each character of ``source`` that is
    neither escaped nor inside a class: the one walk over a pattern's structure."""
    depth, in_class, escaped = 0, False, False
    for k, char in enumerate(source):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        else:
            if char == "[":
                in_class = True
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            yield k, char, depth


def _top_level_alternation(pattern: str) -> bool:
    """Whether ``|`` occurs outside every group and class of ``pattern``."""
    return any(char == "|" and depth == 0 for _, char, depth in _bare_characters(pattern))


@cache
def _multiline(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], int]:
    """The pattern to scan the joined text with, and how far its matches start before the
    unit text's match. A pattern anchored by a leading ``^`` becomes ``\\n(?:rest)`` over the
    text with a separator in front: a literal first character lets ``re`` skip ahead, where a
    multiline ``^`` is tried at every position."""
    source = check_pattern(pattern).pattern
    if source.startswith("^") and not _top_level_alternation(source[1:]):
        return re.compile(f"{SEPARATOR}(?:{source[1:]})", pattern.flags), 1
    return re.compile(_charset_first(source) or source, pattern.flags | re.MULTILINE), 0


@cache
def _first_in_unit(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], int]:
    """:func:`_multiline`'s scanner, each match carried on to the end of its unit (where a
    separator stops ``[^\\n]*``): the first match of each unit starts where the scanner's
    does, the rest of the unit is skipped at once (only whether a unit matches is read). A
    match that crosses a separator still ends past its unit's end."""
    scanner, lead = _multiline(pattern)
    if lead:  # ``\n(?:…)`` matches at most once per unit already
        return scanner, lead
    return re.compile(f"(?:{scanner.pattern})[^{SEPARATOR}]*", scanner.flags), lead


_BMP = 0x10000  # opening tables cover the Basic Multilingual Plane; beyond, every character
_SPARSE = 16  # scan from candidate positions when fewer than one character in this many may
# open a match (by its first two characters): a candidate costs a ``re`` call from Python, the
# scan of the whole text some 4 ns a character plus the alternatives tried at each character
# that opens one (the 53 reports: 16 beats 64 and 8)


@cache
def _bmp_characters() -> str:
    """Every BMP character but the surrogates, in order (decoded at once, not joined)."""
    codes = numpy.arange(_BMP, dtype=numpy.uint32)
    return codes[(codes < 0xD800) | (codes >= 0xE000)].astype("<u4").tobytes().decode("utf-32-le")


@cache
def _opening_table(pattern: re.Pattern[str]) -> NDArray[numpy.bool_] | None:
    """For each code point (the last entry standing for all beyond the BMP), whether a match
    of ``pattern`` can open with it; None where the pattern is anchored or an alternative
    does not open with one unrepeated character matcher (then any position may open one).

    A plain opening character is read as itself; classes and class escapes (and every
    matcher under IGNORECASE) are tried together on every BMP character, so the table is
    what ``re`` itself accepts there."""
    source = pattern.pattern
    if source.startswith("^"):
        return None
    alternatives = _opening_alternatives(source)
    if alternatives is None:
        return None
    table = numpy.zeros(_BMP + 1, dtype=bool)
    table[_BMP] = True
    plain: list[int] = []
    tried: list[str] = []
    for first in dict.fromkeys(opening.removeprefix("^") for opening, _ in alternatives):
        if pattern.flags & re.IGNORECASE or first.startswith("[") or _class_escape(first):
            tried.append(first)
        else:  # a character, or an escaped one (``\.``): _opening_alternatives refuses \u …
            plain.append(ord(first[-1]))
    if tried:
        found = re.compile("|".join(tried), pattern.flags).findall(_bmp_characters())
        plain.extend(map(ord, found))
    table[numpy.array(plain, dtype=numpy.int64)] = True
    return table


_PAIR_SHIFT = 17  # a two-character opening's key: first << 17 | second (each at most _BMP)
_MAX_SECOND = 256  # a class opening the rest with more characters than this: any may follow


@cache
def _codes_of(matcher: str, flags: int) -> frozenset[int]:
    """The BMP code points one character matcher (a character, escape, class) accepts."""
    if flags & re.IGNORECASE or matcher.startswith("[") or _class_escape(matcher):
        return frozenset(map(ord, re.compile(matcher, flags).findall(_bmp_characters())))
    return frozenset((ord(matcher[-1]),))


def _second_codes(rest: str, flags: int) -> frozenset[int] | None:
    """What the character after a match's first may be, given the rest of its alternative;
    None where it may be any (or the match may end there)."""
    alternatives = _opening_alternatives(rest) if rest else None
    if alternatives is None:
        return None
    found: set[int] = set()
    for opening, _ in alternatives:
        if opening.startswith("^"):
            return None
        found |= _codes_of(opening, flags)
        if len(found) > _MAX_SECOND:
            return None
    return frozenset(found)


@cache
def _opening_pairs(pattern: re.Pattern[str]
                   ) -> tuple[NDArray[numpy.bool_], NDArray[numpy.int64]] | None:
    """Where :func:`_opening_table` admits a first character, what may follow it: per code
    point (the last entry standing for all beyond the BMP) whether any character may, and
    the sorted keys ``first << _PAIR_SHIFT | second`` of the pairs that may open a match
    otherwise (each first with ``_BMP``, standing for a character beyond the BMP or the end
    of the text, too). None where :func:`_opening_table` is None."""
    if _opening_table(pattern) is None:
        return None
    alternatives = _opening_alternatives(pattern.pattern)
    assert alternatives is not None  # as _opening_table found them
    follows: dict[int, set[int] | None] = {}
    for opening, rest in alternatives:
        second = _second_codes(rest, pattern.flags)
        for first in _codes_of(opening.removeprefix("^"), pattern.flags):
            if second is None:
                follows[first] = None
            else:
                known = follows.setdefault(first, set())
                if known is not None:
                    known |= second
    any_second = numpy.zeros(_BMP + 1, dtype=bool)
    any_second[_BMP] = True
    keys: list[int] = []
    for first, seconds in follows.items():
        if seconds is None:
            any_second[first] = True
        else:
            keys += [first << _PAIR_SHIFT | second for second in (*seconds, _BMP)]
    return any_second, numpy.array(sorted(keys), dtype=numpy.int64)


_MAX_ALTERNATIVES = 400  # alternatives after distributing groups; beyond, the pattern is kept
_CLASS_ESCAPES = frozenset("dDwWsS")


def _split_alternatives(source: str) -> list[str]:
    """``source`` cut at each ``|`` outside every group and class."""
    parts: list[str] = []
    begin = 0
    for k, char, depth in _bare_characters(source):
        if char == "|" and depth == 0:
            parts.append(source[begin:k])
            begin = k + 1
    parts.append(source[begin:])
    return parts


def _group_end(source: str) -> int | None:
    """Where the group opening ``source`` closes."""
    for k, char, depth in _bare_characters(source):
        if char == ")" and depth == 0:
            return k
    return None


def _first_atom(source: str) -> tuple[str, str] | None:
    """The opening atom of ``source`` (a character, an escape, a class or a group) and the
    rest, or None where it is none of those or is quantified."""
    if not source:
        return None
    char = source[0]
    if char == "\\":
        end = 2
    elif char == "[":
        end, escaped = 1, False
        if source[1:2] in ("]", "^", ""):
            return None
        while end < len(source):
            if escaped:
                escaped = False
            elif source[end] == "\\":
                escaped = True
            elif source[end] == "[":
                return None
            elif source[end] == "]":
                break
            end += 1
        else:
            return None
        end += 1
    elif char == "(":
        closing = _group_end(source)
        if closing is None:
            return None
        end = closing + 1
    elif char in ".^$*+?{}]|)":
        return None
    else:
        end = 1
    if len(source) > end and source[end] in "*+?{":
        return None
    return source[:end], source[end:]


def _opening_alternatives(source: str) -> list[tuple[str, str]] | None:
    """``source`` as alternatives ``(first, rest)`` tried in the same order, each opening with
    one character matcher ``first`` (a character, a class escape or a class), or None.

    A group that opens an alternative is distributed over its own alternatives
    (``(?:x|y)r`` tries ``xr`` then ``yr``); a leading ``x+`` or ``x{m,n}`` is first
    rewritten as ``xx*`` or ``xx{m-1,n-1}``. Capturing groups lose their numbers: only the
    whole match is read."""
    pending = [_lead_atom_first(part) for part in _split_alternatives(source)]
    found: list[tuple[str, str]] = []
    while pending:
        if len(found) + len(pending) > _MAX_ALTERNATIVES:
            return None
        alternative = pending.pop(0)
        anchor = "^" if alternative.startswith("^") else ""
        atom = _first_atom(_lead_atom_first(alternative[len(anchor):]))
        if atom is None:
            return None
        first, rest = atom
        if first.startswith("("):
            if first.startswith("(?") and not first.startswith("(?:"):
                return None
            inner = first[3:-1] if first.startswith("(?:") else first[1:-1]
            pending[:0] = [anchor + _lead_atom_first(part + rest)
                           for part in _split_alternatives(inner)]
        elif first.startswith("\\") and first[1].isalnum() and first[1] not in _CLASS_ESCAPES:
            return None  # \u, \x, \1 …: not read here
        else:
            found.append((anchor + first, rest))
    return found


def _has_prefix(source: str) -> bool:
    """Whether ``re`` finds a literal or a class that opens every match of ``source`` (what
    its compiler looks for: an opening character or class, inside leading groups, or an
    alternation whose every branch opens with a plain character)."""
    alternatives = _split_alternatives(source)
    if len(alternatives) > 1:
        return all(
            atom is not None and not atom[0].startswith(("(", "[")) and not _class_escape(atom[0])
            for atom in map(_first_atom, alternatives)
        )
    atom = _first_atom(source)
    if atom is None:
        return False
    first = atom[0]
    if first.startswith("(?:"):
        return _has_prefix(first[3:-1])
    if first.startswith("(?"):
        return False
    if first.startswith("("):
        return _has_prefix(first[1:-1])
    return True


def _class_escape(atom: str) -> bool:
    return len(atom) == 2 and atom[0] == "\\" and atom[1] in _CLASS_ESCAPES


def _charset_first(source: str) -> str | None:
    """``source`` as ``[S](?:(?<=f1)r1|(?<=f2)r2|…)``, where each alternative ``fk rk`` opens
    with one character matcher and ``S`` is all of them: the same matches in the same order,
    but ``re`` skips to the characters of ``S``, where an alternation of groups or classes is
    tried at every position. None where that is already so (a literal or class opens every
    alternative) or the pattern does not split that way. The lookbehinds only read the
    character the class just consumed, inside the match."""
    if re.search(r"\\[0-9]|\(\?P=|\(\?<|\(\?\(", source):
        return None
    if _has_prefix(source):
        return None
    alternatives = _opening_alternatives(source)
    if alternatives is None:
        return None
    members = []
    for opening, _ in alternatives:
        first = opening.removeprefix("^")
        if first.startswith("["):
            if first[1] == "-" or first[-2] == "-":
                return None  # would make a range with its neighbour in one class
            members.append(first[1:-1])
        elif first.startswith("\\"):
            members.append(first)
        else:
            members.append(re.escape(first) if first in "\\]^-[" else first)
    runs: list[tuple[str, list[str]]] = []  # neighbours opening alike share one lookbehind
    for first, rest in alternatives:
        if runs and runs[-1][0] == first:
            runs[-1][1].append(rest)
        else:
            runs.append((first, [rest]))
    body = "|".join(
        f"(?<={first}){rests[0]}" if len(rests) == 1 else f"(?<={first})(?:{'|'.join(rests)})"
        for first, rests in runs
    )
    return f"[{''.join(dict.fromkeys(members))}](?:{body})"


class UnitTexts:
    """The texts of a document's units, joined once for scanning."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.joined = SEPARATOR.join(texts)
        lengths = numpy.fromiter(map(len, texts), dtype=numpy.int64, count=len(texts))
        self.starts: NDArray[numpy.int64] = numpy.cumsum(lengths + 1) - (lengths + 1)
        self.ends: NDArray[numpy.int64] = self.starts + lengths
        own = self.joined.count(SEPARATOR) > len(texts) - 1  # more than the separators
        self.own_newlines = frozenset(
            k for k, t in enumerate(texts) if SEPARATOR in t
        ) if own else frozenset()
        self._prefixed: str | None = None
        self._codes: NDArray[numpy.int64] | None = None

    @property
    def prefixed(self) -> str:
        """The joined text with a separator in front (for patterns anchored at a unit start)."""
        if self._prefixed is None:
            self._prefixed = SEPARATOR + self.joined
        return self._prefixed

    @property
    def codes(self) -> NDArray[numpy.int64]:
        """The joined text's code points, those beyond the BMP as ``_BMP``."""
        if self._codes is None:
            code = numpy.frombuffer(self.joined.encode("utf-32-le"), dtype=numpy.uint32)
            self._codes = numpy.minimum(code, _BMP).astype(numpy.int64)
        return self._codes

    def __len__(self) -> int:
        return len(self.texts)

    def _spans(self, pattern: re.Pattern[str], scanner: re.Pattern[str], lead: int
               ) -> NDArray[numpy.int64]:
        """``start, end, start, end, …`` of ``scanner.finditer`` over the joined text.

        Where few positions can open a match of ``pattern`` (their character, by
        :func:`_opening_table`, and the next one, by :func:`_opening_pairs`), the
        scanner is tried at those positions only, each at or after the previous match's end:
        ``finditer`` finds the same matches there (every match opens with such a character and
        consumes it), where ``re`` would test every character of the text against the set."""
        table = None if lead else _opening_table(pattern)
        if table is not None:
            candidates = numpy.flatnonzero(table[self.codes])
            if len(candidates) * _SPARSE >= len(self.joined):
                candidates = self._followed(pattern, candidates)
            if len(candidates) * _SPARSE < len(self.joined):
                match, joined = scanner.match, self.joined
                found: list[int] = []
                after = 0
                for position in candidates.tolist():
                    if position >= after:
                        hit = match(joined, position)
                        if hit is not None:
                            start, after = hit.span()
                            found += (start, after)
                return numpy.array(found, dtype=numpy.int64)
        return numpy.fromiter(
            chain.from_iterable(map(re.Match.span, scanner.finditer(
                self.prefixed if lead else self.joined
            ))),
            dtype=numpy.int64,
        )

    def _followed(self, pattern: re.Pattern[str], candidates: NDArray[numpy.int64]
                  ) -> NDArray[numpy.int64]:
        """The ``candidates`` whose next character may follow their first in a match
        (:func:`_opening_pairs`): a pattern of many words opening with common characters
        (一, 不, 要) has a first character at one position in six, its first two at few."""
        pairs = _opening_pairs(pattern)
        if pairs is None:
            return candidates
        any_second, keys = pairs
        codes = self.codes
        first = codes[candidates]
        after = candidates + 1
        second = codes[numpy.minimum(after, len(codes) - 1)]
        second[after >= len(codes)] = _BMP  # the end of the text: as any character may follow
        key = (first << _PAIR_SHIFT) | second
        keep: NDArray[numpy.bool_] = any_second[first]
        if len(keys):
            keep |= keys[numpy.minimum(numpy.searchsorted(keys, key), len(keys) - 1)] == key
        followed: NDArray[numpy.int64] = candidates[keep]
        return followed

    def _scan(self, pattern: re.Pattern[str], first_only: bool = False) -> tuple[
        NDArray[numpy.int64], NDArray[numpy.int64], NDArray[numpy.int64], set[int],
    ]:
        """The joined scan's match starts and ends in the joined text, their units
        (ascending, as the matches are), and the units to scan again alone; with
        ``first_only``, the units' first matches only, ends carried to the unit's end."""
        scanner, lead = _first_in_unit(pattern) if first_only else _multiline(pattern)
        # Only the spans are kept: thousands of live Match objects (tracked by the garbage
        # collector) made every scan push the collector towards a full collection.
        spans = self._spans(pattern, scanner, lead)
        dirty = set(self.own_newlines)
        if not len(spans):
            empty = numpy.zeros(0, dtype=numpy.int64)
            return empty, empty, empty, dirty
        begins, ends = spans[0::2], spans[1::2]
        if lead:  # positions in the prefixed text, whose separator before unit 0 is at 0
            begins += lead - 1
            ends -= 1
        units = numpy.searchsorted(self.starts, begins, side="right") - 1
        crossing = numpy.flatnonzero(ends > self.ends[units])
        if len(crossing):
            lasts = numpy.searchsorted(self.starts, ends[crossing] - 1, side="right") - 1
            for first, last in zip(units[crossing].tolist(), lasts.tolist(), strict=True):
                dirty.update(range(first, last + 1))
        return begins, ends, units, dirty

    def units_with(self, pattern: re.Pattern[str]) -> set[int]:
        """The units in which ``pattern`` matches (``pattern.search(text)`` is truthy)."""
        _, _, units, dirty = self._scan(pattern, first_only=True)
        hit = set(units.tolist()) - dirty
        hit.update(k for k in dirty if pattern.search(self.texts[k]))
        return hit

    def hits(self, pattern: re.Pattern[str], limit: int | None = None) -> dict[int, list[Hit]]:
        """Per unit with a match, its first ``limit`` matches (all when None), in order."""
        begins, ends, units, dirty = self._scan(pattern)
        result: dict[int, list[Hit]] = {}
        if len(units):
            keep = numpy.ones(len(units), dtype=bool)
            if dirty:
                keep[numpy.isin(units, numpy.fromiter(dirty, dtype=numpy.int64))] = False
            if limit is not None:  # a match's rank in its unit: units ascend with the matches
                rank = numpy.arange(len(units)) - numpy.searchsorted(units, units, side="left")
                keep &= rank < limit
            units, begins, ends = units[keep], begins[keep], ends[keep]
        if len(units):
            offsets = self.starts[units]
            joined = self.joined
            listed = list(zip((begins - offsets).tolist(), (ends - offsets).tolist(),
                              map(joined.__getitem__, map(slice, begins.tolist(), ends.tolist())),
                              strict=True))
            bounds = numpy.flatnonzero(numpy.diff(units, prepend=-1)).tolist()
            for low, high, k in zip(bounds, [*bounds[1:], len(listed)],
                                    units[bounds].tolist(), strict=True):
                result[k] = listed[low:high]
        for k in dirty:
            alone = [
                (m.start(), m.end(), m.group()) for m in pattern.finditer(self.texts[k])
            ][:limit]
            if alone:
                result[k] = alone
            else:
                result.pop(k, None)
        return result

    def literal_spans(self, literal: str) -> tuple[NDArray[numpy.int64], NDArray[numpy.int64]]:
        """Every occurrence of ``literal`` (overlapping ones too): units and unit-relative starts.

        A literal without a newline never crosses a separator, so the joined scan is exact.
        """
        if SEPARATOR in literal or not literal:
            raise ValueError(f"literal cannot be scanned over joined units: {literal!r}")
        pattern = _lookahead(literal)
        positions = numpy.fromiter(
            (m.start() for m in pattern.finditer(self.joined)), dtype=numpy.int64
        )
        units = numpy.searchsorted(self.starts, positions, side="right") - 1
        return units, positions - self.starts[units]


@cache
def _lookahead(literal: str) -> re.Pattern[str]:
    return re.compile(f"(?={re.escape(literal)})")


_Trie = dict[str, "_Trie"]


def literal_alternation(words: Sequence[str]) -> re.Pattern[str]:
    """One pattern matching the longest of ``words`` at each position, as a trie.

    ``re`` tries the alternatives of ``a|b|…`` one after the other at every candidate position;
    a trie (``但(?:是)?|…``) tries one branch per character. It gives what the alternation
    of the words sorted longest first gives: the longest word starting at the leftmost position.
    """
    trie: _Trie = {}
    for word in words:
        if not word:
            raise ValueError("empty word in a literal alternation")
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node and len(body) > 1 and not body.startswith("(?:"):
            body = f"(?:{body})"
        return body + "?" if "" in node else body

    return re.compile(render(trie))


_META = re.compile(r"[.^$*+?{}\[\]\\|()]")


def _trie_safe(words: Sequence[str]) -> bool:
    """Whether no word is listed after a longer word it begins (then the list's order and a
    trie's longest-first rule pick the same match)."""
    return all(
        not (later.startswith(earlier) and later != earlier)
        for k, earlier in enumerate(words)
        for later in words[k + 1 :]
    )


_LEAD = re.compile(  # an opening atom (class escape, [class] or plain character) and its repeat
    r"^(\\[dDwWsS]|\[(?:\\.|[^\]\\])+\]|[^\\.^$*+?{}\[\]|()])"
    r"(\+|\{(\d+)(?:,(\d*))?\})"
)


def _lead_atom_first(pattern: str) -> str:
    """``X+…`` as ``XX*…`` and ``X{m,n}…`` (m >= 1) as ``XX{m-1,n-1}…``: the same matches, but
    an alternative that opens with a plain character or class lets ``re`` reject a position at
    once, where an opening repeat is entered at every position."""
    lead = _LEAD.match(pattern)
    if lead is None:
        return pattern
    atom, quantifier, low, high = lead.groups()
    rest = pattern[lead.end():]
    if quantifier == "+":
        return f"{atom}{atom}*{rest}"
    if int(low) < 1:
        return pattern
    if high is None:
        repeat = f"{{{int(low) - 1}}}" if "," not in quantifier else f"{{{int(low) - 1},}}"
    elif high == "":
        repeat = f"{{{int(low) - 1},}}"
    else:
        repeat = f"{{{int(low) - 1},{int(high) - 1}}}"
    return f"{atom}{atom}{repeat}{rest}"


def alternation(patterns: Sequence[str]) -> re.Pattern[str]:
    """``p1|p2|…`` as one pattern, with each run of plain words in it as one trie.

    ``re`` tries the alternatives one after the other at every position; a run of words
    becomes one alternative in the same place, so the order, and the match, stay the same
    (a run whose order a trie would not keep is left as it is)."""
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 1 and _trie_safe(run):
            parts.append(literal_alternation(run).pattern)
        else:
            parts.extend(run)
        run.clear()

    for pattern in patterns:
        if _META.search(pattern):
            flush()
            parts.append(_lead_atom_first(pattern))
        else:
            run.append(pattern)
    flush()
    if len(parts) == 1 and not _META.search(patterns[0] if len(patterns) == 1 else "|"):
        return re.compile(parts[0])
    return re.compile("|".join(f"(?:{p})" for p in parts))
