"""The textbook formulas, written literally: the baseline the library is measured against.

These are what most tutorials (and the seed notes this book grew from) write: correct
on paper, and wrong in floating point somewhere, through overflow, cancellation or
``inf/inf``. The benchmarks time the library against them, and the accuracy benchmark
and the numerical-stability chapter show where they fail. Do not use them for work.

Call them inside ``np.errstate(all="ignore")``: they are allowed to warn.

``FORMULAS[name] = (f, f')`` at the default parameters; ``LIBRARIES[name]`` is what
NumPy or SciPy offer for the same function, where they offer anything.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..core.inputs import Array

Fn = Callable[[Array], Array]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _erf(x: Array) -> Array:
    from scipy.special import erf

    return erf(x)


def _sigmoid(x: Array) -> Array:
    return 1.0 / (1.0 + np.exp(-x))


def _sigmoid_d(x: Array) -> Array:
    s = _sigmoid(x)
    return s * (1.0 - s)


def _gelu_tanh(x: Array) -> Array:
    return 0.5 * x * (1.0 + np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x**3)))


def _gelu_tanh_d(x: Array) -> Array:
    t = np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x**3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _SQRT_2_OVER_PI * (1 + 0.134145 * x * x)


def _xielu(x: Array) -> Array:
    # Hugging Face's XIELUActivation at its defaults, as written there.
    negative = 0.8 * (np.expm1(np.minimum(x, -1e-6)) - x) + 0.5 * x
    return np.where(x > 0, 0.8 * x * x + 0.5 * x, negative)


def _xielu_d(x: Array) -> Array:
    left = np.where(x > -1e-6, -0.8, 0.8 * np.exp(x) - 0.8) + 0.5
    return np.where(x > 0, 1.6 * x + 0.5, left)


def _smish(x: Array) -> Array:
    return x * np.tanh(np.log(1 + _sigmoid(x)))


def _smish_d(x: Array) -> Array:
    t = np.tanh(np.log(1 + _sigmoid(x)))
    return t + x * (1 - t * t) * _sigmoid_d(x) / (1 + _sigmoid(x))


def _serf(x: Array) -> Array:
    return x * _erf(np.log(1 + np.exp(x)))


def _serf_d(x: Array) -> Array:
    p = np.log(1 + np.exp(x))
    return _erf(p) + x * 2 / np.sqrt(np.pi) * np.exp(-p * p) * _sigmoid(x)


def _mish(x: Array) -> Array:
    return x * np.tanh(np.log1p(np.exp(x)))


def _mish_d(x: Array) -> Array:
    t = np.tanh(np.log1p(np.exp(x)))
    return t + x * _sigmoid(x) * (1 - t * t)


def _softshrink(x: Array, lambd: float = 0.5) -> Array:
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0))


FORMULAS: dict[str, tuple[Fn, Fn]] = {
    "identity": (lambda x: x * 1.0, lambda x: np.ones_like(x)),
    "binary_step": (lambda x: np.heaviside(x, 1.0), lambda x: np.zeros_like(x)),
    "sigmoid": (_sigmoid, _sigmoid_d),
    "hard_sigmoid": (
        lambda x: np.clip(x / 6 + 0.5, 0, 1),
        lambda x: np.where(np.abs(x) < 3, 1 / 6, 0.0),
    ),
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "hardtanh": (lambda x: np.clip(x, -1, 1), lambda x: np.where(np.abs(x) < 1, 1.0, 0.0)),
    "arctan": (np.arctan, lambda x: 1 / (1 + x**2)),
    "softsign": (lambda x: x / (1 + np.abs(x)), lambda x: 1 / (1 + np.abs(x)) ** 2),
    "relu": (lambda x: np.maximum(x, 0), lambda x: (x > 0) * 1.0),
    "relu6": (
        lambda x: np.minimum(np.maximum(x, 0), 6),
        lambda x: ((x > 0) & (x < 6)) * 1.0,
    ),
    "leaky_relu": (
        lambda x: np.where(x > 0, x, 0.01 * x),
        lambda x: np.where(x > 0, 1.0, 0.01),
    ),
    "prelu": (lambda x: np.where(x > 0, x, 0.25 * x), lambda x: np.where(x > 0, 1.0, 0.25)),
    "rrelu": (
        lambda x: np.where(x > 0, x, 11 / 48 * x),
        lambda x: np.where(x > 0, 1.0, 11 / 48),
    ),
    "elu": (lambda x: np.where(x > 0, x, np.exp(x) - 1), lambda x: np.where(x > 0, 1, np.exp(x))),
    "celu": (lambda x: np.where(x > 0, x, np.exp(x) - 1), lambda x: np.where(x > 0, 1, np.exp(x))),
    "selu": (
        lambda x: _SELU_SCALE * np.where(x > 0, x, _SELU_ALPHA * (np.exp(x) - 1)),
        lambda x: _SELU_SCALE * np.where(x > 0, 1, _SELU_ALPHA * np.exp(x)),
    ),
    "gelu": (
        lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2))),
        lambda x: 0.5 * (1 + _erf(x / math.sqrt(2)))
        + x * np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi),
    ),
    "gelu_tanh": (_gelu_tanh, _gelu_tanh_d),
    "silu": (lambda x: x / (1 + np.exp(-x)), lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))),
    "swish": (lambda x: x * _sigmoid(x), lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))),
    "hard_swish": (
        lambda x: x * np.clip(x + 3, 0, 6) / 6,
        lambda x: np.where(x < -3, 0.0, np.where(x > 3, 1.0, (2 * x + 3) / 6)),
    ),
    "mish": (_mish, _mish_d),
    "softplus": (lambda x: np.log1p(np.exp(x)), _sigmoid),
    "log_sigmoid": (lambda x: np.log(_sigmoid(x)), lambda x: 1 - _sigmoid(x)),
    "squareplus": (
        lambda x: (x + np.sqrt(x * x + 4)) / 2,
        lambda x: (1 + x / np.sqrt(x * x + 4)) / 2,
    ),
    "tanhshrink": (lambda x: x - np.tanh(x), lambda x: np.tanh(x) ** 2),
    "softshrink": (_softshrink, lambda x: np.where(np.abs(x) > 0.5, 1.0, 0.0)),
    "hardshrink": (
        lambda x: np.where(np.abs(x) > 0.5, x, 0.0),
        lambda x: np.where(np.abs(x) > 0.5, 1.0, 0.0),
    ),
    "sine": (np.sin, np.cos),
    "gaussian": (lambda x: np.exp(-(x**2)), lambda x: -2 * x * np.exp(-(x**2))),
    "sinc": (lambda x: np.sin(x) / x, lambda x: (x * np.cos(x) - np.sin(x)) / x**2),
    "bent_identity": (
        lambda x: (np.sqrt(x**2 + 1) - 1) / 2 + x,
        lambda x: x / (2 * np.sqrt(x**2 + 1)) + 1,
    ),
    "isru": (lambda x: x / np.sqrt(1 + x**2), lambda x: (1 + x**2) ** -1.5),
    "isrlu": (
        lambda x: np.where(x >= 0, x, x / np.sqrt(1 + x**2)),
        lambda x: np.where(x >= 0, 1.0, (1 + x**2) ** -1.5),
    ),
    "relu_squared": (lambda x: np.maximum(x, 0) ** 2, lambda x: 2 * np.maximum(x, 0)),
    "threshold": (lambda x: np.where(x > 1, x, 0.0), lambda x: (x > 1) * 1.0),
    "star_relu": (
        lambda x: 0.8944 * np.maximum(x, 0) ** 2 - 0.4472,
        lambda x: 2 * 0.8944 * np.maximum(x, 0),
    ),
    "sparse_sigmoid": (lambda x: np.clip((x + 1) / 2, 0, 1), lambda x: (np.abs(x) < 1) * 0.5),
    "sparse_plus": (
        lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
        lambda x: np.clip((x + 1) / 2, 0, 1),
    ),
    "exponential": (np.exp, np.exp),
    "xielu": (_xielu, _xielu_d),
    "snake": (lambda x: x + np.sin(x) ** 2, lambda x: 1 + np.sin(2 * x)),
    "quick_gelu": (
        lambda x: x * _sigmoid(1.702 * x),
        lambda x: _sigmoid(1.702 * x) + 1.702 * x * _sigmoid_d(1.702 * x),
    ),
    "lisht": (lambda x: x * np.tanh(x), lambda x: np.tanh(x) + x * (1 - np.tanh(x) ** 2)),
    "hard_mish": (
        lambda x: 0.5 * x * np.clip(x + 2, 0, 2),
        lambda x: np.where(x < -2, 0.0, np.where(x < 0, x + 1, 1.0)),
    ),
    "tanh_exp": (
        lambda x: x * np.tanh(np.exp(x)),
        lambda x: np.tanh(np.exp(x)) + x * np.exp(x) * (1 - np.tanh(np.exp(x)) ** 2),
    ),
    "smish": (_smish, _smish_d),
    "serf": (_serf, _serf_d),
    "elish": (
        lambda x: np.where(x >= 0, x * _sigmoid(x), (np.exp(x) - 1) * _sigmoid(x)),
        lambda x: np.where(
            x >= 0,
            _sigmoid(x) * (1 + x * (1 - _sigmoid(x))),
            np.exp(x) * _sigmoid(x) + (np.exp(x) - 1) * _sigmoid_d(x),
        ),
    ),
}


def _scipy(name: str) -> Fn:
    def call(x: Array) -> Array:
        import scipy.special as special

        return getattr(special, name)(x)

    return call


def _gelu_ndtr(x: Array) -> Array:
    from scipy.special import ndtr

    return x * ndtr(x)


#: What NumPy or SciPy offer for a function, where they offer anything (forward only).
LIBRARIES: dict[str, tuple[str, Fn]] = {
    "sigmoid": ("scipy.special.expit", _scipy("expit")),
    "log_sigmoid": ("scipy.special.log_expit", _scipy("log_expit")),
    "softplus": ("numpy.logaddexp(0, x)", lambda x: np.logaddexp(0.0, x)),
    "gelu": ("x * scipy.special.ndtr(x)", _gelu_ndtr),
    "tanh": ("numpy.tanh", np.tanh),
    "arctan": ("numpy.arctan", np.arctan),
    "sine": ("numpy.sin", np.sin),
    "sinc": ("numpy.sinc(x / pi)", lambda x: np.sinc(x / np.pi)),
    "relu": ("numpy.maximum(x, 0)", lambda x: np.maximum(x, 0.0)),
}
