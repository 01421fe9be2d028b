"""Small display helpers that keep chapter notebooks short: formulas, tables and the
"Cite this page" block, all generated from the registry.

Every object here has a deterministic plain-text and HTML form, so strict nbval
compares the numbers a chapter shows.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._core import Elementwise, get

#: The published site's address; `_config.yml` (html.baseurl) holds the same value and
#: a test keeps the two equal.
SITE_URL = "https://activations-executed.github.io/"
SITE_TITLE = "Activation Functions, executed"
SITE_AUTHOR = "{The Activation Functions, executed contributors}"
SITE_YEAR = 2026
SITE_SUBTITLE = "a tested, executable reference on neural-network activation functions"


@dataclass(frozen=True)
class Table:
    """A table that renders as HTML in the book and as aligned text elsewhere."""

    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    caption: str | None = None

    def _cells(self) -> list[list[str]]:
        return [[_text(c) for c in row] for row in self.rows]

    def __repr__(self) -> str:
        cells = [list(self.header), *self._cells()]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.header))]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self._cells()
        )
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            f'<table class="activations-table">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isinf(value):
            return "∞" if value > 0 else "-∞"
        return f"{value:.6g}"
    return str(value)


class Math:
    """LaTeX shown by MathJax in the book (``text/latex``) and as source in a terminal."""

    def __init__(self, latex: str) -> None:
        self.latex = latex

    def __repr__(self) -> str:
        return self.latex

    def _repr_latex_(self) -> str:
        return f"$$\n{self.latex}\n$$"


def latex(expr: Any) -> str:
    import sympy

    return sympy.latex(expr)


def formula(name: str, symbolic: bool = True) -> Math:
    """``f(x) = ...`` rendered from the SymPy expression (parameters as symbols)."""
    act = get(name)
    if isinstance(act, Elementwise):
        expr = act.symbolic_expr() if symbolic else act.expr()
    else:
        expr = _vector_expr(act, symbolic)
    if isinstance(act, Elementwise):
        return Math(rf"\operatorname{{{_latex_name(name)}}}(x) = {latex(expr)}")
    return Math(rf"\operatorname{{{_latex_name(name)}}}(\mathbf{{x}}) = {latex(expr)}")


def _vector_expr(act: Any, symbolic: bool) -> Any:
    # Three inputs show a vector function best; the gated units need an even length.
    for n in (3, 4):
        try:
            return act.symbolic_expr(n) if symbolic else act.expr(n=n)
        except (ValueError, TypeError):
            continue
    return act.expr(n=4)


def _latex_name(name: str) -> str:
    return get(name).name.replace("_", r"\_")


def parameters_table(name: str) -> Table:
    """Parameters, their defaults and meaning."""
    act = get(name)
    rows = [(p.name, repr(p.default), p.requirement, p.doc) for p in act.parameters]
    return Table(("parameter", "default", "allowed", "meaning"), rows)


def properties_table(name: str) -> Table:
    """The computed properties of an element-wise function (see ``act.properties``)."""
    act = get(name)
    assert isinstance(act, Elementwise)
    return Table(("property", "value"), act.properties.as_rows())


def frameworks_table(name: str) -> Table:
    """How PyTorch, Keras 3 and JAX spell the function."""
    act = get(name)
    return Table(("framework", "name and defaults"), act.frameworks.as_rows())


def page_url(path: str) -> str:
    """The stable address of a chapter, e.g. ``page_url("chapters/functions/gelu")``."""
    return f"{SITE_URL}{path}.html"


def cite_this_page(path: str, title: str) -> str:
    """A BibTeX entry for one page of the site (printed in each chapter)."""
    key = "activations_executed_" + path.rsplit("/", 1)[-1].replace("-", "_")
    return (
        f"@misc{{{key},\n"
        f"  author = {{{SITE_AUTHOR}}},\n"
        f"  title = {{{title}}},\n"
        f"  howpublished = {{{SITE_TITLE}}},\n"
        f"  year = {{{SITE_YEAR}}},\n"
        f"  url = {{{page_url(path)}}}\n"
        f"}}"
    )


def cite_site() -> str:
    """A BibTeX entry for the whole site."""
    return (
        "@misc{activations_executed,\n"
        f"  author = {{{SITE_AUTHOR}}},\n"
        f"  title = {{{SITE_TITLE}: {SITE_SUBTITLE}}},\n"
        f"  year = {{{SITE_YEAR}}},\n"
        f"  url = {{{SITE_URL}}}\n"
        "}"
    )


class Source:
    """The source code of a library function, shown in a chapter (never retyped)."""

    def __init__(self, fn: Any) -> None:
        import inspect

        self.text = inspect.getsource(fn).rstrip()

    def __repr__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        return f"```python\n{self.text}\n```"


def show_source(fn: Any) -> Source:
    """Display ``fn``'s source, so a chapter shows exactly the code that runs."""
    return Source(fn)


#: The MIME prefix under which myst-nb finds a value glued without being displayed.
GLUE_PREFIX = "application/papermill.record/"


#: Significant digits a glued float keeps: the prose shows at most six, and the last bits
#: of a float differ between machines (NumPy picks its exp, log1p and tanh kernels by
#: CPU), so a full-precision record would make the stored notebook machine-dependent.
GLUE_DIGITS = 6


def glue(name: str, value: Any, display: bool = True, digits: int | None = GLUE_DIGITS) -> None:
    """Store ``value``'s displayed form under ``name`` for ``{glue}`` in the prose.

    A float is stored rounded to ``digits`` significant digits, what every machine
    computes alike; pass fewer for a measurement that varies more (a trained network's
    loss), or ``digits=None`` for a value that is exact on every machine (a constant
    computed with mpmath, a float's own neighbour) and shown in full.

    Writes the same output as ``myst_nb.glue``. That one imports nbformat, whose JSON
    schema validator compiles some forty grammars on import: four seconds added to
    every chapter's execution for one display call.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display as show

    bundle, metadata = format_display_data(rounded(value, digits))
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    show({prefix + key: data for key, data in bundle.items()}, raw=True, metadata=metadata)


def rounded(value: Any, digits: int | None = GLUE_DIGITS) -> Any:
    """``value`` to ``digits`` significant digits if it is a float, else unchanged.

    >>> rounded(0.21870563626785586), rounded(-7.2001, 2), rounded(3), rounded(0.1, None)
    (0.218706, -7.2, 3, 0.1)
    """
    if digits is None or isinstance(value, bool) or not isinstance(value, float | np.floating):
        return value
    if not math.isfinite(value):
        return float(value)
    return float(f"{float(value):.{digits}g}")
