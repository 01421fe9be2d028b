r"""The symbolic side shared by every wing: the symbol ``x``, piecewise forms and the
derivatives of an activation's SymPy expression, built in one place.

Properties, plots and the exact values of the verification wing all differentiate the
same expression the same way: ``Max``, ``Min``, ``Abs``, ``Heaviside`` and ``sign`` are
first rewritten as ``Piecewise`` (so SymPy differentiates each branch instead of
producing ``Heaviside`` terms that evaluate to 1/2 at a kink), then differentiated.

>>> import activations
>>> derivative_expression(activations.get("relu"), 1)
Piecewise((0, x <= 0), (1, True))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sympy

    from .registry import Elementwise, Vector


def symbol_x() -> sympy.Symbol:
    """The real symbol ``x`` every element-wise expression is written in."""
    import sympy

    return sympy.Symbol("x", real=True)


def as_piecewise(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with ``Max``, ``Min``, ``Abs``, ``Heaviside`` and ``sign`` written as
    ``Piecewise``, folded into one ``Piecewise`` whose conditions mark the kinks."""
    import sympy

    rewritten = expr
    for kind in (sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign):
        rewritten = rewritten.replace(
            lambda e, k=kind: isinstance(e, k), lambda e: e.rewrite(sympy.Piecewise)
        )
    return sympy.piecewise_fold(rewritten)


def derivative_expression(
    source: Elementwise | sympy.Expr,
    order: int,
    rewrite: Callable[[sympy.Expr], sympy.Expr] | None = None,
    **params: Any,
) -> sympy.Expr:
    """The ``order``-th derivative (0: the function itself) in ``x`` of an activation at
    exact parameter values ``params``, or of an expression, taken from its piecewise
    form; ``rewrite`` transforms that form before differentiating (the verification
    wing removes cancellations with it)."""
    import sympy

    expr = source if isinstance(source, sympy.Basic) else source.expr(**params)
    expr = as_piecewise(expr)
    if rewrite is not None:
        expr = rewrite(expr)
    return sympy.diff(expr, symbol_x(), order) if order else expr


def vector_expression(activation: Vector, symbolic: bool = True) -> tuple[int, sympy.Matrix]:
    """The smallest input length (3, else 4: the gated units split an even length) for
    which ``activation`` has a SymPy form, and that form; its parameters stay symbols
    where the function allows (``symbolic``), else take their defaults."""
    for n in (3, 4):
        builds = (activation.symbolic_expr, activation.expr) if symbolic else (activation.expr,)
        for build in builds:
            try:
                return n, build(n=n)
            except (TypeError, ValueError):
                continue
    raise ValueError(f"{activation.name}: no symbolic form for an input of length 3 or 4")
