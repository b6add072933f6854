"""Keyword P/R/F1@k with the CSL baseline's semantics, and the CSL reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multilat_nlp.evaluate.formats import EvaluationFormatError
from multilat_nlp.evaluate.keywords import CslRecord, csl_input_text, read_csl, score_keywords


def _scores(gold: list[list[str]], predicted: list[list[str]], k: int) -> tuple[float, ...]:
    result = score_keywords(gold, predicted, k=k)
    assert result["documents"] == len(gold)
    return (result[f"precision@{k}"], result[f"recall@{k}"], result[f"f1@{k}"])


def test_single_document() -> None:
    # 1 hit out of 2 predictions and 3 gold keywords: P 1/2, R 1/3, F1 2/5
    assert _scores([["多边主义", "全球化", "治理"]], [["多边主义", "中国"]], k=5) == pytest.approx(
        (1 / 2, 1 / 3, 2 / 5)
    )


def test_only_the_first_k_predictions_count() -> None:
    gold = [["a"]]
    assert _scores(gold, [["x", "y", "a"]], k=2) == pytest.approx((0.0, 0.0, 0.0))
    assert _scores(gold, [["x", "y", "a"]], k=3) == pytest.approx((1 / 3, 1.0, 0.5))


def test_duplicates_count_once_in_overlap_but_fully_in_denominators() -> None:
    assert _scores([["a", "b"]], [["a", "a"]], k=5) == pytest.approx((1 / 2, 1 / 2, 1 / 2))
    assert _scores([["a", "a"]], [["a"]], k=5) == pytest.approx((1.0, 1 / 2, 2 / 3))


def test_empty_lists_score_zero_and_still_count() -> None:
    # documents: perfect, empty gold, empty prediction -> averages over all three
    assert _scores([["a"], [], ["b"]], [["a"], ["a"], []], k=5) == pytest.approx(
        (1 / 3, 1 / 3, 1 / 3)
    )


def test_keywords_are_trimmed() -> None:
    assert _scores([[" 中国 "]], [["中国\n"]], k=1) == pytest.approx((1.0, 1.0, 1.0))


def test_key_names_carry_k() -> None:
    assert set(score_keywords([["a"]], [["a"]], k=3)) == {
        "precision@3",
        "recall@3",
        "f1@3",
        "documents",
    }


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="k must be"):
        score_keywords([["a"]], [["a"]], k=0)
    with pytest.raises(ValueError, match="1 gold documents but 2"):
        score_keywords([["a"]], [["a"], ["b"]], k=1)
    with pytest.raises(ValueError, match="no documents"):
        score_keywords([], [], k=1)
    with pytest.raises(TypeError, match="string"):
        score_keywords([["a"]], ["a"], k=1)


def test_read_csl_and_input_text(tmp_path: Path) -> None:
    path = tmp_path / "csl.jsonl"
    rows = [
        {"id": "csl-1", "title": "标题", "abstract": "摘要。", "keywords": ["甲", "乙"]},
        {"title": "T", "abstract": "A", "keywords": [], "category": "法学"},
    ]
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8"
    )
    records = read_csl(path)
    assert records == [
        CslRecord("标题", "摘要。", ("甲", "乙"), id="csl-1"),
        CslRecord("T", "A", (), category="法学"),
    ]
    assert csl_input_text(records[0]) == "标题\n摘要。"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"title": "t", "abstract": "a"', "invalid JSON"),
        ('{"title": "t", "abstract": "a"}', "'keywords'"),
        ('{"title": "t", "abstract": 3, "keywords": []}', "'abstract'"),
        ('{"title": "t", "abstract": "a", "keywords": "甲"}', "list of strings"),
        ('["t", "a"]', "JSON object"),
    ],
)
def test_read_csl_reports_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    good = '{"title": "t", "abstract": "a", "keywords": ["k"]}'
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationFormatError, match=message) as info:
        read_csl(path)
    assert info.value.line == 2
    assert str(info.value).startswith(f"{path}:2:")
