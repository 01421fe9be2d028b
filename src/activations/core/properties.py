"""Mathematical properties of an element-wise activation, computed from its SymPy
expression: never typed in by hand.

The method, for ``f`` written as a SymPy expression in ``x``:

* ``Max``, ``Min``, ``Abs`` and ``Heaviside`` are rewritten as ``Piecewise``; the
  breakpoints are where the conditions switch.
* Limits at the breakpoints and at infinity come from ``sympy.limit`` on the branch
  that is active there, so they are exact.
* Stationary points are located on a dense grid (the sign of ``f'``) and refined with
  mpmath at 30 digits; piecewise-polynomial branches are solved exactly.
* Monotonicity, saturation and the range then follow; every verdict that rests on the
  grid is also checked at the refined points.

The results for the default parameters are cached in ``_properties.json`` by
``python -m activations.verification.refresh properties`` (``make properties``). Each entry is keyed
on the expression and on this module's source, a stale entry is never used, and the
tests fail on one; they also recompute a sample of entries and compare.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import symbolic
from .symbolic import as_piecewise, derivative_expression, symbol_x

if TYPE_CHECKING:
    import sympy

    from .registry import Elementwise

#: The cache of every element-wise function's properties at its default parameters.
CACHE = Path(__file__).with_name("_properties.json")

#: Where the search for stationary points looks (beyond it the limits decide).
GRID_HALF_WIDTH = 12.0
GRID_POINTS = 24001
#: Highest derivative order compared at a breakpoint before calling it smooth there.
MAX_ORDER = 5
DIGITS = 30


@dataclass(frozen=True)
class Properties:
    """Properties of ``f`` on the real line. Numbers are floats; ``±inf`` where unbounded.

    ``range`` is ``(low, high)``, with ``range_closed`` saying whether each end is
    attained. ``continuity`` is ``k`` for :math:`C^k`, ``-1`` when ``f`` jumps and
    ``math.inf`` when smooth. ``minimum`` is ``(value, where)`` or ``None``: ``where``
    is the list of minimisers in the search window, or ``(a, b)`` for a flat stretch.
    """

    range: tuple[float, float]
    range_closed: tuple[bool, bool]
    monotonic: bool
    derivative_monotonic: bool
    continuity: float
    identity_near_origin: bool
    zero_centered: bool
    bounded_below: bool
    bounded_above: bool
    saturates: tuple[bool, bool]
    minimum: tuple[float, Any] | None
    maximum: tuple[float, Any] | None
    value_at_zero: float
    derivative_at_zero: tuple[float, float]
    breakpoints: tuple[float, ...]
    exact_range: tuple[str, str]
    #: The breakpoints where f or f' jumps (sinc's removable point at 0 is not one).
    kinks: tuple[float, ...] = ()
    #: f(-inf), f(+inf), f'(-inf), f'(+inf); ``None`` where there is no limit.
    limits: tuple[float | None, ...] = ()
    #: The exact set of values of a discontinuous function, as disjoint pieces
    #: ``(low, high, low closed, high closed)`` in increasing order (a point is
    #: ``(c, c, True, True)``); empty for a continuous one, whose range is one interval.
    image: tuple[tuple[float, float, bool, bool], ...] = ()

    def as_rows(self) -> list[tuple[str, str]]:
        """Human-readable ``(property, value)`` rows for a table."""
        return [
            ("Range", format_range(self)),
            ("Monotonic", format_yes(self.monotonic)),
            ("Derivative monotonic", format_yes(self.derivative_monotonic)),
            ("Continuity", format_continuity(self.continuity)),
            ("Zero-centred (odd)", format_yes(self.zero_centered)),
            ("Identity near origin", format_yes(self.identity_near_origin)),
            ("Bounded below / above", _yes_pair(self.bounded_below, self.bounded_above)),
            ("Saturates left / right", _yes_pair(*self.saturates)),
            ("f(0)", format_number(self.value_at_zero)),
            ("f'(0)", _one_or_two(self.derivative_at_zero)),
            ("Minimum", _extremum(self.minimum)),
        ]


def format_yes(flag: bool) -> str:
    """A yes-or-no property as the book prints it."""
    return "yes" if flag else "no"


def _yes_pair(first: bool, second: bool) -> str:
    return f"{format_yes(first)} / {format_yes(second)}"


def format_number(value: float, digits: int = 6) -> str:
    """A number as the book prints it: ``digits`` significant digits, infinities as ∞.

    >>> format_number(0.1 + 0.2), format_number(-math.inf)
    ('0.3', '-∞')
    """
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:.{digits}g}"


def _one_or_two(pair: tuple[float, float]) -> str:
    left, right = pair
    if left == right:
        return format_number(left)
    return f"{format_number(left)} (left), {format_number(right)} (right)"


def _extremum(ext: tuple[float, Any] | None) -> str:
    if ext is None:
        return "none"
    value, where = ext
    if isinstance(where, tuple):
        a, b, a_closed, b_closed = where
        left = "[" if a_closed else "("
        right = "]" if b_closed else ")"
        return f"{format_number(value)} on {left}{format_number(a)}, {format_number(b)}{right}"
    if len(where) > 3:
        nearest = sorted(where, key=abs)[:2]
        low, high = format_number(min(nearest)), format_number(max(nearest))
        return f"{format_number(value)} at x = {low}, {high}, ... (repeating)"
    return f"{format_number(value)} at x = " + ", ".join(format_number(w) for w in where)


def format_range(p: Properties) -> str:
    """The set of values exactly: an interval, or for a discontinuous function the union
    of its pieces, with points written as a set (the binary step's ``{0, 1}``)."""
    if not p.image:
        low, high = p.range
        return _interval(low, high, *p.range_closed)
    parts: list[str] = []
    points: list[str] = []
    for low, high, low_closed, high_closed in p.image:
        if low == high:
            points.append(format_number(low))
            continue
        if points:
            parts.append("{" + ", ".join(points) + "}")
            points = []
        parts.append(_interval(low, high, low_closed, high_closed))
    if points:
        parts.append("{" + ", ".join(points) + "}")
    return " ∪ ".join(parts)


def _interval(low: float, high: float, low_closed: bool, high_closed: bool) -> str:
    left = "[" if low_closed else "("
    right = "]" if high_closed else ")"
    return f"{left}{format_number(low)}, {format_number(high)}{right}"


def format_continuity(k: float) -> str:
    if k == -1:
        return "discontinuous"
    if math.isinf(k):
        return "C^∞ (smooth)"
    return f"C^{int(k)}"


# -- the analysis ---------------------------------------------------------------------------


def compute_properties(expr: sympy.Expr) -> Properties:
    """Analyse the element-wise expression ``expr`` in the real symbol ``x``."""
    import sympy

    x = symbol_x()
    pw = as_piecewise(expr)
    breaks = _breakpoints(pw, x)
    d1 = derivative_expression(pw, 1)

    local = _local_continuity(pw, x, breaks)
    continuity = min(local.values(), default=math.inf)
    lim_left = _limit_at(pw, x, -sympy.oo)
    lim_right = _limit_at(pw, x, sympy.oo)
    dlim_left = _limit_at(d1, x, -sympy.oo)
    dlim_right = _limit_at(d1, x, sympy.oo)

    scan = _Scan(pw, d1, x, breaks)
    low, high, closed, minimum, maximum = _range(scan, lim_left, lim_right)
    f0 = float(pw.subs(x, 0))
    d0 = _side_values(d1, x, 0, derivative=True)

    return Properties(
        range=(low, high),
        range_closed=closed,
        monotonic=scan.monotonic(scan.f, scan.df),
        derivative_monotonic=scan.monotonic(scan.df, scan.d2f),
        continuity=continuity,
        identity_near_origin=bool(f0 == 0 and d0 == (1.0, 1.0)),
        zero_centered=scan.is_odd(),
        bounded_below=math.isfinite(low),
        bounded_above=math.isfinite(high),
        saturates=(_is_zero(dlim_left), _is_zero(dlim_right)),
        minimum=minimum,
        maximum=maximum,
        value_at_zero=f0,
        derivative_at_zero=d0,
        breakpoints=tuple(float(b) for b in breaks),
        exact_range=(_exact(lim_left, low), _exact(lim_right, high)),
        kinks=_kinks(local),
        image=_image(pw, x, breaks) if continuity < 0 else (),
        limits=tuple(_limit_value(v) for v in (lim_left, lim_right, dlim_left, dlim_right)),
    )


def kinks(expr: sympy.Expr) -> tuple[float, ...]:
    """Where ``expr`` (in ``x``) or its derivative jumps: the breakpoints at which it is
    less than once continuously differentiable. The same as :func:`compute_properties`'s
    ``kinks``, without the rest of the analysis (plots at other parameter values use it).

    >>> import activations
    >>> kinks(activations.get("relu6").expr()), kinks(activations.get("sinc").expr())
    ((0.0, 6.0), ())
    """
    x = symbol_x()
    pw = as_piecewise(expr)
    return _kinks(_local_continuity(pw, x, _breakpoints(pw, x)))


def rough_points(expr: sympy.Expr, order: int) -> tuple[float, ...]:
    """The breakpoints where ``expr`` (in ``x``) is less than ``order`` times continuously
    differentiable, so that its derivative of that order is not defined there (one-sided
    values differ). ``order=1`` gives :func:`kinks`.

    >>> import activations
    >>> rough_points(activations.get("elu").expr(), 2), kinks(activations.get("elu").expr())
    ((0.0,), ())
    """
    x = symbol_x()
    pw = as_piecewise(expr)
    local = _local_continuity(pw, x, _breakpoints(pw, x))
    return tuple(float(c) for c, k in local.items() if k < order)


def _local_continuity(
    pw: sympy.Expr, x: sympy.Symbol, breaks: list[sympy.Expr]
) -> dict[sympy.Expr, float]:
    """How many times ``pw`` is continuously differentiable at each breakpoint."""
    return {c: _continuity(pw, x, [c]) for c in breaks}


def _kinks(local: dict[sympy.Expr, float]) -> tuple[float, ...]:
    """The breakpoints where the function or its derivative jumps."""
    return tuple(float(c) for c, k in local.items() if k < 1)


def _image(
    pw: sympy.Expr, x: sympy.Symbol, breaks: list[sympy.Expr]
) -> tuple[tuple[float, float, bool, bool], ...]:
    """The exact set of values of a piecewise function that jumps: on each open stretch
    between breakpoints its branch is constant (one value) or continuous (the interval
    between the least and greatest of its one-sided limits and its values where it
    turns, sampled 40 times per stretch), plus the value at each breakpoint;
    overlapping pieces are merged."""
    import sympy
    from scipy.optimize import brentq

    edges = [-sympy.oo, *breaks, sympy.oo]
    pieces: list[tuple[float, float, bool, bool]] = []
    for a, b in itertools.pairwise(edges):
        inside = (a + b) / 2 if a.is_finite and b.is_finite else (b - 1 if a.is_infinite else a + 1)
        branch = _branch(pw, x, inside)
        if x not in branch.free_symbols:
            value = float(branch)
            pieces.append((value, value, True, True))
            continue
        slope = sympy.lambdify(x, sympy.diff(branch, x), modules=["scipy", "numpy"])
        if a.is_infinite and b.is_infinite:
            where = np.linspace(-50.0, 50.0, 41)
        elif a.is_infinite:
            where = float(b) - np.geomspace(1e-6, 50.0, 40)
        elif b.is_infinite:
            where = float(a) + np.geomspace(1e-6, 50.0, 40)
        else:
            where = np.linspace(float(a), float(b), 43)[1:-1]
        slopes = np.broadcast_to(slope(where), where.shape)
        ends = [float(sympy.limit(branch, x, end, side)) for end, side in ((a, "+"), (b, "-"))]
        # A branch that turns (xIELU's left branch has a minimum) adds the values at its
        # turning points, found between samples where the slope changes sign: attained,
        # so closed ends. A slope that vanishes on a sample is not a clean turn: refuse.
        if 0.0 in slopes:
            raise ValueError(f"the branch {branch} has a flat point on ({a}, {b})")
        turns = [
            float(branch.subs(x, brentq(slope, lo, hi, xtol=1e-15, rtol=1e-15)))
            for lo, hi, s_lo, s_hi in zip(where[:-1], where[1:], slopes[:-1], slopes[1:],
                                          strict=True)
            if s_lo * s_hi < 0
        ]
        low, high = min(ends + turns), max(ends + turns)
        pieces.append((low, high, low in turns, high in turns))
    for c in breaks:
        value = float(pw.subs(x, c))
        pieces.append((value, value, True, True))
    return _union(pieces)


def _union(
    pieces: list[tuple[float, float, bool, bool]],
) -> tuple[tuple[float, float, bool, bool], ...]:
    """Disjoint pieces covering the same set, in increasing order."""
    merged: list[list[Any]] = []
    for low, high, low_closed, high_closed in sorted(pieces, key=lambda p: (p[0], not p[2])):
        if merged:
            last = merged[-1]
            touches = low < last[1] or (low == last[1] and (last[3] or low_closed))
            if touches:
                if high > last[1] or (high == last[1] and high_closed):
                    last[1], last[3] = high, high_closed or (high == last[1] and last[3])
                continue
        merged.append([low, high, low_closed, high_closed])
    return tuple((lo, hi, bool(lc), bool(hc)) for lo, hi, lc, hc in merged)


def _has_value(limit: sympy.Expr) -> bool:
    """A limit that is one number (not an interval of accumulation points, not symbolic)."""
    import sympy

    return bool(limit.is_number and not isinstance(limit, sympy.AccumBounds))


def _limit_value(limit: sympy.Expr) -> float | None:
    return float(limit) if _has_value(limit) else None


def _breakpoints(pw: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    import sympy

    points: set[sympy.Expr] = set()
    for piece in pw.atoms(sympy.Piecewise):
        for _, cond in piece.args:
            for rel in cond.atoms(sympy.core.relational.Relational):
                if x in rel.free_symbols:
                    for root in sympy.solve(rel.lhs - rel.rhs, x):
                        if root.is_real:
                            points.add(sympy.nsimplify(root))
    return sorted(points, key=float)


def _branch(pw: sympy.Expr, x: sympy.Symbol, at: Any) -> sympy.Expr:
    """The expression that ``pw`` reduces to at the point ``at`` (a number or ±oo)."""
    import sympy

    def reduce(e: sympy.Expr) -> sympy.Expr:
        if isinstance(e, sympy.Piecewise):
            for value, cond in e.args:
                truth = cond.subs(x, at)
                if truth == sympy.true:
                    return reduce(value)
            raise ValueError(f"no branch of {e} holds at {at}")
        if e.args:
            return e.func(*(reduce(a) for a in e.args))
        return e

    return reduce(pw)


def _limit_at(expr: sympy.Expr, x: sympy.Symbol, where: Any) -> sympy.Expr:
    import sympy

    return sympy.limit(_branch(expr, x, where), x, where)


def _side_values(
    expr: sympy.Expr, x: sympy.Symbol, c: Any, derivative: bool = False
) -> tuple[float, float]:
    """One-sided limits of ``expr`` at ``c``, as floats."""
    import sympy

    left = sympy.limit(_branch(expr, x, c - sympy.Rational(1, 10**9)), x, c, "-")
    right = sympy.limit(_branch(expr, x, c + sympy.Rational(1, 10**9)), x, c, "+")
    return float(left), float(right)


def _continuity(pw: sympy.Expr, x: sympy.Symbol, breaks: list[sympy.Expr]) -> float:
    import sympy

    order = math.inf
    for c in breaks:
        eps = sympy.Rational(1, 10**9)
        left_branch = _branch(pw, x, c - eps)
        right_branch = _branch(pw, x, c + eps)
        value = pw.subs(x, c)
        for n in range(MAX_ORDER + 1):
            left = sympy.limit(sympy.diff(left_branch, x, n), x, c, "-")
            right = sympy.limit(sympy.diff(right_branch, x, n), x, c, "+")
            same = sympy.simplify(left - right) == 0
            if n == 0:
                same = same and sympy.simplify(left - value) == 0
            if not same:
                order = min(order, n - 1)
                break
    return order


def _is_zero(value: sympy.Expr) -> bool:
    return _has_value(value) and bool(value == 0)


def _exact(limit: sympy.Expr, bound: float) -> str:
    """The exact form of a range end when it is a limit at infinity; else the float."""
    if limit.is_Rational and limit.q > 10**6:
        return repr(bound)  # a decimal constant (SELU's) that SymPy turned into a fraction
    if _has_value(limit):
        try:
            if float(limit) == bound:
                return str(limit)
        except TypeError:
            pass
    return repr(bound)


class _Scan:
    """``f``, ``f'`` and ``f''`` sampled densely, with stationary points refined."""

    def __init__(
        self, pw: sympy.Expr, df: sympy.Expr, x: sympy.Symbol, breaks: list[sympy.Expr]
    ) -> None:
        self.x = x
        self.f_expr = pw
        self.df_expr = df  # f', already derived by the caller
        self.d2f_expr = derivative_expression(df, 1)
        grid = np.linspace(-GRID_HALF_WIDTH, GRID_HALF_WIDTH, GRID_POINTS)
        # Points just beside each breakpoint, and far out, so narrow features are seen.
        extra = [float(b) + s * d for b in breaks for s in (-1, 1) for d in (1e-9, 1e-6, 1e-3)]
        far = np.geomspace(GRID_HALF_WIDTH, 1e8, 200)
        self.grid = np.unique(np.concatenate([grid, extra, far, -far, [float(b) for b in breaks]]))
        self.f = _sample(pw, x, self.grid)
        self.df = _sample(self.df_expr, x, self.grid)
        self.d2f = _sample(self.d2f_expr, x, self.grid)
        self.breaks = [float(b) for b in breaks]

    def stationary_points(self) -> list[float]:
        """Roots of ``f'`` (sign changes on the grid, refined at 30 digits)."""
        import mpmath

        roots: list[float] = []
        d = self.df
        fprime = _mp_function(self.df_expr, self.x)
        for i in np.nonzero(np.sign(d[:-1]) * np.sign(d[1:]) < 0)[0]:
            a, b = self.grid[i], self.grid[i + 1]
            if any(a < c < b or c in (a, b) for c in self.breaks):
                continue  # a jump in f' at a kink, not a stationary point
            with mpmath.workdps(DIGITS):
                try:
                    root = mpmath.findroot(
                        fprime, (mpmath.mpf(a), mpmath.mpf(b)), solver="anderson"
                    )
                except (ValueError, ZeroDivisionError):
                    root = mpmath.mpf((a + b) / 2)
            roots.append(float(root))
        return roots

    def monotonic(self, values: np.ndarray, slope: np.ndarray) -> bool:
        """Whether the sampled function ``values`` (with derivative ``slope``) is
        monotonic: the slope keeps one sign and so do the steps between samples, which
        also catches a jump (of f', say, at a kink) that the slope cannot see."""
        at_kink = np.isin(self.grid, self.breaks)  # a kink's own value is a convention
        keep = np.isfinite(values) & ~at_kink
        steps = np.diff(values[keep])
        slopes = slope[np.isfinite(slope) & ~at_kink]
        scale = max(1.0, float(np.max(np.abs(values[keep])))) if keep.any() else 1.0
        tol = 1e-12 * scale
        rising = np.all(steps >= -tol) and np.all(slopes >= -tol)
        falling = np.all(steps <= tol) and np.all(slopes <= tol)
        return bool(rising or falling)

    def is_odd(self) -> bool:
        sample = np.linspace(0.1, 6.0, 60)
        fp = _sample(self.f_expr, self.x, sample)
        fm = _sample(self.f_expr, self.x, -sample)
        f0 = float(self.f_expr.subs(self.x, 0))
        return bool(f0 == 0 and np.allclose(fp, -fm, rtol=1e-12, atol=1e-14))


def _sample(expr: sympy.Expr, x: sympy.Symbol, grid: np.ndarray) -> np.ndarray:
    import sympy

    fn = sympy.lambdify(x, expr, modules=["scipy", "numpy"])
    with np.errstate(all="ignore"):  # analysis only: overflowing samples are dropped later
        values = np.asarray(fn(grid), dtype=np.float64)
    return np.broadcast_to(values, grid.shape).copy()


def _mp_function(expr: sympy.Expr, x: sympy.Symbol) -> Any:
    import sympy

    return sympy.lambdify(x, expr, modules="mpmath")


def _range(
    scan: _Scan, lim_left: sympy.Expr, lim_right: sympy.Expr
) -> tuple[float, float, tuple[bool, bool], tuple[float, Any] | None, tuple[float, Any] | None]:
    """Low and high ends of the range, whether each is attained, and the extrema.

    The grid finds candidates in float64; whether an end is really attained is then
    decided at 30 digits, so that sigmoid(-40), which rounds to a tiny float but is
    not 0, does not make 0 look attained.
    """
    import mpmath
    import sympy

    f_mp = _mp_function(scan.f_expr, scan.x)
    xs = [*scan.stationary_points(), *scan.breaks]
    special = len(xs)  # refined stationary points and breakpoints come first
    values = [_mp_value(scan.f_expr, f_mp, scan.x, w) for w in xs]
    df_mp = _mp_function(scan.df_expr, scan.x)
    # Far-out grid points only show where f is heading; the limits cover them, and a
    # value like sigmoid(-1e8) must not pass for the limit itself.
    finite = np.isfinite(scan.f) & (np.abs(scan.grid) <= GRID_HALF_WIDTH)
    xs += scan.grid[finite].tolist()
    values += scan.f[finite].tolist()
    xs_arr, vals = np.array(xs), np.array(values)

    def ends(limit: sympy.Expr) -> tuple[mpmath.mpf, mpmath.mpf]:
        if isinstance(limit, sympy.AccumBounds):
            return _mpf(limit.min), _mpf(limit.max)
        return _mpf(limit), _mpf(limit)

    (ll, lh), (rl, rh) = ends(lim_left), ends(lim_right)
    results = []
    # The comparisons below must run at 30 digits too: at 53 bits a limit approached
    # within 1e-16 on the grid would count as reached.
    with mpmath.workdps(DIGITS):
        for sign, lims in ((1, (ll, rl)), (-1, (lh, rh))):
            best_limit = min(sign * v for v in lims)
            signed = sign * vals
            near = np.nonzero(signed <= signed.min() + 1e-9 * max(1.0, abs(signed.min())))[0]
            # Re-evaluate the float64 candidates at 30 digits (a sample of a flat stretch).
            pick = (
                near if near.size <= 400 else near[np.linspace(0, near.size - 1, 400).astype(int)]
            )
            # A plain grid point attains an extreme only on a flat stretch, where f' is
            # exactly 0; elsewhere it is merely close (celu with a small alpha, say).
            pick = [
                i
                for i in pick
                if i < special or _mp_value(scan.df_expr, df_mp, scan.x, xs_arr[i]) == 0
            ]
            exact = [
                (sign * _mp_value(scan.f_expr, f_mp, scan.x, xs_arr[i]), xs_arr[i]) for i in pick
            ]
            best_attained = min((v for v, _ in exact), default=mpmath.inf)
            # Relative, so that exp(-144) is not mistaken for its limit 0; 25 digits still
            # forgive the rounding of a 30-digit stationary point.
            tol = mpmath.mpf(10) ** (-25) * max(abs(best_limit), abs(best_attained))
            attained = mpmath.isfinite(best_attained) and best_attained <= best_limit + tol
            end = best_attained if attained else best_limit
            value = float(sign * end)
            where = None
            if attained and mpmath.isfinite(end):
                hits = sorted(float(xs_arr[i]) for i in near)
                where = _where(value, hits, scan)
            results.append((value, attained, where))
    (low, low_closed, minimum), (high, high_closed, maximum) = results
    return low, high, (low_closed, high_closed), minimum, maximum


def _mpf(value: sympy.Expr) -> Any:
    import mpmath
    import sympy

    if value in (sympy.oo, -sympy.oo):
        return mpmath.inf if value == sympy.oo else -mpmath.inf
    with mpmath.workdps(DIGITS):
        return mpmath.mpf(sympy.N(value, DIGITS))


def _mp_value(expr: sympy.Expr, f_mp: Any, x: sympy.Symbol, where: float) -> Any:
    import mpmath

    with mpmath.workdps(DIGITS):
        try:
            return mpmath.mpf(f_mp(mpmath.mpf(where)))
        except (TypeError, ValueError, ZeroDivisionError):
            return mpmath.mpf(expr.subs(x, where).evalf(DIGITS))


def _where(value: float, hits: list[float], scan: _Scan) -> tuple[float, Any]:
    """Where the extreme ``value`` is attained: ``(a, b)`` for a flat stretch, else
    the list of isolated points."""
    run = _longest_grid_run(hits, scan.grid)
    if run is not None:
        a, b = run
        a = -math.inf if a <= -GRID_HALF_WIDTH else _snap(a, scan.breaks)
        b = math.inf if b >= GRID_HALF_WIDTH else _snap(b, scan.breaks)
        return value, (a, b, _attains(scan, a, value), _attains(scan, b, value))
    merged: list[float] = []
    for w in hits:
        w = _snap(w, scan.breaks)
        if not merged or abs(w - merged[-1]) > 1e-3:
            merged.append(w)
    # Far-out samples only echo a periodic pattern (and lose precision): keep the window.
    inside = [w for w in merged if abs(w) <= GRID_HALF_WIDTH]
    return value, inside or merged


def _longest_grid_run(hits: list[float], grid: np.ndarray) -> tuple[float, float] | None:
    """The ends of the longest run of at least 10 consecutive grid points among
    ``hits`` (a flat stretch of f), or ``None`` when the hits are isolated."""
    index = np.searchsorted(grid, np.intersect1d(np.asarray(hits), grid))
    if index.size < 10:
        return None
    breaks = np.nonzero(np.diff(index) != 1)[0]
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [index.size - 1]])
    lengths = ends - starts + 1
    best = int(np.argmax(lengths))
    if lengths[best] < 10:
        return None
    return float(grid[index[starts[best]]]), float(grid[index[ends[best]]])


def _attains(scan: _Scan, at: float, value: float) -> bool:
    import sympy

    if math.isinf(at):
        return False
    return bool(float(scan.f_expr.subs(scan.x, sympy.nsimplify(at))) == value)


def _snap(w: float, breaks: list[float]) -> float:
    """A point within 1e-3 of a breakpoint is that breakpoint (grid points sit beside it)."""
    for b in breaks:
        if abs(w - b) <= 1e-3:
            return b
    return w


# -- the cache ----------------------------------------------------------------------------


def _to_json(p: Properties) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, float) and math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if isinstance(value, tuple | list):
            return [clean(v) for v in value]
        return value

    return {k: clean(v) for k, v in asdict(p).items()}


def _from_json(data: dict[str, Any]) -> Properties:
    def restore(value: Any) -> Any:
        if value == "inf":
            return math.inf
        if value == "-inf":
            return -math.inf
        if isinstance(value, list):
            return [restore(v) for v in value]
        return value

    d = {k: restore(v) for k, v in data.items()}
    for key in (
        "range",
        "range_closed",
        "saturates",
        "derivative_at_zero",
        "breakpoints",
        "exact_range",
        "kinks",
        "limits",
    ):
        d[key] = tuple(d.get(key, ()))
    d["image"] = tuple(tuple(piece) for piece in d.get("image", ()))
    for key in ("minimum", "maximum"):
        if d[key] is not None:
            value, where = d[key]
            if d[key + "_flat"]:
                where = tuple(where)
            d[key] = (value, where)
        d.pop(key + "_flat", None)
    return Properties(**d)


def _stored(p: Properties) -> dict[str, Any]:
    data = _to_json(p)
    for key in ("minimum", "maximum"):
        ext = getattr(p, key)
        data[key + "_flat"] = bool(ext is not None and isinstance(ext[1], tuple))
    return data


@functools.cache
def _cache() -> dict[str, Any]:
    try:
        text = CACHE.read_text()
    except FileNotFoundError:
        return {}
    return json.loads(text)


def expression_key(activation: Elementwise) -> str:
    """A fingerprint of what a cache entry was computed from: the expression, and the
    analysis's source (a change to it makes every entry stale)."""
    import sympy

    return f"{_analysis_fingerprint()}:{sympy.srepr(activation.expr())}"


@functools.cache
def _analysis_fingerprint() -> str:
    import hashlib

    digest = hashlib.sha256()
    for module in (__file__, symbolic.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def properties_of(activation: Elementwise) -> Properties:
    """Properties at the default parameters: from the cache when it matches the
    expression, else computed (and a stale cache is never used)."""
    entry = _cache().get(activation.name)
    if entry is not None and entry["key"] == expression_key(activation):
        return _from_json(entry["properties"])
    return compute_properties(activation.expr())


def cache_entry(activation: Elementwise) -> dict[str, Any]:
    """What the cache stores for ``activation``: its properties, computed afresh, and
    the key they were computed under."""
    props = compute_properties(activation.expr())
    return {"key": expression_key(activation), "properties": _stored(props)}
