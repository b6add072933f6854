"""Keyword charts that render Chinese with no set-up.

matplotlib's default font (DejaVu Sans) has no CJK glyphs, so a Chinese label becomes a row of
boxes and a "Glyph … missing from font" warning (matplotlib #14269, #15062). The package ships
a subset of Noto Sans CJK SC (OFL-1.1, ``resources/fonts``: the 8,105 characters of
通用规范汉字表, GB 2312, Big5 level 1, punctuation) under a family name of its own,
"MultilatNLP Noto Sans SC", so it can never shadow a full Noto font the user has installed.

The figures set their fonts per text through ``FontProperties``; ``rcParams`` are never touched.
The only process-wide effect is that matplotlib's font list learns the bundled family (once).
A font the user names goes first, with the bundled font and DejaVu Sans as fallbacks for any
glyph it lacks (matplotlib ≥ 3.6 font fallback).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

#: The family name inside the bundled font file.
BUNDLED_FAMILY = "MultilatNLP Noto Sans SC"
_FONT_FILE = "NotoSansSC-Regular-subset.otf"
_BAR = "#3b6ea5"
_DECLARED = "#d9822b"

KeywordLike = Mapping[str, Any] | Sequence[Any]


def bundled_font_path() -> Path:
    """The shipped CJK font file."""
    return Path(str(resources.files("multilat_nlp.resources.fonts").joinpath(_FONT_FILE)))


def _register(path: str | os.PathLike[str]) -> str:
    """Make a font file known to matplotlib (idempotent); returns its family name."""
    path = os.fspath(path)
    manager = font_manager.fontManager
    if not any(entry.fname == path for entry in manager.ttflist):
        manager.addfont(path)
    return FontProperties(fname=path).get_name()


def font_properties(
    font: str | os.PathLike[str] | None = None, *, size: float = 10
) -> FontProperties:
    """Fonts for our figures: the user's ``font`` (family name or file) first, then ours.

    >>> font_properties().get_family()[0]
    'MultilatNLP Noto Sans SC'
    """
    families = []
    if font is not None:
        is_file = os.fspath(font).lower().endswith((".ttf", ".otf", ".ttc")) or Path(font).is_file()
        families.append(_register(font) if is_file else os.fspath(font))
    families += [_register(bundled_font_path()), "DejaVu Sans"]
    return FontProperties(family=families, size=size)


def _rows(source: Any) -> tuple[list[tuple[str, float]], list[str], str | None, str | None]:
    """(term, score) rows, declared keywords, title and method from a Doc, JSON or list."""
    declared: list[str] = []
    title: str | None = None
    items: Any = source
    if hasattr(source, "_") and hasattr(source, "text"):  # a spaCy Doc
        items = list(source._.keywords or [])
        meta = source._.meta if source.has_extension("meta") else None
        source = {"keywords": items, "meta": meta or {}}
    if isinstance(source, Mapping):
        items = source.get("keywords") or []
        meta = source.get("meta") or {}
        declared = [str(k) for k in meta.get("declared_keywords") or []]
        title = meta.get("title") or None
    rows: list[tuple[str, float]] = []
    method = None
    for item in items:
        if isinstance(item, Mapping):
            rows.append((str(item["term"]), float(item["score"])))
            method = method or item.get("method")
        else:  # a Keyword or a (term, score, ...) tuple
            rows.append((str(item[0]), float(item[1])))
    return rows, declared, title, method


def keyword_chart(
    source: Any,
    *,
    topn: int = 20,
    title: str | None = None,
    font: str | os.PathLike[str] | None = None,
    declared: Sequence[str] | None = None,
    figsize: tuple[float, float] | None = None,
    color: str = _BAR,
    declared_color: str = _DECLARED,
) -> Figure:
    """A horizontal bar chart of one document's top keywords, best at the top.

    ``source`` is a ``Doc`` (its ``doc._.keywords``), a document JSON dict (its ``"keywords"``;
    the title and declared keywords come from its ``"meta"``), or a list of keyword dicts,
    :class:`~multilat_nlp.keywords.Keyword` tuples or ``(term, score)`` pairs. Keywords the
    author declared (关键词) are drawn in ``declared_color``. Returns a ``Figure`` that is not
    attached to pyplot: save it with ``fig.savefig("out.png" | ".svg" | ".pdf")``.
    """
    if topn < 1:
        raise ValueError(f"topn must be >= 1, got {topn}")
    rows, found_declared, found_title, method = _rows(source)
    rows = rows[:topn]
    declared_set = set(declared if declared is not None else found_declared)
    chart_title = title if title is not None else (found_title or "关键词")
    text_font = font_properties(font, size=10)
    title_font = font_properties(font, size=12)
    height = max(2.0, 0.32 * len(rows) + 1.3)
    fig = Figure(figsize=figsize or (6.4, height), layout="constrained")
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, "没有关键词 (no keywords)", ha="center", va="center",
                fontproperties=text_font, transform=ax.transAxes)
        ax.set_axis_off()
    else:
        positions = list(range(len(rows)))
        terms = [term for term, _ in rows]
        scores = [score for _, score in rows]
        colors = [declared_color if term in declared_set else color for term in terms]
        ax.barh(positions, scores, color=colors)
        ax.set_yticks(positions, terms, fontproperties=text_font)
        ax.invert_yaxis()
        ax.set_xlabel(f"score ({method})" if method else "score", fontproperties=text_font)
        for label in ax.get_xticklabels():
            label.set_fontproperties(text_font)
        ax.spines[["top", "right"]].set_visible(False)
        if declared_set & set(terms):
            from matplotlib.patches import Patch

            ax.legend(
                handles=[Patch(color=declared_color, label="作者关键词 (declared)")],
                prop=text_font, loc="lower right", frameon=False,
            )
    ax.set_title(chart_title, fontproperties=title_font, loc="left")
    return fig
