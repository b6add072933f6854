"""Clean-up of PDF-extracted text: footers, page joins, pull-quotes, footnotes, the offset map."""

from __future__ import annotations

import pytest

from multilat_nlp.reading.clean import CleanText, clean, ends_sentence, looks_like_heading
from multilat_nlp.reading.offsets import OffsetMap, OffsetMapBuilder

from .conftest import REPORTS

# A two-page paper as pdfminer lays it out in a plain text file without form feeds: the
# sentence 协|调 is cut by the page break, with the author footer and a footnote in between.
PAPER = (
    "\n多边合作的新议程\n\n王 明\n\n"
    "内容提要：本文讨论多边合作。\n\n"
    "关键词：多边主义 全球治理\n\n"
    "一、问题的提出\n\n"
    "多边主义的经典定义来自国际关系学界，它强调三个以上国家通过制度安排来协¹\n\n"
    "王明 东方大学国际关系学院教授。\n\n"
    "1 Robert O. Keohane, “Multilateralism,” *International Journal*, Vol. 45, No. 4, 1990, "
    "<https://example.org/a>, 2020-10-16.\n\n"
    "调各国政策，这一定义至今仍被广泛引用。合作的形式包括国际组织和国际机制。²\n\n"
    "合作的形式包括国际组织和国际机制。\n\n"
    "二、结论\n\n"
    "多边合作仍有前途，各国应当共同维护多边体制。\n\n"
    "2 张三：《多边合作研究》，《国际论坛》，2005年第1期，第53页。\n"
)


def _segments_copy(result: CleanText, raw: str) -> bool:
    return all(result.text[c : c + n] == raw[r : r + n] for c, r, n in result.offset_map.segments)


@pytest.fixture(scope="module")
def paper() -> CleanText:
    return clean(PAPER)


@pytest.fixture(scope="module")
def paged() -> CleanText:
    return clean(PAGED)


class TestPaper:
    """The small paper above, cleaned."""

    @pytest.fixture
    def result(self, paper: CleanText) -> CleanText:
        return paper

    def test_invariants(self, result: CleanText) -> None:
        """Every segment copies raw text and map ∪ dropped covers the raw text exactly."""
        result.verify(PAPER)
        assert _segments_copy(result, PAPER)
        assert result.mode == "pdf"

    def test_page_break_joined(self, result: CleanText) -> None:
        """The sentence cut by the page break reads continuously."""
        assert "通过制度安排来协¹调各国政策" in result.text
        assert result.pages == [0, PAPER.index("调各国政策")]

    def test_footnotes_moved_after_body(self, result: CleanText) -> None:
        """Footnote lines and the author footer leave the body and follow it, one per line."""
        body, notes = result.text[: result.body_end], result.text[result.body_end :]
        assert "Keohane" not in body and "东方大学" not in body
        lines = [line for line in notes.split("\n") if line]
        assert lines[0] == "王明 东方大学国际关系学院教授。"
        assert lines[1].startswith("1 Robert O. Keohane")
        assert lines[2].startswith("2 张三")

    def test_footnote_records(self, result: CleanText) -> None:
        """Each footnote knows its page, number, text and in-text marker (¹ or ²)."""
        first, second = result.footnotes
        assert (first["page"], first["marker"], second["page"], second["marker"]) == (
            1,
            "1",
            2,
            "2",
        )
        assert result.text[first["text_start"] : first["end"]].startswith("Robert O. Keohane")
        assert result.text[first["anchor"]["start"] : first["anchor"]["end"]] == "¹"
        assert result.text[second["anchor"]["start"] : second["anchor"]["end"]] == "²"
        assert [a["marker"] for a in result.anchors] == ["1", "2"]
        assert result.notes == [
            {
                "kind": "author_note",
                "page": 1,
                "start": result.body_end + 1,
                "end": result.body_end + 17,
            }
        ]

    def test_pull_quote_dropped(self, result: CleanText) -> None:
        """The boxed repeat of a body sentence goes; the sentence in the body stays."""
        assert result.text.count("合作的形式包括国际组织和国际机制。") == 1
        kinds = {d["kind"] for d in result.dropped}
        assert "pull_quote" in kinds
        quote = next(d for d in result.dropped if d["kind"] == "pull_quote")
        assert PAPER[quote["raw_start"] : quote["raw_end"]] == "合作的形式包括国际组织和国际机制。"

    def test_dropped_whitespace_only_outside_furniture(self, result: CleanText) -> None:
        """Only furniture and pull-quotes may drop visible characters."""
        for region in result.dropped:
            chunk = PAPER[region["raw_start"] : region["raw_end"]]
            if region["kind"] not in ("header", "footer", "page_number", "pull_quote"):
                assert not chunk.strip(), region

    def test_info_is_json_native(self, result: CleanText) -> None:
        """``info()`` is what the tokenizer stores on the Doc; it must survive JSON."""
        import json

        info = result.info()
        assert json.loads(json.dumps(info)) == info
        assert set(info) == {"mode", "body_end", "pages", "footnotes", "anchors", "notes", "toc"}


def test_plain_text_is_untouched() -> None:
    """Text without page structure comes back unchanged with the identity map."""
    text = "一、总体要求\n做好今年工作，要坚持稳中求进。\n（一）稳定宏观经济\n1 个重点是就业。\n"
    result = clean(text)
    assert result.text == text
    assert result.offset_map.to_list() == [[0, 0, len(text)]]
    assert result.dropped == [] and result.footnotes == [] and result.mode == "plain"


def test_empty_and_plain_mode() -> None:
    """Empty input and ``mode="plain"`` are identities; a bad mode is refused."""
    assert clean("").text == ""
    assert clean(PAPER, mode="plain").text == PAPER
    with pytest.raises(ValueError, match="mode"):
        clean(PAPER, mode="scan")  # type: ignore[arg-type]


def test_single_glued_digit_is_not_a_footnote() -> None:
    """One line starting "1 …" with a bare digit in the text is too weak to clean."""
    text = "我们建成了1个示范区，成效明显。\n1 九九八年是关键的一年。\n"
    assert clean(text).text == text


def test_spaced_year_is_not_a_footnote() -> None:
    """``1 9 9 8 年`` (digits spaced out) does not open a footnote."""
    text = "二、关于1 9 9 8 年的工作\n1 9 9 8 年是全面贯彻的第一年。\n"
    assert clean(text).mode == "plain"


PAGED = (
    "国际问题研究 2021年第3期\n"
    "合作的前景取决于各国能否在规则制定上达成一致，而这需要长期的\n"
    "协商与妥协。¹\n"
    "1 参见《多边合作研究》，2005年第1期。\n"
    "— 12 —\n"
    "\f国际问题研究 2021年第3期\n"
    "努力和耐心。各国应当坚持多边主义。\n"
    "— 13 —\n"
    "\f国际问题研究 2021年第3期\n"
    "二、结论\n"
    "多边体制需要改革。\n"
    "— 14 —\n"
)


class TestFormFeeds:
    """pdfminer output: pages separated by form feeds, running header and page numbers."""

    @pytest.fixture
    def result(self, paged: CleanText) -> CleanText:
        return paged

    def test_invariants(self, result: CleanText) -> None:
        result.verify(PAGED)

    def test_furniture_dropped(self, result: CleanText) -> None:
        """Running header and page numbers go, each recorded with its kind."""
        assert "国际问题研究" not in result.text and "—" not in result.text
        kinds = [d["kind"] for d in result.dropped]
        assert kinds.count("header") == 3 and kinds.count("page_number") == 3

    def test_pages_from_form_feeds(self, result: CleanText) -> None:
        """Page starts are the offsets just after each form feed."""
        assert result.pages == [0, PAGED.index("\f") + 1, PAGED.rindex("\f") + 1]

    def test_wrapped_line_and_page_joined(self, result: CleanText) -> None:
        """A hard-wrapped line is unwrapped and the page-broken sentence continues."""
        assert "而这需要长期的协商与妥协。¹" in result.text
        assert "各国应当坚持多边主义。\n二、结论" in result.text

    def test_footnote_found_at_page_bottom(self, result: CleanText) -> None:
        """The footnote at the bottom of page 1 moves after the body."""
        (note,) = result.footnotes
        assert note["page"] == 1 and note["marker"] == "1"
        assert result.text[note["start"] : note["end"]] == "1 参见《多边合作研究》，2005年第1期。"


def _pdfminer(*pages: list[str | list[str]]) -> str:
    """Pages as pdfminer prints them: each paragraph cut into lines of 20 characters (a list is
    taken as lines already cut), a blank line after every line, form feeds between pages."""
    out = []
    for page in pages:
        lines: list[str] = []
        for item in page:
            lines += (
                item
                if isinstance(item, list)
                else [item[i : i + 20] for i in range(0, len(item), 20)]
            )
        out.append("".join(line + "\n\n" for line in lines))
    return "\f".join(out)


P1 = "多边主义的经典定义来自国际关系学界，它强调三个以上国家通过制度安排来协调各国政策¹，这一定义至今仍被广泛引用。"
P2 = "在实践中，合作的形式包括国际组织和国际机制，二者相辅相成。国际组织提供常设平台²，国际机制提供规则。"
QUOTE = "合作的形式包括国际组织和国际机制，二者相辅相成。"  # boxed above P2, over two lines
CUT = "从全球范围看，多边合作在过去三十年中取得了长足进展，但在疫情之后面临着许多新的挑"
QUOTE2 = "多边体制的改革需要各方共同参与和长期坚持。"  # boxed at the foot of page 1
HEADING = "（一）维护多边体制，推动改革进程"
P4 = "改革不是另起炉灶，而是在现有规则基础上完善争端解决机制。"
P5 = "历史经验表明，单边行动难以持久。多边体制的改革需要各方共同参与和长期坚持。这也是本文的结论。"
NOTE1 = [
    "1 Robert O. Keohane, “Multilateralism: An Agenda for",
    "Research,” Vol. 45, Autumn 199",
    "0, <https://www.jstor.org/stable/40202705>, 2020-10-16.",
]
NOTE2 = [
    "2 《多边合作研究》，新华网，2020年9月22日，http://ww",
    "w.xinhuanet.com/world/2020-09/22/c_1126525533.htm，2020年10月19日登录。",
]
AUTHOR = ["王明 东方大学国际关系学院教授，全球治理研究中心", "主任。"]
WRAPPED = _pdfminer(
    ["多边合作的新议程", "一、问题的提出", P1, QUOTE, P2, CUT, QUOTE2, AUTHOR, NOTE1, NOTE2],
    ["战。各国应当坚持多边主义。", HEADING, P4, P5],
)


@pytest.fixture(scope="module")
def wrapped() -> CleanText:
    return clean(WRAPPED)


class TestPdfminerLayout:
    """Every line wrapped at the margin and followed by a blank line, as pdfminer prints a PDF."""

    @pytest.fixture
    def result(self, wrapped: CleanText) -> CleanText:
        return wrapped

    def test_invariants(self, result: CleanText) -> None:
        assert len(CUT) % 20 == 0  # the cut paragraph fills its last line, as at a page foot
        result.verify(WRAPPED)

    def test_paragraphs_unwrapped(self, result: CleanText) -> None:
        """Blank lines between wrapped lines are no paragraph breaks; a marked heading that
        fills most of the line is not run into the paragraph below it."""
        body = result.text[: result.body_end].split("\n")
        for paragraph in (P1, P2, CUT + "战。各国应当坚持多边主义。", HEADING, P4, P5):
            assert paragraph in body, paragraph

    def test_wrapped_pull_quotes_dropped(self, result: CleanText) -> None:
        """A quote over two lines goes, and so does one run on from a paragraph cut by the page."""
        assert result.text.count(QUOTE) == 1 and result.text.count(QUOTE2) == 1
        dropped = "".join(
            WRAPPED[d["raw_start"] : d["raw_end"]]
            for d in result.dropped
            if d["kind"] == "pull_quote"
        )
        assert dropped == QUOTE + QUOTE2

    def test_wrapped_footnotes_moved_whole(self, result: CleanText) -> None:
        """A note's wrapped lines follow its number: numbers and URLs split by the wrap are
        rejoined without a space, English words with one."""
        first, second = (result.text[n["start"] : n["end"]] for n in result.footnotes)
        assert first == (
            "1 Robert O. Keohane, “Multilateralism: An Agenda for Research,” Vol. 45, Autumn "
            "1990, <https://www.jstor.org/stable/40202705>, 2020-10-16."
        )
        assert second == "".join(NOTE2)
        assert [a["marker"] for a in result.anchors] == ["1", "2"]
        assert [result.text[a["start"] : a["end"]] for a in result.anchors] == ["¹", "²"]
        assert "Keohane" not in result.text[: result.body_end]

    def test_wrapped_author_footer_is_one_note(self, result: CleanText) -> None:
        (note,) = result.notes
        assert result.text[note["start"] : note["end"]] == "".join(AUTHOR)


def test_repeated_closing_line_is_not_a_footer() -> None:
    """A line that closes a sentence (各位代表！) repeated at page ends is content, not a footer."""
    pages = [
        "第一部分说明了情况。\n各位代表！\n",
        "第二部分提出了任务。\n各位代表！\n",
        "第三部分。\n各位代表！\n",
    ]
    text = "\f".join(pages)
    result = clean(text)
    result.verify(text)
    assert result.text.count("各位代表！") == 3
    assert {d["kind"] for d in result.dropped} == {"page_break"}


def test_latin_join_gets_a_space() -> None:
    """Two English words split by a page break are joined by an inserted space."""
    text = "The multilateral order needs reform and the members of the\forganisation agree.\n"
    result = clean(text)
    result.verify(text)
    assert "of the organisation agree." in result.text
    inserted = [i for i in range(len(result.text)) if result.offset_map.to_raw_char(i) is None]
    assert [result.text[i] for i in inserted] == [" "]


def test_ends_sentence() -> None:
    """Footnote markers and closing quotes do not hide a sentence end."""
    assert ends_sentence("国际关系民主化中的关键作用。¹")
    assert ends_sentence("国际合作也已被严重削弱。”¹")
    assert ends_sentence("…的关键作用。1")
    assert not ends_sentence("通过某些制度安排，协")
    assert not ends_sentence("长期拖欠联合国会费，")
    assert not ends_sentence("阻挠WTO部长级会议的抗议。2008")  # a year, not a glued note number
    assert ends_sentence("各位代表：")


def test_looks_like_heading() -> None:
    """Marker lines and short open lines are headings; a long 第二,… paragraph is not, on request."""
    assert looks_like_heading("（一）稳定宏观经济")
    assert looks_like_heading("过去五年的回顾")
    assert not looks_like_heading("长期拖欠联合国会费，")
    long_para = (
        "第二,可建立全球电商联盟。跨境电商是21世纪以来出现的新型商业交易方式，跨境电商的交易数"
    )
    assert looks_like_heading(long_para)
    assert not looks_like_heading(long_para, run_in=False)


@pytest.mark.skipif(not REPORTS.exists(), reason="../shared is not present")
def test_reports_come_out_identical() -> None:
    """The 53 government work reports (one paragraph a line, no footers) are not touched."""
    files = sorted(REPORTS.glob("*.txt"))
    assert len(files) == 53
    for path in files:
        raw = path.read_text(encoding="utf-8")
        result = clean(raw)
        assert result.text == raw, path.name
        assert result.offset_map.to_list() == [[0, 0, len(raw)]], path.name


class TestOffsetMap:
    """The map on its own."""

    def test_builder_merges_and_maps(self) -> None:
        raw = "abcdefghij"
        builder = OffsetMapBuilder(raw)
        builder.copy(0, 3)
        builder.copy(3, 5)  # adjacent in both texts: one segment
        builder.insert("-")
        builder.copy(8, 10)
        builder.copy(5, 6)  # moved: raw earlier than the previous segment
        offsets = builder.build()
        assert builder.text() == "abcde-ijf"
        assert offsets.to_list() == [[0, 0, 5], [6, 8, 2], [8, 5, 1]]
        assert offsets.to_raw_char(5) is None
        assert offsets.to_raw_char(6) == 8
        assert offsets.to_raw(3, 8) == (3, 10)
        assert offsets.to_raw_spans(3, 9) == [(3, 5), (8, 10), (5, 6)]
        assert offsets.to_raw(5, 6) == (5, 5)  # only the inserted character
        assert offsets.to_clean(9) == 7 and offsets.to_clean(6) is None
        assert OffsetMap.from_list(offsets.to_list()) == offsets

    def test_identity(self) -> None:
        assert OffsetMap.identity(4).to_list() == [[0, 0, 4]]
        assert OffsetMap.identity(0).to_list() == []
        assert OffsetMap.identity(4).to_raw(1, 3) == (1, 3)

    def test_rejects_bad_segments(self) -> None:
        with pytest.raises(ValueError, match="sorted"):
            OffsetMap(((0, 0, 3), (2, 5, 1)))
        with pytest.raises(ValueError, match="overlap"):
            OffsetMap(((0, 0, 3), (3, 2, 2)))
