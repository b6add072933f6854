"""The fast JSON writer gives exactly the bytes of ``json.dumps(to_json(doc))``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.document import dumps, from_json, load_schema, to_json
from tests.conftest import REPORTS, SEED

TEXTS = [
    "",
    "   ",
    "我们坚持以经济建设为中心。 Policy “quotes” \\ and \"escapes\"\t\n\n二〇二二年 GDP 增长5.5%左右。",
    "一、总体要求\n（一）坚持稳字当头。\n\u2028控制字符\x01与表情😀。",
]


def _same(doc: object) -> None:
    assert dumps(doc) == json.dumps(to_json(doc), ensure_ascii=False)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_writer_is_byte_identical_on_edge_texts(nlp: Language, text: str) -> None:
    _same(nlp(text))


def test_fast_writer_is_byte_identical_on_the_seed_and_reports(nlp: Language) -> None:
    shared = Path("/work/shared")  # beside the checkout (conftest) or the project machine's copy
    seed = SEED if SEED.exists() else shared / "seed" / SEED.name
    reports = REPORTS if REPORTS.exists() else shared / "eval" / REPORTS.parent.name / "docs"
    paths = ([seed] if seed.exists() else []) + sorted(reports.glob("*"))[:53:6]
    if not paths:
        pytest.skip("no shared data")
    for path in paths:
        _same(nlp(path.read_text(encoding="utf-8")))


def _reference_json(doc: Doc) -> str:
    """The document JSON built the slow, obvious way, from Token objects and ``doc.sents``: the
    array-based writers (``dumps``, ``to_json``, ``sentence_offsets``) must give its bytes."""
    sections = list(doc._.sections or [])
    sentences = []
    if doc.has_annotation("SENT_START"):
        for sent in doc.sents:
            words = [t for t in sent if not t.is_space]
            if words:
                start, end = words[0].idx, words[-1].idx + len(words[-1].text)
                inner = [s for s in sections if s["start"] <= start < s["end"]]
                best = max(inner, key=lambda s: s["start"], default=None)
                sentences.append(
                    {"start": start, "end": end, "section": None if best is None else best["id"]}
                )
    tokens = [
        {
            "start": t.idx,
            "end": t.idx + len(t.text),
            "text": t.text,
            "tag": t.tag_ or None,
            "pos": t.pos_ or None,
        }
        for t in doc
        if not t.is_space
    ]
    data = to_json(doc)
    assert data["text"] == doc.text
    data["sentences"], data["tokens"] = sentences, tokens
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("text", TEXTS)
def test_array_writers_match_the_token_by_token_reference(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert dumps(doc) == _reference_json(doc)


def test_array_writers_match_the_reference_on_reports(nlp: Language) -> None:
    reports = REPORTS if REPORTS.exists() else Path("/work/shared/eval") / REPORTS.parent.name / "docs"
    paths = sorted(reports.glob("*.txt"))[:53:10]
    if not paths:
        pytest.skip("no shared data")
    for path in paths:
        doc = nlp(path.read_text(encoding="utf-8"))
        assert dumps(doc) == _reference_json(doc)


def test_a_doc_not_made_by_the_tokenizer_still_gives_its_own_text(nlp: Language) -> None:
    """The tokenizer's recorded text is used only while it spans the Doc."""
    doc = nlp("我们坚持多边主义。")
    doc.user_data["multilat_nlp.text"] = "别的文本"
    assert to_json(doc)["text"] == "我们坚持多边主义。"


@pytest.mark.parametrize("mode", ["compact", "none"])
def test_compact_and_none_round_trip(nlp: Language, mode: str) -> None:
    doc = nlp(TEXTS[2])
    data = json.loads(dumps(doc, tokens=mode))  # type: ignore[arg-type]
    assert data["token_encoding"] == mode and data["tokens"] == []
    jsonschema.validate(data, load_schema())
    back = to_json(from_json(data))
    full = to_json(doc)
    if mode == "compact":
        arrays = data["token_arrays"]
        spans = zip(arrays["start"], arrays["end"], strict=True)
        assert [data["text"][s:e] for s, e in spans] == [t["text"] for t in full["tokens"]]
        assert back == full
    else:
        assert back["tokens"] == [] or all(t["tag"] is None for t in back["tokens"])
        assert back["keywords"] == full["keywords"]
        assert back["sentences"] == full["sentences"]


def test_compact_is_much_smaller(nlp: Language) -> None:
    doc = nlp(TEXTS[2] * 50)
    # Compare what the token encodings add to the JSON (arguments and entities are the same).
    without = len(dumps(doc, tokens="none"))
    compact = len(dumps(doc, tokens="compact")) - without
    full = len(dumps(doc)) - without
    assert compact < 0.6 * full


@pytest.mark.parametrize("limit", [3, 100_000])
def test_token_fragment_table_is_only_a_cache(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """A full table starts again, and kinds whose keys collide are told apart by their hashes:
    either way the bytes are those of ``json.dumps``."""
    from multilat_nlp import document

    table = document._TailTable()
    table.LIMIT = limit
    monkeypatch.setattr(document, "_TAILS", table)
    for text in TEXTS[2:]:
        _same(nlp(text))
        _same(nlp(text))  # the second time from the table
    monkeypatch.setattr(document, "_mix_key", lambda orth, tag, pos: orth * 0)
    for text in TEXTS[2:]:
        _same(nlp(text))


def _ents_the_spacy_way(doc: Doc) -> list[tuple[int, int, str, str, str]]:
    return [(e.start_char, e.end_char, e.label_, e.kb_id_, e.id_) for e in doc.ents]


def test_entities_read_from_the_columns_are_doc_ents(nlp: Language) -> None:
    """The entity columns give the spans ``doc.ents`` gives, edge cases included: adjacent
    entities, one at the end, a B without a label, KB ids and span ids, spaces inside."""
    from spacy.tokens import Span

    from multilat_nlp.document import _EntityRows

    for text in TEXTS[2:]:
        doc = nlp(text)
        rows = _EntityRows(doc, doc.text).rows
        assert [(s, e, lab, kb or "", i or "") for s, e, lab, kb, i in rows] == (
            _ents_the_spacy_way(doc)
        )
    doc = nlp.make_doc("我们 坚持 以 经济建设 为 中心 。 二〇二二年 GDP 增长")
    n = len(doc)
    doc.set_ents(
        [
            Span(doc, 0, 1, label="A", kb_id="k1", span_id="s1"),
            Span(doc, 1, 3, label="B"),
            Span(doc, 4, 6, label="C", span_id="x"),
            Span(doc, n - 2, n, label="D", kb_id="k2"),
        ]
    )
    rows = _EntityRows(doc, doc.text).rows
    assert [(s, e, lab, kb or "", i or "") for s, e, lab, kb, i in rows] == (
        _ents_the_spacy_way(doc)
    )
    assert len(rows) == 4
    _same(doc)


def test_docs_past_the_record_limit_take_the_column_by_column_paths(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Doc too long for a column record reads its columns one at a time and its entities
    from ``doc.ents``: the same bytes."""
    from multilat_nlp import doc_columns

    docs = [nlp(text) for text in TEXTS[2:]]
    expected = [dumps(doc) for doc in docs]
    monkeypatch.setattr(doc_columns, "RECORD_LIMIT", 3)
    for doc, before in zip(docs, expected, strict=True):
        assert dumps(doc) == before
        _same(doc)
