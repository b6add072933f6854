"""What a reader saw of a document's layout, handed to the structure stage.

The readers see structure that plain text loses: .docx heading styles and Word numbering, HTML
h1-h6, .docx footnotes, page breaks. :class:`Layout` carries it from the reader to the structure
stage in a neutral module, so that stages never import a reader. Offsets are into the text the
Doc is built on (the clean text): :func:`multilat_nlp.analyze` maps the reader's raw offsets
through the cleaner's offset map before the stages run.

On the Doc it is stored JSON-native (``doc._.layout``, see :meth:`Layout.to_json`) so that
``Doc.to_bytes`` and multi-process ``nlp.pipe`` carry it; :meth:`Layout.from_json` gives the
typed value back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["HeadingCandidate", "Layout", "NoteSpan", "TocEntry"]


@dataclass(frozen=True, slots=True)
class HeadingCandidate:
    """A line the markup calls a heading; level 1 is the top, 0 a document title."""

    start: int
    end: int
    level: int


@dataclass(frozen=True, slots=True)
class NoteSpan:
    """A footnote or endnote the reader found as such (marker included in the span)."""

    start: int
    end: int
    marker: str


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One entry of a printed table of contents: the title and page label as printed.

    The entries are not in the text (the cleaner drops the table from the body), so they carry
    no offsets; ``level`` is 1 for a chapter or a top-level number, 2 for ``1.1`` and so on, 0
    when the entry does not say.
    """

    title: str
    page: str
    level: int = 0


@dataclass(frozen=True, slots=True)
class Layout:
    """Pages, heading candidates, footnotes and the end of the body, as the reader saw them."""

    format: str = "txt"
    pages: tuple[int, ...] = (0,)
    headings: tuple[HeadingCandidate, ...] = ()
    footnotes: tuple[NoteSpan, ...] = ()
    body_end: int | None = None
    toc: tuple[TocEntry, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "pages": list(self.pages),
            "headings": [[h.start, h.end, h.level] for h in self.headings],
            "footnotes": [[n.start, n.end, n.marker] for n in self.footnotes],
            "body_end": self.body_end,
            "toc": [[t.title, t.page, t.level] for t in self.toc],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Layout | None:
        if not data:
            return None
        return cls(
            format=str(data.get("format", "txt")),
            pages=tuple(int(p) for p in data.get("pages", [0])),
            headings=tuple(HeadingCandidate(int(s), int(e), int(lv))
                           for s, e, lv in data.get("headings", [])),
            footnotes=tuple(NoteSpan(int(s), int(e), str(m))
                            for s, e, m in data.get("footnotes", [])),
            body_end=None if data.get("body_end") is None else int(data["body_end"]),
            toc=tuple(TocEntry(str(t), str(p), int(lv)) for t, p, lv in data.get("toc", [])),
        )

    def mapped(self, to_clean: Callable[[int], int | None]) -> Layout:
        """The same layout in other offsets; items whose text was dropped are left out."""

        def span(start: int, end: int) -> tuple[int, int] | None:
            first = to_clean(start)
            last = to_clean(end - 1) if end > start else first
            if first is None or last is None:
                return None
            return first, last + 1

        headings = []
        for h in self.headings:
            moved = span(h.start, h.end)
            if moved:
                headings.append(HeadingCandidate(moved[0], moved[1], h.level))
        notes = []
        for n in self.footnotes:
            moved = span(n.start, n.end)
            if moved:
                notes.append(NoteSpan(moved[0], moved[1], n.marker))
        body_end = None
        if self.body_end is not None:
            body_end = to_clean(self.body_end)
        return Layout(self.format, self.pages, tuple(headings), tuple(notes), body_end, self.toc)
