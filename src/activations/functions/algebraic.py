r"""Other algebraic functions: the bent identity and the inverse-square-root units.

They are built from square roots rather than exponentials, so their tails approach
their asymptotes polynomially. Each function below is the forward pass of one
registered activation; its docstring is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

import math

import numpy as np

from .._core import Array, Elementwise, Frameworks, register
from .._params import positive

# -- bent identity ------------------------------------------------------------------------


def _bent_identity(x: Array) -> Array:
    r"""Bent identity: :math:`f(x) = \dfrac{\sqrt{x^2 + 1} - 1}{2} + x`.

    Three textbook traps, three rewrites (:math:`h = \sqrt{x^2 + 1}`, computed as
    ``hypot(x, 1)``, which cannot overflow):

    * near 0, :math:`h - 1` cancels; :math:`h - 1 = x^2/(h + 1)` does not;
    * for :math:`x < -1`, adding :math:`(h - 1)/2 \approx |x|/2` to :math:`x` cancels
      half the digits; :math:`h + x = 1/(h - x)` gives
      :math:`f(x) = \tfrac{x - 1}{2} + \tfrac{u}{2(\sqrt{1 + u^2} + 1)}` with
      :math:`u = 1/|x|`, a sum whose second term is below 0.21 of the first;
    * for :math:`x > 1`, :math:`x^2` would overflow from :math:`10^{154}`;
      :math:`x^2/(h + 1) = x q` with :math:`q = 1/(\sqrt{1 + u^2} + u)` gives
      :math:`f(x) = x\,(1 + q/2)`. That product exceeds the float range, correctly, for
      :math:`x > 1.2 \times 10^{308}`; the result there is :math:`\infty` (the nearest
      float), without an overflow warning.

    >>> import activations
    >>> activations.bent_identity([-2.0, 0.0, 1.0, 1e300])
    array([-1.38196601e+000,  0.00000000e+000,  1.20710678e+000,
            1.50000000e+300])
    """
    ax = np.abs(x)
    mid = ax <= 1.0
    m = np.where(mid, x, 0.0)
    near_zero = m + 0.5 * (m * m / (np.hypot(m, 1.0) + 1.0))
    u = 1.0 / np.where(mid, 1.0, ax)  # 0 at +-inf
    root = np.hypot(u, 1.0)
    big = np.where(mid, 1.0, x)
    with np.errstate(over="ignore"):  # f(x) > max float for x > 1.2e308: inf is right
        right = big * (1.0 + 0.5 / (root + u))
    left = 0.5 * (big - 1.0) + 0.5 * u / (root + 1.0)
    return np.where(mid, near_zero, np.where(x > 0, right, left))


def _bent_identity_derivative(x: Array) -> Array:
    r""":math:`f'(x) = 1 + \dfrac{x}{2\sqrt{x^2 + 1}}`, which lies in :math:`(1/2, 3/2)`.

    For :math:`|x| > 1` the quotient is written :math:`\operatorname{sign}(x)/\sqrt{1 +
    u^2}` with :math:`u = 1/x`, so that :math:`\infty/\infty` never occurs.
    """
    big = np.abs(x) > 1.0
    m = np.where(big, 0.0, x)
    u = 1.0 / np.where(big, x, 1.0)
    ratio = np.where(big, np.sign(x) / np.hypot(u, 1.0), m / np.hypot(m, 1.0))
    return 1.0 + 0.5 * ratio


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
        frameworks=Frameworks(
            notes=("No framework ships it; write (torch.sqrt(x**2 + 1) - 1) / 2 + x.",),
        ),
    )
)

# -- ISRU ---------------------------------------------------------------------------------


def _isru(x: Array, alpha: float) -> Array:
    r"""Inverse square root unit: :math:`f(x) = \dfrac{x}{\sqrt{1 + \alpha x^2}}`,
    :math:`\alpha = 1` by default, with range
    :math:`(-1/\sqrt{\alpha},\, 1/\sqrt{\alpha})`.

    With :math:`s = \sqrt{\alpha}` the root is ``hypot(1, s x)``, which cannot
    overflow. For :math:`|x| > 1` the library divides through by :math:`|x|`:
    :math:`f(x) = \operatorname{sign}(x)/\operatorname{hypot}(1/|x|, s)`, so that
    :math:`s x` cannot overflow either and :math:`f(\pm\infty) = \pm 1/s` comes out
    exactly instead of as :math:`\infty/\infty`.

    >>> import activations
    >>> activations.isru([-1e300, 0.0, 1.0], alpha=4.0)
    array([-0.5      ,  0.       ,  0.4472136])
    """
    s = math.sqrt(alpha)
    big = np.abs(x) > 1.0
    m = np.where(big, 0.0, x)
    u = 1.0 / np.where(big, np.abs(x), 1.0)
    return np.where(big, np.sign(x) / np.hypot(u, s), m / np.hypot(1.0, s * m))


def _isru_derivative(x: Array, alpha: float) -> Array:
    r""":math:`f'(x) = (1 + \alpha x^2)^{-3/2}`.

    For :math:`|x| \le 10^{150}` (so :math:`x^2` is finite) it is ``q ** -1.5`` with
    :math:`q = 1 + \alpha x^2`, one rounding in :math:`q` and one in the power;
    :math:`\alpha x^2` is capped at :math:`10^{300}`, beyond which the result
    underflows to 0 anyway. Beyond :math:`10^{150}` it is :math:`g^3` with
    :math:`g = (1/|x|)/\operatorname{hypot}(1/|x|, \sqrt{\alpha})`.
    """
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

    >>> import activations
    >>> activations.isrlu([-1e300, -1.0, 2.0])
    array([-1.        , -0.70710678,  2.        ])
    """
    return np.where(x >= 0, x, _isru(np.minimum(x, 0.0), alpha))


def _isrlu_derivative(x: Array, alpha: float) -> Array:
    r""":math:`f'(x) = 1` for :math:`x \ge 0`, :math:`(1 + \alpha x^2)^{-3/2}` for
    :math:`x < 0`; both sides give 1 at 0, so there is no kink to choose at."""
    slope = _isru_derivative(np.minimum(x, 0.0), alpha)
    return np.where(x >= 0, 1.0, slope)


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
        parameters=(positive("alpha", 1.0, "scale of x^2 under the root; saturation "
                             "level is -1/sqrt(alpha)"),),
        references=("carlile2017isrlu",),
        frameworks=Frameworks(
            notes=("No framework ships it; write torch.where(x >= 0, x, isru(x)).",),
        ),
    )
)

__all__ = ["bent_identity", "isrlu", "isru"]
