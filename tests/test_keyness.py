"""Every value of KEYNESS_REFERENCE.md (B2.4), each test naming its variant; property tests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

from multilat_nlp import keyness as k

A, B, C, D = 50, 40, 10_000, 40_000
TOL = 1e-4


def close(value: object, expected: float, tol: float = TOL) -> None:
    assert float(value) == pytest.approx(expected, abs=tol)  # type: ignore[arg-type]


# ---- Example 1: a single term --------------------------------------------------------

def test_per_million_and_expected_values() -> None:
    close(A / C * 1e6, 5000.0)
    close(B / D * 1e6, 1000.0)
    e1, e2, _, _ = k.expected(A, B, C, D)
    close(e1, 18.0)
    close(e2, 72.0)


def test_g2_2term_ucrel_wizard_form() -> None:
    close(k.g2(A, B, C, D, form="2term"), 55.1422)


def test_g2_4cell_dunning_form_and_p() -> None:
    close(k.g2(A, B, C, D, form="4cell"), 55.2705)
    assert float(k.p_value(k.g2(A, B, C, D))) == pytest.approx(1.05e-13, rel=0.01)
    table = np.array([[A, B], [C - A, D - B]])
    close(k.g2(A, B, C, D), chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])


def test_g2_4cell_williams_corrected() -> None:
    close(k.williams_q(A, B, C, D), 1.0097223, 1e-6)
    close(k.g2(A, B, C, D, williams=True), 54.7383)


def test_chi2_pearson_without_yates() -> None:
    close(k.chi2(A, B, C, D), 71.2393)


def test_chi2_with_yates_equals_scipy() -> None:
    close(k.chi2(A, B, C, D, yates=True), 69.0305)
    close(k.chi2(A, B, C, D, yates=True), chi2_contingency(np.array([[A, B], [C - A, D - B]]))[0])


def test_log_ratio() -> None:
    close(k.log_ratio(A, B, C, D), 2.3219)


def test_pct_diff() -> None:
    close(k.pct_diff(A, B, C, D), 400.00)


def test_simple_maths_n1_and_n100() -> None:
    close(k.simple_maths(A, B, C, D, n=1), 4.9960)
    close(k.simple_maths(A, B, C, D, n=100), 4.6364)


def test_simple_maths_sketch_engine_documented_case() -> None:
    close(k.simple_maths(35, 263, 112_289_776, 1_559_716_979, n=1), 1.1224)


def test_odds_ratio() -> None:
    close(k.odds_ratio(A, B, C, D), 5.0201)


def test_bic_on_2term_g2() -> None:
    close(k.bic(A, B, C, D, form="2term"), 44.3224)


def test_ell_on_2term_g2() -> None:
    close(k.ell(A, B, C, D), 0.000382, 1e-6)


def test_lrc_95_percent_m1_scattertext() -> None:
    close(k.lrc(A, B, C, D, alpha=0.05, m=1), 1.6930)


def test_lrc_95_percent_bonferroni_m10000() -> None:
    close(k.lrc(A, B, C, D, alpha=0.05, m=10_000), 0.8926)


def test_zero_case_log_ratio_zero_sub_half_and_g2_2term() -> None:
    close(k.log_ratio(A, 0, C, D, zero_sub=0.5), 8.6439)
    close(k.g2(A, 0, C, D, form="2term"), 160.9438)


# ---- Example 2: a whole vocabulary ---------------------------------------------------

TERMS = ["多边主义", "合作", "美国", "挑战"]
T = np.array([40, 30, 10, 20])
R = np.array([20, 60, 80, 40])


def test_example2_log_ratio_g2_4cell_pct_diff() -> None:
    c, d = T.sum(), R.sum()
    np.testing.assert_allclose(k.log_ratio(T, R, c, d), [2, 0, -2, 0], atol=TOL)
    np.testing.assert_allclose(k.g2(T, R, c, d, form="4cell"), [35.6059, 0, 32.2973, 0], atol=TOL)
    np.testing.assert_allclose(k.pct_diff(T, R, c, d), [300, 0, -75, 0], atol=TOL)


def test_example2_monroe_uninformative_prior_001() -> None:
    delta, z = k.log_odds_dirichlet(T, R, 0.01)
    np.testing.assert_allclose(delta, [1.7912, -0.0000, -1.7910, 0.0001], atol=TOL)
    np.testing.assert_allclose(z, [6.5418, -0.0002, -5.3420, 0.0002], atol=TOL)


def test_example2_monroe_informative_prior_alpha0_10() -> None:
    delta, z = k.log_odds_dirichlet(T, R, k.informative_prior(T + R, alpha0=10))
    np.testing.assert_allclose(delta, [1.6636, 0, -1.5844, 0], atol=TOL)
    np.testing.assert_allclose(z, [6.3210, 0, -5.3118, 0], atol=TOL)


def test_example2_scaled_f_unbalanced_beta2_normcdf() -> None:
    np.testing.assert_allclose(
        k.scaled_f_score_for_category(T, R, beta=2.0), [0.9156, 0.6100, 0.0923, 0.3456], atol=TOL
    )


def test_example2_scaled_f_balanced_beta2_normcdf() -> None:
    np.testing.assert_allclose(k.scaled_f_score(T, R, beta=2.0), [0.75, 0.2378, 0.0, 0.5], atol=TOL)


# ---- Example 3: dispersion -----------------------------------------------------------

V = [10, 0, 30, 5, 5]
S = [1000, 2000, 3000, 2000, 2000]


def test_range() -> None:
    close(k.range_(V), 0.8)


def test_dp_and_dp_norm_gries() -> None:
    close(k.dp(V, S), 0.4)
    close(k.dp(V, S, normalise=True), 0.4444)


def test_juilland_d_population_sd() -> None:
    close(k.juilland_d(V, S), 0.5817)


def test_dispersion_vectorised_over_terms() -> None:
    rows = np.array([V, [1, 2, 3, 2, 2]])
    np.testing.assert_allclose(k.dp(rows, S), [0.4, 0.0], atol=TOL)
    np.testing.assert_allclose(k.juilland_d(rows, S), [0.5817, 1.0], atol=TOL)


# ---- multiple comparisons ------------------------------------------------------------

def test_bonferroni_and_benjamini_hochberg() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.005])
    np.testing.assert_allclose(k.bonferroni(p), [0.04, 0.16, 0.12, 0.02])
    np.testing.assert_allclose(k.benjamini_hochberg(p), [0.02, 0.04, 0.04, 0.02])
    assert k.adjust(p, None).tolist() == p.tolist()
    with pytest.raises(ValueError):
        k.adjust(p, "holm?")


def test_bonferroni_critical_value_for_m_10000() -> None:
    from scipy.stats import chi2

    close(chi2.isf(0.05 / 10_000, 1), 20.84, 0.01)


# ---- properties on random count tables -----------------------------------------------

tables = st.tuples(
    st.integers(0, 500), st.integers(0, 500), st.integers(1, 5000), st.integers(1, 5000)
).map(lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))


@settings(max_examples=200, deadline=None)
@given(tables)
def test_statistics_are_finite(table: tuple[int, int, int, int]) -> None:
    a, b, c, d = table
    for value in (
        k.g2(a, b, c, d), k.g2(a, b, c, d, form="2term"), k.g2(a, b, c, d, williams=True),
        k.chi2(a, b, c, d), k.chi2(a, b, c, d, yates=True), k.log_ratio(a, b, c, d),
        k.lrc(a, b, c, d), k.pct_diff(a, b, c, d), k.simple_maths(a, b, c, d),
        k.odds_ratio(a, b, c, d), k.bic(a, b, c, d),
    ):
        assert np.isfinite(value)
    assert 0 <= k.p_value(k.g2(a, b, c, d)) <= 1


@settings(max_examples=200, deadline=None)
@given(tables)
def test_swapping_target_and_reference_flips_the_sign(table: tuple[int, int, int, int]) -> None:
    a, b, c, d = table
    for name, f in (
        ("g2 4cell signed", lambda *x: k.g2(*x, signed=True)),
        ("g2 2term signed", lambda *x: k.g2(*x, form="2term", signed=True)),
        ("chi2 signed", lambda *x: k.chi2(*x, signed=True)),
        ("log ratio", k.log_ratio),
        ("lrc", k.lrc),
    ):
        assert float(f(a, b, c, d)) == pytest.approx(-float(f(b, a, d, c)), abs=1e-6), name
    assert float(k.odds_ratio(a, b, c, d)) == pytest.approx(1 / float(k.odds_ratio(b, a, d, c)))


@settings(max_examples=200, deadline=None)
@given(tables, st.sampled_from([1, 100, 10_000]))
def test_lrc_is_zero_when_the_interval_covers_one(table: tuple[int, int, int, int], m: int) -> None:
    from scipy.stats import beta

    a, b, c, d = table
    level = 0.05 / m
    lo = beta.ppf(level / 2, a, b + 1) if a > 0 else 0.0
    hi = beta.ppf(1 - level / 2, a + 1, b) if b > 0 else 1.0
    equal = c / (c + d)  # π when the relative frequencies are equal
    value = float(k.lrc(a, b, c, d, m=m))
    if lo <= equal <= hi:
        assert value == 0.0
    else:
        assert value != 0.0
    assert abs(value) <= abs(float(k.log_ratio(a, b, c, d, zero_sub=1e-9))) + 1e-9


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=2, max_size=30))
def test_vocabulary_scores_are_finite_and_antisymmetric(pairs: list[tuple[int, int]]) -> None:
    t = np.array([p[0] for p in pairs]) + 1
    r = np.array([p[1] for p in pairs]) + 1
    delta, z = k.log_odds_dirichlet(t, r)
    delta2, z2 = k.log_odds_dirichlet(r, t)
    np.testing.assert_allclose(delta, -delta2, atol=1e-9)
    np.testing.assert_allclose(z, -z2, atol=1e-9)
    f = k.scaled_f_score(t, r)
    assert np.all((f >= 0) & (f <= 1))
    np.testing.assert_allclose(f, 1 - k.scaled_f_score(r, t), atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=2, max_size=20), st.data())
def test_dispersion_in_bounds(counts: list[int], data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.integers(50, 500), min_size=len(counts), max_size=len(counts)))
    if sum(counts) == 0:
        assert np.isnan(k.dp(counts, sizes))
        return
    value = float(k.dp(counts, sizes))
    assert 0 <= value <= 1
    assert 0 <= float(k.dp(counts, sizes, normalise=True)) <= 1 + 1e-9
    assert float(k.juilland_d(counts, sizes)) <= 1 + 1e-9


def test_keyness_table_columns_have_one_value_per_term() -> None:
    table = k.keyness_table(T, R)
    assert all(len(v) == 4 for v in table.values())
    assert table["lrc"][0] > 0 > table["lrc"][2]
    assert np.all(table["lrc_low"] <= table["log_ratio"] + 1e-9)
    assert np.all(table["log_ratio"] <= table["lrc_high"] + 1e-9)


def test_bad_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        k.g2(5, 1, 4, 10)
    with pytest.raises(ValueError):
        k.g2(1, 1, 10, 10, form="3cell")  # type: ignore[arg-type]
