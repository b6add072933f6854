"""Page apparatus of journal PDFs: full-width ``1．`` footnotes, glued markers, table notes."""

from __future__ import annotations

from multilat_nlp.reading.clean import clean

_FILLER = "这是正文的一句话，用来把一页纸的正文填满一些，以便看出版面的宽度和换行。"


def _page(body: str, notes: list[str], number: str) -> str:
    return "\n\n".join([_FILLER, body, _FILLER, *notes, number])


def test_fullwidth_dotted_footnotes_move_out_with_their_markers() -> None:
    raw = "\f".join(
        [
            _page("研究发现收入影响幸福感。１而消费也有影响。", ["１．参见某年的统计公报。"], "·１·"),
            _page("政策变迁值得注意。２另外还有其他因素。３", ["２．详见附录。", "３．同上。"], "·２·"),
        ]
    )
    cleaned = clean(raw)
    cleaned.verify(raw)
    assert [f["marker"] for f in cleaned.footnotes] == ["1", "2", "3"]
    assert len(cleaned.anchors) == 3
    body = cleaned.text[: cleaned.body_end]
    assert "参见某年" not in body and "详见附录" not in body
    assert "·１·" not in cleaned.text  # page numbers dropped
    assert any(d["kind"] == "page_number" for d in cleaned.dropped)


def test_decimals_and_table_notes_are_not_footnotes() -> None:
    table = ["注：１．括号内为标准误。", "２．显著性水平为百分之五。"]
    raw = "\f".join(
        [
            _page("表中数值为０．９９和１．７０。", table, "·１·"),
            _page("另一页的正文没有注释。", ["１．７０", "２．５０"], "·２·"),
        ]
    )
    cleaned = clean(raw)
    cleaned.verify(raw)
    assert cleaned.footnotes == []
    assert "显著性水平" in cleaned.text[: cleaned.body_end]


def test_markers_after_compatibility_ideographs_are_found() -> None:
    # 諾 as U+F95D (a CJK Compatibility Ideograph), as some PDF text layers print it
    raw = "\f".join(
        [
            _page("開放承\uf95d1", ["1  服務部門的分類使用某一分類表。"], "第  1  頁，共  2  頁"),
            _page("其他內容如下。2", ["2  營運區域依規定辦理。"], "第  2  頁，共  2  頁"),
        ]
    )
    cleaned = clean(raw)
    cleaned.verify(raw)
    assert [f["marker"] for f in cleaned.footnotes] == ["1", "2"]
    assert "第  1  頁" not in cleaned.text


def test_chapter_running_heads_go_and_the_chapter_heading_stays() -> None:
    pages = []
    for n in range(8):
        head = "某大学硕士学位论文" if n % 2 == 0 else "第二章  文献综述"
        lines = [head]
        if n == 1:
            lines.append("第二章  文献综述")
        own = _FILLER.replace("一页", "甲乙丙丁戊己庚辛"[n] + "页")  # pages differ in content
        lines += [own, own.replace("正文", "内容"), str(n + 1)]
        pages.append("\n\n".join(lines))
    raw = "\f".join(pages)
    cleaned = clean(raw)
    cleaned.verify(raw)
    assert cleaned.text.count("文献综述") == 1
    assert "学位论文" not in cleaned.text
    assert sum(d["kind"] == "header" for d in cleaned.dropped) >= 7


def test_table_of_contents_leaves_the_body_and_is_kept_as_entries() -> None:
    toc = ["目录", "第一章  绪论 .................... 1", "1.1  背景 ...................... 1",
           "第二章  方法 ··················· 5", "参考文献 …………………… 9", "I"]
    chapter = ["第一章  绪论", _FILLER, _FILLER, "1"]
    raw = "\f".join(["\n\n".join(toc), "\n\n".join(chapter), "\n\n".join([_FILLER, "2"])])
    cleaned = clean(raw)
    cleaned.verify(raw)
    assert "....." not in cleaned.text and "目录" not in cleaned.text
    assert cleaned.text.count("第一章") == 1
    assert [(t["title"], t["page"]) for t in cleaned.toc] == [
        ("第一章  绪论", "1"), ("1.1  背景", "1"), ("第二章  方法", "5"), ("参考文献", "9")]
    assert any(d["kind"] == "toc" for d in cleaned.dropped)


def test_toc_entries_reach_the_layout_with_levels() -> None:
    from multilat_nlp.files import toc_entry

    assert toc_entry("第一章  绪论", "1").level == 1
    assert toc_entry("2.1.3  模型", "7").level == 3
    assert toc_entry("参考文献", "9").level == 0


def test_notices_and_layout_slugs_on_every_page_are_dropped() -> None:
    notice = "请务必阅读正文之后的信息披露和法律声明。本报告仅供参考。"
    pages = []
    for n in range(4):
        pages.append("\n\n".join(
            ["公司点评    某某股份（000000.SH）", _FILLER.replace("一页", "甲乙丙丁"[n] + "页"), f"第{n}段正文在这里结束了。",
             f"某刊2017年第{n}期正文.indd   {n + 10}   2017/3/{n + 1}   9:31:07",
             f"{n + 1} / 4        {notice}"]))
    raw = "\f".join(pages)
    cleaned = clean(raw)
    cleaned.verify(raw)
    assert "请务必" not in cleaned.text and "indd" not in cleaned.text
    assert "第3段正文" in cleaned.text
    kinds = {d["kind"] for d in cleaned.dropped}
    assert {"header", "footer"} <= kinds
