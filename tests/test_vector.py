"""Every vector-valued activation: shapes, axes, dtypes, errors, Jacobians, NaN and
infinities.

These tests are generic: a vector function added to the registry is tested here
without a line of new code. Accuracy against exact values and function-specific
identities live in ``test_output.py`` and ``test_multi_input.py``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
from conftest import VECTOR

import activations
from activations import Vector

#: Input lengths every vector function accepts at its default parameters.
SIZES = (4, 6)

BIB = (Path(__file__).resolve().parents[1] / "references.bib").read_text()


def _act(name: str) -> Vector:
    act = activations.get(name)
    assert isinstance(act, Vector)
    return act


def _accepts(act: Vector, n: int, **params: Any) -> bool:
    try:
        act.out_size(n, **(act.params | params))
    except ValueError:
        return False
    return True


def _points(n: int, rows: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(scale=2.0, size=(rows, n))


def test_there_are_vector_functions_in_both_families() -> None:
    assert {activations.get(n).family for n in VECTOR} == {"output", "multi_input"}
    assert VECTOR[:6] == ["softmax", "log_softmax", "softmin", "sparsemax", "entmax15", "argmax"]
    assert VECTOR[6:] == [
        "maxout", "glu", "swiglu", "geglu", "reglu", "bilinear_glu", "swiglu_clamped", "crelu",
    ]


@pytest.mark.parametrize("name", VECTOR)
def test_metadata_is_complete(name: str) -> None:
    act = _act(name)
    assert act.kind == "vector" and act.jacobian_fn is not None
    assert act.title and act.summary.count(".") >= 2
    assert act.__doc__ and ">>>" in act.__doc__
    for key in act.references:
        assert re.search(r"@\w+\{" + re.escape(key) + ",", BIB), key


@pytest.mark.parametrize("name", VECTOR)
def test_shapes_follow_out_size(name: str) -> None:
    act = _act(name)
    for n in SIZES:
        out = act.out_size(n, **act.params)
        for shape in ((n,), (3, n), (2, 3, n)):
            x = _points(n, 6, 0).reshape(-1)[: math.prod(shape)].reshape(shape)
            assert act(x).shape == (*shape[:-1], out)
            assert act.jacobian(x).shape == (*shape[:-1], out, n)
        assert act(np.empty((0, n))).shape == (0, out)
        assert act.jacobian(np.empty((0, n))).shape == (0, out, n)


@pytest.mark.parametrize("name", VECTOR)
def test_axis_is_moved_last_and_back(name: str) -> None:
    act = _act(name)
    x = _points(4 * 2 * 3, 1, 1).reshape(2, 4, 3)
    last = act(np.moveaxis(x, 1, -1))
    for axis in (1, -2):
        np.testing.assert_array_equal(act(x, axis=axis), np.moveaxis(last, -1, 1))
        np.testing.assert_array_equal(
            act.jacobian(x, axis=axis), act.jacobian(np.moveaxis(x, 1, -1))
        )
    y = np.moveaxis(x, 1, 0)  # shape (4, 2, 3), the function's axis first
    np.testing.assert_array_equal(act(y, axis=0), np.moveaxis(last, -1, 0))
    with pytest.raises(ValueError, match="axis 3 is out of range"):
        act(x, axis=3)
    with pytest.raises(ValueError, match="axis -4 is out of range"):
        act.jacobian(x, axis=-4)
    with pytest.raises(ValueError, match="at least a 1-d array"):
        act(1.0)


@pytest.mark.parametrize("name", VECTOR)
def test_dtypes_are_kept(name: str) -> None:
    act = _act(name)
    x = _points(4, 3, 2)
    for dtype in (np.float16, np.float32, np.float64):
        assert act(x.astype(dtype)).dtype == dtype
        assert act.jacobian(x.astype(dtype)).dtype == dtype
    assert act(np.arange(4)).dtype == np.float64
    assert act([True, False, True, True]).dtype == np.float64
    assert isinstance(act([0.0, 1.0, 2.0, 3.0]), np.ndarray)
    np.testing.assert_allclose(
        act(x.astype(np.float32)), act(x.astype(np.float32).astype(np.float64)), rtol=1e-6
    )


@pytest.mark.parametrize("name", VECTOR)
def test_bad_input_is_refused_clearly(name: str) -> None:
    act = _act(name)
    with pytest.raises(TypeError, match=name):
        act(["a", "b", "c", "d"])
    with pytest.raises(TypeError, match="complex"):
        act(np.ones(4) * 1j)
    with pytest.raises(TypeError, match="'bogus'"):
        act(np.ones(4), bogus=2.0)
    for p in act.parameters:
        with pytest.raises(TypeError, match=p.name):
            act(np.ones(4), **{p.name: "1"})
        if not p.integer:  # integer parameters: see test_multi_input (a known _params bug)
            for bad in (math.nan, math.inf):
                with pytest.raises(ValueError, match=p.name):
                    act(np.ones(4), **{p.name: bad})


@pytest.mark.parametrize("name", VECTOR)
def test_wrong_lengths_are_refused_naming_the_length(name: str) -> None:
    act = _act(name)
    for fn in (act, act.jacobian):
        with pytest.raises(ValueError, match="length 0"):
            fn(np.empty((2, 0)))
    for n in range(1, 8):
        if _accepts(act, n):
            assert act(np.zeros(n)).shape == (act.out_size(n, **act.params),)
        else:
            for fn in (act, act.jacobian):
                with pytest.raises(ValueError, match=rf"\b{n}\b"):
                    fn(np.zeros((2, n)))


@pytest.mark.parametrize("name", VECTOR)
def test_jacobian_matches_central_differences(name: str) -> None:
    act = _act(name)
    h = 1e-6
    for n in SIZES:
        x = _points(n, 8, 3)
        jac = act.jacobian(x)
        for j in range(n):
            step = np.zeros(n)
            step[j] = h
            fd = (act(x + step) - act(x - step)) / (2 * h)
            np.testing.assert_allclose(jac[..., j], fd, rtol=1e-6, atol=1e-8, err_msg=f"x_{j}")


@pytest.mark.parametrize("name", [n for n in VECTOR if not activations.get(n).implicit])
def test_jacobian_matches_sympy(name: str) -> None:
    act = _act(name)
    n = 4
    xs = sympy.symbols(f"x_1:{n + 1}", real=True)
    jac = sympy.lambdify(xs, act.jacobian_expr(n), modules=["scipy", "numpy"])
    for point in _points(n, 6, 4):
        want = np.array(jac(*point), dtype=np.float64)
        np.testing.assert_allclose(act.jacobian(point), want, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", VECTOR)
def test_expression_matches_forward(name: str) -> None:
    """Closed forms are compared point by point; implicit ones (sparsemax's tau) are
    checked in test_output.py, where tau is solved for."""
    act = _act(name)
    n = 4
    xs = sympy.symbols(f"x_1:{n + 1}", real=True)
    expr = act.expr(n)
    assert expr.shape == (act.out_size(n, **act.params), 1)
    implicit = {sympy.Symbol(s, real=True) for s in act.implicit}
    assert expr.free_symbols <= set(xs) | implicit
    if implicit:
        assert implicit <= expr.free_symbols
        return
    fn = sympy.lambdify(xs, expr, modules=["scipy", "numpy"])
    for point in _points(n, 6, 5):
        want = np.array(fn(*point), dtype=np.float64).reshape(-1)
        np.testing.assert_allclose(act(point), want, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", VECTOR)
def test_symbolic_expression_keeps_the_parameters(name: str) -> None:
    act = _act(name)
    symbols = {p.symbol or p.name for p in act.parameters if not p.integer}
    if any(p.integer for p in act.parameters):
        with pytest.raises(TypeError, match="concrete"):
            act.symbolic_expr(4)
    else:
        assert symbols <= {s.name for s in act.symbolic_expr(4).free_symbols}


@pytest.mark.parametrize("name", VECTOR)
def test_nan_rows_give_nan(name: str) -> None:
    act = _act(name)
    x = np.array([[np.nan] * 4, [0.5, -1.0, 2.0, 0.0]])
    out, jac = act(x), act.jacobian(x)
    assert np.isnan(out[0]).all() and not np.isnan(out[1]).any()
    assert np.isnan(jac[0]).any(axis=-1).all() and not np.isnan(jac[1]).any()


HARD = [
    0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 1.0, -1.0, 30.0, -40.0,
    700.0, -745.0, 1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308,
    math.inf, -math.inf, math.nan,
]  # fmt: skip


def _hard_rows(n: int) -> np.ndarray:
    rng = np.random.default_rng(6)
    rows = rng.choice(HARD, size=(400, n))
    specials = np.array([[v] * n for v in HARD])  # constant rows: ties, all infinities
    return np.concatenate([rows, specials])


EXTREME = {
    "temperature": (5e-324, 1e-300, 1e-3, 0.7, 1e300, 1.7976931348623157e308),
    "pieces": (1, 3),
    "alpha": (5e-324, 1e-300, 1e-3, 1.702, 1e300, 1.7976931348623157e308),
    "limit": (5e-324, 1.0, 1e300, 1.7976931348623157e308),
}


@pytest.mark.parametrize("name", VECTOR)
def test_no_floating_point_warnings_on_any_input(name: str) -> None:
    act = _act(name)
    settings: list[dict[str, Any]] = [{}]
    for p in act.parameters:
        settings += [{p.name: v} for v in EXTREME[p.name]]
    for params in settings:
        for n in SIZES:
            if not _accepts(act, n, **params):
                continue
            x = _hard_rows(n)
            with np.errstate(all="raise"):
                out = act(x, **params)
                jac = act.jacobian(x, **params)
            # A row without NaN gives no NaN except where a limit does not exist; the
            # normalising functions always have one.
            clean = ~np.isnan(x).any(axis=-1)
            if act.family == "output":
                assert not np.isnan(out[clean]).any() and not np.isnan(jac[clean]).any()


@pytest.mark.parametrize("name", VECTOR)
def test_finite_rows_give_finite_results(name: str) -> None:
    act = _act(name)
    for n in SIZES:
        x = np.random.default_rng(7).normal(scale=50.0, size=(50, n))
        assert np.isfinite(act(x)).all() and np.isfinite(act.jacobian(x)).all()
