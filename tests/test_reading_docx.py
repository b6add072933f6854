"""Reading .docx: body order, headings, footnotes, and refusal of hostile archives."""

from __future__ import annotations

import difflib
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from spacy.language import Language

from multilat_nlp.reading import (
    CorruptDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    ReadError,
    UnsafeDocumentError,
    UnsupportedFormatError,
    ZipLimits,
    read,
    read_bytes,
)

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_cd34105e53f3530d.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footnotes" Target="footnotes.xml"/></Relationships>'
)
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">'
    '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="BT2"><w:name w:val="标题 2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="My chapter"/>'
    '<w:basedOn w:val="1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="Custom"/>'
    '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    "</w:styles>"
)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(body: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{body}</w:p>"


def footnote_ref(note_id: int) -> str:
    return f'<w:r><w:footnoteReference w:id="{note_id}"/></w:r>'


def footnotes_xml(notes: dict[int, str]) -> str:
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>",
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>",
    ]
    for note_id, text in notes.items():
        parts.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:r><w:footnoteRef/></w:r>'
            f"{run(' ' + text)}</w:p></w:footnote>"
        )
    parts.append("</w:footnotes>")
    return "".join(parts)


def make_docx(
    path: Path,
    body: str,
    *,
    footnotes: dict[int, str] | None = None,
    extra: dict[str, bytes | str] | None = None,
    styles: str = STYLES,
) -> Path:
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
        zf.writestr("word/styles.xml", styles)
        if footnotes is not None:
            zf.writestr("word/footnotes.xml", footnotes_xml(footnotes))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def test_body_headings_tables_and_footnotes(tmp_path: Path) -> None:
    body = "".join(
        [
            para(run("多边主义挑战与中国应对之策"), "1"),
            para(run("一、多边主义概念及发展"), "BT2"),
            para(run("基欧汉的定义") + footnote_ref(2) + run("，以及鲁杰的定义") + footnote_ref(1)),
            "<w:tbl><w:tr><w:tc>"
            + para(run("表格单元"))
            + "</w:tc><w:tc>"
            + para(run("第二格"))
            + "</w:tc></w:tr></w:tbl>",
            para(run("保留") + '<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>'
                 + '<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>'),
            para('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText> PAGE </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("字段结果")
                 + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
            para(run("A") + "<w:r><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r>"),
            para(run("继承样式"), "Mine"),
            para(run("大纲级别"), "Outline"),
            para(""),
            para(run("结尾段落")),
        ]
    )  # fmt: skip
    notes = {1: "John Ruggie, “Multilateralism,” 1992.", 2: "Robert O. Keohane, 1990."}
    path = make_docx(tmp_path / "paper.docx", body, footnotes=notes)
    raw = read(path)
    assert raw.format == "docx" and raw.encoding is None and raw.script == "hans"
    lines = raw.text.split("\n")
    assert lines[:10] == [
        "多边主义挑战与中国应对之策",
        "一、多边主义概念及发展",
        "基欧汉的定义¹，以及鲁杰的定义²",  # numbered by first reference, not by id
        "表格单元",
        "第二格",
        "保留插入",
        "字段结果",
        "A\tB",
        "C",
        "继承样式",
    ]
    found = [(raw.text[s:e], level) for s, e, level in raw.headings]
    assert found == [
        ("多边主义挑战与中国应对之策", 1),
        ("一、多边主义概念及发展", 2),
        ("继承样式", 1),
        ("大纲级别", 3),
    ]
    # Footnotes come after the body, one per line, starting with their number.
    assert lines[-3:] == [
        "",
        "1 Robert O. Keohane, 1990.",
        "2 John Ruggie, “Multilateralism,” 1992.",
    ]
    assert [(raw.text[s:e], m) for s, e, m in raw.footnotes] == [
        ("1 Robert O. Keohane, 1990.", "1"),
        ("2 John Ruggie, “Multilateralism,” 1992.", "2"),
    ]


def test_text_box_read_once_after_its_paragraph(tmp_path: Path) -> None:
    box = "<w:txbxContent>" + para(run("文本框内容")) + "</w:txbxContent>"
    body = para(
        run("锚定段落")
        + '<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:drawing>'
        + box
        + "</w:drawing></w:r></mc:Choice><mc:Fallback><w:r><w:pict>"
        + box
        + "</w:pict></w:r></mc:Fallback></mc:AlternateContent>"
    ) + para(run("下一段"))
    raw = read(make_docx(tmp_path / "box.docx", body))
    assert raw.text.split("\n") == ["锚定段落", "文本框内容", "下一段"]


def test_python_docx_document(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("多邊主義挑戰", level=1)
    document.add_paragraph("中國不僅應維護聯合國權威。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲"
    table.cell(0, 1).text = "乙"
    document.add_heading("二、結論", level=2)
    path = tmp_path / "made.docx"
    document.save(str(path))
    raw = read(path)
    assert raw.text.split("\n") == [
        "多邊主義挑戰",
        "中國不僅應維護聯合國權威。",
        "甲",
        "乙",
        "二、結論",
    ]
    assert [(raw.text[s:e], level) for s, e, level in raw.headings] == [
        ("多邊主義挑戰", 1),
        ("二、結論", 2),
    ]
    assert raw.script == "hant"


def test_zip_bomb_total_size(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MiB of zeros, about 1.3 MB on disk
                member.write(chunk)
    started = time.perf_counter()
    with pytest.raises(UnsafeDocumentError) as err:
        read(path)
    assert time.perf_counter() - started < 1.0  # refused from the directory, nothing inflated
    assert "bomb.docx" in str(err.value) and "200,000,000" in str(err.value)


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "ratio.docx", para(run("正文")), extra={"word/media/pad.bin": b"\0" * 20_000_000}
    )
    with pytest.raises(UnsafeDocumentError, match="compression ratio") as err:
        read(path)
    assert "ratio.docx" in str(err.value)


def test_zip_limits_configurable(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "ok.docx", para(run("正文")))
    with pytest.raises(UnsafeDocumentError, match="members"):
        read(path, zip_limits=ZipLimits(max_members=3))
    with pytest.raises(UnsafeDocumentError, match="expand"):
        read(path, zip_limits=ZipLimits(max_total_uncompressed=100))


def test_lying_size_header(tmp_path: Path) -> None:
    """A central directory that understates a member's size must not let it inflate freely."""
    path = make_docx(tmp_path / "liar.docx", para(run("正文" * 5000)))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    # Patch the uncompressed size in the central directory entry to 100 bytes.
    cd_sig = b"PK\x01\x02"
    pos = data.find(cd_sig)
    while pos != -1:
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + name_len] == info.filename.encode():
            data[pos + 24 : pos + 28] = (100).to_bytes(4, "little")
        pos = data.find(cd_sig, pos + 1)
    liar = tmp_path / "liar2.docx"
    liar.write_bytes(bytes(data))
    with pytest.raises((CorruptDocumentError, UnsafeDocumentError)) as err:
        read(liar)
    assert "liar2.docx" in str(err.value)


@pytest.mark.parametrize(
    "payload",
    [
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body>'
        "</w:document>",
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body>'
        "</w:document>",
    ],
    ids=["external-entity", "billion-laughs"],
)
def test_xml_entities_refused(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", payload)
    with pytest.raises(UnsafeDocumentError) as err:
        read(path)
    assert "xxe.docx" in str(err.value) and "DOCTYPE" in str(err.value)


def test_entity_in_unread_part_and_utf16_part_refused(tmp_path: Path) -> None:
    dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    path = make_docx(tmp_path / "a.docx", para(run("正文")), extra={"customXml/item1.xml": dtd})
    with pytest.raises(UnsafeDocumentError):
        read(path)
    path = make_docx(
        tmp_path / "b.docx",
        para(run("正文")),
        extra={"customXml/item2.xml": dtd.replace("1.0", "1.0").encode("utf-16")},
    )
    with pytest.raises(UnsafeDocumentError):
        read(path)
    ebcdic = b'<?xml version="1.0" encoding="cp500"?>' + "<x/>".encode("cp500")
    path = make_docx(tmp_path / "c.docx", para(run("正文")), extra={"customXml/item3.xml": ebcdic})
    with pytest.raises(UnsafeDocumentError, match="encoding"):
        read(path)


def test_corrupt_and_wrong_docx(tmp_path: Path) -> None:
    cases: list[tuple[str, bytes, type[ReadError]]] = [
        ("text.docx", "这不是压缩文件".encode(), CorruptDocumentError),
        ("truncated.docx", b"PK\x03\x04" + b"\x00" * 40, CorruptDocumentError),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, UnsupportedFormatError),
        (
            "locked.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 64
            + "EncryptedPackage".encode("utf-16-le"),
            EncryptedDocumentError,
        ),
    ]
    for name, data, error in cases:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(error) as err:
            read(path)
        assert name in str(err.value), str(err.value)

    not_word = tmp_path / "archive.docx"
    with zipfile.ZipFile(not_word, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(UnsupportedFormatError, match="not a Word document"):
        read(not_word)

    broken_xml = make_docx(tmp_path / "broken.docx", "<w:p><w:r><w:t>未闭合")
    with pytest.raises(CorruptDocumentError, match="well-formed"):
        read(broken_xml)

    empty = make_docx(tmp_path / "empty.docx", para(""))
    with pytest.raises(EmptyFileError, match=r"empty\.docx"):
        read(empty)


def test_truncated_real_docx(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "full.docx", para(run("正文" * 2000))).read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 30):
        with pytest.raises(ReadError):
            read_bytes(data[:cut], name="cut.docx")


def test_deep_nesting_does_not_recurse(tmp_path: Path) -> None:
    depth = 5000
    body = "<w:sdt><w:sdtContent>" * depth + para(run("深处")) + "</w:sdtContent></w:sdt>" * depth
    raw = read(make_docx(tmp_path / "deep.docx", body))
    assert raw.text == "深处"


def test_style_cycles_and_long_chains(tmp_path: Path) -> None:
    n = 20_000
    chain = "".join(
        f'<w:style w:type="paragraph" w:styleId="s{i}"><w:name w:val="x{i}"/>'
        f'<w:basedOn w:val="s{i + 1}"/></w:style>'
        for i in range(n)
    )
    styles = (
        f'<?xml version="1.0"?><w:styles xmlns:w="{W}">{chain}'
        f'<w:style w:type="paragraph" w:styleId="s{n}"><w:name w:val="Heading 3"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="c1"><w:basedOn w:val="c2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="c2"><w:basedOn w:val="c1"/></w:style>'
        "</w:styles>"
    )
    body = para(run("深层继承"), "s0") + para(run("循环样式"), "c1")
    started = time.perf_counter()
    raw = read(make_docx(tmp_path / "styles.docx", body, styles=styles))
    assert time.perf_counter() - started < 3.0
    assert raw.headings == ((0, 4, 3),)


def test_docx_sniffed_without_extension(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "paper.bin", para(run("正文内容")))
    renamed = tmp_path / "paper"
    path.rename(renamed)
    assert read(renamed).format == "docx"


def han(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


@pytest.mark.skipif(not SEED.exists(), reason="shared seed paper not present")
def test_seed_docx_agrees_with_txt(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    source = SEED.read_text(encoding="utf-8")
    document = docx.Document()
    for line in source.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "seed.docx"
    document.save(str(path))
    raw = read(path)
    agreement = difflib.SequenceMatcher(None, han(source), han(raw.text), autojunk=False).ratio()
    exact = difflib.SequenceMatcher(None, source, raw.text, autojunk=False).ratio()
    print(f"seed docx vs txt: Han agreement {agreement:.4f}, all characters {exact:.4f}")
    assert agreement >= 0.99
    assert raw.text == source  # one paragraph per line reproduces the text exactly


# ------------------------------------------------------------ automatic list numbers


def numbering_xml(abstracts: str, nums: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{abstracts}{nums}</w:numbering>'


def level(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def numbered(text: str, num_id: int, ilvl: int | None = 0, style: str | None = None) -> str:
    style_el = f'<w:pStyle w:val="{style}"/>' if style else ""
    ilvl_el = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    return (f"<w:p><w:pPr>{style_el}<w:numPr>{ilvl_el}<w:numId w:val=\"{num_id}\"/></w:numPr>"
            f"</w:pPr>{run(text)}</w:p>")


CHINESE_OUTLINE = (
    '<w:abstractNum w:abstractNumId="0">'
    + level(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>')
    + level(1, "chineseCounting", "（%2）", extra='<w:suff w:val="nothing"/>')
    + level(2, "decimal", "%3.")
    + "</w:abstractNum>"
)


def test_word_list_numbers_are_rendered(tmp_path: Path) -> None:
    """一、 （一） 3. from numbering.xml open their paragraphs, counters as Word keeps them."""
    body = "".join([
        numbered("多边主义概念及发展", 1, 0, "1"),
        numbered("定义", 1, 1),
        numbered("演变", 1, 1),
        numbered("第一点", 1, 2),
        para(run("正文段落。")),
        numbered("多边主义面临挑战", 1, 0, "1"),
        numbered("新的挑战", 1, 1),  # restarts under the new level-0 item
    ])
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    path = make_docx(tmp_path / "n.docx", body,
                     extra={"word/numbering.xml": numbering_xml(CHINESE_OUTLINE, nums)})
    got = read(path)
    assert got.text.split("\n") == [
        "一、多边主义概念及发展", "（一）定义", "（二）演变", "1. 第一点", "正文段落。",
        "二、多边主义面临挑战", "（一）新的挑战",
    ]
    spans = [(got.text[s:e], lv) for s, e, lv in got.headings]
    assert spans == [("一、多边主义概念及发展", 1), ("二、多边主义面临挑战", 1)]


def test_numbering_from_the_paragraph_style_and_its_overrides(tmp_path: Path) -> None:
    """Heading styles that carry numPr number their paragraphs; numId 0 switches numbering off,
    startOverride restarts a list, isLgl shows Arabic numbers, bullets are no text."""
    styles = STYLES.replace(
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>'
        '<w:basedOn w:val="Normal"/></w:style>',
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr>'
        "</w:style>",
    )
    abstracts = (
        '<w:abstractNum w:abstractNumId="1">'
        + level(0, "chineseCounting", "第%1章", extra='<w:pStyle w:val="1"/>')
        + level(1, "decimal", "%1.%2", extra="<w:isLgl/>")
        + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2">' + level(0, "bullet", "\uf0b7") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="3">' + level(0, "decimalEnclosedCircle", "%1")
        + "</w:abstractNum>"
    )
    nums = (
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="3"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    body = "".join([
        para(run("总论"), "1"),
        numbered("背景", 2, 1),
        para(run("不编号的标题"), "1").replace("<w:pPr>", '<w:pPr><w:numPr><w:numId w:val="0"/>'
                                              "</w:numPr>", 1),
        para(run("分论"), "1"),
        numbered("要点", 3),
        numbered("甲", 4), numbered("乙", 4),
        numbered("丙", 5),  # a new instance that restarts at 1
    ])
    path = make_docx(tmp_path / "s.docx", body, styles=styles,
                     extra={"word/numbering.xml": numbering_xml(abstracts, nums)})
    assert read(path).text.split("\n") == [
        "第一章 总论", "1.1 背景", "不编号的标题", "第二章 分论", "要点", "① 甲", "② 乙", "① 丙",
    ]


def test_number_formats() -> None:
    from multilat_nlp.reading.docx_numbering import format_number

    cases = {
        ("chineseCounting", 1): "一", ("chineseCounting", 10): "十",
        ("chineseCounting", 12): "十二", ("chineseCounting", 20): "二十",
        ("chineseCounting", 101): "一百零一", ("chineseCounting", 110): "一百一十",
        ("chineseCountingThousand", 2024): "二千零二十四", ("ideographDigital", 2024): "二〇二四",
        ("ideographTraditional", 3): "丙", ("decimalFullWidth", 12): "１２",
        ("decimalZero", 7): "07", ("upperLetter", 27): "AA", ("lowerRoman", 14): "xiv",
        ("decimalEnclosedParen", 2): "⑵", ("decimalEnclosedCircle", 21): "21",
        ("cardinalText", 3): "3",
    }
    for (fmt, number), expected in cases.items():
        assert format_number(number, fmt) == expected, (fmt, number)


def test_hostile_numbering_is_bounded(tmp_path: Path) -> None:
    """Levels outside 0-8, unknown lists and absurd label texts give no number, not an error."""
    abstracts = ('<w:abstractNum w:abstractNumId="0">' + level(0, "decimal", "%1" * 100)
                 + level(12, "decimal", "%13.") + "</w:abstractNum>")
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    body = numbered("长标签", 1, 0) + numbered("越界", 1, 12) + numbered("无表", 9, 0)
    path = make_docx(tmp_path / "h.docx", body,
                     extra={"word/numbering.xml": numbering_xml(abstracts, nums)})
    assert read(path).text.split("\n") == ["长标签", "越界", "无表"]


def test_structure_reads_headings_numbered_by_word(tmp_path: Path, nlp: Language) -> None:
    """The heading tree of a paper whose 一、/（一） come from Word's numbering, not its text."""
    body = "".join([
        para(run("多边主义挑战与中国应对之策")),
        numbered("多边主义概念及发展", 1, 0, "1"),
        para(run("现今国际学界主流认可的多边主义基本定义主要基于制度形式。")),
        numbered("多边主义面临挑战", 1, 0, "1"),
        numbered("理念受到质疑", 1, 1),
        para(run("逆全球化思潮抬头，多边机制改革滞后。")),
        numbered("机制改革滞后", 1, 1),
        para(run("国际组织的决策效率有待提高。")),
    ])
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    path = make_docx(tmp_path / "paper.docx", body,
                     extra={"word/numbering.xml": numbering_xml(CHINESE_OUTLINE, nums)})
    doc = nlp(read(path).text)
    tree = [(s["level"], s["title"]) for s in doc._.sections]
    assert tree == [(1, "多边主义概念及发展"), (1, "多边主义面临挑战"), (2, "理念受到质疑"),
                    (2, "机制改革滞后")], tree


def test_word_table_of_contents_is_kept_as_entries_not_a_heading(tmp_path: Path) -> None:
    tab = '<w:r><w:tab/></w:r>'
    body = "".join(
        [
            para(run("目\u2003\u2003次"), "BT2"),
            para(run("前言") + tab + run("III")),
            para(run("1 范围") + tab + run("1")),
            para(run("2 术语") + tab + run("2")),
            para(run("前言"), "BT2"),
            para(run("本部分按照规则起草。")),
            para(run("1 范围"), "BT2"),
        ]
    )
    raw = read(make_docx(tmp_path / "toc.docx", body))
    assert raw.toc == (("前言", "III"), ("1 范围", "1"), ("2 术语", "2"))
    titles = [raw.text[s:e] for s, e, _ in raw.headings]
    assert titles == ["前言", "1 范围"]
