"""The small NumPy network in ``activations.nn``: gradients, initialisers, gains, training.

Activations that other modules have not registered yet are skipped, not failed, so
this file runs at every stage of the book.
"""

from __future__ import annotations

import math
import subprocess
import sys

import mpmath
import numpy as np
import pytest

import activations
from activations import nn


def _require(name: str) -> None:
    try:
        activations.get(name)
    except activations.UnknownActivationError:
        pytest.skip(f"{name!r} is not registered yet")


@pytest.fixture
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.normal(size=(6, 3)), rng.normal(size=(6, 2)), rng.integers(0, 2, size=6)


# -- back-propagation against finite differences --------------------------------------------

GRADIENT_ACTIVATIONS = [
    "identity", "sigmoid", "tanh", "softsign", "relu", "leaky_relu", "elu", "gelu", "selu",
    "silu", "sine",
]


@pytest.mark.parametrize("name", GRADIENT_ACTIVATIONS)
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_gradient_check(name: str, loss: str, data: tuple[np.ndarray, ...]) -> None:
    _require(name)
    x, y, labels = data
    target = y if loss == "mse" else labels
    net = nn.MLP([3, 5, 4, 2], name, rng=1, bias_init=0.1)
    check = nn.gradient_check(net, x, target, loss)
    assert set(check.errors) == {"W0", "b0", "W1", "b1", "W2", "b2", "input"}
    assert check.max_error < 1e-6, check.errors


@pytest.mark.parametrize("name", ["tanh", "relu", "sine"])
def test_gradient_check_residual_and_omega0(name: str, data: tuple[np.ndarray, ...]) -> None:
    """The skip connection and the SIREN pre-activation scale are differentiated too."""
    _require(name)
    x, y, _ = data
    net = nn.MLP([3, 4, 4, 4, 2], name, rng=2, residual=True, omega0=2.5, bias_init=nn.torch_bias)
    assert [layer.residual for layer in net.layers] == [False, True, True, False]
    assert nn.gradient_check(net, x, y, "mse").max_error < 1e-6


def test_gradient_check_detects_a_wrong_derivative(data: tuple[np.ndarray, ...]) -> None:
    """The checker itself can fail: a deliberately wrong f'(0) on exact zeros is caught."""
    _require("relu")
    _, y, _ = data
    x = np.zeros((6, 3))  # with zero bias every first-layer pre-activation is exactly 0
    net = nn.MLP([3, 4, 2], "relu", rng=0, derivative_at_zero=1.0)
    assert nn.gradient_check(net, x, y, "mse").max_error > 1e-2


# -- learnable activation parameters ---------------------------------------------------------

LEARNABLE = [
    ("prelu", ("slope",), {}),
    ("swish", ("beta",), {}),
    ("snake", ("alpha",), {}),
    ("xielu", ("alpha_p", "alpha_n"), {"eps": 0.0}),
    ("star_relu", ("scale", "bias"), {}),
]


def _spread(net: nn.Network) -> None:
    """Give every unit its own parameter values, so per-unit bookkeeping is exercised."""
    for layer in net.layers:
        for values in layer.learned.values():
            values *= 1.0 + 0.1 * np.arange(values.size)


@pytest.mark.parametrize(("name", "learn", "fixed"), LEARNABLE)
def test_gradient_check_covers_learned_parameters(
    name: str, learn: tuple[str, ...], fixed: dict[str, float], data: tuple[np.ndarray, ...]
) -> None:
    """d f / d theta, from SymPy, agrees with central differences in every hidden layer."""
    _require(name)
    x, y, _ = data
    net = nn.MLP([3, 5, 4, 2], name, rng=1, bias_init=0.1, learn=learn, activation_params=fixed)
    _spread(net)
    check = nn.gradient_check(net, x, y, "mse")
    learned_keys = {f"act_{p}{i}" for p in learn for i in (0, 1)}
    assert set(check.errors) == {"W0", "b0", "W1", "b1", "W2", "b2", "input"} | learned_keys
    assert all(np.any(layer.grad_learned[p] != 0) for layer in net.layers[:-1] for p in learn)
    assert check.max_error < 1e-6, check.errors


def test_gradient_check_catches_a_wrong_parameter_derivative(
    data: tuple[np.ndarray, ...],
) -> None:
    """The check looks at the learned parameters: a doubled d f / d slope is caught."""
    _require("prelu")
    x, y, _ = data
    net = nn.MLP([3, 5, 2], "prelu", rng=1, learn="slope")
    layer = net.layers[0]
    right = layer._dtheta["slope"]
    layer._dtheta["slope"] = lambda z, values: 2.0 * right(z, values)
    check = nn.gradient_check(net, x, y, "mse")
    assert check.errors["act_slope0"] > 0.1
    assert check.errors["W0"] < 1e-6


def test_parameter_derivative_is_sympy_exact() -> None:
    _require("swish")
    import sympy

    derivative = nn.parameter_derivative("swish", "beta")
    symbols = {s.name: s for s in derivative.free_symbols}
    x, beta = symbols["x"], symbols["beta"]
    assert beta.is_nonnegative and not beta.is_positive  # beta = 0 is allowed: x/2
    expected = sympy.diff(x / (1 + sympy.exp(-beta * x)), beta)
    assert sympy.simplify(derivative - expected) == 0
    # A real parameter gets no sign: hardtanh's min_val is -1 by default.
    if "hardtanh" in activations.names():
        bounds = {s.name: s for s in nn.parameter_derivative("hardtanh", "min_val").free_symbols}
        assert bounds["a"].is_real and bounds["a"].is_positive is None


def test_learned_parameters_start_at_default_or_given_value() -> None:
    _require("prelu")
    _require("swish")
    default = nn.Dense(2, 3, "prelu", rng=0, learn=("slope",))
    assert default.learned["slope"].tolist() == [0.25] * 3
    given = nn.MLP([2, 4, 1], "swish", rng=0, learn="beta", activation_params={"beta": 1.5})
    hidden, out = given.layers
    assert hidden.learned["beta"].tolist() == [1.5] * 4
    assert "beta" not in hidden.activation_params  # the learned value lives in .learned
    assert out.learned == {} and out.activation_name == "identity"
    assert "learns beta" in repr(hidden)
    # parameters() and gradients() list the learned arrays after each layer's bias
    params = given.parameters()
    assert len(params) == 5 and params[2] is hidden.learned["beta"]
    given.backward(nn.mse.gradient(given(np.ones((3, 2))), np.zeros((3, 1))))
    assert [g.shape for g in given.gradients()] == [p.shape for p in params]


def test_training_moves_learned_parameters() -> None:
    """On y = |x| a PReLU unit with slope -1 is exact: the slopes leave 0.25 and the
    loss falls; a fixed-slope network's parameters() holds no slope to move."""
    _require("prelu")
    x = np.linspace(-2.0, 2.0, 64)[:, None]
    y = np.abs(x)
    net = nn.MLP([1, 4, 1], "prelu", rng=0, learn="slope")
    start = net.layers[0].learned["slope"].copy()
    history = nn.train(net, x, y, "mse", nn.Adam(0.02), epochs=300)
    moved = net.layers[0].learned["slope"] - start
    assert np.abs(moved).max() > 0.2
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert len(nn.MLP([1, 4, 1], "prelu", rng=0).parameters()) == len(net.parameters()) - 1


def test_constraints_hold_after_every_step() -> None:
    """Snake's alpha > 0 and Swish's beta >= 0 survive steps that cross them (the first
    SGD step at this rate takes a unit's alpha to -3.8 and a beta to -1.1)."""
    _require("snake")
    _require("swish")
    x = np.linspace(-1.0, 1.0, 16)[:, None]
    for name, param, low in (("snake", "alpha", nn.POSITIVE_FLOOR), ("swish", "beta", 0.0)):
        net = nn.MLP([1, 3, 1], name, rng=0, learn=param)
        seen: list[float] = []
        nn.train(net, x, 5 * x, "mse", nn.SGD(50.0), epochs=5,
                 callback=lambda *_, n=net, p=param, s=seen: s.append(n.layers[0].learned[p].min()))
        assert min(seen) == low  # the first step crosses the bound; every step is clipped
        layer = net.layers[0]
        layer.learned[param][0] = -3.0
        layer.constrain()
        assert layer.learned[param][0] == low


def test_bad_learnable_names_are_rejected_clearly() -> None:
    _require("prelu")
    _require("relu")
    with pytest.raises(ValueError, match=r"prelu has no parameter 'negative_slope'.*slope$"):
        nn.MLP([2, 3, 1], "prelu", rng=0, learn=("negative_slope",))
    with pytest.raises(ValueError, match="relu has no parameter 'slope' to learn; it has none"):
        nn.Dense(2, 3, "relu", rng=0, learn="slope")
    with pytest.raises(ValueError, match="linear layer"):
        nn.Dense(2, 3, None, rng=0, learn="slope")
    with pytest.raises(ValueError, match="twice"):
        nn.Dense(2, 3, "prelu", rng=0, learn=("slope", "slope"))
    with pytest.raises(ValueError, match="negative_slope"):
        nn.parameter_derivative("prelu", "negative_slope")


def test_learned_parameters_in_float32() -> None:
    _require("swish")
    x, y = _sine_data()
    net = nn.MLP([1, 8, 1], "swish", rng=0, learn="beta", dtype=np.float32)
    nn.train(net, x, y, "mse", nn.Adam(0.01), epochs=3)
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert net.layers[0].grad_learned["beta"].dtype == np.float32


# -- initialisers -------------------------------------------------------------------------

FAN_IN, FAN_OUT = 400, 300

VARIANCES = [
    (nn.glorot_uniform, {}, 2 / (FAN_IN + FAN_OUT)),
    (nn.glorot_uniform, {"gain": 0.5}, 0.25 * 2 / (FAN_IN + FAN_OUT)),
    (nn.glorot_normal, {}, 2 / (FAN_IN + FAN_OUT)),
    (nn.he_uniform, {}, 2 / FAN_IN),
    (nn.he_normal, {}, 2 / FAN_IN),
    (nn.he_normal, {"gain": 5 / 3}, (5 / 3) ** 2 / FAN_IN),
    (nn.lecun_normal, {}, 1 / FAN_IN),
    (nn.lecun_uniform, {}, 1 / FAN_IN),
    (nn.siren_uniform, {"first": True}, (1 / FAN_IN) ** 2 / 3),
    (nn.siren_uniform, {"omega0": 30.0}, 2 / (FAN_IN * 30.0**2)),
]


@pytest.mark.parametrize(
    ("init", "options", "variance"), VARIANCES, ids=[f"{f.__name__}{o}" for f, o, _ in VARIANCES]
)
def test_initialiser_variance(init: nn.Initializer, options: dict, variance: float) -> None:
    W = init(np.random.default_rng(0), FAN_IN, FAN_OUT, **options)
    assert W.shape == (FAN_IN, FAN_OUT)
    # 120 000 draws: the sample variance is within 0.5 % (one sigma) of the truth.
    assert W.var() == pytest.approx(variance, rel=0.03)
    assert abs(W.mean()) < 0.02 * math.sqrt(variance)


def test_uniform_initialisers_fill_their_interval() -> None:
    W = nn.he_uniform(np.random.default_rng(0), FAN_IN, FAN_OUT)
    bound = math.sqrt(2) * math.sqrt(3 / FAN_IN)
    assert np.abs(W).max() <= bound
    assert np.abs(W).max() > 0.999 * bound
    first = nn.siren_uniform(np.random.default_rng(0), FAN_IN, FAN_OUT, first=True)
    assert np.abs(first).max() <= 1 / FAN_IN


@pytest.mark.parametrize("shape", [(50, 20), (20, 50)])
def test_orthogonal_has_all_singular_values_equal_to_gain(shape: tuple[int, int]) -> None:
    W = nn.orthogonal(np.random.default_rng(0), *shape, gain=2.0)
    assert np.allclose(np.linalg.svd(W, compute_uv=False), 2.0)


def test_initialiser_names_and_aliases() -> None:
    assert nn.initializer("Kaiming-Normal") is nn.he_normal
    assert nn.xavier_uniform is nn.glorot_uniform
    assert nn.initializer(nn.lecun_normal) is nn.lecun_normal
    with pytest.raises(ValueError, match="unknown initialiser"):
        nn.initializer("glorot_gaussian")


# -- gains --------------------------------------------------------------------------------

#: E[tanh(z)^2]^(-1/2) for z ~ N(0, 1), from mpmath at 30 digits (see the test below).
TANH_GAIN = 1.5925374197228314


def test_conventional_gains_match_pytorch() -> None:
    assert nn.gain("linear") == nn.gain("identity") == 1.0
    assert nn.gain("sigmoid") == nn.gain("logistic") == 1.0
    assert nn.gain("tanh") == 5 / 3
    assert nn.gain("relu") == math.sqrt(2)
    assert nn.gain("leaky_relu", 0.2) == math.sqrt(2 / (1 + 0.2**2))
    assert nn.gain("selu") == 0.75
    with pytest.raises(ValueError, match="computed_gain"):
        nn.gain("softsign")
    kinds = {name: c.kind for name, c in nn.GAIN_CONVENTIONS.items()}
    assert kinds["tanh"] == kinds["selu"] == kinds["sigmoid"] == "convention"
    assert kinds["relu"] == "derived"


def test_computed_gain_tanh_differs_from_the_convention() -> None:
    exact = 1 / mpmath.sqrt(
        mpmath.quad(lambda z: mpmath.tanh(z) ** 2 * mpmath.npdf(z), [-mpmath.inf, 0, mpmath.inf])
    )
    assert float(exact) == pytest.approx(TANH_GAIN, abs=1e-15)
    computed = nn.computed_gain("tanh")
    assert computed == pytest.approx(TANH_GAIN, abs=1e-9)
    assert nn.gain("tanh") == pytest.approx(1.6667, abs=1e-4)
    assert abs(computed - nn.gain("tanh")) > 0.07


def test_computed_gain_identity_sigmoid_and_callables() -> None:
    assert nn.computed_gain("identity") == pytest.approx(1.0, abs=1e-12)
    assert nn.computed_gain(lambda z: 3.0 * z) == pytest.approx(1 / 3, abs=1e-12)
    assert nn.computed_gain(np.tanh) == pytest.approx(TANH_GAIN, abs=1e-9)
    # E[sigmoid(z)^2]^(-1/2), checked with mpmath: far from PyTorch's 1.
    assert nn.computed_gain("sigmoid") == pytest.approx(1.8462285453386054, abs=1e-9)
    # sigmoid(z) - 1/2 is odd, so Var = E[s^2] - 1/4.
    variance = nn.computed_gain("sigmoid", moment="variance") ** -2
    assert variance == pytest.approx(1.8462285453386054**-2 - 0.25, abs=1e-10)


def test_computed_gain_relu_family() -> None:
    _require("relu")
    assert nn.computed_gain("relu") == pytest.approx(math.sqrt(2), abs=1e-9)
    _require("leaky_relu")
    assert nn.computed_gain("leaky_relu", negative_slope=0.2) == pytest.approx(
        nn.gain("leaky_relu", 0.2), abs=1e-9
    )


def test_computed_gain_selu_is_one_not_three_quarters() -> None:
    _require("selu")
    assert nn.computed_gain("selu") == pytest.approx(1.0, abs=1e-6)
    assert nn.gain("selu") == 0.75


# -- optimisers ---------------------------------------------------------------------------


def test_adam_converges_on_an_ill_conditioned_quadratic() -> None:
    scales = np.array([100.0, 1.0, 0.01])
    centre = np.array([1.0, -2.0, 3.0])
    theta = np.zeros(3)
    adam = nn.Adam(lr=0.05)
    for _ in range(3000):
        adam.step([theta], [scales * (theta - centre)])
    assert np.abs(theta - centre).max() < 1e-3


def test_adam_first_step_is_lr_times_sign() -> None:
    """Bias correction makes the first step lr * g / (|g| + eps): lr, whatever the scale of g."""
    theta = np.zeros(3)
    grad = np.array([1e-3, -5.0, 2e4])
    nn.Adam(lr=0.1).step([theta], [grad])
    assert np.allclose(theta, -0.1 * grad / (np.abs(grad) + 1e-8), rtol=1e-12, atol=0)
    assert np.allclose(np.abs(theta), 0.1, rtol=1e-4)


def test_sgd_momentum_by_hand() -> None:
    theta = np.array([1.0])
    sgd = nn.SGD(lr=0.1, momentum=0.9)
    sgd.step([theta], [np.array([2.0])])
    assert theta[0] == pytest.approx(1.0 - 0.1 * 2.0)
    sgd.step([theta], [np.array([1.0])])
    assert theta[0] == pytest.approx(0.8 - 0.1 * (0.9 * 2.0 + 1.0))
    sgd.reset()
    sgd.step([theta], [np.array([1.0])])
    assert theta[0] == pytest.approx(0.52 - 0.1)


# -- linear collapse ----------------------------------------------------------------------


def test_linear_stack_is_one_matrix() -> None:
    net = nn.MLP([5, 7, 3, 6, 4], "identity", rng=3, bias_init=nn.torch_bias)
    x = np.random.default_rng(4).normal(size=(10, 5))
    W, b = nn.linear_collapse(net)
    assert np.allclose(net(x), x @ W + b)
    # Independently of linear_collapse: the product of the weight matrices.
    product = net.layers[0].W @ net.layers[1].W @ net.layers[2].W @ net.layers[3].W
    assert np.allclose(W, product)
    # Depth adds nothing: the width-3 layer caps the rank of the whole map.
    assert np.linalg.matrix_rank(W) == 3


def test_residual_linear_stack_collapses_too() -> None:
    net = nn.MLP([4, 4, 4, 4, 2], "identity", rng=5, residual=True, omega0=0.7)
    x = np.random.default_rng(6).normal(size=(8, 4))
    W, b = nn.linear_collapse(net)
    assert np.allclose(net(x), x @ W + b)


def test_nonlinear_stack_does_not_collapse() -> None:
    with pytest.raises(ValueError, match="not linear"):
        nn.linear_collapse(nn.MLP([2, 3, 1], "tanh", rng=0))


# -- training -----------------------------------------------------------------------------


def _sine_data() -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(-np.pi, np.pi, 200)[:, None]
    return x, np.sin(x)


def test_tanh_network_fits_sine_but_a_linear_one_cannot() -> None:
    x, y = _sine_data()
    net = nn.MLP([1, 16, 1], "tanh", rng=0)
    history = nn.train(net, x, y, "mse", nn.Adam(0.01), epochs=1500)
    assert nn.mse(net(x), y) < 1e-3
    assert history.loss[-1] < 1e-3 < history.loss[0]

    linear = nn.MLP([1, 16, 1], None, rng=0)
    nn.train(linear, x, y, "mse", nn.Adam(0.01), epochs=1500)
    # The best any affine map can do is the least-squares line.
    design = np.c_[x, np.ones_like(x)]
    best = np.mean((design @ np.linalg.lstsq(design, y, rcond=None)[0] - y) ** 2)
    assert best > 0.19
    assert nn.mse(linear(x), y) == pytest.approx(best, rel=1e-3)


def test_siren_fits_a_high_frequency_signal() -> None:
    _require("sine")
    x = np.linspace(-1, 1, 128)[:, None]
    y = np.sin(6 * np.pi * x) + 0.5 * x
    net = nn.siren([1, 32, 32, 1], rng=0)
    first, hidden, out = net.layers
    assert (first.omega0, hidden.omega0, out.omega0) == (30.0, 30.0, 1.0)
    assert np.abs(first.W).max() <= 1.0
    assert np.abs(hidden.W).max() <= math.sqrt(6 / 32) / 30
    nn.train(net, x, y, "mse", nn.Adam(1e-3), epochs=300)
    assert nn.mse(net(x), y) < 1e-3


def test_training_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(64, 4)), rng.integers(0, 3, size=64)

    def run(seed: int) -> tuple[list[float], list[np.ndarray]]:
        net = nn.MLP([4, 8, 3], "tanh", rng=seed)
        history = nn.train(net, x, labels, "cross_entropy", nn.SGD(0.1, 0.9), 5, 16, rng=seed)
        return history.loss, net.parameters()

    loss_a, params_a = run(1)
    loss_b, params_b = run(1)
    assert loss_a == loss_b
    assert all(np.array_equal(a, b) for a, b in zip(params_a, params_b, strict=True))
    loss_c, _ = run(2)
    assert loss_c != loss_a


def test_history_tracking_and_callback() -> None:
    _require("relu")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 3))
    y = x.sum(axis=1)
    seen: list[tuple[int, int]] = []
    net = nn.MLP([3, 6, 6, 1], "relu", rng=0, init="he_normal")
    history = nn.train(
        net, x, y, "mse", nn.SGD(0.01), 3, 16, rng=0,
        track_dead=True, track_gradients=True,
        callback=lambda epoch, step, _: seen.append((epoch, step)),
    )
    assert seen == [(e, s) for e in range(3) for s in range(3)]
    assert history.steps == 9
    assert len(history.loss) == len(history.dead_fraction) == len(history.gradient_norms) == 3
    assert all(0.0 <= d <= 1.0 for d in history.dead_fraction)
    assert history.gradient_norms[0].shape == (3,)


def test_divergence_stops_training_without_warnings() -> None:
    x, y = _sine_data()
    net = nn.MLP([1, 8, 1], "identity", rng=0)
    history = nn.train(net, x, y, "mse", nn.SGD(1e6), epochs=50, track_dead=True)
    assert history.diverged
    assert len(history.loss) < 50
    assert math.isnan(history.loss[-1]) and math.isnan(history.dead_fraction[-1])


# -- dead units, ReLU'(0), statistics -------------------------------------------------------


def test_dead_units_and_zero_fraction() -> None:
    _require("relu")
    # Unit 0: bias -1, never fires. Unit 1: sums positive inputs. Unit 2: z = -sum <= 0.
    W = np.array([[0.0, 1.0, -1.0], [0.0, 1.0, -1.0]])
    hidden = nn.Dense.from_weights(W, [-1.0, 0.0, 0.0], "relu")
    net = nn.Network([hidden, nn.Dense.from_weights(np.ones((3, 1)), [0.0])])
    # The zero row puts unit 2 exactly at z = 0 once: still dead (the rule is z <= 0).
    x = np.vstack([np.zeros((1, 2)), np.random.default_rng(0).uniform(0.1, 1.0, size=(20, 2))])
    mask = net.dead_units(x)[0]
    assert mask.tolist() == [True, False, True]
    assert net.dead_fraction(x) == pytest.approx(2 / 3)
    assert net.dead_fraction(x, hidden_only=False) == pytest.approx(2 / 4)
    stats = net.activation_stats(x)[0]
    assert stats.zero_fraction == pytest.approx((21 + 1 + 21) / 63)
    assert stats.dead_fraction == pytest.approx(2 / 3)


def test_dead_network_never_revives() -> None:
    """With a large negative bias every ReLU is dead: no gradient reaches the weights."""
    _require("relu")
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(32, 4)), rng.normal(size=(32, 1))
    net = nn.MLP([4, 16, 1], "relu", rng=0, init="he_normal", bias_init=-10.0)
    before = net.layers[0].W.copy()
    history = nn.train(net, x, y, "mse", nn.SGD(0.1), 5, 8, rng=0, track_dead=True)
    assert history.dead_fraction == [1.0] * 5
    assert np.array_equal(net.layers[0].W, before)


@pytest.mark.parametrize("value", [None, 0.0, 0.5, 1.0])
def test_derivative_at_zero_is_used_on_exact_zeros(value: float | None) -> None:
    _require("relu")
    layer = nn.Dense(3, 2, "relu", rng=0, derivative_at_zero=value)
    layer.forward(np.zeros((4, 3)))
    layer.backward(np.ones((4, 2)))
    library = float(activations.get("relu").derivative(0.0))
    expected = library if value is None else value
    assert np.array_equal(layer.grad_b, np.full(2, 4 * expected))


def test_set_derivative_at_zero_reaches_every_layer() -> None:
    net = nn.MLP([2, 3, 3, 1], "tanh", rng=0)
    net.set_derivative_at_zero(1.0)
    assert all(layer.derivative_at_zero == 1.0 for layer in net.layers)


def test_selu_keeps_activations_normalised_through_100_layers() -> None:
    _require("selu")
    x = np.random.default_rng(0).normal(size=(200, 100))
    deep = nn.MLP([100] * 101, "selu", rng=0, init="lecun_normal")
    last_hidden = deep.activation_stats(x)[-2]
    assert abs(last_hidden.mean) < 0.1
    assert 0.85 < last_hidden.std < 1.15
    # tanh with Glorot initialisation shrinks instead.
    shrinking = nn.MLP([100] * 101, "tanh", rng=0, init="glorot_normal")
    assert shrinking.activation_stats(x)[-2].std < 0.2


def test_sigmoid_gradients_vanish_towards_the_input() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 20)), rng.normal(size=(64, 20))
    net = nn.MLP([20] * 11, "sigmoid", rng=0)
    net.backward(nn.mse.gradient(net(x), y))
    norms = net.gradient_norms()
    assert norms.shape == (10,)
    assert norms[0] < 1e-3 * norms[-1]
    for kind in ("bias", "preactivation", "input"):
        assert net.gradient_norms(kind).shape == (10,)  # type: ignore[arg-type]


# -- losses -------------------------------------------------------------------------------


def test_cross_entropy_is_stable_and_matches_its_definition() -> None:
    huge = np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 5000.0]])
    labels = np.array([1, 2])
    assert np.isfinite(nn.cross_entropy(huge, labels))
    assert nn.cross_entropy(huge, labels) == pytest.approx(1000.0 / 2)
    grad = nn.cross_entropy.gradient(huge, labels)
    assert np.all(np.isfinite(grad)) and np.allclose(grad.sum(axis=1), 0.0)

    logits = np.array([[0.3, -1.2, 2.0], [1.0, 1.0, 1.0]])
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    manual = -np.mean(np.log(probabilities[[0, 1], labels]))
    assert nn.cross_entropy(logits, labels) == pytest.approx(manual, rel=1e-14)
    one_hot = np.eye(3)[labels]
    assert nn.cross_entropy(logits, one_hot) == nn.cross_entropy(logits, labels)
    assert np.allclose(nn.log_softmax(logits), np.log(probabilities))


def test_mse_accepts_a_flat_target_for_one_output() -> None:
    prediction = np.array([[1.0], [2.0]])
    assert nn.mse(prediction, [0.0, 0.0]) == 2.5
    assert np.array_equal(nn.mse.gradient(prediction, [0.0, 0.0]), [[1.0], [2.0]])
    with pytest.raises(ValueError, match="does not match"):
        nn.mse(prediction, np.zeros((2, 2)))


# -- construction, dtypes, imports --------------------------------------------------------


def test_invalid_layers_are_rejected() -> None:
    with pytest.raises(ValueError, match="residual"):
        nn.Dense(3, 4, "tanh", rng=0, residual=True)
    with pytest.raises(TypeError, match="unknown parameter"):
        nn.Dense(3, 4, "tanh", rng=0, activation_params={"slope": 2.0})
    with pytest.raises(ValueError, match="cannot feed"):
        nn.Network([nn.Dense(3, 4, rng=0), nn.Dense(5, 1, rng=0)])
    vectors = activations.names(kind="vector")
    if vectors:
        with pytest.raises(TypeError, match="vector activation"):
            nn.Dense(3, 4, vectors[0], rng=0)


def test_float32_networks_stay_float32() -> None:
    x, y = _sine_data()
    net = nn.MLP([1, 8, 1], "tanh", rng=0, dtype=np.float32)
    assert net(x).dtype == np.float32
    nn.train(net, x, y, "mse", nn.Adam(0.01), epochs=3)
    assert all(p.dtype == np.float32 for p in net.parameters())


def test_import_activations_does_not_load_nn() -> None:
    code = "import sys, activations; print('activations.nn' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
