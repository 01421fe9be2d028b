"""Interactive charts: curves the library computed, drawn by Vega-Lite.

:func:`sliders` evaluates a function with parameters on a grid of parameter values (one
slider per parameter, the others held at their defaults) and returns a Vega-Lite chart
that shows the result for the value a slider selects:

- an element-wise function: ``f`` and ``f'`` on the book's range, with a readout of
  ``f(x)`` and ``f'(x)`` at a point the reader moves;
- softmax, log-softmax and softmin: bars of the example input of the chapter's figure
  and of the output, with a readout of the output's entries;
- maxout: ``k`` lines (its pieces) and their maximum, with ``f`` and ``f'`` read out;
- clamped SwiGLU: the first output as its gate moves, the slice its card draws.

:func:`explorer` overlays up to three functions of the book, any of them, with ``f``,
``f'`` or ``f''`` on a shared range and a readout of each at a movable ``x``.
Nothing is recomputed in the browser: the page only picks among values the tested code
produced.

The charts are :class:`Interactive` display objects. JupyterLab draws them from their
Vega-Lite MIME type. The book's pages use their HTML: the specification in a
``data-spec`` attribute, the readouts ``make check-site`` should find in ``data-check``
(it moves the sliders there and compares), and a loader for ``vega/sliders.js``, which
loads Vega, Vega-Lite and Vega-Embed (npm packages pinned in ``package.json``, served with
the site from ``vega/``) when the chart comes into view.

>>> chart = sliders("leaky_relu")
>>> [p["name"] for p in chart.spec["params"]]
['negative_slope', 'x']
>>> chart.check[0]["param"], chart.check[0]["value"], chart.check[0]["start"]["value"]
('negative_slope', 0.25, 0.01)
>>> bars = sliders("softmax")
>>> [round(p, 4) for p in bars.check[0]["start"]["values"]]
[0.6317, 0.2324, 0.1044, 0.0315]
>>> overlay = explorer()
>>> [row["n"] for row in overlay.spec["data"]["values"]][:3]
['identity', 'binary_step', 'sigmoid']
>>> overlay.check[0]["functions"], overlay.check[0]["values"]
(['relu', 'gelu', 'none'], [1.5, 1.4])
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..core.properties import rough_points
from ..core.registry import Activation, Elementwise, Vector, as_activation, names
from .at_a_glance import SLICE_REST, vector_slice
from .gallery import CHAPTER_DIR, INPUT_COLOUR
from .plotting import PALETTE, _second_derivative, color_of

#: The range each slider covers: (lowest, highest, step) per function and parameter,
#: chosen to show what the parameter does on the plotted range of x. A slider starts at the
#: default, or at the grid value nearest it where the default is not a multiple of the step
#: (RReLU's upper bound 1/3 starts at 0.35, StarReLU's 0.8944 and -0.4472 at 0.9 and -0.4,
#: clamped SwiGLU's alpha 1.702 at 1.7); the other parameters stay at their defaults.
RANGES: dict[str, dict[str, tuple[float, float, float]]] = {
    "hardtanh": {"min_val": (-3.0, 0.5, 0.25), "max_val": (-0.5, 3.0, 0.25)},
    "leaky_relu": {"negative_slope": (0.0, 0.5, 0.01)},
    "prelu": {"slope": (-0.5, 1.0, 0.05)},
    "rrelu": {"lower": (0.0, 0.3, 0.025), "upper": (0.35, 1.0, 0.05)},
    "threshold": {"threshold": (-2.0, 3.0, 0.25), "value": (-1.0, 2.0, 0.25)},
    "star_relu": {"scale": (0.0, 2.0, 0.1), "bias": (-1.0, 1.0, 0.1)},
    "elu": {"alpha": (0.1, 3.0, 0.1)},
    "celu": {"alpha": (0.1, 3.0, 0.1)},
    "xielu": {"alpha_p": (0.1, 2.0, 0.1), "alpha_n": (0.55, 2.0, 0.05),
              "beta": (0.0, 0.75, 0.05), "eps": (-1e-5, 0.0, 1e-6)},
    "swish": {"beta": (0.0, 5.0, 0.25)},
    "softplus": {"beta": (0.25, 5.0, 0.25)},
    "squareplus": {"b": (0.0, 8.0, 0.5)},
    "softshrink": {"lambd": (0.0, 2.0, 0.1)},
    "hardshrink": {"lambd": (0.0, 2.0, 0.1)},
    "sine": {"omega0": (0.25, 5.0, 0.25)},
    "snake": {"alpha": (0.25, 5.0, 0.25)},
    "isru": {"alpha": (0.1, 3.0, 0.1)},
    "isrlu": {"alpha": (0.1, 3.0, 0.1)},
    "softmax": {"temperature": (0.05, 5.0, 0.05)},
    "log_softmax": {"temperature": (0.05, 5.0, 0.05)},
    "softmin": {"temperature": (0.05, 5.0, 0.05)},
    "maxout": {"pieces": (1.0, 8.0, 1.0)},
    "swiglu_clamped": {"alpha": (0.5, 3.0, 0.1), "limit": (1.0, 10.0, 1.0)},
}
#: The plotted inputs; the readout's slider moves over the same grid.
X_RANGE = (-5.0, 5.0, 0.125)
#: Other plotted inputs: maxout's lines on [-2, 2]; clamped SwiGLU's gate on [-10, 10],
#: so that its cap at the default limit of 7 shows.
X_RANGES: dict[str, tuple[float, float, float]] = {
    "maxout": (-2.0, 2.0, 0.025),
    "swiglu_clamped": (-10.0, 10.0, 0.25),
}
#: The example input a vector function's bars show: the scores of its chapter's figure.
EXAMPLES: dict[str, tuple[float, ...]] = {
    "softmax": (2.0, 1.0, 0.2, -1.0),
    "log_softmax": (3.0, 1.0, 0.2, -1.0),
    "softmin": (0.5, 1.0, 2.0, 4.0),
}
#: Where the readout starts, on every chart.
READOUT_X = -1.5
#: Significant digits kept in the page's data (the readout shows four).
DIGITS = 6

#: The explorer's grid of x (its widest range), the ranges a reader picks from, the
#: functions it opens with, and the digits it keeps (the readout shows four).
EXPLORER_X = (-10.0, 10.0, 0.1)
EXPLORER_SPANS = (2.0, 5.0, 10.0)
EXPLORER_START = ("relu", "gelu", "silu")
EXPLORER_DIGITS = 4
#: The derivative orders the explorer offers: (key in its data, label).
ORDERS = (("f", "f(x)"), ("d", "f′(x)"), ("s", "f″(x)"))
#: Line dashes by order, as in the book's figures: f solid, f' dashed, f'' dotted.
DASHES = {"f": [1, 0], "d": [6, 3], "s": [1.5, 2.5]}


def _grid(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step)
    return [round(low + k * step, 10) for k in range(count + 1)]


def _rounded(values: Any, digits: int = DIGITS) -> list[float | None]:
    """Values as the page stores them: ``digits`` significant digits, ``None`` where not
    finite, integers without a decimal point (shorter JSON)."""
    out: list[float | None] = []
    for v in np.asarray(values, dtype=np.float64).ravel():
        if not np.isfinite(v):
            out.append(None)
            continue
        r = float(f"{v:.{digits}g}")
        out.append(int(r) if r.is_integer() and abs(r) < 1e15 else r)
    return out


def _one(value: float, digits: int = DIGITS) -> float | None:
    return _rounded([value], digits)[0]


#: What a chart tells a reader without JavaScript: the static figures stay.
FALLBACK = ("The interactive chart needs JavaScript; the figure above shows the function at "
            "its default parameters.")
VECTOR_FALLBACK = ("The interactive chart needs JavaScript; the figures above show the "
                   "function without it.")


@dataclass
class Interactive:
    """A Vega-Lite chart with controls, and the readouts a site check should find."""

    name: str
    spec: dict[str, Any]
    check: list[dict[str, Any]] = field(default_factory=list)
    description: str = ""
    #: What a reader without JavaScript is told (HTML).
    fallback: str = FALLBACK
    #: Extra classes of the chart's box (``activations-explorer`` for the explorer).
    kind: str = ""

    def __repr__(self) -> str:
        controls = ", ".join(p["name"] for p in self.spec["params"])
        return f"Interactive chart of {self.name}: controls for {controls}"

    def _repr_html_(self) -> str:
        spec = html.escape(json.dumps(self.spec, separators=(",", ":")), quote=True)
        check = html.escape(json.dumps(self.check, separators=(",", ":")), quote=True)
        classes = " ".join(["activations-sliders", *self.kind.split()])
        return (
            f'<div class="{classes}" data-spec="{spec}" data-check="{check}">'
            f'<div class="activations-sliders-chart" role="figure" '
            f'aria-label="{html.escape(self.description, quote=True)}"></div>'
            f"<noscript>{self.fallback}</noscript></div>"
            "<script>(function(){if(window.activationsSlidersLoader)return;"
            "window.activationsSlidersLoader=1;var s=document.createElement('script');"
            "s.src=(document.documentElement.dataset.content_root||'')+'vega/sliders.js';"
            "s.defer=true;document.head.appendChild(s);})();</script>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "application/vnd.vegalite.v5+json": self.spec,
            "text/html": self._repr_html_(),
            "text/plain": repr(self),
        }


# -- what a chart shows, from the library -------------------------------------------------


def _maxout_touch(pieces: int) -> np.ndarray:
    """Where the slider view's maxout pieces touch x²: ``pieces`` equally spaced points of
    [-1, 1], ends included, as in the maxout chapter's approximation table (one piece:
    the tangent at -1)."""
    return np.linspace(-1.0, 1.0, pieces)


def _maxout_curve(act: Activation, x: np.ndarray, pieces: int) -> tuple[np.ndarray, np.ndarray]:
    """Maxout of ``pieces`` lines in one input x, the tangents ``2 t x - t²`` of x² at
    :func:`_maxout_touch`, and its slope in x (the Jacobian times each line's slope)."""
    touch = _maxout_touch(int(pieces))
    lines = 2.0 * touch[None, :] * x[:, None] - touch[None, :] ** 2
    assert isinstance(act, Vector)
    out = np.asarray(act(lines, pieces=pieces))[:, 0]
    slope = np.asarray(act.jacobian(lines, pieces=pieces))[:, 0, :] @ (2.0 * touch)
    return out, slope


def _along(act: Activation, x: np.ndarray, **params: Any) -> tuple[np.ndarray, np.ndarray]:
    """``f`` and ``f'`` at ``x``, from the library: an element-wise function itself, a
    vector function along the slice its card draws (:func:`.at_a_glance.vector_slice`)."""
    with np.errstate(all="ignore"):
        if isinstance(act, Elementwise):
            return np.asarray(act(x, **params)), np.asarray(act.derivative(x, **params))
        assert isinstance(act, Vector)
        return vector_slice(act, x, **params)


def _curve(act: Activation, x: np.ndarray, **params: Any) -> tuple[np.ndarray, np.ndarray]:
    """What a slider chart draws along ``x``: maxout of lines in x
    (:func:`_maxout_curve`), any other function as :func:`_along` gives it."""
    if act.name == "maxout":
        with np.errstate(all="ignore"):
            return _maxout_curve(act, x, params.get("pieces", act.params["pieces"]))
    return _along(act, x, **params)


def _bars(act: Activation, **params: Any) -> np.ndarray:
    """The output for the example input of :data:`EXAMPLES`, from the library."""
    with np.errstate(all="ignore"):
        return np.asarray(act(np.array(EXAMPLES[act.name]), **params), dtype=np.float64)


def _x_grid(act: Activation) -> tuple[float, float, float]:
    return X_RANGES.get(act.name, X_RANGE)


# -- the sliders ---------------------------------------------------------------------------


def _curve_layers(
    x_range: tuple[float, float, float], colours: tuple[str, str]
) -> list[dict[str, Any]]:
    """f solid and f' dashed, the rule at the readout's x and the readout's text."""
    at = f"abs(datum.x - x) < {x_range[2] / 2}"
    flat = {"flatten": ["x", "f", "d"]}
    long = [flat, {"fold": ["f", "d"], "as": ["curve", "y"]},
            {"calculate": "datum.curve == 'f' ? 'f(x)' : 'f′(x)'", "as": "curve"}]
    return [
        {
            "transform": long,
            "mark": {"type": "line", "clip": True},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "title": "x",
                      "scale": {"domain": [x_range[0], x_range[1]]}},
                "y": {"field": "y", "type": "quantitative", "title": None},
                "color": {"field": "curve", "type": "nominal", "title": None,
                          "scale": {"range": list(colours)}, "legend": {"orient": "bottom"}},
                "strokeDash": {"field": "curve", "type": "nominal", "title": None,
                               "scale": {"range": [DASHES["f"], DASHES["d"]]}},
            },
        },
        {
            "transform": [flat, {"filter": at}],
            "mark": {"type": "rule", "color": "#555", "strokeDash": [2, 2]},
            "encoding": {"x": {"field": "x", "type": "quantitative"}},
        },
        {
            "transform": [
                flat,
                {"filter": at},
                {"calculate": "'x = ' + format(datum.x, '.4~g') + ':  f(x) = '"
                              " + format(datum.f, '.4~g') + ',  f′(x) = '"
                              " + format(datum.d, '.4~g')", "as": "readout"},
            ],
            "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 12},
            "encoding": {"x": {"value": 0}, "y": {"value": -16},
                         "text": {"field": "readout", "type": "nominal"}},
        },
    ]


def _pieces_layer() -> dict[str, Any]:
    """Maxout's pieces, thin grey lines between the end points stored with each row."""
    return {
        "transform": [{"flatten": ["pj", "px", "py"]}],
        "mark": {"type": "line", "clip": True, "color": "#8c8c8c", "strokeWidth": 1},
        "encoding": {"x": {"field": "px", "type": "quantitative"},
                     "y": {"field": "py", "type": "quantitative"},
                     "detail": {"field": "pj", "type": "nominal"}},
    }


def _bar_layers(act: Activation) -> list[dict[str, Any]]:
    """Bars of the example input (grey) and the output (the function's colour), and the
    readout of the output's entries."""
    entries = " + ', ' + ".join(
        f"format(datum.y[{i}], '.4~g')" for i in range(len(EXAMPLES[act.name]))
    )
    return [
        {
            "transform": [{"flatten": ["i", "x", "y"]},
                          {"fold": ["x", "y"], "as": ["series", "v"]},
                          {"calculate": "datum.series == 'x' ? 'input x' : 'output f(x)'",
                           "as": "series"}],
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "i", "type": "ordinal", "title": None, "sort": None,
                      "axis": {"labelAngle": 0}},
                "xOffset": {"field": "series", "type": "nominal"},
                "y": {"field": "v", "type": "quantitative", "title": None},
                "color": {"field": "series", "type": "nominal", "title": None,
                          "scale": {"range": [INPUT_COLOUR, color_of(act)]},
                          "legend": {"orient": "bottom"}},
            },
        },
        {
            "transform": [{"calculate": f"'f(x) = ' + {entries}", "as": "readout"}],
            "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 12},
            "encoding": {"x": {"value": 0}, "y": {"value": -16},
                         "text": {"field": "readout", "type": "nominal"}},
        },
    ]


def _subtitle(act: Activation, param: str, start: float) -> list[str]:
    """What a panel's title adds: where the slider starts when that is not the default,
    and what the picture holds fixed where that is not plain f(x)."""
    lines = []
    default = float(act.params[param])
    if start != default:
        lines.append(f"starts at {start:g}, the grid value nearest the default {default:.4g}")
    if act.name == "maxout":
        lines.append("k lines tangent to x² at equally spaced points of [−1, 1] (grey) "
                     "and their maximum")
    elif act.name not in EXAMPLES and not isinstance(act, Elementwise):
        held = ", ".join(f"{v:g}" for v in SLICE_REST)
        lines.append(f"first output against its gate x3 (x1, x2, x4 = {held})")
    # Lines short enough for the chart's width on a phone.
    return [part for line in lines for part in textwrap.wrap(line, 46)]


def _panel(act: Activation, param: str, grid: list[float], start: float) -> dict[str, Any]:
    """One chart, for the value the slider ``param`` selects."""
    step = grid[1] - grid[0]
    chosen = f"datum.q == '{param}' && abs(datum.p - {param}) < {step / 2}"
    if act.name in EXAMPLES:
        layers = _bar_layers(act)
    else:
        colours = ("#0072b2", "#d55e00")
        layers = _curve_layers(_x_grid(act), colours)
        if act.name == "maxout":
            layers.insert(0, _pieces_layer())
    title: dict[str, Any] = {"text": f"{act.name}: {param}", "fontSize": 13}
    subtitle = _subtitle(act, param, start)
    if subtitle:
        title["subtitle"] = subtitle
    return {
        "title": title,
        "width": 300,
        "height": 200,
        "transform": [{"filter": chosen}],
        "layer": layers,
    }


def _row(act: Activation, param: str, value: float, x: np.ndarray) -> dict[str, Any]:
    """The data of one slider position: the library's values at ``param = value``."""
    if act.name in EXAMPLES:
        example = EXAMPLES[act.name]
        return {"q": param, "p": value,
                "i": [f"x{k + 1} = {v:g}" for k, v in enumerate(example)],
                "x": list(example), "y": _rounded(_bars(act, **{param: value}))}
    f, d = _curve(act, x, **{param: value})
    row: dict[str, Any] = {"q": param, "p": value, "x": _rounded(x), "f": _rounded(f),
                           "d": _rounded(d)}
    if act.name == "maxout":
        touch = _maxout_touch(int(value))
        ends = np.array([x[0], x[-1]])
        row["pj"] = [int(j) for j in np.repeat(np.arange(len(touch)), 2)]
        row["px"] = _rounded(np.tile(ends, len(touch)))
        row["py"] = _rounded((2.0 * touch[:, None] * ends[None, :] - touch[:, None] ** 2).ravel())
    return row


def _reading(act: Activation, param: str, value: float, at: float) -> dict[str, Any]:
    """What the readout shows at ``param = value`` (and ``x = at`` on a curve)."""
    if act.name in EXAMPLES:
        return {"value": value, "values": _rounded(_bars(act, **{param: value}))}
    f, d = _curve(act, np.array([at]), **{param: value})
    return {"value": value, "f": _one(f[0]), "d": _one(d[0])}


def _check(act: Activation, param: str, grid: list[float], start: float) -> dict[str, Any]:
    """Where the site check moves the slider ``param`` (a value off its start, nearest the
    middle of the slider) and the readout, and what the readout must then show; also
    what it shows before the move, at the slider's start."""
    step = grid[1] - grid[0] if len(grid) > 1 else 1.0
    value = max(grid, key=lambda v: (abs(v - start) > step / 2, -abs(v - (grid[0] + grid[-1]) / 2)))
    check: dict[str, Any] = {"param": param, "value": value}
    if act.name in EXAMPLES:
        moved = _reading(act, param, value, READOUT_X)
        check["values"] = moved["values"]
        check["start"] = _reading(act, param, start, READOUT_X)
        return check
    # A point where the move shows: left of 0 where most parameters act, else right, at
    # 0 for xIELU's eps (it moves the function only within |x| <= |eps|), else the grid
    # point nearest -1.5 where the value changes (clamped SwiGLU's limit, far right).
    xs = np.asarray(_grid(*_x_grid(act)))
    candidates = [-1.5, 1.5, 0.0, *sorted(xs, key=lambda t: abs(t - READOUT_X))]
    before, after = (_curve(act, np.asarray(candidates), **{param: v})[0] for v in (start, value))
    changed = np.flatnonzero(before != after)
    at = float(candidates[changed[0]]) if changed.size else READOUT_X
    moved = _reading(act, param, value, at)
    check.update(x=at, f=moved["f"], d=moved["d"], start=_reading(act, param, start, at))
    return check


def _description(act: Activation) -> str:
    params = ", ".join(RANGES[act.name])
    if act.name in EXAMPLES:
        example = ", ".join(f"{v:g}" for v in EXAMPLES[act.name])
        return (f"Interactive bar chart of {act.title} of the input ({example}): the input's "
                f"entries in grey beside the output's. A slider sets {params}; the output's "
                "entries are read out above the bars.")
    if act.name == "maxout":
        return (f"Interactive plot of {act.title} of k lines in one input x, the tangents "
                "of x squared at k equally spaced points of [-1, 1] (thin grey), with "
                "their maximum and its slope. A slider sets pieces, another the point x "
                "where f(x) and f'(x) are read out.")
    low, high, _ = _x_grid(act)
    if not isinstance(act, Elementwise):
        held = ", ".join(f"{v:g}" for v in SLICE_REST)
        return (f"Interactive plot of {act.title}'s first output as its gate (the third "
                f"input) runs from {low:g} to {high:g}, the other inputs held at {held}, "
                f"and its slope. Sliders set {params} and the point where the output and "
                "the slope are read out.")
    return (f"Interactive plot of {act.title} and its derivative on [{low:g}, {high:g}]. "
            f"Sliders set {params} and the point x where f(x) and f'(x) are read out.")


def _start(act: Activation, param: str, grid: list[float]) -> float:
    """Where the slider ``param`` starts: its default, or the grid value nearest it."""
    default = float(act.params[param])
    return min(grid, key=lambda v: abs(v - default))


def sliders(activation: Activation | str) -> Interactive:
    """The interactive chart of a function with parameters (see the module's text)."""
    act = as_activation(activation)
    if act.name not in RANGES:
        raise ValueError(f"{act.name}: no sliders are defined for it")
    x_range = _x_grid(act)
    x = np.asarray(_grid(*x_range))
    rows, check, params, panels = [], [], [], []
    for param, (low, high, step) in RANGES[act.name].items():
        grid = _grid(low, high, step)
        rows += [_row(act, param, value, x) for value in grid]
        start = _start(act, param, grid)
        params.append({"name": param, "value": start,
                       "bind": {"input": "range", "min": low, "max": high, "step": step,
                                "name": f"{param} "}})
        check.append(_check(act, param, grid, start))
        panels.append(_panel(act, param, grid, start))
    if act.name not in EXAMPLES:
        params.append({"name": "x", "value": READOUT_X,
                       "bind": {"input": "range", "min": x_range[0], "max": x_range[1],
                                "step": x_range[2], "name": "readout at x "}})
    description = _description(act)
    spec = {
        "description": description,
        "data": {"values": rows},
        "params": params,
        "vconcat": panels,
        "config": {"view": {"stroke": None}, "axis": {"grid": True, "gridOpacity": 0.3}},
    }
    fallback = FALLBACK if isinstance(act, Elementwise) else VECTOR_FALLBACK
    return Interactive(act.name, spec, check, description, fallback)


# -- the explorer ----------------------------------------------------------------------------


def _second(act: Elementwise, x: np.ndarray) -> np.ndarray:
    """``f''`` from the SymPy expression (as the chapters' figures draw it), ``nan`` at
    the breakpoints where it is not defined (:func:`.properties.rough_points`)."""
    values = np.array(_second_derivative(act, x), dtype=np.float64)
    for point in rough_points(act.expr(), 2):
        values[np.isclose(x, point, rtol=0.0, atol=1e-9)] = np.nan
    return values


def explorer_rows(x: np.ndarray | None = None) -> list[dict[str, Any]]:
    """The explorer's data: for each function of the book (book order), its name ``n``,
    title ``t`` and ``f``, ``f'`` and ``f''`` on ``x`` (default: :data:`EXPLORER_X`),
    rounded to :data:`EXPLORER_DIGITS`; a vector function (``v``: 1) along its card's
    slice, with no ``f''`` (``s`` empty)."""
    if x is None:
        x = np.asarray(_grid(*EXPLORER_X))
    rows = []
    for name in names():
        act = as_activation(name)
        f, d = _along(act, x)
        row: dict[str, Any] = {"n": name, "t": act.title}
        row["f"], row["d"] = _rounded(f, EXPLORER_DIGITS), _rounded(d, EXPLORER_DIGITS)
        if isinstance(act, Elementwise):
            row["s"] = _rounded(_second(act, x), EXPLORER_DIGITS)
        else:
            row["s"], row["v"] = [], 1
        rows.append(row)
    return rows


def _choice(slot: int, start: str, options: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """The drop-down of the ``slot``-th function (a title per name, and none)."""
    return {"name": f"f{slot}", "value": start,
            "bind": {"input": "select", "options": [*options, "none"],
                     "labels": [*labels, "(none)"], "name": f"function {slot} "}}


def _explorer_spec(rows: list[dict[str, Any]], description: str) -> dict[str, Any]:
    low, high, step = EXPLORER_X
    label = {key: text.split("(")[0] for key, text in ORDERS}
    pick = " : ".join(f"order == '{key}' ? datum.{key}" for key, _ in ORDERS[:-1])
    dash = " : ".join(f"order == '{key}' ? {DASHES[key]}" for key, _ in ORDERS[:-1])
    at = f"abs(datum.x - x) < {step / 2}"
    value = ("datum.y != null ? ' = ' + format(datum.y, '.4~g') : datum.v ? "
             "': none for a vector function' : ' is undefined'")
    readout = (f"datum.n + ':  ' + (order == 'f' ? '{label['f']}' : order == 'd' ? "
               f"'{label['d']}' : '{label['s']}') + '(' + format(datum.x, '.4~g') + ')' + "
               f"({value})")
    colour = {"field": "key", "type": "nominal", "title": None,
              "scale": {"range": list(PALETTE[:3])},
              "legend": {"orient": "bottom", "columns": 1, "symbolType": "stroke",
                         "labelLimit": 280}}
    return {
        "description": description,
        "data": {"values": rows},
        "params": [
            *(_choice(k + 1, EXPLORER_START[k], [r["n"] for r in rows], [r["t"] for r in rows])
              for k in range(3)),
            {"name": "order", "value": "f",
             "bind": {"input": "radio", "options": [k for k, _ in ORDERS],
                      "labels": [t for _, t in ORDERS], "name": "show "}},
            {"name": "span", "value": 5,
             "bind": {"input": "radio", "options": [int(s) for s in EXPLORER_SPANS],
                      "labels": [f"{-s:g} to {s:g}" for s in EXPLORER_SPANS],
                      "name": "x range "}},
            {"name": "x", "value": 1.5,
             "bind": {"input": "range", "min": low, "max": high, "step": step,
                      "name": "readout at x "}},
        ],
        "transform": [
            {"filter": "datum.n == f1 || datum.n == f2 || datum.n == f3"},
            {"flatten": ["f", "d", "s"]},
            {"window": [{"op": "row_number", "as": "i"}], "groupby": ["n"]},
            {"calculate": f"round(({low} + (datum.i - 1) * {step}) * 1000) / 1000", "as": "x"},
            {"calculate": f"{pick} : datum.s", "as": "y"},
            {"calculate": "datum.n == f1 ? 1 : datum.n == f2 ? 2 : 3", "as": "slot"},
            {"calculate": "datum.slot + '. ' + datum.t", "as": "key"},
        ],
        "vconcat": [
            {
                "width": 300,
                "height": 52,
                "transform": [{"filter": at}, {"calculate": readout, "as": "readout"},
                              {"calculate": "(datum.slot - 1) * 17", "as": "row"},
                              {"calculate": "datum.row + 7", "as": "mid"}],
                "layer": [
                    {"mark": {"type": "square", "size": 60, "filled": True},
                     "encoding": {"x": {"value": 4},
                                  "y": {"field": "mid", "type": "quantitative", "scale": None},
                                  "color": colour}},
                    {"mark": {"type": "text", "align": "left", "baseline": "top",
                              "fontSize": 12, "limit": 286},
                     "encoding": {"x": {"value": 14},
                                  "y": {"field": "row", "type": "quantitative", "scale": None},
                                  "text": {"field": "readout", "type": "nominal"}}},
                ],
            },
            {
                "width": 300,
                "height": 240,
                # Only the chosen range sets the y axis; the readout may lie outside it.
                "transform": [{"filter": "abs(datum.x) <= span + 1e-9"}],
                "layer": [
                    {
                        "mark": {"type": "line", "clip": True, "strokeWidth": 2,
                                 "strokeDash": {"expr": f"{dash} : {DASHES['s']}"}},
                        "encoding": {
                            "x": {"field": "x", "type": "quantitative", "title": "x",
                                  "scale": {"domain": {"expr": "[-span, span]"}}},
                            "y": {"field": "y", "type": "quantitative", "title": None},
                            "color": colour,
                        },
                    },
                    {
                        "transform": [{"filter": at}],
                        "mark": {"type": "rule", "color": "#555", "strokeDash": [2, 2]},
                        "encoding": {"x": {"field": "x", "type": "quantitative"}},
                    },
                    {
                        "transform": [{"filter": at}],
                        "mark": {"type": "point", "filled": True, "size": 40},
                        "encoding": {"x": {"field": "x", "type": "quantitative"},
                                     "y": {"field": "y", "type": "quantitative"},
                                     "color": colour},
                    },
                ],
            },
        ],
        "config": {"view": {"stroke": None}, "axis": {"grid": True, "gridOpacity": 0.3}},
    }


def _explorer_check(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the site check sets (relu and GELU, the third function off) and the readouts
    it must then find, one per order, each at its own x."""
    by_name = {row["n"]: row for row in rows}
    low, _, step = EXPLORER_X
    out = []
    for order, at in (("f", 1.5), ("d", -0.5), ("s", 0.7)):
        index = round((at - low) / step)
        chosen = ("relu", "gelu")
        out.append({"functions": [*chosen, "none"], "order": order, "x": at,
                    "values": [by_name[n][order][index] for n in chosen]})
    return out


def explorer() -> Interactive:
    """The explorer's chart: any three functions of the book overlaid (see the module's
    text). The data is :func:`explorer_rows`."""
    rows = explorer_rows()
    spans = ", ".join(f"{-s:g} to {s:g}" for s in EXPLORER_SPANS)
    description = (
        "Interactive chart overlaying up to three functions of the book, chosen from "
        f"drop-down lists of all {len(rows)}, with a choice of f, its first or its second "
        f"derivative, of the x range ({spans}), and a slider for the point x where each "
        "shown function's value is read out above the chart, by its name in the library. "
        "Vector functions are drawn along the slice their chapter's card uses."
    )
    fallback = ('The explorer needs JavaScript; <a href="compare.html">the comparison '
                "page</a> shows every function without it.")
    return Interactive("explorer", _explorer_spec(rows, description), _explorer_check(rows),
                       description, fallback, "activations-explorer")


@dataclass(frozen=True)
class ExplorerGuide:
    """The table under the explorer: each function, what the explorer draws for it, where
    its second derivative is not defined, and a link to its chapter."""

    rows: Sequence[tuple[str, str, str, str]]
    prefix: str = ""

    HEADER = ("function", "drawn along", "f″")

    @classmethod
    def build(cls, prefix: str = "", functions: Sequence[str] | None = None) -> ExplorerGuide:
        """Rows for ``functions`` (default: all, in book order); ``prefix`` is the path
        from the page to the book's root."""
        held = ", ".join(f"{v:g}" for v in SLICE_REST)
        out = []
        for name in names() if functions is None else functions:
            act = as_activation(name)
            if isinstance(act, Elementwise):
                where = [f"{p:g}" for p in rough_points(act.expr(), 2)]
                second = f"not defined at x = {', '.join(where)}" if where else "everywhere"
                out.append((name, act.title, "x", second))
                continue
            along = f"x{act.slice_input + 1} (first output; the other inputs {held})"
            out.append((name, act.title, along, "not given (vector function)"))
        return cls(tuple(out), prefix)

    def __repr__(self) -> str:
        return "\n".join(f"{name}: along {along}; f'' {second}"
                         for name, _, along, second in self.rows)

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in self.HEADER)
        body = []
        for name, title, along, second in self.rows:
            href = f"{self.prefix}{CHAPTER_DIR}/{name}.html"
            body.append(
                f'<tr><th scope="row"><a href="{href}">{html.escape(title)}</a></th>'
                f"<td>{html.escape(along)}</td><td>{html.escape(second)}</td></tr>"
            )
        return (
            '<table class="activations-table">'
            f"<caption>The {len(self.rows)} functions the explorer offers, each linked to "
            "its chapter.</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

