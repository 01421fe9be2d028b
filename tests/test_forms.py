"""The textbook forms (``Activation.forms``): every function has them, and each is the
function and its derivative (or Jacobian) the library computes.

Element-wise forms are expanded from the notation (``Phi``, ``sigma``, ...) into
elementary functions and compared at 40 digits with the activation's own SymPy
expression and its derivative, at the default parameters and at one other value, and
at every breakpoint with the library's kink convention. Vector forms, written in index
notation, are evaluated entry by entry at a random point and compared with the
library's output and Jacobian.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp

import activations
from activations.core import properties
from activations.core.notation import expand, notation
from activations.core.registry import Elementwise, Vector
from activations.core.symbolic import as_piecewise, derivative_expression, symbol_x

ELEMENTWISE = activations.names(kind="elementwise")
VECTOR = activations.names(kind="vector")

#: Sample points in [-6, 6], none of them a breakpoint of any function here.
POINTS = tuple(
    sp.Rational(p)
    for p in (
        "-5.83", "-4.71", "-3.62", "-2.55", "-1.37", "-0.61", "-0.23",
        "0.17", "0.79", "1.43", "2.91", "4.37", "5.66",
    )
)  # fmt: skip
DIGITS = 40
TOLERANCE = mpmath.mpf("1e-30")


def _elementwise(name: str) -> Elementwise:
    act = activations.get(name)
    assert isinstance(act, Elementwise)
    return act


def _vector(name: str) -> Vector:
    act = activations.get(name)
    assert isinstance(act, Vector)
    return act


def _other_values(act: Any) -> dict[str, Any]:
    """A non-default value for every parameter: the default plus 3/4 (exact in binary),
    or minus 3/4 where the parameter must stay below (xIELU's eps <= 0), or plus 1 for a
    whole-number parameter."""
    values: dict[str, Any] = {}
    for p in act.parameters:
        value = p.default + 1 if p.integer else float(Fraction(p.default) + Fraction(3, 4))
        if not p.check(value):
            value = float(Fraction(p.default) - Fraction(3, 4))
        assert p.check(value), (act.name, p.name, value)
        values[p.name] = value
    return values


def _parameter_cases(act: Any) -> list[dict[str, Any]]:
    return [{}, _other_values(act)] if act.parameters else [{}]


def _form_at(
    act: Elementwise, given: dict[str, Any], binary: bool = False
) -> tuple[sp.Expr, sp.Expr]:
    """``(f, f')`` of the forms, in elementary functions, at the exact parameter values
    the library's own expression uses for ``given`` (decimal: 0.8 is 4/5), or with
    ``binary`` at the doubles the NumPy code sees (0.8 is the nearest double)."""
    assert act.forms is not None
    symbols = act._sympy_params({}, True)
    exact = act._sympy_params(given, False)
    if binary:
        exact = {k: sp.Rational(v) for k, v in act.resolve_params(given).items()}
    f, df = act.forms(sp, notation(), symbol_x(), **symbols)
    values = {symbols[name]: exact[name] for name in symbols}
    return expand(f).subs(values), expand(df).subs(values)


def _breakpoints(act: Elementwise, given: dict[str, Any]) -> tuple[float, ...]:
    """Where the function or its derivative has a kink or a jump, at ``given``: where the
    conditions of its piecewise form switch (what the properties analysis finds first,
    without the rest of that analysis)."""
    if not given:
        return act.properties.breakpoints
    x = symbol_x()
    return tuple(float(b) for b in properties._breakpoints(as_piecewise(act.expr(**given)), x))


def _evaluate(expr: sp.Expr, point: sp.Rational) -> mpmath.mpf:
    value = sp.N(expr.subs(symbol_x(), point), DIGITS)
    assert value.is_real, (expr, point, value)
    with mpmath.workdps(DIGITS):
        return mpmath.mpf(value)


def _agree(got: mpmath.mpf, want: mpmath.mpf) -> bool:
    """Relative agreement to 1e-30, absolute near zero."""
    with mpmath.workdps(DIGITS):
        return bool(abs(got - want) <= TOLERANCE * max(abs(want), 1))


# -- every function has forms ----------------------------------------------------------------


def test_every_function_has_forms() -> None:
    missing = [name for name in activations.names() if activations.get(name).forms is None]
    assert not missing, f"no textbook forms: {', '.join(missing)}"


# -- element-wise -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_forms_equal_the_expression_and_its_derivative(name: str) -> None:
    act = _elementwise(name)
    for given in _parameter_cases(act):
        f, df = _form_at(act, given)
        expression = act.expr(**given)
        derivative = derivative_expression(act, 1, **given)
        breakpoints = _breakpoints(act, given)
        points = [p for p in POINTS if all(abs(float(p) - b) > 1e-6 for b in breakpoints)]
        assert len(points) >= 12, (name, given, breakpoints)
        for point in points:
            for label, form, exact in (("f", f, expression), ("f'", df, derivative)):
                got, want = _evaluate(form, point), _evaluate(exact, point)
                assert _agree(got, want), (name, given, label, float(point), got, want)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_form_derivative_follows_the_kink_convention(name: str) -> None:
    act = _elementwise(name)
    for given in _parameter_cases(act):
        # At the doubles the library compares with: a breakpoint at a parameter (xIELU's
        # eps = -1e-6) must fall on the same side as in the NumPy code.
        _, df = _form_at(act, given, binary=True)
        breakpoints = _breakpoints(act, given)
        for b in breakpoints:
            got = float(_evaluate(df, sp.Rational(b)))
            want = float(act.derivative(b, **given))
            assert got == pytest.approx(want, rel=1e-15, abs=0), (name, given, b, got, want)


#: What the named notation must show: (in f, in f'), for functions books write that way.
NAMED = {
    "sigmoid": ((r"\sigma",), (r"\sigma",)),
    "gelu": ((r"\Phi",), (r"\Phi", r"\varphi")),
    "silu": ((r"\sigma",), (r"\sigma",)),
    "swish": ((r"\sigma",), (r"\sigma",)),
    "softplus": (("softplus",), (r"\sigma",)),
    "mish": (("softplus",), ("softplus", r"\sigma")),
    "log_sigmoid": ((r"\sigma",), (r"\sigma",)),
}
#: What SymPy prints for the expanded notation.
EXPANDED = (
    "erf",
    r"\log{\left(e",
    r"\frac{1}{1 + e^{",
    r"e^{- x} + 1}",
    r"\frac{e^{x}}{e^{x} + 1}",
)


#: What a function's own definition contains: SERF is x erf(softplus x), not a Phi.
OWN = {"serf": ("erf",)}


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_forms_use_the_notation(name: str) -> None:
    f, df = _elementwise(name).textbook_forms()
    for part, latex in (("f", sp.latex(f)), ("f'", sp.latex(df))):
        expanded = [s for s in EXPANDED if s in latex and s not in OWN.get(name, ())]
        assert not expanded, (name, part, latex, expanded)
    if name in NAMED:
        for part, latex, wanted in zip(
            ("f", "f'"), (sp.latex(f), sp.latex(df)), NAMED[name], strict=True
        ):
            absent = [w for w in wanted if w not in latex]
            assert not absent, (name, part, latex, absent)


# -- vector -------------------------------------------------------------------------------

X = sp.IndexedBase("x")
I_SYMBOL, J_SYMBOL = sp.symbols("i j", integer=True)
N_SYMBOL = sp.Symbol("n", integer=True, positive=True)


def _vector_cases() -> list[tuple[str, dict[str, Any], int]]:
    cases = []
    for name in VECTOR:
        act = _vector(name)
        for given in _parameter_cases(act):
            pieces = given.get("pieces", act.params.get("pieces", 2))
            cases.append((name, given, 2 * int(pieces) if name == "maxout" else 4))
    return cases


def _implicit_values(name: str, point: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """The threshold ``tau`` the library's output implies, from the docstring's
    definition at an entry in the support; argmax's index ``k`` (1-based)."""
    top = int(np.argmax(p))
    if name == "sparsemax":  # p_i = [x_i - tau]_+
        return {"tau": float(point[top] - p[top])}
    if name == "entmax15":  # p_i = [x_i/2 - tau]_+^2
        return {"tau": float(point[top] / 2 - np.sqrt(p[top]))}
    if name == "argmax":  # one-hot at the first maximum k
        return {"k": top + 1}
    return {}


@pytest.mark.parametrize(("name", "given", "n"), _vector_cases())
def test_vector_forms_equal_the_output_and_the_jacobian(
    name: str, given: dict[str, Any], n: int
) -> None:
    act = _vector(name)
    assert act.forms is not None
    symbols = act._sympy_params({}, True)
    exact = act._sympy_params(given, False)
    f, jac = act.forms(sp, notation(), X, I_SYMBOL, J_SYMBOL, N_SYMBOL, **symbols)

    # The seed is chosen so that the point tells wrong forms apart: sparsemax and
    # entmax15 have supports of 2 and 3 entries (a support of 1 has a zero Jacobian),
    # and maxout's winners sit at different places in their groups.
    point = np.random.default_rng(20240645).standard_normal(n)
    out = np.asarray(act(point, **given))
    want_jac = np.asarray(act.jacobian(point, **given))
    if name in ("sparsemax", "entmax15"):
        assert 1 < np.count_nonzero(out) < n, out
    if name == "maxout":
        winners = np.argmax(point.reshape(-1, n // out.shape[-1]), axis=-1)
        assert len(set(winners)) > 1 and len(np.unique(point)) == n, point

    implicit = _implicit_values(name, point, out)
    found = (f.free_symbols | jac.free_symbols) - {I_SYMBOL, J_SYMBOL, N_SYMBOL, *symbols.values()}
    named = {s.name: s for s in found if isinstance(s, sp.Symbol)}
    fixed = {named[key]: value for key, value in implicit.items() if key in named}
    assert set(implicit) <= set(named), (name, implicit, found)
    fixed.update({N_SYMBOL: n})
    fixed.update({symbols[key]: exact[key] for key in symbols})
    inputs = {X[m + 1]: sp.Float(float(v)) for m, v in enumerate(point)}

    def entry(form: sp.Expr, i: int, j: int) -> float:
        # Expanded first: a named entry (softmax's s_j) carries its own n and indices.
        value = expand(form).subs({I_SYMBOL: i, J_SYMBOL: j, **fixed}).doit()
        value = expand(value).subs(inputs).doit()
        result = complex(sp.N(value, 30))
        assert result.imag == 0, (name, form, i, j, value)
        return result.real

    got = np.array([entry(f, i + 1, 1) for i in range(out.shape[-1])])
    np.testing.assert_allclose(got, out, rtol=1e-12, atol=1e-15, err_msg=name)
    got_jac = np.array([[entry(jac, i + 1, j + 1) for j in range(n)] for i in range(out.shape[-1])])
    np.testing.assert_allclose(got_jac, want_jac, rtol=1e-10, atol=1e-13, err_msg=name)
