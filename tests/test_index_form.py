"""Note 000's index sums at full size (784-128-64-10) on real MNIST digits: the literal loops,
their einsum form, the matrix engine and central finite differences all agree."""

from __future__ import annotations

import numpy as np
import pytest

from backprop import Network, index_form, load_mnist
from backprop.gradcheck import central_difference, gradcheck, relative_error

IMAGES = 3


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
    np.testing.assert_allclose(values.p_hat, fwd.y_hat.T, rtol=1e-12, atol=1e-15)
    for layer in (1, 2):
        np.testing.assert_allclose(values.p[layer], fwd.activations[layer].T, rtol=1e-12)
    assert index_form.cost(values) == pytest.approx(net.cost(*batch), rel=1e-12)
    # the ReLU patterns are mixed, so the indicators matter in every layer
    for layer in (1, 2, 3):
        assert 0 < values.I[layer].mean() < 1


def test_einsum_forms_equal_the_matrix_engine(net, batch):
    mine = index_form.gradients(net, *batch)
    engine = net.gradients(*batch)
    for a, b in zip(mine.weights + mine.biases, engine.weights + engine.biases, strict=True):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-14)


def test_bias_loops_equal_einsum_and_engine(net, batch, values):
    engine = net.gradients(*batch)
    for loops, vectorised, layer in (
        (index_form.grad_b1_loops, index_form.grad_b1, 0),
        (index_form.grad_b2_loops, index_form.grad_b2, 1),
        (index_form.grad_b_top_loops, index_form.grad_b_top, 2),
    ):
        literal = loops(values)
        assert literal == pytest.approx(vectorised(values), rel=1e-10, abs=1e-14)
        assert literal == pytest.approx(float(engine.biases[layer][0]), rel=1e-10, abs=1e-14)
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
    np.testing.assert_allclose(literal, exact, rtol=1e-10, atol=1e-14)
    numeric = np.array([central_difference(net, *batch, "W", layer + 1, e) for e in entries])
    assert relative_error(literal, numeric) < 1e-6
    assert np.max(np.abs(literal - numeric)) < 1e-7


def test_bias_loops_equal_finite_differences(net, batch, values):
    for layer, loops in ((0, index_form.grad_b1_loops), (1, index_form.grad_b2_loops),
                         (2, index_form.grad_b_top_loops)):
        numeric = central_difference(net, *batch, "b", layer + 1, (0,))
        assert loops(values) == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_engine_agrees_with_finite_differences(net, batch):
    for check in gradcheck(net, *batch, max_entries=20, seed=1):
        assert check.rel_error < 1e-6, check


def test_zero_hidden_network(batch):
    net = Network((784, 10), bias="scalar", output_relu=True, dtype=np.float64, seed=2)
    mine = index_form.gradients(net, *batch)
    engine = net.gradients(*batch)
    np.testing.assert_allclose(mine.weights[0], engine.weights[0], rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(mine.biases[0], engine.biases[0], rtol=1e-9, atol=1e-14)
    v = index_form.neuron_values(net, *batch)
    assert index_form.grad_b_top_loops(v) == pytest.approx(float(engine.biases[0][0]),
                                                           rel=1e-10)
    for a, b in sample_entries(engine.weights[0], 6, seed=5):
        assert index_form.grad_w_top_loops(v, a, b) == pytest.approx(
            engine.weights[0][a, b], rel=1e-10, abs=1e-14)


def test_the_notes_forms_as_written_would_differ(net, batch, values):
    """The uncorrected b⁽³⁾ result (neuron m's indicator inside the sum over z) is 0."""
    t, p_hat, i3 = values.t, values.p_hat, values.I[3]
    as_written = -np.einsum("mk,mk->", t, i3 * (1 - p_hat.sum(axis=0))[None, :]) / values.K
    assert as_written == pytest.approx(0, abs=1e-12)
    assert abs(index_form.grad_b_top(values)) > 1e-3


def test_only_the_notes_model_is_accepted(batch):
    with pytest.raises(ValueError, match="note 000"):
        index_form.neuron_values(Network((784, 10), dtype=np.float64), *batch)
    with pytest.raises(ValueError, match="2-hidden-layer"):
        net = Network((784, 10), bias="scalar", output_relu=True, dtype=np.float64)
        index_form.grad_b2(index_form.neuron_values(net, *batch))
