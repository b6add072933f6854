"""``CharTable.isdisjoint`` answers as ``frozenset.isdisjoint`` does."""

from __future__ import annotations

import pytest

from multilat_nlp.text.charset import CharTable, char_table

CHARS = frozenset({"國", "際", "𠀀", "a"})


@pytest.mark.parametrize(
    "text", ["", "国际", "國际", "b𠀀", "\ud800lone surrogate", "xyz", "A", "a", chr(0x10FFFF)]
)
def test_same_answer_as_frozenset(text: str) -> None:
    assert CharTable(CHARS).isdisjoint(text) == CHARS.isdisjoint(text)
    assert char_table(CHARS).isdisjoint(text) == CHARS.isdisjoint(text)


def test_empty_set_and_longer_strings() -> None:
    assert CharTable([]).isdisjoint("任何文本")
    assert CharTable(["國際"]).isdisjoint("國際")  # isdisjoint(text) compares characters
