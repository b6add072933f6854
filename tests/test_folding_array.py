"""The lookup-array fold gives exactly ``str.translate``'s string, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from multilat_nlp.text.folding import _matching_table, fold_for_matching, translate_one_for_one

_SAMPLE = "關鍵詞：（一）內容提要ꎬ２０１７年 GDP\u3000增長 𠀀😀 \ud800 fin"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=1200))
def test_array_fold_equals_translate(text: str) -> None:
    long_text = text + _SAMPLE * 20  # past the length where the array is used
    table = _matching_table()
    assert translate_one_for_one(long_text, table) == long_text.translate(table)
    assert fold_for_matching(text) == text.translate(table)


def test_a_table_with_a_longer_value_falls_back_to_translate() -> None:
    table = {ord("a"): "bb", ord("c"): "d"}
    text = "abc" * 200
    assert translate_one_for_one(text, table) == text.translate(table)
