r"""Gated and multi-input units: maxout and the gated linear units (GLU, SwiGLU, GeGLU).

Each output here combines several inputs taken from one axis, so the output is
shorter than the input: maxout keeps one value per group of ``pieces`` consecutive
entries, and the gated units split the axis into a first half ``a`` (the value) and
a second half ``b`` (the gate) and return ``a * gate(b)``. In a network the inputs
are the outputs of a linear layer that is ``pieces`` times (or twice) as wide.

Products of an infinite input with a gate that vanishes (``inf * sigmoid(-inf)``)
have no limit and give NaN; a product with an exact zero factor from a finite input
(``0 * silu(inf)``) is 0, its limit along that input. Each function below is the
forward pass of one registered activation; its docstring is what
``help(activations.<name>)`` shows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..parameters import Param
from ..registry import Array, Elementwise, Frameworks, Vector, get, register

# -- maxout -------------------------------------------------------------------------------


def _maxout_size(n: int, pieces: int) -> int:
    if n < 1:
        raise ValueError(f"maxout: needs at least one entry along the axis, got length {n}")
    if n % pieces:
        raise ValueError(
            f"maxout: the axis length {n} is not divisible by pieces={pieces}; "
            f"maxout takes the maximum of each group of {pieces} consecutive entries"
        )
    return n // pieces


def _groups(x: Array, pieces: int) -> Array:
    groups = _maxout_size(x.shape[-1], pieces)
    return x.reshape(*x.shape[:-1], groups, pieces)


def _maxout(x: Array, pieces: int) -> Array:
    r"""Maxout (Goodfellow et al., 2013): the maximum of each group of ``pieces``
    consecutive entries, :math:`y_i = \max_{0 \le j < k} x_{ik + j}` with :math:`k` the
    number of pieces; the output is :math:`k` times shorter than the input.

    In the paper each piece is its own affine map of the layer input,
    :math:`\max_j (w_j^\top x + b_j)`; here the pieces are the entries of a linear
    layer's output, grouped as ``[0..k-1], [k..2k-1], ...``. Exact in floating point.

    >>> import activations
    >>> activations.maxout([1.0, 3.0, -2.0, -5.0])
    array([ 3., -2.])
    >>> activations.maxout([1.0, 3.0, -2.0, -5.0, 0.0, 4.0], pieces=3)
    array([3., 4.])
    """
    return np.max(_groups(x, pieces), axis=-1)  # np.max propagates NaN


def _maxout_jacobian(x: Array, pieces: int) -> Array:
    """1 at the first maximum of each group, 0 elsewhere (a tie goes to the first of the
    tied entries, the index ``numpy.argmax`` returns); a group holding a NaN gives NaN
    in that group's columns."""
    grouped = _groups(x, pieces)
    groups = grouped.shape[-2]
    choice = np.arange(pieces) == np.argmax(grouped, axis=-1)[..., None]
    block = np.where(np.isnan(grouped).any(axis=-1, keepdims=True), np.nan, choice)
    batch = grouped.shape[:-2]
    jac = np.zeros((*batch, groups, groups, pieces))
    diagonal = np.arange(groups)
    jac[..., diagonal, diagonal, :] = block
    return jac.reshape(*batch, groups, groups * pieces)


def _maxout_expression(sp: Any, xs: Any, pieces: Any) -> list[Any]:
    if not getattr(pieces, "is_Integer", False):
        raise TypeError(
            "maxout: the grouping needs a concrete number of pieces; "
            "use expr(n=..., pieces=...) rather than symbolic_expr()"
        )
    k = int(pieces)
    _maxout_size(len(xs), k)
    return [sp.Max(*xs[i : i + k]) for i in range(0, len(xs), k)]


@functools.cache
def _max_over() -> Any:
    r"""A SymPy function ``MaxOver(term, r, low, high)``: the largest value of ``term``
    for ``r = low, ..., high``, printed :math:`\max_{low \le r \le high}`; ``doit()``
    writes it as ``Max`` of the terms once the bounds are numbers."""
    import sympy

    class MaxOver(sympy.Function):
        nargs = 4

        def doit(self, **hints: Any) -> Any:
            term, r, low, high = (
                a.doit(**hints) if hints.get("deep", True) else a for a in self.args
            )
            if low.is_Integer and high.is_Integer:
                return sympy.Max(*(term.subs(r, v) for v in range(int(low), int(high) + 1)))
            return self.func(term, r, low, high)

        def _latex(self, printer: Any) -> str:
            term, r, low, high = (printer._print(a) for a in self.args)
            return rf"\max_{{{low} \le {r} \le {high}}} {term}"

    return MaxOver


def _maxout_forms(sp: Any, N: Any, x: Any, i: Any, j: Any, n: Any, pieces: Any) -> Any:
    """``y_i = max_{1 <= r <= k} x_{k(i-1)+r}`` (1-based, ``k`` the number of pieces), and
    ``d y_i / d x_j``: 1 where ``x_j`` is that maximum and lies in group ``i``, else 0."""
    r = sp.Symbol("r", integer=True)
    y = _max_over()(x[pieces * (i - 1) + r], r, 1, pieces)
    in_group = (j > pieces * (i - 1)) & (j <= pieces * i)
    return y, sp.Piecewise((1, sp.Eq(x[j], y) & in_group), (0, True))


maxout = register(
    Vector(
        name="maxout",
        title="Maxout",
        family="multi_input",
        summary=(
            "Maxout outputs the largest of each group of k consecutive inputs, the "
            "'pieces' that a linear layer k times as wide computes. It is a learned convex "
            "piecewise-linear activation that contains ReLU and leaky ReLU as special "
            "cases, and it was designed to work with dropout. It costs k times the "
            "parameters, which is why it is rare in current architectures."
        ),
        forward=_maxout,
        jacobian_fn=_maxout_jacobian,
        expression=_maxout_expression,
        forms=_maxout_forms,
        out_size=_maxout_size,
        parameters=(
            Param(
                "pieces",
                2,
                "how many consecutive entries each output takes the maximum of",
                lambda v: v >= 1,
                "a whole number >= 1",
                symbol="k",
                integer=True,
            ),
        ),
        references=("goodfellow2013maxout",),
        frameworks=Frameworks(
            notes=(
                "No framework ships it as an activation: reshape to (..., n/k, k) and "
                "take the max over the last axis.",
            ),
        ),
    )
)

# -- gated linear units: shared machinery -------------------------------------------------

Gate = Callable[[Array], tuple[Array, Array]]


def _gated_size(who: str) -> Callable[..., int]:
    def size(n: int, **params: Any) -> int:
        if n < 2 or n % 2:
            raise ValueError(
                f"{who}: the axis length must be even and at least 2 (it is split into "
                f"value and gate halves), got length {n}"
            )
        return n // 2

    return size


def _product(u: Array, v: Array, undefined: Array) -> Array:
    """``u * v``, with ``0 * inf`` resolved to its limit.

    Where one factor is 0 and the other infinite the product is 0 (the limit along the
    finite input) unless ``undefined`` marks it as a limit with no value (both inputs
    infinite), which is NaN. A true product beyond the largest float rounds to
    infinity; only that overflow warning is silenced.
    """
    zero_times_inf = (np.isinf(u) & (v == 0)) | ((u == 0) & np.isinf(v))
    with np.errstate(over="ignore"):
        out = np.where(zero_times_inf, 0.0, u) * np.where(zero_times_inf, 0.0, v)
    return np.where(zero_times_inf & undefined, np.nan, out)


def _gated(who: str, x: Array, gate: Gate) -> Array:
    half = _gated_size(who)(x.shape[-1])
    a, b = x[..., :half], x[..., half:]
    g, _ = gate(b)
    return _product(a, g, np.isinf(a) & np.isinf(b))


def _gated_jacobian(who: str, x: Array, gate: Gate) -> Array:
    half = _gated_size(who)(x.shape[-1])
    a, b = x[..., :half], x[..., half:]
    g, dg = gate(b)
    jac = np.zeros((*x.shape[:-1], half, 2 * half))
    i = np.arange(half)
    jac[..., i, i] = g  # d out_i / d a_i
    jac[..., i, half + i] = _product(a, dg, np.isinf(a) & np.isinf(b))  # d out_i / d b_i
    return jac


def _halves(xs: Any, who: str) -> tuple[Any, Any]:
    half = _gated_size(who)(len(xs))
    return xs[:half], xs[half:]


def _gated_forms(
    sp: Any, N: Any, x: Any, i: Any, j: Any, n: Any, gate_forms: Callable[..., Any]
) -> tuple[Any, Any]:
    """``y_i = x_i g(x_{i+n/2})`` (1-based: the first half is the value, the second the
    gate) and ``d y_i / d x_j = delta_ij g(b_i) + delta_{j,i+n/2} x_i g'(b_i)``."""
    b = x[i + n / 2]
    g, dg = gate_forms(sp, N, b)
    return x[i] * g, sp.KroneckerDelta(i, j) * g + sp.KroneckerDelta(j, i + n / 2) * x[i] * dg


def _register_gated(
    name: str,
    forward: Callable[[Array], Array],
    gate: Gate,
    gate_expression: Callable[[Any, Any], Any],
    gate_forms: Callable[[Any, Any, Any], tuple[Any, Any]],
    **details: Any,
) -> Vector:
    """Register a gated linear unit: the first half of the input times ``gate`` of the
    second. The units differ only in their gate (its NumPy form, its SymPy form and its
    textbook form with derivative, ``gate_forms(sp, N, b)``), so the Jacobian, the
    expression, the forms and the output size are built here once."""
    return register(
        Vector(
            name=name,
            family="multi_input",
            forward=forward,
            jacobian_fn=lambda x: _gated_jacobian(name, x, gate),
            expression=lambda sp, xs: [
                a * gate_expression(sp, b) for a, b in zip(*_halves(xs, name), strict=True)
            ],
            forms=lambda sp, N, x, i, j, n: _gated_forms(sp, N, x, i, j, n, gate_forms),
            out_size=_gated_size(name),
            **details,
        )
    )


# -- gates --------------------------------------------------------------------------------


def _library_gate(name: str) -> Gate:
    """The registered element-wise activation ``name`` and its derivative, looked up at
    call time: the gated units inherit its accuracy (4 ulp plus the condition number,
    tails and subnormal results included) and its limits at infinity."""

    def gate(b: Array) -> tuple[Array, Array]:
        unit = get(name)
        assert isinstance(unit, Elementwise)
        return np.asarray(unit(b)), np.asarray(unit.derivative(b))

    return gate


_sigmoid_gate = _library_gate("sigmoid")
_silu_gate = _library_gate("silu")
_gelu_gate = _library_gate("gelu")


# -- glu ----------------------------------------------------------------------------------


def _glu(x: Array) -> Array:
    r"""Gated linear unit (Dauphin et al., 2017), in PyTorch's layout: split the axis into
    halves :math:`a, b` and return :math:`a \otimes \sigma(b)`.

    The paper writes :math:`(xW + b) \otimes \sigma(xV + c)`: the two halves here are
    those two projections, computed by one linear layer twice as wide. The gate is the
    library's :func:`sigmoid`, so it neither overflows nor loses its tail.

    >>> import activations
    >>> activations.glu([1.0, -2.0, 0.0, 3.0])
    array([ 0.5       , -1.90514825])
    """
    return _gated("glu", x, _sigmoid_gate)


glu = _register_gated(
    "glu",
    _glu,
    _sigmoid_gate,
    lambda sp, b: 1 / (1 + sp.exp(-b)),
    lambda sp, N, b: (N.sigma(b), N.sigma(b) * (1 - N.sigma(b))),
    title="Gated linear unit (GLU)",
    aliases=("gated_linear_unit",),
    summary=(
        "GLU splits its input into two halves and multiplies the first by the sigmoid "
        "of the second, so one linear projection gates another. It was introduced for "
        "gated convolutional language models; its GELU and Swish variants (GeGLU, "
        "SwiGLU) are now the feed-forward blocks of many large Transformers."
    ),
    references=("dauphin2017glu",),
    frameworks=Frameworks(
        pytorch="torch.nn.GLU(dim=-1)",
        keras="keras.activations.glu (axis=-1; recent Keras 3 only)",
        jax="jax.nn.glu (axis=-1)",
        notes=(
            "All three split the axis in half and gate the first half with the sigmoid "
            "of the second, as here.",
        ),
    ),
)

# -- swiglu -------------------------------------------------------------------------------


def _swiglu(x: Array) -> Array:
    r"""SwiGLU (Shazeer, 2020): split the axis into halves :math:`a, b` and return
    :math:`a \otimes \operatorname{SiLU}(b)`, with :math:`\operatorname{SiLU}(b) =
    b\,\sigma(b)` (Swish with :math:`\beta = 1`, the library's :func:`silu`).

    The layout is GLU's: the first half is the value, the second the gate. Shazeer
    writes :math:`\operatorname{Swish}(xW) \otimes xV`, the gate first; the two agree
    up to swapping the halves (that is, the columns of the projection before it).

    >>> import activations
    >>> activations.swiglu([2.0, 1.0, 1.0, -1.0])
    array([ 1.46211716, -0.26894142])
    """
    return _gated("swiglu", x, _silu_gate)


swiglu = _register_gated(
    "swiglu",
    _swiglu,
    _silu_gate,
    lambda sp, b: b / (1 + sp.exp(-b)),
    lambda sp, N, b: (b * N.sigma(b), N.sigma(b) * (1 + b * (1 - N.sigma(b)))),
    title="SwiGLU",
    aliases=("swish_glu", "silu_glu"),
    summary=(
        "SwiGLU is a gated linear unit whose gate is SiLU (Swish) instead of the "
        "sigmoid: the first half of the input times SiLU of the second. It is the "
        "feed-forward activation of many large language models (PaLM and LLaMA among "
        "them); in Shazeer's comparison it beat ReLU and GELU feed-forward layers."
    ),
    references=("shazeer2020glu", "dauphin2017glu", "elfwing2018silu"),
    frameworks=Frameworks(
        notes=(
            "No framework ships it as an activation: compute a * silu(b) with "
            "torch.nn.functional.silu, keras.activations.silu or jax.nn.silu.",
            "Shazeer writes Swish(xW) * xV, gate first; this library gates the second "
            "half, as torch.nn.GLU does. Swap the halves to match the paper.",
        ),
    ),
)

# -- geglu --------------------------------------------------------------------------------


def _geglu(x: Array) -> Array:
    r"""GeGLU (Shazeer, 2020): split the axis into halves :math:`a, b` and return
    :math:`a \otimes \operatorname{GELU}(b)`, with the exact
    :math:`\operatorname{GELU}(b) = b\,\Phi(b)` (the library's :func:`gelu`, not the
    tanh approximation).

    Same layout as GLU and SwiGLU (the second half is the gate); Shazeer writes
    :math:`\operatorname{GELU}(xW) \otimes xV`, the same up to swapping the halves.

    >>> import activations
    >>> activations.geglu([2.0, 1.0, 1.0, -1.0])
    array([ 1.68268949, -0.15865525])
    """
    return _gated("geglu", x, _gelu_gate)


geglu = _register_gated(
    "geglu",
    _geglu,
    _gelu_gate,
    lambda sp, b: b * (1 + sp.erf(b / sp.sqrt(2))) / 2,
    lambda sp, N, b: (b * N.Phi(b), N.Phi(b) + b * N.phi(b)),
    title="GeGLU",
    aliases=("gelu_glu",),
    summary=(
        "GeGLU is a gated linear unit whose gate is GELU: the first half of the input "
        "times GELU of the second. Shazeer found it, with SwiGLU, the best of the GLU "
        "variants for Transformer feed-forward layers, and T5 version 1.1 adopted it."
    ),
    references=("shazeer2020glu", "hendrycks2016gelu"),
    frameworks=Frameworks(
        notes=(
            "No framework ships it as an activation: compute a * gelu(b). Mind that "
            "jax.nn.gelu defaults to the tanh approximation (approximate=True).",
            "Shazeer writes GELU(xW) * xV, gate first; this library gates the second "
            "half, as torch.nn.GLU does.",
        ),
    ),
)

__all__ = ["geglu", "glu", "maxout", "swiglu"]
