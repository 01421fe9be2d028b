"""Other algebraic functions: the bent identity's slopes and overflow, ISRU's range,
ISRLU's continuity class."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations.core.properties import compute_properties
from activations.verification.accuracy import ulp

x = sympy.Symbol("x", real=True)


def ulp_error(computed: float, exact: mpmath.mpf) -> float:
    """|computed - exact| in float64 ulp, counted as the accuracy harness counts them."""
    with mpmath.workdps(50):
        return float(abs(mpmath.mpf(computed) - exact) / ulp(exact, np.dtype(np.float64)))


# -- bent identity --------------------------------------------------------------------------


def test_bent_identity_derivative_range_is_half_to_three_halves() -> None:
    act = activations.bent_identity
    props = compute_properties(act.derivative_expr())
    assert props.range == (0.5, 1.5) and props.range_closed == (False, False)
    assert props.exact_range == ("1/2", "3/2")
    assert props.monotonic  # f' increases: f is convex
    with np.errstate(all="raise"):
        ends = act.derivative(np.array([-np.inf, -1e300, 0.0, 1e300, np.inf])).tolist()
    assert ends == [0.5, 0.5, 1.0, 1.5, 1.5]


@pytest.mark.parametrize("value", [1e-200, 1e-8, 0.3, 1.0, 1.5, 7.0, 1e5, 1e150, 1e300])
def test_bent_identity_accuracy_both_signs(value: float) -> None:
    for v in (value, -value):
        with mpmath.workdps(60):
            p = mpmath.mpf(v)
            exact = (mpmath.sqrt(p**2 + 1) - 1) / 2 + p
        assert ulp_error(float(activations.bent_identity(v)), exact) < 3, v


def test_bent_identity_textbook_formula_cancels_near_zero() -> None:
    v = 1e-9
    with mpmath.workdps(60):
        p = mpmath.mpf(v)
        exact_bend = (mpmath.sqrt(p**2 + 1) - 1) / 2  # 5e-19, the part that cancels
    naive = (np.sqrt(v * v + 1.0) - 1.0) / 2.0
    assert naive == 0.0  # every digit lost
    bend = float(activations.bent_identity(v)) - v  # exact subtraction (Sterbenz)
    assert abs(bend - float(exact_bend)) / float(exact_bend) < 1e-6
    # (sqrt(1 + x^2) - 1)/2 = x^2/4 - x^4/16 + ...
    series = 1e-4 + 1e-8 / 4 - 1e-16 / 16
    assert math.isclose(float(activations.bent_identity(1e-4)), series, rel_tol=1e-15)


def test_bent_identity_overflows_to_infinity_quietly() -> None:
    big = np.finfo(np.float64).max
    with np.errstate(all="raise"):
        assert float(activations.bent_identity(big)) == math.inf  # 1.5 * max is no float
        assert float(activations.bent_identity(1e308)) == 1.5e308
        assert float(activations.bent_identity(-big)) == pytest.approx(-big / 2, rel=1e-15)


# -- ISRU and ISRLU -------------------------------------------------------------------------


def test_isru_range_for_alpha_four() -> None:
    props = activations.isru.properties_at(alpha=4.0)
    assert props.range == (-0.5, 0.5) and props.range_closed == (False, False)
    assert props.exact_range == ("-1/2", "1/2")
    assert props.saturates == (True, True) and props.zero_centered and props.monotonic
    with np.errstate(all="raise"):
        limits = activations.isru(np.array([-np.inf, -1e300, 1e300, np.inf]), alpha=4.0)
    assert limits.tolist() == [-0.5, -0.5, 0.5, 0.5]


def test_isru_identities() -> None:
    act = activations.isru
    grid = np.concatenate([np.linspace(-30.0, 30.0, 241), [1e-3, 1e6]])
    moderate = np.abs(grid) <= 30
    for alpha in (0.25, 1.0, 3.0):
        f = act(grid, alpha=alpha)
        # f'(x) = (f(x) / x)^3, as (1 + alpha x^2)^(-3/2) = ((1 + alpha x^2)^(-1/2))^3.
        nonzero = grid != 0
        np.testing.assert_allclose(act.derivative(grid, alpha=alpha)[nonzero],
                                   (f[nonzero] / grid[nonzero]) ** 3, rtol=1e-14)
        # f is the inverse of y -> y / sqrt(1 - alpha y^2) on the open range.
        # (Only moderate x: near the asymptote 1 - alpha f^2 cancels.)
        inverse = f[moderate] / np.sqrt(1.0 - alpha * f[moderate] ** 2)
        np.testing.assert_allclose(inverse, grid[moderate], rtol=1e-11)
    # alpha = 1 equals x / hypot(1, x) exactly in spirit: compare at 1 ulp.
    np.testing.assert_allclose(act(grid), grid / np.hypot(1.0, grid), rtol=3e-16)


def test_isrlu_is_twice_but_not_three_times_differentiable() -> None:
    act = activations.isrlu
    assert act.properties.continuity == 2
    assert act.properties_at(alpha=4.0).continuity == 2
    # By hand: the left branch x (1 + a x^2)^(-1/2) = x - a x^3/2 + ..., the right
    # branch x; values, slopes and curvatures agree at 0, third derivatives do not.
    a = sympy.Symbol("alpha", positive=True)
    left, right = x / sympy.sqrt(1 + a * x**2), x
    for n in range(3):
        assert sympy.diff(left, x, n).subs(x, 0) == sympy.diff(right, x, n).subs(x, 0)
    assert sympy.diff(left, x, 3).subs(x, 0) == -3 * a
    assert sympy.diff(right, x, 3).subs(x, 0) == 0


def test_isrlu_is_identity_right_and_isru_left() -> None:
    grid = np.linspace(-8.0, 8.0, 161)
    for alpha in (0.5, 1.0, 2.0):
        out = activations.isrlu(grid, alpha=alpha)
        np.testing.assert_array_equal(out[grid >= 0], grid[grid >= 0])
        np.testing.assert_array_equal(out[grid < 0], activations.isru(grid[grid < 0], alpha=alpha))
        d = activations.isrlu.derivative(grid, alpha=alpha)
        assert (d[grid >= 0] == 1.0).all()
    props = activations.isrlu.properties
    assert props.range == (-1.0, math.inf) and props.derivative_at_zero == (1.0, 1.0)
    assert props.saturates == (True, False) and props.monotonic


def test_alpha_must_be_positive() -> None:
    for name in ("isru", "isrlu"):
        act = activations.get(name)
        assert act.params == {"alpha": 1.0}
        for bad in (0.0, -1.0, math.inf):
            with pytest.raises(ValueError, match="alpha"):
                act(1.0, alpha=bad)
