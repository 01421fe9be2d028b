r"""How each framework computes each function of the library: the table of pairs.

Six frameworks ship activation functions under their own names and defaults. For each
one this module says, per library function, how to get the framework's version as a
function of one array (``Pair.make``) and where it differs on purpose: a documented
gradient at a kink, a NaN gradient past an overflow, a different formula. ``LOADERS``
import a framework on demand and say how to call and differentiate its functions on a
NumPy array. Nothing here imports a framework until a loader runs; a framework that is
not installed raises :class:`MissingFrameworkError`.

``tests/test_frameworks.py`` compares every pair with the library, and
``tools/frameworks/measure.py`` measures each pair against exact values, in float64 down
to bfloat16, for the book's data file.

>>> sorted(TABLES) + ["transformers"] == sorted(LOADERS)
True
>>> PYTORCH["gelu_tanh"].grad_at, MLX["elu"].nan_grad_above
({}, 88.0)
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from types import SimpleNamespace
from typing import Any

import numpy as np

import activations

# Keras runs on JAX here, so that its gradients come from jax.grad.
os.environ.setdefault("KERAS_BACKEND", "jax")


class MissingFrameworkError(ImportError):
    """A framework, or the function asked of it, is not installed here."""


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


#: Where the frameworks' hard swish takes the outer pieces at the kinks (the library, like
#: PyTorch before 2025, takes the middle piece: -1/2 and 3/2).
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
    # PyTorch's backward takes the outer pieces at the kinks since 2025, as JAX does.
    "hard_swish": P(lambda t: t.F.hardswish, grad_at=OUTER_PIECES),
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
            raise MissingFrameworkError(f'transformers {h.version} has no "{key}" in ACT2CLS')
        return h.ACT2FN[key]

    return make


def _hf_xielu(h: SimpleNamespace) -> Callable[[Any], Any]:
    # XIELUActivation stores its parameters in bfloat16 by default, which rounds
    # alpha_p = 0.8 and friends; built in float32 it is the library's function.
    if "xielu" not in h.ACT2CLS:
        raise MissingFrameworkError(f'transformers {h.version} has no "xielu" in ACT2CLS')
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
    "hardswish": ("hard_swish", P(_hf("hardswish"), grad_at=OUTER_PIECES)),
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
        try:
            return importlib.import_module(module)
        except ImportError as error:
            raise MissingFrameworkError(f"{module} is not installed: {error}") from error


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
