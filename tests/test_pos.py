"""The POS stage: dictionary tags first, HMM only for unknown words, and a UD mapping."""

from __future__ import annotations

import pickle

import jieba
import pytest
from spacy.language import Language

import multilat_nlp
from multilat_nlp.dictionary_tags import tag_fixes
from multilat_nlp.document import to_json
from multilat_nlp.registry import register_builtin_stages
from multilat_nlp.stages.pos import UD_POS, PosTagger, hmm_tag, jieba_dict_tags, ud_pos

SENTENCE = "我们坚持多边主义，推动构建人类命运共同体，支持东盟发挥作用。"


@pytest.fixture(scope="module")
def private_posseg() -> object:
    """jieba.posseg on a private jieba Tokenizer, never the global one."""
    import jieba.posseg

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return jieba.posseg.POSTokenizer(tokenizer)


def test_tags_and_ud_on_policy_sentence(nlp: Language) -> None:
    doc = nlp(SENTENCE)
    tags = {t.text: (t.tag_, t.pos_) for t in doc}
    assert tags["多边主义"] == ("nz", "PROPN")  # from the policy lexicon
    assert tags["人类命运共同体"] == ("nz", "PROPN")
    assert tags["东盟"] == ("nt", "PROPN")
    assert tags["我们"] == ("r", "PRON")  # from jieba's dictionary
    assert tags["坚持"] == ("v", "VERB")
    assert tags["，"] == ("x", "PUNCT")
    assert nlp.get_pipe_meta("pos").assigns == ["token.tag", "token.pos"]


def test_dictionary_words_get_jieba_posseg_tags(private_posseg: object) -> None:
    """Where both cut the same in-vocabulary token, the tags are identical, except for the
    words whose tag we correct (推进改革 l → v)."""
    text = "他说，政府工作报告提出要稳定经济增长，扩大国内需求，推进改革开放，保护生态环境。"
    nlp = multilat_nlp.load(segment={"lexicons": []})
    ours = {(t.idx, t.text): t.tag_ for t in nlp(text)}
    theirs = {}
    position = 0
    for pair in private_posseg.cut(text):  # type: ignore[attr-defined]
        theirs[(position, pair.word)] = pair.flag
        position += len(pair.word)
    fixed = [key for key in ours if key in theirs and key[1] in tag_fixes()]
    assert [(key[1], ours[key], theirs[key]) for key in fixed] == [("推进改革", "v", "l")]
    shared = [key for key in ours if key in theirs and key[1] in jieba_dict_tags()
              and key[1] not in tag_fixes()]
    assert len(shared) >= 15
    assert all(ours[key] == theirs[key] for key in shared), [
        (key, ours[key], theirs[key]) for key in shared if ours[key] != theirs[key]
    ]


def test_hmm_tag_equals_posseg_when_posseg_keeps_the_word(private_posseg: object) -> None:
    checked = 0
    for text in [
        "王小川和李彦宏在杭研大厦见面。",
        "习近平会见蒲亚楠和卡梅伦。",
        "来到了网易杭研大厦",
    ]:
        for pair in private_posseg.cut(text):  # type: ignore[attr-defined]
            word = pair.word
            if len(word) > 1 and word not in jieba_dict_tags() and "\u4e00" <= word[0] <= "\u9fff":
                assert hmm_tag(word) == pair.flag, word
                checked += 1
    assert checked >= 2


def test_unknown_words_use_hmm_only_when_asked() -> None:
    assert PosTagger(hmm=True).tag("王小川") in UD_POS
    assert PosTagger(hmm=True).tag("王小川") != "x"
    assert PosTagger(hmm=False).tag("王小川") == "x"
    assert PosTagger().tag("龘") == "x"  # a single unknown character, as in jieba.posseg


@pytest.mark.parametrize(
    ("text", "token", "tag", "pos"),
    [
        ("增长74.78%。", "74.78%", "m", "NUM"),
        ("增长１７％。", "１７％", "m", "NUM"),
        ("加入CPTPP。", "CPTPP", "eng", "PROPN"),
        ("the policy", "policy", "eng", "X"),
        ("见https://www.un.org/zh。", "https://www.un.org/zh", "x", "X"),
        ("见国发〔2020〕5号文件", "国发〔2020〕5号", "nz", "PROPN"),
        ("《关于推进新型城镇化的实施意见》", "关于推进新型城镇化的实施意见", "nz", "PROPN"),
        ("2020年", "2020", "m", "NUM"),
        ("一九九八年", "一九九八", "m", "NUM"),
        ("面积5×3米", "×", "x", "SYM"),
        ("甲\n乙", "\n", "x", "SPACE"),
    ],
)
def test_protected_and_symbol_tags(
    nlp: Language, text: str, token: str, tag: str, pos: str
) -> None:
    found = {t.text: (t.tag_, t.pos_) for t in nlp(text)}
    assert found[token] == (tag, pos)


def test_user_words_carry_their_tags(tmp_path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("数字丝路 ns\n", encoding="utf-8")
    nlp = multilat_nlp.load(segment={"user_words": ["新质生产力"], "user_dicts": [str(path)]})
    tags = {t.text: t.tag_ for t in nlp("发展新质生产力，建设数字丝路。")}
    assert tags["新质生产力"] == "nz"  # no tag given: nz
    assert tags["数字丝路"] == "ns"


def test_traditional_tokens_are_tagged_through_simplified(nlp: Language) -> None:
    tags = {t.text: t.tag_ for t in nlp("中國堅持多邊主義。")}
    assert tags["多邊主義"] == "nz"
    # 於 is a Simplified character too, and still 基於 is 基于 (a preposition), not a name
    shared = {t.text: t.tag_ for t in nlp("基於多邊主義的國際秩序。")}
    assert shared["基於"] == dict((t.text, t.tag_) for t in nlp("基于多边主义的国际秩序。"))["基于"]


def test_every_jieba_dictionary_tag_has_a_ud_mapping() -> None:
    assert set(jieba_dict_tags().values()) <= set(UD_POS)
    assert ud_pos("发展", "vn") == "NOUN"
    assert ud_pos("了", "ul") == "AUX"
    assert ud_pos("WTO", "eng") == "PROPN"
    assert ud_pos("？", "x") == "PUNCT"
    assert ud_pos("xyz", "no-such-tag") == "X"


def test_json_carries_tag_and_pos(nlp: Language) -> None:
    tokens = to_json(nlp(SENTENCE))["tokens"]
    assert all(t["tag"] and t["pos"] for t in tokens)


def test_stage_works_in_a_plain_spacy_pipeline() -> None:
    """A spaCy user can add the stage to their own pipeline (char tokenizer here)."""
    from spacy.lang.zh import Chinese

    register_builtin_stages()
    nlp = Chinese()
    nlp.add_pipe("policy_pos")
    doc = nlp("我们")
    assert all(t.tag_ for t in doc)


def test_tagger_pickles(nlp: Language) -> None:
    tagger = nlp.get_pipe("pos")
    clone = pickle.loads(pickle.dumps(tagger))
    assert clone.tag("多边主义") == "nz" and clone.hmm == tagger.hmm


def test_fast_pipeline_tags_without_hmm() -> None:
    nlp = multilat_nlp.load("fast")
    assert "pos" in nlp.pipe_names
    assert all(t.tag_ for t in nlp(SENTENCE))


def test_global_jieba_posseg_is_not_touched(nlp: Language) -> None:
    nlp("支持新质生产力")
    assert "多边主义" not in jieba.dt.FREQ


def test_tag_fixes_are_jieba_words_with_known_tags() -> None:
    """Every correction names a word of jieba's dictionary and a tag the UD table maps; it
    changes the tag, never the segmentation (the word is already in the dictionary)."""
    fixes = tag_fixes()
    assert len(fixes) >= 40
    for word, tag in fixes.items():
        assert word in jieba_dict_tags(), word
        assert jieba_dict_tags()[word] != tag, word
        assert tag in UD_POS, (word, tag)


def test_corrected_words_are_tagged_as_corrected(nlp: Language) -> None:
    """着力 before a verb is an adverb, 深化 a verb: the POS stage and the keyword stage agree."""
    doc = nlp("要着力稳定宏观经济大盘，深化国有企业改革。")
    tags = {t.text: (t.tag_, t.pos_) for t in doc}
    assert tags["着力"] == ("d", "ADV")
    assert tags["深化"] == ("v", "VERB")
    lexicon = nlp.get_pipe("keywords").extractor.lexicon_tags
    assert lexicon["着力"] == "d" and lexicon["深化"] == "v"
