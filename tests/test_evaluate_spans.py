"""Span readers (offsets, CLUENER, BIO variants) and exact-span scoring with label maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multilat_nlp.evaluate.formats import EvaluationFormatError
from multilat_nlp.evaluate.spans import (
    SpanDocument,
    load_label_map,
    read_span_documents,
    score_spans,
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------- readers


def test_read_offsets(tmp_path: Path) -> None:
    doc = {
        "id": "seed",
        "text": "中国和美国",
        "entities": [
            {"start": 3, "end": 5, "label": "GPE", "text": "美国"},
            {"start": 0, "end": 2, "label": "GPE"},
            {"start": 0, "end": 2, "label": "GPE"},
        ],
    }
    path = _write(tmp_path / "d.jsonl", json.dumps(doc, ensure_ascii=False) + "\n")
    assert read_span_documents(path, "offsets") == [
        SpanDocument("中国和美国", ((0, 2, "GPE"), (3, 5, "GPE")), id="seed")
    ]


@pytest.mark.parametrize(
    ("entity", "message"),
    [
        ({"start": 3, "end": 9, "label": "GPE"}, "outside the text"),
        ({"start": 2, "end": 2, "label": "GPE"}, "empty"),
        ({"start": "0", "end": 2, "label": "GPE"}, "integers"),
        ({"start": 0, "end": 2, "label": ""}, "label"),
        ({"start": 0, "end": 2, "label": "GPE", "text": "美国"}, "does not match"),
    ],
)
def test_read_offsets_errors(tmp_path: Path, entity: dict[str, object], message: str) -> None:
    line = json.dumps({"text": "中国和美国", "entities": [entity]}, ensure_ascii=False)
    path = _write(tmp_path / "d.jsonl", '{"text": "", "entities": []}\n' + line + "\n")
    with pytest.raises(EvaluationFormatError, match=message) as info:
        read_span_documents(path, "offsets")
    assert info.value.line == 2
    assert str(path) in str(info.value)


def test_read_cluener_converts_inclusive_ends(tmp_path: Path) -> None:
    rows = [
        {
            "text": "彭小军认为台湾",
            "label": {"name": {"彭小军": [[0, 2]]}, "address": {"台湾": [[5, 6]]}},
        },
        {"text": "无标注"},
    ]
    path = _write(
        tmp_path / "c.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    )
    docs = read_span_documents(path, "cluener")
    assert docs[0].spans == ((0, 3, "name"), (5, 7, "address"))
    assert docs[1] == SpanDocument("无标注", ())


def test_read_cluener_checks_entity_text(tmp_path: Path) -> None:
    row = {"text": "彭小军认为", "label": {"name": {"彭小军": [[0, 1]]}}}
    path = _write(tmp_path / "c.jsonl", json.dumps(row, ensure_ascii=False) + "\n")
    with pytest.raises(EvaluationFormatError, match=r"c\.jsonl:1: entity '彭小军'"):
        read_span_documents(path, "cluener")


def test_read_bio_with_spaces_tabs_and_crlf(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "pd.dev",
        "在 O\r\n北 B-LOC\r\n京 I-LOC\r\n\r\n\r\n王\tB-PER\n五\tI-PER\n说 O\n",
    )
    docs = read_span_documents(path, "bio")
    assert docs == [
        SpanDocument("在北京", ((1, 3, "LOC"),)),
        SpanDocument("王五说", ((0, 2, "PER"),)),
    ]


def test_read_bio_decodes_bmes_bioes_leniently(tmp_path: Path) -> None:
    tags = ["B-ORG", "M-ORG", "E-ORG", "S-NAME", "I-PER", "I-PER", "B-PER", "I-LOC", "E-X", "O"]
    text = "甲乙丙丁戊己庚辛壬癸"
    path = _write(
        tmp_path / "r.bmes", "".join(f"{c} {t}\n" for c, t in zip(text, tags, strict=True))
    )
    (doc,) = read_span_documents(path, "bio")
    assert doc.text == text
    assert doc.spans == (
        (0, 3, "ORG"),
        (3, 4, "NAME"),
        (4, 6, "PER"),  # I- after O-less start opens an entity (conlleval)
        (6, 7, "PER"),  # B-PER then I-LOC: two entities
        (7, 8, "LOC"),
        (8, 9, "X"),  # a lone E- is a one-character entity
    )


def test_read_bio_weibo_char_position_column(tmp_path: Path) -> None:
    lines = ["我0\tB-PER.NAM", "们1\tI-PER.NAM", "10\tO", "��0\tB-LOC.NOM", "", "好0\tO"]
    docs = read_span_documents(_write(tmp_path / "w.dev", "\n".join(lines) + "\n"), "bio")
    assert docs[0].text == "我们1��"
    assert docs[0].spans == ((0, 2, "PER.NAM"), (3, 5, "LOC.NOM"))
    assert docs[1].text == "好"


def test_plain_bio_keeps_digits(tmp_path: Path) -> None:
    docs = read_span_documents(_write(tmp_path / "p.dev", "1 O\n9 O\n年 O\n"), "bio")
    assert docs[0].text == "19年"


@pytest.mark.parametrize(
    ("line", "message"), [("北 X-LOC", "tag 'X-LOC'"), ("北 B-", "tag 'B-'"), ("北", "expected")]
)
def test_read_bio_errors(tmp_path: Path, line: str, message: str) -> None:
    path = _write(tmp_path / "bad.bio", "在 O\n\n" + line + "\n")
    with pytest.raises(EvaluationFormatError, match=message) as info:
        read_span_documents(path, "bio")
    assert info.value.line == 3


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown span format"):
        read_span_documents("x", "conll")


def test_load_label_map(tmp_path: Path) -> None:
    path = _write(tmp_path / "map.json", '{"PER": "PERSON", "LOC": ["GPE", "LOC", "FAC"]}')
    assert load_label_map(path) == {"PER": ("PERSON",), "LOC": ("GPE", "LOC", "FAC")}
    _write(path, '{"PER": []}')
    with pytest.raises(EvaluationFormatError, match="'PER'"):
        load_label_map(path)
    _write(path, '{"PER": "PERSON",\n}')
    with pytest.raises(EvaluationFormatError, match=r"map\.json:2: invalid JSON"):
        load_label_map(path)


# ------------------------------------------------------------------------------- scoring

TEXT = "0123456789"


def test_scores_without_label_map() -> None:
    gold = [SpanDocument(TEXT, ((0, 2, "PER"), (3, 5, "LOC")))]
    predicted = [[(0, 2, "PER"), (3, 5, "ORG"), (6, 7, "LOC"), (0, 2, "PER")]]
    result = score_spans(gold, predicted)
    assert (result["precision"], result["recall"]) == pytest.approx((1 / 3, 1 / 2))
    assert result["f1"] == pytest.approx(0.4)
    per = result["per_label"]
    assert per["PER"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert per["LOC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert per["ORG"]["support"] == 0 and per["ORG"]["precision"] == 0.0


def test_label_map_lists_and_ignored_labels() -> None:
    label_map = {"PER": "PERSON", "LOC": ["GPE", "LOC"]}
    gold = [SpanDocument(TEXT, ((0, 2, "PER"), (3, 5, "LOC"), (6, 8, "ORG")))]
    predicted = [[(0, 2, "PERSON"), (3, 5, "GPE"), (6, 8, "ORG"), (9, 10, "DATE"), (9, 10, "LOC")]]
    result = score_spans(gold, predicted, label_map=label_map)
    # gold ORG is not in the map (not scored); our ORG and DATE map to nothing (ignored)
    assert (result["precision"], result["recall"]) == pytest.approx((2 / 3, 1.0))
    assert set(result["per_label"]) == {"PER", "LOC"}
    loc = result["per_label"]["LOC"]
    assert (loc["precision"], loc["recall"], loc["support"]) == pytest.approx((0.5, 1.0, 1))


def test_one_of_our_labels_serving_several_gold_labels() -> None:
    label_map = {"government": "ORG", "company": "ORG"}
    gold = [SpanDocument(TEXT, ((0, 2, "company"), (3, 5, "government")))]
    predicted = [[(0, 2, "ORG"), (3, 5, "ORG"), (6, 8, "ORG")]]
    result = score_spans(gold, predicted, label_map=label_map)
    assert (result["precision"], result["recall"]) == pytest.approx((2 / 3, 1.0))
    # the miss is charged to both gold labels ORG could have meant
    for label in ("company", "government"):
        assert result["per_label"][label]["precision"] == pytest.approx(0.5)
        assert result["per_label"][label]["recall"] == pytest.approx(1.0)


def test_wrong_offsets_do_not_count() -> None:
    gold = [SpanDocument(TEXT, ((0, 3, "PER"),))]
    result = score_spans(gold, [[(0, 2, "PER"), (1, 3, "PER")]])
    assert (result["precision"], result["recall"], result["f1"]) == (0.0, 0.0, 0.0)


def test_empty_inputs_score_zero() -> None:
    result = score_spans([SpanDocument(TEXT, ())], [[]])
    assert (result["precision"], result["recall"], result["f1"]) == (0.0, 0.0, 0.0)
    assert result["per_label"] == {}


def test_scoring_errors() -> None:
    gold = [SpanDocument(TEXT, ())]
    with pytest.raises(ValueError, match="1 gold documents but 2"):
        score_spans(gold, [[], []])
    with pytest.raises(ValueError, match="document 0"):
        score_spans(gold, [[(5, 11, "PER")]])
    with pytest.raises(ValueError, match="'PER'"):
        score_spans(gold, [[]], label_map={"PER": []})
