r"""Measuring the library against exact values: ulp errors over the whole float range.

The error is counted in units in the last place of the exact result's binade,
floored at the smallest normal number, and compared with :math:`4 + \kappa` ulp for
float64 (:math:`1 + \kappa` for float32), where :math:`\kappa = |x f'(x) / f(x)|` is the
condition number: a perfectly rounded ``f`` evaluated in floating point cannot do
better than that when its intermediates round. The exact values come from
:mod:`.exact` (mpmath), or for the standard sweep from :mod:`.reference_values`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.registry import Activation, Elementwise, as_activation
from .exact import exact, sample_inputs, ulp
from .reference_values import condition, load, sweep_points

#: Allowed error, in ulp, on top of the condition number.
BASE_ULP = {np.dtype(np.float64): 4.0, np.dtype(np.float32): 1.0}


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
    activation: Activation | str,
    order: int = 0,
    dtype: Any = np.float64,
    xs: Sequence[float] | np.ndarray | None = None,
    skip: Sequence[float] = (),
    **params: float,
) -> Measurement:
    """Ulp error of ``f`` (order 0) or ``f'`` (order 1) at ``xs`` (default: a sweep)."""
    act = as_activation(activation)
    assert isinstance(act, Elementwise)
    dt = np.dtype(dtype)
    points = sample_inputs(dt) if xs is None else np.asarray(xs, dtype=dt)
    points = points[~np.isin(points, np.asarray(skip, dtype=dt))]
    fn = act if order == 0 else act.derivative
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        computed = np.asarray(fn(points, **params))
    if xs is None and not params:
        return score_stored(act, order, points, computed)
    return score(act, order, points, computed, **params)


def score_stored(
    activation: Activation | str, order: int, points: np.ndarray, computed: np.ndarray
) -> Measurement:
    """:func:`score`, against the exact values stored for the sweep
    (:mod:`.reference_values`, default parameters): milliseconds, not minutes."""
    act = as_activation(activation)
    dt = np.dtype(points.dtype)
    info = np.finfo(dt)
    ref = load(act, order).at(points)
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
    return Measurement(act.name, order, dt.name, points, errors, bounds)


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
    activation: Activation | str,
    order: int,
    points: np.ndarray,
    computed: np.ndarray,
    **params: float,
) -> Measurement:
    """Ulp errors of any ``computed`` values of ``f`` (or ``f'``) at ``points``, so that
    other implementations (a textbook formula, SciPy, PyTorch) are judged the same way.
    The dtype of ``points`` sets the ulp."""
    act = as_activation(activation)
    dt = np.dtype(points.dtype)
    if not params and isinstance(act, Elementwise) and points.size:
        # Points of the stored sweep are scored against the stored exact values (the
        # same numbers: a test keeps the two paths equal); mpmath only for the others.
        stored = np.isin(points.astype(np.float64), sweep_points())
        if stored.any():
            values = np.asarray(computed)
            errors_all, bounds_all = np.empty(points.size), np.empty(points.size)
            known = score_stored(act, order, points[stored], values[stored])
            errors_all[stored], bounds_all[stored] = known.errors, known.bounds
            if (~stored).any():
                rest = _score_exact(act, order, points[~stored], values[~stored])
                errors_all[~stored], bounds_all[~stored] = rest.errors, rest.bounds
            return Measurement(act.name, order, dt.name, points, errors_all, bounds_all)
    return _score_exact(act, order, points, computed, **params)


def _score_exact(
    act: Activation, order: int, points: np.ndarray, computed: np.ndarray, **params: float
) -> Measurement:
    """:func:`score` with every exact value computed by mpmath."""
    dt = np.dtype(points.dtype)
    errors, bounds = [], []
    for p, c in zip(points.tolist(), np.asarray(computed, dtype=float).tolist(), strict=True):
        y = exact(act, p, order, **params)
        dy = exact(act, p, order + 1, **params)
        errors.append(score_one(y, c, dt))
        # the same condition number as the stored sweep, so both paths draw one bound
        bounds.append(BASE_ULP[dt] + condition(p, y, dy))
    return Measurement(act.name, order, dt.name, points, np.array(errors), np.array(bounds))
