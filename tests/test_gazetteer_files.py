"""Every shipped gazetteer file: one format, known labels, unique ids, no surface claimed twice."""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from multilat_nlp.entities.gazetteer import (
    BLOCKER,
    LABELS,
    SHIPPED,
    GazetteerEntry,
    parse_gazetteer,
)

_PACKAGE = "multilat_nlp.resources.gazetteers"


def _text(name: str) -> str:
    return resources.files(_PACKAGE).joinpath(f"{name}.tsv").read_text(encoding="utf-8")


def _entries(name: str) -> list[GazetteerEntry]:
    return parse_gazetteer(_text(name).splitlines(), source=f"{name}.tsv")


@pytest.mark.parametrize("name", SHIPPED)
def test_file_states_source_and_licence(name: str) -> None:
    header = [line for line in _text(name).splitlines() if line.startswith("#")][:3]
    assert any(line.startswith("# source:") for line in header), name
    assert any(line.startswith("# licence:") for line in header), name


@pytest.mark.parametrize("name", SHIPPED)
def test_every_line_has_the_columns_a_label_and_a_chinese_name(name: str) -> None:
    for number, line in enumerate(_text(name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) in (6, 7), f"{name}.tsv:{number}: {len(cols)} columns"
        assert all(c == c.strip() and c for c in cols), f"{name}.tsv:{number}: empty or padded cell"
        assert cols[1] in LABELS or cols[1] == BLOCKER, f"{name}.tsv:{number}: label {cols[1]!r}"
        assert cols[2] != "-", f"{name}.tsv:{number}: no Chinese name"
        values = [v for c in cols[2:6] for v in c.split("|")]
        assert all(v and v == v.strip() for v in values), f"{name}.tsv:{number}: empty value"


def test_ids_are_unique_across_all_files() -> None:
    ids = Counter(e.id for name in SHIPPED for e in _entries(name) if e.label != BLOCKER)
    assert [i for i, n in ids.items() if n > 1] == []


def test_no_surface_form_belongs_to_two_entries() -> None:
    """A surface with two owners would be linked to whichever comes last: a silent error."""
    owners: dict[str, set[str]] = {}
    for name in SHIPPED:
        for entry in _entries(name):
            for surface in entry.surfaces:
                if not surface.isascii() or len(surface) > 1:
                    owners.setdefault(surface, set()).add(f"{name}:{entry.id}")
    shared = {s: o for s, o in owners.items() if len(o) > 1}
    assert shared == {}


def test_coordination_forms_are_single_characters_owned_once() -> None:
    coords = Counter(e.coord for name in SHIPPED for e in _entries(name) if e.coord)
    assert [c for c, n in coords.items() if n > 1] == []
    assert all(len(c) == 1 for c in coords)


def test_one_character_chinese_forms_only_as_coordinations() -> None:
    """The finder never matches a lone Chinese character in running text: such a value is dead."""
    lone = [
        (name, e.id, s)
        for name in SHIPPED
        for e in _entries(name)
        for s in e.surfaces
        if len(s) == 1 and not s.isascii()
    ]
    assert lone == []


def test_the_classes_the_issue_names_are_covered() -> None:
    """Sizes of the classes: the lists are meant to be complete, not a sample."""
    by_label = Counter(e.label for name in SHIPPED for e in _entries(name))
    assert by_label["GPE"] >= 193 + 300  # every UN member + prefecture-level divisions
    states = {z for e in _entries("states") for z in e.zh}
    assert {"中国", "美国", "苏联", "南斯拉夫", "石家庄", "马六甲海峡", "中东"} <= states
