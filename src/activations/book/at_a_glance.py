"""The at-a-glance card at the top of every function chapter: one call, everything a
reader looks up first.

``card(activation)`` displays, in this order:

1. the formula and the derivative (for a vector function, the output entry and the
   Jacobian entry, in index notation) as a textbook writes them (``textbook_forms``);
2. a plot of ``f`` and ``f'`` in the book's style (for a vector function, the first
   output as one input moves, the others held);
3. one compact row of facts: range, monotonicity, smoothness, saturation, ``f(0)``,
   ``f'(0)`` (element-wise; a vector function states its output length), the parameters
   with their defaults, the name in each framework that ships it, the paper, and a link
   to the plot as SVG (``make book`` writes ``figures/<name>.svg`` at the site's root
   with :mod:`.cheatsheet`; the link is relative to a chapter in ``chapters/functions/``).

Each part is Markdown (``text/markdown``), which myst-nb parses as MyST, so the
equations are the site's own math and the paper is a citation into the bibliography;
a terminal sees the same text. The figure's alt text (:func:`alt_text`) goes in the
cell's ``mystnb.image.alt`` metadata, where myst-nb reads it.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..core.notation import constants_in
from ..core.properties import (
    Properties,
    format_continuity,
    format_number,
    format_range,
    format_yes,
)
from ..core.registry import Activation, Elementwise, Frameworks, Vector, as_activation
from .display import latex
from .pages import latex_name
from .plotting import LINESTYLES, X_RANGE, color_of, function_figure, use_style

#: The input a vector function's card plots: the first entry moves over the plot's
#: range; the others (mixed signs, no ties) stay put. Length 4 suits every vector
#: function of the book (the gated units need an even length, maxout a multiple of 2).
SLICE_REST = (0.5, -1.0, 1.5)


class Markdown:
    """MyST Markdown, shown as text in a terminal."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


def equations(activation: Activation | str) -> Markdown:
    """The formula and the derivative (or Jacobian entry), as display math."""
    act = as_activation(activation)
    f, df = act.textbook_forms()
    name = rf"\operatorname{{{latex_name(act)}}}"
    if isinstance(act, Elementwise):
        lines = (rf"{name}(x) = {latex(f)}", rf"{name}'(x) = {latex(df)}")
    else:
        lines = (
            rf"{name}(\mathbf{{x}})_i = {latex(f)}",
            rf"\frac{{\partial\, {name}(\mathbf{{x}})_i}}{{\partial x_j}} = {latex(df)}",
        )
    return Markdown("\n".join(f"$$\n{line}\n$$" for line in lines))


def saturation(p: Properties) -> str:
    """Which sides the derivative vanishes on: ``left``, ``right``, ``both`` or ``none``."""
    left, right = p.saturates
    return {(True, True): "both", (True, False): "left", (False, True): "right"}.get(
        (left, right), "none"
    )


def derivative_at_zero(p: Properties) -> str:
    left, right = p.derivative_at_zero
    if left == right:
        return format_number(left)
    return f"{format_number(left)} (left), {format_number(right)} (right)"


def facts(activation: Activation | str) -> Markdown:
    """The row of properties, then parameters, frameworks and the paper."""
    act = as_activation(activation)
    blocks = []
    if isinstance(act, Elementwise):
        p = act.properties
        header = ("range", "monotonic", "smoothness", "saturates", "f(0)", "f'(0)")
        row = (
            format_range(p),
            format_yes(p.monotonic),
            format_continuity(p.continuity),
            saturation(p),
            format_number(p.value_at_zero),
            derivative_at_zero(p),
        )
        blocks.append(_table(header, [row]))
    else:
        assert isinstance(act, Vector)
        sizes = {n: act.out_size(n, **act.params) for n in (4, 8)}
        known = {(4, 8): "n", (2, 4): "n/2", (8, 16): "2n"}
        length = known.get((sizes[4], sizes[8]), "?")
        if length == "n/2" and "pieces" in act.params:
            length = "n / pieces"
        blocks.append(f"**Output**: a vector of length {length}, along one axis of the input.")
    if act.parameters:
        items = "; ".join(f"`{p.name}` = {p.default!r} ({p.doc})" for p in act.parameters)
        blocks.append(f"**Parameters**: {items}.")
    named = constants_in(act.textbook_forms()[0])
    if named:
        values = ", ".join(f"${latex(k)} = {v}$" for k, v in named.items())
        blocks.append(f"**Constants**: {values}.")
    blocks.append(names_line(act))
    shipped = act.frameworks.shipped()
    if shipped:
        blocks.append("**In frameworks**: " + "; ".join(f"{w}: `{h}`" for w, h in shipped) + ".")
    else:
        everyone = ", ".join(label for _, label in Frameworks.COLUMNS[:-1])
        blocks.append(
            f"**In frameworks**: none of {everyone} and {Frameworks.COLUMNS[-1][1]} ships it."
        )
    if act.references:
        blocks.append(f"**Paper**: {{cite:t}}`{act.references[0]}`.")
    blocks.append(
        f'**The plot**: <a href="../../figures/{act.name}.svg" download>SVG</a> '
        "(vector graphics, for slides and notes)."
    )
    return Markdown("\n\n".join(blocks))


def names_line(activation: Activation | str) -> str:
    """The names a reader may search for, each an index entry so that the site's search
    ranks this page first for them: the library's name and aliases (each works in
    :func:`activations.get`), then any other string a Hugging Face config uses for it
    (``"hidden_act": "swish"`` means SiLU).

    >>> names_line("relu6")
    '**Names**: {index}`!relu6`, {index}`!clipped_relu`, {index}`!relu_6`.'
    """
    from ..core.registry import UnknownActivationError, get

    act = as_activation(activation)
    names = list(dict.fromkeys([act.name, *act.aliases]))
    others = []
    for config in re.findall(r'"([^"]+)"', act.frameworks.transformers or ""):
        try:
            same = get(config) is act
        except UnknownActivationError:
            same = False
        if not same and config not in names:
            others.append(config)
    # "!" makes each a main entry: Sphinx's search lists main entries by score, the
    # others after every full-text hit.
    line = "**Names**: " + ", ".join(f"{{index}}`!{n}`" for n in names)
    if others:
        line += "; in Hugging Face configs also " + ", ".join(f"{{index}}`!{n}`" for n in others)
    return line + "."


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " :-- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def figure(activation: Activation | str) -> Any:
    """``f`` and ``f'`` on the book's range (a vector function: a slice of it)."""
    import matplotlib.pyplot as plt

    act = as_activation(activation)
    if isinstance(act, Elementwise):
        fig = function_figure(act)
    else:
        use_style()
        fig, ax = plt.subplots()
        x = np.linspace(*X_RANGE, 801)
        output, slope = vector_slice(act, x)
        color = color_of(act)
        ax.plot(x, output, LINESTYLES[0], color=color, label="$f(\\mathbf{x})_1$")
        _, moving = _moving(act)
        ax.plot(x, slope, LINESTYLES[1], color=color, label=f"$\\partial f_1 / \\partial {moving}$")
        ax.axhline(0.0, color="black", lw=0.8, zorder=1)
        ax.axvline(0.0, color="black", lw=0.8, zorder=1)
        rest = ", ".join(format_number(v) for v in SLICE_REST)
        ax.set_xlabel(f"${moving}$ (with ${_held(act)}$ = {rest})")
        ax.set_title(act.title)
        ax.legend(loc="best")
    fig.set_size_inches(6.4, 3.6)
    return fig


def vector_slice(
    act: Vector, x: np.ndarray, **params: Any
) -> tuple[np.ndarray, np.ndarray]:
    """A vector function's first output, and its slope in the moving input (the first,
    or ``act.slice_input``), as that input runs over ``x`` and the other three stay at
    :data:`SLICE_REST`; ``params`` as the function takes them (default: its defaults)."""
    columns = [np.full_like(x, v) for v in SLICE_REST]
    columns.insert(act.slice_input, x)
    inputs = np.column_stack(columns)
    jacobian = np.asarray(act.jacobian(inputs, **params))
    return np.asarray(act(inputs, **params))[:, 0], jacobian[:, 0, act.slice_input]


def _moving(act: Vector) -> tuple[str, str]:
    """How the moving input is named in words and in math: ``("the first input",
    "x_1")``; for a gated unit, its gate."""
    index = act.slice_input + 1
    if act.slice_input == 0:
        return "the first input", "x_1"
    ordinal = {2: "second", 3: "third", 4: "fourth"}[index]
    return f"the {ordinal} input (the first output's gate)", f"x_{index}"


def _held(act: Vector) -> str:
    others = [i + 1 for i in range(4) if i != act.slice_input]
    return ", ".join(f"x_{i}" for i in others)


def alt_text(activation: Activation | str) -> str:
    """What the card's plot shows, in words, from the library's own numbers."""
    act = as_activation(activation)
    low, high = -5, 5
    if isinstance(act, Vector):
        rest = ", ".join(format_number(v) for v in SLICE_REST)
        words, _ = _moving(act)
        return (
            f"Plot of {act.title}, along one input: its first output (solid) and that "
            f"output's slope (dashed) as {words} runs from {low} to {high}, "
            f"with the other three inputs held at {rest}."
        )
    p = act.properties
    kinks = [format_number(k) for k in p.kinks if low < k < high]
    where = f"; kinks marked at x = {', '.join(kinks)}" if kinks else ""
    return (
        f"Plot of {act.title}: the function (solid) and its derivative (dashed) for x "
        f"from {low} to {high}. Its range is {format_range(p)}, it is "
        f"{'monotonic' if p.monotonic else 'not monotonic'}, f(0) = "
        f"{format_number(p.value_at_zero)} and f'(0) = {derivative_at_zero(p)}{where}."
    )


def card(activation: Activation | str) -> None:
    """Display the at-a-glance card: equations, plot, facts (see the module's text)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    act = as_activation(activation)
    display(equations(act))
    fig = figure(act)
    display(fig)
    plt.close(fig)
    display(facts(act))
