"""The pkuseg engine: a clear error without a model; a real model trained here on a fixture."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import multilat_nlp
from multilat_nlp.errors import ConfigError
from multilat_nlp.stages.segment import Engine, Segmenter, SegmenterSettings

TRAIN = [
    "我们 坚持 多边主义 。",
    "中国 推动 构建 人类 命运 共同体 。",
    "各国 应当 加强 合作 。",
    "我们 支持 全球 治理 改革 。",
    "经济 全球化 是 大势所趋 。",
    "各国 支持 多边 贸易 体制 。",
]


def test_pkuseg_without_model_says_how_to_supply_one() -> None:
    with pytest.raises(ConfigError, match=r"pkuseg_model=.*") as info:
        multilat_nlp.load(segment={"engine": "pkuseg"})
    assert "spacy_pkuseg.train" in str(info.value)
    with pytest.raises(ConfigError, match="pkuseg"):
        Segmenter(SegmenterSettings(engine=Engine.PKUSEG)).initialize()


def test_pkuseg_model_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a folder"):
        Segmenter(
            SegmenterSettings(engine=Engine.PKUSEG, pkuseg_model=str(tmp_path / "missing"))
        ).initialize()
    # a model *name* is refused too, so nothing is ever downloaded
    with pytest.raises(ConfigError, match="not a folder"):
        Segmenter(SegmenterSettings(engine=Engine.PKUSEG, pkuseg_model="mixed")).initialize()


@pytest.fixture(scope="module")
def pkuseg_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    folder = tmp_path_factory.mktemp("pkuseg")
    train = folder / "train.txt"
    train.write_text("\n".join(TRAIN * 3) + "\n", encoding="utf-8")
    model = folder / "model"
    spacy_pkuseg.train(str(train), str(train), str(model), train_iter=5)
    return str(model)


def test_pkuseg_engine_with_trained_model(pkuseg_model: str) -> None:
    nlp = multilat_nlp.load(segment={"engine": "pkuseg", "pkuseg_model": pkuseg_model})
    text = "我们坚持多边主义，推动一带一路 合作，增长74.78%。"
    doc = nlp(text)
    words = [t.text for t in doc]
    assert doc.text == text
    assert "多边主义" in words  # learnt, and in the policy lexicon
    assert "一带一路" in words  # only in the policy lexicon: passed to pkuseg as a user dict
    assert "74.78%" in words  # protected spans work with every engine
    assert all(t.tag_ and t.pos_ for t in doc)  # the POS stage works whichever engine cuts


def test_pkuseg_spans_tile_text_with_whitespace(pkuseg_model: str) -> None:
    segmenter = Segmenter(SegmenterSettings(engine=Engine.PKUSEG, pkuseg_model=pkuseg_model))
    text = "  我们坚持\n\n多边主义 。 "
    spans = segmenter.spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
