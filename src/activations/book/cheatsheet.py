"""The printable cheat sheet: every function's name, formula, derivative and a small
plot, on at most four A4 pages, as one PDF and as one SVG per page.

    python -m activations.book.cheatsheet OUTPUT_DIR

``make book`` writes it into ``cheatsheet/``, which the site publishes at its root
(``html_extra_path``); the landing page links to it. The same command writes each
chapter card's plot as SVG into ``figures/<name>.svg`` there, which the card links to
for download. The equations are the textbook
forms of the chapters' cards, typeset by Matplotlib's mathtext, which has no
``cases`` environment: a piecewise definition is written on one line
(``x if x > 0, 0 otherwise``).
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..core.registry import Activation, Elementwise, Vector, as_activation, names
from .at_a_glance import vector_slice
from .plotting import X_RANGE, color_of, use_style

PDF_NAME = "activations-cheat-sheet.pdf"
PAGE = (8.27, 11.69)  # A4, inches
COLUMNS, ROWS = 4, 4  # 64 panels on four pages
PER_PAGE = COLUMNS * ROWS
MAX_PAGES = 4


def mathtext(expr: Any) -> str:
    """``expr`` as LaTeX that Matplotlib's mathtext can typeset."""
    import sympy
    from sympy.printing.latex import LatexPrinter

    class Printer(LatexPrinter):
        def _print_Piecewise(self, expr: Any) -> str:
            parts = []
            for piece, condition in expr.args:
                if condition == sympy.true:
                    parts.append(rf"{self._print(piece)}\ \mathrm{{otherwise}}")
                else:
                    parts.append(rf"{self._print(piece)}\ \mathrm{{if}}\ {self._print(condition)}")
            return r",\ ".join(parts)

        def _print_Function(self, expr: Any, exp: Any = None) -> str:
            text = super()._print_Function(expr, exp)
            return text.replace(r"\operatorname{", r"\mathrm{")

        def _print_KroneckerDelta(self, expr: Any, exp: Any = None) -> str:
            i, j = (self._print(a) for a in expr.args)
            return rf"\delta_{{{i}{j}}}"

    text = Printer({"mul_symbol": None}).doprint(expr)
    for old, new in (
        (r"\operatorname{", r"\mathrm{"),
        (r"\text{", r"\mathrm{"),
        (r"\left[", "["),
        (r"\right]", "]"),
    ):
        text = text.replace(old, new)
    # mathtext knows \leq and \geq but not their short names.
    return re.sub(r"\\(le|ge)(?![a-zA-Z])", r"\\\1q", text)


def _lines(act: Activation) -> tuple[str, str]:
    f, df = act.textbook_forms()
    if isinstance(act, Elementwise):
        return f"$f(x) = {mathtext(f)}$", f"$f'(x) = {mathtext(df)}$"
    return (
        rf"$f(\mathbf{{x}})_i = {mathtext(f)}$",
        rf"$\partial f_i / \partial x_j = {mathtext(df)}$",
    )


def _one_case_per_line(line: str) -> str:
    r"""``line`` (one ``$...$``) broken after each top-level ``,\ `` that separates the
    cases of a piecewise form; separators inside braces or ``\left...\right`` stay."""
    depth, pieces, start = 0, [], 0
    i = 0
    while i < len(line):
        if line.startswith(r"\left", i) or line[i] == "{":
            depth += 1
        elif line.startswith(r"\right", i) or line[i] == "}":
            depth -= 1
        elif depth == 0 and line.startswith(r",\ ", i):
            pieces.append(line[start : i + 1])
            start = i + 3
        i += 1
    pieces.append(line[start:])
    return "$\n$\\quad ".join(pieces)


def _fit(text: Any, width: float, renderer: Any, smallest: float = 4.0) -> None:
    """Shrink ``text`` until it is at most ``width`` pixels wide."""
    while text.get_window_extent(renderer).width > width and text.get_fontsize() > smallest:
        text.set_fontsize(text.get_fontsize() - 0.25)


def _panel(fig: Any, slot: int, act: Activation) -> None:
    column, row = slot % COLUMNS, slot // COLUMNS
    cell_w, cell_h = 1.0 / COLUMNS, 0.94 / ROWS
    left, top = column * cell_w, 0.96 - row * cell_h
    ax = fig.add_axes((left + 0.03, top - 0.62 * cell_h, cell_w - 0.05, 0.5 * cell_h))
    color = color_of(act)
    x = np.linspace(*X_RANGE, 801)
    if isinstance(act, Elementwise):
        ax.plot(x, act(x), "-", color=color, lw=1.2)
        ax.plot(x, act.derivative(x), "--", color=color, lw=1.0)
    else:
        assert isinstance(act, Vector)
        output, slope = vector_slice(act, x)
        ax.plot(x, output, "-", color=color, lw=1.2)
        ax.plot(x, slope, "--", color=color, lw=1.0)
    ax.axhline(0.0, color="black", lw=0.5)
    ax.axvline(0.0, color="black", lw=0.5)
    ax.tick_params(labelsize=5, length=2, pad=1)
    ax.grid(True, lw=0.3)
    renderer = fig.canvas.get_renderer()
    width = (cell_w - 0.04) * fig.bbox.width
    title = fig.text(left + 0.03, top - 0.06 * cell_h, act.title, fontsize=7, weight="bold")
    _fit(title, width, renderer)
    y = top - 0.70 * cell_h
    for line in _lines(act):
        text = fig.text(left + 0.03, y, line, fontsize=7, va="top")
        _fit(text, width, renderer, smallest=5.0)
        if text.get_window_extent(renderer).width > width:
            # Still too wide: one piece of the cases per line.
            text.set_text(_one_case_per_line(line))
            text.set_fontsize(6)
            _fit(text, width, renderer)
        y -= text.get_window_extent(renderer).height / fig.bbox.height + 0.04 * cell_h


def pages(functions: list[Activation | str] | None = None) -> list[Any]:
    """The cheat sheet's figures, one per page."""
    import matplotlib.pyplot as plt

    acts = [as_activation(f) for f in (names() if functions is None else functions)]
    use_style()
    figures = []
    count = math.ceil(len(acts) / PER_PAGE)
    for page in range(count):
        fig = plt.figure(figsize=PAGE)
        fig.text(
            0.5,
            0.985,
            f"Activation functions, executed: cheat sheet ({page + 1} of {count})",
            ha="center",
            va="top",
            fontsize=10,
            weight="bold",
        )
        fig.text(
            0.5,
            0.012,
            "f solid, f' dashed, x from -5 to 5 (vector functions: the first output as the "
            "first input, or a gated unit's gate, moves). Every curve computed by the tested "
            "library.",
            ha="center",
            fontsize=6,
        )
        for slot, act in enumerate(acts[page * PER_PAGE : (page + 1) * PER_PAGE]):
            _panel(fig, slot, act)
        figures.append(fig)
    return figures


def write(directory: Path) -> list[Path]:
    """Write the PDF and the SVG pages into ``directory``; return their paths."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    directory.mkdir(parents=True, exist_ok=True)
    figures = pages()
    if len(figures) > MAX_PAGES:
        raise ValueError(f"the cheat sheet needs {len(figures)} pages, more than {MAX_PAGES}")
    written = [directory / PDF_NAME]
    with PdfPages(written[0], metadata={"CreationDate": None, "ModDate": None}) as pdf:
        for fig in figures:
            pdf.savefig(fig)
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "activations"}):
        for number, fig in enumerate(figures, start=1):
            path = directory / f"activations-cheat-sheet-{number}.svg"
            fig.savefig(path, metadata={"Date": None})
            written.append(path)
    for fig in figures:
        plt.close(fig)
    return written


def write_card_figures(directory: Path) -> list[Path]:
    """Each function card's plot as ``directory/<name>.svg``."""
    import matplotlib.pyplot as plt

    from .at_a_glance import figure

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "activations"}):
        for name in names():
            fig = figure(name)
            path = directory / f"{name}.svg"
            fig.savefig(path, metadata={"Date": None})
            plt.close(fig)
            written.append(path)
    return written


if __name__ == "__main__":
    import matplotlib

    matplotlib.use("Agg")
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "cheatsheet")
    sheets = write(output)
    figures = write_card_figures(output / "figures")
    print(f"wrote {', '.join(p.name for p in sheets)} and {len(figures)} plots in {output}/figures")
