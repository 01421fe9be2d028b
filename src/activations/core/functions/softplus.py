r"""The softplus family: smooth rectifiers that approach ReLU from above.

Softplus :math:`\ln(1 + e^x)` is the smooth version of :math:`\max(0, x)`; log-sigmoid is
its mirror image :math:`-\operatorname{softplus}(-x)`; squareplus replaces the
exponential and logarithm by a square root.

The textbook formulas overflow in :math:`e^{x}` from :math:`x = 709.8` and lose every
digit of :math:`\ln(1 + e^{x})` once :math:`e^{x}` drops below half an ulp of 1; the
functions below use ``log1p`` and :math:`e^{-|x|}` instead.
"""

from __future__ import annotations

import math

import numpy as np

from ..parameters import nonnegative, positive
from ..registry import Array, Elementwise, Frameworks, register
from ..stable import (
    exp_minus_abs,
    in_blocks,
    nan_where_nan,
    product_error,
    sigmoid,
    sigmoid_pair,
)
from .squashing import sigmoid_ as logistic

# -- softplus -----------------------------------------------------------------------------


def _clip_limit(beta: float) -> float:
    """|x| beyond which softplus(x; beta) is exactly max(x, 0) in float64.

    Left of ``-limit`` the value :math:`e^{\\beta x}/\\beta` is below ``e**-800`` and
    rounds to 0; clipping there keeps :math:`\\beta x` from overflowing. For a tiny
    ``beta`` the limit is infinite (as a Python float) and nothing is clipped.
    """
    return (800.0 + max(0.0, -math.log(beta))) / beta


def _scaled(x: Array, beta: float) -> tuple[Array, Array]:
    r"""``(z, z_lo)``: :math:`z = \beta x` (``x`` clipped at the limit) and the rounding
    error of that product, so that ``z + z_lo`` is exact (``z_lo = 0`` for beta = 1,
    and for betas so extreme that the splitting could overflow)."""
    limit = _clip_limit(beta)
    inner = np.clip(x, -limit, limit)
    z = beta * inner
    if beta == 1.0 or not 1e-100 < beta < 1e100:
        return z, np.zeros_like(z)
    return z, product_error(beta, inner)  # |inner| <= limit < 1e103 here


def _softplus(x: Array, beta: float) -> Array:
    r"""Softplus: :math:`f(x) = \dfrac{1}{\beta}\ln\bigl(1 + e^{\beta x}\bigr)`, exactly
    (PyTorch's ``threshold`` switch to the identity is not applied).

    The library computes :math:`x + \tfrac{1}{\beta}\operatorname{log1p}(e^{-\beta x})`
    for :math:`x > 0` and :math:`\tfrac{1}{\beta}\operatorname{log1p}(e^{\beta x})`
    otherwise: the exponential never exceeds 1 and ``log1p`` keeps the small values
    exact. For :math:`\beta \ne 1` the rounding error of :math:`\beta x` is recovered
    (Dekker's product) and added back to first order. For :math:`\beta < 1` and
    :math:`\beta x < -700`, where :math:`e^{\beta x}` may be subnormal while the result
    is not, the value is computed as :math:`e^{\beta x - \ln\beta}` (``log1p`` is the
    identity there).

    >>> import activations
    >>> activations.softplus([-2.0, 0.0, 2.0, 30.0])
    array([ 0.12692801,  0.69314718,  2.12692801, 30.        ])
    """
    if beta == 1.0:
        # Both branches at once, max(x, 0) + log1p(e^{-|x|}): one exponential per element.
        out = np.abs(x, out=np.empty_like(x))  # out=: an array even for 0-d x
        np.negative(out, out=out)
        np.exp(out, out=out)
        np.log1p(out, out=out)
        return np.add(out, np.maximum(x, 0.0), out=out)
    z, z_lo = _scaled(x, beta)
    # Both branches see every element: give each an exponent <= 0.
    right = x + np.log1p(np.exp(-np.maximum(z, 0.0))) / beta
    z_left = np.minimum(z, 0.0)
    left = (np.log1p(np.exp(z_left)) + sigmoid(z_left) * z_lo) / beta
    if beta < 1.0:
        # Dividing a subnormal e^z by beta < 1 would magnify its rounding error.
        log_beta = math.log(beta)
        shift = z_left - log_beta
        back = shift - z_left
        shift_err = (z_left - (shift - back)) + (-log_beta - back)
        far = np.exp(shift) * (1.0 + (shift_err + z_lo))
        left = np.where(z < -700.0, far, left)
    return np.where(x > 0, right, left)


def _softplus_derivative(x: Array, beta: float) -> Array:
    r""":math:`f'(x) = \sigma(\beta x)`: for :math:`\beta = 1` the library's sigmoid
    itself, otherwise evaluated through :math:`e^{-|\beta x|}` with the rounding error of
    :math:`\beta x` added back to first order."""
    if beta == 1.0:
        return logistic.forward(x)
    z, z_lo = _scaled(x, beta)
    s, t = sigmoid_pair(z)
    return s * (1.0 + t * z_lo)


softplus = register(
    Elementwise(
        name="softplus",
        title="Softplus",
        family="softplus",
        aliases=("smooth_relu", "soft_plus"),
        summary=(
            "Softplus, (1/beta) ln(1 + e^(beta x)), is a smooth, strictly positive version "
            "of ReLU whose derivative is the sigmoid. It rarely serves as a hidden "
            "activation today but is the standard way to make a network output positive "
            "(variances, rates, scales); a larger beta makes it closer to ReLU."
        ),
        forward=_softplus,
        derivative_fn=_softplus_derivative,
        expression=lambda sp, x, beta: sp.log(1 + sp.exp(beta * x)) / beta,
        forms=lambda sp, N, x, beta: (N.softplus(beta * x) / beta, N.sigma(beta * x)),
        parameters=(
            positive("beta", 1.0, "sharpness: larger values approach ReLU", symbol="beta"),
        ),
        references=("dugas2001softplus", "glorot2011deep"),
        frameworks=Frameworks(
            pytorch="torch.nn.Softplus(beta=1.0, threshold=20.0)",
            tensorflow="tf.nn.softplus",
            keras="keras.activations.softplus",
            jax="jax.nn.softplus",
            mlx="mlx.nn.softplus",
            notes=(
                "PyTorch returns x itself once beta * x > threshold (20 by default); the "
                "exact value is larger by log1p(exp(-beta x))/beta, about 2e-9 just above "
                "x = 20 (hundreds of thousands of ulp). The library does not switch.",
                "TensorFlow, Keras, JAX and MLX have no beta and no threshold.",
            ),
        ),
    )
)

# -- log-sigmoid --------------------------------------------------------------------------


def _log_sigmoid(x: Array) -> Array:
    r"""Log-sigmoid: :math:`f(x) = \ln\sigma(x) = -\ln(1 + e^{-x}) = -\operatorname{softplus}(-x)`.

    ``log(sigmoid(x))`` is :math:`\ln 0 = -\infty` once :math:`\sigma(x)` underflows
    (:math:`x < -745`) and loses relative precision where :math:`\sigma(x)` rounds to 1;
    the library computes :math:`\min(x, 0) - \operatorname{log1p}(e^{-|x|})`, a sum of two
    non-positive terms.

    >>> import activations
    >>> activations.log_sigmoid([-800.0, -1.0, 0.0, 40.0])
    array([-8.00000000e+02, -1.31326169e+00, -6.93147181e-01, -4.24835426e-18])
    """
    return np.minimum(x, 0.0) - np.log1p(exp_minus_abs(x))


def _log_sigmoid_derivative(x: Array) -> Array:
    r""":math:`f'(x) = 1 - \sigma(x) = \sigma(-x)`, computed directly (never as a difference)."""
    return logistic.forward(np.negative(x))


log_sigmoid = register(
    Elementwise(
        name="log_sigmoid",
        title="Log-sigmoid",
        family="softplus",
        aliases=("logsigmoid", "log_logistic"),
        summary=(
            "Log-sigmoid is the logarithm of the sigmoid, ln sigma(x) = -softplus(-x): "
            "negative everywhere, close to x on the left and to 0 on the right. It appears "
            "inside losses (binary cross-entropy from logits, the word2vec and DPO "
            "objectives) far more than as a hidden activation; use it whenever you would "
            "write log(sigmoid(x))."
        ),
        forward=_log_sigmoid,
        derivative_fn=_log_sigmoid_derivative,
        expression=lambda sp, x: -sp.log(1 + sp.exp(-x)),
        forms=lambda sp, N, x: (sp.log(N.sigma(x)), 1 - N.sigma(x)),
        frameworks=Frameworks(
            pytorch="torch.nn.LogSigmoid()",
            keras="keras.activations.log_sigmoid",
            jax="jax.nn.log_sigmoid",
            mlx="mlx.nn.log_sigmoid",
            notes=(
                "keras.activations.log_sigmoid exists only in recent Keras 3 releases.",
                "TensorFlow has it as tf.math.log_sigmoid, outside tf.nn.",
            ),
        ),
    )
)

# -- squareplus ---------------------------------------------------------------------------

#: The fast squareplus formulas need x^2 + b free of overflow and of subnormal terms
#: that matter for |x| <= 1e150, and b/x^2 negligible beyond: true for these b.
_MODERATE_B = (1e-200, 1e200)


def _squareplus(x: Array, b: float) -> Array:
    r"""Squareplus: :math:`f(x) = \tfrac12\bigl(x + \sqrt{x^2 + b}\bigr)`, :math:`b \ge 0`.

    With :math:`h = \sqrt{x^2 + b}` and :math:`d = h + |x|`, the value is :math:`d/2` for
    :math:`x \ge 0`. For :math:`x < 0` the sum :math:`x + h` cancels (the result tends to
    0 like :math:`b/(4|x|)`), so the library uses the conjugate form
    :math:`b / \bigl(2(h - x)\bigr) = \tfrac12\,b/d`, a quotient of positive terms. As
    :math:`d \ge \sqrt b \ge b/d`, :math:`\tfrac12\max(\pm d, b/d)` with the sign of
    :math:`x` picks the right form without a select.

    :math:`x^2` overflows for :math:`|x| > 1.3 \times 10^{154}`: beyond :math:`10^{150}`
    the value rounds to :math:`x` on the right and to :math:`(b/4)/|x|` on the left, and
    those few elements are set so afterwards. A :math:`b` below :math:`10^{-200}` or
    above :math:`10^{200}` goes through :func:`_squareplus_hypot` instead; :math:`b = 0`
    gives ReLU exactly.

    >>> import activations
    >>> activations.squareplus([-10.0, 0.0, 1.0])
    array([0.09901951, 1.        , 1.61803399])
    """
    if b == 0.0:
        return np.maximum(x, 0.0)
    if not _MODERATE_B[0] <= b <= _MODERATE_B[1]:
        return _squareplus_hypot(x, b)

    def block(x: Array) -> Array:
        d = np.multiply(x, x, out=np.empty_like(x))
        huge = d > 1e300
        d += b
        np.sqrt(d, out=d)
        d += np.abs(x)
        out = np.divide(b, d, out=np.empty_like(x))
        np.copysign(d, x, out=d)
        np.maximum(d, out, out=out)
        out *= 0.5
        if huge.any():
            big = x[huge]
            out[huge] = np.where(big > 0, big, (0.25 * b) / np.abs(big))
        return out

    with np.errstate(over="ignore", invalid="ignore"):  # |x| > 1e150: replaced in block
        return in_blocks(block, x)


def _squareplus_hypot(x: Array, b: float) -> Array:
    r""":math:`f(x)` for any :math:`b`: the root is ``hypot(x, sqrt(b))``, which cannot
    overflow, and the left uses :math:`(b/4) / \bigl(\tfrac12\sqrt{x^2+b} +
    \tfrac12|x|\bigr)`, halving before adding so that nothing overflows."""
    root_b = math.sqrt(b)
    # Both branches see every element: give the right one only x >= 0.
    xr = np.maximum(x, 0.0)
    hr = np.hypot(xr, root_b)
    # Halve first only where x + sqrt(x^2 + b) would overflow: halving a subnormal x
    # would round it (b = 0 must give ReLU exactly).
    huge = xr > 1e300
    xh, hh = np.where(huge, 0.5 * xr, xr), np.where(huge, 0.5 * hr, hr)
    right = np.where(huge, xh + hh, 0.5 * (xh + hh))
    h = np.hypot(x, root_b)
    half_sum = 0.5 * h + 0.5 * np.abs(x)
    left = (0.25 * b) / np.where(half_sum > 0, half_sum, 1.0)
    return nan_where_nan(x, np.where(x >= 0, right, left))


def _squareplus_derivative(x: Array, b: float) -> Array:
    r""":math:`f'(x) = \tfrac12\bigl(1 + x/\sqrt{x^2 + b}\bigr)`.

    For :math:`x < 0` the bracket cancels, badly once :math:`|x| \gg \sqrt b`; it
    equals :math:`L = b / \bigl(h\,(h + |x|)\bigr)` with :math:`h = \sqrt{x^2 + b}`, which
    the library uses from :math:`x = s = -\sqrt b/4` down (close to 0 the direct form
    rounds less). To pick without a select, the direct bracket gets the sign of
    :math:`x - s` and :math:`L` takes :math:`\max(-x, -s)` in place of :math:`|x|`: that
    is :math:`|x|` left of :math:`s` and makes :math:`L` at most the bracket right of it,
    so the larger of the two is the form wanted on either side. Beyond
    :math:`|x| = 10^{150}` the value rounds to 1 on the right and to :math:`(b/4)/x^2` on
    the left. With :math:`b = 0` (ReLU) the value at 0 is 0, PyTorch's ``relu``
    convention.
    """
    if b == 0.0:
        return np.heaviside(x, 0.0)
    if not _MODERATE_B[0] <= b <= _MODERATE_B[1]:
        return _squareplus_derivative_hypot(x, b)
    switch = -0.25 * math.sqrt(b)

    def block(x: Array) -> Array:
        h = np.multiply(x, x, out=np.empty_like(x))
        huge = h > 1e300
        h += b
        np.sqrt(h, out=h)
        out = np.divide(x, h, out=np.empty_like(x))
        out += 1.0
        left = np.subtract(x, switch, out=np.empty_like(x))
        np.copysign(out, left, out=out)
        np.minimum(x, switch, out=left)  # -max(-x, -s)
        np.subtract(h, left, out=left)
        left *= h
        np.divide(b, left, out=left)
        np.maximum(out, left, out=out)
        out *= 0.5
        if huge.any():
            big = x[huge]
            out[huge] = np.where(big > 0, 1.0, ((0.25 * b) / big) / big)
        return out

    with np.errstate(over="ignore", invalid="ignore"):  # |x| > 1e150: replaced in block
        return in_blocks(block, x)


def _squareplus_derivative_hypot(x: Array, b: float) -> Array:
    r""":math:`f'(x)` for any :math:`b`, through ``hypot(x, sqrt(b))``, dividing step by
    step on the left so that no product overflows."""
    root_b = math.sqrt(b)
    capped = np.clip(x, -root_b, 1e300)  # inf / inf would be NaN; the ratio is 1 from here on
    h_capped = np.hypot(capped, root_b)
    ratio = capped / np.where(h_capped > 0, h_capped, 1.0)
    right = np.where(h_capped > 0, 0.5 + 0.5 * ratio, 0.0)
    h = np.hypot(x, root_b)
    safe_h = np.where(h > 0, h, 1.0)
    half_sum = 0.5 * safe_h + 0.5 * np.abs(x)  # 0 only for b = 0 and a subnormal x
    left = ((0.25 * b) / safe_h) / np.where(half_sum > 0, half_sum, 1.0)
    # 1 + x/h cancels only once x/h nears -1; close to 0 the direct form rounds less.
    out = np.where(x >= -0.25 * root_b, right, left)
    return nan_where_nan(x, out)


squareplus = register(
    Elementwise(
        name="squareplus",
        title="Squareplus",
        family="softplus",
        aliases=("square_plus",),
        summary=(
            "Squareplus, (x + sqrt(x^2 + b))/2, is a softplus-like smooth rectifier built "
            "from a square root instead of an exponential and a logarithm, so it is cheap "
            "and never overflows; b sets the curvature at the origin and b = 0 is ReLU. "
            "JAX and Keras 3 ship it with b = 4."
        ),
        forward=_squareplus,
        derivative_fn=_squareplus_derivative,
        expression=lambda sp, x, b: (x + sp.sqrt(x**2 + b)) / 2,
        forms=lambda sp, N, x, b: ((x + sp.sqrt(x**2 + b)) / 2, (1 + x / sp.sqrt(x**2 + b)) / 2),
        parameters=(nonnegative("b", 4.0, "curvature near the origin; 0 gives ReLU"),),
        references=("barron2021squareplus",),
        frameworks=Frameworks(
            keras="keras.activations.squareplus(x, b=4)",
            jax="jax.nn.squareplus(x, b=4)",
            notes=("PyTorch has no squareplus.",),
        ),
    )
)

# -- sparse plus --------------------------------------------------------------------------


def _sparse_plus(x: Array) -> Array:
    r"""Sparse plus (Blondel et al., 2020): :math:`f(x) = 0` for :math:`x \le -1`,
    :math:`(x + 1)^2/4` for :math:`-1 < x < 1` and :math:`x` for :math:`x \ge 1`.

    A softplus made of a parabola between two lines: it meets 0 and :math:`x` with a
    matching slope, so it is :math:`C^1`, and it is exactly 0 left of -1. The square is
    taken of :math:`\operatorname{clip}(x, -1, 1) + 1`, so it never overflows; two
    roundings in the middle piece, none outside it.

    >>> import activations
    >>> activations.sparse_plus([-2.0, 0.0, 0.5, 3.0])
    array([0.    , 0.25  , 0.5625, 3.    ])
    """
    u = np.add(np.clip(x, -1.0, 1.0), 1.0)
    u *= u
    u *= 0.25
    return np.where(x >= 1.0, x, u)


def _sparse_plus_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \operatorname{clip}(x + 1, 0, 2)/2`, the sparse sigmoid:
    continuous, so no kink convention is needed."""
    out = np.add(np.clip(x, -1.0, 1.0), 1.0)
    out *= 0.5
    return out


sparse_plus = register(
    Elementwise(
        name="sparse_plus",
        title="Sparse plus",
        family="softplus",
        aliases=("sparseplus",),
        summary=(
            "Sparse plus is a softplus built from pieces: exactly 0 below -1, exactly x "
            "above 1 and the parabola (x + 1)^2 / 4 joining them. It keeps softplus's "
            "continuous slope while giving true zeros, and needs no exponential. It comes "
            "from the Fenchel-Young losses of Blondel, Martins and Niculae."
        ),
        forward=_sparse_plus,
        derivative_fn=_sparse_plus_derivative,
        expression=lambda sp, x: sp.Piecewise(
            (0, x <= -1), ((x + 1) ** 2 / 4, x < 1), (x, True)
        ),
        forms=lambda sp, N, x: (
            sp.Piecewise((0, x <= -1), ((x + 1) ** 2 / 4, x < 1), (x, True)),
            sp.Piecewise((0, x <= -1), ((x + 1) / 2, x < 1), (1, True)),
        ),
        references=("blondel2020fenchel",),
        frameworks=Frameworks(
            keras="keras.activations.sparse_plus",
            jax="jax.nn.sparse_plus",
        ),
    )
)

__all__ = ["log_sigmoid", "softplus", "sparse_plus", "squareplus"]
