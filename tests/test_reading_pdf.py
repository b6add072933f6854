"""Reading PDFs made with reportlab's CID fonts (Chinese without embedded ToUnicode maps)."""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

from multilat_nlp.reading import (
    CorruptDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    MissingDependencyError,
    ReadError,
    read,
    read_bytes,
)

pytest.importorskip("pdfminer")
reportlab = pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]  # noqa: E402
from reportlab.lib.pdfencrypt import StandardEncryption  # type: ignore[import-untyped]  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]  # noqa: E402
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]  # noqa: E402

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_cd34105e53f3530d.txt"
FONT_SIZE = 10.5


def _font(name: str) -> str:
    if name not in pdfmetrics.standardFonts:
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def make_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    font: str = "STSong-Light",
    encrypt: StandardEncryption | None = None,
    compress: bool = False,
) -> Path:
    """One list of lines per page; long lines are wrapped to the page width.

    Characters the CID font cannot encode (superscript footnote markers ¹²³⁴, the middle dot ·)
    are drawn with DejaVu Sans from matplotlib, as a real PDF would mix fonts.
    """
    _font(font)
    fallback = _fallback_font()
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, pageCompression=int(compress))
    for lines in pages:
        c.setFont(font, FONT_SIZE)
        y = height - 50
        for line in lines:
            for segment in _wrap(line, font, width - 100):
                if y < 50:
                    c.showPage()
                    c.setFont(font, FONT_SIZE)
                    y = height - 50
                text = c.beginText(50, y)
                for run_font, run in _runs(segment, font, fallback):
                    text.setFont(run_font, FONT_SIZE)
                    text.textOut(run)
                c.drawText(text)
                y -= 16
        c.showPage()
    c.save()
    return path


def _fallback_font() -> str:
    from matplotlib import get_data_path
    from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

    name = "DejaVuSans"
    if name not in pdfmetrics.getRegisteredFontNames():
        path = Path(get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def _needs_fallback(ch: str) -> bool:
    return ch in "¹²³⁴⁵⁶⁷⁸⁹⁰·ı"


def _runs(segment: str, font: str, fallback: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch in segment:
        chosen = fallback if _needs_fallback(ch) else font
        if runs and runs[-1][0] == chosen:
            runs[-1] = (chosen, runs[-1][1] + ch)
        else:
            runs.append((chosen, ch))
    return runs


def _wrap(line: str, font: str, width: float) -> list[str]:
    out: list[str] = []
    current = ""
    for ch in line:
        if pdfmetrics.stringWidth(current + ch, font, FONT_SIZE) > width:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return out


def test_chinese_pdf_pages_and_cmaps(tmp_path: Path) -> None:
    pages = [
        ["多边主义挑战与中国应对之策", "内容提要：2020年新冠肺炎疫情在全球范围内持续蔓延。"],
        ["一、多边主义概念及发展", "“依据普遍行为原则，协调三个或三个以上国家的制度形式”"],
        ["第三页：《全面与进步跨太平洋伙伴关系协定》(CPTPP)"],
    ]
    raw = read(make_pdf(tmp_path / "paper.pdf", pages))
    assert raw.format == "pdf" and raw.encoding is None and raw.script == "hans"
    page_texts = raw.text.split("\f")
    assert len(page_texts) == 3  # one form feed between pages, none trailing
    for expected, got in zip(pages, page_texts, strict=True):
        for line in expected:
            assert line in got, (line, got)


def test_traditional_pdf(tmp_path: Path) -> None:
    # STSong-Light (Adobe-GB1) covers these traditional forms. reportlab 5 writes MSung-Light
    # with the UniGB-UCS2-H encoding, which no reader (pdfminer, poppler) can decode correctly.
    text = "中國不僅應維護聯合國權威並推動完善全球治理機制。"
    raw = read(make_pdf(tmp_path / "tw.pdf", [[text]]))
    assert text in raw.text
    assert raw.script == "hant"


def test_encrypted_pdf_refused(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "locked.pdf",
        [["机密文件"]],
        encrypt=StandardEncryption("user-secret", ownerPassword="owner-secret"),
    )
    with pytest.raises(EncryptedDocumentError) as err:
        read(path)
    assert "locked.pdf" in str(err.value) and "password" in str(err.value)


def test_owner_password_only_pdf_is_readable(tmp_path: Path) -> None:
    """No user password means any reader opens it; copy restrictions do not stop analysis.

    Latin text here: reportlab mis-encrypts the CIDSystemInfo strings of its CID fonts, so
    neither pdfminer nor poppler can decode Chinese from such a reportlab file.
    """
    path = make_pdf(
        tmp_path / "restricted.pdf",
        [["Restricted copy: multilateralism"]],
        font="Helvetica",
        encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0),
    )
    assert "Restricted copy: multilateralism" in read(path).text


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("这只是一个文本文件，扩展名是 .pdf", encoding="utf-8")
    with pytest.raises(CorruptDocumentError) as err:
        read(path)
    assert "notes.pdf" in str(err.value)


def test_damaged_pdf(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "whole.pdf", [["完整的文件"] * 20]).read_bytes()
    garbage = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << >>\n%%EOF"
    for name, blob in (("garbage.pdf", garbage), ("half.pdf", data[: len(data) // 2])):
        try:
            raw = read_bytes(blob, name=name)
        except ReadError as err:  # refused: fine, as long as it names the file
            assert name in str(err)
        else:
            assert raw.text.strip()  # pdfminer recovered some text: also fine


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 200, 200, fill=1)  # a drawing, no text: like a scan
    c.showPage()
    c.save()
    with pytest.raises(EmptyFileError, match="OCR") as err:
        read(path)
    assert "scan.pdf" in str(err.value)


def test_pdf_text_size_limit(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "long.pdf", [["多边主义" * 40] * 60], compress=True)
    size = path.stat().st_size
    assert size * 2 < len(read(path).text.encode())
    with pytest.raises(ReadError) as err:
        read(path, max_bytes=size + 10)  # the file fits, its text (3 bytes a character) does not
    assert "extracted text" in str(err.value)


def test_decompression_bomb_refused_before_pdfminer(tmp_path: Path) -> None:
    """A small PDF whose Flate stream inflates past 10 × the text limit is refused, naming the
    file; the check stays small itself. A real PDF with its fonts passes at the same limit."""
    import zlib

    from multilat_nlp.reading import UnsafeDocumentError

    honest = make_pdf(tmp_path / "honest.pdf", [["多边主义与全球治理"] * 30], compress=True)
    assert read(honest, max_bytes=1_000_000).text.strip()  # limit 10 MB of inflated streams
    bomb = zlib.compress(b"\0" * 30_000_000, 9)  # 30 MB of zeros in about 30 KB
    data = honest.read_bytes().replace(
        b"%%EOF",
        b"99 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb)
        + bomb + b"\nendstream\nendobj\n%%EOF",
    )
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    assert path.stat().st_size < 100_000
    with pytest.raises(UnsafeDocumentError, match="inflate") as err:
        read(path, max_bytes=1_000_000)
    assert "bomb.pdf" in str(err.value)
    image = data.replace(b"/Filter /FlateDecode", b"/Subtype /Image /Filter /FlateDecode")
    path.write_bytes(image)  # images are never decoded for text: not counted
    assert read(path, max_bytes=1_000_000).text.strip()


def test_missing_pdfminer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "p.pdf", [["正文"]])
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MissingDependencyError) as err:
        read(path)
    assert 'pip install "multilat-nlp[pdf]"' in str(err.value)
    assert "p.pdf" in str(err.value)


def han(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


@pytest.mark.skipif(not SEED.exists(), reason="shared seed paper not present")
def test_seed_pdf_agrees_with_txt(tmp_path: Path) -> None:
    source = SEED.read_text(encoding="utf-8")
    raw = read(make_pdf(tmp_path / "seed.pdf", [source.split("\n")]))
    agreement = difflib.SequenceMatcher(None, han(source), han(raw.text), autojunk=False).ratio()
    visible = difflib.SequenceMatcher(
        None, "".join(source.split()), "".join(raw.text.split()), autojunk=False
    ).ratio()
    print(
        f"seed pdf vs txt: Han agreement {agreement:.4f}, non-space characters {visible:.4f}, "
        f"{raw.text.count(chr(12)) + 1} pages"
    )
    assert agreement >= 0.99
    assert raw.script == "hans"



def _pdfminer_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfminer as it fails on some CNKI downloads (startxref and its offset on one line)."""
    from pdfminer.pdfparser import PDFSyntaxError

    from multilat_nlp.reading import pdf as pdf_module

    def broken(data: bytes, path: str | None, max_bytes: int) -> str:
        raise PDFSyntaxError("No /Root object! - Is this really a PDF?")

    monkeypatch.setattr(pdf_module, "_extract", broken)


def test_pdfminer_failure_falls_back_to_pypdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pypdf")
    path = make_pdf(tmp_path / "trailer.pdf", [["first page"], ["second page"]], font="Helvetica")
    _pdfminer_fails(monkeypatch)
    text = read(path).text
    assert text.count("\f") == 1 and "second page" in text


def test_scan_read_by_pypdf_still_says_no_text_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pypdf")
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.save()
    _pdfminer_fails(monkeypatch)
    with pytest.raises(EmptyFileError, match="OCR") as err:
        read(path)
    assert "scan.pdf" in str(err.value)


def test_neither_reader_names_both_causes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pypdf")
    _pdfminer_fails(monkeypatch)
    with pytest.raises(CorruptDocumentError, match=r"Root.*pypdf") as err:
        read_bytes(b"%PDF-1.4\nnothing else", name="junk.pdf")
    assert "junk.pdf" in str(err.value)



def _grouping(page_class: type, ascending_addresses: bool) -> object:
    """The box tree ``page_class`` builds for four equal boxes in a row (three tied pairs)."""
    from pdfminer.layout import LTTextBoxHorizontal, LTTextGroup

    boxes = sorted((LTTextBoxHorizontal() for _ in range(4)), key=id)
    if not ascending_addresses:
        boxes.reverse()
    for position, box in enumerate(boxes):
        box.set_bbox((50 + position * 80, 700, 100 + position * 80, 712))
    names = {id(box): position for position, box in enumerate(boxes)}

    def shape(item: object) -> object:
        if isinstance(item, LTTextGroup):
            return tuple(shape(child) for child in item)
        return names[id(item)]

    (top,) = page_class(1, (0, 0, 595, 842)).group_textboxes(None, boxes)
    return shape(top)


def test_box_grouping_does_not_depend_on_memory_addresses() -> None:
    # Equally spaced boxes (table cells) tie in pdfminer's grouping; pdfminer breaks the tie by
    # id(), so the same PDF gave its table cells in a different order in each parse (pdfminer's
    # own LTPage gives two different trees here, checked with pdfminer.six 20260107).
    from multilat_nlp.reading.pdf_layout import DeterministicPage

    assert _grouping(DeterministicPage, True) == _grouping(DeterministicPage, False)


def test_reading_lays_pages_out_with_the_deterministic_grouping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tie-break above only helps if the reader uses it: pdf_layout existed for a while with
    # the reader still on pdfminer's own TextConverter, and a CNKI table kept changing order.
    from multilat_nlp.reading import pdf_layout
    from multilat_nlp.reading.pdf import extract_text

    calls: list[int] = []
    grouping = pdf_layout.DeterministicPage.group_textboxes

    def counting(self: pdf_layout.DeterministicPage, laparams: object, boxes: object) -> object:
        calls.append(1)
        return grouping(self, laparams, boxes)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_layout.DeterministicPage, "group_textboxes", counting)
    path = tmp_path / "table.pdf"
    _font("STSong-Light")
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", FONT_SIZE)
    for column, cell in enumerate(["０．５９７", "０．４６７", "０．３１２", "０．２０１"]):
        c.drawString(50 + column * 120, 700, cell)
    c.showPage()
    c.save()
    text = extract_text(path.read_bytes(), str(path), 10**6)
    assert calls
    assert all(cell in text for cell in ["０．５９７", "０．４６７", "０．３１２", "０．２０１"])


def test_glyph_per_line_runs_from_pypdf_are_rejoined() -> None:
    """pypdf writes some files a glyph or a word per line; two one-character lines stay."""
    from multilat_nlp.reading.pdf import rejoin_glyph_lines

    assert rejoin_glyph_lines("Their\n \nstructures\n \nwere\nS\ne\nm\ni\n \nc\na\nt\n") == (
        "Their structures were\nSemi cat\n"
    )
    assert rejoin_glyph_lines("一、引言\n正文。\n1\n2\n") == "一、引言\n正文。\n1\n2\n"
    assert rejoin_glyph_lines("no newline") == "no newline"
