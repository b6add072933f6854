"""No top keyword of a real paper is page furniture, a wrapper or a table-of-contents line.

Runs on ``../shared/eval/policy_papers_dev`` when present (skipped otherwise): the documents are
copyrighted and never copied here, and the checks name no string from them. Each check is a
class of junk: a keyword that is a whole dropped furniture line (running head, footer, page
number, TOC entry), pure digits or a roman page number, a file-name or markup fragment (indd,
pdf, cid, Table_Main), a YAML / licence-notice word (title, false), or unprintable glyphs.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import multilat_nlp

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "policy_papers_dev"
FURNITURE = {"header", "footer", "page_number", "toc"}
_JUNK = re.compile(
    r"^(?:\d+|(?=[ivxl])l?x{0,3}(?:ix|iv|v?i{0,3})|indd|indb|qxd|qxp|pdf|docx?|html?|cid|table_\w+|\w+\.(?:indd|pdf|docx?)"
    r"|true|false|null|none|title|author|date|tags?|layout|public|domain)$",
    re.IGNORECASE,
)


def _documents() -> list[Path]:
    if not DEV.is_dir():
        pytest.skip("../shared/eval/policy_papers_dev is not present")
    return sorted(p for p in DEV.rglob("*") if p.suffix in {".pdf", ".docx", ".html"})


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _furniture_lines(doc: Any, raw_text: str) -> set[str]:
    lines: set[str] = set()
    for region in doc._.dropped or []:
        if region["kind"] in FURNITURE:
            piece = _squeeze(raw_text[region["raw_start"] : region["raw_end"]])
            if piece:
                lines.add(piece)
    return lines


@pytest.fixture(scope="module")
def nlp() -> Any:
    return multilat_nlp.load()


@pytest.mark.parametrize("name", [p.name for p in _documents()] if DEV.is_dir() else [])
def test_top_keywords_are_not_furniture_or_wrappers(nlp: Any, name: str) -> None:
    path = next(p for p in _documents() if p.name == name)
    raw = multilat_nlp.read(path)
    doc = multilat_nlp.analyze(path, nlp=nlp)
    top = [str(k["term"]) for k in (doc._.keywords or [])[:20]]
    assert top, f"{name}: no keywords"
    furniture = _furniture_lines(doc, raw.text)
    bad = [
        term for term in top
        if _JUNK.match(_squeeze(term))
        or _squeeze(term) in furniture
        or any(unicodedata.category(ch) in ("Co", "Cn", "Cc") for ch in term)
    ]
    assert not bad, f"{name}: furniture or wrapper keywords {bad}"
