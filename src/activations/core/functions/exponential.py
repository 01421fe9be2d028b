r"""Exponential units: ELU, CELU and SELU.

Each is the identity (or a scaled identity) for positive inputs and a shifted,
scaled exponential :math:`\alpha(e^{x} - 1)` for negative ones, so it is smooth on
each side of 0, bounded below by :math:`-\alpha` and has negative outputs that pull
mean activations towards zero.

The one numerical trap is the negative branch near 0: :math:`e^{x} - 1` cancels
catastrophically there (for :math:`x = -10^{-10}` it keeps only 6 correct digits),
so every function here uses ``expm1``.

Each function below is the forward pass of one registered activation; its docstring
is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..parameters import positive
from ..registry import Array, Elementwise, Frameworks, register

# -- elu ----------------------------------------------------------------------------------


def _elu(x: Array, alpha: float) -> Array:
    r"""Exponential linear unit: :math:`f(x) = x` for :math:`x > 0` and
    :math:`\alpha\,(e^{x} - 1)` for :math:`x \le 0`, with :math:`\alpha > 0` (default 1).

    The negative branch is computed as ``alpha * expm1(x)``: :math:`e^{x} - 1` would
    lose all relative precision as :math:`x \to 0^-`. ``np.where`` evaluates both
    branches everywhere, so the exponential only sees :math:`\min(x, 0)` and cannot
    overflow.

    >>> import activations
    >>> activations.elu([-1.0, 0.0, 2.0])
    array([-0.63212056,  0.        ,  2.        ])
    >>> float(activations.elu(-1e-20))  # exp(x) - 1 would give 0 here
    -1e-20
    """
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _elu_derivative(x: Array, alpha: float) -> Array:
    r""":math:`f'(x) = 1` for :math:`x > 0` and :math:`\alpha e^{x}` for :math:`x \le 0`.

    At 0 this follows PyTorch's ``elu_backward``, which takes the ``x <= 0`` branch and
    so returns :math:`\alpha`. For :math:`\alpha = 1` both sides agree.
    """
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


elu = register(
    Elementwise(
        name="elu",
        title="Exponential linear unit (ELU)",
        family="exponential",
        aliases=("exponential_linear_unit",),
        summary=(
            "ELU is the identity for positive inputs and saturates smoothly to -alpha for "
            "negative ones, so its mean output is closer to zero than ReLU's and it has "
            "no dead region. Clevert et al. report faster learning than ReLU; it costs an "
            "exponential per element and is only C^1 at 0 when alpha = 1."
        ),
        forward=_elu,
        derivative_fn=_elu_derivative,
        expression=lambda sp, x, alpha: sp.Piecewise(
            (x, x > 0), (alpha * (sp.exp(x) - 1), True)
        ),
        forms=lambda sp, N, x, alpha: (
            sp.Piecewise((x, x > 0), (alpha * (sp.exp(x) - 1), True)),
            sp.Piecewise((1, x > 0), (alpha * sp.exp(x), True)),  # alpha at 0
        ),
        parameters=(positive("alpha", 1.0, "negative saturation value is -alpha", symbol="alpha"),),
        references=("clevert2016elu",),
        frameworks=Frameworks(
            pytorch="torch.nn.ELU(alpha=1.0)",
            keras="keras.activations.elu(alpha=1.0)",
            jax="jax.nn.elu(alpha=1.0)",
            notes=(
                "PyTorch's elu_backward uses the x <= 0 branch at 0, so its gradient there "
                "is alpha; for alpha != 1 ELU has a kink at 0.",
            ),
        ),
    )
)

# -- celu ---------------------------------------------------------------------------------

#: Past this, expm1(u) and exp(u) are -1 and 0 to double precision (e^-800 underflows).
_FAR = 800.0


def _celu_argument(x: Array, alpha: float) -> Array:
    """``min(x, 0) / alpha``, clamped at ``-800`` so the division cannot overflow when
    ``alpha`` is tiny (the exponential is exactly -1 / 0 there anyway)."""
    # In Python, 800 * alpha is inf rather than an error for huge alpha; the clamp is
    # then a no-op, which is right because x / alpha cannot overflow for alpha >= 1.
    return np.maximum(np.minimum(x, 0.0), -_FAR * alpha) / alpha


def _celu(x: Array, alpha: float) -> Array:
    r"""Continuously differentiable ELU: :math:`f(x) = x` for :math:`x > 0` and
    :math:`\alpha\,(e^{x/\alpha} - 1)` for :math:`x \le 0`, with :math:`\alpha > 0`.

    Its slope at :math:`0^-` is 1 for every :math:`\alpha`, so it is :math:`C^1`
    where ELU is not. Computed with ``expm1`` like ELU. For :math:`|x| < 2^{-30}\alpha`
    the two-term series :math:`x + x^2/(2\alpha)` is used instead: there
    :math:`x/\alpha` can fall among the subnormals and lose digits, while the series
    is exact to double precision.

    >>> import activations
    >>> activations.celu([-1.0, 0.0, 2.0])
    array([-0.63212056,  0.        ,  2.        ])
    >>> activations.celu([-1.0], alpha=2.0)
    array([-0.78693868])
    """
    small = np.abs(x) < alpha * 2.0**-30
    xs = np.where(small, x, 0.0)  # only small inputs reach the series: no overflow
    series = xs + xs * (xs / (2.0 * alpha))
    negative = np.where(small, series, alpha * np.expm1(_celu_argument(x, alpha)))
    return np.where(x > 0, x, negative)


def _celu_derivative(x: Array, alpha: float) -> Array:
    r""":math:`f'(x) = 1` for :math:`x > 0` and :math:`e^{x/\alpha}` for
    :math:`x \le 0` (PyTorch's ``x <= 0`` branch at 0, which equals 1 anyway)."""
    return np.where(x > 0, 1.0, np.exp(_celu_argument(x, alpha)))


celu = register(
    Elementwise(
        name="celu",
        title="Continuously differentiable ELU (CELU)",
        family="exponential",
        aliases=("continuously_differentiable_elu",),
        summary=(
            "CELU rescales ELU's negative branch to alpha (e^(x/alpha) - 1), which makes its "
            "derivative continuous at 0 for every alpha, not only for alpha = 1. At the "
            "common default alpha = 1 it is ELU exactly; pick it over ELU when you tune "
            "alpha."
        ),
        forward=_celu,
        derivative_fn=_celu_derivative,
        expression=lambda sp, x, alpha: sp.Piecewise(
            (x, x > 0), (alpha * (sp.exp(x / alpha) - 1), True)
        ),
        forms=lambda sp, N, x, alpha: (
            sp.Piecewise((x, x > 0), (alpha * (sp.exp(x / alpha) - 1), True)),
            sp.Piecewise((1, x > 0), (sp.exp(x / alpha), True)),
        ),
        parameters=(positive("alpha", 1.0, "negative saturation value is -alpha", symbol="alpha"),),
        references=("barron2017celu",),
        frameworks=Frameworks(
            pytorch="torch.nn.CELU(alpha=1.0)",
            keras="keras.activations.celu(alpha=1.0)",
            jax="jax.nn.celu(alpha=1.0)",
            notes=("keras.activations.celu exists only in recent Keras 3 releases.",),
        ),
    )
)

# -- selu ---------------------------------------------------------------------------------

#: The SELU constants as PyTorch, JAX and the Keras OpenVINO backend write them.
SELU_ALPHA_DIGITS = "1.6732632423543772848170429916717"
SELU_SCALE_DIGITS = "1.0507009873554804934193349852946"
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
#: ``scale * alpha`` rounded once from the exact product (multiplying the two rounded
#: floats would add a second rounding).
SELU_SCALE_ALPHA = 1.7580993408473768


def _selu(x: Array) -> Array:
    r"""Scaled ELU: :math:`f(x) = \lambda x` for :math:`x > 0` and
    :math:`\lambda\alpha\,(e^{x} - 1)` for :math:`x \le 0`, with the fixed constants
    :math:`\alpha \approx 1.6733` and :math:`\lambda \approx 1.0507` that make zero mean
    and unit variance a stable fixed point of a layer (Klambauer et al., 2017).

    Computed as ``lambda * x`` and ``(lambda * alpha) * expm1(x)`` with the product
    :math:`\lambda\alpha` rounded once. For :math:`x` above ``max / lambda`` the true
    result exceeds the largest float and infinity is returned, without a warning.

    >>> import activations
    >>> activations.selu([-1.0, 0.0, 1.0])
    array([-1.11133074,  0.        ,  1.05070099])
    """
    with np.errstate(over="ignore"):  # lambda * x > max: inf is the correct rounding
        positive_part = SELU_SCALE * x
    return np.where(x > 0, positive_part, SELU_SCALE_ALPHA * np.expm1(np.minimum(x, 0.0)))


def _selu_derivative(x: Array) -> Array:
    r""":math:`\lambda` for :math:`x > 0` and :math:`\lambda\alpha e^{x}` for
    :math:`x \le 0`; at 0 PyTorch's ``elu_backward`` takes the ``x <= 0`` branch, so
    :math:`f'(0) = \lambda\alpha \approx 1.758`."""
    return np.where(x > 0, SELU_SCALE, SELU_SCALE_ALPHA * np.exp(np.minimum(x, 0.0)))


def _selu_constants(sp: Any) -> tuple[Any, Any]:
    """``(alpha, lambda)`` as SymPy Floats from the 31-digit strings: they keep every
    digit (so the range end is -lambda * alpha to 31 digits) and print as decimals in
    formulas."""
    alpha = sp.Float(SELU_ALPHA_DIGITS, len(SELU_ALPHA_DIGITS) - 1)
    scale = sp.Float(SELU_SCALE_DIGITS, len(SELU_SCALE_DIGITS) - 1)
    return alpha, scale


def _selu_expression(sp: Any, x: Any) -> Any:
    alpha, scale = _selu_constants(sp)
    return sp.Piecewise((scale * x, x > 0), (scale * alpha * (sp.exp(x) - 1), True))


def _selu_forms(sp: Any, N: Any, x: Any) -> tuple[Any, Any]:
    """``lambda x`` and ``lambda alpha (e^x - 1)``, with ``lambda`` and ``alpha`` named
    constants; the derivative takes the ``x <= 0`` branch at 0, ``lambda alpha``."""
    alpha_value, scale_value = _selu_constants(sp)
    # Named, not written out: the card lists their 31 digits once.
    alpha, scale = N.constant("alpha", alpha_value), N.constant("lambda", scale_value)
    return (
        sp.Piecewise((scale * x, x > 0), (scale * alpha * (sp.exp(x) - 1), True)),
        sp.Piecewise((scale, x > 0), (scale * alpha * sp.exp(x), True)),
    )


selu = register(
    Elementwise(
        name="selu",
        title="Scaled exponential linear unit (SELU)",
        family="exponential",
        aliases=("scaled_elu", "scaled_exponential_linear_unit"),
        summary=(
            "SELU is ELU scaled by fixed constants (alpha ~ 1.6733, lambda ~ 1.0507) chosen "
            "so that activations of a wide dense network drift towards zero mean and unit "
            "variance without batch normalisation. The guarantee needs LeCun-normal "
            "initialisation and alpha dropout; outside that setting it is just a scaled ELU."
        ),
        forward=_selu,
        derivative_fn=_selu_derivative,
        expression=_selu_expression,
        forms=_selu_forms,
        references=("klambauer2017selu",),
        frameworks=Frameworks(
            pytorch="torch.nn.SELU()",
            keras="keras.activations.selu",
            jax="jax.nn.selu",
            notes=(
                "PyTorch and JAX hard-code alpha = 1.6732632423543772848170429916717 and "
                "lambda = 1.0507009873554804934193349852946; the Keras docstring shows "
                "them rounded to 1.67326324 and 1.05070098.",
                "A widely copied dropout_selu uses -lambda*alpha = -1.7580993408473766, "
                "wrong in the 16th significant digit (the correct double is "
                "-1.7580993408473768).",
            ),
        ),
    )
)

__all__ = ["celu", "elu", "selu"]
