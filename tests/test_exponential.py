"""Exponential units: SELU's published constants, identities between ELU and CELU,
smoothness at the kink, PyTorch's conventions at 0 and parameter handling."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations.core.functions.exponential import (
    SELU_ALPHA,
    SELU_ALPHA_DIGITS,
    SELU_SCALE,
    SELU_SCALE_ALPHA,
    SELU_SCALE_DIGITS,
)
from activations.verification.accuracy import measure

x = sympy.Symbol("x", real=True)
elu = activations.get("elu")
celu = activations.get("celu")
selu = activations.get("selu")


def _selu_closed_forms() -> tuple[mpmath.mpf, mpmath.mpf]:
    """alpha_01 and lambda_01 from Klambauer et al. (catalogue section 3), at 50 digits."""
    with mpmath.workdps(50):
        e, pi = mpmath.e, mpmath.pi
        c = mpmath.erfc(1 / mpmath.sqrt(2))
        alpha = -mpmath.sqrt(2 / pi) / (c * mpmath.sqrt(e) - 1)
        inner = (
            2 * mpmath.erfc(mpmath.sqrt(2)) * e**2
            + pi * c**2 * e
            - 2 * (2 + pi) * c * mpmath.sqrt(e)
            + pi
            + 2
        )
        lam = (1 - c * mpmath.sqrt(e)) * mpmath.sqrt(2 * pi) / mpmath.sqrt(inner)
        return +alpha, +lam


def test_selu_constants_match_the_closed_forms() -> None:
    alpha, lam = _selu_closed_forms()
    with mpmath.workdps(50):
        # The 31-digit strings PyTorch and JAX use are the closed forms to 31 digits ...
        assert abs(mpmath.mpf(SELU_ALPHA_DIGITS) - alpha) < mpmath.mpf("1e-30")
        assert abs(mpmath.mpf(SELU_SCALE_DIGITS) - lam) < mpmath.mpf("1e-30")
        # ... and the float64 constants are their correct roundings.
        assert SELU_ALPHA == float(alpha) == 1.6732632423543772
        assert SELU_SCALE == float(lam) == 1.0507009873554805
        assert SELU_SCALE_ALPHA == float(alpha * lam) == 1.7580993408473768
    # The widely copied dropout_selu constant is one rounding off.
    assert SELU_SCALE_ALPHA != 1.7580993408473766


def test_selu_is_a_fixed_point_of_mean_zero_unit_variance() -> None:
    """For z ~ N(0, 1): E[selu(z)] = 0 and E[selu(z)^2] = 1, the defining property."""
    with mpmath.workdps(40):
        a, s = mpmath.mpf(SELU_ALPHA_DIGITS), mpmath.mpf(SELU_SCALE_DIGITS)

        def f(z: mpmath.mpf) -> mpmath.mpf:
            return s * z if z > 0 else s * a * mpmath.expm1(z)

        def density(z: mpmath.mpf) -> mpmath.mpf:
            return mpmath.npdf(z)

        mean = mpmath.quad(lambda z: f(z) * density(z), [-mpmath.inf, 0, mpmath.inf])
        second = mpmath.quad(lambda z: f(z) ** 2 * density(z), [-mpmath.inf, 0, mpmath.inf])
        assert abs(mean) < mpmath.mpf("1e-29")
        assert abs(second - 1) < mpmath.mpf("1e-29")


def test_selu_expression_keeps_every_digit() -> None:
    floats = {str(f) for f in selu.expr().atoms(sympy.Float)}
    assert SELU_SCALE_DIGITS in floats
    with mpmath.workdps(50):
        product = mpmath.mpf(SELU_ALPHA_DIGITS) * mpmath.mpf(SELU_SCALE_DIGITS)
        low = sympy.limit(selu.expr().args[1][0], x, -sympy.oo)
        assert abs(mpmath.mpf(str(-low)) - product) < mpmath.mpf("1e-30")


def test_selu_range_low_end_is_minus_lambda_alpha() -> None:
    p = selu.properties
    assert p.range == (-SELU_SCALE_ALPHA, math.inf)
    assert p.range_closed == (False, False) and p.minimum is None
    with np.errstate(all="raise"):
        assert selu(-np.inf) == -SELU_SCALE_ALPHA
        assert selu.derivative(np.inf) == SELU_SCALE
    assert p.continuity == 0  # lambda * alpha != lambda: a kink at 0
    assert p.derivative_at_zero == (SELU_SCALE_ALPHA, SELU_SCALE)


def test_selu_overflows_to_infinity_without_warnings() -> None:
    big = 1.7976931348623157e308
    with np.errstate(all="raise"):
        assert selu(big) == np.inf  # lambda * max exceeds max: inf is the correct rounding
        assert selu(big / SELU_SCALE) < np.inf


def test_celu_with_alpha_one_is_elu() -> None:
    assert celu.expr(alpha=1) == elu.expr(alpha=1)
    xs = np.concatenate([-np.logspace(-320, 3, 300), [0.0], np.logspace(-320, 3, 300)])
    np.testing.assert_allclose(celu(xs), elu(xs), rtol=2**-52, atol=0)
    np.testing.assert_array_equal(celu.derivative(xs), elu.derivative(xs))


def test_celu_rescales_elu() -> None:
    """celu(x; a) = a * elu(x / a; 1): checked symbolically with a kept as a symbol."""
    a = sympy.Symbol("alpha", positive=True)
    for point in (-3, sympy.Rational(-1, 7), 2):
        lhs = celu.symbolic_expr().subs(x, point)
        rhs = a * elu.expr(alpha=1).subs(x, point / a)
        assert sympy.simplify(lhs - rhs) == 0


def test_elu_is_c1_only_at_alpha_one() -> None:
    assert elu.properties.continuity == 1
    assert elu.properties_at(alpha=2.0).continuity == 0
    assert elu.properties_at(alpha=0.5).continuity == 0
    # CELU is C^1 for every alpha; that is its reason to exist.
    assert celu.properties_at(alpha=2.0).continuity == 1


def test_derivative_at_zero_follows_pytorch() -> None:
    # PyTorch's elu_backward takes the ``x <= 0`` branch: alpha * e^0 (times the scales).
    assert elu.derivative(0.0, alpha=2.0) == 2.0
    assert elu.derivative(-0.0, alpha=2.0) == 2.0
    assert elu.derivative(5e-324, alpha=2.0) == 1.0
    assert celu.derivative(0.0, alpha=2.0) == 1.0
    assert selu.derivative(0.0) == SELU_SCALE_ALPHA
    assert selu.derivative(5e-324) == SELU_SCALE


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.5])
def test_range_low_end_is_minus_alpha(alpha: float) -> None:
    for act in (elu, celu):
        p = act.properties_at(alpha=alpha)
        assert p.range == (-alpha, math.inf) and p.range_closed == (False, False)
        assert act(-np.inf, alpha=alpha) == -alpha
        assert act(-800.0, alpha=alpha) == -alpha


def test_expm1_keeps_tiny_negative_inputs() -> None:
    # exp(x) - 1 rounds to 0 (or to a multiple of 2^-53) for |x| below about 1e-16.
    for value in (-1e-20, -1e-200, -5e-324):
        assert elu(value) == value
        assert celu(value) == value
        assert selu(value) == SELU_SCALE_ALPHA * value


def test_celu_extreme_alpha_has_no_warnings_and_right_values() -> None:
    xs = np.array([-np.inf, -1e308, -1.0, -1e-310, 0.0, 1e-310, 1.0, 1e308, np.inf])
    with np.errstate(all="raise"):
        tiny = celu(xs, alpha=1e-300)
        huge = celu(xs, alpha=1e300)
        dtiny = celu.derivative(xs, alpha=1e-300)
    np.testing.assert_array_equal(tiny[:3], [-1e-300] * 3)  # saturated at -alpha
    assert tiny[3] == pytest.approx(-1e-310 * (1 - 5e-11), rel=1e-9)
    np.testing.assert_array_equal(tiny[4:], xs[4:])
    np.testing.assert_array_equal(huge[:4], [-1e300, -1e300, -1.0, -1e-310])
    np.testing.assert_array_equal(huge[4:], xs[4:])
    np.testing.assert_array_equal(dtiny[:3], [0.0, 0.0, 0.0])


def test_celu_subnormal_inputs_with_large_alpha() -> None:
    """x / alpha would round among the subnormals; the series keeps them exact."""
    xs = -np.array([5e-324, 3 * 5e-324, 1e-320, 2.2e-308, 1e-300, 1e-12])
    m = measure("celu", 0, xs=xs, alpha=100.0)
    assert not m.failures() and m.worst <= 0.5


def test_non_default_alpha_is_accurate() -> None:
    # Binary-exact alphas: the reference evaluates at the decimal value of the float.
    grid = np.concatenate([-np.logspace(-300, 2.8, 120), np.linspace(-40, 40, 161)])
    for act, alpha in ((elu, 2.5), (celu, 0.375), (celu, 7.0)):
        for order in (0, 1):
            m = measure(act.name, order, xs=grid, skip=(0.0,) if order else (), alpha=alpha)
            assert not m.failures(), (act.name, alpha, order, m.failures()[:3])


def test_parameters_are_validated() -> None:
    for act in (elu, celu):
        for bad in (0.0, -1.0, math.inf):
            with pytest.raises(ValueError, match="alpha"):
                act(1.0, alpha=bad)
    with pytest.raises(TypeError, match="no parameters"):
        selu(1.0, alpha=1.0)


def test_symbolic_expressions() -> None:
    alpha = sympy.Symbol("alpha", positive=True)
    assert elu.symbolic_expr() == sympy.Piecewise(
        (x, x > 0), (alpha * (sympy.exp(x) - 1), True)
    )
    assert celu.symbolic_expr().free_symbols == {x, alpha}
    assert selu.symbolic_expr().free_symbols == {x}
