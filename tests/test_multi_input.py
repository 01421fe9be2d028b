"""Maxout and the gated linear units: layouts, parameters, limits and exact values."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations.verification.accuracy import ulp

INF, NAN = math.inf, math.nan
F64 = np.dtype(np.float64)

# -- maxout ---------------------------------------------------------------------------------


def test_maxout_groups_consecutive_entries() -> None:
    x = np.array([0.0, 5.0, 1.0, 2.0, -1.0, 4.0])
    np.testing.assert_array_equal(activations.maxout(x), [5.0, 2.0, 4.0])
    np.testing.assert_array_equal(activations.maxout(x, pieces=3), [5.0, 4.0])
    np.testing.assert_array_equal(activations.maxout(x, pieces=6), [5.0])
    np.testing.assert_array_equal(activations.maxout(x, pieces=1), x)
    np.testing.assert_array_equal(activations.maxout(x, pieces=3.0), [5.0, 4.0])


def test_maxout_jacobian_selects_the_first_maximum_of_each_group() -> None:
    jac = activations.maxout.jacobian([1.0, 3.0, 3.0, 7.0, -2.0, 7.0], pieces=3)
    np.testing.assert_array_equal(jac, [[0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0]])
    jac = activations.maxout.jacobian([NAN, 1.0, 2.0, 1.0])
    assert np.isnan(jac[0, :2]).all() and (jac[0, 2:] == 0).all()
    np.testing.assert_array_equal(jac[1], [0, 0, 1, 0])


def test_maxout_contains_relu_and_leaky_relu() -> None:
    """Goodfellow et al.: two pieces (x, 0) give ReLU, (x, a x) with a < 1 leaky ReLU."""
    x = np.linspace(-5, 5, 41)
    pairs = np.stack([x, np.zeros_like(x)], axis=-1)
    np.testing.assert_array_equal(activations.maxout(pairs)[:, 0], activations.relu(x))
    pairs = np.stack([x, 0.01 * x], axis=-1)
    np.testing.assert_array_equal(activations.maxout(pairs)[:, 0], activations.leaky_relu(x))


@pytest.mark.parametrize("bad", [0, -1, 2.5])
def test_maxout_pieces_must_be_a_whole_number_at_least_one(bad: float) -> None:
    with pytest.raises(ValueError, match="'pieces'"):
        activations.maxout(np.ones(4), pieces=bad)
    with pytest.raises(TypeError, match="'pieces'"):
        activations.maxout(np.ones(4), pieces="2")


@pytest.mark.parametrize("bad", [NAN, INF])
def test_maxout_pieces_nan_or_inf_is_refused_naming_the_parameter(bad: float) -> None:
    with pytest.raises(ValueError, match="parameter 'pieces' must be"):
        activations.maxout(np.ones(4), pieces=bad)


def test_maxout_length_must_be_divisible_by_pieces() -> None:
    for fn in (activations.maxout, activations.maxout.jacobian):
        with pytest.raises(ValueError, match=r"axis length 5 is not divisible by pieces=2"):
            fn(np.ones((3, 5)))
        with pytest.raises(ValueError, match=r"axis length 4 is not divisible by pieces=3"):
            fn(np.ones(4), pieces=3)
    assert activations.maxout.out_size(12, pieces=4) == 3


def test_maxout_expression_is_a_max_over_groups() -> None:
    x = sympy.symbols("x_1:7", real=True)
    assert list(activations.maxout.expr(n=6, pieces=3)) == [sympy.Max(*x[:3]), sympy.Max(*x[3:])]
    assert list(activations.maxout.expr(n=4)) == [sympy.Max(x[0], x[1]), sympy.Max(x[2], x[3])]
    with pytest.raises(ValueError, match="not divisible"):
        activations.maxout.expr(n=3)
    with pytest.raises(TypeError, match="concrete number of pieces"):
        activations.maxout.symbolic_expr(4)


# -- the gated linear units -----------------------------------------------------------------

GATED = ["glu", "swiglu", "geglu"]


def exact_gate(name: str, b: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf, mpmath.mpf]:
    """The gate and its first two derivatives, derived by hand (sigma' = sigma sigma(-b),
    Phi' = phi, phi' = -b phi), evaluated at the working precision."""
    s, t = 1 / (1 + mpmath.exp(-b)), 1 / (1 + mpmath.exp(b))
    if name == "glu":
        return s, s * t, s * t * (t - s)
    if name == "swiglu":
        return b * s, s * (1 + b * t), s * t * (2 + b * (t - s))
    phi = mpmath.npdf(b)
    # mpmath's erfc cannot take |b| ~ 1e300; beyond 1e6 the tail is below any float.
    cdf = mpmath.ncdf(b) if abs(b) < 1e6 else mpmath.mpf(b > 0)
    return b * cdf, cdf + b * phi, phi * (2 - b * b)


@pytest.mark.parametrize("name", GATED)
def test_gated_units_split_value_then_gate(name: str) -> None:
    act = activations.get(name)
    a, b = np.array([1.5, -2.0, 0.0]), np.array([0.3, -1.0, 4.0])
    x = np.concatenate([a, b])
    out = act(x)
    with mpmath.workdps(30):
        want = [
            float(mpmath.mpf(p) * exact_gate(name, mpmath.mpf(q))[0])
            for p, q in zip(a, b, strict=True)
        ]
    np.testing.assert_allclose(out, want, rtol=1e-15)
    # Along another axis, the halves are taken along that axis.
    np.testing.assert_array_equal(act(np.stack([x, x], axis=1), axis=0), np.stack([out, out], 1))


@pytest.mark.parametrize("name", GATED)
def test_gated_units_are_accurate_to_a_few_ulp(name: str) -> None:
    """Against mpmath at 50 digits, at points spread over many binades: the value, and
    each Jacobian entry, within 4 ulp plus the gate's condition number (SiLU' and
    GELU' have a zero, near which no formula keeps relative accuracy)."""
    act = activations.get(name)
    rng = np.random.default_rng(20)
    b = np.concatenate([rng.normal(scale=3.0, size=150), rng.uniform(-38, 38, 100)])
    b = np.concatenate([b, [-700.0, 700.0, 1e-300, -1e-300, 0.0, 1e300, -1e300]])
    a = rng.normal(size=b.size) * np.exp(rng.uniform(-50, 50, b.size))
    x = np.stack([a, b], axis=-1)
    out, jac = act(x), act.jacobian(x)
    for i in range(b.size):
        with mpmath.workdps(50):
            pa, pb = mpmath.mpf(float(a[i])), mpmath.mpf(float(b[i]))
            g, dg, ddg = exact_gate(name, pb)
            checks = [
                (out[i, 0], pa * g, abs(pb * dg / g) if g else 0),
                (jac[i, 0, 0], g, abs(pb * dg / g) if g else 0),
                (jac[i, 0, 1], pa * dg, abs(pb * ddg / dg) if dg else 0),
            ]
            for got, want, kappa in checks:
                if abs(want) > np.finfo(F64).max:  # the float result must overflow
                    assert got == math.copysign(INF, want), (name, a[i], b[i], got)
                    continue
                if abs(want) < np.finfo(F64).smallest_normal:
                    assert abs(got) <= 2 * np.finfo(F64).smallest_normal, (a[i], b[i])
                    continue
                error = float(abs(mpmath.mpf(float(got)) - want) / ulp(want, F64))
                assert error <= 4 + float(kappa), (name, a[i], b[i], got, want, error)


@pytest.mark.parametrize(
    ("name", "gate"), [("glu", "sigmoid"), ("swiglu", "silu"), ("geglu", "gelu")]
)
def test_gates_are_the_library_element_wise_activations(name: str, gate: str) -> None:
    """The value times the registered gate and, in the Jacobian, the gate and the value
    times the gate's derivative: the same floats, so the accuracy is inherited."""
    unit = activations.get(gate)
    x = np.random.default_rng(22).normal(scale=4.0, size=(20, 6))
    a, b = x[:, :3], x[:, 3:]
    act = activations.get(name)
    np.testing.assert_array_equal(act(x), a * unit(b))
    jac = act.jacobian(x)
    np.testing.assert_array_equal(np.diagonal(jac[:, :, :3], axis1=1, axis2=2), unit(b))
    np.testing.assert_array_equal(
        np.diagonal(jac[:, :, 3:], axis1=1, axis2=2), a * unit.derivative(b)
    )
    off = ~np.eye(3, dtype=bool)
    assert (jac[:, :, :3][:, off] == 0).all() and (jac[:, :, 3:][:, off] == 0).all()


def test_shazeer_order_is_the_same_up_to_swapping_halves() -> None:
    """Shazeer writes Swish(xW) * xV (gate first); GLU's layout puts the gate second."""
    rng = np.random.default_rng(23)
    gate_in, value = rng.normal(size=5), rng.normal(size=5)
    paper = gate_in / (1 + np.exp(-gate_in)) * value
    np.testing.assert_allclose(
        activations.swiglu(np.concatenate([value, gate_in])), paper, rtol=1e-15
    )
    assert not np.allclose(activations.swiglu(np.concatenate([gate_in, value])), paper)


@pytest.mark.parametrize("name", GATED)
def test_gated_units_need_an_even_length(name: str) -> None:
    act = activations.get(name)
    for fn in (act, act.jacobian):
        with pytest.raises(ValueError, match=r"even.*got length 5"):
            fn(np.ones(5))
    with pytest.raises(ValueError, match="got length 3"):
        act.expr(n=3)
    assert act.out_size(8) == 4


LIMITS = {
    # (a, b): (glu, swiglu, geglu); NaN where the limit depends on the path
    (INF, -INF): (NAN, NAN, NAN),
    (INF, INF): (INF, INF, INF),
    (-INF, INF): (-INF, -INF, -INF),
    (2.0, -INF): (0.0, 0.0, 0.0),
    (2.0, INF): (2.0, INF, INF),
    (0.0, INF): (0.0, 0.0, 0.0),
    (INF, 0.0): (INF, 0.0, 0.0),
    (-INF, 1.0): (-INF, -INF, -INF),
    (1e308, 1e308): (1e308, INF, INF),
    (NAN, 1.0): (NAN, NAN, NAN),
    (1.0, NAN): (NAN, NAN, NAN),
}


@pytest.mark.parametrize(("pair", "want"), list(LIMITS.items()))
def test_gated_units_at_infinity(pair: tuple[float, float], want: tuple[float, ...]) -> None:
    for name, value in zip(GATED, want, strict=True):
        with np.errstate(all="raise"):
            got = activations.get(name)(list(pair))[0]
        if math.isnan(value):
            assert math.isnan(got), (name, pair, got)
        else:
            assert got == value, (name, pair, got)


def test_gated_jacobian_limits() -> None:
    with np.errstate(all="raise"):
        # d/db of a * sigmoid(b) at a = inf, b = inf: inf * 0 along a path-dependent limit.
        assert np.isnan(activations.glu.jacobian([INF, INF])[0, 1])
        np.testing.assert_array_equal(activations.swiglu.jacobian([INF, INF]), [[INF, INF]])
        np.testing.assert_array_equal(activations.swiglu.jacobian([0.0, INF]), [[INF, 0.0]])
        np.testing.assert_array_equal(activations.geglu.jacobian([3.0, -INF]), [[0.0, 0.0]])
        np.testing.assert_array_equal(activations.geglu.jacobian([3.0, 1e200]), [[1e200, 3.0]])
