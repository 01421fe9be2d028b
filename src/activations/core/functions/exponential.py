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

from ..parameters import nonpositive, positive, real
from ..registry import Array, Elementwise, Frameworks, register
from ..stable import nan_where_nan, product_error, sum_error

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
            tensorflow="tf.nn.elu (alpha fixed at 1)",
            keras="keras.activations.elu(alpha=1.0)",
            jax="jax.nn.elu(alpha=1.0)",
            mlx="mlx.nn.elu (alpha=1.0)",
            notes=(
                "PyTorch's elu_backward uses the x <= 0 branch at 0, so its gradient there "
                "is alpha; for alpha != 1 ELU has a kink at 0.",
                "MLX's float32 gradient is NaN for x > 88: it differentiates "
                "where(x > 0, x, alpha * (exp(x) - 1)) through the unused branch, whose "
                "exp overflows (MLX's exp is inf from 88.0 on), and 0 * inf is NaN.",
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
            mlx="mlx.nn.celu (alpha=1.0)",
            notes=(
                "keras.activations.celu exists only in recent Keras 3 releases.",
                "MLX's gradient at x = 0 is 0, not 1: its max(x, 0) + alpha * "
                "(exp(min(x, 0) / alpha) - 1) passes no gradient through either tie.",
            ),
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
            tensorflow="tf.nn.selu",
            keras="keras.activations.selu",
            jax="jax.nn.selu",
            mlx="mlx.nn.selu",
            notes=(
                "PyTorch and JAX hard-code alpha = 1.6732632423543772848170429916717 and "
                "lambda = 1.0507009873554804934193349852946; the Keras docstring shows "
                "them rounded to 1.67326324 and 1.05070098.",
                "A widely copied dropout_selu uses -lambda*alpha = -1.7580993408473766, "
                "wrong in the 16th significant digit (the correct double is "
                "-1.7580993408473768).",
                "MLX's selu is elu(x, 1.67326) * 1.0507: the rounded constants put it "
                "off by 1.0e-6 (relative) for x > 0 and by up to 2.9e-6 as x -> -inf, and "
                "its float32 gradient is NaN for x > 88, as for MLX's elu.",
                "TensorFlow's gradient at x = 0 is lambda (SeluGrad tests the output < 0); "
                "PyTorch, JAX and this library give lambda * alpha.",
            ),
        ),
    )
)

# -- exponential --------------------------------------------------------------------------


def _exponential(x: Array) -> Array:
    r"""Exponential: :math:`f(x) = e^{x}`, its own derivative.

    Above :math:`\ln(\text{max}) \approx 709.78` (88.72 in float32) the true value
    exceeds the largest float, so infinity is the correctly rounded result; the
    overflow warning is silenced.

    >>> import activations
    >>> activations.exponential([-1.0, 0.0, 1.0])
    array([0.36787944, 1.        , 2.71828183])
    """
    with np.errstate(over="ignore"):
        return np.exp(x)


exponential = register(
    Elementwise(
        name="exponential",
        title="Exponential",
        family="exponential",
        aliases=("exp",),
        summary=(
            "The exponential e^x maps every real number to a positive one and is its "
            "own derivative. Keras ships it as an activation, for an output that must be "
            "positive (a rate or a scale); it overflows at x = 88.7 in float32, so "
            "softplus is the safer choice for that job."
        ),
        forward=_exponential,
        derivative_fn=_exponential,
        expression=lambda sp, x: sp.exp(x),
        forms=lambda sp, N, x: (sp.exp(x), sp.exp(x)),
        references=(),
        frameworks=Frameworks(
            keras="keras.activations.exponential",
            notes=(
                "The other frameworks have the exponential as a tensor function (torch.exp, "
                "tf.exp, jnp.exp, mx.exp), not among their activations.",
            ),
        ),
    )
)

# -- xielu --------------------------------------------------------------------------------


def _xielu(x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Array:
    r"""xIELU (Huang and Schlag, 2024): :math:`f(x) = \alpha_p x^2 + \beta x` for
    :math:`x > 0` and :math:`\alpha_n(e^{\min(x, \varepsilon)} - 1 - x) + \beta x` for
    :math:`x \le 0`, with the defaults of Hugging Face's ``XIELUActivation`` (the
    Apertus models): :math:`\alpha_p = \alpha_n = 0.8`, :math:`\beta = 0.5`,
    :math:`\varepsilon = -10^{-6}`.

    With :math:`\varepsilon < 0` the exponential is frozen on :math:`(\varepsilon, 0]`,
    so :math:`f(0) = \alpha_n(e^{\varepsilon} - 1) \ne 0` and the function jumps at 0;
    ``eps=0`` gives the continuous function of the paper. The negative branch is
    computed as :math:`\alpha_n \operatorname{expm1}(\min(x, \varepsilon)) + (\beta -
    \alpha_n) x`: written as the paper writes it, :math:`x = -\infty` would give
    :math:`\infty - \infty`.

    >>> import activations
    >>> activations.xielu([-2.0, 1.0], eps=0.0)
    array([-0.09173177,  1.3       ])
    """
    positive_side = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):
        right = alpha_p * positive_side
        right += beta
        right *= positive_side
    return np.where(x > 0.0, right, _xielu_left(x, alpha_n, beta - alpha_n, eps))


def _xielu_left(x: Array, alpha_n: float, slope: float, eps: float) -> Array:
    r""":math:`\alpha_n \operatorname{expm1}(\min(x, \varepsilon)) + s\,x` for
    :math:`x \le 0`, :math:`s = \beta - \alpha_n`, in double-double: the two terms
    have opposite signs and cancel at the branch's root (:math:`x \approx -2.43` at the
    defaults), so each product's rounding error (Dekker) and the sum's (Knuth's
    two-sum) are added back; only ``expm1``'s own error remains."""
    e = np.expm1(np.minimum(x, eps))
    negative = np.minimum(x, 0.0)
    first = alpha_n * e
    if slope == 0.0:  # 0 * -inf would be NaN where the limit is -alpha_n
        return first
    with np.errstate(over="ignore", invalid="ignore"):
        second = slope * negative
        total = first + second
        # Error terms, valid while nothing overflows (|x| < 1e150); far out the
        # linear term dominates and one rounding is all there is.
        modest = np.abs(negative) < 1e150
        safe = np.where(modest, negative, 0.0)
        lost = sum_error(first, second, total)
        lost += product_error(alpha_n, e) + product_error(slope, safe)
        return np.where(modest, total + lost, total)


def _xielu_derivative(
    x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float
) -> Array:
    r""":math:`f'(x) = 2\alpha_p x + \beta` for :math:`x > 0`, :math:`\beta - \alpha_n`
    on :math:`(\varepsilon, 0]` (the exponential is frozen there) and
    :math:`\alpha_n e^{x} + \beta - \alpha_n` for :math:`x \le \varepsilon`. At 0 the
    left branch, as ``torch.where(x > 0, ...)`` under autograd gives."""
    positive_side = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):
        right = (2.0 * alpha_p) * positive_side
        right += beta
    # alpha_n e^x + (beta - alpha_n) cancels at the minimum, x = ln(1 - beta/alpha_n):
    # the product's rounding error (Dekker) and the sum's (two-sum) are put back.
    grow = np.where(x > eps, 0.0, np.exp(np.minimum(x, 0.0)))
    first = alpha_n * grow
    second = beta - alpha_n
    total = first + second
    total += sum_error(first, second, total) + product_error(alpha_n, grow)
    return nan_where_nan(x, np.where(x > 0.0, right, total))


def _xielu_expression(sp: Any, x: Any, alpha_p: Any, alpha_n: Any, beta: Any, eps: Any) -> Any:
    return sp.Piecewise(
        (alpha_p * x**2 + beta * x, x > 0),
        (alpha_n * (sp.exp(eps) - 1 - x) + beta * x, x > eps),
        (alpha_n * (sp.exp(x) - 1 - x) + beta * x, True),
    )


xielu = register(
    Elementwise(
        name="xielu",
        title="xIELU",
        family="exponential",
        aliases=("x_ielu",),
        summary=(
            "xIELU is quadratic for positive inputs (alpha_p x^2 + beta x) and, for "
            "negative ones, an ELU-like exponential plus a linear term that lets the "
            "gradient keep flowing. It is the activation of the Apertus language models. "
            "With the defaults it is not monotonic: it has a minimum near x = -1 and "
            "grows again for very negative inputs."
        ),
        forward=_xielu,
        derivative_fn=_xielu_derivative,
        expression=_xielu_expression,
        forms=lambda sp, N, x, alpha_p, alpha_n, beta, eps: (
            _xielu_expression(sp, x, alpha_p, alpha_n, beta, eps),
            sp.Piecewise(
                (2 * alpha_p * x + beta, x > 0),
                (beta - alpha_n, x > eps),
                (alpha_n * sp.exp(x) + beta - alpha_n, True),
            ),
        ),
        parameters=(
            positive("alpha_p", 0.8, "curvature of the positive branch", symbol="alpha_p"),
            positive("alpha_n", 0.8, "scale of the negative branch", symbol="alpha_n"),
            real("beta", 0.5, "the linear term, the slope at 0 from the right",
                 symbol="beta"),
            nonpositive("eps", -1e-6, "the exponential is frozen above it (0: the paper)",
                        symbol="varepsilon"),
        ),
        references=("huang2024xielu",),
        frameworks=Frameworks(
            transformers='"xielu"',
            notes=(
                "Hugging Face's XIELUActivation(alpha_p_init=0.8, alpha_n_init=0.8, "
                "beta=0.5, eps=-1e-6) learns alpha_p and alpha_n through a softplus "
                "(alpha_p = softplus(a), alpha_n = beta + softplus(b)), so alpha_p > 0 and "
                "alpha_n > beta always; it stores them in bfloat16 by default.",
            ),
        ),
    )
)

__all__ = ["celu", "elu", "exponential", "selu", "xielu"]
