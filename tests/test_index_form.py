"""Note 000's index sums at full size (784-128-64-10) on real MNIST digits: the literal loops,
their einsum form, the matrix engine and central finite differences all agree."""

from __future__ import annotations

import numpy as np
import pytest

from backprop import Network, index_form, load_mnist
from backprop.gradcheck import central_difference, gradcheck, rounding_tolerance
from backprop.rounding import agreement_bound, gamma, within_rounding

IMAGES = 3
# the rounded operations on the longest path, forward and back (backprop.rounding)
N_TERMS = 2 * (784 + 128 + 64 + 10) + IMAGES


@pytest.fixture(scope="module")
def batch():
    data = load_mnist()
    return data.x_train[:IMAGES].astype(np.float64), data.y_train[:IMAGES]


@pytest.fixture(scope="module")
def net():
    return Network((784, 128, 64, 10), bias="scalar", output_relu=True, dtype=np.float64,
                   seed=3)


@pytest.fixture(scope="module")
def values(net, batch):
    return index_form.neuron_values(net, *batch)


def sample_entries(grad: np.ndarray, count: int, seed: int) -> list[tuple[int, int]]:
    """Half of the entries where the gradient is non-zero, half anywhere (seeded)."""
    rng = np.random.default_rng(seed)
    nonzero = np.argwhere(grad != 0)
    assert len(nonzero) >= count  # the check must not be carried by zeros only
    picked = nonzero[rng.choice(len(nonzero), count // 2, replace=False)]
    anywhere = np.stack([rng.integers(0, n, count - count // 2) for n in grad.shape], axis=1)
    return [tuple(int(i) for i in e) for e in np.concatenate([picked, anywhere])]


def test_neuron_values_and_cost_match_the_engine(net, batch, values):
    fwd = net.forward(batch[0])
    # the same sums in other orders: equal up to rounding (backprop.rounding)
    n = N_TERMS
    assert within_rounding(values.p_hat, fwd.y_hat.T, n)
    for layer in (1, 2):
        assert within_rounding(values.p[layer], fwd.activations[layer].T, n)
    assert index_form.cost(values) == pytest.approx(net.cost(*batch), rel=2 * gamma(n))
    # the ReLU patterns are mixed, so the indicators matter in every layer
    for layer in (1, 2, 3):
        assert 0 < values.I[layer].mean() < 1


def test_einsum_forms_equal_the_matrix_engine(net, batch):
    mine = index_form.gradients(net, *batch)
    engine = net.gradients(*batch)
    for a, b in zip(mine.weights + mine.biases, engine.weights + engine.biases, strict=True):
        assert a.shape == b.shape
        assert within_rounding(a, b, N_TERMS)


def test_bias_loops_equal_einsum_and_engine(net, batch, values):
    engine = net.gradients(*batch)
    for loops, vectorised, layer in (
        (index_form.grad_b1_loops, index_form.grad_b1, 0),
        (index_form.grad_b2_loops, index_form.grad_b2, 1),
        (index_form.grad_b_top_loops, index_form.grad_b_top, 2),
    ):
        literal = loops(values)
        assert within_rounding(literal, vectorised(values), N_TERMS)
        assert within_rounding(literal, float(engine.biases[layer][0]), N_TERMS)
        assert literal != 0


@pytest.mark.parametrize("layer, loops", [
    (0, index_form.grad_w1_loops), (1, index_form.grad_w2_loops),
    (2, index_form.grad_w_top_loops),
])
def test_weight_loops_equal_engine_and_finite_differences(net, batch, values, layer, loops):
    engine = net.gradients(*batch).weights[layer]
    entries = sample_entries(engine, 8, seed=layer)
    literal = np.array([loops(values, a, b) for a, b in entries])
    exact = np.array([engine[a, b] for a, b in entries])
    # equal up to rounding (backprop.rounding), scaled by the whole gradient's largest entry
    assert np.max(np.abs(literal - exact)) <= agreement_bound(N_TERMS, np.abs(engine).max())
    numeric = np.array([central_difference(net, *batch, "W", layer + 1, e) for e in entries])
    assert np.max(np.abs(literal - numeric)) <= rounding_tolerance(net, *batch)


def test_bias_loops_equal_finite_differences(net, batch, values):
    for layer, loops in ((0, index_form.grad_b1_loops), (1, index_form.grad_b2_loops),
                         (2, index_form.grad_b_top_loops)):
        numeric = central_difference(net, *batch, "b", layer + 1, (0,))
        assert abs(loops(values) - numeric) <= rounding_tolerance(net, *batch)


def test_engine_agrees_with_finite_differences(net, batch):
    tolerance = rounding_tolerance(net, *batch)   # the quotients' rounding error
    for check in gradcheck(net, *batch, max_entries=20, seed=1):
        assert check.max_abs_error <= tolerance, check


def test_zero_hidden_network(batch):
    net = Network((784, 10), bias="scalar", output_relu=True, dtype=np.float64, seed=2)
    mine = index_form.gradients(net, *batch)
    engine = net.gradients(*batch)
    n = 2 * sum(net.sizes) + IMAGES   # equal up to rounding (backprop.rounding)
    assert within_rounding(mine.weights[0], engine.weights[0], n)
    assert within_rounding(mine.biases[0], engine.biases[0], n)
    v = index_form.neuron_values(net, *batch)
    assert within_rounding(index_form.grad_b_top_loops(v), float(engine.biases[0][0]), n)
    bound = agreement_bound(n, np.abs(engine.weights[0]).max())
    for a, b in sample_entries(engine.weights[0], 6, seed=5):
        assert abs(index_form.grad_w_top_loops(v, a, b) - engine.weights[0][a, b]) <= bound


def test_the_notes_forms_as_written_would_differ(net, batch, values):
    """The uncorrected b⁽³⁾ result (neuron m's indicator inside the sum over z) is 0."""
    t, p_hat, i3 = values.t, values.p_hat, values.I[3]
    as_written = -np.einsum("mk,mk->", t, i3 * (1 - p_hat.sum(axis=0))[None, :]) / values.K
    # 0 up to rounding: Σ_m p̂ = 1 for each image, so 1 − Σ p̂ is a few ulps (backprop.rounding)
    assert abs(as_written) <= 2 * gamma(N_TERMS)
    assert abs(index_form.grad_b_top(values)) > 1e-3


def test_only_the_notes_model_is_accepted(batch):
    with pytest.raises(ValueError, match="note 000"):
        index_form.neuron_values(Network((784, 10), dtype=np.float64), *batch)
    with pytest.raises(ValueError, match="2-hidden-layer"):
        net = Network((784, 10), bias="scalar", output_relu=True, dtype=np.float64)
        index_form.grad_b2(index_form.neuron_values(net, *batch))
