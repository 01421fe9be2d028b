r"""Measuring the library against exact values: ulp errors over the whole float range.

The exact value of ``f(x)`` (or ``f'``, ``f''``) at a float ``x`` is the SymPy
expression evaluated with mpmath. Where the expression cancels (``log(1 + e^x)`` for
very negative ``x``, ``1 + erf(x)``), a fixed working precision silently returns
garbage, so :func:`exact` evaluates at 50 digits and again at 100, doubling until two
successive answers agree to 30 digits (a result of exactly zero must survive up to
3,200 digits before it is believed).

The error is counted in units in the last place of the exact result's binade,
floored at the smallest normal number, and compared with :math:`4 + \kappa` ulp for
float64 (:math:`1 + \kappa` for float32), where :math:`\kappa = |x f'(x) / f(x)|` is the
condition number: a perfectly rounded ``f`` evaluated in floating point cannot do
better than that when its intermediates round.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._core import Elementwise, get, symbol_x

START_DIGITS = 50
#: Results below 2**NEGLIGIBLE are far past the smallest subnormal (2**-1074).
NEGLIGIBLE = -4000
MAX_DIGITS = 3200
AGREE_DIGITS = 30

#: Allowed error, in ulp, on top of the condition number.
BASE_ULP = {np.dtype(np.float64): 4.0, np.dtype(np.float32): 1.0}


@functools.cache
def _compiled(name: str, order: int, params: tuple[tuple[str, float], ...]) -> Callable[..., Any]:
    import sympy

    from .properties import _as_piecewise

    act = get(name)
    assert isinstance(act, Elementwise)
    x = symbol_x()
    expr = without_cancellation(_as_piecewise(act.expr(**_exact_params(dict(params)))))
    derivative = _cancelled(sympy.diff(expr, x, order))
    return sympy.lambdify(x, derivative, modules=[{"NormalCDF": _normal_cdf}, "mpmath"])


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

    ``1 + erf(z)`` becomes ``2 Phi(sqrt(2) z)``, ``1 + tanh(z)`` becomes
    ``2 / (1 + e^(-2z))`` and ``log(1 + e^z)`` becomes ``log1p(e^z)``:
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
    expr = expr.replace(sympy.erf, lambda arg: 2 * cdf(sympy.sqrt(2) * arg) - 1)
    # 1 + tanh(a) = 2 / (1 + e^(-2a)): the tanh form of GELU far left.
    expr = expr.replace(1 + sympy.tanh(w), 2 / (1 + sympy.exp(-2 * w)))
    expr = sympy.expand_log(expr, force=True)
    return expr.replace(sympy.log(1 + sympy.exp(w)), log1p(sympy.exp(w)))


def _exact_params(params: dict[str, float]) -> dict[str, Any]:
    # Exact binary value of each float parameter: we measure the implementation, not
    # the rounding of 0.01 to the nearest double.
    import sympy

    return {k: sympy.Rational(v) for k, v in params.items()}


def exact(name: str, x: float, order: int = 0, **params: float) -> Any:
    """The exact ``order``-th derivative at the float ``x``, as an mpmath number."""
    import mpmath

    act = get(name)
    values = act._resolve(params)
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


def _overflow_threshold(dtype: np.dtype[Any]) -> Any:
    """Exact values at or above this round to infinity in ``dtype``."""
    import mpmath

    info = np.finfo(dtype)
    return mpmath.mpf(float(info.max)) + mpmath.mpf(ulp(float(info.max), dtype)) / 2


@dataclass(frozen=True)
class Measurement:
    """Errors (in ulp) and allowed bounds at each input of a sweep."""

    name: str
    order: int
    dtype: str
    x: np.ndarray
    errors: np.ndarray
    bounds: np.ndarray

    @property
    def worst(self) -> float:
        """The largest error in ulp."""
        return float(np.max(self.errors))

    @property
    def worst_over_bound(self) -> float:
        """The largest error divided by the allowed bound (at most 1 to pass)."""
        return float(np.max(self.errors / self.bounds))

    def failures(self) -> list[tuple[float, float, float]]:
        bad = self.errors > self.bounds
        return list(
            zip(
                self.x[bad].tolist(),
                self.errors[bad].tolist(),
                self.bounds[bad].tolist(),
                strict=True,
            )
        )


def measure(
    name: str,
    order: int = 0,
    dtype: Any = np.float64,
    xs: Sequence[float] | np.ndarray | None = None,
    skip: Sequence[float] = (),
    **params: float,
) -> Measurement:
    """Ulp error of ``f`` (order 0) or ``f'`` (order 1) at ``xs`` (default: a sweep)."""
    act = get(name)
    assert isinstance(act, Elementwise)
    dt = np.dtype(dtype)
    points = sample_inputs(dt) if xs is None else np.asarray(xs, dtype=dt)
    points = points[~np.isin(points, np.asarray(skip, dtype=dt))]
    fn = act if order == 0 else act.derivative
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        computed = np.asarray(fn(points, **params))
    if xs is None and not params:
        return score_stored(name, order, points, computed)
    return score(name, order, points, computed, **params)


def score_stored(name: str, order: int, points: np.ndarray, computed: np.ndarray) -> Measurement:
    """:func:`score`, against the exact values stored for the sweep
    (:mod:`activations.reference_values`, default parameters): milliseconds, not minutes."""
    from .reference_values import load

    dt = np.dtype(points.dtype)
    info = np.finfo(dt)
    ref = load(name, order).at(points)
    c = np.asarray(computed, dtype=dt).astype(np.float64)
    # One ulp of the exact result's binade, floored at the smallest normal number:
    # 2**(e - 1 - nmant) for a result (hi + lo) * 2**e.
    ulp_exponent = np.maximum(ref.exponent - 1, int(np.log2(float(info.smallest_normal))))
    ulp_exponent = ulp_exponent - info.nmant
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = np.ldexp(c, -np.minimum(ref.exponent, 2000))
        difference = np.abs((scaled - ref.hi) - ref.lo)
        errors = np.ldexp(difference, np.minimum(ref.exponent, 2000) - ulp_exponent)
    errors = np.where(np.isfinite(c), errors, np.inf)
    # Near and past the largest float, decide with mpmath (a handful of points).
    for i in np.flatnonzero(ref.exponent >= info.maxexp):
        y = ref.mpf(int(i))
        errors[i] = score_one(y, float(c[i]), dt)
    errors = np.where(np.isnan(errors), np.inf, errors)
    bounds = BASE_ULP[dt] + ref.kappa
    return Measurement(name, order, dt.name, points, errors, bounds)


def score_one(y: Any, c: float, dt: np.dtype[Any]) -> float:
    """Error in ulp of the float ``c`` against the exact ``y`` (inf for a wrong infinity)."""
    import mpmath

    with mpmath.workdps(40):
        overflows = abs(y) >= _overflow_threshold(dt)
        if overflows or not math.isfinite(c):
            # Past the largest float the correctly rounded result is +-inf.
            right = overflows and math.isinf(c) and (c > 0) == (y > 0)
            return 0.0 if right else math.inf
        return float(abs(mpmath.mpf(c) - y) / ulp(y, dt))


def score(
    name: str, order: int, points: np.ndarray, computed: np.ndarray, **params: float
) -> Measurement:
    """Ulp errors of any ``computed`` values of ``f`` (or ``f'``) at ``points``, so that
    other implementations (a textbook formula, SciPy, PyTorch) are judged the same way.
    The dtype of ``points`` sets the ulp."""
    # the same condition number as the stored sweep, so both paths draw one bound
    from .reference_values import condition

    dt = np.dtype(points.dtype)
    errors, bounds = [], []
    for p, c in zip(points.tolist(), np.asarray(computed, dtype=float).tolist(), strict=True):
        y = exact(name, p, order, **params)
        dy = exact(name, p, order + 1, **params)
        errors.append(score_one(y, c, dt))
        bounds.append(BASE_ULP[dt] + condition(p, y, dy))
    return Measurement(name, order, dt.name, points, np.array(errors), np.array(bounds))
