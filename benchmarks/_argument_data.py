"""Gold argument units aligned to the pipeline's units, with features: shared by the training and
evaluation scripts so both see exactly what the stage sees.

Seed gold units are matched by text (``match_units``), dev gold units by offsets into their file
(``match_by_offsets`` after mapping unit offsets back to the input). Paths are arguments: the
gold never ships.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multilat_nlp.arguments.features import AnalysedUnit, analyse_units, unit_features
from multilat_nlp.arguments.units import build_units
from multilat_nlp.document import to_input_spans
from multilat_nlp.evaluate.arguments import match_by_offsets, match_units
from multilat_nlp.pipeline import load
from multilat_nlp.reading import read

ROOT = Path(__file__).resolve().parents[1]


def shared(*parts: str) -> Path:
    """A path under the shared data folder (next to the main repo or the worktrees)."""
    for base in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if base.is_dir():
            return base.joinpath(*parts)
    return Path("/work/shared").joinpath(*parts)


DEFAULT_SEED_TEXT = shared("seed", "000_cd34105e53f3530d.txt")
DEFAULT_SEED_GOLD = shared("design", "gold", "seed_arguments.jsonl")
DEFAULT_DEV_DOCS = shared("eval", "policy_gov_work_reports", "docs")
DEFAULT_DEV_GOLD = shared("design", "gold", "dev_arguments.jsonl")


def add_gold_arguments(parser: argparse.ArgumentParser) -> None:
    """The seed and dev-report paths every argument script takes (defaults beside ../shared)."""
    parser.add_argument("--seed-text", type=Path, default=DEFAULT_SEED_TEXT)
    parser.add_argument("--seed-gold", type=Path, default=DEFAULT_SEED_GOLD)
    parser.add_argument("--dev-docs", type=Path, default=DEFAULT_DEV_DOCS)
    parser.add_argument("--dev-gold", type=Path, default=DEFAULT_DEV_GOLD)


@dataclass
class Document:
    """One analysed document: its units, their features and the gold aligned to them."""

    name: str
    genre: str  # "paper" (seed) or "gov_report" (dev)
    units: list[AnalysedUnit]
    features: list[list[str]]
    gold: list[dict[str, Any]]  # the gold records, in gold order
    unit_of_gold: list[int | None]  # the unit index matched to each gold record
    group_of_unit: list[str] = field(default_factory=list)  # CV group (section or doc)


def _pipeline() -> Any:
    return load("policy", disable=["arguments"])


def _analysed(nlp: Any, path: Path) -> tuple[Any, list[AnalysedUnit]]:
    doc = nlp(read(path).text)
    return doc, analyse_units(build_units(doc), doc.text)


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_seed(text: Path, gold: Path, nlp: Any | None = None) -> Document:
    """The seed paper; each unit's CV group is the gold section of the nearest matched unit."""
    nlp = nlp or _pipeline()
    _, units = _analysed(nlp, text)
    records = _records(gold)
    assigned = match_units([r["text"] for r in records], [u.unit.text for u in units])
    groups = [""] * len(units)
    for record, j in zip(records, assigned, strict=True):
        if j is not None and not groups[j]:
            groups[j] = record["section"]
    current = records[0]["section"]
    for j in range(len(units)):
        current = groups[j] or current
        groups[j] = current
    features = [unit_features(units, i) for i in range(len(units))]
    return Document("seed", "paper", units, features, records, assigned, groups)


def load_dev(docs: Path, gold: Path, nlp: Any | None = None) -> list[Document]:
    """The dev reports: gold matched by offsets; each document is its own CV group."""
    nlp = nlp or _pipeline()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for record in _records(gold):
        by_doc.setdefault(record["doc"], []).append(record)
    documents = []
    for name, records in sorted(by_doc.items()):
        doc, units = _analysed(nlp, docs / name)
        spans = []
        for item in units:
            pieces = to_input_spans(doc, item.unit.start, item.unit.end)
            spans.append((pieces[0][0], pieces[-1][1]) if pieces else (-1, -1))
        assigned = match_by_offsets([(r["start"], r["end"]) for r in records], spans)
        features = [unit_features(units, i) for i in range(len(units))]
        documents.append(
            Document(name, "gov_report", units, features, records, assigned, [name] * len(units))
        )
    return documents


Group = tuple[str, str]
"""A CV group: ``(document name, group)`` (a seed section, or a whole report)."""


def cv_groups(documents: Sequence[Document]) -> list[Group]:
    """Every CV group of ``documents``, in document order."""
    return [(d.name, g) for d in documents for g in sorted(set(d.group_of_unit))]


def training_rows(documents: Sequence[Document], exclude: Collection[Group] = ()
                  ) -> tuple[list[list[str]], list[str]]:
    """Features and gold labels of every matched gold unit, leaving out the groups ``exclude``."""
    rows: list[list[str]] = []
    labels: list[str] = []
    for document in documents:
        for record, j in zip(document.gold, document.unit_of_gold, strict=True):
            if j is None or (document.name, document.group_of_unit[j]) in exclude:
                continue
            rows.append(document.features[j])
            labels.append(record["label"])
    return rows, labels
