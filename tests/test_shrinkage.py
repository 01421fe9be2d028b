"""Shrinkage family: tanhshrink's cancellation near 0, the thresholds of soft and hard
shrinkage, PyTorch's kink convention and parameter checks."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations.core.functions import shrinkage
from activations.verification.accuracy import ulp

x = sympy.Symbol("x", real=True)


def ulp_error(computed: float, exact: mpmath.mpf) -> float:
    """|computed - exact| in float64 ulp, counted as the accuracy harness counts them."""
    with mpmath.workdps(50):
        return float(abs(mpmath.mpf(computed) - exact) / ulp(exact, np.dtype(np.float64)))


def exact_tanhshrink(value: float) -> mpmath.mpf:
    with mpmath.workdps(50 + 3 * max(0, -math.floor(math.log10(abs(value))))):
        v = mpmath.mpf(value)
        return +(v - mpmath.tanh(v))


# -- tanhshrink -----------------------------------------------------------------------------


def test_tanhshrink_near_zero_is_accurate_where_the_textbook_formula_is_not() -> None:
    value = 1e-5
    exact = exact_tanhshrink(value)
    assert ulp_error(float(activations.tanhshrink(value)), exact) < 4
    # x - tanh(x) subtracts two numbers that agree in their first 10 digits: the rounding
    # error of tanh(1e-5) alone (~1e-21) is ~1e10 ulp of the result 3.3e-16.
    naive = value - np.tanh(value)
    assert ulp_error(float(naive), exact) > 1e6


@pytest.mark.parametrize(
    "value", [5e-324, 1e-300, 1e-100, 1e-8, 3e-3, 0.1, 0.7, 1.0, 1.5, 1.999, 2.0, 2.001, 3.5]
)
def test_tanhshrink_within_four_ulp_across_the_switch(value: float) -> None:
    for v in (value, -value):
        # Below 1e-103 the result x^3/3 underflows; ulp_error then counts in subnormal units.
        assert ulp_error(float(activations.tanhshrink(v)), exact_tanhshrink(v)) < 4, v


def test_tanhshrink_continued_fraction_depth_is_enough() -> None:
    """At the switch |x| = 2 (the worst case) the truncated fraction, in exact
    arithmetic, is within 1e-17 relative of x - tanh x."""
    with mpmath.workdps(60):
        v = mpmath.mpf(shrinkage._CF_LIMIT)
        r = mpmath.mpf(0)
        for k in range(shrinkage._CF_DEPTH, 0, -1):
            r = v**2 / ((2 * k + 1) + r)
        truncated = v * r / (1 + r)
        exact = v - mpmath.tanh(v)
        assert abs(truncated - exact) / exact < mpmath.mpf("1e-17")


def test_tanhshrink_identities() -> None:
    act = activations.tanhshrink
    # f' = tanh^2, exactly (symbolically) ...
    diff = act.derivative_expr() - sympy.tanh(x) ** 2
    assert sympy.simplify(diff.rewrite(sympy.exp)) == 0
    # ... and f is odd, bit for bit, on both sides of the switch at |x| = 2.
    grid = np.linspace(0.0, 6.0, 601)
    assert np.array_equal(act(-grid), -act(grid))
    # Taylor: x - tanh x = x^3/3 - 2x^5/15 + ...
    small = 1e-4
    assert math.isclose(float(act(small)), small**3 / 3 - 2 * small**5 / 15, rel_tol=1e-15)


def test_tanhshrink_tails() -> None:
    act = activations.tanhshrink
    assert float(act(30.0)) == 29.0  # tanh(30) rounds to 1
    assert float(act(np.inf)) == np.inf and float(act(-np.inf)) == -np.inf
    assert float(act.derivative(np.inf)) == 1.0


# -- softshrink and hardshrink ----------------------------------------------------------------

LAMBDA = 0.5


def test_softshrink_at_and_beside_the_thresholds() -> None:
    act = activations.softshrink
    above = math.nextafter(LAMBDA, math.inf)
    assert float(act(LAMBDA)) == 0.0 and float(act(-LAMBDA)) == 0.0
    assert float(act(above)) == above - LAMBDA == 2.0**-53  # exact (Sterbenz)
    assert float(act(-above)) == -(2.0**-53)
    # Derivative: 1 strictly outside [-lambda, lambda], 0 on it (PyTorch's backward).
    d = act.derivative(np.array([-above, -LAMBDA, 0.0, LAMBDA, above]))
    assert d.tolist() == [1.0, 0.0, 0.0, 0.0, 1.0]


def test_softshrink_is_the_identity_minus_a_clip() -> None:
    """Soft thresholding is x - clip(x, -lambda, lambda) (the L1 proximal map)."""
    grid = np.linspace(-3.0, 3.0, 241)
    for lambd in (0.0, 0.25, 0.5, 2.0):
        expected = grid - np.clip(grid, -lambd, lambd)
        np.testing.assert_array_equal(activations.softshrink(grid, lambd=lambd), expected)


def test_hardshrink_at_and_beside_the_thresholds() -> None:
    act = activations.hardshrink
    above = math.nextafter(LAMBDA, math.inf)
    assert float(act(LAMBDA)) == 0.0 and float(act(-LAMBDA)) == 0.0
    assert float(act(above)) == above and float(act(-above)) == -above
    d = act.derivative(np.array([-above, -LAMBDA, 0.0, LAMBDA, above]))
    assert d.tolist() == [1.0, 0.0, 0.0, 0.0, 1.0]


def test_hardshrink_minus_softshrink_is_the_jump() -> None:
    grid = np.linspace(-3.0, 3.0, 241)
    gap = activations.hardshrink(grid) - activations.softshrink(grid)
    expected = np.where(np.abs(grid) > LAMBDA, LAMBDA * np.sign(grid), 0.0)
    np.testing.assert_array_equal(gap, expected)


def test_shrinkage_properties() -> None:
    soft = activations.softshrink.properties
    hard = activations.hardshrink.properties
    assert soft.breakpoints == hard.breakpoints == (-LAMBDA, LAMBDA)
    assert soft.continuity == 0  # a kink at each threshold
    assert hard.continuity == -1  # a jump of lambda at each threshold
    assert soft.zero_centered and hard.zero_centered and soft.monotonic
    tanh_props = activations.tanhshrink.properties
    assert math.isinf(tanh_props.continuity)
    assert tanh_props.derivative_at_zero == (0.0, 0.0) and tanh_props.monotonic


def test_threshold_defaults_follow_pytorch_and_zero_is_the_identity() -> None:
    for name in ("softshrink", "hardshrink"):
        act = activations.get(name)
        assert act.params == {"lambd": 0.5}
        grid = np.linspace(-2.0, 2.0, 17)
        np.testing.assert_array_equal(act(grid, lambd=0.0), grid)
        for bad in (-0.1, -1.0, math.inf):
            with pytest.raises(ValueError, match="lambd"):
                act(1.0, lambd=bad)
    assert activations.get("soft_shrink") is activations.softshrink
    assert activations.get("hard_shrink") is activations.hardshrink
    assert activations.get("tanh_shrink") is activations.tanhshrink
