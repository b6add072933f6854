"""Hostile files through the readers: bombs, cycles, quadratic markup, numeric attributes, and
DTDs in unusual encodings. Each case runs in a limited child (see ``_harness``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import _make
from tests.hostile._harness import assert_typed_error, run_case

READ = """
from multilat_nlp.reading import read
raw = read({path!r})
return {{"chars": len(raw.text), "head": raw.text[:200]}}
"""


def _read(path: Path) -> dict[str, object]:
    return run_case(READ.format(path=str(path)), cwd=path.parent)


def _bounded_or_typed(result: dict[str, object], path: Path) -> None:
    """Either a clean typed error naming the file, or text that came out within the limits."""
    if "error" in result:
        assert_typed_error(result, "ReadError", path=path.name)
    else:
        assert isinstance(result["value"], dict)


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_plain_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(_make.plain_pdf())
    result = _read(path)
    assert "Hostile input test page" in result["value"]["head"]


def test_pdf_double_flate_bomb(tmp_path: Path) -> None:
    inner = _make.zeros_deflated(1_200 << 20)
    path = tmp_path / "double.pdf"
    path.write_bytes(_make.pdf_with_content(
        _make.stream(b"/Filter [/FlateDecode /FlateDecode]", _make.zlib.compress(inner, 9))
    ))
    assert path.stat().st_size < 20_000
    assert_typed_error(_read(path), "UnsafeDocumentError", path=path.name)


def test_pdf_image_subtype_on_content_stream(tmp_path: Path) -> None:
    path = tmp_path / "image.pdf"
    path.write_bytes(_make.pdf_with_content(
        _make.stream(b"/Subtype /Image /Filter /FlateDecode", _make.zeros_deflated(1_200 << 20))
    ))
    assert_typed_error(_read(path), "UnsafeDocumentError", path=path.name)


@pytest.mark.parametrize("eol", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_pdf_stream_keyword_line_ends(tmp_path: Path, eol: bytes) -> None:
    path = tmp_path / "eol.pdf"
    path.write_bytes(_make.pdf_with_content(
        _make.stream(b"/Filter /FlateDecode", _make.zeros_deflated(800 << 20), eol=eol)
    ))
    assert_typed_error(_read(path), "UnsafeDocumentError", path=path.name)


def test_pdf_reference_cycle(tmp_path: Path) -> None:
    path = tmp_path / "cycle.pdf"
    path.write_bytes(_make.pdf_page_cycle())
    assert path.stat().st_size < 1_000
    result = _read(path)
    assert "error" in result  # the cyclic tree has no page with text
    assert_typed_error(result, "ReadError", path=path.name)


def test_pdf_bad_flate_checksum(tmp_path: Path) -> None:
    path = tmp_path / "checksum.pdf"
    path.write_bytes(_make.pdf_bad_checksum())
    _bounded_or_typed(_read(path), path)


# --- HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("opener", ["<!--", "</", "<?", "<a "])
def test_html_quadratic_openers(tmp_path: Path, opener: str) -> None:
    path = tmp_path / "page.html"
    body = ("<p>正文内容。</p>" + opener + "x") * (3_000_000 // (len(opener) + 14))
    path.write_text("<html><body>" + body + "</body></html>", encoding="utf-8")
    _bounded_or_typed(_read(path), path)


def test_html_unterminated_huge_attribute(tmp_path: Path) -> None:
    path = tmp_path / "attr.html"
    path.write_text('<html><body><p>开头。</p><a href="' + "x" * 10_000_000, encoding="utf-8")
    result = run_case(
        f"""
        import multilat_nlp
        from multilat_nlp.files import analyze
        doc = analyze({str(path)!r}, multilat_nlp.load())
        return {{"chars": len(doc.text)}}
        """,
        cwd=tmp_path,
    )
    _bounded_or_typed(result, path)


# --- .docx ----------------------------------------------------------------------------------


def test_docx_huge_numbering_start(tmp_path: Path) -> None:
    w = _make.W
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{w}">'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="2147483000"/>'
        '<w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()
    paragraph = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>第一项内容</w:t></w:r></w:p>"
    )
    path = tmp_path / "numbering.docx"
    path.write_bytes(_make.docx({
        "word/document.xml": _make.document_xml(paragraph * 3),
        "word/numbering.xml": numbering,
    }))
    assert path.stat().st_size < 3_000
    result = _read(path)
    assert result["value"]["chars"] < 200, result["value"]
    assert result["value"]["head"].startswith("2147483000. 第一项内容")  # decimal past ZZZ…


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_docx_bomless_utf16_doctype(tmp_path: Path, codec: str) -> None:
    xml = (
        " <!DOCTYPE w:document ["  # a leading space, no BOM, no declaration
        '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        f']><w:document xmlns:w="{_make.W}"><w:body><w:p><w:r><w:t>&c;&c;&c;</w:t></w:r>'
        "</w:p></w:body></w:document>"
    )
    path = tmp_path / "utf16.docx"
    path.write_bytes(_make.docx({"word/document.xml": xml.encode(codec)}))
    assert_typed_error(_read(path), "UnsafeDocumentError", path=path.name)
