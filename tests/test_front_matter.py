"""Front matter, headings and wrappers of real-world layouts, on synthetic texts written here.

Each test is one failure class seen on real papers (journal PDFs, theses, standards, gov.cn
pages, work reports): the texts imitate the layout, none is copied from a document.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from multilat_nlp.errors import ConfigError
from multilat_nlp.stages.citations import parse_citation
from multilat_nlp.stages.profiles import available_profiles, load_profile, select_profile
from multilat_nlp.stages.structure import StructureSettings, analyze_structure

PAGED = {"pages": [0, 1000]}  # what clean-up reports for a PDF of two pages


def _structure(text: str, info: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
    return analyze_structure(text, info, StructureSettings(**options))


def _top(result: dict[str, Any]) -> list[str]:
    return [s["title"] for s in result["sections"] if s["parent"] is None]


# A journal article as pdfminer gives it: a title wrapped over two lines, the journal's masthead
# between title and byline, letter-spaced names, a blank line between most lines.
JOURNAL_PDF = (
    "城市更新中的社区参与机制研究\n"
    "基于三个街道的比较（２０１０—２０２０）\n\n"
    "　 　 学 刊\n\n"
    "２０２１·３\n\n"
    "第 ４１ 卷\n\n"
    "李　雷　韩梅梅\n\n"
    "摘　要：本文比较三个街道的城市更新项目，\n\n"
    "发现居民参与的深度取决于议事规则的设计，\n\n"
    "而不只取决于资金投入的多少。\n\n"
    "关键词：城市更新\u3000社区参与\u3000议事规则\n\n"
    "基金项目：某某社会科学基金项目（２０ＡＢＣ００１）\n\n"
    "中图分类号：Ｃ９１２　　文献标识码：Ａ\n\n"
    "书书书\n\n"
    "Community Participation in Urban Renewal\n\n"
    "Abstract: This paper compares three urban renewal projects.\n\n"
    "Key words: urban renewal; participation\n\n"
    "一、问题的提出\n\n"
    "城市更新是近年来的重要议题。这里是正文的第一段，足够长以便成为段落。\n\n"
    "二、社区参与为何重要？\n\n"
    "第二部分的正文内容在这里继续展开讨论。\n\n"
    "三、结论与讨论\n\n"
    "最后一部分的正文。\n\n"
    "参考文献\n\n"
    "1　王某.社区治理研究[J].社会学研究,2019,34(2):1-20.\n\n"
    "2　赵某.城市更新[M].北京:某某出版社,2018.\n"
)


def test_journal_pdf_front_matter() -> None:
    result = _structure(JOURNAL_PDF, PAGED)
    meta = result["meta"]
    assert meta["title"] == "城市更新中的社区参与机制研究基于三个街道的比较（２０１０—２０２０）"
    assert meta["authors"] == ["李雷", "韩梅梅"]
    abstract = JOURNAL_PDF[meta["abstract"]["start"] : meta["abstract"]["end"]]
    assert abstract.startswith("本文比较三个街道") and abstract.endswith("资金投入的多少。")
    assert meta["declared_keywords"] == ["城市更新", "社区参与", "议事规则"]
    english = JOURNAL_PDF[meta["abstract_en"]["start"] : meta["abstract_en"]["end"]]
    assert english.startswith("This paper compares")
    assert meta["keywords_en"] == ["urban renewal", "participation"]
    kinds = [item["kind"] for item in meta["front_matter"]]
    assert kinds == ["fund", "clc"]


def test_question_headings_and_reference_list() -> None:
    """一、…？ heads a section; 参考文献's numbered lines are citations, not headings."""
    result = _structure(JOURNAL_PDF, PAGED)
    assert _top(result) == ["问题的提出", "社区参与为何重要？", "结论与讨论"]
    references = result["meta"]["references"]
    assert [r["marker"] for r in references] == ["1", "2"]
    first = references[0]["citation"]
    assert first["authors"] == ["王某"] and first["title"] == "社区治理研究"
    assert (first["container"], first["year"], first["volume"], first["issue"]) == (
        "社会学研究", 2019, "34", "2")
    assert references[1]["citation"]["container"] == "某某出版社"


def test_journal_apparatus_is_not_a_title_or_byline() -> None:
    """The masthead (学刊, ２０２１·３, 第41卷) and the typesetting marker line are skipped."""
    meta = _structure(JOURNAL_PDF, PAGED)["meta"]
    assert "学刊" not in meta["authors"] and "学 刊" not in meta["title"]


@pytest.mark.parametrize(
    ("label", "keywords_label"),
    [("【内容提要】", "【关键词】"), ("［提 要］", "主题词："), ("【摘要】", "关键词 "),
     ("内容摘要：", "關鍵詞：")],
)
def test_label_variants(label: str, keywords_label: str) -> None:
    text = (
        f"\n区域协调发展的财政工具\n\n张 三\n\n{label}本文讨论财政转移支付，\n\n"
        f"并提出改进建议。\n\n{keywords_label}转移支付；区域协调，财政、发展\n\n一、引言\n\n正文。\n"
    )
    meta = _structure(text)["meta"]
    assert meta["title"] == "区域协调发展的财政工具"
    assert text[meta["abstract"]["start"] : meta["abstract"]["end"]].endswith("并提出改进建议。")
    assert meta["declared_keywords"] == ["转移支付", "区域协调", "财政", "发展"]


def test_keywords_continue_on_the_next_line() -> None:
    text = "\n某某问题研究报告\n\n关键词：甲乙；丙丁；\n戊己；庚辛\n\n一、引言\n正文。\n"
    assert _structure(text)["meta"]["declared_keywords"] == ["甲乙", "丙丁", "戊己", "庚辛"]


def test_author_next_to_an_author_note() -> None:
    text = (
        "\n数字治理的制度逻辑与路径选择\n\n【内容提要】本文讨论数字治理。\n\n"
        "【关键词】数字治理；制度\n\n【作者简介】王 小明，某某大学公共管理学院教授。\n\n"
        "一、问题的提出\n\n正文。\n"
    )
    meta = _structure(text)["meta"]
    assert meta["authors"] == ["王小明"]
    assert [s["text"] for s in meta["spans"]["authors"]] == ["王 小明"]
    assert meta["front_matter"][0]["kind"] == "author_intro"


def test_byline_with_affiliation_role_and_superscripts() -> None:
    text = (
        "\n城市交通拥堵的成因\n\n某某交通大学\u3000\u3000周\u3000明执笔\n\n"
        "【摘要】本文分析拥堵的成因。\n\n主题词：拥堵　交通\n\n1\u3000前\u3000言\n\n正文。\n"
        "2\u3000结\u3000论\n\n结语。\n"
    )
    result = _structure(text)
    assert result["meta"]["authors"] == ["周明"]
    assert [t.replace("\u3000", "") for t in _top(result)] == ["前言", "结论"]
    text = "\n某种药材的化学成分研究\n\n刘一1,2,陈二1\n\n(1. 某某学院,某市\n\n100000)\n\n摘要 目的：研究成分。\n\n关键词 药材;成分\n"
    assert _structure(text, PAGED)["meta"]["authors"] == ["刘一", "陈二"]


def test_thesis_cover_form_fields() -> None:
    text = (
        "硕士学位论文\n\n题目：  中小城市养老服务供给研究\n\n姓    名：\n\n赵六一\n\n"
        "学    号：\n\n1234567890\n\n摘要\n\n摘要\n\n养老服务供给不足是中小城市的突出问题。\n\n"
        "关键词：养老服务，中小城市\n\n目录\n\n第一章  引言 ........ 1\n\n"
        "第一章  引言\n\n1.1  研究背景\n\n正文。\n\n第一章  引言\n\n正文继续。\n\n"
        "第二章  文献综述\n\n正文。\n"
    )
    result = _structure(text, PAGED)
    meta = result["meta"]
    assert meta["title"] == "中小城市养老服务供给研究"
    assert meta["authors"] == ["赵六一"]
    assert text[meta["abstract"]["start"] : meta["abstract"]["end"]] == (
        "养老服务供给不足是中小城市的突出问题。")
    assert _top(result) == ["引言", "文献综述"]  # no TOC line, no running head


def test_broker_note_sidebar() -> None:
    """A two-column note: the sidebar's roles and names, a wrapped list, then the title."""
    text = (
        "[Table_Main]\n\n买入（维持）\n\n所属行业：电子\n\n证券分析师\n\n孙七\n\n"
        "研究助理\n\n周八\n\n沪深 300 对比\n绝对涨幅(%)\n\n相关研究\n\n"
        "1.《某某科技（600000）：新品放量，\n订单增长超出市场预期》，2022.1.2\n\n"
        "证券研究报告  |  公司点评\n\n"
        "某某科技（600000.SH）：新产线投产，\n盈利能力持续提升\n\n投资要点\n\n"
        "事件：公司公告新产线投产。\n"
    )
    meta = _structure(text, PAGED)["meta"]
    assert meta["title"] == "某某科技（600000.SH）：新产线投产，盈利能力持续提升"
    assert meta["authors"] == ["孙七", "周八"]


def test_standard_profile_drops_preface_headings() -> None:
    text = (
        "中华人民共和国某某行业标准\n\n某某设备检验规程\n\n目\u3000\u3000次\n\n"
        "前\u3000\u3000言\n\n本标准由某某提出。\n\n引\u3000\u3000言\n\n说明。\n\n"
        "某某设备检验规程\n\n范围\n\n本标准规定了检验。\n\n术语\n\n定义。\n\n附录A 流程\n\n图。\n"
    )

    def at(word: str) -> list[int]:
        start = text.index(word)
        return [start, start + len(word), 1]

    info = {"headings": [at("目\u3000\u3000次"), at("前\u3000\u3000言"), at("引\u3000\u3000言"),
                         [text.index("某某设备检验规程\n\n范围"),
                          text.index("某某设备检验规程\n\n范围") + 8, 1],
                         at("范围"), at("术语"), at("附录A 流程")]}
    result = _structure(text, info)
    assert result["meta"]["title"] == "某某设备检验规程"
    assert _top(result) == ["范围", "术语"]
    generic = _structure(text, info, profile="generic")
    assert _top(generic)[:2] == ["前\u3000\u3000言", "引\u3000\u3000言"]


def test_gov_page_form_fields_and_attachments() -> None:
    """A gov.cn page: a metadata table, the title wrapped again, an attachment with its own
    title (…的规定) and numbering that restarts, a signature with its date."""
    text = (
        "索 引 号：\n000000/2020-00001\n发文机关：\n某某办公厅\n标\u3000\u3000题：\n"
        "某某办公厅关于加强基层治理的意见\n发文字号：\n某办发〔2020〕1号\n主 题 词：\n"
        "某某办公厅关于加强\n基层治理的意见\n各地区、各部门：\n"
        "为加强基层治理，现提出如下意见。\n一、总体要求\n要坚持问题导向。\n"
        "二、主要任务\n要完善制度。\n某某办公厅\n2020年1月2日\n"
        "基层治理工作考核\n办法的规定\n为做好考核，制定本规定。\n一、考核对象\n各级机关。\n"
        "二、考核内容\n工作实绩。\n"
    )
    result = _structure(text)
    assert result["meta"]["title"] == "某某办公厅关于加强基层治理的意见"
    assert result["meta"]["declared_keywords"] == []
    assert _top(result) == ["总体要求", "主要任务", "考核对象", "考核内容"]


def test_report_profile_speaker_and_detection() -> None:
    text = (
        "关于某某工作情况的报告\n——2020年6月1日在某某会议上\n某某委员会主任 钱九\n"
        "某某委员会：\n现将有关情况报告如下。\n一、基本情况\n正文。\n"
    )
    assert select_profile("auto", text).name == "report"
    meta = _structure(text)["meta"]
    assert meta["title"] == "关于某某工作情况的报告" and meta["authors"] == ["钱九"]
    assert _structure(text, profile="generic")["meta"]["authors"] == []


def test_profiles_are_data() -> None:
    assert {"generic", "report", "standard", "broker"} <= set(available_profiles())
    assert load_profile("report").opening == ("各位代表",)
    assert select_profile("auto", "普通的一段文字。").name == "generic"
    with pytest.raises(ConfigError, match="unknown structure profile"):
        load_profile("no-such-genre")


def test_load_selects_a_profile() -> None:
    import multilat_nlp

    nlp = multilat_nlp.load(disable=["sentences", "pos", "entities", "keywords", "arguments"],
                            structure={"profile": "generic"})
    doc = nlp("某某工作报告\n国务院总理 某某某\n各位代表：\n一、回顾\n正文。\n")
    assert doc._.meta["authors"] == []
    nlp = multilat_nlp.load(disable=["sentences", "pos", "entities", "keywords", "arguments"])
    assert nlp("某某工作报告\n国务院总理 某某某\n各位代表：\n一、回顾\n正文。\n")._.meta[
        "authors"] == ["某某某"]


def test_sentences_are_not_headings() -> None:
    text = "一、引言\n正文。\n1. 我们认为这是一个完整的句子。\n二、方法\n正文。\n"
    assert _top(_structure(text)) == ["引言", "方法"]


def test_markdown_front_matter_and_licence_trailer() -> None:
    text = (
        '---\ntitle: "农村金融改革的经验"\nauthor: [甲某, 乙某]\ndate: 2021-03-04\n---\n\n'
        "一、背景\n农村金融改革取得进展。\n二、经验\n经验有三条。\n\n"
        "Public domain false false\n本作品在全世界都属于公有领域。\n"
    )
    result = _structure(text)
    meta = result["meta"]
    assert (meta["title"], meta["authors"], meta["date"]) == (
        "农村金融改革的经验", ["甲某", "乙某"], "2021-03-04")
    assert [d["kind"] for d in meta["dropped"]] == ["front_matter", "licence"]
    licence = meta["dropped"][1]
    assert text[licence["start"] : licence["end"]].startswith("Public domain")
    assert _top(result) == ["背景", "经验"]
    assert result["sections"][-1]["end"] <= licence["start"]


def test_wrappers_give_no_keywords() -> None:
    import multilat_nlp

    text = (
        '---\ntitle: "农村金融改革的经验"\nauthor: 甲某\n---\n\n'
        "一、背景\n农村金融改革取得进展，普惠金融覆盖面扩大。\n\n"
        "Public domain false false\n本作品在全世界都属于公有领域。\n"
    )
    doc = multilat_nlp.load(disable=["pos"])(text)
    terms = {k["term"] if isinstance(k, dict) else str(k) for k in doc._.keywords}
    assert not terms & {"title", "author", "false", "Public", "domain", "公有领域"}


def test_gbt7714_citation() -> None:
    found = parse_citation("Smith J, Lee K. Digital finance[J]. Journal of Finance, 2019, 74(2): 1-30.")
    assert found["authors"] == ["Smith J", "Lee K"] and found["title"] == "Digital finance"
    assert (found["container"], found["volume"], found["issue"], found["pages"]) == (
        "Journal of Finance", "74", "2", "1-30")


_HAN = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1)


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
                  min_size=10, max_size=30),
    name=st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
                 min_size=2, max_size=3),
    sentences=st.lists(_HAN.map(lambda s: s[:30] + "。"), min_size=1, max_size=4),
    words=st.lists(_HAN.map(lambda s: s[:6]), min_size=1, max_size=5),
    blanks=st.integers(min_value=0, max_value=2),
)
def test_front_matter_offsets(
    title: str, name: str, sentences: list[str], words: list[str], blanks: int
) -> None:
    """Every span the front matter reports leads back to its characters in the text."""
    assume(len(set(title)) > 1)
    gap = "\n" * (blanks + 1)
    text = (
        f"\n{title}\n\n{name}\n\n摘　要：" + gap.join(sentences)
        + f"\n\n关键词：{'；'.join(words)}\n\n一、引言\n\n正文。\n"
    )
    meta = _structure(text)["meta"]
    assert meta["title"] == title
    assert text[meta["spans"]["title"]["start"] : meta["spans"]["title"]["end"]] == title
    for span in meta["spans"]["authors"]:
        assert text[span["start"] : span["end"]] == span["text"]
    abstract = text[meta["abstract"]["start"] : meta["abstract"]["end"]]
    assert abstract.replace("\n", "") == "".join(sentences)
    spans = meta["spans"]["keywords"]
    assert [text[s["start"] : s["end"]] for s in spans] == meta["declared_keywords"]


@pytest.mark.parametrize(
    ("head", "title"),
    [("新质生产力：内涵与路径", "新质生产力：内涵与路径"),  # a colon is no form field
     ("数字普惠金融对中小企业信用风险影响\n研究", "数字普惠金融对中小企业信用风险影响研究"),
     ("某某政策的效果评估\n张三", "某某政策的效果评估")],  # a name under the title is a byline
)
def test_title_edges(head: str, title: str) -> None:
    text = f"\n{head}\n\n李四\n\n摘要：本文讨论这个问题。\n\n关键词：甲乙；丙丁\n\n一、引言\n\n正文。\n"
    assert _structure(text)["meta"]["title"] == title
