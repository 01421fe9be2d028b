r"""Classic squashing functions: identity, step, sigmoid, tanh and their hard and
algebraic cousins.

Each function below is the forward pass of one registered activation; its docstring
is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

import numpy as np

from ..parameters import real
from ..registry import Array, Elementwise, Frameworks, register
from ..stable import exp_minus_abs, nan_where_nan, sech_squared

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
        # clip to [1, 1]: 1 everywhere, NaN kept, in one pass over x
        derivative_fn=lambda x: np.clip(x, 1.0, 1.0),
        expression=lambda sp, x: x,
        forms=lambda sp, N, x: (x, sp.Integer(1)),
        frameworks=Frameworks(
            pytorch="torch.nn.Identity()",
            keras='keras.activations.linear (activation="linear")',
            jax="jax.nn.identity",
            transformers='"linear"',
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
    return nan_where_nan(x, np.greater_equal(x, 0.0, out=np.empty_like(x)))


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
        # np.zeros gets pre-zeroed memory from the system: only the NaN check reads x.
        derivative_fn=lambda x: nan_where_nan(x, np.zeros(x.shape)),
        expression=lambda sp, x: sp.Piecewise((0, x < 0), (1, True)),
        # H(x) is 1 at 0, like the function; the derivative is 0 at the jump too.
        forms=lambda sp, N, x: (N.step(x), sp.Integer(0)),
        references=("mcculloch1943logical", "rosenblatt1958perceptron"),
        frameworks=Frameworks(
            mlx="mlx.nn.step (threshold=0.0)",
            notes=(
                "MLX's step is where(x >= threshold, 1, 0): 1 at the threshold, as here, "
                "returned as int32.",
                "torch.heaviside(x, values) and jnp.heaviside(x, h) are tensor operations "
                "whose value at 0 is an argument.",
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
    e = exp_minus_abs(x)
    # The numerator is 1 for x >= 0 and e < 1 below, so max(x >= 0, e) picks it without
    # np.where (a select on a condition of random sign is slow), and passes NaN through.
    out = np.greater_equal(x, 0.0, out=np.empty_like(x))
    np.maximum(out, e, out=out)
    e += 1.0
    out /= e
    return out


def _sigmoid_derivative(x: Array) -> Array:
    r""":math:`\sigma'(x) = \sigma(x)\,\sigma(-x) = \dfrac{e}{(1 + e)^2}` with
    :math:`e = e^{-|x|} \le 1` (:math:`\sigma'` is even), so nothing overflows.

    ``s * (1 - s)`` loses all digits once ``s`` rounds to 1 (from x near 37); this form
    has no subtraction.
    """
    e = exp_minus_abs(x)
    d = np.add(e, 1.0, out=np.empty_like(x))
    d *= d
    e /= d
    return e


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
        forms=lambda sp, N, x: (N.sigma(x), N.sigma(x) * (1 - N.sigma(x))),
        references=("rumelhart1986learning",),
        frameworks=Frameworks(
            pytorch="torch.nn.Sigmoid()",
            tensorflow="tf.nn.sigmoid",
            keras="keras.activations.sigmoid",
            jax="jax.nn.sigmoid",
            mlx="mlx.nn.sigmoid",
            transformers='"sigmoid"',
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
    y = np.add(x, 3.0, out=np.empty_like(x))  # out=: an array even for 0-d x
    y /= 6.0
    return np.clip(y, 0.0, 1.0, out=y)


def _hard_sigmoid_derivative(x: Array) -> Array:
    """``1/6`` strictly inside (-3, 3), else 0 (PyTorch's choice at the two kinks)."""
    out = np.abs(x, out=np.empty_like(x))
    np.less(out, 3.0, out=out)  # 1.0 inside, 0.0 outside: no np.where, which is slow
    out *= 1.0 / 6.0
    return nan_where_nan(x, out)


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
        forms=lambda sp, N, x: (
            sp.Max(0, sp.Min(1, (x + 3) / 6)),
            sp.Piecewise((sp.Rational(1, 6), sp.Abs(x) < 3), (0, True)),  # 0 at both kinks
        ),
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
        forms=lambda sp, N, x: (sp.tanh(x), 1 - sp.tanh(x) ** 2),
        references=("lecun1998efficient",),
        frameworks=Frameworks(
            pytorch="torch.nn.Tanh()",
            tensorflow="tf.nn.tanh",
            keras="keras.activations.tanh",
            jax="jax.nn.tanh",
            mlx="mlx.nn.tanh",
            transformers='"tanh"',
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
    inside = np.logical_and(x > min_val, x < max_val, out=np.empty_like(x))  # 1.0 or 0.0
    return nan_where_nan(x, inside)


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
        forms=lambda sp, N, x, min_val, max_val: (
            sp.Max(min_val, sp.Min(max_val, x)),
            sp.Piecewise((1, (x > min_val) & (x < max_val)), (0, True)),  # 0 at both kinks
        ),
        parameters=(
            real("min_val", -1.0, "lower clipping bound", symbol="a"),
            real("max_val", 1.0, "upper clipping bound", symbol="b"),
        ),
        references=("collobert2004large",),
        frameworks=Frameworks(
            pytorch="torch.nn.Hardtanh(min_val=-1.0, max_val=1.0)",
            keras="keras.activations.hard_tanh",
            jax="jax.nn.hard_tanh",
            mlx="mlx.nn.hard_tanh (min_val=-1.0, max_val=1.0)",
            notes=(
                "PyTorch and MLX let the bounds change; JAX and Keras fix them at -1 and 1.",
                "At x = -1 and 1 the JAX and Keras gradient is 1 (their where keeps the "
                "middle piece there); MLX's, like PyTorch's and this library's, is 0.",
            ),
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
    r""":math:`1/(1 + x^2)`. Where :math:`x^2` overflows (finite :math:`|x| > 1.3 \cdot
    10^{154}`) this would give 0, though :math:`1/x^2` is still a subnormal number there:
    those few inputs are recomputed as :math:`u^2` with :math:`u = 1/x`."""
    with np.errstate(over="ignore"):  # the overflowed elements are repaired below
        out = np.multiply(x, x, out=np.empty_like(x))
    out += 1.0
    np.divide(1.0, out, out=out)
    # out is 0 only where 1 + x^2 is infinite; min() is NaN if x has a NaN: look then too.
    if out.size and not out.min() > 0.0:
        overflowed = (out == 0.0) & np.isfinite(x)
        u = 1.0 / x[overflowed]
        out[overflowed] = u * u
    return out


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
        forms=lambda sp, N, x: (sp.atan(x), 1 / (1 + x**2)),
        frameworks=Frameworks(
            notes=("Only as a tensor operation: torch.arctan, keras.ops.arctan, jnp.arctan.",)
        ),
    )
)

# -- softsign -----------------------------------------------------------------------------


def _softsign(x: Array) -> Array:
    r"""Softsign: :math:`f(x) = \dfrac{x}{1 + |x|}`.

    At :math:`x = \pm\infty` the textbook formula is :math:`\infty/\infty`; the library
    uses it everywhere else (:math:`1 + |x|` cannot overflow) and returns
    :math:`\pm 1` at the two infinities.

    >>> import activations
    >>> activations.softsign([-1.0, 0.0, 3.0, float("inf")])
    array([-0.5 ,  0.  ,  0.75,  1.  ])
    """
    out = np.abs(x, out=np.empty_like(x))
    out += 1.0
    with np.errstate(invalid="ignore"):  # inf/inf at the infinities, repaired below
        np.divide(x, out, out=out)
    if out.size and np.isnan(out.min()):  # an infinity (or a NaN) in x
        infinite = np.isinf(x)
        out[infinite] = np.sign(x[infinite])
    return out


def _softsign_derivative(x: Array) -> Array:
    r""":math:`1/(1 + |x|)^2`, squared after the reciprocal so nothing overflows."""
    r = np.abs(x, out=np.empty_like(x))
    r += 1.0
    np.divide(1.0, r, out=r)  # 0 at infinity
    return np.multiply(r, r, out=r)


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
        forms=lambda sp, N, x: (x / (1 + sp.Abs(x)), 1 / (1 + sp.Abs(x)) ** 2),
        references=("glorot2010understanding", "elliott1993better"),
        frameworks=Frameworks(
            pytorch="torch.nn.Softsign()",
            tensorflow="tf.nn.softsign",
            keras="keras.activations.softsign",
            jax="jax.nn.soft_sign",
            mlx="mlx.nn.softsign",
        ),
    )
)

# -- sparse sigmoid -----------------------------------------------------------------------


def _sparse_sigmoid(x: Array) -> Array:
    r"""Sparse sigmoid (Blondel et al., 2020): :math:`f(x) = 0` for :math:`x \le -1`,
    :math:`(x + 1)/2` for :math:`-1 < x < 1` and 1 for :math:`x \ge 1`: the derivative
    of :func:`sparse_plus`, and the first output of ``sparsemax([x, 0])``, as
    :math:`\sigma(x)` is the first output of ``softmax([x, 0])``.

    Computed as ``(clip(x, -1, 1) + 1) / 2``: one rounding (of the sum), halving is exact.

    >>> import activations
    >>> activations.sparse_sigmoid([-2.0, 0.0, 0.5, 3.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """
    out = np.add(np.clip(x, -1.0, 1.0), 1.0)
    out *= 0.5
    return out


def _sparse_sigmoid_derivative(x: Array) -> Array:
    r""":math:`1/2` strictly inside :math:`(-1, 1)`, 0 elsewhere, both kinks included, as
    the library does for hardtanh and ReLU6. (``jax.grad(jax.nn.sparse_sigmoid)`` gives
    1/4 at :math:`\pm 1`: its ``clip`` splits a tie between the two branches.)"""
    inside = np.logical_and(x > -1.0, x < 1.0, out=np.empty_like(x))
    inside *= 0.5
    return nan_where_nan(x, inside)


sparse_sigmoid = register(
    Elementwise(
        name="sparse_sigmoid",
        title="Sparse sigmoid",
        family="squashing",
        aliases=("sparsesigmoid",),
        summary=(
            "The sparse sigmoid is the piecewise-linear sigmoid that reaches 0 and 1 "
            "exactly, at x = -1 and x = 1, with slope 1/2 between. It is to sparsemax "
            "what the logistic sigmoid is to softmax: the two-class case. JAX and Keras "
            "ship it beside sparse_plus, whose derivative it is."
        ),
        forward=_sparse_sigmoid,
        derivative_fn=_sparse_sigmoid_derivative,
        expression=lambda sp, x: sp.Min(sp.Max(0, (x + 1) / 2), 1),
        forms=lambda sp, N, x: (
            sp.Piecewise((0, x <= -1), ((x + 1) / 2, x < 1), (1, True)),
            sp.Piecewise((sp.Rational(1, 2), (x > -1) & (x < 1)), (0, True)),
        ),
        references=("blondel2020fenchel",),
        frameworks=Frameworks(
            keras="keras.activations.sparse_sigmoid",
            jax="jax.nn.sparse_sigmoid",
            notes=(
                "jax.grad of jax.nn.sparse_sigmoid is 1/4 at x = -1 and x = 1 (its clip "
                "splits the tie); the library gives 0 there, as for hardtanh.",
            ),
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
    "sparse_sigmoid",
    "tanh",
]
