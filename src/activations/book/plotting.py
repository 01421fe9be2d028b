"""One plotting style for the whole book: colours, line styles, axes.

Function solid, first derivative dashed, second dotted; the origin marked; every kink
marked with an open circle. A function keeps its colour on every page (its place in
the catalogue picks it from the Okabe-Ito palette).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.properties import kinks
from ..core.registry import Activation, Elementwise, as_activation, names
from ..core.symbolic import derivative_expression, symbol_x

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe-Ito colours, less its yellow (too pale on white), plus Tol's wine to keep seven:
#: distinguishable with the common colour-vision deficiencies. The style's colour cycle
#: (set by :func:`use_style`) is this palette, then black.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255")
LINESTYLES = {0: "-", 1: "--", 2: ":"}
ORDER_LABEL = {0: "f(x)", 1: "f'(x)", 2: "f''(x)"}
X_RANGE = (-5.0, 5.0)


def use_style() -> None:
    """Apply the book's Matplotlib style (idempotent)."""
    import matplotlib.pyplot as plt
    from cycler import cycler

    plt.style.use(str(Path(__file__).with_name("activations.mplstyle")))
    plt.rcParams["axes.prop_cycle"] = cycler(color=[*PALETTE, "#000000"])


def color_of(activation: Activation | str) -> str:
    """The colour a function has on every page."""
    canonical = as_activation(activation).name
    return PALETTE[names().index(canonical) % len(PALETTE)]


def _second_derivative(act: Elementwise, x: np.ndarray, **params: Any) -> np.ndarray:
    import sympy

    expr = derivative_expression(act, 2, **params)
    fn = sympy.lambdify(symbol_x(), expr, modules=["scipy", "numpy"])
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(fn(x), dtype=float), x.shape)


def plot_function(
    activation: Activation | str,
    ax: Axes | None = None,
    orders: Sequence[int] = (0, 1),
    x_range: tuple[float, float] = X_RANGE,
    label: str | None = None,
    color: str | None = None,
    **params: Any,
) -> Axes:
    """Draw ``f`` and its derivatives (``orders``) on one axis in the book's style."""
    import matplotlib.pyplot as plt

    act = as_activation(activation)
    assert isinstance(act, Elementwise), f"{act.name} is not element-wise"
    if ax is None:
        use_style()
        _, ax = plt.subplots()
    color = color or color_of(act)
    x = np.linspace(*x_range, 2001)
    # Only real kinks (f or f' jumps) are marked: sinc's removable point at 0 is not one.
    where = kinks(act.expr(**params)) if params else act.properties.kinks
    kinks_shown = [b for b in where if x_range[0] < b < x_range[1]]
    x = np.union1d(x, kinks_shown)
    for order in orders:
        y = _value(act, order, x, **params).copy()
        # Break the line where this curve jumps, so a jump is not drawn as a steep segment.
        for b in kinks_shown:
            side = _value(act, order, np.array([b - 1e-9, b + 1e-9]), **params)
            if not np.isclose(side[0], side[1], rtol=1e-6, atol=1e-6):
                y[x == b] = np.nan
        tag = ORDER_LABEL[order]
        ax.plot(
            x, y, LINESTYLES[order], color=color, label=f"{label}: ${tag}$" if label else f"${tag}$"
        )
    for b in kinks_shown:
        ax.plot([b], [float(act(b, **params))], "o", mfc="white", mec=color, ms=6, zorder=3)
    _mark_origin(ax)
    ax.set_xlabel("$x$")
    ax.set_xlim(*x_range)
    ax.legend(loc="best")
    return ax


def _value(act: Elementwise, order: int, x: np.ndarray, **params: Any) -> np.ndarray:
    """``f`` and ``f'`` from the library; ``f''`` from the expression, as SymPy derives it."""
    if order == 0:
        return np.asarray(act(x, **params), dtype=float)
    if order == 1:
        return np.asarray(act.derivative(x, **params), dtype=float)
    return _second_derivative(act, x, **params)


def _mark_origin(ax: Axes) -> None:
    ax.axhline(0.0, color="black", lw=0.8, zorder=1)
    ax.axvline(0.0, color="black", lw=0.8, zorder=1)


def function_figure(
    activation: Activation | str, orders: Sequence[int] = (0, 1), **kw: Any
) -> Figure:
    """A one-panel figure of ``f`` and its derivatives, titled with the function."""
    import matplotlib.pyplot as plt

    act = as_activation(activation)
    use_style()
    fig, ax = plt.subplots()
    plot_function(act, ax=ax, orders=orders, **kw)
    ax.set_title(act.title)
    return fig


def compare(
    functions: Iterable[Activation | str],
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
    for function in functions:
        act = as_activation(function)
        assert isinstance(act, Elementwise)
        y = act(x) if order == 0 else act.derivative(x)
        ax.plot(x, y, LINESTYLES[order], color=color_of(act), label=act.title)
    _mark_origin(ax)
    ax.set_xlabel("$x$")
    ax.set_ylabel(f"${ORDER_LABEL[order]}$")
    ax.legend(loc="best")
    return ax
