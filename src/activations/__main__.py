"""The command line: ``python -m activations`` (or the ``activations`` script).

    python -m activations list
    python -m activations show gelu
    python -m activations plot relu elu --derivative -o relu-elu.svg

``show`` prints what the book's chapter is built from: the formula and its derivative
as LaTeX (from SymPy), the computed properties, the parameters and the references as
BibTeX. ``plot`` draws functions in the site's style. Unknown names exit with status 2
and suggestions.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .core.registry import (
    FAMILIES,
    Activation,
    Elementwise,
    UnknownActivationError,
    Vector,
    get,
    names,
)


class CLIError(Exception):
    """A user error: printed as one line, exit status 2."""


def _lookup(name: str) -> Activation:
    try:
        return get(name)
    except UnknownActivationError as error:
        raise CLIError(str(error)) from None


def _section(out: TextIO, title: str, body: str) -> None:
    print(f"\n{title}", file=out)
    print("-" * len(title), file=out)
    print(body, file=out)


def show(name: str, out: TextIO | None = None) -> None:
    """Formula, derivative, properties, parameters and references of one function."""
    out = out or sys.stdout
    import sympy

    from . import book
    from .book.bibliography import entries, find_bib
    from .core.symbolic import symbol_x, vector_expression

    act = _lookup(name)
    print(f"{act.name}: {act.title}", file=out)
    if act.aliases:
        print(f"aliases: {', '.join(act.aliases)}", file=out)
    print(act.summary, file=out)

    operator = rf"\operatorname{{{book.latex_name(act)}}}"
    if isinstance(act, Elementwise):
        _section(out, "Formula (LaTeX)", book.formula(act).latex)
        derivative = sympy.diff(act.symbolic_expr(), symbol_x())
        lhs = rf"\frac{{d}}{{dx}} {operator}(x)"
        _section(out, "Derivative (LaTeX)", f"{lhs} = {sympy.latex(derivative)}")
        _section(out, "Properties", repr(book.properties_table(act)))
    else:
        assert isinstance(act, Vector)
        try:
            n, expr = vector_expression(act)
        except ValueError as error:
            raise CLIError(str(error)) from None
        xs = sympy.symbols(f"x_1:{n + 1}", real=True)
        formula = rf"{operator}(\mathbf{{x}}) = {sympy.latex(expr)}"
        _section(out, f"Formula for n = {n} (LaTeX)", formula)
        _section(out, f"Jacobian for n = {n} (LaTeX)", sympy.latex(expr.jacobian(xs)))
        _section(out, "Properties", "computed for element-wise functions only")

    if act.parameters:
        _section(out, "Parameters", repr(book.parameters_table(act)))
    else:
        _section(out, "Parameters", "none")
    _section(out, "Frameworks", repr(book.frameworks_table(act)))

    if not act.references:
        _section(out, "References", "none")
        return
    found = entries(act.references)
    if find_bib() is None:
        body = "\n".join(act.references) + "\n(references.bib not found: keys only)"
    else:
        body = "\n\n".join(
            text if text is not None else f"{key} (not in references.bib)"
            for key, text in found.items()
        )
    _section(out, "References (BibTeX)", body)


def list_functions(out: TextIO | None = None) -> None:
    """Every function, by family, in book order."""
    out = out or sys.stdout
    for key, title in FAMILIES:
        members = names(family=key)
        if members:
            print(f"{title}: {', '.join(members)}", file=out)


def plot(functions: Sequence[str], output: Path, derivative: bool = False) -> Path:
    """Write a figure of ``functions`` (and their first derivatives) in the site's style."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .book import plotting

    acts = [_lookup(name) for name in functions]
    for act in acts:
        if not isinstance(act, Elementwise):
            raise CLIError(
                f"{act.name} is a vector function (it maps a whole vector); "
                "plot draws element-wise functions"
            )
    formats = plt.gcf().canvas.get_supported_filetypes()
    plt.close("all")
    suffix = output.suffix.lstrip(".").lower()
    if suffix not in formats:
        raise CLIError(f"cannot write {output.name!r}: use one of .{', .'.join(sorted(formats))}")

    plotting.use_style()
    plt.rcParams["svg.hashsalt"] = "activations"  # stable ids: same input, same file
    if len(acts) == 1:
        fig = plotting.function_figure(acts[0], orders=(0, 1) if derivative else (0,))
    elif derivative:
        width, height = plt.rcParams["figure.figsize"]
        fig, (left, right) = plt.subplots(1, 2, figsize=(2 * width, height))
        plotting.compare(acts, order=0, ax=left)
        plotting.compare(acts, order=1, ax=right)
        left.set_title("Functions")
        right.set_title("First derivatives")
    else:
        fig, ax = plt.subplots()
        plotting.compare(acts, order=0, ax=ax)
    metadata = {"Date": None} if suffix == "svg" else None
    fig.savefig(output, metadata=metadata)
    plt.close(fig)
    return output


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m activations",
        description="Activation functions, executed: look up, show and plot functions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("list", help="list every function by family")
    show_cmd = commands.add_parser(
        "show", help="formula, derivative, properties, parameters and references"
    )
    show_cmd.add_argument("name", metavar="NAME", help="a function name or alias")
    plot_cmd = commands.add_parser("plot", help="draw functions in the site's style")
    plot_cmd.add_argument("names", metavar="NAME", nargs="+", help="element-wise functions")
    plot_cmd.add_argument(
        "--derivative", action="store_true", help="also draw the first derivative (dashed)"
    )
    plot_cmd.add_argument(
        "-o", "--output", type=Path, required=True, help="output file (.svg, .png, .pdf)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            list_functions()
        elif args.command == "show":
            show(args.name)
        else:
            written = plot(args.names, args.output, derivative=args.derivative)
            print(f"wrote {written}")
    except CLIError as error:
        print(f"python -m activations: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
