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

from ..parameters import Param, positive
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


def _undefined(a: Array, b: Array, flat_gate: bool) -> Array:
    """Where ``a * gate(b)`` has no limit: both inputs infinite, unless the gate is
    exactly 0 on a whole half-line (ReLU's), where the product is 0 for every ``a``."""
    both = np.isinf(a) & np.isinf(b)
    return both & (b > 0) if flat_gate else both


def _gated(who: str, x: Array, gate: Gate, flat_gate: bool = False) -> Array:
    half = _gated_size(who)(x.shape[-1])
    a, b = x[..., :half], x[..., half:]
    g, _ = gate(b)
    return _product(a, g, _undefined(a, b, flat_gate))


def _gated_jacobian(who: str, x: Array, gate: Gate, flat_gate: bool = False) -> Array:
    half = _gated_size(who)(x.shape[-1])
    a, b = x[..., :half], x[..., half:]
    g, dg = gate(b)
    jac = np.zeros((*x.shape[:-1], half, 2 * half))
    i = np.arange(half)
    jac[..., i, i] = g  # d out_i / d a_i
    jac[..., i, half + i] = _product(a, dg, _undefined(a, b, flat_gate))  # d out_i / d b_i
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
    flat_gate: bool = False,
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
            jacobian_fn=lambda x: _gated_jacobian(name, x, gate, flat_gate),
            expression=lambda sp, xs: [
                a * gate_expression(sp, b) for a, b in zip(*_halves(xs, name), strict=True)
            ],
            forms=lambda sp, N, x, i, j, n: _gated_forms(sp, N, x, i, j, n, gate_forms),
            out_size=_gated_size(name),
            slice_input=2,  # of four inputs: the gate of the first output
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
        mlx="mlx.nn.glu (axis=-1)",
        notes=(
            "All four split the axis in half and gate the first half with the sigmoid "
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

# -- reglu --------------------------------------------------------------------------------

_relu_gate = _library_gate("relu")


def _reglu(x: Array) -> Array:
    r"""ReGLU (Shazeer, 2020): split the axis into halves :math:`a, b` and return
    :math:`a \otimes \max(0, b)`; the gate is the library's :func:`relu` (its derivative
    0 at 0). Same layout as GLU: the second half is the gate.

    >>> import activations
    >>> activations.reglu([2.0, 3.0, 1.5, -1.0])
    array([3., 0.])
    """
    return _gated("reglu", x, _relu_gate, flat_gate=True)


reglu = _register_gated(
    "reglu",
    _reglu,
    _relu_gate,
    lambda sp, b: sp.Max(0, b),
    lambda sp, N, b: (N.relu(b), sp.Piecewise((1, b > 0), (0, True))),
    flat_gate=True,
    title="ReGLU",
    aliases=("relu_glu",),
    summary=(
        "ReGLU is a gated linear unit whose gate is ReLU: the first half of the input "
        "times ReLU of the second. In Shazeer's comparison of GLU variants for "
        "Transformer feed-forward layers it beat the ReLU and GELU baselines, close "
        "behind GeGLU and SwiGLU."
    ),
    references=("shazeer2020glu",),
    frameworks=Frameworks(
        notes=(
            "None of the six frameworks ships it: compute a * relu(b). NVIDIA "
            "TransformerEngine has reglu, and sreglu with a squared-ReLU gate.",
        ),
    ),
)

# -- bilinear -----------------------------------------------------------------------------

_identity_gate = _library_gate("identity")


def _bilinear_glu(x: Array) -> Array:
    r"""Bilinear GLU (Shazeer, 2020, after Mnih and Hinton, 2007): split the axis into
    halves :math:`a, b` and return :math:`a \otimes b`, a GLU with no function on the
    gate. One rounding per entry; :math:`0 \cdot \infty` is 0, the limit along the
    finite input.

    >>> import activations
    >>> activations.bilinear_glu([2.0, 3.0, 1.5, -1.0])
    array([ 3., -3.])
    """
    return _gated("bilinear_glu", x, _identity_gate)


bilinear_glu = _register_gated(
    "bilinear_glu",
    _bilinear_glu,
    _identity_gate,
    lambda sp, b: b,
    lambda sp, N, b: (b, sp.Integer(1)),
    title="Bilinear GLU",
    aliases=("bilinear",),
    summary=(
        "The bilinear layer is a GLU without a nonlinearity on the gate: the first "
        "half of the input times the second. Each output is a product of two linear "
        "functions of the layer input, so the block is quadratic, not piecewise "
        "linear. Shazeer found it nearly as good as the gated variants with a gate "
        "function."
    ),
    references=("shazeer2020glu", "mnih2007three"),
    frameworks=Frameworks(notes=("None of the six frameworks ships it: compute a * b.",)),
)

# -- clamped swiglu (gpt-oss) -------------------------------------------------------------


def _clamped_halves(x: Array, limit: float) -> tuple[Array, Array, Array, Array]:
    """``(up, gate, u, g)``: the halves and their clamped values (``u`` clipped to
    ``[-limit, limit]``, ``g`` capped at ``limit`` above only)."""
    half = _gated_size("swiglu_clamped")(x.shape[-1])
    up, gate = x[..., :half], x[..., half:]
    return up, gate, np.clip(up, -limit, limit), np.minimum(gate, limit)


def _swish_of(g: Array, alpha: float) -> tuple[Array, Array]:
    """The library's :func:`swish` at ``beta = alpha`` and its derivative."""
    unit = get("swish")
    assert isinstance(unit, Elementwise)
    return np.asarray(unit(g, beta=alpha)), np.asarray(unit.derivative(g, beta=alpha))


def _swiglu_clamped(x: Array, alpha: float, limit: float) -> Array:
    r"""Clamped SwiGLU (OpenAI's gpt-oss): split the axis into halves, the value
    :math:`u` and the gate :math:`g`, clamp them (:math:`u` to :math:`[-L, L]`, :math:`g`
    to at most :math:`L`) and return :math:`(u + 1)\,g\,\sigma(\alpha g)`, with
    :math:`\alpha = 1.702` and :math:`L = 7`.

    The gate is Swish with :math:`\beta = \alpha` (a QuickGELU when
    :math:`\alpha = 1.702`), not SiLU, and the value is shifted by 1. Layout: the first
    half is the value and the second the gate, as in :func:`glu`; gpt-oss's weights
    interleave them instead (gate at even positions, value at odd), so reorder with
    ``np.concatenate([h[..., 1::2], h[..., ::2]], axis=-1)`` first.

    >>> import activations
    >>> activations.swiglu_clamped([1.0, 20.0, 2.0, 9.0])
    array([ 3.87131725, 55.99962503])
    """
    _, _, u, g = _clamped_halves(x, limit)
    gated, _ = _swish_of(g, alpha)
    with np.errstate(over="ignore"):  # only for a huge limit: inf is then the right value
        return (u + 1.0) * gated


def _swiglu_clamped_jacobian(x: Array, alpha: float, limit: float) -> Array:
    """Diagonal blocks: ``d out_i / d u_i = g sigma(alpha g)`` and ``d out_i / d g_i =
    (u + 1) swish'(g)``, each 0 where its clamp is active. At the clamp bounds the
    gradient passes, as ``torch.clamp``'s backward does (gpt-oss's reference code)."""
    up, gate, u, g = _clamped_halves(x, limit)
    gated, slope = _swish_of(g, alpha)
    half = up.shape[-1]
    jac = np.zeros((*x.shape[:-1], half, 2 * half))
    i = np.arange(half)
    inside_up = (up >= -limit) & (up <= limit)
    jac[..., i, i] = np.where(np.isnan(up), np.nan, np.where(inside_up, gated, 0.0))
    below = gate <= limit
    with np.errstate(over="ignore"):
        value = np.where(below, (u + 1.0) * slope, 0.0)
    jac[..., i, half + i] = np.where(np.isnan(gate), np.nan, value)
    return jac


def _swiglu_clamped_expression(sp: Any, xs: Any, alpha: Any, limit: Any) -> list[Any]:
    ups, gates = _halves(xs, "swiglu_clamped")
    out = []
    for a, b in zip(ups, gates, strict=True):
        g = sp.Min(b, limit)
        out.append((sp.Min(sp.Max(a, -limit), limit) + 1) * g / (1 + sp.exp(-alpha * g)))
    return out


def _swiglu_clamped_forms(
    sp: Any, N: Any, x: Any, i: Any, j: Any, n: Any, alpha: Any, limit: Any
) -> tuple[Any, Any]:
    """``y_i = (clip(x_i, -L, L) + 1) g_i sigma(alpha g_i)``, ``g_i = min(x_{i+n/2}, L)``."""
    u = sp.Min(sp.Max(x[i], -limit), limit)
    g = sp.Min(x[i + n / 2], limit)
    swish = g * N.sigma(alpha * g)
    slope = N.sigma(alpha * g) * (1 + alpha * g * (1 - N.sigma(alpha * g)))
    inside = sp.Piecewise((1, (x[i] >= -limit) & (x[i] <= limit)), (0, True))
    below = sp.Piecewise((1, x[i + n / 2] <= limit), (0, True))
    jac = (
        sp.KroneckerDelta(i, j) * swish * inside
        + sp.KroneckerDelta(j, i + n / 2) * (u + 1) * slope * below
    )
    return (u + 1) * swish, jac


swiglu_clamped = register(
    Vector(
        name="swiglu_clamped",
        title="Clamped SwiGLU (gpt-oss)",
        family="multi_input",
        aliases=("swiglu_oai", "swigluoai", "gpt_oss_swiglu"),
        summary=(
            "The clamped SwiGLU of OpenAI's gpt-oss models caps the gate at L = 7, clips "
            "the value to [-7, 7], gates with Swish at beta = 1.702 (QuickGELU's slope, "
            "not SiLU) and adds 1 to the value: (u + 1) g sigma(1.702 g). The clamps bound "
            "every output of the feed-forward block, by about 56."
        ),
        forward=_swiglu_clamped,
        jacobian_fn=_swiglu_clamped_jacobian,
        expression=_swiglu_clamped_expression,
        forms=_swiglu_clamped_forms,
        out_size=_gated_size("swiglu_clamped"),
        slice_input=2,
        parameters=(
            positive("alpha", 1.702, "the gate's sigmoid slope", symbol="alpha"),
            positive("limit", 7.0, "the clamp L on the gate (above) and the value",
                     symbol="L"),
        ),
        references=("openai2025gptoss", "shazeer2020glu"),
        frameworks=Frameworks(
            notes=(
                "None of the six frameworks ships it as a function. Hugging Face's "
                "GptOssExperts computes it inline (alpha = 1.702, limit = "
                "config.swiglu_limit = 7.0) on interleaved halves (gate_up[..., ::2] is "
                "the gate); vLLM calls it swigluoai_and_mul and TransformerEngine "
                "clamped_swiglu.",
            ),
        ),
    )
)

# -- crelu --------------------------------------------------------------------------------


def _crelu_size(n: int, **params: Any) -> int:
    if n < 1:
        raise ValueError(f"crelu: needs at least one entry along the axis, got length {n}")
    return 2 * n


def _crelu(x: Array) -> Array:
    r"""Concatenated ReLU (Shang et al., 2016): :math:`[\max(0, x), \max(0, -x)]` along
    the axis, so the output is twice as long and keeps the sign information ReLU
    discards. Exact. ``tf.nn.crelu(features, axis=-1)`` concatenates in this order.

    >>> import activations
    >>> activations.crelu([1.5, -2.0])
    array([1.5, 0. , 0. , 2. ])
    """
    _crelu_size(x.shape[-1])
    return np.concatenate([np.maximum(x, 0.0), np.maximum(-x, 0.0)], axis=-1)


def _crelu_jacobian(x: Array) -> Array:
    """``(2n, n)``: the diagonal ``H(x)`` over the diagonal ``-H(-x)``, with ReLU's
    derivative 0 at 0; NaN in the rows of a NaN input."""
    n = _crelu_size(x.shape[-1]) // 2
    jac = np.zeros((*x.shape[:-1], 2 * n, n))
    i = np.arange(n)
    nan = np.isnan(x)
    jac[..., i, i] = np.where(nan, np.nan, x > 0)
    jac[..., n + i, i] = np.where(nan, np.nan, np.where(x < 0, -1.0, 0.0))
    return jac


crelu = register(
    Vector(
        name="crelu",
        title="Concatenated ReLU (CReLU)",
        family="multi_input",
        aliases=("concatenated_relu",),
        summary=(
            "CReLU returns ReLU of the input and ReLU of its negation side by side, so "
            "the output is twice as wide and no sign information is lost. Shang et al. "
            "found that early convolution layers learn filters in opposite-sign pairs, "
            "and CReLU gives those pairs for free, halving the filters needed. TensorFlow "
            "ships it as tf.nn.crelu."
        ),
        forward=_crelu,
        jacobian_fn=_crelu_jacobian,
        expression=lambda sp, xs: [sp.Max(0, v) for v in xs] + [sp.Max(0, -v) for v in xs],
        forms=lambda sp, N, x, i, j, n: (
            sp.Piecewise((N.relu(x[i]), i <= n), (N.relu(-x[i - n]), True)),
            sp.Piecewise(
                (sp.KroneckerDelta(i, j) * sp.Piecewise((1, x[i] > 0), (0, True)), i <= n),
                (-sp.KroneckerDelta(i - n, j) * sp.Piecewise((1, x[i - n] < 0), (0, True)),
                 True),
            ),
        ),
        out_size=_crelu_size,
        references=("shang2016crelu",),
        frameworks=Frameworks(tensorflow="tf.nn.crelu (axis=-1)"),
    )
)

__all__ = [
    "bilinear_glu",
    "crelu",
    "geglu",
    "glu",
    "maxout",
    "reglu",
    "swiglu",
    "swiglu_clamped",
]
