from __future__ import annotations

import pytest
from spacy.language import Language

import multilat_nlp
from multilat_nlp.errors import ConfigError, PipelineError
from multilat_nlp.pipeline import apply_overrides, build, config_of, load_config, to_toml


def test_load_default_pipeline_segments_policy_terms(nlp: Language) -> None:
    doc = nlp("我们坚持多边主义，推动构建人类命运共同体和“一带一路”建设。")
    words = [t.text for t in doc]
    assert "多边主义" in words
    assert "人类命运共同体" in words
    assert "一带一路" in words
    assert doc.text == "我们坚持多边主义，推动构建人类命运共同体和“一带一路”建设。"


def test_shipped_configs_are_listed_and_load() -> None:
    names = multilat_nlp.available_pipelines()
    assert {"policy", "fast"} <= set(names)
    for name in names:
        assert multilat_nlp.load(name).meta["name"] == name


def test_unknown_pipeline_names_the_shipped_ones() -> None:
    with pytest.raises(ConfigError, match="policy"):
        multilat_nlp.load("no-such-pipeline")


def test_config_round_trips_through_toml(tmp_path) -> None:
    config = config_of(multilat_nlp.load())
    path = tmp_path / "mine.toml"
    path.write_text(to_toml(config), encoding="utf-8")
    assert load_config(path) == config
    assert config_of(multilat_nlp.load(path)) == config


def test_overrides_by_keyword_and_by_setting() -> None:
    nlp = multilat_nlp.load(segment={"hmm": False}, settings=["sentences.split_on_newline=false"])
    config = config_of(nlp)
    assert config["segment"]["hmm"] is False
    assert config["stages"]["sentences"]["split_on_newline"] is False
    assert nlp.tokenizer.segmenter.settings.hmm is False  # type: ignore[attr-defined]


def test_set_value_that_is_not_toml_is_a_string() -> None:
    config = apply_overrides(load_config("policy"), ["segment.engine=jieba"])
    assert config["segment"]["engine"] == "jieba"


def test_bad_setting_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"SECTION\.PARAM=VALUE"):
        apply_overrides(load_config("policy"), ["hmm"])
    with pytest.raises(ConfigError, match=r"segment\.engine"):
        multilat_nlp.load(segment={"engine": "nope"})


def test_disable_a_stage_by_name() -> None:
    nlp = multilat_nlp.load(disable=["sentences", "arguments"])  # arguments needs sentences
    assert "sentences" not in nlp.pipe_names
    with pytest.raises(ConfigError, match="cannot disable"):
        multilat_nlp.load(disable=["nonexistent"])


def test_replace_a_stage_by_factory() -> None:
    config = load_config("policy")
    config["stages"]["sentences"] = {"factory": "sentencizer"}
    nlp = build(config)
    assert nlp.get_pipe_meta("sentences").factory == "sentencizer"


def test_missing_requirement_names_the_stage() -> None:
    from spacy.language import Language as SpacyLanguage

    name = "test_needs_sentences"
    if not SpacyLanguage.has_factory(name):

        @SpacyLanguage.factory(name, requires=["token.is_sent_start"])
        def make(nlp: Language, name: str) -> object:
            return lambda doc: doc

    config = load_config("policy")
    config["pipeline"]["stages"] = ["needs", "sentences"]
    config["stages"]["needs"] = {"factory": name}
    with pytest.raises(PipelineError, match=r"'needs' requires.*sentences"):
        build(config)


def test_pipe_with_context_tuples(nlp: Language) -> None:
    results = list(nlp.pipe([("中国坚持多边主义。", {"year": 2020})], as_tuples=True))
    doc, context = results[0]
    assert context == {"year": 2020}
    assert doc[-1].text == "。"


def test_running_every_stage_leaves_jieba_global_state_untouched() -> None:
    import jieba
    import jieba.posseg

    jieba.dt.initialize()
    freq_before = dict(jieba.dt.FREQ)
    total_before = jieba.dt.total
    tags_before = dict(jieba.dt.user_word_tag_tab)
    posseg_words_before = dict(jieba.posseg.dt.word_tag_tab)
    nlp = multilat_nlp.load(segment={"engine": "jieba", "user_words": ["新质生产力"]})
    for _ in nlp.pipe(["加快发展新质生产力，坚持多边主义。", "推进乡村振兴。"]):
        pass
    multilat_nlp.load()("一带一路倡议和人类命运共同体。")
    assert freq_before == jieba.dt.FREQ
    assert jieba.dt.total == total_before
    assert jieba.dt.user_word_tag_tab == tags_before
    assert jieba.posseg.dt.word_tag_tab == posseg_words_before
    assert "新质生产力" not in jieba.dt.FREQ
    assert jieba.lcut("人类命运共同体") != ["人类命运共同体"]
