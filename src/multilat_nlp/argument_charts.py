"""Views of a document's argument structure: a displaCy span view (HTML) and an argument map.

Both read the document JSON (``multilat_nlp.document/1``), so they work on saved results. The
map is a matplotlib Figure (the caller saves or shows it): section × label counts, with the
problem → recommendation (``motivate``) links drawn between the cells they join. Fonts come from
:func:`multilat_nlp.charts.font_properties`; ``rcParams`` are never touched.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from multilat_nlp.arguments.lexicon import LABELS
from multilat_nlp.charts import font_properties
from multilat_nlp.errors import MultilatError

#: One colour per label in the span view (displaCy ``colors`` option).
LABEL_COLOURS: dict[str, str] = {
    "BACKGROUND": "#d9d9d9",
    "CLAIM": "#9ecae1",
    "EVIDENCE": "#a1d99b",
    "EXAMPLE": "#c7e9c0",
    "PROBLEM": "#fc9272",
    "CAUSE": "#fdae6b",
    "RECOMMENDATION": "#bcbddc",
    "CONCLUSION": "#6baed6",
}

_FRONT = "(front matter)"


class NoArgumentsError(MultilatError):
    """The document JSON has no argument units (the arguments stage did not run)."""


def _records(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    records = list(document.get("arguments") or [])
    if not records:
        raise NoArgumentsError("the document has no arguments (was the arguments stage disabled?)")
    return records


def argument_html(document: Mapping[str, Any], *, page: bool = True) -> str:
    """A displaCy span view: each argument unit underlined with its label.

    The "tokens" handed to displaCy are the units and the text between them (headings, notes),
    so Chinese text is not broken up by the spaces displaCy puts between tokens.
    """
    from spacy import displacy

    text = str(document.get("text") or "")
    records = sorted(_records(document), key=lambda r: int(r["start"]))
    tokens: list[str] = []
    spans: list[dict[str, Any]] = []
    position = 0
    for record in records:
        start, end = int(record["start"]), int(record["end"])
        if start < position:
            continue
        gap = text[position:start].strip()
        if gap:
            tokens.append(gap)
        label = str(record["label"]) + (" ★" if record.get("thesis") else "")
        spans.append({"start_token": len(tokens), "end_token": len(tokens) + 1, "label": label})
        tokens.append(text[start:end])
        position = end
    if text[position:].strip():
        tokens.append(text[position:].strip())
    colours = {**LABEL_COLOURS, **{f"{k} ★": v for k, v in LABEL_COLOURS.items()}}
    html: str = displacy.render(
        {"text": " ".join(tokens), "tokens": tokens, "spans": spans},
        style="span",
        manual=True,
        page=page,
        options={"colors": colours},
    )
    return html


def _section_names(document: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(s["id"]): f"{s.get('marker') or ''}{s.get('title') or ''}"[:24]
        for s in document.get("sections") or []
    }


def argument_map(
    document: Mapping[str, Any],
    *,
    font: str | os.PathLike[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Section × label counts, with the problem → recommendation links between sections."""
    records = _records(document)
    names = _section_names(document)
    order: list[str] = []
    for record in records:
        section = names.get(str(record.get("section")), _FRONT)
        if section not in order:
            order.append(section)
    counts: Counter[tuple[str, str]] = Counter(
        (names.get(str(r.get("section")), _FRONT), str(r["label"])) for r in records
    )
    row = {name: k for k, name in enumerate(order)}
    col = {label: k for k, label in enumerate(LABELS)}
    by_sentence = {int(r["sentence"]): r for r in records}
    links: Counter[tuple[int, int]] = Counter()
    for record in records:
        for relation in record.get("relations") or []:
            head = by_sentence.get(int(relation["head"]))
            if relation["type"] == "motivate" and head is not None:
                source = row[names.get(str(record.get("section")), _FRONT)]
                target = row[names.get(str(head.get("section")), _FRONT)]
                links[(source, target)] += 1

    text_font = font_properties(font, size=9)
    figure = Figure(figsize=(9, 1.2 + 0.45 * len(order)), layout="constrained")
    ax = figure.add_subplot()
    matrix = [[counts[(name, label)] for label in LABELS] for name in order]
    ax.imshow(matrix, cmap="Blues", aspect="auto")
    for r, values in enumerate(matrix):
        for c, value in enumerate(values):
            if value:
                ax.text(c, r, str(value), ha="center", va="center", fontproperties=text_font)
    problem, recommendation = col["PROBLEM"], col["RECOMMENDATION"]
    for (source, target), n in sorted(links.items()):
        ax.annotate(
            "",
            xy=(recommendation, target),
            xytext=(problem, source),
            arrowprops={
                "arrowstyle": "->",
                "color": "#cb181d",
                "lw": 0.8 + 0.6 * n,
                "connectionstyle": "arc3,rad=-0.25",
                "shrinkA": 6,
                "shrinkB": 6,
            },
        )
    ax.set_xticks(range(len(LABELS)), [label.title() for label in LABELS], rotation=30,
                  ha="right", fontproperties=text_font)
    ax.set_yticks(range(len(order)), order, fontproperties=text_font)
    meta = document.get("meta") or {}
    chart_title = title or str(meta.get("title") or "argument map")
    ax.set_title(f"{chart_title}  (red: problem → recommendation, {sum(links.values())} links)",
                 fontproperties=font_properties(font, size=11), loc="left")
    return figure
