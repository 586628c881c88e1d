"""The column form (`backprop.column_form`) against the engine and finite differences."""

from __future__ import annotations

import numpy as np

from backprop.column_form import as_engine_gradients, column_parameters, one_hidden, vector_pass
from backprop.gradcheck import numerical_gradients, rounding_tolerance
from backprop.network import Network
from backprop.rounding import within_rounding


def test_vector_pass_matches_engine_and_finite_differences():
    net = Network((4, 5, 3, 4), dtype=np.float64, seed=3)
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(3, 4)), np.array([1, 3, 0])
    ours = as_engine_gradients([vector_pass(net, x[i], labels[i]) for i in range(3)], net)
    engine = net.gradients(x, labels)
    numeric = numerical_gradients(net, x, labels)
    for a, b, c in zip(ours.weights + ours.biases, engine.weights + engine.biases,
                       numeric.weights + numeric.biases, strict=True):
        # the same sums in another order; and the quotients' rounding (backprop.rounding)
        assert within_rounding(a, b, 2 * sum(net.sizes) + len(labels))
        assert np.max(np.abs(a - c)) <= rounding_tolerance(net, x, labels)


def test_vector_pass_detects_a_wrong_sign():
    net = Network((4, 5, 4), dtype=np.float64, seed=1)
    p = vector_pass(net, np.ones(4), 2)
    y = np.zeros((4, 1))
    y[2] = 1
    np.testing.assert_allclose(p.grad_a[2], p.y_hat - y)   # the same subtraction: equal
    assert np.all(p.grad_a[2] * (y - p.y_hat) <= 0)


def test_one_hidden_columns_match_the_engine_rows():
    net = Network((3, 4, 3), dtype=np.float64, seed=2)
    (w1, w2), (b1, b2) = column_parameters(net)
    rng = np.random.default_rng(1)
    X, labels = rng.normal(size=(3, 5)), np.array([0, 1, 2, 1, 0])
    r = one_hidden(w1, b1, w2, b2, X, labels)
    assert r.dW1.shape == w1.shape and r.dW2.shape == w2.shape and r.db1.shape == (4, 1)
    engine = net.gradients(X.T, labels)  # rows are samples; the engine's cost is the mean
    n = 2 * sum(net.sizes) + len(labels)   # equal up to rounding: backprop.rounding
    assert within_rounding(r.dW1.T / 5, engine.weights[0], n)
    assert within_rounding(r.dW2.T / 5, engine.weights[1], n)
    assert within_rounding(r.db1.ravel() / 5, engine.biases[0], n)
    assert within_rounding(r.db2.ravel() / 5, engine.biases[1], n)
