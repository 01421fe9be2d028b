"""Identities, constants and hand-derived properties of the squashing family."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

import activations

x = sp.Symbol("x", real=True)


def test_sigmoid_derivative_identity_symbolically() -> None:
    f = activations.sigmoid.expr()
    assert sp.simplify((sp.diff(f, x) - f * (1 - f)).rewrite(sp.exp)) == 0


def test_tanh_is_a_scaled_shifted_sigmoid() -> None:
    grid = np.linspace(-20, 20, 4001)
    np.testing.assert_allclose(
        activations.tanh(grid), 2 * activations.sigmoid(2 * grid) - 1, rtol=0, atol=4e-16
    )
    assert sp.simplify((sp.tanh(x) - (2 / (1 + sp.exp(-2 * x)) - 1)).rewrite(sp.exp)) == 0


def test_tanh_derivative_is_one_minus_tanh_squared_where_that_is_accurate() -> None:
    grid = np.linspace(-0.5, 0.5, 601)
    np.testing.assert_allclose(
        activations.tanh.derivative(grid), 1 - np.tanh(grid) ** 2, rtol=4e-16
    )


def test_tanh_derivative_does_not_flush_where_the_textbook_one_does() -> None:
    # 1 - tanh(x)^2 is exactly 0 from |x| near 19; the true value is 4 e^{-2|x|}.
    assert 1 - np.tanh(20.0) ** 2 == 0.0
    got = activations.tanh.derivative(20.0)
    exact = float(mpmath.sech(20) ** 2)
    assert abs(got - exact) <= 4 * math.ulp(exact)


def test_sigmoid_derivative_peaks_at_a_quarter() -> None:
    props = activations.sigmoid.properties
    assert props.derivative_at_zero == (0.25, 0.25)
    grid = np.linspace(-10, 10, 20001)
    assert np.max(activations.sigmoid.derivative(grid)) == 0.25


def test_hard_sigmoid_pytorch_definition_and_keras2_difference() -> None:
    hs = activations.hard_sigmoid
    assert hs(np.array([-3.0, 3.0])).tolist() == [0.0, 1.0]
    grid = np.linspace(-4, 4, 80001)
    keras2 = np.clip(0.2 * grid + 0.5, 0, 1)
    gap = np.max(np.abs(hs(grid) - keras2))
    assert abs(gap - 1 / 12) < 1e-12  # catalogue: 1/12 at x = +-2.5


def test_kink_conventions_follow_pytorch() -> None:
    assert activations.hard_sigmoid.derivative(np.array([-3.0, 3.0])).tolist() == [0.0, 0.0]
    assert activations.hardtanh.derivative(np.array([-1.0, 1.0])).tolist() == [0.0, 0.0]
    assert activations.binary_step(0.0) == 1.0


def test_hand_derived_properties() -> None:
    p = activations.sigmoid.properties
    assert p.range == (0.0, 1.0) and p.range_closed == (False, False)
    assert p.continuity == math.inf and p.monotonic and not p.zero_centered
    assert p.saturates == (True, True) and p.minimum is None
    p = activations.tanh.properties
    assert p.zero_centered and p.identity_near_origin and p.range == (-1.0, 1.0)
    p = activations.arctan.properties
    assert p.range == (-math.pi / 2, math.pi / 2) and p.exact_range == ("-pi/2", "pi/2")
    p = activations.softsign.properties
    assert p.continuity == 1  # f'' jumps at 0: -2 sign(x) / (1 + |x|)^3
    p = activations.hard_sigmoid.properties
    assert p.continuity == 0 and p.breakpoints == (-3.0, 3.0)
    assert p.minimum == (0.0, (-math.inf, -3.0, False, True))
    p = activations.binary_step.properties
    assert p.continuity == -1 and p.range == (0.0, 1.0) and p.range_closed == (True, True)
    p = activations.hardtanh.properties_at(min_val=-2.0, max_val=0.5)
    assert p.range == (-2.0, 0.5) and not p.zero_centered
    assert activations.identity.properties.continuity == math.inf


def test_softsign_limits_and_naive_failure() -> None:
    with np.errstate(invalid="ignore"):
        naive = np.inf / (1 + np.abs(np.inf))
    assert math.isnan(naive)
    assert activations.softsign(np.inf) == 1.0 and activations.softsign(-np.inf) == -1.0
