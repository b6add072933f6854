"""The seed paper against its gold structure (../shared/design/gold/seed_structure.json).

The gold is in raw offsets; results are in clean offsets and are mapped back with the offset
map, so these tests check clean-up, the map and the structure stage together.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.document import register_extensions
from multilat_nlp.reading.clean import CleanText, clean
from multilat_nlp.stages.structure import StructureStage

from .conftest import SHARED

GOLD = SHARED / "design" / "gold"


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    path = GOLD / "seed_structure.json"
    if not path.exists():
        pytest.skip("../shared/design/gold is not present")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def cleaned(seed_text: str) -> CleanText:
    return clean(seed_text)


@pytest.fixture(scope="module")
def doc(cleaned: CleanText) -> Doc:
    register_extensions()
    if not Doc.has_extension("clean_info"):
        Doc.set_extension("clean_info", default=None)
    nlp: Language = spacy.blank("zh")
    doc = nlp(cleaned.text)
    doc._.clean_info = cleaned.info()
    return StructureStage()(doc)


def _raw(cleaned: CleanText, span: dict[str, Any]) -> tuple[int, int]:
    return cleaned.offset_map.to_raw(int(span["start"]), int(span["end"]))


def test_clean_invariants(seed_text: str, cleaned: CleanText) -> None:
    """The map and the dropped regions account for every character of the seed."""
    cleaned.verify(seed_text)
    assert all(d["kind"] != "unclassified" for d in cleaned.dropped)


def test_pages(cleaned: CleanText, gold: dict[str, Any]) -> None:
    """Eleven pages, found without form feeds, start where the gold says."""
    assert cleaned.pages == [page["start"] for page in gold["pages"]]


def test_every_page_break_rejoined(
    seed_text: str, cleaned: CleanText, gold: dict[str, Any]
) -> None:
    """The text before and after each of the 9 page joins is adjacent in the clean text."""
    offsets = cleaned.offset_map
    assert len(gold["page_joins"]) == 9
    for join in gold["page_joins"]:
        before = offsets.to_clean(join["before_end"] - 1)
        after = offsets.to_clean(join["after_start"])
        assert before is not None and after == before + 1, join["left_context"]
        window = cleaned.text[
            after - len(join["left_context"]) : after + len(join["right_context"])
        ]
        assert window == join["left_context"] + join["right_context"]


def test_pull_quotes_dropped(seed_text: str, cleaned: CleanText, gold: dict[str, Any]) -> None:
    """The 3 duplicates are dropped as pull-quotes; the originals stay in the text."""
    quotes = [d for d in cleaned.dropped if d["kind"] == "pull_quote"]
    assert len(quotes) == len(gold["pullquotes"]) == 3
    for item in gold["pullquotes"]:
        duplicate, original = item["duplicate"], item["original"]
        assert any(
            q["raw_start"] <= duplicate["start"] and duplicate["end"] <= q["raw_end"]
            for q in quotes
        )
        assert cleaned.offset_map.to_clean(original["start"]) is not None


def test_meta(doc: Doc, cleaned: CleanText, gold: dict[str, Any]) -> None:
    """Title, author (苗 绿 → 苗绿), affiliation, abstract and the 4 declared keywords."""
    meta, spans = doc._.meta, doc._.meta["spans"]
    assert meta["title"] == gold["title"]["text"]
    assert _raw(cleaned, spans["title"]) == (gold["title"]["start"], gold["title"]["end"])
    author = gold["author"]
    assert meta["authors"] == [author["normalized"]]
    assert _raw(cleaned, spans["authors"][0]) == (author["raw"]["start"], author["raw"]["end"])
    affiliation = gold["affiliation"]
    (found,) = spans["affiliations"]
    assert meta["affiliations"] == [affiliation["organization"]]
    assert _raw(cleaned, found) == (affiliation["text"]["start"], affiliation["text"]["end"])
    assert (found["person"], found["role"]) == (affiliation["person"], affiliation["role"])
    abstract = gold["abstract"]
    assert _raw(cleaned, meta["abstract"]) == (abstract["text"]["start"], abstract["text"]["end"])
    assert _raw(cleaned, spans["abstract_label"]) == (
        abstract["label"]["start"],
        abstract["label"]["end"],
    )
    assert meta["declared_keywords"] == [k["normalized"] for k in gold["keywords"]]
    assert [_raw(cleaned, s) for s in spans["keywords"]] == [
        (k["start"], k["end"]) for k in gold["keywords"]
    ]


def test_headings(doc: Doc, cleaned: CleanText, gold: dict[str, Any]) -> None:
    """8 headings with the gold markers, titles, levels, offsets and parents."""
    expected = []
    for top in gold["headings"]:
        expected.append((top, None))
        expected.extend((child, top) for child in top["children"])
    sections = doc._.sections
    assert len(sections) == len(expected) == 8
    by_start = {cleaned.offset_map.to_raw(s["start"], s["end"])[0]: s for s in sections}
    for heading, parent in expected:
        section = by_start[heading["start"]]
        assert (section["marker"], section["title"], section["level"]) == (
            heading["marker"],
            heading["text"],
            heading["level"],
        )
        assert cleaned.offset_map.to_raw_char(section["title_start"]) == heading["text_start"]
        if parent is None:
            assert section["parent"] is None
        else:
            assert by_start[parent["start"]]["id"] == section["parent"]
    assert all(s["end"] <= cleaned.body_end for s in sections)


def test_footnotes(doc: Doc, cleaned: CleanText, gold: dict[str, Any]) -> None:
    """Every footnote: page, marker, line, in-text marker, kind, URLs and access date."""
    notes = doc._.footnotes
    assert len(notes) == len(gold["footnotes"]) == 16
    for note, expected in zip(notes, gold["footnotes"], strict=True):
        assert (note["page"], note["marker"], note["kind"]) == (
            expected["page"],
            str(expected["no"]),
            expected["kind"],
        )
        assert _raw(cleaned, note) == (expected["start"], expected["end"])
        assert cleaned.offset_map.to_raw_char(note["text_start"]) == expected["text"]["start"]
        assert cleaned.offset_map.to_raw_char(note["anchor"]) == expected["marker"]["offset"]
        assert doc.text[note["anchor"] : note["anchor_end"]] == expected["marker"]["char"]
        citation = note["citation"]
        if expected["kind"] == "citation":
            assert citation["urls"] == [u["url"] for u in expected["urls"]]
            dates = [d["iso"] for d in expected["access_dates"]]
            assert citation["accessed"] == (dates[0] if dates else None)
        else:
            assert citation is None


def test_gold_entities_are_findable(seed_text: str, cleaned: CleanText) -> None:
    """Entities in the body and in footnotes keep their surface form in the clean text."""
    path = GOLD / "seed_entities.jsonl"
    if not path.exists():
        pytest.skip("entity gold is not present")
    offsets = cleaned.offset_map
    checked = 0
    fragments: dict[str, list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entity = json.loads(line)
        if entity.get("zone") == "pullquote":
            continue
        if "fragment" in entity:  # 东|盟 cut by a page break with notes in between
            position = offsets.to_clean(entity["start"])
            assert position is not None
            fragments.setdefault(entity["joined_text"], []).append(position)
            continue
        start = offsets.to_clean(entity["start"])
        last = offsets.to_clean(entity["end"] - 1)
        assert start is not None and last is not None, entity
        if "joined_text" in entity:
            assert cleaned.text[start : last + 1] == entity["joined_text"]
        else:
            assert cleaned.text[start : last + 1] == entity["text"], entity
        checked += 1
    assert checked >= 500
    for joined, positions in fragments.items():
        assert cleaned.text[positions[0] : positions[0] + len(joined)] == joined


def test_tokens_and_sentences_map_back(seed_text: str, cleaned: CleanText, nlp: Language) -> None:
    """For every token and sentence, the map gives back the same characters of the raw file."""
    doc = nlp(cleaned.text)
    offsets = cleaned.offset_map
    spans = [(t.idx, t.idx + len(t.text)) for t in doc] + [
        (s.start_char, s.end_char) for s in doc.sents
    ]
    for start, end in spans:
        raw = "".join(seed_text[a:b] for a, b in offsets.to_raw_spans(start, end))
        kept = "".join(
            cleaned.text[i] for i in range(start, end) if offsets.to_raw_char(i) is not None
        )
        assert raw == kept


def test_the_traditional_seed_has_the_same_structure_and_keywords(
    seed_text: str, nlp: Language
) -> None:
    """The seed converted to Traditional, as a Taiwan or Hong Kong reader would have it: the
    same title, authors, affiliation, abstract, declared keywords, heading tree, footnotes with
    citations, and document keywords, each written in Traditional characters."""
    from multilat_nlp.text.script import simplified_key

    from .conftest import to_traditional

    traditional = to_traditional(seed_text)
    simplified_doc, traditional_doc = nlp(seed_text), nlp(traditional)

    def folded(value: Any) -> str:
        return simplified_key(json.dumps(value, ensure_ascii=False))

    for key in ("title", "authors", "affiliations", "abstract", "declared_keywords"):
        assert folded(traditional_doc._.meta[key]) == folded(simplified_doc._.meta[key]), key
    assert folded(traditional_doc._.sections) == folded(simplified_doc._.sections)
    assert folded(traditional_doc._.footnotes) == folded(simplified_doc._.footnotes)
    assert folded(traditional_doc._.keywords) == folded(simplified_doc._.keywords)
