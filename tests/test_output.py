"""Output-layer functions: accuracy against exact values, limits and identities."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations.verification.accuracy import ulp

F64 = np.dtype(np.float64)
INF, NAN = math.inf, math.nan
SPECIALS = (700.0, -745.0, 745.0, -700.0, 1e300, -1e300, 1e-300, 5e-324, 0.0, -30.5)


def random_rows(seed: int, count: int = 250) -> list[np.ndarray]:
    """Rows of length 2..8: normal * 30, with about one entry in five replaced by a huge,
    tiny or boundary value (exp overflows beyond 709.8 and underflows below -745.1)."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        n = int(rng.integers(2, 9))
        row = rng.normal(size=n) * 30.0
        pick = rng.random(n) < 0.2
        row[pick] = rng.choice(SPECIALS, size=int(pick.sum()))
        rows.append(row)
    return rows


def exact_log_softmax(row: np.ndarray, temperature: float) -> list[mpmath.mpf]:
    """``d_i - log1p(sum_{j != k} e^{d_j})`` with ``d = (x - max)/T``, at 50 digits;
    log1p, because ``log(1 + 1e-270)`` is 0 at any fixed precision."""
    with mpmath.workdps(50):
        d = [mpmath.mpf(float(v)) / mpmath.mpf(temperature) for v in row]
        top = max(d)
        d = [v - top for v in d]
        k = d.index(0)
        rest = mpmath.fsum(mpmath.exp(v) for i, v in enumerate(d) if i != k)
        return [v - mpmath.log1p(rest) for v in d]


def exact_softmax(row: np.ndarray, temperature: float) -> list[mpmath.mpf]:
    with mpmath.workdps(50):
        return [mpmath.exp(v) for v in exact_log_softmax(row, temperature)]


def ulp_errors(got: np.ndarray, want: list[mpmath.mpf]) -> list[float]:
    errors = []
    for g, w in zip(got.tolist(), want, strict=True):
        with mpmath.workdps(50):
            if math.isinf(g):  # only right when the exact value is beyond the float range
                errors.append(0.0 if abs(w) > np.finfo(F64).max and g * w > 0 else math.inf)
            else:
                errors.append(float(abs(mpmath.mpf(g) - w) / ulp(w, F64)))
    return errors


@pytest.mark.parametrize("temperature", [1.0, 0.5, 0.3, 3.7, 1e-3])
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_at_most_4_ulp_per_entry(name: str, temperature: float) -> None:
    act = activations.get(name)
    worst = 0.0
    for row in random_rows(seed=int(temperature * 1000)):
        with np.errstate(all="raise"):
            got = act(row, temperature=temperature)
        sign = -1.0 if name == "softmin" else 1.0
        if name == "log_softmax":
            want = exact_log_softmax(row, temperature)
        else:
            want = exact_softmax(sign * row, temperature)
        errors = ulp_errors(got, want)
        assert max(errors) <= 4.0, (row.tolist(), got.tolist(), errors)
        worst = max(worst, *errors)
    assert worst > 0.0  # the comparison did compare something


def test_seeds_example_softmax_depends_on_differences_not_ratios() -> None:
    np.testing.assert_allclose(activations.softmax([1.0, 2.0]), [0.26894142, 0.73105858], atol=5e-9)
    np.testing.assert_allclose(
        activations.softmax([10.0, 20.0]), [4.53978687e-05, 0.999954602], rtol=1e-8
    )
    for x in ([1.0, 2.0], [10.0, 20.0]):
        x = np.array(x)
        np.testing.assert_allclose(x / x.sum(), [1 / 3, 2 / 3])
    # Shifting every score changes nothing (exactly, when the shift is exact).
    x = np.array([0.25, -3.5, 7.0, 2.0])
    np.testing.assert_array_equal(activations.softmax(x), activations.softmax(x + 1024.0))


def test_two_logits_give_the_sigmoid_of_their_difference() -> None:
    rng = np.random.default_rng(8)
    a = np.round(rng.normal(scale=20.0, size=200), 3)
    b = np.round(rng.normal(scale=20.0, size=200), 3)
    d = b - a
    exact_d = [Fraction(float(q)) - Fraction(float(p)) for p, q in zip(a, b, strict=True)]
    keep = np.array([Fraction(float(v)) == e for v, e in zip(d, exact_d, strict=True)])
    s = activations.softmax(np.stack([a, b], axis=-1))
    np.testing.assert_allclose(s[keep, 1], activations.sigmoid(d[keep]), rtol=1e-15, atol=0)
    np.testing.assert_allclose(s[keep, 0], activations.sigmoid(-d[keep]), rtol=1e-15, atol=0)


def test_argmax_is_the_zero_temperature_limit_of_softmax() -> None:
    rng = np.random.default_rng(9)
    x = rng.normal(size=(300, 5))
    ordered = np.sort(x, axis=-1)
    clear = ordered[:, -1] - ordered[:, -2] > 0.05  # a unique maximum by a margin
    sharp = activations.softmax(x[clear], temperature=1e-3)
    np.testing.assert_allclose(sharp, activations.argmax(x[clear]), atol=1e-20)
    assert clear.sum() > 200


def test_temperature_interpolates_between_argmax_and_uniform() -> None:
    x = np.array([0.3, -1.0, 2.0, 0.9])
    np.testing.assert_allclose(activations.softmax(x, temperature=1e6), 0.25, rtol=1e-5)
    np.testing.assert_array_equal(activations.softmax(x, temperature=1e-9), [0, 0, 1, 0])
    np.testing.assert_allclose(
        activations.softmax(x, temperature=2.0), activations.softmax(x / 2.0), rtol=1e-15
    )


@pytest.mark.parametrize("bad", [0.0, -1.0, NAN, INF, -INF])
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_temperature_must_be_positive_and_finite(name: str, bad: float) -> None:
    with pytest.raises(ValueError, match="temperature"):
        activations.get(name)([1.0, 2.0], temperature=bad)
    with pytest.raises(TypeError, match="temperature"):
        activations.get(name)([1.0, 2.0], temperature="1")


def test_softmin_is_softmax_of_the_negation() -> None:
    x = np.random.default_rng(10).normal(scale=10.0, size=(20, 6))
    np.testing.assert_array_equal(activations.softmin(x), activations.softmax(-x))
    np.testing.assert_array_equal(
        activations.softmin.jacobian(x), -activations.softmax.jacobian(-x)
    )


def test_log_softmax_is_the_log_of_softmax_without_its_underflow() -> None:
    x = np.random.default_rng(11).normal(scale=5.0, size=(20, 6))
    np.testing.assert_allclose(
        activations.log_softmax(x), np.log(activations.softmax(x)), rtol=1e-14, atol=1e-15
    )
    np.testing.assert_array_equal(activations.log_softmax([0.0, -1000.0]), [0.0, -1000.0])
    assert activations.softmax([0.0, -1000.0])[1] == 0.0
    # The largest entry keeps its tiny log-probability instead of rounding to 0.
    np.testing.assert_allclose(
        activations.log_softmax([0.0, -40.0])[0], -math.exp(-40.0), rtol=1e-15
    )
    # The one-hot limit -log1p(rest) is exact where rest underflows completely.
    assert activations.log_softmax([0.0, -800.0])[0] == 0.0


# -- rows with infinities and NaN ----------------------------------------------------------

LIMITS = [
    # row, softmax (= sparsemax = entmax15), argmax
    ([1.0, INF, INF], [0.0, 0.5, 0.5], [0.0, 1.0, 0.0]),
    ([INF, -INF, 3.0, 1e308], [1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]),
    ([-INF, -INF, -INF], [1 / 3, 1 / 3, 1 / 3], [1.0, 0.0, 0.0]),
    ([INF, INF], [0.5, 0.5], [1.0, 0.0]),
    ([-INF, 5.0, -INF], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]),
]


@pytest.mark.parametrize(("row", "limit", "hard"), LIMITS)
def test_rows_with_infinities_take_the_limit(row: list, limit: list, hard: list) -> None:
    with np.errstate(all="raise"):
        for name in ("softmax", "sparsemax", "entmax15"):
            np.testing.assert_allclose(activations.get(name)(row), limit, rtol=1e-15, err_msg=name)
        np.testing.assert_array_equal(activations.argmax(row), hard)
        logs = activations.log_softmax(row)
        np.testing.assert_allclose(np.exp(logs), limit, rtol=1e-15)
        assert (np.isneginf(logs) == (np.array(limit) == 0)).all()
        np.testing.assert_array_equal(activations.softmin(-np.array(row)), activations.softmax(row))


def test_limiting_jacobians_are_the_diagonal_limits() -> None:
    # Along x = (t, t, c) with t -> inf, softmax and sparsemax become (1/2, 1/2, 0) with
    # a constant Jacobian; that constant is what the infinite row returns.
    t = 800.0
    for name in ("softmax", "sparsemax", "entmax15"):
        act = activations.get(name)
        np.testing.assert_allclose(
            act.jacobian([INF, INF, 0.0]), act.jacobian([t, t, 0.0]), atol=1e-15
        )
        np.testing.assert_allclose(act.jacobian([-INF] * 3), act.jacobian([-t] * 3), atol=1e-15)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin", "sparsemax", "entmax15"])
def test_one_nan_makes_the_whole_row_nan(name: str) -> None:
    act = activations.get(name)
    x = np.array([[1.0, NAN, 2.0], [INF, NAN, 0.0], [1.0, 2.0, 3.0]])
    with np.errstate(all="raise"):
        out, jac = act(x), act.jacobian(x)
    assert np.isnan(out[:2]).all() and np.isnan(jac[:2]).all()
    assert np.isfinite(out[2]).all() and np.isfinite(jac[2]).all()


# -- Jacobians -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["softmax", "sparsemax", "entmax15"])
def test_simplex_jacobians_are_symmetric_and_keep_the_sum(name: str) -> None:
    act = activations.get(name)
    jac = act.jacobian(np.random.default_rng(12).normal(size=(30, 5)))
    np.testing.assert_allclose(jac, np.swapaxes(jac, -1, -2), atol=1e-16)
    np.testing.assert_allclose(jac.sum(axis=-2), 0.0, atol=1e-15)  # sum(p) stays 1


def test_softmax_jacobian_scales_with_one_over_temperature() -> None:
    x = np.array([0.2, -0.4, 1.0])
    s = activations.softmax(x, temperature=3.0)
    want = (np.diag(s) - np.outer(s, s)) / 3.0
    np.testing.assert_allclose(activations.softmax.jacobian(x, temperature=3.0), want, rtol=1e-15)


# -- sparsemax and 1.5-entmax: exact supports ----------------------------------------------


def exact_sparsemax(row: np.ndarray) -> list[Fraction]:
    """Martins & Astudillo's algorithm in exact rational arithmetic."""
    z = [Fraction(float(v)) for v in row]
    total = size = 0
    chosen = Fraction(0)
    for k, v in enumerate(sorted(z, reverse=True), start=1):
        total += v
        if 1 + k * v > total:
            size, chosen = k, total
    tau = (chosen - 1) / size
    return [max(v - tau, Fraction(0)) for v in z]


def exact_entmax15(row: np.ndarray) -> tuple[list[mpmath.mpf], mpmath.mpf]:
    """tau by bisection at 50 digits on sum([x_i/2 - tau]_+^2) = 1 (decreasing in tau)."""
    with mpmath.workdps(50):
        z = [mpmath.mpf(float(v)) / 2 for v in row]
        low, high = max(z) - 1, max(z)
        for _ in range(100):
            mid = (low + high) / 2
            if mpmath.fsum(max(v - mid, 0) ** 2 for v in z) > 1:
                low = mid
            else:
                high = mid
        tau = (low + high) / 2
        return [max(v - tau, 0) ** 2 for v in z], tau


def sparse_rows(seed: int, count: int = 400) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        n = int(rng.integers(2, 9))
        scale = rng.choice([1e-3, 0.3, 1.0, 3.0, 1e4])
        rows.append(rng.normal(size=n) * scale + rng.choice([0.0, -7.0, 1e9]))
    return rows


def test_sparsemax_support_is_exact_and_values_within_an_eps() -> None:
    eps = np.finfo(F64).eps
    sizes = set()
    for row in sparse_rows(13):
        got = activations.sparsemax(row)
        want = exact_sparsemax(row)
        assert list(got > 0) == [w > 0 for w in want], row.tolist()
        assert all(abs(Fraction(float(g)) - w) <= eps for g, w in zip(got, want, strict=True))
        assert abs(math.fsum(got) - 1.0) <= 4 * eps
        sizes.add(int((got > 0).sum()))
        # The Jacobian depends on the support only.
        s = np.array([w > 0 for w in want], dtype=float)
        np.testing.assert_array_equal(
            activations.sparsemax.jacobian(row), np.diag(s) - np.outer(s, s) / s.sum()
        )
    assert len(sizes) >= 5  # supports of many sizes were exercised


def test_entmax15_support_is_exact_and_values_within_a_few_eps() -> None:
    eps = np.finfo(F64).eps
    sizes = set()
    for row in sparse_rows(14):
        got = activations.entmax15(row)
        want, _ = exact_entmax15(row)
        assert list(got > 0) == [w > 0 for w in want], row.tolist()
        assert (
            max(float(abs(mpmath.mpf(float(g)) - w)) for g, w in zip(got, want, strict=True))
            <= 2 * eps
        )
        assert abs(math.fsum(got) - 1.0) <= 4 * eps
        sizes.add(int((got > 0).sum()))
    assert len(sizes) >= 5


@pytest.mark.parametrize("name", ["sparsemax", "entmax15"])
def test_implicit_expression_holds_at_the_exact_threshold(name: str) -> None:
    """The SymPy expression, with tau solved from sum(p) = 1, equals the forward pass."""
    act = activations.get(name)
    n = 5
    xs = sympy.symbols(f"x_1:{n + 1}", real=True)
    tau = sympy.Symbol("tau", real=True)
    expr = act.expr(n)
    for row in sparse_rows(15, count=20):
        if row.size != n:
            row = np.resize(row, n)
        if name == "sparsemax":
            exact = exact_sparsemax(row)
            support = [i for i, p in enumerate(exact) if p > 0]
            gap = Fraction(float(row[support[0]])) - exact[support[0]]
            threshold = sympy.Rational(gap.numerator, gap.denominator)
        else:
            threshold = sympy.Float(exact_entmax15(row)[1], 50)
        values = expr.subs(
            {**dict(zip(xs, [sympy.Rational(float(v)) for v in row], strict=True)), tau: threshold}
        )
        np.testing.assert_allclose(
            act(row), np.array(values.evalf(30), dtype=float).ravel(), atol=4e-16
        )


def test_sparse_outputs_have_exact_zeros_where_softmax_has_none() -> None:
    x = np.array([3.0, 1.5, 0.2, -2.0])
    assert (activations.softmax(x) > 0).all()
    np.testing.assert_array_equal(activations.sparsemax(x), [1.0, 0.0, 0.0, 0.0])
    assert (activations.entmax15(x)[2:] == 0).all() and (activations.entmax15(x)[:2] > 0).all()


def test_entmax15_sits_between_softmax_and_sparsemax() -> None:
    """On a fixed row, 1.5-entmax's support is no larger than softmax's (everything)
    and no smaller than sparsemax's; its largest entry lies between theirs."""
    x = np.array([1.0, 0.6, 0.1, -0.3, -1.2])
    soft, ent, sparse = activations.softmax(x), activations.entmax15(x), activations.sparsemax(x)
    assert (sparse > 0).sum() <= (ent > 0).sum() <= (soft > 0).sum()
    assert soft[0] < ent[0] < sparse[0]


def test_entmax15_matches_closed_form_for_two_entries() -> None:
    """For two entries with gap d = x_1 - x_2 < 2, p_1 = (1 + d/2 * sqrt(2 - d^2/4)) / 2
    (solve (z1 - tau)^2 + (z2 - tau)^2 = 1 with z = x/2 by hand)."""
    for d in (0.0, 0.25, 1.0, 1.9):
        want = (1 + (d / 2) * math.sqrt(2 - d * d / 4)) / 2
        np.testing.assert_allclose(activations.entmax15([d, 0.0])[0], want, rtol=4e-16)
    np.testing.assert_array_equal(activations.entmax15([2.0, 0.0]), [1.0, 0.0])


# -- argmax ---------------------------------------------------------------------------------


def test_argmax_picks_the_first_maximum_and_its_expression_agrees() -> None:
    np.testing.assert_array_equal(activations.argmax([1.0, 3.0, 3.0, 0.0]), [0, 1, 0, 0])
    np.testing.assert_array_equal(activations.argmax([-0.0, 0.0]), [1, 0])  # -0 == 0: a tie
    xs = sympy.symbols("x_1:5", real=True)
    expr = activations.argmax.expr(4)
    for row in ([1, 3, 3, 0], [2, 2, 2, 2], [0, 0, 1, 1], [5, 1, 2, 3]):
        values = [int(v) for v in expr.subs(dict(zip(xs, row, strict=True)))]
        assert values == activations.argmax(np.array(row, dtype=float)).tolist()


def test_argmax_jacobian_is_zero() -> None:
    x = np.random.default_rng(16).normal(size=(10, 4))
    np.testing.assert_array_equal(activations.argmax.jacobian(x), 0.0)


def test_framework_facts() -> None:
    assert activations.softmin.frameworks.keras is None
    assert activations.sparsemax.frameworks.pytorch is None
    assert "sparsemax" in (activations.sparsemax.frameworks.keras or "")
    assert activations.get("hardmax") is activations.argmax
    assert activations.get("1.5-entmax") is activations.entmax15
