"""Keyword charts: Chinese renders with the bundled font, no warnings, no global state."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib.figure import Figure
from spacy.language import Language

import multilat_nlp
from multilat_nlp.charts import BUNDLED_FAMILY, bundled_font_path, font_properties, keyword_chart

RARE = "镕赟堃喆啰"
ROWS = [("朱镕基", 5.0), ("王赟", 4.0), ("李堃", 3.0), ("陶喆", 2.0), ("啰嗦", 1.0),
        ("「全球治理」—《多边主义》…①％", 0.5)]


def _render(fig: Figure, path: Path) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("error")  # a missing glyph raises instead of drawing a box
        fig.savefig(path)
    return list(caught)


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_rare_characters_render_without_missing_glyphs(tmp_path: Path, suffix: str) -> None:
    """镕 赟 堃 喆 啰 and CJK punctuation draw with the bundled font in every format."""
    fig = keyword_chart(ROWS, title=f"罕见字：{RARE}")
    out = tmp_path / f"chart.{suffix}"
    assert _render(fig, out) == []
    assert out.stat().st_size > 1000


def test_default_font_would_miss_the_glyphs(tmp_path: Path) -> None:
    """The control: matplotlib's default font lacks them, so the test above can fail."""
    fig = Figure()
    fig.text(0.5, 0.5, RARE, fontproperties=matplotlib.font_manager.FontProperties(
        family="DejaVu Sans"))
    with pytest.raises(UserWarning, match="missing from font"):
        _render(fig, tmp_path / "control.png")


def test_rcparams_and_pyplot_are_untouched(tmp_path: Path) -> None:
    """No global rcParams change and no pyplot figure: the chart is a plain Figure."""
    import matplotlib.pyplot as plt

    before = dict(matplotlib.rcParams)
    figures = plt.get_fignums()
    fig = keyword_chart(ROWS, font="DejaVu Sans")
    fig.savefig(tmp_path / "x.png")
    assert isinstance(fig, Figure)
    assert dict(matplotlib.rcParams) == before
    assert plt.get_fignums() == figures


def test_user_font_goes_first_with_ours_as_fallback() -> None:
    assert font_properties().get_family()[:1] == [BUNDLED_FAMILY]
    assert font_properties("DejaVu Sans").get_family()[:2] == ["DejaVu Sans", BUNDLED_FAMILY]
    by_path = font_properties(bundled_font_path())  # a font file works too
    assert by_path.get_family()[0] == BUNDLED_FAMILY


def test_chart_from_a_doc_and_from_its_json(nlp: Language) -> None:
    """A Doc or its JSON give the same bars; declared keywords get their own colour."""
    doc = nlp("多边主义与全球治理\n我们坚持多边主义，完善全球治理体系，推动全球治理改革。\n")
    data = multilat_nlp.to_json(doc)
    data["meta"] = {**(data.get("meta") or {}), "declared_keywords": ["多边主义"]}
    from_json = keyword_chart(json.loads(json.dumps(data, ensure_ascii=False)), topn=3)
    bars = from_json.axes[0].patches
    assert len(bars) == min(3, len(doc._.keywords))
    labels = [t.get_text() for t in from_json.axes[0].get_yticklabels()]
    assert labels == [k["term"] for k in doc._.keywords[:3]]
    colours = {label: bar.get_facecolor() for label, bar in zip(labels, bars, strict=True)}
    if "多边主义" in colours and len(set(colours)) > 1:
        others = [c for label, c in colours.items() if label != "多边主义"]
        assert all(c != colours["多边主义"] for c in others)
    from_doc = keyword_chart(doc, topn=3)
    assert [t.get_text() for t in from_doc.axes[0].get_yticklabels()] == labels


def test_empty_keyword_list_still_draws(tmp_path: Path) -> None:
    fig = keyword_chart([], title="空")
    assert _render(fig, tmp_path / "empty.png") == []


def test_bad_topn() -> None:
    with pytest.raises(ValueError):
        keyword_chart(ROWS, topn=0)


def test_bundled_font_covers_the_general_standard_table() -> None:
    """The subset keeps the 8,105 characters of 通用规范汉字表 (recorded at build time)."""
    folder = bundled_font_path().parent
    coverage = json.loads((folder / "coverage.json").read_text(encoding="utf-8"))
    assert coverage["tongyong_guifan_covered"] == 8105
    cmap = TTFont(bundled_font_path())["cmap"].getBestCmap()
    for char in RARE + "中國臺灣，。《》“”—…①ⅣA1é":
        assert ord(char) in cmap, char
    assert bundled_font_path().stat().st_size < 4_000_000
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL.txt").read_text(encoding="utf-8")
