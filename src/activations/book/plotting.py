"""One plotting style for the whole book: colours, line styles, axes.

Function solid, first derivative dashed, second dotted; the origin marked; every kink
marked with an open circle. A function keeps its colour on every page (its place in
the catalogue picks it from the Okabe-Ito palette).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from ._core import Elementwise, get, names

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe-Ito colours, less its yellow (too pale on white), plus Tol's wine to keep seven.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255")
LINESTYLES = {0: "-", 1: "--", 2: ":"}
ORDER_LABEL = {0: "f(x)", 1: "f'(x)", 2: "f''(x)"}
X_RANGE = (-5.0, 5.0)


def use_style() -> None:
    """Apply the book's Matplotlib style (idempotent)."""
    import matplotlib.pyplot as plt

    path = resources.files("activations").joinpath("activations.mplstyle")
    plt.style.use(str(path))


def color_of(name: str) -> str:
    """The colour a function has on every page."""
    canonical = get(name).name
    return PALETTE[names().index(canonical) % len(PALETTE)]


def _second_derivative(name: str, x: np.ndarray, **params: Any) -> np.ndarray:
    import sympy

    act = get(name)
    assert isinstance(act, Elementwise)
    from ._core import symbol_x
    from .properties import _as_piecewise

    s = symbol_x()
    expr = sympy.diff(_as_piecewise(act.expr(**params)), s, 2)
    fn = sympy.lambdify(s, expr, modules=["scipy", "numpy"])
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(fn(x), dtype=float), x.shape)


def plot_function(
    name: str,
    ax: Axes | None = None,
    orders: Sequence[int] = (0, 1),
    x_range: tuple[float, float] = X_RANGE,
    label: str | None = None,
    color: str | None = None,
    **params: Any,
) -> Axes:
    """Draw ``f`` and its derivatives (``orders``) on one axis in the book's style."""
    import matplotlib.pyplot as plt

    act = get(name)
    assert isinstance(act, Elementwise), f"{name} is not element-wise"
    if ax is None:
        use_style()
        _, ax = plt.subplots()
    color = color or color_of(name)
    x = np.linspace(*x_range, 2001)
    props = act.properties_at(**params) if params else act.properties
    # Only real kinks (f or f' jumps) are marked: sinc's removable point at 0 is not one.
    kinks = [b for b in props.kinks if x_range[0] < b < x_range[1]]
    x = np.union1d(x, kinks)
    for order in orders:
        if order == 0:
            y = act(x, **params)
        elif order == 1:
            y = act.derivative(x, **params)
        else:
            y = _second_derivative(name, x, **params)
        y = np.asarray(y, dtype=float).copy()
        # Break the line where this curve jumps, so a jump is not drawn as a steep segment.
        for b in kinks:
            side = _value(name, order, np.array([b - 1e-9, b + 1e-9]), **params)
            if not np.isclose(side[0], side[1], rtol=1e-6, atol=1e-6):
                y[x == b] = np.nan
        tag = ORDER_LABEL[order]
        ax.plot(
            x, y, LINESTYLES[order], color=color, label=f"{label}: ${tag}$" if label else f"${tag}$"
        )
    for b in kinks:
        ax.plot([b], [float(act(b, **params))], "o", mfc="white", mec=color, ms=6, zorder=3)
    _mark_origin(ax)
    ax.set_xlabel("$x$")
    ax.set_xlim(*x_range)
    ax.legend(loc="best")
    return ax


def _value(name: str, order: int, x: np.ndarray, **params: Any) -> np.ndarray:
    act = get(name)
    assert isinstance(act, Elementwise)
    if order == 0:
        return np.asarray(act(x, **params), dtype=float)
    if order == 1:
        return np.asarray(act.derivative(x, **params), dtype=float)
    return _second_derivative(name, x, **params)


def _mark_origin(ax: Axes) -> None:
    ax.axhline(0.0, color="black", lw=0.8, zorder=1)
    ax.axvline(0.0, color="black", lw=0.8, zorder=1)


def function_figure(name: str, orders: Sequence[int] = (0, 1), **kw: Any) -> Figure:
    """A one-panel figure of ``f`` and its derivatives, titled with the function."""
    import matplotlib.pyplot as plt

    use_style()
    fig, ax = plt.subplots()
    plot_function(name, ax=ax, orders=orders, **kw)
    ax.set_title(get(name).title)
    return fig


def compare(
    functions: Iterable[str],
    order: int = 0,
    ax: Axes | None = None,
    x_range: tuple[float, float] = X_RANGE,
) -> Axes:
    """Several functions (or their derivatives) on one axis, each in its own colour."""
    import matplotlib.pyplot as plt

    if ax is None:
        use_style()
        _, ax = plt.subplots()
    x = np.linspace(*x_range, 2001)
    for name in functions:
        act = get(name)
        assert isinstance(act, Elementwise)
        y = act(x) if order == 0 else act.derivative(x)
        ax.plot(x, y, LINESTYLES[order], color=color_of(name), label=act.title)
    _mark_origin(ax)
    ax.set_xlabel("$x$")
    ax.set_ylabel(f"${ORDER_LABEL[order]}$")
    ax.legend(loc="best")
    return ax
