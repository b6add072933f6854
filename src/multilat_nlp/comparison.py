"""Compare two corpora term by term: keyness, effect size and dispersion as tidy records.

The statistics are the pure functions of :mod:`multilat_nlp.keyness`; this module only aligns
the vocabularies, counts by token or by document, adds dispersion within each side and ranks.

>>> from multilat_nlp.corpus import Corpus
>>> t = Corpus.from_records([{"tokens": [("合作", "NOUN")] * 30 + [("发展", "VERB")] * 10}],
...                         stopwords=())
>>> r = Corpus.from_records([{"tokens": [("合作", "NOUN")] * 10 + [("发展", "VERB")] * 30}],
...                         stopwords=())
>>> result = compare(t, r, stat="g2", min_freq=1)
>>> [(row["term"], row["direction"]) for row in result.records]
[('合作', 'target'), ('发展', 'reference')]
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from multilat_nlp import keyness
from multilat_nlp._io import atomic_write_text
from multilat_nlp.corpus import Corpus, CorpusError

if TYPE_CHECKING:  # imported where a matrix is built: not on ``import multilat_nlp``
    from scipy import sparse

__all__ = ["COLUMNS", "STATISTICS", "Comparison", "compare"]

Unit = Literal["token", "document"]

#: ``--stat`` names -> the keyness_table column each ranks by (from keyness.RANKINGS).
STATISTICS = dict(keyness.RANKINGS)
#: Statistics whose neutral value is 1 (ranked on their logarithm, so both sides are signed).
_RATIO_STATS = frozenset({"simple_maths", "odds_ratio"})

#: Column order of the records, CSV and JSON (a contract: add, never rename).
COLUMNS = (
    "term", "direction", "stat", "stat_name", "effect", "p", "p_adj", "dispersion",
    "freq_target", "freq_reference", "pm_target", "pm_reference",
    "df_target", "df_reference", "range_target", "range_reference",
    "dp_target", "dp_norm_target", "juilland_d_target", "dp_norm_reference",
    "g2", "chi2", "bic", "log_ratio", "lrc", "lrc_low", "lrc_high", "pct_diff",
    "simple_maths", "odds_ratio", "logodds_delta", "logodds_z", "scaled_f",
)


@dataclass(frozen=True)
class Comparison:
    """Tidy result of :func:`compare`: ``records`` (dicts with :data:`COLUMNS`) ranked by
    ``stat`` — target-key terms first (highest first), then reference-key terms (most
    negative last) — plus the settings that produced them (``provenance``)."""

    records: list[dict[str, Any]]
    stat_name: str
    target_tokens: int
    reference_tokens: int
    target_documents: int
    reference_documents: int
    provenance: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)

    def top(self, n: int = 30, side: Literal["target", "reference", "both"] = "target"
            ) -> list[dict[str, Any]]:
        """The ``n`` strongest terms of a side (``both``: n of each, target first)."""
        target = [r for r in self.records if r["direction"] == "target" and r["stat"] > 0][:n]
        reference = [r for r in reversed(self.records)
                     if r["direction"] == "reference" and r["stat"] < 0][:n]
        if side == "target":
            return target
        if side == "reference":
            return reference
        return target + reference

    def to_dataframe(self) -> Any:
        """A pandas DataFrame (pandas is optional: ``pip install pandas``)."""
        import importlib

        try:
            pd = importlib.import_module("pandas")
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from exc
        return pd.DataFrame.from_records(self.records, columns=list(COLUMNS))

    def to_csv(self, path: str | Path | None = None, rows: Sequence[dict[str, Any]] | None = None,
               *, group: str | None = None, header: bool = True) -> str:
        """CSV text (UTF-8, header = :data:`COLUMNS`, led by a ``group`` column when one is
        given, as in one-vs-rest comparisons); written atomically when ``path``."""
        buffer = io.StringIO()
        names = (["group"] if group is not None else []) + list(COLUMNS)
        writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
        if header:
            writer.writeheader()
        lead = {} if group is None else {"group": group}
        for row in self.records if rows is None else rows:
            writer.writerow({**lead, **{k: _csv_value(row[k]) for k in COLUMNS}})
        text = buffer.getvalue()
        if path is not None:
            atomic_write_text(path, text)
        return text

    def to_json(self, rows: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
        """JSON-native dict (NaN and ±inf become null) with the provenance block."""
        return {
            "schema": "multilat_nlp.comparison/1",
            "stat": self.stat_name,
            "target": {"tokens": self.target_tokens, "documents": self.target_documents},
            "reference": {"tokens": self.reference_tokens,
                          "documents": self.reference_documents},
            "provenance": self.provenance,
            "records": [{k: _json_value(r[k]) for k in COLUMNS}
                        for r in (self.records if rows is None else rows)],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Comparison:
        """Back from :meth:`to_json` (for ``multilat-nlp chart``); nulls become NaN."""
        if data.get("schema") != "multilat_nlp.comparison/1":
            raise CorpusError("not a comparison JSON (schema multilat_nlp.comparison/1)")
        records = [{k: (math.nan if v is None and k != "term" else v) for k, v in r.items()}
                   for r in data["records"]]
        return cls(records, data["stat"], data["target"]["tokens"],
                   data["reference"]["tokens"], data["target"]["documents"],
                   data["reference"]["documents"], dict(data.get("provenance") or {}))


def _csv_value(value: Any) -> Any:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.6g}"
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _aligned(target: Corpus, reference: Corpus) -> tuple[tuple[str, ...], sparse.csr_matrix,
                                                          sparse.csr_matrix]:
    """Both count matrices (documents × terms) over one vocabulary."""
    t_docs, r_docs = target.counts_by("document"), reference.counts_by("document")
    if target.terms is reference.terms or target.terms == reference.terms:
        return target.terms, t_docs.matrix, r_docs.matrix
    terms = tuple(dict.fromkeys(target.terms + reference.terms))
    where = {t: i for i, t in enumerate(terms)}

    def remap(matrix: sparse.csr_matrix, own: tuple[str, ...]) -> sparse.csr_matrix:
        from scipy import sparse

        cols = np.fromiter((where[t] for t in own), dtype=np.int64, count=len(own))
        coo = matrix.tocoo()
        return sparse.csr_matrix((coo.data, (coo.row, cols[coo.col])),
                                 shape=(matrix.shape[0], len(terms)))

    return terms, remap(t_docs.matrix, target.terms), remap(r_docs.matrix, reference.terms)


def _column_sums(matrix: sparse.csr_matrix) -> NDArray[np.float64]:
    return np.asarray(matrix.sum(axis=0), dtype=np.float64).ravel()


def _doc_frequency(matrix: sparse.csr_matrix) -> NDArray[np.float64]:
    return np.asarray((matrix > 0).sum(axis=0), dtype=np.float64).ravel()


def _dispersion(matrix: sparse.csr_matrix, sizes: NDArray[np.int64], keep: NDArray[np.bool_]
                ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """DP, DP_norm and Juilland's D of the kept terms over the documents of one side."""
    n_terms = int(keep.sum())
    if matrix.shape[0] < 2 or np.any(sizes <= 0):
        nan = np.full(n_terms, np.nan)
        return nan, nan, nan
    dense = np.asarray(matrix[:, np.flatnonzero(keep)].T.todense(), dtype=np.float64)
    return (keyness.dp(dense, sizes), keyness.dp(dense, sizes, normalise=True),
            keyness.juilland_d(dense, sizes))


def compare(
    target: Corpus, reference: Corpus, *, stat: str = "lrc", unit: Unit = "token",
    min_freq: int = 3, min_range: int = 1, alpha: float = 0.05,
    correction: str | None = "bonferroni", zero_sub: float = 0.5, simple_maths_n: float = 1.0,
    g2_form: keyness.G2Form = "4cell", williams: bool = False, beta: float = 2.0,
) -> Comparison:
    """Keyness of every term of ``target`` against ``reference``.

    ``unit="token"`` compares token frequencies (corpus sizes = word tokens);
    ``unit="document"`` is text-dispersion keyness (Egbert & Biber 2019: documents containing
    the term out of all documents). Terms with fewer than ``min_freq`` occurrences over both
    sides, or in fewer than ``min_range`` documents, are left out before the Bonferroni count
    ``m`` is taken. Dispersion (DP_norm, Juilland's D) is over the documents of each side.
    """
    if stat not in STATISTICS:
        raise CorpusError(f"unknown statistic {stat!r}; choose from {sorted(STATISTICS)}")
    if unit not in ("token", "document"):
        raise CorpusError(f"unit must be 'token' or 'document', got {unit!r}")
    terms, t_matrix, r_matrix = _aligned(target, reference)
    t_sizes, r_sizes = target.counts_by("document").sizes, reference.counts_by("document").sizes
    c, d = int(t_sizes.sum()), int(r_sizes.sum())
    if c <= 0 or d <= 0:
        raise CorpusError("both sides need word tokens (is one selection empty?)")
    freq_t, freq_r = _column_sums(t_matrix), _column_sums(r_matrix)
    df_t, df_r = _doc_frequency(t_matrix), _doc_frequency(r_matrix)
    keep = (freq_t + freq_r >= min_freq) & (df_t + df_r >= min_range)
    if unit == "token":
        a, b, size_t, size_r = freq_t[keep], freq_r[keep], float(c), float(d)
    else:
        a, b = df_t[keep], df_r[keep]
        size_t, size_r = float(t_matrix.shape[0]), float(r_matrix.shape[0])
    if not a.size:
        return Comparison([], stat, c, d, t_matrix.shape[0], r_matrix.shape[0])
    table = keyness.keyness_table(
        a, b, c=size_t, d=size_r, alpha=alpha, correction=correction, zero_sub=zero_sub,
        simple_maths_n=simple_maths_n, g2_form=g2_form, williams=williams, beta=beta)
    column = STATISTICS[stat]
    score = np.asarray(table[column], dtype=np.float64)
    if column in _RATIO_STATS:
        score = np.log2(score)
    elif column == "scaled_f":
        score = score - 0.5
    elif column == "bic":
        score = score * keyness.direction(a, b, size_t, size_r)
    dp_t, dpn_t, jd_t = _dispersion(t_matrix, t_sizes, keep)
    _, dpn_r, _ = _dispersion(r_matrix, r_sizes, keep)
    kept_terms = [t for t, k in zip(terms, keep.tolist(), strict=True) if k]
    n_t, n_r = max(t_matrix.shape[0], 1), max(r_matrix.shape[0], 1)
    direction = keyness.direction(a, b, size_t, size_r)
    columns = {
        "stat": score, "effect": table["log_ratio"], "p": table["p"], "p_adj": table["p_adj"],
        "dispersion": dpn_t, "freq_target": freq_t[keep], "freq_reference": freq_r[keep],
        "pm_target": freq_t[keep] / c * 1e6, "pm_reference": freq_r[keep] / d * 1e6,
        "df_target": df_t[keep], "df_reference": df_r[keep],
        "range_target": df_t[keep] / n_t, "range_reference": df_r[keep] / n_r,
        "dp_target": dp_t, "dp_norm_target": dpn_t, "juilland_d_target": jd_t,
        "dp_norm_reference": dpn_r,
        **{k: table[k] for k in ("g2", "chi2", "bic", "log_ratio", "lrc", "lrc_low",
                                 "lrc_high", "pct_diff", "simple_maths", "odds_ratio",
                                 "logodds_delta", "logodds_z", "scaled_f")},
    }
    lists = {k: np.asarray(v, dtype=np.float64).tolist() for k, v in columns.items()}
    counts = {"freq_target", "freq_reference", "df_target", "df_reference"}
    records = []
    for i, term in enumerate(kept_terms):
        row: dict[str, Any] = {"term": term,
                               "direction": ("target" if direction[i] > 0 else
                                             "reference" if direction[i] < 0 else "neither"),
                               "stat_name": stat}
        for k, values in lists.items():
            row[k] = int(values[i]) if k in counts else values[i]
        records.append(row)
    # best target keys first; ties by frequency, then term, so the order is reproducible
    records.sort(key=lambda r: (-_finite(r["stat"]), -(r["freq_target"] + r["freq_reference"]),
                                r["term"]))
    provenance = {
        "unit": unit, "min_freq": min_freq, "min_range": min_range, "alpha": alpha,
        "correction": correction, "bonferroni_m": int(a.size) if correction else 1,
        "zero_sub": zero_sub, "simple_maths_n": simple_maths_n, "g2_form": g2_form,
        "williams": williams, "scaled_f_beta": beta, "logodds_prior": "informative, α0 = 10",
        "dispersion_parts": "documents", "settings": _settings_json(target),
    }
    return Comparison(records, stat, c, d, t_matrix.shape[0], r_matrix.shape[0], provenance)


def _finite(value: float) -> float:
    return value if math.isfinite(value) else 0.0


def _settings_json(corpus: Corpus) -> dict[str, Any]:
    s = corpus.settings
    settings: dict[str, Any] = json.loads(json.dumps({
        "stopwords": list(s.stopwords), "include_pos": sorted(s.include_pos or []) or None,
        "exclude_pos": sorted(s.exclude_pos), "phrases": list(s.phrases),
        "keyword_phrases": s.keyword_phrases, "ngrams": list(s.ngrams),
        "min_length": s.min_length,
    }, ensure_ascii=False))
    return settings
