"""backprop.gradcheck.central_difference: one entry's difference quotient (the gradient
checking chapter uses it to probe single weights near a ReLU kink)."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.gradcheck import central_difference, rounding_tolerance
from backprop.network import Network


def batch(seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(5, 6)), rng.integers(0, 4, size=5)


@pytest.mark.parametrize("kind, layer, index", [("W", 1, (2, 3)), ("W", 2, (0, 1)),
                                                 ("b", 1, (4,)), ("b", 2, (3,))])
def test_central_difference_matches_backward(kind, layer, index):
    x, y = batch()
    net = Network((6, 5, 4), dtype=np.float64, seed=3)
    grads = net.gradients(x, y)
    exact = (grads.weights if kind == "W" else grads.biases)[layer - 1][index]
    numeric = central_difference(net, x, y, kind, layer, index, h=1e-6)
    # the quotient's rounding error, a bound from the arithmetic (backprop.gradcheck)
    assert abs(numeric - exact) <= rounding_tolerance(net, x, y)


def test_central_difference_restores_the_parameter_and_is_exact_on_a_quadratic():
    # C(θ) for a single sigmoid output with quadratic cost is smooth; compare with a hand
    # difference quotient of Network.cost, and check θ comes back bit for bit.
    x, y = batch(1)
    net = Network((6, 4), output="sigmoid", dtype=np.float64, seed=0)
    before = net.weights[0].copy()
    h = 1e-3
    w = net.weights[0]
    old = w[1, 2]
    w[1, 2] = old + h
    plus = net.cost(x, y)
    w[1, 2] = old - h
    minus = net.cost(x, y)
    w[1, 2] = old
    assert central_difference(net, x, y, "W", 1, (1, 2), h=h) == (plus - minus) / (2 * h)
    np.testing.assert_array_equal(net.weights[0], before)


def test_central_difference_straddling_a_relu_kink_disagrees_with_backward():
    # One hidden unit whose pre-activation is exactly 0: backward uses 1[z > 0] = 0, the
    # difference quotient sees the slope on one side only, halved.
    x = np.array([[1.0, 0.0]])
    y = np.array([1])
    net = Network((2, 1, 2), dtype=np.float64, seed=0)
    net.weights[0][:] = 0.0
    net.biases[0][:] = 0.0
    net.weights[1][:] = [[1.0, -1.0]]
    assert net.gradients(x, y).biases[0][0] == 0.0
    numeric = central_difference(net, x, y, "b", 1, (0,), h=1e-6)
    # the slope on the active side, by backward at a point just above the kink:
    active = Network((2, 1, 2), dtype=np.float64, seed=0)
    active.weights[0][:] = 0.0
    active.biases[0][:] = 1e-3           # same unit, now safely active
    active.weights[1][:] = [[1.0, -1.0]]
    one_sided = active.gradients(x, y).biases[0][0]
    assert one_sided != 0.0
    # half the active side's slope, up to rounding and the slope's change over 1e-3
    assert abs(numeric - one_sided / 2) <= rounding_tolerance(net, x, y) + 1e-3 * abs(one_sided)


def test_central_difference_rejects_bad_arguments():
    x, y = batch()
    net = Network((6, 5, 4), dtype=np.float64)
    with pytest.raises(ValueError):
        central_difference(net, x, y, "z", 1, (0, 0))
    with pytest.raises(ValueError):
        central_difference(net, x, y, "W", 3, (0, 0))
