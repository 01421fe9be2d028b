r"""The notation a textbook writes activations in: :math:`\Phi`, :math:`\varphi`,
:math:`\sigma`, softplus, as SymPy functions that print that way and expand to the
elementary expression they stand for.

An activation's ``forms`` give its formula and derivative (for a vector function, the
output entry and the Jacobian entry, in index notation) in this notation: GELU is
:math:`x\,\Phi(x)` with derivative :math:`\Phi(x) + x\,\varphi(x)`, where SymPy alone
would print error functions. :func:`expand` turns a form back into elementary functions,
and the tests check each form equal to the activation's own expression.

>>> n = notation()
>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> sympy.latex(x * n.Phi(x))
'x \\Phi\\left(x\\right)'
>>> expand(n.sigma(x))
1/(1 + exp(-x))
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Any


@functools.cache
def notation() -> SimpleNamespace:
    """The notation's functions: ``Phi`` (standard normal CDF), ``phi`` (its density),
    ``sigma`` (logistic sigmoid), ``softplus``, ``relu`` (:math:`\\max(0, x)`, printed
    :math:`[x]_+`) and ``step`` (Heaviside, 1 at 0)."""
    import sympy

    root2 = sympy.sqrt(2)
    return SimpleNamespace(
        constant=constant,
        entry=entry,
        Phi=_named("Phi", r"\Phi\left({}\right)", lambda a: (1 + sympy.erf(a / root2)) / 2),
        phi=_named(
            "phi",
            r"\varphi\left({}\right)",
            lambda a: sympy.exp(-(a**2) / 2) / sympy.sqrt(2 * sympy.pi),
        ),
        sigma=_named("sigma", r"\sigma\left({}\right)", lambda a: 1 / (1 + sympy.exp(-a))),
        softplus=_named(
            "softplus",
            r"\operatorname{{softplus}}\left({}\right)",
            lambda a: sympy.log(1 + sympy.exp(a)),
        ),
        relu=_named("relu", r"\left[{}\right]_+", lambda a: sympy.Max(0, a)),
        step=_named("step", r"H\left({}\right)", lambda a: sympy.Heaviside(a, 1)),
    )


def _named(name: str, latex: str, definition: Any, real: bool = True) -> Any:
    """A SymPy function of one argument that prints as ``latex`` (its ``{}`` the
    argument) and that :func:`expand` replaces by ``definition(argument)``."""
    import sympy

    def _latex(self: Any, printer: Any, exp: Any = None) -> str:
        text = latex.format(printer._print(self.args[0]))
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def expanded(self: Any) -> Any:
        return definition(self.args[0])

    attributes = {"nargs": 1, "_latex": _latex, "expanded": expanded}
    return type(name, (sympy.Function,), {**attributes, "is_real": True} if real else attributes)


#: Named constants of a form (SELU's lambda and alpha), by symbol: their values.
_CONSTANTS: dict[Any, Any] = {}


def constant(name: str, value: Any) -> Any:
    """A symbol for a fixed constant that a form names instead of writing its digits
    (``lambda`` prints as :math:`\\lambda`); :func:`expand` puts the value back and
    :func:`constants_in` lists the ones a form uses.

    >>> lam = constant("lambda", 2)
    >>> expand(3 * lam), constants_in(3 * lam)
    (6, {lambda: 2})
    """
    import sympy

    symbol = _constant_class()(name, positive=True)
    _CONSTANTS[symbol] = sympy.sympify(value)
    return symbol


@functools.cache
def _constant_class() -> type:
    import sympy

    # Its own class, so that SELU's lambda is never the symbol lambda a parameter uses.
    return type("NamedConstant", (sympy.Symbol,), {})


def constants_in(expr: Any) -> dict[Any, Any]:
    """The named constants ``expr`` uses, with their values."""
    free = getattr(expr, "free_symbols", set())
    return {s: _CONSTANTS[s] for s in sorted(free, key=str) if s in _CONSTANTS}


def entry(latex: str, definition: Any) -> Any:
    """A vector function's output entry as a name: ``entry(r"\\operatorname{softmax}
    (\\mathbf{x})", s)(i)`` prints as that name with subscript ``i`` and :func:`expand`
    turns it into ``s(i)``, so a Jacobian reads :math:`s_i (\\delta_{ij} - s_j) / T`
    instead of repeating the whole formula."""
    # Braces in the name are LaTeX's, not placeholders.
    template = latex.replace("{", "{{").replace("}", "}}") + "_{{{}}}"
    return _named("Entry", template, definition, real=False)


def expand(expr: Any) -> Any:
    """``expr`` with every notation function, named entry and named constant replaced
    by what it stands for."""
    import sympy

    expr = expr.xreplace(constants_in(expr)) if hasattr(expr, "xreplace") else expr
    while True:
        found = {
            f for f in getattr(expr, "atoms", lambda *_: set())(sympy.Function)
            if hasattr(f, "expanded")
        }
        if not found:
            return expr
        expr = expr.xreplace({f: f.expanded() for f in found})
