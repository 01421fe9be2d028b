r"""Other algebraic functions: the bent identity and the inverse-square-root units.

They are built from square roots rather than exponentials, so their tails approach
their asymptotes polynomially. Each function below is the forward pass of one
registered activation; its docstring is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

import math

import numpy as np

from ..parameters import positive
from ..registry import Array, Elementwise, Frameworks, register

# -- bent identity ------------------------------------------------------------------------


def _bent_identity(x: Array) -> Array:
    r"""Bent identity: :math:`f(x) = \dfrac{\sqrt{x^2 + 1} - 1}{2} + x`.

    Two textbook traps, two rewrites (:math:`h = \sqrt{x^2 + 1}`):

    * near 0, :math:`h - 1` cancels; :math:`h - 1 = x^2/(h + 1)` does not, so the library
      computes :math:`f(x) = x + \tfrac12\,x^2/(h + 1)`. For :math:`x < 0` the two terms
      have opposite signs, but the second is at most :math:`|x|/2`, so at most one bit
      cancels and the error stays below 2 ulp, no worse than a separate formula for
      :math:`x < -1` gives;
    * :math:`x^2` overflows from :math:`|x| = 1.3 \times 10^{154}`. Beyond
      :math:`10^{150}` the value rounds to :math:`1.5\,x` (:math:`x > 0`) or
      :math:`x/2` (:math:`x < 0`), and those few elements are set so afterwards. The
      first exceeds the float range, correctly, for :math:`x > 1.2 \times 10^{308}`; the
      result there is :math:`\infty` (the nearest float), without an overflow warning.

    >>> import activations
    >>> activations.bent_identity([-2.0, 0.0, 1.0, 1e300])
    array([-1.38196601e+000,  0.00000000e+000,  1.20710678e+000,
            1.50000000e+300])
    """
    with np.errstate(over="ignore", invalid="ignore"):  # |x| > 1e150: replaced below
        out = np.multiply(x, x, out=np.empty_like(x))
        huge = out > 1e300
        h = np.add(out, 1.0, out=np.empty_like(x))
        np.sqrt(h, out=h)
        h += 1.0
        out /= h  # x^2/(h + 1) = h - 1
        out *= 0.5
        out += x
    if huge.any():
        big = x[huge]
        with np.errstate(over="ignore"):  # f(x) > max float for x > 1.2e308: inf is right
            out[huge] = np.where(big > 0, 1.5 * big, 0.5 * big)
    return out


def _bent_identity_derivative(x: Array) -> Array:
    r""":math:`f'(x) = 1 + \dfrac{x}{2\sqrt{x^2 + 1}}`, which lies in :math:`(1/2, 3/2)`.

    The quotient is computed as written while :math:`x^2` is finite; beyond
    :math:`|x| = 10^{150}` (where it would be :math:`\infty/\infty` at the infinities)
    the result rounds to :math:`3/2` or :math:`1/2` and is set so.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # |x| > 1e150: replaced below
        h = np.multiply(x, x, out=np.empty_like(x))
        huge = h > 1e300
        h += 1.0
        np.sqrt(h, out=h)
        np.divide(x, h, out=h)
        h *= 0.5
        h += 1.0
    if huge.any():
        h[huge] = np.where(x[huge] > 0, 1.5, 0.5)
    return h


bent_identity = register(
    Elementwise(
        name="bent_identity",
        title="Bent identity",
        family="algebraic",
        aliases=("bent",),
        summary=(
            "The bent identity adds half a hyperbola, (sqrt(x^2 + 1) - 1)/2, to the "
            "identity, so its slope bends smoothly from 1/2 on the left to 3/2 on the "
            "right. It is a smooth, unbounded, strictly increasing unit with no saturation; "
            "it is listed in activation-function tables but has no canonical paper and "
            "little use in practice."
        ),
        forward=_bent_identity,
        derivative_fn=_bent_identity_derivative,
        expression=lambda sp, x: (sp.sqrt(x**2 + 1) - 1) / 2 + x,
        forms=lambda sp, N, x: ((sp.sqrt(x**2 + 1) - 1) / 2 + x, 1 + x / (2 * sp.sqrt(x**2 + 1))),
        frameworks=Frameworks(
            notes=("No framework ships it; write (torch.sqrt(x**2 + 1) - 1) / 2 + x.",),
        ),
    )
)

# -- ISRU ---------------------------------------------------------------------------------


#: alpha for which the fast ISRU formulas hold: x^2 overflows only where alpha x^2 > 1e258
#: (the slope rounds to 0 there), and a subnormal x^2 is negligible next to 1.
_MODERATE_ALPHA = (1e-50, 1e50)


def _isru(x: Array, alpha: float) -> Array:
    r"""Inverse square root unit: :math:`f(x) = \dfrac{x}{\sqrt{1 + \alpha x^2}}`,
    :math:`\alpha = 1` by default, with range
    :math:`(-1/\sqrt{\alpha},\, 1/\sqrt{\alpha})`.

    The formula is used as written wherever :math:`\alpha x^2 \le 10^{300}`: no sum
    cancels, so a few roundings are all it costs. Beyond, :math:`\alpha x^2` may
    overflow (and gives :math:`\infty/\infty` at the infinities); those few elements,
    and every element when :math:`\alpha` itself is extreme, go through
    :func:`_isru_hypot`, which cannot overflow.

    >>> import activations
    >>> activations.isru([-1e300, 0.0, 1.0], alpha=4.0)
    array([-0.5      ,  0.       ,  0.4472136])
    """
    if not _MODERATE_ALPHA[0] <= alpha <= _MODERATE_ALPHA[1]:
        return _isru_hypot(x, alpha)
    with np.errstate(over="ignore", invalid="ignore"):  # alpha x^2 > 1e300: replaced below
        q = np.multiply(x, x, out=np.empty_like(x))
        if alpha != 1.0:
            q *= alpha
        huge = q > 1e300
        q += 1.0
        np.sqrt(q, out=q)
        np.divide(x, q, out=q)
    if huge.any():
        q[huge] = _isru_hypot(x[huge], alpha)
    return q


def _isru_hypot(x: Array, alpha: float) -> Array:
    r""":math:`f(x)` for any :math:`x` and :math:`\alpha`, without overflow.

    With :math:`s = \sqrt{\alpha}` the root is ``hypot(1, s x)``. For :math:`|x| > 1` it
    divides through by :math:`|x|`: :math:`f(x) = \operatorname{sign}(x)/
    \operatorname{hypot}(1/|x|, s)`, so that :math:`s x` cannot overflow either and
    :math:`f(\pm\infty) = \pm 1/s` comes out exactly instead of as :math:`\infty/\infty`.
    """
    s = math.sqrt(alpha)
    big = np.abs(x) > 1.0
    m = np.where(big, 0.0, x)
    u = 1.0 / np.where(big, np.abs(x), 1.0)
    return np.where(big, np.sign(x) / np.hypot(u, s), m / np.hypot(1.0, s * m))


def _isru_derivative(x: Array, alpha: float) -> Array:
    r""":math:`f'(x) = (1 + \alpha x^2)^{-3/2}`.

    It is ``q ** -1.5`` with :math:`q = 1 + \alpha x^2`, one rounding in :math:`q` and
    one in the power. Where :math:`\alpha x^2` overflows the true value is below the
    smallest subnormal number (for the :math:`\alpha` this path accepts), and
    :math:`\infty^{-3/2} = 0` is the right answer. An extreme :math:`\alpha` goes
    through :func:`_isru_derivative_general`.
    """
    if not _MODERATE_ALPHA[0] <= alpha <= _MODERATE_ALPHA[1]:
        return _isru_derivative_general(x, alpha)
    with np.errstate(over="ignore"):  # alpha x^2 = inf gives 0, the rounded answer
        q = np.multiply(x, x, out=np.empty_like(x))
        if alpha != 1.0:
            q *= alpha
    q += 1.0
    return np.power(q, -1.5, out=q)


def _isru_derivative_general(x: Array, alpha: float) -> Array:
    r""":math:`f'(x)` for any :math:`\alpha`: ``q ** -1.5`` for :math:`|x| \le 10^{150}`
    (:math:`\alpha x^2` capped at :math:`10^{300}`, beyond which the result underflows to
    0 anyway), and beyond :math:`g^3` with
    :math:`g = (1/|x|)/\operatorname{hypot}(1/|x|, \sqrt{\alpha})`."""
    ax = np.abs(x)
    moderate = ax <= 1e150
    m = np.where(moderate, ax, 0.0)
    q = 1.0 + alpha * np.minimum(m * m, 1e300 / alpha)
    u = 1.0 / np.where(moderate, 1.0, ax)  # 0 at +-inf
    g = u / np.hypot(u, math.sqrt(alpha))
    return np.where(moderate, q**-1.5, g * g * g)


isru = register(
    Elementwise(
        name="isru",
        title="Inverse square root unit (ISRU)",
        family="algebraic",
        aliases=("inverse_square_root_unit",),
        summary=(
            "ISRU computes x / sqrt(1 + alpha x^2): an odd, tanh-like squashing function "
            "with range (-1/sqrt(alpha), 1/sqrt(alpha)) that needs only a reciprocal square "
            "root. Carlile et al. proposed it for recurrent networks as a cheaper tanh; "
            "alpha sets the saturation level."
        ),
        forward=_isru,
        derivative_fn=_isru_derivative,
        expression=lambda sp, x, alpha: x / sp.sqrt(1 + alpha * x**2),
        forms=lambda sp, N, x, alpha: (
            x / sp.sqrt(1 + alpha * x**2),
            1 / sp.sqrt(1 + alpha * x**2) ** 3,
        ),
        parameters=(positive("alpha", 1.0, "scale of x^2 under the root; range is "
                             "+-1/sqrt(alpha)"),),
        references=("carlile2017isrlu",),
        frameworks=Frameworks(
            notes=("No framework ships it; write x * torch.rsqrt(1 + alpha * x**2).",),
        ),
    )
)

# -- ISRLU --------------------------------------------------------------------------------


def _isrlu(x: Array, alpha: float) -> Array:
    r"""Inverse square root linear unit: :math:`f(x) = x` for :math:`x \ge 0`,
    :math:`x/\sqrt{1 + \alpha x^2}` for :math:`x < 0` (computed as in :func:`_isru`).

    The computed ISRU value is :math:`x` divided by a rounded root :math:`\ge 1`: at
    least :math:`x` for :math:`x < 0` and at most :math:`x` for :math:`x \ge 0`, so
    :math:`\max(x, \operatorname{isru}(x))` picks the right piece without a select. (For
    an extreme :math:`\alpha`, computed another way, the order can fail by an ulp where
    the two pieces agree to an ulp anyway.)

    >>> import activations
    >>> activations.isrlu([-1e300, -1.0, 2.0])
    array([-1.        , -0.70710678,  2.        ])
    """
    out = _isru(x, alpha)
    return np.maximum(x, out, out=out)


def _isrlu_derivative(x: Array, alpha: float) -> Array:
    r""":math:`f'(x) = 1` for :math:`x \ge 0`, :math:`(1 + \alpha x^2)^{-3/2}` for
    :math:`x < 0`; both sides give 1 at 0, so there is no kink to choose at, and the
    ISRU slope of :math:`\min(x, 0)` is both pieces at once."""
    return _isru_derivative(np.minimum(x, 0.0), alpha)


isrlu = register(
    Elementwise(
        name="isrlu",
        title="Inverse square root linear unit (ISRLU)",
        family="algebraic",
        aliases=("inverse_square_root_linear_unit",),
        summary=(
            "ISRLU is the identity for non-negative inputs and ISRU for negative ones, "
            "saturating at -1/sqrt(alpha). Carlile et al. proposed it as a cheaper "
            "alternative to ELU with the same shape: negative outputs that push mean "
            "activations towards zero, and a curve that is twice continuously "
            "differentiable at the origin."
        ),
        forward=_isrlu,
        derivative_fn=_isrlu_derivative,
        expression=lambda sp, x, alpha: sp.Piecewise(
            (x, x >= 0), (x / sp.sqrt(1 + alpha * x**2), True)
        ),
        forms=lambda sp, N, x, alpha: (
            sp.Piecewise((x, x >= 0), (x / sp.sqrt(1 + alpha * x**2), True)),
            sp.Piecewise((1, x >= 0), (1 / sp.sqrt(1 + alpha * x**2) ** 3, True)),
        ),
        parameters=(positive("alpha", 1.0, "scale of x^2 under the root; saturation "
                             "level is -1/sqrt(alpha)"),),
        references=("carlile2017isrlu",),
        frameworks=Frameworks(
            notes=("No framework ships it; write torch.where(x >= 0, x, isru(x)).",),
        ),
    )
)

__all__ = ["bent_identity", "isrlu", "isru"]
