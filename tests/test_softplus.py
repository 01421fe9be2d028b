"""The softplus family: identities, PyTorch's threshold, the ReLU limits, and the tails
where ``log(1 + exp(x))``, ``log(sigmoid(x))`` and ``x + sqrt(x^2 + b)`` fail.

The generic accuracy sweep lives in ``test_elementwise.py``.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations.verification.accuracy import ulp

x = sympy.Symbol("x", real=True)


def _ulps(computed: float, exact: mpmath.mpf) -> float:
    with mpmath.workdps(40):
        return float(abs(mpmath.mpf(computed) - exact) / ulp(exact, np.dtype(np.float64)))


GRID = np.concatenate(
    [np.linspace(-60, 60, 4801), [-1e308, -800.0, -1e-300, 0.0, 1e-300, 800.0, 1e308]]
)

# -- softplus -----------------------------------------------------------------------------


def test_softplus_derivative_is_sigmoid() -> None:
    np.testing.assert_array_equal(activations.softplus.derivative(GRID), activations.sigmoid(GRID))
    d = sympy.diff(activations.softplus.expr(), x)
    assert sympy.simplify((d - 1 / (1 + sympy.exp(-x))).rewrite(sympy.exp)) == 0


def test_softplus_with_beta_against_mpmath() -> None:
    for beta in (0.5, 2.0, 10.0):
        for point in (-80.0, -3.0, 0.0, 0.7, 25.0):
            with mpmath.workdps(60):
                b, p = mpmath.mpf(beta), mpmath.mpf(point)
                exact = mpmath.log1p(mpmath.exp(b * p)) / b
                slope = 1 / (1 + mpmath.exp(-b * p))
                kappa = float(abs(p * slope / exact))
            got = float(activations.softplus(point, beta=beta))
            assert _ulps(got, exact) <= 4 + kappa, (beta, point)


def test_softplus_approaches_relu_as_beta_grows() -> None:
    """The largest gap to ReLU is at 0 and equals ln(2)/beta."""
    grid = np.linspace(-2, 2, 40001)
    for beta in (1.0, 10.0, 1000.0):
        gap = activations.softplus(grid, beta=beta) - np.maximum(grid, 0.0)
        assert gap.min() >= 0
        assert gap.max() == pytest.approx(np.log(2) / beta, rel=1e-12)


def test_softplus_versus_pytorch_threshold() -> None:
    """PyTorch's Softplus(threshold=20) returns x itself once beta*x > 20. At x = 20.5 the
    exact value is 20.5 + log1p(e^-20.5) = 20.500000001250153..., which is 351,887 ulp
    away from 20.5 (a relative error of 6.1e-11); the library is within an ulp."""
    point = 20.5
    with mpmath.workdps(50):
        exact = mpmath.mpf(point) + mpmath.log1p(mpmath.exp(-mpmath.mpf(point)))
    ours = float(activations.softplus(point))
    pytorch = point if point > 20.0 else float(np.log1p(np.exp(point)))
    assert _ulps(ours, exact) <= 1
    assert round(_ulps(pytorch, exact)) == 351887
    assert (ours - pytorch) / np.spacing(point) == 351887
    # Just above the switch the error is largest: e^-20 / 20 relative, about 1e-10.
    just_above = np.nextafter(20.0, 21.0)
    with mpmath.workdps(50):
        gap = mpmath.log1p(mpmath.exp(-mpmath.mpf(just_above))) / mpmath.mpf(just_above)
    assert float(gap) == pytest.approx(1.0306e-10, rel=1e-4)


def test_softplus_tails() -> None:
    """log(1 + exp(x)) overflows from x = 709.8 and returns 0 instead of e^x below -37."""
    with np.errstate(over="ignore"):
        assert np.log(1 + np.exp(710.0)) == np.inf
    assert np.log(1 + np.exp(-40.0)) == 0.0
    assert float(activations.softplus(710.0)) == 710.0
    with mpmath.workdps(50):
        assert _ulps(float(activations.softplus(-40.0)), mpmath.log1p(mpmath.exp(-40))) <= 1
        assert _ulps(float(activations.softplus(-700.0)), mpmath.log1p(mpmath.exp(-700))) <= 2


def test_softplus_small_beta_in_the_subnormal_tail() -> None:
    """e^(beta x) is subnormal here but softplus = e^(beta x)/beta is not: the library
    computes exp(beta x - ln beta) instead of dividing a subnormal by beta."""
    beta, point = 1e-10, -7.2e12
    with mpmath.workdps(60):
        b, p = mpmath.mpf(beta), mpmath.mpf(point)
        exact = mpmath.log1p(mpmath.exp(b * p)) / b
        kappa = float(abs(b * p / (1 + mpmath.exp(-b * p)) / mpmath.log1p(mpmath.exp(b * p))))
    assert exact > 2.3e-308  # a normal number
    naive = np.log1p(np.exp(beta * point)) / beta
    assert _ulps(naive, exact) > 1e4
    assert _ulps(float(activations.softplus(point, beta=beta)), exact) <= 4 + kappa


def test_softplus_beta_must_be_positive() -> None:
    for bad in (0.0, -1.0):
        with pytest.raises(ValueError, match="beta"):
            activations.softplus(1.0, beta=bad)


def test_softplus_properties() -> None:
    props = activations.softplus.properties
    assert props.range == (0.0, np.inf)
    assert props.range_closed == (False, False)
    assert props.value_at_zero == pytest.approx(np.log(2), rel=1e-15)
    assert props.minimum is None


# -- log-sigmoid --------------------------------------------------------------------------


def test_log_sigmoid_is_minus_softplus_of_minus_x() -> None:
    np.testing.assert_allclose(
        activations.log_sigmoid(GRID), -activations.softplus(-GRID), rtol=1e-15, atol=0
    )
    np.testing.assert_array_equal(
        activations.log_sigmoid.derivative(GRID), activations.softplus.derivative(-GRID)
    )
    expr = activations.log_sigmoid.expr() + activations.softplus.expr().subs(x, -x)
    assert sympy.simplify(expr) == 0


def test_log_sigmoid_tails() -> None:
    """log(sigmoid(x)) is -inf below x = -745 and loses all digits above x = 37."""
    with np.errstate(over="ignore", divide="ignore"):
        assert np.log(1 / (1 + np.exp(800.0))) == -np.inf
    assert float(activations.log_sigmoid(-800.0)) == -800.0
    with mpmath.workdps(50):
        exact = -mpmath.log1p(mpmath.exp(-40))
    assert np.log(1 / (1 + np.exp(-40.0))) == 0.0
    assert _ulps(float(activations.log_sigmoid(40.0)), exact) <= 1


# -- squareplus ---------------------------------------------------------------------------


def test_squareplus_with_b_zero_is_relu() -> None:
    grid = np.concatenate([GRID, [-np.inf, np.inf, 5e-324, -5e-324]])
    np.testing.assert_array_equal(activations.squareplus(grid, b=0.0), np.maximum(grid, 0.0))
    slope = activations.squareplus.derivative(grid, b=0.0)
    np.testing.assert_array_equal(slope, (grid > 0).astype(float))  # relu'(0) = 0


def test_squareplus_left_tail_without_cancellation() -> None:
    """(x + sqrt(x^2 + 4))/2 is 0 from x = -1e9 on; the conjugate form gives 1/|x|."""
    for point in (-1e9, -1e150):
        assert (point + np.sqrt(point**2 + 4.0)) / 2 == 0.0
    for point in (-1e9, -1e150, -1e300):
        assert float(activations.squareplus(point)) == pytest.approx(-1 / point, rel=1e-15)
    slopes = activations.squareplus.derivative(np.array([-1e9, -1e150, -1e300]))
    np.testing.assert_allclose(slopes, [1e-18, 1e-300, 0.0], rtol=1e-15, atol=0)
    assert float(activations.squareplus(1e308)) == 1e308  # x + sqrt(x^2 + b) overflows


def test_squareplus_properties_and_defaults() -> None:
    assert activations.squareplus.params == {"b": 4.0}
    props = activations.squareplus.properties
    assert props.value_at_zero == 1.0  # sqrt(b)/2
    assert props.range == (0.0, np.inf)
    assert props.derivative_at_zero == (0.5, 0.5)
    with pytest.raises(ValueError, match="b"):
        activations.squareplus(1.0, b=-1.0)
