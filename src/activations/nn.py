r"""A small NumPy neural network, built for experiments with activation functions.

The concept chapters use it to *watch* what an activation does inside a network:
gradients vanishing layer by layer, ReLU units dying, SELU keeping activations
normalised, residual connections rescuing deep stacks, SIREN fitting a signal. It is
deliberately plain: fully connected layers, two losses, two optimisers, a training loop
and a finite-difference gradient check. Everything is seeded and runs on a CPU.

Conventions. A batch is a 2-d array of shape ``(samples, features)``. A layer computes

.. math::

   z = \omega_0\,(x W + b), \qquad u = f(z), \qquad
   h = \begin{cases} x + u & \text{residual} \\ u & \text{otherwise,} \end{cases}

with ``W`` of shape ``(fan_in, fan_out)``; :math:`\omega_0 = 1` except in SIREN layers.
Activations come from the registry (:func:`activations.get`), so every registered
element-wise function can be used by name.

Learnable activations. ``Dense(..., learn=("slope",))`` (or ``MLP(..., learn=...)``)
makes a parameter :math:`\theta` of the activation trainable, one value per unit, as
PReLU's slope, Swish's :math:`\beta` or Snake's :math:`\alpha` are trained in practice.
Back-propagation needs :math:`\partial f/\partial\theta`; it is derived exactly by SymPy
from the activation's own expression (:func:`parameter_derivative`), compiled once with
``lambdify`` and cached. Constraints (Snake's :math:`\alpha > 0`) are kept by clipping
after every optimiser step (:meth:`Network.constrain`).

>>> import numpy as np
>>> from activations import nn
>>> net = nn.MLP([2, 8, 1], "tanh", rng=0)
>>> net.forward(np.zeros((3, 2))).shape
(3, 1)

This module is not imported by ``import activations``; use ``from activations import nn``.
"""

from __future__ import annotations

import copy
import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypedDict, Unpack

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from .core.parameters import Param
from .core.registry import Elementwise, UnknownActivationError, get, normalise
from .core.symbolic import as_piecewise, symbol_x

if TYPE_CHECKING:
    import sympy

Array = NDArray[np.floating[Any]]
Initializer = Callable[..., Array]
BiasInit = float | Callable[[np.random.Generator, int, int], Array]

__all__ = [
    "GAIN_CONVENTIONS",
    "INITIALIZERS",
    "MLP",
    "MSE",
    "POSITIVE_FLOOR",
    "SGD",
    "Adam",
    "Dense",
    "GainConvention",
    "GradientCheck",
    "History",
    "LayerStats",
    "Loss",
    "Network",
    "Optimizer",
    "SoftmaxCrossEntropy",
    "computed_gain",
    "cross_entropy",
    "gain",
    "get_loss",
    "glorot_normal",
    "glorot_uniform",
    "gradient_check",
    "he_normal",
    "he_uniform",
    "initializer",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
    "linear_collapse",
    "log_softmax",
    "mse",
    "orthogonal",
    "parameter_derivative",
    "siren",
    "siren_uniform",
    "torch_bias",
    "train",
    "xavier_normal",
    "xavier_uniform",
]


# == initialisers ==========================================================================
#
# Every initialiser has the signature ``(rng, fan_in, fan_out, gain) -> W`` with W of shape
# (fan_in, fan_out). They differ only in which fan sets the scale and in the default gain.


def glorot_uniform(
    rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = 1.0
) -> Array:
    r"""Glorot (Xavier) uniform initialisation.

    :math:`W \sim U(-a, a)` with :math:`a = g\sqrt{6/(n_\text{in} + n_\text{out})}`, so the
    variance is :math:`g^2 \cdot 2/(n_\text{in} + n_\text{out})`: the compromise between
    preserving the forward variance (:math:`1/n_\text{in}`) and the backward one
    (:math:`1/n_\text{out}`) for a unit with slope 1 at the origin (Glorot & Bengio, 2010).
    """
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=(fan_in, fan_out))


def glorot_normal(
    rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = 1.0
) -> Array:
    r"""Glorot (Xavier) normal initialisation.

    :math:`W \sim \mathcal N\bigl(0,\ g^2 \cdot 2/(n_\text{in} + n_\text{out})\bigr)`.
    """
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=(fan_in, fan_out))


def he_uniform(
    rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = math.sqrt(2.0)
) -> Array:
    r"""He (Kaiming) uniform initialisation, fan-in mode.

    :math:`W \sim U(-a, a)` with :math:`a = g\sqrt{3/n_\text{in}}`: variance
    :math:`g^2/n_\text{in}`. The default :math:`g = \sqrt 2` gives He et al.'s
    :math:`2/n_\text{in}` for ReLU, whose output keeps half the second moment of its input.
    Same as PyTorch's ``kaiming_uniform_(nonlinearity="relu")``.
    """
    bound = gain * math.sqrt(3.0 / fan_in)
    return rng.uniform(-bound, bound, size=(fan_in, fan_out))


def he_normal(
    rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = math.sqrt(2.0)
) -> Array:
    r"""He (Kaiming) normal initialisation, fan-in mode.

    :math:`W \sim \mathcal N(0,\ g^2/n_\text{in})` with :math:`g = \sqrt 2`. A plain normal
    as in PyTorch's ``kaiming_normal_``; Keras' ``he_normal`` draws from a truncated
    normal rescaled to the same variance.
    """
    return rng.normal(0.0, gain / math.sqrt(fan_in), size=(fan_in, fan_out))


def lecun_normal(
    rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = 1.0
) -> Array:
    r"""LeCun normal: :math:`W \sim \mathcal N(0,\ g^2/n_\text{in})` with :math:`g = 1`.

    The initialisation SELU's self-normalising fixed point assumes (Klambauer et al., 2017).
    It is :func:`he_normal` with gain 1.
    """
    return rng.normal(0.0, gain / math.sqrt(fan_in), size=(fan_in, fan_out))


def lecun_uniform(
    rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = 1.0
) -> Array:
    r"""LeCun uniform initialisation.

    :math:`W \sim U(-a, a)` with :math:`a = g\sqrt{3/n_\text{in}}`: variance
    :math:`g^2/n_\text{in}`.
    """
    bound = gain * math.sqrt(3.0 / fan_in)
    return rng.uniform(-bound, bound, size=(fan_in, fan_out))


def orthogonal(
    rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = 1.0
) -> Array:
    r"""Orthogonal initialisation (Saxe et al., 2014).

    :math:`W = g\,Q` with orthonormal rows or columns. :math:`Q` is the Q factor of a
    Gaussian matrix, sign-corrected so that it is Haar distributed; every singular value
    of the result equals :math:`g`.
    """
    flip = fan_in < fan_out
    a = rng.normal(size=(fan_out, fan_in) if flip else (fan_in, fan_out))
    q, r = np.linalg.qr(a)
    # Without the sign fix, QR's convention (positive or arbitrary diagonal of R) biases Q.
    q = q * np.where(np.diag(r) < 0, -1.0, 1.0)
    return gain * (q.T if flip else q)


def siren_uniform(
    rng: np.random.Generator,
    fan_in: int,
    fan_out: int,
    gain: float = 1.0,
    *,
    omega0: float = 30.0,
    first: bool = False,
) -> Array:
    r"""SIREN initialisation (Sitzmann et al., 2020).

    For layers computing :math:`\sin(\omega_0 (xW + b))`. First layer:
    :math:`W \sim U(-1/n_\text{in},\ 1/n_\text{in})`. Later layers:
    :math:`W \sim U\bigl(-\sqrt{6/n_\text{in}}/\omega_0,\ \sqrt{6/n_\text{in}}/\omega_0\bigr)`,
    so that, for arcsine-distributed inputs of variance 1/2 (sines of earlier layers),
    :math:`\omega_0 x W` has unit variance and each sine spans a few periods.
    ``gain`` multiplies the bound.
    """
    bound = 1.0 / fan_in if first else math.sqrt(6.0 / fan_in) / omega0
    return rng.uniform(-gain * bound, gain * bound, size=(fan_in, fan_out))


def torch_bias(rng: np.random.Generator, fan_in: int, fan_out: int) -> Array:
    r"""PyTorch's default ``nn.Linear`` bias.

    :math:`b \sim U(-1/\sqrt{n_\text{in}},\ 1/\sqrt{n_\text{in}})`.
    """
    bound = 1.0 / math.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=fan_out)


xavier_uniform = glorot_uniform
xavier_normal = glorot_normal
kaiming_uniform = he_uniform
kaiming_normal = he_normal

#: Initialisers by name, for ``Dense(..., init="he_normal")``.
INITIALIZERS: dict[str, Initializer] = {
    "glorot_uniform": glorot_uniform,
    "xavier_uniform": glorot_uniform,
    "glorot_normal": glorot_normal,
    "xavier_normal": glorot_normal,
    "he_uniform": he_uniform,
    "kaiming_uniform": he_uniform,
    "he_normal": he_normal,
    "kaiming_normal": he_normal,
    "lecun_normal": lecun_normal,
    "lecun_uniform": lecun_uniform,
    "orthogonal": orthogonal,
    "siren": siren_uniform,
    "siren_first": functools.partial(siren_uniform, first=True),
}


def initializer(init: str | Initializer) -> Initializer:
    """The initialiser called ``init`` in :data:`INITIALIZERS`, or ``init`` itself if callable."""
    if callable(init):
        return init
    key = normalise(init)
    if key not in INITIALIZERS:
        raise ValueError(f"unknown initialiser {init!r}; known: {', '.join(INITIALIZERS)}")
    return INITIALIZERS[key]


# == gains =================================================================================


@dataclass(frozen=True)
class GainConvention:
    """One row of PyTorch's ``torch.nn.init.calculate_gain`` table.

    ``kind`` is ``"exact"`` (variance-preserving by construction), ``"derived"``
    (follows from a second-moment argument) or ``"convention"`` (a chosen number that
    :func:`computed_gain` does not reproduce).
    """

    name: str
    value: float
    kind: Literal["exact", "derived", "convention"]
    note: str


#: PyTorch's recommended gains. Compare with :func:`computed_gain`.
GAIN_CONVENTIONS: dict[str, GainConvention] = {
    c.name: c
    for c in (
        GainConvention("identity", 1.0, "exact", "A linear unit keeps the second moment."),
        GainConvention(
            "sigmoid",
            1.0,
            "convention",
            "Not variance-preserving: the computed second-moment gain is about 1.846. The "
            "sigmoid is not centred on zero, so no gain makes it behave like a linear unit.",
        ),
        GainConvention(
            "tanh",
            5.0 / 3.0,
            "convention",
            "An empirical choice; the computed second-moment gain is about 1.5925.",
        ),
        GainConvention(
            "relu",
            math.sqrt(2.0),
            "derived",
            "He et al. (2015): E[relu(z)^2] = E[z^2]/2 for symmetric z.",
        ),
        GainConvention(
            "leaky_relu",
            math.sqrt(2.0 / (1.0 + 0.01**2)),
            "derived",
            "sqrt(2 / (1 + slope^2)) (He et al., 2015); the value shown is for slope 0.01.",
        ),
        GainConvention(
            "selu",
            0.75,
            "convention",
            "PyTorch's choice for gradient flow, which gives up self-normalisation; SELU's "
            "fixed point needs gain 1 (LeCun normal), which is also the computed gain.",
        ),
    )
}


def gain(name: str, negative_slope: float = 0.01) -> float:
    r"""PyTorch's recommended gain for ``name`` (``torch.nn.init.calculate_gain``).

    ``identity``/``linear`` and ``sigmoid``: 1; ``tanh``: 5/3; ``relu``: :math:`\sqrt 2`;
    ``leaky_relu``: :math:`\sqrt{2/(1 + s^2)}` for negative slope :math:`s`; ``selu``: 3/4.
    Which of these are conventions is recorded in :data:`GAIN_CONVENTIONS`.

    >>> round(gain("relu"), 6), gain("tanh"), gain("linear")
    (1.414214, 1.6666666666666667, 1.0)
    """
    key = _canonical(name)
    if key == "leaky_relu":
        return math.sqrt(2.0 / (1.0 + negative_slope**2))
    if key not in GAIN_CONVENTIONS:
        raise ValueError(
            f"no conventional gain for {name!r} (PyTorch lists {', '.join(GAIN_CONVENTIONS)}); "
            "use computed_gain() for any activation"
        )
    return GAIN_CONVENTIONS[key].value


def _canonical(name: str) -> str:
    # Resolve registry aliases ("linear", "logistic") when the function is registered;
    # the gain table must still work for names another module has not registered yet.
    try:
        return get(name).name
    except UnknownActivationError:
        return normalise(name)


def computed_gain(
    activation: str | Callable[[Array], Any],
    *,
    moment: Literal["second", "variance"] = "second",
    **params: float,
) -> float:
    r"""The variance-preserving gain of an activation, by numerical integration.

    With ``moment="second"`` (He et al.'s argument, the default):

    .. math:: g = 1 \big/ \sqrt{\mathbb E[f(z)^2]}, \qquad z \sim \mathcal N(0, 1),

    so that weights of variance :math:`g^2/n_\text{in}` keep :math:`\mathbb E[z^2] = 1` from
    layer to layer. ``moment="variance"`` uses :math:`\operatorname{Var} f(z)` instead.
    The expectation is computed with adaptive quadrature (``scipy.integrate.quad``) on
    :math:`[-16, 16]`, split at 0, ±1, ±3 and ±6 where common kinks sit; the Gaussian
    tails beyond are below :math:`10^{-55}`.

    >>> round(computed_gain("identity"), 12)
    1.0
    >>> round(computed_gain("tanh"), 6)   # PyTorch's convention is 5/3
    1.592537
    """
    from scipy import integrate  # SciPy is slow to import; only this function needs it

    if isinstance(activation, str):
        act = get(activation)

        def f(z: float) -> float:
            return float(act(z, **params))

    else:
        fn = activation

        def f(z: float) -> float:
            return float(np.asarray(fn(np.asarray(z, dtype=np.float64)), dtype=np.float64))

    def density(z: float) -> float:
        return math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)

    cuts = (-16.0, -6.0, -3.0, -1.0, 0.0, 1.0, 3.0, 6.0, 16.0)

    def expect(g: Callable[[float], float]) -> float:
        total = 0.0
        for a, b in itertools.pairwise(cuts):
            value, _ = integrate.quad(
                lambda z: g(z) * density(z), a, b, epsabs=1e-14, epsrel=1e-12, limit=200
            )
            total += value
        return total

    second = expect(lambda z: f(z) ** 2)
    spread = second - expect(f) ** 2 if moment == "variance" else second
    if not spread > 0:
        raise ValueError(f"the activation has zero {moment} moment under N(0, 1): no gain exists")
    return 1.0 / math.sqrt(spread)


# == learnable activation parameters =======================================================

#: Where a parameter that must be positive (``> 0``, Snake's :math:`\alpha`) is clipped to
#: after an optimiser step; parameters that must be ``>= 0`` or ``<= 0`` are clipped to 0.
POSITIVE_FLOOR = 1e-6


def _elementwise(activation: str) -> Elementwise:
    act = get(activation)
    if not isinstance(act, Elementwise):
        raise TypeError(
            f"{act.name} is a vector activation; a Dense layer applies element-wise "
            "ones (use SoftmaxCrossEntropy for a softmax output)"
        )
    return act


def _check_learnable(act: Elementwise, names: Sequence[str]) -> None:
    """A clear error for a name the activation does not take, or a name given twice."""
    known = list(act.params)
    for name in names:
        if name not in known:
            takes = f"its parameters are {', '.join(known)}" if known else "it has none"
            raise ValueError(f"{act.name} has no parameter {name!r} to learn; {takes}")
    if len(set(names)) != len(names):
        raise ValueError(f"learn names a parameter twice: {tuple(names)}")


def _interval(act: Elementwise, param: Param) -> tuple[float, float]:
    """The closed interval a learned parameter is clipped to: its constraint (the
    parameter's ``check``, probed on both sides of 0), with ``> 0`` closed at
    :data:`POSITIVE_FLOOR`."""
    if param.integer:
        raise ValueError(f"{act.name}: {param.name!r} is a whole number and cannot be learned")
    inf = math.inf
    rules: tuple[tuple[tuple[float, float], Callable[[float], bool]], ...] = (
        ((-inf, inf), lambda v: True),
        ((0.0, inf), lambda v: v >= 0),
        ((POSITIVE_FLOOR, inf), lambda v: v > 0),
        ((-inf, 0.0), lambda v: v <= 0),
        ((-inf, -POSITIVE_FLOOR), lambda v: v < 0),
    )
    probes = (-1e3, -1.0, -1e-3, 0.0, 1e-3, 1.0, 1e3)
    for bounds, rule in rules:
        if all(bool(param.check(v)) == rule(v) for v in probes):
            return bounds
    raise ValueError(
        f"{act.name}: {param.name!r} must be {param.requirement}, a constraint that "
        "clipping to a half-line cannot keep; it cannot be learned"
    )


def _parameter_symbols(act: Elementwise) -> dict[str, sympy.Symbol]:
    """A real SymPy symbol per parameter, with the sign its constraint allows.

    Not the symbols of :meth:`~activations.core.registry.Elementwise.symbolic_expr`,
    which assume every parameter that may be 1 positive: a learned slope or offset
    may well be negative, and the derivative must hold there too.
    """
    import sympy

    symbols = {}
    for param in act.parameters:
        try:
            low, high = _interval(act, param)
        except ValueError:  # a whole number, or an odd constraint: real is all we know
            low, high = -math.inf, math.inf
        sign = (
            {"positive": True} if low > 0 else {"nonnegative": True} if low == 0
            else {"negative": True} if high < 0 else {"nonpositive": True} if high == 0
            else {}
        )
        symbols[param.name] = sympy.Symbol(param.symbol or param.name, real=True, **sign)
    return symbols


def parameter_derivative(activation: str, parameter: str) -> sympy.Expr:
    r""":math:`\partial f/\partial\theta`: the derivative of a registered element-wise
    activation with respect to its parameter ``parameter``, as SymPy derives it.

    Taken from the activation's own SymPy expression with every parameter a real symbol
    (positive, non-negative or non-positive as its constraint says), after ``Max``,
    ``Min``, ``Heaviside``... are rewritten as ``Piecewise``
    (:func:`activations.core.symbolic.as_piecewise`), so that each branch is
    differentiated on its own. Layers that learn ``parameter`` evaluate this expression,
    compiled by ``sympy.lambdify``, in their backward pass. It is evaluated as SymPy
    writes it, which is accurate for the moderate pre-activations of small networks but
    not hardened like the forward functions: Swish's
    :math:`x^2 e^{-\beta x}/(1 + e^{-\beta x})^2` is NaN once :math:`\beta x < -696`.

    >>> from activations import nn
    >>> nn.parameter_derivative("prelu", "slope")
    Piecewise((x, x < 0), (0, True))
    >>> nn.parameter_derivative("snake", "alpha")
    2*x*sin(alpha*x)*cos(alpha*x)/alpha - sin(alpha*x)**2/alpha**2
    """
    import sympy

    act = _elementwise(activation)
    _check_learnable(act, (parameter,))
    symbols = _parameter_symbols(act)
    expression = act.expression(sympy, symbol_x(), **symbols)
    return sympy.diff(as_piecewise(expression), symbols[parameter])


@functools.cache
def _compiled_parameter_derivative(
    activation: str, parameter: str
) -> Callable[[Array, Mapping[str, ArrayLike]], Array]:
    """:func:`parameter_derivative` as a NumPy function ``(z, values) -> df/dtheta``,
    compiled once per (activation, parameter)."""
    import sympy

    act = _elementwise(activation)
    symbols = _parameter_symbols(act)
    names = tuple(symbols)
    compiled = sympy.lambdify(
        [symbol_x(), *symbols.values()],
        parameter_derivative(activation, parameter),
        modules=["scipy", "numpy"],
    )

    def evaluate(z: Array, values: Mapping[str, ArrayLike]) -> Array:
        # Every argument at the full shape: lambdify's Max/Min stack their arguments.
        args = np.broadcast_arrays(z, *(np.asarray(values[name]) for name in names))
        return np.broadcast_to(np.asarray(compiled(*args), dtype=z.dtype), z.shape)

    return evaluate


# == layers ================================================================================


class Dense:
    r"""A fully connected layer.

    :math:`z = \omega_0 (xW + b)`, then :math:`h = f(z)`, or :math:`h = x + f(z)` if residual.

    Parameters
    ----------
    fan_in, fan_out
        Input and output widths; ``W`` has shape ``(fan_in, fan_out)``.
    activation
        A registered element-wise activation name, or ``None`` for a linear layer.
    rng
        Seed or ``numpy.random.Generator`` drawing the initial weights (required, so
        that every experiment is reproducible).
    init, gain
        Initialiser (name in :data:`INITIALIZERS` or callable) and its gain; ``None``
        keeps the initialiser's own default (1, or :math:`\sqrt 2` for He).
    bias_init
        A constant, or a callable ``(rng, fan_in, fan_out) -> b`` such as :func:`torch_bias`.
    residual
        Add the input to the output (needs ``fan_in == fan_out``):
        :math:`\partial h/\partial x = I + \ldots` keeps a path for the gradient.
    omega0
        Scale of the pre-activation (SIREN's :math:`\omega_0`); 1 for ordinary layers.
    derivative_at_zero
        If given, the value used for :math:`f'(0)` where a pre-activation is exactly 0;
        ``None`` keeps the library's kink convention (0 for ReLU; 1 and 0.5 are also used).
    activation_params
        Parameters for the activation, e.g. ``{"negative_slope": 0.1}``.
    learn
        Names of the activation's parameters to train, e.g. ``("slope",)`` for PReLU (one
        name may be given as a string). Each becomes ``learned[name]``, an array of
        ``fan_out`` values (one per unit, as PyTorch's ``PReLU(num_parameters=...)``),
        starting at its value in ``activation_params`` or else the activation's default,
        and updated by the optimiser with the weights (:meth:`Network.parameters`). Its
        gradient, :math:`\sum_n \partial L/\partial h_{nj}\;
        \partial f/\partial\theta(z_{nj}; \theta_j)`, uses the exact SymPy derivative
        (:func:`parameter_derivative`). A constrained parameter is *clipped* back into its
        interval after every step of :func:`train` (projected gradient descent; call
        :meth:`constrain` in a loop of your own): ``>= 0`` and ``<= 0`` at 0, ``> 0`` at
        :data:`POSITIVE_FLOOR`. The forward pass and :math:`f'(z)` stay the library's
        stable functions, called unit by unit (slower than a fixed activation).
    dtype
        Floating type of weights and computations (float64 unless studying precision).

    After :meth:`forward` the layer keeps ``inputs``, ``preactivation`` (:math:`z`),
    ``unit_output`` (:math:`f(z)`) and ``output`` (:math:`h`); after :meth:`backward`,
    ``grad_W``, ``grad_b``, ``grad_preactivation`` (:math:`\partial L/\partial z`),
    ``grad_input`` and, per learned parameter, ``grad_learned[name]``.

    >>> layer = Dense(2, 3, "prelu", rng=0, learn="slope")
    >>> layer.learned["slope"]
    array([0.25, 0.25, 0.25])
    >>> Dense(2, 3, "prelu", rng=0, learn="negative_slope")
    Traceback (most recent call last):
    ...
    ValueError: prelu has no parameter 'negative_slope' to learn; its parameters are slope
    """

    def __init__(
        self,
        fan_in: int,
        fan_out: int,
        activation: str | None = None,
        *,
        rng: np.random.Generator | int,
        init: str | Initializer = "glorot_uniform",
        gain: float | None = None,
        bias_init: BiasInit = 0.0,
        residual: bool = False,
        omega0: float = 1.0,
        derivative_at_zero: float | None = None,
        activation_params: Mapping[str, float] | None = None,
        learn: str | Sequence[str] = (),
        dtype: DTypeLike = np.float64,
    ) -> None:
        if residual and fan_in != fan_out:
            raise ValueError(
                f"a residual layer needs fan_in == fan_out, got {fan_in} and {fan_out}"
            )
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise TypeError(f"dtype must be a floating type, got {self.dtype}")
        generator = np.random.default_rng(rng)
        draw = initializer(init)
        weights = draw(generator, fan_in, fan_out) if gain is None else draw(
            generator, fan_in, fan_out, gain
        )
        if callable(bias_init):
            bias = np.asarray(bias_init(generator, fan_in, fan_out), dtype=np.float64)
        else:
            bias = np.full(fan_out, float(bias_init))
        self.W: Array = np.asarray(weights, dtype=self.dtype).reshape(fan_in, fan_out)
        self.b: Array = np.asarray(bias, dtype=self.dtype).reshape(fan_out)
        self.residual = residual
        self.omega0 = float(omega0)
        self.derivative_at_zero = derivative_at_zero
        self.activation_params: dict[str, float] = dict(activation_params or {})
        self.activation = activation
        self._act: Elementwise | None = None
        if activation is not None:
            act = _elementwise(activation)
            # Fail now, not in the middle of training, on a misspelt parameter.
            act(0.0, **self.activation_params)
            self._act = act
        names = (learn,) if isinstance(learn, str) else tuple(learn)
        #: The learned parameters, name -> one value per unit (shape ``(fan_out,)``).
        self.learned: dict[str, Array] = {}
        self.grad_learned: dict[str, Array] = {}
        self._bounds: dict[str, tuple[float, float]] = {}
        self._dtheta: dict[str, Callable[[Array, Mapping[str, ArrayLike]], Array]] = {}
        self._fixed: dict[str, float] = {}
        if names and self._act is None:
            raise ValueError(f"a linear layer has no activation parameters to learn {names}")
        if self._act is not None and names:
            _check_learnable(self._act, names)
            self._fixed = self._act.resolve_params(self.activation_params)
            specs = {p.name: p for p in self._act.parameters}
            for name in names:
                self._bounds[name] = _interval(self._act, specs[name])
                start = self.activation_params.pop(name, specs[name].default)
                self.learned[name] = np.full(fan_out, start, dtype=self.dtype)
                self.grad_learned[name] = np.zeros(fan_out, dtype=self.dtype)
                self._dtheta[name] = _compiled_parameter_derivative(self._act.name, name)
        self.grad_W: Array = np.zeros_like(self.W)
        self.grad_b: Array = np.zeros_like(self.b)
        self.inputs: Array | None = None
        self.preactivation: Array | None = None
        self.unit_output: Array | None = None
        self.output: Array | None = None
        self.grad_preactivation: Array | None = None
        self.grad_input: Array | None = None

    @classmethod
    def from_weights(
        cls, W: ArrayLike, b: ArrayLike, activation: str | None = None, **options: Any
    ) -> Dense:
        """A layer with the given weights and bias (``options`` as in the constructor)."""
        dtype = options.pop("dtype", np.float64)
        W_ = np.asarray(W, dtype=dtype)
        options.setdefault("rng", 0)  # nothing is drawn: the weights are overwritten
        layer = cls(W_.shape[0], W_.shape[1], activation, init=_zeros, dtype=dtype, **options)
        layer.W[...] = W_
        layer.b[...] = np.asarray(b, dtype=dtype)
        return layer

    @property
    def fan_in(self) -> int:
        return int(self.W.shape[0])

    @property
    def fan_out(self) -> int:
        return int(self.W.shape[1])

    @property
    def activation_name(self) -> str:
        """Canonical name of the activation (``"identity"`` for a linear layer)."""
        return "identity" if self._act is None else self._act.name

    def forward(self, x: ArrayLike) -> Array:
        r""":math:`h = f(\omega_0 (xW + b))` (:math:`+\,x` if residual); caches for backward."""
        inputs = np.asarray(x, dtype=self.dtype)
        if inputs.ndim != 2 or inputs.shape[1] != self.fan_in:
            raise ValueError(
                f"expected input of shape (batch, {self.fan_in}), got {inputs.shape}"
            )
        z = inputs @ self.W + self.b
        if self.omega0 != 1.0:
            z = self.omega0 * z
        if self._act is None:
            u = z
        elif self.learned:
            u = self._per_unit(False, z)
        else:
            u = self._act(z, **self.activation_params)
        out = inputs + u if self.residual else u
        self.inputs, self.preactivation, self.unit_output, self.output = inputs, z, u, out
        return out

    def local_derivative(self, z: Array) -> Array:
        r""":math:`f'(z)`, with ``derivative_at_zero`` substituted where :math:`z = 0` exactly."""
        if self._act is None:
            d = np.ones_like(z)
        elif self.learned:
            d = self._per_unit(True, z)
        else:
            d = self._act.derivative(z, **self.activation_params)
        if self.derivative_at_zero is not None:
            d = np.where(z == 0, np.asarray(self.derivative_at_zero, dtype=d.dtype), d)
        return d

    def _per_unit(self, derivative: bool, z: Array) -> Array:
        """The activation (or its derivative) with each unit's learned values: one call
        for the whole layer while every unit has the same values (at initialisation),
        else one call per unit (column). The library's functions take scalar
        parameters; they are called directly, in float64 and without re-checking the
        values, which :meth:`constrain` keeps valid."""
        assert self._act is not None
        fn = self._act.derivative_fn if derivative else self._act.forward
        assert fn is not None
        table = np.stack(list(self.learned.values()), axis=1)  # (fan_out, learned)
        if not np.isfinite(table).all():
            return np.full_like(z, np.nan)  # a diverged step: train() reports it
        values = dict(self._fixed)
        names = list(self.learned)
        z64 = np.asarray(z, dtype=np.float64)
        with np.errstate(under="ignore"):  # as the registry's own calls
            if (table == table[0]).all():
                values.update(zip(names, table[0].tolist(), strict=True))
                return np.asarray(fn(z64, **values), dtype=z.dtype)
            out = np.empty_like(z)
            for unit, row in enumerate(table.tolist()):
                values.update(zip(names, row, strict=True))
                out[:, unit] = fn(z64[:, unit], **values)
        return out

    def constrain(self) -> None:
        """Clip every learned parameter, in place, into its allowed interval (see ``learn``).

        >>> layer = Dense(1, 2, "snake", rng=0, learn="alpha")
        >>> layer.learned["alpha"][:] = [-0.5, 2.0]   # as too large a step might leave it
        >>> layer.constrain()
        >>> layer.learned["alpha"]
        array([1.e-06, 2.e+00])
        """
        for name, values in self.learned.items():
            low, high = self._bounds[name]
            np.clip(values, low, high, out=values)

    def backward(self, grad_output: Array) -> Array:
        r"""Store the weight, bias and learned-parameter gradients; return
        :math:`\partial L/\partial x`.

        Given :math:`\partial L/\partial h`:

        .. math::

           \delta = \frac{\partial L}{\partial h} \odot f'(z), \quad
           \frac{\partial L}{\partial W} = \omega_0\, x^\top \delta, \quad
           \frac{\partial L}{\partial b} = \omega_0 \textstyle\sum_n \delta_n, \quad
           \frac{\partial L}{\partial x} = \omega_0\, \delta W^\top
           \ (+\ \tfrac{\partial L}{\partial h}),

        and for a learned :math:`\theta_j` of unit :math:`j`,
        :math:`\partial L/\partial\theta_j = \sum_n (\partial L/\partial h_{nj})\,
        \partial f/\partial\theta\,(z_{nj}; \theta_j)`.
        """
        if self.inputs is None or self.preactivation is None:
            raise RuntimeError("backward() called before forward()")
        grad_output = np.asarray(grad_output, dtype=self.dtype)
        delta = grad_output * self.local_derivative(self.preactivation)
        linear = self.omega0 * delta if self.omega0 != 1.0 else delta
        self.grad_preactivation = delta
        self.grad_W = self.inputs.T @ linear
        self.grad_b = linear.sum(axis=0)
        grad_input = linear @ self.W.T
        if self.residual:
            grad_input = grad_input + grad_output
        self.grad_input = grad_input
        if self.learned and self._act is not None:
            values = {**self._fixed, **self.learned}
            for name, derivative in self._dtheta.items():
                local = derivative(self.preactivation, values)
                self.grad_learned[name] = (grad_output * local).sum(axis=0)
        return grad_input

    def __repr__(self) -> str:
        extras = "".join(
            text
            for flag, text in (
                (self.residual, ", residual"),
                (self.omega0 != 1.0, f", omega0={self.omega0:g}"),
                (self.derivative_at_zero is not None, f", f'(0)={self.derivative_at_zero}"),
                (bool(self.learned), f", learns {', '.join(self.learned)}"),
            )
            if flag
        )
        return f"Dense({self.fan_in} -> {self.fan_out}, {self.activation_name}{extras})"


def _zeros(rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = 1.0) -> Array:
    return np.zeros((fan_in, fan_out))


@dataclass(frozen=True)
class LayerStats:
    """Statistics of one layer over a batch.

    ``pre_mean``/``pre_std`` describe :math:`z`; ``mean``/``std`` the layer output
    :math:`h` (what the next layer sees); ``zero_fraction`` is the fraction of entries
    of :math:`f(z)` that are exactly zero; ``dead_fraction`` the fraction of units whose
    pre-activation is :math:`\\le 0` for every sample of the batch.
    """

    pre_mean: float
    pre_std: float
    mean: float
    std: float
    zero_fraction: float
    dead_fraction: float


class Network:
    r"""A stack of :class:`Dense` layers applied in order: :math:`\hat y = h_L(\cdots h_1(x))`."""

    def __init__(self, layers: Sequence[Dense]) -> None:
        self.layers: list[Dense] = list(layers)
        for before, after in zip(self.layers[:-1], self.layers[1:], strict=True):
            if before.fan_out != after.fan_in:
                raise ValueError(f"{before!r} cannot feed {after!r}: widths differ")

    def forward(self, x: ArrayLike) -> Array:
        """The network output for a batch ``x`` of shape ``(samples, inputs)``."""
        h = np.asarray(x)
        for layer in self.layers:
            h = layer.forward(h)
        return h

    __call__ = forward

    def backward(self, grad_output: ArrayLike) -> Array:
        r"""Back-propagate :math:`\partial L/\partial \hat y` through every layer.

        Call after :meth:`forward`.
        Each layer stores its gradients; the return value is :math:`\partial L/\partial x`.
        """
        grad = np.asarray(grad_output)
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def parameters(self) -> list[Array]:
        """``[W_0, b_0, <learned_0>, W_1, b_1, ...]``, each layer's learned activation
        parameters after its bias; the arrays themselves, so optimisers update in place."""
        return [p for layer in self.layers for p in (layer.W, layer.b, *layer.learned.values())]

    def gradients(self) -> list[Array]:
        """Gradients from the last :meth:`backward`, in the order of :meth:`parameters`."""
        return [
            g
            for layer in self.layers
            for g in (layer.grad_W, layer.grad_b, *layer.grad_learned.values())
        ]

    def constrain(self) -> None:
        """Clip every layer's learned activation parameters into their allowed intervals
        (:meth:`Dense.constrain`); :func:`train` calls it after every optimiser step."""
        for layer in self.layers:
            layer.constrain()

    def gradient_norms(
        self, kind: Literal["weight", "bias", "preactivation", "input"] = "weight"
    ) -> Array:
        r"""Frobenius norm per layer of :math:`\partial L/\partial W` (or ``kind``), input first.

        ``"preactivation"`` is :math:`\partial L/\partial z` and ``"input"`` is
        :math:`\partial L/\partial x` of each layer, the quantities whose shrinking
        with depth is the vanishing-gradient problem.
        """
        attribute = {
            "weight": "grad_W",
            "bias": "grad_b",
            "preactivation": "grad_preactivation",
            "input": "grad_input",
        }[kind]
        norms = []
        for layer in self.layers:
            value = getattr(layer, attribute)
            if value is None:
                raise RuntimeError("gradient_norms() needs a backward() pass first")
            norms.append(float(np.linalg.norm(value)))
        return np.array(norms)

    def activation_stats(self, x: ArrayLike | None = None) -> list[LayerStats]:
        """Per-layer :class:`LayerStats` for batch ``x`` (default: the last forward pass)."""
        if x is not None:
            self.forward(x)
        stats = []
        for layer in self.layers:
            z, u, h = layer.preactivation, layer.unit_output, layer.output
            if z is None or u is None or h is None:
                raise RuntimeError("activation_stats() needs a forward() pass or a batch x")
            stats.append(
                LayerStats(
                    pre_mean=float(z.mean()),
                    pre_std=float(z.std()),
                    mean=float(h.mean()),
                    std=float(h.std()),
                    zero_fraction=float(np.mean(u == 0)),
                    dead_fraction=float(np.mean(np.all(z <= 0, axis=0))),
                )
            )
        return stats

    def dead_units(self, x: ArrayLike) -> list[NDArray[np.bool_]]:
        """Per layer, a mask of dead units: pre-activation ``<= 0`` for every sample of ``x``.

        For a ReLU such a unit outputs 0 and passes no gradient on all of ``x``, so
        gradient descent on ``x`` can never revive it.
        """
        self.forward(x)
        masks = []
        for layer in self.layers:
            assert layer.preactivation is not None
            masks.append(np.all(layer.preactivation <= 0, axis=0))
        return masks

    def dead_fraction(self, x: ArrayLike, *, hidden_only: bool = True) -> float:
        """Fraction of units that are dead on ``x``, over hidden layers (or all layers)."""
        masks = self.dead_units(x)
        if hidden_only and len(masks) > 1:
            masks = masks[:-1]
        return float(np.concatenate(masks).mean())

    def set_derivative_at_zero(self, value: float | None) -> None:
        """Use ``value`` for :math:`f'(0)` in every layer (``None``: the library's own)."""
        for layer in self.layers:
            layer.derivative_at_zero = value

    def copy(self) -> Network:
        """An independent deep copy (weights, options, caches)."""
        return copy.deepcopy(self)

    def __len__(self) -> int:
        return len(self.layers)

    def __repr__(self) -> str:
        inner = ",\n  ".join(map(repr, self.layers))
        return f"{type(self).__name__}(\n  {inner}\n)"


class LayerOptions(TypedDict, total=False):
    """The options of a :class:`Dense` layer that an :class:`MLP` passes on to each of
    its layers (the defaults are :class:`Dense`'s own)."""

    init: str | Initializer
    gain: float | None
    bias_init: BiasInit
    residual: bool
    omega0: float
    derivative_at_zero: float | None
    activation_params: Mapping[str, float] | None
    learn: str | Sequence[str]
    dtype: DTypeLike


class MLP(Network):
    """A multilayer perceptron with widths ``sizes``: ``len(sizes) - 1`` Dense layers.

    Hidden layers use ``activation``; the last uses ``output_activation`` (linear by
    default). Every other option (:class:`LayerOptions`) is passed to each :class:`Dense`,
    except that the output layer is never residual, keeps ``omega0 = 1`` and its
    activation's default parameters (none learned), and is initialised with
    ``output_init`` when given.
    ``residual=True`` adds a skip connection to every hidden layer whose input and output
    widths agree.

    >>> net = MLP([4, 16, 16, 3], "relu", rng=1, init="he_normal", residual=True)
    >>> [layer.residual for layer in net.layers]
    [False, True, False]
    >>> net = MLP([1, 4, 4, 1], "swish", rng=0, learn="beta")
    >>> [layer.learned["beta"].shape for layer in net.layers[:-1]], net.layers[-1].learned
    ([(4,), (4,)], {})
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | None = "relu",
        *,
        rng: np.random.Generator | int,
        output_activation: str | None = None,
        output_init: str | Initializer | None = None,
        **options: Unpack[LayerOptions],
    ) -> None:
        if len(sizes) < 2:
            raise ValueError("sizes needs at least an input and an output width")
        generator = np.random.default_rng(rng)
        layers = []
        last = len(sizes) - 2
        for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
            layer: dict[str, Any] = dict(options)
            if i < last:
                layer["residual"] = options.get("residual", False) and fan_in == fan_out
            else:
                layer.update(residual=False, omega0=1.0, activation_params=None, learn=())
                if output_init is not None:
                    layer["init"] = output_init
            name = activation if i < last else output_activation
            layers.append(Dense(fan_in, fan_out, name, rng=generator, **layer))
        super().__init__(layers)


def siren(
    sizes: Sequence[int],
    *,
    rng: np.random.Generator | int,
    omega0: float = 30.0,
    first_omega0: float = 30.0,
    activation: str = "sine",
) -> Network:
    r"""A SIREN (Sitzmann et al., 2020): sine hidden layers and a linear output.

    Hidden layers compute :math:`\sin(\omega_0 (xW + b))`, the first one with
    ``first_omega0``. Weights use :func:`siren_uniform` (``first=True`` for the first layer,
    the hidden rule, with ``omega0``, for the rest and the output); biases PyTorch's default
    :func:`torch_bias`, as in the paper's code.
    ``activation`` must be a registered sine, :math:`\sin x`. (The registry's ``sine`` has
    its own ``omega0`` parameter; this builder leaves it at 1 and scales the
    pre-activation instead, which gives the same function and the same gradients.)
    """
    generator = np.random.default_rng(rng)
    # Pin the activation's own frequency to 1 so that omega0 is applied exactly once.
    own = {"omega0": 1.0} if "omega0" in get(activation).params else {}
    hidden_init = functools.partial(siren_uniform, omega0=omega0)
    first_init = functools.partial(siren_uniform, first=True)
    layers = []
    last = len(sizes) - 2
    for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
        first, hidden = i == 0, i < last
        layers.append(
            Dense(
                fan_in,
                fan_out,
                activation if hidden else None,
                rng=generator,
                init=first_init if first and hidden else hidden_init,
                bias_init=torch_bias,
                omega0=(first_omega0 if first else omega0) if hidden else 1.0,
                activation_params=own if hidden else None,
            )
        )
    return Network(layers)


def linear_collapse(network: Network) -> tuple[Array, Array]:
    r"""The single affine map :math:`x \mapsto xW + b` equal to a network of linear layers.

    .. math:: W = \prod_l W'_l, \qquad W'_l = \omega_0 W_l\ (+ I \text{ if residual}),

    which is why depth adds nothing without a non-linearity. Raises ``ValueError`` if
    any layer has a non-identity activation.
    """
    first = network.layers[0]
    W: Array = np.eye(first.fan_in, dtype=first.dtype)
    b: Array = np.zeros(first.fan_in, dtype=first.dtype)
    for layer in network.layers:
        if layer.activation_name != "identity":
            raise ValueError(f"{layer!r} is not linear; only identity layers collapse")
        W_l = layer.omega0 * layer.W
        b_l = layer.omega0 * layer.b
        if layer.residual:
            W_l = W_l + np.eye(layer.fan_in, dtype=layer.dtype)
        W, b = W @ W_l, b @ W_l + b_l
    return W, b


# == losses ================================================================================


class Loss(Protocol):
    """A loss: ``value(prediction, target)`` and its gradient with respect to the prediction."""

    name: str

    def value(self, prediction: Array, target: ArrayLike) -> float: ...

    def gradient(self, prediction: Array, target: ArrayLike) -> Array: ...


class MSE:
    r"""Mean squared error over every element.

    :math:`L = \frac{1}{N D}\sum_{n,d} (\hat y_{nd} - y_{nd})^2` for ``N`` samples of ``D`` outputs.

    Gradient :math:`\partial L/\partial \hat y = 2(\hat y - y)/(N D)`. The mean (not half
    the sum) matches PyTorch's ``MSELoss`` and keeps learning rates independent of batch size.
    """

    name = "mse"

    def value(self, prediction: Array, target: ArrayLike) -> float:
        diff = prediction - _as_target(target, prediction)
        return float(np.mean(diff * diff))

    def gradient(self, prediction: Array, target: ArrayLike) -> Array:
        diff = prediction - _as_target(target, prediction)
        return 2.0 * diff / diff.size

    __call__ = value


def _as_target(target: ArrayLike, prediction: Array) -> Array:
    y = np.asarray(target, dtype=prediction.dtype)
    # A 1-d target for a one-output network is the common case; make it a column.
    if y.ndim == 1 and prediction.ndim == 2 and prediction.shape[1] == 1:
        y = y[:, None]
    if y.shape != prediction.shape:
        raise ValueError(f"target shape {y.shape} does not match prediction {prediction.shape}")
    return y


def log_softmax(logits: ArrayLike, axis: int = -1) -> Array:
    r"""Log-softmax along ``axis``: the registered ``log_softmax``
    (:math:`z_k - m - \log\sum_j e^{z_j - m}`, :math:`m = \max_j z_j`), which neither
    overflows nor takes :math:`\log 0`.

    >>> log_softmax([[1000.0, 1000.0]])
    array([[-0.69314718, -0.69314718]])
    """
    return np.asarray(get("log_softmax")(logits, axis=axis))


class SoftmaxCrossEntropy:
    r"""Softmax cross-entropy on logits.

    :math:`L = -\frac1N \sum_n \sum_k y_{nk} \log \operatorname{softmax}(\hat y_n)_k`.

    ``target`` is integer class labels of shape ``(N,)`` or rows of probabilities of
    shape ``(N, K)``. Gradient: :math:`(\operatorname{softmax}(\hat y) - y)/N`.
    """

    name = "cross_entropy"

    def _targets(self, prediction: Array, target: ArrayLike) -> Array:
        t = np.asarray(target)
        if t.ndim == 1:
            if t.dtype.kind not in "iu":
                raise TypeError("1-d targets must be integer class labels")
            return np.eye(prediction.shape[1], dtype=prediction.dtype)[t]
        return _as_target(t, prediction)

    def value(self, prediction: Array, target: ArrayLike) -> float:
        y = self._targets(prediction, target)
        return float(-(y * log_softmax(prediction)).sum() / prediction.shape[0])

    def gradient(self, prediction: Array, target: ArrayLike) -> Array:
        y = self._targets(prediction, target)
        return (np.exp(log_softmax(prediction)) - y) / prediction.shape[0]

    __call__ = value


mse = MSE()
cross_entropy = SoftmaxCrossEntropy()


def get_loss(loss: str | Loss) -> Loss:
    """``"mse"`` or ``"cross_entropy"`` (also ``"softmax_cross_entropy"``), or a loss object."""
    if not isinstance(loss, str):
        return loss
    key = normalise(loss)
    if key == "mse":
        return mse
    if key in ("cross_entropy", "softmax_cross_entropy"):
        return cross_entropy
    raise ValueError(f"unknown loss {loss!r}; use 'mse' or 'cross_entropy'")


# == optimisers ============================================================================


class Optimizer:
    """Base class: :meth:`step` updates parameter arrays in place from their gradients.

    State (momentum, moments) is kept per position in the parameter list, so always pass
    the same list in the same order (``network.parameters()`` does).
    """

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget accumulated state."""


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional (heavy-ball) momentum.

    .. math:: v \leftarrow \mu v + g, \qquad \theta \leftarrow \theta - \eta v

    (PyTorch's form; :math:`\mu = 0` is plain :math:`\theta \leftarrow \theta - \eta g`.)
    """

    def __init__(self, lr: float = 0.01, momentum: float = 0.0) -> None:
        if not lr > 0 or not 0 <= momentum < 1:
            raise ValueError("need lr > 0 and 0 <= momentum < 1")
        self.lr, self.momentum = lr, momentum
        self._velocity: list[Array] | None = None

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> None:
        _check_pairs(params, grads)
        if self.momentum == 0.0:
            for p, g in zip(params, grads, strict=True):
                p -= self.lr * g
            return
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self._velocity, strict=True):
            v *= self.momentum
            v += g
            p -= self.lr * v

    def reset(self) -> None:
        self._velocity = None


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015), with their default hyper-parameters.

    Defaults :math:`\eta = 10^{-3}`, :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`,
    :math:`\epsilon = 10^{-8}`; with :math:`t` counting steps,

    .. math::

       m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad
       v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
       \theta \leftarrow \theta
           - \eta\, \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon}.
    """

    def __init__(
        self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        if not lr > 0 or not 0 <= beta1 < 1 or not 0 <= beta2 < 1 or not eps > 0:
            raise ValueError("need lr > 0, 0 <= beta1, beta2 < 1 and eps > 0")
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        self._m: list[Array] | None = None
        self._v: list[Array] | None = None

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> None:
        _check_pairs(params, grads)
        if self._m is None or self._v is None:
            self._m = [np.zeros_like(p) for p in params]
            self._v = [np.zeros_like(p) for p in params]
        self.t += 1
        correct1 = 1.0 - self.beta1**self.t
        correct2 = 1.0 - self.beta2**self.t
        for p, g, m, v in zip(params, grads, self._m, self._v, strict=True):
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * (g * g)
            p -= self.lr * (m / correct1) / (np.sqrt(v / correct2) + self.eps)

    def reset(self) -> None:
        self.t, self._m, self._v = 0, None, None


def _check_pairs(params: Sequence[Array], grads: Sequence[Array]) -> None:
    if len(params) != len(grads):
        raise ValueError(f"{len(params)} parameters but {len(grads)} gradients")
    for p, g in zip(params, grads, strict=True):
        if p.shape != g.shape:
            raise ValueError(f"parameter of shape {p.shape} has a gradient of shape {g.shape}")


# == training ==============================================================================


@dataclass
class History:
    """What :func:`train` recorded, one entry per completed epoch.

    ``loss``: mean training loss over the epoch's mini-batches (weighted by batch size).
    ``dead_fraction``: dead hidden units on the tracking data after the epoch (if tracked).
    ``gradient_norms``: per-layer weight-gradient norm, averaged over the epoch's steps
    (if tracked). ``diverged``: training stopped on a non-finite loss; that epoch's
    entries are NaN.
    """

    loss: list[float] = field(default_factory=list)
    dead_fraction: list[float] = field(default_factory=list)
    gradient_norms: list[Array] = field(default_factory=list)
    diverged: bool = False
    steps: int = 0


def train(
    network: Network,
    x: ArrayLike,
    y: ArrayLike,
    loss: str | Loss,
    optimizer: Optimizer,
    epochs: int,
    batch_size: int | None = None,
    rng: np.random.Generator | int | None = None,
    *,
    track_dead: bool = False,
    dead_data: ArrayLike | None = None,
    track_gradients: bool = False,
    callback: Callable[[int, int, Network], None] | None = None,
) -> History:
    r"""Mini-batch training: for each batch, forward, loss gradient, backward, optimiser step.

    Minimises the mean loss :math:`\frac1{|B|}\sum_{n \in B} \ell(\hat y_n, y_n)` over
    batches ``B`` of ``batch_size`` samples (``None``: the full batch). With ``rng`` the
    samples are reshuffled every epoch; without it they keep their order, so the run is
    deterministic either way. ``track_dead`` records :meth:`Network.dead_fraction` on
    ``dead_data`` (default ``x``) after every epoch. ``callback(epoch, step, network)``
    runs after every optimiser step, with the batch's gradients still stored in the layers.
    After each step learned activation parameters are clipped into their allowed intervals
    (:meth:`Network.constrain`). Training stops early, with ``History.diverged`` set, if
    the loss overflows.
    """
    inputs = np.asarray(x)
    targets = np.asarray(y)
    if inputs.shape[0] != targets.shape[0]:
        raise ValueError(f"x has {inputs.shape[0]} samples but y has {targets.shape[0]}")
    criterion = get_loss(loss)
    generator = None if rng is None else np.random.default_rng(rng)
    n = inputs.shape[0]
    size = n if batch_size is None else int(batch_size)
    if size < 1:
        raise ValueError("batch_size must be at least 1")
    history = History()
    params = network.parameters()
    for epoch in range(epochs):
        order = generator.permutation(n) if generator is not None else np.arange(n)
        total, norms = 0.0, np.zeros(len(network.layers))
        steps = 0
        for step, start in enumerate(range(0, n, size)):
            batch = order[start : start + size]
            # A diverging run overflows before the loss can be checked; the check below
            # turns that into History.diverged instead of a stream of warnings.
            with np.errstate(over="ignore", invalid="ignore"):
                prediction = network.forward(inputs[batch])
                value = criterion.value(prediction, targets[batch])
                if not math.isfinite(value):
                    history.diverged = True
                    break
                network.backward(criterion.gradient(prediction, targets[batch]))
                optimizer.step(params, network.gradients())
                network.constrain()
            total += value * len(batch)
            steps += 1
            history.steps += 1
            if track_gradients:
                norms += network.gradient_norms()
            if callback is not None:
                callback(epoch, step, network)
        if history.diverged:
            # NaN entries keep every tracked list as long as ``loss``, for plotting.
            history.loss.append(math.nan)
            if track_gradients:
                history.gradient_norms.append(np.full(len(network.layers), math.nan))
            if track_dead:
                history.dead_fraction.append(math.nan)
            break
        history.loss.append(total / n)
        if track_gradients:
            history.gradient_norms.append(norms / max(steps, 1))
        if track_dead:
            history.dead_fraction.append(
                network.dead_fraction(inputs if dead_data is None else dead_data)
            )
    return history


# == gradient check ========================================================================


@dataclass(frozen=True)
class GradientCheck:
    r"""Relative errors of back-propagation against central differences, per array.

    For analytic :math:`a` and numeric :math:`n`:
    :math:`\lVert a - n\rVert / (\lVert a\rVert + \lVert n\rVert)` (0 when both vanish).
    Keys ``"W0"``, ``"b0"``, ``"W1"``, ..., ``"input"`` and, for each learned activation
    parameter, ``"act_<name><layer>"`` (``"act_slope0"``).
    """

    errors: dict[str, float]

    @property
    def max_error(self) -> float:
        return max(self.errors.values())


def gradient_check(
    network: Network,
    x: ArrayLike,
    y: ArrayLike,
    loss: str | Loss,
    eps: float = 1e-6,
) -> GradientCheck:
    r"""Compare :meth:`Network.backward` with central finite differences.

    The numeric derivative is :math:`\frac{L(\theta + \epsilon) - L(\theta - \epsilon)}{2\epsilon}`.

    Every parameter entry (learned activation parameters included) and every input
    entry is perturbed, so keep the network small.
    Use float64: in float32 the rounding error of the difference quotient
    (about :math:`10^{-7} L/\epsilon`) swamps the comparison. The truncation error is
    :math:`O(\epsilon^2)`, but a kink (ReLU at 0) within :math:`\epsilon` of a
    pre-activation breaks the comparison for that entry.
    """
    criterion = get_loss(loss)
    inputs = np.array(x, dtype=network.layers[0].dtype)
    targets = np.asarray(y)

    def objective() -> float:
        return criterion.value(network.forward(inputs), targets)

    prediction = network.forward(inputs)
    grad_input = network.backward(criterion.gradient(prediction, targets))
    analytic: dict[str, Array] = {}
    arrays: dict[str, Array] = {}
    for i, layer in enumerate(network.layers):
        analytic[f"W{i}"], arrays[f"W{i}"] = layer.grad_W.copy(), layer.W
        analytic[f"b{i}"], arrays[f"b{i}"] = layer.grad_b.copy(), layer.b
        for name, values in layer.learned.items():
            analytic[f"act_{name}{i}"] = layer.grad_learned[name].copy()
            arrays[f"act_{name}{i}"] = values
    analytic["input"] = grad_input.copy()
    arrays["input"] = inputs

    errors = {}
    for key, array in arrays.items():
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + eps
            up = objective()
            array[index] = saved - eps
            down = objective()
            array[index] = saved
            numeric[index] = (up - down) / (2.0 * eps)
        scale = np.linalg.norm(analytic[key]) + np.linalg.norm(numeric)
        errors[key] = 0.0 if scale == 0 else float(np.linalg.norm(analytic[key] - numeric) / scale)
    network.forward(inputs)  # leave the caches describing the unperturbed network
    return GradientCheck(errors)
