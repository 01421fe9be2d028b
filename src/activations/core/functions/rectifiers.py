r"""Rectifiers: ReLU and the piecewise-linear units built from it.

Every function here is linear on each side of its kinks, so each is computed exactly
(ReLU, ReLU6) or with one rounding of one product (the leaky variants). The only
numerical care needed is at the edges: ``0 * inf`` when a slope is zero, products
that overflow when a slope exceeds one, and NaN passing through every branch.

None of them uses ``np.where`` on the whole array: selecting between two arrays by a
condition that changes sign at random is several times slower than a comparison, a
``np.maximum`` or a multiplication, and the derivatives are built from those.

Each function below is the forward pass of one registered activation; its docstring
is what ``help(activations.<name>)`` shows.
"""

from __future__ import annotations

import numpy as np

from ..parameters import nonnegative, real
from ..registry import Array, Elementwise, Frameworks, register
from ..stable import nan_where_nan

# -- shared helpers -----------------------------------------------------------------------


def _leaky(x: Array, slope: float) -> Array:
    """``x`` for ``x >= 0``, ``slope * x`` below, exactly (one rounding of the product).

    For ``slope <= 1`` the wanted branch is always the larger of ``x`` and ``slope * x``
    (and for ``slope >= 1`` the smaller): the inequality holds for the exact product,
    and rounding, being monotonic, cannot cross ``x``, which is a float. So one
    ``np.maximum`` (or ``np.minimum``) selects it, and passes NaN through.

    At ``slope == 0`` the product ``0 * inf`` would be NaN (and an "invalid" warning)
    where the limit is 0, so that case is ReLU itself, as ``max(0, x)``: on a tie NumPy
    returns the second argument, so x = -0.0 comes back as itself. For ``|slope| > 1``
    the product can exceed the largest float; infinity is then the correctly rounded
    result, so only that overflow warning is silenced.
    """
    if slope == 0.0:
        return np.maximum(0.0, x)
    with np.errstate(over="ignore"):
        scaled = np.multiply(x, slope, out=np.empty_like(x))  # out=: an array even for 0-d x
    # x as the second argument: on a tie (x = -0.0) x itself, sign included, comes back.
    pick = np.maximum if slope <= 1.0 else np.minimum
    return pick(scaled, x, out=scaled)


def _leaky_derivative(x: Array, slope: float) -> Array:
    # PyTorch's leaky_relu_backward is ``x > 0 ? grad : grad * slope``: the slope at 0.
    # (x <= 0) * slope + (x > 0) is exact: one term is 0, the other 1 or the slope.
    positive = x > 0.0
    out = np.multiply(~positive, slope, out=np.empty_like(x))
    out += positive
    return nan_where_nan(x, out)


# -- relu ---------------------------------------------------------------------------------


def _relu(x: Array) -> Array:
    r"""Rectified linear unit: :math:`f(x) = \max(0, x)`.

    Exact in floating point: the result is either the input or zero.

    >>> import activations
    >>> activations.relu([-2.0, 0.0, 3.5])
    array([0. , 0. , 3.5])
    """
    return np.maximum(x, 0.0)  # np.maximum propagates NaN


def _relu_derivative(x: Array) -> Array:
    r""":math:`f'(x) = 1` for :math:`x > 0`, else 0; ``f'(0) = 0`` as in PyTorch
    (``threshold_backward``: ``x <= 0 ? 0 : grad``) and JAX (documented via its
    ``custom_jvp``). Bertoin et al. (2021) show this choice can matter in low precision.
    """
    return nan_where_nan(x, np.greater(x, 0.0, out=np.empty_like(x)))


relu = register(
    Elementwise(
        name="relu",
        title="Rectified linear unit (ReLU)",
        family="rectifiers",
        aliases=("rectifier", "ramp", "positive_part"),
        summary=(
            "ReLU passes positive inputs unchanged and sets negative ones to zero. It is the "
            "default hidden-layer activation of convolutional and fully connected networks "
            "because its gradient is exactly 1 wherever the unit is active, so it neither "
            "saturates nor shrinks gradients. Pick it first; move to a leaky or smooth "
            "variant only if many units stop firing for good ('dying ReLU')."
        ),
        forward=_relu,
        derivative_fn=_relu_derivative,
        expression=lambda sp, x: sp.Max(0, x),
        forms=lambda sp, N, x: (sp.Max(0, x), sp.Piecewise((1, x > 0), (0, True))),
        references=(
            "fukushima1969visual",
            "nair2010rectified",
            "glorot2011deep",
            "bertoin2021numerical",
        ),
        frameworks=Frameworks(
            pytorch="torch.nn.ReLU()",
            tensorflow="tf.nn.relu",
            keras="keras.activations.relu",
            jax="jax.nn.relu",
            mlx="mlx.nn.relu",
            transformers='"relu"',
            notes=(
                "All of them return 0 for the derivative at 0; JAX documents the choice.",
                "Keras's relu(x, negative_slope=0.0, max_value=None, threshold=0.0) also "
                "covers leaky ReLU and ReLU6 through its arguments.",
            ),
        ),
    )
)

# -- relu6 --------------------------------------------------------------------------------


def _relu6(x: Array) -> Array:
    r"""ReLU6: :math:`f(x) = \min(\max(0, x), 6)`, the rectifier clipped at 6.

    Exact in floating point, like ReLU.

    >>> import activations
    >>> activations.relu6([-1.0, 3.0, 8.0])
    array([0., 3., 6.])
    """
    return np.clip(x, 0.0, 6.0)


def _relu6_derivative(x: Array) -> Array:
    """1 strictly inside (0, 6), 0 elsewhere, including both kinks: PyTorch computes
    ReLU6 as ``hardtanh(x, 0, 6)``, whose backward is 0 at ``x <= 0`` and ``x >= 6``,
    and JAX documents the same values."""
    inside = np.logical_and(x > 0.0, x < 6.0, out=np.empty_like(x))  # 1.0 or 0.0
    return nan_where_nan(x, inside)


relu6 = register(
    Elementwise(
        name="relu6",
        title="ReLU6",
        family="rectifiers",
        aliases=("clipped_relu", "relu_6"),
        summary=(
            "ReLU6 is ReLU capped at 6, so its output lies in [0, 6]. The cap keeps "
            "activations in a range that low-precision fixed-point arithmetic represents "
            "well, which is why MobileNets use it; on ordinary float hardware plain ReLU "
            "is the simpler choice."
        ),
        forward=_relu6,
        derivative_fn=_relu6_derivative,
        expression=lambda sp, x: sp.Min(sp.Max(0, x), 6),
        forms=lambda sp, N, x: (
            sp.Min(sp.Max(0, x), 6),
            sp.Piecewise((1, (x > 0) & (x < 6)), (0, True)),  # 0 at both kinks
        ),
        references=("krizhevsky2010convolutional", "howard2017mobilenets"),
        frameworks=Frameworks(
            pytorch="torch.nn.ReLU6()",
            tensorflow="tf.nn.relu6",
            keras="keras.activations.relu6",
            jax="jax.nn.relu6",
            mlx="mlx.nn.relu6",
            transformers='"relu6"',
            notes=("The derivative is 0 at both kinks (x = 0 and x = 6) in all of them.",),
        ),
    )
)

# -- leaky relu ---------------------------------------------------------------------------


def _leaky_relu(x: Array, negative_slope: float) -> Array:
    r"""Leaky ReLU: :math:`f(x) = x` for :math:`x \ge 0` and :math:`a x` for
    :math:`x < 0`, with :math:`a` = ``negative_slope`` (0.01, PyTorch's default).

    One rounding (of :math:`a x`). A slope of 0 gives ReLU, including
    :math:`f(-\infty) = 0` where the product would be :math:`0 \cdot \infty`.

    >>> import activations
    >>> activations.leaky_relu([-100.0, 0.0, 2.0])
    array([-1.,  0.,  2.])
    >>> activations.leaky_relu([-1.0], negative_slope=0.2)
    array([-0.2])
    """
    return _leaky(x, negative_slope)


def _leaky_relu_derivative(x: Array, negative_slope: float) -> Array:
    """1 for ``x > 0``, the slope for ``x <= 0``: at 0 PyTorch's backward
    (``x > 0 ? 1 : slope``) gives the slope; JAX, whose forward is
    ``where(x >= 0, x, slope * x)``, gives 1 there."""
    return _leaky_derivative(x, negative_slope)


leaky_relu = register(
    Elementwise(
        name="leaky_relu",
        title="Leaky ReLU",
        family="rectifiers",
        aliases=("lrelu", "leakyrelu"),
        summary=(
            "Leaky ReLU keeps a small fixed slope (0.01 by default) for negative inputs, so "
            "a unit that is switched off still passes some gradient and cannot die. It is "
            "a drop-in replacement for ReLU, common in GAN discriminators (usually with "
            "slope 0.2); the default slope differs between frameworks, so state it."
        ),
        forward=_leaky_relu,
        derivative_fn=_leaky_relu_derivative,
        expression=lambda sp, x, negative_slope: sp.Piecewise(
            (negative_slope * x, x < 0), (x, True)
        ),
        forms=lambda sp, N, x, negative_slope: (
            sp.Piecewise((x, x >= 0), (negative_slope * x, True)),
            sp.Piecewise((1, x > 0), (negative_slope, True)),  # the slope at 0
        ),
        parameters=(
            real("negative_slope", 0.01, "slope for negative inputs", symbol="a"),
        ),
        references=("maas2013rectifier",),
        frameworks=Frameworks(
            pytorch="torch.nn.LeakyReLU(negative_slope=0.01)",
            tensorflow="tf.nn.leaky_relu (alpha=0.2)",
            keras="keras.activations.leaky_relu(negative_slope=0.2)",
            jax="jax.nn.leaky_relu(negative_slope=0.01)",
            mlx="mlx.nn.leaky_relu (negative_slope=0.01)",
            transformers='"leaky_relu" (torch.nn.LeakyReLU(): negative_slope=0.01)',
            notes=(
                "Default slope: 0.01 in PyTorch and JAX; 0.2 for the Keras function "
                "keras.activations.leaky_relu and for tf.nn.leaky_relu(alpha=0.2); 0.3 for "
                "the Keras layer keras.layers.LeakyReLU (Keras 2 called it alpha).",
                "At x = 0 the gradient is the slope in PyTorch and TensorFlow, as here; "
                "JAX's where(x >= 0, ...) and MLX's maximum(slope * x, x) give 1, and "
                "Keras follows its backend.",
            ),
        ),
    )
)

# -- prelu --------------------------------------------------------------------------------


def _prelu(x: Array, slope: float) -> Array:
    r"""Parametric ReLU: :math:`f(x) = x` for :math:`x \ge 0` and :math:`a x` for
    :math:`x < 0`, where the slope :math:`a` is learned (here: a given number,
    default 0.25, PyTorch's initial value).

    As a function of :math:`x` it is leaky ReLU; what differs is that training
    updates :math:`a`, using :math:`\partial f / \partial a = \min(0, x)`.

    >>> import activations
    >>> activations.prelu([-4.0, 0.0, 2.0])
    array([-1.,  0.,  2.])
    """
    return _leaky(x, slope)


def _prelu_derivative(x: Array, slope: float) -> Array:
    """1 for ``x > 0``, the slope for ``x <= 0`` (PyTorch's prelu backward,
    ``x > 0 ? grad : slope * grad``)."""
    return _leaky_derivative(x, slope)


prelu = register(
    Elementwise(
        name="prelu",
        title="Parametric ReLU (PReLU)",
        family="rectifiers",
        aliases=("parametric_relu",),
        summary=(
            "PReLU is a leaky ReLU whose negative slope is learned, one value per channel "
            "or one shared. He et al. introduced it with their initialisation scheme and "
            "reported a small gain over ReLU on ImageNet at negligible cost. Use it when a "
            "fixed leaky slope seems arbitrary and the extra parameters are welcome."
        ),
        forward=_prelu,
        derivative_fn=_prelu_derivative,
        expression=lambda sp, x, slope: sp.Piecewise((slope * x, x < 0), (x, True)),
        forms=lambda sp, N, x, slope: (
            sp.Piecewise((x, x >= 0), (slope * x, True)),
            sp.Piecewise((1, x > 0), (slope, True)),  # the slope at 0
        ),
        parameters=(
            real("slope", 0.25, "the (learned) slope for negative inputs", symbol="a"),
        ),
        references=("he2015delving",),
        frameworks=Frameworks(
            pytorch="torch.nn.PReLU(num_parameters=1, init=0.25)",
            mlx="mlx.nn.prelu (x, alpha: no default; layer mlx.nn.PReLU(init=0.25))",
            transformers='"prelu" (torch.nn.PReLU(): one learnable slope, init=0.25)',
            notes=(
                "PyTorch learns one slope (num_parameters=1) or one per channel, starting "
                "at 0.25 as in He et al.; this library takes the slope as a fixed number.",
                "Keras has PReLU only as a layer, keras.layers.PReLU, whose slope starts "
                'at 0 (alpha_initializer="Zeros"): it begins training as a plain ReLU.',
                "JAX has no PReLU; Flax provides one as a layer.",
                "MLX computes max(0, x) + a min(0, x); its gradient at x = 0 is 1 + a, "
                "where PyTorch and this library give a.",
            ),
        ),
    )
)

# -- rrelu --------------------------------------------------------------------------------


def _check_rrelu_bounds(lower: float, upper: float) -> None:
    if not lower <= upper:
        raise ValueError(
            f"rrelu: parameter 'lower' must not exceed parameter 'upper', got {lower} and {upper}"
        )


def _rrelu(x: Array, lower: float, upper: float) -> Array:
    r"""Randomized leaky ReLU in evaluation mode: leaky ReLU with the fixed slope
    :math:`a = (l + u)/2`, where :math:`[l, u]` = [``lower``, ``upper``] is the range
    the slope is drawn from, uniformly and per element, during training.

    PyTorch's defaults :math:`l = 1/8`, :math:`u = 1/3` give :math:`a = 11/48 \approx
    0.229`. Training-mode noise is a property of a layer, not of a function, so only
    the deterministic test-time map is provided.

    >>> import activations
    >>> activations.rrelu([-48.0, 0.0, 2.0])
    array([-11.,   0.,   2.])
    """
    _check_rrelu_bounds(lower, upper)
    return _leaky(x, (lower + upper) / 2.0)


def _rrelu_derivative(x: Array, lower: float, upper: float) -> Array:
    """1 for ``x > 0``, the mean slope for ``x <= 0`` (PyTorch evaluates RReLU in
    evaluation mode as leaky ReLU, so its convention at 0 is the same)."""
    _check_rrelu_bounds(lower, upper)
    return _leaky_derivative(x, (lower + upper) / 2.0)


rrelu = register(
    Elementwise(
        name="rrelu",
        title="Randomized leaky ReLU (RReLU)",
        family="rectifiers",
        aliases=("randomized_relu", "randomized_leaky_relu"),
        summary=(
            "RReLU is a leaky ReLU whose negative slope is drawn at random for every "
            "element during training and fixed to the mean of its range at test time; the "
            "noise acts as a regulariser. Xu et al. found it reduced overfitting on small "
            "data sets; it is available only in PyTorch and rarely used today."
        ),
        forward=_rrelu,
        derivative_fn=_rrelu_derivative,
        expression=lambda sp, x, lower, upper: sp.Piecewise(
            ((lower + upper) / 2 * x, x < 0), (x, True)
        ),
        forms=lambda sp, N, x, lower, upper: (
            sp.Piecewise((x, x >= 0), ((lower + upper) / 2 * x, True)),
            sp.Piecewise((1, x > 0), ((lower + upper) / 2, True)),  # the mean slope at 0
        ),
        parameters=(
            nonnegative("lower", 0.125, "lowest training slope", symbol="l"),
            nonnegative(
                "upper", 1.0 / 3.0, "highest training slope", symbol="u", exact="1/3"
            ),
        ),
        references=("xu2015empirical",),
        frameworks=Frameworks(
            pytorch="torch.nn.RReLU(lower=1/8, upper=1/3) (in eval() mode)",
            notes=(
                "In training mode PyTorch draws each slope from U(lower, upper); in "
                "evaluation mode it uses (lower + upper)/2 = 11/48, which is what this "
                "library computes.",
                "Xu et al. write the negative branch as x/a with a ~ U(3, 8) and divide by "
                "(3 + 8)/2 = 5.5 at test time, a slope of 1/5.5 = 2/11 ~ 0.182. PyTorch's "
                "bounds are the reciprocals 1/8 and 1/3, but it averages the slopes, not "
                "the divisors: 11/48 ~ 0.229.",
                "Neither Keras nor JAX provides RReLU.",
            ),
        ),
    )
)

# -- squared relu -------------------------------------------------------------------------


def _relu_squared(x: Array) -> Array:
    r"""Squared ReLU (Primer): :math:`f(x) = \max(0, x)^2`.

    One rounding, of the square. Beyond :math:`\sqrt{\text{max}} \approx 1.34 \cdot
    10^{154}` the true square exceeds the largest float, so infinity is the correctly
    rounded result (and the overflow warning is silenced).

    >>> import activations
    >>> activations.relu_squared([-2.0, 0.5, 3.0])
    array([0.  , 0.25, 9.  ])
    """
    positive_part = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):
        return positive_part * positive_part


def _relu_squared_derivative(x: Array) -> Array:
    r""":math:`f'(x) = 2\max(0, x)`: continuous, so no kink convention is needed."""
    positive_part = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):
        return positive_part * 2.0


relu_squared = register(
    Elementwise(
        name="relu_squared",
        title="Squared ReLU",
        family="rectifiers",
        aliases=("relu2", "squared_relu", "relu_sq"),
        summary=(
            "Squared ReLU is ReLU followed by squaring: zero for negative inputs and x^2 "
            "for positive ones. The Primer architecture search found it, with a depthwise "
            "convolution, among the changes that most improved Transformer language "
            "models, and it is the "
            "\"relu2\" of Nemotron model configs. Unlike ReLU it is differentiable at 0, "
            "but it grows without a linear bound."
        ),
        forward=_relu_squared,
        derivative_fn=_relu_squared_derivative,
        expression=lambda sp, x: sp.Max(0, x) ** 2,
        forms=lambda sp, N, x: (N.relu(x) ** 2, 2 * N.relu(x)),
        references=("so2021primer",),
        frameworks=Frameworks(
            mlx="mlx.nn.relu2",
            transformers='"relu2"',
            notes=(
                "PyTorch, TensorFlow, Keras and JAX ship no squared ReLU: write "
                "relu(x) ** 2. NVIDIA TransformerEngine calls it srelu and timm SquaredReLU.",
            ),
        ),
    )
)

# -- threshold ----------------------------------------------------------------------------


def _threshold(x: Array, threshold: float, value: float) -> Array:
    r"""Threshold: :math:`f(x) = x` for :math:`x > \theta`, else the constant :math:`v`.

    PyTorch's ``nn.Threshold(threshold, value)`` and Keras's ``threshold(x, threshold,
    default_value)`` have no defaults. The library's, :math:`\theta = 1` and
    :math:`v = 0`, are the thresholded ReLU of Konda et al. (2015), which Keras 2
    shipped as ``ThresholdedReLU(theta=1.0)``. With :math:`v \ne \theta` the function
    jumps at :math:`\theta`. Exact: the result is the input or :math:`v`.

    >>> import activations
    >>> activations.threshold([0.5, 1.0, 1.5])
    array([0. , 0. , 1.5])
    >>> activations.threshold([-1.0, 2.0], threshold=0.0, value=-0.5)
    array([-0.5,  2. ])
    """
    out = np.where(x > threshold, x, value)
    return nan_where_nan(x, out)


def _threshold_derivative(x: Array, threshold: float, value: float) -> Array:
    """1 above the threshold, 0 at and below it (PyTorch's ``threshold_backward``:
    ``x <= threshold ? 0 : grad``); at a jump the derivative does not exist, and this is
    the value autograd gives."""
    return nan_where_nan(x, np.greater(x, threshold, out=np.empty_like(x)))


threshold = register(
    Elementwise(
        name="threshold",
        title="Threshold (thresholded ReLU)",
        family="rectifiers",
        aliases=("thresholded_relu",),
        summary=(
            "Threshold passes an input through when it exceeds a threshold theta and "
            "replaces it by a constant v otherwise. PyTorch and Keras ship it with no "
            "defaults; with theta = 1 and v = 0 (the library's defaults) it is the "
            "thresholded ReLU of zero-bias autoencoders. It is not the binary step: "
            "above the threshold it returns x, not 1."
        ),
        forward=_threshold,
        derivative_fn=_threshold_derivative,
        expression=lambda sp, x, threshold, value: sp.Piecewise(
            (x, x > threshold), (value, True)
        ),
        forms=lambda sp, N, x, threshold, value: (
            sp.Piecewise((x, x > threshold), (value, True)),
            sp.Piecewise((1, x > threshold), (0, True)),
        ),
        parameters=(
            real("threshold", 1.0, "inputs above it pass through", symbol="theta"),
            real("value", 0.0, "what replaces the inputs at or below the threshold",
                 symbol="v"),
        ),
        references=("konda2015zero",),
        frameworks=Frameworks(
            pytorch="torch.nn.Threshold(threshold, value) (no defaults)",
            keras="keras.activations.threshold(x, threshold, default_value) (no defaults)",
            notes=(
                "Both frameworks require the threshold and the value: neither has a "
                "default. Keras 2 had ThresholdedReLU(theta=1.0), this library's default.",
            ),
        ),
    )
)

# -- star relu ----------------------------------------------------------------------------


def _star_relu(x: Array, scale: float, bias: float) -> Array:
    r"""StarReLU (MetaFormer): :math:`f(x) = s\,\max(0, x)^2 + b`, with the paper's
    :math:`s = 0.8944` and :math:`b = -0.4472` (rounded :math:`2/\sqrt5` and
    :math:`-1/\sqrt5`, which give ``relu(x)**2`` zero mean and unit variance for a
    standard normal input).

    Computed as :math:`(s r) r + b`: near the root :math:`r = \sqrt{-b/s}` the sum
    cancels, and the error stays within the condition number. A zero scale gives the
    constant :math:`b`, also at :math:`x = \infty` (no :math:`0 \cdot \infty`).

    >>> import activations
    >>> activations.star_relu([-1.0, 0.0, 1.0])
    array([-0.4472, -0.4472,  0.4472])
    """
    positive_part = np.maximum(x, 0.0)
    if scale == 0.0:
        return nan_where_nan(x, np.full_like(x, bias))
    with np.errstate(over="ignore", invalid="ignore"):
        out = scale * positive_part
        out *= positive_part
        out += bias  # inf + b is inf; -inf + b is -inf (scale < 0)
    return out


def _star_relu_derivative(x: Array, scale: float, bias: float) -> Array:
    r""":math:`f'(x) = 2 s \max(0, x)`, continuous."""
    positive_part = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):
        positive_part *= 2.0 * scale
    return positive_part


star_relu = register(
    Elementwise(
        name="star_relu",
        title="StarReLU",
        family="rectifiers",
        aliases=("starrelu",),
        summary=(
            "StarReLU is a squared ReLU with a scale and a bias, s relu(x)^2 + b, chosen "
            "so that a standard normal input gives an output of zero mean and unit "
            "variance. The MetaFormer baselines use it in place of GELU and report the "
            "same accuracy for fewer operations; s and b are usually learned."
        ),
        forward=_star_relu,
        derivative_fn=_star_relu_derivative,
        expression=lambda sp, x, scale, bias: scale * sp.Max(0, x) ** 2 + bias,
        forms=lambda sp, N, x, scale, bias: (
            scale * N.relu(x) ** 2 + bias,
            2 * scale * N.relu(x),
        ),
        parameters=(
            real("scale", 0.8944, "the factor s (2/sqrt(5), rounded as in the paper)",
                 symbol="s"),
            real("bias", -0.4472, "the offset b (-1/sqrt(5), rounded)", symbol="b"),
        ),
        references=("yu2022metaformer",),
        frameworks=Frameworks(
            notes=(
                "No framework ships it. The MetaFormer code (and timm's copy) defines "
                "StarReLU(scale_value=1.0, bias_value=0.0) with both learnable: it starts "
                "from s = 1, b = 0, not from the paper's 0.8944 and -0.4472.",
            ),
        ),
    )
)

__all__ = [
    "leaky_relu", "prelu", "relu", "relu6", "relu_squared", "rrelu", "star_relu", "threshold",
]
