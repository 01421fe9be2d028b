r"""Smooth gated units: the input multiplied by a smooth gate of itself.

GELU weighs :math:`x` by the Gaussian CDF :math:`\Phi(x)`, SiLU and Swish by the
logistic sigmoid, Mish by :math:`\tanh(\operatorname{softplus} x)` and hard swish by a
piecewise-linear ramp. All of them dip slightly below zero for negative inputs, reach
a single minimum there and grow like the identity for large positive inputs.

Each gate is close to 1 on the right and close to 0 on the left, so the textbook
formulas meet ``inf * 0`` at :math:`x = -\infty` and, in the derivative, a sum of two
nearly equal terms of opposite sign around the minimum. The functions below are
written to avoid both; each docstring says how.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..parameters import nonnegative
from ..registry import Array, Elementwise, Frameworks, register
from ..stable import (
    TABLE_FUNCTIONS,
    blockwise,
    exp_minus_abs,
    halves,
    nan_where_nan,
    patch_from_table,
    product_error,
    sech_squared,
    sigmoid_pair,
    softplus,
)


def _silu_slope(u: Array, e: Array, sign: Array) -> Array:
    r""":math:`\bigl(u e + \max(e, \operatorname{sign} z)^2\bigr) / (1 + e)^2`, computed in
    ``u`` and ``sign`` (both overwritten).

    With :math:`e = e^{-|z|}` and :math:`u = 1 + z` this is
    :math:`\tfrac{d}{dz}\,z\,\sigma(z) = \sigma(z)\bigl(1 + z(1 - \sigma(z))\bigr)` from
    one exponential: the numerator's second term is 1 for :math:`z \ge 0` and
    :math:`e^2` below.
    """
    u *= e
    np.maximum(sign, e, out=sign)
    sign *= sign
    u += sign
    # (1 + e)^2 as 1 + e (2 + e): rounds less than squaring the rounded 1 + e.
    denominator = np.add(e, 2.0, out=sign)
    denominator *= e
    denominator += 1.0
    u /= denominator
    return u


# -- GELU ---------------------------------------------------------------------------------
#
# For s = |x| both GELU and its derivative are products of E(s) = exp(-s^2/2) and a
# slowly varying function:
#     Q(s) = exp(s^2/2) Phi(-s)               (Mills ratio over sqrt(2 pi))
#     H(s) = Q(s) - s / sqrt(2 pi)            (its root s0 is where GELU has its minimum)
# Q obeys Q' = s Q - 1/sqrt(2 pi), so its Taylor coefficients about any centre follow
# from Q(centre) by a recurrence. Both are tabulated as Taylor polynomials about every
# multiple of 1/8 from 0 to 40, so each input needs one short polynomial whose
# coefficients are gathered by its piece number: no mask or branch per piece.

_GAUSS_STEP = 8  # pieces per unit of s: centres k/8, |s - centre| <= 1/16
_GAUSS_CLIP = 40.0  # exp(-s^2/2) is 0 in float64 from s = 38.6 on
_GAUSS_PIECES = int(_GAUSS_CLIP) * _GAUSS_STEP + 1
_GAUSS_TERMS = 11  # truncation error below 0.05 ulp (worst near s = 0)
_GAUSS_BLOCK = 64  # pieces tabulated together
#: Adding 2^52 to an integer 0 <= v < 2^52 leaves v itself in the low bits.
_ROUND = 2.0**52
_ROUND_BITS = 0x4330000000000000
#: s + 1.5 * 2^32 rounds s < 2^31 to a multiple of 2^-20: 26 bits for s < 64.
_HALF_SPLIT = 1.5 * 2.0**32


@functools.cache
def _gauss_block(first: int) -> tuple[Array, Array]:
    r"""Taylor coefficients of :math:`Q` and :math:`H` for pieces ``first`` to
    ``first + 63``, computed with mpmath.

    Returns ``(q_rows, h_rows)``, each of shape ``(terms, pieces)``: column ``k`` holds
    the Taylor coefficients about the centre :math:`k/8` in the scaled offset
    :math:`u = 8s - k`, :math:`|u| \le 1/2`, from :math:`u^0` up.
    """
    import mpmath

    # The forward recurrence amplifies rounding by up to 10^26 at s = 40; 60 digits
    # leave over 30.
    with mpmath.workdps(60):
        c = 1 / mpmath.sqrt(2 * mpmath.pi)
        q_rows, h_rows = [], []
        for k in range(first, min(first + _GAUSS_BLOCK, _GAUSS_PIECES)):
            a = mpmath.mpf(k) / _GAUSS_STEP
            q0 = mpmath.exp(a * a / 2) * mpmath.ncdf(-a)
            q = [q0, a * q0 - c]
            for j in range(1, _GAUSS_TERMS - 1):
                q.append((a * q[j] + q[j - 1]) / (j + 1))
            h = [q0 - c * a, q[1] - c, *q[2:]]
            q_rows.append([float(v / _GAUSS_STEP**j) for j, v in enumerate(q)])
            h_rows.append([float(v / _GAUSS_STEP**j) for j, v in enumerate(h)])
    return np.array(q_rows).T, np.array(h_rows).T


@functools.cache
def _gauss_tables(pieces: int) -> tuple[Array, Array]:
    """``(q_table, h_table)`` for the first ``pieces`` pieces (a multiple of 64, or all).

    mpmath needs about a millisecond per piece, so pieces are computed in blocks, the
    first time an input reaches them: ``gelu(1.0)`` does not pay for ``s = 40``.
    """
    blocks = [_gauss_block(first) for first in range(0, pieces, _GAUSS_BLOCK)]
    return (
        np.ascontiguousarray(np.concatenate([b[0] for b in blocks], axis=1)),
        np.ascontiguousarray(np.concatenate([b[1] for b in blocks], axis=1)),
    )


def _gauss_tail(x: Array, which: str) -> Array:
    r""":math:`\Phi(-s) = E(s)\,Q(s)` (``which="q"``) or :math:`E(s)\,H(s)`
    (``which="h"``), :math:`s = \min(|x|, 40)`, for a 1-d ``x``; NaN stays NaN.

    In-place operations keep the temporaries few, and so the block in the cache.
    """
    s = np.abs(x)
    np.minimum(s, _GAUSS_CLIP, out=s)
    u = s * _GAUSS_STEP
    k = np.rint(u)
    top = np.fmax.reduce(k) if k.size else 0.0  # NaN only if every element is NaN
    pieces = (int(top) // _GAUSS_BLOCK + 1) * _GAUSS_BLOCK if top >= 0 else _GAUSS_BLOCK
    table = _gauss_tables(pieces)[0 if which == "q" else 1]
    u -= k  # exact, |u| <= 1/2
    k += _ROUND
    k = k.view(np.int64)
    k -= _ROUND_BITS  # the piece number: garbage for NaN, which mode="clip" tames
    out = np.take(table[-1], k, mode="clip")
    coefficient = np.empty_like(out)
    for row in table[-2::-1]:
        out *= u
        out += np.take(row, k, mode="clip", out=coefficient)
    # E = exp(-s^2/2) with the rounding error of s*s put back (it would cost up to
    # s^2/2 ulp): s = hi + lo with hi*hi exact, so s^2 - fl(s^2) = (hi^2 - fl(s^2)) +
    # lo (hi + s).
    square = np.multiply(s, s, out=u)
    hi = np.add(s, _HALF_SPLIT, out=k.view(np.float64))
    hi -= _HALF_SPLIT
    lo = np.subtract(s, hi, out=coefficient)
    s += hi
    s *= lo
    hi *= hi
    hi -= square
    hi += s  # the rounding error of s*s
    hi *= -0.5
    hi += 1.0
    square *= -0.5
    np.exp(square, out=square)
    square *= hi
    out *= square
    return out


def _odd_combine(x: Array, tail: Array) -> Array:
    r"""``1 - tail`` where ``x > 0``, ``tail`` where ``x < 0``, ``1/2`` at zero (where
    ``tail`` is 1/2), without a branch: :math:`(1 + \sigma)/2 - \sigma\,\text{tail}`
    with :math:`\sigma = \operatorname{sign} x` rounds only in ``1 - tail``. Overwrites
    ``tail``; NaN stays NaN."""
    sign = np.sign(x)
    tail *= sign
    sign += 1.0
    sign *= 0.5
    sign -= tail
    return sign


@blockwise
def _gelu(x: Array) -> Array:
    r"""GELU, the Gaussian error linear unit: :math:`f(x) = x\,\Phi(x)
    = \tfrac{x}{2}\bigl(1 + \operatorname{erf}(x/\sqrt2)\bigr)`.

    :math:`1 + \operatorname{erf}(x/\sqrt2)` cancels for negative :math:`x`, and
    SciPy's ``ndtr``/``erfc`` are off by up to 8 and 30 ulp on parts of the line. The
    library writes the Gaussian tail as :math:`\Phi(-s) = e^{-s^2/2}\,Q(s)`,
    :math:`s = |x|`, with :math:`Q` (the Mills ratio over :math:`\sqrt{2\pi}`) from
    Taylor polynomials of eleven terms about every multiple of :math:`1/8` up to
    :math:`s = 40`, tabulated once with mpmath; :math:`e^{-s^2/2}` gets the rounding
    error of :math:`s^2` added back. Then :math:`f = x\,(1 - e^{-s^2/2}Q)` for
    :math:`x \ge 0` and :math:`x\,e^{-s^2/2}Q` for :math:`x < 0`, which is :math:`-0`
    (not ``-inf * 0``) at :math:`-\infty`.

    >>> import activations
    >>> activations.gelu([-3.0, -0.75, 0.0, 1.0, 3.0])
    array([-0.00404969, -0.16997051,  0.        ,  0.84134475,  2.99595031])
    """
    tail = _gauss_tail(x, "q")  # Phi(-|x|)
    gate = _odd_combine(x, tail)  # Phi(x)
    gate *= np.maximum(x, -_GAUSS_CLIP, out=tail)  # -inf * 0 would be NaN
    return gate


@blockwise
def _gelu_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \Phi(x) + x\,\varphi(x)`.

    For :math:`x < 0` the two terms have opposite signs and cancel completely at the
    minimum :math:`x_0 = -0.75179\ldots`. With :math:`s = |x|` the derivative is
    :math:`e^{-s^2/2} H(s)` for :math:`x < 0` and :math:`1 - e^{-s^2/2} H(s)` for
    :math:`x \ge 0`, where :math:`H(s) = Q(s) - s/\sqrt{2\pi}` is tabulated as Taylor
    polynomials in its own right: the cancellation between its two terms happens once,
    in exact arithmetic, when the table is built, and what is left near the root
    :math:`s_0 = -x_0` (the constant and linear terms of the piece about
    :math:`s = 3/4`) is within the condition number.
    """
    return _odd_combine(x, _gauss_tail(x, "h"))


gelu = register(
    Elementwise(
        name="gelu",
        title="GELU (Gaussian error linear unit)",
        family="smooth_gated",
        aliases=("gelu_exact", "gelu_erf", "gelu_python"),
        summary=(
            "GELU multiplies its input by the probability that a standard normal variable "
            "is smaller, x Phi(x): a smooth ReLU that dips to about -0.17 near x = -0.75. "
            "Exact or in its tanh approximation, it is the activation of BERT, GPT-2 and "
            "most transformers since; pick it for transformer feed-forward blocks, "
            "remembering that JAX's gelu is the tanh approximation unless told otherwise."
        ),
        forward=_gelu,
        derivative_fn=_gelu_derivative,
        expression=lambda sp, x: x / 2 * (1 + sp.erf(x / sp.sqrt(2))),
        forms=lambda sp, N, x: (x * N.Phi(x), N.Phi(x) + x * N.phi(x)),
        references=("hendrycks2016gelu",),
        frameworks=Frameworks(
            pytorch="torch.nn.GELU() (approximate='none')",
            tensorflow="tf.nn.gelu (approximate=False)",
            keras="keras.activations.gelu(x, approximate=False)",
            jax=(
                "jax.nn.gelu(x, approximate=False) "
                "(not the default: approximate=True is gelu_tanh)"
            ),
            mlx="mlx.nn.gelu",
            transformers='"gelu", "gelu_python"',
            notes=(
                "jax.nn.gelu defaults to approximate=True, the tanh form (gelu_tanh); "
                "PyTorch, Keras and tf.nn.gelu default to this exact form.",
                'transformers\' "gelu_10" is clip(gelu(x), -10, 10): this function up to '
                "x = 10 (GELU never falls below -0.17), then 10.",
            ),
        ),
    )
)

# -- GELU, tanh approximation -----------------------------------------------------------

# 2 sqrt(2/pi) and 2 sqrt(2/pi) * 0.044715 as unevaluated sums hi + lo (from mpmath): the
# constants themselves are then exact to 1e-32, not just to half an ulp.
_K1_HI, _K1_LO = 1.5957691216057308, -9.96930880911092e-17
_K3_HI, _K3_LO = 0.07135481627260025, -6.175149918155315e-19
_K3X3_HI, _K3X3_LO = 0.21406444881780073, 1.2025242832367862e-17
#: Beyond |x| = 1000 the gate is exactly 0 or 1 in float64 (it is already from |x| < 30).
_TANH_CLIP = 1000.0


class _Square:
    r"""``x`` clipped to :math:`\pm 1000` and :math:`x^2 = p + p_{err}` exactly, with
    both ``x`` and ``p`` split into halves, shared by the cubics of GELU-tanh."""

    def __init__(self, x: Array) -> None:
        self.x = np.clip(x, -_TANH_CLIP, _TANH_CLIP)  # NaN stays NaN
        self.x_hi, self.x_lo = halves(self.x)
        self.p = self.x * self.x
        # x^2 - p = (x_hi^2 - p) + x_lo (x_hi + x), the first term exact.
        self.p_err = self.x_hi * self.x_hi
        self.p_err -= self.p
        correction = self.x_hi + self.x
        correction *= self.x_lo
        self.p_err += correction
        self.p_hi, self.p_lo = halves(self.p)

    def odd_cubic(self, k1: tuple[float, float], k3: tuple[float, float]) -> tuple[Array, Array]:
        """``x (k1 + k3 x^2)`` as an unevaluated sum ``hi + lo`` (double-double
        arithmetic: exact square, exact products, exact sums; constants ``(hi, lo)``)."""
        x, p = self.x, self.p
        k3_hi, k3_low_half = halves(k3[0])
        k3_rest = k3_low_half + k3[1]  # low half of k3 plus the constant's own tail
        q = k3[0] * p
        # q_lo = k3 x^2 - q: Dekker's product error, then the terms of order 2^-53 q.
        q_lo = k3_hi * self.p_hi
        q_lo -= q
        term = np.multiply(self.p_lo, k3_hi)
        q_lo += term
        np.multiply(p, k3_rest, out=term)
        q_lo += term
        np.multiply(self.p_err, k3[0], out=term)
        q_lo += term
        # s = k1 + q exactly (Knuth's two-sum); s_err collects every error so far.
        s = q + k1[0]
        back = s - k1[0]
        np.subtract(s, back, out=term)
        np.subtract(k1[0], term, out=term)
        np.subtract(q, back, out=back)
        back += term
        back += q_lo
        back += k1[1]
        s_err = back
        # x s = hi + lo, Dekker again.
        hi = x * s
        s_hi, s_lo = halves(s)
        lo = np.multiply(s_hi, self.x_hi, out=q)
        lo -= hi
        np.multiply(s_hi, self.x_lo, out=term)
        lo += term
        np.multiply(s_lo, self.x_hi, out=term)
        lo += term
        np.multiply(s_lo, self.x_lo, out=term)
        lo += term
        s_err *= x
        lo += s_err
        return hi, lo


@blockwise
def _gelu_tanh(x: Array) -> Array:
    r"""GELU, tanh approximation: :math:`f(x) = \tfrac{x}{2}\bigl(1 + \tanh u\bigr)`,
    :math:`u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)`.

    :math:`1 + \tanh u` cancels for negative :math:`u`; the library uses the identity
    :math:`\tfrac12(1 + \tanh u) = \sigma(2u)` and evaluates the sigmoid through
    :math:`e = e^{-|2u|}`, as :math:`\max(e, \operatorname{sign} x)/(1 + e)` (see
    :func:`swish`), so :math:`f = x\,\sigma(2u)` keeps full relative precision in the
    left tail. The gate's relative error is :math:`|2u|` times that of :math:`u`, and
    :math:`|2u|` reaches 740 before the gate underflows, so :math:`2u` is computed in
    double-double arithmetic (:class:`_Square`) and its rounding error added back to
    first order, :math:`\sigma(t + \delta) \approx \sigma(t)(1 + \sigma(-t)\,\delta)`.
    :math:`x^3` overflows for :math:`|x| > 5.6 \times 10^{102}`, but the gate is exactly
    1 from :math:`x \approx 7.1` and the result rounds to 0 below
    :math:`x \approx -21.5`, so :math:`x` is clipped to :math:`\pm 1000` inside the
    gate: the result is :math:`x` on the right and :math:`-0` on the left,
    :math:`-\infty` included.

    >>> import activations
    >>> activations.gelu_tanh([-3.0, -0.75, 0.0, 1.0, 3.0])
    array([-0.00363739, -0.17003944,  0.        ,  0.84119199,  2.99636261])
    """
    t, t_lo = _Square(x).odd_cubic((_K1_HI, _K1_LO), (_K3_HI, _K3_LO))
    e = exp_minus_abs(t)
    gate = np.sign(t)
    np.maximum(gate, e, out=gate)  # 1 for t >= 0, e for t < 0
    # sigma(-t) = max(e, -sign t) / (1 + e): its numerator times the error of t.
    np.negative(t, out=t)
    np.sign(t, out=t)
    np.maximum(t, e, out=t)
    t_lo *= t
    e += 1.0
    gate /= e
    # gate (1 + delta) as gate + gate delta: 1 + delta would round delta to 2^-53.
    t_lo /= e
    t_lo *= gate
    gate += t_lo
    gate *= np.maximum(x, -_TANH_CLIP, out=t)  # -inf * 0 would be NaN
    return gate


@blockwise
def _gelu_tanh_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \sigma(t)\bigl(1 + x\,t'\,\sigma(-t)\bigr)`, :math:`t = 2u`,
    :math:`x\,t' = 2\sqrt{2/\pi}\,(x + 3 \cdot 0.044715\,x^3)`.

    For :math:`x < 0` the bracket cancels at the minimum :math:`x_0 = -0.75246\ldots`.
    As for :func:`swish`, with :math:`e = e^{-|t|}` and :math:`m = x t'`,

    .. math:: f'(x) = \frac{e\,(1 + m) + \max(e, \operatorname{sign} x)^2}{1 + e\,(2 + e)},

    that is :math:`e\,(1 + m + e)/(1 + e)^2` for :math:`x < 0` and
    :math:`(1 + e\,(1 + m))/(1 + e)^2` for :math:`x \ge 0`. :math:`t` and :math:`m` are
    computed in double-double arithmetic: near the minimum :math:`1 + m` is summed
    exactly (Sterbenz) and the rounding error of :math:`m` added back, and the error
    of :math:`t` is folded into :math:`e`; what the cancelling sum still loses, the
    rounding of :math:`e`, the condition number absorbs.
    """
    square = _Square(x)
    slope, slope_lo = square.odd_cubic((_K1_HI, _K1_LO), (_K3X3_HI, _K3X3_LO))
    t, t_lo = square.odd_cubic((_K1_HI, _K1_LO), (_K3_HI, _K3_LO))
    del square  # seven arrays fewer in the cache from here on
    e = exp_minus_abs(t)
    sign = np.sign(t, out=t)
    t_lo *= sign
    t_lo *= e
    e -= t_lo  # e^-|t + t_lo|, to first order
    slope += 1.0
    slope += slope_lo
    return _silu_slope(slope, e, sign)


def _gelu_tanh_expression(sp: Any, x: Any) -> Any:
    u = sp.sqrt(2 / sp.pi) * (x + sp.Rational(44715, 10**6) * x**3)
    return x / 2 * (1 + sp.tanh(u))


def _gelu_tanh_forms(sp: Any, N: Any, x: Any) -> tuple[Any, Any]:
    r""":math:`\tfrac{x}{2}(1 + \tanh u)` with :math:`u = \sqrt{2/\pi}\,(x + 0.044715 x^3)`,
    and its derivative :math:`\tfrac12(1 + \tanh u) + \tfrac{x}{2}(1 - \tanh^2 u)\,u'`.
    The constant is a 50-digit Float, so that it prints as 0.044715 (the exact
    rational would print as 8943/200000)."""
    c = sp.Float("0.044715", 50)
    root = sp.sqrt(2 / sp.pi)
    t = sp.tanh(root * (x + c * x**3))
    return x / 2 * (1 + t), (1 + t) / 2 + x / 2 * (1 - t**2) * root * (1 + 3 * c * x**2)


gelu_tanh = register(
    Elementwise(
        name="gelu_tanh",
        title="GELU (tanh approximation)",
        family="smooth_gated",
        aliases=(
            "gelu_new",
            "gelu_pytorch_tanh",
            "gelu_fast",
            "gelu_accurate",
            "gelu_python_tanh",
            "gelu_approximate",
            "approximate_gelu",
        ),
        summary=(
            "The tanh approximation replaces GELU's Gaussian CDF by "
            "(1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))/2, which differs from it by at most "
            "4.7e-4. It was the fast form in the original BERT and GPT-2 code and is still "
            "the default of jax.nn.gelu; use it only to reproduce models trained with it."
        ),
        forward=_gelu_tanh,
        derivative_fn=_gelu_tanh_derivative,
        expression=_gelu_tanh_expression,
        forms=_gelu_tanh_forms,
        references=("hendrycks2016gelu",),
        frameworks=Frameworks(
            pytorch="torch.nn.GELU(approximate='tanh')",
            tensorflow="tf.nn.gelu (approximate=True)",
            keras="keras.activations.gelu(x, approximate=True)",
            jax="jax.nn.gelu(x) (approximate=True is the default)",
            mlx="mlx.nn.gelu_approx",
            transformers=(
                '"gelu_new", "gelu_pytorch_tanh", "gelu_fast", "gelu_accurate", '
                '"gelu_python_tanh"'
            ),
            notes=(
                "JAX computes sqrt(2/pi) in the input's dtype; PyTorch and TensorFlow "
                "hard-code it, to float64 0.7978845608028654.",
                'transformers\' "gelu_fast" writes tanh(x * 0.7978845608 * (1 + 0.044715 '
                "x^2)): sqrt(2/pi) cut to ten decimals, 3.6e-12 relative, invisible in "
                'float32. "gelu_accurate" is, despite its name, this tanh form as well; '
                '"gelu_python_tanh" exists only in recent releases.',
            ),
        ),
    )
)

# -- SiLU and Swish ---------------------------------------------------------------------

#: |beta x| beyond which the gate is exactly 0 or 1 in float64.
_SWISH_CLIP = 800.0
_MAX = float(np.finfo(np.float64).max)


def _swish_input(x: Array, beta: float) -> tuple[Array, Array | None, float]:
    r"""``(z, z_lo, limit)``: :math:`z = \beta x` clipped to :math:`\pm 800`, where the
    gate is exactly 0 or 1, as a new array; ``z + z_lo`` is :math:`\beta` times the
    clipped ``x`` exactly (Dekker's product), or ``z_lo`` is ``None`` where the product
    is exact (:math:`\beta = 1`) or the split could overflow (absurd betas); ``limit``
    is the ``|x|`` from which the gate is exactly 0 or 1, capped at the largest float.
    NaN stays NaN."""
    limit = _SWISH_CLIP / beta  # a Python float: inf (no warning) for beta < 4.5e-306
    if limit > _MAX:
        # beta * x cannot overflow here (beta < 1), and +-inf clip to +-800.
        return np.clip(beta * x, -_SWISH_CLIP, _SWISH_CLIP), None, _MAX
    z = np.clip(x, -limit, limit)
    if beta == 1.0:
        return z, None, limit
    z_lo = product_error(beta, z) if 1e-100 < beta < 1e100 else None
    z *= beta
    return z, z_lo, limit


@blockwise
def _swish(x: Array, beta: float) -> Array:
    r"""Swish: :math:`f(x) = x\,\sigma(\beta x)`; SiLU is :math:`\beta = 1`.

    The sigmoid is evaluated through :math:`e = e^{-|\beta x|}` (no overflow): it is
    :math:`1/(1 + e)` for :math:`x \ge 0` and :math:`e/(1 + e)` for :math:`x < 0`, one
    division and no difference, and its numerator 1 or :math:`e` is
    :math:`\max(e, \operatorname{sign} x)`, without a branch. For :math:`\beta \ne 1`
    the rounding error of :math:`\beta x` is recovered exactly (Dekker's product) and
    added back to first order, :math:`\sigma(z + \delta) \approx \sigma(z)\,(1 +
    \sigma(-z)\,\delta)`. At :math:`x = -\infty` the result is :math:`-0`, not
    ``-inf * 0``.

    >>> import activations
    >>> activations.swish([-1.0, 0.0, 2.0], beta=2.0)
    array([-0.11920292,  0.        ,  1.96402758])
    """
    if beta == 0.0:
        return 0.5 * x
    z, z_lo, limit = _swish_input(x, beta)
    e = exp_minus_abs(z)
    gate = np.sign(z)
    np.maximum(gate, e, out=gate)  # 1 for z >= 0, e for z < 0
    if z_lo is not None:
        # sigma(-z) = max(e, -sign z) / (1 + e): its numerator times the error of z.
        np.negative(z, out=z)
        np.sign(z, out=z)
        np.maximum(z, e, out=z)
        z_lo *= z
    e += 1.0
    outer = np.maximum(x, -limit, out=z)  # -inf * 0 would be NaN
    if z_lo is None:
        gate *= outer  # x / (1 + e): one rounding for x >= 0
        gate /= e
        return gate
    gate /= e
    # gate (1 + delta) as gate + gate delta: 1 + delta would round delta to 2^-53.
    z_lo /= e
    z_lo *= gate
    gate += z_lo
    gate *= outer
    return gate


@blockwise
def _swish_derivative(x: Array, beta: float) -> Array:
    r""":math:`f'(x) = \sigma(z)\bigl(1 + z\,\sigma(-z)\bigr)`, :math:`z = \beta x`.

    For :math:`z < 0` the bracket cancels at the minimum (:math:`z = -1.27846\ldots`).
    With :math:`e = e^{-|z|}` both sigmoids have the denominator :math:`1 + e`, and

    .. math:: f'(x) = \frac{e\,(1 + z) + \max(e, \operatorname{sign} z)^2}{1 + e\,(2 + e)},

    which is :math:`e\,(1 + z + e)/(1 + e)^2` for :math:`z < 0` and
    :math:`(1 + e\,(1 + z))/(1 + e)^2` for :math:`z \ge 0`. Near the minimum
    :math:`1 + z` is exact (Sterbenz) and :math:`e` is within half an ulp, so the
    cancelling sum loses nothing the condition number does not allow; elsewhere all
    terms are positive, or :math:`|1 + z|` dwarfs :math:`e`. For :math:`\beta \ne 1`
    the rounding error of :math:`\beta x` is added to :math:`1 + z` and folded into
    :math:`e`.
    """
    if beta == 0.0:
        return nan_where_nan(x, np.full_like(x, 0.5))
    z, z_lo, _ = _swish_input(x, beta)
    e = exp_minus_abs(z)
    square = np.sign(z)
    if z_lo is not None:
        e -= e * square * z_lo  # e^-|z + z_lo|, to first order
    z += 1.0
    if z_lo is not None:
        z += z_lo
    return _silu_slope(z, e, square)


def _silu(x: Array) -> Array:
    r"""SiLU (sigmoid-weighted linear unit): :math:`f(x) = x\,\sigma(x) = \dfrac{x}{1 + e^{-x}}`.

    The sigmoid is evaluated through :math:`e^{-|x|}`, so nothing overflows, and
    :math:`f(-\infty) = -0` rather than ``-inf * 0``.

    >>> import activations
    >>> activations.silu([-2.0, 0.0, 2.0])
    array([-0.23840584,  0.        ,  1.76159416])
    """
    return _swish(x, 1.0)


def _silu_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \sigma(x)\bigl(1 + x\,\sigma(-x)\bigr)`; for :math:`x < 0` written as
    :math:`\sigma(x)\,\sigma(-x)\,(1 + x + e^{x})` so that the cancellation at the minimum
    :math:`x = -1 - W(1/e)` costs nothing (see :func:`swish`)."""
    return _swish_derivative(x, 1.0)


silu = register(
    Elementwise(
        name="silu",
        title="SiLU (sigmoid-weighted linear unit)",
        family="smooth_gated",
        aliases=("swish1", "swish_1", "sil"),
        summary=(
            "SiLU multiplies its input by its own sigmoid, x sigma(x). Named in the GELU "
            "paper, used for reinforcement learning by Elfwing et al. and rediscovered by "
            "automated search as Swish, it is the activation of EfficientNet and, inside "
            "SwiGLU, of LLaMA-style transformers. Its minimum is -W(1/e) = -0.2785."
        ),
        forward=_silu,
        derivative_fn=_silu_derivative,
        expression=lambda sp, x: x / (1 + sp.exp(-x)),
        forms=lambda sp, N, x: (x * N.sigma(x), N.sigma(x) * (1 + x * (1 - N.sigma(x)))),
        references=("hendrycks2016gelu", "elfwing2018silu", "ramachandran2017searching"),
        frameworks=Frameworks(
            pytorch="torch.nn.SiLU()",
            tensorflow="tf.nn.silu (beta=1.0; alias tf.nn.swish)",
            keras="keras.activations.silu (alias keras.activations.swish)",
            jax="jax.nn.silu (alias jax.nn.swish)",
            mlx="mlx.nn.silu",
            transformers='"silu", "swish"',
            notes=("Keras and JAX call this function swish as well; both fix beta = 1.",),
        ),
    )
)

swish = register(
    Elementwise(
        name="swish",
        title="Swish (with β)",
        family="smooth_gated",
        aliases=("swish_beta",),
        summary=(
            "Swish is x sigma(beta x): beta = 1 gives SiLU, beta = 0 the linear x/2, and a "
            "large beta approaches ReLU, so it interpolates between a linear unit and a "
            "rectifier. Ramachandran et al. found it by automated search and also trained "
            "beta per channel; in practice beta is almost always fixed at 1."
        ),
        forward=_swish,
        derivative_fn=_swish_derivative,
        expression=lambda sp, x, beta: x / (1 + sp.exp(-beta * x)),
        forms=lambda sp, N, x, beta: (
            x * N.sigma(beta * x),
            N.sigma(beta * x) * (1 + beta * x * (1 - N.sigma(beta * x))),
        ),
        parameters=(nonnegative("beta", 1.0, "sharpness of the sigmoid gate", symbol="beta"),),
        references=("ramachandran2017searching",),
        frameworks=Frameworks(
            tensorflow="tf.nn.silu (features, beta=1.0; alias tf.nn.swish)",
            notes=(
                "Only TensorFlow exposes beta: tf.nn.silu(features, beta=1.0) "
                "(alias tf.nn.swish).",
                "torch.nn.SiLU, keras.activations.swish and jax.nn.swish are this "
                "function with beta fixed at 1 (see silu).",
            ),
        ),
    )
)

# -- hard swish ---------------------------------------------------------------------------


def _hard_swish(x: Array) -> Array:
    r"""Hard swish: :math:`f(x) = x\,\dfrac{\mathrm{ReLU6}(x + 3)}{6}`.

    The gate :math:`\min(\max(x + 3, 0), 6)/6` is computed first so that :math:`6x`
    never overflows (the gate is exactly 1 from :math:`x = 3`); :math:`x + 3` is exact
    near :math:`x = -3`, where the result is small.

    >>> import activations
    >>> activations.hard_swish([-4.0, -1.5, 0.0, 1.5, 4.0])
    array([-0.   , -0.375,  0.   ,  1.125,  4.   ])
    """
    gate = np.clip(x + 3.0, 0.0, 6.0) / 6.0
    return np.maximum(x, -4.0) * gate  # -inf * 0 would be NaN


def _hard_swish_derivative(x: Array) -> Array:
    r""":math:`0` for :math:`x < -3`, :math:`(2x + 3)/6` for :math:`-3 \le x \le 3`,
    :math:`1` for :math:`x > 3`.

    At the two kinks the library takes the middle piece's value: :math:`-1/2` at
    :math:`x = -3` (the one-sided limits are 0 and -1/2) and :math:`3/2` at :math:`x = 3`
    (one-sided limits 3/2 and 1), as PyTorch's ``hardswish_backward`` did until 2025.
    PyTorch 2.13, like JAX, Keras, MLX and transformers, now takes the outer pieces, 0 and
    1 (measured in ``data/frameworks.json``; the hard swish chapter shows both).
    """
    middle = (2.0 * np.clip(x, -3.0, 3.0) + 3.0) / 6.0
    out = np.where(x < -3.0, 0.0, np.where(x > 3.0, 1.0, middle))
    return nan_where_nan(x, out)


hard_swish = register(
    Elementwise(
        name="hard_swish",
        title="Hard swish",
        family="smooth_gated",
        aliases=("hardswish", "h_swish", "hard_silu"),
        summary=(
            "Hard swish replaces the sigmoid gate of SiLU by the hard sigmoid ReLU6(x + 3)/6, "
            "so it needs no exponential: zero below -3, the identity above 3 and a parabola "
            "in between, with minimum -0.375 at x = -1.5. MobileNetV3 introduced it for "
            "mobile and quantised networks, where it is still the usual choice."
        ),
        forward=_hard_swish,
        derivative_fn=_hard_swish_derivative,
        expression=lambda sp, x: x * sp.Max(0, sp.Min(6, x + 3)) / 6,
        forms=lambda sp, N, x: (
            x * sp.Min(sp.Max(0, x + 3), 6) / 6,
            # The middle piece at both kinks: -1/2 at -3 and 3/2 at 3.
            sp.Piecewise((0, x < -3), ((2 * x + 3) / 6, x <= 3), (1, True)),
        ),
        references=("howard2019mobilenetv3",),
        frameworks=Frameworks(
            pytorch="torch.nn.Hardswish()",
            keras="keras.activations.hard_silu (alias keras.activations.hard_swish)",
            jax="jax.nn.hard_silu (alias jax.nn.hard_swish)",
            mlx="mlx.nn.hardswish",
            transformers='"hardswish" (recent releases only)',
            notes=(
                "Keras 2's hard sigmoid had slope 0.2, so a hard swish built from it "
                "differs from this one.",
                "At x = -3 and 3 the JAX, Keras and MLX gradients are 0 and 1 (the outer "
                "pieces); PyTorch and this library take the middle piece's -1/2 and 3/2.",
            ),
        ),
    )
)

# -- Mish -----------------------------------------------------------------------------------


def _mish_gate(x: Array) -> Array:
    r""":math:`\tanh(\operatorname{softplus} x)` without tanh or log.

    With :math:`n = e^{x}(e^{x} + 2) = (1 + e^x)^2 - 1` the gate is :math:`n/(n + 2)`;
    for :math:`x > 0` it is rewritten in :math:`\varepsilon = e^{-x}` as
    :math:`(1 + 2\varepsilon)/(1 + 2\varepsilon + 2\varepsilon^2)`. Every term is
    positive, so neither form cancels, and neither exponential can overflow.
    """
    e = exp_minus_abs(x)
    n = e * (e + 2.0)
    right = (1.0 + 2.0 * e) / ((1.0 + 2.0 * e) + 2.0 * (e * e))
    return np.where(x > 0, right, n / (n + 2.0))


def _mish(x: Array) -> Array:
    r"""Mish: :math:`f(x) = x\,\tanh\bigl(\operatorname{softplus}(x)\bigr)
    = x\,\tanh\bigl(\ln(1 + e^{x})\bigr)`.

    The gate is the rational function :math:`\dfrac{(1+e^x)^2 - 1}{(1+e^x)^2 + 1}` of
    :math:`e^{x}`, evaluated in :math:`e^{-|x|}` so that it keeps full relative precision
    in the left tail (where it is about :math:`e^{x}`) and never overflows on the right.

    >>> import activations
    >>> activations.mish([-2.0, 0.0, 2.0])
    array([-0.25250148,  0.        ,  1.94395896])
    """
    return np.maximum(x, -800.0) * _mish_gate(x)  # -inf * 0 would be NaN


def _mish_derivative(x: Array) -> Array:
    r""":math:`f'(x) = g(x) + x\,g'(x)` with :math:`g = \tanh\circ\operatorname{softplus}`.

    For :math:`x \le 0`, with :math:`e = e^{x}` and :math:`n = e(e + 2)`, the numerator
    of :math:`f'` is expanded and collected in powers of :math:`e`:

    .. math:: f'(x) = \frac{e\,\bigl(4(1 + x) + e\,(6 + 4x + e\,(4 + e))\bigr)}
                           {4 + e\,(8 + e\,(8 + e\,(4 + e)))}.

    Near the minimum (:math:`x = -1.19\ldots`) the terms :math:`4(1 + x)` and
    :math:`6 + 4x` are computed exactly, so the unavoidable cancellation adds only a few
    rounding errors. For :math:`x > 0`, in :math:`\varepsilon = e^{-x}`,
    :math:`f' = g + x \cdot 4\varepsilon^2(1 + \varepsilon)/(1 + 2\varepsilon + 2\varepsilon^2)^2`,
    a sum of positive terms.
    """
    safe = np.clip(np.where(np.isnan(x), 0.0, x), -800.0, 800.0)
    e = exp_minus_abs(safe)
    numerator = 4.0 * (1.0 + safe) + e * ((6.0 + 4.0 * safe) + e * (4.0 + e))
    # (n + 2)^2 = (e^2 + 2e + 2)^2, expanded: positive coefficients, Horner in e.
    left = e * numerator / (4.0 + e * (8.0 + e * (8.0 + e * (4.0 + e))))
    denominator = (1.0 + 2.0 * e) + 2.0 * (e * e)
    gate = (1.0 + 2.0 * e) / denominator
    right = gate + safe * (4.0 * (e * e) * (1.0 + e)) / (denominator * denominator)
    out = np.where(safe > 0, right, left)
    return nan_where_nan(x, out)


mish = register(
    Elementwise(
        name="mish",
        title="Mish",
        family="smooth_gated",
        summary=(
            "Mish gates its input by tanh(softplus(x)): like SiLU it is smooth, unbounded "
            "above and dips below zero, to -0.3088 near x = -1.19, but its gate approaches 1 "
            "faster. It was popular in YOLOv4-era object detectors; it costs more than SiLU "
            "for similar accuracy, so SiLU or GELU is the usual default today."
        ),
        forward=_mish,
        derivative_fn=_mish_derivative,
        expression=lambda sp, x: x * sp.tanh(sp.log(1 + sp.exp(x))),
        forms=lambda sp, N, x: (
            x * sp.tanh(N.softplus(x)),
            sp.tanh(N.softplus(x)) + x * N.sigma(x) * (1 - sp.tanh(N.softplus(x)) ** 2),
        ),
        references=("misra2020mish",),
        frameworks=Frameworks(
            pytorch="torch.nn.Mish()",
            keras="keras.activations.mish",
            jax="jax.nn.mish",
            mlx="mlx.nn.mish",
            transformers='"mish"',
        ),
    )
)

# -- QuickGELU ----------------------------------------------------------------------------

#: The sigmoid's slope in QuickGELU: 1.702 as written in CLIP's code; the NumPy code
#: uses the nearest double, as the frameworks do.
QUICK_GELU_SLOPE = 1.702


def _quick_gelu(x: Array) -> Array:
    r"""QuickGELU: :math:`f(x) = x\,\sigma(1.702\,x)`, the sigmoid approximation of GELU
    from Hendrycks and Gimpel (2016) that CLIP uses.

    It is :func:`swish` with :math:`\beta = 1.702`, computed the same way: no overflow,
    and the rounding error of :math:`1.702\,x` put back.

    >>> import activations
    >>> activations.quick_gelu([-1.0, 0.0, 1.0])
    array([-0.15420423,  0.        ,  0.84579577])
    """
    return _swish(x, QUICK_GELU_SLOPE)


def _quick_gelu_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \sigma(z)\bigl(1 + z\,\sigma(-z)\bigr)` with :math:`z = 1.702\,x`
    (see :func:`swish`)."""
    return _swish_derivative(x, QUICK_GELU_SLOPE)


def _quick_gelu_forms(sp: Any, N: Any, x: Any) -> tuple[Any, Any]:
    c = N.constant("1.702", sp.Rational("1.702"))
    return x * N.sigma(c * x), N.sigma(c * x) * (1 + c * x * (1 - N.sigma(c * x)))


quick_gelu = register(
    Elementwise(
        name="quick_gelu",
        title="QuickGELU",
        family="smooth_gated",
        aliases=("gelu_quick", "quickgelu"),
        summary=(
            "QuickGELU replaces GELU's Gaussian CDF by a sigmoid, x sigma(1.702 x): the "
            "sigmoid approximation proposed with GELU, and the activation of OpenAI's CLIP "
            "models, whose \"quick_gelu\" configs need it to reproduce their weights. It is "
            "Swish with beta = 1.702, and differs from exact GELU by up to about 0.02."
        ),
        forward=_quick_gelu,
        derivative_fn=_quick_gelu_derivative,
        # The decimal 1.702 (851/500), as the library's SymPy reads every parameter; the
        # NumPy code uses the nearest double, 2.5e-17 below it.
        expression=lambda sp, x: x / (1 + sp.exp(-sp.Rational("1.702") * x)),
        forms=_quick_gelu_forms,
        references=("hendrycks2016gelu", "radford2021clip"),
        frameworks=Frameworks(
            mlx="mlx.nn.gelu_fast_approx",
            transformers='"quick_gelu"',
            notes=(
                "PyTorch, TensorFlow, Keras and JAX have no QuickGELU: write "
                "x * sigmoid(1.702 * x). MLX's gelu_approx is not this one: in MLX 0.32 it is "
                "the tanh form (gelu_tanh), in some older releases the sigmoid fit "
                "x sigma(1.60033 x (1 + 0.0433603 x^2)).",
            ),
        ),
    )
)

# -- LiSHT --------------------------------------------------------------------------------


def _lisht(x: Array) -> Array:
    r"""LiSHT: :math:`f(x) = x \tanh x`, even and non-negative, growing like :math:`|x|`.

    One rounding after ``tanh``; :math:`\pm\infty` give :math:`+\infty`.

    >>> import activations
    >>> activations.lisht([-2.0, 0.0, 1.0])
    array([1.92805516, 0.        , 0.76159416])
    """
    return x * np.tanh(x)


def _lisht_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \tanh x + x\,\operatorname{sech}^2 x`: both terms have the sign
    of :math:`x`, so nothing cancels; :math:`\operatorname{sech}^2` is taken from
    :math:`e^{-2|x|}` (``1 - tanh**2`` would be 0 from :math:`|x| = 19` on), and ``x`` is
    clipped where the product is 0 anyway, so :math:`\pm\infty \cdot 0` never occurs."""
    clipped = np.clip(x, -800.0, 800.0)
    return np.tanh(x) + clipped * sech_squared(clipped)


lisht = register(
    Elementwise(
        name="lisht",
        title="LiSHT (linearly scaled hyperbolic tangent)",
        family="smooth_gated",
        aliases=("linearly_scaled_tanh",),
        summary=(
            "LiSHT multiplies the input by its tanh, x tanh(x): an even function, zero at "
            "0 and growing like |x| on both sides, so negative inputs give positive "
            "outputs. Its paper reports gains over ReLU on small benchmarks; it has no "
            "evidence beyond that paper, and no major framework ships it."
        ),
        forward=_lisht,
        derivative_fn=_lisht_derivative,
        expression=lambda sp, x: x * sp.tanh(x),
        forms=lambda sp, N, x: (x * sp.tanh(x), sp.tanh(x) + x * (1 - sp.tanh(x) ** 2)),
        references=("roy2019lisht",),
        frameworks=Frameworks(
            notes=(
                "None of the six frameworks ships it; TensorFlow Addons had "
                "tfa.activations.lisht before it reached end of life.",
            ),
        ),
    )
)

# -- hard Mish ----------------------------------------------------------------------------


def _hard_mish(x: Array) -> Array:
    r"""Hard Mish (timm): :math:`f(x) = \tfrac12\,x\,\operatorname{clip}(x + 2, 0, 2)`:
    0 for :math:`x \le -2`, :math:`x(x + 2)/2` on :math:`(-2, 0)`, :math:`x` from 0 on.

    Exact outside :math:`(-2, 0)`; inside, :math:`x + 2` is exact for
    :math:`x \le -1` (Sterbenz), and one more rounding forms the product.

    >>> import activations
    >>> activations.hard_mish([-3.0, -1.0, 0.5])
    array([-0. , -0.5,  0.5])
    """
    inner = np.maximum(x, -3.0)  # -inf * 0 would be NaN
    gate = np.clip(inner + 2.0, 0.0, 2.0)
    gate *= 0.5
    gate *= inner
    return np.where(x >= 0.0, x, gate)


def _hard_mish_derivative(x: Array) -> Array:
    r""":math:`f'(x) = 0` for :math:`x < -2`, :math:`x + 1` for :math:`-2 \le x < 0`,
    1 from 0 on. At :math:`x = -2` this is :math:`-1`, the value timm's backward (and
    PyTorch's autograd through ``clamp``, which passes gradient at its bounds) gives;
    at 0 both sides agree."""
    slope = np.where(x >= -2.0, x + 1.0, 0.0)
    return nan_where_nan(x, np.minimum(slope, 1.0, out=slope))


hard_mish = register(
    Elementwise(
        name="hard_mish",
        title="Hard Mish",
        family="smooth_gated",
        aliases=("hardmish",),
        summary=(
            "Hard Mish is a piecewise-quadratic stand-in for Mish, as hard swish is for "
            "SiLU: zero below -2, x(x + 2)/2 between -2 and 0, and x above. It needs no "
            "exponential. It comes from the timm library, with no paper behind it, and its "
            "derivative jumps at -2."
        ),
        forward=_hard_mish,
        derivative_fn=_hard_mish_derivative,
        expression=lambda sp, x: x * sp.Min(sp.Max(x + 2, 0), 2) / 2,
        forms=lambda sp, N, x: (
            sp.Piecewise((0, x <= -2), (x * (x + 2) / 2, x < 0), (x, True)),
            sp.Piecewise((0, x < -2), (x + 1, x < 0), (1, True)),
        ),
        references=("wightman2019timm",),
        frameworks=Frameworks(
            notes=("None of the six frameworks ships it; timm defines hard_mish and HardMish.",),
        ),
    )
)

# -- derivatives that cancel near a minimum: polynomial tables --------------------------

#: Where the derivatives of Smish, SERF, TanhExp and ELiSH cancel (left of their
#: minima), they come from tables of polynomials (:func:`.stable.from_table`), 12 terms
#: per 1/8. (ELiSH's f'' jumps at 0: its table interpolates the left branch alone.)
_CANCEL_LOW, _CANCEL_HIGH, _TERMS = -6, 0, 12


def _mp_smish_slope(x: Any) -> Any:
    import mpmath

    s = 1 / (1 + mpmath.exp(-x))
    g = mpmath.tanh(mpmath.log1p(s))
    return g + x * (1 - g * g) * s * (1 - s) / (1 + s)


def _mp_serf_slope(x: Any) -> Any:
    import mpmath

    p = mpmath.log1p(mpmath.exp(x))
    return mpmath.erf(p) + x * 2 / mpmath.sqrt(mpmath.pi) * mpmath.exp(-p * p) / (
        1 + mpmath.exp(-x)
    )


def _mp_tanh_exp_slope(x: Any) -> Any:
    import mpmath

    e = mpmath.exp(x)
    return mpmath.tanh(e) + x * e * mpmath.sech(e) ** 2


def _mp_elish_slope(x: Any) -> Any:
    """The left branch's slope, continued past 0: the table is used only left of 0."""
    import mpmath

    e = mpmath.exp(x)
    return e * (e * e + 2 * e - 1) / (1 + e) ** 2


TABLE_FUNCTIONS.update(
    {
        "smish'": _mp_smish_slope,
        "serf'": _mp_serf_slope,
        "tanh_exp'": _mp_tanh_exp_slope,
        "elish'": _mp_elish_slope,
    }
)

# -- TanhExp ------------------------------------------------------------------------------


def _tanh_exp(x: Array) -> Array:
    r"""TanhExp: :math:`f(x) = x \tanh(e^{x})`.

    From :math:`x = 4` on, :math:`\tanh(e^{x})` is 1 to double precision, so the
    exponent is clipped there (no overflow); on the left it is clipped at -800, where
    the gate is 0, so :math:`-\infty` gives :math:`-0` rather than ``-inf * 0``.

    >>> import activations
    >>> activations.tanh_exp([-1.0, 0.0, 1.0])
    array([-0.35213549,  0.        ,  0.99132892])
    """
    clipped = np.clip(x, -800.0, 4.0)
    gate = np.tanh(np.exp(clipped))
    return np.maximum(x, -800.0) * gate


def _tanh_exp_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \tanh(e^{x}) + x\,e^{x}\operatorname{sech}^2(e^{x})`; the second
    term is 0 in double precision beyond :math:`x = 7`, so ``x`` is clipped to
    :math:`[-800, 40]` in it."""
    clipped = np.clip(x, -800.0, 40.0)
    e = np.exp(clipped)
    out = np.tanh(e) + clipped * e * sech_squared(e)
    # Left of the minimum the two terms cancel: there, the table.
    return patch_from_table(x, out, "tanh_exp'", _CANCEL_LOW, _CANCEL_HIGH, _TERMS)


tanh_exp = register(
    Elementwise(
        name="tanh_exp",
        title="TanhExp",
        family="smooth_gated",
        aliases=("tanhexp", "telu"),
        summary=(
            "TanhExp gates the input by tanh(e^x): close to the identity for positive "
            "inputs, with a small negative dip and a tail that decays like x e^x. Its "
            "paper proposes it for lightweight image networks and reports faster "
            "convergence; no major framework ships it, and there is little evidence "
            "beyond the paper."
        ),
        forward=_tanh_exp,
        derivative_fn=_tanh_exp_derivative,
        expression=lambda sp, x: x * sp.tanh(sp.exp(x)),
        forms=lambda sp, N, x: (
            x * sp.tanh(sp.exp(x)),
            sp.tanh(sp.exp(x)) + x * sp.exp(x) * (1 - sp.tanh(sp.exp(x)) ** 2),
        ),
        references=("liu2020tanhexp",),
        frameworks=Frameworks(notes=("None of the six frameworks ships it.",)),
    )
)

# -- Smish --------------------------------------------------------------------------------


def _smish_gate(s: Array) -> Array:
    r""":math:`\tanh(\ln(1 + s)) = s(2 + s)/(s^2 + 2s + 2)` for :math:`s = \sigma(x)`:
    with :math:`y = 1 + s`, :math:`\tanh \ln y = (y^2 - 1)/(y^2 + 1)`. All terms are
    positive, so no tanh, no log and no cancellation."""
    return s * (2.0 + s) / (s * (s + 2.0) + 2.0)


def _smish(x: Array) -> Array:
    r"""Smish: :math:`f(x) = x \tanh\bigl(\ln(1 + \sigma(x))\bigr)`, computed as
    :math:`x\,s(2 + s)/(s^2 + 2s + 2)` with :math:`s = \sigma(x)` (see the gate's
    rational form above).

    >>> import activations
    >>> activations.smish([-1.0, 0.0, 1.0])
    array([-0.23377881,  0.        ,  0.49957011])
    """
    s, _ = sigmoid_pair(x)
    return np.maximum(x, -800.0) * _smish_gate(s)  # -inf * 0 would be NaN


def _smish_derivative(x: Array) -> Array:
    r""":math:`f'(x) = g + x\,\dfrac{4(1 + s)\,s(1 - s)}{(s^2 + 2s + 2)^2}`, with
    :math:`g` the gate, :math:`s = \sigma(x)` and :math:`1 - s = \sigma(-x)` taken
    separately (no cancellation)."""
    s, rest = sigmoid_pair(x)
    denominator = s * (s + 2.0) + 2.0
    clipped = np.clip(x, -800.0, 800.0)
    slope = 4.0 * (1.0 + s) * s * rest / (denominator * denominator)
    out = _smish_gate(s) + clipped * slope
    # Left of the minimum the two terms cancel: there, the table.
    return patch_from_table(x, out, "smish'", _CANCEL_LOW, _CANCEL_HIGH, _TERMS)


smish = register(
    Elementwise(
        name="smish",
        title="Smish",
        family="smooth_gated",
        aliases=(),
        summary=(
            "Smish gates the input by tanh(ln(1 + sigma(x))), a Mish-like gate built on "
            "the sigmoid instead of softplus. The gate saturates at 3/5 rather than 1, "
            "so for large inputs Smish is 0.6 x, not x. One paper supports it, with "
            "small-benchmark results; no major framework ships it."
        ),
        forward=_smish,
        derivative_fn=_smish_derivative,
        expression=lambda sp, x: x * sp.tanh(sp.log(1 + 1 / (1 + sp.exp(-x)))),
        forms=lambda sp, N, x: (
            x * sp.tanh(sp.log(1 + N.sigma(x))),
            sp.tanh(sp.log(1 + N.sigma(x)))
            + x * (1 - sp.tanh(sp.log(1 + N.sigma(x))) ** 2)
            * N.sigma(x) * (1 - N.sigma(x)) / (1 + N.sigma(x)),
        ),
        references=("wang2022smish",),
        frameworks=Frameworks(notes=("None of the six frameworks ships it.",)),
    )
)

# -- SERF ---------------------------------------------------------------------------------


def _serf(x: Array) -> Array:
    r"""SERF: :math:`f(x) = x \operatorname{erf}\bigl(\ln(1 + e^{x})\bigr)
    = x \operatorname{erf}(\operatorname{softplus} x)`.

    Softplus is taken without overflow or cancellation, and ``scipy.special.erf`` is
    accurate to full relative precision for small arguments, which is where the left
    tail lives; ``x`` is clipped at -800, where the gate is 0.

    >>> import activations
    >>> activations.serf([-1.0, 0.0, 1.0])
    array([-0.34224796,  0.        ,  0.93672192])
    """
    from scipy.special import erf

    return np.maximum(x, -800.0) * erf(softplus(x))


def _serf_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \operatorname{erf}(p) + x\,\tfrac{2}{\sqrt\pi}\,e^{-p^2}\,\sigma(x)`
    with :math:`p = \operatorname{softplus} x`; ``x`` is clipped to :math:`\pm 800` in
    the second term, which is 0 there."""
    from scipy.special import erf

    p = softplus(x)
    s, _ = sigmoid_pair(x)
    clipped = np.clip(x, -800.0, 800.0)
    with np.errstate(over="ignore"):  # p * p of a huge x: exp(-inf) is the right 0
        gauss = np.exp(-(p * p))
    out = erf(p) + clipped * (2.0 / np.sqrt(np.pi)) * gauss * s
    # Left of the minimum the two terms cancel: there, the table.
    return patch_from_table(x, out, "serf'", _CANCEL_LOW, _CANCEL_HIGH, _TERMS)


serf = register(
    Elementwise(
        name="serf",
        title="SERF",
        family="smooth_gated",
        aliases=("log_softplus_erf",),
        summary=(
            "SERF gates the input by erf(softplus(x)), a Mish-like gate with the error "
            "function in place of tanh. It is smooth, dips slightly below zero and grows "
            "like x. Its paper reports small gains over Mish and GELU; beyond that paper "
            "there is little evidence, and only the e3x library ships it."
        ),
        forward=_serf,
        derivative_fn=_serf_derivative,
        expression=lambda sp, x: x * sp.erf(sp.log(1 + sp.exp(x))),
        forms=lambda sp, N, x: (
            x * sp.erf(N.softplus(x)),
            sp.erf(N.softplus(x))
            + x * 2 / sp.sqrt(sp.pi) * sp.exp(-N.softplus(x) ** 2) * N.sigma(x),
        ),
        references=("nag2023serf",),
        frameworks=Frameworks(
            notes=("None of the six frameworks ships it; e3x has nn.activations.serf.",),
        ),
    )
)

# -- ELiSH --------------------------------------------------------------------------------


def _elish(x: Array) -> Array:
    r"""ELiSH: :math:`f(x) = x\,\sigma(x)` (SiLU) for :math:`x \ge 0` and
    :math:`(e^{x} - 1)\,\sigma(x)` for :math:`x < 0`, with ``expm1`` for
    :math:`e^x - 1`.

    >>> import activations
    >>> activations.elish([-1.0, 0.0, 1.0])
    array([-0.1700034 ,  0.        ,  0.73105858])
    """
    s, _ = sigmoid_pair(x)
    left = np.expm1(np.minimum(x, 0.0)) * s
    return np.where(x >= 0.0, _swish(x, 1.0), left)


def _elish_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \dfrac{e\,(e^2 + 2e - 1)}{(1 + e)^2}` for :math:`x < 0`, with
    :math:`e = e^{x}`, and SiLU's derivative for :math:`x \ge 0`. Both sides give 1/2
    at 0, so ELiSH is :math:`C^1`; the left formula vanishes at
    :math:`e = \sqrt2 - 1`, that is :math:`x = \ln(\sqrt2 - 1) = -\operatorname{asinh} 1`,
    where ELiSH has its minimum."""
    e = np.exp(np.minimum(x, 0.0))
    one_plus = 1.0 + e
    left = e * (e * (e + 2.0) - 1.0) / (one_plus * one_plus)
    out = np.where(x >= 0.0, _swish_derivative(x, 1.0), left)
    # e^2 + 2e - 1 cancels at the minimum: there, the table.
    return patch_from_table(x, out, "elish'", _CANCEL_LOW, _CANCEL_HIGH, _TERMS)


elish = register(
    Elementwise(
        name="elish",
        title="ELiSH (exponential linear sigmoid squashing)",
        family="smooth_gated",
        aliases=(),
        summary=(
            "ELiSH is SiLU for positive inputs and (e^x - 1) sigma(x), an ELU-shaped "
            "branch gated by the sigmoid, for negative ones: ELU times the sigmoid. Its "
            "paper proposes it beside a genetic search over activation functions; the two "
            "branches meet with the same slope, 1/2, at 0. No major framework ships it."
        ),
        forward=_elish,
        derivative_fn=_elish_derivative,
        expression=lambda sp, x: sp.Piecewise(
            (x / (1 + sp.exp(-x)), x >= 0), ((sp.exp(x) - 1) / (1 + sp.exp(-x)), True)
        ),
        forms=lambda sp, N, x: (
            sp.Piecewise((x * N.sigma(x), x >= 0), ((sp.exp(x) - 1) * N.sigma(x), True)),
            sp.Piecewise(
                (N.sigma(x) * (1 + x * (1 - N.sigma(x))), x >= 0),
                (
                    sp.exp(x) * N.sigma(x)
                    + (sp.exp(x) - 1) * N.sigma(x) * (1 - N.sigma(x)),
                    True,
                ),
            ),
        ),
        references=("basirat2018quest",),
        frameworks=Frameworks(notes=("None of the six frameworks ships it.",)),
    )
)

__all__ = [
    "elish",
    "gelu",
    "gelu_tanh",
    "hard_mish",
    "hard_swish",
    "lisht",
    "mish",
    "quick_gelu",
    "serf",
    "silu",
    "smish",
    "swish",
    "tanh_exp",
]
