r"""Periodic and radial functions: sine (SIREN), the Gaussian bump and sinc.

None of them is monotonic: each answers "how close is the input to a pattern"
rather than "how large is it". Each function below is the forward pass of one
registered activation; its docstring is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

import numpy as np

from ..parameters import positive
from ..registry import Array, Elementwise, Frameworks, register
from ..stable import blockwise, horner

_MAX = float(np.finfo(np.float64).max)

# -- sine ---------------------------------------------------------------------------------


def _sin_of_product(x: Array, omega0: float, fn: str) -> Array:
    r"""``sin(omega0 * x)`` or ``cos(omega0 * x)``: NaN at :math:`\pm\infty` (no limit),
    without the 'invalid' warning ``np.sin(inf)`` raises.

    Where the product :math:`\omega_0 x` exceeds the float range (only for
    :math:`\omega_0 > 1` and :math:`|x| > \text{max}/\omega_0`), the exact product of the
    two floats is formed in mpmath, which reduces it modulo :math:`2\pi` with as many
    bits of :math:`\pi` as it needs: the function is defined there, so the library
    returns its value rather than NaN. Those inputs are rare, so the loop is too.
    """
    # False for +-inf and NaN; for omega0 <= 1 the product cannot overflow (and
    # _MAX / omega0 itself would).
    fits = np.isfinite(x) if omega0 <= 1.0 else np.abs(x) <= _MAX / omega0
    arg = omega0 * np.where(fits, x, 0.0)
    out = np.where(fits, np.sin(arg) if fn == "sin" else np.cos(arg), np.nan)
    huge = np.isfinite(x) & ~fits
    if np.any(huge):
        import mpmath

        with mpmath.workprec(160):  # 106 bits hold the product exactly
            exact = mpmath.sin if fn == "sin" else mpmath.cos
            out[huge] = [float(exact(mpmath.mpf(omega0) * mpmath.mpf(v))) for v in x[huge]]
    return out


def _sine(x: Array, omega0: float) -> Array:
    r"""Sine (SIREN): :math:`f(x) = \sin(\omega_0 x)`, :math:`\omega_0 = 1` by default.

    SIREN multiplies the first layer's pre-activations by :math:`\omega_0 = 30`, so the
    network starts with high-frequency features. :math:`\sin(\pm\infty)` has no limit,
    so the result there is NaN (raised without a floating-point warning).

    >>> import activations
    >>> activations.sine([0.0, np.pi / 2, 1.0], omega0=1.0)
    array([0.        , 1.        , 0.84147098])
    """
    return _sin_of_product(x, omega0, "sin")


def _sine_derivative(x: Array, omega0: float) -> Array:
    r""":math:`f'(x) = \omega_0 \cos(\omega_0 x)`; NaN at :math:`\pm\infty`, where the
    oscillation has no limit."""
    return omega0 * _sin_of_product(x, omega0, "cos")


sine = register(
    Elementwise(
        name="sine",
        title="Sine (SIREN)",
        family="periodic",
        aliases=("sin", "siren", "sinusoid"),
        summary=(
            "The sine activation computes sin(omega0 x). SIREN networks use it, with "
            "omega0 = 30 in the first layer, to fit images, signed distance functions and "
            "other signals with fine detail as implicit neural representations; pick it for "
            "coordinate-based networks, together with SIREN's matching initialisation."
        ),
        forward=_sine,
        derivative_fn=_sine_derivative,
        expression=lambda sp, x, omega0: sp.sin(omega0 * x),
        forms=lambda sp, N, x, omega0: (sp.sin(omega0 * x), omega0 * sp.cos(omega0 * x)),
        parameters=(positive("omega0", 1.0, "frequency: the input is multiplied by it",
                             symbol="omega_0"),),
        references=("sitzmann2020siren",),
        frameworks=Frameworks(
            notes=(
                "No framework ships it as an activation; write torch.sin(omega0 * x) or "
                "jnp.sin(omega0 * x). SIREN applies omega0 = 30 to the first layer.",
            ),
        ),
    )
)

# -- gaussian -----------------------------------------------------------------------------

#: exp(-x^2) is below the smallest subnormal from |x| = 27.3 on; clipping at 40 keeps x*x
#: far from overflow and changes no result.
_GAUSS_CLIP = 40.0
#: x + 1.5 * 2^32 rounds |x| < 2^31 to a multiple of 2^-20: for |x| <= 40 that leaves
#: at most 26 significant bits, whose square is exact.
_HALF_SPLIT = 1.5 * 2.0**32
def _exp_minus_square(x: Array) -> Array:
    r""":math:`e^{-x^2}` for ``|x| <= 40``, without the error of rounding :math:`x^2`.

    Rounding :math:`x^2` to a double changes it by up to :math:`x^2 \cdot 2^{-53}`,
    which :math:`e^{-x^2}` turns into a relative error of the same size: about
    :math:`x^2/2` ulp, 300 ulp near :math:`x = 25`. Dekker's exact product writes
    :math:`x^2 = h + l` with :math:`h = \mathrm{fl}(x^2)` and the rounding error
    :math:`l`: with ``x`` split as ``hi + lo``, ``hi`` rounded to 26 bits so that
    :math:`\mathrm{hi}^2` is exact, :math:`l = (\mathrm{hi}^2 - h) +
    \mathrm{lo}\,(\mathrm{hi} + x)`. Then :math:`e^{-x^2} = e^{-h} - e^{-h}\,l` to far
    below an ulp, since :math:`|l| \le 2^{-53} h \le 2^{-42}`.
    """
    hi = x + _HALF_SPLIT
    hi -= _HALF_SPLIT
    lo = x - hi
    h = x * x
    err = hi * hi
    err -= h  # exact (and negligible where it is not, for |x| < 2^-19)
    hi += x
    hi *= lo
    err += hi  # x^2 - h
    np.negative(h, out=h)
    out = np.exp(h, out=h)
    err *= out
    out -= err
    return out


@blockwise
def _gaussian(x: Array) -> Array:
    r"""Gaussian: :math:`f(x) = e^{-x^2}`.

    :math:`x^2` overflows for :math:`|x| > 1.3 \times 10^{154}` (a warning, though the
    answer 0 would be right); the library clips :math:`|x|` at 40, where
    :math:`e^{-1600}` is already 0 in float64. The square is formed exactly, as a sum
    of two doubles (Dekker), so the result is good to about an ulp even where the
    rounded :math:`x^2` would cost hundreds.

    >>> import activations
    >>> activations.gaussian([0.0, 1.0, 30.0])
    array([1.        , 0.36787944, 0.        ])
    """
    return _exp_minus_square(np.clip(x, -_GAUSS_CLIP, _GAUSS_CLIP))


@blockwise
def _gaussian_derivative(x: Array) -> Array:
    r""":math:`f'(x) = -2x\,e^{-x^2}`, with ``x`` clipped as in the forward pass so that
    :math:`\infty \cdot 0` never occurs: the result at :math:`\pm\infty` is 0."""
    c = np.clip(x, -_GAUSS_CLIP, _GAUSS_CLIP)
    out = _exp_minus_square(c)
    c *= -2.0
    out *= c
    return out


gaussian = register(
    Elementwise(
        name="gaussian",
        title="Gaussian",
        family="periodic",
        aliases=("gauss", "rbf"),
        summary=(
            "The Gaussian activation exp(-x^2) is a bump: 1 at the origin, vanishing in "
            "both directions. It is the basis function of radial-basis-function networks "
            "and, with a width parameter, of recent implicit neural representations; pick "
            "it when a unit should respond only to inputs near a centre."
        ),
        forward=_gaussian,
        derivative_fn=_gaussian_derivative,
        expression=lambda sp, x: sp.exp(-(x**2)),
        forms=lambda sp, N, x: (sp.exp(-(x**2)), -2 * x * sp.exp(-(x**2))),
        references=("broomhead1988radial",),
        frameworks=Frameworks(
            notes=("No framework ships it; write torch.exp(-x**2) or jnp.exp(-x**2).",),
        ),
    )
)

# -- sinc ---------------------------------------------------------------------------------

#: Below this |x| the derivative is summed from its Taylor series (see _sinc_derivative).
_SINC_TAYLOR_LIMIT = 1.5
#: f'(x) = x * P(x^2) with P(t) = sum_{n>=1} (-1)^n 2n t^(n-1) / (2n+1)!. Twelve terms
#: leave a relative truncation error of 1.5e-22 at |x| = 1.5 (tests/test_periodic.py).
_SINC_DERIVATIVE_SERIES = tuple(
    float(Fraction((-1) ** n * 2 * n, factorial(2 * n + 1))) for n in range(1, 13)
)


def _sinc(x: Array) -> Array:
    r"""Sinc, unnormalised: :math:`f(x) = \dfrac{\sin x}{x}`, with :math:`f(0) = 1`.

    No cancellation: :math:`\sin x` keeps full relative precision even for tiny
    :math:`x` (where it returns :math:`x` itself), so the quotient does too. The
    library only has to avoid :math:`0/0` at the origin and :math:`\sin(\pm\infty)`,
    returning the limits 1 and 0. Note that ``torch.sinc`` and ``jnp.sinc`` are the
    *normalised* :math:`\sin(\pi x)/(\pi x)`.

    >>> import activations
    >>> activations.sinc([0.0, np.pi / 2, 4.493409457909064])
    array([ 1.        ,  0.63661977, -0.21723363])
    """
    regular = np.isfinite(x) & (x != 0)
    safe = np.where(regular, x, 1.0)
    limits = np.where(x == 0, 1.0, np.where(np.isinf(x), 0.0, np.nan))
    return np.where(regular, np.sin(safe) / safe, limits)


def _sinc_derivative(x: Array) -> Array:
    r""":math:`f'(x) = \dfrac{x\cos x - \sin x}{x^2} = \dfrac{\cos x}{x} - \dfrac{\sin x}{x^2}`,
    0 at the origin and at :math:`\pm\infty`.

    Near 0 the two terms nearly cancel (:math:`f'(x) \approx -x/3`): at
    :math:`x = 0.5` the difference is 12 times smaller than the terms. For
    :math:`|x| < 1.5` the library sums the Taylor series
    :math:`f'(x) = \sum_{n \ge 1} (-1)^n \frac{2n}{(2n+1)!} x^{2n-1}`, twelve terms in
    Horner form; beyond it the cancellation costs at most a factor of about 1.1. The
    second term is computed as ``sin(x) / x / x``, so :math:`x^2` never overflows.
    """
    near = np.abs(x) < _SINC_TAYLOR_LIMIT
    small = np.where(near, x, 0.0)
    series = small * horner(small * small, _SINC_DERIVATIVE_SERIES)
    far = ~near & np.isfinite(x)
    big = np.where(far, x, 1.0)
    direct = np.cos(big) / big - np.sin(big) / big / big
    limits = np.where(np.isinf(x), 0.0, np.nan)
    return np.where(near, series, np.where(far, direct, limits))


sinc = register(
    Elementwise(
        name="sinc",
        title="Sinc (cardinal sine)",
        family="periodic",
        aliases=("cardinal_sine",),
        summary=(
            "Sinc is sin(x)/x, the unnormalised cardinal sine, with value 1 at the origin. "
            "It is the ideal low-pass interpolation kernel of signal processing and appears "
            "in activation-function surveys as a smooth, even, non-monotonic unit with "
            "decaying ripples; it is rarely used in trained networks."
        ),
        forward=_sinc,
        derivative_fn=_sinc_derivative,
        expression=lambda sp, x: sp.Piecewise((1, sp.Eq(x, 0)), (sp.sin(x) / x, True)),
        forms=lambda sp, N, x: (
            sp.Piecewise((sp.sin(x) / x, sp.Ne(x, 0)), (1, True)),
            sp.Piecewise(((x * sp.cos(x) - sp.sin(x)) / x**2, sp.Ne(x, 0)), (0, True)),
        ),
        # Where it comes from (the interpolation kernel of the sampling theorem) and
        # where it has been proposed as an activation (implicit neural representations).
        references=("shannon1949communication", "saratchandran2024sampling"),
        frameworks=Frameworks(
            notes=(
                "torch.sinc and jnp.sinc (like np.sinc) are the normalised "
                "sin(pi x)/(pi x); this one is sinc(x) = torch.sinc(x / pi).",
            ),
        ),
    )
)

# -- snake --------------------------------------------------------------------------------


def _snake(x: Array, alpha: float) -> Array:
    r"""Snake (Liu Ziyin et al., 2020): :math:`f(x) = x + \sin^2(\alpha x)/\alpha`,
    :math:`\alpha > 0` (1 by default; learned per channel in audio models).

    The periodic term is at most :math:`1/\alpha`, so beyond :math:`|x| = 2^{54}/\alpha`
    it is below half an ulp of :math:`x` and the result is :math:`x` itself; that is
    also the limit at :math:`\pm\infty`. For negative :math:`x` the two terms have
    opposite signs, but :math:`\sin^2 u \le 0.73\,|u|`, so at most about 1.4 bits cancel.

    >>> import activations
    >>> activations.snake([-1.0, 0.0, 1.0])
    array([-0.29192658,  0.        ,  1.70807342])
    """
    fits = np.abs(x) <= 2.0**54 / alpha  # False for +-inf and NaN
    sine = np.sin(alpha * np.where(fits, x, 0.0))
    sine *= sine
    sine /= alpha
    sine += x
    return np.where(fits, sine, x)


def _snake_derivative(x: Array, alpha: float) -> Array:
    r""":math:`f'(x) = 1 + \sin(2\alpha x)`, between 0 and 2: Snake is monotonic, with a
    flat point wherever :math:`\sin(2\alpha x) = -1`. NaN at :math:`\pm\infty`, where
    it has no limit (as for :func:`sine`).

    Computed as :math:`(\sin \alpha x + \cos \alpha x)^2`: near a flat point
    :math:`1 + \sin(2\alpha x)` cancels to a tiny number and keeps only the rounding
    error of the sine, while there the sum of sine and cosine is exact (Sterbenz), so
    only their own small errors remain."""
    both = _sin_of_product(x, alpha, "sin")
    both += _sin_of_product(x, alpha, "cos")
    return np.multiply(both, both, out=both)


snake = register(
    Elementwise(
        name="snake",
        title="Snake",
        family="periodic",
        aliases=("snake_activation",),
        summary=(
            "Snake adds a periodic ripple to the identity, x + sin^2(alpha x) / alpha, so "
            "a network built from it can extrapolate periodic signals, where ReLU and tanh "
            "networks cannot. It is monotonic and grows like x. Neural audio codecs and "
            "vocoders (BigVGAN, DAC) use it with alpha learned per channel."
        ),
        forward=_snake,
        derivative_fn=_snake_derivative,
        expression=lambda sp, x, alpha: x + sp.sin(alpha * x) ** 2 / alpha,
        forms=lambda sp, N, x, alpha: (
            x + sp.sin(alpha * x) ** 2 / alpha,
            1 + sp.sin(2 * alpha * x),
        ),
        parameters=(
            positive("alpha", 1.0, "the frequency; the ripple's height is 1/alpha",
                     symbol="alpha"),
        ),
        references=("ziyin2020snake",),
        frameworks=Frameworks(
            notes=(
                "None of the six frameworks ships it. TensorFlow Addons had "
                "tfa.activations.snake(x, frequency=1) before it reached end of life; "
                "BigVGAN (Snake, SnakeBeta) and DAC (Snake1d) define their own, adding "
                "1e-9 to alpha before dividing by it.",
            ),
        ),
    )
)

__all__ = ["gaussian", "sinc", "sine", "snake"]
