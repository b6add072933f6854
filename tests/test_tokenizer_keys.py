"""The tokenizer hands spaCy hashes instead of words: the Doc must be the one words give."""

from __future__ import annotations

import itertools
import pickle

import pytest
from spacy.language import Language
from spacy.tokens import Doc

TEXT = "我们坚持多边主义，推动构建人类命运共同体。 GDP 增长5.5%左右。\n\n二、新词汇测试"


def _same_tokens(doc: Doc, other: Doc) -> None:
    assert [(t.text, t.whitespace_, t.idx, t.norm_, t.is_space) for t in doc] == [
        (t.text, t.whitespace_, t.idx, t.norm_, t.is_space) for t in other
    ]


def test_doc_from_hashes_equals_doc_from_words(nlp: Language) -> None:
    doc = nlp.make_doc(TEXT)
    words = [t.text for t in doc]
    _same_tokens(doc, Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc]))
    _same_tokens(nlp.make_doc(TEXT), doc)  # the second time every hash comes from the cache


def test_memory_zone_words_do_not_poison_the_cache(nlp: Language) -> None:
    fresh = "一个只在内存区里出现的词语组合甲乙丙丁戊"
    with nlp.memory_zone():
        inside = [t.text for t in nlp.make_doc(fresh)]
    after = nlp.make_doc(fresh)  # the zone's strings are gone: no stale hash may be used
    assert [t.text for t in after] == inside
    assert after.text == fresh


def test_a_pickled_pipeline_builds_the_same_docs(nlp: Language) -> None:
    nlp.make_doc(TEXT)
    tokenizer = pickle.loads(pickle.dumps(nlp.tokenizer))
    _same_tokens(tokenizer(TEXT), nlp.make_doc(TEXT))


def test_spans_and_words_are_the_spans_and_their_text(nlp: Language) -> None:
    segmenter = nlp.tokenizer.inner.segmenter  # type: ignore[attr-defined]
    for text in (TEXT, "", "   ", "國際貨幣基金組織和世界銀行", "２０２２年ＧＤＰ增长"):
        spans, words = segmenter.spans_and_words(text)
        assert spans == segmenter.spans(text)
        assert words == [text[s:e] for s, e in spans]


def test_folded_text_keeps_its_own_characters(nlp: Language) -> None:
    """The segmenter cuts the analysis fold; the tokens are the text's own characters."""
    from multilat_nlp.text.normalise import fold_for_analysis

    text = "２０２２年ＧＤＰ增长５．５％左右，Ａ股 市场。\n第二段１２３。"
    assert fold_for_analysis(text) != text
    doc = nlp.make_doc(text)
    assert doc.text == text  # a word taken from the fold would change it (same lengths)
    assert "".join(t.text_with_ws for t in doc) == text
    assert any(t.norm_ != t.text for t in doc)  # the fold is kept as the norm


def test_bounds_and_words_tile_the_text(nlp: Language) -> None:
    """The flat boundaries the tokenizer reads are the spans; a merged combine word is the text."""
    segmenter = nlp.tokenizer.inner.segmenter  # type: ignore[attr-defined]
    texts = (TEXT, "", " ", "落实联合国2030年可持续发展议程。", "國際貨幣基金組織和世界銀行")
    for text in texts:
        bounds, words = segmenter.bounds_and_words(text)
        assert bounds[0] == 0 and bounds[-1] == len(text)
        assert list(itertools.pairwise(bounds)) == segmenter.spans(text)
        assert words == [text[a:b] for a, b in itertools.pairwise(bounds)]


def test_long_texts_are_cut_in_chunks_with_the_same_spaces(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks join without losing a trailing space or a token start (the entity cuts read them)."""
    from multilat_nlp.stages import tokenizer as module

    text = "中国 经济  发展。 GDP 增长5.5%左右。\n 联合国 世界银行 \n\n二、 新词 "
    original = module.chunk_bounds
    for size in (3, 7, 12):
        monkeypatch.setattr(module, "chunk_bounds", lambda t, size=size: original(t, size))
        doc = nlp.make_doc(text)
        assert doc.text == text
        assert "".join(t.text_with_ws for t in doc) == text
        # A lone space after a word is that word's trailing space, at a chunk start too.
        assert not any(
            t.text == " " and t.i and not t.nbor(-1).whitespace_ and not t.nbor(-1).is_space
            for t in doc
        )
