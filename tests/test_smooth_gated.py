"""Smooth gated units: identities, published constants, kink conventions and the
places where the textbook formulas fail.

The generic accuracy sweep lives in ``test_elementwise.py``; the checks here are the
ones specific to this family.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations.verification.accuracy import measure, ulp

x = sympy.Symbol("x", real=True)


def _ulps(computed: float, exact: mpmath.mpf) -> float:
    """|computed - exact| in float64 ulps of the exact value (floored at the smallest
    normal number, as the accuracy harness does)."""
    with mpmath.workdps(40):
        return float(abs(mpmath.mpf(computed) - exact) / ulp(exact, np.dtype(np.float64)))


# -- SiLU and Swish ---------------------------------------------------------------------


def test_silu_is_swish_with_beta_one() -> None:
    grid = np.concatenate([np.linspace(-50, 50, 2001), [-1e308, -800.0, 1e-300, 1e308]])
    np.testing.assert_array_equal(activations.silu(grid), activations.swish(grid, beta=1.0))
    np.testing.assert_array_equal(
        activations.silu.derivative(grid), activations.swish.derivative(grid, beta=1.0)
    )
    assert activations.get("swish1") is activations.silu


def test_swish_approaches_relu_as_beta_grows() -> None:
    """max |swish_beta - relu| is W(1/e)/beta (the depth of the dip, and by symmetry the
    largest shortfall on the right), so it shrinks like 1/beta."""
    w = float(mpmath.lambertw(1 / mpmath.e))
    grid = np.linspace(-3, 3, 600001)
    relu = np.maximum(grid, 0.0)
    for beta in (10.0, 100.0, 1000.0):
        gap = np.max(np.abs(activations.swish(grid, beta=beta) - relu))
        assert gap == pytest.approx(w / beta, rel=1e-6)
    assert float(activations.swish.derivative(1.0, beta=1000.0)) == 1.0


def test_swish_beta_zero_is_half_identity() -> None:
    grid = np.array([-np.inf, -3.0, 0.0, 2.0, np.inf])
    np.testing.assert_array_equal(activations.swish(grid, beta=0.0), grid / 2)
    np.testing.assert_array_equal(activations.swish.derivative(grid, beta=0.0), 0.5)


def test_swish_matches_mpmath_for_other_betas() -> None:
    for beta in (0.3, 1.7, 25.0):
        for point in (-40.0, -1.2784 / beta, -0.5, 3.0):
            with mpmath.workdps(50):
                b, p = mpmath.mpf(beta), mpmath.mpf(point)
                exact = p / (1 + mpmath.exp(-b * p))
            assert _ulps(float(activations.swish(point, beta=beta)), exact) <= 4


def test_silu_minimum_is_minus_lambert_w() -> None:
    """silu'(x) = 0 where 1 + x + e^x = 0, i.e. x = -(1 + W(1/e)); the value there is
    -W(1/e) = -0.27846454276107379510..."""
    with mpmath.workdps(30):
        w = mpmath.lambertw(1 / mpmath.e)
        where = -(1 + w)
        assert abs(where / (1 + mpmath.exp(-where)) + w) < mpmath.mpf(10) ** -28
    value, at = activations.silu.properties.minimum
    assert value == pytest.approx(float(-w), rel=1e-15)
    assert at[0] == pytest.approx(float(where), rel=1e-12)
    assert float(activations.silu(float(where))) == pytest.approx(float(-w), rel=1e-15)
    assert abs(float(activations.silu.derivative(float(where)))) < 1e-16


def test_silu_derivative_near_its_root() -> None:
    """1 + x + e^x cancels at the minimum; the result stays within the ulp bound."""
    m = measure("silu", 1, xs=np.linspace(-1.30, -1.26, 81))
    assert not m.failures()


def test_swish_beta_must_be_nonnegative() -> None:
    with pytest.raises(ValueError, match="beta"):
        activations.swish(1.0, beta=-1.0)


# -- GELU ---------------------------------------------------------------------------------


def _phi_cdf(p: mpmath.mpf) -> mpmath.mpf:
    return mpmath.erfc(-p / mpmath.sqrt(2)) / 2


def test_gelu_against_x_phi_at_50_digits() -> None:
    points = [-38.0, -20.0, -8.5, -3.0, -1.3, -0.7517915246935645, -0.2, -1e-300, 1e-8, 0.6, 5.0]
    values = activations.gelu(np.array(points))
    slopes = activations.gelu.derivative(np.array(points))
    for point, value, slope in zip(points, values, slopes, strict=True):
        with mpmath.workdps(50):
            p = mpmath.mpf(point)
            f = p * _phi_cdf(p)
            df = _phi_cdf(p) + p * mpmath.npdf(p)
            d2f = mpmath.npdf(p) * (2 - p * p)
            kappa = float(abs(p * df / f))
            kappa_d = float(abs(p * d2f / df))
        assert _ulps(float(value), f) <= 4 + kappa, point
        assert _ulps(float(slope), df) <= 4 + kappa_d, point


def test_gelu_far_left_is_zero_not_nan() -> None:
    with np.errstate(all="raise"):
        out = activations.gelu(np.array([-np.inf, -1e308, -50.0]))
        slope = activations.gelu.derivative(np.array([-np.inf, -1e308, -50.0]))
    np.testing.assert_array_equal(out, 0.0)
    np.testing.assert_array_equal(slope, 0.0)
    with np.errstate(invalid="ignore"):  # the textbook product: -inf * Phi(-inf) = -inf * 0
        assert math.isnan(-np.inf * 0.0)


def test_gelu_minimum() -> None:
    with mpmath.workdps(40):
        root = mpmath.findroot(lambda p: _phi_cdf(p) + p * mpmath.npdf(p), -0.75)
        value = root * _phi_cdf(root)
    assert mpmath.nstr(value, 20).startswith("-0.169971207479903")  # catalogue, section 1A
    assert float(activations.gelu(float(root))) == pytest.approx(float(value), rel=1e-16)
    assert abs(float(activations.gelu.derivative(float(root)))) < 1e-16


def test_gelu_derivative_where_its_terms_cancel() -> None:
    """Phi(x) + x phi(x) cancels around the minimum; SciPy's ndtr alone is off by up
    to 8 ulp there. The tabulated H(s) keeps every point within the bound."""
    m = measure("gelu", 1, xs=np.linspace(-0.80, -0.70, 101))
    assert not m.failures()


def test_gelu_symbolic_derivative() -> None:
    expr = activations.gelu.expr()
    phi = sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi)
    cdf = (1 + sympy.erf(x / sympy.sqrt(2))) / 2
    assert sympy.simplify(sympy.diff(expr, x) - (cdf + x * phi)) == 0


def test_gelu_tanh_max_difference_from_gelu() -> None:
    """The tanh form is within 4.73e-4 of exact GELU (catalogue section 4), at |x| = 2.70."""
    grid = np.linspace(-8, 8, 160001)
    gap = np.abs(activations.gelu(grid) - activations.gelu_tanh(grid))
    assert f"{gap.max():.2e}" == "4.73e-04"
    assert abs(grid[np.argmax(gap)]) == pytest.approx(2.699, abs=2e-3)


def test_gelu_tanh_equals_textbook_formula_where_that_is_accurate() -> None:
    grid = np.linspace(-4, 4, 801)
    u = np.sqrt(2 / np.pi) * (grid + 0.044715 * grid**3)
    np.testing.assert_allclose(
        activations.gelu_tanh(grid), 0.5 * grid * (1 + np.tanh(u)), rtol=1e-12, atol=1e-16
    )


def test_gelu_tanh_left_tail_and_overflow() -> None:
    """0.5 x (1 + tanh u) loses every digit for u < -19 (1 + tanh u rounds to 0), and x**3
    overflows past 5.6e102; the library keeps full precision and raises nothing."""
    point = -8.0
    with mpmath.workdps(50):
        p = mpmath.mpf(point)
        u = mpmath.sqrt(2 / mpmath.pi) * (p + mpmath.mpf("0.044715") * p**3)
        exact = p / (1 + mpmath.exp(-2 * u))
    naive = 0.5 * point * (1 + np.tanh(np.sqrt(2 / np.pi) * (point + 0.044715 * point**3)))
    assert naive == 0.0
    assert _ulps(float(activations.gelu_tanh(point)), exact) <= 4
    with np.errstate(all="raise"):
        out = activations.gelu_tanh(np.array([-np.inf, -1e200, 1e200, np.inf]))
    np.testing.assert_array_equal(out, [0.0, 0.0, 1e200, np.inf])


def test_gelu_tanh_derivative_near_its_minimum() -> None:
    m = measure("gelu_tanh", 1, xs=np.linspace(-0.80, -0.70, 101))
    assert not m.failures()


def test_jax_default_is_the_tanh_form() -> None:
    assert "approximate=True is the default" in (activations.gelu_tanh.frameworks.jax or "")
    assert any("jax.nn.gelu defaults" in note for note in activations.gelu.frameworks.notes)


# -- hard swish ---------------------------------------------------------------------------


def test_hard_swish_minimum_from_properties() -> None:
    value, at = activations.hard_swish.properties.minimum
    assert value == -0.375
    assert at == [-1.5]
    assert activations.hard_swish.properties.breakpoints == (-3.0, 3.0)
    assert float(activations.hard_swish(-1.5)) == -0.375


def test_hard_swish_kinks_take_the_middle_piece() -> None:
    """x < -3 -> 0; -3 <= x <= 3 -> x/3 + 1/2; x > 3 -> 1 (PyTorch's backward until 2025)."""
    below, above = np.nextafter(-3.0, -4.0), np.nextafter(3.0, 4.0)
    got = activations.hard_swish.derivative(np.array([below, -3.0, -1.5, 3.0, above]))
    np.testing.assert_array_equal(got, [0.0, -0.5, 0.0, 1.5, 1.0])


def test_hard_swish_is_x_times_hard_sigmoid() -> None:
    grid = np.linspace(-5, 5, 1001)
    expected = grid * (np.clip(grid + 3, 0, 6) / 6)
    np.testing.assert_array_equal(activations.hard_swish(grid), expected)
    assert float(activations.hard_swish(1e308)) == 1e308  # 6x would overflow


# -- Mish ---------------------------------------------------------------------------------


def test_mish_gate_is_tanh_of_softplus() -> None:
    grid = np.linspace(-30, 30, 1201)
    np.testing.assert_allclose(
        activations.mish(grid), grid * np.tanh(np.log1p(np.exp(grid))), rtol=2e-15, atol=0
    )


def test_mish_minimum() -> None:
    def mish_mp(p: mpmath.mpf) -> mpmath.mpf:
        return p * mpmath.tanh(mpmath.log1p(mpmath.exp(p)))

    with mpmath.workdps(40):
        root = mpmath.findroot(lambda p: mpmath.diff(mish_mp, p), -1.19)
        value = mish_mp(root)
    assert mpmath.nstr(value, 20).startswith("-0.308843413017250")
    got, at = activations.mish.properties.minimum
    assert got == pytest.approx(float(value), rel=1e-15)
    assert at[0] == pytest.approx(float(root), rel=1e-12)
    assert float(activations.mish(float(root))) == pytest.approx(float(value), rel=1e-16)


def test_mish_derivative_near_its_root() -> None:
    m = measure("mish", 1, xs=np.linspace(-1.21, -1.17, 81))
    assert not m.failures()


def test_mish_at_zero() -> None:
    """f'(0) = tanh(ln 2) = 3/5."""
    assert float(activations.mish.derivative(0.0)) == pytest.approx(0.6, rel=1e-16)
