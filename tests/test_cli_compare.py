"""``multilat-nlp compare``, ``trend`` and the comparison kinds of ``chart``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from spacy.language import Language

import multilat_nlp
from multilat_nlp.cli import main
from multilat_nlp.comparison import COLUMNS

OLD = "我们坚持计划经济，发展国民经济。国民经济稳定增长，计划经济继续完善。"
NEW = "我们推动高质量发展，实现碳达峰。高质量发展取得成效，碳达峰行动有序推进。"


@pytest.fixture(scope="module")
def folder(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("json")
    for year in range(2000, 2006):
        text = (OLD if year < 2003 else NEW) * 4
        data = multilat_nlp.to_json(nlp(text))
        (out / f"{year}.txt.0a1b2c.json").write_text(json.dumps(data, ensure_ascii=False),
                                                     encoding="utf-8")
    return out


def test_compare_by_year_prints_keys_and_writes_csv_and_chart(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path, chart = tmp_path / "k.csv", tmp_path / "k.png"
    code = main(["compare", str(folder), "--by", "year", "--target", "2003-2005",
                 "--reference", "2000-2002", "--stat", "g2", "--top", "3",
                 "--csv", str(csv_path), "--chart", str(chart)])
    assert code == 0
    out = capsys.readouterr().out
    assert "高质量发展" in out and "国民经济" in out
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["direction"] == "target" and rows[-1]["direction"] == "reference"
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_compare_vs_gives_json_that_chart_can_draw(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(folder.glob("*.json"))
    assert main(["compare", *map(str, files[3:]), "--vs", *map(str, files[:3]), "--json",
                 "--stat", "logodds", "--top", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "multilat_nlp.comparison/1" and data["stat"] == "logodds"
    assert len(data["records"]) == 4
    saved = tmp_path / "cmp.json"
    saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for kind in ("keyness", "scatter"):
        out = tmp_path / f"{kind}.svg"
        assert main(["chart", str(saved), "--kind", kind, "-o", str(out)]) == 0
        assert "<svg" in out.read_text(encoding="utf-8")


def test_one_vs_rest_for_every_group(folder: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    csv_path = tmp_path / "g.csv"
    assert main(["compare", str(folder), "--by", "year", "--stat", "g2", "--top", "1",
                 "--csv", str(csv_path)]) == 0
    assert capsys.readouterr().out.count("== ") == 6
    groups = {row["group"] for row in csv.DictReader(csv_path.open(encoding="utf-8"))}
    assert groups == {str(y) for y in range(2000, 2006)}


def test_trend_reports_first_appearance_and_draws(folder: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "t.png"
    assert main(["trend", str(folder), "--terms", "高质量发展,碳达峰", "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "高质量发展: first in 2003" in out and chart.exists()
    assert main(["trend", str(folder), "--terms", "碳达峰", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["year"] for r in lines] == list(range(2000, 2006))
    assert [r["count"] > 0 for r in lines] == [False] * 3 + [True] * 3


def test_chart_dispersion_and_keywords_still_work(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.png"
    assert main(["chart", str(folder), "--kind", "dispersion", "--terms", "碳达峰",
                 "-o", str(out)]) == 0
    assert out.exists()
    one = sorted(folder.glob("*.json"))[-1]
    assert main(["chart", str(one), "--kind", "keywords", "-o", str(tmp_path / "kw.png")]) == 0


@pytest.mark.parametrize("argv, message", [
    (["compare", "{f}"], "--vs"),
    (["compare", "{f}", "--by", "group"], "group"),
    (["compare", "{f}", "--by", "year", "--target", "1900-1901"], "no document"),
    (["trend", "{f}/missing", "--terms", "甲"], "missing"),
])
def test_mistakes_are_one_line_errors(folder: Path, argv: list[str], message: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main([a.format(f=folder) for a in argv]) == 2
    assert message in capsys.readouterr().err
