r"""Exact values of every element-wise function over the accuracy sweep, stored once.

Evaluating ``f``, ``f'`` and ``f''`` with mpmath at the ~5,400 points of the sweep
(:func:`.exact.sample_inputs`, float64 and float32) takes about ten
seconds a function; a test suite that did it on every run would spend minutes computing
the same numbers. So they are computed once by
``python -m activations.verification.refresh reference-values`` (``make reference-values``) and
stored in ``_reference/<name>.npz``, and the sweep reads them.

Each file records, for ``f`` and ``f'`` at the default parameters, the exact value as
``(hi + lo) * 2**e`` (``hi`` a float64 in ``[0.5, 1)``, ``lo`` the float32 remainder: 77
significant bits, at any exponent, so subnormal and overflowing results keep every
digit) and the condition number :math:`\kappa = |x f'(x) / f(x)|`. A fingerprint of the
SymPy expression, the sweep and the precision rules is stored with them: a test fails
when it no longer matches (the file is stale), and another test re-evaluates a sample
of stored values with mpmath (the file is wrong).
"""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..core.registry import Activation, Elementwise, as_activation, names
from .exact import AGREE_DIGITS, MAX_DIGITS, START_DIGITS, exact, exact_parameters, sample_inputs

DIRECTORY = Path(__file__).with_name("_reference")
#: The exponent stored for an exact zero: below every binade, so its ulp is the
#: smallest subnormal's of whichever dtype is measured.
ZERO_EXPONENT = -2000
#: Results below 2**UNDERFLOW (``exp(-x**2)`` at ``x = 1e300`` is ``2**-1e600``) are
#: stored as zero: they differ from it by a 2**-426th of the smallest subnormal.
UNDERFLOW = -1500
#: Results above 2**OVERFLOW (``exp(x)`` at ``x = 1e300`` is ``2**1.4e300``) are stored
#: with that exponent: infinity is their correctly rounded value in every dtype, and
#: the exponent still fits the file's int32 column.
OVERFLOW = 1500
ORDERS = (0, 1)
_FORMAT = "1"


class StaleReferenceError(RuntimeError):
    """The stored exact values were computed from a different expression or sweep."""


def sweep_points() -> np.ndarray:
    """The float64 and float32 sweeps together, as float64 (both are looked up here)."""
    both = [sample_inputs(np.float64), sample_inputs(np.float32).astype(np.float64)]
    return np.unique(np.concatenate(both))


@functools.cache
def _sweep() -> np.ndarray:
    points = sweep_points()
    points.flags.writeable = False
    return points


def fingerprint(activation: Activation | str) -> str:
    """What the stored values depend on: the expression, the sweep, the precision rules."""
    import sympy

    act = as_activation(activation)
    expr = act.expr(**exact_parameters(act.resolve_params({})))
    digest = hashlib.sha256()
    for part in (
        _FORMAT,
        sympy.srepr(expr),
        repr((START_DIGITS, MAX_DIGITS, AGREE_DIGITS)),
    ):
        digest.update(part.encode())
    digest.update(_sweep().tobytes())
    return digest.hexdigest()


def _split(value: Any) -> tuple[float, float, int]:
    """An mpmath number as (hi, lo, e) with value = (hi + lo) * 2**e, 0.5 <= |hi| < 1."""
    import mpmath

    if value == 0 or abs(value) < mpmath.ldexp(1, UNDERFLOW):
        return 0.0, 0.0, ZERO_EXPONENT
    with mpmath.workdps(60):
        mantissa, exponent = mpmath.frexp(value)
        hi = float(mantissa)
        if abs(hi) == 1.0:  # the mantissa rounded up to the next binade
            mantissa, exponent, hi = mantissa / 2, exponent + 1, hi / 2
        return hi, float(mantissa - hi), min(int(exponent), OVERFLOW)


def condition(x: float, y: Any, dy: Any) -> float:
    """:math:`\\kappa = |x y' / y|`: infinite at a root where y' is not zero, and zero
    where the result is stored as zero although it is not (below 2**UNDERFLOW), since
    its correctly rounded value is then zero in every dtype."""
    import mpmath

    if y == 0:
        return math.inf if dy != 0 else 0.0
    if abs(y) < mpmath.ldexp(1, UNDERFLOW):
        return 0.0
    with mpmath.workdps(20):
        return float(abs(mpmath.mpf(x) * dy / y))


def tabulate(name: str) -> dict[str, np.ndarray]:
    """Compute the stored arrays for one function (slow: mpmath at every point)."""
    xs = _sweep()
    values = [[exact(name, float(p), order) for p in xs] for order in (0, 1, 2)]
    table: dict[str, np.ndarray] = {"fingerprint": np.array(fingerprint(name))}
    for order in ORDERS:
        parts = [_split(v) for v in values[order]]
        table[f"hi{order}"] = np.array([p[0] for p in parts], dtype=np.float64)
        table[f"lo{order}"] = np.array([p[1] for p in parts], dtype=np.float32)
        table[f"exp{order}"] = np.array([p[2] for p in parts], dtype=np.int32)
        kappa = [
            condition(p, y, dy)
            for p, y, dy in zip(xs.tolist(), values[order], values[order + 1], strict=True)
        ]
        with np.errstate(over="ignore"):  # a condition number past 3e38 is as good as inf
            table[f"kappa{order}"] = np.array(kappa, dtype=np.float32)
    return table


@dataclass(frozen=True)
class Reference:
    """Exact ``f`` (order 0) or ``f'`` (order 1) at sweep points ``x``."""

    x: np.ndarray
    hi: np.ndarray
    lo: np.ndarray
    exponent: np.ndarray
    kappa: np.ndarray

    def at(self, points: np.ndarray) -> Reference:
        """The entries at ``points`` (each must be a sweep point)."""
        wanted = np.asarray(points, dtype=np.float64)
        index = np.searchsorted(self.x, wanted)
        index = np.minimum(index, self.x.size - 1)
        missing = self.x[index] != wanted
        if np.any(missing):
            raise KeyError(f"not sweep points: {wanted[missing][:5].tolist()}")
        return Reference(
            wanted, self.hi[index], self.lo[index], self.exponent[index], self.kappa[index]
        )

    def mpf(self, i: int) -> Any:
        """The exact value at entry ``i`` as an mpmath number."""
        import mpmath

        if self.hi[i] == 0:
            return mpmath.mpf(0)
        with mpmath.workdps(40):
            mantissa = mpmath.mpf(float(self.hi[i])) + mpmath.mpf(float(self.lo[i]))
            return mpmath.ldexp(mantissa, int(self.exponent[i]))


def path(name: str) -> Path:
    return DIRECTORY / f"{name}.npz"


def load(activation: Activation | str, order: int, check: bool = True) -> Reference:
    """The stored exact values of ``f`` or ``f'``; with ``check``, refuse stale ones."""
    act = as_activation(activation)
    if not isinstance(act, Elementwise):
        raise TypeError(f"{act.name} is not element-wise: it has no reference sweep")
    file = path(act.name)
    if not file.exists():
        raise StaleReferenceError(
            f"no stored exact values for {act.name}: run `make reference-values`"
        )
    with np.load(file) as data:
        if check and str(data["fingerprint"]) != fingerprint(act):
            raise StaleReferenceError(
                f"stored exact values for {act.name} are stale (its expression or the "
                "sweep changed): run `make reference-values`"
            )
        return Reference(
            _sweep(),
            data[f"hi{order}"],
            data[f"lo{order}"].astype(np.float64),
            data[f"exp{order}"].astype(np.int64),
            data[f"kappa{order}"].astype(np.float64),
        )


def stale() -> list[str]:
    """Element-wise functions whose stored values are missing or out of date."""
    out = []
    for name in names(kind="elementwise"):
        try:
            load(name, 0)
        except StaleReferenceError:
            out.append(name)
    return out


def _write(name: str) -> str:
    DIRECTORY.mkdir(exist_ok=True)
    np.savez_compressed(path(name), **tabulate(name))
    return name


def write(every: bool = False, workers: int = 2) -> None:
    """Recompute the stale files (or all of them), ``workers`` functions at a time."""
    from concurrent.futures import ProcessPoolExecutor

    todo = names(kind="elementwise") if every else stale()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done in pool.map(_write, todo):
            print(f"wrote {path(done).relative_to(DIRECTORY.parents[2])}", flush=True)
    for file in DIRECTORY.glob("*.npz"):
        if file.stem not in names(kind="elementwise"):
            file.unlink()  # a function that was removed or renamed
