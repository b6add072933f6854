"""The text layer: numerals, markers and labels, each in one place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multilat_nlp.text import (
    ABSTRACT_LABEL,
    KEYWORDS_LABEL,
    METADATA_LABELS,
    fold_for_matching,
    fold_width,
    format_chinese_numeral,
    heading_marker,
    parse_chinese_numeral,
    starts_with_heading_marker,
)
from multilat_nlp.text.numerals import chinese_number


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_numerals_round_trip(number: int) -> None:
    assert parse_chinese_numeral(format_chinese_numeral(number)) == number


def test_numeral_values() -> None:
    assert parse_chinese_numeral("（十二）") == 12
    assert parse_chinese_numeral("两") == 2
    assert parse_chinese_numeral("九") < parse_chinese_numeral("十")


@given(st.integers(min_value=0, max_value=9999))
def test_a_whole_chinese_number_has_its_value(number: int) -> None:
    assert chinese_number(format_chinese_numeral(number)) == number


def test_chinese_number_is_strict_and_reads_digit_runs() -> None:
    assert chinese_number("二千零十六") == 2016  # 零 before 十: one ten, not none
    assert chinese_number("二〇二〇") == 2020
    assert chinese_number("十五万") is None
    assert chinese_number("") is None


@pytest.mark.parametrize(
    ("line", "style"),
    [("一、总体要求", "cn_dun"), ("（一）坚持", "cn_paren"), ("(二) 推进", "cn_paren"),
     ("１．引言", "arabic"), ("第一章 导论", "chapter"), ("第三节 方法", "section"),
     ("①数据", "circled"), ("第二，", "ordinal"), ("第一部分 背景", "part")],
)
def test_heading_markers_in_either_width(line: str, style: str) -> None:
    found = heading_marker(fold_for_matching(line))
    assert found is not None and found[0] == style


def test_bare_numeral_only_when_asked() -> None:
    assert heading_marker("一") is not None
    assert heading_marker("一", bare=False) is None
    assert not starts_with_heading_marker("一")
    assert not starts_with_heading_marker("2020年经济增长")


@pytest.mark.parametrize(
    "line",
    ["摘要：本文", "【内容提要】本文", "［提 要］本文", "摘　要：本文", "〔摘要〕本文",
     "內容提要：本文", "Abstract: This", "内容摘要 本文"],
)
def test_abstract_label_variants(line: str) -> None:
    match = ABSTRACT_LABEL.match(fold_for_matching(line))
    assert match is not None and fold_for_matching(line)[match.end() :].startswith(("本", "T"))


@pytest.mark.parametrize(
    "line", ["关键词：治理", "【关键词】治理", "主题词：治理", "关鍵詞：治理", "关 键 词：治理",
             "Key words: governance", "关键字 治理"],
)
def test_keyword_label_variants(line: str) -> None:
    assert KEYWORDS_LABEL.match(fold_for_matching(line)) is not None


@pytest.mark.parametrize(
    ("line", "kind"),
    [("【作者简介】张三", "author_intro"), ("基金项目：国家社会科学基金", "fund"),
     ("中图分类号：D60", "clc"), ("文献标识码：A", "document_code"), ("参考文献", "references"),
     ("作者簡介：张三", "author_intro")],
)
def test_metadata_labels(line: str, kind: str) -> None:
    assert METADATA_LABELS[kind].match(fold_for_matching(line)) is not None


def test_not_a_label() -> None:
    assert KEYWORDS_LABEL.match(fold_for_matching("关于数字经济的研究")) is None
    assert ABSTRACT_LABEL.match(fold_for_matching("我们要坚持")) is None


@given(st.text())
def test_folds_keep_length(text: str) -> None:
    assert len(fold_width(text)) == len(text) == len(fold_for_matching(text))
