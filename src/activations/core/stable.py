"""Numerically stable building blocks shared by several activations.

Each helper takes and returns float64 arrays, never overflows, never divides zero by
zero, and keeps NaN as NaN, so the activations built from them raise no floating-point
warnings on any input, infinities included.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from .inputs import Array


def sigmoid_pair(x: Array) -> tuple[Array, Array]:
    """Return ``(sigma(x), sigma(-x))``, each to full relative precision.

    ``1 / (1 + exp(-x))`` overflows in ``exp`` for x below about -709, and
    ``1 - sigma(x)`` cancels for large x. Writing both through ``e = exp(-|x|) <= 1``
    avoids both problems: the larger one is ``1 / (1 + e)``, the smaller ``e / (1 + e)``.
    """
    e = np.exp(-np.abs(x))
    big = 1.0 / (1.0 + e)
    small = e * big
    positive = x >= 0
    return np.where(positive, big, small), np.where(positive, small, big)


def sigmoid(x: Array) -> Array:
    """``1 / (1 + exp(-x))`` without overflow; see :func:`sigmoid_pair`."""
    return sigmoid_pair(x)[0]


def softplus(x: Array) -> Array:
    """``log(1 + exp(x))`` as ``max(x, 0) + log1p(exp(-|x|))``: no overflow, no cancellation."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sech_squared(x: Array) -> Array:
    """``sech(x)^2 = 1 - tanh(x)^2`` as ``4e / (1 + e)^2`` with ``e = exp(-2|x|)``.

    ``1 - tanh(x)^2`` loses every digit once ``tanh(x)`` rounds to 1 (|x| > 19), while
    the true value stays representable until |x| near 355.
    """
    # Beyond |x| = 400 the result is 0 anyway; clipping keeps -2|x| from overflowing.
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


def reciprocal_one_plus_abs(x: Array) -> Array:
    """``1 / (1 + |x|)``, which is ``0`` (not NaN) at infinity."""
    return 1.0 / (1.0 + np.abs(x))


def horner(x: Array, coefficients: tuple[float, ...]) -> Array:
    """Evaluate ``c0 + c1 x + c2 x^2 + ...`` by Horner's rule."""
    result = np.full_like(x, coefficients[-1])
    for c in reversed(coefficients[:-1]):
        result = result * x + c
    return result


#: Veltkamp's splitting constant 2**27 + 1: a float splits into two 26-bit halves.
_SPLIT = 134217729.0


def halves(a: Array | float) -> tuple[Array, Array]:
    """Veltkamp's split ``a = hi + lo`` into 26-bit halves, exactly (``|a| < 1e300``)."""
    t = _SPLIT * a
    high = t - (t - a)
    return high, a - high


def product_error(a: Array | float, b: Array | float) -> Array:
    r"""The rounding error of ``a * b``, exactly (Dekker):
    :math:`ab = \operatorname{fl}(ab) + \text{error}`.

    Valid while nothing over- or underflows (``|a|, |b| < 1e150``: the split multiplies
    by :math:`2^{27}`); either argument may be a scalar.
    """
    a_hi, a_lo = halves(a)
    b_hi, b_lo = halves(b)
    p = a * b
    return ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def sum_error(a: Array | float, b: Array | float, s: Array) -> Array:
    """The rounding error of ``s = fl(a + b)``: ``a + b == s + error`` exactly (Knuth's
    TwoSum); valid while nothing overflows."""
    bb = s - a
    return (a - (s - bb)) + (b - bb)


def square_error(x: Array) -> Array:
    r"""The rounding error of ``x * x``, exactly:
    :math:`x^2 = \operatorname{fl}(x^2) + \text{error}`.

    Valid for ``|x| < 1e150``.
    """
    hi, lo = halves(x)
    p = x * x
    return ((hi * hi - p) + 2.0 * hi * lo) + lo * lo


#: Elements per pass of :func:`in_blocks`: slices of 32768 keep every temporary of a
#: formula in the CPU cache, where whole arrays of 10^6 elements would stream them
#: through main memory (two to three times slower for the same arithmetic).
BLOCK = 32768


def in_blocks(kernel: Callable[..., Array], x: Array, *args: Any, **kwargs: Any) -> Array:
    """``kernel(x, *args, **kwargs)`` for an element-wise ``kernel``, computed on
    consecutive slices of ``x`` flattened (``kernel`` sees 1-d arrays only)."""
    flat = x.reshape(-1)
    if flat.size <= BLOCK:
        return kernel(flat, *args, **kwargs).reshape(x.shape)
    out = np.empty_like(flat)
    for start in range(0, flat.size, BLOCK):
        out[start : start + BLOCK] = kernel(flat[start : start + BLOCK], *args, **kwargs)
    return out.reshape(x.shape)


def blockwise(fn: Callable[..., Array]) -> Callable[..., Array]:
    """Decorator: ``fn`` computed :func:`in_blocks`."""

    @functools.wraps(fn)
    def blocked(x: Array, *args: Any, **kwargs: Any) -> Array:
        return in_blocks(fn, x, *args, **kwargs)

    return blocked


def nan_where_nan(x: Array, out: Array) -> Array:
    """Set ``out`` to NaN wherever ``x`` is NaN, in place, and return it.

    Results built from comparisons are False (0) at NaN. ``x.min()`` is NaN exactly when
    some element is, so one fast reduction decides whether a boolean mask is needed at
    all; NaN-free input pays for none.
    """
    if x.size and np.isnan(x.min()):
        out[np.isnan(x)] = np.nan
    return out


def exp_minus_abs(x: Array) -> Array:
    """``exp(-|x|)``, in [0, 1] (NaN at NaN), in a new array: never overflows."""
    e = np.abs(x, out=np.empty_like(x))
    np.negative(e, out=e)
    return np.exp(e, out=e)


# -- polynomial tables ------------------------------------------------------------------
#
# Where a derivative is a difference of two terms of similar size (those of Smish, SERF,
# TanhExp and ELiSH, left of their minimum), the float64 building blocks (erf, exp, a
# division) each carry up to an ulp of their own, and the difference multiplies them
# several times over. A table of polynomials for the derivative itself, with
# coefficients computed once in mpmath, has no difference to lose: near a root the
# constant term is small and the rounding is that of the linear term, which the
# condition number already allows.

#: Pieces per unit of x: centres k/8, |x - centre| <= 1/16.
TABLE_STEP = 8


@functools.cache
def polynomial_table(name: str, low: int, high: int, terms: int) -> Array:
    r"""Coefficients, shape ``(terms, pieces)``, of polynomials in ``v = 16 (x - centre)``
    that reproduce the mpmath function registered as ``name`` in
    :data:`TABLE_FUNCTIONS` on each piece, centres every 1/8 from ``low`` to ``high``:
    interpolating its values at ``terms`` Chebyshev nodes (in mpmath), from ``v^0`` up.

    For the derivatives tabulated here the nearest complex singularity is at least
    :math:`\pi` from the real axis, so the polynomials converge like :math:`(16\pi)^{-n}`
    and 12 terms leave an error far below an ulp."""
    import mpmath

    function = TABLE_FUNCTIONS[name]
    rows = []
    with mpmath.workdps(40):
        nodes = [mpmath.cos(mpmath.pi * (j + mpmath.mpf(1) / 2) / terms) for j in range(terms)]
        vandermonde = mpmath.matrix([[v**n for n in range(terms)] for v in nodes])
        for k in range(low * TABLE_STEP, high * TABLE_STEP + 1):
            centre = mpmath.mpf(k) / TABLE_STEP
            values = mpmath.matrix([function(centre + v / 16) for v in nodes])
            rows.append([float(c) for c in mpmath.lu_solve(vandermonde, values)])
    return np.ascontiguousarray(np.array(rows).T)


#: mpmath functions that :func:`polynomial_table` may tabulate, by name; each module that
#: uses a table registers its function here.
TABLE_FUNCTIONS: dict[str, Callable[[Any], Any]] = {}


def patch_from_table(x: Array, out: Array, name: str, low: int, high: int, terms: int) -> Array:
    """``out`` with its entries where ``low < x < high`` replaced by the tabulated
    function (:func:`from_table`), in place; returned for chaining."""
    near = (x > low) & (x < high)
    if np.any(near):
        out[near] = from_table(x[near], name, low, high, terms)
    return out


def from_table(x: Array, name: str, low: int, high: int, terms: int) -> Array:
    """The tabulated function at ``x`` clipped to ``[low, high]`` (callers use the result
    only inside that interval). ``x - centre`` is exact: both lie within a factor of two
    of each other, or the centre is 0."""
    table = polynomial_table(name, low, high, terms)
    inside = np.clip(np.where(np.isnan(x), low, x), low, high)
    k = np.rint(inside * TABLE_STEP)
    u = (inside - k / TABLE_STEP) * 16.0  # exact: a power of two
    index = (k - low * TABLE_STEP).astype(np.intp)
    out = np.take(table[-1], index)
    for row in table[-2::-1]:
        out *= u
        out += np.take(row, index)
    return out
