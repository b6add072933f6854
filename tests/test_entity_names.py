"""The name layers (people, organisations, places) and document-level alias linking.

Sentences are made up for the tests (no evaluation data): each checks one class of name.
"""

from __future__ import annotations

import numpy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from multilat_nlp.entities.finder import Mention
from multilat_nlp.entities.linking import link_document
from multilat_nlp.entities.names import PersonLayer, name_tables
from multilat_nlp.entities.orgs import org_tables
from multilat_nlp.entities.tokenview import TokenView

_NAMED = ("PERSON", "ORG", "GPE", "LOC")


def _names(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents if e.label_ in _NAMED]


def test_chinese_names_need_a_cue_or_a_name_tag(nlp: Language) -> None:
    found = _names(nlp, "记者张建华报道，王小明说，文件指出要加强管理。")
    assert ("张建华", "PERSON") in found
    assert ("王小明", "PERSON") in found
    assert all(text != "文件" for text, _ in found)  # 文 is a surname, 文件 a word


def test_a_bare_surname_before_an_honorific_is_the_name(nlp: Language) -> None:
    assert _names(nlp, "李先生和赵女士今天到达。") == [("李", "PERSON"), ("赵", "PERSON")]


def test_a_deputy_title_after_a_name_keeps_its_prefix(nlp: Language) -> None:
    """副 + 部长 is the title 副部长: it is no given-name character, and a word before such a
    title (常务 in 常务副主席) is no name either."""
    assert ("王毅", "PERSON") in _names(nlp, "王毅副部长会见了来宾。")
    found = _names(nlp, "民革中央常务副主席周铁农出席了会议。")
    assert ("周铁农", "PERSON") in found
    assert all(not text.endswith("副") and text != "常务" for text, _ in found)


def test_a_common_word_ending_in_a_place_suffix_is_no_place(nlp: Language) -> None:
    """非上市 (unlisted) is tagged ns and ends in 市, but 上市 is a word, not a city's name."""
    assert all(label != "GPE" for _, label in _names(nlp, "未能涵盖非上市中小企业的实际情况。"))


def test_a_tagged_name_quoted_on_its_own_is_a_term(nlp: Language) -> None:
    """“牛鼻子” is a metaphor the segmenter tags nr; a name with a cue stays a name."""
    found = _names(nlp, "抓住核心技术自主创新这个“牛鼻子”，记者张建华报道。")
    assert ("张建华", "PERSON") in found
    assert all(text != "牛鼻子" for text, _ in found)


def test_foreign_names_stop_at_titles_and_words(nlp: Language) -> None:
    found = _names(nlp, "外交部长玛丽亚·罗西有幸访问了北京。")
    assert ("玛丽亚·罗西", "PERSON") in found
    assert all("长" not in text and "有" not in text for text, label in found if label == "PERSON")


def test_organisations_expand_to_a_name_anchor(nlp: Language) -> None:
    found = _names(nlp, "江苏省南通市海安县人民医院和四川蓝鹰队签署了协议。")
    assert ("江苏省南通市海安县人民医院", "ORG") in found
    assert ("四川蓝鹰队", "ORG") in found


def test_generic_references_are_no_organisations(nlp: Language) -> None:
    found = _names(nlp, "美国政府表示，各级政府和有关部门、国际组织要加强管理，干部要带头。")
    assert all(label != "ORG" for _, label in found)
    assert ("美国", "GPE") in found


def test_scope_words_anchor_body_names_with_a_modifier(nlp: Language) -> None:
    assert ("国家数据管理总局", "ORG") in _names(nlp, "国家数据管理总局发布了通知。")


def test_short_forms_take_the_full_names_id(nlp: Language) -> None:
    doc = nlp("约翰·史密斯教授认为，史密斯的观点值得重视。")
    people = [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "PERSON"]
    assert people == [("约翰·史密斯", "约翰·史密斯"), ("史密斯", "约翰·史密斯")]


def test_an_abbreviation_in_parentheses_links_every_mention(nlp: Language) -> None:
    doc = nlp("欧洲复兴开发银行（EBRD）成立于1991年。欧洲复兴开发银行总部设在伦敦。")
    ids = {e.kb_id_ for e in doc.ents if e.label_ == "ORG"}
    assert ids == {"EBRD"}


def test_linking_keeps_gazetteer_ids_and_different_people() -> None:
    text = "联合国大会和联合国，张三和张三丰，青岛海牛队和海牛队"
    mentions = [
        Mention(0, 5, "ORG", "UNGA", "gazetteer"),
        Mention(6, 9, "ORG", "UN", "gazetteer"),
        Mention(10, 12, "PERSON", "张三", "pattern"),
        Mention(13, 16, "PERSON", "张三丰", "pattern"),
        Mention(17, 22, "ORG", "青岛海牛队", "pattern"),
        Mention(23, 26, "ORG", "海牛队", "pattern"),
    ]
    linked = [m.canonical for m in link_document(text, mentions)]
    assert linked[:2] == ["UNGA", "UN"]  # curated ids stay
    assert linked[2:4] == ["张三", "张三丰"]  # a shorter Chinese name is another person
    assert linked[4:] == ["青岛海牛队", "青岛海牛队"]  # a suffix of one longer organisation


def test_tables_are_well_formed() -> None:
    names = name_tables()
    assert names.common and names.ambiguous and names.compound
    assert names.common.isdisjoint(names.ambiguous)
    assert all(len(c) == 1 for c in names.transliteration)
    orgs = org_tables()
    assert orgs.heads and orgs.generic and set(orgs.place_suffixes.values()) <= {"GPE", "LOC"}


def test_token_view_answers_per_token_and_per_offset() -> None:
    text = "记者张伟说"
    starts = numpy.array([0, 2, 4], dtype=numpy.int64)
    lengths = numpy.array([2, 2, 1], dtype=numpy.int64)
    ids = {"n": 1, "nr": 2, "v": 3, "记者": 11, "张伟": 12, "说": 13}
    view = TokenView.build(
        text,
        starts,
        lengths,
        numpy.array([11, 12, 13], dtype=numpy.uint64),
        numpy.array([1, 2, 3], dtype=numpy.uint64),
        lambda s: ids.get(s, 0),
    )
    assert view.with_tags(["nr"]).tolist() == [False, True, False]
    assert view.is_word(["说", "记者"]).tolist() == [True, False, True]
    assert view.last_char_in("伟").tolist() == [False, True, False]
    assert view.is_start.tolist() == [True, False, True, False, True, True]
    found = PersonLayer().candidates(text, view)
    assert (2, 4, "PERSON", "张伟", "pattern", 1) in found


_name_pieces = st.sampled_from(
    [
        "记者", "张建华", "说", "先生", "李", "女士", "·", "玛丽亚", "罗西", "教授", "海安县",
        "人民医院", "委员会", "队", "国家", "总局", "（", "）", "ABC", "的", "。", "\n", " ",
    ]
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_name_pieces, max_size=25).map("".join))
def test_name_layer_offsets_are_exact_and_flat(nlp: Language, text: str) -> None:
    doc = nlp(text)
    previous_end = 0
    for ent in doc.ents:
        assert ent.text == text[ent.start_char : ent.end_char]
        assert ent.start_char >= previous_end
        previous_end = ent.end_char
