"""The Doc's column record gives what ``Doc.to_array`` gives, and never a stale answer."""

from __future__ import annotations

import numpy
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp import doc_columns

TEXT = "中美关系很好。 我们 在  北京\n开会。GDP 增长5.5%左右。"
NAMES = ["ORTH", "TAG", "IDX", "IS_SPACE", "SENT_START", "LENGTH", "SPACY", "POS"]


def _same(doc: Doc, names: list[str]) -> None:
    expected = doc.to_array(names).reshape(len(doc), len(names))
    assert numpy.array_equal(doc_columns.to_array(doc, names), expected)
    _, (orths, first, inverse) = doc_columns.with_kinds(doc, names)
    want = numpy.unique(doc.to_array("ORTH"), return_index=True, return_inverse=True)
    assert numpy.array_equal(orths, want[0])
    assert numpy.array_equal(first, want[1])
    assert numpy.array_equal(inverse, want[2].reshape(-1))


def test_columns_equal_to_array(nlp: Language) -> None:
    doc = nlp(TEXT)
    for names in (["IDX"], ["POS"], NAMES):
        _same(doc, names)
    assert doc_columns.column(doc, "LENGTH").tolist() == [len(t) for t in doc]


def test_a_split_doc_gets_a_new_record(nlp: Language) -> None:
    doc = Doc(nlp.vocab, words=["中美", "关系", " ", "好"], spaces=[False, False, False, False])
    _same(doc, NAMES)
    first = doc[0]
    with doc.retokenize() as retokenizer:
        retokenizer.split(first, ["中", "美"], [(first, 0), (first, 1)])
    _same(doc, NAMES)


def test_a_merge_and_split_of_the_same_length_is_seen(nlp: Language) -> None:
    """ "a"+space, "b" → "a ", "b": the same number of tokens and the same offsets."""
    doc = Doc(nlp.vocab, words=["a", "b", "c"], spaces=[True, True, False])
    _same(doc, NAMES)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    with doc.retokenize() as retokenizer:
        retokenizer.split(doc[0], ["a ", "b"], [(doc[0], 0), (doc[0], 1)])
    assert [t.text for t in doc] == ["a ", "b", "c"]
    _same(doc, NAMES)


def test_record_survives_to_bytes(nlp: Language) -> None:
    doc = nlp(TEXT)
    _same(doc, NAMES)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    _same(again, NAMES)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_and_blank_docs(nlp: Language, text: str) -> None:
    doc = nlp.make_doc(text)
    assert doc_columns.to_array(doc, ["IDX", "TAG"]).shape == (len(doc), 2)
    _, (orths, _, inverse) = doc_columns.with_kinds(doc, ["TAG"])
    assert len(inverse) == len(doc) and len(orths) == len(set(t.orth for t in doc))


def test_a_long_doc_keeps_no_record(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_columns, "RECORD_LIMIT", 3)
    doc = nlp(TEXT)
    _same(doc, NAMES)
    assert doc not in doc_columns._RECORDS


def test_the_record_stays_out_of_the_doc_and_goes_with_it(nlp: Language) -> None:
    import gc

    doc = nlp(TEXT)
    doc_columns.to_array(doc, ["IDX"])
    assert doc in doc_columns._RECORDS and not any("columns" in str(k) for k in doc.user_data)
    before = len(doc_columns._RECORDS)
    del doc
    gc.collect()
    assert len(doc_columns._RECORDS) == before - 1
