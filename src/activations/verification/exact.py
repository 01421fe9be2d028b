r"""Exact values of an activation and its derivatives at a float, with mpmath.

The exact value of ``f(x)`` (or ``f'``, ``f''``) at a float ``x`` is the SymPy
expression evaluated with mpmath. Where the expression cancels (``log(1 + e^x)`` for
very negative ``x``, ``1 + erf(x)``), a fixed working precision silently returns
garbage, so :func:`exact` evaluates at 50 digits and again at 100, doubling until two
successive answers agree to 30 digits (a result of exactly zero must survive up to
3,200 digits before it is believed). Also here: the floats every sweep visits
(:func:`sample_inputs`) and the unit errors are counted in (:func:`ulp`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..core.registry import Activation, as_activation
from ..core.symbolic import derivative_expression

START_DIGITS = 50
#: Results below 2**NEGLIGIBLE are far past the smallest subnormal (2**-1074).
NEGLIGIBLE = -4000
MAX_DIGITS = 3200
AGREE_DIGITS = 30

@functools.cache
def _compiled(name: str, order: int, params: tuple[tuple[str, float], ...]) -> Callable[..., Any]:
    import sympy

    from ..core.symbolic import symbol_x

    exact_params = exact_parameters(dict(params))
    expression = derivative_expression(
        as_activation(name), order, rewrite=without_cancellation, **exact_params
    )
    return sympy.lambdify(
        symbol_x(),
        _cancelled(expression),
        modules=[{"NormalCDF": _normal_cdf, "tanh": _tanh, "sech": _sech}, "mpmath"],
    )


#: Beyond this, tanh is +-1 and sech 0 to far below 2**NEGLIGIBLE: mpmath's own tanh and
#: sech raise OverflowError for arguments such as e^(1e20) (TanhExp's gate).
_SATURATED = 10**4


def _tanh(z: Any) -> Any:
    import mpmath

    return mpmath.sign(z) if abs(z) > _SATURATED else mpmath.tanh(z)


def _sech(z: Any) -> Any:
    import mpmath

    return mpmath.mpf(0) if abs(z) > _SATURATED else mpmath.sech(z)


def _cancelled(expr: Any) -> Any:
    """Fold the differences that differentiation leaves behind, which cancel to a tiny
    result and would otherwise force thousands of digits: ``tanh(w)^2 - 1`` becomes
    ``-sech(w)^2`` (Mish) and ``e^x/(1+e^x) - e^{2x}/(1+e^x)^2`` one fraction
    (softplus, log-sigmoid)."""
    import sympy

    expr = expr.replace(
        lambda e: e.is_Pow and e.exp == 2 and isinstance(e.base, sympy.tanh),
        lambda e: 1 - sympy.sech(e.base.args[0]) ** 2,
    )
    if isinstance(expr, sympy.Piecewise):
        return sympy.Piecewise(*[(_cancelled(piece), cond) for piece, cond in expr.args])
    if (expr.is_Add or expr.is_Mul) and not expr.has(sympy.Piecewise):
        return sympy.cancel(expr)
    return expr


def _normal_cdf(z: Any) -> Any:
    """Phi(z) in mpmath, also where mpmath's own erfc overflows (|z| near 1e300)."""
    import mpmath

    if abs(z) < mpmath.mpf(10) ** 15:
        return mpmath.ncdf(z)
    # Mills' ratio series: Phi(z) = phi(z)/|z| (1 - 1/z^2 + 3/z^4 - ...), error < 1e-100.
    u = 1 / (z * z)
    tail = mpmath.npdf(z) / abs(z) * (1 - u + 3 * u**2 - 15 * u**3 + 105 * u**4 - 945 * u**5)
    return tail if z < 0 else 1 - tail


def _normal_cdf_class() -> Any:
    import sympy

    class NormalCDF(sympy.Function):
        """The standard normal CDF, kept whole so that 1 + erf(z) never cancels."""

        def fdiff(self, argindex: int = 1) -> Any:
            z = self.args[0]
            return sympy.exp(-(z**2) / 2) / sympy.sqrt(2 * sympy.pi)

    return NormalCDF


_NORMAL_CDF: list[Any] = []


def without_cancellation(expr: Any) -> Any:
    """The same function, rewritten so mpmath evaluates it without cancellation.

    ``1 + erf(z)`` (``z`` not known to be positive) becomes ``2 Phi(sqrt(2) z)``,
    ``1 + tanh(z)`` becomes ``2 / (1 + e^(-2z))`` and ``log(1 + w)`` becomes ``log1p(w)``:
    equal as functions, but the first forms lose every digit where the result is tiny
    (GELU and softplus far left), which would force thousands of digits of working
    precision.
    """
    import sympy
    from sympy.codegen.cfunctions import log1p

    if not _NORMAL_CDF:
        _NORMAL_CDF.append(_normal_cdf_class())
    cdf = _NORMAL_CDF[0]
    w = sympy.Wild("w")
    # erf(a) = 2 Phi(sqrt(2) a) - 1, so 1 + erf(a) folds into 2 Phi(sqrt(2) a).
    # Only where the argument can be negative: erf of a positive argument (SERF's
    # erf(softplus x)) never cancels, and its 2 Phi - 1 form would cancel near 0.
    expr = expr.replace(
        sympy.erf,
        lambda arg: sympy.erf(arg) if arg.is_positive else 2 * cdf(sympy.sqrt(2) * arg) - 1,
    )
    # 1 + tanh(a) = 2 / (1 + e^(-2a)): the tanh form of GELU far left.
    expr = expr.replace(1 + sympy.tanh(w), 2 / (1 + sympy.exp(-2 * w)))
    expr = sympy.expand_log(expr, force=True)
    # Any log(1 + w), not only softplus's: Smish's log(1 + sigma(x)) at x = -350 adds
    # 1e-152 to 1, which 50 and 100 digits both round away, and agree on.
    return expr.replace(sympy.log(1 + w), log1p(w))


def exact_parameters(params: dict[str, float]) -> dict[str, Any]:
    """Each float parameter as the exact rational it stands for: the implementation is
    measured, not the rounding of 0.01 to the nearest double."""
    import sympy

    return {k: sympy.Rational(v) for k, v in params.items()}


def exact(activation: Activation | str, x: float, order: int = 0, **params: float) -> Any:
    """The exact ``order``-th derivative at the float ``x``, as an mpmath number.

    >>> float(exact("sigmoid", 0.0, order=1))
    0.25
    """
    import mpmath

    act = as_activation(activation)
    values = act.resolve_params(params)
    fn = _compiled(act.name, order, tuple(sorted(values.items())))
    point = mpmath.mpf(float(x))

    def at(digits: int) -> Any:
        with mpmath.workdps(digits):
            return +mpmath.mpf(fn(point))

    negligible = mpmath.ldexp(1, NEGLIGIBLE)
    digits = START_DIGITS
    previous = at(digits)
    while digits < MAX_DIGITS:
        digits *= 2
        current = at(digits)
        if 0 < abs(previous) < negligible and 0 < abs(current) < negligible:
            # e^(-1e900) and the like: no feasible precision resolves the digits of a
            # number this far below the smallest subnormal, and no float needs them.
            return current
        if previous != 0 and current != 0:
            with mpmath.workdps(digits):
                if abs(current - previous) <= abs(current) * mpmath.mpf(10) ** (-AGREE_DIGITS):
                    return current
        elif previous == 0 and current != 0:
            pass  # a cancellation resolved only now: keep doubling until it agrees
        previous = current
    return previous


def sample_inputs(
    dtype: np.dtype[Any] | type = np.float64, per_binade: int = 1, seed: int = 0
) -> np.ndarray:
    """Floats of both signs in every binade from the smallest subnormal to the largest
    finite number, plus zero and the boundaries of each range."""
    info = np.finfo(dtype)
    rng = np.random.default_rng(seed)
    low = int(np.log2(float(info.smallest_subnormal)))
    high = info.maxexp - 1
    exponents = np.repeat(np.arange(low, high + 1), per_binade)
    mantissa = 1.0 + rng.random(exponents.size)
    positive = np.ldexp(mantissa, exponents).astype(dtype)
    specials = np.array([info.smallest_subnormal, info.smallest_normal, 1.0, info.max], dtype=dtype)
    # Where the activations do their work, densely: every 1/4 in [-40, 40].
    dense = np.arange(1, 161) / 4.0
    positive = np.concatenate([positive[np.isfinite(positive) & (positive > 0)], specials, dense])
    return np.unique(np.concatenate([[0.0], positive, -positive]).astype(dtype))


def ulp(value: Any, dtype: np.dtype[Any]) -> float:
    """One unit in the last place of ``dtype`` at ``|value|``'s binade, floored at the
    smallest normal number (so every subnormal result has the same ulp)."""
    import mpmath

    info = np.finfo(dtype)
    tiny_exponent = int(np.log2(float(info.smallest_normal)))
    if value == 0:
        exponent = tiny_exponent
    else:
        exponent = max(int(mpmath.floor(mpmath.log(abs(value), 2))), tiny_exponent)
    return math.ldexp(1.0, exponent - info.nmant)


