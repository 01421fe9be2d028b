"""Periodic and radial family: SIREN's frequency, the Gaussian's exact square, sinc's
minimum and the cancellation in its derivative."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations.core.functions import periodic
from activations.verification.accuracy import ulp

x = sympy.Symbol("x", real=True)


def ulp_error(computed: float, exact: mpmath.mpf) -> float:
    """|computed - exact| in float64 ulp, counted as the accuracy harness counts them."""
    with mpmath.workdps(50):
        return float(abs(mpmath.mpf(computed) - exact) / ulp(exact, np.dtype(np.float64)))


# -- sine -----------------------------------------------------------------------------------


def test_sine_with_siren_frequency_and_its_derivative() -> None:
    act = activations.sine
    points = np.array([-0.3, -0.01, 0.0, 0.02, 0.1, 0.7])
    with mpmath.workdps(40):
        for p, f, d in zip(points, act(points, omega0=30.0), act.derivative(points, omega0=30.0),
                           strict=True):
            arg = 30 * mpmath.mpf(p)  # 30 * p is exact in 53 + 5 bits at this precision
            assert abs(f - float(mpmath.sin(arg))) <= 2e-15
            assert abs(d - float(30 * mpmath.cos(arg))) <= 30 * 2e-15
    assert float(act.derivative(0.0, omega0=30.0)) == 30.0
    props = act.properties_at(omega0=30.0)
    assert props.derivative_at_zero == (30.0, 30.0)
    assert props.range == (-1.0, 1.0) and props.range_closed == (True, True)
    assert props.zero_centered and not props.monotonic


def test_sine_has_no_limit_at_infinity_and_says_so_quietly() -> None:
    act = activations.sine
    with np.errstate(all="raise"):
        for fn in (act, act.derivative):
            out = fn(np.array([-np.inf, np.inf, np.nan]), omega0=30.0)
            assert np.isnan(out).all()


def test_sine_where_the_product_overflows() -> None:
    """30 * 1e308 is not a float, but sin(30 * 1e308) is a number: the exact product."""
    with np.errstate(all="raise"):
        got = activations.sine(np.array([1e308, -1e308]), omega0=30.0)
        slope = activations.sine.derivative(1e308, omega0=30.0)
    with mpmath.workprec(4000):
        arg = mpmath.mpf(30) * mpmath.mpf(1e308)
        assert got[0] == float(mpmath.sin(arg)) == -got[1]
        assert ulp_error(float(slope), 30 * mpmath.cos(arg)) <= 1


def test_sine_parameter_must_be_positive() -> None:
    assert activations.sine.params == {"omega0": 1.0}
    for bad in (0.0, -30.0, math.nan):
        with pytest.raises(ValueError, match="omega0"):
            activations.sine(1.0, omega0=bad)


# -- gaussian -------------------------------------------------------------------------------


def test_gaussian_exact_square_beats_the_textbook_formula() -> None:
    """At x = 26.1 rounding x*x costs ~200 ulp in exp(-x*x); the split square does not."""
    value = 26.1
    with mpmath.workdps(50):
        exact = mpmath.exp(-(mpmath.mpf(value) ** 2))
    assert ulp_error(float(activations.gaussian(value)), exact) < 2
    assert ulp_error(float(np.exp(-value * value)), exact) > 50
    for v in (0.3, 1.0, 5.5, 13.0 + 1 / 3, 25.3, 27.0):
        with mpmath.workdps(50):
            exact = mpmath.exp(-(mpmath.mpf(v) ** 2))
            slope = -2 * mpmath.mpf(v) * exact
        assert ulp_error(float(activations.gaussian(v)), exact) < 2
        assert ulp_error(float(activations.gaussian(-v)), exact) < 2
        assert ulp_error(float(activations.gaussian.derivative(v)), slope) < 3


def test_gaussian_known_values_and_integral() -> None:
    act = activations.gaussian
    assert float(act(0.0)) == 1.0
    assert float(act(1.0)) == math.exp(-1.0)
    assert sympy.integrate(act.expr(), (x, -sympy.oo, sympy.oo)) == sympy.sqrt(sympy.pi)
    with np.errstate(all="raise"):
        assert act(np.array([-np.inf, 1e300, np.inf])).tolist() == [0.0, 0.0, 0.0]
        assert act.derivative(np.array([-np.inf, np.inf])).tolist() == [0.0, 0.0]
    # The derivative is extreme at +-1/sqrt(2): -sqrt(2/e) and +sqrt(2/e).
    assert math.isclose(float(act.derivative(math.sqrt(0.5))), -math.sqrt(2 / math.e),
                        rel_tol=1e-15)


# -- sinc -----------------------------------------------------------------------------------

SINC_MIN = -0.217233628211222  # catalogue, 15 digits


def test_sinc_minimum_value_and_place() -> None:
    """The global minimum is at the first positive root of tan x = x (and its mirror)."""
    with mpmath.workdps(40):
        root = mpmath.findroot(lambda t: mpmath.tan(t) - t, 4.4934)
        value = mpmath.sin(root) / root
    assert abs(float(value) - SINC_MIN) < 1e-15
    props = activations.sinc.properties
    low, where = props.minimum
    assert low == props.range[0] and props.range_closed == (True, True)
    assert abs(low - float(value)) <= 1e-16
    assert len(where) == 2
    assert where[0] == pytest.approx(-float(root), abs=1e-9)
    assert where[1] == pytest.approx(float(root), abs=1e-9)
    assert props.maximum == (1.0, [0.0])
    assert math.isinf(props.continuity)  # the point value 1 makes it smooth at 0
    # The forward pass at the float nearest the root, and its derivative there.
    assert float(activations.sinc(float(root))) == pytest.approx(float(value), rel=1e-15)
    assert abs(float(activations.sinc.derivative(float(root)))) < 1e-16


def test_sinc_derivative_near_zero() -> None:
    act = activations.sinc
    for v in (1e-300, 1e-3, 0.1, 0.5, 1.0, 1.49, 1.5, 1.51, 3.0):
        with mpmath.workdps(700):  # the two terms cancel to ~x^2 relative
            p = mpmath.mpf(v)
            exact = mpmath.cos(p) / p - mpmath.sin(p) / p**2
        assert ulp_error(float(act.derivative(v)), exact) < 3, v
        assert ulp_error(float(act.derivative(-v)), -exact) < 3, v
    # The textbook form loses about six digits at x = 1e-3.
    v = 1e-3
    with mpmath.workdps(50):
        p = mpmath.mpf(v)
        exact = mpmath.cos(p) / p - mpmath.sin(p) / p**2
    naive = (v * np.cos(v) - np.sin(v)) / v**2
    assert ulp_error(float(naive), exact) > 1e4


def test_sinc_taylor_series_is_long_enough() -> None:
    with mpmath.workdps(50):
        v = mpmath.mpf(periodic._SINC_TAYLOR_LIMIT)
        series = v * sum(
            mpmath.mpf(c) * v ** (2 * k) for k, c in enumerate(periodic._SINC_DERIVATIVE_SERIES)
        )
        exact = mpmath.cos(v) / v - mpmath.sin(v) / v**2
        # The float coefficients are rounded; the truncation alone is far smaller.
        assert abs(series - exact) / abs(exact) < mpmath.mpf("1e-16")


def test_sinc_limits_and_normalisation() -> None:
    act = activations.sinc
    with np.errstate(all="raise"):
        assert act(np.array([-np.inf, 0.0, np.inf, 5e-324])).tolist() == [0.0, 1.0, 0.0, 1.0]
        assert act.derivative(np.array([-np.inf, 0.0, np.inf])).tolist() == [0.0, 0.0, 0.0]
    # NumPy's (and torch's, jax's) sinc is normalised: ours is np.sinc(x / pi).
    grid = np.linspace(-10.0, 10.0, 101)
    np.testing.assert_allclose(act(grid), np.sinc(grid / np.pi), rtol=1e-13, atol=1e-15)
    assert float(act(np.pi)) == pytest.approx(0.0, abs=1e-16)
    assert not np.allclose(act(grid), np.sinc(grid))
