"""Builders of hostile files, small and generated in each test (no committed binaries)."""

from __future__ import annotations

import io
import zipfile
import zlib

_PAGE_TEXT = b"BT /F1 12 Tf 72 712 Td (Hostile input test page) Tj ET"


def zeros_deflated(size: int) -> bytes:
    """``size`` zero bytes, deflated without ever holding them all."""
    compressor = zlib.compressobj(9)
    block = bytes(1 << 20)
    parts = []
    for _ in range(size >> 20):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    return b"".join(parts)


def pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF with the given object bodies (numbered from 1) and a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, xref))
    return out.getvalue()


def stream(dictionary: bytes, data: bytes, eol: bytes = b"\n") -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream" % len(data) + eol + data + b"\nendstream"


def pdf_with_content(content_stream: bytes) -> bytes:
    """One page whose content is ``content_stream`` (a full ``stream`` object body)."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        content_stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def plain_pdf() -> bytes:
    return pdf_with_content(stream(b"", _PAGE_TEXT))


def pdf_page_cycle() -> bytes:
    """A page tree whose node is its own kid: a reference cycle."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Parent 2 0 R /Count 1 >>",
    ])


def pdf_bad_checksum(size: int = 2 << 20) -> bytes:
    """A page whose Flate content has a wrong Adler-32 trailer, over ``size`` bytes of text."""
    body = (_PAGE_TEXT + b"\n") * (size // (len(_PAGE_TEXT) + 1))
    packed = bytearray(zlib.compress(body, 1))
    packed[-1] ^= 0xFF
    return pdf_with_content(stream(b"/Filter /FlateDecode", bytes(packed)))


def docx(parts: dict[str, bytes]) -> bytes:
    """A .docx zip holding ``parts`` plus the minimal package files."""
    base = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**base, **parts}.items():
            archive.writestr(name, data)
    return buffer.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
            f"{body}</w:body></w:document>").encode()
