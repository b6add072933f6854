"""Random Unicode, lone surrogates and control characters included, through ``nlp(text)`` and
the JSON round trip: no crash, valid UTF-8 out, every offset exact. 200 examples; 10,000 with
``--slow``."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from multilat_nlp.document import from_json, to_json
from multilat_nlp.errors import MultilatError

_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
_CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_MARKS = st.sampled_from(list("。，；：！？、（）《》“”\n\r\t \u3000\f\u200b\ufeff一二三1.("))
_ANY = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
TEXTS = st.text(st.one_of(_CHINESE, _CHINESE, _MARKS, _SURROGATES, _ANY), max_size=300)


def _check(nlp: Language, text: str) -> None:
    try:
        doc = nlp(text)
    except MultilatError:
        return  # a typed refusal is allowed; anything else fails the test
    data = to_json(doc)
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")  # valid UTF-8 or raises
    clean = data["text"]
    for token in data["tokens"]:
        assert clean[token["start"] : token["end"]] == token["text"]
    for item in (*data["sentences"], *data["sections"], *data["entities"]):
        assert 0 <= item["start"] <= item["end"] <= len(clean)
    for keyword in data["keywords"]:
        for start, end in keyword["mentions"]:
            assert 0 <= start < end <= len(clean)
    again = to_json(from_json(json.loads(payload)))
    assert again == data


def test_fuzz_unicode_through_nlp_and_json(nlp: Language, pytestconfig: pytest.Config) -> None:
    examples = 10_000 if pytestconfig.getoption("--slow") else 200

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(TEXTS)
    def run(text: str) -> None:
        _check(nlp, text)

    run()
