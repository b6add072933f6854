from __future__ import annotations

import itertools
import pickle

import jieba
import pytest

import multilat_nlp
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
DICT_ENGINES = [Engine.JIEBA, Engine.RJIEBA]

# General text where jieba's HMM has work to do (names, new words); no protected spans.
GENERAL = [
    "李克强总理在十三届全国人大四次会议上作政府工作报告。",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造。",
    "他来到了网易杭研大厦，看见了一只蓝色的大鲸鱼。",
    "工信处女干事每月经过下属科室都要亲口交代二十四口交换机等技术性器件的安装工作。",
]


def _tiles(spans: list[tuple[int, int]], text: str) -> bool:
    return (
        spans[0][0] == 0
        and spans[-1][1] == len(text)
        and all(a[1] == b[0] and a[0] < a[1] for a, b in itertools.pairwise(spans))
    )


@pytest.mark.parametrize("engine", DICT_ENGINES)
def test_spans_tile_the_text(engine: Engine) -> None:
    segmenter = Segmenter(SegmenterSettings(engine=engine))
    spans = segmenter.spans(TEXT)
    assert _tiles(spans, TEXT)
    assert "人类命运共同体" in segmenter.words(TEXT)


@pytest.mark.parametrize("hmm", [False, True])
def test_rjieba_engine_equals_jieba_for_same_dictionary(hmm: bool) -> None:
    bare = {"lexicons": (), "protect": (), "convert_traditional": False, "hmm": hmm}
    ours = Segmenter(SegmenterSettings(engine=Engine.RJIEBA, **bare))
    reference = Segmenter(SegmenterSettings(engine=Engine.JIEBA, **bare))
    for line in [*GENERAL, TEXT]:
        assert ours.words(line) == reference.words(line) == jieba.lcut(line, HMM=hmm)


def test_engines_agree_with_lexicon_and_protection() -> None:
    jieba_words = Segmenter(SegmenterSettings(engine=Engine.JIEBA, hmm=False)).words(TEXT)
    rjieba_words = Segmenter(SegmenterSettings(engine=Engine.RJIEBA, hmm=False)).words(TEXT)
    assert jieba_words == rjieba_words


def test_global_jieba_dictionary_is_untouched() -> None:
    before = jieba.lcut("人类命运共同体")
    freq_before = dict(jieba.dt.FREQ) if jieba.dt.initialized else None
    for engine in DICT_ENGINES:
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


def test_two_pipelines_with_different_user_dictionaries_do_not_interact(tmp_path) -> None:
    text = "各方要落实新质生产力和数字丝路建设，坚持多边主义。"
    path = tmp_path / "mine.txt"
    path.write_text("数字丝路 nz\n", encoding="utf-8")
    fresh_a = [t.text for t in multilat_nlp.load(segment={"user_words": ["新质生产力"]})(text)]
    fresh_b = [t.text for t in multilat_nlp.load(segment={"user_dicts": [str(path)]})(text)]
    nlp_a = multilat_nlp.load(segment={"user_words": ["新质生产力"]})
    nlp_b = multilat_nlp.load(segment={"user_dicts": [str(path)]})
    for _ in range(2):  # interleaved: neither sees the other's words
        words_a = [t.text for t in nlp_a(text)]
        words_b = [t.text for t in nlp_b(text)]
        assert words_a == fresh_a and words_b == fresh_b
    assert "新质生产力" in words_a and "新质生产力" not in words_b
    assert "数字丝路" in words_b and "数字丝路" not in words_a
    tags_b = {t.text: t.tag_ for t in nlp_b(text)}
    assert tags_b["数字丝路"] == "nz"


def test_force_mode_always_cuts_user_words() -> None:
    segmenter = Segmenter(
        SegmenterSettings(user_words=("持多",), user_dict_mode=UserDictMode.FORCE)
    )
    words = segmenter.words("坚持多边主义，持多少")
    assert words[:2] == ["坚", "持多"]
    assert words.count("持多") == 2
    assert "".join(words) == "坚持多边主义，持多少"


def test_force_mode_wins_over_protected_spans() -> None:
    segmenter = Segmenter(
        SegmenterSettings(user_words=("-26.95%跌幅",), user_dict_mode=UserDictMode.FORCE)
    )
    assert "-26.95%跌幅" in segmenter.words("指数出现-26.95%跌幅。")


def test_combine_mode_merges_adjacent_tokens() -> None:
    segmenter = Segmenter(SegmenterSettings(user_words=("全球治理改革",)))
    assert "全球治理改革" in segmenter.words("推动全球治理改革。")


def test_combine_mode_merges_across_protected_spans() -> None:
    segmenter = Segmenter(SegmenterSettings(user_words=("A股", "5G网络")))
    words = segmenter.words("A股市场和5G网络")
    assert "A股" in words and "5G网络" in words
    # Not when the word's edges fall inside other tokens.
    assert "A股" not in segmenter.words("BA股")


def test_lexicon_word_with_digits_survives_protection() -> None:
    words = Segmenter().words("落实联合国2030年可持续发展议程和中国制造2025。")
    assert "联合国2030年可持续发展议程" in words
    assert "中国制造2025" in words


def test_lexicon_parsing() -> None:
    entries = parse_lexicon(
        ["# comment", "多边主义 nz", "一带一路 100 nz", "", "双循环 5"], source="t"
    )
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
    segmenter = Segmenter(SegmenterSettings(user_words=("全球治理改革",))).initialize()
    clone = pickle.loads(pickle.dumps(segmenter))
    assert clone.words(TEXT) == segmenter.words(TEXT)


def test_settings_from_config_validate() -> None:
    settings = SegmenterSettings.from_config(
        {"protect": ["number", "url"], "convert_traditional": False}
    )
    assert [k.value for k in settings.protect] == ["number", "url"]
    with pytest.raises(ConfigError, match=r"segment\.protect"):
        SegmenterSettings.from_config({"protect": ["dates"]})
    with pytest.raises(ConfigError, match="convert_traditional"):
        SegmenterSettings.from_config({"convert_traditional": "yes"})
    assert SegmenterSettings(engine="jieba").engine is Engine.JIEBA  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"segment\.engine"):
        SegmenterSettings(engine="nope")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="unknown segment settings"):
        SegmenterSettings.from_config({"pkuseg": "x"})


def test_protection_can_be_switched_off() -> None:
    text = "增长１７％"
    assert "１７％" in Segmenter().words(text)
    assert "１７％" not in Segmenter(SegmenterSettings(protect=())).words(text)


# --- Traditional Chinese -------------------------------------------------------------------------

TRADITIONAL = "中國堅持多邊主義，推動構建人類命運共同體，參與全球治理體系改革。"


def test_traditional_text_is_segmented_after_conversion() -> None:
    segmenter = Segmenter()
    spans = segmenter.spans(TRADITIONAL)
    assert _tiles(spans, TRADITIONAL)
    words = [TRADITIONAL[s:e] for s, e in spans]
    assert "多邊主義" in words and "人類命運共同體" in words and "全球治理體系" in words
    unconverted = Segmenter(SegmenterSettings(convert_traditional=False)).words(TRADITIONAL)
    assert "人類命運共同體" not in unconverted


def test_traditional_offsets_map_back_when_conversion_changes_length(monkeypatch) -> None:
    """A conversion that shortens the text (4 → 3 characters) still gives original spans."""
    from multilat_nlp.text import script

    def fake_to_simplified(text: str, *, tables: object = None) -> tuple[str, object]:
        i = text.index("聯合國家")
        converted = text[:i] + "联合国" + text[i + 4 :]
        segments = ((0, 0, i), (i, i, 3), (i + 3, i + 4, len(text) - i - 4))
        return converted, script.OffsetMapping(segments)

    monkeypatch.setattr(script, "to_simplified", fake_to_simplified)
    text = "我们支持聯合國家和多边主义"
    spans = Segmenter(SegmenterSettings(convert_traditional=True)).spans(text)
    assert _tiles(spans, text)
    words = [text[s:e] for s, e in spans]
    assert "聯合國家" in words and "多边主义" in words


def test_pipeline_doc_keeps_original_characters() -> None:
    doc = multilat_nlp.load()(TRADITIONAL)
    assert doc.text == TRADITIONAL
    assert "人類命運共同體" in [t.text for t in doc]


def test_tokenizer_folds_single_spaces_and_keeps_the_text(nlp) -> None:
    import random

    rng = random.Random(7)
    alphabet = list("我们 坚持多边主义  ，\n\t CPTPP 74.78% a b")
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        doc = nlp.tokenizer(text)
        assert doc.text == text
        # a lone space after a word is that word's trailing space, never a token
        for token in doc:
            if token.text == " " and token.i > 0:
                before = doc[token.i - 1]
                assert before.text.isspace() or before.whitespace_
    doc = nlp.tokenizer("CPTPP 和 WTO")
    assert [t.text for t in doc] == ["CPTPP", "和", "WTO"]
    assert [t.whitespace_ for t in doc] == [" ", " ", ""]
