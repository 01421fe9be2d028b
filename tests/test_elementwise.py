"""Every element-wise activation, against exact values over the whole float range.

These tests are generic: a function added to the registry is tested here without
a line of new code. Function-specific identities and constants live in
``test_<family>.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from conftest import ELEMENTWISE

import activations
from activations.core.properties import compute_properties
from activations.verification.accuracy import measure

x = sympy.Symbol("x", real=True)


def _breakpoints(name: str) -> tuple[float, ...]:
    return activations.get(name).properties.breakpoints


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("order", [0, 1], ids=["f", "df"])
def test_ulp_error_within_bound(name: str, dtype: type, order: int) -> None:
    """At most 4 + kappa ulp in float64 and 1 + kappa in float32, everywhere."""
    skip = _breakpoints(name) if order else ()
    m = measure(name, order, dtype, skip=skip)
    assert not m.failures(), f"{name} order {order} {dtype.__name__}: {m.failures()[:5]}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_stored_exact_values_are_current_and_exact(name: str) -> None:
    """The sweep's stored exact values (`make reference-values`) were computed from
    today's expression, and a seeded sample of them agrees with mpmath now."""
    import mpmath

    from activations.verification import reference_values
    from activations.verification.accuracy import exact

    rng = np.random.default_rng(sum(map(ord, name)))
    for order in (0, 1):
        ref = reference_values.load(name, order)  # raises when stale
        for i in rng.choice(ref.x.size, size=12, replace=False).tolist():
            truth = exact(name, float(ref.x[i]), order)
            stored = ref.mpf(i)
            with mpmath.workdps(40):
                if ref.exponent[i] == reference_values.OVERFLOW:
                    # Stored as "beyond 2**1500" (e^x at x = 1e19): infinity in any dtype.
                    huge = mpmath.ldexp(1, reference_values.OVERFLOW - 1)
                    assert abs(truth) >= huge, (name, order, ref.x[i], truth)
                else:
                    tolerance = max(abs(truth) * mpmath.mpf(2) ** -70, mpmath.mpf(2) ** -1500)
                    assert abs(stored - truth) <= tolerance, (name, order, ref.x[i], truth)
            dy = exact(name, float(ref.x[i]), order + 1)
            kappa = reference_values.condition(float(ref.x[i]), truth, dy)
            with np.errstate(over="ignore"):  # stored as float32: past 3.4e38 it is inf
                kappa = float(np.float32(kappa))
            assert ref.kappa[i] == pytest.approx(kappa, rel=1e-6), (name, order, ref.x[i])


def test_a_changed_expression_makes_the_stored_values_stale(monkeypatch) -> None:
    from activations.verification import reference_values

    reference_values.load("tanh", 0)
    monkeypatch.setattr(reference_values, "fingerprint", lambda name: "something else")
    with pytest.raises(reference_values.StaleReferenceError, match="make reference-values"):
        reference_values.load("tanh", 0)


def test_the_stored_sweep_catches_an_error_of_a_few_ulp() -> None:
    """Scoring against stored values sees a 3-ulp error that the library does not make."""
    from activations.verification.accuracy import sample_inputs, score_stored

    xs = sample_inputs(np.float64)
    good = activations.tanh(xs)
    # Under 2 ulp at every SIMD level NumPy picks (0.81 with AVX-512, 1.23 at the baseline).
    scored = score_stored("tanh", 0, xs, good)
    assert scored.worst < 2.0
    # Three ulp added where the library is correctly rounded: an error of 2.5 to 3.5 ulp.
    i = int(np.flatnonzero((np.abs(xs - 0.75) < 0.25) & (scored.errors <= 0.5))[0])
    bad = good.copy()
    bad[i] = np.nextafter(np.nextafter(np.nextafter(good[i], 2), 2), 2)
    caught = score_stored("tanh", 0, xs, bad)
    assert 2.5 <= caught.errors[i] <= 3.5 and caught.worst == caught.errors[i]


def test_stored_and_mpmath_scoring_agree() -> None:
    """score() (mpmath at each point) and score_stored() (the stored sweep) give the same
    errors and bounds, also where the exact result underflows every dtype (gaussian)."""
    from activations.verification.accuracy import sample_inputs, score, score_stored

    xs = sample_inputs(np.float64)
    picks = np.concatenate([np.flatnonzero(np.abs(xs) > 1e200)[:3], np.arange(0, xs.size, 503)])
    for name, order in (("gaussian", 0), ("gelu", 1), ("softplus", 0)):
        computed = activations.get(name).derivative(xs) if order else activations.get(name)(xs)
        stored = score_stored(name, order, xs, computed)
        slow = score(name, order, xs[picks], computed[picks])
        np.testing.assert_allclose(slow.errors, stored.errors[picks], rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(slow.bounds, stored.bounds[picks], rtol=1e-6)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_limits_at_infinity_and_nan(name: str) -> None:
    """f(+-inf) and f'(+-inf) are the limits SymPy finds (NaN when there is none, as
    for sine); NaN stays NaN. (The limits come from the properties cache, which the
    next test keeps equal to a fresh computation.)"""
    act = activations.get(name)
    limits = act.properties.limits
    assert len(limits) == 4
    cases = [(0, act, -np.inf), (0, act, np.inf), (1, act.derivative, -np.inf),
             (1, act.derivative, np.inf)]
    for (order, fn, value), limit in zip(cases, limits, strict=True):
        with np.errstate(all="raise"):
            got = float(fn(value))
        if limit is None:
            assert math.isnan(got), f"{name} order {order} at {value}: {got}, no limit"
        else:
            # The analysis reads parameters as decimals (0.8 is 4/5), the NumPy code as
            # doubles: a limit made of parameters (xIELU's f'(-inf) = beta - alpha_n) may
            # differ in the last bit, and no more.
            assert got == pytest.approx(limit, rel=2**-52, abs=0), (
                f"{name} order {order} at {value}: {got} != {limit}"
            )
    with np.errstate(all="raise"):
        assert math.isnan(float(act(np.nan)))
        assert math.isnan(float(act.derivative(np.nan)))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_finite_differences(name: str) -> None:
    act = activations.get(name)
    rng = np.random.default_rng(1)
    points = rng.uniform(-6, 6, 200)
    breaks = np.array(act.properties.breakpoints or [np.inf])
    points = points[np.min(np.abs(points[:, None] - breaks[None, :]), axis=1) > 1e-3]
    h = 1e-6
    fd = (act(points + h) - act(points - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(points), fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_shapes_dtypes_and_scalars(name: str) -> None:
    act = activations.get(name)
    grid = np.linspace(-3, 3, 12).reshape(3, 4)
    for dtype in (np.float16, np.float32, np.float64):
        for fn in (act, act.derivative):
            out = fn(grid.astype(dtype))
            assert out.dtype == dtype and out.shape == (3, 4)
    assert act(np.arange(-2, 3)).dtype == np.float64  # integers become float64
    assert isinstance(act(1.5), np.float64)
    assert act(np.empty((0, 2))).shape == (0, 2)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_bad_input_is_refused_clearly(name: str) -> None:
    act = activations.get(name)
    with pytest.raises(TypeError, match=name):
        act(["a", "b"])
    with pytest.raises(TypeError, match="complex"):
        act(np.array([1j]))
    with pytest.raises(TypeError, match="'bogus'"):
        act(1.0, bogus=2.0)
    for p in act.parameters:
        with pytest.raises(ValueError, match=p.name):
            act(1.0, **{p.name: math.nan})
        with pytest.raises(TypeError, match=p.name):
            act(1.0, **{p.name: "1"})


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_expression_is_real_and_matches_forward(name: str) -> None:
    """The SymPy expression and the NumPy forward pass agree at moderate points."""
    act = activations.get(name)
    expr = act.expr()
    assert expr.free_symbols <= {x}
    fn = sympy.lambdify(x, expr, modules=["scipy", "numpy"])
    points = np.linspace(-4.9, 4.9, 37)
    with np.errstate(divide="ignore", invalid="ignore"):  # sin(x)/x's unused branch at 0
        reference = fn(points)
    np.testing.assert_allclose(act(points), reference, rtol=1e-13, atol=1e-15)
    if act.parameters:
        assert {p.symbol or p.name for p in act.parameters} <= {
            s.name for s in act.symbolic_expr().free_symbols
        }


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_properties_cache_is_current(name: str) -> None:
    """Each cache entry was computed from today's expression by today's analysis
    (`make properties` refreshes the cache)."""
    from activations.core.properties import _cache, expression_key

    entry = _cache().get(name)
    assert entry is not None, f"{name} is missing from _properties.json: run make properties"
    key = expression_key(activations.get(name))
    assert entry["key"] == key, f"{name}'s entry is stale: run make properties"


@pytest.mark.parametrize("name", ["relu", "sigmoid", "elu", "softsign", "hard_swish"])
def test_properties_cache_matches_a_fresh_computation(name: str) -> None:
    """Stored and recomputed properties agree exactly (a sample: the whole analysis of
    every function takes minutes, and the key above already pins the inputs)."""
    from activations.core.properties import _cache, _from_json

    entry = _cache()[name]
    assert _from_json(entry["properties"]) == compute_properties(activations.get(name).expr())
