"""The interactive charts (activations.book.interactive): what the page holds is the
library's output, every slider starts where it says, and the explorer offers every
function of the book."""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import activations
from activations.book import interactive
from activations.book.at_a_glance import vector_slice
from activations.book.plotting import _second_derivative

ROOT = Path(__file__).resolve().parent.parent
PARAMETERISED = [n for n in activations.names() if activations.get(n).params]


@functools.cache
def explorer() -> interactive.Interactive:
    return interactive.explorer()


def rounded(value: float, digits: int) -> float:
    return float(f"{value:.{digits}g}")


def test_every_function_with_a_parameter_has_a_slider_per_parameter() -> None:
    assert set(interactive.RANGES) == set(PARAMETERISED)
    for name in PARAMETERISED:
        chart = interactive.sliders(name)
        controls = [p["name"] for p in chart.spec["params"]]
        assert set(activations.get(name).params) <= set(controls), name
        assert [c["param"] for c in chart.check] == list(interactive.RANGES[name])


@pytest.mark.parametrize("name", PARAMETERISED)
def test_sliders_start_at_the_default_or_the_nearest_grid_value(name: str) -> None:
    act = activations.get(name)
    chart = interactive.sliders(name)
    starts = {p["name"]: p["value"] for p in chart.spec["params"]}
    for param, (low, high, step) in interactive.RANGES[name].items():
        grid = np.arange(round((high - low) / step) + 1) * step + low
        default = act.params[param]
        assert abs(starts[param] - default) <= step / 2 + 1e-12, (param, starts[param])
        assert np.min(np.abs(grid - default)) == pytest.approx(abs(starts[param] - default))


def test_rrelu_and_star_relu_start_at_the_nearest_grid_values() -> None:
    starts = {name: {p["name"]: p["value"] for p in interactive.sliders(name).spec["params"]}
              for name in ("rrelu", "star_relu", "swiglu_clamped")}
    assert starts["rrelu"]["upper"] == 0.35 and starts["rrelu"]["lower"] == 0.125
    assert starts["star_relu"]["scale"] == 0.9 and starts["star_relu"]["bias"] == -0.4
    assert starts["swiglu_clamped"]["alpha"] == 1.7
    titles = [p["title"] for p in interactive.sliders("rrelu").spec["vconcat"]]
    assert "subtitle" not in titles[0]
    assert " ".join(titles[1]["subtitle"]) == (
        "starts at 0.35, the grid value nearest the default 0.3333")


def shown(chart: interactive.Interactive, param: str, value: float) -> dict[str, Any]:
    """The data row the chart draws for ``param = value``."""
    rows = [r for r in chart.spec["data"]["values"] if r["q"] == param]
    return min(rows, key=lambda r: abs(r["p"] - value))


@pytest.mark.parametrize("name", PARAMETERISED)
def test_the_readout_at_the_start_and_after_the_move_is_the_library(name: str) -> None:
    """What the site check expects is the library's value, and it is what the page's data
    holds at that slider position and x (so the readout shows it)."""
    act = activations.get(name)
    chart = interactive.sliders(name)
    for check in chart.check:
        for expected in (check, check["start"]):
            value = expected["value"]
            row = shown(chart, check["param"], value)
            if "values" in check:
                example = np.array(interactive.EXAMPLES[name])
                library = act(example, **{check["param"]: value})
                assert expected["values"] == [rounded(v, 6) for v in library]
                assert row["y"] == expected["values"]
                continue
            index = row["x"].index(check["x"])
            assert row["f"][index] == expected["f"] and row["d"][index] == expected["d"]
            if isinstance(act, activations.Elementwise):
                f = float(act(check["x"], **{check["param"]: value}))
                assert expected["f"] == rounded(f, 6)


def test_the_moved_slider_changes_what_is_read_out() -> None:
    for name in PARAMETERISED:
        for check in interactive.sliders(name).check:
            key = "values" if "values" in check else "f"
            assert check[key] != check["start"][key] or check["d"] != check["start"]["d"], name


def test_vector_sliders_show_the_library() -> None:
    softmax = interactive.sliders("softmax")
    row = shown(softmax, "temperature", 0.5)
    assert row["y"] == [rounded(v, 6) for v in activations.softmax([2.0, 1.0, 0.2, -1.0],
                                                                  temperature=0.5)]
    maxout = interactive.sliders("maxout")
    row = shown(maxout, "pieces", 3)
    x = np.array(row["x"])
    touch = np.array([-1.0, 0.0, 1.0])
    lines = 2 * touch * x[:, None] - touch**2
    assert row["f"] == [rounded(v, 6) for v in activations.maxout(lines, pieces=3)[:, 0]]
    assert len(set(row["pj"])) == 3
    clamped = interactive.sliders("swiglu_clamped")
    row = shown(clamped, "limit", 3.0)
    f, d = vector_slice(activations.get("swiglu_clamped"), np.array(row["x"]), limit=3.0)
    assert row["f"] == [rounded(v, 6) for v in f]
    assert row["d"] == [rounded(v, 6) for v in d]
    assert max(row["f"]) == row["f"][-1] == rounded(1.5 * 3 / (1 + math.exp(-1.702 * 3)), 6)


def test_the_explorer_offers_every_function() -> None:
    spec = explorer().spec
    rows = spec["data"]["values"]
    assert [r["n"] for r in rows] == activations.names()
    for slot in (1, 2, 3):
        bind = next(p for p in spec["params"] if p["name"] == f"f{slot}")["bind"]
        assert bind["options"] == [*activations.names(), "none"]
        assert len(bind["labels"]) == len(bind["options"]) and bind["name"]
    orders = next(p for p in spec["params"] if p["name"] == "order")["bind"]
    assert orders["input"] == "radio" and orders["options"] == ["f", "d", "s"]


@pytest.mark.parametrize("x", [-7.3, -1.0, 0.0, 0.7, 1.5, 9.9])
def test_the_explorer_data_is_the_library(x: float) -> None:
    rows = {r["n"]: r for r in explorer().spec["data"]["values"]}
    low, _, step = interactive.EXPLORER_X
    i = round((x - low) / step)
    digits = interactive.EXPLORER_DIGITS
    for name in ("relu", "gelu", "elu", "sinc", "softplus", "exponential"):
        act = activations.get(name)
        assert rows[name]["f"][i] == rounded(float(act(x)), digits)
        assert rows[name]["d"][i] == rounded(float(act.derivative(x)), digits)
    assert rows["gelu"]["s"][i] == rounded(
        float(_second_derivative(activations.get("gelu"), np.array([x]))[0]), digits)
    for name in ("softmax", "swiglu", "maxout", "argmax"):
        f, d = vector_slice(activations.get(name), np.array([x]))
        assert rows[name]["f"][i] == rounded(f[0], digits) and rows[name]["s"] == []
        assert rows[name]["d"][i] == rounded(d[0], digits) and rows[name]["v"] == 1


def test_the_explorer_leaves_out_undefined_second_derivatives() -> None:
    rows = {r["n"]: r for r in explorer().spec["data"]["values"]}
    zero = round(-interactive.EXPLORER_X[0] / interactive.EXPLORER_X[2])
    assert rows["relu"]["s"][zero] is None and rows["relu"]["s"][zero + 1] == 0
    assert rows["elu"]["s"][zero] is None  # f'' jumps from 1 to 0 at 0
    assert rows["gelu"]["s"][zero] == rounded(2 / math.sqrt(2 * math.pi), 4)
    assert None not in rows["sigmoid"]["s"]


def test_the_explorer_check_is_the_library() -> None:
    for check in explorer().check:
        assert check["functions"] == ["relu", "gelu", "none"]
        order, x = check["order"], check["x"]
        gelu = activations.get("gelu")
        library = {"f": gelu(x), "d": gelu.derivative(x),
                   "s": _second_derivative(gelu, np.array([x]))[0]}[order]
        assert check["values"][1] == rounded(float(library), 4)


def test_the_explorer_guide_links_every_chapter() -> None:
    guide = interactive.ExplorerGuide.build(prefix="../../")
    page = guide._repr_html_()
    for name in activations.names():
        assert f'href="../../chapters/functions/{name}.html"' in page
        assert (ROOT / "chapters" / "functions" / f"{name}.ipynb").exists()
    rows = {r[0]: r for r in guide.rows}
    assert rows["relu"][3] == "not defined at x = 0"
    assert rows["sigmoid"][3] == "everywhere"
    assert rows["softmax"][3] == "not given (vector function)"


def test_the_charts_render_for_jupyterlab_and_the_book() -> None:
    chart = explorer()
    bundle = chart._repr_mimebundle_()
    assert bundle["application/vnd.vegalite.v5+json"] is chart.spec
    page = bundle["text/html"]
    assert 'class="activations-sliders activations-explorer"' in page
    assert '<noscript>The explorer needs JavaScript; <a href="compare.html">' in page
    check = json.loads(page.split('data-check="')[1].split('"')[0].replace("&quot;", '"'))
    assert check == chart.check
