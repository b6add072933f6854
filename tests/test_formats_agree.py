"""The seed as .txt, .docx and .pdf gives the same clean text (issue 3, "Formats").

The PDF is laid out page by page as the original was (one PDF page per page the cleaner found in
the extracted text), so page furniture and footnotes sit at page bottoms as in a real paper;
pdfminer then wraps long lines, and the cleaner must undo all of it.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.reading import read
from tests.conftest import SEED

pytest.importorskip("reportlab")
pytest.importorskip("pdfminer")
docx = pytest.importorskip("docx")

from tests.test_reading_pdf import make_pdf  # noqa: E402


def _visible(text: str) -> str:
    return "".join(text.split())


def agreement(a: str, b: str) -> float:
    """Share of non-space characters that line up, in order (difflib ratio)."""
    return difflib.SequenceMatcher(None, _visible(a), _visible(b), autojunk=False).ratio()


@pytest.fixture(scope="module")
def seed_source() -> str:
    if not SEED.exists():
        pytest.skip("shared seed paper not present")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference(nlp: Language, seed_source: str) -> Doc:
    return nlp(seed_source)


@pytest.fixture(scope="module")
def pdf_text(reference: Doc, seed_source: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seed rendered one PDF page per page the cleaner found, read back with pdfminer."""
    bounds = [*reference._.clean_info["pages"], len(seed_source)]
    pages = [
        seed_source[bounds[i] : bounds[i + 1]].strip("\n").split("\n")
        for i in range(len(bounds) - 1)
    ]
    text = read(make_pdf(tmp_path_factory.mktemp("pdf") / "seed.pdf", pages)).text
    assert text.count("\f") == len(pages) - 1
    return text


@pytest.fixture(scope="module")
def pdf_doc(nlp: Language, pdf_text: str) -> Doc:
    return nlp(pdf_text)


def test_seed_docx_gives_the_same_clean_text(
    nlp: Language, seed_source: str, reference: Doc, tmp_path: Path
) -> None:
    document = docx.Document()
    for line in seed_source.split("\n"):
        document.add_paragraph(line)
    document.save(str(tmp_path / "seed.docx"))
    value = agreement(reference.text, nlp(read(tmp_path / "seed.docx").text).text)
    print(f"seed docx vs txt, clean text: {value:.4f}")
    assert value >= 0.99


def test_seed_pdf_gives_the_same_clean_text(reference: Doc, pdf_doc: Doc) -> None:
    value = agreement(reference.text, pdf_doc.text)
    print(f"seed pdf vs txt, clean text: {value:.4f}")
    assert value >= 0.99


def _sections(doc: Doc) -> list[tuple[Any, ...]]:
    by_id = {s["id"]: s for s in doc._.sections}
    return [
        (
            s["marker"],
            s["title"],
            s["level"],
            None if s["parent"] is None else by_id[s["parent"]]["marker"],
        )
        for s in doc._.sections
    ]


def _footnotes(doc: Doc) -> list[tuple[Any, ...]]:
    rows = []
    for note in doc._.footnotes:
        citation = note["citation"] or {}
        anchor = None if note["anchor"] is None else doc.text[note["anchor"] : note["anchor_end"]]
        rows.append(
            (
                note["page"],
                note["marker"],
                note["kind"],
                _visible(doc.text[note["text_start"] : note["end"]]),
                anchor,
                citation.get("urls"),
                citation.get("accessed"),
            )
        )
    return rows


def test_seed_pdf_gives_the_same_structure(reference: Doc, pdf_doc: Doc) -> None:
    """Title, keywords, the 8 headings and the 16 footnotes (pages, anchors, URLs) as from .txt."""
    for key in ("title", "authors", "affiliations", "declared_keywords"):
        assert pdf_doc._.meta[key] == reference._.meta[key], key
    assert len(reference._.sections) == 8
    assert _sections(pdf_doc) == _sections(reference)
    assert len(reference._.footnotes) == 16
    assert _footnotes(pdf_doc) == _footnotes(reference)
    assert len(pdf_doc._.clean_info["notes"]) == len(reference._.clean_info["notes"]) == 1


def test_seed_pdf_paragraphs_are_unwrapped(reference: Doc, pdf_doc: Doc) -> None:
    """pdfminer's wrapped lines come back as the paragraphs of the .txt, bar a few."""

    def paragraphs(doc: Doc) -> list[str]:
        return [line for line in doc.text.split("\n") if line.strip()]

    ours, theirs = paragraphs(pdf_doc), paragraphs(reference)
    same = difflib.SequenceMatcher(None, ours, theirs, autojunk=False).ratio()
    print(f"seed pdf vs txt, identical paragraphs: {same:.4f} ({len(ours)} vs {len(theirs)})")
    assert same >= 0.9
