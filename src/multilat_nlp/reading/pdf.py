"""PDF text via pdfminer.six (optional extra ``[pdf]``).

pdfminer.six is pure Python and ships the Adobe CMaps (Adobe-GB1, -CNS1, UniGB-UCS2-H...), so
Chinese text set in CID fonts without a ToUnicode table still comes out as the right characters.
Pages are joined with a form feed (``\\f``) so that clean-up can find page breaks (running
headers, footers, hyphenation across pages); the text is otherwise left as pdfminer lays it out,
with ties in its box grouping broken by creation order (``pdf_layout``), so a parse is repeatable.

When pdfminer cannot parse the file at all (a damaged cross-reference table or trailer, e.g.
``No /Root object``), pypdf — which repairs such files — is tried before giving up; a file that
neither can read is a :class:`CorruptDocumentError` naming both causes.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

from .base import Extracted, check_not_empty, check_text_size
from .errors import (
    CorruptDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    MissingDependencyError,
    ReadError,
    UnsafeDocumentError,
)

__all__ = ["INFLATE_FACTOR", "PAGE_BREAK", "check_streams", "is_pdf", "read_pdf"]

PAGE_BREAK = "\f"
#: The compressed streams of a PDF may inflate to at most this many times the text size limit
#: (``max_bytes``, 50 MB by default: 500 MB). pdfminer inflates a stream whole, in memory, and a
#: few kilobytes of zeros inflate to gigabytes; real papers inflate to a few times their text.
INFLATE_FACTOR = 10
#: pdfminer parses in a child process with these limits, so a file built to exhaust memory or
#: time (filter chains, object cycles, quadratic repairs) fails with UnsafeDocumentError.
#: The CPU budget is PARSE_SECONDS plus PARSE_SECONDS_PER_MB for each MB of PDF (a 200-page
#: thesis of 2.3 MB needs ~8 s, a hostile 2 KB file gets 30 s); the wall-clock timeout is
#: PARSE_WALL_FACTOR times the CPU budget, so a loaded machine does not fail real papers.
PARSE_SECONDS = 30.0
PARSE_SECONDS_PER_MB = 15.0
PARSE_WALL_FACTOR = 4.0
PARSE_ADDRESS_SPACE = 1_024 * 2**20
_STREAM = re.compile(rb"stream(?:\r\n|\r|\n)")
_CHUNK = 1 << 20


def is_pdf(data: bytes) -> bool:
    """PDF readers accept the header anywhere in the first KiB, and so do we."""
    return b"%PDF-" in data[:1024]


def _extract(data: bytes, path: str | None, max_bytes: int) -> str:
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from .pdf_layout import DeterministicTextConverter

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        raise EncryptedDocumentError(path, "the PDF is password-protected") from None
    except PDFEncryptionError as err:
        raise EncryptedDocumentError(
            path, f"the PDF is encrypted in a way that cannot be opened: {err}"
        ) from None
    resources = PDFResourceManager(caching=True)
    laparams = LAParams()
    pages: list[str] = []
    size = 0
    for page in PDFPage.create_pages(document):
        out = io.StringIO()
        device = DeterministicTextConverter(resources, out, laparams=laparams)
        try:
            PDFPageInterpreter(resources, device).process_page(page)
        finally:
            device.close()
        text = out.getvalue()
        if text.endswith(PAGE_BREAK):
            text = text[: -len(PAGE_BREAK)]
        pages.append(text)
        size += len(text) + 1
        if size > max_bytes:
            check_text_size(PAGE_BREAK.join(pages), path, max_bytes)
    return PAGE_BREAK.join(pages)


#: pypdf writes some files one glyph or word per line: ``S\ne\nm\ni`` and ``Their\n \nstructures``
#: (a line holding one space between two words). A run of three or more one-character lines is
#: one word; a lone-space line between two words is the space between them.
_GLYPH_RUN = re.compile(r"(?m)^\S(?:\n\S$){2,}")
_SPACE_LINE = re.compile(r"(?<=\S)\n[ \t]\n(?=\S)")


def rejoin_glyph_lines(text: str) -> str:
    """A pypdf page's text with its glyph-per-line runs joined (see ``_GLYPH_RUN``)."""
    if "\n" not in text:
        return text
    text = _GLYPH_RUN.sub(lambda m: m.group().replace("\n", ""), text)
    return _SPACE_LINE.sub(" ", text)


def _extract_pypdf(data: bytes, path: str | None, max_bytes: int, pdfminer_cause: str) -> str:
    """Pages through pypdf, for files pdfminer cannot open; pages joined with ``\\f``."""
    if importlib.util.find_spec("pypdf") is None:
        raise CorruptDocumentError(path, f"cannot parse the PDF: {pdfminer_cause}")
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repair warnings are expected here
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocumentError(path, "the PDF is password-protected")
        pages: list[str] = []
        size = 0
        for page in reader.pages:
            pages.append(rejoin_glyph_lines(page.extract_text() or ""))
            size += len(pages[-1]) + 1
            if size > max_bytes:
                check_text_size(PAGE_BREAK.join(pages), path, max_bytes)
    except ReadError:
        raise
    except MemoryError:
        raise
    except Exception as err:  # pypdf too raises many types on damaged files
        raise CorruptDocumentError(
            path,
            f"cannot parse the PDF: {pdfminer_cause} (pypdf: {type(err).__name__}: {err})",
        ) from None
    return PAGE_BREAK.join(pages)


def check_streams(data: bytes, path: str | None, limit: int) -> None:
    """Refuse a PDF whose Flate streams inflate past ``limit`` bytes, before pdfminer does.

    Each ``stream`` keyword is followed by a zlib decoder fed a megabyte at a time and asked for
    at most a megabyte back, so the check itself stays small; what is not zlib is skipped, and
    image streams (never decoded for text) are not counted.
    """
    total = 0
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 2048) : match.start()]
        dictionary = head[head.rfind(b"<<") :] if b"<<" in head else b""
        if b"/Image" in dictionary:
            continue
        decoder = zlib.decompressobj()
        position = match.end()
        pending = b""
        try:
            while not decoder.eof:
                if not pending:
                    pending = data[position : position + _CHUNK]
                    position += len(pending)
                    if not pending:
                        break
                total += len(decoder.decompress(pending, _CHUNK))
                pending = decoder.unconsumed_tail
                if total > limit:
                    raise UnsafeDocumentError(
                        path,
                        f"its compressed streams inflate to more than {limit:,} bytes "
                        "(a decompression bomb?)",
                    )
        except zlib.error:
            continue  # not a Flate stream, or a damaged one: pdfminer decides


def read_pdf(data: bytes, *, path: str | None, max_bytes: int) -> Extracted:
    """Text of every page, pages separated by ``\\f``."""
    if not data:
        raise EmptyFileError(path, "file is empty (0 bytes)")
    if not is_pdf(data):
        raise CorruptDocumentError(path, "not a PDF: no %PDF- header in the first 1024 bytes")
    if importlib.util.find_spec("pdfminer") is None:
        raise MissingDependencyError(
            path, package="pdfminer.six", extra="pdf", purpose="reading PDF files"
        )
    check_streams(data, path, INFLATE_FACTOR * max_bytes)
    text = _extract_bounded(data, path, max_bytes)
    check_not_empty(text, path, "the PDF has no text layer (a scan? run OCR first)")
    return Extracted(text=text, encoding=None)


def extract_text(data: bytes, path: str | None, max_bytes: int) -> str:
    """pdfminer, then pypdf for files pdfminer cannot open; in this process, unbounded."""
    try:
        return _extract(data, path, max_bytes)
    except ReadError:
        raise
    except MemoryError:
        raise
    except RecursionError as err:  # a reference cycle pdfminer follows
        raise UnsafeDocumentError(path, f"its object graph is cyclic or too deep ({err})") from None
    except Exception as err:  # pdfminer raises many types on damaged files; none may escape
        cause = f"{type(err).__name__}: {err}"
        return _extract_pypdf(data, path, max_bytes, cause)


def parse_cpu_seconds(size: int) -> float:
    """The CPU budget for parsing a PDF of ``size`` bytes (see ``PARSE_SECONDS``)."""
    return PARSE_SECONDS + PARSE_SECONDS_PER_MB * size / 2**20


def _child_limits(cpu_seconds: float) -> Callable[[], None]:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (PARSE_ADDRESS_SPACE, PARSE_ADDRESS_SPACE))
        seconds = int(cpu_seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    return limit


def _extract_bounded(data: bytes, path: str | None, max_bytes: int) -> str:
    """:func:`extract_text` in a child process with a memory and time budget.

    Bounding every filter chain, cycle and repair heuristic of two PDF libraries one by one is
    a losing game; the operating system bounds them all. Where ``resource`` does not exist
    (Windows) the parse runs in process.
    """
    if importlib.util.find_spec("resource") is None:  # pragma: no cover - Windows
        return extract_text(data, path, max_bytes)
    from . import errors as error_types

    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p
    )
    # ASCII escapes on purpose: a path that is not UTF-8 holds lone surrogates, which
    # .encode("utf-8") refuses; the header is read back only by our worker.
    header = json.dumps({"path": path, "max_bytes": max_bytes}).encode("utf-8") + b"\n"
    cpu_seconds = parse_cpu_seconds(len(data))
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "multilat_nlp.reading.pdf_worker"],
            input=header + data,
            capture_output=True,
            timeout=cpu_seconds * PARSE_WALL_FACTOR,
            env=env,
            preexec_fn=_child_limits(cpu_seconds),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UnsafeDocumentError(
            path,
            f"parsing took more than {cpu_seconds * PARSE_WALL_FACTOR:.0f} s "
            "(a PDF built to hang parsers?)",
        ) from None
    try:
        result = json.loads(completed.stdout)
    except ValueError:
        result = None
    if not isinstance(result, dict):
        raise UnsafeDocumentError(
            path,
            "the PDF parser ran out of its memory or time budget "
            f"({PARSE_ADDRESS_SPACE // 2**20} MiB, {cpu_seconds:.0f} s CPU; "
            f"exit {completed.returncode})",
        )
    if "text" in result:
        return str(result["text"])
    error_type = getattr(error_types, str(result.get("error")), None)
    cause = str(result.get("cause"))
    if isinstance(error_type, type) and issubclass(error_type, ReadError):
        error = error_type.__new__(error_type)
        ReadError.__init__(error, path, cause)
        raise error
    raise UnsafeDocumentError(path, cause)
