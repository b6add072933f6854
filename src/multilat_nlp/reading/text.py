"""Plain text and Markdown."""

from __future__ import annotations

import re

from .base import Extracted, Heading, check_not_empty
from .encoding import decode
from .errors import EmptyFileError

__all__ = ["markdown_headings", "read_text"]

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def markdown_headings(text: str) -> tuple[Heading, ...]:
    """ATX (``# Title``) and setext headings outside code fences, as offsets of their text."""
    out: list[Heading] = []
    pos = 0
    in_fence = False
    prev: tuple[int, str] | None = None  # start and content of the previous plain line
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if _FENCE.match(body):
            in_fence = not in_fence
            prev = None
        elif not in_fence:
            atx = _ATX.match(body)
            setext = _SETEXT.match(body)
            if atx and atx.group(2):
                start = pos + atx.start(2)
                out.append((start, start + len(atx.group(2)), len(atx.group(1))))
                prev = None
            elif setext and prev is not None and prev[1].strip():
                lead = len(prev[1]) - len(prev[1].lstrip())
                start = prev[0] + lead
                level = 1 if setext.group(1).startswith("=") else 2
                out.append((start, start + len(prev[1].strip()), level))
                prev = None
            else:
                prev = (pos, body) if body.strip() else None
        pos += len(line)
    return tuple(out)


def read_text(
    data: bytes, *, path: str | None, encoding: str | None = None, markdown: bool = False
) -> Extracted:
    """Decode a text file; Markdown additionally records its headings."""
    if not data:
        raise EmptyFileError(path, "file is empty (0 bytes)")
    decoded = decode(data, path=path, encoding=encoding)
    check_not_empty(decoded.text, path)
    headings = markdown_headings(decoded.text) if markdown else ()
    return Extracted(
        text=decoded.text, encoding=decoded.encoding, headings=headings, had_bom=decoded.had_bom
    )
