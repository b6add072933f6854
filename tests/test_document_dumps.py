"""The fast JSON writer gives exactly the bytes of ``json.dumps(to_json(doc))``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from multilat_nlp.document import dumps, to_json
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
