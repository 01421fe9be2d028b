"""Parameters of an activation: defaults, constraints and clear errors."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Param:
    """One numeric parameter.

    ``symbol`` is the LaTeX-friendly name used in formulas (``alpha`` renders as
    alpha); ``exact`` is the exact value as a string SymPy can parse when the float
    default is a rounding of it (the SELU constants), otherwise ``None``.
    """

    name: str
    default: float
    doc: str
    check: Callable[[float], bool] = lambda value: True
    requirement: str = "a finite real number"
    symbol: str | None = None
    exact: str | None = None
    integer: bool = False


def positive(name: str, default: float, doc: str, **kw: Any) -> Param:
    return Param(name, default, doc, lambda v: v > 0, "a finite number > 0", **kw)


def nonnegative(name: str, default: float, doc: str, **kw: Any) -> Param:
    return Param(name, default, doc, lambda v: v >= 0, "a finite number >= 0", **kw)


def nonpositive(name: str, default: float, doc: str, **kw: Any) -> Param:
    return Param(name, default, doc, lambda v: v <= 0, "a finite number <= 0", **kw)


def real(name: str, default: float, doc: str, **kw: Any) -> Param:
    return Param(name, default, doc, **kw)


def resolve(who: str, spec: tuple[Param, ...], given: Mapping[str, Any]) -> dict[str, float]:
    """Merge ``given`` over the defaults in ``spec``, checking names and values."""
    known = {p.name: p for p in spec}
    unknown = [name for name in given if name not in known]
    if unknown:
        takes = ", ".join(known) if known else "no parameters"
        raise TypeError(f"{who}: unknown parameter {unknown[0]!r}; it takes {takes}")
    values: dict[str, float] = {}
    for param in spec:
        value = given.get(param.name, param.default)
        values[param.name] = _check(who, param, value)
    return values


def _check(who: str, param: Param, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{who}: parameter {param.name!r} must be {param.requirement}, "
            f"got {value!r} of type {type(value).__name__}"
        )
    number = float(value)
    if math.isfinite(number) and param.integer and number != int(number):
        raise ValueError(f"{who}: parameter {param.name!r} must be a whole number, got {value!r}")
    if not math.isfinite(number) or not param.check(number):
        raise ValueError(
            f"{who}: parameter {param.name!r} must be {param.requirement}, got {value!r}"
        )
    return int(number) if param.integer else number
