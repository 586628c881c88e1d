"""backprop.network: input errors, shapes, and backward against finite differences for every
combination of hidden activation × output/loss × bias mode × output ReLU × λ."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from backprop.activations import HIDDEN, Activation, relu
from backprop.gradcheck import gradcheck, relative_error, rounding_tolerance
from backprop.losses import OUTPUTS
from backprop.network import Network
from backprop.rounding import gamma


def small_batch(seed: int = 0, n: int = 5, d: int = 6, classes: int = 4):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, classes, n)


# -- errors that name the problem ----------------------------------------------------------------


def test_wrong_input_shape():
    net = Network((6, 5, 4))
    with pytest.raises(ValueError, match=r"inputs must have shape \(K, 6\).*got \(5, 7\)"):
        net.forward(np.zeros((5, 7)))
    with pytest.raises(ValueError, match="got \\(6,\\)"):
        net.forward(np.zeros(6))


def test_nan_and_inf_inputs():
    net = Network((6, 5, 4))
    x = np.zeros((3, 6))
    x[1, 2] = np.nan
    with pytest.raises(ValueError, match="inputs contain NaN \\(first at sample 1, feature 2\\)"):
        net.forward(x)
    x[1, 2] = np.inf
    with pytest.raises(ValueError, match="inputs contain inf"):
        net.cost(x, np.array([0, 1, 2]))
    x[1, 2] = 1e300
    with pytest.raises(ValueError, match="inputs overflow float32"):
        net.forward(x)


def test_labels_out_of_range_and_wrong_kind():
    net = Network((6, 5, 4))
    x = np.zeros((3, 6))
    with pytest.raises(ValueError, match="label 4 is out of range: labels must lie in 0..3"):
        net.cost(x, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match="label -1 is out of range"):
        net.cost(x, np.array([0, -1, 1]))
    with pytest.raises(ValueError, match="labels must be integers"):
        net.cost(x, np.array([0.0, 1.0, 2.0]))


def test_bad_configuration():
    with pytest.raises(ValueError, match="hidden activation"):
        Network((3, 2), hidden="tanh")
    with pytest.raises(ValueError, match="output_relu applies only"):
        Network((3, 2), output="sigmoid", output_relu=True)
    with pytest.raises(ValueError, match="dtype must be float32 or float64"):
        Network((3, 2), dtype=np.int32)
    with pytest.raises(ValueError, match="sizes"):
        Network((3,))


def test_backward_rejects_mismatched_targets():
    net = Network((6, 5, 4))
    x, y = small_batch()
    with pytest.raises(ValueError, match="targets must have shape"):
        net.backward(net.forward(x), net.targets(y)[:2])


# -- shapes, dtype, determinism ------------------------------------------------------------------


def test_shapes_and_dtype_follow_the_configuration():
    for dtype in (np.float32, np.float64):
        net = Network((784, 128, 64, 10), dtype=dtype, seed=1)
        x = np.random.default_rng(0).random((7, 784))
        fwd = net.forward(x)
        assert fwd.y_hat.shape == (7, 10) and fwd.y_hat.dtype == dtype
        # a sum of 10 probabilities, each within a few u of exact (float32: 2γ₂₀ ≈ 2.4e-6)
        assert np.allclose(fwd.y_hat.sum(axis=1), 1, atol=2 * gamma(20, dtype))
        grads = net.gradients(x, np.arange(7))
        assert [g.shape for g in grads.weights] == [(784, 128), (128, 64), (64, 10)]
        assert all(g.dtype == dtype for g in grads.weights + grads.biases)


def test_scalar_bias_has_one_number_per_layer():
    net = Network((6, 5, 4), bias="scalar")
    assert [b.shape for b in net.biases] == [(1,), (1,)]
    assert net.n_parameters == 6 * 5 + 5 * 4 + 2


def test_initialisations():
    he = Network((784, 128, 10), init="he", seed=0, dtype=np.float64)
    assert abs(he.weights[0].std() - np.sqrt(2 / 784)) < 0.01 * np.sqrt(2 / 784) * 10
    assert not he.biases[0].any()
    uni = Network((784, 128, 10), init="uniform", init_range=10, seed=0)
    assert -10 <= uni.weights[0].min() < -9.9 and 9.9 < uni.weights[0].max() <= 10
    assert uni.biases[0].any()
    same = Network((784, 128, 10), init="uniform", init_range=10, seed=0)
    assert np.array_equal(uni.weights[0], same.weights[0])


def test_save_and_load_round_trip(tmp_path):
    net = Network((6, 5, 4), hidden="sigmoid", bias="scalar", l2=0.1, seed=3)
    path = tmp_path / "m.npz"
    net.save(path)
    back = Network.load(path)
    assert back.config() == net.config()
    x, _ = small_batch()
    assert np.array_equal(back.forward(x).y_hat, net.forward(x).y_hat)
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="not a saved backprop network"):
        Network.load(tmp_path / "junk.npz")


# -- the gradient against finite differences -----------------------------------------------------

COMBINATIONS = [
    c
    for c in itertools.product(tuple(HIDDEN), tuple(OUTPUTS), ("vector", "scalar"),
                               (False, True), (0.0, 0.05))
    if not (c[1] != "softmax" and c[3])  # output ReLU exists only before a softmax
]


@pytest.mark.parametrize("hidden,output,bias,output_relu,l2", COMBINATIONS)
def test_backward_matches_finite_differences(hidden, output, bias, output_relu, l2):
    x, y = small_batch(seed=7)
    net = Network((6, 5, 4, 4), hidden=hidden, output=output, bias=bias,
                  output_relu=output_relu, l2=l2, init="xavier", dtype=np.float64, seed=11)
    net.biases = [b + 0.3 for b in net.biases]  # biases matter in the check too
    h = 1e-6
    fwd = net.forward(x)
    # Keep every ReLU input away from the kink, so that θ ± h never crosses it.
    pre = [a for a in fwd.activations[1:]] if hidden == "relu" else []
    for a in pre:
        assert np.all((a == 0) | (a > 1e-3))
    if output_relu:
        assert np.min(np.abs(fwd.z_out)) > 1e-3
    results = gradcheck(net, x, y, h=h, max_entries=60)
    tolerance = rounding_tolerance(net, x, y, h)   # the quotients' rounding error
    assert len(results) == 2 * len(net.weights)
    for r in results:
        if bias == "scalar" and output == "softmax" and not output_relu and r.name == "b3":
            # A scalar added to every logit cancels in the softmax: the true derivative is
            # exactly 0, the difference quotient is rounding noise, and a relative error is
            # meaningless. Compare absolutely instead.
            # Both are 0 up to rounding: backward's sum of K·n δ entries whose absolute
            # values add up to at most 2 (backprop.rounding), the quotient's noise.
            terms = len(y) * net.sizes[-1] + net.sizes[-1]
            assert abs(net.gradients(x, y).biases[-1][0]) <= 2 * gamma(terms)
            assert r.max_abs_error <= tolerance, (r.name, r.max_abs_error)
            continue
        assert r.max_abs_error <= tolerance, (r.name, r.max_abs_error, r.rel_error)


def test_gradcheck_detects_a_wrong_backward(monkeypatch):
    """The check can fail: a backward that forgets the 1/K factor is caught."""
    x, y = small_batch(seed=2)
    net = Network((6, 5, 4), dtype=np.float64, seed=0)
    original = Network.output_delta

    def wrong(self, fwd, t):
        return original(self, fwd, t) * t.shape[0]

    monkeypatch.setattr(Network, "output_delta", wrong)
    assert max(r.rel_error for r in gradcheck(net, x, y)) > 0.1


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0]), np.array([1.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)


@pytest.mark.parametrize("output", tuple(OUTPUTS))
def test_the_network_reads_its_output_layer_from_the_table(output):
    x, y = small_batch(seed=4)
    net = Network((6, 5, 4), output=output, l2=0.01, dtype=np.float64, seed=2)
    layer = OUTPUTS[output]
    assert net.output_layer is layer
    fwd, t = net.forward(x), net.targets(y)
    assert np.array_equal(fwd.y_hat, layer.activation(fwd.z_out))
    assert net.cost_of(fwd, t) == layer.cost(fwd.y_hat, t) + net.penalty()
    assert np.array_equal(net.output_delta(fwd, t), layer.delta(fwd.y_hat, t))


def test_a_replaced_activation_changes_the_backward_pass_only():
    """The gradient-checking page's broken network: g' = 1 in place of the ReLU mask."""
    x, y = small_batch(seed=2)
    net = Network((6, 5, 4), dtype=np.float64, seed=0)
    right_fwd, right = net.forward(x), net.gradients(x, y)
    net.activation = Activation(relu, np.ones_like)
    assert np.array_equal(net.forward(x).y_hat, right_fwd.y_hat)
    assert np.array_equal(net.gradients(x, y).weights[-1], right.weights[-1])
    assert not np.allclose(net.gradients(x, y).weights[0], right.weights[0])
    assert max(r.rel_error for r in gradcheck(net, x, y)) > 0.1
