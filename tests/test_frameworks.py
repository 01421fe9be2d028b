"""The library against the frameworks that ship each function, at the framework's defaults.

Every (function, framework) pair in the tables below is evaluated on one float32 grid,
``linspace(-8, 8, 1001)`` plus both zeros, the kinks (±0.5, ±1, ±3, ±6) and ±30, ±100,
±1000, and compared with the library evaluated in float64 at the same inputs. Where the
framework differentiates cheaply (``jax.grad`` under ``vmap``, ``mlx.grad`` under
``mx.vmap``, ``torch.autograd``, ``tf.GradientTape``) its derivative is compared too; vector
functions are compared through one vector-Jacobian product with random weights.

Tolerance, with ε = 2^-23 the float32 machine epsilon:

- values: ``|fw - lib| <= 16 ε |lib| + 4 ε max(1, |x|)``, a few ulps of the result, or of
  the input's scale where a framework's formula cancels terms of size |x| (squareplus
  at x << 0, exact GELU near x = -4, the tanh GELU below x = -5);
- derivatives: ``|fw' - lib'| <= 64 ε |lib'| + 16 ε max(1, |x|)``, looser because the
  framework's chain rule rounds at every step (its ``1 - tanh^2`` cancels, for one).

Where a framework differs on purpose the table says so and the test asserts the
difference itself: a gradient at a kink (``grad_at``), a NaN gradient past an overflow
(``nan_grad_above``), or another formula (``reference``, MLX's rounded SELU constants).

Each framework is imported with ``pytest.importorskip``: with none installed (the main
environment) everything here skips. Keras runs on the JAX backend (``KERAS_BACKEND`` is
set before it is imported), so its gradients come from ``jax.grad``. Functions that the
library does not register yet are skipped by name, so the tables may list them ahead.
"""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import activations
from activations import Activation
from activations.verification.frameworks import (
    LOADERS,
    TABLES,
    TRANSFORMERS,
    Framework,
    MissingFrameworkError,
    Pair,
)

EPS = float(np.finfo(np.float32).eps)  # 2**-23
KINKS = (-6.0, -3.0, -1.0, -0.5, 0.5, 1.0, 3.0, 6.0)
LARGE = (-1000.0, -100.0, -30.0, 30.0, 100.0, 1000.0)
GRID = np.append(
    np.unique(np.concatenate([np.linspace(-8.0, 8.0, 1001), KINKS, LARGE, [0.0]])), -0.0
).astype(np.float32)


def _rows() -> np.ndarray:
    """Rows of 8 (even, for the GLU split) at several scales, a tie and huge logits."""
    rng = np.random.default_rng(20260)
    noise = rng.standard_normal((4, 8))
    scaled = noise * np.array([0.1, 1.0, 10.0, 100.0])[:, None]
    special = [np.ones(8), [1000.0, -1000.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0]]
    return np.concatenate([scaled, special]).astype(np.float32)


ROWS = _rows()


def load(framework: str) -> Framework:
    """The framework, or skip the test where it is not installed."""
    try:
        return LOADERS[framework]()
    except MissingFrameworkError as missing:
        pytest.skip(str(missing))


def made(pair: Pair, fw: Framework) -> Callable[[Any], Any]:
    """The pair's function, or skip where this version of the framework lacks it."""
    try:
        return pair.make(fw.ns)
    except MissingFrameworkError as missing:
        pytest.skip(str(missing))


def registered(name: str) -> Activation:
    """The library function ``name``; skip while it is not registered yet."""
    try:
        act = activations.get(name)
    except activations.UnknownActivationError:
        pytest.skip(f"{name} is not registered in the library yet")
    assert act.name == name, f"{name!r} resolves to {act.name!r}: tables use canonical names"
    return act


def pair_of(framework: str, key: str) -> tuple[Activation, Pair]:
    if framework == "transformers":
        name, pair = TRANSFORMERS[key]
    else:
        name, pair = key, TABLES[framework][key]
    return registered(name), pair


def _pairs() -> list[Any]:
    keyed = [(fw, key, pair) for fw, table in TABLES.items() for key, pair in table.items()]
    keyed += [("transformers", key, pair) for key, (_, pair) in TRANSFORMERS.items()]
    bug = pytest.mark.xfail
    return [
        pytest.param(
            fw,
            key,
            id=f"{fw}-{key}",
            marks=[bug(strict=True, raises=AssertionError, reason=pair.bug)] if pair.bug else [],
        )
        for fw, key, pair in keyed
    ]


PAIRS = _pairs()


# -- comparisons -----------------------------------------------------------------------------


def _library(act: Activation, pair: Pair, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(f, f')`` in float64 at the float32 inputs ``x`` (element-wise functions)."""
    x64 = x.astype(np.float64)
    if pair.reference is not None:
        return pair.reference(x64)
    return act(x64, **pair.params), act.derivative(x64, **pair.params)


def _assert_close(
    got: np.ndarray, want: np.ndarray, scale: np.ndarray, rel: float, absolute: float, what: str
) -> None:
    """``|got - want| <= rel ε |want| + absolute ε max(1, scale)`` element by element,
    ``want`` rounded to float32 first; ``scale`` is |x| (or a row's largest |x|)."""
    got = np.asarray(got, dtype=np.float64)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, library {want.shape}"
    with np.errstate(over="ignore", invalid="ignore"):
        # The library's answer rounded to float32, as it returns it for float32 input:
        # beyond float32's range that is inf, and an inf equal to it agrees.
        want = want.astype(np.float32).astype(np.float64)
        err = np.abs(got - want)
    bound = rel * EPS * np.abs(want) + absolute * EPS * np.maximum(1.0, scale)
    bad = ~((got == want) | (err <= bound))  # NaN counts as bad
    if bad.any():
        i = np.flatnonzero(bad.ravel())[:5]
        raise AssertionError(
            f"{what}: {bad.sum()} of {bad.size} disagree; at flat indices {i} (|x| or row "
            f"scale {scale.ravel()[i]}): framework {got.ravel()[i]}, library {want.ravel()[i]}"
        )


@pytest.mark.parametrize(("framework", "key"), PAIRS)
def test_values_agree(framework: str, key: str) -> None:
    fw = load(framework)
    act, pair = pair_of(framework, key)
    fn = made(pair, fw)
    what = f"{framework} {key} vs activations.{act.name}"
    if act.kind == "vector":
        x64 = ROWS.astype(np.float64)
        want = act(x64, **pair.params)
        scale = np.broadcast_to(np.abs(x64).max(axis=-1, keepdims=True), want.shape)
        _assert_close(fw.call(fn, ROWS), want, scale, 16, 4, what)
        return
    want, _ = _library(act, pair, GRID)
    _assert_close(fw.call(fn, GRID), want, np.abs(GRID.astype(np.float64)), 16, 4, what)


@pytest.mark.parametrize(("framework", "key"), PAIRS)
def test_derivatives_agree(framework: str, key: str) -> None:
    fw = load(framework)
    act, pair = pair_of(framework, key)
    if fw.grad is None or fw.vjp is None:
        pytest.skip(f"{framework} offers no cheap gradient here")
    fn = made(pair, fw)
    what = f"{framework} {key}' vs activations.{act.name}'"
    if act.kind == "vector":
        x64 = ROWS.astype(np.float64)
        out = act(x64, **pair.params)
        w = np.random.default_rng(7).standard_normal(out.shape).astype(np.float32)
        want = np.einsum("ro,ron->rn", w.astype(np.float64), act.jacobian(x64, **pair.params))
        scale = np.broadcast_to(np.abs(x64).max(axis=-1, keepdims=True), want.shape)
        _assert_close(fw.vjp(fn, ROWS, w), want, scale, 64, 16, what)
        return
    _, want = _library(act, pair, GRID)
    got = np.asarray(fw.grad(fn, GRID), dtype=np.float64)
    x64 = GRID.astype(np.float64)
    plain = np.ones(GRID.shape, dtype=bool)
    for at, value in pair.grad_at.items():
        here = x64 == at  # 0.0 also matches -0.0
        assert here.any(), f"{what}: the grid lacks the documented kink {at}"
        np.testing.assert_allclose(got[here], value, rtol=16 * EPS, err_msg=what)
        assert not np.allclose(want[here], value), f"{what}: no difference left at {at}"
        plain &= ~here
    if pair.nan_grad_above is not None:
        beyond = x64 > pair.nan_grad_above
        assert beyond.any() and np.isnan(got[beyond]).all(), f"{what}: NaN expected"
        plain &= ~beyond
    _assert_close(got[plain], want[plain], np.abs(x64[plain]), 64, 16, what)


# -- the documented differences, one by one -------------------------------------------------


def test_jax_gelu_defaults_to_the_tanh_form() -> None:
    fw = load("jax")
    got = fw.call(fw.ns.nn.gelu, GRID).astype(np.float64)
    x64 = GRID.astype(np.float64)
    # The tanh form (the table's gelu_tanh pair checks it to float32 accuracy) lies up to
    # 4.7e-4 from the exact GELU: far outside float32 rounding.
    assert np.abs(got - activations.get("gelu")(x64)).max() > 4e-4
    assert np.abs(got - activations.get("gelu_tanh")(x64)).max() < 1e-6


def test_keras_leaky_relu_layer_defaults_to_0_3() -> None:
    fw = load("keras")
    layer = fw.ns.layers.LeakyReLU()
    got = np.asarray(layer(GRID), dtype=np.float64)
    want = activations.get("leaky_relu")(GRID.astype(np.float64), negative_slope=0.3)
    _assert_close(got, want, np.abs(GRID.astype(np.float64)), 16, 4, "keras.layers.LeakyReLU")
    # ... while the function keras.activations.leaky_relu defaults to 0.2 (see KERAS).
    assert got[GRID == -8.0].tolist() == [pytest.approx(-8.0 * 0.3)]


def test_mlx_step_is_one_at_the_threshold() -> None:
    fw = load("mlx")
    mx, nn = fw.ns.mx, fw.ns.nn
    zeros = np.array([-0.0, 0.0], dtype=np.float32)
    got = nn.step(mx.array(zeros))
    assert got.dtype == mx.int32  # integers, not floats
    assert np.array(got).tolist() == [1, 1]
    assert activations.get("binary_step")(zeros).tolist() == [1.0, 1.0]  # as the library
    below = np.nextafter(np.zeros(1, dtype=np.float32), np.float32(-1.0))
    assert np.array(nn.step(mx.array(below))).tolist() == [0]


def test_mlx_selu_uses_rounded_constants() -> None:
    fw = load("mlx")
    mx, nn = fw.ns.mx, fw.ns.nn
    x = np.array([1.0, -20.0], dtype=np.float32)
    got = np.array(nn.selu(mx.array(x)), dtype=np.float64)
    exact = activations.get("selu")(x.astype(np.float64))
    # lambda = 1.0507 instead of 1.0507009873...: 1.0e-6 relative, about 9 float32 ulp.
    assert got[0] == float(np.float32(1.0507))
    assert got[0] / exact[0] - 1 == pytest.approx(1.0507 / exact[0] - 1, abs=EPS)
    assert abs(got[0] / exact[0] - 1) > 8 * EPS
    # lambda * alpha = 1.0507 * 1.67326 instead of 1.7580993...: 2.9e-6 relative.
    assert got[1] / exact[1] - 1 == pytest.approx(-2.88e-6, abs=0.05e-6)


def test_mlx_leaky_relu_slopes_beyond_one_take_the_maximum() -> None:
    # mlx.nn.leaky_relu is maximum(slope * x, x): a slope above 1 swaps the pieces, where
    # the library (and PyTorch) multiply the negative side by the slope.
    fw = load("mlx")
    mx, nn = fw.ns.mx, fw.ns.nn
    x = np.array([-2.0, 3.0], dtype=np.float32)
    got = np.array(nn.leaky_relu(mx.array(x), negative_slope=2.0)).tolist()
    assert got == [-2.0, 6.0]
    assert activations.get("leaky_relu")(x, negative_slope=2.0).tolist() == [-4.0, 3.0]


def test_transformers_gelu_10_clips_gelu_at_10() -> None:
    fw = load("transformers")
    if "gelu_10" not in fw.ns.ACT2CLS:
        pytest.skip('this transformers has no "gelu_10"')
    got = fw.call(fw.ns.ACT2FN["gelu_10"], GRID).astype(np.float64)
    x64 = GRID.astype(np.float64)
    want = np.minimum(activations.get("gelu")(x64), 10.0)  # GELU never goes below -0.17
    _assert_close(got, want, np.abs(x64), 16, 4, "transformers gelu_10")
    assert (got[x64 > 10] == 10.0).all() and (x64 > 10).any()


def test_keras_sparsemax_threshold() -> None:
    """Keras 3 (3.15.1, every backend) sets tau = (sum of the first k cumulative sums - 1)/k
    where sparsemax needs (k-th cumulative sum - 1)/k: right only when the support has one
    entry. With two or more the output no longer sums to 1; equal logits give all zeros."""
    fw = load("keras")
    sparsemax = activations.get("sparsemax")
    fn = fw.ns.activations.sparsemax
    one = np.array([[-1.0, 0.0, 1.0]], dtype=np.float32)  # support {1}: right
    np.testing.assert_allclose(fw.call(fn, one), sparsemax(one.astype(np.float64)), atol=EPS)
    equal = np.ones((1, 4), dtype=np.float32)
    assert fw.call(fn, equal).tolist() == [[0.0, 0.0, 0.0, 0.0]]
    assert sparsemax(equal.astype(np.float64)).tolist() == [[0.25, 0.25, 0.25, 0.25]]
    # On every test row, what Keras computes is exactly that threshold.
    x64 = ROWS.astype(np.float64)
    ranked = -np.sort(-x64, axis=-1)
    cumsum = np.cumsum(ranked, axis=-1)
    support = ranked - (cumsum - 1) / np.arange(1, x64.shape[-1] + 1) > 0
    k = support.sum(axis=-1, keepdims=True)
    tau = ((cumsum * support).sum(axis=-1, keepdims=True) - 1) / k
    scale = np.broadcast_to(np.abs(x64).max(axis=-1, keepdims=True), x64.shape)
    _assert_close(fw.call(fn, ROWS), np.maximum(x64 - tau, 0.0), scale, 16, 4, "keras tau")
    assert (k > 1).any()  # the rows do exercise the bug


def test_framework_aliases_are_the_same_function() -> None:
    checked = 0
    for framework, pairs in (
        ("jax", [("silu", "swish"), ("hard_silu", "hard_swish")]),
        ("keras", [("silu", "swish"), ("hard_silu", "hard_swish")]),
        ("tensorflow", [("silu", "swish")]),
    ):
        try:
            fw = load(framework)
        except pytest.skip.Exception:
            continue
        space = fw.ns.activations if framework == "keras" else fw.ns.nn
        for a, b in pairs:
            np.testing.assert_array_equal(
                fw.call(getattr(space, a), GRID), fw.call(getattr(space, b), GRID)
            )
            checked += 1
    if not checked:
        pytest.skip("none of jax, keras and tensorflow is installed")


# -- the tables cover what the registry names -----------------------------------------------


@pytest.mark.parametrize("framework", list(TABLES))
def test_every_named_function_has_a_pair(framework: str) -> None:
    """A function whose Frameworks field names this framework is in its table, and a
    registered function in the table has the field: a new name needs a test here."""
    load(framework)
    table = TABLES[framework]
    names = activations.names()
    named = {n for n in names if getattr(activations.get(n).frameworks, framework)}
    assert not named - set(table), f"{framework}: add pairs for {sorted(named - set(table))}"
    unnamed = {n for n in table if n in names} - named
    assert not unnamed, f"{framework}: Frameworks({framework}=...) missing for {sorted(unnamed)}"


def test_every_transformers_string_has_a_pair() -> None:
    load("transformers")
    names = activations.names()
    for name in names:
        spelled = activations.get(name).frameworks.transformers or ""
        for key in re.findall(r'"([^"]+)"', spelled):
            assert key in TRANSFORMERS, f'{name}: add a pair for "{key}"'
            assert TRANSFORMERS[key][0] == name, f'"{key}" is listed under {name}'
    for key, (name, _) in TRANSFORMERS.items():
        if name in names:
            spelled = activations.get(name).frameworks.transformers or ""
            assert f'"{key}"' in spelled, f'{name}: Frameworks(transformers=...) lacks "{key}"'
