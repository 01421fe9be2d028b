"""Sliders that move a function's parameters: curves the library computed, drawn by Vega-Lite.

:func:`sliders` evaluates a function and its derivative with the library on a grid of
parameter values (one slider per parameter, the others held at their defaults) and returns
a Vega-Lite chart that shows the curve for the value a slider selects, and a readout of
f(x) and f'(x) at a point the reader moves. Nothing is recomputed in the browser: the page
only picks among values the tested code produced.

The chart is a :class:`Interactive` display object. JupyterLab draws it from its Vega-Lite
MIME type. The book's pages use its HTML: the specification in a ``data-spec`` attribute,
the expected readout at one parameter value in ``data-check`` (``make check-site`` moves
the sliders there and compares), and a loader for ``vega/sliders.js``, which loads Vega,
Vega-Lite and Vega-Embed (npm packages pinned in ``package.json``, served with the site
from ``vega/``) when the chart comes into view.

>>> chart = sliders("leaky_relu")
>>> [p["name"] for p in chart.spec["params"]]
['negative_slope', 'x']
>>> chart.check[0]["param"], chart.check[0]["value"]
('negative_slope', 0.25)
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..core.registry import Activation, Elementwise, as_activation

#: The range each slider covers: (lowest, highest, step) per function and parameter,
#: chosen to show what the parameter does on the plotted range of x. A slider starts at the
#: default, or at the grid value nearest it where the default is not a multiple of the step
#: (RReLU's upper bound 1/3, StarReLU's 0.8944 and -0.4472).
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
}
#: The plotted inputs; the readout's slider moves over the same grid.
X_RANGE = (-5.0, 5.0, 0.125)
#: Significant digits kept in the page's data (the readout shows four).
DIGITS = 6


def _grid(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step)
    return [round(low + k * step, 10) for k in range(count + 1)]


def _rounded(values: Any) -> list[float | None]:
    out: list[float | None] = []
    for v in np.asarray(values, dtype=np.float64):
        out.append(float(f"{v:.{DIGITS}g}") if np.isfinite(v) else None)
    return out


@dataclass
class Interactive:
    """A Vega-Lite chart with sliders, and the readouts a site check should find."""

    name: str
    spec: dict[str, Any]
    check: list[dict[str, Any]] = field(default_factory=list)
    description: str = ""

    def __repr__(self) -> str:
        sliders = ", ".join(p["name"] for p in self.spec["params"])
        return f"Interactive chart of {self.name}: sliders for {sliders}"

    def _repr_html_(self) -> str:
        spec = html.escape(json.dumps(self.spec, separators=(",", ":")), quote=True)
        check = html.escape(json.dumps(self.check, separators=(",", ":")), quote=True)
        return (
            f'<div class="activations-sliders" data-spec="{spec}" data-check="{check}">'
            f'<div class="activations-sliders-chart" role="figure" '
            f'aria-label="{html.escape(self.description, quote=True)}"></div>'
            '<noscript>The interactive chart needs JavaScript; the figure above shows the '
            "function at its default parameters.</noscript></div>"
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


def _panel(name: str, param: str, low: float, high: float, step: float) -> dict[str, Any]:
    """One chart: f and f' for the value the slider ``param`` selects, and the readout."""
    chosen = f"datum.q == '{param}' && abs(datum.p - {param}) < {step / 2}"
    at = f"abs(datum.x - x) < {X_RANGE[2] / 2}"
    long = [{"fold": ["f", "d"], "as": ["curve", "y"]},
            {"calculate": "datum.curve == 'f' ? 'f(x)' : 'f′(x)'", "as": "curve"}]
    return {
        "title": {"text": f"{name}: {param}", "fontSize": 13},
        "width": 300,
        "height": 200,
        "transform": [{"filter": chosen}, {"flatten": ["x", "f", "d"]}],
        "layer": [
            {
                "transform": long,
                "mark": {"type": "line", "clip": True},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "title": "x",
                          "scale": {"domain": [X_RANGE[0], X_RANGE[1]]}},
                    "y": {"field": "y", "type": "quantitative", "title": None},
                    "color": {"field": "curve", "type": "nominal", "title": None,
                              "scale": {"range": ["#0072b2", "#d55e00"]}},
                    "strokeDash": {"field": "curve", "type": "nominal", "title": None,
                                   "scale": {"range": [[1, 0], [5, 3]]}},
                },
            },
            {
                "transform": [{"filter": at}],
                "mark": {"type": "rule", "color": "#555", "strokeDash": [2, 2]},
                "encoding": {"x": {"field": "x", "type": "quantitative"}},
            },
            {
                "transform": [
                    {"filter": at},
                    {"calculate": "'x = ' + format(datum.x, '.4~g') + ':  f(x) = '"
                                  " + format(datum.f, '.4~g') + ',  f′(x) = '"
                                  " + format(datum.d, '.4~g')", "as": "readout"},
                ],
                "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 12},
                "encoding": {"x": {"value": 0}, "y": {"value": -16},
                             "text": {"field": "readout", "type": "nominal"}},
            },
        ],
    }


def sliders(activation: Activation | str) -> Interactive:
    """The interactive chart of an element-wise function with parameters."""
    act = as_activation(activation)
    if not isinstance(act, Elementwise) or act.name not in RANGES:
        raise ValueError(f"{act.name}: no sliders are defined for it")
    x = np.asarray(_grid(*X_RANGE))
    rows = []
    check = []
    params: list[dict[str, Any]] = []
    for param, (low, high, step) in RANGES[act.name].items():
        grid = _grid(low, high, step)
        for value in grid:
            with np.errstate(all="ignore"):
                f = act(x, **{param: value})
                d = act.derivative(x, **{param: value})
            rows.append({"q": param, "p": value, "x": _rounded(x), "f": _rounded(f),
                         "d": _rounded(d)})
        default = float(act.params[param])
        params.append({"name": param, "value": min(grid, key=lambda v: abs(v - default)),
                       "bind": {"input": "range", "min": low, "max": high, "step": step,
                                "name": f"{param} "}})
        # The site check moves this slider to a value off its default and the readout to x0.
        value = max(grid, key=lambda v: (abs(v - default) > step / 2, -abs(v - (low + high) / 2)))
        # A point where the move shows: left of 0 where most of these parameters act, or
        # at 0 for xIELU's eps, which moves the function only within |x| <= |eps|.
        x0 = next((t for t in (-1.5, 1.5, 0.0)
                   if act(t, **{param: value}) != act(t, **{param: default})), -1.5)
        check.append({"param": param, "value": value, "x": x0,
                      "f": _rounded([act(x0, **{param: value})])[0],
                      "d": _rounded([act.derivative(x0, **{param: value})])[0]})
    params.append({"name": "x", "value": -1.5,
                   "bind": {"input": "range", "min": X_RANGE[0], "max": X_RANGE[1],
                            "step": X_RANGE[2], "name": "readout at x "}})
    description = (f"Interactive plot of {act.title} and its derivative on [-5, 5]. "
                   f"Sliders set {', '.join(RANGES[act.name])} and the point x where f(x) "
                   "and f'(x) are read out.")
    spec = {
        "description": description,
        "data": {"values": rows},
        "params": params,
        "vconcat": [_panel(act.name, param, *bounds) for param, bounds in RANGES[act.name].items()],
        "config": {"view": {"stroke": None}, "axis": {"grid": True, "gridOpacity": 0.3}},
    }
    return Interactive(act.name, spec, check, description)
