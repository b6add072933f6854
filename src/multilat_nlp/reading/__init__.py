"""Reading layer: any supported file in, :class:`RawText` out, or a :class:`ReadError`.

Nothing here trusts its input. Size is checked from ``os.stat`` before a byte is read, formats are
confirmed by their magic bytes rather than their names alone, archives are inflated under a
budget, and every failure is a ``ReadError`` subclass naming the file and the cause, so a batch
over thousands of papers can log and move on.
"""

from __future__ import annotations

import os
import stat

from multilat_nlp.limits import DEFAULT_MAX_BYTES
from multilat_nlp.text.script import OffsetMapping, detect_script, to_simplified

from .base import FORMATS, Extracted, Footnote, Heading, RawText, sha256_hex
from .docx import OLE2_MAGIC, ZipLimits, is_ole2_encrypted, read_docx
from .encoding import canonical_encoding, decode
from .errors import (
    BinaryFileError,
    CorruptDocumentError,
    EmptyFileError,
    EncodingError,
    EncryptedDocumentError,
    FileAccessError,
    FileTooLargeError,
    MissingDependencyError,
    ReadError,
    UnsafeDocumentError,
    UnsupportedFormatError,
)
from .html import read_html
from .pdf import is_pdf, read_pdf
from .text import read_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "BinaryFileError",
    "CorruptDocumentError",
    "EmptyFileError",
    "EncodingError",
    "EncryptedDocumentError",
    "FileAccessError",
    "FileTooLargeError",
    "Footnote",
    "Heading",
    "MissingDependencyError",
    "OffsetMapping",
    "RawText",
    "ReadError",
    "UnsafeDocumentError",
    "UnsupportedFormatError",
    "ZipLimits",
    "canonical_encoding",
    "decode",
    "detect_script",
    "read",
    "read_bytes",
    "sniff_format",
    "to_simplified",
]


_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".docm": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_FORMAT_ALIASES = {
    "txt": "txt",
    "text": "txt",
    "md": "md",
    "markdown": "md",
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "htm": "html",
}
_UNSUPPORTED_EXTENSIONS = frozenset(
    {".doc", ".rtf", ".odt", ".wps", ".pages", ".epub", ".xls", ".xlsx", ".ppt", ".pptx"}
)


def _extension(name: str | None) -> str:
    return os.path.splitext(name)[1].lower() if name else ""


def _looks_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<?xml") and b"<html" in head
    )


def sniff_format(data: bytes, name: str | None = None) -> str:
    """Format to read ``data`` as: ``txt``, ``md``, ``docx``, ``pdf`` or ``html``.

    Magic bytes win over a misleading extension for binary containers (a PDF saved as .txt is
    read as PDF); a .pdf or .docx that fails its magic check goes to its reader, which reports a
    corrupt document. Raises UnsupportedFormatError for formats we recognise but do not read.
    """
    ext = _extension(name)
    by_ext = _EXTENSIONS.get(ext)
    if by_ext in ("pdf", "docx"):
        return by_ext
    if is_pdf(data):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"  # the docx reader says so if the zip is not a Word document
    if data.startswith(OLE2_MAGIC):
        if is_ole2_encrypted(data):
            return "docx"  # so that the error says "password-protected"
        raise UnsupportedFormatError(
            name, "legacy Microsoft Office (OLE2) file; save it as .docx or PDF first"
        )
    if data.lstrip()[:5] == b"{\\rtf":
        raise UnsupportedFormatError(name, "RTF is not supported; save it as .docx or PDF")
    if by_ext is not None:
        return by_ext
    if ext in _UNSUPPORTED_EXTENSIONS:
        if _looks_html(data):
            return "html"  # "Word" files exported from web systems are often HTML
        raise UnsupportedFormatError(name, f"{ext} files are not supported")
    return "html" if _looks_html(data) else "txt"


def _resolve_format(data: bytes, name: str | None, fmt: str | None) -> str:
    if fmt is None:
        return sniff_format(data, name)
    resolved = _FORMAT_ALIASES.get(fmt.lower().lstrip("."))
    if resolved is None:
        raise UnsupportedFormatError(
            name, f"unknown format {fmt!r}; expected one of txt, md, docx, pdf, html"
        )
    return resolved


def read_bytes(
    data: bytes,
    *,
    name: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: str | None = None,
    zip_limits: ZipLimits | None = None,
) -> RawText:
    """Read in-memory input; ``name`` is used for the format guess and in error messages."""
    if len(data) > max_bytes:
        raise FileTooLargeError(name, size=len(data), limit=max_bytes)
    if not data:
        raise EmptyFileError(name, "file is empty (0 bytes)")
    fmt = _resolve_format(data, name, format)
    extracted: Extracted
    if fmt in ("txt", "md"):
        extracted = read_text(data, path=name, encoding=encoding, markdown=fmt == "md")
    elif fmt == "html":
        extracted = read_html(data, path=name, encoding=encoding)
    elif fmt == "docx":
        extracted = read_docx(data, path=name, max_bytes=max_bytes, limits=zip_limits)
    else:
        extracted = read_pdf(data, path=name, max_bytes=max_bytes)
    return RawText(
        text=extracted.text,
        path=name,
        encoding=extracted.encoding,
        format="txt" if fmt == "md" else fmt,
        sha256=sha256_hex(data),
        headings=extracted.headings,
        had_bom=extracted.had_bom,
        footnotes=extracted.footnotes,
        toc=extracted.toc,
    )


def read(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: str | None = None,
    zip_limits: ZipLimits | None = None,
) -> RawText:
    """Read a .txt/.md, .docx, .pdf or .html file into :class:`RawText`.

    ``encoding`` overrides detection for text and HTML; ``max_bytes`` bounds both the file size
    (checked before reading) and the extracted text; ``format`` overrides the guess from the
    extension and magic bytes.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except OSError as err:
        raise FileAccessError(name, f"cannot open: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileAccessError(name, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise FileAccessError(name, "not a regular file (device, pipe or socket)")
    if info.st_size > max_bytes:
        raise FileTooLargeError(name, size=info.st_size, limit=max_bytes)
    try:
        with open(name, "rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as err:
        raise FileAccessError(name, f"cannot read: {err.strerror or err}") from None
    if len(data) > max_bytes:
        raise FileTooLargeError(name, size=len(data), limit=max_bytes)
    return read_bytes(
        data,
        name=name,
        encoding=encoding,
        max_bytes=max_bytes,
        format=format,
        zip_limits=zip_limits,
    )
