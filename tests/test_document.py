from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import multilat_nlp
from multilat_nlp.document import load_schema
from multilat_nlp.errors import SchemaError

ROOT = Path(__file__).resolve().parents[1]

# Chinese, Latin, digits, punctuation and every kind of whitespace that real files carry.
_alphabet = st.sampled_from(
    list("中国多边主义一带一路全球治理人类命运共同体的了是在和与。，、；：！？“”《》（）")
    + list("abcXYZ019.%@/-_ ")
    + ["\n", "\n\n", "\r\n", "\t", "\u3000", "  ", "\u00a0", "é", "😀", "¹", "²"]
)
mixed_text = st.lists(_alphabet, max_size=80).map("".join)


def _check_offsets(data: dict[str, object]) -> None:
    text = data["text"]
    assert isinstance(text, str)
    for token in data["tokens"]:  # type: ignore[attr-defined]
        assert text[token["start"] : token["end"]] == token["text"]
        assert token["text"].strip()
    for sentence in data["sentences"]:  # type: ignore[attr-defined]
        surface = text[sentence["start"] : sentence["end"]]
        assert surface and surface == surface.strip()


@pytest.fixture(scope="module")
def uncleaned_nlp() -> Language:
    """Cleaning may move text (tested in test_cleaning_pipeline); here doc.text is the input."""
    return multilat_nlp.load(clean={"enabled": False})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mixed_text)
def test_offsets_are_exact_on_any_text(uncleaned_nlp: Language, text: str) -> None:
    doc = uncleaned_nlp(text)
    assert doc.text == text
    data = multilat_nlp.to_json(doc)
    _check_offsets(data)
    non_space = "".join(ch for ch in text if not ch.isspace())
    assert "".join(t["text"] for t in data["tokens"]).replace(" ", "") == non_space.replace(" ", "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mixed_text)
def test_json_round_trip(nlp: Language, text: str) -> None:
    data = multilat_nlp.to_json(nlp(text))
    _check_offsets(data)
    restored = multilat_nlp.from_json(json.loads(json.dumps(data, ensure_ascii=False)))
    assert multilat_nlp.to_json(restored) == data


def test_output_validates_against_shipped_schema(nlp: Language) -> None:
    data = multilat_nlp.to_json(nlp("一、总体要求\n坚持多边主义。推动全球治理体系改革！"))
    jsonschema.validate(data, load_schema())
    assert data["schema"] == "multilat_nlp.document/1"
    assert data["pipeline"]["name"] == "policy"
    assert data["offset_map"] == [[0, 0, len(data["text"])]]


def test_schema_in_docs_matches_the_package() -> None:
    shipped = load_schema()
    documented = json.loads((ROOT / "docs" / "document.schema.json").read_text(encoding="utf-8"))
    assert shipped == documented


def test_dumps_keeps_chinese_readable(nlp: Language) -> None:
    assert "多边主义" in multilat_nlp.dumps(nlp("多边主义"))


def test_from_json_refuses_other_schema_versions() -> None:
    with pytest.raises(SchemaError, match=r"multilat_nlp\.document/1"):
        multilat_nlp.from_json({"schema": "multilat_nlp.document/999"})


def test_from_json_refuses_overlapping_tokens() -> None:
    data = {
        "schema": multilat_nlp.SCHEMA_VERSION,
        "text": "中国",
        "tokens": [{"start": 0, "end": 2}, {"start": 1, "end": 2}],
        "sentences": [],
        "entities": [],
    }
    with pytest.raises(SchemaError, match="overlaps"):
        multilat_nlp.from_json(data)


def test_sentences_follow_policy_punctuation(nlp: Language) -> None:
    text = "一、总体要求\n坚持多边主义。“推动改革！”其次，加强合作；完善机制"
    data = multilat_nlp.to_json(nlp(text))
    surfaces = [text[s["start"] : s["end"]] for s in data["sentences"]]
    assert surfaces == ["一、总体要求", "坚持多边主义。", "“推动改革！”", "其次，加强合作；", "完善机制"]


def test_seed_paper_offsets_and_schema(nlp: Language, seed_text: str) -> None:
    data = multilat_nlp.to_json(nlp(seed_text))
    jsonschema.validate(data, load_schema())
    _check_offsets(data)
    assert len(data["tokens"]) > 5000
