"""The ``Activation`` objects and the registry that names them.

An activation bundles, in one place, its stable NumPy forward pass and derivative
(or Jacobian), its SymPy expression, its parameters, its references and how the
major frameworks spell it. The site, the tests and the command line all read these
objects, so nothing about a function is written down twice.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from .inputs import Array, as_float_array, restore
from .parameters import Param, resolve
from .symbolic import symbol_x

if TYPE_CHECKING:
    import sympy

    from .properties import Properties


#: The families, in the order the book presents them: (key, title).
FAMILIES: tuple[tuple[str, str], ...] = (
    ("squashing", "Classic squashing functions"),
    ("rectifiers", "Rectifiers"),
    ("exponential", "Exponential units"),
    ("smooth_gated", "Smooth gated units"),
    ("softplus", "The softplus family"),
    ("shrinkage", "Shrinkage functions"),
    ("periodic", "Periodic and radial functions"),
    ("algebraic", "Other algebraic functions"),
    ("output", "Output-layer functions"),
    ("multi_input", "Gated and multi-input units"),
)



@dataclass(frozen=True)
class Frameworks:
    """How the major frameworks spell an activation (``None``: not shipped).

    ``transformers`` is the string a Hugging Face model config gives as its activation
    (``"hidden_act": "gelu_new"``), so that a reader who finds it there can look it up.
    """

    pytorch: str | None = None
    tensorflow: str | None = None
    keras: str | None = None
    jax: str | None = None
    mlx: str | None = None
    transformers: str | None = None
    notes: tuple[str, ...] = ()

    #: (field, the framework's name as the site prints it), in the order shown.
    COLUMNS = (
        ("pytorch", "PyTorch"),
        ("tensorflow", "TensorFlow"),
        ("keras", "Keras 3"),
        ("jax", "JAX"),
        ("mlx", "MLX"),
        ("transformers", "HF transformers"),
    )

    def as_rows(self) -> list[tuple[str, str]]:
        missing = "not provided"
        return [(label, getattr(self, key) or missing) for key, label in self.COLUMNS]

    def shipped(self) -> list[tuple[str, str]]:
        """``(framework, name)`` for each framework that ships the function."""
        return [(label, getattr(self, key)) for key, label in self.COLUMNS if getattr(self, key)]


@dataclass(frozen=True, eq=False)
class Activation:
    """Base of both kinds of activation. Use :func:`activations.get` to obtain one."""

    name: str
    title: str
    family: str
    summary: str
    forward: Callable[..., Array]
    expression: Callable[..., Any]
    parameters: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    frameworks: Frameworks = field(default_factory=Frameworks)
    kind: str = "elementwise"
    #: The formula and its derivative as a textbook writes them, in the notation of
    #: :mod:`.notation` (``Phi``, ``sigma``, ...), parameters as symbols. Element-wise:
    #: ``forms(sp, N, x, **params) -> (f, f')``. Vector: ``forms(sp, N, x, i, j, n,
    #: **params) -> (f_i, d f_i / d x_j)`` in index notation, ``x`` an ``IndexedBase``.
    #: Every registered function has them (a test checks it, and checks each form
    #: equal to :meth:`expr` and its derivative).
    forms: Callable[..., tuple[Any, Any]] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "__doc__", self.forward.__doc__)

    # -- parameters ---------------------------------------------------------------
    @property
    def params(self) -> dict[str, float]:
        """The default parameter values, by name."""
        return {p.name: p.default for p in self.parameters}

    def resolve_params(self, given: Mapping[str, Any]) -> dict[str, float]:
        return resolve(self.name, self.parameters, given)

    # -- symbolic -------------------------------------------------------------------
    def _sympy_params(self, given: Mapping[str, Any], symbolic: bool) -> dict[str, Any]:
        import sympy

        values = self.resolve_params(given)
        out: dict[str, Any] = {}
        for p in self.parameters:
            if symbolic:
                out[p.name] = sympy.Symbol(p.symbol or p.name, **_sign_of(p))
            elif isinstance(given.get(p.name), sympy.Basic):
                out[p.name] = given[p.name]  # already exact (the accuracy harness)
            elif p.exact is not None and p.name not in given:
                out[p.name] = sympy.Rational(p.exact)
            else:
                out[p.name] = sympy.Rational(repr(values[p.name]))
        return out

    def textbook_forms(self) -> tuple[Any, Any]:
        """``(f, f')`` as a textbook writes them (see ``forms``), parameters as symbols;
        for a vector function ``(f_i, d f_i / d x_j)`` in index notation."""
        import sympy

        from .notation import notation

        if self.forms is None:
            raise ValueError(f"{self.name} has no textbook forms (the forms= of its registration)")
        params = self._sympy_params({}, True)
        if self.kind == "vector":
            i, j, n = sympy.symbols("i j n", integer=True, positive=True)
            return self.forms(sympy, notation(), sympy.IndexedBase("x"), i, j, n, **params)
        return self.forms(sympy, notation(), symbol_x(), **params)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"<activation {self.name}({shown})>"


def _sign_of(param: Param) -> dict[str, bool]:
    """The SymPy assumption for a parameter's symbol: ``positive`` where its constraint
    rules out negative values (``alpha > 0``; also ``>= 0``, whose 0 is a limiting
    case the formulas treat separately), ``nonpositive`` for xIELU's ``eps <= 0``, and
    only ``real`` where any sign is allowed (StarReLU's bias is negative by default, so
    calling it positive would mislead ``solveset``)."""
    if not param.check(-1.0):
        return {"positive": True}
    if not param.check(1.0):
        return {"nonpositive": True}
    return {"real": True}


def _sympy_namespace() -> ModuleType:
    import sympy

    return sympy


@dataclass(frozen=True, eq=False)
class Elementwise(Activation):
    """An activation applied to each element on its own: ``f(x)`` and ``f'(x)``."""

    derivative_fn: Callable[..., Array] | None = None

    def __call__(self, x: ArrayLike, **params: Any) -> Any:
        values = self.resolve_params(params)
        array, dtype = as_float_array(x, self.name)
        with np.errstate(under="ignore"):  # gradual underflow is expected, never an error
            return restore(self.forward(array, **values), dtype)

    def derivative(self, x: ArrayLike, **params: Any) -> Any:
        """The first derivative ``f'(x)``, element-wise, with the library's kink convention."""
        assert self.derivative_fn is not None
        values = self.resolve_params(params)
        array, dtype = as_float_array(x, f"{self.name}.derivative")
        with np.errstate(under="ignore"):
            return restore(self.derivative_fn(array, **values), dtype)

    def expr(self, **params: Any) -> sympy.Expr:
        """The SymPy expression in the real symbol ``x``, parameters as exact numbers."""
        return self.expression(_sympy_namespace(), symbol_x(), **self._sympy_params(params, False))

    def symbolic_expr(self) -> sympy.Expr:
        """The SymPy expression with each parameter kept as a symbol (``alpha``, ...)."""
        return self.expression(_sympy_namespace(), symbol_x(), **self._sympy_params({}, True))

    def derivative_expr(self, **params: Any) -> sympy.Expr:
        """``d/dx`` of :meth:`expr`, as SymPy derives it."""
        import sympy

        return sympy.diff(self.expr(**params), symbol_x())

    @property
    def properties(self) -> Properties:
        """Mathematical properties at the default parameters, computed from :meth:`expr`."""
        from .properties import properties_of

        return properties_of(self)

    def properties_at(self, **params: Any) -> Properties:
        """Properties at other parameter values (computed afresh, not cached on disk)."""
        from .properties import compute_properties

        return compute_properties(self.expr(**params))


@dataclass(frozen=True, eq=False)
class Vector(Activation):
    """An activation that maps a whole vector to a vector, along one axis."""

    jacobian_fn: Callable[..., Array] | None = None
    kind: str = "vector"
    #: Output length for an input of length ``n`` along the axis.
    out_size: Callable[..., int] = lambda n, **params: n
    #: Which input a one-input picture of the function moves (the card's plot and the
    #: cheat sheet): the first, or for a gated unit the gate of the first output, whose
    #: curve is the lesson (``a * relu(b)`` along ``a`` is only a line).
    slice_input: int = 0
    #: Names of symbols in :meth:`expr`, other than the inputs, that are defined
    #: implicitly (sparsemax's threshold ``tau``, fixed by ``sum(p) == 1``); the forward
    #: function's docstring says how. Empty when the expression is in closed form.
    implicit: tuple[str, ...] = ()

    def __call__(self, x: ArrayLike, axis: int = -1, **params: Any) -> Any:
        values = self.resolve_params(params)
        array, dtype = as_float_array(x, self.name)
        moved = _axis_last(array, axis, self.name)
        with np.errstate(under="ignore"):
            result = self.forward(moved, **values)
        return restore(np.moveaxis(result, -1, axis), dtype)

    def jacobian(self, x: ArrayLike, axis: int = -1, **params: Any) -> Any:
        """Jacobian ``d out_i / d x_j``: shape ``(..., out, n)`` with the axis moved last."""
        assert self.jacobian_fn is not None
        values = self.resolve_params(params)
        array, dtype = as_float_array(x, f"{self.name}.jacobian")
        moved = _axis_last(array, axis, self.name)
        with np.errstate(under="ignore"):
            return restore(self.jacobian_fn(moved, **values), dtype)

    def expr(self, n: int = 3, **params: Any) -> sympy.Matrix:
        """The outputs for an input of ``n`` symbols ``x_1 ... x_n``, as a SymPy column."""
        import sympy

        xs = sympy.symbols(f"x_1:{n + 1}", real=True)
        return sympy.Matrix(
            self.expression(_sympy_namespace(), xs, **self._sympy_params(params, False))
        )

    def symbolic_expr(self, n: int = 3) -> sympy.Matrix:
        import sympy

        xs = sympy.symbols(f"x_1:{n + 1}", real=True)
        return sympy.Matrix(self.expression(_sympy_namespace(), xs, **self._sympy_params({}, True)))

    def jacobian_expr(self, n: int = 3, **params: Any) -> sympy.Matrix:
        """``d out_i / d x_j`` of :meth:`expr` as SymPy derives it (``out`` rows, ``n``
        columns). Implicit symbols such as ``tau`` are held fixed, so for those functions
        this is not the true Jacobian: use :meth:`jacobian` numerically instead."""
        import sympy

        xs = sympy.symbols(f"x_1:{n + 1}", real=True)
        return self.expr(n, **params).jacobian(xs)


def _axis_last(array: Array, axis: int, who: str) -> Array:
    if array.ndim == 0:
        raise ValueError(f"{who}: needs at least a 1-d array (it acts along an axis)")
    if not -array.ndim <= axis < array.ndim:
        raise ValueError(f"{who}: axis {axis} is out of range for a {array.ndim}-d input")
    return np.moveaxis(array, axis, -1)


# -- the registry -------------------------------------------------------------------------

_REGISTRY: dict[str, Activation] = {}
_LOOKUP: dict[str, str] = {}


def register(activation: Activation) -> Activation:
    """Add ``activation`` to the registry (called once per function, at import)."""
    for key in (activation.name, *activation.aliases):
        normal = normalise(key)
        if normal in _LOOKUP and _LOOKUP[normal] != activation.name:
            raise ValueError(f"name {key!r} is already taken by {_LOOKUP[normal]!r}")
        _LOOKUP[normal] = activation.name
    _REGISTRY[activation.name] = activation
    return activation


def normalise(name: str) -> str:
    """A name as the registry compares names: case, hyphens and spaces do not matter."""
    return name.strip().lower().replace("-", "_").replace(" ", "_")


class UnknownActivationError(KeyError):
    """Raised by :func:`get` for a name that is neither a function nor an alias."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


def get(name: str) -> Activation:
    """Return the activation called ``name`` (case-insensitive; aliases allowed).

    >>> get("Logistic").name
    'sigmoid'
    """
    if not isinstance(name, str):
        raise TypeError(f"activation names are strings, got {type(name).__name__}")
    normal = normalise(name)
    if normal in _LOOKUP:
        return _REGISTRY[_LOOKUP[normal]]
    close = difflib.get_close_matches(normal, list(_LOOKUP), n=6, cutoff=0.6)
    suggestions = list(dict.fromkeys(_LOOKUP[c] for c in close))[:3]
    hint = f"; did you mean {', '.join(map(repr, suggestions))}?" if suggestions else ""
    raise UnknownActivationError(f"unknown activation {name!r}{hint}")


def as_activation(activation: Activation | str) -> Activation:
    """``activation`` itself, or the function registered under that name: what a helper
    that takes "an activation" calls once, at its entry.

    >>> as_activation("relu") is as_activation(get("relu"))
    True
    """
    return activation if isinstance(activation, Activation) else get(activation)


def names(kind: str | None = None, family: str | None = None) -> list[str]:
    """Canonical names in book order, optionally only one ``kind`` or ``family``."""
    order = {key: i for i, (key, _) in enumerate(FAMILIES)}
    chosen = [
        a
        for a in _REGISTRY.values()
        if (kind is None or a.kind == kind) and (family is None or a.family == family)
    ]
    return [a.name for a in sorted(chosen, key=lambda a: order[a.family])]


def all_activations() -> Iterator[Activation]:
    for name in names():
        yield _REGISTRY[name]
