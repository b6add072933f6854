from __future__ import annotations

import itertools

import jieba
import pytest

from multilat_nlp.errors import ConfigError
from multilat_nlp.stages.segment import (
    Engine,
    Segmenter,
    SegmenterSettings,
    UserDictMode,
    load_lexicon,
    parse_lexicon,
)

TEXT = "中国推动构建人类命运共同体，坚持多边主义。\n\n国发〔2020〕5号 CPTPP  74.78%"


@pytest.mark.parametrize("engine", list(Engine))
def test_spans_tile_the_text(engine: Engine) -> None:
    segmenter = Segmenter(SegmenterSettings(engine=engine))
    spans = segmenter.spans(TEXT)
    assert spans[0][0] == 0 and spans[-1][1] == len(TEXT)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert "人类命运共同体" in segmenter.words(TEXT)


def test_engines_agree_without_hmm() -> None:
    jieba_words = Segmenter(SegmenterSettings(engine=Engine.JIEBA, hmm=False)).words(TEXT)
    rjieba_words = Segmenter(SegmenterSettings(engine=Engine.RJIEBA, hmm=False)).words(TEXT)
    assert jieba_words == rjieba_words


def test_global_jieba_dictionary_is_untouched() -> None:
    before = jieba.lcut("人类命运共同体")
    freq_before = dict(jieba.dt.FREQ) if jieba.dt.initialized else None
    for engine in Engine:
        Segmenter(SegmenterSettings(engine=engine, user_words=("命运共同",))).words(TEXT)
    assert jieba.lcut("人类命运共同体") == before
    if freq_before is not None:
        assert freq_before == jieba.dt.FREQ
    assert "多边主义" not in jieba.dt.FREQ


def test_two_segmenters_with_different_dictionaries_coexist() -> None:
    plain = Segmenter(SegmenterSettings(lexicons=()))
    policy = Segmenter(SegmenterSettings(lexicons=("policy",)))
    text = "坚持多边主义和一带一路"
    first = plain.words(text)
    assert "多边主义" in policy.words(text) and "一带一路" in policy.words(text)
    assert "一带一路" not in first
    assert plain.words(text) == first


def test_force_mode_always_cuts_user_words() -> None:
    segmenter = Segmenter(
        SegmenterSettings(user_words=("持多",), user_dict_mode=UserDictMode.FORCE)
    )
    words = segmenter.words("坚持多边主义，持多少")
    assert words[:2] == ["坚", "持多"]
    assert words.count("持多") == 2
    assert "".join(words) == "坚持多边主义，持多少"


def test_combine_mode_merges_adjacent_tokens() -> None:
    segmenter = Segmenter(SegmenterSettings(user_words=("全球治理改革",)))
    assert "全球治理改革" in segmenter.words("推动全球治理改革。")


def test_lexicon_parsing() -> None:
    entries = parse_lexicon(["# comment", "多边主义 nz", "一带一路 100 nz", "", "双循环 5"], source="t")
    assert [(e.word, e.freq, e.tag) for e in entries] == [
        ("多边主义", None, "nz"),
        ("一带一路", 100, "nz"),
        ("双循环", 5, None),
    ]
    with pytest.raises(ConfigError, match="t:1"):
        parse_lexicon(["a b c d"], source="t")


def test_shipped_lexicon_and_user_file(tmp_path) -> None:
    assert any(e.word == "多边主义" for e in load_lexicon("policy"))
    path = tmp_path / "mine.txt"
    path.write_text("新质生产力 nz\n", encoding="utf-8")
    assert load_lexicon(str(path))[0].word == "新质生产力"
    with pytest.raises(ConfigError, match="unknown lexicon"):
        load_lexicon("nope")


def test_segmenter_pickles_by_settings() -> None:
    import pickle

    segmenter = Segmenter(SegmenterSettings(user_words=("全球治理改革",))).initialize()
    clone = pickle.loads(pickle.dumps(segmenter))
    assert clone.words(TEXT) == segmenter.words(TEXT)
