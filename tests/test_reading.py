"""Reading layer: encodings, plain text, HTML, script detection and hostile input.

All fixtures are generated in tmp_path; the seed paper is read in place and never copied.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import pickle
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import multilat_nlp.reading as reading
from multilat_nlp.reading import (
    BinaryFileError,
    CorruptDocumentError,
    EmptyFileError,
    EncodingError,
    FileAccessError,
    FileTooLargeError,
    MissingDependencyError,
    RawText,
    ReadError,
    UnsupportedFormatError,
    decode,
    detect_script,
    read,
    read_bytes,
    sniff_format,
    to_simplified,
)
from multilat_nlp.reading.encoding import common_char_share
from multilat_nlp.reading.text import markdown_headings
from multilat_nlp.text.script import OffsetMapping, _build, _fallback_tables, load_tables

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_cd34105e53f3530d.txt"

SIMPLIFIED = (
    "现今国际学界主流认可的多边主义基本定义主要基于罗伯特·基欧汉于1990年提出的"
    "“依据普遍行为原则，协调三个或三个以上国家的制度形式”。\n"
    "中国不仅应维护联合国权威并推动完善全球治理机制。\n"
)
TRADITIONAL = (
    "現今國際學界主流認可的多邊主義基本定義主要基於羅伯特基歐漢於1990年提出的"
    "「依據普遍行為原則，協調三個或三個以上國家的制度形式」。\n"
    "中國不僅應維護聯合國權威並推動完善全球治理機制。\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_names_file(err: pytest.ExceptionInfo[ReadError], path: Path) -> None:
    assert path.name in str(err.value)
    assert err.value.path == str(path)


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "text", "expected", "bom"),
    [
        ("utf-8", SIMPLIFIED, "utf-8", False),
        ("utf-8-sig", SIMPLIFIED, "utf-8-sig", True),
        ("gb18030", SIMPLIFIED, "gb18030", False),
        ("gbk", SIMPLIFIED, "gb18030", False),
        ("big5", TRADITIONAL, "big5", False),
        ("utf-16", SIMPLIFIED, "utf-16-le", True),  # Python writes a LE BOM
        ("utf-16-le", SIMPLIFIED, "utf-16-le", False),
        ("utf-16-be", SIMPLIFIED, "utf-16-be", False),
        ("utf-16-be", TRADITIONAL, "utf-16-be", False),
    ],
)
def test_detects_encoding(tmp_path: Path, codec: str, text: str, expected: str, bom: bool) -> None:
    path = write(tmp_path, f"paper-{codec}.txt", text.encode(codec))
    raw = read(path)
    assert raw.text == text  # exactly as decoded: newlines untouched, BOM stripped
    assert raw.encoding == expected
    assert raw.had_bom is bom
    assert raw.format == "txt"
    assert raw.path == str(path)


def test_bom_less_utf16_without_ascii(tmp_path: Path) -> None:
    """No ASCII means no NUL bytes: the byte order is found by which reading is Chinese."""
    text = "中国不仅应维护联合国权威并推动完善全球治理机制"
    for codec in ("utf-16-le", "utf-16-be"):
        assert read(write(tmp_path, f"{codec}.txt", text.encode(codec))).encoding == codec


def test_crlf_and_form_feed_kept(tmp_path: Path) -> None:
    text = "第一页\r\n内容\f第二页\r\n"
    raw = read(write(tmp_path, "crlf.txt", text.encode("gb18030")))
    assert raw.text == text


def test_sha256_is_of_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    data = codecs.BOM_UTF8 + SIMPLIFIED.encode()
    raw = read(write(tmp_path, "bom.txt", data))
    assert raw.sha256 == hashlib.sha256(data).hexdigest()


def test_gb_and_big5_not_confused_on_short_snippets() -> None:
    """charset-normalizer alone confuses these on short input; measure our decision."""
    rng = random.Random(7)
    right = wrong = refused = 0
    for source, codec in ((SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5")):
        clean = source.replace("\n", "")
        for _ in range(150):
            start = rng.randrange(len(clean) - 8)
            snippet = clean[start : start + 8]
            try:
                decoded = decode(snippet.encode(codec))
            except EncodingError:
                refused += 1
                continue
            if decoded.text == snippet:
                right += 1
            else:
                wrong += 1
    print(f"8-char snippets: right={right} wrong={wrong} refused={refused}")
    assert wrong == 0
    assert right >= 0.9 * (right + refused)


def test_common_char_share_separates_decodings() -> None:
    data = SIMPLIFIED.encode("gb18030")
    assert common_char_share(data.decode("gb18030")) > 0.95
    assert common_char_share(TRADITIONAL.encode("big5").decode("big5")) > 0.95
    assert common_char_share(TRADITIONAL.encode("big5").decode("gb18030")) < 0.6


def test_explicit_encoding_overrides_detection(tmp_path: Path) -> None:
    data = "Café olé".encode("latin-1")
    raw = read(write(tmp_path, "latin.txt", data), encoding="latin-1")
    assert raw.text == "Café olé"
    assert raw.encoding == "iso8859-1"


def test_explicit_encoding_strips_bom(tmp_path: Path) -> None:
    raw = read(write(tmp_path, "b.txt", codecs.BOM_UTF8 + b"abc"), encoding="utf-8")
    assert (raw.text, raw.had_bom, raw.encoding) == ("abc", True, "utf-8-sig")


def test_invalid_utf8_with_declared_encoding_gives_offset(tmp_path: Path) -> None:
    data = "多边主义".encode() + b"\xff\xfe" + "挑战".encode()
    path = write(tmp_path, "bad-utf8.txt", data)
    with pytest.raises(EncodingError) as err:
        read(path, encoding="utf-8")
    assert_names_file(err, path)
    assert err.value.offset == 12
    assert "12" in str(err.value)
    assert err.value.encoding == "utf-8"


def test_damaged_utf8_is_reported_not_misread(tmp_path: Path) -> None:
    data = ("多边主义挑战与中国应对之策。" * 20).encode() + b"\x80" + "结尾".encode()
    path = write(tmp_path, "damaged.txt", data)
    with pytest.raises(EncodingError) as err:
        read(path)
    assert_names_file(err, path)
    assert err.value.offset == len(data) - 7
    assert "truncated or damaged" in str(err.value)


def test_western_single_byte_text_via_charset_normalizer(tmp_path: Path) -> None:
    text = "The café served crème brûlée to the naïve delegates of the “multilateral” summit."
    raw = read(write(tmp_path, "english.txt", text.encode("cp1252")))
    assert (raw.text, raw.encoding, raw.script) == (text, "cp1252", "unknown")


def test_bytes_to_bytes_codecs_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", b"abc")
    for name in ("base64", "rot13", "zlib_codec"):
        with pytest.raises(EncodingError, match="text encoding"):
            read(path, encoding=name)


def test_unknown_declared_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", b"abc")
    with pytest.raises(EncodingError, match="unknown text encoding"):
        read(path, encoding="klingon-8")


def test_undetectable_encoding_fails_clearly(tmp_path: Path) -> None:
    # Two bytes that are valid GB18030 and Big5 but common in neither.
    path = write(tmp_path, "short.txt", bytes.fromhex("a4 a4 a4 e5 81 40"))
    with pytest.raises(EncodingError) as err:
        read(path)
    assert_names_file(err, path)
    assert "encoding=" in str(err.value)


# --- refusing bad input ---------------------------------------------------------------------


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    for name, data in (
        ("empty.txt", b""),
        ("blank.txt", b" \r\n\t\n"),
        ("ideographic.txt", "\u3000\n".encode()),
        ("bom-only.txt", codecs.BOM_UTF8),
    ):
        path = write(tmp_path, name, data)
        with pytest.raises(EmptyFileError) as err:
            read(path)
        assert_names_file(err, path)


def test_binary_random_bytes(tmp_path: Path) -> None:
    rng = random.Random(1)
    data = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00"
    path = write(tmp_path, "random.txt", data)
    with pytest.raises(BinaryFileError) as err:
        read(path)
    assert_names_file(err, path)


def test_binary_control_codes_without_nul(tmp_path: Path) -> None:
    path = write(tmp_path, "ctl.txt", b"abc\x01\x02\x03\x04def\x05\x06" * 20)
    with pytest.raises(BinaryFileError):
        read(path)


def test_png_is_binary(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    with pytest.raises(BinaryFileError):
        read(write(tmp_path, "image", png))


def test_huge_sparse_file_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(200_000_000)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(reading, "open", no_open, raising=False)
    started = time.perf_counter()
    with pytest.raises(FileTooLargeError) as err:
        read(path)
    assert time.perf_counter() - started < 1.0
    assert_names_file(err, path)
    assert "50,000,000" in str(err.value)
    assert err.value.size == 200_000_000


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, "small.txt", SIMPLIFIED.encode())
    with pytest.raises(FileTooLargeError, match="100 bytes"):
        read(path, max_bytes=100)
    assert read(path, max_bytes=10_000).text == SIMPLIFIED
    with pytest.raises(FileTooLargeError):
        read_bytes(SIMPLIFIED.encode(), name="mem.txt", max_bytes=100)


def test_missing_directory_and_fifo(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError) as err:
        read(tmp_path / "nope.txt")
    assert "nope.txt" in str(err.value)
    with pytest.raises(FileAccessError, match="directory"):
        read(tmp_path)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)
        with pytest.raises(FileAccessError, match="regular"):
            read(fifo)  # must not block waiting for a writer


def test_fake_pdf_that_is_text(tmp_path: Path) -> None:
    path = write(tmp_path, "fake.pdf", SIMPLIFIED.encode())
    with pytest.raises(CorruptDocumentError) as err:
        read(path)
    assert_names_file(err, path)
    assert "not a PDF" in str(err.value)


def test_unsupported_formats(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    path = write(tmp_path, "old.doc", ole)
    with pytest.raises(UnsupportedFormatError) as err:
        read(path)
    assert_names_file(err, path)
    with pytest.raises(UnsupportedFormatError, match="RTF"):
        read(write(tmp_path, "a.rtf", rb"{\rtf1\ansi hello}"))
    with pytest.raises(UnsupportedFormatError):
        read(write(tmp_path, "sheet.xlsx", b"plain words"))
    with pytest.raises(UnsupportedFormatError, match="unknown format"):
        read(write(tmp_path, "a.txt", b"abc"), format="odt")


def test_missing_dependency_message() -> None:
    err = MissingDependencyError(
        "paper.pdf", package="pdfminer.six", extra="pdf", purpose="reading PDF files"
    )
    assert 'pip install "multilat-nlp[pdf]"' in str(err)
    assert "paper.pdf" in str(err)


def test_errors_pickle_for_worker_processes() -> None:
    err = EncodingError("a.txt", "bad byte", offset=3, encoding="utf-8")
    clone = pickle.loads(pickle.dumps(err))
    assert isinstance(clone, EncodingError)
    assert (clone.path, clone.offset, str(clone)) == ("a.txt", 3, str(err))
    big = pickle.loads(pickle.dumps(FileTooLargeError("b", size=10, limit=5)))
    assert (big.size, big.limit) == (10, 5)


# --- format sniffing and markdown -----------------------------------------------------------


def test_sniff_format() -> None:
    assert sniff_format(b"%PDF-1.7\n", "paper.txt") == "pdf"
    assert sniff_format(b"PK\x03\x04rest", "paper") == "docx"
    assert sniff_format(b"<!DOCTYPE html><html>", None) == "html"
    assert sniff_format(b"<!DOCTYPE html><html>", "page.txt") == "txt"  # the name is honoured
    assert sniff_format(b"<html>", "export.doc") == "html"
    assert sniff_format("正文".encode(), "notes") == "txt"
    assert sniff_format(b"# T", "a.md") == "md"


def test_markdown_headings(tmp_path: Path) -> None:
    text = "# 多边主义\n\n正文\n\n```\n# not a heading\n```\n## 二、概念 ##\n副标题\n---\n"
    raw = read(write(tmp_path, "paper.md", text.encode()))
    assert raw.format == "txt"
    found = [(raw.text[s:e], level) for s, e, level in raw.headings]
    assert found == [("多边主义", 1), ("二、概念", 2), ("副标题", 2)]
    assert markdown_headings("") == ()


def test_read_bytes_in_memory() -> None:
    raw = read_bytes(SIMPLIFIED.encode("gb18030"), name="mem.txt")
    assert isinstance(raw, RawText)
    assert (raw.path, raw.encoding, raw.script) == ("mem.txt", "gb18030", "hans")
    with pytest.raises(EmptyFileError, match="<bytes>"):
        read_bytes(b"")


def test_rawtext_is_frozen() -> None:
    raw = read_bytes(b"abc", name="x.txt")
    with pytest.raises(AttributeError):
        raw.text = "changed"  # type: ignore[misc]


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>站点标题</title>
<style>p {{ color: red }}</style><script>var a = "<p>不要</p>";</script></head>
<body>
<header><a href="/">首页</a> 导航条</header>
<nav><ul><li>菜单一</li><li>菜单二</li></ul></nav>
<article>
<header><h1>多边主义挑战与
中国应对之策</h1></header>
<p>内容提要：2020年新冠肺炎疫情在全球范围内持续蔓延，
使21世纪以来多边主义面临的危机更加严峻。&nbsp;Robert&amp;Keohane</p>
<h2>一、多边主义概念及发展</h2>
<p>第一行<br>第二行</p>
<table><tr><td>单元格一</td><td>单元格二</td></tr></table>
<pre>  保留   空格
第二行</pre>
</article>
<footer>版权所有 {year}</footer>
</body></html>
"""


def test_html_main_text_and_headings(tmp_path: Path) -> None:
    data = PAGE.format(year=2024).encode("gb18030")
    raw = read(write(tmp_path, "page.html", data))
    assert raw.format == "html"
    assert raw.encoding in ("gb2312", "gb18030")
    lines = raw.text.split("\n")
    assert lines[0] == "多边主义挑战与中国应对之策"  # no space at a line break between hanzi
    assert lines[1].startswith("内容提要：2020年")
    assert "蔓延，使21世纪" in lines[1]
    assert "\xa0Robert&Keohane" in lines[1]  # entities decoded, NBSP kept
    for dropped in ("首页", "菜单", "版权", "不要", "站点标题", "color"):
        assert dropped not in raw.text
    assert "第一行" in lines and "第二行" in lines
    assert "单元格一" in lines and "单元格二" in lines
    assert "  保留   空格" in lines
    found = [(raw.text[s:e], level) for s, e, level in raw.headings]
    assert found == [("多边主义挑战与中国应对之策", 1), ("一、多边主义概念及发展", 2)]


def test_html_meta_gb2312_with_gbk_characters(tmp_path: Path) -> None:
    # 镕 is in GBK but not GB2312: browsers read gb2312 labels as GBK, and so do we.
    data = '<html><meta charset="gb2312"><body><p>朱镕基</p></body></html>'.encode("gbk")
    raw = read(write(tmp_path, "gbk.htm", data))
    assert raw.text == "朱镕基"
    assert raw.encoding == "gb18030"


def test_html_wrong_meta_falls_back_to_detection(tmp_path: Path) -> None:
    data = '<html><meta charset="utf-8"><body><p>中国不仅应维护联合国权威</p>'.encode("gb18030")
    assert read(write(tmp_path, "liar.html", data)).text == "中国不仅应维护联合国权威"


def test_html_prefers_main(tmp_path: Path) -> None:
    data = "<html><body><div>侧栏</div><main><p>正文内容</p></main><div>广告</div></body></html>"
    raw = read(write(tmp_path, "main.html", data.encode()))
    assert raw.text == "正文内容"


def test_html_drops_page_widgets_by_their_id_or_class(tmp_path: Path) -> None:
    data = (
        '<html><body class="share-page"><div class="wrap"><p>正文内容</p>'
        '<div id="qr_container">扫一扫在手机打开当前页</div>'
        '<div class="bdshare_t share-bar">分享到：</div><ul class="breadcrumbs"><li>首页</li></ul>'
        '<div class="printable"><p>结语</p></div><div class="shared-services">共享</div>'
        "</div></body></html>"
    )
    raw = read(write(tmp_path, "widgets.html", data.encode()))
    assert raw.text.split("\n") == ["正文内容", "结语", "共享"]


def test_html_missing_head_close_and_unclosed_tags(tmp_path: Path) -> None:
    data = "<html><head><title>t</title><body><p>一<p>二<div>三</span></body>"
    raw = read(write(tmp_path, "broken.html", data.encode()))
    assert raw.text.split("\n") == ["一", "二", "三"]


def test_html_without_text(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", b"<html><script>x()</script></html>")
    with pytest.raises(EmptyFileError) as err:
        read(path)
    assert_names_file(err, path)


def test_html_utf16_with_bom(tmp_path: Path) -> None:
    data = "<html><body><h2>標題</h2><p>中國</p></body></html>".encode("utf-16")
    raw = read(write(tmp_path, "wide.html", data))
    assert (raw.text, raw.encoding, raw.had_bom) == ("標題\n中國", "utf-16-le", True)
    assert raw.headings == ((0, 2, 2),)


def test_format_override(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", b"<p>raw markup</p>")
    assert read(path, format="txt").text == "<p>raw markup</p>"
    assert read(path).text == "raw markup"


def test_html_big5_detected(tmp_path: Path) -> None:
    data = f"<html><body><h3>{TRADITIONAL}</h3></body></html>".encode("big5")
    raw = read(write(tmp_path, "tw.html", data))
    assert raw.encoding == "big5"
    assert raw.script == "hant"
    assert raw.headings[0][2] == 3


# --- script ---------------------------------------------------------------------------------


def test_detect_script() -> None:
    assert detect_script(SIMPLIFIED) == "hans"
    assert detect_script(TRADITIONAL) == "hant"
    assert detect_script(SIMPLIFIED + TRADITIONAL) == "mixed"
    assert detect_script("中文人口") == "unknown"  # shared characters say nothing
    assert detect_script("Hello world") == "unknown"
    # A Simplified paper citing one Taiwanese title stays Simplified.
    assert detect_script(SIMPLIFIED * 3 + "《臺灣研究》") == "hans"


def test_detect_script_fallback_table() -> None:
    tables = _fallback_tables()
    assert not tables.complete
    assert detect_script(SIMPLIFIED, tables=tables) == "hans"
    assert detect_script(TRADITIONAL, tables=tables) == "hant"
    with pytest.raises(MissingDependencyError, match="opencc-python-reimplemented"):
        to_simplified(TRADITIONAL, tables=tables)


def test_to_simplified_is_char_for_char() -> None:
    pytest.importorskip("opencc")
    assert load_tables().complete
    converted, mapping = to_simplified(TRADITIONAL)
    assert mapping.is_identity
    assert len(converted) == len(TRADITIONAL)
    assert "现今国际学界" in converted and "联合国权威" in converted
    assert detect_script(converted) == "hans"
    # Phrases decide ambiguous characters: 乾坤 keeps 乾, 乾淨 becomes 干净.
    assert to_simplified("乾坤，乾淨，頭髮")[0] == "乾坤，干净，头发"
    assert to_simplified(SIMPLIFIED)[0] == SIMPLIFIED


def test_offset_mapping_for_length_changes() -> None:
    tables = _build({"A": ["xy"], "B": ["b"]}, {}, {"CD": ["e"]}, complete=True)
    converted, mapping = to_simplified("zAzBzCDz", tables=tables)
    assert converted == "zxyzbzez"
    assert not mapping.is_identity
    assert [mapping.to_original(i) for i in range(len(converted) + 1)] == [
        0, 1, 2, 2, 3, 4, 5, 7, 8,
    ]  # fmt: skip
    assert OffsetMapping().to_original(5) == 5


# --- seed paper -----------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="shared seed paper not present")
def test_seed_txt() -> None:
    raw = read(SEED)
    expected = SEED.read_text(encoding="utf-8")
    assert raw.text == expected
    assert (raw.encoding, raw.script, raw.format) == ("utf-8", "hans", "txt")
    gb = read_bytes(expected.encode("gb18030"), name="seed-gb.txt")
    assert gb.text == expected and gb.encoding == "gb18030"


# --- never crash ----------------------------------------------------------------------------

_NAMES = st.sampled_from(["a.txt", "a.md", "a.html", "a.pdf", "a.docx", "a", "a.doc", None])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), name=_NAMES)
def test_arbitrary_bytes_raise_only_read_errors(data: bytes, name: str | None) -> None:
    try:
        raw = read_bytes(data, name=name)
    except ReadError as err:
        assert str(err)
    else:
        assert raw.text.strip()


_PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_PREFIXES, data=st.binary(max_size=512))
def test_magic_prefixes_raise_only_read_errors(prefix: bytes, data: bytes) -> None:
    with contextlib.suppress(ReadError):
        read_bytes(prefix + data, name="x")


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_html_never_crashes(text: str) -> None:
    try:
        raw = read_bytes(f"<html><body>{text}</body></html>".encode(), name="x.html")
    except ReadError:
        return
    for start, end, level in raw.headings:
        assert 0 <= start < end <= len(raw.text) and 1 <= level <= 6


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200))
def test_utf8_text_round_trips(text: str) -> None:
    try:
        raw = read_bytes(text.encode("utf-8"), name="x.txt", encoding="utf-8")
    except (EmptyFileError, BinaryFileError):
        return
    assert raw.text == text.removeprefix("\ufeff")


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(TRADITIONAL + SIMPLIFIED + "乾淨坤髮ab "), max_size=80)
)
def test_to_simplified_preserves_length(text: str) -> None:
    pytest.importorskip("opencc")
    converted, mapping = to_simplified(text)
    assert len(converted) == len(text) and mapping.is_identity
