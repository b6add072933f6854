"""Same input and config give the same bytes, with 1 process or N."""

from __future__ import annotations

import pytest
from spacy.language import Language

import multilat_nlp
from tests.conftest import REPORTS


def _texts() -> list[str]:
    if not REPORTS.is_dir():
        pytest.skip("../shared/eval/policy_gov_work_reports is not present")
    return [path.read_text(encoding="utf-8") for path in sorted(REPORTS.glob("*.txt"))]


def test_two_processes_give_byte_identical_json_on_53_reports(nlp: Language) -> None:
    texts = _texts()
    assert len(texts) == 53
    single = [multilat_nlp.dumps(doc) for doc in nlp.pipe(texts, n_process=1)]
    double = [multilat_nlp.dumps(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=4)]
    assert single == double


def test_context_travels_with_documents_across_processes(nlp: Language) -> None:
    items = [(f"第{i}段：坚持多边主义。", {"i": i}) for i in range(20)]
    results = list(nlp.pipe(items, as_tuples=True, n_process=2, batch_size=3))
    assert [context["i"] for _, context in results] == list(range(20))
    assert all(doc.text == text for (doc, _), (text, _) in zip(results, items, strict=True))


def test_rebuilt_pipeline_gives_the_same_output(nlp: Language) -> None:
    text = "各位代表：现在，我代表国务院，向大会报告政府工作。推动共建“一带一路”高质量发展。"
    again = multilat_nlp.load()
    assert multilat_nlp.dumps(nlp(text)) == multilat_nlp.dumps(again(text))
