"""Keywords: candidates, scorers, MMR, the pipeline stage, and the seed/CSL targets."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from spacy.tokens import Doc

import multilat_nlp
from multilat_nlp import keywords
from multilat_nlp.keywords import ZONE_WEIGHTS, IdfTable, KeywordSettings
from multilat_nlp.stages.keywords import keyword_dicts

from .conftest import SHARED

POLICY_TEXT = (
    "多边合作机制建设\n"
    "我们坚持多边主义，推动构建人类命运共同体，完善全球治理体系。"
    "各方应当加强多边合作机制，推进“一带一路”高质量发展，"
    "并推动《区域全面经济伙伴关系协定》生效。多边合作机制需要改革。\n"
)
FOOTNOTES = (
    "2020年新冠肺炎疫情蔓延，增长10%。详见https://www.example.org/report。\n"
    "1 Robert O. Keohane, “Multilateralism: An Agenda for Research,” International Journal, "
    "Vol. 45, No. 4, 1990, <https://www.jstor.org/stable/40202705>, 2020-10-16.\n"
)


@pytest.fixture(scope="module")
def nlp_no_pos() -> Language:
    return multilat_nlp.load(disable=["pos"])


def _check_mentions(text: str, entries: list[dict[str, object]]) -> None:
    for entry in entries:
        mentions = entry["mentions"]
        assert isinstance(mentions, list) and mentions, entry
        assert mentions == sorted(mentions)
        for start, end in mentions:
            assert text[start:end] == entry["term"]


class TestStage:
    def test_keywords_are_json_dicts_with_exact_mentions(self, nlp: Language) -> None:
        """Every keyword has term/score/method and mentions that spell the term."""
        doc = nlp(POLICY_TEXT)
        assert "keywords" in nlp.pipe_names
        found = doc._.keywords
        assert found and all(set(k) == {"term", "score", "method", "mentions"} for k in found)
        assert all(k["method"] == "structural" for k in found)
        _check_mentions(doc.text, found)
        assert multilat_nlp.to_json(doc)["keywords"] == found
        json.dumps(found, ensure_ascii=False)  # JSON-native

    def test_mentions_list_every_occurrence(self, nlp: Language) -> None:
        """A term said three times has three mentions, even inside longer words."""
        doc = nlp(POLICY_TEXT)
        by_term = {k["term"]: k for k in doc._.keywords}
        assert len(by_term["多边合作机制"]["mentions"]) == POLICY_TEXT.count("多边合作机制")

    def test_stage_reads_the_pipelines_own_lexicon_tags(self) -> None:
        """Behind the cleaning tokenizer too: the shipped lexicon's tags and user words."""
        nlp = multilat_nlp.load(segment={"user_words": ["甲乙丙丁"]})
        tags = nlp.get_pipe("keywords").extractor.lexicon_tags
        assert tags.get("新型城镇化") == "nz"
        assert tags.get("甲乙丙丁") == "nz"

    def test_stage_works_without_the_pos_stage(self, nlp_no_pos: Language) -> None:
        """No POS stage: word classes come from jieba's dictionary, results stay sensible."""
        assert "pos" not in nlp_no_pos.pipe_names
        doc = nlp_no_pos(POLICY_TEXT)
        terms = [k["term"] for k in doc._.keywords]
        assert "多边合作机制" in terms[:5]
        assert "多边主义" in terms
        _check_mentions(doc.text, doc._.keywords)

    def test_method_and_topn_come_from_the_config(self) -> None:
        """``[stages.keywords]`` picks the method and the list length."""
        nlp = multilat_nlp.load(keywords={"method": "textrank", "topn": 3})
        doc = nlp(POLICY_TEXT)
        assert len(doc._.keywords) == 3
        assert {k["method"] for k in doc._.keywords} == {"textrank"}

    def test_unknown_method_is_a_config_error(self) -> None:
        with pytest.raises(multilat_nlp.ConfigError, match="textrank"):
            multilat_nlp.load(keywords={"method": "yake"})

    def test_section_keywords_stay_inside_their_section(self, nlp: Language) -> None:
        """Given sections, each gets its own keywords, with mentions inside it."""
        text = "一、多边主义\n多边主义面临挑战，多边主义需要改革。\n二、数字经济\n数字经济发展迅速，数字经济治理滞后。\n"
        doc = nlp.make_doc(text)
        for name in nlp.pipe_names:
            if name != "keywords":
                doc = nlp.get_pipe(name)(doc)
        second = text.index("二、")
        doc._.sections = [
            {"id": "s1", "level": 1, "marker": "一、", "title": "多边主义", "start": 0,
             "end": second, "parent": None},
            {"id": "s2", "level": 1, "marker": "二、", "title": "数字经济", "start": second,
             "end": len(text), "parent": None},
        ]
        nlp.get_pipe("keywords")(doc)
        sections = doc._.section_keywords
        assert set(sections) == {"s1", "s2"}
        assert sections["s1"][0]["term"] == "多边主义"
        assert sections["s2"][0]["term"] == "数字经济"
        for key, (lo, hi) in {"s1": (0, second), "s2": (second, len(text))}.items():
            _check_mentions(text, sections[key])
            assert all(lo <= s and e <= hi for k in sections[key] for s, e in k["mentions"])

    def test_no_sections_means_no_section_keywords(self, nlp: Language) -> None:
        doc = nlp("多边主义面临挑战。")
        assert not doc._.sections or doc._.section_keywords is not None
        doc._.sections = None
        nlp.get_pipe("keywords")(doc)
        assert doc._.section_keywords is None

    def test_stage_pickles(self, nlp: Language) -> None:
        """Stages travel to worker processes (nlp.pipe n_process > 1)."""
        stage = nlp.get_pipe("keywords")
        copy = pickle.loads(pickle.dumps(stage))
        doc = nlp(POLICY_TEXT)
        expected = doc._.keywords
        assert copy(doc)._.keywords == expected

    def test_empty_and_punctuation_only_documents(self, nlp: Language) -> None:
        assert nlp("")._.keywords == []
        assert nlp("。，！？\n\n")._.keywords == []


class TestCandidates:
    def test_adjacent_content_words_merge_into_compounds(self, nlp: Language) -> None:
        """Nouns merge (多边合作机制), a verb may join nouns (数据安全治理体系, 经济增长), a
        compound never starts with a verb nor holds two, and whitespace breaks it."""
        doc = nlp("推动完善全球 治理机制。加强多边合作机制。数据安全治理体系。经济增长放缓。")
        terms = {k.term for k in keywords.noun_phrases(doc)}
        assert {"多边合作机制", "数据安全治理体系", "经济增长"} <= terms
        verbs = ("推动", "完善", "加强", "治理")
        assert not any(t.startswith(verbs) for t in terms if t not in verbs)
        assert "经济增长放缓" not in terms
        assert "全球治理机制" not in terms  # "全球 治理机制" has a space inside

    def test_a_single_verb_is_a_candidate(self, nlp: Language) -> None:
        """就业 is a verb to the tagger and a keyword to an analyst; it counts after 稳/保/促."""
        doc = nlp("稳就业保就业。促进就业。就业形势稳定。")
        assert next(t.tag_ for t in doc if t.text == "就业").startswith("v")
        found = {k.term: k for k in keywords.noun_phrases(doc)}
        assert found["就业"].score == 4

    def test_a_fragment_of_a_token_is_not_counted(self, nlp: Language) -> None:
        """高质量 inside the token 高质量发展 is the writer saying 高质量发展, not 高质量."""
        doc = nlp("推动高质量发展。坚持高质量发展。高质量发展是主题，提高质量。")
        assert "高质量发展" in {t.text for t in doc}
        found = {k.term: k for k in keywords.noun_phrases(doc)}
        assert found["高质量发展"].score == 3
        assert "高质量" not in found
        top = [k.term for k in keywords.tfidf(doc, topn=3)]
        assert top[0] == "高质量发展"

    def test_a_bound_suffix_starts_no_term(self, nlp: Language) -> None:
        """多边|化发展: jieba's entry 化发展 is the suffix -化 glued to 发展, not a term."""
        doc = nlp("推动国际关系多边化发展。推动国际关系多边化发展。")
        assert "化发展" in {t.text for t in doc}
        terms = {k.term for k in keywords.noun_phrases(doc)}
        assert "化发展" not in terms
        assert not any(t.startswith(("化", "性", "式")) for t in terms), terms
        assert {"化", "性", "式"} <= keywords.BOUND_SUFFIXES

    def test_a_compound_only_said_inside_a_longer_one_is_no_candidate(
        self, nlp: Language
    ) -> None:
        """农村金融服务 said only in 农村金融服务体系 is a piece of it; said once alone, a term."""
        inside = {k.term for k in keywords.noun_phrases(nlp("农村金融服务体系。农村金融服务体系。"))}
        assert "农村金融服务体系" in inside
        assert not {"农村金融服务", "金融服务体系"} & inside, inside
        assert {"农村", "金融服务", "体系"} <= inside  # single tokens are words, never pieces
        alone = {k.term for k in keywords.noun_phrases(nlp("农村金融服务体系。农村金融服务。"))}
        assert {"农村金融服务", "农村金融服务体系"} <= alone

    def test_function_words_glued_on_by_the_hmm_are_no_words(self, nlp: Language) -> None:
        """对小微 (对|小微企业) and 是助 (减税降费是助企纾困): jieba's HMM glued a function word on;
        such a token is neither a keyword nor part of one. Dictionary words (对外) are kept."""
        doc = nlp("对小微企业给予支持。减税降费是助企纾困的有效措施。扩大对外开放。")
        assert {"对小微", "是助"} <= {t.text for t in doc}  # what the segmenter gives
        terms = {k.term for k in keywords.noun_phrases(doc)}
        assert not any("对小微" in t or "是助" in t for t in terms), terms
        assert "企业" in terms and "对外开放" in terms

    def test_a_name_and_its_predicate_are_no_compound(self, nlp: Language) -> None:
        """中国|坚持|多边主义 is a clause (the verb is 中国's predicate), not a term; a verb after
        an ordinary noun may still stand inside one (test_adjacent_content_words_merge_…)."""
        doc = nlp("中国坚持多边主义，推动构建人类命运共同体。")
        terms = {k.term for k in keywords.noun_phrases(doc)}
        assert "中国坚持多边主义" not in terms
        assert {"多边主义", "人类命运共同体"} <= terms, terms
        assert doc._.keywords[0]["term"] == "多边主义"

    def test_a_verb_after_a_compound_does_not_make_it_a_piece(self, nlp: Language) -> None:
        """经济增长放缓: a verb cannot head a longer compound, so 经济增长 stays a term."""
        terms = {k.term for k in keywords.noun_phrases(nlp("经济增长放缓。经济增长放缓。"))}
        assert "经济增长" in terms

    def test_a_bound_prefix_binds_the_next_word(self, nlp: Language) -> None:
        """逆|周期|调节: no candidate starts after 逆 or ends with it."""
        doc = nlp("加大宏观政策逆周期调节力度。实施逆周期调节。")
        assert "逆" in {t.text for t in doc}
        terms = {k.term for k in keywords.noun_phrases(doc)}
        assert "宏观政策" in terms
        assert not any(t.startswith("周期") or t.endswith("逆") for t in terms)

    def test_titles_and_quoted_terms_are_kept_whole(self, nlp: Language) -> None:
        """《》 titles and quoted terms are candidates, their mentions inside the marks."""
        doc = nlp(POLICY_TEXT)
        found = {k.term: k for k in keywords.noun_phrases(doc)}
        assert "区域全面经济伙伴关系协定" in found
        assert "一带一路" in found
        (start, end), = found["区域全面经济伙伴关系协定"].mentions
        assert POLICY_TEXT[start - 1] == "《" and POLICY_TEXT[end] == "》"

    def test_numbers_urls_and_citation_lines_are_excluded(self, nlp: Language) -> None:
        """No keyword is a number, a date, part of a URL or of a Latin footnote."""
        doc = nlp(POLICY_TEXT + FOOTNOTES)
        terms = [k.term for k in keywords.noun_phrases(doc)]
        assert terms
        assert not any(any(c.isdigit() for c in t) for t in terms)
        for latin in ("Keohane", "Robert", "Multilateralism", "International", "www", "https"):
            assert not any(latin in t for t in terms), latin
        assert "新冠肺炎疫情" in terms  # the prose around them still counts

    def test_declared_keyword_line_is_not_input(self, nlp: Language) -> None:
        """A word only in the 关键词 line is no keyword, unless use_declared asks for it."""
        text = "关键词：量子纠缠；拓扑绝缘体\n我们坚持多边主义，完善全球治理体系，坚持多边主义。\n"
        doc = nlp(text)
        assert all("量子纠缠" not in k["term"] for k in doc._.keywords)
        used = keywords.tfidf(doc, topn=20, use_declared=True)
        assert "量子纠缠" in [k.term for k in used]

    def test_stopwords_are_never_keywords(self, nlp: Language) -> None:
        doc = nlp("我们认为，各位代表，本文的研究表明，当前的问题在于方面。")
        stop = keywords.load_stopwords()
        assert all(k.term not in stop for k in keywords.tfidf(doc, topn=30, diversity=0.0))


class TestScorers:
    @pytest.mark.parametrize("method", ["tfidf", "textrank", "structural"])
    def test_each_method_returns_keywords(self, nlp: Language, method: str) -> None:
        """textacy shape: doc first, options keyword-only, best first, ``topn`` honoured."""
        doc = nlp(POLICY_TEXT)
        found = getattr(keywords, method)(doc, topn=4)
        assert 0 < len(found) <= 4
        assert all(isinstance(k, keywords.Keyword) and k.score > 0 for k in found)
        assert all(doc.text[s:e] == k.term for k in found for s, e in k.mentions)
        plain = getattr(keywords, method)(doc, topn=10, diversity=0.0)
        assert [k.score for k in plain] == sorted((k.score for k in plain), reverse=True)

    @pytest.mark.parametrize("bad", [0, -1, 1.5, 0.0, "5", True])
    def test_bad_topn_is_a_value_error(self, nlp: Language, bad: object) -> None:
        with pytest.raises(ValueError, match="topn"):
            keywords.tfidf(nlp("多边主义"), topn=bad)  # type: ignore[arg-type]

    def test_fractional_topn_takes_a_share_of_candidates(self, nlp: Language) -> None:
        doc = nlp(POLICY_TEXT)
        every = keywords.noun_phrases(doc)
        assert len(keywords.tfidf(doc, topn=1.0, diversity=0.0)) == len(every)
        assert len(keywords.tfidf(doc, topn=0.1, diversity=0.0)) == math.ceil(0.1 * len(every))

    def test_title_mentions_weigh_more_in_the_structural_scorer(self, nlp: Language) -> None:
        """A term whose best place is the title scores ZONE_WEIGHTS['title'] × its TF-IDF."""
        text = "量子通信发展研究\n正文讨论区块链。区块链与量子通信都重要。区块链在中间段落。\n结尾段落。\n"
        doc = nlp(text)
        plain = {k.term: k.score for k in keywords.tfidf(doc, topn=50, diversity=0.0)}
        weighted = {k.term: k.score for k in keywords.structural(doc, topn=50, diversity=0.0)}
        assert weighted["量子通信"] == pytest.approx(plain["量子通信"] * ZONE_WEIGHTS["title"])
        assert weighted["区块链"] == pytest.approx(plain["区块链"] * ZONE_WEIGHTS["lead"])
        assert weighted["量子通信"] > weighted["区块链"]

    def test_an_abstract_counts_the_same_with_or_without_its_label(self, nlp: Language) -> None:
        """Labelled (摘要：) or not, the paragraph after the title weighs as a lead paragraph."""
        body = "\n正文讨论量子通信。\n中间段落谈区块链。\n结尾段落。\n"
        abstract = "本文研究区块链与数字货币的关系。"
        scores = []
        for head in ("摘要：", ""):
            doc = nlp("数字经济研究\n" + head + abstract + body)
            scores.append({k.term: k.score for k in keywords.structural(doc, topn=50,
                                                                          diversity=0.0)})
        assert scores[0]["数字货币"] == pytest.approx(scores[1]["数字货币"])
        assert ZONE_WEIGHTS["abstract"] == ZONE_WEIGHTS["lead"] < ZONE_WEIGHTS["heading"]

    def test_phrases_false_gives_single_tokens(self, nlp: Language) -> None:
        doc = nlp(POLICY_TEXT)
        tokens = {t.text for t in doc}
        found = keywords.tfidf(doc, topn=20, phrases=False)
        assert found and all(k.term in tokens for k in found)

    def test_textrank_weighs_centrality_by_specificity(self, nlp: Language) -> None:
        """Plain TextRank puts the hub 发展 first; PageRank × IDF puts 碳达峰 first."""
        doc = nlp("推动发展，促进发展，加快发展。实现碳达峰，推动发展。发展碳达峰。" * 3)
        plain = keywords.textrank(doc, topn=5, idf_weighted=False, diversity=0.0)
        weighted = keywords.textrank(doc, topn=5, diversity=0.0)
        assert plain[0].term == "发展"
        assert weighted[0].term == "碳达峰"
        assert [k.term for k in weighted].index("发展") > 0

    def test_frequent_generic_words_do_not_dominate(self, nlp: Language) -> None:
        """Sublinear TF and the policy IDF: 发展 × 30 loses to 碳达峰 × 3."""
        text = "推动发展。" * 30 + "实现碳达峰。" * 3
        top = keywords.tfidf(nlp(text), topn=1)
        assert top[0].term == "碳达峰"


class TestIdf:
    def test_mixture_formula(self) -> None:
        """idf = -ln(g·p_general + (1-g)·p_policy), add-½ smoothing on the policy side."""
        table = IdfTable({"发展": 2.0, "碳达峰": 9.0}, {"发展": 49}, 99, general_weight=0.5)
        expected = -math.log(0.5 * math.exp(-2.0) + 0.5 * (49.5 / 100))
        assert table.idf("发展") == pytest.approx(expected)
        assert table.idf("碳达峰") > table.idf("发展")
        assert table.word_idf("没见过的词") is None
        assert table.idf("没见过的词") == table.unseen_idf >= table.idf("碳达峰")

    def test_phrase_idf_lies_between_the_bounds(self) -> None:
        table = IdfTable({"数字": 3.0, "货币": 5.0}, {}, 10, general_weight=1.0)
        phrase = table.idf("数字货币", ("数字", "货币"))
        assert phrase == pytest.approx((5.0 + 8.0) / 2)
        assert table.max_idf(2) >= phrase

    def test_general_weight_is_checked(self) -> None:
        with pytest.raises(multilat_nlp.ConfigError):
            IdfTable({}, {}, 10, general_weight=1.5)

    def test_shipped_tables_load(self) -> None:
        table = keywords.default_idf()
        assert table.policy_documents > 1000
        assert table.idf("发展") < table.idf("多边主义") < table.unseen_idf

    def test_vectorised_lookup_agrees_with_the_scalar_one(self) -> None:
        """``values`` (used per document) gives ``word_idf``, or the unseen IDF, word by word."""
        table = keywords.default_idf()
        words = ["发展", "多边主义", "WTO", "wto", "没见过的词甲", "碳达峰", "的"]
        for _ in range(2):  # the same twice: nothing is kept between calls
            values, known = table.values(words)
            for word, value, seen in zip(words, values.tolist(), known.tolist(), strict=True):
                scalar = table.word_idf(word)
                assert seen == (scalar is not None)
                assert value == pytest.approx(scalar if scalar is not None else table.unseen_idf)


class TestMmr:
    def test_near_duplicates_give_way(self) -> None:
        ranked = [("全球治理", 1.0), ("全球治理体系", 0.95), ("一带一路", 0.9)]
        assert [t for t, _ in keywords.mmr(ranked, topn=2, diversity=0.5)] == ["全球治理", "一带一路"]
        assert [t for t, _ in keywords.mmr(ranked, topn=2, diversity=0.0)] == ["全球治理", "全球治理体系"]

    def test_scores_are_kept(self) -> None:
        ranked = [("全球治理", 1.0), ("全球治理体系", 0.95), ("一带一路", 0.9)]
        assert dict(keywords.mmr(ranked, topn=3, diversity=0.5)) == dict(ranked)

    def test_similarity(self) -> None:
        """Strings alone: one term holding the other is the same keyword; a shared morpheme is not."""
        assert keywords.similarity("全球治理", "全球治理体系") == 1.0
        assert keywords.similarity("全球化", "全球治理") == 0.0
        assert keywords.similarity("WTO", "wto") == 1.0
        assert keywords.similarity("多边主义", "一带一路") == 0.0

    def test_overlap_of_spans(self) -> None:
        """Share of the first spans that overlap one of the second."""
        assert keywords.overlap([(0, 4), (10, 14), (20, 24)], [(2, 8)]) == pytest.approx(1 / 3)
        assert keywords.overlap([(0, 4)], [(4, 8)]) == 0.0
        assert keywords.overlap([(5, 6)], [(0, 10), (2, 3)]) == 1.0  # a long span reaches over
        assert keywords.overlap([], [(0, 1)]) == 0.0

    def test_text_similarity_reads_the_mentions(self) -> None:
        """治理体系 ~ 全球治理: the share of its mentions inside 全球治理体系; 全球化 ~ 全球治理: none."""
        text = "完善全球治理体系。全球治理体系。国家治理体系。全球治理。全球化。全球化。"
        mentions = keywords.Mentions(text)
        assert mentions.overlap("治理体系", "全球治理") == pytest.approx(2 / 3)
        assert mentions.overlap("全球治理体系", "全球治理") == 1.0
        assert mentions.overlap("全球治理", "全球治理体系") == pytest.approx(2 / 3)
        assert mentions.overlap("全球化", "全球治理") == 0.0
        assert mentions.overlap("全球治理", "全球化") == 0.0
        assert mentions.find("全球治理", (0, 9)) == [(2, 6)]
        assert mentions.find("全球化") == [(text.index("全球化"), text.index("全球化") + 3),
                                         (text.rindex("全球化"), text.rindex("全球化") + 3)]

    def test_a_shared_morpheme_costs_nothing(self) -> None:
        """With the text as similarity, 全球化 keeps its place after 全球治理."""
        text = "全球治理。全球治理。全球化。全球化。全球治理体系。"
        mentions = keywords.Mentions(text)
        ranked = [("全球治理", 1.0), ("全球治理体系", 0.99), ("全球化", 0.9), ("一带一路", 0.89)]
        picked = keywords.mmr(ranked, topn=2, diversity=0.3, similarity=mentions.overlap)
        assert [t for t, _ in picked] == ["全球治理", "全球化"]
        by_strings = keywords.mmr(ranked, topn=2, diversity=0.3)  # 全球治理体系 still gives way
        assert [t for t, _ in by_strings] == ["全球治理", "全球化"]

    def test_a_term_only_said_inside_a_longer_one_gives_its_place(self) -> None:
        """subsume=1.0: 中小微 never stands alone, so 中小微企业 takes its slot."""
        text = "支持中小微企业。中小微企业纾困。中小微企业。就业。"
        mentions = keywords.Mentions(text)
        ranked = [("中小微", 1.0), ("就业", 0.8), ("中小微企业", 0.7)]
        picked = keywords.mmr(ranked, topn=2, diversity=0.3, similarity=mentions.overlap,
                              subsume=1.0)
        assert [t for t, _ in picked] == ["中小微企业", "就业"]
        plain = keywords.mmr(ranked, topn=2, diversity=0.3, similarity=mentions.overlap)
        assert [t for t, _ in plain] == ["中小微", "就业"]

    def test_bad_diversity(self) -> None:
        with pytest.raises(ValueError):
            keywords.mmr([("a", 1.0)], topn=1, diversity=2.0)


def test_form_table_starts_afresh_when_full(nlp: Language) -> None:
    """A table past its limit is emptied and refilled: rows stay valid, forms stay right."""
    from multilat_nlp.keywords._view import FormTable

    table = FormTable({}, frozenset(), limit=5)
    for text in ("多边主义 全球治理 一带一路 全球化", "中国 美国 日本"):
        doc = nlp.make_doc(text)
        hashes = np.unique(doc.to_array(["ORTH"]).reshape(-1))
        rows = table.rows(hashes, doc.vocab.strings)
        assert sorted(table.forms[r] for r in rows.tolist()) == sorted(text.split())
    assert len(table.forms) == 3


def test_keyword_dicts_round_scores() -> None:
    entry = keyword_dicts([keywords.Keyword("多边主义", 1.23456789, ((0, 4),))], "tfidf")
    assert entry == [{"term": "多边主义", "score": 1.234568, "method": "tfidf", "mentions": [[0, 4]]}]


def test_settings_reject_bad_values() -> None:
    with pytest.raises(multilat_nlp.ConfigError):
        KeywordSettings(max_tokens=0)
    with pytest.raises(multilat_nlp.ConfigError):
        KeywordSettings(window=1)


def test_resources_carry_their_licences() -> None:
    root = Path(keywords.__file__).parents[1] / "resources"
    assert "MIT" in (root / "stopwords" / "LICENSE-stopwords-iso.txt").read_text(encoding="utf-8")
    header = (root / "idf" / "policy_df.tsv").read_text(encoding="utf-8")[:600]
    assert "政府工作报告" in header and "#documents" in header


@pytest.fixture(scope="module")
def report(nlp: Language) -> Doc:
    """The bundled 2022 government work report (public domain, shipped with the package)."""
    from multilat_nlp.cli import sample_path

    return nlp(sample_path().read_text(encoding="utf-8"))


class TestPolicyText:
    def test_policy_terms_not_their_fragments(self, report: Doc) -> None:
        """Top 20: the terms an analyst names, and no piece of a longer token (高质量 of
        高质量发展, 宏观 of 宏观政策, 主体 of 市场主体) nor a glued suffix (化发展)."""
        top20 = [k["term"] for k in report._.keywords[:20]]
        assert {"宏观政策", "市场主体", "就业"} <= set(top20), top20
        assert not {"高质量", "宏观", "主体", "数字", "力度"} & set(top20), top20
        assert not any(t.startswith(("化", "性", "式")) for t in top20), top20
        starts = {t.idx for t in report}
        ends = {t.idx + len(t.text) for t in report}
        for entry in report._.keywords[:20]:  # said on token boundaries, not only inside tokens
            assert any(s in starts and e in ends for s, e in entry["mentions"]), entry["term"]

    def test_section_ranking_in_one_pass_equals_one_by_one(
        self, nlp: Language, report: Doc
    ) -> None:
        """``rank_tfidf_regions`` gives exactly ``rank_tfidf`` per section, ties included."""
        from multilat_nlp.keywords._methods import rank_tfidf, rank_tfidf_regions

        extractor = nlp.get_pipe("keywords").extractor
        view = extractor.view(report)
        found = extractor.candidates(view)
        regions = [(s["start"], s["end"]) for s in report._.sections]
        assert len(regions) > 5
        for weighted in (True, False):
            together = rank_tfidf_regions(
                found, extractor.idf, weighted=weighted, regions=regions, keep=15
            )
            for region, ranked in zip(regions, together, strict=True):
                alone = rank_tfidf(found, extractor.idf, weighted=weighted, region=region, keep=15)
                assert ranked == alone

    def test_sibling_contrast_scales_scores_by_a_section_idf(
        self, nlp: Language, report: Doc
    ) -> None:
        """With ``groups``, each score is the plain one × ln((n+1)/(k+0.5)) over the siblings;
        a region alone in its group keeps its plain scores."""
        from multilat_nlp.keywords._methods import rank_tfidf, rank_tfidf_regions

        extractor = nlp.get_pipe("keywords").extractor
        view = extractor.view(report)
        found = extractor.candidates(view)
        sections = report._.sections
        regions = [(s["start"], s["end"]) for s in sections]
        parents = [s.get("parent") for s in sections]
        groups = [parents.index(p) for p in parents]  # one id per distinct parent
        contrasted = rank_tfidf_regions(found, extractor.idf, weighted=True, regions=regions,
                                        keep=10_000, groups=groups)
        plain = [dict(rank_tfidf(found, extractor.idf, weighted=True, region=r, keep=10_000))
                 for r in regions]
        checked = 0
        for i, ranked in enumerate(contrasted):
            siblings = [j for j, g in enumerate(groups) if g == groups[i]]
            for term, score in ranked[:5]:
                holding = sum(term in plain[j] for j in siblings)
                factor = math.log((len(siblings) + 1) / (holding + 0.5)) if len(siblings) > 1 else 1
                assert score == pytest.approx(plain[i][term] * factor), (i, term)
                checked += 1
        assert checked > 30

    def test_section_keywords_say_what_sets_a_section_apart(self, nlp: Language) -> None:
        """加强 and 保障, said in every section and its heading, lead no section's list when
        sections are contrasted with their siblings; each section's own term does."""
        text = "".join(
            f"{number}、加强保障{own}\n加强保障，加强统筹，加强服务保障，{tail}。加强保障，加强协调。\n"
            for number, own, tail in (("一", "就业", "扩大就业容量"), ("二", "医保", "完善医保目录"),
                                      ("三", "教育", "促进教育公平"))
        )
        doc = nlp(text)
        assert len(doc._.sections) == 3
        for section, own in zip(doc._.sections, ("就业", "医保", "教育"), strict=True):
            listed = [k["term"] for k in doc._.section_keywords[section["id"]]]
            assert listed[0] == own, listed
            assert "加强" not in listed[:3], listed
        plain = multilat_nlp.load("policy", keywords={"section_contrast": False})(text)
        first = [v[0]["term"] for v in plain._.section_keywords.values()]
        assert "保障" in first, first  # without the contrast the shared word leads

    def test_stage_dicts_are_the_public_keywords(self, nlp: Language, report: Doc) -> None:
        """The stage's JSON (built without ``Keyword`` objects) is ``keyword_dicts`` of the
        public ``rank``/``sections``, for the document and every section."""
        extractor = nlp.get_pipe("keywords").extractor
        view = extractor.view(report)
        found = extractor.candidates(view)
        assert report._.keywords == keyword_dicts(extractor.rank(view, found), "structural")
        per_section = extractor.sections(view, found, report._.sections, topn=10)
        assert report._.section_keywords == {
            key: keyword_dicts(value, "structural") for key, value in per_section.items()
        }

    def test_form_table_classes_agree_with_the_per_word_rules(
        self, nlp: Language, report: Doc
    ) -> None:
        """The vectorised word classes are those of the per-token rules."""
        from multilat_nlp.keywords._view import _class_of

        extractor = nlp.get_pipe("keywords").extractor
        view = extractor.view(report)
        by_kind = dict(zip(view.forms, view.kind_classes.tolist(), strict=False))
        checked = 0
        for token in report:
            if token.is_space or by_kind.get(token.text) is None:
                continue
            expected = _class_of(token.text, token.tag_, token.pos_, extractor.lexicon_tags,
                                 tagged=True)
            kinds = {k for k, f in enumerate(view.forms) if f == token.text}
            assert int(expected) in {int(view.kind_classes[k]) for k in kinds}, token.text
            checked += 1
        assert checked > 1000
        from multilat_nlp.keywords._view import guess_class

        table = extractor.forms
        for form, row in zip(view.forms, view.kind_rows.tolist(), strict=True):
            assert table.guess[row] == guess_class(form, extractor.lexicon_tags), form

    def test_classes_when_the_pos_is_not_a_function_of_the_tag(self, nlp: Language) -> None:
        """Another tagger may give one tag two UD labels: each (tag, POS) pair has its class."""
        from multilat_nlp.keywords._view import _class_of

        doc = nlp.make_doc("甲乙 丙丁 戊己 庚辛")
        for token, (tag, pos) in zip(
            doc, [("ad", "NOUN"), ("ad", "VERB"), ("ad", "ADJ"), ("n", "VERB")], strict=True
        ):
            token.tag_, token.pos_ = tag, pos
        extractor = nlp.get_pipe("keywords").extractor
        view = extractor.view(doc)
        for token in doc:
            kind = view.forms.index(token.text)
            expected = _class_of(token.text, token.tag_, token.pos_, extractor.lexicon_tags,
                                 tagged=True)
            assert view.kind_classes[kind] == expected, token.text


# ----------------------------------------------------------------- shared data (skip if absent)


def test_seed_declared_keywords_rank_high(nlp: Language, seed_text: str) -> None:
    """Seed: all four declared keywords (多边主义, 全球化, 全球治理, 一带一路) in the top 10,
    without the 关键词 line as input."""
    doc = nlp(seed_text)
    top10 = [k["term"] for k in doc._.keywords[:10]]
    assert {"多边主义", "全球化", "全球治理", "一带一路"} <= set(top10), top10
    line = doc.text.index("关键词")
    line_end = doc.text.index("\n", line)
    for entry in doc._.keywords:  # every keyword is said outside the keyword line
        assert any(not (line <= s < line_end) for s, _ in entry["mentions"])


@pytest.mark.slow
def test_csl_dev_f1_at_5() -> None:
    """The default method on CSL dev (title + 。 + abstract, exact match): F1@5 ≥ 0.23."""
    from multilat_nlp.evaluate.keywords import csl_input_text, read_csl, score_keywords

    path = SHARED / "eval" / "kw_csl" / "dev" / "csl_dev.jsonl"
    if not path.exists():
        pytest.skip("../shared/eval/kw_csl is not present")
    records = read_csl(path)
    nlp = multilat_nlp.load(keywords={"topn": 5, "sections": False})
    predicted = [[k["term"] for k in d._.keywords] for d in nlp.pipe(map(csl_input_text, records))]
    result = score_keywords([list(r.keywords) for r in records], predicted, k=5)
    assert result["f1@5"] >= 0.23


def test_traditional_text_gets_the_keywords_of_its_simplified_twin(nlp: Language) -> None:
    """A Big5 paper: stopwords, lexicon tags and IDF are looked up by the Simplified form, so
    the keywords are the twin's, written as the paper writes them."""
    from multilat_nlp.text.script import simplified_key

    from .conftest import to_traditional

    text = POLICY_TEXT * 2 + "关键词：多边主义 全球治理\n" + FOOTNOTES
    traditional = to_traditional(text)
    assert traditional != text and "關鍵詞" in traditional
    twin = [k["term"] for k in nlp(text)._.keywords]
    doc = nlp(traditional)
    found = [k["term"] for k in doc._.keywords]
    assert [simplified_key(t) for t in found] == twin
    assert "多邊合作機制" in found
    for entry in doc._.keywords:  # the 關鍵詞 line is masked as 关键词 is
        assert all(traditional[s:e] == entry["term"] for s, e in entry["mentions"])
        line = traditional.index("關鍵詞")
        assert any(not (line <= s < traditional.index("\n", line)) for s, _ in entry["mentions"])
