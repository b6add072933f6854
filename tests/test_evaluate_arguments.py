"""Argument scores: text matching of gold sentences to predicted units, and the metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multilat_nlp.evaluate.arguments import (
    ArgumentRecord,
    match_units,
    normalise_text,
    read_argument_gold,
    score_arguments,
)
from multilat_nlp.evaluate.formats import EvaluationFormatError


def test_normalise_removes_all_whitespace() -> None:
    assert normalise_text(" 我们\n应当\u3000合作 。\t") == "我们应当合作。"


def test_exact_match_ignores_line_breaks() -> None:
    assert match_units(["我们应当加强合作。"], ["前言", "我们应当\n加强 合作。"]) == [1]


def test_repeated_sentences_pair_in_order() -> None:
    gold = ["这很好。", "这很好。", "这很好。"]
    assert match_units(gold, ["这很好。", "不对的。", "这很好。"]) == [0, 2, None]


def test_sentence_inside_a_merged_unit_and_vice_versa() -> None:
    units = ["中国支持多边主义；各国应当合作。", "因此", "必须改革"]
    gold = ["中国支持多边主义；", "各国应当合作。", "因此必须改革。"]
    # both halves of the merged unit take it; the third sentence is best covered by unit 2
    assert match_units(gold, units) == [0, 0, 2]


def test_overlap_threshold_is_half_the_gold_sentence() -> None:
    assert match_units(["甲乙丙丁戊己。"], ["甲乙丙丁x"]) == [0]  # 4 of 7 characters
    assert match_units(["甲乙丙丁戊己。"], ["甲乙丙x"]) == [None]  # 3 of 7


def test_exactly_matched_units_are_not_reused() -> None:
    assert match_units(["甲乙丙。", "甲乙丙丁。"], ["甲乙丙。"]) == [0, None]


def test_fallback_prefers_the_best_then_an_unused_unit() -> None:
    gold = ["注释甲乙丙丁。", "注释甲乙丙丁。"]
    units = ["注释甲乙丙丁¹。", "注释甲乙丙丁²。", "甲乙"]
    assert match_units(gold, units) == [0, 1]


def test_scores_hand_computed() -> None:
    gold = [
        ("我们应当合作。", "RECOMMENDATION"),
        ("必须改革。", "RECOMMENDATION"),
        ("多边主义是大势所趋。", "CLAIM"),
        ("数据显示增长了5%。", "EVIDENCE"),
    ]
    predicted = [
        ("我们 应当\n合作。", "RECOMMENDATION"),
        ("必须改革。", "CLAIM"),
        ("多边主义是大势所趋。", "CLAIM"),
        ("完全不同的句子。", "EVIDENCE"),
    ]
    result = score_arguments(gold, predicted)
    assert result["accuracy"] == pytest.approx(2 / 4)
    assert (result["matched"], result["unmatched"]) == (3, 1)
    per = result["per_label"]
    assert set(per) == {"RECOMMENDATION", "CLAIM", "EVIDENCE"}
    rec, claim, evidence = per["RECOMMENDATION"], per["CLAIM"], per["EVIDENCE"]
    assert (rec["precision"], rec["recall"], rec["f1"], rec["support"]) == pytest.approx(
        (1.0, 0.5, 2 / 3, 2)
    )
    assert (claim["precision"], claim["recall"], claim["f1"]) == pytest.approx((0.5, 1.0, 2 / 3))
    assert (evidence["precision"], evidence["recall"], evidence["f1"]) == (0.0, 0.0, 0.0)
    assert result["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)


def test_accepts_records_and_rejects_bad_gold() -> None:
    result = score_arguments(
        [ArgumentRecord("甲。", "CLAIM", ("BACKGROUND",))], [("甲。", "CLAIM")]
    )
    assert result["accuracy"] == 1.0 and result["macro_f1"] == 1.0
    with pytest.raises(ValueError, match="no gold"):
        score_arguments([], [("甲。", "CLAIM")])
    with pytest.raises(ValueError, match="reserved"):
        score_arguments([("甲。", "NONE")], [])
    with pytest.raises(ValueError, match="no text"):
        score_arguments([(" \n", "CLAIM")], [])


def test_lenient_accuracy_counts_an_alt_label_and_nothing_else_changes() -> None:
    gold = [
        ArgumentRecord("甲。", "PROBLEM", ("CAUSE",)),
        ArgumentRecord("乙。", "CLAIM", ("BACKGROUND",)),
        ArgumentRecord("丙。", "EVIDENCE"),
    ]
    predicted = [("甲。", "CAUSE"), ("乙。", "EVIDENCE"), ("丙。", "EVIDENCE")]
    result = score_arguments(gold, predicted)
    assert result["accuracy"] == pytest.approx(1 / 3)
    assert result["lenient_accuracy"] == pytest.approx(2 / 3)
    strict = score_arguments([(r.text, r.label) for r in gold], predicted)
    assert {k: v for k, v in result.items() if k != "lenient_accuracy"} == {
        k: v for k, v in strict.items() if k != "lenient_accuracy"
    }
    assert strict["lenient_accuracy"] == strict["accuracy"]  # no alt: lenient is strict


def test_no_predictions_at_all() -> None:
    result = score_arguments([("甲。", "CLAIM")], [])
    assert result["accuracy"] == 0.0 and result["unmatched"] == 1


def test_read_argument_gold(tmp_path: Path) -> None:
    rows = [
        {"i": 0, "text": "甲。", "label": "PROBLEM", "alt": ["BACKGROUND"], "cues": ["危机"]},
        {"i": 1, "text": "乙。", "label": "CLAIM"},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    assert read_argument_gold(path) == [
        ArgumentRecord("甲。", "PROBLEM", ("BACKGROUND",)),
        ArgumentRecord("乙。", "CLAIM"),
    ]
    path.write_text('{"text": "甲。", "label": "CLAIM"}\n{"text": "乙。"}\n', encoding="utf-8")
    with pytest.raises(EvaluationFormatError, match=r"gold\.jsonl:2: field 'label'"):
        read_argument_gold(path)


def test_gold_with_offsets_is_read(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"doc": "a.txt", "start": 0, "end": 5, "text": "我们要合作。", "label": "RECOMMENDATION"},
        {"text": "这很好。", "label": "CLAIM"},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    first, second = read_argument_gold(gold)
    assert (first.doc, first.start, first.end) == ("a.txt", 0, 5)
    assert (second.doc, second.start, second.end) == (None, None, None)


@pytest.mark.parametrize("extra", [{"start": "0", "end": 5}, {"start": 5, "end": 5}, {"end": None}])
def test_gold_with_bad_offsets_is_refused(tmp_path: Path, extra: dict[str, object]) -> None:
    gold = tmp_path / "gold.jsonl"
    row = {"doc": "a.txt", "start": 0, "text": "我们要合作。", "label": "CLAIM", **extra}
    gold.write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(EvaluationFormatError, match=r"gold\.jsonl"):
        read_argument_gold(gold)


def test_folder_gold_is_matched_by_offsets(tmp_path: Path) -> None:
    """The same sentence twice: offsets pick the right copy, text would take the first."""
    import multilat_nlp
    from multilat_nlp.evaluate.runner import evaluate_arguments

    text = "各国应当加强合作。\n\n各国应当加强合作。\n\n二〇二〇年增长了百分之五。\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "r.txt").write_text(text, encoding="utf-8")
    nlp = multilat_nlp.load("policy")
    doc = nlp(text)
    units = {(u["start"], u["end"]): u["label"] for u in doc._.arguments}
    second = text.index("各国", 1)
    label = units[(second, second + 9)]
    wrong = "CLAIM" if label != "CLAIM" else "EVIDENCE"
    gold = tmp_path / "gold.jsonl"
    rows = [{"doc": "r.txt", "start": second, "end": second + 9, "text": text[second:second + 9],
             "label": label},
            {"text": "二〇二〇年增长了百分之五。", "label": wrong}]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = evaluate_arguments(nlp, tmp_path / "docs", gold)
    assert (result["matched"], result["documents"]) == (2, 1)
    assert result["accuracy"] == pytest.approx(0.5)
