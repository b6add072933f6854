"""Cleaning inside the pipeline: every offset still leads back to the text the user gave."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import multilat_nlp
from multilat_nlp.document import load_schema, to_input_spans
from multilat_nlp.reading.offsets import OffsetMap

_sentence = st.sampled_from(
    ["坚持多边主义，推动全球治理体系改革。", "中国是维护多边主义的积极力量", "调各国政策的一种实践”。¹",
     "Robert O. Keohane, “Multilateralism,” 1990.", "一、多边主义概念及发展", "（二）推动构建亚盟"]
)
_furniture = st.sampled_from(["\f", "\n\n1\n\n", "\n\n苗绿 全球化智库(CCG)联合创始人兼秘书长。\n\n",
                              "\n1 Robert O. Keohane, <https://www.jstor.org/stable/1>, 2020-10-16.\n", "\n"])
pdf_like = st.lists(st.one_of(_sentence, _furniture), min_size=1, max_size=30).map("".join)


def _assert_maps_back(nlp: Language, raw: str) -> None:
    doc = nlp(raw)
    data = multilat_nlp.to_json(doc)
    for token in data["tokens"]:
        pieces = to_input_spans(doc, token["start"], token["end"])
        assert "".join(raw[a:b] for a, b in pieces) == token["text"]
    offset_map = OffsetMap.from_list(data["offset_map"])
    for sentence in data["sentences"]:
        pieces = to_input_spans(doc, sentence["start"], sentence["end"])
        # Characters cleaning inserted (a space where a wrapped line was joined) have no source.
        from_input = "".join(
            data["text"][i]
            for i in range(sentence["start"], sentence["end"])
            if offset_map.to_raw_char(i) is not None
        )
        assert "".join(raw[a:b] for a, b in pieces) == from_input
    covered = offset_map.raw_ranges() + [
        (d["raw_start"], d["raw_end"]) for d in data["dropped"]
    ]
    position = 0
    for start, end in sorted(covered):
        assert start == position, "input characters lost or counted twice"
        position = end
    assert position == len(raw)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=pdf_like)
def test_every_offset_maps_back_to_the_input(nlp: Language, raw: str) -> None:
    _assert_maps_back(nlp, raw)


def test_seed_cleaned_in_the_pipeline(nlp: Language, seed_text: str) -> None:
    _assert_maps_back(nlp, seed_text)
    data = multilat_nlp.to_json(nlp(seed_text))
    jsonschema.validate(data, load_schema())
    kinds = {d["kind"] for d in data["dropped"]}
    assert "pull_quote" in kinds
    assert "协调各国政策" in data["text"]  # the sentence cut by page 1's footer, joined again


def test_plain_text_is_untouched_and_cleaning_can_be_switched_off(nlp: Language) -> None:
    text = "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2021年工作回顾\n"
    assert nlp(text).text == text
    raw = "正文第一句，协\n\n1\n\f调各国政策。"
    off = multilat_nlp.load(clean={"enabled": False})
    assert off(raw).text == raw
    assert multilat_nlp.to_json(off(raw))["dropped"] == []
