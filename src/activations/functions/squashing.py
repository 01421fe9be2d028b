r"""Classic squashing functions: identity, step, sigmoid, tanh and their hard and
algebraic cousins.

Each function below is the forward pass of one registered activation; its docstring
is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

import numpy as np

from .._core import Array, Elementwise, Frameworks, register
from .._params import real
from .._stable import reciprocal_one_plus_abs, sech_squared, sigmoid, sigmoid_pair

# -- identity -----------------------------------------------------------------------------


def _identity(x: Array) -> Array:
    r"""Identity, the linear unit: :math:`f(x) = x`.

    >>> import activations
    >>> activations.identity([-2.0, 0.0, 3.5])
    array([-2. ,  0. ,  3.5])
    """
    return x.copy()


identity = register(
    Elementwise(
        name="identity",
        title="Identity",
        family="squashing",
        aliases=("linear", "pass_through"),
        summary=(
            "The identity passes its input through unchanged. It is the output unit of "
            "regression networks and the baseline every other activation is compared with: "
            "a network built only from it is a single linear map, however deep."
        ),
        forward=_identity,
        derivative_fn=lambda x: np.where(np.isnan(x), np.nan, 1.0),
        expression=lambda sp, x: x,
        frameworks=Frameworks(
            pytorch="torch.nn.Identity()",
            keras='keras.activations.linear (activation="linear")',
            jax="jax.nn.identity",
        ),
    )
)

# -- binary step --------------------------------------------------------------------------


def _binary_step(x: Array) -> Array:
    r"""Binary (Heaviside) step: :math:`f(x) = 0` for :math:`x < 0`, :math:`1` for :math:`x \ge 0`.

    Its derivative is zero wherever it exists, so gradient descent cannot train
    through it; the library returns 0 at the jump as well.

    >>> import activations
    >>> activations.binary_step([-1.0, 0.0, 2.0])
    array([0., 1., 1.])
    """
    return np.where(np.isnan(x), np.nan, (x >= 0).astype(np.float64))


binary_step = register(
    Elementwise(
        name="binary_step",
        title="Binary step",
        family="squashing",
        aliases=("heaviside", "step", "threshold_unit"),
        summary=(
            "The binary step outputs 1 when its input is non-negative and 0 otherwise. It is "
            "the unit of the McCulloch-Pitts neuron and Rosenblatt's perceptron; its zero "
            "derivative makes it unusable with gradient descent, so modern networks use it "
            "only as a historical reference point."
        ),
        forward=_binary_step,
        derivative_fn=lambda x: np.where(np.isnan(x), np.nan, 0.0),
        expression=lambda sp, x: sp.Piecewise((0, x < 0), (1, True)),
        references=("mcculloch1943logical", "rosenblatt1958perceptron"),
        frameworks=Frameworks(
            notes=(
                "No framework ships it as an activation; torch.heaviside(x, values) and "
                "jnp.heaviside(x, h) are tensor operations whose value at 0 is an argument.",
            ),
        ),
    )
)

# -- sigmoid ------------------------------------------------------------------------------


def _sigmoid(x: Array) -> Array:
    r"""Logistic sigmoid: :math:`\sigma(x) = \dfrac{1}{1 + e^{-x}}`.

    The textbook formula overflows in :math:`e^{-x}` for :math:`x < -709`. The library
    writes both tails through :math:`e^{-|x|} \le 1`: :math:`1/(1+e^{-|x|})` for
    :math:`x \ge 0` and :math:`e^{-|x|}/(1+e^{-|x|})` for :math:`x < 0`.

    >>> import activations
    >>> activations.sigmoid([-700.0, 0.0, 2.0])
    array([9.85967654e-305, 5.00000000e-001, 8.80797078e-001])
    """
    return sigmoid(x)


def _sigmoid_derivative(x: Array) -> Array:
    r""":math:`\sigma'(x) = \sigma(x)\,\sigma(-x)`, both factors to full precision.

    ``s * (1 - s)`` loses all digits once ``s`` rounds to 1 (from x near 37).
    """
    s, t = sigmoid_pair(x)
    return s * t


sigmoid_ = register(
    Elementwise(
        name="sigmoid",
        title="Sigmoid (logistic)",
        family="squashing",
        aliases=("logistic", "sigma", "soft_step"),
        summary=(
            "The logistic sigmoid squashes any real number into (0, 1). Today it is the "
            "output unit for binary and multi-label classification and the gate inside "
            "LSTM and GRU cells; as a hidden-layer activation it has been replaced by "
            "rectifiers because its gradient is at most 1/4 and vanishes in both tails."
        ),
        forward=_sigmoid,
        derivative_fn=_sigmoid_derivative,
        expression=lambda sp, x: 1 / (1 + sp.exp(-x)),
        references=("rumelhart1986learning",),
        frameworks=Frameworks(
            pytorch="torch.nn.Sigmoid()",
            keras="keras.activations.sigmoid",
            jax="jax.nn.sigmoid",
        ),
    )
)

# -- hard sigmoid -------------------------------------------------------------------------


def _hard_sigmoid(x: Array) -> Array:
    r"""Hard sigmoid (PyTorch, JAX, Keras 3): :math:`f(x) = \dfrac{\mathrm{ReLU6}(x + 3)}{6}
    = \max\bigl(0, \min(1, \tfrac{x + 3}{6})\bigr)`.

    Computing :math:`(x + 3)/6` rather than :math:`x/6 + 1/2` keeps full relative
    precision near :math:`x = -3`, where the result is small (the sum is exact there).

    >>> import activations
    >>> activations.hard_sigmoid([-4.0, 0.0, 1.5, 4.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """
    return np.clip((x + 3.0) / 6.0, 0.0, 1.0)


def _hard_sigmoid_derivative(x: Array) -> Array:
    """``1/6`` strictly inside (-3, 3), else 0 (PyTorch's choice at the two kinks)."""
    inside = (x > -3.0) & (x < 3.0)
    return np.where(np.isnan(x), np.nan, np.where(inside, 1.0 / 6.0, 0.0))


hard_sigmoid = register(
    Elementwise(
        name="hard_sigmoid",
        title="Hard sigmoid",
        family="squashing",
        aliases=("hardsigmoid", "h_sigmoid"),
        summary=(
            "The hard sigmoid is a piecewise-linear stand-in for the sigmoid: a ramp of "
            "slope 1/6 from -3 to 3, clipped to [0, 1]. MobileNetV3 uses it inside hard "
            "swish and squeeze-and-excitation gates because it needs no exponential; beware "
            "that Keras 2 defined it with slope 0.2 instead."
        ),
        forward=_hard_sigmoid,
        derivative_fn=_hard_sigmoid_derivative,
        expression=lambda sp, x: sp.Max(0, sp.Min(1, (x + 3) / 6)),
        references=("howard2019mobilenetv3", "courbariaux2015binaryconnect"),
        frameworks=Frameworks(
            pytorch="torch.nn.Hardsigmoid()",
            keras="keras.activations.hard_sigmoid",
            jax="jax.nn.hard_sigmoid",
            notes=(
                "Keras 2 / tf.keras used clip(0.2 x + 0.5, 0, 1), saturating at +-2.5.",
                "BinaryConnect and JAX's sparse_sigmoid use clip((x + 1)/2, 0, 1).",
            ),
        ),
    )
)

# -- tanh ---------------------------------------------------------------------------------


def _tanh(x: Array) -> Array:
    r"""Hyperbolic tangent: :math:`\tanh x = \dfrac{e^{x} - e^{-x}}{e^{x} + e^{-x}}
    = 2\sigma(2x) - 1`.

    >>> import activations
    >>> activations.tanh([-1.0, 0.0, 1.0])
    array([-0.76159416,  0.        ,  0.76159416])
    """
    return np.tanh(x)


def _tanh_derivative(x: Array) -> Array:
    r""":math:`\tanh'(x) = \operatorname{sech}^2 x`, written so that it does not flush to
    zero where :math:`1 - \tanh^2 x` would (|x| > 19)."""
    return sech_squared(x)


tanh = register(
    Elementwise(
        name="tanh",
        title="Hyperbolic tangent (tanh)",
        family="squashing",
        aliases=("hyperbolic_tangent",),
        summary=(
            "Tanh squashes its input into (-1, 1) and is an odd function, so its outputs are "
            "centred on zero. It remains the candidate-state non-linearity of LSTM and GRU "
            "cells; in deep feed-forward networks it saturates like the sigmoid, with a "
            "derivative of 1 at the origin instead of 1/4."
        ),
        forward=_tanh,
        derivative_fn=_tanh_derivative,
        expression=lambda sp, x: sp.tanh(x),
        references=("lecun1998efficient",),
        frameworks=Frameworks(
            pytorch="torch.nn.Tanh()", keras="keras.activations.tanh", jax="jax.nn.tanh"
        ),
    )
)

# -- hardtanh -----------------------------------------------------------------------------


def _hardtanh(x: Array, min_val: float, max_val: float) -> Array:
    r"""Hard tanh: :math:`f(x) = \max(a, \min(b, x))` with :math:`[a, b] = [-1, 1]` by default.

    >>> import activations
    >>> activations.hardtanh([-3.0, 0.25, 3.0])
    array([-1.  ,  0.25,  1.  ])
    """
    _check_bounds(min_val, max_val)
    return np.clip(x, min_val, max_val)


def _hardtanh_derivative(x: Array, min_val: float, max_val: float) -> Array:
    """1 strictly between the bounds, 0 outside and at them (PyTorch's choice)."""
    _check_bounds(min_val, max_val)
    inside = (x > min_val) & (x < max_val)
    return np.where(np.isnan(x), np.nan, inside.astype(np.float64))


def _check_bounds(low: float, high: float) -> None:
    if not low < high:
        raise ValueError(f"hardtanh: min_val must be below max_val, got {low} and {high}")


hardtanh = register(
    Elementwise(
        name="hardtanh",
        title="Hard tanh",
        family="squashing",
        aliases=("hard_tanh",),
        summary=(
            "Hard tanh is the identity clipped to [-1, 1]: the cheapest bounded, zero-centred "
            "activation. Its gradient is exactly 1 inside and 0 outside, which makes it a "
            "common straight-through surrogate when training binarised networks."
        ),
        forward=_hardtanh,
        derivative_fn=_hardtanh_derivative,
        expression=lambda sp, x, min_val, max_val: sp.Max(min_val, sp.Min(max_val, x)),
        parameters=(
            real("min_val", -1.0, "lower clipping bound", symbol="a"),
            real("max_val", 1.0, "upper clipping bound", symbol="b"),
        ),
        references=("collobert2004large",),
        frameworks=Frameworks(
            pytorch="torch.nn.Hardtanh(min_val=-1.0, max_val=1.0)",
            keras="keras.activations.hard_tanh",
            jax="jax.nn.hard_tanh",
            notes=("Only PyTorch lets the bounds change; JAX and Keras fix them at -1 and 1.",),
        ),
    )
)

# -- arctan -------------------------------------------------------------------------------


def _arctan(x: Array) -> Array:
    r"""Arctangent: :math:`f(x) = \arctan x`, with range :math:`(-\pi/2, \pi/2)`.

    >>> import activations
    >>> activations.arctan([0.0, 1.0])
    array([0.        , 0.78539816])
    """
    return np.arctan(x)


def _arctan_derivative(x: Array) -> Array:
    r""":math:`1/(1 + x^2)`; for :math:`|x| > 1` written as :math:`u^2/(1 + u^2)` with
    :math:`u = 1/x`, so :math:`x^2` never overflows."""
    big = np.abs(x) > 1.0
    u = 1.0 / np.where(big, x, 1.0)
    small = np.where(big, 0.0, x)
    return np.where(big, u * u / (1.0 + u * u), 1.0 / (1.0 + small * small))


arctan = register(
    Elementwise(
        name="arctan",
        title="Arctangent",
        family="squashing",
        aliases=("atan", "arc_tan"),
        summary=(
            "The arctangent is a smooth, odd squashing function with range (-pi/2, pi/2). "
            "Its tails approach their limits only like 1/x, much more slowly than tanh's "
            "exponential approach, so its gradient decays polynomially. It appears in "
            "surveys more than in practice."
        ),
        forward=_arctan,
        derivative_fn=_arctan_derivative,
        expression=lambda sp, x: sp.atan(x),
        frameworks=Frameworks(
            notes=("Only as a tensor operation: torch.arctan, keras.ops.arctan, jnp.arctan.",)
        ),
    )
)

# -- softsign -----------------------------------------------------------------------------


def _softsign(x: Array) -> Array:
    r"""Softsign: :math:`f(x) = \dfrac{x}{1 + |x|}`.

    At :math:`x = \pm\infty` the textbook formula is :math:`\infty/\infty`; for
    :math:`|x| > 1` the library divides through by :math:`|x|` instead.

    >>> import activations
    >>> activations.softsign([-1.0, 0.0, 3.0, float("inf")])
    array([-0.5 ,  0.  ,  0.75,  1.  ])
    """
    big = np.abs(x) > 1.0
    # np.where evaluates both branches everywhere: give each only inputs it can take.
    large, small = np.where(big, x, 1.0), np.where(big, 0.0, x)
    return np.where(big, np.sign(x) / (1.0 + 1.0 / np.abs(large)), small / (1.0 + np.abs(small)))


def _softsign_derivative(x: Array) -> Array:
    r""":math:`1/(1 + |x|)^2`, squared after the reciprocal so nothing overflows."""
    r = reciprocal_one_plus_abs(x)
    return r * r


softsign = register(
    Elementwise(
        name="softsign",
        title="Softsign",
        family="squashing",
        aliases=("soft_sign", "elliott"),
        summary=(
            "Softsign is an algebraic squashing function with the same range as tanh, "
            "(-1, 1), but polynomial rather than exponential tails, so it saturates more "
            "gently. Glorot and Bengio found it less prone to saturation than tanh; it is "
            "rarely used in current architectures."
        ),
        forward=_softsign,
        derivative_fn=_softsign_derivative,
        expression=lambda sp, x: x / (1 + sp.Abs(x)),
        references=("glorot2010understanding", "elliott1993better"),
        frameworks=Frameworks(
            pytorch="torch.nn.Softsign()",
            keras="keras.activations.softsign",
            jax="jax.nn.soft_sign",
        ),
    )
)

__all__ = [
    "arctan",
    "binary_step",
    "hard_sigmoid",
    "hardtanh",
    "identity",
    "sigmoid_",
    "softsign",
    "tanh",
]
