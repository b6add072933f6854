"""Keyness and dispersion statistics: pure functions on counts, no spaCy.

Notation (../shared/design/KEYNESS_REFERENCE.md): for a term, ``a`` is its frequency in the
target corpus of ``c`` tokens, ``b`` its frequency in the reference corpus of ``d`` tokens.
Every function takes scalars or NumPy arrays (one value per term) and broadcasts, so a whole
vocabulary is scored in one call. Where two published variants disagree (G² over 2 or 4 cells,
χ² with or without Yates) the variant is a named function or parameter, never a silent choice.

>>> round(float(log_ratio(50, 40, 10_000, 40_000)), 4)
2.3219
>>> round(float(g2(50, 40, 10_000, 40_000, form="2term")), 4)
55.1422
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

# scipy is imported where a statistic needs it: ``import multilat_nlp`` (and the CLI's
# analyze) would otherwise pay scipy.stats' import, a third of a cold start.

Array = NDArray[np.float64]
G2Form = Literal["4cell", "2term"]

#: Conventional critical values of G² / χ² with one degree of freedom.
CRITICAL_VALUES = {0.05: 3.84, 0.01: 6.63, 0.001: 10.83, 0.0001: 15.13}


def _f(x: ArrayLike) -> Array:
    return np.asarray(x, dtype=np.float64)


def _cells(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike
) -> tuple[Array, Array, Array, Array]:
    a_, b_, c_, d_ = np.broadcast_arrays(_f(a), _f(b), _f(c), _f(d))
    if np.any(a_ < 0) or np.any(b_ < 0) or np.any(a_ > c_) or np.any(b_ > d_):
        raise ValueError("counts must satisfy 0 <= a <= c and 0 <= b <= d")
    return a_, b_, c_, d_


def expected(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike
) -> tuple[Array, Array, Array, Array]:
    """E1..E4 of the 2×2 table ``[[a, b], [c−a, d−b]]`` under independence."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    n = c_ + d_
    e1 = c_ * (a_ + b_) / n
    e2 = d_ * (a_ + b_) / n
    return e1, e2, c_ - e1, d_ - e2


def direction(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> Array:
    """+1 where the term is relatively more frequent in the target, −1 in the reference, else 0."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    return np.sign(a_ * d_ - b_ * c_)


def _olog(o: Array, e: Array) -> Array:
    """``O ln(O/E)`` with the convention that an empty cell contributes 0."""
    from scipy import special

    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o > 0, special.xlogy(o, o) - special.xlogy(o, e), 0.0)


def g2(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *,
    form: G2Form = "4cell", signed: bool = False, williams: bool = False,
) -> Array:
    """Log-likelihood G².

    ``form="4cell"`` is Dunning's full statistic (scipy's ``chi2_contingency(...,
    lambda_="log-likelihood")``, AntConc 4-term, scattertext); ``form="2term"`` sums only the
    two word cells (Rayson & Garside 2000, the UCREL wizard). ``williams`` divides by
    Williams' q (quanteda's default for ``measure="lr"``). ``signed`` gives the reference-key
    terms a negative value.
    """
    a_, b_, c_, d_ = _cells(a, b, c, d)
    e1, e2, e3, e4 = expected(a_, b_, c_, d_)
    total = _olog(a_, e1) + _olog(b_, e2)
    if form == "4cell":
        total = total + _olog(c_ - a_, e3) + _olog(d_ - b_, e4)
    elif form != "2term":
        raise ValueError(f"form must be '4cell' or '2term', got {form!r}")
    value: Array = np.maximum(2.0 * total, 0.0)
    if williams:
        value = value / williams_q(a_, b_, c_, d_)
    return value * direction(a_, b_, c_, d_) if signed else value


def williams_q(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> Array:
    """Williams' correction factor q = 1 + (N/(a+b) + N/(N−a−b) − 1)(N/c + N/d − 1)/(6N)."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    n = c_ + d_
    k = a_ + b_
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / k + n / (n - k) - 1.0) * (n / c_ + n / d_ - 1.0) / (6.0 * n)
    return np.where(np.isfinite(q), q, 1.0)


def chi2(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *,
    yates: bool = False, signed: bool = False,
) -> Array:
    """Pearson's χ² over the 4 cells; ``yates=True`` is scipy's (and quanteda's) continuity
    correction, where no cell moves by more than its distance to the expected value."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    observed = (a_, b_, c_ - a_, d_ - b_)
    total = np.zeros_like(a_)
    for o, e in zip(observed, expected(a_, b_, c_, d_), strict=True):
        diff = np.abs(o - e)
        if yates:
            diff = diff - np.minimum(0.5, diff)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = total + np.where(e > 0, diff**2 / e, 0.0)
    return total * direction(a_, b_, c_, d_) if signed else total


def p_value(statistic: ArrayLike, df: int = 1) -> Array:
    """Upper-tail χ² probability of a G² or χ² value (the sign is ignored)."""
    from scipy import stats

    return np.asarray(stats.chi2.sf(np.abs(_f(statistic)), df), dtype=np.float64)


def _substitute(x: Array, zero_sub: float) -> Array:
    return np.where(x == 0, zero_sub, x)


def log_ratio(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, zero_sub: float = 0.5
) -> Array:
    """Hardie's Log Ratio log₂((a/c)/(b/d)); a zero frequency counts as ``zero_sub``
    (0.5, the CQPweb convention); 0 when the term occurs in neither corpus."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    value = np.log2(_substitute(a_, zero_sub) / c_) - np.log2(_substitute(b_, zero_sub) / d_)
    return np.where((a_ == 0) & (b_ == 0), 0.0, value)


def lrc(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *,
    alpha: float = 0.05, m: int = 1,
) -> Array:
    """Conservative Log Ratio (Evert 2023): the end of the two-sided Clopper–Pearson interval
    for π = a/(a+b) at level 1 − α/m nearest to no difference, as a Log Ratio; 0 where the
    interval admits equal relative frequencies. ``m`` is the Bonferroni count (vocabulary size);
    ``m=1`` reproduces scattertext's ``lrc_score_df``."""
    from scipy import stats

    a_, b_, c_, d_ = _cells(a, b, c, d)
    level = alpha / max(int(m), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(a_ > 0, stats.beta.ppf(level / 2, a_, b_ + 1), 0.0)
        hi = np.where(b_ > 0, stats.beta.ppf(1 - level / 2, a_ + 1, b_), 1.0)
        up = np.log2(d_ / c_ * lo / (1 - lo))
        down = np.log2(d_ / c_ * hi / (1 - hi))
    positive = a_ * d_ > b_ * c_
    negative = a_ * d_ < b_ * c_
    value = np.where(positive, np.maximum(0.0, np.nan_to_num(up, nan=0.0, neginf=0.0)), 0.0)
    return np.where(
        negative, np.minimum(0.0, np.nan_to_num(down, nan=0.0, posinf=0.0)), value
    )


def lrc_interval(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *,
    alpha: float = 0.05, m: int = 1, zero_sub: float = 0.5,
) -> tuple[Array, Array]:
    """The Log Ratio interval whose inner end is :func:`lrc` (for chart whiskers); an end the
    data cannot bound (a zero count) falls back on the Log Ratio with ``zero_sub``."""
    from scipy import stats

    a_, b_, c_, d_ = _cells(a, b, c, d)
    level = alpha / max(int(m), 1)
    lr = log_ratio(a_, b_, c_, d_, zero_sub=zero_sub)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = stats.beta.ppf(level / 2, np.maximum(a_, 1e-300), b_ + 1)
        hi = stats.beta.ppf(1 - level / 2, a_ + 1, np.maximum(b_, 1e-300))
        low = np.log2(d_ / c_ * lo / (1 - lo))
        high = np.log2(d_ / c_ * hi / (1 - hi))
    low = np.where(np.isfinite(low) & (a_ > 0), low, np.minimum(lr, 0.0) - 1.0)
    high = np.where(np.isfinite(high) & (b_ > 0), high, np.maximum(lr, 0.0) + 1.0)
    return np.minimum(low, lr), np.maximum(high, lr)


def pct_diff(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, zero_sub: float = 0.5
) -> Array:
    """%DIFF (Gabrielatos & Marchi 2012) = 100·(a/c − b/d)/(b/d); b = 0 counts as ``zero_sub``
    so the value stays finite."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    ref = _substitute(b_, zero_sub) / d_
    return np.where((a_ == 0) & (b_ == 0), 0.0, 100.0 * (a_ / c_ - ref) / ref)


def simple_maths(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, n: float = 1.0
) -> Array:
    """Kilgarriff's simple maths (fpm_T + n)/(fpm_R + n), frequencies per million (Sketch
    Engine); ``n`` moves the focus between rare and common words."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    return (a_ / c_ * 1e6 + n) / (b_ / d_ * 1e6 + n)


def odds_ratio(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, zero_sub: float = 0.5
) -> Array:
    """(a/(c−a))/(b/(d−b)); an empty cell counts as ``zero_sub`` (Haldane)."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    cells = [_substitute(x, zero_sub) for x in (a_, c_ - a_, b_, d_ - b_)]
    return (cells[0] / cells[1]) / (cells[2] / cells[3])


def relative_risk(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, zero_sub: float = 0.5
) -> Array:
    """(a/c)/(b/d), the ratio that Log Ratio takes the log₂ of."""
    return np.asarray(np.exp2(log_ratio(a, b, c, d, zero_sub=zero_sub)), dtype=np.float64)


def bic(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *,
    form: G2Form = "2term", df: int = 1,
) -> Array:
    """BIC (Wilson 2013) = G² − df·ln N, on the UCREL wizard's 2-term G² by default."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    value: Array = g2(a_, b_, c_, d_, form=form) - df * np.log(c_ + d_)
    return value


def ell(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, form: G2Form = "2term"
) -> Array:
    """ELL (Johnston et al. 2006) = G²/(N·ln min(E1, E2)), as the UCREL wizard computes it;
    NaN where min(E1, E2) ≤ 1 (the logarithm is then not positive)."""
    a_, b_, c_, d_ = _cells(a, b, c, d)
    e1, e2, _, _ = expected(a_, b_, c_, d_)
    low = np.minimum(e1, e2)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = (c_ + d_) * np.log(low)
        return np.where(low > 1.0, g2(a_, b_, c_, d_, form=form) / denom, np.nan)


def log_odds_dirichlet(
    target: ArrayLike, reference: ArrayLike, prior: ArrayLike | float = 0.01
) -> tuple[Array, Array]:
    """Monroe, Colaresi & Quinn (2008) log-odds ratio with a Dirichlet prior: ``(delta, z)``.

    ``target`` and ``reference`` are whole-vocabulary count vectors; ``prior`` is α_w, either a
    constant (the uninformative prior, 0.01) or one value per term, e.g. from
    :func:`informative_prior`.
    """
    y_t, y_r = np.broadcast_arrays(_f(target), _f(reference))
    alpha = np.broadcast_to(_f(prior), y_t.shape)
    alpha0 = float(alpha.sum())
    n_t, n_r = float(y_t.sum()), float(y_r.sum())
    delta = np.log((y_t + alpha) / (n_t + alpha0 - y_t - alpha)) - np.log(
        (y_r + alpha) / (n_r + alpha0 - y_r - alpha)
    )
    variance = 1.0 / (y_t + alpha) + 1.0 / (y_r + alpha)
    return delta, delta / np.sqrt(variance)


def informative_prior(background: ArrayLike, alpha0: float = 10.0) -> Array:
    """α_w = α₀ · share of w in a background corpus (often target + reference)."""
    counts = _f(background)
    total = counts.sum()
    if total <= 0:
        raise ValueError("the background corpus has no tokens")
    prior: Array = alpha0 * counts / total
    return prior


def _normcdf(x: Array) -> Array:
    from scipy import stats

    std = x.std()
    if std == 0 or not np.isfinite(std):
        return np.asarray(stats.rankdata(x) / len(x), dtype=np.float64)
    return np.asarray(stats.norm.cdf(x, x.mean(), std), dtype=np.float64)


def scaled_f_score_for_category(
    target: ArrayLike, reference: ArrayLike, *, beta: float = 2.0
) -> Array:
    """scattertext's unbalanced scaled F-score of the target category (``normcdf`` scaler with
    the population SD): F_β of the scaled P(T|w) and the scaled P(w|T)."""
    if beta <= 0:
        raise ValueError("beta must be positive")
    y_t, y_r = np.broadcast_arrays(_f(target), _f(reference))
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(y_t + y_r > 0, y_t / (y_t + y_r), 0.0)
        recall = y_t / y_t.sum() if y_t.sum() > 0 else np.zeros_like(y_t)
        p, r = _normcdf(precision), _normcdf(recall)
        scores = (1 + beta**2) * p * r / (beta**2 * p + r)
    return np.where(np.isnan(scores), 0.0, scores)


def scaled_f_score(target: ArrayLike, reference: ArrayLike, *, beta: float = 2.0) -> Array:
    """scattertext's balanced scaled F-score in [0, 1]: above 0.5 the term leans to the target
    (its F for T, min-max scaled), below 0.5 to the reference; 0.5 is neither."""
    cat = scaled_f_score_for_category(target, reference, beta=beta)
    other = scaled_f_score_for_category(reference, target, beta=beta)
    scores = np.zeros_like(cat)
    scores[cat > other] = cat[cat > other]
    scores[cat < other] = -other[cat < other]
    for mask, sign in ((scores > 0, 1.0), (scores < 0, -1.0)):
        part = sign * scores[mask]
        if part.size:
            span = part.max() - part.min()
            scaled = np.full(part.size, 0.5) if span == 0 else (part - part.min()) / span
            scores[mask] = sign * scaled
    return (scores + 1.0) / 2.0


# --- dispersion -------------------------------------------------------------------------


def _parts(counts: ArrayLike, sizes: ArrayLike) -> tuple[Array, Array]:
    """``counts`` as (terms × parts), ``sizes`` as (parts,)."""
    v = np.atleast_2d(_f(counts))
    s = _f(sizes)
    if v.shape[-1] != s.shape[-1] or s.ndim != 1:
        raise ValueError("counts need one column per part and sizes one value per part")
    if np.any(s <= 0):
        raise ValueError("every part needs a positive size")
    return v, s


def _squeeze(x: Array, counts: ArrayLike) -> Array:
    return x[0] if np.ndim(counts) == 1 else x


def range_(counts: ArrayLike) -> Array:
    """Range: the share of parts in which the term occurs (document frequency / parts)."""
    v = np.atleast_2d(_f(counts))
    return _squeeze((v > 0).sum(axis=1) / v.shape[1], counts)


def dp(counts: ArrayLike, sizes: ArrayLike, *, normalise: bool = False) -> Array:
    """Gries' DP = ½ Σ |v_i/f − s_i| (0 = spread like the parts, towards 1 = concentrated);
    ``normalise`` gives DP_norm = DP/(1 − min s_i) (Lijffijt & Gries 2012)."""
    v, s = _parts(counts, sizes)
    shares = s / s.sum()
    f = v.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 0.5 * np.abs(v / f - shares).sum(axis=1)
    value = np.where(f[:, 0] > 0, value, np.nan)
    if normalise:
        value = value / (1.0 - shares.min())
    return _squeeze(value, counts)


def juilland_d(counts: ArrayLike, sizes: ArrayLike) -> Array:
    """Juilland's D = 1 − (σ_p/μ_p)/√(k−1) on per-part rates, with the population SD
    (Gries 2019, scattertext's dispersion module)."""
    v, s = _parts(counts, sizes)
    k = v.shape[1]
    rates = v / s
    mean = rates.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 1.0 - (rates.std(axis=1) / mean) / np.sqrt(k - 1)
    return _squeeze(np.where(mean > 0, value, np.nan), counts)


# --- multiple comparisons ---------------------------------------------------------------


def bonferroni(p: ArrayLike) -> Array:
    """Bonferroni-adjusted p-values (capped at 1)."""
    values = _f(p)
    return np.minimum(values * values.size, 1.0)


def benjamini_hochberg(p: ArrayLike) -> Array:
    """Benjamini–Hochberg FDR-adjusted p-values (= scipy's ``false_discovery_control``)."""
    values = _f(p)
    if values.size == 0:
        return values
    from scipy import stats

    return np.asarray(stats.false_discovery_control(values, method="bh"), dtype=np.float64)


def adjust(p: ArrayLike, method: str | None) -> Array:
    """``method``: ``"bonferroni"``, ``"fdr_bh"`` or ``None`` (no adjustment)."""
    if method is None:
        return _f(p)
    if method == "bonferroni":
        return bonferroni(p)
    if method in ("fdr_bh", "bh"):
        return benjamini_hochberg(p)
    raise ValueError(f"unknown correction {method!r}; use 'bonferroni', 'fdr_bh' or None")


# --- one table for a whole vocabulary ---------------------------------------------------

#: Statistics a table can be ranked by, with the column that holds each.
RANKINGS = {
    "lrc": "lrc", "log_ratio": "log_ratio", "lr": "log_ratio", "g2": "g2", "ll": "g2",
    "chi2": "chi2", "logodds": "logodds_z", "log_odds": "logodds_z", "pct_diff": "pct_diff",
    "simple_maths": "simple_maths", "sm": "simple_maths", "odds_ratio": "odds_ratio",
    "bic": "bic", "scaled_f": "scaled_f",
}


def keyness_table(
    target: ArrayLike, reference: ArrayLike, *, c: float | None = None, d: float | None = None,
    alpha: float = 0.05, correction: str | None = "bonferroni", zero_sub: float = 0.5,
    simple_maths_n: float = 1.0, prior: ArrayLike | float | None = None, beta: float = 2.0,
    g2_form: G2Form = "4cell", williams: bool = False,
) -> dict[str, Any]:
    """Every statistic for a vocabulary at once: a dict of equal-length arrays.

    ``target``/``reference`` are the term counts; ``c``/``d`` the corpus sizes (default: the
    sums, i.e. the vocabulary is the whole corpus). The LRC uses Bonferroni over the vocabulary
    (``m`` = number of terms) when ``correction`` is set, else ``m = 1``; ``prior`` defaults to
    Monroe's informative prior α₀ = 10 over target + reference.
    """
    a = _f(target)
    b = _f(reference)
    c_ = float(a.sum()) if c is None else float(c)
    d_ = float(b.sum()) if d is None else float(d)
    if c_ <= 0 or d_ <= 0:
        raise ValueError("both corpora need tokens")
    m = a.size if correction else 1
    g = g2(a, b, c_, d_, form=g2_form, signed=True, williams=williams)
    p = p_value(g)
    if prior is None:
        prior = informative_prior(a + b) if (a + b).sum() > 0 else 0.01
    delta, z = log_odds_dirichlet(a, b, prior)
    low, high = lrc_interval(a, b, c_, d_, alpha=alpha, m=m, zero_sub=zero_sub)
    return {
        "freq_target": a, "freq_reference": b,
        "pm_target": a / c_ * 1e6, "pm_reference": b / d_ * 1e6,
        "g2": g, "p": p, "p_adj": adjust(p, correction),
        "chi2": chi2(a, b, c_, d_, signed=True),
        "bic": bic(a, b, c_, d_),
        "log_ratio": log_ratio(a, b, c_, d_, zero_sub=zero_sub),
        "lrc": lrc(a, b, c_, d_, alpha=alpha, m=m), "lrc_low": low, "lrc_high": high,
        "pct_diff": pct_diff(a, b, c_, d_, zero_sub=zero_sub),
        "simple_maths": simple_maths(a, b, c_, d_, n=simple_maths_n),
        "odds_ratio": odds_ratio(a, b, c_, d_, zero_sub=zero_sub),
        "logodds_delta": delta, "logodds_z": z,
        "scaled_f": scaled_f_score(a, b, beta=beta),
    }
