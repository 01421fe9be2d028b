"""Rectifiers: properties derived by hand, kink conventions, defaults and reductions.

The generic sweep in ``test_elementwise.py`` already checks accuracy everywhere; these
tests pin down what is specific to each function.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy

import activations
from activations.verification.accuracy import measure, sample_inputs

x = sympy.Symbol("x", real=True)
relu = activations.get("relu")
relu6 = activations.get("relu6")
leaky = activations.get("leaky_relu")
prelu = activations.get("prelu")
rrelu = activations.get("rrelu")

EDGES = np.array(
    [-np.inf, -1.7976931348623157e308, -1e300, -3.5, -1.0, -5e-324, -0.0, 0.0, 5e-324, 0.5,
     6.0, 7.25, 1e300, np.inf]
)


def test_aliases_resolve_to_relu() -> None:
    for alias in ("rectifier", "ramp", "ReLU", "Positive-Part"):
        assert activations.get(alias) is relu


def test_relu_properties_match_hand_analysis() -> None:
    p = relu.properties
    assert p.range == (0.0, math.inf) and p.range_closed == (True, False)
    # The minimum 0 is attained on the whole closed half-line (-inf, 0].
    assert p.minimum == (0.0, (-math.inf, 0.0, False, True))
    assert p.maximum is None
    assert p.continuity == 0 and p.breakpoints == (0.0,)
    assert p.derivative_at_zero == (0.0, 1.0)
    assert p.monotonic and p.saturates == (True, False)


def test_relu_kink_follows_pytorch() -> None:
    assert relu.derivative(0.0) == 0.0 and relu.derivative(-0.0) == 0.0
    assert relu.derivative(5e-324) == 1.0


def test_relu6_kinks_and_range() -> None:
    with np.errstate(all="raise"):
        d = relu6.derivative(np.array([0.0, 1e-300, 3.0, np.nextafter(6.0, 0.0), 6.0, 7.0]))
    np.testing.assert_array_equal(d, [0.0, 1.0, 1.0, 1.0, 0.0, 0.0])  # 0 at both kinks
    np.testing.assert_array_equal(relu6(np.array([-1.0, 6.0, 1e308, np.inf])), [0, 6, 6, 6])
    p = relu6.properties
    assert p.range == (0.0, 6.0) and p.range_closed == (True, True)
    assert p.breakpoints == (0.0, 6.0)
    assert p.minimum == (0.0, (-math.inf, 0.0, False, True))
    assert p.maximum == (6.0, (6.0, math.inf, True, False))


def test_relu6_is_relu_clipped() -> None:
    xs = np.linspace(-10, 10, 401)
    np.testing.assert_array_equal(relu6(xs), np.minimum(relu(xs), 6.0))


@pytest.mark.parametrize(
    ("act", "zero_slope"),
    [(leaky, {"negative_slope": 0.0}), (prelu, {"slope": 0.0}),
     (rrelu, {"lower": 0.0, "upper": 0.0})],
    ids=["leaky_relu", "prelu", "rrelu"],
)
def test_zero_slope_is_relu(act: activations.Elementwise, zero_slope: dict[str, float]) -> None:
    with np.errstate(all="raise"):  # 0 * -inf must not appear
        np.testing.assert_array_equal(act(EDGES, **zero_slope), relu(EDGES))
        np.testing.assert_array_equal(act.derivative(EDGES, **zero_slope), relu.derivative(EDGES))
    assert act.properties_at(**zero_slope) == relu.properties_at()
    # And the expression: exactly Max(0, x) at every sampled rational point.
    rewritten = act.expr(**zero_slope)
    for point in (-7, sympy.Rational(-1, 3), 0, sympy.Rational(5, 2)):
        assert rewritten.subs(x, point) == relu.expr().subs(x, point)


@pytest.mark.parametrize(
    ("act", "slope"), [(leaky, 0.01), (prelu, 0.25), (rrelu, (0.125 + 1 / 3) / 2)],
    ids=["leaky_relu", "prelu", "rrelu"],
)
def test_pytorch_defaults_and_kink(act: activations.Elementwise, slope: float) -> None:
    assert act(-1.0) == -slope
    # PyTorch's backward is ``x > 0 ? 1 : slope``: the slope at 0 (JAX would give 1).
    assert act.derivative(0.0) == slope and act.derivative(-0.0) == slope
    assert act.derivative(1e-300) == 1.0
    assert act.properties.derivative_at_zero == (pytest.approx(slope, rel=1e-15), 1.0)
    assert act.properties.range == (-math.inf, math.inf) and act.properties.monotonic


def test_leaky_relu_framework_defaults_are_recorded() -> None:
    assert leaky.params == {"negative_slope": 0.01}
    notes = " ".join(leaky.frameworks.notes)
    for text in ("0.01", "0.2", "0.3", "tf.nn.leaky_relu", "keras.layers.LeakyReLU", "JAX"):
        assert text in notes
    # The Keras function default, 0.2, is twenty times PyTorch's.
    assert leaky(-1.0, negative_slope=0.2) == 20 * leaky(-1.0)


def test_prelu_is_leaky_relu_with_its_slope() -> None:
    xs = np.linspace(-5, 5, 101)
    for a in (0.0, 0.25, 0.7, -0.3, 2.0):
        np.testing.assert_array_equal(prelu(xs, slope=a), leaky(xs, negative_slope=a))
    assert prelu.params == {"slope": 0.25}
    assert "Zeros" in " ".join(prelu.frameworks.notes)  # Keras starts the slope at 0


def test_steep_slopes_overflow_to_infinity_without_warnings() -> None:
    with np.errstate(all="raise"):
        assert leaky(-1e308, negative_slope=10.0) == -np.inf
        assert leaky(-1e308, negative_slope=-10.0) == np.inf
        assert leaky.derivative(-np.inf, negative_slope=10.0) == 10.0
        assert math.isnan(leaky(np.nan, negative_slope=0.0))


def test_rrelu_default_slope_is_eleven_48ths() -> None:
    assert Fraction(1, 8) + Fraction(1, 3) == 2 * Fraction(11, 48)
    # Exactly 11/48 in the expression (upper is stored as the exact 1/3) ...
    assert rrelu.expr().subs(x, -1) == sympy.Rational(-11, 48)
    assert sympy.Rational(11, 48) in rrelu.expr().atoms(sympy.Rational)
    # ... and within one rounding in float64.
    assert rrelu(-1.0) == pytest.approx(-11 / 48, rel=2**-52, abs=0)
    assert rrelu.properties.derivative_at_zero[0] == pytest.approx(11 / 48, rel=1e-15)


def test_rrelu_paper_convention_differs_from_pytorch() -> None:
    # Xu et al. divide by the mean divisor (3 + 8)/2; PyTorch averages the slopes 1/8, 1/3.
    paper_slope = 1 / ((3 + 8) / 2)
    assert paper_slope == pytest.approx(2 / 11)
    assert abs(-rrelu(-1.0) - paper_slope) > 0.04
    # The paper's slope is what rrelu gives with both bounds at 2/11.
    assert rrelu(-11.0, lower=2 / 11, upper=2 / 11) == pytest.approx(-2.0, rel=1e-15)


def test_rrelu_parameter_validation() -> None:
    with pytest.raises(ValueError, match="'lower'"):
        rrelu(1.0, lower=0.5, upper=0.25)
    with pytest.raises(ValueError, match="'lower'"):
        rrelu.derivative(1.0, lower=0.5, upper=0.25)
    with pytest.raises(ValueError, match="lower"):
        rrelu(1.0, lower=-0.1)
    with pytest.raises(ValueError, match="upper"):
        rrelu(1.0, upper=math.inf)
    assert rrelu(-2.0, lower=0.3, upper=0.3) == pytest.approx(-0.6)


def test_non_default_slopes_are_accurate() -> None:
    # The generic sweep runs at the defaults only; one rounding of a*x is the whole error.
    # Every 32nd binade of the sweep, both signs, and the dense grid near zero.
    xs = sample_inputs(np.float64)
    exponents = np.frexp(xs)[1]
    xs = xs[(exponents % 32 == 0) | (np.abs(xs) <= 40)]
    for act, params in ((leaky, {"negative_slope": 0.2}), (prelu, {"slope": 0.7}),
                        (rrelu, {"lower": 0.1, "upper": 0.3})):
        assert measure(act.name, 0, xs=xs, **params).worst <= 1.0


def test_symbolic_expressions_show_named_parameters() -> None:
    # Each symbol carries the sign its constraint allows: the slopes of leaky ReLU and
    # PReLU may be any real number, RReLU's bounds are not negative.
    a_leaky = a_prelu = sympy.Symbol("a", real=True)
    lo, hi = sympy.symbols("l u", positive=True)
    assert leaky.symbolic_expr() == sympy.Piecewise((a_leaky * x, x < 0), (x, True))
    assert prelu.symbolic_expr() == sympy.Piecewise((a_prelu * x, x < 0), (x, True))
    assert rrelu.symbolic_expr().free_symbols == {x, lo, hi}
