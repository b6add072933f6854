"""Offsets from cleaned text back to the raw decoded text.

Cleaning drops footers, moves footnotes after the body and joins sentences cut by a page break,
so a clean offset is no longer a raw offset. An :class:`OffsetMap` keeps the link as
``[clean_start, raw_start, length]`` segments: ``clean[c:c+n] == raw[r:r+n]`` for every segment.
Clean characters that no segment covers were inserted by cleaning (a space or a newline) and have
no raw source. Segments are sorted by ``clean_start``; their raw starts need not be increasing,
because moved footnotes come from earlier in the raw text than the end of the body.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["OffsetMap", "OffsetMapBuilder"]

Segment = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Clean → raw offsets as ``(clean_start, raw_start, length)`` segments, sorted and disjoint."""

    segments: tuple[Segment, ...] = ()
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _by_raw: tuple[Segment, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        previous_end = 0
        for clean_start, raw_start, length in self.segments:
            if clean_start < previous_end or raw_start < 0 or length <= 0:
                raise ValueError(
                    f"offset map segments must be sorted, disjoint and non-empty: "
                    f"{(clean_start, raw_start, length)}"
                )
            previous_end = clean_start + length
        object.__setattr__(self, "_starts", tuple(s[0] for s in self.segments))
        by_raw = tuple(sorted(self.segments, key=lambda s: s[1]))
        for before, after in itertools.pairwise(by_raw):
            if before[1] + before[2] > after[1]:
                raise ValueError(f"offset map segments overlap in the raw text: {before}, {after}")
        object.__setattr__(self, "_by_raw", by_raw)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that cleaning left unchanged."""
        return cls(((0, 0, length),) if length > 0 else ())

    @classmethod
    def from_list(cls, data: Iterable[Sequence[int]]) -> OffsetMap:
        """Inverse of :meth:`to_list` (the JSON ``offset_map``)."""
        return cls(tuple((int(c), int(r), int(n)) for c, r, n in data))

    def to_list(self) -> list[list[int]]:
        """JSON-native form: ``[[clean_start, raw_start, length], ...]``."""
        return [list(segment) for segment in self.segments]

    @property
    def clean_length_mapped(self) -> int:
        """How many clean characters have a raw source."""
        return sum(n for _, _, n in self.segments)

    def _segment_at(self, i: int) -> Segment | None:
        k = bisect.bisect_right(self._starts, i) - 1
        if k < 0:
            return None
        segment = self.segments[k]
        return segment if i < segment[0] + segment[2] else None

    def to_raw_char(self, i: int) -> int | None:
        """Raw offset of clean character ``i``; ``None`` if cleaning inserted it."""
        segment = self._segment_at(i)
        if segment is None:
            return None
        return segment[1] + i - segment[0]

    def to_raw_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """The raw pieces that clean ``[start, end)`` came from, in clean order.

        A span across a page join comes from two raw pieces; concatenated, the pieces give back
        the clean characters of the span except those cleaning inserted.
        """
        pieces: list[tuple[int, int]] = []
        if end <= start:
            return pieces
        k = max(bisect.bisect_right(self._starts, start) - 1, 0)
        while k < len(self.segments):
            clean_start, raw_start, length = self.segments[k]
            if clean_start >= end:
                break
            lo = max(start, clean_start)
            hi = min(end, clean_start + length)
            if lo < hi:
                piece = (raw_start + lo - clean_start, raw_start + hi - clean_start)
                if pieces and pieces[-1][1] == piece[0]:
                    pieces[-1] = (pieces[-1][0], piece[1])
                else:
                    pieces.append(piece)
            k += 1
        return pieces

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` enclosing clean ``[start, end)``.

        The raw start is that of the first mapped character and the raw end that of the last
        one; whatever cleaning removed in between lies inside. For a span of inserted
        characters only (or an empty span) both ends are the raw position where it was inserted.
        """
        pieces = self.to_raw_spans(start, end)
        if pieces:
            return pieces[0][0], pieces[-1][1]
        position = self._insertion_point(start)
        return position, position

    def _insertion_point(self, i: int) -> int:
        """Raw position just after the last mapped character before clean offset ``i``."""
        k = bisect.bisect_right(self._starts, i) - 1
        if k < 0:
            return self.segments[0][1] if self.segments else 0
        clean_start, raw_start, length = self.segments[k]
        return raw_start + min(i - clean_start, length)

    def to_clean(self, raw_i: int) -> int | None:
        """Clean offset of raw character ``raw_i``; ``None`` if cleaning dropped it."""
        k = bisect.bisect_right(self._by_raw, raw_i, key=lambda s: s[1]) - 1
        if k < 0:
            return None
        clean_start, raw_start, length = self._by_raw[k]
        return clean_start + raw_i - raw_start if raw_i < raw_start + length else None

    def raw_ranges(self) -> list[tuple[int, int]]:
        """Raw ``[start, end)`` ranges that reached the clean text, sorted by raw offset."""
        return sorted((r, r + n) for _, r, n in self.segments)


class OffsetMapBuilder:
    """Builds a clean text and its map piece by piece: copies of raw ranges and insertions."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._parts: list[str] = []
        self._segments: list[list[int]] = []
        self.length = 0

    def copy(self, raw_start: int, raw_end: int) -> None:
        """Append ``raw[raw_start:raw_end]``, keeping its origin."""
        if raw_end <= raw_start:
            return
        n = raw_end - raw_start
        last = self._segments[-1] if self._segments else None
        if last is not None and last[0] + last[2] == self.length and last[1] + last[2] == raw_start:
            last[2] += n
        else:
            self._segments.append([self.length, raw_start, n])
        self._parts.append(self.raw[raw_start:raw_end])
        self.length += n

    def insert(self, text: str) -> None:
        """Append characters that have no raw source (a joining space, a separator newline)."""
        self._parts.append(text)
        self.length += len(text)

    def last_char(self) -> str:
        """The last clean character so far, or ``""``."""
        for part in reversed(self._parts):
            if part:
                return part[-1]
        return ""

    def text(self) -> str:
        return "".join(self._parts)

    def build(self) -> OffsetMap:
        return OffsetMap(tuple((c, r, n) for c, r, n in self._segments))
