"""Comparison charts: figures with Chinese in the bundled font, no missing glyphs, rcParams
unchanged, labels that never overlap."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from multilat_nlp.comparison import Comparison, compare
from multilat_nlp.comparison_charts import (
    dispersion_chart,
    keyness_chart,
    scatter_chart,
    trend_chart,
)
from multilat_nlp.corpus import Corpus

TERMS = ["多边主义", "全球治理", "合作", "美国", "挑战", "发展", "改革", "开放", "创新", "绿色",
         "协调", "共享", "安全", "稳定", "秩序", "危机", "贸易", "投资", "金融", "科技"]


def _corpus(shift: int, years: range) -> Corpus:
    records = []
    for year in years:
        tokens = [(t, "NOUN") for k, t in enumerate(TERMS) for _ in range(1 + (k * shift) % 17)]
        records.append({"name": str(year), "tokens": tokens, "meta": {"year": year}})
    return Corpus.from_records(records, stopwords=(), bins=50)


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare(_corpus(3, range(2012, 2016)), _corpus(7, range(2000, 2004)), min_freq=1,
                   correction=None)


def _render(fig: Figure, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph ("Glyph … missing") raises
        fig.savefig(path)
    assert path.stat().st_size > 1000


@pytest.mark.parametrize("kind", ["keyness", "scatter", "trend", "dispersion"])
def test_each_chart_renders_without_touching_rcparams(
    kind: str, comparison: Comparison, tmp_path: Path
) -> None:
    before = dict(matplotlib.rcParams)
    corpus = _corpus(3, range(2010, 2016))
    if kind == "keyness":
        fig = keyness_chart(comparison, top=5)
    elif kind == "scatter":
        fig = scatter_chart(comparison, top=8)
    elif kind == "trend":
        fig = trend_chart(corpus.trend(["多边主义", "合作"]))
    else:
        fig = dispersion_chart(corpus, ["多边主义", "合作"])
    assert isinstance(fig, Figure)
    _render(fig, tmp_path / f"{kind}.png")
    assert dict(matplotlib.rcParams) == before


def test_scatter_labels_do_not_overlap(comparison: Comparison) -> None:
    fig = scatter_chart(comparison, top=10)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts
             if isinstance(t, Annotation) and t.get_text()]
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_keyness_chart_has_terms_of_both_sides(comparison: Comparison) -> None:
    fig = keyness_chart(comparison, top=3)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 6
    assert labels[0] == comparison.top(1)[0]["term"]  # the strongest target key is on top


def test_empty_comparison_still_gives_a_figure() -> None:
    empty = Comparison([], "lrc", 1, 1, 1, 1)
    assert isinstance(keyness_chart(empty), Figure)
    assert isinstance(scatter_chart(empty), Figure)
