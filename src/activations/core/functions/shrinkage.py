r"""Shrinkage functions: tanhshrink, soft and hard thresholding.

Each pulls small inputs towards zero and leaves large ones (nearly) alone: the
operators of wavelet denoising and sparse coding, kept in PyTorch's ``torch.nn``.
Each function below is the forward pass of one registered activation; its docstring
is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

import numpy as np

from ..parameters import nonnegative
from ..registry import Array, Elementwise, Frameworks, register
from ..stable import nan_where_nan


def _outside(x: Array, lambd: float) -> Array:
    """1.0 where ``|x| > lambd``, else 0.0 (also at NaN), as a new float array.

    Built with arithmetic and comparisons only: ``np.where`` on a condition that flips
    at random is several times slower.
    """
    out = np.abs(x, out=np.empty_like(x))  # out=: an array even for 0-d x
    return np.greater(out, lambd, out=out)


# -- tanhshrink ---------------------------------------------------------------------------

#: Below this |x| the continued fraction is used; above it x - tanh x cancels little.
_CF_LIMIT = 2.0
#: Depth of Lambert's continued fraction. At |x| = 2 (the worst case: the truncation
#: error grows with |x|) depth 11 leaves a relative error of 1.1e-18 and depth 12 one of
#: 6.3e-21, both far below float64's 1.1e-16; tests/test_shrinkage.py checks this.
_CF_DEPTH = 12


def _tanh_cf_tail(x2: Array) -> Array:
    r"""The tail :math:`r = \cfrac{x^2}{3 + \cfrac{x^2}{5 + \cfrac{x^2}{7 + \dotsb}}}` of
    Lambert's continued fraction :math:`\tanh x = x / (1 + r)`, evaluated bottom-up.

    Every term is positive, so no step cancels and the result keeps full relative
    precision, down to subnormal ``x2``.
    """
    r = np.zeros_like(x2)
    for k in range(_CF_DEPTH, 0, -1):
        r += 2 * k + 1
        np.divide(x2, r, out=r)
    return r


def _tanhshrink(x: Array) -> Array:
    r"""Tanhshrink: :math:`f(x) = x - \tanh x`.

    Near zero :math:`x - \tanh x \approx x^3/3` is the difference of two nearly equal
    numbers: the textbook formula keeps about six true digits at :math:`x = 10^{-5}`,
    two at :math:`10^{-7}` and none from :math:`10^{-8}`, where it returns 0.
    For :math:`|x| < 2` the library writes :math:`\tanh x = x/(1 + r)` with Lambert's
    continued fraction :math:`r = x^2/(3 + x^2/(5 + \dotsb))`, so that
    :math:`x - \tanh x = x\,r/(1 + r)`: a product and quotient of positive terms, with
    no subtraction at all. Beyond :math:`|x| = 2`, :math:`\tanh x` is below 0.97|x| and
    the direct difference loses at most a bit.

    >>> import activations
    >>> activations.tanhshrink([-3.0, 1e-5, 1.0])
    array([-2.00494525e+00,  3.33333333e-16,  2.38405844e-01])
    """
    # The direct difference everywhere, then the continued fraction only on the inputs
    # that need it: its 24 passes over every element would cost more than tanh itself.
    out = np.tanh(x, out=np.empty(x.shape, dtype=x.dtype))  # C order: reshape(-1) is a view
    np.subtract(x, out, out=out)
    near = np.flatnonzero(np.abs(x) < _CF_LIMIT)
    if near.size:
        small = x.reshape(-1)[near]
        r = _tanh_cf_tail(small * small)
        out.reshape(-1)[near] = small * (r / (1.0 + r))
    return out


def _tanhshrink_derivative(x: Array) -> Array:
    r""":math:`f'(x) = 1 - \operatorname{sech}^2 x = \tanh^2 x`, squared from ``tanh``
    rather than computed as :math:`1 - \operatorname{sech}^2 x`, which cancels near 0."""
    t = np.tanh(x)
    return t * t


tanhshrink = register(
    Elementwise(
        name="tanhshrink",
        title="Tanhshrink",
        family="shrinkage",
        aliases=("tanh_shrink",),
        summary=(
            "Tanhshrink subtracts tanh from the identity: it is flat, like x^3/3, near the "
            "origin and approaches x - 1 on the right and x + 1 on the left. It is a "
            "Torch-library convention "
            "kept in PyTorch and recent Keras 3, used mainly in sparse-coding experiments; "
            "pick it when you want a smooth, odd shrinkage with no threshold to tune."
        ),
        forward=_tanhshrink,
        derivative_fn=_tanhshrink_derivative,
        expression=lambda sp, x: x - sp.tanh(x),
        forms=lambda sp, N, x: (x - sp.tanh(x), sp.tanh(x) ** 2),
        frameworks=Frameworks(
            pytorch="torch.nn.Tanhshrink()",
            keras="keras.activations.tanh_shrink",
            notes=("JAX has no jax.nn version; write x - jnp.tanh(x).",),
        ),
    )
)

# -- softshrink ---------------------------------------------------------------------------


def _softshrink(x: Array, lambd: float) -> Array:
    r"""Soft thresholding: :math:`f(x) = x - \lambda` for :math:`x > \lambda`,
    :math:`x + \lambda` for :math:`x < -\lambda`, and :math:`0` in between
    (:math:`\lambda = 0.5` by default, spelt ``lambd`` as in PyTorch).

    >>> import activations
    >>> activations.softshrink([-2.0, -0.5, 0.25, 0.75])
    array([-1.5 ,  0.  ,  0.  ,  0.25])
    """
    # sign(x) max(|x| - lambda, 0): |x| - lambda rounds exactly as x - lambda (or, negated,
    # as x + lambda) would, so this is the same function without selecting between branches.
    out = np.abs(x, out=np.empty_like(x))
    out -= lambd
    np.maximum(out, 0.0, out=out)  # NaN passes through
    np.copysign(out, x, out=out)
    out += 0.0  # -0.0 (inside, for x < 0) becomes 0.0
    return out


def _softshrink_derivative(x: Array, lambd: float) -> Array:
    r"""1 where :math:`|x| > \lambda`, else 0; 0 at the kinks :math:`x = \pm\lambda`, as
    PyTorch's backward pass (which zeroes the gradient on the closed interval)."""
    return nan_where_nan(x, _outside(x, lambd))


softshrink = register(
    Elementwise(
        name="softshrink",
        title="Softshrink (soft thresholding)",
        family="shrinkage",
        aliases=("soft_shrink", "soft_thresholding"),
        summary=(
            "Softshrink sets inputs within lambda of zero to zero and moves every other "
            "input lambda closer to zero. It is Donoho's soft-thresholding operator, the "
            "proximal map of the L1 penalty used in wavelet denoising and in unrolled "
            "sparse-coding networks such as LISTA; pick it when outputs should be sparse "
            "but still continuous in the input."
        ),
        forward=_softshrink,
        derivative_fn=_softshrink_derivative,
        expression=lambda sp, x, lambd: sp.Piecewise(
            (x - lambd, x > lambd), (x + lambd, x < -lambd), (0, True)
        ),
        forms=lambda sp, N, x, lambd: (
            sp.Piecewise((x - lambd, x > lambd), (x + lambd, x < -lambd), (0, True)),
            sp.Piecewise((1, sp.Abs(x) > lambd), (0, True)),  # 0 at the kinks
        ),
        parameters=(nonnegative("lambd", 0.5, "threshold below which |x| is set to 0",
                                symbol="lambda"),),
        references=("donoho1995denoising",),
        frameworks=Frameworks(
            pytorch="torch.nn.Softshrink(lambd=0.5)",
            keras="keras.activations.soft_shrink (threshold=0.5)",
            mlx="mlx.nn.softshrink (lambd=0.5)",
            notes=(
                "JAX has no jax.nn version.",
                "Keras 3 calls the parameter threshold; only recent Keras 3 releases ship it.",
            ),
        ),
    )
)

# -- hardshrink ---------------------------------------------------------------------------


def _hardshrink(x: Array, lambd: float) -> Array:
    r"""Hard thresholding: :math:`f(x) = x` for :math:`|x| > \lambda`, else :math:`0`
    (:math:`\lambda = 0.5` by default). It jumps from 0 to :math:`\pm\lambda` at
    :math:`x = \pm\lambda`, where the library, like PyTorch, returns 0.

    >>> import activations
    >>> activations.hardshrink([-2.0, -0.5, 0.25, 0.75])
    array([-2.  ,  0.  ,  0.  ,  0.75])
    """
    # x times a 0/1 mask: NaN * 0 is NaN, and infinities are always outside, so never
    # inf * 0. Adding 0.0 turns the -0.0 that negative inputs inside give into 0.0.
    out = _outside(x, lambd)
    np.multiply(out, x, out=out)
    out += 0.0
    return out


def _hardshrink_derivative(x: Array, lambd: float) -> Array:
    r"""1 where :math:`|x| > \lambda`, else 0, including at the jumps
    :math:`x = \pm\lambda` (PyTorch's backward pass; the true derivative does not exist
    there)."""
    return nan_where_nan(x, _outside(x, lambd))


hardshrink = register(
    Elementwise(
        name="hardshrink",
        title="Hardshrink (hard thresholding)",
        family="shrinkage",
        aliases=("hard_shrink", "hard_thresholding"),
        summary=(
            "Hardshrink keeps an input unchanged when its magnitude exceeds lambda and "
            "sets it to zero otherwise. It is the hard-thresholding operator of wavelet "
            "denoising and iterative hard thresholding; unlike softshrink it does not bias "
            "large inputs, at the price of a jump at plus and minus lambda."
        ),
        forward=_hardshrink,
        derivative_fn=_hardshrink_derivative,
        expression=lambda sp, x, lambd: sp.Piecewise(
            (x, x > lambd), (x, x < -lambd), (0, True)
        ),
        forms=lambda sp, N, x, lambd: (
            sp.Piecewise((x, sp.Abs(x) > lambd), (0, True)),
            sp.Piecewise((1, sp.Abs(x) > lambd), (0, True)),  # 0 at the jumps
        ),
        parameters=(nonnegative("lambd", 0.5, "threshold below which |x| is set to 0",
                                symbol="lambda"),),
        references=("donoho1995denoising",),
        frameworks=Frameworks(
            pytorch="torch.nn.Hardshrink(lambd=0.5)",
            keras="keras.activations.hard_shrink (threshold=0.5)",
            mlx="mlx.nn.hard_shrink (lambd=0.5)",
            notes=(
                "JAX has no jax.nn version.",
                "Keras 3 calls the parameter threshold; only recent Keras 3 releases ship it.",
            ),
        ),
    )
)

__all__ = ["hardshrink", "softshrink", "tanhshrink"]
