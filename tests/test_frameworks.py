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
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

import activations
from activations import Activation

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


# -- what a pair knows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One framework's version of one library function."""

    #: the framework's namespace -> a function of one array, at the framework's defaults
    make: Callable[[SimpleNamespace], Callable[[Any], Any]]
    #: library parameters equal to the framework's defaults (where they differ from ours)
    params: Mapping[str, float] = field(default_factory=dict)
    #: documented gradient differences at kinks: x -> the framework's derivative there
    grad_at: Mapping[float, float] = field(default_factory=dict)
    #: the framework's float32 gradient is NaN above this x (overflow in an unused branch)
    nan_grad_above: float | None = None
    #: a documented different formula, from the library: x -> (f(x), f'(x)) in float64
    reference: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
    #: a framework bug, pinned by its own test: the table's checks must fail (strict xfail)
    bug: str | None = None


P = Pair


def _mlx_selu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """MLX's selu: ``elu(x, 1.67326) * 1.0507``, the constants rounded (see test below)."""
    elu = activations.get("elu")
    return 1.0507 * elu(x, alpha=1.67326), 1.0507 * elu.derivative(x, alpha=1.67326)


#: Where JAX's, Keras's (on JAX) and MLX's hard swish take the outer pieces at the kinks.
OUTER_PIECES = {-3.0: 0.0, 3.0: 1.0}

JAX: dict[str, Pair] = {
    "identity": P(lambda j: j.nn.identity),
    "sigmoid": P(lambda j: j.nn.sigmoid),
    "hard_sigmoid": P(lambda j: j.nn.hard_sigmoid),
    "tanh": P(lambda j: j.nn.tanh),
    "hardtanh": P(lambda j: j.nn.hard_tanh, grad_at={-1.0: 1.0, 1.0: 1.0}),
    "softsign": P(lambda j: j.nn.soft_sign),
    "sparse_sigmoid": P(lambda j: j.nn.sparse_sigmoid, grad_at={-1.0: 0.25, 1.0: 0.25}),
    "relu": P(lambda j: j.nn.relu),
    "relu6": P(lambda j: j.nn.relu6),
    "leaky_relu": P(lambda j: j.nn.leaky_relu, grad_at={0.0: 1.0}),
    "elu": P(lambda j: j.nn.elu),
    "celu": P(lambda j: j.nn.celu),
    "selu": P(lambda j: j.nn.selu),
    "gelu": P(lambda j: partial(j.nn.gelu, approximate=False)),
    "gelu_tanh": P(lambda j: j.nn.gelu),  # approximate=True is JAX's default
    "silu": P(lambda j: j.nn.silu),
    "hard_swish": P(lambda j: j.nn.hard_silu, grad_at=OUTER_PIECES),
    "mish": P(lambda j: j.nn.mish),
    "softplus": P(lambda j: j.nn.softplus),
    "log_sigmoid": P(lambda j: j.nn.log_sigmoid),
    "squareplus": P(lambda j: j.nn.squareplus),
    "sparse_plus": P(lambda j: j.nn.sparse_plus),
    "softmax": P(lambda j: j.nn.softmax),
    "log_softmax": P(lambda j: j.nn.log_softmax),
    "glu": P(lambda j: j.nn.glu),
}

#: Keras on the JAX backend: the kink conventions are JAX's.
KERAS: dict[str, Pair] = {
    "identity": P(lambda k: k.activations.linear),
    "sigmoid": P(lambda k: k.activations.sigmoid),
    "hard_sigmoid": P(lambda k: k.activations.hard_sigmoid),
    "tanh": P(lambda k: k.activations.tanh),
    "hardtanh": P(lambda k: k.activations.hard_tanh, grad_at={-1.0: 1.0, 1.0: 1.0}),
    "softsign": P(lambda k: k.activations.softsign),
    "sparse_sigmoid": P(lambda k: k.activations.sparse_sigmoid, grad_at={-1.0: 0.25, 1.0: 0.25}),
    "relu": P(lambda k: k.activations.relu),
    "relu6": P(lambda k: k.activations.relu6),
    "leaky_relu": P(
        lambda k: k.activations.leaky_relu, params={"negative_slope": 0.2}, grad_at={0.0: 1.0}
    ),
    # Keras's threshold has no defaults: compare at the library's.
    "threshold": P(
        lambda k: lambda x: k.activations.threshold(x, 1.0, 0.0),
        params={"threshold": 1.0, "value": 0.0},
    ),
    "exponential": P(lambda k: k.activations.exponential),
    "elu": P(lambda k: k.activations.elu),
    "celu": P(lambda k: k.activations.celu),
    "selu": P(lambda k: k.activations.selu),
    "gelu": P(lambda k: k.activations.gelu),  # approximate=False is Keras's default
    "gelu_tanh": P(lambda k: partial(k.activations.gelu, approximate=True)),
    "silu": P(lambda k: k.activations.silu),
    "hard_swish": P(lambda k: k.activations.hard_silu, grad_at=OUTER_PIECES),
    "mish": P(lambda k: k.activations.mish),
    "softplus": P(lambda k: k.activations.softplus),
    "log_sigmoid": P(lambda k: k.activations.log_sigmoid),
    "squareplus": P(lambda k: k.activations.squareplus),
    "sparse_plus": P(lambda k: k.activations.sparse_plus),
    "tanhshrink": P(lambda k: k.activations.tanh_shrink),
    "softshrink": P(lambda k: k.activations.soft_shrink),
    "hardshrink": P(lambda k: k.activations.hard_shrink),
    "softmax": P(lambda k: k.activations.softmax),
    "log_softmax": P(lambda k: k.activations.log_softmax),
    "sparsemax": P(
        lambda k: k.activations.sparsemax,
        bug="threshold from the sum of the cumulative sums (test_keras_sparsemax_threshold)",
    ),
    "glu": P(lambda k: k.activations.glu),
}

MLX: dict[str, Pair] = {
    "binary_step": P(lambda m: m.nn.step),  # 1 at the threshold, as here (int32)
    "sigmoid": P(lambda m: m.nn.sigmoid),
    "tanh": P(lambda m: m.nn.tanh),
    "hardtanh": P(lambda m: m.nn.hard_tanh),
    "softsign": P(lambda m: m.nn.softsign),
    "relu": P(lambda m: m.nn.relu),
    "relu6": P(lambda m: m.nn.relu6),
    "leaky_relu": P(lambda m: m.nn.leaky_relu, grad_at={0.0: 1.0}),
    # mlx.nn.prelu has no default slope: give it the library's (and PReLU's init) 0.25.
    "prelu": P(
        lambda m: lambda x: m.nn.prelu(x, m.mx.array(0.25)),
        params={"slope": 0.25},
        grad_at={0.0: 1.25},
    ),
    "relu_squared": P(lambda m: m.nn.relu2),
    "elu": P(lambda m: m.nn.elu, nan_grad_above=88.0),
    "celu": P(lambda m: m.nn.celu, grad_at={0.0: 0.0}),
    "selu": P(lambda m: m.nn.selu, nan_grad_above=88.0, reference=_mlx_selu),
    "gelu": P(lambda m: m.nn.gelu),
    "gelu_tanh": P(lambda m: m.nn.gelu_approx),
    "quick_gelu": P(lambda m: m.nn.gelu_fast_approx),
    "silu": P(lambda m: m.nn.silu),
    "hard_swish": P(lambda m: m.nn.hardswish, grad_at=OUTER_PIECES),
    "mish": P(lambda m: m.nn.mish),
    "softplus": P(lambda m: m.nn.softplus),
    "log_sigmoid": P(lambda m: m.nn.log_sigmoid),
    "softshrink": P(lambda m: m.nn.softshrink),
    "hardshrink": P(lambda m: m.nn.hard_shrink),
    "softmax": P(lambda m: m.nn.softmax),
    "log_softmax": P(lambda m: m.nn.log_softmax),
    "softmin": P(lambda m: m.nn.softmin),
    "glu": P(lambda m: m.nn.glu),
}

#: Written from the documented torch.nn.functional API; PyTorch is this library's kink
#: convention, so no gradient differences are expected.
PYTORCH: dict[str, Pair] = {
    "identity": P(lambda t: t.nn.Identity()),
    "sigmoid": P(lambda t: t.torch.sigmoid),
    "hard_sigmoid": P(lambda t: t.F.hardsigmoid),
    "tanh": P(lambda t: t.torch.tanh),
    "hardtanh": P(lambda t: t.F.hardtanh),
    "softsign": P(lambda t: t.F.softsign),
    "relu": P(lambda t: t.F.relu),
    "relu6": P(lambda t: t.F.relu6),
    "leaky_relu": P(lambda t: t.F.leaky_relu),
    "prelu": P(lambda t: lambda x: t.F.prelu(x, t.torch.tensor([0.25]))),
    "rrelu": P(lambda t: partial(t.F.rrelu, training=False)),
    "threshold": P(
        lambda t: lambda x: t.F.threshold(x, 1.0, 0.0), params={"threshold": 1.0, "value": 0.0}
    ),
    "elu": P(lambda t: t.F.elu),
    "celu": P(lambda t: t.F.celu),
    "selu": P(lambda t: t.F.selu),
    "gelu": P(lambda t: t.F.gelu),
    "gelu_tanh": P(lambda t: partial(t.F.gelu, approximate="tanh")),
    "silu": P(lambda t: t.F.silu),
    "hard_swish": P(lambda t: t.F.hardswish),
    "mish": P(lambda t: t.F.mish),
    "softplus": P(lambda t: t.F.softplus),
    "log_sigmoid": P(lambda t: t.F.logsigmoid),
    "tanhshrink": P(lambda t: t.F.tanhshrink),
    "softshrink": P(lambda t: t.F.softshrink),
    "hardshrink": P(lambda t: t.F.hardshrink),
    "softmax": P(lambda t: partial(t.F.softmax, dim=-1)),
    "log_softmax": P(lambda t: partial(t.F.log_softmax, dim=-1)),
    "softmin": P(lambda t: partial(t.F.softmin, dim=-1)),
    "glu": P(lambda t: t.F.glu),
}

#: Written from tf.nn's documented API. SeluGrad tests the output < 0, so TensorFlow's
#: gradient at 0 is lambda where the library (and PyTorch) give lambda * alpha.
TENSORFLOW: dict[str, Pair] = {
    "sigmoid": P(lambda t: t.nn.sigmoid),
    "tanh": P(lambda t: t.nn.tanh),
    "softsign": P(lambda t: t.nn.softsign),
    "relu": P(lambda t: t.nn.relu),
    "relu6": P(lambda t: t.nn.relu6),
    "leaky_relu": P(lambda t: t.nn.leaky_relu, params={"negative_slope": 0.2}),
    "elu": P(lambda t: t.nn.elu),
    "selu": P(lambda t: t.nn.selu, grad_at={0.0: 1.0507009873554805}),
    "gelu": P(lambda t: t.nn.gelu),  # approximate=False is TensorFlow's default
    "gelu_tanh": P(lambda t: partial(t.nn.gelu, approximate=True)),
    "silu": P(lambda t: t.nn.silu),
    "swish": P(lambda t: t.nn.silu),  # beta=1.0, the library's default too
    "softplus": P(lambda t: t.nn.softplus),
    "softmax": P(lambda t: t.nn.softmax),
    "log_softmax": P(lambda t: t.nn.log_softmax),
    "crelu": P(lambda t: t.nn.crelu),
}


def _hf(key: str) -> Callable[[SimpleNamespace], Callable[[Any], Any]]:
    def make(h: SimpleNamespace) -> Callable[[Any], Any]:
        if key not in h.ACT2CLS:
            pytest.skip(f'transformers {h.version} has no "{key}" in ACT2CLS')
        return h.ACT2FN[key]

    return make


def _hf_xielu(h: SimpleNamespace) -> Callable[[Any], Any]:
    # XIELUActivation stores its parameters in bfloat16 by default, which rounds
    # alpha_p = 0.8 and friends; built in float32 it is the library's function.
    if "xielu" not in h.ACT2CLS:
        pytest.skip(f'transformers {h.version} has no "xielu" in ACT2CLS')
    return h.ACT2CLS["xielu"](dtype=h.torch.float32)


#: The "hidden_act" strings of Hugging Face model configs (transformers' ACT2CLS), each
#: with the library function it computes. "gelu_10" (GELU clipped to [-10, 10]) is a
#: near-equivalent and has its own test; "laplace" has no library function.
TRANSFORMERS: dict[str, tuple[str, Pair]] = {
    "linear": ("identity", P(_hf("linear"))),
    "sigmoid": ("sigmoid", P(_hf("sigmoid"))),
    "tanh": ("tanh", P(_hf("tanh"))),
    "relu": ("relu", P(_hf("relu"))),
    "relu6": ("relu6", P(_hf("relu6"))),
    "leaky_relu": ("leaky_relu", P(_hf("leaky_relu"))),  # torch.nn.LeakyReLU(): 0.01
    "prelu": ("prelu", P(_hf("prelu"))),  # torch.nn.PReLU(): slope 0.25
    "relu2": ("relu_squared", P(_hf("relu2"))),
    "gelu": ("gelu", P(_hf("gelu"))),
    "gelu_python": ("gelu", P(_hf("gelu_python"))),
    "gelu_new": ("gelu_tanh", P(_hf("gelu_new"))),
    "gelu_pytorch_tanh": ("gelu_tanh", P(_hf("gelu_pytorch_tanh"))),
    "gelu_python_tanh": ("gelu_tanh", P(_hf("gelu_python_tanh"))),
    "gelu_fast": ("gelu_tanh", P(_hf("gelu_fast"))),  # sqrt(2/pi) cut to 0.7978845608
    "gelu_accurate": ("gelu_tanh", P(_hf("gelu_accurate"))),
    "quick_gelu": ("quick_gelu", P(_hf("quick_gelu"))),
    "silu": ("silu", P(_hf("silu"))),
    "swish": ("silu", P(_hf("swish"))),
    "hardswish": ("hard_swish", P(_hf("hardswish"))),
    "mish": ("mish", P(_hf("mish"))),
    "xielu": ("xielu", P(_hf_xielu)),
}

TABLES: dict[str, dict[str, Pair]] = {
    "pytorch": PYTORCH,
    "tensorflow": TENSORFLOW,
    "keras": KERAS,
    "jax": JAX,
    "mlx": MLX,
}


# -- the frameworks, loaded on demand --------------------------------------------------------


@dataclass(frozen=True)
class Framework:
    """How to call a framework's function on a float32 array and differentiate it."""

    ns: SimpleNamespace
    call: Callable[[Callable[[Any], Any], np.ndarray], np.ndarray]
    #: element-wise derivative, or None where the framework offers none here
    grad: Callable[[Callable[[Any], Any], np.ndarray], np.ndarray] | None
    #: vector-Jacobian product w^T J
    vjp: Callable[[Callable[[Any], Any], np.ndarray, np.ndarray], np.ndarray] | None


def _quietly(module: str) -> Any:
    with warnings.catch_warnings():  # the test suite turns warnings into errors
        warnings.simplefilter("ignore")
        return pytest.importorskip(module)


def _jax_parts() -> tuple[Any, Any]:
    jax = _quietly("jax")
    jnp = _quietly("jax.numpy")

    def grad(fn: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
        return np.asarray(jax.vmap(jax.grad(fn))(jnp.asarray(x)))

    def vjp(fn: Callable[[Any], Any], x: np.ndarray, w: np.ndarray) -> np.ndarray:
        _, pullback = jax.vjp(fn, jnp.asarray(x))
        return np.asarray(pullback(jnp.asarray(w))[0])

    return grad, vjp


@cache
def _load_jax() -> Framework:
    _quietly("jax")
    jnp = _quietly("jax.numpy")
    grad, vjp = _jax_parts()
    ns = SimpleNamespace(nn=_quietly("jax.nn"), np=jnp)
    return Framework(ns, lambda fn, x: np.asarray(fn(jnp.asarray(x))), grad, vjp)


@cache
def _load_keras() -> Framework:
    keras = _quietly("keras")
    ns = SimpleNamespace(activations=keras.activations, layers=keras.layers)

    def call(fn: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
        return np.asarray(keras.ops.convert_to_numpy(fn(keras.ops.convert_to_tensor(x))))

    if keras.backend.backend() == "jax":
        grad, vjp = _jax_parts()
        return Framework(ns, call, grad, vjp)
    return Framework(ns, call, None, None)


@cache
def _load_mlx() -> Framework:
    mx = _quietly("mlx.core")
    ns = SimpleNamespace(nn=_quietly("mlx.nn"), mx=mx)

    def grad(fn: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
        return np.array(mx.vmap(mx.grad(fn))(mx.array(x)))

    def vjp(fn: Callable[[Any], Any], x: np.ndarray, w: np.ndarray) -> np.ndarray:
        _, (g,) = mx.vjp(fn, [mx.array(x)], [mx.array(w)])
        return np.array(g)

    return Framework(ns, lambda fn, x: np.array(fn(mx.array(x))), grad, vjp)


def _torch_framework(ns: SimpleNamespace) -> Framework:
    torch = ns.torch

    def call(fn: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return fn(torch.from_numpy(x.copy())).detach().numpy()

    def vjp(fn: Callable[[Any], Any], x: np.ndarray, w: np.ndarray) -> np.ndarray:
        t = torch.from_numpy(x.copy()).requires_grad_(True)
        (g,) = torch.autograd.grad(fn(t), t, grad_outputs=torch.from_numpy(w.copy()))
        return g.numpy()

    def grad(fn: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
        return vjp(fn, x, np.ones_like(x))

    return Framework(ns, call, grad, vjp)


@cache
def _load_pytorch() -> Framework:
    torch = _quietly("torch")
    return _torch_framework(SimpleNamespace(torch=torch, F=torch.nn.functional, nn=torch.nn))


@cache
def _load_tensorflow() -> Framework:
    tf = _quietly("tensorflow")

    def vjp(fn: Callable[[Any], Any], x: np.ndarray, w: np.ndarray) -> np.ndarray:
        t = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = fn(t)
        return tape.gradient(y, t, output_gradients=tf.constant(w)).numpy()

    def grad(fn: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
        return vjp(fn, x, np.ones_like(x))

    ns = SimpleNamespace(tf=tf, nn=tf.nn)
    return Framework(ns, lambda fn, x: fn(tf.constant(x)).numpy(), grad, vjp)


@cache
def _load_transformers() -> Framework:
    torch = _quietly("torch")
    transformers = _quietly("transformers")
    hf = _quietly("transformers.activations")
    ns = SimpleNamespace(
        torch=torch, ACT2FN=hf.ACT2FN, ACT2CLS=hf.ACT2CLS, version=transformers.__version__
    )
    return _torch_framework(ns)


LOADERS: dict[str, Callable[[], Framework]] = {
    "pytorch": _load_pytorch,
    "tensorflow": _load_tensorflow,
    "keras": _load_keras,
    "jax": _load_jax,
    "mlx": _load_mlx,
    "transformers": _load_transformers,
}


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
    fw = LOADERS[framework]()
    act, pair = pair_of(framework, key)
    fn = pair.make(fw.ns)
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
    fw = LOADERS[framework]()
    act, pair = pair_of(framework, key)
    if fw.grad is None or fw.vjp is None:
        pytest.skip(f"{framework} offers no cheap gradient here")
    fn = pair.make(fw.ns)
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
    fw = _load_jax()
    got = fw.call(fw.ns.nn.gelu, GRID).astype(np.float64)
    x64 = GRID.astype(np.float64)
    # The tanh form (the table's gelu_tanh pair checks it to float32 accuracy) lies up to
    # 4.7e-4 from the exact GELU: far outside float32 rounding.
    assert np.abs(got - activations.get("gelu")(x64)).max() > 4e-4
    assert np.abs(got - activations.get("gelu_tanh")(x64)).max() < 1e-6


def test_keras_leaky_relu_layer_defaults_to_0_3() -> None:
    fw = _load_keras()
    layer = fw.ns.layers.LeakyReLU()
    got = np.asarray(layer(GRID), dtype=np.float64)
    want = activations.get("leaky_relu")(GRID.astype(np.float64), negative_slope=0.3)
    _assert_close(got, want, np.abs(GRID.astype(np.float64)), 16, 4, "keras.layers.LeakyReLU")
    # ... while the function keras.activations.leaky_relu defaults to 0.2 (see KERAS).
    assert got[GRID == -8.0].tolist() == [pytest.approx(-8.0 * 0.3)]


def test_mlx_step_is_one_at_the_threshold() -> None:
    fw = _load_mlx()
    mx, nn = fw.ns.mx, fw.ns.nn
    zeros = np.array([-0.0, 0.0], dtype=np.float32)
    got = nn.step(mx.array(zeros))
    assert got.dtype == mx.int32  # integers, not floats
    assert np.array(got).tolist() == [1, 1]
    assert activations.get("binary_step")(zeros).tolist() == [1.0, 1.0]  # as the library
    below = np.nextafter(np.zeros(1, dtype=np.float32), np.float32(-1.0))
    assert np.array(nn.step(mx.array(below))).tolist() == [0]


def test_mlx_selu_uses_rounded_constants() -> None:
    fw = _load_mlx()
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
    fw = _load_mlx()
    mx, nn = fw.ns.mx, fw.ns.nn
    x = np.array([-2.0, 3.0], dtype=np.float32)
    got = np.array(nn.leaky_relu(mx.array(x), negative_slope=2.0)).tolist()
    assert got == [-2.0, 6.0]
    assert activations.get("leaky_relu")(x, negative_slope=2.0).tolist() == [-4.0, 3.0]


def test_transformers_gelu_10_clips_gelu_at_10() -> None:
    fw = _load_transformers()
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
    fw = _load_keras()
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
            fw = LOADERS[framework]()
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
    LOADERS[framework]()
    table = TABLES[framework]
    names = activations.names()
    named = {n for n in names if getattr(activations.get(n).frameworks, framework)}
    assert not named - set(table), f"{framework}: add pairs for {sorted(named - set(table))}"
    unnamed = {n for n in table if n in names} - named
    assert not unnamed, f"{framework}: Frameworks({framework}=...) missing for {sorted(unnamed)}"


def test_every_transformers_string_has_a_pair() -> None:
    LOADERS["transformers"]()
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
