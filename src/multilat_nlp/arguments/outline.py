"""A paper's argument outline from its document JSON: the thesis, then each problem with the
recommendations that answer it (``motivate`` arcs, and the recommendations elaborating those).

Pure functions on the JSON dict (``multilat_nlp.document/1``), so the outline can be printed
from saved results without running a pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_SNIPPET = 60


@dataclass
class OutlineItem:
    """One unit in the outline, with where it stands."""

    label: str
    start: int
    end: int
    section: str
    text: str
    actor: str | None = None
    strength: str | None = None


@dataclass
class ProblemEntry:
    """A problem and the recommendations that answer it."""

    problem: OutlineItem
    recommendations: list[OutlineItem] = field(default_factory=list)


@dataclass
class Outline:
    """The thesis units and the problems, in document order."""

    thesis: list[OutlineItem]
    problems: list[ProblemEntry]


def _section_titles(document: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(s["id"]): f"{s.get('marker') or ''}{s.get('title') or ''}"
        for s in document.get("sections") or []
    }


def build_outline(document: Mapping[str, Any]) -> Outline:
    """The outline of one document JSON (needs the ``arguments`` key filled)."""
    text = str(document.get("text") or "")
    titles = _section_titles(document)
    records: list[Mapping[str, Any]] = list(document.get("arguments") or [])
    by_sentence = {int(r["sentence"]): r for r in records}

    def item(record: Mapping[str, Any]) -> OutlineItem:
        start, end = int(record["start"]), int(record["end"])
        section = record.get("section")
        return OutlineItem(
            label=str(record["label"]),
            start=start,
            end=end,
            section=titles.get(str(section), "") if section else str(record.get("role") or ""),
            text=text[start:end],
            actor=record.get("actor"),
            strength=record.get("strength"),
        )

    elaborated_by: dict[int, list[int]] = {}
    for record in records:
        for relation in record.get("relations") or []:
            if relation["type"] == "elaborate":
                elaborated_by.setdefault(int(relation["head"]), []).append(int(record["sentence"]))
    problems = []
    for record in records:
        if record["label"] != "PROBLEM":
            continue
        entry = ProblemEntry(item(record))
        heads = [
            int(rel["head"]) for rel in record.get("relations") or [] if rel["type"] == "motivate"
        ]
        seen: set[int] = set()
        while heads:
            head = heads.pop(0)
            answer = by_sentence.get(head)
            if head in seen or answer is None or answer["label"] != "RECOMMENDATION":
                continue
            seen.add(head)
            entry.recommendations.append(item(answer))
            heads += elaborated_by.get(head, [])
        entry.recommendations.sort(key=lambda unit: unit.start)
        problems.append(entry)
    thesis = [item(r) for r in records if r.get("thesis")]
    return Outline(thesis, problems)


def _line(unit: OutlineItem, indent: str) -> str:
    snippet = unit.text if len(unit.text) <= _SNIPPET else unit.text[:_SNIPPET] + "…"
    extra = ", ".join(v for v in (unit.strength, unit.actor) if v)
    where = f"{unit.section or '-'} {unit.start}-{unit.end}"
    return f"{indent}[{unit.label}{' ' + extra if extra else ''}] ({where}) {snippet}"


def format_outline(outline: Outline) -> str:
    """The outline as indented plain text, one unit a line."""
    lines = ["thesis:"]
    lines += [_line(unit, "  ") for unit in outline.thesis] or ["  (none found)"]
    lines.append("problems and the recommendations that answer them:")
    if not outline.problems:
        lines.append("  (none found)")
    for number, entry in enumerate(outline.problems, start=1):
        lines.append(_line(entry.problem, f"  P{number} "))
        lines += [_line(unit, "      -> ") for unit in entry.recommendations] or [
            "      -> (no recommendation linked)"
        ]
    return "\n".join(lines) + "\n"
