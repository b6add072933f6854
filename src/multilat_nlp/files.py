"""From a file to an analysed Doc: the entry point for API users and the CLI alike.

``nlp(text)`` sees only a string; a file also has provenance (``doc._.source``) and the layout
its reader saw (``doc._.layout``: heading styles, h1-h6, .docx footnotes). :func:`analyze`
reads the file, builds the Doc on the clean text, maps the reader's layout into the clean
offsets and then runs the stages, so the structure stage gets what the reader saw.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.document import register_extensions
from multilat_nlp.layout import HeadingCandidate, Layout, NoteSpan, TocEntry
from multilat_nlp.reading import RawText, read
from multilat_nlp.reading.offsets import OffsetMap
from multilat_nlp.text import fold_for_matching, heading_marker

__all__ = ["analyze", "layout_of", "toc_entry"]

_PAGE_BREAK = "\f"


def layout_of(raw: RawText) -> Layout:
    """The layout a reader recorded, in the offsets of ``raw.text``."""
    pages = [0]
    position = raw.text.find(_PAGE_BREAK)
    while position != -1:  # str.find, not a Python step per character (1 MB: 50 ms)
        pages.append(position + 1)
        position = raw.text.find(_PAGE_BREAK, position + 1)
    notes = tuple(NoteSpan(start, end, marker) for start, end, marker in raw.footnotes)
    return Layout(
        format=raw.format,
        pages=tuple(pages),
        headings=tuple(HeadingCandidate(s, e, level) for s, e, level in raw.headings),
        footnotes=notes,
        body_end=min((n.start for n in notes), default=None),
        toc=tuple(toc_entry(title, page) for title, page in raw.toc),
    )


_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)(?=\s|[^\d.])")


def toc_entry(title: str, page: str) -> TocEntry:
    """A table-of-contents entry with the level its number says (``1.2`` is 2, 第一章 1)."""
    folded = fold_for_matching(title)
    numbered = _NUMBERED.match(folded)
    if numbered:
        level = numbered.group(1).count(".") + 1
    else:
        marker = heading_marker(folded, bare=False)
        level = 1 if marker is not None and marker[0] in ("part", "chapter") else 0
    return TocEntry(title, page, level)


def analyze(
    path: str | Path,
    nlp: Language | None = None,
    *,
    encoding: str | None = None,
    max_bytes: int | None = None,
) -> Doc:
    """Read ``path`` and run ``nlp`` (the default ``policy`` pipeline if None) on it.

    ``max_bytes`` bounds the file and its text; by default the pipeline's own limit
    (``load(max_bytes=...)``).
    """
    from multilat_nlp.limits import DEFAULT_MAX_BYTES
    from multilat_nlp.pipeline import load

    pipeline = nlp if nlp is not None else load()
    limit = max_bytes if max_bytes is not None else getattr(pipeline, "max_bytes", None)
    if not isinstance(limit, int):
        limit = DEFAULT_MAX_BYTES
    raw = read(path, encoding=encoding, max_bytes=limit)
    return analyze_raw(raw, pipeline, path)


def analyze_raw(raw: RawText, nlp: Language, path: str | Path) -> Doc:
    """Run ``nlp`` on text a reader returned, with the reader's ``layout`` and ``source`` set.

    :func:`analyze` and the batch workers both go through here, so a file gives the same
    document whichever way it is analysed.
    """
    register_extensions()
    doc = nlp.make_doc(raw.text)
    layout = layout_of(raw)
    if doc._.offset_map is not None:
        offsets = OffsetMap.from_list(doc._.offset_map)
        layout = layout.mapped(offsets.to_clean)
        pages = tuple(p for p in (offsets.to_clean(p) for p in layout.pages) if p is not None)
        layout = Layout(layout.format, pages or (0,), layout.headings, layout.footnotes,
                        layout.body_end, layout.toc)
    info = doc._.clean_info or {}
    if info.get("toc"):
        entries = tuple(toc_entry(str(t["title"]), str(t["page"])) for t in info["toc"])
        layout = dataclasses.replace(layout, toc=layout.toc + entries)
    doc._.layout = layout.to_json()
    doc._.source = {
        "path": str(path),
        "sha256": raw.sha256,
        "encoding": raw.encoding,
        "format": raw.format,
    }
    result: Doc = nlp(doc)
    return result
