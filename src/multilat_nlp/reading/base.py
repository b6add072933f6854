"""The value every reader returns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .errors import EmptyFileError, FileTooLargeError

__all__ = [
    "FORMATS",
    "Extracted",
    "Footnote",
    "Heading",
    "RawText",
    "check_not_empty",
    "check_text_size",
    "sha256_hex",
]

#: (start, end, level): char offsets into ``RawText.text``, end exclusive; level 1 is the top
#: (h1, Heading 1), 0 a document title (the .docx "Title" style).
Heading = tuple[int, int, int]
#: (start, end, marker): char offsets of one footnote line (marker included) and its marker.
Footnote = tuple[int, int, str]
#: A table-of-contents entry as printed: ``(title, page label)``.
TocItem = tuple[str, str]

FORMATS = ("txt", "docx", "pdf", "html")


@dataclass(frozen=True, slots=True)
class RawText:
    """Text exactly as extracted, plus where it came from.

    The text is never normalised (no newline or width changes), so that later clean-up can keep an
    offset map back to it. Only a byte-order mark is dropped, and ``had_bom`` records that.
    ``sha256`` is of the raw input bytes so reruns can be matched to their source.
    """

    text: str
    path: str | None
    encoding: str | None
    format: str
    sha256: str
    headings: tuple[Heading, ...] = ()
    had_bom: bool = False
    footnotes: tuple[Footnote, ...] = ()
    toc: tuple[TocItem, ...] = ()

    @property
    def script(self) -> str:
        """``hans``, ``hant``, ``mixed`` or ``unknown`` (:func:`~multilat_nlp.text.detect_script`).

        Computed when asked: the pipeline never needs it, and on a long text it cost as much
        as the rest of reading it.
        """
        from multilat_nlp.text.script import detect_script

        return detect_script(self.text)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a format reader found; :func:`multilat_nlp.reading.read` adds provenance."""

    text: str
    encoding: str | None = None
    headings: tuple[Heading, ...] = ()
    had_bom: bool = False
    footnotes: tuple[Footnote, ...] = ()
    toc: tuple[TocItem, ...] = ()


def sha256_hex(data: bytes) -> str:
    """Hash of the raw bytes, so provenance survives renames."""
    return hashlib.sha256(data).hexdigest()


def check_text_size(text: str, path: str | None, max_bytes: int) -> None:
    """Refuse extracted text over the limit; a small container can expand into huge text."""
    if len(text) * 4 <= max_bytes:  # UTF-8 needs at most 4 bytes per character
        return
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise FileTooLargeError(path, size=size, limit=max_bytes, what="extracted text")


def check_not_empty(text: str, path: str | None, cause: str | None = None) -> None:
    """Refuse text with nothing to analyse; downstream stages assume some content."""
    if not text.strip():
        raise EmptyFileError(path, cause) if cause else EmptyFileError(path)
