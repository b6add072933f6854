"""Charts for term comparison: keyness bars, frequency scatter, trends, dispersion barcode.

Each function returns a matplotlib ``Figure`` that is not attached to pyplot (save it with
``fig.savefig("out.png" | ".svg" | ".pdf")``). Fonts are set per text with the bundled CJK font
(:func:`multilat_nlp.charts.font_properties`); ``rcParams`` are never touched.

Scatter labels are placed by a small greedy search (no extra dependency): each label, most
important first, takes the first of a ring of positions around its point whose box overlaps no
label already placed, no labelled point and stays inside the axes; a label that finds none is
left out rather than drawn over another (the figure says how many were left out).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from multilat_nlp.charts import font_properties
from multilat_nlp.comparison import Comparison
from multilat_nlp.corpus import Corpus

__all__ = ["dispersion_chart", "keyness_chart", "scatter_chart", "trend_chart"]

TARGET_COLOR = "#3b6ea5"
REFERENCE_COLOR = "#d9822b"
_NEUTRAL = "#b8b8b8"
_LINE_COLORS = ("#3b6ea5", "#d9822b", "#5a9e4b", "#b5433d", "#7b5ea7", "#8c6d4f", "#c45fa0",
                "#6b6b6b", "#3aa6a6", "#a6a63a")
Font = str | os.PathLike[str] | None


def _style_ticks(ax: Axes, font: Font, size: float = 9) -> None:
    props = font_properties(font, size=size)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(props)


def _empty(fig: Figure, ax: Axes, message: str, font: Font) -> Figure:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
            fontproperties=font_properties(font, size=10))
    ax.set_axis_off()
    return fig


def keyness_chart(
    comparison: Comparison, *, top: int = 15, title: str | None = None,
    target_name: str = "目标语料 (target)", reference_name: str = "参照语料 (reference)",
    font: Font = None, figsize: tuple[float, float] | None = None,
) -> Figure:
    """Diverging bars of the ``top`` key terms of each side, ranked by the comparison's
    statistic. For LRC the bar ends at the LRC (the conservative end of the interval) and a
    whisker spans the whole Log Ratio interval with a dot at the Log Ratio; bar opacity grows
    with the term's frequency."""
    if top < 1:
        raise ValueError(f"top must be >= 1, got {top}")
    rows = comparison.top(top, "target") + comparison.top(top, "reference")[::-1]
    height = max(2.5, 0.27 * len(rows) + 1.4)
    fig = Figure(figsize=figsize or (7.0, height), layout="constrained")
    ax = fig.add_subplot()
    text_font = font_properties(font, size=9)
    stat = comparison.stat_name
    if not rows:
        return _empty(fig, ax, "没有显著的关键词 (no key terms)", font)
    y = np.arange(len(rows))[::-1]
    values = np.array([r["stat"] for r in rows])
    freq = np.array([r["freq_target"] + r["freq_reference"] for r in rows], dtype=float)
    weight = np.log1p(freq) / max(np.log1p(freq).max(), 1e-9)
    colors = [TARGET_COLOR if v > 0 else REFERENCE_COLOR for v in values]
    ax.barh(y, values, color=colors, alpha=None, height=0.7, zorder=2)
    for bar, w in zip(ax.patches, weight, strict=True):
        bar.set_alpha(0.35 + 0.65 * float(w))
    if stat == "lrc":
        low = np.array([r["lrc_low"] for r in rows])
        high = np.array([r["lrc_high"] for r in rows])
        lr = np.array([r["log_ratio"] for r in rows])
        # Bonferroni intervals of rare terms can be very wide: clip them at the chart edge
        edge = 1.25 * float(np.nanmax(np.abs(np.concatenate([lr, values]))))
        ax.set_xlim(-edge if (values < 0).any() else -0.05 * edge,
                    edge if (values > 0).any() else 0.05 * edge)
        clipped_low, clipped_high = np.maximum(low, -edge), np.minimum(high, edge)
        ax.hlines(y, clipped_low, clipped_high, color="#333333", linewidth=0.9, zorder=3)
        for end, cut, side in ((clipped_low, low < -edge, "<"), (clipped_high, high > edge, ">")):
            if cut.any():
                ax.plot(end[cut], y[cut], side, color="#333333", markersize=3, zorder=4)
        ax.plot(lr, y, "o", color="#333333", markersize=2.5, zorder=4)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_yticks(y, [r["term"] for r in rows])
    label = {"lrc": "LRC (log₂, 95% Bonferroni; whisker = Log Ratio interval)",
             "g2": "signed G²", "log_ratio": "Log Ratio (log₂)", "logodds": "log-odds z"}
    ax.set_xlabel(label.get(stat, stat), fontproperties=text_font)
    _style_ticks(ax, font)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e5e5e5", zorder=0)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=TARGET_COLOR, label=target_name),
                       Patch(color=REFERENCE_COLOR, label=reference_name)],
              prop=text_font, loc="lower right", frameon=False)
    ax.set_title(title or "关键词对比 (keyness)", fontproperties=font_properties(font, size=12),
                 loc="left")
    return fig


def _overlaps(box: Bbox, others: Iterable[Bbox]) -> bool:
    return any(box.overlaps(other) for other in others)


def place_labels(
    ax: Axes, xs: Sequence[float], ys: Sequence[float], labels: Sequence[str], *,
    font: Font = None, size: float = 8, colors: Sequence[str] | None = None,
) -> int:
    """Label points without overlaps (greedy ring search, most important label first);
    returns how many labels found no free place and were left out."""
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    props = font_properties(font, size=size)
    frame = ax.get_window_extent(renderer)
    scale = fig.dpi / 72.0
    points = ax.transData.transform(np.column_stack([xs, ys]))
    pad = 2.5 * scale
    obstacles = [Bbox.from_extents(px - pad, py - pad, px + pad, py + pad) for px, py in points]
    placed: list[Bbox] = []
    angles = [0, 180, 90, 270, 45, 135, 225, 315, 22, 158, 202, 338, 68, 112, 248, 292]
    radii = [4, 9, 15, 22, 30, 40, 52]
    skipped = 0
    for k, (label, (px, py)) in enumerate(zip(labels, points, strict=True)):
        color = colors[k] if colors is not None else "#222222"
        text = ax.annotate(label, (xs[k], ys[k]), xytext=(0, 0), textcoords="offset points",
                           fontproperties=props, color=color, ha="center", va="center",
                           zorder=5, bbox={"boxstyle": "round,pad=0.12", "fc": "white",
                                           "ec": "none", "alpha": 0.85})
        base = text.get_window_extent(renderer)
        w, h = base.width, base.height
        chosen = None
        for r in radii:
            for angle in angles:
                rad = math.radians(angle)
                # push the box's centre so its near edge sits r points from the point
                dx = math.cos(rad) * (r * scale + w / 2)
                dy = math.sin(rad) * (r * scale + h / 2)
                box = Bbox.from_extents(px + dx - w / 2, py + dy - h / 2,
                                        px + dx + w / 2, py + dy + h / 2)
                if (box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0
                        or box.y1 > frame.y1):
                    continue
                others = (o for j, o in enumerate(obstacles) if j != k)
                if _overlaps(box, placed) or _overlaps(box, others):
                    continue
                chosen = (dx / scale, dy / scale, box, r)
                break
            if chosen is not None:
                break
        if chosen is None:
            text.remove()
            skipped += 1
            continue
        dx, dy, box, r = chosen
        text.set_position((dx, dy))
        if r > radii[0]:
            ax.annotate("", (xs[k], ys[k]), xytext=(dx, dy), textcoords="offset points",
                        arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5,
                                    "shrinkA": 4, "shrinkB": 2}, zorder=4)
        placed.append(box)
    return skipped


def scatter_chart(
    comparison: Comparison, *, top: int = 15, title: str | None = None,
    target_name: str = "目标语料 (target)", reference_name: str = "参照语料 (reference)",
    font: Font = None, figsize: tuple[float, float] = (8.0, 7.0), per: float = 10_000,
) -> Figure:
    """Scattertext-style static scatter: each term at (rate in reference, rate in target) per
    ``per`` tokens on log axes (terms absent from one side sit on its floor line), coloured by
    the statistic; the ``top`` key terms of each side are labelled without overlap."""
    fig = Figure(figsize=figsize)
    fig.subplots_adjust(left=0.11, right=0.97, bottom=0.1, top=0.9)
    ax = fig.add_subplot()
    text_font = font_properties(font, size=9)
    records = comparison.records
    if not records:
        return _empty(fig, ax, "没有词语 (no terms)", font)
    x = np.array([r["freq_reference"] for r in records], dtype=float) / max(
        comparison.reference_tokens, 1) * per
    y = np.array([r["freq_target"] for r in records], dtype=float) / max(
        comparison.target_tokens, 1) * per
    positive = np.concatenate([x[x > 0], y[y > 0]])
    floor = float(positive.min()) / 2 if positive.size else 1e-3
    x, y = np.where(x > 0, x, floor), np.where(y > 0, y, floor)
    stat = np.array([r["stat"] for r in records], dtype=float)
    colors = np.where(stat > 0, TARGET_COLOR, np.where(stat < 0, REFERENCE_COLOR, _NEUTRAL))
    ax.scatter(x, y, s=7, c=list(colors), alpha=0.45, linewidths=0, zorder=2)
    ax.set_xscale("log")
    ax.set_yscale("log")
    low, high = floor / 1.5, float(max(x.max(), y.max())) * 1.5
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.plot([low, high], [low, high], color="#888888", linewidth=0.7, linestyle="--", zorder=1)
    ax.set_xlabel(f"{reference_name}: 每{per:,.0f}词频次 (per {per:,.0f} tokens)",
                  fontproperties=text_font)
    ax.set_ylabel(f"{target_name}: 每{per:,.0f}词频次 (per {per:,.0f} tokens)",
                  fontproperties=text_font)
    _style_ticks(ax, font)
    ax.spines[["top", "right"]].set_visible(False)
    index = {r["term"]: i for i, r in enumerate(records)}
    chosen = [r["term"] for r in comparison.top(top, "both")]
    order = sorted(chosen, key=lambda t: -abs(stat[index[t]]))
    idx = [index[t] for t in order]
    skipped = place_labels(ax, x[idx].tolist(), y[idx].tolist(), order, font=font, size=8,
                           colors=["#1d3f66" if stat[i] > 0 else "#8a4a10" for i in idx])
    note = f"  ({skipped} labels left out: no free place)" if skipped else ""
    ax.set_title((title or f"词频散点图 (ranked by {comparison.stat_name})") + note,
                 fontproperties=font_properties(font, size=12), loc="left")
    return fig


def trend_chart(
    trend: Sequence[Mapping[str, Any]], *, by: str = "year", title: str | None = None,
    font: Font = None, figsize: tuple[float, float] = (8.0, 4.2), per: float = 10_000,
) -> Figure:
    """Relative frequency of several terms per ``per`` tokens over ``by`` (the records of
    :meth:`Corpus.trend`); every group is a point, so a missing year shows as a gap in x."""
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    text_font = font_properties(font, size=9)
    terms = list(dict.fromkeys(str(r["term"]) for r in trend))
    if not terms:
        return _empty(fig, ax, "没有词语 (no terms)", font)
    for k, term in enumerate(terms):
        rows = [r for r in trend if r["term"] == term]
        xs = [r[by] for r in rows]
        ys = [r["rate"] for r in rows]
        color = _LINE_COLORS[k % len(_LINE_COLORS)]
        ax.plot(xs, ys, marker="o", markersize=3, linewidth=1.3, color=color, label=term)
    ax.set_ylabel(f"每{per:,.0f}词频次 (per {per:,.0f} tokens)", fontproperties=text_font)
    ax.set_xlabel("年份 (year)" if by == "year" else by, fontproperties=text_font)
    _style_ticks(ax, font)
    ax.grid(color="#ececec")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(prop=text_font, frameon=False, loc="upper left")
    ax.set_title(title or "词频趋势 (term trends)", fontproperties=font_properties(font, size=12),
                 loc="left")
    return fig


def dispersion_chart(
    corpus: Corpus, terms: Sequence[str], *, label_by: str = "year", title: str | None = None,
    font: Font = None, figsize: tuple[float, float] | None = None, max_labels: int = 30,
) -> Figure:
    """Dispersion barcode (AntConc's Plot): one row per document, a tick wherever a term
    occurs (relative position in the document), one panel per term; the document's count
    is printed at the row's end."""
    if not terms:
        raise ValueError("dispersion_chart needs at least one term")
    docs = corpus.documents
    order = sorted(range(len(docs)), key=lambda d: (str(docs[d].get(label_by) or docs[d]["name"]),
                                                    docs[d]["name"]))
    n = len(order)
    fig = Figure(figsize=figsize or (3.2 * len(terms) + 1.2, max(2.0, 0.16 * n + 1.2)),
                 layout="constrained")
    axes = fig.subplots(1, len(terms), sharey=True, squeeze=False)[0]
    step = max(1, math.ceil(n / max_labels))
    for ax, term in zip(axes, terms, strict=True):
        positions = corpus.positions(term)
        for row, d in enumerate(order):
            _, where = positions[d]
            y = n - 1 - row
            ax.hlines(y, 0, 1, color="#eeeeee", linewidth=4, zorder=1)
            if len(where):
                ax.vlines(where, y - 0.42, y + 0.42, color=TARGET_COLOR, linewidth=0.8, zorder=2)
            ax.text(1.01, y, str(len(where)) if len(where) else "", va="center", fontsize=6,
                    color="#555555", transform=ax.get_yaxis_transform())
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.7, n - 0.3)
        ax.set_xticks([0, 0.5, 1], ["开头", "中间", "结尾"])
        ax.set_title(term, fontproperties=font_properties(font, size=11))
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
    ticks = [n - 1 - row for row in range(0, n, step)]
    names = [str(docs[order[row]].get(label_by) or docs[order[row]]["name"])
             for row in range(0, n, step)]
    axes[0].set_yticks(ticks, names)
    for ax in axes:
        _style_ticks(ax, font, size=7)
    fig.suptitle(title or "词语分布 (dispersion: where each term occurs)",
                 fontproperties=font_properties(font, size=12), x=0.02, ha="left")
    return fig
