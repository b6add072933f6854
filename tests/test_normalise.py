"""Normalisation for analysis: letter-spacing deleted with exact offsets, codepoints folded."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from multilat_nlp.reading.clean import clean
from multilat_nlp.reading.letter_spacing import remove_letter_spacing
from multilat_nlp.text.normalise import (
    FOUNDER_LATIN,
    fold_for_analysis,
    letter_spacing_gaps,
    repair_glyphs,
)
from multilat_nlp.text.normalise import remove_letter_spacing as despace_text


def test_letter_spaced_runs_are_joined() -> None:
    assert despace_text("研究不 同 阶 层的收入")[0] == "研究不同阶层的收入"
    assert despace_text("本文为国家社 会 科 学 基 金项目")[0] == "本文为国家社会科学基金项目"


def test_ordinary_text_with_spaces_is_left_alone() -> None:
    for text in ("中国 经济 发展 研究", "The rule of law and a b c", "苗 绿", "2017 年 3 月"):
        assert letter_spacing_gaps(text) == []


def test_fold_for_analysis() -> None:
    assert fold_for_analysis("２０１７年Ｒobert") == "2017年Robert"
    assert fold_for_analysis("\uf9d3") == "陸"
    founder = "".join({v: chr(k) for k, v in FOUNDER_LATIN.items()}[c] for c in "Abstract")
    assert fold_for_analysis(founder) == "Abstract"
    assert fold_for_analysis("一\ua3ac二") == "一，二"
    assert fold_for_analysis("：（）") == "：（）"  # Chinese punctuation is not folded


def test_founder_table_is_systematic() -> None:
    assert len(FOUNDER_LATIN) >= 52
    for code, ascii_char in FOUNDER_LATIN.items():
        assert chr(code).encode("gbk") == bytes([0xA0, ord(ascii_char) + 0x80])


_HAN = st.sampled_from("不同阶层国家社会科学基金的研究")
_PIECE = st.one_of(
    _HAN,
    st.lists(_HAN, min_size=3, max_size=6).map(" ".join),
    st.sampled_from([" ", "\n", "，", "。", "ab c", "\f", "1 9 9 8"]),
)


@given(st.lists(_PIECE, max_size=30).map("".join))
def test_offsets_lead_back_to_the_input(raw: str) -> None:
    cleaned = remove_letter_spacing(clean(raw, mode="pdf"))
    cleaned.verify(raw)  # every clean char copies a raw one; map + dropped tile the raw text
    for c in range(len(cleaned.text)):
        r = cleaned.offset_map.to_raw_char(c)
        assert r is None or raw[r] == cleaned.text[c]
    assert letter_spacing_gaps(cleaned.text) == []


@given(st.lists(_PIECE, max_size=30).map("".join))
def test_fold_keeps_length(text: str) -> None:
    assert len(fold_for_analysis(text)) == len(text)


def test_segmentation_sees_the_fold_and_tokens_keep_the_text() -> None:
    from multilat_nlp import load

    nlp = load(disable=["sentences", "pos", "keywords", "arguments"])
    founder = "".join({v: chr(k) for k, v in FOUNDER_LATIN.items()}[c] for c in "CGSS")
    text = f"本文使用{founder}的数据，时间是２０１７年。"
    doc = nlp(text)
    assert doc.text == text
    assert founder in [t.text for t in doc]
    assert "CGSS" in [t.norm_ for t in doc]
    assert "2017" in [t.norm_ for t in doc]


_MIXED = st.one_of(
    _PIECE,
    st.sampled_from(["２０１７", "Ｒobert", "\uf9d3", "\ua3ac", "１．", "\f", "犃犫狊狋"]),
)


@settings(deadline=None, max_examples=60)
@given(st.lists(_MIXED, max_size=25).map("".join))
def test_pipeline_offsets_and_norms_lead_back_to_the_input(raw: str) -> None:
    from multilat_nlp.reading.offsets import OffsetMap

    doc = _NLP()(raw)
    offsets = OffsetMap.from_list(doc._.offset_map)
    for token in doc:
        for k, char in enumerate(token.text):
            r = offsets.to_raw_char(token.idx + k)
            # the input character itself, or its repaired glyph (Founder Latin, ideographs)
            assert r is None or raw[r] == char or char in repair_glyphs(raw[max(r - 1, 0) : r + 2])
        folded = fold_for_analysis(token.text)
        if folded != token.text:
            assert token.norm_ == folded


_CACHE: dict[str, Any] = {}


def _NLP() -> Any:
    if "nlp" not in _CACHE:
        from multilat_nlp import load

        _CACHE["nlp"] = load(disable=["sentences", "pos", "keywords", "structure", "arguments"])
    return _CACHE["nlp"]
