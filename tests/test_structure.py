"""The structure stage: meta, the heading tree, and footnotes with citations."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.document import register_extensions
from multilat_nlp.reading.clean import clean
from multilat_nlp.registry import register_builtin_stages
from multilat_nlp.stages.structure import (
    StructureSettings,
    StructureStage,
    analyze_structure,
    parse_keywords,
    uncleaned_info,
)

from .test_clean import PAPER


def _headings(text: str, **settings: Any) -> list[tuple[str, int, str | None, str | None]]:
    sections = analyze_structure(text, None, StructureSettings(**settings))["sections"]
    return [(s["id"], s["level"], s["marker"], s["title"]) for s in sections]


def test_heading_styles_nest_by_rank() -> None:
    """一、 > （一）/(二) > 1. > （1）; ASCII brackets with a space are the same style."""
    text = (
        "一、总体要求\n"
        "今年的工作要稳字当头。\n"
        "（一）宏观政策\n"
        "财政政策要提升效能。\n"
        "1. 赤字率\n"
        "赤字率拟按2.8%左右安排。\n"
        "（1）中央财政\n"
        "中央本级支出增长。\n"
        "(二) 就业优先\n"
        "就业是民生之本。\n"
        "二、重点任务\n"
        "全年主要任务如下。\n"
    )
    assert _headings(text) == [
        ("s1", 1, "一、", "总体要求"),
        ("s1.1", 2, "（一）", "宏观政策"),
        ("s1.1.1", 3, "1.", "赤字率"),
        ("s1.1.1.1", 4, "（1）", "中央财政"),
        ("s1.2", 2, "(二)", "就业优先"),
        ("s2", 1, "二、", "重点任务"),
    ]


def test_a_heading_glued_after_a_sentence_and_spaces_is_a_heading() -> None:
    """Web copies lose the line break before a heading but keep the page's spaces; a single
    space, or no sentence end before, is running text."""
    text = (
        "各位代表：\n现在，我代表国务院，向大会报告工作，请审议。\u3000\xa0\xa0一、过去五年工作回顾\n"
        "五年来，我们应对了严重冲击。\u3000\xa0 （一）加快转变发展方式。\n调整结构。\n"
        "我们要做好三件事。 一、稳增长的工作要抓紧。\n"
    )
    assert _headings(text) == [
        ("s1", 1, "一、", "过去五年工作回顾"),
        ("s1.1", 2, "（一）", "加快转变发展方式"),
    ]
    sections = analyze_structure(text)["sections"]
    assert text[sections[0]["title_start"] : sections[0]["title_end"]] == "过去五年工作回顾"


def test_section_spans_and_parents() -> None:
    """A section runs to the next heading of the same or a higher level, or the body end."""
    text = "一、甲\n正文一。\n（一）乙\n正文二。\n二、丙\n正文三。\n\n"
    sections = analyze_structure(text)["sections"]
    first, child, second = sections
    assert (first["start"], first["end"]) == (0, text.index("二、"))
    assert (child["start"], child["end"], child["parent"]) == (
        text.index("（一）"),
        text.index("二、"),
        "s1",
    )
    assert (second["end"], second["parent"]) == (len(text.rstrip()), None)
    assert text[child["title_start"] : child["title_end"]] == "乙"


def test_list_items_are_not_headings() -> None:
    """一是/二是, 首先/其次 and a run-in 第一, paragraph are list items, not headings."""
    text = (
        "一、主要工作\n"
        "一是稳增长\n"
        "二是保就业\n"
        "首先，要稳定预期\n"
        "第一,可推动成立全球人才合作组织。人口流动是全球化的重要特征。\n"
        "第二，加强国际合作\n"
    )
    assert _headings(text) == [("s1", 1, "一、", "主要工作"), ("s1.1", 2, "第二，", "加强国际合作")]


def test_one_sentence_ordinal_lines_head_subsections() -> None:
    """``第一，…问题。`` alone on its line heads a subsection; a 第一，… paragraph does not."""
    text = (
        "三、若干问题\n"
        "（一）关于工业\n"
        "第一，基本建设的规模问题。\n"
        "规模要适当。\n"
        "第二，轻重工业的比重问题。\n"
        "比重要合理。\n"
        "（二）关于农业\n"
        "第一，合作化是方向。农业要逐步实现合作化，这是长期任务。\n"
    )
    assert _headings(text) == [
        ("s1", 1, "三、", "若干问题"),
        ("s1.1", 2, "（一）", "关于工业"),
        ("s1.1.1", 3, "第一，", "基本建设的规模问题"),
        ("s1.1.2", 3, "第二，", "轻重工业的比重问题"),
        ("s1.2", 2, "（二）", "关于农业"),
    ]


def test_run_in_headings_under_standalone_ones() -> None:
    """Run-in （一）… lines under standalone 一、 headings are sub-headings, titled by their first sentence."""
    text = (
        "三、今年政府工作任务\n"
        "（一）坚持稳字当头、稳中求进。要继续做好六稳六保工作，保持经济运行在合理区间。\n"
        "（二）着力稳市场主体保就业。加大宏观政策实施力度，减轻企业负担。\n"
        "（三）深化改革开放。推动高水平对外开放，稳外贸稳外资。\n"
    )
    assert _headings(text) == [
        ("s1", 1, "三、", "今年政府工作任务"),
        ("s1.1", 2, "（一）", "坚持稳字当头、稳中求进"),
        ("s1.2", 2, "（二）", "着力稳市场主体保就业"),
        ("s1.3", 2, "（三）", "深化改革开放"),
    ]
    assert _headings(text, run_in_headings=False) == [("s1", 1, "三、", "今年政府工作任务")]


def test_run_in_of_a_standalone_style_are_points() -> None:
    """Run-in 一、… items under standalone 一、 headings are enumerated points, not sections."""
    text = (
        "一、国家的总任务\n"
        "这是总的说明。\n"
        "二、若干问题\n"
        "一、开垦荒地。我国已耕的土地还很少，必须有计划地开垦。\n"
        "二、兴修水利。水利是农业的命脉，必须加强。\n"
    )
    assert [h[2] for h in _headings(text)] == ["一、", "二、"]


def test_run_in_series_is_all_or_nothing() -> None:
    """A series of run-in items is accepted when most first sentences are short."""
    long_first = (
        "（二）" + "进一步发展社会主义的商品市场，逐步完善市场体系，" * 2 + "这是长句。后文。\n"
    )
    text = "一、任务\n说明。\n（一）稳定增长。后文。\n" + long_first + "（三）改善民生。后文。\n"
    assert [h[2] for h in _headings(text)] == ["一、", "（一）", "（二）", "（三）"]


def test_unmarked_report_headings() -> None:
    """Older reports head sections with short unnumbered lines between paragraphs."""
    text = (
        "1983年政府工作报告\n"
        "国务院总理赵紫阳各位代表：\n"
        "我代表国务院，向大会作政府工作报告，请予审议。\n"
        "过去五年的回顾\n"
        "五年来，我们在全国范围内实现了安定团结的政治局面，经济得到发展。\n"
        "（一）关于经济建设\n"
        "经济建设取得了新的进展，人民生活有了改善。\n"
        "今后五年的主要任务\n"
        "今后五年，我们要继续贯彻调整、改革、整顿、提高的方针。\n"
    )
    result = analyze_structure(text)
    assert [(s["id"], s["style"], s["title"]) for s in result["sections"]] == [
        ("s1", "unmarked", "过去五年的回顾"),
        ("s1.1", "cn_paren", "关于经济建设"),
        ("s2", "unmarked", "今后五年的主要任务"),
    ]
    assert result["meta"]["title"] == "1983年政府工作报告"
    assert result["meta"]["authors"] == ["赵紫阳"]
    assert _headings(text, unmarked_headings=False) == [("s1", 1, "（一）", "关于经济建设")]


def test_legal_text() -> None:
    """第X章 > 第X节 > 第X条; articles are run-in and titled only when short."""
    text = (
        "第一章 总则\n"
        "第一条 为了规范管理，制定本办法。\n"
        "第二章 管理\n"
        "第一节 一般规定\n"
        "第二条 本办法适用于全国。\n"
    )
    assert _headings(text) == [
        ("s1", 1, "第一章", "总则"),
        ("s1.1", 2, "第一条", "为了规范管理，制定本办法"),
        ("s2", 1, "第二章", "管理"),
        ("s2.1", 2, "第一节", "一般规定"),
        ("s2.1.1", 3, "第二条", "本办法适用于全国"),
    ]


def test_meta_of_a_paper() -> None:
    """Title, spaced author, bracketed abstract label, keywords with mixed separators."""
    text = (
        "\n全球治理的新挑战\n\n王 明 李晓华\n\n"
        "【内容提要】全球治理面临新的挑战。本文提出对策。\n\n"
        "【关键词】全球治理；多边主义，“一带一路” 数字经济\n\n"
        "一、引言\n\n正文。\n"
    )
    meta = analyze_structure(text)["meta"]
    assert meta["title"] == "全球治理的新挑战"
    assert meta["authors"] == ["王明", "李晓华"]
    assert [s["text"] for s in meta["spans"]["authors"]] == ["王 明", "李晓华"]
    abstract = meta["abstract"]
    assert text[abstract["start"] : abstract["end"]] == "全球治理面临新的挑战。本文提出对策。"
    assert meta["declared_keywords"] == ["全球治理", "多边主义", "一带一路", "数字经济"]
    spans = meta["spans"]["keywords"]
    assert [text[s["start"] : s["end"]] for s in spans] == [
        "全球治理",
        "多边主义",
        "“一带一路”",
        "数字经济",
    ]


def test_meta_of_a_traditional_paper() -> None:
    """A Big5 paper: 內容提要, 關鍵詞 and the headings are found, and what is reported is the
    paper's own characters."""
    from .conftest import to_traditional

    text = to_traditional(
        "\n全球治理的新挑战\n\n王 明 李晓华\n\n"
        "【内容提要】全球治理面临新的挑战。本文提出对策。\n\n"
        "【关键词】全球治理；多边主义，“一带一路” 数字经济\n\n"
        "一、引言\n\n正文。\n\n二、国际经验\n\n（一）区域组织\n\n正文。\n"
    )
    assert "內容提要" in text and "關鍵詞" in text and "國際經驗" in text
    result = analyze_structure(text)
    meta = result["meta"]
    assert meta["title"] == "全球治理的新挑戰"
    assert meta["authors"] == ["王明", "李曉華"]
    abstract = meta["abstract"]
    assert text[abstract["start"] : abstract["end"]] == "全球治理面臨新的挑戰。本文提出對策。"
    assert meta["declared_keywords"] == ["全球治理", "多邊主義", "一帶一路", "數字經濟"]
    assert [(s["level"], s["title"]) for s in result["sections"]] == [
        (1, "引言"), (1, "國際經驗"), (2, "區域組織")
    ]


def test_parse_keywords_offsets() -> None:
    assert parse_keywords("甲 乙、丙；“丁”") == [
        (0, 1, "甲"),
        (2, 3, "乙"),
        (4, 5, "丙"),
        (6, 9, "丁"),
    ]


def test_no_meta_in_plain_body() -> None:
    """A text that starts with its body has no title, author or abstract."""
    meta = analyze_structure("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n")["meta"]
    assert (meta["title"], meta["authors"], meta["abstract"], meta["declared_keywords"]) == (
        None,
        [],
        None,
        [],
    )


@pytest.fixture(scope="module")
def blank() -> Language:
    register_extensions()
    if not Doc.has_extension("clean_info"):
        Doc.set_extension("clean_info", default=None)
    return spacy.blank("zh")


def test_component_on_a_cleaned_paper(blank: Language) -> None:
    """As wired: Doc on the clean text, clean info on the Doc, the stage sets meta/sections/footnotes."""
    cleaned = clean(PAPER)
    doc = blank(cleaned.text)
    doc._.clean_info = cleaned.info()
    StructureStage()(doc)
    assert doc._.meta["title"] == "多边合作的新议程"
    assert doc._.meta["authors"] == ["王明"]
    assert doc._.meta["affiliations"] == ["东方大学国际关系学院"]
    (note,) = doc._.meta["spans"]["affiliations"]
    assert (note["person"], note["role"]) == ("王明", "教授")
    assert [(s["marker"], s["title"]) for s in doc._.sections] == [
        ("一、", "问题的提出"),
        ("二、", "结论"),
    ]
    assert all(s["end"] <= cleaned.body_end for s in doc._.sections)
    first, second = doc._.footnotes
    assert (first["id"], first["page"], first["marker"], first["kind"]) == (
        "fn1",
        1,
        "1",
        "citation",
    )
    assert doc.text[first["anchor"] : first["anchor_end"]] == "¹"
    assert first["citation"]["accessed"] == "2020-10-16"
    assert first["citation"]["urls"] == ["https://example.org/a"]
    assert second["citation"]["container"] == "国际论坛"
    assert doc.text[second["start"] : second["end"]].startswith("2 张三")


def test_component_without_clean_info(blank: Language) -> None:
    """Uncleaned text: footnotes are still found, in the text's own offsets."""
    doc = blank(PAPER)
    StructureStage()(doc)
    starts = [PAPER[f["start"] : f["end"]][:8] for f in doc._.footnotes]
    assert starts == ["1 Robert", "2 张三：《多边"]
    assert PAPER[doc._.footnotes[0]["anchor"]] == "¹"
    assert uncleaned_info("一、甲\n正文。\n") == {}


def test_factory_is_registered() -> None:
    """``policy_structure`` is a spaCy factory with the settings as config."""
    register_builtin_stages()
    nlp = spacy.blank("zh")
    stage = nlp.add_pipe("policy_structure", config={"run_in_headings": False})
    assert isinstance(stage, StructureStage)
    assert stage.settings.run_in_headings is False
    doc = nlp("一、总体要求\n做好工作。\n")
    assert doc._.sections[0]["title"] == "总体要求"
