r"""Output-layer functions: softmax and its relatives, which turn a vector of scores
into a probability vector (or its logarithm) along one axis.

Every function here acts on whole rows: ``activations.softmax(x, axis=-1)`` normalises
along ``axis`` and its Jacobian has shape ``(..., n, n)``. Rows holding non-finite
entries follow one rule everywhere, the limit of the finite case:

* a NaN anywhere in a row makes the whole row NaN (every output depends on every input);
* entries equal to ``+inf`` share the mass equally, the others get none (the limit as
  those entries grow together, along the diagonal);
* a row of only ``-inf`` is uniform (the limit of ``t * (1, ..., 1)`` as ``t -> -inf``);
* otherwise a ``-inf`` entry gets zero mass (``-inf`` from :func:`log_softmax`).

Each function below is the forward pass of one registered activation; its docstring
is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..parameters import Param, positive
from ..registry import Array, Frameworks, Vector, register
from ..stable import product_error, sum_error

Mask = NDArray[np.bool_]

# -- shared helpers -----------------------------------------------------------------------

#: An entry whose halved, temperature-scaled gap to the row maximum exceeds this has
#: ``exp(-800) == 0`` in float64: it carries no mass, and clipping it keeps every later
#: product and quotient finite.
_FAR = 400.0

#: The temperatures between which splitting ``q * T`` (Dekker's product) can neither
#: overflow nor underflow.
_SPLIT_LOW, _SPLIT_HIGH = 2.0**-900, 2.0**900


def _size(who: str, n: int) -> int:
    if n < 1:
        raise ValueError(f"{who}: needs at least one entry along the axis, got length {n}")
    return n


def _sum2(values: Array) -> tuple[Array, Array]:
    """Sum along the last axis as an unevaluated pair ``hi + lo``, nearly twice as precise.

    A pairwise tree of TwoSum steps: each level adds neighbours and carries every
    rounding error in ``lo``, so the error is ``O(n eps^2)`` relative for positive terms
    at ``O(log n)`` NumPy calls.
    """
    hi: Array = values
    lo: Array | None = None  # no error yet: saves a pass over the full-width array
    while hi.shape[-1] > 1:
        if hi.shape[-1] % 2:
            pad = [(0, 0)] * (hi.ndim - 1) + [(0, 1)]
            hi = np.pad(hi, pad)
            lo = None if lo is None else np.pad(lo, pad)
        a, b = hi[..., 0::2], hi[..., 1::2]
        hi = a + b
        error = sum_error(a, b, hi)
        lo = error if lo is None else lo[..., 0::2] + lo[..., 1::2] + error
    return hi, np.zeros_like(hi) if lo is None else lo


@dataclass(frozen=True)
class _Rows:
    """Which rows take a limiting value and what that value is (see the module docstring)."""

    nan: Mask  # (..., 1): a NaN somewhere in the row
    limiting: Mask  # (..., 1): a +inf somewhere, or only -inf, and no NaN
    share: Mask  # (..., n): the entries sharing the mass in a limiting row
    count: Array  # (..., 1): how many share it
    dead: Mask  # (..., n): -inf entries, which get no mass in an ordinary row
    first: Mask  # (..., n): the first maximum of the row

    def finish(self, ordinary: Array, limit: Array) -> Array:
        return np.where(self.nan, np.nan, np.where(self.limiting, limit, ordinary))


def _rows(x: Array) -> _Rows:
    nan = np.isnan(x).any(axis=-1, keepdims=True)
    top = x == np.inf
    has_top = top.any(axis=-1, keepdims=True)
    dead = x == -np.inf
    share = np.where(has_top, top, True)
    position = np.argmax(np.where(np.isnan(x), -np.inf, x), axis=-1)
    first = np.arange(x.shape[-1]) == position[..., None]
    return _Rows(
        nan=nan,
        limiting=(has_top | dead.all(axis=-1, keepdims=True)) & ~nan,
        share=share,
        count=share.sum(axis=-1, keepdims=True).astype(np.float64),
        dead=dead,
        first=first,
    )


def _half_gaps(x: Array) -> tuple[Array, Array]:
    """``(x_i - max x) / 2`` as an exact pair ``hi + lo``, finite for every finite row.

    Halving first means the subtraction cannot overflow (``-1e308 - 1e308`` would);
    halving is exact except for subnormals, where the lost bit is far below anything
    that shows in ``exp``. Non-finite entries read as the maximum (gap 0): callers
    mask them.
    """
    finite = np.isfinite(x)
    top = np.max(np.where(finite, x, -np.inf), axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    a = 0.5 * np.where(finite, x, top)
    b = -0.5 * top
    hi = a + b
    return hi, sum_error(a, b, hi)


def _scaled(hi: Array, lo: Array, temperature: float) -> tuple[Array, Array]:
    """``2 (hi + lo) / T`` as a pair, for ``|hi| <= 400 T`` (so nothing overflows).

    The quotient ``q = hi / T`` rounds; its exact remainder ``hi - q T`` comes from
    Dekker's product and goes into the low part, so ``x_i - max`` stays exact to about
    ``2^-106`` for every temperature between ``2^-900`` and ``2^900`` (outside that
    range only ``q`` is kept: one rounding, relative error ``|z| eps``).
    """
    if temperature == 1.0:
        return 2.0 * hi, 2.0 * lo
    q = hi / temperature
    if _SPLIT_LOW < temperature < _SPLIT_HIGH:
        p = q * temperature
        lo = ((hi - p) - product_error(q, temperature)) + lo
    return 2.0 * q, 2.0 * (lo / temperature)


@dataclass(frozen=True)
class _Exponentials:
    rows: _Rows
    gap_hi: Array  # (x_i - max)/2, rounded
    far: Mask  # entries whose exp underflows to zero (or -inf entries)
    z_hi: Array  # (x_i - max)/T = z_hi + z_lo for entries not far
    z_lo: Array
    e: Array  # exp((x_i - max)/T), 0 for far entries, exactly 1 at the first maximum
    rest_hi: Array  # sum of e over all but the first maximum, as a pair
    rest_lo: Array


def _exponentials(x: Array, temperature: float) -> _Exponentials:
    """The shared work of softmax and log-softmax on the ordinary rows."""
    rows = _rows(x)
    hi, lo = _half_gaps(x)
    far = rows.dead | (hi < -_FAR * temperature)
    z_hi, z_lo = _scaled(np.where(far, 0.0, hi), np.where(far, 0.0, lo), temperature)
    big = np.exp(z_hi)
    # exp(z_hi + z_lo) = exp(z_hi) (1 + z_lo) to within z_lo^2: the low part restores
    # the digits x_i - max lost when it rounded (they matter once |x_i - max| >> 1).
    e = np.where(far, 0.0, big + big * z_lo)
    rest_hi, rest_lo = _sum2(np.where(rows.first, 0.0, e))
    return _Exponentials(rows, hi, far, z_hi, z_lo, e, rest_hi[..., :1], rest_lo[..., :1])


def _divide_by_temperature(values: Array, temperature: float) -> Array:
    if temperature == 1.0:
        return values
    # Only for T below about 1e-308 can a Jacobian entry exceed the largest float;
    # infinity is then the correctly rounded value, so the warning alone is silenced.
    with np.errstate(over="ignore"):
        return values / temperature


# -- softmax ------------------------------------------------------------------------------


def _softmax(x: Array, temperature: float) -> Array:
    r"""Softmax (normalised exponential): :math:`s_i = \dfrac{e^{x_i/T}}{\sum_j e^{x_j/T}}`.

    Computed as :math:`e^{d_i} / (1 + \sum_{j \ne k} e^{d_j})` with
    :math:`d_i = (x_i - x_k)/T` and :math:`x_k` the (first) maximum, so no exponential
    overflows and the denominator is at least 1. Three refinements keep every entry
    within a few ulp, even the tiny ones:

    * :math:`x_i - x_k` is carried as an exact pair :math:`d^{hi} + d^{lo}` (TwoSum, and
      Dekker's product for the division by :math:`T`), and :math:`e^{d_i}` is taken as
      :math:`e^{d^{hi}}(1 + d^{lo})`. Rounding :math:`x_i - x_k` alone would cost
      :math:`|d_i|` ulp, hundreds for the smallest representable probabilities.
    * The denominator is summed with a compensated pairwise sum.
    * Rows with infinities take the limit described in the module docstring.

    >>> import activations
    >>> activations.softmax([1.0, 2.0])
    array([0.26894142, 0.73105858])
    >>> activations.softmax([10.0, 20.0])
    array([4.53978687e-05, 9.99954602e-01])
    >>> activations.softmax([1.0, 2.0], temperature=0.1)
    array([4.53978687e-05, 9.99954602e-01])
    >>> activations.softmax([1.0, float("inf"), float("inf")])
    array([0. , 0.5, 0.5])
    """
    _size("softmax", x.shape[-1])
    parts = _exponentials(x, temperature)
    s = 1.0 + parts.rest_hi
    total = s + (sum_error(1.0, parts.rest_hi, s) + parts.rest_lo)
    rows = parts.rows
    return rows.finish(parts.e / total, rows.share / rows.count)


def _softmax_jacobian(x: Array, temperature: float) -> Array:
    r""":math:`\partial s_i/\partial x_j = s_i(\delta_{ij} - s_j)/T`.

    In a limiting row (infinities) the same formula at the limiting :math:`s` is the
    limit of the Jacobian along the diagonal; a NaN row gives a NaN matrix.
    """
    s = _softmax(x, temperature)
    eye = np.eye(x.shape[-1])
    return _divide_by_temperature(s[..., :, None] * (eye - s[..., None, :]), temperature)


def _temperature() -> Param:
    return positive(
        "temperature",
        1.0,
        "divides the scores before normalising: T -> 0 tends to the one-hot argmax, "
        "T -> infinity to the uniform vector",
        symbol="T",
    )


def _softmax_entry(sp: Any, x: Any, m: Any, n: Any, temperature: Any) -> Any:
    """Entry ``m`` of softmax in index notation: ``e^(x_m/T) / sum_k e^(x_k/T)``."""
    k = sp.Symbol("k", integer=True)
    return sp.exp(x[m] / temperature) / sp.Sum(sp.exp(x[k] / temperature), (k, 1, n))


def _softmax_name(sp: Any, N: Any, x: Any, n: Any, temperature: Any) -> Any:
    """Softmax's output entry as a name, so the Jacobians read as books write them."""
    return N.entry(
        r"\operatorname{softmax}(\mathbf{x})",
        lambda m: _softmax_entry(sp, x, m, n, temperature),
    )


def _softmax_forms(sp: Any, N: Any, x: Any, i: Any, j: Any, n: Any, temperature: Any) -> Any:
    """``s_i`` and ``d s_i / d x_j = s_i (delta_ij - s_j) / T``."""
    s = _softmax_name(sp, N, x, n, temperature)
    jacobian = s(i) * (sp.KroneckerDelta(i, j) - s(j)) / temperature
    return _softmax_entry(sp, x, i, n, temperature), jacobian


def _log_softmax_forms(sp: Any, N: Any, x: Any, i: Any, j: Any, n: Any, temperature: Any) -> Any:
    """``x_i/T - log sum_k e^(x_k/T)`` and ``(delta_ij - s_j) / T``, ``s`` the softmax."""
    k = sp.Symbol("k", integer=True)
    log_total = sp.log(sp.Sum(sp.exp(x[k] / temperature), (k, 1, n)))
    s = _softmax_name(sp, N, x, n, temperature)
    return x[i] / temperature - log_total, (sp.KroneckerDelta(i, j) - s(j)) / temperature


def _softmin_forms(sp: Any, N: Any, x: Any, i: Any, j: Any, n: Any, temperature: Any) -> Any:
    """Softmax of ``-x`` (softmax's entry at temperature ``-T``): ``s_i`` and
    ``-s_i (delta_ij - s_j) / T``."""

    def entry(m: Any) -> Any:
        return _softmax_entry(sp, x, m, n, -temperature)

    s = N.entry(r"\operatorname{softmin}(\mathbf{x})", entry)
    return entry(i), -s(i) * (sp.KroneckerDelta(i, j) - s(j)) / temperature


softmax = register(
    Vector(
        name="softmax",
        title="Softmax",
        family="output",
        aliases=("normalized_exponential", "normalised_exponential", "softargmax"),
        summary=(
            "Softmax exponentiates a vector of scores and normalises the result, giving a "
            "probability vector with every entry strictly positive. It is the output layer "
            "of multi-class classifiers and the weighting inside attention. Pick it whenever "
            "outputs must be mutually exclusive class probabilities; divide the scores by a "
            "temperature to sharpen or soften them."
        ),
        forward=_softmax,
        jacobian_fn=_softmax_jacobian,
        expression=lambda sp, xs, temperature: _softmax_expression(sp, xs, temperature),
        forms=_softmax_forms,
        parameters=(_temperature(),),
        references=("bridle1990probabilistic", "hinton2015distilling"),
        frameworks=Frameworks(
            pytorch="torch.nn.Softmax(dim=...)",
            tensorflow="tf.nn.softmax (axis=-1)",
            keras="keras.activations.softmax (axis=-1)",
            jax="jax.nn.softmax (axis=-1)",
            mlx="mlx.nn.softmax (axis=-1)",
            notes=(
                "PyTorch has no default axis: pass dim (leaving it out falls back to a "
                "deprecated implicit choice). The others default to the last axis.",
                "No framework takes a temperature: divide the logits by T first.",
            ),
        ),
    )
)


def _softmax_expression(sp: Any, xs: Any, temperature: Any) -> list[Any]:
    terms = [sp.exp(x / temperature) for x in xs]
    total = sp.Add(*terms)
    return [t / total for t in terms]


# -- log-softmax --------------------------------------------------------------------------


def _log_softmax(x: Array, temperature: float) -> Array:
    r"""Log-softmax: :math:`\log s_i = x_i/T - \log \sum_j e^{x_j/T}`.

    Written as :math:`d_i - \operatorname{log1p}\bigl(\sum_{j \ne k} e^{d_j}\bigr)` with
    :math:`d_i = (x_i - x_k)/T \le 0` and :math:`x_k` the first maximum. Both terms are
    non-positive, so the subtraction never cancels, and ``log1p`` keeps full precision
    when the other entries are negligible (where ``log(1 + tiny)`` would return 0).
    The textbook ``x_i - logsumexp(x)`` cancels for the largest entry. Entries that get
    zero mass in the limit (``-inf`` inputs, or finite entries beside a ``+inf``) give
    ``-inf`` without a warning.

    >>> import activations
    >>> activations.log_softmax([1.0, 2.0])
    array([-1.31326169, -0.31326169])
    >>> activations.log_softmax([0.0, -1000.0])
    array([    0., -1000.])
    """
    _size("log_softmax", x.shape[-1])
    parts = _exponentials(x, temperature)
    rows = parts.rows
    log_total = np.log1p(parts.rest_hi) + parts.rest_lo / (1.0 + parts.rest_hi)
    near = (parts.z_hi - log_total) + parts.z_lo
    # Far entries have exp(d_i) == 0 but a finite log: d_i itself, which may lie below
    # -1.8e308, where -inf is the correctly rounded result (only the warning is silenced).
    with np.errstate(over="ignore"):
        d_far = 2.0 * (np.where(parts.far, parts.gap_hi, 0.0) / temperature)
    ordinary = np.where(rows.dead, -np.inf, np.where(parts.far, d_far - log_total, near))
    limit = np.where(rows.share, 0.0 - np.log(rows.count), -np.inf)
    return rows.finish(ordinary, limit)


def _log_softmax_jacobian(x: Array, temperature: float) -> Array:
    r""":math:`\partial \log s_i/\partial x_j = (\delta_{ij} - s_j)/T`."""
    s = _softmax(x, temperature)
    eye = np.eye(x.shape[-1])
    return _divide_by_temperature(eye - s[..., None, :], temperature)


log_softmax = register(
    Vector(
        name="log_softmax",
        title="Log-softmax",
        family="output",
        aliases=("logsoftmax",),
        summary=(
            "Log-softmax returns the logarithm of the softmax probabilities, computed "
            "directly rather than as log(softmax(x)), which would underflow to -inf for "
            "unlikely classes. It feeds the negative log-likelihood (cross-entropy) loss of "
            "classifiers and language models. Pick it whenever the next step takes a log."
        ),
        forward=_log_softmax,
        jacobian_fn=_log_softmax_jacobian,
        expression=lambda sp, xs, temperature: _log_softmax_expression(sp, xs, temperature),
        forms=_log_softmax_forms,
        parameters=(_temperature(),),
        references=("bridle1990probabilistic", "goodfellow2016deep"),
        frameworks=Frameworks(
            pytorch="torch.nn.LogSoftmax(dim=...)",
            tensorflow="tf.nn.log_softmax (axis=-1)",
            keras="keras.activations.log_softmax (axis=-1)",
            jax="jax.nn.log_softmax (axis=-1)",
            mlx="mlx.nn.log_softmax (axis=-1)",
            notes=(
                "PyTorch's nn.CrossEntropyLoss applies log-softmax itself: feed it raw "
                "logits, not probabilities.",
            ),
        ),
    )
)


def _log_softmax_expression(sp: Any, xs: Any, temperature: Any) -> list[Any]:
    log_total = sp.log(sp.Add(*[sp.exp(x / temperature) for x in xs]))
    return [x / temperature - log_total for x in xs]


# -- softmin ------------------------------------------------------------------------------


def _softmin(x: Array, temperature: float) -> Array:
    r"""Softmin: :math:`\operatorname{softmin}(x) = \operatorname{softmax}(-x)`, so
    :math:`s_i = e^{-x_i/T} / \sum_j e^{-x_j/T}`; the smallest score gets the most mass.

    Negation is exact, so it inherits softmax's accuracy and its limits (with the roles
    of ``+inf`` and ``-inf`` swapped).

    >>> import activations
    >>> activations.softmin([1.0, 2.0])
    array([0.73105858, 0.26894142])
    """
    _size("softmin", x.shape[-1])
    return _softmax(-x, temperature)


def _softmin_jacobian(x: Array, temperature: float) -> Array:
    r""":math:`\partial s_i/\partial x_j = -s_i(\delta_{ij} - s_j)/T`, with :math:`s` the
    softmin output (the chain rule through :math:`-x`)."""
    return -_softmax_jacobian(-x, temperature)


softmin = register(
    Vector(
        name="softmin",
        title="Softmin",
        family="output",
        summary=(
            "Softmin is softmax applied to the negated scores, so the smallest entry gets "
            "the largest probability. It suits scores that are costs or distances, as in "
            "soft nearest-neighbour assignments; elsewhere negate and use softmax."
        ),
        forward=_softmin,
        jacobian_fn=_softmin_jacobian,
        expression=lambda sp, xs, temperature: _softmax_expression(
            sp, [-x for x in xs], temperature
        ),
        forms=_softmin_forms,
        parameters=(_temperature(),),
        references=("bridle1990probabilistic",),
        frameworks=Frameworks(
            pytorch="torch.nn.Softmin(dim=...)",
            mlx="mlx.nn.softmin (axis=-1)",
            notes=(
                "Only PyTorch and MLX ship it; elsewhere write softmax(-x). Neither takes "
                "a temperature.",
            ),
        ),
    )
)

# -- sparsemax ----------------------------------------------------------------------------


def _sparse_rows(x: Array, clip: float) -> tuple[_Rows, Array]:
    """Rows and the gaps ``x_i - max`` clipped below at ``clip``: clipped entries (and
    ``-inf`` ones) lie beyond the reach of the threshold and get exactly zero mass."""
    rows = _rows(x)
    hi, _ = _half_gaps(x)
    far = rows.dead | (hi < clip / 2)
    gaps = np.where(far, clip, 2.0 * np.where(far, 0.0, hi))
    return rows, gaps


def _sparsemax_parts(x: Array) -> tuple[Array, Mask]:
    """``(p, support)`` for every row, limits and NaN included."""
    _size("sparsemax", x.shape[-1])
    # Entries more than 1 below the maximum can never be in the support (tau >= max - 1).
    rows, z = _sparse_rows(x, -2.0)
    ordered = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1)
    size = np.sum(1.0 + k * ordered > np.cumsum(ordered, axis=-1), axis=-1, keepdims=True)
    kth = np.take_along_axis(ordered, size - 1, axis=-1)
    support = z >= kth  # ties with the k-th largest are in or out together
    total_hi, total_lo = _sum2(np.where(support, z, 0.0))
    # All z <= 0, so (sum - 1) adds numbers of one sign: no cancellation in tau.
    tau = ((total_hi[..., :1] - 1.0) + total_lo[..., :1]) / support.sum(axis=-1, keepdims=True)
    p = np.where(support, np.maximum(z - tau, 0.0), 0.0)
    p = rows.finish(p, rows.share / rows.count)
    support = np.where(rows.limiting, rows.share, support)
    return p, support


def _sparsemax(x: Array) -> Array:
    r"""Sparsemax (Martins & Astudillo, 2016): the Euclidean projection of :math:`x` onto
    the probability simplex, :math:`p_i = [x_i - \tau]_+` with :math:`\tau` the unique
    threshold for which :math:`\sum_i p_i = 1`.

    :math:`\tau` comes from the sort-based algorithm: with :math:`z` sorted decreasingly,
    the support size is the largest :math:`k` with :math:`1 + k z_{(k)} > \sum_{j\le k}
    z_{(j)}`, and :math:`\tau = (\sum_{j\le k} z_{(j)} - 1)/k`. The scores are shifted
    by their maximum first (so sums cannot overflow) and the support sum is
    compensated. Entries outside the support are exactly 0, and the support itself is
    decided by comparisons, not by rounding :math:`x_i - \tau` to zero. In the SymPy
    expression :math:`\tau` is a symbol, defined implicitly by :math:`\sum_i p_i = 1`.

    >>> import activations
    >>> activations.sparsemax([0.0, 0.5, 3.0])
    array([0., 0., 1.])
    >>> activations.sparsemax([1.0, 1.5, 1.8])
    array([0.  , 0.35, 0.65])
    """
    return _sparsemax_parts(x)[0]


def _sparsemax_jacobian(x: Array) -> Array:
    r""":math:`J = \operatorname{diag}(s) - s s^\top / |S|`, with :math:`s` the indicator
    of the support :math:`S` (it does not depend on the values of :math:`p`)."""
    p, support = _sparsemax_parts(x)
    s = support.astype(np.float64)
    eye = np.eye(x.shape[-1])
    size = s.sum(axis=-1)[..., None, None]
    jac = s[..., :, None] * eye - s[..., :, None] * s[..., None, :] / size
    return np.where(np.isnan(p)[..., :, None], np.nan, jac)


def _threshold_expression(sp: Any, xs: Any, power: int, scale: Any) -> list[Any]:
    tau = sp.Symbol("tau", real=True)
    return [sp.Max(scale * x - tau, 0) ** power for x in xs]


def _sparsemax_forms(sp: Any, N: Any, x: Any, i: Any, j: Any, n: Any) -> Any:
    """``p_i = [x_i - tau]_+`` and the Jacobian ``delta_ij s_i - s_i s_j / |S|`` of
    Martins & Astudillo, with ``s_i = H(x_i - tau)`` the indicator of the support ``S``
    and ``|S| = sum_k s_k``."""
    tau = sp.Symbol("tau", real=True)
    k = sp.Symbol("k", integer=True)

    def s(m: Any) -> Any:
        return N.step(x[m] - tau)

    size = sp.Sum(s(k), (k, 1, n))
    return N.relu(x[i] - tau), sp.KroneckerDelta(i, j) * s(i) - s(i) * s(j) / size


sparsemax = register(
    Vector(
        name="sparsemax",
        title="Sparsemax",
        family="output",
        summary=(
            "Sparsemax projects a score vector onto the probability simplex, so small "
            "scores get exactly zero probability instead of merely small ones. It is used "
            "for sparse attention and multi-label outputs where a short list of active "
            "classes is wanted. Pick it over softmax when you want interpretable, sparse "
            "weights; its gradient is piecewise constant."
        ),
        forward=_sparsemax,
        jacobian_fn=_sparsemax_jacobian,
        expression=lambda sp, xs: _threshold_expression(sp, xs, 1, 1),
        forms=_sparsemax_forms,
        implicit=("tau",),
        references=("martins2016sparsemax",),
        frameworks=Frameworks(
            keras="keras.activations.sparsemax (axis=-1; recent Keras 3 only)",
            notes=(
                "Not in torch.nn or jax.nn; for PyTorch the third-party entmax package "
                "provides it.",
                "Keras 3.15.1 (every backend) takes tau = (sum of the first k cumulative "
                "sums - 1) / k instead of (k-th cumulative sum - 1) / k: right only when "
                "one entry is nonzero. Otherwise its output does not sum to 1 (equal "
                "logits give all zeros).",
            ),
        ),
    )
)

# -- 1.5-entmax ---------------------------------------------------------------------------


def _entmax15_parts(x: Array) -> tuple[Array, Array]:
    """``(p, sqrt(p))`` for every row, limits and NaN included."""
    _size("entmax15", x.shape[-1])
    # Entries more than 2 below the maximum can never be in the support
    # (p_max <= 1 forces tau >= max/2 - 1).
    rows, gaps = _sparse_rows(x, -4.0)
    z = 0.5 * gaps
    n = z.shape[-1]
    ordered = -np.sort(-z, axis=-1)
    k = np.arange(1, n + 1)
    mean = np.cumsum(ordered, axis=-1) / k
    mean_sq = np.cumsum(ordered * ordered, axis=-1) / k
    delta = (1.0 - k * (mean_sq - mean * mean)) / k
    tau_k = mean - np.sqrt(np.maximum(delta, 0.0))
    size = np.sum(tau_k <= ordered, axis=-1, keepdims=True)
    kth = np.take_along_axis(ordered, size - 1, axis=-1)
    support = z >= kth
    count = support.sum(axis=-1, keepdims=True)
    # tau once more on the final support, from a two-pass (centred) variance, which
    # does not cancel the way mean_sq - mean^2 does; then one Newton step on
    # sum (z_i - tau)^2 = 1 removes what error is left.
    mu = np.sum(np.where(support, z, 0.0), axis=-1, keepdims=True) / count
    centred = np.where(support, z - mu, 0.0)
    var = np.sum(centred * centred, axis=-1, keepdims=True) / count
    tau = mu - np.sqrt(np.maximum(1.0 / count - var, 0.0))
    g = np.where(support, np.maximum(z - tau, 0.0), 0.0)
    g_total = np.sum(g, axis=-1, keepdims=True)
    tau = tau + (np.sum(g * g, axis=-1, keepdims=True) - 1.0) / (2.0 * g_total)
    g = np.where(support, np.maximum(z - tau, 0.0), 0.0)
    g = rows.finish(g, rows.share / np.sqrt(rows.count))
    p = rows.finish(g * g, rows.share / rows.count)
    return p, g


def _entmax15(x: Array) -> Array:
    r"""1.5-entmax (Peters, Niculae & Martins, 2019): :math:`p_i = [x_i/2 - \tau]_+^2`
    with :math:`\tau` the unique threshold for which :math:`\sum_i p_i = 1`.

    Between softmax (:math:`\alpha = 1`) and sparsemax (:math:`\alpha = 2`): sparse like
    sparsemax, but smooth where the support does not change. :math:`\tau` comes from the
    exact sort-based algorithm: for each candidate support size :math:`k` (largest
    scores first) solve the quadratic :math:`\sum_{j \le k}(z_{(j)} - \tau)^2 = 1` for
    its smaller root, and keep the largest :math:`k` whose root lies below
    :math:`z_{(k)}`. The threshold is then recomputed on that support with a centred
    variance and polished by one Newton step. In the SymPy expression :math:`\tau` is a
    symbol, defined implicitly by :math:`\sum_i p_i = 1`.

    >>> import activations
    >>> activations.entmax15([0.0, 0.0])
    array([0.5, 0.5])
    >>> activations.entmax15([0.0, 1.0, 3.0])
    array([0., 0., 1.])
    """
    return _entmax15_parts(x)[0]


def _entmax15_jacobian(x: Array) -> Array:
    r""":math:`J = \operatorname{diag}(g) - g g^\top / \sum_j g_j` with
    :math:`g_i = \sqrt{p_i} = [x_i/2 - \tau]_+` (implicit differentiation of
    :math:`\sum_i p_i = 1`)."""
    _, g = _entmax15_parts(x)
    eye = np.eye(x.shape[-1])
    total = np.sum(g, axis=-1)[..., None, None]
    return g[..., :, None] * eye - g[..., :, None] * g[..., None, :] / total


def _entmax15_forms(sp: Any, N: Any, x: Any, i: Any, j: Any, n: Any) -> Any:
    """``p_i = [x_i/2 - tau]_+^2`` and the Jacobian of Peters et al. (2019),
    ``delta_ij g_i - g_i g_j / sum_k g_k`` with ``g_i = sqrt(p_i) = [x_i/2 - tau]_+``."""
    tau = sp.Symbol("tau", real=True)
    k = sp.Symbol("k", integer=True)

    def g(m: Any) -> Any:
        return N.relu(x[m] / 2 - tau)

    total = sp.Sum(g(k), (k, 1, n))
    # UnevaluatedExpr: the notation's functions do not print as the base of a power.
    p_i = sp.UnevaluatedExpr(g(i)) ** 2
    return p_i, sp.KroneckerDelta(i, j) * g(i) - g(i) * g(j) / total


entmax15 = register(
    Vector(
        name="entmax15",
        title="1.5-entmax",
        family="output",
        aliases=("entmax_15", "1.5_entmax"),
        summary=(
            "1.5-entmax maps scores to a probability vector that, like sparsemax, can "
            "contain exact zeros, but whose non-zero part varies smoothly, like softmax. "
            "It was introduced for sparse attention and sparse output layers in "
            "sequence-to-sequence models. Pick it when you want sparsity with a gentler "
            "gradient than sparsemax's."
        ),
        forward=_entmax15,
        jacobian_fn=_entmax15_jacobian,
        expression=lambda sp, xs: _threshold_expression(sp, xs, 2, sp.Rational(1, 2)),
        forms=_entmax15_forms,
        implicit=("tau",),
        references=("peters2019entmax", "martins2016sparsemax"),
        frameworks=Frameworks(
            notes=(
                "Not in torch.nn, Keras or jax.nn; for PyTorch the third-party entmax "
                "package provides it.",
                "alpha-entmax interpolates: alpha = 1 is softmax, alpha = 2 is sparsemax.",
            ),
        ),
    )
)

# -- argmax -------------------------------------------------------------------------------


def _argmax(x: Array) -> Array:
    r"""Argmax (hardmax): the one-hot vector :math:`e_k` of the first maximum
    :math:`k = \min \arg\max_i x_i`; the limit of softmax as :math:`T \to 0` (when the
    maximum is unique).

    Ties go to the first maximum, as ``numpy.argmax`` and ``torch.argmax`` break them
    (the softmax limit would split the mass instead). A NaN row gives a NaN row.

    >>> import activations
    >>> activations.argmax([0.5, 2.0, 2.0, -1.0])
    array([0., 1., 0., 0.])
    """
    _size("argmax", x.shape[-1])
    rows = _rows(x)
    return np.where(rows.nan, np.nan, rows.first.astype(np.float64))


def _argmax_jacobian(x: Array) -> Array:
    """Zero wherever the maximum is unique (and, by convention, at ties); NaN rows give
    a NaN matrix."""
    _size("argmax", x.shape[-1])
    nan = np.isnan(x).any(axis=-1)[..., None, None]
    shape = (*x.shape, x.shape[-1])
    return np.where(nan, np.nan, np.zeros(shape))


def _argmax_expression(sp: Any, xs: Any) -> list[Any]:
    out = []
    for i, x in enumerate(xs):
        # "First maximum": strictly above every earlier entry, at least every later one.
        wins = [x > y for y in xs[:i]] + [x >= y for y in xs[i + 1 :]]
        out.append(sp.Piecewise((1, sp.And(*wins)), (0, True)))
    return out


argmax = register(
    Vector(
        name="argmax",
        title="Argmax (hardmax)",
        family="output",
        aliases=("hardmax", "one_hot_argmax"),
        summary=(
            "Argmax outputs the one-hot vector of the largest score. It is what a "
            "classifier reports at prediction time and the zero-temperature limit of "
            "softmax; its gradient is zero almost everywhere, so it cannot be trained "
            "through directly (straight-through or Gumbel-softmax estimators stand in)."
        ),
        forward=_argmax,
        jacobian_fn=_argmax_jacobian,
        expression=_argmax_expression,
        # One-hot at the first maximum k; zero derivative (also, by convention, at ties).
        forms=lambda sp, N, x, i, j, n: (
            sp.KroneckerDelta(i, sp.Symbol("k", integer=True)),
            sp.Integer(0),
        ),
        frameworks=Frameworks(
            notes=(
                "Frameworks return indices (torch.argmax, keras.ops.argmax, jnp.argmax); "
                "one-hot them with torch.nn.functional.one_hot, keras.ops.one_hot or "
                "jax.nn.one_hot.",
            ),
        ),
    )
)

__all__ = ["argmax", "entmax15", "log_softmax", "softmax", "softmin", "sparsemax"]
