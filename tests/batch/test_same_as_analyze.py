"""A file gives the same document through ``batch`` as through ``analyze``."""

from __future__ import annotations

from pathlib import Path

import multilat_nlp
from multilat_nlp.batch import analyze_path
from multilat_nlp.document import dumps

HTML = (
    "<html><head><title>关于推进数字政府建设的意见</title></head><body>"
    "<h1>关于推进数字政府建设的意见</h1>"
    "<h2>总体要求</h2><p>坚持以人民为中心，推进政务服务一网通办。</p>"
    "<h2>主要任务</h2><p>加强数据共享，提升治理能力。</p>"
    "</body></html>"
)


def test_batch_worker_uses_the_readers_layout_as_analyze_does(tmp_path: Path) -> None:
    path = tmp_path / "opinion.html"
    path.write_text(HTML, encoding="utf-8")
    nlp = multilat_nlp.load()
    expected = multilat_nlp.analyze(path, nlp=nlp)
    assert [s["title"] for s in expected._.sections] == ["总体要求", "主要任务"]
    text, facts = analyze_path(nlp, path)
    assert text == dumps(expected)
    assert facts["chars"] == len(expected.text)
