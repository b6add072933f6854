"""Footnote text → citation fields, English and Chinese conventions."""

from __future__ import annotations

import pytest

from multilat_nlp.stages.citations import (
    classify_note,
    find_access_date,
    find_urls,
    parse_citation,
)


def test_english_journal_article() -> None:
    """Chicago-style journal note with a bracketed URL and an ISO access date."""
    note = (
        "Anne Smith and John Doe, “Rules and Power in Global Trade,” *World Politics*, "
        "Vol. 12, No. 3, Spring 2001, pp. 45-67, <https://example.org/a?b=1>, 2021-03-04."
    )
    citation = parse_citation(note)
    assert citation["authors"] == ["Anne Smith", "John Doe"]
    assert citation["title"] == "Rules and Power in Global Trade"
    assert citation["container"] == "World Politics"
    assert (citation["volume"], citation["issue"], citation["pages"]) == ("12", "3", "45-67")
    assert citation["year"] == 2001
    assert citation["urls"] == ["https://example.org/a?b=1"]
    assert citation["accessed"] == "2021-03-04"
    assert citation["style"] == "en"


def test_english_accessed_cue_and_date_words() -> None:
    """``accessed October 16, 2020`` is the access date; ``July 6, 2020`` the publication date."""
    note = (
        'Mary Roe, "Aid After the Pandemic," *Policy Review*, July 6, 2020, '
        "https://example.com/aid, accessed October 16, 2020."
    )
    citation = parse_citation(note)
    assert citation["date"] == "2020-07-06"
    assert citation["accessed"] == "2020-10-16"
    assert citation["urls"] == ["https://example.com/aid"]


def test_chinese_journal_article() -> None:
    """GB/T-style journal note: author, 《title》, 《journal》, year and issue, page."""
    citation = parse_citation(
        "张三、李四：《多边合作的“新”逻辑》，《国际论坛》，2005年第1期，第53—60页。"
    )
    assert citation["authors"] == ["张三", "李四"]
    assert citation["title"] == "多边合作的“新”逻辑"
    assert citation["container"] == "国际论坛"
    assert (citation["year"], citation["issue"], citation["pages"]) == (2005, "1", "53-60")
    assert citation["urls"] == [] and citation["accessed"] is None
    assert citation["style"] == "zh"


def test_chinese_volume_and_issue() -> None:
    citation = parse_citation("王五：《制度与秩序》，《世界政治》第45卷第4期，2019年。")
    assert (citation["volume"], citation["issue"], citation["year"]) == ("45", "4", 2019)


def test_chinese_web_page() -> None:
    """A web page: no author, the site as container, a bare URL and ``…登录``."""
    note = (
        "《某某宣言》，中华人民共和国外交部，2004年4月20日，"
        "https://www.example.gov.cn/web/t1.shtml，2020年10月19日登录。"
    )
    citation = parse_citation(note)
    assert citation["authors"] == []
    assert citation["title"] == "某某宣言"
    assert citation["container"] == "中华人民共和国外交部"
    assert citation["date"] == "2004-04-20" and citation["year"] == 2004
    assert citation["urls"] == ["https://www.example.gov.cn/web/t1.shtml"]
    assert citation["accessed"] == "2020-10-19"


def test_designator_after_title() -> None:
    """``《…》白皮书,中国政府网,…``: the site, not the designator, is the container."""
    citation = parse_citation(
        "《新时代的合作》白皮书,中国政府网,2019年9月27日, http://www.example.cn/x.htm, 2020年10月19日登录。"
    )
    assert citation["title"] == "新时代的合作"
    assert citation["container"] == "中国政府网"
    assert citation["accessed"] == "2020-10-19"


@pytest.mark.parametrize(
    ("note", "iso"),
    [
        ("《报告》，新华网，http://x.cn/a.htm，访问日期：2021年1月2日。", "2021-01-02"),
        ("《报告》，新华网，http://x.cn/a.htm，[2021-01-02]。", "2021-01-02"),
        ("Report, https://x.org/a, retrieved 2 January 2021.", "2021-01-02"),
        ("《报告》，新华网，2020年5月1日。", None),
    ],
)
def test_access_date_styles(note: str, iso: str | None) -> None:
    found = find_access_date(note)
    assert (found["iso"] if found else None) == iso


def test_urls_with_and_without_brackets() -> None:
    """Angle brackets are recorded; trailing punctuation is not part of the URL."""
    urls = find_urls("见 <https://a.org/x>，及 http://b.cn/y.htm。另见 www.c.com/z.")
    assert [u["url"] for u in urls] == ["https://a.org/x", "http://b.cn/y.htm", "www.c.com/z"]
    assert [u["angle_brackets"] for u in urls] == [True, False, False]
    text = "见 <https://a.org/x>，"
    (first,) = find_urls(text)
    assert text[first["start"] : first["end"]] == "https://a.org/x"


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        ("太平洋联盟(Alianza del Pacifico),又名拉美太平洋联盟,是一个新兴经济组织。", "explanatory"),
        ("该组织成立于1985年,成员国包括八国,曾签署《某条约》。", "explanatory"),
        ("参见张三：《多边合作研究》，《国际论坛》，2005年第1期。", "citation"),
        ("《某某宣言》，外交部，2004年4月20日。", "citation"),
        ("John Doe, “A Title,” *A Journal*, 1990.", "citation"),
    ],
)
def test_classify_note(note: str, kind: str) -> None:
    assert classify_note(note) == kind


def test_see_prefix_is_not_an_author() -> None:
    citation = parse_citation("参见张三：《多边合作研究》，《国际论坛》，2005年第1期。")
    assert citation["authors"] == ["张三"]
    assert citation["title"] == "多边合作研究"


def test_traditional_notes_parse_like_their_simplified_twins() -> None:
    """第53頁, 參見, 與, 主編, 登錄: matched as Simplified, reported as written."""
    from .conftest import to_traditional

    article = to_traditional(
        "参见张三与李四主编：《多边合作的“新”逻辑》，《国际论坛》，2005年第1期，第53—60页。"
    )
    assert "頁" in article and "參見" in article and "主編" in article
    citation = parse_citation(article)
    assert citation["authors"] == ["張三", "李四"]
    assert citation["title"] == "多邊合作的“新”邏輯"
    assert (citation["year"], citation["issue"], citation["pages"]) == (2005, "1", "53-60")
    web = to_traditional("《某某宣言》，外交部，https://www.example.gov.cn/t1.shtml，2020年10月19日登录。")
    assert parse_citation(web)["accessed"] == "2020-10-19"
    assert classify_note(to_traditional("王五：《制度与秩序》，《世界政治》第45卷第4期。")) == "citation"
