"""What a chapter displays: tables, equations, library source and glued numbers.

Every object here has a deterministic plain-text and HTML (or LaTeX, Markdown) form, so
strict nbval compares what a chapter shows.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.properties import format_number, format_yes


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
        return format_yes(value)
    if isinstance(value, float):
        return format_number(value)
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
