"""Long documents (issue 14): stages with per-unit Python objects run over bounded pieces, and
the stitched result is exact. The threshold is lowered so that small texts take the long path."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import multilat_nlp
from multilat_nlp.document import dumps, from_json, load_schema, sentence_offsets, to_json
from multilat_nlp.long_document import pieces

from ._harness import run_case

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_cd34105e53f3530d.txt"

_LINES = st.lists(
    st.text(st.sampled_from(list("我们要坚持发展经济改革开放中国美国。，；！？、 1２a")), max_size=40),
    min_size=1,
    max_size=60,
)


@pytest.fixture(scope="module")
def long_nlp() -> Language:
    """The default pipeline with a long-document threshold a test text can cross."""
    nlp = multilat_nlp.load()
    nlp.long_text_chars = 200  # type: ignore[attr-defined]
    nlp.piece_chars = 150  # type: ignore[attr-defined]
    return nlp


def _check_arguments(data: dict[str, object], text: str, sentences: list[tuple[int, int]]) -> None:
    arguments = data["arguments"]
    assert isinstance(arguments, list)
    previous = -1
    for record in arguments:
        start, end, index = record["start"], record["end"], record["sentence"]
        sentence_start, sentence_end = sentences[index]
        assert sentence_start <= start < end <= sentence_end, record
        assert text[start:end].strip()
        assert index > previous, "one record per sentence, in order"
        previous = index
        for relation in record["relations"]:
            assert 0 <= relation["head"] < len(sentences)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_LINES)
def test_long_path_gives_valid_exact_json(long_nlp: Language, lines: list[str]) -> None:
    text = "政府工作报告\n各位代表：\n" + "\n".join(lines)
    doc = long_nlp(text)
    data = to_json(doc)
    jsonschema.validate(data, load_schema())
    assert data["text"] == text
    for token in data["tokens"]:
        assert text[token["start"] : token["end"]] == token["text"]
    _check_arguments(data, text, sentence_offsets(doc))
    assert json.loads(dumps(doc)) == data
    assert to_json(from_json(data)) == data


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed")
def test_pieces_find_the_units_of_the_whole_document(long_nlp: Language) -> None:
    """Over the seed paper in pieces of ~3,000 characters: the same entities, entity table and
    tokens as the whole run, and the same argument units, each in its sentence; argument labels
    may differ where a unit's context (position, other pieces) counts."""
    text = SEED.read_text(encoding="utf-8")
    whole = multilat_nlp.load()(text)
    long_nlp.piece_chars = 3_000  # type: ignore[attr-defined]
    try:
        cut = long_nlp(text)
    finally:
        long_nlp.piece_chars = 150  # type: ignore[attr-defined]
    keys = [(r["sentence"], r["start"], r["end"]) for r in whole._.arguments]
    assert [(r["sentence"], r["start"], r["end"]) for r in cut._.arguments] == keys
    same = sum(a["label"] == b["label"] for a, b in zip(whole._.arguments, cut._.arguments, strict=True))
    assert same >= 0.95 * len(keys)
    assert len(cut.spans["arguments"]) == len(whole.spans["arguments"])
    def ents(doc: object) -> list[tuple[int, int, str, str, str]]:
        return [(e.start_char, e.end_char, e.label_, e.kb_id_, e.id_) for e in doc.ents]  # type: ignore[attr-defined]

    assert ents(cut) == ents(whole), "entities in pieces are the whole run's"
    assert cut._.entity_table == whole._.entity_table
    assert [t.idx for t in cut] == [t.idx for t in whole]
    data = to_json(cut)
    jsonschema.validate(data, load_schema())
    _check_arguments(data, text, sentence_offsets(cut))


def test_pieces_tile_the_document_at_line_starts(long_nlp: Language) -> None:
    text = "".join(f"第{i}段。我们要坚持发展。\n" for i in range(1_000))
    doc = long_nlp(text)
    found = list(pieces(doc, 1_500))
    assert len(found) > 5
    assert found[0].start == 0 and found[-1].end == len(text)
    for before, after in itertools.pairwise(found):
        assert before.end == after.start and text[after.start - 1] == "\n"
        assert after.prefix_chars > 0 and after.doc.text.startswith(text[: after.prefix_chars])
        assert after.doc.text[after.prefix_chars :] == text[after.start : after.end]


def test_short_texts_take_the_ordinary_path() -> None:
    nlp = multilat_nlp.load()
    text = "我们要坚持稳中求进工作总基调。\n推动高质量发展！\n" * 20
    assert len(text) <= nlp.long_text_chars  # type: ignore[attr-defined]
    plain = dumps(nlp(text))
    nlp.long_text_chars = 10  # type: ignore[attr-defined]
    nlp.piece_chars = 1_000_000  # type: ignore[attr-defined]
    assert dumps(nlp(text)) == plain, "one piece: the same output as the ordinary path"


def test_one_million_characters_of_reports_within_the_bounds(tmp_path: Path) -> None:
    """The table's row "one 1,000,000-character text", with the current default pipeline
    (entities and arguments included) and the CLI's streaming writer: <= 1 GB, <= 60 s."""
    result = run_case(
        """
import time
import multilat_nlp
from multilat_nlp.document import iter_dumps
unit = "我们要坚持稳中求进工作总基调，推动高质量发展。中国同美国加强合作！\\n"
text = unit * (1_000_000 // len(unit) + 1)
nlp = multilat_nlp.load()
started = time.perf_counter()
size = sum(len(piece) for piece in iter_dumps(nlp(text)))
return {"seconds": time.perf_counter() - started, "size": size, "chars": len(text)}
""",
        cwd=tmp_path,
    )
    assert "error" not in result, result.get("traceback")
    assert result["value"]["chars"] >= 1_000_000
