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

from .._core import Array, Elementwise, Frameworks, register
from .._params import nonnegative
from .._stable import product_error, sigmoid_pair, square_error

# -- GELU ---------------------------------------------------------------------------------
#
# For s = |x| both GELU and its derivative are products of E(s) = exp(-s^2/2) and a
# slowly varying function:
#     Q(s) = exp(s^2/2) Phi(-s)               (Mills ratio over sqrt(2 pi))
#     H(s) = Q(s) - s / sqrt(2 pi)            (its root s0 is where GELU has its minimum)
# Q obeys Q' = s Q - 1/sqrt(2 pi), so its Taylor coefficients about any centre follow
# from Q(centre) by a recurrence. Both are tabulated as Taylor polynomials on pieces of
# width 1/2, one of them centred on s0 itself, and continued by Laplace's continued
# fraction for the Mills ratio beyond s = 4.5.

_GAUSS_PIECES = 9  # centres s0 - 1/2, s0, s0 + 1/2, ..., s0 + 7/2
_GAUSS_TERMS = 18  # truncation error below 1e-3 ulp on |s - centre| <= 0.252
_GAUSS_CF_TERMS = 40  # Laplace's fraction converges to < 1 ulp from s = 4 on
_GAUSS_CLIP = 40.0  # exp(-s^2/2) is 0 in float64 from s = 38.6 on
_INV_SQRT_2PI = 0.3989422804014327


@functools.cache
def _gauss_tables() -> tuple[float, Array, Array, Array]:
    r"""Taylor tables for :math:`Q` and :math:`H`, computed once with mpmath at 40 digits.

    Returns ``(lower, centres, q_table, h_table)``: piece ``k`` covers
    ``[lower + k/2, lower + (k + 1)/2)``; row ``k`` of a table holds the coefficients of
    :math:`(s - c_k)^0, (s - c_k)^1, \dots` about the float centre :math:`c_k`.
    """
    import mpmath

    with mpmath.workdps(40):
        c = 1 / mpmath.sqrt(2 * mpmath.pi)

        def q_at(s: mpmath.mpf) -> mpmath.mpf:
            return mpmath.exp(s * s / 2) * mpmath.ncdf(-s)

        root = mpmath.findroot(lambda s: q_at(s) - c * s, mpmath.mpf("0.75"))
        centres, q_rows, h_rows = [], [], []
        for k in range(-1, _GAUSS_PIECES - 1):
            centre = float(root + mpmath.mpf(k) / 2)
            a = mpmath.mpf(centre)
            q = [q_at(a), a * q_at(a) - c]
            for j in range(1, _GAUSS_TERMS - 1):
                q.append((a * q[j] + q[j - 1]) / (j + 1))
            h = [q[0] - c * a, q[1] - c, *q[2:]]
            centres.append(centre)
            q_rows.append([float(v) for v in q])
            h_rows.append([float(v) for v in h])
        lower = float(root) - 0.75
    return lower, np.array(centres), np.array(q_rows), np.array(h_rows)


def _gauss_factor(s: Array, which: str) -> Array:
    r""":math:`Q(s)` (``which="q"``) or :math:`H(s)` (``which="h"``) for NaN-free
    :math:`0 \le s \le 40`: the Taylor tables below 4.5, the continued fraction above."""
    lower, centres, q_table, h_table = _gauss_tables()
    table = q_table if which == "q" else h_table
    out = np.empty_like(s)
    index = np.clip(np.floor((s - lower) / 0.5), 0, len(centres))
    for k, centre in enumerate(centres):
        piece = index == k
        d = s[piece] - centre
        result = np.full_like(d, table[k, -1])
        for c in table[k, -2::-1]:
            result = result * d + c
        out[piece] = result
    far_away = index == len(centres)  # s >= 4.5
    far = s[far_away]
    mills = _mills_cf(far)
    out[far_away] = _INV_SQRT_2PI * (mills if which == "q" else mills - far)
    return out


def _mills_cf(s: Array) -> Array:
    r"""The reciprocal of Laplace's continued fraction ``s + 1/(s + 2/(s + 3/(s + ...)))``,
    which is the Mills ratio :math:`\Phi(-s)/\varphi(s)` (used for :math:`s \ge 4.5`)."""
    t = s.copy()
    for k in range(_GAUSS_CF_TERMS, 0, -1):
        t = s + k / t
    return 1.0 / t


def _gauss_parts(x: Array, which: str) -> tuple[Array, Array]:
    """``(E, Q)`` or ``(E, H)`` at ``s = min(|x|, 40)`` (NaN read as 0: callers restore
    it), with :math:`E = e^{-s^2/2}`."""
    s = np.where(np.isnan(x), 0.0, np.minimum(np.abs(x), _GAUSS_CLIP))
    # exp(-s^2/2) with the rounding error of s*s put back: it would cost s^2/2 ulp.
    e = np.exp(-0.5 * (s * s)) * (1.0 - 0.5 * square_error(s))
    return e, _gauss_factor(s, which)


def _gelu(x: Array) -> Array:
    r"""GELU, the Gaussian error linear unit: :math:`f(x) = x\,\Phi(x)
    = \tfrac{x}{2}\bigl(1 + \operatorname{erf}(x/\sqrt2)\bigr)`.

    :math:`1 + \operatorname{erf}(x/\sqrt2)` cancels for negative :math:`x`, and
    SciPy's ``ndtr``/``erfc`` are off by up to 8 and 30 ulp on parts of the line. The
    library writes the Gaussian tail as :math:`\Phi(-s) = e^{-s^2/2}\,Q(s)`,
    :math:`s = |x|`, with :math:`Q` (the Mills ratio over :math:`\sqrt{2\pi}`) from
    Taylor polynomials tabulated at 40 digits for :math:`s < 4.5` and Laplace's continued
    fraction beyond; :math:`e^{-s^2/2}` gets the rounding error of :math:`s^2` added
    back. Then :math:`f = x\,(1 - e^{-s^2/2}Q)` for :math:`x \ge 0` and
    :math:`x\,e^{-s^2/2}Q` for :math:`x < 0`, which is :math:`-0` (not ``-inf * 0``) at
    :math:`-\infty`.

    >>> import activations
    >>> activations.gelu([-3.0, -0.75, 0.0, 1.0, 3.0])
    array([-0.00404969, -0.16997051,  0.        ,  0.84134475,  2.99595031])
    """
    e, q = _gauss_parts(x, "q")
    tail = e * q  # Phi(-|x|)
    negative = np.clip(x, -_GAUSS_CLIP, 0.0)  # keeps -inf * 0 out of the x < 0 branch
    return np.where(x >= 0, x * (1.0 - tail), negative * tail)


def _gelu_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \Phi(x) + x\,\varphi(x)`.

    For :math:`x < 0` the two terms have opposite signs and cancel completely at the
    minimum :math:`x_0 = -0.75179\ldots`. With :math:`s = |x|` the derivative is
    :math:`e^{-s^2/2} H(s)` for :math:`x < 0` and :math:`1 - e^{-s^2/2} H(s)` for
    :math:`x \ge 0`, where :math:`H(s) = Q(s) - s/\sqrt{2\pi}` is tabulated as Taylor
    polynomials in its own right, one of them centred on the root :math:`s_0 = -x_0`:
    the cancellation happens once, in exact arithmetic, when the table is built.
    """
    e, h = _gauss_parts(x, "h")
    out = np.where(x >= 0, 1.0 - e * h, e * h)
    return np.where(np.isnan(x), np.nan, out)


gelu = register(
    Elementwise(
        name="gelu",
        title="GELU (Gaussian error linear unit)",
        family="smooth_gated",
        aliases=("gelu_exact", "gelu_erf"),
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
        references=("hendrycks2016gelu",),
        frameworks=Frameworks(
            pytorch="torch.nn.GELU() (approximate='none')",
            keras="keras.activations.gelu(x, approximate=False)",
            jax="jax.nn.gelu(x, approximate=False)",
            notes=(
                "jax.nn.gelu defaults to approximate=True, the tanh form (gelu_tanh); "
                "PyTorch, Keras and tf.nn.gelu default to this exact form.",
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


def _odd_cubic(x: Array, k1: tuple[float, float], k3: tuple[float, float]) -> tuple[Array, Array]:
    """``x (k1 + k3 x^2)`` as an unevaluated sum ``hi + lo`` (double-double arithmetic:
    exact square, exact products, exact sums; constants given as ``(hi, lo)``)."""
    p = x * x
    q = k3[0] * p
    q_err = product_error(k3[0], p) + (k3[0] * square_error(x) + k3[1] * p)
    s = k1[0] + q
    back = s - k1[0]
    s_err = ((k1[0] - (s - back)) + (q - back)) + (q_err + k1[1])
    hi = x * s
    return hi, product_error(s, x) + x * s_err


def _gelu_tanh_gate(x: Array) -> tuple[Array, Array, Array, Array, Array]:
    r"""``(t, t_err, e, sigma(t), sigma(-t))`` for
    :math:`t = 2u = 2\sqrt{2/\pi}\,(x + 0.044715x^3)` and :math:`e = e^{-|t|}`, for
    NaN-free :math:`|x| \le 1000`.

    The gate's relative error is :math:`|t|` times that of :math:`t`, and
    :math:`|t|` reaches 740 before the gate underflows, so :math:`t` is computed in
    double-double arithmetic (``t + t_err``) and the rounding error is folded into
    :math:`e` to first order.
    """
    t, t_err = _odd_cubic(x, (_K1_HI, _K1_LO), (_K3_HI, _K3_LO))
    e = np.exp(-np.abs(t)) * (1.0 - np.sign(t) * t_err)
    big = 1.0 / (1.0 + e)
    small = e * big
    positive = t >= 0
    return t, t_err, e, np.where(positive, big, small), np.where(positive, small, big)


def _gelu_tanh(x: Array) -> Array:
    r"""GELU, tanh approximation: :math:`f(x) = \tfrac{x}{2}\bigl(1 + \tanh u\bigr)`,
    :math:`u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)`.

    :math:`1 + \tanh u` cancels for negative :math:`u`; the library uses the identity
    :math:`\tfrac12(1 + \tanh u) = \sigma(2u)` and evaluates the sigmoid through
    :math:`e^{-|2u|}`, so :math:`f = x\,\sigma(2u)` keeps full relative precision in
    the left tail. :math:`u` is computed in double-double arithmetic (see
    :func:`_gelu_tanh_gate`), because the gate's relative error is :math:`|2u|` times
    that of :math:`u`. :math:`x^3` overflows for :math:`|x| > 5.6 \times 10^{102}`, but
    the gate is exactly 1 from :math:`x \approx 7.1` and the result rounds to 0 below
    :math:`x \approx -21.5`, so :math:`x` is clipped to :math:`\pm 1000` inside the
    gate: the result is :math:`x` on the right and :math:`-0` on the left,
    :math:`-\infty` included.

    >>> import activations
    >>> activations.gelu_tanh([-3.0, -0.75, 0.0, 1.0, 3.0])
    array([-0.00363739, -0.17003944,  0.        ,  0.84119199,  2.99636261])
    """
    inner = np.clip(np.where(np.isnan(x), 0.0, x), -_TANH_CLIP, _TANH_CLIP)
    outer = np.maximum(x, -_TANH_CLIP)  # -inf * 0 would be NaN; NaN stays NaN
    return outer * _gelu_tanh_gate(inner)[3]


def _gelu_tanh_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \sigma(2u)\bigl(1 + 2x\,u'\,\sigma(-2u)\bigr)`,
    :math:`u' = \sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,x^2)`.

    For :math:`x < 0` the bracket cancels at the minimum :math:`x_0 = -0.75246\ldots`.
    Since :math:`\sigma(-2u) = 1/(1 + e^{2u})`, the library writes there (from
    :math:`x = -0.4` down)

    .. math:: f'(x) = \frac{1 + 2xu' + e^{2u}}{e^{-2u} + 2 + e^{2u}}

    with :math:`2xu'` and :math:`2u` in double-double arithmetic: :math:`1 + 2xu'` is
    summed exactly, the rounding error of :math:`2xu'` is added back, and the only
    rounding left before the sum is that of :math:`e^{2u}`, which the condition number
    absorbs. The denominator adds positive terms only.
    """
    inner = np.clip(np.where(np.isnan(x), 0.0, x), -_TANH_CLIP, _TANH_CLIP)
    t, t_err, e, gate, rest = _gelu_tanh_gate(inner)
    # 2 x u'(x) = x (2 sqrt(2/pi) + 6 sqrt(2/pi) 0.044715 x^2), also double-double.
    slope2, slope2_err = _odd_cubic(inner, (_K1_HI, _K1_LO), (_K3X3_HI, _K3X3_LO))
    right = gate * (1.0 + slope2 * rest)
    head = 1.0 + slope2
    back = head - slope2
    head_err = ((1.0 - back) + (slope2 - (head - back))) + slope2_err  # exact sum
    bracket = (head + e) + head_err
    # sigma(t) sigma(-t) = 1 / (e^|t| + 2 + e^-|t|): positive terms, fewer roundings
    # than e / (1 + e)^2. Past |t| = 709 (where e^|t| would overflow) it is e itself.
    grow = np.exp(np.minimum(np.abs(t), 709.0)) * (1.0 + np.sign(t) * t_err)
    left = np.where(np.abs(t) < 709.0, bracket / ((grow + 2.0) + e), e * bracket)
    # The left form is needed only where the bracket cancels; near 0 the right one
    # rounds less.
    out = np.where(x >= -0.4, right, left)
    return np.where(np.isnan(x), np.nan, out)


def _gelu_tanh_expression(sp: Any, x: Any) -> Any:
    u = sp.sqrt(2 / sp.pi) * (x + sp.Rational(44715, 10**6) * x**3)
    return x / 2 * (1 + sp.tanh(u))


gelu_tanh = register(
    Elementwise(
        name="gelu_tanh",
        title="GELU (tanh approximation)",
        family="smooth_gated",
        aliases=("gelu_new", "gelu_approximate", "approximate_gelu"),
        summary=(
            "The tanh approximation replaces GELU's Gaussian CDF by "
            "(1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))/2, which differs from it by at most "
            "4.7e-4. It was the fast form in the original BERT and GPT-2 code and is still "
            "the default of jax.nn.gelu; use it only to reproduce models trained with it."
        ),
        forward=_gelu_tanh,
        derivative_fn=_gelu_tanh_derivative,
        expression=_gelu_tanh_expression,
        references=("hendrycks2016gelu",),
        frameworks=Frameworks(
            pytorch="torch.nn.GELU(approximate='tanh')",
            keras="keras.activations.gelu(x, approximate=True)",
            jax="jax.nn.gelu(x) (approximate=True is the default)",
            notes=(
                "JAX computes sqrt(2/pi) in the input's dtype; PyTorch and TensorFlow "
                "hard-code it, to float64 0.7978845608028654.",
            ),
        ),
    )
)

# -- SiLU and Swish ---------------------------------------------------------------------

#: |beta x| beyond which the gate is exactly 0 or 1 in float64.
_SWISH_CLIP = 800.0


def _swish_parts(x: Array, beta: float) -> tuple[Array, Array, Array, Array]:
    r"""``(inner, z, z_lo, outer)`` for :math:`z = \beta x`: ``inner`` is ``x`` clipped
    where the gate is exactly 0 or 1, ``z + z_lo`` is :math:`\beta \cdot` ``inner``
    exactly, and ``outer`` is ``x`` clipped only on the left (so ``-inf * 0`` never
    happens)."""
    finite = np.where(np.isinf(x), 0.0, x)  # NaN stays NaN
    limit = _SWISH_CLIP / beta  # a Python float: inf (no warning) for tiny beta
    inner = np.clip(finite, -limit, limit)
    z = beta * inner
    if beta == 1.0 or not 1e-100 < beta < 1e100:
        # beta = 1 is exact; for absurd betas the splits could overflow.
        z_lo = np.zeros_like(z)
    else:
        z_lo = product_error(beta, inner)  # |inner| <= 800 / beta < 1e103
    return inner, z, z_lo, np.maximum(finite, -limit)


def _swish(x: Array, beta: float) -> Array:
    r"""Swish: :math:`f(x) = x\,\sigma(\beta x)`; SiLU is :math:`\beta = 1`.

    The sigmoid is evaluated through :math:`e^{-|\beta x|}` (no overflow). For
    :math:`\beta \ne 1` the rounding error of :math:`\beta x` is recovered exactly
    (Dekker's product) and added back to first order,
    :math:`\sigma(z + \delta) \approx \sigma(z)\,(1 + \sigma(-z)\,\delta)`. At
    :math:`x = -\infty` the result is :math:`-0`, not ``-inf * 0``.

    >>> import activations
    >>> activations.swish([-1.0, 0.0, 2.0], beta=2.0)
    array([-0.11920292,  0.        ,  1.96402758])
    """
    if beta == 0.0:
        return 0.5 * x
    _, z, z_lo, outer = _swish_parts(x, beta)
    e = np.exp(-np.abs(z))
    positive = z >= 0
    # x / (1 + e^-z) or x e^z / (1 + e^z): one division, no product of sigmoids.
    out = (outer * np.where(positive, 1.0, e)) / (1.0 + e)
    out = out * (1.0 + np.where(positive, e, 1.0) / (1.0 + e) * z_lo)
    return np.where(np.isinf(x), np.where(x > 0, x, -0.0), out)


def _swish_derivative(x: Array, beta: float) -> Array:
    r""":math:`f'(x) = \sigma(z)\bigl(1 + z\,\sigma(-z)\bigr)`, :math:`z = \beta x`.

    For :math:`z < 0` the bracket cancels at the minimum (:math:`z = -1.27846\ldots`).
    Since :math:`1 + z\,\sigma(-z) = (1 + z + e^{z})\,\sigma(-z)`, the library computes
    :math:`f' = (1 + z + e^{z})/(e^{-z} + 2 + e^{z})` there: :math:`1 + z` is summed
    exactly and :math:`e^{z}` is within half an ulp, so the remaining sum loses nothing
    the condition number does not allow, and the denominator adds positive terms only.
    """
    if beta == 0.0:
        return np.where(np.isnan(x), np.nan, 0.5)
    _, z, z_lo, _ = _swish_parts(x, beta)
    s, t = sigmoid_pair(z)
    right = s * (1.0 + z * t)
    e = np.exp(np.minimum(z, 0.0)) * (1.0 + z_lo)
    head = 1.0 + z
    back = head - z
    head_err = ((1.0 - back) + (z - (head - back))) + z_lo  # 1 + z, exactly
    bracket = (head + e) + head_err
    # sigma(z) sigma(-z) = 1 / (e^-z + 2 + e^z): positive terms, fewer roundings than
    # the product of two sigmoids. Past z = -709 (e^-z would overflow) it is e^z.
    grow = np.exp(np.minimum(-z, 709.0)) * (1.0 - z_lo)
    left = np.where(z > -709.0, bracket / ((grow + 2.0) + e), e * bracket)
    # Only the left form avoids the cancellation; elsewhere the right one rounds less.
    out = np.where(z >= -0.5, right, left)
    out = np.where(np.isinf(x), np.where(x > 0, 1.0, 0.0), out)
    return np.where(np.isnan(x), np.nan, out)


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
        references=("hendrycks2016gelu", "elfwing2018silu", "ramachandran2017searching"),
        frameworks=Frameworks(
            pytorch="torch.nn.SiLU()",
            keras="keras.activations.silu (alias keras.activations.swish)",
            jax="jax.nn.silu (alias jax.nn.swish)",
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
        parameters=(nonnegative("beta", 1.0, "sharpness of the sigmoid gate", symbol="beta"),),
        references=("ramachandran2017searching",),
        frameworks=Frameworks(
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

    At the two kinks the library follows PyTorch's ``hardswish_backward`` (file
    ``aten/src/ATen/native/cpu/Activation.cpp``), which tests ``x < -3`` and then
    ``x <= 3`` and so returns the middle piece's value at both: :math:`-1/2` at
    :math:`x = -3` (the one-sided limits are 0 and -1/2) and :math:`3/2` at :math:`x = 3`
    (one-sided limits 3/2 and 1).
    """
    middle = (2.0 * np.clip(x, -3.0, 3.0) + 3.0) / 6.0
    out = np.where(x < -3.0, 0.0, np.where(x > 3.0, 1.0, middle))
    return np.where(np.isnan(x), np.nan, out)


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
        references=("howard2019mobilenetv3",),
        frameworks=Frameworks(
            pytorch="torch.nn.Hardswish()",
            keras="keras.activations.hard_silu (alias keras.activations.hard_swish)",
            jax="jax.nn.hard_silu (alias jax.nn.hard_swish)",
            notes=(
                "Keras 2's hard sigmoid had slope 0.2, so a hard swish built from it "
                "differs from this one.",
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
    e = np.exp(-np.abs(x))
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
    e = np.exp(-np.abs(safe))
    numerator = 4.0 * (1.0 + safe) + e * ((6.0 + 4.0 * safe) + e * (4.0 + e))
    # (n + 2)^2 = (e^2 + 2e + 2)^2, expanded: positive coefficients, Horner in e.
    left = e * numerator / (4.0 + e * (8.0 + e * (8.0 + e * (4.0 + e))))
    denominator = (1.0 + 2.0 * e) + 2.0 * (e * e)
    gate = (1.0 + 2.0 * e) / denominator
    right = gate + safe * (4.0 * (e * e) * (1.0 + e)) / (denominator * denominator)
    out = np.where(safe > 0, right, left)
    return np.where(np.isnan(x), np.nan, out)


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
        references=("misra2020mish",),
        frameworks=Frameworks(
            pytorch="torch.nn.Mish()",
            keras="keras.activations.mish",
            jax="jax.nn.mish",
        ),
    )
)

__all__ = ["gelu", "gelu_tanh", "hard_swish", "mish", "silu", "swish"]
